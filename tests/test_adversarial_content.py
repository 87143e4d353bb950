"""Bad input never crashes: generated, malformed and adversarial content files, of every kind.

Each case writes one generated file into a copy of the example project and loads the project.
The only acceptable outcomes are a clean load or a `ContentError` whose problems each name a file
and, for a problem inside the written file, a line; `ordinarily validate` prints them as
`file:line: message` and exits 1. Any other exception, or a traceback, is a failure.

Two kinds of generated input reach different code:

- text edits of the real example files (values replaced by odd YAML, tags, anchors, aliases,
  merge keys, deep nesting, huge strings, control characters and other unicode, duplicate keys,
  tabs, truncation, a second document, a byte order mark, bytes that are not UTF-8) exercise the
  YAML reader;
- mutations of a real file's parsed data (a value or subtree replaced by a generated one of any
  type, fields deleted, added or copied, list items duplicated), dumped back with PyYAML's
  safe dumper, get past the parser and exercise the schemas and the cross-reference checks.

Hypothesis runs derandomized and without a database, so CI runs the same cases every time.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ordinarily.assembly.project import load_project
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.yamlfile import MAX_ALIASES, MAX_BYTES, MAX_DEPTH, MAX_VALUES, parse_yaml

from conftest import EXAMPLE, copy_example, ordinarily

# One real file of each kind: the file a case replaces.
FILES = {
    "settings": "ordinarily.yml",
    "taxonomy": "needs/taxonomy.yml",
    "need": "needs/communication-and-interaction/autism.yml",
    "universal": "needs/universal.yml",
    "apdr": "needs/apdr.yml",
    "glossary": "needs/glossary.yml",
    "checker": "needs/checker.yml",
    "service": "local-offer/services/short-breaks-saturday-club.yml",
    "organisation": "local-offer/organisations/anytown-leisure-trust.yml",
    "offer-taxonomy": "local-offer/taxonomy.yml",
    "you-said-we-did": "local-offer/you-said-we-did.yml",
}
NAMES = list(FILES.values())
ORIGINAL = {name: (EXAMPLE / name).read_bytes() for name in NAMES}
TEXT = {name: data.decode("utf-8") for name, data in ORIGINAL.items()}
DATA = {name: parse_yaml(TEXT[name], name).data for name in NAMES}

# Problems about a whole file, not a place in it, are the only ones with no line.
WHOLE_FILE = ("the file is larger than",)
PROBLEM_LINE = re.compile(
    r"(?P<file>[^\s:/][^:\n]*?)(?::(?P<line>[1-9][0-9]*))?: (?P<message>\S.*)")
BOMB_MESSAGES = (f"more than {MAX_ALIASES} aliases (*name); write the values out instead",
                 f"the file expands to more than {MAX_VALUES:,} values; remove repeated aliases "
                 "(*name) or split the file",
                 f"aliases (*name) repeat more than {MAX_BYTES:,} characters of text; write the "
                 "values out instead")

SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
COMMON = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "print_blob": False,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                              HealthCheck.large_base_example, HealthCheck.filter_too_much],
}


# --- Running one case ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the example project for the whole module; each case restores its file.

    The copy keeps only the services that other files name, and the one the cases replace: the
    rest share that one's schema and loader, and leaving them out makes each load three times
    faster, so more cases fit in the same time."""
    root = copy_example(tmp_path_factory.mktemp("adversarial") / "project")
    named = set().union(*(_strings(parse_yaml(p.read_text("utf-8"), p.name).data)
                          for p in [*(root / "needs").rglob("*.yml"),
                                    root / FILES["you-said-we-did"]]))
    for path in (root / FILES["service"]).parent.glob("*.yml"):
        if path.stem not in named and path.name != Path(FILES["service"]).name:
            path.unlink()
    load_project(root)  # the unchanged copy loads cleanly
    return root


