"""The council's own words everywhere: a guide whose tiers are "waves" and whose phases are "age
bands" reads those words in validation messages, generated pages, the change summary and
check-content's findings; lists of known ids follow the taxonomy's order; hand-written pages
fill taxonomy placeholders the same way in the plugin and in `ordinarily generate`; and
check-content flags hand-written text that still names the default taxonomy.

The expected values are read from the fixture's own taxonomy file with PyYAML, not from the
engine's model."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from ordinarily.assembly.project import build, load_project
from ordinarily.checks.content_checks import check_content
from ordinarily.cli.commands import main
from ordinarily.core.problems import ContentError
from ordinarily.review.change_summary import markdown
from ordinarily.review.changes import Version, compare_versions

from conftest import build_site, copy_example

TAXONOMY = "needs/taxonomy.yml"
WAVES = {"Universal": "Quality first teaching", "SEN support": "Targeted help",
         "Specialist": "Personalised help"}
AUTISM = "needs/communication-and-interaction/autism.yml"
PAGE = "content/how-to-use.md"
TIER_WORD = re.compile(r"\btiers?\b", re.IGNORECASE)


@pytest.fixture
def waves(tmp_path: Path) -> Path:
    """The example with tiers called waves, phases called age bands, and renamed tiers."""
    root = copy_example(tmp_path / "waves")
    path = root / TAXONOMY
    text = path.read_text(encoding="utf-8")
    for old, new in (("  tier: tier\n", "  tier: wave\n"), ("  tiers: tiers\n", "  tiers: waves\n"),
                     ("  phase: phase\n", "  phase: age band\n"),
                     ("  phases: phases\n", "  phases: age bands\n")):
        assert old in text
        text = text.replace(old, new)
    for old, new in WAVES.items():
        assert f"    title: {old}\n" in text
        text = text.replace(f"    title: {old}\n", f"    title: {new}\n")
    path.write_text(text, encoding="utf-8")
    return root


def taxonomy(root: Path) -> dict:
    return yaml.safe_load((root / TAXONOMY).read_text(encoding="utf-8"))


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_project(root)
    return [str(p) for p in caught.value.problems]


def visible(markdown: str) -> str:
    """A generated page's words as a reader sees them: no tags, attributes or attribute lists."""
    return re.sub(r"\{:[^}]*\}|<[^>]*>", " ", markdown)


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace one line's text; return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if old in line)
    lines[number] = lines[number].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


# Validation messages ------------------------------------------------------------------------


def test_an_unknown_tier_is_an_unknown_wave(waves: Path) -> None:
    line = replace_line(waves / AUTISM, "tier: sen-support", "tier: sen-suport")
    found = [p for p in problems(waves) if p.startswith(f"{AUTISM}:{line}:")]
    assert found == [f"{AUTISM}:{line}: unknown wave 'sen-suport' (did you mean "
                     "'sen-support'?)"], problems(waves)


def test_known_ids_are_listed_in_the_taxonomys_order(waves: Path) -> None:
    line = replace_line(waves / AUTISM, "tier: sen-support", "tier: nothing-like-it")
    tiers = ", ".join(t["id"] for t in taxonomy(waves)["tiers"])
    found = [p for p in problems(waves) if p.startswith(f"{AUTISM}:{line}:")]
    assert found == [f"{AUTISM}:{line}: unknown wave 'nothing-like-it' (known: {tiers})"]


def test_known_phases_are_in_age_order_not_alphabetical(waves: Path) -> None:
    phases = [p["id"] for p in taxonomy(waves)["phases"]]
    assert phases != sorted(phases)  # otherwise the test could not tell the orders apart
    text = (waves / AUTISM).read_text(encoding="utf-8")
    first = re.search(r"^    phases: \[([a-z0-9-]+)", text, re.M)
    assert first, "the autism need has an entry limited to phases"
    line = text[:first.start()].count("\n") + 1
    (waves / AUTISM).write_text(text[:first.start(1)] + "toddlers" + text[first.end(1):],
                                encoding="utf-8")
    found = [p for p in problems(waves) if p.startswith(f"{AUTISM}:{line}:")]
    assert found == [f"{AUTISM}:{line}: unknown age band 'toddlers' (known: "
                     f"{', '.join(phases)})"]


def test_a_repeated_tier_id_is_a_repeated_wave_id(waves: Path) -> None:
    tiers = taxonomy(waves)["tiers"]
    line = replace_line(waves / TAXONOMY, f"  - id: {tiers[1]['id']}", f"  - id: {tiers[0]['id']}")
    found = [p for p in problems(waves) if p.startswith(f"{TAXONOMY}:{line}:")]
    assert len(found) == 1 and found[0].startswith(
        f"{TAXONOMY}:{line}: the wave id '{tiers[0]['id']}' is used twice"), found


