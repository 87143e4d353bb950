"""`ordinarily publish`: build the site and deploy it to one folder of the Pages branch.

Each deploy replaces only its own folder: the live site the root (keeping `editions/` and
`previews/`), an edition `editions/<tag>/`, a preview `previews/pr-<n>/`. The new tree is made
with git's plumbing from the branch as fetched from the remote, so nothing else is touched and
no working copy of the branch is needed; a push that loses a race is retried on the new tip.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ordinarily.core.problems import ContentError
from ordinarily.core.settings import load_settings
from ordinarily.review.deployment import (
    EDITION_VARIABLE,
    EDITIONS_DIR,
    PREVIEW_VARIABLE,
    PREVIEWS_DIR,
    Deployment,
    from_environment,
)
from ordinarily.review.history import (
    HistoryError,
    editions,
    git,
    is_repository,
    is_shallow,
    pages_branch,
)
from ordinarily.review.history import tag_pattern as edition_pattern

ATTEMPTS = 3
IDENTITY = {"GIT_AUTHOR_NAME": "Ordinarily publish", "GIT_COMMITTER_NAME": "Ordinarily publish",
            "GIT_AUTHOR_EMAIL": "publish@ordinarily.invalid",
            "GIT_COMMITTER_EMAIL": "publish@ordinarily.invalid"}


class PublishError(Exception):
    """Publishing cannot go ahead; the message says why and what to do."""


CUSTOM_DOMAIN_FILE = "CNAME"


@dataclass(frozen=True)
class Target:
    remote: str
    branch: str


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="build the site and deploy it to its own folder of the "
                                       "Pages branch (live site, edition or preview)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--edition", help="archive this edition tag under /editions/<tag>/, then "
                                         "redeploy the live site so its editions list it")
    which.add_argument("--preview", help="deploy a pull request's preview under "
                                         "/previews/pr-<n>/")
    p.add_argument("--site", help="deploy this already built folder instead of building")
    p.add_argument("--remove", action="store_true", help="with --preview: remove the preview")
    p.add_argument("--remote", default="origin", help="the git remote (default: origin)")
    p.add_argument("--branch", help="the Pages branch (default: editions: pages_branch in "
                                    "ordinarily.yml, else gh-pages)")
    p.add_argument("--project", default=".", help="the project folder (default: here)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        publish(args)
    except (PublishError, HistoryError) as exc:
        print(f"ordinarily publish: {exc}", file=sys.stderr)
        return 1
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    return 0


def publish(args: argparse.Namespace) -> None:
    root = Path(args.project).resolve()
    settings = load_settings(root)
    if not is_repository(root):
        raise PublishError(f"{root} is not a git repository")
    if is_shallow(root):
        raise PublishError("this is a shallow clone, so the editions and the change summary "
                           "cannot be built: run 'git fetch --unshallow --tags' (in GitHub "
                           "Actions, give actions/checkout 'fetch-depth: 0')")
    target = Target(args.remote, args.branch or pages_branch(settings))
    if args.remove and not args.preview:
        raise PublishError("--remove removes a preview: give --preview too")
    if args.preview:
        deployment = from_environment({PREVIEW_VARIABLE: args.preview}, "")
        if args.remove:
            deploy(root, target, deployment.folder, None, f"Remove preview {args.preview}")
            return
        _publish(root, target, deployment, args.site)
        return
    if args.edition:
        pattern = edition_pattern(settings)
        deployment = from_environment({EDITION_VARIABLE: args.edition}, pattern)
        if args.edition not in {e.tag for e in editions(root, pattern)}:
            raise PublishError(f"there is no tag '{args.edition}': tag the approved version "
                               f"first (git tag {args.edition} && git push --tags)")
        # The project may be a folder of the repository (the example in example/).
        prefix = git(root, "rev-parse", "--show-prefix").strip()
        with worktree(root, args.edition) as checkout:
            if not (checkout / prefix / "ordinarily.yml").is_file():
                raise PublishError(f"the tag '{args.edition}' has no ordinarily.yml in "
                                   f"{prefix or 'the top folder'}")
            _publish(checkout / prefix, target, deployment, args.site, deploy_from=root)
    _publish(root, target, Deployment(), None)


def _publish(checkout: Path, target: Target, deployment: Deployment, site: str | None,
             deploy_from: Path | None = None) -> None:
    what = _describe(deployment)
    with tempfile.TemporaryDirectory(prefix="ordinarily-site-") as tmp:
        folder = Path(site) if site else build_site(checkout, deployment, Path(tmp) / "site")
        if not (folder / "index.html").is_file():
            raise PublishError(f"{folder} has no index.html: is it a built site?")
        deploy(deploy_from or checkout, target, deployment.folder, folder, f"Publish {what}")


def _describe(deployment: Deployment) -> str:
    if deployment.edition:
        return f"the {deployment.edition} edition"
    if deployment.preview:
        return f"the preview of pull request {deployment.preview}"
    return "the live site"


def build_site(checkout: Path, deployment: Deployment, out: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k not in (EDITION_VARIABLE, PREVIEW_VARIABLE)}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if deployment.edition:
        env[EDITION_VARIABLE] = deployment.edition
    if deployment.preview:
        env[PREVIEW_VARIABLE] = deployment.preview
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    print(f"Building {_describe(deployment)}: {' '.join(command[2:4])} --strict", flush=True)
    result = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError(f"the build of {_describe(deployment)} failed:\n{result.stderr}")
    return out


@contextmanager
def worktree(root: Path, ref: str) -> Iterator[Path]:
    """A temporary checkout of `ref` (git worktree), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ordinarily-edition-") as tmp:
        checkout = Path(tmp) / "checkout"
        git(root, "worktree", "add", "--detach", "--quiet", str(checkout), ref)
        try:
            yield checkout
        finally:
            git(root, "worktree", "remove", "--force", str(checkout))


