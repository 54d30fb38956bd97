"""Make user text safe to show: no control characters, nothing invisible, no disguising marks.

Why: a YAML string (or a file name) can hold ANSI escapes that drive a terminal (`\\x1b[2J`
clears the screen, OSC 8 makes a disguised hyperlink), right-to-left overrides that make
"evil.exe" read as "exe.live", or invisible characters that make two different ids look the
same. Every renderer shows such characters as escapes, through `visible` (or `one_line`, which
is `visible` on one line); JSON keeps the value and writes them as JSON escapes (`json_text`).
Both use the one set of characters below, so what is unsafe is decided in one place.

Ordinary text passes unchanged: accents, Welsh ŵ and ŷ, em dashes, curly quotes, emoji.
"""

from __future__ import annotations

import json
import re
from typing import Any

# What is escaped (docs/format.md, "Text that is shown escaped"):
# - C0 and C1 control characters other than tab and line feed, and DEL;
# - every format character (Unicode category Cf) of Unicode 15: the soft hyphen U+00AD, Arabic
#   marks U+0600-0605 U+061C U+06DD, zero-width space/joiners U+200B-U+200D, the bidi marks,
#   embeddings, overrides and isolates, invisible operators U+2061-U+2064, the byte-order mark,
#   interlinear annotation U+FFF9-FFFB, and the tag characters U+E0001, U+E0020-U+E007F;
# - the line and paragraph separators U+2028, U+2029; lone surrogates (from file names that are
#   not UTF-8), which no output can encode; the non-characters U+FFFE, U+FFFF, which XML cannot
#   hold;
# - other default-ignorable characters that are invisible although not Cf: the combining grapheme
#   joiner U+034F, Hangul fillers U+115F U+1160 U+3164 U+FFA0, Khmer U+17B4 U+17B5, Mongolian
#   U+180B-U+180F, the unassigned U+2065 and U+FFF0-U+FFF8, and the whole tag and variation
#   selector supplement block U+E0000-U+E0FFF.
# The variation selectors U+FE00-U+FE0F stay: they choose how an emoji is drawn (❤️).
UNSAFE_CHARACTERS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ud800-\udfff\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    """Escape characters that could hide or disguise text; keep tabs and newlines."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """`visible`, with every run of whitespace (newlines included) folded to one space."""
    return visible(" ".join(text.split()))


LONGEST_WORD = 200
_LONG_RUN = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


def bounded(text: str) -> str:
    """`visible`, with any "word" longer than LONGEST_WORD characters cut short and the cut said.

    Why: no real word or address is that long; a pasted blob (a data URL, a run of one key)
    would otherwise fill pages of a committee paper and make printing it slow.
    """

    def cut(match: re.Match[str]) -> str:
        word = match.group()
        return f"{word[:LONGEST_WORD]}… [{len(word) - LONGEST_WORD:,} more characters]"

    return _LONG_RUN.sub(cut, visible(text))


def is_safe(text: str) -> bool:
    """True when `visible` would leave `text` unchanged."""
    return _UNSAFE.search(text) is None


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(document: Any) -> str:
    """`document` as indented JSON; unsafe characters in strings written as `\\uXXXX` escapes.

    Why not `visible`: JSON is read by programs, so a value must survive unchanged. A JSON escape
    decodes to the very same character, yet nothing unsafe reaches a terminal that shows the
    JSON. (Outside strings JSON is plain ASCII, so every character replaced is inside one.)
    """
    return _UNSAFE.sub(_json_escape, json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
