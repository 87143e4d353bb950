"""The "What can I do next?" page: every step in order, readable without JavaScript, with the
questions that `next-steps.js` uses to show only the steps that apply.

A step's condition travels in `data-ord-when` as `question=answer answer;question=answer` (ids
are slugs, so the format needs no escaping); the script mirrors `Step.applies`.
"""

from __future__ import annotations

from typing import Any

from ordinarily.core.rendering import Page, describe, page_url, theme_text
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.guide.pages import PageBuilder, families_src
from ordinarily.local_offer.offer_pages import OfferSite, relative, service_url
from ordinarily.next_steps import steps_model as s

NEXT_STEPS_SRC = "next-steps.md"
CHECKER_URL = "checker/"  # the checker's address (URL contract); a step linking it shows the
# family views of the needs the checker suggested


def when_attribute(step: s.Step) -> str:
    """The step's condition for the page's script."""
    return ";".join(f"{question}={' '.join(answers)}" for question, answers in step.when)


def when_words(steps: s.NextSteps, step: s.Step) -> list[dict[str, Any]]:
    """Who the step is for, as the questions and the answers that lead to it."""
    out = []
    for question_id, answers in step.when:
        question = steps.question(question_id)
        out.append({"question": question.question,
                    "answers": [question.answer(a).label for a in answers]})
    return out


def _link(steps: s.NextSteps, link: s.Link, offer: OfferSite | None) -> dict[str, str]:
    here = page_url(NEXT_STEPS_SRC)
    if link.kind == "step":
        return {"href": f"#{link.target}", "text": link.text or steps.step(link.target).title}
    if link.kind == "page":
        return {"href": relative(here, link.target), "text": link.text}
    service = offer.by_id.get(link.target) if offer else None
    if service is None:  # a service file that is not listed at the moment
        return {"href": "", "text": link.text or link.target}
    return {"href": relative(here, service_url(service.id)), "text": link.text or service.name,
            "service": "yes"}


def _step_context(steps: s.NextSteps, step: s.Step, offer: OfferSite | None) -> dict[str, Any]:
    return {"id": step.id, "title": step.title, "body": step.body,
            "when": when_attribute(step), "for": when_words(steps, step),
            "formerly": step.formerly,
            "links": [_link(steps, link, offer) for link in step.links if not link.off],
            "families_here": any(link.kind == "page" and not link.off
                                 and link.target.split("#")[0] == CHECKER_URL
                                 for link in step.links)}


def family_views(guide: m.Guide | None, settings: Settings) -> list[dict[str, str]]:
    """Each need's family view, for the needs the checker suggested: the page's script shows
    the ones named in the address's fragment (`#needs=<id>,<id>`); none when families or the
    checker are off."""
    if guide is None or guide.checker is None or not settings.on("families"):
        return []
    here = page_url(NEXT_STEPS_SRC)
    return [{"id": need.id, "title": need.title,
             "href": relative(here, page_url(families_src(need)))} for need in guide.needs]


def next_steps_page(steps: s.NextSteps, guide: m.Guide | None, settings: Settings,
                    offer: OfferSite | None) -> Page:
    """The page at /next-steps/."""
    return PageBuilder(guide, settings, offer).render(
        "pages/next-steps.md.j2", NEXT_STEPS_SRC, steps.title, "next-steps", steps.review,
        source=steps.source, description=describe(steps.intro), intro=steps.intro,
        questions=steps.questions, family_views=family_views(guide, settings),
        step_items=[_step_context(steps, st, offer) for st in steps.steps])


def next_steps_nav(steps: s.NextSteps) -> list[Any]:
    """The page's entry in MkDocs' `nav:` form."""
    return [{theme_text(steps.title): NEXT_STEPS_SRC}]
