"""The parse cache: files parsed once are found again by their bytes, never change what a build
makes, and a broken, foreign or stale entry is ignored (parsed again), never an error."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from test_reproducible import differences

from ordinarily.assembly.project import load_project
from ordinarily.core import fingerprint, parse_cache, yamlfile
from ordinarily.local_offer import offer_loader

from conftest import mkdocs

SERVICE = "local-offer/services/accessible-play-days-half-term.yml"
SERVICE_ID = "accessible-play-days-half-term"
NAME = "Accessible play days in the half-term holidays"
PACKS = parse_cache.PARSE_DIR


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parse_cache.ENVIRONMENT, "on")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parse_yaml parsed (by the name it shows), in this process."""
    seen: list[str] = []
    real = yamlfile.parse_yaml

    def counting(text: str, shown: str) -> yamlfile.YamlFile:
        seen.append(shown)
        return real(text, shown)

    monkeypatch.setattr(yamlfile, "parse_yaml", counting)
    return seen


def uncached(parses: list[str]) -> list[str]:
    """The files parsed but the settings, which are read before the cache (one small file)."""
    return [shown for shown in parses if shown != "ordinarily.yml"]


def service(project_root: Path, service_id: str):  # noqa: ANN201
    loaded = load_project(project_root)
    return next(s for s in loaded.offer.services if s.id == service_id)


def test_a_second_load_parses_nothing_and_gives_the_same_project(project: Path,
                                                                   parses: list[str]) -> None:
    first = load_project(project)
    assert SERVICE in parses and len(parses) > 100
    assert (project / PACKS / "project.pack").is_file()
    parses.clear()
    second = load_project(project)
    assert uncached(parses) == []
    assert second == first
    assert load_project(project, cache=None) == first  # and the same as reading without it


def test_the_cache_lives_outside_the_content_and_out_of_git(project: Path) -> None:
    load_project(project)
    cache = project / ".cache" / "ordinarily"
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    made = {p.relative_to(project).parts[0] for p in project.rglob("*.pack")}
    assert made == {".cache"}


def test_switched_off_it_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch,
                                        parses: list[str]) -> None:
    monkeypatch.setenv(parse_cache.ENVIRONMENT, "off")
    load_project(project)
    count = len(parses)
    load_project(project)
    assert len(parses) == 2 * count  # every file parsed both times
    assert not (project / ".cache").exists()


def test_an_edited_file_is_read_again(project: Path, parses: list[str]) -> None:
    path = project / SERVICE
    before = path.read_bytes()
    assert service(project, SERVICE_ID).name == NAME
    edited = before.replace(b"name: " + NAME.encode(), b"name: Quiet play days")
    assert edited != before
    path.write_bytes(edited)
    parses.clear()
    assert service(project, SERVICE_ID).name == "Quiet play days"
    assert uncached(parses) == [SERVICE]  # only the edited file
    assert parse_cache.key(edited) != parse_cache.key(before)
    kept = set(_pack_keys(project / PACKS / "project.pack"))
    assert parse_cache.key(edited) in kept and parse_cache.key(before) not in kept


def test_line_breaks_and_lines_are_as_without_the_cache(project: Path) -> None:
    path = project / SERVICE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    cache = parse_cache.ParseCache.for_project(project)
    cold = yamlfile.read_yaml(path, project, cache)
    cache.save()
    warm = yamlfile.read_yaml(path, project, parse_cache.ParseCache.for_project(project))
    plain = yamlfile.parse_yaml(path.read_text(encoding="utf-8"), SERVICE)
    assert cold == warm == plain
    assert warm.line(("summary",)) == plain.line(("summary",)) > 1


