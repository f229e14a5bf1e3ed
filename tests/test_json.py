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
from coproduction.io import _documents, _text
from coproduction.io import json as _json
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
    assert response == cp.io.json.from_json(cp.io.json.to_json(response), cp.EvaluationResponse)


@given(readiness_assessments())
def test_every_readiness_assessment_survives_a_json_round_trip(
    assessment: cp.ReadinessAssessment,
) -> None:
    """Writing any readiness assessment as JSON and reading it back gives the same one."""
    assert assessment == cp.io.json.from_json(cp.io.json.to_json(assessment))


@given(evaluation_scores)
def test_every_evaluation_score_survives_a_json_round_trip(score: cp.EvaluationScore) -> None:
    """Any evaluation score, with the conventions it was made under, round-trips losslessly."""
    assert score == cp.io.json.from_json(cp.io.json.to_json(score), cp.EvaluationScore)


@given(readiness_scores)
def test_every_readiness_score_survives_a_json_round_trip(score: cp.ReadinessScore) -> None:
    """Any readiness score round-trips losslessly."""
    assert score == cp.io.json.from_json(cp.io.json.to_json(score), cp.ReadinessScore)


@given(warning_reports)
def test_every_warning_report_and_its_warnings_round_trip(report: cp.WarningReport) -> None:
    """A warning report (with its rules) and each warning in it round-trip losslessly."""
    assert report == cp.io.json.from_json(cp.io.json.to_json(report), cp.WarningReport)
    for warning in report.warnings:
        assert warning == cp.io.json.from_json(cp.io.json.to_json(warning), cp.PowerWarning)


@given(gap_results)
def test_every_gap_result_round_trips(gaps: object) -> None:
    """Evaluation gaps, readiness gaps and choice gaps round-trip losslessly."""
    assert gaps == cp.io.json.from_json(cp.io.json.to_json(gaps))


@given(cohort_summaries())
def test_every_cohort_summary_round_trips_with_its_suppressed_values(
    summary: cp.CohortSummary,
) -> None:
    """A cohort summary, suppressed values and their reasons included, round-trips."""
    assert summary == cp.io.json.from_json(cp.io.json.to_json(summary), cp.CohortSummary)


def test_a_suppressed_value_is_written_with_its_reason_never_as_a_number() -> None:
    """Suppressed values are objects with a reason in JSON; groups are [group, count] pairs."""
    cohort = cp.EvaluationCohort.from_array([[2] * 23] * 3, groups={"ward": ["Oak"] * 3})
    summary = cp.summarize(cohort, by="ward", resamples=0, disclosure=cp.DisclosureControl())
    document = cp.io.json.to_dict(summary)
    # The whole cohort (group []) is published with the wards under a rule.
    # Small or complement, every withheld figure gives the rule's one reason.
    reason = {"reason": cp.DisclosureControl().reason}
    assert [[[], reason], [["Oak"], reason]] == document["groups"]
    assert cp.io.json.from_dict(document) == summary
    assert reason == document["measures"][0]["mean"]
    document["measures"][0]["mean"] = "*"
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_dict(document)
    assert ["$.measures[0].mean"] == [p.location for p in info.value.problems]


@given(warning_reports)
def test_every_warning_document_names_its_flags_reasons(report: cp.WarningReport) -> None:
    """Each warning in a document carries the codes of its flag's reasons, in order."""
    document = cp.io.json.to_dict(report)
    for written, warning in zip(document["warnings"], report.warnings, strict=True):
        assert [reason.value for reason in warning.flag.reasons] == written["reasons"]
        assert written == {k: v for k, v in cp.io.json.to_dict(warning).items() if k not in _TAGS}


#: The document-level keys: tags, and the provenance of a result (written once, at the top).
_TAGS = {"schema", "version", "provenance"}


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
    alone, inside = cp.io.json.to_dict(warning), cp.io.json.to_dict(report)
    for document, body, path in (
        (alone, alone, "$.reasons"),
        (inside, inside["warnings"][0], "$.warnings[0].reasons"),
    ):
        if reasons == "absent":
            del body["reasons"]
        else:
            body["reasons"] = reasons
        with pytest.raises(cp.ValidationError) as info:
            cp.io.json.from_dict(document)
        assert [path + where] == [p.location for p in info.value.problems]
        assert message in info.value.problems[0].message


