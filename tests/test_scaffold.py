"""`ordinarily new-area` and `ordinarily new need|service|expectation`.

The field lists come from the JSON Schemas, so a field added to a schema without an explanation
in the scaffolds fails here.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from ordinarily.cli import commands as cli
from ordinarily.core.schemas import schema_ref, schema_text, validate
from ordinarily.core.yamlfile import parse_yaml
from ordinarily.scaffold import new_items, scaffold
from ordinarily.scaffold.scaffold_render import ScaffoldError
from ordinarily.scaffold.yaml_insert import InsertError, append_block, append_scalar

from conftest import EXAMPLE, mkdocs, ordinarily

TAXONOMY = "needs/taxonomy.yml"
UNIVERSAL = "needs/universal.yml"
NEED = "needs/cognition-and-learning/dyscalculia.yml"
SERVICE = "local-offer/services/sensory-swim.yml"

# A comment line holding YAML that is switched off: '# key: ...', '# - ...' or deeper lines.
_SWITCHED_OFF = re.compile(r"^(?:- )*[a-z_][a-z0-9_]*:(?:\s|$)|^- |^\s")
_COMMENT = re.compile(r"^(\s*)# (.*)$")


# --- what the schemas ask for -------------------------------------------------------------

def schema_fields(kind: str, *under: str) -> set[tuple[str, ...]]:
    """Every field path in a schema ('provision', 'resources', 'url'), looking through lists,
    starting at the field path `under`."""
    root = json.loads(schema_text(kind))

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
        return node

    def walk(node: dict, prefix: tuple[str, ...]) -> set[tuple[str, ...]]:
        node = resolve(node)
        found: set[tuple[str, ...]] = set()
        for name, sub in node.get("properties", {}).items():
            found |= {(*prefix, name)} | walk(sub, (*prefix, name))
        if isinstance(node.get("items"), dict):
            found |= walk(node["items"], prefix)
        for sub in node.get("oneOf", []) + node.get("anyOf", []):
            found |= walk(sub, prefix)
        return found

    fields = walk(root, ())
    return {f[len(under):] for f in fields if f[:len(under)] == under and len(f) > len(under)}


def switched_on(text: str) -> str:
    """The text with every switched-off field switched on (the '# ' in front removed)."""
    lines = []
    for line in text.splitlines():
        match = _COMMENT.match(line)
        if match and _SWITCHED_OFF.match(match.group(2)):
            line = match.group(1) + match.group(2)
        lines.append(line)
    return "\n".join(lines) + "\n"


def has_field(data: object, path: tuple[str, ...]) -> bool:
    if not path:
        return True
    if isinstance(data, list):
        return any(has_field(item, path) for item in data)
    return isinstance(data, dict) and path[0] in data and has_field(data[path[0]], path[1:])


def explained(text: str) -> set[str]:
    """Field names written with an explanation: a comment on the line before, or after them."""
    lines = switched_on(text).splitlines()
    names = set()
    for before, line in zip(["", *lines[:-1]], lines, strict=True):
        match = re.match(r"^\s*(?:- )*([a-z_][a-z0-9_]*):", line)
        if match and (before.lstrip().startswith("#") or re.search(r"\s#\s", line)):
            names.add(match.group(1))
    return names


def assert_every_field_explained(text: str, kind: str, *under: str, item: object = None) -> None:
    fields = schema_fields(kind, *under)
    data = item if item is not None else parse_yaml(switched_on(text), "scaffold").data
    missing = sorted("/".join(f) for f in fields if not has_field(data, f))
    assert not missing, f"fields of the {kind} schema missing from the scaffold: {missing}"
    unexplained = sorted({f[-1] for f in fields} - explained(text))
    assert not unexplained, f"fields with no explanation in a comment: {unexplained}"


def only_insertions(old: str, new: str) -> list[str]:
    """The lines added to `old`; fails if any line was changed or removed."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    added = []
    for op, _i1, _i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), f"a line was changed or removed ({op})"
        added += b[j1:j2] if op == "insert" else []
    return added


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def validates(capsys, project: Path) -> None:
    code, out, err = run(capsys, "validate", str(project))
    assert code == 0, err
    assert out.startswith("OK")


# --- new-area ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def area(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("new-area") / "borsetshire"
    result = ordinarily("new-area", str(target), "--name", "Borsetshire")
    assert result.returncode == 0, result.stderr
    assert "pass 'ordinarily validate'" in result.stdout
    return target


