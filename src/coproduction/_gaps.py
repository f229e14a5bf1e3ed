"""Gap analysis: where a service's readiness, or people's experience, falls short.

Pure functions over the validated answers; every result is an immutable value
object with a readable :func:`str`. What counts as a gap, how far an answer is
from a target and which statement speaks to which activity are **the library's
conventions and reading**, not the booklet's; they are documented in
``docs/gaps.md``. Unanswered questions are never a gap: they are reported as not
known, apart from the gaps.

Activities are non-hierarchical: results list them in the booklet's order
(:attr:`coproduction.READINESS_CHECKER.activities <coproduction.ReadinessChecker.activities>`)
and never rank them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from coproduction import _readings
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Dimension,
    Domain,
    Frequency,
    ReadinessAnswer,
)
from coproduction._labelled import LabelledEnum
from coproduction._power import Activity, PowerType
from coproduction._readings import Prompt
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import EvaluationConventions
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "Change",
    "ChoiceGaps",
    "ClaimGap",
    "ClaimsCheck",
    "Comparison",
    "DomainChange",
    "DomainGap",
    "DomainPerception",
    "EvaluationGaps",
    "GapPattern",
    "ItemChange",
    "ItemEvidence",
    "ItemGap",
    "ItemPerception",
    "Perception",
    "PerceptionGap",
    "ReadinessGap",
    "choice_gaps",
    "claimed_vs_experienced",
    "compare",
    "evaluation_gaps",
    "perception_gap",
    "readiness_gaps",
]

#: Said by every readiness gap: no activity is a step on a ladder.
CHOICE_NOTE: Final = (
    "Activities are not a ladder: a gap at any activity limits people's choice of how to take part."
)
READING_NOTE: Final = (
    "Which statements speak to which activity is the coproduction library's reading of "
    "the booklet, not part of the RRN model."
)

_STEP: Final[Mapping[Frequency, int]] = {f: i for i, f in enumerate(COPRODUCTION_EVALUATION.scale)}


def _steps(answer: Frequency) -> int:
    """The position of an answer on the ordinal scale: 0, 1 or 2 steps up from the lowest."""
    return _STEP[answer]


def _describe(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:37] + '...' if len(text) > 40 else text}"


def _expect(value: object, kind: type, location: str, problems: list[Problem]) -> None:
    if not isinstance(value, kind):
        problems.append(Problem(location, f"expected a {kind.__name__}, got {_describe(value)}"))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- 1. Readiness gaps ---------------------------------------------------------------


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
    _expect(assessment, ReadinessAssessment, "assessment", problems)
    if problems:
        raise ValidationError("readiness gaps", problems)
    gaps: list[ReadinessGap] = []
    for activity in READINESS_CHECKER.activities:
        row = {d: assessment.answers[activity, d] for d in READINESS_CHECKER.dimensions}
        gaps.extend(_pattern_gaps(activity, row))
    return tuple(gaps)


# --- 2. Evaluation gaps --------------------------------------------------------------


def _check_conventions(conventions: object, problems: list[Problem]) -> EvaluationConventions:
    if conventions is None:
        return EvaluationConventions()
    if not isinstance(conventions, EvaluationConventions):
        problems.append(
            Problem(
                "conventions",
                f"expected EvaluationConventions or None, got {_describe(conventions)}",
            )
        )
        return EvaluationConventions()
    return conventions


@attrs.frozen(kw_only=True)
class ItemGap(HtmlView):
    """How far one answer is from the target, in steps of the answer scale.

    Attributes:
        item_id: The item.
        answer: The answer, or ``None`` when not answered.
        target: The answer aimed for.
        steps: Steps of the scale below the target (0 at or above it), ``None`` when
            not answered.

    .. versionadded:: 0.1.0
    """

    item_id: str
    answer: Frequency | None
    target: Frequency
    steps: int | None

    def __str__(self) -> str:
        text = COPRODUCTION_EVALUATION.item(self.item_id).text
        if self.answer is None or self.steps is None:
            return f"{self.item_id} ({text}): not answered"
        if self.steps == 0:
            return f"{self.item_id} ({text}): {self.answer.label}, at the target"
        return (
            f"{self.item_id} ({text}): {self.answer.label}, "
            f"{_plural(self.steps, 'step')} below {self.target.label}"
        )


@attrs.frozen(kw_only=True)
class DomainGap(HtmlView):
    """How far one domain's answers are from the target.

    Attributes:
        domain: The domain.
        mean_steps: Mean steps below the target over the answered items, or ``None``
            when fewer than :attr:`required` were answered.
        answered: How many of the domain's items were answered.
        items: How many items the domain has.
        required: How many had to be answered (from the scoring conventions).
        drivers: The answered items below the target, furthest first, then in the
            booklet's order: the items that make the domain's gap.
        reason: Why there is no :attr:`mean_steps`, or ``None``.

    .. versionadded:: 0.1.0
    """

    domain: Domain
    mean_steps: float | None
    answered: int
    items: int
    required: int
    drivers: tuple[str, ...]
    reason: str | None = None

    def __str__(self) -> str:
        if self.mean_steps is None:
            head = f"{self.domain.label}: not assessed ({self.reason})"
        else:
            head = f"{self.domain.label}: {self.mean_steps:.2f} steps below the target on average"
        if self.drivers:
            head += f"; furthest: {', '.join(self.drivers)}"
        return head


@attrs.frozen(kw_only=True)
class EvaluationGaps(HtmlView):
    """How far one response's answers are from a target, by item and by domain.

    Attributes:
        target: The answer aimed for.
        items: Every item's :class:`ItemGap`, in the booklet's order.
        domains: Every domain's :class:`DomainGap`, in the booklet's order.
        respondent: The response's pseudonymous id, if it had one.
        conventions: The conventions that decided when a domain has enough answers.

    .. versionadded:: 0.1.0
    """

    target: Frequency
    items: FrozenDict[str, ItemGap]
    domains: FrozenDict[Domain, DomainGap]
    respondent: str | None
    conventions: EvaluationConventions

    @property
    def below_target(self) -> tuple[ItemGap, ...]:
        """The answered items below the target, in the booklet's order."""
        return tuple(gap for gap in self.items.values() if gap.steps)

    def __str__(self) -> str:
        who = f" for {self.respondent}" if self.respondent else ""
        lines = [f"Distance from {self.target.label!r}{who}:"]
        lines.extend(f"  {gap}" for gap in self.domains.values())
        lines.append(
            "These answers give staff an idea of where improvements might need to be made; "
            "they describe the working relationship, not the person."
        )
        return "\n".join(lines)


