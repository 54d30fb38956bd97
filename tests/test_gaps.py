"""The gap rules of docs/format.md 7, as a table of small assessments and their boundaries.

Every row starts from tests/cases/base (R001 green at target, R002 amber below target, both
evidenced; action A01 in progress, due 2025-06-30, lists R002; as_of 2025-01-31) and changes
one thing. Missing-theme gaps (the base covers one theme of seven) are checked on their own.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from bvduty import core
from bvduty.analysis.gaps import GapCode, GapReport, Severity, compute_gaps
from conftest import Overlay, run

ACTION = """bvduty: 1
kind: actions
actions:
  - id: A01
    title: Departmental workforce plans
    owner: Head of HR
    due: {due}
    status: {status}
    criteria: [R002]
{extra}"""


def actions(due: str = "2025-06-30", status: str = "in-progress", extra: str = "") -> str:
    return ACTION.format(due=due, status=status, extra=extra)


THEME_HEAD = """bvduty: 1
kind: theme
theme: use-of-resources
criteria:
  - id: R001
    statement: Effective internal control environment
    rating: green
    evidence: [E001]
  - id: R002
    statement: Workforce plans in every service
    rating: amber
    evidence: [E001]
"""


def theme(extra_cells: str) -> str:
    return THEME_HEAD + extra_cells


BELOW = ("below-target", "R002")
NO_ACTION = ("no-action", "R002")
OVERDUE = ("overdue", "A01")

ROWS: list[tuple[str, dict[str, str | None], date | None, set[tuple[str, str | None]]]] = [
    ("base: below target with an open action", {}, None, {BELOW}),
    (
        "action due on the as-of date is not overdue",
        {"actions.yaml": actions("2025-01-31")},
        None,
        {BELOW},
    ),
    (
        "action due the day before is overdue",
        {"actions.yaml": actions("2025-01-30")},
        None,
        {BELOW, OVERDUE},
    ),
    (
        "a cancelled action is not open: no-action, and never overdue",
        {"actions.yaml": actions("2024-01-01", "cancelled")},
        None,
        {BELOW, NO_ACTION},
    ),
    (
        "a done action is not open",
        {"actions.yaml": actions("2024-01-01", "done", "    completed_on: 2024-12-01\n")},
        None,
        {BELOW, NO_ACTION},
    ),
    (
        "a blocked action is still open, and can be overdue",
        {"actions.yaml": actions("2024-12-01", "blocked")},
        None,
        {BELOW, OVERDUE},
    ),
    ("no actions at all", {"actions.yaml": None}, None, {BELOW, NO_ACTION}),
    (
        "--as-of overrides the manifest date",
        {},
        date(2025, 7, 1),
        {BELOW, OVERDUE},
    ),
    (
        "an unrated cell",
        {"themes/use-of-resources.yaml": theme("  - id: R003\n    statement: Succession\n")},
        None,
        {BELOW, ("unrated", "R003")},
    ),
    (
        "rated without evidence",
        {
            "themes/use-of-resources.yaml": theme(
                "  - id: R003\n    statement: Succession\n    rating: green\n"
            )
        },
        None,
        {BELOW, ("no-evidence", "R003")},
    ),
    (
        "a see cell is never a gap",
        {"themes/use-of-resources.yaml": theme("  - id: R003\n    see: R002\n")},
        None,
        {BELOW},
    ),
    (
        "a cell's own target replaces the default",
        {
            "themes/use-of-resources.yaml": theme(
                "  - id: R003\n    statement: Succession\n    rating: amber\n"
                "    target: amber\n    evidence: [E001]\n"
            )
        },
        None,
        {BELOW},
    ),
    (
        "a cell above its target is not a gap",
        {
            "themes/use-of-resources.yaml": theme(
                "  - id: R003\n    statement: Succession\n    rating: green\n"
                "    target: amber\n    evidence: [E001]\n"
            )
        },
        None,
        {BELOW},
    ),
]


def _gaps(folder: Path, as_of: date | None = None) -> GapReport:
    [report] = core.analyse([folder], core.gaps_job(as_of), workers=1)
    return report


@pytest.mark.parametrize(
    ("files", "as_of", "expected"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_gap_rules(
    make_assessment: Overlay,
    files: dict[str, str | None],
    as_of: date | None,
    expected: set[tuple[str, str | None]],
) -> None:
    report = _gaps(make_assessment(files=files), as_of)
    found = {(g.code.value, g.id) for g in report.gaps if g.code is not GapCode.MISSING_THEME}
    assert found == expected


def test_missing_themes_are_named_with_null_id(make_assessment: Overlay) -> None:
    report = _gaps(make_assessment())
    missing = [g for g in report.gaps if g.code is GapCode.MISSING_THEME]
    assert [g.theme for g in missing] == [
        "continuous-improvement",
        "leadership",
        "governance",
        "culture",
        "service-delivery",
        "partnerships-and-community-engagement",
    ]
    assert all(g.id is None for g in missing)
    assert "Theme 2 Leadership" in missing[1].message


UNRATED_THEME = """bvduty: 1
kind: theme
theme: leadership
criteria:
  - id: L001
    statement: Shared vision
  - id: L002
    see: R001
