"""The action plan as a register and the evidence library (docs/format.md 2.5, 2.6, 7.1):
revised due dates, sources, dated updates, review-by dates and document paths.

Assessments start from tests/cases/base (as_of 2025-01-31; action A01 in progress, due
2025-06-30, lists R002; evidence E001 cited by R001 and R002) and change one thing. Expected
gaps and days are counted by hand from the dates written here.
"""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest

from bvduty import core
from bvduty.analysis.gaps import GapCode, GapReport, Severity
from bvduty.model import Action
from conftest import BASE, Overlay, run

MANIFEST = (BASE / "assessment.yaml").read_text(encoding="utf-8")


def manifest(settings: str) -> str:
    return MANIFEST + settings


def plan(extra: str, status: str = "in-progress", due: str = "2025-06-30") -> str:
    return (
        "bvduty: 1\nkind: actions\nactions:\n  - id: A01\n    title: Workforce plans\n"
        f"    owner: Head of HR\n    due: {due}\n    status: {status}\n"
        f"    criteria: [R002]\n{extra}"
    )


def library(extra: str, cited: str = "E001") -> str:
    return (
        "bvduty: 1\nkind: evidence\nevidence:\n"
        f"  - id: {cited}\n    title: Annual governance statement\n{extra}"
    )


def _report(folder: Path, as_of: date | None = None) -> GapReport:
    [report] = core.analyse([folder], core.gaps_job(as_of), workers=1)
    return report


def _found(report: GapReport, *codes: GapCode) -> list[tuple[str, str | None, Severity]]:
    return [(g.code.value, g.id, g.severity) for g in report.gaps if g.code in codes]


REVISED = (
    "    original_due: 2025-03-31\n"
    "    revisions:\n"
    "      - {revised_on: 2024-11-12, due: 2025-05-31, reason: HR data came late}\n"
    "      - {revised_on: 2025-01-20, due: 2025-06-30, reason: Budget to be set first}\n"
)


def test_an_action_revised_beyond_its_original_date_has_slipped(make_assessment: Overlay) -> None:
    report = _report(make_assessment(files={"actions.yaml": plan(REVISED)}))
    [gap] = [g for g in report.gaps if g.code is GapCode.SLIPPED]
    # 31 March to 30 June 2025: 30 + 31 + 30 days.
    assert (gap.id, gap.days_slipped, gap.severity, gap.theme) == (
        "A01",
        91,
        Severity.HIGH,  # more than 90 days
        "use-of-resources",
    )
    assert gap.message == (
        "Action A01 Workforce plans (Head of HR) has slipped 91 days: due 30 June 2025, first"
        " agreed for 31 March 2025; reason: Budget to be set first"
    )


@pytest.mark.parametrize(
    ("extra", "status", "expected"),
    [
        ("    original_due: 2025-04-01\n", "in-progress", [("slipped", "A01", Severity.MEDIUM)]),
        ("    original_due: 2025-06-30\n", "in-progress", []),  # never moved
        ("    original_due: 2025-08-31\n", "in-progress", []),  # brought forward: not a slip
        ("    original_due: 2025-04-01\n", "cancelled", []),  # not open
        ("    original_due: 2025-04-01\n    completed_on: 2025-01-02\n", "done", []),
        ("", "planned", []),  # no original date: never revised
    ],
)
def test_slipped_is_an_open_action_due_later_than_first_agreed(
    make_assessment: Overlay, extra: str, status: str, expected: list[object]
) -> None:
    report = _report(make_assessment(files={"actions.yaml": plan(extra, status)}))
    assert _found(report, GapCode.SLIPPED) == expected


UPDATES = (
    "    updates:\n      - {date: 2024-10-01, text: Started}\n      - {date: %s, text: More}\n"
)


