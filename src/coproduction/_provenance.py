"""Where a result came from: one typed record, built here and written with every result.

A score, a summary or a warning means little without the instrument it was read
from, the library (and version) that computed it, the conventions it was
computed under (the booklet gives none of its numbers) and the booklet to cite. A
:class:`Provenance` holds exactly that. It is built by :func:`provenance` (from
the conventions) or :func:`provenance_of` (from a result), and written by every
writer of results: the JSON documents (a ``"provenance"`` object), the command
line's CSV outputs (a side-car ``FILE.provenance.json``, or ``#`` header lines on
request) and the DataFrames (``frame.attrs["provenance"]``). See
``docs/formats.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final, cast

import attrs

from coproduction import _booklet
from coproduction._cohort_scoring import EvaluationCohortScores, ReadinessCohortScores
from coproduction._cohort_warnings import CohortWarnings, WarningTally
from coproduction._frozen import FrozenDict
from coproduction._gaps import (
    ChoiceGaps,
    ClaimsCheck,
    Comparison,
    EvaluationGaps,
    PerceptionGap,
    ReadinessGap,
)
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    CoproductionEvaluation,
    Frequency,
    ReadinessAnswer,
    ReadinessChecker,
)
from coproduction._reliability import DomainReliability
from coproduction._scoring import (
    EvaluationConventions,
    EvaluationScore,
    ReadinessConventions,
    ReadinessScore,
)
from coproduction._summaries import RoundChange
from coproduction._summary_values import CohortSummary, ReadinessSummary
from coproduction._suppression import DisclosureControl
from coproduction._view import HtmlView
from coproduction._warnings import DEFAULT_RULES, Flag, PowerWarning, WarningReport, WarningRules
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "LIBRARY",
    "Provenance",
    "describe_rules",
    "library_version",
    "provenance",
    "provenance_of",
]

#: The library's name, as installed.
LIBRARY: Final = "coproduction"

#: Said of missing answers in every result: the library's first rule.
MISSING: Final = "an unanswered question is never scored and never counted as a low answer"


@functools.cache
def library_version() -> str:
    """The installed library's version (from its metadata), or ``"unknown"`` when not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(LIBRARY)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _conventions(value: object) -> FrozenDict[str, str]:
    """A mapping as a FrozenDict (anything else is left to the check)."""
    if isinstance(value, dict | FrozenDict):
        return FrozenDict(cast("dict[str, str]", value))
    return cast("FrozenDict[str, str]", value)


@attrs.frozen(kw_only=True)
class Provenance(HtmlView):
    """Where a result came from: instrument, library, conventions and citation.

    Attributes:
        instrument: The instrument's name, verbatim (``"RRN Coproduction Evaluation"``).
        instrument_version: The booklet's version (``"1.C"``).
        library: ``"coproduction"``.
        library_version: The version of the library that computed the result.
        conventions: Each convention used, by name (``"evaluation_scoring"``,
            ``"readiness_scoring"``, ``"warning_rules"``, ``"disclosure_control"``,
            ``"missing_answers"``), in words: the library's conventions, not the
            booklet's, or how they were changed.
        citation: The booklet to cite (Quinn, 2022).
        licence: The booklet's licence.

    Raises:
        ValidationError: Listing every field that is not (non-empty) text.

    >>> from coproduction import COPRODUCTION_EVALUATION
    >>> record = provenance(COPRODUCTION_EVALUATION, scoring=EvaluationConventions())
    >>> record.instrument, record.instrument_version, record.citation[:9]
    ('RRN Coproduction Evaluation', '1.C', 'Quinn, A.')
    >>> print(record.conventions["evaluation_scoring"])  # doctest: +ELLIPSIS
    the library's conventions (docs/scoring.md): points not_at_all 0, sometimes 1, ...

    .. versionadded:: 0.2.0
    """

    instrument: str
    instrument_version: str
    library: str
    library_version: str
    conventions: FrozenDict[str, str] = attrs.field(converter=_conventions)
    citation: str
    licence: str

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem(f.name, f"expected non-empty text, got {value!r:.40}")
            for f in attrs.fields(Provenance)
            if f.name != "conventions"
            and (not isinstance(value := getattr(self, f.name), str) or not value.strip())
        ]
        conventions: object = self.conventions
        if not isinstance(conventions, FrozenDict):
            problems.append(
                Problem(
                    "conventions", f"expected a mapping of name to text, got {conventions!r:.40}"
                )
            )
        else:
            problems.extend(
                Problem(f"conventions[{name!r:.40}]", "expected a name and non-empty text")
                for name, text in cast("FrozenDict[object, object]", conventions).items()
                if not isinstance(name, str)
                or not name
                or not isinstance(text, str)
                or not text.strip()
            )
        if problems:
            raise ValidationError("provenance", problems)

    def to_dict(self) -> dict[str, object]:
        """The record as plain text values (for ``DataFrame.attrs`` and JSON)."""
        return {
            "instrument": self.instrument,
            "instrument_version": self.instrument_version,
            "library": self.library,
            "library_version": self.library_version,
            "conventions": dict(self.conventions),
            "citation": self.citation,
            "licence": self.licence,
        }

    def header_lines(self) -> list[str]:
        """The record as CSV comment lines, each starting ``# `` and ending with a newline.

        One line per field and per convention (``# conventions.warning_rules: ...``);
        the values are one line each (line breaks are written as spaces).
        """
        lines = [f"# provenance of this file ({self.library} {self.library_version})"]
        for name, value in self.to_dict().items():
            if isinstance(value, dict):
                lines.extend(
                    f"# {name}.{key}: {text}" for key, text in cast("dict[str, str]", value).items()
                )
            else:
                lines.append(f"# {name}: {value}")
        return [" ".join(line.split()) + "\n" for line in lines]

    def __str__(self) -> str:
        return "".join(line.removeprefix("# ") for line in self.header_lines()).rstrip("\n")


