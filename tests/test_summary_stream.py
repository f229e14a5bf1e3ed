"""Summaries built block by block and merged: exactly the summary of the whole cohort."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction import (
    DisclosureControl,
    EvaluationCohort,
    EvaluationConventions,
    Frequency,
    SummaryAccumulator,
    ValidationError,
    change_between_rounds,
    summarize,
)
from coproduction._summaries import _Pairs
from strategies import evaluation_code_arrays, evaluation_conventions

WARDS = ("Oak", "Elm", "Ash")
ROUNDS = ("2025", "2026")


@st.composite
def grouped_cohorts(draw: st.DrawFn) -> tuple[EvaluationCohort, tuple[str, ...]]:
    """A cohort with two grouping columns, and a random choice of them to group by."""
    rows = draw(evaluation_code_arrays(max_rows=40))
    n = len(rows)
    wards = draw(st.lists(st.sampled_from(WARDS), min_size=n, max_size=n))
    rounds = draw(st.lists(st.sampled_from(ROUNDS), min_size=n, max_size=n))
    cohort = EvaluationCohort.from_array(
        np.array(rows, dtype=np.int8).reshape(-1, 23), groups={"ward": wards, "round": rounds}
    )
    by = draw(st.sampled_from([(), ("ward",), ("round", "ward"), ("ward", "round")]))
    return cohort, by


def block(cohort: EvaluationCohort, start: int, stop: int) -> EvaluationCohort:
    """Rows ``start`` to ``stop`` of a cohort, with their grouping values."""
    return EvaluationCohort.from_array(
        cohort.answers[start:stop],
        groups={name: values[start:stop] for name, values in cohort.groups.items()},
    )


def merge_in_a_random_tree(
    data: st.DataObject, accumulators: list[SummaryAccumulator]
) -> SummaryAccumulator:
    """Merge neighbours in a drawn order, sometimes the right one into the left."""
    pool = list(accumulators)
    while len(pool) > 1:
        i = data.draw(st.integers(0, len(pool) - 2))
        left, right = pool[i], pool[i + 1]
        pool[i : i + 2] = [right.merge(left) if data.draw(st.booleans()) else left.merge(right)]
    return pool[0]


@given(
    grouped_cohorts(),
    st.lists(st.integers(0, 40), max_size=5),
    st.sampled_from([0, 25]),
    st.none() | st.just(DisclosureControl()),
    st.none() | evaluation_conventions(),
    st.data(),
)
@settings(max_examples=60, deadline=None)
def test_blocks_merged_in_any_tree_summarise_exactly_as_the_whole(
    case: tuple[EvaluationCohort, tuple[str, ...]],
    cuts: list[int],
    resamples: int,
    disclosure: DisclosureControl | None,
    conventions: EvaluationConventions | None,
    data: st.DataObject,
) -> None:
    """The specification: any split into blocks and any merge tree give summarize's result.

    Intervals (drawn from the merged distributions) and disclosure control included.
    """
    cohort, by = case
    bounds = [0, *sorted(min(c, len(cohort)) for c in cuts), len(cohort)]
    accumulators = [
        SummaryAccumulator(by=by, conventions=conventions).add(block(cohort, a, b))
        for a, b in itertools.pairwise(bounds)
    ]
    merged = merge_in_a_random_tree(data, accumulators)
    options = {"resamples": resamples, "seed": 5, "disclosure": disclosure}
    expected = summarize(cohort, by=by, conventions=conventions, **options)  # type: ignore[arg-type]
    assert expected == merged.summary(**options)  # type: ignore[arg-type]
    one = SummaryAccumulator(by=by, conventions=conventions)
    for a, b in reversed(list(itertools.pairwise(bounds))):
        one.add(block(cohort, a, b))
    assert expected == one.summary(**options)  # type: ignore[arg-type]


@given(evaluation_code_arrays(max_rows=30), st.randoms(use_true_random=False))
@settings(max_examples=40)
def test_a_summary_does_not_depend_on_the_order_of_the_rows(
    rows: list[list[int]], random: object
) -> None:
    """Means come from the exact sum of the scores, so shuffling the rows changes nothing.

    Under weights such as 0.1, 0.7 and 1.3, float sums in row order differ in the
    last digit between orders; the exact sum cannot.
    """
    codes = np.array(rows, dtype=np.int8).reshape(-1, 23)
    order = list(range(len(codes)))
    random.shuffle(order)  # type: ignore[attr-defined]
    conventions = EvaluationConventions(
        points={Frequency.NOT_AT_ALL: 0.1, Frequency.SOMETIMES: 0.7, Frequency.ALL_THE_TIME: 1.3}
    )
    first = summarize(EvaluationCohort.from_array(codes), conventions=conventions, resamples=0)
    again = summarize(
        EvaluationCohort.from_array(codes[order]), conventions=conventions, resamples=0
    )
    assert first == again


def test_a_whole_number_of_equal_scores_has_that_score_as_its_mean() -> None:
    """1,000 respondents scoring 0.1 have the mean 0.1, not a sum of 0.1s divided back."""
    conventions = EvaluationConventions(
        points={Frequency.NOT_AT_ALL: 0.1, Frequency.SOMETIMES: 0.7, Frequency.ALL_THE_TIME: 1.3}
    )
    cohort = EvaluationCohort.from_array(np.zeros((1000, 23), dtype=np.int8))
    assert 0.1 == summarize(cohort, conventions=conventions, resamples=0).measure(None).mean


def test_merging_refuses_other_settings_and_other_objects() -> None:
    """Other grouping columns and other conventions are both named; a non-accumulator too."""
    left = SummaryAccumulator(by="ward")
    other = SummaryAccumulator(by="round", conventions=EvaluationConventions(overall_min_domains=1))
    with pytest.raises(ValidationError) as caught:
        left.merge(other)
    assert ["by", "conventions"] == [p.location for p in caught.value.problems]
    with pytest.raises(ValidationError, match="expected a SummaryAccumulator"):
        left.merge(summarize)  # type: ignore[arg-type]


def test_settings_and_blocks_are_checked() -> None:
    """Bad settings are refused when built; a block without the column when added."""
    with pytest.raises(ValidationError) as caught:
        SummaryAccumulator(by=["ward", "ward"], conventions="x", max_groups=0)  # type: ignore[arg-type]
    assert ["by", "conventions", "max_groups"] == [p.location for p in caught.value.problems]
    accumulator = SummaryAccumulator(by="ward")
    with pytest.raises(ValidationError, match="not a grouping column"):
        accumulator.add(EvaluationCohort.from_array([[0] * 23]))
    with pytest.raises(ValidationError, match="expected an EvaluationCohort"):
        accumulator.add([[0] * 23])  # type: ignore[arg-type]


def test_merging_leaves_both_accumulators_as_they_were() -> None:
    """Merging returns a new accumulator; adding to it changes neither operand."""
    left = SummaryAccumulator().add(EvaluationCohort.from_array([[2] * 23]))
    right = SummaryAccumulator().add(EvaluationCohort.from_array([[0] * 23]))
    both = left.merge(right)
    both.add(EvaluationCohort.from_array([[1] * 23]))
    assert 1 == left.summary(resamples=0).groups[()]
    assert 1 == right.summary(resamples=0).groups[()]
    assert 3 == both.summary(resamples=0).groups[()]
    assert "SummaryAccumulator(by=(), groups=1, respondents=3)" == repr(both)


def test_what_an_accumulator_keeps_does_not_grow_with_the_rows() -> None:
    """100 blocks of 500 rows in three wards: the (ward, score) counts kept stay bounded.

    Each measure keeps at most its compacted counts (3 wards x its distinct scores)
    plus blocks not yet merged into them, never a row per response.
    """
    rng = np.random.default_rng(4)
    accumulator = SummaryAccumulator(by="ward")
    kept = []
    for _ in range(100):
        codes = rng.integers(-1, 3, size=(500, 23)).astype(np.int8)
        wards = rng.choice(list(WARDS), size=500).tolist()
        accumulator.add(EvaluationCohort.from_array(codes, groups={"ward": wards}))
        kept.append(max(sum(len(p) for p in queue) for queue in accumulator._pending))
    distinct = max(len(np.unique(p.value)) for p in map(_Pairs.combined, accumulator._pending))
    assert max(kept) <= 2 * 3 * distinct + 4096 + 500
    assert max(kept) < 50_000 // 4


# --- Resource bounds ---------------------------------------------------------------


def test_more_groups_than_the_limit_are_refused_quickly() -> None:
    """A column with a value per respondent (10,001 of them) is refused, naming the limit.

    Before the limit, 1M such groups ended in a MemoryError traceback.
    """
    n = 10_001
    cohort = EvaluationCohort.from_array(
        np.zeros((n, 23), dtype=np.int8), groups={"id": [f"P{i}" for i in range(n)]}
    )
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        summarize(cohort, by="id", resamples=0)
    assert time.perf_counter() - started < 5
    (problem,) = caught.value.problems
    assert "max_groups" == problem.location
    assert "limit of 10000" in problem.message
    assert "pass a larger max_groups" in problem.message


def test_the_group_limit_is_checked_as_groups_appear_and_can_be_raised() -> None:
    """A block that would bring the groups over the limit is refused, and nothing of it kept."""
    first = EvaluationCohort.from_array([[0] * 23] * 2, groups={"ward": ["Oak", "Elm"]})
    second = EvaluationCohort.from_array([[2] * 23] * 2, groups={"ward": ["Oak", "Ash"]})
    accumulator = SummaryAccumulator(by="ward", max_groups=2).add(first)
    before = accumulator.summary(resamples=0)
    with pytest.raises(ValidationError, match="max_groups"):
        accumulator.add(second)
    assert before == accumulator.summary(resamples=0)
    with pytest.raises(ValidationError, match="max_groups"):
        accumulator.merge(SummaryAccumulator(by="ward").add(second))
    cohort = EvaluationCohort.from_array(
        [[0] * 23] * 3, groups={"ward": ["Oak", "Elm", "Ash"], "round": ["1", "1", "2"]}
    )
    with pytest.raises(ValidationError, match="max_groups"):
        summarize(cohort, by="ward", max_groups=2)
    with pytest.raises(ValidationError, match="max_groups"):
        change_between_rounds(
            cohort, rounds="round", before="1", after="2", by="ward", max_groups=1
        )
    assert 3 == len(summarize(cohort, by="ward", max_groups=3, resamples=0).groups)


def test_more_resamples_than_the_limit_are_refused_before_any_work() -> None:
    """A billion resamples (9.6 GB and a MemoryError before) are refused, naming the limit."""
    cohort = EvaluationCohort.from_array([[0] * 23, [2] * 23])
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        summarize(cohort, resamples=1_000_000_000)
    assert time.perf_counter() - started < 5
    (problem,) = caught.value.problems
    assert "resamples" == problem.location
    assert "limit of 100000" in problem.message
    assert "pass a larger max_resamples" in problem.message
    with pytest.raises(ValidationError, match="max_resamples"):
        SummaryAccumulator().add(cohort).summary(resamples=100_001)
    with pytest.raises(ValidationError, match="max_resamples"):
        change_between_rounds(
            EvaluationCohort.from_array([[0] * 23] * 2, groups={"r": ["a", "b"]}),
            rounds="r",
            before="a",
            after="b",
            resamples=200_000,
        )
    raised = summarize(cohort, resamples=200_000, max_resamples=200_000).measure(None)
    assert raised.low is not None


# --- The report from an accumulator -------------------------------------------------


def _evaluation_part(page: str) -> str:
    """The page from the evaluation's heading up to the warnings' heading."""
    start = page.index(f"<h2>{cp.COPRODUCTION_EVALUATION.name}</h2>")
    return page[start : page.index("<h2>Possible signs", start)]


def _section(page: str, heading: str) -> str:
    """The page from a heading up to the next one."""
    start = page.index(f"<h2>{heading}</h2>")
    return page[start : page.index("<h2>", start + 1)]


def test_a_report_from_blocks_shows_exactly_the_summary_of_the_whole_cohort() -> None:
    """The evaluation section from an accumulator of blocks equals the one from the cohort.

    Without the responses themselves, the page says the warnings were not computed.
    """
    rng = np.random.default_rng(11)
    codes = rng.integers(-1, 3, size=(90, 23)).astype(np.int8)
    conventions = EvaluationConventions(overall_min_domains=2)
    accumulator = SummaryAccumulator(conventions=conventions)
    for start in range(0, 90, 25):
        accumulator.add(EvaluationCohort.from_array(codes[start : start + 25]))
    whole = cp.report.render(
        cohort=EvaluationCohort.from_array(codes),
        evaluation_conventions=conventions,
        resamples=50,
        seed=2,
    )
    streamed = cp.report.render(accumulator=accumulator, resamples=50, seed=2)
    assert _evaluation_part(whole) == _evaluation_part(streamed)
    assert "so they were not computed here" in streamed
    assert "so they were not computed here" not in whole
    # The conventions the summary used are reported: the accumulator's.
    assert _section(whole, "Scoring conventions used") == _section(
        streamed, "Scoring conventions used"
    )
    default = cp.report.render(cohort=EvaluationCohort.from_array(codes), resamples=0)
    assert _section(default, "Scoring conventions used") != _section(
        streamed, "Scoring conventions used"
    )


def test_a_report_refuses_an_accumulator_it_cannot_use() -> None:
    """Grouped, given with a cohort, other conventions, or not an accumulator: each is named."""
    cohort = EvaluationCohort.from_array([[0] * 23], groups={"ward": ["Oak"]})
    grouped = SummaryAccumulator(by="ward").add(cohort)
    with pytest.raises(ValidationError) as caught:
        cp.report.render(
            cohort=cohort,
            accumulator=grouped,
            evaluation_conventions=EvaluationConventions(overall_min_domains=1),
        )
    assert ["accumulator", "accumulator", "evaluation_conventions"] == [
        p.location for p in caught.value.problems
    ]
    with pytest.raises(ValidationError, match="expected a SummaryAccumulator"):
        cp.report.render(accumulator=summarize(cohort))  # type: ignore[arg-type]


def test_a_summary_that_would_draw_too_many_means_is_refused_at_once() -> None:
    """Thousands of groups with many resamples are refused before any drawing, by name."""
    n = 84  # 84 groups x 100,000 resamples x 6 measures: just over 50 million means
    cohort = cp.EvaluationCohort.from_array(
        np.ones((n, 23), dtype=np.int8), groups={"ward": [f"w{k}" for k in range(n)]}
    )
    accumulator = cp.SummaryAccumulator(by="ward").add(cohort)
    with pytest.raises(cp.ValidationError, match="max_draws") as info:
        accumulator.summary(resamples=100_000)
    assert ["resamples"] == [p.location for p in info.value.problems]
    with pytest.raises(cp.ValidationError, match="max_draws"):
        cp.summarize(cohort, by="ward", resamples=100_000)
    assert accumulator.summary(resamples=0).groups  # no intervals, nothing drawn
    with pytest.raises(cp.ValidationError, match="max_draws"):
        accumulator.summary(resamples=10, max_draws=10 * n * 6 - 1)
