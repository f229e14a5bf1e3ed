"""Summaries by level: a cohort's levels group like a grouping column, without being copied."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduction import (
    COPRODUCTION_EVALUATION,
    EvaluationCohort,
    EvaluationResponse,
    Level,
    SummaryAccumulator,
    ValidationError,
    _cli,
    summarize,
    summarize_readiness,
)
from coproduction import _booklet as b
from coproduction._cohorts import LEVEL_NOT_RECORDED, grouping_names
from coproduction.io.csv import read_chunks
from strategies import evaluation_cohorts

ROOT = Path(__file__).parent.parent
I, G, S = Level.INDIVIDUAL, Level.GROUP, Level.SYSTEMIC  # noqa: E741


def with_level_column(cohort: EvaluationCohort) -> EvaluationCohort:
    """The same cohort with its levels written out as an ordinary grouping column."""
    assert cohort.levels is not None
    written = [LEVEL_NOT_RECORDED if v is None else v.label for v in cohort.levels]
    return EvaluationCohort.from_array(
        cohort.answers, groups={**cohort.groups, "level": written}, respondents=cohort.respondents
    )


@settings(max_examples=60, deadline=None)
@given(evaluation_cohorts(max_rows=20), st.booleans())
def test_a_summary_by_level_is_the_summary_by_a_level_column(
    cohort: EvaluationCohort, with_ward: bool
) -> None:
    """By level (alone or with a ward) equals grouping by the levels written out as a column.

    Rows whose level was not recorded are their own group, "not recorded": never
    dropped, never put in a level.
    """
    if cohort.levels is None:
        return
    by = ["ward", "level"] if with_ward and "ward" in cohort.groups else "level"
    expected = summarize(with_level_column(cohort), by=by, resamples=20, seed=3)
    assert expected == summarize(cohort, by=by, resamples=20, seed=3)


def test_levels_group_in_the_booklets_order_with_not_recorded_kept() -> None:
    """Groups are the booklet's level names, in its order; none is lost."""
    cohort = EvaluationCohort.from_array(
        np.array([[2] * 23, [1] * 23, [0] * 23, [2] * 23], dtype=np.int8),
        levels=[I, S, None, I],
    )
    summary = summarize(cohort, by="level", resamples=0)
    assert {("Individual",): 2, ("Systemic",): 1, ("not recorded",): 1} == dict(summary.groups)
    assert [("Individual",), ("Systemic",), ("not recorded",)] == list(summary.groups)
    assert 2.0 == summary.measure(None, ("Individual",)).mean


def test_level_is_a_grouping_name_of_every_evaluation_cohort() -> None:
    """Without levels, every row is "not recorded"; a real column named level wins."""
    plain = EvaluationCohort.from_array([[2] * 23, [0] * 23], groups={"ward": ["Oak", "Elm"]})
    assert ("ward", "level") == grouping_names(plain)
    assert {("not recorded",): 2} == dict(summarize(plain, by="level", resamples=0).groups)
    held = EvaluationCohort.from_array([[2] * 23], groups={"ward": ["Oak"]}, levels=[G])
    assert ("ward", "level") == grouping_names(held)
    both = EvaluationCohort.from_array([[2] * 23], groups={"level": ["ward-level"]}, levels=[G])
    assert ("level",) == grouping_names(both)
    assert {("ward-level",): 1} == dict(summarize(both, by="level", resamples=0).groups)


def test_levels_are_not_copied_into_the_grouping_columns() -> None:
    """The cohort's grouping columns are unchanged: the level group is read from its levels."""
    cohort = EvaluationCohort.from_array([[2] * 23, [0] * 23], levels=[I, None])
    assert {} == dict(cohort.groups)
    assert (I, None) == cohort.levels


def test_an_accumulator_by_level_over_blocks_is_the_whole_summary() -> None:
    """Blocks with different levels present merge into the summary of the whole cohort."""
    rows = np.array([[2] * 23, [1] * 23, [0] * 23, [1] * 23, [2] * 23], dtype=np.int8)
    levels = [I, G, None, G, S]
    whole = EvaluationCohort.from_array(rows, levels=levels)
    first = EvaluationCohort.from_array(rows[:2], levels=levels[:2])
    second = EvaluationCohort.from_array(rows[2:], levels=levels[2:])
    accumulator = SummaryAccumulator(by="level").add(first).add(second)
    assert summarize(whole, by="level", resamples=10) == accumulator.summary(resamples=10)


def test_the_cohorts_page_explains_levels_in_the_booklets_words() -> None:
    """docs/cohorts.md quotes the booklet on levels and mutuality, word for word."""
    page = " ".join((ROOT / "docs" / "cohorts.md").read_text(encoding="utf-8").split())
    section = page.split("## Summaries by level", 1)[1].split(" ## ", 1)[0]
    for passage in (b.MUTUALITY_AT_EVERY_LEVEL, b.MUTUALITY_MEANS, b.WITHOUT_MUTUALITY):
        assert passage in section
    assert 'by="level"' in section
    assert "in the booklet's order" in section  # as summaries and the report list them
    assert "sorted as other groups are" not in section


def test_a_summary_by_level_lists_the_levels_in_the_booklets_order() -> None:
    """Individual, group, systemic, then not recorded: as the report shows them, not by name."""
    levels = [Level.SYSTEMIC, Level.GROUP, None, Level.INDIVIDUAL] * 3
    responses = [
        EvaluationResponse.from_labels({"trust_1": 2}, respondent=f"R-{k}", level=level)
        for k, level in enumerate(levels)
    ]
    summary = summarize(EvaluationCohort.from_responses(responses), by="level", resamples=0)
    assert list(summary.groups) == [
        ("Individual",),
        ("Group",),
        ("Systemic",),
        ("not recorded",),
    ]


def test_a_summary_of_a_list_of_responses_is_refused_with_a_coproduction_error() -> None:
    """A list is not a cohort: a ValidationError naming the fix, never an AttributeError."""
    responses = [EvaluationResponse({})]
    for by in ("level", None, "ward"):
        with pytest.raises(ValidationError, match=r"cohort: expected EvaluationCohort, got list"):
            summarize(responses, by=by)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"cohort: expected ReadinessCohort, got list"):
        summarize_readiness(responses, by="ward")  # type: ignore[arg-type]


def _csv(tmp_path: Path, levels: list[str]) -> Path:
    items = COPRODUCTION_EVALUATION.item_ids
    rows = [f"respondent,level,{','.join(items)}"]
    rows.extend(f"R-{k},{level},{','.join(['Sometimes'] * 23)}" for k, level in enumerate(levels))
    path = tmp_path / "levels.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_level_column_with_every_cell_empty_is_one_not_recorded_group(tmp_path: Path) -> None:
    """``coproduction summary --by level`` on an all-empty level column: "not recorded"."""
    path = _csv(tmp_path, ["", "", ""])
    out = tmp_path / "summary.csv"
    assert 0 == _cli.main(["summary", str(path), "--by", "level", "-o", str(out)])
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    groups = {row["level"] for row in csv.DictReader(lines)}
    assert {"", "not recorded"} == groups  # the whole cohort's rows, and the one group


def test_levels_recorded_only_in_a_later_block_group_the_whole_file(tmp_path: Path) -> None:
    """Read in blocks, a first block without levels is not refused: it is "not recorded"."""
    path = _csv(tmp_path, ["", "", "", "", "individual"])
    accumulator = SummaryAccumulator(by="level")
    for block in read_chunks(path, chunk_rows=2):
        accumulator.add(block)
    assert {("Individual",): 1, ("not recorded",): 4} == dict(
        accumulator.summary(resamples=0).groups
    )
