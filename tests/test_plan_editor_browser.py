"""The plan editor on /plans/<template>/ in a real browser (issue 27): the acceptance journey
(two strategies from two need pages and one from the checker's result, an outcome edited, the
plan downloaded and opened in a fresh browser, one strategy marked "No" at review and the next
draft without it), moving rows by buttons with the move announced and focus kept, nothing kept
on the device without a yes, axe at 1280 and 375 px before and after editing, no request leaving
the origin, Copy as text and A4 print without navigation or buttons.

Titles, sources, tiers, labels and the review interval are read here from the example's YAML
(needs/, plans/, ordinarily.yml), never from the engine or its guide.json."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pypdf
import pytest
import yaml

from browser import STORAGE, VIEWPORTS, describe, run_axe
from conftest import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.build]

ISP = "individual-support-plan"
PLAN = f"/plans/{ISP}/"
TEMPLATE = yaml.safe_load((EXAMPLE / "plans" / f"{ISP}.yml").read_text("utf-8"))
TAXONOMY = yaml.safe_load((EXAMPLE / "needs" / "taxonomy.yml").read_text("utf-8"))
SETTINGS = yaml.safe_load((EXAMPLE / "ordinarily.yml").read_text("utf-8"))
OFFER = yaml.safe_load((EXAMPLE / "plans" / "inclusion-offer.yml").read_text("utf-8"))
UNIVERSAL = yaml.safe_load((EXAMPLE / "needs" / "universal.yml").read_text("utf-8"))
AUTISM = "/needs/communication-and-interaction/autism/"
ATTENTION = "/needs/social-emotional-and-mental-health/attention-and-impulsivity/"
READY = "() => document.getElementById('ord-plan')?.dataset.ready === 'true'"
SETTLED = """() => document.getAnimations().every(a => a.playState !== "running"
  || a.effect.getComputedTiming().iterations === Infinity)"""


# ---------- expected values, from the YAML ----------
def fields_of(kind: str) -> list[dict]:
    return [f for s in TEMPLATE["sections"] for f in s["fields"] if f["type"] == kind]


STRATEGIES = fields_of("strategies")[0]["id"]
OUTCOMES = fields_of("outcomes")[0]["id"]


def need_file(need_id: str) -> Path:
    return next((EXAMPLE / "needs").glob(f"*/{need_id}.yml"))


def expected_entry(key: str) -> dict:
    """Title, source (the need's title) and tier title of a provision entry, from its YAML."""
    need_id, entry_id = key.split("/")
    need = yaml.safe_load(need_file(need_id).read_text("utf-8"))
    entry = next(e for e in need["provision"] if e["id"] == entry_id)
    tier = next(t for t in TAXONOMY["tiers"] if t["id"] == entry["tier"])
    return {"title": entry["title"], "source": need["title"], "tier": tier["title"]}


def review_date_default() -> str:
    weeks = (SETTINGS.get("plans") or {}).get("review_after_weeks")
    if not weeks:
        return ""
    return (datetime.date.today() + datetime.timedelta(weeks=weeks)).isoformat()


# ---------- browser helpers ----------
def fresh_page(browser, site_url: str, viewport: str = "phone"):
    """A new browser (context) whose every request is routed: another origin is refused and
    recorded in page.outside."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True)
    page = context.new_page()
    page.outside = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(site_url + "/") or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            page.outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    return page


def open_plan(page, site_url: str, path: str = PLAN) -> None:
    page.goto(site_url + path, wait_until="networkidle")
    page.wait_for_function(READY)


def stored(page) -> dict:
    found = page.evaluate(STORAGE)
    found["cookies"] = page.context.cookies()
    return found


def nothing_stored(page) -> bool:
    return stored(page) == {"local": [], "session": [], "idb": [], "cookie": "", "cookies": []}


def strategy_titles(page) -> list[str]:
    rows = page.locator(f'[data-rows="{STRATEGIES}"] > li')
    titles = []
    for n in range(rows.count()):
        row = rows.nth(n)
        own = row.locator("input[id$='-title']")
        titles.append(own.input_value() if own.count() else
                      row.locator("legend .ord-plan__row-title").first.inner_text())
    return titles


def status(page, begins: str) -> str:
    """The live region's message once it begins with `begins` (messages arrive a moment late,
    so that screen readers announce a repeated one)."""
    page.wait_for_function(
        "(begins) => document.querySelector('.ord-plan__status').textContent.startsWith(begins)",
        arg=begins)
    return page.locator(".ord-plan__status").inner_text()


def no_axe(page, state: str) -> None:
    for size in ("desktop", "phone"):
        page.set_viewport_size(VIEWPORTS[size])
        page.wait_for_timeout(100)  # a transition the resize started (the theme's header search)
        page.wait_for_function(SETTLED)
        violations = run_axe(page)
        assert violations == [], f"{state} at {size}:\n{describe(violations)}"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[size]["width"], f"{state} scrolls sideways at {size}"


def add_from(page, site_url: str, path: str) -> str:
    """Press the first "Add to plan" on a need page; returns the entry's key."""
    page.goto(site_url + path, wait_until="networkidle")
    entry = page.locator("[data-plan-entry]").first
    key = entry.get_attribute("data-plan-entry")
    entry.get_by_role("button", name=re.compile("^Add to plan")).click()
    return key


