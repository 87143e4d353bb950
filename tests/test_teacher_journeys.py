"""A teacher reaches the right first step in seconds (issue 25), in a browser at 375 by 667 and
1280 by 900: the need page's "Start here" box and collapsible tiers, universal expectations
narrowed by phase, the checker on a phone, and the APDR cycle. Every new state is checked with
axe-core and with the page checks of tests/page_checks.py (keyboard, 320 px reflow, text
spacing), and nothing is kept on the device."""

from __future__ import annotations

import page_checks as checks
import pytest

from browser import describe, run_axe

SETTLED = """() => document.getAnimations().every(a => a.playState !== "running"
  || a.effect.getComputedTiming().iterations === Infinity)"""


PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
ATTENTION = "/needs/social-emotional-and-mental-health/attention-and-impulsivity/"
# The first steps example/needs/.../attention-and-impulsivity.yml marks for primary, in order.
PRIMARY_STEPS = ["Give instructions in short chunks", "Keep routines the same and signal changes",
                 'Use a "now and next" board or task list',
                 "Set up a daily check-in and check-out"]


@pytest.fixture
def open_at(browser, site_url):
    contexts = []

    def opener(path: str, size: str | dict = "phone", javascript: bool = True, **options):
        viewport = size if isinstance(size, dict) else SIZES[size]
        context = browser.new_context(viewport=viewport,
                                      java_script_enabled=javascript, **options)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(site_url + path, wait_until="networkidle")
        return page

    yield opener
    for context in contexts:
        context.close()


def no_axe_violations(page, state: str) -> None:
    page.wait_for_timeout(50)  # a transition the last action started (the theme's header)
    page.wait_for_function(SETTLED)
    violations = run_axe(page)
    assert violations == [], f"{state}:\n{describe(violations)}"


def nothing_kept(page, site_url: str) -> None:
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
    assert page.context.cookies() == []
    assert all(url.startswith(site_url + "/") for url in page.requests)


def layout_problems(page) -> list[str]:
    """Reflow and clipping, measured from the top of the page (scrolled down, the theme's
    header swaps the site's name for the page's title, shortened with an ellipsis on purpose)."""
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(50)
    page.wait_for_function(SETTLED)
    checks.install(page)
    return page.evaluate(checks.REFLOW) + page.evaluate(checks.CLIPPED_AND_OVERLAPS)


# --- Need pages -----------------------------------------------------------------------------------

def test_start_here_is_within_two_phone_screens_for_primary(open_at, site_url) -> None:
    page = open_at(ATTENTION + "?phase=primary")
    shown = page.locator(".ord-start li:visible > a")
    assert shown.all_inner_texts() == PRIMARY_STEPS
    top = shown.first.evaluate("(a) => a.getBoundingClientRect().top + window.scrollY")
    assert top < 2 * PHONE["height"], top
    services = page.locator("[data-ord-phase-list]:visible")
    assert services.count() == 1 and services.get_attribute("data-ord-phase-list") == "primary"
    assert "Bramley inclusive youth club" not in services.inner_text()  # ages 11 to 19
    shown.first.click()
    assert page.url.endswith("#give-short-clear-instructions")
    assert page.locator("#give-short-clear-instructions").is_visible()
    nothing_kept(page, site_url)


def test_without_javascript_start_here_shows_every_phase_and_every_tier_is_open(open_at) -> None:
    page = open_at(ATTENTION + "?phase=primary", javascript=False)
    assert len(page.locator(".ord-start li:visible").all()) == 6  # the union of every phase
    assert page.locator(".ord-disclosure").count() == 0
    services = page.locator("[data-ord-phase-list]:visible")
    assert services.count() == 1 and services.get_attribute("data-ord-phase-list") == ""
    for body in page.locator("[data-ord-collapsible]").all():
        assert body.is_visible()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_tier_sections_collapse_and_expand_from_the_keyboard(open_at, size: str) -> None:
    page = open_at(ATTENTION, size)
    button = page.locator("#tier-sen-support .ord-disclosure")
    body = page.locator("#tier-sen-support-content")
    assert button.get_attribute("aria-controls") == "tier-sen-support-content"
    assert button.get_attribute("aria-expanded") == "true" and body.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "false" and body.is_hidden()
    assert "Show" in button.inner_text()
    assert page.locator("#tier-universal-content").is_visible()  # only that tier closed
    no_axe_violations(page, f"need page, a tier closed, {size}")
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true" and body.is_visible()
    assert page.locator("#set-up-check-in-and-check-out").is_visible()


