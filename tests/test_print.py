"""Printing: a need page, the graduated approach (APDR), a service page and the checker with a
result shown, printed to PDF by Chromium (as "Save as PDF" does) and read back with pypdf.

Every sheet is A4; the text has the page's heading and its key content, web addresses after
link text that does not already show them, and no navigation, search or buttons; a heading is
never the last line of a sheet; a need page starts its provision and each tier on a new sheet,
and the graduated approach each step. The PDFs are saved to tests/artifacts/ for review.

What the checker hides and shows in print media is checked in tests/test_checker.py
(test_print_shows_only_the_phase_ticks_and_result); this module checks the printed result."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import page_checks as checks
import pypdf
import pytest

from browser import VIEWPORTS
from conftest import ARTIFACTS

DOCUMENTS = {
    "need": "/needs/communication-and-interaction/autism/",
    "apdr": "/apdr/",
    "service": checks.PAGE_TYPES["service"],
    "checker result": "/checker/",
}
A4 = (595, 842)  # points, to within 1

# What the page holds, read from the page itself before printing.
PAGE_FACTS = r"""
() => {
  const main = document.querySelector("article.md-content__inner");
  const text = (e) => e.textContent.replace(/\s+/g, " ").trim();
  // a heading as it prints: without its permalink or Hide/Show button (not printed)
  const heading = (h) => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll(".ord-permalink, .ord-disclosure").forEach((e) => e.remove());
    return text(copy);
  };
  const mainText = main.innerText;
  const navigation = [...document.querySelectorAll(
      ".md-header__topic .md-ellipsis, .md-sidebar--primary .md-nav__link, "
      + ".md-footer__title .md-ellipsis")]
    .map(text).filter((t) => t && !mainText.includes(t));
  const buttons = [...document.querySelectorAll("button, .md-button")].map(text).filter(Boolean);
  return {
    title: heading(document.querySelector("h1")),
    headings: [...main.querySelectorAll("h1, h2, h3, h4, h5, h6, dt")].map(heading),
    entries: [...main.querySelectorAll(".ord-entry h4")].map(heading),
    tiers: [...main.querySelectorAll("h3[id^='tier-']")].map(heading),
    steps: [...main.querySelectorAll("h2")].filter((h) => h.nextElementSibling &&
      h.nextElementSibling.matches(".ord-step")).map(heading),
    described: [...main.querySelectorAll("a[href^='http']")]
      .filter((a) => !a.closest(".ord-contact, .ord-page-footer") &&
                     a.textContent.trim() !== a.getAttribute("href"))
      .map((a) => a.getAttribute("href")),
    contacts: [...main.querySelectorAll(".ord-contact a")].map(text),
    results: [...main.querySelectorAll(".ord-result h3")].map(heading),
    navigation, buttons,
  };
}
"""


@dataclass
class Printed:
    sheets: list[str]  # the text of each sheet
    sizes: list[tuple[float, float]]
    facts: dict

    @property
    def text(self) -> str:
        return "\n".join(self.sheets)

    def has(self, words: str) -> bool:
        """Is `words` in the text, wherever lines break (spaces and line ends ignored)?"""
        return squash(words) in squash(self.text)

    def starts_with(self, words: str) -> bool:
        """Does the first sheet start with `words`, wherever its lines break (a long title
        wraps)?"""
        return squash(self.sheets[0]).startswith(squash(words))

    def lines(self, sheet: int) -> list[str]:
        return [line.strip() for line in self.sheets[sheet].splitlines() if line.strip()]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def show_a_result(page) -> None:
    page.check("#ord-phase-primary")
    for box in page.locator("input[data-ord-observation]:enabled").all()[:3]:
        box.check()
    page.get_by_role("button", name="Show suggestions").click()
    page.locator(".ord-result").first.wait_for()


@pytest.fixture(scope="module")
def printed(browser, site_url):
    """Print each document once, to PDF on A4, and read it back."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    done: dict[str, Printed] = {}

    def print_(kind: str) -> Printed:
        if kind not in done:
            page.goto(site_url + DOCUMENTS[kind], wait_until="networkidle")
            if kind == "checker result":
                show_a_result(page)
            facts = page.evaluate(PAGE_FACTS)
            pdf = page.pdf(format="A4", print_background=False)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"print-{kind.replace(' ', '-')}.pdf").write_bytes(pdf)
            reader = pypdf.PdfReader(io.BytesIO(pdf))
            done[kind] = Printed(
                sheets=[sheet.extract_text() for sheet in reader.pages],
                sizes=[(float(s.mediabox.width), float(s.mediabox.height)) for s in reader.pages],
                facts=facts)
        return done[kind]

    yield print_
    context.close()


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_every_sheet_is_a4(printed, kind: str) -> None:
    document = printed(kind)
    assert document.sizes
    for width, height in document.sizes:
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1, (width, height)


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_no_navigation_search_or_buttons_are_printed(printed, kind: str) -> None:
    document = printed(kind)
    lines = {line for sheet in range(len(document.sheets)) for line in document.lines(sheet)}
    for words in ("Skip to content", "Back to top", "Table of contents", "Show provision for",
                  "Link to this strategy", "Permalink", "Initializing search",
                  "Type to start searching",
                  "Search the Local Offer for"):
        assert words not in document.text, words
    assert "Search" not in lines  # the header search box
    for label in document.facts["buttons"]:
        assert label not in lines, f"the button {label!r} is printed"
    assert document.facts["navigation"], "the page has a navigation to leave out"
    for label in document.facts["navigation"]:
        assert squash(label) not in squash(document.text), f"the navigation's {label!r} is printed"


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_a_heading_is_never_the_last_line_of_a_sheet(printed, kind: str) -> None:
    document = printed(kind)
    headings = {squash(h) for h in document.facts["headings"]}
    assert headings
    for sheet in range(len(document.sheets) - 1):
        lines = document.lines(sheet)
        for tail in (lines[-1:], lines[-2:]):
            assert squash(" ".join(tail)) not in headings, \
                f"sheet {sheet + 1} of the {kind} ends with the heading {' '.join(tail)!r}"


