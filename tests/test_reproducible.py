"""Two builds of the same commit are byte-identical, even two days apart on the clock.

The second build runs under faketime, and a hook in the build records the clock the build saw,
so the test knows the clock really moved. The two outputs are compared file by file, byte by
byte, with nothing left out (filecmp.dircmp would skip names such as `tags`, `CVS` and `.git`)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN, copy_example

pytestmark = pytest.mark.build  # Builds the example twice.

TWO_DAYS = 2 * 86400
COMMITTED = "2026-10-01T12:00:00Z"

# A MkDocs hook that writes the time the build's own process sees to the file named by
# ORD_TEST_CLOCK (outside the site, so the output is not touched).
CLOCK_HOOK = '''
import os
import time


def on_post_build(config, **kwargs):
    with open(os.environ["ORD_TEST_CLOCK"], "w", encoding="utf-8") as out:
        out.write(repr(time.time()))
'''


def git(project: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED}
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)


def build(project: Path, out: Path, faketime: str | None = None) -> float:
    """Build into `out`; the time on the build's clock as it finished."""
    clock = out.with_name(out.name + ".clock")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["ORD_TEST_CLOCK"] = str(clock)
    command = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)]
    if faketime:
        command = ["faketime", faketime, *command]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    return float(clock.read_text(encoding="utf-8"))


def kind(path: Path) -> str:
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return f"a link to {os.readlink(path)}"
    return "a folder" if stat.S_ISDIR(mode) else "a file" if stat.S_ISREG(mode) else "special"


def entries(root: Path) -> dict[str, Path]:
    """Every file, folder and link below `root` (hidden ones too), by relative path; links
    are not followed."""
    found = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = path
    return found


def same_bytes(a: Path, b: Path) -> bool:
    with a.open("rb") as left, b.open("rb") as right:
        while True:
            one, two = left.read(1 << 16), right.read(1 << 16)
            if one != two:
                return False
            if not one:
                return True


def differences(a: Path, b: Path) -> list[str]:
    """Every difference between two trees: a name in one only, a different kind of entry, or
    different bytes. No name is ignored."""
    left, right = entries(a), entries(b)
    found = [f"only in {a.name}: {n}" for n in sorted(set(left) - set(right))]
    found += [f"only in {b.name}: {n}" for n in sorted(set(right) - set(left))]
    for name in sorted(set(left) & set(right)):
        one, two = kind(left[name]), kind(right[name])
        if one != two:
            found.append(f"{name}: {one} in {a.name}, {two} in {b.name}")
        elif one == "a file" and not same_bytes(left[name], right[name]):
            found.append(f"{name}: the bytes differ")
    return found


def test_the_comparison_leaves_no_name_out(tmp_path: Path) -> None:
    """filecmp.dircmp's default ignore list (RCS, CVS, tags, .git, ...) would hide these."""
    a, b = tmp_path / "a", tmp_path / "b"
    for root, text in ((a, "one"), (b, "two")):
        (root / "docs" / ".git").mkdir(parents=True)
        (root / "tags").write_text(text)
        (root / "docs" / "CVS").write_text("same")
        (root / "docs" / ".git" / "HEAD").write_text(text)
    (b / "__pycache__").mkdir()
    (a / "RCS").write_text("a file here")
    (b / "RCS").mkdir()
    (a / "same").write_text("x" * 100_000)
    (b / "same").write_text("x" * 99_999 + "y")
    assert differences(a, b) == ["only in b: __pycache__", "RCS: a file in a, a folder in b",
                                 "docs/.git/HEAD: the bytes differ", "same: the bytes differ",
                                 "tags: the bytes differ"]
    assert differences(a, a) == []


def test_builds_are_byte_identical_across_days(tmp_path: Path) -> None:
    if not shutil.which("faketime"):
        if os.environ.get("CI"):
            pytest.fail("faketime is missing: scripts/ensure-test-tools.sh installs it")
        pytest.skip("faketime is not installed: run 'make test'")
    project = copy_example(tmp_path / "project")
    (tmp_path / "clock_hook.py").write_text(CLOCK_HOOK, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nhooks:\n  - {tmp_path / 'clock_hook.py'}\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@example.org.uk",
        "commit", "-q", "-m", "content")
    started = time.time()
    first = build(project, tmp_path / "first")
    second = build(project, tmp_path / "second", faketime="+2 days")
    finished = time.time()
    assert started <= first <= finished, "the first build's clock is not the real one"
    moved = second - first
    assert TWO_DAYS <= moved <= TWO_DAYS + (finished - started), (
        f"the second build's clock was {moved / 3600:.2f} hours after the first's, not two "
        "days: faketime did not move it")
    found = differences(tmp_path / "first", tmp_path / "second")
    assert found == [], "the builds differ:\n" + "\n".join(found)
    sitemap = (tmp_path / "first/sitemap.xml").read_text()
    assert "<lastmod>2026-10-01</lastmod>" in sitemap
