"""Scoring: pure functions from answers to numbers, under conventions that are named as ours.

The booklet gives **no** scoring numbers, missing-data rules or thresholds. Every
number here is a convention of this library, held in
:class:`EvaluationConventions` and :class:`ReadinessConventions`, explained with
its rationale in ``docs/scoring.md``, and recorded in every score so that a
result always says how it was made.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Mapping
from typing import Final, TypeVar, cast

import attrs

from coproduction._checks import expect, kinds, refuse, whole
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Dimension,
    Domain,
    Frequency,
    ReadinessAnswer,
)
from coproduction._power import Activity
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "DomainScore",
    "EvaluationConventions",
    "EvaluationScore",
    "ReadinessConventions",
    "ReadinessScore",
    "score_evaluation",
    "score_readiness",
]

CONVENTION_NOTE: Final = (
    "Scoring conventions are the coproduction library's own; the RRN booklet gives no scores."
)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_points(
    points: object, kind: type[Frequency | ReadinessAnswer], problems: list[Problem]
) -> None:
    if not isinstance(points, Mapping):
        problems.append(Problem("points", f"expected a mapping of {kind.__name__} to a number"))
        return
    problems.extend(
        Problem(f"points[{key!r}]", f"expected a {kind.__name__} member")
        for key in points
        if not isinstance(key, kind)
    )
    for member in kind:
        if member not in points:
            problems.append(Problem(f"points[{member.name}]", "missing; every answer needs points"))
        elif not _is_number(points[member]):
            problems.append(
                Problem(
                    f"points[{member.name}]", f"expected a finite number, got {points[member]!r}"
                )
            )


def _frequency_points(points: Mapping[Frequency, float]) -> FrozenDict[Frequency, float]:
    given: object = points  # anything but a mapping is kept, for __attrs_post_init__ to refuse
    return (
        FrozenDict(points)
        if isinstance(given, Mapping)
        else cast("FrozenDict[Frequency, float]", given)
    )


def _readiness_points(
    points: Mapping[ReadinessAnswer, float],
) -> FrozenDict[ReadinessAnswer, float]:
    given: object = points  # as for _frequency_points
    return (
        FrozenDict(points)
        if isinstance(given, Mapping)
        else cast("FrozenDict[ReadinessAnswer, float]", given)
    )


def _sum_in_order(values: list[float]) -> float:
    """Add left to right with plain float addition.

    Not :func:`sum`: from Python 3.12 it compensates rounding (Neumaier), so its
    last digit would depend on the Python version, and the vectorised cohort
    scoring (plain addition in item order) could not equal it exactly.
    """
    total = 0.0
    for value in values:
        total += value
    return total


def _default_evaluation_points() -> FrozenDict[Frequency, float]:
    return FrozenDict(
        {Frequency.NOT_AT_ALL: 0.0, Frequency.SOMETIMES: 1.0, Frequency.ALL_THE_TIME: 2.0}
    )


@attrs.frozen(kw_only=True)
class EvaluationConventions(HtmlView):
    """How Coproduction Evaluation answers become numbers: **the library's convention**.

    The defaults, and why (see ``docs/scoring.md``):

    * ``points``: Not at all = 0, Sometimes = 1, All the time = 2. Equal steps on a
      three-point frequency scale, the usual coding of such scales; 0 means the
      lowest answer, not a missing one.
    * ``min_answered``: a domain is scored when at least this share of its items
      is answered, rounded up (0.5: 2 of 4, 3 of 5). Below that, a mean would rest
      on one or two statements and could mislead.
    * ``overall_min_domains``: the overall score is the mean of the domain means
      (each domain weighs the same, whatever its number of items) when at least
      this many domains are scored (5: all of them), so that an overall score
      never hides a domain nobody could score.

    Args:
        points: Points for each :class:`~coproduction.Frequency`; finite and
            strictly increasing from "Not at all" to "All the time".
        min_answered: Share of a domain's items that must be answered, in (0, 1].
        overall_min_domains: Domains that must be scored for an overall score, 1 to 5.

    Raises:
        ValidationError: Listing every problem with the arguments.

    >>> EvaluationConventions().required(5)
    3
    >>> EvaluationConventions(min_answered=1.0).required(4)
    4

    .. versionadded:: 0.1.0
    """

    points: FrozenDict[Frequency, float] = attrs.field(
        factory=_default_evaluation_points, converter=_frequency_points
    )
    min_answered: float = 0.5
    overall_min_domains: int = 5

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _check_points(self.points, Frequency, problems)
        if not problems:
            values = [self.points[f] for f in Frequency]
            if not all(a < b for a, b in itertools.pairwise(values)):
                problems.append(
                    Problem(
                        "points",
                        f"must increase strictly from NOT_AT_ALL to ALL_THE_TIME, got {values}",
                    )
                )
        if not _is_number(self.min_answered) or not 0 < self.min_answered <= 1:
            problems.append(
                Problem("min_answered", f"expected a share in (0, 1], got {self.min_answered!r}")
            )
        whole(self.overall_min_domains, "overall_min_domains", problems, least=1, most=len(Domain))
        if problems:
            raise ValidationError("evaluation scoring conventions", problems)

    def required(self, items: int) -> int:
        """How many of ``items`` must be answered for a score: the share, rounded up, at least 1.

        The share is read as a fraction with a denominator up to 1000, so that
        ``0.6 * 5`` is 3 and not 3.0000000000000004 rounded up to 4.
        """
        # Imported here, not at the top: fractions loads decimal, and import time counts.
        from fractions import Fraction

        kinds("scoring conventions", (items, numbers.Integral, "items"))
        share = Fraction(self.min_answered).limit_denominator(1000)
        return max(1, math.ceil(share * items))

    @property
    def lowest(self) -> float:
        """Points of the lowest answer, the 0 of :attr:`DomainScore.percent`."""
        return self.points[Frequency.NOT_AT_ALL]

    @property
    def highest(self) -> float:
        """Points of the highest answer, the 100 of :attr:`DomainScore.percent`."""
        return self.points[Frequency.ALL_THE_TIME]

    def percent(self, mean: float) -> float:
        """Place a mean on 0 to 100, from the lowest to the highest answer's points.

        >>> EvaluationConventions().percent(1.5)
        75.0
        """
        kinds("scoring conventions", (mean, numbers.Real, "mean"))
        return (mean - self.lowest) / (self.highest - self.lowest) * 100.0


@attrs.frozen(kw_only=True)
class DomainScore(HtmlView):
    """The score of one domain of one response.

    Attributes:
        domain: The domain scored.
        mean: Mean points of the answered items, or ``None`` when too few were answered.
        percent: :attr:`mean` placed on 0 to 100, or ``None``.
        answered: How many of the domain's items were answered.
        items: How many items the domain has.
        required: How many had to be answered for a score.
        reason: Why there is no score, or ``None`` when there is one.

    .. versionadded:: 0.1.0
    """

    domain: Domain
    mean: float | None
    percent: float | None
    answered: int
    items: int
    required: int
    reason: str | None = None

    def __str__(self) -> str:
        if self.mean is None or self.percent is None:
            return f"{self.domain.label}: not scored ({self.reason})"
        return (
            f"{self.domain.label}: {self.mean:.2f} ({self.percent:.0f}%), "
            f"{self.answered} of {self.items} items answered"
        )


@attrs.frozen(kw_only=True)
class EvaluationScore(HtmlView):
    """The scores of one Coproduction Evaluation response.

    Attributes:
        domains: Every domain's :class:`DomainScore`, in the booklet's order.
        overall: Mean of the domain means, or ``None`` (see :attr:`overall_reason`).
        overall_percent: :attr:`overall` placed on 0 to 100, or ``None``.
        overall_reason: Why there is no overall score, or ``None``.
        respondent: The response's pseudonymous id, if it had one.
        conventions: The conventions the scores were made under.

    .. versionadded:: 0.1.0
    """

    domains: FrozenDict[Domain, DomainScore]
    overall: float | None
    overall_percent: float | None
    overall_reason: str | None
    respondent: str | None
    conventions: EvaluationConventions

    def __repr__(self) -> str:
        who = "" if self.respondent is None else f" respondent={self.respondent!r}"
        scored = sum(s.mean is not None for s in self.domains.values())
        overall = "not scored" if self.overall_percent is None else f"{self.overall_percent:.0f}%"
        return (
            f"<EvaluationScore{who}: {scored} of {len(self.domains)} domains scored, "
            f"overall {overall}>"
        )

    def __str__(self) -> str:
        who = f" for {self.respondent}" if self.respondent else ""
        lines = [f"{COPRODUCTION_EVALUATION.name} scores{who}:"]
        lines.extend(f"  {score}" for score in self.domains.values())
        if self.overall is None or self.overall_percent is None:
            lines.append(f"  Overall: not scored ({self.overall_reason})")
        else:
            lines.append(f"  Overall: {self.overall:.2f} ({self.overall_percent:.0f}%)")
        lines.append(CONVENTION_NOTE)
        return "\n".join(lines)


def score_evaluation(
    response: EvaluationResponse, *, conventions: EvaluationConventions | None = None
) -> EvaluationScore:
    """Score one Coproduction Evaluation response, domain by domain and overall.

    A domain's score is the mean points of its **answered** items; unanswered items
    are left out, never counted as "Not at all". A domain with fewer answered items
    than :meth:`EvaluationConventions.required` has no score, with the reason.

    Args:
        response: The answers to score. Not changed.
        conventions: The scoring conventions; the library's defaults when omitted.

    Returns:
        The scores, which also record the conventions used.

    >>> from coproduction import EvaluationResponse, Frequency, Domain
    >>> answers = {"support_1": Frequency.ALL_THE_TIME, "support_2": Frequency.SOMETIMES}
    >>> score = score_evaluation(EvaluationResponse(answers))
    >>> score.domains[Domain.SUPPORT].mean, score.domains[Domain.SUPPORT].percent
    (1.5, 75.0)
    >>> print(score.domains[Domain.RESPECT])
    Respect: not scored (0 of 4 items answered; at least 2 needed)

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    expect(response, EvaluationResponse, "response", problems)
    conventions = conventions_or_default(conventions, EvaluationConventions, problems)
    refuse("scoring", problems)
    points = conventions.points
    domains: dict[Domain, DomainScore] = {}
    for domain in COPRODUCTION_EVALUATION.domains:
        items = COPRODUCTION_EVALUATION.items_in(domain)
        values = [
            points[answer]
            for answer in (response.answers[item.id] for item in items)
            if answer is not None
        ]
        required = conventions.required(len(items))
        if len(values) >= required:
            mean: float | None = _sum_in_order(values) / len(values)
            reason = None
        else:
            mean = None
            reason = f"{len(values)} of {len(items)} items answered; at least {required} needed"
        domains[domain] = DomainScore(
            domain=domain,
            mean=mean,
            percent=None if mean is None else conventions.percent(mean),
            answered=len(values),
            items=len(items),
            required=required,
            reason=reason,
        )
    means = [s.mean for s in domains.values() if s.mean is not None]
    overall: float | None = None
    overall_reason: str | None = None
    if len(means) >= conventions.overall_min_domains:
        overall = _sum_in_order(means) / len(means)
    else:
        overall_reason = (
            f"{len(means)} of {len(domains)} domains scored; "
            f"at least {conventions.overall_min_domains} needed"
        )
    return EvaluationScore(
        domains=FrozenDict(domains),
        overall=overall,
        overall_percent=None if overall is None else conventions.percent(overall),
        overall_reason=overall_reason,
        respondent=response.respondent,
        conventions=conventions,
    )


