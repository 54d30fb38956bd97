"""`bvduty report --format docx`: the Word paper, read back with python-docx.

The words come from the same document tree as the Markdown and HTML papers, so the Word paper
must carry the same headings, numbered paragraphs and table captions (tests/test_paper_formats.py
compares all four formats); here: every heatmap cell with its colour AND its id and mark, real
Word structure (heading styles, repeating header rows, a contents field, page-number fields,
properties), ids and words that never break, and linear time on a huge theme. A council template
built here (its own font, heading colour, header, page size and table style) must survive as the
base of the document.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bvduty import install
from bvduty.analysis.paper import Paper
from bvduty.cli import app
from bvduty.colours import NEUTRAL, text_on
from bvduty.core import paper as build
from bvduty.errors import UsageError
from bvduty.render import docx as render
from bvduty.render import html
from conftest import CASES, EXAMPLE, Overlay
from papertext import docx_parts, fold, html_parts

docx = pytest.importorskip("docx", reason="python-docx is in the dev extra")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt, RGBColor  # noqa: E402

FOLDER = EXAMPLE / "example-borough-2024-25"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def read(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def example() -> Paper:
    return build(EXAMPLE, workers=1)


@pytest.fixture(scope="module")
def data(example: Paper) -> bytes:
    return render.paper(example)


@pytest.fixture(scope="module")
def document(data: bytes) -> Any:
    return read(data)


def styled(document: Any, *names: str) -> list[str]:
    return [fold(p.text) for p in document.paragraphs if p.style.name in names]


def captions(document: Any) -> list[str]:
    """Each table's title for screen readers (Word's Alt Text title), in order."""
    return [t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for t in document.tables]


# --- the same paper as the HTML ---------------------------------------------------------------


def test_headings_use_word_heading_styles_by_depth(example: Paper, document: Any) -> None:
    shown, _, _ = html_parts(html.paper(example))
    headings, _, _ = docx_parts(render.paper(example))
    assert headings == [h for h in shown if h != "Contents"]
    assert styled(document, "Title") == ["Best Value Duty self-assessment 2024/25"]
    assert styled(document, "Heading 1")[-4:] == [
        "Appendix A: Theme-by-theme assessment",
        "Appendix B: Action plan",
        "Appendix C: Evidence library",
        "Appendix D: Gap analysis",
    ]
    assert "Theme 5: Use of Resources" in styled(document, "Heading 2")
    assert "What the statutory guidance expects" in styled(document, "Heading 3")


def test_the_paper_with_movement_has_its_appendix_too(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(FOLDER, before)
    shutil.copytree(FOLDER, after)
    theme = after / "themes" / "05-use-of-resources.yaml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(
        re.sub(r"(id: R010\n(?:    .*\n)*?    rating: )amber", r"\1yellow", text),
        encoding="utf-8",
    )
    value = build(after, workers=1, compare=str(before))
    assert value.movement is not None and value.movement.ratings
    document = read(render.paper(value))
    assert "Appendix E: Movement since 2024/25 as at 31 January 2025" in styled(
        document, "Heading 1"
    )
    figure = document.tables[1]
    marks = {c.paragraphs[0].text: c.paragraphs[1].text for c in _cells(figure) if _fill(c)}
    assert marks["R010"] == "Y ▼ ↑"  # improved since, and still below target


# --- the heatmap: colour and text in every cell -----------------------------------------------


def _cells(table: Any) -> Iterator[Any]:
    for row in table.rows:
        yield from row.cells


def _fill(cell: Any) -> str | None:
    shading = cell._tc.find(f"{W}tcPr/{W}shd")
    return None if shading is None else str(shading.get(qn("w:fill")))


def test_every_heatmap_cell_has_its_colour_and_its_id_and_mark_in_text(
    example: Paper, document: Any
) -> None:
    heatmap = example.heatmap
    marks = heatmap.marks()
    figure = document.tables[1]  # after the report details
    assert captions(document)[1] == "Figure 1: heatmap of the whole self-assessment"
    shown = {c.paragraphs[0].text: c for c in _cells(figure) if _fill(c)}
    cells = [c for row in heatmap.themes for c in row.cells]
    assert len(cells) == 61
    assert set(shown) == {c.id for c in cells}
    for c in cells:
        target = shown[c.id]
        if c.see is not None:
            fill, mark = NEUTRAL, f"→ {c.see}"
        elif c.rating is None:
            fill, mark = NEUTRAL, "--"
        else:
            fill = heatmap.level(c.rating).colour or NEUTRAL
            mark = marks[c.rating] + (" ▼" if c.below_target else "")
        assert _fill(target) == fill.lstrip("#").upper(), c.id
        assert target.paragraphs[1].text == mark, c.id
        ink = {run.font.color.rgb for p in target.paragraphs for run in p.runs}
        assert ink == {RGBColor.from_string(text_on(fill).lstrip("#"))}, c.id
    description = figure._tbl.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))
    assert description.startswith("Heatmap of the whole self-assessment: 60 characteristics")


def test_each_theme_has_its_own_heatmap_and_every_id_appears_in_its_table(
    example: Paper, document: Any
) -> None:
    titles = captions(document)
    for theme in example.themes:
        caption = f"heatmap of Theme {theme.number}: {theme.title}"
        figure = document.tables[next(i for i, t in enumerate(titles) if t.endswith(caption))]
        ids = {c.paragraphs[0].text for c in _cells(figure) if _fill(c)}
        assert ids == {c.id for c in theme.cells}
        listing = document.tables[
            next(
                i
                for i, t in enumerate(titles)
                if t.endswith(f"Theme {theme.number} characteristics, ratings and targets")
            )
        ]
        assert [r.cells[0].text for r in listing.rows[1:]] == [c.id for c in theme.cells]


def test_ratings_in_the_characteristics_tables_are_words_on_the_level_colour(
    document: Any,
) -> None:
    titles = captions(document)
    table = document.tables[
        next(
            i
            for i, t in enumerate(titles)
            if t.endswith("Theme 1 characteristics, ratings and targets")
        )
    ]
    row = next(r for r in table.rows if r.cells[0].text == "CI009")
    assert row.cells[2].text == "Significant improvement needed"
    shading = row.cells[2].paragraphs[0].runs[0]._r.find(f"{W}rPr/{W}shd")
    assert shading.get(qn("w:fill")) == "F47738"
    assert row.cells[4].text == "2 levels below"


def test_ids_and_dates_never_break_and_no_column_splits_a_word(document: Any) -> None:
    """Word breaks a word that does not fit its column ("A10/1", "assess/ed")."""
    checked = 0
    for table in document.tables[1:]:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.find(f"{W}tblGrid")]
        sides = table._tbl.find(f"{W}tblPr/{W}tblCellMar")
        margins = 216 if sides is None else sum(int(side.get(qn("w:w"))) for side in sides)
        header = [c.text for c in table.rows[0].cells]
        for number, row in enumerate(table.rows):
            cells = row._tr.findall(f"{W}tc")
            column = 0
            for tc in cells:
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                width = sum(
                    grid[column : column + (int(span.get(qn("w:val"))) if span is not None else 1)]
                )
                words = " ".join(t.text or "" for t in tc.iter(f"{W}t")).split()
                id_column = header[column] in ("Action", "Characteristic", "Evidence", "Due")
                if number and words and id_column:
                    assert tc.find(f"{W}tcPr/{W}noWrap") is not None, words
                # 9.5pt bold Arial needs about 108 twips (1.9 mm) a character ("improvement"
                # is 1,193 twips), plus the cell's margins (Word's default: 108 twips a side).
                longest = max((len(w) for w in words), default=0)
                assert width >= min(longest, 40) * 108 + margins, (header[column], words, width)
                checked += 1
                column += int(span.get(qn("w:val"))) if span is not None else 1
    assert checked > 500


def test_a_huge_theme_is_written_in_linear_time_without_a_traceback(tmp_path: Path) -> None:
    """Thousands of characteristics in one theme: no recursion (no vertical merges) and time
    growing with their number, not its square (checked by count, not by clock: the XML of each
    table is parsed once)."""
    from bvduty.compose.paper import compose

    for count in (200, 2000):
        folder = _huge(tmp_path / str(count), count)
        value = build(folder, workers=1)
        data = render.write(compose(value))
        document = read(data)
        figure = document.tables[1]
        # A header, rows of six characteristics, and one row for each of the 6 other themes.
        assert len(figure.rows) == 1 + -(-count // 6) + 6
        assert sum(1 for c in _cells(figure) if _fill(c)) == count
        assert not list(document.element.body.iter(qn("w:vMerge")))


def _huge(folder: Path, count: int) -> Path:
    shutil.copytree(CASES / "base", folder)
    lines = ["bvduty: 1", "kind: theme", "theme: use-of-resources", "criteria:"]
    for index in range(count):
        lines += [
            f"  - id: R{index:05d}",
            f"    statement: Characteristic {index} is met.",
            f"    rating: {('red', 'amber', 'green')[index % 3]}",
            "    evidence: [E001]",
        ]
    (folder / "themes" / "use-of-resources.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "actions.yaml").write_text("bvduty: 1\nkind: actions\nactions: []\n", "utf-8")
    return folder


# --- Word structure -----------------------------------------------------------------------------


def test_header_rows_repeat_on_every_page_and_rows_do_not_split(document: Any) -> None:
    for table in document.tables[1:]:
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    front = document.tables[0]._tbl.findall(f"{W}tr")
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in front)  # no header row


def test_front_matter_table(document: Any) -> None:
    rows = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
    assert rows["Committee"] == "Standards and Audit Committee"
    assert rows["Date of meeting"] == "19 February 2025"
    assert rows["Report of"] == "Chief Executive"
    assert rows["Portfolio holder"] == "Leader of the Council"
    assert rows["Author and contact"] == (
        "Priya Lawson\npriya.lawson@example.gov.uk\n01632 960 123"
    )
    assert rows["Key decision"] == "No"
    assert rows["Classification"] == "Public"
    assert rows["Self-assessment"] == "2024/25, as at 31 January 2025; in review"
    assert rows["Appendices"] == (
        "A: Theme-by-theme assessment\nB: Action plan\nC: Evidence library\nD: Gap analysis"
    )
    assert styled(document, "Subtitle") == ["Example Borough Council"]


def test_links_point_where_the_html_paper_points(document: Any) -> None:
    urls = {link.url for p in _all_paragraphs(document) for link in p.hyperlinks if link.url}
    assert "mailto:priya.lawson@example.gov.uk" in urls
    assert "https://www.example.gov.uk/council/corporate-business-plan" in urls
    anchors = {
        link.fragment for p in _all_paragraphs(document) for link in p.hyperlinks if link.fragment
    }
    names = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors and anchors <= names  # every internal link has its bookmark
    assert {"_bvappendix_a", "_bvappendix_b"} <= anchors


def _all_paragraphs(document: Any) -> Iterator[Any]:
    yield from document.paragraphs
    for table in document.tables:
        for cell in _cells(table):
            yield from cell.paragraphs


def test_contents_field_page_numbers_and_update_on_open(document: Any) -> None:
    codes = [fold(t.text) for t in document.element.body.iter(qn("w:instrText"))]
    assert codes[0] == r'TOC \o "1-1" \h \z \u'
    contents = styled(document, "TOC 1")
    assert contents == styled(document, "Heading 1")  # filled in before Word updates it
    footer = document.sections[0].footer._element
    assert [fold(t.text) for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert "Page" in "".join(footer.itertext())
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_appendices_start_on_a_new_page(document: Any) -> None:
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    breaks = [p.text for p in headings if p.paragraph_format.page_break_before]
    assert breaks == [
        "Appendix A: Theme-by-theme assessment",
        "Appendix B: Action plan",
        "Appendix C: Evidence library",
        "Appendix D: Gap analysis",
    ]


def test_page_is_a4_and_properties_describe_the_paper(document: Any) -> None:
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    properties = document.core_properties
    assert properties.title == "Best Value Duty self-assessment 2024/25"
    assert properties.author == "Priya Lawson"
    assert properties.subject == (
        "Example Borough Council: report to Standards and Audit Committee, 19 February 2025"
        " on the Best Value Duty self-assessment 2024/25"
    )
    assert "Best Value Duty" in properties.keywords and "2024/25" in properties.keywords
    assert properties.language == "en-GB"
    assert properties.created.date().isoformat() == "2025-01-31"  # as_of, not today


def test_two_runs_give_identical_bytes(example: Paper, data: bytes) -> None:
    assert render.paper(example) == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {(2025, 1, 31, 0, 0, 0)}


def test_bullets_are_a_real_list(document: Any) -> None:
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) > 20
    style = document.styles["List Bullet"].element
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(qn("w:val"))
    numbering = document.part.numbering_part.element
    assert num_id in {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))}


# --- a council's own template -------------------------------------------------------------------

HOUSE_FONT = "Georgia"
HOUSE_RED = "8B1A1A"
HOUSE_HEADER = "Testshire Borough Council: OFFICIAL"


def _template(tmp_path: Path, *, table_style: bool = False, dotx: bool = False) -> Path:
    """A council template: its own font, heading colour, header, footer, A5 page, body text;
    and no Heading 2 or List Bullet style, as templates saved by Word often lack."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm

    template = docx.Document()
    template.styles["Normal"].font.name = HOUSE_FONT
    template.styles["Normal"].font.size = Pt(12)
    template.styles["Heading 1"].font.color.rgb = RGBColor.from_string(HOUSE_RED)
    for name in ("Heading 2", "List Bullet"):
        template.styles.element.remove(template.styles[name].element)
    if table_style:
        style = template.styles.add_style("bvduty Table", WD_STYLE_TYPE.TABLE)
        style.base_style = template.styles["Table Grid"]
    section = template.sections[0]
    section.page_width, section.page_height = Cm(14.8), Cm(21)
    section.header.paragraphs[0].text = HOUSE_HEADER
    section.footer.paragraphs[0].text = "Testshire footer"
    template.add_paragraph("TEMPLATE BODY TEXT that the paper replaces")
    template.add_table(rows=1, cols=1).cell(0, 0).text = "TEMPLATE TABLE"
    output = io.BytesIO()
    template.save(output)
    data = output.getvalue()
    path = tmp_path / ("house.dotx" if dotx else "house.docx")
    if dotx:
        data = _as_template(data)
    path.write_bytes(data)
    return path


