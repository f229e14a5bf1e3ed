"""Disclosure control across everything one run publishes: groups, their total, nested levels.

:func:`protect_summaries` takes unsuppressed evaluation summaries of the same
responses at nested grouping levels (the whole cohort, sites, wards within
sites) and publishes them together under a :class:`DisclosureControl`, so that
no suppressed figure can be worked out from the published ones by addition or
subtraction (see :mod:`coproduction._disclosure` for the method). It works on
the summaries alone, whatever computed them.

Three kinds of figures are protected, in this order, each pattern feeding the next:

1. **Group sizes.** A group of 1 to ``threshold`` respondents is suppressed;
   complements are chosen across each parent's groups (the total is the parent
   of the top level).
2. **Scores.** A group's domain and overall figures (n, mean, median, standard
   deviation, interval) are withheld together, when its group is, or when any
   measure rests on 1 to ``threshold`` people; complements are chosen the same
   way. They are withheld together because the overall score is the mean of the
   domain scores, a link a reader could otherwise use. A group whose scores are
   withheld also has all its answer counts withheld: with no item skipped, the
   answer counts give the scores.
3. **Answer counts.** Per item, the counts of each answer in each group form a
   two-way table (groups by answers) whose rows add up to the group's size and
   whose columns add up level by level; small counts are suppressed and
   complements chosen within rows and columns, with an exact check. The items of
   one domain are protected together with the domain's sum of scores (n times
   the published mean): where nobody in a group skipped one of the domain's
   items, that sum is the answer counts times their points, a relation a reader
   can use. Last, in whole numbers: every withheld count of 1 or more must have
   a second solution (:func:`coproduction._disclosure.unshown`), else the
   group's domain mean is withheld too.

Every published count is treated as exact (a reader may recover a rounded count
from an unrounded mean), so rounding is extra protection, never relied on.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Collection, Sequence
from fractions import Fraction

from coproduction._cohorts import EVALUATION_ANSWERS
from coproduction._disclosure import Relation, Whole, protect
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Domain,
    ReadinessAnswer,
)
from coproduction._scoring import EvaluationConventions
from coproduction._summary_values import (
    CohortSummary,
    ItemSummary,
    MeasureSummary,
    ReadinessCounts,
    ReadinessSummary,
)
from coproduction._suppression import Count, DisclosureControl, Statistic, Suppressed
from coproduction.exceptions import Problem, ValidationError

__all__ = ["protect_summaries"]

Group = tuple[str, ...]
_MEASURES: tuple[Domain | None, ...] = (*COPRODUCTION_EVALUATION.domains, None)
_ANSWERS = len(EVALUATION_ANSWERS) + 1  # each answer, then unanswered


def _check(summaries: object, disclosure: object) -> list[CohortSummary]:
    problems: list[Problem] = []
    if not isinstance(disclosure, DisclosureControl):
        problems.append(
            Problem("disclosure", f"expected a DisclosureControl, got {type(disclosure).__name__}")
        )
    given = list(summaries) if isinstance(summaries, Sequence) else []
    if not given:
        problems.append(Problem("summaries", "expected a non-empty sequence of CohortSummary"))
    found: list[CohortSummary] = []
    for i, s in enumerate(given):
        if not isinstance(s, CohortSummary):
            problems.append(Problem(f"summaries[{i}]", f"expected a CohortSummary, got {s!r}"))
        elif s.disclosure is not None:
            problems.append(
                Problem(f"summaries[{i}]", "already suppressed; give summaries made without one")
            )
        else:
            found.append(s)
    found.sort(key=lambda s: len(s.by))
    for lower, upper in itertools.pairwise(found):
        if not set(lower.by) < set(upper.by):
            problems.append(
                Problem(
                    "summaries",
                    f"grouping levels must be nested, each one's columns within the next's; "
                    f"got {lower.by!r} and {upper.by!r}",
                )
            )
    if len({s.conventions for s in found}) > 1:
        problems.append(Problem("summaries", "scored under different conventions"))
    if problems:
        raise ValidationError("disclosure across summaries", problems)
    return found


def _raw(value: object) -> int:
    if not isinstance(value, int):
        raise ValidationError(
            "disclosure across summaries", [Problem("summaries", "holds a suppressed count")]
        )
    return value


class _Cells:
    """The groups of every level as one list of cells, and the relations between levels."""

    def __init__(self, levels: Sequence[CohortSummary]) -> None:
        self.levels = levels
        self.cells: list[tuple[int, Group]] = [
            (i, g) for i, s in enumerate(levels) for g in s.groups
        ]
        self.index = {cell: c for c, cell in enumerate(self.cells)}
        self.size = [_raw(levels[i].groups[g]) for i, g in self.cells]
        self.children: dict[int, list[int]] = {}
        problems: list[Problem] = []
        for c, (i, group) in enumerate(self.cells):
            if i == 0:
                continue
            upper, lower = levels[i - 1].by, levels[i].by
            parent = tuple(group[lower.index(name)] for name in upper)
            p = self.index.get((i - 1, parent))
            if p is None:
                problems.append(Problem(f"{lower}={group}", f"no group {parent} in {upper}"))
            else:
                self.children.setdefault(p, []).append(c)
        for p, (i, group) in enumerate(self.cells):
            if (
                i + 1 < len(levels)
                and sum(self.size[c] for c in self.children.get(p, [])) != (self.size[p])
            ):
                problems.append(
                    Problem(
                        f"{levels[i].by}={group}",
                        "its groups in the next level do not add up to it: the summaries "
                        "are not of the same responses",
                    )
                )
        if problems:
            raise ValidationError("disclosure across summaries", problems)

    def relations(self, offset: int = 0, stride: int = 1, shift: int = 0) -> list[Relation]:
        """Each parent against its children, on variables ``offset + cell * stride + shift``."""
        return [
            (
                (offset + p * stride + shift, -1),
                *((offset + c * stride + shift, 1) for c in children),
            )
            for p, children in sorted(self.children.items())
        ]

    def measure(self, c: int, domain: Domain | None) -> MeasureSummary:
        i, group = self.cells[c]
        return self.levels[i].measure(domain, group)

    def item(self, c: int, item_id: str) -> ItemSummary:
        i, group = self.cells[c]
        return self.levels[i].item(item_id, group)


def _sizes(cells: _Cells, rule: DisclosureControl) -> frozenset[int]:
    small = {c for c, n in enumerate(cells.size) if 1 <= n <= rule.threshold}
    return protect(cells.size, cells.relations(), small, small=small, threshold=rule.threshold)


def _scores(cells: _Cells, rule: DisclosureControl, groups: frozenset[int]) -> frozenset[int]:
    counts = [[_raw(cells.measure(c, d).n) for c in range(len(cells.cells))] for d in _MEASURES]
    smalls = [{c for c, n in enumerate(ns) if 1 <= n <= rule.threshold} for ns in counts]
    hidden = frozenset(groups.union(*smalls))
    relations = cells.relations()
    while True:
        grown = hidden
        for ns, small in zip(counts, smalls, strict=True):
            grown |= protect(ns, relations, grown, small=small, threshold=rule.threshold)
        if grown == hidden:
            return hidden
        hidden = grown


def _simplest(point: float) -> Fraction:
    """The simplest fraction (denominator up to 10,000) that is ``point`` as a float.

    ``0.3`` is 3/10 and ``1/3`` is 1/3; a point no such fraction gives back
    exactly (``1 + 1e-5``) is taken exactly as the float it is, never rounded:
    the audit must see every difference between points that the means show.
    """
    simple = Fraction(point).limit_denominator(10_000)
    return simple if float(simple) == point else Fraction(point)


def _points(conventions: EvaluationConventions) -> tuple[tuple[int, ...], int, Fraction]:
    """Each answer's points less the least, as whole numbers; their factor; the least.

    The points less the least are all multiplied by one factor. The sums'
    variables are then the sums times that factor, which changes nothing that
    can be solved for. Points are read by :func:`_simplest`, which keeps the
    factor small; shifting them to start at 0 keeps "Not at all" out of the relation
    when its points are the least, as they are by default.
    """
    exact = [_simplest(conventions.points[f]) for f in EVALUATION_ANSWERS]
    least = min(exact)
    scale = math.lcm(*(p.denominator for p in exact))
    return tuple(int((p - least) * scale) for p in exact), scale, least


def _answers(  # noqa: C901, PLR0912, PLR0915 - one system per domain, to a fixed point
    cells: _Cells, rule: DisclosureControl, groups: frozenset[int], scores: frozenset[int]
) -> tuple[dict[str, frozenset[tuple[int, int]]], frozenset[tuple[Domain | None, int]]]:
    """Per item, the withheld (cell, answer) pairs; and the withheld (domain, cell) statistics.

    The last answer is "unanswered". The statistics are those withheld besides
    the cells in ``scores`` (whose statistics are all withheld).

    The items of one domain are protected together with the domain's sum of
    scores in each group (n times the mean, a figure a reader recovers from the
    mean; times lcm(1..items) and the points' factor, so a whole number), each a
    cell of the same system, adding up across the groups like the counts. In a
    group where everyone answered the same items (nobody skipped, or all skipped
    alike), that sum times the number of items answered is each count times its
    answer's points, a linear relation on the items' answer counts, so it joins
    the relations, and the audit in whole numbers (``whole=``) uses it too,
    withholding the group's mean (:func:`_mean_of`) where a count would be
    pinned. Where some skipped and others did not, the sum is tied to the counts
    by an equation in whole numbers that is not linear (it depends on who
    skipped what), which a reader may still solve: so the domain's statistics
    are withheld in that group whenever any of the domain's answer counts is
    (its sum joins the withheld figures, protected across the groups like any
    other), to a fixed point. So are they where an unanswered count of the
    domain is withheld: a mean published beside it would say that nobody
    skipped, so that it is 0. And where such a group is a finest group (an
    atom), its withheld sum withholds the sums of every group above it: a
    reader who splits the atom's people by how many items they answered
    bounds its sum from its counts, which a published total would turn into
    bounds on the other groups' withheld sums, and through them on their
    counts. With the groups
    above withheld, the atom's sum is tied to no published figure: the top
    one takes up any value it has. So does a finest group where everyone
    skipped the same items, once one of its unanswered counts is withheld: a
    reader no longer knows that they skipped alike. The audit's tie of a
    group where nobody skipped holds only while nobody does, so the audit
    keeps its unanswered counts at 0: a restriction, which the true figures
    satisfy (it can only withhold more). And in the finest groups where some
    skipped, or may have, the audit's solutions keep the unanswered counts to
    those of people scored as the published n says (:func:`_skips`).
    The overall statistics of a group are withheld whenever a domain's are (the
    overall score is the mean of the domain scores), with complements across the
    groups among the groups that withhold a domain's too.
    """
    n = len(cells.cells)
    points, scale, least = _points(cells.levels[0].conventions)
    withheld: dict[str, frozenset[tuple[int, int]]] = {}
    statistics: set[tuple[Domain | None, int]] = set()
    for domain in COPRODUCTION_EVALUATION.domains:
        item_ids = [item.id for item in COPRODUCTION_EVALUATION.items_in(domain)]

        def var(c: int, j: int, k: int) -> int:
            return n + (j * n + c) * _ANSWERS + k

        item_range = range(len(item_ids))
        sums = n + len(item_ids) * n * _ANSWERS  # the domain's sum of scores, per cell
        # The sums as whole numbers: each person's score is their points over the
        # number of items they answered, so lcm(1..items) times the points' scale
        # times the sum of scores is whole.
        per_item = math.lcm(*range(1, len(item_ids) + 1))
        factor = per_item * scale
        relations = cells.relations()  # sizes, all fixed: published or not as decided above
        relations.extend(cells.relations(offset=sums))
        values = [*cells.size, *([0] * (sums - n)), *([0] * n)]
        for j, item_id in enumerate(item_ids):
            relations.extend(
                ((c, -1), *((var(c, j, k), 1) for k in range(_ANSWERS))) for c in range(n)
            )
            for k in range(_ANSWERS):
                relations.extend(
                    cells.relations(offset=n + j * n * _ANSWERS, stride=_ANSWERS, shift=k)
                )
            for c in range(n):
                item = cells.item(c, item_id)
                raw = [*(_raw(item.counts[f]) for f in EVALUATION_ANSWERS), _raw(item.unanswered)]
                for k, v in enumerate(raw):
                    values[var(c, j, k)] = v
        for c in range(n):  # exact for the groups tied below; in fractions, never overflowing
            measured = cells.measure(c, domain)
            if isinstance(measured.mean, float):
                values[sums + c] = round(Fraction(measured.mean) * _raw(measured.n) * factor)
        last = _ANSWERS - 1
        # A group where everyone answered the same items (each item's unanswered
        # count is 0 or everyone): its sum of scores is its points over that
        # number of items, a linear relation on its counts, known to a reader who
        # reads the unanswered counts. Elsewhere the sum depends on who skipped.
        answered = {}
        for c in range(n):
            gaps = {values[var(c, j, last)] for j in item_range}
            if gaps <= {0, cells.size[c]} and cells.size[c] > 0:
                answered[c] = sum(not values[var(c, j, last)] for j in item_range)
        tied = {c for c, m in answered.items() if m and _raw(cells.measure(c, domain).n)}
        skipped = set(range(n)) - tied
        for c in sorted(tied):  # answered * sum = its points = shifted points + least * answers
            shift = least * scale * per_item * answered[c]  # times the size
            total = per_item * sum(  # the sum from the counts: exact, where the mean is a float
                p * values[var(c, j, k)] for j in item_range for k, p in enumerate(points)
            )
            values[sums + c] = (total + int(shift) * cells.size[c]) // answered[c]
            relations.append(
                (
                    (sums + c, -answered[c]),
                    *(((c, int(shift)),) if shift else ()),
                    *(
                        (var(c, j, k), per_item * p)
                        for j in item_range
                        for k, p in enumerate(points)
                        if p
                    ),
                )
            )
        # The tie of a group where nobody skipped holds for the audit's solutions
        # only while nobody does: a restriction for the audit alone (a reader who
        # cannot see the unanswered counts does not know it), which keeps them 0.
        complete = sorted(c for c in tied if answered[c] == len(item_ids))
        alike = tuple(tuple((var(c, j, last), 1) for j in item_range) for c in complete)
        above = _ancestors(cells)
        atoms = {c for c in skipped if c not in cells.children}  # the finest groups
        # A finest group where everyone skipped the same items, with an unanswered
        # count withheld: a reader does not know they skipped alike.
        unsure = {c for c in tied if c not in cells.children and answered[c] < len(item_ids)}
        skips, auxiliary = _skips(
            values,
            atoms | unsure,
            cells=cells,
            domain=domain,
            unanswered=[[var(c, j, last) for j in item_range] for c in range(n)],
            hidden=scores,
        )
        small = {v for v in range(n, sums) if 1 <= values[v] <= rule.threshold}
        audit = Whole(
            functools.partial(_mean_of, n=n, sums=sums, tied=frozenset(tied)),
            unbounded=frozenset(range(sums, sums + n)),  # sums may be below 0 (points may)
            relations=(*alike, *skips),
            auxiliary=auxiliary,
        )
        start = set(groups) | small
        start.update(
            var(c, j, k) for c in scores for j in range(len(item_ids)) for k in range(_ANSWERS)
        )
        start.update(sums + c for c in scores)
        while True:
            hidden = protect(
                values,
                relations,
                start,
                small=small | {c for c in groups if 1 <= cells.size[c] <= rule.threshold},
                threshold=rule.threshold,
                fixed=[*range(n), *(sums + c for c in scores)],
                whole=audit,
            )
            # A withheld count in a group where someone skipped, or may have (an
            # unanswered count withheld: a published mean must not say it is 0),
            # withholds the sum too.
            linked = {
                sums + c
                for c in range(n)
                if (c in skipped or any(var(c, j, last) in hidden for j in item_range))
                and any(var(c, j, k) in hidden for j in item_range for k in range(_ANSWERS))
            }
            # An atom's withheld sum withholds the sums above it.
            linked |= {sums + a for c in atoms if sums + c in hidden | linked for a in above[c]}
            linked |= {
                sums + a
                for c in unsure
                if any(var(c, j, last) in hidden for j in item_range)
                for a in above[c]
            }
            if linked <= hidden:
                break
            start = set(hidden) | linked
        for j, item_id in enumerate(item_ids):
            withheld[item_id] = frozenset(
                (c, k) for c in range(n) for k in range(_ANSWERS) if var(c, j, k) in hidden
            )
        statistics.update((domain, c) for c in range(n) if sums + c in hidden and c not in scores)
    return withheld, frozenset(statistics | _overall(cells, statistics, scores))


def _skips(
    values: list[int],
    atoms: Collection[int],
    *,
    cells: _Cells,
    domain: Domain,
    unanswered: Sequence[Sequence[int]],
    hidden: Collection[int],
) -> tuple[list[Relation], frozenset[int]]:
    """What a domain's published n says of each atom's skips, as relations for the audit.

    A person is scored when they answered ``required`` of the domain's ``items``
    or more: so the atom's n scored people skipped at most ``items - required``
    items each, and its ``d`` others more. A reader rules out unanswered counts
    that no such people give. Those that some give are exactly these: the
    unscored take ``a_j`` of item ``j``'s skips (at most ``d``, and at most the
    count), ``items - required + 1`` each or more in all; the scored the rest (at
    most n of each item, ``items - required`` each in all); people are then laid
    out round in turn. The relations state that with slack figures at 0 or more
    (``a_j`` and the slack are auxiliary), ``d`` fixed at its true value (a
    restriction, which only withholds more). Appends to ``values`` a figure
    that is 1 (for the constants), each atom's n (withheld where its scores are,
    ``hidden``: auxiliary here, ``_scores`` protects it) and the auxiliary
    figures, at true values (``a_j`` the most the unscored can take).
    """
    items = len(unanswered[0])
    spare = items - cells.levels[0].conventions.required(items)
    one = len(values)
    values.append(1)
    relations: list[Relation] = []
    auxiliary: set[int] = set()

    def figure(value: int) -> int:
        values.append(value)
        auxiliary.add(len(values) - 1)
        return len(values) - 1

    def constant(k: int) -> tuple[tuple[int, int], ...]:
        return ((one, -k),) if k else ()

    for c in sorted(atoms):
        scored = figure(_raw(cells.measure(c, domain).n))
        if c not in hidden:
            auxiliary.discard(scored)  # published: a constant
        n, unscored = values[scored], cells.size[c] - values[scored]
        counts = [values[u] for u in unanswered[c]]
        relations.append(((c, 1), (scored, -1), *constant(unscored)))
        rest: list[Relation] = []  # the scored people's skips of each item
        if unscored:
            taken = []
            for u, count in zip(unanswered[c], counts, strict=True):
                take = min(count, unscored)
                a = figure(take)
                taken.append(a)
                relations.append(((a, 1), (figure(unscored - take), 1), *constant(unscored)))
                relations.append(((u, 1), (a, -1), (figure(count - take), -1)))
                rest.append(((u, 1), (a, -1)))
            relations.append(
                (
                    *((a, 1) for a in taken),
                    (figure(sum(min(k, unscored) for k in counts) - (spare + 1) * unscored), -1),
                    *constant((spare + 1) * unscored),
                )
            )
        else:
            rest = [((u, 1),) for u in unanswered[c]]
        left = [count - min(count, unscored) for count in counts]
        for r, k in zip(rest, left, strict=True):  # at most n of each item
            if unscored:
                relations.append((*r, (figure(n - k), 1), (scored, -1)))
        relations.append(
            (
                *(m for r in rest for m in r),
                (figure(spare * n - sum(left)), 1),
                *(((scored, -spare),) if spare else ()),
            )
        )
    if any(values[v] < 0 for v in auxiliary):
        raise ValidationError(
            "disclosure across summaries",
            [Problem(f"{domain.value}", "an n scored that no unanswered counts allow")],
        )
    return relations, frozenset(auxiliary)


def _ancestors(cells: _Cells) -> dict[int, list[int]]:
    """Each cell's coarser groups: its parent, the parent's parent, and so on."""
    parent = {c: p for p, children in cells.children.items() for c in children}
    found: dict[int, list[int]] = {}
    for c in range(len(cells.cells)):
        chain, p = [], parent.get(c)
        while p is not None:
            chain.append(p)
            p = parent.get(p)
        found[c] = chain
    return found


def _mean_of(v: int, *, n: int, sums: int, tied: frozenset[int]) -> int | None:
    """The sum (the mean) to withhold for answer count ``v`` pinned in whole numbers.

    That of its group, where the sum is tied to the counts (``tied``: nobody
    skipped); ``None`` for any other figure.
    """
    c = ((v - n) // _ANSWERS) % n if n <= v < sums else None
    return sums + c if c in tied else None


def _overall(
    cells: _Cells, statistics: set[tuple[Domain | None, int]], scores: frozenset[int]
) -> set[tuple[Domain | None, int]]:
    """The groups whose overall statistics are withheld: wherever a domain's are.

    A group's overall score is the mean of its domain scores; published beside
    the other domains', it would give a withheld domain's back. Across the groups,
    each relation (a parent and its children) then has none or at least two such
    groups, as the domains' sums do (they are protected across the same
    relations); complements are chosen among them only (another would be given
    back by its published domain means), relation by relation: the groups'
    relations form a tree, where no combination pins what no single one does.

    They are withheld too in a group where someone lacks a score in a domain (or
    overall): there the overall score is no longer the mean of the domain
    scores over everyone, and the overall mean beside the domains' would give
    back what the people without one scored in the others (a review pinned a
    withheld count so). Every group above such a group is one too.
    """
    n = len(cells.cells)
    incomplete = {
        c for c in range(n) if any(_raw(cells.measure(c, d).n) != cells.size[c] for d in _MEASURES)
    }
    chosen = {c for _, c in statistics} | incomplete
    values = [_raw(cells.measure(c, None).n) for c in range(n)]
    hidden = protect(
        values,
        cells.relations(),
        chosen | scores,
        fixed=[c for c in range(n) if c not in chosen and c not in scores],
        exact=False,
    )
    return {(None, c) for c in hidden - scores}


def _count(value: int, hidden: bool, rule: DisclosureControl) -> Count:
    """A count as published: rounded, or withheld with the rule's one reason.

    Primary and complementary suppression give the same reason: telling them
    apart would say which withheld counts are small (1 to the threshold) and which
    are not, which with the relations can pin them.
    """
    return Suppressed(rule.reason) if hidden else rule.round(value)


def _statistic(value: Statistic, hidden: bool, rule: DisclosureControl) -> Statistic:
    """A statistic as published: as it is, or withheld with the rule's one reason."""
    return Suppressed(rule.reason) if hidden else value


