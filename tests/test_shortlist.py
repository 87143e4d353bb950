"""The family's shortlist and the one way the site keeps things on the device (issue 24): saving
from the finder's cards and a service page, the list page, a shared link in a fresh browser,
nothing in any storage before the family agrees, the list surviving a reload after, "Delete
everything from this device", axe at both widths, A4 print without buttons, and no request
leaving the origin. Names are read from the services' YAML files, never from the engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE

SERVICES = EXAMPLE / "local-offer" / "services"
LIST = "/local-offer/my-list/"
STORAGE = """async () => ({
  local: Object.keys(localStorage), session: Object.keys(sessionStorage),
  idb: (await indexedDB.databases()).map((d) => d.name), cookie: document.cookie})"""
EMPTY = {"local": [], "session": [], "idb": [], "cookie": ""}


def name_of(service_id: str) -> str:
    return yaml.safe_load((SERVICES / f"{service_id}.yml").read_text("utf-8"))["name"]


def stored(page) -> dict:
    found = page.evaluate(STORAGE)
    found["cookies"] = page.context.cookies()
    return found


def nothing_stored(page) -> bool:
    return stored(page) == {**EMPTY, "cookies": []}


def listed_ids(page) -> list[str]:
    page.wait_for_function("() => document.querySelector('[data-ord-shortlist-status]')"
                           ".textContent.startsWith('Your list has')")
    hrefs = page.eval_on_selector_all("[data-ord-shortlist-items] h2 a",
                                      "(links) => links.map((a) => a.getAttribute('href'))")
    return [href.rstrip("/").rsplit("/", 1)[1] for href in hrefs]


def listed_names(page) -> list[str]:
    return page.eval_on_selector_all("[data-ord-shortlist-items] h2 a",
                                     "(links) => links.map((a) => a.textContent)")


def save_from_finder(page, count: int) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll("
                           "'[data-ord-finder-results] li button[aria-pressed]').length >= 2")
    cards = page.locator("[data-ord-finder-results] > li")
    ids = []
    for n in range(count):
        card = cards.nth(n)
        href = card.locator("h2 a").get_attribute("href").split("#")[0]
        ids.append(href.rstrip("/").rsplit("/", 1)[1])
        button = card.locator("button[aria-pressed]")
        assert button.get_attribute("aria-pressed") == "false"
        assert button.inner_text().startswith("Save to my list")
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert button.inner_text().startswith("Saved: remove from my list")
    return ids


def same_origin(page, base: str) -> list[str]:
    return [url for url in page.requests if not url.startswith(base + "/")
            and not url.startswith(("data:", "blob:", "about:"))]


def test_saved_services_are_kept_only_after_yes_and_shared_by_link(page_at, browser,
                                                                   site_url) -> None:
    page = page_at("/local-offer/?query=holiday", "phone")
    assert nothing_stored(page)
    saved = save_from_finder(page, 2)
    status = page.locator(".ord-mylist-bar__status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"Saved {name_of(saved[1])} to your list. " \
                                  "Your list has 2 services."
    assert page.locator(".ord-mylist-bar__link").inner_text() == "My list (2)"
    # Asked once, and nothing is kept before the answer.
    assert page.locator(".ord-consent").count() == 1
    assert page.locator(".ord-consent__title").inner_text() == "Keep my list on this device?"
    assert nothing_stored(page)
    page.get_by_role("button", name="Keep it").click()
    assert page.locator(".ord-consent").count() == 0
    kept = stored(page)
    assert sorted(kept["local"]) == ["ordinarily:allowed", "ordinarily:shortlist"]
    assert (kept["session"], kept["idb"], kept["cookie"], kept["cookies"]) == ([], [], "", [])

    third = next(p.stem for p in sorted(SERVICES.glob("*.yml")) if p.stem not in saved
                 and yaml.safe_load(p.read_text("utf-8"))["status"] == "active")
    service = page.context.new_page()
    service.goto(f"{site_url}/local-offer/services/{third}/", wait_until="networkidle")
    button = service.locator("[data-ord-save] button[aria-pressed]")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert service.locator(".ord-mylist-bar__link").inner_text() == "My list (3)"
    service.locator(".ord-mylist-bar__link").click()
    service.wait_for_load_state("networkidle")
    assert service.url.endswith(f"{LIST}#services={saved[0]},{saved[1]},{third}")
    assert listed_ids(service) == [*saved, third]
    assert listed_names(service) == [name_of(s) for s in (*saved, third)]

    # Kept on the device: a reload of the list page without its fragment still shows them.
    service.goto(site_url + LIST, wait_until="networkidle")
    assert listed_ids(service) == [*saved, third]

    # "Copy link to share": the ids in the fragment and nothing else.
    service.get_by_role("button", name="Copy link to share").click()
    link = service.locator("[data-ord-shortlist-link-text]").input_value()
    assert link == f"{site_url}{LIST}#services={saved[0]},{saved[1]},{third}"
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(link, wait_until="networkidle")
        assert listed_names(other) == [name_of(s) for s in (*saved, third)]
        assert nothing_stored(other)
    finally:
        fresh.close()

    service.get_by_role("button", name="Delete everything from this device").click()
    assert service.locator("#ord-forget-status").inner_text() == \
        "Done: this website has nothing kept on this device."
    assert nothing_stored(service)
    service.goto(site_url + LIST, wait_until="networkidle")
    assert service.locator("[data-ord-shortlist-empty]").is_visible()
    assert same_origin(page, site_url) == []


def test_without_a_yes_the_list_lives_in_the_page_and_its_link(page_at, site_url) -> None:
    page = page_at("/local-offer/?query=holiday", "desktop")
    page.requests.clear()
    saved = save_from_finder(page, 2)
    page.get_by_role("button", name="Not now").click()
    assert page.locator(".ord-consent").count() == 0
    # A third save does not ask again.
    page.locator("[data-ord-finder-results] > li").nth(2).locator("button[aria-pressed]").click()
    assert page.locator(".ord-consent").count() == 0
    assert nothing_stored(page)
    page.locator("[data-ord-finder-results] > li").nth(2).locator("button[aria-pressed]").click()
    page.locator(".ord-mylist-bar__link").click()
    page.wait_for_load_state("networkidle")
    assert listed_names(page) == [name_of(s) for s in saved]
    assert nothing_stored(page)
    # The list is never in a query string: nothing asked for carries the ids.
    assert not [u for u in page.requests if "?" in u and saved[0] in u.split("?", 1)[1]]
    page.get_by_role("button", name=re.compile("^Remove")).first.click()
    assert listed_names(page) == [name_of(saved[1])]
    assert page.url.endswith(f"{LIST}#services={saved[1]}")
    assert same_origin(page, site_url) == []


def test_a_service_no_longer_listed_is_named_not_dropped(page_at) -> None:
    first = sorted(SERVICES.glob("*.yml"))[0].stem
    page = page_at(f"{LIST}#services={first},closed-long-ago", "phone")
    listed_ids(page)
    assert page.locator("[data-ord-shortlist-status]").inner_text() == (
        "Your list has 1 service. One saved service is no longer listed (closed-long-ago). "
        "Ask the service, or search the Local Offer again.")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_axe_finds_nothing_with_the_question_asked(page_at, viewport: str) -> None:
    from browser import describe, run_axe

    page = page_at("/local-offer/?query=holiday", viewport)
    save_from_finder(page, 1)
    assert page.locator(".ord-consent").is_visible()
    assert describe(run_axe(page)) == ""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_axe_finds_nothing_on_the_list_page(page_at, viewport: str) -> None:
    from browser import describe, run_axe

    ids = sorted(p.stem for p in SERVICES.glob("*.yml"))[:3]
    listing = page_at(f"{LIST}#services={','.join(ids)}", viewport)
    listed_ids(listing)
    assert describe(run_axe(listing)) == ""
    width = listing.evaluate("() => document.documentElement.scrollWidth")
    assert width <= listing.viewport_size["width"]


def test_the_list_prints_on_a4_without_buttons(page_at) -> None:
    ids = sorted(p.stem for p in SERVICES.glob("*.yml"))[:2]
    page = page_at(f"{LIST}#services={','.join(ids)}", "desktop")
    listed_ids(page)
    pdf = page.pdf(prefer_css_page_size=True)
    box = [float(x) for x in re.search(rb"/MediaBox\s*\[([^\]]+)\]", pdf).group(1).split()]
    assert round(box[2] / 72 * 25.4) == 210 and round(box[3] / 72 * 25.4) == 297  # A4 in mm
    page.emulate_media(media="print")
    shown = page.evaluate("() => [...document.querySelectorAll('button, .md-header, .md-sidebar,"
                          " .md-footer')].filter((b) => b.getClientRects().length).length")
    assert shown == 0
    assert page.locator("[data-ord-shortlist-items] h2").count() == 2


def test_without_javascript_the_list_page_says_why_and_where_to_go(page_at) -> None:
    page = page_at(f"{LIST}#services=anything", "phone", javascript=False)
    text = page.inner_text("article")
    assert "needs JavaScript" in text
    links = page.eval_on_selector_all("[data-ord-shortlist-nojs] a",
                                      "(links) => links.map((a) => a.getAttribute('href'))")
    assert links == ["../", "../#section-browse"]
    assert not page.locator("[data-ord-shortlist]").is_visible()


def test_the_list_page_is_in_no_index_or_sitemap(site: Path) -> None:
    assert (site / "local-offer/my-list/index.html").is_file()
    assert "my-list" not in (site / "sitemap.xml").read_text("utf-8")
    assert "my-list" not in (site / "search/search_index.json").read_text("utf-8")


def test_the_finder_fetches_the_search_index_only_when_the_header_search_is_used(
        page_at) -> None:
    page = page_at("/local-offer/", "phone")
    assert not [u for u in page.requests if "search_index.json" in u]
    page.click("label[for='__search']")
    page.fill("[data-md-component=search-query]", "autism")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item')"
                           ".length > 0", timeout=10_000)
    assert [u for u in page.requests if "search_index.json" in u]
    # Every other page fetches it as the theme always has.
    home = page_at("/", "phone")
    assert [u for u in home.requests if "search_index.json" in u]
