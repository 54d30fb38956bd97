"""The one Jinja2 environment the paper templates render in, and the filters they format with.

Why escaping lives here and not in each template: a council may replace any template
(`--template-dir`), and its templates must be as safe as ours without remembering a filter.
HTML templates (`*.html.j2`) are autoescaped; every other template is Markdown, and every value
it prints is Markdown-escaped by the environment's `finalize` unless a filter marked it
`MdSafe`. Either way each printed string is first folded to one line with control and bidi
characters shown as escapes, and a missing value (None) prints as "Not stated".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from bvduty.analysis.gaps import GapCode, Severity
from bvduty.analysis.heatmap import Heatmap
from bvduty.colours import NEUTRAL, text_on
from bvduty.errors import UsageError
from bvduty.model import ActionStatus, AssessmentStatus, Priority
from bvduty.textsafe import visible

NOT_STATED = "Not stated"
BUILTIN_PREFIX = "builtin"

GAP_LABELS = {
    GapCode.MISSING_THEME: "Theme not assessed",
    GapCode.NOT_ASSESSED: "Theme not yet rated",
    GapCode.BELOW_TARGET: "Below target",
    GapCode.NO_ACTION: "No open action",
    GapCode.OVERDUE: "Overdue action",
    GapCode.UNRATED: "Not rated",
    GapCode.NO_EVIDENCE: "No evidence cited",
}
GAP_MEANINGS = {
    GapCode.MISSING_THEME: "A theme of the framework that no file assesses",
    GapCode.NOT_ASSESSED: "A theme with a file but no rated characteristic",
    GapCode.BELOW_TARGET: "A cell rated worse than its target",
    GapCode.NO_ACTION: "A cell below target that no open action addresses",
    GapCode.OVERDUE: "An action neither done nor cancelled whose due date has passed",
    GapCode.UNRATED: "A cell that has not been rated",
    GapCode.NO_EVIDENCE: "A rated cell that cites no evidence",
}
_LABELS: dict[Any, str] = {
    ActionStatus.PLANNED: "Planned",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.BLOCKED: "Blocked",
    ActionStatus.CANCELLED: "Cancelled",
    AssessmentStatus.DRAFT: "Draft",
    AssessmentStatus.IN_REVIEW: "In review",
    AssessmentStatus.APPROVED: "Approved",
    Priority.HIGH: "High",
    Priority.MEDIUM: "Medium",
    Priority.LOW: "Low",
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
    **GAP_LABELS,
}
# GOV.UK Design System tag colours (each pair has at least 4.5:1 contrast).
_TAG_COLOURS: dict[Any, str] = {
    ActionStatus.PLANNED: "grey",
    ActionStatus.IN_PROGRESS: "blue",
    ActionStatus.DONE: "green",
    ActionStatus.BLOCKED: "red",
    ActionStatus.CANCELLED: "grey",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "grey",
}


class MdSafe(str):
    """Text that is already Markdown (escaped user text, or a link built from it)."""

    __slots__ = ()


# Characters that start Markdown syntax anywhere in a line (GitHub-flavoured: `~` strikes through,
# `$` starts maths, `|` splits a table cell, `&` starts an entity such as &#x202E;).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
# Characters that start a block only at the beginning of a line: headings, quotes, lists.
_MD_LEADING = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)](?:\s|$)))")
_MD_URL_UNSAFE = re.compile(r"[()<>\[\]|\"'`*_~$]")
_WHITESPACE = re.compile(r"\s+")
_CHAR_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def md_escape(value: object) -> MdSafe:
    """One line of user text that Markdown shows literally and that cannot break a table row."""
    if isinstance(value, MdSafe):
        return value
    text = _MD_INLINE.sub(r"\\\1", visible(_WHITESPACE.sub(" ", str(value))))
    match = _MD_LEADING.match(text)
    if match:
        space, marker = match.group(1), match.group(2)
        rest = text[match.end() :]
        # "1. x" -> "1\. x" (a list's marker is the dot); "# x" -> "\# x"
        digits = marker[0].isdigit()
        text = f"{space}{marker}\\{rest}" if digits else f"{space}\\{marker}{rest}"
    return MdSafe(text)


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


def md_link(text: object, ref: str | None) -> MdSafe:
    """A Markdown link to `ref` when `href` allows it; otherwise the text alone."""
    label = md_escape(text)
    target = href(ref)
    if target is None:
        return label
    encoded = _MD_URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", target).replace("&", "\\&")
    return MdSafe(f"[{label}]({encoded})")


def long_date(value: date | None) -> str | None:
    """19 February 2025."""
    return None if value is None else f"{value.day} {value:%B %Y}"


def short_date(value: date | None) -> str | None:
    """19 Feb 2025, for table columns."""
    return None if value is None else f"{value.day} {value:%b %Y}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """`3 actions`, `1 action`; `many` for irregular plurals."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def label(value: object) -> str:
    """The reader's name of a status, priority, severity or gap code."""
    return _LABELS.get(value, str(value))


def tag_colour(value: object) -> str:
    """The GOV.UK tag colour for a status or severity."""
    return _TAG_COLOURS.get(value, "grey")


