"""Evaluation gaps: where people's experience falls short, item by item and domain by domain."""

from __future__ import annotations

import attrs

from coproduction import _readings
from coproduction._checks import expect, plural
from coproduction._frozen import FrozenDict
from coproduction._gaps.common import check_conventions, scale_position
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    Domain,
    Frequency,
)
from coproduction._readings import Prompt
from coproduction._responses import EvaluationResponse
from coproduction._scoring import EvaluationConventions
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError


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

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """Passages of the booklet to reflect on, when the answer is below the target.

        The prompts of the item's domain (the booklet's words; the pairing is the
        library's reading, ``docs/gaps.md``); none at the target or unanswered.

        .. versionadded:: 0.2.0
        """
        if not self.steps:
            return ()
        return _readings.GAP_PROMPTS[COPRODUCTION_EVALUATION.item(self.item_id).domain.value]

    def __str__(self) -> str:
        text = COPRODUCTION_EVALUATION.item(self.item_id).text
        if self.answer is None or self.steps is None:
            return f"{self.item_id} ({text}): not answered"
        if self.steps == 0:
            return f"{self.item_id} ({text}): {self.answer.label}, at the target"
        return (
            f"{self.item_id} ({text}): {self.answer.label}, "
            f"{plural(self.steps, 'step')} below {self.target.label}"
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

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """Passages of the booklet to reflect on, when some answer is below the target.

        The same for every domain gap of the domain (the booklet's words; the pairing
        is the library's reading, ``docs/gaps.md``); none when no answered item is
        below the target.

        .. versionadded:: 0.2.0
        """
        return _readings.GAP_PROMPTS[self.domain.value] if self.drivers else ()

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
    expect(response, EvaluationResponse, "response", problems)
    expect(target, Frequency, "target", problems)
    conventions = check_conventions(conventions, problems)
    if problems:
        raise ValidationError("evaluation gaps", problems)
    items: dict[str, ItemGap] = {}
    for item_id, answer in response.answers.items():
        steps = None if answer is None else max(0, scale_position(target) - scale_position(answer))
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
