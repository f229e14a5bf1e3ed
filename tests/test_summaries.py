"""Summaries, change between rounds, readiness across settings and disclosure control."""

from __future__ import annotations

import statistics
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduction import (
    Activity,
    Dimension,
    DisclosureControl,
    Domain,
    EvaluationCohort,
    Frequency,
    ReadinessAnswer,
    ReadinessCohort,
    Suppressed,
    ValidationError,
    _summaries,
    change_between_rounds,
    score_cohort,
    summarize,
    summarize_readiness,
)
from strategies import evaluation_code_arrays

N, S, A = Frequency.NOT_AT_ALL, Frequency.SOMETIMES, Frequency.ALL_THE_TIME


def cohort_of(rows: list[list[int]], **groups: list[str]) -> EvaluationCohort:
    """A cohort from rows of codes and grouping columns."""
    return EvaluationCohort.from_array(np.array(rows, dtype=np.int8).reshape(-1, 23), groups=groups)


# --- Disclosure control -----------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "published"),
    [
        (0, 0),
        (1, Suppressed(DisclosureControl().reason)),
        (7, Suppressed(DisclosureControl().reason)),
        (8, 10),
        (12, 10),
        (13, 15),
        (17, 15),
        (18, 20),
        (1234, 1235),
    ],
)
def test_counts_of_1_to_7_are_suppressed_and_others_rounded_to_5(
    count: int, published: int | Suppressed
) -> None:
    """NHS Digital's rule: 1-7 suppressed, 0 shown, others to the nearest 5."""
    assert published == DisclosureControl().count(count)


def test_threshold_and_base_are_parameters() -> None:
    """A stricter rule: up to 10 suppressed, others to the nearest 10."""
    rule = DisclosureControl(threshold=10, base=10)
    assert Suppressed(rule.reason) == rule.count(10)
    assert "1 to 10 people" in rule.reason
    assert 20 == rule.count(15)
    assert 11 == DisclosureControl(base=1).count(11)


def test_bad_rules_are_refused() -> None:
    """A threshold or base below 1 is refused, both reported."""
    with pytest.raises(ValidationError) as caught:
        DisclosureControl(threshold=0, base=0)
    assert ["threshold", "base"] == [p.location for p in caught.value.problems]


def test_statistics_from_1_to_7_people_are_suppressed() -> None:
    """A mean of 7 people is withheld with its reason; of 8 it is shown unrounded."""
    rule = DisclosureControl()
    assert Suppressed(rule.reason) == rule.statistic(1.25, people=7)
    assert 1.25 == rule.statistic(1.25, people=8)
    assert rule.statistic(None, people=0) is None


@given(st.lists(st.integers(0, 60), min_size=2, max_size=6))
def test_a_hidden_count_cannot_be_recovered_from_the_total(counts: list[int]) -> None:
    """Never exactly one count hidden in a set whose total is shown: 0 or at least 2."""
    published = DisclosureControl().counts(counts)
    hidden = [p for p in published if isinstance(p, Suppressed)]
    assert len(hidden) != 1 or not any(
        c for c, p in zip(counts, published, strict=True) if not isinstance(p, Suppressed)
    )
    for count, shown in zip(counts, published, strict=True):
        assert shown != 0 or count == 0  # a suppressed value is never shown as 0


def test_secondary_suppression_hides_the_smallest_other_count() -> None:
    """[3, 0, 40, 12]: 3 is hidden, then 12 (the smallest other non-zero), with the same reason.

    A complement giving its own reason ("secondary suppression") would say that it
    is not small, which with the total pins the small one (third review, b3.py).
    """
    rule = DisclosureControl()
    published = rule.counts([3, 0, 40, 12])
    assert published[0] == published[3] == Suppressed(rule.reason)
    assert (0, 40) == published[1:3]


# --- Evaluation summary -----------------------------------------------------------


def test_item_counts_and_percentages_include_unanswered() -> None:
    """Four respondents: support_1 answered 2, 2, 0 and unanswered."""
    rows = [[2] * 23, [2] * 23, [0] * 23, [-1] * 23]
    item = summarize(cohort_of(rows)).item("support_1")
    assert {N: 1, S: 0, A: 2} == item.counts
    assert 1 == item.unanswered
    assert {N: 25.0, S: 0.0, A: 50.0} == item.percents
    assert 25.0 == item.unanswered_percent


