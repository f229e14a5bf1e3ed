"""Claimed readiness held up against people's experience."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from coproduction import _readings
from coproduction._checks import describe, expect, whole
from coproduction._gaps.common import READING_NOTE
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Dimension,
    Frequency,
    ReadinessAnswer,
)
from coproduction._power import Activity, PowerType
from coproduction._readings import Prompt
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._suppression import DisclosureControl
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError


@attrs.frozen(kw_only=True)
class ItemEvidence(HtmlView):
    """How people answered one statement read against an activity.

    Attributes:
        item_id: The item.
        answered: How many responses answered it.
        low: How many answered at or below the threshold.
        power_types: The power types the statement speaks to (the library's reading).

    .. versionadded:: 0.1.0
    """

    item_id: str
    answered: int
    low: int
    power_types: tuple[PowerType, ...]

    def __str__(self) -> str:
        text = COPRODUCTION_EVALUATION.item(self.item_id).text
        return f"{self.item_id} ({text}): {self.low} of {self.answered} answers low"


@attrs.frozen(kw_only=True)
class ClaimGap(HtmlView):
    """An activity the service says staff are ready for, where people's answers say otherwise.

    Attributes:
        activity: The activity.
        claim: The Readiness Checker's readiness answer for it ("Yes").
        evidence: The related statements whose answers are low often enough.
        not_assessed: Related statements with too few answers to use.

    .. versionadded:: 0.1.0
    """

    activity: Activity
    claim: ReadinessAnswer
    evidence: tuple[ItemEvidence, ...]
    not_assessed: tuple[str, ...]

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """Passages of the booklet to reflect on beside this gap.

        The booklet's words; the pairing is the library's reading (``docs/gaps.md``).

        .. versionadded:: 0.2.0
        """
        return _readings.GAP_PROMPTS["claim"]

    def __str__(self) -> str:
        lines = [
            (
                f"{self.activity.label}: the service says staff are ready, but people's answers "
                "suggest this is not yet how it feels:"
            )
        ]
        lines.extend(f"  - {e}" for e in self.evidence)
        lines.append("  To reflect on (the library's reading):")
        lines.extend(f"  - {p}" for p in self.prompts)
        return "\n".join(lines)


@attrs.frozen(kw_only=True)
class ClaimsCheck(HtmlView):
    """Claimed readiness held against people's experience, activity by activity.

    Attributes:
        gaps: The activities where the claim and the experience differ, in the
            booklet's order.
        not_assessed: Activities claimed ready whose related statements all had too
            few answers to use, in the booklet's order.
        at_most: An answer at or below this counts as low.
        min_share: The share of low answers that makes a statement differ.
        min_respondents: Statements with fewer answers than this are not used
            (small-number suppression).
        responses: How many responses were read.

    .. versionadded:: 0.1.0
    """

    gaps: tuple[ClaimGap, ...]
    not_assessed: tuple[Activity, ...]
    at_most: Frequency
    min_share: float
    min_respondents: int
    responses: int

    def __str__(self) -> str:
        if not self.gaps:
            lines = ["No activity claimed ready differs from people's answers."]
        else:
            lines = [str(gap) for gap in self.gaps]
        if self.not_assessed:
            labels = "; ".join(a.label for a in self.not_assessed)
            lines.append(f"Not assessed (too few answers): {labels}.")
        lines.append(READING_NOTE)
        return "\n".join(lines)


def _responses_of(responses: object, problems: list[Problem]) -> list[EvaluationResponse]:
    if isinstance(responses, EvaluationResponse):
        return [responses]
    if isinstance(responses, str | bytes | Mapping) or not isinstance(responses, Iterable):
        problems.append(
            Problem(
                "responses",
                f"expected an EvaluationResponse or a collection of them, got "
                f"{describe(responses)}",
            )
        )
        return []
    found: list[EvaluationResponse] = []
    for i, response in enumerate(responses):
        if isinstance(response, EvaluationResponse):
            found.append(response)
        else:
            problems.append(
                Problem(
                    f"responses[{i}]", f"expected an EvaluationResponse, got {describe(response)}"
                )
            )
    return found


def _check_claims_arguments(
    assessment: object,
    responses: object,
    at_most: object,
    min_share: object,
    min_respondents: object,
) -> list[EvaluationResponse]:
    problems: list[Problem] = []
    expect(assessment, ReadinessAssessment, "assessment", problems)
    found = _responses_of(responses, problems)
    expect(at_most, Frequency, "at_most", problems)
    if at_most is Frequency.ALL_THE_TIME:
        problems.append(
            Problem("at_most", "must be below All the time, or every answer would count as low")
        )
    share: object = min_share
    if not (isinstance(share, int | float) and not isinstance(share, bool) and 0 < share <= 1):
        problems.append(Problem("min_share", f"expected a share in (0, 1], got {min_share!r}"))
    whole(min_respondents, "min_respondents", problems, least=1)
    if problems:
        raise ValidationError("claimed against experienced", problems)
    return found


#: The default small-number rule of a claims check: NHS Digital's, as for audit outputs.
_SAFE: Final = DisclosureControl()


def claimed_vs_experienced(
    assessment: ReadinessAssessment,
    responses: EvaluationResponse | Iterable[EvaluationResponse],
    *,
    at_most: Frequency = Frequency.NOT_AT_ALL,
    min_share: float = 0.5,
    min_respondents: int = 1,
    disclosure: DisclosureControl | None = _SAFE,
) -> ClaimsCheck:
    """Find activities a service says staff are ready for, where people's answers differ.

    An activity is *claimed* when its Readiness Checker readiness question ("Are
    we ready to ...?") is answered "Yes". Each activity is read against the
    evaluation statements that describe what people would experience if it were
    so (the library's reading, kept in one place and tabulated in
    ``docs/gaps.md``). A statement *differs* when at least ``min_share`` of the
    answers to it are at or below ``at_most``; an activity is a gap when any of
    its statements differs. Statements answered by fewer than
    ``min_respondents`` responses are not used and their counts are not shown.
    By default the small-number rule of audit outputs applies (see ``disclosure``):
    a check is made to be shared, and "2 of 4 answers low" describes two people.

    Args:
        assessment: The setting's Readiness Checker answers. Not changed.
        responses: One response, or several (e.g. a ward's). Their order does not matter.
        at_most: The highest answer that counts as low (library default: "Not at all").
        min_share: Share of low answers, in (0, 1], that makes a statement differ.
        min_respondents: Fewest answers to a statement for it to be used, at least 1.
        disclosure: A small-number rule, for a check that is shared or published:
            then a statement is used only when more than ``threshold`` answered
            it and neither its low answers nor its other answers number 1 to
            ``threshold`` (otherwise "2 of 9 answers low" would describe two
            people), and the counts shown are rounded to ``base``. **The
            library's default** is NHS Digital's rule,
            :class:`~coproduction.DisclosureControl` ``()``, as for every audit
            output; pass ``None`` only to reflect on one person's or a team's own
            answers, never for a check that leaves the team.

    Raises:
        ValidationError: Listing every argument that is not acceptable.

    >>> a = ReadinessAssessment.from_labels({"listened_to_readiness": "Yes"})
    >>> r = EvaluationResponse.from_labels({"support_3": "Not at all", "support_4": "Sometimes"})
    >>> check = claimed_vs_experienced(a, [r], disclosure=None)  # one person's own answers
    >>> [g.activity.name for g in check.gaps], [e.item_id for e in check.gaps[0].evidence]
    (['LISTENED_TO'], ['support_3'])

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``disclosure`` defaults to :class:`~coproduction.DisclosureControl` ``()``.
    """
    found = _check_claims_arguments(assessment, responses, at_most, min_share, min_respondents)
    given: object = disclosure  # checked at run time, whatever the annotations say
    if given is not None and not isinstance(given, DisclosureControl):
        raise ValidationError(
            "claimed against experienced",
            [Problem("disclosure", f"expected a DisclosureControl or None, got {describe(given)}")],
        )
    gaps: list[ClaimGap] = []
    not_assessed: list[Activity] = []
    for activity in READINESS_CHECKER.activities:
        claim = assessment.answers[activity, Dimension.READINESS]
        if claim is not ReadinessAnswer.YES:
            continue
        evidence: list[ItemEvidence] = []
        unused: list[str] = []
        for item_id in _readings.ACTIVITY_ITEMS[activity]:
            answers = [r.answers[item_id] for r in found if r.answers[item_id] is not None]
            low = sum(1 for a in answers if a is not None and a <= at_most)
            if len(answers) < min_respondents or (
                disclosure is not None
                and any(1 <= n <= disclosure.threshold for n in (low, len(answers) - low))
            ):
                unused.append(item_id)
                continue
            if low / len(answers) >= min_share:
                shown = disclosure.round if disclosure is not None else int
                evidence.append(
                    ItemEvidence(
                        item_id=item_id,
                        answered=shown(len(answers)),
                        low=shown(low),
                        power_types=_readings.ITEM_POWER_TYPES[item_id],
                    )
                )
        if evidence:
            gaps.append(
                ClaimGap(
                    activity=activity,
                    claim=claim,
                    evidence=tuple(evidence),
                    not_assessed=tuple(unused),
                )
            )
        elif len(unused) == len(_readings.ACTIVITY_ITEMS[activity]):
            not_assessed.append(activity)
    return ClaimsCheck(
        gaps=tuple(gaps),
        not_assessed=tuple(not_assessed),
        at_most=at_most,
        min_share=min_share,
        min_respondents=min_respondents,
        responses=len(found),
    )
