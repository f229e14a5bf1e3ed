"""Paired differences, from one pairing of two responses' answers.

Change between two rounds (:func:`compare`) and staff's view against lived
experience (:func:`perception_gap`) are the same pairing read in opposite
directions: :func:`_pair` pairs the answers once, oriented by the caller.
"""

from __future__ import annotations

from typing import Final, cast

import attrs

from coproduction._checks import expect, plural
from coproduction._frozen import FrozenDict
from coproduction._gaps.common import check_conventions, scale_position
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    DOMAIN_ITEM_IDS,
    Domain,
    Frequency,
)
from coproduction._labelled import LabelledEnum
from coproduction._responses import EvaluationResponse
from coproduction._scoring import EvaluationConventions
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError


@attrs.frozen
class _PairedItem:
    """One item of two responses: both answers and the oriented steps between them."""

    item_id: str
    first: Frequency | None
    second: Frequency | None
    steps: int | None  # oriented: positive means "up" for the caller
    direction: int | None  # the sign of steps: 1, -1, 0, or None when not comparable


@attrs.frozen
class _PairedDomain:
    """One domain over the items both responses answered."""

    domain: Domain
    mean_steps: float | None  # oriented like the items' steps
    paired: int
    required: int
    up: tuple[str, ...]
    down: tuple[str, ...]
    direction: int | None


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _pair(
    arguments: tuple[tuple[str, object], tuple[str, object]],
    conventions: object,
    *,
    orientation: int,
    what: str,
) -> tuple[dict[str, _PairedItem], dict[Domain, _PairedDomain], EvaluationConventions]:
    """Check and pair two responses item by item and domain by domain, for both analyses.

    ``arguments`` are the two responses with their parameter names (for the
    problems). ``orientation`` 1 counts steps from the first up to the second
    (change between rounds); -1 counts them from the second up to the first
    (staff's view above lived experience). A domain's mean is over the items
    answered in both, given when at least as many are paired as the conventions
    require.

    Raises:
        ValidationError: ``what``, with every argument of the wrong type.
    """
    problems: list[Problem] = []
    for name, value in arguments:
        expect(value, EvaluationResponse, name, problems)
    checked = check_conventions(conventions, problems)
    if problems:
        raise ValidationError(what, problems)
    first, second = (cast("EvaluationResponse", value) for _, value in arguments)
    items: dict[str, _PairedItem] = {}
    for item_id in COPRODUCTION_EVALUATION.item_ids:
        a, b = first.answers[item_id], second.answers[item_id]
        moved = (
            None
            if a is None or b is None
            else orientation * (scale_position(b) - scale_position(a))
        )
        direction = None if moved is None else _sign(moved)
        items[item_id] = _PairedItem(item_id, a, b, moved, direction)
    domains: dict[Domain, _PairedDomain] = {}
    for domain, ids in DOMAIN_ITEM_IDS.items():
        values = [s for s in (items[i].steps for i in ids) if s is not None]
        required = checked.required(len(ids))
        mean = sum(values) / len(values) if len(values) >= required else None
        domains[domain] = _PairedDomain(
            domain=domain,
            mean_steps=mean,
            paired=len(values),
            required=required,
            up=tuple(i for i in ids if items[i].direction == 1),
            down=tuple(i for i in ids if items[i].direction == -1),
            direction=None if mean is None else _sign(mean),
        )
    return items, domains, checked


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


_CHANGE_BY_SIGN: Final = {
    1: Change.IMPROVED,
    -1: Change.WORSENED,
    0: Change.UNCHANGED,
    None: Change.NOT_COMPARABLE,
}


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
                f"{self.domain.label}: not comparable ({plural(self.paired, 'item')} answered in "
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
    paired_items, paired_domains, checked = _pair(
        (("before", before), ("after", after)), conventions, orientation=1, what="comparison"
    )
    items = FrozenDict(
        (
            i,
            ItemChange(
                item_id=i,
                before=p.first,
                after=p.second,
                steps=p.steps,
                change=_CHANGE_BY_SIGN[p.direction],
            ),
        )
        for i, p in paired_items.items()
    )
    domains = {
        domain: DomainChange(
            domain=domain,
            mean_steps=p.mean_steps,
            paired=p.paired,
            required=p.required,
            improved=p.up,
            worsened=p.down,
            change=_CHANGE_BY_SIGN[p.direction],
        )
        for domain, p in paired_domains.items()
    }
    return Comparison(items=items, domains=FrozenDict(domains), conventions=checked)


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


#: By the sign of the steps by which staff's view is above the person's answer.
_PERCEPTION_BY_SIGN: Final = {
    1: Perception.OVERESTIMATE,
    -1: Perception.UNDERESTIMATE,
    0: Perception.MATCH,
    None: Perception.NOT_COMPARABLE,
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
                f"{self.domain.label}: not comparable ({plural(self.paired, 'item')} "
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
    paired_items, paired_domains, checked = _pair(
        (("staff_view", staff_view), ("lived_experience", lived_experience)),
        conventions,
        orientation=-1,
        what="perception gap",
    )
    items = FrozenDict(
        (
            i,
            ItemPerception(
                item_id=i,
                staff_view=p.first,
                lived_experience=p.second,
                steps=p.steps,
                perception=_PERCEPTION_BY_SIGN[p.direction],
            ),
        )
        for i, p in paired_items.items()
    )
    domains = {
        domain: DomainPerception(
            domain=domain,
            mean_steps=p.mean_steps,
            paired=p.paired,
            required=p.required,
            overestimated=p.up,
            underestimated=p.down,
            perception=_PERCEPTION_BY_SIGN[p.direction],
        )
        for domain, p in paired_domains.items()
    }
    return PerceptionGap(items=items, domains=FrozenDict(domains), conventions=checked)
