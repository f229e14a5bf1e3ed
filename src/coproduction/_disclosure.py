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

import math
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Sequence
from fractions import Fraction
from typing import TypeAlias

import attrs
import numpy as np

__all__ = ["Relation", "Whole", "determined", "exposed", "protect", "unshown"]

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


def _echelon(relations: Sequence[Relation], hidden: Collection[int]) -> _Echelon:
    """The relations as equations in the withheld figures, in reduced row echelon form."""
    echelon = _Echelon()
    for relation in relations:
        row: dict[int, Fraction] = {}
        for v, c in relation:
            if v in hidden:
                _subtract(row, Fraction(-c), {v: Fraction(1)})
        echelon.add(row)
    return echelon


def determined(relations: Sequence[Relation], withheld: Collection[int]) -> frozenset[int]:
    """The withheld figures that the relations pin down exactly, given every published one.

    Each relation, with its published members moved to the known side, is a
    linear equation in the withheld figures. A withheld figure is determined when
    its unit vector lies in the span of those equations: in the reduced row
    echelon form (exact rational arithmetic), it is a pivot whose row has no other
    entry. Bounds (figures are at least 0) are not used here; see :func:`exposed`
    and :func:`unshown`.
    Each new pivot is the entry found in the fewest other rows, which keeps the
    sparse rows of these tables sparse.

    >>> determined([((0, -1), (1, 1), (2, 1))], {1})  # a total less one of two groups
    frozenset({1})
    >>> determined([((0, -1), (1, 1), (2, 1))], {1, 2})
    frozenset()
    """
    echelon = _echelon(relations, set(withheld))
    return frozenset(p for p, row in echelon.pivots.items() if len(row) == 1)


#: How many basis moves :func:`unshown`'s beam search adds to repair one that
#: takes a figure below 0, how many candidates it weighs for each figure, how
#: many partial moves it keeps at each step, and how many steps it waits for the
#: shortfall to fall.
_STEPS, _BRANCH, _BEAM, _PATIENCE = 32, 12, 6, 4

#: Parts of the kernel with up to ``_LOCAL`` free figures are searched
#: exhaustively: every change from ``-span`` to ``span`` of each, with the largest
#: span up to ``_SPAN`` that keeps it within ``_COMBINATIONS`` (``_CHUNK`` at a
#: time). In larger parts, the free figures nearest each figure are searched so,
#: as many as each of ``_NEAR`` (eight by -1 to 1, then five by -2 to 2).
_LOCAL, _SPAN, _COMBINATIONS, _CHUNK = 8, 4, 10_000, 8_192
_NEAR = ((8, True), (8, False), (5, True))

#: Last, for each figure still without a second solution, the kernels of regions
#: of up to ``_REGION`` figures around it and each of ``_PARTNERS`` partners are
#: searched the same way; a relation with up to ``_NARROW`` withheld members is
#: narrow (a row, a group's points), a wider one a margin across the groups.
_REGION, _NARROW, _PARTNERS = 40, 12, 12

#: The value the audit gives a figure that may be below 0 (see :class:`Whole`).
_FAR = 2**40


