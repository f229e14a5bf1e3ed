"""The "power over" warnings of a whole cohort at once, as arrays.

:func:`cohort_warnings` applies the rules of :func:`~coproduction.power_over_report`
to every row of an :class:`~coproduction.EvaluationCohort` with numpy: for each
enabled flag, whether each row raises it and whether it was assessed. The
decisions (when an item rule is raised or could still be, when the choice rule is
assessed and raised, what the one assessment says about commitment on paper) are
the scalar path's own functions, called on whole columns; a property test checks
every row against :func:`~coproduction.power_over_report` on random cohorts,
context and rules. :class:`WarningTally` counts the rows raising each flag and
those not assessed, and merges across blocks of a cohort read in pieces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from coproduction._checks import whole
from coproduction._cohorts import EVALUATION_ANSWERS, EvaluationCohort, read_only
from coproduction._frozen import FrozenDict
from coproduction._instruments import COPRODUCTION_EVALUATION
from coproduction._power import Activity, Reason
from coproduction._responses import ReadinessAssessment
from coproduction._view import HtmlView
from coproduction._warnings import (
    CONTEXT_FLAGS,
    DEFAULT_RULES,
    REFLECTION_NOTE,
    AnyFlag,
    ContextRule,
    CustomFlag,
    Flag,
    ItemRule,
    NotAssessed,
    PowerWarning,
    WarningRules,
    activity_mask,
    check_paper,
    choice_state,
    item_rule_state,
)
from coproduction.exceptions import Problem, ValidationError

__all__ = ["CohortWarnings", "WarningTally", "cohort_warnings"]

_COLUMN: Final = {item_id: i for i, item_id in enumerate(COPRODUCTION_EVALUATION.item_ids)}
_CODE: Final = {answer: code for code, answer in enumerate(EVALUATION_ANSWERS)}


def _flag_tuple(value: Iterable[AnyFlag]) -> tuple[AnyFlag, ...]:
    untrusted: object = value
    if isinstance(untrusted, Iterable) and not isinstance(untrusted, str | bytes):
        return tuple(cast("Iterable[AnyFlag]", untrusted))
    return cast("tuple[AnyFlag, ...]", untrusted)  # left as it is, and refused by the check


def _check_flags(flags: object, problems: list[Problem]) -> bool:
    """Record a problem unless ``flags`` is a tuple of distinct flags, built-in or custom.

    Their order is checked against the rules' (:attr:`WarningRules.enabled`) by the caller.
    """
    if not isinstance(flags, tuple) or not all(isinstance(f, Flag | CustomFlag) for f in flags):
        problems.append(
            Problem("flags", f"expected a tuple of Flag or CustomFlag, got {flags!r:.60}")
        )
        return False
    if len(set(flags)) != len(flags):
        problems.append(Problem("flags", "expected distinct flags"))
        return False
    return True


def _bool_array(value: object) -> NDArray[np.bool_]:
    """A read-only copy of a boolean array (anything else is left to the check)."""
    if isinstance(value, np.ndarray) and value.dtype == np.bool_:
        return read_only(value.copy())
    return cast("NDArray[np.bool_]", value)


def _counts(value: Mapping[Flag, int] | Mapping[AnyFlag, int]) -> FrozenDict[AnyFlag, int]:
    """A mapping as a FrozenDict (anything else is left to the check)."""
    untrusted: object = value
    if isinstance(untrusted, Mapping):
        return FrozenDict(cast("Mapping[AnyFlag, int]", untrusted))
    return cast("FrozenDict[AnyFlag, int]", untrusted)


def flags_by_reason(flags: Iterable[AnyFlag]) -> dict[Reason, tuple[AnyFlag, ...]]:
    """The flags grouped by the booklet's reasons they name (the library's reading).

    Keys are the reasons at least one flag names, in the booklet's order; each flag
    is under every reason it names, in the order given. The one grouping of
    :meth:`WarningTally.by_reason` and the audit report's warnings section.
    """
    given = tuple(flags)
    grouped = {reason: tuple(f for f in given if reason in f.reasons) for reason in Reason}
    return {reason: found for reason, found in grouped.items() if found}


def _check_rules(rules: object, problems: list[Problem]) -> None:
    if not isinstance(rules, WarningRules):
        problems.append(Problem("rules", f"expected WarningRules, got {rules!r:.40}"))


@attrs.frozen(kw_only=True)
class WarningTally(HtmlView):
    """How many rows raised each warning, and how many could not be assessed for it.

    A tally of one block merges with the tallies of the other blocks of the same
    cohort (:meth:`merge`) into the tally of the whole, so warnings can be counted
    over a file read in pieces, in bounded memory.

    Attributes:
        rows: How many rows (responses) were checked.
        raised: Each enabled flag, in the rules' order (the built-in flags in
            :class:`~coproduction.Flag` order, then the custom ones; not ranked),
            to how many rows raised it.
        not_assessed: Each enabled flag to how many rows could not be assessed for
            it (missing answers or context; never counted as raised).
        rules: The rules used. Flags switched off in them have no entry.

    Raises:
        ValidationError: Listing every problem with the fields.

    >>> from coproduction import EvaluationCohort, Flag, cohort_warnings
    >>> block = EvaluationCohort.from_array([[0] * 23, [2] * 23, [-1] * 23])
    >>> tally = cohort_warnings(block).tally().merge(cohort_warnings(block).tally())
    >>> tally.rows, tally.raised[Flag.NEEDS_NOT_MET], tally.not_assessed[Flag.NEEDS_NOT_MET]
    (6, 2, 2)

    .. versionadded:: 0.2.0
    """

    rows: int
    raised: FrozenDict[AnyFlag, int] = attrs.field(converter=_counts)
    not_assessed: FrozenDict[AnyFlag, int] = attrs.field(converter=_counts)
    rules: WarningRules = DEFAULT_RULES

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        rows: object = self.rows
        if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
            whole(rows, "rows", problems, most=None)
            rows = None
        _check_rules(self.rules, problems)
        for field in ("raised", "not_assessed"):
            counts: object = getattr(self, field)
            if not isinstance(counts, FrozenDict):
                problems.append(
                    Problem(field, f"expected a mapping of Flag to count, got {counts!r:.40}")
                )
                continue
            if (
                _check_flags(tuple(counts), problems)
                and isinstance(cast("object", self.rules), WarningRules)
                and tuple(counts) != self.rules.enabled
            ):
                problems.append(
                    Problem(
                        field,
                        "expected one entry for each flag the rules enable, in their order",
                    )
                )
            for flag, count in counts.items():
                if (
                    not isinstance(count, int)
                    or isinstance(count, bool)
                    or count < 0
                    or (isinstance(rows, int) and count > rows)
                ):
                    problems.append(
                        Problem(
                            f"{field}[{flag!r:.40}]",
                            f"expected a whole number from 0 to the rows, got {count!r:.40}",
                        )
                    )
        if problems:
            raise ValidationError("warning tally", problems)

    @property
    def flags(self) -> tuple[AnyFlag, ...]:
        """The enabled flags in the rules' order, the built-in ones first, then the custom ones."""
        return tuple(self.raised)

    @property
    def disabled(self) -> tuple[AnyFlag, ...]:
        """The flags switched off in the rules, in the rules' order."""
        return tuple(f for f in self.rules.flags if f not in self.raised)

    def by_reason(self) -> FrozenDict[Reason, FrozenDict[AnyFlag, int]]:
        """The flags raised, with how many rows raised each, grouped by the booklet's reasons.

        The tally's form of :meth:`WarningReport.by_reason()
        <coproduction.WarningReport.by_reason>`: keys are the reasons that at least
        one flag raised by at least one row reflects, in the booklet's order; each
        maps the raised flags naming it (the library's reading,
        :attr:`Flag.reasons <coproduction.Flag.reasons>`), in the rules' order, to
        how many rows raised them. A flag raised by no row, or only not assessed,
        is left out, as a report leaves out the warnings not raised. A row raising
        two flags of one reason is counted under each: the counts are per flag
        (:meth:`CohortWarnings.by_reason` gives the rows per reason).

        >>> from coproduction import EvaluationCohort, Reason, cohort_warnings
        >>> tally = cohort_warnings(EvaluationCohort.from_array([[0] * 23, [2] * 23])).tally()
        >>> {f.name: n for f, n in tally.by_reason()[Reason.DIFFERENCES_AND_NEEDS].items()}
        {'NEEDS_NOT_MET': 1}

        .. versionadded:: 0.2.0
        """
        raised = [flag for flag in self.flags if self.raised[flag]]
        return FrozenDict(
            (reason, FrozenDict((flag, self.raised[flag]) for flag in flags))
            for reason, flags in flags_by_reason(raised).items()
        )

    def merge(self, *others: WarningTally) -> WarningTally:
        """The tally of this block and the others together (counts added).

        Raises:
            ValidationError: Another is not a :class:`WarningTally`, or was counted
                with other rules.
        """
        problems: list[Problem] = []
        for i, other in enumerate(cast("tuple[object, ...]", others)):
            if not isinstance(other, WarningTally):
                problems.append(
                    Problem(f"others[{i}]", f"expected a WarningTally, got {other!r:.40}")
                )
            elif other.rules != self.rules:
                problems.append(
                    Problem(f"others[{i}]", "counted with other rules; only like tallies add up")
                )
        if problems:
            raise ValidationError("warning tally", problems)
        tallies = (self, *others)
        return WarningTally(
            rows=sum(t.rows for t in tallies),
            raised={f: sum(t.raised[f] for t in tallies) for f in self.raised},
            not_assessed={f: sum(t.not_assessed[f] for t in tallies) for f in self.raised},
            rules=self.rules,
        )

    def __str__(self) -> str:
        lines = [f"{self.rows} responses checked."]
        lines.extend(
            f"{flag.title}: {self.raised[flag]} raising it, {self.not_assessed[flag]} not assessed"
            for flag in self.flags
        )
        lines.extend(f"{flag.title}: switched off" for flag in self.disabled)
        lines.append(REFLECTION_NOTE)
        return "\n".join(lines)


