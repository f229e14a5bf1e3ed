"""Every result has its provenance, the interval settings of a summary and the run's rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import coproduction as cp
from coproduction import _booklet
from coproduction._provenance import Provenance, describe_rules, provenance_of
from coproduction.io import json as cjson
from coproduction.rules import read as read_rules

ROOT = Path(__file__).parent.parent
COHORT_CSV = ROOT / "examples" / "synthetic-evaluation-cohort.csv"
RULES = ROOT / "examples" / "warning-rules.json"

LOW = cp.EvaluationResponse.from_labels(
    {"support_3": "Not at all", "power_with_2": "Not at all", "risk_action_3": "Sometimes"}
)
HIGH = cp.EvaluationResponse.from_labels(dict.fromkeys(cp.COPRODUCTION_EVALUATION.item_ids, 2))
COHORT = cp.EvaluationCohort.from_responses([LOW, HIGH] * 8)
WARD = cp.ReadinessAssessment.from_labels({"listened_to_readiness": "yes"}, setting="A")
CHANGED = cp.EvaluationConventions(min_answered=0.8)


def _reliability_cohort() -> cp.EvaluationCohort:
    rows = [
        {i: (k + j) % 3 for j, i in enumerate(cp.COPRODUCTION_EVALUATION.item_ids)}
        for k in range(12)
    ]
    return cp.EvaluationCohort.from_responses([cp.EvaluationResponse.from_labels(r) for r in rows])


#: Each result without a document of its own, and the conventions its record must name.
RESULTS: list[tuple[str, object, str, dict[str, str]]] = [
    (
        "score_cohort",
        cp.score_cohort(COHORT, conventions=CHANGED),
        cp.COPRODUCTION_EVALUATION.name,
        {"evaluation_scoring": "changed from the library's conventions"},
    ),
    (
        "score_readiness_cohort",
        cp.score_readiness_cohort(cp.ReadinessCohort.from_assessments([WARD])),
        cp.READINESS_CHECKER.name,
        {"readiness_scoring": "the library's conventions"},
    ),
    (
        "cohort_warnings",
        cp.cohort_warnings(COHORT, rules=read_rules(RULES)),
        cp.COPRODUCTION_EVALUATION.name,
        {"warning_rules": "decisions_without_voice"},
    ),
    (
        "tally",
        cp.cohort_warnings(COHORT, rules=read_rules(RULES)).tally(),
        cp.COPRODUCTION_EVALUATION.name,
        {"warning_rules": "decisions_without_voice"},
    ),
    (
        "claims",
        cp.claimed_vs_experienced(WARD, [LOW, HIGH], min_share=0.4, min_respondents=2),
        cp.COPRODUCTION_EVALUATION.name,
        {"gap_analysis": "the library's", "claims": "at least 0.4 of its answers"},
    ),
    (
        "perception",
        cp.perception_gap(HIGH, LOW, conventions=CHANGED),
        cp.COPRODUCTION_EVALUATION.name,
        {"gap_analysis": "the library's", "evaluation_scoring": "changed"},
    ),
    (
        "comparison",
        cp.compare(LOW, HIGH),
        cp.COPRODUCTION_EVALUATION.name,
        {"gap_analysis": "the library's", "evaluation_scoring": "the library's"},
    ),
    (
        "reliability",
        cp.reliability(_reliability_cohort(), confidence=0.9),
        cp.COPRODUCTION_EVALUATION.name,
        {"reliability": "90% Feldt (1965)"},
    ),
]


@pytest.mark.parametrize(
    ("result", "instrument", "named"), [r[1:] for r in RESULTS], ids=[r[0] for r in RESULTS]
)
def test_every_result_has_a_provenance_naming_its_conventions(
    result: object, instrument: str, named: dict[str, str]
) -> None:
    """Cohort scores, cohort warnings and tallies, claims, perception, comparison, reliability."""
    record = provenance_of(result)
    assert isinstance(record, Provenance)
    assert instrument == record.instrument
    assert _booklet.CITATION == record.citation
    assert "never scored" in record.conventions["missing_answers"]
    for name, words in named.items():
        assert words in record.conventions[name], name
    document = cjson.provenance_document(result)
    assert "coproduction/provenance" == document["schema"]
    assert record == cjson.from_dict(document)


def test_a_value_that_is_not_a_result_has_no_provenance_document() -> None:
    """Answers are inputs, not results: refused, naming the type."""
    with pytest.raises(cp.ValidationError, match="EvaluationResponse is not a result"):
        cjson.provenance_document(LOW)


def test_a_summarys_record_names_its_interval_settings() -> None:
    """Coverage, resamples and seed: what low and high were made with, in JSON and attrs."""
    summary = cp.summarize(COHORT, resamples=10, seed=7, confidence=0.9)
    intervals = provenance_of(summary).conventions["intervals"]  # type: ignore[union-attr]
    assert "90% percentile bootstrap interval of the mean (10 resamples, seed 7)" in intervals
    document = cjson.to_dict(summary)
    assert intervals == document["provenance"]["conventions"]["intervals"]
    assert summary == cjson.from_dict(document)
    none = provenance_of(cp.summarize(COHORT, resamples=0)).conventions  # type: ignore[union-attr]
    assert none["intervals"].startswith("none")
    pytest.importorskip("pandas")
    frame = cp.io.frames.summary_to_frame(summary)
    assert intervals == frame.attrs["provenance"]["conventions"]["intervals"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m coproduction`` with these arguments."""
    result = subprocess.run(
        [sys.executable, "-m", "coproduction", *args], capture_output=True, check=False
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def test_summary_csv_header_and_side_car_name_resamples_and_seed(tmp_path: Path) -> None:
    """``--resamples 10 --seed 7`` is recorded in the header lines and the side-car."""
    out = tmp_path / "summary.csv"
    result = run(
        "summary", str(COHORT_CSV), "--group", "ward", "--format", "csv",
        "--resamples", "10", "--seed", "7", "--provenance-header", "-o", str(out),
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    header = [line for line in out.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
    assert any(
        line.startswith("# conventions.intervals:") and "(10 resamples, seed 7)" in line
        for line in header
    )
    sidecar = json.loads(Path(f"{out}.provenance.json").read_text(encoding="utf-8"))
    assert "(10 resamples, seed 7)" in sidecar["conventions"]["intervals"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_summary_rules_are_named_in_its_provenance(fmt: str) -> None:
    """``summary --rules FILE``: the run's rules are recorded, not silently dropped."""
    common = ["summary", str(COHORT_CSV), "--group", "ward", "--format", fmt, "--resamples", "0"]
    plain = run(*common, "--provenance-header") if fmt == "csv" else run(*common)
    ruled = run(*common, "--rules", str(RULES), *(["--provenance-header"] if fmt == "csv" else []))
    assert 0 == plain.returncode == ruled.returncode, ruled.stderr
    assert plain.stdout != ruled.stdout
    described = describe_rules(read_rules(RULES))
    if fmt == "json":
        conventions = json.loads(ruled.stdout)["provenance"]["conventions"]
        assert conventions["warning_rules"].startswith(described)
        assert "not applied to it" in conventions["warning_rules"]
        assert "warning_rules" not in json.loads(plain.stdout)["provenance"]["conventions"]
        cjson.from_json(ruled.stdout)  # read back: the record does not contradict the summary
    else:
        line = " ".join(f"# conventions.warning_rules: {described}".split())
        assert any(s.startswith(line) for s in ruled.stdout.splitlines())
        body = [s for s in ruled.stdout.splitlines() if not s.startswith("#")]
        assert body == [s for s in plain.stdout.splitlines() if not s.startswith("#")]
