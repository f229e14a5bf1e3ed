"""Cohorts and their vectorised scoring: exact agreement with the one-response functions."""

from __future__ import annotations

import datetime as dt
import io
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import ArrayLike

import coproduction as cp
from coproduction import (
    COPRODUCTION_EVALUATION,
    Activity,
    Dimension,
    EvaluationCohort,
    EvaluationConventions,
    EvaluationResponse,
    Frequency,
    Level,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessCohort,
    ReadinessConventions,
    ValidationError,
    score_cohort,
    score_evaluation,
    score_readiness,
    score_readiness_cohort,
)
from htmltree import parse
from strategies import (
    ITEM_IDS,
    evaluation_code_arrays,
    evaluation_cohorts,
    evaluation_conventions,
    evaluation_responses,
    readiness_assessments,
    readiness_code_arrays,
    readiness_conventions,
)


def same(expected: float | None, actual: float) -> bool:
    """The scalar value and the array value are the same number (NaN standing for None)."""
    if expected is None:
        return math.isnan(actual)
    return expected == actual and math.copysign(1, expected) == math.copysign(1, actual)


# --- Building cohorts -----------------------------------------------------------


def test_the_answers_are_a_read_only_int8_copy_in_item_order() -> None:
    """The cohort copies the caller's array, as int8, and refuses writes."""
    source = np.zeros((2, 23), dtype=np.int64)
    cohort = EvaluationCohort.from_array(source)
    source[0, 0] = 2
    assert np.int8 == cohort.answers.dtype
    assert (2, 23) == cohort.answers.shape
    assert 0 == cohort.answers[0, 0]
    with pytest.raises(ValueError, match="read-only"):
        cohort.answers[0, 0] = 1


def test_every_bad_cell_is_reported_by_row_and_item_id() -> None:
    """Three bad cells in two rows, plus bad ids and group values, are all reported at once."""
    rows = np.zeros((3, 23), dtype=np.float64)
    rows[0, 4] = 3
    rows[2, 0] = np.nan
    rows[2, 22] = 0.5
    with pytest.raises(ValidationError) as caught:
        EvaluationCohort.from_array(
            rows,
            respondents=["R-1", "", "R-3"],
            groups={"ward": ["a", "b", 7]},  # type: ignore[list-item]
        )
    locations = [p.location for p in caught.value.problems]
    assert [
        "row 0, respect_1",
        "row 2, support_1",
        "row 2, power_with_5",
        "respondents[1]",
        "groups['ward'][2]",
    ] == locations
    assert "not NaN" in caught.value.problems[1].message


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (np.zeros((2, 22)), "expected shape (n, 23)"),
        (np.zeros(23), "expected shape (n, 23)"),
        (np.zeros((2, 23), dtype=bool), "array of bool"),
        ([["2"] * 23], "array of <U1"),
    ],
)
def test_arrays_of_the_wrong_shape_or_kind_are_refused(answers: object, message: str) -> None:
    """Shapes other than (n, 23), booleans and text are refused, never coerced."""
    with pytest.raises(ValidationError, match=re.escape(message)):
        EvaluationCohort.from_array(answers)  # type: ignore[arg-type]


def test_object_arrays_accept_ints_and_refuse_bools_and_none() -> None:
    """An object array's True and None are refused: neither is an answer code."""
    rows = [[0] * 23, [True] + [0] * 21 + [None]]
    with pytest.raises(ValidationError) as caught:
        EvaluationCohort.from_array(np.array(rows, dtype=object))
    problems = caught.value.problems
    assert ("row 1, support_1", "row 1, power_with_5") == tuple(p.location for p in problems)
    assert problems[1].message.endswith("write unanswered as -1, not None")
    assert 2 == len(EvaluationCohort.from_array(np.array(rows[:1] * 2, dtype=object)))


def test_groups_and_ids_must_have_one_value_per_row() -> None:
    """Columns of the wrong length are refused with the expected length."""
    with pytest.raises(ValidationError, match="expected 2 values, one per row, got 1"):
        EvaluationCohort.from_array([[0] * 23] * 2, groups={"ward": ["a"]})
    with pytest.raises(ValidationError, match="expected 2 ids, one per row, got 3"):
        EvaluationCohort.from_array([[0] * 23] * 2, respondents=["a", "b", "c"])


