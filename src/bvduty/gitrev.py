"""Read an assessment folder as committed at a git revision, without touching the checkout.

Why real git in a subprocess: revisions are whatever git says they are (tags, branches,
`HEAD~3`, reflog entries, abbreviated hashes), and a library re-implementing that would
disagree with git at the edges. Only read-only plumbing is run (`rev-parse`, `ls-tree`,
`cat-file`, `diff-tree`), with optional locks off, so neither the index nor the working
tree is ever written, even by git's own opportunistic index refresh.

The folder's YAML files are read into memory (`store.MemoryStore`) and loaded by the same
`load_assessment` as files on disk, so an old version is validated exactly like a current one,
and nothing from the repository's history is ever written to disk: a crafted tree holding
`..` entries cannot place a file anywhere. Every path reported reads `REV:path/in/repo.yaml`,
as `git show` spells it.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bvduty.assessment import Assessment
from bvduty.discover import YAML_SUFFIXES, discover, discover_memory, display_path, is_manifest
from bvduty.errors import InvalidInput, Problem, UsageError, has_errors
from bvduty.load import load_assessment, local_framework_path
from bvduty.store import MAX_FILE_BYTES, MemoryStore
from bvduty.yamlload import parse_bytes

# Read-only and quiet: no optional index writes, no pager, no credential prompts, pathspecs
# taken literally (a folder named `2024*` means that folder), no replace refs rewriting history.
_GIT_ENV = {
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_LITERAL_PATHSPECS": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_PAGER": "cat",
    "LC_ALL": "C",
}
_BLOB_MODES = frozenset({"100644", "100755"})


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision resolved in one repository: what the user typed and the commit it names."""

    repo: Path
    name: str
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:12]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An assessment as committed at a revision, loaded and valid.

    `folder` is the repository-relative path read at that revision; `moved_to` is set when
    it was found by following a rename to where it is now. Paths inside the assessment read
    `REV:path`, the way `git show` names them.
    """

    revision: Revision
    folder: str
    assessment: Assessment
    moved_to: str | None = None


@dataclass(frozen=True, slots=True)
class _Blob:
    path: str
    object: str
    size: int


def _git(
    repo: Path, *args: str, stdin: bytes | None = None, option: str = "--since"
) -> subprocess.CompletedProcess[bytes]:
    """Run one read-only git command in `repo`; a missing git is the user's to fix."""
    env = {**os.environ, **_GIT_ENV}
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(
            f"git is not installed or not on PATH; {option} reads past versions with git"
        ) from None


def _reason(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].removeprefix("fatal: ") if lines else f"git exited {result.returncode}"


def repository_of(path: Path, option: str = "--since") -> Path:
    """The top folder of the git work tree holding `path`.

    Raises:
        UsageError: git is missing, or `path` is not inside a git work tree.
    """
    start = path if path.is_dir() else path.parent
    result = _git(start, "rev-parse", "--show-toplevel", option=option)
    top = result.stdout.decode("utf-8", "surrogateescape").strip()
    if result.returncode != 0 or not top:
        raise UsageError(
            f"{display_path(path)} is not in a git repository, so {option} has no history to "
            f"read ({_reason(result)}); compare two folders instead: bvduty diff OLD NEW"
        )
    return Path(top).resolve()


def resolve(repo: Path, name: str, option: str = "--since") -> Revision:
    """The commit a revision names (tag, branch, hash, `HEAD~3`, `:/message`, ...).

    Raises:
        UsageError: the revision is empty, looks like an option, or git does not know it.
    """
    if not name or name.startswith("-") or any(c in name for c in "\0\n"):
        raise UsageError(f"{option} takes a git revision such as a tag or HEAD~1, not {name!r}")
    # Two steps, because `:/message^{commit}` would search for the text "message^{commit}".
    named = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", name)
    found = named.stdout.decode("ascii", "replace").strip()
    result = _git(repo, "rev-parse", "--verify", "--quiet", f"{found}^{{commit}}")
    commit = result.stdout.decode("ascii", "replace").strip() if found else ""
    if result.returncode != 0 or not commit:
        raise UsageError(
            f"unknown revision '{name}' in {display_path(repo)}: no commit, tag or branch of that "
            "name (see `git tag` and `git log --oneline`)"
        )
    return Revision(repo, name, commit)


