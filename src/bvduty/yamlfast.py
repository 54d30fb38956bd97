"""A fast reader for the plain block YAML that bvduty files are written in, or None when unsure.

Why: composing a node tree with libyaml cost half of `bvduty validate` (every scalar became a
node with two marks before it became plain data), more than checking the files themselves.
Nearly every file is block mappings and lists of plain or quoted text, folded prose and
one-line flow lists; this reader builds the plain data of exactly that subset from the lines,
in one pass with no node objects.

It never judges a file. Whatever lies outside the subset (tags, anchors, tabs, escapes, a
duplicate key, odd indentation, a comment where it would need care, an empty document) makes it
give up with None, and `yamlload` reads the file with libyaml as before, which finds and places
every problem. So every rule, message and position stays the loader's; this module only has to
agree with libyaml on the data of the files it accepts, and tests/test_yamlfast.py checks that
agreement on the shipped and generated files and on thousands of generated and mutated ones.
"""

from __future__ import annotations

import re
from typing import Any

# A key as bvduty's fields are named; quoted keys, spaces or '?' are left to libyaml.
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +|$)(.*)")
_ITEM = r"[A-Za-z0-9][A-Za-z0-9_./-]*"
_FLOW_LIST = re.compile(rf"\[ *((?:{_ITEM} *(?:, *{_ITEM} *)*)?)\](?: +#.*| *)")
_COMMA = re.compile(r" *, *")
_EMPTY_MAP = re.compile(r"\{ *\}(?: +#.*| *)")
# One `key: value` of a one-line flow mapping (text, or a flow list), and the ',' or '}' after.
_PAIR = re.compile(
    r" *([A-Za-z_][A-Za-z0-9_-]{0,127}): +"
    r"(?:\"([^\"\\]*)\"|'((?:[^']|'')*)'"
    rf"|\[ *((?:{_ITEM} *(?:, *{_ITEM} *)*)?)\]"
    r"|([^ ,\[\]{}#:\"'&*!|>%@`?-][^,\[\]{}#:\"']*?))"
    r" *([,}])"
)
_LINE_END = re.compile(r"(?: +#.*| *)")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*| *)')
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)")
_BLOCK = re.compile(r"([|>])(-?)(?: +#.*| *)")
_DOCUMENT_START = re.compile(r"---(?: +#.*| *)")
# Characters that may not start a plain scalar, or start one only in ways left to libyaml.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_MAX_DEPTH = 40  # well inside the loader's own limit, which libyaml's path enforces and reports
_ANY = 1 << 30


class _GiveUp(Exception):
    """The text is outside the subset: let libyaml read it."""


def read(text: str) -> dict[str, Any] | None:
    """The plain data of a YAML mapping document in the simple block subset, else None.

    The caller has checked that `text` holds no character YAML refuses. Tabs, carriage returns
    other than in CRLF, and everything not in the module docstring's subset give None.
    """
    if "\t" in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    lines = text.split("\n")
    broken = lines[-1] == ""  # the text ends with a line break
    if broken:
        lines.pop()
    try:
        return _read(lines, broken)
    except _GiveUp:
        return None


