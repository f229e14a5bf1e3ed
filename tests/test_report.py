"""The HTML audit report: self-contained, escaped, aggregate only, and rendered by a browser."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
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
    page = cp.render_report(**kwargs)  # type: ignore[arg-type]
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
    """Title, the evaluation summary, the readiness grid, conventions, versions, citation."""
    _, tree = _page(responses=_responses(9), assessment=ASSESSMENT, date=dt.date(2026, 4, 1))
    assert ["Coproduction audit report"] == [h.text for h in tree.iter("h1")]
    assert [
        "RRN Coproduction Evaluation",
        "RRN Readiness Checker: Ward <A> & 'B' (2026-03-01)",
        "Scoring conventions used",
        "Versions",
        "Source, citation and licence",
    ] == [h.text for h in tree.iter("h2")]
    assert "2026-04-01" in tree.text
    assert "Quinn, A. (2022)" in tree.text
    assert "CC BY-NC-ND 4.0" in tree.text
    assert 2 == len(list(tree.iter("svg")))
    assert [
        "RRN Coproduction Evaluation: shares of the answers given, by domain",
        "RRN Readiness Checker: the answers, activity by dimension",
    ] == [f.text for f in tree.iter("figcaption")]


def test_the_domain_summary_gives_counts_and_mean_percent_per_domain() -> None:
    """Per domain: responses scored, not scored, and the mean percent of those scored."""
    responses = _responses(9)
    _, tree = _page(responses=responses)
    table = _table(tree, "RRN Coproduction Evaluation: domain scores across responses")
    assert "Domain" == column_headers(table)[0]
    rows = {r[0].text: [c.text for c in r[1:]] for r in row_cells(table)}
    assert [d.label for d in cp.Domain] == list(rows)
    support = [cp.score_evaluation(r).domains[cp.Domain.SUPPORT].percent for r in responses]
    mean = sum(p for p in support if p is not None) / len(support)
    assert ["9", "0", f"{mean:.0f}%"] == rows["Support"]
    assert ["9", "0", "57%"] == rows["Trust"]  # (5 x 50% + 4 x 66.7%) / 9
    assert ["0", "9", "Withheld (fewer than 8 responses scored)"] == rows["Respect"]


@settings(max_examples=10)
@given(st.lists(evaluation_responses(), min_size=1, max_size=10))
def test_no_respondent_id_or_single_answer_sheet_appears_in_the_report(
    responses: list[cp.EvaluationResponse],
) -> None:
    """The report summarises; it never names a respondent, whatever the responses."""
    page, tree = _page(responses=responses, min_responses=1)
    for response in responses:
        if response.respondent is not None:
            assert response.respondent not in page
    assert not any(
        t.find("caption").text.startswith(f"{EVALUATION.name}: answers") for t in tree.iter("table")
    )


@pytest.mark.parametrize("n", [1, 7])
def test_a_summary_of_too_few_responses_is_withheld(n: int) -> None:
    """Below min_responses (default 8) no figure is shown, and the page says why."""
    page, tree = _page(responses=_responses(n))
    assert f"it would rest on {n} responses, fewer than 8" in tree.text
    assert "domain scores across responses" not in page
    assert not list(tree.iter("svg"))


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
    trust = _table(tree, "RRN Coproduction Evaluation: domain scores")
    assert "0" == next(r for r in row_cells(trust) if r[0].text == "Trust")[1].text


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
    assert cp.render_report(**kwargs) == cp.render_report(**kwargs)  # type: ignore[arg-type]


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
        cp.render_report(
            responses=[_responses(1)[0], "R-1"],  # type: ignore[list-item]
            assessment={},  # type: ignore[arg-type]
            min_responses=0,
        )
    assert ["responses[1]", "assessment", "min_responses"] == [
        p.location for p in info.value.problems
    ]


def test_write_report_writes_the_rendered_page(tmp_path: Path) -> None:
    """write_report writes exactly render_report's text, as UTF-8, and returns the path."""
    target = tmp_path / "report.html"
    written = cp.write_report(target, assessment=ASSESSMENT, title="Ward report \u2013 M\u00e4rz")
    assert target == written
    assert cp.render_report(assessment=ASSESSMENT, title="Ward report \u2013 M\u00e4rz") == (
        target.read_text(encoding="utf-8")
    )


def test_write_report_leaves_no_file_when_the_arguments_are_bad(tmp_path: Path) -> None:
    """Nothing is written, not even an empty file, when the report cannot be made."""
    target = tmp_path / "report.html"
    with pytest.raises(cp.ValidationError):
        cp.write_report(target, min_responses=-1)
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

    The DOM it builds holds the title, both pictures and the citation.
    """
    page = cp.write_report(
        tmp_path / "report.html",
        responses=_responses(12),
        assessment=ASSESSMENT,
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
    assert 2 == len(list(tree.iter("svg")))
    assert "Quinn, A. (2022)" in tree.text
