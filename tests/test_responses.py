"""Responses and assessments: strict constructors, loose named constructors, value semantics."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduction import (
    Activity,
    Dimension,
    EvaluationResponse,
    Frequency,
    Level,
    Problem,
    ReadinessAnswer,
    ReadinessAssessment,
    ValidationError,
)
from strategies import (
    CELLS,
    ITEM_IDS,
    evaluation_answers,
    evaluation_responses,
    not_cells,
    not_frequencies,
    not_readiness_answers,
    readiness_assessments,
)

LISTEN_POLICY = (Activity.LISTENED_TO, Dimension.OBLIGATION)


def locations(error: ValidationError) -> list[str]:
    """The locations of an error's problems, in order."""
    return [problem.location for problem in error.problems]


# --- EvaluationResponse: the strict constructor ----------------------------------


def test_every_item_is_stored_in_order_and_absent_means_unanswered() -> None:
    """The stored answers hold all 23 items in the instrument's order, None where unanswered."""
    response = EvaluationResponse({"trust_2": Frequency.SOMETIMES, "support_1": None})
    assert ITEM_IDS == tuple(response.answers)
    assert Frequency.SOMETIMES == response.answers["trust_2"]
    assert response.answers["support_1"] is None
    assert response.answers["power_with_5"] is None
    assert 1 == response.answered
    assert 22 == len(response.unanswered)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2, "got int 2"),
        ("yes", "got str 'yes'"),
        ("Sometimes", "got str 'Sometimes'"),
        (True, "got bool True"),
        (1.0, "got float 1.0"),
        (ReadinessAnswer.YES, "an answer to the other instrument"),
    ],
)
def test_answers_that_are_not_frequency_members_are_refused(value: object, expected: str) -> None:
    """Numbers, text, booleans and readiness answers are refused, never coerced."""
    with pytest.raises(ValidationError) as info:
        EvaluationResponse({"support_1": value})  # type: ignore[dict-item]
    assert ["answers['support_1']"] == locations(info.value)
    assert expected in info.value.problems[0].message


def test_every_problem_is_reported_at_once_with_its_location() -> None:
    """One error lists unknown ids, bad keys, bad values and bad context together."""
    with pytest.raises(ValidationError) as info:
        EvaluationResponse(
            {"support_1": 2, "trust_9": Frequency.SOMETIMES, 7: None},  # type: ignore[dict-item]
            respondent=42,  # type: ignore[arg-type]
            date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            level="group",  # type: ignore[arg-type]
            activities=["listened_to"],  # type: ignore[list-item]
            preferred_activities="shared",  # type: ignore[arg-type]
        )
    assert [
        "answers['support_1']",
        "answers['trust_9']",
        "answers[7]",
        "respondent",
        "date",
        "level",
        "activities[0]",
        "preferred_activities",
    ] == locations(info.value)
    assert "evaluation response: 8 problems" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_the_answers_must_be_a_mapping() -> None:
    """A list of answers is refused with a message saying what is accepted."""
    with pytest.raises(ValidationError, match="expected a mapping of item id to answer"):
        EvaluationResponse([Frequency.SOMETIMES])  # type: ignore[arg-type]


def test_an_empty_respondent_id_is_refused() -> None:
    """A blank pseudonym is a mistake, not an id."""
    with pytest.raises(ValidationError) as info:
        EvaluationResponse({}, respondent="  ")
    assert ["respondent"] == locations(info.value)


def test_context_is_kept() -> None:
    """Pseudonym, date, level and activities are stored as given (activities as frozensets)."""
    response = EvaluationResponse(
        {},
        respondent="R-001",
        date=dt.date(2026, 11, 1),
        level=Level.INDIVIDUAL,
        activities=[Activity.LISTENED_TO, Activity.LISTENED_TO],
        preferred_activities=(Activity.INFORMED,),
    )
    assert "R-001" == response.respondent
    assert dt.date(2026, 11, 1) == response.date
    assert Level.INDIVIDUAL is response.level
    assert frozenset({Activity.LISTENED_TO}) == response.activities
    assert frozenset({Activity.INFORMED}) == response.preferred_activities


