"""No file can drive or disguise a terminal: every output shows hidden characters as escapes.

The hostile assessment below puts a screen-clearing escape in a cell id, an OSC 8 hyperlink,
a right-to-left override, invisible separators and tag characters in a title, and a terminal
reset in a scale's short mark. Whether a character is allowed raw is judged from Unicode's own
data here, never from `textsafe`, so a test fails when textsafe forgets a character.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from bvduty.textsafe import is_safe, json_text, one_line, visible
from conftest import BASE, Overlay, run

SCREEN_CLEAR_ID = "R\x1b[2J"
JOINED_ID = "R\u200d003"
HOSTILE_TITLE = (
    "Link \x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \u202eoverride \u2063\U000e0041\u00ad"
)
LONG_STATEMENT = "Workforce plans in every service, " + "agreed and reviewed each year " * 12
LONG_TITLE = "A title that is well over fifty characters long so that gaps cut it short"

THEME = r"""bvduty: 1
kind: theme
theme: use-of-resources
criteria:
  - id: R001
    title: "Clears \e[2J the screen"
    statement: Effective internal control environment
    rating: green
    evidence: [E001]
  - id: R002
    title: "Link \e]8;;https://evil.example\aclick\e]8;;\a \u202Eoverride \u2063\U000E0041\u00AD"
    statement: Workforce plans in every service
    rating: amber
    evidence: [E001]
  - id: R003
    statement: "Joined \u200D"
    rating: red
findings:
  - type: improvement
    text: Workforce plans are not in place for all service areas.
    criteria: [R002]
"""
ACTIONS = r"""bvduty: 1
kind: actions
actions:
  - id: A01
    title: "Hidden \e]8;;https://evil.example\aaction\e]8;;\a"
    owner: "Head of HR \u202E"
    due: 2025-06-30
    status: in-progress
    criteria: [R002]
"""
MANIFEST = r"""bvduty: 1
kind: assessment
authority:
  name: "Test District Council \u200D"
  type: district
period: "2024/25"
as_of: 2025-01-31
scale:
  levels:
    - {id: red, label: "Red \e[5m", short: "\ec", colour: "#d4351c"}
    - {id: amber, label: Amber, short: A, colour: "#f47738"}
    - {id: green, label: Green, short: G, colour: "#00703c"}
default_target: green
"""
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes bvduty itself writes with --color always


def hidden(text: str, allowed: str = "\n") -> set[str]:
    """Characters that must never reach an output raw, by Unicode's data, not by textsafe."""
    return {
        c
        for c in text
        if c not in allowed
        and (
            unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"}
            or 0xE0000 <= ord(c) <= 0xE0FFF
        )
    }


@pytest.fixture
def hostile(make_assessment: Overlay) -> Path:
    return make_assessment(
        files={
            "assessment.yaml": MANIFEST,
            "actions.yaml": ACTIONS,
            "themes/use-of-resources.yaml": THEME,
        }
    )


def test_the_hostile_assessment_is_valid(hostile: Path) -> None:
    code, _, err = run("validate", str(hostile))
    assert code == 0, err


@pytest.mark.parametrize(
    "args",
    [
        ("heatmap",),
        ("heatmap", "--color", "always"),
        ("gaps",),
        ("gaps", "--color", "always"),
    ],
    ids=" ".join,
)
def test_terminal_output_holds_no_hidden_character(hostile: Path, args: tuple[str, ...]) -> None:
    code, out, err = run(*args, str(hostile))
    assert (code, err) == (0, "")
    assert hidden(SGR.sub("", out)) == set()
    assert "\x1b" not in SGR.sub("", out)


def test_the_terminal_heatmap_shows_the_marks_escaped(hostile: Path) -> None:
    _, out, _ = run("heatmap", str(hostile))
    assert "R003 \\x1bc" in out  # the short mark of its level
    assert "Red \\x1b[5m" in out  # the key


