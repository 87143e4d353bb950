"""The council's settings, read from `ordinarily.yml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ordinarily.core.colours import contrast_problems
from ordinarily.core.problems import ContentError
from ordinarily.core.schemas import validate
from ordinarily.core.settings_files import file_problems
from ordinarily.core.yamlfile import YamlFile, read_yaml

SETTINGS_FILE = "ordinarily.yml"
DEFAULT_PRIMARY = "#1d5c63"
DEFAULT_ACCENT = "#8a3b12"
SECTIONS = ("guide", "checker", "local_offer", "changes", "maintainers", "families",
            "next_steps", "plans")


@dataclass(frozen=True)
class Feedback:
    email: str = ""
    form: str = ""
    edit_base: str = ""

    def links(self, page_id: str, title: str, source: str = "",
              subject: str = "Suggested change") -> list[tuple[str, str]]:
        """(label, href) pairs for 'suggest a change' on one page; no account needed."""
        links = []
        if self.form:
            href = self.form.replace("{page}", quote(page_id)).replace("{title}", quote(title))
            links.append(("Use the online form", href))
        if self.email:
            line = quote(f"{subject}: {title} [{page_id}]")
            links.append((f"Email {self.email}", f"mailto:{self.email}?subject={line}"))
        if self.edit_base and source:
            links.append(("Edit the source on GitHub", self.edit_base + source))
        return links

    def account_note(self, source: str = "") -> str:
        """The sentence after those links: the form and email need no account; GitHub does."""
        if self.edit_base and source:
            return "Only GitHub needs an account."
        return "No account is needed."


@dataclass(frozen=True)
class Checks:
    """`checks:` in ordinarily.yml, for `ordinarily check-content`."""

    words: str = "words.txt"  # the word list, relative to the project
    words_given: bool = False  # named in the settings (so it must exist)
    reading_minimum: float = 50
    reading_block: bool = False
    stale_after_months: int = 12


RULES = ("provision_at_every_tier", "first_steps", "seek_help", "review_dates", "area_summaries")


@dataclass(frozen=True)
class Rules:
    """`rules:` in ordinarily.yml: the guide's optional parts the council requires. A missing
    part is a gap that `ordinarily check-content` reports; it fails the check only when its
    rule is on. Every rule is off unless the council switches it on."""

    provision_at_every_tier: bool = False
    first_steps: bool = False
    seek_help: bool = False
    review_dates: bool = False
    area_summaries: bool = False

    def on(self, rule: str) -> bool:
        return bool(getattr(self, rule))


@dataclass(frozen=True)
class Help:
    """`local_offer: help:` in ordinarily.yml: who a family can ring or email when the finder
    finds nothing (e.g. the Family Information Service)."""

    name: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Settings:
    council_name: str
    council_short_name: str
    council_website: str
    site_name: str
    site_url: str
    site_description: str
    language: str
    contact: dict[str, str]
    feedback: Feedback
    primary: str
    accent: str
    logo: str
    favicon: str
    sections: dict[str, bool] = field(default_factory=dict)
    raw: dict = field(default_factory=dict, repr=False)

    def on(self, section: str) -> bool:
        return self.sections.get(section, True)

    @property
    def checks(self) -> Checks:
        data = self.raw.get("checks") or {}
        reading = data.get("reading_ease") or {}
        return Checks(words=data.get("words", Checks.words), words_given="words" in data,
                      reading_minimum=reading.get("minimum", Checks.reading_minimum),
                      reading_block=reading.get("block", Checks.reading_block),
                      stale_after_months=data.get("stale_after_months",
                                                  Checks.stale_after_months))

    @property
    def local_offer_help(self) -> Help | None:
        """The finder's 'no results' contact; None: the finder uses `contact` (the SEND team)."""
        found = (self.raw.get("local_offer") or {}).get("help")
        return Help(**found) if found else None

    @property
    def review_after_weeks(self) -> int | None:
        """`plans: review_after_weeks:` the weeks from a support plan to its review (the APDR
        review interval the guide gives); None when the council sets none, and a plan's
        review date then starts empty: the engine never invents an interval."""
        return (self.raw.get("plans") or {}).get("review_after_weeks")

    @property
    def rules(self) -> Rules:
        data = self.raw.get("rules") or {}
        return Rules(**{rule: bool(data.get(rule, False)) for rule in RULES})


def load_settings(root: Path) -> Settings:
    """Read and check `ordinarily.yml` in `root`."""
    path = root / SETTINGS_FILE
    if not path.exists():
        from ordinarily.core.problems import Problem

        raise ContentError([Problem(SETTINGS_FILE, 0, "the settings file is missing; copy "
                                    "ordinarily.yml from the Ordinarily template and fill it in")])
    doc = read_yaml(path, root)
    problems = validate(doc, "settings")
    problems += _check_feedback(doc)
    problems += file_problems(doc, root)
    if not problems:
        problems += _check_contrast(doc)
    if problems:
        raise ContentError(problems)
    return settings_from(doc.data)


def _check_contrast(doc: YamlFile) -> list:
    """Branding colours the theme cannot show readably fail the build, naming the pair."""
    branding = doc.data.get("branding") or {}
    colours = {"primary": branding.get("primary", DEFAULT_PRIMARY),
               "accent": branding.get("accent", DEFAULT_ACCENT)}
    return [doc.problem(("branding", field) if field in branding else ("branding",), message)
            for field, message in contrast_problems(colours).items()]


def _check_feedback(doc: YamlFile) -> list:
    if not isinstance(doc.data, dict):
        return []  # the schema has already said what the file should be
    feedback = doc.data.get("feedback") or {}
    if not isinstance(feedback, dict):
        return []  # and what `feedback` should be
    if not feedback.get("email") and not feedback.get("form"):
        return [doc.problem(("feedback",), "give 'email' or 'form' (or both): families without "
                                           "an account must be able to suggest a change")]
    return []


def settings_from(data: dict) -> Settings:
    council = data["council"]
    site = data["site"]
    branding = data.get("branding") or {}
    return Settings(
        council_name=council["name"],
        council_short_name=council.get("short_name", council["name"]),
        council_website=council.get("website", ""),
        site_name=site["name"],
        site_url=site["url"],
        site_description=site.get("description", ""),
        language=site.get("language", "en-GB"),
        contact=dict(data.get("contact") or {}),
        feedback=Feedback(**(data.get("feedback") or {})),
        primary=branding.get("primary", DEFAULT_PRIMARY),
        accent=branding.get("accent", DEFAULT_ACCENT),
        logo=branding.get("logo", ""),
        favicon=branding.get("favicon", ""),
        sections={s: bool((data.get("sections") or {}).get(s, True)) for s in SECTIONS},
        raw=data,
    )