"""


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (UNRATED_THEME, "none of its 1 characteristic is rated"),  # a `see` cell rates nothing
        (
            "bvduty: 1\nkind: theme\ntheme: leadership\ncriteria: []\n",
            "its file lists no characteristics",
        ),
    ],
)
def test_a_theme_with_a_file_but_nothing_rated_is_not_assessed(
    make_assessment: Overlay, text: str, words: str
) -> None:
    report = _gaps(make_assessment(files={"themes/leadership.yaml": text}))
    [gap] = [g for g in report.gaps if g.code is GapCode.NOT_ASSESSED]
    assert (gap.severity, gap.theme, gap.id) == (Severity.HIGH, "leadership", None)
    assert gap.message == f"Theme 2 Leadership has not been assessed: {words}"
    missing = {g.theme for g in report.gaps if g.code is GapCode.MISSING_THEME}
    assert "leadership" not in missing and len(missing) == 5  # missing-theme: no file only
    assert report.counts()[GapCode.NOT_ASSESSED] == 1


def test_one_rated_characteristic_makes_a_theme_assessed(make_assessment: Overlay) -> None:
    rated = UNRATED_THEME.replace(
        "    statement: Shared vision\n", "    statement: x\n    rating: red\n"
    )
    report = _gaps(make_assessment(files={"themes/leadership.yaml": rated}))
    assert GapCode.NOT_ASSESSED not in {g.code for g in report.gaps}


def test_not_assessed_themes_are_shown_in_words(make_assessment: Overlay, tmp_path: Path) -> None:
    folder = make_assessment(files={"themes/leadership.yaml": UNRATED_THEME})
    code, out, _ = run("gaps", str(folder))
    assert code == 0
    assert "2 Leadership\n  HIGH   not-assessed   Theme 2 Leadership has not been assessed" in out
    assert ", 1 not-assessed, " in out
    code, out, _ = run("heatmap", str(folder))
    assert (
        "2 Leadership\n     L001 --      L002 →R001\n"
        "    (not assessed: no characteristic is rated yet)\n3 Governance"
    ) in out
    code, out, _ = run("heatmap", str(folder), "--format", "json")
    assessed = {t["id"]: t["assessed"] for t in json.loads(out)["assessments"][0]["themes"]}
    assert [k for k, v in assessed.items() if v] == ["use-of-resources"]
    for name in ("north", "south"):
        shutil.copytree(folder, tmp_path / "many" / name)
    code, out, _ = run("heatmap", str(tmp_path / "many"))
    rows = [line.split()[-8:] for line in out.splitlines() if line.startswith("Test District")]
    assert (
        rows
        == [["missing", "unrated", "missing", "missing", "1/2", "▼1", "missing", "missing"]] * 2
    )
    assert out.endswith("unrated: the theme has a file but no rated characteristic.\n")


def test_overdue_action_in_plan_takes_theme_of_first_criterion(make_assessment: Overlay) -> None:
    report = _gaps(make_assessment(files={"actions.yaml": actions("2025-01-01")}))
    [overdue] = [g for g in report.gaps if g.code is GapCode.OVERDUE]
    assert overdue.theme == "use-of-resources"
    assert overdue.days_overdue == 30
    assert "30 days overdue" in overdue.message


def test_overdue_action_without_criteria_has_no_theme(make_assessment: Overlay) -> None:
    text = actions("2025-01-01").replace("    criteria: [R002]\n", "")
    report = _gaps(make_assessment(files={"actions.yaml": text}))
    [overdue] = [g for g in report.gaps if g.code is GapCode.OVERDUE]
    assert overdue.theme is None


def test_severity_scales_with_distance_below_target(make_assessment: Overlay) -> None:
    cells = (
        "  - id: R003\n    statement: One level below\n    rating: amber\n    target: green\n"
        "    evidence: [E001]\n"
        "  - id: R004\n    statement: Two levels below\n    rating: red\n    evidence: [E001]\n"
    )
    report = _gaps(make_assessment(files={"themes/use-of-resources.yaml": theme(cells)}))
    below = {g.id: g for g in report.gaps if g.code is GapCode.BELOW_TARGET}
    assert below["R004"].severity is Severity.HIGH
    assert below["R004"].levels_below == 2
    assert below["R003"].levels_below == 1
    # Most severe first: R004 (two below, at the worst level) comes before R003 (one below).
    order = [g.id for g in report.gaps if g.code is GapCode.BELOW_TARGET]
    assert order.index("R004") < order.index("R003")


def test_below_target_message_names_levels_and_late_action(make_assessment: Overlay) -> None:
    report = _gaps(make_assessment(files={"actions.yaml": actions("2025-01-10")}))
    [below] = [g for g in report.gaps if g.code is GapCode.BELOW_TARGET]
    assert below.message == (
        "R002 Workforce plans in every service is rated Amber; target Green (1 level below);"
        " action A01 is 21 days overdue"
    )


def test_example_gap_counts_match_a_hand_count() -> None:
    """Counted by hand from assessments/example-borough-2024-25 (see the theme files)."""
    from conftest import EXAMPLE

    [report] = core.analyse([EXAMPLE], compute_gaps, workers=1)
    counts = {code.value: n for code, n in report.counts().items()}
    assert counts == {
        "missing-theme": 0,
        "not-assessed": 0,
        "below-target": 22,
        "no-action": 4,
        "overdue": 3,
        "slipped": 2,
        "stale-update": 0,  # the example's manifest leaves update_within_days out
        "unrated": 2,
        "no-evidence": 3,
        "stale-evidence": 1,
        # 22.55 (412.7m / 18.3m) reaches the Council's threshold for yellow (20): one level
        # below the target light-green; no sector was given, so no outlier.
        "indicator-breach": 1,
        "indicator-outlier": 0,
    }
    ids = {code: sorted(g.id or "" for g in report.gaps if g.code.value == code) for code in counts}
    assert ids["no-action"] == ["C006", "CI008", "PCE004", "SD005"]
    assert ids["overdue"] == ["A04", "A08", "A19"]
    assert ids["unrated"] == ["PCE006", "SD006"]
    assert ids["no-evidence"] == ["C005", "R012", "SD004"]
    # A01 moved from 31 March to 30 September 2025; A08 from 30 September to 30 November 2024.
    assert ids["slipped"] == ["A01", "A08"]
    assert ids["stale-evidence"] == ["E010"]  # review by 1 September 2024
