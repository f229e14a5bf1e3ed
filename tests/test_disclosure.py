"""Disclosure control across everything one run publishes: groups, their total, nested levels.

The property at the end states the guarantee: for random cohorts and groupings,
no suppressed count or mean can be solved for from the published figures of the
same run. Its oracle is independent of the implementation: it writes every
published figure as a sum over the finest groups (the atoms), with exact
rational arithmetic, and shows that each suppressed figure's sum is outside the
span of the published ones (so two different sets of atoms agree with every
published figure but differ in it). Published counts are treated as exact, which
a reader who knows rounded counts (an interval) does not have: a stronger reader.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduction import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    CohortSummary,
    DisclosureControl,
    Domain,
    EvaluationCohort,
    EvaluationConventions,
    Frequency,
    ReadinessAnswer,
    ReadinessCohort,
    Suppressed,
    ValidationError,
    change_between_rounds,
    protect_summaries,
    summarize,
    summarize_readiness,
)
from coproduction._cohorts import EVALUATION_ANSWERS
from coproduction._disclosure import determined, exposed, protect
from coproduction._publication import publish_nested

RULE = DisclosureControl()
MEASURES = (*COPRODUCTION_EVALUATION.domains, None)


def uniform_cohort(values: Sequence[int], **groups: list[str]) -> EvaluationCohort:
    """Each respondent answers every item with one value, so each overall score is whole."""
    return EvaluationCohort.from_array([[v] * 23 for v in values], groups=groups)


def one_run(cohort: EvaluationCohort, by: str | Sequence[str]) -> list[CohortSummary]:
    """What one audit run publishes: the whole cohort and the groups, under the default rule.

    Before complementary suppression across outputs, the whole cohort came from a
    second call; now the grouped summary carries it.
    """
    grouped = summarize(cohort, by=by, disclosure=RULE, resamples=0)
    if () in grouped.groups:
        return [grouped]
    return [summarize(cohort, disclosure=RULE, resamples=0), grouped]


def figures(run: Sequence[CohortSummary]) -> dict[tuple[str, ...], tuple[object, object]]:
    """Each published group's (count, overall mean), the whole cohort under ``()``."""
    return {
        group: (n, summary.measure(None, group).mean)
        for summary in run
        for group, n in summary.groups.items()
    }


def possible_sizes(count: object, mean: object, base: int) -> list[int]:
    """The sizes a reader can still believe, from a rounded count and an unrounded mean.

    In these cohorts each overall score is whole, so a group's sum is whole: the
    mean's denominator rules sizes out, as it does in the issue's reproduction.
    """
    if not isinstance(count, int):
        return []
    sizes = [n for n in range(max(count - base, 0), count + base + 1) if RULE.round(n) == count]
    if isinstance(mean, float):
        sizes = [n for n in sizes if abs(n * mean - round(n * mean)) < 1e-9]
    return sizes


def recover(
    run: Sequence[CohortSummary], parent: tuple[str, ...], children: Sequence[tuple[str, ...]]
) -> tuple[int, float] | None:
    """A suppressed child's size and overall mean, by subtraction from its parent, if possible."""
    shown = figures(run)
    hidden = [c for c in children if isinstance(shown[c][0], Suppressed)]
    if len(hidden) != 1 or isinstance(shown[parent][0], Suppressed):
        return None
    known = {}
    for cell in (parent, *(c for c in children if c not in hidden)):
        sizes = possible_sizes(*shown[cell], RULE.base)
        mean = shown[cell][1]
        if len(sizes) != 1 or not isinstance(mean, float):
            return None
        known[cell] = (sizes[0], sizes[0] * mean)
    n = known[parent][0] - sum(known[c][0] for c in children if c not in hidden)
    total = known[parent][1] - sum(known[c][1] for c in children if c not in hidden)
    return n, total / n


# --- The leaks of issue 13 (each recovery worked before this change) --------------


def test_a_small_ward_is_not_recovered_from_the_whole_cohort() -> None:
    """Wards of 20, 5 and 30 with the whole cohort: ward B was 55 - 20 - 30, and its means too.

    Before: the run published wards [20, *, 30] and the whole cohort (55, unrounded
    means), and this recovery gave n = 5 and B's mean exactly.
    """
    values = [2] * 7 + [0] * 13 + [1] * 5 + [1] + [0] * 29  # means 0.7, 1.0, 1/30
    cohort = uniform_cohort(values, ward=["A"] * 20 + ["B"] * 5 + ["C"] * 30)
    run = one_run(cohort, "ward")
    assert recover(run, (), [("A",), ("B",), ("C",)]) is None
    shown = figures(run)
    assert isinstance(shown["B",][0], Suppressed)
    assert isinstance(shown["B",][1], Suppressed)
    assert sum(isinstance(shown[w,][0], Suppressed) for w in "ABC") == 2


def test_rounded_totals_do_not_give_a_small_ward_away() -> None:
    """Wards of 10, 3 and 10 (total 23, published 25): the means pinned the total to 23.

    Before: 25 with mean 16/23 allows only 23 people, the wards' means allow only
    10 each, so ward B was 3 people with mean 2.0.
    """
    values = [1] * 7 + [0] * 3 + [2] * 3 + [1] * 3 + [0] * 7
    cohort = uniform_cohort(values, ward=["A"] * 10 + ["B"] * 3 + ["C"] * 10)
    run = one_run(cohort, "ward")
    assert figures(run)[()][0] == 25  # rounded, as before
    assert recover(run, (), [("A",), ("B",), ("C",)]) is None


def test_a_ward_is_not_recovered_as_its_site_less_its_other_wards() -> None:
    """Site North (Alder 20, Birch 5) and site South published together: not North - Alder."""
    from coproduction import protect_summaries

    cohort = uniform_cohort(
        [2] * 20 + [1] * 5 + [0] * 30,
        site=["North"] * 25 + ["South"] * 30,
        ward=["Alder"] * 20 + ["Birch"] * 5 + ["Cedar"] * 30,
    )
    levels = [summarize(cohort, by=by, resamples=0) for by in (None, "site", ["site", "ward"])]
    run = protect_summaries(levels, RULE)
    shown = figures(run)
    assert isinstance(shown["North", "Birch"][0], Suppressed)
    assert isinstance(shown["North", "Alder"][0], Suppressed)  # its complement in North
    assert recover(run, ("North",), [("North", "Alder"), ("North", "Birch")]) is None
    # North is then alone among the sites with a withheld ward, so it is withheld too,
    # with South, and the whole cohort stays.
    assert recover(run, (), [("North",), ("South",)]) is None