def test_print_shows_every_section_open(open_at) -> None:
    page = open_at(ATTENTION)
    for button in page.locator(".ord-disclosure").all():
        button.click()
    assert page.locator("[data-ord-collapsible]:visible").count() == 0
    page.emulate_media(media="print")
    bodies = page.locator("[data-ord-collapsible]")
    assert bodies.count() == 3
    for body in bodies.all():
        assert body.is_visible()
    assert page.locator(".ord-entry:visible").count() == page.locator(".ord-entry").count()
    assert page.locator(".ord-disclosure:visible, .ord-permalink:visible").count() == 0


def test_a_link_to_an_entry_in_a_closed_tier_opens_it(open_at) -> None:
    page = open_at(ATTENTION)
    page.locator("#tier-specialist .ord-disclosure").click()
    page.evaluate("() => { window.location.hash = 'ask-an-area-senco'; }")
    page.wait_for_function("() => !document.getElementById('tier-specialist-content').hidden")
    assert page.locator("#ask-an-area-senco").is_visible()


def test_need_page_states_pass_the_page_checks(open_at, site_url) -> None:
    page = open_at(ATTENTION + "?phase=primary", "desktop")
    reached, problems = checks.tab_through(page)
    names = " ".join(r["name"] for r in reached)
    assert "Hide Universal" in names and "Permalink: Give instructions" in names
    assert problems == [], "\n".join(problems)
    narrow = open_at(ATTENTION + "?phase=primary", {"width": 320, "height": 256})
    narrow.locator("#tier-universal .ord-disclosure").click()
    assert layout_problems(narrow) == []
    spaced = open_at(ATTENTION, "phone", bypass_csp=True)
    spaced.add_style_tag(content=checks.TEXT_SPACING_CSS)
    spaced.locator("#tier-universal .ord-disclosure").click()
    assert layout_problems(spaced) == []
    checks.install(spaced)
    assert spaced.evaluate(checks.SMALL_TARGETS)["small"] == []


# --- Universal expectations -----------------------------------------------------------------------

@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_universal_expectations_narrow_by_phase_and_themes_collapse(open_at, size: str) -> None:
    page = open_at("/universal/?phase=early-years", size)
    assert page.locator("#ord-phase-select").input_value() == "early-years"
    entries = page.locator(".ord-entry")
    assert entries.count() > 10
    for entry in entries.all():
        phases = (entry.get_attribute("data-phases") or "").split()
        assert entry.is_visible() == ("early-years" in phases)
    first = page.locator("[data-ord-collapsible]").first
    button = page.locator(f"[aria-controls='{first.get_attribute('id')}']")
    button.focus()
    page.keyboard.press("Enter")
    assert first.is_hidden() and button.get_attribute("aria-expanded") == "false"
    no_axe_violations(page, f"universal, early years, a theme closed, {size}")
    page.select_option("#ord-phase-select", "")
    assert "phase=" not in page.url
    assert page.locator(".ord-entry:visible").count() == entries.count() - page.locator(
        f"#{first.get_attribute('id')} .ord-entry").count()


# --- The checker on a phone -----------------------------------------------------------------------

def _primary_boxes(page) -> list[str]:
    return page.locator("input[data-ord-observation]:enabled").evaluate_all(
        "(es) => es.map((e) => e.id)")


