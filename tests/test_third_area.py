"""Harrowdene, the third example area (tests/examples/harrowdene), is a guide shaped unlike
Anytown and Westmoor, typed in as its council wrote it: five strands of need (one of them health),
three waves of support, age bands from 0 to 25, a flat checker list, and none of the optional
parts (when to seek more help, first steps, review dates and owners, strand summaries). Two needs
leave a wave empty on purpose. It validates and builds strictly with nothing invented, its gaps
are warnings from `check-content`, and every page speaks its words, never the default
taxonomy's. Expected values come from its YAML files, not from the engine."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from test_portability import BLOCKED_BUILD

from browser import describe, run_axe, serve
from conftest import ROOT, mkdocs, ordinarily

HARROWDENE = ROOT / "tests/examples/harrowdene"
NEEDS = HARROWDENE / "needs"
# The default taxonomy's words, which Harrowdene replaces with its own (whole words, any case).
DEFAULT_WORDS = re.compile(r"\b(SEN support|specialist|tiers?|four broad areas)\b", re.I)
# The default labels for areas and phases; Harrowdene says "strand" and "age band".
DEFAULT_LABELS = re.compile(r"\b(areas? of need|in this area|phases?)\b", re.I)
NUMBER_WORDS = {3: "three", 4: "four", 5: "five"}
PLACEHOLDER = "[[ordinarily:"


# --- what the YAML says --------------------------------------------------------------------------

def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def taxonomy() -> dict:
    return load(NEEDS / "taxonomy.yml")


def need_files() -> dict[str, tuple[str, dict]]:
    """Each need's id: its area's id and its file's data."""
    return {path.stem: (path.parent.name, load(path))
            for path in sorted(NEEDS.glob("*/*.yml"))}


def waves_with_entries(need: dict) -> list[str]:
    """The need's tiers that have at least one entry, in the taxonomy's order."""
    used = {entry["tier"] for entry in need["provision"]}
    return [tier["id"] for tier in taxonomy()["tiers"] if tier["id"] in used]


def phases_of(item: dict, default: list[str]) -> list[str]:
    return item.get("phases", default)


# --- what a page shows ---------------------------------------------------------------------------

