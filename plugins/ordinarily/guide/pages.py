"""Generated pages: the model rendered as Markdown with front matter, plus the nav for them.

Pages are plain Markdown (structure as Markdown headings and links, contributed text as
sanitised HTML blocks), so they build with MkDocs, ProperDocs or another generator.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

import yaml
from markupsafe import Markup

from ordinarily.core.rendering import (
    Page,
    Redirect,
    describe,
    environment,
    html_environment,
    joined,
    page_url,
    sentence,
    theme_attribute,
    theme_text,
)
from ordinarily.core.safe_markdown import plain, render_inline
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.guide.search_weights import search_meta

TAXONOMY_FILE = "needs/taxonomy.yml"
NEEDS_OWN_FILES = "Each need's summary and what you might notice are in the need's own file."


def area_src(area_id: str) -> str:
    return f"needs/{area_id}/index.md"


def need_src(need: m.Need) -> str:
    return f"needs/{need.area}/{need.id}.md"


def families_src(need: m.Need) -> str:
    """The need's view for families (guide/family_view.py)."""
    return f"needs/{need.area}/{need.id}/families.md"


def page_footer(settings: Settings, src: str, title: str, review: m.Review | None,
                source: str = "", more: str = "") -> str:
    """The 'last reviewed' and 'suggest a change' block that ends every page: the routes that
    need no account, the GitHub link where the settings give one, and the file that holds the
    page's words (`source`), with `more` saying where the rest comes from."""
    feedback = settings.feedback.links(page_url(src) or "home", title, source)
    return html_environment().get_template("partials/page_footer.html.j2").render(
        review=review, feedback=feedback, source=source, more=more,
        account=settings.feedback.account_note(source)).strip()


