"""`bvduty indicators` as text, JSON and CSV (docs/format.md 6.14).

Text shows each indicator's figures over the years with a sparkline, its level by the council's
own thresholds and its standing in the sector, every judgement in words (never colour alone).
JSON and CSV carry the same figures for other tools; JSON keys and CSV columns are the contract.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Sequence
from typing import Any

from bvduty.analysis.indicators import (
    IndicatorLine,
    IndicatorReport,
    format_value,
    standing_words,
    worse_words,
)
from bvduty.indicators import UNIT_WORDS
from bvduty.render.csv import safe
from bvduty.textsafe import json_text, visible

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """One block character per value, its height between the lowest and the highest."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return BARS[3] * len(values)
    return "".join(BARS[round((v - low) / (high - low) * (len(BARS) - 1))] for v in values)


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ")


def _threshold_words(line: IndicatorLine, report: IndicatorReport) -> str:
    series = line.series
    if not series.thresholds:
        return "Council threshold: none set"
    parts = []
    for level, value in series.thresholds:
        name = report.label(level)
        parts.append(f"{visible(name)} from {format_value(value, series)}")
    said = "Council thresholds: " + "; ".join(parts)
    if line.level is None:
        return said + ". Latest figure reaches none of them"
    verdict = (
        f"below the target {visible(report.target.label)}: beyond the Council's threshold"
        if line.breach
        else "not below target"
    )
    return said + f". Latest figure at {visible(line.level.label)}, {verdict}"


def _sector_words(line: IndicatorLine) -> str:
    s = line.standing
    if s is None:
        return f"Sector: {line.why_not}" if line.why_not else ""
    series = line.series
    said = (
        f"Sector {s.year}: {standing_words(line)}; median {format_value(s.median, series)},"
        f" quartiles {format_value(s.q1, series)} to {format_value(s.q3, series)}"
    )
    if s.outlier:
        side = (
            "above"
            if s.fence is not None and line.latest and line.latest.value > s.fence
            else "below"
        )
        said += f": an outlier in the sector ({side} {format_value(s.fence or 0.0, series)})"
    elif s.outlier is False:
        said += ": not an outlier"
    return said


def text(reports: Sequence[IndicatorReport], *, width: int = 80) -> str:
    """Each assessment's indicators: a sparkline and the figures, the council's threshold and
    the standing in the sector, all in words."""
    out: list[str] = []
    for report in reports:
        out.append(
            f"{visible(report.authority)} {visible(report.period)}: financial resilience indicators"
        )
        if report.sector is not None:
            out.append(
                f"Compared with {visible(report.sector)}: {report.sector_authorities} authorities"
            )
        if not report.lines:
            out += ["  No indicators: add a file of kind indicators (docs/format.md 2.8).", ""]
            continue
        out.append("")
        for line in report.lines:
            series = line.series
            unit = UNIT_WORDS[series.definition.unit]
            head = f"{visible(line.title)} ({unit}; {worse_words(series.definition.worse)})"
            out += _wrap(head, width, "")
            if series.informs:
                names = [visible(report.informs.get(i, i)) for i in series.informs]
                out += _wrap("Informs " + "; ".join(names), width)
            values = [p.value for p in series.points]
            if values:
                first, last = series.points[0].year, series.points[-1].year
                figures = ", ".join(
                    f"{p.year} {format_value(p.value, series)}" for p in series.points
                )
                out += _wrap(f"{sparkline(values)}  {first} to {last}: {figures}", width)
            else:
                out.append("  No figures yet")
            out += _wrap(_threshold_words(line, report), width)
            sector = _sector_words(line)
            if sector:
                out += _wrap(sector, width)
            out.append("")
    return "\n".join(out) + ("\n" if out and out[-1] else "")


def _series_json(line: IndicatorLine) -> dict[str, Any]:
    series = line.series
    definition = series.definition
    latest = series.latest
    standing = line.standing
    return {
        "id": series.id,
        "title": line.title,
        "unit": definition.unit.value,
        "worse": definition.worse.value,
        "builtin": definition.builtin,
        "informs": list(series.informs),
        "thresholds": [{"level": lv, "value": value} for lv, value in series.thresholds],
        "values": [
            {
                "year": p.year,
                "value": p.value,
                "source": p.source,
                "note": p.note,
                "computed": p.computed,
                "level": level.id if level else None,
            }
            for p, level in zip(series.points, line.levels, strict=True)
        ],
        "latest": None
        if latest is None
        else {
            "year": latest.year,
            "value": latest.value,
            "level": line.level.id if line.level else None,
            "levels_below_target": line.levels_below,
            "breach": line.breach,
        },
        "sector": None
        if standing is None
        else {
            "year": standing.year,
            "group": standing.group,
            "authority_type": standing.authority_type,
            "count": standing.count,
            "rank": standing.rank,
            "percentile": standing.percentile,
            "quartile": standing.quartile,
            "q1": standing.q1,
            "median": standing.median,
            "q3": standing.q3,
            "fence": standing.fence,
            "outlier": standing.outlier,
        },
        "sector_note": line.why_not or None,
        "bands": [
            {"year": b.year, "q1": b.q1, "median": b.median, "q3": b.q3, "count": b.count}
            for b in line.bands
        ],
    }


def as_json(reports: Sequence[IndicatorReport]) -> str:
    """`{"assessments": [{"authority", "code", "authority_type", "period", "target", "sector",
    "indicators": [...]}]}` (docs/format.md 6.14)."""
    return json_text(
        {
            "assessments": [
                {
                    "authority": r.authority,
                    "code": r.code,
                    "authority_type": r.authority_type,
                    "period": r.period,
                    "target": r.target.id,
                    "sector": None
                    if r.sector is None
                    else {"file": r.sector, "authorities": r.sector_authorities},
                    "indicators": [_series_json(line) for line in r.lines],
                }
                for r in reports
            ]
        }
    )


CSV_HEADER = (
    "authority",
    "code",
    "period",
    "indicator",
    "title",
    "unit",
    "worse",
    "year",
    "value",
    "level",
    "breach",
    "group",
    "count",
    "rank",
    "percentile",
    "quartile",
    "q1",
    "median",
    "q3",
    "fence",
    "outlier",
)


def as_csv(reports: Sequence[IndicatorReport]) -> str:
    """One row per indicator of each assessment: its latest figure and its standing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in reports:
        for line in r.lines:
            series, latest, s = line.series, line.latest, line.standing
            row: list[object] = [
                r.authority,
                r.code or "",
                r.period,
                series.id,
                line.title,
                series.definition.unit.value,
                series.definition.worse.value,
                latest.year if latest else "",
                _number(latest.value) if latest else "",
                line.level.id if line.level else "",
                "yes" if line.breach else "no",
            ]
            if s is None:
                row += [""] * 10
            else:
                row += [
                    s.group,
                    s.count,
                    s.rank,
                    s.percentile,
                    s.quartile,
                    _number(s.q1),
                    _number(s.median),
                    _number(s.q3),
                    _number(s.fence) if s.fence is not None else "",
                    "" if s.outlier is None else ("yes" if s.outlier else "no"),
                ]
            writer.writerow([safe(v) for v in row])
    return buffer.getvalue()


def _number(value: float) -> str:
    return f"{value:.6g}"