def test_unanswered_is_minus_one_and_never_a_response() -> None:
    """The documented unanswered code reads back as None, not as "Not at all"."""
    cohort = EvaluationCohort.from_array([[EvaluationCohort.UNANSWERED] + [0] * 22])
    (response,) = cohort.to_responses()
    assert response.answers["support_1"] is None
    assert Frequency.NOT_AT_ALL == response.answers["support_2"]
    assert -1 == EvaluationCohort.UNANSWERED


def test_empty_cohorts_score_to_empty_arrays() -> None:
    """No rows: every score array is empty, with the right number of columns."""
    scores = score_cohort(EvaluationCohort.from_array(np.empty((0, 23), dtype=np.int8)))
    assert (0, 5) == scores.mean.shape
    assert (0,) == scores.overall.shape


@given(st.lists(evaluation_responses(), max_size=10))
@settings(max_examples=40)
def test_responses_round_trip_through_a_cohort_keeping_answers_and_ids(
    responses: list[EvaluationResponse],
) -> None:
    """Going to a cohort and back keeps every answer and respondent id."""
    cohort = EvaluationCohort.from_responses(responses)
    back = cohort.to_responses()
    assert [r.answers for r in responses] == [r.answers for r in back]
    assert [r.respondent for r in responses] == [r.respondent for r in back]
    assert cohort == EvaluationCohort.from_responses(back)


@given(st.lists(evaluation_responses(), max_size=10))
@settings(max_examples=60)
def test_responses_keep_their_context_through_a_cohort(
    responses: list[EvaluationResponse],
) -> None:
    """A response's date, level and activities survive the trip through a cohort (issue #13)."""
    back = EvaluationCohort.from_responses(responses).to_responses()
    assert responses == list(back)


@given(evaluation_cohorts())
@settings(max_examples=80)
def test_cohorts_round_trip_through_responses(cohort: EvaluationCohort) -> None:
    """from_responses(c.to_responses(), groups=c.groups) == c, context columns and all."""
    again = EvaluationCohort.from_responses(cohort.to_responses(), groups=cohort.groups)
    assert cohort == again
    for name in ("dates", "levels", "activities", "preferred_activities"):
        assert getattr(cohort, name) == getattr(again, name), name


def test_a_context_column_is_none_exactly_when_nothing_is_recorded() -> None:
    """No response with a date: dates is None; one with a date: one entry per row."""
    plain = EvaluationResponse({})
    dated = EvaluationResponse({}, date=dt.date(2024, 5, 1), level=Level.GROUP)
    chosen = EvaluationResponse({}, preferred_activities={Activity.INFORMED})
    cohort = EvaluationCohort.from_responses([plain, plain])
    assert (None, None, None, None) == (
        cohort.dates,
        cohort.levels,
        cohort.activities,
        cohort.preferred_activities,
    )
    cohort = EvaluationCohort.from_responses([plain, dated, chosen])
    assert (None, dt.date(2024, 5, 1), None) == cohort.dates
    assert (None, Level.GROUP, None) == cohort.levels
    assert cohort.activities is None
    assert (frozenset(), frozenset(), frozenset({Activity.INFORMED})) == (
        cohort.preferred_activities
    )
    given_empty = EvaluationCohort.from_array([[0] * 23], dates=[None], activities=[[]])
    assert given_empty == EvaluationCohort.from_array([[0] * 23])


def test_context_columns_are_read_from_any_collection_and_kept_as_frozensets() -> None:
    """Lists, sets and tuples of activities become frozensets; object arrays are read too."""
    cohort = EvaluationCohort.from_array(
        [[0] * 23] * 2,
        # one-dimensional object arrays are read at run time, as for respondents
        activities=np.array([[Activity.INFORMED], (), None], dtype=object)[:2],  # type: ignore[arg-type]
        preferred_activities=([Activity.INFORMED, Activity.INFORMED], {Activity.IN_CONTROL}),
        levels=np.array([Level.INDIVIDUAL, None], dtype=object),  # type: ignore[arg-type]
    )
    assert (frozenset({Activity.INFORMED}), frozenset()) == cohort.activities
    assert (frozenset({Activity.INFORMED}), frozenset({Activity.IN_CONTROL})) == (
        cohort.preferred_activities
    )
    assert (Level.INDIVIDUAL, None) == cohort.levels


