"""Open Referral UK carries a service's cost options with their units, its funding routes, its
structured schedules, and its venues' accessibility features and coordinates: the export still
validates against the official schemas, and the import maps them back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import test_offer_structured as structured
import yaml
from test_oruk import check, export, full_services, schema, write_feed

from ordinarily.open_referral.oruk_import import import_feed

NEW, OLD = structured.NEW, structured.OLD
offer_project = structured.offer_project  # the fixture: a project with the structured fields


def exported(project: Path, name: str) -> dict:
    return next(s for s in full_services(export(project)).values() if s["name"] == name)


def test_the_export_carries_the_structured_fields_and_validates(offer_project: Path) -> None:
    service = exported(offer_project, "Holiday Play Test")
    check(service, schema("service.json"), "Holiday Play Test")
    assert [(c["option"], c["amount"], c["amount_description"])
            for c in service["cost_options"]] == [("Per day", 8, "Per day")]
    assert [f["source"] for f in service["funding"]] == ["Holiday food programme",
                                                          "Short breaks grant"]
    (schedule,) = service["schedules"]
    assert {k: schedule.get(k) for k in ("description", "freq", "byday", "opens_at",
                                         "closes_at", "notes")} == {
        "description": "Weekdays in the summer holidays.", "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR", "opens_at": "10:00", "closes_at": "15:00",
        "notes": "School holidays only"}
    location = service["service_at_locations"][0]["location"]
    assert [a["description"] for a in location["accessibility"]] == [
        "Lift to the first floor.", "Step-free access", "Quiet space"]
    old = exported(offer_project, "Holiday Play Test")  # the same every time
    assert old == service


def second_project(offer_project: Path, tmp_path: Path) -> Path:
    """The same project without the two test services, to import them into."""
    root = tmp_path / "second"
    shutil.copytree(offer_project, root)
    (root / NEW).unlink()
    (root / OLD).unlink()
    return root


def test_the_import_maps_them_back_and_drops_nothing(offer_project: Path,
                                                     tmp_path: Path) -> None:
    service = exported(offer_project, "Holiday Play Test")
    location = service["service_at_locations"][0]["location"]
    location["accessibility"].append({"id": "7d4c1f0e-6b8a-4f57-9a3e-2c1d0b9a8f76",
                                      "description": "Hearing loop at reception"})
    service["funding"].append({"id": "0b7f3c2a-9d1e-4c8b-a6f5-3e2d1c0b9a87",
                               "source": "The council's high needs block"})
    root = second_project(offer_project, tmp_path)
    report = import_feed(write_feed(tmp_path, [service]), root)
    ((path, _),) = report.services
    data = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    assert data["funding"] == ["holiday-food-programme", "short-breaks-grant"]
    assert [f["source"] for f in data["oruk"]["funding"]] == ["The council's high needs block"]
    assert [{k: c.get(k) for k in ("option", "amount", "unit", "description")}
            for c in data["costs"]] == [
        {"option": "Per day", "amount": 8, "unit": "day", "description": None}]
    (schedule,) = data["schedules"]
    assert {k: schedule.get(k) for k in ("description", "days", "opens", "closes",
                                         "period")} == {
        "description": "Weekdays in the summer holidays.",
        "days": ["monday", "tuesday", "wednesday", "thursday", "friday"], "opens": "10:00",
        "closes": "15:00", "period": "school-holidays"}
    (place,) = data["locations"]
    assert place["features"] == ["step-free", "quiet-space"]
    assert place["accessibility"] == "Lift to the first floor. Hearing loop at reception."
    # Exported again, the structured fields are as they were.
    again = exported(root, "Holiday Play Test")
    check(again, schema("service.json"), "again")
    for key in ("cost_options", "schedules"):
        assert again[key] == service[key]
    assert [f["source"] for f in again["funding"]] == [f["source"] for f in service["funding"]]
    assert [a["description"] for a in again["service_at_locations"][0]["location"][
        "accessibility"]] == ["Lift to the first floor. Hearing loop at reception.",
                              "Step-free access", "Quiet space"]


def test_a_foreign_schedule_the_model_cannot_hold_stays_in_the_feed(offer_project: Path,
                                                                    tmp_path: Path) -> None:
    service = exported(offer_project, "Holiday Play Test")
    service["schedules"] = [{"id": "5a0e6c1d-2b3f-4a8e-9c7d-1f0e2d3c4b5a",
                             "service_id": service["id"],
                             "description": "First Monday of the month, evenings",
                             "freq": "MONTHLY", "byday": "1MO", "opens_at": "19:00:00",
                             "closes_at": "18:00", "notes": "Bring a packed tea"}]
    root = second_project(offer_project, tmp_path)
    report = import_feed(write_feed(tmp_path, [service]), root)
    ((path, _),) = report.services
    (schedule,) = yaml.safe_load((root / path).read_text(encoding="utf-8"))["schedules"]
    assert schedule["description"] == "First Monday of the month, evenings"
    assert not {"days", "opens", "closes", "period"} & set(schedule)
    assert {k: schedule["oruk"][k] for k in ("freq", "byday", "opens_at", "closes_at",
                                              "notes")} == {
        "freq": "MONTHLY", "byday": "1MO", "opens_at": "19:00:00", "closes_at": "18:00",
        "notes": "Bring a packed tea"}
    assert json.dumps(exported(root, "Holiday Play Test")["schedules"][0], sort_keys=True) == \
        json.dumps(service["schedules"][0], sort_keys=True)