def encoded(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")


def check_problems(problems: list[Problem], name: str, written: bytes) -> None:
    """Every problem names a file, a line inside the written file, and one line of message."""
    assert problems, "a ContentError with no problems"
    lines = len(written.decode("utf-8", "replace").splitlines()) + 1  # YAML's breaks and more
    for p in problems:
        assert isinstance(p.file, str) and p.file and not p.file.startswith("/"), p
        assert isinstance(p.line, int) and p.line >= 0, p
        assert isinstance(p.message, str) and p.message.strip(), p
        shown = str(p)
        assert len(shown.splitlines()) == 1, f"a problem over several lines: {shown!r}"
        assert PROBLEM_LINE.fullmatch(shown), f"not 'file:line: message': {shown!r}"
        if p.file == name:
            if p.line == 0:
                assert p.message.startswith(WHOLE_FILE), f"a problem without its line: {p}"
            else:
                assert p.line <= lines + 1, f"line {p.line} is past the end ({lines}): {p}"


def load_with(root: Path, name: str, content: str | bytes) -> None:
    """Write `content` as `name`, load the project; anything but ContentError propagates."""
    path = root / name
    written = encoded(content)
    try:
        path.write_bytes(written)
        try:
            load_project(root)
        except ContentError as exc:
            check_problems(exc.problems, name, written)
    finally:
        path.write_bytes(ORIGINAL[name])


# --- Values of every type -----------------------------------------------------------------------

ODD_CHARACTERS = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\r",
                  "\n", "\r\n", "\u2028", "\u2029", "\u200b", "\u200e", "\u200f", "\u202e",
                  "\u2066", "\ufeff", "\ufffd", "\uffff", "\U0001f600", "\U00010000",
                  "\U0010fffd", "\U000e0001", "\ud800", "\udfff", "\u0301", "\u05d0", "\u0627"]
# Plain words that YAML 1.1 reads as something other than text, and text that looks like syntax.
YAML_WORDS = ["yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", "true", "False", ".inf",
              "-.inf", ".nan", "0x1F", "0o17", "017", "0b101", "1_000", "1:20:30", "+12", "-0",
              "1e400", "-1e-400", "12e", "0x_", "0b_", "._", "2026-02-30", "2026-09-14",
              "2026-09-14T10:00:00Z", "2026-9-4", "9999-99-99", "<<", "=", "- x", ": x", "? x",
              "#", "&a", "*a", "!", "|", ">", "%YAML 1.1", "@", "`", "'", '"', "[", "]", "{",
              "}", ",", "all", "", " ", "-", "--", "---", "..."]
TAGS = ["!!python/object/apply:os.system", "!!python/object:os.system",
        "!!python/name:os.system", "!!python/tuple", "!!binary", "!!set", "!!omap", "!!pairs",
        "!custom", "!", "!<tag:example.org,2026:x>", "!<tag:yaml.org,2002:str>", "!!str",
        "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!map", "!!seq", "!!merge",
        "!!value", "!!yaml"]


def _strings(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data).union(*(_strings(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_strings(v) for v in data))
    return {data} if isinstance(data, str) and len(data) <= 60 else set()


# Ids, keys and words of the example: values that other files refer to, so that mutations reach
# the cross-reference checks (duplicate ids, ids of the wrong kind, keys in the wrong place).
KNOWN = sorted(set().union(*(_strings(d) for d in DATA.values())))
KEYS = sorted({k for k in KNOWN if re.fullmatch(r"[a-z_]+", k)})


def one_of_list(items: list) -> st.SearchStrategy:
    """Like sampled_from, without writing every item into reports."""
    return st.integers(0, len(items) - 1).map(items.__getitem__)


known, known_keys = one_of_list(KNOWN), one_of_list(KEYS)
known_ids = one_of_list([k for k in KNOWN if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k)])

odd_text = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(ODD_CHARACTERS)),
                    max_size=30).map("".join)
huge_text = st.builds(lambda c, n: c * n, st.sampled_from(["x", "é", "\U0001f600", " ", "-a"]),
                      st.integers(100_000, 210_000))
texts = st.one_of(st.text(max_size=30), odd_text, st.sampled_from(YAML_WORDS),
                  known, huge_text)
leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10 ** 20),
                   st.floats(), st.dates(), texts)
keys = st.one_of(known_keys, st.text(max_size=12), st.sampled_from(YAML_WORDS))
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)


def nested(depth: int, leaf: Any, kind: str) -> Any:
    for _ in range(depth):
        leaf = [leaf] if kind == "list" else {"a": leaf}
    return leaf


deep_values = st.builds(nested, st.integers(MAX_DEPTH - 5, MAX_DEPTH + 40), leaves,
                        st.sampled_from(["list", "map"]))
new_values = st.one_of(values, values, values, deep_values)


# --- Mutations of parsed data -------------------------------------------------------------------

