"""JSON Schema properties to Decap CMS fields: one field per property, at the same path.

Each property becomes a field with a label (the schema's `title`, or its name in plain English),
a hint (its `description`), `required` as the schema says, and the widget its type calls for:
ids the taxonomy lists become `select` widgets in the council's words (`choices.py`), Markdown
(`$defs/markdown`) a `markdown` widget, dates (`$defs/date`) a `datetime` widget writing
YYYY-MM-DD, patterns Decap's `pattern: [regex, message]`, nested objects and lists `object` and
`list` widgets. A value of several shapes (true, false or 'not stated'; a list of ids, 'all' or
'not stated') becomes the engine's own `ordinarily-choice` widget (`CHOICE_WIDGET`, in
`theme/assets/ordinarily/cms-choice.js`): radio buttons that show the file's value as it is and
write exactly it. So does a set of fields or 'not stated' (a service's ages and contact): "Not
stated" or "Give the details:", which shows the set's fields, checked by the widget as the
schema says. Decap writes exactly the keys of the fields it shows, and keeps the keys of a file
it has no field for, so a property left out here (`oruk`, which `import-oruk` writes) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ordinarily.cms.choices import Choices

Field = dict[str, Any]
Node = Mapping[str, Any]

SKIPPED = frozenset({"oruk"})  # written by `import-oruk` and kept unchanged: never a form field
DATE_FORMAT = "YYYY-MM-DD"  # how every content file writes a date (schemas' $defs/date)
SUMMARY_KEYS = ("title", "name", "term", "label", "question", "text", "role", "option",
                "description", "id")
MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-three", "bulleted-list", "numbered-list"]
# The engine's widget for a value of several shapes (registered by cms-choice.js).
CHOICE_WIDGET = "ordinarily-choice"
YES_NO = [{"label": "Yes", "value": True}, {"label": "No", "value": False}]
CHOOSE = "Choose:"  # the radio button that shows the list's checkboxes
DETAILS = "Give the details:"  # the radio button that shows an object's sub-fields

# Names whose plain-English reading is not just the name with spaces.
LABELS = {
    "apdr": "Assess, plan, do, review prompts",
    "also_known_as": "Other names",
    "also": "Other spellings",
    "detail": "Details",
    "formerly": "Former ids",
    "notice": "What you might notice",
    "notice_at_home": "What a family might notice at home",
    "seek_help": "When to seek more help",
    "tier_notes": "Notes by tier",
    "setting_should": "What the setting should already do, in a family's words",
    "first_step": "A first step to try",
    "who": "Who",
    "you-said-we-did:did": "What we did",
    "you-said-we-did:heard": "What we heard",
    "you-said-we-did:from": "Who told us",
    "url": "Web address",
    "ages": "Ages",
    "self_referral": "Families can refer themselves",
    "diagnosis_needed": "A diagnosis is needed",
    "free": "Free to families",
    "id": "Id",
}
# Enum values whose plain-English reading is not just the value with spaces.
VALUE_LABELS = {
    "parents-carers": "Parents and carers",
    "children-young-people": "Children and young people",
    "all-year": "All year",
    "apdr": "Assess, plan, do, review questions",
}


# The schemas' descriptions speak to someone editing the file; a form has lists and switches.
FORM_WORDS = (
    (re.compile(r"^Markdown: paragraphs, lists, emphasis and links\. No HTML\.$"),
     "Paragraphs, lists, bold, italics and links."),
    (re.compile(r"\b(\w+(?: \w+)?) ids from needs/taxonomy\.yml"), r"\1s from the guide's list"),
    (re.compile(r"\b(\w+(?: \w+)?) ids from local-offer/taxonomy\.yml"),
     r"\1s from the Local Offer's list"),
    (re.compile(r"ids from the (\w+) list in local-offer/taxonomy\.yml"),
     r"from the Local Offer's \1 list"),
    (re.compile(r"The id of a file in local-offer/organisations/\."),
     "The organisation that runs it."),
    (re.compile(r"\bIds of Local Offer services\b"), "Local Offer services"),
    (re.compile(r"\bIds of related needs\b"), "Related needs"),
    (re.compile(r"\bLeave out\b"), "Leave empty"),
    (re.compile(r"\bleave out\b"), "leave empty"),
    (re.compile(r"\btrue if\b"), "On if"),
    (re.compile(r"\btrue for\b"), "On for"),
    (re.compile(r"^true while\b"), "On while"),
    (re.compile(r", false if\b"), ", off if"),
)
# The same descriptions beside the radio buttons of `CHOICE_WIDGET`, in the buttons' words.
CHOICE_FORM_WORDS = (
    (re.compile(r"^true (if|for|while)\b"), r"“Yes” \1"),
    (re.compile(r"\bfalse (if|for|while)\b"), r"“No” \1"),
    (re.compile(r"'(all|not stated)'"), lambda m: f"“{plain(m[1])}”"),
)


def form_words(text: str, widget: str = "") -> str:
    """A schema description as a form's hint (beside that widget)."""
    rules = CHOICE_FORM_WORDS + FORM_WORDS if widget == CHOICE_WIDGET else FORM_WORDS
    for pattern, words in rules:
        text = pattern.sub(words, text)
    return text


