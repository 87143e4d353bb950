"""Service and browse pages rendered outside MkDocs' page pipeline: filling the theme's shell
gives exactly what rendering each page in the theme gives."""

from __future__ import annotations

import os

import pytest
from mkdocs.commands.build import get_files
from mkdocs.config import load_config
from mkdocs.structure.nav import get_navigation

from ordinarily.adapter.mkdocs_offpages import Shells
from ordinarily.local_offer.offer_pages import OffPage


@pytest.fixture(scope="module")
def shells(tmp_path_factory: pytest.TempPathFactory) -> tuple[Shells, object]:
    from conftest import copy_example

    project = copy_example(tmp_path_factory.mktemp("shells") / "project")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = get_navigation(files, config)
    plugin = config.plugins["ordinarily"]
    return Shells(config, nav, files), plugin.output.offer


def test_a_filled_shell_is_the_page_the_theme_renders(shells) -> None:
    renderer, offer = shells
    keys = offer.off_page_keys()
    sample = [k for k in keys if k[0] == "service"][:5] + [k for k in keys if k[0] != "service"][:5]
    for key in sample:
        page = offer.off_page(key)
        assert renderer.render(page) == renderer.full(page), key


def test_titles_and_descriptions_are_escaped(shells) -> None:
    renderer, _ = shells
    page = OffPage(url="local-offer/services/test/", title="Tom & Jerry <Club>",
                   description='Say "hello" & <b>wave</b>', body="<h1>Tom</h1>")
    html = renderer.render(page)
    assert "<title>Tom &amp; Jerry &lt;Club&gt; - " in html
    assert 'content="Say &#34;hello&#34; &amp; &lt;b&gt;wave&lt;/b&gt;"' in html
    assert "<Club>" not in html
