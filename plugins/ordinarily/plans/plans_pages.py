"""The support plan pages: `/plans/` (the templates, one line each) and `/plans/<id>/`, which
without JavaScript is a printable blank template with the guide's prompts, and carries the
template as JSON for the plan editor (`plan-editor.js`)."""

from __future__ import annotations

import posixpath
from typing import Any

from markupsafe import Markup

from ordinarily.core.rendering import Page, describe, page_url, theme_text
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.guide.pages import PageBuilder
from ordinarily.plans import plans_model as p
from ordinarily.plans.plans_data import GUIDE_JSON, apdr_prompts, script_json, template_data

PLANS_SRC = "plans/index.md"
PLANS_TITLE = "Support plans"
# Blank rows the printable template offers for each kind of row.
BLANK_ROWS = {"people": 4, "contacts": 3, "outcomes": 3, "strategies": 4}
ROW_NAMES = {"people": "Person", "contacts": "Contact", "outcomes": "Outcome",
             "strategies": "Strategy"}


def plan_src(template: p.Template) -> str:
    return f"plans/{template.id}.md"


def _relative(target: str, src: str) -> str:
    """A site-relative address (`plans/guide.json`, `plans/`) as seen from page `src`."""
    rel = posixpath.relpath(target, page_url(src) or ".")
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def _field_context(f: p.Field, guide: m.Guide) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "label": f.label, "hint": f.hint, "type": f.type,
                           "choices": f.choices}
    if f.type in p.ROW_COLUMNS:
        out["columns"] = p.ROW_COLUMNS[f.type]
        out["rows"] = range(1, BLANK_ROWS[f.type] + 1)
        out["row_name"] = ROW_NAMES[f.type]
    if f.type == "apdr":
        out["prompts"] = apdr_prompts(guide, f.step)
    return out


def plan_page(template: p.Template, guide: m.Guide, settings: Settings,
              builder: PageBuilder) -> Page:
    """The page at /plans/<id>/."""
    src = plan_src(template)
    data = template_data(template, guide, settings.review_after_weeks)
    areas = [{"id": a.id, "title": a.title, "needs": guide.needs_in(a.id)}
             for a in guide.taxonomy.areas]
    sections = [{"id": s.id, "title": s.title, "hint": s.hint,
                 "fields": [_field_context(f, guide) for f in s.fields]}
                for s in template.sections]
    return builder.render(
        "pages/plan.md.j2", src, template.title, "plan", template.review,
        source=template.source, description=describe(template.summary), plan=template,
        sections=sections, areas=areas, themes=guide.universal.themes,
        weeks=settings.review_after_weeks, template_json=Markup(script_json(data)),
        guide_url=_relative(GUIDE_JSON, src), plans_url=_relative("plans/", src),
        needs_url=_relative("needs/", src), universal_url=_relative("universal/", src))


def plans_index(plans: p.Plans, builder: PageBuilder) -> Page:
    """The page at /plans/."""
    items = [{"src": plan_src(t), "title": t.title, "summary": t.summary, "draft": t.draft}
             for t in plans.templates]
    return builder.render("pages/plans.md.j2", PLANS_SRC, PLANS_TITLE, "plans", None,
                          description="Templates for support plans, filled in on your own "
                                      "device.", templates=items)


def plans_pages(plans: p.Plans, guide: m.Guide, settings: Settings,
                offer: Any = None) -> list[Page]:
    builder = PageBuilder(guide, settings, offer)
    return [plans_index(plans, builder),
            *(plan_page(t, guide, settings, builder) for t in plans.templates)]


def plans_nav(plans: p.Plans) -> list[Any]:
    """The section's entry in MkDocs' `nav:` form."""
    return [{PLANS_TITLE: [PLANS_SRC, *({theme_text(t.title): plan_src(t)}
                                        for t in plans.templates)]}]
