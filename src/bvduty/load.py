"""Load one assessment folder: parse every file, validate it, run the cross-file checks.

`load_assessment(source)` returns the validated `Assessment` when nothing is wrong, and every
problem found otherwise; it never raises for anything a file contains.
"""

from __future__ import annotations

import difflib
import posixpath
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bvduty import checks
from bvduty.assessment import Assessment, PlacedAction, ThemeEntry
from bvduty.discover import Source
from bvduty.errors import Problem, has_errors
from bvduty.filedoc import FileDoc, dotted
from bvduty.frameworks import Framework, builtin_frameworks, builtin_scales
from bvduty.model import (
    DOCUMENT,
    SUPPORTED_VERSIONS,
    ActionsFile,
    Evidence,
    EvidenceFile,
    Manifest,
    Scale,
    ThemeFile,
)
from bvduty.store import Store
from bvduty.yamlload import locate, parse_file


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The outcome of loading one folder: an assessment when valid, and every problem."""

    source: str
    assessment: Assessment | None
    problems: tuple[Problem, ...]
    files: int


def load_assessment(source: Source) -> LoadResult:
    """Parse, validate and cross-check every file of one assessment folder."""
    problems: list[Problem] = []
    docs: list[FileDoc] = []
    raw_ids: set[str] | None = set()
    for path in source.files:
        doc, file_problems = _load_file(path, source.store)
        problems.extend(file_problems)
        if isinstance(doc, FileDoc):
            docs.append(doc)
        elif doc is None:
            raw_ids = None  # a file we could not read at all: any id may live there
        elif raw_ids is not None:
            raw_ids |= doc
    assessment, cross = _assemble(source, docs, raw_ids, failed=has_errors(problems))
    problems.extend(cross)
    problems.sort()
    valid = assessment if not has_errors(problems) else None
    return LoadResult(source.display, valid, tuple(problems), len(source.files))


def check_file(data: bytes, display: str) -> list[Problem]:
    """The problems of one file on its own (YAML and its kind's schema), without its folder.

    For `bvduty validate -`: a buffer piped in with no assessment to place it in.
    """
    from bvduty.store import MemoryStore

    path = PurePosixPath("file.yaml")
    store = MemoryStore("", {path: data})
    _, problems = _load_file(path, store, display)
    return problems


def _load_file(
    path: PurePath, store: Store, display: str | None = None
) -> tuple[FileDoc | set[str] | None, list[Problem]]:
    """One file to a FileDoc, plus its problems.

    When the file fails, the ids it seems to define stand in for it, or None when it could
    not be read as YAML at all.
    """
    display = store.display(path) if display is None else display
    parsed = parse_file(path, display, store)
    problems = list(parsed.problems)
    data = parsed.data
    if parsed.root is None:
        return None, problems
    if not isinstance(data, dict):
        message = "a bvduty file is a mapping that starts with 'bvduty: 1' and a 'kind:' line"
        problems.append(_at(parsed.root, display, (), "wrong-type", message))
        return None, problems
    version = data.get("bvduty")
    if version is None:
        message = "missing 'bvduty: 1' (the format version) at the top of the file"
        problems.append(_at(parsed.root, display, (), "missing-field", message))
    elif not isinstance(version, str) or version not in {str(v) for v in SUPPORTED_VERSIONS}:
        supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
        message = f"format version {version!r} is not supported; supported versions: {supported}"
        problems.append(_at(parsed.root, display, ("bvduty",), "unsupported-version", message))
        return _raw_ids(data), problems
    data["bvduty"] = SUPPORTED_VERSIONS[-1]
    try:
        doc = DOCUMENT.validate_python(data)
    except ValidationError as exc:
        # A value the loader already refused (a tag, say) reaches the model as null: say so once.
        refused = {(p.line, p.column) for p in problems}
        found = _validation_problems(exc, parsed.root, display, data)
        problems.extend(p for p in found if (p.line, p.column) not in refused)
        return _raw_ids(data), problems
    if problems:  # duplicate keys, tags: the data is not what the author meant
        return _raw_ids(data), problems
    return FileDoc(display, path, doc, parsed.root), problems


def _at(
    root: yaml.Node | None, display: str, loc: Sequence[str | int], code: str, msg: str
) -> Problem:
    line, column = locate(root, loc)
    return Problem(display, line, column, code, dotted(loc), msg)


def _raw_ids(data: dict[str, Any]) -> set[str]:
    """Ids a broken file seems to define, so its neighbours get no false 'unknown id' errors."""
    found: set[str] = set()
    for key in ("criteria", "findings", "actions", "evidence"):
        items = data.get(key)
        if isinstance(items, list):
            found |= {
                i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)
            }
    return found


# --- Pydantic errors -> positioned problems -----------------------------------------------

_KIND_MODELS: dict[str, type[BaseModel]] = {
    "assessment": Manifest,
    "theme": ThemeFile,
    "actions": ActionsFile,
    "evidence": EvidenceFile,
}
_UNION_TAGS = {"inline", "id"}


def _validation_problems(
    exc: ValidationError, root: yaml.Node, display: str, data: dict[str, Any]
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = _clean_loc(error["loc"], data)
        kind_model = _KIND_MODELS.get(str(data.get("kind")))
        code, message, key = _describe(error, loc, kind_model)
        if error["type"] == "bad_kind":
            loc = ("kind",) if "kind" in data else ()
        line, column = locate(root, loc, key=key)
        problems.append(Problem(display, line, column, code, dotted(loc), message))
    return problems


def _clean_loc(loc: tuple[str | int, ...], data: dict[str, Any]) -> tuple[str | int, ...]:
    """Drop the discriminator tags Pydantic puts in `loc` (the kind, the scale's form)."""
    steps = list(loc)
    if steps and steps[0] == data.get("kind"):
        steps.pop(0)
    cleaned: list[str | int] = []
    for step in steps:
        if cleaned and cleaned[-1] == "scale" and step in _UNION_TAGS:
            continue
        cleaned.append(step)
    return tuple(cleaned)


def _describe(
    error: Any, loc: tuple[str | int, ...], model: type[BaseModel] | None
) -> tuple[str, str, bool]:
    """(code, message, point-at-key) for one Pydantic error."""
    kind = error["type"]
    field = next((str(s) for s in reversed(loc) if isinstance(s, str)), "value")
    given = error.get("input")
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(field, known, n=1, cutoff=0.6)
        message = f"unknown field '{field}'"
        if hint:
            message += f"; did you mean '{hint[0]}'?"
        elif known:
            message += f"; expected one of: {', '.join(sorted(known))}"
        return "unknown-field", message, True
    if kind == "missing":
        return "missing-field", f"missing required field '{field}'", False
    if kind == "bad_date":
        return "bad-date", f"{field}: {error['msg']}", False
    if kind == "bad_kind":
        given = given.get("kind") if isinstance(given, dict) else given
        return "unknown-kind", error["msg"] + (f"; got {given!r}" if given else ""), False
    if kind in {"literal_error", "enum"}:
        expected = error.get("ctx", {}).get("expected", "")
        return "bad-value", f"{field} must be one of {expected}; got {given!r}", False
    if kind == "string_pattern_mismatch":
        return "bad-value", _pattern_message(field, given, error["ctx"]["pattern"]), False
    if kind == "string_too_short":
        return "bad-value", f"{field} must not be empty", False
    if kind.endswith("_type") or kind in {"int_parsing", "model_attributes_type"}:
        return "wrong-type", f"{field} should be {_expected(kind)}, not {_shape(given)}", False
    return "bad-value", f"{field}: {error['msg']}", False


def _pattern_message(field: str, given: Any, pattern: str) -> str:
    if given == "":
        return f"{field} must not be empty"
    if "ENSW" in pattern:
        return f"{field} {given!r} is not an ONS GSS code like E07000123"
    if pattern.startswith("^#"):
        return f"{field} {given!r} is not a colour written #rrggbb"
    if "a-z0-9" in pattern:
        return f"{field} {given!r} must be lower-case letters, digits and hyphens, e.g. dark-green"
    return f"{field} {given!r} must not contain spaces or commas"


def _expected(kind: str) -> str:
    names = {
        "string_type": "text",
        "tuple_type": "a list",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
    }
    return names.get(kind, kind.removesuffix("_type"))


def _shape(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _fields_at(model: type[BaseModel] | None, loc: Sequence[str | int]) -> list[str]:
    """The field names of the model found by walking `loc` from the document model."""
    current = model
    for step in loc:
        if current is None:
            return []
        if isinstance(step, int):
            continue
        info = current.model_fields.get(step)
        current = _model_in(info.annotation) if info else None
    return list(current.model_fields) if current else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None


# --- Assembling the folder -------------------------------------------------------------------


def _assemble(
    source: Source, docs: list[FileDoc], raw_ids: set[str] | None, *, failed: bool
) -> tuple[Assessment | None, list[Problem]]:
    problems: list[Problem] = []
    manifests = [d for d in docs if isinstance(d.doc, Manifest)]
    if len(manifests) > 1:
        first = manifests[0].display
        for extra in manifests[1:]:
            message = f"a second file of kind 'assessment' in this folder (the first is {first})"
            problems.append(extra.at(("kind",), "several-manifests", message))
    if not manifests:
        if not failed:
            message = f"no file of kind 'assessment' in {source.display}"
            problems.append(Problem(source.display, 1, 1, "no-manifest", "", message))
        return None, problems
    manifest_doc = manifests[0]
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    framework, scale = (
        _resolve_framework(manifest_doc, source.store, problems),
        _resolve_scale(manifest_doc, problems),
    )
    problems.extend(checks.check_folder(manifest_doc, docs, framework, scale, raw_ids))
    if has_errors(problems) or failed or framework is None or scale is None:
        return None, problems
    return _build(source, manifest, docs, framework, scale), problems


def _resolve_framework(
    manifest_doc: FileDoc, store: Store, problems: list[Problem]
) -> Framework | None:
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    name = manifest.framework
    builtin = builtin_frameworks()
    if name in builtin:
        return builtin[name]
    if not name.endswith((".yaml", ".yml")):
        known = ", ".join(sorted(builtin))
        message = f"unknown framework '{name}'; built-in: {known}, or give the path of a .yaml file"
        problems.append(manifest_doc.at(("framework",), "unknown-framework", message))
        return None
    path = local_framework_path(manifest_doc.path, name)
    if path is None:
        message = (
            f"framework file '{name}' must be a relative path to a file in the assessment's"
            " folder or beside it (at most one '../')"
        )
        problems.append(manifest_doc.at(("framework",), "unknown-framework", message))
        return None
    if not store.is_file(path):
        message = f"framework file '{name}' not found next to {manifest_doc.display}"
        problems.append(manifest_doc.at(("framework",), "unknown-framework", message))
        return None
    if not store.inside(path, manifest_doc.path.parent.parent):
        problems.append(manifest_doc.at(("framework",), "link-outside", _link_out(name)))
        return None
    display = store.display(path)
    parsed = parse_file(path, display, store)
    problems.extend(parsed.problems)
    if parsed.problems or not isinstance(parsed.data, dict):
        return None
    try:
        return Framework.model_validate(parsed.data)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, parsed.root, display, parsed.data))  # type: ignore[arg-type]
        return None


def _link_out(name: str) -> str:
    return (
        f"framework file '{name}' is a link to a file outside the assessment's folder and the"
        " folder holding it; bvduty does not follow it: copy the file there instead"
    )


def local_framework_path(manifest: PurePath, name: str) -> PurePath | None:
    """Where a manifest's `framework: some/file.yaml` is, or None when the path is not allowed.

    Why confined: a framework file is read and its text shown in messages and papers, so it
    must lie in the assessment's own folder or in the folder that holds it (where a council
    keeps frameworks shared by its yearly folders: `../frameworks/fm-code.yaml`). Absolute
    paths, and paths that climb further up, are refused.
    """
    if name.startswith(("/", "\\")) or PurePath(name).is_absolute() or "\\" in name:
        return None
    folder = manifest.parent
    joined = posixpath.normpath(posixpath.join(folder.as_posix(), name))
    bound = folder.parent.as_posix()
    inside = bound in ("", ".") and not joined.startswith("../") and joined != ".."
    if not inside and not (joined.startswith(bound.rstrip("/") + "/")):
        return None
    return type(manifest)(joined)


def _resolve_scale(manifest_doc: FileDoc, problems: list[Problem]) -> Scale | None:
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    if isinstance(manifest.scale, Scale):
        return manifest.scale
    scales = builtin_scales()
    if manifest.scale in scales:
        return scales[manifest.scale]
    known = ", ".join(sorted(scales))
    message = f"unknown scale '{manifest.scale}'; built-in: {known}, or give the levels inline"
    problems.append(manifest_doc.at(("scale",), "unknown-scale", message))
    return None


def _build(
    source: Source, manifest: Manifest, docs: list[FileDoc], framework: Framework, scale: Scale
) -> Assessment:
    by_theme = {d.doc.theme: d for d in docs if isinstance(d.doc, ThemeFile)}
    themes = []
    for definition in framework.themes:
        found = by_theme.get(definition.id)
        theme_doc = found.doc if found else None
        assert theme_doc is None or isinstance(theme_doc, ThemeFile)
        themes.append(ThemeEntry(definition, theme_doc, found.display if found else None))
    actions: list[PlacedAction] = []
    evidence: list[Evidence] = []
    for d in docs:
        if isinstance(d.doc, ThemeFile):
            actions.extend(PlacedAction(a, d.doc.theme, d.display) for a in d.doc.actions)
            evidence.extend(d.doc.evidence)
        elif isinstance(d.doc, ActionsFile):
            actions.extend(PlacedAction(a, None, d.display) for a in d.doc.actions)
        elif isinstance(d.doc, EvidenceFile):
            evidence.extend(d.doc.evidence)
    return Assessment(
        folder=source.display,
        manifest=manifest,
        framework=framework,
        scale=scale,
        themes=tuple(themes),
        actions=tuple(actions),
        evidence=tuple(evidence),
        files=len(source.files),
    )
