"""Glossary linking on small pieces of HTML: whole words only, the case rule, the places a term is
never linked and first use only. The rules are the ones docs/content-model.md promises: a term in
capitals matches only in the same capitals, other terms whatever their case; matching is
whole-word ("SEN" never inside "SEND") and skips headings, links and code. Plurals are not guessed:
a plural links only when the glossary lists it as one of the term's `also` spellings (the example
glossary does this for "GCSEs", "transitions" and others)."""

from __future__ import annotations

import re

import pytest

from ordinarily.guide import model as m
from ordinarily.guide.glossary_links import GlossaryLinker

TERMS = (
    m.GlossaryTerm(id="sen", term="SEN", expansion="special educational needs",
                   definition="Needs that call for special educational provision."),
    m.GlossaryTerm(id="senco", term="SENCO", expansion="special educational needs coordinator",
                   definition="The teacher who coordinates support for pupils with SEN."),
    m.GlossaryTerm(id="repo", term="REPO", expansion="a made-up abbreviation",
                   definition="Here only to be looked for inside longer words."),
    m.GlossaryTerm(id="transition", term="transition", expansion="",
                   definition="A move from one setting or stage to the next.",
                   also=("transitions",)),
    m.GlossaryTerm(id="autism", term="autism", expansion="",
                   definition="A lifelong difference in how a person experiences the world."),
)
PAGE = "needs/autism/"


def link(html: str, terms: tuple[m.GlossaryTerm, ...] = TERMS) -> str:
    return GlossaryLinker(terms, "glossary.md").link(html, PAGE)


def linked(html: str) -> list[tuple[str, str]]:
    """(term id, the words shown) for every glossary link in `html`, in order."""
    return re.findall(r'<a class="ord-term__link" href="[^"#]*#([^"]+)" '
                      r'data-term-note="[^"]+">([^<]*)</a>', html)


def test_a_term_on_its_own_is_linked_to_its_entry() -> None:
    html = link("<p>Ask about SEN support.</p>")
    assert linked(html) == [("sen", "SEN")]
    assert 'href="../../glossary/#sen"' in html


def test_sen_is_never_linked_inside_send() -> None:
    # Without a SEND term of its own, nothing in SEND may be taken for SEN.
    assert linked(link("<p>The SEND team.</p>")) == []
    assert link("<p>The SEND team.</p>") == "<p>The SEND team.</p>"
    # SEND first, SEN later: only the real SEN is linked.
    assert linked(link("<p>SEND and SENDIASS help with SEN.</p>")) == [("sen", "SEN")]


def test_a_term_inside_a_longer_word_is_not_linked() -> None:
    text = "<p>Read the REPORT and the REPORTS, then REPOSITION, UNREPO and REPO-MAN.</p>"
    assert linked(link(text)) == []
    assert linked(link("<p>The REPORT, then the REPO itself.</p>")) == [("repo", "REPO")]


def test_a_plural_is_not_guessed() -> None:
    # "SENCOs" is a different word from "SENCO": the glossary would have to list it.
    assert linked(link("<p>Ask the SENCOs.</p>")) == []
    assert linked(link("<p>Ask the SENCOs, or one SENCO.</p>")) == [("senco", "SENCO")]


def test_a_plural_listed_as_another_spelling_is_linked() -> None:
    assert linked(link("<p>Planning transitions early helps.</p>")) == [
        ("transition", "transitions")]


def test_a_term_in_capitals_matches_only_in_capitals() -> None:
    assert linked(link("<p>The word sen, or Sen, is not the abbreviation.</p>")) == []
    assert linked(link("<p>Not Senco, nor senco.</p>")) == []


def test_a_term_in_lower_case_matches_whatever_its_case() -> None:
    assert linked(link("<p>Autism is common.</p>")) == [("autism", "Autism")]
    assert linked(link("<p>AUTISM AWARENESS WEEK.</p>")) == [("autism", "AUTISM")]


@pytest.mark.parametrize("html", [
    '<p>See <a href="/x/">SEN support</a>.</p>',
    "<h1>SEN</h1>", "<h2>SEN</h2>", "<h3>SEN</h3>", "<h4>SEN</h4>", "<h5>SEN</h5>",
    "<h6>SEN</h6>", '<h2 id="x">About <em>SEN</em></h2>',
    "<p>Type <code>SEN</code>.</p>", "<pre><code>SEN\n</code></pre>",
])
def test_a_term_in_a_link_heading_or_code_is_not_linked(html: str) -> None:
    assert link(html) == html


def test_after_a_skipped_place_the_term_is_linked_at_its_next_use() -> None:
    html = link("<h2>SEN</h2><p>Some <code>SEN</code> text about SEN.</p>")
    assert linked(html) == [("sen", "SEN")]
    assert html.startswith("<h2>SEN</h2><p>Some <code>SEN</code> text about <span")


def test_only_the_first_use_on_a_page_is_linked() -> None:
    html = link("<p>SEN here.</p><p>SEN there, autism and SEN again; autism.</p>")
    assert linked(html) == [("sen", "SEN"), ("autism", "autism")]
    assert html.count("ord-term__link") == 2
    # Each page starts afresh.
    assert linked(link("<p>SEN again.</p>")) == [("sen", "SEN")]


def test_the_note_carries_the_expansion() -> None:
    html = link("<p>SEN</p>")
    note = re.search(r'<span class="ord-term__note" id="([^"]+)" hidden data-search-exclude>'
                     r'(.*?)</span>', html)
    assert note and 'data-term-note="' + note.group(1) + '"' in html
    assert "special educational needs" in note.group(2)