def _default_readiness_points() -> FrozenDict[ReadinessAnswer, float]:
    return FrozenDict(
        {ReadinessAnswer.YES: 1.0, ReadinessAnswer.PARTLY: 0.5, ReadinessAnswer.NO: 0.0}
    )


@attrs.frozen(kw_only=True)
class ReadinessConventions(HtmlView):
    """How Readiness Checker answers become numbers: **the library's convention**.

    Default points: Yes = 1, Partly = 0.5, No = 0, so a score is the share of the
    way to "yes" across the answered cells. Partly sits half-way because nothing in
    the booklet says it is nearer either end.

    Args:
        points: Points for each :class:`~coproduction.ReadinessAnswer`: finite, with
            No <= Partly <= Yes and No < Yes.

    Raises:
        ValidationError: Listing every problem with the points.

    .. versionadded:: 0.1.0
    """

    points: FrozenDict[ReadinessAnswer, float] = attrs.field(
        factory=_default_readiness_points, converter=_readiness_points
    )

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _check_points(self.points, ReadinessAnswer, problems)
        if not problems:
            no = self.points[ReadinessAnswer.NO]
            partly = self.points[ReadinessAnswer.PARTLY]
            yes = self.points[ReadinessAnswer.YES]
            if not (no <= partly <= yes and no < yes):
                problems.append(
                    Problem(
                        "points",
                        f"expected NO <= PARTLY <= YES and NO < YES, got {no}, {partly}, {yes}",
                    )
                )
        if problems:
            raise ValidationError("readiness scoring conventions", problems)


