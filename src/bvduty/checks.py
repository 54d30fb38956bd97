"""Rules that need the whole folder: themes, levels, unique ids and references between files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bvduty import suggest
from bvduty.errors import Problem
from bvduty.filedoc import UNREAD
from bvduty.model import Action, ActionsFile, ActionStatus, EvidenceFile, Manifest, Scale, ThemeFile

if TYPE_CHECKING:
    from bvduty.filedoc import FileDoc
    from bvduty.frameworks import Framework

Loc = tuple[str | int, ...]
_WHAT = {
    "criterion": "a characteristic",
    "finding": "a finding",
    "action": "an action",
    "evidence": "an evidence item",
}


def check_folder(
    manifest_doc: FileDoc | None,
    docs: list[FileDoc],
    framework: Framework | None,
    scale: Scale | None,
    raw_ids: set[str] | None | None,
) -> list[Problem]:
    """Every cross-file problem of one assessment folder.

    Args:
        manifest_doc: the (first) manifest, None when no manifest could be read.
        docs: every file, or the parts of it that passed validation on their own.
        framework: the resolved framework, or None when it could not be resolved.
        scale: the resolved scale, or None when it could not be resolved.
        raw_ids: ids defined by files that failed validation; references to them are not
            reported, so one broken file does not cause a cascade of false errors. None when a
            file could not be read at all: then no reference can be judged missing.
    """
    problems: list[Problem] = []
    if scale is not None and manifest_doc is not None:
        problems.extend(_check_scale(manifest_doc, scale))
    if manifest_doc is not None:
        problems.extend(_check_manifest(manifest_doc))
    if framework is not None:
        problems.extend(_check_themes(docs, framework))
    ids = _collect_ids(docs, problems)
    criteria_ids = {i for i, what in ids.items() if what == "criterion"}
    evidence_ids = {i for i, what in ids.items() if what == "evidence"}
    levels = {level.id for level in scale.levels} if scale is not None else set()
    see_cells = {
        c.id: c.see for d in docs if isinstance(d.doc, ThemeFile) for c in d.doc.criteria if c.see
    }
    for doc in docs:
        if isinstance(doc.doc, ThemeFile):
            problems.extend(
                _check_theme_file(
                    doc, doc.doc, criteria_ids, evidence_ids, raw_ids, scale, levels, see_cells
                )
            )
        if isinstance(doc.doc, ThemeFile | ActionsFile):
            for index, action in enumerate(doc.doc.actions):
                problems.extend(
                    _check_action(doc, ("actions", index), action, criteria_ids, raw_ids)
                )
    return problems


def _check_scale(manifest_doc: FileDoc, scale: Scale) -> Iterable[Problem]:
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    if not scale.levels:
        message = "a scale needs at least one level; list them worst first, each with id and label"
        yield manifest_doc.at(("scale", "levels"), "bad-scale", message)
        return
    seen: set[str] = set()
    shorts: set[str] = set()
    for index, level in enumerate(scale.levels):
        if level.id in seen:
            loc: Loc = ("scale", "levels", index, "id")
            message = f"level '{level.id}' is listed twice; give each level its own id"
            yield manifest_doc.at(loc, "duplicate-id", message)
        if level.short is not None and level.short in shorts:
            loc = ("scale", "levels", index, "short")
            message = f"short mark '{level.short}' is used twice; give each level its own mark"
            yield manifest_doc.at(loc, "bad-scale", message)
        seen.add(level.id)
        shorts.add(level.short or "")
    if manifest.default_target is not None and manifest.default_target not in seen:
        yield _unknown_level(manifest_doc, ("default_target",), manifest.default_target, scale)


def _check_manifest(manifest_doc: FileDoc) -> Iterable[Problem]:
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    report = manifest.report
    if report is None or not manifest_doc.complete(("report",)):
        return
    if report.classification == "exempt" and report.exempt_paragraph is None:
        message = (
            "an exempt report needs exempt_paragraph; add a line 'exempt_paragraph: N' with the"
            " paragraph, 1 to 7, of Schedule 12A to the Local Government Act 1972"
        )
        yield manifest_doc.at(("report", "classification"), "missing-field", message)
    if report.classification != "exempt" and report.exempt_paragraph is not None:
        message = (
            "exempt_paragraph is only for a report whose classification is exempt; remove it,"
            " or set classification: exempt"
        )
        yield manifest_doc.at(("report", "exempt_paragraph"), "bad-value", message, key=True)


def _check_themes(docs: list[FileDoc], framework: Framework) -> Iterable[Problem]:
    known = [t.id for t in framework.themes]
    first_file: dict[str, str] = {}
    for doc in docs:
        if not isinstance(doc.doc, ThemeFile) or "theme" in doc.broken:
            continue
        theme = doc.doc.theme
        if theme not in known:
            message = suggest.theme_message(theme, framework.themes, framework.id)
            yield doc.at(("theme",), "unknown-theme", message)
        elif theme in first_file:
            message = (
                f"theme '{theme}' is already assessed in {first_file[theme]}; a theme has one"
                " file: move these characteristics there, or fix the theme id"
            )
            yield doc.at(("theme",), "duplicate-theme", message)
        else:
            first_file[theme] = doc.display


def _collect_ids(docs: list[FileDoc], problems: list[Problem]) -> dict[str, str]:
    """All ids in the folder -> what they name; duplicates become problems.

    Positions are looked up only for duplicates: most folders have none, and a lookup walks
    the node tree.
    """
    ids: dict[str, str] = {}
    first: dict[str, tuple[FileDoc, Loc]] = {}
    for doc in docs:
        for loc, what, item_id in _defined_ids(doc):
            if not item_id.isascii() and (odd := suggest.odd_character(item_id)) is not None:
                problems.append(_odd_id(doc, (*loc, "id"), item_id, odd))
            if item_id not in ids:
                ids[item_id] = what
                first[item_id] = (doc, loc)
                continue
            first_doc, first_loc = first[item_id]
            first_line = first_doc.at((*first_loc, "id"), "", "").line
            message = (
                f"id '{item_id}' is already used by {_WHAT[ids[item_id]]}"
                f" at {first_doc.display}:{first_line}; give each its own id"
            )
            problems.append(doc.at((*loc, "id"), "duplicate-id", message))
    return ids


def _odd_id(doc: FileDoc, loc: Loc, item_id: str, odd: tuple[int, str]) -> Problem:
    """An id with a character Word puts in (an en dash, a curly quote, a no-break space)."""
    index, character = odd
    fixed = suggest.plain(item_id).strip()
    message = (
        f"id '{item_id}' contains {suggest.name_character(character)}:"
        f" {suggest.fix_character(character)}"
    )
    if fixed and fixed != item_id:
        message += f" ({fixed})"
    return doc.at_character(loc, index, "bad-value", message)


def _defined_ids(doc: FileDoc) -> Iterable[tuple[Loc, str, str]]:
    body = doc.doc
    if isinstance(body, ThemeFile):
        for index, criterion in enumerate(body.criteria):
            yield ("criteria", index), "criterion", criterion.id
        for index, finding in enumerate(body.findings):
            if finding.id is not None:
                yield ("findings", index), "finding", finding.id
    if isinstance(body, ThemeFile | ActionsFile):
        for index, action in enumerate(body.actions):
            yield ("actions", index), "action", action.id
    if isinstance(body, ThemeFile | EvidenceFile):
        for index, evidence in enumerate(body.evidence):
            yield ("evidence", index), "evidence", evidence.id


def _check_theme_file(
    doc: FileDoc,
    theme: ThemeFile,
    criteria_ids: set[str],
    evidence_ids: set[str],
    raw_ids: set[str] | None | None,
    scale: Scale | None,
    levels: set[str],
    see_cells: dict[str, str],
) -> Iterable[Problem]:
    for index, criterion in enumerate(theme.criteria):
        here: Loc = ("criteria", index)
        if criterion.see is None and criterion.statement is None and doc.complete(here):
            message = (
                f"missing required field 'statement' in characteristic {criterion.id}; add a"
                " line 'statement: …' (what good looks like), or 'see: ID' to point at another"
                " characteristic"
            )
            yield doc.at(here, "missing-field", message)
        if criterion.see is not None:
            yield from _check_see(doc, here, criterion.id, criterion.see, criteria_ids, raw_ids)
            if criterion.see in see_cells and criterion.see != criterion.id:
                final = _final_target(criterion.see, see_cells)
                message = f"{criterion.id} points at {criterion.see}, itself a cross-reference"
                if final:
                    message += f"; point it at the characteristic that is rated: see: {final}"
                yield doc.at((*here, "see"), "bad-reference", message)
            for field in ("rating", "target"):
                if getattr(criterion, field) is not None:
                    message = (
                        f"{criterion.id} is a cross-reference to {criterion.see}"
                        f" and cannot carry a {field} of its own; remove the {field} line (it"
                        f" comes from {criterion.see})"
                    )
                    yield doc.at((*here, field), "see-with-rating", message, key=True)
        if scale is not None:
            for field in ("rating", "target"):
                value = getattr(criterion, field)
                if value is not None and value not in levels:
                    yield _unknown_level(doc, (*here, field), value, scale)
        for n, ref in enumerate(criterion.evidence):
            yield from _reference(
                doc, (*here, "evidence", n), ref, evidence_ids, raw_ids, "evidence"
            )
    for index, finding in enumerate(theme.findings):
        for n, ref in enumerate(finding.criteria):
            loc: Loc = ("findings", index, "criteria", n)
            yield from _reference(doc, loc, ref, criteria_ids, raw_ids, "criterion")


def _check_see(
    doc: FileDoc,
    here: Loc,
    cell: str,
    target: str,
    criteria_ids: set[str],
    raw_ids: set[str] | None,
) -> Iterable[Problem]:
    if target == cell:
        message = f"{cell} cannot refer to itself; point see: at another characteristic"
        yield doc.at((*here, "see"), "bad-reference", message)
        return
    yield from _reference(doc, (*here, "see"), target, criteria_ids, raw_ids, "criterion")


def _check_action(
    doc: FileDoc, here: Loc, action: Action, criteria_ids: set[str], raw_ids: set[str] | None
) -> Iterable[Problem]:
    done = action.status is ActionStatus.DONE
    whole = doc.complete(here)  # else a field was dropped: its status or date may be absent
    if whole and done and action.completed_on is None:
        message = (
            f"action {action.id} is done but has no completed_on date; add a line"
            " 'completed_on: YYYY-MM-DD' with the day it was done"
        )
        yield doc.at((*here, "status"), "done-without-date", message)
    if whole and not done and action.completed_on is not None:
        message = (
            f"action {action.id} has completed_on but its status is {action.status.value};"
            " set status: done, or remove completed_on"
        )
        yield doc.at((*here, "completed_on"), "date-without-done", message, key=True)
    for n, ref in enumerate(action.criteria):
        yield from _reference(doc, (*here, "criteria", n), ref, criteria_ids, raw_ids, "criterion")


def _reference(
    doc: FileDoc, loc: Loc, ref: str, known: set[str], raw_ids: set[str] | None | None, what: str
) -> Iterable[Problem]:
    if raw_ids is None or ref in known or ref in raw_ids or ref == UNREAD:
        return
    if what == "evidence":
        message = f"{ref} is not in the evidence library"
        fix = "add it to the evidence library, or fix the id"
    else:
        message = f"{ref} is not a characteristic in this assessment"
        fix = "add it to a theme file, or fix the id"
    odd = suggest.odd_character(ref)
    hint = suggest.near_id(ref, known)
    message = suggest.hinted(
        message + suggest.character_note(ref), hint, "" if odd or hint else fix
    )
    if odd is not None:
        yield doc.at_character(loc, odd[0], "unknown-reference", message)
    else:
        yield doc.at(loc, "unknown-reference", message)


def _unknown_level(doc: FileDoc, loc: Loc, value: str, scale: Scale) -> Problem:
    message = suggest.level_message(str(loc[-1]), value, scale.levels)
    odd = suggest.odd_character(value)
    if odd is not None:
        return doc.at_character(loc, odd[0], "unknown-level", message)
    return doc.at(loc, "unknown-level", message)


def _final_target(start: str, see_cells: dict[str, str]) -> str | None:
    """The rated characteristic at the end of a chain of cross-references, if the chain ends."""
    seen = {start}
    current = see_cells.get(start)
    while current is not None and current in see_cells:
        if current in seen:
            return None
        seen.add(current)
        current = see_cells[current]
    return current