@pytest.mark.build
def test_new_area_validates_and_builds_strictly_with_the_councils_name(area: Path) -> None:
    assert ordinarily("validate", str(area)).returncode == 0
    result = mkdocs(area, "build", "--strict", "--site-dir", str(area / "site"))
    assert result.returncode == 0, result.stderr
    home = (area / "site" / "index.html").read_text(encoding="utf-8")
    assert "Borsetshire SEND guide" in home and "Borsetshire Council" in home
    need = area / "site/needs/sensory-and-physical/hearing/index.html"
    assert "Borsetshire SEND team" in need.read_text(encoding="utf-8")
    for page in ("accessibility", "local-offer/short-breaks"):
        assert "Borsetshire" in (area / "site" / page / "index.html").read_text(encoding="utf-8")


def test_new_area_passes_the_content_checks(area: Path) -> None:
    result = ordinarily("check-content", str(area), "--only", "spelling", "--only",
                        "abbreviations")
    assert result.returncode == 0, result.stdout


def test_new_area_has_every_part_a_council_fills_in(area: Path) -> None:
    for rel in ("mkdocs.yml", "ordinarily.yml", "words.txt", "README.md", "requirements.txt",
                ".github/CODEOWNERS", ".gitignore", "needs/apdr.yml", "needs/glossary.yml",
                "needs/checker.yml", "local-offer/you-said-we-did.yml",
                "local-offer/organisations/borsetshire-council.yml",
                "local-offer/services/send-advice-line.yml", "content/roles.md",
                "content/local-offer/complaints.md"):
        assert (area / rel).is_file(), rel
    taxonomy = parse_yaml((area / TAXONOMY).read_text(encoding="utf-8"), TAXONOMY).data
    assert len(taxonomy["areas"]) == 4 and all(a["needs"] for a in taxonomy["areas"])
    assert [t["id"] for t in taxonomy["tiers"]] == ["universal", "sen-support", "specialist"]
    assert len(taxonomy["phases"]) == 4
    nav = (area / "mkdocs.yml").read_text(encoding="utf-8")
    for marker in ("ordinarily:guide", "ordinarily:checker", "ordinarily:local_offer",
                   "ordinarily:changes"):
        assert f"- {marker}" in nav
    assert "@borsetshire-council/send-team" in (area / ".github/CODEOWNERS").read_text()
    for page in (area / "content").rglob("*.md"):
        assert '!!! note "Replace this page"' in page.read_text(encoding="utf-8"), page


def test_new_area_has_the_repositorys_generator_wiring(area: Path) -> None:
    def wiring(path: Path) -> dict:
        data = parse_yaml(path.read_text(encoding="utf-8"), path.name).data
        return {key: value for key, value in data.items() if key != "nav"}

    assert wiring(area / "mkdocs.yml") == wiring(EXAMPLE / "mkdocs.yml")


def test_new_area_yaml_files_point_at_the_published_schemas(area: Path) -> None:
    for path in area.rglob("*.yml"):
        if path.name == "mkdocs.yml":
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert re.fullmatch(r"# yaml-language-server: \$schema=https://send\.borsetshire\."
                            r"example\.org\.uk/schemas/[a-z-]+\.schema\.json", first), path


@pytest.mark.parametrize(("rel", "kind"), [("ordinarily.yml", "settings"), (TAXONOMY, "taxonomy")])
def test_new_area_shows_and_explains_every_setting(area: Path, rel: str, kind: str) -> None:
    text = (area / rel).read_text(encoding="utf-8")
    assert_every_field_explained(text, kind)
    assert not validate(parse_yaml(switched_on(text), rel), kind), "switched on, it must be valid"


def test_new_area_placeholders_are_reserved_for_fiction(area: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in area.rglob("*")
                     if p.is_file() and p.suffix in (".yml", ".md"))
    assert re.search(r"\b01632 960\d{3}\b", text)
    assert not re.search(r"\b0(?!1632 960)\d{4} \d{6}\b", text)
    hosts = set(re.findall(r"https?://([^/\s)>]+)", text)) | set(re.findall(r"@([\w.-]+)", text))
    real = {"docs.github.com", "github.com", "127.0.0.1:8000"}  # GitHub's notice; mkdocs serve
    assert all(h.endswith(("example.org.uk", "-council")) or h in real for h in hosts), hosts


