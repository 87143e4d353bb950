"""A plan as a file (issue 27, plan-file.js): the downloaded document reads as a plan with every
value escaped; a hostile file opens with everything as inert text or is refused with a plain
message, and nothing in it ever runs; a file saved from one edition of the guide opens in the
next, following `formerly:` and keeping, marked, an entry since removed.

The hostile files are written here by hand, as an attacker would, not with the code under test;
the refusals are the sentences users read, written out in full."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from browser import serve
from conftest import EXAMPLE, build_site, copy_example

PWN = "window.__pwned = true"
NOT_A_PLAN = ("This file is not a plan saved from this guide. Choose a file you downloaded "
              "from a plan page of this guide.")
TOO_BIG = ("This file is too big to be a plan saved from this guide: a plan file is never "
           "bigger than 1 MB.")
RENAMED_FROM, RENAMED_TO = "say-exactly-what-you-mean", "say-what-you-mean-plainly"
NEW_TITLE = "Say what you mean, plainly"
REMOVED = "give-group-work-a-structure"
KEPT = "make-the-day-predictable"


def plan_page(page_at, template: str, viewport: str = "desktop"):
    page = page_at(f"/plans/{template}/", viewport)
    watch(page)
    page.wait_for_function("() => document.getElementById('ord-plan')"
                           ".getAttribute('data-ready') === 'true'")
    return page


def watch(page) -> None:
    """Record dialogs and console errors, and set the flag a payload would flip."""
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.evaluate("() => { window.__pwned = false; }")


def untouched(page) -> None:
    assert page.evaluate("() => window.__pwned") is False
    assert page.dialogs == []
    assert page.errors == []
    assert page.evaluate("() => document.querySelectorAll('#ord-plan img, #ord-plan iframe, "
                         "a[href^=\"javascript:\"], #ord-plan script:not([type])').length") == 0


def template_of(page) -> dict:
    return json.loads(page.locator("#ord-plan-template").text_content())


def guide_of(page) -> dict:
    return page.evaluate("async () => (await fetch(document.getElementById('ord-plan')"
                         ".getAttribute('data-guide'))).json()")


def field_of(template: dict, kind: str) -> dict:
    return next(f for s in template["sections"] for f in s["fields"] if f["type"] == kind)


def document_with(data: object, body: str = "", script: str | None = None) -> bytes:
    """A plan file as anyone could write one: the JSON escaped the way the contract says."""
    text = json.dumps(data) if script is None else script
    if script is None:
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("<!DOCTYPE html><html><head><title>Plan</title></head><body>" + body +
            f'<script type="application/json" id="ordinarily-plan-data">{text}</script>'
            "</body></html>").encode("utf-8")


def plan_data(template: dict, values: dict) -> dict:
    return {"format": "ordinarily-plan", "version": 1, "template": template["id"],
            "edition": "Anytown", "saved": "2026-12-01", "values": values, "status": "draft"}


def open_file(page, content: bytes) -> str:
    """Open a file through the editor's own 'Open a saved plan'; returns the alert shown, or ''
    once the plan is open."""
    page.evaluate("() => { const a = document.querySelector('.ord-plan__alert');"
                  " if (a) { a.textContent = ''; a.hidden = true; } }")
    page.set_input_files("#ord-plan-open", files=[{"name": "plan.html", "mimeType": "text/html",
                                                   "buffer": content}])
    page.wait_for_function("() => { const a = document.querySelector('.ord-plan__alert');"
                           " return (a && !a.hidden && a.textContent) ||"
                           " /Opened the plan/.test(document.getElementById('ord-plan')"
                           ".textContent); }")
    alert = page.locator(".ord-plan__alert")
    return alert.inner_text() if alert.is_visible() else ""


def read_direct(page, content: bytes) -> dict:
    """ordinarilyPlanFile.read on the same bytes: the plan, or the refusal's message."""
    return page.evaluate("""async (text) => {
      const file = new File([text], 'plan.html', {type: 'text/html'});
      try { return {plan: await window.ordinarilyPlanFile.read(file)}; }
      catch (e) { return {error: e.message}; }
    }""", content.decode("utf-8"))


