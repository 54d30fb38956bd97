"""Load one assessment folder: parse every file, validate it, run the cross-file checks.

`load_assessment(source)` returns the validated `Assessment` when nothing is wrong, and every
problem found otherwise; it never raises for anything a file contains.

One run finds everything that can be found: a file with problems still takes part in the
cross-file checks with the parts of it that could be read (each list item is judged on its
own), a file that is not YAML at all still lends the ids it seems to define, and the messages
are written once the folder's scale and framework are known, so that they can name the level
or theme that was meant.
"""

from __future__ import annotations

import copy
import posixpath
import re
import typing
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from bvduty import checks, suggest
from bvduty.assessment import Assessment, PlacedAction, ThemeEntry
from bvduty.discover import Source
from bvduty.errors import Problem, Severity, has_errors
from bvduty.explain import KIND_MODELS, Context, clean_loc, model_in, shape, validation_problems
from bvduty.filedoc import UNREAD, FileDoc, dotted
from bvduty.frameworks import (
    DEFAULT_FRAMEWORK,
    DEFAULT_SCALE,
    Framework,
    builtin_frameworks,
    builtin_scales,
)
from bvduty.indicators import Series, ValuesFile, read_values_file, resolve
from bvduty.model import (
    DOCUMENT,
    SUPPORTED_VERSIONS,
    ActionsFile,
    Evidence,
    EvidenceFile,
    IndicatorsFile,
    Manifest,
    Scale,
    ThemeFile,
)
from bvduty.store import MemoryStore, Store
from bvduty.yamlload import MAX_VALUES, Tree, events_of, locate, parse_file, too_many_values

MAX_PROBLEMS = 200  # listed per file; one more problem says how many others were found
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The outcome of loading one folder: an assessment when valid, and every problem."""

    source: str
    assessment: Assessment | None
    problems: tuple[Problem, ...]
    files: int


@dataclass(slots=True)
class _Loaded:
    """One file after its own checks: what could be read, its problems, and the schema errors
    still to be put into words (once the folder's context is known)."""

    display: str
    doc: FileDoc | None = None
    ids: set[str] | None = field(default_factory=set)  # ids it defines; None: cannot tell
    problems: list[Problem] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)
    data: dict[str, Any] | None = None
    tree: Tree | None = None  # composed only when a position is needed
    unlisted: int = 0  # schema errors found past MAX_PROBLEMS, only counted
    text_manifest: tuple[str, str | None] | None = None  # (framework, scale) read from text

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.errors)

    def describe(self, context: Context) -> list[Problem]:
        if not self.errors or self.data is None or self.tree is None:
            return []
        root = self.tree.root  # composed only now: positions are needed only for problems
        if root is None:
            return []
        refused = {(p.line, p.column) for p in self.problems}
        errors = self.errors[:MAX_PROBLEMS]  # the rest are only counted (`unlisted`)
        found = validation_problems(errors, root, self.display, self.data, context)
        # A value the loader already refused (a tag, say) reaches the model as null: say so once.
        return [p for p in found if (p.line, p.column) not in refused]


def load_assessment(source: Source) -> LoadResult:
    """Parse, validate and cross-check every file of one assessment folder."""
    loaded = [_load_file(path, source.store) for path in source.files]
    raw_ids: set[str] | None = set()
    for item in loaded:
        if item.failed and raw_ids is not None:
            raw_ids = None if item.ids is None else raw_ids | item.ids
    assessment, problems = _assemble(source, loaded, raw_ids)
    unlisted = {i.display: i.unlisted for i in loaded if i.unlisted}
    problems = _capped(problems, unlisted, partial(_shown_text, source))
    valid = assessment if not has_errors(problems) else None
    return LoadResult(source.display, valid, tuple(problems), len(source.files))


def _capped(
    problems: list[Problem], unlisted: dict[str, int], text_of: Callable[[str], str]
) -> list[Problem]:
    """Problems sorted, at most MAX_PROBLEMS per file, each file's rest counted in a closing
    problem at the end of that file.

    Why: one broken 4 MiB file can hold a million problems; nobody reads past the first
    screenful, and listing them all cost gigabytes. `unlisted` counts problems per file that
    were found but never made (model errors past the first MAX_PROBLEMS).
    """
    problems.sort()
    counts = Counter(p.file for p in problems)
    over = {f for f, n in counts.items() if n > MAX_PROBLEMS} | set(unlisted)
    if not over:
        return problems
    kept: list[Problem] = []
    cut: dict[str, list[Problem]] = {f: [] for f in over}
    seen: Counter[str] = Counter()
    for problem in problems:
        seen[problem.file] += 1
        if problem.file in over and seen[problem.file] > MAX_PROBLEMS:
            cut[problem.file].append(problem)
        else:
            kept.append(problem)
    for display in over:
        more = len(cut[display]) + unlisted.get(display, 0)
        if more == 0:
            continue
        errors = display in unlisted or has_errors(cut[display])
        line, column = _end_of(text_of(display))
        message = (
            f"and {more:,} more problems in this file (only the first {MAX_PROBLEMS} are listed)"
        )
        severity = Severity.ERROR if errors else Severity.WARNING
        kept.append(Problem(display, line, column, "too-many-problems", "", message, severity))
    kept.sort()
    return kept


