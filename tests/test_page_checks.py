"""Checks that axe-core does not make, on one page of each type (page_checks.PAGE_TYPES):

- keyboard: Tab from the top through each page; every element that takes focus shows a visible
  indicator and is on screen, not hidden behind the sticky header (WCAG 2.4.7, 2.4.11); and
  keyboard-only journeys through the header search, the phone navigation and the finder;
- targets of at least 24 by 24 CSS pixels, or spaced as WCAG 2.5.8 allows, at 1280 and 375 px;
- reflow: nothing scrolls sideways or is cut off at 320 px (WCAG 1.4.10);
- text spacing: the spacing of WCAG 1.4.12 cuts off or overlaps nothing at 375 px;
- without JavaScript every page reads, and every link in it leads to a file the build wrote;
- no cookies and nothing in local or session storage after using every feature;
- full-page screenshots at 375 px saved to tests/artifacts/ for review.

Each check is shown to fail on a page built to fail it (the `test_the_checks_*` tests).
Covered elsewhere and not repeated here: the checker's own keyboard journey, focus styles,
24-pixel targets and print (tests/test_checker.py), the finder's search and filters in detail
(tests/test_finder.py), axe-core and sideways scrolling at 1280 and 375 px on every page
(tests/test_crawl.py), a need page narrowed to a phase without JavaScript
(tests/test_accessibility.py), and printing to PDF (tests/test_print.py)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import page_checks as checks
import pytest

from browser import VIEWPORTS
from conftest import ARTIFACTS

KINDS = list(checks.PAGE_TYPES)
NARROW = {"width": 320, "height": 256}  # WCAG 1.4.10: 320 by 256 CSS pixels


@pytest.fixture(scope="module")
def tabs(browser):
    """One page per viewport (and one without JavaScript), reused across this module's tests.
    "spacing" is the phone with the page's Content-Security-Policy set aside, as a reader's own
    style sheet is, so that the text spacing style can be added."""
    contexts: dict[str, object] = {}
    pages: dict[str, object] = {}

    def tab(name: str):
        if name not in pages:
            size = {"narrow": NARROW, "no-js": VIEWPORTS["desktop"],
                    "spacing": VIEWPORTS["phone"]}.get(name) or VIEWPORTS[name]
            contexts[name] = browser.new_context(viewport=size, bypass_csp=name == "spacing",
                                                 java_script_enabled=name != "no-js")
            contexts[name].add_init_script(checks.SEARCH_WATCH)
            pages[name] = contexts[name].new_page()
        return pages[name]

    yield tab
    for context in contexts.values():
        context.close()


def visit(page, site_url: str, path: str):
    page.goto(site_url + path, wait_until="networkidle")
    checks.install(page)
    return page


# --- Keyboard -------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("kind", KINDS)
def test_keyboard_focus_is_visible_and_never_hidden(tabs, site_url, kind: str,
                                                     viewport: str) -> None:
    page = visit(tabs(viewport), site_url, checks.PAGE_TYPES[kind])
    focusable_content = page.evaluate("""() => [...document.querySelectorAll(
        '.md-content a[href], .md-content button, .md-content input, .md-content select')]
        .some((e) => window.__ordChecks.visible(e))""")
    reached, problems = checks.tab_through(page)
    assert problems == [], f"{kind} at {viewport}:\n" + "\n".join(problems)
    assert len(reached) >= 5, f"{kind} at {viewport}: Tab reached only {reached}"
    if focusable_content:
        assert any(r["content"] for r in reached), f"{kind} at {viewport}: no stop in the content"


# The finder page holds back the search index until the header search is first used
# (search-defer.js): the search must work from the keyboard there at once all the same.
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("path", ["/", "/local-offer/"])
def test_keyboard_search_from_the_header(tabs, site_url, path: str, viewport: str) -> None:
    page = visit(tabs(viewport), site_url, path)
    held = path == "/local-offer/"
    assert page.evaluate("() => window.__ordSearch.indexSent") is not held
    problems = checks.tab_to(page, "input.md-search__input", limit=5)
    page.keyboard.type("thinking time", delay=20)
    checks.wait_for_search_results(page, "thinking time")  # not an earlier key's results
    page.wait_for_selector(".md-search-result__item a", timeout=15000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # past "Search the Local Offer for ..." to the first result
    focused = page.evaluate("""() => { const e = document.activeElement;
        return {result: !!e.closest('.md-search-result__item'), href: e.href,
                visible: window.__ordChecks.visible(e)}; }""")
    assert focused["result"] and focused["visible"], focused
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == focused["href"]
    assert page.locator("h1").is_visible()
    assert problems == [], "\n".join(problems)


def test_keyboard_opens_the_phone_navigation_and_follows_a_link(tabs, site_url) -> None:
    page = visit(tabs("phone"), site_url, "/needs/communication-and-interaction/autism/")
    assert page.evaluate("document.querySelector('.md-sidebar--primary')"
                         ".getBoundingClientRect().right <= 0"), "the drawer starts closed"
    problems = checks.tab_to(page, ".md-nav--primary a.md-nav__link[href$='glossary/']")
    link = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return {onScreen: r.left >= 0 && r.right <= innerWidth, shown: e === hit || e.contains(hit),
                href: e.href}; }""")
    assert link["onScreen"] and link["shown"], link
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == link["href"] and page.url.endswith("/glossary/")
    assert problems == [], "\n".join(problems)