def _as_template(data: bytes) -> bytes:
    source, output = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, content)
    return output.getvalue()


@pytest.mark.parametrize("dotx", [False, True], ids=["docx", "dotx"])
def test_a_council_template_is_the_base(example: Paper, tmp_path: Path, dotx: bool) -> None:
    reference = _template(tmp_path, dotx=dotx)
    before = reference.read_bytes()
    document = read(render.paper(example, reference=reference))
    assert reference.read_bytes() == before  # the template is only read
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == (HOUSE_FONT, Pt(12))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor.from_string(HOUSE_RED)
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 14.8  # the council's page, not ours
    assert section.header.paragraphs[0].text == HOUSE_HEADER
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[0] == "Testshire footer" and footer[-1].startswith("Page ")
    text = "\n".join(p.text for p in _all_paragraphs(document))
    assert "TEMPLATE BODY TEXT" not in text and "TEMPLATE TABLE" not in text
    assert styled(document, "Heading 1")[0] == "1. Purpose of the report and summary"
    assert styled(document, "Heading 2") == styled(read(render.paper(example)), "Heading 2")
    assert len(styled(document, "List Bullet")) > 20
    style = document.styles["List Bullet"].element
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(qn("w:val"))
    numbering = document.part.numbering_part.element
    assert num_id in {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))}
    assert {t.style.name for t in document.tables} == {"Table Grid"}


