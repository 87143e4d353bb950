"""/admin/ in the browser with Decap CMS's local backend (issue 28).

decap-server is installed from the npm registry into a cache folder outside the repository
(tests/decap.py), the one thing in the test suite that needs Node. Without npm these tests are
skipped, saying why; in CI (CI=true) a missing npm is a failure, never a skip.

- axe at 1280 px on the collection list and an entry's form, apart from the reviewed upstream
  faults in tests/admin-axe-allowlist.yml; every field's label is written out;
- nothing leaves the origin but the calls to the local backend, and the page's own policy
  refuses nothing the CMS needs;
- the journey: a service's age range and a provision entry's title changed through the forms
  and saved; the files validate and `ordinarily diff` reports exactly those two changes;
- the git mode: a save with the editorial workflow makes the workflow's branch (cms/...), and
  `ordinarily diff main <branch>` reports exactly the edited field.
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import decap
import pytest
import yaml
from test_crawl import allow, parse_allowlist

from browser import describe, free_port, run_axe, serve
from conftest import BIN, copy_example, mkdocs

pytestmark = [pytest.mark.browser, pytest.mark.build]

ALLOWLIST = Path(__file__).with_name("admin-axe-allowlist.yml")
SERVICE = "autism-sleep-support"
SERVICE_FILE = f"local-offer/services/{SERVICE}.yml"
NEED = "autism"
NEED_FILE = "needs/communication-and-interaction/autism.yml"
ENTRY = "make-the-day-predictable"
NEW_TITLE = "Make the day predictable and show it in pictures"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def decap_server() -> Path:
    try:
        return decap.installed()
    except decap.NoNode as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc}: in CI the local-backend tests must run (install Node.js)",
                        pytrace=False)
        pytest.skip(f"{exc}: the web forms' local-backend tests need them (Node.js 18 or "
                    "later); every other test runs without")


@dataclass
class Forms:
    url: str  # the built site, served
    project: Path  # the copy the forms save into
    before: Path  # an untouched copy, to compare with
    api: str  # decap-server's address


def _build(project: Path, port: int) -> Path:
    result = mkdocs(project, "build", "--strict", "--site-dir", str(project.parent / "site"),
                    env={"ORDINARILY_CMS_LOCAL": str(port)})
    assert result.returncode == 0, result.stderr
    return project.parent / "site"


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory, decap_server: Path) -> Iterator[Forms]:
    work = tmp_path_factory.mktemp("forms")
    project = copy_example(work / "project")
    before = copy_example(work / "before")
    port = free_port()
    site = _build(project, port)
    with decap.running(project, port) as api, serve(site) as url:
        yield Forms(url, project, before, api)


def _admin(browser, url: str, route: str):
    """A new page signed in to the forms (the local backend's Login needs no password),
    opened at a route such as '/collections/services'. Records requests and refusals."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.requests, page.refused = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda m: page.refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(url + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Needs").first.wait_for()
    page.goto("about:blank")  # a fresh load: the CMS keeps stale forms across routes
    page.goto(f"{url}/admin/#{route}")
    return page


def _list_view(browser, forms: Forms):
    page = _admin(browser, forms.url, "/collections/services")
    page.get_by_role("link", name="Sleep support for autistic children").wait_for()
    return page


def _edit_view(browser, forms: Forms):
    page = _admin(browser, forms.url, f"/collections/services/entries/{SERVICE}")
    page.get_by_label("Name", exact=True).first.wait_for()
    return page


# --- accessibility --------------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["list", "edit"])
def test_admin_passes_axe_apart_from_reviewed_upstream_faults(browser, forms: Forms,
                                                              view: str) -> None:
    page = (_list_view if view == "list" else _edit_view)(browser, forms)
    page.wait_for_timeout(500)
    entries = parse_allowlist(yaml.safe_load(ALLOWLIST.read_text("utf-8")), ALLOWLIST.name)
    used: set[int] = set()
    path = "/admin/" + ("list" if view == "list" else "edit")
    found = run_axe(page)
    left = allow(found, path, "desktop", entries, used)
    assert left == [], describe(left)
    unused = [f"{e.rule} on {e.page}" for i, e in enumerate(entries)
              if fnmatch.fnmatchcase(path, e.page or "") and i not in used]
    assert unused == [], "allowlist entries that match nothing: remove them"
    page.context.close()


