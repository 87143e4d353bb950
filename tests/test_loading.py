"""Loading and validation: every kind of bad input gives the right file, line and message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ordinarily.assembly.project import load_project
from ordinarily.core.problems import ContentError
from ordinarily.core.yamlfile import parse_yaml
from ordinarily.guide.loader import load_guide

from conftest import EXAMPLE, mkdocs

AUTISM = "needs/communication-and-interaction/autism.yml"


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_project(root)
    return [str(p) for p in caught.value.problems]


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing `needle`."""
    hits = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def replace_once(path: Path, old: str, new: str) -> int:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    return line


# --- The YAML reader ----------------------------------------------------------------------------

def test_values_keep_their_lines() -> None:
    doc = parse_yaml("title: A\nprovision:\n  - id: one\n    tier: universal\n", "x.yml")
    assert doc.data == {"title": "A", "provision": [{"id": "one", "tier": "universal"}]}
    assert doc.line(("provision", 0, "tier")) == 4
    assert doc.line(("provision", 0, "missing")) == 3  # falls back to the nearest parent


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a: 1\nb: [1, 2\n", 3, "not valid YAML"),
    ("a: 1\na: 2\n", 2, "the key 'a' appears twice (first on line 1)"),
    ("a: 1\nb: !!python/object:os.system ls\n", 2, "the tag '!!python/object:os.system' is not "
                                                   "allowed"),
    ("a: 1\nb: !!python/name:os.system\n", 2, "is not allowed in content files"),
    ("title: Hello: world\n", 1, "put the whole value in quotes"),
    ("a:\n\t- b\n", 2, "not valid YAML"),
    ("a: &x [1]\nb:\n  <<: {c: 1}\n", 3, "merge keys"),
])
def test_yaml_problems_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "needs/x.yml")
    (problem,) = caught.value.problems
    assert problem.file == "needs/x.yml"
    assert problem.line == line
    assert message in problem.message


def test_alias_bomb_is_refused_with_a_message() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(ContentError) as caught:
        parse_yaml("\n".join(lines) + "\n", "bomb.yml")
    assert "expands to more than" in str(caught.value) or "aliases" in str(caught.value)


def test_self_referencing_alias_is_refused() -> None:
    with pytest.raises(ContentError, match="refers to the value that contains it"):
        parse_yaml("a: &a\n  - *a\n", "x.yml")


# --- Each kind of bad content, in the example project -------------------------------------------

def test_the_example_project_is_valid() -> None:
    project = load_project(EXAMPLE)
    assert len(project.guide.needs) >= 12
    assert sum(len(n.provision) for n in project.guide.needs) >= 200


def test_missing_required_field(project: Path) -> None:
    need = project / AUTISM
    line = replace_once(need, "\nsummary:", "\nsummery:") + 1
    found = problems_of(project)
    first_field = line_of(need, "title:")
    assert f"{AUTISM}:{first_field}: the file is missing the required field 'summary'" in found
    assert any(p.startswith(f"{AUTISM}:{line}: unknown field 'summery' (did you mean "
                            "'summary'?)") for p in found)


def test_wrong_type(project: Path) -> None:
    need = project / AUTISM
    line = line_of(need, "first_step: true")
    replace_once(need, "first_step: true", "first_step: [yes]")
    found = problems_of(project)
    assert any(p.startswith(f"{AUTISM}:{line}: ") and "first_step" in p
               and "should be true or false, not a list" in p for p in found), found


def test_unknown_tier_phase_and_need(project: Path) -> None:
    need = project / AUTISM
    tier_line = replace_once(need, "tier: sen-support", "tier: sen-suport")
    phase_line = replace_once(need, "phases: [early-years", "phases: [early-yeers")
    need_line = replace_once(need, "  - anxiety-and-low-mood", "  - anxiety-and-low-moods")
    found = problems_of(project)
    assert (f"{AUTISM}:{tier_line}: unknown tier 'sen-suport' (did you mean 'sen-support'?)"
            in found)
    assert (f"{AUTISM}:{phase_line}: unknown phase 'early-yeers' (did you mean 'early-years'?)"
            in found)
    assert (f"{AUTISM}:{need_line}: unknown need 'anxiety-and-low-moods' (did you mean "
            "'anxiety-and-low-mood'?)" in found)


def test_unknown_area_folder(project: Path) -> None:
    (project / "needs" / "communication-and-interaction").rename(
        project / "needs" / "communication-and-interation")
    found = problems_of(project)
    assert any(p.startswith("needs/communication-and-interation: this folder is not an area "
                            "of need: unknown area of need 'communication-and-interation' (did "
                            "you mean "
                            "'communication-and-interaction'?)") for p in found), found


def test_duplicate_entry_id(project: Path) -> None:
    need = project / AUTISM
    text = need.read_text()
    ids = [line.split("id:")[1].strip() for line in text.splitlines()
           if line.strip().startswith("- id:")]
    second = line_of(need, f"- id: {ids[1]}")
    first = line_of(need, f"- id: {ids[0]}")
    need.write_text(text.replace(f"- id: {ids[1]}", f"- id: {ids[0]}", 1))
    assert (f"{AUTISM}:{second}: the provision entry id '{ids[0]}' is used twice (first on line "
            f"{first}); ids must be unique") in problems_of(project)


