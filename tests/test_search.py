"""The header search finds practice (issue 25): practitioners' words reach the right need page,
the glossary's hidden notes stay out of the index, and the maintainers' guide is not searched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE

# What a practitioner types, and the need page it must find in the first three results. The
# pages are written out here, not computed from the engine.
SEMH = "needs/social-emotional-and-mental-health/"
QUERIES = {
    "sit still": SEMH + "attention-and-impulsivity/",
    "calls out": SEMH + "attention-and-impulsivity/",
    "meltdown": "needs/communication-and-interaction/autism/",
    "can't read": "needs/cognition-and-learning/specific-learning-difficulties/",
    "hearing aids": "needs/sensory-and-physical/hearing/",
    "won't speak in class":
        "needs/communication-and-interaction/speech-language-and-communication/",
    "anxious about school": SEMH + "anxiety-and-low-mood/",
    "falls out with friends": SEMH + "relationships-and-regulation/",
    "epilepsy": "needs/sensory-and-physical/medical-conditions/",
    "glasses": "needs/sensory-and-physical/vision/",
    "handwriting": "needs/sensory-and-physical/physical-and-motor/",
    "behind in maths": "needs/cognition-and-learning/moderate-learning-difficulties/",
}
META = "() => document.querySelector('.md-search-result__meta').textContent"


def index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]


def note_texts() -> list[str]:
    """The first sentence of each glossary definition, as a note would show it (the words only:
    the index keeps no Markdown)."""
    data = yaml.safe_load((EXAMPLE / "needs" / "glossary.yml").read_text("utf-8"))
    texts = []
    for term in data["terms"]:
        first = " ".join(term["definition"].strip().split("\n\n")[0].split())
        sentence = re.match(r"(.+?[.!?])(\s|$)", first)
        words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", sentence.group(1) if sentence else first)
        if len(words) > 40 and not re.search(r"[*_`&<]", words):
            texts.append(words)
    return texts


def test_no_index_entry_holds_a_glossary_note(site: Path) -> None:
    texts = note_texts()
    assert len(texts) > 40  # the example's definitions, found
    docs = index(site)
    glossary_page = [d for d in docs if d["location"].startswith("glossary/")]
    found = [(d["location"], t[:40]) for d in docs if not d["location"].startswith("glossary/")
             for t in texts if t in d["text"]]
    assert not found
    assert not [d for d in docs if "More in the glossary" in d["text"]]
    # The glossary page itself still gives every definition: only the hidden notes are left out.
    assert sum(t in " ".join(d["text"] for d in glossary_page) for t in texts) == len(texts)


def test_the_maintainers_guide_is_not_in_the_search_index(site: Path) -> None:
    assert (site / "maintainers" / "fork" / "index.html").is_file()  # still built
    assert not [d["location"] for d in index(site) if d["location"].startswith("maintainers/")]


def test_need_pages_carry_their_keywords_in_the_index(site: Path) -> None:
    docs = {d["location"]: d for d in index(site)}
    vision = docs["needs/sensory-and-physical/vision/"]
    data = yaml.safe_load((EXAMPLE / "needs" / "sensory-and-physical" / "vision.yml")
                          .read_text("utf-8"))
    for title in (e["title"] for e in data["provision"]):
        assert " ".join(title.split()) in vision["keywords"]
    for name in data.get("also_known_as", []):
        assert name in vision["keywords"]


def search(page, query: str) -> list[str]:
    """The pages the header search lists for a query, best first, relative to the site."""
    box = page.locator("[data-md-component=search-query]")
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => /Type to start/.test(({META})())")
    box.fill(query)
    box.press("End")  # the theme searches on a key press: one search, for the whole query
    page.wait_for_function(f"() => !/Type to start/.test(({META})())")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list > li", "items => items.map(i => i.querySelector('a').href)")
    return [re.sub(r"^https?://[^/]+/|[?#].*$", "", href) for href in hrefs]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_practitioners_queries_find_their_need_page(page_at, viewport: str) -> None:
    page = page_at("/", viewport)
    opener = "label.md-header__button[for=__search]" if viewport == "phone" else ".md-search__input"
    page.locator(opener).first.click()
    found = {query: search(page, query) for query in QUERIES}
    missed = {q: found[q][:3] for q, want in QUERIES.items() if want not in found[q][:3]}
    assert not missed
    maintainers = {q: r for q, r in found.items() if any(u.startswith("maintainers/") for u in r)}
    assert not maintainers
