"""Behaviour that matters for access but that axe-core cannot judge: the phase filter, a need
page without JavaScript, and text meant only for screen readers. Axe itself, on every page and
in every interactive state at both widths, is in test_crawl.py."""

from __future__ import annotations


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


def test_screen_reader_text_is_not_shown(page_at) -> None:
    page = page_at("/needs/communication-and-interaction/autism/")
    hidden = page.locator(".ord-permalink .ord-visually-hidden").first
    box = hidden.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1
    assert ": " in hidden.text_content()  # still read out with the link