class PageBuilder:
    def __init__(self, guide: m.Guide | None, settings: Settings,
                 offer: Any = None) -> None:
        self.guide = guide
        self.settings = settings
        self.offer = offer  # an OfferSite when the Local Offer is on
        self.all_phases = tuple(p.id for p in guide.taxonomy.phases) if guide else ()

    def phase_tags(self, phases: tuple[str, ...]) -> Markup:
        words = self.guide.taxonomy.labels
        if phases == self.all_phases:
            labels = [f"Every {words.phase}"]
        else:
            labels = [self.guide.taxonomy.phase(p).title for p in phases]
        tags = "".join(f'<span class="ord-tag">{plain(label)}</span>' for label in labels)
        return Markup(f' <span class="ord-tags" aria-label="{plain(sentence(words.phases))}">'
                      f'{tags}</span>')

    def render(self, template: str, src: str, title: str, kind: str,
               review: m.Review | None, source: str = "", description: str = "",
               more: str = "", **context: Any) -> Page:
        def link_md(target: str, text: str) -> Markup:
            path, _, anchor = target.partition("#")
            rel = posixpath.relpath(path, posixpath.dirname(src) or ".")
            return Markup(f"[{render_inline(text)}]({rel}{'#' + anchor if anchor else ''})")

        def link_to(target: str) -> str:
            """The address of another generated page, relative to this one (for HTML blocks)."""
            return posixpath.relpath(page_url(target), page_url(src) or ".") + "/"

        meta: dict[str, Any] = {"title": theme_text(title),
                                "ordinarily": {"kind": kind, "id": page_url(src)},
                                **search_meta(kind)}
        if description:
            meta["description"] = theme_attribute(description)
        if review:
            meta["ordinarily"]["reviewed"] = review.reviewed.isoformat()
        if source:
            meta["ordinarily"]["source"] = source
        content = environment().get_template(template).render(
            front_matter=Markup(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True,
                                               width=1000).strip()),
            title=title,
            footer=Markup(page_footer(self.settings, src, title, review, source, more)),
            link_md=link_md,
            link_to=link_to,
            phase_tags=self.phase_tags,
            tiers=self.guide.taxonomy.tiers if self.guide else (),
            labels=self.guide.taxonomy.labels if self.guide else m.Labels(),
            steps=self.guide.apdr.steps if self.guide and self.guide.apdr else (),
            apdr_src="apdr.md",
            plans_on=self.settings.on("plans"),  # entries carry "Add to plan" markers
            **context,
        )
        return Page(src=src, content=content, title=title)

    def need_page(self, need: m.Need) -> Page:
        related = [{"src": need_src(self.guide.need(n)), "title": self.guide.need(n).title}
                   for n in need.related_needs]
        return self.render(
            "pages/need.md.j2", need_src(need), need.title, "need", need.review,
            source=need.source, description=describe(need.summary), need=need,
            area=self.guide.area(need.area), area_src=area_src(need.area), related=related,
            need_phases=[self.guide.taxonomy.phase(p) for p in need.phases],
            tier_sections=tier_sections(need, self.guide.taxonomy),
            starts=self.starts(need),
            start_here=self.start_here(need),
            checker_on=bool(self.guide.checker) and self.settings.on("checker"),
            services=self.offer.need_services(need) if self.offer else None,
            changed=self.offer.need_note(need.id) if self.offer else [],
            families_src=families_src(need) if self.settings.on("families") else None,
        )

    def starts(self, need: m.Need) -> dict[str, list[str]]:
        """Entries the checker suggests first where the need marks no first step for a phase
        (see Need.first_steps): entry id -> the titles of those phases, or [] when they are all
        the entry's phases."""
        phases: dict[str, list[str]] = {}
        for phase in need.phases:
            entries, marked = need.first_steps(phase, self.guide.taxonomy)
            for entry in () if marked else entries:
                phases.setdefault(entry.id, []).append(phase)
        return {entry_id: [] if tuple(ids) == need.entry(entry_id).phases
                else [self.guide.taxonomy.phase(p).title for p in ids]
                for entry_id, ids in phases.items()}

    def start_here(self, need: m.Need) -> dict[str, Any]:
        """The need page's "Start here" box: for each phase, what `Need.first_steps` gives (the
        council's marked first steps, else the first entries at the checker's tiers), joined in
        page order. Each step lists the phases it starts (data-phases, so `?phase=` narrows the
        box like the page) and `unmarked` the phases that fall back on first entries."""
        order = {p.id: i for i, p in enumerate(need.provision)}
        tier_order = {t.id: i for i, t in enumerate(self.guide.taxonomy.tiers)}
        phases: dict[str, list[str]] = {}
        unmarked: list[str] = []
        for phase in need.phases:
            entries, marked = need.first_steps(phase, self.guide.taxonomy)
            if entries and not marked:
                unmarked.append(phase)
            for entry in entries:
                phases.setdefault(entry.id, []).append(phase)
        entries = sorted((need.entry(i) for i in phases),
                         key=lambda p: (tier_order[p.tier], order[p.id]))
        taxonomy = self.guide.taxonomy
        steps = [{"entry": e, "tier": taxonomy.tier(e.tier).title, "phases": phases[e.id],
                  "labels": [] if tuple(phases[e.id]) == need.phases
                  else [taxonomy.phase(p).title for p in phases[e.id]]}
                 for e in entries]
        return {"steps": steps, "unmarked": unmarked,
                "note": _unmarked_note(need, unmarked, taxonomy) if unmarked else ""}

    def area_page(self, area: m.Area) -> Page:
        needs = [{"id": n.id, "src": need_src(n), "title": n.title, "summary": n.summary,
                  "notice": n.notice} for n in self.guide.needs_in(area.id)]
        newest = _newest(n.review for n in self.guide.needs_in(area.id))
        return self.render("pages/area.md.j2", area_src(area.id), area.title, "area", newest,
                           source=TAXONOMY_FILE, more=NEEDS_OWN_FILES,
                           description=describe(area.summary), area=area, needs=needs)

    def areas_page(self) -> Page:
        areas = [{"id": a.id, "src": area_src(a.id), "title": a.title, "summary": a.summary,
                  "needs": [{"src": need_src(n), "title": n.title}
                            for n in self.guide.needs_in(a.id)]}
                 for a in self.guide.taxonomy.areas]
        newest = _newest(n.review for n in self.guide.needs)
        taxonomy = self.guide.taxonomy
        return self.render("pages/areas.md.j2", "needs/index.md",
                           sentence(taxonomy.labels.areas), "areas", newest, areas=areas,
                           intro=taxonomy.intro, source=TAXONOMY_FILE)

    def universal_page(self) -> Page:
        u = self.guide.universal
        return self.render("pages/universal.md.j2", "universal.md", u.title, "universal",
                           u.review, source="needs/universal.yml",
                           description=describe(u.intro), universal=u,
                           need_phases=self.guide.taxonomy.phases)

    def apdr_page(self) -> Page:
        a = self.guide.apdr
        needs = [{"src": need_src(n), "title": n.title} for n in self.guide.needs]
        return self.render("pages/apdr.md.j2", "apdr.md", a.title, "apdr", a.review,
                           source="needs/apdr.yml", description=describe(a.intro), apdr=a,
                           needs=needs)

    def glossary_page(self) -> Page:
        g = self.guide.glossary
        letters: dict[str, list[m.GlossaryTerm]] = {}
        for term in sorted(g.terms, key=lambda t: t.term.casefold()):
            first = term.term[0].upper()
            letters.setdefault(first if first.isalpha() else "#", []).append(term)
        return self.render("pages/glossary.md.j2", "glossary.md", g.title, "glossary", g.review,
                           source="needs/glossary.yml", glossary=g,
                           letters=sorted(letters.items()))


