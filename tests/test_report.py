"""`bvduty report` on the shipped example: golden papers, the seed page's text, the CLI contract.

Golden files live in tests/golden/; rewrite them with `pytest --regenerate-golden` after a
deliberate change, and read the diff before committing.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bvduty.analysis.paper import Paper
from bvduty.core import paper as build
from bvduty.render import html, markdown
from conftest import EXAMPLE, ROOT, TESTS, Overlay, check_golden, run

EXAMPLE_FOLDER = EXAMPLE / "example-borough-2024-25"
# A council's published theme page, from which the example's theme 5 was written.
SEED = TESTS / "seed" / "theme-5-use-of-resources.txt"


def example() -> Paper:
    return build(EXAMPLE, workers=1)


class _Text(HTMLParser):
    """The text of an HTML document, as a reader sees it (whitespace folded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @classmethod
    def of(cls, document: str) -> str:
        parser = cls()
        parser.feed(document)
        parser.close()
        return " ".join("".join(parser.parts).split())


def _section_md(document: str, heading: str) -> str:
    """The Markdown from the `## ` heading that contains `heading` to the next `## ` heading."""
    start = next(m.start() for m in re.finditer(r"^## .*$", document, re.M) if heading in m[0])
    following = re.search(r"^## ", document[start + 3 :], re.M)
    return document[start : start + 3 + following.start()] if following else document[start:]


def _unescape_md(text: str) -> str:
    return " ".join(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).split())


