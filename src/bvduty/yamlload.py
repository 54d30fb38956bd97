"""Hardened YAML loading that remembers where every value came from; the only module using PyYAML.

Why: PyYAML's own loaders build Python objects from tags (YAML 1.1 booleans, sexagesimal
numbers, arbitrary classes with the unsafe loaders) and forget positions. bvduty composes the
document to nodes with libyaml, refuses what format v1 does not allow, and builds plain data
itself: every scalar stays the string it looks like, and the model decides what it means.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any

import yaml

try:
    _BaseLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

from bvduty import yamlfast
from bvduty.errors import Problem
from bvduty.store import DISK, MAX_FILE_BYTES, Store, TooLarge

MAX_DEPTH = 64
# A file holds at most this many YAML events (a key, a text, a list or mapping's start and end):
# about 25,000 values, fifty times the largest generated file. Why: a 4 MiB file of `- x` lines
# holds a million values, and a million problems once checked. `load` applies the rule before
# the model sees the data; this module refuses even to build a file of five times as many, so
# that counting (in C when the file needs libyaml) comes before the cost.
MAX_VALUES = 50_000
_READ_LIMIT = 5 * MAX_VALUES

# Markers our resolver gives nodes that carry no explicit tag; any other tag was written by hand.
_PLAIN = "bvduty:plain"
_QUOTED = "bvduty:quoted"
_SEQ = "bvduty:seq"
_MAP = "bvduty:map"
_IMPLICIT = frozenset({_PLAIN, _QUOTED, _SEQ, _MAP})
_NULL_TAG = "tag:yaml.org,2002:null"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
# Standard scalar tags keep the text as written; the model converts it where it wants a number.
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "timestamp")
)
_ALLOWED_TAGS = _SCALAR_TAGS | {_NULL_TAG, _SEQ_TAG, _MAP_TAG}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# What each standard scalar tag admits, in YAML 1.2's core schema or YAML 1.1 (a text that
# either would accept): `!!int hello` is refused by every YAML tool, so bvduty refuses it too.
_TAG_FORMS = {
    "tag:yaml.org,2002:int": re.compile(
        r"[-+]?(?:0|[1-9][0-9_]*)|[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?0x[0-9a-fA-F_]+"
        r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
    ),
    "tag:yaml.org,2002:float": re.compile(
        r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
    ),
    "tag:yaml.org,2002:bool": re.compile(
        r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    ),
    "tag:yaml.org,2002:timestamp": re.compile(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
    ),
}
_TAG_WORDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "empty",
}
# An anchor or alias token is '&name' or '*name' at the start of a value. Prose such as
# "Audit & Governance" has no such token, so most files skip the slower event scan below.
_BEFORE_ANCHOR = frozenset(b" \t\n\r\f\v[{,:-")
_NOT_ANCHOR_NAME = frozenset(b" \t\n\r\f\v,[]{}")
# Characters a YAML stream may not hold (libyaml refuses them with only a byte offset), and the
# three that YAML 1.1 reads as line breaks although editors do not: NEL, LS and PS. Obeyed, they
# would end a comment or a value unseen and shift every later line number, so they are refused.
_UNREADABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)
_HIDDEN_BREAKS = {
    "\x85": "next line; often a Windows-1252 '\u2026' converted as if it were Latin-1",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The same characters found in UTF-8 bytes, far faster than searching the text with
# _UNREADABLE: ASCII controls are deleted by `bytes.translate` and the rest have fixed bytes.
_ASCII_CONTROLS = bytes(sorted(set(range(32)) - {9, 10, 13})) + b"\x7f"
_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080-U+009F, NEL among them
_BREAK_LS_PS = re.compile(rb"\xe2\x80[\xa8\xa9]")  # U+2028, U+2029
_BOM_NONCHARACTER = re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])")  # U+FEFF, U+FFFE-U+FFFF


class _NodeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Composes nodes only; implicit tags are replaced by cheap markers (no YAML 1.1 typing)."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers here: skip the base class's bookkeeping on every node."""

    def ascend_resolver(self) -> None:
        """See descend_resolver."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return _SEQ if kind is yaml.SequenceNode else _MAP


class Tree:
    """A file's node tree, for positions; composed from the text only when first asked for.

    Why lazy: a file that `yamlfast` read has no tree, and most files never need a position
    (only a problem does), so most files are never composed at all.
    """

    __slots__ = ("_root", "_text")

    def __init__(self, root: yaml.Node | None = None, text: str | None = None) -> None:
        self._root = root
        self._text = text

    @property
    def root(self) -> yaml.Node | None:
        """The root node; None only if the text cannot be composed (never for read text)."""
        if self._root is None and self._text is not None:
            text, self._text = self._text, None
            loader = _NodeLoader(text)
            try:
                self._root = loader.get_single_node()
            except yaml.YAMLError:  # pragma: no cover - yamlfast only reads what composes
                self._root = None
            finally:
                loader.dispose()
        return self._root


class ParsedFile:
    """The plain data of one YAML file, its node tree (for positions) and any problems.

    `tree` is None when the file could not be read as YAML at all (then `problems` says why);
    `size` is the length of the YAML text in bytes.
    """

    __slots__ = ("data", "display", "problems", "size", "tree")

    def __init__(
        self,
        display: str,
        data: Any,
        root: yaml.Node | None,
        problems: tuple[Problem, ...],
        *,
        tree: Tree | None = None,
        size: int = 0,
    ) -> None:
        self.display = display
        self.size = size
        self.data = data
        self.problems = problems
        self.tree = tree if tree is not None else (Tree(root) if root is not None else None)

    @property
    def root(self) -> yaml.Node | None:
        """The root node of the document, or None when the file could not be read as YAML."""
        return None if self.tree is None else self.tree.root


def _problem(display: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(display, line, column, code, "", message)


def _mark_problem(display: str, mark: Any, code: str, message: str) -> Problem:
    if mark is None:
        return _problem(display, 1, 1, code, message)
    return _problem(display, mark.line + 1, mark.column + 1, code, message)


def parse_file(path: PurePath, display: str, store: Store = DISK) -> ParsedFile:
    """Read and compose one YAML file; never raises for anything the file contains."""
    try:
        raw = store.read(path)
    except TooLarge as exc:
        message = f"file is {exc.size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
        return ParsedFile(
            display, None, None, (_problem(display, 1, 1, "file-too-large", message),)
        )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return ParsedFile(display, None, None, (_problem(display, 1, 1, "unreadable", reason),))
    return parse_bytes(raw, display)


def parse_bytes(raw: bytes, display: str) -> ParsedFile:
    """Compose YAML bytes to plain data plus nodes; every failure becomes a positioned problem."""
    if len(raw) > MAX_FILE_BYTES:
        message = f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"
        return ParsedFile(
            display, None, None, (_problem(display, 1, 1, "file-too-large", message),)
        )
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ParsedFile(display, None, None, (_encoding_problem(body, exc, display),))
    # libyaml refuses other unreadable characters itself (caught below); these three it obeys.
    hidden_break = "\x85" in text or "\u2028" in text or "\u2029" in text
    if hidden_break and (unreadable := _UNREADABLE.search(text)):
        return ParsedFile(display, None, None, (_character_problem(text, unreadable, display),))
    big = len(body) + 4 > _READ_LIMIT  # a smaller file cannot hold more events than bytes
    if _readable(body):
        data = yamlfast.read(text)
        if data is not None:  # nothing wrong, so no node tree until a later check wants one
            if big and events_of(data) > _READ_LIMIT:
                return ParsedFile(display, None, None, (too_many_values(display),))
            return ParsedFile(display, data, None, (), tree=Tree(text=text), size=len(body))
    if big and _events_in(text) > _READ_LIMIT:
        return ParsedFile(display, None, None, (too_many_values(display),))
    loader = _NodeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return ParsedFile(display, None, None, (_syntax_problem(text, exc, display),))
    except yaml.YAMLError as exc:  # a reader error: libyaml gives only a byte offset
        if unreadable := _UNREADABLE.search(text):
            problem = _character_problem(text, unreadable, display)
            return ParsedFile(display, None, None, (problem,))
        message = f"cannot read YAML: {exc}".splitlines()[0]  # pragma: no cover
        return ParsedFile(display, None, None, (_problem(display, 1, 1, "yaml-syntax", message),))
    finally:
        loader.dispose()
    if root is None:
        message = "file is empty; it should start with 'bvduty: 1' and a 'kind:' line"
        return ParsedFile(display, None, None, (_problem(display, 1, 1, "empty-file", message),))
    problems: list[Problem] = []
    if _looks_anchored(body):
        problems.extend(_anchor_problems(text, display))
    builder = _Builder(display, problems)
    data = builder.build(root, 0)
    if builder.flagged:
        problems.extend(builder.positioned(root))
    return ParsedFile(display, data, root, tuple(problems), size=len(body))


def too_many_values(display: str) -> Problem:
    """The problem of a file holding more than MAX_VALUES events (nothing else is checked)."""
    message = (
        f"file holds more than {MAX_VALUES:,} keys, values and lists; split it into smaller files"
    )
    return _problem(display, 1, 1, "too-many-values", message)


def events_of(data: Any) -> int:
    """The YAML events that plain data read from a document makes (as `_events_in` counts)."""
    count, todo = 4, [data]  # stream and document, start and end
    while todo:
        value = todo.pop()
        if isinstance(value, dict):
            count += 2 + len(value)  # its start and end, and one key per entry
            todo.extend(value.values())
        elif isinstance(value, list):
            count += 2
            todo.extend(value)
        else:
            count += 1
    return count


def _events_in(text: str) -> int:
    """The YAML events in `text`, counted without building anything (up to a syntax error,
    which the loader then reports as usual)."""
    loader = _BaseLoader(text)
    try:
        return int(loader.raw_parse())  # type: ignore[union-attr]  # libyaml counts in C
    except (yaml.YAMLError, AttributeError):  # a syntax error, or PyYAML without libyaml
        pass
    finally:
        loader.dispose()
    count = 0
    loader = _BaseLoader(text)
    try:
        while loader.check_event():
            loader.get_event()
            count += 1
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return count


def _readable(body: bytes) -> bool:
    """Whether UTF-8 `body` holds no character that _UNREADABLE finds (tests check they agree)."""
    if len(body.translate(None, _ASCII_CONTROLS)) != len(body):
        return False
    if body.isascii():
        return True
    return not (
        _C1_CONTROL.search(body)
        or _BREAK_LS_PS.search(body)
        or (b"\xef" in body and _BOM_NONCHARACTER.search(body))
    )


def _looks_anchored(body: bytes) -> bool:
    """Whether the bytes hold an anchor- or alias-like token; `find` is far faster than a regex.

    Why not a regex: most council files contain '&' in prose ("Audit & Governance"), so a
    prefilter on '&' rarely helps, and the regex scan cost as much as a sixth of validation.
    """
    end = len(body) - 1
    for mark in b"&*":
        index = body.find(mark)
        while index >= 0:
            if (
                index < end
                and (index == 0 or body[index - 1] in _BEFORE_ANCHOR)
                and body[index + 1] not in _NOT_ANCHOR_NAME
            ):
                return True
            index = body.find(mark, index + 1)
    return False


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError, display: str) -> Problem:
    """Broken YAML as the officer needs it: the character or line at fault, and what to type.

    Why not libyaml's own words and place: a no-break space pasted from Word breaks the layout
    of its own line, but libyaml reports the line after it ("mapping values are not allowed");
    and an unclosed quote is reported at the end of the file, not where it opens.
    """
    mark = exc.problem_mark or exc.context_mark
    lines = _LINE_BREAK.split(text)
    odd = _layout_character(lines, exc)
    if odd is not None:
        line, column, message = odd
        return _problem(display, line, column, "yaml-syntax", message)
    message, at_context = _yaml_message(exc, lines)
    if at_context and exc.context_mark is not None:
        mark = exc.context_mark
    return _mark_problem(display, mark, "yaml-syntax", message)


# Characters that break a line's layout when they stand where YAML expects a space: in the
# indentation, or between a ':' or '-' and the value. Word and web pages put them there.
_LAYOUT_BLANKS = frozenset(
    "\t\u00a0\u2007\u202f\u200b\u200c\u200d\u2060\ufeff\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)


def _layout_character(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """(line, column, message) of the odd blank nearest before the error, on its line or the two
    before it (a blank further back that broke nothing is not blamed)."""
    problem = exc.problem_mark or exc.context_mark
    if problem is None:
        return None
    last = min(int(problem.line), len(lines) - 1)
    first = max(0, last - 2)
    for number in range(last, first - 1, -1):
        line = lines[number]
        end = int(problem.column) + 1 if number == last else len(line)
        found = _odd_blank(line[:end])
        if found is not None:
            column, where = found
            return number + 1, column + 1, _blank_message(line[column], where)
    return None


def _odd_blank(line: str) -> tuple[int, str] | None:
    """The column of an odd blank in the indentation, or after a ':' or '- ', and where."""
    for column, character in enumerate(line):
        if character == " ":
            continue
        if character in _LAYOUT_BLANKS:
            return column, "indentation"
        break
    for column in range(1, len(line)):
        character = line[column]
        if character in _LAYOUT_BLANKS and character != "\t" and line[column - 1] in ":-":
            return column, line[column - 1]
        if character in "\ufeff\u200b\u2060":
            return column, "text"
    return None


def _blank_message(character: str, where: str) -> str:
    from bvduty.suggest import fix_character, name_character

    if character == "\t" and where == "indentation":
        return "a tab (U+0009) indents this line; indent with spaces, not a tab"
    name = name_character(character)
    placed = {
        "indentation": "in the indentation of this line",
        ":": "after the ':' on this line",
        "-": "after the '-' on this line",
        "text": "on this line",
    }[where]
    return (
        f"{name} {placed} breaks the YAML layout; {fix_character(character)}"
        " (text pasted from Word or a web page often carries these)"
    )


def _yaml_message(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, bool]:
    """libyaml's complaint in words, and whether it belongs where the construct began."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    at = line[mark.column] if mark is not None and mark.column < len(line) else ""
    if "quoted scalar" in context and "end of stream" in problem:
        return "this quote is never closed; end the text with the same quote mark", True
    if "tab character" in problem or (at == "\t" and "cannot start any token" in problem):
        return "a tab indents this line; indent with spaces, not a tab", False
    if "cannot start any token" in problem:
        return f"a value cannot start with {at!s}; put the whole value in quotes", False
    if "unknown escape character" in problem:
        return (
            "a backslash in double quotes starts an escape; write \\\\ for a backslash,"
            " or use single quotes"
        ), False
    if "alphabetic or numeric character" in problem:
        return "a value that starts with * or & must be in quotes", True
    if "another document" in problem:
        return (
            "a second document starts here (---); a bvduty file holds one: remove the ---"
            " line, or move what follows into a file of its own"
        ), False
    if "could not find expected ':'" in problem:
        return (
            "this line is not 'field: value': put a space after the ':', or put text that"
            " goes on from the line above in quotes"
        ), True
    if "mapping values are not allowed" in problem:
        return (
            "a ': ' inside a value, or a line indented too far: put text that contains ': '"
            " in quotes, or line this field up with the one above"
        ), False
    if "expected key" in problem or "expected '-' indicator" in problem or "block end" in problem:
        before = line[: mark.column] if mark is not None else ""
        if before.strip() and before.rstrip()[-1:] in "'\"":
            return (
                "text goes on after a closing quote; to put ' inside single quotes write it"
                " twice (''), or use double quotes"
            ), False
        return (
            "this line is not lined up with the lines above it; indent it by the same number"
            " of spaces as the field or list item it belongs with"
        ), False
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        bracket = "]" if "]" in problem else "}"
        return (
            f"a list or mapping opened here is not closed with {bracket} on the same line,"
            " or an item in it holds ':' or '#'; close it, or put the item in quotes"
        ), True
    parts = [p for p in (context, problem) if p]
    return f"broken YAML: {'; '.join(parts) or 'cannot be read'}", False


