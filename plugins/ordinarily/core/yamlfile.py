"""Read a YAML content file into plain data, keeping the line of every value.

PyYAML's safe composer (libyaml's C parser when PyYAML has it, about fifteen times faster, which
matters for thousands of service files) builds the node tree; this module turns nodes into dicts,
lists and scalars itself so that it can record where each value came from, refuse tags such as
`!!python/object`, reject duplicate keys, and refuse alias expansion that would blow up (billion
laughs).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ordinarily.core import parse_cache
from ordinarily.core.invisible import has_odd_spaces, odd_spaces
from ordinarily.core.parse_cache import ParseCache
from ordinarily.core.problems import ContentError, Problem, quoted

Path_ = tuple[str | int, ...]

# A content file is small: these limits stop crafted input long before memory or time suffer.
MAX_VALUES = 200_000
MAX_ALIASES = 200
MAX_DEPTH = 60
MAX_BYTES = 5_000_000
# libyaml composes nested values by recursing in C, which overflows the stack (a crash, not an
# exception) somewhere past 20,000 levels, and slows down with the square of the depth before
# that. A file that could nest deeper than this has its depth measured first.
MAX_C_NESTING = 1_000

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


_SEXAGESIMAL = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


@dataclass(frozen=True)
class YamlFile:
    """Data read from one file, with the line (1-based) of every key and list item."""

    path: str  # as shown in messages: relative to the project root
    data: Any
    lines: Mapping[Path_, int] = field(repr=False)

    def line(self, where: Path_ = ()) -> int:
        """The line of `where`, or of its nearest ancestor that has one."""
        where = tuple(where)
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return self.lines.get((), 1)

    def problem(self, where: Path_, message: str) -> Problem:
        return Problem(self.path, self.line(where), message)


class _Reader:
    def __init__(self, shown: str, track_text: bool = False) -> None:
        self.shown = shown
        self.track_text = track_text  # record the lines inside quoted and block text
        self.text_lines: set[int] = set()
        self.lines: dict[Path_, int] = {}
        self.values = 0
        self.seen: set[int] = set()
        self.aliases = 0
        self.expanded = 0  # characters of text met again through aliases
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> None:
        raise ContentError([Problem(self.shown, node.start_mark.line + 1, message)])

    def read(self, node: yaml.Node, where: Path_, active: frozenset[int]) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            self.fail(node, f"the file expands to more than {MAX_VALUES:,} values; "
                            "remove repeated aliases (*name) or split the file")
        self.lines.setdefault(where, node.start_mark.line + 1)
        tag = node.tag
        if self.track_text and isinstance(node, yaml.ScalarNode) and node.style:
            # Lines after the first of quoted or block text ('|', '>'); the first holds the key.
            # Block text ends at the start of the next line (column 0), which is not its own.
            end = node.end_mark.line + (node.end_mark.column > 0)
            self.text_lines.update(range(node.start_mark.line + 2, end + 1))
        if tag == _STR and isinstance(node, yaml.ScalarNode):  # most values: plain text
            if id(node) in self.seen:  # met again through an alias
                self.expanded += len(node.value)
                if self.expanded > MAX_BYTES:
                    self.fail(node, f"aliases (*name) repeat more than {MAX_BYTES:,} characters "
                                    "of text; write the values out instead")
            else:
                self.seen.add(id(node))
            return node.value
        if tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(node, f"the tag '{shown}' is not allowed in content files; "
                            "remove it and write the value as plain text")
        if isinstance(node, yaml.ScalarNode):
            return self.read_scalar(node)
        self.check_collection(node, where, active)
        inner = active | {id(node)}
        if isinstance(node, yaml.MappingNode):
            return self.read_mapping(node, where, inner)
        return [self.read(item, (*where, i), inner) for i, item in enumerate(node.value)]

    def check_collection(self, node: yaml.Node, where: Path_, active: frozenset[int]) -> None:
        if len(where) > MAX_DEPTH:
            self.fail(node, f"values are nested more than {MAX_DEPTH} levels deep")
        if id(node) in active:
            self.fail(node, "an alias (*name) refers to the value that contains it")
        if id(node) in self.seen:
            self.aliases += 1  # a list or mapping met twice is reached through an alias
            if self.aliases > MAX_ALIASES:
                self.fail(node, f"more than {MAX_ALIASES} aliases (*name); "
                                "write the values out instead")
        self.seen.add(id(node))

    def read_mapping(self, node: yaml.MappingNode, where: Path_, active: frozenset[int]) -> dict:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys ('<<') are not allowed; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain word, not a list or mapping")
            key = str(key_node.value)
            if key in out:
                first = self.lines.get((*where, key), "?")
                self.fail(key_node, f"the key {quoted(key)} appears twice (first on line {first}); "
                                    "keep one of them")
            self.lines[(*where, key)] = key_node.start_mark.line + 1
            out[key] = self.read(value_node, (*where, key), active)
        return out

    def read_scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text ('2026-09-14'); the model checks them
        if node.tag in _SEXAGESIMAL and ":" in node.value:
            # YAML 1.1 reads 21:00 as the number 1260 (base 60); YAML 1.2, which editors and
            # the web forms (Decap CMS) write, reads it as text. A time stays a time.
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            self.fail(node, f"cannot read the value '{node.value[:40]}': {exc.problem}")
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.fail(node, f"cannot read the value '{node.value[:40]}': {exc}")
        except (IndexError, KeyError):  # PyYAML's constructors given text of another kind
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(node, f"cannot read the value '{node.value[:40]}' as {shown}; remove "
                            f"the tag '{shown}' or write a value of that kind")


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, shown: str) -> YamlFile:
    """Parse YAML text; raise ContentError with the file and line of the first problem."""
    if len(text) > MAX_BYTES:
        raise ContentError([Problem(shown, 0, f"the file is larger than {MAX_BYTES:,} bytes")])
    if _nesting_bound(text) > MAX_C_NESTING:
        _check_depth(text, shown)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise ContentError([_syntax_problem(text, shown, line, exc)]) from None
    except yaml.reader.ReaderError as exc:
        raise ContentError([Problem(shown, _reader_line(text, exc, loader),
                                    f"not valid YAML: the character U+{exc.character:04X} is a "
                                    "control or special character, which YAML does not allow; "
                                    "remove it")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(shown, 0, f"not valid YAML: {exc}")]) from None
    except RecursionError:
        line = loader.get_mark().line + 1 if isinstance(loader, yaml.reader.Reader) else 1
        raise ContentError([Problem(shown, line, f"values are nested more than {MAX_DEPTH} "
                                                 "levels deep")]) from None
    finally:
        loader.dispose()
    if node is None:
        return YamlFile(shown, None, {(): 1})
    odd = has_odd_spaces(text)
    reader = _Reader(shown, track_text=odd)
    try:
        data = reader.read(node, (), frozenset())
    except RecursionError:
        raise ContentError([Problem(shown, node.start_mark.line + 1,
                                    "values are nested too deeply")]) from None
    if odd and (found := odd_spaces(text, reader.text_lines)):
        # Read without an error, but not as written: a key or value has the character in it.
        raise ContentError([Problem(shown, spot.line, "YAML reads this line differently from "
                                    f"how it looks: {spot.message()}") for spot in found])
    return YamlFile(shown, data, reader.lines)


def _syntax_problem(text: str, shown: str, line: int, exc: yaml.MarkedYAMLError) -> Problem:
    """The parser's error, or the odd space before it that is the likely cause."""
    if has_odd_spaces(text):
        before = [spot for spot in odd_spaces(text) if spot.line <= line]
        if before:
            return Problem(shown, before[0].line, f"not valid YAML: {before[0].message()}")
    return Problem(shown, line, _yaml_message(exc))


