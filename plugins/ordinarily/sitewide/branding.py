"""The council's colours as CSS custom properties for the theme."""

from __future__ import annotations

from markupsafe import Markup

from ordinarily.core.colours import shade
from ordinarily.core.rendering import html_environment
from ordinarily.core.settings import Settings


def branding_css(settings: Settings) -> str:
    # Colours are checked as #rrggbb by the settings schema, so they are safe to print as CSS.
    colours = {"primary": settings.primary, "primary_dark": shade(settings.primary, 0.8),
               "primary_light": shade(settings.primary, 1.85), "accent": settings.accent}
    return html_environment().get_template("partials/branding.css.j2").render(
        **{name: Markup(value) for name, value in colours.items()})
