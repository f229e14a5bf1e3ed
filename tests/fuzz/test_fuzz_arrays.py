"""Fuzz the array readers: ``from_array`` over lists, numpy arrays of every kind, masks, frames."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from fuzz.budget import fuzz_settings
from fuzz.contract import read_or_refuse

pd = pytest.importorskip("pandas")

#: What a cell of an array-like may hold.
cells = st.one_of(
    st.integers(-1, 2),
    st.integers(-1, 2),
    st.integers(-130, 130),
    st.sampled_from(
        [True, False, np.True_, 1.0, 2.0, -1.0, 1.5, math.nan, math.inf, None, "1", 10**20]
    ),
)
DTYPES = [None, np.int8, np.int64, np.uint8, np.float64, np.float32, object, bool]


@st.composite
def array_likes(draw: st.DrawFn, tail: tuple[int, ...]) -> object:
    """Rows of codes (mostly of the right shape) as a list, an array, a masked array or a frame."""
    width = int(np.prod(tail))
    rows = draw(st.integers(0, 4))
    if draw(st.integers(0, 10)) == 0:
        width += draw(st.sampled_from([-1, 1]))  # now and then, the wrong shape
    flat = [[draw(cells) for _ in range(width)] for _ in range(rows)]
    nested: list[Any] = (
        flat
        if len(tail) == 1 or width != int(np.prod(tail))
        else [[row[i : i + tail[1]] for i in range(0, width, tail[1])] for row in flat]
    )
    form = draw(st.sampled_from(["list", "array", "masked", "frame"]))
    if form == "list":
        return nested
    with warnings.catch_warnings():  # numpy and pandas warn of the casts they cannot make
        warnings.simplefilter("ignore")
        return _container(draw, nested, form)


def _container(draw: st.DrawFn, nested: list[Any], form: str) -> object:
    try:
        array = np.array(nested, dtype=draw(st.sampled_from(DTYPES)))
    except (ValueError, TypeError, OverflowError):  # numpy cannot hold these cells so
        return nested
    if form == "masked":
        mask = draw(st.lists(st.booleans(), min_size=array.size, max_size=array.size))
        return np.ma.masked_array(array, mask=np.array(mask, dtype=bool).reshape(array.shape))
    if form == "frame" and array.ndim == 2 and array.dtype != object:
        dtype = draw(st.sampled_from([None, "Int8", "Float64"]))
        frame = pd.DataFrame(array)
        try:
            return frame if dtype is None else frame.astype(dtype)
        except (ValueError, TypeError, OverflowError):  # pandas cannot hold these cells so
            return frame
    return array


def _cell_values(answers: object) -> list[object]:
    """The input's cells, as Python sees them (masked cells as the mask)."""
    if isinstance(answers, np.ma.MaskedArray):
        return [
            "masked" if m else v
            for v, m in zip(
                answers.data.ravel().tolist(),
                np.ma.getmaskarray(answers).ravel().tolist(),
                strict=True,
            )
        ]
    if isinstance(answers, np.ndarray):
        return list(answers.ravel().tolist())
    if hasattr(answers, "to_numpy"):
        return list(answers.to_numpy(dtype=object).ravel().tolist())
    return list(np.asarray(answers, dtype=object).ravel().tolist())


def _read_as_written(answers: object, codes: np.ndarray) -> None:
    """Every accepted cell was a code as written: never a bool, a mask, NaN or 1.5."""
    for value, code in zip(_cell_values(answers), codes.ravel().tolist(), strict=True):
        assert not isinstance(value, bool | np.bool_), value
        assert value != "masked"
        assert value == code, (value, code)


@fuzz_settings
@given(array_likes((23,)))
def test_evaluation_arrays_are_read_as_written_or_refused(answers: object) -> None:
    """An accepted array holds exactly its input codes and round-trips through responses."""
    cohort = read_or_refuse(lambda: cp.EvaluationCohort.from_array(answers))  # type: ignore[arg-type]
    if cohort is not None:
        _read_as_written(answers, cohort.answers)
        assert cp.EvaluationCohort.from_responses(cohort.to_responses()) == cohort


@fuzz_settings
@given(array_likes((7, 3)))
def test_readiness_arrays_are_read_as_written_or_refused(answers: object) -> None:
    """The same contract for the Readiness Checker's (n, 7, 3) arrays."""
    cohort = read_or_refuse(lambda: cp.ReadinessCohort.from_array(answers))  # type: ignore[arg-type]
    if cohort is not None:
        _read_as_written(answers, cohort.answers)
        assert cp.ReadinessCohort.from_assessments(cohort.to_assessments()) == cohort