def keep_it(page) -> None:
    """Answer the one consent question (asked by the first pick) with "Keep it"."""
    page.get_by_role("button", name="Keep it").click()


def add_from_checker(page, site_url: str, known: set[str]) -> str:
    page.goto(site_url + "/checker/", wait_until="networkidle")
    page.check("#ord-phase-primary")
    page.check("#obs-fidgets-and-leaves-seat")
    page.locator("[data-ord-show]").click()
    entries = page.locator("[data-ord-results] [data-plan-entry]")
    page.wait_for_function("() => document.querySelectorAll("
                           "'[data-ord-results] [data-plan-entry] button').length > 0")
    for n in range(entries.count()):
        key = entries.nth(n).get_attribute("data-plan-entry")
        if key not in known:
            entries.nth(n).get_by_role("button", name=re.compile("^Add to plan")).click()
            return key
    raise AssertionError("the checker's result offers no entry not already picked")


# ---------- tests ----------
def test_journey_from_the_guide_to_the_next_plan(browser, site_url, tmp_path: Path) -> None:
    page = fresh_page(browser, site_url)
    first = add_from(page, site_url, AUTISM)
    assert nothing_stored(page)  # asked, not yet answered: nothing kept
    keep_it(page)
    second = add_from(page, site_url, ATTENTION)
    third = add_from_checker(page, site_url, {first, second})
    keys = [first, second, third]
    expected = [expected_entry(k) for k in keys]

    page.get_by_role("link", name=re.compile("^My plan")).first.click()
    page.wait_for_function(READY)
    assert page.url.split("#")[0] == site_url + PLAN and "#" not in page.url  # picks cleared
    assert strategy_titles(page) == [e["title"] for e in expected]
    sources = page.locator(f'[data-rows="{STRATEGIES}"] .ord-plan__source')
    for n, entry in enumerate(expected):
        assert sources.nth(n).inner_text() == f"From: {entry['source']}, {entry['tier']}"
        href = sources.nth(n).locator("a").get_attribute("href")
        assert href.split("#")[1] == keys[n].split("/")[1]  # the entry's anchor on its page
    kept = stored(page)["local"]
    assert "ordinarily:plan-picks" not in kept and f"ordinarily:plan:{ISP}" in kept
    no_axe(page, "plan with three picks")

    page.locator(f"#ord-plan-f-{OUTCOMES}-add").click()
    outcome = "R. reads a ten-word instruction card without help in three of five lessons"
    page.keyboard.type(outcome)
    page.fill(f"#ord-plan-f-{OUTCOMES}-0-measure", "Class teacher's tally each Friday")
    no_axe(page, "plan after editing an outcome")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download", exact=True).click()
    saved = tmp_path / "plan.html"
    download.value.save_as(saved)
    assert page.outside == []
    page.context.close()

    again = fresh_page(browser, site_url, "desktop")
    open_plan(again, site_url)
    assert strategy_titles(again) == []
    assert nothing_stored(again)
    again.set_input_files("#ord-plan-open", str(saved))
    status(again, "Opened the plan")
    assert strategy_titles(again) == [e["title"] for e in expected]
    assert again.input_value(f"#ord-plan-f-{OUTCOMES}-0-outcome") == outcome

    again.get_by_role("button", name="Review this plan").click()
    helped = again.locator(f'[data-rows="{STRATEGIES}"] > li').nth(1).locator(".ord-plan__helped")
    assert helped.locator("legend").inner_text() == "Did it help?"
    helped.get_by_label("No", exact=True).check()
    again.locator(f'[data-rows="{STRATEGIES}"] > li').nth(0) \
        .get_by_label("Yes", exact=True).check()
    no_axe(again, "review mode")
    again.get_by_role("button", name="Start the next plan").first.click()
    assert strategy_titles(again) == [expected[0]["title"], expected[2]["title"]]
    record = again.locator(".ord-plan__record")
    assert record.locator("h3").inner_text() == "Tried and stopped"
    assert record.locator("li").all_inner_texts() == [expected[1]["title"]]
    assert again.input_value(f"#ord-plan-f-{OUTCOMES}-0-outcome") == outcome
    for field in fields_of("review-date"):
        assert again.input_value(f"#ord-plan-f-{field['id']}") == review_date_default()
    again.get_by_role("button", name="Review this plan").click()  # answers cleared
    assert again.locator(".ord-plan__helped input:checked").count() == 0
    assert again.outside == []
    assert nothing_stored(again)  # this browser never said yes
    again.context.close()