def test_every_bad_context_entry_is_a_located_problem() -> None:
    """Wrong entries, lengths and kinds are all reported at once, each by column and row."""
    with pytest.raises(ValidationError) as caught:
        EvaluationCohort.from_array(
            [[0] * 23] * 3,
            respondents=["R-1", "R-2", ""],
            dates=[dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC), "2024-05-01", None],  # type: ignore[list-item]
            levels="individual",  # type: ignore[arg-type]
            activities=[None, {"informed"}, [Activity.INFORMED]],  # type: ignore[list-item, arg-type]
            preferred_activities=[()] * 4,
        )
    problems = {p.location: p.message for p in caught.value.problems}
    assert [
        "respondents[2]",
        "dates[0]",
        "dates[1]",
        "levels",
        "activities[0]",
        "activities[1]",
        "preferred_activities",
    ] == list(problems)
    assert "without a time" in problems["dates[0]"]
    assert "str '2024-05-01'" in problems["dates[1]"]
    assert "empty set" in problems["activities[0]"]
    assert "expected 3 entries, one per row, got 4" == problems["preferred_activities"]


def test_repeated_context_entries_are_each_checked_in_their_row() -> None:
    """A bad entry is reported in every row it occurs in, among repeats of a good one."""
    day = dt.date(2024, 5, 1)
    midnight = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    informed = frozenset({Activity.INFORMED})
    with pytest.raises(ValidationError) as caught:
        EvaluationCohort.from_array(
            [[0] * 23] * 4,
            dates=[day, midnight, day, midnight],
            activities=[informed, {"informed"}, informed, {"informed"}],  # type: ignore[arg-type]
        )
    assert ["dates[1]", "dates[3]", "activities[1]", "activities[3]"] == [
        p.location for p in caught.value.problems
    ]


@pytest.mark.parametrize(
    "column",
    [
        {"levels": [None, "group"]},
        {"levels": {Level.GROUP, None}},
        {"dates": np.array(["2024-05-01", "NaT"], dtype="datetime64[D]")},
        {"dates": np.array([[None, None]], dtype=object)},
        {"activities": [Activity.INFORMED, Activity.INFORMED]},
        {"activities": ["informed", ""]},
        {"preferred_activities": 7},
        {"dates": [dt.date(2024, 5, 1)]},
    ],
)
def test_bad_context_columns_are_refused_never_coerced(column: dict[str, object]) -> None:
    """Text, sets, datetime64 arrays, bare members and wrong lengths are refused as problems."""
    with pytest.raises(ValidationError) as caught:
        EvaluationCohort.from_array([[0] * 23] * 2, **column)  # type: ignore[arg-type]
    (name,) = column
    assert all(p.location.startswith(name) for p in caught.value.problems)


def test_context_columns_count_in_equality_repr_and_the_notebook_view() -> None:
    """Cohorts differing only in context are unequal; repr and the HTML view name the context."""
    codes = [[1] * 23] * 2
    plain = EvaluationCohort.from_array(codes)
    dated = EvaluationCohort.from_array(codes, dates=[dt.date(2024, 5, 1), None])
    assert plain != dated
    assert dated == EvaluationCohort.from_array(codes, dates=(dt.date(2024, 5, 1), None))
    assert hash(dated) == hash(
        EvaluationCohort.from_array(codes, dates=(dt.date(2024, 5, 1), None))
    )
    assert "<EvaluationCohort: 2 rows, groups [], context ['dates']>" == repr(dated)
    assert "<EvaluationCohort: 2 rows, groups []>" == repr(plain)
    text = parse(dated._repr_html_()).text
    assert "2024-05-01" in text


@given(st.lists(readiness_assessments(), max_size=10))
@settings(max_examples=40)
def test_assessments_round_trip_through_a_readiness_cohort(
    assessments: list[ReadinessAssessment],
) -> None:
    """Going to a readiness cohort and back keeps every answer and setting id."""
    cohort = ReadinessCohort.from_assessments(assessments)
    back = cohort.to_assessments()
    assert [a.answers for a in assessments] == [a.answers for a in back]
    assert [a.setting for a in assessments] == [a.setting for a in back]


def test_readiness_codes_are_no_0_partly_1_yes_2() -> None:
    """The documented readiness codes, in the booklet's cell order."""
    cohort = ReadinessCohort.from_array([[[0, 1, 2]] + [[-1] * 3] * 6])
    answers = cohort.to_assessments()[0].answers
    assert ReadinessAnswer.NO == answers[Activity.INFORMED, Dimension.OBLIGATION]
    assert ReadinessAnswer.PARTLY == answers[Activity.INFORMED, Dimension.READINESS]
    assert ReadinessAnswer.YES == answers[Activity.INFORMED, Dimension.INFRASTRUCTURE]
    assert answers[Activity.IN_CONTROL, Dimension.OBLIGATION] is None