def test_keyboard_uses_the_finder_filters(tabs, site_url) -> None:
    page = visit(tabs("phone"), site_url, "/local-offer/")
    problems = checks.tab_to(page, "#ord-q")
    page.keyboard.type("holiday")
    problems += checks.tab_to(page, "[data-ord-toggle]", limit=5)
    page.keyboard.press("Enter")  # on a phone the filters start closed
    problems += checks.tab_to(page, "#ord-need-autism", limit=8)
    page.keyboard.press("Space")
    assert page.is_checked("#ord-need-autism")
    problems += checks.tab_to(page, "#ord-free", limit=40)
    page.keyboard.press("Space")
    assert page.is_checked("#ord-free")
    checks.wait_for_status(page, "with your filters")
    assert re.search(r"[?&]query=holiday\b.*need=autism.*free=1", page.url)
    problems += checks.tab_to(page, "[data-ord-show]", limit=60)
    page.keyboard.press("Enter")  # closes the filters and moves focus to the count
    assert page.evaluate("() => document.activeElement.matches('[data-ord-finder-status]')")
    problems += checks.tab_to(page, "[data-ord-finder-results] a", limit=10)
    href = page.evaluate("document.activeElement.href")
    assert "#from=" in href  # the finder's state goes in the fragment, never to the server
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checks.install(page)
    # The service page keeps that state in the tab's history, out of the address someone might
    # copy, and offers the way back to the same results from the keyboard.
    assert page.url == href.split("#")[0] and "/local-offer/services/" in href
    problems += checks.tab_to(page, "a.ord-back", limit=40)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checks.wait_for_status(page, "with your filters")
    assert page.is_checked("#ord-need-autism") and page.is_checked("#ord-free")
    assert page.input_value("#ord-q") == "holiday"
    assert problems == [], "\n".join(problems)


# --- Target size ----------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("kind", KINDS)
def test_targets_are_24_pixels_or_spaced(tabs, site_url, kind: str, viewport: str) -> None:
    page = visit(tabs(viewport), site_url, checks.PAGE_TYPES[kind])
    found = page.evaluate(checks.SMALL_TARGETS)
    assert found["checked"] > 0
    assert found["small"] == [], f"{kind} at {viewport}:\n" + "\n".join(found["small"])


# --- Reflow and text spacing ----------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_reflows_at_320_pixels(tabs, site_url, kind: str) -> None:
    page = visit(tabs("narrow"), site_url, checks.PAGE_TYPES[kind])
    problems = page.evaluate(checks.REFLOW) + page.evaluate(checks.CLIPPED_AND_OVERLAPS)
    assert problems == [], f"{kind} at 320 px:\n" + "\n".join(problems)


@pytest.mark.parametrize("kind", KINDS)
def test_text_spacing_loses_nothing(tabs, site_url, kind: str) -> None:
    page = visit(tabs("spacing"), site_url, checks.PAGE_TYPES[kind])
    page.add_style_tag(content=checks.TEXT_SPACING_CSS)
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).letterSpacing") != \
        "normal"
    problems = page.evaluate(checks.REFLOW) + page.evaluate(checks.CLIPPED_AND_OVERLAPS)
    assert problems == [], f"{kind} with text spacing at 375 px:\n" + "\n".join(problems)


