""""What can I do next?" (/next-steps/): the content file is checked with file and line, the
page lists every step without JavaScript, and the answers show exactly the steps that apply.

The steps each journey expects are written out here by hand from example/needs/next-steps.yml,
not computed by the engine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ordinarily.assembly.project import build, load_project
from ordinarily.cli.commands import main
from ordinarily.sitewide.sections import off_sections, unlink

from conftest import EXAMPLE

STEPS_FILE = "needs/next-steps.yml"
EVERY_STEP = [  # the example's steps, in the order its file gives them
    "Talk to the teacher or SENCO",
    "For a child under 5, talk to the health visitor too",
    "Ask for SEN support and a written plan",
    "Ask for a review of the plan",
    "Ask a health worker for advice",
    "Get free advice from SENDIASS",
    "Ask the council for an EHC needs assessment",
    "Ask for an early review of the EHC plan",
    "If you disagree, talk first, then use mediation or appeal",
    "At 16 to 25: the decisions are yours",
    "Plan for life after school or college",
]


def validate(project: Path, capsys: pytest.CaptureFixture) -> tuple[int, list[str]]:
    code = main(["validate", str(project)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


def break_line(project: Path, find: str, broken: str) -> int:
    """Replace the first `find` in the project's next-steps file; the line it was on."""
    path = project / STEPS_FILE
    text = path.read_text("utf-8")
    assert find in text, find
    path.write_text(text.replace(find, broken, 1), "utf-8")
    return text[: text.index(find)].count("\n") + 1


# --- Validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("find", "broken", "message"), [
    ("      - step: free-advice", "      - step: free-advise",
     "unknown step 'free-advise' (did you mean 'free-advice'?)"),
    ("      - service: sendiass-young-people", "      - service: sendias-young-people",
     "unknown service 'sendias-young-people' (did you mean 'sendiass-young-people'?)"),
    ("      - page: local-offer/preparing-for-adulthood/",
     "      - page: local-offer/preparing-for-adulthod/",
     "unknown page 'local-offer/preparing-for-adulthod/' (did you mean "
     "'local-offer/preparing-for-adulthood/'?)"),
    ("      told: [not-told, not-sure]", "      tolled: [not-told, not-sure]",
     "unknown question 'tolled' (did you mean 'told'?)"),
    ("      disagree: disagree\n", "      disagree: disagrees\n",
     "unknown answer to the question 'disagree' 'disagrees' (did you mean 'disagree'?)"),
    ("      health: [not-involved, not-sure]", "      health: [not-involved, unsure]",
     "unknown answer to the question 'health' 'unsure'"),
])
def test_validate_names_the_file_line_and_likely_fix(project: Path, capsys, find: str,
                                                     broken: str, message: str) -> None:
    assert validate(project, capsys)[0] == 0
    line = break_line(project, find, broken)
    code, problems = validate(project, capsys)
    assert code == 1
    assert f"{STEPS_FILE}:{line}: {message}" in "\n".join(problems), problems


def test_a_page_link_needs_its_words(project: Path, capsys) -> None:
    line = break_line(project, "        text: Preparing for adulthood\n", "")
    code, problems = validate(project, capsys)
    assert code == 1
    assert any(p.startswith(f"{STEPS_FILE}:{line - 1}: a link to a page needs its words")
               for p in problems), problems


def test_a_condition_on_an_id_read_as_yes_or_no_is_explained(project: Path, capsys) -> None:
    line = break_line(project, "      disagree: disagree\n", "      disagree: yes\n")
    code, problems = validate(project, capsys)
    assert code == 1
    assert any(p.startswith(f"{STEPS_FILE}:{line}: ") and "quote text" in p
               for p in problems), problems


def test_a_renamed_step_keeps_its_old_anchor_and_the_old_id_is_not_reused(project: Path,
                                                                            capsys) -> None:
    break_line(project, "  - id: free-advice\n",
               "  - id: independent-advice\n    formerly: [free-advice]\n")
    break_line(project, "      - step: free-advice", "      - step: independent-advice")
    assert validate(project, capsys)[0] == 0
    page = next(p for p in build(load_project(project)).pages if p.src == "next-steps.md")
    assert '<h3 id="independent-advice">Get free advice from SENDIASS</h3>' in page.content
    assert '<span id="free-advice"></span>' in page.content
    line = break_line(project, "    formerly: [free-advice]", "    formerly: [talk-to-the-setting]")
    code, problems = validate(project, capsys)
    assert code == 1
    assert any(p.startswith(f"{STEPS_FILE}:{line}: 'talk-to-the-setting' is already a step id")
               for p in problems), problems


