"""What a summary publishes: value types for evaluation and readiness summaries.

Kept apart from the computations (:mod:`coproduction._summaries`) so that the
protection of published tables (:mod:`coproduction._publication`) can build them
without importing the computations, and the computations can call it.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from coproduction._checks import elements, expect, refuse
from coproduction._frozen import FrozenDict
from coproduction._instruments import Dimension, Domain, Frequency, ReadinessAnswer
from coproduction._missing import Missing
from coproduction._power import Activity
from coproduction._scoring import EvaluationConventions
from coproduction._suppression import Count, DisclosureControl, Statistic
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, UnknownItemError

__all__ = [
    "CohortSummary",
    "Group",
    "ItemSummary",
    "MeasureSummary",
    "ReadinessCounts",
    "ReadinessSummary",
]

Group = tuple[str, ...]


@attrs.frozen(kw_only=True)
class ItemSummary(HtmlView):
    """How one group answered one item: counts and percentages of each answer.

    Attributes:
        group: The group's values, one per ``by`` column (``()`` for the whole cohort).
        item_id: The item.
        counts: Respondents giving each answer.
        unanswered: Respondents who left the item unanswered.
        percents: Each answer's share of the group's respondents, 0 to 100.
        unanswered_percent: The unanswered share.
        missing: Respondents without an answer, by :class:`~coproduction.Missing`
            kind (every kind, in order; they add up to :attr:`unanswered`). None
            of them is scored. Empty under disclosure control: only the total
            :attr:`unanswered` is published, protected with the answers.

    With disclosure control, counts are published values (rounded or
    :class:`~coproduction.Suppressed`) and percentages are computed from them.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``missing``: the unanswered counted by kind of missing.
    """

    group: Group
    item_id: str
    counts: FrozenDict[Frequency, Count]
    unanswered: Count
    percents: FrozenDict[Frequency, Statistic]
    unanswered_percent: Statistic
    missing: FrozenDict[Missing, int] = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class MeasureSummary(HtmlView):
    """One group's distribution of a domain score (or of the overall score).

    Attributes:
        group: The group's values (``()`` for the whole cohort).
        domain: The domain, or ``None`` for the overall score.
        n: Respondents with a score (unscored ones are left out, never counted as 0).
        mean: Mean score, ``None`` when no one has one.
        median: Median score (the mean of the two middle values for an even ``n``).
        sd: Sample standard deviation (``n - 1`` denominator), ``None`` below 2.
        low: Lower end of the bootstrap interval of the mean, ``None`` below 2 or
            without resamples.
        high: Upper end of the interval.

    .. versionadded:: 0.1.0
    """

    group: Group
    domain: Domain | None
    n: Count
    mean: Statistic
    median: Statistic
    sd: Statistic
    low: Statistic
    high: Statistic


@attrs.frozen(kw_only=True)
class CohortSummary(HtmlView):
    """The summary of an evaluation cohort, per group: items, domains and overall.

    Attributes:
        by: The grouping columns, in order (``()`` for the whole cohort).
        groups: Each group's respondents, keyed by the group's values, in sorted order.
        items: One :class:`ItemSummary` per group and item (instrument order).
        measures: One :class:`MeasureSummary` per group and domain, then overall.
        confidence: Coverage of the intervals.
        resamples: Bootstrap resamples per interval.
        seed: Seed of the random generators (one per interval).
        conventions: The scoring conventions.
        disclosure: The small-number rule applied, or ``None`` when none was.

    .. versionadded:: 0.1.0
    """

    by: tuple[str, ...]
    groups: FrozenDict[Group, Count]
    items: tuple[ItemSummary, ...]
    measures: tuple[MeasureSummary, ...]
    confidence: float
    resamples: int
    seed: int
    conventions: EvaluationConventions
    disclosure: DisclosureControl | None

    def measure(self, domain: Domain | None, group: Group = ()) -> MeasureSummary:
        """The summary of one domain (``None``: overall) in one group.

        Raises:
            UnknownItemError: No such domain or group; the message lists those there are.
            ValidationError: ``domain`` is not a :class:`~coproduction.Domain` or
                ``None``, or ``group`` is not a tuple of texts.
        """
        _asked(group, (domain, (Domain, type(None)), "domain"))
        for m in self.measures:
            if m.domain is domain and m.group == group:
                return m
        raise _unknown(("domain", domain), ("group", group), rows=self.measures)

    def item(self, item_id: str, group: Group = ()) -> ItemSummary:
        """The answer counts of one item in one group.

        Raises:
            UnknownItemError: No such item or group; the message lists those there are.
            ValidationError: ``item_id`` is not text, or ``group`` is not a tuple of texts.
        """
        _asked(group, (item_id, str, "item_id"))
        for i in self.items:
            if i.item_id == item_id and i.group == group:
                return i
        raise _unknown(("item_id", item_id), ("group", group), rows=self.items)


@attrs.frozen(kw_only=True)
class ReadinessCounts(HtmlView):
    """How a group of settings answered one cell, or one activity's or dimension's cells.

    Attributes:
        group: The group's values (``()`` for all settings).
        activity: The activity (row), or ``None`` for a whole dimension.
        dimension: The dimension (column), or ``None`` for a whole activity.
        total: Answers counted: settings for a cell, settings x cells otherwise.
        counts: Answers of Yes, Partly and No.
        unanswered: Cells left unanswered.
        percents: Each answer's share of :attr:`total`, 0 to 100.
        unanswered_percent: The unanswered share.
        missing: Unanswered cells by :class:`~coproduction.Missing` kind (every
            kind, in order; they add up to :attr:`unanswered`). Empty under
            disclosure control: only the protected total is published.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``missing``: the unanswered counted by kind of missing.
    """

    group: Group
    activity: Activity | None
    dimension: Dimension | None
    total: Count
    counts: FrozenDict[ReadinessAnswer, Count]
    unanswered: Count
    percents: FrozenDict[ReadinessAnswer, Statistic]
    unanswered_percent: Statistic
    missing: FrozenDict[Missing, int] = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class ReadinessSummary(HtmlView):
    """Readiness across settings: per cell, per activity and per dimension, by group.

    Rows follow the booklet's order of activities, which is not a ranking.

    Attributes:
        by: The grouping columns.
        groups: Each group's number of settings.
        cells: One row per group and cell (activity and dimension both set).
        activities: One row per group and activity (its three cells pooled).
        dimensions: One row per group and dimension (its seven cells pooled).
        disclosure: The small-number rule applied, or ``None``.

    .. versionadded:: 0.1.0
    """

    by: tuple[str, ...]
    groups: FrozenDict[Group, Count]
    cells: tuple[ReadinessCounts, ...]
    activities: tuple[ReadinessCounts, ...]
    dimensions: tuple[ReadinessCounts, ...]
    disclosure: DisclosureControl | None

    def cell(self, activity: Activity, dimension: Dimension, group: Group = ()) -> ReadinessCounts:
        """The row of one cell in one group.

        Raises:
            UnknownItemError: No such cell or group; the message lists those there are.
            ValidationError: ``activity`` or ``dimension`` is not a member of its
                enumeration, or ``group`` is not a tuple of texts.
        """
        _asked(group, (activity, Activity, "activity"), (dimension, Dimension, "dimension"))
        for row in self.cells:
            if row.activity is activity and row.dimension is dimension and row.group == group:
                return row
        raise _unknown(
            ("activity", activity), ("dimension", dimension), ("group", group), rows=self.cells
        )


def _asked(group: object, *checks: tuple[object, type | tuple[type, ...], str]) -> None:
    """Refuse a lookup by values of the wrong kinds, before any is compared with a row.

    A value of another kind is a mistake, not an absent row; and a numpy array or a
    data frame compares element by element, so that ``==`` is not a yes or no.
    """
    problems: list[Problem] = []
    for value, kind, location in checks:
        expect(value, kind, location, problems)
    expect(group, tuple, "group", problems)
    if isinstance(group, tuple):
        elements(group, str, "group", problems)
    refuse("summary lookup", problems)


def _unknown(*asked: tuple[str, object], rows: Sequence[object]) -> UnknownItemError:
    """The error for a row that is not in a summary, naming what is there instead.

    Each ``(field, value)`` asked for that no row has is named, with the values the
    rows do have for it (the values' kinds are checked before, by :func:`_asked`).
    """
    parts = []
    for field, value in asked:
        present = list(dict.fromkeys(getattr(row, field) for row in rows))
        if value not in present:
            shown = ", ".join(repr(p) for p in present[:30]) + (
                ", ..." if len(present) > 30 else ""
            )
            parts.append(f"no {field} {value!r} in this summary; it has: {shown or 'none'}")
    return UnknownItemError("; ".join(parts) or f"no row for {dict(asked)!r}")
