"""`ordinarily new-area DIR --name NAME`: a ready-to-build project for a new council, and the
`ordinarily new need|service|expectation` commands (in `new_items`).

The skeleton comes from the templates in `templates/new-area/`: a template's path is the file's
path, without `.j2`, with a leading `dot-` written as `.` (package data leaves out hidden files)
and `__slug__` replaced by the council's id.
"""

from __future__ import annotations

import argparse
import re
import sys
import uuid
from dataclasses import dataclass
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ordinarily.assembly.project import load_project
from ordinarily.core.problems import ContentError, slugify
from ordinarily.core.schemas import schema_ref
from ordinarily.scaffold import new_items
from ordinarily.scaffold.scaffold_render import ScaffoldError, render, template_files

TEMPLATES = "new-area"
ENGINE_SOURCE = "plugins/ordinarily"
FORK_KEEPS = ("README.md", "requirements.txt", ".gitignore", ".github/CODEOWNERS")
_COUNCIL_WORDS = re.compile(r"\s+(?:(?:metropolitan\s+)?borough|county|city|district)?\s*"
                            r"council$", re.IGNORECASE)
_SITE_URL = re.compile(r"^https?://[^\s/]+(/\S*)?/$")


@dataclass(frozen=True)
class Council:
    """The names a new project starts with, all made from `--name`."""

    name: str  # "Borsetshire Council"
    short_name: str  # "Borsetshire"
    slug: str  # "borsetshire": ids, email addresses and the placeholder site address
    site_url: str

    @classmethod
    def from_name(cls, given: str, site_url: str | None = None) -> Council:
        given = " ".join(given.split())
        short = _COUNCIL_WORDS.sub("", given).strip() or given
        name = given if short != given else f"{given} Council"
        slug = slugify(short)
        if not slug:
            raise ScaffoldError(f"the name {given!r} has no letters or digits to make ids from; "
                                "give the council's name, for example --name \"Borsetshire\"")
        url = site_url or f"https://send.{slug}.example.org.uk/"
        if not _SITE_URL.match(url):
            raise ScaffoldError(f"the site address {url!r} must start with https:// and end "
                                "with /, for example https://send.borsetshire.gov.uk/")
        return cls(name=name, short_name=short, slug=slug, site_url=url)


def new_area(target: Path, council: Council, today: date | None = None) -> list[str]:
    """Write the skeleton into `target`; return the files written. `target` is missing or
    empty, or is a fork of the engine's repository that has no site of its own yet: there the
    site's files go at the top, next to the engine, and the fork keeps its own README,
    .gitignore and CODEOWNERS."""
    fork = is_fork(target)
    files = [(name, _output_path(name, council.slug)) for name in template_files(TEMPLATES)]
    if fork:
        files = [(name, rel) for name, rel in files if rel not in FORK_KEEPS]
        _refuse_a_second_site(target, [rel for _, rel in files])
    elif target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is a file" if not target.is_dir() else "is not empty"
        raise ScaffoldError(f"{target} {what}; give a new folder, or an empty one, so that "
                            "nothing of yours is overwritten")
    context = _context(council, today or date.today())
    for name, rel in files:
        context["schema"] = lambda kind, rel=rel: schema_ref(target, rel, kind, council.site_url)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(name, context), encoding="utf-8")
    return [rel for _, rel in files]


def is_fork(folder: Path) -> bool:
    """Whether `folder` is a copy of the engine's repository (it holds the engine's source)."""
    return (folder / ENGINE_SOURCE).is_dir()


def _refuse_a_second_site(target: Path, files: list[str]) -> None:
    present = sorted({rel.split("/")[0] for rel in files if (target / rel.split("/")[0]).exists()})
    if present:
        raise ScaffoldError(f"{target} already has a site of its own ({', '.join(present)}); "
                            "new-area only starts one, so that nothing of yours is overwritten")


def _output_path(template: str, slug: str) -> str:
    parts = template.removeprefix(f"{TEMPLATES}/").removesuffix(".j2").split("/")
    parts = ["." + p[4:] if p.startswith("dot-") else p for p in parts]
    return "/".join(parts).replace("__slug__", slug)


