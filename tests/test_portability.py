"""Engine portability and editors (issue 14, parts 6 and 7).

The example site is built three more ways, and each build passes the build tests of
`test_build.py` (every test there that takes only the built site):

- `properdocs`: with ProperDocs, the maintained fork of MkDocs 1.x, and the plugin;
- `wheel`: with MkDocs from the wheel that `python -m build` makes, installed in a virtual
  environment of its own, in a folder holding only content and settings;
- `plain`: `ordinarily generate --out DIR`, then plain `mkdocs build --strict` in DIR with the
  ordinarily package made unimportable, then `site-files/` copied into the built site. Only the
  glossary links, which the plugin adds to the rendered HTML, are left out of that build.

The two environments are cached below ~/.cache/ordinarily-tests (`ORDINARILY_TEST_CACHE` moves
it), keyed by the Python version and pyproject.toml. They hold the wheel's dependencies only:
each session installs the wheel it has just built into a folder of its own on `PYTHONPATH`, so
the cached environments never change once made and two sessions never disturb each other.
Outside CI a machine that cannot reach the package index skips these tests with the reason; in
CI (CI=true) that is a failure.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_build
import yaml

from ordinarily.core.schemas import KINDS, schema_text

from conftest import EXAMPLE, EXAMPLE_PARTS, ROOT, copy_example, ordinarily

pytestmark = pytest.mark.build  # Every test here builds a wheel, an environment or a site.

PROPERDOCS = "properdocs>=1.6.5,<2"
PACKAGE = ROOT / "plugins" / "ordinarily"
VSCODE_SETTINGS = ROOT / ".vscode" / "settings.example.json"
CACHE = Path(os.environ.get("ORDINARILY_TEST_CACHE") or Path(
    os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ordinarily-tests")
BIN = "Scripts" if os.name == "nt" else "bin"
NETWORK_TROUBLE = ("Could not find a version", "No matching distribution", "Failed to establish",
                   "Temporary failure in name resolution", "Network is unreachable",
                   "Connection refused", "Read timed out", "ConnectTimeout", "ProxyError")
# Not copied into the tree `python -m build` runs in: environments, outputs and caches.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv*", "site", "build", "dist", "artifacts",
                                    "node_modules", "*.egg-info", "__pycache__", ".*_cache",
                                    ".hypothesis", "out")

# Build tests of what only the plugin does, so a build without it is not held to them. A new
# test in test_build.py that fails for the `plain` build belongs here, with the reason.
PLUGIN_ONLY = {
    "test_glossary_terms_link_on_first_use_only":
        "the plugin links glossary terms in each page's HTML after MkDocs renders it",
    "test_sen_is_never_matched_inside_send":
        "it checks the glossary links the plugin adds, and first that there are some",
}
BUILD_TESTS = [name for name, test in vars(test_build).items()
               if name.startswith("test_") and inspect.isfunction(test)
               and list(inspect.signature(test).parameters) == ["site"]]
BUILDS = ("properdocs", "wheel", "plain")


# --- environments -------------------------------------------------------------------------------

def unavailable(what: str, result: subprocess.CompletedProcess) -> None:
    """Report a failed install or build: in CI, or when it is not the network, a failure;
    otherwise a skip that says why."""
    text = (result.stdout or "") + (result.stderr or "")
    message = f"{what} failed (exit {result.returncode}):\n{text[-4000:]}"
    if os.environ.get("CI") or not any(sign in text for sign in NETWORK_TROUBLE):
        pytest.fail(message, pytrace=False)
    pytest.skip(f"{what} needs the package index, which this machine cannot reach "
                "(in CI this is a failure)")


def run(args: list, cwd: Path | None = None, env: dict | None = None,
        timeout: int = 900) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          env=full_env, timeout=timeout)


def pip(venv: Path, *args: str) -> subprocess.CompletedProcess:
    """The test environment's pip, working on another environment (which has none of its own)."""
    return run([sys.executable, "-m", "pip", "--python", venv / BIN / "python",
                "--disable-pip-version-check", *args])


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no lock; one session at a time
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def base_environment(name: str, wheel: Path, extra: tuple[str, ...] = ()) -> Path:
    """A cached virtual environment holding the wheel's dependencies (and `extra`), made by
    installing the wheel into a new environment from the package index, then removing the
    wheel itself. Made once per Python version, pyproject.toml and `extra`; never changed."""
    key = hashlib.sha256("\n".join([sys.version, (ROOT / "pyproject.toml").read_text("utf-8"),
                                    *extra]).encode()).hexdigest()[:16]
    venv = CACHE / f"{name}-{key}"
    ready = venv / "ordinarily-test-ready"
    if ready.is_file():
        return venv
    with locked(CACHE / f"{name}.lock"):
        if ready.is_file():
            return venv
        for old in CACHE.glob(f"{name}-*"):  # earlier keys: never used again
            shutil.rmtree(old, ignore_errors=True)
        result = run([sys.executable, "-m", "venv", "--without-pip", venv], timeout=300)
        assert result.returncode == 0, result.stderr
        result = pip(venv, "install", "--quiet", wheel, *extra)
        if result.returncode:
            shutil.rmtree(venv, ignore_errors=True)
            unavailable(f"Installing {wheel.name} {' '.join(extra)} into a new environment",
                        result)
        result = pip(venv, "uninstall", "--yes", "--quiet", "ordinarily")
        assert result.returncode == 0, result.stderr
        ready.write_text(" ".join([wheel.name, *extra]) + "\n")
    return venv


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and wheel, made by `python -m build` (the wheel from the sdist) from a copy of
    the repository, so the build writes nothing into it."""
    try:
        import build  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("the 'build' package is not installed: run 'make setup'")
    source = tmp_path_factory.mktemp("source") / "ordinarily"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    out = tmp_path_factory.mktemp("dist")
    # A fixed date, so the same source gives the same wheel.
    result = run([sys.executable, "-m", "build", "--outdir", out, source],
                 env={"SOURCE_DATE_EPOCH": "1767225600"})
    if result.returncode:
        unavailable("python -m build", result)
    return {"wheel": next(out.glob("ordinarily-*.whl")),
            "sdist": next(out.glob("ordinarily-*.tar.gz")), "source": source}


@pytest.fixture(scope="session")
def installed_wheel(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This session's wheel, installed (without dependencies) into a folder for PYTHONPATH."""
    target = tmp_path_factory.mktemp("installed-wheel")
    result = run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                  "--disable-pip-version-check", "--target", target, dist["wheel"]])
    assert result.returncode == 0, result.stderr
    return target


