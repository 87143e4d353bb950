"""Where the engine's own files are: its templates, theme and JSON Schemas.

They sit at the top of the `ordinarily` package (their paths are contracts: content files name
`plugins/ordinarily/schemas/`, councils' overrides extend the theme's templates), so every module
finds them here, whatever folder the module itself is in.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

PACKAGE = "ordinarily"
TEMPLATES = "templates"  # for jinja2's PackageLoader(PACKAGE, TEMPLATES)
ENGINE_THEME = Path(__file__).parent.parent / "theme"


def engine_file(*parts: str) -> Traversable:
    """A file or folder shipped in the package, such as ("templates", "maintainers")."""
    return resources.files(PACKAGE).joinpath(*parts)
