"""The JSON of `heatmap` and `gaps` (docs/format.md 6.3 and 6.4); keys are the contract."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bvduty.analysis.gaps import GapReport
from bvduty.analysis.heatmap import Heatmap
from bvduty.textsafe import json_text


def _dump(document: dict[str, Any]) -> str:
    """JSON whose values are exactly the files' text, with nothing that drives a terminal."""
    return json_text(document)


def heatmap(maps: Sequence[Heatmap]) -> str:
    """`{"assessments": [{"authority", "period", "scale", "themes": [...]}]}`."""
    return _dump(
        {
            "assessments": [
                {
                    "authority": m.authority,
                    "period": m.period,
                    "scale": [
                        {"id": level.id, "label": level.label, "colour": level.colour}
                        for level in m.scale
                    ],
                    "themes": [
                        {
                            "id": row.id,
                            "number": row.number,
                            "title": row.title,
                            "assessed": row.assessed,
                            "cells": [
                                {"id": c.id, "rating": c.rating, "target": c.target, "see": c.see}
                                for c in row.cells
                            ],
                        }
                        for row in m.themes
                    ],
                }
                for m in maps
            ]
        }
    )


def gaps(reports: Sequence[GapReport]) -> str:
    """`{"assessments": [{"authority", "period", "as_of", "gaps": [...]}]}`."""
    return _dump(
        {
            "assessments": [
                {
                    "authority": r.authority,
                    "period": r.period,
                    "as_of": r.as_of.isoformat(),
                    "gaps": [
                        {
                            "code": g.code.value,
                            "severity": g.severity.value,
                            "theme": g.theme,
                            "id": g.id,
                            "message": g.message,
                        }
                        for g in r.gaps
                    ],
                }
                for r in reports
            ]
        }
    )
