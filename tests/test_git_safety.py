"""A git history cannot write files: a crafted commit whose tree holds `..` entries.

Git stores, fetches and clones such trees (`git fsck` only warns, and fsck on transfer is off by
default), so a revision from a council's shared server may hold them. `diff --since` and
`report --compare` must refuse the revision and write nothing, anywhere.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import BASE, Repo, commit, git, run
from test_diff import set_field

DEPTH = 16  # more `..` than any temporary folder is deep, so the path reaches the root


def _mktree(repo: Path, entries: list[tuple[str, str, str]]) -> str:
    """A tree object from (mode, sha, name) entries; git mktree does not check the names."""
    lines = "".join(
        f"{mode} {'tree' if mode == '040000' else 'blob'} {sha}\t{name}\n"
        for mode, sha, name in entries
    )
    result = subprocess.run(
        ["git", "-C", str(repo), "mktree"], input=lines, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def _blob(repo: Path, data: bytes) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), "hash-object", "-w", "--stdin"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode().strip()


def _evil_commit(repo: Path, folder: str, target: Path, payload: bytes) -> str:
    """A commit whose `folder` also holds `../../...(DEPTH)/<target's absolute path>`."""
    tree = _blob(repo, payload)
    mode = "100644"
    for name in reversed(target.parts[1:]):  # the file, then each folder up to the root
        tree = _mktree(repo, [(mode, tree, name)])
        mode = "040000"
    for _ in range(DEPTH):
        tree = _mktree(repo, [("040000", tree, "..")])
    # Graft the `..` chain into the folder as committed at HEAD, then up to the top tree.
    parts = folder.split("/")
    subtrees = [
        git(repo, "rev-parse", f"HEAD:{'/'.join(parts[:i])}").strip()
        for i in range(1, len(parts) + 1)
    ]
    top = git(repo, "rev-parse", "HEAD^{tree}").strip()
    chain = [top, *subtrees]
    child = tree
    child_name = ".."
    for level in range(len(chain) - 1, -1, -1):
        listing = git(repo, "ls-tree", chain[level]).splitlines()
        entries = []
        for line in listing:
            meta, name = line.split("\t", 1)
            entry_mode, _, sha = meta.split()
            if name != child_name:
                entries.append((entry_mode, sha, name))
        entries.append(("040000", child, child_name))
        child = _mktree(repo, entries)
        child_name = parts[level - 1] if level > 0 else ""
    return git(repo, "commit-tree", child, "-p", "HEAD", "-m", "evil").strip()


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder` with its hash and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and ".git" not in path.parts:
            stat = path.stat()
            found[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns)
    return found


@pytest.fixture
def evil_repo(make_repo: Repo) -> tuple[Path, Path, str]:
    repo = make_repo()
    shutil.copytree(BASE, repo / "assessments" / "test")
    commit(repo, "first")
    victim = (repo / "assessments" / "test" / "themes" / "use-of-resources.yaml").resolve()
    payload = b"bvduty: 1\nkind: evidence\nevidence: []\n# written by a crafted commit\n"
    evil = _evil_commit(repo, "assessments/test", victim, payload)
    git(repo, "tag", "evil", evil)
    set_field(victim, "R002", "rating", "green")  # a change to compare against
    return repo, victim, evil


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "--since", "evil", "assessments/test"),
        ("report", "assessments/test", "--compare", "evil"),
    ],
    ids=["diff --since", "report --compare"],
)
def test_a_tree_with_dot_dot_entries_is_refused_and_nothing_is_written(
    evil_repo: tuple[Path, Path, str], args: tuple[str, ...]
) -> None:
    repo, victim, _ = evil_repo
    # The crafted path really is in the commit, as git lists it.
    listed = git(repo, "ls-tree", "-r", "--name-only", "evil", "--", "assessments/test")
    assert any("/../" in line for line in listed.splitlines())
    before = _snapshot(repo)
    temporary = {p.name for p in Path(tempfile.gettempdir()).iterdir()}
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert "holds an unsafe path" in err
    assert "git fsck" in err
    assert "Traceback" not in err
    assert _snapshot(repo) == before
    assert b"crafted commit" not in victim.read_bytes()
    after = {p.name for p in Path(tempfile.gettempdir()).iterdir()}
    assert not {name for name in after - temporary if "bvduty" in name}


def test_the_old_version_is_read_from_memory_not_a_temporary_folder(
    make_repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ordinary --since run makes no temporary folder at all."""
    repo = make_repo()
    shutil.copytree(BASE, repo / "assessments" / "test")
    commit(repo, "first")
    set_field(repo / "assessments/test/themes/use-of-resources.yaml", "R002", "rating", "green")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary folder was made")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)
    code, out, err = run("diff", "--since", "HEAD", "assessments/test", "-f", "json")
    assert (code, err) == (0, "")
    assert '"R002"' in out