def protect_summaries(
    summaries: Sequence[CohortSummary], disclosure: DisclosureControl
) -> tuple[CohortSummary, ...]:
    """Publish summaries of the same responses at nested grouping levels, protected together.

    Each summary must have been made without disclosure control (``disclosure=None``),
    and each level's grouping columns must include the previous level's (for
    example the whole cohort, ``by="site"`` and ``by=["site", "ward"]``). Small
    numbers are suppressed as :class:`~coproduction.DisclosureControl` says, and
    further figures are suppressed (complementary suppression) so that no
    suppressed figure can be worked out by adding or subtracting published ones,
    within a group, across the groups of a level and their total, and across
    levels. The method, its sources and its limits are in the documentation
    (*Privacy and small numbers*).

    Args:
        summaries: The summaries one publication holds, in any order.
        disclosure: The small-number rule.

    Returns:
        The published summaries, in the order of their levels (fewest grouping
        columns first), each with ``disclosure`` set.

    Raises:
        ValidationError: The summaries are already suppressed, not nested, scored
            under different conventions, or not of the same responses.

    >>> from coproduction import EvaluationCohort, summarize
    >>> cohort = EvaluationCohort.from_array([[2] * 23] * 55,
    ...     groups={"ward": ["A"] * 20 + ["B"] * 5 + ["C"] * 30})
    >>> whole, wards = protect_summaries(
    ...     [summarize(cohort, resamples=0), summarize(cohort, by="ward", resamples=0)],
    ...     DisclosureControl())
    >>> [str(n) for n in wards.groups.values()], whole.groups[()]
    (['*', '*', '30'], 55)

    .. versionadded:: 0.2.0
    """
    levels = _check(summaries, disclosure)
    cells = _Cells(levels)
    groups = _sizes(cells, disclosure)
    scores = _scores(cells, disclosure, groups)
    answers, statistics = _answers(cells, disclosure, groups, scores)
    published: list[CohortSummary] = []
    for i, level in enumerate(levels):
        index = {g: cells.index[i, g] for g in level.groups}
        sizes: dict[Group, Count] = {
            g: _count(cells.size[c], c in groups, disclosure) for g, c in index.items()
        }
        measures = []
        for m in level.measures:
            c = index[m.group]
            n = _raw(m.n)
            # A statistic withheld beside a withheld answer count keeps its n.
            hidden = c in scores or (m.domain, c) in statistics
            measures.append(
                MeasureSummary(
                    group=m.group,
                    domain=m.domain,
                    n=_count(n, c in scores, disclosure),
                    mean=_statistic(m.mean, hidden, disclosure),
                    median=_statistic(m.median, hidden, disclosure),
                    sd=_statistic(m.sd, hidden, disclosure),
                    low=_statistic(m.low, hidden, disclosure),
                    high=_statistic(m.high, hidden, disclosure),
                )
            )
        items = []
        for item in level.items:
            c = index[item.group]
            withheld = answers[item.item_id]
            raw = [*(_raw(item.counts[f]) for f in EVALUATION_ANSWERS), item.unanswered]
            shown = [_count(_raw(v), (c, k) in withheld, disclosure) for k, v in enumerate(raw)]
            percents = [disclosure.percent(s, sizes[item.group]) for s in shown]
            items.append(
                ItemSummary(
                    group=item.group,
                    item_id=item.item_id,
                    counts=FrozenDict(zip(EVALUATION_ANSWERS, shown[:-1], strict=True)),
                    unanswered=shown[-1],
                    percents=FrozenDict(zip(EVALUATION_ANSWERS, percents[:-1], strict=True)),
                    unanswered_percent=percents[-1],
                )
            )
        published.append(
            CohortSummary(
                by=level.by,
                groups=FrozenDict(sizes),
                items=tuple(items),
                measures=tuple(measures),
                confidence=level.confidence,
                resamples=level.resamples,
                seed=level.seed,
                conventions=level.conventions,
                disclosure=disclosure,
            )
        )
    return tuple(published)