def _read(lines: list[str], broken: bool) -> dict[str, Any]:
    """One pass over the lines with a stack of open blocks.

    Why one long function: a call per value or per line was most of this reader's cost, and
    the common line, `key: value` in the mapping being read, takes the shortest path.
    """
    count = len(lines)
    key_match = _KEY.match
    i = _first_content(lines)
    if i < count and _DOCUMENT_START.fullmatch(lines[i]):
        i = _first_content(lines, i + 1)
    if i == count or lines[i][:1] == " " or not key_match(lines[i]):
        raise _GiveUp
    root: dict[str, Any] = {}
    # The innermost open block: its container, indentation, kind, and whether it is a list
    # written at its mapping's own indentation (which a key at that indentation ends).
    top: Any = root
    top_indent = 0
    is_map = True
    indentless = False
    stack: list[tuple[Any, int, bool, bool]] = []
    pending = False  # the last key or `-` had no value on its line; a block may follow below
    pending_key = ""
    limit = _ANY  # the next line that is not blank, comments too, may be indented this much
    plain_at = -1  # the line of a plain scalar that may go on below, or -1
    plain_key: str | None = None  # where that scalar is: a key of `top`, or None (last item)
    plain_text = ""
    value: Any
    while i < count:
        line = lines[i]
        text = line.lstrip(" ")
        indent = len(line) - len(text)
        if not text or text[0] == "#":
            if text and indent > limit:
                raise _GiveUp
            i += 1
            continue
        if indent > limit:
            if plain_at < 0:
                raise _GiveUp
            value, i = _continued(lines, plain_at, plain_text, limit)
            if plain_key is None:
                top[-1] = value
            else:
                top[plain_key] = value
            plain_at = -1
            continue
        limit = _ANY
        plain_at = -1
        found = None
        if pending or not is_map or indent != top_indent:
            # Anything but another key of the mapping being read: a block opening below a
            # key or `-`, blocks closing, or a list entry.
            dash = text == "-" or text[:2] == "- "
            if pending:
                pending = False
                if indent > top_indent:
                    if dash:
                        new: Any = []
                    elif key_match(text):
                        new = {}
                    else:  # a plain scalar starting on the line below its key or `-`
                        value = _plain_line(text)
                        if is_map:
                            top[pending_key] = value
                        else:
                            top[-1] = value
                        limit, plain_at, plain_text = top_indent, i, text.rstrip(" ")
                        plain_key = pending_key if is_map else None
                        i += 1
                        continue
                    if is_map:
                        top[pending_key] = new
                    else:
                        top[-1] = new
                    stack.append((top, top_indent, is_map, indentless))
                    if len(stack) > _MAX_DEPTH:
                        raise _GiveUp
                    top, top_indent, is_map, indentless = new, indent, not dash, False
                elif is_map and dash and indent == top_indent:
                    new = []
                    top[pending_key] = new
                    stack.append((top, top_indent, is_map, indentless))
                    top, is_map, indentless = new, False, True
            while indent < top_indent or (indentless and indent == top_indent and not dash):
                top, top_indent, is_map, indentless = stack.pop()
            if indent != top_indent:
                raise _GiveUp
            if not is_map:
                if not dash:
                    raise _GiveUp
                rest = text[2:].lstrip(" ")
                if rest == "-" or rest[:2] == "- ":
                    raise _GiveUp
                found = key_match(rest) if rest else None
                if found is None:
                    top.append(None)
                else:  # `- key: value`: a mapping whose keys line up with this first one
                    new = {}
                    top.append(new)
                    stack.append((top, top_indent, is_map, indentless))
                    if len(stack) > _MAX_DEPTH:
                        raise _GiveUp
                    top_indent = len(line) - len(rest)
                    top, is_map, indentless = new, True, False
        key = ""
        if is_map:
            if found is None:
                found = key_match(text)
                if found is None:
                    raise _GiveUp
            key, rest = found.groups()
            if key in top:
                raise _GiveUp
        # The value on this line: `rest`, owned by `top` at `top_indent`.
        if not rest:
            first = "#"
        else:
            first = rest[0]
            if first not in _NOT_PLAIN_START:  # plain text, by far the most common value
                if " #" in rest:
                    text = rest.partition(" #")[0].rstrip(" ")
                else:
                    text = rest.rstrip(" ")
                    plain_at, plain_text = i, text
                    plain_key = key if is_map else None
                if ": " in text or text[-1] == ":":
                    raise _GiveUp
                value = None if text in _NULLS else text
                if is_map:
                    top[key] = value
                else:
                    top[-1] = value
                limit = top_indent
                i += 1
                continue
        if first == "#":
            if is_map:
                top[key] = None
            pending = True
            pending_key = key
            i += 1
            continue
        if first == "|" or first == ">":
            value, i = _block_scalar(lines, i + 1, rest, top_indent, broken)
        else:
            if first == '"':
                found = _DOUBLE.fullmatch(rest)
                if found is None:
                    raise _GiveUp
                value = found.group(1)
            elif first == "'":
                found = _SINGLE.fullmatch(rest)
                if found is None:
                    raise _GiveUp
                value = found.group(1).replace("''", "'")
            elif first == "[":
                value = _flow_list(rest)
            elif first == "{":
                value = _flow_map(rest)
            else:
                raise _GiveUp
            i += 1
        limit = top_indent
        if is_map:
            top[key] = value
        else:
            top[-1] = value
    return root


def _first_content(lines: list[str], start: int = 0) -> int:
    """The index of the first line from `start` that is neither blank nor a comment."""
    for i in range(start, len(lines)):
        text = lines[i].lstrip(" ")
        if text and text[0] != "#":
            return i
    return len(lines)


