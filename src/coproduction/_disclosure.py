"""Complementary suppression: the pure core of disclosure control across linked figures.

A *publication* is a set of figures (variables) tied together by additive
relations that a reader knows: a total is the sum of its groups, a site the sum of
its wards, a group's size the sum of the counts of each answer to an item. Some
figures are withheld to begin with (primary suppression: small numbers). If a
relation has exactly one withheld member, the reader recovers it by subtraction;
so another member is withheld too (complementary, or secondary, suppression), and
that may expose another relation, and so on to a fixed point. Finally an exact
rational-arithmetic check finds any withheld figure that a *combination* of
relations still determines (possible in two-way tables), withholds another member
of one of its relations, and starts again.

The method is the classic one for tabular data: Hundepool, Domingo-Ferrer,
Franconi, Giessing, Schulte Nordholt, Spicer and de Wolf (2012), *Statistical
Disclosure Control*, Wiley, chapter 4 (secondary cell suppression, linked and
hierarchical tables); the primary rule is NHS Digital's (2018). See
``docs/privacy.md`` for what it protects against and what it does not.

Everything here works on whole numbers and index sets only; it knows nothing of
cohorts or summaries (see :mod:`coproduction._publication` for that).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Collection, Sequence
from fractions import Fraction
from typing import TypeAlias

__all__ = ["Relation", "determined", "exposed", "protect"]

#: An additive relation known to readers: ``sum(coefficient * figure) == 0`` over
#: its members, each a ``(variable, coefficient)`` pair with a whole coefficient,
#: mostly +1 or -1 (e.g. ``((parent, -1), (child_1, 1), (child_2, 1))``).
Relation: TypeAlias = tuple[tuple[int, int], ...]


def exposed(
    relation: Relation,
    withheld: Collection[int],
    values: Sequence[int],
    small: Collection[int],
    threshold: int,
) -> bool:
    """Whether a relation gives a withheld member away, on its own.

    It does when exactly one member is withheld (subtraction), or when its
    withheld members all sit on the same side and the bounds a reader knows pin
    them: a figure withheld as small (``small``) lies between 1 and ``threshold``,
    any other withheld figure is at least 0. So withheld members adding up to no
    more than the number of small ones are all 1 (or 0), and small ones alone
    adding up to ``threshold`` times their number are all ``threshold`` (sums and
    numbers weighted by the members' coefficients).
    A relation with no published member gives nothing away.
    """
    hidden = [(v, c) for v, c in relation if v in withheld]
    if not hidden or len(hidden) == len(relation):
        return False
    if len(hidden) == 1:
        return True
    if len({c > 0 for _, c in hidden}) > 1:
        return False
    # Weighted by the coefficients (a domain's relation counts "All the time" twice).
    total = sum(abs(c) * values[v] for v, c in hidden)
    smalls = sum(abs(c) for v, c in hidden if v in small)
    if smalls and total <= smalls:
        return True
    everyone = sum(abs(c) for _, c in hidden)
    return smalls == everyone and total >= smalls * threshold


def _subtract(row: dict[int, Fraction], factor: Fraction, other: dict[int, Fraction]) -> None:
    """``row -= factor * other``, dropping entries that become zero."""
    for v, c in other.items():
        updated = row.get(v, Fraction(0)) - factor * c
        if updated:
            row[v] = updated
        else:
            row.pop(v, None)


class _Echelon:
    """Rows in reduced row echelon form, exact, with an index of where each free entry is."""

    def __init__(self) -> None:
        self.pivots: dict[int, dict[int, Fraction]] = {}
        self.where: dict[int, set[int]] = defaultdict(set)  # a free entry: the rows holding it

    def add(self, row: dict[int, Fraction]) -> None:
        """Reduce ``row`` by the pivots; if anything is left, make it a pivot row."""
        for p in [p for p in row if p in self.pivots]:
            if p in row:  # pivot rows hold no other pivot, so one pass clears them all
                _subtract(row, row[p], self.pivots[p])
        if not row:
            return
        pivot = min(row, key=lambda v: (len(self.where.get(v, ())), v))
        scale = row[pivot]
        row = {v: c / scale for v, c in row.items()}
        for p in sorted(self.where.pop(pivot, set())):
            other = self.pivots[p]
            before = set(other)
            _subtract(other, other[pivot], row)
            for v in before - set(other):
                self.where[v].discard(p)
            for v in set(other) - before:
                self.where[v].add(p)
        self.pivots[pivot] = row
        for v in row:
            if v != pivot:
                self.where[v].add(pivot)


def determined(relations: Sequence[Relation], withheld: Collection[int]) -> frozenset[int]:
    """The withheld figures that the relations pin down exactly, given every published one.

    Each relation, with its published members moved to the known side, is a
    linear equation in the withheld figures. A withheld figure is determined when
    its unit vector lies in the span of those equations: in the reduced row
    echelon form (exact rational arithmetic), it is a pivot whose row has no other
    entry. Bounds (figures are at least 0) are not used here; see :func:`exposed`.
    Each new pivot is the entry found in the fewest other rows, which keeps the
    sparse rows of these tables sparse.

    >>> determined([((0, -1), (1, 1), (2, 1))], {1})  # a total less one of two groups
    frozenset({1})
    >>> determined([((0, -1), (1, 1), (2, 1))], {1, 2})
    frozenset()
    """
    hidden = set(withheld)
    echelon = _Echelon()
    for relation in relations:
        row: dict[int, Fraction] = {}
        for v, c in relation:
            if v in hidden:
                _subtract(row, Fraction(-c), {v: Fraction(1)})
        echelon.add(row)
    return frozenset(p for p, row in echelon.pivots.items() if len(row) == 1)


def _order(values: Sequence[int], v: int) -> tuple[bool, int, int]:
    """Complements are chosen smallest first, zeros last (a zero adds no cover)."""
    return (values[v] == 0, values[v], v)


def _nearest(
    pinned: frozenset[int],
    relations: Sequence[Relation],
    members: dict[int, list[int]],
    hidden: set[int],
    cover: Callable[[int], int | None],
    values: Sequence[int],
) -> int:
    """A figure to withhold against a combination of relations that pins ``pinned``.

    From the relations of the pinned figures, else from those reached through
    their withheld members, and so on: the smallest figure that may be withheld.
    """
    seen_vars, seen = set(pinned), set()
    frontier = sorted({r for v in pinned for r in members[v]})
    while frontier:
        seen.update(frontier)
        options = [c for r in frontier if (c := cover(r)) is not None]
        if options:
            return min(options, key=lambda c: _order(values, c))
        reached = {v for r in frontier for v, _ in relations[r] if v in hidden} - seen_vars
        seen_vars |= reached
        frontier = sorted({r for v in reached for r in members[v]} - seen)
    msg = f"no figure left to withhold to protect figures {sorted(pinned)}"
    raise AssertionError(msg)


def protect(
    values: Sequence[int],
    relations: Sequence[Relation],
    withheld: Collection[int],
    *,
    small: Collection[int] = (),
    threshold: int = 7,
    fixed: Collection[int] = (),
    exact: bool = True,
) -> frozenset[int]:
    """The figures to withhold so that no withheld one can be worked out from the rest.

    Args:
        values: Each figure's true value (a count): complements are chosen
            smallest first, as the one that gives least away.
        relations: The additive relations readers know.
        withheld: The figures withheld to begin with (primary suppression, and
            any withheld for other reasons).
        small: Those withheld because they lie between 1 and ``threshold``; a
            reader knows that much of them.
        threshold: The largest small count.
        fixed: Figures whose publication is decided elsewhere: never chosen as a
            complement here (the relation must be covered by another member).
        exact: Whether to finish with the exact check of :func:`determined`
            (needless for relations forming a tree, where no combination of
            relations can pin a figure that no single relation does).

    Returns:
        Every figure to withhold: ``withheld`` and the complements chosen.

    >>> # A total of 55 over wards of 20, 5 and 30: ward B alone would be 55 - 20 - 30.
    >>> total, a, b, c = range(4)
    >>> sorted(protect([55, 20, 5, 30], [((total, -1), (a, 1), (b, 1), (c, 1))], {b}, small={b}))
    [1, 2]
    """
    hidden = set(withheld)
    members: dict[int, list[int]] = defaultdict(list)
    for r, relation in enumerate(relations):
        for v, _ in relation:
            members[v].append(r)
    frozen = set(fixed)

    def cover(r: int) -> int | None:
        """The member of relation ``r`` to withhold next, if any may be."""
        candidates = [v for v, _ in relations[r] if v not in hidden and v not in frozen]
        return min(candidates, key=lambda v: _order(values, v)) if candidates else None

    while True:
        queue = deque(range(len(relations)))
        waiting = set(queue)
        while queue:
            r = queue.popleft()
            waiting.discard(r)
            chosen = cover(r) if exposed(relations[r], hidden, values, small, threshold) else None
            if chosen is None:
                continue  # not exposed, or nothing left to choose (the exact check decides)
            hidden.add(chosen)
            again = [s for s in (r, *members[chosen]) if s not in waiting]
            waiting.update(again)
            queue.extend(again)
        pinned = determined(relations, hidden) if exact else frozenset()
        if not pinned:
            return frozenset(hidden)
        # One complement for each pinned figure whose relations no complement chosen
        # in this round (nor another pinned figure handled in it) touches: pins in
        # separate parts of a large table are covered in one round, not one a round.
        touched: set[int] = set()
        for v in sorted(pinned):
            if touched.isdisjoint(members[v]):
                chosen = _nearest(frozenset({v}), relations, members, hidden, cover, values)
                hidden.add(chosen)
                touched.update(members[chosen])
            touched.update(members[v])
