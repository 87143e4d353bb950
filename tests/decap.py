"""decap-server, Decap CMS's local backend, for the tests and `make screenshots`.

It is installed from the npm registry into a cache folder outside the repository
(`$XDG_CACHE_HOME/ordinarily/decap-server-<version>`, normally ~/.cache/...), once per version:
the same version `make edit` runs (DECAP_SERVER_VERSION in the Makefile).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class NoNode(RuntimeError):
    """npm is not installed, so decap-server cannot be."""


def version() -> str:
    """The pinned version, read from the Makefile so `make edit` and the tests agree."""
    text = (ROOT / "Makefile").read_text("utf-8")
    return re.search(r"^DECAP_SERVER_VERSION := (\S+)$", text, re.M).group(1)


def cache_folder() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ordinarily" / f"decap-server-{version()}"


def installed() -> Path:
    """The decap-server command, installed from the npm registry on first use."""
    folder = cache_folder()
    command = folder / "node_modules" / ".bin" / "decap-server"
    if command.is_file():
        return command
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise NoNode("decap-server needs Node.js and npm, which are not installed")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund",
                    "--no-save", f"decap-server@{version()}"],
                   check=True, capture_output=True, text=True, timeout=600)
    return command


@contextlib.contextmanager
def running(folder: Path, port: int, *, git: bool = False) -> Iterator[str]:
    """decap-server over `folder` on localhost:port (MODE=git: its git backend, which keeps
    the editorial workflow's branches); yields its API address."""
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "GIT_REPO_DIRECTORY": str(folder), "MODE": "git" if git else "fs",
           "LOG_LEVEL": "info"}
    log = open(folder.parent / f"decap-server-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen([str(installed())], cwd=folder, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    api = f"http://localhost:{port}/api/v1"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(api, data=b'{"action": "info"}',
                                                 headers={"Content-Type": "application/json"})
                urllib.request.urlopen(request, timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("decap-server did not start: see "
                                       f"{log.name}") from None
                time.sleep(0.2)
        yield api
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
