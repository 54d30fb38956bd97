"""The words that tell an officer what to type: near misses, dates, and characters from Word.

Why a module of its own: the loader, the cross-file checks and the command line all meet the
same mistakes (a title where an id belongs, `31/03/2025`, a no-break space pasted from Word)
and should answer them in the same words. Everything here is pure: text in, text out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the form of level, theme and scale ids
LIST_LIMIT = 12  # a closed set this small is listed in full in a message
_CUTOFF = 0.75  # difflib ratio above which a word counts as near another

# --- characters that look like others, or like nothing -----------------------------------------

_SPACE_FIX = "type an ordinary space instead"
_DELETE = "delete it"
_HYPHEN_FIX = "type an ordinary hyphen (-) instead"
_SINGLE_FIX = "use a straight quote (') or none"
_DOUBLE_FIX = 'use a straight quote (") or none'
ODD_CHARACTERS: dict[str, tuple[str, str]] = {
    "\t": ("a tab", "use spaces instead"),
    "\u00a0": ("a no-break space", _SPACE_FIX),
    "\u2007": ("a figure space", _SPACE_FIX),
    "\u202f": ("a narrow no-break space", _SPACE_FIX),
    **{chr(c): ("a typographic space", _SPACE_FIX) for c in range(0x2000, 0x200B) if c != 0x2007},
    "\u3000": ("an ideographic space", _SPACE_FIX),
    "\u200b": ("a zero-width space", _DELETE),
    "\u200c": ("a zero-width non-joiner", _DELETE),
    "\u200d": ("a zero-width joiner", _DELETE),
    "\u2060": ("a word joiner", _DELETE),
    "\ufeff": ("a byte-order mark", _DELETE),
    "\u00ad": ("a soft hyphen", _DELETE),
    "\u2018": ("a curly opening quote", _SINGLE_FIX),
    "\u2019": ("a curly closing quote", _SINGLE_FIX),
    "\u201a": ("a low curly quote", _SINGLE_FIX),
    "\u201c": ("a curly opening quote", _DOUBLE_FIX),
    "\u201d": ("a curly closing quote", _DOUBLE_FIX),
    "\u201e": ("a low curly quote", _DOUBLE_FIX),
    "\u00ab": ("a guillemet", _DOUBLE_FIX),
    "\u00bb": ("a guillemet", _DOUBLE_FIX),
    "\u2010": ("a Unicode hyphen", _HYPHEN_FIX),
    "\u2011": ("a non-breaking hyphen", _HYPHEN_FIX),
    "\u2012": ("a figure dash", _HYPHEN_FIX),
    "\u2013": ("an en dash", _HYPHEN_FIX),
    "\u2014": ("an em dash", _HYPHEN_FIX),
    "\u2212": ("a minus sign", _HYPHEN_FIX),
}
_ODD = re.compile("[" + "".join(re.escape(c) for c in ODD_CHARACTERS) + "]")
# What each odd character stands for when guessing what was meant.
_PLAIN = str.maketrans(
    {
        c: (" " if fix == _SPACE_FIX else "-" if fix == _HYPHEN_FIX else "")
        for c, (_, fix) in ODD_CHARACTERS.items()
        if c != "\t"
    }
    | {"\t": " "}
)


def odd_character(text: str) -> tuple[int, str] | None:
    """The index and character of the first invisible or typographic character in `text`."""
    found = _ODD.search(text)
    return (found.start(), found.group()) if found else None


def name_character(character: str) -> str:
    """`a no-break space (U+00A0)`."""
    name = ODD_CHARACTERS.get(character, ("a character",))[0]
    return f"{name} (U+{ord(character):04X})"


def fix_character(character: str) -> str:
    """What to do about it: `type an ordinary space instead`."""
    return ODD_CHARACTERS.get(character, ("", _DELETE))[1]


def character_note(text: str) -> str:
    """`; it contains an en dash (U+2013), which looks like a hyphen: type ...`, or ``."""
    found = odd_character(text)
    if found is None:
        return ""
    character = found[1]
    quotes = _quote_pair(text)
    if quotes:
        return f"; it has curly quotes round it ({quotes}): use straight quotes or none"
    return f"; it contains {name_character(character)}: {fix_character(character)}"


def _quote_pair(text: str) -> str:
    """`U+201C and U+201D` when `text` is wrapped in typographic quotes, else ``."""
    if (
        len(text) >= 2
        and text[0] in "\u2018\u201a\u201c\u201e\u00ab"
        and text[-1] in ("\u2019\u201c\u201d\u00bb\u2018")
    ):
        return f"U+{ord(text[0]):04X} and U+{ord(text[-1]):04X}"
    return ""


def plain(text: str) -> str:
    """The text with odd characters replaced by what they stand for (spaces, hyphens, none)."""
    return text.translate(_PLAIN)


# --- near misses ---------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case, spaces, underscores and typographic characters folded: `Light Green`: `light-green`."""
    folded = plain(text).strip().casefold()
    folded = re.sub(r"[\s_]+", "-", folded)
    return re.sub(r"-{2,}", "-", folded).strip("-")


