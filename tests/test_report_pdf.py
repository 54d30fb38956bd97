"""`bvduty report --format pdf`: the HTML paper printed to an accessible PDF, read back with pypdf.

Every section heading, theme title and cell id of the paper must be in the PDF's text; the file
must be tagged (StructTreeRoot, MarkInfo), say PDF/UA-1 in its XMP metadata, carry the paper's
title and language, be A4 with "Page N of M" on every page, and start each appendix on a new
page. Nothing is fetched while printing.

WeasyPrint needs Pango from the system (scripts/install-test-deps installs it). When it is
missing these tests skip with the reason, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from importlib.abc import MetaPathFinder
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bvduty import install
from bvduty.analysis.paper import Paper
from bvduty.cli import app
from bvduty.core import paper as build
from bvduty.errors import UsageError
from bvduty.render import html, pdf
from conftest import EXAMPLE
from papertext import html_parts

pypdf = pytest.importorskip("pypdf", reason="pypdf is in the dev extra")


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (CI must run the PDF tests; see scripts/install-test-deps)")
    pytest.skip(f"{reason}; run scripts/install-test-deps")


@pytest.fixture(scope="module")
def weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]
    except ImportError:
        _missing("WeasyPrint is not installed (pip install -e '.[dev]')")
    except OSError as exc:
        _missing(f"WeasyPrint cannot load its system libraries: {exc}")
    return weasyprint


@pytest.fixture(scope="module")
def example() -> Paper:
    return build(EXAMPLE, workers=1)


@pytest.fixture(scope="module")
def reader(weasyprint: Any, example: Paper) -> Any:
    return pypdf.PdfReader(io.BytesIO(pdf.paper(example)))


@pytest.fixture(scope="module")
def pages(reader: Any) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _headings(value: Paper) -> list[str]:
    """The numbered sections and appendices of the paper, as the HTML paper shows them."""
    headings, _, _ = html_parts(html.paper(value))
    return [h for h in headings if re.match(r"\d+\. |Appendix [A-Z]: ", h)]


def _covering_pages(pages: list[str]) -> int:
    """How many pages come before Appendix A: the covering report's length."""
    return next(n for n, text in enumerate(pages) if "Appendix A: Theme-by-theme" in text)


def test_every_section_theme_and_characteristic_is_in_the_text(
    example: Paper, pages: list[str]
) -> None:
    text = " ".join(pages)
    headings = _headings(example)
    assert len(headings) == 12  # 8 numbered sections and four appendices
    missing = [h for h in headings if h not in text]
    assert missing == []
    assert all(f"Theme {t.number}: {t.title}" in text for t in example.themes)
    ids = [c.id for row in example.heatmap.themes for c in row.cells]
    assert len(ids) == 61
    assert [i for i in ids if not re.search(rf"\b{i}\b", text)] == []
    assert all(e.id in text for e in example.evidence)
    assert all(a.id in text for a in example.actions)


def test_the_covering_report_fits_on_five_sides(pages: list[str]) -> None:
    assert _covering_pages(pages) <= 5


def test_any_seven_theme_assessment_fits_on_five_sides(weasyprint: Any, tmp_path: Path) -> None:
    """Three national-style authorities from the benchmark generator: full report settings,
    seven themes of 7-12 characteristics and their action plans."""
    import subprocess

    from conftest import ROOT

    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), "--authorities", "3",
         "--out", str(tmp_path / "corpus")],
        check=True,
        capture_output=True,
    )  # fmt: skip
    folders = sorted(p.parent for p in (tmp_path / "corpus").rglob("assessment.yaml"))
    assert len(folders) == 3
    for folder in folders:
        reader = pypdf.PdfReader(io.BytesIO(pdf.paper(build(folder, workers=1))))
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        assert _covering_pages(pages) <= 5, folder.name


def test_table_headers_carry_their_scope(reader: Any) -> None:
    """A screen reader reading the PDF knows a column header from a row header."""
    scopes: dict[str, int] = {}

    def walk(element: Any, parent: str) -> None:
        element = element.get_object()
        kind = element.get("/S")
        if kind == "/TH":
            attributes = element.get("/A")
            scope = str(attributes.get_object().get("/Scope")) if attributes else "none"
            key = f"{parent}:{scope}"
            scopes[key] = scopes.get(key, 0) + 1
        children = element.get("/K")
        if children is None:
            return
        for child in children if isinstance(children, list) else [children]:
            if hasattr(child, "get_object") and isinstance(child.get_object(), dict):
                walk(child, str(kind) if kind in ("/THead", "/TBody") else parent)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], "")
    assert scopes.get("/THead:/Column", 0) > 100
    assert scopes.get("/TBody:/Row", 0) > 100
    assert set(scopes) == {"/THead:/Column", "/TBody:/Row"}