def test_protecting_summaries_refuses_suppressed_or_unnested_ones() -> None:
    """Only unsuppressed summaries of nested levels of the same responses can be protected."""
    from coproduction import protect_summaries

    cohort = uniform_cohort([1] * 20, site=["N"] * 10 + ["S"] * 10, ward=["a", "b"] * 10)
    with pytest.raises(ValidationError, match="already suppressed"):
        protect_summaries([summarize(cohort, disclosure=RULE, resamples=0)], RULE)
    with pytest.raises(ValidationError, match="nested"):
        protect_summaries([summarize(cohort, by=b, resamples=0) for b in ("site", "ward")], RULE)
    other = uniform_cohort([1] * 21, site=["N"] * 11 + ["S"] * 10)
    with pytest.raises(ValidationError, match="not of the same responses"):
        protect_summaries(
            [summarize(cohort, resamples=0), summarize(other, by="site", resamples=0)], RULE
        )


# --- The core ----------------------------------------------------------------------


def test_complements_are_the_next_smallest_group() -> None:
    """One withheld member of a relation gets the smallest other non-zero one withheld too."""
    relation = ((0, -1), (1, 1), (2, 1), (3, 1), (4, 1))
    values = [60, 20, 5, 0, 35]
    assert protect(values, [relation], {2}, small={2}) == {2, 1}


def test_withheld_members_pinned_by_their_bounds_get_another() -> None:
    """Two suppressed ones adding up to 2 are both 1; two sevens adding up to 14 are both 7."""
    relation = ((0, -1), (1, 1), (2, 1), (3, 1))
    assert exposed(relation, {1, 2}, [32, 1, 1, 30], {1, 2}, 7)
    assert protect([32, 1, 1, 30], [relation], {1, 2}, small={1, 2}) == {1, 2, 3}
    assert protect([44, 7, 7, 30], [relation], {1, 2}, small={1, 2}) == {1, 2, 3}
    assert not exposed(relation, {1, 2}, [37, 3, 4, 30], {1, 2}, 7)


def test_the_exact_check_finds_a_figure_pinned_only_by_combining_relations() -> None:
    """In a two-way table a withheld cell on no cycle of withheld cells (a bridge) is pinned.

    A 4 x 4 table with its row and column totals: two withheld rectangles, rows
    0-1 by columns 0-1 and rows 2-3 by columns 2-3, joined by cell (1, 2). Every
    row and column has two or more withheld cells, so no single relation gives
    one away, yet rows 0 and 1 less columns 0 and 1 leave cell (1, 2) alone.
    """
    cell = {(i, j): 4 * i + j for i in range(4) for j in range(4)}
    rows = [((16 + i, -1), *((cell[i, j], 1) for j in range(4))) for i in range(4)]
    cols = [((20 + j, -1), *((cell[i, j], 1) for i in range(4))) for j in range(4)]
    relations = [*rows, *cols]
    rectangles = {cell[i, j] for i, j in [(0, 0), (0, 1), (1, 0), (1, 1)]}
    rectangles |= {cell[i, j] for i, j in [(2, 2), (2, 3), (3, 2), (3, 3)]}
    bridge = rectangles | {cell[1, 2]}
    assert determined(relations, rectangles) == frozenset()
    assert determined(relations, bridge) == {cell[1, 2]}
    values = [3] * 16 + [12] * 8
    # Relation by relation nothing is exposed; only the exact check sees the bridge.
    assert protect(values, relations, bridge, small=bridge, exact=False) == bridge
    protected = protect(values, relations, bridge, small=bridge)
    assert protected > bridge
    assert determined(relations, protected) == frozenset()


# --- The property: nothing suppressed can be solved for ------------------------------


class Span:
    """The span of exact rational vectors, grown one vector at a time (reduced echelon form)."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, Fraction]] = {}  # pivot: row, the pivot in no other row

    def reduce(self, vector: dict[int, Fraction]) -> dict[int, Fraction]:
        """What is left of ``vector`` after taking out the span's part."""
        v = {k: x for k, x in vector.items() if x}
        for pivot in [k for k in v if k in self.rows]:
            factor = v.get(pivot, Fraction(0))
            for k, x in self.rows[pivot].items():
                v[k] = v.get(k, Fraction(0)) - factor * x
        return {k: x for k, x in v.items() if x}

    def add(self, vector: dict[int, Fraction]) -> None:
        """Grow the span by ``vector``."""
        v = self.reduce(vector)
        if v:
            pivot = min(v)
            new = {k: x / v[pivot] for k, x in v.items()}
            for row in self.rows.values():
                factor = row.get(pivot)
                if factor:
                    for k, x in new.items():
                        updated = row.get(k, Fraction(0)) - factor * x
                        if updated:
                            row[k] = updated
                        else:
                            row.pop(k, None)
            self.rows[pivot] = new

    def holds(self, vector: dict[int, Fraction]) -> bool:
        """Whether ``vector`` lies in the span: then its figure follows from the others."""
        return not self.reduce(vector)


def atoms_of(
    run: Sequence[CohortSummary], atoms: Sequence[tuple[str, ...]], columns: tuple[str, ...]
) -> dict[tuple[int, tuple[str, ...]], list[int]]:
    """Each published cell (level, group) as the atoms (finest groups) it adds up."""
    found = {}
    for i, summary in enumerate(run):
        for group in summary.groups:
            where = [columns.index(name) for name in summary.by[: len(group)]]
            found[i, group] = [
                a for a, atom in enumerate(atoms) if tuple(atom[k] for k in where) == group
            ]
    return found


def indicator(atoms: list[int], offset: int = 0, stride: int = 1) -> dict[int, Fraction]:
    """A cell's figure as the sum of its atoms' (variables ``offset + atom * stride``)."""
    return {offset + a * stride: Fraction(1) for a in atoms}


Cells = dict[tuple[int, tuple[str, ...]], list[int]]


def check_scores(run: Sequence[CohortSummary], cells: Cells) -> None:
    """No suppressed n or mean (hence sum) of a score is in the span of the published ones."""
    for domain in MEASURES:
        for part in ("n", "sum"):
            known, unknown = Span(), []
            for (i, group), members in cells.items():
                m = run[i].measure(domain, group)
                # No mean with n = 0: no one scored (a rounded n of 0 with a mean
                # withheld may be 1 or 2 people).
                published = not isinstance(m.n, Suppressed) and (
                    part == "n" or isinstance(m.mean, float) or (m.n == 0 and m.mean is None)
                )
                if published:
                    known.add(indicator(members))
                else:
                    assert isinstance(m.n if part == "n" else m.mean, Suppressed)
                    unknown.append(((i, group), indicator(members)))
            for cell, vector in unknown:
                assert not known.holds(vector), (domain, part, cell)