def _plain_line(text: str) -> str | None:
    """A plain scalar that fills its line (no comment after it)."""
    if text[0] in _NOT_PLAIN_START or " #" in text:
        raise _GiveUp
    text = text.rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _GiveUp
    return None if text in _NULLS else text


def _continued(lines: list[str], start: int, first: str, n: int) -> tuple[str | None, int]:
    """A plain scalar that began on line `start` as `first` and goes on below, on lines
    indented more than n: lines join with a space, and blank lines between become breaks."""
    parts = [first]
    count = len(lines)
    i = start + 1
    while True:
        blanks = 0
        while i < count and not lines[i].strip(" "):
            i += 1
            blanks += 1
        if i == count:
            break
        text = lines[i].lstrip(" ")
        if len(lines[i]) - len(text) <= n:
            break
        if text[0] in _NOT_PLAIN_START or " #" in text:
            raise _GiveUp
        text = text.rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise _GiveUp
        parts.append("\n" * blanks if blanks else " ")
        parts.append(text)
        i += 1
    return "".join(parts), i


def _flow_list(rest: str) -> list[str | None]:
    found = _FLOW_LIST.fullmatch(rest)
    if found is None:
        raise _GiveUp
    return _items(found.group(1))


def _items(inner: str) -> list[str | None]:
    """The items between a flow list's brackets, already checked against _ITEM."""
    inner = inner.rstrip(" ")
    items = _COMMA.split(inner) if inner else []
    return [None if item in _NULLS else item for item in items]


def _flow_map(rest: str) -> dict[str, Any]:
    """`{}`, or `{key: value, ...}` on one line: plain or quoted text, or flow lists."""
    if _EMPTY_MAP.fullmatch(rest):
        return {}
    result: dict[str, Any] = {}
    position = 1
    while True:
        found = _PAIR.match(rest, position)
        if found is None:
            raise _GiveUp
        key, double, single, inner, plain, end = found.groups()
        if key in result:
            raise _GiveUp
        if double is not None:
            result[key] = double
        elif single is not None:
            result[key] = single.replace("''", "'")
        elif inner is not None:
            result[key] = _items(inner)
        else:
            plain = plain.rstrip(" ")
            result[key] = None if plain in _NULLS else plain
        position = found.end()
        if end == "}":
            break
    if _LINE_END.fullmatch(rest, position) is None:
        raise _GiveUp
    return result


def _block_scalar(
    lines: list[str], start: int, header: str, n: int, broken: bool
) -> tuple[str, int]:
    """`|` or `>`, maybe with `-`, whose lines start at `start`: (the text, the next line).

    Content lines share one indentation (`|` may indent further); leading blank lines, an
    empty scalar, `+` and indentation digits are left to libyaml. Why whole-text operations:
    a block of prose is most lines of most files, and a step per line cost most of reading it.
    """
    found = _BLOCK.fullmatch(header)
    count = len(lines)
    if found is None or start == count:
        raise _GiveUp
    text = lines[start].lstrip(" ")
    indent = len(lines[start]) - len(text)
    if not text or indent <= n:
        raise _GiveUp
    pad = " " * indent
    end = start + 1
    while end < count:
        line = lines[end]
        if not line.startswith(pad) and line.strip(" "):
            text = line.lstrip(" ")
            if len(line) - len(text) > n:
                raise _GiveUp
            break
        end += 1
    last = end - 1
    while not lines[last].strip(" "):  # trailing blank lines belong to no content...
        if len(lines[last]) > indent:  # ...unless spaces run past the indentation
            raise _GiveUp
        last -= 1
    joined = "\n".join([line[indent:] for line in lines[start : last + 1]])
    literal = found.group(1) == "|"
    # A line indented further, or blank with spaces past the indentation (left to libyaml).
    if "\n " in joined and (
        not literal
        or any(line.startswith(pad + " ") and not line.strip(" ") for line in lines[start:last])
    ):
        raise _GiveUp
    if literal:
        value = joined
    elif "\n\n" in joined:  # blank lines: one break each; a lone break folds to a space
        value = _BREAKS.sub(_fold, joined)
    else:
        value = joined.replace("\n", " ")
    if found.group(2) != "-" and (last < count - 1 or broken):
        value += "\n"
    return value, end


_BREAKS = re.compile(r"\n+")


def _fold(run: re.Match[str]) -> str:
    breaks = run.group()
    return " " if len(breaks) == 1 else breaks[1:]
