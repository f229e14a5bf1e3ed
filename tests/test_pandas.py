"""Answers to and from pandas DataFrames: ordered categoricals, both layouts, lossless."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pytest

pd = pytest.importorskip("pandas")
if TYPE_CHECKING:
    from pandas import DataFrame

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import coproduction as cp  # noqa: E402
from strategies import evaluation_responses, readiness_assessments  # noqa: E402

EVALUATION = cp.COPRODUCTION_EVALUATION
CHECKER = cp.READINESS_CHECKER
LAYOUTS = ["wide", "long"]


def _distinct_ids(values: Sequence[object]) -> bool:
    """Ids in one frame are unique (None may repeat), as in one CSV file."""
    ids = [
        getattr(v[0] if isinstance(v, tuple) else v, name)
        for v in values
        for name in ("respondent", "setting")
        if hasattr(v[0] if isinstance(v, tuple) else v, name)
    ]
    named = [i for i in ids if i is not None]
    return len(named) == len(set(named))


RESPONSE = cp.EvaluationResponse.from_labels(
    {"support_1": "Sometimes", "trust_2": "All the time", "respect_1": "Not at all"},
    respondent="R-1",
    date=dt.date(2026, 1, 2),
    level=cp.Level.GROUP,
    activities={cp.Activity.SHARED},
)


@settings(max_examples=25)
@given(st.lists(evaluation_responses(), max_size=4).filter(_distinct_ids), st.sampled_from(LAYOUTS))
def test_responses_survive_a_round_trip_through_a_frame(
    responses: list[cp.EvaluationResponse], layout: str
) -> None:
    """Reading back a frame made from any responses, in either layout, gives them back equal."""
    frame = cp.io.frames.responses_to_frame(responses, layout=layout)  # type: ignore[arg-type]
    assert responses == cp.io.frames.responses_from_frame(frame, layout=layout)  # type: ignore[arg-type]


@settings(max_examples=25)
@given(
    st.lists(readiness_assessments(), max_size=4).filter(_distinct_ids), st.sampled_from(LAYOUTS)
)
def test_assessments_survive_a_round_trip_through_a_frame(
    assessments: list[cp.ReadinessAssessment], layout: str
) -> None:
    """Reading back a frame made from any assessments, in either layout, gives them back equal."""
    frame = cp.io.frames.assessments_to_frame(assessments, layout=layout)  # type: ignore[arg-type]
    assert assessments == cp.io.frames.assessments_from_frame(frame, layout=layout)  # type: ignore[arg-type]


def test_a_wide_frame_has_a_column_per_item_as_an_ordered_categorical() -> None:
    """Context first, then the 23 item ids; answers keep the scale's order; unanswered is NaN."""
    frame = cp.io.frames.responses_to_frame([RESPONSE, cp.EvaluationResponse({})])
    assert [
        "respondent",
        "date",
        "level",
        "activities",
        "preferred_activities",
        *EVALUATION.item_ids,
    ] == list(frame.columns)
    column = frame["support_1"]
    assert ["Not at all", "Sometimes", "All the time"] == list(column.cat.categories)
    assert column.cat.ordered
    assert "Sometimes" == column[0]
    assert pd.isna(column[1])
    assert pd.Timestamp(2026, 1, 2) == frame.loc[0, "date"]
    assert "Group" == frame.loc[0, "level"]
    assert frozenset({cp.Activity.SHARED}) == frame.loc[0, "activities"]


def test_ordered_answers_sort_and_compare_by_the_scale_not_the_alphabet() -> None:
    """Sorting answers follows Not at all < Sometimes < All the time."""
    responses = [
        cp.EvaluationResponse.from_labels({"support_1": label})
        for label in ["Sometimes", "All the time", "Not at all"]
    ]
    column = cp.io.frames.responses_to_frame(responses)["support_1"]
    assert ["Not at all", "Sometimes", "All the time"] == list(column.sort_values())
    assert [False, True, False] == list(column > "Sometimes")


