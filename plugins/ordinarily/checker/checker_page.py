"""The quick needs checker: its page, the data its script reads, and the ranking rule.

The page is a checklist that works without JavaScript; `checker.json` (written next to the page)
holds everything the script needs to suggest needs and first steps in the reader's browser. The
ranking rule lives in `rank()` here and in one function of the page's script, which mirrors it.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable
from typing import Any

from ordinarily.core.rendering import Page, describe, page_url, theme_text
from ordinarily.core.safe_markdown import render_inline, strip_tags
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.guide.pages import PageBuilder, families_src, need_src

CHECKER_SRC = "checker.md"
CHECKER_JSON = "checker/checker.json"
Ranking = list[tuple[str, list[str]]]


def _text(markdown_line: str) -> str:
    """One line of contributed Markdown as plain text (the script sets it as text, never HTML)."""
    return html.unescape(strip_tags(render_inline(markdown_line)))


def _first_steps(need: m.Need, taxonomy: m.Taxonomy) -> dict[str, list[dict[str, str]]]:
    """What to try first for each phase the need covers, at the checker's tiers, lightest
    first: the entries marked as first steps, else the first entry at each of those tiers
    (`Need.first_steps`; `_marked` says which phases have marked ones)."""
    return {phase: [{"id": p.id, "anchor": p.id, "title": _text(p.title), "tier": p.tier,
                     "tier_title": taxonomy.tier(p.tier).title}
                    for p in need.first_steps(phase, taxonomy)[0]]
            for phase in need.phases}


def _marked(need: m.Need, taxonomy: m.Taxonomy) -> list[str]:
    """The phases for which the need marks first steps (the others fall back on first entries,
    which the checker does not call first steps)."""
    return [phase for phase in need.phases if need.first_steps(phase, taxonomy)[1]]


def _need_data(need: m.Need, order: int, guide: m.Guide, families: bool) -> dict[str, Any]:
    return {
        "id": need.id,
        "title": _text(need.title),
        "area": need.area,
        "area_title": guide.area(need.area).title,
        "url": page_url(need_src(need)),
        "order": order,
        "phases": list(need.phases),
        "first_steps": _first_steps(need, guide.taxonomy),
        "first_steps_marked": _marked(need, guide.taxonomy),
        "assess": [_text(q) for q in need.apdr.get("assess", ())],
        "seek_help": [_text(s) for s in need.seek_help],
        "families_url": page_url(families_src(need)) if families else None,
    }


def _assess_step(apdr: m.Apdr) -> dict[str, Any]:
    step = next(s for s in apdr.steps if s.id == "assess")
    return {"title": step.title, "url": f"apdr/#{step.id}",
            "questions": [_text(q) for q in step.questions]}


def checker_data(guide: m.Guide, families: bool = True) -> dict[str, Any]:
    """Everything the checker's script needs, as plain data (URLs relative to the site root);
    `families`: the needs' family views are on, so each result links its need's."""
    checker = guide.checker
    if checker is None:
        raise ValueError("the guide has no checker")
    return {
        "title": checker.title,
        "labels": {"area": guide.taxonomy.labels.area, "phase": guide.taxonomy.labels.phase},
        "phases": [{"id": p.id, "title": p.title, "ages": p.ages}
                   for p in guide.taxonomy.phases],
        "observations": [{"id": o.id, "text": _text(o.text), "theme": t.id,
                          "needs": list(o.needs), "phases": list(o.phases)}
                         for t in checker.themes for o in t.observations],
        "needs": [_need_data(n, i, guide, families) for i, n in enumerate(guide.needs)],
        "assess": _assess_step(guide.apdr),
    }


def checker_json(guide: m.Guide, families: bool = True) -> bytes:
    """`checker_data` as deterministic JSON: sorted keys, no timestamps."""
    text = json.dumps(checker_data(guide, families), sort_keys=True, ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def rank(source: dict[str, Any] | m.Guide, ticked: Iterable[str],
         phase: str | None) -> Ranking:
    """Needs suggested by the ticked observations, best first, each with the ticks that led to it.

    A need's score is the number of ticked observations that point to it; observations outside
    `phase` are ignored (no phase: none are); needs scoring 0 are left out; ties keep the guide's
    order (areas as in the taxonomy, needs as listed for their area).
    """
    data = source if isinstance(source, dict) else checker_data(source)
    chosen = set(ticked)
    order = {n["id"]: n["order"] for n in data["needs"]}
    led: dict[str, list[str]] = {}
    for obs in data["observations"]:
        if obs["id"] in chosen and (not phase or phase in obs["phases"]):
            for need_id in obs["needs"]:
                led.setdefault(need_id, []).append(obs["id"])
    return sorted(led.items(), key=lambda item: (-len(item[1]), order[item[0]]))


def _observation_context(guide: m.Guide, obs: m.Observation) -> dict[str, Any]:
    here = page_url(CHECKER_SRC)
    links = [{"href": posixpath.relpath(page_url(need_src(n)), here) + "/", "title": n.title}
             for n in (guide.need(need_id) for need_id in obs.needs)]
    all_phases = tuple(p.id for p in guide.taxonomy.phases)
    return {"id": obs.id, "text": obs.text, "phases": obs.phases,
            "every_phase": obs.phases == all_phases, "links": links}


def intro_parts(intro: str) -> tuple[str, str]:
    """The introduction's first paragraph, shown first (keep it to two sentences), and the rest,
    behind "More about this checker"."""
    parts = re.split(r"\n[ \t]*\n", intro.strip(), maxsplit=1)
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


def checker_page(guide: m.Guide, settings: Settings, next_steps: tuple[str, str] | None = None
                 ) -> Page:
    """The checker's page: a checklist that works without JavaScript, enhanced by checker.js.
    `next_steps`: the "What can I do next?" page's address (relative to the site root) and
    title, when that section is on: the result links it, with the suggested needs' ids in the
    fragment (`#needs=<id>,<id>`)."""
    checker = guide.checker
    if checker is None:
        raise ValueError("the guide has no checker")
    themes = [{"id": t.id, "title": t.title,
               "observations": [_observation_context(guide, o) for o in t.observations]}
              for t in checker.themes]
    lead, more = intro_parts(checker.intro)
    data_url = posixpath.relpath(CHECKER_JSON, page_url(CHECKER_SRC))
    root = posixpath.relpath(".", page_url(CHECKER_SRC)) + "/"
    return PageBuilder(guide, settings).render(
        "pages/checker.md.j2", CHECKER_SRC, checker.title, "checker", checker.review,
        source="needs/checker.yml", description=describe(checker.intro), checker=checker,
        themes=themes, phases=guide.taxonomy.phases, data_url=data_url, root=root,
        intro_lead=lead, intro_more=more,
        next_steps={"href": posixpath.relpath(next_steps[0], page_url(CHECKER_SRC)) + "/",
                    "title": next_steps[1]} if next_steps else None)


def checker_nav(guide: m.Guide) -> list[Any]:
    """The checker's entry in MkDocs' `nav:` form."""
    return [{theme_text(guide.checker.title): CHECKER_SRC}] if guide.checker else []
