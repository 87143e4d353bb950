"""Support plan templates (issue 27): `plans/*.yml` checked with file and line, the review
interval setting, the template JSON and `/plans/guide.json`, and the section switch.

Expected values are read from the example's YAML with PyYAML alone (never from the engine's
model): the counts of provision entries and expectations, the templates' sections and fields.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from ordinarily.assembly.project import build, load_project
from ordinarily.cli.commands import main
from ordinarily.scaffold.scaffold import Council, new_area

from conftest import EXAMPLE, ROOT

ISP = "plans/individual-support-plan.yml"
OFFER = "plans/inclusion-offer.yml"
WESTMOOR = ROOT / "tests/examples/westmoor"


def validate(project: Path, capsys: pytest.CaptureFixture) -> tuple[int, list[str]]:
    code = main(["validate", str(project)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err.splitlines()


def replace_in(project: Path, rel: str, find: str, new: str) -> int:
    """Replace the first `find` in a project file; the line it was on."""
    path = project / rel
    text = path.read_text("utf-8")
    assert find in text, find
    path.write_text(text.replace(find, new, 1), "utf-8")
    return text[: text.index(find)].count("\n") + 1


def example_yaml(rel: str) -> dict:
    return yaml.safe_load((EXAMPLE / rel).read_text("utf-8"))


def page(output, src: str) -> str:
    return next(p.content for p in output.pages if p.src == src)


def embedded_template(content: str) -> dict:
    found = re.search(r'<script type="application/json" id="ord-plan-template"[^>]*>(.*?)'
                      r"</script>", content, re.S)
    assert found, "the plan page carries its template as JSON"
    return json.loads(found.group(1))


# --- Validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("rel", "find", "broken", "message"), [
    (ISP, "        type: outcomes", "        type: outcome",
     "is 'outcome', expected one of text, paragraphs, date, review-date, people, contacts, "
     "needs, outcomes, strategies, self-review, list, apdr (did you mean 'outcomes'?)"),
    (ISP, "        step: review", "        step: reveiw",
     "unknown APDR step 'reveiw' (did you mean 'review'?)"),
    (ISP, "  - id: strengths\n", "  - id: about-me\n",
     "the section id 'about-me' is used twice (first on line "
     f"{(EXAMPLE / ISP).read_text('utf-8').split(chr(10)).index('  - id: about-me') + 1})"),
    (ISP, "      - id: i-will", "      - id: family-will",
     "the field id 'family-will' is used twice"),
    (OFFER, "        type: self-review\n        choices: [in place, developing, not yet]",
     "        type: self-review", "a field of type 'self-review' needs 'choices'"),
    (ISP, "        type: apdr\n        step: assess",
     "        step: assess\n        type: paragraphs",
     "'step' belongs only to a field of type 'apdr'"),
    (ISP, "    fields:\n      - id: strengths", "    feilds:\n      - id: strengths",
     "unknown field 'feilds' (did you mean 'fields'?)"),
    (ISP, "draft: true\n", "",
     "the draft note is shown only while the template is a draft"),
])
def test_a_broken_template_names_file_line_and_fix(project: Path, capsys, rel: str, find: str,
                                                    broken: str, message: str) -> None:
    line = replace_in(project, rel, find, broken)
    code, errors = validate(project, capsys)
    assert code == 1
    assert any(e.startswith(f"{rel}:{line}: ") and message in e for e in errors), errors


def test_a_section_that_is_not_a_template_is_refused(project: Path, capsys) -> None:
    (project / "plans/notes.txt").write_text("ideas", "utf-8")
    (project / "plans/old.yaml").write_text("title: x\n", "utf-8")
    (project / "plans/drafts").mkdir()
    code, errors = validate(project, capsys)
    assert code == 1
    assert "plans/notes.txt: this file is not a plan template; only plan templates " \
           "(<template-id>.yml) belong in plans/; move it out of plans/" in errors
    assert any(e.startswith("plans/old.yaml: ") and "rename it old.yml" in e for e in errors)
    assert any(e.startswith("plans/drafts: a folder is not a plan template") for e in errors)


def test_a_template_file_name_must_be_an_id(project: Path, capsys) -> None:
    shutil.copy(project / ISP, project / "plans/My Plan.yml")
    code, errors = validate(project, capsys)
    assert code == 1
    assert any(e.startswith("plans/My Plan.yml: ") and "rename it my-plan.yml" in e
               for e in errors), errors


def test_without_a_plans_folder_the_site_builds_without_plans(project: Path) -> None:
    shutil.rmtree(project / "plans")
    replace_in(project, "ordinarily.yml", "  plans: true ", "  # plans: true ")
    loaded = load_project(project)
    assert loaded.plans is None and not loaded.settings.on("plans")
    output = build(loaded)
    assert not [p.src for p in output.pages if p.src.startswith("plans/")]
    assert "plans/guide.json" not in output.files
    assert "data-plan-entry" not in page(output, "universal.md")


def test_asking_for_plans_without_the_folder_says_what_to_do(project: Path, capsys) -> None:
    shutil.rmtree(project / "plans")
    code, errors = validate(project, capsys)
    assert code == 1
    assert any(e.startswith("plans: the folder is missing") and "plans: false" in e
               for e in errors), errors


def test_switched_off_plans_leave_no_pages_data_or_markers(project: Path) -> None:
    replace_in(project, "ordinarily.yml", "  plans: true ", "  plans: false ")
    output = build(load_project(project))
    assert not [p.src for p in output.pages if p.src.startswith("plans/")]
    assert "plans/guide.json" not in output.files and "plans" not in output.nav
    need = next(p for p in output.pages if p.src.endswith("/autism.md"))
    assert "data-plan-entry" not in need.content


def test_westmoor_has_no_plans_folder_and_so_no_plan_section() -> None:
    assert not (WESTMOOR / "plans").exists()
    loaded = load_project(WESTMOOR)
    assert loaded.plans is None and not loaded.settings.on("plans")
    assert not [p.src for p in build(loaded).pages if p.src.startswith("plans/")]


def test_a_new_area_validates_with_both_templates(tmp_path: Path) -> None:
    target = tmp_path / "borsetshire"
    written = new_area(target, Council.from_name("Borsetshire"))
    assert "plans/individual-support-plan.yml" in written
    assert "plans/inclusion-offer.yml" in written
    loaded = load_project(target)
    # The scaffold gives each template an order: the ISP first, as Anytown lists it.
    assert [t.id for t in loaded.plans.templates] == ["individual-support-plan",
                                                      "inclusion-offer"]
    assert loaded.settings.review_after_weeks is None  # no interval invented for a new area


# --- Settings -----------------------------------------------------------------------------------

def test_the_review_interval_is_the_one_the_settings_give(project: Path) -> None:
    weeks = yaml.safe_load((EXAMPLE / "ordinarily.yml").read_text("utf-8"))["plans"][
        "review_after_weeks"]
    apdr = yaml.safe_load((EXAMPLE / "needs/apdr.yml").read_text("utf-8"))
    plan_step = next(s for s in apdr["steps"] if s["id"] == "plan")
    # Anytown's own APDR content says six to twelve weeks from plan to review.
    assert "six to twelve weeks" in " ".join(plan_step["timing"].split())
    assert 6 <= weeks <= 12
    output = build(load_project(project))
    assert embedded_template(page(output, ISP.replace(".yml", ".md")))[
        "review_after_weeks"] == weeks


def test_without_an_interval_the_review_date_starts_empty(project: Path) -> None:
    replace_in(project, "ordinarily.yml", "plans:\n  review_after_weeks: 12\n", "")
    output = build(load_project(project))
    content = page(output, ISP.replace(".yml", ".md"))
    assert embedded_template(content)["review_after_weeks"] is None
    assert "weeks after the plan is agreed" not in content


@pytest.mark.parametrize(("value", "message"), [
    ("0", "'plans.review_after_weeks'"), ("twelve", "should be a whole number")])
def test_a_wrong_interval_is_refused_at_its_line(project: Path, capsys, value: str,
                                                message: str) -> None:
    line = replace_in(project, "ordinarily.yml", "  review_after_weeks: 12",
                      f"  review_after_weeks: {value}")
    code, errors = validate(project, capsys)
    assert code == 1
    assert any(e.startswith(f"ordinarily.yml:{line}: ") and message in e for e in errors), errors


# --- The template's JSON and guide.json ---------------------------------------------------------

def test_the_embedded_template_has_every_section_and_field_in_order() -> None:
    output = build(load_project(EXAMPLE))
    for rel in (ISP, OFFER):
        written = example_yaml(rel)
        data = embedded_template(page(output, rel.replace(".yml", ".md")))
        assert data["id"] == Path(rel).stem and data["title"] == written["title"]
        assert [s["title"] for s in data["sections"]] == [s["title"] for s in written["sections"]]
        assert [[(f["id"], f["label"], f["type"]) for f in s["fields"]]
                for s in data["sections"]] == [[(f["id"], f["label"], f["type"])
                                                for f in s["fields"]]
                                               for s in written["sections"]]
        assert "draft" in data["draft_note_html"]


def test_apdr_fields_carry_the_guides_questions_for_their_step() -> None:
    apdr = example_yaml("needs/apdr.yml")
    output = build(load_project(EXAMPLE))
    data = embedded_template(page(output, "plans/individual-support-plan.md"))
    fields = [f for s in data["sections"] for f in s["fields"] if f["type"] == "apdr"]
    assert [f["step"] for f in fields] == ["assess", "review"]
    for f in fields:
        step = next(s for s in apdr["steps"] if s["id"] == f["step"])
        assert f["prompts"] == [" ".join(q.split()) for q in step["questions"]]


def test_the_self_review_lists_every_universal_expectation() -> None:
    universal = example_yaml("needs/universal.yml")
    expected = [f"universal/{x['id']}" for t in universal["themes"] for x in t["expectations"]]
    output = build(load_project(EXAMPLE))
    data = embedded_template(page(output, "plans/inclusion-offer.md"))
    field = next(f for s in data["sections"] for f in s["fields"] if f["type"] == "self-review")
    assert field["choices"] == ["in place", "developing", "not yet"]
    assert [x["key"] for x in field["expectations"]] == expected


def _example_keys() -> list[str]:
    """Every provision entry and expectation key, from the YAML files alone."""
    keys = []
    for path in sorted((EXAMPLE / "needs").glob("*/*.yml")):
        need = yaml.safe_load(path.read_text("utf-8"))
        keys += [f"{path.stem}/{e['id']}" for e in need["provision"]]
    universal = example_yaml("needs/universal.yml")
    keys += [f"universal/{x['id']}" for t in universal["themes"] for x in t["expectations"]]
    return keys


def test_guide_json_has_every_entry_and_expectation_by_key() -> None:
    data = json.loads(build(load_project(EXAMPLE)).files["plans/guide.json"])
    keys = _example_keys()
    assert len(keys) == len(set(keys))
    assert sorted(data["entries"]) == sorted(keys)
    autism = yaml.safe_load((EXAMPLE / "needs/communication-and-interaction/autism.yml")
                            .read_text("utf-8"))
    first = autism["provision"][0]
    entry = data["entries"][f"autism/{first['id']}"]
    assert entry["url"] == f"needs/communication-and-interaction/autism/#{first['id']}"
    assert entry["source"] == autism["title"] and entry["tier"] == first["tier"]
    assert entry["text"] and len(entry["text"]) <= len(" ".join(first["detail"].split()))
    taxonomy = example_yaml("needs/taxonomy.yml")
    assert [n["id"] for n in data["needs"]] == [n for a in taxonomy["areas"] for n in a["needs"]]
    # The template "Add to plan" starts: the first in the list's order (`order:`, then title)
    # with a strategies field.
    written = {p.stem: yaml.safe_load(p.read_text("utf-8"))
               for p in (EXAMPLE / "plans").glob("*.yml")}
    ordered = sorted(written, key=lambda stem: ("order" not in written[stem],
                                                written[stem].get("order", 0),
                                                written[stem]["title"].casefold()))
    with_strategies = [stem for stem in ordered if any(
        f["type"] == "strategies" for s in written[stem]["sections"] for f in s["fields"])]
    assert data["default_template"] == with_strategies[0] == "individual-support-plan"
    assert data["strategies_field"] == "support"


def test_a_renamed_entry_and_need_keep_their_old_keys(project: Path) -> None:
    need = "needs/communication-and-interaction/autism.yml"
    first = yaml.safe_load((project / need).read_text("utf-8"))["provision"][0]["id"]
    replace_in(project, need, f"  - id: {first}\n",
               f"  - id: {first}-renamed\n    formerly: [{first}]\n")
    universal = example_yaml("needs/universal.yml")
    expectation = universal["themes"][0]["expectations"][0]["id"]
    replace_in(project, "needs/universal.yml", f"      - id: {expectation}\n",
               f"      - id: {expectation}-now\n        formerly: [{expectation}]\n")
    data = json.loads(build(load_project(project)).files["plans/guide.json"])
    assert data["formerly"][f"autism/{first}"] == f"autism/{first}-renamed"
    assert f"autism/{first}" not in data["entries"]
    assert data["formerly"][f"universal/{expectation}"] == f"universal/{expectation}-now"
    assert set(data["formerly"].values()) <= set(data["entries"])


def test_reordered_and_renamed_sections_need_no_code(project: Path) -> None:
    path = project / ISP
    written = yaml.safe_load(path.read_text("utf-8"))
    sections = written["sections"]
    sections.reverse()
    sections[0]["title"] = "When we will look again"
    sections.append({"id": "health", "title": "Health", "fields": [
        {"id": "health-notes", "label": "Health needs to know about", "type": "paragraphs"}]})
    path.write_text(yaml.safe_dump(written, sort_keys=False, allow_unicode=True), "utf-8")
    content = page(build(load_project(project)), "plans/individual-support-plan.md")
    titles = [s["title"] for s in embedded_template(content)["sections"]]
    assert titles == [s["title"] for s in sections]
    legends = re.findall(r'<h2 class="ord-plan__heading"[^>]*>([^<]+)</h2>', content)
    assert legends == titles


# --- The order of the list at /plans/ -----------------------------------------------------------

def listed(project: Path) -> list[str]:
    """The templates' titles as /plans/ links them, in order."""
    return re.findall(r"^- \[([^\]]+)\]\(", page(build(load_project(project)), "plans/index.md"),
                      re.M)


