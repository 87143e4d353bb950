"""What `ordinarily new-area` and `ordinarily new` share: the templates they render, and the
`# yaml-language-server: $schema=...` line each YAML file starts with.

The files come from Jinja templates in `templates/new-area/` and `templates/new/`, shipped in
the package; no file's text lives in Python.
"""

from __future__ import annotations

import os
import textwrap
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

ENGINE_SCHEMAS = "plugins/ordinarily/schemas"  # where a fork of the repository keeps them


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
    env = Environment(loader=PackageLoader(__package__, "templates"), autoescape=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      undefined=StrictUndefined)
    env.filters["yaml"] = yaml_scalar
    env.filters["comment"] = comment_lines
    return env


def render(name: str, context: dict) -> str:
    return environment().get_template(name).render(context)


def template_files(folder: str) -> list[str]:
    """Every template below `templates/<folder>/`, as paths relative to `templates/`."""
    root = resources.files(__package__) / "templates" / folder

    def walk(node: Any, rel: PurePosixPath) -> list[str]:
        found = []
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                found += walk(child, rel / child.name)
            elif child.name.endswith(".j2"):
                found.append(str(rel / child.name))
        return found

    return walk(root, PurePosixPath(folder))


def schema_ref(root: Path, file: str, kind: str, site_url: str) -> str:
    """Where the first line of `file` (relative to the project `root`) points editors for the
    schema of `kind`: in a fork of the repository (the project at its top, or the example in
    `example/`), a relative path into the engine's schemas, which always matches the engine
    checked out and works offline; otherwise (a project that installs the engine as a package)
    the copy the site publishes at /schemas/."""
    root = root.resolve()
    for base in (root, root.parent):
        if (base / ENGINE_SCHEMAS / f"{kind}.schema.json").is_file():
            folder = (root / file).parent
            return Path(os.path.relpath(base / ENGINE_SCHEMAS, folder)).as_posix() + \
                f"/{kind}.schema.json"
    return f"{site_url}schemas/{kind}.schema.json"