def test_a_warning_rule_of_the_wrong_type_is_refused_at_its_path() -> None:
    """Warning rules are checked like everything else: a text count is refused."""
    document = cp.io.json.to_dict(cp.rules.DEFAULT_RULES)
    document["needs_not_met"]["min_low"] = "1"
    document["voice_not_equal"]["enabled"] = 1
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_dict(document)
    assert ["$.needs_not_met.min_low", "$.voice_not_equal.enabled"] == [
        p.location for p in info.value.problems
    ]


@pytest.mark.parametrize("instrument", [cp.COPRODUCTION_EVALUATION, cp.READINESS_CHECKER])
def test_instruments_round_trip_with_their_verbatim_text(instrument: object) -> None:
    """Both instruments round-trip; the booklet's version is kept apart from the format's."""
    document = cp.io.json.to_dict(instrument)
    assert 1 == document["version"]
    assert "1.C" == document["booklet_version"]
    assert instrument == cp.io.json.from_dict(json.loads(json.dumps(document)))


def test_an_instrument_that_differs_from_the_booklet_is_refused() -> None:
    """An instrument document with reworded text is refused: the wording is verbatim."""
    document = cp.io.json.to_dict(cp.COPRODUCTION_EVALUATION)
    document["items"][0]["text"] = "Staff asked me things"
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_dict(document)
    assert ["$.items"] == [p.location for p in info.value.problems]


def _response_document(**changes: object) -> dict[str, Any]:
    document = cp.io.json.to_dict(
        cp.EvaluationResponse.from_labels({"support_1": "Sometimes"}, respondent="R-1")
    )
    document.update(changes)
    return document


def _score_document() -> dict[str, Any]:
    return cp.io.json.to_dict(cp.score_evaluation(cp.EvaluationResponse({})))


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
        cp.io.json.from_dict(copy.deepcopy(document))
    assert [location] == [p.location for p in info.value.problems]
    assert message in info.value.problems[0].message


def test_every_problem_in_a_document_is_reported_at_once() -> None:
    """A document with several faults gets one error listing each, in document order."""
    document = _response_document(
        answers={"support_1": True, "x": "sometimes"}, respondent=5, extra=1
    )
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_dict(document)
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
        cp.io.json.from_dict(document)
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
        cp.io.json.from_dict(document)
    assert all(p.location.startswith("$.conventions") for p in info.value.problems)


@pytest.mark.parametrize("text", ["{", '{"a": NaN}', "[1, 2", ""])
def test_text_that_is_not_json_is_refused_with_a_validation_error(text: str) -> None:
    """Broken JSON is a ValidationError, not a bare JSONDecodeError."""
    with pytest.raises(cp.ValidationError, match="not JSON"):
        cp.io.json.from_json(text)


def test_the_expected_kind_is_enforced() -> None:
    """Asking for a response and getting an assessment document is refused at $.schema."""
    text = cp.io.json.to_json(cp.ReadinessAssessment({}))
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_json(text, cp.EvaluationResponse)
    assert "$.schema" == info.value.problems[0].location


def test_writing_an_unknown_type_names_the_accepted_types() -> None:
    """to_dict refuses values it has no format for, naming those it has."""
    with pytest.raises(cp.ValidationError, match="accepted: CoproductionEvaluation"):
        cp.io.json.to_dict({"a": 1})


@pytest.mark.parametrize("kind", [cp.EvaluationResponse, cp.ReadinessAssessment])
def test_shipped_schemas_are_what_the_model_generates(kind: type) -> None:
    """The JSON Schema files in the package are exactly json_schema() of the model today."""
    shipped = resources.files("coproduction") / "schemas" / _json._SCHEMA_FILES[kind]
    assert _documents.schema_text(kind) == shipped.read_text(encoding="utf-8")
    jsonschema.Draft202012Validator.check_schema(cp.io.json.schema(kind))


@given(evaluation_responses())
def test_every_written_response_validates_against_the_shipped_schema(
    response: cp.EvaluationResponse,
) -> None:
    """Every evaluation response document the library writes is valid by its JSON Schema."""
    jsonschema.validate(cp.io.json.to_dict(response), cp.io.json.schema(cp.EvaluationResponse))


