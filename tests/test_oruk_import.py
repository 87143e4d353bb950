"""import-oruk with small feeds written out here, in both Open Referral UK shapes (issue 23,
points 1, 2, 4 and 5): broken records, HTML descriptions, whole-sentence summaries, accented
names, the mapping file, organisations reused, and ids that are not UUIDs."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import yaml
from test_oruk import check, export, full_services, schema, write_feed

from ordinarily.assembly.project import load_project
from ordinarily.local_offer.offer_pages import OfferSite
from ordinarily.open_referral.oruk_import import import_feed

from conftest import ordinarily

NAMESPACE = uuid.UUID("2f0c7a51-0a5e-4c47-9f7e-3b1d1c0c2a10")
SERVICES = "local-offer/services"
ORGANISATIONS = "local-offer/organisations"


def original(*records: dict) -> dict:
    """A page of the original shape, as most council feeds publish it."""
    return {"content": list(records), "totalElements": len(records), "totalPages": 1,
            "number": 0, "size": 50, "first": True, "last": True}


def record(sid: str, name: str, **more: Any) -> dict:
    return {"id": sid, "name": name, "description": f"<p>{name} for families.</p>",
            "status": "active", "organization": {
                "id": "0b7c3a8e-5d1f-4e0a-9c2b-6a4d8e1f2c3b", "name": "Westbrook Play Trust",
                "description": "<p>A local charity.</p>"}, **more}


def service_file(root: Path, slug: str) -> dict:
    return yaml.safe_load((root / SERVICES / f"{slug}.yml").read_text(encoding="utf-8"))


def with_namespace(root: Path) -> None:
    path = root / "ordinarily.yml"
    path.write_text(path.read_text(encoding="utf-8")
                    + f"\nidentifiers:\n  namespace: {NAMESPACE}\n", encoding="utf-8")


# Broken records ---------------------------------------------------------------------------


def test_a_broken_record_is_skipped_and_reported_and_strict_refuses(project: Path,
                                                                     tmp_path: Path) -> None:
    feed = write_feed(tmp_path, original(record("S-1", "Toy library"),
                                         record("S-2", "  ", description="<p><br></p>"),
                                         record("S-3", "Messy play")))
    before = sorted(p.name for p in (project / SERVICES).iterdir())
    strict = ordinarily("import-oruk", str(feed), str(project), "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert "record 2 of the feed is broken: it has no name" in strict.stderr
    assert sorted(p.name for p in (project / SERVICES).iterdir()) == before  # nothing written
    result = ordinarily("import-oruk", str(feed), str(project))
    assert result.returncode == 0, result.stderr
    assert "Skipped 1 broken record" in result.stdout
    assert "  record 2: it has no name; every service needs one" in result.stdout
    assert (project / SERVICES / "toy-library.yml").is_file()
    assert (project / SERVICES / "messy-play.yml").is_file()


# Text -------------------------------------------------------------------------------------


def test_html_descriptions_become_clean_markdown(project: Path, tmp_path: Path) -> None:
    html = ("<h4>About&nbsp;the&nbsp;club</h4><p>We meet on Saturdays.&nbsp;</p><p><br></p>"
            "<p></p><h5>What to bring</h5><ul><li>A drink</li><li>Trainers</li></ul>"
            "<script>alert('x')</script><p>Ask&nbsp;at <a href=\"https://example.org/\">our "
            "site</a>.</p>")
    import_feed(write_feed(tmp_path, original(record("S-1", "Saturday club",
                                                     description=html))), project)
    data = service_file(project, "saturday-club")
    assert data["description"] == (
        "### About the club\n\nWe meet on Saturdays.\n\n#### What to bring\n\n- A drink\n"
        "- Trainers\n\nAsk at [our site](https://example.org/).")
    assert "oruk" not in data or "description" not in data["oruk"]


def test_the_summary_is_whole_sentences(project: Path, tmp_path: Path) -> None:
    first = ("Our holiday scheme offers sport, crafts and trips for disabled children and "
             "young people aged 8 to 18 across the whole borough.")  # 128 characters
    second = "Staff are trained in moving and handling and in giving medicines."  # 66
    third = "Places are limited."
    description = f"<p>{first} {second}</p><p>{third}</p>"
    import_feed(write_feed(tmp_path, original(record("S-1", "Holiday scheme",
                                                     description=description))), project)
    data = service_file(project, "holiday-scheme")
    assert data["summary"] == first + " " + second  # 195 characters; the third would not fit


# Ids from names ---------------------------------------------------------------------------


def test_accented_names_give_valid_ids(project: Path, tmp_path: Path) -> None:
    feed = record("S-1", "Café Crème stay &amp; play", organization={
        "id": "5e1f9c0a-7b2d-4c3e-8f6a-1d2e3f4a5b6c", "name": "Café Crème CIC",
        "description": "<p>A community café.</p>"}, email="hello@cafe.example.org.uk")
    import_feed(write_feed(tmp_path, original(feed)), project)
    data = service_file(project, "cafe-creme-stay-play")
    assert data["name"] == "Café Crème stay & play"
    assert data["organisation"] == "cafe-creme-cic"
    assert (project / ORGANISATIONS / "cafe-creme-cic.yml").is_file()
    load_project(project)  # the ids pass the id rule: no ContentError


def test_a_bad_id_is_told_a_valid_one(project: Path) -> None:
    path = project / SERVICES / "parent-carer-forum.yml"
    if not path.exists():
        path = sorted((project / SERVICES).glob("*.yml"))[0]
    text = path.read_text(encoding="utf-8")
    organisation = yaml.safe_load(text)["organisation"]
    path.write_text(text.replace(f"organisation: {organisation}", "organisation: café-crème"),
                    encoding="utf-8")
    result = ordinarily("validate", str(project))
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if "café-crème" in line)
    assert "'cafe-creme'" in line  # the suggestion is itself a valid id


# The mapping ------------------------------------------------------------------------------


def term(name: str, vocabulary: str = "Supplier needs") -> dict:
    return {"id": str(uuid.uuid5(NAMESPACE, name)), "link_type": "need",
            "taxonomy_term": {"id": str(uuid.uuid5(NAMESPACE, "term/" + name)), "name": name,
                              "description": name, "taxonomy": vocabulary}}


def mapped_feed() -> dict:
    """A 3.0 page of two services with a supplier's own need terms and audience field."""
    base = {"status": "active", "organization": {
        "id": "8d3e2f1a-4b5c-4d6e-9f0a-1b2c3d4e5f6a", "name": "Hilltop Trust",
        "description": "A charity."}}
    return {"total_items": 2, "total_pages": 1, "page_number": 1, "size": 2,
            "first_page": True, "last_page": True, "empty": False, "contents": [
                {**base, "id": "6a2b8c4d-1e3f-4a5b-8c7d-9e0f1a2b3c4d", "name": "Social club",
                 "description": "A club.", "pc_targetAudience": "Parents",
                 "attributes": [term("Autism"), term("Brothers and sisters")]},
                {**base, "id": "7b3c9d5e-2f4a-4b6c-9d8e-0f1a2b3c4d5e", "name": "Speech group",
                 "description": "A group.",
                 "attributes": [term("Speech language and communication")]}]}


