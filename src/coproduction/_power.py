"""The RRN model itself: how power is used, where coproduction happens, and what people do.

The labels and descriptions are the booklet's words (see :mod:`coproduction._booklet`).
"""

from __future__ import annotations

from coproduction import _booklet as b
from coproduction._labelled import LabelledEnum

__all__ = ["Activity", "Level", "PowerType", "Reason"]


class PowerType(LabelledEnum):
    """The three ways power can be used in coproduction (Proctor, 2017, in the booklet).

    Each member has a :attr:`label` and the booklet's :attr:`description`.

    >>> PowerType.WITH.label
    'Power with'
    >>> PowerType.OVER.description.startswith("This type of power is built on coercion")
    True

    .. versionadded:: 0.1.0
    """

    label: str

    description: str

    def __init__(self, _code: str, _label: str, description: str) -> None:
        self.description = description

    #: Power over, built on coercion, domination and control.
    OVER = ("over", b.POWER_OVER, b.POWER_OVER_DESCRIPTION)
    #: Power with, shared power that grows out of relationships.
    WITH = ("with", b.POWER_WITH, b.POWER_WITH_DESCRIPTION)
    #: Power from within, people's own strengths and control, valued and grown.
    FROM_WITHIN = ("from_within", b.POWER_FROM_WITHIN, b.POWER_FROM_WITHIN_DESCRIPTION)


class Level(LabelledEnum):
    """The three levels at which coproduction can happen.

    >>> [level.label for level in Level]
    ['Individual', 'Group', 'Systemic']

    .. versionadded:: 0.1.0
    """

    label: str

    #: A person's own care, e.g. planning it with the staff who support them.
    INDIVIDUAL = ("individual", b.LEVEL_INDIVIDUAL)
    #: A group, e.g. a ward community or a hospital-based project.
    GROUP = ("group", b.LEVEL_GROUP)
    #: The service or system, e.g. its policies and procedures.
    SYSTEMIC = ("systemic", b.LEVEL_SYSTEMIC)


class Activity(LabelledEnum):
    """The seven coproduction activities, in the booklet's order.

    The activities are **non-hierarchical**: "one activity [...] is not better than
    another", and people choose how they take part. So activities cannot be
    ordered: ``<``, ``<=``, ``>`` and ``>=`` raise :class:`TypeError` (and a type
    checker rejects them), and no numeric rank is exposed. The
    :attr:`~enum.Enum.value` of a member is a stable text code, not a position.
    Where a display order is needed, take it from the instrument,
    :attr:`coproduction.ReadinessChecker.activities`, which is the booklet's order.

    >>> Activity.LISTENED_TO.label
    'People are listened to'
    >>> Activity.LISTENED_TO < Activity.IN_CONTROL  # type: ignore[operator]
    Traceback (most recent call last):
    ...
    TypeError: '<' not supported between instances of 'Activity' and 'Activity'

    .. versionadded:: 0.1.0
    """

    label: str

    #: "People are given instructions/information"
    INFORMED = ("informed", b.READINESS_ROWS[0][0])
    #: "People are listened to"
    LISTENED_TO = ("listened_to", b.READINESS_ROWS[1][0])
    #: "People are supported in expressing views"
    EXPRESSING_VIEWS = ("expressing_views", b.READINESS_ROWS[2][0])
    #: "People's views are taken into account"
    VIEWS_TAKEN_INTO_ACCOUNT = ("views_taken_into_account", b.READINESS_ROWS[3][0])
    #: "People involved in decision making, doing, and evaluating"
    INVOLVED = ("involved", b.READINESS_ROWS[4][0])
    #: "Shared person-staff decision making, doing, and evaluating"
    SHARED = ("shared", b.READINESS_ROWS[5][0])
    #: "People are in control of decision making, doing, and evaluating"
    IN_CONTROL = ("in_control", b.READINESS_ROWS[6][0])


class Reason(LabelledEnum):
    """The booklet's four reasons why "power with" can become "power over", in its order.

    "This kind of situation happens if professionals are not mindful of the factors
    stopping people from having 'real control'. This can be for the following
    reasons:" Each member's :attr:`label` is one reason, word for word. Which
    reasons a warning reflects (:attr:`coproduction.Flag.reasons`) is **the
    library's reading** of the booklet, not the booklet's own.

    >>> Reason.KNOWS_BEST.label.endswith("makes them or others think they know best.")
    True
    >>> [reason.value for reason in Reason][:2]
    ['knows_best', 'professional_knowledge_first']

    .. versionadded:: 0.2.0
    """

    label: str

    #: The professional's role and job title make them, or others, think they know best.
    KNOWS_BEST = ("knows_best", b.REASON_KNOWS_BEST)
    #: Professionals' knowledge is valued above the knowledge of lived experience.
    PROFESSIONAL_KNOWLEDGE_FIRST = ("professional_knowledge_first", b.REASON_PROFESSIONAL_KNOWLEDGE)
    #: Differences are not respected or needs not met, which stops people taking part fully.
    DIFFERENCES_AND_NEEDS = ("differences_and_needs", b.REASON_NEEDS_NOT_MET)
    #: Only "impairments" are looked at, so knowledge and strengths are not considered.
    IMPAIRMENTS_NOT_STRENGTHS = ("impairments_not_strengths", b.REASON_IMPAIRMENTS)