def _paths(data: Any, where: tuple = ()) -> list[tuple]:
    found = [where]
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, (*where, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _paths(v, (*where, i))
    return found


def _container(data: Any, path: tuple) -> tuple[Any, Any] | None:
    """The parent of `path` and the last key, or None when the path is not in `data`."""
    for step in path[:-1]:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(data, (dict, list)) or not path:
        return None
    if isinstance(data, dict) and path[-1] not in data:
        return None
    if isinstance(data, list) and not (isinstance(path[-1], int) and path[-1] < len(data)):
        return None
    return data, path[-1]


def _value(data: Any, path: tuple) -> Any:
    found = _container(data, path)
    return found[0][found[1]] if found else None


@dataclass(frozen=True)
class Mutation:
    """One change to parsed data. `at` is a path, or an index into the file's paths."""

    op: str  # replace, text (replace a text), delete, add, duplicate, copy
    at: tuple | int
    value: Any = None
    key: str = ""
    source: int = 0  # for copy: an index into the file's paths

    def apply(self, data: Any) -> Any:
        paths = _paths(data)
        if self.op == "text":  # text for text often passes the schema and reaches the checks
            paths = [p for p in paths if isinstance(_value(data, p), str)] or paths
        path = self.at if isinstance(self.at, tuple) else paths[self.at % len(paths)]
        if self.op in ("replace", "text") and path == ():
            return copy.deepcopy(self.value)
        if self.op == "add":
            target = data
            for step in path:
                inner = _container(target, (step,))
                if inner is None or not isinstance(inner[0][inner[1]], (dict, list)):
                    break
                target = inner[0][inner[1]]
            if isinstance(target, dict):
                target[self.key] = copy.deepcopy(self.value)
            elif isinstance(target, list):
                target.append(copy.deepcopy(self.value))
            return data
        found = _container(data, path)
        if found is None:
            return data
        parent, last = found
        if self.op in ("replace", "text"):
            parent[last] = copy.deepcopy(self.value)
        elif self.op == "delete":
            del parent[last]
        elif self.op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif self.op == "copy":
            source = _container(data, paths[self.source % len(paths)])
            if source is not None:
                parent[last] = copy.deepcopy(source[0][source[1]])
        return data


mutations = st.one_of(
    st.builds(Mutation, op=st.just("replace"), at=st.integers(0, 10 ** 6), value=new_values),
    st.builds(Mutation, op=st.just("text"), at=st.integers(0, 10 ** 6),
              value=st.one_of(known, texts)),
    st.builds(Mutation, op=st.just("text"), at=st.integers(0, 10 ** 6), value=known_ids),
    st.builds(Mutation, op=st.just("delete"), at=st.integers(0, 10 ** 6)),
    st.builds(Mutation, op=st.just("add"), at=st.integers(0, 10 ** 6), value=new_values,
              key=keys),
    st.builds(Mutation, op=st.just("duplicate"), at=st.integers(0, 10 ** 6)),
    st.builds(Mutation, op=st.just("copy"), at=st.integers(0, 10 ** 6),
              source=st.integers(0, 10 ** 6)),
)


@dataclass(frozen=True)
class Dump:
    """How the mutated data is written back."""

    unicode: bool = True
    flow: bool | None = False
    width: int = 80


dumps = st.builds(Dump, st.booleans(), st.sampled_from([False, None, True]),
                  st.sampled_from([20, 80, 10_000]))


def mutated(name: str, changes: list[Mutation], how: Dump) -> str:
    data = copy.deepcopy(DATA[name])
    for change in changes:
        data = change.apply(data)
    options = {"allow_unicode": how.unicode, "default_flow_style": how.flow,
               "sort_keys": False, "width": how.width}
    try:  # libyaml's emitter: the same output as yaml.safe_dump, far faster for huge strings
        return yaml.dump(data, Dumper=SafeDumper, **options)
    except UnicodeEncodeError:  # it cannot take lone surrogates; PyYAML's own emitter escapes them
        return yaml.safe_dump(data, **options)


# --- Edits of the text --------------------------------------------------------------------------

def deep_text(depth: int, style: str) -> str:
    if style == "flow list":
        return "[" * depth + "x" + "]" * depth
    if style == "flow map":
        return "{a: " * depth + "x" + "}" * depth
    if style == "unclosed":
        return "[" * depth
    if style == "block list":
        return "- " * depth + "x"
    return "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "x"


ESCAPES = ["\\0", "\\a", "\\x07", "\\x85", "\\e", "\\N", "\\_", "\\L", "\\P", "\\ud800",
           "\\udfff", "\\uD83D\\uDE00", "\\U0001F600", "\\U00110000", "\\u202e", "\\ufeff",
           "\\q", "\\x", "\\u12", '\\"', "\\\\", "\\\n"]
SNIPPETS = ["&a [1, 2, 3]", "&a {x: 1}", "&a x", "*a", "*nope", "[*a, *a]", "{<<: *a}",
            "{<<: {x: 1}}", "&a &b x", "&a [*a]", "? [a]\n: b", "? {a: b}\n: c", "|\n  text",
            ">-\n  text\n more", "|-", "'unclosed", '"unclosed', "[unclosed", "{a: 1, a: 2}",
            "{a: b: c}", "a: b: c", "- - - x", "'it''s'", "%TAG ! tag:x,2026:", "\"\\\"",
            "--- x", "... x", "!!python/object/apply:os.system [echo hi]",
            "!!binary aGVsbG8=", "!!str [a, b]", "!!str {a: b}", "!!int [1]", "!!bool maybe",
            "!!bool ''", "!!int ''", "!!int '-'", "!!float ''", "!!float '-'", "!!map x",
            "!!seq x", "!!null x", "!!timestamp 2026-13-45", "!!set {a, b}"]


def json_text(value: Any, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, default=str)


fragments = st.deferred(lambda: st.one_of(
    st.text(max_size=40),
    odd_text,
    st.sampled_from(YAML_WORDS),
    known,
    st.sampled_from(SNIPPETS),
    st.builds(lambda tag, inner: f"{tag} {inner}", st.sampled_from(TAGS), fragments),
    st.builds(lambda parts: '"' + "".join(parts) + '"',
              st.lists(st.one_of(st.sampled_from(ESCAPES), st.characters(codec="utf-8")),
                       max_size=8)),
    st.builds(json_text, values, st.booleans()),
    st.builds(deep_text, st.integers(MAX_DEPTH - 5, 600),
              st.sampled_from(["flow list", "flow map", "unclosed", "block list",
                               "block map"])),
    st.builds(lambda anchor, inner: f"&{anchor} {inner}", st.sampled_from(["a", "b", "x1"]),
              fragments),
    huge_text,
))

_KEYED = re.compile(r"^(\s*(?:-\s+)?[^\s:#'\"][^:#\n]*:)[ \t]+\S")


@dataclass(frozen=True)
class Edit:
    """One change to a file's text. Indexes wrap around the file's lines."""

    op: str
    at: int = 0
    text: str = ""
    indent: str = ""
    fraction: float = 0.5
    raw: bytes = b""

    def apply(self, content: str | bytes) -> str | bytes:
        if isinstance(content, bytes) or self.op == "bytes":
            data = encoded(content)
            cut = int(len(data) * self.fraction)
            return data[:cut] + self.raw + data[cut:]
        lines = content.splitlines(keepends=True) or [""]
        at = self.at % len(lines)
        if self.op == "whole":
            return self.text
        if self.op == "value":
            keyed = [i for i, line in enumerate(lines) if _KEYED.match(line)] or [at]
            i = keyed[self.at % len(keyed)]
            match = _KEYED.match(lines[i])
            head = match.group(1) if match else lines[i].rstrip("\r\n")
            lines[i] = f"{head} {self.text}\n"
        elif self.op == "line":
            indent = re.match(r"[ \t]*", lines[at]).group() if self.indent == "same" \
                else self.indent
            lines.insert(at, f"{indent}{self.text}\n")
        elif self.op == "duplicate":
            lines.insert(at, lines[at] if lines[at].endswith("\n") else lines[at] + "\n")
        elif self.op == "tabs":
            spaces = len(lines[at]) - len(lines[at].lstrip(" "))
            lines[at] = "\t" * max(1, spaces // 2) + lines[at].lstrip(" ")
        elif self.op == "truncate":
            return content[:int(len(content) * self.fraction)]
        elif self.op == "document":
            return content + ("" if content.endswith("\n") else "\n") + "---\n" + self.text
        elif self.op == "bom":
            cut = int(len(content) * self.fraction)
            return "\ufeff" + content if self.at % 2 else content[:cut] + "\ufeff" + content[cut:]
        return "".join(lines)


indents = st.sampled_from(["", "  ", "    ", "same", "\t", "  \t", " ", "      "])
lines_to_insert = st.one_of(
    fragments,
    st.builds(lambda k, v: f"{k}: {v}", st.one_of(known_keys, keys), fragments),
    st.builds(lambda v: f"- {v}", fragments),
    st.builds(lambda v: f"<<: {v}", fragments),
)
edits = st.one_of(
    st.builds(Edit, op=st.just("value"), at=st.integers(0, 10 ** 6), text=fragments),
    st.builds(Edit, op=st.just("value"), at=st.integers(0, 10 ** 6), text=fragments),
    st.builds(Edit, op=st.just("line"), at=st.integers(0, 10 ** 6), text=lines_to_insert,
              indent=indents),
    st.builds(Edit, op=st.just("duplicate"), at=st.integers(0, 10 ** 6)),
    st.builds(Edit, op=st.just("tabs"), at=st.integers(0, 10 ** 6)),
    st.builds(Edit, op=st.just("truncate"), fraction=st.floats(0, 1)),
    st.builds(Edit, op=st.just("document"), text=st.one_of(fragments, one_of_list(
        [TEXT[n] for n in NAMES[:3]]))),
    st.builds(Edit, op=st.just("bom"), at=st.integers(0, 1), fraction=st.floats(0, 1)),
    st.builds(Edit, op=st.just("bytes"), fraction=st.floats(0, 1), raw=st.binary(min_size=1,
                                                                               max_size=8)),
    st.builds(Edit, op=st.just("whole"), text=st.one_of(fragments, lines_to_insert)),
)


def edited(name: str, changes: list[Edit]) -> str | bytes:
    content: str | bytes = TEXT[name]
    for change in changes:
        content = change.apply(content)
    return content


# --- The YAML reader alone: many cheap cases ----------------------------------------------------

PLAIN = (str, int, float, bool, type(None))


def assert_plain(data: Any) -> None:
    """parse_yaml gives plain data: no YAML nodes, no objects made from tags."""
    if isinstance(data, dict):
        for k, v in data.items():
            assert isinstance(k, str), repr(k)
            assert_plain(v)
    elif isinstance(data, list):
        for v in data:
            assert_plain(v)
    else:
        assert isinstance(data, PLAIN), f"not plain data: {data!r}"


@settings(max_examples=300, **COMMON)
@given(name=st.sampled_from(NAMES), changes=st.lists(edits, min_size=1, max_size=3))
@example(name=NAMES[0], changes=[Edit("whole", text="a: !!bool maybe\n")])  # KeyError
@example(name=NAMES[0], changes=[Edit("whole", text="a: !!int '-'\n")])  # IndexError
@example(name=NAMES[0], changes=[Edit("whole", text="a: !!str [x, {y: z}]\n")])  # YAML nodes
@example(name=NAMES[0], changes=[Edit("whole", text="- " * 40_000 + "x")])  # segfault
@example(name=NAMES[0], changes=[Edit("whole", text="[" * 40_000)])  # segfault
def test_the_yaml_reader_never_crashes(name: str, changes: list[Edit]) -> None:
    content = edited(name, changes)
    written = encoded(content)
    try:
        text = written.decode("utf-8")
    except UnicodeDecodeError:
        return  # read_yaml's business; the project tests below cover it
    try:
        doc = parse_yaml(text, name)
    except ContentError as exc:
        check_problems(exc.problems, name, written)
        assert len(exc.problems) == 1
        return
    assert_plain(doc.data)
    assert all(line >= 1 for line in doc.lines.values())


# --- Every kind of file, in a copy of the example project ---------------------------------------

@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=10, **COMMON)
@given(changes=st.lists(edits, min_size=1, max_size=3))
@example(changes=[Edit("whole", text="")])
@example(changes=[Edit("bytes", fraction=0.5, raw=b"\xff\xfe")])
@example(changes=[Edit("value", at=3, text="x\x00y")])
@example(changes=[Edit("whole", text='"\\v"')])  # a message over two lines
@example(changes=[Edit("value", at=2, text="!!python/object/apply:os.system [echo hi]")])
@example(changes=[Edit("line", at=4, indent="same", text="<<: {x: !!binary aGVsbG8=}")])
def test_edited_text_gives_a_clean_error_or_loads(workspace: Path, name: str,
                                                  changes: list[Edit]) -> None:
    load_with(workspace, name, edited(name, changes))


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=14, **COMMON)
@given(changes=st.lists(mutations, min_size=1, max_size=3), how=dumps)
@example(changes=[Mutation("replace", (), None)], how=Dump())
@example(changes=[Mutation("replace", (), [1, 2])], how=Dump())
@example(changes=[Mutation("replace", ("feedback",), "a text")], how=Dump())
def test_mutated_data_gives_a_clean_error_or_loads(workspace: Path, name: str,
                                                   changes: list[Mutation], how: Dump) -> None:
    load_with(workspace, name, mutated(name, changes, how))