def ink(colour: str | None) -> str:
    """Text colour with the better contrast on a level's fill (WCAG 1.4.3)."""
    return text_on(colour)


def fill(colour: str | None) -> str:
    return colour or NEUTRAL


_LONG_WORD = re.compile(r"\S{24,}")


def soft(value: object) -> object:
    """HTML text whose very long words may break (`<wbr>`), for table cells.

    Why: table columns are as wide as their longest word, so one 200-character word would push a
    table off the page; ordinary words still never break in the middle. A list is joined with
    commas. None stays None (it prints "Not stated").
    """
    if value is None or isinstance(value, Markup):
        return value
    if isinstance(value, list | tuple):
        return Markup(", ").join(str(soft(item)) for item in value)
    text = visible(_WHITESPACE.sub(" ", str(value)))
    parts: list[str] = []
    last = 0
    for match in _LONG_WORD.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        word = match.group()
        parts.append("<wbr>".join(str(escape(word[i : i + 12])) for i in range(0, len(word), 12)))
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


def heatmap_svg(heatmap: Heatmap, id_prefix: str) -> Markup:
    """The heatmap as inline SVG (text in every cell); `id_prefix` keeps ids unique in a page."""
    from bvduty.render import svg

    return Markup(svg.heatmap([heatmap], id_prefix=id_prefix))


def stated(value: object) -> object:
    """The value, or "Not stated" when it is missing or empty."""
    if value is None or value == "" or value == ():
        return NOT_STATED
    return value


@pass_eval_context
def _finalize(context: EvalContext, value: object) -> object:
    """Applied to every `{{ value }}`: None reads "Not stated"; strings are shown safely."""
    if value is None:
        return NOT_STATED
    if isinstance(value, Markup | MdSafe):
        return value
    if isinstance(value, str):
        # Fold newlines but keep edge spaces: a template's own `{{ ", " }}` must survive.
        text = visible(_WHITESPACE.sub(" ", value))
        return text if context.autoescape else md_escape(text)
    return value


class Numbering:
    """Section and paragraph numbers for a paper: 1, 1.1, 1.2, 2, 2.1 ...

    `section(key)` gives a key its number the first time it is asked (a contents list can ask
    before the headings do) and the same number ever after; `para(key)` counts that section's
    paragraphs.
    """

    def __init__(self) -> None:
        self._sections: dict[str, int] = {}
        self._paras: dict[str, int] = {}
        self._counts: dict[str, int] = {}

    def section(self, key: str) -> int:
        if key not in self._sections:
            self._sections[key] = len(self._sections) + 1
        return self._sections[key]

    def para(self, key: str) -> str:
        self._paras[key] = self._paras.get(key, 0) + 1
        return f"{self.section(key)}.{self._paras[key]}"

    def count(self, kind: str) -> int:
        """The next number of a kind of thing (tables, figures): 1, 2, 3 ..."""
        self._counts[kind] = self._counts.get(kind, 0) + 1
        return self._counts[kind]


def builtin_dir() -> Path:
    """The folder of the templates shipped with bvduty."""
    return Path(str(files("bvduty.templates")))


FILTERS: dict[str, Callable[..., Any]] = {
    "md": md_escape,
    "md_link": md_link,
    "href": href,
    "long_date": long_date,
    "short_date": short_date,
    "plural": plural,
    "label": label,
    "tag_colour": tag_colour,
    "ink": ink,
    "fill": fill,
    "stated": stated,
    "heatmap_svg": heatmap_svg,
    "soft": soft,
}


@cache
def environment(template_dir: Path | None = None) -> Environment:
    """The paper environment: `template_dir` first (a council's house style), then built-ins.

    Built-in templates are also reachable as `builtin/<name>`, so a council's template can
    `{% extends "builtin/paper.html.j2" %}` and replace a single block.

    Raises:
        UsageError: `template_dir` is not a folder.
    """
    builtin = FileSystemLoader(builtin_dir())
    loaders: list[Any] = [PrefixLoader({BUILTIN_PREFIX: builtin}, delimiter="/")]
    if template_dir is not None:
        if not template_dir.is_dir():
            raise UsageError(f"--template-dir {template_dir}: no such folder")
        loaders.append(FileSystemLoader(template_dir))
    loaders.append(builtin)
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "html", "svg.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(GAP_LABELS=GAP_LABELS, GAP_MEANINGS=GAP_MEANINGS, NOT_STATED=NOT_STATED)
    return env


def render(name: str, template_dir: Path | None = None, **context: Any) -> str:
    """Render the template `name` with `context` and a fresh `Numbering` as `num`.

    Raises:
        UsageError: the template is missing or broken (named with its file and line).
    """
    env = environment(template_dir)
    try:
        template = env.get_template(name)
        return template.render(num=Numbering(), **context)
    except TemplateNotFound as error:
        raise UsageError(f"template {error.name} not found") from None
    except TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise UsageError(f"template {where}: {error.message}") from None
    except TemplateError as error:
        raise UsageError(f"template {_where(error.__traceback__, name)}: {error}") from None


def _where(trace: TracebackType | None, fallback: str) -> str:
    """`file:line` of the innermost template frame of a rendering error (Jinja maps them)."""
    found = fallback
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found