def publish_nested(
    levels: Sequence[CohortSummary], disclosure: DisclosureControl | None
) -> CohortSummary:
    """One summary of every nested level (the whole, then each grouping), protected together.

    ``levels`` are unprotected summaries of the same responses: the whole cohort,
    then grouped by the first grouping column, the first two, and so on (one level
    when there is no grouping). The published summary holds every level's groups,
    keyed by their own tuples (``()`` for the whole, ``("North",)`` for a site,
    ``("North", "Alder")`` for a ward), so that a site's figures need no second
    publication to be worked out from, and every figure is suppressed under one
    protection: the audit report publishes the same levels the same way. Rows of
    the whole cohort come first, then each level's, in the items and in each
    measure's rows. With no rule (``None``), the levels are put together as they are.
    """
    protected = tuple(levels) if disclosure is None else protect_summaries(levels, disclosure)
    finest = protected[-1]
    if len(protected) == 1:
        return finest
    groups: dict[tuple[str, ...], Count] = {}
    for part in protected:
        groups.update(part.groups)
    return CohortSummary(
        by=finest.by,
        groups=FrozenDict(groups),
        items=tuple(i for part in protected for i in part.items),
        measures=tuple(
            m
            for domain in _MEASURES
            for part in protected
            for m in part.measures
            if m.domain is domain
        ),
        confidence=finest.confidence,
        resamples=finest.resamples,
        seed=finest.seed,
        conventions=finest.conventions,
        disclosure=disclosure,
    )