def shown(page) -> str:
    """Everything the editor shows: its text and every field's value."""
    return page.evaluate("""() => { const root = document.getElementById('ord-plan');
      return root.innerText + '\\n' + [...root.querySelectorAll('input, textarea')]
        .map((f) => f.value).join('\\n'); }""")


TEMPLATE = "individual-support-plan"


def test_a_hostile_plan_opens_as_inert_text(page_at) -> None:
    page = plan_page(page_at, TEMPLATE)
    template = template_of(page)
    text, long = field_of(template, "text"), field_of(template, "paragraphs")
    strategies = field_of(template, "strategies")
    script = f"<script>{PWN}</script>Hostile"
    image = f'<img src="x" onerror="{PWN}">'
    values = {
        text["id"]: script,
        long["id"]: image,
        strategies["id"]: [
            {"key": None, "title": script, "source": image, "url": f"javascript:{PWN}",
             "who": image, "how_often": "", "from": "", "helped": "", "review_note": "",
             "missing": False, "onclick": PWN},
            {"key": f"autism/{KEPT}", "title": "Make the day predictable and show it",
             "source": "Autism", "url": f"javascript:{PWN}", "who": "", "how_often": "",
             "from": "", "helped": "", "review_note": "", "missing": False}],
        "not-a-field": script,
    }
    body = (f"<script>{PWN}</script>{image}<iframe src=\"javascript:{PWN}\"></iframe>"
            f'<svg onload="{PWN}"></svg>')
    content = document_with(plan_data(template, values), body)

    direct = read_direct(page, content)
    assert "error" not in direct, direct
    plan = direct["plan"]
    assert plan["values"][text["id"]] == script
    assert plan["values"][long["id"]] == image
    assert "not-a-field" not in plan["values"]
    rows = plan["values"][strategies["id"]]
    assert [r["url"] for r in rows] == ["", ""]  # javascript: never survives
    assert "onclick" not in rows[0]

    assert open_file(page, content) == ""
    seen = shown(page)
    assert script in seen and image in seen  # shown as text, character for character
    untouched(page)


@pytest.mark.parametrize("case", ["long field", "too big", "not an object", "no data",
                                  "broken out of its script", "a string for a list"])
def test_a_bad_file_is_refused_with_a_plain_message(page_at, case: str) -> None:
    page = plan_page(page_at, TEMPLATE, "phone")
    template = template_of(page)
    text, strategies = field_of(template, "text"), field_of(template, "strategies")
    expected = NOT_A_PLAN
    if case == "long field":
        content = document_with(plan_data(template, {text["id"]: "x" * 20_000}))
        expected = (f"This file cannot be opened: \u201c{text['label']}\u201d is longer than "
                    "5,000 characters, and a plan saved from this guide never is.")
    elif case == "too big":
        padding = "<p>" + "a" * 2_000_000 + "</p>"
        content = document_with(plan_data(template, {text["id"]: "fine"}), padding)
        expected = TOO_BIG
    elif case == "not an object":
        content = document_with(["ordinarily-plan", 1, f"<script>{PWN}</script>"])
    elif case == "no data":
        content = f"<html><body><script>{PWN}</script><p>Just a page</p></body></html>".encode()
    elif case == "broken out of its script":
        raw = json.dumps(plan_data(template, {text["id"]: "a"}))
        content = document_with(None, script=raw[:-1] + f'</script><script>{PWN}</script>"}}')
    else:
        content = document_with(plan_data(template, {strategies["id"]: "<b>not rows</b>"}))
        expected = (f"This file cannot be opened: \u201c{strategies['label']}\u201d is not a "
                    f"list. {NOT_A_PLAN}")
    assert read_direct(page, content) == {"error": expected}
    assert open_file(page, content) == expected
    untouched(page)