def _position(before: str) -> tuple[int, int]:
    """The 1-based (line, column) just after `before`, counting lines as editors do.

    Why: libyaml reports a bad character as a byte offset, and encoding errors come as one too;
    people need the line and the column in characters, with LF, CRLF or CR ending a line.
    """
    line = len(_LINE_BREAK.findall(before)) + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, len(before) - start + 1


def _character_problem(text: str, found: re.Match[str], display: str) -> Problem:
    character = found.group()
    line, column = _position(text[: found.start()])
    name = f"U+{ord(character):04X}"
    if character in _HIDDEN_BREAKS:
        message = (
            f"character {name} ({_HIDDEN_BREAKS[character]}) is not allowed: YAML 1.1 reads it"
            " as a line break that editors do not show; use an ordinary line break or a space"
        )
    else:
        what = "a control character" if ord(character) < 0xA0 else "not a text character"
        message = f"character {name} ({what}) is not allowed in YAML; remove it"
    return _problem(display, line, column, "yaml-syntax", message)


def _encoding_problem(body: bytes, exc: UnicodeDecodeError, display: str) -> Problem:
    """`body` is the file after any BOM; everything before the bad byte decodes cleanly."""
    line, column = _position(body[: exc.start].decode("utf-8"))
    byte = body[exc.start]
    message = (
        f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8"
        " (Windows-1252 or Latin-1 text needs converting)"
    )
    return _problem(display, line, column, "encoding", message)