def _unmarked_note(need: m.Need, unmarked: list[str], taxonomy: m.Taxonomy) -> str:
    """Says which phases fall back on first entries, so no entry is called a first step that
    the council did not mark."""
    which = ("this need" if tuple(unmarked) == need.phases
             else joined([taxonomy.phase(p).title for p in unmarked], "or"))
    tiers = joined([t.title for t in taxonomy.checker_tiers])
    return f"This guide marks no first steps for {which}: these are the first entries listed " \
           f"under {tiers}."


def tier_sections(need: m.Need, taxonomy: m.Taxonomy) -> list[dict[str, Any]]:
    """The need page's tiers: those with entries or a note for this need, never an empty one."""
    sections = [{"tier": t, "entries": need.at_tier(t.id), "note": need.tier_notes.get(t.id, "")}
                for t in taxonomy.tiers]
    return [s for s in sections if s["entries"] or s["note"]]


def _newest(reviews: Iterable[m.Review | None]) -> m.Review | None:
    """The latest review among the ones given (None when no part gives a date)."""
    return max((r for r in reviews if r is not None), key=lambda r: r.reviewed, default=None)


def build_guide_pages(guide: m.Guide, settings: Settings, offer: Any = None) -> list[Page]:
    """Every page of the OAP guide (need pages list services when `offer` is an OfferSite)."""
    b = PageBuilder(guide, settings, offer)
    pages = [b.areas_page()]
    pages += [b.area_page(a) for a in guide.taxonomy.areas]
    pages += [b.need_page(n) for n in guide.needs]
    pages += [b.universal_page(), b.apdr_page(), b.glossary_page()]
    return pages


def guide_redirects(guide: m.Guide) -> list[Redirect]:
    """Old addresses retired through `formerly:` and where each now lives."""
    redirects = []
    for area in guide.taxonomy.areas:
        for old in area.formerly:
            redirects.append(Redirect(area_src(old), area_src(area.id), "needs/taxonomy.yml"))
    for need in guide.needs:
        for old in need.formerly:
            redirects.append(Redirect(f"needs/{need.area}/{old}.md", need_src(need),
                                      need.source))
    return redirects


def guide_nav(guide: m.Guide) -> list[Any]:
    """The nav of the guide's generated pages, in MkDocs' `nav:` form (labels escaped: the
    theme prints them as HTML)."""
    areas: list[Any] = ["needs/index.md"]
    for area in guide.taxonomy.areas:
        children: list[Any] = [area_src(area.id)]
        children += [{theme_text(n.title): need_src(n)} for n in guide.needs_in(area.id)]
        areas.append({theme_text(area.title): children})
    return [
        {theme_text(sentence(guide.taxonomy.labels.areas)): areas},
        {theme_text(guide.universal.title): "universal.md"},
        {theme_text(guide.apdr.title): "apdr.md"},
        {theme_text(guide.glossary.title): "glossary.md"},
    ]
