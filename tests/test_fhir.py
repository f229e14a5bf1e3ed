"""FHIR: exported resources validate with fhir.resources (R4B and R5); imports are strict."""

from __future__ import annotations

import copy
from typing import Any, Literal

import pytest
from fhir.resources.bundle import Bundle as BundleR5
from fhir.resources.questionnaire import Questionnaire as QuestionnaireR5
from fhir.resources.questionnaireresponse import QuestionnaireResponse as ResponseR5
from fhir.resources.R4B.bundle import Bundle as BundleR4
from fhir.resources.R4B.questionnaire import Questionnaire as QuestionnaireR4
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as ResponseR4
from hypothesis import given
from hypothesis import strategies as st

import coproduction as cp
from strategies import evaluation_responses, readiness_assessments

VERSIONS: list[Literal["R4", "R5"]] = ["R4", "R5"]
INSTRUMENTS: list[Literal["evaluation", "readiness"]] = ["evaluation", "readiness"]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_questionnaires_validate_and_hold_every_item_verbatim(
    instrument: Literal["evaluation", "readiness"], version: Literal["R4", "R5"]
) -> None:
    """Each Questionnaire validates as FHIR; its linkIds are the ids, its texts verbatim."""
    resource = cp.io.fhir.questionnaire(instrument, fhir_version=version)
    model = QuestionnaireR4 if version == "R4" else QuestionnaireR5
    model.model_validate(resource)
    questions = {
        item["linkId"]: item for group in resource["item"] for item in group.get("item", [])
    }
    if instrument == "evaluation":
        expected = {i.id: i.text for i in cp.COPRODUCTION_EVALUATION.items}
    else:
        expected = {q.id: q.text for q in cp.READINESS_CHECKER.questions}
    assert expected == {k: v["text"] for k, v in questions.items()}
    assert "1.C" == resource["version"]
    assert "CC BY-NC-ND 4.0" in resource["copyright"]


def test_evaluation_options_carry_the_ordinal_value_r4_and_the_item_weight_r5() -> None:
    """R4 options use ordinalValue on choice items; R5 uses itemWeight on coding items."""
    r4 = cp.io.fhir.questionnaire("evaluation", fhir_version="R4")["item"][1]["item"][0]
    r5 = cp.io.fhir.questionnaire("evaluation", fhir_version="R5")["item"][1]["item"][0]
    assert ("choice", None) == (r4["type"], r4.get("answerConstraint"))
    assert ("coding", "optionsOnly") == (r5["type"], r5["answerConstraint"])
    ext4 = [o["valueCoding"]["extension"][0] for o in r4["answerOption"]]
    ext5 = [o["valueCoding"]["extension"][0] for o in r5["answerOption"]]
    assert {e["url"] for e in ext4} == {"http://hl7.org/fhir/StructureDefinition/ordinalValue"}
    assert {e["url"] for e in ext5} == {"http://hl7.org/fhir/StructureDefinition/itemWeight"}
    assert [0.0, 1.0, 2.0] == [e["valueDecimal"] for e in ext4]
    labels = [o["valueCoding"]["display"] for o in r4["answerOption"]]
    assert ["Not at all", "Sometimes", "All the time"] == labels


@given(evaluation_responses(), st.sampled_from(VERSIONS))
def test_every_evaluation_response_round_trips_through_a_valid_questionnaire_response(
    response: cp.EvaluationResponse, version: Literal["R4", "R5"]
) -> None:
    """Any response without level or activities exports as valid FHIR and imports unchanged."""
    import attrs

    response = attrs.evolve(response, level=None, activities=(), preferred_activities=())
    resource = cp.io.fhir.to_resource(response, fhir_version=version)
    (ResponseR4 if version == "R4" else ResponseR5).model_validate(resource)
    assert (response,) == cp.io.fhir.from_resource(resource)


def _distinct_settings(assessments: list[cp.ReadinessAssessment]) -> bool:
    settings = [a.setting for a in assessments if a.setting is not None]
    return len(settings) == len(set(settings))


@given(
    st.lists(readiness_assessments(), max_size=3).filter(_distinct_settings),
    st.sampled_from(VERSIONS),
)
def test_a_bundle_of_assessments_round_trips(
    assessments: list[cp.ReadinessAssessment], version: Literal["R4", "R5"]
) -> None:
    """A Bundle of exported assessments validates and imports as the same assessments."""
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": cp.io.fhir.to_resource(a, fhir_version=version)} for a in assessments
        ],
    }
    (BundleR4 if version == "R4" else BundleR5).model_validate(bundle)
    assert tuple(assessments) == cp.io.fhir.from_resource(bundle)


