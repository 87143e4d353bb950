"""Vendor a release of Decap CMS into the engine (`make update-cms VERSION=3.16.3`).

Downloads `decap-cms` at VERSION from the npm registry with Python alone (no Node needed),
checks the tarball against the registry's own `integrity` (sha512), and writes into
plugins/ordinarily/cms/vendor/decap-cms/ exactly what the browser loads at run time:

- `decap-cms.js`, the one minified bundle /admin/ loads, and its `decap-cms.js.LICENSE.txt`
  (the licences of the libraries bundled in it);
- `<n>.decap-cms.js`, the chunks the bundle fetches from its own folder when a view needs them;
- `*.wasm`, the image encoders a chunk fetches from the same folder when an image is uploaded;
- `LICENSE`, Decap's own MIT licence (the npm package declares it in package.json but carries
  no licence file, so the text of the upstream repository's LICENSE is written here);
- `vendored.json`, the record: version, tarball address, the registry's integrity string and
  the sha256 of every file above. `tests/test_admin.py` checks the folder against it.

Source maps, the `cms.js` copy of the bundle (the same code under its old name) and cms.css are
left out. The old folder is replaced only once the new one is complete.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "plugins" / "ordinarily" / "cms" / "vendor" / "decap-cms"
REGISTRY = "https://registry.npmjs.org"
PACKAGE = "decap-cms"
RECORD = "vendored.json"
RUNTIME = re.compile(r"^dist/((\d+\.)?decap-cms\.js|decap-cms\.js\.LICENSE\.txt|[0-9a-f]+\.wasm)$")

MIT = """\
Decap CMS (npm package decap-cms) is released under the MIT licence, as its package.json
declares ("license": "MIT"). The npm package carries no licence file; this is the text of the
LICENSE file of its repository, https://github.com/decaporg/decap-cms.

Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (the registry)
        return response.read()


def registry_entry(version: str) -> dict:
    """The registry's record of one version: its tarball address and integrity string."""
    entry = json.loads(fetch(f"{REGISTRY}/{PACKAGE}/{version}"))
    if entry.get("license") != "MIT":
        sys.exit(f"{PACKAGE} {version} declares the licence {entry.get('license')!r}, not MIT: "
                 "check it before vendoring, and update the LICENSE text in this script")
    return entry


def check_integrity(tarball: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        sys.exit(f"the registry gives a {algorithm} integrity string; expected sha512")
    actual = base64.b64encode(hashlib.sha512(tarball).digest()).decode("ascii")
    if actual != expected:
        sys.exit(f"the downloaded tarball does not match the registry's integrity {integrity}")


def runtime_files(tarball: bytes) -> dict[str, bytes]:
    """The files of the package's dist/ folder that the browser loads, by name."""
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/")
            if member.isfile() and RUNTIME.match(name):
                found[name.removeprefix("dist/")] = archive.extractfile(member).read()
    if "decap-cms.js" not in found:
        sys.exit("the package has no dist/decap-cms.js: its layout changed; look before vendoring")
    return found


def write(version: str, entry: dict, files: dict[str, bytes]) -> None:
    files = {**files, "LICENSE": MIT.encode("utf-8")}
    record = {
        "package": PACKAGE,
        "version": version,
        "tarball": entry["dist"]["tarball"],
        "integrity": entry["dist"]["integrity"],
        "licence": "MIT",
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    staging = Path(tempfile.mkdtemp(prefix="decap-cms-", dir=VENDOR.parent))
    for name, data in files.items():
        (staging / name).write_bytes(data)
    (staging / RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    staging.rename(VENDOR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="the decap-cms version, e.g. 3.16.3")
    args = parser.parse_args(argv)
    entry = registry_entry(args.version)
    tarball = fetch(entry["dist"]["tarball"])
    check_integrity(tarball, entry["dist"]["integrity"])
    files = runtime_files(tarball)
    VENDOR.parent.mkdir(parents=True, exist_ok=True)
    write(entry["version"], entry, files)
    size = sum(len(data) for data in files.values()) / 1_000_000
    print(f"Vendored {PACKAGE} {entry['version']}: {len(files)} files, {size:.1f} MB, "
          f"in {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