MAPPING = """\
terms:
  autism: {needs: [autism]}
fields:
  pc_targetAudience:
    Parents: {audiences: [families]}
"""


def test_the_mapping_is_applied_and_unmapped_terms_are_listed(project: Path,
                                                             tmp_path: Path) -> None:
    (tmp_path / "mapping.yml").write_text(MAPPING, encoding="utf-8")
    result = ordinarily("import-oruk", str(write_feed(tmp_path, mapped_feed())), str(project),
                        "--map", str(tmp_path / "mapping.yml"))
    assert result.returncode == 0, result.stderr
    club = service_file(project, "social-club")
    assert club["needs"] == ["autism"] and club["audiences"] == ["families"]
    group = service_file(project, "speech-group")
    assert group["needs"] == "not stated" and group["audiences"] == "not stated"
    assert "term “Brothers and sisters”: 1 service" in result.stdout
    assert ("term “Speech language and communication”: 1 service (did you mean need "
            "'speech-language-and-communication'") in result.stdout
    # The feed's own terms are kept on the service and go out again in the export.
    exported = full_services(export(project))["6a2b8c4d-1e3f-4a5b-8c7d-9e0f1a2b3c4d"]
    names = {a["taxonomy_term"].get("name") for a in exported["attributes"]}
    assert {"Autism", "Brothers and sisters"} <= names