def _in_viewport(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_checker_phase_comes_first_on_a_phone(open_at) -> None:
    page = open_at("/checker/")
    assert _in_viewport(page.locator("#ord-phase-early-years"))
    assert page.locator("details.ord-checker__more").evaluate("(d) => !d.open")
    assert page.get_by_text("This is not a diagnosis.").first.is_visible()
    assert page.locator(".ord-obs__may:visible").count() == 0  # nothing suggested before a tick
    no_axe_violations(page, "checker, nothing ticked, phone")


def test_show_suggestions_is_in_view_after_every_tick(open_at) -> None:
    page = open_at("/checker/")
    page.check("#ord-phase-primary")
    show = page.locator("[data-ord-show]")
    ids = _primary_boxes(page)
    assert len(ids) > 20
    for n, box_id in enumerate(ids, start=1):
        page.check(f"#{box_id}")
        assert _in_viewport(show), box_id
        assert show.inner_text() == f"Show suggestions ({n} ticked)"
        covered = page.evaluate("""(id) => { const e = document.getElementById(id);
            const r = e.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !(hit === e || (e.labels[0] && e.labels[0].contains(hit))); }""", box_id)
        assert not covered, f"{box_id} is under the bar"
    no_axe_violations(page, "checker, everything ticked, phone")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_may_suggest_appears_only_in_the_result_and_start_again_clears_it(open_at, site_url,
                                                                          size: str) -> None:
    page = open_at("/checker/", size)
    page.check("#ord-phase-primary")
    page.check("#obs-fidgets-and-leaves-seat")
    page.check("#obs-acts-before-thinking")
    assert page.locator(".ord-obs__may:visible").count() == 0
    no_axe_violations(page, f"checker, two ticks, {size}")
    page.locator("[data-ord-show]").click()
    results = page.locator("[data-ord-results]")
    assert results.is_visible()
    assert "Attention and impulsivity" in page.locator(".ord-result h3").first.inner_text()
    no_axe_violations(page, f"checker, result, {size}")
    page.locator("[data-ord-reset]").click()
    assert page.locator(".ord-checker input:checked").count() == 0
    assert results.is_hidden() and page.locator("[data-ord-results-body]").inner_text() == ""
    assert page.evaluate("() => document.activeElement.id") == "ord-phase-early-years"
    assert page.locator("[data-ord-show]").inner_text() == "Show suggestions (0 ticked)"
    no_axe_violations(page, f"checker, started again, {size}")
    nothing_kept(page, site_url)


def test_checker_with_ticks_passes_the_page_checks(open_at) -> None:
    page = open_at("/checker/")
    page.check("#ord-phase-primary")
    page.check("#obs-fidgets-and-leaves-seat")
    page.evaluate("() => window.scrollTo(0, 0)")
    reached, problems = checks.tab_through(page, limit=120)
    assert any("Show suggestions" in r["name"] for r in reached)
    assert problems == [], "\n".join(problems)
    narrow = open_at("/checker/", {"width": 320, "height": 256})
    narrow.check("#ord-phase-primary")
    narrow.check("#obs-fidgets-and-leaves-seat")
    assert layout_problems(narrow) == []
    spaced = open_at("/checker/", "phone", bypass_csp=True)
    spaced.add_style_tag(content=checks.TEXT_SPACING_CSS)
    spaced.check("#ord-phase-primary")
    spaced.check("#obs-fidgets-and-leaves-seat")
    assert layout_problems(spaced) == []


def test_without_javascript_the_checklist_still_links_to_needs(open_at) -> None:
    page = open_at("/checker/", javascript=False)
    assert page.locator(".ord-obs__may:visible").count() > 20
    assert page.locator("[data-ord-actions]").is_hidden()


# --- APDR -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_apdr_is_drawn_as_a_cycle_with_a_list_to_read(open_at, size: str) -> None:
    page = open_at("/apdr/", size)
    steps = page.locator(".ord-cycle__steps a")
    assert [a.get_attribute("href") for a in steps.all()] == ["#assess", "#plan", "#do",
                                                              "#review"]
    assert page.locator(".ord-cycle__ring").get_attribute("aria-hidden") == "true"
    boxes = [a.bounding_box() for a in steps.all()]
    centre = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in boxes]
    # Clockwise from the top: Assess above, Plan to the right, Do below, Review to the left.
    assert centre[0][1] < centre[1][1] < centre[2][1] and centre[3][0] < centre[0][0] < \
        centre[1][0]
    no_axe_violations(page, f"apdr, {size}")
    page.emulate_media(media="print")
    assert page.locator(".ord-cycle__steps").is_visible()
    steps.nth(1).evaluate("(a) => a.click()")
    assert page.url.endswith("#plan")