# --- The page and the section switch ------------------------------------------------------------

def steps_page(project: Path) -> str:
    pages = {p.src: p for p in build(load_project(project)).pages}
    return pages["next-steps.md"].content


def test_every_step_is_on_the_page_in_order_and_says_who_it_is_for() -> None:
    content = steps_page(EXAMPLE)
    titles = re.findall(r'<h3 id="[a-z0-9-]+">([^<]+)</h3>', content)
    assert titles == EVERY_STEP
    first = content[content.index("Talk to the teacher or SENCO"):
                    content.index("For a child under 5")]
    assert ("Does the nursery, school or college know about your worries? "
            "<strong>No, or Not sure</strong>") in first
    advice = content[content.index("Get free advice from SENDIASS"):
                     content.index("Ask the council for an EHC needs assessment")]
    assert "This step is for everyone." in advice
    assert 'href="../local-offer/services/sendiass-helpline/">SENDIASS helpline</a>' in advice


def test_switched_off_leaves_no_page_nav_or_link(project: Path) -> None:
    settings = project / "ordinarily.yml"
    settings.write_text(settings.read_text("utf-8").replace(
        "  maintainers: true\n", "  maintainers: true\n  next_steps: false\n"), "utf-8")
    output = build(load_project(project))
    assert "next-steps.md" not in {p.src for p in output.pages}
    assert "next_steps" not in output.nav
    home = (project / "content/index.md").read_text("utf-8")
    parent, young = home.split("## I am a young person")[0], home.split("## I am a young person")[1]
    assert "](next-steps.md)" in parent and "](next-steps.md)" in young.split("\n## ")[0]
    kept, removed = unlink(home, "index.md", off_sections(load_project(project).settings))
    assert removed.count("next-steps.md") == 2
    assert "next-steps" not in kept and "What can I do next?" not in kept

def test_a_site_without_the_file_builds_without_the_page(project: Path, capsys) -> None:
    (project / STEPS_FILE).unlink()
    home = project / "content/index.md"
    assert validate(project, capsys)[0] == 0
    assert "next-steps.md" not in {p.src for p in build(load_project(project)).pages}
    assert home.exists()
    settings = project / "ordinarily.yml"
    settings.write_text(settings.read_text("utf-8").replace(
        "  maintainers: true\n", "  maintainers: true\n  next_steps: true\n"), "utf-8")
    code, problems = validate(project, capsys)
    assert code == 1
    assert any(p.startswith(f"{STEPS_FILE}: the file is missing") and "next_steps: false" in p
               for p in problems), problems


def test_links_into_a_switched_off_section_are_left_out(project: Path) -> None:
    settings = project / "ordinarily.yml"
    settings.write_text(settings.read_text("utf-8").replace("  checker: true\n",
                                                            "  checker: false\n"), "utf-8")
    content = steps_page(project)
    assert "Find needs worth reading about with the quick needs checker" not in content
    assert "checker/" not in content
    assert "Who does what, and who to talk to first" in content  # the step's other links stay


# --- check-content ------------------------------------------------------------------------------

def next_steps_reading(project: Path) -> tuple[list[str], list[str]]:
    """The next-steps file's passages scored for reading ease, and the findings about it."""
    from ordinarily.checks.content_text import read_content  # noqa: PLC0415
    from ordinarily.checks.reading_ease import check_reading  # noqa: PLC0415

    passages = read_content(load_project(project)).passages()
    mine = [p for p in passages if p.file == STEPS_FILE and p.family]
    result = check_reading(passages, 50, False)
    return [p.text for p in mine], [f.message for f in result.findings if f.file == STEPS_FILE]


def test_reading_ease_scores_the_next_steps_text_and_it_passes(project: Path) -> None:
    texts, findings = next_steps_reading(project)
    joined = "\n".join(texts)
    for words in ("Talk to the teacher or SENCO", "Who are you?", "A parent or carer",
                  "Information, advice and support"):
        assert words in joined, words
    assert "sendiass-helpline" not in joined and "not-told" not in joined  # ids are not prose
    assert findings == []
    hard = ("Notwithstanding the aforementioned considerations, educational establishments "
            "are institutionally obligated to operationalise individualised interventional "
            "methodologies commensurate with statutory responsibilities. ")
    path = project / STEPS_FILE
    text = path.read_text("utf-8")
    path.write_text(text.replace("intro: |\n", "intro: |\n  " + hard * 40 + "\n\n", 1), "utf-8")
    assert any("reading ease" in f for f in next_steps_reading(project)[1])