def evaluation_gaps(
    response: EvaluationResponse,
    target: Frequency = Frequency.ALL_THE_TIME,
    *,
    conventions: EvaluationConventions | None = None,
) -> EvaluationGaps:
    """Measure how far each answer, and each domain, is from a target answer.

    Distances are **steps on the ordinal answer scale** (Not at all, Sometimes, All
    the time), not scoring points: "Sometimes" is one step below "All the time"
    whatever points scoring uses. An answer at or above the target is 0 steps.
    A domain's gap is the mean steps of its answered items, given only when as
    many items are answered as the scoring conventions require (library
    conventions, see ``docs/gaps.md``); unanswered items are left out, never
    counted as "Not at all".

    Args:
        response: The answers. Not changed.
        target: The answer aimed for; "All the time" unless given.
        conventions: Decide how many answers a domain needs (``min_answered``).

    Raises:
        ValidationError: An argument is not of the expected type.

    >>> r = EvaluationResponse.from_labels(
    ...     {"support_1": "Not at all", "support_2": "Sometimes", "support_3": "All the time"}
    ... )
    >>> gaps = evaluation_gaps(r)
    >>> gaps.items["support_1"].steps, gaps.domains[Domain.SUPPORT].mean_steps
    (2, 1.0)
    >>> gaps.domains[Domain.SUPPORT].drivers
    ('support_1', 'support_2')

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    _expect(response, EvaluationResponse, "response", problems)
    _expect(target, Frequency, "target", problems)
    conventions = _check_conventions(conventions, problems)
    if problems:
        raise ValidationError("evaluation gaps", problems)
    items: dict[str, ItemGap] = {}
    for item_id, answer in response.answers.items():
        steps = None if answer is None else max(0, _steps(target) - _steps(answer))
        items[item_id] = ItemGap(item_id=item_id, answer=answer, target=target, steps=steps)
    domains: dict[Domain, DomainGap] = {}
    for domain in COPRODUCTION_EVALUATION.domains:
        gaps = [items[item.id] for item in COPRODUCTION_EVALUATION.items_in(domain)]
        answered = [g for g in gaps if g.steps is not None]
        required = conventions.required(len(gaps))
        drivers = sorted((g for g in answered if g.steps), key=lambda g: -(g.steps or 0))
        enough = len(answered) >= required
        domains[domain] = DomainGap(
            domain=domain,
            mean_steps=sum(g.steps or 0 for g in answered) / len(answered) if enough else None,
            answered=len(answered),
            items=len(gaps),
            required=required,
            drivers=tuple(g.item_id for g in drivers),
            reason=None
            if enough
            else f"{len(answered)} of {len(gaps)} items answered; at least {required} needed",
        )
    return EvaluationGaps(
        target=target,
        items=FrozenDict(items),
        domains=FrozenDict(domains),
        respondent=response.respondent,
        conventions=conventions,
    )


# --- Paired differences: compare() and perception_gap() -------------------------------


@attrs.frozen
class _Paired:
    steps: FrozenDict[str, int | None]
    domain_mean: FrozenDict[Domain, float | None]
    domain_paired: FrozenDict[Domain, int]
    domain_required: FrozenDict[Domain, int]


def _pair(
    first: EvaluationResponse, second: EvaluationResponse, conventions: EvaluationConventions
) -> _Paired:
    steps: dict[str, int | None] = {}
    for item_id in COPRODUCTION_EVALUATION.item_ids:
        a, b = first.answers[item_id], second.answers[item_id]
        steps[item_id] = None if a is None or b is None else _steps(b) - _steps(a)
    means: dict[Domain, float | None] = {}
    paired: dict[Domain, int] = {}
    required: dict[Domain, int] = {}
    for domain in COPRODUCTION_EVALUATION.domains:
        ids = [item.id for item in COPRODUCTION_EVALUATION.items_in(domain)]
        values = [s for s in (steps[i] for i in ids) if s is not None]
        required[domain] = conventions.required(len(ids))
        paired[domain] = len(values)
        means[domain] = sum(values) / len(values) if len(values) >= required[domain] else None
    return _Paired(FrozenDict(steps), FrozenDict(means), FrozenDict(paired), FrozenDict(required))


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


class Change(LabelledEnum):
    """How an answer, or a domain, changed between two rounds.

    .. versionadded:: 0.1.0
    """

    label: str

    IMPROVED = ("improved", "improved")
    WORSENED = ("worsened", "worsened")
    UNCHANGED = ("unchanged", "unchanged")
    #: Not answered in one round or the other (or, for a domain, too few items in both).
    NOT_COMPARABLE = ("not_comparable", "not comparable")


_CHANGE_BY_SIGN: Final = {1: Change.IMPROVED, -1: Change.WORSENED, 0: Change.UNCHANGED}


@attrs.frozen(kw_only=True)
class ItemChange(HtmlView):
    """One item's answers in two rounds, and how it changed.

    Attributes:
        item_id: The item.
        before: The earlier answer, or ``None``.
        after: The later answer, or ``None``.
        steps: Steps moved up the scale (negative: down), ``None`` when not comparable.
        change: The :class:`Change`.

    .. versionadded:: 0.1.0
    """

    item_id: str
    before: Frequency | None
    after: Frequency | None
    steps: int | None
    change: Change

    def __str__(self) -> str:
        def show(answer: Frequency | None) -> str:
            return "not answered" if answer is None else answer.label

        return f"{self.item_id}: {show(self.before)} -> {show(self.after)} ({self.change.label})"


@attrs.frozen(kw_only=True)
class DomainChange(HtmlView):
    """How one domain changed between two rounds, over the items answered in both.

    Attributes:
        domain: The domain.
        mean_steps: Mean steps moved over the items answered in both rounds, or
            ``None`` when fewer than :attr:`required` were.
        paired: How many items were answered in both rounds.
        required: How many had to be (from the scoring conventions).
        improved: The items that moved up, in the booklet's order.
        worsened: The items that moved down, in the booklet's order.
        change: The :class:`Change` of :attr:`mean_steps`.

    .. versionadded:: 0.1.0
    """

    domain: Domain
    mean_steps: float | None
    paired: int
    required: int
    improved: tuple[str, ...]
    worsened: tuple[str, ...]
    change: Change

    def __str__(self) -> str:
        if self.mean_steps is None:
            return (
                f"{self.domain.label}: not comparable ({_plural(self.paired, 'item')} answered in "
                f"both rounds; at least {self.required} needed)"
            )
        return f"{self.domain.label}: {self.change.label} ({self.mean_steps:+.2f} steps on average)"


@attrs.frozen(kw_only=True)
class Comparison(HtmlView):
    """Change between two responses (two rounds of an audit), by item and by domain.

    Attributes:
        items: Every item's :class:`ItemChange`, in the booklet's order.
        domains: Every domain's :class:`DomainChange`, in the booklet's order.
        conventions: The conventions that decided when a domain is comparable.

    .. versionadded:: 0.1.0
    """

    items: FrozenDict[str, ItemChange]
    domains: FrozenDict[Domain, DomainChange]
    conventions: EvaluationConventions

    def __str__(self) -> str:
        lines = ["Change between the two rounds:"]
        lines.extend(f"  {change}" for change in self.domains.values())
        return "\n".join(lines)


def compare(
    before: EvaluationResponse,
    after: EvaluationResponse,
    *,
    conventions: EvaluationConventions | None = None,
) -> Comparison:
    """Compare two responses, item by item and domain by domain.

    An item is "improved" or "worsened" when its answer moved up or down the
    scale, "unchanged" when it stayed, and "not comparable" when either round
    left it unanswered. A domain's change is the mean movement over the items
    answered in **both** rounds (a library convention: a difference in which
    items were answered never shows up as change), given when at least as many
    items are paired as the scoring conventions require.

    Args:
        before: The earlier answers. Not changed.
        after: The later answers. Not changed.
        conventions: Decide how many paired items a domain needs.

    Raises:
        ValidationError: An argument is not of the expected type.

    >>> first = EvaluationResponse.from_labels({"trust_1": "Sometimes", "trust_2": "Sometimes"})
    >>> second = EvaluationResponse.from_labels({"trust_1": "All the time", "trust_3": "Sometimes"})
    >>> result = compare(first, second)
    >>> result.items["trust_1"].change.label, result.items["trust_2"].change.label
    ('improved', 'not comparable')
    >>> print(result.domains[Domain.TRUST])
    Trust: not comparable (1 item answered in both rounds; at least 3 needed)

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    _expect(before, EvaluationResponse, "before", problems)
    _expect(after, EvaluationResponse, "after", problems)
    conventions = _check_conventions(conventions, problems)
    if problems:
        raise ValidationError("comparison", problems)
    pair = _pair(before, after, conventions)
    items = FrozenDict(
        (
            i,
            ItemChange(
                item_id=i,
                before=before.answers[i],
                after=after.answers[i],
                steps=s,
                change=Change.NOT_COMPARABLE if s is None else _CHANGE_BY_SIGN[_sign(s)],
            ),
        )
        for i, s in pair.steps.items()
    )
    domains: dict[Domain, DomainChange] = {}
    for domain in COPRODUCTION_EVALUATION.domains:
        ids = [item.id for item in COPRODUCTION_EVALUATION.items_in(domain)]
        mean = pair.domain_mean[domain]
        domains[domain] = DomainChange(
            domain=domain,
            mean_steps=mean,
            paired=pair.domain_paired[domain],
            required=pair.domain_required[domain],
            improved=tuple(i for i in ids if items[i].change is Change.IMPROVED),
            worsened=tuple(i for i in ids if items[i].change is Change.WORSENED),
            change=Change.NOT_COMPARABLE if mean is None else _CHANGE_BY_SIGN[_sign(mean)],
        )
    return Comparison(items=items, domains=FrozenDict(domains), conventions=conventions)