def near(
    value: str,
    choices: Iterable[str],
    aliases: Mapping[str, str] | None = None,
) -> str | None:
    """The choice `value` was most likely meant to be, or None when nothing is near.

    Near means: the same once case, spaces, underscores and typographic characters are
    folded (`Light Green`, `light_green` -> `light-green`); or an alias such as a title or a
    label (`aliases` maps folded alias -> choice); or the only choice it begins (at least four
    letters) or that begins it (`District Council` -> `district`); or a close spelling (difflib
    ratio 0.75 or more).
    """
    options = list(choices)
    if value in options:
        return None
    folded = normalise(value)
    by_fold = {normalise(choice): choice for choice in options}
    if folded in by_fold:
        return by_fold[folded]
    if aliases and aliases.get(folded) in options:
        return aliases[folded]
    starts = [
        c
        for f, c in by_fold.items()
        if (len(folded) >= 4 and f.startswith(folded)) or folded.startswith(f + "-")
    ]
    if len(starts) == 1:
        return starts[0]
    close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=_CUTOFF)
    return by_fold[close[0]] if close else None


def _squash(text: str) -> str:
    """An id reduced to letters and digits, lower case, with leading zeros of numbers dropped."""
    letters = re.sub(r"[^0-9a-z]", "", plain(text).casefold())
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", letters)


def near_id(value: str, known: Iterable[str]) -> str | None:
    """The one known id that `value` differs from only in case, spacing, punctuation, leading
    zeros, a letter O for a zero or a dash for a hyphen (`r 1`, `RO01` -> `R001`); else None.

    Why so strict: ids run in sequences, so `E203` is not a slip for `E202`; suggesting it
    would send the officer to the wrong document.
    """
    squashed = _squash(value)
    if not squashed:
        return None
    matches = [k for k in known if k != value and _squash(k) == squashed]
    if not matches:
        zeroed = squashed.replace("o", "0")
        matches = [k for k in known if k != value and _squash(k).replace("o", "0") == zeroed]
    return matches[0] if len(matches) == 1 else None


def listing(choices: Sequence[str], limit: int = LIST_LIMIT) -> str:
    """`a, b, c` for a closed set of `limit` or fewer members, else ``."""
    return ", ".join(choices) if 0 < len(choices) <= limit else ""


# --- levels and themes ---------------------------------------------------------------------------


class LevelLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def short(self) -> str | None: ...


class ThemeLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def number(self) -> int: ...

    @property
    def title(self) -> str: ...


T = TypeVar("T", bound=ThemeLike)


def hinted(message: str, suggestion: str | None, tail: str = "") -> str:
    """`message; did you mean 'x'? Tail` or `message; tail`: one shape for every hint."""
    if suggestion:
        message += f"; did you mean '{suggestion}'?"
        return message + (f" {tail[0].upper()}{tail[1:]}" if tail else "")
    return message + (f"; {tail}" if tail else "")