@pytest.mark.parametrize(
    ("days", "latest", "status", "stale"),
    [
        (90, "2024-11-02", "in-progress", False),  # 90 days before 31 January: within
        (90, "2024-11-01", "in-progress", True),  # 91 days before
        (90, None, "planned", True),  # an open action with no dated update at all
        (90, "2024-11-01", "blocked", True),  # blocked is open
        (90, "2024-11-01", "cancelled", False),
        (None, None, "planned", False),  # no period set: the gap is off
    ],
)
def test_stale_update_uses_the_period_the_manifest_sets(
    make_assessment: Overlay, days: int | None, latest: str | None, status: str, stale: bool
) -> None:
    settings = f"action_plan:\n  update_within_days: {days}\n" if days else ""
    extra = UPDATES % latest if latest else ""
    folder = make_assessment(
        files={"assessment.yaml": manifest(settings), "actions.yaml": plan(extra, status)}
    )
    found = _found(_report(folder), GapCode.STALE_UPDATE)
    assert found == ([("stale-update", "A01", Severity.LOW)] if stale else [])


def test_stale_update_message_names_the_latest_update(make_assessment: Overlay) -> None:
    folder = make_assessment(
        files={
            "assessment.yaml": manifest("action_plan:\n  update_within_days: 30\n"),
            "actions.yaml": plan(UPDATES % "2024-11-01"),
        }
    )
    [gap] = [g for g in _report(folder).gaps if g.code is GapCode.STALE_UPDATE]
    assert gap.message == (
        "Action A01 Workforce plans (Head of HR) has had no update in the 30 days before"
        " 31 January 2025: its latest update is dated 1 November 2024"
    )


@pytest.mark.parametrize(
    ("review_by", "cited", "expected"),
    [
        ("2025-01-31", "E001", []),  # due for review on the as-of date: not yet stale
        ("2025-01-30", "E001", [("stale-evidence", "E001", Severity.MEDIUM)]),
        ("2025-01-30", "E009", [("stale-evidence", "E009", Severity.LOW)]),  # cited by none
    ],
)
def test_stale_evidence_is_past_its_review_by_date(
    make_assessment: Overlay, review_by: str, cited: str, expected: list[object]
) -> None:
    text = library(f"    review_by: {review_by}\n    owner: Monitoring Officer\n", cited)
    if cited != "E001":
        text += "  - id: E001\n    title: Cited\n"
    report = _report(make_assessment(files={"evidence.yaml": text}))
    assert _found(report, GapCode.STALE_EVIDENCE) == expected


def test_stale_evidence_message_and_theme(make_assessment: Overlay) -> None:
    text = library("    review_by: 2024-12-31\n    owner: Monitoring Officer\n")
    [gap] = [
        g
        for g in _report(make_assessment(files={"evidence.yaml": text})).gaps
        if g.code is GapCode.STALE_EVIDENCE
    ]
    assert gap.theme == "use-of-resources"  # the theme of the first characteristic citing it
    assert gap.message == (
        "Evidence E001 Annual governance statement (Monitoring Officer) was due for review by"
        " 31 December 2024"
    )


@pytest.mark.parametrize("code", ["slipped", "stale-update", "stale-evidence"])
def test_gaps_fail_on_knows_the_new_codes(make_assessment: Overlay, code: str) -> None:
    folder = make_assessment(
        files={
            "assessment.yaml": manifest("action_plan:\n  update_within_days: 30\n"),
            "actions.yaml": plan(REVISED),
            "evidence.yaml": library("    review_by: 2024-12-31\n"),
        }
    )
    assert run("gaps", str(folder), "--fail-on", code)[0] == 1
    clean = make_assessment(name="clean")
    assert run("gaps", str(clean), "--fail-on", code)[0] == 0


