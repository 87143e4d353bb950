"""The Open Referral UK 3.0 feed: it validates against the UK profile, nginx serves it at the
standard paths, and import then export loses no field and changes no id."""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from ordinarily.assembly.project import load_project
from ordinarily.core.settings import settings_from
from ordinarily.open_referral.oruk_export import FEED_DIR, PAGE_SIZE, oruk_files
from ordinarily.open_referral.oruk_import import feed_services, import_feed
from ordinarily.open_referral.server_config import nginx_conf

from conftest import copy_example, mkdocs, ordinarily

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "oruk_schemas"
EXAMPLES = HERE / "oruk_examples"
PAGING = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page",
          "empty", "contents")

# Schemas ----------------------------------------------------------------------------------

FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    """jsonschema checks 'uri' only with an extra package: a scheme and a host will do."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme in ("http", "https") and parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if isinstance(value, str):
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def openapi() -> dict:
    return schema("openapi.json")


def term_schema() -> dict:
    return schema("service.json")["properties"]["attributes"]["items"]["properties"][
        "taxonomy_term"]


def taxonomy_schema() -> dict:
    """The profile's schema/taxonomy.json (not compiled in the profile), written out here."""
    return {"type": "object", "required": ["id", "name", "description"], "properties": {
        "id": {"type": "string", "format": "uuid"}, "name": {"type": "string"},
        "description": {"type": "string"}, "uri": {"type": "string", "format": "uri"},
        "version": {"type": "string"},
        "taxonomy_terms": {"type": "array", "items": term_schema()}}}


def page_schema(item: dict) -> dict:
    page = openapi()["components"]["schemas"]["Page"]
    return {"allOf": [page], "required": list(PAGING),
            "properties": {"contents": {"type": "array", "items": item}}}


def root_schema() -> dict:
    found = openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]
    return {**found, "required": ["version", "profile", "openapi_url"]}


def check(instance: Any, against: dict, where: str = "") -> None:
    errors = sorted(Draft202012Validator(against, format_checker=FORMATS).iter_errors(instance),
                    key=str)
    shown = "\n".join(f"{where} {list(e.absolute_path)}: {e.message}" for e in errors[:5])
    assert not errors, shown


# Helpers ----------------------------------------------------------------------------------


def export(root: Path) -> dict[str, bytes]:
    project = load_project(root)
    guide = project.guide
    return oruk_files(project.offer, guide.taxonomy if guide else None, project.settings,
                      needs=guide.needs if guide else ())


def read(files: dict[str, bytes], path: str) -> Any:
    return json.loads(files[f"{FEED_DIR}/{path}"])


def full_services(files: dict[str, bytes]) -> dict[str, dict]:
    services = {}
    for page in range(1, read(files, "services/index.json")["total_pages"] + 1):
        for item in read(files, f"services/page/{page}.json")["contents"]:
            services[item["id"]] = read(files, f"services/{item['id']}.json")
    return services


