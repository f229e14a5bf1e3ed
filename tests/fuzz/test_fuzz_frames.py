"""Fuzz the DataFrame readers: frames made by the writers, then edited cell by cell."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from fuzz.budget import fuzz_settings
from fuzz.contract import read_or_refuse
from strategies import evaluation_responses, readiness_assessments

pd = pytest.importorskip("pandas")
if TYPE_CHECKING:
    from pandas import DataFrame

Layout = Literal["wide", "long"]
layouts: st.SearchStrategy[Layout] = st.sampled_from(["wide", "long"])

#: What a hand-edited frame may hold in any cell.
cells = st.one_of(
    st.sampled_from(
        [
            None,
            math.nan,
            pd.NA,
            pd.NaT,
            True,
            1.5,
            2.0,
            10**30,
            "",
            " ",
            "Sometimes",
            "sometimes",
            "Yes",
            "Partly",
            "R-1",
            "ward-oak",
            "\ud800",
            "support_1",
            "trust_1",
            "informed_obligation",
            "Support",
            cp.Frequency.SOMETIMES,
            cp.Level.GROUP,
            frozenset({cp.Activity.SHARED}),
            pd.Timestamp("2024-05-01"),
            pd.Timestamp("2024-05-01 10:00"),
            dt.date(2024, 5, 1),
        ]
    ),
    st.integers(-2, 3),
    st.text(max_size=5),
)


@st.composite
def edited(draw: st.DrawFn, frame: DataFrame) -> DataFrame:
    """The frame with a few cells, columns or rows changed (as object columns)."""
    columns = {str(c): list(frame[c]) for c in frame.columns}
    n = len(frame)
    for _ in range(draw(st.integers(0, 3))):
        names = list(columns)
        operation = draw(st.sampled_from(["cell", "cell", "cell", "drop", "add", "row"]))
        if operation == "cell" and names and n:
            name = draw(st.sampled_from(names))
            columns[name][draw(st.integers(0, n - 1))] = draw(cells)
        elif operation == "drop" and names:
            del columns[draw(st.sampled_from(names))]
        elif operation == "add":
            name = draw(st.sampled_from(["notes", "ward", "respondent", "support_1", "date"]))
            columns[name] = [draw(cells) for _ in range(n)]
        elif operation == "row" and n:
            row = draw(st.integers(0, n - 1))
            for values in columns.values():
                values.append(values[row])
            n += 1
    if not draw(st.booleans()):
        return frame  # unedited, with the writer's dtypes
    changed: DataFrame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in columns.items()})
    return changed


@fuzz_settings
@given(st.data(), layouts)
def test_response_and_assessment_frames_read_or_refuse(data: st.DataObject, layout: Layout) -> None:
    """An edited frame is read into values that round-trip, or refused with locations."""
    responses = data.draw(st.lists(evaluation_responses(), max_size=3))
    frame = data.draw(edited(cp.io.frames.responses_to_frame(responses, layout=layout)))
    read = read_or_refuse(lambda: cp.io.frames.responses_from_frame(frame, layout=layout))
    if read is not None:
        assert (
            cp.io.frames.responses_from_frame(
                cp.io.frames.responses_to_frame(read, layout=layout), layout=layout
            )
            == read
        )
    assessments = data.draw(st.lists(readiness_assessments(), max_size=3))
    frame = data.draw(edited(cp.io.frames.assessments_to_frame(assessments, layout=layout)))
    back = read_or_refuse(lambda: cp.io.frames.assessments_from_frame(frame, layout=layout))
    if back is not None:
        assert (
            cp.io.frames.assessments_from_frame(
                cp.io.frames.assessments_to_frame(back, layout=layout), layout=layout
            )
            == back
        )


@fuzz_settings
@given(st.data(), layouts)
def test_cohort_frames_read_or_refuse(data: st.DataObject, layout: Layout) -> None:
    """An edited cohort frame is read into a cohort that round-trips, or refused."""
    responses = data.draw(st.lists(evaluation_responses(), min_size=1, max_size=3))
    wards = [data.draw(st.sampled_from(["Oak", "Elm"])) for _ in responses]
    frame = cp.io.frames.cohort_to_frame(
        cp.EvaluationCohort.from_array([[-1] * 23] * len(responses), groups={"ward": wards})
        if data.draw(st.booleans())
        else cp.EvaluationCohort.from_responses(responses, groups={"ward": wards}),
        layout=layout,
    )
    frame = data.draw(edited(frame))
    cohort = read_or_refuse(
        lambda: cp.io.frames.cohort_from_frame(frame, groups=["ward"], layout=layout)
    )
    if cohort is not None:
        again = cp.io.frames.cohort_to_frame(cohort, layout=layout)
        assert cp.io.frames.cohort_from_frame(again, groups=["ward"], layout=layout) == cohort
    assessments = data.draw(st.lists(readiness_assessments(), min_size=1, max_size=3))
    trusts = [data.draw(st.sampled_from(["North", "South"])) for _ in assessments]
    frame = cp.io.frames.readiness_cohort_to_frame(
        cp.ReadinessCohort.from_assessments(assessments, groups={"trust": trusts}), layout=layout
    )
    frame = data.draw(edited(frame))
    readiness = read_or_refuse(
        lambda: cp.io.frames.readiness_cohort_from_frame(frame, groups=["trust"], layout=layout)
    )
    if readiness is not None:
        again = cp.io.frames.readiness_cohort_to_frame(readiness, layout=layout)
        assert (
            cp.io.frames.readiness_cohort_from_frame(again, groups=["trust"], layout=layout)
            == readiness
        )