def test_the_first_due_date_and_latest_entries_of_an_action() -> None:
    action = Action.model_validate(
        {
            "id": "A1",
            "title": "t",
            "owner": "o",
            "due": "2025-06-30",
            "original_due": "2025-03-31",
            "revisions": [
                {"revised_on": "2025-01-20", "due": "2025-06-30"},
                {"revised_on": "2024-11-12", "due": "2025-05-31"},
            ],
            "updates": [
                {"date": "2025-01-05", "text": "first on the day"},
                {"date": "2025-01-05", "text": "second on the day"},
                {"date": "2024-12-01", "text": "older"},
            ],
        }
    )
    assert action.first_due == date(2025, 3, 31) and action.days_slipped == 91
    assert action.latest_revision is not None and action.latest_revision.due == date(2025, 6, 30)
    assert action.latest_update is not None and action.latest_update.text == "second on the day"
    plain = Action.model_validate({"id": "A2", "title": "t", "owner": "o", "due": "2025-06-30"})
    assert (plain.first_due, plain.days_slipped, plain.latest_revision, plain.latest_update) == (
        date(2025, 6, 30),
        None,
        None,
        None,
    )


# --- evidence paths: checked on disk, never fetched ---------------------------------------


def test_a_missing_path_is_a_warning_that_fails_only_strict(make_assessment: Overlay) -> None:
    folder = make_assessment(
        files={"evidence.yaml": library("    location: documents/missing.pdf\n")}
    )
    code, out, _ = run("validate", str(folder))
    assert code == 0
    line = next(x for x in out.splitlines() if "missing-document" in x)
    assert line.endswith(
        "evidence.yaml:6:15: warning[missing-document]: evidence E001: no file"
        " 'documents/missing.pdf' in the assessment folder; fix the path, or give the"
        " document's URL"
    )
    assert run("validate", str(folder), "--strict")[0] == 1
    (folder / "documents").mkdir()
    (folder / "documents" / "missing.pdf").write_bytes(b"%PDF")
    assert "missing-document" not in run("validate", str(folder))[1]


def test_location_is_read_from_the_folder_and_ref_from_its_file(make_assessment: Overlay) -> None:
    theme = (BASE / "themes" / "use-of-resources.yaml").read_text(encoding="utf-8")
    theme += (
        "evidence:\n  - {id: E101, title: By location, location: documents/a.pdf}\n"
        "  - {id: E102, title: By ref, ref: documents/a.pdf}\n"
    )
    folder = make_assessment(files={"themes/use-of-resources.yaml": theme})
    (folder / "documents").mkdir()
    (folder / "documents" / "a.pdf").write_bytes(b"%PDF")
    out = run("validate", str(folder))[1]
    # The file is at the folder's top, so only ref (read from themes/) misses it.
    assert "E101" not in out
    assert "evidence E102: no file 'documents/a.pdf' in the folder of this file" in out


def test_urls_are_never_fetched(make_assessment: Overlay, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("bvduty opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    text = library("    location: https://www.example.gov.uk/missing.pdf\n")
    text += "  - id: E002\n    title: Mail\n    ref: mailto:someone@example.gov.uk\n"
    text += "  - id: E003\n    title: Host\n    location: //www.example.gov.uk/x.pdf\n"
    folder = make_assessment(files={"evidence.yaml": text})
    code, out, _ = run("validate", str(folder))
    assert code == 0 and "missing-document" not in out


def test_a_document_path_too_long_to_look_up_is_missing_not_a_crash(
    make_assessment: Overlay,
) -> None:
    """Found by the fuzzer: a 1,000-character `location` made the system refuse the lookup
    (ENAMETOOLONG) and validate crashed; it names no file, so it gets the usual warning."""
    long = "y" * 1000
    evidence = (
        "bvduty: 1\nkind: evidence\nevidence:\n"
        f"  - id: E001\n    title: A document\n    location: {long}\n"
    )
    folder = make_assessment(files={"evidence.yaml": evidence})
    report = core.validate([folder], workers=1)
    assert [p.code for p in report.problems if p.code == "missing-document"] == ["missing-document"]
