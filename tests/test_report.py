"""`bvduty report`: the covering report as councils write it, the seed page in Appendix A, the
council's own shape, nothing "Not stated", local-government English, and the CLI contract.

Golden files live in tests/golden/; rewrite them with `pytest --regenerate-golden` after a
deliberate change, and read the diff before committing.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from bvduty.analysis.paper import Paper
from bvduty.compose.paper import compose
from bvduty.core import paper as build
from bvduty.render import html, markdown
from conftest import BASE, EXAMPLE, ROOT, TESTS, Overlay, check_golden, run
from papertext import html_parts, md_parts, md_text

# A council's published theme page, from which the example's theme 5 was written.
SEED = TESTS / "seed" / "theme-5-use-of-resources.txt"
COVERING = [
    "1. Purpose of the report and summary",
    "2. Recommendations",
    "3. Background",
    "4. Findings at a glance",
    "5. Progress on the action plan",
    "6. Options considered and reasons for the recommendations",
    "7. Implications",
    "8. Background papers",
]
APPENDICES = [
    "Appendix A: Theme-by-theme assessment",
    "Appendix B: Action plan",
    "Appendix C: Evidence library",
    "Appendix D: Gap analysis",
]


def example() -> Paper:
    return build(EXAMPLE, workers=1)


def _section_md(document: str, heading: str) -> str:
    """The Markdown from the heading that contains `heading` to the next heading of its level."""
    match = next(m for m in re.finditer(r"^(#+) .*$", document, re.M) if heading in m[0])
    level = len(match[1])
    following = re.search(rf"^#{{1,{level}}} ", document[match.end() :], re.M)
    end = match.end() + following.start() if following else len(document)
    return document[match.start() : end]


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
def test_golden_paper_of_the_example(
    args: tuple[str, ...], golden: str, regenerate: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The golden file holds the words; the indicator charts matplotlib draws are tested in
    # tests/test_indicators.py (they would tie this file to one matplotlib release).
    monkeypatch.setattr("bvduty.render.charts.available", lambda: False)
    args = (*args, "--quiet")
    code, out, err = run(*args)
    assert (code, err) == (0, "")
    check_golden(golden, out, regenerate)


def test_the_covering_report_is_in_the_order_councils_write_it() -> None:
    headings, _, _ = md_parts(markdown.paper(example()))
    top = [h for h in headings if re.match(r"\d+\. |Appendix [A-Z]:", h)]
    assert top == COVERING + APPENDICES


def test_the_seed_pages_text_all_appears_in_the_theme_5_appendix() -> None:
    bullets = _seed_bullets()
    assert len(bullets) == 20  # six description bullets and fourteen evidence bullets
    paper = example()
    md_section = md_text(_section_md(markdown.paper(paper), "Theme 5: Use of Resources"))
    page = html.paper(paper)
    html_section = " ".join(
        re.sub(r"<[^>]+>", "", page[page.index('id="theme-5"') : page.index('id="theme-6"')])
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .split()
    )
    for bullet in bullets:
        assert bullet in md_section
        assert bullet in html_section
    for number in range(1, 13):  # every characteristic of the seed's heatmap, in its table
        assert f"| R{number:03} |" in _section_md(markdown.paper(paper), "Theme 5: Use")
    # The seed's "next steps identified in action plan": the six actions of the theme.
    steps = _section_md(markdown.paper(paper), "Theme 5: Use of Resources")
    assert "Next steps in the action plan" in steps
    assert len(re.findall(r"^\| A\d+ \|", steps, re.M)) == 8


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
    # 34 before issue 13, plus A01 (high: 183 days) and A08 (medium) slipped, and E010 past
    # its review date (medium: C001 cites it); + 1 indicator-breach (medium): debt relative to
    # core spending power (indicators.yaml).
    assert (s.gaps, s.high, s.medium, s.low) == (38, 11, 24, 3)
    assert [(a.id, a.days_overdue) for a in s.overdue] == [("A08", 62), ("A04", 31), ("A19", 16)]
    assert (s.actions, s.open_actions, s.done_actions, s.cancelled_actions) == (22, 20, 1, 1)
    # A08 slipped too, but is overdue, the worse: it is counted once, as overdue.
    assert [(a.id, a.days_slipped) for a in s.slipped] == [("A01", 183)]
    # A20 is blocked (and not overdue): counted as blocked, not on track.
    assert (s.blocked, s.on_track) == (1, 15)
    # (source, completed, on track, slipped, blocked, overdue, cancelled), from the files'
    # `source:`.
    assert [(c.source, *c.counts) for c in s.by_source] == [
        ("Self-assessment", 0, 2, 1, 0, 0, 0),  # A01 slipped, A02, A22
        ("External audit", 0, 2, 0, 0, 0, 0),  # A05, A13
        ("Internal audit", 0, 1, 0, 0, 1, 0),  # A03, A08 overdue
        ("Peer challenge", 0, 1, 0, 0, 0, 1),  # A07, A21 cancelled
        ("Best Value Notice", 1, 1, 0, 0, 0, 0),  # A06 done, A18
        ("Scrutiny", 0, 1, 0, 0, 0, 0),  # A12
        ("Member challenge session", 0, 1, 0, 0, 0, 0),  # A11: the manifest's own source
        (None, 0, 6, 0, 1, 2, 0),  # A20 blocked, A04 and A19 overdue, and six more
    ]
    assert s.stale_evidence == 1
    _, paragraphs, _ = md_parts(markdown.paper(paper))
    assert paragraphs["1.3"] == (
        "58 of the 60 characteristics are rated: 36 at or above target and 22 below target;"
        " 2 are not yet rated. The action plan holds 22 actions: 1 completed, 15 on track,"
        " 1 slipped, 1 blocked, 3 overdue and 1 cancelled."
    )
    assert paragraphs["5.1"] == (
        "The action plan (Appendix B) holds 22 actions. As at 31 January 2025, 1 is completed,"
        " 15 are on track, 1 is slipped, 1 is blocked, 3 are overdue and 1 is cancelled."
        " Slipped means open and not yet overdue, but due later than the date first agreed;"
        " each action is counted once, so one that is overdue and was also moved counts as"
        " overdue."
    )
    assert paragraphs["5.3"] == (
        "The action furthest behind the date first agreed is A01 Develop departmental workforce"
        " plans for every service area (Head of HR and Organisational Development), now due"
        " 30 September 2025, 183 days after 31 March 2025. The reason given: The Corporate"
        " Leadership Team asked for plans to follow the 2025/26 budget, so that they reflect"
        " agreed savings."
    )
    assert paragraphs["5.4"] == (
        "Table 3 counts the actions by where they come from: 13 actions from 7 sources, and 9"
        " with no source stated. Furthest behind are the Internal audit actions: 1 of 2"
        " slipped or overdue."
    )


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
    assert "As at 1 April 2025" in out


def test_appendices_hold_every_action_and_document() -> None:
    paper = example()
    assert len(paper.actions) == 22
    assert [a.id for a in paper.actions][:3] == ["A08", "A09", "A07"]  # theme 1, by due date
    assert len(paper.evidence) == 37
    cited = {e.id: e.cited_by for e in paper.evidence}
    assert cited["E037"] == ("C007", "R010", "R011")  # in framework order
    document = markdown.paper(paper)
    plan = _section_md(document, "Appendix B: Action plan")
    assert sorted(re.findall(r"^\| (A\d+) \|", plan, re.M)) == sorted(a.id for a in paper.actions)
    library = _section_md(document, "Appendix C: Evidence library")
    assert len(re.findall(r"^\| E\d+ \|", library, re.M)) == 37


def _bare(make_assessment: Overlay) -> Path:
    manifest = (BASE / "assessment.yaml").read_text(encoding="utf-8")
    return make_assessment(files={"assessment.yaml": manifest.split("report:")[0]})


def test_missing_front_matter_is_left_out_never_not_stated(make_assessment: Overlay) -> None:
    folder = _bare(make_assessment)
    for fmt in ("md", "html"):
        code, out, err = run("report", str(folder), "--format", fmt)
        assert (code, err) == (0, "")
        assert "Not stated" not in out
        assert "report to" not in out.lower()
    code, out, _ = run("report", str(folder))
    header = out.split("## 1.", 1)[0]
    for row in ("Committee", "Date of meeting", "Report of", "Author", "Classification"):
        assert f"| {row}" not in header, row
    headings, paragraphs, _ = md_parts(out)
    # Sections with nothing to say are left out; the numbering closes up.
    assert [h for h in headings if re.match(r"\d+\. ", h)] == [
        "1. Purpose of the report and summary",
        "2. Background",
        "3. Findings at a glance",
        "4. Progress on the action plan",
    ]
    assert paragraphs["1.1"].startswith("This report presents the Best Value self-assessment")


def test_validate_warns_about_each_field_the_paper_needs(make_assessment: Overlay) -> None:
    folder = _bare(make_assessment)
    code, out, err = run("validate", str(folder))
    assert code == 0  # warnings do not fail CI ...
    assert "warning[paper-incomplete]" in out
    assert err.startswith("1 warning(s) in ") and err.endswith("no errors\n")
    code, _, _ = run("validate", str(folder), "--strict")
    assert code == 1  # ... unless --strict is given
    manifest = (BASE / "assessment.yaml").read_text(encoding="utf-8")
    partial = manifest.replace("  wards: All wards\n", "").replace("    legal: ", "    climate: ")
    folder = make_assessment(files={"assessment.yaml": partial}, name="partial")
    code, out, _ = run("validate", str(folder))
    assert code == 0
    found = sorted(re.findall(r"has no ([\w.]+):", out))
    assert found == ["implications.legal", "wards"]
    assert all(
        line.startswith(f"{folder}/assessment.yaml:10:1: warning") for line in out.splitlines()
    )


def test_an_exempt_paper_names_its_schedule_12a_paragraph(make_assessment: Overlay) -> None:
    manifest = (BASE / "assessment.yaml").read_text(encoding="utf-8")
    manifest = manifest.replace(
        "classification: public", "classification: exempt\n  exempt_paragraph: 3"
    )
    folder = make_assessment(files={"assessment.yaml": manifest})
    wording = "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    code, out, _ = run("report", str(folder))
    assert code == 0
    assert f"| Classification | Exempt: not for publication by virtue of {wording} |" in out
    code, page, _ = run("report", str(folder), "--format", "html")
    assert f"<strong>Not for publication</strong> by virtue of {wording}" in page


def _init(tmp_path: Path) -> Path:
    folder = tmp_path / "new"
    code, _, err = run(
        "init", str(folder), "--authority", "New Council", "--period", "2025/26",
        "--as-of", "2025-06-30",
    )  # fmt: skip
    assert code == 0, err
    return folder


def test_a_fresh_init_folder_gives_a_paper_with_one_sentence_per_empty_theme(
    tmp_path: Path,
) -> None:
    folder = _init(tmp_path)
    code, out, err = run("report", str(folder))
    assert (code, err) == (0, "")
    assert "Not stated" not in out
    themes = _section_md(out, "Appendix A: Theme-by-theme assessment")
    for number in range(1, 8):
        section = _section_md(themes, f"Theme {number}: ")
        body = [line for line in section.splitlines()[1:] if line.strip()]
        assert len(body) == 1, section  # one sentence, not five paragraphs of "No ... recorded"
        assert "has not been assessed" in body[0]


def test_a_council_reorders_omits_and_adds_sections_in_every_format(
    make_assessment: Overlay, tmp_path: Path
) -> None:
    manifest = (BASE / "assessment.yaml").read_text(encoding="utf-8")
    shape = (
        "  sections:\n"
        "    - recommendations\n"
        "    - purpose\n"
        "    - findings\n"
        "    - title: Community safety implications\n"
        "      text: There are no community safety implications.\n"
        "    - implications\n"
    )
    folder = make_assessment(files={"assessment.yaml": manifest + shape})
    expected = [
        "1. Recommendations",
        "2. Purpose of the report and summary",
        "3. Findings at a glance",
        "4. Community safety implications",
        "5. Implications",
    ]
    code, out, err = run("report", str(folder))
    assert (code, err) == (0, "")
    headings, paragraphs, _ = md_parts(out)
    assert [h for h in headings if re.match(r"\d+\. ", h)] == expected
    assert paragraphs["4.1"] == "There are no community safety implications."
    code, page, _ = run("report", str(folder), "-f", "html")
    headings, paragraphs, _ = html_parts(page)
    assert [h for h in headings if re.match(r"\d+\. ", h)] == expected
    assert paragraphs["4.1"] == "There are no community safety implications."
    pytest.importorskip("docx")
    from papertext import docx_parts

    target = tmp_path / "paper.docx"
    code, _, err = run("report", str(folder), "-f", "docx", "-o", str(target))
    assert (code, err) == (0, "")
    headings, paragraphs, _ = docx_parts(target.read_bytes())
    assert [h for h in headings if re.match(r"\d+\. ", h)] == expected
    assert paragraphs["4.1"] == "There are no community safety implications."


def test_an_unknown_section_is_an_error_with_the_list(make_assessment: Overlay) -> None:
    manifest = (BASE / "assessment.yaml").read_text(encoding="utf-8")
    folder = make_assessment(
        files={"assessment.yaml": manifest + "  sections: [purpose, recomendations, purpose]\n"}
    )
    code, out, _ = run("validate", str(folder))
    assert code == 1
    assert (
        "error[unknown-section]: no report section 'recomendations'; did you mean"
        " 'recommendations'?"
    ) in out
    assert "error[duplicate-section]: section 'purpose' is listed twice" in out


def test_the_term_the_manifest_sets_replaces_characteristic(make_assessment: Overlay) -> None:
    manifest = (BASE / "assessment.yaml").read_text(encoding="utf-8")
    folder = make_assessment(files={"assessment.yaml": manifest + "  term: standard\n"})
    code, out, _ = run("report", str(folder))
    assert code == 0
    _, paragraphs, _ = md_parts(out)
    own = [text for number, text in paragraphs.items() if number not in ("3.1", "3.2")]
    assert "characteristic" not in " ".join(own).lower()  # 3.1-3.2 quote the guidance itself
    assert "It rates 2 standards against" in paragraphs["1.2"]
    assert "| Standard | Name |" in out


def test_words_a_council_uses() -> None:
    document = markdown.paper(example())
    words = md_text(document)
    for wrong in (
        " cells",
        "description from the framework",
        "as of ",
        "in-progress",
        "Not stated",
    ):
        assert wrong not in words, wrong
    assert "as at 31 January 2025" in words
    assert "In progress" in words
    assert "The statutory guidance describes an authority" in words
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", words)  # no ISO dates anywhere in the paper


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
    for name in ("one", "two"):
        shutil.copytree(BASE, tmp_path / name)
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
        (("--as-of", "31/01/2025"), "--as-of '31/01/2025' is not written YYYY-MM-DD; write it as"),
        (("-f", "html", "--template-dir", "no-such-folder"), "no-such-folder: no such folder"),
        (("--template-dir", "."), "Markdown has no page to change"),
        (("--output", "no-such-folder/paper.md"), "folder no-such-folder does not exist"),
        (("--format", "odt"), "'odt' is not one of"),
    ],
)
def test_unusable_options_exit_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    code, out, err = run("report", str(EXAMPLE), *args)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_template_dir_replaces_the_page_not_the_words(tmp_path: Path) -> None:
    (tmp_path / "paper.html.j2").write_text(
        "<main>{{ document.kicker }} | {{ document.title }}</main>{{ body }}", encoding="utf-8"
    )
    code, page, err = run("report", str(EXAMPLE), "-f", "html", "--template-dir", str(tmp_path))
    assert (code, err) == (0, "")
    assert page.startswith(
        "<main>Example Borough Council | Best Value Duty self-assessment 2024/25</main>"
    )
    builtin = html.paper(example())
    assert html_parts(page)[1] == html_parts(builtin)[1]  # the same numbered paragraphs


def test_a_house_style_can_extend_the_built_in_page(tmp_path: Path) -> None:
    (tmp_path / "paper.html.j2").write_text(
        '{% extends "builtin/paper.html.j2" %}'
        "{% block footer %}<p>{{ document.kicker }} house style</p>{% endblock %}",
        encoding="utf-8",
    )
    code, page, err = run("report", str(EXAMPLE), "-f", "html", "--template-dir", str(tmp_path))
    assert (code, err) == (0, "")
    assert "<footer>\n<p>Example Borough Council house style</p></footer>" in page
    assert '<h2 id="purpose">1. Purpose of the report and summary</h2>' in page


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% if %}", "paper.html.j2:1: Expected an expression"),
        ("line one\n{{ document.no_such_field }}\n", "paper.html.j2:2: "),
        ('{% include "missing.j2" %}', "template missing.j2 not found"),
        ("one\ntwo {{ 1 / 0 }}", "paper.html.j2:2: division by zero"),
        ('{% include "paper.html.j2" %}', "includes or extends itself without end"),
        ("{{ document.title | round }}", "paper.html.j2:1: a value of the wrong kind"),
        ("{{ ''.__class__.__mro__ }}", "paper.html.j2:1: "),  # the sandbox refuses it
    ],
)
def test_a_broken_template_is_a_message_not_a_traceback(
    tmp_path: Path, template: str, message: str
) -> None:
    (tmp_path / "paper.html.j2").write_text(template, encoding="utf-8")
    code, out, err = run("report", str(EXAMPLE), "-f", "html", "--template-dir", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith("bvduty: error: template ")
    assert message in err
    assert "Traceback" not in err


def test_a_template_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    (tmp_path / "paper.html.j2").write_bytes("Caf\xe9 {{ body }}".encode("latin-1"))
    code, out, err = run("report", str(EXAMPLE), "-f", "html", "--template-dir", str(tmp_path))
    assert (code, out) == (2, "")
    assert "not UTF-8 (byte 0xe9); save the template as UTF-8" in err


def test_numbered_sections_and_paragraphs_run_in_order() -> None:
    document = markdown.paper(example())
    sections = re.findall(r"^## (\d+)\. ", document, re.M)
    assert sections == [str(n) for n in range(1, 9)]
    for number in sections:
        paras = re.findall(rf"^\*\*{number}\.(\d+)\*\*", document, re.M)
        assert paras == [str(n) for n in range(1, len(paras) + 1)], number
    page = html.paper(example())
    assert re.findall(r'<h2 id="[^"]+">(\d+)\. ', page) == sections


def test_tables_and_figures_are_numbered_in_reading_order() -> None:
    doc = compose(example())
    _, _, captions = md_parts(markdown.document(doc))
    assert [int(re.match(r"Table (\d+):", c)[1]) for c in captions] == list(  # type: ignore[index]
        range(1, len(captions) + 1)
    )


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


def test_action_plan_appendix_shows_dates_first_agreed_sources_and_updates() -> None:
    document = markdown.paper(example())
    plan = _section_md(document, "Appendix B: Action plan")
    [a08] = [line for line in plan.splitlines() if line.startswith("| A08 |")]
    # Due now, and the date first agreed under it; the source and the reason it moved.
    assert "| 30 Nov 2024; *was 30 Sep 2024* |" in a08
    assert "*Source: Internal audit*" in a08
    assert "*Due date moved: The Planning system upgrade moved data cleansing" in a08
    # The latest dated update, not the older one nor the undated progress text.
    assert a08.endswith(
        "| **10 Jan 2025**: Data cleansing in Revenues complete; Planning still outstanding. |"
    )
    [a01] = [line for line in plan.splitlines() if line.startswith("| A01 |")]
    assert "| 30 Sep 2025; *was 31 Mar 2025* |" in a01
    [a09] = [line for line in plan.splitlines() if line.startswith("| A09 |")]
    assert "was " not in a09 and "Source:" not in a09  # never revised, no source given
    assert a09.endswith("| Draft digital strategy out for consultation with Heads of Service. |")


def test_evidence_appendix_shows_owner_review_by_and_stale_items() -> None:
    document = markdown.paper(example())
    library = _section_md(document, "Appendix C: Evidence library")
    assert "| Evidence | Document | Date | Owner | Review by | Cited by |" in library
    assert (
        "1 document is past its review-by date at 31 January 2025: E010 Values and behaviours"
        " framework." in library
    )
    [e010] = [line for line in library.splitlines() if line.startswith("| E010 |")]
    assert "| Head of HR and Organisational Development | 1 Sep 2024; Past review | C001 |" in e010
    [e001] = [line for line in library.splitlines() if line.startswith("| E001 |")]
    assert "| 31 Mar 2025 |" in e001 and "Past review" not in e001
