"""The accessibility crawl. The example site is built once, from a git repository of the example
with two edition tags (so the site has its editions menu and a /changes/ page that lists
changes), every HTML page it wrote is found by walking the output (and must be exactly the pages
the model says the build writes), and each is opened in headless Chromium at desktop (1280 px)
and phone (375 px) widths and checked with axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules. Axe
runs again in the interactive states: search open with results, the phone's navigation drawer
open, a checker result, finder results, a glossary note open, a need page narrowed to a phase and
the editions menu open. A state whose control is not on its page fails the crawl.

On every page and in every state the crawl also fails on a request to another origin (every
request is recorded, failed ones included), a Content-Security-Policy violation, a console error
or uncaught exception, and sideways scrolling. Every problem across the crawl is reported at the
end, with its page, width and rule, rather than stopping at the first.

Nothing is switched off or left out except through tests/axe-allowlist.yml, which gives a reason
for every entry and fails the crawl when an entry no longer matches anything."""

from __future__ import annotations

import contextlib
import datetime
import fnmatch
import re
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from history_repo import two_editions

from ordinarily.assembly.project import build, load_project
from ordinarily.core.rendering import page_url
from ordinarily.local_offer.offer_pages import browse_url, service_url
from ordinarily.review.edition_pages import with_editions
from ordinarily.review.history import build_history

from browser import AXE_TAGS, VIEWPORTS, axe_script, free_port, serve
from conftest import build_site, copy_example

ALLOWLIST = Path(__file__).with_name("axe-allowlist.yml")

