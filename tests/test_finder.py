"""The Local Offer finder in a real browser: text and filters give exactly the services the model
says, the count is announced, the URL restores the search, and the header search hands over.
Axe, the origin check and sideways scrolling, on every Local Offer page and with finder results
shown, are in test_crawl.py."""

from __future__ import annotations

import re

from ordinarily.assembly.project import load_project
from ordinarily.local_offer.finder_index import service_text, words

from conftest import EXAMPLE

OFFER = load_project(EXAMPLE).offer


def expected(pattern: str, need: str | None = None, age: int | None = None) -> list[str]:
    """Service ids whose text has a word starting with `pattern`, worked out from the model
    with a regular expression (not the finder's own index)."""
    found = []
    for s in OFFER.listed:
        name, body = service_text(s, OFFER)
        if not re.search(rf"\b{pattern}", f"{name} {body}", re.IGNORECASE):
            continue
        if need and not s.serves("needs", need):
            continue
        if age is not None and not s.age_from <= age <= s.age_to:
            continue
        found.append(s.id)
    return found


def shown_ids(page) -> list[str]:
    more = page.locator("[data-ord-more]")
    while more.is_visible():
        count = page.locator("[data-ord-finder-results] > li").count()
        more.click()
        page.wait_for_function(
            f"() => document.querySelectorAll('[data-ord-finder-results] > li').length > {count}")
    hrefs = page.locator("[data-ord-finder-results] h2 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def status(page) -> str:
    return page.locator("[data-ord-finder-status]").inner_text()


def wait_for_status(page, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('[data-ord-finder-status]').textContent.includes(t)", arg=text)


def test_holiday_and_autism_give_exactly_the_matching_services(page_at) -> None:
    want = expected("holiday", need="autism")
    assert 2 <= len(want) < len(expected("holiday")), "the example needs both kinds"
    page = page_at("/local-offer/")
    page.fill("#ord-q", "holiday")
    page.select_option("#ord-need", "autism")
    wait_for_status(page, f"{len(want)} services found for \u201choliday\u201d with your filters")
    assert sorted(shown_ids(page)) == sorted(want)


def test_changing_the_age_updates_and_announces_the_count(page_at) -> None:
    page = page_at("/local-offer/?query=holiday&need=autism")
    before = len(expected("holiday", need="autism"))
    wait_for_status(page, f"{before} services found")
    region = page.locator("[data-ord-finder-status]")
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    ages = sorted({s.age_from for s in OFFER.listed} | {s.age_to for s in OFFER.listed})
    age = next(a for a in ages if 0 < len(expected("holiday", "autism", a)) < before) \
        if any(0 < len(expected("holiday", "autism", a)) < before for a in ages) else 25
    after = len(expected("holiday", "autism", age))
    page.select_option("#ord-age", str(age))
    text = f"{after} service{'s' if after != 1 else ''} found" if after else "No services match"
    wait_for_status(page, text)
    assert f"age={age}" in page.url
    assert sorted(shown_ids(page)) == sorted(expected("holiday", "autism", age))


def test_reloading_the_address_restores_the_same_results(page_at) -> None:
    page = page_at("/local-offer/")
    page.fill("#ord-q", "speech")
    page.check("#ord-free")
    wait_for_status(page, "for \u201cspeech\u201d with your filters")
    first = (status(page), shown_ids(page))
    page.reload(wait_until="networkidle")
    wait_for_status(page, first[0])
    assert page.input_value("#ord-q") == "speech"
    assert page.is_checked("#ord-free")
    assert (status(page), shown_ids(page)) == first


def test_filters_alone_list_services_in_name_order(page_at) -> None:
    page = page_at("/local-offer/?type=short-breaks&open=1")
    want = [s.id for s in OFFER.listed if "short-breaks" in s.types and s.access.open]
    wait_for_status(page, f"{len(want)} service")
    assert shown_ids(page) == want


def test_nothing_found_says_so_plainly(page_at) -> None:
    page = page_at("/local-offer/?query=zzqqxx")
    wait_for_status(page, "No services match \u201czzqqxx\u201d. Try other words.")
    assert page.locator("[data-ord-finder-results] > li").count() == 0


def test_typing_in_the_header_search_reaches_the_finder(page_at) -> None:
    page = page_at("/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("[data-md-component=search-query]").fill("holiday")
    link = page.get_by_role("link", name="Search the Local Offer for \u201choliday\u201d")
    link.wait_for()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/local-offer/\?query=holiday$"))
    wait_for_status(page, f"{len(expected('holiday'))} services found for \u201choliday\u201d")
    assert page.input_value("#ord-q") == "holiday"


def test_the_finder_words_match_the_index_words(page_at) -> None:
    page = page_at("/local-offer/")
    wait_for_status(page, "services found")
    samples = ["Holiday clubs, the Café and SPEECH therapies!", "Ages 5–14 (term-time)",
               "Naïve Übung façade", "bus pass is his", "classes glasses boys' toys",
               "British Sign Language", "ADHD & ASD: drop-ins"]
    samples += [s.name + " " + s.summary for s in OFFER.listed[:40]]
    for text in samples:
        assert page.evaluate("t => window.ordinarilyFinder.words(t)", text) == words(text), text


def test_without_javascript_the_finder_page_lists_every_service_by_browsing(page_at) -> None:
    page = page_at("/local-offer/", javascript=False)
    assert not page.locator("[data-ord-finder-form]").is_visible()
    page.get_by_role("article").get_by_role("link", name="Short breaks").click()
    page.wait_for_load_state()
    assert "/local-offer/types/short-breaks/" in page.url
    names = page.locator("ol.ord-listings h2 a").all_inner_texts()
    assert names == [s.name for s in OFFER.listed if "short-breaks" in s.types][:50]
