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
  over what I am doing", "Not at all"; and, read widely, ``power_with_4`` "I
  believe that I can make decisions on my own" "Not at all" (or "Sometimes": she
  "did agree");
- "I did agree": ``risk_action_3`` "I make final decisions by myself, or with
  someone else", which agreeing may or may not be ("All the time" when agreeing is
  deciding with someone else, "Sometimes", or "Not at all" when agreeing to a plan
  made by others is not making a decision);
- "they thought they had ticked the box": her words do not say whether talking
  changed things, so ``risk_action_5`` "When we talk about things, things change"
  is left unanswered by some encodings and "Not at all" in others.
"""

from __future__ import annotations

from typing import Final

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
from coproduction.rules import DEFAULT_RULES, ItemRule, WarningRules

N, S, A = Frequency.NOT_AT_ALL, Frequency.SOMETIMES, Frequency.ALL_THE_TIME

#: What her words state in so many words, and no more: the core of every encoding.
CORE: dict[str, Frequency] = {
    "support_1": A,  # "involved me"
    "support_3": A,  # "listened to me"
    "power_with_2": N,  # "I didn't have any real control"
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

#: The issue's literal reading (issue 14): Support and "staff will listen" "All the
#: time", control and deciding on her own "Not at all"; nothing else answered.
ISSUE_LITERAL: dict[str, Frequency] = {**INVOLVED_WIDELY, "power_with_2": N, "power_with_4": N}

#: A reviewer's reading: every statement "Sometimes" where her words are silent;
#: "I did agree" as deciding with someone else, "All the time"; deciding on her own
#: "Sometimes"; nothing changed when talking.
EVERY_STATEMENT_SOMETIMES: dict[str, Frequency] = {
    **dict.fromkeys(COPRODUCTION_EVALUATION.item_ids, S),
    **INVOLVED_WIDELY,
    "power_with_2": N,
    "power_with_4": S,
    "risk_action_3": A,
    "risk_action_5": N,
}

#: Each encoding, with why it is a faithful reading of her account.
ENCODINGS: dict[str, dict[str, Frequency]] = {
    # Only what she says in so many words; every other statement unanswered.
    "her words only": CORE,
    # The issue's literal reading, with nothing else answered.
    "the issue's literal reading": ISSUE_LITERAL,
    # ... and "they thought they had ticked the box": talking did not change things.
    "listened to, nothing changed": {**ISSUE_LITERAL, "risk_action_5": N},
    # "I did agree": final decisions with someone else, sometimes.
    "she agreed, sometimes": {**ISSUE_LITERAL, "risk_action_3": S},
    # "I did agree" to a plan made by others: that is not making final decisions.
    "she agreed, not decided": {**ISSUE_LITERAL, "risk_action_3": N},
    # The reviewer's reading: she agreed, so she decided with someone else "All the
    # time" and on her own "Sometimes"; every silent statement "Sometimes".
    "every statement sometimes, she agreed": EVERY_STATEMENT_SOMETIMES,
    # The same, with the two statements her words leave open unanswered.
    "agreement and deciding left open": {
        k: v
        for k, v in EVERY_STATEMENT_SOMETIMES.items()
        if k not in {"power_with_4", "risk_action_3"}
    },
    # She names being listened to and involved, not comfort or different points of
    # view: those Support statements "Sometimes", as is "staff will listen and help".
    # (The rule before 0.2.0 was silenced by exactly this.)
    "only what she names is high": {
        **ISSUE_LITERAL,
        "support_2": S,
        "support_4": S,
        "power_with_3": S,
        "risk_action_3": S,
    },
    # Every statement answered: her account where it speaks, "Sometimes" (the middle
    # answer, which raises nothing by itself) where it is silent.
    "every statement answered": {
        **dict.fromkeys(COPRODUCTION_EVALUATION.item_ids, S),
        **ISSUE_LITERAL,
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
    assert {"support_1": A, "support_3": A, "power_with_2": N}.items() <= tick_box.items.items()
    assert b.LUCA_TICKED_THE_BOX == tick_box.passage
    listening = raised[Flag.LISTENED_TO_WITHOUT_CHANGE]
    assert {"support_3": A, "power_with_2": N}.items() <= listening.items.items()


def test_the_issue_literal_reading_with_nothing_else_answered_raises_both() -> None:
    """Issue 14's own encoding, alone: both raised, neither "not assessed" (it was)."""
    report = power_over_report(luca(dict(ISSUE_LITERAL)))
    assert set(LUCA_FLAGS) <= {w.flag for w in report.warnings}
    assert not set(LUCA_FLAGS) & {n.flag for n in report.not_assessed}


def test_the_reviewers_reading_raises_both_with_or_without_agreement_answered() -> None:
    """Deciding with someone else "All the time", on her own "Sometimes": both raised.

    Under the rule that asked for 2 of the 3 control statements low this was quiet
    (answered) or not assessed (left open), though she had no "real control".
    """
    for name in ("every statement sometimes, she agreed", "agreement and deciding left open"):
        report = power_over_report(luca(dict(ENCODINGS[name])))
        assert set(LUCA_FLAGS) <= {w.flag for w in report.warnings}, name