class _Moves:
    """Whole-number moves that keep every relation: the kernel of the equations.

    Each free entry ``f`` of the echelon form gives one basis vector (``f`` up by
    one, each pivot holding it down by its coefficient), scaled to whole numbers.
    """

    def __init__(self, echelon: _Echelon, hidden: Collection[int], values: Sequence[int]) -> None:
        self.echelon, self.values = echelon, values
        self.free = set(hidden) - set(echelon.pivots)
        self._cache: dict[int, dict[int, int]] = {}

    def exact(self, f: int) -> dict[int, Fraction]:
        """The kernel's vector that moves free entry ``f`` by one and no other free entry."""
        vector = {f: Fraction(1)}
        for p in self.echelon.where.get(f, ()):
            vector[p] = -self.echelon.pivots[p][f]
        return vector

    def basis(self, f: int) -> dict[int, int]:
        """:meth:`exact`, scaled to the smallest whole-number multiple."""
        if f not in self._cache:
            exact = self.exact(f)
            scale = math.lcm(*(c.denominator for c in exact.values()))
            self._cache[f] = {v: int(c * scale) for v, c in exact.items()}
        return self._cache[f]

    def parts(self) -> list[list[int]]:
        """The free entries in groups that share no pivot: independent parts of the kernel."""
        parent = {f: f for f in self.free}

        def root(f: int) -> int:
            while parent[f] != f:
                parent[f] = parent[parent[f]]
                f = parent[f]
            return f

        for row in self.echelon.pivots.values():
            free = [f for f in row if f in parent]
            for f in free[1:]:
                parent[root(f)] = root(free[0])
        groups: dict[int, list[int]] = defaultdict(list)
        for f in sorted(self.free):
            groups[root(f)].append(f)
        return list(groups.values())

    def near(self, v: int, limit: int, span: int, *, guided: bool = True) -> list[int]:
        """Up to ``limit`` free entries near ``v``, breadth first.

        Those that move it, then those that move the figures they could take
        below 0 (values close to 0), and so on, or (not ``guided``) every figure
        they move; each figure's moves of fewest members first.
        """
        found: list[int] = []
        queue = deque(self.touching(v)[:_BRANCH])
        visited, lifted = set(queue), {v}
        while queue and len(found) < limit:
            f = queue.popleft()
            found.append(f)
            for w, d in sorted(self.basis(f).items()):
                if w not in lifted and (self.values[w] < abs(d) * span or not guided):
                    lifted.add(w)
                    for g in self.touching(w)[:2]:
                        if g not in visited:
                            visited.add(g)
                            queue.append(g)
        return found

    def _width(self, f: int) -> tuple[int, int]:
        return (len(self.echelon.where.get(f, ())), f)

    def touching(self, v: int) -> list[int]:
        """The basis vectors that move ``v``, those of fewest members first."""
        if v in self.free:
            return [v]
        return sorted((f for f in self.echelon.pivots.get(v, {}) if f != v), key=self._width)


def unshown(
    values: Sequence[int],
    relations: Sequence[Relation],
    withheld: Collection[int],
) -> frozenset[int]:
    """The withheld figures for which no second solution in whole numbers was found.

    :func:`determined` solves the equations over fractions. A reader who also
    knows that every figure is a whole number of at least 0 can sometimes pin
    what the equations leave open: ``x + 2y = 1`` has many solutions in fractions but one
    in whole numbers of at least 0. This is the integer feasibility question of
    the audit of tabular data (Hundepool et al. 2012, ch. 4, where it is answered
    by linear programming). Knowing the true values, it is enough here to find,
    for each withheld figure, another whole-number solution in which it differs:
    the true values plus a move that keeps every relation and leaves no figure
    below 0. Moves come from the kernel of the equations: each basis vector
    alone, then a beam search that repairs one taking a figure below 0, then
    every small change of a few free entries near the figure, and last the same
    searches over small regions of the table around the figure and a partner in
    one of its wide relations (see :func:`_regional`). Each move found clears
    every figure it moves.
    A figure with no such solution found is returned: it may be pinned, so more
    must be withheld (a search that gives up costs suppression, never protection).
    Figures whose true value is 0 are not returned: a 0 may be shown to be 0 (a
    published total of 0 says so of every part, and nothing withheld changes
    that); it tells that nobody gave an answer, never how many did.

    Every withheld figure is taken to be at least 0, the small ones included:
    every withheld figure gives one reason, so a reader cannot tell those withheld
    as small (1 to the threshold) from their complements.

    >>> # Twenty people; x + y = 20 and u + w = 20 (two items' rows), and the
    >>> # domain's sum x + 2y + 2w = 79 (from its mean): in whole numbers, x = 1, u = 0.
    >>> x, y, u, w, n, total = range(6)
    >>> values = [1, 19, 0, 20, 20, 79]
    >>> relations = [((x, 1), (y, 1), (n, -1)), ((u, 1), (w, 1), (n, -1))]
    >>> sorted(unshown(values, relations, {x, y, u, w}))  # the rows alone leave it open
    []
    >>> relations.append(((x, 1), (y, 2), (w, 2), (total, -1)))
    >>> sorted(unshown(values, relations, {x, y, u, w}))  # u is pinned too, but to 0
    [0, 1, 3]
    >>> determined(relations, {x, y, u, w})  # over fractions, nothing is pinned
    frozenset()
    """
    hidden = set(withheld)
    moves = _Moves(_echelon(relations, hidden), hidden, values)
    return _unshown(values, relations, moves, hidden, hidden)


