"""Read `plans/*.yml` into plan templates, checking every file with file and line.

The folder holds only templates (`<template-id>.yml`); ids of sections and fields are unique in
a template; `choices` belongs to a self-review field and `step` to an apdr field, whose step must
be one in `needs/apdr.yml`.
"""

from __future__ import annotations

from pathlib import Path

from ordinarily.core.problems import ContentError, Problem, did_you_mean, slugify, unknown_id
from ordinarily.core.yamlfile import YamlFile
from ordinarily.guide import model as m
from ordinarily.guide.loader import Collector
from ordinarily.plans import plans_model as p

PLANS_DIR = "plans"
PLAN_KIND = "plan-template"
TEMPLATE_SUFFIX = ".yml"
# Where each field type's own option belongs: (option, the type that takes it, an example).
OPTIONS = (("choices", "self-review", "choices: [in place, developing, not yet]"),
           ("step", "apdr", "step: review"))


def plans_folder(root: Path) -> Path:
    return Path(root) / PLANS_DIR


def load_plans(root: Path, guide: m.Guide) -> p.Plans:
    """Every plan template, or ContentError listing every problem in every file."""
    root = Path(root)
    folder = plans_folder(root)
    if not folder.is_dir():
        raise ContentError([Problem(PLANS_DIR, 0, "the folder is missing: support plans are "
                                    "switched on in ordinarily.yml (sections: plans: true); add "
                                    "the folder with at least one template (ordinarily new-area "
                                    "writes two), or write plans: false")])
    c = Collector(root)
    templates = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if not _is_template_file(c, path):
            continue
        doc = c.read(path, PLAN_KIND)
        if doc is not None:
            templates.append(_template(c, doc, path.stem, guide))
    if not templates and not c.problems:
        c.problems.append(Problem(PLANS_DIR, 0, "the folder holds no plan templates; add one "
                                  "(plans/<template-id>.yml), or switch support plans off in "
                                  "ordinarily.yml (under sections:, write plans: false)"))
    if c.problems:
        raise ContentError(c.problems)
    return p.Plans(templates=tuple(sorted(templates, key=lambda t: t.sort_key)))


def _is_template_file(c: Collector, path: Path) -> bool:
    shown = path.relative_to(c.root).as_posix()
    if path.is_dir() or path.suffix != TEMPLATE_SUFFIX:
        what = "a folder" if path.is_dir() else "this file"
        fix = (f": rename it {path.stem}.yml" if path.suffix == ".yaml" else
               "; move it out of plans/")
        c.problems.append(Problem(shown, 0, f"{what} is not a plan template; only plan "
                                  f"templates (<template-id>.yml) belong in plans/{fix}"))
        return False
    if path.stem != slugify(path.stem):
        c.problems.append(Problem(shown, 0, "the file name is the template's id and its address "
                                  "(/plans/<template-id>/) and must be lower-case letters, "
                                  f"digits and hyphens: rename it {slugify(path.stem)}.yml"))
        return False
    return True


def _template(c: Collector, doc: YamlFile, template_id: str, guide: m.Guide) -> p.Template:
    d = doc.data
    sections = d["sections"]
    c.check_ids(doc, ((("sections", i), s["id"]) for i, s in enumerate(sections)), "section")
    c.check_ids(doc, ((("sections", i, "fields", j), f["id"])
                      for i, s in enumerate(sections) for j, f in enumerate(s["fields"])),
                "field")
    steps = [s.id for s in guide.apdr.steps] if guide.apdr else []
    for i, s in enumerate(sections):
        for j, f in enumerate(s["fields"]):
            _check_options(c, doc, ("sections", i, "fields", j), f, steps)
    _check_draft(c, doc)
    return p.Template(
        id=template_id, source=doc.path, title=d["title"], summary=d["summary"],
        draft=bool(d.get("draft", False)), draft_note=d.get("draft_note", ""),
        review=c.review(doc), order=d.get("order"),
        sections=tuple(p.Section(id=s["id"], title=s["title"], hint=s.get("hint", ""),
                                 fields=tuple(_field(f) for f in s["fields"]))
                       for s in sections))


def _field(f: dict) -> p.Field:
    return p.Field(id=f["id"], label=f["label"], type=f["type"], hint=f.get("hint", ""),
                   choices=tuple(f.get("choices", ())), step=f.get("step", ""))


def _check_options(c: Collector, doc: YamlFile, where: tuple, f: dict, steps: list[str]) -> None:
    for option, owner, example in OPTIONS:
        if f["type"] == owner and option not in f:
            c.add(doc, (*where, "type"), f"a field of type '{owner}' needs '{option}' (for "
                                         f"example {example})")
        elif f["type"] != owner and option in f:
            c.add(doc, (*where, option), f"'{option}' belongs only to a field of type "
                                         f"'{owner}'; this field's type is '{f['type']}'"
                                         f"{did_you_mean(f['type'], [owner])}")
    if f["type"] == "apdr" and "step" in f and f["step"] not in steps:
        c.add(doc, (*where, "step"), unknown_id("APDR step", f["step"], steps)
              + "; the steps are the ids in needs/apdr.yml")


def _check_draft(c: Collector, doc: YamlFile) -> None:
    d = doc.data
    if d.get("draft") and "draft_note" not in d:
        c.add(doc, ("draft",), "a draft needs its draft_note: say why it is a draft and what "
                               "will change (for example when the national templates are "
                               "published)")
    if "draft_note" in d and not d.get("draft"):
        c.add(doc, ("draft_note",), "the draft note is shown only while the template is a "
                                    "draft: add draft: true, or remove the note")