@given(evaluation_answers(), st.sampled_from(ITEM_IDS), not_frequencies)
def test_any_value_that_is_not_a_frequency_is_refused_at_its_item(
    answers: dict[str, Frequency | None], item_id: str, bad: object
) -> None:
    """Whatever else is valid, one bad value is refused and located at its item."""
    answers[item_id] = bad  # type: ignore[assignment]
    with pytest.raises(ValidationError) as info:
        EvaluationResponse(answers)
    assert [f"answers[{item_id!r}]"] == locations(info.value)


@given(evaluation_answers(), st.text().filter(lambda t: t not in ITEM_IDS))
def test_any_unknown_item_id_is_refused(answers: dict[str, Frequency | None], key: str) -> None:
    """A key that is not an item id is refused, and the message says what the ids are."""
    answers[key] = Frequency.SOMETIMES
    with pytest.raises(ValidationError) as info:
        EvaluationResponse(answers)
    assert [f"answers[{key!r}]"] == locations(info.value)
    assert "support_1" in info.value.problems[0].message


@given(evaluation_answers(), st.randoms())
def test_absent_and_none_are_the_same_and_order_does_not_matter(
    answers: dict[str, Frequency | None], rnd: random.Random
) -> None:
    """Leaving an item out equals answering None, whatever the order of the mapping."""
    present = {k: v for k, v in answers.items() if v is not None}
    shuffled = list(answers.items())
    rnd.shuffle(shuffled)
    a = EvaluationResponse(answers)
    b = EvaluationResponse(dict(shuffled))
    c = EvaluationResponse(present)
    assert a == b == c
    assert hash(a) == hash(b) == hash(c)


@given(evaluation_responses())
def test_responses_are_frozen_hashable_and_equal_by_value(response: EvaluationResponse) -> None:
    """Rebuilding a response from its own fields gives an equal, equally hashed object."""
    copy = EvaluationResponse(
        dict(response.answers),
        respondent=response.respondent,
        date=response.date,
        level=response.level,
        activities=response.activities,
        preferred_activities=response.preferred_activities,
    )
    assert response == copy
    assert hash(response) == hash(copy)
    assert attrs.evolve(response) == response
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        response.respondent = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        response.answers["support_1"] = Frequency.SOMETIMES  # type: ignore[index]


def test_the_callers_mapping_is_copied() -> None:
    """Changing the dict after construction does not change the response."""
    given_answers: dict[str, Frequency | None] = {"support_1": Frequency.SOMETIMES}
    response = EvaluationResponse(given_answers)
    given_answers["support_1"] = Frequency.NOT_AT_ALL
    assert Frequency.SOMETIMES == response.answers["support_1"]


# --- EvaluationResponse.from_labels ----------------------------------------------