def test_domain_statistics_leave_out_unscored_respondents() -> None:
    """Means 2, 1, 0 and one unscored: n 3, mean 1, median 1, sd 1."""
    rows = [[2] * 23, [1] * 23, [0] * 23, [-1] * 23]
    support = summarize(cohort_of(rows), resamples=0).measure(Domain.SUPPORT)
    assert (3, 1.0, 1.0, 1.0) == (support.n, support.mean, support.median, support.sd)
    assert support.low is None  # no intervals without resamples


@given(evaluation_code_arrays(max_rows=25))
@settings(max_examples=40)
def test_summary_statistics_agree_with_the_statistics_module(rows: list[list[int]]) -> None:
    """Mean, median and sd of each domain agree with Python's statistics on the scores."""
    cohort = cohort_of(rows)
    scores = score_cohort(cohort)
    summary = summarize(cohort, resamples=0)
    for column, domain in enumerate(scores.domains):
        values = [v for v in scores.mean[:, column].tolist() if v == v]  # noqa: PLR0124
        got = summary.measure(domain)
        assert len(values) == got.n
        if values:
            assert got.mean == pytest.approx(statistics.fmean(values))
            assert got.median == pytest.approx(statistics.median(values))
        if len(values) >= 2:
            assert got.sd == pytest.approx(statistics.stdev(values), abs=1e-12)


def test_groups_are_summarised_separately_and_in_sorted_order() -> None:
    """Two wards: each ward's overall mean is its own respondents' mean."""
    rows = [[2] * 23, [1] * 23, [0] * 23]
    summary = summarize(cohort_of(rows, ward=["Oak", "Oak", "Elm"]), by="ward")
    assert [("Elm",), ("Oak",)] == list(summary.groups)
    assert 1.5 == summary.measure(None, ("Oak",)).mean
    assert 0.0 == summary.measure(None, ("Elm",)).mean


def test_several_grouping_columns_combine() -> None:
    """Grouping by ward and round gives each combination present."""
    rows = [[2] * 23] * 3
    cohort = cohort_of(rows, ward=["Oak", "Oak", "Elm"], round=["1", "2", "1"])
    assert [("Elm", "1"), ("Oak", "1"), ("Oak", "2")] == list(
        summarize(cohort, by=["ward", "round"], resamples=0).groups
    )


def test_bootstrap_intervals_are_reproducible_and_contain_the_mean() -> None:
    """The same seed gives the same interval; the interval holds the sample mean."""
    rng = np.random.default_rng(7)
    rows = rng.integers(-1, 3, size=(200, 23)).tolist()
    cohort = cohort_of(rows)
    first = summarize(cohort, seed=3, resamples=300).measure(Domain.TRUST)
    again = summarize(cohort, seed=3, resamples=300).measure(Domain.TRUST)
    other = summarize(cohort, seed=4, resamples=300).measure(Domain.TRUST)
    assert first == again
    assert first.low != other.low
    assert isinstance(first.low, float)
    assert isinstance(first.high, float)
    assert isinstance(first.mean, float)
    assert first.low < first.mean < first.high


def test_unknown_grouping_columns_and_bad_options_are_refused() -> None:
    """An unknown column and a bad confidence are reported together."""
    with pytest.raises(ValidationError, match="not a grouping column"):
        summarize(cohort_of([[0] * 23]), by="ward")
    with pytest.raises(ValidationError, match="confidence"):
        summarize(cohort_of([[0] * 23]), confidence=1.5)


def test_summaries_with_disclosure_control_mark_small_groups() -> None:
    """A ward of 3 has its count and its statistics suppressed, never shown as 0."""
    rows = [[2] * 23] * 3 + [[1] * 23] * 20
    cohort = cohort_of(rows, ward=["Elm"] * 3 + ["Oak"] * 20)
    summary = summarize(cohort, by="ward", disclosure=DisclosureControl(), resamples=50)
    assert Suppressed(DisclosureControl().reason) == summary.groups["Elm",]
    elm = summary.measure(Domain.SUPPORT, ("Elm",))
    assert isinstance(elm.mean, Suppressed)
    assert isinstance(elm.median, Suppressed)
    assert summary.disclosure == DisclosureControl()
    # The whole cohort is published with the wards, so Oak (the only other ward)
    # is withheld too: otherwise Elm would be the whole less Oak.
    assert 25 == summary.groups[()]
    assert 1.1304347826086956 == summary.measure(Domain.SUPPORT).mean
    assert isinstance(summary.groups["Oak",], Suppressed)
    assert isinstance(summary.measure(Domain.SUPPORT, ("Oak",)).mean, Suppressed)


