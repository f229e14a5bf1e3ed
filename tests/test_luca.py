"""Luca's story as a test of the model: her account must raise the warnings it describes.

The booklet (Quinn, 2022, page 12) tells how Luca "described her involvement in the
planning of her care":

    "As long as the professionals thought about me, listened to me, and involved me
    in my care plan, they thought they had ticked the box. I was involved and I did
    agree. But really, I didn't have any real control."

Her words do not say how she would answer each statement of the Coproduction
Evaluation, so this module encodes them several ways, each faithful to what she
says and each explained below. Whatever the encoding, "Involvement without real
control" (TICK_BOX_INVOLVEMENT) and "Listening without change"
(LISTENED_TO_WITHOUT_CHANGE) must be raised with the default rules: a rule change
that silences either for any encoding fails these tests.

What her words speak to, statement by statement (ids from ``docs/instruments.md``):

- "thought about me ... involved me": ``support_1`` "Staff have asked me how I
  would like to take part" (and, read widely, ``support_2`` "I am supported to
  participate in the ways I find most comfortable");
- "listened to me": ``support_3`` "I believe staff want to hear what I have to
  say" (and, read widely, ``support_4`` "... listen to different points of view"
  and ``power_with_3`` "I believe that I can make suggestions and staff will
  listen and help");
- "I didn't have any real control": ``power_with_2`` "I believe that I have control
  over what I am doing" and ``power_with_4`` "I believe that I can make decisions
  on my own", "Not at all";
- "I did agree": ``risk_action_3`` "I make final decisions by myself, or with
  someone else", which agreeing may or may not be ("Sometimes", or "Not at all"
  when agreeing to a plan made by others is not making a decision);
- "they thought they had ticked the box": being listened to was where it stopped,
  so ``risk_action_5`` "When we talk about things, things change", "Not at all".
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduction import (
    COPRODUCTION_EVALUATION,
    EvaluationCohort,
    EvaluationResponse,
    Flag,
    Frequency,
    cohort_warnings,
    power_over_report,
)
from coproduction import _booklet as b
from coproduction.rules import DEFAULT_RULES, ItemRule

N, S, A = Frequency.NOT_AT_ALL, Frequency.SOMETIMES, Frequency.ALL_THE_TIME

#: The statements her words speak to directly, and how: the core of every encoding.
CORE: dict[str, Frequency] = {
    "support_1": A,  # "involved me"
    "support_3": A,  # "listened to me"
    "power_with_2": N,  # "I didn't have any real control"
    "power_with_4": N,  # nor decisions on her own
    "risk_action_5": N,  # "they thought they had ticked the box": nothing changed
}

#: Listened to and involved, read widely: every Support statement and "staff will
#: listen and help" "All the time".
INVOLVED_WIDELY: dict[str, Frequency] = {
    "support_1": A,
    "support_2": A,
    "support_3": A,
    "support_4": A,
    "power_with_3": A,
}

#: Each encoding, with why it is a faithful reading of her account.
ENCODINGS: dict[str, dict[str, Frequency]] = {
    # Only what she says in so many words; every other statement unanswered.
    "her words only": CORE,
    # The literal reading: Support and "staff will listen" high, control low.
    "listened to and involved, widely": {**CORE, **INVOLVED_WIDELY},
    # "I did agree": final decisions with someone else, sometimes.
    "she agreed, sometimes": {**CORE, **INVOLVED_WIDELY, "risk_action_3": S},
    # "I did agree" to a plan made by others: that is not making final decisions.
    "she agreed, not decided": {**CORE, **INVOLVED_WIDELY, "risk_action_3": N},
    # She names being listened to and involved, not comfort or different points of
    # view: those Support statements "Sometimes", as is "staff will listen and help".
    # (The rule before 0.2.0 was silenced by exactly this.)
    "only what she names is high": {
        **CORE,
        "support_2": S,
        "support_4": S,
        "power_with_3": S,
        "risk_action_3": S,
    },
    # Every statement answered: her account where it speaks, "Sometimes" (the middle
    # answer, which raises nothing by itself) where it is silent.
    "every statement answered": {
        **dict.fromkeys(COPRODUCTION_EVALUATION.item_ids, S),
        **CORE,
        **INVOLVED_WIDELY,
    },
}

LUCA_FLAGS = (Flag.TICK_BOX_INVOLVEMENT, Flag.LISTENED_TO_WITHOUT_CHANGE)


def luca(answers: dict[str, Frequency | None]) -> EvaluationResponse:
    """Luca's account as a response."""
    return EvaluationResponse(answers, respondent="LUCA-EXAMPLE")


