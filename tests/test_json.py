"""JSON documents: lossless round trips, strict refusals with JSON paths, shipped schemas."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import coproduction as cp
from coproduction import _json
from strategies import (
    cohort_summaries,
    evaluation_responses,
    evaluation_scores,
    gap_results,
    readiness_assessments,
    readiness_scores,
    warning_reports,
)


@given(evaluation_responses())
def test_every_evaluation_response_survives_a_json_round_trip(
    response: cp.EvaluationResponse,
) -> None:
    """Writing any evaluation response as JSON and reading it back gives the same response."""
    assert response == cp.from_json(cp.to_json(response), cp.EvaluationResponse)


@given(readiness_assessments())
def test_every_readiness_assessment_survives_a_json_round_trip(
    assessment: cp.ReadinessAssessment,
) -> None:
    """Writing any readiness assessment as JSON and reading it back gives the same one."""
    assert assessment == cp.from_json(cp.to_json(assessment))


@given(evaluation_scores)
def test_every_evaluation_score_survives_a_json_round_trip(score: cp.EvaluationScore) -> None:
    """Any evaluation score, with the conventions it was made under, round-trips losslessly."""
    assert score == cp.from_json(cp.to_json(score), cp.EvaluationScore)


@given(readiness_scores)
def test_every_readiness_score_survives_a_json_round_trip(score: cp.ReadinessScore) -> None:
    """Any readiness score round-trips losslessly."""
    assert score == cp.from_json(cp.to_json(score), cp.ReadinessScore)


@given(warning_reports)
def test_every_warning_report_and_its_warnings_round_trip(report: cp.WarningReport) -> None:
    """A warning report (with its rules) and each warning in it round-trip losslessly."""
    assert report == cp.from_json(cp.to_json(report), cp.WarningReport)
    for warning in report.warnings:
        assert warning == cp.from_json(cp.to_json(warning), cp.PowerWarning)


@given(gap_results)
def test_every_gap_result_round_trips(gaps: object) -> None:
    """Evaluation gaps, readiness gaps and choice gaps round-trip losslessly."""
    assert gaps == cp.from_json(cp.to_json(gaps))


@given(cohort_summaries())
def test_every_cohort_summary_round_trips_with_its_suppressed_values(
    summary: cp.CohortSummary,
) -> None:
    """A cohort summary, suppressed values and their reasons included, round-trips."""
    assert summary == cp.from_json(cp.to_json(summary), cp.CohortSummary)


def test_a_suppressed_value_is_written_with_its_reason_never_as_a_number() -> None:
    """Suppressed values are objects with a reason in JSON; groups are [group, count] pairs."""
    cohort = cp.EvaluationCohort.from_array([[2] * 23] * 3, groups={"ward": ["Oak"] * 3})
    summary = cp.summarize(cohort, by="ward", resamples=0, disclosure=cp.DisclosureControl())
    document = cp.to_dict(summary)
    assert [[["Oak"], {"reason": "count of 1 to 7"}]] == document["groups"]
    assert {"reason": "based on 1 to 7 people"} == document["measures"][0]["mean"]
    document["measures"][0]["mean"] = "*"
    with pytest.raises(cp.ValidationError) as info:
        cp.from_dict(document)
    assert ["$.measures[0].mean"] == [p.location for p in info.value.problems]


@given(warning_reports)
def test_every_warning_document_names_its_flags_reasons(report: cp.WarningReport) -> None:
    """Each warning in a document carries the codes of its flag's reasons, in order."""
    document = cp.to_dict(report)
    for written, warning in zip(document["warnings"], report.warnings, strict=True):
        assert [reason.value for reason in warning.flag.reasons] == written["reasons"]
        assert written == {k: v for k, v in cp.to_dict(warning).items() if k not in _TAGS}


_TAGS = {"schema", "version"}


@pytest.mark.parametrize(
    ("reasons", "where", "message"),
    [
        (["knows_best"], "", "expected the reasons of 'voice_not_equal' (the library's reading)"),
        ([], "", "expected the reasons of 'voice_not_equal'"),
        (["professional_knowledge_first", "knows_best"], "", "expected the reasons of"),
        (["voice"], "[0]", 'expected one of "knows_best"'),
        ("professional_knowledge_first", "", "expected an array"),
        (None, "", "expected an array"),
        ("absent", "", "required key missing"),
    ],
)
def test_a_warning_document_with_other_reasons_is_refused_at_its_path(
    reasons: object, where: str, message: str
) -> None:
    """Reasons are the library's reading, fixed by the flag: other reasons are refused."""
    report = cp.power_over_report(cp.EvaluationResponse({"power_with_1": cp.Frequency.NOT_AT_ALL}))
    (warning,) = report.warnings
    alone, inside = cp.to_dict(warning), cp.to_dict(report)
    for document, body, path in (
        (alone, alone, "$.reasons"),
        (inside, inside["warnings"][0], "$.warnings[0].reasons"),
    ):
        if reasons == "absent":
            del body["reasons"]
        else:
            body["reasons"] = reasons
        with pytest.raises(cp.ValidationError) as info:
            cp.from_dict(document)
        assert [path + where] == [p.location for p in info.value.problems]
        assert message in info.value.problems[0].message


