"""`bvduty report --compare REV|FOLDER`: the paper's "Movement since <period>" section."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bvduty.cli import app
from conftest import EXAMPLE

THEME5 = "themes/05-use-of-resources.yaml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the example committed and tagged, then a second year's edits."""
    repo = tmp_path / "repo"
    folder = repo / "assessments" / "eb"
    shutil.copytree(EXAMPLE / "example-borough-2024-25", folder)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "officer@example.gov.uk")
    git(repo, "config", "user.name", "Policy Officer")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "2024/25 self-assessment")
    git(repo, "tag", "2024-25-final")
    theme = folder / THEME5
    text = theme.read_text(encoding="utf-8")
    # R010 and R011 move from amber to yellow (one level up each).
    text = re.sub(r"(id: R01[01]\n(?:    .*\n)*?    rating: )amber", r"\1yellow", text)
    theme.write_text(text, encoding="utf-8")
    return repo


def report(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["report", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_markdown_paper_shows_movement_since_a_git_tag(repo: Path) -> None:
    folder = repo / "assessments" / "eb"
    before = git(repo, "status", "--porcelain")
    code, out, err = report(str(folder), "--compare", "2024-25-final")
    assert (code, err) == (0, "")
    assert "## Appendix E: Movement since 2024/25 as at 31 January 2025" in out
    assert "2 characteristics improved" in out
    rows = [line for line in out.splitlines() if line.endswith("▲ improved 1 level |")]
    assert rows == [
        "| R010 | 5 Use of Resources | Capacity and recruitment | Significant improvement needed"
        " | Some improvement needed | ▲ improved 1 level |",
        "| R011 | 5 Use of Resources | Succession planning | Significant improvement needed"
        " | Some improvement needed | ▲ improved 1 level |",
    ]
    # The heatmap figure marks both as improved; the tree is untouched.
    assert "R010 A▼↑" not in out and "R010 Y▼↑" in out
    assert "R011 Y▼↑" in out
    assert git(repo, "status", "--porcelain") == before


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "h2"
        if self.inside:
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "h2"

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.headings[-1] += data


def test_html_paper_shows_movement_since_a_folder(repo: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(EXAMPLE / "example-borough-2024-25", old)
    code, out, _ = report(str(repo / "assessments" / "eb"), "--compare", str(old), "-f", "html")
    assert code == 0
    parser = _Headings()
    parser.feed(out)
    assert parser.headings[-1] == "Appendix E: Movement since 2024/25 as at 31 January 2025"
    assert 'href="#appendix-e"' in out
    assert out.count("improved 1 level") == 2


def test_without_compare_there_is_no_movement_section() -> None:
    code, out, _ = report(str(EXAMPLE))
    assert code == 0
    assert "Movement since" not in out


def test_compare_with_an_unknown_revision_exits_2(repo: Path) -> None:
    code, out, err = report(str(repo / "assessments" / "eb"), "--compare", "no-such-tag")
    assert code == 2
    assert out == ""
    assert "no-such-tag" in err
    assert "Traceback" not in err


def test_movement_appendix_shows_every_kind_of_change(repo: Path) -> None:
    folder = repo / "assessments" / "eb"
    theme = folder / THEME5
    text = theme.read_text(encoding="utf-8")
    text = text.replace(
        "    title: Internal control environment\n", "    title: Internal control\n"
    )
    text = text.replace(  # A03 moved later, with the reason in the register
        "    due: 2025-03-31\n    status: in-progress\n    priority: medium\n"
        "    source: internal-audit\n",
        "    due: 2025-06-30\n    original_due: 2025-03-31\n    revisions:\n"
        "      - {revised_on: 2025-01-20, due: 2025-06-30, reason: Contracts retendered late}\n"
        "    status: in-progress\n    priority: medium\n    source: internal-audit\n",
    )
    theme.write_text(text, encoding="utf-8")
    code, out, err = report(str(folder), "--compare", "2024-25-final")
    assert (code, err) == (0, "")
    movement = out.split("## Appendix E: Movement since", 1)[1]
    assert (
        "| R001 | Internal control | 5 Use of Resources | \\~ title reworded |"
        " “Internal control environment” → “Internal control” |"
    ) in movement
    [a03] = [line for line in movement.splitlines() if line.startswith("| A03 |")]
    assert "*Due date moved: Contracts retendered late*" in a03
    assert a03.endswith("| » slipped | 31 Mar 2025 | 30 Jun 2025 |")