def test_no_message_says_tier_for_a_guide_of_waves(waves: Path) -> None:
    replace_line(waves / AUTISM, "tier: sen-support", "tier: sen-suport")
    replace_line(waves / "needs/cognition-and-learning/moderate-learning-difficulties.yml",
                 "tier: universal", "tier: everyone")
    messages = problems(waves)
    assert len(messages) >= 2
    assert not [m for m in messages if TIER_WORD.search(m.split(": ", 1)[1])], messages


# Generated pages ----------------------------------------------------------------------------


def test_need_areas_and_checker_pages_say_waves_and_age_bands(waves: Path) -> None:
    tax = taxonomy(waves)
    pages = {p.src: p.content for p in build(load_project(waves)).pages}
    titles = [t["title"] for t in tax["tiers"]]
    areas = visible(pages["needs/index.md"])
    assert (f"Each need sets out provision at three waves:\n<strong>{titles[0]}</strong>, "
            f"<strong>{titles[1]}</strong> and <strong>{titles[2]}</strong>."
            in pages["needs/index.md"])
    need = visible(pages["needs/communication-and-interaction/autism.md"])
    checker = visible(pages["checker.md"])
    assert "Every age band" in need
    assert "Which age band is the child or young person in?" in checker
    assert "choose the age band, tick what you have noticed" in checker
    for text in (areas, need, checker):
        assert not TIER_WORD.search(text), TIER_WORD.search(text)
    assert not re.search(r"\bphases?\b", checker), "the checker page says phase"


def test_the_finder_filters_by_age_band(waves: Path) -> None:
    pages = {p.src: p.content for p in build(load_project(waves)).pages}
    finder = pages["local-offer/index.md"]
    assert '<label for="ord-phase">Age band</label>' in finder
    assert '<option value="">Any age band</option>' in finder
    assert "Phase of education" not in finder


def test_the_maintainers_guide_says_waves(waves: Path) -> None:
    pages = {p.src: p.content for p in build(load_project(waves)).pages}
    guide = visible(pages["maintainers/change-summary.md"])
    tiers = [t["title"] for t in taxonomy(waves)["tiers"]]
    assert "moved to another wave, another age band or another need" in guide
    assert f'"from {tiers[0]} to {tiers[1]}" means' in guide
    text = guide.split("![")[0] + "".join(part.split("](", 1)[-1] for part in
                                          guide.split("![")[1:])  # not the screenshots' words
    assert not TIER_WORD.search(text), TIER_WORD.search(text)


# Placeholders -------------------------------------------------------------------------------

PLACEHOLDERS = """
## The [[ordinarily:tiers.count.words]] [[ordinarily:labels.tiers]]

[[ordinarily:Areas.count.words]] [[ordinarily:labels.areas]] ([[ordinarily:areas.count]]), \
[[ordinarily:tiers.count]] [[ordinarily:labels.tiers]]: [[ordinarily:tiers.titles]].

[[ordinarily:tiers.list]]

Write `[[ordinarily:tiers.titles]]` to name them.
"""


def expected_placeholders(root: Path) -> str:
    tax = taxonomy(root)
    tiers = [t["title"] for t in tax["tiers"]]
    words = ["no", "one", "two", "three", "four", "five", "six"]
    return (f"\n## The {words[len(tiers)]} waves\n\n"
            f"{words[len(tax['areas'])].capitalize()} areas of need ({len(tax['areas'])}), "
            f"{len(tiers)} waves: {tiers[0]}, {tiers[1]} and {tiers[2]}.\n\n"
            + "".join(f"- {t}\n" for t in tiers)
            + "\nWrite `[[ordinarily:tiers.titles]]` to name them.\n")


