"""Financial resilience indicators (docs/format.md 2.8, 6.14, 7): the file kind, the catalogue,
the sector comparison worked out by hand, the command, the gaps and the charts."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from bvduty import core
from bvduty.analysis.indicators import build_report, quartiles, standing
from bvduty.compose.nodes import ChartPicture
from bvduty.errors import InvalidInput
from bvduty.indicators import builtin_indicators, catalogue, parse_values_csv
from bvduty.model import Worse
from bvduty.render.indicators import sparkline
from conftest import EXAMPLE, ROOT, Overlay, run

INDICATORS = """\
bvduty: 1
kind: indicators
indicators:
  - id: debt-to-core-spending-power
    informs: [R001]
    thresholds: {red: 12, amber: 8}
    values:
      - {year: 2023/24, value: 8, source: Statement of Accounts 2023/24}
      - {year: 2024/25, value: 9, source: Statement of Accounts 2024/25}
  - id: reserves-years-left
    values:
      - {year: 2024/25, value: 0.5, source: Medium Term Financial Strategy}
  - id: interest-to-net-revenue
    values:
      - {year: 2024/25, value: 10, source: Statement of Accounts 2024/25}
  - id: council-tax-share
    values:
      - {year: 2024/25, value: 55, source: Budget book}
"""

# A small sector, worked out by hand below. The base case is "Test District Council", a
# district with no code: its own row in the file (99) is set aside for its own figure, and the
# county rows are outside its comparison group.
SECTOR = """\
authority_code,authority_name,year,indicator,value,authority_type
E07000001,Alpha District Council,2024/25,debt-to-core-spending-power,1,district
E07000002,Bravo District Council,2024/25,debt-to-core-spending-power,2,district
E07000003,Charlie District Council,2024/25,debt-to-core-spending-power,3,district
E07000004,Delta District Council,2024/25,debt-to-core-spending-power,4,district
E07000005,Echo District Council,2024/25,debt-to-core-spending-power,5,district
E07000006,Foxtrot District Council,2024/25,debt-to-core-spending-power,6,district
E07000007,Golf District Council,2024/25,debt-to-core-spending-power,7,district
E10000001,Xray County Council,2024/25,debt-to-core-spending-power,50,county
E10000002,Yankee County Council,2024/25,debt-to-core-spending-power,60,county
,Test District Council,2024/25,debt-to-core-spending-power,99,district
E07000001,Alpha District Council,2023/24,debt-to-core-spending-power,1,district
E07000002,Bravo District Council,2023/24,debt-to-core-spending-power,2,district
E07000003,Charlie District Council,2023/24,debt-to-core-spending-power,3,district
E07000004,Delta District Council,2023/24,debt-to-core-spending-power,4,district
E07000001,Alpha District Council,2024/25,reserves-years-left,4,district
E07000002,Bravo District Council,2024/25,reserves-years-left,5,district
E07000003,Charlie District Council,2024/25,reserves-years-left,6,district
E07000004,Delta District Council,2024/25,reserves-years-left,6,district
E07000005,Echo District Council,2024/25,reserves-years-left,7,district
E07000006,Foxtrot District Council,2024/25,reserves-years-left,8,district
E07000007,Golf District Council,2024/25,reserves-years-left,9,district
E07000001,Alpha District Council,2024/25,interest-to-net-revenue,5,district
E07000002,Bravo District Council,2024/25,interest-to-net-revenue,10,district
E07000003,Charlie District Council,2024/25,interest-to-net-revenue,10,district
E07000004,Delta District Council,2024/25,interest-to-net-revenue,20,district
E07000001,Alpha District Council,2024/25,council-tax-share,50,district
E07000002,Bravo District Council,2024/25,council-tax-share,60,district
"""

# Worked out by hand (docs/format.md 6.14). Quartiles are inclusive: Qk at position
# (n - 1) * k / 4 of the sorted figures, from 0, interpolated.
#
# debt-to-core-spending-power, 2024/25, higher is worse. Districts 1..7 and the council's 9
# (its 99 in the file set aside, the counties left out): n = 8, sorted 1 2 3 4 5 6 7 9.
#   Q1 at 1.75: 2 + 0.75 * (3 - 2) = 2.75; median at 3.5: 4.5; Q3 at 5.25: 6 + 0.25 = 6.25.
#   IQR 3.5, fence 6.25 + 1.5 * 3.5 = 11.5: 9 is not an outlier.
#   rank 1 + (figures above 9: 0) = 1; percentile 100 * (7 + 1/2) / 8 = 93.75 -> 94;
#   9 > Q3, so quartile 4. Council threshold: 9 reaches amber (8) but not red (12): amber,
#   one level below the target green -> indicator-breach, medium.
#   2023/24 band: 1 2 3 4 and the council's 8, n = 5: Q1 at 1 = 2, median at 2 = 3, Q3 at 3 = 4.
# reserves-years-left, 2024/25, lower is worse. 4 5 6 6 7 8 9 and the council's 0.5: n = 8,
#   sorted 0.5 4 5 6 6 7 8 9. Q1 at 1.75: 4 + 0.75 = 4.75; median at 3.5: 6; Q3 at 5.25: 7.25.
#   IQR 2.5, fence 4.75 - 3.75 = 1.0: 0.5 is below it, an outlier.
#   rank 1 + (figures below 0.5: 0) = 1; percentile 100 * (0 + 1/2) / 8 = 6.25 -> 6;
#   0.5 <= Q1: quartile 1.
# interest-to-net-revenue, higher is worse. 5 10 10 20 and the council's 10: n = 5, sorted
#   5 10 10 10 20: Q1 at 1 = 10, median at 2 = 10, Q3 at 3 = 10; IQR 0, fence 10: 10 is not
#   above it. rank 1 + (above 10: one) = 2; percentile 100 * (1 + 3/2) / 5 = 50;
#   10 <= Q1: quartile 1.
# council-tax-share: 2 others and the council, n = 3 < 4: not compared.
EXPECTED = {
    # id: (rank, percentile, quartile, (q1, median, q3), fence, outlier, group size)
    "debt-to-core-spending-power": (1, 94, 4, (2.75, 4.5, 6.25), 11.5, False, 8),
    "reserves-years-left": (1, 6, 1, (4.75, 6.0, 7.25), 1.0, True, 8),
    "interest-to-net-revenue": (2, 50, 1, (10.0, 10.0, 10.0), 10.0, False, 5),
}


@pytest.fixture
def folder(make_assessment: Overlay) -> Path:
    return make_assessment(files={"indicators.yaml": INDICATORS})


@pytest.fixture
def sector_file(tmp_path: Path) -> Path:
    path = tmp_path / "sector.csv"
    path.write_text(SECTOR, encoding="utf-8")
    return path


def test_the_hand_worked_sector_table(folder: Path, sector_file: Path) -> None:
    [report] = core.indicators([folder], sector=str(sector_file), workers=1)
    found: dict[str, object] = {}
    for line in report.lines:
        s = line.standing
        if s is None:
            found[line.series.id] = None
            continue
        found[line.series.id] = (
            s.rank,
            s.percentile,
            s.quartile,
            (s.q1, s.median, s.q3),
            s.fence,
            s.outlier,
            s.count,
        )
    assert found == {**EXPECTED, "council-tax-share": None}
    lines = {line.series.id: line for line in report.lines}
    assert "too few authorities" in lines["council-tax-share"].why_not
    assert lines["debt-to-core-spending-power"].standing.group == "8 district councils"  # type: ignore[union-attr]
    [band_2023, band_2024] = lines["debt-to-core-spending-power"].bands
    assert (band_2023.year, band_2023.q1, band_2023.median, band_2023.q3) == ("2023/24", 2, 3, 4)
    assert (band_2024.q1, band_2024.median, band_2024.q3, band_2024.count) == (2.75, 4.5, 6.25, 8)
    debt = lines["debt-to-core-spending-power"]
    assert (debt.level.id if debt.level else None, debt.levels_below, debt.breach) == (
        "amber",
        1,
        True,
    )


def test_rank_percentile_and_fence_by_direction() -> None:
    # Lower is worse: rank counts the figures below; the fence is below Q1.
    low = standing(1, [2, 3, 4, 5, 6, 7, 8], Worse.LOWER, "2024/25", "8 authorities", None)
    assert low is not None
    assert (low.rank, low.quartile, low.outlier) == (1, 1, False)  # fence 3.75 - 5.25 < 1
    # Neither: ranked from the highest, never an outlier.
    size = standing(9, [1, 2, 3], Worse.NEITHER, "2024/25", "4 authorities", None)
    assert size is not None
    assert (size.rank, size.fence, size.outlier) == (1, None, None)
    assert standing(1, [2, 3], Worse.HIGHER, "2024/25", "3", None) is None
    assert quartiles([1, 2, 3, 4, 5, 6, 7, 9]) == (2.75, 4.5, 6.25)


def test_the_command_ranks_and_names_outliers(folder: Path, sector_file: Path) -> None:
    code, out, err = run("indicators", str(folder), "--sector", str(sector_file))
    assert (code, err) == (0, "")
    text = " ".join(out.split())
    assert "Debt relative to core spending power (ratio; higher is worse)" in text
    assert "highest of 8 district councils, 94th percentile, highest quartile" in text
    assert "lowest of 8 district councils, 6th percentile, lowest quartile" in text
    assert "an outlier in the sector (below 1 years)" in text
    assert "2nd highest of 5 district councils, 50th percentile" in text
    assert "too few authorities to compare in 2024/25" in text
    assert "▁█  2023/24 to 2024/25: 2023/24 8, 2024/25 9" in out
    code, out, _ = run("indicators", str(folder), "--sector", str(sector_file), "-f", "json")
    data = json.loads(out)["assessments"][0]
    assert data["sector"] == {"file": str(sector_file), "authorities": 10}  # 7 + 2 + itself
    reserves = next(i for i in data["indicators"] if i["id"] == "reserves-years-left")
    assert reserves["sector"]["rank"] == 1 and reserves["sector"]["outlier"] is True
    code, out, _ = run("indicators", str(folder), "--sector", str(sector_file), "-f", "csv")
    rows = out.splitlines()
    assert rows[0].startswith("authority,code,period,indicator,title")
    assert any(r.startswith("Test District Council,,2024/25,reserves-years-left") for r in rows)
    assert rows[1].endswith(",11.5,no") and rows[2].endswith(",1,yes")


def test_gaps_name_the_breach_and_the_outlier(folder: Path, sector_file: Path) -> None:
    code, out, _ = run("gaps", str(folder), "-f", "json")
    gaps = json.loads(out)["assessments"][0]["gaps"]
    codes = {(g["code"], g["id"], g["severity"]) for g in gaps if g["code"].startswith("indicator")}
    assert codes == {("indicator-breach", "debt-to-core-spending-power", "medium")}
    code, out, _ = run(
        "gaps", str(folder), "--sector", str(sector_file), "--fail-on", "indicator-outlier"
    )
    assert code == 1
    assert "an outlier in the sector" in " ".join(out.split())
    assert run("gaps", str(folder), "--fail-on", "indicator-outlier")[0] == 0
    assert run("gaps", str(folder), "--fail-on", "indicator-breach")[0] == 1


def test_a_bad_sector_file_is_every_problem_at_its_cell(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "authority_code,authority_name,year,indicator,value,authority_type\n"
        "E07000001,Alpha,2024-25,reserves-level,12,district\n"
        "E07000002,Bravo,2024/25,reserves-level,£12,distric\n"
        "E07000002,Bravo,2024/25,reserves-level,12,district\n"
        "E07000002,Bravo,2024/25,reserves-level,13,district\n",
        encoding="utf-8",
    )
    code, out, err = run("indicators", str(folder), "--sector", str(bad))
    assert (code, out) == (1, "")
    lines = [line.split(": ", 1)[0] for line in err.splitlines() if "error[" in line]
    assert lines == [
        f"{bad}:2:17",
        f"{bad}:3:40",
        f"{bad}:3:44",
        f"{bad}:5:40",
    ]
    assert "write it as 2024/25" in err and "did you mean 'district'" in err
    assert "already has a reserves-level figure for 2024/25 on line 4" in err
    assert run("indicators", str(folder), "--sector", str(tmp_path / "none.csv"))[0] == 2


def test_a_folder_of_assessments_is_a_sector(folder: Path, make_assessment: Overlay) -> None:
    other = make_assessment(
        files={
            "indicators.yaml": INDICATORS.replace("value: 9,", "value: 3,"),
            "assessment.yaml": (folder / "assessment.yaml")
            .read_text("utf-8")
            .replace("Test District Council", "Other District Council"),
        },
        name="others/other",
    )
    [report] = core.indicators([folder], sector=str(other.parent), workers=1)
    debt = next(line for line in report.lines if line.series.id == "debt-to-core-spending-power")
    assert debt.standing is None and "too few" in debt.why_not  # 2 authorities


def test_the_catalogue_defines_and_never_thresholds() -> None:
    entries = builtin_indicators()
    assert {"debt-to-core-spending-power", "reserves-years-left", "council-tax-share"} <= set(
        entries
    )
    formula = entries["debt-to-core-spending-power"].formula
    assert formula is not None
    assert (formula.numerator, formula.denominator) == (
        "gross-external-debt",
        "core-spending-power",
    )
    text = (ROOT / "src" / "bvduty" / "frameworks" / "indicators.yaml").read_text("utf-8")
    assert "threshold" not in "".join(
        line for line in text.splitlines() if not line.lstrip().startswith("#")
    )
    assert catalogue().title == "Financial resilience indicators"


def test_a_ratio_is_worked_out_from_its_parts(make_assessment: Overlay) -> None:
    parts = """\