def check_overall(run: Sequence[CohortSummary], cells: Cells, finest: CohortSummary) -> None:
    """No withheld mean's sum is in the span of the published ones, across the measures.

    Unknowns: each measure's sum of scores in each atom. An atom where everyone
    has an overall score (so every domain's) has five times its overall sum equal
    to the sum of its domain sums (a person's overall is the mean of the domain
    means): a reader may guess it, so it is known. With a domain's mean withheld
    on its own, the overall published beside it would give it back.
    """
    atoms = len(finest.groups)
    order = list(finest.groups)
    known, unknown = Span(), []
    for a, atom in enumerate(order):
        if finest.measure(None, atom).n == finest.groups[atom]:
            link = {len(COPRODUCTION_EVALUATION.domains) * atoms + a: Fraction(5)}
            link.update({d * atoms + a: Fraction(-1) for d in range(5)})
            known.add(link)
    for m, domain in enumerate(MEASURES):
        for (i, group), members in cells.items():
            shown = run[i].measure(domain, group)
            vector = indicator(members, offset=m * atoms)
            if isinstance(shown.mean, float) or (shown.n == 0 and shown.mean is None):
                known.add(vector)
            elif isinstance(shown.mean, Suppressed):
                unknown.append(((i, group, domain), vector))
    for where, vector in unknown:
        assert not known.holds(vector), where


def check_answers(  # noqa: C901, PLR0912 - one oracle
    run: Sequence[CohortSummary], cells: Cells, atoms: int, raw: Sequence[CohortSummary]
) -> None:
    """No suppressed size or answer count is in the span of the published ones, domain by domain.

    Unknowns per atom: its size, then each of the domain's items' count of each
    answer, then the domain's sum of scores. Each atom's answer counts add up to
    its size, item by item. A published mean gives its cell's sum (n times the
    mean); in a cell where nobody skipped one of the domain's items (known from
    the unpublished summaries ``raw``: the truth, which a reader may guess), the
    sum times the number of items is the answer counts times their points.
    """
    width = len(EVALUATION_ANSWERS) + 1
    conventions = run[0].conventions
    points = [Fraction(conventions.points[f]) for f in EVALUATION_ANSWERS]
    for domain in COPRODUCTION_EVALUATION.domains:
        items = [item.id for item in COPRODUCTION_EVALUATION.items_in(domain)]
        stride = 1 + len(items) * width + 1
        total = stride - 1  # the domain's sum of scores, in each atom's block
        known, unknown = Span(), list[tuple[object, dict[int, Fraction]]]()
        for a in range(atoms):
            for j in range(len(items)):
                first = a * stride + 1 + j * width
                known.add(
                    {a * stride: Fraction(-1), **{first + k: Fraction(1) for k in range(width)}}
                )
        for (i, group), members in cells.items():
            if isinstance(run[i].groups[group], Suppressed):
                unknown.append(((i, group, "size"), indicator(members, stride=stride)))
            else:
                known.add(indicator(members, stride=stride))
            m = run[i].measure(domain, group)
            if isinstance(m.mean, float) or (m.n == 0 and m.mean is None):
                known.add(indicator(members, offset=total, stride=stride))
            truth = [raw[i].item(item_id, group).unanswered for item_id in items]
            if not any(truth) and raw[i].groups[group]:
                relation = {
                    a * stride + 1 + j * width + k: p
                    for a in members
                    for j in range(len(items))
                    for k, p in enumerate(points)
                    if p
                }
                relation.update({a * stride + total: Fraction(-len(items)) for a in members})
                known.add(relation)
            for j, item_id in enumerate(items):
                item = run[i].item(item_id, group)
                counts = [*(item.counts[f] for f in EVALUATION_ANSWERS), item.unanswered]
                for k, value in enumerate(counts):
                    vector = indicator(members, offset=1 + j * width + k, stride=stride)
                    if isinstance(value, Suppressed):
                        unknown.append(((i, group, item_id, k), vector))
                    else:
                        known.add(vector)
        for where, vector in unknown:
            assert not known.holds(vector), (domain, where)


LEVELS = [
    [(), ("site",)],
    [(), ("site", "ward")],
    [(), ("site",), ("site", "ward")],
    [("site",), ("site", "ward")],
]


@st.composite
def grouped_cohorts(draw: st.DrawFn) -> EvaluationCohort:
    """Up to 45 respondents on wards of two sites, with any answers and gaps, few gaps, or none."""
    size = draw(st.integers(1, 45))
    site = draw(st.lists(st.sampled_from("NS"), min_size=size, max_size=size))
    ward = draw(st.lists(st.sampled_from("abc"), min_size=size, max_size=size))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if draw(st.booleans()):  # any answers and gaps
        gaps = rng.choice([0.0, 0.2, 0.6, 1.0], size=(size, 1))
        codes = np.where(rng.random((size, 23)) < gaps, -1, rng.integers(0, 3, (size, 23)))
    else:  # mostly "All the time": small counts within whole domains, or a few skipped
        codes = np.where(rng.random((size, 23)) < 0.1, rng.integers(0, 2, (size, 23)), 2)
        if draw(st.booleans()):
            codes = np.where(rng.random((size, 23)) < 0.03, -1, codes)
    return EvaluationCohort.from_array(codes, groups={"site": site, "ward": ward})


def check_skipped_domains(raw: CohortSummary, published: CohortSummary) -> None:
    """Where someone skipped one of a domain's items, a withheld count withholds the mean.

    The domain's sum is then tied to its answer counts by an equation in whole
    numbers that is not linear (who skipped what), which a reader may still solve
    (third review, b2.py): so in each group the domain's statistics are withheld
    whenever any of its items' counts is, and the overall ones with them. So are
    they where an unanswered count is withheld: a published mean would say it is 0.
    """
    for group in raw.groups:
        hidden_domain = False
        for domain in COPRODUCTION_EVALUATION.domains:
            items = [item.id for item in COPRODUCTION_EVALUATION.items_in(domain)]
            skipped = any(
                raw.item(i, group).unanswered
                or isinstance(published.item(i, group).unanswered, Suppressed)
                for i in items
            )
            withheld = any(
                isinstance(v, Suppressed)
                for i in items
                for v in (
                    *published.item(i, group).counts.values(),
                    published.item(i, group).unanswered,
                )
            )
            m = published.measure(domain, group)
            if skipped and withheld:
                assert all(
                    isinstance(v, Suppressed) for v in (m.mean, m.median, m.sd, m.low, m.high)
                ), (group, domain)
            hidden_domain |= isinstance(m.mean, Suppressed)
        if hidden_domain:
            assert isinstance(published.measure(None, group).mean, Suppressed), group