# Recorded on every page before its own scripts run (an init script is not subject to the page's
# policy, so the listener is always there).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({directive: event.effectiveDirective, blocked: event.blockedURI,
    source: event.sourceFile, line: event.lineNumber, sample: event.sample});
}, true);
"""

# axe is injected by an init script too: a <script> tag added afterwards would be inline script,
# which the site's policy rightly blocks.
CHECKER = """window.__ordCheck = async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return {
    violations: result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target, html: n.html}))})),
    csp: window.__cspViolations === undefined ? null : window.__cspViolations,
    width: document.documentElement.scrollWidth,
  };
};"""

SETTLED = """() => document.getAnimations().every(a => a.playState !== "running"
  || a.effect.getComputedTiming().iterations === Infinity)"""


# --- The pages the build writes -------------------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    pages: dict[str, str]  # HTML file below the site -> what made it
    redirects: dict[str, str]  # redirect page -> the address it sends visitors to


def html_file(url: str) -> str:
    """The file MkDocs writes for a site-relative directory URL ('' is the home page)."""
    return url + "index.html"


def address(file: str) -> str:
    """The path a visitor uses for a built HTML file."""
    return "/" + (file[: -len("index.html")] if file.endswith("index.html") else file)


def expected_pages(root: Path) -> Expected:
    """Every HTML file the build of the project at `root` should write, worked out from the
    model: generated pages (with /changes/ and /editions/, which the plugin adds from the
    project's git history), hand-written pages, the Local Offer's pages rendered outside the
    MkDocs pipeline, redirect pages for retired ids, and the theme's 404 page."""
    project = load_project(root)
    output = with_editions(build(project), project, build_history(project))
    pages = {html_file(page_url(p.src)): "generated" for p in output.pages}
    content = root / "content"
    pages |= {html_file(page_url(md.relative_to(content).as_posix())): "hand-written"
              for md in content.rglob("*.md")}
    pages |= {p: "file" for p in output.files if p.endswith(".html")}
    if output.offer is not None:
        for kind, item, number in output.offer.off_page_keys():
            url = service_url(item) if kind == "service" else browse_url(kind, item, number)
            pages[html_file(url)] = "local offer"
    redirects = {}
    for r in output.redirects:
        path, _, anchor = r.new.partition("#")
        redirects[html_file(page_url(r.old))] = "/" + page_url(path) + (
            f"#{anchor}" if anchor else "")
    pages |= dict.fromkeys(redirects, "redirect")
    pages["404.html"] = "not found"
    pages["admin/index.html"] = "web forms"  # /admin/ (issue 28), on no nav and in no sitemap
    return Expected(pages, redirects)


def walked_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def differences(walked: set[str], expected: Expected) -> str:
    missing = sorted(set(expected.pages) - walked)
    extra = sorted(walked - set(expected.pages))
    return "\n".join([*(f"missing from the build: {p}" for p in missing),
                      *(f"built but not expected: {p}" for p in extra)])


# --- The allowlist --------------------------------------------------------------------------------

class AllowlistError(ValueError):
    pass


FIELDS = {"rule", "page", "selector", "viewports", "reason", "reviewed", "reviewer"}


@dataclass(frozen=True)
class Allowed:
    """One reviewed exception: a rule on a page, on an element, or on an element of a page."""

    rule: str
    reason: str
    reviewed: datetime.date
    reviewer: str
    page: str | None = None
    selector: str | None = None
    viewports: tuple[str, ...] = tuple(VIEWPORTS)

    def covers(self, rule: str, path: str, viewport: str, target: list) -> bool:
        return (rule == self.rule and viewport in self.viewports
                and (self.page is None or fnmatch.fnmatchcase(urlsplit(path).path, self.page))
                and (self.selector is None or self.selector in [str(t) for t in target]))


def parse_allowlist(data: object, source: str = "the allowlist") -> list[Allowed]:
    """The entries of an allowlist, or an AllowlistError naming every problem."""
    if data is None:
        data = []
    if not isinstance(data, list):
        raise AllowlistError(f"{source}: should be a list of entries ([] when empty)")
    entries, problems = [], []
    for number, item in enumerate(data, 1):
        where, before = f"{source}: entry {number}", len(problems)
        if not isinstance(item, dict):
            problems.append(f"{where}: should be a mapping")
            continue
        unknown = sorted(set(item) - FIELDS)
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(unknown)}")
        for name in ("rule", "reason", "reviewer"):
            value = item.get(name)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: needs a {name}")
        reviewed = item.get("reviewed")
        if isinstance(reviewed, str):
            try:
                reviewed = datetime.date.fromisoformat(reviewed)
            except ValueError:
                reviewed = None
        if not isinstance(reviewed, datetime.date):
            problems.append(f"{where}: needs the date it was reviewed (YYYY-MM-DD)")
        for name in ("page", "selector"):
            value = item.get(name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                problems.append(f"{where}: {name} should be text")
        if not item.get("page") and not item.get("selector"):
            problems.append(f"{where}: needs a page, a selector or both (a rule alone would "
                            "be switched off everywhere)")
        viewports = item.get("viewports", list(VIEWPORTS))
        if (not isinstance(viewports, list) or not viewports
                or not set(viewports) <= set(VIEWPORTS)):
            problems.append(f"{where}: viewports should be a list of {', '.join(VIEWPORTS)}")
        if len(problems) > before:
            continue
        entries.append(Allowed(rule=item["rule"], reason=item["reason"].strip(),
                               reviewed=reviewed, reviewer=item["reviewer"],
                               page=item.get("page"), selector=item.get("selector"),
                               viewports=tuple(viewports)))
    if problems:
        raise AllowlistError("\n".join(problems))
    return entries


def load_allowlist(path: Path = ALLOWLIST) -> list[Allowed]:
    return parse_allowlist(yaml.safe_load(path.read_text("utf-8")), path.name)


def allow(violations: list[dict], path: str, viewport: str, entries: list[Allowed],
          used: set[int]) -> list[dict]:
    """The violations with every node an allowlist entry covers taken out (a violation left
    with no nodes goes); the index of each entry that covered something is added to `used`."""
    kept = []
    for violation in violations:
        nodes = []
        for node in violation["nodes"]:
            hits = [i for i, e in enumerate(entries)
                    if e.covers(violation["id"], path, viewport, node["target"])]
            used.update(hits)
            if not hits:
                nodes.append(node)
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def stale(entries: list[Allowed], used: set[int], viewport: str) -> list[str]:
    return [f"allowlist entry {i + 1} ({e.rule} on {e.page or e.selector}) matched nothing "
            f"at {viewport}: remove it" for i, e in enumerate(entries)
            if viewport in e.viewports and i not in used]


# --- The crawl ------------------------------------------------------------------------------------

TABS = 2  # pages checked at once: one loads while axe runs in the other, on two cores
QUIET = 0.1  # seconds with no request open before a page counts as loaded


@dataclass(frozen=True)
class Problem:
    page: str
    state: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}{f' [{self.state}]' if self.state else ''}: {self.problem}"


