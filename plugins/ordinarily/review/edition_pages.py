"""The /changes/ and /editions/ pages: what changed since the last edition, and every edition."""

from __future__ import annotations

from dataclasses import replace

from ordinarily.assembly.project import Output, Project
from ordinarily.core.rendering import Page
from ordinarily.guide.pages import PageBuilder
from ordinarily.review import change_summary as summary
from ordinarily.review.deployment import edition_url
from ordinarily.review.history import History

CHANGES_SRC = "changes.md"
EDITIONS_SRC = "editions/index.md"


def edition_pages(project: Project, history: History, edition: str = "") -> list[Page]:
    """Both pages, or none when the council switches the section off (sections: changes)."""
    if not project.settings.on("changes"):
        return []
    builder = PageBuilder(project.guide, project.settings)
    return [_changes_page(builder, history, edition),
            _editions_page(builder, project, history, edition)]


def edition_nav(project: Project) -> list:
    if not project.settings.on("changes"):
        return []
    return [{"What has changed": CHANGES_SRC}, {"Editions": EDITIONS_SRC}]


def _changes_page(builder: PageBuilder, history: History, edition: str) -> Page:
    body = ""
    if history.comparison is not None:
        body = summary.markdown(history.comparison, summary.site_link(CHANGES_SRC), level=1,
                                title=False)
    return builder.render("pages/changes.md.j2", CHANGES_SRC, "What has changed", "changes",
                          None, description="What has changed in the guide since the last "
                          "edition, in plain words.", history=history, edition=edition,
                          body=summary.Markup(body), more=_changes_made_from(history))


def _editions_page(builder: PageBuilder, project: Project, history: History,
                   edition: str) -> Page:
    live = project.settings.site_url
    items = [{"tag": e.tag, "day": e.day, "url": edition_url(live, e.tag),
              "current": e.tag == edition} for e in history.editions]
    return builder.render("pages/editions.md.j2", EDITIONS_SRC, "Editions of the guide",
                          "editions", None, description="Earlier editions of the guide, kept "
                          "for reference.", items=items, live=live, edition=edition,
                          history_folder=history.folder, changes_link="../changes.md",
                          more=EDITIONS_MADE_FROM)


EDITIONS_MADE_FROM = ("This list is made from the site's history: each edition is a version the "
                      "partnership approved and published with its name (a git tag matching "
                      "'editions: tags' in ordinarily.yml). To change the guide, change its "
                      "files: each page names its own at its foot.")


def _changes_made_from(history: History) -> str:
    """Where the list of changes comes from, for the page's footer."""
    if history.folder:
        older = (f"the previous edition's files in the folder {history.folder}/ "
                 "('editions: previous' in ordinarily.yml)")
    elif history.base is not None:
        older = f"the {history.base.tag} edition (a git tag)"
    else:
        older = "the newest edition, once there is one (a git tag)"
    return ("This page is made by comparing the guide's files, the Local Offer's files, "
            f"the information pages and ordinarily.yml with {older}. To change what it lists, "
            "change those files: each page names its own at its foot.")


def with_editions(output: Output, project: Project, history: History,
                  edition: str = "") -> Output:
    """The output with the /changes/ and /editions/ pages and their nav added."""
    return replace(output, pages=output.pages + edition_pages(project, history, edition),
                   nav={**output.nav, "changes": edition_nav(project)})
