"""Colour helpers shared by every picture: readable text on any level colour (WCAG contrast)."""

from __future__ import annotations

NEUTRAL = "#f3f2f1"  # GOV.UK light grey, for unrated and cross-reference cells
DARK = "#0b0c0c"
LIGHT = "#ffffff"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, 1-21."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(background: str | None) -> str:
    """Dark or white text, whichever reads better on `background` (None: neutral grey)."""
    fill = background or NEUTRAL
    return DARK if contrast(fill, DARK) >= contrast(fill, LIGHT) else LIGHT
