"""The model's vocabularies: labels from the booklet, and activities that cannot be ranked."""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduction import (
    Activity,
    Dimension,
    Domain,
    Frequency,
    Level,
    PowerType,
    ReadinessAnswer,
    Severity,
)

COMPARISONS = [operator.lt, operator.le, operator.gt, operator.ge]


def test_activities_are_the_seven_of_the_booklet_in_its_order() -> None:
    """The seven activities carry the booklet's wording, top to bottom."""
    assert [
        "People are given instructions/information",
        "People are listened to",
        "People are supported in expressing views",
        "People's views are taken into account",
        "People involved in decision making, doing, and evaluating",
        "Shared person-staff decision making, doing, and evaluating",
        "People are in control of decision making, doing, and evaluating",
    ] == [activity.label for activity in Activity]


@given(st.sampled_from(Activity), st.sampled_from(Activity), st.sampled_from(COMPARISONS))
def test_no_activity_can_be_ordered_against_another(
    a: Activity, b: Activity, compare: Callable[[object, object], bool]
) -> None:
    """Activities are non-hierarchical: every ordering comparison raises TypeError."""
    with pytest.raises(TypeError):
        compare(a, b)


def test_activities_expose_no_numeric_rank() -> None:
    """An activity's value is a text code; it cannot be sorted or used as a number."""
    assert all(isinstance(a.value, str) for a in Activity)
    with pytest.raises(TypeError):
        sorted(Activity)  # type: ignore[type-var]
    with pytest.raises(TypeError):
        int(Activity.IN_CONTROL)  # type: ignore[call-overload]
    assert not hasattr(Activity.IN_CONTROL, "rank")


@pytest.mark.parametrize("kind", [PowerType, Level, Dimension, Domain, ReadinessAnswer])
def test_unordered_vocabularies_do_not_compare(kind: type[enum.Enum]) -> None:
    """Only the answer scale is ordinal; the other vocabularies have no order."""
    first, second = list(kind)[:2]
    with pytest.raises(TypeError):
        _ = first < second  # type: ignore[operator]


@given(st.sampled_from(Frequency), st.sampled_from(Frequency))
def test_frequency_compares_by_its_place_on_the_scale(a: Frequency, b: Frequency) -> None:
    """The answer scale is ordinal: comparisons follow Not at all < Sometimes < All the time."""
    order = list(Frequency)
    assert (a < b) == (order.index(a) < order.index(b))
    assert (a <= b) == (order.index(a) <= order.index(b))
    assert (a > b) == (order.index(a) > order.index(b))
    assert (a >= b) == (order.index(a) >= order.index(b))


def test_frequency_does_not_compare_with_numbers() -> None:
    """Answers are not numbers: comparing one with an int raises TypeError."""
    with pytest.raises(TypeError):
        _ = Frequency.SOMETIMES < 2  # type: ignore[operator]
    assert Frequency.SOMETIMES != 1  # type: ignore[comparison-overlap]


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (PowerType.OVER, "Power over"),
        (PowerType.WITH, "Power with"),
        (PowerType.FROM_WITHIN, "Power from within"),
        (Level.INDIVIDUAL, "Individual"),
        (Level.GROUP, "Group"),
        (Level.SYSTEMIC, "Systemic"),
        (Domain.RISK_ACTION, "Risk/action"),
        (Domain.POWER_WITH, "Power with"),
        (Frequency.NOT_AT_ALL, "Not at all"),
        (Frequency.SOMETIMES, "Sometimes"),
        (Frequency.ALL_THE_TIME, "All the time"),
        (Dimension.READINESS, "Readiness to share power"),
        (ReadinessAnswer.PARTLY, "Partly"),
    ],
)
def test_labels_are_the_booklets_words(member: PowerType, label: str) -> None:
    """Each member's label is the wording used in the booklet (or the documented convention)."""
    assert label == member.label


@pytest.mark.parametrize(
    ("dimension", "about"),
    [
        (Dimension.OBLIGATION, "policies"),
        (Dimension.READINESS, "staff attitude"),
        (Dimension.INFRASTRUCTURE, "implementation infrastructure"),
    ],
)
def test_dimensions_say_what_they_stand_for(dimension: Dimension, about: str) -> None:
    """Obligation is policy, readiness is staff attitude, infrastructure is procedure."""
    assert about == dimension.about


def test_two_ordinal_scales_do_not_compare_with_each_other() -> None:
    """Answers and warning severities are both ordinal, but not on one scale."""
    with pytest.raises(TypeError):
        _ = Frequency.SOMETIMES < Severity.HIGH  # type: ignore[operator]
    assert Severity.LOW < Severity.MEDIUM < Severity.HIGH
