"""A guide as the council wrote it: the optional parts left out, reported as gaps, never invented.

Each test removes one optional part from a copy of the example (provision at one tier, first
steps, "when to seek more help", review dates and owners, an area's summary, the checker's
themes), then checks that `ordinarily validate` passes, that `ordinarily check-content` reports
the gap at the right file and line (a warning while its rule is off, a failure when it is on),
and that the generated pages have no empty section. Expected lines and entries come from the
YAML text written here, not from the engine.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ordinarily.assembly.project import build, load_project
from ordinarily.checker.checker_page import checker_data

from conftest import build_site, ordinarily

HEARING = "needs/sensory-and-physical/hearing.yml"
HEARING_PAGE = "needs/sensory-and-physical/hearing.md"
AREA = "sensory-and-physical"
RULES = ("provision_at_every_tier", "first_steps", "seek_help", "review_dates", "area_summaries")


# --- helpers --------------------------------------------------------------------------------------

def read(project: Path, name: str) -> dict[str, Any]:
    return yaml.safe_load((project / name).read_text("utf-8"))


def write(project: Path, name: str, data: dict[str, Any]) -> None:
    (project / name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True,
                                               width=1000), "utf-8")


def line_of(project: Path, name: str, text: str) -> int:
    """The 1-based line that is exactly `text` (a top-level key written by `write`)."""
    return (project / name).read_text("utf-8").splitlines().index(text) + 1


def set_rules(project: Path, on: bool) -> None:
    """Every rule on or off, in place of the example's own `rules:` block."""
    settings = project / "ordinarily.yml"
    text = settings.read_text("utf-8")
    text = re.sub(r"^rules:\n(?:  .*\n|\s*#.*\n)*", "", text, flags=re.MULTILINE)
    value = "true" if on else "false"
    settings.write_text(text + "rules:\n" + "".join(f"  {r}: {value}\n" for r in RULES), "utf-8")


def gaps(project: Path) -> tuple[int, str]:
    result = ordinarily("check-content", "--only", "gaps", str(project))
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout


def assert_validates(project: Path) -> None:
    result = ordinarily("validate", str(project))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def page(project: Path, src: str) -> str:
    output = build(load_project(project))
    return next(p.content for p in output.pages if p.src == src)


def drop_tier(project: Path, tier: str) -> dict[str, Any]:
    data = read(project, HEARING)
    assert any(p["tier"] == tier for p in data["provision"])
    data["provision"] = [p for p in data["provision"] if p["tier"] != tier]
    write(project, HEARING, data)
    return data


# --- provision at every tier ----------------------------------------------------------------------

def test_a_need_with_no_entries_at_one_tier_validates_and_is_a_gap(project: Path) -> None:
    set_rules(project, on=False)
    drop_tier(project, "specialist")
    assert_validates(project)
    line = line_of(project, HEARING, "provision:")
    code, out = gaps(project)
    assert code == 0, out
    assert (f"{HEARING}:{line}: gap: no provision at the tier 'Specialist' (a warning; "
            "rules: provision_at_every_tier would require it)") in out.splitlines(), out
    assert "Gaps: 1 gap (a warning" in out and "The check passed." in out
    set_rules(project, on=True)
    code, out = gaps(project)
    assert code == 1 and "(required by rules: provision_at_every_tier)" in out, out


def test_the_page_of_a_need_with_an_empty_tier_has_no_section_for_it(project: Path) -> None:
    data = drop_tier(project, "specialist")
    text = page(project, HEARING_PAGE)
    assert "{: #tier-specialist }" not in text and "### Specialist" not in text
    assert "No provision is listed" not in text
    assert "### Universal {: #tier-universal }" in text
    assert "### SEN support {: #tier-sen-support }" in text
    for entry in data["provision"]:  # every other entry is still there
        assert f'id="{entry["id"]}"' in text


def test_a_tier_note_is_shown_where_the_council_writes_one(project: Path) -> None:
    data = drop_tier(project, "specialist")
    note = "No entries at this tier: the Anytown Sensory Support Service leads, see its listing."
    data["tier_notes"] = {"specialist": note}
    write(project, HEARING, data)
    text = page(project, HEARING_PAGE)
    heading = text.index("### Specialist {: #tier-specialist }")
    assert text.index("No entries at this tier", heading) < text.index("## ", heading + 4)
    # an explained empty tier is not a warning; it is still a gap when the rule requires entries
    set_rules(project, on=False)
    code, out = gaps(project)
    assert code == 0 and "Specialist" not in out, out
    set_rules(project, on=True)
    code, out = gaps(project)
    line = line_of(project, HEARING, "tier_notes:") + 1  # the 'specialist:' key
    assert code == 1 and (f"{HEARING}:{line}: gap: no provision at the tier 'Specialist' (its "
                          "note under 'tier_notes' is shown instead)") in out, out


