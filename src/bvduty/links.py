"""Which references may become links: http, https, mailto and relative paths, nothing else."""

from __future__ import annotations

import re
import unicodedata

_CHAR_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def href(ref: str | None) -> str | None:
    """`ref` when it is safe to link to (http, https, mailto, or a relative path), else None.

    Why so strict: a link is the one place user text turns into behaviour. `javascript:` and
    `data:` run code; browsers drop tabs and newlines inside URLs (so "java\\tscript:" runs too);
    a backslash, a character reference (`&#x73;`) or a colon before the first slash can all end
    up read as a scheme. Spaces are allowed and sent as %20 (file names often have them).
    """
    if not ref:
        return None
    for char in ref:
        if char == " ":
            continue
        if char.isspace() or unicodedata.category(char)[0] == "C" or char == "\\":
            return None
    if _CHAR_REFERENCE.search(ref):
        return None
    url = ref.replace(" ", "%20")
    scheme = _SCHEME.match(url)
    if scheme is not None:
        if scheme.group(1).lower() in LINK_SCHEMES and len(url) > len(scheme.group(0)):
            return url
        return None
    if ":" in url.split("/", 1)[0] or url.startswith("//"):
        return None
    return url