def test_a_long_frame_has_one_row_per_response_and_item() -> None:
    """Long: 23 rows per response, items in the booklet's order, with their domains."""
    frame = cp.io.frames.responses_to_frame([RESPONSE, RESPONSE], layout="long")
    assert 46 == len(frame)
    assert list(EVALUATION.item_ids) == list(frame["item"][:23])
    assert [0] * 23 + [1] * 23 == list(frame["response"])
    assert "Support" == frame.loc[0, "domain"]
    assert frame["answer"].cat.ordered
    assert 3 == frame.loc[frame["response"] == 0, "answer"].notna().sum()


def test_an_assessment_frame_keeps_the_answer_order_without_ordering_it() -> None:
    """Readiness answers: categories Yes, Partly, No for display, but not an ordered scale."""
    assessment = cp.ReadinessAssessment.from_labels({"shared_readiness": "partly"}, setting="w")
    wide = cp.io.frames.assessments_to_frame([assessment])
    assert ["setting", "date", *(q.id for q in CHECKER.questions)] == list(wide.columns)
    column = wide["shared_readiness"]
    assert ["Yes", "Partly", "No"] == list(column.cat.categories)
    assert not column.cat.ordered
    long = cp.io.frames.assessments_to_frame([assessment], layout="long")
    assert [a.label for a in CHECKER.activities] == list(long["activity"].cat.categories)
    assert 21 == len(long)


def test_every_problem_in_a_frame_is_reported_with_its_row_and_column() -> None:
    """Unknown columns, unreadable answers and bad context are all listed at once."""
    frame = cp.io.frames.responses_to_frame([RESPONSE, RESPONSE]).astype({"support_2": "object"})
    frame.loc[1, "support_2"] = "often"
    frame.loc[0, "level"] = pd.NA
    frame["level"] = frame["level"].astype("object")
    frame.loc[0, "level"] = "Ward"
    frame["notes"] = "free text"
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.responses_from_frame(frame)
    locations = [p.location for p in info.value.problems]
    assert "column 'notes'" in locations
    assert "row 0, column 'level'" in locations
    assert "row 1: answers['support_2']" in locations
    assert 3 == len(locations)


def test_a_long_frame_without_its_key_columns_is_refused() -> None:
    """A long frame needs the response, item and answer columns; each missing one is named."""
    frame = cp.io.frames.responses_to_frame([RESPONSE], layout="long").drop(
        columns=["item", "answer"]
    )
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.responses_from_frame(frame, layout="long")
    assert ["column 'item'", "column 'answer'"] == [p.location for p in info.value.problems]


@pytest.mark.parametrize("label", [pd.NA, None, float("nan"), 1, "support"])
def test_a_long_frame_with_a_wrong_or_missing_label_is_refused_at_its_row(label: object) -> None:
    """A domain label that is not the item's is refused at its row, missing ones too.

    Found by CI's fuzzer: ``pd.NA`` compared with the label raised TypeError.
    """
    frame = cp.io.frames.responses_to_frame([RESPONSE], layout="long")
    labels: list[object] = frame["domain"].tolist()
    labels[0] = label
    frame["domain"] = pd.Series(labels, index=frame.index, dtype=object)
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.responses_from_frame(frame, layout="long")
    assert [f"row {frame.index[0]!r}, column 'domain'"] == [p.location for p in info.value.problems]


def test_codes_and_loose_labels_are_read_as_from_labels_reads_them() -> None:
    """A frame typed by hand (codes, lower case) reads like from_labels."""
    frame = pd.DataFrame({"support_1": [2, None], "support_2": ["sometimes", ""]})
    first, second = cp.io.frames.responses_from_frame(frame)
    assert cp.Frequency.ALL_THE_TIME == first.answers["support_1"]
    assert cp.Frequency.SOMETIMES == first.answers["support_2"]
    assert 0 == second.answered