def level_message(field: str, value: str, levels: Sequence[LevelLike] | None) -> str:
    """Why a rating, target or default target names no level, and which level was meant."""
    note = character_note(value)
    if levels is None:
        guess = normalise(value)
        message = f"{field} '{value}' is not a level id (level ids have no spaces or capitals)"
        hint = guess if SLUG.fullmatch(guess) and guess != value else None
        return hinted(message + note, hint, "" if hint else "write a level of the scale")
    ids = [level.id for level in levels]
    aliases: dict[str, str] = {}
    for level in levels:
        aliases.setdefault(normalise(level.label), level.id)
        if level.short:
            aliases.setdefault(normalise(level.short), level.id)
    shown = listing(ids)
    return hinted(
        f"{field} '{value}' is not a level of the scale{note}",
        near(value, ids, aliases),
        f"write one of the levels, worst first: {shown}" if shown else "",
    )


_THEME_NUMBER = re.compile(r"(?:theme\s*)?(\d+)\s*[.:)-]?\s*(.*)", re.IGNORECASE)


def match_theme(themes: Sequence[T], text: str) -> T | None:
    """The theme `text` names by id, number or title (`5`, `Theme 5`, `Use of Resources`,
    `use_of_resources`, `5. Use of Resources`); None when it names none exactly."""
    found = _match_theme(themes, text)
    return found[0] if found else None


def _match_theme(themes: Sequence[T], text: str) -> tuple[T, str] | None:
    """The theme and how `text` named it: `id`, `number` or `title`."""
    for theme in themes:
        if theme.id == text:
            return theme, "id"
    folded = normalise(text)
    for theme in themes:
        if folded == normalise(theme.title):
            return theme, "title"
    for theme in themes:
        if folded == normalise(theme.id):
            return theme, "id"
    numbered = _THEME_NUMBER.fullmatch(plain(text).strip())
    if numbered:
        number, rest = int(numbered.group(1)), normalise(numbered.group(2))
        for theme in themes:
            if theme.number == number and rest in ("", normalise(theme.title), theme.id):
                return theme, "number"
    return None


def near_theme(themes: Sequence[T], text: str) -> T | None:
    """The theme `text` names exactly (see `match_theme`), or else one spelt nearly the same."""
    exact = match_theme(themes, text)
    if exact is not None:
        return exact
    aliases = {normalise(t.title): t.id for t in themes}
    guess = near(text, [t.id for t in themes], aliases)
    if guess is None:  # a word of one theme's id, or nearly (`resourses`, `audit`: no)
        folded = normalise(text)
        words = [t for t in themes if any(_alike(folded, w) for w in t.id.split("-"))]
        guess = words[0].id if len(words) == 1 and len(folded) >= 4 else None
    return next((t for t in themes if t.id == guess), None)


def _alike(word: str, other: str) -> bool:
    return len(other) >= 4 and difflib.SequenceMatcher(None, word, other).ratio() >= _CUTOFF


def theme_listing(themes: Sequence[ThemeLike]) -> str:
    """`1 continuous-improvement, 2 leadership, ...` (every theme: frameworks are short)."""
    return ", ".join(f"{t.number} {t.id}" for t in themes)


def theme_message(value: str, themes: Sequence[ThemeLike] | None, framework: str) -> str:
    """Why `theme: value` names no theme, and which id to write."""
    if themes is None:
        guess = normalise(value)
        hint = guess if SLUG.fullmatch(guess) and guess != value else None
        return hinted(f"theme '{value}' is not a theme id", hint, "" if hint else "write its id")
    exact = _match_theme(themes, value)
    if exact is not None and exact[0].id != value:
        theme, how = exact
        named = {
            "number": f"the number of theme {theme.number} {theme.title}",
            "title": f"the title of theme {theme.number}",
            "id": f"nearly the id of theme {theme.number} {theme.title}",
        }[how]
        return f"theme '{value}' is {named}; write its id: theme: {theme.id}"
    found = near_theme(themes, value)
    message = f"theme '{value}' is not in framework {framework}{character_note(value)}"
    if found is not None:
        return message + f"; did you mean '{found.id}' ({found.number} {found.title})?"
    return message + f"; write the id of one of its themes: {theme_listing(themes)}"


