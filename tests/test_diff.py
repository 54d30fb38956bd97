"""`bvduty diff`: movements between two folders, and since a git revision read from history.

The git tests build real temporary repositories (several commits, a tag, a renamed theme
file, a moved folder) with a git isolated from the machine's own configuration. Expected
movements are counted by hand from the edits each test makes, never taken from the code.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bvduty.analysis import diff_words
from bvduty.analysis.diff import ActionChange, ChangeCode, RatingChange, compare
from bvduty.baseline import load_one
from bvduty.render import diff as render
from conftest import BASE, EXAMPLE, Repo, check_golden, commit, git, run

EXAMPLE_2024 = EXAMPLE / "example-borough-2024-25"
TAG = "2024-25-final"


# --- editing YAML the way a person would, one field at a time -----------------------------


def _block(lines: list[str], item_id: str) -> tuple[int, int, str]:
    """(first line, end line, field indent) of the list item `- id: item_id`."""
    pattern = re.compile(rf"^(\s*)- id: {re.escape(item_id)}\s*$")
    for start, line in enumerate(lines):
        match = pattern.match(line)
        if match:
            indent = len(match.group(1))
            end = start + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
            ):
                end += 1
            return start, end, " " * (indent + 2)
    raise AssertionError(f"no item {item_id}")


def set_field(path: Path, item_id: str, field: str, value: str | None) -> None:
    """Set (or with None, delete) a one-line field of the item with this id."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end, pad = _block(lines, item_id)
    at = next((i for i in range(start + 1, end) if lines[i].startswith(f"{pad}{field}:")), None)
    if value is None:
        assert at is not None, (item_id, field)
        del lines[at]
    elif at is None:
        lines.insert(start + 1, f"{pad}{field}: {value}")
    else:
        lines[at] = f"{pad}{field}: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")