def test_a_council_table_style_is_used_for_every_table(example: Paper, tmp_path: Path) -> None:
    document = read(render.paper(example, reference=_template(tmp_path, table_style=True)))
    assert {t.style.name for t in document.tables} == {"bvduty Table"}


def test_a_template_footer_with_its_own_page_number_is_left_alone(
    example: Paper, tmp_path: Path
) -> None:
    first = read(render.paper(example))
    output = io.BytesIO()
    first.save(output)
    reference = tmp_path / "numbered.docx"
    reference.write_bytes(output.getvalue())
    again = read(render.paper(example, reference=reference))
    footer = again.sections[0].footer._element
    assert [fold(t.text) for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]


# --- hostile text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("plain words", "plain words"),
        ("line\nbreak\r\n  again", "line break again"),
        ("\x1b[31mred\x00", "\\x1b[31mred\\x00"),
        ("\u202eevil", "\\u202eevil"),
        ("not xml \ufffe \uffff", "not xml \\ufffe \\uffff"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
        (" edge ", " edge "),
    ],
)
def test_text_is_visible_and_valid_in_xml(value: str, shown: str) -> None:
    assert render.text(value) == shown
    document = docx.Document()
    document.add_paragraph(render.text(value))  # python-docx refuses XML-invalid text


def test_hostile_text_is_shown_literally_and_the_file_still_opens(
    make_assessment: Overlay,
) -> None:
    folder = make_assessment(overlay=CASES / "hostile")
    extra = folder / "themes" / "use-of-resources.yaml"
    text = extra.read_text(encoding="utf-8").replace(
        'reviewer: "Reviewer', 'reviewer: "Not XML \\uFFFE \\uFFFF: Reviewer'
    )
    extra.write_text(text, encoding="utf-8")
    value = build(folder, workers=1)
    document = read(render.paper(value))
    shown = "\n".join(p.text for p in _all_paragraphs(document))
    assert "Evil <script>alert('name')</script> & Co | {{ 7*7 }} Cyngor Sir Ynys Môn" in shown
    assert "Author \\u202eevil\\u202c \\x1b[31mred\\x1b[0m" in shown
    assert "Independent reviewer: Not XML \\ufffe \\uffff: Reviewer \\u202eweiver." in shown
    assert "العربية نص من اليمين إلى اليسار and 中文 and emoji 🏛️" in shown
    assert re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown) == []
    urls = {link.url for p in _all_paragraphs(document) for link in p.hyperlinks if link.url}
    assert not any(u.lower().startswith(("javascript", "data")) for u in urls)