@pytest.mark.parametrize("bad", [SCREEN_CLEAR_ID, JOINED_ID, "R\u2063003"])
def test_an_id_with_a_hidden_character_is_an_error_that_names_it(
    make_assessment: Overlay, bad: str
) -> None:
    """No valid id can drive a terminal or hide a character: the file is refused, and the
    message shows the id escaped and names the character with its code point."""
    theme = THEME.replace("id: R003", f'id: "{bad.encode("unicode_escape").decode()}"')
    folder = make_assessment(
        files={
            "assessment.yaml": MANIFEST,
            "actions.yaml": ACTIONS,
            "themes/use-of-resources.yaml": theme,
        }
    )
    code, out, err = run("validate", str(folder))
    assert code == 1
    assert hidden(out + err) == set()
    assert visible(bad) in out
    assert f"U+{ord(bad[1]):04X}" in out


def test_the_terminal_diff_holds_no_hidden_character(hostile: Path) -> None:
    for args in ((), ("--color", "always")):
        code, out, err = run("diff", str(BASE), str(hostile), *args)
        assert (code, err) == (0, ""), err
        assert hidden(SGR.sub("", out)) == set()
        assert "\x1b" not in SGR.sub("", out)
        assert "Joined \\u200d" in out and "Test District Council \\u200d" in out


@pytest.mark.parametrize(
    ("command", "column", "shown"),
    [("heatmap", "title", {"Clears \\x1b[2J the screen"}), ("gaps", "message", set())],
)
def test_csv_holds_no_hidden_character_and_escapes_ids(
    hostile: Path, command: str, column: str, shown: set[str]
) -> None:
    code, out, err = run(command, str(hostile), "-f", "csv")
    assert (code, err) == (0, "")
    assert hidden(out, allowed="\r\n") == set()
    assert shown <= {row[column] for row in csv.DictReader(io.StringIO(out))}
    assert "\\u200d" in out


