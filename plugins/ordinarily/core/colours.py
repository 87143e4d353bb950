"""Colour arithmetic for the council's branding, and the WCAG contrast the theme relies on.

The theme prints white text on the primary colour (the header), links in a darker shade of the
primary colour on white, and the accent colour as text on white (tags, hover). Each pair must
reach WCAG AA's 4.5:1 for text, checked when the settings are read.
"""

from __future__ import annotations

WHITE = "#ffffff"
TEXT_CONTRAST = 4.5


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


def darker_until_readable(hex_colour: str) -> str:
    """The nearest darker shade of the colour that white text, and white pages, can sit on."""
    candidate = hex_colour.lower()
    while contrast(candidate, WHITE) < TEXT_CONTRAST:
        candidate = shade(candidate, 0.95)
    return candidate


# Each branding colour, and what the theme puts it with. Links use a darker shade of the
# primary colour, so white text on the primary colour is the harder of its two tests.
USES = {"primary": "white text on it (the header and buttons)",
        "accent": "text in it on a white page (tags, and links under the pointer)"}


def contrast_problems(colours: dict[str, str]) -> dict[str, str]:
    """A message for each branding colour too light to read with white, by field name."""
    problems = {}
    for field, use in USES.items():
        colour = colours[field]
        ratio = contrast(colour, WHITE)
        if ratio < TEXT_CONTRAST:
            better = darker_until_readable(colour)
            problems[field] = (f"the {field} colour {colour} and white ({WHITE}) have too "
                               f"little contrast for {use}: {ratio:.2f}:1, where WCAG AA needs "
                               f"at least {TEXT_CONTRAST}:1 for text; try the darker {better}")
    return problems
