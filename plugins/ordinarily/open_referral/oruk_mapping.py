"""The mapping file of `import-oruk --map`: what a feed's own taxonomy terms and supplier
fields mean in the council's taxonomy (schemas/oruk-mapping.schema.json).

Nothing is guessed: a term the mapping does not name means nothing on the service (it stays
in the service's `oruk` extras, so the export keeps it) and is listed in the report with the
closest of the council's own titles. `suggest` writes a starting mapping from a feed's terms.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ordinarily.core.problems import ContentError, Problem, did_you_mean
from ordinarily.core.schemas import validate
from ordinarily.core.yamlfile import YamlFile, read_yaml
from ordinarily.open_referral.oruk_export import our_attribute_key

JSON = dict[str, Any]
FACETS = ("needs", "phases", "types", "audiences", "places")
FLAGS = ("free", "self_referral", "diagnosis_needed")
TEXTS = ("how", "eligibility", "waiting_time")
FACET_WORDS = {"needs": "need", "phases": "phase", "types": "service type",
               "audiences": "audience", "places": "place"}
# Fields of either shape that are not a supplier's own (a field a mapping may name is one
# whose values are plain words: suggest only offers those).
STANDARD_FIELDS = {
    "id", "name", "description", "url", "email", "status", "fees", "accreditations",
    "deliverable_type", "attending_type", "attending_access", "assured_date", "assurer_email",
    "alert", "last_modified", "minimum_age", "maximum_age", "organization", "organization_id",
    "interpretation_services", "application_process", "fees_description", "wait_time",
    "eligibility_description", "alternate_name", "program_id", "licenses"}


@dataclass
class Vocabulary:
    """The council's own ids and titles, per facet."""

    ids: dict[str, list[str]]
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # facet -> id -> title

    def closest(self, label: str) -> str:
        """' (did you mean need 'autism', "Autism"?)' from the council's titles and ids, or ''."""
        choices = {key(title): (facet, id_) for facet, titles in self.titles.items()
                   for id_, title in titles.items()}
        choices.update({key(id_.replace("-", " ")): (facet, id_)
                        for facet, ids in self.ids.items() for id_ in ids})
        close = difflib.get_close_matches(key(label), list(choices), n=1, cutoff=0.75)
        if not close:
            return ""
        facet, id_ = choices[close[0]]
        title = self.titles.get(facet, {}).get(id_, "")
        shown = f", \u201c{title}\u201d" if title else ""
        return f" (did you mean {FACET_WORDS[facet]} '{id_}'{shown}?)"


@dataclass
class Mapping:
    terms: dict[str, JSON] = field(default_factory=dict)  # key(term) -> meaning
    fields: dict[str, dict[str, JSON]] = field(default_factory=dict)  # field -> key(value) -> m.
    text: dict[str, str] = field(default_factory=dict)  # field -> how | eligibility | ...


def key(label: str) -> str:
    """A term as the mapping matches it: case and spacing do not count."""
    return " ".join(str(label).casefold().split())


def load_mapping(path: Path, vocabulary: Vocabulary) -> Mapping:
    """The mapping file, checked against its schema and the council's ids (file:line)."""
    shown = str(path)
    if not path.exists():
        raise ContentError([Problem(shown, 0, "the mapping file does not exist (write a "
                                    "starting one with --suggest-map)")])
    doc = read_yaml(path, path.parent)
    doc = YamlFile(shown, doc.data, doc.lines)
    problems = validate(doc, "oruk-mapping") if doc.data is not None else []
    if problems:
        raise ContentError(problems)
    data = doc.data or {}
    problems = [p for name, m in (data.get("terms") or {}).items()
                for p in _unknown_ids(doc, ("terms", name), m, vocabulary)]
    problems += [p for f, values in (data.get("fields") or {}).items()
                 for value, m in values.items()
                 for p in _unknown_ids(doc, ("fields", f, value), m, vocabulary)]
    if problems:
        raise ContentError(problems)
    return Mapping(terms={key(k): v for k, v in (data.get("terms") or {}).items()},
                   fields={f: {key(k): v for k, v in values.items()}
                           for f, values in (data.get("fields") or {}).items()},
                   text=dict(data.get("text") or {}))


def _unknown_ids(doc: YamlFile, where: tuple, meaning: JSON, vocabulary: Vocabulary
                 ) -> list[Problem]:
    problems = []
    for facet in FACETS:
        values = meaning.get(facet)
        if not isinstance(values, list):
            continue
        known = vocabulary.ids.get(facet, [])
        for i, value in enumerate(values):
            if value not in known:
                hint = did_you_mean(value, known) or (
                    " (known: " + ", ".join(known) + ")" if known else " (this project has "
                    f"no {FACET_WORDS[facet]}s)")
                problems.append(doc.problem((*where, facet, i), f"unknown {FACET_WORDS[facet]} "
                                            f"'{value}'{hint}"))
    return problems