def test_the_downloaded_document_reads_as_the_plan_with_every_value_escaped(page_at,
                                                                            site_url) -> None:
    page = plan_page(page_at, TEMPLATE)
    template, guide = template_of(page), guide_of(page)
    text, strategies = field_of(template, "text"), field_of(template, "strategies")
    key = f"autism/{KEPT}"
    entry = guide["entries"][key]
    plan = plan_data(template, {
        text["id"]: "Likes <b>trains</b> & buses",
        strategies["id"]: [{"key": key, "title": entry["title"], "source": entry["source"],
                            "url": entry["url"], "who": "Class teacher", "how_often": "Daily",
                            "from": "2026-12-01", "helped": "", "review_note": "",
                            "missing": False}]})
    html = page.evaluate("([p, t, g]) => window.ordinarilyPlanFile.html(p, t, g)",
                         [plan, template, guide])
    assert html.startswith("<!DOCTYPE html>")
    assert "Likes &lt;b&gt;trains&lt;/b&gt; &amp; buses" in html
    assert "<b>trains" not in html
    # Headings in the template's order.
    headings = re.findall(r"<h[23]>([^<]*)</h[23]>", html)
    expected = [h for s in template["sections"] for h in
                [escape(s["title"])] + [escape(f["label"]) for f in s["fields"]]]
    assert headings == expected
    assert f'<a href="{site_url}/{entry["url"]}">{escape(entry["title"])}</a>' in html
    assert f'<a href="{site_url}/plans/{TEMPLATE}/">' in html
    assert "Ordinarily Available Provision guide</a>" in html
    assert f"Guide edition: {escape(plan['edition'])}" in html
    # The data, escaped inside its JSON, reads back as the same plan.
    data = re.search(r'<script type="application/json" id="ordinarily-plan-data">(.*?)</script>',
                     html, re.S).group(1)
    assert "<" not in data and "\\u003cb\\u003e" in data
    assert json.loads(data) == plan
    assert len(re.findall(r"<script", html)) == 1
    back = read_direct(page, html.encode("utf-8"))
    assert back["plan"]["values"] == plan["values"]


def escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def next_edition(project: Path) -> None:
    """The example's next edition: one autism entry renamed through `formerly:`, one removed."""
    need = project / "needs" / "communication-and-interaction" / "autism.yml"
    text = need.read_text("utf-8")
    old = f"  - id: {RENAMED_FROM}\n    tier: universal\n    title: Say exactly what you mean\n"
    assert old in text
    text = text.replace(old, f"  - id: {RENAMED_TO}\n    formerly: [{RENAMED_FROM}]\n"
                             f"    tier: universal\n    title: {NEW_TITLE}\n")
    start = text.index(f"  - id: {REMOVED}\n")
    end = text.index("\n  - id: ", start + 1)
    text = text[:start] + text[end + 1:]
    need.write_text(text, "utf-8")