def _seed_bullets() -> list[str]:
    """The seed page's description and evidence bullets, whitespace normalised."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [" ".join(line.split("•", 1)[1].split()) for line in lines if "•" in line]


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (("report", str(EXAMPLE)), "paper.md"),
        (("report", str(EXAMPLE), "--format", "html"), "paper.html"),
    ],
)
def test_golden_paper_of_the_example(args: tuple[str, ...], golden: str, regenerate: bool) -> None:
    code, out, err = run(*args)
    assert (code, err) == (0, "")
    check_golden(golden, out, regenerate)


def test_the_seed_pages_text_all_appears_in_its_theme_section() -> None:
    bullets = _seed_bullets()
    assert len(bullets) == 20  # six description bullets and fourteen evidence bullets
    paper = example()
    md_section = _unescape_md(_section_md(markdown.paper(paper), "Theme 5: Use of Resources"))
    page = html.paper(paper)
    html_section = _Text.of(page[page.index('id="theme-5"') : page.index('id="theme-6"')])
    for bullet in bullets:
        assert bullet in md_section
        assert bullet in html_section
    for number in range(1, 13):
        assert f"| R{number:03} |" in md_section
    assert "The action plan (Appendix A) has 8 actions for this theme" in md_section


def test_summary_numbers_come_from_the_heatmap_and_gap_report() -> None:
    paper = example()
    s = paper.summary
    # Counted by hand from the example's theme files (tests/test_gaps.py counts the gaps).
    assert (s.cells, s.rated, s.unrated, s.see, s.below_target) == (60, 58, 2, 1, 22)
    assert [(c.level.id, c.count) for c in s.level_counts] == [
        ("dark-green", 10),
        ("light-green", 26),
        ("yellow", 18),
        ("amber", 4),
    ]
    assert (s.gaps, s.high, s.medium, s.low) == (34, 10, 21, 3)
    assert [(a.id, a.days_overdue) for a in s.overdue] == [("A08", 62), ("A04", 31), ("A19", 16)]
    assert (s.actions, s.open_actions, s.done_actions, s.cancelled_actions) == (22, 20, 1, 1)


def test_as_of_moves_overdue_and_every_count_with_it() -> None:
    later = build(EXAMPLE, as_of="2025-04-01", workers=1)
    assert later.as_of == date(2025, 4, 1)
    overdue = {a.id: a.days_overdue for a in later.summary.overdue}
    assert overdue["A08"] == 122  # due 30 November 2024
    assert "A18" in overdue  # due 31 March 2025: overdue from 1 April, not before
    assert "A06" not in overdue  # done
    plan = {a.id: a.days_overdue for a in later.actions}
    assert plan == {a: overdue.get(a) for a in plan}
    code, out, _ = run("report", str(EXAMPLE), "--as-of", "2025-04-01")
    assert code == 0
    assert "Overdue by 122 days" in out


def test_appendices_hold_every_action_and_document() -> None:
    paper = example()
    assert len(paper.actions) == 22
    assert [a.id for a in paper.actions][:3] == ["A08", "A09", "A07"]  # theme 1, by due date
    assert len(paper.evidence) == 37
    cited = {e.id: e.cited_by for e in paper.evidence}
    assert cited["E037"] == ("C007", "R010", "R011")  # in framework order


def test_missing_front_matter_reads_not_stated(make_assessment: Overlay) -> None:
    folder = make_assessment()  # the base case has no `report:` at all
    code, out, err = run("report", str(folder))
    assert (code, err) == (0, "")
    header = out.split("## 1.", 1)[0]
    for row in ("Committee", "Date of meeting", "Report of", "Author", "Contact", "Classification"):
        assert re.search(rf"^\| {row} \| Not stated \|$", header, re.M), row
    assert "None" not in out.replace("| None |", "")  # "None" only as a theme column value
    assert "**1.1** Not stated" in out
    assert "**2.1** Not stated" in out
    for heading in ("Financial", "Legal", "Risk", "Equalities"):
        assert f"**{heading}.** Not stated" in out
    code, page, _ = run("report", str(folder), "--format", "html")
    assert code == 0
    assert "<dt>Committee</dt><dd>Not stated</dd>" in page
    assert ">None<" not in page.replace("<td>None</td>", "")


def test_exempt_paper_names_its_schedule_12a_paragraph(make_assessment: Overlay) -> None:
    manifest = (TESTS / "cases" / "base" / "assessment.yaml").read_text(encoding="utf-8")
    front = "report:\n  classification: exempt\n  exempt_paragraph: 3\n"
    folder = make_assessment(files={"assessment.yaml": manifest + front})
    wording = "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    code, out, _ = run("report", str(folder))
    assert code == 0
    assert f"| Classification | Exempt: not for publication by virtue of {wording} |" in out
    code, page, _ = run("report", str(folder), "--format", "html")
    assert f"<strong>Not for publication</strong> by virtue of {wording}" in page


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path) -> None:
    target = tmp_path / "paper.html"
    code, out, err = run("report", str(EXAMPLE), "--format", "html", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["paper.html"]  # no temporary file left


def test_default_path_is_assessments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run("report", "--format", "html")
    assert code == 0
    assert "<h1>Best Value Duty self-assessment 2024/25</h1>" in out


def test_a_folder_of_several_assessments_is_refused_with_their_names(tmp_path: Path) -> None:
    import shutil

    for name in ("one", "two"):
        shutil.copytree(TESTS / "cases" / "base", tmp_path / name)
    code, out, err = run("report", str(tmp_path))
    assert (code, out) == (2, "")
    assert "holds 2 assessments and a report is about one" in err
    assert f"{tmp_path / 'one'}" in err and f"{tmp_path / 'two'}" in err
    assert "Traceback" not in err


def test_invalid_input_prints_the_problems_and_exits_1(make_assessment: Overlay) -> None:
    folder = make_assessment(files={"evidence.yaml": "bvduty: 1\nkind: evidence\nevidence: 3\n"})
    code, out, err = run("report", str(folder))
    assert (code, out) == (1, "")
    assert "evidence.yaml:3:11: error[wrong-type]" in err
    assert "nothing was produced" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "31/01/2025"), "--as-of takes a date written YYYY-MM-DD"),
        (("--template-dir", "no-such-folder"), "--template-dir no-such-folder: no such folder"),
        (("--output", "no-such-folder/paper.md"), "folder no-such-folder does not exist"),
        (("--format", "odt"), "'odt' is not one of"),
    ],
)
def test_unusable_options_exit_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    code, out, err = run("report", str(EXAMPLE), *args)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_template_dir_overrides_a_template_by_name(tmp_path: Path) -> None:
    (tmp_path / "paper.md.j2").write_text(
        "{{ paper.front.authority }} | {{ paper.summary.cells }} cells | {{ paper.front.wards }}\n"
        "{{ paper.front.title | md_link('https://example.gov.uk/paper') }}\n",
        encoding="utf-8",
    )
    code, out, err = run("report", str(EXAMPLE), "--template-dir", str(tmp_path))
    assert (code, err) == (0, "")
    assert out == (
        "Example Borough Council | 60 cells | All wards\n"
        "[Best Value Duty self-assessment 2024/25](https://example.gov.uk/paper)\n"
    )
    # The HTML paper is not overridden, so it is still the built-in one.
    code, page, _ = run("report", str(EXAMPLE), "-f", "html", "--template-dir", str(tmp_path))
    assert "<h1>Best Value Duty self-assessment 2024/25</h1>" in page


def test_a_house_style_can_extend_the_built_in_paper(tmp_path: Path) -> None:
    (tmp_path / "paper.html.j2").write_text(
        '{% extends "builtin/paper.html.j2" %}'
        "{% block footer %}<footer><p>{{ paper.front.authority }} house style</p></footer>"
        "{% endblock %}",
        encoding="utf-8",
    )
    code, page, err = run("report", str(EXAMPLE), "-f", "html", "--template-dir", str(tmp_path))
    assert (code, err) == (0, "")
    assert "<footer><p>Example Borough Council house style</p></footer>" in page
    assert '<h2 id="purpose">1. Purpose of the report</h2>' in page


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% if %}", "paper.md.j2:1: Expected an expression"),
        ("line one\n{{ paper.no_such_field }}\n", "paper.md.j2:2: "),
        ('{% include "missing.j2" %}', "template missing.j2 not found"),
    ],
)
def test_a_broken_template_is_a_message_not_a_traceback(
    tmp_path: Path, template: str, message: str
) -> None:
    (tmp_path / "paper.md.j2").write_text(template, encoding="utf-8")
    code, out, err = run("report", str(EXAMPLE), "--template-dir", str(tmp_path))
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_numbered_sections_and_paragraphs_run_in_order() -> None:
    document = markdown.paper(example())
    sections = re.findall(r"^## (\d+)\. ", document, re.M)
    assert sections == [str(n) for n in range(1, 14)]
    for number in sections:
        paras = re.findall(rf"^\*\*{number}\.(\d+)\*\*", document, re.M)
        assert paras == [str(n) for n in range(1, len(paras) + 1)], number
    page = html.paper(example())
    assert re.findall(r'<h2 id="[^"]+">(\d+)\. ', page) == sections


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    """pyproject lists packages (templates/ is mapped in); a new subpackage must be added."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT / "src").parts)
        for init in (ROOT / "src").rglob("__init__.py")
    }
    assert found | {"bvduty.templates"} == listed
    assert config["tool"]["setuptools"]["package-dir"]["bvduty.templates"] == "templates"
