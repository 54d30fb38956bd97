"""`bvduty init`: the files of a new, valid, empty assessment, and writing them without clobbering.

Every YAML file starts with a `# yaml-language-server: $schema=` line pointing at the
`schema.json` written beside the manifest, so an editor with the YAML extension shows help on
hover and flags typos with no set-up. Theme files carry the framework's title and description
as comments, so the officer filling them in has the guide's words in front of them.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bvduty import catalog
from bvduty.discover import YAML_SUFFIXES
from bvduty.errors import UsageError
from bvduty.frameworks import DEFAULT_FRAMEWORK, DEFAULT_SCALE, ThemeDef
from bvduty.model import Scale
from bvduty.textsafe import visible

SCHEMA_FILE = "schema.json"
MANIFEST_FILE = "assessment.yaml"
ACTIONS_FILE = "actions.yaml"
EVIDENCE_FILE = "evidence.yaml"
THEMES_DIR = "themes"
_WIDTH = 98
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "in"})


@dataclass(frozen=True, slots=True)
class NewAssessment:
    """What `init` was asked for."""

    authority: str
    period: str
    as_of: date
    framework: str = DEFAULT_FRAMEWORK
    scale: str = DEFAULT_SCALE


def scaffold(request: NewAssessment, schema: str) -> dict[str, str]:
    """The files of a new assessment, as {relative POSIX path: text}; `schema` is the JSON text.

    Raises:
        UsageError: an empty or unprintable name or period, or an unknown framework or scale.
    """
    authority = _field("--authority", request.authority)
    period = _field("--period", request.period)
    framework = catalog.framework(request.framework)
    scale = catalog.scale(request.scale)
    files = {
        SCHEMA_FILE: schema,
        MANIFEST_FILE: _manifest(request, authority, period, scale),
        ACTIONS_FILE: _actions(request.as_of),
        EVIDENCE_FILE: _evidence(request.as_of),
    }
    levels = ", ".join(level.id for level in scale.levels)
    for theme in framework.themes:
        name = f"{THEMES_DIR}/{theme.number:02d}-{theme.id}.yaml"
        files[name] = _theme(theme, framework.title, levels)
    return files


def create(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write a scaffold into `folder` (made if missing); never overwrites, all or nothing.

    Raises:
        UsageError: `folder` is a file, already holds YAML files (they would join the new
            assessment), or any target exists; nothing is written then.
    """
    from bvduty.output import write_files

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder; nothing was written")
    if folder.is_dir():
        present = sorted(
            p
            for p in folder.rglob("*")
            if p.suffix in YAML_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )
        if present:
            raise UsageError(
                f"{present[0]} already exists: {folder} already holds YAML files, which would"
                " become part of the new assessment; choose a new or empty folder"
                " (nothing was written)"
            )
    return write_files(folder, files, overwrite=False)


def _field(option: str, value: str) -> str:
    """The option's value, trimmed; it must be printable text (it goes into YAML)."""
    text = value.strip()
    if not text:
        raise UsageError(f"{option} must not be empty")
    if visible(text) != text or "\n" in text or "\t" in text:
        raise UsageError(f"{option} contains a control character: {visible(text)!r}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option} is not valid text (not UTF-8)") from None
    return text


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is a subset of YAML's."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str = "") -> list[str]:
    """Text wrapped into `# ` comment lines."""
    width = _WIDTH - len(indent) - 2
    return [f"# {indent}{line}".rstrip() for line in textwrap.wrap(" ".join(text.split()), width)]


def _schema_line(depth: int) -> str:
    relative = "./" if depth == 0 else "../" * depth
    return f"# yaml-language-server: $schema={relative}{SCHEMA_FILE}"


def _manifest(request: NewAssessment, authority: str, period: str, scale: Scale) -> str:
    labels = ", ".join(f"{level.id} ({level.label})" for level in scale.levels)
    lines = [
        _schema_line(0),
        "#",
        "# The manifest: one per assessment folder. Made by `bvduty init`; check the whole folder",
        "# with `bvduty validate`. Field help: hover in an editor with the YAML extension, or see",
        "# section 2.1 of docs/format.md in bvduty's source, the specification of these files.",
        "bvduty: 1",
        "kind: assessment",
        "authority:",
        f"  name: {_quoted(authority)}",
        "  # code: E07000123   # ONS GSS code",
        "  # type: district    # county, district, unitary, london-borough, other, ...",
        f"period: {_quoted(period)}",
        "# The date the assessment is as at: overdue actions are judged against it.",
        f"as_of: {request.as_of.isoformat()}",
        f"framework: {request.framework}",
        *_comment(f"Levels, worst first: {labels}."),
        f"scale: {request.scale}",
        "# default_target: " + scale.levels[-1].id + "   # target for cells that set none",
        "status: draft   # draft, in-review, approved",
        "# How the action plan is kept (docs/format.md 2.1), e.g.:",
        "# action_plan:",
        "#   update_within_days: 92   # an open action with no dated update for longer is a gap",
        "#   sources:                 # sources of the council's own, beside the built-in ones",
        "#     - {id: health-and-safety-review, label: Health and safety review}",
        *_REPORT,
    ]
    return "\n".join(lines) + "\n"


