"""`ordinarily check-content`: spelling, reading ease, abbreviations and review dates."""

from __future__ import annotations

import argparse
import re
import time
from datetime import date
from pathlib import Path

import pytest

from ordinarily.checks import content_checks
from ordinarily.checks.review_dates import months_before

AUTISM = "needs/communication-and-interaction/autism.yml"
PORTAGE = "local-offer/services/portage-home-visiting.yml"
SHORT_BREAKS = "content/local-offer/short-breaks.md"


@pytest.fixture
def content(project: Path) -> Path:
    """A copy of the example project (with its word list)."""
    return project


def check(project: Path, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Run the command as `ordinarily check-content PROJECT ARGS`: (exit code, stdout, stderr)."""
    parser = argparse.ArgumentParser(prog="ordinarily")
    content_checks.add_parser(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args(["check-content", str(project), *args])
    code = parsed.run(parsed)
    out, err = capsys.readouterr()
    return code, out, err


def plant(project: Path, file: str, old: str, new: str) -> int:
    """Replace text in a content file; return the line the new text is on."""
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[:text.index(new)].count("\n") + 1


def line_of(project: Path, file: str, start: str) -> int:
    lines = (project / file).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def test_example_content_passes_quickly(content: Path, capsys) -> None:
    started = time.monotonic()
    code, out, err = check(content, capsys)
    assert time.monotonic() - started < 20  # about a second and a half on a laptop
    assert code == 0, out + err
    assert "Spelling: no mistakes found." in out
    assert "Abbreviations: every abbreviation is in the glossary." in out
    reading = re.search(r"Reading ease: (\d+) pieces of family-facing text checked; "
                        r"median score (\d+)", out)
    assert reading, out
    assert int(reading[1]) > 100 and 40 < int(reading[2]) < 100
    assert "Review dates: all " in out
    assert out.rstrip().endswith("The check passed.")


def test_stale_entries_are_listed_with_file_date_and_owner(content: Path, capsys) -> None:
    code, out, _ = check(content, capsys, "--today", "2030-01-01")
    assert code == 0  # a warning, not a failure
    line = line_of(content, AUTISM, "reviewed:")
    assert (f"{AUTISM}:{line}: stale: the need 'Autism' was last reviewed on 2026-09-21, more "
            "than 12 months ago (owner: Anytown Communication and Autism Team") in out
    assert f"{PORTAGE}:" in out and f"{SHORT_BREAKS}:3: stale: the page 'Short breaks'" in out
    assert re.search(r"Review dates: \d+ of \d+ entries were last reviewed before 2029-01-01",
                     out)


def test_an_entry_reviewed_within_the_limit_is_not_stale(content: Path, capsys) -> None:
    code, out, _ = check(content, capsys, "--only", "stale", "--today", "2027-09-20")
    assert code == 0
    assert f"{AUTISM}:" not in out  # reviewed 2026-09-21: 11 months and 30 days before
    code, out, _ = check(content, capsys, "--only", "stale", "--today", "2027-09-22")
    assert f"{AUTISM}:" in out


def test_stale_after_months_comes_from_the_settings(content: Path, capsys) -> None:
    plant(content, "ordinarily.yml", "stale_after_months: 12", "stale_after_months: 1")
    _, out, _ = check(content, capsys, "--only", "stale", "--today", "2026-11-15")
    assert f"{AUTISM}:" in out and "more than 1 month ago" in out


def test_an_american_spelling_is_reported_at_its_line(content: Path, capsys) -> None:
    line = plant(content, AUTISM, "plan support around", "plan behavior support around")
    code, out, _ = check(content, capsys)
    assert code == 1
    assert (f"{AUTISM}:{line}: spelling: 'behavior' is the American spelling; did you mean "
            "'behaviour'?") in out
    assert "The check failed (spelling)" in out


def test_a_misspelling_gets_a_suggestion(content: Path, capsys) -> None:
    line = plant(content, PORTAGE, "summary: >-\n  ", "summary: >-\n  We recieve referrals. ")
    code, out, _ = check(content, capsys, "--only", "spelling")
    assert code == 1
    assert f"{PORTAGE}:{line + 1}: spelling: 'recieve' is not in the dictionary or the word " \
           "list; did you mean 'receive'?" in out


def test_a_misspelling_in_a_page_is_reported_at_its_line(content: Path, capsys) -> None:
    line = plant(content, SHORT_BREAKS, "- a holiday play scheme;", "- a holliday play scheme;")
    code, out, _ = check(content, capsys, "--only", "spelling")
    assert code == 1
    assert f"{SHORT_BREAKS}:{line}: spelling: 'holliday'" in out and "'holiday'" in out


def test_urls_emails_and_postcodes_are_not_checked(content: Path, capsys) -> None:
    plant(content, SHORT_BREAKS, "- a holiday play scheme;",
          "- a holiday play scheme (<https://xqzv.example.org.uk/zzqq>, qwzx@example.org.uk, "
          "`qqzzx`, AN9 9ZZ, 01632 960999);")
    code, out, _ = check(content, capsys, "--only", "spelling", "--only", "abbreviations")
    assert code == 0, out


def test_an_undefined_abbreviation_fails_until_the_word_list_allows_it(content: Path,
                                                                      capsys) -> None:
    line = plant(content, AUTISM, "plan support around", "plan XYZQ support around")
    plant(content, PORTAGE, "summary: >-\n  ", "summary: >-\n  Ask about XYZQs. ")
    code, out, _ = check(content, capsys)
    assert code == 1
    assert (f"{AUTISM}:{line}: abbreviation: 'XYZQ' is not in the glossary (used twice; first "
            "here)") in out
    with (content / "words.txt").open("a", encoding="utf-8") as words:
        words.write("XYZQ\n")
    code, out, _ = check(content, capsys)
    assert code == 0, out
    assert "XYZQ" not in out


def test_a_glossary_term_defines_an_abbreviation(content: Path, capsys) -> None:
    plant(content, AUTISM, "plan support around", "plan XYZQ support around")
    plant(content, "needs/glossary.yml", "terms:\n",
          "terms:\n  - id: xyzq\n    term: XYZQ\n    expansion: an example\n"
          "    definition: An example.\n\n")
    code, out, _ = check(content, capsys, "--only", "abbreviations")
    assert code == 0, out


def test_the_word_list_accepts_a_name(content: Path, capsys) -> None:
    plant(content, AUTISM, "plan support around", "plan support at Zorblington around")
    code, out, _ = check(content, capsys, "--only", "spelling")
    assert code == 1 and "'Zorblington'" in out
    with (content / "words.txt").open("a", encoding="utf-8") as words:
        words.write("zorblington  # a village\n")
    code, out, _ = check(content, capsys, "--only", "spelling")
    assert code == 0, out


def test_reading_ease_blocks_only_when_the_settings_say_so(content: Path, capsys) -> None:
    code, out, _ = check(content, capsys, "--only", "reading")
    assert code == 0
    plant(content, "ordinarily.yml", "minimum: 50\n    block: false",
          "minimum: 95\n    block: true")
    code, out, _ = check(content, capsys, "--only", "reading")
    assert code == 1
    assert re.search(r"^content/index\.md:\d+: reading ease: the page scores \d+ \(the minimum "
                     r"is 95\)$", out, re.M)
    assert "(this fails the check)" in out


def test_only_family_facing_text_is_scored(content: Path, capsys) -> None:
    hard = ("Multidisciplinary interprofessional collaboration notwithstanding, "
            "individualised differentiated pedagogical accommodations necessitate "
            "comprehensive developmental documentation. ") * 3
    plant(content, PORTAGE, "description: |\n  ", f"description: |\n  {hard}\n\n  ")
    plant(content, AUTISM, "    detail: >-\n      ", f"    detail: >-\n      {hard}")
    code, out, err = check(content, capsys, "--only", "reading")
    assert code == 0, err  # a warning only
    line = line_of(content, PORTAGE, "summary:")  # a service's item starts at its summary
    assert re.search(rf"^{PORTAGE}:{line}: reading ease: the summary and description "
                     r"score \d+ \(the minimum is 50\)$", out, re.M)
    assert f"{AUTISM}:" not in out  # provision is for practitioners


def test_markdown_gives_tables(content: Path, capsys) -> None:
    plant(content, AUTISM, "plan support around", "plan behavior support around")
    code, out, _ = check(content, capsys, "--format", "markdown", "--today", "2030-01-01")
    assert code == 1
    assert out.startswith("## Content check\n")
    for heading in ("### Spelling", "### Reading ease", "### Abbreviations", "### Review dates"):
        assert f"\n{heading}\n" in out
    assert "| Where | Word | Suggestion | Field |\n| --- | --- | --- | --- |" in out
    assert re.search(rf"^\| `{AUTISM}:\d+` \| behavior \| behaviour \| summary \|$", out, re.M)
    assert re.search(rf"^\| `{AUTISM}:\d+` \| the need 'Autism' \| 2026-09-21 \| Anytown ", out,
                     re.M)


def test_only_stale_prints_only_stale_entries(content: Path, capsys) -> None:
    plant(content, AUTISM, "plan support around", "plan behavior XYZQ support around")
    code, out, _ = check(content, capsys, "--only", "stale", "--today", "2030-01-01")
    assert code == 0  # the spelling mistake is not looked for
    findings, summary = out.split("\n\n")
    assert findings and all(": stale: " in line for line in findings.splitlines())
    assert "behavior" not in out and "XYZQ" not in out and "Reading ease" not in out
    assert summary.startswith("Review dates: ")


def test_the_stale_report_is_empty_when_nothing_is_due(content: Path, capsys) -> None:
    code, out, _ = check(content, capsys, "--only", "stale", "--format", "markdown",
                         "--today", "2026-12-01")
    assert (code, out) == (0, "")
    code, out, _ = check(content, capsys, "--only", "stale", "--format", "markdown",
                         "--today", "2030-01-01")
    assert out.startswith("## Review dates\n") and "| Where | What | Last reviewed | Owner |" in out


def test_bad_content_gives_a_clean_report(content: Path, capsys) -> None:
    plant(content, AUTISM, "title: Autism", "title: Autism\ntitle: Again")
    code, out, err = check(content, capsys)
    assert code == 1 and out == ""
    assert f"{AUTISM}:3: the key 'title' appears twice" in err and "Traceback" not in err


def test_bad_front_matter_is_reported_at_its_line(content: Path, capsys) -> None:
    plant(content, SHORT_BREAKS, "reviewed: 2026-10-19", "reviewed: 2026-13-45")
    code, _, err = check(content, capsys, "--only", "stale")
    assert code == 1
    assert f"{SHORT_BREAKS}:3: '2026-13-45' is not a real date" in err


def test_a_missing_word_list_named_in_the_settings_is_reported(project: Path, capsys) -> None:
    (project / "words.txt").unlink()
    code, _, err = check(project, capsys)  # the example's settings name words.txt
    assert code == 1
    assert "words.txt: cannot read the word list: it does not exist" in err


def test_today_must_be_a_date(content: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        check(content, capsys, "--today", "2027-02-30")
    assert "'2027-02-30' is not a date; write YYYY-MM-DD" in capsys.readouterr().err


def test_months_before_keeps_to_real_days() -> None:
    assert months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert months_before(date(2028, 1, 15), 12) == date(2027, 1, 15)
    assert months_before(date(2027, 1, 10), 13) == date(2025, 12, 10)