@pytest.mark.parametrize("damage", ["entry", "truncated", "garbage", "empty", "foreign"])
def test_a_broken_or_foreign_pack_is_ignored_and_written_again(
        project: Path, parses: list[str], damage: str) -> None:
    expected = load_project(project)
    every = len(uncached(parses))
    pack = project / PACKS / "project.pack"
    data = pack.read_bytes()
    if damage == "entry":  # one byte of the last entry changed
        pack.write_bytes(data[:-2] + bytes([data[-2] ^ 0xFF]) + data[-1:])
    elif damage == "truncated":
        pack.write_bytes(data[:len(data) // 2])
    elif damage == "garbage":
        pack.write_bytes(b"not a pack at all\n" * 50)
    elif damage == "empty":
        pack.write_bytes(b"")
    else:  # written by another engine
        head_end = len(parse_cache.MAGIC) + 8
        length = int.from_bytes(data[len(parse_cache.MAGIC):head_end], "big")
        stamp, index = marshal.loads(data[head_end:head_end + length])
        head = marshal.dumps(({**stamp, "engine": "0" * 12}, index))
        pack.write_bytes(parse_cache.MAGIC + len(head).to_bytes(8, "big") + head
                         + data[head_end + length:])
    parses.clear()
    assert load_project(project) == expected
    again = len(uncached(parses))
    if damage == "entry":
        assert again == 1
    elif damage == "truncated":  # the entries past the cut
        assert 1 < again < every
    else:  # the whole pack was ignored
        assert again == every
    parses.clear()
    assert load_project(project) == expected
    assert uncached(parses) == []  # written again, whole


def test_workers_write_their_own_packs(project: Path, parses: list[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """At scale two forked workers read the service files; each keeps its own pack, which
    every process reads."""
    monkeypatch.setattr(offer_loader, "PARALLEL_FROM", 1)
    expected = load_project(project, cache=None)
    assert load_project(project) == expected
    names = sorted(p.name for p in (project / PACKS).iterdir())
    assert names == ["project-services-0.pack", "project-services-1.pack", "project.pack"]
    services = {k for name in names[:2] for k in _pack_keys(project / PACKS / name)}
    assert parse_cache.key((project / SERVICE).read_bytes()) in services
    monkeypatch.setattr(offer_loader, "PARALLEL_FROM", 10 ** 9)  # now in this process
    parses.clear()
    assert load_project(project) == expected
    assert uncached(parses) == []


def test_the_fingerprint_follows_the_engines_code(tmp_path: Path) -> None:
    engine = tmp_path / "engine"
    (engine / "core").mkdir(parents=True)
    (engine / "core" / "a.py").write_text("x = 1\n")
    (engine / "schemas.json").write_text("{}")
    (engine / "page.html").write_text("<p>")
    first = fingerprint.fingerprint(folder=engine)
    (engine / "page.html").write_text("<p>changed")  # not code: the same
    assert fingerprint.fingerprint(folder=engine) == first
    assert fingerprint.fingerprint(None, folder=engine) != fingerprint.fingerprint(
        None, folder=tmp_path)
    (engine / "core" / "a.py").write_text("x = 2\n")
    assert fingerprint.fingerprint(folder=engine) != first
    (engine / "core" / "a.py").write_text("x = 1\n")
    assert fingerprint.fingerprint(folder=engine) == first
    (engine / "core" / "a.py").rename(engine / "b.py")  # the same bytes elsewhere
    assert fingerprint.fingerprint(folder=engine) != first


@pytest.mark.build
def test_builds_with_and_without_the_cache_are_byte_identical(project: Path,
                                                              tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    sites = {}
    for name, setting in (("uncached", "off"), ("cold", "on"), ("warm", "on")):
        sites[name] = tmp_path / name
        result = mkdocs(project, "build", "--site-dir", str(sites[name]),
                        env={**env, parse_cache.ENVIRONMENT: setting})
        assert result.returncode == 0, result.stderr
        if name == "uncached":
            assert not (project / ".cache").exists()
    assert (project / PACKS / "project.pack").is_file()
    for name in ("cold", "warm"):
        found = differences(sites["uncached"], sites[name])
        assert found == [], f"the {name} cached build differs:\n" + "\n".join(found[:20])


def _pack_keys(pack: Path) -> list[bytes]:
    data = pack.read_bytes()
    head_end = len(parse_cache.MAGIC) + 8
    length = int.from_bytes(data[len(parse_cache.MAGIC):head_end], "big")
    return list(marshal.loads(data[head_end:head_end + length])[1])