def test_published_item_counts_use_secondary_suppression() -> None:
    """An item with one small count hides a second so the group total cannot reveal it."""
    rows = [[2] * 23] * 30 + [[0] * 23] * 3 + [[1] * 23] * 12
    item = summarize(cohort_of(rows), disclosure=DisclosureControl(), resamples=0).item("trust_1")
    assert isinstance(item.counts[N], Suppressed)
    assert isinstance(item.counts[S], Suppressed)
    assert 30 == item.counts[A]
    assert isinstance(item.percents[N], Suppressed)


# --- Change between rounds ----------------------------------------------------------


def test_change_between_rounds_is_the_difference_of_means_with_an_interval() -> None:
    """Round 2 answers one step higher on every item: a change of +1 in every domain."""
    rng = np.random.default_rng(1)
    first = rng.integers(0, 2, size=(40, 23))
    rows = [*first.tolist(), *(first + 1).tolist()]
    cohort = cohort_of(rows, round=["1"] * 40 + ["2"] * 40)
    changes = change_between_rounds(cohort, rounds="round", before="1", after="2", resamples=200)
    assert 6 == len(changes)
    for change in changes:
        assert change.difference == pytest.approx(1.0)
        assert isinstance(change.low, float)
        assert isinstance(change.high, float)
        assert change.low < 1.0 < change.high


def test_change_by_group_and_unknown_rounds() -> None:
    """Comparing within wards gives one row per ward and domain; unknown rounds are refused."""
    rows = [[0] * 23, [2] * 23, [1] * 23, [1] * 23]
    cohort = cohort_of(rows, round=["a", "b", "a", "b"], ward=["Oak", "Oak", "Elm", "Elm"])
    changes = change_between_rounds(
        cohort, rounds="round", before="a", after="b", by="ward", resamples=0
    )
    overall = {c.group: c.difference for c in changes if c.domain is None}
    assert {("Elm",): 0.0, ("Oak",): 2.0} == overall
    with pytest.raises(ValidationError, match="no response has round = 'c'"):
        change_between_rounds(cohort, rounds="round", before="a", after="c")


def test_change_is_suppressed_for_small_rounds() -> None:
    """With the default rule, a round of 2 people gives no published difference.

    Nor does the other round's size: with the whole cohort (12, which a summary by
    round publishes beside its rounds) it would give the 2 back, so it is withheld
    as the summary by round withholds it.
    """
    cohort = cohort_of([[0] * 23] * 2 + [[2] * 23] * 10, round=["a"] * 2 + ["b"] * 10)
    rule = DisclosureControl()
    rows = change_between_rounds(cohort, rounds="round", before="a", after="b", disclosure=rule)
    change = rows[-1]
    assert isinstance(change.difference, Suppressed)
    by_round = summarize(cohort, by="round", disclosure=rule, resamples=0)
    assert (change.n_before, change.n_after) == (by_round.groups["a",], by_round.groups["b",])
    assert isinstance(change.n_after, Suppressed)


# --- Readiness across settings ------------------------------------------------------


def test_readiness_shares_per_cell_activity_and_dimension() -> None:
    """Four settings; a cell answered Yes, Yes, Partly and unanswered."""
    rows = np.zeros((4, 7, 3), dtype=np.int8)
    rows[:, 0, 0] = [2, 2, 1, -1]
    cohort = ReadinessCohort.from_array(rows, groups={"trust": ["t"] * 4})
    summary = summarize_readiness(cohort, by="trust")
    cell = summary.cell(Activity.INFORMED, Dimension.OBLIGATION, ("t",))
    assert {ReadinessAnswer.YES: 2, ReadinessAnswer.PARTLY: 1, ReadinessAnswer.NO: 0} == cell.counts
    assert 25.0 == cell.unanswered_percent
    assert 50.0 == cell.percents[ReadinessAnswer.YES]
    informed = summary.activities[0]
    assert (Activity.INFORMED, None, 12) == (informed.activity, informed.dimension, informed.total)
    assert 8 == informed.counts[ReadinessAnswer.NO]
    assert [Activity.INFORMED, Activity.LISTENED_TO] == [r.activity for r in summary.activities[:2]]
    assert 3 == len(summary.dimensions)
    assert 28 == summary.dimensions[0].total


