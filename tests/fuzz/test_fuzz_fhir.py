"""Fuzz the FHIR reader: ``from_fhir`` over mutated QuestionnaireResponses and Bundles."""

from __future__ import annotations

import json
from typing import Literal

import attrs
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction.io import _documents
from fuzz.budget import fuzz_settings
from fuzz.contract import read_or_refuse
from fuzz.mutations import json_values, mutated
from strategies import evaluation_responses, readiness_assessments

#: What FHIR carries: answers, the id and the date (no level, no activities).
carried = st.one_of(
    evaluation_responses().map(
        lambda r: attrs.evolve(
            r, level=None, activities=frozenset(), preferred_activities=frozenset()
        )
    ),
    readiness_assessments(),
)


@st.composite
def resources(draw: st.DrawFn) -> object:
    """A valid resource or Bundle (either FHIR version), mutated a little."""
    version: Literal["R4", "R5"] = draw(st.sampled_from(["R4", "R5"]))
    values = draw(st.lists(carried, min_size=1, max_size=3))
    exported = [cp.io.fhir.to_resource(v, fhir_version=version) for v in values]
    if len(exported) == 1 and draw(st.booleans()):
        base: object = exported[0]
    else:
        base = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for r in exported],
        }
    return draw(mutated(base) | json_values)


def _round_trips(values: tuple[cp.EvaluationResponse | cp.ReadinessAssessment, ...]) -> None:
    for value in values:
        assert cp.io.fhir.from_resource(cp.io.fhir.to_resource(value)) == (value,)
        assert cp.io.fhir.from_resource(cp.io.fhir.to_resource(value, fhir_version="R5")) == (
            value,
        )
    bundle = {
        "resourceType": "Bundle",
        "entry": [{"resource": cp.io.fhir.to_resource(v)} for v in values],
    }
    assert cp.io.fhir.from_resource(bundle) == values


@fuzz_settings
@given(resources())
def test_from_fhir_reads_or_refuses_any_resource(resource: object) -> None:
    """A mutated resource is read into values that round-trip, or refused with locations."""
    values = read_or_refuse(lambda: cp.io.fhir.from_resource(resource))  # type: ignore[arg-type]
    if values is not None:
        _round_trips(values)


@fuzz_settings
@given(resources())
def test_fhir_json_text_reads_or_refuses_as_its_parsed_resource(resource: object) -> None:
    """FHIR JSON text goes through the strict parser, then from_fhir, with the same contract."""
    text = json.dumps(resource)  # the mutations hold no NaN or 4,300-digit numbers
    values = read_or_refuse(lambda: _documents.read_documents(text))
    for value in values or ():
        assert isinstance(value, cp.EvaluationResponse | cp.ReadinessAssessment)
        assert cp.io.fhir.from_resource(cp.io.fhir.to_resource(value)) == (value,)