# --- Alias bombs --------------------------------------------------------------------------------

def bomb(width: int, depth: int, flow: bool, mapping: bool) -> str:
    """Billion laughs: each level is `width` aliases of the level before."""
    def collection(items: list[str]) -> str:
        if mapping:
            pairs = [f"k{i}: {item}" for i, item in enumerate(items)]
            return "{" + ", ".join(pairs) + "}" if flow else \
                "\n" + "".join(f"    {pair}\n" for pair in pairs)
        return "[" + ", ".join(items) + "]" if flow else \
            "\n" + "".join(f"    - {item}\n" for item in items)

    lines = [f"l0: &l0 {collection(['lol'] * width)}"]
    for level in range(1, depth + 1):
        lines.append(f"l{level}: &l{level} {collection([f'*l{level - 1}'] * width)}")
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


@settings(max_examples=20, **COMMON)
@given(width=st.integers(3, 12), depth=st.integers(6, 12), flow=st.booleans(),
       mapping=st.booleans(), name=st.sampled_from(NAMES))
@example(width=10, depth=9, flow=True, mapping=False, name=NAMES[0])  # a billion values
def test_an_alias_bomb_is_refused_with_a_message(width: int, depth: int, flow: bool,
                                                 mapping: bool, name: str) -> None:
    text = bomb(width, depth, flow, mapping)
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, name)
    (problem,) = caught.value.problems
    assert problem.file == name and problem.line > 0
    assert problem.message in BOMB_MESSAGES