@pytest.fixture(params=list(ENCODINGS), ids=list(ENCODINGS))
def encoding(request: pytest.FixtureRequest) -> EvaluationResponse:
    """Each faithful encoding of Luca's account, as a response."""
    return luca(dict(ENCODINGS[request.param]))


def test_every_encoding_raises_involvement_without_control_and_listening_without_change(
    encoding: EvaluationResponse,
) -> None:
    """With the default rules, both warnings her story describes are raised."""
    raised = {w.flag: w for w in power_over_report(encoding).warnings}
    for flag in LUCA_FLAGS:
        assert flag in raised, flag
    tick_box = raised[Flag.TICK_BOX_INVOLVEMENT]
    assert {"power_with_2": N, "power_with_4": N}.items() <= tick_box.items.items()
    assert b.LUCA_TICKED_THE_BOX == tick_box.passage
    assert {"support_3": A, "risk_action_5": N} == raised[Flag.LISTENED_TO_WITHOUT_CHANGE].items


def test_the_encodings_are_her_account_not_something_else(encoding: EvaluationResponse) -> None:
    """Each keeps the core of her words, and claims control nowhere."""
    for item_id, answer in CORE.items():
        assert answer is encoding.answers[item_id], item_id
    assert encoding.answers["risk_action_3"] in {None, N, S}


def test_the_cohort_warnings_follow_the_same_rules_for_every_encoding() -> None:
    """The vectorised warnings read DEFAULT_RULES too: each encoding, one row, both raised."""
    cohort = EvaluationCohort.from_responses([luca(dict(a)) for a in ENCODINGS.values()])
    found = cohort_warnings(cohort)
    for flag in LUCA_FLAGS:
        assert found.raised[:, found.flags.index(flag)].all(), flag


@given(
    st.fixed_dictionaries(
        {},
        optional={
            item_id: st.none() | st.sampled_from(Frequency)
            for item_id in COPRODUCTION_EVALUATION.item_ids
            if item_id not in CORE
        },
    )
)
def test_whatever_the_other_answers_her_core_raises_both_warnings(
    others: dict[str, Frequency | None],
) -> None:
    """Any answers (or none) to the statements her words do not speak to: both still raised.

    This is the tick-box rule's specification since 0.2.0: high involvement answers
    with low control answers raise it whatever the other Support answers are.
    """
    raised = {w.flag for w in power_over_report(luca({**others, **CORE})).warnings}
    assert set(LUCA_FLAGS) <= raised


def test_the_rule_before_0_2_0_would_fail_these_tests() -> None:
    """The old tick-box rule (3 of the 4 Support statements) is silenced by two encodings.

    So the tests above fail on the old rule, as a change that silences them must.
    """
    old = attrs.evolve(
        DEFAULT_RULES,
        tick_box_involvement=ItemRule(
            high_items=("support_1", "support_2", "support_3", "support_4"),
            at_least=A,
            min_high=3,
            low_items=("power_with_2", "power_with_4", "risk_action_3"),
            min_low=2,
            severity=DEFAULT_RULES.tick_box_involvement.severity,
        ),
    )
    silenced = [
        name
        for name, answers in ENCODINGS.items()
        if Flag.TICK_BOX_INVOLVEMENT
        not in {w.flag for w in power_over_report(luca(dict(answers)), rules=old).warnings}
    ]
    assert ["her words only", "only what she names is high"] == silenced


@pytest.mark.parametrize(
    "change",
    [
        {"min_high": 3},
        {"at_most": S, "min_low": 3},
        {"enabled": False},
    ],
    ids=["three high", "three low", "switched off"],
)
def test_a_rule_change_that_silences_luca_is_caught(change: dict[str, object]) -> None:
    """Plausible edits of the tick-box rule that would silence her account are detected."""
    rule = attrs.evolve(DEFAULT_RULES.tick_box_involvement, **change)  # type: ignore[arg-type]
    rules = attrs.evolve(DEFAULT_RULES, tick_box_involvement=rule)
    silenced = [
        name
        for name, answers in ENCODINGS.items()
        if Flag.TICK_BOX_INVOLVEMENT
        not in {w.flag for w in power_over_report(luca(dict(answers)), rules=rules).warnings}
    ]
    assert silenced