def test_a_tier_note_for_an_unknown_tier_is_an_error(project: Path) -> None:
    data = read(project, HEARING)
    data["tier_notes"] = {"specilaist": "A note."}
    write(project, HEARING, data)
    line = line_of(project, HEARING, "tier_notes:") + 1
    result = ordinarily("validate", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^{re.escape(HEARING)}:{line}: .*'specilaist'.*did you mean "
                     r"'specialist'", result.stderr, re.MULTILINE), result.stderr


def test_gaps_use_the_guides_own_words(project: Path) -> None:
    taxonomy = project / "needs/taxonomy.yml"
    text = taxonomy.read_text("utf-8")
    text = text.replace("  tier: tier\n", "  tier: wave\n").replace("  tiers: tiers\n",
                                                                    "  tiers: waves\n")
    taxonomy.write_text(text.replace("    title: Specialist\n", "    title: Wave 3\n"), "utf-8")
    drop_tier(project, "specialist")
    code, out = gaps(project)
    assert "gap: no provision at the wave 'Wave 3'" in out, out
    assert "tier" not in out.replace("provision_at_every_tier", ""), out


# --- first steps ----------------------------------------------------------------------------------

def expected_starts(data: dict[str, Any], checker_tiers: list[str],
                    phases: list[str]) -> dict[str, list[str]]:
    """For each phase: the first entry (in file order) for it at each checker tier, in the
    tiers' order. An entry with no phases covers every phase of the need."""
    starts = {}
    for phase in phases:
        starts[phase] = []
        for tier in checker_tiers:
            first = next((p["id"] for p in data["provision"] if p["tier"] == tier
                          and phase in p.get("phases", phases)), None)
            if first:
                starts[phase].append(first)
    return starts


def test_without_first_steps_the_checker_and_page_show_the_first_entries(
        project: Path) -> None:
    set_rules(project, on=False)
    data = read(project, HEARING)
    for entry in data["provision"]:
        entry.pop("first_step", None)
    write(project, HEARING, data)
    assert_validates(project)
    taxonomy = read(project, "needs/taxonomy.yml")
    checker_tiers = [t["id"] for t in taxonomy["tiers"] if t.get("checker")]
    phases = [p["id"] for p in taxonomy["phases"]]
    expected = expected_starts(data, checker_tiers, phases)

    need = next(n for n in checker_data(load_project(project).guide)["needs"]
                if n["id"] == "hearing")
    assert need["first_steps_marked"] == []
    assert {phase: [s["id"] for s in steps] for phase, steps in need["first_steps"].items()} \
        == expected
    text = page(project, HEARING_PAGE)
    assert "First step to try" not in text
    for entry_id in {e for ids in expected.values() for e in ids}:
        section = text[text.index(f'id="{entry_id}"'):]
        assert "A place to start" in section[:section.index("</section>")], entry_id

    line = line_of(project, HEARING, "provision:")
    code, out = gaps(project)
    assert code == 0
    for phase in taxonomy["phases"]:
        assert (f"{HEARING}:{line}: gap: no first step marked for the phase "
                f"'{phase['title']}'") in out, out


# --- when to seek more help -----------------------------------------------------------------------

def test_a_need_without_seek_help_has_no_empty_section(project: Path) -> None:
    set_rules(project, on=False)
    data = read(project, HEARING)
    del data["seek_help"]
    write(project, HEARING, data)
    assert_validates(project)
    text = page(project, HEARING_PAGE)
    assert "When to seek more help" not in text and "section-seek-help" not in text
    assert "When to seek more help" in page(project, "needs/sensory-and-physical/vision.md")
    need = next(n for n in checker_data(load_project(project).guide)["needs"]
                if n["id"] == "hearing")
    assert need["seek_help"] == []
    code, out = gaps(project)
    assert code == 0
    assert f"{HEARING}:{line_of(project, HEARING, 'title: Hearing')}: gap: no 'seek_help'" in out
    set_rules(project, on=True)
    assert gaps(project)[0] == 1


# --- review dates and owners ----------------------------------------------------------------------