def _unshown(
    values: Sequence[int],
    relations: Sequence[Relation],
    moves: _Moves,
    hidden: set[int],
    targets: set[int],
) -> frozenset[int]:
    """:func:`unshown` of ``targets``, among ``hidden`` (the others move to help)."""
    seen = _searched(values, moves, targets)
    left = sorted(v for v in targets if values[v] and v not in seen)
    if left:  # last, small regions of the table around each figure left
        members: dict[int, list[int]] = defaultdict(list)
        for r, relation in enumerate(relations):
            for w, _ in relation:
                if w in hidden:
                    members[w].append(r)
        for v in left:
            _regional(values, relations, members, hidden, v, seen, targets)
    return frozenset(v for v in targets if values[v] and v not in seen)


def _regional(
    values: Sequence[int],
    relations: Sequence[Relation],
    members: dict[int, list[int]],
    hidden: set[int],
    v: int,
    seen: set[int],
    targets: set[int],
) -> None:
    """Search the kernels of small regions of the table around ``v`` and a partner.

    A second solution often swaps something between two groups: ``v`` and a
    partner ``w`` in one of its wide relations (a margin over the groups) move
    opposite ways, each group making up the change within its own narrow
    relations (its rows, its domain's points). So, for each partner in turn
    (those with the most to give first, up to ``_PARTNERS``), the region is
    everything withheld that narrow relations reach from ``v`` and ``w``, up to
    ``_REGION`` figures. Moves that keep every relation touching the region,
    nothing outside it moving, keep every relation of the table: a second
    solution found in a region is one of the whole table.
    """

    def narrow(r: int) -> bool:
        return sum(w in hidden for w, _ in relations[r]) <= _NARROW

    wide = [r for r in members[v] if not narrow(r)]
    partners = {w for r in wide for w, _ in relations[r] if w in hidden and w != v}
    for w in sorted(partners, key=lambda w: (-values[w], w))[:_PARTNERS]:
        if v in seen:
            return
        region, queue = {v, w}, deque([v, w])
        while queue and len(region) < _REGION:
            for r in members[queue.popleft()]:
                if narrow(r):
                    for u, _ in relations[r]:
                        if u in hidden and u not in region and len(region) < _REGION:
                            region.add(u)
                            queue.append(u)
        touching = sorted({r for u in region for r in members[u]})
        local = _Moves(_echelon([relations[r] for r in touching], region), region, values)
        seen.update(_searched(values, local, targets))


def _searched(values: Sequence[int], moves: _Moves, targets: set[int]) -> set[int]:
    """The figures that a second solution found in the kernel of ``moves`` moves.

    Solutions are sought for ``targets``; the others are marked as they move.
    """
    seen: set[int] = set()  # figures some second solution already moves
    tried: set[frozenset[int]] = set()  # figures near each other share their search
    for part in moves.parts():
        if len(part) <= _LOCAL:
            _enumerate(values, moves, part, seen)
        else:
            _search_part(values, moves, part, seen, tried, targets)
    return seen


