"""A flood of problems: at most 200 listed per file, then one saying how many more.

One broken 4 MiB file can hold a million problems; listing them cost gigabytes and nobody
reads past the first screenful. Each file lists its first 200 problems (in file order), then a
closing `too-many-problems` at the end of the file counts the rest. A file of more than 50,000
values (keys, texts, lists) is refused before anything in it is checked.
"""

from __future__ import annotations

import json
from pathlib import Path

from bvduty.core import validate
from bvduty.load import MAX_PROBLEMS, check_file
from bvduty.yamlload import MAX_VALUES, parse_bytes
from conftest import Overlay, run

HEAD = "bvduty: 1\nkind: actions\nactions:\n"


def _flood(items: int) -> str:
    """An action plan whose every item is text where an action (a mapping) belongs."""
    return HEAD + "- x\n" * items


def test_a_file_lists_200_problems_then_says_how_many_more(make_assessment: Overlay) -> None:
    folder = make_assessment(files={"actions.yaml": _flood(450)})
    report = validate([folder], workers=1)
    mine = [p for p in report.problems if p.file.endswith("actions.yaml")]
    assert len(mine) == MAX_PROBLEMS + 1 == 201
    *listed, closing = mine
    assert [p.line for p in listed] == list(range(4, 204))  # the first 200, in file order
    assert {p.code for p in listed} == {"wrong-type"}
    assert (closing.code, closing.severity.value) == ("too-many-problems", "error")
    assert closing.message == "and 250 more problems in this file (only the first 200 are listed)"
    assert (closing.line, closing.column) == (454, 1)  # the end of the file: after the last line
    assert not report.valid


def test_the_count_covers_problems_of_every_kind(make_assessment: Overlay) -> None:
    """Duplicate keys (found by the YAML loader) count as much as model errors do."""
    keys = "".join(f"k{i}: 1\n" for i in range(150))
    text = f"bvduty: 1\nkind: actions\nactions: []\n{keys}{keys}"
    folder = make_assessment(files={"actions.yaml": text})
    mine = [p for p in validate([folder], workers=1).problems if p.file.endswith("actions.yaml")]
    codes = [p.code for p in mine]
    assert len(mine) == 201
    assert codes[-1] == "too-many-problems"
    # 150 unknown fields (k0..k149, first lines) + 150 duplicates of them = 300 problems.
    assert mine[-1].message.startswith("and 100 more problems in this file")
    assert codes.count("unknown-field") == 150 and codes.count("duplicate-key") == 50


def test_a_file_under_the_cap_is_listed_whole(make_assessment: Overlay) -> None:
    folder = make_assessment(files={"actions.yaml": _flood(MAX_PROBLEMS)})
    mine = [p for p in validate([folder], workers=1).problems if p.file.endswith("actions.yaml")]
    assert len(mine) == MAX_PROBLEMS
    assert "too-many-problems" not in {p.code for p in mine}


def test_each_file_has_its_own_cap(make_assessment: Overlay) -> None:
    theme = "themes/use-of-resources.yaml"
    flood = "bvduty: 1\nkind: theme\ntheme: use-of-resources\ncriteria:\n" + "- 1\n" * 300
    folder = make_assessment(files={"actions.yaml": _flood(300), theme: flood})
    report = validate([folder], workers=1)
    by_file: dict[str, int] = {}
    for problem in report.problems:
        by_file[Path(problem.file).name] = by_file.get(Path(problem.file).name, 0) + 1
    assert by_file["actions.yaml"] == by_file["use-of-resources.yaml"] == 201


def test_stdin_is_capped_too() -> None:
    problems = check_file(_flood(250).encode(), "<stdin>")
    assert len(problems) == 201
    assert problems[-1].message == (
        "and 50 more problems in this file (only the first 200 are listed)"
    )


def test_json_output_carries_the_closing_problem(make_assessment: Overlay) -> None:
    folder = make_assessment(files={"actions.yaml": _flood(260)})
    code, stdout, _ = run("validate", str(folder), "--format", "json", "-q")
    assert code == 1
    found = [p for p in json.loads(stdout)["problems"] if p["file"].endswith("actions.yaml")]
    assert len(found) == 201
    assert found[-1]["code"] == "too-many-problems"


def test_a_file_of_too_many_values_is_refused_before_it_is_checked(
    make_assessment: Overlay,
) -> None:
    """Model checks of a million values would cost gigabytes: one problem instead."""
    text = _flood(MAX_VALUES)  # a text and a list entry per item: past the limit
    folder = make_assessment(files={"actions.yaml": text})
    mine = [p for p in validate([folder], workers=1).problems if p.file.endswith("actions.yaml")]
    assert [(p.line, p.column, p.code) for p in mine] == [(1, 1, "too-many-values")]
    assert mine[0].message == (
        "file holds more than 50,000 keys, values and lists; split it into smaller files"
    )


def test_the_reader_refuses_to_build_a_flood() -> None:
    """Five times the limit is refused by the YAML reader itself, on either path (the fast
    reader, and libyaml's when a tab sends the file there), before any data is built."""
    for text in (_flood(300_000), _flood(300_000).replace("- x\n", "- x\t\n", 1)):
        (problem,) = parse_bytes(text.encode(), "f.yaml").problems
        assert problem.code == "too-many-values"