def _shown_text(source: Source, display: str) -> str:
    """The text of the file shown as `display` (to find its end), or "" when it is gone."""
    for path in source.files:
        if source.store.display(path) == display:
            try:
                return source.store.read(path).decode("utf-8", "replace")
            except OSError:
                return ""
    return ""


def _end_of(text: str) -> tuple[int, int]:
    """The 1-based (line, column) just after the last character, lines ending as editors end
    them (LF, CRLF or CR)."""
    text = text.removeprefix("\ufeff")
    line = len(_LINE_BREAK.findall(text)) + 1
    start = max(text.rfind("\n"), text.rfind("\r")) + 1
    return line, len(text) - start + 1


def check_file(data: bytes, display: str) -> list[Problem]:
    """The problems of one file on its own (YAML and its kind's schema), without its folder.

    For `bvduty validate -`: a buffer piped in with no assessment to place it in. Messages
    name the themes of the default framework; levels are not known.
    """
    from bvduty.store import MemoryStore

    path = PurePosixPath("file.yaml")
    store = MemoryStore("", {path: data})
    loaded = _load_file(path, store, display)
    framework = builtin_frameworks()[DEFAULT_FRAMEWORK]
    found = loaded.problems + loaded.describe(Context(None, framework.themes, framework.id))
    text = data.decode("utf-8", "replace")
    unlisted = {display: loaded.unlisted} if loaded.unlisted else {}
    return _capped(found, unlisted, lambda _: text)


def _load_file(path: PurePath, store: Store, display: str | None = None) -> _Loaded:
    """One file to a FileDoc (the whole file, or what could be read of it), plus its problems."""
    display = store.display(path) if display is None else display
    parsed = parse_file(path, display, store)
    result = _Loaded(display, problems=list(parsed.problems), tree=parsed.tree)
    data = parsed.data
    if parsed.tree is None:  # not YAML at all: find what it seems to define in its text
        text = _text_of(path, store)
        result.ids = None if text is None else set(_ID_IN_TEXT.findall(text))
        result.text_manifest = _manifest_in_text(text) if text is not None else None
        return result
    if not isinstance(data, dict):
        message = (
            "a bvduty file holds 'field: value' lines, starting with 'bvduty: 1' and a"
            f" 'kind:' line; this one is {shape(data)}"
        )
        result.problems.append(_at(parsed.root, display, (), "wrong-type", message))
        result.ids = None
        return result
    result.ids = _raw_ids(data)
    if parsed.size + 4 > MAX_VALUES and events_of(data) > MAX_VALUES:  # not worth checking
        result.problems.append(too_many_values(display))
        return result
    version = data.get("bvduty")
    if version is None:
        message = "missing 'bvduty: 1' (the format version) at the top of the file"
        result.problems.append(_at(parsed.root, display, (), "missing-field", message))
    elif not isinstance(version, str) or version not in {str(v) for v in SUPPORTED_VERSIONS}:
        latest = SUPPORTED_VERSIONS[-1]
        message = f"format version '{version}' is not supported; write bvduty: {latest}"
        if not isinstance(version, str):
            message = f"bvduty is the format version; write bvduty: {latest}"
        problem = _at(parsed.root, display, ("bvduty",), "unsupported-version", message)
        result.problems.append(problem)
        return result
    data["bvduty"] = SUPPORTED_VERSIONS[-1]
    try:
        doc = DOCUMENT.validate_python(data)
    except ValidationError as exc:
        result.errors = exc.errors(include_url=False)
        result.unlisted = max(0, len(result.errors) - MAX_PROBLEMS)
        result.data = data
        result.doc = _salvage(display, path, parsed.tree, data, result.errors)
        return result
    result.doc = FileDoc(display, path, doc, parsed.tree)
    return result


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


# --- a file that is not YAML: what its text says -------------------------------------------