def plain(name: str, words: Mapping[str, str] = LABELS, kind: str = "") -> str:
    """A property name or value as a reader would say it: `review_owner` -> 'Review owner'."""
    if f"{kind}:{name}" in words:
        return words[f"{kind}:{name}"]
    if name in words:
        return words[name]
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


class SchemaFields:
    """The fields of one kind of file, made from its JSON Schema."""

    def __init__(self, kind: str, schema: Node, choices: Choices) -> None:
        self.kind = kind
        self.schema = schema
        self.choices = choices

    def fields(self) -> list[Field]:
        return self._object_fields(self.schema, present=True)

    # -- the schema ------------------------------------------------------------------------

    def resolve(self, node: Node) -> dict[str, Any]:
        """The node with its `$ref` followed (inside this schema); its own keys win."""
        node = dict(node)
        ref = node.pop("$ref", None)
        if ref is None:
            return node
        target: Any = self.schema
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        merged = self.resolve(target)
        merged.update(node)
        merged["$def"] = ref.rsplit("/", 1)[-1]
        return merged

    # -- fields ----------------------------------------------------------------------------

    def _object_fields(self, node: Node, present: bool) -> list[Field]:
        """One field per property; `present`: the object is there whenever its file or list
        item is, so its required properties can be required in the form too (Decap checks a
        required field inside an optional object even when the object is left out)."""
        node = self.resolve(node)
        required = set(node.get("required", ()))
        return [self.field(name, prop, present and name in required)
                for name, prop in node.get("properties", {}).items() if name not in SKIPPED]

    def field(self, name: str, prop: Node, required: bool) -> Field:
        node = self.resolve(prop)
        field: Field = {"name": name,
                        "label": node.get("title") or plain(name, kind=self.kind)}
        field.update(self._widget(name, node, required))
        hint = self._hint(prop, node, field)
        if hint:
            field["hint"] = hint
        return field

    def _hint(self, prop: Node, node: Node, field: Field) -> str:
        """The property's description; a shared definition's (an id's rules, a date's form)
        only where the reader types the value rather than picking it."""
        own = "description" in prop or "$ref" not in prop
        picked = field["widget"] in ("select", "relation")
        hint = (form_words(node.get("description", ""), field["widget"])
                if own or not picked else "")
        extra = field.pop("_also", "")
        return f"{hint} {extra}".strip()

    def _widget(self, name: str, node: dict[str, Any], required: bool) -> Field:
        alternatives = node.get("oneOf") or node.get("anyOf")
        if alternatives and "type" not in node and "properties" not in node:
            return self._union(name, node, [self.resolve(a) for a in alternatives], required)
        if "enum" in node:
            return self._select(required, _enum_options(node["enum"]))
        kind = node.get("type")
        if kind == "array":
            return self._list(name, node, required)
        if kind == "object" or "properties" in node:
            return self._object(name, node, required)
        if kind == "boolean":
            return {"widget": "boolean", "required": required}
        if kind in ("integer", "number"):
            return self._number(node, required)
        return self._string(name, node, required)

    def _string(self, name: str, node: Node, required: bool) -> Field:
        if self.choices.relation(name):
            return self._relation(name, required)
        options = self.choices.options(self.kind, name)
        if options is not None:
            return self._select(required, options)
        if node.get("$def") == "markdown":
            return {"widget": "markdown", "required": required, "modes": ["rich_text", "raw"],
                    "buttons": MARKDOWN_BUTTONS, "editor_components": [],
                    "sanitize_preview": True}
        if node.get("$def") == "date":
            return {"widget": "datetime", "required": required, "format": DATE_FORMAT,
                    "date_format": "D MMMM YYYY", "time_format": False, "picker_utc": True}
        field: Field = {"widget": "string", "required": required}
        if "pattern" in node:
            field["pattern"] = [node["pattern"], _pattern_message(node)]
        return field

    def _number(self, node: Node, required: bool) -> Field:
        field: Field = {"widget": "number", "required": required,
                        "value_type": "int" if node.get("type") == "integer" else "float"}
        for key in ("minimum", "maximum"):
            if key in node:
                field[key[:3]] = node[key]
        return field

    def _select(self, required: bool, options: list[dict[str, Any]],
                multiple: bool = False) -> Field:
        field: Field = {"widget": "select", "required": required, "options": options}
        if multiple:
            field["multiple"] = True
        return field

    def _relation(self, name: str, required: bool, multiple: bool = False) -> Field:
        """An id of a service or organisation: picked by name from that collection."""
        field: Field = {"widget": "relation", "required": required,
                        "collection": self.choices.relation(name), "value_field": "{{slug}}",
                        "search_fields": ["name"], "display_fields": ["name"]}
        if multiple:
            field["multiple"] = True
        return field

    def _list(self, name: str, node: Node, required: bool) -> Field:
        items = self.resolve(node.get("items", {}))
        if self.choices.relation(name):
            return self._relation(name, required, multiple=True)
        options = self.choices.options(self.kind, name)
        if options is None and "enum" in items:
            options = _enum_options(items["enum"])
        if options is not None:
            field = self._select(required, options, multiple=True)
        elif items.get("type") == "object" or "properties" in items:
            field = {"widget": "list", "required": required,
                     "fields": self._object_fields(items, present=True)}
            summary = next((k for k in SUMMARY_KEYS if k in items.get("properties", {})), None)
            if summary:
                field["summary"] = "{{fields." + summary + "}}"
        else:
            inner = self.field(name, items, True)
            inner["label"] = plain(name)
            field = {"widget": "list", "required": required, "field": inner}
        if "minItems" in node:
            field["min"] = node["minItems"]
        if "maxItems" in node:
            field["max"] = node["maxItems"]
        return field

    def _object(self, name: str, node: Node, required: bool) -> Field:
        if "properties" not in node:
            return self._map(name, node, required)
        return {"widget": "object", "required": required, "collapsed": not required,
                "fields": self._object_fields(node, present=required)}

    def _map(self, name: str, node: Node, required: bool) -> Field:
        """An object whose keys are ids (a tier's notes, an entry's family words, a step's
        conditions): one optional field per key the project has."""
        keys = self.choices.keys(self.kind, name)
        value = self.resolve(node.get("additionalProperties") or {})
        fields = []
        for key in keys:
            answers = self.choices.options(self.kind, f"{name}.{key['value']}")
            if answers is None:
                sub = self.field(key["value"], value, False)
            else:  # a step's condition: any of this question's answers
                sub = {"name": key["value"], **self._select(False, answers, multiple=True),
                       "hint": "Any of these answers; leave empty if the answer does not "
                               "matter. A file may also name one answer on its own: the form "
                               "shows that as empty and keeps it unless you change this field."}
            sub["label"] = key["label"]
            fields.append(sub)
        return {"widget": "object", "required": required, "collapsed": True, "fields": fields}

    def _union(self, name: str, node: Node, alternatives: list[dict[str, Any]],
               required: bool) -> Field:
        """A value of one of several shapes, most often a list of ids, 'all' or 'not stated'.
        Decap has no widget for a choice of shapes: strings alone become one text field whose
        pattern takes each; otherwise the field edits the richest shape, is optional in the
        form (so opening it never rewrites 'all' into a list) and its hint names the words the
        form cannot write."""
        words = [a["const"] for a in alternatives if "const" in a]
        shapes = [a for a in alternatives if "const" not in a]
        if all(a.get("type") == "string" for a in shapes):
            patterns = [a.get("pattern", ".+").strip("^$") for a in shapes]
            patterns += [_escape(w) for w in words]
            described = " or ".join([a["description"].rstrip(".") for a in shapes if
                                     a.get("description")] + [f"'{w}'" for w in words])
            described = described + "." if described else ""
            return {"widget": "string", "required": required,
                    "pattern": ["^(" + "|".join(f"(?:{p})" for p in patterns) + ")$",
                                described or "Use one of the allowed forms."]}
        shape = max(shapes, key=_richness)
        choice = self._choice(name, shape, words, required) if len(shapes) == 1 else None
        if choice is not None:
            return choice
        if "properties" in shape:  # its fields are required whenever the union is
            field = {"widget": "object", "required": False, "collapsed": False,
                     "fields": self._object_fields(shape, present=required)}
        else:
            field = self._widget(name, shape, False)
        if words:
            said = " or ".join(f"'{w}'" for w in words)
            field["_also"] = (f"A file may also say {said}: the form shows that as empty, "
                              "and the file keeps it unless you change this field.")
        return field

    def _choice(self, name: str, shape: Node, words: list[Any],
                required: bool) -> Field | None:
        """True or false, a list of ids, or a set of fields, beside fixed words ('all', 'not
        stated'): one radio button for each value (a list's shows its checkboxes, a set of
        fields' its inputs, made from `fields` as the widget's own), so the form shows the
        file's value as it is and writes exactly the one picked. None for other shapes."""
        choices = [{"label": plain(str(w), VALUE_LABELS), "value": w} for w in words]
        if "properties" in shape and words:  # its sub-fields, shown under "Give the details:"
            return {"widget": CHOICE_WIDGET, "required": required, "choices": choices,
                    "object_label": DETAILS,
                    "fields": self._object_fields(shape, present=True)}
        if shape.get("type") == "boolean":
            return {"widget": CHOICE_WIDGET, "required": required, "choices": YES_NO + choices}
        if shape.get("type") != "array" or self.choices.relation(name):
            return None
        options = self.choices.options(self.kind, name)
        items = self.resolve(shape.get("items", {}))
        if options is None and "enum" in items:
            options = _enum_options(items["enum"])
        if options is None:
            return None
        return {"widget": CHOICE_WIDGET, "required": required, "choices": choices,
                "list_label": CHOOSE, "options": options}


def _richness(node: Node) -> int:
    return {"object": 3, "array": 2}.get(node.get("type", ""), 1)


def _enum_options(values: list[Any]) -> list[dict[str, Any]]:
    return [{"label": plain(str(v), VALUE_LABELS), "value": v} for v in values]


def _pattern_message(node: Node) -> str:
    return node.get("description") or "This is not in the expected form."


def _escape(word: str) -> str:
    return "".join("\\" + c if c in r".^$*+?()[]{}|\/" else c for c in word)