def _same_arrays(a: NDArray[Any], b: NDArray[Any]) -> bool:
    return bool(np.array_equal(a, b))


@attrs.frozen(kw_only=True)
class CohortWarnings(HtmlView):
    """Which "power over" warnings each row of a cohort raises, and where they were assessed.

    Made by :func:`cohort_warnings`. Column ``j`` of both arrays is ``flags[j]``;
    row ``i`` is the cohort's row ``i``. A flag is *raised* for a row, *quiet*
    (assessed, not raised) or *not assessed* (``assessed`` false: it depends on
    unanswered items, the missing assessment or unrecorded activities). Each
    warning is a prompt for reflection, not a finding about anyone.

    Attributes:
        flags: The enabled flags, in the rules' order (the built-in flags in
            :class:`~coproduction.Flag` order, then the custom ones; not ranked);
            flags switched off in the rules have no column.
        raised: Read-only boolean array of shape ``(n, len(flags))``.
        assessed: Read-only boolean array of the same shape; ``True`` wherever
            ``raised`` is.
        rules: The rules used.

    Raises:
        ValidationError: Listing every problem with the fields.

    .. versionadded:: 0.2.0
    """

    flags: tuple[AnyFlag, ...] = attrs.field(converter=_flag_tuple)
    raised: NDArray[np.bool_] = attrs.field(
        converter=_bool_array, eq=attrs.cmp_using(eq=_same_arrays), hash=False
    )
    assessed: NDArray[np.bool_] = attrs.field(
        converter=_bool_array, eq=attrs.cmp_using(eq=_same_arrays), hash=False
    )
    rules: WarningRules = DEFAULT_RULES

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        flags_ok = _check_flags(self.flags, problems)
        _check_rules(self.rules, problems)
        if (
            flags_ok
            and isinstance(cast("object", self.rules), WarningRules)
            and self.flags != self.rules.enabled
        ):
            problems.append(
                Problem("flags", "expected the flags the rules enable, in the rules' order")
            )
        shapes_ok = True
        for field in ("raised", "assessed"):
            array: object = getattr(self, field)
            if not isinstance(array, np.ndarray) or array.dtype != np.bool_:
                problems.append(Problem(field, f"expected a boolean array, got {array!r:.40}"))
                shapes_ok = False
            elif array.ndim != 2 or (flags_ok and array.shape[1] != len(self.flags)):
                problems.append(
                    Problem(field, f"expected shape (n, {len(self.flags)}), got {array.shape}")
                )
                shapes_ok = False
        if shapes_ok:
            if self.raised.shape != self.assessed.shape:
                problems.append(Problem("assessed", "expected the shape of raised"))
            elif (self.raised & ~self.assessed).any():
                problems.append(Problem("assessed", "a raised flag is always assessed"))
        if problems:
            raise ValidationError("cohort warnings", problems)

    def __len__(self) -> int:
        return len(self.raised)

    @property
    def disabled(self) -> tuple[AnyFlag, ...]:
        """The flags switched off in the rules, in the rules' order."""
        return tuple(f for f in self.rules.flags if f not in self.flags)

    def tally(self) -> WarningTally:
        """How many rows raise each flag and how many are not assessed for it.

        >>> from coproduction import EvaluationCohort, Flag
        >>> tally = cohort_warnings(EvaluationCohort.from_array([[0] * 23, [-1] * 23])).tally()
        >>> tally.raised[Flag.VOICE_NOT_EQUAL], tally.not_assessed[Flag.VOICE_NOT_EQUAL]
        (1, 1)
        """
        raised = self.raised.sum(axis=0, dtype=np.int64).tolist()
        open_ = (~self.assessed).sum(axis=0, dtype=np.int64).tolist()
        return WarningTally(
            rows=len(self),
            raised=dict(zip(self.flags, raised, strict=True)),
            not_assessed=dict(zip(self.flags, open_, strict=True)),
            rules=self.rules,
        )

    def by_reason(self) -> FrozenDict[Reason, NDArray[np.bool_]]:
        """For each of the booklet's reasons, which rows raise a warning reflecting it.

        The cohort form of :meth:`WarningReport.by_reason()
        <coproduction.WarningReport.by_reason>`: a reason's read-only boolean array
        is true for a row that raises at least one enabled flag naming the reason
        (:attr:`Flag.reasons <coproduction.Flag.reasons>`, the library's reading).
        Every reason is a key, in the booklet's order; a flag not assessed for a row
        never makes it true.

        >>> from coproduction import EvaluationCohort, Reason
        >>> found = cohort_warnings(EvaluationCohort.from_array([[0] * 23, [2] * 23]))
        >>> found.by_reason()[Reason.DIFFERENCES_AND_NEEDS].tolist()
        [True, False]

        .. versionadded:: 0.2.0
        """
        rows: dict[Reason, NDArray[np.bool_]] = {}
        for reason in Reason:
            columns = [j for j, flag in enumerate(self.flags) if reason in flag.reasons]
            rows[reason] = read_only(np.any(self.raised[:, columns], axis=1))
        return FrozenDict(rows)

    def __repr__(self) -> str:
        return f"<CohortWarnings: {len(self)} rows, flags {[f.name for f in self.flags]}>"


