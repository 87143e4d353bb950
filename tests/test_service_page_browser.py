"""A service's page in a real browser: 'At a glance' on the first screen of a phone, lines of
about 70 characters on a wide screen, no accessibility violations, nothing from elsewhere."""

from __future__ import annotations

import pytest

from ordinarily.assembly.project import load_project

from browser import describe, run_axe
from conftest import EXAMPLE

PHONE_SCREEN = 667  # an iPhone SE's height: the first screen


def a_service_with_a_venue() -> str:
    offer = load_project(EXAMPLE).offer
    return next(s.id for s in offer.listed if s.locations and s.contact and s.contact.phone)


SERVICE = a_service_with_a_venue()
PATH = f"/local-offer/services/{SERVICE}/"


def test_at_a_glance_starts_on_the_first_screen_of_a_phone(page_at) -> None:
    page = page_at(PATH, "phone")
    top = page.evaluate("() => document.getElementById('section-at-a-glance')"
                        ".getBoundingClientRect().top")
    assert top < PHONE_SCREEN - 40, top  # the heading and the start of the first fact
    widest = page.evaluate("() => document.documentElement.scrollWidth")
    assert widest <= 375


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_service_page_has_no_violations_and_asks_nothing_of_another_origin(
        page_at, site_url: str, viewport: str) -> None:
    page = page_at(PATH, viewport)
    violations = run_axe(page)
    assert violations == [], describe(violations)
    assert [r for r in page.requests if not r.startswith(site_url)] == []


def test_lines_are_about_70_characters_on_a_wide_screen(page_at) -> None:
    page = page_at(PATH, "desktop")
    lines = page.evaluate("""() => [...document.querySelectorAll('.ord-service p')]
        .filter((p) => p.textContent.trim().length > 150)
        .map((p) => {
          const style = getComputedStyle(p);
          const rows = Math.round(p.getBoundingClientRect().height / parseFloat(style.lineHeight));
          return p.textContent.trim().length / rows;
        })""")
    assert lines, "no long paragraph to measure"
    assert max(lines) <= 78, lines  # about 70 on average
