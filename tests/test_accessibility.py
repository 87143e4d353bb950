"""Every page type passes axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) at desktop and phone widths,
and no page requests anything from another origin."""

from __future__ import annotations

import pytest

from browser import describe, run_axe

PAGE_TYPES = {
    "home": "/",
    "hand-written": "/funding/",
    "areas": "/needs/",
    "area": "/needs/social-emotional-and-mental-health/",
    "need": "/needs/communication-and-interaction/autism/",
    "need narrowed to a phase": "/needs/sensory-and-physical/hearing/?phase=secondary",
    "universal": "/universal/",
    "apdr": "/apdr/",
    "glossary": "/glossary/",
    "what has changed": "/changes/",
    "editions": "/editions/",
    "accessibility statement": "/accessibility/",
    "privacy notice": "/privacy/",
    "not found": "/404.html",
}


def same_origin(page, site_url: str) -> list[str]:
    return [url for url in page.requests if not url.startswith(site_url + "/")]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_has_no_axe_violations(page_at, site_url, kind: str, viewport: str) -> None:
    page = page_at(PAGE_TYPES[kind], viewport)
    violations = run_axe(page)
    assert violations == [], f"{kind} at {viewport}:\n{describe(violations)}"
    assert same_origin(page, site_url) == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_glossary_note_open_has_no_violations(page_at, viewport: str) -> None:
    page = page_at(PAGE_TYPES["need"], viewport)
    toggle = page.locator(".ord-term__toggle").first
    toggle.click()
    note = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    assert note.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert describe(run_axe(page)) == ""


def test_phase_filter_narrows_the_need_page(page_at) -> None:
    page = page_at("/needs/sensory-and-physical/hearing/?phase=early-years")
    assert page.locator("#ord-phase-select").input_value() == "early-years"
    for entry in page.locator(".ord-entry").all():
        phases = (entry.get_attribute("data-phases") or "").split()
        assert entry.is_visible() == ("early-years" in phases)
    page.select_option("#ord-phase-select", "")
    assert page.locator(".ord-entry:visible").count() == page.locator(".ord-entry").count()
    assert "phase=" not in page.url


def test_without_javascript_every_entry_shows_with_its_phases(page_at) -> None:
    page = page_at("/needs/sensory-and-physical/hearing/?phase=early-years", javascript=False)
    entries = page.locator(".ord-entry")
    assert entries.count() > 10
    assert page.locator(".ord-entry:visible").count() == entries.count()
    assert not page.locator(".ord-phase-filter").is_visible()
    assert page.locator(".ord-entry .ord-tag").count() >= entries.count()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_search_with_results_has_no_violations(page_at, viewport: str) -> None:
    page = page_at("/", viewport)
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible():
        opener.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("thinking time", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(400)
    assert "matching" in page.inner_text(".md-search-result__meta")
    assert describe(run_axe(page)) == ""


def test_screen_reader_text_is_not_shown(page_at) -> None:
    page = page_at("/needs/communication-and-interaction/autism/")
    hidden = page.locator(".ord-entry__link .ord-visually-hidden").first
    box = hidden.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1
    assert ": " in hidden.text_content()  # still read out with the link