def test_an_unknown_layout_is_refused() -> None:
    """Layout is "wide" or "long"."""
    with pytest.raises(ValueError, match="layout: expected 'wide' or 'long', got str 'tall'"):
        cp.io.frames.responses_to_frame([], layout="tall")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="got str 'tall'"):
        cp.io.frames.assessments_from_frame(pd.DataFrame(), layout="tall")  # type: ignore[arg-type]


@settings(max_examples=20)
@given(
    st.lists(
        st.tuples(evaluation_responses(), st.sampled_from(["A", "B <b>"])), min_size=1, max_size=5
    ).filter(_distinct_ids),
    st.sampled_from(LAYOUTS),
)
def test_a_cohort_survives_a_round_trip_with_its_groups(
    rows: list[tuple[cp.EvaluationResponse, str]], layout: str
) -> None:
    """A cohort's answers, respondent ids and grouping columns come back equal, either layout."""
    cohort = cp.EvaluationCohort.from_responses(
        [r for r, _ in rows], groups={"ward": [w for _, w in rows]}
    )
    frame = cp.io.frames.cohort_to_frame(cohort, layout=layout)  # type: ignore[arg-type]
    assert cohort == cp.io.frames.cohort_from_frame(frame, groups=["ward"], layout=layout)  # type: ignore[arg-type]


def test_a_cohort_frame_names_its_groups_after_the_respondent() -> None:
    """Wide: respondent, the grouping columns, the recorded context, the 23 items.

    RESPONSE records a date, a level and activities, but no preferred activities.
    A missing group is refused.
    """
    cohort = cp.EvaluationCohort.from_responses([RESPONSE], groups={"ward": ["A"], "round": ["1"]})
    frame = cp.io.frames.cohort_to_frame(cohort)
    context = ["date", "level", "activities"]
    assert ["respondent", "ward", "round", *context, *EVALUATION.item_ids] == list(frame.columns)
    assert frame["support_1"].cat.ordered
    with pytest.raises(cp.ValidationError, match="column 'site'"):
        cp.io.frames.cohort_from_frame(frame, groups=["site"])


def test_a_summary_frame_has_one_row_per_group_and_domain_with_nan_where_suppressed() -> None:
    """Tidy figures; a suppressed one is NaN and named, with its reason, never 0."""
    support = cp.EvaluationResponse.from_labels({"support_1": 2, "support_2": 1})
    cohort = cp.EvaluationCohort.from_responses(
        [support] * 21, groups={"ward": ["A"] * 10 + ["B"] * 3 + ["C"] * 8}
    )
    summary = cp.summarize(cohort, by="ward", disclosure=cp.DisclosureControl(), resamples=20)
    frame = cp.io.frames.summary_to_frame(summary)
    assert ["ward", "domain", "n", "mean", "median", "sd", "low", "high"] == list(frame.columns)[:8]
    assert 24 == len(frame)  # the whole cohort, then each ward: six rows each
    whole = frame[frame["ward"].isna()]
    assert 6 == len(whole)
    assert 20.0 == whole["n"].iloc[0]
    a_support = frame[(frame["ward"] == "A") & (frame["domain"] == "Support")].iloc[0]
    assert 10.0 == a_support["n"]
    assert pytest.approx(1.5) == a_support["mean"]
    assert pytest.approx(75.0) == a_support["mean_percent"]
    b_support = frame[(frame["ward"] == "B") & (frame["domain"] == "Support")].iloc[0]
    assert pd.isna(b_support["n"])
    assert pd.isna(b_support["mean"])
    assert f"n ({cp.DisclosureControl().reason})" in b_support["suppressed"]
    assert "Overall" in list(frame["domain"])