@given(readiness_assessments())
def test_every_written_assessment_validates_against_the_shipped_schema(
    assessment: cp.ReadinessAssessment,
) -> None:
    """Every readiness assessment document the library writes is valid by its JSON Schema."""
    jsonschema.validate(cp.io.json.to_dict(assessment), cp.io.json.schema(cp.ReadinessAssessment))


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
        jsonschema.validate(document, cp.io.json.schema(cp.EvaluationResponse))
    with pytest.raises(cp.ValidationError):
        cp.io.json.from_dict(document)


def test_there_is_no_schema_for_other_types() -> None:
    """json_schema names the types it has schemas for."""
    with pytest.raises(cp.ValidationError, match="EvaluationResponse and ReadinessAssessment"):
        cp.io.json.schema(cp.EvaluationScore)


# --- issue #12: strict at the edge --------------------------------------------------


def _response_text(**fields: str) -> str:
    body = ", ".join(f'"{k}": {v}' for k, v in fields.items())
    return f'{{"schema": "coproduction/evaluation-response", "version": 1, {body}}}'


@pytest.mark.parametrize(
    ("text", "locations"),
    [
        pytest.param(
            _response_text(answers='{"trust_1": "sometimes", "trust_1": "not_at_all"}'),
            ["$['answers']['trust_1']"],
            id="answer",
        ),
        pytest.param(
            _response_text(answers="{}", respondent='"R-1", "respondent": "R-2"'),
            ["$['respondent']"],
            id="respondent",
        ),
        pytest.param(
            '[{"a": 1, "a": 2, "b": {"c": 1, "c": 1}}]',
            ["$[0]['a']", "$[0]['b']['c']"],
            id="nested",
        ),
    ],
)
def test_a_key_given_twice_is_refused_where_it_is(text: str, locations: list[str]) -> None:
    """Python's parser keeps the last of two equal keys; the reader refuses both, located."""
    with pytest.raises(cp.ValidationError) as info:
        _text.parse(text)
    assert sorted(locations) == sorted(p.location for p in info.value.problems)
    with pytest.raises(cp.ValidationError):
        cp.io.json.from_json(text)


@pytest.mark.parametrize(
    ("document", "location"),
    [
        pytest.param({"schema": {1}}, "$.schema", id="a set as the schema"),
        pytest.param(
            {"schema": "coproduction/evaluation-response", "version": 10**5000, "answers": {}},
            "$.version",
            id="a 5001-digit version",
        ),
        pytest.param(
            {"schema": "coproduction/evaluation-response", "version": 1, "answers": {10**5000: 1}},
            "$.answers[<number (too long to show)>]",
            id="a 5001-digit key",
        ),
        pytest.param(
            {"schema": "coproduction/evaluation-response", "version": 1, "answers": {}, 7: 1},
            "$",
            id="a number as a key",
        ),
    ],
)
def test_python_values_no_json_holds_are_refused_not_crashed_on(
    document: dict[Any, Any], location: str
) -> None:
    """from_dict takes any value: a set, a huge number or a number key is a located problem."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_dict(document)
    assert location in {p.location for p in info.value.problems}


@pytest.mark.parametrize("field", ["respondent", "a column name"])
def test_a_lone_surrogate_in_any_text_is_refused(field: str) -> None:
    """A lone surrogate cannot be written as UTF-8: refused in an id and in any text field."""
    if field == "respondent":
        text = _response_text(answers="{}", respondent='"R-\\ud800"')
        location = "$.respondent"
    else:
        cohort = cp.EvaluationCohort.from_array([[2] * 23], groups={"ward": ["Oak"]})
        summary = json.loads(cp.io.json.to_json(cp.summarize(cohort, by="ward", resamples=0)))
        summary["by"] = ["ward\ud800"]
        text = json.dumps(summary)
        location = "$.by[0]"
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_json(text)
    assert [location] == [p.location for p in info.value.problems]


def test_a_library_defect_while_reading_surfaces_instead_of_becoming_a_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the expected refusals become problems: any other exception propagates."""

    class Defective:
        def __contains__(self, key: object) -> bool:
            raise RuntimeError("defect")

    monkeypatch.setattr(_json, "ITEM_ID_SET", Defective())
    with pytest.raises(RuntimeError, match="defect"):
        cp.io.json.from_dict(
            {
                "schema": "coproduction/evaluation-response",
                "version": 1,
                "answers": {"trust_1": None},
            }
        )


