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
"""

from __future__ import annotations

from coproduction._cohort_scoring import (
    EvaluationCohortScores,
    ReadinessCohortScores,
    score_cohort,
    score_cohort_chunks,
    score_readiness_chunks,
    score_readiness_cohort,
)
from coproduction._cohort_warnings import CohortWarnings, WarningTally, cohort_warnings
from coproduction._cohorts import UNANSWERED_CODE, EvaluationCohort, ReadinessCohort
from coproduction._display.forms import render_form
from coproduction._frozen import FrozenDict
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
from coproduction._reader import read_evaluation_chunks
from coproduction._readings import Prompt
from coproduction._reliability import DomainReliability, reliability
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
    CohortSummary,
    ItemSummary,
    MeasureSummary,
    ReadinessCounts,
    ReadinessSummary,
    RoundChange,
    SummaryAccumulator,
    change_between_rounds,
    summarize,
    summarize_readiness,
)
from coproduction._suppression import DISCLOSURE_SOURCE, DisclosureControl, Suppressed
from coproduction._warnings import (
    DEFAULT_RULES,
    ContextRule,
    Flag,
    ItemRule,
    NotAssessed,
    PowerWarning,
    Severity,
    WarningReport,
    WarningRules,
    power_over_report,
    power_over_warnings,
)
from coproduction.exceptions import (
    CoproductionError,
    Problem,
    UnknownItemError,
    ValidationError,
)
from coproduction.io.csv import (
    CsvTable,
    RejectedRow,
    neutralise,
    read_evaluation_cohort,
    read_evaluation_csv,
    read_readiness_csv,
    write_evaluation_csv,
    write_readiness_csv,
)
from coproduction.io.fhir import FHIR_BASE, fhir_questionnaire, from_fhir, to_fhir
from coproduction.io.frames import (
    assessments_from_frame,
    assessments_to_frame,
    cohort_from_frame,
    cohort_to_frame,
    readiness_cohort_from_frame,
    readiness_cohort_to_frame,
    readiness_summary_to_frame,
    responses_from_frame,
    responses_to_frame,
    summary_to_frame,
)
from coproduction.io.json import (
    JSON_SCHEMA_VERSION,
    from_dict,
    from_json,
    json_schema,
    to_dict,
    to_json,
)
from coproduction.io.redcap import (
    REDCAP_COLUMNS,
    read_redcap_cohort,
    read_redcap_records,
    redcap_field_names,
    write_data_dictionary,
)
from coproduction.plot import (
    plot_change,
    plot_domain_profile,
    plot_item_answers,
    plot_readiness_grid,
)
from coproduction.report import render_report, write_report

__all__ = [
    "COPRODUCTION_EVALUATION",
    "DEFAULT_RULES",
    "DISCLOSURE_SOURCE",
    "FHIR_BASE",
    "JSON_SCHEMA_VERSION",
    "READINESS_CHECKER",
    "REDCAP_COLUMNS",
    "UNANSWERED_CODE",
    "Activity",
    "Change",
    "ChoiceGaps",
    "ClaimGap",
    "ClaimsCheck",
    "CohortSummary",
    "CohortWarnings",
    "Comparison",
    "ContextRule",
    "CoproductionError",
    "CoproductionEvaluation",
    "CsvTable",
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
    "ItemRule",
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
    "RejectedRow",
    "RoundChange",
    "Severity",
    "SummaryAccumulator",
    "Suppressed",
    "UnknownItemError",
    "ValidationError",
    "WarningReport",
    "WarningRules",
    "WarningTally",
    "assessments_from_frame",
    "assessments_to_frame",
    "change_between_rounds",
    "choice_gaps",
    "claimed_vs_experienced",
    "cohort_from_frame",
    "cohort_to_frame",
    "cohort_warnings",
    "compare",
    "evaluation_gaps",
    "fhir_questionnaire",
    "from_dict",
    "from_fhir",
    "from_json",
    "json_schema",
    "neutralise",
    "perception_gap",
    "plot_change",
    "plot_domain_profile",
    "plot_item_answers",
    "plot_readiness_grid",
    "power_over_report",
    "power_over_warnings",
    "protect_summaries",
    "read_evaluation_chunks",
    "read_evaluation_cohort",
    "read_evaluation_csv",
    "read_readiness_csv",
    "read_redcap_cohort",
    "read_redcap_records",
    "readiness_cohort_from_frame",
    "readiness_cohort_to_frame",
    "readiness_gaps",
    "readiness_summary_to_frame",
    "redcap_field_names",
    "reliability",
    "render_form",
    "render_report",
    "responses_from_frame",
    "responses_to_frame",
    "score_cohort",
    "score_cohort_chunks",
    "score_evaluation",
    "score_readiness",
    "score_readiness_chunks",
    "score_readiness_cohort",
    "summarize",
    "summarize_readiness",
    "summary_to_frame",
    "to_dict",
    "to_fhir",
    "to_json",
    "write_data_dictionary",
    "write_evaluation_csv",
    "write_readiness_csv",
    "write_report",
]


def __getattr__(name: str) -> str:
    """Read ``__version__`` from the installed package's metadata, when asked."""
    if name == "__version__":
        from importlib.metadata import version

        return version("coproduction")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
