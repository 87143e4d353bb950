""""What can I do next?" in a real browser: three journeys each show exactly the steps written
out here by hand from example/needs/next-steps.yml; without JavaScript every step is on the
page; axe finds nothing in any state at either width; nothing leaves the origin."""

from __future__ import annotations

import pytest
import yaml
from test_next_steps import EVERY_STEP

from browser import VIEWPORTS, describe, run_axe
from conftest import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.build]

# Each journey: the answers given (question id -> answer id) and the steps that must show.
NOT_TOLD = {"who": "parent", "age": "school-age", "told": "not-told", "support": "none",
            "helping": "no-review-yet", "health": "not-sure", "disagree": "no-disagreement"}
NOT_TOLD_STEPS = ["Talk to the teacher or SENCO", "Ask a health worker for advice",
                  "Get free advice from SENDIASS"]
TWO_REVIEWS = {"who": "parent", "age": "school-age", "told": "told", "support": "sen-support",
               "helping": "not-after-two", "health": "involved", "disagree": "no-disagreement"}
TWO_REVIEWS_STEPS = ["Get free advice from SENDIASS",
                     "Ask the council for an EHC needs assessment"]
SEVENTEEN = {"who": "young-person", "age": "post-16", "told": "told", "support": "sen-support",
             "helping": "not-after-one", "health": "involved", "disagree": "no-disagreement"}
SEVENTEEN_STEPS = ["Ask for a review of the plan", "Get free advice from SENDIASS",
                   "At 16 to 25: the decisions are yours",
                   "Plan for life after school or college"]
JOURNEYS = [(NOT_TOLD, NOT_TOLD_STEPS), (TWO_REVIEWS, TWO_REVIEWS_STEPS),
            (SEVENTEEN, SEVENTEEN_STEPS)]


def shown_steps(page) -> list[str]:
    return [h.inner_text() for h in page.locator(".ord-next-step h3").all() if h.is_visible()]


def answer(page, answers: dict[str, str]) -> None:
    for question, value in answers.items():
        page.locator(f"#answer-{question}-{value}").check()


def status(page) -> str:
    page.wait_for_function(
        "() => document.querySelector('[data-ord-next-status]').textContent !== ''")
    return page.locator("[data-ord-next-status]").inner_text()


def only_this_origin(page, site_url: str) -> None:
    outside = [url for url in page.requests if not url.startswith(site_url)]
    assert outside == []


@pytest.mark.parametrize(("answers", "expected"), JOURNEYS,
                         ids=["school-not-told", "plan-not-helping-after-two-reviews",
                              "seventeen-year-old"])
def test_journey_shows_exactly_the_listed_steps(page_at, site_url, answers, expected) -> None:
    page = page_at("/next-steps/", "phone")
    assert shown_steps(page) == EVERY_STEP
    answer(page, answers)
    assert shown_steps(page) == expected
    assert status(page) == f"Showing {len(expected)} of {len(EVERY_STEP)} steps for your answers."
    assert "?" not in page.url and "#" not in page.url  # nothing put in the address
    assert page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]") \
        == [0, 0, ""]
    page.get_by_role("button", name="Clear my answers").click()
    assert shown_steps(page) == EVERY_STEP
    only_this_origin(page, site_url)


def test_skipped_questions_hide_no_step(page_at) -> None:
    page = page_at("/next-steps/")
    answer(page, {"told": "not-told"})  # only steps that need another answer to 'told' go
    assert shown_steps(page) == [t for t in EVERY_STEP
                                 if t != "Ask for SEN support and a written plan"]


def test_without_javascript_every_step_is_on_the_page(page_at, site_url) -> None:
    page = page_at("/next-steps/", "phone", javascript=False)
    assert shown_steps(page) == EVERY_STEP
    assert page.locator("form[data-ord-next-form]").is_hidden()
    assert page.get_by_text("Each one says who it is for").is_visible()
    assert page.get_by_text("This step is for everyone.").is_visible()
    only_this_origin(page, site_url)