# --- Readiness across settings ----------------------------------------------------

_READINESS_ANSWERS = (ReadinessAnswer.YES, ReadinessAnswer.PARTLY, ReadinessAnswer.NO)
_ACTIVITIES = READINESS_CHECKER.activities
_DIMENSIONS = READINESS_CHECKER.dimensions
_K = len(_READINESS_ANSWERS) + 1  # each answer, then unanswered
_CELL = 1  # a group's variables: its size, then its cells', activities' and dimensions' counts
_ACTIVITY = _CELL + len(_ACTIVITIES) * len(_DIMENSIONS) * _K
_DIMENSION = _ACTIVITY + len(_ACTIVITIES) * _K
_WIDTH = _DIMENSION + len(_DIMENSIONS) * _K


def _readiness_rows(summary: ReadinessSummary) -> dict[tuple[Group, int], ReadinessCounts]:
    """Each row of a readiness summary by its group and the offset of its first count."""
    rows: dict[tuple[Group, int], ReadinessCounts] = {}
    for row in (*summary.cells, *summary.activities, *summary.dimensions):
        if row.activity is not None and row.dimension is not None:
            a, d = _ACTIVITIES.index(row.activity), _DIMENSIONS.index(row.dimension)
            offset = _CELL + (a * len(_DIMENSIONS) + d) * _K
        elif row.activity is not None:
            offset = _ACTIVITY + _ACTIVITIES.index(row.activity) * _K
        else:
            offset = _DIMENSION + _DIMENSIONS.index(row.dimension) * _K
        rows[row.group, offset] = row
    return rows