def test_duplicate_ids_in_one_json_array_are_refused() -> None:
    """Two responses with one respondent id in one input are refused, as in a CSV file."""
    one = json.loads(cp.io.json.to_json(cp.EvaluationResponse({}, respondent="R-1")))
    other = json.loads(cp.io.json.to_json(cp.ReadinessAssessment({}, setting="R-1")))
    with pytest.raises(cp.ValidationError) as info:
        _documents.read_documents(json.dumps([one, other, one]))
    assert ["$[2].respondent"] == [p.location for p in info.value.problems]
    assert len(_documents.read_documents(json.dumps([one, other]))) == 2


def _doc(value: object) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(cp.io.json.to_json(value))
    return document


def _impossible_cases() -> list[Any]:
    response = cp.EvaluationResponse.from_labels(
        dict.fromkeys(cp.COPRODUCTION_EVALUATION.item_ids, 2)
    )
    score = _doc(cp.score_evaluation(response))
    cohort = cp.EvaluationCohort.from_array([[2] * 23, [0] * 23, [1] * 23])
    summary = _doc(cp.summarize(cohort, resamples=0))
    readiness = _doc(
        cp.score_readiness(cp.ReadinessAssessment.from_labels({"informed_obligation": "yes"}))
    )
    cases = []

    def case(name: str, document: dict[str, Any], path: str, value: object, location: str) -> None:
        changed = copy.deepcopy(document)
        *parents, last = path.split("/")
        node: Any = changed
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
        cases.append(pytest.param(changed, location, id=name))

    case("a mean of 57 on 0-2", score, "domains/trust/mean", 57.0, "$.domains['trust'].mean")
    case(
        "999 of 4 answered", score, "domains/support/answered", 999, "$.domains['support'].answered"
    )
    case(
        "a negative answered",
        score,
        "domains/support/answered",
        -1,
        "$.domains['support'].answered",
    )
    case("a domain with 7 items", score, "domains/support/items", 7, "$.domains['support'].items")
    case("percent 101", score, "domains/support/percent", 101.0, "$.domains['support'].percent")
    case("overall 3", score, "overall", 3.0, "$.overall")
    case("readiness 2 on 0-1", readiness, "overall", 2.0, "$.overall")
    case("negative group count", summary, "groups/0/1", -3, "$.groups[0]")
    case(
        "negative item count",
        summary,
        "items/0/counts/sometimes",
        -1,
        "$.items[0].counts['sometimes']",
    )
    case("unknown item", summary, "items/0/item_id", "trust_99", "$.items[0].item_id")
    case("summary mean 57", summary, "measures/0/mean", 57.0, "$.measures[0].mean")
    case("summary sd 5", summary, "measures/0/sd", 5.0, "$.measures[0].sd")
    case("negative resamples", summary, "resamples", -1, "$.resamples")
    return cases


@pytest.mark.parametrize(("document", "location"), _impossible_cases())
def test_scores_and_summaries_with_impossible_values_are_refused(
    document: dict[str, Any], location: str
) -> None:
    """Bounds from the instrument and the document's conventions: every breach is located."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_dict(document)
    assert location in {p.location for p in info.value.problems}


@pytest.mark.parametrize(
    ("document", "location"),
    [
        pytest.param(
            {"schema": "coproduction/cohort-summary", "version": 1, "items": [None]},
            "$.items[0]",
            id="null where an object is expected",
        ),
        pytest.param(
            {"schema": "coproduction/readiness-score", "version": 1, "overall": 10**400},
            "$.overall",
            id="a number no float holds",
        ),
    ],
)
def test_inputs_the_fuzzer_found_are_located_problems(
    document: dict[str, Any], location: str
) -> None:
    """Found by tests/fuzz: AttributeError ('.keys()' of null) and OverflowError before."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_dict(document)
    assert location in {p.location for p in info.value.problems}


def test_an_unknown_key_that_is_not_text_is_shown_escaped() -> None:
    """A lone surrogate in an unknown key is shown escaped: the message can be printed."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.from_dict({**cp.io.json.to_dict(cp.EvaluationResponse({})), "\ud800": 1})
    str(info.value).encode("utf-8")
