"""The council's colours as CSS custom properties for the theme."""

from __future__ import annotations

from markupsafe import Markup

from .pages import html_environment
from .settings import Settings


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def shade(hex_colour: str, factor: float) -> str:
    """The colour mixed towards black (factor < 1) or white (factor > 1)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    if factor < 1:
        mixed = [round(v * factor) for v in (r, g, b)]
    else:
        mixed = [round(v + (255 - v) * (factor - 1)) for v in (r, g, b)]
    return "#" + "".join(f"{min(255, max(0, v)):02x}" for v in mixed)


def branding_css(settings: Settings) -> str:
    # Colours are checked as #rrggbb by the settings schema, so they are safe to print as CSS.
    colours = {"primary": settings.primary, "primary_dark": shade(settings.primary, 0.8),
               "primary_light": shade(settings.primary, 1.85), "accent": settings.accent}
    return html_environment().get_template("partials/branding.css.j2").render(
        **{name: Markup(value) for name, value in colours.items()})