def _readiness_relations(groups: int, children: Sequence[int]) -> list[Relation]:
    """The relations of readiness figures, within each group and across groups.

    Within each group: a cell's answers add up to its size; activities and
    dimensions add up their cells. Across groups (``children`` of group 0, the
    whole): each figure.
    """
    relations: list[Relation] = []
    n_dim = len(_DIMENSIONS)
    for g in range(groups):
        base = g * _WIDTH
        for a in range(len(_ACTIVITIES)):
            for d in range(n_dim):
                first = base + _CELL + (a * n_dim + d) * _K
                relations.append(((base, -1), *((first + k, 1) for k in range(_K))))
        # Each activity's and dimension's row has its total: settings times its cells.
        relations.extend(
            ((base, -n_dim), *((base + _ACTIVITY + a * _K + k, 1) for k in range(_K)))
            for a in range(len(_ACTIVITIES))
        )
        relations.extend(
            ((base, -len(_ACTIVITIES)), *((base + _DIMENSION + d * _K + k, 1) for k in range(_K)))
            for d in range(n_dim)
        )
        # All the activities' rows and all the dimensions' rows add up the same cells.
        relations.extend(
            (
                *((base + _ACTIVITY + a * _K + k, 1) for a in range(len(_ACTIVITIES))),
                *((base + _DIMENSION + d * _K + k, -1) for d in range(n_dim)),
            )
            for k in range(_K)
        )
        for k in range(_K):
            for a in range(len(_ACTIVITIES)):
                cells = (base + _CELL + (a * n_dim + d) * _K + k for d in range(n_dim))
                relations.append(((base + _ACTIVITY + a * _K + k, -1), *((c, 1) for c in cells)))
            for d in range(n_dim):
                cells = (base + _CELL + (a * n_dim + d) * _K + k for a in range(len(_ACTIVITIES)))
                relations.append(((base + _DIMENSION + d * _K + k, -1), *((c, 1) for c in cells)))
    if children:
        relations.extend(((o, -1), *((c * _WIDTH + o, 1) for c in children)) for o in range(_WIDTH))
    return relations


