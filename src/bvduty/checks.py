"""Rules that need the whole folder: themes, levels, unique ids and references between files."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from bvduty import suggest
from bvduty.errors import Problem, Severity
from bvduty.filedoc import UNREAD
from bvduty.model import (
    PAPER_SECTIONS,
    Action,
    ActionsFile,
    ActionStatus,
    EvidenceFile,
    Manifest,
    ReportMeta,
    Scale,
    ThemeFile,
)
from bvduty.textsafe import UNSAFE_CHARACTERS

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
    every_file_read: bool = True,
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
        every_file_read: no file failed to be read at all (so a missing evidence library is
            really missing, not an unreadable file).
    """
    problems: list[Problem] = []
    if scale is not None and manifest_doc is not None:
        problems.extend(_check_scale(manifest_doc, scale))
    if manifest_doc is not None:
        problems.extend(_check_manifest(manifest_doc))
    if framework is not None:
        problems.extend(_check_themes(docs, framework))
    ids = _collect_ids(docs, problems)
    problems.extend(check_confusable_ids(docs))
    criteria_ids = {i for i, what in ids.items() if what == "criterion"}
    evidence_ids = {i for i, what in ids.items() if what == "evidence"}
    levels = {level.id for level in scale.levels} if scale is not None else set()
    see_cells = {
        c.id: c.see for d in docs if isinstance(d.doc, ThemeFile) for c in d.doc.criteria if c.see
    }
    sources = _action_sources(manifest_doc)
    for doc in docs:
        if isinstance(doc.doc, ThemeFile):
            problems.extend(
                _check_theme_file(doc, doc.doc, criteria_ids, raw_ids, scale, levels, see_cells)
            )
        if isinstance(doc.doc, ThemeFile | ActionsFile):
            for index, action in enumerate(doc.doc.actions):
                problems.extend(
                    _check_action(doc, ("actions", index), action, criteria_ids, raw_ids)
                )
                problems.extend(_check_register(doc, ("actions", index), action, sources))
        if isinstance(doc.doc, ThemeFile | EvidenceFile):
            for index, evidence in enumerate(doc.doc.evidence):
                if evidence.ref is not None and evidence.location is not None:
                    message = (
                        f"evidence {evidence.id} has both ref and location; keep location (a URL,"
                        " or a path from the assessment folder) and remove ref"
                    )
                    here: Loc = ("evidence", index, "ref")
                    problems.append(doc.at(here, "bad-value", message, key=True))
    library = not every_file_read or any(isinstance(d.doc, EvidenceFile) for d in docs)
    problems.extend(_check_citations(docs, evidence_ids, raw_ids, library=library))
    return problems


def _check_citations(
    docs: list[FileDoc], evidence_ids: set[str], raw_ids: set[str] | None, *, library: bool
) -> list[Problem]:
    """Each characteristic's `evidence` ids that name no document of the library.

    With no evidence library file (`library` False), one problem says so at the first such
    citation, not one per citation. Why: a folder whose evidence.yaml was deleted gave 65 lines
    of "E001 is not in the evidence library" and none said the library itself was missing.
    """
    found: list[tuple[str, Problem]] = []
    for doc in docs:
        if not isinstance(doc.doc, ThemeFile):
            continue
        for index, criterion in enumerate(doc.doc.criteria):
            for n, ref in enumerate(criterion.evidence):
                loc: Loc = ("criteria", index, "evidence", n)
                found += [
                    (ref, p) for p in _reference(doc, loc, ref, evidence_ids, raw_ids, "evidence")
                ]
    if library or len(found) < 2:
        return [p for _, p in found]
    (ref, first), ids = found[0], {ref for ref, _ in found}
    message = (
        f"{ref} is not in the evidence library, because this assessment has no evidence library"
        f" file: add one with 'kind: evidence' (such as evidence.yaml) listing the {len(ids)}"
        f" documents cited here and in {len(found) - 1} more places"
    )
    return [Problem(first.file, first.line, first.column, first.code, first.path, message)]