# --- building one ------------------------------------------------------------------------


def _points(points: FrozenDict[Frequency, float] | FrozenDict[ReadinessAnswer, float]) -> str:
    return ", ".join(f"{answer.value} {value:g}" for answer, value in points.items())


def _evaluation_scoring(conventions: EvaluationConventions) -> str:
    how = (
        "the library's conventions"
        if conventions == EvaluationConventions()
        else "changed from the library's conventions"
    )
    return (
        f"{how} (docs/scoring.md): points {_points(conventions.points)}; a domain is scored "
        f"when at least {conventions.min_answered:g} of its items are answered; the overall "
        f"score needs {conventions.overall_min_domains} scored domains"
    )


def _readiness_scoring(conventions: ReadinessConventions) -> str:
    how = (
        "the library's conventions"
        if conventions == ReadinessConventions()
        else "changed from the library's conventions"
    )
    return f"{how} (docs/scoring.md): points {_points(conventions.points)}"


def describe_rules(rules: WarningRules) -> str:
    """The rules in words: the library's, or what was changed and which flags were added."""
    if rules == DEFAULT_RULES:
        return "the library's rules (docs/warnings.md)"
    changed = [f.value for f in Flag if rules.rule(f) != DEFAULT_RULES.rule(f)]
    parts = ["changed from the library's rules (docs/warnings.md)"]
    if changed:
        parts.append(f"rules changed: {', '.join(changed)}")
    if rules.custom:
        parts.append(
            "custom flags, their authors' reading: " + ", ".join(f.code for f in rules.custom)
        )
    return "; ".join(parts)


def _disclosure(disclosure: DisclosureControl | None) -> str:
    if disclosure is None:
        return "none: small numbers are published as they are"
    return (
        f"counts from 1 to {disclosure.threshold} suppressed, others rounded to the nearest "
        f"{disclosure.base}, with secondary suppression (source: {DisclosureControl.SOURCE})"
    )


#: ``disclosure`` when not given: the result involves no disclosure control at all.
_NOT_APPLIED: Final = object()


def provenance(
    instrument: CoproductionEvaluation | ReadinessChecker,
    *,
    scoring: EvaluationConventions | ReadinessConventions | None = None,
    rules: WarningRules | None = None,
    disclosure: DisclosureControl | object | None = _NOT_APPLIED,
) -> Provenance:
    """The provenance of a result computed from ``instrument`` under these conventions.

    Only the conventions given are named (with ``missing_answers``, which holds for
    every result): a score names its scoring, a warning its rules, a summary its
    scoring and its disclosure control (``None``: none applied).
    """
    conventions: dict[str, str] = {}
    if isinstance(scoring, EvaluationConventions):
        conventions["evaluation_scoring"] = _evaluation_scoring(scoring)
    elif isinstance(scoring, ReadinessConventions):
        conventions["readiness_scoring"] = _readiness_scoring(scoring)
    if rules is not None:
        conventions["warning_rules"] = describe_rules(rules)
    if disclosure is not _NOT_APPLIED:
        conventions["disclosure_control"] = _disclosure(
            cast("DisclosureControl | None", disclosure)
        )
    conventions["missing_answers"] = MISSING
    return Provenance(
        instrument=instrument.name,
        instrument_version=instrument.version,
        library=LIBRARY,
        library_version=library_version(),
        conventions=conventions,
        citation=_booklet.CITATION,
        licence=_booklet.LICENCE,
    )


