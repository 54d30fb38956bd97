"""The loader and the folder pipeline never crash and always say where a problem is.

Hypothesis feeds `yamlload.parse_bytes` and `core.validate` random bytes, random text and the
example files mutated in the ways real files go wrong (lines lost or doubled, bad indentation,
truncation, stray tags, anchors, deep nesting, control characters, BOMs, Latin-1, CRLF). Whatever
comes in, the answer is a valid result or problems that each have a code, a message and a place
inside the file. Deterministic tests below pin the hardening rules one by one.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bvduty import yamlfast
from bvduty.core import validate
from bvduty.discover import discover
from bvduty.errors import Problem
from bvduty.load import load_assessment
from bvduty.model import ThemeFile
from bvduty.store import MAX_FILE_BYTES
from bvduty.yamlload import MAX_DEPTH, parse_bytes
from conftest import BASE, CASES, EXAMPLE, Overlay

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SEEDS: dict[str, bytes] = {
    path.relative_to(root.parent).as_posix(): path.read_bytes()
    for root in (BASE, EXAMPLE)
    for path in sorted(root.rglob("*.yaml"))
}
BASE_FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*.yaml"))
_BREAK = re.compile(r"\r\n|\r|\n")


# --- what every answer must look like ---------------------------------------------------------


def _lines(raw: bytes) -> list[str]:
    """The file's lines as an editor shows them: split at LF, CRLF or CR, after any BOM."""
    return _BREAK.split(raw.decode("utf-8-sig", errors="replace"))


def _assert_placed(problem: Problem, raw: bytes) -> None:
    """A problem names a code, says something, and points at a place that exists in `raw`."""
    assert problem.code, problem
    assert problem.message.strip(), problem
    assert problem.line >= 1, problem
    assert problem.column >= 1, problem
    lines = _lines(raw)
    count = len(lines) - (1 if lines[-1] == "" else 0)
    assert problem.line <= count + 1, (problem, count)
    if problem.line <= len(lines):
        assert problem.column <= len(lines[problem.line - 1]) + 1, (problem, lines)
    else:  # the end of a file with no final newline
        assert problem.column == 1, problem


def _assert_plain(value: Any, depth: int = 0) -> None:
    """Loaded data is only mappings with text keys, lists, text and None: nothing constructed."""
    assert depth <= MAX_DEPTH + 1
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            _assert_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item, depth + 1)
    else:
        assert value is None or isinstance(value, str), repr(value)


def _check_loader(raw: bytes) -> None:
    parsed = parse_bytes(raw, "fuzzed.yaml")
    for problem in parsed.problems:
        assert problem.file == "fuzzed.yaml"
        _assert_placed(problem, raw)
    if not parsed.problems:
        assert parsed.root is not None
        _assert_plain(parsed.data)


