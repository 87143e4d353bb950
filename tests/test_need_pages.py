"""Need pages start with what to do (issue 25): the "Start here" box, collapsible tiers,
permalinks instead of "Link to this strategy", and the checker's introduction split in two.

Expected steps are written out from the example files (the entries marked `first_step: true`, or
the first entry at each checker tier where a need marks none), not computed by the engine."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ordinarily.checker.checker_page import intro_parts
from ordinarily.core.settings import load_settings
from ordinarily.guide.loader import load_guide
from ordinarily.guide.pages import PageBuilder

from conftest import EXAMPLE, ROOT

HARROWDENE = ROOT / "tests/examples/harrowdene"
WESTMOOR = ROOT / "tests/examples/westmoor"


def need_page(project: Path, need_id: str) -> str:
    guide = load_guide(project)
    builder = PageBuilder(guide, load_settings(project))
    return builder.need_page(guide.need(need_id)).content


def start_box(content: str) -> str:
    match = re.search(r'<div class="ord-start".*?\n</div>\n', content, re.S)
    assert match, "the page has no Start here box"
    return match.group(0)


def steps(box: str) -> list[tuple[str, str, str]]:
    """(anchor, title, phases) of each step, in order."""
    return re.findall(r'<li data-phases="([^"]*)"><a href="#([^"]+)">([^<]+)</a>', box)


def test_start_here_lists_the_marked_first_steps_of_every_phase_in_page_order() -> None:
    content = need_page(EXAMPLE, "attention-and-impulsivity")
    box = start_box(content)
    assert steps(box) == [
        ("early-years primary secondary post-16", "give-short-clear-instructions",
         "Give instructions in short chunks"),
        ("early-years primary", "keep-routines-predictable",
         "Keep routines the same and signal changes"),
        ("secondary post-16", "teach-planning-and-organisation",
         "Teach planning and organisation in lessons"),
        ("early-years primary", "use-a-now-and-next-board",
         'Use a "now and next" board or task list'),
        ("primary secondary", "set-up-check-in-and-check-out",
         "Set up a daily check-in and check-out"),
        ("post-16", "offer-study-skills-coaching", "Offer regular study skills coaching"),
    ]
    assert "marks no first steps" not in box  # every phase has marked ones
    assert content.index('class="ord-start"') < content.index("#section-notice")
    assert 'href="../../../checker/"' in box


def test_start_here_without_marked_first_steps_says_where_the_steps_come_from() -> None:
    box = start_box(need_page(HARROWDENE, "worry-and-anxiety"))
    every = "0-to-5 5-to-11 11-to-16 16-to-25"
    assert [(p, a) for p, a, _ in steps(box)] == [(every, "warm-welcome"),
                                                  (every, "check-in-check-out")]
    assert ("This guide marks no first steps for this need: these are the first entries listed "
            "under Wave 1: quality first teaching and Wave 2: targeted support.") in box
    assert "First step" not in box


def test_start_here_links_land_on_entries_of_the_page() -> None:
    content = need_page(WESTMOOR, "long-term-conditions")
    anchors = [a for _, a, _ in steps(start_box(content))]
    assert anchors
    for anchor in anchors:
        assert re.search(rf'<section class="ord-entry[^"]*" id="{anchor}"', content), anchor


def test_entries_have_a_named_permalink_not_link_to_this_strategy() -> None:
    content = need_page(EXAMPLE, "autism")
    entries = re.findall(r'<section class="ord-entry[^"]*" id="([^"]+)"', content)
    links = re.findall(r'<a class="ord-permalink" href="#([^"]+)">.*?Permalink: ', content)
    assert entries and links == entries
    assert "Link to this strategy" not in content


def test_every_tier_section_is_a_collapsible_block_after_its_heading() -> None:
    content = need_page(EXAMPLE, "hearing")
    headings = re.findall(r"^### .* \{: #(tier-[a-z-]+) \}\n\n<div class=\"ord-collapsible\" "
                          r"id=\"(tier-[a-z-]+)-content\" data-ord-collapsible", content, re.M)
    assert [h for h, _ in headings] == ["tier-universal", "tier-sen-support", "tier-specialist"]
    assert all(h == body for h, body in headings)


def test_checker_introduction_keeps_its_first_paragraph_in_front() -> None:
    guide = load_guide(EXAMPLE)
    lead, more = intro_parts(guide.checker.intro)
    assert lead.startswith("Use this checker when you sense") and lead.endswith("parent or carer.")
    assert more.startswith("Tick what you have noticed") and "Assess, Plan, Do, Review" in more
    westmoor = load_guide(WESTMOOR).checker.intro
    assert intro_parts(westmoor) == (westmoor.strip(), "")


# --- Services on a need page ----------------------------------------------------------------------

def _offer_and_guide(project: Path = EXAMPLE):
    from ordinarily.local_offer.offer_loader import load_local_offer

    guide = load_guide(project)
    return load_local_offer(project, guide.taxonomy), guide


def test_services_rank_by_phase_fit_need_readers_then_name() -> None:
    from ordinarily.local_offer.need_services import guide_readers, ranked

    offer, guide = _offer_and_guide()
    need = guide.need("attention-and-impulsivity")
    base = offer.for_need(need.id)[0]
    toy = [replace(base, id=i, name=n, needs=needs, phases=phases, age_from=a, age_to=b,
                   audiences=aud)
           for i, n, needs, phases, a, b, aud in [
               ("youth-club", "A youth club", (need.id,), ("secondary",), 11, 19,
                ("children-and-young-people",)),
               ("ehc", "An assessment", ("all",), ("all",), 0, 25, ("practitioners",)),
               ("parents", "B parents' line", (need.id,), ("all",), 0, 25, ("families",)),
               ("schools", "C advice for schools", (need.id,), ("primary",), 4, 11,
                ("practitioners", "families")),
               ("unknown", "D no phases stated", (need.id,), None, None, None,
                ("practitioners",)),
               ("too-old", "E says primary, ages 16 to 25", (need.id,), ("primary",), 16, 25,
                ("practitioners",)),
           ]]
    readers = guide_readers(offer.taxonomy)
    assert readers == {"practitioners"}
    primary = guide.taxonomy.phase("primary")
    assert [s.id for s in ranked(toy, need, primary, readers)] == [
        "schools", "parents", "ehc", "unknown", "too-old", "youth-club"]
    assert [s.id for s in ranked(toy, need, None, readers)] == [
        "schools", "unknown", "too-old", "youth-club", "parents", "ehc"]
    assert [s.id for s in ranked(toy, replace(need, related_services=("youth-club",)), primary,
                                 readers)][:2] == ["schools", "parents"]  # named, but not primary
    assert [s.id for s in ranked(toy, need, primary)] == [  # no audience marked: by name
        "parents", "schools", "ehc", "youth-club", "unknown", "too-old"]


def test_a_need_page_lists_services_for_each_phase() -> None:
    from ordinarily.local_offer.offer_pages import OfferSite

    offer, guide = _offer_and_guide()
    site = OfferSite(offer, guide, load_settings(EXAMPLE), EXAMPLE)
    lists = site.need_services(guide.need("attention-and-impulsivity"))
    primary = [card["name"] for card in lists["by_phase"]["primary"]]
    assert primary[0] == "Educational psychology consultation for schools and settings"
    assert "Bramley inclusive youth club" not in primary  # ages 11 to 19
    assert all("EHC" not in name and "education, health and care" not in name
               for cards in lists["by_phase"].values() for name in (c["name"] for c in cards))
    assert set(lists["by_phase"]) == {"early-years", "primary", "secondary", "post-16"}
