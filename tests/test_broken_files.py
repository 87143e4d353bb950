"""Break every example YAML file in turn: `ordinarily validate` and the build say where, plainly."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ordinarily.cli.commands import main

from conftest import EXAMPLE, ROOT, mkdocs, ordinarily

ALL_FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in [
    EXAMPLE / "ordinarily.yml", *(EXAMPLE / "needs").rglob("*.yml"),
    *(EXAMPLE / "local-offer").rglob("*.yml")])
# Every file of the guide, and one of each kind from the Local Offer (its many services and
# organisations share one schema and one loader, so one of each stands for the rest).
EXAMPLE_FILES = [f for f in ALL_FILES if not f.startswith("local-offer/")] + [
    "local-offer/taxonomy.yml", "local-offer/you-said-we-did.yml",
    "local-offer/organisations/anytown-leisure-trust.yml",
    "local-offer/services/short-breaks-saturday-club.yml"]

# The field every file of a kind must have, and a reference to another id to break.
REQUIRED = {"taxonomy.yml": "tiers", "universal.yml": "themes", "apdr.yml": "steps",
            "glossary.yml": "terms", "checker.yml": "intro", "ordinarily.yml": "site",
            "service": "needs", "organisation": "description", "offer-taxonomy": "places",
            "you-said-we-did": "entries", "next-steps.yml": "steps"}
REFERENCES = {  # file name (or "need") -> (a line to find, how to break it, expected message)
    "taxonomy.yml": ("      - autism", "      - autistm", "the need 'autistm' has no file"),
    "checker.yml": ("        needs: [", "        needs: [no-such-need, ",
                    "unknown need 'no-such-need'"),
    "universal.yml": ("phases: [", "phases: [year-nine, ", "unknown phase 'year-nine'"),
    "need": ("    tier: specialist", "    tier: specialists",
             "unknown tier 'specialists' (did you mean 'specialist'?)"),
    "service": ("needs: [autism", "needs: [autsm", "unknown need 'autsm' (did you mean 'autism'?)"),
    "you-said-we-did": ("services: [", "services: [no-such-service, ",
                        "unknown service 'no-such-service'"),
    "next-steps.yml": ("      - service: sendiass-helpline", "      - service: no-such-service",
                       "unknown service 'no-such-service'"),
}
OFFER_KINDS = {"local-offer/taxonomy.yml": "offer-taxonomy",
               "local-offer/you-said-we-did.yml": "you-said-we-did",
               "local-offer/services/": "service", "local-offer/organisations/": "organisation"}


def validate(project: Path, capsys: pytest.CaptureFixture) -> tuple[int, list[str]]:
    code = main(["validate", str(project)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


def kind_of(name: str) -> str:
    for start, kind in OFFER_KINDS.items():
        if name.startswith(start):
            return kind
    return name.rsplit("/", 1)[-1] if name.rsplit("/", 1)[-1] in REQUIRED else "need"


def test_every_example_file_is_covered() -> None:
    assert len(EXAMPLE_FILES) >= 19
    assert {kind_of(f) for f in EXAMPLE_FILES} == {*REQUIRED, "need"}


def test_every_example_file_points_at_its_schema() -> None:
    for name in ALL_FILES:
        first = (EXAMPLE / name).read_text().splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{name} does not start with a $schema line"
        schema = (EXAMPLE / name).parent / match.group(1)
        assert schema.resolve().is_file(), f"{name} points at a missing schema {schema}"


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_syntax_error(name: str, project: Path, capsys: pytest.CaptureFixture) -> None:
    path = project / name
    lines = path.read_text().splitlines()
    lines.insert(1, "\tbroken: [")
    path.write_text("\n".join(lines) + "\n")
    code, problems = validate(project, capsys)
    assert code == 1
    assert any(p.startswith(f"{name}:2: not valid YAML") for p in problems), problems


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_missing_required_field(name: str, project: Path, capsys: pytest.CaptureFixture) -> None:
    path = project / name
    field = REQUIRED.get(kind_of(name), "title")
    text = path.read_text()
    assert f"\n{field}:" in text
    line = text[: text.index(f"\n{field}:")].count("\n") + 2
    path.write_text(text.replace(f"\n{field}:", f"\n{field}_old:", 1))
    code, problems = validate(project, capsys)
    assert code == 1
    assert any(f"the file is missing the required field '{field}'" in p and p.startswith(name)
               for p in problems), problems
    assert any(p.startswith(f"{name}:{line}: unknown field '{field}_old'") for p in problems)


@pytest.mark.parametrize("name", [n for n in EXAMPLE_FILES if kind_of(n) in REFERENCES])
def test_unknown_id(name: str, project: Path, capsys: pytest.CaptureFixture) -> None:
    path = project / name
    find, broken, message = REFERENCES[kind_of(name)]
    text = path.read_text()
    assert find in text, f"{name} has no '{find}' to break"
    line = text[: text.index(find)].count("\n") + 1
    path.write_text(text.replace(find, broken, 1))
    code, problems = validate(project, capsys)
    assert code == 1
    assert any(p.startswith(f"{name}:{line}: ") and message in p for p in problems), problems


def test_console_script_reports_without_traceback(project: Path) -> None:
    need = project / "needs/sensory-and-physical/hearing.yml"
    need.write_text(need.read_text().replace("tier: universal", "tier: universl", 1))
    result = ordinarily("validate", str(project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"^needs/sensory-and-physical/hearing\.yml:\d+: unknown tier 'universl' "
                     r"\(did you mean 'universal'\?\)$", result.stderr, re.MULTILINE)
    assert ordinarily("validate", str(EXAMPLE)).returncode == 0


@pytest.mark.build
@pytest.mark.parametrize(("name", "find", "broken", "message"), [
    ("needs/taxonomy.yml", "      - autism", "      - autistm", "the need 'autistm' has no file"),
    ("needs/communication-and-interaction/autism.yml", "\ntitle:", "\ntitel:",
     "unknown field 'titel' (did you mean 'title'?)"),
    ("needs/universal.yml", "\nthemes:", "\n\tthemes:", "not valid YAML"),
    ("needs/apdr.yml", "  - id: plan", "  - id: planning", "expected one of assess, plan"),
    ("needs/glossary.yml", "\nterms:", "\nterms: 3\nold_terms:", "should be a list"),
    ("needs/checker.yml", "        needs: [", "        needs: [autsm, ",
     "unknown need 'autsm' (did you mean 'autism'?)"),
    ("ordinarily.yml", "  primary: ", "  primary: teal #", "a colour must be written #rrggbb"),
    ("local-offer/services/short-breaks-saturday-club.yml", "needs: [autism",
     "needs: [autsm", "unknown need 'autsm' (did you mean 'autism'?)"),
    ("local-offer/taxonomy.yml", "  - id: riverside", "  - id: Riverside",
     "an id must be lower-case"),
    ("ordinarily.yml", '\n  accent: "#8a3b12"', '\n  logo: images/logo.svg\n  accent: "#8a3b12"',
     "the logo 'images/logo.svg' is not a file in content/ or overrides/"),
    ("needs/taxonomy.yml", "\n    ages: 11 to 16", "\n    ages: 16 to 11",
     "the ages of the phase 'Secondary' are written backwards"),
    ("needs/universal.yml", "\n  - id: leadership-and-culture",
     "\n\u00a0 - id: leadership-and-culture", "a non-breaking space (U+00A0) at column 1"),
])
def test_build_fails_the_same_way(project: Path, name: str, find: str, broken: str,
                                  message: str) -> None:
    path = project / name
    text = path.read_text()
    assert find in text
    line = text[: text.index(find)].count("\n") + 1 + find.startswith("\n")
    path.write_text(text.replace(find, broken, 1))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(rf"{re.escape(name)}:{line}: .*{re.escape(message)}", result.stderr), \
        result.stderr[-2000:]


# -- Mistakes an officer makes typing in a guide (issue 22, point 3) ------------------------------
# Each case: the file, (text to find, what to write instead) pairs, the text whose line the one
# problem names (as it reads after the change), and the whole message expected there.
NBSP, ZWSP, BOM, FIGURE, NARROW = "\u00a0", "\u200b", "\ufeff", "\u2007", "\u202f"
EXPECTS_SPACE = "where YAML expects an ordinary space or nothing; "
TYPE_SPACE = "type an ordinary space instead"
DELETE_IT = ("delete it: it is invisible, so delete the characters either side of it and type "
             "them again")
EARLY_YEARS = "  - id: early-years\n    title: Early years\n    ages: 0 to 5\n"
OFFICER_MISTAKES = {
    "logo-missing": (
        "ordinarily.yml", [('  accent: "#8a3b12"\n',
                            '  accent: "#8a3b12"\n  logo: assets/logo.svg\n')],
        "  logo:", "the logo 'assets/logo.svg' is not a file in content/ or overrides/; add the "
        "file there or correct the path, which is written from one of those folders "
        "(content/assets/logo.svg is written assets/logo.svg)"),
    "favicon-web-address": (
        "ordinarily.yml", [('  accent: "#8a3b12"\n',
                            '  accent: "#8a3b12"\n  favicon: https://example.org.uk/icon.png\n')],
        "  favicon:", "the favicon 'https://example.org.uk/icon.png' is a web address, but the "
        "site asks no other site for anything; save the file in content/ or overrides/ (for "
        "example content/assets/) and give its path from that folder, such as assets/icon.png"),
    "ages-backwards": (
        "needs/taxonomy.yml", [("ages: 11 to 16", "ages: 16 to 11")], "ages: 16 to 11",
        "the ages of the phase 'Secondary' are written backwards ('16 to 11'); write the "
        "younger age first: '11 to 16'"),
    "ages-backwards-dash": (
        "needs/taxonomy.yml", [("ages: 4 to 11", "ages: ages 11-4 years")], "ages: ages 11-4",
        "the ages of the phase 'Primary' are written backwards ('ages 11-4 years'); write the "
        "younger age first: 'ages 4-11 years'"),
    "phases-out-of-order": (
        "needs/taxonomy.yml", [(EARLY_YEARS, ""), ("    ages: 16 to 25\n",
                                                   "    ages: 16 to 25\n" + EARLY_YEARS)],
        "  - id: early-years", "the phases are not listed in age order: 'Early years' (0 to 5) "
        "comes after 'Post-16' (16 to 25, line {  - id: post-16}); list the phases youngest "
        "first (pages, menus and the checker show them in this order): early-years, primary, "
        "secondary, post-16"),
    "nbsp-after-colon": (
        "needs/communication-and-interaction/autism.yml", [("\ntitle: ", f"\ntitle:{NBSP}")],
        "title:", f"not valid YAML: a non-breaking space (U+00A0) at column 7, {EXPECTS_SPACE}"
        f"{TYPE_SPACE}"),
    "nbsp-before-colon": (
        "needs/taxonomy.yml", ["    title: Early years", f"    title{NBSP}: Early years"],
        "    title\u00a0:", "YAML reads this line differently from how it looks: a non-breaking "
        f"space (U+00A0) at column 10, {EXPECTS_SPACE}{TYPE_SPACE}"),
    "figure-space-indent": (
        "needs/universal.yml", [("\n  - id: leadership-and-culture",
                                 f"\n{FIGURE} - id: leadership-and-culture")],
        f"{FIGURE} - id: leadership", "not valid YAML: a figure space (U+2007) at column 1, "
        f"{EXPECTS_SPACE}{TYPE_SPACE}"),
    "narrow-nbsp-after-dash": (
        "local-offer/taxonomy.yml", [("  - id: anytown-central",
                                      f"  -{NARROW}id: anytown-central")],
        f"  -{NARROW}id", "not valid YAML: a narrow non-breaking space (U+202F) at column 4, "
        f"{EXPECTS_SPACE}{TYPE_SPACE}"),
    "zero-width-space": (
        "needs/checker.yml", [("        needs: [", f"        needs:{ZWSP} [")], "needs:\u200b",
        f"not valid YAML: a zero-width space (U+200B) at column 15, {EXPECTS_SPACE}{DELETE_IT}"),
    "byte-order-mark-mid-file": (
        "needs/glossary.yml", [("  - id: aac", f"{BOM}  - id: aac")], f"{BOM}  - id: aac",
        f"not valid YAML: a byte order mark (U+FEFF) at column 1, {EXPECTS_SPACE}{DELETE_IT}"),
    "need-in-two-areas": (
        "needs/taxonomy.yml", [("      - hearing\n", "      - hearing\n      - autism\n")],
        "\n      - autism\n      - vision", "the need 'autism' is listed under two areas of "
        "need: 'Sensory and physical' here and 'Communication and interaction' at "
        "needs/taxonomy.yml:{      - autism}; a need belongs to one area of need, the one whose "
        "folder holds its file, so remove it from the other list"),
    "need-twice-in-one-area": (
        "needs/taxonomy.yml", [("      - vision\n", "      - vision\n      - hearing\n")],
        "\n      - hearing\n      - multi", "'areas[4].needs' lists 'hearing' twice; remove "
        "one of them"),
}


def _line_of(text: str, find: str) -> int:
    """The line `find` starts on, or the line after when it starts with a line break."""
    assert text.count(find) >= 1, f"nothing like {find!r}"
    return text[: text.index(find)].count("\n") + 1 + find.startswith("\n")


def _break(path: Path, edits: list) -> str:
    text = path.read_text(encoding="utf-8")
    for find, broken in [edits] if isinstance(edits[0], str) else edits:
        assert find in text, f"{path.name} has no {find!r}"
        text = text.replace(find, broken, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _expected(text: str, message: str) -> str:
    """The message with each {text} replaced by the line that text starts on."""
    return re.sub(r"\{([^{}]+)\}", lambda m: str(_line_of(text, m.group(1))), message)


@pytest.mark.parametrize("case", OFFICER_MISTAKES)
def test_officer_mistake(case: str, project: Path, capsys: pytest.CaptureFixture) -> None:
    name, edits, at, message = OFFICER_MISTAKES[case]
    text = _break(project / name, edits)
    code, problems = validate(project, capsys)
    assert code == 1
    assert problems == [f"{name}:{_line_of(text, at)}: {_expected(text, message)}",
                        "1 problem found."]


def test_logo_suggests_the_file_that_is_there(project: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    (project / "overrides/images").mkdir()
    (project / "overrides/images/Anytown-Logo.svg").write_text("<svg/>")
    (project / "content/assets").mkdir()
    (project / "content/assets/favicon.png").write_bytes(b"\x89PNG")
    text = _break(project / "ordinarily.yml", [(
        '  accent: "#8a3b12"\n', '  accent: "#8a3b12"\n  logo: images/anytown-logo.svg\n'
        '  favicon: content/assets/favicon.png\n')])
    code, problems = validate(project, capsys)
    assert code == 1
    rest = ("; add the file there or correct the path, which is written from one of those "
            "folders (content/assets/logo.svg is written assets/logo.svg)")
    assert problems == [
        f"ordinarily.yml:{_line_of(text, '  logo:')}: the logo 'images/anytown-logo.svg' is not "
        f"a file in content/ or overrides/ (did you mean 'images/Anytown-Logo.svg'?){rest}",
        f"ordinarily.yml:{_line_of(text, '  favicon:')}: the favicon 'content/assets/favicon.png'"
        f" is not a file in content/ or overrides/ (did you mean 'assets/favicon.png'?){rest}",
        "2 problems found."]


def test_logo_that_is_there_passes(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "overrides/images").mkdir()
    (project / "overrides/images/logo.svg").write_text("<svg/>")
    (project / "content/favicon.png").write_bytes(b"\x89PNG")
    _break(project / "ordinarily.yml", [('  accent: "#8a3b12"\n', '  accent: "#8a3b12"\n'
                                         '  logo: images/logo.svg\n  favicon: favicon.png\n')])
    assert main(["validate", str(project)]) == 0, capsys.readouterr().err


def test_text_may_hold_non_breaking_spaces(project: Path, capsys: pytest.CaptureFixture) -> None:
    """Inside text a non-breaking space is the writer's choice: only YAML's spaces are checked."""
    _break(project / "needs/communication-and-interaction/autism.yml", [
        ("\ntitle: Autism", f"\ntitle: Autism{NBSP}and{NARROW}autistic"),
        ("close attention to detail", f"close{NBSP}attention to{ZWSP}detail"),
        ("\n  differently from most people", f"\n  differently from most{NBSP}people")])
    assert main(["validate", str(project)]) == 0, capsys.readouterr().err


def test_missing_checker_file_says_how_to_switch_it_off(project: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    (project / "needs/checker.yml").unlink()
    code, problems = validate(project, capsys)
    assert code == 1
    assert problems == ["needs/checker.yml: the file is missing: the guide needs its checker "
                        "file; add it, or switch the quick needs checker off in ordinarily.yml "
                        "(under sections:, write checker: false)", "1 problem found."]
    # ... and the advice works.
    _break(project / "ordinarily.yml", [("  checker: true", "  checker: false")])
    assert main(["validate", str(project)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(("old", "new", "message"), [
    ("needs/communication-and-interaction/autism.yml",
     "needs/communication-and-interaction/Autism.yml",
     "the file name is the need's id and must be lower-case letters, digits and hyphens: rename "
     "it autism.yml"),
    ("local-offer/services/short-breaks-saturday-club.yml",
     "local-offer/services/Short-Breaks-Saturday-Club.yml",
     "the file name is the service's id and must be lower-case letters, digits and hyphens: "
     "rename it short-breaks-saturday-club.yml"),
    ("local-offer/organisations/anytown-leisure-trust.yml",
     "local-offer/organisations/Anytown_Leisure_Trust.yml",
     "the file name is the organisation's id and must be lower-case letters, digits and "
     "hyphens: rename it anytown-leisure-trust.yml"),
])
def test_capitalised_file_name_is_one_problem(old: str, new: str, message: str, project: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    """Files that name the id the file should have get no second error (and no 'did you mean'
    the capitalised name)."""
    (project / old).rename(project / new)
    code, problems = validate(project, capsys)
    assert code == 1
    assert problems == [f"{new}: {message}", "1 problem found."]


ID_PATTERN = re.compile(json.loads((ROOT / "plugins/ordinarily/schemas/need.schema.json")
                                   .read_text())["$defs"]["id"]["pattern"])
# Suggestions of an id: "did you mean" after an unknown id (not a field), "try", "rename it".
SUGGESTIONS = [re.compile(r"unknown (?!field)[a-z -]+ '[^']*' \(did you mean '([^']*)'\?\)"),
               re.compile(r"has no file needs/[^ ]+\.yml \(did you mean '([^']*)'\?\)"),
               re.compile(r"\(try '([^']*)'\)"), re.compile(r"rename it (\S*?)\.yml")]


def _rename(old: str, new: str) -> Callable[[Path], None]:
    return lambda project: (project / old).rename(project / new)


def _edit(name: str, find: str, broken: str) -> Callable[[Path], None]:
    return lambda project: _break(project / name, [(find, broken)])


BAD_IDS = {  # a bad input, and the suggestion it should give (None: no id can be made of it)
    "taxonomy lists Autism": (_edit("needs/taxonomy.yml", "      - autism\n", "      - Autism\n"),
                              "autism"),
    "file Autism.yml": (_rename("needs/communication-and-interaction/autism.yml",
                                "needs/communication-and-interaction/Autism.yml"), "autism"),
    "file Café.yml": (_rename("needs/communication-and-interaction/autism.yml",
                              "needs/communication-and-interaction/Café.yml"), "cafe"),
    "place Ysgol Môn": (_edit("local-offer/taxonomy.yml", "  - id: anytown-central",
                              "  - id: Ysgol Môn"), "ysgol-mon"),
    "provision id Première étape": (_edit("needs/communication-and-interaction/autism.yml",
                                          "  - id: make-the-day-predictable",
                                          "  - id: Première étape"), "premiere-etape"),
    "theme id of symbols": (_edit("needs/universal.yml", "  - id: leadership-and-culture",
                                  "  - id: ★★★"), None),
    "checker names Autism": (_edit("needs/checker.yml", "        needs: [",
                                   "        needs: [Autism, "), "autism"),
    "service names Autism": (_edit("local-offer/services/short-breaks-saturday-club.yml",
                                   "needs: [autism", "needs: [Autism"), "autism"),
}


@pytest.mark.parametrize("case", BAD_IDS)
def test_every_suggested_id_is_a_valid_id(case: str, project: Path,
                                          capsys: pytest.CaptureFixture) -> None:
    """Advice to use another id gives one the schemas accept, the lower-case slug, whether the
    id was written in a file or is a file's name."""
    mutate, expected = BAD_IDS[case]
    mutate(project)
    code, problems = validate(project, capsys)
    assert code == 1
    suggested = [m.group(1) for p in problems for pattern in SUGGESTIONS
                 for m in pattern.finditer(p)]
    assert [s for s in suggested if not ID_PATTERN.fullmatch(s)] == [], problems
    assert suggested == ([expected] if expected else []), problems
