"""Validate content files against the JSON Schemas shipped in `schemas/`, in plain words."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, ValidationError

from ordinarily.core.engine_files import engine_file
from ordinarily.core.problems import Problem, did_you_mean, quoted, slugify
from ordinarily.core.yamlfile import YamlFile

ENGINE_SCHEMAS = "plugins/ordinarily/schemas"  # where a fork of the repository keeps them
KINDS = ("settings", "taxonomy", "need", "universal", "apdr", "glossary", "checker", "service",
         "organisation", "offer-taxonomy", "you-said-we-did", "next-steps",
         "plan-template")

_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a set of fields (key: value)",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
}


def schema_text(kind: str) -> str:
    """The published JSON Schema of one kind of file."""
    return engine_file("schemas", f"{kind}.schema.json").read_text("utf-8")


def _python_schema(kind: str) -> dict:
    """The schema with its patterns in Python's dialect: JSON Schema patterns follow JavaScript,
    where `$` ends the text, but Python's `$` also matches before a final line break, which
    would let "autism\n" pass as an id."""
    return _python_patterns(json.loads(schema_text(kind)))


def _python_patterns(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _end_of_text(value) if key == "pattern" and isinstance(value, str)
                else _python_patterns(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    return node


def _end_of_text(pattern: str) -> str:
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") \
        else pattern


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(_python_schema(kind))


@cache
def _fast(kind: str) -> Any:
    """A compiled validator: about ten times faster, which matters for thousands of services.
    It only says yes or no; jsonschema explains the no."""
    return fastjsonschema.compile(_python_schema(kind))


def validate(doc: YamlFile, kind: str) -> list[Problem]:
    """Every schema problem in `doc`, one per field, each at its line."""
    if doc.data is None:
        return [doc.problem((), "the file is empty")]
    try:
        _fast(kind)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException as exc:
        fast_message = str(exc)
    problems = []
    for error in _validator(kind).iter_errors(doc.data):
        either = _either(error, tuple(error.absolute_path)) or _choice(error,
                                                                     tuple(error.absolute_path))
        if either:
            problems.append(doc.problem(tuple(error.absolute_path), either))
            continue
        for leaf in _leaves(error):
            where = tuple(leaf.absolute_path)
            problems.append(doc.problem(_where(leaf, where), _message(leaf, where)))
    return problems or [doc.problem((), f"does not match its schema: {fast_message}")]


def _either(error: ValidationError, where: tuple) -> str:
    """One message for 'give this field or that one, not both' (anyOf of required fields, and
    `not` all of them), instead of one 'missing' per choice."""
    options = error.validator_value
    if error.validator == "anyOf" and all(set(o) == {"required"} for o in options):
        names = " or ".join(f"'{o['required'][0]}'" for o in options)
        return f"{_field(where)} needs {names}"
    if error.validator == "not" and set(options) == {"required"}:
        names = " and ".join(f"'{n}'" for n in options["required"])
        return f"{_field(where)} has both {names}: keep one of them"
    return ""


def _choice(error: ValidationError, where: tuple) -> str:
    """One message for a value that is none of the kinds a field takes, where one choice is a
    fixed word ('all', 'not stated'): 'free' is the text 'not sure'; write true or false, or
    'not stated'. A value of the right kind with a mistake inside keeps its own message."""
    if error.validator not in ("oneOf", "anyOf"):
        return ""
    leaves = _leaves(error)
    words = [leaf.validator_value for leaf in leaves if leaf.validator == "const"]
    if not words or any(leaf.validator not in ("const", "type") or leaf.absolute_path
                        != error.absolute_path for leaf in leaves):
        return ""
    kinds = [_TYPE_WORDS.get(str(leaf.validator_value), str(leaf.validator_value))
             for leaf in leaves if leaf.validator == "type"]
    options = kinds + [quoted(w) for w in words]
    listed = options[0]
    if len(options) > 1:  # 'true or false, or 'not stated'', 'a list, 'all' or 'not stated''
        joiner = ", or " if " or " in options[-2] else " or "
        listed = ", ".join(options[:-1]) + joiner + options[-1]
    hint = did_you_mean(error.instance, [str(w) for w in words])
    if not hint and isinstance(error.instance, str):
        lower = error.instance.strip().lower()
        hint = next((f" (did you mean {quoted(w)}?)" for w in words if str(w) == lower), "")
    return f"{_field(where)} is {_describe(error.instance)}; write {listed}{hint}"


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The most specific errors under `error` (anyOf/oneOf wrappers say little)."""
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaves(sub)]