class Perception(LabelledEnum):
    """How staff's view of an answer compares with the person's own answer.

    .. versionadded:: 0.1.0
    """

    label: str

    #: Staff expected a higher answer than the person gave.
    OVERESTIMATE = ("overestimate", "staff over-estimate")
    #: Staff expected a lower answer than the person gave.
    UNDERESTIMATE = ("underestimate", "staff under-estimate")
    MATCH = ("match", "views match")
    #: One side or the other did not answer (or, for a domain, too few paired items).
    NOT_COMPARABLE = ("not_comparable", "not comparable")


_PERCEPTION_BY_SIGN: Final = {
    1: Perception.UNDERESTIMATE,  # the person's answer is higher than staff expected
    -1: Perception.OVERESTIMATE,
    0: Perception.MATCH,
}


@attrs.frozen(kw_only=True)
class ItemPerception(HtmlView):
    """One item as staff believed the person would answer it, and as the person did.

    Attributes:
        item_id: The item.
        staff_view: Staff's answer on the person's behalf, or ``None``.
        lived_experience: The person's own answer, or ``None``.
        steps: Steps by which staff's view is above the person's answer (negative:
            below), ``None`` when not comparable.
        perception: The :class:`Perception`.

    .. versionadded:: 0.1.0
    """

    item_id: str
    staff_view: Frequency | None
    lived_experience: Frequency | None
    steps: int | None
    perception: Perception

    def __str__(self) -> str:
        def show(answer: Frequency | None) -> str:
            return "not answered" if answer is None else answer.label

        return (
            f"{self.item_id}: staff expected {show(self.staff_view)}, "
            f"lived experience {show(self.lived_experience)} ({self.perception.label})"
        )


