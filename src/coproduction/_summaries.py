"""Summaries of cohorts: what researchers and audits report, by group, with disclosure control.

Every summary is computed from the cohort's codes and from :func:`score_cohort`,
so it rests on exactly the same scores as the one-response functions. Intervals
are percentile bootstrap intervals from a seeded :class:`numpy.random.Generator`:
the same data, seed and numpy version give the same intervals.

The bootstrap resamples respondents with replacement. Each resample's mean is
drawn directly from its distribution (see :mod:`coproduction._resampling`), at a
cost that grows at most with the square root of the number of respondents.

Every evaluation summary is reduced through a :class:`SummaryAccumulator`: per
group, the counts of each item's answers and the counts of each distinct value of
each domain's and the overall score. Accumulators add blocks and merge with one
another in any order, and the summary they give depends only on those counts, so
a cohort summarised in blocks, or in partitions merged in any tree, gives exactly
the summary of the whole.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import Final, TypeGuard, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from coproduction._checks import expect, kinds, refuse, whole
from coproduction._checks import names as _names
from coproduction._cohort_scoring import score_cohort
from coproduction._cohorts import (
    EVALUATION_ANSWERS,
    READINESS_ANSWERS,
    EvaluationCohort,
    ReadinessCohort,
    group_codes,
    group_order_key,
    grouping_names,
)
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    ITEM_IDS,
    READINESS_CHECKER,
    Dimension,
    Domain,
    ReadinessAnswer,
)
from coproduction._missing import Missing
from coproduction._power import Activity
from coproduction._publication import protect_readiness, protect_summaries, publish_nested
from coproduction._resampling import Lattice, find_lattice, generator, resampled_means
from coproduction._scoring import EvaluationConventions, conventions_or_default
from coproduction._summary_values import (
    CohortSummary,
    Group,
    ItemSummary,
    MeasureSummary,
    ReadinessCounts,
    ReadinessSummary,
)
from coproduction._suppression import Count, DisclosureControl, Statistic, Suppressed
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "RoundChange",
    "SummaryAccumulator",
    "change_between_rounds",
    "summarize",
    "summarize_readiness",
]

_EXACT_SAMPLE: Final = 1 << 16
_HASHED: Final = 1 << 15
# An odd 64-bit constant (2**64 / golden ratio) for hashing scores' bit patterns.
_MULTIPLIER: Final = np.uint64(0x9E3779B97F4A7C15)

#: The most groups a summary holds by default: the library's convention, not the
#: booklet's. Each group costs memory and a row per item and measure in the
#: result, so a grouping column with a value per respondent (an id by mistake)
#: is refused early instead of exhausting memory. Raise it with ``max_groups``.
MAX_GROUPS: Final = 10_000
#: The most bootstrap resamples per interval by default: the library's
#: convention. Each interval holds its resampled means (8 bytes each) and more
#: while drawing them; 100,000 is far beyond what a stable 95% interval needs
#: (a few thousand). Raise it with ``max_resamples``.
MAX_RESAMPLES: Final = 100_000
#: The most resampled means one summary draws by default (resamples x groups x the
#: six measures): the library's convention. The time intervals take grows with it
#: (about 25 s for 50 million on a 2-core machine), so a summary by thousands of
#: groups with many resamples is refused at once instead of running for many
#: minutes. Raise it with ``max_draws``, or draw fewer resamples.
MAX_DRAWS: Final = 50_000_000


# --- Grouping ---------------------------------------------------------------------


def by_names(by: object, problems: list[Problem]) -> tuple[str, ...]:
    """The grouping columns named by ``by`` (None, one name or a sequence of names), once each."""
    names = () if by is None else _names(by, "by", problems)
    if len(set(names)) != len(names):
        problems.append(Problem("by", "each grouping column may be named once"))
    return names


def _check_by(by: object, groups: Collection[str]) -> tuple[str, ...]:
    problems: list[Problem] = []
    names = by_names(by, problems)
    problems += [
        Problem(
            f"by[{name!r}]",
            f"not a grouping column of the cohort; its columns are {sorted(groups) or 'none'}",
        )
        for name in names
        if name not in groups
    ]
    refuse("summary grouping", problems)
    return names


def _too_many_groups(found: int, limit: int) -> ValidationError:
    return ValidationError(
        "summary grouping",
        [
            Problem(
                "max_groups",
                f"{found} groups or more, over the limit of {limit} (the library's "
                "convention, to keep memory bounded); pass a larger max_groups to allow "
                "more, or group by fewer columns",
            )
        ],
    )


def _group_index(
    cohort: EvaluationCohort | ReadinessCohort, by: tuple[str, ...], limit: int | None = None
) -> tuple[tuple[Group, ...], NDArray[np.int64]]:
    """The groups present (sorted by their values) and each row's group number.

    More than ``limit`` groups are refused before their labels are built.
    """
    n = len(cohort)
    if not by:
        return ((),), np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    columns = []
    for name in by:
        values, codes = group_codes(cohort, name)
        key = key * len(values) + codes
        columns.append(values)
    combinations = math.prod(len(values) for values in columns)
    if combinations <= 2 * n + (1 << 16):  # counting beats sorting
        seen = np.bincount(key, minlength=combinations) > 0
        present, index = np.flatnonzero(seen), (np.cumsum(seen) - 1)[key]
    else:
        present, index = np.unique(key, return_inverse=True)
    if limit is not None and len(present) > limit:
        raise _too_many_groups(len(present), limit)
    labels = []
    for k in present.tolist():
        parts = []
        rest = k
        for values in reversed(columns):
            rest, r = divmod(rest, len(values))
            parts.append(values[r])
        labels.append(tuple(reversed(parts)))
    return tuple(labels), index.reshape(n)


# --- Distributions of a measure within groups -------------------------------------


def _distinct(values: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """Sorted distinct values and each value's position among them, exactly.

    Scores take few distinct values, so the candidates are first read from a
    sample and checked against every value; any value not found is added.
    """
    values = values + 0.0  # -0.0 becomes 0.0: one score, one bit pattern
    candidates = np.unique(values[:_EXACT_SAMPLE])
    while True:
        position = _positions(candidates, values)
        found = candidates[position] == values if len(candidates) else np.ones(0, dtype=bool)
        if found.all():
            return candidates, position
        candidates = np.union1d(candidates, np.unique(values[~found]))


def _positions(candidates: NDArray[np.float64], values: NDArray[np.float64]) -> NDArray[np.intp]:
    """Each value's position among the sorted ``candidates`` when it is one of them.

    A value that is not a candidate gets some position, which the caller checks.
    Values are looked up in a table by a multiplicative hash of their bits (a few
    numpy passes); the few whose slot two candidates share, by binary search, as
    are all values when there are very many candidates.
    """
    if not len(candidates):
        return np.zeros(len(values), dtype=np.intp)
    if len(candidates) > _HASHED:  # the table would outgrow the cache
        return np.minimum(np.searchsorted(candidates, values), len(candidates) - 1)
    bits = max(6, (8 * len(candidates)).bit_length())
    shift = np.uint64(64 - bits)
    slots = (candidates.view(np.uint64) * _MULTIPLIER) >> shift
    shared = np.unique(slots, return_counts=True)
    table = np.full(1 << bits, -1, dtype=np.intp)
    table[slots] = np.arange(len(candidates))
    table[shared[0][shared[1] > 1]] = -1
    position: NDArray[np.intp] = table[(values.view(np.uint64) * _MULTIPLIER) >> shift]
    missed = position < 0
    if missed.any():
        found = np.searchsorted(candidates, values[missed])
        position[missed] = np.minimum(found, len(candidates) - 1)
    return position


def _exact_mean(values: NDArray[np.float64], counts: NDArray[np.int64]) -> float:
    """The mean of ``counts[i]`` scores of ``values[i]``, from the exact sum, correctly rounded.

    Each value is a binary fraction ``num / 2**k``; their weighted sum is added up
    in whole numbers, so it is exact, and one division rounds it. The mean thus
    depends only on the distribution, never on the order of the rows (nor on how
    a cohort was split into blocks), and a group whose scores all agree has that
    score as its mean.
    """
    fractions = [v.as_integer_ratio() for v in values.tolist()]
    denominator = max((d for _, d in fractions), default=1)  # powers of 2: the largest is common
    total = sum(
        n * (denominator // d) * c for (n, d), c in zip(fractions, counts.tolist(), strict=True)
    )
    mean: float = total / (denominator * int(counts.sum()))
    return mean


@attrs.frozen(eq=False)
class _Distribution:
    """Each group's counts of each distinct value of one measure."""

    values: NDArray[np.float64]
    table: NDArray[np.int64]  # (groups, distinct values)
    lattice: Lattice | None  # None also when no intervals are drawn

    def mean(self, group: int) -> float:
        """The group's mean, as :func:`_exact_mean` gives it."""
        return _exact_mean(self.values, self.table[group])


