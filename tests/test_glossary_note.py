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
