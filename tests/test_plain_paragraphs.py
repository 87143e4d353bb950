"""Plain paragraphs skip the Markdown parser for speed; they must give exactly what it gives."""

from __future__ import annotations

import markdown
import pytest
import yaml

from ordinarily.core.safe_markdown import _EXTENSIONS, plain_paragraphs

from conftest import EXAMPLE


def example_texts() -> list[str]:
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for folder in ("needs", "local-offer"):
        for path in sorted((EXAMPLE / folder).rglob("*.yml")):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def test_the_fast_path_matches_markdown_on_every_example_text() -> None:
    fast = 0
    for text in example_texts():
        html = plain_paragraphs(text)
        if html is not None:
            fast += 1
            assert html == markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
    assert fast > 1000  # most contributed text takes the fast path


@pytest.mark.parametrize("text", [
    "- a list item", "1. a numbered item", "Line one  \nline two", "    code", "# Heading",
    "Title\n=====", "Some *emphasis*", "A [link](https://example.org.uk)", "Fish & chips",
    "Costs £3.50\n\n2026. A year", "> quoted", "a <b>tag</b>", "Line\n---",
])
def test_markdown_syntax_takes_the_parser(text: str) -> None:
    assert plain_paragraphs(text) is None