def relative(repo: Path, path: Path) -> str:
    """`path` as a repository-relative POSIX path ('.' for the top folder).

    Raises:
        UsageError: `path` is outside the repository.
    """
    try:
        inside = path.resolve().relative_to(repo)
    except ValueError:
        raise UsageError(f"{display_path(path)} is outside the git repository {repo}") from None
    return inside.as_posix() or "."


def _tree(revision: Revision, folder: str) -> list[_Blob]:
    """Every regular file under `folder` at the revision (empty when the folder did not exist)."""
    spec = [] if folder == "." else ["--", folder]
    result = _git(revision.repo, "ls-tree", "-r", "-l", "-z", "--full-tree", revision.commit, *spec)
    if result.returncode != 0:
        raise UsageError(f"git could not list {folder} at {revision.name}: {_reason(result)}")
    blobs = []
    for entry in result.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, obj, size = meta.decode("ascii").split()
        path = _safe_path(revision, raw_path)
        if kind == "blob" and mode in _BLOB_MODES:
            blobs.append(_Blob(path, obj, int(size)))
    return blobs


def _safe_path(revision: Revision, raw: bytes) -> str:
    """A tree path as text, refusing any that a checkout could not hold as an ordinary path.

    Why: git stores and clones trees whose entries are `..`, `.` or empty (`git fsck` only
    warns), so a crafted commit could name a file outside the folder asked for. Nothing is
    written to disk in any case; refusing the revision outright also keeps such a path out
    of every message.

    Raises:
        UsageError: the path has an empty, `.` or `..` component, or is not plain text.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    parts = text.split("/")
    if not text or any(part in ("", ".", "..") for part in parts) or "\\" in text:
        shown = raw.decode("utf-8", "backslashreplace")
        raise UsageError(
            f"revision {revision.name} (commit {revision.short}) holds an unsafe path"
            f" {shown!r}: bvduty will not read it. The repository may have been tampered with;"
            " check it with: git fsck"
        )
    return text


def _read_blobs(revision: Revision, blobs: Sequence[_Blob]) -> list[bytes]:
    """The contents of `blobs`, in order, from one `git cat-file --batch` process."""
    if not blobs:
        return []
    request = "".join(f"{b.object}\n" for b in blobs).encode("ascii")
    result = _git(revision.repo, "cat-file", "--batch", stdin=request)
    if result.returncode != 0:
        raise UsageError(f"git could not read files at {revision.name}: {_reason(result)}")
    out, at, contents = result.stdout, 0, []
    for blob in blobs:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise UsageError(f"git could not read {blob.path} at {revision.name}")
        size = int(header[2])
        contents.append(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1  # the content is followed by a newline
    return contents


def _fetch(
    revision: Revision, blobs: Sequence[_Blob], files: dict[PurePosixPath, bytes]
) -> list[Problem]:
    """Read `blobs` into `files`; a file over the loader's limit becomes a problem instead."""
    wanted, problems = [], []
    for blob in blobs:
        if blob.size > MAX_FILE_BYTES:
            message = f"file is {blob.size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
            display = f"{revision.name}:{blob.path}"
            problems.append(Problem(display, 1, 1, "file-too-large", "", message))
        else:
            wanted.append(blob)
    for blob, content in zip(wanted, _read_blobs(revision, wanted), strict=True):
        files[PurePosixPath(blob.path)] = content
    return problems


def _local_frameworks(files: dict[PurePosixPath, bytes]) -> list[str]:
    """Framework files the manifests name that were not read with the folder.

    Why: a council may keep a local framework beside its yearly folders
    (`framework: ../frameworks/fm-code.yaml`); the old version must use the old framework.
    """
    wanted = []
    for path, content in sorted(files.items()):
        if path.suffix not in YAML_SUFFIXES:
            continue
        data = parse_bytes(content, "").data
        if not isinstance(data, dict) or data.get("kind") != "assessment":
            continue
        name = data.get("framework")
        if not isinstance(name, str) or not name.endswith(YAML_SUFFIXES):
            continue
        target = local_framework_path(path, name)
        if target is not None and target not in files:
            wanted.append(target.as_posix())
    return wanted


