"""Charts of financial resilience indicators: accessible SVG for HTML and PDF, a PNG for Word.

Why matplotlib: one drawing gives both the SVG the HTML paper inlines (and WeasyPrint prints)
and the PNG Word needs, with axes, ticks, bands and a legend laid out by a well-kept library
rather than by hand. It is heavy (NumPy), so it is the optional `charts` extra: without it the
paper is still complete, since every figure is also in the table beside each chart and the
chart's text alternative says what it shows; `bvduty report` then says how to add the extra.

Each chart shows the council's figures (a line with a marker and the figure written at each
year), the council's own thresholds (bands shaded in the level's colour, each named in text)
and, with a sector file, the sector's median and interquartile range. Colour never carries
meaning alone: the legend and the labels say what each line and band is. Text stays text in
the SVG, so a screen reader, a search and the PDF's text find it; the SVG gets `role="img"`, a
`<title>` and a `<desc>`, and every id in it is prefixed so that many charts share one page.
"""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING, Any

from bvduty import install
from bvduty.compose.nodes import ChartPicture

if TYPE_CHECKING:
    from bvduty.analysis.paper import Paper

WIDTH_IN, HEIGHT_IN = 6.4, 2.9  # inches (16 cm wide: an A4 text column), before the legend
PNG_DPI = 200
COUNCIL = "#1d70b8"  # GOV.UK blue
SECTOR = "#505a5f"  # GOV.UK dark grey
BAND = "#b1b4b6"  # GOV.UK mid grey
INK = "#0b0c0c"
FONTS = ["Liberation Sans", "Arial", "Helvetica", "DejaVu Sans"]
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|xlink:href="#|href="#)([^")]+)')


