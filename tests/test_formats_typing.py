"""The interchange formats' static types, as a user's type checker sees them.

``typing.assert_type`` is checked by mypy --strict and is a no-op at run time,
where the values are also checked.
"""

from __future__ import annotations

import io
from typing import Any, assert_type

import coproduction as cp


def test_format_api_types() -> None:
    """Readers return the types users annotate with; asking for a kind narrows from_json."""
    response = cp.EvaluationResponse.from_labels({"support_1": 2}, respondent="R-1")
    text = cp.to_json(response)
    assert_type(text, str)
    assert_type(cp.from_json(text, cp.EvaluationResponse), cp.EvaluationResponse)
    assert_type(cp.from_json(text), object)
    assert_type(cp.to_dict(response), dict[str, Any])
    out = io.StringIO()
    cp.write_evaluation_csv([response], out)
    table = cp.read_evaluation_csv(io.StringIO(out.getvalue()))
    assert_type(table, cp.CsvTable[cp.EvaluationResponse])
    assert_type(table.rows, tuple[cp.EvaluationResponse, ...])
    cohort = cp.read_evaluation_cohort(out.getvalue().encode())
    assert_type(cohort, cp.EvaluationCohort)
    resource = cp.to_fhir(response)
    assert_type(resource, dict[str, Any])
    assert_type(cp.from_fhir(resource), tuple[cp.EvaluationResponse | cp.ReadinessAssessment, ...])
    assert (response,) == table.rows == cp.from_fhir(resource)
    assert ("R-1",) == cohort.respondents