@given(
    cohort=grouped_cohorts(),
    levels=st.sampled_from(LEVELS),
    threshold=st.integers(1, 7),
    base=st.sampled_from([1, 5]),
)
def test_no_suppressed_figure_can_be_solved_for_from_the_rest(  # noqa: C901 - one property
    cohort: EvaluationCohort, levels: list[tuple[str, ...]], threshold: int, base: int
) -> None:
    """The guarantee: every suppressed count and mean stays unknown given all the rest.

    Also: small figures are all suppressed, and published ones are the true ones
    (counts rounded), so the check is not met by suppressing everything or nothing.
    """
    from coproduction import protect_summaries

    rule = DisclosureControl(threshold=threshold, base=base)
    raw = [summarize(cohort, by=level or None, resamples=0) for level in levels]
    run = protect_summaries(raw, rule)
    atoms = sorted(set(zip(cohort.groups["site"], cohort.groups["ward"], strict=True)))
    cells = atoms_of(run, atoms, ("site", "ward"))
    check_scores(run, cells)
    check_answers(run, cells, len(atoms), raw)
    finest = summarize(cohort, by=["site", "ward"], resamples=0)
    assert list(finest.groups) == atoms
    check_overall(run, cells, finest)
    for before, after in zip(raw, run, strict=True):
        for group, n in before.groups.items():
            shown = after.groups[group]
            assert isinstance(n, int)
            assert (
                shown == rule.round(n)
                or (isinstance(shown, Suppressed) and not 1 <= n <= threshold)
                or (1 <= n <= threshold and shown == Suppressed(rule.reason))
            )
        for m, p in zip(before.measures, after.measures, strict=True):
            assert isinstance(m.n, int)
            if 1 <= m.n <= threshold:
                assert p.mean == Suppressed(rule.reason)
            elif not isinstance(p.n, Suppressed):
                assert p.n == rule.round(m.n)
                if not isinstance(p.mean, Suppressed):
                    assert (p.mean, p.sd) == (m.mean, m.sd)
        check_skipped_domains(before, after)
        for i, j in zip(before.items, after.items, strict=True):
            for f in EVALUATION_ANSWERS:
                value, shown = i.counts[f], j.counts[f]
                assert isinstance(value, int)
                if 1 <= value <= threshold:
                    assert shown == Suppressed(rule.reason)
                elif not isinstance(shown, Suppressed):
                    assert shown == rule.round(value)


@given(
    cohort=grouped_cohorts(),
    by=st.sampled_from(["site", ["site", "ward"]]),
    threshold=st.integers(1, 7),
)
def test_a_summary_by_group_publishes_its_whole_cohort_protected_with_it(
    cohort: EvaluationCohort, by: str | list[str], threshold: int
) -> None:
    """``summarize(by=..., disclosure=...)`` carries the whole cohort and every coarser level.

    With ``by=["site", "ward"]`` the sites are published too (as the audit report
    publishes them), protected with the wards and the whole, and nothing is given away.
    """
    rule = DisclosureControl(threshold=threshold)
    summary = summarize(cohort, by=by, disclosure=rule, resamples=0)
    plain = summarize(cohort, resamples=0)
    assert () in summary.groups
    columns = [by] if isinstance(by, str) else by
    levels = [summarize(cohort, by=columns[:k], resamples=0) for k in range(1, len(columns) + 1)]
    assert list(summary.groups)[1:] == [g for level in levels for g in level.groups]
    n = plain.groups[()]
    assert isinstance(n, int)
    if 1 <= n <= threshold:
        assert summary.groups[()] == Suppressed(rule.reason)
    else:  # withheld only when its groups could be pinned by their bounds (e.g. 1 + 1)
        assert summary.groups[()] in (rule.round(n), Suppressed(rule.reason))
    atoms = sorted(set(zip(cohort.groups["site"], cohort.groups["ward"], strict=True)))
    cells = atoms_of([summary], atoms, ("site", "ward"))
    check_scores([summary], cells)
    truth = publish_nested([plain, *levels], None)
    check_answers([summary], cells, len(atoms), [truth])


# --- Readiness across settings -------------------------------------------------------

READINESS_ORDER = (ReadinessAnswer.YES, ReadinessAnswer.PARTLY, ReadinessAnswer.NO)


@given(
    size=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
    threshold=st.integers(1, 7),
)
@settings(max_examples=25)
def test_no_suppressed_readiness_figure_can_be_solved_for(  # noqa: C901 - one oracle
    size: int, seed: int, threshold: int
) -> None:
    """Settings by trust with the whole: no suppressed size or count follows from the rest.

    Unknowns per trust: its number of settings, then its count of each answer in
    each cell; each cell's answers add up to the settings. Every published figure
    (sizes, cell rows, activity and dimension rows, their totals) is a sum of those.
    """
    rng = np.random.default_rng(seed)
    codes = np.where(rng.random((size, 7, 3)) < 0.2, -1, rng.integers(0, 3, (size, 7, 3)))
    trusts = [str(t) for t in rng.integers(0, 3, size)]
    cohort = ReadinessCohort.from_array(codes, groups={"trust": trusts})
    rule = DisclosureControl(threshold=threshold)
    summary = summarize_readiness(cohort, by="trust", disclosure=rule)
    atoms = sorted({(t,) for t in trusts})
    cells = READINESS_CHECKER.cells
    width = 1 + len(cells) * 4
    known, unknown = Span(), []

    def cell_vector(group: tuple[str, ...], k: int, which: list[int]) -> dict[int, Fraction]:
        members = [a for a, atom in enumerate(atoms) if group in ((), atom)]
        return {a * width + 1 + q * 4 + k: Fraction(1) for a in members for q in which}

    for a in range(len(atoms)):
        for q in range(len(cells)):
            known.add(
                {
                    a * width: Fraction(-1),
                    **{a * width + 1 + q * 4 + k: Fraction(1) for k in range(4)},
                }
            )
    for group, n in summary.groups.items():
        members = [a for a, atom in enumerate(atoms) if group in ((), atom)]
        vector = {a * width: Fraction(1) for a in members}
        if isinstance(n, Suppressed):
            unknown.append(vector)
        else:
            known.add(vector)
    for row in (*summary.cells, *summary.activities, *summary.dimensions):
        which = [
            q
            for q, (activity, dimension) in enumerate(cells)
            if row.activity in (None, activity) and row.dimension in (None, dimension)
        ]
        if not isinstance(row.total, Suppressed):  # settings, or settings times cells
            members = [a for a, atom in enumerate(atoms) if row.group in ((), atom)]
            known.add({a * width: Fraction(len(which)) for a in members})
        figures = [*(row.counts[x] for x in READINESS_ORDER), row.unanswered]
        for k, value in enumerate(figures):
            vector = cell_vector(row.group, k, which)
            if isinstance(value, Suppressed):
                unknown.append(vector)
            else:
                known.add(vector)
    for vector in unknown:
        assert not known.holds(vector)


# --- Pictures and the claims check take the same rule --------------------------------


def test_plot_item_answers_under_a_rule_draws_no_small_count() -> None:
    """A bar's share of 3 people is left out, with a complement, and its label says so."""
    import matplotlib as mpl

    mpl.use("Agg")
    from matplotlib.figure import Figure

    from coproduction.plot import item_answers

    rows = [[0] * 23] * 3 + [[2] * 23] * 20 + [[1] * 23] * 10
    cohort = EvaluationCohort.from_array(rows)
    ax = item_answers(cohort, by="item", disclosure=RULE, ax=Figure().add_subplot())
    texts = [t.get_text() for t in ax.texts]
    assert "9%" not in texts  # 3 of 33 "Not at all"
    assert "30%" not in texts  # 10 of 33 "Sometimes", the complement
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert all("(35 answers, 0 " in label for label in labels)
    plain = item_answers(cohort, by="item", ax=Figure().add_subplot())
    assert "9%" in [t.get_text() for t in plain.texts]


