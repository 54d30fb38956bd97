"""The committee paper as GitHub-flavoured Markdown, from the template `paper.md.j2`."""

from __future__ import annotations

from pathlib import Path

from bvduty.analysis.paper import Paper
from bvduty.render.templating import render

TEMPLATE = "paper.md.j2"


def paper(value: Paper, *, template_dir: Path | None = None) -> str:
    """The paper in Markdown; a `paper.md.j2` in `template_dir` replaces the built-in one.

    Raises:
        UsageError: a template is missing or broken.
    """
    return render(TEMPLATE, template_dir, paper=value)