def test_exporting_context_fhir_cannot_carry_is_refused() -> None:
    """A response with a level is refused by the FHIR export instead of losing the level."""
    response = cp.EvaluationResponse({}, level=cp.Level.GROUP)
    with pytest.raises(cp.ValidationError, match="level"):
        cp.io.fhir.to_resource(response)


def _resource() -> dict[str, Any]:
    response = cp.EvaluationResponse.from_labels({"support_1": 2, "trust_1": 1}, respondent="R-1")
    return cp.io.fhir.to_resource(response)


def _changed(path: str, value: object) -> dict[str, Any]:
    resource = copy.deepcopy(_resource())
    *parents, last = path.split(".")
    node: Any = resource
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    return resource


BAD: list[tuple[str, dict[str, Any], str]] = [
    (
        "other questionnaire",
        _changed("questionnaire", "http://example.org/q"),
        "QuestionnaireResponse.questionnaire",
    ),
    (
        "other version",
        _changed(
            "questionnaire", cp.io.fhir.BASE + "/Questionnaire/rrn-coproduction-evaluation|2.0"
        ),
        "QuestionnaireResponse.questionnaire",
    ),
    (
        "unknown item",
        _changed("item.0.item.0.linkId", "support_9"),
        "QuestionnaireResponse.item[0].item[0].linkId",
    ),
    (
        "item in the wrong group",
        _changed("item.0.item.0.linkId", "trust_2"),
        "QuestionnaireResponse.item[0].item[0].linkId",
    ),
    ("unknown group", _changed("item.0.linkId", "care"), "QuestionnaireResponse.item[0].linkId"),
    (
        "code off the scale",
        _changed("item.0.item.0.answer.0.valueCoding.code", "often"),
        "QuestionnaireResponse.item[0].item[0].answer[0]",
    ),
    (
        "other code system",
        _changed("item.0.item.0.answer.0.valueCoding.system", "http://loinc.org"),
        "QuestionnaireResponse.item[0].item[0].answer[0]",
    ),
    (
        "an integer answer",
        _changed("item.0.item.0.answer.0", {"valueInteger": 2}),
        "QuestionnaireResponse.item[0].item[0].answer[0]",
    ),
    (
        "two answers",
        _changed("item.0.item.0.answer", [{"valueCoding": {}}, {"valueCoding": {}}]),
        "QuestionnaireResponse.item[0].item[0].answer",
    ),
    ("bad date", _changed("authored", "yesterday"), "QuestionnaireResponse.authored"),
]