# --- Without JavaScript ---------------------------------------------------------------------------

# What each kind of page must still show and link to without JavaScript (beyond the general
# checks): a selector and the fewest visible matches.
ESSENTIAL = {
    "need": [(".ord-entry", 10), ("a[href$='local-offer/needs/autism/']", 1)],
    "universal": [(".ord-entry", 10)],
    "area": [("h3 a[href='anxiety-and-low-mood/']", 1),
             ("h3 a[href='attention-and-impulsivity/']", 1)],
    "areas": [("a[href^='social-emotional-and-mental-health/']", 1)],
    "glossary": [("dt", 10)],
    "family view": [(".ord-families-should a[href^='../#']", 10),
                    ("a[href$='local-offer/needs/autism/']", 1)],
    "checker": [("label[for^='obs-']", 20), (".ord-obs__needs a", 20)],
    "next steps": [(".ord-next-step", 10)],
    "finder": [("a[href^='needs/']", 5), ("a[href^='types/']", 5), ("a[href^='places/']", 3)],
    "service": [(".ord-contact a[href^='tel:']", 1), (".ord-contact a[href^='mailto:']", 1)],
    "browse by need": [(".ord-listings a", 10)],
    "browse by type": [(".ord-listings a", 2)],
    "browse by place": [(".ord-listings a", 10)],
    "apdr": [("a[href='#assess']", 1)],
}


@pytest.mark.parametrize("kind", KINDS)
def test_without_javascript_the_page_reads_and_its_links_work(tabs, site, site_url,
                                                              kind: str) -> None:
    page = visit(tabs("no-js"), site_url, checks.PAGE_TYPES[kind])
    assert page.evaluate("typeof window.__md_scope === 'undefined'")  # no script ran
    checks.open_details(page)  # a disclosure (the checker's "More about this checker") opens
    elsewhere, full_list = checks.SHOWN_ELSEWHERE.get(kind, (None, None))
    by_design = ", ".join(s for s in (checks.SCRIPTED_BY_DESIGN.get(kind), elsewhere) if s)
    state = page.evaluate(checks.WITHOUT_JAVASCRIPT, by_design or None)
    assert state["problems"] == [], f"{kind}:\n" + "\n".join(state["problems"])
    if elsewhere:  # each link the script would show is on the full list the page links to
        hidden = page.locator(f"article.md-content__inner {elsewhere} a[href]").evaluate_all(
            "as => as.filter((a) => !window.__ordChecks.visible(a)).map((a) => a.href)")
        link = page.locator(f"article.md-content__inner {full_list}")
        assert hidden and link.is_visible(), f"{kind}: {len(hidden)} links set aside"
        listed = checks.links_on(site, link.evaluate("(a) => a.href"))
        missing = sorted({href.split("#")[0] for href in hidden} - listed)
        assert missing == [], f"{kind}: not on the full list:\n" + "\n".join(missing)
    assert len(state["text"].split()) >= 20, state["text"]  # the 404 page too
    broken = checks.broken_links(site, site_url, page.url, state["hrefs"])
    assert broken == [], f"{kind}:\n" + "\n".join(broken)
    for selector, fewest in ESSENTIAL.get(kind, []):
        shown = page.locator(f"article.md-content__inner {selector}").evaluate_all(
            "es => es.filter((e) => window.__ordChecks.visible(e)).length")
        assert shown >= fewest, f"{kind}: {shown} of {selector} shown, want {fewest} or more"


def test_the_checker_links_what_can_i_do_next_with_or_without_its_script(tabs, site_url) -> None:
    # Without the script the checklist ends with the link (the result that carries it needs the
    # script); with it, the script hides that link and the result shows its own.
    page = visit(tabs("no-js"), site_url, "/checker/")
    link = page.locator("article a[href='../next-steps/']:visible")
    assert link.count() == 1 and link.inner_text() == "What can I do next?"
    page = visit(tabs("desktop"), site_url, "/checker/")
    page.wait_for_function("() => document.querySelector('[data-ord-next-nojs]').hidden",
                           timeout=10_000)
    assert page.locator("article a[href^='../next-steps/']:visible").count() == 0


