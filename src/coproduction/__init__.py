"""The Restraint Reduction Network's Relational Model of Coproduction, made computable.

The model, its two instruments and the scoring of their answers, from:

    Quinn, A. (2022). The RRN relational model of coproduction. Restraint Reduction
    Network. Version 1.C. Licensed CC BY-NC-ND 4.0.

The instruments' wording is reproduced verbatim with attribution. Scoring numbers,
missing-data rules and thresholds are **not** part of the booklet: they are this
library's conventions, named as such and open to change by parameter.

>>> import coproduction as cp
>>> response = cp.EvaluationResponse.from_labels({"support_1": "Sometimes", "support_2": 2})
>>> cp.score_evaluation(response).domains[cp.Domain.SUPPORT].mean
1.5

The core lives here; the edges are public modules of their own, loaded only when
imported: :mod:`coproduction.io` (CSV, JSON, FHIR, REDCap, pandas),
:mod:`coproduction.plot`, :mod:`coproduction.report` and :mod:`coproduction.rules`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from coproduction._cohort_scoring import (
    EvaluationCohortScores,
    ReadinessCohortScores,
    score_cohort,
    score_readiness_cohort,
)
from coproduction._cohort_warnings import CohortWarnings, WarningTally, cohort_warnings
from coproduction._cohorts import EvaluationCohort, ReadinessCohort
from coproduction._frozen import FrozenDict
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    CoproductionEvaluation,
    Dimension,
    Domain,
    EvaluationItem,
    Frequency,
    ReadinessAnswer,
    ReadinessChecker,
    ReadinessQuestion,
)
from coproduction._missing import Missing
from coproduction._power import Activity, Level, PowerType, Reason
from coproduction._publication import protect_summaries
from coproduction._readings import Prompt
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import (
    DomainScore,
    EvaluationConventions,
    EvaluationScore,
    ReadinessConventions,
    ReadinessScore,
    score_evaluation,
    score_readiness,
)
from coproduction._summaries import (
    RoundChange,
    SummaryAccumulator,
    change_between_rounds,
    summarize,
    summarize_readiness,
)
from coproduction._summary_values import (
    CohortSummary,
    ItemSummary,
    MeasureSummary,
    ReadinessCounts,
    ReadinessSummary,
)
from coproduction._suppression import DisclosureControl, Suppressed
from coproduction._warnings import (
    Flag,
    NotAssessed,
    PowerWarning,
    Severity,
    WarningReport,
    power_over_report,
    power_over_warnings,
)
from coproduction.exceptions import CoproductionError, Problem, UnknownItemError, ValidationError

if TYPE_CHECKING:
    from coproduction import io as io
    from coproduction import plot as plot
    from coproduction import report as report
    from coproduction import rules as rules
    from coproduction._gaps import (
        Change,
        ChoiceGaps,
        ClaimGap,
        ClaimsCheck,
        Comparison,
        DomainChange,
        DomainGap,
        DomainPerception,
        EvaluationGaps,
        GapPattern,
        ItemChange,
        ItemEvidence,
        ItemGap,
        ItemPerception,
        Perception,
        PerceptionGap,
        ReadinessGap,
        choice_gaps,
        claimed_vs_experienced,
        compare,
        evaluation_gaps,
        perception_gap,
        readiness_gaps,
    )
    from coproduction._reliability import DomainReliability, reliability

__all__ = [
    "COPRODUCTION_EVALUATION",
    "READINESS_CHECKER",
    "Activity",
    "Change",
    "ChoiceGaps",
    "ClaimGap",
    "ClaimsCheck",
    "CohortSummary",
    "CohortWarnings",
    "Comparison",
    "CoproductionError",
    "CoproductionEvaluation",
    "Dimension",
    "DisclosureControl",
    "Domain",
    "DomainChange",
    "DomainGap",
    "DomainPerception",
    "DomainReliability",
    "DomainScore",
    "EvaluationCohort",
    "EvaluationCohortScores",
    "EvaluationConventions",
    "EvaluationGaps",
    "EvaluationItem",
    "EvaluationResponse",
    "EvaluationScore",
    "Flag",
    "Frequency",
    "FrozenDict",
    "GapPattern",
    "ItemChange",
    "ItemEvidence",
    "ItemGap",
    "ItemPerception",
    "ItemSummary",
    "Level",
    "MeasureSummary",
    "Missing",
    "NotAssessed",
    "Perception",
    "PerceptionGap",
    "PowerType",
    "PowerWarning",
    "Problem",
    "Prompt",
    "ReadinessAnswer",
    "ReadinessAssessment",
    "ReadinessChecker",
    "ReadinessCohort",
    "ReadinessCohortScores",
    "ReadinessConventions",
    "ReadinessCounts",
    "ReadinessGap",
    "ReadinessQuestion",
    "ReadinessScore",
    "ReadinessSummary",
    "Reason",
    "RoundChange",
    "Severity",
    "SummaryAccumulator",
    "Suppressed",
    "UnknownItemError",
    "ValidationError",
    "WarningReport",
    "WarningTally",
    "change_between_rounds",
    "choice_gaps",
    "claimed_vs_experienced",
    "cohort_warnings",
    "compare",
    "evaluation_gaps",
    "perception_gap",
    "power_over_report",
    "power_over_warnings",
    "protect_summaries",
    "readiness_gaps",
    "reliability",
    "score_cohort",
    "score_evaluation",
    "score_readiness",
    "score_readiness_cohort",
    "summarize",
    "summarize_readiness",
]


#: The public modules loaded on first attribute access (``cp.io.csv``, ``cp.plot``).
_MODULES: Final = frozenset({"io", "plot", "report", "rules"})

#: Core names loaded on first use, by the module defining them: the gap analyses and
#: reliability are whole modules that most programs never call (issue #11's import
#: cost). They are public names like the others (``from coproduction import compare``).
_LAZY: Final = {
    "Change": "coproduction._gaps",
    "ChoiceGaps": "coproduction._gaps",
    "ClaimGap": "coproduction._gaps",
    "ClaimsCheck": "coproduction._gaps",
    "Comparison": "coproduction._gaps",
    "DomainChange": "coproduction._gaps",
    "DomainGap": "coproduction._gaps",
    "DomainPerception": "coproduction._gaps",
    "EvaluationGaps": "coproduction._gaps",
    "GapPattern": "coproduction._gaps",
    "ItemChange": "coproduction._gaps",
    "ItemEvidence": "coproduction._gaps",
    "ItemGap": "coproduction._gaps",
    "ItemPerception": "coproduction._gaps",
    "Perception": "coproduction._gaps",
    "PerceptionGap": "coproduction._gaps",
    "ReadinessGap": "coproduction._gaps",
    "choice_gaps": "coproduction._gaps",
    "claimed_vs_experienced": "coproduction._gaps",
    "compare": "coproduction._gaps",
    "evaluation_gaps": "coproduction._gaps",
    "perception_gap": "coproduction._gaps",
    "readiness_gaps": "coproduction._gaps",
    "DomainReliability": "coproduction._reliability",
    "reliability": "coproduction._reliability",
}

if TYPE_CHECKING:
    #: The installed version (read from the package's metadata when asked).
    __version__: str
else:

    def __getattr__(name: str) -> object:
        """Load a public module on first use, and read ``__version__`` from the metadata.

        ``import coproduction`` loads the core only; ``coproduction.io``,
        ``coproduction.plot``, ``coproduction.report`` and ``coproduction.rules`` are
        imported the first time they are named, so the formats, pictures and report
        cost nothing until used; so are the gap analyses and reliability. Type
        checkers do not see this function, so a name that is not here (a moved one,
        a typo) is an error for them too.
        """
        if name in _MODULES:
            import importlib

            return importlib.import_module(f"{__name__}.{name}")
        if name in _LAZY:
            import importlib

            value = getattr(importlib.import_module(_LAZY[name]), name)
            globals()[name] = value  # once loaded, an ordinary attribute
            return value
        if name == "__version__":
            from importlib.metadata import version

            return version("coproduction")
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)


def __dir__() -> list[str]:
    """The public names, the lazily loaded modules and ``__version__`` (for completion)."""
    return sorted({*globals(), *__all__, *_MODULES, "__version__"})
