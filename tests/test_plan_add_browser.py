"""'Add to plan' (issue 27, plan-add.js): the toggle on two need pages and on the checker's
result, the count and what a screen reader hears, the 'My plan (n)' link carrying the picks in
its fragment, nothing in any storage without a yes, the picks kept after one and gone after
'Delete everything from this device', 'Start a plan with these', keyboard only, and axe at
375 px. Titles and ids come from the example's YAML files, never from the engine."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from browser import STORAGE
from conftest import EXAMPLE

NEEDS = EXAMPLE / "needs"
AUTISM = "/needs/communication-and-interaction/autism/"
SPEECH = "/needs/communication-and-interaction/speech-language-and-communication/"
LIVE = ".ord-plan-add-live"


def provision(need_file: str) -> list[dict]:
    return yaml.safe_load((NEEDS / need_file).read_text("utf-8"))["provision"]


def default_template() -> str:
    """The first template in the list's order (`order:`, then title) with a strategies field,
    as the contract says."""
    templates = {p.stem: yaml.safe_load(p.read_text("utf-8"))
                 for p in (EXAMPLE / "plans").glob("*.yml")}
    for stem, template in sorted(templates.items(), key=lambda item: (
            "order" not in item[1], item[1].get("order", 0), item[1]["title"].casefold())):
        if any(f["type"] == "strategies" for s in template["sections"] for f in s["fields"]):
            return stem
    raise AssertionError("no template with a strategies field in example/plans")


def nothing_stored(page) -> bool:
    found = page.evaluate(STORAGE)
    return found == {"local": [], "session": [], "idb": [], "cookie": ""} and \
        page.context.cookies() == []


def heard(page) -> str:
    """What the polite live region says once it has settled."""
    page.wait_for_function("() => { const n = document.querySelector('[role=status]"
                           ".ord-plan-add-live'); return n && n.textContent.length > 0; }")
    return page.locator(LIVE).inner_text()


def say_after(page, action) -> str:
    page.evaluate("() => { document.querySelector('.ord-plan-add-live').textContent = ''; }")
    action()
    return heard(page)


def button(page, key: str):
    return page.locator(f'[data-plan-entry="{key}"] .ord-plan-add__button')


def visible_label(target) -> str:
    """The words on the button (its accessible name adds the entry's title)."""
    return target.evaluate("(b) => b.firstChild.textContent")


def same_origin(page, base: str) -> list[str]:
    return [url for url in page.requests if not url.startswith(base + "/")
            and not url.startswith(("data:", "blob:", "about:"))]


def test_picks_from_two_need_pages_and_the_checker_are_kept_only_after_yes(page_at,
                                                                           site_url) -> None:
    autism = provision("communication-and-interaction/autism.yml")
    speech = provision("communication-and-interaction/speech-language-and-communication.yml")
    first = f"autism/{autism[0]['id']}"
    second = f"autism/{autism[1]['id']}"
    third = f"speech-language-and-communication/{speech[0]['id']}"
    plan = f"/plans/{default_template()}/"

    page = page_at(AUTISM, "phone")
    assert nothing_stored(page)
    assert button(page, first).get_attribute("aria-pressed") == "false"
    assert visible_label(button(page, first)) == "Add to plan"
    assert page.locator(LIVE).get_attribute("aria-live") == "polite"
    assert say_after(page, button(page, first).click) == \
        f"Added to your plan: {autism[0]['title']}. 1 in your plan."
    assert button(page, first).get_attribute("aria-pressed") == "true"
    assert visible_label(button(page, first)) == "In your plan: remove"
    link = page.locator(f'[data-plan-entry="{first}"] .ord-plan-add__link')
    assert link.inner_text() == "My plan (1)"
    assert link.get_attribute("href") == f"{plan}#add={first}"
    # Asked once; nothing is kept before the answer.
    assert page.locator(".ord-consent").count() == 1
    assert page.locator(".ord-consent__title").inner_text() == "Keep my plan on this device?"
    assert "use initials, not names" in page.locator(".ord-consent").inner_text()
    assert nothing_stored(page)
    page.get_by_role("button", name="Keep it").click()
    assert page.locator(".ord-consent").count() == 0
    found = page.evaluate(STORAGE)
    assert sorted(found["local"]) == ["ordinarily:allowed", "ordinarily:plan-needs",
                                      "ordinarily:plan-picks"]
    assert (found["session"], found["idb"], found["cookie"]) == ([], [], "")
    kept = json.loads(page.evaluate("() => localStorage.getItem('ordinarily:plan-picks')"))
    assert [(p["key"], p["title"]) for p in kept] == [(first, autism[0]["title"])]
    assert kept[0]["url"] == f"needs/communication-and-interaction/autism/#{autism[0]['id']}"

    # The toggle: a second pick, then taken out again.
    assert say_after(page, button(page, second).click) == \
        f"Added to your plan: {autism[1]['title']}. 2 in your plan."
    assert say_after(page, button(page, second).click) == \
        f"Removed from your plan: {autism[1]['title']}. 1 in your plan."
    assert button(page, second).get_attribute("aria-pressed") == "false"
    assert page.locator(".ord-consent").count() == 0  # never asked twice

    # Another need page remembers the first pick.
    other = page.context.new_page()
    other.goto(site_url + SPEECH, wait_until="networkidle")
    assert say_after(other, button(other, third).click) == \
        f"Added to your plan: {speech[0]['title']}. 2 in your plan."
    assert other.locator(".ord-consent").count() == 0

    # The checker's result: one of its first steps.
    checker = page.context.new_page()
    checker.goto(site_url + "/checker/", wait_until="networkidle")
    show_result(checker)
    step = checker.locator(f"[data-ord-results] [data-plan-entry]:not([data-plan-entry='{third}'])"
                           ).first
    key = step.get_attribute("data-plan-entry")
    assert say_after(checker, step.locator(".ord-plan-add__button").click).endswith(
        ". 3 in your plan.")
    mine = checker.locator("[data-ord-results] .ord-plan-add__link:visible").first
    assert mine.inner_text() == "My plan (3)"
    assert mine.get_attribute("href") == f"{plan}#add={first},{third},{key}"
    kept = json.loads(checker.evaluate("() => localStorage.getItem('ordinarily:plan-picks')"))
    assert [p["key"] for p in kept] == [first, third, key]

    # "Delete everything from this device" empties the storage; a reload starts afresh.
    privacy = page.context.new_page()
    privacy.goto(site_url + "/privacy/", wait_until="networkidle")
    privacy.get_by_role("button", name="Delete everything from this device").click()
    assert nothing_stored(privacy)
    page.reload(wait_until="networkidle")
    assert button(page, first).get_attribute("aria-pressed") == "false"
    assert page.locator(".ord-plan-add__link:visible").count() == 0
    assert nothing_stored(page)
    assert same_origin(page, site_url) == []


def show_result(page, phase: str = "primary") -> None:
    """Choose a phase and the first observation shown for it, then show the suggestions."""
    page.check(f"#ord-phase-{phase}")
    page.locator("[data-ord-observation]:enabled").first.check()
    page.click("[data-ord-show]")
    page.wait_for_function("() => document.querySelector('.ord-plan-start')")


def test_without_a_yes_the_picks_live_in_the_page_and_its_link(page_at, site_url) -> None:
    autism = provision("communication-and-interaction/autism.yml")
    keys = [f"autism/{entry['id']}" for entry in autism[:3]]
    page = page_at(AUTISM, "desktop")
    button(page, keys[0]).click()
    button(page, keys[1]).click()
    page.get_by_role("button", name="Not now").click()
    assert page.locator(".ord-consent").count() == 0
    assert "not kept on this device" in page.locator(".ord-plan-add__note").inner_text()
    button(page, keys[2]).click()
    assert page.locator(".ord-consent").count() == 0
    assert nothing_stored(page)
    link = page.locator(f'[data-plan-entry="{keys[2]}"] .ord-plan-add__link')
    assert link.inner_text() == "My plan (3)"
    href = link.get_attribute("href")
    assert href == f"/plans/{default_template()}/#add={','.join(keys)}"
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.split("#")[0] == f"{site_url}/plans/{default_template()}/"
    assert nothing_stored(page)
    # The picks are never in a query string: nothing asked for carries them.
    assert not [u for u in page.requests if "?" in u and keys[0] in u]
    assert same_origin(page, site_url) == []


def test_the_checker_starts_a_plan_with_its_needs_and_first_steps(page_at, site_url) -> None:
    checker = yaml.safe_load((NEEDS / "checker.yml").read_text("utf-8"))
    page = page_at("/checker/", "phone")
    show_result(page)
    ticked = page.locator("[data-ord-observation]:checked").first.get_attribute("value")
    observation = next(o for t in checker["themes"] for o in t["observations"]
                       if o["id"] == ticked)
    steps = page.eval_on_selector_all("[data-ord-results] li[data-plan-entry]",
                                      "(n) => n.map((x) => x.getAttribute('data-plan-entry'))")
    assert steps, "the result lists no first steps with a plan key"
    need_files = {p.stem: p for p in NEEDS.glob("*/*.yml")}
    for key in steps:
        need, entry = key.split("/")
        assert need in observation["needs"]
        ids = [e["id"] for e in yaml.safe_load(need_files[need].read_text("utf-8"))["provision"]]
        assert entry in ids, key
    went = []
    page.on("framenavigated", lambda frame: went.append(frame.url))
    page.get_by_role("button", name="Start a plan with these").click()
    page.wait_for_load_state("networkidle")
    # The plan page takes the picks and clears its fragment: the address it was opened at
    # is the one that counts.
    url, fragment = next(u for u in went if "/plans/" in u).split("#", 1)
    assert url == f"{site_url}/plans/{default_template()}/"
    parts = dict(part.split("=", 1) for part in fragment.split("&"))
    assert parts["add"].split(",") == steps
    assert sorted(parts["needs"].split(",")) == sorted(observation["needs"])
    assert nothing_stored(page)


def test_keyboard_only(page_at) -> None:
    autism = provision("communication-and-interaction/autism.yml")
    key = f"autism/{autism[0]['id']}"
    page = page_at(AUTISM, "phone")
    page.focus(f'[data-plan-entry="{key}"] .ord-permalink')
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains("
                         "'ord-plan-add__button')"):
            break
    target = button(page, key)
    assert target.evaluate("(b) => b === document.activeElement")
    assert say_after(page, lambda: page.keyboard.press("Enter")) == \
        f"Added to your plan: {autism[0]['title']}. 1 in your plan."
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent === 'Keep it'"):
            break
    assert page.evaluate("() => document.activeElement.textContent") == "Keep it"
    page.keyboard.press("Enter")
    # The answer puts focus back on the button that asked.
    assert target.evaluate("(b) => b === document.activeElement")
    assert say_after(page, lambda: page.keyboard.press("Space")) == \
        f"Removed from your plan: {autism[0]['title']}. 0 in your plan."
    assert target.get_attribute("aria-pressed") == "false"


@pytest.mark.parametrize("path", [AUTISM, "/universal/"])
def test_axe_finds_nothing_at_375_px_with_the_buttons_and_the_question(page_at,
                                                                       path: str) -> None:
    from browser import describe, run_axe

    page = page_at(path, "phone")
    first = page.locator("[data-plan-entry] .ord-plan-add__button").first
    first.click()
    assert page.locator(".ord-consent").is_visible()
    assert describe(run_axe(page)) == ""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


def test_the_buttons_sit_small_after_each_entry_and_never_print(page_at) -> None:
    page = page_at(AUTISM, "phone")
    entries = page.locator("section[data-plan-entry]")
    assert entries.count() == len(provision("communication-and-interaction/autism.yml"))
    # The button is the entry's last thing, one short line, after the provision text.
    box = page.evaluate("""() => {
      const entry = document.querySelector('section[data-plan-entry]');
      const row = entry.querySelector('.ord-plan-add');
      const text = [...entry.querySelectorAll('p')].filter((p) => !p.closest('.ord-plan-add'))
        .pop();
      return {last: entry.lastElementChild === row, rowHeight: row.getBoundingClientRect().height,
              below: row.getBoundingClientRect().top >= text.getBoundingClientRect().bottom};
    }""")
    assert box["last"] and box["below"]
    assert box["rowHeight"] <= 48
    page.emulate_media(media="print")
    assert page.locator(".ord-plan-add__button:visible").count() == 0


def test_universal_expectations_have_the_button(page_at) -> None:
    universal = yaml.safe_load((NEEDS / "universal.yml").read_text("utf-8"))
    themes = universal["themes"]
    first = themes[0]["expectations"][0]
    page = page_at("/universal/", "desktop")
    target = button(page, f"universal/{first['id']}")
    assert say_after(page, target.click) == \
        f"Added to your plan: {plain(first['title'])}. 1 in your plan."


def plain(markdown: str) -> str:
    return re.sub(r"[*_`]", "", markdown)
