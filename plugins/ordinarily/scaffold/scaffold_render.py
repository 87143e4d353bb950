"""What `ordinarily new-area` and `ordinarily new` share: the templates they render (each YAML
file's `# yaml-language-server: $schema=...` line comes from `schemas.schema_ref`).

The files come from Jinja templates in `templates/new-area/` and `templates/new/`, shipped in
the package; no file's text lives in Python.
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import PurePosixPath
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from ordinarily.core.engine_files import PACKAGE, TEMPLATES, engine_file


class ScaffoldError(Exception):
    """A request `new-area` or `new` refuses, with a message in plain words (never a traceback)."""


def yaml_scalar(value: object) -> str:
    """A value as YAML writes it on one line: plain where that reads back the same, else quoted
    ('yes', 'a: b' and '#1' are quoted; 'Borsetshire' is not)."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def comment_lines(text: str, indent: int = 0, width: int = 96) -> str:
    """Text wrapped as YAML comment lines at `indent` spaces."""
    prefix = " " * indent + "# "
    return "\n".join(textwrap.wrap(text, width=width, initial_indent=prefix,
                                   subsequent_indent=prefix, break_on_hyphens=False))


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader(PACKAGE, TEMPLATES), autoescape=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      undefined=StrictUndefined)
    env.filters["yaml"] = yaml_scalar
    env.filters["comment"] = comment_lines
    return env


def render(name: str, context: dict) -> str:
    return environment().get_template(name).render(context)


def template_files(folder: str) -> list[str]:
    """Every template below `templates/<folder>/`, as paths relative to `templates/`."""
    root = engine_file(TEMPLATES, folder)

    def walk(node: Any, rel: PurePosixPath) -> list[str]:
        found = []
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                found += walk(child, rel / child.name)
            elif child.name.endswith(".j2"):
                found.append(str(rel / child.name))
        return found

    return walk(root, PurePosixPath(folder))