def test_exported_csv_files_hold_no_hidden_character(hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "csv"
    code, _, err = run("export", str(hostile), "-f", "csv", "-o", str(target), "-q")
    assert (code, err) == (0, "")
    for name in ("actions.csv", "heatmap.csv", "gaps.csv"):
        text = (target / name).read_text(encoding="utf-8")
        assert hidden(text, allowed="\r\n") == set(), name
    actions = (target / "actions.csv").read_text(encoding="utf-8")
    assert "Hidden \\x1b]8" in actions and "Head of HR \\u202e" in actions


@pytest.mark.parametrize(
    "args",
    [("heatmap", "-f", "json"), ("gaps", "-f", "json"), ("validate", "-f", "json")],
    ids=" ".join,
)
def test_json_keeps_every_value_yet_holds_no_hidden_character(
    hostile: Path, args: tuple[str, ...]
) -> None:
    _, out, err = run(*args, str(hostile))
    assert err == "" or args[0] == "validate"
    assert hidden(out) == set()
    document = json.loads(out)
    if args[0] == "heatmap":
        cells = document["assessments"][0]["themes"][4]["cells"]
        assert [c["id"] for c in cells] == ["R001", "R002", "R003"]
        scale = document["assessments"][0]["scale"]
        assert scale[0]["label"] == "Red \x1b[5m"  # the value exactly, as a JSON escape


def test_diff_json_keeps_the_ids_exactly(hostile: Path) -> None:
    code, out, _ = run("diff", str(BASE), str(hostile), "-f", "json")
    assert code == 0
    assert hidden(out) == set()
    titles = {move.get("title") for move in json.loads(out)["ratings"]}
    assert "Joined \u200d" in titles  # the value exactly (a JSON escape), not shown escaped


def test_a_user_error_message_is_shown_escaped(hostile: Path) -> None:
    code, _, err = run("heatmap", str(hostile), "--theme", "no\x1b[2Jtheme")
    assert code == 2
    assert hidden(err) == set() and "no\\x1b[2Jtheme" in err


# --- the full text in CSV ----------------------------------------------------------------------


def test_csv_holds_the_full_statement_and_message(make_assessment: Overlay) -> None:
    theme = (BASE / "themes/use-of-resources.yaml").read_text(encoding="utf-8")
    theme = theme.replace(
        "statement: Workforce plans in every service",
        f"title: {LONG_TITLE}\n    statement: {LONG_STATEMENT.strip()}",
    )
    folder = make_assessment(files={"themes/use-of-resources.yaml": theme})
    _, out, _ = run("heatmap", str(folder), "-f", "csv")
    rows = {row["cell"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["R002"]["title"] == LONG_TITLE
    assert rows["R002"]["statement"] == LONG_STATEMENT.strip()
    assert rows["R001"]["statement"] == "Effective internal control environment"
    _, out, _ = run("gaps", str(folder), "-f", "csv")
    messages = [row["message"] for row in csv.DictReader(io.StringIO(out)) if row["id"] == "R002"]
    assert messages and all(m.startswith(f"R002 {LONG_TITLE} ") for m in messages)
    _, table, _ = run("gaps", str(folder))  # the terminal keeps the short name
    assert LONG_TITLE not in " ".join(table.split())


# --- textsafe itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("zero\u200dwidth joiner", "zero\\u200dwidth joiner"),
        ("invisible\u2063separator", "invisible\\u2063separator"),
        ("arabic\u061cmark", "arabic\\u061cmark"),
        ("soft\u00adhyphen", "soft\\xadhyphen"),
        ("tag\U000e0041\U000e0001", "tag\\U000e0041\\U000e0001"),
        ("c1\x9bcsi", "c1\\x9bcsi"),
        ("line\u2028separator", "line\\u2028separator"),
        ("not utf-8 \udcff", "not utf-8 \\udcff"),
        ("hangul\u3164filler", "hangul\\u3164filler"),
    ],
)
def test_visible_escapes_invisible_and_format_characters(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@pytest.mark.parametrize(
    "ordinary",
    [
        "Cyngor Sir Ynys Môn: ŵ ŷ â ê î ô û",
        "an em dash \u2014 and an en dash \u2013 and \u201ccurly\u201d \u2018quotes\u2019",
        "£100, €5, naïve café, Zürich, Łódź",
        "emoji 🏛️ ❤️ and العربية and 中文",
        "tab\tand\nnewline",
    ],
)
def test_visible_keeps_ordinary_text(ordinary: str) -> None:
    assert visible(ordinary) == ordinary
    assert is_safe(ordinary)


def test_every_control_and_format_character_of_unicode_is_escaped() -> None:
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if hidden(chr(code), allowed="\t\n") and is_safe(chr(code))
    ]
    assert missed == []


def test_visible_is_idempotent_and_one_line_folds_lines() -> None:
    text = f"{HOSTILE_TITLE}\n{SCREEN_CLEAR_ID}"
    assert visible(visible(text)) == visible(text)
    assert "\n" not in one_line(text)


def test_json_text_escapes_without_changing_the_value() -> None:
    value = {"id": f"{SCREEN_CLEAR_ID}\u202e\U000e0041\x9b\udcff"}
    text = json_text(value)
    assert hidden(text) == set()
    assert json.loads(text) == value


@pytest.mark.parametrize("colour", [False, True])
def test_the_terminal_writer_escapes_what_a_renderer_forgot(colour: bool) -> None:
    from rich.text import Text

    from bvduty.render.terminal import to_string

    text = Text("before ")
    text.append("R\x1b[2J\u202e", style="bold red")
    text.append(" after")
    out = to_string(text, colour)
    assert hidden(SGR.sub("", out)) == set()
    assert SGR.sub("", out) == "before R\\x1b[2J\\u202e after"
    if colour:  # the style stays on the same (now escaped) characters
        assert "\x1b[1;31mR\\x1b[2J\\u202e\x1b[0m" in out