def test_nothing_is_kept_without_a_yes_and_the_draft_survives_a_reload_after(
        browser, site_url) -> None:
    page = fresh_page(browser, site_url)
    key = add_from(page, site_url, AUTISM)  # the question is asked; left unanswered
    link = page.get_by_role("link", name=re.compile("^My plan")).first
    assert f"#add={key}" in link.get_attribute("href")
    link.click()
    page.wait_for_function(READY)
    assert strategy_titles(page) == [expected_entry(key)["title"]]
    page.locator(f"#ord-plan-f-{OUTCOMES}-add").click()
    page.keyboard.type("Settles within five minutes of arriving")
    assert nothing_stored(page)
    question = page.get_by_role("group", name="Keep this draft on this device?")
    assert "initials" in question.inner_text()
    question.get_by_role("button", name="Keep it").click()
    assert sorted(stored(page)["local"]) == ["ordinarily:allowed", f"ordinarily:plan:{ISP}"]
    page.reload(wait_until="networkidle")
    page.wait_for_function(READY)
    assert strategy_titles(page) == [expected_entry(key)["title"]]
    assert page.input_value(f"#ord-plan-f-{OUTCOMES}-0-outcome") == \
        "Settles within five minutes of arriving"
    page.get_by_role("button", name="Delete everything from this device").click()
    assert nothing_stored(page)
    assert page.outside == []
    page.context.close()


def test_rows_move_by_buttons_with_focus_kept_and_the_move_announced(browser, site_url) -> None:
    page = fresh_page(browser, site_url, "desktop")
    keys = [f"autism/{e['id']}" for e in
            yaml.safe_load(need_file("autism").read_text("utf-8"))["provision"][:3]]
    titles = [expected_entry(k)["title"] for k in keys]
    open_plan(page, site_url, f"{PLAN}#add={','.join(keys)}")
    assert strategy_titles(page) == titles
    page.locator(f"#ord-plan-f-{STRATEGIES}-2-up").click()
    assert strategy_titles(page) == [titles[0], titles[2], titles[1]]
    assert page.evaluate("() => document.activeElement.id") == f"ord-plan-f-{STRATEGIES}-1-up"
    assert status(page, "Moved") == f"Moved {titles[2]} to position 2 of 3."
    page.keyboard.press("Enter")  # focus stayed on the moved row's button: move it again
    assert strategy_titles(page) == [titles[2], titles[0], titles[1]]
    assert page.evaluate("() => document.activeElement.id") == f"ord-plan-f-{STRATEGIES}-0-up"
    page.keyboard.press("Enter")  # at the top: nothing moves, and it says so
    assert status(page, "Already") == "Already at the top."
    assert strategy_titles(page) == [titles[2], titles[0], titles[1]]
    page.locator(f"#ord-plan-f-{STRATEGIES}-0-remove").click()
    assert strategy_titles(page) == [titles[0], titles[1]]
    assert page.evaluate("() => document.activeElement.id") == f"ord-plan-f-{STRATEGIES}-0-remove"
    page.get_by_role("button", name="Add your own strategy").click()
    page.keyboard.type("Sit near the door")
    assert strategy_titles(page) == [titles[0], titles[1], "Sit near the door"]
    page.context.close()