# `id: X` as a block or flow mapping entry: the ids a broken file seems to define.
_ID_IN_TEXT = re.compile(r"""(?:^|[\s{,-])["']?id["']?[ \t]*:[ \t]+["']?([^\s,"'{}\[\]#]+)""", re.M)
_KIND_LINE = re.compile(r"""^kind:[ \t]*["']?assessment["']?[ \t]*(?:#.*)?$""", re.M)
_TOP_VALUE = r"""^{key}:[ \t]*["']?([A-Za-z0-9._/-]*)["']?[ \t]*(?:#.*)?$"""
_FRAMEWORK_LINE = re.compile(_TOP_VALUE.format(key="framework"), re.M)
_SCALE_LINE = re.compile(_TOP_VALUE.format(key="scale"), re.M)


def _text_of(path: PurePath, store: Store) -> str | None:
    try:
        raw = store.read(path)
    except (OSError, ValueError):  # unreadable or too large: nothing can be said about it
        return None
    return raw.decode("utf-8", errors="replace")


def _manifest_in_text(text: str) -> tuple[str, str | None] | None:
    """(framework, scale) of a manifest that is not valid YAML, read from its top-level lines.

    Why: a YAML slip in the manifest must not hide the level and theme problems of every theme
    file. Only built-in ids are trusted this way; the scale is None when it is written inline.
    """
    if not _KIND_LINE.search(text):
        return None
    framework = _FRAMEWORK_LINE.search(text)
    scale = _SCALE_LINE.search(text)
    scale_id = DEFAULT_SCALE if re.search(r"^scale:", text, re.M) is None else None
    if scale is not None and scale.group(1):
        scale_id = scale.group(1)
    return (framework.group(1) if framework else DEFAULT_FRAMEWORK), scale_id


# --- what could be read of a file with schema problems -------------------------------------

# Stand-ins for required top-level fields that could not be read; the file has errors, so no
# assessment is ever built from them, and checks skip the fields named in `FileDoc.broken`.
_STAND_INS: dict[str, Any] = {
    "authority": {"name": "-"},
    "period": "-",
    "as_of": "2000-01-01",
    "theme": "not-read",
    "criteria": [],
    "actions": [],
    "evidence": [],
    "indicators": [],
}
# The same for required fields of list items other than `id` (an item whose id cannot be read
# is left out: its id stands in `raw_ids`), so that the rest of the item is still checked.
_ITEM_STAND_INS: dict[str, Any] = {
    "title": "-",
    "owner": "-",
    "due": "2000-01-01",
    "text": "-",
    "type": "strength",
}
_LISTS = frozenset({"criteria", "findings", "actions", "evidence", "indicators"})


def _salvage(
    display: str, path: PurePath, tree: Tree, data: dict[str, Any], errors: list[Any]
) -> FileDoc | None:
    """The file without the parts its schema errors are in, or None when that is not possible.

    An error inside an item of a top-level list (a criterion, an action) drops the field when
    it is optional, else the whole item; an error in an optional field elsewhere drops it; a
    required top-level field that cannot be read gets a stand-in and is named broken.
    """
    model = KIND_MODELS.get(str(data.get("kind")))
    if model is None:
        return None
    work = copy.deepcopy(data)
    kept = {
        name: list(range(len(items)))
        for name, items in work.items()
        if name in _LISTS and isinstance(items, list)
    }
    broken: set[str] = set()
    trimmed: set[tuple[str | int, ...]] = set()
    for _ in range(6):
        drops: dict[str, set[int]] = {}
        for error in errors:
            loc = clean_loc(error["loc"], data)
            outcome = _prune(model, work, loc, drops, broken)
            if outcome is None:
                return None
            if outcome == "trimmed" and len(loc) > 1 and loc[0] in kept and isinstance(loc[1], int):
                trimmed.add((loc[0], kept[str(loc[0])][loc[1]]))
            elif outcome == "trimmed":
                trimmed.add((loc[0],))
        for name, indexes in drops.items():
            work[name] = [item for i, item in enumerate(work[name]) if i not in indexes]
            kept[name] = [k for i, k in enumerate(kept[name]) if i not in indexes]
        try:
            doc = DOCUMENT.validate_python(work)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            continue
        positions = {name: tuple(indexes) for name, indexes in kept.items()}
        return FileDoc(display, path, doc, tree, positions, frozenset(broken), frozenset(trimmed))
    return None  # pragma: no cover - every round removes what failed


_Outcome = typing.Literal["trimmed", "patched", "dropped"]


