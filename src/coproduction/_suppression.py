"""Small-number suppression: disclosure control for every aggregate the library produces.

A count of a few people, or a mean of a few people's answers, can identify them
on a small ward. The default rule is the one NHS Digital has used since 2018 for
its statistics (NHS Digital, *Disclosure control method*, 2018): counts from 1 to
7 are suppressed, other counts are rounded to the nearest 5, and means and medians
from 1 to 7 people are suppressed. It is **the library's default, not the
booklet's** (the booklet says nothing about publishing numbers); the threshold and
the rounding base are parameters.

A suppressed value is a :class:`Suppressed` marker carrying its reason: it is never
shown as 0 and never silently dropped. Secondary suppression hides a second count
in any set of counts that add up to a shown total, so that the hidden one cannot be
worked out by subtraction. Every figure a rule withholds gives the same reason
(:attr:`DisclosureControl.reason`), small or complementary alike: telling them
apart would say which withheld counts are small, which with a total can pin them.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import ClassVar, Final, TypeAlias

import attrs

from coproduction._checks import elements, expect, kinds, refuse
from coproduction._view import HtmlView
from coproduction.exceptions import Problem, ValidationError

__all__ = ["DISCLOSURE_SOURCE", "Count", "DisclosureControl", "Statistic", "Suppressed"]

#: Where the default rule comes from.
DISCLOSURE_SOURCE: Final = (
    "NHS Digital (2018). Disclosure control method: counts of 1 to 7 suppressed, "
    "other counts rounded to the nearest 5; statistics from 1 to 7 people suppressed."
)


@attrs.frozen
class Suppressed(HtmlView):
    """A value withheld by disclosure control; ``reason`` says why.

    It prints as ``*``, the mark NHS statistics use, and is never equal to a number.

    >>> s = Suppressed("count of 1 to 7")
    >>> print(s)
    *
    >>> s.reason
    'count of 1 to 7'

    .. versionadded:: 0.1.0
    """

    reason: str

    def __str__(self) -> str:
        return "*"


#: A published count: a whole number (possibly rounded) or a :class:`Suppressed` marker.
Count: TypeAlias = int | Suppressed
#: A published statistic: a number, a :class:`Suppressed` marker, or ``None`` when
#: there is nothing to compute (no one scored).
Statistic: TypeAlias = float | Suppressed | None


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_WHAT: Final = "disclosure control"


@attrs.frozen(kw_only=True)
class DisclosureControl(HtmlView):
    """The small-number rule applied to aggregate outputs: **the library's default**.

    Defaults follow NHS Digital's disclosure control method (2018; see
    :attr:`SOURCE`): counts from 1 to ``threshold`` are suppressed, other
    counts are rounded to the nearest ``base``, and statistics (means, medians,
    standard deviations, intervals) resting on 1 to ``threshold`` people are
    suppressed. A count of 0 is shown as 0: it describes no one.

    Args:
        threshold: The largest count that is suppressed (at least 1).
        base: Counts above the threshold are rounded to the nearest multiple of
            this (1 means no rounding); halves round up.

    Raises:
        ValidationError: ``threshold`` or ``base`` is not a whole number of at least 1.

    Every figure it withholds gives one reason, :attr:`reason`, whether it is small
    or withheld to protect a small one (complementary suppression): telling the
    two apart would point at the small ones.

    >>> rule = DisclosureControl()
    >>> str(rule.count(5)), rule.count(12), rule.count(0)
    ('*', 10, 0)
    >>> rule.count(5) == rule.statistic(1.5, people=6) == Suppressed(rule.reason)
    True

    .. versionadded:: 0.1.0
    """

    #: Where the default rule comes from (a citation, for footnotes and reports).
    #:
    #: .. versionadded:: 0.2.0
    SOURCE: ClassVar[str] = DISCLOSURE_SOURCE

    threshold: int = 7
    base: int = 5

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem(name, f"expected a whole number of at least 1, got {value!r}")
            for name, value in (("threshold", self.threshold), ("base", self.base))
            if not _whole(value) or value < 1
        ]
        if problems:
            raise ValidationError("disclosure control", problems)

    @property
    def reason(self) -> str:
        """The one reason every figure withheld under this rule gives.

        A small figure and a complement (withheld so that a small one cannot be
        worked out) give the same reason, in every output.

        .. versionadded:: 0.2.0
        """
        return (
            f"a figure about 1 to {self.threshold} people, or one that would let such a "
            "figure be worked out"
        )

    @property
    def count_reason(self) -> str:
        """The rule for counts, in words (for a footnote); withheld ones give :attr:`reason`."""
        return f"count of 1 to {self.threshold}"

    @property
    def statistic_reason(self) -> str:
        """The rule for statistics, in words (for a footnote); withheld ones give :attr:`reason`."""
        return f"based on 1 to {self.threshold} people"

    def round(self, count: int) -> int:
        """Round a count to the nearest multiple of ``base``, halves up."""
        kinds(_WHAT, (count, numbers.Integral, "count"))
        return (count + self.base // 2) // self.base * self.base

    def count(self, count: int) -> Count:
        """Publish one count: suppressed when 1 to ``threshold``, otherwise rounded."""
        kinds(_WHAT, (count, numbers.Integral, "count"))
        if 1 <= count <= self.threshold:
            return Suppressed(self.reason)
        return self.round(count)

    def statistic(self, value: float | None, *, people: int) -> Statistic:
        """Publish a statistic computed from ``people`` people: suppressed when 1 to threshold."""
        kinds(
            _WHAT,
            (people, numbers.Integral, "people"),
            (value, (numbers.Real, type(None)), "value"),
        )
        if 1 <= people <= self.threshold:
            return Suppressed(self.reason)
        return value

    def counts(self, counts: Sequence[int]) -> tuple[Count, ...]:
        """Publish a set of counts that add up to a shown total, with secondary suppression.

        Each count is published as :meth:`count` does. When exactly one is
        suppressed, the total and the others would give it away, so the smallest
        other non-zero count is suppressed too, with the same reason.

        >>> [str(c) for c in DisclosureControl().counts([3, 0, 40, 12])]
        ['*', '0', '40', '*']
        """
        problems: list[Problem] = []
        for i, c in enumerate(elements(counts, object, "counts", problems)):
            expect(c, numbers.Integral, f"counts[{i}]", problems)
        refuse(_WHAT, problems)
        published = [self.count(c) for c in counts]
        hidden = [i for i, p in enumerate(published) if isinstance(p, Suppressed)]
        if len(hidden) == 1:
            shown = [(c, i) for i, c in enumerate(counts) if i not in hidden and c > 0]
            if shown:
                _, index = min(shown)
                published[index] = Suppressed(self.reason)
        return tuple(published)

    def percent(self, count: Count, total: Count) -> Statistic:
        """A percentage of published values: from the rounded count and total, or suppressed.

        Percentages are computed from the published (rounded) numbers, so that they
        cannot be used to recover an unrounded count.
        """
        kinds(
            _WHAT,
            (count, (numbers.Integral, Suppressed), "count"),
            (total, (numbers.Integral, Suppressed), "total"),
        )
        if isinstance(count, Suppressed):
            return count
        if isinstance(total, Suppressed):
            return total
        return None if total == 0 else count / total * 100.0