# --- Controls in their other states ---------------------------------------------------------------
# A need page's tier buttons and the checker with ticks are checked in
# tests/test_teacher_journeys.py (keyboard, 320 px, text spacing, print); these are the states
# it leaves out: an open glossary note, and universal expectations narrowed to a phase.

PAGE_NEED = checks.PAGE_TYPES["need"]
# A glossary note in running text (the summary) and one in a list (the "Start here" steps).
NOTES = {"in a paragraph": "article p:not(.ord-meta) .ord-term__toggle",
         "in a list": ".ord-start li .ord-term__toggle"}
SETTLED = """() => document.getAnimations().every(a => a.playState !== "running"
  || a.effect.getComputedTiming().iterations === Infinity)"""

# The open note: on screen across, not cut off, on top where it shows, and its term, brackets and
# button on one line.
NOTE_STATE = r"""
(button) => {
  const {visible, name} = window.__ordChecks;
  const note = document.getElementById(button.getAttribute("aria-controls"));
  const term = button.closest(".ord-term");
  const problems = [];
  if (!visible(note)) { return ["the note is not shown"]; }
  const r = note.getBoundingClientRect(), vw = document.documentElement.clientWidth;
  if (r.left < 0 || r.right > vw + 0.5) {
    problems.push("the note spans " + Math.round(r.left) + " to " + Math.round(r.right) +
                  " in " + vw + " px");
  }
  if (note.scrollHeight > note.clientHeight + 1) { problems.push("the note's text is cut off"); }
  note.scrollIntoView({block: "center"});
  for (const a of note.querySelectorAll("a[href]")) {
    a.scrollIntoView({block: "center"});
    /* The centre of each line of the link (it can wrap at 320 px). */
    const hits = [...a.getClientRects()].filter((c) => c.width > 0 && c.height > 0)
      .map((c) => document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2));
    if (!hits.some((hit) => hit === a || a.contains(hit))) {
      problems.push(name(a) + " in the note is covered by " +
                    name(hits.find((h) => h) || document.body));
    }
  }
  const lines = new Set([...term.getClientRects()].map((c) => Math.round(c.bottom)));
  if (!term.classList.contains("ord-term--long") && lines.size > 1) {
    problems.push("the term and its button wrap apart: " + term.textContent.slice(0, 40));
  }
  return problems;
}
"""


def open_note(page, where: str):
    """Tab to the note's button and press Enter; return the button."""
    problems = checks.tab_to(page, NOTES[where], limit=200)
    assert problems == [], "\n".join(problems)
    page.keyboard.press("Enter")
    note_id = page.evaluate("() => document.activeElement.getAttribute('aria-controls')")
    button = page.locator(f".ord-term__toggle[aria-controls='{note_id}']")
    assert button.get_attribute("aria-expanded") == "true"
    return button


def layout(page, note_button=None) -> list[str]:
    """Reflow and clipping from the top of the page. An open note lies over what follows it on
    purpose (a popover), so overlaps with the note's own links are left to NOTE_STATE."""
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(50)
    page.wait_for_function(SETTLED)
    problems = page.evaluate(checks.REFLOW) + page.evaluate(checks.CLIPPED_AND_OVERLAPS)
    if note_button is None:
        return problems
    inside = note_button.evaluate("""(b) => [...document.getElementById(
        b.getAttribute('aria-controls')).querySelectorAll('a[href]')]
        .map((a) => window.__ordChecks.name(a))""")
    return [p for p in problems if not (p.startswith("overlap:") and
                                        any(name in p for name in inside))] + \
        note_button.evaluate(NOTE_STATE)


@pytest.mark.parametrize("where", list(NOTES))
def test_glossary_note_opens_by_keyboard_and_escape_closes_it(tabs, site_url, where: str) -> None:
    page = visit(tabs("phone"), site_url, PAGE_NEED)
    button = open_note(page, where)
    note = page.locator(f"#{button.get_attribute('aria-controls')}")
    assert note.is_visible() and "More in the glossary" in note.inner_text()
    # Tab goes on into the note (it sits just after its button), and Escape there closes it.
    page.keyboard.press("Tab")
    assert page.evaluate("(id) => document.getElementById(id).contains(document.activeElement)",
                         note.get_attribute("id"))
    page.keyboard.press("Escape")
    assert note.is_hidden() and button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.matches('.ord-term__toggle')")
    assert button.evaluate("(b) => b === document.activeElement")
    page.keyboard.press("Enter")  # and again from the button itself
    assert note.is_visible()
    page.keyboard.press("Escape")
    assert note.is_hidden() and button.evaluate("(b) => b === document.activeElement")


