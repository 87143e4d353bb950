"""The accessibility statement and the privacy notice, written from the council's settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import model as m
from .pages import Page, PageBuilder
from .settings import Settings

ACCESSIBILITY_SRC = "accessibility.md"
PRIVACY_SRC = "privacy.md"


def statement_pages(settings: Settings, guide: m.Guide | None, finder: bool) -> list[Page]:
    builder = PageBuilder(guide, settings)
    facts = _accessibility(settings.raw.get("accessibility") or {})
    privacy = settings.raw.get("privacy") or {}
    context: dict[str, Any] = {"s": settings, "contact": settings.contact,
                               "checker": guide is not None and guide.checker is not None,
                               "finder": finder}
    return [
        builder.render("pages/accessibility.md.j2", ACCESSIBILITY_SRC,
                       f"Accessibility statement for {settings.site_name}", "accessibility",
                       None, description=f"How accessible {settings.site_name} is, and how to "
                       "ask for information in another format.", a=facts, **context),
        builder.render("pages/privacy.md.j2", PRIVACY_SRC, "Privacy notice", "privacy", None,
                       description=f"What {settings.site_name} stores and sends: nothing, "
                       "unless you choose to contact us.", p=privacy, **context),
    ]


def _accessibility(raw: dict[str, Any]) -> dict[str, Any]:
    """The statement's facts, with dates as dates and the defaults filled in."""
    facts = dict(raw)
    for key in ("tested", "prepared", "reviewed"):
        if isinstance(facts.get(key), str):
            facts[key] = date.fromisoformat(facts[key])
    facts.setdefault("compliance", "")
    facts.setdefault("reply_within_days", 10)
    facts["known_issues"] = [
        {**issue, "fix_by": date.fromisoformat(issue["fix_by"]) if isinstance(
            issue.get("fix_by"), str) else issue.get("fix_by")}
        for issue in facts.get("known_issues") or ()]
    facts.setdefault("out_of_scope", [])
    return facts