def protect_readiness(
    whole: ReadinessSummary | None, groups: ReadinessSummary, disclosure: DisclosureControl
) -> ReadinessSummary:
    """Readiness across settings by group and as a whole, protected together.

    Both summaries must be made without a rule. A group's number of settings is
    protected across the groups and the whole first; then every count (cell,
    activity and dimension rows) with the relations between them: a cell's answers
    add up to the group's settings, an activity's and a dimension's rows add up
    their cells, and the whole adds up the groups. A group whose size is
    suppressed has all its figures withheld, and a row's total (settings, or
    settings times cells) is published only with the size.
    """
    labels = [*(whole.groups if whole is not None else ()), *groups.groups]
    rows = {**(_readiness_rows(whole) if whole is not None else {}), **_readiness_rows(groups)}
    sizes = [_raw((whole if whole is not None and g == () else groups).groups[g]) for g in labels]
    values = [0] * (len(labels) * _WIDTH)
    for c, label in enumerate(labels):
        values[c * _WIDTH] = sizes[c]
        for o in (*range(_CELL, _ACTIVITY, _K), *range(_ACTIVITY, _WIDTH, _K)):
            row = rows[label, o]
            shown = [*(row.counts[x] for x in _READINESS_ANSWERS), row.unanswered]
            for k, figure in enumerate(shown):
                values[c * _WIDTH + o + k] = _raw(figure)
    children = range(1, len(labels)) if whole is not None else range(0)
    size_relations: list[Relation] = (
        [((0, -1), *((c, 1) for c in children))] if whole is not None else []
    )
    small_sizes = {c for c, n in enumerate(sizes) if 1 <= n <= disclosure.threshold}
    hidden_groups = protect(
        sizes, size_relations, small_sizes, small=small_sizes, threshold=disclosure.threshold
    )
    counts = [v for v in range(len(values)) if v % _WIDTH]
    small = {v for v in counts if 1 <= values[v] <= disclosure.threshold}
    start = small | {v for v in range(len(values)) if v // _WIDTH in hidden_groups}
    hidden = protect(
        values,
        _readiness_relations(len(labels), children),
        start,
        small=small | {c * _WIDTH for c in small_sizes},
        threshold=disclosure.threshold,
        fixed=range(0, len(values), _WIDTH),
    )
    index = {label: c for c, label in enumerate(labels)}

    def publish(row: ReadinessCounts, offset: int) -> ReadinessCounts:
        c = index[row.group]
        total = _raw(row.total)
        shown_total = _count(total, c in hidden_groups, disclosure)
        raw = [*(row.counts[x] for x in _READINESS_ANSWERS), row.unanswered]
        shown = [
            _count(_raw(v), c * _WIDTH + offset + k in hidden, disclosure)
            for k, v in enumerate(raw)
        ]
        percents = [disclosure.percent(s, shown_total) for s in shown]
        return ReadinessCounts(
            group=row.group,
            activity=row.activity,
            dimension=row.dimension,
            total=shown_total,
            counts=FrozenDict(zip(_READINESS_ANSWERS, shown[:-1], strict=True)),
            unanswered=shown[-1],
            percents=FrozenDict(zip(_READINESS_ANSWERS, percents[:-1], strict=True)),
            unanswered_percent=percents[-1],
        )

    ordered = sorted(rows.items(), key=lambda kv: index[kv[0][0]])
    return ReadinessSummary(
        by=groups.by,
        groups=FrozenDict(
            {g: _count(sizes[c], c in hidden_groups, disclosure) for g, c in index.items()}
        ),
        cells=tuple(publish(r, o) for (_, o), r in ordered if r.activity and r.dimension),
        activities=tuple(
            publish(r, o) for (_, o), r in ordered if r.activity and r.dimension is None
        ),
        dimensions=tuple(
            publish(r, o) for (_, o), r in ordered if r.activity is None and r.dimension
        ),
        disclosure=disclosure,
    )