def provenance_of(value: object, *, rules: WarningRules | None = None) -> Provenance | None:
    """The provenance of a result, from the conventions it carries; ``None`` for other values.

    A single :class:`~coproduction.PowerWarning` does not carry the rules that raised
    it: they are ``rules`` when given, and otherwise named as not recorded. A
    summary raises no warning; ``rules`` given with one (``coproduction summary
    --rules FILE``) are named as the rules of the run, not applied to its figures.
    The results of :func:`~coproduction.reliability` (a tuple, one per domain) have
    the record of their domains.
    """
    if isinstance(value, CohortSummary | ReadinessSummary) and rules is not None:
        record = _RECORDS[type(value)](value)
        return attrs.evolve(
            record,
            conventions={
                "warning_rules": f"{describe_rules(rules)}; the rules of the run, given with "
                "the summary and not applied to it (a summary counts no warnings)",
                **record.conventions,
            },
        )
    if isinstance(value, tuple) and value and all(isinstance(v, DomainReliability) for v in value):
        records = {_reliability(v) for v in cast("tuple[DomainReliability, ...]", value)}
        return records.pop() if len(records) == 1 else None
    if isinstance(value, PowerWarning):
        if rules is not None:
            return provenance(COPRODUCTION_EVALUATION, rules=rules)
        record = provenance(COPRODUCTION_EVALUATION)
        return attrs.evolve(
            record,
            conventions={
                "warning_rules": "not recorded with a single warning: see its warning report",
                **record.conventions,
            },
        )
    record_of = _RECORDS.get(type(value))
    return None if record_of is None else record_of(value)


#: What a gap analysis rests on besides the instrument (docs/gaps.md).
GAP_READING: Final = (
    "the library's conventions and reading (docs/gaps.md): what counts as a gap, how far "
    "an answer is from a target, and which statement speaks to which activity"
)


def _with_gaps(record: Provenance) -> Provenance:
    """A gap result's record: its instrument's, with the gap analyses' reading named."""
    return attrs.evolve(record, conventions={"gap_analysis": GAP_READING, **record.conventions})


def _intervals(confidence: float, resamples: int, seed: int) -> str:
    """A summary's interval settings in words: what its ``low`` and ``high`` are."""
    if not resamples:
        return "none: no bootstrap resamples were asked for, so no low and high are given"
    return (
        f"the library's method (docs/cohorts.md): low and high are a {confidence * 100:g}% "
        f"percentile bootstrap interval of the mean ({resamples} resamples, seed {seed})"
    )


def _summary(value: CohortSummary) -> Provenance:
    record = provenance(
        COPRODUCTION_EVALUATION, scoring=value.conventions, disclosure=value.disclosure
    )
    intervals = _intervals(value.confidence, value.resamples, value.seed)
    return attrs.evolve(record, conventions={**record.conventions, "intervals": intervals})


def _reliability(value: DomainReliability) -> Provenance:
    record = provenance(COPRODUCTION_EVALUATION)
    how = (
        "the library's method (docs/cohorts.md): Cronbach's alpha over each domain's complete "
        f"cases, with a {value.confidence * 100:g}% {value.method}"
    )
    return attrs.evolve(record, conventions={"reliability": how, **record.conventions})


def _claims(value: ClaimsCheck) -> Provenance:
    record = _with_gaps(provenance(COPRODUCTION_EVALUATION))
    how = (
        f"a statement differs when at least {value.min_share:g} of its answers are at or "
        f"below {value.at_most.label!r}; statements answered fewer than "
        f"{value.min_respondents} times are not used"
    )
    return attrs.evolve(record, conventions={**record.conventions, "claims": how})


#: How each kind of result carries its conventions.
_RECORDS: Final[dict[type, Callable[[Any], Provenance]]] = {
    EvaluationScore: lambda v: provenance(COPRODUCTION_EVALUATION, scoring=v.conventions),
    ReadinessScore: lambda v: provenance(READINESS_CHECKER, scoring=v.conventions),
    CohortSummary: _summary,
    ReadinessSummary: lambda v: provenance(READINESS_CHECKER, disclosure=v.disclosure),
    RoundChange: lambda _: provenance(COPRODUCTION_EVALUATION),
    WarningReport: lambda v: provenance(COPRODUCTION_EVALUATION, rules=v.rules),
    EvaluationGaps: lambda v: _with_gaps(
        provenance(COPRODUCTION_EVALUATION, scoring=v.conventions)
    ),
    ReadinessGap: lambda _: _with_gaps(provenance(READINESS_CHECKER)),
    ChoiceGaps: lambda _: _with_gaps(provenance(READINESS_CHECKER)),
    EvaluationCohortScores: lambda v: provenance(COPRODUCTION_EVALUATION, scoring=v.conventions),
    ReadinessCohortScores: lambda v: provenance(READINESS_CHECKER, scoring=v.conventions),
    CohortWarnings: lambda v: provenance(COPRODUCTION_EVALUATION, rules=v.rules),
    WarningTally: lambda v: provenance(COPRODUCTION_EVALUATION, rules=v.rules),
    ClaimsCheck: _claims,
    PerceptionGap: lambda v: _with_gaps(provenance(COPRODUCTION_EVALUATION, scoring=v.conventions)),
    Comparison: lambda v: _with_gaps(provenance(COPRODUCTION_EVALUATION, scoring=v.conventions)),
    DomainReliability: _reliability,
}
