"""Plain English for dates and counts, shared by every module that writes words for people.

"31 January 2025" in running text, "31 Jan 2025" in a table column, "1 action", "3 actions",
"a, b and c". Nothing here knows about the assessment; `compose.words` adds the names of
statuses and gap codes.
"""

from __future__ import annotations

from datetime import date


def long_date(value: date) -> str:
    """19 February 2025: the form for running text."""
    return f"{value.day} {value:%B %Y}"


def short_date(value: date) -> str:
    """19 Feb 2025: the form for table columns."""
    return f"{value.day} {value:%b %Y}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """`3 actions`, `1 action`; `many` for irregular plurals."""
    return f"{count} {noun(count, word, many)}"


def noun(count: int, word: str, many: str | None = None) -> str:
    """The word alone, singular or plural by `count`."""
    return word if count == 1 else many or word + "s"


def is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def was_were(count: int) -> str:
    return "was" if count == 1 else "were"


def join(parts: list[str], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c` (no Oxford comma, as in council papers)."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1]


def status_words(value: str) -> str:
    """A status code in words: `in-progress` -> `in progress`."""
    return value.replace("-", " ")