def test_bad_readiness_cells_are_named_by_question_id() -> None:
    """A bad readiness cell's location is its row and question id."""
    rows = np.zeros((1, 7, 3), dtype=np.int8)
    rows[0, 1, 0] = 5
    with pytest.raises(ValidationError) as caught:
        ReadinessCohort.from_array(rows)
    assert ("row 0, listened_to_obligation",) == tuple(p.location for p in caught.value.problems)


def test_wrong_elements_are_refused_by_from_responses() -> None:
    """Only EvaluationResponse objects make an evaluation cohort."""
    with pytest.raises(ValidationError, match=r"responses\[0\]: expected an EvaluationResponse"):
        EvaluationCohort.from_responses(["not a response"])  # type: ignore[list-item]


# --- Vectorised scoring equals the scalar path ----------------------------------


def assert_rows_equal_scalar(codes: list[list[int]], conventions: EvaluationConventions) -> None:
    """Every number of score_cohort equals score_evaluation's for the same row."""
    cohort = EvaluationCohort.from_array(np.array(codes, dtype=np.int8).reshape(-1, 23))
    scores = score_cohort(cohort, conventions=conventions)
    for row, response in enumerate(cohort.to_responses()):
        expected = score_evaluation(response, conventions=conventions)
        for column, domain in enumerate(scores.domains):
            score = expected.domains[domain]
            assert same(score.mean, scores.mean[row, column])
            assert same(score.percent, scores.percent[row, column])
            assert score.answered == scores.answered[row, column]
        assert same(expected.overall, scores.overall[row])
        assert same(expected.overall_percent, scores.overall_percent[row])
        scored = sum(s.mean is not None for s in expected.domains.values())
        assert scored == scores.domains_scored[row]


@given(evaluation_code_arrays(), evaluation_conventions())
@settings(max_examples=150)
def test_score_cohort_equals_score_evaluation_row_by_row(
    codes: list[list[int]], conventions: EvaluationConventions
) -> None:
    """For any cohort and conventions, each row scores exactly as score_evaluation scores it."""
    assert_rows_equal_scalar(codes, conventions)


@pytest.mark.parametrize(
    "conventions",
    [
        EvaluationConventions(),
        EvaluationConventions(
            points={
                Frequency.NOT_AT_ALL: 0.1,
                Frequency.SOMETIMES: 0.7,
                Frequency.ALL_THE_TIME: 1.3,
            }
        ),
    ],
)
@pytest.mark.parametrize("answered", range(6))
def test_the_half_answered_boundary_is_the_same_in_both_paths(
    conventions: EvaluationConventions, answered: int
) -> None:
    """0 to 5 items answered in every domain: scored from half (rounded up), in both paths."""
    row = [-1] * 23
    for domain in COPRODUCTION_EVALUATION.domains:
        items = COPRODUCTION_EVALUATION.items_in(domain)
        for k, item in enumerate(items[:answered]):
            row[ITEM_IDS.index(item.id)] = k % 3
    assert_rows_equal_scalar([row], conventions)
    scores = score_cohort(EvaluationCohort.from_array([row]), conventions=conventions)
    expected_scored = [answered >= 2, answered >= 2, answered >= 3, answered >= 3, answered >= 3]
    assert expected_scored == (~np.isnan(scores.mean[0])).tolist()


def test_scores_are_read_only_and_compare_nan_aware() -> None:
    """Two scorings of one cohort are equal (NaN and all), and their arrays refuse writes."""
    cohort = EvaluationCohort.from_array([[0] * 23, [-1] * 23])
    first, second = score_cohort(cohort), score_cohort(cohort)
    assert first == second
    with pytest.raises(ValueError, match="read-only"):
        first.mean[0, 0] = 1.0


