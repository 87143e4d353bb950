"""The built example site: a page for every area and need, with the right content and links."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from ordinarily.core.rendering import page_url
from ordinarily.guide.loader import load_guide
from ordinarily.guide.pages import need_src

from conftest import EXAMPLE, mkdocs

GUIDE = load_guide(EXAMPLE)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_page_says_its_language_from_the_settings(site: Path) -> None:
    """`site: language` (en-GB), not the theme translation's own code ("en")."""
    pages = [*site.rglob("index.html"), site / "404.html"]
    assert len(pages) > 100
    for page in pages:
        head = page.read_text("utf-8")[:400]
        if "<html" in head:  # a redirect page is a small document of its own
            assert '<html lang="en-GB"' in head, page.relative_to(site)


def test_the_not_found_page_offers_routes_onwards(site: Path) -> None:
    page = (site / "404.html").read_text("utf-8")
    assert "<h1 id=\"page-not-found\">Page not found</h1>" in page
    for href, text in (("/needs/", "Browse the guide"),
                       ("/checker/", "Use the quick needs checker"),
                       ("/local-offer/", "Search the Local Offer for services")):
        assert f'<a href="{href}">{text}</a>' in page
        assert (site / href.strip("/") / "index.html").is_file()
    assert 'href="mailto:send.team@anytown.example.org.uk"' in page
    assert 'href="tel:01632960100"' in page


def test_a_page_for_every_area_and_need(site: Path) -> None:
    assert (site / "needs/index.html").is_file()
    for area in GUIDE.taxonomy.areas:
        html = html_of(site, f"needs/{area.id}/")
        for need in GUIDE.needs_in(area.id):
            assert f'href="{need.id}/"' in html
    for need in GUIDE.needs:
        assert (site / page_url(need_src(need)) / "index.html").is_file(), need.id
    for page in ("universal", "apdr", "glossary"):
        assert (site / page / "index.html").is_file()


def test_need_page_shows_every_entry_once_with_anchor_tier_and_phases(site: Path) -> None:
    need = GUIDE.need("speech-language-and-communication")
    html = html_of(site, page_url(need_src(need)))
    for entry in need.provision:
        assert html.count(f'id="{entry.id}"') == 1, entry.id
        section = re.search(rf'<section class="ord-entry[^"]*" id="{entry.id}" '
                            rf'data-phases="([^"]*)"', html)
        assert section and section.group(1).split() == list(entry.phases)
    # Entries sit under their tier's heading, in the taxonomy's order.
    positions = [html.index(f'id="tier-{t.id}"') for t in GUIDE.taxonomy.tiers]
    assert positions == sorted(positions)
    for entry in need.provision:
        tier_index = [t.id for t in GUIDE.taxonomy.tiers].index(entry.tier)
        assert html.index(f'id="{entry.id}"') > positions[tier_index]
        if tier_index + 1 < len(positions):
            assert html.index(f'id="{entry.id}"') < positions[tier_index + 1]


def test_need_page_sections(site: Path) -> None:
    need = GUIDE.need("hearing")
    text = text_of(html_of(site, page_url(need_src(need))))
    for heading in ("What you might notice", "Provision", "When to seek more help",
                    "Assess, plan, do, review", "Related needs"):
        assert heading in text
    for trigger in need.seek_help:
        assert " ".join(trigger.split()[:6]) in text
    assert "Last reviewed " in text and need.review.owner in text


def test_phase_labels_show_without_javascript(site: Path) -> None:
    need = GUIDE.need("autism")
    html = html_of(site, page_url(need_src(need)))
    limited = next(e for e in need.provision if len(e.phases) == 1)
    phase = GUIDE.taxonomy.phase(limited.phases[0]).title
    match = re.search(rf'id="{limited.id}".*?</section>', html, re.DOTALL)
    assert f'<span class="ord-tag">{phase}</span>' in match.group(0)
    # The phase filter is hidden until the script shows it.
    assert re.search(r'<div class="ord-phase-filter" data-ord-phase-filter[^>]* hidden>', html)


def test_every_page_has_suggest_a_change_without_an_account(site: Path) -> None:
    pages = [p for p in site.rglob("index.html") if "<article" in p.read_text("utf-8")]
    assert len(pages) >= len(GUIDE.needs) + 8
    for page in pages:
        html = page.read_text("utf-8")
        url = page.parent.relative_to(site).as_posix()
        wanted = "Report a problem with this listing" if url.startswith(
            "local-offer/services/") else "Suggest a change to this page"
        assert wanted in html, url
        assert "https://forms.example.org.uk/anytown/send-guide-feedback?page=" in html
        assert "mailto:send.guide@example.org.uk?subject=" in html
    autism = html_of(site, "needs/communication-and-interaction/autism/")
    assert ("send-guide-feedback?page=needs/communication-and-interaction/autism/" in autism)
    assert "Last reviewed <time datetime=" in autism
    # The GitHub link is an extra for practitioners, and the page says it needs an account.
    assert ">Edit the source on GitHub</a>. Only GitHub needs an account." in autism
    assert "No account is needed." in html_of(site, "accessibility/")
    service = html_of(site, "local-offer/services/accessible-play-days-half-term/")
    assert ">Edit the source on GitHub</a>. Only GitHub needs an account." in service


def test_hand_written_pages_show_their_review_date(site: Path) -> None:
    html = html_of(site, "funding/")
    assert "Last reviewed <time" in html


