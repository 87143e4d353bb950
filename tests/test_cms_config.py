"""The web forms' configuration (Decap CMS) against the schemas and the example's taxonomy.

Every expectation here is read independently of the code under test: the schemas with
`json.load` and a small walker of their own, the taxonomy and need files with PyYAML.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ordinarily.assembly.project import load_project
from ordinarily.cli.commands import main
from ordinarily.cms.cms_config import cms_config

from conftest import EXAMPLE, ROOT, copy_example

SCHEMAS = ROOT / "plugins" / "ordinarily" / "schemas"

# Each content schema and the collection whose forms edit its files.
COLLECTIONS = {
    "need": "needs",
    "universal": "universal",
    "apdr": "apdr",
    "glossary": "glossary",
    "checker": "checker",
    "next-steps": "next-steps",
    "service": "services",
    "organisation": "organisations",
    "you-said-we-did": "you-said-we-did",
    "plan-template": "plans",
}
if not (SCHEMAS / "plan-template.schema.json").is_file():  # issue 27 adds it at the same time
    del COLLECTIONS["plan-template"]
# Schemas with no forms, and why.
NO_FORMS = {
    "settings": "ordinarily.yml is the site's wiring (sections, contacts, branding): a "
                "maintainer's change, reviewed as code",
    "taxonomy": "a new or renamed area, tier, phase or need changes addresses and folders: "
                "that stays `ordinarily new` and a maintainer's pull request",
    "offer-taxonomy": "the Local Offer's lists are ids in addresses and filters: changed by "
                      "a maintainer, like the guide's taxonomy",
    "oruk-mapping": "the import's mapping file is read by `import-oruk` on a maintainer's "
                    "machine, never published",
}
# Properties that are not form fields, and why (kind, path).
NOT_FIELDS = {
    ("service", "oruk"): "written by import-oruk and kept unchanged by the forms",
    ("service", "costs.oruk"): "written by import-oruk and kept unchanged by the forms",
    ("service", "contacts.oruk"): "written by import-oruk and kept unchanged by the forms",
    ("service", "locations.oruk"): "written by import-oruk and kept unchanged by the forms",
    ("service", "schedules.oruk"): "written by import-oruk and kept unchanged by the forms",
    ("organisation", "oruk"): "written by import-oruk and kept unchanged by the forms",
}
# True, false or 'not stated', a list, 'all' or 'not stated', and a set of fields or 'not
# stated' have the engine's own widget, which shows and writes each value: every one is
# required as the schemas say.
CHOICE_WIDGET = "ordinarily-choice"  # cms-choice.js registers it
# Which taxonomy list each id property picks from.
NEED_TAXONOMY = yaml.safe_load((EXAMPLE / "needs" / "taxonomy.yml").read_text("utf-8"))
OFFER_TAXONOMY = yaml.safe_load((EXAMPLE / "local-offer" / "taxonomy.yml").read_text("utf-8"))
TAXONOMY_LISTS = {
    "phases": [(t["id"], t["title"]) for t in NEED_TAXONOMY["phases"]],
    "tier": [(t["id"], t["title"]) for t in NEED_TAXONOMY["tiers"]],
    "types": [(t["id"], t["title"]) for t in OFFER_TAXONOMY["service_types"]],
    "audiences": [(t["id"], t["title"]) for t in OFFER_TAXONOMY["audiences"]],
    "places": [(t["id"], t["title"]) for t in OFFER_TAXONOMY["places"]],
    "funding": [(t["id"], t["title"]) for t in OFFER_TAXONOMY["funding"]],
    "features": [(t["id"], t["title"]) for t in OFFER_TAXONOMY["venue_features"]],
}
NEED_IDS = [n for a in NEED_TAXONOMY["areas"] for n in a["needs"]]


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return cms_config(load_project(EXAMPLE), local=True)


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def forms(config: dict[str, Any], kind: str) -> Iterator[list[dict[str, Any]]]:
    """The field lists of every form of one kind of file."""
    found = collection(config, COLLECTIONS[kind])
    if "files" in found:
        yield from (f["fields"] for f in found["files"])
    else:
        yield found["fields"]


# -- the schemas, read on their own -----------------------------------------------------------

def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = schema
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def properties(schema: dict[str, Any], node: dict[str, Any], prefix: str = "",
               present: bool = True) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(path, property, required in a form) for every property, into objects, the items of
    lists and the shapes of a oneOf. A property is required in a form when the schema requires
    it and its object is there whenever the file or list item is (Decap checks the required
    fields of an optional object even when it is left out)."""
    node = resolve(schema, node)
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        path = prefix + name
        prop = resolve(schema, prop)
        needed = present and name in required
        yield path, prop, needed
        for shape in [prop] + [resolve(schema, a) for a in prop.get("oneOf", [])]:
            if "properties" in shape:
                yield from properties(schema, shape, path + ".", needed)
            items = resolve(schema, shape.get("items", {}))
            if shape.get("type") == "array" and "properties" in items:
                yield from properties(schema, items, path + ".", True)


