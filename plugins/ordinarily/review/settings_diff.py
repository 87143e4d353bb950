"""The settings a family sees (`ordinarily.yml`), as items of the change summary.

A setting is *family-visible* when its value is printed on a page (the council's and the site's
names, the site's description and address, contact details, the ways to suggest a change, the
accessibility statement's and the privacy notice's facts) or decides which pages there are
(`sections`). Each section of those is one item, with a field for each setting in it, so one
edited setting is one change. The other settings are *technical* and left out: how the site
looks (`branding`, seen in a preview), codes for machines (`site.language`, `identifiers`) and
the tools' own settings (`editions`, `checks`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ordinarily.core.settings import SECTIONS
from ordinarily.review.content_diff import Item, plain_value, text
from ordinarily.sitewide.statement_pages import ACCESSIBILITY_SRC, PRIVACY_SRC


@dataclass(frozen=True)
class Shown:
    """One section of the settings as the summary names it."""

    title: str
    fields: dict[str, str]  # setting -> its name in the summary (others: their key in words)
    url: str = ""
    prose: tuple[str, ...] = ()  # settings written as sentences: compared word by word
    technical: tuple[str, ...] = ()  # settings of the section no page prints


SHOWN = {
    "council": Shown("The council", {"name": "name", "short_name": "short name",
                                     "website": "website"}, prose=("name", "short_name")),
    "site": Shown("The website", {"name": "name", "url": "address",
                                  "description": "description"},
                  prose=("name", "description"), technical=("language",)),
    "contact": Shown("Contact details", {"email": "email", "phone": "phone",
                                         "address": "postal address", "hours": "opening hours"},
                     prose=("address", "hours")),
    "feedback": Shown("How to suggest a change", {
        "email": "email", "form": "online form", "edit_base": "address for editing on GitHub"}),
    "sections": Shown("Sections of the site", {
        "guide": "guide", "checker": "needs checker", "local_offer": "Local Offer",
        "changes": "what has changed and editions", "maintainers": "maintainers' guide",
        "families": "family views of the needs", "next_steps": "'What can I do next?'",
        "plans": "support plan templates"}),
    "plans": Shown("Support plans", {"review_after_weeks": "weeks from a plan to its review"}),
    "accessibility": Shown("Accessibility statement", {
        "compliance": "compliance", "tested": "last tested", "tested_by": "tested by",
        "how_tested": "how it was tested", "prepared": "first prepared",
        "reviewed": "last reviewed", "reply_within_days": "days to reply",
        "known_issues": "known problems", "out_of_scope": "not covered"},
        url=ACCESSIBILITY_SRC, prose=("tested_by", "how_tested")),
    "privacy": Shown("Privacy notice", {
        "council_notice": "the council's privacy notice",
        "data_protection_email": "data protection email", "host": "host",
        "host_notice": "the host's privacy notice"}, url=PRIVACY_SRC, prose=("host",)),
    "local_offer": Shown("The Local Offer", {
        "help": "who families can contact when the search finds nothing"}),
}


def settings_items(raw: dict[str, Any]) -> Iterator[Item]:
    """One item for each family-visible section the settings file has."""
    for key, shown in SHOWN.items():
        values = _sections(raw.get(key)) if key == "sections" else raw.get(key)
        if not isinstance(values, dict):
            continue
        fields = {_name(shown, k): _value(shown, k, v) for k, v in values.items()
                  if k not in shown.technical}
        yield Item("setting", key, shown.title, ("settings",), fields, url=shown.url)


def _sections(values: Any) -> dict[str, str]:
    """Every section, switched on unless the settings switch it off."""
    given = values if isinstance(values, dict) else {}
    return {s: "on" if given.get(s, True) else "off" for s in SECTIONS}


def _name(shown: Shown, key: str) -> str:
    return shown.fields.get(key, key.replace("_", " "))


def _value(shown: Shown, key: str, value: Any) -> Any:
    if key in shown.prose and isinstance(value, str):
        return text(value)
    return plain_value(value)