def _search_part(
    values: Sequence[int],
    moves: _Moves,
    part: list[int],
    seen: set[int],
    tried: set[frozenset[int]],
    targets: set[int],
) -> None:
    """Search a large part of the kernel for each target it moves, cheapest first."""
    for f in part:  # the basis moves alone, each way: cheap, and mostly enough
        for sign in (1, -1):
            move = moves.basis(f)
            if all(values[w] + sign * d >= 0 for w, d in move.items()):
                seen.update(move)
    for v in sorted({w for f in part for w in moves.basis(f)} & targets):
        if values[v] and v not in seen:
            found = _second_solution(values, moves, v)
            if found is not None:
                seen.update(found)
        for limit, guided in _NEAR:  # more figures by -1 to 1, then fewer by -2 to 2
            if values[v] and v not in seen:
                near = frozenset(moves.near(v, limit, _span(limit), guided=guided))
                if near not in tried:
                    tried.add(near)
                    _enumerate(values, moves, sorted(near), seen)


def _second_solution(values: Sequence[int], moves: _Moves, v: int) -> dict[int, int] | None:
    """A move that changes ``v`` and keeps every figure at 0 or more, if one is found.

    A beam search: from each basis move of ``v`` (both ways), while a figure is
    below 0, add a basis move that lifts it; keep the ``_BEAM`` partial moves
    that fall least below 0 in all, and give up when the least has not fallen
    for ``_PATIENCE`` steps.
    """
    beam: list[tuple[int, int, dict[int, int]]] = []
    for f in moves.touching(v)[:_BRANCH]:
        for sign in (1, -1):
            move = {w: sign * d for w, d in moves.basis(f).items()}
            beam.append((sum(_below(values, w, d) for w, d in move.items()), len(move), move))
    best, waited = None, 0
    for _ in range(_STEPS):
        beam.sort(key=lambda state: state[:2])
        del beam[_BEAM:]
        if not beam or not beam[0][0]:
            return beam[0][2] if beam else None
        if best is not None and beam[0][0] >= best:
            waited += 1
            if waited == _PATIENCE:
                return None
        else:
            best, waited = beam[0][0], 0
        beam = _grown(values, moves, v, beam)
    return None


def _grown(
    values: Sequence[int], moves: _Moves, v: int, beam: list[tuple[int, int, dict[int, int]]]
) -> list[tuple[int, int, dict[int, int]]]:
    """Each partial move plus a basis move lifting one of its two lowest figures."""
    grown: dict[frozenset[tuple[int, int]], tuple[int, int, dict[int, int]]] = {}
    for short, _size, move in beam:
        low = sorted((w for w, d in move.items() if values[w] + d < 0), key=move.__getitem__)
        for u in low[:2]:
            for f in moves.touching(u)[:_BRANCH]:
                step = moves.basis(f)
                sign = 1 if step[u] > 0 else -1
                merged, after = dict(move), short
                for w, d in step.items():
                    old = merged.get(w, 0)
                    new = old + sign * d
                    after += _below(values, w, new) - _below(values, w, old)
                    if new:
                        merged[w] = new
                    else:
                        merged.pop(w, None)
                if merged.get(v):
                    grown.setdefault(frozenset(merged.items()), (after, len(merged), merged))
    return list(grown.values())


def _below(values: Sequence[int], w: int, d: int) -> int:
    """How far figure ``w`` moved by ``d`` falls below 0."""
    return -min(values[w] + d, 0)


def _span(free: int) -> int:
    """How far each basis move's multiple goes when :func:`_enumerate` tries them all."""
    span = 0
    while span < _SPAN and (2 * span + 3) ** free <= _COMBINATIONS:
        span += 1
    return span