def available() -> bool:
    """Whether matplotlib (the `charts` extra) can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def missing_note(paper: Paper, fmt: str) -> str:
    """What to tell the user when a paper with indicators is written without its charts."""
    if fmt == "md" or paper.indicators is None or not paper.indicators.lines or available():
        return ""
    return (
        "The indicator charts were left out (every figure is in the table beside each one):"
        f" they need matplotlib: {install.hint('charts')}"
    )


def _scale(picture: ChartPicture) -> tuple[float, str]:
    """A divisor and the axis label: pounds are drawn in millions when they are that large."""
    if picture.unit == "pounds":
        big = max((abs(v) for v in picture.values), default=0) >= 1_000_000
        return (1_000_000.0, "£ million") if big else (1.0, "£")
    return 1.0, {"percent": "per cent", "years": "years", "ratio": "ratio"}.get(picture.unit, "")


def _figure(picture: ChartPicture) -> Any:
    """The matplotlib Figure of one indicator (no pyplot: no global state, no GUI)."""
    from matplotlib.figure import Figure

    divisor, axis_label = _scale(picture)
    years = list(picture.years)
    xs = list(range(len(years)))
    values = [v / divisor for v in picture.values]
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), facecolor="#ffffff")
    axes = figure.add_subplot()
    low_high = [*values]
    low_high += [t[1] / divisor for t in picture.thresholds]
    sector = [(s[0], s[1] / divisor, s[2] / divisor, s[3] / divisor) for s in picture.sector]
    low_high += [v for s in sector for v in s[1:]]
    low, high = min(low_high), max(low_high)
    margin = (high - low) * 0.15 or abs(high) * 0.15 or 1.0
    bottom, top = low - margin, high + margin
    if low >= 0 and bottom < 0:
        bottom = 0.0
    axes.set_ylim(bottom, top)
    axes.set_xlim(-0.4, max(len(years) - 1, 1) + 0.4)
    # The council's thresholds: a band per level, worst first, each named in the legend.
    from matplotlib.patches import Patch

    bands: list[Any] = []
    edges = [t[1] / divisor for t in picture.thresholds]
    for index, (name, limit, colour) in enumerate(picture.thresholds):
        edge = limit / divisor
        if picture.worse == "lower":
            span = (edges[index - 1] if index else bottom, edge)
            words = f"{name}: {picture.threshold_labels[index]} or below"
        else:
            span = (edge, edges[index - 1] if index else top)
            words = f"{name}: {picture.threshold_labels[index]} or above"
        axes.axhspan(*span, color=colour or BAND, alpha=0.3, linewidth=0, zorder=0)
        axes.axhline(edge, color=INK, linewidth=0.8, linestyle=(0, (4, 3)), zorder=1)
        bands.append(Patch(facecolor=colour or BAND, alpha=0.5, edgecolor=INK, label=words))
    if sector:
        places = [years.index(s[0]) for s in sector if s[0] in years]
        q1 = [s[1] for s in sector if s[0] in years]
        median = [s[2] for s in sector if s[0] in years]
        q3 = [s[3] for s in sector if s[0] in years]
        axes.fill_between(
            places, q1, q3, color=BAND, alpha=0.45, linewidth=0, zorder=2,
            label="Sector interquartile range",
        )  # fmt: skip
        axes.plot(
            places, median, color=SECTOR, linestyle=(0, (5, 2)), marker="s", markersize=4,
            linewidth=1.4, zorder=3, label="Sector median",
        )  # fmt: skip
    axes.plot(
        xs, values, color=COUNCIL, marker="o", markersize=5, linewidth=2.2, zorder=4,
        label="The Council",
    )  # fmt: skip
    for x, value, raw in zip(xs, values, picture.values, strict=True):
        axes.annotate(
            picture.labels[xs.index(x)] if picture.labels else f"{raw:g}",
            xy=(x, value),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=INK,
            zorder=5,
        )
    axes.set_xticks(xs, years)
    axes.set_ylabel(axis_label, fontsize=9, color=INK)
    axes.tick_params(labelsize=8, colors=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color="#e5e6e7", linewidth=0.6, zorder=0)
    handles, _ = axes.get_legend_handles_labels()
    rows = -(-(len(handles) + len(bands)) // 2)
    axes.legend(
        handles=[*reversed(handles), *bands], loc="upper center", bbox_to_anchor=(0.5, -0.12),
        ncol=2, frameon=False, fontsize=8,
    )  # fmt: skip
    height = HEIGHT_IN + 0.18 * rows
    figure.set_size_inches(WIDTH_IN, height)
    figure.subplots_adjust(left=0.1, right=0.98, top=0.95, bottom=(0.45 + 0.19 * rows) / height)
    return figure


def _settings(salt: str) -> Any:
    return {
        "svg.fonttype": "none",  # text stays text: read aloud, found, and printed as text
        "svg.hashsalt": salt,  # the same chart gives the same bytes on every run
        "font.family": "sans-serif",
        "font.sans-serif": FONTS,
        "axes.edgecolor": INK,
    }


def _quiet_fonts() -> None:
    # matplotlib logs each font of the list it does not find; the list ends in one it ships.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def svg(picture: ChartPicture, *, id_prefix: str, title: str, description: str) -> str:
    """The chart as inline SVG: role img, a title and a description, every id prefixed."""
    import matplotlib

    _quiet_fonts()
    with matplotlib.rc_context(_settings(id_prefix)):
        figure = _figure(picture)
        buffer = io.BytesIO()
        metadata = {"Date": None, "Creator": None, "Format": None, "Type": None}
        figure.savefig(buffer, format="svg", metadata=metadata)
    drawing = buffer.getvalue().decode("utf-8")
    drawing = drawing[drawing.index("<svg") :]
    drawing = re.sub(r"<metadata>.*?</metadata>\s*", "", drawing, flags=re.S)
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix)
    drawing = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', drawing)
    drawing = _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", drawing)
    opening = drawing.index(">") + 1
    head = drawing[:opening]
    head = re.sub(r'\swidth="[^"]*"', "", head, count=1)
    head = re.sub(r'\sheight="[^"]*"', "", head, count=1)
    head = head.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{prefix}-title {prefix}-desc" class="chart-picture" ',
        1,
    )
    from html import escape

    named = (
        f'\n<title id="{prefix}-title">{escape(title)}</title>'
        f'\n<desc id="{prefix}-desc">{escape(description)}</desc>'
    )
    return head + named + drawing[opening:]


def png(picture: ChartPicture) -> bytes:
    """The chart as a PNG for Word, the same drawing as the SVG."""
    import matplotlib

    _quiet_fonts()
    with matplotlib.rc_context(_settings("png")):
        figure = _figure(picture)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


__all__ = ["available", "missing_note", "png", "svg"]