def _where(error: ValidationError, where: tuple) -> tuple:
    if error.validator == "additionalProperties":
        extra = _extra_keys(error)
        return (*where, extra[0]) if extra else where
    if error.validator == "uniqueItems" and (repeated := _repeated(error.instance)) is not None:
        return (*where, repeated)  # the second listing
    return where


def _repeated(items: list) -> int | None:
    """The index of the first item that repeats one before it."""
    for i, item in enumerate(items):
        if item in items[:i]:
            return i
    return None


def _field(where: tuple) -> str:
    if not where:
        return "the file"
    names = [str(p) if isinstance(p, str) else f"[{p + 1}]" for p in where]
    return "'" + ".".join(names).replace(".[", "[") + "'"


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = error.schema.get("properties", {})
    return sorted(k for k in error.instance if k not in allowed)


def _message(error: ValidationError, where: tuple) -> str:
    kind = error.validator
    schema: dict[str, Any] = error.schema
    field = _field(where)
    if kind == "required":
        missing = str(error.message).split("'")[1]
        return f"{field} is missing the required field '{missing}'"
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = _extra_keys(error)
        return "; ".join(f"unknown field {quoted(k)}{did_you_mean(k, allowed)}; "
                         f"allowed here: {', '.join(allowed)}{_comma_hint(error.instance[k])}"
                         for k in extra)
    if kind == "type":
        expected = _TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        return f"{field} should be {expected}, not {_describe(error.instance)}"
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        return (f"{field} is {quoted(error.instance)}, expected one of {', '.join(choices)}"
                f"{did_you_mean(error.instance, choices)}")
    if kind == "pattern":
        return f"{field} is {quoted(error.instance)}: {_pattern_hint(schema, error.instance)}"
    if kind in ("minItems", "minLength"):
        return f"{field} is empty; give at least one" + (" item" if kind == "minItems" else "")
    if kind == "maxItems":
        return f"{field} has too many items (at most {error.validator_value})"
    if kind == "uniqueItems":
        repeated = _repeated(error.instance)
        if repeated is None:
            return f"{field} lists the same value twice"
        return f"{field} lists {quoted(error.instance[repeated])} twice; remove one of them"
    return f"{field}: {error.message}"


def _comma_hint(value: Any) -> str:
    """A key with no value is often text after a comma inside { }, which ends the value."""
    if value is None:
        return ("; if it belongs to the text before it, put that whole value in quotes "
                "(inside { } a comma ends a value)")
    return ""


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no/true/false are read as true or false; quote text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text {quoted(value)}"


def _pattern_hint(schema: dict, value: Any) -> str:
    pattern = schema.get("pattern", "")
    if pattern.startswith("^[a-z0-9]+"):
        slug = slugify(str(value))
        return ("an id must be lower-case letters, digits and single hyphens"
                + (f" (try {quoted(slug)})" if slug else ""))
    if pattern.startswith("^[0-9]{4}"):
        return "a date must be written YYYY-MM-DD, for example 2026-09-14"
    if pattern.startswith("^#"):
        return "a colour must be written #rrggbb, for example #1d5c63"
    if pattern.startswith("^(https?"):
        return "a link must start with https://, http://, mailto:, tel: or /"
    if pattern.startswith("^https?://[^") and pattern.endswith("/$"):
        return "the address must start with https:// and end with /, with no spaces or quotes"
    if pattern.startswith("^https?"):
        return "the address must start with https:// or http://"
    return f"does not match the expected form {pattern}"


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