@pytest.mark.parametrize(
    ("resource", "location"), [pytest.param(r, loc, id=n) for n, r, loc in BAD]
)
def test_a_table_of_bad_questionnaire_responses_is_refused(
    resource: dict[str, Any], location: str
) -> None:
    """Each bad resource is refused with its problem at its location."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.fhir.from_resource(resource)
    assert [location] == [p.location for p in info.value.problems]


def test_every_problem_in_a_bundle_is_reported_with_its_entry() -> None:
    """Problems in several entries of a Bundle are all listed, each under its entry."""
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": _resource()},
            {"resource": _changed("item.0.item.0.linkId", "support_9")},
            {"resource": _changed("questionnaire", "x")},
        ],
    }
    with pytest.raises(cp.ValidationError) as info:
        cp.io.fhir.from_resource(bundle)
    assert [
        "Bundle.entry[1].resource.item[0].item[0].linkId",
        "Bundle.entry[2].resource.questionnaire",
    ] == [p.location for p in info.value.problems]


EV = cp.io.fhir.BASE + "/Questionnaire/rrn-coproduction-evaluation"
FREQUENCY = cp.io.fhir.BASE + "/CodeSystem/rrn-frequency"


def _answered(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": EV,
        "status": "completed",
        "item": [{"linkId": "trust", "item": [item]}],
    }


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }


_QR = "QuestionnaireResponse"
REFUSED: list[tuple[str, object, str]] = [
    # Each of these raised TypeError (unhashable, or not iterable) before.
    ("group linkId []", {**_resource(), "item": [{"linkId": []}]}, f"{_QR}.item[0].linkId"),
    ("item linkId {}", _answered({"linkId": {}}), f"{_QR}.item[0].item[0].linkId"),
    (
        "code []",
        _answered(
            {"linkId": "trust_1", "answer": [{"valueCoding": {"system": FREQUENCY, "code": []}}]}
        ),
        f"{_QR}.item[0].item[0].answer[0]",
    ),
    (
        "group item null",
        {**_resource(), "item": [{"linkId": "trust", "item": None}]},
        f"{_QR}.item[0].item",
    ),
    (
        "group item 5",
        {**_resource(), "item": [{"linkId": "trust", "item": 5}]},
        f"{_QR}.item[0].item",
    ),
    ("item 5", {**_resource(), "item": 5}, f"{_QR}.item"),
    ("group 5", {**_resource(), "item": [5]}, f"{_QR}.item[0]"),
    # Each of these was read as valid before, dropping or changing what was written.
    (
        "entry an object",
        {"resourceType": "Bundle", "entry": {"resource": _resource()}},
        "Bundle.entry",
    ),
    ("entry 5", {"resourceType": "Bundle", "entry": 5}, "Bundle.entry"),
    (
        "entries misspelt",
        {"resourceType": "Bundle", "entries": [{"resource": _resource()}]},
        "Bundle.entries",
    ),
    (
        "answers misspelt",
        _answered({"linkId": "trust_1", "answers": []}),
        f"{_QR}.item[0].item[0].answers",
    ),
    (
        "modifierExtension",
        {**_resource(), "modifierExtension": [{"url": "x"}]},
        f"{_QR}.modifierExtension",
    ),
    ("entered in error", {**_resource(), "status": "entered-in-error"}, f"{_QR}.status"),
    ("in progress", {**_resource(), "status": "in-progress"}, f"{_QR}.status"),
    ("no status", {k: v for k, v in _resource().items() if k != "status"}, f"{_QR}.status"),
    ("authored junk", {**_resource(), "authored": "2024-05-01junk"}, f"{_QR}.authored"),
    ("authored no zone", {**_resource(), "authored": "2024-05-01T10:00:00"}, f"{_QR}.authored"),
    ("authored hour 24", {**_resource(), "authored": "2024-05-01T24:00:00Z"}, f"{_QR}.authored"),
    ("authored 31 June", {**_resource(), "authored": "2024-06-31"}, f"{_QR}.authored"),
    ("authored Arabic digits", {**_resource(), "authored": "٢٠٢٤-05-01"}, f"{_QR}.authored"),
    (
        "two of our ids",
        {**_resource(), "identifier": [_resource()["identifier"]] * 2},
        f"{_QR}.identifier",
    ),
    ("same id twice", _bundle(_resource(), _resource()), "Bundle.entry[1].resource.identifier"),
    (
        "lone surrogate",
        {**_resource(), "identifier": {**_resource()["identifier"], "value": "R-\ud800"}},
        f"{_QR}: respondent",
    ),
]


@pytest.mark.parametrize(
    ("resource", "location"), [pytest.param(r, loc, id=n) for n, r, loc in REFUSED]
)
def test_resources_that_crashed_or_passed_silently_are_refused_where_they_are_wrong(
    resource: dict[str, Any], location: str
) -> None:
    """Each resource raises ValidationError with one problem, at its location."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.fhir.from_resource(resource)
    assert [location] == [p.location for p in info.value.problems]


@pytest.mark.parametrize("status", ["completed", "amended", "stopped"])
@pytest.mark.parametrize(
    ("authored", "day"),
    [
        ("2024-05-01", "2024-05-01"),
        ("2024-05-01T23:30:00.5-01:00", "2024-05-01"),
        ("2024-02-29T00:00:00Z", "2024-02-29"),
    ],
)
def test_final_statuses_and_full_dates_are_read_with_the_day_as_written(
    status: str, authored: str, day: str
) -> None:
    """The accepted statuses import; a dateTime's day is the one written, not moved by its zone."""
    (response,) = cp.io.fhir.from_resource({**_resource(), "status": status, "authored": authored})
    assert isinstance(response, cp.EvaluationResponse)
    assert str(response.date) == day
    assert response.answered == 2


def test_the_same_id_in_a_response_and_an_assessment_is_not_a_duplicate() -> None:
    """Respondent ids and setting ids are different names: one of each may coincide."""
    assessment = cp.io.fhir.to_resource(cp.ReadinessAssessment({}, setting="R-1"))
    values = cp.io.fhir.from_resource(_bundle(_resource(), assessment))
    assert [type(v) for v in values] == [cp.EvaluationResponse, cp.ReadinessAssessment]


def test_an_unknown_element_whose_name_cannot_be_printed_is_located_on_its_parent() -> None:
    """Found by tests/fuzz: a lone surrogate in an element name made the message unprintable."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.fhir.from_resource({"resourceType": "Bundle", "entry": [], "\ud800": []})
    assert ["Bundle"] == [p.location for p in info.value.problems]
    str(info.value).encode("utf-8")