class VisibleText(HTMLParser):
    """The text a reader meets on a page: every text node outside scripts and styles, plus the
    words read out or shown for elements (aria-label, alt, title, placeholder)."""

    SKIPPED = frozenset({"script", "style"})
    SPOKEN = frozenset({"aria-label", "alt", "title", "placeholder"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        self.parts.extend(value for name, value in attrs if name in self.SPOKEN and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def json_strings(value: object) -> list[str]:
    """Every string value in a JSON document (keys are never shown)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def pages_text(site: Path) -> dict[str, str]:
    """The visible text of every built page, and the checker's data the script shows."""
    found = {page.relative_to(site).as_posix(): visible_text(page.read_text("utf-8"))
             for page in sorted(site.rglob("*.html"))}
    checker = site / "checker/checker.json"
    found["checker/checker.json"] = " ".join(json_strings(json.loads(checker.read_text("utf-8"))))
    return found


def matches(pattern: re.Pattern, texts: dict[str, str]) -> str:
    """Each page where the pattern matches, with the words around each match, one a line
    (empty when nothing matches)."""
    return "\n".join(f"{page}: ...{text[max(0, m.start() - 50):m.end() + 30]}..."
                     for page, text in texts.items() for m in pattern.finditer(text))


class Outline(HTMLParser):
    """The headings of a page's article and whether text follows each before the next heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, int, str]] = []  # ("h", level, id) or ("text", 0, words)
        self._in_article = False
        self._in_heading = False
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article = True
        elif tag in ("script", "style"):
            self._skipping += 1
        elif self._in_article and re.fullmatch(r"h[1-6]", tag):
            self._in_heading = True
            self.items.append(("h", int(tag[1]), dict(attrs).get("id") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article = False
        elif tag in ("script", "style"):
            self._skipping -= 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._in_article and not self._in_heading and not self._skipping and data.strip():
            self.items.append(("text", 0, data.strip()))


def empty_headings(html: str) -> list[str]:
    """Headings with nothing under them: the next thing is a heading at the same or a higher
    level, or the end of the article."""
    outline = Outline()
    outline.feed(html)
    items = outline.items
    empty = []
    for index, (kind, level, ident) in enumerate(items):
        if kind != "h":
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        if following is None or (following[0] == "h" and following[1] <= level):
            empty.append(ident)
    return empty


def tier_headings(html: str) -> list[str]:
    return re.findall(r'<h\d id="tier-([a-z0-9-]+)"', html)


def test_every_file_names_its_schema_by_a_relative_path() -> None:
    kinds = {"taxonomy", "universal", "apdr", "glossary", "checker"}
    files = sorted(NEEDS.rglob("*.yml"))
    assert len(files) == len(kinds) + len(need_files())
    for path in files:
        kind = path.stem if path.parent == NEEDS else "need"
        assert kind in kinds | {"need"}, path
        first = path.read_text("utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\.\./\S+)", first)
        assert match, f"{path.relative_to(ROOT)}: no relative schema line"
        target = (path.parent / match.group(1)).resolve()
        assert target == ROOT / f"plugins/ordinarily/schemas/{kind}.schema.json", path


# --- the command line ----------------------------------------------------------------------------

def test_it_validates_with_nothing_invented() -> None:
    needs = need_files()
    entries = sum(len(need["provision"]) for _, need in needs.values())
    terms = len(load(NEEDS / "glossary.yml")["terms"])
    # The guide as the council wrote it: nothing optional filled in anywhere.
    assert not [n for n in needs if {"seek_help", "reviewed", "review_owner"} & set(needs[n][1])]
    assert not any(e.get("first_step") for _, need in needs.values() for e in need["provision"])
    assert not any("summary" in area for area in taxonomy()["areas"])
    assert "themes" not in load(NEEDS / "checker.yml")
    result = ordinarily("validate", str(HARROWDENE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(needs)} needs, {entries} provision entries, {terms} glossary terms" \
        in result.stdout


def test_check_content_reports_its_gaps_as_warnings_in_its_words() -> None:
    result = ordinarily("check-content", str(HARROWDENE))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    tiers = {tier["id"]: tier["title"] for tier in taxonomy()["tiers"]}

    def reported(need: str, *words: str) -> bool:
        area = need_files()[need][0]
        start = f"needs/{area}/{need}.yml:"
        return any(re.match(re.escape(start) + r"\d+: ", line)
                   and all(w.lower() in line.lower() for w in words) for line in lines)

    for need, (_, data) in need_files().items():
        assert reported(need, "seek_help"), need
        for tier in tiers:
            if tier not in waves_with_entries(data):
                assert reported(need, tiers[tier]), (need, tier)
    assert not DEFAULT_WORDS.search(result.stdout), result.stdout
    assert not re.search(r"\bphases?\b", result.stdout, re.I), result.stdout
    # No file gives a review date: the review-dates check says so, not "all 0 entries".
    assert "Review dates: no entry gives a review date" in result.stdout, result.stdout


# --- the built site ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def harrowdene(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("harrowdene") / "project"
    shutil.copytree(HARROWDENE, project)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.build
def test_no_page_uses_the_default_taxonomys_words(harrowdene: Path) -> None:
    texts = pages_text(harrowdene)
    assert matches(DEFAULT_WORDS, texts) == ""
    everything = " ".join(texts.values())
    for tier in taxonomy()["tiers"]:
        assert tier["title"] in everything, tier["title"]


@pytest.mark.build
def test_its_pages_say_strand_and_age_band(harrowdene: Path) -> None:
    texts = pages_text(harrowdene)
    assert matches(DEFAULT_LABELS, texts) == ""
    checker = texts["checker/index.html"]
    assert "Which age band is the child or young person in?" in checker
    for phase in taxonomy()["phases"]:
        assert f"{phase['title']} (ages {phase['ages']})" in checker


@pytest.mark.build
def test_a_need_shows_only_the_waves_it_has(harrowdene: Path) -> None:
    emptied = []
    for need, (area, data) in need_files().items():
        html = (harrowdene / f"needs/{area}/{need}/index.html").read_text("utf-8")
        assert tier_headings(html) == waves_with_entries(data), need
        assert empty_headings(html) == [], need
        assert "When to seek more help" not in visible_text(html), need
        if len(waves_with_entries(data)) < len(taxonomy()["tiers"]):
            emptied.append(need)
    assert len(emptied) >= 2, emptied  # the example keeps its empty waves


@pytest.mark.build
def test_strands_without_summaries_have_no_empty_sections(harrowdene: Path) -> None:
    areas = taxonomy()["areas"]
    for area in areas:
        html = (harrowdene / f"needs/{area['id']}/index.html").read_text("utf-8")
        assert empty_headings(html) == [], area["id"]
    overview = (harrowdene / "needs/index.html").read_text("utf-8")
    assert empty_headings(overview) == []
    assert overview.count('id="section-area-') == len(areas)


@pytest.mark.build
def test_hand_written_pages_have_their_placeholders_filled(harrowdene: Path) -> None:
    tax = taxonomy()
    how_to = visible_text((harrowdene / "how-to-use/index.html").read_text("utf-8"))
    assert f"one of {NUMBER_WORDS[len(tax['areas'])]} strands" in how_to
    assert f"up to {NUMBER_WORDS[len(tax['tiers'])]} waves" in how_to
    for phase in tax["phases"]:
        assert f"{phase['title']} (ages {phase['ages']})" in how_to
    home = visible_text((harrowdene / "index.html").read_text("utf-8"))
    assert (f"in {NUMBER_WORDS[len(tax['areas'])]} strands of need and "
            f"{NUMBER_WORDS[len(tax['tiers'])]} waves of support") in home
    assert {p: t for p, t in pages_text(harrowdene).items() if PLACEHOLDER in t} == {}


def first_entries(need: dict, phase: str) -> list[str]:
    """What the checker offers where no first steps are marked: the first entry for the phase at
    each tier the taxonomy marks for the checker."""
    need_phases = phases_of(need, [p["id"] for p in taxonomy()["phases"]])
    titles = []
    for tier in (t["id"] for t in taxonomy()["tiers"] if t.get("checker")):
        for entry in need["provision"]:
            if entry["tier"] == tier and phase in phases_of(entry, need_phases):
                titles.append(entry["title"])
                break
    return titles


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_its_checker_suggests_first_entries_in_its_words(browser, harrowdene: Path,
                                                         viewport: str) -> None:
    from browser import VIEWPORTS

    observation = next(o for o in load(NEEDS / "checker.yml")["observations"]
                       if o["id"] == "reading-behind-talking")
    area, need = need_files()[observation["needs"][0]]
    phase = next(p for p in taxonomy()["phases"] if p["id"] == "11-to-16")
    strand = next(a for a in taxonomy()["areas"] if a["id"] == area)
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    with serve(harrowdene) as url:
        page.goto(url + "/checker/", wait_until="networkidle")
        page.check(f"#ord-phase-{phase['id']}")
        page.locator("label", has_text=observation["text"]).click()
        page.get_by_role("button", name="Show suggestions").click()
        results = page.locator(".ord-checker__results")
        results.get_by_text(need["title"]).first.wait_for()
        shown = results.inner_text()
        assert f"Strand: {strand['title']}" in shown
        assert f"Age band: {phase['title']} (ages {phase['ages']})" in shown
        for title in first_entries(need, phase["id"]):
            assert title in shown, title
        assert not DEFAULT_WORDS.search(shown), shown
        assert not DEFAULT_LABELS.search(shown), shown
        assert describe(run_axe(page)) == ""
    context.close()


# --- `ordinarily generate` and plain MkDocs ------------------------------------------------------

@pytest.mark.build
def test_generate_builds_with_plain_mkdocs_and_placeholders_filled(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = ordinarily("generate", "--out", str(out), str(HARROWDENE))
    assert result.returncode == 0, result.stderr
    hand_written = sorted(p.relative_to(HARROWDENE / "content").as_posix()
                          for p in (HARROWDENE / "content").rglob("*.md"))
    for name in hand_written:
        assert PLACEHOLDER not in (out / "docs" / name).read_text("utf-8"), name
    how_to = (out / "docs/how-to-use.md").read_text("utf-8")
    for kind in ("areas", "tiers", "phases"):
        for term in taxonomy()[kind]:
            ages = f" (ages {term['ages']})" if kind == "phases" else ""
            assert f"\n- {term['title']}{ages}\n" in how_to, term["id"]
    built = subprocess.run([sys.executable, "-c", BLOCKED_BUILD, "build", "--strict"], cwd=out,
                           capture_output=True, text=True, timeout=600,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr
    site = out / "site"
    texts = {p.relative_to(site).as_posix(): visible_text(p.read_text("utf-8"))
             for p in site.rglob("*.html")}
    assert {p: t for p, t in texts.items() if PLACEHOLDER in t} == {}
    assert matches(DEFAULT_WORDS, texts) == ""
