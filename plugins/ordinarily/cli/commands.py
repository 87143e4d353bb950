"""The `ordinarily` command: validate content and generate pages without MkDocs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ordinarily.assembly.output import SITE_FILES_DIR, write_files, write_output
from ordinarily.assembly.project import build, feed_files, load_project
from ordinarily.checks import content_checks
from ordinarily.cms import cms_command
from ordinarily.cms.admin_page import admin_files
from ordinarily.core.problems import ContentError
from ordinarily.open_referral.oruk_export import FEED_DIR
from ordinarily.open_referral.oruk_import import import_feed, suggest_mapping
from ordinarily.review import diff_command, publish
from ordinarily.review.edition_pages import with_editions
from ordinarily.review.history import build_history
from ordinarily.scaffold import scaffold


def _validate(args: argparse.Namespace) -> int:
    try:
        project = load_project(Path(args.path))
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    parts = []
    guide, offer = project.guide, project.offer
    if guide:
        entries = sum(len(n.provision) for n in guide.needs)
        parts.append(f"{len(guide.needs)} needs, {entries} provision entries, "
                     f"{len(guide.glossary.terms)} glossary terms")
    if offer:
        parts.append(f"{len(offer.services)} services from {len(offer.organisations)} "
                     "organisations")
    if project.plans:
        count = len(project.plans.templates)
        parts.append(f"{count} support plan template{'s' if count != 1 else ''}")
    print("OK" + (": " + "; ".join(parts) if parts else "") + ".")
    return 0


def _generate(args: argparse.Namespace) -> int:
    try:
        project = load_project(Path(args.path))
        history = build_history(project)  # the previous edition's folder, too, must load
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    out = Path(args.out)
    output = with_editions(build(project), project, history, "")
    try:
        count = write_output(output, out)
        admin = admin_files(project, os.environ)  # /admin/, as the plugin writes it
        count += write_files(admin, out / SITE_FILES_DIR)
    except ContentError as exc:  # a hand-written page or a retired address in the way
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"Wrote {count} files to {out}: build them with `mkdocs build` in {out}, then copy "
          f"{out / 'site-files'} into the built site.")
    return 0


def _export_oruk(args: argparse.Namespace) -> int:
    try:
        project = load_project(Path(args.path))
        if project.offer is None:
            print("The Local Offer is switched off (sections: local_offer in ordinarily.yml): "
                  "there is nothing to export.", file=sys.stderr)
            return 1
        files = feed_files(project)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    out = Path(args.dir)
    write_files(files, out)
    print(f"Wrote {len(files)} files to {out / FEED_DIR}.")
    return 0


def _import_oruk(args: argparse.Namespace) -> int:
    try:
        if args.suggest_map:
            lines = suggest_mapping(Path(args.feed), Path(args.path), Path(args.suggest_map))
        else:
            lines = import_feed(Path(args.feed), Path(args.path), args.type, args.force,
                                Path(args.map) if args.map else None, args.strict).lines()
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ordinarily", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check every content file; exit 1 with one line per "
                                        "problem (file:line: message)")
    v.add_argument("path", nargs="?", default=".", help="the project folder (default: here)")
    v.set_defaults(run=_validate)
    g = sub.add_parser("generate", help="write the site as Markdown pages, data files, a theme "
                                        "and mkdocs.yml: it builds with plain MkDocs or "
                                        "ProperDocs, and the pages suit any static site "
                                        "generator")
    g.add_argument("--out", required=True, help="folder to write into")
    g.add_argument("path", nargs="?", default=".", help="the project folder (default: here)")
    g.set_defaults(run=_generate)
    e = sub.add_parser("export-oruk", help="write the Local Offer as an Open Referral UK 3.0 "
                                           "feed of static files into DIR/api/oruk/")
    e.add_argument("dir", help="folder to write into (for example the built site)")
    e.add_argument("path", nargs="?", default=".", help="the project folder (default: here)")
    e.set_defaults(run=_export_oruk)
    i = sub.add_parser("import-oruk", help="write service and organisation files from an Open "
                                           "Referral UK feed, 3.0 or the original shape (one "
                                           "service, a page or a list)")
    i.add_argument("feed", help="the feed file (JSON)")
    i.add_argument("path", nargs="?", default=".", help="the project folder (default: here)")
    i.add_argument("--type", help="the service type for services whose type the feed (and the "
                                  "mapping) does not give (default: 'not stated')")
    i.add_argument("--force", action="store_true", help="replace services already in the "
                                                        "project (same Open Referral id)")
    i.add_argument("--map", metavar="MAPPING.yml", help="what the feed's own taxonomy terms "
                   "and supplier fields mean in this project (see docs/open-referral.md)")
    i.add_argument("--suggest-map", metavar="MAPPING.yml", help="write a starting mapping "
                   "from the feed's terms, and import nothing")
    i.add_argument("--strict", action="store_true", help="refuse the whole feed if a record "
                   "is broken (default: skip it and report its position and why)")
    i.set_defaults(run=_import_oruk)
    diff_command.add_parser(sub)
    content_checks.add_parser(sub)
    publish.add_parser(sub)
    scaffold.add_parser(sub)
    cms_command.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
