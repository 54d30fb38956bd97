"""The fast reader agrees with libyaml on every file it accepts, and accepts ordinary files.

`yamlfast.read` builds plain data without libyaml for the simple block YAML bvduty files are
written in, and gives up (None) on anything else, so that the loader reads the file with libyaml
as before. Its one duty is agreement: whenever it gives data, libyaml's path must give the same
data (same types, same key order) and no problem at all. Hypothesis writes documents in many
YAML styles, valid and not, and mutates real files; the shipped and benchmark files must also be
read by the fast path, or validation silently slows to the old speed.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bvduty import yamlfast
from bvduty.yamlload import _readable, parse_bytes
from conftest import BASE, CASES, EXAMPLE

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import make_corpus

MANY = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _libyaml(raw: bytes) -> Any:
    """What the loader gives without the fast path: (data, problems)."""
    with mock.patch.object(yamlfast, "read", return_value=None):
        parsed = parse_bytes(raw, "f.yaml")
    return parsed.data, parsed.problems


def _same(a: Any, b: Any) -> bool:
    """Equal, with the same types and the same key order everywhere."""
    return json.dumps(a) == json.dumps(b) and type(a) is type(b)


def _check(text: str) -> Any:
    """The fast reader's data, after checking that libyaml agrees with it."""
    raw = text.encode("utf-8")
    fast = yamlfast.read(text) if _readable(raw) else None
    if fast is not None:
        data, problems = _libyaml(raw)
        assert problems == (), (text, problems)
        assert _same(fast, data), (text, fast, data)
        assert _same(parse_bytes(raw, "f.yaml").data, data)
    return fast


# --- real files ------------------------------------------------------------------------------

REAL = sorted(
    path
    for root in (BASE, EXAMPLE, CASES, Path(__file__).parents[1] / "src/bvduty/frameworks")
    for path in root.rglob("*.yaml")
)


def test_real_files_agree_and_valid_ones_take_the_fast_path() -> None:
    taken = 0
    for path in REAL:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        if _check(text) is not None:
            taken += 1
    shipped = [p for p in REAL if CASES not in p.parents]
    for path in shipped:  # every file we ship is plain block YAML: none may need libyaml
        assert yamlfast.read(path.read_text("utf-8")) is not None, path
    assert taken > len(shipped)


def test_every_benchmark_shape_takes_the_fast_path() -> None:
    """The corpus generator's files, in every shape, are read without libyaml."""
    for shape in make_corpus.SHAPES:
        for index in range(3):
            _, files = make_corpus.authority_files(2025, index, shape)
            for name, text in files.items():
                assert _check(text) is not None, (shape, name)


# --- hand-written edge cases -------------------------------------------------------------------

TRICKY = [
    "k: |\n  text\n      \nn: x\n",  # a last line of spaces past the indentation is text
    "k: >-\n  text\n      \nn: x\n",
    "k: |\n  text\n\n\nn: x\n",  # blank lines after the text: clipped to one break
    "k: |\n  text\n\n  more\n",
    "k: >\n  one\n  two\n\n  three\n\n\n  four\n",  # folding: a space, or the breaks
    "k: >\n  one\n    more\n",  # a line indented further (folded: left to libyaml)
    "k: |\n  one\n    more\n   \n  end",  # no final line break: nothing to clip
    "k: |-\n  a # not a comment\n  b: not a key\n",
    "k: a # comment\nl: 'it''s' # c\nm: \"#not\" #c\n",
    "k: a\n  b\n\n  c\nn: d\n",  # a plain scalar over lines, and a blank line in it
    "k:\n  text on the next line\n  and the one after\n",
    "k:\n- a\n- b: c\n  d: e\nn: 1\n",  # a list at its key's indentation
    "- a\n",
    "k:\n  - - a\n",
    "k: [a, b , c]\nl: []\nm: {}\nn: {id: a, evidence: [E1, E2], t: 'x'}\n",
    "k: ~\nl: null\nm: Null\nn: NULL\no:\np: ''\n",
    "---\nk: v\n",
    "--- # doc\nk: v\n...\n",
    "k: v\r\nl: w\r\n",
    "k: v\rl: w\n",
    "k: v\n# comment\n  # indented comment\nl: w\n",
    "k: v\n    # more-indented comment after a value\nl: w\n",
    "a:\n  b:\n    c: d\n  e: f\n",
    "a:\n    b: c\n  d: e\n",  # a key between two indentations
    "k: a: b\n",
    "k: a:\n",
    "k: 'a\n  b'\n",
    'k: "a\\tb"\n',
    "k: v\nk: w\n",
    "k: &a v\nl: *a\n",
    "k: !!str v\n",
    "k:\tv\n",
]


