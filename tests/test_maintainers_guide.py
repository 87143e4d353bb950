"""The maintainers' guide: engine-shipped pages under /maintainers/, in the council's words,
with screenshots people can read about, switched off with the rest of its section."""

from __future__ import annotations

import re
import struct
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from ordinarily.assembly.project import build, load_project
from ordinarily.sitewide.maintainers_pages import FOLDER, IMAGES, PAGES, maintainers_images

from conftest import EXAMPLE, ROOT, copy_example

WESTMOOR = ROOT / "tests/examples/westmoor"
TEMPLATES = ROOT / "plugins/ordinarily/templates" / FOLDER
IMG = re.compile(r"<img\b[^>]*>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def built_page(site: Path, name: str) -> str:
    path = site / FOLDER / ("index.html" if name == "index" else f"{name}/index.html")
    return path.read_text("utf-8")


def images_in(html: str, page_url: str) -> list[dict[str, str]]:
    found = []
    for tag in IMG.findall(html):
        attrs = dict(ATTR.findall(tag))
        attrs["path"] = urlsplit(urljoin(page_url, attrs["src"])).path.lstrip("/")
        found.append(attrs)
    return found


def test_every_page_is_built_with_its_title_and_the_councils_name(site: Path) -> None:
    for name, title, description in PAGES:
        html = built_page(site, name)
        assert "<h1" in html and unescape(title) in unescape(html), name
        assert description in unescape(html), name
    index = unescape(built_page(site, "index"))
    assert "Anytown" in index
    for name, _title, _ in PAGES[1:]:  # the index leads to every other page
        assert f'href="../{FOLDER}/{name}/"' in index or f'href="{name}/"' in index, name


def test_the_section_is_reached_from_the_footer_not_the_main_nav(site: Path) -> None:
    home = unescape((site / "index.html").read_text("utf-8"))
    footer = home[home.index('class="md-copyright'):]
    assert '<a href="maintainers/">Looking after this website</a>' in footer
    for name, _title, _ in PAGES[1:]:  # the guide's own pages are not in the site's nav
        assert f'href="maintainers/{name}/"' not in home, name


def test_each_page_of_the_section_links_to_every_other(site: Path) -> None:
    for name, title, _ in PAGES:
        html = unescape(built_page(site, name))
        nav = html[html.index('<nav aria-label="Looking after this website"'):]
        nav = nav[:nav.index("</nav>")]
        assert f"<li>{title} (this page)</li>" in nav, name
        for other, _title, _ in PAGES:
            if other != name:
                target = "../" if other == "index" else (
                    f"{other}/" if name == "index" else f"../{other}/")
                assert f'href="{target}"' in nav, (name, other)


def test_the_guide_links_to_the_councils_own_repository(site: Path) -> None:
    # From `feedback: edit_base` in the example's settings.
    assert "https://github.com/anytown-council/send-guide" in built_page(site, "fork")
    assert "https://github.com/anytown-council/send-guide" in built_page(site, "edit-on-github")


def test_screenshots_are_shown_with_alt_text_and_every_one_is_used(site: Path) -> None:
    used = set()
    for name, _, _ in PAGES:
        url = f"http://site/{FOLDER}/" + ("" if name == "index" else f"{name}/")
        for image in images_in(built_page(site, name), url):
            assert (site / image["path"]).is_file(), image["src"]
            assert len(image.get("alt", "")) >= 60, f"{name}: {image['src']} needs a description"
            used.add(image["path"])
    shipped = set(maintainers_images())
    assert shipped and used == shipped, f"unused: {shipped - used}; missing: {used - shipped}"


@pytest.mark.parametrize("path", sorted(maintainers_images()))
def test_screenshots_are_real_screenshots(path: str) -> None:
    """Full-width pictures of the site (made by scripts/maintainers_screenshots.py), not
    placeholders."""
    data = maintainers_images()[path]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 900 and height >= 500, (path, width, height)
    assert len(data) < 250_000, f"{path} is {len(data) // 1024} KB: keep the wheel small"


def test_each_page_has_a_template_and_each_template_a_page() -> None:
    templates = {p.name.removesuffix(".md.j2") for p in TEMPLATES.glob("*.md.j2")
                 if not p.name.startswith("_")}  # _section.md.j2: what every page extends
    assert templates == {name for name, _, _ in PAGES}


def test_a_site_without_its_local_offer_has_no_import_page_and_no_links_there() -> None:
    output = build(load_project(WESTMOOR))
    pages = {p.src: p.content for p in output.pages if p.src.startswith(f"{FOLDER}/")}
    assert f"{FOLDER}/index.md" in pages and f"{FOLDER}/import.md" not in pages
    entries = output.nav["maintainers"][0]["Looking after this website"]
    assert f"{FOLDER}/import.md" not in str(entries) and len(entries) == len(PAGES) - 1
    for src, text in pages.items():
        assert "import.md" not in text, src
        assert "](../changes.md" not in text and "](../local-offer/" not in text, src
        assert "Westmoor" in text or src != f"{FOLDER}/index.md"


def test_switched_off_the_section_makes_nothing(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    settings = project / "ordinarily.yml"
    settings.write_text(settings.read_text("utf-8").replace("  maintainers: true",
                                                            "  maintainers: false"), "utf-8")
    output = build(load_project(project))
    assert not [p for p in output.pages if p.src.startswith(f"{FOLDER}/")]
    assert "maintainers" not in output.nav and not output.media


def test_the_example_leaves_the_section_out_of_its_nav() -> None:
    assert "ordinarily:maintainers" not in (EXAMPLE / "mkdocs.yml").read_text("utf-8")
    assert (TEMPLATES / IMAGES).is_dir()
