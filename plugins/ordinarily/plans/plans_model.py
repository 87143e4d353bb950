"""Plan templates as a frozen model: a template's sections and fields, in the council's order."""

from __future__ import annotations

from dataclasses import dataclass

from ordinarily.guide import model as m

# The closed list of field types (the schema's enum says the same).
FIELD_TYPES = ("text", "paragraphs", "date", "review-date", "people", "contacts", "needs",
               "outcomes", "strategies", "self-review", "list", "apdr")
# The columns of the field types that hold rows: (key in the plan's data, heading).
ROW_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "people": (("name", "Name or initials"), ("role", "Role")),
    "contacts": (("name", "Name"), ("role", "Role"), ("contact", "How to contact")),
    "outcomes": (("outcome", "Outcome"), ("measure", "How we will know")),
    "strategies": (("title", "Strategy"), ("who", "Who"), ("how_often", "How often"),
                   ("from", "From when")),
}


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str
    hint: str = ""
    choices: tuple[str, ...] = ()  # self-review: the marks, in order
    step: str = ""  # apdr: the id of a step in needs/apdr.yml


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    fields: tuple[Field, ...]
    hint: str = ""


@dataclass(frozen=True)
class Template:
    id: str  # the file name
    source: str  # the file, relative to the project
    title: str
    summary: str
    sections: tuple[Section, ...]
    draft: bool = False
    draft_note: str = ""  # Markdown
    review: m.Review | None = None
    order: int | None = None  # its place in the list at /plans/ (lower first); None: after those

    @property
    def sort_key(self) -> tuple[bool, int, str, str]:
        """Templates with an `order` first, lowest first; then by title (and id)."""
        return (self.order is None, self.order or 0, self.title.casefold(), self.id)

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    def first_of(self, field_type: str) -> Field | None:
        return next((f for f in self.fields if f.type == field_type), None)


@dataclass(frozen=True)
class Plans:
    """Every template, in the order /plans/ lists them (`order:`, then title)."""

    templates: tuple[Template, ...]

    def template(self, template_id: str) -> Template:
        return next(t for t in self.templates if t.id == template_id)

    @property
    def default(self) -> tuple[Template, Field] | None:
        """The template "Add to plan" starts: the first with a strategies field, and that field."""
        for template in self.templates:
            found = template.first_of("strategies")
            if found is not None:
                return template, found
        return None
