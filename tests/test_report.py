"""The HTML audit report: self-contained, escaped, aggregate only, and rendered by a browser."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction import _booklet as b
from htmltree import Node, column_headers, parse, row_cells
from strategies import evaluation_responses, free_texts

EVALUATION = cp.COPRODUCTION_EVALUATION
CHECKER = cp.READINESS_CHECKER


def _responses(n: int) -> list[cp.EvaluationResponse]:
    """N responses, pseudonymised, answering Support with a pattern that varies by person."""
    labels = ["Not at all", "Sometimes", "All the time"]
    return [
        cp.EvaluationResponse.from_labels(
            {
                "support_1": labels[i % 3],
                "support_2": labels[(i + 1) % 3],
                "trust_1": labels[i % 2],
                "trust_2": "Sometimes",
                "trust_3": "All the time",
            },
            respondent=f"R-{1000 + i}",
        )
        for i in range(n)
    ]


ASSESSMENT = cp.ReadinessAssessment.from_labels(
    {"listened_to_obligation": "yes", "listened_to_readiness": "partly", "shared_obligation": "no"},
    setting="Ward <A> & 'B'",
    date=dt.date(2026, 3, 1),
)


def _page(**kwargs: object) -> tuple[str, Node]:
    page = cp.report.render(**kwargs)  # type: ignore[arg-type]
    return page, parse(page)


def _table(tree: Node, caption_start: str) -> Node:
    return next(t for t in tree.iter("table") if t.find("caption").text.startswith(caption_start))


def test_the_report_is_one_self_contained_page_that_loads_nothing() -> None:
    """A full page whose policy forbids any request, with no script and no outside reference.

    The only link is the licence's, which a reader may follow; pictures refer only
    to their own parts (#ids).
    """
    page, tree = _page(responses=_responses(9), assessment=ASSESSMENT)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    policy = next(m for m in tree.iter("meta") if m.attrs.get("http-equiv"))
    assert "default-src 'none'" in (policy.attrs["content"] or "")
    for element in tree.iter():
        assert element.tag not in {"script", "link", "img", "iframe", "object", "embed"}
        assert not any(name.startswith("on") for name in element.attrs)
        assert "src" not in element.attrs
        for name in ("href", "xlink:href"):
            target = element.attrs.get(name)
            if target is not None and element.tag != "a":
                assert target.startswith("#"), (element.tag, target)
    assert [a.attrs["href"] for a in tree.iter("a")] == [
        "http://creativecommons.org/licenses/by-nc-nd/4.0/"
    ]
    assert all(target.startswith("#") for target in re.findall(r"url\(([^)]*)\)", page))


def test_the_report_has_its_sections_in_order() -> None:
    """Title, evaluation summary, warnings, readiness, conventions, small numbers, versions."""
    _, tree = _page(responses=_responses(9), assessment=ASSESSMENT, date=dt.date(2026, 4, 1))
    assert ["Coproduction audit report"] == [h.text for h in tree.iter("h1")]
    assert [
        "RRN Coproduction Evaluation",
        "Possible signs of “power over”",
        "RRN Readiness Checker: Ward <A> & 'B' (2026-03-01)",
        "Scoring conventions used",
        "Small numbers",
        "Versions",
        "Source, citation and licence",
    ] == [h.text for h in tree.iter("h2")]
    assert "2026-04-01" in tree.text
    assert "Quinn, A. (2022)" in tree.text
    assert "CC BY-NC-ND 4.0" in tree.text
    assert 2 == len(list(tree.iter("svg")))
    assert [
        "RRN Coproduction Evaluation: mean domain scores across responses, with their intervals",
        "RRN Readiness Checker: the answers, activity by dimension",
    ] == [f.text for f in tree.iter("figcaption")]


def _domain_rows(tree: Node) -> dict[str, list[str]]:
    table = _table(tree, "RRN Coproduction Evaluation: domain scores across responses")
    assert ["Domain", "Responses scored", "Mean percent", "Median percent", "95% interval"] == (
        column_headers(table)
    )
    return {r[0].text: [c.text for c in r[1:]] for r in row_cells(table)}


def test_the_domain_summary_gives_n_mean_median_and_interval_per_domain() -> None:
    """Per domain: people scored (rounded to 5), mean and median percent, and an interval.

    Under a threshold of 1 (the answer counts, 3 to 9, published). With the
    default rule the counts of 3 to 5 are withheld; everyone answered the same
    items, so the means are tied to the counts like means with no skips, and
    published where no withheld count follows from them (docs/privacy.md).
    """
    responses = _responses(9)
    _, tree = _page(responses=responses, disclosure=cp.DisclosureControl(threshold=1))
    rows = _domain_rows(tree)
    assert [*(d.label for d in cp.Domain), "Overall (mean of the domain means)"] == list(rows)
    support = [cp.score_evaluation(r).domains[cp.Domain.SUPPORT].percent or 0.0 for r in responses]
    assert ["10", f"{sum(support) / 9:.0f}%"] == rows["Support"][:2]
    assert ["10", "57%", "50%"] == rows["Trust"][:3]  # (5 x 50% + 4 x 66.7%) / 9; median 50%
    low, high = rows["Trust"][3].split(" to ")
    assert float(low.rstrip("%")) <= 57 <= float(high.rstrip("%"))
    assert ["0", "-", "-", "-"] == rows["Respect"]
    assert "Responses: 10." in tree.text
    # The default rule: the same rows; Support and Trust counts of 1 to 7 withheld.
    default = _domain_rows(_page(responses=responses)[1])
    assert rows == default


@settings(max_examples=10)
@given(st.lists(evaluation_responses(), min_size=1, max_size=10))
def test_no_respondent_id_or_single_answer_sheet_appears_in_the_report(
    responses: list[cp.EvaluationResponse],
) -> None:
    """The report summarises; it never names a respondent, even without suppression."""
    page, tree = _page(responses=responses, disclosure=None, resamples=20)
    for response in responses:
        if response.respondent is not None:
            assert response.respondent not in page
    assert not any(
        t.find("caption").text.startswith(f"{EVALUATION.name}: answers") for t in tree.iter("table")
    )


def _footnotes(tree: Node) -> list[str]:
    return [
        p.text for p in tree.iter("p") if "coproduction-footnote" in (p.attrs.get("class") or "")
    ]


@pytest.mark.parametrize("n", [1, 7])
def test_figures_about_one_to_seven_people_are_suppressed_with_the_reason(n: int) -> None:
    """By default no count or statistic of 1 to 7 people is shown: each cell reads ``*``.

    Regression: each cell used to carry the whole reason; now one footnote per
    table gives the threshold and the reasons.
    """
    _, tree = _page(responses=_responses(n))
    rows = _domain_rows(tree)
    assert ["*", "*", "*", "*"] == rows["Support"]
    reason = cp.DisclosureControl().reason
    assert f"Responses: * (suppressed: {reason})." in tree.text
    counts = _table(tree, "RRN Coproduction Evaluation: how many gave each answer")
    support_1 = row_cells(counts)[0]
    # A suppressed group's zeros are withheld too: they would say what everyone else answered.
    assert all(c.text == "*" for c in support_1[2:])
    assert "suppressed:" not in "".join(c.text for t in tree.iter("table") for c in t.iter("td"))
    notes = _footnotes(tree)
    marked = [t for t in tree.iter("table") if any(c.text == "*" for c in t.iter("td"))]
    # one per table: scores, answers, and the warnings under each of the four reasons
    assert len(marked) == len(notes) == 2 + len(cp.Reason)
    # Small or complement, every suppressed cell gives the rule's one reason.
    assert all(reason in note for note in notes)
    assert not any("secondary" in note for note in notes)
    figure = next(tree.iter("figure"))
    assert f"Suppressed: {reason}" in " ".join(figure.text.split())


def test_item_counts_follow_the_booklets_statements() -> None:
    """One row per statement, in order, with the count of each answer and of unanswered."""
    _, tree = _page(responses=_responses(12), disclosure=None)
    counts = _table(tree, "RRN Coproduction Evaluation: how many gave each answer")
    rows = row_cells(counts)
    assert [item.text for item in EVALUATION.items] == [r[0].text for r in rows]
    assert ["Support", "4", "4", "4", "0"] == [c.text for c in rows[0][1:]]
    assert ["Support", "0", "0", "0", "12"] == [c.text for c in rows[2][1:]]


def test_the_warnings_table_counts_responses_raising_each_flag() -> None:
    """Grouped by the booklet's reasons, in its order; under each, the flags naming it.

    Each flag in order: responses raising it, not assessed, explanation, passage,
    guidance (the flag's reasons and its prompts for reflection, beside it). A flag
    naming two reasons is under both, with the same counts.
    """
    responses = _responses(12)
    _, tree = _page(responses=responses, assessment=ASSESSMENT, disclosure=None)
    tables = [
        t
        for t in tree.iter("table")
        if t.find("caption").text.startswith("Warnings across responses")
    ]
    assert len(cp.Reason) == len(tables)
    reports = [cp.power_over_report(r, assessment=ASSESSMENT) for r in responses]
    per_response = [f for f in cp.Flag if f is not cp.Flag.COMMITMENT_ON_PAPER]
    for reason, table in zip(cp.Reason, tables, strict=True):
        assert f"“{reason.label}” (the library's reading)" in table.find("caption").text
        rows = row_cells(table)
        flags = [f for f in per_response if reason in f.reasons]
        assert [f.title for f in flags] == [r[0].text for r in rows]
        assert_counts(reports, rows, flags)
        assert "The booklet's reasons it may reflect (the library's reading)" in (
            column_headers(table)
        )
    assert any(r[1].text != "0" for t in tables for r in row_cells(t))
    assert f"“{b.REAL_CONTROL}”" in tree.text
    assert "prompt for reflection" in tree.text


def assert_counts(
    reports: list[cp.WarningReport], rows: list[list[Node]], flags: Sequence[cp.Flag]
) -> None:
    """Each row's counts, passage and guidance are its flag's."""
    for row, flag in zip(rows, flags, strict=True):
        raised = sum(any(w.flag is flag for w in r.warnings) for r in reports)
        unknown = sum(any(n.flag is flag for n in r.not_assessed) for r in reports)
        assert [str(raised), str(unknown)] == [c.text for c in row[1:3]]
        assert flag.passage == row[4].text
        assert [r.label for r in flag.reasons] == [li.text for li in row[5].iter("li")]
        assert [str(p) for p in flag.prompts] == [li.text for li in row[6].iter("li")]


def test_a_cohort_gives_the_same_report_as_its_responses() -> None:
    """Passing the responses or the cohort made from them renders the same page."""
    responses = _responses(9)
    cohort = cp.EvaluationCohort.from_responses(responses)
    assert cp.report.render(responses=responses) == cp.report.render(cohort=cohort)
    with pytest.raises(cp.ValidationError, match="not both"):
        cp.report.render(responses=responses, cohort=cohort)


def test_the_readiness_section_shows_the_grid_as_a_picture_and_a_table() -> None:
    """The heat map has a table with the same answers; scores list activities in order."""
    _, tree = _page(assessment=ASSESSMENT)
    grid = _table(tree, "RRN Readiness Checker: answers")
    cells = [c.text for r in row_cells(grid) for c in r[1:]]
    assert ["Yes", "Partly", "Not answered"] == cells[3:6]
    assert "No" == cells[15]
    scores = _table(tree, "RRN Readiness Checker: scores by activity")
    assert [a.label for a in CHECKER.activities] == [r[0].text for r in row_cells(scores)]
    assert "is not better than another" in tree.text


def _settings(yes: int, no: int) -> list[cp.ReadinessAssessment]:
    """Settings answering "listened to: obligation" Yes (the first ``yes``) or No (the rest)."""
    return [
        cp.ReadinessAssessment.from_labels(
            {"listened_to_obligation": "yes" if i < yes else "no"}, setting=f"ward-{i}"
        )
        for i in range(yes + no)
    ]


def test_several_settings_show_their_shares_as_a_grid_and_a_table() -> None:
    """Shares across settings: a section after the setting's own, a picture and a 7 x 3 table."""
    _, tree = _page(assessment=ASSESSMENT, assessments=_settings(6, 4), disclosure=None)
    assert [
        "RRN Readiness Checker: Ward <A> & 'B' (2026-03-01)",
        "RRN Readiness Checker: across settings",
        "Scoring conventions used",
    ] == [h.text for h in tree.iter("h2")][:3]
    assert "Settings assessed: 10." in tree.text
    assert (
        "RRN Readiness Checker: shares of settings giving each answer, activity by dimension"
        == list(tree.iter("figcaption"))[-1].text
    )
    table = _table(tree, "RRN Readiness Checker: shares of settings giving each answer")
    assert ["Activity", *(d.label for d in CHECKER.dimensions)] == column_headers(table)
    rows = row_cells(table)
    assert [a.label for a in CHECKER.activities] == [r[0].text for r in rows]
    listened = CHECKER.activities.index(cp.Activity.LISTENED_TO)
    assert "Yes 60%; Partly 0%; No 40%; not answered 0%" == rows[listened][1].text
    assert "Yes 0%; Partly 0%; No 0%; not answered 100%" == rows[listened][2].text
    assert "ward-3" not in tree.text


def test_shares_across_few_settings_are_shown_as_the_warnings_count_them() -> None:
    """Review finding 3 (a3.py): the page counts settings one way, in full.

    The grid showed ``Yes *; No *`` for 2 of 9 settings while the warnings about a
    setting, on the same page, said "2 of 9" (and "Settings assessed: 10" beside
    "of 9"). Settings are services, not people: the page counts them in full, the
    grid included, under the default rule.
    """
    questions = [q.id for q in CHECKER.questions]
    settings = [
        cp.ReadinessAssessment.from_labels(
            {q: "Yes" if i < 2 and q == "informed_obligation" else "No" for q in questions},
            setting=f"S{i}",
        )
        for i in range(9)
    ]
    cohort = cp.EvaluationCohort.from_array([[2] * 23] * 20)
    _, tree = _page(cohort=cohort, assessments=settings, resamples=0)
    assert "Settings assessed: 9." in tree.text
    table = _table(tree, "RRN Readiness Checker: shares of settings giving each answer")
    informed = CHECKER.activities.index(cp.Activity.INFORMED)
    assert "Yes 22%; Partly 0%; No 78%; not answered 0%" == row_cells(table)[informed][1].text
    rows = {r[0].text: [c.text for c in r[1:3]] for r in row_cells(_table(tree, "Warnings about"))}
    assert ["2 of 9", "0 of 9"] == rows[cp.Flag.COMMITMENT_ON_PAPER.title]
    assert "not suppressed" in tree.text


def test_the_conventions_used_are_the_ones_given() -> None:
    """The report's convention tables show the conventions it scored with."""
    conventions = cp.EvaluationConventions(min_answered=1.0)
    readiness = cp.ReadinessConventions(
        points={cp.ReadinessAnswer.YES: 2, cp.ReadinessAnswer.PARTLY: 1, cp.ReadinessAnswer.NO: 0}
    )
    _, tree = _page(
        responses=_responses(8),
        assessment=ASSESSMENT,
        evaluation_conventions=conventions,
        readiness_conventions=readiness,
    )
    table = _table(tree, "RRN Coproduction Evaluation: scoring conventions")
    rows = {r[0].text: r[1].text for r in row_cells(table)}
    assert "1 (rounded up, at least 1)" == rows["Share of a domain's items that must be answered"]
    table = _table(tree, "RRN Readiness Checker: scoring conventions")
    assert "2" == {r[0].text: r[1].text for r in row_cells(table)}["Points for 'Yes'"]
    assert "0" == _domain_rows(tree)["Trust"][0]  # 3 of 5 answered: not scored under 1.0


def test_the_versions_table_names_the_library_and_the_booklet() -> None:
    """The library's installed version and each instrument's booklet version."""
    _, tree = _page()
    rows = {r[0].text: r[1].text for r in row_cells(_table(tree, "Versions"))}
    assert cp.__version__ == rows["coproduction (this library)"]
    assert "booklet version 1.C" == rows["RRN Coproduction Evaluation"]
    assert "booklet version 1.C" == rows["RRN Readiness Checker"]
    assert "nothing to show" in tree.text


@given(title=free_texts, setting=free_texts)
@settings(max_examples=8)
def test_any_title_or_setting_is_shown_verbatim_and_never_as_markup(
    title: str, setting: str
) -> None:
    """Text from the caller reads back exactly, in the title, heading and captions."""
    page, tree = _page(title=title, assessment=cp.ReadinessAssessment({}, setting=setting))
    assert title == tree.find("title").text
    assert title == tree.find("h1").text
    assert f"{CHECKER.name}: {setting}" == next(tree.iter("h2")).text
    assert "<script" not in page.lower()


def test_the_same_inputs_give_the_same_file() -> None:
    """Rendering is deterministic (no timestamps, stable ids in the pictures)."""
    kwargs = {"responses": _responses(8), "assessment": ASSESSMENT}
    assert cp.report.render(**kwargs) == cp.report.render(**kwargs)  # type: ignore[arg-type]


def test_without_matplotlib_the_report_says_where_pictures_would_be(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With matplotlib missing, the tables remain and a note replaces each picture."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    _, tree = _page(responses=_responses(8), assessment=ASSESSMENT)
    assert not list(tree.iter("svg"))
    assert 2 == tree.text.count("pictures need matplotlib")
    grid = _table(tree, "RRN Readiness Checker: answers")
    assert 7 == len(row_cells(grid))


def test_bad_arguments_are_all_reported_at_once() -> None:
    """Every wrong argument is named, with its location, in one ValidationError."""
    with pytest.raises(cp.ValidationError) as info:
        cp.report.render(
            responses=[_responses(1)[0], "R-1"],  # type: ignore[list-item]
            assessment={},  # type: ignore[arg-type]
            assessments=[ASSESSMENT, "ward-b"],  # type: ignore[list-item]
            disclosure=7,  # type: ignore[arg-type]
        )
    assert ["responses[1]", "assessment", "assessments[1]", "disclosure"] == [
        p.location for p in info.value.problems
    ]


def test_write_report_writes_the_rendered_page(tmp_path: Path) -> None:
    """write_report writes exactly render_report's text, as UTF-8, and returns the path."""
    target = tmp_path / "report.html"
    written = cp.report.write(target, assessment=ASSESSMENT, title="Ward report \u2013 M\u00e4rz")
    assert target == written
    assert cp.report.render(assessment=ASSESSMENT, title="Ward report \u2013 M\u00e4rz") == (
        target.read_text(encoding="utf-8")
    )


def test_write_report_leaves_no_file_when_the_arguments_are_bad(tmp_path: Path) -> None:
    """Nothing is written, not even an empty file, when the report cannot be made."""
    target = tmp_path / "report.html"
    with pytest.raises(cp.ValidationError):
        cp.report.write(target, disclosure="NHS")  # type: ignore[arg-type]
    assert not target.exists()


# -- a real browser ----------------------------------------------------------------------

_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_REQUIRE = os.environ.get("COPRODUCTION_REQUIRE_CHROMIUM") == "1"


def _chromium() -> str:
    """The browser's path; skip without one, unless CI requires it."""
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if _REQUIRE:
        pytest.fail("COPRODUCTION_REQUIRE_CHROMIUM=1 but no Chromium found on PATH")
    pytest.skip("no Chromium on PATH (Debian: apt-get install chromium)")


def _browse(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Open a page in headless Chromium, with networking features off."""
    return subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _console_messages(stderr: str) -> list[str]:
    """The page's console messages (errors, policy violations) from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chromium_reports_console_messages_of_a_broken_page(tmp_path: Path) -> None:
    """The check below can fail: a page that logs an error is caught by the log scan."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><body><p>x</p>"
        '<script>console.error("broken-page-marker")</script></body></html>',
        encoding="utf-8",
    )
    result = _browse(page, tmp_path / "profile", f"--screenshot={tmp_path / 'shot.png'}")
    assert any("broken-page-marker" in line for line in _console_messages(result.stderr))


def test_the_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    """A real browser draws the report: a large screenshot, and not one console message.

    The DOM it builds holds the title, the three pictures (domain scores, the
    setting's grid, the shares across settings) and the citation.
    """
    page = cp.report.write(
        tmp_path / "report.html",
        responses=_responses(12),
        assessment=ASSESSMENT,
        assessments=_settings(6, 4),
        title="Ward A audit",
    )
    shot = tmp_path / "shot.png"
    result = _browse(page, tmp_path / "profile", "--window-size=1200,2400", f"--screenshot={shot}")
    assert 0 == result.returncode, result.stderr[-2000:]
    assert (1200, 2400) == _png_size(shot)
    assert shot.stat().st_size > 50_000  # a blank page of this size is a few kilobytes
    assert [] == _console_messages(result.stderr)
    dom = _browse(page, tmp_path / "profile2", "--dump-dom")
    assert [] == _console_messages(dom.stderr)
    tree = parse(dom.stdout[dom.stdout.index("<html") :])
    assert "Ward A audit" == tree.find("h1").text
    assert 3 == len(list(tree.iter("svg")))
    assert "Quinn, A. (2022)" in tree.text


def _ward_cohort_csv(path: Path, sizes: dict[str, int]) -> dict[str, list[list[int]]]:
    """A cohort file with a ward column; each ward answers differently. Returns the codes."""
    wards: dict[str, list[list[int]]] = {}
    lines = [",".join(["respondent", "ward", *EVALUATION.item_ids])]
    for k, (ward, n) in enumerate(sizes.items()):
        wards[ward] = [[(i + j + k) % 3 for j in range(len(EVALUATION.item_ids))] for i in range(n)]
        if ward == "Birch":  # the small ward answers high, so its figures stand out
            wards[ward] = [[2] * len(EVALUATION.item_ids) for _ in range(n)]
        lines.extend(
            ",".join([f"{ward}-{i}", ward, *map(str, codes)]) for i, codes in enumerate(wards[ward])
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return wards


def _figure(cell: str) -> tuple[float, int] | None:
    """(mean percent, n) of a ward table cell such as "48% (43% to 54%), n = 55"."""
    found = re.fullmatch(r"(\d+)%.*, n = (\d+)", cell)
    return None if found is None else (float(found[1]), int(found[2]))


def test_the_report_by_ward_in_chromium_gives_no_small_ward_away(tmp_path: Path) -> None:
    """``report --by ward`` with a ward of 5, drawn by a real browser.

    The page Chromium builds holds the ward section (one table, one picture), but
    not one of the small ward's figures, and no published figures recover them by
    subtraction: in every row, the whole service less the wards shown is never the
    small ward's size or mean, because another ward is withheld with it.
    """
    cohort = tmp_path / "wards.csv"
    sizes = {"Alder": 20, "Birch": 5, "Cedar": 30}
    wards = _ward_cohort_csv(cohort, sizes)
    page = tmp_path / "report.html"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "coproduction",
            "report",
            str(cohort),
            "--by",
            "ward",
            "--resamples",
            "50",
            "--output",
            str(page),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == made.returncode, made.stderr
    dom = _browse(page, tmp_path / "profile", "--dump-dom")
    assert [] == _console_messages(dom.stderr)
    tree = parse(dom.stdout[dom.stdout.index("<html") :])
    table = _table(tree, f"{EVALUATION.name} by ward")
    assert ["Domain", "Whole service", "Alder", "Birch", "Cedar"] == column_headers(table)
    rows = {r[0].text: [c.text for c in r[1:]] for r in row_cells(table)}
    assert any("by ward" in (f.find("figcaption").text or "") for f in tree.iter("figure"))
    birch = [
        cp.score_evaluation(
            cp.EvaluationResponse.from_labels(dict(zip(EVALUATION.item_ids, c, strict=True)))
        )
        for c in wards["Birch"]
    ]
    true_percent = {
        d.label: sum(s.domains[d].percent or 0.0 for s in birch) / len(birch) for d in cp.Domain
    }
    assert all(100.0 == p for p in true_percent.values())
    assert "*" == rows["Responses"][2]
    whole, *shown = rows["Responses"][0], rows["Responses"][1], rows["Responses"][3]
    known = [int(c) for c in shown if c != "*"]
    assert 5 != int(whole) - sum(known)
    for domain in cp.Domain:
        cells = rows[domain.label]
        assert "*" == cells[2]
        assert cells[1:].count("*") >= 2
        total = _figure(cells[0])
        assert total is not None
        others = [f for f in map(_figure, (cells[1], cells[3])) if f is not None]
        rest_n = total[1] - sum(n for _, n in others)
        if rest_n:  # what subtraction gives: Birch together with a withheld ward
            rest = (total[0] * total[1] - sum(p * n for p, n in others)) / rest_n
            assert (rest_n, round(rest)) != (5, round(true_percent[domain.label]))
    assert "100%" not in " ".join(rows[d.label][2] for d in cp.Domain)


def _with_support_2(answers: list[int], rest: int) -> cp.EvaluationCohort:
    """Everyone answers ``rest`` to every item, except support_2: ``answers``, one a person."""
    column = cp.COPRODUCTION_EVALUATION.item_ids.index("support_2")
    rows = [[rest] * 23 for _ in answers]
    for row, answer in zip(rows, answers, strict=True):
        row[column] = answer
    return cp.EvaluationCohort.from_array(rows)


def test_a_warning_count_equal_to_a_withheld_answer_count_is_withheld_with_it() -> None:
    """Review finding 2 (a2.py, a6.py): a warning count gave back a withheld answer count.

    "Ways of taking part may not fit" counts exactly the "Not at all" answers to
    support_2, but was published on its own (10) while the item table withheld that
    cell: with no rounding, plain subtraction gave the rest back.
    """
    cohort = _with_support_2([0] * 10 + [2] * 3 + [1] * 17, rest=1)
    _, tree = _page(cohort=cohort, resamples=0, disclosure=cp.DisclosureControl(base=1))
    items = _table(tree, "RRN Coproduction Evaluation: how many gave each answer")
    (support_2,) = [r for r in row_cells(items) if r[0].text.startswith("I am supported")]
    assert "*" in [c.text for c in support_2[2:5]]
    warnings = {
        r[0].text: [c.text for c in r[1:3]]
        for t in tree.iter("table")
        if t.find("caption").text.startswith("Warnings across responses")
        for r in row_cells(t)
    }
    assert ["*", "*"] == warnings[cp.Flag.NEEDS_NOT_MET.title]
    # A warning reading none of support_2's withheld cells is still counted.
    assert ["0", "0"] == warnings[cp.Flag.VOICE_NOT_EQUAL.title]


def _warning_counts(tree: Node) -> dict[str, list[str]]:
    """Each warning's published counts (responses raising it, not assessed), by its title."""
    return {
        r[0].text: [c.text for c in r[1:3]]
        for t in tree.iter("table")
        if t.find("caption").text.startswith("Warnings across responses")
        for r in row_cells(t)
    }


def test_a_warning_reading_several_items_is_withheld_beside_a_withheld_count() -> None:
    """Third review, finding 2 (b4.py): a several-item warning gave back withheld counts.

    30 people: risk_action_4 has 10 "Not at all", 3 "Sometimes", 17 "All the time";
    risk_action_1 varies but is never "Not at all". "Challenge may not feel safe"
    read both items, so it was published (10) beside risk_action_4's ``*, *, 17, 0``:
    with no rounding, 10 and 3 followed. Its counts are now withheld whenever any
    count of an item it reads is, decided from the published table alone.
    """
    ids = cp.COPRODUCTION_EVALUATION.item_ids
    # risk_action_1 varying or not: the warning's "*" no longer hints at which.
    for other in (1, 2):
        rows = [[2] * 23 for _ in range(30)]
        for k, row in enumerate(rows):
            row[ids.index("risk_action_4")] = 0 if k < 10 else 1 if k < 13 else 2
            row[ids.index("risk_action_1")] = other if k < 15 else 2
        cohort = cp.EvaluationCohort.from_array(rows)
        _, tree = _page(cohort=cohort, resamples=0, disclosure=cp.DisclosureControl(base=1))
        items = _table(tree, "RRN Coproduction Evaluation: how many gave each answer")
        statement = cp.COPRODUCTION_EVALUATION.item("risk_action_4").text
        (risk_action_4,) = [r for r in row_cells(items) if r[0].text == statement]
        shown = [c.text for c in risk_action_4[2:6]]
        assert ["*", "*", "17", "0"] == shown if other == 1 else ["*", "*"] == shown[:2]
        # Raised and not assessed together: neither is left beside the other.
        assert ["*", "*"] == _warning_counts(tree)[cp.Flag.NOT_SAFE_TO_CHALLENGE.title]


def test_a_picture_draws_a_mean_no_more_precisely_than_the_table_prints_it() -> None:
    """Review finding 2 (a2.py): a picture drew a mean more precisely than it is printed.

    The Support bar's SVG path gave the mean as 87.9464%, where the table prints 88%;
    with the item table, only one split of support_2's answers fitted.
    """
    cohort = _with_support_2([0] * 12 + [1] * 3 + [2] * 13, rest=2)
    page, tree = _page(cohort=cohort, resamples=0)
    scores = row_cells(_table(tree, "RRN Coproduction Evaluation: domain scores"))
    assert "88%" == scores[0][2].text
    svg = re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL)[0]
    paths = re.findall(r'<path d="M ([\d.]+) [\d.]+ \nL ([\d.]+) [\d.]+ \nL', svg)
    x0, x100 = float(paths[1][0]), float(paths[1][1])  # the axes' background: 0 to 100
    drawn = [(float(bar) - x0) / (x100 - x0) * 100 for _, bar in paths[2:8]]
    assert drawn[0] == pytest.approx(88, abs=1e-3)
    assert all(abs(p - round(p)) < 1e-3 for p in drawn)


def test_the_report_withholds_a_second_count_of_a_domain_beside_its_mean() -> None:
    """Review finding 1 in the report (a1.py): a domain's mean gave a withheld count back.

    ``* | 0 | * | 0`` for support_1 beside "Support 96%" left one whole-number
    answer for every size from 18 to 22.
    """
    column = cp.COPRODUCTION_EVALUATION.item_ids.index("support_1")
    rows = [[2] * 23 for _ in range(20)]
    for row in rows[:3]:
        row[column] = 0
    _, tree = _page(cohort=cp.EvaluationCohort.from_array(rows), resamples=0)
    items = _table(tree, "RRN Coproduction Evaluation: how many gave each answer")
    support = [r for r in row_cells(items) if r[1].text == "Support"]
    withheld = [r[0].text for r in support if "*" in [c.text for c in r[2:6]]]
    assert len(withheld) >= 2  # support_1 and another Support statement