def test_need_page_prints_every_entry_and_each_tier_on_a_new_sheet(printed) -> None:
    document = printed("need")
    facts = document.facts
    assert document.starts_with(facts["title"]), (facts["title"], document.lines(0)[:2])
    assert len(facts["entries"]) >= 10
    for title in facts["entries"]:
        assert document.has(title), title
    firsts = [document.lines(sheet)[0] for sheet in range(len(document.sheets))]
    assert "Provision" in firsts
    for tier in facts["tiers"][1:]:
        assert tier in firsts, f"the tier {tier!r} does not start a sheet"
    assert facts["described"], "the need page links to resources elsewhere"
    for href in facts["described"]:
        assert squash(href) in squash(document.text), f"{href} is not printed after its link"


def test_apdr_prints_each_step_on_a_new_sheet(printed) -> None:
    document = printed("apdr")
    facts = document.facts
    assert document.starts_with(facts["title"]), (facts["title"], document.lines(0)[:2])
    assert len(facts["steps"]) == 4
    firsts = [document.lines(sheet)[0] for sheet in range(len(document.sheets))]
    for step in facts["steps"]:
        assert step in firsts, f"the step {step!r} does not start a sheet"
    for heading in ("Who does what", "Questions to ask"):
        assert document.text.count(heading) == 4


def test_service_page_prints_its_contacts_as_text(printed) -> None:
    document = printed("service")
    facts = document.facts
    assert document.starts_with(facts["title"]), (facts["title"], document.lines(0)[:2])
    for heading in ("At a glance", "How to get this service", "Contact", "Where and when"):
        assert heading in document.text
    assert any(c.startswith("https://") for c in facts["contacts"])
    assert any("@" in c for c in facts["contacts"])
    assert any(re.fullmatch(r"[\d ]+", c) for c in facts["contacts"])
    for contact in facts["contacts"]:  # phone numbers, email and web addresses, as text
        assert document.has(contact), contact
    assert document.has("40 Quayside Road")  # an address


def test_checker_prints_the_result(printed) -> None:
    document = printed("checker result")
    facts = document.facts
    assert document.starts_with(facts["title"]), (facts["title"], document.lines(0)[:2])
    assert facts["results"]
    for need in facts["results"]:
        assert document.has(need), need
    assert document.has("This is not a diagnosis.")
    assert document.has("Phase: Primary")