def test_readiness_summary_with_disclosure_control() -> None:
    """Four settings are a count of 1 to 7: the group's size is suppressed."""
    cohort = ReadinessCohort.from_array(np.zeros((4, 7, 3), dtype=np.int8))
    summary = summarize_readiness(cohort, disclosure=DisclosureControl())
    assert isinstance(summary.groups[()], Suppressed)
    assert isinstance(summary.cells[0].counts[ReadinessAnswer.NO], Suppressed)


@given(
    evaluation_code_arrays(max_rows=40),
    st.lists(st.sampled_from(["Oak", "Elm", "Ash"]), min_size=40, max_size=40),
)
@settings(max_examples=30)
def test_every_published_count_is_zero_suppressed_or_a_rounded_count_above_7(
    rows: list[list[int]], wards: list[str]
) -> None:
    """Under the default rule no count from 1 to 7 is ever shown, nor a statistic of 1 to 7 people.

    Without the rule, each item's counts add up to the group's size.
    """
    cohort = cohort_of(rows, ward=wards[: len(rows)])
    plain = summarize(cohort, by="ward", resamples=0)
    for item in plain.items:
        numbers = [c for c in (*item.counts.values(), item.unanswered) if isinstance(c, int)]
        assert 4 == len(numbers)  # nothing is suppressed without a rule
        assert plain.groups[item.group] == sum(numbers)
    published = summarize(cohort, by="ward", resamples=0, disclosure=DisclosureControl())
    counts = [*published.groups.values(), *(m.n for m in published.measures)]
    for item in published.items:
        counts.extend([*item.counts.values(), item.unanswered])
    for count in counts:
        assert isinstance(count, Suppressed) or (count % 5 == 0 and count not in range(1, 8))
    for original in plain.measures:
        shown = published.measure(original.domain, original.group)
        if isinstance(original.n, int) and 1 <= original.n <= 7:
            assert isinstance(shown.mean, Suppressed)
            assert isinstance(shown.median, Suppressed)
        elif not isinstance(shown.mean, Suppressed):  # else withheld to protect another
            assert original.mean == shown.mean


# --- Internals that must stay exact -----------------------------------------------

score_floats = st.floats(-3, 3, allow_nan=False) | st.sampled_from([0.0, -0.0, 1 / 3, 2 / 3, 1.0])


@given(st.lists(score_floats, max_size=200), st.sampled_from([1, 4, 1 << 16]), st.booleans())
def test_distinct_values_and_positions_are_exact(
    values: list[float], sample: int, hashed: bool
) -> None:
    """Distinct scores are numpy's unique values and every position points at its value.

    A small first sample forces the search to add values it missed; a table too
    small to hash forces the binary search.
    """
    array = np.array(values, dtype=np.float64)
    with (
        mock.patch.object(_summaries, "_EXACT_SAMPLE", sample),
        mock.patch.object(_summaries, "_HASHED", 1 << 15 if hashed else 0),
    ):
        distinct, position = _summaries._distinct(array)
    assert distinct.tolist() == np.unique(array).tolist()
    assert (distinct[position] == array).all()


def test_groups_of_many_combinations_are_found_by_sorting() -> None:
    """Three columns of 60 values each (216,000 combinations) give the groups present."""
    rng = np.random.default_rng(3)
    columns = {name: [f"{name}{v:02d}" for v in rng.integers(0, 60, 80)] for name in "abc"}
    cohort = cohort_of([[0] * 23] * 80, **columns)
    present = sorted(set(zip(columns["a"], columns["b"], columns["c"], strict=True)))
    summary = summarize(cohort, by=["a", "b", "c"], resamples=0)
    assert list(summary.groups) == present
    sizes = dict.fromkeys(present, 0)
    for key in zip(columns["a"], columns["b"], columns["c"], strict=True):
        sizes[key] += 1
    assert dict(summary.groups) == sizes


def test_a_rounds_mean_is_the_same_in_a_summary_and_in_a_change() -> None:
    """The change's means are, to the last digit, the summary's means of each round."""
    rng = np.random.default_rng(8)
    rows = rng.integers(-1, 3, size=(400, 23)).tolist()
    rounds = [("2025", "2026")[i % 2] for i in range(400)]
    cohort = cohort_of(rows, round=rounds)
    summary = summarize(cohort, by="round", resamples=0)
    changes = change_between_rounds(cohort, rounds="round", before="2025", after="2026")
    for change in changes:
        assert change.mean_before == summary.measure(change.domain, ("2025",)).mean
        assert change.mean_after == summary.measure(change.domain, ("2026",)).mean