def _anchor_problems(text: str, display: str) -> list[Problem]:
    """Position every anchor and alias; only run when the bytes look as if they hold one."""
    problems = []
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                message = (
                    f"alias *{event.anchor} is not allowed; write the value out in full"
                    " (text that starts with * goes in quotes)"
                )
                problems.append(_mark_problem(display, event.start_mark, "yaml-alias", message))
            elif anchor := getattr(event, "anchor", None):
                message = (
                    f"anchor &{anchor} is not allowed; delete '&{anchor}' (text that starts"
                    " with & goes in quotes)"
                )
                problems.append(_mark_problem(display, event.start_mark, "yaml-alias", message))
    except yaml.YAMLError:  # the composer already accepted this text; be defensive anyway
        pass
    return problems


class _Builder:
    """Turns a node tree into dicts, lists, strings and None, collecting problems."""

    __slots__ = ("display", "flagged", "problems", "seen")

    def __init__(self, display: str, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems
        self.seen: set[int] = set()
        self.flagged: list[tuple[yaml.Node, str, str]] = []

    def add(self, node: yaml.Node, code: str, message: str) -> None:
        self.flagged.append((node, code, message))

    def positioned(self, root: yaml.Node) -> list[Problem]:
        """The flagged nodes as problems with their dotted path (e.g. `actions.0.owner`).

        Why after the build: tracking the path of every node while building would cost every
        file; finding the few flagged nodes afterwards costs only files with problems.
        """
        paths = _paths_to(root, {id(node) for node, _, _ in self.flagged})
        return [
            Problem(
                self.display,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                code,
                paths.get(id(node), ""),
                message,
            )
            for node, code, message in self.flagged
        ]

    def build(self, node: yaml.Node, depth: int) -> Any:
        tag = node.tag
        if tag not in _IMPLICIT:
            return self._tagged(node, depth)
        if tag is _PLAIN or tag == _PLAIN:
            value: str = node.value
            return None if value in _NULLS else value
        if tag == _QUOTED:
            return node.value
        if depth >= MAX_DEPTH:
            self.add(node, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if id(node) in self.seen:  # an alias reuses the anchored node; reported by the scan
            return None
        self.seen.add(id(node))
        if tag == _SEQ:
            return [self.build(item, depth + 1) for item in node.value]
        return self._mapping(node, depth)

    def _mapping(self, node: yaml.Node, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            # Fast path for the common case: a plain or quoted text key seen for the first time.
            key_tag = key_node.tag
            if key_tag is _PLAIN or key_tag is _QUOTED:
                key = key_node.value
                if key not in result and (key != "<<" or key_tag is _QUOTED):
                    value_tag = value_node.tag
                    if value_tag is _QUOTED:
                        result[key] = value_node.value
                    elif value_tag is _PLAIN:
                        text = value_node.value
                        result[key] = None if text in _NULLS else text
                    else:
                        result[key] = self.build(value_node, depth + 1)
                    continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.add(key_node, "yaml-key", "keys must be plain text, not a list or mapping")
                continue
            tag = key_node.tag
            if tag not in _IMPLICIT and tag not in _SCALAR_TAGS:
                if tag in _ALLOWED_TAGS:
                    self.add(key_node, "yaml-key", f"{_short_tag(tag)} cannot tag a key")
                else:
                    message = f"tag {_short_tag(tag)} is not allowed; bvduty files use plain YAML"
                    self.add(key_node, "yaml-tag", message)
                continue
            key = key_node.value
            if tag in _SCALAR_TAGS and not _fits(tag, key):
                self.add(key_node, "yaml-tag", _misfit(tag, key))
                continue
            if key == "<<" and tag == _PLAIN:
                self.add(key_node, "yaml-alias", "merge keys (<<) are not allowed")
                continue
            if key in result:
                if not first_line:  # one pass on the first duplicate, not one per duplicate
                    for seen_node, _ in reversed(node.value):
                        if isinstance(seen_node, yaml.ScalarNode):
                            first_line[seen_node.value] = int(seen_node.start_mark.line) + 1
                message = f"duplicate key '{key}' (first on line {first_line[key]})"
                self.add(key_node, "duplicate-key", message)
                continue
            result[key] = self.build(value_node, depth + 1)
        return result

    def _tagged(self, node: yaml.Node, depth: int) -> Any:
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            message = f"tag {_short_tag(tag)} is not allowed; bvduty files use plain YAML"
            self.add(node, "yaml-tag", message)
            return None
        if tag == _NULL_TAG or tag in _SCALAR_TAGS:
            if not isinstance(node, yaml.ScalarNode):
                self.add(node, "yaml-tag", f"{_short_tag(tag)} can only tag a single value")
                return None
            if not _fits(tag, node.value):
                self.add(node, "yaml-tag", _misfit(tag, node.value))
                return None
            return None if tag == _NULL_TAG else node.value
        expected = yaml.SequenceNode if tag == _SEQ_TAG else yaml.MappingNode
        if not isinstance(node, expected):
            self.add(node, "yaml-tag", f"{_short_tag(tag)} does not fit this value")
            return None
        node.tag = _SEQ if tag == _SEQ_TAG else _MAP
        return self.build(node, depth)


def _paths_to(root: yaml.Node, wanted: set[int]) -> dict[int, str]:
    """Dotted paths of the wanted nodes (a mapping key is named by its own text)."""
    found: dict[int, str] = {}
    stack: list[tuple[yaml.Node, tuple[str, ...], int]] = [(root, (), 0)]
    while stack and len(found) < len(wanted):
        node, path, depth = stack.pop()
        if id(node) in wanted and id(node) not in found:
            found[id(node)] = ".".join(path)
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, str(i)), depth + 1) for i, item in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((key, (*path, name), depth + 1))
                stack.append((value, (*path, name), depth + 1))
    return found


def _fits(tag: str, value: str) -> bool:
    """Whether a scalar's text is of the kind its explicit standard tag says."""
    if tag == _NULL_TAG:
        return value in _NULLS
    form = _TAG_FORMS.get(tag)
    return form is None or form.fullmatch(value) is not None


def _misfit(tag: str, value: str) -> str:
    shown = value if len(value) <= 40 else value[:39] + "…"
    return (
        f"{_short_tag(tag)} says this is {_TAG_WORDS[tag]}, but {shown!r} is not;"
        f" remove the {_short_tag(tag)} tag"
    )


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def locate(
    root: yaml.Node | None, loc: Sequence[str | int], *, key: bool = False
) -> tuple[int, int]:
    """The 1-based (line, column) of the node at `loc`, or of its nearest existing ancestor.

    With `key=True` and a final mapping key that exists, the key itself is pointed at (for
    unknown fields); a missing field points at the mapping that should hold it.
    """
    if root is None:
        return 1, 1
    node = root
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                    node = key_node if (last and key) else value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                node = node.value[step]
            else:
                break
        else:
            break
    return int(node.start_mark.line) + 1, int(node.start_mark.column) + 1


def load_trusted(path: Path) -> Any:
    """Load a data file shipped inside the package (frameworks, scales) by the same rules.

    Raises:
        ValueError: the packaged file is broken, which is a bug in bvduty, not user error.
    """
    parsed = parse_file(path, str(path))
    if parsed.problems:
        raise ValueError(f"{path}: {parsed.problems[0].message}")
    return parsed.data
