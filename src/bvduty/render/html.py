"""The committee paper as one self-contained, accessible HTML file, from `paper.html.j2`.

Inline CSS (screen and A4 print), the heatmap as inline SVG beside an equivalent data table, no
scripts and nothing fetched from elsewhere; the accessibility test holds it to WCAG 2.2 AA.
"""

from __future__ import annotations

from pathlib import Path

from bvduty.analysis.paper import Paper
from bvduty.render.templating import render

TEMPLATE = "paper.html.j2"


def paper(value: Paper, *, template_dir: Path | None = None) -> str:
    """The paper in HTML; a `paper.html.j2` in `template_dir` replaces the built-in one.

    Raises:
        UsageError: a template is missing or broken.
    """
    return render(TEMPLATE, template_dir, paper=value)