def _context(council: Council, today: date) -> dict:
    try:
        engine = version("ordinarily")
    except PackageNotFoundError:  # run from a source tree that is not installed
        engine = ""
    return {
        "council": council.name, "short": council.short_name, "slug": council.slug,
        "site_url": council.site_url, "domain": f"{council.slug}.example.org.uk",
        "today": today.isoformat(), "namespace": str(uuid.uuid4()), "engine_version": engine,
        "name_words": sorted(set(re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*",
                                            council.short_name)), key=str.casefold),
    }


def add_parser(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("new-area", help="start a new council's project: settings, a small "
                                        "guide and Local Offer, and pages, ready to build")
    a.add_argument("dir", help="the folder to create (it must not exist, or be empty), or "
                               "the top of a fork of the engine's repository")
    a.add_argument("--name", required=True, help="the council's name, e.g. \"Borsetshire\"")
    a.add_argument("--site-url", help="the site's published address, ending in / (default: a "
                                      "placeholder to replace in ordinarily.yml)")
    a.set_defaults(run=_run_new_area)
    n = sub.add_parser("new", help="add one need, service or expectation with every field "
                                   "explained in comments")
    kinds = n.add_subparsers(dest="kind", required=True)
    need = kinds.add_parser("need", help="needs/<area>/<id>.yml, listed in needs/taxonomy.yml")
    need.add_argument("--area", required=True, help="the area's id from needs/taxonomy.yml")
    need.add_argument("--title", help="the need's title (default: made from the id)")
    service = kinds.add_parser("service", help="local-offer/services/<id>.yml")
    service.add_argument("--name", help="the service's name (default: made from the id)")
    service.add_argument("--organisation", help="the id of the organisation that runs it "
                                                "(default: the one that runs most services)")
    expectation = kinds.add_parser("expectation", help="a universal expectation, added to a "
                                                       "theme in needs/universal.yml")
    expectation.add_argument("--theme", required=True, help="the theme's id in "
                                                            "needs/universal.yml")
    expectation.add_argument("--title", help="the expectation's title (default: made from "
                                             "the id)")
    for kind in (need, service, expectation):
        kind.add_argument("--id", required=True, help="the new id: lower-case letters, digits "
                                                      "and hyphens; it appears in web addresses")
        kind.add_argument("--project", default=".", help="the project folder (default: here)")
        kind.set_defaults(run=_run_new)


def _run_new_area(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    try:
        council = Council.from_name(args.name, args.site_url)
        written = new_area(target, council)
    except ScaffoldError as exc:
        print(f"ordinarily new-area: {exc}", file=sys.stderr)
        return 1
    try:
        load_project(target)
    except ContentError as exc:  # a fault in the templates, never the council's
        print(f"ordinarily new-area: the new project does not validate (a fault in Ordinarily; "
              f"please report it):\n{exc.report()}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files for {council.name} to {target}, and checked them: "
          "they pass 'ordinarily validate'.\n\nWhat to do next:")
    if is_fork(target):
        print(f"  1. Fill in {target / 'ordinarily.yml'}: every value is a placeholder.\n"
              f"  2. Fill in the teams in {target / '.github/CODEOWNERS'}.\n"
              "  3. Run 'make validate', then 'make serve' to see the site. Leave example/ "
              "as it is: the engine's tests use it, and upgrades merge cleanly.")
    else:
        print(f"  1. Read {target / 'README.md'}: it lists what to fill in first.\n"
              f"  2. Fill in {target / 'ordinarily.yml'}: every value is a placeholder.\n"
              f"  3. In {target}, run 'ordinarily validate', then 'mkdocs serve' to see the "
              "site.")
    return 0


def _run_new(args: argparse.Namespace) -> int:
    root = Path(args.project)
    try:
        if args.kind == "need":
            report = new_items.new_need(root, args.area, args.id, args.title)
        elif args.kind == "service":
            report = new_items.new_service(root, args.id, args.name, args.organisation)
        else:
            report = new_items.new_expectation(root, args.theme, args.id, args.title)
    except ScaffoldError as exc:
        print(f"ordinarily new {args.kind}: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0
