"""Under `mkdocs serve` the Local Offer's loader keeps the services it read (local_offer/
service_memo.py) and reads again only files whose bytes changed; a build keeps them while it
reads the earlier edition it compares with. The offer it gives must be the
one a load from scratch gives, and every problem must still be found, also when what a service
is checked against (its organisation) changes while its own file does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ordinarily.assembly.project import load_project
from ordinarily.core.problems import ContentError
from ordinarily.local_offer.offer_model import LocalOffer
from ordinarily.local_offer.service_memo import ServiceMemo, using
from ordinarily.review.history import build_history

from conftest import EXAMPLE

SERVICE = "local-offer/services/accessible-play-days-half-term.yml"


def offer(root: Path, memo: ServiceMemo | None) -> LocalOffer:
    with using(memo):
        found = load_project(root, cache=None).offer
    assert found is not None
    return found


def problems(root: Path, memo: ServiceMemo | None) -> list[str]:
    with using(memo), pytest.raises(ContentError) as raised:
        load_project(root, cache=None)
    return [f"{p.file}:{p.line}: {p.message}" for p in raised.value.problems]


def test_kept_services_match_a_load_from_scratch(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site", ".*"))
    memo = ServiceMemo()
    assert offer(root, memo) == offer(root, None)
    assert memo.services  # it did keep them

    service = root / SERVICE
    text = service.read_text("utf-8")
    service.write_text(text.replace("summary: ", "summary: Now weekly. ", 1), "utf-8")
    edited = offer(root, memo)
    assert edited == offer(root, None)
    assert [s.summary for s in edited.services
            if s.id == "accessible-play-days-half-term"][0].startswith("Now weekly.")

    # The organisation a service names goes away: that service's own file is unchanged, and
    # its problem is reported all the same.
    organisation = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                        if line.startswith("organisation:"))
    (root / "local-offer" / "organisations" / f"{organisation}.yml").unlink()
    expected = problems(root, None)
    assert any(SERVICE in p for p in expected)
    assert problems(root, memo) == expected


def test_a_build_reads_the_services_an_earlier_edition_shares_once(tmp_path: Path) -> None:
    """A build keeps what it read while it compares with the previous edition: a service file
    the earlier edition holds unchanged is not read twice, an edited one is read from its own
    bytes, and /changes/ lists what it lists without the memo."""
    root = tmp_path / "project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site", ".*"))
    earlier = root / "previous-edition" / "local-offer"
    shutil.copytree(root / "local-offer", earlier)
    edited = earlier / "services" / "accessible-play-days-half-term.yml"
    edited.write_text(edited.read_text("utf-8").replace("summary: ", "summary: Was monthly. ",
                                                        1), "utf-8")
    memo = ServiceMemo()
    with using(memo):
        project = load_project(root, cache=None)
        shared = build_history(project)
    without = build_history(load_project(root, cache=None))
    assert shared.comparison is not None and without.comparison is not None
    assert sorted(map(repr, shared.comparison.changes)) == \
        sorted(map(repr, without.comparison.changes))
    assert any("accessible-play-days-half-term" in repr(c) for c in shared.comparison.changes)

    # What the memo holds last: the earlier edition's services, which are this version's own
    # objects but for the edited one.
    assert project.offer is not None
    held = {Path(place).stem: service for place, (_, service) in memo.services.items()}
    assert sorted(held) == sorted(s.id for s in project.offer.services)
    for service in project.offer.services:
        if service.id == "accessible-play-days-half-term":
            assert held[service.id].summary.startswith("Was monthly.")
        else:
            assert held[service.id] is service, service.id
