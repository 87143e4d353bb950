"""The data the plan editor reads: each template as JSON (embedded in its page) and
`/plans/guide.json`, the guide's provision entries and universal expectations by key.

Keys: a provision entry is `<need-id>/<entry-id>`, a universal expectation
`universal/<expectation-id>`. `formerly` maps every old key that a `formerly:` in the guide
implies (a need's, an entry's or an expectation's) to the current key, so a plan saved with an
earlier edition still finds its strategies.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ordinarily.core.rendering import inline_text, page_url
from ordinarily.core.safe_markdown import render_block, strip_tags
from ordinarily.guide import model as m
from ordinarily.guide.pages import need_src
from ordinarily.plans import plans_model as p

GUIDE_JSON = "plans/guide.json"
UNIVERSAL = "universal"
UNIVERSAL_URL = "universal/"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(])")


def text_of(markdown: str) -> str:
    """Markdown as plain text (the editor shows everything with textContent)."""
    return html.unescape(strip_tags(render_block(markdown)))


def first_sentences(markdown: str, count: int = 2) -> str:
    return " ".join(_SENTENCE_END.split(text_of(markdown))[:count])


def entry_key(need_id: str, entry_id: str) -> str:
    return f"{need_id}/{entry_id}"


def expectation_key(expectation_id: str) -> str:
    return f"{UNIVERSAL}/{expectation_id}"


def edition(guide: m.Guide) -> str:
    """This edition of the guide, as the date of its newest review (from the content, never
    the clock, so two builds of one commit agree); "" when no part gives a date."""
    reviews = [n.review for n in guide.needs] + [guide.universal.review, guide.apdr.review]
    dates = [r.reviewed for r in reviews if r is not None]
    return max(dates).isoformat() if dates else ""


def entries(guide: m.Guide) -> dict[str, dict[str, Any]]:
    """Every provision entry and universal expectation, by key, in the guide's order."""
    taxonomy = guide.taxonomy
    out: dict[str, dict[str, Any]] = {}
    for need in guide.needs:
        area = guide.area(need.area)
        for e in need.provision:
            out[entry_key(need.id, e.id)] = {
                "title": inline_text(e.title), "source": need.title, "area": area.id,
                "area_title": area.title, "tier": e.tier, "tier_title": taxonomy.tier(e.tier).title,
                "phases": list(e.phases), "url": f"{page_url(need_src(need))}#{e.id}",
                "text": first_sentences(e.detail)}
    for theme in guide.universal.themes:
        for x in theme.expectations:
            out[expectation_key(x.id)] = {
                "title": inline_text(x.title), "source": theme.title, "area": "",
                "area_title": "", "tier": UNIVERSAL, "tier_title": guide.universal.title,
                "phases": list(x.phases), "url": f"{UNIVERSAL_URL}#{x.id}",
                "text": first_sentences(x.detail)}
    return out


def formerly(guide: m.Guide) -> dict[str, str]:
    """Old key -> current key, for every renaming a `formerly:` records."""
    out: dict[str, str] = {}
    for need in guide.needs:
        for e in need.provision:
            current = entry_key(need.id, e.id)
            for need_id in (need.id, *need.formerly):
                for entry_id in (e.id, *e.formerly):
                    old = entry_key(need_id, entry_id)
                    if old != current:
                        out[old] = current
    for theme in guide.universal.themes:
        for x in theme.expectations:
            for old in x.formerly:
                out[expectation_key(old)] = expectation_key(x.id)
    return dict(sorted(out.items()))


def needs_list(guide: m.Guide) -> list[dict[str, str]]:
    return [{"id": n.id, "title": n.title, "area": n.area, "area_title": guide.area(n.area).title}
            for n in guide.needs]


def guide_data(guide: m.Guide, plans: p.Plans) -> dict[str, Any]:
    default = plans.default
    return {"edition": edition(guide),
            "default_template": default[0].id if default else "",
            "strategies_field": default[1].id if default else "",
            "entries": entries(guide), "formerly": formerly(guide), "needs": needs_list(guide)}


def guide_json(guide: m.Guide, plans: p.Plans) -> bytes:
    """`/plans/guide.json`."""
    return (json.dumps(guide_data(guide, plans), ensure_ascii=False, indent=1) + "\n"
            ).encode("utf-8")


def apdr_prompts(guide: m.Guide, step_id: str) -> list[str]:
    step = next(s for s in guide.apdr.steps if s.id == step_id)
    return [inline_text(q) for q in step.questions]


def expectations(guide: m.Guide) -> list[dict[str, str]]:
    return [{"key": expectation_key(x.id), "title": inline_text(x.title), "theme": t.title}
            for t in guide.universal.themes for x in t.expectations]


def field_data(f: p.Field, guide: m.Guide) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "label": f.label, "hint": f.hint, "type": f.type}
    if f.type == "self-review":
        out["choices"] = list(f.choices)
        out["expectations"] = expectations(guide)
    if f.type == "apdr":
        out["step"] = f.step
        out["prompts"] = apdr_prompts(guide, f.step)
    return out


def template_data(t: p.Template, guide: m.Guide, review_after_weeks: int | None
                  ) -> dict[str, Any]:
    """A template as the editor reads it (`#ord-plan-template` on its page)."""
    return {"id": t.id, "title": t.title, "summary": t.summary,
            "draft_note_html": str(render_block(t.draft_note)) if t.draft else "",
            "review_after_weeks": review_after_weeks,
            "sections": [{"id": s.id, "title": s.title, "hint": s.hint,
                          "fields": [field_data(f, guide) for f in s.fields]}
                         for s in t.sections]}


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: '<', '>' and '&' written as \\u escapes, so no
    text in it can end the element or look like markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