def _check_pipeline(raw: bytes, name: str) -> None:
    """Validate the base assessment with `name` replaced by (or added as) `raw`."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "assessment"
        shutil.copytree(BASE, folder)
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        report = validate([folder], workers=1)
        assert report.valid == (not [p for p in report.problems if p.severity == "error"])
        for problem in report.problems:
            where = Path(problem.file).resolve()
            assert where == folder.resolve() or folder.resolve() in where.parents, problem
            if where.is_file():
                _assert_placed(problem, where.read_bytes())
            else:  # a problem with the folder itself (no manifest)
                assert (problem.line, problem.column) == (1, 1), problem
                assert problem.code and problem.message, problem


# --- mutations of real files -----------------------------------------------------------------

_TAGS = [
    b"!!python/object:os.system ",
    b"!!python/object/apply:os.system [echo pwned] ",
    b"!!python/name:os.system ",
    b"!!binary ",
    b"!!set ",
    b"!local ",
    b"!<tag:example.com,2024:x> ",
    b"!!str ",
    b"!!map ",
    b"!!seq ",
]
# Values of every shape, to land on fields that want something else.
_VALUES = [
    b"[]",
    b"{}",
    b"~",
    b'""',
    b"[a, b]",
    b"{a: 1}",
    b"[[x]]",
    b"{id: x, title: y}",
    b"- x",
    b"1",
    b"-1",
    b"2025-13-45",
    b"31/01/2025",
    b"done",
    b"green",
    b"NO",
    b"x y, z",
    b"|\n  text",
    b">-",
    b"E001",
    b"R001",
    b"A01",
    b"use-of-resources",
    b"assessment",
]
_CONTROL = [bytes([c]) for c in (*range(9), 11, 12, *range(14, 32), 127)]
_ODD_CHARACTERS = [
    b"\xef\xbb\xbf",  # a BOM
    "\u0085".encode(),  # NEL, which YAML 1.1 reads as a line break
    "\u2028".encode(),  # LINE SEPARATOR
    "\u202e".encode(),  # RIGHT-TO-LEFT OVERRIDE
    b"\x1b[31m",  # an ANSI escape
    "\u00a3\u2019\u2013".encode(),  # everyday non-ASCII: pound sign, curly quote, dash
]


def _line_bounds(data: st.DataObject, lines: list[bytes]) -> int:
    return data.draw(st.integers(0, max(len(lines) - 1, 0)))


def _mutate(data: st.DataObject, raw: bytes) -> bytes:
    """One mutation of the kind that happens to hand-edited files."""
    lines = raw.split(b"\n")
    kind = data.draw(
        st.sampled_from(
            [
                "delete-line",
                "duplicate-line",
                "swap-lines",
                "insert-text",
                "indent",
                "truncate",
                "tag",
                "anchor-alias",
                "deep-nesting",
                "long-line",
                "control",
                "odd-character",
                "bom",
                "latin-1",
                "crlf",
                "cr",
                "replace-value",
                "rename-key",
            ]
        ),
        label="mutation",
    )
    at = data.draw(st.integers(0, len(raw)), label="offset")
    if kind == "delete-line" and lines:
        del lines[_line_bounds(data, lines)]
    elif kind == "duplicate-line" and lines:
        index = _line_bounds(data, lines)
        lines.insert(index, lines[index])
    elif kind == "swap-lines" and len(lines) > 1:
        i, j = _line_bounds(data, lines), _line_bounds(data, lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "insert-text":
        text = data.draw(st.text(max_size=8), label="inserted").encode()
        return raw[:at] + text + raw[at:]
    elif kind == "indent" and lines:
        index = _line_bounds(data, lines)
        stripped = lines[index].lstrip(b" ")
        prefix = data.draw(st.sampled_from([b"", b" ", b"   ", b"\t", b"      "]))
        lines[index] = prefix + stripped
    elif kind == "truncate":
        return raw[:at]
    elif kind == "tag":
        return _before_value(data, lines, data.draw(st.sampled_from(_TAGS)))
    elif kind == "anchor-alias":
        anchored = _before_value(data, lines, b"&shared ")
        return anchored + b"\nextra: *shared\n"
    elif kind == "deep-nesting":
        depth = data.draw(st.integers(1, 1200), label="depth")
        return _before_value(data, lines, b"[" * depth + b"x" + b"]" * depth + b" #")
    elif kind == "long-line":
        size = data.draw(st.integers(1_000, 200_000), label="length")
        return _before_value(data, lines, b"y" * size + b" ")
    elif kind == "control":
        return raw[:at] + data.draw(st.sampled_from(_CONTROL)) + raw[at:]
    elif kind == "odd-character":
        return raw[:at] + data.draw(st.sampled_from(_ODD_CHARACTERS)) + raw[at:]
    elif kind == "bom":
        return codecs.BOM_UTF8 + raw
    elif kind == "latin-1":
        return raw[:at] + "café £5 ½".encode("latin-1") + raw[at:]
    elif kind == "crlf":
        return raw.replace(b"\n", b"\r\n")
    elif kind == "cr":
        return raw.replace(b"\n", b"\r")
    elif kind == "replace-value" and lines:
        index = _line_bounds(data, lines)
        key, colon, _ = lines[index].partition(b": ")
        if colon:
            lines[index] = key + colon + data.draw(st.sampled_from(_VALUES), label="value")
    elif kind == "rename-key" and lines:
        index = _line_bounds(data, lines)
        key, colon, rest = lines[index].partition(b":")
        typo = data.draw(st.sampled_from([b"s", b"_", b"", b"1", b"X", b"-id"]), label="typo")
        lines[index] = key[:-1] + typo + colon + rest
    return b"\n".join(lines)


def _before_value(data: st.DataObject, lines: list[bytes], insert: bytes) -> bytes:
    """Put `insert` just after the first `: ` or `- ` of a random line (or at its start)."""
    index = _line_bounds(data, lines)
    line = lines[index]
    found = max(line.find(b": "), line.find(b"- "))
    cut = found + 2 if found >= 0 else 0
    lines[index] = line[:cut] + insert + line[cut:]
    return b"\n".join(lines)


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    raw = SEEDS[draw(st.sampled_from(sorted(SEEDS)), label="seed")]
    data = draw(st.data())
    for _ in range(draw(st.integers(1, 3), label="mutations")):
        raw = _mutate(data, raw)
    return raw


_YAMLISH = st.text(
    alphabet=st.sampled_from(
        [*"abc019 \t\n\r-:?,[]{}#&*!|>'\"%@`~.", "\u00e9", "\u0085", "\u2028", "\x00"]
    ),
    max_size=200,
)


# --- the properties ---------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2000))
@example(b"\xff\xfe\x00b\x00v")  # UTF-16
@example(b"\xef\xbb\xbf\xe9")  # a BOM, then Latin-1
def test_loader_survives_random_bytes(raw: bytes) -> None:
    _check_loader(raw)


@FUZZ
@given(st.one_of(st.text(max_size=500), _YAMLISH))
def test_loader_survives_random_text(text: str) -> None:
    _check_loader(text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(mutated_files())
def test_loader_survives_mutated_examples(raw: bytes) -> None:
    _check_loader(raw)


@FUZZ
@given(
    st.one_of(mutated_files(), st.binary(max_size=500), _YAMLISH.map(str.encode)),
    st.sampled_from([*BASE_FILES, "extra/fuzzed.yaml"]),
)
def test_pipeline_survives_a_fuzzed_file(raw: bytes, name: str) -> None:
    _check_pipeline(raw, name)


@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_control_character_is_reported_where_it_is(seed: str, data: st.DataObject) -> None:
    """A stray control character is reported at its own line and column, after any text."""
    text = SEEDS[seed].decode("utf-8")
    at = data.draw(st.integers(0, len(text)))
    character = data.draw(
        st.sampled_from(
            [chr(c) for c in (1, 7, 8, 11, 12, 27, 127, 0x80, 0x9F, 0x85, 0x2028, 0x2029, 0xFFFE)]
        )
    )
    raw = (text[:at] + character + text[at:]).encode()
    problems = parse_bytes(raw, "f.yaml").problems
    assert len(problems) == 1, problems
    before = _BREAK.split(text[:at])
    assert (problems[0].line, problems[0].column) == (len(before), len(before[-1]) + 1)
    assert problems[0].code == "yaml-syntax"
    assert f"U+{ord(character):04X}" in problems[0].message


@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.data(), st.booleans())
def test_bad_utf8_is_reported_where_it_is(seed: str, data: st.DataObject, bom: bool) -> None:
    """A Latin-1 byte is reported at its character column, with or without a BOM before it."""
    text = SEEDS[seed].decode("utf-8") + "Caf\u00e9 \u2013 \u00a3"
    at = data.draw(st.integers(0, len(text)))
    raw = (codecs.BOM_UTF8 if bom else b"") + text[:at].encode() + b"\xe9" + text[at:].encode()
    problems = parse_bytes(raw, "f.yaml").problems
    assert [p.code for p in problems] == ["encoding"]
    before = _BREAK.split(text[:at])
    assert (problems[0].line, problems[0].column) == (len(before), len(before[-1]) + 1)
    assert "0xe9" in problems[0].message


# --- the hardening rules, one by one ----------------------------------------------------------


def test_python_tags_are_never_constructed(
    monkeypatch: pytest.MonkeyPatch, make_assessment: Overlay
) -> None:
    def called(*args: object) -> int:
        pytest.fail(f"os.system was called with {args!r}")

    monkeypatch.setattr(os, "system", called)
    raw = b"title: !!python/object/apply:os.system ['echo pwned']\n"
    parsed = parse_bytes(raw, "f.yaml")
    assert parsed.data == {"title": None}
    assert [(p.line, p.column, p.code) for p in parsed.problems] == [(1, 8, "yaml-tag")]
    assert "!!python/object/apply:os.system" in parsed.problems[0].message

    folder = make_assessment(overlay=CASES / "invalid" / "python-tag")
    report = validate([folder], workers=1)
    assert [(Path(p.file).name, p.line, p.column, p.code) for p in report.problems] == [
        ("actions.yaml", 5, 12, "yaml-tag")
    ]


@pytest.mark.parametrize(
    ("written", "loaded"),
    [
        ("NO", "NO"),
        ("on", "on"),
        ("Off", "Off"),
        ("yes", "yes"),
        ("0012", "0012"),
        ("1.10", "1.10"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("12:30", "12:30"),  # sexagesimal 750 in YAML 1.1
        ("1e3", "1e3"),
        (".inf", ".inf"),
        ("2025-01-31", "2025-01-31"),
        ("'~'", "~"),
        ('""', ""),
        ("None", "None"),
        ("~", None),
        ("null", None),
        ("", None),
    ],
)
def test_scalars_stay_the_text_they_look_like(written: str, loaded: str | None) -> None:
    parsed = parse_bytes(f"value: {written}\n".encode(), "f.yaml")
    assert parsed.problems == ()
    assert parsed.data == {"value": loaded}


def test_yaml11_surprises_stay_strings_through_the_whole_pipeline(
    make_assessment: Overlay,
) -> None:
    folder = make_assessment(overlay=CASES / "valid" / "yaml11-strings")
    (source,) = discover([folder]).sources
    result = load_assessment(source)
    assert result.problems == ()
    assert result.assessment is not None
    theme = next(e.doc for e in result.assessment.themes if e.definition.id == "use-of-resources")
    assert isinstance(theme, ThemeFile)
    assert [c.id for c in theme.criteria] == ["NO", "0012", "R002"]
    assert theme.criteria[0].title == "on"
    assert theme.criteria[0].statement == "1.10"
    assert theme.lead == "on"


def test_null_rating_means_unrated(make_assessment: Overlay) -> None:
    theme = (BASE / "themes" / "use-of-resources.yaml").read_text(encoding="utf-8")
    folder = make_assessment(
        files={"themes/use-of-resources.yaml": theme.replace("rating: amber", "rating: ~")}
    )
    (source,) = discover([folder]).sources
    result = load_assessment(source)
    assert result.assessment is not None, result.problems
    (_, first), (_, second) = result.assessment.criteria()
    assert (first.rating, second.rating) == ("green", None)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_bom_file_loads_like_the_same_file_without_one(
    newline: str, make_assessment: Overlay
) -> None:
    plain = (BASE / "actions.yaml").read_text(encoding="utf-8").replace("\n", newline)
    with_bom = codecs.BOM_UTF8 + plain.encode()
    parsed = parse_bytes(with_bom, "actions.yaml")
    assert parsed.problems == ()
    assert parsed.data == parse_bytes(plain.encode(), "actions.yaml").data

    folder = make_assessment()
    for path in folder.rglob("*.yaml"):
        path.write_bytes(codecs.BOM_UTF8 + path.read_bytes().replace(b"\n", newline.encode()))
    report = validate([folder], workers=1)
    assert report.problems == ()
    assert report.files == len(BASE_FILES)


def test_a_file_over_the_size_cap_is_refused_unread(make_assessment: Overlay) -> None:
    at_cap = b"#" * (MAX_FILE_BYTES - 1) + b"\n"
    assert [p.code for p in parse_bytes(at_cap, "f.yaml").problems] == ["empty-file"]

    over = b"bvduty: 1\nkind: evidence\nevidence: []\n" + b"#" * MAX_FILE_BYTES
    (problem,) = parse_bytes(over, "f.yaml").problems
    assert (problem.line, problem.column, problem.code) == (1, 1, "file-too-large")
    assert f"{MAX_FILE_BYTES:,}" in problem.message

    folder = make_assessment()
    (folder / "evidence.yaml").write_bytes(over)
    report = validate([folder], workers=1)
    assert [(Path(p.file).name, p.code) for p in report.problems] == [
        ("evidence.yaml", "file-too-large")
    ]


def test_nesting_at_the_limit_is_fine_and_one_deeper_is_positioned() -> None:
    # The mapping is level 0, so MAX_DEPTH - 1 brackets reach the deepest allowed level.
    fine = b"value: " + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"\n"
    assert parse_bytes(fine, "f.yaml").problems == ()

    deep = b"value: " + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"\n"
    (problem,) = parse_bytes(deep, "f.yaml").problems
    assert (problem.line, problem.column, problem.code) == (1, 7 + MAX_DEPTH, "too-deep")

    block = "".join(f"{'  ' * level}k:\n" for level in range(MAX_DEPTH + 5)).encode()
    (problem,) = parse_bytes(block, "f.yaml").problems
    assert (problem.line, problem.column, problem.code) == (
        MAX_DEPTH + 1,
        2 * MAX_DEPTH + 1,
        "too-deep",
    )


def test_very_deep_flow_nesting_is_a_positioned_problem_not_a_crash() -> None:
    raw = b"bvduty: 1\nvalue: " + b"[" * 5000 + b"]" * 5000 + b"\n"
    (problem,) = parse_bytes(raw, "f.yaml").problems
    assert problem.line == 2
    assert 8 <= problem.column <= 8 + 5000
    assert problem.code in {"too-deep", "yaml-syntax"}


@pytest.mark.parametrize(
    ("character", "name"),
    [("\u0085", "U+0085"), ("\u2028", "U+2028"), ("\u2029", "U+2029")],
)
def test_yaml11_line_breaks_are_refused_not_obeyed(character: str, name: str) -> None:
    """YAML 1.1 reads NEL, LS and PS as line breaks that editors do not show.

    Obeyed, they would end a comment early (`# note<LS>kind: x` would set `kind`) and shift
    every later line number; refused, the author learns where the invisible character is.
    """
    raw = f"bvduty: 1\n# a note{character}kind: actions\nactions: []\n".encode()
    (problem,) = parse_bytes(raw, "f.yaml").problems
    assert (problem.line, problem.column, problem.code) == (2, 9, "yaml-syntax")
    assert name in problem.message


@pytest.mark.parametrize(
    ("written", "code", "column"),
    [
        ("!!python/name:os.system kind: actions", "yaml-tag", 1),
        ("!local kind: actions", "yaml-tag", 1),
        ("!!null kind: actions", "yaml-key", 1),
        ("? !!binary a2luZA==\n: actions", "yaml-tag", 3),
    ],
)
def test_a_tag_on_a_key_is_refused_like_a_tag_on_a_value(
    written: str, code: str, column: int
) -> None:
    parsed = parse_bytes(f"bvduty: 1\n{written}\n".encode(), "f.yaml")
    assert [(p.line, p.column, p.code) for p in parsed.problems] == [(2, column, code)]
    assert parsed.data == {"bvduty": "1"}


def test_standard_scalar_tags_on_keys_and_values_keep_the_text() -> None:
    parsed = parse_bytes(b"!!str bvduty: !!int 1\nkind: !!str actions\n", "f.yaml")
    assert parsed.problems == ()
    assert parsed.data == {"bvduty": "1", "kind": "actions"}


def test_an_anchor_right_after_a_bom_is_still_refused() -> None:
    (problem,) = parse_bytes(codecs.BOM_UTF8 + b"&top\nbvduty: 1\n", "f.yaml").problems
    assert (problem.line, problem.column, problem.code) == (1, 1, "yaml-alias")


def test_many_duplicate_keys_are_reported_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each duplicate names the line of the first; finding it must not rescan the mapping.

    Rescanning made this 40,000-key file (0.7 MB, well under the size cap) take about a
    minute; remembering first lines takes about as long as reading as many unique keys (1.8
    times, measured). The check compares the two in the same process rather than against a
    clock, so a slower machine or coverage measurement does not change its answer. Both files
    are read by libyaml (a duplicate always is), so the fast reader is kept out of the baseline.
    """
    monkeypatch.setattr(yamlfast, "read", lambda text: None)
    count = 40_000
    keys = "".join(f"k{i}: 1\n" for i in range(count))
    unique = "".join(f"k{i}: 1\n" for i in range(2 * count))
    started = time.perf_counter()
    assert parse_bytes(unique.encode(), "u.yaml").problems == ()
    plain = time.perf_counter() - started
    started = time.perf_counter()
    parsed = parse_bytes((keys + keys).encode(), "f.yaml")
    assert time.perf_counter() - started < 5 * plain
    assert len(parsed.problems) == count
    last = parsed.problems[-1]
    assert (last.line, last.code) == (2 * count, "duplicate-key")
    assert last.message == f"duplicate key 'k{count - 1}' (first on line {count})"


def test_a_version_that_is_not_text_is_a_problem_not_a_crash(make_assessment: Overlay) -> None:
    evidence = (BASE / "evidence.yaml").read_text(encoding="utf-8")
    assert evidence.startswith("bvduty: 1\n")
    for version in ("[1]", "{v: 1}"):
        text = evidence.replace("bvduty: 1", f"bvduty: {version}", 1)
        folder = make_assessment(files={"evidence.yaml": text})
        report = validate([folder], workers=1)
        assert [(Path(p.file).name, p.line, p.column, p.code) for p in report.problems] == [
            ("evidence.yaml", 1, 9, "unsupported-version")
        ]
        shutil.rmtree(folder)


def test_every_seed_file_is_valid_on_its_own() -> None:
    """The mutations start from files that load cleanly, so what they find is theirs."""
    assert len(SEEDS) >= len(BASE_FILES) + 10
    for name, raw in SEEDS.items():
        assert parse_bytes(raw, name).problems == (), name