# -- deploying to one folder of the Pages branch -----------------------------------------------

def deploy(root: Path, target: Target, folder: str, site: Path | None, message: str) -> None:
    """Replace `folder` of the Pages branch with `site` (or remove it when `site` is None),
    leaving every other file as it is, and push."""
    for _ in range(ATTEMPTS):
        base = _fetch(root, target)
        if base is None and site is None:
            print(f"{message}: {target.branch} does not exist yet, so there is nothing to remove.")
            return
        entries = [e for e in _entries(root, base) if _kept(e[1], folder)]
        if site is not None:
            built = [(info, folder + path) for info, path in _entries(root, _tree_of(root, site))]
            paths = {path for _, path in built}  # a file the site has itself replaces a kept one
            entries = [e for e in entries if e[1] not in paths] + built
        if not any(path == ".nojekyll" for _, path in entries):
            entries.append((f"100644 blob {_empty_file(root)}", ".nojekyll"))  # serve _-folders
        tree = _write_tree(root, entries)
        if base and tree == git(root, "rev-parse", f"{base}^{{tree}}").strip():
            print(f"{message}: nothing has changed on {target.branch}.")
            return
        parents = ["-p", base] if base else []
        commit = _commit_tree(root, [tree, *parents, "-m", message])
        try:
            git(root, "push", "--quiet", target.remote, f"{commit}:refs/heads/{target.branch}")
        except HistoryError as exc:
            print(f"The push was refused ({exc}); trying again on the branch as it is now.")
            continue
        where = folder or "the root"
        print(f"{message}: {where} of {target.remote}/{target.branch} now holds "
              f"{sum(1 for _, p in entries if not _kept(p, folder))} files.")
        return
    raise PublishError(f"could not push to {target.remote} {target.branch} after {ATTEMPTS} "
                       "tries: another deploy keeps winning the race")


def _empty_file(root: Path) -> str:
    return git(root, "hash-object", "-w", "--stdin", stdin="").strip()


def _kept(path: str, folder: str) -> bool:
    """Whether a file of the Pages branch stays when `folder` is replaced. The root deploy
    keeps every edition's folder and every preview, but replaces the editions list; it keeps
    the CNAME file GitHub writes for a custom domain, which the built site does not have."""
    if folder:
        return not path.startswith(folder)
    parts = path.split("/")
    return ((parts[0] == EDITIONS_DIR and len(parts) > 2) or parts[0] == PREVIEWS_DIR
            or path == CUSTOM_DOMAIN_FILE)


def _fetch(root: Path, target: Target) -> str | None:
    heads = git(root, "ls-remote", "--heads", target.remote, target.branch).strip()
    if not heads:
        return None
    local = "refs/ordinarily/pages"
    git(root, "fetch", "--quiet", "--no-tags", target.remote,
        f"+refs/heads/{target.branch}:{local}")
    return git(root, "rev-parse", local).strip()


def _entries(root: Path, tree: str | None) -> list[tuple[str, str]]:
    """(mode type id, path) of every file in a tree or commit."""
    if tree is None:
        return []
    out = git(root, "ls-tree", "-r", "-z", "--full-tree", tree)
    rows = [row.split("\t", 1) for row in out.split("\0") if row]
    return [(info, path) for info, path in rows]


def _tree_of(root: Path, site: Path) -> str:
    """Write every file of `site` into the repository's objects; return the tree's id."""
    git_dir = git(root, "rev-parse", "--absolute-git-dir").strip()
    with tempfile.TemporaryDirectory(prefix="ordinarily-index-") as tmp:
        env = {**os.environ, "GIT_DIR": git_dir, "GIT_WORK_TREE": str(site.resolve()),
               "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        git(site, "add", "--all", "--force", ".", env=env)
        return git(site, "write-tree", env=env).strip()


def _write_tree(root: Path, entries: list[tuple[str, str]]) -> str:
    with tempfile.TemporaryDirectory(prefix="ordinarily-index-") as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        listing = "".join(f"{info}\t{path}\0" for info, path in entries)
        git(root, "update-index", "-z", "--index-info", env=env, stdin=listing)
        return git(root, "write-tree", env=env).strip()


def _commit_tree(root: Path, args: list[str]) -> str:
    """git commit-tree, with a fallback identity for machines with no user.email (CI runners)."""
    try:
        named = bool(git(root, "config", "user.email").strip())
    except HistoryError:  # git config exits 1 when the key is not set
        named = False
    env = dict(os.environ) if named else {**IDENTITY, **os.environ}
    return git(root, "commit-tree", *args, env=env).strip()