# --- dates ---------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4}|\d{2})"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2})?\S*)?")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.]" + _YEAR)
_DAY_MONTH = re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?[\s-]+" + _MONTH + r",?[\s-]+" + _YEAR)
_MONTH_DAY = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR)


@dataclass(frozen=True, slots=True)
class DateReading:
    """How a date written another way reads: the likely date, and the other way to read it."""

    likely: date | None
    other: date | None = None
    impossible: bool = False  # it has a date's shape, but no such day exists


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_date(text: str) -> DateReading:
    """Read a date written as officers write them: `31/03/2025`, `31-03-2025`, `31.03.25`,
    `31 March 2025`, `31st March 2025`, `March 31, 2025`, `2025/03/31`, `2025-3-31`.

    A numeric date is read day first (UK style) unless only month-first makes sense; when both
    make sense and differ, the other reading is given too.
    """
    value = " ".join(plain(text).split()).casefold()
    if found := _YMD.fullmatch(value):
        year, month, day = (int(g) for g in found.groups())
        real = _day(year, month, day)
        return DateReading(real, impossible=real is None)
    if found := _NUMERIC.fullmatch(value):
        first, second, year = int(found.group(1)), int(found.group(2)), _year(found.group(3))
        uk, us = _day(year, second, first), _day(year, first, second)
        if uk is None and us is None:
            return DateReading(None, impossible=True)
        return DateReading(uk or us, us if uk and us and uk != us else None)
    for pattern, day_group in ((_DAY_MONTH, 1), (_MONTH_DAY, 2)):
        if found := pattern.fullmatch(value):
            month = _MONTHS[found.group(3 - day_group)]
            real = _day(_year(found.group(3)), month, int(found.group(day_group)))
            return DateReading(real, impossible=real is None)
    return DateReading(None)


def long_date(value: date) -> str:
    """`31 March 2025`."""
    return f"{value.day} {value:%B %Y}"


def date_message(field: str, value: object) -> str:
    """What is wrong with a date as written, and the `YYYY-MM-DD` text to write instead."""
    example = "e.g. 2025-03-31 for 31 March 2025"
    if value is None or value == "":
        return f"{field} is empty; write a date as YYYY-MM-DD, {example}"
    if not isinstance(value, str):
        return f"{field} is one date; write it as YYYY-MM-DD, {example}"
    quotes = _quote_pair(value.strip())
    if quotes:
        inner = value.strip()[1:-1]
        shown = f"{field} '{value}' has curly quotes round it ({quotes});"
        shown += " use straight quotes or none"
        iso = _ISO.fullmatch(inner)
        if iso and _day(*(int(g) for g in iso.groups())):
            return f"{shown}: {inner}"
        return shown + _date_tail(inner, example)
    if (iso := _ISO.fullmatch(value)) is not None:
        year, month, day = (int(g) for g in iso.groups())
        if not 1 <= month <= 12:
            return (
                f"{field} '{value}' is not a real date: there is no month {month};"
                " write YYYY-MM-DD, month before day"
            )
        if _day(year, month, day) is None:
            last = max(d for d in range(28, 32) if _day(year, month, d))
            return (
                f"{field} '{value}' is not a real date: {date(year, month, 1):%B %Y} has"
                f" {last} days; write a day that exists, e.g. {year}-{month:02d}-{last}"
            )
    found = odd_character(value)
    cleaned = plain(value).strip()
    if found is not None and _ISO.fullmatch(cleaned) and read_date(cleaned).likely is not None:
        return f"{field} '{value}' contains {name_character(found[1])}: write {cleaned}"
    return f"{field} '{value}' is not written YYYY-MM-DD" + _date_tail(value, example)


def _date_tail(value: str, example: str) -> str:
    reading = read_date(value)
    if reading.likely is None:
        if reading.impossible:
            return f", and there is no such day; write a real date as YYYY-MM-DD, {example}"
        return f"; write dates as YYYY-MM-DD, {example}"
    tail = f"; write it as {reading.likely.isoformat()}"
    if reading.other is not None:
        tail += (
            f" ({long_date(reading.likely)}), or as {reading.other.isoformat()}"
            f" if you meant {long_date(reading.other)}"
        )
    return tail