@attrs.frozen(kw_only=True)
class DomainPerception(HtmlView):
    """How staff's view of one domain compares with lived experience, over paired items.

    Attributes:
        domain: The domain.
        mean_steps: Mean steps by which staff's view is above lived experience, over
            the items both answered, or ``None`` when fewer than :attr:`required`.
        paired: How many items both answered.
        required: How many had to be (from the scoring conventions).
        overestimated: Items staff expected higher, in the booklet's order.
        underestimated: Items staff expected lower, in the booklet's order.
        perception: The :class:`Perception` of :attr:`mean_steps`.

    .. versionadded:: 0.1.0
    """

    domain: Domain
    mean_steps: float | None
    paired: int
    required: int
    overestimated: tuple[str, ...]
    underestimated: tuple[str, ...]
    perception: Perception

    def __str__(self) -> str:
        if self.mean_steps is None:
            return (
                f"{self.domain.label}: not comparable ({_plural(self.paired, 'item')} "
                f"answered by both; at least {self.required} needed)"
            )
        return (
            f"{self.domain.label}: {self.perception.label} "
            f"({self.mean_steps:+.2f} steps on average)"
        )


@attrs.frozen(kw_only=True)
class PerceptionGap(HtmlView):
    """Where staff's view of people's experience differs from that experience.

    Attributes:
        items: Every item's :class:`ItemPerception`, in the booklet's order.
        domains: Every domain's :class:`DomainPerception`, in the booklet's order.
        conventions: The conventions that decided when a domain is comparable.

    .. versionadded:: 0.1.0
    """

    items: FrozenDict[str, ItemPerception]
    domains: FrozenDict[Domain, DomainPerception]
    conventions: EvaluationConventions

    def __str__(self) -> str:
        lines = ["Staff's view compared with lived experience (a mirror for reflection):"]
        lines.extend(f"  {p}" for p in self.domains.values())
        return "\n".join(lines)