def test_plot_item_answers_under_a_rule_draws_nothing_for_a_few_people() -> None:
    """Five responses: every bar says it is suppressed, none is drawn."""
    import matplotlib as mpl

    mpl.use("Agg")
    from matplotlib.figure import Figure

    from coproduction.plot import item_answers

    cohort = EvaluationCohort.from_array([[2] * 23] * 5)
    ax = item_answers(cohort, disclosure=RULE, ax=Figure().add_subplot())
    assert not ax.patches
    assert {t.get_text() for t in ax.texts} == {"Suppressed: small numbers"}


def test_claims_under_a_rule_use_no_statement_resting_on_a_few_answers() -> None:
    """Two of nine answers low would describe two people: under a rule it is not used."""
    from coproduction import ReadinessAssessment, claimed_vs_experienced

    claim = ReadinessAssessment.from_labels({"listened_to_readiness": "Yes"})
    cohort = EvaluationCohort.from_array([[0] * 23] * 5 + [[2] * 23] * 4)
    responses = list(cohort.to_responses())
    plain = claimed_vs_experienced(claim, responses, disclosure=None)
    assert plain.gaps  # 5 of 9 answered "Not at all"
    ruled = claimed_vs_experienced(claim, responses, disclosure=RULE)
    assert not ruled.gaps
    assert ruled.not_assessed  # every related statement rests on a few answers
    many = EvaluationCohort.from_array([[0] * 23] * 12 + [[2] * 23] * 9)
    shown = claimed_vs_experienced(claim, list(many.to_responses()), disclosure=RULE)
    evidence = shown.gaps[0].evidence[0]
    assert (evidence.low, evidence.answered) == (10, 20)  # 12 of 21, rounded to 5


def test_a_summary_and_the_report_of_the_same_responses_suppress_the_same_figures() -> None:
    """The reviewer's case: wards of 30 and 5 on one site, 10 and 40 on another.

    The summary by site and ward and the report by site and ward are two publications
    of the same responses. They used to protect differently (the summary withheld
    Birch and Cedar, the report Alder and Birch), so that the two together gave Birch's
    size and means by subtraction. Both now publish the whole, the sites and the wards
    under one protection, so each figure is either the same in both or withheld in both.
    """
    sizes = {("North", "Alder"): 30, ("North", "Birch"): 5, ("South", "Cedar"): 10}
    sizes[("South", "Dogwood")] = 40
    rows: list[list[int]] = []
    sites: list[str] = []
    wards: list[str] = []
    for k, ((site, ward), n) in enumerate(sizes.items()):
        rows += [[(k + i) % 3] * 23 for i in range(n)]
        sites += [site] * n
        wards += [ward] * n
    cohort = EvaluationCohort.from_array(rows, groups={"site": sites, "ward": wards})
    rule = DisclosureControl()
    summary = summarize(cohort, by=["site", "ward"], disclosure=rule, resamples=0)
    levels = [summarize(cohort, by=["site", "ward"][:k], resamples=0) for k in range(3)]
    published = protect_summaries(levels, rule)
    for level in published:
        for group, shown in level.groups.items():
            assert summary.groups[group] == shown, group
        for m in level.measures:
            assert summary.measure(m.domain, m.group) == m
    assert isinstance(summary.groups["North", "Birch"], Suppressed)
    assert isinstance(summary.groups["North", "Alder"], Suppressed)  # North - Alder = Birch


# --- Figures beside the answer counts (the second review of issue 13) ----------------


def all_the_time_but(item_id: str, size: int, answers: dict[int, int]) -> EvaluationCohort:
    """``size`` people answer "All the time" to everything, but a few to ``item_id``.

    ``answers`` maps an answer code to how many answer it instead.
    """
    rows = np.full((size, 23), 2, dtype=np.int8)
    column, start = COPRODUCTION_EVALUATION.item_ids.index(item_id), 0
    for code, count in answers.items():
        rows[start : start + count, column] = code
        start += count
    return EvaluationCohort.from_array(rows)


def solutions(summary: CohortSummary, item_id: str) -> set[tuple[int, ...]]:
    """Every (size, count of each answer) of ``item_id`` agreeing with the published figures.

    The reader of the review: the size from the rounded count, each published answer
    count exactly (a stronger reader than rounding allows), the other items of the
    domain as published, and the domain's unrounded mean (everyone answered).
    """
    domain = COPRODUCTION_EVALUATION.item(item_id).domain
    items = [i.id for i in COPRODUCTION_EVALUATION.items_in(domain)]
    mean = summary.measure(domain).mean  # withheld, it tells nothing
    shown = summary.groups[()]
    assert isinstance(shown, int)
    found = set()
    for n in range(max(shown - 2, 1), shown + 3):
        rows = []
        for i in items:
            published = [summary.item(i).counts[f] for f in EVALUATION_ANSWERS]
            rows.append(
                [
                    c
                    for c in itertools.product(range(n + 1), repeat=3)
                    if sum(c) == n
                    and all(
                        isinstance(p, Suppressed) or p == v
                        for p, v in zip(published, c, strict=True)
                    )
                ]
            )
        for choice in itertools.product(*rows):
            total = sum(c[1] + 2 * c[2] for c in choice)
            if not isinstance(mean, float) or abs(total / (len(items) * n) - mean) < 1e-9:
                found.add((n, *choice[items.index(item_id)]))
    return found


def test_a_domain_mean_does_not_give_back_a_suppressed_answer_count() -> None:
    """Review finding 1 (a1.py): a domain's mean gave back a suppressed answer count.

    3 of 20 answer "Not at all" to support_1, all else "All the time". Published as
    ``*, 0, *`` beside a Support mean of 1.925, only one split fitted; now another
    item of the domain is withheld with it and several splits fit.
    """
    cohort = all_the_time_but("support_1", 20, {0: 3})
    summary = summarize(cohort, disclosure=RULE, resamples=0)
    assert summary.measure(Domain.SUPPORT).mean == pytest.approx(1.925)  # still published
    assert isinstance(summary.item("support_1").counts[Frequency.NOT_AT_ALL], Suppressed)
    assert len({s[1:] for s in solutions(summary, "support_1")}) > 1


def test_one_answer_short_of_full_marks_is_not_pinned_by_the_exact_mean() -> None:
    """Third review (d1.py): one "Sometimes" among 20 people otherwise all "All the time".

    The rows ``0, *, *, 0`` and ``*, 0, *, 0`` beside the unrounded Support mean
    (1.9875) left one split in whole numbers: the equations leave it open, the
    bounds do not. The audit in whole numbers now finds the pin and withholds
    the mean.
    """
    summary = summarize(all_the_time_but("support_1", 20, {1: 1}), disclosure=RULE, resamples=0)
    assert len({s[1:] for s in solutions(summary, "support_1")}) > 1