# A record's terms and supplier values ------------------------------------------------------


def record_terms(item: JSON) -> list[tuple[str, str]]:
    """The feed's own taxonomy terms on a record, as (name, id): `service_taxonomys` in the
    original shape, and 3.0 `attributes` whose term is not one of Ordinarily's own (those the
    importer reads as the fields they came from)."""
    found = []
    for entry in _list(item.get("service_taxonomys")):
        term = entry.get("taxonomy") if isinstance(entry, dict) else None
        if isinstance(term, dict) and isinstance(term.get("name"), str):
            found.append((term["name"], str(term.get("id") or "")))
    for attribute in _list(item.get("attributes")):
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict) and our_attribute_key(attribute) is None:
            name = term.get("name") or term.get("term")
            if isinstance(name, str) and name.strip():
                found.append((name, str(term.get("id") or "")))
    return list(dict.fromkeys(found))


def field_values(item: JSON, name: str) -> list[str]:
    value = item.get(name)
    values = value if isinstance(value, list) else [value]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


@dataclass
class Meaning:
    """What a mapping says about one record, and which of its terms it does not name."""

    facets: dict[str, Any] = field(default_factory=dict)  # facet -> 'all' or ids
    flags: dict[str, bool] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)  # 'term "X"' or 'pc_field "Y"'

    def add(self, meaning: JSON) -> None:
        for facet in FACETS:
            value = meaning.get(facet)
            if value == "all":
                self.facets[facet] = "all"
            elif value and self.facets.get(facet) != "all":
                self.facets[facet] = list(dict.fromkeys([*self.facets.get(facet, []), *value]))
        for flag in FLAGS:
            if flag in meaning:
                self.flags.setdefault(flag, meaning[flag])


def meaning_of(mapping: Mapping | None, item: JSON) -> Meaning:
    """What the mapping says of a record; every term it does not name is listed."""
    mapping = mapping or Mapping()
    found = Meaning()
    for name, term_id in record_terms(item):
        meaning = mapping.terms.get(key(name)) or mapping.terms.get(key(term_id))
        if meaning is None:
            found.unmapped.append(f"term \u201c{name}\u201d")
        else:
            found.add(meaning)
    for name, values in mapping.fields.items():
        for value in field_values(item, name):
            if key(value) in values:
                found.add(values[key(value)])
            else:
                found.unmapped.append(f"{name} \u201c{value}\u201d")
    for name, text_field in mapping.text.items():
        words = field_values(item, name)
        if words:
            found.texts[text_field] = "\n\n".join(words)
    return found


# Suggesting a mapping ----------------------------------------------------------------------


def suggest(items: list[JSON], vocabulary: Vocabulary) -> tuple[JSON, list[str]]:
    """A starting mapping for a feed (each term with the council's closest title, if any, else
    {}), and a line per term saying which it is."""
    counts = Counter(name for item in items for name, _ in record_terms(item))
    terms, notes = {}, []
    for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], key(kv[0]))):
        terms[name] = _closest_meaning(name, vocabulary)
        used = "; ".join(f"{f}: {', '.join(v) if isinstance(v, list) else v}"
                         for f, v in terms[name].items()) or "nothing yet"
        notes.append(f"  term \u201c{name}\u201d ({count} services): {used}")
    fields = {}
    for name, values in _supplier_fields(items).items():
        fields[name] = {v: _closest_meaning(v, vocabulary) for v in values}
        notes.append(f"  field {name}: {len(values)} values")
    mapping: JSON = {}
    if terms:
        mapping["terms"] = terms
    if fields:
        mapping["fields"] = fields
    return mapping, notes


def _closest_meaning(label: str, vocabulary: Vocabulary) -> JSON:
    for facet in FACETS:
        titles = {key(t): i for i, t in vocabulary.titles.get(facet, {}).items()}
        titles.update({key(i.replace("-", " ")): i for i in vocabulary.ids.get(facet, [])})
        close = difflib.get_close_matches(key(label), list(titles), n=1, cutoff=0.85)
        if close:
            return {facet: [titles[close[0]]]}
    return {}


def _supplier_fields(items: list[JSON], most: int = 30) -> dict[str, list[str]]:
    """Fields that are not standard and hold a few plain words (a target audience, not an id
    or a description)."""
    seen: dict[str, Counter] = {}
    for item in items:
        for name, value in item.items():
            if name in STANDARD_FIELDS or isinstance(value, (dict, bool)):
                continue
            for word in field_values(item, name):
                if len(word) <= 60:
                    seen.setdefault(name, Counter())[word] += 1
    return {name: sorted(c) for name, c in sorted(seen.items()) if len(c) <= most}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