def test_new_area_refuses_a_folder_with_files_in_it(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = ordinarily("new-area", str(tmp_path), "--name", "Borsetshire")
    assert result.returncode == 1
    assert "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_area_writes_into_an_empty_folder(tmp_path: Path) -> None:
    assert scaffold.new_area(tmp_path, scaffold.Council.from_name("Ambridge"))
    assert (tmp_path / "ordinarily.yml").is_file()


def _fork_of_the_engine(folder: Path) -> dict[str, str]:
    """A folder shaped like a fork of the engine's repository, with the engine's own README,
    .gitignore and CODEOWNERS; returns those files' text."""
    schemas = folder / "plugins/ordinarily/schemas"
    schemas.mkdir(parents=True)
    for path in (EXAMPLE.parent / "plugins/ordinarily/schemas").glob("*.json"):
        (schemas / path.name).write_bytes(path.read_bytes())
    (folder / "example").mkdir()
    kept = {"README.md": "# Ordinarily\n", ".gitignore": "site/\n",
            ".github/CODEOWNERS": "* @your-council/send-team\n"}
    for rel, text in kept.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return kept


def test_new_area_in_a_fork_starts_the_site_next_to_the_engine(tmp_path: Path) -> None:
    kept = _fork_of_the_engine(tmp_path)
    result = ordinarily("new-area", str(tmp_path), "--name", "Borsetshire")
    assert result.returncode == 0, result.stderr
    assert "Leave example/ as it is" in result.stdout
    for rel, text in kept.items():  # the engine's files are left to upstream
        assert (tmp_path / rel).read_text(encoding="utf-8") == text, rel
    assert not (tmp_path / "requirements.txt").exists()  # the fork has the engine itself
    for rel in ("ordinarily.yml", "mkdocs.yml", "words.txt", "needs/taxonomy.yml",
                "local-offer/taxonomy.yml", "content/index.md"):
        assert (tmp_path / rel).is_file(), rel
    first = (tmp_path / "needs/taxonomy.yml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.endswith("$schema=../plugins/ordinarily/schemas/taxonomy.schema.json")
    assert ordinarily("validate", str(tmp_path)).returncode == 0


def test_new_area_in_a_fork_refuses_to_start_a_second_site(tmp_path: Path) -> None:
    _fork_of_the_engine(tmp_path)
    assert ordinarily("new-area", str(tmp_path), "--name", "Borsetshire").returncode == 0
    before = (tmp_path / "ordinarily.yml").read_text(encoding="utf-8")
    result = ordinarily("new-area", str(tmp_path), "--name", "Felpersham")
    assert result.returncode == 1
    assert "already has a site of its own" in result.stderr
    assert "ordinarily.yml" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "ordinarily.yml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(("given", "name", "short", "slug"), [
    ("Borsetshire", "Borsetshire Council", "Borsetshire", "borsetshire"),
    ("Borsetshire County Council", "Borsetshire County Council", "Borsetshire", "borsetshire"),
    ("  Felpersham   City Council ", "Felpersham City Council", "Felpersham", "felpersham"),
    ("St Mary's", "St Mary's Council", "St Mary's", "st-mary-s"),
])
def test_the_name_gives_the_council_name_short_name_and_id(given: str, name: str, short: str,
                                                           slug: str) -> None:
    council = scaffold.Council.from_name(given)
    assert (council.name, council.short_name, council.slug) == (name, short, slug)
    assert council.site_url == f"https://send.{slug}.example.org.uk/"


def test_a_name_without_letters_or_a_bad_site_address_is_refused() -> None:
    with pytest.raises(ScaffoldError, match="no letters or digits"):
        scaffold.Council.from_name("!!!")
    with pytest.raises(ScaffoldError, match="end with /"):
        scaffold.Council.from_name("Ambridge", "https://send.ambridge.gov.uk")


def test_schema_lines_are_relative_in_a_fork_of_the_repository(tmp_path: Path) -> None:
    (tmp_path / "plugins/ordinarily/schemas").mkdir(parents=True)
    (tmp_path / "plugins/ordinarily/schemas/need.schema.json").write_text("{}")
    assert schema_ref(tmp_path, "needs/x/y.yml", "need", "https://a.example.org.uk/") == \
        "../../plugins/ordinarily/schemas/need.schema.json"
    # The example, one folder down in the repository.
    assert schema_ref(tmp_path / "example", "needs/x/y.yml", "need", "https://a.example.org.uk/") \
        == "../../../plugins/ordinarily/schemas/need.schema.json"
    assert schema_ref(tmp_path / "a/project", "needs/x/y.yml", "need",
                      "https://a.example.org.uk/") \
        == "https://a.example.org.uk/schemas/need.schema.json"


# --- new need -----------------------------------------------------------------------------

