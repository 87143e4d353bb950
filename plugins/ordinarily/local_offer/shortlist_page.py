"""The family's shortlist: the page at `/local-offer/my-list/` and the small files it reads.

The list itself is never in the page or on a server: the ids arrive in the page address's
fragment (`#services=a,b`), which browsers do not send, or from the device when the family
chose to keep their list there (`device-store.js`). `shortlist.js` turns the ids into the
finder's result cards: `ids/<first two letters>.json` says which card file holds each id, so
a list of three services fetches a few small files whatever the size of the directory.
"""

from __future__ import annotations

import json
import posixpath
from collections import defaultdict

from ordinarily.core.rendering import Page, page_url
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.guide.pages import PageBuilder
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer.finder_index import CHUNK, FINDER_DIR

SHORTLIST_SRC = "local-offer/my-list.md"
IDS_DIR = f"{FINDER_DIR}/ids"
ID_PREFIX = 2


def id_files(offer: o.LocalOffer) -> dict[str, bytes]:
    """`ids/<prefix>.json`: for each listed service id, its number in the finder's card files
    (service n is card n % chunk of `c/<n // chunk>.json`), sharded by the id's first letters."""
    shards: dict[str, dict[str, int]] = defaultdict(dict)
    for n, service in enumerate(offer.listed):
        shards[service.id[:ID_PREFIX]][service.id] = n
    return {f"{IDS_DIR}/{prefix}.json": _json({"chunk": CHUNK, "ids": ids})
            for prefix, ids in sorted(shards.items())}


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8") + b"\n"


def shortlist_page(guide: m.Guide | None, settings: Settings, finder_src: str) -> Page:
    """The list page. Without JavaScript it says why it is empty and links to the finder and
    its browse lists. Kept out of the nav, the theme's search index and the sitemap."""
    here = page_url(SHORTLIST_SRC)
    return PageBuilder(guide, settings).render(
        "pages/my-list.md.j2", SHORTLIST_SRC, "My list", "shortlist", None,
        description="The services you saved from the Local Offer, to print or share.",
        data=posixpath.relpath(FINDER_DIR, here) + "/",
        services=posixpath.relpath("local-offer/services", here) + "/",
        finder_src=finder_src, council=settings.council_short_name)
