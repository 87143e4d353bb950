"""Westmoor, the second example area (tests/examples/westmoor), differs from Anytown in every way
a fork can: five areas including medical needs, four levels of support including "targeted
plus", stages from birth to 25, its own words for tiers and phases, its own colours and logo, and
only the guide, the checker and the maintainers' guide switched on. It builds strictly with the
same engine."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_sections import page_links

from browser import describe, run_axe, serve
from conftest import ROOT, mkdocs, ordinarily

WESTMOOR = ROOT / "tests/examples/westmoor"
NEED = "needs/medical-and-health/long-term-conditions/index.html"


@pytest.fixture(scope="module")
def westmoor(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = tmp_path_factory.mktemp("westmoor") / "project"
    shutil.copytree(WESTMOOR, project)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site", result.stderr


def read(site: Path, page: str) -> str:
    return (site / page).read_text("utf-8")


def test_it_validates_with_its_own_counts() -> None:
    result = ordinarily("validate", str(WESTMOOR))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 needs, 20 provision entries, 2 glossary terms" in result.stdout


@pytest.mark.build
def test_five_areas_including_medical(westmoor: tuple[Path, str]) -> None:
    site, _ = westmoor
    areas = read(site, "needs/index.html")
    assert areas.count('id="section-area-') == 5
    assert "Medical and health needs" in areas
    assert "health and medical needs have an area of their own" in areas  # its own intro
    assert (site / NEED).exists()


@pytest.mark.build
def test_four_levels_and_stages_to_25_in_its_own_words(westmoor: tuple[Path, str]) -> None:
    site, _ = westmoor
    areas = read(site, "needs/index.html")
    assert "Each need sets out provision at four levels of support:" in areas
    need = read(site, NEED)
    for tier in ("universal", "targeted", "targeted-plus", "specialist"):
        assert f'id="tier-{tier}"' in need
    assert "Targeted plus" in need
    assert '<option value="">Every stage</option>' in need
    assert '<option value="adult-learning">Adult and further learning (19 to 25)</option>' in need
    assert 'aria-label="Stages"' in need and "Every phase" not in need
    assert "Area of need:" in need
    checker = read(site, "checker/index.html")
    assert "Which stage is the child or young person in?" in checker


@pytest.mark.build
def test_its_own_name_colours_and_logo(westmoor: tuple[Path, str]) -> None:
    site, _ = westmoor
    home = read(site, "index.html")
    assert "<title>Westmoor Inclusion Toolkit" in home
    assert re.search(r'<img src="assets/westmoor-logo\.svg"', home)
    assert (site / "assets/westmoor-logo.svg").exists()
    assert "--md-primary-fg-color: #4b2a6b;" in read(site, "assets/ordinarily/branding.css")
    assert "Westmoor Borough Council" in read(site, "accessibility/index.html")
    assert "Anytown" not in home


@pytest.mark.build
def test_switched_off_sections_leave_nothing(westmoor: tuple[Path, str]) -> None:
    site, log = westmoor
    for folder in ("local-offer", "changes", "editions", "api"):
        assert not (site / folder).exists(), folder
    links = {page: sorted(t for t in targets
                          if t.startswith(("local-offer/", "changes/", "editions/")))
             for page, targets in page_links(site).items()}
    assert {page: found for page, found in links.items() if found} == {}
    home = read(site, "index.html")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):home.index('class="md-content"')]
    assert "Local Offer" not in home and "What has changed" not in nav and "Editions" not in nav
    assert "Where do I start?" in nav and "Who to contact" in nav
    assert "finder.js" not in home and "local-offer.css" not in home
    assert "left out the link to local-offer/index.md" in log


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_its_checker_speaks_its_words_and_passes_axe(browser, westmoor: tuple[Path, str],
                                                     viewport: str) -> None:
    from browser import VIEWPORTS

    site, _ = westmoor
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    with serve(site) as url:
        page.goto(url + "/checker/", wait_until="networkidle")
        page.check("#ord-phase-adult-learning")
        page.locator("label", has_text="Misses time for appointments").click()
        page.get_by_role("button", name="Show suggestions").click()
        results = page.locator(".ord-checker__results")
        results.get_by_text("Area of need: Medical and health needs").wait_for()
        assert "Stage: Adult and further learning (ages 19 to 25)" in results.inner_text()
        assert describe(run_axe(page)) == ""
        page.goto(url + "/" + NEED.removesuffix("index.html"), wait_until="networkidle")
        assert describe(run_axe(page)) == ""
    context.close()


@pytest.mark.build
def test_generate_leaves_out_switched_off_sections_too(tmp_path: Path) -> None:
    """`ordinarily generate` writes hand-written pages as the plugin builds them: no link into a
    section that is off, and a plain MkDocs build of its output passes strictly."""
    out = tmp_path / "out"
    result = ordinarily("generate", "--out", str(out), str(WESTMOOR))
    assert result.returncode == 0, result.stderr
    home = (out / "docs/index.md").read_text("utf-8")
    assert "local-offer/" not in home and "changes.md" not in home
    assert "[Where do I start?](checker.md)" in home
    assert "local-offer" not in (out / "mkdocs.yml").read_text("utf-8")
    built = mkdocs(out, "build", "--strict")
    assert built.returncode == 0, built.stderr
