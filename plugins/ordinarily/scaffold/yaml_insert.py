"""Add an item to a list in a YAML file as a text edit, so every comment, blank line and quote
in the file stays as the council wrote it.

Where the list is comes from the lines `yamlfile` records for every value. Each edit is checked
by reading the new text back: it must hold exactly the old data plus the new item, or nothing
is changed and the caller is told to add the item by hand.
"""

from __future__ import annotations

import re
from typing import Any

from ordinarily.core.problems import ContentError
from ordinarily.core.yamlfile import Path_, YamlFile, parse_yaml

_BLOCK_ITEM = re.compile(r"^(\s*)-(\s+)")


class InsertError(Exception):
    """The list is written in a way this module does not edit; add the item by hand."""


def append_scalar(text: str, doc: YamlFile, where: Path_, value: str) -> str:
    """`text` with `value` added at the end of the list of plain values at `where`
    (`needs: [a, b]` or one `- a` per line)."""
    items = _list_at(doc.data, where)
    lines = text.splitlines(keepends=True)
    if items and _is_block(lines, doc.lines[(*where, len(items) - 1)]):
        last = doc.lines[(*where, len(items) - 1)]
        indent, gap = _BLOCK_ITEM.match(lines[last - 1]).groups()
        lines.insert(last, f"{indent}-{gap}{value}{_newline(text)}")
    else:
        line = doc.lines[(*where, len(items) - 1)] if items else doc.line(where)
        lines[line - 1] = _into_flow(lines[line - 1], value, bool(items))
    return _checked(text, "".join(lines), doc, where, value)


def append_block(text: str, doc: YamlFile, where: Path_, block: str) -> str:
    """`text` with the mapping written in `block` (YAML at no indentation, starting `- `, with
    its comments) added after the last item of the block list at `where`."""
    items = _list_at(doc.data, where)
    lines = text.splitlines(keepends=True)
    if not items or not _is_block(lines, doc.lines[(*where, len(items) - 1)]):
        raise InsertError("the list is not written one '- ' item after another")
    start = doc.lines[(*where, len(items) - 1)]
    indent = len(_BLOCK_ITEM.match(lines[start - 1]).group(1))
    after = _end_of_item(lines, doc, (*where, len(items) - 1), start, indent)
    newline = _newline(text)
    spaced = start > 1 and not lines[start - 2].strip()  # items separated by a blank line
    added = [("" if not line.strip() else " " * indent + line) + newline
             for line in block.rstrip("\n").split("\n")]
    if after == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    lines[after:after] = ([newline] if spaced else []) + added
    return _checked(text, "".join(lines), doc, where, _item_of(block))


def _list_at(node: Any, where: Path_) -> list:
    for key in where:
        node = node[key]
    if not isinstance(node, list):
        raise InsertError("the value is not a list")
    return node


def _is_block(lines: list[str], line: int) -> bool:
    return bool(_BLOCK_ITEM.match(lines[line - 1]))


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _into_flow(line: str, value: str, after_items: bool) -> str:
    """Add `value` before the closing bracket of a flow list on `line`."""
    body, comment = _split_comment(line)
    close = body.rfind("]")
    if close < 0:
        raise InsertError("the end of the list ']' is not on the line of its last item")
    before = body[:close].rstrip()
    joined = f"{before}, {value}" if after_items else f"{before}{value}"
    return joined + body[close:] + comment


def _split_comment(line: str) -> tuple[str, str]:
    """A line's YAML and its trailing comment (a ' #' outside quotes)."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i], line[i:]
    end = len(line.rstrip("\r\n"))
    return line[:end], line[end:]


def _end_of_item(lines: list[str], doc: YamlFile, item: Path_, start: int, indent: int) -> int:
    """The index in `lines` just after the list item at `item`: before the next value the file
    records, and before blank lines and the comments (at the item's indentation or less) that
    introduce what follows."""
    later = [line for path, line in doc.lines.items()
             if line > start and path[:len(item)] != item]
    end = min(later, default=len(lines) + 1) - 1  # 1-based line before the next value
    while end > start:
        stripped = lines[end - 1].strip()
        shallow = len(lines[end - 1]) - len(lines[end - 1].lstrip()) <= indent
        if stripped and not (stripped.startswith("#") and shallow):
            break
        end -= 1
    return end


def _item_of(block: str) -> Any:
    data = parse_yaml(block, "the new item").data
    if not isinstance(data, list) or len(data) != 1:
        raise InsertError("the new item is not one list item")
    return data[0]


def _checked(old: str, new: str, doc: YamlFile, where: Path_, item: Any) -> str:
    """`new`, once it is certain to hold the old data with `item` added at `where`."""
    try:
        data = parse_yaml(new, doc.path).data
    except ContentError:
        raise InsertError("the edited file could not be read back") from None
    expected = parse_yaml(old, doc.path).data
    _list_at(expected, where).append(item)
    if data != expected:
        raise InsertError("the edited file did not read back as the old one plus the new item")
    return new