def perception_gap(
    staff_view: EvaluationResponse,
    lived_experience: EvaluationResponse,
    *,
    conventions: EvaluationConventions | None = None,
) -> PerceptionGap:
    """Hold staff's expectations up against people's own answers: the "mirror" use.

    Staff answer the same 23 statements **as they believe the person would**;
    the person answers for themselves. Where staff's answer is higher, staff
    over-estimate how the working relationship feels; where lower, they
    under-estimate it. A domain's gap is the mean over the items both answered,
    given when as many are paired as the scoring conventions require. The
    booklet does not describe this use; it is the library's suggestion (see
    ``docs/gaps.md``).

    Args:
        staff_view: Staff's answers on the person's behalf. Not changed.
        lived_experience: The person's own answers. Not changed.
        conventions: Decide how many paired items a domain needs.

    Raises:
        ValidationError: An argument is not of the expected type.

    >>> staff = EvaluationResponse.from_labels({"power_with_1": "All the time"})
    >>> person = EvaluationResponse.from_labels({"power_with_1": "Not at all"})
    >>> print(perception_gap(staff, person).items["power_with_1"])
    power_with_1: staff expected All the time, lived experience Not at all (staff over-estimate)

    .. versionadded:: 0.1.0
    """
    problems: list[Problem] = []
    _expect(staff_view, EvaluationResponse, "staff_view", problems)
    _expect(lived_experience, EvaluationResponse, "lived_experience", problems)
    conventions = _check_conventions(conventions, problems)
    if problems:
        raise ValidationError("perception gap", problems)
    pair = _pair(staff_view, lived_experience, conventions)
    items = FrozenDict(
        (
            i,
            ItemPerception(
                item_id=i,
                staff_view=staff_view.answers[i],
                lived_experience=lived_experience.answers[i],
                steps=None if s is None else -s,
                perception=Perception.NOT_COMPARABLE
                if s is None
                else _PERCEPTION_BY_SIGN[_sign(s)],
            ),
        )
        for i, s in pair.steps.items()
    )
    domains: dict[Domain, DomainPerception] = {}
    for domain in COPRODUCTION_EVALUATION.domains:
        ids = [item.id for item in COPRODUCTION_EVALUATION.items_in(domain)]
        mean = pair.domain_mean[domain]
        domains[domain] = DomainPerception(
            domain=domain,
            mean_steps=None if mean is None else 0.0 - mean,
            paired=pair.domain_paired[domain],
            required=pair.domain_required[domain],
            overestimated=tuple(i for i in ids if items[i].perception is Perception.OVERESTIMATE),
            underestimated=tuple(i for i in ids if items[i].perception is Perception.UNDERESTIMATE),
            perception=Perception.NOT_COMPARABLE
            if mean is None
            else _PERCEPTION_BY_SIGN[_sign(mean)],
        )
    return PerceptionGap(items=items, domains=FrozenDict(domains), conventions=conventions)