def left_out(kind: str, path: str) -> bool:
    """The property, or an object it is inside, is named in NOT_FIELDS."""
    parts = path.split(".")
    return any((kind, ".".join(parts[:n])) in NOT_FIELDS for n in range(1, len(parts) + 1))


def schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text("utf-8"))


def field_at(fields: list[dict[str, Any]], path: str) -> dict[str, Any] | None:
    field: dict[str, Any] | None = None
    for name in path.split("."):
        field = next((f for f in fields if f["name"] == name), None)
        if field is None:
            return None
        fields = field.get("fields", [])
    return field


# -- the tests -----------------------------------------------------------------------------------

def test_every_schema_has_forms_or_a_reason() -> None:
    on_disk = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert on_disk == set(COLLECTIONS) | set(NO_FORMS)


def test_every_property_is_a_field_at_its_path(config: dict[str, Any]) -> None:
    missing, checked = [], 0
    for kind in COLLECTIONS:
        doc = schema(kind)
        for fields in forms(config, kind):
            for path, _prop, _needed in properties(doc, doc):
                if (kind, path) in NOT_FIELDS:
                    assert field_at(fields, path) is None, (kind, path)
                if left_out(kind, path):
                    continue
                checked += 1
                if field_at(fields, path) is None:
                    missing.append(f"{kind}: {path}")
    assert not missing
    assert checked > 500


def test_required_flags_follow_the_schemas(config: dict[str, Any]) -> None:
    wrong = []
    for kind in COLLECTIONS:
        doc = schema(kind)
        for fields in forms(config, kind):
            for path, _prop, needed in properties(doc, doc):
                field = field_at(fields, path)
                if field is None:
                    continue
                expected = needed
                if field["required"] is not expected:
                    wrong.append(f"{kind}: {path} required={field['required']}")
    assert not wrong


def test_labels_and_hints(config: dict[str, Any]) -> None:
    """Every field has a label; a property that has a description of its own has it as its
    hint (perhaps in a form's words, so compared by its last word)."""
    hints = 0
    for kind in COLLECTIONS:
        doc = schema(kind)
        for fields in forms(config, kind):
            for path, node in raw_properties(doc, doc):
                field = field_at(fields, path)
                if field is None:
                    continue
                assert field["label"].strip(), (kind, path)
                if "description" in node:
                    assert field.get("hint"), (kind, path)
                    # quoted words ('not stated') are the form's words, in its own quotes
                    last = node["description"].rstrip(".").split()[-1].strip("'")
                    if "/" not in last:  # a file's path becomes the form's words for it
                        assert last in field["hint"], (kind, path)
                    hints += 1
    assert hints > 100


def test_markdown_and_dates(config: dict[str, Any]) -> None:
    kinds = set()
    for kind in COLLECTIONS:
        doc = schema(kind)
        raw = {path: node for path, node in raw_properties(doc, doc)}
        for fields in forms(config, kind):
            for path, node in raw.items():
                field = field_at(fields, path)
                if field is None or "$ref" not in node:
                    continue
                if node["$ref"] == "#/$defs/markdown":
                    assert field["widget"] == "markdown", (kind, path)
                    kinds.add("markdown")
                if node["$ref"] == "#/$defs/date":
                    assert field["widget"] == "datetime", (kind, path)
                    assert field["format"] == "YYYY-MM-DD" and field["time_format"] is False
                    kinds.add("date")
    assert kinds == {"markdown", "date"}