def test_copy_as_text_has_headings_and_numbered_lines(browser, site_url) -> None:
    page = fresh_page(browser, site_url, "desktop")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    keys = [f"autism/{e['id']}" for e in
            yaml.safe_load(need_file("autism").read_text("utf-8"))["provision"][:2]]
    open_plan(page, site_url, f"{PLAN}#add={','.join(keys)}")
    page.get_by_role("button", name="Copy as text").click()
    status(page, "Copied the plan as text")
    text = page.evaluate("() => navigator.clipboard.readText()")
    lines = text.splitlines()
    assert lines[0] == f"{TEMPLATE['title']} (draft)"
    headings = [f"{n}. {s['title'].upper()}" for n, s in enumerate(TEMPLATE["sections"], 1)]
    assert [line for line in lines if line in headings] == headings
    for n, key in enumerate(keys, 1):
        assert f"   {n}. {expected_entry(key)['title']}" in lines
    assert "<" not in text
    page.context.close()


def test_prints_on_a4_without_navigation_or_buttons(browser, site_url) -> None:
    page = fresh_page(browser, site_url, "desktop")
    key = f"autism/{yaml.safe_load(need_file('autism').read_text('utf-8'))['provision'][0]['id']}"
    open_plan(page, site_url, f"{PLAN}#add={key}")
    page.locator(f"#ord-plan-f-{OUTCOMES}-add").click()
    page.keyboard.type("Joins the group task for ten minutes")
    sheets = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages
    for sheet in sheets:
        box = sheet.mediabox
        assert round(float(box.width) / 72 * 25.4) == 210
        assert round(float(box.height) / 72 * 25.4) == 297  # A4 in mm
    text = "\n".join(sheet.extract_text() for sheet in sheets)
    assert expected_entry(key)["title"] in text
    for control in ("Move up", "Move down", "Copy as text", "Open a saved plan",
                    "Review this plan", "Add an outcome", "Add your own strategy",
                    "Skip to content", "Drag to move"):
        assert control not in text, control
    page.emulate_media(media="print")
    shown = page.evaluate("() => [...document.querySelectorAll('button, input, textarea, select,"
                          " nav, .md-header, .md-sidebar, .md-footer, .md-tabs')]"
                          ".filter((b) => b.getClientRects().length).length")
    assert shown == 0
    printed = page.locator(".ord-plan-print").inner_text()
    assert expected_entry(key)["title"] in printed
    assert "Joins the group task for ten minutes" in printed
    for section in TEMPLATE["sections"]:
        assert section["title"] in printed
    page.context.close()


def test_first_field_and_actions_are_near_the_top_on_a_phone(browser, site_url) -> None:
    page = fresh_page(browser, site_url, "phone")
    open_plan(page, site_url)
    actions = page.locator(".ord-plan__actions").bounding_box()
    first = page.locator(".ord-plan__form input, .ord-plan__form textarea").first.bounding_box()
    height = VIEWPORTS["phone"]["height"]
    assert actions["y"] + actions["height"] <= 2 * height  # within two phone screens
    assert first["y"] <= 3 * height
    no_axe(page, "blank plan")
    assert page.outside == []
    page.context.close()


