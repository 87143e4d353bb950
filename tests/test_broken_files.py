"""Break every example YAML file in turn: `ordinarily validate` and the build say where, plainly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ordinarily.cli.commands import main

from conftest import EXAMPLE, mkdocs, ordinarily

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
            "glossary.yml": "terms", "checker.yml": "themes", "ordinarily.yml": "site",
            "service": "needs", "organisation": "description", "offer-taxonomy": "places",
            "you-said-we-did": "entries"}
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