def test_new_need_writes_a_valid_file_and_lists_it_keeping_the_taxonomy(project: Path,
                                                                          capsys) -> None:
    before = (project / TAXONOMY).read_text(encoding="utf-8")
    code, out, err = run(capsys, "new", "need", "--project", str(project), "--area",
                         "cognition-and-learning", "--id", "dyscalculia")
    assert code == 0, err
    assert NEED in out and "What to do next" in out
    validates(capsys, project)
    after = (project / TAXONOMY).read_text(encoding="utf-8")
    assert only_insertions(before, after) == ["      - dyscalculia\n"]
    text = (project / NEED).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=https://send.example.org.uk/"
                           "schemas/need.schema.json\n")
    assert "title: Dyscalculia\n" in text
    assert_every_field_explained(text, "need")


def test_new_need_with_every_field_switched_on_is_still_valid(project: Path, capsys) -> None:
    run(capsys, "new", "need", "--project", str(project), "--area", "cognition-and-learning",
        "--id", "dyscalculia", "--title", "Number: dyscalculia")
    text = (project / NEED).read_text(encoding="utf-8")
    assert "title: 'Number: dyscalculia'\n" in text
    (project / NEED).write_text(switched_on(text), encoding="utf-8")
    validates(capsys, project)


@pytest.mark.parametrize(("args", "message"), [
    (("--area", "cognition-and-learnng", "--id", "dyscalculia"),
     "unknown area of need 'cognition-and-learnng' (did you mean 'cognition-and-learning'?)"),
    (("--area", "learning", "--id", "dyscalculia"),  # in the taxonomy's order
     "unknown area of need 'learning' (known: communication-and-interaction, "
     "cognition-and-learning, social-emotional-and-mental-health, sensory-and-physical)"),
    (("--area", "cognition-and-learning", "--id", "autism"), "the need 'autism' already exists"),
    (("--area", "cognition-and-learning", "--id", "Number Sense!"),
     "'Number Sense!' cannot be a need id: ids are lower-case letters, digits and single "
     "hyphens; try 'number-sense'"),
])
def test_new_need_refuses_clearly_and_changes_nothing(project: Path, capsys, args: tuple,
                                                      message: str) -> None:
    before = (project / TAXONOMY).read_text(encoding="utf-8")
    code, out, err = run(capsys, "new", "need", "--project", str(project), *args)
    assert code == 1 and not out
    assert err.startswith("ordinarily new need: ") and message in err
    assert (project / TAXONOMY).read_text(encoding="utf-8") == before
    assert not (project / NEED).exists()


def test_new_need_in_a_project_with_problems_is_refused(project: Path, capsys) -> None:
    path = project / "needs/sensory-and-physical/hearing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    code, _out, err = run(capsys, "new", "need", "--project", str(project), "--area",
                          "cognition-and-learning", "--id", "dyscalculia")
    assert code == 1 and "fix them first" in err and "hearing.yml" in err