def write_feed(tmp_path: Path, data: Any, name: str = "feed.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def missing(small: Any, big: Any, path: str = "") -> list[str]:
    """Every path of `small` whose value is not in `big` (list items matched by id)."""
    if isinstance(small, dict):
        if not isinstance(big, dict):
            return [path or "/"]
        return [m for k, v in small.items()
                for m in (missing(v, big[k], f"{path}/{k}") if k in big else [f"{path}/{k}"])]
    if isinstance(small, list):
        if not isinstance(big, list):
            return [path]
        return [m for i, item in enumerate(small) for m in _missing_item(item, big, f"{path}[{i}]")]
    same = small == big and type(small) is type(big)
    return [] if same else [f"{path}: {small!r} became {big!r}"]


def _missing_item(item: Any, big: list, path: str) -> list[str]:
    if isinstance(item, dict) and "id" in item:
        match = next((b for b in big if isinstance(b, dict) and b.get("id") == item["id"]), None)
        return missing(item, match, path) if match is not None else [f"{path} (id {item['id']})"]
    return [] if any(not missing(item, b) for b in big) else [path]


def top_up(root: Path, count: int) -> None:
    """Copies of a service under new names, so the feed has more than one page."""
    folder = root / "local-offer" / "services"
    have = sorted(folder.glob("*.yml"))
    source = yaml.safe_load(have[0].read_text(encoding="utf-8"))
    for n in range(len(have), count):
        data = {**source, "name": f"Copy {n} of {source['name']}"}
        (folder / f"copy-{n}.yml").write_text(yaml.safe_dump(data, sort_keys=False,
                                                              allow_unicode=True),
                                              encoding="utf-8")


# 1. The export validates against the UK profile -------------------------------------------


def test_the_feed_validates_against_the_uk_profile(project: Path) -> None:
    files = export(project)
    check(read(files, "index.json"), root_schema(), "/")
    offer = load_project(project).offer
    pages = read(files, "services/index.json")["total_pages"]
    assert read(files, "services/index.json") == read(files, "services/page/1.json")
    for number in range(1, pages + 1):
        page = read(files, f"services/page/{number}.json")
        check(page, page_schema(schema("service_list.json")), f"services page {number}")
        assert page["page_number"] == number and page["size"] == len(page["contents"])
        assert page["size"] <= PAGE_SIZE
    services = full_services(files)
    assert len(services) == len(offer.services)
    for service_id, service in services.items():
        check(service, schema("service.json"), f"service {service_id}")
    _check_other_endpoints(files)
    assert all(data.endswith(b"\n") for data in files.values())


def _check_other_endpoints(files: dict[str, bytes]) -> None:
    endpoints = (("service_at_locations", schema("service_at_location_list.json"),
                  schema("service_at_location.json")),
                 ("taxonomies", taxonomy_schema(), taxonomy_schema()),
                 ("taxonomy_terms", term_schema(), term_schema()))
    for name, item_schema, full_schema in endpoints:
        first = read(files, f"{name}/index.json")
        assert first["total_items"] > 0, name
        for number in range(1, first["total_pages"] + 1):
            page = read(files, f"{name}/page/{number}.json")
            check(page, page_schema(item_schema), f"{name} page {number}")
            for item in page["contents"]:
                check(read(files, f"{name}/{item['id']}.json"), full_schema, f"{name} item")


def test_every_attribute_links_to_a_published_term(project: Path) -> None:
    files = export(project)
    terms = {t["id"] for page in range(1, read(files, "taxonomy_terms/index.json")[
        "total_pages"] + 1) for t in read(files, f"taxonomy_terms/page/{page}.json")["contents"]}
    taxonomies = {t["name"] for t in read(files, "taxonomies/index.json")["contents"]}
    for service in full_services(files).values():
        for attribute in service["attributes"]:
            assert attribute["taxonomy_term_id"] in terms
            assert attribute["taxonomy_term"]["taxonomy"] in taxonomies


def test_send_fields_travel_as_attributes(project: Path) -> None:
    files = export(project)
    offer = load_project(project).offer
    services = full_services(files)
    for s in offer.services:
        found = services[str(uuid.uuid5(_namespace(project), f"service/{s.id}"))]
        links = {(a["link_type"], a["taxonomy_term"]["term"]) for a in found["attributes"]}
        for field, link_type in (("needs", "send_need"), ("phases", "education_phase"),
                                 ("types", "service_type"), ("audiences", "audience"),
                                 ("places", "place")):
            assert {(link_type, code) for code in getattr(s, field)} <= links
        assert ("access", "self-referral" if s.access.self_referral else "referral-needed") \
            in links
        assert ("access", "free" if s.free else "charges-apply") in links
        values = {a["taxonomy_term"]["term"]: a.get("value") for a in found["attributes"]}
        assert values["how-to-access"] == s.access.how
        assert values["summary"] == s.summary


def _namespace(project: Path) -> uuid.UUID:
    settings = settings_from(yaml.safe_load((project / "ordinarily.yml").read_text()))
    return uuid.uuid5(uuid.NAMESPACE_URL, settings.site_url)


def test_ids_are_stable_and_follow_the_councils_namespace(project: Path) -> None:
    first = export(project)
    assert export(project) == first
    some = sorted((project / "local-offer" / "services").glob("*.yml"))[0]
    assert some.stem in {s.id for s in load_project(project).offer.services}
    expected = str(uuid.uuid5(_namespace(project), f"service/{some.stem}"))
    assert f"{FEED_DIR}/services/{expected}.json" in first

    namespace = "9b0e7a43-6f0c-4f8e-8a39-0f3c8d0c2a11"
    settings = project / "ordinarily.yml"
    settings.write_text(settings.read_text() + f"\nidentifiers:\n  namespace: {namespace}\n")
    given = "5a1f7a50-2d6b-4e0e-9d1e-3d0b7c2f9e10"
    some.write_text(some.read_text() + f"oruk:\n  id: {given}\n")
    files = export(project)
    other = sorted((project / "local-offer" / "services").glob("*.yml"))[1].stem
    assert f"{FEED_DIR}/services/{given}.json" in files
    assert f"{FEED_DIR}/services/{uuid.uuid5(uuid.UUID(namespace), f'service/{other}')}.json" \
        in files


# 2. nginx serves the feed at the standard paths -------------------------------------------


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("nginx is missing: run 'make test' (scripts/ensure-test-tools.sh installs "
                    "Debian's nginx-light)")
    pytest.skip("nginx is not installed: run 'make test' to install nginx-light")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NGINX_CONF = """daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/api/oruk/nginx.conf;
    }}
}}
"""


SERVICES = 2 * PAGE_SIZE + 1  # three pages of services, the last with one


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site `mkdocs build --strict` writes for the example topped up to three pages of
    services: the feed and its nginx.conf as the plugin writes them, not as the test makes
    them."""
    project = copy_example(tmp_path_factory.mktemp("oruk") / "project")
    top_up(project, SERVICES)
    site = project / "site"
    result = mkdocs(project, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def nginx_feed(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site behind nginx, with the nginx.conf the build wrote in site/api/oruk/
    included; yields the server's address."""
    binary = nginx_binary()
    conf = built_site / FEED_DIR / "nginx.conf"
    assert conf.is_file(), f"the build wrote no {FEED_DIR}/nginx.conf"
    run = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (run / "nginx.conf").write_text(NGINX_CONF.format(tmp=run, port=port, site=built_site))
    check_conf = subprocess.run([binary, "-t", "-p", str(run), "-c", str(run / "nginx.conf"),
                                 "-e", str(run / "error.log")], capture_output=True, text=True)
    assert check_conf.returncode == 0, check_conf.stderr
    server = subprocess.Popen([binary, "-p", str(run), "-c", str(run / "nginx.conf"),
                               "-e", str(run / "error.log")], stderr=subprocess.PIPE)
    try:
        _wait_for(port, server, run)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int, server: subprocess.Popen, run: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"nginx stopped: {(run / 'error.log').read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("nginx did not start")


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get_json(url: str) -> Any:
    status, headers, body = get(url)
    assert status == 200, (url, status)
    assert headers["Content-Type"].split(";")[0] == "application/json", url
    assert headers["Access-Control-Allow-Origin"] == "*", url
    return json.loads(body)


@pytest.mark.build
def test_nginx_serves_the_standard_paths(nginx_feed: str) -> None:
    base = nginx_feed + "/api/oruk"
    check(get_json(base + "/"), root_schema(), "/")
    page = get_json(base + "/services?page=2")
    check(page, page_schema(schema("service_list.json")), "/services?page=2")
    assert page["page_number"] == 2 and not page["first_page"] and page["size"] == PAGE_SIZE
    first = get_json(base + "/services")
    assert first["page_number"] == 1 and first["size"] == PAGE_SIZE
    assert first["total_items"] == SERVICES and first["total_pages"] == 3
    last = get_json(base + "/services?page=3")
    assert last["last_page"] and last["size"] == 1
    service_id = page["contents"][0]["id"]
    service = get_json(f"{base}/services/{service_id}")
    check(service, schema("service.json"), "/services/{id}")
    assert service["id"] == service_id
    taxonomy = get_json(base + "/taxonomies")["contents"][0]
    check(get_json(f"{base}/taxonomies/{taxonomy['id']}"), taxonomy_schema(), "/taxonomies")
    term = get_json(base + "/taxonomy_terms?page=1")["contents"][0]
    check(get_json(f"{base}/taxonomy_terms/{term['id']}"), term_schema(), "/taxonomy_terms")


@pytest.mark.build
def test_nginx_refuses_a_page_that_is_not_a_number(nginx_feed: str) -> None:
    status, headers, body = get(nginx_feed + "/api/oruk/services?page=abc")
    assert status == 400
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "page" in json.loads(body)["error"]
    assert get(nginx_feed + "/api/oruk/services?page=99")[0] == 404


def test_the_server_configuration_follows_the_sites_path() -> None:
    settings = settings_from({"council": {"name": "Anytown"}, "feedback": {"email": "a@b.uk"},
                              "site": {"name": "Guide", "url": "https://example.org/send/"}})
    text = nginx_conf(settings)
    assert "location = /send/api/oruk/ {" in text
    assert "/send/api/oruk/$oruk_list/page/$arg_page.json" in text


# 3. Import then export loses no field and changes no id -----------------------------------


@pytest.mark.parametrize("example", ["service_full.json", "service_list.json",
                                     "organization_full.json", "service_at_location_full.json",
                                     "service_at_location_list.json"])
def test_official_examples_survive_import_and_export(project: Path, example: str) -> None:
    path = EXAMPLES / example
    report = import_feed(path, project)
    assert report.services and report.defaults  # a foreign feed says nothing about SEND
    data = json.loads(path.read_text(encoding="utf-8"))
    given = [s for item in data.get("contents", [data]) for s in feed_services(item)]
    services = full_services(export(project))
    for service in given:
        assert not missing(service, services[service["id"]])
        check(services[service["id"]], schema("service.json"), example)


def with_unknown_fields(value: Any, where: str = "") -> Any:
    """A copy with an unknown field in every object (the same value wherever the same kind of
    object appears, as an organisation does in each of its services)."""
    if isinstance(value, dict):
        out = {k: with_unknown_fields(v, f"{where}/{k}") for k, v in value.items()}
        out["x_council_note"] = f"kept at {where or '/'}"
        return out
    if isinstance(value, list):
        return [with_unknown_fields(v, where) for v in value]
    return value


def foreign_items(service: dict) -> dict:
    """Items the model cannot hold, at every level."""
    new = lambda: str(uuid.uuid4())  # noqa: E731
    service = copy.deepcopy(service)
    service["phones"] = [*service.get("phones", []), {"id": new(), "number": "+44 (0)1632 960999",
                                                      "type": "fax"}]
    service["languages"] = [*service.get("languages", []), {"id": new()}]
    service["schedules"] = [*service.get("schedules", []), {"id": new(), "freq": "WEEKLY",
                                                            "byday": "MO"}]
    service["contacts"] = [*service.get("contacts", []), {"id": new(), "title": "Duty officer"}]
    service["cost_options"] = [*service.get("cost_options", []), {"id": new(), "amount": 5}]
    service["funding"] = [{"id": new(), "source": "The council's high needs block"}]
    service["attributes"] = [*service["attributes"], {"id": new(), "link_type": "eligibility",
                             "taxonomy_term": {"id": new(), "name": "Carers",
                                               "description": "For carers"}}]
    service["maximum_age"] = 99 if service.get("maximum_age") == 25 else service.get(
        "maximum_age")
    sals = service.setdefault("service_at_locations", [])
    sals.append({"id": new(), "location": {"id": new(), "location_type": "virtual"}})
    location = sals[0]["location"]
    location["addresses"] = [*location.get("addresses", []), {
        "id": new(), "address_1": "1 Rue de la Paix", "city": "Paris", "state_province": "IDF",
        "postal_code": "75002", "country": "FR", "address_type": "postal"}]
    location["accessibility"] = [*location.get("accessibility", []),
                                 {"id": new(), "description": "Hearing loop at reception."}]
    return service


def test_unknown_fields_at_every_level_survive(project: Path, tmp_path: Path) -> None:
    services = full_services(export(project))
    given = [with_unknown_fields(foreign_items(s)) for s in services.values()]
    report = import_feed(write_feed(tmp_path, given), project, force=True)
    assert len(report.services) == len(given)
    assert not report.notes
    again = full_services(export(project))
    features = {t.title for t in load_project(project).offer.taxonomy.venue_features}
    for service in given:
        # A second accessibility description is not dropped but joined to the location's
        # text (docs/open-referral.md): its record goes, its words stay.
        records = service["service_at_locations"][0]["location"]["accessibility"]
        extra = records.pop()
        own = [r for r in records if r.get("description") not in features]
        if own:
            own[0]["description"] += " " + extra["description"]
        location = again[service["id"]]["service_at_locations"][0]["location"]
        assert any(extra["description"] in a["description"] for a in location["accessibility"])
        lost = missing(service, again[service["id"]])
        assert not lost, f"{service['name']}: {lost[:5]}"


# 4. Import of our own export, then export, is identical -----------------------------------


def test_import_of_our_own_export_is_identical(project: Path, tmp_path: Path) -> None:
    first = export(project)
    feed = write_feed(tmp_path, list(full_services(first).values()))
    report = import_feed(feed, project, force=True)
    assert not report.defaults and not report.notes
    assert export(project) == first


def test_import_keeps_ids_and_extras_in_the_yaml(project: Path, tmp_path: Path) -> None:
    report = import_feed(EXAMPLES / "service_full.json", project)
    path, _ = report.services[0]
    text = (project / path).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert data["oruk"]["id"] == "ac148810-d857-441c-9679-408f346de14b"
    assert data["oruk"]["maximum_age"] == 100 and data["ages"] == {"from": 12, "to": 25}
    # The feed says nothing of needs, places, audiences or how to get the service: the file
    # says so, for the officer to confirm, instead of a default written as a fact.
    assert data["needs"] == data["places"] == data["audiences"] == "not stated"
    assert data["access"] == {"self_referral": "not stated", "diagnosis_needed": "not stated",
                              "how": "not stated"}
    assert "phone" not in data["contact"]  # never invented
    assert "needs: not stated" in report.defaults[path]
    assert data["locations"][0]["oruk"]["location"]["addresses"][0]["postal_code"] == "ABC 1234"


# 5. The command line ----------------------------------------------------------------------


def test_export_command_writes_the_same_files(project: Path, tmp_path: Path) -> None:
    result = ordinarily("export-oruk", str(tmp_path / "out"), str(project))
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes()
               for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert written == export(project)


@pytest.mark.parametrize("content, message", [
    ("not json at all", "not valid JSON"),
    ('{"total_items": 1}', "not an Open Referral UK feed"),
    ('[{"id": "x"}]', "no record of the feed is a service with a name"),
    ("", "not valid JSON"),
])
def test_a_bad_feed_gives_one_plain_line(project: Path, tmp_path: Path, content: str,
                                         message: str) -> None:
    feed = tmp_path / "bad.json"
    feed.write_text(content)
    result = ordinarily("import-oruk", str(feed), str(project))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(feed) in result.stderr and message in result.stderr


def test_import_command_refuses_to_overwrite_without_force(project: Path,
                                                           tmp_path: Path) -> None:
    feed = write_feed(tmp_path, list(full_services(export(project)).values())[:2])
    result = ordinarily("import-oruk", str(feed), str(project))
    assert result.returncode == 1 and "--force" in result.stderr
    result = ordinarily("import-oruk", str(feed), str(project), "--force")
    assert result.returncode == 0, result.stderr
    assert "Wrote 2 services" in result.stdout


def test_import_command_uses_the_given_type(project: Path) -> None:
    result = ordinarily("import-oruk", str(EXAMPLES / "service_full.json"), str(project),
                        "--type", "health")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((project / "local-offer/services/community-counselling.yml")
                          .read_text())
    assert data["types"] == ["health"]
    assert "types: not stated" not in result.stdout
    result = ordinarily("import-oruk", str(EXAMPLES / "service_list.json"), str(project),
                        "--type", "nonsense")
    assert result.returncode == 1 and "nonsense" in result.stderr