def environment_run(venv: Path, installed: Path, command: str, *args: str,
                    cwd: Path | None = None) -> subprocess.CompletedProcess:
    return run([venv / BIN / command, *args], cwd=cwd, env={
        "PYTHONPATH": str(installed), "VIRTUAL_ENV": str(venv),
        "PATH": f"{venv / BIN}{os.pathsep}{os.environ.get('PATH', '')}"})


@pytest.fixture(scope="session")
def wheel_env(dist: dict[str, Path]) -> Path:
    return base_environment("wheel", dist["wheel"])


@pytest.fixture(scope="session")
def properdocs_env(dist: dict[str, Path]) -> Path:
    return base_environment("properdocs", dist["wheel"], (PROPERDOCS,))


# --- the three builds ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def properdocs_site(properdocs_env: Path, installed_wheel: Path,
                    tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with `properdocs build --strict` (ProperDocs reads mkdocs.yml)."""
    project = copy_example(tmp_path_factory.mktemp("properdocs") / "project")
    result = environment_run(properdocs_env, installed_wheel, "properdocs", "build", "--strict",
                             "--config-file", "mkdocs.yml", "--site-dir", "site", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def wheel_site(wheel_env: Path, installed_wheel: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with `mkdocs build --strict` from the wheel, in a folder holding only
    content and settings."""
    project = copy_example(tmp_path_factory.mktemp("wheel") / "project")
    assert sorted(p.name for p in project.iterdir()) == sorted(EXAMPLE_PARTS)
    result = environment_run(wheel_env, installed_wheel, "mkdocs", "build", "--strict",
                             cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


BLOCKED_BUILD = """
import sys

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "ordinarily":
            raise ImportError("the ordinarily package is blocked for this build")

sys.meta_path.insert(0, Blocker())
sys.argv[0] = "mkdocs"
from mkdocs.__main__ import cli
cli()
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`ordinarily generate --out DIR` of a copy of the example."""
    base = tmp_path_factory.mktemp("generate")
    project = copy_example(base / "project")
    out = base / "out"
    result = ordinarily("generate", "--out", str(out), str(project))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def plain_site(generated: Path) -> Path:
    """The generated folder built by plain MkDocs, with no ordinarily plugin and the package
    unimportable, then `site-files/` copied into the site."""
    result = run([sys.executable, "-c", BLOCKED_BUILD, "build", "--strict"], cwd=generated)
    assert result.returncode == 0, result.stderr
    site = generated / "site"
    shutil.copytree(generated / "site-files", site, dirs_exist_ok=True)
    return site


@pytest.mark.parametrize(("built", "check"), [
    (built, check) for built in BUILDS for check in BUILD_TESTS
    if not (built == "plain" and check in PLUGIN_ONLY)])
def test_each_build_passes_the_build_tests(built: str, check: str,
                                           request: pytest.FixtureRequest) -> None:
    getattr(test_build, check)(request.getfixturevalue(f"{built}_site"))


def test_the_build_tests_are_found() -> None:
    assert len(BUILD_TESTS) >= 15, BUILD_TESTS
    assert set(PLUGIN_ONLY) <= set(BUILD_TESTS)


# --- ProperDocs ---------------------------------------------------------------------------------

def test_properdocs_built_it_with_the_plugin(properdocs_site: Path) -> None:
    html = (properdocs_site / "index.html").read_text("utf-8")
    assert re.search(r'<meta name="generator" content="[^"]*ProperDocs', html), \
        "the site was not built by ProperDocs"
    assert 'http-equiv="Content-Security-Policy"' in html  # set by the plugin, at on_env
    assert (properdocs_site / "local-offer/services/travel-training/index.html").is_file()


# --- the wheel ----------------------------------------------------------------------------------

def package_files(source: Path) -> list[str]:
    """Every file of the package in the source tree, relative to it (no caches)."""
    package = source / "plugins" / "ordinarily"
    return sorted(p.relative_to(package).as_posix() for p in package.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def test_wheel_and_sdist_hold_the_whole_package(dist: dict[str, Path]) -> None:
    wheel = set(zipfile.ZipFile(dist["wheel"]).namelist())
    with tarfile.open(dist["sdist"]) as sdist:
        in_sdist = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    files = package_files(dist["source"])
    for kind in ("templates/", "theme/", "theme/assets/", "schemas/",
                 "templates/maintainers/images/"):
        assert any(f.startswith(kind) for f in files), kind
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in wheel), "the wheel's licence"
    for name in files:
        assert f"ordinarily/{name}" in wheel, f"the wheel lacks {name}"
        assert f"plugins/ordinarily/{name}" in in_sdist, f"the sdist lacks {name}"
    entry_points = next(n for n in wheel if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(dist["wheel"]).read(entry_points).decode()
    assert "[mkdocs.plugins]\nordinarily = ordinarily.adapter.plugin:OrdinarilyPlugin" in text
    assert "[console_scripts]\nordinarily = ordinarily.cli.commands:main" in text


def test_the_wheel_alone_builds_the_site(wheel_env: Path, installed_wheel: Path,
                                         wheel_site: Path) -> None:
    result = environment_run(wheel_env, installed_wheel, "python", "-c",
                             "import ordinarily.adapter.plugin as p; print(p.__file__)")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(installed_wheel)  # not the repository
    result = pip(wheel_env, "list", "--format", "json")
    names = {item["name"].lower() for item in json.loads(result.stdout)}
    assert "ordinarily" not in names and "properdocs" not in names  # dependencies only
    for page in ("needs/", "needs/communication-and-interaction/autism/", "checker/",
                 "local-offer/", "local-offer/services/travel-training/", "glossary/"):
        assert (wheel_site / page / "index.html").is_file(), page
    for data in ("checker/checker.json", "local-offer/finder/meta.json", "api/oruk/index.json",
                 "schemas/need.schema.json"):
        assert (wheel_site / data).is_file(), data


# --- `ordinarily generate` and plain MkDocs -----------------------------------------------------

def test_generate_writes_a_plain_mkdocs_project(generated: Path) -> None:
    config = yaml.safe_load((generated / "mkdocs.yml").read_text("utf-8"))
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "theme"
    assert "ordinarily" not in [next(iter(p)) if isinstance(p, dict) else p
                                for p in config["plugins"]]
    assert config["site_name"] == "Anytown SEND guide"
    assert "ordinarily:" not in json.dumps(config["nav"])  # every marker expanded
    for page in ("index.md", "funding.md", "local-offer/short-breaks.md"):  # hand-written
        assert (generated / "docs" / page).is_file(), page
    assert (generated / "theme/main.html").is_file()
    assert (generated / "theme/assets/ordinarily/branding.css").is_file()


def test_plain_build_has_every_page_and_data_file_of_the_plugin_build(
        generated: Path, plain_site: Path, wheel_site: Path) -> None:
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}

    assert pages(plain_site) == pages(wheel_site)
    data = [p.relative_to(generated / "site-files").as_posix()
            for p in (generated / "site-files").rglob("*") if p.is_file()]
    assert any(d.startswith("api/oruk/services") for d in data)
    assert any(d.startswith("local-offer/finder/") for d in data)
    assert "checker/checker.json" in data
    for name in data:  # the same bytes as the plugin writes
        assert (plain_site / name).read_bytes() == (wheel_site / name).read_bytes(), name


def test_generate_refuses_a_hand_written_page_at_a_generated_address(project: Path,
                                                                    tmp_path: Path) -> None:
    (project / "content/glossary.md").write_text("# My glossary\n", encoding="utf-8")
    result = ordinarily("generate", "--out", str(tmp_path / "out"), str(project))
    assert result.returncode == 1
    assert "content/glossary.md" in result.stderr and "/glossary/" in result.stderr


def test_generate_carries_the_councils_own_settings(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("docs_dir: content\n", (
        "docs_dir: content\n"
        "copyright: !ENV [COPYRIGHT, Anytown Council]\n"
        "repo_url: https://github.com/anytown-council/send-guide\n"
        "hooks: [hooks.py]\n"
        "markdown_extensions:\n  - footnotes\n  - toc:\n      permalink: true\n"
        "extra:\n  analytics_off: true\n")), encoding="utf-8")
    result = ordinarily("generate", "--out", str(tmp_path / "out"), str(project))
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((tmp_path / "out/mkdocs.yml").read_text("utf-8"))
    assert written["copyright"] == "Anytown Council"  # !ENV read as MkDocs reads it
    assert "repo_url" not in written and "hooks" not in written
    extensions = written["markdown_extensions"]
    assert extensions[:2] == ["footnotes", {"toc": {"permalink": True}}]  # the council's first
    assert "attr_list" in extensions and "toc" not in extensions
    assert written["extra"]["analytics_off"] is True and "ordinarily" in written["extra"]


# --- JSON Schemas for editors -------------------------------------------------------------------

@pytest.mark.parametrize("built", BUILDS)
def test_every_schema_is_published_as_shipped(built: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(f"{built}_site")
    ids = set()
    for kind in KINDS:
        text = (site / "schemas" / f"{kind}.schema.json").read_text("utf-8")
        assert text == schema_text(kind), kind
        schema = json.loads(text)
        # The $id names the schema at the address the URL contract gives it on any site.
        assert schema["$id"].startswith("https://")
        assert schema["$id"].endswith(f"/schemas/{kind}.schema.json"), schema["$id"]
        ids.add(schema["$id"])
        refs = re.findall(r'"\$ref":\s*"([^"]*)"', text)
        assert all(ref.startswith("#") for ref in refs), (kind, refs)  # works from any host
    assert len(ids) == len(KINDS)


def vscode_schemas() -> dict[str, list[str]]:
    settings = json.loads(VSCODE_SETTINGS.read_text("utf-8"))
    return {schema: [globs] if isinstance(globs, str) else globs
            for schema, globs in settings["yaml.schemas"].items()}


def example_yaml_files() -> list[Path]:
    files = [EXAMPLE / "ordinarily.yml"]
    for folder in ("needs", "local-offer"):
        files += (EXAMPLE / folder).rglob("*.yml")
    return sorted(files)


def kind_of_schema(path: str) -> str:
    return Path(path).name.removesuffix(".schema.json")


def test_vscode_settings_example_maps_every_schema_to_files() -> None:
    mapping = vscode_schemas()
    assert sorted(kind_of_schema(s) for s in mapping) == sorted(KINDS)
    for schema, globs in mapping.items():
        assert (ROOT / schema).is_file(), schema
        # The council's own files at the top of a fork, and the example's in example/.
        own, example = globs
        assert example == f"example/{own}", globs
        assert list(EXAMPLE.glob(own)), f"{own} matches no example file"
    for path in example_yaml_files():
        rel = path.relative_to(EXAMPLE)
        matched = [s for s, (own, _) in mapping.items()
                   if rel.match(own) and len(rel.parts) == len(Path(own).parts)]
        assert len(matched) == 1, f"{rel} is matched by {matched}"
    extensions = json.loads((ROOT / ".vscode/extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_every_example_file_names_its_schema_on_its_first_line() -> None:
    kinds = {}
    for schema, globs in vscode_schemas().items():
        for glob in globs:
            for path in ROOT.glob(glob):
                kinds[path] = kind_of_schema(schema)
    for path in example_yaml_files():
        first = path.read_text("utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.relative_to(ROOT)}: no schema line"
        target = (path.parent / match.group(1)).resolve()
        assert target.is_file(), f"{path.relative_to(ROOT)}: {match.group(1)} does not exist"
        assert target == (PACKAGE / "schemas" / f"{kinds[path]}.schema.json").resolve(), path
