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
    data: bytes = rendered.write_pdf(finisher=_header_scopes, **options)
    return data


def _header_scopes(document: Any, pdf: Any) -> None:
    """Give every table header cell its Scope, as the HTML's `scope` attribute says.

    Why: WeasyPrint tags `<th>` as TH and links data cells to their headers, but writes no
    /Scope attribute, so a screen reader reading the PDF cannot tell a column header from a row
    header. A header inside a table head row heads its column; any other heads its row (the
    paper's tables put a row header first in each body row, `scope="row"`).
    """
    import pydyf  # type: ignore[import-untyped]

    by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}

    def parent(element: Any) -> Any:
        reference = element.get("P") if isinstance(element, dict) else None
        if isinstance(reference, bytes):
            return by_number.get(int(reference.split()[0]))
        return None

    for element in pdf.objects:
        if not isinstance(element, dict) or element.get("S") != "/TH":
            continue
        row = parent(element)
        section = parent(row) if row is not None else None
        in_head = section is not None and section.get("S") == "/THead"
        attributes = element.get("A")
        if not isinstance(attributes, dict):
            attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = "/Column" if in_head else "/Row"