def _enumerate(values: Sequence[int], moves: _Moves, part: list[int], seen: set[int]) -> None:
    """Try every small change of a few free figures; mark the figures some solution moves.

    The figures moved by some combination that keeps every figure at 0 or more
    join ``seen``.
    """
    span = _span(len(part))
    exact = [moves.exact(f) for f in part]
    members = sorted({w for vector in exact for w in vector})
    scale = math.lcm(*(c.denominator for vector in exact for c in vector.values()))
    entries = [[int(vector.get(w, 0) * scale) for w in members] for vector in exact]
    largest = max(abs(e) for row in entries for e in row) * span * len(part) + max(
        abs(values[w]) for w in members
    )
    # int64 where no sum can overflow it; Python's whole numbers (slower) otherwise.
    basis = np.array(entries, dtype=np.int64 if largest < 2**62 else object)
    # The free entries are figures too, so whole numbers; the others follow, and
    # only combinations that make them whole too are solutions.
    shape = (2 * span + 1,) * len(part)
    total = math.prod(shape)
    known = np.array([values[w] for w in members], dtype=basis.dtype)
    moved = np.zeros(len(members), dtype=bool)
    for start in range(0, total, _CHUNK):  # in blocks, to bound memory
        grid = np.stack(np.unravel_index(np.arange(start, min(start + _CHUNK, total)), shape), 1)
        scaled = (grid - span) @ basis
        change = scaled[(scaled % scale == 0).all(axis=1)] // scale
        moved |= (change[(known + change >= 0).all(axis=1)] != 0).any(axis=0)
    seen.update(w for w, m in zip(members, moved.tolist(), strict=True) if m)


def _order(values: Sequence[int], v: int) -> tuple[bool, int, int]:
    """Complements are chosen smallest first (sums may be below 0), zeros last (no cover)."""
    return (values[v] == 0, abs(values[v]), v)


def _nearest(
    pinned: frozenset[int],
    relations: Sequence[Relation],
    members: dict[int, list[int]],
    hidden: set[int],
    cover: Callable[[int], int | None],
    values: Sequence[int],
    through: Collection[int] = (),
) -> int | None:
    """A figure to withhold against a combination of relations that pins ``pinned``.

    From the relations of the pinned figures, else from those reached through
    their withheld members (or those in ``through``: the audit's auxiliary
    figures), and so on: the smallest figure that may be withheld; ``None`` if
    every figure so reached is withheld or fixed.
    """
    seen_vars, seen = set(pinned), set()
    frontier = sorted({r for v in pinned for r in members[v]})
    while frontier:
        seen.update(frontier)
        options = [c for r in frontier if (c := cover(r)) is not None]
        if options:
            return min(options, key=lambda c: _order(values, c))
        reached = {
            v for r in frontier for v, _ in relations[r] if v in hidden or v in through
        } - seen_vars
        seen_vars |= reached
        frontier = sorted({r for v in reached for r in members[v]} - seen)
    return None


@attrs.frozen
class Whole:
    """How :func:`protect` audits in whole numbers (see :func:`unshown`).

    Attributes:
        prefer: For a figure the audit finds, the figure to withhold against it
            if the caller knows a better one than the nearest smallest (for a
            count beside a mean, the mean: a count does not help at the extremes
            where whole numbers pin), or ``None`` for the nearest.
        unbounded: Figures that may be below 0 (sums of points, which may be
            negative), where every other figure is at least 0.
        relations: Relations that only this audit uses, beside those given to
            :func:`protect`: restrictions that the true values satisfy, which
            keep the audit's solutions among those a reader could not rule out
            (a restriction can only make the audit withhold more, never less).
            Only those that reach a withheld figure are used (the others hold
            as the published figures do).
        auxiliary: Figures of ``relations`` that are never published and need no
            second solution of their own (slack for a bound, such as how many
            more items people could have skipped and still be scored): the audit
            moves them, at 0 or more, as it moves the withheld figures. Their
            true values are in :func:`protect`'s ``values``.
    """

    prefer: Callable[[int], int | None]
    unbounded: frozenset[int] = frozenset()
    relations: tuple[Relation, ...] = ()
    auxiliary: frozenset[int] = frozenset()