def _prune(
    model: type[BaseModel],
    work: dict[str, Any],
    loc: tuple[str | int, ...],
    drops: dict[str, set[int]],
    broken: set[str],
) -> _Outcome | None:
    """Remove or stand in for the smallest part of `work` that holds the error at `loc`.

    Returns "trimmed" when a field inside an item or mapping went or got a stand-in,
    "patched" when one id in a list of ids got the `UNREAD` stand-in, "dropped" when a whole
    list item or top-level field went, None when nothing can.
    """
    if not loc or not isinstance(loc[0], str):
        return None
    top = loc[0]
    info = model.model_fields.get(top)
    if info is None or len(loc) == 1 or not isinstance(work.get(top), dict | list):
        return _drop_top(model, work, top, broken)
    if top in _LISTS and isinstance(loc[1], int) and isinstance(work.get(top), list):
        return _prune_item(info, work[top], loc[1], loc[2:], drops.setdefault(top, set()))
    # Inside a mapping such as `authority` or `report`: drop the deepest optional field.
    current: type[BaseModel] | None = model
    target: tuple[str | int, ...] | None = None
    for depth, step in enumerate(loc):
        if current is None:
            break
        if isinstance(step, int):
            continue
        step_info = current.model_fields.get(step)
        if step_info is None or not step_info.is_required():
            target = loc[: depth + 1]
        if step_info is None:
            break
        current = model_in(step_info.annotation)
    if target is None or len(target) == 1:
        return _drop_top(model, work, top, broken)
    parent: Any = work
    for step in target[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return _drop_top(model, work, top, broken)
    if isinstance(parent, dict):
        parent.pop(target[-1], None)
        return "trimmed"
    return _drop_top(model, work, top, broken)


def _prune_item(
    info: FieldInfo, items: list[Any], index: int, rest: tuple[str | int, ...], drops: set[int]
) -> _Outcome:
    """The same inside one item of a top-level list (`criteria.3.rating`)."""
    item_model = model_in(info.annotation)
    item = items[index] if 0 <= index < len(items) else None
    if not rest or not isinstance(rest[0], str) or not isinstance(item, dict) or not item_model:
        drops.add(index)
        return "dropped"
    name = rest[0]
    field_info = item_model.model_fields.get(name)
    value = item.get(name)
    spot = rest[1] if len(rest) == 2 and isinstance(rest[1], int) else -1
    if isinstance(value, list) and 0 <= spot < len(value) and isinstance(value[spot], str):
        value[spot] = UNREAD  # one bad id in a list: the others are still checked
        return "patched"
    if field_info is None or not field_info.is_required():
        item.pop(name, None)
        return "trimmed"
    if name in _ITEM_STAND_INS:
        item[name] = _ITEM_STAND_INS[name]
        return "trimmed"
    drops.add(index)
    return "dropped"


def _drop_top(
    model: type[BaseModel], work: dict[str, Any], name: str, broken: set[str]
) -> _Outcome | None:
    info = model.model_fields.get(name)
    if info is None or not info.is_required():
        work.pop(name, None)
        broken.add(name)
        return "dropped"
    if name in _STAND_INS:
        work[name] = copy.deepcopy(_STAND_INS[name])
        broken.add(name)
        return "dropped"
    return None


# --- Assembling the folder -------------------------------------------------------------------


def _assemble(
    source: Source, loaded: list[_Loaded], raw_ids: set[str] | None
) -> tuple[Assessment | None, list[Problem]]:
    problems = [p for item in loaded for p in item.problems]
    failed = any(item.failed for item in loaded)
    docs = [item.doc for item in loaded if item.doc is not None]
    manifests = [d for d in docs if isinstance(d.doc, Manifest)]
    if len(manifests) > 1:
        first = manifests[0].display
        for extra in manifests[1:]:
            message = (
                f"a second file of kind 'assessment' in this folder (the first is {first}); an"
                " assessment has one: remove this one, or move it to a folder of its own"
            )
            problems.append(extra.at(("kind",), "several-manifests", message))
    manifest_doc = manifests[0] if manifests else None
    framework: Framework | None = None
    scale: Scale | None = None
    if manifest_doc is not None:
        framework = _resolve_framework(manifest_doc, source.store, problems)
        scale = _resolve_scale(manifest_doc, problems)
    else:
        in_text = next((i.text_manifest for i in loaded if i.text_manifest is not None), None)
        if in_text is not None:
            framework = builtin_frameworks().get(in_text[0])
            scale = builtin_scales().get(in_text[1] or "")
        elif not failed:
            message = f"no file of kind 'assessment' in {source.display}"
            problems.append(Problem(source.display, 1, 1, "no-manifest", "", message))
    context = Context(
        scale.levels if scale is not None else None,
        framework.themes if framework is not None else None,
        framework.id if framework is not None else "",
    )
    for item in loaded:
        problems.extend(item.describe(context))
    every_file_read = all(item.doc is not None for item in loaded)
    problems.extend(
        checks.check_folder(manifest_doc, docs, framework, scale, raw_ids, every_file_read)
    )
    problems.extend(_missing_documents(source, docs))
    series = _indicators(source, docs, scale, raw_ids, problems)
    if has_errors(problems) or failed or manifest_doc is None or framework is None or scale is None:
        return None, problems
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    return replace(_build(source, manifest, docs, framework, scale), indicators=series), problems


def _indicators(
    source: Source,
    docs: list[FileDoc],
    scale: Scale | None,
    raw_ids: set[str] | None,
    problems: list[Problem],
) -> tuple[Series, ...]:
    """The folder's financial resilience indicators (docs/format.md 2.8), their values files
    read through the folder's store; their problems are added to `problems`."""
    named = [d for d in docs if isinstance(d.doc, IndicatorsFile)]
    if not named:
        return ()
    values_files: list[ValuesFile] = []
    for doc in named:
        assert isinstance(doc.doc, IndicatorsFile)
        if doc.doc.values_file is None:
            continue
        found, trouble = read_values_file(doc, source.store, source.folder)
        problems.extend(trouble)
        if found is not None:
            values_files.append(found)
    series, trouble = resolve(docs, values_files, scale, raw_ids)
    problems.extend(trouble)
    return series


def _missing_documents(source: Source, docs: list[FileDoc]) -> list[Problem]:
    """A warning at each evidence path that names no file (docs/format.md 2.6).

    `location` is read from the assessment folder, `ref` from the folder of its file. A URL is
    never fetched, and an old version read from git is not judged: its documents are not in it.
    """
    if isinstance(source.store, MemoryStore):
        return []
    found: list[Problem] = []
    for doc in docs:
        if not isinstance(doc.doc, ThemeFile | EvidenceFile):
            continue
        for index, evidence in enumerate(doc.doc.evidence):
            for name, base in (("location", source.folder), ("ref", doc.path.parent)):
                value = getattr(evidence, name)
                if value is None or local_path(value) is None or _exists(Path(base), value):
                    continue
                where = "the assessment folder" if name == "location" else "the folder of this file"
                message = (
                    f"evidence {evidence.id}: no file '{value}' in {where}; fix the path, or give"
                    " the document's URL"
                )
                problem = doc.at(("evidence", index, name), "missing-document", message)
                found.append(replace(problem, severity=Severity.WARNING))
    return found


def local_path(value: str) -> str | None:
    """`value` when it is a path on disk rather than a URL (`https:`, `mailto:`, `//host`)."""
    text = value.strip()
    if not text or text.startswith("//") or _URL_SCHEME.match(text):
        return None
    return text


_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _exists(base: Path, value: str) -> bool:
    """Whether the path names a file or folder: as written, without a `#page` fragment, or with
    `%20` and the like read as the characters they stand for."""
    from urllib.parse import unquote

    text = value.strip()
    candidates = [text, text.split("#", 1)[0], unquote(text.split("#", 1)[0])]
    return any(c and _is_there(base / c) for c in candidates)


def _is_there(path: Path) -> bool:
    """`path.exists()`, but a name the system cannot even look up (too long, say) is a name of
    no file, not a crash."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _resolve_framework(
    manifest_doc: FileDoc, store: Store, problems: list[Problem]
) -> Framework | None:
    manifest = manifest_doc.doc
    assert isinstance(manifest, Manifest)
    if "framework" in manifest_doc.broken:
        return None
    name = manifest.framework
    builtin = builtin_frameworks()
    if name in builtin:
        return builtin[name]
    if not name.endswith((".yaml", ".yml")):
        known = ", ".join(sorted(builtin))
        message = suggest.hinted(
            f"unknown framework '{name}'",
            suggest.near(name, builtin),
            f"built-in: {known}, or give the path of a .yaml file",
        )
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
        errors = exc.errors(include_url=False)
        problems.extend(validation_problems(errors, parsed.root, display, parsed.data))  # type: ignore[arg-type]
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
    if "scale" in manifest_doc.broken:
        return None
    if isinstance(manifest.scale, Scale):
        return manifest.scale
    scales = builtin_scales()
    if manifest.scale in scales:
        return scales[manifest.scale]
    known = ", ".join(sorted(scales))
    message = suggest.hinted(
        f"unknown scale '{manifest.scale}'",
        suggest.near(manifest.scale, scales),
        f"built-in: {known}, or give the levels inline",
    )
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