@pytest.mark.parametrize("where", list(NOTES))
def test_an_open_glossary_note_reflows_at_320_pixels(tabs, site_url, where: str) -> None:
    page = visit(tabs("narrow"), site_url, PAGE_NEED)
    button = open_note(page, where)
    problems = layout(page, button)
    assert problems == [], f"note {where} at 320 px:\n" + "\n".join(problems)


@pytest.mark.parametrize("where", list(NOTES))
def test_an_open_glossary_note_keeps_text_spacing(tabs, site_url, where: str) -> None:
    page = visit(tabs("spacing"), site_url, PAGE_NEED)
    page.add_style_tag(content=checks.TEXT_SPACING_CSS)
    button = open_note(page, where)
    problems = layout(page, button)
    assert problems == [], f"note {where} with text spacing:\n" + "\n".join(problems)


UNIVERSAL = "/universal/?phase=primary"


def close_first_theme(page):
    body = page.locator("[data-ord-collapsible]").first
    button = page.locator(f"[aria-controls='{body.get_attribute('id')}']")
    button.click()
    assert body.is_hidden()
    return body


def test_universal_narrowed_to_a_phase_passes_the_keyboard_checks(tabs, site_url) -> None:
    page = visit(tabs("desktop"), site_url, UNIVERSAL)
    reached, problems = checks.tab_through(page, limit=250)
    names = [r["name"] for r in reached]
    assert any(n.startswith("select") for n in names), names
    assert sum("ord-disclosure" in n for n in names) == \
        page.locator("[data-ord-collapsible]").count(), names
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("tab", ["narrow", "spacing"])
def test_universal_narrowed_with_a_theme_closed_reflows(tabs, site_url, tab: str) -> None:
    page = visit(tabs(tab), site_url, UNIVERSAL)
    if tab == "spacing":
        page.add_style_tag(content=checks.TEXT_SPACING_CSS)
    close_first_theme(page)
    assert page.locator(".ord-entry:visible").count() > 0
    problems = layout(page)
    assert problems == [], f"universal, primary, a theme closed ({tab}):\n" + "\n".join(problems)


def test_universal_prints_every_theme_open(tabs, site_url) -> None:
    page = visit(tabs("desktop"), site_url, UNIVERSAL)
    for body in page.locator("[data-ord-collapsible]").all():
        page.locator(f"[aria-controls='{body.get_attribute('id')}']").click()
    assert page.locator("[data-ord-collapsible]:visible").count() == 0
    page.emulate_media(media="print")
    try:
        bodies = page.locator("[data-ord-collapsible]")
        assert bodies.count() >= 5
        assert all(body.is_visible() for body in bodies.all())
        assert page.locator(".ord-disclosure:visible, .ord-phase-filter:visible").count() == 0
    finally:
        page.emulate_media(media="screen")


# --- Cookies and storage --------------------------------------------------------------------------

def test_no_cookies_or_storage_after_using_every_feature(browser, site_url) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    try:
        # The header search, to a result
        visit(page, site_url, "/")
        checks.wait_for_search(page)
        page.locator("input.md-search__input").click()
        page.keyboard.type("thinking time", delay=20)
        page.wait_for_selector(".md-search-result__item a", timeout=15000)
        with page.expect_navigation():
            page.locator(".md-search-result__item a").first.click()
        # A need page: the phase filter and a glossary note
        visit(page, site_url, "/needs/communication-and-interaction/autism/")
        page.select_option("#ord-phase-select", "primary")
        page.locator(".ord-term__toggle").first.click()
        assert page.locator(".ord-term__toggle").first.get_attribute("aria-expanded") == "true"
        # The checker, to a result
        visit(page, site_url, "/checker/")
        page.check("#ord-phase-primary")
        for box in page.locator("input[data-ord-observation]:enabled").all()[:3]:
            box.check()
        page.get_by_role("button", name="Show suggestions").click()
        page.locator(".ord-result").first.wait_for()
        # The finder: words and a filter
        visit(page, site_url, "/local-offer/")
        page.fill("#ord-q", "holiday")
        page.check("#ord-need-autism")
        checks.wait_for_status(page, "with your filters")
        # The navigation drawer on a phone
        page.set_viewport_size(VIEWPORTS["phone"])
        visit(page, site_url, "/universal/")
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator(".md-nav--primary a.md-nav__link[href$='glossary/']").first.wait_for(
            state="visible")
        with page.expect_navigation():
            page.locator(".md-nav--primary a.md-nav__link[href$='glossary/']").first.click()
        kept = checks.storage_report(page)
        assert kept == {"cookie": "", "localStorage": {}, "sessionStorage": {}}, kept
        assert context.cookies() == []
    finally:
        context.close()