@attrs.frozen(kw_only=True)
class ReadinessScore(HtmlView):
    """The scores of one Readiness Checker assessment.

    Each score is the mean points of the **answered** cells it covers, ``None`` when
    none is answered. Activities are listed in the booklet's order; that order is
    not a ranking.

    Attributes:
        by_activity: One score per activity (its three dimensions).
        by_dimension: One score per dimension (its seven activities).
        overall: The mean over every answered cell.
        unanswered: The cells without an answer.
        setting: The assessment's setting id, if it had one.
        conventions: The conventions the scores were made under.

    .. versionadded:: 0.1.0
    """

    by_activity: FrozenDict[Activity, float | None]
    by_dimension: FrozenDict[Dimension, float | None]
    overall: float | None
    unanswered: tuple[tuple[Activity, Dimension], ...]
    setting: str | None
    conventions: ReadinessConventions

    def __repr__(self) -> str:
        where = "" if self.setting is None else f" setting={self.setting!r}"
        total = len(READINESS_CHECKER.cells)
        overall = "not scored" if self.overall is None else f"{self.overall:.2f}"
        return (
            f"<ReadinessScore{where}: {total - len(self.unanswered)} of {total} answered, "
            f"overall {overall}>"
        )

    def __str__(self) -> str:
        where = f" for {self.setting}" if self.setting else ""
        lines = [f"{READINESS_CHECKER.name} scores{where}:"]
        lines.extend(f"  {a.label}: {_fmt(s)}" for a, s in self.by_activity.items())
        lines.extend(
            f"  {d.name.capitalize()} ({d.about}): {_fmt(s)}" for d, s in self.by_dimension.items()
        )
        lines.append(f"  Overall: {_fmt(self.overall)}")
        if self.unanswered:
            lines.append(
                f"  {len(self.unanswered)} of {len(READINESS_CHECKER.cells)} questions unanswered"
            )
        lines.append(CONVENTION_NOTE)
        return "\n".join(lines)