def test_a_mapping_with_an_unknown_id_names_its_line(project: Path, tmp_path: Path) -> None:
    (tmp_path / "mapping.yml").write_text(MAPPING.replace("[autism]", "[autsim]"),
                                          encoding="utf-8")
    result = ordinarily("import-oruk", str(write_feed(tmp_path, mapped_feed())), str(project),
                        "--map", str(tmp_path / "mapping.yml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'mapping.yml'}:2:" in result.stderr
    assert "unknown need 'autsim' (did you mean 'autism'?)" in result.stderr


def test_suggest_map_writes_a_mapping_that_works(project: Path, tmp_path: Path) -> None:
    feed = write_feed(tmp_path, mapped_feed())
    out = tmp_path / "suggested.yml"
    result = ordinarily("import-oruk", str(feed), str(project), "--suggest-map", str(out))
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["terms"]["Autism"] == {"needs": ["autism"]}
    assert data["terms"]["Brothers and sisters"] == {}
    assert data["fields"]["pc_targetAudience"] == {"Parents": {}}
    assert not (project / SERVICES / "social-club.yml").exists()  # nothing imported
    result = ordinarily("import-oruk", str(feed), str(project), "--map", str(out))
    assert result.returncode == 0, result.stderr
    assert service_file(project, "social-club")["needs"] == ["autism"]


# What the feed states, and what it does not -----------------------------------------------


def test_what_the_feed_does_not_state_is_not_stated(project: Path, tmp_path: Path) -> None:
    import_feed(write_feed(tmp_path, original(record("S-1", "Drop-in"))), project)
    data = service_file(project, "drop-in")
    unknown = ("needs", "ages", "phases", "types", "audiences", "places", "free", "contact")
    assert {k: data[k] for k in unknown} == dict.fromkeys(unknown, "not stated")
    assert data["access"] == {"self_referral": "not stated", "diagnosis_needed": "not stated",
                              "how": "not stated"}
    load_project(project)


def test_eligibility_how_to_apply_and_waiting_time_reach_the_service(project: Path,
                                                                     tmp_path: Path) -> None:
    feed = record("S-1", "Short breaks", application_process="<p>Ask the Disabled Children's "
                  "Team for an assessment.</p>", wait_time="About six weeks.",
                  eligibilitys=[{"id": "E-1", "eligibility": "Disabled children aged 5 to 17.",
                                 "minimum_age": 5, "maximum_age": 17}],
                  cost_options=[{"id": "C-1", "option": "Session", "amount": 0}])
    import_feed(write_feed(tmp_path, original(feed)), project)
    data = service_file(project, "short-breaks")
    assert data["access"]["how"] == "Ask the Disabled Children's Team for an assessment."
    assert data["access"]["waiting_time"] == "About six weeks."
    assert data["access"]["eligibility"] == "Disabled children aged 5 to 17."
    assert data["ages"] == {"from": 5, "to": 17}
    # Phases read from the stated ages: the example's primary (4 to 11), secondary (11 to 16)
    # and post-16 (16 to 25) overlap 5 to 17; early years (0 to 5) ends as it starts.
    assert data["phases"] == ["primary", "secondary", "post-16"]
    assert data["free"] is True  # its only cost is 0


# Organisations and ids --------------------------------------------------------------------


def test_an_organisation_is_reused_by_name_and_on_reimport(project: Path,
                                                           tmp_path: Path) -> None:
    existing = yaml.safe_load((project / ORGANISATIONS / "anytown-libraries.yml")
                              .read_text(encoding="utf-8"))["name"]
    assert existing == "Anytown Libraries"
    feed = write_feed(tmp_path, original(
        record("S-1", "Rhyme time", organization={"id": "ORG-77", "name": "The Anytown "
                                                  "Libraries", "description": "Libraries."}),
        record("S-2", "Story club", organization={"id": "ORG-78", "name": "Anytown Librarys",
                                                  "description": "Libraries."}),
        record("S-3", "Craft club", organization={"id": "ORG-79", "name": "Westbrook Makers",
                                                  "description": "Makers."})))
    organisations = sorted(p.name for p in (project / ORGANISATIONS).iterdir())
    report = "\n".join(import_feed(feed, project).lines())
    assert service_file(project, "rhyme-time")["organisation"] == "anytown-libraries"
    assert "anytown-libraries.yml: The Anytown Libraries (same name)" in report
    assert (f"{ORGANISATIONS}/anytown-librarys.yml: Anytown Librarys looks like "
            f"{ORGANISATIONS}/anytown-libraries.yml") in report
    after = sorted(p.name for p in (project / ORGANISATIONS).iterdir())
    assert sorted(set(after) - set(organisations)) == ["anytown-librarys.yml",
                                                       "westbrook-makers.yml"]
    services = sorted(p.name for p in (project / SERVICES).iterdir())
    import_feed(feed, project, force=True)  # again: the same files, no '-2'
    assert sorted(p.name for p in (project / ORGANISATIONS).iterdir()) == after
    assert sorted(p.name for p in (project / SERVICES).iterdir()) == services


def test_ids_that_are_not_uuids_export_as_stable_derived_uuids(project: Path,
                                                               tmp_path: Path) -> None:
    with_namespace(project)
    feed = write_feed(tmp_path, original(record(
        "SVC-1", "Sensory room", organization={"id": "ORG-1", "name": "Westbrook Trust",
                                                "description": "A trust."},
        email="rooms@westbrook.example.org.uk",
        contacts=[{"id": "P-1", "name": "Bookings", "phones": [{"id": "PH-1",
                                                                "number": "01632 960123"}]}],
        cost_options=[{"id": "C-1", "option": "Hour", "amount": 4, "valid_from": None}],
        regular_schedules=[{"id": "RS-1", "description": "Weekdays 9am to 5pm", "byday": "MO"}],
        service_areas=[{"id": 7001, "service_area": "Westbrook", "extent": None}],
        service_taxonomys=[{"id": "T-1", "taxonomy": {"id": "TX-1", "name": "Sensory",
                                                      "vocabulary": "Needs"}}])))
    report = "\n".join(import_feed(feed, project).lines())
    expected = str(uuid.uuid5(NAMESPACE, "source/SVC-1"))
    organisation = str(uuid.uuid5(NAMESPACE, "source/ORG-1"))
    assert f"SVC-1 -> {expected}" in report and f"ORG-1 -> {organisation}" in report
    assert service_file(project, "sensory-room")["oruk"]["id"] == "SVC-1"  # the file keeps it
    first = export(project)
    service = full_services(first)[expected]
    assert service["organization"]["id"] == service["organization_id"] == organisation
    check(service, schema("service.json"), "derived ids")
    import_feed(feed, project, force=True)
    assert export(project) == first  # the same ids on every re-import


def test_an_original_shape_record_keeps_its_supplier_fields(project: Path,
                                                            tmp_path: Path) -> None:
    feed = write_feed(tmp_path, original(record("S-1", "Youth forum",
                                                pc_targetAudience="Young people",
                                                pc_metadata={"source": "portal"})))
    import_feed(feed, project)
    data = service_file(project, "youth-forum")
    assert data["oruk"]["pc_targetAudience"] == "Young people"
    assert data["oruk"]["pc_metadata"] == {"source": "portal"}
    exported = next(s for s in full_services(export(project)).values()
                    if s["name"] == "Youth forum")
    assert exported["pc_targetAudience"] == "Young people"
    assert json.dumps(exported["pc_metadata"]) == '{"source": "portal"}'


def test_a_record_with_no_date_is_not_stated_as_checked(project: Path, tmp_path: Path) -> None:
    """A feed record with neither assured_date nor last_modified: the import never writes the
    day of the import as the day the listing was checked; the page says the date is not
    stated, the export gives no assured_date, and check-content lists it."""
    import_feed(write_feed(tmp_path, original(record("S-1", "Drop-in"))), project)
    assert service_file(project, "drop-in")["reviewed"] == "not stated"
    loaded = load_project(project)
    service = next(s for s in loaded.offer.services if s.oruk.get("id") == "S-1")
    site = OfferSite(loaded.offer, loaded.guide, loaded.settings, loaded.root)
    body = site.service_page(service).body
    assert "When this listing was last checked with the provider is not stated." in body
    assert "Listing last checked with the provider on" not in body
    (out,) = [s for s in full_services(export(project)).values() if s["name"] == "Drop-in"]
    assert not out.get("assured_date")
    result = ordinarily("check-content", "--only", "unknowns", str(project))
    assert "drop-in.yml" in result.stdout and "'reviewed'" in result.stdout, result.stdout


def test_a_stated_date_is_kept_as_the_day_checked(project: Path, tmp_path: Path) -> None:
    feed = original(record("S-1", "Drop-in", assured_date="2026-03-04"))
    import_feed(write_feed(tmp_path, feed), project)
    assert str(service_file(project, "drop-in")["reviewed"]) == "2026-03-04"