def _action_sources(manifest_doc: FileDoc | None) -> dict[str, str] | None:
    """The sources actions may name (docs/format.md 2.5); None when the manifest could not say."""
    if manifest_doc is None or "action_plan" in manifest_doc.broken:
        return None
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    if not manifest_doc.complete(("action_plan",)):
        return None
    return manifest.action_sources


def _check_register(
    doc: FileDoc, here: Loc, action: Action, sources: dict[str, str] | None
) -> Iterable[Problem]:
    """An action's source is one the council knows; its revisions end at its due date."""
    if action.source is not None and sources is not None and action.source not in sources:
        listed = ", ".join(sources)
        labels = {suggest.normalise(label): key for key, label in sources.items()}
        message = suggest.hinted(
            f"action {action.id} has source '{action.source}', which is not a source of actions",
            suggest.near(action.source, sources, labels),
            f"sources: {listed}; or add it to the manifest's action_plan.sources",
        )
        yield doc.at((*here, "source"), "unknown-source", message)
    if not action.revisions or not doc.complete(here):
        return
    if action.original_due is None:
        message = (
            f"action {action.id} lists revisions of its due date but not the date first agreed;"
            " add a line 'original_due: YYYY-MM-DD'"
        )
        yield doc.at((*here, "revisions"), "missing-field", message, key=True)
    latest = action.latest_revision
    assert latest is not None
    if latest.due != action.due:
        index = action.revisions.index(latest)
        message = (
            f"action {action.id} is due {action.due.isoformat()} but its latest revision"
            f" (revised_on {latest.revised_on.isoformat()}) moves it to"
            f" {latest.due.isoformat()}; set due: {latest.due.isoformat()}, or add the revision"
            f" that moved it to {action.due.isoformat()}"
        )
        yield doc.at((*here, "revisions", index, "due"), "due-mismatch", message)


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


# The implications every committee paper states (a council may add its own headings).
PAPER_IMPLICATIONS = ("financial", "legal", "equalities", "risk")


def _check_manifest(manifest_doc: FileDoc) -> Iterable[Problem]:
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    report = manifest.report
    yield from _check_paper(manifest_doc, report)
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
            if (odd := _odd_in_id(item_id)) is not None:
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


_HIDDEN_IN_ID = re.compile(f"[{UNSAFE_CHARACTERS}]")


def _odd_in_id(item_id: str) -> tuple[int, str] | None:
    """The first character of an id that Word puts in, or that no one can see or type."""
    if item_id.isascii() and item_id.isprintable():
        return None
    found = suggest.odd_character(item_id)
    hidden = _HIDDEN_IN_ID.search(item_id)
    if hidden is not None and (found is None or hidden.start() < found[0]):
        return hidden.start(), hidden.group()
    return found


def _odd_id(doc: FileDoc, loc: Loc, item_id: str, odd: tuple[int, str]) -> Problem:
    """An id with a character Word puts in (an en dash, a curly quote, a no-break space), or
    one that cannot be seen (a control or zero-width character): each named, at its column."""
    index, character = odd
    fixed = suggest.plain(item_id).strip()
    if character in suggest.ODD_CHARACTERS:
        named, fix = suggest.name_character(character), suggest.fix_character(character)
    else:
        kind = "a control character" if ord(character) < 0xA0 else "an invisible character"
        name = unicodedata.name(character, "").lower()
        named = f"{kind} (U+{ord(character):04X}{f', {name}' if name else ''})"
        fix = "delete it and type the id again"
    message = f"id '{item_id}' contains {named}: {fix}"
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


