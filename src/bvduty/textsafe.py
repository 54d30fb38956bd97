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