def _item_columns(
    rule: ItemRule, codes: NDArray[np.int8]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """An item rule on every row: raised, and assessed (raised or quiet)."""
    low = codes[:, [_COLUMN[i] for i in rule.low_items]]
    high = codes[:, [_COLUMN[i] for i in rule.high_items]]
    # Every kind of missing (-1 to -5) is open alike: none is an answer.
    low_count = ((low >= 0) & (low <= _CODE[rule.at_most])).sum(axis=1)
    high_count = (high >= _CODE[rule.at_least]).sum(axis=1)  # missing is below every code
    low_open = (low < 0).sum(axis=1)
    high_open = (high < 0).sum(axis=1)
    raised, possible = item_rule_state(rule, low_count, low_open, high_count, high_open)
    return raised, raised | ~possible


def _masks(column: tuple[frozenset[Activity], ...] | None, n: int) -> NDArray[np.int64]:
    """Each row's activities as a mask of bits; rows repeat few sets, so each is read once."""
    if column is None:
        return np.zeros(n, dtype=np.int64)
    distinct = {s: activity_mask(s) for s in set(column)}
    return np.fromiter((distinct[s] for s in column), dtype=np.int64, count=n)


def _context_column(
    flag: AnyFlag,
    rule: ContextRule,
    cohort: EvaluationCohort,
    assessment: ReadinessAssessment | None,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    n = len(cohort)
    if flag is Flag.COMMITMENT_ON_PAPER:  # one assessment for every row: decided once
        outcome = check_paper(rule, assessment)
        return (
            np.full(n, isinstance(outcome, PowerWarning)),
            np.full(n, not isinstance(outcome, NotAssessed)),
        )
    took_part = _masks(cohort.activities, n)
    preferred = _masks(cohort.preferred_activities, n)
    return choice_state(took_part, preferred)


def cohort_warnings(
    cohort: EvaluationCohort,
    *,
    rules: WarningRules | None = None,
    assessment: ReadinessAssessment | None = None,
) -> CohortWarnings:
    """Check every row of a cohort for the "power over" warnings, as arrays.

    Row ``i`` raises, is quiet or is not assessed for each flag exactly as
    :func:`~coproduction.power_over_report` decides for ``cohort.to_responses()[i]``
    with the same ``assessment`` and ``rules``: the item rules read the answer
    codes (an unanswered item never raises a warning), the choice rule reads the
    cohort's ``activities`` and ``preferred_activities`` (not assessed where either
    is not recorded), and commitment on paper reads the one ``assessment`` of the
    setting, the same for every row (not assessed without it). The thresholds are
    the rules' (library conventions, see :data:`~coproduction.rules.DEFAULT_RULES`).
    Each warning is a prompt for reflection, not a finding about anyone.

    Args:
        cohort: The responses.
        rules: The rules; :data:`~coproduction.rules.DEFAULT_RULES` unless given.
        assessment: The setting's Readiness Checker answers, for
            :attr:`Flag.COMMITMENT_ON_PAPER <coproduction.Flag.COMMITMENT_ON_PAPER>`.

    Returns:
        The raised and assessed arrays, one column per enabled flag;
        :meth:`CohortWarnings.tally` counts them.

    Raises:
        ValidationError: Listing every argument of the wrong type.

    >>> from coproduction import EvaluationCohort, Flag
    >>> cohort = EvaluationCohort.from_array([[2] * 23, [0] * 23, [-1] * 23])
    >>> found = cohort_warnings(cohort)
    >>> column = found.flags.index(Flag.NEEDS_NOT_MET)
    >>> found.raised[:, column].tolist(), found.assessed[:, column].tolist()
    ([False, True, False], [True, True, False])

    .. versionadded:: 0.2.0
    """
    problems: list[Problem] = []
    given: tuple[object, object] = (cohort, assessment)  # checked whatever the annotations say
    if not isinstance(given[0], EvaluationCohort):
        problems.append(Problem("cohort", f"expected an EvaluationCohort, got {given[0]!r:.40}"))
    if rules is not None:
        _check_rules(rules, problems)
    if given[1] is not None and not isinstance(given[1], ReadinessAssessment):
        problems.append(
            Problem("assessment", f"expected a ReadinessAssessment or None, got {given[1]!r:.40}")
        )
    if problems:
        raise ValidationError("cohort warnings", problems)
    rules = DEFAULT_RULES if rules is None else rules
    flags = rules.enabled
    n = len(cohort)
    raised = np.zeros((n, len(flags)), dtype=np.bool_)
    assessed = np.zeros((n, len(flags)), dtype=np.bool_)
    for column, flag in enumerate(flags):
        rule = rules.rule(flag)
        if flag in CONTEXT_FLAGS:
            outcome = _context_column(flag, cast("ContextRule", rule), cohort, assessment)
        else:
            outcome = _item_columns(cast("ItemRule", rule), cohort.answers)
        raised[:, column], assessed[:, column] = outcome
    return CohortWarnings(
        flags=flags, raised=read_only(raised), assessed=read_only(assessed), rules=rules
    )
