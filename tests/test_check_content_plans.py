"""`ordinarily check-content` reads the plan templates (`plans/*.yml`) too: their titles,
labels, hints, section intros and choices are spell-checked and checked for undefined
abbreviations with file:line, their summary and hints are scored for reading ease as one
family-facing piece per template, and their review dates are listed when stale. Ids, field
types and APDR steps are not prose and are never checked.

Each test plants its text in a copy of the example's templates; the expected file and line are
counted here from the planted text, not by the code under test."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from test_check_content import check, line_of, plant

ISP = "plans/individual-support-plan.yml"
OFFER = "plans/inclusion-offer.yml"


def test_the_example_templates_pass(project: Path, capsys) -> None:
    code, out, _ = check(project, capsys, "--only", "spelling", "--only", "abbreviations")
    assert code == 0, out
    assert "plans/" not in out


def test_a_misspelt_hint_is_reported_at_its_line(project: Path, capsys) -> None:
    line = plant(project, ISP, "hint: Use initials, not a full name.",
                 "hint: Use initals, not a full name.")
    code, out, _ = check(project, capsys, "--only", "spelling")
    assert code == 1
    assert (f"{ISP}:{line}: spelling: 'initals' is not in the dictionary or the word list; "
            "did you mean 'initials'?") in out


def test_titles_labels_section_intros_and_choices_are_checked(project: Path, capsys) -> None:
    lines = {
        "title": plant(project, OFFER, "title: About this offer", "title: About this offfer"),
        "label": plant(project, OFFER, "label: Date written", "label: Date writen"),
        "intro": plant(project, OFFER, "Mark each expectation honestly.",
                       "Mark each expectation honestley."),
        "choice": plant(project, OFFER, "choices: [in place, developing, not yet]",
                        "choices: [in place, develloping, not yet]"),
        "summary": plant(project, ISP, "A plan for one child", "A plan for one chilld"),
    }
    code, out, _ = check(project, capsys, "--only", "spelling")
    assert code == 1
    for file, word, key in ((OFFER, "offfer", "title"), (OFFER, "writen", "label"),
                            (OFFER, "honestley", "intro"), (OFFER, "develloping", "choice"),
                            (ISP, "chilld", "summary")):
        assert re.search(rf"^{re.escape(file)}:{lines[key]}: spelling: '{word}'", out, re.M), \
            (key, out)


def test_ids_are_not_prose(project: Path, capsys) -> None:
    """A made-up word in a section's id is never reported; a misspelt label in the same file
    is, and is the only finding."""
    plant(project, ISP, "  - id: about-me\n", "  - id: qzxwv-about-me\n")
    line = plant(project, ISP, "label: Setting\n", "label: Settting\n")
    template = yaml.safe_load((project / ISP).read_text("utf-8"))
    assert template["sections"][0]["id"] == "qzxwv-about-me"
    code, out, _ = check(project, capsys, "--only", "spelling")
    assert code == 1
    findings = re.findall(r"^(\S+:\d+): spelling: '([^']+)'", out, re.M)
    assert findings == [(f"{ISP}:{line}", "Settting")], out


def test_an_undefined_abbreviation_in_a_template_fails(project: Path, capsys) -> None:
    line = plant(project, ISP, "hint: Use initials, not a full name.",
                 "hint: Use initials, not a full name, as the QXZP asks.")
    code, out, _ = check(project, capsys, "--only", "abbreviations")
    assert code == 1
    assert f"{ISP}:{line}: abbreviation: 'QXZP' is not in the glossary" in out


def test_a_hard_template_is_scored_for_reading_ease(project: Path, capsys) -> None:
    hard = ("Multidisciplinary interprofessional collaboration notwithstanding, "
            "individualised differentiated pedagogical accommodations necessitate "
            "comprehensive developmental documentation. ") * 3
    plant(project, OFFER, "summary: >-\n  ", f"summary: >-\n  {hard}")
    code, out, _ = check(project, capsys, "--only", "reading")
    assert code == 0  # a warning only
    line = line_of(project, OFFER, "summary:")
    assert re.search(rf"^{OFFER}:{line}: reading ease: the summary and hints score \d+ "
                     r"\(the minimum is 50\)$", out, re.M), out
    assert f"{ISP}:" not in out


def test_a_stale_template_is_listed(project: Path, capsys) -> None:
    line = plant(project, OFFER, "reviewed: 2026-09-07", "reviewed: 2024-01-15")
    code, out, _ = check(project, capsys, "--only", "stale", "--today",
                         date(2026, 12, 8).isoformat())
    assert code == 0
    assert (f"{OFFER}:{line}: stale: the plan template 'Our inclusion offer' was last reviewed "
            "on 2024-01-15, more than 12 months ago (owner: Anytown SEND and Inclusion Team)") \
        in out