bvduty: 1
kind: indicators
indicators:
  - id: gross-external-debt
    values: [{year: 2024/25, value: 300000000, source: Accounts}]
  - id: core-spending-power
    values:
      - {year: 2024/25, value: 12000000, source: Settlement}
      - {year: 2023/24, value: 11000000, source: Settlement}
"""
    folder = make_assessment(files={"indicators.yaml": parts})
    [report] = core.indicators([folder], workers=1)
    debt = next(line for line in report.lines if line.series.id == "debt-to-core-spending-power")
    [point] = debt.series.points
    assert (point.year, point.value, point.computed) == ("2024/25", 25.0, True)
    assert point.source == "computed: Gross external debt ÷ core spending power"


def test_the_example_charts_its_indicators_with_five_years() -> None:
    [report] = core.indicators([EXAMPLE], workers=1)
    assert len(report.lines) >= 5
    for line in report.lines:
        assert len(line.series.points) >= 5, line.series.id
    text = (EXAMPLE / "example-borough-2024-25" / "indicators.yaml").read_text("utf-8")
    assert "ILLUSTRATIVE" in text and "Illustrative figures" in text


def test_values_csv_rows() -> None:
    rows, problems = parse_values_csv(
        b'indicator,year,value,source\nreserves-level,2024/25,12.5,"Accounts, 2024/25"\n'
        b"reserves-level,2023/24,,Accounts\n",
        "v.csv",
    )
    assert [(r.indicator, r.year, r.value, r.source) for r in rows] == [
        ("reserves-level", "2024/25", 12.5, "Accounts, 2024/25")
    ]
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 24, "missing-field")]


def test_sparkline() -> None:
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5]) == "▄▄"
    assert sparkline([]) == ""


# --- the charts ------------------------------------------------------------------------------

PICTURE = ChartPicture(
    "ratio",
    "higher",
    ("2022/23", "2023/24", "2024/25"),
    (7.0, 8.0, 9.0),
    ("7", "8", "9"),
    (("Red", 12.0, "#d4351c"), ("Amber", 8.0, "#f47738")),
    ("12", "8"),
    (("2023/24", 2.0, 3.0, 4.0), ("2024/25", 2.75, 4.5, 6.25)),
)


def test_the_svg_chart_is_named_described_and_its_ids_are_its_own() -> None:
    pytest.importorskip("matplotlib")
    from bvduty.render import charts

    drawing = charts.svg(PICTURE, id_prefix="figure-7", title="Figure 7: <debt>", description="D")
    assert drawing.startswith('<svg role="img" aria-labelledby="figure-7-title figure-7-desc"')
    assert '<title id="figure-7-title">Figure 7: &lt;debt&gt;</title>' in drawing
    ids = re.findall(r'\bid="([^"]+)"', drawing)
    assert ids and all(i.startswith("figure-7-") for i in ids)
    assert len(ids) == len(set(ids))
    referenced = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', drawing)
    assert all(ref in ids for pair in referenced for ref in pair if ref)
    for words in ("The Council", "Sector median", "Amber: 8 or above", "2024/25"):
        assert words in drawing  # text stays text
    assert drawing == charts.svg(
        PICTURE, id_prefix="figure-7", title="Figure 7: <debt>", description="D"
    )
    assert charts.png(PICTURE).startswith(b"\x89PNG")


def test_the_paper_shows_each_indicator_beside_its_characteristics(
    folder: Path, sector_file: Path
) -> None:
    pytest.importorskip("matplotlib")
    from bvduty.render import html, markdown

    value = core.paper(folder, workers=1, sector=str(sector_file))
    page = html.paper(value)
    assert page.count('<figure class="chart"') == 4
    assert page.count('class="chart-picture"') == 4
    document = markdown.paper(value)
    assert "Table 4: Debt relative to core spending power, figures by year" in document
    assert (
        "| 2024/25 | 9 | Amber | 4.5 | 2.75 to 6.25 | Statement of Accounts 2024/25 |" in document
    )
    findings = document.split("## 4. Findings at a glance")[1].split("## 5.")[0]
    assert "beyond the Council's own threshold for a level below target: debt relative" in findings
    assert "1 is an outlier in the sector: years of reserves left" in findings
    assert "It informs R001 Effective internal control environment (rated Green)" in document


def test_word_holds_each_chart_as_a_picture_with_alt_text(folder: Path) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("docx")
    from bvduty.render import docx

    data = docx.paper(core.paper(folder, workers=1))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
        body = package.read("word/document.xml").decode("utf-8")
    assert len(pictures) == 4
    assert body.count('descr="Line chart of ') == 4
    assert data == docx.paper(core.paper(folder, workers=1))  # the same bytes every time


def test_without_matplotlib_the_paper_is_complete(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bvduty.render import charts, html

    monkeypatch.setattr(charts, "available", lambda: False)
    page = html.paper(core.paper(folder, workers=1))
    assert "chart-picture" not in page
    assert '<p class="secondary">Line chart of debt relative to core spending power' in page
    assert "figures by year" in page
    code, _, err = run("report", str(folder), "--format", "html", "--output", "/dev/null")
    assert code == 0 and "need matplotlib" in err


def test_sector_problems_stop_the_paper_too(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("authority_name,year\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        core.paper(folder, workers=1, sector=str(bad))
    assert [p.code for p in caught.value.problems] == ["missing-field"]


def test_the_report_of_an_assessment_without_indicators_is_empty() -> None:
    from bvduty.discover import discover
    from bvduty.load import load_assessment
    from conftest import BASE

    [source] = discover([BASE]).sources
    assessment = load_assessment(source).assessment
    assert assessment is not None
    assert build_report(assessment).lines == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(1, 1, "empty-file")]),
        (b"indicator,year,value,source\nreserves-level,2024/25,\xff1,x\n", [(2, 24, "encoding")]),
        (b"indicator,year\n", [(1, 1, "missing-field")]),
        (b"indicator,year,value,source\nreserves-level,2024/25,1,x,extra\n", [(2, 1, "bad-value")]),
        (b"indicator,year,value,source\nReserves Level,2024/25,1,x\n", [(2, 1, "bad-value")]),
    ],
)
def test_values_csv_problems_point_at_their_cell(
    data: bytes, expected: list[tuple[int, int, str]]
) -> None:
    _, problems = parse_values_csv(data, "v.csv")
    assert [(p.line, p.column, p.code) for p in problems] == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(1, 1, "empty-file")]),
        (b"authority_code,authority_name\n", [(1, 1, "missing-field")]),
        (b"\xff", [(1, 1, "encoding")]),
        (
            b"authority_code,authority_name,year,indicator,value,region\n"
            b",Alpha,2024/25,reserves-level,1,north\n",
            [(1, 52, "unknown-field")],
        ),
        (
            b"authority_code,authority_name,year,indicator,value\n,Alpha,2024/25\n"
            b",,2024/25,reserves-level,1\n",
            [(2, 1, "bad-value"), (3, 2, "missing-field")],
        ),
    ],
)
def test_sector_file_problems_point_at_their_cell(
    data: bytes, expected: list[tuple[int, int, str]]
) -> None:
    from bvduty.analysis.indicators import read_sector

    sector, problems = read_sector(data, "s.csv")
    assert sector is None
    assert [(p.line, p.column, p.code) for p in problems] == expected


def test_a_values_file_that_cannot_be_read(make_assessment: Overlay) -> None:
    folder = make_assessment(
        files={"indicators.yaml": "bvduty: 1\nkind: indicators\nvalues_file: v.csv\n"}
    )
    (folder / "v.csv").mkdir()  # a folder where the file should be
    report = core.validate([folder], workers=1)
    assert [p.code for p in report.problems if p.code != "paper-incomplete"] == ["missing-file"]
    (folder / "v.csv").rmdir()
    (folder / "v.csv").write_bytes(b"indicator,year,value,source\n" + b"x" * (5 * 1024 * 1024))
    report = core.validate([folder], workers=1)
    assert "file-too-large" in [p.code for p in report.problems]
    (folder / "v.csv").unlink()
    outside = folder.parent / "outside.csv"
    outside.write_text("indicator,year,value,source\n", encoding="utf-8")
    (folder / "v.csv").symlink_to(outside)
    report = core.validate([folder], workers=1)
    assert "link-outside" in [p.code for p in report.problems]


def test_an_own_indicator_and_text_without_a_sector(make_assessment: Overlay) -> None:
    own = """\
bvduty: 1
kind: indicators
indicators:
  - id: agency-staff-spend
    title: Agency staff spend
    unit: £
    worse: higher
    description: What the council spends on agency staff.
    values: [{year: 2024/25, value: 950000, source: Ledger}]
  - id: reserves-change
    values: [{year: 2024/25, value: -12.5, source: Accounts}]
  - id: reserves-years-left
    thresholds: {amber: 2}
"""
    folder = make_assessment(files={"indicators.yaml": own})
    code, out, _ = run("indicators", str(folder))
    text = " ".join(out.split())
    assert code == 0
    assert "Agency staff spend (£; higher is worse)" in text and "2024/25 £950,000" in text
    assert "2024/25 -12.5%" in text
    assert "Years of reserves left at the current rate of drawdown" in text
    assert "No figures yet" in out
    assert run("indicators", str(make_assessment(name="plain")))[1].count("No indicators") == 1