# --- Claimed readiness against experience ------------------------------------------------


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

    def __str__(self) -> str:
        lines = [
            (
                f"{self.activity.label}: the service says staff are ready, but people's answers "
                "suggest this is not yet how it feels:"
            )
        ]
        lines.extend(f"  - {e}" for e in self.evidence)
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
                f"{_describe(responses)}",
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
                    f"responses[{i}]", f"expected an EvaluationResponse, got {_describe(response)}"
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
    _expect(assessment, ReadinessAssessment, "assessment", problems)
    found = _responses_of(responses, problems)
    _expect(at_most, Frequency, "at_most", problems)
    if at_most is Frequency.ALL_THE_TIME:
        problems.append(
            Problem("at_most", "must be below All the time, or every answer would count as low")
        )
    share: object = min_share
    if not (isinstance(share, int | float) and not isinstance(share, bool) and 0 < share <= 1):
        problems.append(Problem("min_share", f"expected a share in (0, 1], got {min_share!r}"))
    least: object = min_respondents
    if not isinstance(least, int) or isinstance(least, bool) or least < 1:
        problems.append(
            Problem("min_respondents", f"expected a whole number of at least 1, got {least!r}")
        )
    if problems:
        raise ValidationError("claimed against experienced", problems)
    return found


def claimed_vs_experienced(
    assessment: ReadinessAssessment,
    responses: EvaluationResponse | Iterable[EvaluationResponse],
    *,
    at_most: Frequency = Frequency.NOT_AT_ALL,
    min_share: float = 0.5,
    min_respondents: int = 1,
) -> ClaimsCheck:
    """Find activities a service says staff are ready for, where people's answers differ.

    An activity is *claimed* when its Readiness Checker readiness question ("Are
    we ready to ...?") is answered "Yes". Each activity is read against the
    evaluation statements that describe what people would experience if it were
    so (the library's reading, kept in one place and tabulated in
    ``docs/gaps.md``). A statement *differs* when at least ``min_share`` of the
    answers to it are at or below ``at_most``; an activity is a gap when any of
    its statements differs. Statements answered by fewer than
    ``min_respondents`` responses are not used and their counts are not shown
    (set it to 5 or more for reports about groups, to avoid showing small numbers).

    Args:
        assessment: The setting's Readiness Checker answers. Not changed.
        responses: One response, or several (e.g. a ward's). Their order does not matter.
        at_most: The highest answer that counts as low (library default: "Not at all").
        min_share: Share of low answers, in (0, 1], that makes a statement differ.
        min_respondents: Fewest answers to a statement for it to be used, at least 1.

    Raises:
        ValidationError: Listing every argument that is not acceptable.

    >>> a = ReadinessAssessment.from_labels({"listened_to_readiness": "Yes"})
    >>> r = EvaluationResponse.from_labels({"support_3": "Not at all", "support_4": "Sometimes"})
    >>> check = claimed_vs_experienced(a, [r])
    >>> [g.activity.name for g in check.gaps], [e.item_id for e in check.gaps[0].evidence]
    (['LISTENED_TO'], ['support_3'])

    .. versionadded:: 0.1.0
    """
    found = _check_claims_arguments(assessment, responses, at_most, min_share, min_respondents)
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
            if len(answers) < min_respondents:
                unused.append(item_id)
                continue
            low = sum(1 for a in answers if a is not None and a <= at_most)
            if low / len(answers) >= min_share:
                evidence.append(
                    ItemEvidence(
                        item_id=item_id,
                        answered=len(answers),
                        low=low,
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


# --- Choice -------------------------------------------------------------------------


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
    _expect(response, EvaluationResponse, "response", problems)
    _expect(assessment, ReadinessAssessment, "assessment", problems)
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