def protect(
    values: Sequence[int],
    relations: Sequence[Relation],
    withheld: Collection[int],
    *,
    small: Collection[int] = (),
    threshold: int = 7,
    fixed: Collection[int] = (),
    exact: bool = True,
    whole: Whole | None = None,
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
        whole: If given, finish, once nothing is determined over fractions,
            with the audit in whole numbers of :func:`unshown`, as it says.

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
        if not exact:
            return frozenset(hidden)
        if not _audited(values, relations, members, hidden, frozen, cover, whole):
            return frozenset(hidden)


def _audited(
    values: Sequence[int],
    relations: Sequence[Relation],
    members: dict[int, list[int]],
    hidden: set[int],
    frozen: set[int],
    cover: Callable[[int], int | None],
    whole: Whole | None,
) -> bool:
    """Protect's exact checks: whether they withheld more (so the steps run again)."""
    echelon = _echelon(relations, hidden)
    pinned = frozenset(p for p, row in echelon.pivots.items() if len(row) == 1)
    if pinned:
        if not _cover_each(pinned, relations, members, hidden, cover, values):
            msg = f"no figure left to withhold to protect figures {sorted(pinned)}"
            raise AssertionError(msg)  # the equations always leave one (a published total)
        return True
    if whole is None:
        return False
    # Figures that may be below 0 take a value far above any move instead: the
    # search keeps figures at 0 or more, and these then always are.
    floors = [_FAR if v in whole.unbounded else x for v, x in enumerate(values)]
    extra = _reached(whole, hidden)
    if extra:
        every = [*relations, *extra]
        moving = hidden | {v for r in extra for v, _ in r if v in whole.auxiliary}
        moves = _Moves(_echelon(every, moving), moving, floors)
        pinned = _unshown(floors, every, moves, moving, hidden)
    else:
        pinned = _unshown(floors, relations, _Moves(echelon, hidden, floors), hidden, hidden)
        every, moving = list(relations), hidden
    preferred = {c for v in pinned if (c := whole.prefer(v)) is not None} - hidden - frozen
    if preferred:  # the caller's choice first, then the rest again
        hidden.update(preferred)
        return True
    # Through the audit's own relations too (a published n and unanswered counts
    # of 0 pin another): any figure of the given relations may be withheld.
    # False when every figure near them is withheld or fixed: bounds that nothing
    # left to withhold can loosen (a group's count of 0 under a published 0).
    linked: dict[int, list[int]] = defaultdict(list)
    for r, relation in enumerate(every):
        for v, _ in relation:
            linked[v].append(r)

    given = {v for relation in relations for v, _ in relation}  # never the audit's own

    def cover_every(r: int) -> int | None:
        free = [v for v, _ in every[r] if v in given and v not in hidden and v not in frozen]
        return min(free, key=lambda v: _order(values, v)) if free else None

    return _cover_each(pinned, every, linked, hidden, cover_every, values, moving)


def _reached(whole: Whole, hidden: Collection[int]) -> list[Relation]:
    """The audit's own relations that reach a withheld figure, through auxiliary ones or not.

    The others hold as the published figures do, whatever the withheld ones are.
    """
    reached, left = set(hidden), list(whole.relations)
    kept: list[Relation] = []
    while True:
        found = [any(v in reached for v, _ in r) for r in left]
        if not any(found):
            return kept
        kept.extend(r for r, hit in zip(left, found, strict=True) if hit)
        reached.update(
            v
            for r, hit in zip(left, found, strict=True)
            if hit
            for v, _ in r
            if v in whole.auxiliary
        )
        left = [r for r, hit in zip(left, found, strict=True) if not hit]


def _cover_each(
    pinned: frozenset[int],
    relations: Sequence[Relation],
    members: dict[int, list[int]],
    hidden: set[int],
    cover: Callable[[int], int | None],
    values: Sequence[int],
    through: Collection[int] = (),
) -> bool:
    """Withhold one complement for each pinned figure; whether any was found.

    One for each pinned figure whose relations no complement chosen in this
    round (nor another pinned figure handled in it) touches: pins in separate
    parts of a large table are covered in one round, not one a round.
    """
    touched: set[int] = set()
    found = False
    for v in sorted(pinned):
        if touched.isdisjoint(members[v]):
            chosen = _nearest(frozenset({v}), relations, members, hidden, cover, values, through)
            if chosen is not None:
                hidden.add(chosen)
                touched.update(members[chosen])
                found = True
        touched.update(members[v])
    return found