def test_outside_a_project_new_says_where_to_run_it(tmp_path: Path) -> None:
    result = ordinarily("new", "service", "--id", "club", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no ordinarily.yml" in result.stderr and "--project DIR" in result.stderr


def test_a_new_item_that_would_not_validate_is_undone(project: Path, monkeypatch) -> None:
    before = (project / TAXONOMY).read_bytes()
    monkeypatch.setattr(new_items, "render", lambda name, context: "title: 1\n")
    with pytest.raises(ScaffoldError, match="nothing was changed"):
        new_items.new_need(project, "cognition-and-learning", "dyscalculia", None)
    assert (project / TAXONOMY).read_bytes() == before
    assert not (project / NEED).exists()


# --- new service --------------------------------------------------------------------------

def test_new_service_writes_a_valid_file_with_every_field_explained(project: Path,
                                                                    capsys) -> None:
    code, out, err = run(capsys, "new", "service", "--project", str(project), "--id",
                         "sensory-swim", "--name", "Sensory swim", "--organisation",
                         "anytown-leisure-trust")
    assert code == 0, err
    assert SERVICE in out and "anytown-leisure-trust" in out
    validates(capsys, project)
    text = (project / SERVICE).read_text(encoding="utf-8")
    assert "name: Sensory swim\n" in text and "organisation: anytown-leisure-trust\n" in text
    assert_every_field_explained(text, "service")
    assert not validate(parse_yaml(switched_on(text), SERVICE), "service")


def test_new_service_defaults_to_the_organisation_with_most_services(project: Path,
                                                                     capsys) -> None:
    code, out, _err = run(capsys, "new", "service", "--project", str(project), "--id", "club")
    assert code == 0
    text = (project / "local-offer/services/club.yml").read_text(encoding="utf-8")
    assert "name: Club\n" in text
    organisation = re.search(r"^organisation: (\S+)$", text, re.M).group(1)
    assert f"'{organisation}'" in out


@pytest.mark.parametrize(("args", "message"), [
    (("--id", "early-talk-drop-ins"), "the service 'early-talk-drop-ins' already exists"),
    (("--id", "club", "--organisation", "anytown-leisure"),
     "unknown organisation 'anytown-leisure' (did you mean 'anytown-leisure-trust'?)"),
    (("--id", "Club_2"), "try 'club-2'"),
])
def test_new_service_refuses_clearly(project: Path, capsys, args: tuple, message: str) -> None:
    code, _out, err = run(capsys, "new", "service", "--project", str(project), *args)
    assert code == 1 and message in err
    assert not (project / "local-offer/services/club.yml").exists()


# --- new expectation ----------------------------------------------------------------------

def test_new_expectation_goes_after_the_themes_last_keeping_comments(project: Path,
                                                                     capsys) -> None:
    before = (project / UNIVERSAL).read_text(encoding="utf-8")
    code, out, err = run(capsys, "new", "expectation", "--project", str(project), "--theme",
                         "adaptive-teaching", "--id", "use-worked-examples")
    assert code == 0, err
    assert "use-worked-examples" in out
    validates(capsys, project)
    after = (project / UNIVERSAL).read_text(encoding="utf-8")
    added = "".join(only_insertions(before, after))
    themes = parse_yaml(after, UNIVERSAL).data["themes"]
    theme = next(t for t in themes if t["id"] == "adaptive-teaching")
    item = theme["expectations"][-1]
    assert item["id"] == "use-worked-examples" and item["title"] == "Use worked examples"
    assert_every_field_explained(added, "universal", "themes", "expectations",
                                 item=parse_yaml(switched_on(added), "x").data)


@pytest.mark.parametrize(("args", "message"), [
    (("--theme", "adaptive", "--id", "x"),
     "unknown theme 'adaptive' (did you mean 'adaptive-teaching'?)"),
    (("--theme", "adaptive-teaching", "--id", "give-the-senco-time-and-a-voice"),
     "already used in needs/universal.yml (theme 'leadership-and-culture')"),
    (("--theme", "adaptive-teaching", "--id", "Use examples"), "try 'use-examples'"),
])
def test_new_expectation_refuses_clearly(project: Path, capsys, args: tuple,
                                         message: str) -> None:
    before = (project / UNIVERSAL).read_text(encoding="utf-8")
    code, _out, err = run(capsys, "new", "expectation", "--project", str(project), *args)
    assert code == 1 and message in err
    assert (project / UNIVERSAL).read_text(encoding="utf-8") == before


# --- text edits that keep the file --------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("a:\n  needs: [x, y]  # why\n", "a:\n  needs: [x, y, z]  # why\n"),
    ("a:\n  needs: []\n", "a:\n  needs: [z]\n"),
    ("a:\n  needs: [x,\n    y]\n", "a:\n  needs: [x,\n    y, z]\n"),
    ("a:\n  needs:\n  - x\n  -   'y'  # kept\nb: 1\n", "a:\n  needs:\n  - x\n  -   'y'  # kept\n"
                                                       "  -   z\nb: 1\n"),
    ("a:\r\n  needs:\r\n    - x\r\n", "a:\r\n  needs:\r\n    - x\r\n    - z\r\n"),
])
def test_a_value_is_added_to_a_list_as_written(text: str, expected: str) -> None:
    assert append_scalar(text, parse_yaml(text, "t"), ("a", "needs"), "z") == expected


def test_a_block_goes_after_the_last_item_and_before_the_next_comment() -> None:
    text = ("themes:\n  - id: a\n    items:\n      - id: one\n        # inside one\n"
            "        title: One\n\n      - id: two\n        title: Two\n"
            "        # still two\n\n  # the next theme\n  - id: b\n    items: []\n")
    new = append_block(text, parse_yaml(text, "t"), ("themes", 0, "items"),
                       "# new\n- id: three\n  title: Three\n")
    assert new == text.replace("        # still two\n\n",
                               "        # still two\n\n      # new\n      - id: three\n"
                               "        title: Three\n\n")


def test_a_list_written_another_way_is_left_for_the_person() -> None:
    text = "themes:\n  - {id: a, items: [{id: one}]}\n"
    with pytest.raises(InsertError):
        append_block(text, parse_yaml(text, "t"), ("themes", 0, "items"), "- id: two\n")