def test_every_field_of_a_form_has_its_label_and_the_hints_show(browser, forms: Forms) -> None:
    page = _edit_view(browser, forms)
    labels = page.evaluate("""() => Array.from(document.querySelectorAll('label'))
        .map(l => l.textContent.trim())""")
    assert len(labels) > 30
    raw = [text for text in labels if not text or "_" in text or text != text.strip()]
    assert raw == [], "labels should be words, never a field's name"
    service = yaml.safe_load((forms.before / SERVICE_FILE).read_text("utf-8"))
    for field in ("name", "organisation", "status", "summary", "description"):
        assert field in service
    for label in ("Name", "Organisation", "Status", "Summary", "Description"):
        assert label in labels
    body = page.inner_text("body")
    assert "The organisation that runs it." in body  # a hint, from the schema's description
    page.context.close()


# --- the policy and the origin ------------------------------------------------------------------

def test_admin_stays_on_its_origin_and_the_local_backend(browser, forms: Forms) -> None:
    page = _edit_view(browser, forms)
    page.wait_for_timeout(500)
    api_origin = forms.api.removesuffix("/api/v1")
    elsewhere = [u for u in page.requests
                 if not u.startswith((forms.url + "/", api_origin + "/", "data:", "blob:",
                                      "about:"))]
    assert elsewhere == []
    assert any(u.startswith(api_origin) for u in page.requests), "the forms used the backend"
    assert page.refused == [], "the admin policy refused something the CMS needs"
    page.context.close()


# --- the journey: two edits through the forms -----------------------------------------------------

def _publish(page) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).first.click()


def _wait_for_change(path: Path, before: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text("utf-8")
        if text != before:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{path.name} did not change after saving")


def test_a_service_and_a_provision_entry_changed_through_the_forms(browser,
                                                                   forms: Forms) -> None:
    service = yaml.safe_load((forms.before / SERVICE_FILE).read_text("utf-8"))
    ages_to = service["ages"]["to"]
    need = yaml.safe_load((forms.before / NEED_FILE).read_text("utf-8"))
    entry = next(e for e in need["provision"] if e["id"] == ENTRY)

    page = _edit_view(browser, forms)
    to = page.get_by_label("To", exact=True)
    assert to.input_value() == str(ages_to)
    to.fill(str(ages_to + 1))
    old = (forms.project / SERVICE_FILE).read_text("utf-8")
    _publish(page)
    _wait_for_change(forms.project / SERVICE_FILE, old)
    page.context.close()

    page = _admin(browser, forms.url, f"/collections/needs/entries/{NEED}")
    field = f'input[value="{entry["title"]}"]'  # the entry's title, in its folded list item
    item = page.locator('[class*="SortableListItem"]', has=page.locator(field)).last
    item.locator('[class*="TopBar"] button').first.click()  # unfold it
    title = page.locator(field)
    title.first.fill(NEW_TITLE)
    old = (forms.project / NEED_FILE).read_text("utf-8")
    _publish(page)
    _wait_for_change(forms.project / NEED_FILE, old)
    page.context.close()

    validated = subprocess.run([str(BIN / "ordinarily"), "validate", str(forms.project)],
                               capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    diff = subprocess.run([str(BIN / "ordinarily"), "diff", str(forms.before),
                           str(forms.project), "--format", "json",
                           "--project", str(forms.project)], capture_output=True, text=True)
    assert diff.returncode == 0, diff.stderr
    changes = json.loads(diff.stdout)["changes"]
    found = sorted((c["kind"], c["id"], c["change"], json.dumps(c.get("fields"))) for c in changes)
    assert found == sorted([
        ("service", SERVICE, "changed", json.dumps(
            {"ages": {"before": [service["ages"]["from"], ages_to],
                      "after": [service["ages"]["from"], ages_to + 1]}})),
        ("provision", ENTRY, "reworded", json.dumps(
            {"title": {"before": entry["title"], "after": NEW_TITLE}})),
    ]), json.dumps(changes, indent=1)


# --- the git mode: the editorial workflow's branch ------------------------------------------------

def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                           text=True, env=env).stdout


@pytest.fixture(scope="module")
def git_forms(tmp_path_factory: pytest.TempPathFactory, decap_server: Path) -> Iterator[Forms]:
    work = tmp_path_factory.mktemp("git-forms")
    repo = copy_example(work / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "Officer")
    _git(repo, "config", "user.email", "officer@example.org")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "The example")
    port = free_port()
    site = _build(repo, port)  # beside the repository, not in it
    with decap.running(repo, port, git=True) as api, serve(site) as url:
        yield Forms(url, repo, repo, api)


