"""`bvduty actions`: the owner's view of the action plan (docs/format.md 6.13).

Expected actions are counted by hand from assessments/example-borough-2024-25 (as at 31 January
2025): the owners, due dates, statuses and sources written in its theme files and actions.yaml.
The calendar is read back with icalendar's own parser, as a calendar program would read it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import EXAMPLE, run

EXAMPLE_2024 = EXAMPLE / "example-borough-2024-25"


def ids(*args: str) -> list[str]:
    code, out, err = run("actions", str(EXAMPLE), "--format", "json", *args)
    assert (code, err) == (0, ""), err
    [assessment] = json.loads(out)["assessments"]
    return [a["id"] for a in assessment["actions"]]


OPEN = [f"A{n:02d}" for n in range(1, 23) if n not in (6, 21)]  # A06 done, A21 cancelled


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Head of HR and Organisational Development owns A01, A02 and A14; only A14 (31 March
        # 2025, 59 days on) falls within 90 days of 31 January 2025.
        (("--owner", "Head of HR", "--due-within", "90"), ["A14"]),
        (("--owner", "head of hr", "--due-within", "242"), ["A14", "A01"]),  # A01: 30 September
        # Someone is exactly "Chief Executive": the Assistant Chief Executive's A09 is not theirs.
        (("--owner", "Chief Executive"), ["A19", "A18"]),
        (("--owner", "Chief"), ["A19", "A18", "A09"]),
        (("--overdue",), ["A08", "A04", "A19"]),  # due 30 Nov, 31 Dec 2024 and 15 Jan 2025
        (("--due-within", "60"), ["A03", "A14", "A16", "A18"]),  # all due 31 March 2025
        (("--due-within", "60", "--overdue"), ["A08", "A04", "A19", "A03", "A14", "A16", "A18"]),
        (("--due-within", "0", "--as-of", "2025-03-31"), ["A03", "A14", "A16", "A18"]),
        (("--status", "done"), ["A06"]),
        (("--status", "Cancelled,done"), ["A21", "A06"]),  # by due date
        (("--source", "internal-audit"), ["A08", "A03"]),
        (("--source", "External audit,internal-audit"), ["A08", "A03", "A13", "A05"]),
        (("--source", "member-challenge"), ["A11"]),  # the example manifest's own source
        (("--theme", "5"), ["A06", "A04", "A03", "A18", "A05", "A01", "A02"]),
        (("--theme", "Use of Resources", "--status", "planned"), ["A05", "A02"]),
        (("--theme", "leadership"), ["A19", "A11"]),  # A19 is in actions.yaml; first cell L005
        (("--owner", "Procurement Manager", "--overdue"), ["A04"]),
    ],
)
def test_filters_select_the_actions_counted_by_hand(
    args: tuple[str, ...], expected: list[str]
) -> None:
    assert ids(*args) == expected


def test_open_is_every_status_but_done_and_cancelled() -> None:
    assert sorted(ids("--status", "open")) == OPEN


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--status", "in progres"), "--status 'in progres' is not a status; did you mean"),
        (("--source", "audit"), "--source 'audit' names no source of actions; sources:"),
        (("--theme", "9"), "--theme '9' names no theme"),
        (("--due-within", "-1"), "-1"),
        (("--as-of", "31/01/2025"), "2025-01-31"),
    ],
)
def test_bad_filters_are_usage_errors(args: tuple[str, ...], words: str) -> None:
    code, out, err = run("actions", str(EXAMPLE), *args)
    assert (code, out) == (2, "")
    assert words in err
    assert "Traceback" not in err


def test_text_view_reads_as_a_list_for_the_owner() -> None:
    code, out, _ = run("actions", str(EXAMPLE), "--source", "internal-audit", "--overdue")
    assert code == 0
    assert out == (
        "Example Borough Council 2024/25: 1 action as at 31 January 2025\n"
        "\n"
        "  A08  Implement the data quality improvement plan in the two services named by\n"
        "       the audit\n"
        "       Owner: Head of ICT and Digital\n"
        "       Due 30 November 2024: 62 days overdue\n"
        "       Status: in progress\n"
        "       Theme 1 Continuous Improvement; source: Internal audit; priority high\n"
        "       First agreed for 30 September 2024: 61 days later; reason: The Planning\n"
        "       system upgrade moved data cleansing in Planning to the autumn.\n"
        "       Latest update, 10 January 2025: Data cleansing in Revenues complete;\n"
        "       Planning still outstanding.\n"
        "\n"
    )
    code, out, _ = run("actions", str(EXAMPLE), "--owner", "nobody")
    assert out.endswith(": 0 actions as at 31 January 2025\n\nNo action matches.\n")


def test_json_holds_the_register() -> None:
    code, out, _ = run("actions", str(EXAMPLE), "--owner", "Head of HR", "-f", "json")
    assert code == 0
    [assessment] = json.loads(out)["assessments"]
    assert list(assessment) == ["authority", "period", "as_of", "actions"]
    a01 = next(a for a in assessment["actions"] if a["id"] == "A01")
    assert list(a01) == [
        "id", "theme", "title", "owner", "due", "original_due", "days_slipped", "status",
        "completed_on", "priority", "source", "criteria", "progress", "latest_update",
        "revisions", "updates", "days_overdue", "file",
    ]  # fmt: skip
    assert (a01["due"], a01["original_due"], a01["days_slipped"]) == (
        "2025-09-30",
        "2025-03-31",
        183,
    )
    assert [r["due"] for r in a01["revisions"]] == ["2025-06-30", "2025-09-30"]
    assert a01["latest_update"]["date"] == "2025-01-21"
    assert a01["source"] == "self-assessment"


def test_csv_adds_the_register_columns_to_those_of_export() -> None:
    code, out, _ = run("actions", str(EXAMPLE), "--source", "internal-audit", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["A08", "A03"]
    a08 = rows[0]
    assert (a08["original_due"], a08["days_slipped"], a08["source"]) == (
        "2024-09-30",
        "61",
        "internal-audit",
    )
    assert a08["latest_update_on"] == "2025-01-10"
    assert rows[1]["days_slipped"] == "" and rows[1]["latest_update"] == ""


# --- the calendar ---------------------------------------------------------------------------


def calendar(folder: Path, *args: str) -> tuple[str, Calendar]:
    code, out, err = run("actions", str(folder), "--format", "ics", *args)
    assert (code, err) == (0, "")
    return out, Calendar.from_ical(out)


def test_the_done_when_calendar_imports_cleanly(tmp_path: Path) -> None:
    written = tmp_path / "due.ics"
    args = ("--owner", "Head of HR", "--due-within", "90")
    code, _, _ = run("actions", str(EXAMPLE), "--format", "ics", *args, "--output", str(written))
    raw = written.read_bytes()
    assert code == 0 and raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in b"".join(lines)  # every line ends CRLF
    assert max(len(line) for line in lines) <= 75  # long lines folded at 75 octets
    text, parsed = calendar(EXAMPLE, *args)
    assert (str(parsed["version"]), str(parsed["prodid"])) == (
        "2.0",
        "-//bvduty//Best Value Duty action plan//EN",
    )
    [event] = parsed.walk("VEVENT")
    # An all-day event on the due date: a DATE, not a time, ending the next day.
    assert event.decoded("dtstart") == date(2025, 3, 31)
    assert event.decoded("dtend") == date(2025, 4, 1)
    assert "VALUE=DATE" in text.split("DTSTART")[1].split("\r\n")[0]
    assert str(event["summary"]) == (
        'A14 due: Run staff listening sessions and publish a "you said, we did" response to the'
        " 2024 survey"
    )
    description = str(event["description"]).split("\n")
    assert "Owner: Head of HR and Organisational Development" in description
    assert "Theme 4 Culture" in description
    assert str(event["uid"]) == "action-A14.example-borough-council@bvduty"
    assert str(event["transp"]) == "TRANSPARENT"


def test_uid_stays_and_sequence_rises_when_the_due_date_is_revised(tmp_path: Path) -> None:
    folder = tmp_path / "eb"
    shutil.copytree(EXAMPLE_2024, folder)
    _, before = calendar(folder, "--owner", "Head of HR")
    resources = folder / "themes" / "05-use-of-resources.yaml"
    text = resources.read_text(encoding="utf-8")
    text = text.replace(
        "    due: 2025-09-30\n    original_due: 2025-03-31\n",
        "    due: 2025-10-31\n    original_due: 2025-03-31\n",
    ).replace(
        "          they reflect agreed savings.\n",
        "          they reflect agreed savings.\n"
        "      - {revised_on: 2025-01-30, due: 2025-10-31, reason: Restructure first}\n",
    )
    resources.write_text(text, encoding="utf-8")
    _, after = calendar(folder, "--owner", "Head of HR")
    old = {str(e["uid"]): e for e in before.walk("VEVENT")}
    new = {str(e["uid"]): e for e in after.walk("VEVENT")}
    assert old.keys() == new.keys()  # the same three events: none added by importing again
    a01 = "action-A01.example-borough-council@bvduty"
    assert (old[a01].decoded("dtstart"), new[a01].decoded("dtstart")) == (
        date(2025, 9, 30),
        date(2025, 10, 31),
    )
    assert (old[a01].decoded("sequence"), new[a01].decoded("sequence")) == (2, 3)
    assert "Revised on 30 January 2025 to 31 October 2025: Restructure first" in str(
        new[a01]["description"]
    )


def test_calendar_text_is_escaped_by_the_library(tmp_path: Path) -> None:
    folder = tmp_path / "eb"
    shutil.copytree(EXAMPLE_2024, folder)
    plan = folder / "actions.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + '  - id: "A99"\n    title: "Costs; savings, and\\nreview \\u001b[2J done"\n'
        "    owner: Head of Finance\n    due: 2025-02-28\n    status: cancelled\n",
        encoding="utf-8",
    )
    text, parsed = calendar(folder, "--owner", "Head of Finance")
    [event] = parsed.walk("VEVENT")
    assert str(event["summary"]) == "Cancelled: A99 due: Costs; savings, and review \\x1b[2J done"
    assert "\x1b" not in text and "Costs\\; savings\\, and" in text
    assert str(event["status"]) == "CANCELLED"


def test_calendar_without_icalendar_says_how_to_add_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)  # import fails as if not installed
    code, out, err = run("actions", str(EXAMPLE), "--format", "ics")
    assert (code, out) == (2, "")
    assert err.startswith("bvduty: error: Calendar output needs icalendar: ")
    assert "ics" in err


def test_dtstamp_is_the_time_of_writing_in_utc() -> None:
    from datetime import UTC, datetime

    from bvduty.core import actions
    from bvduty.render.actions import ics

    plans = actions([EXAMPLE], owner="Head of HR", workers=1)
    when = datetime(2025, 2, 1, 9, 30, tzinfo=UTC)
    parsed = Calendar.from_ical(ics(plans, now=when))
    stamps = {e.decoded("dtstamp") for e in parsed.walk("VEVENT")}
    assert stamps == {when}
    assert {e.decoded("dtend") - e.decoded("dtstart") for e in parsed.walk("VEVENT")} == {
        timedelta(days=1)
    }
