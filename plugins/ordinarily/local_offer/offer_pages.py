"""The Local Offer's pages.

The finder and "You said, we did" are ordinary generated Markdown pages. Service pages and the
browse pages (by need, service type and place) can number in the thousands, so they are
"off-pipeline" pages: HTML bodies the MkDocs adapter wraps in the theme after the build (or
`generate` writes as Markdown), kept out of the nav and the theme's search index. The adapter
checks their links and adds them to the sitemap.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from ordinarily.core.rendering import (
    Page,
    describe,
    html_environment,
    lower_first,
    page_url,
    sentence,
)
from ordinarily.core.safe_markdown import render_block, render_inline
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.guide.pages import PageBuilder, families_src, need_src, page_footer
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer import offer_words as ow
from ordinarily.local_offer.finder_form import finder_form
from ordinarily.local_offer.finder_index import FINDER_DIR, facet_ids
from ordinarily.local_offer.need_services import guide_readers, ranked

FINDER_SRC = "local-offer/index.md"
FEEDBACK_SRC = "local-offer/you-said-we-did.md"
BROWSE_SIZE = 50
BROWSE = {"needs": "local-offer/needs", "types": "local-offer/types",
          "places": "local-offer/places"}
SOURCES = {"parents-carers": "Parents and carers",
           "children-young-people": "Children and young people",
           "practitioners": "People who work with children"}
STATUSES = {"done": "Done", "in-progress": "In progress", "planned": "Planned",
            "not-possible": "Not possible"}
OFFER_TAXONOMY_FILE = "local-offer/taxonomy.yml"
SERVICES_OWN_FILES = "Each service's listing is in its own file in local-offer/services/."


@dataclass(frozen=True)
class OffPage:
    """A page rendered outside the page pipeline: its address, title and HTML body."""

    url: str  # site-relative, ending in /
    title: str
    description: str
    body: str
    lastmod: date | None = None


def service_url(service_id: str) -> str:
    return f"local-offer/services/{service_id}/"


def browse_url(facet: str, term_id: str, number: int = 1) -> str:
    base = f"{BROWSE[facet]}/{term_id}/"
    return base if number == 1 else f"{base}page-{number}/"


def relative(here: str, there: str) -> str:
    """A link from page `here` to page `there` (both site-relative directory URLs, '' for the
    home page; `there` may end in ?query or #anchor)."""
    cut = min((i for i in (there.find("?"), there.find("#")) if i >= 0), default=len(there))
    path, rest = there[:cut], there[cut:]
    ups = [p for p in here.split("/") if p]
    downs = [p for p in path.split("/") if p]
    same = 0
    while same < min(len(ups), len(downs)) and ups[same] == downs[same]:
        same += 1
    rel = "/".join([".."] * (len(ups) - same) + downs[same:])
    if not rel:
        return "./" + rest
    return rel + ("/" if path.endswith("/") or not downs[same:] else "") + rest


NOT_STATED_TEXT = "Not stated: ask the service"


def ages(service: o.Service) -> str:
    if service.age_from is None or service.age_to is None:
        return "Ages not stated"
    if service.age_from == service.age_to:
        return f"Age {service.age_from}"
    return f"Ages {service.age_from} to {service.age_to}"


class OfferSite:
    """Everything the Local Offer publishes, given the model, the guide and the settings."""

    def __init__(self, offer: o.LocalOffer, guide: m.Guide | None, settings: Settings,
                 root: Path) -> None:
        self.root = root
        self.offer = offer
        self.guide = guide
        self.settings = settings
        self.taxonomy = guide.taxonomy if guide else None
        self.words = self.taxonomy.labels if self.taxonomy else m.Labels()  # "phase", "stage"
        self.facets = facet_ids(offer, self.taxonomy)
        self.titles = self._titles()
        self.by_id = {s.id: s for s in offer.listed}
        self.members = self._members()
        self.newest = {key: max((s.reviewed for s in members if s.reviewed), default=None)
                       for key, members in self.members.items()}

    def _members(self) -> dict[tuple[str, str], list[o.Service]]:
        """The services of each browse list, in the finder's order, found in one pass over
        the services (`Service.serves`: none where a field is not stated, every term where it
        says `all`)."""
        members: dict[tuple[str, str], list[o.Service]] = {
            (f, t): [] for f in BROWSE for t in self.facets[f]}
        every = {f: tuple(dict.fromkeys(self.facets[f])) for f in BROWSE}
        for service in self.offer.listed:
            for facet in BROWSE:
                values = getattr(service, facet)
                if values is None:
                    continue
                for term in every[facet] if o.ALL in values else dict.fromkeys(values):
                    found = members.get((facet, term))
                    if found is not None:
                        found.append(service)
        return members

    def _titles(self) -> dict[str, dict[str, str]]:
        t = self.offer.taxonomy
        titles = {"types": {x.id: x.title for x in t.service_types},
                  "audiences": {x.id: x.title for x in t.audiences},
                  "places": {x.id: x.title for x in t.places}, "needs": {}, "phases": {}}
        if self.guide:
            titles["needs"] = {n.id: n.title for n in self.guide.needs}
            titles["phases"] = {p.id: p.title for p in self.guide.taxonomy.phases}
        return titles

    def need_link(self, need_id: str, here: str) -> str | None:
        if not self.guide or need_id not in self.titles["needs"]:
            return None
        return relative(here, page_url(need_src(self.guide.need(need_id))))

    def families_link(self, need_id: str, here: str) -> str | None:
        """The need's view for families, when the guide and its family views are on."""
        if not self.settings.on("families") or self.need_link(need_id, here) is None:
            return None
        return relative(here, page_url(families_src(self.guide.need(need_id))))

    # Off-pipeline pages -------------------------------------------------------------------

    def off_page_keys(self) -> list[tuple[str, str, int]]:
        """(kind, id, page number) of every off-pipeline page, in a stable order."""
        keys = [("service", s.id, 1) for s in self.offer.listed]
        for facet in BROWSE:
            for term_id in self.facets[facet]:
                count = len(self.members[facet, term_id])
                keys += [(facet, term_id, n)
                         for n in range(1, max(1, math.ceil(count / BROWSE_SIZE)) + 1)]
        return keys

    def off_page(self, key: tuple[str, str, int]) -> OffPage:
        kind, item_id, number = key
        if kind == "service":
            return self.service_page(self.by_id[item_id])
        return self.browse_page(kind, item_id, number)

    def off_pages(self) -> Iterator[OffPage]:
        return (self.off_page(key) for key in self.off_page_keys())

    def service_page(self, s: o.Service) -> OffPage:
        here = service_url(s.id)
        org = self.offer.organisations.get(s.organisation)
        needs = [{"title": self.titles["needs"].get(n, n), "href": self.need_link(n, here),
                  "browse": relative(here, browse_url("needs", n))}
                 for n in s.needs or () if n != o.ALL]
        feedback = self.offer.feedback.about("services", s.id) if self.offer.feedback else ()
        report = self.settings.feedback.links(here, s.name, s.source,
                                              subject="Problem with a Local Offer listing")
        body = html_environment().get_template("offer/service.html.j2").render(
            s=s, org=org, ages=ages(s), needs=needs, every_need=o.ALL in (s.needs or ()),
            unknown=set(s.not_stated), not_stated=NOT_STATED_TEXT,
            people_reachable=any(c.phone or c.email for c in s.contacts),
            phases=self._labels("phases", s.phases), phases_label=sentence(self.words.phases),
            places=self._terms("places", s.places, here),
            types=self._terms("types", s.types, here),
            audiences=self._labels("audiences", s.audiences), block=_block, inline=_inline,
            finder=relative(here, page_url(FINDER_SRC)), feedback=[
                {"title": e.title, "href": relative(here, page_url(FEEDBACK_SRC)) + "#" + e.id}
                for e in feedback], report=report,
            account=self.settings.feedback.account_note(s.source), **self._glance(s, here))
        return OffPage(url=here, title=s.name, description=s.summary, body=body,
                       lastmod=s.reviewed)

    def _glance(self, s: o.Service, here: str) -> dict[str, Any]:
        """What 'At a glance' says in words (shared with the finder's cards), the contact
        buttons, and the links to the Local Offer's own sections."""
        taxonomy = self.offer.taxonomy
        funding = {t.id: t for t in taxonomy.funding}
        return {"price": ow.price_words(s, taxonomy), "amount": ow.amount_words,
                "times": [ow.schedule_words(x) for x in s.schedules],
                "place": ow.place_words(s, self.offer, self.settings.council_short_name),
                "funding": [funding[f] for f in s.funding if f in funding],
                "features": {t.id: t for t in taxonomy.venue_features},
                "buttons": _buttons(s.contact), "home": relative(here, ""),
                "you_said": relative(here, page_url(FEEDBACK_SRC))
                if self.offer.feedback else ""}

    def _labels(self, facet: str, values: tuple[str, ...] | None) -> list[str]:
        if values is None or o.ALL in values:
            return []
        return [self.titles[facet].get(v, v) for v in values]

    def _terms(self, facet: str, values: tuple[str, ...] | None,
               here: str) -> list[dict[str, str]]:
        if values is None or o.ALL in values:
            return []
        return [{"title": self.titles[facet][v], "href": relative(here, browse_url(facet, v))}
                for v in values]

    def browse_page(self, facet: str, term_id: str, number: int) -> OffPage:
        here = browse_url(facet, term_id, number)
        services = self.members[facet, term_id]
        pages = max(1, math.ceil(len(services) / BROWSE_SIZE))
        shown = services[(number - 1) * BROWSE_SIZE:number * BROWSE_SIZE]
        term = self.titles[facet].get(term_id, term_id)
        title = {"needs": f"Services for {lower_first(term)}",
                 "types": term, "places": f"Services in {term}"}[facet]
        if number > 1:
            title += f" (page {number} of {pages})"
        query = {"needs": "need", "types": "type", "places": "place"}[facet]
        body = html_environment().get_template("offer/browse.html.j2").render(
            title=title, summary=self._summary(facet, term_id), facet=facet, term=term,
            items=[self._card(s, here) for s in shown], total=len(services),
            first=(number - 1) * BROWSE_SIZE + 1, number=number, pages=[
                {"number": n, "href": relative(here, browse_url(facet, term_id, n))}
                for n in _page_window(number, pages)],
            finder=relative(here, page_url(FINDER_SRC)) + f"?{query}={term_id}",
            need_page=self.need_link(term_id, here) if facet == "needs" else None,
            families_page=self.families_link(term_id, here) if facet == "needs" else None,
            footer=Markup(page_footer(self.settings, here.rstrip("/") + ".md", title, None,
                                      self._browse_source(facet, term_id), SERVICES_OWN_FILES)))
        return OffPage(url=here, title=title, description=self._summary(facet, term_id),
                       body=body, lastmod=self.newest[facet, term_id])

    def _browse_source(self, facet: str, term_id: str) -> str:
        """The file that holds a browse list's heading and summary."""
        if facet == "needs" and self.guide:
            return self.guide.need(term_id).source
        return OFFER_TAXONOMY_FILE

    def _summary(self, facet: str, term_id: str) -> str:
        if facet == "needs" and self.guide:
            return describe(self.guide.need(term_id).summary)
        terms = self.offer.taxonomy.facet("service_types" if facet == "types" else facet)
        return next(t.summary for t in terms if t.id == term_id)

    def _card(self, s: o.Service, here: str) -> dict[str, Any]:
        org = self.offer.organisations.get(s.organisation)
        return {"name": s.name, "href": relative(here, service_url(s.id)), "summary": s.summary,
                "org": org.name if org else "", "ages": ages(s), "free": s.free,
                "open": s.access.open, "status": s.status}

    # Pages through the pipeline ------------------------------------------------------------

    def pages(self) -> list[Page]:
        pages = [self.finder_page()]
        if self.offer.feedback:
            pages.append(self.feedback_page())
        return pages

    def finder_page(self) -> Page:
        here = page_url(FINDER_SRC)
        groups = self._need_groups(here)
        counts = {f: {t: len(self.members[f, t]) for t in self.facets[f]} for f in BROWSE}
        browse = {f: [{"id": t, "title": self.titles[f][t], "count": counts[f][t],
                       "href": relative(here, browse_url(f, t))} for t in self.facets[f]]
                  for f in ("types", "places")}
        return self._builder().render(
            "pages/finder.md.j2", FINDER_SRC, "Find services and support", "finder", None,
            description=f"Search {self.settings.council_short_name}'s Local Offer: services "
                        "and support for children and young people with SEND, aged 0 to 25, "
                        "and their families.",
            groups=groups, counts=counts, browse=browse, titles=self.titles,
            facets=self.facets, total=len(self.offer.listed),
            words=self.words,
            data=posixpath.relpath(FINDER_DIR, here) + "/",
            services=relative(here, "local-offer/services/"),
            feedback_src="you-said-we-did.md" if self.offer.feedback else "",
            **finder_form(self.offer, self.settings))

    def _need_groups(self, here: str) -> list[dict[str, Any]]:
        if not self.guide:
            return []
        return [{"title": a.title, "needs": [
            {"id": n.id, "title": n.title,
             "count": len(self.members["needs", n.id]),
             "href": relative(here, browse_url("needs", n.id))}
            for n in self.guide.needs_in(a.id)]} for a in self.guide.taxonomy.areas]

    def feedback_page(self) -> Page:
        f = self.offer.feedback
        here = page_url(FEEDBACK_SRC)
        entries = [{"e": e, "sources": [SOURCES[x] for x in e.sources],
                    "status": STATUSES[e.status],
                    "services": [{"title": self.by_id[sid].name,
                                  "href": relative(here, service_url(sid))}
                                 for sid in e.services if sid in self.by_id],
                    "needs": [self.guide.need(n) for n in e.needs] if self.guide else [],
                    "pages": [{"src": p, "title": self._page_title(p)} for p in e.pages]}
                   for e in sorted(f.entries, key=lambda e: e.responded,
                                                      reverse=True)]
        return self._builder().render(
            "pages/you-said-we-did.md.j2", FEEDBACK_SRC, "You said, we did", "feedback",
            m.Review(f.reviewed, f.owner), source="local-offer/you-said-we-did.yml",
            description=describe(f.intro) if f.intro else "", feedback=f, entries=entries,
            need_src=need_src)

    def _page_title(self, src: str) -> str:
        """A hand-written page's title, from its front matter (the path if it has none)."""
        text = (self.root / "content" / src).read_text(encoding="utf-8")
        if text.startswith("---"):
            try:
                meta = yaml.safe_load(text.split("---", 2)[1]) or {}
            except yaml.YAMLError:
                meta = {}
            if isinstance(meta, dict) and meta.get("title"):
                return str(meta["title"])
        return src

    def _builder(self) -> PageBuilder:
        return PageBuilder(self.guide, self.settings)

    def need_services(self, need: m.Need, limit: int = 5) -> dict[str, Any]:
        """The first few services for a need, in need_services.ranked's order with no phase
        chosen (`items`) and for each of the need's phases (`by_phase`), and links to the
        rest."""
        here = page_url(need_src(need))
        matching = self.offer.for_need(need.id)
        related = [self.by_id[s] for s in need.related_services if s in self.by_id]
        pool = related + [s for s in matching if s not in related]
        phases = [self.guide.taxonomy.phase(p) for p in need.phases] if self.guide else []
        readers = guide_readers(self.offer.taxonomy)
        return {"items": [self._card(s, here)
                          for s in ranked(pool, need, None, readers)[:limit]],
                "by_phase": {p.id: [self._card(s, here)
                                    for s in ranked(pool, need, p, readers)[:limit]]
                             for p in phases},
                "total": len(matching),
                "finder": relative(here, page_url(FINDER_SRC)) + f"?need={need.id}",
                "browse": relative(here, browse_url("needs", need.id))}

    def page_note(self, src: str) -> str:
        """For a hand-written page changed after feedback: links to the entries (HTML)."""
        if not self.offer.feedback:
            return ""
        entries = self.offer.feedback.about("pages", src)
        if not entries:
            return ""
        here = page_url(src)
        return html_environment().get_template("offer/changed_note.html.j2").render(
            entries=[{"title": e.title, "href": relative(here, page_url(FEEDBACK_SRC)) + "#"
                      + e.id} for e in entries])

    def need_note(self, need_id: str) -> list[dict[str, str]]:
        if not self.offer.feedback or not self.guide:
            return []
        here = page_url(need_src(self.guide.need(need_id)))
        return [{"title": e.title, "href": relative(here, page_url(FEEDBACK_SRC)) + "#" + e.id}
                for e in self.offer.feedback.about("needs", need_id)]

    def nav(self) -> list[Any]:
        entries: list[Any] = [{"Find services and support": FINDER_SRC}]
        if self.offer.feedback:
            entries.append({"You said, we did": FEEDBACK_SRC})
        return entries


def _buttons(contact: o.ContactRoute | None) -> list[dict[str, str]]:
    """Call and email buttons for 'At a glance' (the Contact section lists every route)."""
    if contact is None:
        return []
    buttons = []
    if contact.phone:
        buttons.append({"label": f"Call {contact.phone}",
                        "href": "tel:" + contact.phone.replace(" ", "")})
    if contact.email:
        buttons.append({"label": "Send an email", "href": f"mailto:{contact.email}"})
    return buttons


def _page_window(number: int, pages: int) -> list[int]:
    """The page numbers a pagination bar shows: the first, the last, and two either side."""
    return sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)})


def _block(text: str) -> Markup:
    return Markup(render_block(text))


def _inline(text: str) -> Markup:
    return Markup(render_inline(text))
