"""/admin/: the vendored Decap CMS, the admin page, its own policy, and what stays out of it.

Fast tests here; the built site and the browser are in test_admin_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from ordinarily.assembly.project import Project, load_project
from ordinarily.cms import vendored
from ordinarily.cms.admin_page import admin_files
from ordinarily.core.problems import ContentError
from ordinarily.core.yamlfile import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "plugins" / "ordinarily" / "cms" / "vendor" / "decap-cms"


# --- the vendored CMS ---------------------------------------------------------------------------

def test_vendored_files_match_their_record() -> None:
    data = json.loads((VENDOR / "vendored.json").read_text("utf-8"))
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
               for p in VENDOR.iterdir() if p.is_file() and p.name != "vendored.json"}
    assert on_disk == data["files"]
    assert data["package"] == "decap-cms" and data["version"].startswith("3.16.")
    assert data["integrity"].startswith("sha512-")
    assert len(base64.b64decode(data["integrity"].removeprefix("sha512-"))) == 64
    assert data["tarball"] == (f"https://registry.npmjs.org/decap-cms/-/decap-cms-"
                               f"{data['version']}.tgz")
    assert vendored.mismatches() == []


def test_vendored_bundle_is_the_recorded_version_with_its_licences() -> None:
    version = json.loads((VENDOR / "vendored.json").read_text("utf-8"))["version"]
    tail = (VENDOR / "decap-cms.js").read_bytes()[-400:].decode("utf-8", "replace")
    assert f'"decap-cms {version}"' in tail
    assert "MIT License" in (VENDOR / "LICENSE").read_text("utf-8")
    assert (VENDOR / "decap-cms.js.LICENSE.txt").stat().st_size > 1000
    assert not list(VENDOR.glob("*.map")), "source maps are not vendored"


def test_a_changed_or_extra_vendored_file_is_named(tmp_path: Path) -> None:
    copy = tmp_path / "decap-cms"
    shutil.copytree(VENDOR, copy)
    (copy / "103.decap-cms.js").write_bytes(b"changed")
    (copy / "extra.js").write_bytes(b"")
    (copy / "LICENSE").unlink()
    assert vendored.mismatches(copy) == [
        f"extra.js: not in {vendored.RECORD}",
        f"103.decap-cms.js: its sha256 differs from {vendored.RECORD}",
        f"LICENSE: listed in {vendored.RECORD} but missing",
    ]


@pytest.mark.parametrize("name", ["decap-cms.js", "LICENSE"])
def test_every_vendored_file_is_package_data(name: str) -> None:
    """The wheel ships the vendored folder (pyproject's package data names it)."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"cms/vendor/**/*"' in text
    assert (VENDOR / name).is_file()


# --- the admin page -----------------------------------------------------------------------------

EDITING = """
editing:
  repository: anytown-council/send-guide
  branch: live
  base_url: https://cms-auth.example.org.uk
"""


def _with_editing(project: Path, block: str = EDITING) -> Project:
    settings = project / "ordinarily.yml"
    settings.write_text(settings.read_text("utf-8") + block, encoding="utf-8")
    return load_project(project)


def _meta_policy(html: str) -> str:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(found) == 1
    return found[0].replace("&#39;", "'")


def test_without_editing_settings_admin_says_it_is_not_set_up(project: Path) -> None:
    files = admin_files(load_project(project), {})
    assert set(files) == {"admin/index.html"}, "no CMS and no configuration to load"
    html = files["admin/index.html"].decode("utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Editing is not set up" in text
    assert "Add an editing: block to ordinarily.yml" in text
    assert "make edit" in text
    assert "<script" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'href="../maintainers/edit-with-forms/"' in html


def test_with_editing_settings_admin_loads_the_cms_with_github_and_the_workflow(
        project: Path) -> None:
    files = admin_files(_with_editing(project), {})
    config = yaml.safe_load(files["admin/config.yml"])
    assert config["backend"] == {"name": "github", "repo": "anytown-council/send-guide",
                                 "branch": "live", "base_url": "https://cms-auth.example.org.uk",
                                 "auth_endpoint": "auth"}
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    assert {c["name"] for c in config["collections"]} >= {"needs", "services", "glossary"}
    html = files["admin/index.html"].decode("utf-8")
    assert '<script src="decap-cms/decap-cms.js"></script>' in html
    assert html.index("<body>") < html.index("<script"), "the CMS runs once the body exists"
    policy = _meta_policy(html).split("; ")
    assert "connect-src 'self' https://api.github.com" in policy
    assert "script-src 'self' 'unsafe-eval'" in policy
    bundle = (VENDOR / "decap-cms.js").read_bytes()
    assert files["admin/decap-cms/decap-cms.js"] == bundle
    assert sum(name.startswith("admin/decap-cms/") for name in files) == len(
        json.loads((VENDOR / "vendored.json").read_text("utf-8"))["files"])


def test_under_make_edit_admin_uses_the_local_backend_on_its_port(project: Path) -> None:
    files = admin_files(load_project(project), {"ORDINARILY_CMS_LOCAL": "9123"})
    config = yaml.safe_load(files["admin/config.yml"])
    assert config["backend"] == {"name": "proxy", "proxy_url": "http://localhost:9123/api/v1",
                                 "branch": "main"}
    assert config["local_backend"] == {"url": "http://localhost:9123/api/v1"}
    policy = _meta_policy(files["admin/index.html"].decode("utf-8")).split("; ")
    assert "connect-src 'self' http://localhost:9123" in policy
    default = admin_files(load_project(project), {"ORDINARILY_CMS_LOCAL": "1"})
    assert b"http://localhost:8081/api/v1" in default["admin/config.yml"]


def test_a_bad_local_backend_setting_is_named(project: Path) -> None:
    with pytest.raises(ContentError) as caught:
        admin_files(load_project(project), {"ORDINARILY_CMS_LOCAL": "localhost"})
    assert caught.value.report() == (
        "ORDINARILY_CMS_LOCAL: expected 1 (decap-server on port 8081) or decap-server's port "
        "number, not 'localhost'")


def test_editing_settings_need_the_repository_and_the_sign_in_helper(project: Path) -> None:
    with pytest.raises(ContentError) as caught:
        _with_editing(project, "\nediting:\n  repository: anytown-council/send-guide\n")
    report = caught.value.report()
    assert report.startswith("ordinarily.yml:")
    assert "base_url" in report


def test_a_time_written_without_quotes_stays_text() -> None:
    """Decap CMS writes YAML 1.2, where 21:00 is text; YAML 1.1 would read the number 1260."""
    data = parse_yaml("opens: 09:30\ncloses: 21:00\nminutes: 90\nhours: 1.5\n", "x.yml").data
    assert data == {"opens": "09:30", "closes": "21:00", "minutes": 90, "hours": 1.5}


# --- the built site (the shared example build) --------------------------------------------------

def test_admin_is_built_but_kept_out_of_sitemap_search_and_navigation(site: Path) -> None:
    assert (site / "admin" / "index.html").is_file()
    assert sorted(p.name for p in (site / "admin").iterdir()) == ["index.html"], \
        "the example sets no editing: so neither the CMS nor its configuration is published"
    assert "/admin" not in (site / "sitemap.xml").read_text("utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert [d["location"] for d in index["docs"] if d["location"].startswith("admin")] == []
    linking = []
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        for href in re.findall(r'href="([^"]*)"', page.read_text("utf-8")):
            target = urlsplit(urljoin("http://site/" + rel, href))
            if target.netloc == "site" and target.path.startswith("/admin"):
                linking.append(rel)
    assert linking == [], "no page of the site links to /admin/"


def test_providers_keep_the_account_free_routes_on_service_pages(site: Path) -> None:
    html = (site / "local-offer/services/autism-sleep-support/index.html").read_text("utf-8")
    footer = html[html.index("Report a problem with this listing"):]
    footer = footer[:footer.index("</p>")]
    assert "Use the online form</a>" in footer and 'href="mailto:send.guide@' in footer