@pytest.mark.build
def test_a_plan_from_one_edition_opens_in_the_next(page_at, tmp_path: Path, browser) -> None:
    first = plan_page(page_at, TEMPLATE)
    template, guide = template_of(first), guide_of(first)
    field = guide["strategies_field"]
    keys = [f"autism/{k}" for k in (RENAMED_FROM, REMOVED, KEPT)]
    rows = [{"key": k, "title": guide["entries"][k]["title"],
             "source": guide["entries"][k]["source"], "url": guide["entries"][k]["url"],
             "who": "Class teacher", "how_often": "Daily", "from": "", "helped": "",
             "review_note": "", "missing": False} for k in keys]
    plan = plan_data(template, {field: rows})
    plan["edition"] = guide["edition"]
    html = first.evaluate("([p, t, g]) => window.ordinarilyPlanFile.html(p, t, g)",
                          [plan, template, guide])

    project = copy_example(tmp_path / "next")
    if not (project / "plans").exists():
        shutil.copytree(EXAMPLE / "plans", project / "plans")
    next_edition(project)
    site = build_site(project)
    context = browser.new_context()
    try:
        with serve(site) as url:
            page = context.new_page()
            page.goto(f"{url}/plans/{TEMPLATE}/", wait_until="networkidle")
            watch(page)
            page.wait_for_function("() => document.getElementById('ord-plan')"
                                   ".getAttribute('data-ready') === 'true'")
            second = guide_of(page)
            assert f"autism/{RENAMED_TO}" in second["entries"]
            migrated = page.evaluate("""async ([text, guide]) => {
              const file = new File([text], 'plan.html', {type: 'text/html'});
              const plan = await window.ordinarilyPlanFile.read(file);
              return window.ordinarilyPlanFile.migrate(plan, guide);
            }""", [html, second])
            got = [(r["key"], r["title"], r["missing"]) for r in migrated["values"][field]]
            assert got == [(f"autism/{RENAMED_TO}", NEW_TITLE, False),
                           (keys[1], rows[1]["title"], True),
                           (keys[2], rows[2]["title"], False)]
            assert migrated["values"][field][0]["url"] == second["entries"][
                f"autism/{RENAMED_TO}"]["url"]

            assert open_file(page, html.encode("utf-8")) == ""
            text = shown(page)
            assert NEW_TITLE in text and "Say exactly what you mean" not in text
            assert f"{rows[1]['title']}" in text
            missing = page.locator(".ord-plan__missing")
            assert missing.count() == 1
            assert "no longer in the guide" in missing.inner_text()
            untouched(page)
    finally:
        context.close()


FORMER = "No longer in this template"


def test_a_field_the_template_no_longer_has_is_kept_shown_and_saved_again(page_at) -> None:
    """A plan saved with an earlier edition of the template, which had two more fields (one
    with its label saved in `labels`, one without): what was written in them is shown under
    "No longer in this template", printed, and saved again in the downloaded file."""
    page = plan_page(page_at, TEMPLATE)
    template = template_of(page)
    text = field_of(template, "text")
    ids = {f["id"] for s in template["sections"] for f in s["fields"]}
    assert "home-and-family" not in ids and "old-targets" not in ids
    home = "Has two older sisters; loves <b>Lego</b> & trains."
    targets = [{"outcome": "Reads ten key words", "measure": "Weekly tally by the TA"},
               {"outcome": "Asks for a break with the card", "measure": ""}]
    data = plan_data(template, {text["id"]: "R.", "home-and-family": home,
                                "old-targets": targets})
    data["labels"] = {text["id"]: text["label"], "home-and-family": "Home and family"}
    content = document_with(data)

    assert open_file(page, content) == ""
    part = page.locator(".ord-plan__form section").last
    assert part.locator("h2").inner_text() == FORMER
    labels = part.locator("label").all_inner_texts()
    assert labels == ["Home and family", "old-targets"]  # the saved label, else the id
    boxes = [part.locator("textarea").nth(n).input_value() for n in range(2)]
    assert boxes[0] == home  # as text, character for character
    for row in targets:
        for words in row.values():
            if words:
                assert words in boxes[1]
    printed = page.locator(".ord-plan-print").text_content()
    assert FORMER in printed and home in printed and "Weekly tally by the TA" in printed
    untouched(page)

    # Edited, then downloaded: the new file has it, as a document and as data.
    page.fill("#" + part.locator("textarea").first.get_attribute("id"), home + " Walks to school.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download", exact=True).click()
    saved = Path(download.value.path()).read_text("utf-8")
    assert f"<h2>{FORMER}</h2>" in saved
    assert "<h3>Home and family</h3>" in saved and "<h3>old-targets</h3>" in saved
    assert escape(home) in saved and "<b>Lego" not in saved.split("<script")[0]
    back = read_direct(page, saved.encode("utf-8"))["plan"]
    kept = {e["label"]: e["text"] for e in back["former"]}
    assert kept["Home and family"] == home + " Walks to school."
    assert "Reads ten key words" in kept["old-targets"]
    assert "Asks for a break with the card" in kept["old-targets"]
    assert back["values"][text["id"]] == "R."