def _fmt(score: float | None) -> str:
    return "not scored (no question answered)" if score is None else f"{score:.2f}"


def _mean(values: list[float]) -> float | None:
    return _sum_in_order(values) / len(values) if values else None


def score_readiness(
    assessment: ReadinessAssessment, *, conventions: ReadinessConventions | None = None
) -> ReadinessScore:
    """Score one Readiness Checker assessment by activity, by dimension and overall.

    Unanswered cells are left out of every mean and listed in
    :attr:`ReadinessScore.unanswered`.

    Args:
        assessment: The answers to score. Not changed.
        conventions: The scoring conventions; the library's defaults when omitted.

    >>> from coproduction import Activity, Dimension, ReadinessAnswer, ReadinessAssessment
    >>> cells = {
    ...     (Activity.LISTENED_TO, Dimension.OBLIGATION): ReadinessAnswer.YES,
    ...     (Activity.LISTENED_TO, Dimension.READINESS): ReadinessAnswer.PARTLY,
    ... }
    >>> score = score_readiness(ReadinessAssessment(cells))
    >>> score.by_activity[Activity.LISTENED_TO], score.by_activity[Activity.IN_CONTROL]
    (0.75, None)

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    expect(assessment, ReadinessAssessment, "assessment", problems)
    conventions = conventions_or_default(conventions, ReadinessConventions, problems)
    refuse("scoring", problems)
    points = conventions.points
    answered = {
        cell: points[answer] for cell, answer in assessment.answers.items() if answer is not None
    }
    by_activity = FrozenDict(
        (a, _mean([v for (ca, _), v in answered.items() if ca is a]))
        for a in READINESS_CHECKER.activities
    )
    by_dimension = FrozenDict(
        (d, _mean([v for (_, cd), v in answered.items() if cd is d]))
        for d in READINESS_CHECKER.dimensions
    )
    return ReadinessScore(
        by_activity=by_activity,
        by_dimension=by_dimension,
        overall=_mean(list(answered.values())),
        unanswered=assessment.unanswered,
        setting=assessment.setting,
        conventions=conventions,
    )


_C = TypeVar("_C", EvaluationConventions, ReadinessConventions)


def conventions_or_default(
    value: object, kind: type[_C], problems: list[Problem], location: str = "conventions"
) -> _C:
    """``value`` if it is a ``kind``, the library's defaults for None; else a problem."""
    if value is None:
        return kind()
    expect(value, (kind, type(None)), location, problems)
    return value if isinstance(value, kind) else kind()