def test_claims_apply_the_small_number_rule_by_default() -> None:
    """Review finding 4: with no ``disclosure``, "2 of 4 answers low" is not published."""
    from coproduction import ReadinessAssessment, claimed_vs_experienced

    claim = ReadinessAssessment.from_labels({"listened_to_readiness": "Yes"})
    responses = list(EvaluationCohort.from_array([[0] * 23] * 2 + [[2] * 23] * 2).to_responses())
    check = claimed_vs_experienced(claim, responses)
    assert not check.gaps
    assert "2 of 4" not in str(check)
    assert claimed_vs_experienced(claim, responses, disclosure=None).gaps  # only when asked


def test_change_by_ward_is_protected_with_each_rounds_whole() -> None:
    """Review finding 5 (a4.py): change by ward gave a small ward back by subtraction.

    Wards of 20, 5 and 30 in two rounds published A and C in full beside B withheld,
    so the summary by round gave B back. Now a second ward is withheld with B.
    """
    rng = np.random.default_rng(2)
    wards = ["A"] * 20 + ["B"] * 5 + ["C"] * 30
    both = EvaluationCohort.from_array(
        rng.integers(0, 3, (110, 23)),
        groups={"round": ["r1"] * 55 + ["r2"] * 55, "ward": wards * 2},
    )
    rows = change_between_rounds(
        both, rounds="round", before="r1", after="r2", by="ward", resamples=0, disclosure=RULE
    )
    overall = {r.group: r for r in rows if r.domain is None}
    hidden = {g for g, r in overall.items() if isinstance(r.mean_before, Suppressed)}
    assert ("B",) in hidden
    assert len(hidden) >= 2
    for g in hidden:
        assert isinstance(overall[g].difference, Suppressed)
    by_round = summarize(both, by="round", disclosure=RULE, resamples=0)
    for value in ("r1", "r2"):
        n = by_round.groups[(value,)]
        shown = [r.n_before if value == "r1" else r.n_after for r in overall.values()]
        assert isinstance(n, int)
        assert sum(isinstance(s, Suppressed) for s in shown) != 1  # no subtraction


# --- Skipped items, warnings, reasons (the third review of issue 13) ------------------

SUPPORT_1 = COPRODUCTION_EVALUATION.item_ids.index("support_1")
SUPPORT_4 = COPRODUCTION_EVALUATION.item_ids.index("support_4")


def support_1_counts_fitting(n: object, mean: object, skippers: int) -> set[int]:
    """Every "Not at all" count of support_1 (1 to 7: it is withheld) fitting the Support mean.

    The reader of b2.py: everyone answers "All the time" but ``a`` people "Not at
    all" to support_1 (published ``*, 0, *``); ``skippers`` skipped one other Support
    item, ``z`` of them among the ``a``. Scores are then 1.5, 4/3 or 2, so a
    published mean is an equation in whole numbers: ``0.5 (a - z) + (2/3) z = 2n(1 -
    mean / 2)``. A withheld mean leaves every count from 1 to 7.
    """
    assert isinstance(n, int)
    if not isinstance(mean, float):
        return set(range(1, 8))
    return {
        a
        for a in range(1, 8)
        for z in range(min(a, skippers) + 1)
        if abs((Fraction(3, 2) * (a - z) + Fraction(4, 3) * z + 2 * (n - a)) / n - mean) < 1e-9
    }


def test_a_domain_mean_beside_a_skipped_item_does_not_give_back_a_count() -> None:
    """Third review, finding 1 (b2.py): a mean with a skipped item still pinned a count.

    20 people; 3 answer support_1 "Not at all", one other skipped support_4, all
    else "All the time". The Support sum is no longer linear in the counts, but
    the mean 1.925 left one whole-number solution (3). Now the Support mean (and
    the overall, the mean of the domains) is withheld beside the withheld count.
    """
    rows = np.full((20, 23), 2, dtype=np.int8)
    rows[:3, SUPPORT_1] = 0
    rows[19, SUPPORT_4] = -1
    summary = summarize(EvaluationCohort.from_array(rows), disclosure=RULE, resamples=0)
    assert isinstance(summary.item("support_1").counts[Frequency.NOT_AT_ALL], Suppressed)
    support = summary.measure(Domain.SUPPORT)
    assert support.n == 20  # the number scored is still published
    assert len(support_1_counts_fitting(support.n, support.mean, skippers=1)) > 1
    assert isinstance(summary.measure(None).mean, Suppressed)
    assert isinstance(summary.measure(Domain.TRUST).mean, float)  # nothing withheld there


def test_a_withheld_mean_beside_a_skipped_item_is_protected_across_the_wards() -> None:
    """Third review, finding 1 by ward (b5.py): ward A's mean and the whole's each gave 3.

    Ward A (20): 3 "Not at all" and 2 unanswered to support_1; ward B (30): all
    "All the time". Both A's Support mean and the whole's are withheld, so that
    neither gives the count, nor can one be had from the other and ward B's.
    """
    rows = np.full((50, 23), 2, dtype=np.int8)
    rows[:3, SUPPORT_1] = 0
    rows[3:5, SUPPORT_1] = -1
    cohort = EvaluationCohort.from_array(rows, groups={"ward": ["A"] * 20 + ["B"] * 30})
    summary = summarize(cohort, by="ward", disclosure=RULE, resamples=0)
    for group in [(), ("A",)]:
        support = summary.measure(Domain.SUPPORT, group)
        assert len(support_1_counts_fitting(support.n, support.mean, skippers=0)) > 1, group
    hidden = [
        g for g in summary.groups if isinstance(summary.measure(Domain.SUPPORT, g).mean, Suppressed)
    ]
    assert len(hidden) != 1  # never one of the whole = A + B alone
    overall = [g for g in summary.groups if isinstance(summary.measure(None, g).mean, Suppressed)]
    assert len(overall) != 1


def test_every_withheld_figure_gives_one_reason_in_every_output() -> None:
    """Third review, finding 3 (b3.py): per-cell reasons told small counts from complements.

    3 of 20 "Not at all" to support_1, all else "All the time": support_1 and
    support_2 read ``*, 0, *``. A complement labelled "secondary suppression" (0 or
    more than 7) beside "count of 1 to 7", with the Support mean, pinned a = 3,
    b = 0. Now every withheld figure gives the rule's one reason, in the JSON, the
    repr and the HTML view alike.
    """
    import json

    from coproduction.io import json as io_json

    rows = np.full((20, 23), 2, dtype=np.int8)
    rows[:3, SUPPORT_1] = 0
    summary = summarize(EvaluationCohort.from_array(rows), disclosure=RULE, resamples=0)
    document = json.loads(io_json.to_json(summary))
    reasons: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, dict):
            if set(value) == {"reason"}:
                reasons.add(value["reason"])
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    collect(document)
    assert len(reasons) == 1  # small and complement alike
    assert reasons == {RULE.reason}
    withheld = [
        i.item_id for i in summary.items if isinstance(i.counts[Frequency.NOT_AT_ALL], Suppressed)
    ]
    assert "support_1" in withheld
    assert len(withheld) >= 2  # a complement, told apart from support_1 by nothing
    assert "secondary" not in repr(summary)
    assert "count of 1 to" not in repr(summary)
    html = summary._repr_html_()
    assert "secondary" not in html
    assert f"* (suppressed: {RULE.reason})" in html
    assert Suppressed(RULE.reason) == RULE.counts([3, 0, 40, 12])[3]