# --- Screenshots for review -----------------------------------------------------------------------

SCREENSHOTS = {
    "need": "/needs/communication-and-interaction/autism/",
    "service": checks.PAGE_TYPES["service"],
    "checker": "/checker/",
}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind", list(SCREENSHOTS))
def test_screenshots_at_375_pixels_are_saved(tabs, site_url, kind: str) -> None:
    page = visit(tabs("phone"), site_url, SCREENSHOTS[kind])
    if kind == "checker":
        page.check("#ord-phase-primary")
        for box in page.locator("input[data-ord-observation]:enabled").all()[:3]:
            box.check()
        page.get_by_role("button", name="Show suggestions").click()
        page.locator(".ord-result").first.wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{kind}-375.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    width, height = png_size(path)
    assert width == 375 and height > VIEWPORTS["phone"]["height"]
    assert path.stat().st_size > 20_000


# --- The checks themselves fail on pages built to fail them ---------------------------------------

BAD_PAGE = """<!doctype html><html lang="en"><head><title>Bad</title><style>
  body { margin: 0; font: 16px sans-serif; }
  .md-header { position: sticky; top: 0; height: 60px; background: #036; z-index: 2; }
  .tiny { display: inline-block; width: 12px; height: 12px; margin: 0; }
  .ghost:focus { outline: none; }
  .clip { width: 80px; height: 20px; overflow: hidden; white-space: nowrap; }
  .wide { width: 600px; }
  .under { position: relative; top: -70px; }
</style></head><body>
<header class="md-header"><a class="ghost" href="#a">Home</a></header>
<main><h1>A page built to fail</h1>
<p><a class="tiny" href="#1"></a><a class="tiny" href="#2"></a></p>
<div class="clip">This text is far too long for its box</div>
<p class="wide">A paragraph wider than the screen it sits on, so the page scrolls.</p>
<div style="height: 2000px"></div>
</main></body></html>"""


def test_the_checks_find_small_close_targets(tabs) -> None:
    page = tabs("phone")
    page.goto("about:blank")
    page.set_content(BAD_PAGE)
    checks.install(page)
    small = page.evaluate(checks.SMALL_TARGETS)["small"]
    assert len(small) == 2 and "12x12" in small[0], small


def test_the_checks_find_sideways_scrolling_and_clipped_text(tabs) -> None:
    page = tabs("narrow")
    page.goto("about:blank")
    page.set_content(BAD_PAGE)
    checks.install(page)
    reflow = page.evaluate(checks.REFLOW)
    assert any("scrolls sideways" in p for p in reflow), reflow
    assert any("text cut off" in p for p in reflow), reflow
    clipped = page.evaluate(checks.CLIPPED_AND_OVERLAPS)
    assert any("text clipped: div.clip" in p for p in clipped), clipped


def test_the_checks_find_focus_with_no_indicator(tabs) -> None:
    page = tabs("desktop")
    page.goto("about:blank")
    page.set_content(BAD_PAGE)
    checks.install(page)
    reached, problems = checks.tab_through(page, limit=3)
    assert reached and any("no visible focus indicator" in p for p in problems), problems


def test_the_checks_find_focus_behind_the_sticky_header(tabs) -> None:
    page = tabs("desktop")
    page.goto("about:blank")
    page.set_content(BAD_PAGE)
    checks.install(page)
    page.evaluate(checks.RECORD_UNFOCUSED)
    page.evaluate("""() => { const link = document.querySelector('.tiny');
        link.style.outline = '3px solid';
        window.scrollTo(0, window.scrollY + link.getBoundingClientRect().top - 20);
        link.focus({preventScroll: true}); }""")
    state = page.evaluate(checks.FOCUS_STATE)
    assert any("sticky header" in p for p in state["problems"]), state