@dataclass(frozen=True)
class Job:
    """A page to check: as it loads, in a state that `act` brings it to, or (with `target`)
    a redirect page that must send the visitor to `target`."""

    path: str
    state: str = ""
    act: Callable[[object], bool | None] | None = None
    target: str | None = None


def first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def off_origin(url: str, origin: str) -> bool:
    if url.startswith("data:"):
        return False
    parts = urlsplit(url[len("blob:"):] if url.startswith("blob:") else url)
    return f"{parts.scheme}://{parts.netloc}" != origin


class Tab:
    """One tab, reused for page after page, recording every request it makes (failed ones
    included, and its workers' too), console error and uncaught exception."""

    def __init__(self, context) -> None:
        self.page = context.new_page()
        self.job: Job | None = None
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.loading: set = set()
        self.page.on("request", self._request)
        self.page.on("requestfailed", self._request_ended)
        self.page.on("requestfinished", self._request_ended)
        self.page.on("console", lambda message: self._console(message))
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught error: {error}"))

    def _request(self, request) -> None:
        self.requests.append(request.url)
        self.loading.add(request)

    def _request_ended(self, request) -> None:
        self.requests.append(request.url)
        self.loading.discard(request)

    def open(self, url: str):
        """Load a page, then wait until no request is open and none starts for a moment
        (Playwright's own "networkidle" waits half a second, which adds minutes over the
        crawl). Each wait ends as soon as a request starts or ends."""
        from playwright.sync_api import TimeoutError as Timeout

        self.requests.clear()
        self.errors.clear()
        self.loading.clear()
        response = self.page.goto(url, wait_until="load")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.loading:  # until one of them ends (or fails: noticed at the next pass)
                with contextlib.suppress(Timeout):
                    self.page.wait_for_event("requestfinished", timeout=QUIET * 1000)
                continue
            try:  # none open: loaded, unless another starts within QUIET seconds
                self.page.wait_for_event("request", timeout=QUIET * 1000)
            except Timeout:
                break
        return response

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")


@dataclass
class Crawler:
    """One browser context for a viewport, with axe and the CSP listener in every page, and a
    few tabs that take the jobs in turn: while one tab loads a page the other runs axe."""

    browser: object
    origin: str
    viewport: str
    allowlist: list[Allowed] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # states whose control was not there
    checked: int = 0  # pages and states axe ran on
    followed: int = 0  # redirect pages followed

    def run(self, jobs: list[Job]) -> None:
        context = self.browser.new_context(viewport=VIEWPORTS[self.viewport])
        try:
            context.add_init_script(CSP_LISTENER)
            context.add_init_script(axe_script())
            context.add_init_script(CHECKER)
            queue = deque(jobs)
            tabs = [Tab(context) for _ in range(min(TABS, len(jobs)))]
            while queue or any(tab.job for tab in tabs):
                for tab in tabs:
                    if tab.job is not None:
                        self.finish(tab)
                    if queue:
                        self.start(tab, queue.popleft())
        finally:
            context.close()

    def problem(self, job: Job, text: str) -> None:
        self.problems.append(Problem(job.path, job.state, text))

    def start(self, tab: Tab, job: Job) -> None:
        """Open the page, bring it to its state and set axe going; or follow a redirect."""
        try:
            response = tab.open(self.origin + job.path)
            if response is None or response.status != 200:
                self.problem(job, f"answered {response.status if response else 'nothing'}")
            elif job.target is not None:
                self.followed += 1
                self.lands(tab, job)
            elif job.act is not None and job.act(tab.page) is False:
                self.absent.append(f"{job.path} [{job.state}]")
            else:
                if job.act is not None:
                    tab.page.wait_for_function(SETTLED, timeout=5000)
                tab.page.evaluate("(tags) => { window.__ordCrawl = window.__ordCheck(tags); }",
                                  AXE_TAGS)
                tab.job = job
                self.checked += 1
                return  # the traffic is looked at when axe has finished
        except Exception as exc:  # noqa: BLE001 - report it with the page and go on
            doing = "reach the state" if job.act else "check the page"
            self.problem(job, f"could not {doing}: {first_line(exc)}")
        self.traffic(tab, job)

    def lands(self, tab: Tab, job: Job) -> None:
        try:
            tab.page.wait_for_url(self.origin + job.target, timeout=5000)
        except Exception:  # noqa: BLE001 - a timeout: say where it went instead
            self.problem(job, f"lands on {tab.page.url[len(self.origin):]}, not {job.target}")

    def finish(self, tab: Tab) -> None:
        job, tab.job = tab.job, None
        try:
            result = tab.page.evaluate("() => window.__ordCrawl")
            if result is None:
                raise RuntimeError(f"the page went to {tab.page.url} before it finished")
        except Exception as exc:  # noqa: BLE001 - report it with the page and go on
            self.problem(job, f"axe did not finish: {first_line(exc)}")
            self.traffic(tab, job)
            return
        for v in allow(result["violations"], job.path, self.viewport, self.allowlist, self.used):
            targets = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
            more = f" and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else ""
            self.problem(job, f"axe {v['id']} ({v['impact']}): {v['help']} at {targets}{more}")
        if result["csp"] is None:
            self.problem(job, "the CSP listener did not run")
        for v in result["csp"] or []:
            self.problem(job, f"CSP violation of {v['directive']}: {v['blocked']} "
                              f"({v['source']}:{v['line']})")
        width = VIEWPORTS[self.viewport]["width"]
        if result["width"] > width:
            self.problem(job, f"scrolls sideways ({result['width']} px wide in a {width} px "
                              "window)")
        self.traffic(tab, job)

    def traffic(self, tab: Tab, job: Job) -> None:
        for url in sorted(set(tab.requests)):
            if off_origin(url, self.origin):
                self.problem(job, f"request to another origin: {url}")
        for error in tab.errors:
            self.problem(job, error)

    def report(self) -> str:
        lines = sorted(str(p) for p in self.problems)
        return "\n".join(lines + stale(self.allowlist, self.used, self.viewport))