def test_a_warning_rule_of_the_wrong_type_is_refused_at_its_path() -> None:
    """Warning rules are checked like everything else: a text count is refused."""
    document = cp.to_dict(cp.DEFAULT_RULES)
    document["needs_not_met"]["min_low"] = "1"
    document["voice_not_equal"]["enabled"] = 1
    with pytest.raises(cp.ValidationError) as info:
        cp.from_dict(document)
    assert ["$.needs_not_met.min_low", "$.voice_not_equal.enabled"] == [
        p.location for p in info.value.problems
    ]


@pytest.mark.parametrize("instrument", [cp.COPRODUCTION_EVALUATION, cp.READINESS_CHECKER])
def test_instruments_round_trip_with_their_verbatim_text(instrument: object) -> None:
    """Both instruments round-trip; the booklet's version is kept apart from the format's."""
    document = cp.to_dict(instrument)
    assert 1 == document["version"]
    assert "1.C" == document["booklet_version"]
    assert instrument == cp.from_dict(json.loads(json.dumps(document)))


def test_an_instrument_that_differs_from_the_booklet_is_refused() -> None:
    """An instrument document with reworded text is refused: the wording is verbatim."""
    document = cp.to_dict(cp.COPRODUCTION_EVALUATION)
    document["items"][0]["text"] = "Staff asked me things"
    with pytest.raises(cp.ValidationError) as info:
        cp.from_dict(document)
    assert ["$.items"] == [p.location for p in info.value.problems]


def _response_document(**changes: object) -> dict[str, Any]:
    document = cp.to_dict(
        cp.EvaluationResponse.from_labels({"support_1": "Sometimes"}, respondent="R-1")
    )
    document.update(changes)
    return document


def _score_document() -> dict[str, Any]:
    return cp.to_dict(cp.score_evaluation(cp.EvaluationResponse({})))


BAD_DOCUMENTS: list[tuple[str, Any, str, str]] = [
    ("not an object", [], "$", "expected an object, got array"),
    ("no schema tag", {"version": 1}, "$.schema", "unknown document type (missing)"),
    (
        "unknown schema tag",
        _response_document(schema="coproduction/nope"),
        "$.schema",
        "unknown document type",
    ),
    ("version 2", _response_document(version=2), "$.version", "reads version 1"),
    ("version true", _response_document(version=True), "$.version", "boolean true"),
    ("unknown key", _response_document(colour="red"), "$", "unknown keys: colour"),
    ("respondent a number", _response_document(respondent=5), "$.respondent", "expected text"),
    ("respondent empty", _response_document(respondent=""), "$.respondent", "non-empty"),
    (
        "answer as a code",
        _response_document(answers={"support_1": 2}),
        "$.answers['support_1']",
        "expected one of",
    ),
    (
        "answer true",
        _response_document(answers={"support_1": True}),
        "$.answers['support_1']",
        "boolean true",
    ),
    (
        "answer 2.0",
        _response_document(answers={"support_1": 2.0}),
        "$.answers['support_1']",
        "number 2.0",
    ),
    (
        "answer as a label",
        _response_document(answers={"support_1": "Sometimes"}),
        "$.answers['support_1']",
        'got text "Sometimes"',
    ),
    (
        "unknown item",
        _response_document(answers={"trust_9": "sometimes"}),
        "$.answers['trust_9']",
        "unknown item id",
    ),
    ("answers a list", _response_document(answers=[]), "$.answers", "expected an object"),
    (
        "a readiness answer",
        _response_document(answers={"support_1": "yes"}),
        "$.answers['support_1']",
        "expected one of",
    ),
    ("bad date", _response_document(date="2024-02-30"), "$.date", "YYYY-MM-DD"),
    ("date with a time", _response_document(date="2024-02-01T10:00"), "$.date", "YYYY-MM-DD"),
    ("level by name", _response_document(level="GROUP"), "$.level", "expected one of"),
    (
        "activities as text",
        _response_document(activities="informed"),
        "$.activities",
        "expected an array",
    ),
    (
        "activity twice",
        _response_document(activities=["shared", "shared"]),
        "$.activities[1]",
        "listed twice",
    ),
    (
        "readiness question unknown",
        {"schema": "coproduction/readiness-assessment", "version": 1, "answers": {"x": "yes"}},
        "$.answers['x']",
        "question id",
    ),
    (
        "readiness answer off scale",
        {
            "schema": "coproduction/readiness-assessment",
            "version": 1,
            "answers": {"informed_obligation": "maybe"},
        },
        "$.answers['informed_obligation']",
        'expected one of "yes", "partly", "no"',
    ),
]