@pytest.mark.parametrize(
    ("loose", "expected"),
    [
        ("Not at all", Frequency.NOT_AT_ALL),
        ("not_at_all", Frequency.NOT_AT_ALL),
        ("  NOT-AT-ALL ", Frequency.NOT_AT_ALL),
        ("sometimes", Frequency.SOMETIMES),
        ("all the time", Frequency.ALL_THE_TIME),
        ("All_the_time", Frequency.ALL_THE_TIME),
        (0, Frequency.NOT_AT_ALL),
        (1, Frequency.SOMETIMES),
        (2, Frequency.ALL_THE_TIME),
        ("0", Frequency.NOT_AT_ALL),
        (" 2 ", Frequency.ALL_THE_TIME),
        (Frequency.SOMETIMES, Frequency.SOMETIMES),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_from_labels_reads_labels_and_codes(loose: object, expected: Frequency | None) -> None:
    """Labels in any case or spelling of separators, the codes 0-2, and blanks are read."""
    assert expected == EvaluationResponse.from_labels({"trust_1": loose}).answers["trust_1"]


@pytest.mark.parametrize("bad", [3, -1, True, False, 1.0, "often", "yes", "2.0", b"1"])
def test_from_labels_refuses_what_it_cannot_read(bad: object) -> None:
    """Anything outside the documented labels and codes is refused, never guessed."""
    with pytest.raises(ValidationError) as info:
        EvaluationResponse.from_labels({"trust_1": bad})
    assert ["answers['trust_1']"] == locations(info.value)
    assert "accepted" in info.value.problems[0].message


def test_from_labels_reports_bad_values_and_bad_keys_together() -> None:
    """A value it cannot read and an id it does not know are both reported, with context."""
    with pytest.raises(ValidationError) as info:
        EvaluationResponse.from_labels(
            {"support_1": "often", "nope": "Sometimes", "trust_1": "maybe"}, respondent=""
        )
    assert sorted(
        ["answers['support_1']", "answers['trust_1']", "answers['nope']", "respondent"]
    ) == sorted(locations(info.value))


# --- ReadinessAssessment ---------------------------------------------------------


def test_every_cell_is_stored_and_absent_means_unanswered() -> None:
    """The stored answers hold all 21 cells, row by row, None where unanswered."""
    assessment = ReadinessAssessment({LISTEN_POLICY: ReadinessAnswer.NO}, setting="ward-a")
    assert CELLS == tuple(assessment.answers)
    assert ReadinessAnswer.NO == assessment.answers[LISTEN_POLICY]
    assert 20 == len(assessment.unanswered)
    assert LISTEN_POLICY not in assessment.unanswered
    assert "ward-a" == assessment.setting


@given(readiness_assessments(), st.sampled_from(CELLS), not_readiness_answers)
def test_any_value_that_is_not_a_readiness_answer_is_refused(
    assessment: ReadinessAssessment, cell: tuple[Activity, Dimension], bad: object
) -> None:
    """Words such as "yes", True, numbers and Frequency members are refused at their cell."""
    answers = dict(assessment.answers)
    answers[cell] = bad  # type: ignore[assignment]
    with pytest.raises(ValidationError) as info:
        ReadinessAssessment(answers)
    assert [f"answers[{cell[0].name}, {cell[1].name}]"] == locations(info.value)


@given(not_cells)
def test_keys_that_are_not_cells_are_refused(key: object) -> None:
    """Only (Activity, Dimension) pairs of members are cells."""
    with pytest.raises(ValidationError) as info:
        ReadinessAssessment({key: ReadinessAnswer.YES})  # type: ignore[dict-item]
    assert "(Activity, Dimension) pair" in info.value.problems[0].message


@given(readiness_assessments())
def test_assessments_are_equal_by_value_and_hashable(assessment: ReadinessAssessment) -> None:
    """Rebuilding an assessment from its fields gives an equal, equally hashed object."""
    copy = ReadinessAssessment(
        {k: v for k, v in assessment.answers.items() if v is not None},
        setting=assessment.setting,
        date=assessment.date,
    )
    assert assessment == copy
    assert hash(assessment) == hash(copy)


def test_readiness_from_labels_reads_question_ids_and_words() -> None:
    """Question ids or cells as keys; yes/partly/no in any case; blanks as unanswered."""
    assessment = ReadinessAssessment.from_labels(
        {
            "listened_to_obligation": "Yes",
            (Activity.SHARED, Dimension.READINESS): " partly ",
            "in_control_infrastructure": "NO",
            "informed_readiness": "",
        }
    )
    assert ReadinessAnswer.YES == assessment.answers[LISTEN_POLICY]
    assert ReadinessAnswer.PARTLY == assessment.answers[Activity.SHARED, Dimension.READINESS]
    assert ReadinessAnswer.NO == assessment.answers[Activity.IN_CONTROL, Dimension.INFRASTRUCTURE]
    assert assessment.answers[Activity.INFORMED, Dimension.READINESS] is None


def test_readiness_from_labels_reports_every_problem() -> None:
    """Unknown question ids, unreadable words and bad context are all listed."""
    with pytest.raises(ValidationError) as info:
        ReadinessAssessment.from_labels(
            {"listened_to_policy": "yes", "shared_readiness": "maybe", "informed_readiness": 1},
            setting=3,  # type: ignore[arg-type]
        )
    assert [
        "answers['listened_to_policy']",
        "answers[SHARED, READINESS]",
        "answers[INFORMED, READINESS]",
        "setting",
    ] == locations(info.value)


def test_problems_print_with_their_location() -> None:
    """A problem reads as 'location: message'."""
    assert "answers['x']: unknown" == str(Problem("answers['x']", "unknown"))


def test_validation_error_needs_a_problem() -> None:
    """An error with nothing wrong would be a bug; it is refused."""
    with pytest.raises(ValueError, match="at least one problem"):
        ValidationError("thing", [])