@settings(max_examples=20)
@given(
    st.lists(
        st.tuples(readiness_assessments(), st.sampled_from(["North", "South <b>"])),
        min_size=1,
        max_size=5,
    ).filter(_distinct_ids),
    st.sampled_from(LAYOUTS),
)
def test_a_readiness_cohort_survives_a_round_trip_with_its_groups(
    rows: list[tuple[cp.ReadinessAssessment, str]], layout: str
) -> None:
    """A readiness cohort's answers, settings and groups come back equal, either layout."""
    cohort = cp.ReadinessCohort.from_assessments(
        [a for a, _ in rows], groups={"trust": [t for _, t in rows]}
    )
    frame = cp.io.frames.readiness_cohort_to_frame(cohort, layout=layout)  # type: ignore[arg-type]
    back = cp.io.frames.readiness_cohort_from_frame(frame, groups=["trust"], layout=layout)  # type: ignore[arg-type]
    assert cohort == back


def test_a_readiness_cohort_frame_has_categorical_answers_after_setting_and_groups() -> None:
    """Wide: setting, groups, 21 questions as unordered Yes/Partly/No; long: 21 rows a setting."""
    cohort = cp.ReadinessCohort.from_array(
        [[[2, 1, 0]] * 7, [[-1, 1, 0]] * 7], settings=["oak", None], groups={"trust": ["N", "S"]}
    )
    wide = cp.io.frames.readiness_cohort_to_frame(cohort)
    assert ["setting", "trust", *(q.id for q in CHECKER.questions)] == list(wide.columns)
    column = wide["informed_obligation"]
    assert ["Yes", "Partly", "No"] == list(column.cat.categories)
    assert not column.cat.ordered
    assert "Yes" == column[0]
    assert pd.isna(column[1])
    long = cp.io.frames.readiness_cohort_to_frame(cohort, layout="long")
    assert ["assessment", "setting", "trust", "item", "activity", "dimension", "answer"] == list(
        long.columns
    )
    assert 42 == len(long)
    assert ["N"] * 21 + ["S"] * 21 == list(long["trust"])
    assert [a.label for a in CHECKER.activities] == list(long["activity"].cat.categories)
    with pytest.raises(cp.ValidationError, match="column 'ward'"):
        cp.io.frames.readiness_cohort_from_frame(wide, groups=["ward"])
    with pytest.raises(cp.ValidationError, match="column 'assessment'"):
        cp.io.frames.readiness_cohort_from_frame(
            long.drop(columns="assessment"), groups=["trust"], layout="long"
        )


def test_a_readiness_summary_frame_is_tidy_with_nan_and_a_reason_where_suppressed() -> None:
    """Cells, then activities, then dimensions, per group; suppressed counts are NaN, named."""
    rows = [[[2, 1, 0]] * 7] * 10 + [[[0, 0, -1]] * 7] * 3 + [[[2, 1, 0]] * 7] * 8
    # E (8, the next smallest) is withheld to protect S against the whole.
    trusts = ["N"] * 10 + ["S"] * 3 + ["E"] * 8
    cohort = cp.ReadinessCohort.from_array(rows, groups={"trust": trusts})
    summary = cp.summarize_readiness(cohort, by="trust", disclosure=cp.DisclosureControl())
    frame = cp.io.frames.readiness_summary_to_frame(summary)
    assert [
        "trust",
        "activity",
        "dimension",
        "total",
        "yes",
        "partly",
        "no",
        "unanswered",
        "yes_percent",
        "partly_percent",
        "no_percent",
        "unanswered_percent",
        "suppressed",
    ] == list(frame.columns)
    assert 4 * (21 + 7 + 3) == len(frame)  # the whole (no trust), then each trust
    cells = frame[frame["activity"].notna() & frame["dimension"].notna()]
    assert 84 == len(cells)
    assert 21 == cells["trust"].isna().sum()
    assert [a.label for a in CHECKER.activities] == list(
        cells[cells["trust"] == "N"]["activity"].drop_duplicates()
    )
    north = cells[cells["trust"] == "N"].iloc[0]
    assert 10.0 == north["total"]
    assert 10.0 == north["yes"]
    assert 100.0 == north["yes_percent"]
    assert "" == north["suppressed"]
    south = cells[cells["trust"] == "S"].iloc[0]
    assert pd.isna(south["total"])
    assert pd.isna(south["no"])
    assert "total (" in south["suppressed"]
    assert 7 * 4 == frame["dimension"].isna().sum()
    assert 3 * 4 == frame["activity"].isna().sum()