def raw_properties(doc: dict[str, Any], node: dict[str, Any],
                   prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Properties before their `$ref` is followed, to see which are Markdown or dates."""
    node = resolve(doc, node)
    for name, prop in node.get("properties", {}).items():
        yield prefix + name, prop
        shape = resolve(doc, prop)
        items = resolve(doc, shape.get("items", {}))
        for inner in (shape, items):
            if "properties" in inner:
                yield from raw_properties(doc, inner, prefix + name + ".")


def test_choices_are_the_taxonomy_in_the_councils_words(config: dict[str, Any]) -> None:
    seen = set()
    for kind in COLLECTIONS:
        for fields in forms(config, kind):
            for field in walk(fields):
                if "options" not in field:
                    continue
                name = field["name"]
                pairs = [(o["value"], o["label"]) for o in field["options"]]
                if name in TAXONOMY_LISTS:
                    assert pairs == TAXONOMY_LISTS[name], (kind, name)
                    seen.add(name)
                elif name in ("needs", "related_needs"):
                    assert [v for v, _ in pairs] == NEED_IDS, (kind, name)
                    seen.add("needs")
    assert seen == set(TAXONOMY_LISTS) | {"needs"}


def test_need_titles_label_the_choices(config: dict[str, Any]) -> None:
    titles = {p.stem: yaml.safe_load(p.read_text("utf-8"))["title"]
              for p in (EXAMPLE / "needs").glob("*/*.yml")}
    service = collection(config, "services")["fields"]
    needs = field_at(service, "needs")
    assert needs is not None and needs["widget"] == CHOICE_WIDGET
    assert {o["value"]: o["label"] for o in needs["options"]} == titles


def test_true_false_or_not_stated_is_three_radio_buttons(config: dict[str, Any]) -> None:
    """`free` may be true, false or 'not stated': the form offers exactly those three, in
    plain words, and never a switch (which showed 'not stated' as on: free)."""
    service = collection(config, "services")["fields"]
    doc = schema("service")
    props = {path: prop for path, prop, _needed in properties(doc, doc)}
    for path in ("free", "access.self_referral", "access.diagnosis_needed"):
        shapes = [resolve(doc, a) for a in props[path]["oneOf"]]
        assert [s.get("type") or s.get("const") for s in shapes] == ["boolean", "not stated"]
        field = field_at(service, path)
        assert field is not None, path
        assert field["widget"] == CHOICE_WIDGET, path
        assert field["choices"] == [{"label": "Yes", "value": True},
                                    {"label": "No", "value": False},
                                    {"label": "Not stated", "value": "not stated"}], path
        assert field["required"] is True, path
        assert "on" not in field["hint"].lower().split(), field["hint"]
        assert "options" not in field


def test_a_list_all_or_not_stated_offers_each(config: dict[str, Any]) -> None:
    """`needs` may be a list of need ids, 'all' or 'not stated': the form offers 'All', 'Not
    stated' and 'Choose:' with the guide's needs, in the guide's titles, to tick."""
    service = collection(config, "services")["fields"]
    titles = {p.stem: yaml.safe_load(p.read_text("utf-8"))["title"]
              for p in (EXAMPLE / "needs").glob("*/*.yml")}
    expected = {
        "needs": (["all", "not stated"], [(n, titles[n]) for n in NEED_IDS]),
        "phases": (["all", "not stated"], TAXONOMY_LISTS["phases"]),
        "places": (["all", "not stated"], TAXONOMY_LISTS["places"]),
        "types": (["not stated"], TAXONOMY_LISTS["types"]),
        "audiences": (["not stated"], TAXONOMY_LISTS["audiences"]),
    }
    words = {"all": "All", "not stated": "Not stated"}
    for name, (values, options) in expected.items():
        field = field_at(service, name)
        assert field is not None and field["widget"] == CHOICE_WIDGET, name
        assert field["choices"] == [{"label": words[v], "value": v} for v in values], name
        assert field["list_label"] == "Choose:"
        assert [(o["value"], o["label"]) for o in field["options"]] == options, name
        assert field["required"] is True, name
        assert "multiple" not in field, name


def test_a_set_of_fields_or_not_stated_offers_both(config: dict[str, Any]) -> None:
    """`ages` and `contact` may be a set of fields or 'not stated': the form offers "Not
    stated" and "Give the details:", whose fields are the schema's, checked as it says."""
    service = collection(config, "services")["fields"]
    doc = schema("service")
    props = {path: prop for path, prop, _needed in properties(doc, doc)}
    for name in ("ages", "contact"):
        shapes = [resolve(doc, a) for a in props[name]["oneOf"]]
        assert [s.get("type") or s.get("const") for s in shapes] == ["object", "not stated"]
        shape = shapes[0]
        field = field_at(service, name)
        assert field is not None and field["widget"] == CHOICE_WIDGET, name
        assert field["choices"] == [{"label": "Not stated", "value": "not stated"}], name
        assert field["object_label"] == "Give the details:", name
        assert field["required"] is (name in doc["required"]) is True, name
        assert "options" not in field and "collapsed" not in field, name
        assert "“Not stated”" in field["hint"], field["hint"]
        subs = {f["name"]: f for f in field["fields"]}
        assert list(subs) == list(shape["properties"]), name
        for sub_name, prop in shape["properties"].items():
            prop = resolve(doc, prop)
            sub = subs[sub_name]
            assert sub["required"] is (sub_name in shape["required"]), (name, sub_name)
            if prop["type"] == "integer":
                assert (sub["widget"], sub["value_type"]) == ("number", "int")
                assert (sub["min"], sub["max"]) == (prop["minimum"], prop["maximum"])
            else:
                assert sub["widget"] == "string", (name, sub_name)
                assert sub["pattern"][0] == prop["pattern"], (name, sub_name)
                assert sub["pattern"][1].strip(), (name, sub_name)
    ages = {f["name"]: f for f in field_at(service, "ages")["fields"]}
    assert (ages["from"]["min"], ages["to"]["max"]) == (0, 25)
    assert [f["label"] for f in field_at(service, "contact")["fields"]] == [
        "Phone", "Email", "Website", "Text"]


def walk(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for field in fields:
        yield field
        yield from walk(field.get("fields", []))


def test_one_form_per_need_file_and_none_created(config: dict[str, Any]) -> None:
    needs = collection(config, "needs")
    on_disk = {p.relative_to(EXAMPLE).as_posix() for p in (EXAMPLE / "needs").glob("*/*.yml")}
    assert {f["file"] for f in needs["files"]} == on_disk
    assert len(needs["files"]) == len(on_disk) == len(NEED_IDS)
    assert needs["create"] is False
    provision = field_at(needs["files"][0]["fields"], "provision")
    assert provision is not None and provision["widget"] == "list"


def test_services_terms_and_feedback_can_be_added(config: dict[str, Any]) -> None:
    services = collection(config, "services")
    assert services["create"] is True and services["folder"] == "local-offer/services"
    assert services["extension"] == "yml" and services["format"] == "yml"
    assert services["slug"] == "{{slug}}" and services["identifier_field"] == "name"
    for name, listed in (("glossary", "terms"), ("you-said-we-did", "entries")):
        files = collection(config, name)["files"]
        assert len(files) == 1
        field = field_at(files[0]["fields"], listed)
        assert field is not None and field["widget"] == "list"
        assert field.get("allow_add", True) is True


def test_every_yaml_collection_writes_yaml(config: dict[str, Any]) -> None:
    for found in config["collections"]:
        if found["name"] == "local-offer-pages":
            assert (found["format"], found["extension"]) == ("frontmatter", "md")
        else:
            assert found["format"] == "yml", found["name"]


def test_paths_start_at_the_repository_for_github() -> None:
    """Without the local backend, paths start at the top of the git repository: the example
    sits in example/ of the engine's own."""
    config = cms_config(load_project(EXAMPLE), local=False)
    assert collection(config, "services")["folder"] == "example/local-offer/services"
    assert collection(config, "glossary")["files"][0]["file"] == "example/needs/glossary.yml"


def test_the_command_writes_the_same_config_as_yaml(tmp_path: Path) -> None:
    out = tmp_path / "admin" / "config.yml"
    assert main(["cms-config", str(EXAMPLE), "--local", "--out", str(out)]) == 0
    text = out.read_text("utf-8")
    assert text.startswith("# ") and "Never edit it by hand" in text
    assert yaml.safe_load(text) == cms_config(load_project(EXAMPLE), local=True)


def test_the_command_names_the_broken_file(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_example(tmp_path / "site")
    glossary = project / "needs" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8").replace("terms:", "termz:", 1), "utf-8")
    assert main(["cms-config", str(project)]) == 1
    err = capsys.readouterr().err
    assert "needs/glossary.yml" in err and "Traceback" not in err


# -- what a save through the forms does to the files ---------------------------------------------

SERVICE = "local-offer/services/accessible-play-days-half-term.yml"
NEED = "needs/communication-and-interaction/autism.yml"


def rewrite_as_decap(path: Path, change: Any = None) -> None:
    """The file as the CMS writes it: keys in another order, comments and the $schema line
    gone, block scalars as plain or quoted strings; `change` edits the data first."""
    data = yaml.safe_load(path.read_text("utf-8"))
    if change:
        change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=True, allow_unicode=True), "utf-8")


def diff(before: Path, after: Path, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "diff.json"
    assert main(["diff", str(before), str(after), "--format", "json", "--output", str(out)]) == 0
    return json.loads(out.read_text("utf-8"))["changes"]


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("cms")
    return copy_example(base / "before"), copy_example(base / "after")


def test_a_rewritten_layout_is_no_change(copies: tuple[Path, Path], tmp_path: Path) -> None:
    before, after = copies

    def reflowed(data: dict[str, Any]) -> None:
        """Decap's rich text editor writes each paragraph of Markdown on one line."""
        data["description"] = "\n\n".join(
            part.replace("\n", " ") for part in data["description"].strip().split("\n\n"))

    rewrite_as_decap(after / SERVICE, reflowed)
    assert "\n\n" in yaml.safe_load((after / SERVICE).read_text("utf-8"))["description"]
    rewrite_as_decap(after / NEED)
    for rel in (SERVICE, NEED):
        text = (after / rel).read_text("utf-8")
        assert "$schema" not in text and (before / rel).read_text("utf-8") != text
    assert diff(before, after, tmp_path) == []


def test_one_edited_field_is_one_change(copies: tuple[Path, Path], tmp_path: Path) -> None:
    before, after = copies

    def older(data: dict[str, Any]) -> None:
        data["ages"]["to"] = 18

    def reworded(data: dict[str, Any]) -> None:
        data["provision"][0]["detail"] = "Say the child's name first, then one short instruction."

    rewrite_as_decap(after / SERVICE, older)
    rewrite_as_decap(after / NEED, reworded)
    changes = diff(before, after, tmp_path)
    service = [c for c in changes if c["kind"] == "service"]
    assert len(service) == 1 and service[0]["id"] == "accessible-play-days-half-term"
    assert service[0]["fields"] == {"ages": {"before": [4, 16], "after": [4, 18]}}
    entry = [c for c in changes if c["kind"] == "provision"]
    assert len(entry) == 1 and (entry[0]["parent"], entry[0]["id"]) == (
        "autism", "make-the-day-predictable")
    assert list(entry[0]["fields"]) == ["detail"]
    assert entry[0]["fields"]["detail"]["after"] == (
        "Say the child's name first, then one short instruction.")
    assert len(changes) == 2


def test_a_section_switched_off_has_no_forms() -> None:
    """Westmoor switches the Local Offer off: no forms for services, organisations, feedback
    or its pages, and a need's related services are typed as ids (there is no collection to
    pick them from)."""
    westmoor = ROOT / "tests" / "examples" / "westmoor"
    settings = yaml.safe_load((westmoor / "ordinarily.yml").read_text("utf-8"))
    assert settings["sections"]["local_offer"] is False
    config = cms_config(load_project(westmoor), local=True)
    names = {c["name"] for c in config["collections"]}
    assert names.isdisjoint({"services", "organisations", "you-said-we-did",
                             "local-offer-pages"})
    assert "needs" in names
    related = field_at(collection(config, "needs")["files"][0]["fields"], "related_services")
    assert related is not None and related["widget"] == "list"
    assert related["field"]["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"