def test_hand_written_edge_cases_agree_with_libyaml() -> None:
    accepted = [text for text in TRICKY if _check(text) is not None]
    assert len(accepted) >= 12, accepted  # many exercise the reader, not its refusal


# --- generated documents -----------------------------------------------------------------------

_PLAIN_WORDS = [
    "a", "Audit & Governance", "rating", "E001", "null", "Null", "~", "yes", "on", "1", "0x1F",
    "2025-01-31", "x y", "£5 (net)", "it's", "\u2019quoted\u2019", "a:b", "a#b", "é", "a  b",
    "C# / .NET", "x, y", "x]", "50%", "a - b", "a? b", "NULL",
]  # fmt: skip
_ODD_WORDS = [
    "", "-1", "a: b", "a #b", "#x", "- x", "-", "?", ": x", "[x]", "{x}", "&a", "*a", "!x",
    "!!str x", "|", ">", "%x", "@x", "`x", '"q"', "'q'", "\\n", "<<", "---", "...", "  lead",
    "trail  ", "x:", "x :", "#", "ok # note", "tab\there", "cr\rhere", "nel\x85", "bom\ufeff",
]  # fmt: skip
_PLAIN_KEYS = ["id", "title", "rating", "kind", "a", "b", "_x", "due-date", "null", "y"]
_ODD_KEYS = ["<<", "x y", '"q"', "? k", "k:", "-k", "1", "é"]
_COMMENT = ["", "", "", "  # c", " #c", " # : - [", "#tight"]


def _word(r: random.Random) -> str:
    return r.choice(_ODD_WORDS if r.random() < 0.15 else _PLAIN_WORDS)


def _key(r: random.Random) -> str:
    return r.choice(_ODD_KEYS if r.random() < 0.05 else _PLAIN_KEYS)


def _scalar(r: random.Random, indent: int) -> list[str]:
    """A scalar written in a random style: the first line's text, then any further lines."""
    word = _word(r)
    style = r.randrange(9)
    if style == 0:
        return [f"'{word.replace(chr(39), chr(39) * 2) if r.random() < 0.8 else word}'"]
    if style == 1:
        return [f'"{word}"']
    if style in (2, 3):
        header = r.choice([">", ">-", "|", "|-", "|+", ">+", "|2", ">-  # c", "|#c"])
        pad = " " * (indent + r.choice([1, 2, 2, 4]))
        lines = [header]
        for _ in range(r.randrange(0, 4)):
            extra = " " * r.choice([0, 0, 0, 1, 2]) if r.random() < 0.3 else ""
            blank = r.choice(["", pad[: r.randrange(len(pad) + 1)], pad + "   "])
            lines.append(r.choice([blank, pad + extra + word]))
        lines.append(pad + _word(r))
        if r.random() < 0.3:  # blank lines after the text: kept, dropped, or text of spaces
            lines.append(r.choice(["", pad, pad + "  ", pad[:1]]))
        return lines
    if style == 4:  # a plain scalar over several lines
        pad = " " * (indent + r.choice([0, 1, 2, 3]))
        more = [r.choice(["", pad + _word(r)]) for _ in range(r.randrange(1, 3))]
        return [word + r.choice(_COMMENT[:2]), *more]
    if style == 5:
        items = ", ".join(r.choice(["E1", "x", "null", "a b", "'q'", "[x]", ""]) for _ in "ab")
        return [r.choice([f"[{items}]", "[]", "[ ]", "{}", "{ }", f"[ {items} ]"])]
    if style == 6:
        pairs = ", ".join(f"{_key(r)}: {_word(r)}" for _ in range(2))
        items = r.choice(["[E1, E2]", "[]", "[ x ]", "[a b]", "[null,x]", "[x,]", "['q']"])
        return [
            r.choice(
                [
                    f"{{{pairs}}}",
                    '{id: a, colour: "#fff"}',
                    "{a: 'b', c: d}",
                    f"{{id: E1, evidence: {items}, rating: {_word(r)}}}",
                    f"{{criteria: {items}}}",
                ]
            )
        ]
    return [word + r.choice(_COMMENT)]


