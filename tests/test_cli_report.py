"""The ``coproduction report`` command: the audit report from files, for a service board."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import coproduction as cp
from htmltree import parse

ROOT = Path(__file__).parent.parent
COHORT = ROOT / "examples" / "synthetic-evaluation-cohort.csv"
WARD = cp.ReadinessAssessment.from_labels(
    {"listened_to_obligation": "yes", "shared_obligation": "no"}, setting="ward-a"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m coproduction`` with these arguments."""
    return subprocess.run(
        [sys.executable, "-m", "coproduction", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_report_writes_the_same_page_as_write_report(tmp_path: Path) -> None:
    """The command's page equals the Python function's for the same cohort and options."""
    readiness = tmp_path / "ward.csv"
    cp.io.csv.write_readiness([WARD], readiness)
    target = tmp_path / "report.html"
    result = run(
        "report",
        str(COHORT),
        "--group",
        "ward",
        "--assessment",
        str(readiness),
        "--title",
        "Ward <A> audit",
        "--date",
        "2026-11-27",
        "--resamples",
        "50",
        "--output",
        str(target),
    )
    assert 0 == result.returncode, result.stderr
    cohort = cp.io.csv.read_evaluations(COHORT, group_columns=["ward"])
    assessment = cp.io.csv.read_readiness(readiness).rows[0]
    expected = cp.report.render(
        cohort=cp.EvaluationCohort.from_responses(cohort.rows, groups=dict(cohort.groups)),
        assessment=assessment,
        title="Ward <A> audit",
        date=dt.date(2026, 11, 27),
        resamples=50,
    )
    assert expected == target.read_text(encoding="utf-8")
    tree = parse(expected)
    assert "Ward <A> audit" == tree.find("h1").text
    assert "RRN Readiness Checker: ward-a" == [h.text for h in tree.iter("h2")][2]


def test_report_suppression_is_on_by_default_and_can_be_switched_off(tmp_path: Path) -> None:
    """Defaults suppress small numbers; --no-suppression publishes them and says so."""
    small = tmp_path / "small.csv"
    cp.io.csv.write_evaluations(
        [cp.EvaluationResponse.from_labels({"support_1": 2, "support_2": 1})] * 3, small
    )
    default = run("report", str(small), "--resamples", "0")
    assert 0 == default.returncode, default.stderr
    assert f"* (suppressed: {cp.DisclosureControl().reason})" in parse(default.stdout).text
    raw = run("report", str(small), "--resamples", "0", "--no-suppression")
    assert "No small-number suppression was applied." in parse(raw.stdout).text
    assert "* (suppressed" not in raw.stdout


def test_report_shows_several_assessments_as_shares_across_settings(tmp_path: Path) -> None:
    """Several assessments, in one file or by repeating --assessment, make the shares section."""
    others = [cp.ReadinessAssessment(dict(WARD.answers), setting=f"ward-{i}") for i in range(9)]
    one_file = tmp_path / "wards.csv"
    cp.io.csv.write_readiness([WARD, *others], one_file)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    cp.io.csv.write_readiness([WARD, *others[:4]], first)
    cp.io.csv.write_readiness(others[4:], second)
    expected = cp.report.render(assessments=[WARD, *others], resamples=0)
    alone = run("report", str(one_file), "--resamples", "0")
    assert 0 == alone.returncode, alone.stderr
    assert expected == alone.stdout
    with_cohort = run(
        "report",
        str(COHORT),
        "--group",
        "ward",
        "--assessment",
        str(first),
        "--assessment",
        str(second),
        "--resamples",
        "0",
    )
    assert 0 == with_cohort.returncode, with_cohort.stderr
    headings = [h.text for h in parse(with_cohort.stdout).iter("h2")]
    assert "RRN Readiness Checker: across settings" == headings[2]
    assert "Settings assessed: 10." in parse(with_cohort.stdout).text


def test_report_refuses_an_assessment_file_with_no_assessment(tmp_path: Path) -> None:
    """An empty Readiness Checker file is a usage error (status 2) naming the file."""
    empty = tmp_path / "empty.csv"
    cp.io.csv.write_readiness([], empty)
    result = run("report", str(COHORT), "--group", "ward", "--assessment", str(empty))
    assert 2 == result.returncode
    assert f"{empty} holds no Readiness Checker assessments" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_by_ward_writes_the_same_page_as_the_library(tmp_path: Path) -> None:
    """``report --by ward`` adds the ward section, exactly as ``report.render(by="ward")``."""
    target = tmp_path / "report.html"
    result = run(
        "report", str(COHORT), "--by", "ward", "--resamples", "20", "--output", str(target)
    )
    assert 0 == result.returncode, result.stderr
    table = cp.io.csv.read_evaluations(COHORT, group_columns=["ward"])
    cohort = cp.EvaluationCohort.from_responses(table.rows, groups=dict(table.groups))
    assert cp.report.render(cohort=cohort, by="ward", resamples=20) == target.read_text(
        encoding="utf-8"
    )
    headings = [h.text for h in parse(target.read_text(encoding="utf-8")).iter("h2")]
    assert "RRN Coproduction Evaluation by ward" in headings


def test_report_by_needs_evaluation_responses(tmp_path: Path) -> None:
    """A readiness file has no groups to compare: a usage error, not a page."""
    readiness = tmp_path / "ward.csv"
    cp.io.csv.write_readiness([WARD], readiness)
    result = run("report", str(readiness), "--by", "ward")
    assert 2 == result.returncode
    assert "--by needs evaluation responses" in result.stderr


def test_report_by_level_has_a_section_by_the_responses_levels(tmp_path: Path) -> None:
    """``report --by level`` groups by each response's level, as ``render(by="level")`` does."""
    levels = [cp.Level.SYSTEMIC] * 9 + [cp.Level.INDIVIDUAL] * 9 + [None] * 8
    responses = [
        cp.EvaluationResponse.from_labels({"trust_1": k % 3}, respondent=f"R-{k}", level=level)
        for k, level in enumerate(levels)
    ]
    source = tmp_path / "levels.csv"
    cp.io.csv.write_evaluations(responses, source)
    result = run("report", str(source), "--by", "level", "--resamples", "0")
    assert 0 == result.returncode, result.stderr
    cohort = cp.EvaluationCohort.from_responses(responses)
    assert cp.report.render(cohort=cohort, by="level", resamples=0) == result.stdout
    table = next(
        t for t in parse(result.stdout).iter("table") if "by level" in t.find("caption").text
    )
    heads = [th.text for th in table.find("thead").iter("th")]
    assert ["Domain", "Whole service", "Individual", "Systemic", "not recorded"] == heads
