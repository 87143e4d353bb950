"""Under `mkdocs serve` the Local Offer's loader keeps the services it read (local_offer/
service_memo.py) and reads again only files whose bytes changed. The offer it gives must be the
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
