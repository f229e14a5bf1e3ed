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
    text = cp.io.json.to_json(response)
    assert_type(text, str)
    assert_type(cp.io.json.from_json(text, cp.EvaluationResponse), cp.EvaluationResponse)
    assert_type(cp.io.json.from_json(text), object)
    assert_type(cp.io.json.to_dict(response), dict[str, Any])
    out = io.StringIO()
    cp.io.csv.write_evaluations([response], out)
    table = cp.io.csv.read_evaluations(io.StringIO(out.getvalue()))
    assert_type(table, cp.io.csv.Table[cp.EvaluationResponse])
    assert_type(table.rows, tuple[cp.EvaluationResponse, ...])
    cohort = cp.io.csv.read_cohort(out.getvalue().encode())
    assert_type(cohort, cp.EvaluationCohort)
    resource = cp.io.fhir.to_resource(response)
    assert_type(resource, dict[str, Any])
    assert_type(
        cp.io.fhir.from_resource(resource),
        tuple[cp.EvaluationResponse | cp.ReadinessAssessment, ...],
    )
    assert (response,) == table.rows == cp.io.fhir.from_resource(resource)
    assert ("R-1",) == cohort.respondents


def test_redcap_readers_narrow_by_instrument() -> None:
    """instrument= picks the result's type: responses or assessments, and their cohorts."""
    names = cp.io.redcap.field_names()
    export = "record_id," + ",".join(names.values()) + "\n"
    export += "1," + ",".join(["2"] * 23 + ["yes"] * 21) + "\n"
    responses = cp.io.redcap.read_records(io.StringIO(export))
    assert_type(responses, cp.io.csv.Table[cp.EvaluationResponse])
    assessments = cp.io.redcap.read_records(io.StringIO(export), instrument="readiness")
    assert_type(assessments, cp.io.csv.Table[cp.ReadinessAssessment])
    evaluation = cp.io.redcap.read_cohort(io.StringIO(export))
    assert_type(evaluation, cp.EvaluationCohort)
    readiness = cp.io.redcap.read_cohort(io.StringIO(export), instrument="readiness")
    assert_type(readiness, cp.ReadinessCohort)
    assert (cp.EvaluationCohort, cp.ReadinessCohort) == (type(evaluation), type(readiness))
    assert (("1",), ("1",)) == (evaluation.respondents, readiness.settings)
    assert isinstance(assessments.rows[0], cp.ReadinessAssessment)