def test_universal_expectations_are_numbered_with_anchors(site: Path) -> None:
    html = html_of(site, "universal/")
    first_theme = GUIDE.universal.themes[0]
    assert f'id="{first_theme.id}"' in html
    for e in first_theme.expectations:
        assert html.count(f'id="{e.id}"') == 1
    assert '<span class="ord-number">1.1</span>' in html
    count = sum(len(t.expectations) for t in GUIDE.universal.themes)
    assert html.count('class="ord-entry"') == count


def test_apdr_page_has_four_steps_and_links_to_need_prompts(site: Path) -> None:
    html = html_of(site, "apdr/")
    for step in ("assess", "plan", "do", "review"):
        assert f'id="{step}"' in html
    assert 'href="../needs/communication-and-interaction/autism/#section-apdr"' in html


def test_glossary_lists_every_term_with_anchor(site: Path) -> None:
    html = html_of(site, "glossary/")
    for term in GUIDE.glossary.terms:
        assert f'<dt id="{term.id}">' in html


def test_glossary_terms_link_on_first_use_only(site: Path) -> None:
    html = html_of(site, "needs/communication-and-interaction/speech-language-and-communication/")
    article = html[html.index("<article"):html.index("</article>")]
    links = re.findall(r'<a class="ord-term__link" href="([^"]+)"', article)
    assert links, "no glossary links on the page"
    assert len(links) == len(set(links)), "a term is linked more than once"
    assert all(href.startswith("../../../glossary/#") for href in links)
    # Never inside headings.
    for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", article, re.DOTALL):
        assert "ord-term" not in heading


def test_sen_is_never_matched_inside_send(site: Path) -> None:
    # A term linked inside a longer word ("SEN" in "SEND") leaves a word character touching the
    # linked term's markup on one side or the other: "x<span class="ord-term">" before it, or
    # "...More in the glossary</a></span></span>D" after it. The term's span may hold the
    # brackets and punctuation next to it (so they never wrap apart), but never a letter.
    term = re.compile(r'<span class="ord-term[^"]*">([^<]*)<a class="ord-term__link"[^>]*>'
                      r'([^<]+)</a><span class="ord-term__note".*?More in the glossary</a>'
                      r'</span>([^<]*)</span>', re.S)
    seen = 0
    for page in site.rglob("index.html"):
        html = page.read_text("utf-8")
        found = list(term.finditer(html))
        assert len(found) == html.count('<span class="ord-term__note"'), \
            f"{page}: the term markup has changed"
        for match in found:
            opening, shown, closing = match.groups()
            before, after = html[match.start() - 1], html[match.end()]
            assert shown.strip()
            closing = re.sub(r"^['\u2019]s\b", "", closing)  # a possessive: "the OT's advice"
            assert not re.search(r"[\w-]", before + opening + closing + after), \
                f"{page}: a term linked inside a word: {match.group()[:80]!r}"
        seen += len(found)
    assert seen, "no glossary links found: the term markup has changed"


def test_internal_links_and_anchors_resolve(site: Path) -> None:
    ids: dict[str, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        ids[page.relative_to(site).as_posix()] = parse(page).ids
    for page in pages:
        rel = page.relative_to(site).as_posix()
        for href in parse(page).hrefs:
            parsed = urlparse(href)
            if parsed.scheme or href.startswith("//"):
                continue
            target = urlparse(urljoin("http://site/" + rel, href))
            path = unquote(target.path).lstrip("/")
            if path == "" or path.endswith("/"):
                path += "index.html"
            assert path in ids or (site / path).is_file(), f"{rel}: broken link {href}"
            if target.fragment and path in ids:
                assert target.fragment in ids[path], f"{rel}: missing anchor {href}"


def test_schemas_are_published(site: Path) -> None:
    for kind in ("settings", "taxonomy", "need", "universal", "apdr", "glossary", "checker"):
        schema = json.loads((site / "schemas" / f"{kind}.schema.json").read_text())
        assert schema["$schema"].startswith("https://json-schema.org/")


def test_no_third_party_requests_in_markup(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html):
            assert not urlparse(src).scheme or src.startswith("https://send.example.org.uk/"), \
                f"{page}: {src}"


def test_site_name_and_url_come_from_settings(site: Path) -> None:
    html = (site / "index.html").read_text("utf-8")
    assert re.search(r"<title>[^<]* - Anytown SEND guide</title>", html)
    assert '<link rel="canonical" href="https://send.example.org.uk/">' in html


def test_nav_holds_the_generated_sections_in_place(site: Path) -> None:
    html = html_of(site, "funding/")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    order = [nav.index(label) for label in ("How to use this guide", "Areas of need",
                                            "Universal expectations", "Glossary",
                                            "Roles and responsibilities", "Funding")]
    assert order == sorted(order)


@pytest.mark.build
def test_formerly_redirects_old_addresses_and_keeps_old_anchors(project: Path) -> None:
    need = project / "needs/communication-and-interaction/autism.yml"
    text = need.read_text()
    first_entry = re.search(r"\n  - id: (\S+)\n", text).group(1)
    text = text.replace(f"\n  - id: {first_entry}\n",
                        f"\n  - id: {first_entry}\n    formerly: [old-entry-id]\n", 1)
    text = text.replace("\ntitle:", "\nformerly: [autistic-spectrum]\ntitle:", 1)
    need.write_text(text)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    old = project / "site/needs/communication-and-interaction/autistic-spectrum/index.html"
    assert 'content="0; url=../autism/"' in old.read_text()
    page = (project / "site/needs/communication-and-interaction/autism/index.html").read_text()
    assert '<span id="old-entry-id"></span>' in page


def test_hand_written_page_heading_is_its_own_title(site: Path) -> None:
    html = (site / "index.html").read_text("utf-8")
    assert re.search(r"<h1[^>]*>Support for children and young people with SEND in Anytown",
                     html)