# --- issue #12: the frame readers refuse what the CSV readers refuse ------------------


def _long() -> DataFrame:
    cohort = cp.EvaluationCohort.from_responses(
        [RESPONSE, cp.EvaluationResponse.from_labels({"trust_1": 1}, respondent="R-2")],
        groups={"ward": ["Oak", "Elm"]},
    )
    return cp.io.frames.cohort_to_frame(cohort, layout="long")


@pytest.mark.parametrize(
    "read",
    [cp.io.frames.cohort_from_frame, cp.io.frames.readiness_cohort_from_frame],
    ids=["evaluation", "readiness"],
)
def test_a_long_cohort_frame_without_its_columns_is_a_validation_error_not_a_key_error(
    read: Callable[..., object],
) -> None:
    """The KeyError from a missing key column is now the missing columns, named."""
    with pytest.raises(cp.ValidationError) as info:
        read(pd.DataFrame({"item": ["x"]}), layout="long")
    key = "response" if read is cp.io.frames.cohort_from_frame else "assessment"
    assert [f"column {key!r}", "column 'answer'"] == [p.location for p in info.value.problems]


def _changed_long(change: str) -> tuple[DataFrame, str]:
    frame = _long()
    if change == "missing key":
        frame.loc[3, "response"] = None
        return frame, "row 3, column 'response'"
    if change == "item twice":
        frame.loc[1, "item"] = "support_1"
        return frame, "row 1, column 'item'"
    if change == "extra column":
        frame["notes"] = "x"
        return frame, "column 'notes'"
    if change == "context differs":
        frame["respondent"] = frame["respondent"].astype(object)
        frame.loc[5, "respondent"] = "R-9"
        return frame, "row 5, column 'respondent'"
    if change == "group differs":
        frame.loc[7, "ward"] = "Ash"
        return frame, "row 7, column 'ward'"
    frame["domain"] = frame["domain"].astype(object)
    frame.loc[0, "domain"] = "Trust"
    return frame, "row 0, column 'domain'"


@pytest.mark.parametrize(
    "change",
    ["missing key", "item twice", "extra column", "context differs", "group differs", "domain"],
)
def test_a_long_frame_is_refused_where_the_csv_long_reader_refuses(change: str) -> None:
    """A missing key, an item twice, an extra column, a value that differs within a key."""
    frame, location = _changed_long(change)
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.cohort_from_frame(frame, groups=["ward"], layout="long")
    assert [location] == [p.location for p in info.value.problems]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_duplicate_ids_in_a_frame_are_refused(layout: str) -> None:
    """Two responses (or assessments) with one id in one frame are refused, as in CSV."""
    frame = cp.io.frames.responses_to_frame([RESPONSE, RESPONSE], layout=layout)  # type: ignore[arg-type]
    with pytest.raises(cp.ValidationError, match="ids must be unique"):
        cp.io.frames.responses_from_frame(frame, layout=layout)  # type: ignore[arg-type]
    assessment = cp.ReadinessAssessment({}, setting="ward-oak")
    frame = cp.io.frames.assessments_to_frame([assessment, assessment], layout=layout)  # type: ignore[arg-type]
    with pytest.raises(cp.ValidationError, match="ids must be unique"):
        cp.io.frames.assessments_from_frame(frame, layout=layout)  # type: ignore[arg-type]