@given(readiness_code_arrays(), readiness_conventions())
@settings(max_examples=80)
def test_score_readiness_cohort_equals_score_readiness_row_by_row(
    codes: list[list[list[int]]], conventions: ReadinessConventions
) -> None:
    """For any readiness cohort, each row scores exactly as score_readiness scores it."""
    cohort = ReadinessCohort.from_array(np.array(codes, dtype=np.int8).reshape(-1, 7, 3))
    scores = score_readiness_cohort(cohort, conventions=conventions)
    for row, assessment in enumerate(cohort.to_assessments()):
        expected = score_readiness(assessment, conventions=conventions)
        for column, activity in enumerate(scores.activities):
            assert same(expected.by_activity[activity], scores.by_activity[row, column])
        for column, dimension in enumerate(scores.dimensions):
            assert same(expected.by_dimension[dimension], scores.by_dimension[row, column])
        assert same(expected.overall, scores.overall[row])
        assert len(expected.unanswered) == scores.unanswered[row]


@given(
    st.integers(1, 6).flatmap(
        lambda rows: st.tuples(
            st.just(rows),
            st.sets(st.tuples(st.integers(0, rows - 1), st.integers(0, 22)), min_size=1),
            st.sampled_from([3, -6, 100, 0.5]),
        )
    )
)
@settings(max_examples=40)
def test_from_array_reports_exactly_the_bad_cells(
    case: tuple[int, set[tuple[int, int]], float],
) -> None:
    """Whatever cells are off the scale, each is reported once, by row and item id, in order."""
    rows, bad, value = case
    codes = np.zeros((rows, 23))
    for row, column in bad:
        codes[row, column] = value
    with pytest.raises(ValidationError) as caught:
        EvaluationCohort.from_array(codes)
    expected = [f"row {r}, {ITEM_IDS[c]}" for r, c in sorted(bad)]
    assert expected == [p.location for p in caught.value.problems]


# --- issue #12: every cell read as written -----------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param([[True] + [0] * 22], id="a list"),
        pytest.param(((0, *[1] * 21, np.True_),), id="a tuple with a numpy bool"),
        pytest.param(np.array([[True] + [0] * 22], dtype=object), id="an object array"),
    ],
)
def test_a_boolean_is_refused_where_numpy_would_read_it_as_one(answers: ArrayLike) -> None:
    """True is not the code 1: it is refused at its cell, as the docs say."""
    with pytest.raises(cp.ValidationError) as info:
        cp.EvaluationCohort.from_array(answers)
    assert [p.message.rsplit("got ", 1)[1] for p in info.value.problems] == ["bool True"]


def test_a_masked_cell_is_refused_never_read_as_its_hidden_value() -> None:
    """Masked cells are refused (unanswered is -1); unmasked cells are read as usual."""
    data = np.ones((2, 7, 3), dtype=np.int8)
    mask = np.zeros_like(data, dtype=bool)
    mask[1, 0, 2] = True
    with pytest.raises(cp.ValidationError) as info:
        cp.ReadinessCohort.from_array(np.ma.masked_array(data, mask=mask))
    assert ["row 1, informed_infrastructure"] == [p.location for p in info.value.problems]
    assert "masked" in info.value.problems[0].message
    unmasked = cp.ReadinessCohort.from_array(np.ma.masked_array(data, mask=False))
    assert np.array_equal(unmasked.answers, data)


def test_a_nullable_integer_frame_with_na_is_refused_not_a_type_error() -> None:
    """Pandas' NA (whose truth value raises) is a located problem with the hint to write -1."""
    pd = pytest.importorskip("pandas")
    with pytest.raises(cp.ValidationError) as info:
        cp.EvaluationCohort.from_array(pd.DataFrame([[1] * 22 + [None]], dtype="Int8"))
    assert ["row 0, power_with_5"] == [p.location for p in info.value.problems]
    assert info.value.problems[0].message.endswith("not NA")
    full = cp.EvaluationCohort.from_array(pd.DataFrame([[1] * 23], dtype="Int8"))
    assert full.answers.tolist() == [[1] * 23]


def test_a_grouping_column_name_with_space_around_it_is_refused() -> None:
    """Readers strip header cells: ``" ward"`` would be written and read back as ``"ward"``."""
    response = cp.EvaluationResponse.from_labels({"support_1": 2})
    with pytest.raises(cp.ValidationError) as info:
        cp.EvaluationCohort.from_responses([response], groups={" ward": ["Oak"]})
    assert ["groups[' ward']"] == [p.location for p in info.value.problems]
    assert "could not be read back as written" in info.value.problems[0].message
    with pytest.raises(cp.ValidationError) as info:
        cp.io.csv.write_evaluations([response], io.StringIO(), groups={"ward\t": ["Oak"]})
    assert ["groups['ward\\t']"] == [p.location for p in info.value.problems]