def splits(summary: CohortSummary, domain: Domain, n: int) -> dict[tuple[str, int], set[int]]:
    """Each withheld answer count of ``domain``: every value that fits the published figures.

    An exact reader in whole numbers of one group of ``n`` people who all answered
    every item: each item's row adds up to ``n``, its published counts are as
    published, and (if published) the domain's unrounded mean fixes the sum of
    points. Rows are combined by their points (dynamic programming), so it is exact
    without listing every combination of rows.
    """
    items = [i.id for i in COPRODUCTION_EVALUATION.items_in(domain)]
    rows: list[list[tuple[int, ...]]] = []
    for item_id in items:
        published = [summary.item(item_id).counts[f] for f in EVALUATION_ANSWERS]
        rows.append(
            [
                c
                for c in itertools.product(range(n + 1), repeat=3)
                if sum(c) == n
                and all(
                    isinstance(p, Suppressed) or p == v for p, v in zip(published, c, strict=True)
                )
            ]
        )
    mean = summary.measure(domain).mean
    wanted = round(mean * n * len(items)) if isinstance(mean, float) else None
    reach = [{0}]  # sums of points reachable by the first j rows
    for options in rows:
        reach.append({s + c[1] + 2 * c[2] for s in reach[-1] for c in options})
    back = [{0}]  # by the last j rows
    for options in reversed(rows):
        back.append({s + c[1] + 2 * c[2] for s in back[-1] for c in options})
    back.reverse()
    found: dict[tuple[str, int], set[int]] = {}
    for j, (item_id, options) in enumerate(zip(items, rows, strict=True)):
        published = [summary.item(item_id).counts[f] for f in EVALUATION_ANSWERS]
        for c in options:
            points = c[1] + 2 * c[2]
            if wanted is None or any(wanted - points - a in back[j + 1] for a in reach[j]):
                for k, p in enumerate(published):
                    if isinstance(p, Suppressed):
                        found.setdefault((item_id, k), set()).add(c[k])
    return found


@given(
    domain=st.sampled_from(COPRODUCTION_EVALUATION.domains),
    n=st.integers(8, 16),
    others=st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 15), st.integers(0, 1)), max_size=6
    ),
)
@settings(max_examples=100, deadline=None)
def test_no_withheld_count_is_pinned_in_whole_numbers(
    domain: Domain, n: int, others: list[tuple[int, int, int]]
) -> None:
    """The guarantee in whole numbers, for one group near the extremes.

    Everyone answers "All the time" but a few (drawn by hypothesis) who answer
    "Not at all" or "Sometimes": the corner where bounds pin. For every withheld
    answer count of the domain, at least two values fit the published rows and
    the unrounded mean, for a reader who knows counts are whole numbers from 0
    to ``n``.
    """
    columns = [
        COPRODUCTION_EVALUATION.item_ids.index(i.id)
        for i in COPRODUCTION_EVALUATION.items_in(domain)
    ]
    rows = np.full((n, 23), 2, dtype=np.int8)
    for item, person, code in others:
        rows[person % n, columns[item % len(columns)]] = code
    exact = DisclosureControl(base=1)  # counts as they are: the strongest reader
    summary = summarize(EvaluationCohort.from_array(rows), disclosure=exact, resamples=0)
    found = splits(summary, domain, n)
    assert found or not any(
        isinstance(summary.item(i.id).counts[f], Suppressed)
        for i in COPRODUCTION_EVALUATION.items_in(domain)
        for f in EVALUATION_ANSWERS
    )  # the reader found the truth at least
    for cell, fitting in found.items():
        assert len(fitting) > 1, cell


# --- The fourth review: skips, points ---------------------------------------------------


def ward_cohort(wards: dict[str, list[list[int]]], domain: Domain) -> EvaluationCohort:
    """Each ward's people's answers to ``domain``'s items; "All the time" elsewhere."""
    columns = [
        COPRODUCTION_EVALUATION.item_ids.index(i.id)
        for i in COPRODUCTION_EVALUATION.items_in(domain)
    ]
    rows, labels = [], []
    for ward, people in wards.items():
        for answers in people:
            row = [2] * 23
            for column, answer in zip(columns, answers, strict=True):
                row[column] = answer
            rows.append(row)
            labels.append(ward)
    return EvaluationCohort.from_array(np.array(rows, dtype=np.int8), groups={"ward": labels})


def test_a_mean_with_skips_does_not_give_back_a_ward_that_skipped_alike() -> None:
    """Fourth review (skip_whole_mean.py): every person in ward A skipped support_4.

    The whole (with skips) published its counts in full and its Support mean
    beside A's withheld counts; knowing from the unanswered counts that only A
    skipped, and only support_4, a reader solved 54 x mean = (289 - P_A)/4 + P_A/3
    for A's points (48: every A answer "All the time"). Now a group where
    everyone answered the same items ties its mean to its counts, and sums of
    scores add up across the groups, so the reader's relation is in the audit.
    """
    wards = {  # the review's cohort: Support answers, "All the time" elsewhere
        "A": [[2, 2, 2, -1]] * 8,
        "B": [[2, 2, 2, 2], [2, 0, 2, 2], *[[2, 2, 2, 2]] * 6],
        "C": [
            *([2, 1, 2, 0], [2, 2, 1, 1], [2, 2, 0, 2], [0, 2, 0, 2], [2, 2, 2, 0], [0, 2, 0, 1]),
            *([2, 1, 2, 2], [2, 1, 0, 2], [0, 2, 2, 2], [0, 1, 2, 1], [2, 0, 2, 2], [1, 1, 2, 2]),
            *([2, 2, 2, 2], [2, 2, 0, 1]),
        ],
        "D": [
            *([0, 1, 0, 0], [0, 2, 1, 1], [0, 2, 2, 1], [0, 0, 0, 0], [0, 2, 2, 0], [0, 1, 1, 2]),
            *([2, 2, 1, 2], [2, 2, 2, 1], [2, 0, 0, 0], [1, 0, 1, 0], [1, 2, 0, 2], [2, 2, 1, 1]),
            *([1, 1, 0, 2], [0, 0, 1, 1], [2, 2, 1, 1], [1, 0, 2, 0], [1, 2, 0, 2], [0, 1, 2, 0]),
            *([1, 0, 0, 2], [1, 2, 2, 1], [2, 2, 2, 2], [2, 2, 1, 2], [2, 0, 0, 1], [1, 2, 2, 0]),
        ],
    }
    published = summarize(
        ward_cohort(wards, Domain.SUPPORT),
        by="ward",
        disclosure=DisclosureControl(base=1),
        resamples=0,
    )
    whole, a = published.measure(Domain.SUPPORT, ()), ("A",)
    counts = [
        published.item(i.id, ()).counts[f]
        for i in COPRODUCTION_EVALUATION.items_in(Domain.SUPPORT)
        for f in EVALUATION_ANSWERS
    ]
    a_hidden = any(
        isinstance(published.item(i.id, a).counts[f], Suppressed)
        for i in COPRODUCTION_EVALUATION.items_in(Domain.SUPPORT)
        for f in EVALUATION_ANSWERS
    )
    attack_open = isinstance(whole.mean, float) and not any(
        isinstance(c, Suppressed) for c in counts
    )
    assert not (attack_open and a_hidden)


