"""An officer's first hour: every mistake found in one run, each message saying what to type.

The table of mistakes is tests/cases/invalid/ (exact messages in each expect.txt); these tests
hold the properties across it: one run finds them all, no message speaks Python, and the words
that suggest, read dates and name characters behave as the messages promise.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bvduty import suggest
from bvduty.core import validate
from bvduty.frameworks import builtin_frameworks, builtin_scales
from bvduty.load import check_file
from conftest import CASES, EXAMPLE, ROOT, Overlay, run
from test_cases import INVALID, expected_lines, found_problems

FIRST_HOUR = CASES / "invalid" / "officer-first-hour"

# Python and Pydantic words that must never reach an officer.
PYTHON_WORDING = re.compile(
    r"Input should|Value error|validation error|Field required|got None|\bNone\b|NoneType"
    r"|(?<!!)\b(?:dict|str|int|tuple|bool)\b|pydantic|\[type=|_type\b|_error\b|Traceback"
    r"|String should|\bTrue\b|\bFalse\b|model_|\bloc\b"
)
# Each message says what to do: one of these words, or a suggestion.
INSTRUCTION = re.compile(
    r"did you mean|\b(?:write|type|use|add|delete|remove|replace|put|set|choose|fill|indent"
    r"|separate|give|save|point|move|end|close|list|line (?:it|this) up)\b",
    re.IGNORECASE,
)
# Messages made while the YAML reader builds the data (another piece of work rewords them).
READER = re.compile(r"duplicate key|keys must be|tag !|merge keys|nesting deeper|file is empty")


def test_a_folder_of_officer_mistakes_is_reported_whole_in_one_run(
    make_assessment: Overlay,
) -> None:
    """Ten or more mistakes over three or more files, each at its place, in a single run.

    The folder mixes a YAML fault (a no-break space pasted from Word), schema mistakes in the
    manifest (which used to hide every level and theme check), and mistakes that only the
    folder as a whole can see (an evidence id not yet written, a lower-case reference).
    """
    expected = expected_lines(FIRST_HOUR)
    found = found_problems(make_assessment(overlay=FIRST_HOUR))
    assert len(found) == len(expected) >= 10
    assert len({where.split(":")[0] for where, _ in found}) >= 3
    assert {f"{where}: {message}" for where, message in found} == expected
    for _, message in found:
        assert INSTRUCTION.search(message), message


def test_every_case_message_says_what_to_do_without_python_words(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    seen = 0
    for case in INVALID:
        folder = make_assessment(overlay=case)
        for where, message in found_problems(folder):
            seen += 1
            assert not PYTHON_WORDING.search(message), f"{case.name}: {message}"
            if not READER.match(message):
                assert INSTRUCTION.search(message), f"{case.name}: {where}: {message}"
        folder.rename(tmp_path / f"done-{case.name}")
    assert seen >= 80


# --- every field of every kind, given every wrong shape -----------------------------------------

BASE_DOCS: dict[str, dict[str, Any]] = {
    "assessment": {
        "bvduty": 1,
        "kind": "assessment",
        "authority": {"name": "A Council", "code": "E07000123", "type": "district"},
        "period": "2024/25",
        "as_of": "2025-01-31",
        "scale": {"levels": [{"id": "red", "label": "Red", "colour": "#d4351c", "short": "R"}]},
        "default_target": "red",
        "status": "draft",
        "approved_on": "2025-01-31",
        "report": {
            "committee": "Audit",
            "meeting_date": "2025-02-01",
            "classification": "exempt",
            "exempt_paragraph": 3,
            "recommendations": ["Note"],
            "implications": {"legal": "None noted"},
            "author": {"name": "An Officer"},
        },
    },
    "theme": {
        "bvduty": 1,
        "kind": "theme",
        "theme": "governance",
        "criteria": [
            {"id": "G001", "statement": "Good", "rating": "red", "evidence": ["E001"]},
        ],
        "findings": [{"type": "strength", "text": "Good", "criteria": ["G001"]}],
        "actions": [
            {"id": "A01", "title": "Do", "owner": "Me", "due": "2025-03-31", "priority": "high"}
        ],
        "evidence": [{"id": "E001", "title": "Doc", "date": "2025-01-01"}],
    },
}
WRONG_SHAPES: list[Any] = [
    None,
    "",
    [],
    ["a", "b"],
    {"x": "y"},
    "two words, comma",
    "\u201cquoted\u201d",
    "E\u2013001",
    "99",
    "31/03/2025",
]


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*here, key))
    elif isinstance(value, list) and value:
        found += _paths(value[0], (*here, 0))
    return found


def _replaced(document: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = _replaced(copy[path[0]], path[1:], new)
    return copy


def _messages() -> list[str]:
    messages = []
    for document in BASE_DOCS.values():
        for path in _paths(document):
            if path in (("bvduty",),):
                continue
            for shape in WRONG_SHAPES:
                text = yaml.safe_dump(_replaced(document, path, shape), allow_unicode=True)
                messages += [p.message for p in check_file(text.encode(), "x.yaml")]
    return messages


def test_no_message_for_any_wrong_value_of_any_field_speaks_python() -> None:
    messages = _messages()
    assert len(messages) > 300
    leaks = sorted({m for m in messages if PYTHON_WORDING.search(m)})
    assert leaks == []
    mute = sorted({m for m in messages if not INSTRUCTION.search(m)})
    assert mute == []  # each says what to do


# --- near misses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("light green", "light-green"),
        ("Light_Green", "light-green"),
        ("LIGHT-GREEN", "light-green"),
        ("light\u00a0green", "light-green"),
        ("ligth-green", "light-green"),
        ("dark", "dark-green"),
        ("Strong", "dark-green"),  # a level's label
        ("LG", "light-green"),  # a level's short mark
        ("purple", None),
        ("green", None),  # two greens are equally near: no guess
    ],
)
def test_a_level_is_suggested_only_when_one_is_near(typed: str, meant: str | None) -> None:
    levels = ["red", "amber", "light-green", "dark-green"]
    aliases = {"strong": "dark-green", "lg": "light-green"}
    assert suggest.near(typed, levels, aliases) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("e202", "E202"),
        ("E 202", "E202"),
        ("E-202", "E202"),
        ("E\u2013202", "E202"),
        ("\u201cE202\u201d", "E202"),
        ("E0202", "E202"),
        ("EO202", None),  # the letter O after a letter is not a zero
        ("E2O2", "E202"),
        ("E203", None),  # ids run in sequences: the next number is another document
        ("E20", None),
    ],
)
def test_an_id_is_suggested_only_for_slips_of_typing(typed: str, meant: str | None) -> None:
    assert suggest.near_id(typed, ["E001", "E202"]) == meant


THEMES = builtin_frameworks()["best-value-2024"].themes


@pytest.mark.parametrize(
    ("typed", "theme"),
    [
        ("use-of-resources", "use-of-resources"),
        ("5", "use-of-resources"),
        ("Theme 5", "use-of-resources"),
        ("5. Use of Resources", "use-of-resources"),
        ("Use of Resources", "use-of-resources"),
        ("use_of_resources", "use-of-resources"),
        ("PARTNERSHIPS AND COMMUNITY ENGAGEMENT", "partnerships-and-community-engagement"),
        ("8", None),
        ("5 Leadership", None),  # a number and another theme's title: not a safe guess
        ("resources", None),  # a word of a title is near, not a name
    ],
)
def test_a_theme_is_named_by_number_id_or_title(typed: str, theme: str | None) -> None:
    found = suggest.match_theme(THEMES, typed)
    assert (found.id if found else None) == theme


def test_a_theme_spelt_nearly_right_is_suggested() -> None:
    assert suggest.theme_message("governence", THEMES, "bv") == (
        "theme 'governence' is not in framework bv; did you mean 'governance' (3 Governance)?"
    )
    assert suggest.theme_message("Use of Resources", THEMES, "bv") == (
        "theme 'Use of Resources' is the title of theme 5; write its id: theme: use-of-resources"
    )
    assert suggest.theme_message("finance", THEMES, "bv").endswith(
        "; write the id of one of its themes: 1 continuous-improvement, 2 leadership,"
        " 3 governance, 4 culture, 5 use-of-resources, 6 service-delivery,"
        " 7 partnerships-and-community-engagement"
    )


def test_a_level_message_lists_a_small_scale_and_not_a_large_one() -> None:
    rag = builtin_scales()["rag"].levels
    assert suggest.level_message("rating", "purple", rag) == (
        "rating 'purple' is not a level of the scale;"
        " write one of the levels, worst first: red, amber, green"
    )
    many = [type(rag[0])(id=f"l{n}", label=f"L{n}") for n in range(13)]
    assert suggest.level_message("rating", "zzz", many) == (
        "rating 'zzz' is not a level of the scale"
    )


# --- dates written other ways ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "likely", "other"),
    [
        ("31/03/2025", date(2025, 3, 31), None),
        ("31-03-2025", date(2025, 3, 31), None),
        ("31.03.25", date(2025, 3, 31), None),
        ("31 March 2025", date(2025, 3, 31), None),
        ("31st March 2025", date(2025, 3, 31), None),
        ("Monday 31st of March 2025", date(2025, 3, 31), None),
        ("31 Mar 2025", date(2025, 3, 31), None),
        ("March 31, 2025", date(2025, 3, 31), None),
        ("2025/03/31", date(2025, 3, 31), None),
        ("2025-3-31", date(2025, 3, 31), None),
        ("06/30/2025", date(2025, 6, 30), None),  # only month-first makes sense
        ("01/04/2025", date(2025, 4, 1), date(2025, 1, 4)),  # UK first, the other offered
        ("31/02/2025", None, None),
        ("next March", None, None),
    ],
)
def test_dates_written_other_ways_are_read(
    typed: str, likely: date | None, other: date | None
) -> None:
    reading = suggest.read_date(typed)
    assert (reading.likely, reading.other) == (likely, other)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/03/2025", "due '31/03/2025' is not written YYYY-MM-DD; write it as 2025-03-31"),
        (
            "01/04/2025",
            "due '01/04/2025' is not written YYYY-MM-DD; write it as 2025-04-01"
            " (1 April 2025), or as 2025-01-04 if you meant 4 January 2025",
        ),
        (
            "2025-02-29",
            "due '2025-02-29' is not a real date: February 2025 has 28 days;"
            " write a day that exists, e.g. 2025-02-28",
        ),
        (
            "2024-02-30",
            "due '2024-02-30' is not a real date: February 2024 has 29 days;"
            " write a day that exists, e.g. 2024-02-29",
        ),
        (
            "2025-13-01",
            "due '2025-13-01' is not a real date: there is no month 13;"
            " write YYYY-MM-DD, month before day",
        ),
        (
            "\u201c2025-09-30\u201d",
            "due '\u201c2025-09-30\u201d' has curly quotes round it (U+201C and U+201D);"
            " use straight quotes or none: 2025-09-30",
        ),
        (
            "2025-09-30\u200b",
            "due '2025-09-30\u200b' contains a zero-width space (U+200B): write 2025-09-30",
        ),
        (
            "soon",
            "due 'soon' is not written YYYY-MM-DD; write dates as YYYY-MM-DD,"
            " e.g. 2025-03-31 for 31 March 2025",
        ),
        (None, "due is empty; write a date as YYYY-MM-DD, e.g. 2025-03-31 for 31 March 2025"),
    ],
)
def test_a_date_message_gives_the_text_to_write(typed: str | None, message: str) -> None:
    assert suggest.date_message("due", typed) == message


# --- characters from Word ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("E\u2013001", (1, "an en dash (U+2013)")),
        ("a\u00a0b", (1, "a no-break space (U+00A0)")),
        ("\u200bR001", (0, "a zero-width space (U+200B)")),
        ("\u2018green\u2019", (0, "a curly opening quote (U+2018)")),
        ("\tx", (0, "a tab (U+0009)")),
        ("plain text - with hyphen", None),
    ],
)
def test_odd_characters_are_found_and_named(text: str, found: tuple[int, str] | None) -> None:
    odd = suggest.odd_character(text)
    assert (odd and (odd[0], suggest.name_character(odd[1]))) == found


def test_a_lone_file_from_stdin_still_names_the_theme_meant() -> None:
    text = "bvduty: 1\nkind: theme\ntheme: Service delivery\ncriteria: []\n"
    [problem] = check_file(text.encode(), "<stdin>")
    assert (problem.line, problem.column, problem.code) == (3, 8, "unknown-theme")
    assert problem.message == (
        "theme 'Service delivery' is the title of theme 6; write its id: theme: service-delivery"
    )


def test_a_yaml_fault_in_the_manifest_hides_no_level_or_theme_problem(
    make_assessment: Overlay,
) -> None:
    """The scale and framework are read from the manifest's text when it is not YAML."""
    folder = make_assessment(
        files={
            "assessment.yaml": (CASES / "base" / "assessment.yaml")
            .read_text("utf-8")
            .replace("  type: district\n", "\ttype: district\n"),
        }
    )
    theme = folder / "themes" / "use-of-resources.yaml"
    theme.write_text(theme.read_text("utf-8").replace("rating: amber", "rating: gren"), "utf-8")
    found = [(p.file.split("/")[-1], p.line, p.code) for p in validate([folder]).problems]
    assert found == [
        ("assessment.yaml", 5, "yaml-syntax"),
        ("use-of-resources.yaml", 11, "unknown-level"),
    ]


