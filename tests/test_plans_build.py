"""The built support plan pages (issue 27): the blank template without JavaScript, the entry
markers and meta tag the "Add to plan" script looks for, and the section switched off.

Expected values come from the example's YAML read with PyYAML alone.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, build_site

pytestmark = pytest.mark.build

PLAN_SCRIPTS = ["device-store.js", "plan-add.js", "plan-file.js", "plan-editor.js"]


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text("utf-8")


def text(fragment: str) -> str:
    """The words of some HTML on one line, without the glossary's hidden notes."""
    fragment = re.sub(r'<span class="ord-term__note".*?More in the glossary</a></span>', "",
                      fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def in_order(haystack: str, needles: list[str]) -> bool:
    at = 0
    for needle in needles:
        at = haystack.find(needle, at)
        if at < 0:
            return False
        at += len(needle)
    return True


def example(rel: str) -> dict:
    return yaml.safe_load((EXAMPLE / rel).read_text("utf-8"))


@pytest.mark.parametrize("template", ["individual-support-plan", "inclusion-offer"])
def test_the_blank_template_has_every_section_and_field_in_order(site: Path,
                                                                 template: str) -> None:
    written = example(f"plans/{template}.yml")
    page = read(site, f"plans/{template}/index.html")
    main = page[page.index('id="ord-plan"'):page.index('id="ord-plan-template"')]
    words = text(main)
    expected = []
    for section in written["sections"]:
        expected.append(" ".join(section["title"].split()))
        expected += [" ".join(f["label"].split()) for f in section["fields"]]
    assert in_order(words, expected), expected
    assert main.count('<fieldset class="ord-plan__section"') == len(written["sections"])
    # Every field control has a label (a legend for the groups).
    for control in re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', main):
        assert f'for="{control}"' in main, control
    assert "Nothing you type leaves your device." in page
    assert "Use initials rather than names." in page
    assert text(written["draft_note"].replace("**", "")) in text(page)


def test_the_blank_template_shows_the_guides_apdr_prompts(site: Path) -> None:
    apdr = {s["id"]: s for s in example("needs/apdr.yml")["steps"]}
    page = text(read(site, "plans/individual-support-plan/index.html"))
    for step in ("assess", "review"):
        questions = [" ".join(q.split()) for q in apdr[step]["questions"]]
        assert in_order(page, questions), step


def test_the_plan_page_holds_the_editors_hooks(site: Path) -> None:
    page = read(site, "plans/individual-support-plan/index.html")
    hook = re.search(r'<div class="ord-plan" id="ord-plan" data-template="([^"]+)" '
                     r'data-guide="([^"]+)" data-plans="([^"]+)"', page)
    assert hook and hook.groups() == ("individual-support-plan", "../guide.json", "../")
    data = re.search(r'<script type="application/json" id="ord-plan-template"[^>]*>(.*?)</script>',
                     page, re.S).group(1)
    assert "<" not in data and ">" not in data
    assert json.loads(data)["id"] == "individual-support-plan"
    guide = json.loads(read(site, "plans/guide.json"))
    assert guide["default_template"] == "individual-support-plan"


def test_the_plans_page_lists_each_template_once(site: Path) -> None:
    whole = read(site, "plans/index.html")
    page = whole[whole.index("<article"):whole.index("</article>")]
    for path in sorted((EXAMPLE / "plans").glob("*.yml")):
        written = yaml.safe_load(path.read_text("utf-8"))
        assert page.count(f'href="{path.stem}/"') == 1
        assert " ".join(written["summary"].split()) in text(page)
    assert "Nothing you type leaves your device." in page
    assert "Use initials rather than names." in page


def test_every_provision_entry_and_expectation_is_marked(site: Path) -> None:
    for path in sorted((EXAMPLE / "needs").glob("*/*.yml")):
        need = yaml.safe_load(path.read_text("utf-8"))
        page = read(site, f"needs/{path.parent.name}/{path.stem}/index.html")
        marked = re.findall(r'<section class="ord-entry[^"]*" id="([^"]+)"[^>]*'
                            r'data-plan-entry="([^"]+)" data-plan-title="([^"]*)"', page)
        assert [(i, k) for i, k, _ in marked] == [(e["id"], f"{path.stem}/{e['id']}")
                                                  for e in need["provision"]], path.stem
        assert all(title for _, _, title in marked)
    universal = example("needs/universal.yml")
    page = read(site, "universal/index.html")
    keys = re.findall(r'data-plan-entry="([^"]+)"', page)
    assert keys == [f"universal/{x['id']}" for t in universal["themes"]
                    for x in t["expectations"]]


@pytest.mark.parametrize(("rel", "url"), [
    ("index.html", "plans/"), ("needs/communication-and-interaction/autism/index.html",
                               "../../../plans/"),
    ("plans/inclusion-offer/index.html", "../"), ("local-offer/index.html", "../plans/")])
def test_every_page_names_the_plans_and_loads_their_scripts(site: Path, rel: str,
                                                            url: str) -> None:
    page = read(site, rel)
    assert f'<meta name="ordinarily:plans" content="{url}">' in page
    scripts = [Path(s).name for s in re.findall(r'<script src="([^"]+)"', page)]
    assert [s for s in scripts if s in PLAN_SCRIPTS] == PLAN_SCRIPTS
    assert "assets/ordinarily/plan.css" in page


def test_switched_off_there_are_no_plan_pages_markers_or_scripts(project: Path) -> None:
    settings = project / "ordinarily.yml"
    settings.write_text(settings.read_text("utf-8").replace("  plans: true ", "  plans: false "),
                        "utf-8")
    site = build_site(project)
    assert not (site / "plans").exists()
    for rel in ("index.html", "universal/index.html",
                "needs/communication-and-interaction/autism/index.html"):
        page = read(site, rel)
        assert "ordinarily:plans" not in page and "data-plan-entry" not in page
        assert "plan-add.js" not in page and "plan.css" not in page


def listed_order(templates: dict[str, dict]) -> list[str]:
    """The titles in the order /plans/ should list them, worked out here from the YAML: those
    with `order:` first, lowest first, then by title."""
    return [t["title"] for t in sorted(templates.values(), key=lambda t: (
        "order" not in t, t.get("order", 0), t["title"].casefold()))]


def test_the_plans_page_lists_the_templates_in_the_councils_order(site: Path) -> None:
    written = {p.stem: yaml.safe_load(p.read_text("utf-8"))
               for p in sorted((EXAMPLE / "plans").glob("*.yml"))}
    expected = listed_order(written)
    assert expected[0] == "Individual Support Plan"  # Anytown puts its ISP first
    page = read(site, "plans/index.html")
    main = page[page.index('id="section-templates"'):page.index('class="ord-page-footer"')]
    links = [text(a) for a in re.findall(r'<a href="[^"]*/">(.*?)</a>', main, re.S)]
    assert links == expected
    # The section's menu follows the same order.
    nav = text(page[page.index('class="md-nav'):page.index('id="section-templates"')])
    assert in_order(nav, expected) and not in_order(nav, expected[::-1]), nav