def test_a_new_plan_has_its_hints_described_and_the_review_date_set(browser, site_url) -> None:
    page = fresh_page(browser, site_url, "desktop")
    open_plan(page, site_url)
    boxes = [f for s in TEMPLATE["sections"] for f in s["fields"]
             if f["type"] in ("text", "paragraphs", "date", "review-date")]
    for field in boxes:
        box = page.locator(f"#ord-plan-f-{field['id']}")
        assert page.locator(f"label[for='ord-plan-f-{field['id']}']").inner_text() == \
            field["label"]
        described = box.get_attribute("aria-describedby")
        if field.get("hint"):
            assert page.locator(f"#{described}").inner_text() == " ".join(field["hint"].split())
        else:
            assert described is None
    for field in fields_of("review-date"):
        assert page.input_value(f"#ord-plan-f-{field['id']}") == review_date_default()
    legends = page.locator(".ord-plan__form .ord-plan__legend").all_inner_texts()
    assert legends == [f["label"] for s in TEMPLATE["sections"] for f in s["fields"]
                       if f["type"] not in ("text", "paragraphs", "date", "review-date")]
    page.context.close()


def test_dragging_a_row_moves_it_too(browser, site_url) -> None:
    page = fresh_page(browser, site_url, "desktop")
    keys = [f"autism/{e['id']}" for e in
            yaml.safe_load(need_file("autism").read_text("utf-8"))["provision"][:3]]
    titles = [expected_entry(k)["title"] for k in keys]
    open_plan(page, site_url, f"{PLAN}#add={','.join(keys)}")
    rows = page.locator(f'[data-rows="{STRATEGIES}"] > li')
    rows.nth(1).evaluate("(row) => row.scrollIntoView({block: 'start'})")  # both rows in view
    rows.nth(2).locator(".ord-plan__grip").hover()
    page.mouse.down()
    target = rows.nth(1).bounding_box()
    page.mouse.move(target["x"] + 20, target["y"] + 10, steps=8)
    page.mouse.up()
    assert strategy_titles(page) == [titles[0], titles[2], titles[1]]
    assert status(page, "Moved") == f"Moved {titles[2]} to position 2 of 3."
    page.context.close()


def test_a_file_that_is_not_a_plan_is_refused_with_a_message(browser, site_url,
                                                            tmp_path: Path) -> None:
    page = fresh_page(browser, site_url, "phone")
    key = f"autism/{yaml.safe_load(need_file('autism').read_text('utf-8'))['provision'][0]['id']}"
    open_plan(page, site_url, f"{PLAN}#add={key}")
    other = tmp_path / "letter.html"
    other.write_text("<!doctype html><title>A letter</title><p>Dear parent</p>", "utf-8")
    page.set_input_files("#ord-plan-open", str(other))
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().strip() != ""
    assert strategy_titles(page) == [expected_entry(key)["title"]]  # the draft is untouched
    no_axe(page, "a refused file")
    page.context.close()


def test_the_inclusion_offer_marks_each_universal_expectation(browser, site_url) -> None:
    page = fresh_page(browser, site_url, "phone")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_plan(page, site_url, "/plans/inclusion-offer/")
    field = next(f for s in OFFER["sections"] for f in s["fields"] if f["type"] == "self-review")
    titles = [e["title"] for t in UNIVERSAL["themes"] for e in t["expectations"]]
    legends = page.locator(f'[data-field="{field["id"]}"] .ord-plan__row legend')
    assert legends.all_inner_texts() == titles
    themes = page.locator(f'[data-field="{field["id"]}"] h3').all_inner_texts()
    assert themes == [t["title"] for t in UNIVERSAL["themes"]]
    assert page.get_by_role("button", name="Review this plan").is_hidden()  # no strategies
    no_axe(page, "inclusion offer, blank")
    first = page.locator(f'[data-field="{field["id"]}"] .ord-plan__row').first
    first.get_by_label(field["choices"][1], exact=True).check()
    first.get_by_label("Note").fill("Termly governor report from spring")
    no_axe(page, "inclusion offer, one expectation marked")
    page.get_by_role("button", name="Copy as text").click()
    status(page, "Copied the plan as text")
    lines = page.evaluate("() => navigator.clipboard.readText()").splitlines()
    assert f"   1. {titles[0]}: {field['choices'][1]}. Termly governor report from spring" in lines
    assert f"   2. {titles[1]}: not marked" in lines
    assert page.outside == []
    assert nothing_stored(page)  # the question was asked, never answered
    page.context.close()


