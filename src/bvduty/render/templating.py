"""The one Jinja2 environment that page templates render in (the HTML and PDF paper's page).

Why a sandbox: a council's `--template-dir` may hold templates shared between councils or taken
from elsewhere. Jinja's `SandboxedEnvironment` keeps a template to formatting: it cannot reach
Python internals, read files or run programs, and `range` is bounded. The words of the paper are
not in templates at all (see `compose`), so a template changes the look, never what is said.

Every template failure (a syntax error, a missing or self-including template, a division by
zero, a filter given the wrong thing, a file that is not UTF-8, a template that exhausts memory)
becomes one message naming the template's file and line, and exit code 2.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from bvduty.errors import UsageError

BUILTIN_PREFIX = "builtin"


def long_date(value: date | None) -> str:
    """19 February 2025 (empty when there is no date)."""
    return "" if value is None else f"{value.day} {value:%B %Y}"


def builtin_dir() -> Path:
    """The folder of the templates shipped with bvduty."""
    return Path(str(files("bvduty.templates")))


@cache
def environment(template_dir: Path | None = None) -> SandboxedEnvironment:
    """The page environment: `template_dir` first (a council's house style), then built-ins.

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
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "html", "svg.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["long_date"] = long_date
    return env


def render(name: str, template_dir: Path | None = None, **context: Any) -> str:
    """Render the template `name` with `context`.

    Raises:
        UsageError: the template is missing or fails in any way (named with its file and line).
    """
    env = environment(template_dir)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateNotFound as error:
        raise UsageError(f"template {error.name} not found") from None
    except TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise UsageError(f"template {where}: {error.message}") from None
    except UnicodeDecodeError as error:
        raise UsageError(
            f"template {_where(error.__traceback__, name)}: not UTF-8 (byte"
            f" 0x{error.object[error.start]:02x}); save the template as UTF-8"
        ) from None
    except RecursionError:
        raise UsageError(
            f"template {_where(None, name)}: it includes or extends itself without end"
        ) from None
    except MemoryError:
        raise UsageError(f"template {_where(None, name)}: ran out of memory") from None
    except Exception as error:  # a template is a program of its own: any failure is its author's
        where = _where(error.__traceback__, name)
        raise UsageError(f"template {where}: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    """A failure in words: what went wrong, without Python's class names where we can."""
    kinds = {
        ZeroDivisionError: "division by zero",
        TypeError: "a value of the wrong kind",
        ValueError: "a value that does not fit",
    }
    for kind, words in kinds.items():
        if isinstance(error, kind):
            return f"{words} ({error})"
    return str(error) or "the template failed"


def _where(trace: TracebackType | None, fallback: str) -> str:
    """`file:line` of the innermost template frame of a rendering error (Jinja maps them)."""
    found = fallback
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".html", ".css")):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found