def test_anytown_lists_its_isp_first(project: Path) -> None:
    assert listed(project) == [example_yaml(ISP)["title"], example_yaml(OFFER)["title"]]


def test_order_is_compared_as_a_number_not_by_file_name(project: Path) -> None:
    replace_in(project, ISP, "order: 1", "order: 9")
    replace_in(project, OFFER, "order: 2", "order: 10")
    assert listed(project) == [example_yaml(ISP)["title"], example_yaml(OFFER)["title"]]
    replace_in(project, OFFER, "order: 10", "order: 8")
    assert listed(project) == [example_yaml(OFFER)["title"], example_yaml(ISP)["title"]]


def test_without_order_the_list_is_by_title_not_file_name(project: Path) -> None:
    replace_in(project, ISP, "order: 1", "")
    replace_in(project, OFFER, "order: 2", "")
    # By file name inclusion-offer.yml would come first; by title "Individual ..." does.
    assert listed(project) == [example_yaml(ISP)["title"], example_yaml(OFFER)["title"]]
    replace_in(project, OFFER, "title: Our inclusion offer", "title: An inclusion offer")
    assert listed(project) == ["An inclusion offer", example_yaml(ISP)["title"]]


def test_a_template_with_order_comes_before_those_without(project: Path) -> None:
    replace_in(project, OFFER, "order: 2", "")
    replace_in(project, OFFER, "title: Our inclusion offer", "title: An inclusion offer")
    assert listed(project) == [example_yaml(ISP)["title"], "An inclusion offer"]


@pytest.mark.parametrize("value", ["first", "0", "1.5"])
def test_a_wrong_order_is_refused_at_its_line(project: Path, capsys, value: str) -> None:
    line = replace_in(project, ISP, "order: 1  #", f"order: {value}  #")
    code, errors = validate(project, capsys)
    assert code == 1
    assert any(e.startswith(f"{ISP}:{line}:") and "order" in e for e in errors), errors