def test_a_tampered_draft_is_shown_as_text_with_no_live_link(browser, site_url) -> None:
    """A kept draft is data like any file: markup shows as text, and a row's address never
    becomes a javascript: link or a link to another site."""
    page = fresh_page(browser, site_url, "desktop")
    open_plan(page, site_url)
    hostile = "<img src=x onerror=alert(1)>"
    row = {"key": None, "title": hostile, "source": "", "url": "javascript:alert(1)", "who": "",
           "how_often": "", "from": "", "helped": "", "review_note": "", "missing": False}
    gone = {**row, "key": "no-such-need/gone", "title": "Gone", "url": "https://example.org/"}
    first = yaml.safe_load(need_file("autism").read_text("utf-8"))["provision"][0]
    real = {**row, "key": f"autism/{first['id']}", "title": first["title"]}
    plan = {"format": "ordinarily-plan", "version": 1, "template": ISP, "edition": "x",
            "saved": "2026-01-01", "status": "draft", "values": {STRATEGIES: [gone, row, real]}}
    page.evaluate("""([key, plan]) => { localStorage.setItem('ordinarily:allowed', 'yes');
        localStorage.setItem(key, JSON.stringify(plan)); }""", [f"ordinarily:plan:{ISP}", plan])
    page.reload(wait_until="networkidle")
    page.wait_for_function(READY)
    assert strategy_titles(page) == ["Gone", hostile, first["title"]]
    assert page.locator(".ord-plan img").count() == 0
    hrefs = page.eval_on_selector_all(".ord-plan a", "(links) => links.map((a) => a.href)")
    assert all(h.startswith(site_url + "/") for h in hrefs), hrefs
    link = page.locator(f'[data-rows="{STRATEGIES}"] > li').nth(2).locator(".ord-plan__source a")
    assert link.get_attribute("href").endswith(f"/autism/#{first['id']}")  # the guide's own
    assert "no longer in the guide" in page.locator(f'[data-rows="{STRATEGIES}"] > li').first \
        .inner_text()
    assert page.outside == []
    page.context.close()


def test_a_kept_draft_keeps_a_field_the_template_no_longer_has(browser, site_url) -> None:
    """A draft kept on the device under an earlier edition of the template: its removed
    field's text is shown under "No longer in this template", with no axe violations."""
    page = fresh_page(browser, site_url, "desktop")
    open_plan(page, site_url)
    words = "Mum asks for a call on Fridays, not emails."
    plan = {"format": "ordinarily-plan", "version": 1, "template": ISP, "edition": "x",
            "saved": "2026-01-01", "status": "draft",
            "values": {STRATEGIES: [], "contact-preferences": words},
            "labels": {"contact-preferences": "How the family likes to be contacted"}}
    page.evaluate("""([key, plan]) => { localStorage.setItem('ordinarily:allowed', 'yes');
        localStorage.setItem(key, JSON.stringify(plan)); }""", [f"ordinarily:plan:{ISP}", plan])
    page.reload(wait_until="networkidle")
    page.wait_for_function(READY)
    part = page.get_by_role("region", name="No longer in this template")
    assert part.get_by_label("How the family likes to be contacted").input_value() == words
    no_axe(page, "a draft with a field no longer in the template")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy as text").click()
    status(page, "Copied the plan as text")
    lines = page.evaluate("() => navigator.clipboard.readText()").splitlines()
    at = lines.index("NO LONGER IN THIS TEMPLATE")
    assert lines[at + 1] == f"How the family likes to be contacted: {words}"
    assert page.outside == []
    page.context.close()