def _renamed_from(revision: Revision, manifest: str) -> str | None:
    """Where git's rename detection says `manifest` (at HEAD) was at the revision, if moved."""
    options = ("-r", "-z", "-M", "--name-status", "--diff-filter=R")
    result = _git(revision.repo, "diff-tree", *options, revision.commit, "HEAD")
    if result.returncode != 0:
        return None
    fields = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    for index in range(0, len(fields) - 2, 3):
        status, old, new = fields[index : index + 3]
        if status.startswith("R") and new == manifest:
            return old
    return None


def _manifest_of(current: Path) -> Path | None:
    found = discover([current])
    if len(found.sources) != 1:
        return None
    source = found.sources[0]
    files = [Path(f) for f in source.files if f.parent == source.folder]
    return next((f for f in files if is_manifest(f)), None)


def locate(revision: Revision, path: Path, old_path: Path | None = None) -> tuple[str, str | None]:
    """The repository-relative folder to read at the revision, and where it moved to if it did.

    `path` is the folder as it is now; `old_path`, when given, is where it was at the revision.
    When `path` did not exist at the revision and no `old_path` is given, a rename of its
    manifest found by git (`git diff-tree -M REV HEAD`) is followed.

    Raises:
        UsageError: the folder did not exist at the revision and no rename explains it.
    """
    repo = revision.repo
    if old_path is not None:
        folder = relative(repo, old_path)
        if not _tree(revision, folder):
            raise UsageError(
                f"--old-path {folder} did not exist at {revision.name} (commit {revision.short})"
            )
        return folder, None
    folder = relative(repo, path)
    if _tree(revision, folder):
        return folder, None
    manifest = _manifest_of(path)
    if manifest is not None:
        old_manifest = _renamed_from(revision, relative(repo, manifest))
        if old_manifest is not None:
            old_folder = posixpath.dirname(old_manifest) or "."
            return old_folder, relative(repo, manifest.parent)
    raise UsageError(
        f"{folder} did not exist at {revision.name} (commit {revision.short}), and git found no "
        "committed rename of its manifest. If the folder was moved or copied, name the folder as "
        f"it was then: bvduty diff --since {revision.name} {display_path(path)} --old-path "
        "OLD_FOLDER; or compare two folders: bvduty diff OLD NEW"
    )


def load_at(revision: Revision, folder: str) -> Assessment:
    """Load the assessment in `folder` (repository-relative) as committed at the revision.

    Everything is read into memory; nothing is written to disk.

    Raises:
        UsageError: git fails, the revision holds an unsafe path, or the folder holds no
            assessment at the revision, or several.
        InvalidInput: the old version fails validation; problems read `REV:path:line:col`.
    """
    files: dict[PurePosixPath, bytes] = {}
    # CSV files too: an indicators file may name a values file (docs/format.md 2.8).
    wanted = (*YAML_SUFFIXES, ".csv")
    blobs = [b for b in _tree(revision, folder) if b.path.endswith(wanted)]
    problems = _fetch(revision, blobs, files)
    for name in _local_frameworks(files):
        problems += _fetch(revision, [b for b in _tree(revision, name) if b.path == name], files)
    store = MemoryStore(revision.name, files)
    found = discover_memory(store, PurePosixPath(folder))
    problems.extend(found.problems)
    if len(found.sources) > 1:
        names = ", ".join(s.display for s in found.sources)
        raise UsageError(
            f"{revision.name}:{folder} held {len(found.sources)} assessments ({names}); "
            "name one folder"
        )
    result = load_assessment(found.sources[0]) if found.sources else None
    if result is not None:
        problems.extend(result.problems)
    if has_errors(problems):
        raise InvalidInput(sorted(problems))
    if result is None or result.assessment is None:
        raise UsageError(
            f"no assessment in {revision.name}:{folder} (no file of kind 'assessment' there)"
        )
    return result.assessment


def snapshot(
    name: str, path: Path, old_path: Path | None = None, option: str = "--since"
) -> Snapshot:
    """The assessment at `path` (or at `old_path`) as committed at revision `name`.

    Raises:
        UsageError: git is missing; not a repository; unknown revision; folder absent then.
        InvalidInput: the old version fails validation.
    """
    repo = repository_of(path, option)
    revision = resolve(repo, name, option)
    folder, moved_to = locate(revision, path, old_path)
    return Snapshot(revision, folder, load_at(revision, folder), moved_to)
