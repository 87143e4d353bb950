"""Family views: needs whose page for families (/needs/<area>/<need>/families/) is thin.

A need's family view shows what the council writes under `families:` and what the engine can
draw from the need's entries. This check lists, as warnings, each need with no `families:`
text at all or with fewer than MIN_PARTS of its six parts written, and a taxonomy that marks no
tier `families_expect` (then no family view can say what the setting should already be doing).
See docs/check-content.md.
"""

from __future__ import annotations

from ordinarily.assembly.project import Project
from ordinarily.checks.content_report import CheckResult, Finding
from ordinarily.checks.content_text import ContentFiles
from ordinarily.guide.loader import GUIDE_FILES, NEEDS_DIR

MIN_PARTS = 3  # of the six parts of `families:` (model.FamilyView)
PARTS = 6
TAXONOMY = f"{NEEDS_DIR}/{GUIDE_FILES['taxonomy']}"


def check_family_views(project: Project, files: ContentFiles) -> CheckResult:
    guide = project.guide
    findings: list[Finding] = []
    if not guide.taxonomy.families_tiers:
        words = guide.taxonomy.labels.tiers
        findings.append(Finding(TAXONOMY, _line(files, TAXONOMY, ("tiers",)),
                                f"family views: no {words[:-1] if words.endswith('s') else words}"
                                " is marked 'families_expect: true', so no family view says "
                                "what the setting should already be doing",
                                ("taxonomy", "no tier marked families_expect")))
    thin = 0
    for need in guide.needs:
        written = need.families.parts_written() if need.families else 0
        if written >= MIN_PARTS:
            continue
        thin += 1
        if need.families is None:
            what = "has no family text ('families:')"
            line = 0
        else:
            what = f"has {written} of the {PARTS} parts of its family text"
            line = _line(files, need.source, ("families",))
        findings.append(Finding(need.source, line, f"family view: '{need.title}' {what}; "
                                f"write at least {MIN_PARTS} (docs/content-model.md)",
                                (need.title, f"{written} of {PARTS} parts")))
    count = len(guide.needs)
    summary = (f"all {count} needs have family text in at least {MIN_PARTS} of the {PARTS} parts."
               if not thin else f"{thin} of {count} needs have a thin family view (a warning).")
    return CheckResult("families", "Family views", ("Need", "Family text"), tuple(findings),
                       summary, failed=False)


def _line(files: ContentFiles, path: str, where: tuple) -> int:
    doc = files.yaml.get(path)
    return doc.line(where) if doc is not None else 0
