"""Readiness gaps: where a setting's readiness falls short, activity by activity."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from coproduction import _readings
from coproduction._checks import expect
from coproduction._frozen import FrozenDict
from coproduction._gaps.common import CHOICE_NOTE
from coproduction._instruments import (
    READINESS_CHECKER,
    Dimension,
    ReadinessAnswer,
)
from coproduction._labelled import LabelledEnum
from coproduction._power import Activity
from coproduction._readings import Prompt
from coproduction._responses import ReadinessAssessment
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError


class GapPattern(LabelledEnum):
    """How an activity's policy, staff readiness and procedure fall apart: a gap's shape.

    The patterns and how cells are assigned to them are **the library's
    convention** (see ``docs/gaps.md``). Each member has a :attr:`label`, a
    :attr:`description` of the service, and the booklet's "Things leaders can do"
    that the library reads as addressing it (:attr:`leaders_actions`).

    >>> GapPattern.PROCEDURE_WITHOUT_READINESS.label
    'Procedure without readiness'
    >>> GapPattern.UNCLEAR.leaders_actions[0].startswith("Assess your systems readiness")
    True

    .. versionadded:: 0.1.0
    """

    label: str
    description: str

    def __init__(self, _code: str, _label: str, description: str) -> None:
        self.description = description

    #: The policy says yes; staff readiness (and perhaps the procedure) does not yet.
    COMMITMENT_ON_PAPER = (
        "commitment_on_paper",
        "Commitment on paper",
        "the policy commits the service, but staff readiness or the procedure is not yet in place",
    )
    #: Staff are ready; no policy yet commits the service.
    READINESS_WITHOUT_MANDATE = (
        "readiness_without_mandate",
        "Readiness without mandate",
        "staff are ready, but no policy yet commits the service",
    )
    #: Staff are ready; no procedure yet supports them.
    WILLING_BUT_UNEQUIPPED = (
        "willing_but_unequipped",
        "Willing but unequipped",
        "staff are ready, but no procedure, resources or training yet support them",
    )
    #: A procedure exists and staff readiness does not, the risk of ticking boxes.
    PROCEDURE_WITHOUT_READINESS = (
        "procedure_without_readiness",
        "Procedure without readiness",
        "a procedure exists, but staff are not yet ready to share power: the risk of ticking boxes",
    )
    #: None of policy, readiness or procedure is known to be in place.
    NOT_YET_IN_PLACE = (
        "not_yet_in_place",
        "Not yet in place",
        "none of policy, staff readiness or procedure is known to be in place yet",
    )
    #: The shape depends on the unanswered staff readiness question.
    UNCLEAR = (
        "unclear",
        "Pattern not clear yet",
        (
            "a procedure exists without a policy, and whether staff are ready is not known, "
            "so the shape of the gap is not clear yet"
        ),
    )

    @property
    def leaders_actions(self) -> tuple[str, ...]:
        """The booklet's "Things leaders can do" that the library reads as addressing this."""
        return _readings.PATTERN_LEADERS_ACTIONS[self.value]


@attrs.frozen(kw_only=True)
class ReadinessGap(HtmlView):
    """The cells of one activity that are not "Yes", with the pattern they make.

    Attributes:
        activity: The activity (row of the Readiness Checker).
        pattern: The :class:`GapPattern` of the row.
        cells: The dimensions in this gap and their answers (Partly or No), left to right.
        in_place: The activity's dimensions answered "Yes".
        not_known: The activity's dimensions not answered (never part of a gap).

    .. versionadded:: 0.1.0
    """

    activity: Activity
    pattern: GapPattern
    cells: FrozenDict[Dimension, ReadinessAnswer]
    in_place: tuple[Dimension, ...]
    not_known: tuple[Dimension, ...]

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        """The dimensions in this gap, left to right."""
        return tuple(self.cells)

    @property
    def leaders_actions(self) -> tuple[str, ...]:
        """The booklet's "Things leaders can do" that the library reads as addressing it."""
        return self.pattern.leaders_actions

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """The leaders' actions as prompts for reflection, with their section and page.

        The same words as :attr:`leaders_actions`, in the shape of
        :attr:`coproduction.PowerWarning.prompts` (the library's reading).

        .. versionadded:: 0.2.0
        """
        return _readings.prompts_for(self.leaders_actions)

    def __str__(self) -> str:
        answers = ", ".join(f"{d.about}: {a.label}" for d, a in self.cells.items())
        lines = [
            (
                f"{self.activity.label} - {self.pattern.label}: {self.pattern.description} "
                f"({answers})."
            ),
        ]
        if self.not_known:
            lines.append(f"  Not known: {', '.join(d.about for d in self.not_known)}.")
        lines.append(f"  {CHOICE_NOTE}")
        lines.append("  Things leaders can do (the library's reading):")
        lines.extend(f"  - {action}" for action in self.leaders_actions)
        return "\n".join(lines)


