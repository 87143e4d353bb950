"""The quick needs checker: the ranking rule, its data, its validation, and its page with and
without JavaScript, by mouse and by keyboard, at desktop and phone widths."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from ordinarily.assembly.project import build, load_project
from ordinarily.checker.checker_page import CHECKER_JSON, checker_data, checker_json, rank
from ordinarily.core.rendering import page_url
from ordinarily.guide import model as m
from ordinarily.guide.loader import load_guide
from ordinarily.guide.pages import need_src

from conftest import EXAMPLE, ordinarily

GUIDE = load_guide(EXAMPLE)
DATA = checker_data(GUIDE)
CHECKER = GUIDE.checker
PHASES = [p.id for p in GUIDE.taxonomy.phases]

# A small guide's worth of data: three needs in the guide's order, three observations.
TOY = {
    "needs": [{"id": "a", "order": 0}, {"id": "b", "order": 1}, {"id": "c", "order": 2}],
    "observations": [
        {"id": "o1", "needs": ["b", "a"], "phases": ["p1", "p2"]},
        {"id": "o2", "needs": ["c", "b"], "phases": ["p1"]},
        {"id": "o3", "needs": ["c"], "phases": ["p2"]},
    ],
}


# --- The ranking rule -----------------------------------------------------------------------------

def test_rank_counts_observations_shared_between_needs() -> None:
    assert rank(TOY, ["o1", "o2"], "p1") == [("b", ["o1", "o2"]), ("a", ["o1"]), ("c", ["o2"])]


def test_rank_breaks_ties_by_the_guides_order() -> None:
    # o1 names b before a, but a comes first in the guide.
    assert rank(TOY, ["o1"], "p1") == [("a", ["o1"]), ("b", ["o1"])]
    assert rank(TOY, ["o2", "o1"], "p1")[1:] == [("a", ["o1"]), ("c", ["o2"])]


def test_rank_ignores_observations_outside_the_phase() -> None:
    assert rank(TOY, ["o1", "o2", "o3"], "p2") == [("a", ["o1"]), ("b", ["o1"]), ("c", ["o3"])]
    assert rank(TOY, ["o3"], "p1") == []
    assert rank(TOY, ["o1", "o2", "o3"], None) == [("b", ["o1", "o2"]), ("c", ["o2", "o3"]),
                                                   ("a", ["o1"])]


def test_rank_leaves_out_needs_that_score_nothing() -> None:
    assert rank(TOY, [], "p1") == []
    assert rank(TOY, ["no-such-observation"], "p1") == []
    assert [need for need, _ in rank(TOY, ["o3"], "p2")] == ["c"]


def test_rank_takes_the_model_or_its_data() -> None:
    ticked = [o.id for o in CHECKER.observations[:12]]
    for phase in PHASES:
        assert rank(GUIDE, ticked, phase) == rank(DATA, ticked, phase)


def test_rank_on_the_example_uses_the_guide_order_for_ties() -> None:
    order = [n.id for n in GUIDE.needs]
    for seed in range(30):
        rng = random.Random(seed)
        phase = rng.choice(PHASES)
        ticked = rng.sample([o.id for o in CHECKER.observations], rng.randint(1, 10))
        ranked = rank(GUIDE, ticked, phase)
        keys = [(-len(obs), order.index(need)) for need, obs in ranked]
        assert keys == sorted(keys)
        for need, obs in ranked:
            assert all(phase in _observation(o).phases and need in _observation(o).needs
                       for o in obs)


def _observation(obs_id: str) -> m.Observation:
    return next(o for o in CHECKER.observations if o.id == obs_id)


# --- The data file --------------------------------------------------------------------------------

def test_data_has_every_observation_need_and_phase() -> None:
    assert [o["id"] for o in DATA["observations"]] == [o.id for o in CHECKER.observations]
    assert [n["id"] for n in DATA["needs"]] == [n.id for n in GUIDE.needs]
    assert [n["order"] for n in DATA["needs"]] == list(range(len(GUIDE.needs)))
    assert [p["id"] for p in DATA["phases"]] == PHASES
    assert DATA["assess"]["url"] == "apdr/#assess"
    assert DATA["assess"]["questions"] == list(GUIDE.apdr.steps[0].questions)


def test_data_gives_first_steps_for_each_phase_at_the_checker_tiers() -> None:
    tiers = [t.id for t in GUIDE.taxonomy.checker_tiers]
    for need, data in zip(GUIDE.needs, DATA["needs"], strict=True):
        assert data["url"] == page_url(need_src(need))
        assert data["seek_help"] and data["assess"]
        assert sorted(data["first_steps"]) == sorted(need.phases)
        for phase, steps in data["first_steps"].items():
            assert steps, (need.id, phase)
            assert [tiers.index(s["tier"]) for s in steps] == sorted(
                tiers.index(s["tier"]) for s in steps)
            for step in steps:
                entry = need.entry(step["anchor"])
                assert entry.first_step and phase in entry.phases and entry.tier in tiers


def test_data_file_is_deterministic_with_sorted_keys() -> None:
    first = checker_json(GUIDE)
    assert first == checker_json(load_guide(EXAMPLE))
    assert first.decode() == json.dumps(json.loads(first), sort_keys=True, ensure_ascii=False,
                                        indent=1) + "\n"


def test_generate_writes_the_page_and_the_data(tmp_path: Path) -> None:
    result = ordinarily("generate", "--out", str(tmp_path / "out"), str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/site-files" / CHECKER_JSON).read_bytes() == checker_json(GUIDE)
    page = (tmp_path / "out/docs/checker.md").read_text("utf-8")
    assert page.startswith("---\ntitle: Quick needs checker\n")


def test_switched_off_the_checker_has_no_page_data_or_nav(project: Path) -> None:
    settings = project / "ordinarily.yml"
    settings.write_text(settings.read_text().replace("  checker: true", "  checker: false"))
    output = build(load_project(project))
    assert "checker.md" not in [p.src for p in output.pages]
    assert CHECKER_JSON not in output.files and "checker" not in output.nav


# --- Validation -----------------------------------------------------------------------------------

def test_validate_reports_an_unknown_need_in_the_checker(project: Path) -> None:
    path = project / "needs/checker.yml"
    text = path.read_text()
    line = text[: text.index("        needs: [")].count("\n") + 1
    path.write_text(text.replace("        needs: [", "        needs: [no-such-need, ", 1))
    result = ordinarily("validate", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^needs/checker\.yml:{line}: .*unknown need 'no-such-need'",
                     result.stderr, re.MULTILINE), result.stderr


def test_a_phase_with_no_first_step_is_a_gap_that_anytowns_rule_makes_fail(
        project: Path) -> None:
    name = "needs/sensory-and-physical/hearing.yml"
    path = project / name
    text = path.read_text()
    assert "first_step: true" in text
    path.write_text(text.replace("first_step: true", "first_step: false"))
    line = path.read_text().splitlines().index("provision:") + 1
    assert ordinarily("validate", str(project)).returncode == 0
    result = ordinarily("check-content", "--only", "gaps", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr  # rules: first_steps
    titles = {p.id: p.title for p in GUIDE.taxonomy.phases}
    for phase in PHASES:
        assert re.search(rf"^{re.escape(name)}:{line}: gap: no first step marked for the phase "
                         rf"'{titles[phase]}' .*\(required by rules: first_steps\)$",
                         result.stdout, re.MULTILINE), result.stdout


# --- The built page without JavaScript ------------------------------------------------------------

def test_site_has_the_data_file_and_links_to_the_page(site: Path) -> None:
    assert (site / CHECKER_JSON).read_bytes() == checker_json(GUIDE)
    home = (site / "index.html").read_text("utf-8")
    assert 'href="checker/"' in home
    assert 'href="../checker/"' in (site / "how-to-use/index.html").read_text("utf-8")


def test_without_javascript_every_observation_is_listed_with_working_links(page_at,
                                                                           site_url) -> None:
    page = page_at("/checker/", javascript=False)
    boxes = page.locator(".ord-checker input[type=checkbox]")
    assert boxes.count() == len(CHECKER.observations)
    assert page.locator("fieldset legend").all_inner_texts()[1:] == [t.title for t in
                                                                      CHECKER.themes]
    assert page.locator("input[type=radio][name=ord-phase]").count() == len(PHASES)
    assert page.get_by_text("This is not a diagnosis.").first.is_visible()
    assert page.get_by_text("Nothing you tick leaves your device.").first.is_visible()
    assert not page.get_by_role("button", name="Show suggestions").is_visible()
    hrefs: set[str] = set()
    for obs in CHECKER.observations:
        label = page.locator(f"label[for='obs-{obs.id}']")
        assert label.is_visible() and label.inner_text().strip() == obs.text
        links = page.locator(f"li:has(#obs-{obs.id}) .ord-obs__needs a")
        expected = [f"../{page_url(need_src(GUIDE.need(n)))}" for n in obs.needs]
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == expected
        hrefs.update(expected)
    for href in sorted(hrefs):
        response = page.request.get(urljoin(site_url + "/checker/", href))
        assert response.status == 200, href
        assert "<h1" in response.text()


# --- The page with JavaScript ---------------------------------------------------------------------

def _load_data(page) -> dict:
    return page.evaluate("async () => (window.__checkerData = "
                         "await (await fetch('checker.json')).json())")


def test_javascript_ranking_matches_python_on_random_ticks(page_at) -> None:
    page = page_at("/checker/")
    assert _load_data(page) == DATA
    ids = [o.id for o in CHECKER.observations]
    for seed in range(60):
        rng = random.Random(seed)
        phase = rng.choice(PHASES)
        ticked = rng.sample(ids, rng.randint(0, 20))
        in_js = page.evaluate("([t, p]) => window.ordinarilyChecker.rank(window.__checkerData, "
                              "t, p)", [ticked, phase])
        assert [(need, obs) for need, obs in in_js] == rank(DATA, ticked, phase), seed


def _pick(phase: str, count: int = 3) -> list[str]:
    """Observations for a phase that share a need, so the result has a clear leader."""
    fits = [o for o in CHECKER.observations if phase in o.phases]
    need = max(GUIDE.needs, key=lambda n: sum(n.id in o.needs for o in fits))
    shared = [o.id for o in fits if need.id in o.needs][: count - 1]
    other = next(o.id for o in fits if need.id not in o.needs)
    return [*shared, other]


def _show(page, phase: str, ticked: list[str]) -> None:
    page.check(f"#ord-phase-{phase}")
    for obs_id in ticked:
        page.check(f"#obs-{obs_id}")
    page.get_by_role("button", name="Show suggestions").click()
    page.locator("[data-ord-results] .ord-result").first.wait_for()


def _result_needs(page) -> list[str]:
    hrefs = page.locator(".ord-result h3 a").evaluate_all("links => links.map(a => a.href)")
    return [urlparse(h).path.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def _assert_result(page, phase: str, ticked: list[str]) -> None:
    expected = rank(DATA, ticked, phase)
    assert page.evaluate("document.activeElement.id") == "ord-results-title"
    assert _result_needs(page) == [need for need, _ in expected]
    results = page.locator("[data-ord-results]")
    assert "This is not a diagnosis." in results.inner_text()
    page.wait_for_function("() => document.querySelector('[data-ord-status]').textContent !== ''")
    status = page.locator("[data-ord-status]").text_content()
    assert status.startswith(f"{len(expected)} need{'s' if len(expected) != 1 else ''} "
                             "suggested")
    for item, (need_id, led_by) in zip(page.locator(".ord-result").all(), expected,
                                       strict=True):
        text = item.inner_text()
        need = GUIDE.need(need_id)
        assert all(_observation(o).text in text for o in led_by)
        assert all(s in text for s in need.seek_help)
        assert all(q in text for q in need.apdr["assess"])
    for question in GUIDE.apdr.steps[0].questions:
        assert question in results.inner_text()


def _assert_links_land(page, phase: str) -> None:
    hrefs = page.locator("[data-ord-results] a").evaluate_all("as => as.map(a => a.href)")
    targets: dict[str, set[str]] = {}
    for href in hrefs:
        url, _, anchor = href.partition("#")
        targets.setdefault(url, set()).add(anchor)
    visit = page.context.new_page()
    for url, anchors in sorted(targets.items()):
        response = visit.goto(url, wait_until="domcontentloaded")
        assert response.status == 200, url
        if "/needs/" in url and not url.endswith("/families/"):  # a family view has no phases
            assert url.endswith(f"/?phase={phase}")
            assert visit.locator("#ord-phase-select").input_value() == phase
        for anchor in anchors - {""}:
            if url.endswith("/next-steps/") and anchor.startswith("needs="):
                continue  # the suggested needs for the page's script, not an anchor
            target = visit.locator(f"[id='{anchor}']")
            assert target.count() == 1 and target.is_visible(), f"{url}#{anchor}"
    visit.close()


def test_journey_shows_ranked_results_whose_links_all_land(page_at, site_url) -> None:
    page = page_at("/checker/")
    ticked = _pick("primary")
    _show(page, "primary", ticked)
    _assert_result(page, "primary", ticked)
    assert page.locator(".ord-result").count() >= 2
    _assert_links_land(page, "primary")
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    assert page.requests and all(url.startswith(site_url + "/") for url in page.requests)


def _tab_to(page, selector: str, limit: int = 800) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_journey(page_at) -> None:
    page = page_at("/checker/")
    phase = PHASES[0]  # Tab lands on the group's first radio; Space chooses it
    ticked = _pick(phase)
    _tab_to(page, f"#ord-phase-{phase}")
    page.keyboard.press("Space")
    assert page.is_checked(f"#ord-phase-{phase}")
    for obs_id in [o.id for o in CHECKER.observations if o.id in ticked]:
        _tab_to(page, f"#obs-{obs_id}")
        page.keyboard.press("Space")
        assert page.is_checked(f"#obs-{obs_id}")
    _tab_to(page, "[data-ord-show]")
    page.keyboard.press("Enter")
    page.locator(".ord-result").first.wait_for()
    _assert_result(page, phase, ticked)
    first = rank(DATA, ticked, phase)[0][0]
    _tab_to(page, ".ord-result h3 a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"{page_url(need_src(GUIDE.need(first)))}?phase={phase}")


def test_keyboard_focus_is_visible_on_the_controls(page_at) -> None:
    page = page_at("/checker/")
    for selector in ("#ord-phase-early-years", "[data-ord-show]"):
        _tab_to(page, selector)
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid", selector


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_targets_are_at_least_24_pixels(page_at, viewport: str) -> None:
    page = page_at("/checker/", viewport=viewport)
    _show(page, "primary", _pick("primary"))
    small = page.evaluate("""() => [...document.querySelectorAll(
        '.ord-checker input, .ord-checker button, .ord-checker__results button,'
        + ' .ord-obs__needs a, .ord-checker__results a')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.id || e.textContent, e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24).map(([n]) => n)""")
    assert small == []


def test_choosing_a_phase_hides_and_disables_other_observations(page_at) -> None:
    page = page_at("/checker/")
    page.check("#obs-not-babbling-by-18-months")
    page.check("#ord-phase-secondary")
    fits = [o.id for o in CHECKER.observations if "secondary" in o.phases]
    enabled = page.locator("input[data-ord-observation]:enabled")
    assert enabled.evaluate_all("es => es.map(e => e.value)") == fits
    assert not page.locator("#obs-not-babbling-by-18-months").is_visible()
    assert page.locator("#obs-not-babbling-by-18-months").is_disabled()
    page.check(f"#obs-{fits[0]}")
    page.get_by_role("button", name="Show suggestions").click()
    assert _result_needs(page) == [n for n, _ in rank(DATA, [fits[0]], "secondary")]
    assert "babbling" not in page.locator("[data-ord-results]").inner_text()


def test_problems_are_explained_and_focus_moves_to_the_fix(page_at) -> None:
    page = page_at("/checker/")
    show = page.get_by_role("button", name="Show suggestions")
    show.click()
    assert "choose the phase" in page.locator("[data-ord-error]").inner_text()
    assert page.evaluate("document.activeElement.id") == "ord-phase-early-years"
    page.check("#ord-phase-primary")
    show.click()
    assert "tick at least one" in page.locator("[data-ord-error]").inner_text()
    assert page.evaluate("document.activeElement.type") == "checkbox"
    assert page.locator("[data-ord-results]").is_hidden()


def test_changing_answers_marks_the_result_out_of_date(page_at) -> None:
    page = page_at("/checker/")
    ticked = _pick("primary")
    _show(page, "primary", ticked)
    assert page.locator("[data-ord-stale]").is_hidden()
    page.uncheck(f"#obs-{ticked[0]}")
    assert page.locator("[data-ord-stale]").is_visible()
    page.get_by_role("button", name="Show suggestions").click()
    assert page.locator("[data-ord-stale]").is_hidden()
    assert _result_needs(page) == [n for n, _ in rank(DATA, ticked[1:], "primary")]


def test_copy_as_text(page_at) -> None:
    page = page_at("/checker/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ticked = _pick("primary")
    _show(page, "primary", ticked)
    page.get_by_role("button", name="Copy as text").click()
    page.wait_for_function("() => document.querySelector('[data-ord-copied]').textContent !== ''")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("Quick needs checker: suggestions\n")
    assert "This is not a diagnosis." in text and "Phase: Primary" in text
    for need_id, _ in rank(DATA, ticked, "primary"):
        need = GUIDE.need(need_id)
        assert re.search(rf"\d+\. {re.escape(need.title)}: http://[^\s]+/"
                         rf"{re.escape(page_url(need_src(need)))}\?phase=primary", text)


def test_copy_falls_back_to_selected_text(page_at) -> None:
    page = page_at("/checker/")
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    _show(page, "primary", _pick("primary"))
    page.get_by_role("button", name="Copy as text").click()
    box = page.locator("#ord-checker-text")
    assert box.is_visible() and box.input_value().startswith("Quick needs checker")
    assert page.evaluate("document.activeElement.id") == "ord-checker-text"
    selected = page.evaluate("(() => { const t = document.activeElement; "
                             "return t.selectionEnd - t.selectionStart; })()")
    assert selected == len(box.input_value())


def test_print_shows_only_the_phase_ticks_and_result(page_at) -> None:
    page = page_at("/checker/")
    ticked = _pick("primary")
    _show(page, "primary", ticked)
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed === true")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar", ".ord-checker", ".ord-checker__intro",
                   ".ord-checker__notice", ".ord-checker__tools", ".ord-page-footer"):
        assert page.locator(hidden).first.is_hidden(), hidden
    results = page.locator("[data-ord-results]")
    assert results.is_visible()
    text = results.inner_text()
    assert "Phase: Primary" in text and "This is not a diagnosis." in text
    assert all(_observation(o).text in text for o in ticked)