@pytest.mark.parametrize(
    ("document", "location", "message"),
    [pytest.param(d, loc, m, id=name) for name, d, loc, m in BAD_DOCUMENTS],
)
def test_a_table_of_bad_documents_is_refused_with_the_json_path(
    document: object, location: str, message: str
) -> None:
    """Each bad document is refused with one problem, at its path, saying what is accepted."""
    with pytest.raises(cp.ValidationError) as info:
        cp.from_dict(copy.deepcopy(document))
    assert [location] == [p.location for p in info.value.problems]
    assert message in info.value.problems[0].message


def test_every_problem_in_a_document_is_reported_at_once() -> None:
    """A document with several faults gets one error listing each, in document order."""
    document = _response_document(
        answers={"support_1": True, "x": "sometimes"}, respondent=5, extra=1
    )
    with pytest.raises(cp.ValidationError) as info:
        cp.from_dict(document)
    assert [
        "$.answers['support_1']",
        "$.answers['x']",
        "$.respondent",
        "$",
    ] == [p.location for p in info.value.problems]


def test_score_documents_are_checked_for_completeness_and_types() -> None:
    """A score document must name every domain once, and points must be numbers."""
    document = _score_document()
    del document["domains"]["trust"]
    document["domains"]["support"]["domain"] = "support"
    document["conventions"]["points"]["sometimes"] = "1"
    document["conventions"]["overall_min_domains"] = True
    with pytest.raises(cp.ValidationError) as info:
        cp.from_dict(document)
    assert {
        "$.domains['support']",
        "$.domains",
        "$.conventions.points['sometimes']",
        "$.conventions.overall_min_domains",
    } == {p.location for p in info.value.problems}


def test_conventions_the_scoring_refuses_are_refused_in_json_too() -> None:
    """Points that do not increase are refused by the conventions' own check, with a path."""
    document = _score_document()
    document["conventions"]["points"]["all_the_time"] = -1.0
    with pytest.raises(cp.ValidationError) as info:
        cp.from_dict(document)
    assert all(p.location.startswith("$.conventions") for p in info.value.problems)


@pytest.mark.parametrize("text", ["{", '{"a": NaN}', "[1, 2", ""])
def test_text_that_is_not_json_is_refused_with_a_validation_error(text: str) -> None:
    """Broken JSON is a ValidationError, not a bare JSONDecodeError."""
    with pytest.raises(cp.ValidationError, match="not JSON"):
        cp.from_json(text)


def test_the_expected_kind_is_enforced() -> None:
    """Asking for a response and getting an assessment document is refused at $.schema."""
    text = cp.to_json(cp.ReadinessAssessment({}))
    with pytest.raises(cp.ValidationError) as info:
        cp.from_json(text, cp.EvaluationResponse)
    assert "$.schema" == info.value.problems[0].location


def test_writing_an_unknown_type_names_the_accepted_types() -> None:
    """to_dict refuses values it has no format for, naming those it has."""
    with pytest.raises(TypeError, match="accepted: CoproductionEvaluation"):
        cp.to_dict({"a": 1})


@pytest.mark.parametrize("kind", [cp.EvaluationResponse, cp.ReadinessAssessment])
def test_shipped_schemas_are_what_the_model_generates(kind: type) -> None:
    """The JSON Schema files in the package are exactly json_schema() of the model today."""
    shipped = resources.files("coproduction") / "schemas" / _json._SCHEMA_FILES[kind]
    assert _json.schema_text(kind) == shipped.read_text(encoding="utf-8")
    jsonschema.Draft202012Validator.check_schema(cp.json_schema(kind))


@given(evaluation_responses())
def test_every_written_response_validates_against_the_shipped_schema(
    response: cp.EvaluationResponse,
) -> None:
    """Every evaluation response document the library writes is valid by its JSON Schema."""
    jsonschema.validate(cp.to_dict(response), cp.json_schema(cp.EvaluationResponse))


@given(readiness_assessments())
def test_every_written_assessment_validates_against_the_shipped_schema(
    assessment: cp.ReadinessAssessment,
) -> None:
    """Every readiness assessment document the library writes is valid by its JSON Schema."""
    jsonschema.validate(cp.to_dict(assessment), cp.json_schema(cp.ReadinessAssessment))


@pytest.mark.parametrize(
    "document",
    [
        _response_document(answers={"support_1": 2}),
        _response_document(answers={"trust_9": "sometimes"}),
        _response_document(colour="red"),
        _response_document(respondent=5),
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(document: dict[str, Any]) -> None:
    """Documents the loader refuses are invalid by the schema too, so other tools agree."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, cp.json_schema(cp.EvaluationResponse))
    with pytest.raises(cp.ValidationError):
        cp.from_dict(document)


def test_there_is_no_schema_for_other_types() -> None:
    """json_schema names the types it has schemas for."""
    with pytest.raises(TypeError, match="EvaluationResponse and ReadinessAssessment"):
        cp.json_schema(cp.EvaluationScore)