def test_copy_as_text_gives_the_answers_and_the_shown_steps(page_at) -> None:
    page = page_at("/next-steps/")
    page.evaluate("() => Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    answer(page, SEVENTEEN)
    page.get_by_role("button", name="Copy as text").click()
    text = page.locator("#ord-next-text").input_value()
    assert "- Who are you? A young person aged 16 to 25" in text
    numbered = [line for line in text.splitlines() if line[:1].isdigit()]
    assert numbered == [f"{i}. {title}" for i, title in enumerate(SEVENTEEN_STEPS, 1)]


def test_print_leaves_out_the_questions_and_hidden_steps(page_at) -> None:
    page = page_at("/next-steps/")
    answer(page, TWO_REVIEWS)
    page.emulate_media(media="print")
    assert page.locator("form[data-ord-next-form]").is_hidden()
    assert page.get_by_role("button", name="Print").is_hidden()
    assert shown_steps(page) == TWO_REVIEWS_STEPS


def without_scripts(browser, site_url: str, viewport: str):
    """The page as it is without JavaScript, in a context where axe can still run: axe cannot
    be evaluated where JavaScript is off, so the site's scripts are refused instead."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.route("**/*.js", lambda route: route.abort())
    page.goto(site_url + "/next-steps/", wait_until="networkidle")
    assert page.locator("form[data-ord-next-form]").is_hidden()
    return context, page


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_axe_finds_nothing_in_any_state(page_at, browser, site_url, viewport: str) -> None:
    states = []
    page = page_at("/next-steps/", viewport)
    states.append(("start", run_axe(page)))
    answer(page, SEVENTEEN)
    status(page)
    states.append(("answered", run_axe(page)))
    page.evaluate("() => Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.get_by_role("button", name="Copy as text").click()
    states.append(("copied", run_axe(page)))
    page.get_by_role("button", name="Clear my answers").click()
    answer(page, NOT_TOLD)
    states.append(("answered again", run_axe(page)))
    context, nojs = without_scripts(browser, site_url, viewport)
    states.append(("no JavaScript", run_axe(nojs)))
    context.close()
    assert {name: describe(found) for name, found in states if found} == {}


def test_keyboard_answers_with_arrow_keys(page_at) -> None:
    page = page_at("/next-steps/")
    page.locator("#answer-told-told").focus()
    page.keyboard.press("ArrowRight")  # moves to, and picks, "No"
    assert page.locator("#answer-told-not-told").is_checked()
    assert shown_steps(page)[0] == "Talk to the teacher or SENCO"


# --- From the checker's result: the suggested needs' family views --------------------------------

CHECKER_PHASE = "primary"
CHECKER_TICKS = ("hard-to-follow-instructions", "distressed-by-changes")


def family_views_for(ticks: tuple[str, ...], phase: str) -> dict[str, str]:
    """Worked out from the example's YAML, not by the engine: the family view's address and
    link text of each need the ticked observations point to (observations outside the phase
    count for nothing)."""
    checker = yaml.safe_load((EXAMPLE / "needs/checker.yml").read_text("utf-8"))
    needs = {need for theme in checker["themes"] for obs in theme["observations"]
             if obs["id"] in ticks and phase in obs.get("phases", [phase])
             for need in obs["needs"]}
    files = {path.stem: path for path in (EXAMPLE / "needs").glob("*/*.yml")}
    return {f"/needs/{files[n].parent.name}/{n}/families/":
            yaml.safe_load(files[n].read_text("utf-8"))["title"] + " for families"
            for n in needs}


def family_links(page, selector: str, site_url: str) -> dict[str, str]:
    """The visible family-view links inside `selector`: address (from the site root) -> text."""
    links = page.locator(f"{selector} a").all()
    return {a.evaluate("(a) => a.href").removeprefix(site_url): a.inner_text()
            for a in links if a.is_visible()}


def from_the_checker(page_at, viewport: str):
    page = page_at("/checker/", viewport)
    page.locator(f"#ord-phase-{CHECKER_PHASE}").check()
    for tick in CHECKER_TICKS:
        page.locator(f"#obs-{tick}").check()
    page.get_by_role("button", name="Show suggestions").click()
    page.locator("[data-ord-results]").get_by_role("link", name="What can I do next?").click()
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_checker_result_leads_to_the_family_views_of_its_needs(page_at, site_url,
                                                                  viewport: str) -> None:
    expected = family_views_for(CHECKER_TICKS, CHECKER_PHASE)
    assert len(expected) == 6  # the ticks point to six needs between them
    page = from_the_checker(page_at, viewport)
    path, _, fragment = page.url.removeprefix(site_url).partition("#")
    assert path == "/next-steps/"  # no query string: the needs reach no server
    assert fragment.startswith("needs=")
    assert sorted(fragment.removeprefix("needs=").split(",")) \
        == sorted(address.split("/")[3] for address in expected)
    assert family_links(page, "[data-ord-next-families]", site_url) == expected
    assert page.get_by_text("Read about these needs for families:").first.is_visible()
    # in the step that links the checker too, and in no other step
    assert family_links(page, "#talk-to-the-setting ~ [data-ord-next-families-here]",
                        site_url) == expected
    assert page.locator("[data-ord-next-families-here]:visible").count() == 1
    assert shown_steps(page) == EVERY_STEP  # the steps themselves are unchanged
    assert page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]") \
        == [0, 0, ""]
    only_this_origin(page, site_url)
    found = run_axe(page)
    assert not found, describe(found)


def test_a_crafted_fragment_shows_only_the_pages_own_links(page_at, site_url) -> None:
    dialogs: list[str] = []
    crafted = ("#needs=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E,<b>bold</b>,autism,nope,"
               "__proto__,constructor,toString,%E0%A4%A,autism")
    page = page_at("/next-steps/" + crafted)
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    assert family_links(page, "[data-ord-next-families]", site_url) == {
        "/needs/communication-and-interaction/autism/families/": "Autism for families"}
    box = page.locator("[data-ord-next-families]").inner_html()
    assert "<img" not in box and "<b>" not in box and "onerror" not in box
    assert page.locator("main img[src='x'], main b:text('bold')").count() == 0
    assert dialogs == []
    unknown = page_at("/next-steps/#needs=nope,%3Cscript%3E,constructor")
    assert unknown.locator("[data-ord-next-families]").is_hidden()
    assert unknown.locator("[data-ord-next-families-here]").is_hidden()
    assert shown_steps(unknown) == EVERY_STEP


def test_without_a_fragment_or_javascript_no_family_links_show(page_at) -> None:
    for page in (page_at("/next-steps/"), page_at("/next-steps/#needs=autism", "phone",
                                                  javascript=False)):
        assert page.locator("[data-ord-next-families]").is_hidden()
        assert page.locator("[data-ord-next-families-here]").is_hidden()