def _check_paper(manifest_doc: FileDoc, report: ReportMeta | None) -> Iterable[Problem]:
    """The report sections named must exist; and a warning for each field the paper needs.

    Warnings (severity warning) do not fail `validate` unless `--strict` is given: a draft
    assessment is worked on long before its committee paper is due.
    """
    if report is None:
        message = (
            "the report: settings are empty, so the committee paper has no committee, date,"
            " author, purpose, recommendations or implications; fill in the report: section"
            " (docs/format.md section 5)"
        )
        yield manifest_doc.at(
            ("report",), "paper-incomplete", message, key=True, severity=Severity.WARNING
        )
        return
    chosen: list[str] = []
    for index, choice in enumerate(report.sections or ()):
        if not isinstance(choice, str):
            continue
        loc: Loc = ("report", "sections", index)
        if choice not in PAPER_SECTIONS:
            message = suggest.hinted(
                f"no report section '{choice}'",
                suggest.near(choice, PAPER_SECTIONS),
                f"sections: {', '.join(PAPER_SECTIONS)}, or {{title, text}} for one of your own",
            )
            yield manifest_doc.at(loc, "unknown-section", message)
        elif choice in chosen:
            yield manifest_doc.at(loc, "duplicate-section", f"section '{choice}' is listed twice")
        chosen.append(choice)
    shown = set(PAPER_SECTIONS if report.sections is None else chosen)
    needed: list[tuple[bool, str, str]] = [
        (report.committee is None, "committee", "the committee the paper goes to"),
        (report.meeting_date is None, "meeting_date", "the date of the meeting, YYYY-MM-DD"),
        (report.report_of is None, "report_of", "the officer role the report is of"),
        (report.author is None or report.author.name is None, "author", "the author's name"),
        (
            report.author is None or not (report.author.email or report.author.phone),
            "author",
            "an email or telephone number to contact the author",
        ),
        (report.wards is None, "wards", 'the wards affected, e.g. "All wards"'),
        (report.key_decision is None, "key_decision", "whether it is a key decision: yes or no"),
        (report.classification is None, "classification", "public, or exempt"),
    ]
    if "purpose" in shown:
        needed.append((report.purpose is None, "purpose", "the purpose of the report"))
    if "recommendations" in shown:
        needed.append((not report.recommendations, "recommendations", "the recommendations"))
    if "options" in shown:
        needed.append((not report.options, "options", "the options considered"))
        needed.append((report.reasons is None, "reasons", "the reasons for the recommendations"))
    if "implications" in shown:
        for heading in PAPER_IMPLICATIONS:
            missing = heading not in report.implications
            needed.append((missing, f"implications.{heading}", f"the {heading} implications"))
    for missing, field, what in needed:
        if missing:
            message = f"the committee paper has no {field}: add report.{field} ({what})"
            yield manifest_doc.at(
                ("report",), "paper-incomplete", message, key=True, severity=Severity.WARNING
            )


# --- Ids that look the same (confusable-id) --------------------------------------------------

# Letters of other scripts drawn like a Latin letter or digit (after NFKC, which already folds
# full-width, mathematical and other compatibility forms), written as escapes so that a reader
# can tell them apart. Cyrillic \u0420 (Er) is drawn as Latin P, not R.
_LOOKALIKES = str.maketrans(
    (
        # Cyrillic
        "\u0410\u0412\u0415\u0417\u0405\u0406\u0408\u041a"
        "\u041c\u041d\u041e\u0420\u0421\u0422\u0423\u0425"
        "\u04ae\u04c0\u0500\u051a\u051c\u0430\u0435\u0455"
        "\u0456\u0458\u043e\u0440\u0441\u0443\u0445\u0501"
        "\u051b\u051d\u04bb\u04cf\u04af"
        # Greek
        "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c"
        "\u039d\u039f\u03a1\u03a4\u03a5\u03a7\u03f9\u037f"
        "\u03bf\u03bd\u03f2\u03f3"
        # Armenian, and Latin letters that lost their dot or hook
        "\u0555\u0585\u054d\u057d\u0570\u0578\u0566\u0131"
        "\u0237\u0251\u0261"
    ),
    # to, in the same order:
    (
        "ABE3SIJKMHOPCTYXYIdQWaesijopcyxdqwhly"  # Cyrillic
        "ABEZHIKMNOPTYXCJovcj"  # Greek
        "OoUuhnqijag"  # Armenian, and Latin letters that lost their dot or hook
    ),
)
# Invisible characters (the ones `textsafe` shows escaped, and the variation selectors).
_INVISIBLE = re.compile(f"[{UNSAFE_CHARACTERS}\ufe00-\ufe0f]")