@pytest.mark.parametrize("points", [(0.0, 0.3, 1.0), (1 / 3, 0.5, 1.0), (-2.0, -1.0, 0.0)])
def test_points_of_any_kind_are_audited_in_whole_numbers(points: tuple[float, ...]) -> None:
    """Fourth review: points such as 0.3 overflowed the audit; negative ones hung it.

    Negative points made every sum "below 0". Points are read as simple fractions
    and shifted to start at 0, and sums may be below 0; points that are a shift
    of the default's withhold as many means.
    """
    rng = np.random.default_rng(0)
    codes = np.where(rng.random((60, 23)) < 0.08, rng.integers(0, 2, (60, 23)), 2)
    cohort = EvaluationCohort.from_array(
        codes.astype(np.int8), groups={"ward": [f"w{i // 20}" for i in range(60)]}
    )

    def withheld(chosen: tuple[float, ...]) -> list[bool]:
        conventions = EvaluationConventions(points=dict(zip(Frequency, chosen, strict=True)))
        summary = summarize(
            cohort, by="ward", conventions=conventions, disclosure=RULE, resamples=0
        )
        return [isinstance(m.mean, Suppressed) for m in summary.measures]

    shown = withheld(points)
    assert not all(shown)  # something is published
    if points == (-2.0, -1.0, 0.0):  # as many (complements are chosen by size)
        assert sum(shown) == sum(withheld((0.0, 1.0, 2.0)))


def test_points_a_hair_apart_are_told_apart() -> None:
    """Fifth review (tiny_points.py): points 1 and 1 + 1e-5 were both read as 1.

    The mean still told them apart, so a ward's one "Sometimes" among 79 "All
    the time" answers came back from it. Points are now exact where no simple
    fraction gives them back, so the ward's mean is withheld, as with the
    default points.
    """
    rows = np.full((50, 23), 2, dtype=np.int8)
    rows[0, 0] = 1  # one "Sometimes" to support_1, in ward A
    cohort = EvaluationCohort.from_array(rows, groups={"ward": ["A"] * 20 + ["B"] * 30})
    for points in ((0.0, 1.0, 2.0), (0.0, 1.0, 1 + 1e-5)):
        conventions = EvaluationConventions(points=dict(zip(Frequency, points, strict=True)))
        summary = summarize(
            cohort,
            by="ward",
            conventions=conventions,
            disclosure=DisclosureControl(base=1),
            resamples=0,
        )
        assert isinstance(summary.item("support_1", ("A",)).counts[Frequency.SOMETIMES], Suppressed)
        assert isinstance(summary.measure(Domain.SUPPORT, ("A",)).mean, Suppressed), points


@given(seed=st.integers(0, 2**32 - 1), rate=st.sampled_from([0.02, 0.05, 0.1]))
@settings(max_examples=10, deadline=None)
def test_a_ward_with_scattered_skips_withholds_the_means_above_its_withheld_mean(
    seed: int, rate: float
) -> None:
    """A ward's withheld mean over scattered skips withholds its site's and the whole's.

    Where some on a ward skipped an item of a domain and others did not, a reader
    who sorts its people by how many items they answered bounds its sum of
    scores from its counts; beside a published total, that bound would carry over
    to the other wards (docs/privacy.md, step 5).
    """
    rng = np.random.default_rng(seed)
    sizes = rng.integers(3, 40, 12)
    codes = rng.choice(3, size=(int(sizes.sum()), 23), p=(0.15, 0.35, 0.5))
    codes = np.where(rng.random(codes.shape) < rate, -1, codes).astype(np.int8)
    cohort = EvaluationCohort.from_array(
        codes,
        groups={
            "site": list(np.repeat([f"s{i % 3}" for i in range(12)], sizes)),
            "ward": list(np.repeat([f"w{i:02}" for i in range(12)], sizes)),
        },
    )
    raw = summarize(cohort, by=["site", "ward"], resamples=0)
    published = summarize(cohort, by=["site", "ward"], disclosure=DisclosureControl(), resamples=0)
    for domain in COPRODUCTION_EVALUATION.domains:
        items = [item.id for item in COPRODUCTION_EVALUATION.items_in(domain)]
        for ward, size in raw.groups.items():
            skips = {raw.item(item, ward).unanswered for item in items}
            scattered = bool(skips - {0, size})
            if scattered and isinstance(published.measure(domain, ward).mean, Suppressed):
                for above in (ward[:1], ()):
                    assert isinstance(published.measure(domain, above).mean, Suppressed), above


def test_the_overall_mean_is_withheld_where_someone_lacks_a_domain_score() -> None:
    """The overall mean beside the domain means would tell the unscored people's scores.

    From a review of issue 13: on ward G two people answer "Sometimes" to
    support_1 and three (one of them among the two) skip respect_1 to 3, so they
    have no Respect score and no overall score. G's domain sums less five times
    its overall sum were those three people's scores in the other domains: 95/4,
    so exactly one "Sometimes" among them, which with Support's mean pinned the
    withheld "Sometimes" count of support_1 to 2.
    """
    codes = np.full((20, 23), 2, dtype=np.int8)
    codes[[0, 5], 0] = 1
    codes[0:3, 4:7] = -1
    cohort = EvaluationCohort.from_array(codes, groups={"ward": ["G"] * 10 + ["H"] * 10})
    raw = [summarize(cohort, resamples=0), summarize(cohort, by="ward", resamples=0)]
    whole, wards = protect_summaries(raw, DisclosureControl(threshold=2, base=1))
    assert isinstance(wards.item("support_1", ("G",)).counts[Frequency.SOMETIMES], Suppressed)
    assert wards.measure(Domain.SUPPORT, ("G",)).n == 10
    for summary, group in ((wards, ("G",)), (whole, ())):  # someone there lacks a score
        overall = summary.measure(None, group)
        assert isinstance(overall.mean, Suppressed), group
        assert isinstance(overall.median, Suppressed), group
    assert wards.measure(None, ("H",)).mean == 2.0  # everyone on H has every score
