"""A glossary term's note opened and closed with the keyboard alone, in a real browser: the term's
button is reached with Tab, opens with Enter or Space, says so with aria-expanded, shows the
expansion the glossary gives, closes the same way or with Escape and keeps the focus."""

from __future__ import annotations

import pytest
import yaml

from conftest import EXAMPLE

pytestmark = pytest.mark.browser

MAX_TABS = 60  # the example home page needs about twenty
BUTTON = "article .ord-term__toggle"  # the first term's button in the page's own text
IS_FOCUSED = "sel => document.activeElement === document.querySelector(sel)"


def glossary() -> dict[str, dict]:
    data = yaml.safe_load((EXAMPLE / "needs" / "glossary.yml").read_text("utf-8"))
    return {term["id"]: term for term in data["terms"]}


def tab_to(page, selector: str) -> None:
    """Press Tab from the top of the page until the element has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(IS_FOCUSED, selector):
            return
    raise AssertionError(f"{selector} not reached after {MAX_TABS} presses of Tab")


def wait_expanded(page, value: str) -> None:
    page.wait_for_function(
        "([sel, value]) => document.querySelector(sel).getAttribute('aria-expanded') === value",
        arg=[BUTTON, value])


def test_a_term_note_opens_and_closes_from_the_keyboard(page_at) -> None:
    page = page_at("/")
    button = page.locator(BUTTON).first
    link = page.locator("article a.ord-term__link").first
    term = glossary()[link.get_attribute("href").rsplit("#", 1)[1]]
    assert term.get("expansion"), "the home page's first term should have an expansion"
    note = page.locator("#" + button.get_attribute("aria-controls"))
    assert note.get_attribute("id") == link.get_attribute("data-term-note")
    assert button.get_attribute("aria-expanded") == "false"
    assert note.is_hidden()
    assert button.get_attribute("aria-label") == f"What {term['term']} means"

    tab_to(page, BUTTON)

    for key in ("Enter", "Space"):
        page.keyboard.press(key)
        wait_expanded(page, "true")
        note.wait_for(state="visible")
        text = " ".join(note.inner_text().split())
        assert text.startswith(f"{term['term']}: {term['expansion']}:"), (key, text)
        assert page.evaluate(IS_FOCUSED, BUTTON), f"{key} moved the focus off the button"

        page.keyboard.press(key)
        wait_expanded(page, "false")
        note.wait_for(state="hidden")
        assert page.evaluate(IS_FOCUSED, BUTTON), f"closing with {key} moved the focus"

    # Escape closes an open note too, from the button or from the link inside the note.
    page.keyboard.press("Enter")
    wait_expanded(page, "true")
    page.keyboard.press("Escape")
    wait_expanded(page, "false")
    note.wait_for(state="hidden")
    assert page.evaluate(IS_FOCUSED, BUTTON), "Escape moved the focus off the button"

    page.keyboard.press("Enter")
    wait_expanded(page, "true")
    page.keyboard.press("Tab")
    assert page.evaluate("sel => document.querySelector(sel).contains(document.activeElement)",
                         "#" + note.get_attribute("id")), "Tab from the button enters the note"
    page.keyboard.press("Escape")
    wait_expanded(page, "false")
    assert page.evaluate(IS_FOCUSED, BUTTON), "Escape in the note returns the focus to the button"


ATTENTION = "/needs/social-emotional-and-mental-health/attention-and-impulsivity/"
# The first term on that page, as its summary writes it: "... disorder (ADHD), but no ...".
HOST_HEIGHT = "sel => document.querySelector(sel).closest('p, li').getBoundingClientRect().height"
LINES = "sel => document.querySelector(sel).closest('.ord-term').getClientRects().length"
RECT = "sel => { const r = document.querySelector(sel).getBoundingClientRect(); " \
       "return [r.top, r.bottom, r.left, r.right]; }"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_an_open_note_does_not_split_the_sentence(page_at, viewport: str) -> None:
    from browser import describe, run_axe

    page = page_at(ATTENTION, viewport)
    button = page.locator(BUTTON).first
    link_sel = "article a.ord-term__link"
    assert page.locator(link_sel).first.inner_text() == "ADHD"
    paragraph = page.evaluate(HOST_HEIGHT, link_sel)
    assert page.evaluate(LINES, link_sel) == 1  # "(ADHD ?)," on one line
    button.click()
    wait_expanded(page, "true")
    note_sel = "#" + button.get_attribute("aria-controls")
    page.locator(note_sel).wait_for(state="visible")
    # The paragraph keeps its height: nothing was put inside the sentence.
    assert page.evaluate(HOST_HEIGHT, link_sel) == paragraph
    assert page.evaluate(LINES, link_sel) == 1
    term_top, term_bottom, _, _ = page.evaluate(RECT, link_sel)
    note_top, _, note_left, note_right = page.evaluate(RECT, note_sel)
    assert note_top >= term_bottom  # under the term's line, not beside it
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert note_left >= 0 and note_right <= width  # on screen, no sideways scrolling
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    violations = run_axe(page)
    assert not violations, describe(violations)


def test_terms_and_their_brackets_stay_together_at_320_px(browser, site_url) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + ATTENTION, wait_until="networkidle")
    opened_by_bracket = page.evaluate(
        "() => [...document.querySelectorAll('article .ord-term')]"
        ".filter(t => t.firstChild.nodeType === 3 && t.firstChild.textContent === '(')"
        ".filter(t => !/\\s/.test(t.querySelector('a').textContent))"
        ".map(t => t.getClientRects().length)")
    assert opened_by_bracket and set(opened_by_bracket) == {1}
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    context.close()
