"""The committee paper as an accessible PDF: the HTML paper, printed on A4 by WeasyPrint.

Why WeasyPrint: it prints the very HTML and print stylesheet the HTML paper ships (page numbers,
appendices on new pages, the inline SVG heatmaps), and writes a tagged PDF/UA-1 file with the
title and language that a screen reader needs, from PyPI plus Pango, with no browser and no TeX.

Nothing is fetched while printing: only `data:` URLs are read, so a council template that wants
a logo embeds it as a data URL. WeasyPrint is optional (the `pdf` extra; the message when it
is missing gives the command for how bvduty was installed) and imported only here, when a PDF
is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bvduty import install
from bvduty.analysis.paper import Paper
from bvduty.errors import UsageError
from bvduty.render import html

SYSTEM_HINT = (
    "WeasyPrint needs the Pango library: on Debian or Ubuntu, apt-get install libpango-1.0-0"
    " libpangoft2-1.0-0 fonts-liberation (see README, 'PDF papers')"
)
VARIANT = "pdf/ua-1"  # PDF/UA-1: tagged, with title and language; PDF 1.7


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError(f"PDF output needs WeasyPrint: {install.hint('pdf')}") from None
    except OSError as exc:  # the Python package is there but a system library is not
        raise UsageError(f"PDF output cannot run: {exc}. {SYSTEM_HINT}") from None
    return weasyprint


def paper(value: Paper, *, template_dir: Path | None = None) -> bytes:
    """The HTML paper (`template_dir` as for HTML) printed to PDF/UA-1 bytes.

    Raises:
        UsageError: WeasyPrint or its system libraries are missing, or a template is broken.
    """
    document = html.paper(value, template_dir=template_dir)
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    fetcher = URLFetcher(allowed_protocols=("data",))
    options: dict[str, Any] = {"pdf_variant": VARIANT}
    rendered = weasyprint.HTML(string=document, url_fetcher=fetcher).render(**options)
    front = rendered.metadata
    f = value.front
    front.authors = [f.author or f.authority]
    committee = f" to {f.committee}" if f.committee else ""
    front.description = f"{f.authority}: report{committee} on the {f.title}"
    front.keywords = ["Best Value Duty", "self-assessment", f.authority, f.period]
    front.lang = front.lang or "en-GB"
    data: bytes = rendered.write_pdf(**options)
    return data