@pytest.mark.parametrize(("written", "message"), [
    ("2026-02-30", "'2026-02-30' is not a real date; write YYYY-MM-DD, for example 2026-09-14"),
    ("14/09/2026", "'reviewed' is '14/09/2026': a date must be written YYYY-MM-DD"),
])
def test_bad_date(project: Path, written: str, message: str) -> None:
    need = project / AUTISM
    line = line_of(need, "reviewed:")
    text = need.read_text().splitlines()
    text[line - 1] = f"reviewed: {written}"
    need.write_text("\n".join(text) + "\n")
    assert any(p.startswith(f"{AUTISM}:{line}: {message}") for p in problems_of(project))


def test_need_missing_from_its_area_list(project: Path) -> None:
    taxonomy = project / "needs" / "taxonomy.yml"
    replace_once(taxonomy, "      - autism\n", "")
    assert (f"{AUTISM}: this need is not listed in needs/taxonomy.yml: add 'autism' to the needs "
            "of the area 'communication-and-interaction'") in problems_of(project)


def test_stray_file_is_reported_not_ignored(project: Path) -> None:
    (project / "needs" / "glosary.yml").write_text("terms: []\n")
    assert any(p.startswith("needs/glosary.yml: this file is not part of the guide (did you "
                            "mean 'glossary.yml'?)") for p in problems_of(project))


def test_no_first_step_and_an_empty_tier_are_not_errors(project: Path) -> None:
    """Both are the council's choice (rules: in ordinarily.yml); check-content reports them as
    gaps (tests/test_optional_content.py)."""
    need = project / AUTISM
    need.write_text(need.read_text().replace("first_step: true", "first_step: false"))
    data = yaml.safe_load(need.read_text())
    data["provision"] = [p for p in data["provision"] if p["tier"] != "specialist"]
    need.write_text(yaml.safe_dump(data, sort_keys=False))
    loaded = load_project(project).guide.need("autism")
    assert not any(p.first_step for p in loaded.provision)
    assert {p.tier for p in loaded.provision} == {"universal", "sen-support"}


def test_problems_are_sorted_and_all_reported(project: Path) -> None:
    replace_once(project / AUTISM, "tier: sen-support", "tier: nope")
    replace_once(project / "needs" / "glossary.yml", "terms:", "termz:")
    found = problems_of(project)
    files = [p.split(":")[0] for p in found]
    assert files == sorted(files)
    assert any(f.startswith("needs/communication") for f in files)
    assert any(f == "needs/glossary.yml" for f in files)


def test_guide_loads_in_the_taxonomy_order() -> None:
    guide = load_guide(EXAMPLE)
    order = [n for a in guide.taxonomy.areas for n in a.need_ids]
    assert [n.id for n in guide.needs] == order


def test_an_id_ending_in_a_line_break_is_refused(project: Path) -> None:
    """JSON Schema patterns end at the end of the text, as in JavaScript (Python's `$` would
    also accept a final line break)."""
    need = project / AUTISM
    line = replace_once(need, "  - id: make-the-day-predictable\n",
                        '  - id: "make-the-day-predictable\\n"\n')
    found = problems_of(project)
    assert any(p.startswith(f"{AUTISM}:{line}: ") and "an id must be lower-case" in p
               for p in found), found


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("tier: sen-support", "tier: {huge}", "unknown tier 'sen-xxx"),
    ("title:", "{huge}: 1\ntitle:", "unknown field 'sen-xxx"),
])
def test_a_huge_value_is_quoted_short(project: Path, old: str, new: str, expected: str) -> None:
    need = project / AUTISM
    line = replace_once(need, old, new.format(huge="sen-" + "x" * 900))  # YAML keys stop at 1024
    found = [p for p in problems_of(project) if p.startswith(f"{AUTISM}:{line}: ")]
    assert found and expected in found[0] and "…'" in found[0] and len(found[0]) < 600, found


@pytest.mark.build
def test_a_palette_too_light_to_read_fails_the_build(project: Path) -> None:
    settings = project / "ordinarily.yml"
    line = replace_once(settings, 'primary: "#1d5c63"', 'primary: "#ffcc00"')
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert (f"ordinarily.yml:{line}: the primary colour #ffcc00 and white (#ffffff) have too "
            "little contrast for white text on it (the header and buttons): 1.51:1, where WCAG "
            "AA needs at least 4.5:1 for text; try the darker #8a6e00") in result.stderr
    assert "Traceback" not in result.stderr


def test_the_accent_colour_is_checked_against_a_white_page(project: Path) -> None:
    settings = project / "ordinarily.yml"
    line = replace_once(settings, 'accent: "#8a3b12"', 'accent: "#ff8800"')
    found = problems_of(project)
    assert any(p.startswith(f"ordinarily.yml:{line}: the accent colour #ff8800 and white")
               and "2.39:1" in p for p in found), found


def test_problems_survive_the_trip_back_from_a_worker_process() -> None:
    import pickle

    from ordinarily.core.problems import Problem

    error = ContentError([Problem("ordinarily.yml", 12, "the site's address is wrong")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems
    assert again.report() == "ordinarily.yml:12: the site's address is wrong"
