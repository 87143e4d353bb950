"""Files the settings name (the logo and the favicon) must be in the project.

The theme looks for them by their path from the hand-written pages' folder (`content/`) or from
the council's theme layer (`overrides/`), and copies them into the site from there. A file in
neither would publish a broken image, so it is an error naming the setting's line, with the
nearest file that does exist.
"""

from __future__ import annotations

import difflib
from pathlib import Path, PurePosixPath

from ordinarily.core.problems import Problem, quoted
from ordinarily.core.yamlfile import YamlFile, read_yaml

FOLDERS = ("content", "overrides")  # where the theme finds a file the settings name
FILE_SETTINGS = (("branding", "logo"), ("branding", "favicon"))
PREVIOUS = ("editions", "previous")  # the folder holding the previous edition
PREVIOUS_PARTS = ("needs", "local-offer", "content", "plans", "ordinarily.yml")
_SKIP = {".md", ".keep"}  # pages, and the placeholder that keeps an empty folder in git


def file_problems(doc: YamlFile, root: Path) -> list[Problem]:
    """A problem for each file setting whose file is not in content/ or overrides/."""
    problems = []
    for where in FILE_SETTINGS:
        value = _setting(doc.data, where)
        if isinstance(value, str) and value and not _exists(root, value):
            problems.append(doc.problem(where, _message(where[-1], value, root)))
    return problems


def previous_problems(root: Path) -> list[Problem]:
    """A problem when the folder `editions: previous` names is not a previous edition's folder
    (asked by the build that compares with it, not by every load: a copy of the project
    made to load that edition has no such folder)."""
    doc = read_yaml(root / "ordinarily.yml", root)
    value = _setting(doc.data, PREVIOUS)
    if not isinstance(value, str) or not value.strip():
        return []
    message = _previous_message(value.strip().strip("/"), root)
    return [doc.problem(PREVIOUS, message)] if message else []


def _previous_message(value: str, root: Path) -> str:
    """What is wrong with the folder named as the previous edition, or ''."""
    folder = (root / value).resolve()
    if value.startswith(".") or not folder.is_relative_to(root.resolve()):
        return (f"the previous edition's folder {quoted(value)} must be a folder inside the "
                "project, written from it (for example previous-edition)")
    if value.split("/")[0] in ("content", "overrides", "site"):
        return (f"the previous edition's folder {quoted(value)} is inside {value.split('/')[0]}/,"
                " so it would be published or overwritten; move it to its own folder, such as "
                "previous-edition")
    if not folder.is_dir():
        folders = sorted(p.name for p in root.iterdir() if p.is_dir())
        near = difflib.get_close_matches(value, folders, n=1)
        hint = f" (did you mean {quoted(near[0])}?)" if near else ""
        return (f"the previous edition's folder {quoted(value)} does not exist{hint}; add it, "
                "or remove 'previous' to compare with the newest edition tag")
    if not any((folder / part).exists() for part in PREVIOUS_PARTS):
        return (f"the previous edition's folder {quoted(value)} holds none of "
                + ", ".join(PREVIOUS_PARTS) + "; copy the earlier edition's files into it")
    return ""


def _setting(data: object, where: tuple[str, ...]) -> object:
    for key in where:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _exists(root: Path, value: str) -> bool:
    if value.startswith("/") or "://" in value:
        return False
    for folder in FOLDERS:
        base = (root / folder).resolve()
        path = (base / value).resolve()
        if path.is_relative_to(base) and path.is_file():
            return True
    return False


def _message(name: str, value: str, root: Path) -> str:
    where = " or ".join(f"{f}/" for f in FOLDERS)
    if "://" in value:
        return (f"the {name} {quoted(value)} is a web address, but the site asks no other site "
                f"for anything; save the file in {where} (for example content/assets/) and "
                "give its path from that folder, such as assets/" + PurePosixPath(value).name)
    if value.startswith("/") and _exists(root, value.lstrip("/")):
        return (f"the {name} {quoted(value)} starts with '/', which breaks it on archived "
                f"editions and previews; write {quoted(value.lstrip('/'))}")
    near = nearest(value, _files(root))
    hint = f" (did you mean {quoted(near)}?)" if near else ""
    return (f"the {name} {quoted(value)} is not a file in {where}{hint}; add the file there or "
            f"correct the path, which is written from one of those folders "
            f"(content/assets/logo.svg is written assets/logo.svg)")


def _files(root: Path) -> list[str]:
    """Every file the theme could find, as the path a setting would give."""
    found = []
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            found += [p.relative_to(base).as_posix() for p in sorted(base.rglob("*"))
                      if p.is_file() and p.suffix not in _SKIP and p.name not in _SKIP]
    return found


def nearest(value: str, files: list[str]) -> str:
    """The file most likely meant: the same path without a folder's name in front, the same
    name in another case or folder, or a path spelt nearly the same."""
    given = PurePosixPath(value.lstrip("/"))
    if len(given.parts) > 1 and given.parts[0] in FOLDERS:
        inside = PurePosixPath(*given.parts[1:]).as_posix()
        if inside in files:
            return inside
    lowered = {f.casefold(): f for f in files}
    if given.as_posix().casefold() in lowered:
        return lowered[given.as_posix().casefold()]
    same_name = [f for f in files if PurePosixPath(f).name.casefold() == given.name.casefold()]
    if same_name:
        return same_name[0]
    close = difflib.get_close_matches(given.as_posix(), files, n=1, cutoff=0.6)
    if close:
        return close[0]
    names = {PurePosixPath(f).name: f for f in files}
    close = difflib.get_close_matches(given.name, list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else ""
