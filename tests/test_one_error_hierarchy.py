"""Hostile arguments to public functions: a CoproductionError naming the argument, never another.

Each case comes from a hostile review of the layout (issue #11: "one error hierarchy
everywhere"); before, each raised AttributeError or TypeError from deep inside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

import coproduction as cp

COHORT = cp.EvaluationCohort.from_array([[2] * 23] * 3)


def _frame_with_two_levels_of_columns() -> object:
    pd = pytest.importorskip("pandas")
    frame = cp.io.frames.responses_to_frame([cp.EvaluationResponse.from_labels({"trust_1": 2})])
    frame.columns = pd.MultiIndex.from_tuples([(c, "x") for c in frame.columns])
    return frame


CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    "report date as text": (
        lambda _: cp.report.render(cohort=COHORT, date="2024-01-01"),  # type: ignore[arg-type]
        "date",
    ),
    "report date and time": (
        lambda _: cp.report.render(cohort=COHORT, date=dt.datetime(2024, 1, 1)),  # noqa: DTZ001
        "date",
    ),
    "FHIR export of a number": (lambda _: cp.io.fhir.to_resource(5), "value"),  # type: ignore[arg-type]
    "JSON of a number": (lambda _: cp.io.json.to_dict(5), "value"),
    "JSON text that is a number": (lambda _: cp.io.json.from_json(5), "text"),  # type: ignore[call-overload]
    "neutralise a number": (lambda _: cp.io.csv.neutralise(5), "cell"),  # type: ignore[arg-type]
    "CSV export of numbers": (
        lambda p: cp.io.csv.write_evaluations([1], p / "x.csv"),  # type: ignore[list-item]
        "responses[0]",
    ),
    "CSV export of None": (
        lambda p: cp.io.csv.write_evaluations(None, p / "x.csv"),  # type: ignore[arg-type]
        "responses",
    ),
    "CSV read of a list": (lambda _: cp.io.csv.read_evaluations([1]), "source"),  # type: ignore[arg-type]
    "cohort read of None": (lambda _: cp.io.csv.read_cohort(None), "source"),  # type: ignore[arg-type]
    "REDCap read of a number": (lambda _: cp.io.redcap.read_records(5), "source"),  # type: ignore[call-overload]
    "frame with two levels of columns": (
        lambda _: cp.io.frames.responses_from_frame(_frame_with_two_levels_of_columns()),  # type: ignore[arg-type]
        "columns",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_argument_is_refused_by_name(case: str, tmp_path: Path) -> None:
    """The error is a ValidationError (a CoproductionError) locating the argument."""
    call, location = CASES[case]
    with pytest.raises(cp.ValidationError) as info:
        call(tmp_path)
    assert location in [p.location for p in info.value.problems]
    assert not list(tmp_path.iterdir())  # nothing written