@pytest.mark.parametrize("name", [HEARING, "needs/glossary.yml", "needs/checker.yml"])
def test_no_review_date_or_owner_validates_and_is_a_gap(project: Path, name: str) -> None:
    set_rules(project, on=False)
    data = read(project, name)
    del data["reviewed"], data["review_owner"]
    write(project, name, data)
    assert_validates(project)
    code, out = gaps(project)
    assert code == 0
    assert f"{name}:1: gap: no 'reviewed' date" in out, out
    assert f"{name}:1: gap: no 'review_owner'" in out, out
    set_rules(project, on=True)
    code, out = gaps(project)
    assert code == 1 and "(required by rules: review_dates)" in out


def test_a_page_with_no_review_date_says_nothing_about_its_review(project: Path) -> None:
    data = read(project, HEARING)
    del data["reviewed"], data["review_owner"]
    write(project, HEARING, data)
    assert "Last reviewed" not in page(project, HEARING_PAGE)
    assert "Last reviewed" in page(project, "needs/sensory-and-physical/vision.md")


def test_a_review_date_without_an_owner_names_nobody(project: Path) -> None:
    data = read(project, HEARING)
    del data["review_owner"]
    write(project, HEARING, data)
    text = page(project, HEARING_PAGE)
    date = data["reviewed"]
    assert re.search(rf'<time datetime="{date}">[^<]+</time>\.</p>', text), text[-800:]
    code, out = gaps(project)
    line = line_of(project, HEARING, f"reviewed: {date}")
    assert f"{HEARING}:{line}: gap: no 'review_owner'" in out and \
        "no 'reviewed' date" not in out, out


# --- area summaries -------------------------------------------------------------------------------

def test_an_area_without_a_summary_has_no_empty_paragraph(project: Path) -> None:
    set_rules(project, on=False)
    taxonomy = project / "needs/taxonomy.yml"
    data = read(project, "needs/taxonomy.yml")
    area = next(a for a in data["areas"] if a["id"] == AREA)
    summary = area.pop("summary")
    write(project, "needs/taxonomy.yml", data)
    assert_validates(project)
    text = page(project, f"needs/{AREA}/index.md")
    body = text.split(f"# {area['title']}\n", 1)[1]
    assert body.lstrip().startswith("## Needs {: #section-needs }"), body[:200]
    areas = page(project, "needs/index.md")
    section = areas.split(f"{{: #section-area-{AREA} }}", 1)[1].split("## ", 1)[0]
    assert "<div" not in section and summary.split()[0] not in section
    line = taxonomy.read_text("utf-8").splitlines().index(f"- id: {AREA}") + 1
    code, out = gaps(project)
    assert code == 0
    assert (f"needs/taxonomy.yml:{line}: gap: the area of need '{area['title']}' has no "
            "summary") in out, out
    set_rules(project, on=True)
    assert gaps(project)[0] == 1


# --- the checker as one flat list -----------------------------------------------------------------

def flatten_checker(project: Path) -> dict[str, Any]:
    data = read(project, "needs/checker.yml")
    data["observations"] = [o for t in data.pop("themes") for o in t["observations"]]
    write(project, "needs/checker.yml", data)
    return data


def test_a_flat_checker_list_validates_and_shows_without_theme_headings(project: Path) -> None:
    data = flatten_checker(project)
    assert_validates(project)
    text = page(project, "checker.md")
    assert "<legend>" in text  # the phase question keeps its legend
    assert text.count("<legend>") == 1 and 'id="theme-' not in text
    for obs in data["observations"]:
        assert f'id="obs-{obs["id"]}"' in text
    ids = [o["id"] for o in checker_data(load_project(project).guide)["observations"]]
    assert ids == [o["id"] for o in data["observations"]]


def test_a_checker_with_both_or_neither_list_is_an_error(project: Path) -> None:
    data = flatten_checker(project)
    data["themes"] = [{"id": "all", "title": "All", "observations": data["observations"][:1]}]
    write(project, "needs/checker.yml", data)
    result = ordinarily("validate", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("needs/checker.yml:1: the file has both 'themes' and 'observations': keep one of "
            "them") in result.stderr, result.stderr
    del data["themes"], data["observations"]
    write(project, "needs/checker.yml", data)
    result = ordinarily("validate", str(project))
    assert result.returncode == 1
    assert "needs/checker.yml:1: the file needs 'themes' or 'observations'" in result.stderr, \
        result.stderr


# --- a strict build -------------------------------------------------------------------------------

@pytest.mark.build
def test_a_need_with_no_entries_at_one_tier_builds_strictly(project: Path) -> None:
    drop_tier(project, "specialist")
    site = build_site(project)
    html = (site / "needs" / AREA / "hearing" / "index.html").read_text("utf-8")
    assert 'id="tier-specialist"' not in html and 'id="tier-universal"' in html