def _distribution(
    measure: NDArray[np.float64], index: NDArray[np.int64], groups: int, *, lattice: bool
) -> _Distribution:
    scored = ~np.isnan(measure)
    values, position = _distinct(measure[scored])
    width = max(len(values), 1)
    table = np.bincount(index[scored] * width + position, minlength=groups * width)
    return _Distribution(
        values,
        table.reshape(groups, width)[:, : len(values)],
        find_lattice(values) if lattice else None,
    )


def _sd(values: NDArray[np.float64], counts: NDArray[np.int64], mean: float) -> float:
    """The sample standard deviation, scaled so that squares cannot overflow."""
    present = counts > 0
    deviations, weights = values[present] - mean, counts[present]
    scale = float(np.abs(deviations).max())
    if scale == 0.0:
        return 0.0
    return scale * float(np.sqrt(weights @ (deviations / scale) ** 2 / (weights.sum() - 1)))


def _median(values: NDArray[np.float64], counts: NDArray[np.int64]) -> float:
    total = int(counts.sum())
    cumulative = np.cumsum(counts)
    lower = values[np.searchsorted(cumulative, (total - 1) // 2, side="right")]
    upper = values[np.searchsorted(cumulative, total // 2, side="right")]
    return float((lower + upper) / 2.0)


def _measure_name(domain: Domain | None) -> str:
    return "overall" if domain is None else domain.value


def _interval(means: NDArray[np.float64], confidence: float) -> tuple[float, float]:
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(low), float(high)


def check_confidence(confidence: object, problems: list[Problem]) -> None:
    """Record a problem unless ``confidence`` is a number in (0, 1)."""
    if (
        not isinstance(confidence, float | int)
        or isinstance(confidence, bool)
        or not 0 < confidence < 1
    ):
        problems.append(Problem("confidence", f"expected a share in (0, 1), got {confidence!r}"))


def _whole(value: object, least: int) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _check_interval_args(
    confidence: object, resamples: object, seed: object, max_resamples: object = MAX_RESAMPLES
) -> None:
    problems: list[Problem] = []
    check_confidence(confidence, problems)
    whole(max_resamples, "max_resamples", problems)
    whole(resamples, "resamples", problems, most=None)  # 0: no intervals
    if _whole(resamples, 0) and _whole(max_resamples, 0) and resamples > max_resamples:
        problems.append(
            Problem(
                "resamples",
                f"{resamples} is over the limit of {max_resamples} resamples per interval "
                "(the library's convention, to keep memory bounded); pass a larger "
                "max_resamples to allow more",
            )
        )
    whole(seed, "seed", problems, most=None)
    if problems:
        raise ValidationError("summary options", problems)


# --- Evaluation summary -----------------------------------------------------------


def _publish_counts(
    counts: Sequence[int], total: int, disclosure: DisclosureControl | None
) -> tuple[tuple[Count, ...], tuple[Statistic, ...]]:
    """Counts and their percentages of ``total``, published under the rule if any."""
    if disclosure is None:
        shown: tuple[Count, ...] = tuple(counts)
        shown_total: Count = total
        return shown, tuple(None if total == 0 else c / total * 100.0 for c in counts)
    shown = disclosure.counts(counts)
    shown_total = disclosure.count(total)
    return shown, tuple(disclosure.percent(c, shown_total) for c in shown)


def _group_sizes(
    labels: Sequence[Group], sizes: Sequence[int], disclosure: DisclosureControl | None
) -> FrozenDict[Group, Count]:
    """Each group's number of respondents, under disclosure control when it is given."""
    published = sizes if disclosure is None else [disclosure.count(s) for s in sizes]
    return FrozenDict(zip(labels, published, strict=True))


# --- Accumulating summaries block by block ----------------------------------------

_MEASURES: Final = (*COPRODUCTION_EVALUATION.domains, None)
#: An item's cells: each kind of missing (codes -5 to -1), then each answer's code.
_WIDTH: Final = len(Missing) + len(EVALUATION_ANSWERS)
#: The kinds in cell order (code -5 first).
_KINDS: Final = tuple(sorted(Missing, key=lambda kind: kind.cohort_code))


@attrs.frozen(eq=False)
class _Pairs:
    """Counts of (group, score) pairs of one measure, sorted by group and then score."""

    group: NDArray[np.int64]
    value: NDArray[np.float64]
    count: NDArray[np.int64]

    @classmethod
    def empty(cls) -> _Pairs:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.group)

    @classmethod
    def combined(cls, parts: Sequence[_Pairs]) -> _Pairs:
        """One sorted table of the parts' pairs, the counts of equal pairs added."""
        if len(parts) == 1:
            return parts[0]
        group = np.concatenate([p.group for p in parts])
        value = np.concatenate([p.value for p in parts])
        count = np.concatenate([p.count for p in parts])
        if not len(group):
            return cls.empty()
        order = np.lexsort((value, group))
        group, value, count = group[order], value[order], count[order]
        starts = np.flatnonzero(
            np.concatenate([[True], (group[1:] != group[:-1]) | (value[1:] != value[:-1])])
        )
        return cls(group[starts], value[starts], np.add.reduceat(count, starts))

    def renumbered(self, ids: NDArray[np.int64]) -> _Pairs:
        """The same counts with each group number ``g`` replaced by ``ids[g]``."""
        return _Pairs.combined([_Pairs(ids[self.group], self.value, self.count), _Pairs.empty()])


def _block_pairs(measure: NDArray[np.float64], index: NDArray[np.int64], groups: int) -> _Pairs:
    """The (group, score) counts of one block's measure: unscored rows (NaN) left out."""
    scored = ~np.isnan(measure)
    values, position = _distinct(measure[scored])
    width = max(len(values), 1)
    key = index[scored] * width + position
    if groups * width <= 2 * len(key) + (1 << 16):  # counting beats sorting
        table = np.bincount(key, minlength=groups * width)
        present = np.flatnonzero(table)
        count = table[present]
    else:
        present, count = np.unique(key, return_counts=True)
    return _Pairs(present // width, values[present % width], count.astype(np.int64))


class SummaryAccumulator:
    """A summary of evaluation responses that grows block by block and merges with others.

    It keeps, per group, how many respondents gave each answer to each item, and
    how many have each distinct value of each domain's score and of the overall
    score (scores take few distinct values: under the default conventions, at
    most 21 for a domain and about 500 overall). Its memory depends on the
    number of groups and of distinct scores, never on the number of responses.
    :meth:`summary` computes every figure from those counts alone, so the
    summary of blocks added in any order, or of accumulators merged in any tree,
    is exactly :func:`summarize` of the whole cohort, intervals included.

    Args:
        by: A grouping column, or several, as in :func:`summarize`; each block must
            have them.
        conventions: Scoring conventions; the library's defaults when omitted.
        max_groups: The most groups allowed (10,000 by default: the library's
            convention, to keep memory bounded); the group that would exceed it
            is refused when it appears.

    Raises:
        ValidationError: A setting is not of the expected kind.

    :meth:`add` adds a block (changing the accumulator, and returning it);
    :meth:`merge` returns a new accumulator of both, leaving both unchanged.

    >>> first = EvaluationCohort.from_array([[2] * 23, [1] * 23], groups={"ward": ["Oak", "Elm"]})
    >>> second = EvaluationCohort.from_array([[0] * 23], groups={"ward": ["Oak"]})
    >>> left = SummaryAccumulator(by="ward").add(first)
    >>> right = SummaryAccumulator(by="ward").add(second)
    >>> summary = left.merge(right).summary(resamples=0)
    >>> summary.groups, summary.measure(None, ("Oak",)).mean
    (FrozenDict({('Elm',): 1, ('Oak',): 2}), 1.0)

    .. versionadded:: 0.2.0
    """

    __slots__ = ("_by", "_conventions", "_ids", "_items", "_labels", "_max_groups", "_pending")

    def __init__(
        self,
        *,
        by: str | Sequence[str] | None = None,
        conventions: EvaluationConventions | None = None,
        max_groups: int = MAX_GROUPS,
    ) -> None:
        problems: list[Problem] = []
        names = by_names(by, problems)
        checked = conventions_or_default(conventions, EvaluationConventions, problems)
        whole(max_groups, "max_groups", problems, least=1, most=None)
        refuse("summary accumulator", problems)
        self._by = names
        self._conventions = checked
        self._max_groups = max_groups
        self._labels: list[Group] = []
        self._ids: dict[Group, int] = {}
        self._items = np.zeros((0, len(ITEM_IDS), _WIDTH), dtype=np.int64)
        # Per measure: the compacted counts first, then blocks not yet merged into them.
        self._pending: list[list[_Pairs]] = [[_Pairs.empty()] for _ in _MEASURES]
        if not self._by:
            self._number([()])

    @property
    def by(self) -> tuple[str, ...]:
        """The grouping columns, in order (``()`` for the whole cohort)."""
        return self._by

    @property
    def conventions(self) -> EvaluationConventions:
        """The scoring conventions."""
        return self._conventions

    @property
    def max_groups(self) -> int:
        """The most groups allowed."""
        return self._max_groups

    def __repr__(self) -> str:
        respondents = int(self._items[: len(self._labels), 0].sum())
        return (
            f"SummaryAccumulator(by={self._by!r}, groups={len(self._labels)}, "
            f"respondents={respondents})"
        )

    def _number(self, labels: Sequence[Group]) -> NDArray[np.int64]:
        """Each label's group number, numbering new groups after the others (within the limit)."""
        new = [label for label in labels if label not in self._ids]
        if len(self._labels) + len(new) > self._max_groups:
            raise _too_many_groups(len(self._labels) + len(new), self._max_groups)
        for label in new:
            self._ids[label] = len(self._labels)
            self._labels.append(label)
        if len(self._labels) > len(self._items):
            rows = max(2 * len(self._items), len(self._labels))
            grown = np.zeros((rows, *self._items.shape[1:]), dtype=np.int64)
            grown[: len(self._items)] = self._items
            self._items = grown
        return np.array([self._ids[label] for label in labels], dtype=np.int64)

    def _keep(self, measure: int, pairs: _Pairs) -> None:
        """Queue a block's counts; merge the queue once it outgrows the compacted counts."""
        queue = self._pending[measure]
        queue.append(pairs)
        if sum(len(p) for p in queue[1:]) > max(len(queue[0]), 1 << 12):
            self._pending[measure] = [_Pairs.combined(queue)]

    def _compacted(self, measure: int) -> _Pairs:
        self._pending[measure] = [_Pairs.combined(self._pending[measure])]
        return self._pending[measure][0]

    def add(self, cohort: EvaluationCohort) -> SummaryAccumulator:
        """Add a block of responses, and return this accumulator.

        Raises:
            ValidationError: ``cohort`` is not an
                :class:`~coproduction.EvaluationCohort`, lacks a grouping column,
                or brings the groups over ``max_groups`` (then nothing is added).
        """
        if not isinstance(cohort, EvaluationCohort):
            raise ValidationError(
                "summary accumulator",
                [Problem("cohort", f"expected an EvaluationCohort, got {type(cohort).__name__}")],
            )
        names = _check_by(self._by, grouping_names(cohort))
        labels, index = _group_index(cohort, names, self._max_groups)
        if not len(cohort):
            return self
        ids = self._number(labels)
        first_cell = index * _WIDTH + len(Missing)  # a group's cell for the code 0
        for j in range(len(ITEM_IDS)):
            counts = np.bincount(first_cell + cohort.answers[:, j], minlength=len(labels) * _WIDTH)
            self._items[ids, j] += counts.reshape(len(labels), _WIDTH)
        scores = score_cohort(cohort, conventions=self._conventions)
        columns = [*(scores.mean[:, d] for d in range(scores.mean.shape[1])), scores.overall]
        for m, measure in enumerate(columns):
            self._keep(m, _block_pairs(measure, index, len(labels)).renumbered(ids))
        return self

    def merge(self, other: SummaryAccumulator) -> SummaryAccumulator:
        """A new accumulator holding both this one's responses and ``other``'s.

        Merging is associative and commutative in what it holds; the new
        accumulator has this one's ``max_groups``.

        Raises:
            ValidationError: ``other`` is not an accumulator, or has other grouping
                columns or conventions, or the groups together exceed ``max_groups``.
        """
        problems: list[Problem] = []
        given: object = other  # checked at run time, whatever the annotations say
        if not isinstance(given, SummaryAccumulator):
            problems.append(
                Problem("other", f"expected a SummaryAccumulator, got {type(given).__name__}")
            )
        else:
            if other.by != self._by:
                problems.append(
                    Problem("by", f"grouped by {other.by!r}, not {self._by!r} as this one")
                )
            if other.conventions != self._conventions:
                problems.append(
                    Problem("conventions", "scored under other conventions than this one")
                )
        if problems:
            raise ValidationError("summary accumulator merge", problems)
        merged = SummaryAccumulator(
            by=self._by, conventions=self._conventions, max_groups=self._max_groups
        )
        for source in (self, other):
            ids = merged._number(source._labels)  # noqa: SLF001 - the same class
            merged._items[ids] += source._items[: len(ids)]  # noqa: SLF001
            for m in range(len(_MEASURES)):
                pairs = source._compacted(m)  # noqa: SLF001
                merged._keep(m, _Pairs(ids[pairs.group], pairs.value, pairs.count))
        for m in range(len(_MEASURES)):
            merged._compacted(m)
        return merged

    def summary(
        self,
        *,
        confidence: float = 0.95,
        resamples: int = 1000,
        seed: int = 0,
        disclosure: DisclosureControl | None = None,
        max_resamples: int = MAX_RESAMPLES,
        max_draws: int = MAX_DRAWS,
        levels: bool = False,
    ) -> CohortSummary:
        """The summary of every response added, exactly as :func:`summarize` gives it.

        Args:
            confidence: Coverage of the intervals.
            resamples: Bootstrap resamples per interval; 0 for no intervals.
            seed: Seed (0 or more) of the random generators, as in :func:`summarize`.
            disclosure: A small-number rule to apply, or ``None``.
            max_resamples: The most resamples allowed (100,000 by
                default: the library's convention, to keep memory bounded).
            max_draws: The most resampled means drawn in all (resamples x groups,
                the whole cohort included under a rule, x 6 measures; 50 million
                by default: the library's convention, to keep the time bounded).
            levels: Also give the whole and every coarser grouping (by the first
                column, the first two, ...) beside the groups, keyed by their own
                shorter tuples, as a summary under a rule always does: the same
                rows with or without disclosure control.

        Raises:
            ValidationError: An option is out of range, or a limit is exceeded.

        .. versionchanged:: 0.2.0
           ``max_draws`` and ``levels``; under a rule, the coarser groupings are
           published with the groups and the whole.
        """
        _check_interval_args(confidence, resamples, seed, max_resamples)
        if not isinstance(levels, bool):
            raise ValidationError(
                "summary options",
                [Problem("levels", f"expected True or False, got {levels!r:.40}")],
            )
        nested = disclosure is not None or levels
        # With the levels, the whole and every coarser grouping are summarised too.
        coarser = range(len(self._by)) if nested else range(0)
        extra = sum(len({label[:k] for label in self._labels}) for k in coarser)
        self._check_draws(resamples, max_draws, extra=extra)
        if disclosure is not None and not isinstance(disclosure, DisclosureControl):
            raise ValidationError(
                "summary options",
                [
                    Problem(
                        "disclosure",
                        f"expected a DisclosureControl or None, got {type(disclosure).__name__}",
                    )
                ],
            )
        options = (confidence, resamples, seed, max_resamples)
        if nested and self._by:
            # The whole cohort and every coarser grouping are published with the groups,
            # under a rule all protected together, so that no group can be worked out
            # from a total: the audit report publishes these levels under this protection.
            coarse = [self._coarser(k)._raw(*options) for k in range(len(self._by))]  # noqa: SLF001
            return publish_nested([*coarse, self._raw(*options)], disclosure)
        if disclosure is not None:
            return publish_nested([self._raw(*options)], disclosure)
        return self._raw(*options)

    def _check_draws(self, resamples: int, max_draws: object, *, extra: int) -> None:
        """Refuse a summary whose intervals would draw more than ``max_draws`` means."""
        problems: list[Problem] = []
        whole(max_draws, "max_draws", problems, most=None)
        refuse("summary options", problems)
        limit = cast("int", max_draws)  # a whole number: refused above otherwise
        # ``extra``: the groups of the coarser levels published with these.
        draws = resamples * (len(self._labels) + extra) * len(_MEASURES)
        if draws > limit:
            raise ValidationError(
                "summary options",
                [
                    Problem(
                        "resamples",
                        f"{resamples} resamples for each of {len(self._labels)} groups would "
                        f"draw {draws:,} means, over the limit of {limit:,} (the library's "
                        "convention, to keep the time bounded); draw fewer resamples, group "
                        "more coarsely, or pass a larger max_draws",
                    )
                ],
            )

    def _whole(self) -> SummaryAccumulator:
        """An accumulator of the same responses as one group: the whole cohort."""
        whole = SummaryAccumulator(conventions=self._conventions)
        whole._items[0] = self._items[: len(self._labels)].sum(axis=0)
        one = np.zeros(len(self._labels), dtype=np.int64)
        for m in range(len(_MEASURES)):
            whole._pending[m] = [self._compacted(m).renumbered(one)]
        return whole

    def _coarser(self, columns: int) -> SummaryAccumulator:
        """The same responses grouped by the first ``columns`` grouping columns only.

        Every count is the sum of the finer groups' counts, so its summary is
        exactly that of the cohort grouped by those columns (``0``: the whole).
        """
        if not columns:
            return self._whole()
        coarse = SummaryAccumulator(
            by=self._by[:columns], conventions=self._conventions, max_groups=self._max_groups
        )
        labels = [label[:columns] for label in self._labels]
        coarse._number(list(dict.fromkeys(labels)))  # each new group once
        ids = coarse._number(labels)
        np.add.at(coarse._items, ids, self._items[: len(self._labels)])
        for m in range(len(_MEASURES)):
            coarse._pending[m] = [self._compacted(m).renumbered(ids)]
        return coarse

    def _raw(
        self, confidence: float, resamples: int, seed: int, max_resamples: int
    ) -> CohortSummary:
        """The summary without disclosure control."""
        _check_interval_args(confidence, resamples, seed, max_resamples)
        disclosure = None
        # Groups in their natural order (levels as the booklet orders them), never ranked.
        order = sorted(
            range(len(self._labels)), key=lambda g: group_order_key(self._by, self._labels[g])
        )
        labels = [self._labels[g] for g in order]
        items: list[ItemSummary] = []
        for g, label in zip(order, labels, strict=True):
            table = self._items[g].tolist()
            size = sum(table[0])
            for j, item_id in enumerate(ITEM_IDS):
                kinds, answers = table[j][: len(Missing)], table[j][len(Missing) :]
                shown, percents = _publish_counts([*answers, sum(kinds)], size, disclosure)
                items.append(
                    ItemSummary(
                        group=label,
                        item_id=item_id,
                        counts=FrozenDict(zip(EVALUATION_ANSWERS, shown[:-1], strict=True)),
                        unanswered=shown[-1],
                        percents=FrozenDict(zip(EVALUATION_ANSWERS, percents[:-1], strict=True)),
                        unanswered_percent=percents[-1],
                        missing=FrozenDict(
                            (kind, dict(zip(_KINDS, kinds, strict=True))[kind]) for kind in Missing
                        ),
                    )
                )
        measures: list[MeasureSummary] = []
        for m, domain in enumerate(_MEASURES):
            measures.extend(
                _measure_rows(
                    self._compacted(m),
                    order,
                    labels,
                    domain,
                    (confidence, resamples, seed),
                    disclosure,
                )
            )
        sizes = [int(self._items[g, 0].sum()) for g in order]
        return CohortSummary(
            by=self._by,
            groups=_group_sizes(labels, sizes, disclosure),
            items=tuple(items),
            measures=tuple(measures),
            confidence=float(confidence),
            resamples=resamples,
            seed=seed,
            conventions=self._conventions,
            disclosure=disclosure,
        )


def _measure_rows(
    pairs: _Pairs,
    order: Sequence[int],
    labels: Sequence[Group],
    domain: Domain | None,
    options: tuple[float, int, int],
    disclosure: DisclosureControl | None,
) -> list[MeasureSummary]:
    """One measure's row per group, from its (group, score) counts alone.

    The lattice of the scores is found once from every distinct score (as
    :func:`summarize` of a whole cohort finds it), and each group's draws use its
    own part of it.
    """
    confidence, resamples, seed = options
    distinct = np.unique(pairs.value)
    lattice = find_lattice(distinct) if resamples else None
    ids = np.asarray(order, dtype=np.int64)
    starts = np.searchsorted(pairs.group, ids, side="left")
    ends = np.searchsorted(pairs.group, ids, side="right")
    rows = []
    for label, start, end in zip(labels, starts.tolist(), ends.tolist(), strict=True):
        values, counts = pairs.value[start:end], pairs.count[start:end]
        n = int(counts.sum())
        mean: float | None = None
        median = sd = low = high = None
        if n:
            mean = _exact_mean(values, counts)
            median = _median(values, counts)
            if n >= 2:
                sd = _sd(values, counts, mean)
                if resamples:
                    own = None
                    if lattice is not None:
                        own = Lattice(
                            lattice.per_unit, lattice.steps[np.searchsorted(distinct, values)]
                        )
                    rng = generator(seed, "summary", _measure_name(domain), label)
                    means = resampled_means(values, counts, own, rng, resamples)
                    low, high = _interval(means, confidence)
        if disclosure is None:
            rows.append(
                MeasureSummary(
                    group=label,
                    domain=domain,
                    n=n,
                    mean=mean,
                    median=median,
                    sd=sd,
                    low=low,
                    high=high,
                )
            )
        else:
            rows.append(
                MeasureSummary(
                    group=label,
                    domain=domain,
                    n=disclosure.count(n),
                    mean=disclosure.statistic(mean, people=n),
                    median=disclosure.statistic(median, people=n),
                    sd=disclosure.statistic(sd, people=n),
                    low=disclosure.statistic(low, people=n),
                    high=disclosure.statistic(high, people=n),
                )
            )
    return rows


def _check_cohort(what: str, cohort: object, kind: type, disclosure: object) -> None:
    """Refuse a cohort of the wrong type (such as a list of responses), or a wrong rule."""
    problems: list[Problem] = []
    expect(cohort, kind, "cohort", problems)
    if problems and kind is EvaluationCohort and isinstance(cohort, list | tuple):
        hint = "; make one with EvaluationCohort.from_responses"
        problems[0] = Problem("cohort", problems[0].message + hint)
    expect(disclosure, (DisclosureControl, type(None)), "disclosure", problems)
    refuse(what, problems)


def summarize(  # noqa: PLR0913 - keyword-only options, named at each call
    cohort: EvaluationCohort,
    *,
    by: str | Sequence[str] | None = None,
    conventions: EvaluationConventions | None = None,
    confidence: float = 0.95,
    resamples: int = 1000,
    seed: int = 0,
    disclosure: DisclosureControl | None = None,
    max_groups: int = MAX_GROUPS,
    max_resamples: int = MAX_RESAMPLES,
    max_draws: int = MAX_DRAWS,
) -> CohortSummary:
    """Summarise an evaluation cohort, for the whole cohort or by group.

    Per item: the counts and percentages of each answer and of unanswered. Per
    domain, and overall: how many have a score, the mean, median, standard
    deviation and a percentile bootstrap interval of the mean. Each resample's
    mean is drawn directly in the law of resampling the group's respondents (by
    FFT when the scores sit on a small lattice, else as multinomial counts; see
    *Cohorts* in the documentation), so the time the intervals take grows at most
    with the square root of the group's size.

    Args:
        cohort: The responses.
        by: A grouping column, or several (groups are their combinations present).
            ``"level"`` groups by the cohort's levels, in the booklet's order
            (unless it has a grouping column of that name); rows without a
            level, all of them in a cohort that records none, are the group
            ``"not recorded"``.
        conventions: Scoring conventions; the library's defaults when omitted.
        confidence: Coverage of the intervals.
        resamples: Bootstrap resamples per interval; 0 for no intervals.
        seed: Seed (0 or more) of the random generators
            (:class:`numpy.random.Generator`); the same seed gives the same
            intervals. Each interval draws from its own generator, derived from the
            seed, the measure and the group's values, so a group's interval does
            not depend on the other groups.
        disclosure: A small-number rule to apply, such as
            :class:`~coproduction.DisclosureControl` ``()``; researchers choose, so
            the default is none.
        max_groups: The most groups allowed (10,000 by
            default: the library's convention, so that a column with a value per
            respondent is refused before it exhausts memory).
        max_resamples: The most resamples allowed (100,000 by
            default: the library's convention, to keep memory bounded).
        max_draws: The most resampled means drawn in all (50 million by default:
            the library's convention, to keep the time bounded); see
            :meth:`SummaryAccumulator.summary`.

    A group's mean is its scores' exact sum (added in whole numbers) divided by
    its size, correctly rounded: it depends only on how many have each score,
    never on the order of the rows. This is one :class:`SummaryAccumulator`
    with the whole cohort added, so a cohort summarised block by block gives
    exactly the same summary.

    Raises:
        ValidationError: ``cohort`` is not an :class:`~coproduction.EvaluationCohort`
            (a list of responses included), ``by`` names a column the cohort does
            not have, an option is out of range, or a limit is exceeded (the
            message names it).

    >>> cohort = EvaluationCohort.from_array([[2] * 23, [1] * 23, [0] * 23],
    ...     groups={"ward": ["Oak", "Oak", "Elm"]})
    >>> summary = summarize(cohort, by="ward")
    >>> summary.measure(None, ("Oak",)).mean, summary.item("trust_1", ("Elm",)).counts
    (1.5, FrozenDict({<Frequency.NOT_AT_ALL: ...>: 1, <Frequency.SOMETIMES: ...>: 0, ...}))
    >>> summarize(cohort, disclosure=DisclosureControl()).measure(None).mean
    Suppressed(reason='a figure about 1 to 7 people, or one that would let such a figure be ...')

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Computed through :class:`SummaryAccumulator`; means from the exact sum;
       ``max_groups``, ``max_resamples`` and ``max_draws``; ``by="level"``.
    """
    _check_cohort("summarize", cohort, EvaluationCohort, disclosure)
    _check_by(by, grouping_names(cohort))
    _check_interval_args(confidence, resamples, seed, max_resamples)
    accumulator = SummaryAccumulator(by=by, conventions=conventions, max_groups=max_groups)
    return accumulator.add(cohort).summary(
        confidence=confidence,
        resamples=resamples,
        seed=seed,
        disclosure=disclosure,
        max_resamples=max_resamples,
        max_draws=max_draws,
    )


# --- Change between audit rounds --------------------------------------------------


@attrs.frozen(kw_only=True)
class RoundChange(HtmlView):
    """The change in one domain's mean (or the overall mean) between two audit rounds.

    The two rounds are treated as independent samples (an audit asks whoever is
    there; the same person may or may not answer twice).

    Attributes:
        group: The group's values (``()`` for the whole cohort).
        domain: The domain, or ``None`` for the overall score.
        n_before: Respondents with a score in the first round.
        n_after: Respondents with a score in the second round.
        mean_before: Mean in the first round.
        mean_after: Mean in the second round.
        difference: ``mean_after - mean_before``.
        low: Lower end of the bootstrap interval of the difference (each round
            resampled separately), ``None`` when a round has fewer than 2.
        high: Upper end of that interval.

    .. versionadded:: 0.1.0
    """

    group: Group
    domain: Domain | None
    n_before: Count
    n_after: Count
    mean_before: Statistic
    mean_after: Statistic
    difference: Statistic
    low: Statistic
    high: Statistic


def _protect_change(
    row: RoundChange, published: CohortSummary, before: str, after: str
) -> RoundChange:
    """A change row as published: each round's n and mean as the protected summary has them.

    ``published`` is the summary by round and the grouping columns, protected
    with every coarser level (each round's whole, and the whole cohort), so that the rows hold
    no figure the summaries of the same rounds would not publish. The difference
    and its interval are withheld with either round's mean.
    """
    shown: list[tuple[Count, Statistic]] = []
    for value, n, mean in (
        (before, row.n_before, row.mean_before),
        (after, row.n_after, row.mean_after),
    ):
        group = (value, *row.group)
        if group not in published.groups:
            shown.append((n, mean))  # no one in this group in this round: 0 and no mean
            continue
        m = published.measure(row.domain, group)
        withheld = m.mean if isinstance(m.mean, Suppressed) else m.n
        shown.append((m.n, withheld if isinstance(withheld, Suppressed) else mean))
    (n_before, mean_before), (n_after, mean_after) = shown
    hidden = next((m for m in (mean_before, mean_after) if isinstance(m, Suppressed)), None)
    return RoundChange(
        group=row.group,
        domain=row.domain,
        n_before=n_before,
        n_after=n_after,
        mean_before=mean_before,
        mean_after=mean_after,
        difference=row.difference if hidden is None else hidden,
        low=row.low if hidden is None else hidden,
        high=row.high if hidden is None else hidden,
    )


def change_between_rounds(  # noqa: PLR0913 - keyword-only options, named at each call
    cohort: EvaluationCohort,
    *,
    rounds: str,
    before: str,
    after: str,
    by: str | Sequence[str] | None = None,
    conventions: EvaluationConventions | None = None,
    confidence: float = 0.95,
    resamples: int = 1000,
    seed: int = 0,
    disclosure: DisclosureControl | None = None,
    max_groups: int = MAX_GROUPS,
    max_resamples: int = MAX_RESAMPLES,
) -> tuple[RoundChange, ...]:
    """The change in domain means between two audit rounds, per group, with an interval.

    Args:
        cohort: Responses from both rounds (and perhaps others, which are ignored).
        rounds: The grouping column naming each response's round.
        before: The value of ``rounds`` for the first round.
        after: The value of ``rounds`` for the second round.
        by: Grouping columns to compare within (for example ``"ward"``).
        conventions: Scoring conventions; the library's defaults when omitted.
        confidence: Coverage of the intervals.
        resamples: Bootstrap resamples per interval; 0 for no intervals.
        seed: Seed (0 or more) of the random generators, one per interval, as in
            :func:`summarize`.
        disclosure: A small-number rule. Each round is published as
            :func:`summarize` by the grouping columns would publish it, protected
            together with the round's whole and every coarser level
            (:func:`protect_summaries`), so no withheld group's figures follow from
            the others or from a summary by round; a difference and its interval
            are withheld with either round's mean.
        max_groups: The most groups allowed, as in :func:`summarize`.
        max_resamples: The most resamples allowed, as in :func:`summarize`.

    Raises:
        ValidationError: Unknown columns, a round value not present, bad options,
            or a limit exceeded.

    >>> cohort = EvaluationCohort.from_array([[0] * 23, [1] * 23, [2] * 23, [1] * 23],
    ...     groups={"round": ["2025", "2025", "2026", "2026"]})
    >>> change = change_between_rounds(cohort, rounds="round", before="2025", after="2026")
    >>> change[-1].domain, change[-1].mean_before, change[-1].mean_after, change[-1].difference
    (None, 0.5, 1.5, 1.0)

    .. versionadded:: 0.1.0
    """
    kinds(
        "change between rounds",
        (cohort, EvaluationCohort, "cohort"),
        (rounds, str, "rounds"),
        (disclosure, (DisclosureControl, type(None)), "disclosure"),
    )
    names = _check_by(by, grouping_names(cohort))
    (round_name,) = _check_by(rounds, cohort.groups)
    _check_interval_args(confidence, resamples, seed, max_resamples)
    problems: list[Problem] = []
    whole(max_groups, "max_groups", problems, least=1, most=None)
    refuse("change between rounds", problems)
    present = set(cohort.groups[round_name])
    problems = [
        Problem(field, f"no response has {round_name} = {value!r}")
        for field, value in (("before", before), ("after", after))
        if value not in present
    ]
    if round_name in names:
        problems.append(Problem("by", f"{round_name!r} is the rounds column; group by others"))
    if problems:
        raise ValidationError("change between rounds", problems)
    conventions = EvaluationConventions() if conventions is None else conventions
    labels, index = _group_index(cohort, names, max_groups)
    which = np.array(cohort.groups[round_name], dtype=object)
    in_before, in_after = which == before, which == after
    scores = score_cohort(cohort, conventions=conventions)
    measures = [
        *((d, scores.mean[:, i]) for i, d in enumerate(COPRODUCTION_EVALUATION.domains)),
        (None, scores.overall),
    ]
    rows: list[RoundChange] = []
    for domain, measure in measures:
        first, second = (
            _distribution(
                np.where(rows, measure, np.nan), index, len(labels), lattice=resamples > 0
            )
            for rows in (in_before, in_after)
        )
        for g, label in enumerate(labels):
            a, b = first.table[g], second.table[g]
            na, nb = int(a.sum()), int(b.sum())
            mean_a = first.mean(g) if na else None
            mean_b = second.mean(g) if nb else None
            diff = None if mean_a is None or mean_b is None else mean_b - mean_a
            low = high = None
            if resamples and na >= 2 and nb >= 2:
                name = _measure_name(domain)
                rng = generator(seed, "change", name, label, before, after)
                after_means = resampled_means(second.values, b, second.lattice, rng, resamples)
                before_means = resampled_means(first.values, a, first.lattice, rng, resamples)
                draws = after_means - before_means
                low, high = _interval(draws, confidence)
            rows.append(
                RoundChange(
                    group=label,
                    domain=domain,
                    n_before=na,
                    n_after=nb,
                    mean_before=mean_a,
                    mean_after=mean_b,
                    difference=diff,
                    low=low,
                    high=high,
                )
            )
    if disclosure is not None:
        levels = [
            summarize(
                cohort,
                by=columns or None,
                conventions=conventions,
                resamples=0,
                max_groups=max_groups * len(present),
            )
            for columns in ([], *([round_name, *names[:k]] for k in range(len(names) + 1)))
        ]
        published = protect_summaries(levels, disclosure)[-1]
        return tuple(_protect_change(row, published, before, after) for row in rows)
    return tuple(rows)


# --- Readiness across settings ----------------------------------------------------


_READINESS_ORDER: Final = (ReadinessAnswer.YES, ReadinessAnswer.PARTLY, ReadinessAnswer.NO)


def _readiness_row(
    group: Group,
    activity: Activity | None,
    dimension: Dimension | None,
    counts_by_code: Sequence[int],
    disclosure: DisclosureControl | None,
) -> ReadinessCounts:
    kinds, by_code = counts_by_code[: len(Missing)], counts_by_code[len(Missing) :]
    unanswered = sum(kinds)
    answers = [by_code[READINESS_ANSWERS.index(a)] for a in _READINESS_ORDER]
    total = int(sum(counts_by_code))
    shown, percents = _publish_counts([*answers, unanswered], total, disclosure)
    return ReadinessCounts(
        group=group,
        activity=activity,
        dimension=dimension,
        total=total if disclosure is None else disclosure.count(total),
        counts=FrozenDict(zip(_READINESS_ORDER, shown[:-1], strict=True)),
        unanswered=shown[-1],
        percents=FrozenDict(zip(_READINESS_ORDER, percents[:-1], strict=True)),
        unanswered_percent=percents[-1],
        missing=FrozenDict()
        if disclosure is not None
        else FrozenDict((kind, dict(zip(_KINDS, kinds, strict=True))[kind]) for kind in Missing),
    )


def summarize_readiness(
    cohort: ReadinessCohort,
    *,
    by: str | Sequence[str] | None = None,
    disclosure: DisclosureControl | None = None,
) -> ReadinessSummary:
    """Readiness across settings: how many answered Yes, Partly or No, cell by cell.

    Args:
        cohort: The settings' assessments.
        by: A grouping column, or several.
        disclosure: A small-number rule to apply, or ``None``.

    Raises:
        ValidationError: ``cohort`` is not a :class:`~coproduction.ReadinessCohort`,
            or ``by`` names a column the cohort does not have.

    >>> from coproduction import Activity, Dimension, ReadinessAnswer
    >>> cohort = ReadinessCohort.from_array([[[2, 1, 0]] * 7, [[2, -1, 0]] * 7])
    >>> row = summarize_readiness(cohort).cell(Activity.SHARED, Dimension.OBLIGATION)
    >>> row.counts[ReadinessAnswer.YES], row.percents[ReadinessAnswer.YES]
    (2, 100.0)

    .. versionadded:: 0.1.0
    """
    _check_cohort("summarize_readiness", cohort, ReadinessCohort, disclosure)
    names = _check_by(by, cohort.groups)
    if disclosure is not None:
        # The whole is published with the groups, protected together.
        whole = summarize_readiness(cohort) if names else None
        return protect_readiness(whole, summarize_readiness(cohort, by=names), disclosure)
    labels, index = _group_index(cohort, names)
    answers = cohort.answers
    width = len(Missing) + len(READINESS_ANSWERS)  # each kind (-5 to -1), then each answer
    n_act, n_dim = len(READINESS_CHECKER.activities), len(READINESS_CHECKER.dimensions)
    table = np.zeros((len(labels), n_act, n_dim, width), dtype=np.int64)
    for a in range(n_act):
        for d in range(n_dim):
            table[:, a, d] = np.bincount(
                index * width + answers[:, a, d] + len(Missing), minlength=len(labels) * width
            ).reshape(len(labels), width)
    cells: list[ReadinessCounts] = []
    activities: list[ReadinessCounts] = []
    dimensions: list[ReadinessCounts] = []
    for g, label in enumerate(labels):
        for a, activity in enumerate(READINESS_CHECKER.activities):
            for d, dimension in enumerate(READINESS_CHECKER.dimensions):
                cells.append(
                    _readiness_row(label, activity, dimension, table[g, a, d].tolist(), disclosure)
                )
            activities.append(
                _readiness_row(label, activity, None, table[g, a].sum(axis=0).tolist(), disclosure)
            )
        dimensions.extend(
            _readiness_row(label, None, dimension, table[g, :, d].sum(axis=0).tolist(), disclosure)
            for d, dimension in enumerate(READINESS_CHECKER.dimensions)
        )
    sizes = np.bincount(index, minlength=len(labels)).tolist()
    return ReadinessSummary(
        by=names,
        groups=_group_sizes(labels, sizes, disclosure),
        cells=tuple(cells),
        activities=tuple(activities),
        dimensions=tuple(dimensions),
        disclosure=disclosure,
    )