# Every list or mapping starts with one of these (a '[' may also start a one-pair mapping).
_INDICATOR = re.compile(r"[-?:](?:\s|\Z)")


def _nesting_bound(text: str) -> int:
    """At least the depth of the deepest list or mapping in `text`, found without parsing."""
    return 2 * text.count("[") + text.count("{") + len(_INDICATOR.findall(text))


def _check_depth(text: str, shown: str) -> None:
    """Refuse values nested more than MAX_DEPTH deep, reading the parser's events (which needs
    no recursion) and stopping there. Syntax errors are left for the parse proper to report."""
    loader = _Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ContentError([Problem(shown, event.start_mark.line + 1, f"values are "
                                                f"nested more than {MAX_DEPTH} levels deep")])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()


def read_yaml(path: Path, root: Path, cache: ParseCache | None = None) -> YamlFile:
    """Read and parse one file; the message names it relative to `root`. With a parse cache,
    a file whose bytes it has seen is not parsed again."""
    shown = _shown(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(shown, 0, f"cannot read the file: {exc.strerror}")]) from None
    entry_key = parse_cache.key(raw) if cache is not None else b""
    if cache is not None and (entry := cache.get(entry_key)) is not None:
        return YamlFile(shown, *entry)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, _first_non_utf8_line(path), "the file is not UTF-8 "
                                    "text (this line is the first that is not); save it as "
                                    "UTF-8")]) from None
    if "\r" in text:  # as reading in text mode does: every line break becomes '\n'
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc = parse_yaml(text, shown)
    if cache is not None:
        cache.put(entry_key, doc.data, doc.lines)
    return doc


def _first_non_utf8_line(path: Path) -> int:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1
    return 1


def _reader_line(text: str, exc: yaml.reader.ReaderError, loader: Any) -> int:
    """The line of a character the YAML reader refused: libyaml counts bytes of UTF-8,
    PyYAML's Python reader counts characters."""
    if isinstance(loader, yaml.reader.Reader):
        return text.count("\n", 0, exc.position) + 1
    return text.encode("utf-8", "surrogatepass").count(b"\n", 0, exc.position) + 1


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()  # the usual case, without touching the disk
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "not valid YAML"
    if "could not determine a constructor" in problem or "tag" in (exc.problem or ""):
        return f"not valid YAML: {problem}"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = "; if the text contains ': ', put the whole value in quotes"
    elif "found character '\\t'" in problem:
        hint = "; indent with spaces, not tabs"
    elif "expected <block end>" in problem:
        hint = "; check the indentation of this line and the one before"
    context = f" {exc.context}" if exc.context else ""
    return f"not valid YAML:{context} {problem}{hint}".replace("  ", " ")
