"""The accessibility statement and the privacy notice, written from the council's settings."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ordinarily.core.rendering import Page
from ordinarily.core.schemas import schema_text
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.guide.pages import PageBuilder

ACCESSIBILITY_SRC = "accessibility.md"
PRIVACY_SRC = "privacy.md"


def statement_pages(settings: Settings, guide: m.Guide | None, finder: bool,
                    plans: bool = False) -> list[Page]:
    builder = PageBuilder(guide, settings)
    facts = _accessibility(_every_field(settings, "accessibility"))
    privacy = _every_field(settings, "privacy")
    context: dict[str, Any] = {"s": settings, "contact": settings.contact,
                               "checker": guide is not None and guide.checker is not None,
                               "finder": finder, "plans": plans}
    return [
        builder.render("pages/accessibility.md.j2", ACCESSIBILITY_SRC,
                       f"Accessibility statement for {settings.site_name}", "accessibility",
                       None, description=f"How accessible {settings.site_name} is, and how to "
                       "ask for information in another format.", a=facts, **context),
        builder.render("pages/privacy.md.j2", PRIVACY_SRC, "Privacy notice", "privacy", None,
                       description=f"What {settings.site_name} stores and sends: nothing, "
                       "unless you choose to keep something on your device or to contact us.",
                       p=privacy, **context),
    ]


def _every_field(settings: Settings, section: str) -> dict[str, Any]:
    """A settings section with every field its schema allows, empty where the council left an
    optional one out, so the page says nothing about it."""
    fields = json.loads(schema_text("settings"))["properties"][section]["properties"]
    return {key: "" for key in fields} | (settings.raw.get(section) or {})


def _accessibility(raw: dict[str, Any]) -> dict[str, Any]:
    """The statement's facts, with dates as dates and the defaults filled in."""
    facts = dict(raw)
    for key in ("tested", "prepared", "reviewed"):
        if isinstance(facts.get(key), str):
            facts[key] = date.fromisoformat(facts[key])
    facts["reply_within_days"] = facts["reply_within_days"] or 10
    facts["known_issues"] = [
        {"plan": "", **issue, "fix_by": date.fromisoformat(issue["fix_by"]) if isinstance(
            issue.get("fix_by"), str) else issue.get("fix_by")}
        for issue in facts["known_issues"] or ()]
    facts["out_of_scope"] = facts["out_of_scope"] or []
    return facts