def test_a_column_named_twice_and_a_bad_layout_are_the_librarys_errors() -> None:
    """A frame may name a column twice; the reader refuses it. A bad layout is located."""
    frame = pd.DataFrame([[2, 1]], columns=["support_1", "support_1"])
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.responses_from_frame(frame)
    assert ["column 'support_1'"] == [p.location for p in info.value.problems]
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.cohort_from_frame(frame, layout="tall")  # type: ignore[arg-type]
    assert ["layout"] == [p.location for p in info.value.problems]


def test_context_and_group_cells_of_the_wrong_type_are_located_by_row_and_column() -> None:
    """The frame readers read each context cell into its type before building a response."""
    frame = cp.io.frames.responses_to_frame([RESPONSE])
    frame.index = pd.Index(["r1"])
    frame["respondent"] = pd.Series([7], index=frame.index, dtype=object)
    frame["activities"] = pd.Series([["shared"]], index=frame.index, dtype=object)
    frame["ward"] = pd.Series([3], index=frame.index, dtype=object)
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.responses_from_frame(frame.drop(columns=["ward"]))
    assert [
        ("row 'r1', column 'respondent'", "expected text, got int 7"),
        ("row 'r1', column 'activities'[0]", "expected an Activity member, got str 'shared'"),
    ] == [(p.location, p.message) for p in info.value.problems]
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.cohort_from_frame(frame, groups=["ward"])
    assert [("row 'r1', column 'ward'", "expected non-empty text, got int 3")] == [
        (p.location, p.message) for p in info.value.problems
    ]
    frame = cp.io.frames.assessments_to_frame([cp.ReadinessAssessment({}, setting="Oak")])
    frame["setting"] = pd.Series([1.5], dtype=object)
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.assessments_from_frame(frame)
    assert ["row 0, column 'setting'"] == [p.location for p in info.value.problems]


def test_a_lone_surrogate_in_a_frame_is_a_located_problem_not_a_pandas_error() -> None:
    """Found by tests/fuzz: reading rows with iterrows raised pyarrow's error for a surrogate."""
    frame = pd.DataFrame(
        {"setting": pd.Series(["\ud800"], dtype=object), "trust": pd.Series(["x"], dtype=object)}
    )
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.readiness_cohort_from_frame(frame, groups=["trust"])
    assert ["row 0: setting"] == [p.location for p in info.value.problems]
    frame = pd.DataFrame({"ward": pd.Series(["a\ud800"], dtype=object)})
    with pytest.raises(cp.ValidationError) as info:
        cp.io.frames.cohort_from_frame(frame, groups=["ward"])
    assert ["groups['ward'][0]"] == [p.location for p in info.value.problems]


def test_counts_in_summary_frames_are_whole_numbers_and_suppressed_ones_are_missing() -> None:
    """``n`` and the readiness counts are Int64: 20, not 20.0; a suppressed count is <NA>."""
    rows = [[2] * 23] * 20 + [[1] * 23] * 3
    cohort = cp.EvaluationCohort.from_array(rows, groups={"ward": ["A"] * 20 + ["B"] * 3})
    summary = cp.summarize(cohort, by="ward", resamples=0, disclosure=cp.DisclosureControl())
    frame = cp.io.frames.summary_to_frame(summary)
    assert str(frame["n"].dtype) == "Int64"
    assert frame.loc[frame["ward"] == "B", "n"].isna().all()
    assert frame.loc[frame["ward"].isna(), "n"].tolist()[0] == 25
    settings_ = cp.ReadinessCohort.from_array([[[2, 1, 0]] * 7] * 2)
    counts = cp.io.frames.readiness_summary_to_frame(cp.summarize_readiness(settings_))
    assert {str(counts[c].dtype) for c in ("total", "yes", "partly", "no", "unanswered")} == {
        "Int64"
    }
    assert counts.iloc[0]["yes"] == 2