def test_in_git_mode_a_save_makes_the_workflow_branch_with_only_that_change(
        browser, git_forms: Forms) -> None:
    repo = git_forms.project
    service = yaml.safe_load((repo / SERVICE_FILE).read_text("utf-8"))
    ages_to = service["ages"]["to"]
    page = _admin(browser, git_forms.url, f"/collections/services/entries/{SERVICE}")
    to = page.get_by_label("To", exact=True)
    to.fill(str(ages_to + 1))
    page.get_by_role("button", name="Save", exact=True).click()
    branch = f"cms/services/{SERVICE}"
    deadline = time.monotonic() + 30

    def saved() -> bool:  # the branch has the save's commit, and the server is back on main
        if branch not in _git(repo, "branch", "--list", "cms/*"):
            return False
        return bool(_git(repo, "rev-list", f"main..{branch}").strip()) and _git(
            repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"

    while not saved():
        assert time.monotonic() < deadline, "the save made no branch with a commit"
        time.sleep(0.3)
    page.context.close()
    assert _git(repo, "status", "--porcelain") == "", "the working tree is left as it was"
    diff = subprocess.run([str(BIN / "ordinarily"), "diff", "main", branch, "--format", "json",
                           "--project", str(repo)], capture_output=True, text=True)
    assert diff.returncode == 0, diff.stderr
    changes = json.loads(diff.stdout)["changes"]
    assert [(c["kind"], c["id"], c["change"], c.get("fields")) for c in changes] == [
        ("service", SERVICE, "changed",
         {"ages": {"before": [service["ages"]["from"], ages_to],
                   "after": [service["ages"]["from"], ages_to + 1]}})]


# --- values of several shapes: shown as they are, saved exactly --------------------------------

SHAPED = "family-information-service"  # the example says needs: all, free: true
SHAPED_FILE = f"local-offer/services/{SHAPED}.yml"
PHONE = {"width": 375, "height": 740}
UNSTATED = "anyshire-minds-wellbeing-drop-in"  # the example gives its ages and contact
UNSTATED_FILE = f"local-offer/services/{UNSTATED}.yml"


@pytest.fixture(scope="module")
def shaped_forms(tmp_path_factory: pytest.TempPathFactory, decap_server: Path) -> Iterator[Forms]:
    """A copy of the example whose Family Information Service does not say whether it is
    free (`free: not stated`), as a council's source often does not."""
    work = tmp_path_factory.mktemp("shaped-forms")
    project = copy_example(work / "project")
    path = project / SHAPED_FILE
    text = path.read_text("utf-8")
    assert "\nfree: true\n" in text and "\nneeds: all\n" in text
    path.write_text(text.replace("\nfree: true\n", "\nfree: not stated\n"), "utf-8")
    _say_not_stated(project / UNSTATED_FILE)
    port = free_port()
    site = _build(project, port)
    with decap.running(project, port) as api, serve(site) as url:
        yield Forms(url, project, project, api)


def _say_not_stated(path: Path) -> None:
    """The service's file says `ages: not stated` and `contact: not stated`, as a source that
    gives neither would; every other line stays as the example has it."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    ages = lines.index("ages: {from: 11, to: 25}\n")
    lines[ages] = "ages: not stated\n"
    contact = lines.index("contact:\n")
    end = contact + 1
    while lines[end].startswith("  "):
        end += 1
    assert end - contact == 5, "the example's contact has four lines under it"
    lines[contact:end] = ["contact: not stated\n"]
    path.write_text("".join(lines), "utf-8")


def _as_text(path: Path) -> dict:
    """The file's values as text (PyYAML's BaseLoader): the CMS may write `"17:00"` as
    `17:00` or re-quote a string, which is the same value in the file."""
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def _refused(page, path: Path, message: str) -> None:
    """Publish: the form refuses, saying `message`, and the file is unchanged."""
    old = path.read_text("utf-8")
    _publish(page)
    page.get_by_text(message, exact=False).first.wait_for()
    assert path.read_text("utf-8") == old


def _saved(page, path: Path) -> None:
    """Publish, wait for the file to change, and close the page."""
    old = path.read_text("utf-8")
    _publish(page)
    _wait_for_change(path, old)
    page.context.close()


def _only_changed(path: Path, before: dict, field: str) -> str:
    """Every value but `field` is as `before` (as text); returns `field`'s new text."""
    after = _as_text(path)
    value = after.pop(field)
    assert after == {k: v for k, v in before.items() if k != field}, \
        f"nothing but {field} changed"
    return value


