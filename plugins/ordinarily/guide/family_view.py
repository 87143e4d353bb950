"""A family's view of each need, at /needs/<area>/<need>/families/: the need's own `families:`
text where the council writes it, and what the setting should already be doing, drawn from the
need's entries at the tiers the taxonomy marks `families_expect`.

Nothing is invented: a part the council does not write and the entries cannot give is left out,
and `ordinarily check-content` lists needs whose family view is thin (checks/family_views.py).
"""

from __future__ import annotations

import posixpath
from typing import Any

from ordinarily.core.rendering import Page, Redirect, describe, joined, page_url
from ordinarily.guide import model as m
from ordinarily.guide.pages import PageBuilder, families_src, need_src

SERVICES = "local-offer/services"  # the Local Offer's service pages (URL contract)
BROWSE_NEEDS = "local-offer/needs"  # its browse-by-need pages


def family_title(need: m.Need) -> str:
    return f"{need.title}: for families"


def _href(here: str, there: str) -> str:
    """A link between two site-relative directory URLs, for HTML blocks."""
    return posixpath.relpath(there, here.rstrip("/") or ".") + "/"


def advice(builder: PageBuilder, need: m.Need, here: str) -> dict[str, Any] | None:
    """The advice services the need names (in its order) and the Local Offer's list for the
    need; None when the Local Offer is switched off."""
    if builder.offer is None:
        return None
    named = need.families.advice_services if need.families else ()
    services = [builder.offer.by_id[s] for s in named if s in builder.offer.by_id]
    return {"services": [{"id": s.id, "name": s.name, "summary": s.summary,
                          "href": _href(here, f"{SERVICES}/{s.id}/")} for s in services],
            "browse": _href(here, f"{BROWSE_NEEDS}/{need.id}/")}


def family_page(builder: PageBuilder, need: m.Need) -> Page:
    taxonomy = builder.guide.taxonomy
    src = families_src(need)
    here = page_url(src)
    view = need.families or m.FamilyView()
    tiers = [t.title for t in taxonomy.families_tiers]
    should = setting_should(need, taxonomy, _href(here, page_url(need_src(need))))
    return builder.render(
        "pages/families.md.j2", src, family_title(need), "families", need.review,
        source=need.source, description=describe(need.summary), need=need, view=view,
        need_src=need_src(need), should=should, should_tiers=joined(tiers),
        advice=advice(builder, need, here), council=builder.settings.council_short_name)


def setting_should(need: m.Need, taxonomy: m.Taxonomy, need_href: str) -> list[dict[str, Any]]:
    """What the setting should already be doing, by tier (tiers with no entries left out)."""
    entries = need.setting_should(taxonomy)
    groups = [{"tier": t, "items": [{"entry": e, "text": text, "href": need_href}
                                    for e, text in entries if e.tier == t.id]}
              for t in taxonomy.families_tiers]
    return [g for g in groups if g["items"]]


def family_pages(guide: m.Guide, builder: PageBuilder) -> list[Page]:
    return [family_page(builder, n) for n in guide.needs]


def family_redirects(guide: m.Guide) -> list[Redirect]:
    """A need renamed through `formerly:` keeps its old family view address too."""
    return [Redirect(f"needs/{need.area}/{old}/families.md", families_src(need), need.source)
            for need in guide.needs for old in need.formerly]