@settings(max_examples=10, **COMMON)
@given(size=st.integers(1_000, 1_000_000), name=st.sampled_from(NAMES))
@example(size=1_000_000, name=FILES["service"])
def test_aliases_of_long_text_are_refused_with_a_message(size: int, name: str) -> None:
    """The other bomb: aliases that each repeat a long text (here 10 MB or more in all)."""
    count = 2 * MAX_BYTES // size + 1
    text = f"long: &t {'x' * size}\nkeywords:\n" + "  - *t\n" * count
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, name)
    (problem,) = caught.value.problems
    assert problem.file == name and problem.line == 1  # the text that is repeated
    assert problem.message in BOMB_MESSAGES


def test_an_alias_bomb_in_a_project_is_refused(workspace: Path) -> None:
    name = FILES["glossary"]
    path = workspace / name
    try:
        path.write_text(TEXT[name] + bomb(10, 9, True, False))
        with pytest.raises(ContentError) as caught:
            load_project(workspace)
    finally:
        path.write_bytes(ORIGINAL[name])
    assert any(p.file == name and p.line > 0 and p.message in BOMB_MESSAGES
               for p in caught.value.problems), caught.value.report()


# --- The command line ---------------------------------------------------------------------------

@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str | bytes]:
    name = draw(st.sampled_from(NAMES))
    if draw(st.booleans()):
        return name, edited(name, draw(st.lists(edits, min_size=1, max_size=2)))
    return name, mutated(name, draw(st.lists(mutations, min_size=1, max_size=2)), draw(dumps))


SUMMARY = re.compile(r"[0-9]+ problems? found\.")


@settings(max_examples=10, **COMMON)
@given(case=cases())
@example(case=(FILES["need"], "title: [\n"))
def test_validate_prints_file_and_line_never_a_traceback(workspace: Path,
                                                         case: tuple[str, str | bytes]) -> None:
    name, content = case
    path = workspace / name
    try:
        path.write_bytes(encoded(content))
        result = ordinarily("validate", str(workspace))
    finally:
        path.write_bytes(ORIGINAL[name])
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert result.stdout.startswith("OK"), result.stdout
        return
    lines = result.stderr.splitlines()
    assert lines and SUMMARY.fullmatch(lines[-1]), lines[-1:]
    for line in lines[:-1]:
        assert PROBLEM_LINE.fullmatch(line), f"not 'file:line: message': {line!r}"
        assert not line.startswith(str(workspace)), line


def test_known_strings_are_varied() -> None:
    """The mutations draw on the example's own ids and keys (a guard for the strategies)."""
    assert {"autism", "universal", "primary", "riverside", "needs", "tier"} <= set(KNOWN)
    assert {"id", "title", "needs", "phases", "reviewed"} <= set(KEYS)
