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