def _pattern_gaps(
    activity: Activity, answers: Mapping[Dimension, ReadinessAnswer | None]
) -> list[ReadinessGap]:
    present = tuple(d for d in READINESS_CHECKER.dimensions if answers[d] is ReadinessAnswer.YES)
    unknown = tuple(d for d in READINESS_CHECKER.dimensions if answers[d] is None)
    missing: dict[Dimension, ReadinessAnswer] = {
        d: a for d, a in answers.items() if a is not None and a is not ReadinessAnswer.YES
    }
    if not missing:
        return []
    obligation, readiness, infrastructure = (
        Dimension.OBLIGATION,
        Dimension.READINESS,
        Dimension.INFRASTRUCTURE,
    )
    groups: list[tuple[GapPattern, tuple[Dimension, ...]]]
    if readiness in present:
        split = {
            obligation: GapPattern.READINESS_WITHOUT_MANDATE,
            infrastructure: GapPattern.WILLING_BUT_UNEQUIPPED,
        }
        groups = [(split[d], (d,)) for d in missing]
    elif not present:
        groups = [(GapPattern.NOT_YET_IN_PLACE, tuple(missing))]
    elif readiness in missing and infrastructure in present:
        groups = [(GapPattern.PROCEDURE_WITHOUT_READINESS, tuple(missing))]
    elif obligation in present:
        # readiness is missing or unknown, and the procedure is not in place
        groups = [(GapPattern.COMMITMENT_ON_PAPER, tuple(missing))]
    else:
        # readiness unknown, the procedure in place, the policy missing
        groups = [(GapPattern.UNCLEAR, tuple(missing))]
    return [
        ReadinessGap(
            activity=activity,
            pattern=pattern,
            cells=FrozenDict((d, missing[d]) for d in dims),
            in_place=present,
            not_known=unknown,
        )
        for pattern, dims in groups
    ]


def readiness_gaps(assessment: ReadinessAssessment) -> tuple[ReadinessGap, ...]:
    """Find where each activity's policy, staff readiness and procedure are not all "Yes".

    Every answered cell that is not "Yes" (Partly or No) belongs to **exactly one**
    gap; an assessment with every cell "Yes" has none. Unanswered cells are never
    a gap: they are not known, listed in each gap's ``not_known`` and in
    :attr:`ReadinessAssessment.unanswered <coproduction.ReadinessAssessment.unanswered>`.
    Gaps come grouped by activity in the booklet's order, never ranked: a gap at
    any activity limits people's choice of how to take part.

    How a row's cells form gaps is the library's convention (``docs/gaps.md``):
    when staff are ready, a missing policy and a missing procedure are two gaps
    (readiness without mandate; willing but unequipped); otherwise the row's
    missing cells form one gap, whose pattern is named by what *is* in place.

    Args:
        assessment: The setting's answers. Not changed.

    Returns:
        The gaps, grouped by activity in the booklet's order.

    Raises:
        ValidationError: ``assessment`` is not a ReadinessAssessment.

    >>> a = ReadinessAssessment.from_labels(
    ...     {"listened_to_obligation": "yes", "listened_to_readiness": "no",
    ...      "listened_to_infrastructure": "partly"}
    ... )
    >>> [(g.activity.name, g.pattern.name, len(g.cells)) for g in readiness_gaps(a)]
    [('LISTENED_TO', 'COMMITMENT_ON_PAPER', 2)]

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    expect(assessment, ReadinessAssessment, "assessment", problems)
    if problems:
        raise ValidationError("readiness gaps", problems)
    gaps: list[ReadinessGap] = []
    for activity in READINESS_CHECKER.activities:
        row = {d: assessment.answers[activity, d] for d in READINESS_CHECKER.dimensions}
        gaps.extend(_pattern_gaps(activity, row))
    return tuple(gaps)