def id_skeleton(value: str) -> str:
    """What an id looks like: NFKC, invisible characters dropped, look-alike letters folded.

    Two ids with the same skeleton are drawn the same (or nearly) in an editor. Plain ASCII
    ids are their own skeleton, so two different ASCII ids never match (0 and O, 1 and l are a
    council's own spelling, not a disguise).
    """
    if value.isascii():
        return value
    folded = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).translate(_LOOKALIKES)
    return unicodedata.normalize("NFKC", folded)


def check_confusable_ids(docs: list[FileDoc]) -> list[Problem]:
    """A warning (`confusable-id`) at each id that looks the same as an earlier, different id.

    Why: a Cyrillic letter, a zero-width joiner or a decomposed accent makes an id that reads
    like another one but does not match it, so a reference to it silently goes elsewhere.
    """
    first: dict[str, tuple[str, str, FileDoc, Loc]] = {}
    found: list[Problem] = []
    defined = [
        (doc, loc, what, item_id) for doc in docs for loc, what, item_id in _defined_ids(doc)
    ]
    latin = any(_scripts(item_id) == {"LATIN"} for _, _, _, item_id in defined)
    for doc, loc, what, item_id in defined:
        key = id_skeleton(item_id)
        if key not in first:
            first[key] = (item_id, what, doc, loc)
            foreign = _scripts(item_id) - {"LATIN"}
            if latin and foreign:
                found.append(_other_script(doc, loc, item_id))
            continue
        other, other_what, other_doc, other_loc = first[key]
        if other == item_id:
            continue  # the very same id twice: `duplicate-id` reports it
        line = other_doc.at((*other_loc, "id"), "", "").line
        message = (
            f"id '{item_id}' looks the same as '{other}' ({_WHAT[other_what]} at"
            f" {other_doc.display}:{line}) but is a different id: they differ in"
            f" {_characters(item_id, other)}; retype it in plain letters"
        )
        problem = doc.at((*loc, "id"), "confusable-id", message)
        found.append(replace(problem, severity=Severity.WARNING))
    return found


def _scripts(item_id: str) -> set[str]:
    """The scripts of an id's letters, by the first word of each letter's Unicode name."""
    return {unicodedata.name(c, "UNKNOWN").split()[0] for c in item_id if c.isalpha()}


def _other_script(doc: FileDoc, loc: Loc, item_id: str) -> Problem:
    """A warning at an id written in another script's letters beside ids in Latin letters.

    Why: Cyrillic Er (U+0420, drawn as P) typed for R on a keyboard left on another layout makes an
    id that no reference typed in Latin letters will ever match.
    """
    letters = [c for c in dict.fromkeys(item_id) if c.isalpha() and _scripts(c) != {"LATIN"}]
    named = ", ".join(
        f"{unicodedata.name(c, 'an unnamed letter').lower()} (U+{ord(c):04X})" for c in letters
    )
    message = (
        f"id '{item_id}' is written with {named}, while the other ids of this assessment use"
        " Latin letters; retype it in plain letters (was the keyboard set to another language?)"
    )
    problem = doc.at((*loc, "id"), "confusable-id", message)
    return replace(problem, severity=Severity.WARNING)


def _characters(one: str, other: str) -> str:
    """The characters outside plain ASCII that tell two look-alike ids apart, named."""
    differ = [c for c in dict.fromkeys(one + other) if (c in one) != (c in other)]
    shown = [c for c in differ if not c.isascii()] or differ
    return ", ".join(
        f"{unicodedata.name(c, 'an unnamed character').lower()} (U+{ord(c):04X})" for c in shown
    )
