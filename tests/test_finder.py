"""The Local Offer finder in a real browser: text and filters give exactly the services the
example's own files say, the count is announced, the URL restores the search, and the header search
hands over. Axe, the origin check and sideways scrolling, on every Local Offer page and with finder
results shown, are in test_crawl.py."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from ordinarily.assembly.project import load_project
from ordinarily.local_offer.finder_index import words

from conftest import EXAMPLE

OFFER = load_project(EXAMPLE).offer
LOCAL_OFFER = EXAMPLE / "local-offer"
LISTED = ("active", "temporarily-closed")  # docs/local-offer.md: only these are listed


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def _plain_words(text: str) -> set[str]:
    """The words a reader sees: lower case, accents taken off, split at anything that is not a
    letter or digit. Link targets in Markdown are not words anyone reads."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(c))
    return {w for w in re.split(r"[^a-z0-9]+", text) if w}


def _titles(taxonomy: dict, kind: str, ids: object) -> list[str]:
    # "all" (every place) names no place in particular.
    return [t["title"] for t in taxonomy[kind] if isinstance(ids, list) and t["id"] in ids]


def _raw_services() -> dict[str, dict]:
    """Every listed service straight from its YAML file: the words of each field the finder
    searches (docs/local-offer.md: name, summary, description, keywords, organisation, type and
    place names, languages, venue), and its needs and ages for the filters."""
    taxonomy = _load(LOCAL_OFFER / "taxonomy.yml")
    organisations = {p.stem: _load(p) for p in (LOCAL_OFFER / "organisations").glob("*.yml")}
    services = {}
    for path in sorted((LOCAL_OFFER / "services").glob("*.yml")):
        raw = _load(path)
        if raw["status"] not in LISTED:
            continue
        locations = raw.get("locations") or []
        fields = {
            "name": raw["name"],
            "summary": raw["summary"],
            "description": raw.get("description") or "",
            "organisation": organisations[raw["organisation"]]["name"],
            "keywords": " ".join(raw.get("keywords") or []),
            "types": " ".join(_titles(taxonomy, "service_types", raw.get("types"))),
            "places": " ".join(_titles(taxonomy, "places", raw.get("places"))),
            "languages": " ".join(raw.get("languages") or []),
            "venues": " ".join([loc.get("name", "") for loc in locations]
                               + [(loc.get("address") or {}).get("town", "") for loc in locations]),
        }
        services[path.stem] = {"words": {k: _plain_words(v) for k, v in fields.items()},
                               "needs": raw["needs"], "ages": raw["ages"]}
    return services


SERVICES = _raw_services()


def _starts(word: str, query: str) -> bool:
    # Plurals count as their singular (docs/local-offer.md: "therapies" to "therapy"), so
    # "therapy" finds "therapies"; a plural in "s" starts with its singular anyway.
    return word.startswith(query) or (word.endswith("ies") and f"{word[:-3]}y".startswith(query))


def fields_with(service_id: str, query: str) -> list[str]:
    """The fields of a service with a word that starts with `query`."""
    return [field for field, found in SERVICES[service_id]["words"].items()
            if any(_starts(w, query) for w in found)]


def expected(query: str, need: str | None = None, age: int | None = None) -> list[str]:
    """Service ids with a word starting with each word of `query` (as "hol" finds "holiday"),
    worked out from the YAML files, not from the engine. Queries are singular words that are not
    stop words, so the finder's own word rules cannot change the answer."""
    found = []
    for service_id, service in SERVICES.items():
        if not all(fields_with(service_id, q) for q in _plain_words(query)):
            continue
        if need and service["needs"] != "all" and need not in service["needs"]:
            continue
        if age is not None and not service["ages"]["from"] <= age <= service["ages"]["to"]:
            continue
        found.append(service_id)
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
    # A card's link carries the finder's state in its fragment (#from=...): not part of the id.
    return [h.split("#")[0].rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


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
    page.check("#ord-need-autism")
    wait_for_status(page, f"{len(want)} services found for \u201choliday\u201d with your filters")
    assert sorted(shown_ids(page)) == sorted(want)


# Query words and the one field each is found in, in every service that has it; None is a word
# found in several fields. Each word found in one field only fails if the finder stops searching
# that field.
QUERIES = [
    ("routine", "description"),
    ("climbing", "description"),
    ("trust", "organisation"),
    ("partnership", "organisation"),
    ("respite", "keywords"),
    ("refusal", "keywords"),
    ("holiday", None),
    ("speech", None),
]


@pytest.mark.parametrize(("query", "only_in"), QUERIES)
def test_a_word_finds_exactly_the_services_that_have_it(page_at, query: str,
                                                         only_in: str | None) -> None:
    want = expected(query)
    assert want, f"no service in the example has {query!r}"
    assert not query.endswith("s"), "singular words only (see expected())"
    if only_in:
        elsewhere = {sid: fields_with(sid, query) for sid in want
                     if fields_with(sid, query) != [only_in]}
        assert not elsewhere, f"{query!r} is not only in the {only_in}: {elsewhere}"
    else:
        assert len({f for sid in want for f in fields_with(sid, query)}) > 1
    page = page_at(f"/local-offer/?query={query}")
    noun = "service" if len(want) == 1 else "services"
    wait_for_status(page, f"{len(want)} {noun} found for \u201c{query}\u201d.")
    assert sorted(shown_ids(page)) == sorted(want)


def test_changing_the_age_updates_and_announces_the_count(page_at) -> None:
    page = page_at("/local-offer/?query=holiday&need=autism")
    before = len(expected("holiday", need="autism"))
    wait_for_status(page, f"{before} services found")
    region = page.locator("[data-ord-finder-status]")
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    ages = sorted({a for s in SERVICES.values() for a in s["ages"].values()})
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