def remove_item(path: Path, item_id: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end, _ = _block(lines, item_id)
    del lines[start:end]
    path.write_text("\n".join(lines), encoding="utf-8")


def second_year(folder: Path) -> None:
    """Turn a copy of the 2024/25 example into 2025/26, with movements counted by hand below.

    Ratings: R010 amber->yellow (+1), R011 amber->light-green (+2), G009 amber->yellow (+1),
    L001 dark-green->light-green (-1), SD006 unrated->yellow (newly rated), C002 yellow->unrated,
    new cell R013 light-green, cell PCE005 (dark-green) dropped. Actions: A04 completed,
    A18 completed with its due date moved, A06 reopened, A03 slipped six months, A20 brought
    forward a month, A19 cancelled (a status change), A21 dropped, A23 added.
    """
    themes = folder / "themes"
    manifest = folder / "assessment.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('period: "2024/25"', 'period: "2025/26"')
    text = text.replace("as_of: 2025-01-31", "as_of: 2026-01-31")
    manifest.write_text(text, encoding="utf-8")
    resources = themes / "05-use-of-resources.yaml"
    set_field(resources, "R010", "rating", "yellow")
    set_field(resources, "R011", "rating", "light-green")
    set_field(themes / "03-governance.yaml", "G009", "rating", "yellow")
    set_field(themes / "02-leadership.yaml", "L001", "rating", "light-green")
    set_field(themes / "06-service-delivery.yaml", "SD006", "rating", "yellow")
    set_field(themes / "04-culture.yaml", "C002", "rating", "null")
    new_cell = (
        "  - id: R013\n    title: Commercial income\n"
        "    statement: Commercial income is planned prudently.\n"
        "    rating: light-green\n    evidence: [E031]\n"
    )
    text = resources.read_text(encoding="utf-8")
    resources.write_text(text.replace("\nfindings:", f"{new_cell}\nfindings:", 1), "utf-8")
    partnerships = themes / "07-partnerships-and-community-engagement.yaml"
    remove_item(partnerships, "PCE005")
    set_field(partnerships, "F701", "criteria", None)
    set_field(resources, "A04", "status", "done")
    set_field(resources, "A04", "completed_on", "2025-02-14")
    set_field(resources, "A06", "status", "in-progress")
    set_field(resources, "A06", "completed_on", None)
    set_field(resources, "A03", "due", "2025-09-30")
    actions = folder / "actions.yaml"
    set_field(actions, "A18", "due", "2025-06-30")
    set_field(actions, "A18", "status", "done")
    set_field(actions, "A18", "completed_on", "2025-06-20")
    set_field(actions, "A20", "due", "2025-05-31")
    set_field(actions, "A19", "status", "cancelled")
    remove_item(actions, "A21")
    with actions.open("a", encoding="utf-8") as handle:
        handle.write(
            "  - id: A23\n    title: Publish the 2025/26 progress report\n"
            "    owner: Head of Policy and Performance\n    due: 2026-03-31\n"
        )


PCE = "partnerships-and-community-engagement"
EXPECTED_RATINGS = [
    # (id, theme, from, to, change, levels, cell) in framework order, then file order
    ("L001", "leadership", "dark-green", "light-green", "worsened", 1, "kept"),
    ("G009", "governance", "amber", "yellow", "improved", 1, "kept"),
    ("C002", "culture", "yellow", None, "removed", None, "kept"),
    ("R010", "use-of-resources", "amber", "yellow", "improved", 1, "kept"),
    ("R011", "use-of-resources", "amber", "light-green", "improved", 2, "kept"),
    ("R013", "use-of-resources", None, "light-green", "new", None, "added"),
    ("SD006", "service-delivery", None, "yellow", "new", None, "kept"),
    ("PCE005", PCE, "dark-green", None, "removed", None, "removed"),
]
EXPECTED_ACTIONS = {
    # id: (change, from_due, to_due)
    "A04": ("completed", "2024-12-31", "2024-12-31"),
    "A06": ("reopened", "2024-10-31", "2024-10-31"),
    "A03": ("slipped", "2025-03-31", "2025-09-30"),
    "A20": ("brought-forward", "2025-06-30", "2025-05-31"),
    "A18": ("completed", "2025-03-31", "2025-06-30"),
    "A23": ("added", None, "2026-03-31"),
    "A21": ("removed", "2024-09-30", None),
}
EXPECTED_SUMMARY = (
    "Compared with the 2024/25 assessment, 3 characteristics improved, 1 worsened, 2 were"
    " newly rated and 2 were no longer rated. 2 actions were completed, 1 slipped, 1 was"
    " brought forward, 1 was reopened, 1 was cancelled, 1 was added and 1 was removed."
    " 1 characteristic was added and 1 was removed."
)


def _ratings(document: dict[str, object]) -> list[tuple[object, ...]]:
    rows = document["ratings"]
    assert isinstance(rows, list)
    return [
        (r["id"], r["theme"], r["from"], r["to"], r["change"], r["levels"], r["cell"]) for r in rows
    ]


def _actions(document: dict[str, object]) -> dict[str, tuple[object, ...]]:
    rows = document["actions"]
    assert isinstance(rows, list)
    return {a["id"]: (a["change"], a["from_due"], a["to_due"]) for a in rows}


# --- git repositories ------------------------------------------------------------------------


@pytest.fixture
def two_years(make_repo: Repo) -> Iterator[Path]:
    """The example committed and tagged as 2024/25, then its 2025/26 update committed, with
    the use-of-resources theme file renamed in the second year."""
    repo = make_repo()
    folder = repo / "assessments" / "example-borough"
    shutil.copytree(EXAMPLE_2024, folder)
    commit(repo, "2024/25 self-assessment as approved")
    git(repo, "tag", TAG)
    second_year(folder)
    git(
        repo,
        "mv",
        "assessments/example-borough/themes/05-use-of-resources.yaml",
        "assessments/example-borough/themes/use-of-resources.yaml",
    )
    commit(repo, "2025/26 self-assessment")
    yield repo


def test_since_a_tag_gives_the_movements_counted_by_hand(two_years: Path) -> None:
    code, out, err = run("diff", "--since", TAG, "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert _ratings(document) == EXPECTED_RATINGS
    assert _actions(document) == EXPECTED_ACTIONS
    # Completions and reopenings are told above; other status changes are listed apart.
    assert document["statuses"] == [{"id": "A19", "from": "planned", "to": "cancelled"}]
    completed = {a["id"]: a["completed_on"] for a in document["actions"] if a["completed_on"]}
    assert completed == {"A04": "2025-02-14", "A18": "2025-06-20"}
    assert document["summary"].startswith(EXPECTED_SUMMARY)
    head = git(two_years, "rev-parse", TAG + "^{commit}").strip()
    assert document["from"]["commit"] == head
    assert document["from"]["source"] == f"{TAG}:assessments/example-borough"
    assert (document["from"]["period"], document["from"]["as_of"]) == ("2024/25", "2025-01-31")
    assert (document["to"]["period"], document["to"]["as_of"]) == ("2025/26", "2026-01-31")


def test_json_has_exactly_the_contract_keys_and_the_documented_additions(
    two_years: Path,
) -> None:
    _, out, _ = run("diff", "--since", TAG, "--format", "json")
    document = json.loads(out)
    assert list(document) == [
        "from",
        "to",
        "ratings",
        "actions",
        "statuses",
        "gaps",
        "counts",
        "same_scale",
        "notes",
        "summary",
        "regressed",
        "changes",
    ]
    side = ["period", "as_of", "authority", "source", "commit", "scale"]
    assert list(document["from"]) == list(document["to"]) == side
    assert {tuple(r) for r in document["ratings"]} == {
        ("id", "theme", "from", "to", "change", "levels", "cell", "title")
    }
    assert {tuple(a) for a in document["actions"]} == {
        (
            "id", "change", "from_due", "to_due", "from_status", "to_status", "completed_on",
            "title", "reason",
        )
    }  # fmt: skip
    assert {tuple(c) for c in document["changes"]} == {
        ("code", "item", "id", "theme", "title", "from", "to", "days", "reason")
    }
    assert {c["code"] for c in document["changes"]} <= {c.value for c in ChangeCode}
    assert {r["change"] for r in document["ratings"]} <= {c.value for c in RatingChange}
    assert {a["change"] for a in document["actions"]} <= {c.value for c in ActionChange}
    assert document["counts"]["ratings"] == {"worsened": 1, "improved": 3, "new": 2, "removed": 2}
    assert list(document["counts"]) == ["ratings", "actions", "gaps", "changes"]


def test_index_and_working_tree_are_untouched(two_years: Path) -> None:
    # A staged change, an unstaged change and an untracked file: all must survive as they are.
    folder = two_years / "assessments" / "example-borough"
    set_field(folder / "themes" / "04-culture.yaml", "C001", "rating", "dark-green")
    git(two_years, "add", "assessments/example-borough/themes/04-culture.yaml")
    set_field(folder / "themes" / "02-leadership.yaml", "L002", "rating", "dark-green")
    (two_years / "notes.txt").write_text("draft", encoding="utf-8")
    git(two_years, "status")  # let git refresh its own index first

    def state() -> tuple[str, int, str, dict[str, str]]:
        index = two_years / ".git" / "index"
        files = {
            p.relative_to(two_years).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(two_years.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(two_years).parts
        }
        digest = hashlib.sha256(index.read_bytes()).hexdigest()
        return digest, index.stat().st_mtime_ns, git(two_years, "rev-parse", "HEAD"), files

    before = state()
    code, out, _ = run("diff", "--since", TAG, "--format", "json")
    assert code == 0
    assert state() == before
    assert git(two_years, "status", "--porcelain") == (
        " M assessments/example-borough/themes/02-leadership.yaml\n"
        "M  assessments/example-borough/themes/04-culture.yaml\n"
        "?? notes.txt\n"
    )
    # The working tree is what is compared: both uncommitted edits count as movements.
    moved = {r["id"]: r["change"] for r in json.loads(out)["ratings"]}
    assert (moved["C001"], moved["L002"]) == ("improved", "improved")


def test_fail_on_regression_exits_1_when_a_rating_worsened(two_years: Path) -> None:
    code, out, _ = run("diff", "--since", TAG, "--fail-on-regression")
    assert code == 1
    assert "▼ L001 Shared vision" in out  # the report is still printed
    assert run("diff", "--since", TAG)[0] == 0


def test_fail_on_regression_exits_0_when_nothing_worsened(two_years: Path) -> None:
    folder = two_years / "assessments" / "example-borough"
    set_field(folder / "themes" / "02-leadership.yaml", "L001", "rating", "dark-green")
    code, out, _ = run("diff", "--since", TAG, "--fail-on-regression", "--format", "json")
    assert code == 0
    assert json.loads(out)["regressed"] is False


def test_since_head_with_nothing_changed_reports_no_movement(two_years: Path) -> None:
    code, out, err = run("diff", "--since", "HEAD", "assessments/example-borough")
    assert (code, err) == (0, "")
    words = " ".join(out.split())
    # The same period on both sides: the date tells the two apart.
    assert "Compared with the 2025/26 assessment as at 31 January 2026, no rating changed." in words
    assert "No rating changed." in words
    assert "No action changed." in words
    # 53 gaps, plus A01 and A08 slipped, ten documents past review by 31 January 2026, and the
    # example's indicator-breach.
    assert "The number of gaps stayed at 66." in words


@pytest.fixture
def small_repo(make_repo: Repo) -> Path:
    """The small base case committed at tag v1, with R002 amber."""
    repo = make_repo()
    shutil.copytree(BASE, repo / "assessments" / "test-2024")
    commit(repo, "first")
    git(repo, "tag", "v1")
    return repo


def test_a_moved_folder_is_followed_through_git_rename_detection(small_repo: Path) -> None:
    git(small_repo, "mv", "assessments/test-2024", "assessments/test-2025")
    theme = small_repo / "assessments" / "test-2025" / "themes" / "use-of-resources.yaml"
    set_field(theme, "R002", "rating", "green")
    commit(small_repo, "second year")
    code, out, err = run("diff", "--since", "v1", "assessments/test-2025", "-f", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert _ratings(document) == [
        ("R002", "use-of-resources", "amber", "green", "improved", 1, "kept")
    ]
    assert document["from"]["source"] == "v1:assessments/test-2024"
    assert "moved there from assessments/test-2024" in document["notes"][0]


def test_old_path_names_where_a_moved_folder_was(small_repo: Path) -> None:
    # Moved but not committed: git has no rename to follow, so the user says where it was.
    (small_repo / "assessments" / "test-2024").rename(small_repo / "assessments" / "test-2025")
    theme = small_repo / "assessments" / "test-2025" / "themes" / "use-of-resources.yaml"
    set_field(theme, "R001", "rating", "red")
    code, _, err = run("diff", "--since", "v1", "assessments/test-2025")
    assert code == 2
    assert "assessments/test-2025 did not exist at v1" in err
    assert "--old-path" in err
    assert "Traceback" not in err
    code, out, err = run(
        "diff",
        "--since",
        "v1",
        "assessments/test-2025",
        "--old-path",
        "assessments/test-2024",
        "-f",
        "json",
    )
    assert (code, err) == (0, "")
    assert _ratings(json.loads(out)) == [
        ("R001", "use-of-resources", "green", "red", "worsened", 2, "kept")
    ]
    assert json.loads(out)["notes"] == []


def test_a_folder_of_one_assessment_is_compared_across_a_rename_inside_it(
    small_repo: Path,
) -> None:
    # `assessments` existed at v1, so the default PATH still works after the yearly rename.
    (small_repo / "assessments" / "test-2024").rename(small_repo / "assessments" / "test-2025")
    code, out, err = run("diff", "--since", "v1", "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["ratings"] == []


def test_an_assessment_at_the_top_of_the_repository(make_repo: Repo) -> None:
    repo = make_repo()
    shutil.copytree(BASE, repo, dirs_exist_ok=True)
    commit(repo, "first")
    set_field(repo / "themes" / "use-of-resources.yaml", "R002", "rating", "red")
    code, out, err = run("diff", "--since", "HEAD", ".", "-f", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["from"]["source"] == "HEAD:."
    assert _ratings(document) == [
        ("R002", "use-of-resources", "amber", "red", "worsened", 1, "kept")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "no-such-tag"), "unknown revision 'no-such-tag'"),
        (("--since=--output=x",), "--since takes a git revision"),
        (("--since", "v1", "--old-path", "assessments/never"), "--old-path assessments/never did"),
        (("--since", "v1", "a", "b"), "with --since REV, give at most one PATH"),
        (("assessments/test-2024",), "diff takes two assessment folders"),
        (("--old-path", "x", "a", "b"), "--old-path goes with --since"),
        (("--since", "v1", "nowhere"), "no such file or folder: nowhere"),
    ],
)
def test_unusable_arguments_exit_2_with_a_clear_message(
    small_repo: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run("diff", *args)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_a_folder_that_did_not_exist_at_the_revision_exits_2(small_repo: Path) -> None:
    shutil.copytree(BASE, small_repo / "assessments" / "other")
    commit(small_repo, "another authority")
    code, _, err = run("diff", "--since", "v1", "assessments/other")
    assert code == 2
    assert "assessments/other did not exist at v1 (commit " in err


def test_not_a_git_repository_exits_2(
    tmp_path: Path, git_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    shutil.copytree(BASE, tmp_path / "plain")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("diff", "--since", "HEAD~1", "plain")
    assert code == 2
    assert "plain is not in a git repository" in err
    assert "bvduty diff OLD NEW" in err


def test_git_missing_exits_2(small_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(small_repo / "no-bin"))
    code, _, err = run("diff", "--since", "v1", "assessments/test-2024")
    assert code == 2
    assert "git is not installed or not on PATH" in err


def test_an_invalid_old_version_is_reported_at_rev_path_line_col(small_repo: Path) -> None:
    theme = small_repo / "assessments" / "test-2024" / "themes" / "use-of-resources.yaml"
    set_field(theme, "R001", "ratin", "green")  # inserted as line 6, below `- id: R001`
    commit(small_repo, "a broken commit")
    git(small_repo, "tag", "broken")
    git(small_repo, "revert", "--no-edit", "HEAD")
    code, out, err = run("diff", "--since", "broken", "assessments/test-2024")
    assert (code, out) == (1, "")
    shown = "broken:assessments/test-2024/themes/use-of-resources.yaml"
    assert err.startswith(f"{shown}:6:5: error[unknown-field]: unknown field 'ratin'"), err
    assert "/tmp" not in err and "bvduty-rev-" not in err


def test_problems_in_both_versions_are_reported_together(small_repo: Path) -> None:
    theme = small_repo / "assessments" / "test-2024" / "themes" / "use-of-resources.yaml"
    set_field(theme, "R002", "rating", "purple")
    commit(small_repo, "broken")
    set_field(theme, "R001", "rating", "mauve")
    code, _, err = run("diff", "--since", "HEAD", "assessments/test-2024")
    assert code == 1
    assert "HEAD:assessments/test-2024/themes/use-of-resources.yaml" in err
    assert "purple" in err
    assert re.search(r"^assessments/test-2024/themes/use-of-resources\.yaml:.*mauve", err, re.M)


def test_a_local_framework_beside_the_folder_is_read_at_the_revision(make_repo: Repo) -> None:
    repo = make_repo()
    framework = repo / "assessments" / "frameworks" / "local.yaml"
    framework.parent.mkdir(parents=True)
    framework.write_text(
        "bvduty: 1\nkind: framework\nid: local\ntitle: Local framework\nthemes:\n"
        "  - {id: use-of-resources, number: 1, title: Resources}\n",
        encoding="utf-8",
    )
    folder = repo / "assessments" / "test"
    shutil.copytree(BASE, folder)
    manifest = folder / "assessment.yaml"
    manifest.write_text(
        manifest.read_text("utf-8") + "framework: ../frameworks/local.yaml\n", "utf-8"
    )
    commit(repo, "local framework")
    # The framework file is renamed now; the old version must still find the old one.
    git(repo, "mv", "assessments/frameworks/local.yaml", "assessments/frameworks/local-v2.yaml")
    manifest.write_text(manifest.read_text("utf-8").replace("local.yaml", "local-v2.yaml"), "utf-8")
    set_field(folder / "themes" / "use-of-resources.yaml", "R002", "rating", "green")
    code, out, err = run("diff", "--since", "HEAD", "assessments/test", "-f", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert _ratings(document) == [
        ("R002", "use-of-resources", "amber", "green", "improved", 1, "kept")
    ]
    assert [g for g in document["gaps"] if g["code"] == "missing-theme"] == [
        {"code": "missing-theme", "from": 0, "to": 0}
    ]


# --- two folders ---------------------------------------------------------------------------


def two_folders(tmp_path: Path, edit: Callable[[Path], None]) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(BASE, old)
    shutil.copytree(BASE, new)
    edit(new)
    return old, new


def test_gap_counts_before_and_after_per_code(tmp_path: Path) -> None:
    def edit(folder: Path) -> None:
        theme = folder / "themes" / "use-of-resources.yaml"
        set_field(theme, "R002", "rating", "green")  # below-target closed
        text = theme.read_text("utf-8")
        cell = "  - id: R003\n    statement: Asset plans are current\n"
        theme.write_text(text.replace("\nfindings:", f"\n{cell}findings:", 1), "utf-8")
        (folder / "themes" / "leadership.yaml").write_text(
            "bvduty: 1\nkind: theme\ntheme: leadership\ncriteria:\n"
            "  - {id: L001, statement: Clear vision, rating: red}\n",
            encoding="utf-8",
        )

    old, new = two_folders(tmp_path, edit)
    result = compare(load_one(old), load_one(new))
    counts = {g.code.value: (g.before, g.after) for g in result.gaps}
    assert counts == {
        "missing-theme": (6, 5),  # leadership now has a file
        "not-assessed": (0, 0),  # and it rates L001
        "below-target": (1, 1),  # R002 closed, L001 red opened
        "no-action": (0, 1),  # L001
        "overdue": (0, 0),
        "slipped": (0, 0),
        "stale-update": (0, 0),
        "unrated": (0, 1),  # R003
        "no-evidence": (0, 1),  # L001
        "stale-evidence": (0, 0),
        "indicator-breach": (0, 0),  # the base case has no indicators
        "indicator-outlier": (0, 0),
    }
    assert result.gap_totals() == (7, 9)
    assert diff_words.summary(result).endswith("Gaps rose from 7 to 9.")


def test_different_scales_compare_by_position_and_say_so(tmp_path: Path) -> None:
    def edit(folder: Path) -> None:
        manifest = folder / "assessment.yaml"
        text = manifest.read_text("utf-8").replace("scale: rag", "scale: maturity5")
        manifest.write_text(text.replace("default_target: green", "default_target: optimising"))
        theme = folder / "themes" / "use-of-resources.yaml"
        set_field(theme, "R001", "rating", "defined")  # green is 3rd of 3; defined 3rd of 5
        set_field(theme, "R002", "rating", "initial")  # amber is 2nd of 3; initial 1st of 5

    old, new = two_folders(tmp_path, edit)
    code, out, err = run("diff", str(old), str(new), "-f", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert _ratings(document) == [
        ("R002", "use-of-resources", "amber", "initial", "worsened", 1, "kept")
    ]
    assert document["same_scale"] is False
    assert "compared by their position in each scale" in document["notes"][0]
    assert "as the scales differ" in document["summary"]


def test_user_text_cannot_break_the_terminal_or_the_markdown_table(tmp_path: Path) -> None:
    def edit(folder: Path) -> None:
        theme = folder / "themes" / "use-of-resources.yaml"
        set_field(theme, "R002", "title", '"Pay | grading\\e[2J\\u202e"')
        set_field(theme, "R002", "rating", "green")

    old, new = two_folders(tmp_path, edit)
    result = compare(load_one(old), load_one(new))
    plain = render.terminal(result)
    assert "\x1b" not in plain and "\u202e" not in plain
    assert "Pay | grading\\x1b[2J\\u202e" in plain
    md = render.markdown(result)
    # The ratings table (five cells) and the characteristics table (the title reworded: four).
    rating, reworded = [line for line in md.splitlines() if line.startswith("| R002")]
    assert rating.count("|") - rating.count("\\|") == 6  # none split by the title
    assert reworded.count("|") - reworded.count("\\|") == 5
    row = rating
    assert "\\x1b\\[2J" in row


def test_markdown_heading_level_fits_a_committee_paper(tmp_path: Path) -> None:
    old, new = two_folders(tmp_path, lambda folder: None)
    md = render.markdown(compare(load_one(old), load_one(new)), level=2)
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "## Movement since 2024/25 as at 31 January 2025",
        "### Ratings",
        "### Characteristics",
        "### Actions",
        "### Evidence",
        "### Gaps",
    ]


@pytest.mark.parametrize(("fmt", "golden"), [("terminal", "diff.txt"), ("md", "diff.md")])
def test_golden_output_of_two_years_of_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, golden: str, regenerate: bool
) -> None:
    shutil.copytree(EXAMPLE_2024, tmp_path / "2024-25")
    shutil.copytree(EXAMPLE_2024, tmp_path / "2025-26")
    second_year(tmp_path / "2025-26")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("diff", "2024-25", "2025-26", "--format", fmt)
    assert (code, err) == (0, "")
    assert EXPECTED_SUMMARY in " ".join(out.split())
    check_golden(golden, out, regenerate)


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path) -> None:
    old, new = two_folders(tmp_path, lambda folder: None)
    target = tmp_path / "movement.md"
    code, out, _ = run("diff", str(old), str(new), "-f", "md", "--output", str(target))
    assert (code, out) == (0, "")
    assert target.read_text("utf-8").startswith("# Movement since 2024/25")


# --- every kind of change, on a real repository --------------------------------------------


def test_since_shows_every_kind_of_change_counted_by_hand(two_years: Path) -> None:
    """The issue's three cases (an unrated characteristic removed, a due date moved earlier
    with the register's reason, a statement reworded) and the other kinds of change, each
    committed on top of the second year and read back with `diff --since`."""
    folder = two_years / "assessments" / "example-borough"
    themes = folder / "themes"
    library = folder / "evidence.yaml"
    library.write_text(
        library.read_text("utf-8") + "  - id: E098\n    title: Old staff handbook\n", "utf-8"
    )
    commit(two_years, "an evidence item no one cites")
    git(two_years, "tag", "before")
    partnerships = themes / "07-partnerships-and-community-engagement.yaml"
    remove_item(partnerships, "PCE006")  # unrated: no rating moved, yet a characteristic went
    culture = themes / "04-culture.yaml"
    text = culture.read_text("utf-8")
    culture.write_text(text.replace("are understood by staff", "are known by staff", 1), "utf-8")
    set_field(themes / "02-leadership.yaml", "L001", "title", "A shared vision")
    resources = themes / "use-of-resources.yaml"
    set_field(resources, "R001", "target", "dark-green")  # from the default, light-green
    set_field(resources, "A05", "owner", "Section 151 Officer")
    set_field(culture, "A14", "due", "2025-02-28")  # brought forward a month, with the reason
    set_field(culture, "A14", "original_due", "2025-03-31")
    set_field(
        culture,
        "A14",
        "revisions",
        "[{revised_on: 2025-01-25, due: 2025-02-28, reason: Results needed for the budget}]",
    )
    text = library.read_text("utf-8").replace(
        "  - id: E098\n    title: Old staff handbook\n",
        "  - id: E099\n    title: Staff handbook 2025\n    location: https://example.gov.uk/h\n",
    )
    library.write_text(text, "utf-8")
    commit(two_years, "third edit")

    code, out, err = run("diff", "--since", "before", "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["ratings"] == []  # not one rating moved
    changes = [(c["code"], c["id"], c["from"], c["to"]) for c in document["changes"]]
    assert changes == [
        ("characteristic-removed", "PCE006", None, None),
        (
            "statement-reworded",
            "C001",
            "The authority's values and expected behaviours are understood by staff and Members"
            " and shown in how they work.",
            "The authority's values and expected behaviours are known by staff and Members and"
            " shown in how they work.",
        ),
        ("title-reworded", "L001", "Shared vision", "A shared vision"),
        ("target-changed", "R001", "light-green", "dark-green"),
        ("owner-changed", "A05", "Deputy Section 151 Officer", "Section 151 Officer"),
        ("due-earlier", "A14", "2025-03-31", "2025-02-28"),
        ("evidence-removed", "E098", None, None),  # evidence in id order
        ("evidence-added", "E099", None, "https://example.gov.uk/h"),
    ]
    [a14] = [c for c in document["changes"] if c["id"] == "A14"]
    assert (a14["days"], a14["reason"], a14["theme"]) == (
        -31,
        "Results needed for the budget",
        "culture",
    )
    assert _actions(document) == {"A14": ("brought-forward", "2025-03-31", "2025-02-28")}
    assert document["actions"][0]["reason"] == "Results needed for the budget"
    assert document["regressed"] is False
    assert document["summary"] == (
        "Compared with the 2025/26 assessment as at 31 January 2026, no rating changed. 1"
        " action was brought forward. 1 characteristic was removed; 1 statement was reworded;"
        " 1 title was reworded; 1 target was changed. 1 action changed owner. 1 document was"
        " added to the evidence library and 1 was removed. The number of gaps stayed at 66."
    )  # 66: the example's indicator-breach on both sides
    # --fail-on-regression keeps its meaning: none of these is a worsened rating.
    assert run("diff", "--since", "before", "--fail-on-regression")[0] == 0

    code, out, _ = run("diff", "--since", "before")
    shown = out.split("Characteristics (4 changes)\n", 1)[1].split("\nGaps ", 1)[0]
    print(shown)
    assert shown == (
        "  Removed (1)\n"
        "    - PCE006 Seldom-heard groups (Theme 7 Partnerships and Community Engagement)\n"
        "        not rated\n"
        "  Statement reworded (1)\n"
        "    ~ C001 Values and behaviours (Theme 4 Culture)\n"
        "        “The authority's values and expected behaviours are understood by staff\n"
        "        and Members and shown in how they work.” → “The authority's values and\n"
        "        expected behaviours are known by staff and Members and shown in how they\n"
        "        work.”\n"
        "  Title reworded (1)\n"
        "    ~ L001 A shared vision (Theme 2 Leadership)\n"
        "        “Shared vision” → “A shared vision”\n"
        "  Target changed (1)\n"
        "    ◎ R001 Internal control environment (Theme 5 Use of Resources)\n"
        "        target Good → Strong\n"
        "\n"
        "Actions (1 change)\n"
        "  Brought forward (due date moved earlier) (1)\n"
        '    « A14 Run staff listening sessions and publish a "you said, we did" response\n'
        "        to the 2024 survey (Head of HR and Organisational Development); due\n"
        "        2025-03-31 → 2025-02-28 (31 days earlier); reason: Results needed for\n"
        "        the budget\n"
        "  Owner changed (1)\n"
        "    → A05 Refresher training for staff on Financial Regulations and Budget\n"
        "        Management (Theme 5 Use of Resources)\n"
        "        Deputy Section 151 Officer → Section 151 Officer\n"
        "\n"
        "Evidence (2 changes)\n"
        "  Added to the library (1)\n"
        "    + E099 Staff handbook 2025\n"
        "        https://example.gov.uk/h\n"
        "  Removed from the library (1)\n"
        "    - E098 Old staff handbook\n"
    )
    code, out, _ = run("diff", "--since", "before", "--format", "md")
    assert (
        "| PCE006 Seldom-heard groups | Theme 7 Partnerships and Community"
        " Engagement | - characteristic removed | not rated |"
    ) in out
    assert "| A14 Run staff listening" in out and "| Results needed for the budget |" in out
    assert "| E098 Old staff handbook |  | - evidence removed |  |" in out