def test_the_pdf_is_tagged_ua_titled_and_in_british_english(reader: Any) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == (
        "Best Value Duty self-assessment 2024/25: Example Borough Council"
    )
    assert reader.metadata.author == "Priya Lawson"
    assert "Standards and Audit Committee" in reader.metadata.subject
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_every_page_is_a4_and_numbered(reader: Any, pages: list[str]) -> None:
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(595, 842)}
    total = len(pages)
    assert total > 10
    assert [n for n, text in enumerate(pages, 1) if f"Page {n} of {total}" not in text] == []


def test_each_appendix_starts_a_new_page(pages: list[str]) -> None:
    for heading in (
        "Appendix A: Theme-by-theme assessment",
        "Appendix B: Action plan",
        "Appendix C: Evidence library",
        "Appendix D: Gap analysis",
    ):
        found = [n for n, text in enumerate(pages) if heading in text]
        assert len(found) == 1, heading
        before = pages[found[0]].split(heading)[0]
        assert re.fullmatch(r"(Page \d+ of \d+)?\s*", before), before


def test_the_heatmaps_are_drawn_with_their_cells_in_text(pages: list[str]) -> None:
    """The inline SVG heatmap is printed as vector text, not dropped: its title is there."""
    first = next(n for n, text in enumerate(pages) if "Figure 1: heatmap" in text)
    text = " ".join(pages[max(0, first - 1) : first + 1])
    assert re.search(r"CI001 DG", text)
    assert re.search(r"R010 A ▼", text)


def test_nothing_is_fetched_while_printing(
    weasyprint: Any, example: Paper, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    picture = tmp_path / "logo.png"
    picture.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
        )
    )
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "paper.html.j2").write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><title>{{ document.title }}</title>'
        f'<link rel="stylesheet" href="{picture.as_uri()}.css"></head><body>'
        f'<img src="{picture.as_uri()}" alt="logo"><img src="http://127.0.0.1:9/x.png" alt="x">'
        "<p>{{ document.kicker }}</p></body></html>",
        encoding="utf-8",
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf.paper(example, template_dir=templates)))
    assert "Example Borough Council" in reader.pages[0].extract_text()
    assert not reader.pages[0]["/Resources"].get("/XObject")  # no picture in the page
    refused = [r.getMessage() for r in caplog.records if "disallowed protocol" in r.getMessage()]
    assert len(refused) == 3  # the stylesheet, the file: picture and the http: picture


# --- the command ---------------------------------------------------------------------------------


def test_report_writes_a_pdf_with_output(weasyprint: Any, tmp_path: Path) -> None:
    target = tmp_path / "paper.pdf"
    code, out, err = run("report", str(EXAMPLE), "-f", "pdf", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes().startswith(b"%PDF-1.7")


def test_a_pdf_is_never_written_to_the_terminal() -> None:
    code, out, err = run("report", str(EXAMPLE), "-f", "pdf")
    assert (code, out) == (2, "")
    assert "--format pdf writes a binary file: give --output FILE" in err


@pytest.fixture
def no_weasyprint(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    yield


class _BrokenLibrary(MetaPathFinder):
    """Finds `weasyprint` by failing as it does when Pango is missing (an OSError from cffi)."""

    def find_spec(self, name: str, *_: object) -> None:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")


def test_without_weasyprint_the_message_names_the_extra(
    example: Paper, no_weasyprint: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(install, "detect", lambda: install.Install("pip"))  # as from PyPI
    with pytest.raises(UsageError, match=re.escape("pip install 'bvduty[pdf]'")):
        pdf.paper(example)
    code, _, err = run("report", str(EXAMPLE), "-f", "pdf", "-o", str(tmp_path / "p.pdf"))
    assert code == 2
    assert "PDF output needs WeasyPrint: pip install 'bvduty[pdf]'" in err
    assert not (tmp_path / "p.pdf").exists()


def test_without_pango_the_message_names_the_system_packages(
    example: Paper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_BrokenLibrary(), *sys.meta_path])
    with pytest.raises(UsageError, match=re.escape("libpango-1.0-0 libpangoft2-1.0-0")):
        pdf.paper(example)
