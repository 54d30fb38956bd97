"""Make user text safe to show: no control characters, no bidi overrides that disguise text.

Why: a YAML string can hold ANSI escapes (which drive a terminal) or right-to-left overrides
(which make "evil.exe" read as "exe.live"); every renderer shows such characters escaped.
"""

from __future__ import annotations

import re

# C0/C1 controls except tab and newline, DEL, the Unicode bidi embedding/override/isolate marks,
# the invisible zero-width space, word joiner and byte-order mark (which can split look-alikes),
# and the non-characters U+FFFE and U+FFFF, which XML (HTML, Word) cannot hold.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufffe\uffff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


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