# --- the command ---------------------------------------------------------------------------------


def test_report_writes_a_docx_with_output_and_nothing_to_stdout(tmp_path: Path) -> None:
    target = tmp_path / "paper.docx"
    code, out, err = run("report", str(EXAMPLE), "--format", "docx", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    assert (
        styled(read(target.read_bytes()), "Heading 1")[0] == "1. Purpose of the report and summary"
    )


def test_report_with_a_reference_docx(tmp_path: Path) -> None:
    target = tmp_path / "paper.docx"
    reference = _template(tmp_path)
    code, _, err = run(
        "report", str(EXAMPLE), "-f", "docx", "-o", str(target), "--reference-docx", str(reference)
    )
    assert (code, err) == (0, "")
    assert read(target.read_bytes()).sections[0].header.paragraphs[0].text == HOUSE_HEADER


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "docx"), "--format docx writes a binary file: give --output FILE"),
        (("-f", "md", "--reference-docx", "x.docx"), "--reference-docx is for --format docx"),
        (
            ("-f", "docx", "-o", "{tmp}/p.docx", "--template-dir", "{tmp}"),
            "Word takes --reference-docx",
        ),
        (("-f", "docx", "-o", "{tmp}/p.docx", "--reference-docx", "{tmp}/none.docx"), "none.docx"),
        (
            ("-f", "docx", "-o", "{tmp}/p.docx", "--reference-docx", "{tmp}/bad.docx"),
            "not a Word document (.docx or .dotx)",
        ),
    ],
)
def test_unusable_docx_options_exit_2_with_a_message(
    args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    (tmp_path / "bad.docx").write_text("not a zip", encoding="utf-8")
    code, out, err = run("report", str(EXAMPLE), *(a.format(tmp=tmp_path) for a in args))
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "p.docx").exists()


def test_invalid_input_exits_1_with_positioned_problems(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    folder = make_assessment(files={"evidence.yaml": "bvduty: 1\nkind: evidence\nevidence: 3\n"})
    target = tmp_path / "paper.docx"
    code, out, err = run("report", str(folder), "-f", "docx", "-o", str(target))
    assert (code, out) == (1, "")
    assert "evidence.yaml:3:11: error[wrong-type]" in err
    assert not target.exists()


def test_without_python_docx_the_message_names_the_extra(
    example: Paper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    monkeypatch.setattr(install, "detect", lambda: install.Install("pip"))  # as from PyPI
    with pytest.raises(UsageError, match=re.escape("pip install 'bvduty[docx]'")):
        render.paper(example)
