"""`ordinarily diff BASE [HEAD]`: what changed between two versions, in plain words."""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

from ordinarily.assembly.project import load_project
from ordinarily.core.problems import ContentError
from ordinarily.core.settings import SETTINGS_FILE, load_settings
from ordinarily.review import change_summary as summary
from ordinarily.review.changes import Version, compare_versions
from ordinarily.review.history import HistoryError, git, tag_pattern, version_at


def add_parser(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("diff", help="summarise what changed between two versions (git refs "
                                    "such as an edition tag, or two project folders)")
    d.add_argument("base", help="the older version: a git ref (tag, branch, commit) or folder")
    d.add_argument("head", nargs="?", default="HEAD",
                   help="the newer version (default: HEAD, the last commit; '.' for the "
                        "files as they are now)")
    d.add_argument("--format", choices=("markdown", "json"), default="markdown")
    d.add_argument("--output", help="write to this file instead of the screen")
    d.add_argument("--links", metavar="URL",
                   help="link each change to its page on a published copy of the site, for "
                        "example a pull request's preview")
    d.add_argument("--project", default=".", help="the project folder (default: here)")
    d.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.project)
    try:
        base = _version(root, args.base)
        head = _version(root, args.head)
    except (ContentError, HistoryError) as exc:
        report = exc.report() if isinstance(exc, ContentError) else str(exc)
        print(f"ordinarily diff: {report}", file=sys.stderr)
        return 1
    comparison = compare_versions(base, head)
    if args.format == "json":
        text = summary.as_json(comparison)
    else:
        link = summary.url_link(args.links) if args.links else None
        text = summary.markdown(comparison, link)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _version(root: Path, spec: str) -> Version:
    folder = Path(spec) if Path(spec).is_absolute() else root / spec
    if (folder / SETTINGS_FILE).is_file():
        name = "the files as they are now" if spec == "." else f"the folder {spec}"
        return Version.of(load_project(folder), name)
    try:
        commit = git(root, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}").strip()
    except HistoryError:
        raise HistoryError(f"'{spec}' is neither a project folder (with {SETTINGS_FILE}) nor a "
                           "git tag, branch or commit here") from None
    return version_at(root, spec, _label(root, spec, commit))


def _label(root: Path, spec: str, commit: str) -> str:
    try:
        pattern = tag_pattern(load_settings(root))
    except ContentError:
        pattern = ""
    if pattern and fnmatch.fnmatchcase(spec, pattern):
        return f"the {spec} edition"
    return f"{spec} (commit {commit[:7]})"
