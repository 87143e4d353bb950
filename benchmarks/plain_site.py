"""A plain mkdocs-material site of the same page count, to compare Ordinarily's build with.

`guide_pages` guide pages of about 600 words and `count` service pages of about 150 words (the
same synthetic services the Ordinarily build gets, written as simple Markdown), with an
explicit small nav and the service pages out of it (`not_in_nav`), as in the baseline
measurements (reference/baseline-measurements.md, section 1).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import generate_services as gs
import vocabulary as v
import yaml

CONFIG = {
    "site_name": "Plain comparison site",
    "site_url": "https://plain.example.org.uk/",
    "theme": {"name": "material", "font": False},
    "plugins": ["search"],
    "not_in_nav": "/services/*.md",
}


def write_plain_site(out: Path, guide_pages: int, count: int, seed: int = 1) -> None:
    """Write mkdocs.yml and docs/ for the plain site into `out` (replaced if it exists)."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "services").mkdir()
    guide = [f"guide/topic-{n:03d}.md" for n in range(1, max(2, guide_pages - 1))]
    for n, src in enumerate(guide, 1):
        (docs / src).write_text(_guide_page(n, seed), encoding="utf-8")
    terms = gs.read_terms(gs.EXAMPLE)
    taken: set[str] = set()
    for number in range(count):
        service_id, data = gs.service(terms, seed, number, None, taken)
        (docs / f"services/{service_id}.md").write_text(_service_page(data), encoding="utf-8")
    (docs / "index.md").write_text("# Plain comparison site\n\nA home page.\n", "utf-8")
    (docs / "services/index.md").write_text("# Services\n\nThe services.\n", "utf-8")
    nav = [{"Home": "index.md"}, {"Guide": guide}, {"Services": "services/index.md"}]
    config = {**CONFIG, "nav": nav}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")


def _guide_page(number: int, seed: int) -> str:
    rng = random.Random(f"{seed}:guide:{number}")
    parts = [f"# Guide topic {number}\n"]
    for section in range(1, 5):
        parts.append(f"## Part {section}: {gs.TOPICS.pick(rng)}\n")
        for _ in range(3):
            sentences = [rng.choice(v.SENTENCES) for _ in range(4)]
            parts.append(" ".join(s.replace("{", "").replace("}", "") for s in sentences) + "\n")
        parts.append("".join(f"- {gs.TOPICS.pick(rng)}\n" for _ in range(4)))
    return "\n".join(parts)


def _service_page(data: dict) -> str:
    needs = data["needs"] if data["needs"] == "all" else ", ".join(data["needs"])
    places = data["places"] if data["places"] == "all" else ", ".join(data["places"])
    contact = data["contact"]
    rows = [("Ages", f"{data['ages']['from']} to {data['ages']['to']}"), ("Needs", needs),
            ("Where", places), ("Cost", "Free" if data["free"] else "Charges apply"),
            ("Contact", next(iter(contact.values())))]
    table = "| | |\n| --- | --- |\n" + "".join(f"| {k} | {val} |\n" for k, val in rows)
    return f"# {data['name']}\n\n{data['summary']}\n\n{data['description']}\n{table}"
