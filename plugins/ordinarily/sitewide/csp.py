"""The Content-Security-Policy every built page carries in a meta tag.

Scripts may come only from the site's own files, plus the inline scripts the engine and theme
write themselves. Those are allowed by hash, and the hashes are taken from the theme's script
partials, never from built pages, so nothing that content produced can ever be allowed. The
theme's scripts are the same on every page because the plugin fixes Material's `extra.scope`.
Styles, images, fonts, data and workers come only from the site itself (images may also be
`data:` URLs, which the theme uses for its icons); frames, plugins and other origins are off.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

SCRIPT_PARTIALS = "partials/javascripts/"

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>\s[^>]*)?>(?P<body>.*?)</script>", re.S | re.I)
_NOT_JAVASCRIPT = re.compile(r"\b(src|type)\s*=", re.I)

_POLICY = {
    "default-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script in a fragment of trusted template output (scripts with
    a `src` or a `type`, such as JSON data, are not run inline and are left out)."""
    return [m.group("body") for m in _INLINE_SCRIPT.finditer(html)
            if not _NOT_JAVASCRIPT.search(m.group("attrs") or "")]


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(scripts: Iterable[str] = (), *, live_reload: bool = False) -> str:
    """The policy for pages whose own inline scripts are `scripts`. With `live_reload` (under
    `mkdocs serve`, which injects its own inline script) inline scripts are allowed instead."""
    allowed = ["'unsafe-inline'"] if live_reload else sorted({script_hash(s) for s in scripts})
    directives = {"script-src": " ".join(["'self'", *allowed]), **_POLICY}
    order = ["default-src", "script-src", *(k for k in _POLICY if k != "default-src")]
    return "; ".join(f"{name} {directives[name]}" for name in order)


GITHUB_API = "https://api.github.com"


def admin_policy(*, local_backend: str = "") -> str:
    """The policy of `/admin/` alone: the web forms (Decap CMS) and nothing else. Every other
    page keeps `policy()`. Each allowance beyond the site's own, and why it is there:

    - `script-src 'unsafe-eval'`: the CMS validates its configuration with ajv, bundled in
      it, which compiles each schema into a function with `new Function`; it also covers the
      WebAssembly image encoders the CMS loads from its own folder when an image is uploaded.
      No inline script is allowed: the page loads the bundle from the site's own files.
    - `style-src 'unsafe-inline'`: the CMS's interface writes its styles as `<style>` elements
      at run time (emotion) and sets `style` attributes (React).
    - `img-src blob:`: the CMS shows a file it fetched through the GitHub API, or an image
      being uploaded, as a `blob:` address.
    - `connect-src https://api.github.com`: the GitHub backend reads and writes the repository
      (files, branches, pull requests) through GitHub's API. Nothing else: signing in opens the
      council's own sign-in helper in a window (`editing: base_url`), which the policy of this
      page does not govern, and which answers by `postMessage`, not by a request; the CMS's
      check of githubstatus.com is refused and it carries on.
    - under `make edit` only (`local_backend`, for example `http://localhost:8081`), that
      address instead of GitHub's API: decap-server, the local backend that reads and writes
      the working tree.

    Frames, plugins, fonts and data from other origins stay off, as on every other page.
    """
    connect = ["'self'", local_backend or GITHUB_API]
    directives = {
        "default-src": "'self'",
        "script-src": "'self' 'unsafe-eval'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self'",
        "connect-src": " ".join(connect),
        "worker-src": "'self'",
        "object-src": "'none'",
        "frame-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())