def test_the_encodings_are_her_account_not_something_else(encoding: EvaluationResponse) -> None:
    """Each keeps the core of her words, and claims control over what she does nowhere."""
    for item_id, answer in CORE.items():
        assert answer is encoding.answers[item_id], item_id
    assert encoding.answers["power_with_2"] is N
    assert encoding.answers["power_with_4"] in {None, N, S}
    assert encoding.answers["power_with_5"] in {None, S}  # she never says she could make change


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

    This is the specification of both rules since 0.2.0: high involvement answers
    with a low control answer raise the tick-box flag, and being heard with a low
    control answer raises "listening without change", whatever the other answers are.
    """
    raised = {w.flag for w in power_over_report(luca({**others, **CORE})).warnings}
    assert set(LUCA_FLAGS) <= raised


def silenced_by(rules: WarningRules, flag: Flag) -> list[str]:
    """The encodings that do not raise ``flag`` under ``rules``."""
    reports = {name: power_over_report(luca(dict(a)), rules=rules) for name, a in ENCODINGS.items()}
    return [name for name, r in reports.items() if flag not in {w.flag for w in r.warnings}]


#: Earlier rules, each silenced by some encodings (so the tests above fail on them).
OLD_TICK_BOX: Final = {
    # 0.1.0: 3 of the 4 Support statements "All the time", 2 of 3 control low.
    "0.1.0": ItemRule(
        high_items=("support_1", "support_2", "support_3", "support_4"),
        at_least=A,
        min_high=3,
        low_items=("power_with_2", "power_with_4", "risk_action_3"),
        min_low=2,
        severity=DEFAULT_RULES.tick_box_involvement.severity,
    ),
    # The first revision for issue 14: 2 of 5 high, still 2 of 3 control low.
    "two of three low": attrs.evolve(DEFAULT_RULES.tick_box_involvement, min_low=2),
}
OLD_LISTENING: Final = {
    # 0.1.0: "staff want to hear" at least "Sometimes", "things change" "Not at all".
    "0.1.0": ItemRule(
        high_items=("support_3",),
        at_least=S,
        low_items=("risk_action_5",),
        severity=DEFAULT_RULES.listened_to_without_change.severity,
    ),
}


@pytest.mark.parametrize(
    ("flag", "rule", "expected"),
    [
        (
            Flag.TICK_BOX_INVOLVEMENT,
            OLD_TICK_BOX["0.1.0"],
            [
                "her words only",
                "every statement sometimes, she agreed",
                "agreement and deciding left open",
                "only what she names is high",
            ],
        ),
        (
            Flag.TICK_BOX_INVOLVEMENT,
            OLD_TICK_BOX["two of three low"],
            [
                "her words only",
                "every statement sometimes, she agreed",
                "agreement and deciding left open",
            ],
        ),
        (
            Flag.LISTENED_TO_WITHOUT_CHANGE,
            OLD_LISTENING["0.1.0"],
            [
                "her words only",
                "the issue's literal reading",
                "she agreed, sometimes",
                "she agreed, not decided",
                "only what she names is high",
                "every statement answered",
            ],
        ),
    ],
    ids=["tick box 0.1.0", "tick box two of three low", "listening 0.1.0"],
)
def test_the_rules_before_would_fail_these_tests(
    flag: Flag, rule: ItemRule, expected: list[str]
) -> None:
    """Each earlier rule is silenced by faithful encodings, so the tests above fail on it."""
    rules = attrs.evolve(DEFAULT_RULES, **{flag.value: rule})  # type: ignore[arg-type]
    assert expected == silenced_by(rules, flag)


@pytest.mark.parametrize(
    ("flag", "change"),
    [
        (Flag.TICK_BOX_INVOLVEMENT, {"min_high": 3}),
        (Flag.TICK_BOX_INVOLVEMENT, {"min_low": 2}),
        (Flag.TICK_BOX_INVOLVEMENT, {"enabled": False}),
        (Flag.LISTENED_TO_WITHOUT_CHANGE, {"low_items": ("risk_action_5", "power_with_5")}),
        (Flag.LISTENED_TO_WITHOUT_CHANGE, {"min_high": 2}),
        (Flag.LISTENED_TO_WITHOUT_CHANGE, {"enabled": False}),
    ],
    ids=[
        "tick box: three high",
        "tick box: two low",
        "tick box: switched off",
        "listening: change statements only",
        "listening: two high",
        "listening: switched off",
    ],
)
def test_a_rule_change_that_silences_luca_is_caught(flag: Flag, change: dict[str, object]) -> None:
    """Plausible edits of either rule that would silence her account are detected."""
    rule = attrs.evolve(DEFAULT_RULES.rule(flag), **change)  # type: ignore[arg-type]
    rules = attrs.evolve(DEFAULT_RULES, **{flag.value: rule})  # type: ignore[arg-type]
    assert silenced_by(rules, flag)