# The committee paper's front matter, every field commented out until it is known: `bvduty
# validate` warns about each one the paper needs (docs/format.md 5.3), and the paper leaves out
# any that is missing. Uncomment a line (delete the `# ` before the field) to fill it in.
_REPORT = [
    "",
    "# The committee paper (bvduty report). Fill these in as they become known: uncomment a line",
    "# by deleting the '# ' before the field name. See docs/format.md section 5.",
    "report:",
    "  # committee: Standards and Audit Committee",
    "  # meeting_date: 2026-02-19            # YYYY-MM-DD",
    "  # report_of: Chief Executive",
    "  # portfolio_holder: Leader of the Council",
    "  # author:",
    "  #   name: Your Name",
    "  #   email: your.name@example.gov.uk",
    '  #   phone: "01632 960 000"',
    "  # wards: All wards",
    "  # key_decision: no                    # yes or no",
    "  # classification: public              # public, or exempt with exempt_paragraph: 1-7",
    "  # purpose: >-",
    "  #   To present the Council's Best Value Duty self-assessment, for discussion and noting.",
    "  # recommendations:",
    "  #   - That the Committee notes the self-assessment and its action plan.",
    "  # method: >-",
    "  #   How the ratings were reached: lead officers, independent reviewers, moderation.",
    "  # options:",
    "  #   - To note the self-assessment and its action plan (recommended).",
    "  # reasons: >-",
    "  #   Why the Committee is asked to do this.",
    "  # implications:                       # financial, legal, equalities and risk are expected",
    "  #   financial: ...",
    "  #   legal: ...",
    "  #   equalities: ...",
    "  #   risk: ...",
    "  #   climate: ...",
    "  #   human_resources: ...",
    "  #   data_protection: ...",
    "  # background_papers:",
    "  #   - Best value standards and intervention: a statutory guide (MHCLG, May 2024)",
    "  # sections: [purpose, recommendations, background, findings, actions, options,",
    "  #            implications, background_papers]   # reorder, leave out, or add {title, text}",
]


def _cell_prefix(theme: ThemeDef) -> str:
    words = [w for w in theme.id.split("-") if w not in _SMALL_WORDS]
    return "".join(w[0] for w in words).upper()


def _theme(theme: ThemeDef, framework_title: str, levels: str) -> str:
    lines = [_schema_line(1), "#", f"# Theme {theme.number}: {theme.title}", "#"]
    if theme.description:
        lines.extend(_comment(f"What the guide says ({framework_title}):"))
        for paragraph in theme.description:
            lines.extend(["#", *_comment(paragraph, "  ")])
    else:
        lines.append("# The framework's description of this theme is not included in bvduty.")
    prefix = _cell_prefix(theme)
    lines += [
        "#",
        *_comment(f"Rate each cell with a level id, worst first: {levels}; leave rating empty"),
        "# until the cell is assessed.",
        "bvduty: 1",
        "kind: theme",
        f"theme: {theme.id}",
        "# lead: Officer role leading the theme",
        "# reviewer: Independent reviewer",
        "criteria: []",
        "# One entry per heatmap cell, in display order, e.g.:",
        "# criteria:",
        f"#   - id: {prefix}001",
        '#     statement: What "good" looks like for this characteristic',
        "#     rating:",
        "#     evidence: [E001]",
        "# findings:",
        "#   - type: strength      # or improvement",
        "#     text: An evidence bullet",
        f"#     criteria: [{prefix}001]",
    ]
    return "\n".join(lines) + "\n"


def _actions(as_of: date) -> str:
    lines = [
        _schema_line(0),
        "#",
        "# The action plan: actions that span themes (a theme's own actions may sit in its file).",
        "bvduty: 1",
        "kind: actions",
        "actions: []",
        "# actions:",
        "#   - id: A01",
        "#     title: What will be done",
        "#     owner: Responsible officer, role or name",
        f"#     due: {as_of.isoformat()}",
        "#     status: planned    # planned, in-progress, done, blocked, cancelled",
        "#     criteria: []       # ids of the cells this action improves",
        "#     source: self-assessment   # or external-audit, internal-audit, peer-challenge,",
        "#                               # best-value-notice, inspection, scrutiny, ombudsman",
        "#     # When the due date moves, keep the date first agreed and say why:",
        f"#     # original_due: {as_of.isoformat()}",
        "#     # revisions:",
        f"#     #   - {{revised_on: {as_of.isoformat()}, due: {as_of.isoformat()}, reason: Why}}",
        "#     updates:",
        f"#       - {{date: {as_of.isoformat()}, text: What happened}}",
    ]
    return "\n".join(lines) + "\n"


def _evidence(as_of: date) -> str:
    lines = [
        _schema_line(0),
        "#",
        "# The evidence library: documents that back the ratings; cells cite them by id.",
        "bvduty: 1",
        "kind: evidence",
        "evidence: []",
        "# evidence:",
        "#   - id: E001",
        "#     title: What the document is",
        "#     location: https://example.gov.uk/document   # a URL, or a path from this folder",
        f"#     date: {as_of.isoformat()}",
        "#     owner: Who holds it",
        f"#     review_by: {as_of.replace(year=as_of.year + 1, day=min(as_of.day, 28)).isoformat()}"
        "   # after this date it is stale",
    ]
    return "\n".join(lines) + "\n"
