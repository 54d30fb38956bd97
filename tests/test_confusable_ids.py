"""Ids that look the same but are not: a warning (`confusable-id`) at the later one.

Every look-alike is written as an escape here, so that the test itself can be read.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bvduty.checks import id_skeleton
from bvduty.core import validate
from bvduty.errors import Severity
from conftest import Overlay, run


def _evidence(second: str, first: str = "E001") -> str:
    """The base evidence file (E001, which the base theme cites), plus `first` and `second`."""
    extra = f'  - id: "{first}"\n    title: A document\n' if first != "E001" else ""
    return (
        "bvduty: 1\nkind: evidence\nevidence:\n"
        "  - id: E001\n    title: Annual governance statement\n"
        f'{extra}  - id: "{second}"\n    title: Another document\n'
    )


# (id, the characters named, whether the id is valid apart from looking like another): an
# invisible character inside an id is an error of its own (`bad-value`, named at its column).
LOOK_ALIKES = [
    pytest.param("\u0415001", "cyrillic capital letter ie (U+0415)", True, id="cyrillic-E"),
    pytest.param("E0\u200d01", "zero width joiner (U+200D)", False, id="zero-width-joiner"),
    pytest.param("E\u2060001", "word joiner (U+2060)", False, id="word-joiner"),
    pytest.param("\uff25001", "fullwidth latin capital letter e (U+FF25)", True, id="fullwidth"),
    pytest.param("\u0395001", "greek capital letter epsilon (U+0395)", True, id="greek-E"),
]


@pytest.mark.parametrize(("second", "named", "valid"), LOOK_ALIKES)
def test_a_look_alike_id_is_a_warning_at_the_later_id(
    make_assessment: Overlay, second: str, named: str, valid: bool
) -> None:
    folder = make_assessment(files={"evidence.yaml": _evidence(second)})
    report = validate([folder], workers=1)
    warnings = [p for p in report.problems if p.code == "confusable-id"]
    assert [(p.line, p.column, p.severity) for p in warnings] == [(6, 9, Severity.WARNING)]
    message = warnings[0].message
    assert message.startswith(f"id '{second}' looks the same as 'E001' (an evidence item at ")
    assert named in message
    assert report.valid == valid  # a warning alone does not fail
    others = {p.code for p in report.problems} - {"confusable-id"}
    assert others == (set() if valid else {"bad-value"})


def test_nfc_and_nfd_spellings_of_one_id_are_look_alikes(make_assessment: Overlay) -> None:
    composed = unicodedata.normalize("NFC", "Caf\u00e91")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    folder = make_assessment(files={"evidence.yaml": _evidence(decomposed, first=composed)})
    report = validate([folder], workers=1)
    assert [p.code for p in report.problems] == ["confusable-id"]
    assert "combining acute accent (U+0301)" in report.problems[0].message


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("E001", "EO01"),  # ASCII ids are the council's own spelling: 0 and O are not folded
        ("E001", "e001"),  # case is visible
        ("E001", "\u00c9001"),  # an accent is visible
        ("E001", "E002"),
    ],
)
def test_ids_that_look_different_give_no_warning(
    make_assessment: Overlay, first: str, second: str
) -> None:
    folder = make_assessment(files={"evidence.yaml": _evidence(second, first=first)})
    assert validate([folder], workers=1).problems == ()


def test_a_look_alike_across_kinds_and_files_is_found(make_assessment: Overlay) -> None:
    # The base theme defines criterion R001; an action id made of Cyrillic Er looks like P,
    # so take a Latin id whose letters all have look-alikes: "A01" beside Cyrillic "\u041001".
    actions = (
        "bvduty: 1\nkind: actions\nactions:\n"
        "  - id: A01\n    title: One\n    owner: Head of HR\n    due: 2025-06-30\n"
        "    status: planned\n"
        '  - id: "\u041001"\n    title: Two\n    owner: Head of HR\n    due: 2025-06-30\n'
        "    status: planned\n"
    )
    folder = make_assessment(files={"actions.yaml": actions})
    report = validate([folder], workers=1)
    assert [(Path(p.file).name, p.line, p.code) for p in report.problems] == [
        ("actions.yaml", 9, "confusable-id")
    ]


def test_validate_exits_0_with_the_warning_and_1_with_strict(make_assessment: Overlay) -> None:
    folder = make_assessment(files={"evidence.yaml": _evidence("\u0415001")})
    code, out, _ = run("validate", str(folder))
    assert code == 0
    assert "warning[confusable-id]" in out
    assert "cyrillic capital letter ie (U+0415)" in out  # the look-alike is named
    code, _, _ = run("validate", "--strict", str(folder))
    assert code == 1


def test_other_commands_go_on_despite_the_warning(make_assessment: Overlay) -> None:
    folder = make_assessment(files={"evidence.yaml": _evidence("\u0415001")})
    code, out, err = run("heatmap", str(folder))
    assert (code, err) == (0, "")
    assert "R001" in out


@pytest.mark.parametrize(
    ("value", "skeleton"),
    [
        ("R001", "R001"),
        ("\u0420001", "P001"),  # Cyrillic Er is drawn as Latin P, not R
        ("R0\u200d01", "R001"),
        ("\U0001d411001", "R001"),  # mathematical bold R
        ("R\ufe0f001", "R001"),  # a variation selector is invisible too
    ],
)
def test_id_skeleton(value: str, skeleton: str) -> None:
    assert id_skeleton(value) == skeleton


def test_an_id_in_another_scripts_letters_beside_latin_ids_is_a_warning(
    make_assessment: Overlay,
) -> None:
    """Cyrillic Er (U+0420) is drawn as P, so Er-001 typed for R001 looks like no other id; it
    is still flagged, as an id written in another script among ids in Latin letters."""
    folder = make_assessment(files={"evidence.yaml": _evidence("\u0420001")})
    report = validate([folder], workers=1)
    assert [(p.line, p.column, p.code, p.severity) for p in report.problems] == [
        (6, 9, "confusable-id", Severity.WARNING)
    ]
    assert "cyrillic capital letter er (U+0420)" in report.problems[0].message
    assert report.valid


def test_welsh_letters_are_latin_letters_and_not_flagged(make_assessment: Overlay) -> None:
    """A council may write ids with Welsh letters (Ŵ, Ŷ): they are Latin, so no warning."""
    assert id_skeleton("Ŵ001") != "W001"
    folder = make_assessment(files={"evidence.yaml": _evidence("Ŵ002")})
    report = validate([folder], workers=1)
    assert report.problems == ()  # Welsh Ŵ is a Latin letter
