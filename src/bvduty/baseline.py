"""The `diff` operation: two folders, or a folder and its past self in git, in; a `Diff` out.

Also what `report --compare REV|FOLDER` needs: `compare_with(spec, ...)` takes either.
Nothing here prints; every user error is a `BvdutyError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bvduty.analysis.diff import Diff, compare
from bvduty.assessment import Assessment
from bvduty.discover import Source, discover, display_path
from bvduty.errors import InvalidInput, Problem, UsageError, has_errors
from bvduty.load import load_assessment


def _source(path: Path) -> tuple[Source, tuple[Problem, ...]]:
    found = discover([path])
    if not found.sources:
        if found.problems:
            raise InvalidInput(list(found.problems))
        shown = display_path(path)
        raise UsageError(f"no assessment found in {shown} (no file of kind 'assessment')")
    if len(found.sources) > 1:
        names = ", ".join(s.display for s in found.sources)
        raise UsageError(
            f"{display_path(path)} holds {len(found.sources)} assessments ({names}); "
            "diff compares one with one: name a single assessment folder"
        )
    return found.sources[0], found.problems


def assessment_folder(path: Path) -> Path:
    """The one assessment folder `path` means (a folder, a file in one, or a folder of one).

    Raises:
        UsageError: no such path, no assessment there, or several.
        InvalidInput: the path holds only YAML files outside any assessment.
    """
    return Path(_source(path)[0].folder)


def load_one(path: Path) -> Assessment:
    """Load the one assessment `path` means.

    Raises:
        UsageError: see `assessment_folder`.
        InvalidInput: any of its files fails validation.
    """
    source, loose = _source(path)
    result = load_assessment(source)
    problems = sorted({*loose, *result.problems})
    if has_errors(problems) or result.assessment is None:
        raise InvalidInput(problems)
    return result.assessment


def _load_all(paths: Sequence[Path]) -> list[Assessment]:
    """Load each side, collecting every side's problems before failing (one run shows all)."""
    problems: list[Problem] = []
    loaded = []
    for path in paths:
        try:
            loaded.append(load_one(path))
        except InvalidInput as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInput(sorted(problems))
    return loaded


def between(old: Path, new: Path) -> Diff:
    """What moved from the assessment in folder `old` to the one in folder `new`.

    Raises:
        UsageError: a path does not hold exactly one assessment.
        InvalidInput: either side fails validation (problems of both are reported).
    """
    before, after = _load_all([old, new])
    return compare(before, after)


def since(
    revision: str,
    path: Path,
    old_path: Path | None = None,
    *,
    after: Assessment | None = None,
    option: str = "--since",
) -> Diff:
    """What moved in the assessment at `path` since it was committed at `revision`.

    `path` is read as it is now (the working tree), unless `after` is that assessment already
    loaded; the past version is read from git into memory, without touching the index, the
    working tree or any other file. When the folder has moved since, `old_path` names where it
    was; without it, a rename git detected is followed. `option` names the option in messages.

    Raises:
        UsageError: git missing, not a repository, unknown revision, folder absent then.
        InvalidInput: either version fails validation (problems of both are reported).
    """
    from bvduty import gitrev

    folder = assessment_folder(path)
    # A folder of one assessment (e.g. `assessments/`) is read as that folder at the revision,
    # so a yearly folder renamed inside it is still found; anything else means the manifest's.
    given = path.resolve()
    start = given if given.is_dir() and folder.is_relative_to(given) else folder
    problems: list[Problem] = []
    if after is None:
        try:
            after = load_one(path)
        except InvalidInput as error:
            problems.extend(error.problems)
    try:
        snapshot = gitrev.snapshot(revision, start, old_path, option)
    except InvalidInput as error:
        raise InvalidInput(sorted([*problems, *error.problems])) from None
    if problems or after is None:
        raise InvalidInput(sorted(problems))
    result = compare(snapshot.assessment, after)
    notes = list(result.notes)
    if snapshot.moved_to is not None:
        notes.insert(
            0,
            f"{snapshot.moved_to} did not exist at {revision}; git shows it was moved there from"
            f" {snapshot.folder}, so that folder is the one compared (give --old-path to choose"
            " another).",
        )
    old = snapshot.assessment.folder
    before = replace(result.before, source=old, commit=snapshot.revision.commit)
    return replace(result, before=before, notes=tuple(notes))


def run(paths: Sequence[Path], *, revision: str | None, old_path: Path | None) -> Diff:
    """The `diff` command's arguments to a `Diff`: `OLD NEW`, or `--since REV [PATH]`.

    Raises:
        UsageError: the wrong number of paths for the form used, or any error above.
        InvalidInput: either side fails validation.
    """
    if revision is None:
        if old_path is not None:
            raise UsageError("--old-path goes with --since REV; to compare folders: diff OLD NEW")
        if len(paths) != 2:
            raise UsageError(
                "diff takes two assessment folders (OLD NEW), or --since REV and at most one PATH"
            )
        return between(paths[0], paths[1])
    if len(paths) > 1:
        raise UsageError(
            "with --since REV, give at most one PATH (the assessment as it is now); "
            "to compare two folders, leave out --since"
        )
    return since(revision, paths[0] if paths else Path("assessments"), old_path)


def compare_with(spec: str, current: Assessment, folder: Path, *, option: str) -> Diff:
    """What moved in `current` (loaded from `folder`) since `spec`: a folder when one exists at
    that path, else a git revision of `folder` (for `report --compare REV|FOLDER`).

    Raises:
        UsageError, InvalidInput: as `between` and `since`.
    """
    candidate = Path(spec)
    if candidate.is_dir():
        return compare(load_one(candidate), current)
    return since(spec, folder, after=current, option=option)