def test_generate_fills_placeholders_from_the_taxonomy(waves: Path, tmp_path: Path) -> None:
    page = waves / PAGE
    page.write_text(page.read_text(encoding="utf-8") + PLACEHOLDERS, encoding="utf-8")
    assert main(["generate", str(waves), "--out", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / "docs" / "how-to-use.md").read_text(encoding="utf-8")
    assert expected_placeholders(waves) in written
    assert written.count("[[ordinarily:") == 1  # only the one in code, left as written


@pytest.mark.build
def test_the_plugin_fills_placeholders_as_generate_does(waves: Path, tmp_path: Path) -> None:
    page = waves / PAGE
    page.write_text(page.read_text(encoding="utf-8") + PLACEHOLDERS, encoding="utf-8")
    assert main(["generate", str(waves), "--out", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / "docs" / "how-to-use.md").read_text(encoding="utf-8")
    html = (build_site(waves) / "how-to-use" / "index.html").read_text(encoding="utf-8")
    tiers = [t["title"] for t in taxonomy(waves)["tiers"]]
    assert "".join(f"<li>{t}</li>\n" for t in tiers).strip() in html
    assert ">The three waves</h2>" in html or ">The three waves<a" in html
    sentence = re.search(r"^Four areas of need .*$", written, re.M)
    assert sentence and sentence.group() in html
    assert "[[ordinarily:" not in html.replace("<code>[[ordinarily:tiers.titles]]</code>", "")


def test_an_unknown_placeholder_is_reported_at_its_line(waves: Path, capsys) -> None:
    page = waves / PAGE
    lines = page.read_text(encoding="utf-8").split("\n")
    page.write_text("\n".join([*lines, "", "We use [[ordinarily:tier.titles]] here."]),
                    encoding="utf-8")
    assert main(["validate", str(waves)]) == 1
    err = capsys.readouterr().err
    assert (f"{PAGE}:{len(lines) + 2}: unknown placeholder '[[ordinarily:tier.titles]]' "
            "(did you mean '[[ordinarily:tiers.titles]]'?)") in err
    assert "Traceback" not in err


def test_a_list_placeholder_inside_a_sentence_is_reported(waves: Path, capsys) -> None:
    page = waves / PAGE
    lines = page.read_text(encoding="utf-8").split("\n")
    page.write_text("\n".join([*lines, "The waves: [[ordinarily:tiers.list]]"]),
                    encoding="utf-8")
    assert main(["validate", str(waves)]) == 1
    assert (f"{PAGE}:{len(lines) + 1}: '[[ordinarily:tiers.list]]' makes a bulleted list, so it "
            "must be on a line of its own") in capsys.readouterr().err


# check-content ------------------------------------------------------------------------------


def test_check_content_flags_the_default_tiers_in_a_guide_of_waves(waves: Path) -> None:
    page = waves / PAGE
    lines = page.read_text(encoding="utf-8").split("\n")
    page.write_text("\n".join([*lines, "", "Plan it for every child on SEN support.", "",
                               "Ask a Specialist teacher, or specialist advice."]),
                    encoding="utf-8")
    result = check_content(load_project(waves), ["taxonomy"], date(2026, 12, 1))[0]
    assert not result.failed  # a warning
    tiers = ", ".join(f"'{t['title']}'" for t in taxonomy(waves)["tiers"][:-1])
    last = taxonomy(waves)["tiers"][-1]["title"]
    at = {(f.file, f.line): f.message for f in result.findings}
    assert at[(PAGE, len(lines) + 2)].startswith(
        f"names the wave 'SEN support', which needs/taxonomy.yml does not have; its waves are "
        f"{tiers} and '{last}'")
    assert "[[ordinarily:tiers.titles]]" in at[(PAGE, len(lines) + 2)]
    assert "names the wave 'Specialist'" in at[(PAGE, len(lines) + 4)]
    assert not [m for m in at.values() if "'specialist'" in m]  # lower case: ordinary English


def test_check_content_flags_the_word_tier_and_a_wrong_count(waves: Path) -> None:
    source = (waves / PAGE).read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(source) if line == "## The three tiers") + 1
    areas = waves / "needs/taxonomy.yml"
    intro = replace_line(areas, "four broad areas of need", "five broad areas of need")
    result = check_content(load_project(waves), ["taxonomy"], date(2026, 12, 1))[0]
    at = {(f.file, f.line): f.message for f in result.findings}
    assert at[(PAGE, heading)].startswith("says 'tiers', but needs/taxonomy.yml calls them "
                                          "'waves'; write 'waves'")
    assert at[(TAXONOMY, intro)] == ("gives a number of areas of need that is not the "
                                     "taxonomy's; needs/taxonomy.yml has four")


def test_check_content_finds_nothing_in_a_guide_that_kept_the_defaults(project: Path) -> None:
    page = project / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\nEvery child on SEN support.\n",
                    encoding="utf-8")
    result = check_content(load_project(project), ["taxonomy"], date(2026, 12, 1))[0]
    assert result.findings == ()


# The change summary -------------------------------------------------------------------------


def test_the_change_summary_names_waves_and_age_bands(waves: Path, tmp_path: Path) -> None:
    base = copy_example(tmp_path / "base")
    (base / TAXONOMY).write_text((waves / TAXONOMY).read_text(encoding="utf-8"),
                                 encoding="utf-8")
    old = WAVES["SEN support"]
    replace_line(waves / TAXONOMY, f"title: {old}", "title: Extra targeted help")
    comparison = compare_versions(Version.of(load_project(base), "base"),
                                  Version.of(load_project(waves), "head"))
    text = markdown(comparison)
    assert "## Areas of need, waves and age bands" in text
    assert "wave Extra targeted help" in text
    assert not TIER_WORD.search(text), text