# --- The interactive states -----------------------------------------------------------------------

def search_with_results(page) -> None:
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible():
        opener.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("thinking time", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    meta = page.inner_text(".md-search-result__meta")
    assert "matching" in meta, f"the search says {meta!r}"


def navigation_open(page) -> None:
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    assert page.locator(".md-sidebar--primary").is_visible(), "the drawer did not open"


def checker_result(page) -> None:
    page.locator("input[type=radio][name=ord-phase]").last.check()
    boxes = page.locator("input[data-ord-observation]:enabled")
    for n in range(3):
        boxes.nth(n).check()
    page.get_by_role("button", name="Show suggestions").click()
    page.locator("[data-ord-results] .ord-result").first.wait_for()


def finder_results(page) -> None:
    page.fill("#ord-q", "holiday")
    if page.get_attribute("[data-ord-toggle]", "aria-expanded") == "false":
        page.click("[data-ord-toggle]")  # on a phone the filters start closed
    page.check("#ord-need-autism")
    page.wait_for_function(  # announced once the results for these choices are listed
        "t => document.querySelector('[data-ord-finder-status]').textContent.includes(t)",
        arg="services found for \u201choliday\u201d with your filters")
    assert page.locator("[data-ord-finder-results] > li").count() > 0, "no results are listed"


def glossary_note_open(page) -> None:
    toggle = page.locator(".ord-term__toggle").first
    toggle.click()
    assert page.locator(f"#{toggle.get_attribute('aria-controls')}").is_visible(), \
        "the note did not open"
    assert toggle.get_attribute("aria-expanded") == "true", "the button does not say it is open"


def narrowed_to_a_phase(page) -> None:
    chosen = page.locator("#ord-phase-select").input_value()
    assert chosen == "secondary", f"the phase chosen is {chosen!r}"
    assert page.locator(".ord-entry:visible").count() < page.locator(".ord-entry").count(), \
        "every entry still shows"


def editions_menu_open(page) -> bool:
    menu = page.locator(".ord-editions__button")
    if menu.count() == 0:
        return False
    menu.first.click()
    page.locator(".ord-editions__list").first.wait_for()
    return True


NEED = "/needs/sensory-and-physical/hearing/"
STATES = [  # name, path, how to get there, the widths where the state exists
    ("search open with results", "/", search_with_results, ("desktop", "phone")),
    ("navigation open", "/", navigation_open, ("phone",)),  # the top level
    ("navigation open", NEED, navigation_open, ("phone",)),  # a section's own panel
    ("checker result shown", "/checker/", checker_result, ("desktop", "phone")),
    ("finder results shown", "/local-offer/", finder_results, ("desktop", "phone")),
    ("glossary note open", NEED, glossary_note_open, ("desktop", "phone")),
    ("narrowed to a phase", NEED + "?phase=secondary", narrowed_to_a_phase,
     ("desktop", "phone")),
    ("editions menu open", "/", editions_menu_open, ("desktop", "phone")),
]


# --- Tests ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with `mkdocs build --strict` from a git repository with two edition
    tags, so that the editions menu and a /changes/ page with changes are crawled too (the
    shared `site` fixture is not a repository and has neither)."""
    return build_site(two_editions(tmp_path_factory.mktemp("crawl") / "project"))


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def expected(site: Path) -> Expected:
    return expected_pages(site.parent)


def test_the_build_writes_exactly_the_pages_the_model_expects(site: Path,
                                                              expected: Expected) -> None:
    walked = walked_pages(site)
    assert walked == set(expected.pages), differences(walked, expected)
    assert len(walked) > 100
    assert {"changes/index.html", "editions/index.html"} <= walked
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "ord-editions__button" in home, "the crawled site has no editions menu"


def jobs(site: Path, expected: Expected, viewport: str) -> list[Job]:
    """Every page the walk finds (redirect pages once, at desktop width), then every state."""
    found = []
    for file in sorted(walked_pages(site)):
        if file not in expected.redirects:
            found.append(Job(address(file)))
        elif viewport == "desktop":
            found.append(Job(address(file), "redirect", target=expected.redirects[file]))
    return found + [Job(path, name, act) for name, path, act, widths in STATES
                    if viewport in widths]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_and_state_passes_axe_and_stays_on_the_origin(
        browser, site: Path, site_url: str, expected: Expected, viewport: str) -> None:
    started = time.perf_counter()
    crawler = Crawler(browser, site_url, viewport, load_allowlist())
    crawler.run(jobs(site, expected, viewport))
    print(f"\n{viewport}: axe ran on {crawler.checked} pages and states, "
          f"{crawler.followed} redirects followed, in {time.perf_counter() - started:.0f} s")
    assert crawler.absent == [], (
        f"at {viewport}, the control for these states is not on the page, so they were never "
        "checked: " + ", ".join(crawler.absent))
    assert crawler.report() == "", (
        f"at {viewport}, {len(crawler.problems)} problem(s):\n{crawler.report()}")


def test_a_retired_address_is_counted_and_sends_visitors_on(tmp_path: Path, browser) -> None:
    project = copy_example(tmp_path / "project")
    need = project / "needs/communication-and-interaction/autism.yml"
    need.write_text(need.read_text().replace("\ntitle:", "\nformerly: [autistic-spectrum]\n"
                                             "title:", 1))
    build_site(project)
    expected = expected_pages(project)
    old = "needs/communication-and-interaction/autistic-spectrum/"
    assert expected.redirects == {  # the need page and its family view
        f"{old}index.html": "/needs/communication-and-interaction/autism/",
        f"{old}families/index.html": "/needs/communication-and-interaction/autism/families/"}
    walked = walked_pages(project / "site")
    assert walked == set(expected.pages), differences(walked, expected)
    with serve(project / "site") as url:
        crawler = Crawler(browser, url, "desktop")
        crawler.run([Job(address(page), "redirect", target=target)
                     for page, target in expected.redirects.items()])
    assert crawler.followed == 2 and crawler.report() == ""


TINY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><main><h1>{title}</h1>{body}</main></body></html>
"""


def test_the_crawl_reports_every_kind_of_problem(tmp_path: Path, browser) -> None:
    elsewhere = f"http://127.0.0.1:{free_port()}"
    pages = {
        "one.html": ("<meta http-equiv='Content-Security-Policy' content=\"default-src 'self'\">",
                     f"<img src='blank.png'><img alt='' src='{elsewhere}/blocked.png'>"
                     "<script src='noisy.js'></script>"),
        "two.html": ("", f"<img alt='' src='{elsewhere}/fetched.png'>"
                         "<div style='width: 3000px'>wide</div>"),
        "three.html": ("", "<img src='blank.png'>"),
    }
    for name, (head, body) in pages.items():
        (tmp_path / name).write_text(TINY.format(title=name, head=head, body=body))
    (tmp_path / "blank.png").write_bytes(b"")
    (tmp_path / "noisy.js").write_text("console.error('boom'); throw new Error('bang');")
    allowlist = parse_allowlist([
        {**ENTRY, "rule": "image-alt", "page": "/three.html", "selector": None},
        {**ENTRY, "page": "/nowhere/"}])
    with serve(tmp_path) as url:
        crawler = Crawler(browser, url, "desktop", allowlist)
        crawler.run([Job(f"/{name}") for name in pages]
                    + [Job("/two.html", "menu open", lambda page: False)])
    report = crawler.report()
    for line in ["/one.html: axe image-alt (critical): Images must have alternative text at img",
                 "/one.html: CSP violation of img-src: " + elsewhere + "/blocked.png",
                 "/one.html: console error: boom", "/one.html: uncaught error: bang",
                 "/two.html: scrolls sideways (3008 px wide in a 1280 px window)",
                 f"/two.html: request to another origin: {elsewhere}/fetched.png",
                 "allowlist entry 2 (color-contrast on /nowhere/) matched nothing at desktop"]:
        assert line in report, report
    assert "three.html" not in report and crawler.used == {0}
    assert crawler.checked == 3 and crawler.absent == ["/two.html [menu open]"]


# --- The allowlist itself -------------------------------------------------------------------------

ENTRY = {"rule": "color-contrast", "page": "/local-offer/services/*", "selector": ".cost",
         "reason": "The provider's brand colour, changing in June.", "reviewed": "2026-05-01",
         "reviewer": "Accessibility lead"}
VIOLATION = {"id": "color-contrast", "impact": "serious", "help": "Contrast",
             "nodes": [{"target": [".cost"], "html": "<p>"}, {"target": [".name"], "html": "<h2>"}]}


def test_the_reviewed_allowlist_is_valid() -> None:
    assert isinstance(load_allowlist(), list)


def test_an_allowlist_entry_is_honoured_and_only_where_it_says() -> None:
    entries = parse_allowlist([ENTRY])
    used: set[int] = set()
    kept = allow([VIOLATION], "/local-offer/services/a-club/", "phone", entries, used)
    assert [n["target"] for n in kept[0]["nodes"]] == [[".name"]]
    assert used == {0} and stale(entries, used, "phone") == []
    assert allow([VIOLATION], "/local-offer/", "phone", entries, set()) == [VIOLATION]
    whole_page = parse_allowlist([{**ENTRY, "selector": None}])
    assert allow([VIOLATION], "/local-offer/services/a/", "desktop", whole_page, set()) == []
    phone_only = parse_allowlist([{**ENTRY, "viewports": ["phone"]}])
    assert allow([VIOLATION], "/local-offer/services/a/", "desktop", phone_only, set()) == [
        VIOLATION]


def test_an_allowlist_entry_that_matches_nothing_is_stale() -> None:
    entries = parse_allowlist([ENTRY])
    used: set[int] = set()
    allow([{**VIOLATION, "id": "image-alt"}], "/local-offer/services/a/", "desktop", entries,
          used)
    assert stale(entries, used, "desktop") == [
        "allowlist entry 1 (color-contrast on /local-offer/services/*) matched nothing at "
        "desktop: remove it"]
    assert stale(parse_allowlist([{**ENTRY, "viewports": ["phone"]}]), set(), "desktop") == []


@pytest.mark.parametrize(("change", "message"), [
    ({"reason": None}, "needs a reason"),
    ({"reason": "  "}, "needs a reason"),
    ({"reviewer": None}, "needs a reviewer"),
    ({"reviewed": "soon"}, "needs the date it was reviewed"),
    ({"page": None, "selector": None}, "needs a page, a selector or both"),
    ({"selector": ["#ord-q"]}, "selector should be text"),
    ({"viewports": ["tablet"]}, "viewports should be a list"),
    ({"disabled": True}, "unknown field(s) disabled"),
])
def test_an_allowlist_entry_without_its_reasons_is_refused(change: dict, message: str) -> None:
    entry = {k: v for k, v in {**ENTRY, **change}.items() if v is not None}
    with pytest.raises(AllowlistError, match=re.escape(f"entry 1: {message}")):
        parse_allowlist([entry])


def test_an_allowlist_that_is_not_a_list_is_refused() -> None:
    with pytest.raises(AllowlistError, match="should be a list"):
        parse_allowlist({"rule": "color-contrast"})