def _focused_label(page) -> str:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const label = el && el.labels && el.labels[0];
        return label ? label.textContent.trim() : '';
    }""")


def test_not_stated_and_all_show_as_they_are_and_a_save_writes_exactly_the_pick(
        browser, shaped_forms: Forms) -> None:
    path = shaped_forms.project / SHAPED_FILE
    before = yaml.safe_load(path.read_text("utf-8"))
    assert before["free"] == "not stated" and before["needs"] == "all"
    assert before["access"]["self_referral"] is True
    assert before["access"]["diagnosis_needed"] is False
    before_text = _as_text(path)

    page = _admin(browser, shaped_forms.url, f"/collections/services/entries/{SHAPED}")
    free = page.get_by_role("group", name="Free to families")
    free.wait_for()
    checked = {name: free.get_by_role("radio", name=name, exact=True).is_checked()
               for name in ("Yes", "No", "Not stated")}
    assert checked == {"Yes": False, "No": False, "Not stated": True}, "never a guess"
    for group, said in (("Families can refer themselves", "Yes"),
                        ("A diagnosis is needed", "No")):
        radios = page.get_by_role("group", name=group)
        assert radios.get_by_role("radio", name=said, exact=True).is_checked(), group
    needs = page.get_by_role("group", name="Needs", exact=True)
    assert needs.get_by_role("radio", name="All", exact=True).is_checked()
    assert not needs.get_by_role("radio", name="Not stated", exact=True).is_checked()
    assert not needs.get_by_role("radio", name="Choose:", exact=True).is_checked()
    assert needs.get_by_role("checkbox").count() == 0, "'All' shows no ticked list"

    # By keyboard, as a user without a mouse: Tab from the places into this group lands on
    # its chosen button; the left arrow picks the one before it.
    page.get_by_role("group", name="Places", exact=True).get_by_role(
        "radio", name="All", exact=True).focus()
    page.keyboard.press("Tab")
    assert _focused_label(page) == "Not stated"
    page.keyboard.press("ArrowLeft")
    assert _focused_label(page) == "No"
    assert free.get_by_role("radio", name="No", exact=True).is_checked()
    assert not free.get_by_role("radio", name="Not stated", exact=True).is_checked()

    _saved(page, path)

    after = yaml.safe_load(path.read_text("utf-8"))
    assert after["free"] is False
    assert after["needs"] == "all"
    assert _only_changed(path, before_text, "free") == "false"


def test_choose_shows_the_councils_needs_to_tick_and_saves_the_list(
        browser, shaped_forms: Forms) -> None:
    path = shaped_forms.project / SHAPED_FILE
    titles = {p.stem: yaml.safe_load(p.read_text("utf-8"))["title"]
              for p in (shaped_forms.project / "needs").glob("*/*.yml")}
    before_text = _as_text(path)
    assert before_text["needs"] == "all"
    picked = ["hearing", "autism"]  # in the order ticked, not the list's
    assert all(p in titles for p in picked)

    page = _admin(browser, shaped_forms.url, f"/collections/services/entries/{SHAPED}")
    needs = page.get_by_role("group", name="Needs", exact=True)
    needs.get_by_role("radio", name="Choose:", exact=True).check()
    boxes = needs.get_by_role("checkbox")
    shown = [b.evaluate("(el) => el.labels[0].textContent") for b in boxes.all()]
    assert sorted(shown) == sorted(titles.values()), "every need, by its title"
    assert not any(b.is_checked() for b in boxes.all())
    _refused(page, path, "tick at least one")  # "Choose:" with nothing ticked
    for need in picked:
        needs.get_by_role("checkbox", name=titles[need], exact=True).check()
    _saved(page, path)

    assert yaml.safe_load(path.read_text("utf-8"))["needs"] == picked
    _only_changed(path, before_text, "needs")


def test_ages_and_contact_not_stated_show_as_they_are_and_details_save_as_given(
        browser, shaped_forms: Forms) -> None:
    """A file that says `ages: not stated` and `contact: not stated` shows "Not stated" chosen
    for both, never empty boxes; "Give the details:" shows the ages' boxes, a number the schema
    refuses is refused on save, and 5 to 11 is saved as numbers with nothing else changed."""
    path = shaped_forms.project / UNSTATED_FILE
    before = yaml.safe_load(path.read_text("utf-8"))
    assert before["ages"] == "not stated" and before["contact"] == "not stated"
    before_text = _as_text(path)

    page = _admin(browser, shaped_forms.url, f"/collections/services/entries/{UNSTATED}")
    ages = page.get_by_role("group", name="Ages", exact=True)
    contact = page.get_by_role("group", name="Contact", exact=True)
    ages.wait_for()
    for group in (ages, contact):
        assert group.get_by_role("radio", name="Not stated", exact=True).is_checked()
        assert not group.get_by_role("radio", name="Give the details:", exact=True).is_checked()
        assert group.get_by_role("textbox").count() == 0, "'Not stated' shows no boxes"

    ages.get_by_role("radio", name="Give the details:", exact=True).check()
    boxes = ages.get_by_role("textbox")
    labels = [b.evaluate("(el) => el.labels[0].textContent") for b in boxes.all()]
    assert labels == ["From", "To"]
    assert all(b.is_visible() for b in boxes.all())
    assert [b.input_value() for b in boxes.all()] == ["", ""]
    ages.get_by_label("From", exact=True).fill("5")
    ages.get_by_label("To", exact=True).fill("26")  # over the schema's 25: refused
    _refused(page, path, "must be a whole number from 0 to 25")
    ages.get_by_label("To", exact=True).fill("11")
    _saved(page, path)

    after = yaml.safe_load(path.read_text("utf-8"))
    assert after["ages"] == {"from": 5, "to": 11}
    assert after["contact"] == "not stated"
    _only_changed(path, before_text, "ages")


def test_the_details_form_passes_axe_works_by_keyboard_and_saves_only_what_is_given(
        browser, shaped_forms: Forms) -> None:
    """The contact's boxes, each labelled, reached by keyboard; axe finds nothing new; an
    email the schema refuses is refused on save, naming the box; the save writes the one
    detail given, never empty words for the others."""
    path = shaped_forms.project / UNSTATED_FILE
    before_text = _as_text(path)
    assert before_text["contact"] == "not stated"
    page = _admin(browser, shaped_forms.url, f"/collections/services/entries/{UNSTATED}")
    contact = page.get_by_role("group", name="Contact", exact=True)
    contact.get_by_role("radio", name="Not stated", exact=True).focus()
    page.keyboard.press("ArrowRight")
    assert _focused_label(page) == "Give the details:"
    assert contact.get_by_role("radio", name="Give the details:", exact=True).is_checked()
    page.keyboard.press("Tab")
    assert _focused_label(page) == "Phone"
    page.keyboard.type("01632 96")
    page.keyboard.press("Tab")
    assert _focused_label(page) == "Email"
    hint = contact.get_by_label("Phone", exact=True).evaluate(
        "(el) => document.getElementById(el.getAttribute('aria-describedby')).textContent")
    assert hint == "A phone number, digits and spaces, e.g. 01632 960123."
    entries = parse_allowlist(yaml.safe_load(ALLOWLIST.read_text("utf-8")), ALLOWLIST.name)
    left = allow(run_axe(page), "/admin/edit", "desktop", entries, set())
    assert left == [], describe(left)
    contact.scroll_into_view_if_needed()
    page.screenshot(path=str(shaped_forms.project.parent / "details.png"))  # to look at

    contact.get_by_label("Phone", exact=True).fill("01632 960123")
    contact.get_by_label("Email", exact=True).fill("drop-in at the youth space")
    _refused(page, path, "“Email”: An email address.")
    contact.get_by_label("Email", exact=True).fill("")
    _saved(page, path)
    assert yaml.safe_load(path.read_text("utf-8"))["contact"] == {"phone": "01632 960123"}
    _only_changed(path, before_text, "contact")
