"""Score one evaluation response and one readiness assessment, and print the results.

The answers below are SYNTHETIC: made up for this example, not from any person or
service. Run with ``python examples/quickstart.py`` after ``python -m pip install .``.
"""

from __future__ import annotations

import coproduction as cp

# One person's answers to the RRN Coproduction Evaluation (synthetic).
# Labels or the codes 0, 1, 2 are read by from_labels; None or "" is unanswered.
ANSWERS = {
    "support_1": "All the time",
    "support_2": "Sometimes",
    "support_3": "All the time",
    "support_4": "All the time",
    "respect_1": "Sometimes",
    "respect_2": "Sometimes",
    "respect_3": "All the time",
    "respect_4": None,
    "risk_action_1": "Sometimes",
    "risk_action_2": "Not at all",
    "risk_action_3": "Not at all",
    "risk_action_4": "Sometimes",
    "risk_action_5": "Not at all",
    "trust_1": "All the time",
    "trust_2": "All the time",
    "trust_3": "Sometimes",
    "trust_4": "All the time",
    "trust_5": "All the time",
    "power_with_1": "Not at all",
    "power_with_2": "Sometimes",
    "power_with_3": "Sometimes",
    "power_with_4": "",
    "power_with_5": "Not at all",
}

# One ward's answers to the RRN Readiness Checker (synthetic): question id -> answer.
READINESS = {
    "informed_obligation": "yes",
    "informed_readiness": "yes",
    "informed_infrastructure": "partly",
    "listened_to_obligation": "yes",
    "listened_to_readiness": "yes",
    "listened_to_infrastructure": "partly",
    "expressing_views_obligation": "yes",
    "expressing_views_readiness": "partly",
    "expressing_views_infrastructure": "no",
    "views_taken_into_account_obligation": "yes",
    "views_taken_into_account_readiness": "partly",
    "views_taken_into_account_infrastructure": "no",
    "involved_obligation": "yes",
    "involved_readiness": "yes",
    "involved_infrastructure": "no",
    "shared_obligation": "partly",
    "shared_readiness": "no",
    "shared_infrastructure": "no",
    "in_control_obligation": "yes",
    "in_control_readiness": "no",
}


def main() -> None:
    """Score the synthetic examples and print the results."""
    response = cp.EvaluationResponse.from_labels(ANSWERS, respondent="SYNTHETIC-001")
    print(cp.score_evaluation(response))
    print()
    assessment = cp.ReadinessAssessment.from_labels(READINESS, setting="synthetic-ward")
    print(cp.score_readiness(assessment))
    print()
    print(f"Source: {cp.COPRODUCTION_EVALUATION.citation} ({cp.COPRODUCTION_EVALUATION.licence})")


if __name__ == "__main__":
    main()
