"""Choice: the activities people prefer against what the setting is ready for."""

from __future__ import annotations

import attrs

from coproduction import _readings
from coproduction._checks import expect
from coproduction._gaps.common import CHOICE_NOTE
from coproduction._instruments import (
    READINESS_CHECKER,
    ReadinessAnswer,
)
from coproduction._power import Activity
from coproduction._readings import Prompt
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError


@attrs.frozen(kw_only=True)
class ChoiceGaps(HtmlView):
    """Whether the ways a person takes part are the ways they would choose.

    Attributes:
        preferences_recorded: Whether the response records preferred activities;
            when it does not, nothing about preference can be said.
        preferred_not_ready: Preferred activities where some answered readiness
            question of the service is "Partly" or "No".
        preferred_not_known: Preferred activities with no such answer but some
            question unanswered.
        took_part_not_preferred: Activities the person took part in that they did
            not choose as preferred (people must not be pushed "up the ladder").

    Every tuple is in the booklet's order.

    .. versionadded:: 0.1.0
    """

    preferences_recorded: bool
    preferred_not_ready: tuple[Activity, ...]
    preferred_not_known: tuple[Activity, ...]
    took_part_not_preferred: tuple[Activity, ...]

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """Passages of the booklet to reflect on, when a preference is not met.

        Those of the "choice not honoured" warning (the booklet's words; the pairing
        is the library's reading, ``docs/gaps.md``), when a preferred activity is not
        ready or an activity taken part in was not preferred; none otherwise.

        .. versionadded:: 0.2.0
        """
        if self.preferred_not_ready or self.took_part_not_preferred:
            return _readings.GAP_PROMPTS["choice"]
        return ()

    def __str__(self) -> str:
        if not self.preferences_recorded:
            return "No preferred activities are recorded, so choice could not be assessed."
        lines: list[str] = []
        if self.preferred_not_ready:
            lines.append("Preferred, but the service is not yet ready to offer it:")
            lines.extend(f"  - {a.label}" for a in self.preferred_not_ready)
        if self.preferred_not_known:
            lines.append("Preferred, and whether the service is ready is not known:")
            lines.extend(f"  - {a.label}" for a in self.preferred_not_known)
        if self.took_part_not_preferred:
            lines.append("Taken part in, but not among the preferred ways of taking part:")
            lines.extend(f"  - {a.label}" for a in self.took_part_not_preferred)
        if not lines:
            lines.append("The ways of taking part recorded match the preferred ones.")
        if self.prompts:
            lines.append("To reflect on (the library's reading):")
            lines.extend(f"  - {p}" for p in self.prompts)
        lines.append(CHOICE_NOTE)
        return "\n".join(lines)


def choice_gaps(response: EvaluationResponse, assessment: ReadinessAssessment) -> ChoiceGaps:
    """Compare the activities a person prefers and took part in with what the service offers.

    An activity is *not ready* when any of its three Readiness Checker questions
    is answered "Partly" or "No", and *not known* when none is but one is
    unanswered. An empty
    :attr:`~coproduction.EvaluationResponse.preferred_activities` is read as "not
    recorded" (a library convention), so nothing is said about preference.

    Args:
        response: The person's response, with its activity context. Not changed.
        assessment: The setting's Readiness Checker answers. Not changed.

    Raises:
        ValidationError: An argument is not of the expected type.

    >>> r = EvaluationResponse(
    ...     {}, activities={Activity.SHARED}, preferred_activities={Activity.INFORMED}
    ... )
    >>> a = ReadinessAssessment.from_labels({"informed_obligation": "No"})
    >>> gaps = choice_gaps(r, a)
    >>> [x.name for x in gaps.preferred_not_ready], [x.name for x in gaps.took_part_not_preferred]
    (['INFORMED'], ['SHARED'])

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    expect(response, EvaluationResponse, "response", problems)
    expect(assessment, ReadinessAssessment, "assessment", problems)
    if problems:
        raise ValidationError("choice gaps", problems)
    preferred = response.preferred_activities
    if not preferred:
        return ChoiceGaps(
            preferences_recorded=False,
            preferred_not_ready=(),
            preferred_not_known=(),
            took_part_not_preferred=(),
        )
    not_ready: list[Activity] = []
    not_known: list[Activity] = []
    for activity in READINESS_CHECKER.activities:
        if activity not in preferred:
            continue
        row = [assessment.answers[activity, d] for d in READINESS_CHECKER.dimensions]
        if any(a is not None and a is not ReadinessAnswer.YES for a in row):
            not_ready.append(activity)
        elif any(a is None for a in row):
            not_known.append(activity)
    return ChoiceGaps(
        preferences_recorded=True,
        preferred_not_ready=tuple(not_ready),
        preferred_not_known=tuple(not_known),
        took_part_not_preferred=tuple(
            a
            for a in READINESS_CHECKER.activities
            if a in response.activities and a not in preferred
        ),
    )
