"""Fuzz the JSON readers: ``from_dict`` over mutated documents, ``from_json`` over their text."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from coproduction.io import _documents
from fuzz.budget import fuzz_settings
from fuzz.contract import read_or_refuse
from fuzz.mutations import TOKENS, json_values, mutated
from strategies import (
    cohort_summaries,
    evaluation_responses,
    evaluation_scores,
    gap_results,
    readiness_assessments,
    readiness_code_arrays,
    readiness_scores,
    warning_reports,
)


def _readiness_summary(rows: list[list[list[int]]]) -> cp.ReadinessSummary:
    return cp.summarize_readiness(cp.ReadinessCohort.from_array(np.array(rows, dtype=np.int8)))


#: Valid values of every document type the JSON reader reads.
values = st.one_of(
    evaluation_responses(),
    readiness_assessments(),
    evaluation_scores,
    readiness_scores,
    warning_reports,
    gap_results,
    cohort_summaries(),
    readiness_code_arrays(max_rows=4).filter(bool).map(_readiness_summary),
    st.sampled_from([cp.COPRODUCTION_EVALUATION, cp.READINESS_CHECKER, cp.rules.DEFAULT_RULES]),
)
documents = values.map(cp.io.json.to_dict).flatmap(mutated) | json_values


def _round_trips(value: object) -> None:
    assert cp.io.json.from_dict(cp.io.json.to_dict(value)) == value
    assert cp.io.json.from_json(cp.io.json.to_json(value)) == value


@fuzz_settings
@given(documents)
def test_from_dict_reads_or_refuses_any_document(document: object) -> None:
    """A mutated document is read into a value that round-trips, or refused with its locations."""
    value = read_or_refuse(lambda: cp.io.json.from_dict(document))
    if value is not None:
        _round_trips(value)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """JSON text of a mutated document, with a key repeated or the text cut or spliced."""
    text = json.dumps(draw(documents), ensure_ascii=draw(st.booleans()))
    edit = draw(st.sampled_from(["none", "repeat a key", "cut", "splice"]))
    if edit == "repeat a key" and text.startswith("{") and len(text) > 2:
        key = json.dumps(draw(st.sampled_from(TOKENS)))
        value = json.dumps(draw(json_values))
        return "{" + f"{key}: {value}, {key}: {value}, " + text[1:]
    if edit == "cut":
        return text[: draw(st.integers(0, len(text)))]
    if edit == "splice":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.text(max_size=4)) + text[at:]
    return text


@fuzz_settings
@given(texts() | st.binary(max_size=64))
def test_from_json_and_arrays_of_documents_read_or_refuse_any_text(text: str | bytes) -> None:
    """JSON text (or bytes) is read and round-trips, or is refused; arrays of documents too."""
    value = read_or_refuse(lambda: cp.io.json.from_json(text))
    if value is not None:
        _round_trips(value)
    many = read_or_refuse(lambda: _documents.read_documents(text))
    for element in many or ():
        if not isinstance(element, cp.EvaluationResponse | cp.ReadinessAssessment) or not hasattr(
            element, "answers"
        ):
            continue
        _round_trips(element)