def _node(r: random.Random, indent: int, depth: int) -> tuple[str, list[str]]:
    """(what follows `key:` or `-` on its line, the lines below), for a random value."""
    kind = r.randrange(6) if depth < 4 else 5
    step = r.choice([1, 2, 2, 2, 3, 4])
    if kind == 0:  # a block mapping below
        return r.choice(["", " # c"]), _mapping(r, indent + step, depth + 1)
    if kind == 1:  # a block list below, indented or at the key's own indentation
        at = indent + r.choice([0, step])
        return "", _sequence(r, at, depth + 1)
    if kind == 2:  # nothing: null, maybe with comments and blank lines
        return r.choice(["", "  # empty"]), r.choice([[], [""], [" " * indent + "# c"]])
    first, *more = _scalar(r, indent)
    return " " + first, more


def _mapping(r: random.Random, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    keys = [_key(r) for _ in range(r.randrange(1, 5))]
    for key in keys:
        pad = " " * indent
        if r.random() < 0.1:
            lines.append(r.choice(["", " " * r.randrange(8), pad + "# note", "# left"]))
        head, below = _node(r, indent, depth)
        lines.append(f"{pad}{key}:{head}".rstrip(" ") if not head.strip() else f"{pad}{key}:{head}")
        lines += below
    return lines


def _sequence(r: random.Random, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(r.randrange(1, 4)):
        pad = " " * indent
        if r.random() < 0.4:  # `- key: value` with the rest of the mapping lined up
            gap = r.choice([1, 1, 2])
            inner = _mapping(r, indent + 1 + gap, depth + 1)
            lines.append(pad + "-" + " " * gap + inner[0].lstrip(" "))
            lines += inner[1:]
        else:
            head, below = _node(r, indent, depth)
            lines.append(f"{pad}-{head}")
            lines += below
    return lines


def _document(seed: int) -> str:
    r = random.Random(seed)
    lines = _mapping(r, 0, 0)
    if r.random() < 0.2:
        lines.insert(0, r.choice(["---", "--- # c", "# top", "", "%YAML 1.1\n---"]))
    if r.random() < 0.1:
        lines.append(r.choice(["...", "---", "  # end", "x"]))
    if r.random() < 0.1:  # shift a line's indentation by one space either way
        at = r.randrange(len(lines))
        lines[at] = (" " + lines[at]) if r.random() < 0.5 else lines[at][1:]
    end = r.choice(["\n", "\n", "", "\n\n", "\n  \n"])
    text = "\n".join(lines) + end
    return text.replace("\n", "\r\n") if r.random() < 0.1 else text


@MANY
@given(st.integers(0, 2**32))
@example(1)
def test_generated_documents_agree_with_libyaml(seed: int) -> None:
    _check(_document(seed))


def test_generated_documents_are_mostly_read_fast() -> None:
    """The generator must reach the fast path often, or the test above checks little."""
    taken = sum(yamlfast.read(_document(seed)) is not None for seed in range(400))
    assert taken >= 80, taken


# --- mutated real files -----------------------------------------------------------------------

SEEDS = [p.read_text("utf-8") for p in REAL if CASES not in p.parents]


@MANY
@given(st.data())
def test_mutated_files_agree_with_libyaml(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(SEEDS))
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(lines) - 1))
        kind = data.draw(st.integers(0, 5))
        if kind == 0:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[at])
        elif kind == 2:
            lines[at] = " " * data.draw(st.integers(1, 3)) + lines[at]
        elif kind == 3:
            lines[at] = lines[at][data.draw(st.integers(1, 3)) :]
        elif kind == 4:
            column = data.draw(st.integers(0, len(lines[at])))
            piece = data.draw(st.sampled_from([": ", " #", "-", "'", '"', "[", "]", "{", "  ", ""]))
            lines[at] = lines[at][:column] + piece + lines[at][column:]
        else:
            lines[at] = lines[at].rstrip(" ") + data.draw(st.sampled_from(["  ", " # c", ":"]))
    _check("\n".join(lines))


def test_refused_characters_match_the_loader() -> None:
    """The byte-level check that admits a file to the fast path finds exactly the characters
    the loader's own pattern refuses (a file with one must go to libyaml for its message)."""
    from bvduty.yamlload import _UNREADABLE

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"a{chr(code)}b"
        assert _readable(text.encode("utf-8")) == (_UNREADABLE.search(text) is None), hex(code)


def test_a_valid_assessment_is_never_composed_into_nodes() -> None:
    """Nodes are built only to place a problem: a valid folder's files are read by the fast
    reader alone (composing every file cost as much as a bare parse of the corpus)."""
    from bvduty import yamlload
    from bvduty.core import validate

    with mock.patch.object(yamlload, "_NodeLoader", side_effect=AssertionError("composed")):
        report = validate([EXAMPLE], workers=1)
    assert report.files == len(list(EXAMPLE.rglob("*.yaml")))
    assert [p for p in report.problems if p.severity.value == "error"] == []