def test_validate_exit_code_and_stdout_for_the_first_hour(
    make_assessment: Overlay, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_assessment(overlay=FIRST_HOUR)
    monkeypatch.chdir(folder)
    code, out, err = run("validate", ".")
    assert code == 1
    errors = [line for line in out.splitlines() if ": error[" in line]
    assert len(errors) == len(expected_lines(FIRST_HOUR))
    assert "evidence.yaml:6:9: error[yaml-syntax]: a no-break space (U+00A0)" in out
    assert err.startswith(f"{len(errors)} problem(s)")


def _edit_line(path: Path, number: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[number - 1], (path, number, lines[number - 1])
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_the_readme_shows_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's `bvduty validate` example is the example assessment with six mistakes."""
    folder = tmp_path / "assessments" / "eb"
    shutil.copytree(EXAMPLE / "example-borough-2024-25", folder)
    themes = folder / "themes" / "05-use-of-resources.yaml"
    _edit_line(folder / "actions.yaml", 11, "due: 2025-03-31", "due: 31/03/2025")
    _edit_line(folder / "evidence.yaml", 19, "location: ", "location:\u00a0")
    _edit_line(themes, 12, "theme: use-of-resources", "theme: Use of Resources")
    _edit_line(themes, 39, "rating:", "ratng:")
    _edit_line(themes, 40, "E036, E019", "E036, E203")
    _edit_line(themes, 48, "light-green", "light green")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("validate")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ bvduty validate\n", 1)[1].split("```", 1)[0]
    assert code == 1
    assert out + err == shown


@pytest.mark.parametrize(
    ("text", "where", "start"),
    [
        ("a: 1\nrating:\u00a0green\nb: 2\n", (2, 8), "a no-break space (U+00A0) after the ':'"),
        (
            "a:\n  - id: R1\n\u00a0\u00a0  x: 1\n  - id: R2\n",
            (3, 1),
            "a no-break space (U+00A0) in",
        ),
        ("a:\n  b: 1\n\tc: 2\n", (3, 1), "a tab (U+0009) indents this line"),
        ("a: 1\n\ufeffb: 2\n", (2, 1), "a byte-order mark (U+FEFF) in the indentation"),
        ('a: 1\nb: "open\nc: 2\n', (2, 4), "this quote is never closed"),
        ("a: [x, y\nb: 1\n", (1, 4), "a list or mapping opened here is not closed with ]"),
        # An odd blank far above an unrelated fault is not blamed for it.
        ("a: 1\n\u00a0 b: 2\nc:\n  d: 1\n  e: 2\n    f: 4\n", (6, 6), "a ': ' inside a value"),
    ],
)
def test_yaml_faults_are_placed_where_the_officer_must_type(
    text: str, where: tuple[int, int], start: str
) -> None:
    [problem] = check_file(text.encode(), "x.yaml")
    assert (problem.line, problem.column, problem.code) == (*where, "yaml-syntax")
    assert problem.message.startswith(start)


def test_a_missing_evidence_library_is_one_problem_not_one_per_citation(tmp_path: Path) -> None:
    """Deleting evidence.yaml gave 65 lines of 'E001 is not in the evidence library' and none
    said the library itself was missing."""
    import shutil

    from bvduty.core import validate

    folder = tmp_path / "assessment"
    shutil.copytree(EXAMPLE / "example-borough-2024-25", folder)
    (folder / "evidence.yaml").unlink()
    problems = validate([folder], workers=1).problems
    assert [p.code for p in problems] == ["unknown-reference"]
    assert "has no evidence library file: add one with 'kind: evidence'" in problems[0].message
    assert problems[0].message.startswith("E001 is not in the evidence library")
