"""Provenance on every result: JSON documents, the command line's CSV outputs, DataFrames."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import attrs
import pytest

import coproduction as cp
from coproduction import _booklet
from coproduction._provenance import Provenance, provenance, provenance_of
from coproduction.io import json as cjson
from coproduction.rules import DEFAULT_RULES, CustomFlag, ItemRule, WarningRules

ROOT = Path(__file__).parent.parent
COHORT = ROOT / "examples" / "synthetic-evaluation-cohort.csv"
RULES = ROOT / "examples" / "warning-rules.json"
ITEMS = cp.COPRODUCTION_EVALUATION.item_ids
LIBRARY_VERSION = version("coproduction")


def assert_provenance(
    record: object, instrument: cp.CoproductionEvaluation | cp.ReadinessChecker
) -> dict[str, str]:
    """A provenance of ``instrument``: name, version, library, citation; return its conventions."""
    assert isinstance(record, dict)
    assert instrument.name == record["instrument"]
    assert instrument.version == record["instrument_version"] == _booklet.VERSION
    assert "coproduction" == record["library"]
    assert LIBRARY_VERSION == record["library_version"]
    assert _booklet.CITATION == record["citation"]
    assert _booklet.LICENCE == record["licence"]
    conventions = record["conventions"]
    assert isinstance(conventions, dict)
    assert "never scored" in conventions["missing_answers"]
    return conventions


# --- the record ---------------------------------------------------------------------


def test_the_record_names_how_the_conventions_were_changed() -> None:
    """Defaults are named as the library's; changed ones say so, with their values."""
    default = provenance(cp.COPRODUCTION_EVALUATION, scoring=cp.EvaluationConventions())
    changed = provenance(
        cp.COPRODUCTION_EVALUATION, scoring=cp.EvaluationConventions(min_answered=0.75)
    )
    assert default.conventions["evaluation_scoring"].startswith("the library's conventions")
    assert changed.conventions["evaluation_scoring"].startswith("changed from")
    assert "at least 0.75 of its items" in changed.conventions["evaluation_scoring"]
    custom = CustomFlag(
        code="mine",
        title="Mine",
        explanation="The answers suggest a pattern.",
        passage_id="real_control",
        reasons=(cp.Reason.KNOWS_BEST,),
        rule=ItemRule(low_items=("support_1",)),
    )
    rules = attrs.evolve(
        DEFAULT_RULES,
        needs_not_met=attrs.evolve(DEFAULT_RULES.needs_not_met, enabled=False),
        custom=(custom,),
    )
    text = provenance(cp.COPRODUCTION_EVALUATION, rules=rules).conventions["warning_rules"]
    assert "rules changed: needs_not_met" in text
    assert "custom flags, their authors' reading: mine" in text
    assert (
        "the library's rules (docs/warnings.md)"
        == (
            provenance(cp.COPRODUCTION_EVALUATION, rules=DEFAULT_RULES).conventions["warning_rules"]
        )
    )


def test_the_record_refuses_empty_fields_and_writes_one_line_each() -> None:
    """Every field is text; header lines start with '# ' and hold no line break."""
    record = provenance(cp.READINESS_CHECKER, disclosure=None)
    with pytest.raises(cp.ValidationError) as caught:
        attrs.evolve(record, citation="", conventions={"x": ""})
    assert {"citation", "conventions['x']"} == {p.location for p in caught.value.problems}
    lines = attrs.evolve(record, citation="two\nlines").header_lines()
    assert all(line.startswith("# ") and line.count("\n") == 1 for line in lines)
    assert "# conventions.disclosure_control: none: small numbers are published as they are\n" in (
        lines
    )


# --- JSON ----------------------------------------------------------------------------


def _results() -> list[object]:
    response = cp.EvaluationResponse.from_labels(
        {"support_2": "Not at all", "support_1": "Sometimes"}
    )
    cohort = cp.EvaluationCohort.from_responses([response] * 3)
    summary = cp.summarize(cohort, resamples=0)
    report = cp.power_over_report(response)
    assessment = cp.ReadinessAssessment.from_labels(
        {"informed_obligation": "yes", "informed_readiness": "no"}
    )
    chooser = cp.EvaluationResponse.from_labels(
        {"support_1": 2}, preferred_activities=frozenset({cp.Activity.INFORMED})
    )
    return [
        cp.evaluation_gaps(response),
        cp.readiness_gaps(assessment)[0],
        cp.choice_gaps(chooser, assessment),
        cp.score_evaluation(response),
        cp.score_readiness(cp.ReadinessAssessment.from_labels({"informed_obligation": "yes"})),
        summary,
        cp.summarize_readiness(cp.ReadinessCohort.from_assessments([])),
        report,
        report.warnings[0],
    ]


@pytest.mark.parametrize("value", _results(), ids=lambda v: type(v).__name__)
def test_every_result_document_carries_its_provenance_and_is_read_back(value: object) -> None:
    """Score, summary and warning documents: the provenance object, strict when read."""
    document = cjson.to_dict(value)
    instrument = (
        cp.READINESS_CHECKER
        if isinstance(
            value, cp.ReadinessScore | cp.ReadinessSummary | cp.ReadinessGap | cp.ChoiceGaps
        )
        else cp.COPRODUCTION_EVALUATION
    )
    conventions = assert_provenance(document["provenance"], instrument)
    assert list(document)[-1] == "provenance"
    if isinstance(value, cp.EvaluationScore | cp.CohortSummary):
        assert "evaluation_scoring" in conventions
    if isinstance(value, cp.CohortSummary | cp.ReadinessSummary):
        assert "disclosure_control" in conventions
    if isinstance(value, cp.WarningReport):
        assert "the library's rules (docs/warnings.md)" == conventions["warning_rules"]
    if isinstance(value, cp.PowerWarning):
        assert "not recorded" in conventions["warning_rules"]
    assert value == cjson.from_json(json.dumps(document))
    assert value == cjson.from_dict({k: v for k, v in document.items() if k != "provenance"})
    document["provenance"] = {**document["provenance"], "library_version": 2, "extra": "x"}
    with pytest.raises(cp.ValidationError) as caught:
        cjson.from_dict(document)
    assert {"$.provenance.library_version", "$.provenance"} == {
        p.location for p in caught.value.problems
    }


def test_input_documents_carry_no_provenance_and_refuse_one() -> None:
    """Responses are data, not results: no provenance is written, and one is an unknown key."""
    document = cjson.to_dict(cp.EvaluationResponse.from_labels({}))
    assert "provenance" not in document
    document["provenance"] = cjson.to_dict(provenance(cp.COPRODUCTION_EVALUATION))
    with pytest.raises(cp.ValidationError, match="unknown keys: provenance"):
        cjson.from_dict(document)


def test_a_provenance_document_is_read_back() -> None:
    """The side-car's own document type, coproduction/provenance."""
    record = provenance_of(cp.score_evaluation(cp.EvaluationResponse.from_labels({})))
    assert isinstance(record, Provenance)
    document = cjson.to_dict(record)
    assert "coproduction/provenance" == document["schema"]
    assert record == cjson.from_dict(document, Provenance)


# --- DataFrames ----------------------------------------------------------------------


def test_every_frame_carries_its_provenance_in_attrs() -> None:
    """Answers and summaries alike; a summary's names its conventions."""
    pytest.importorskip("pandas")
    from coproduction.io import frames

    response = cp.EvaluationResponse.from_labels({"support_1": "Sometimes"})
    assessment = cp.ReadinessAssessment.from_labels({"informed_obligation": "yes"})
    cohort = cp.EvaluationCohort.from_responses([response] * 3)
    made: dict[str, tuple[Any, cp.CoproductionEvaluation | cp.ReadinessChecker]] = {
        "responses": (frames.responses_to_frame([response]), cp.COPRODUCTION_EVALUATION),
        "assessments": (frames.assessments_to_frame([assessment]), cp.READINESS_CHECKER),
        "cohort": (frames.cohort_to_frame(cohort), cp.COPRODUCTION_EVALUATION),
        "summary": (
            frames.summary_to_frame(cp.summarize(cohort, resamples=0)),
            cp.COPRODUCTION_EVALUATION,
        ),
    }
    for name, (frame, instrument) in made.items():
        conventions = assert_provenance(frame.attrs["provenance"], instrument)
        assert ("evaluation_scoring" in conventions) == (name == "summary"), name


# --- the command line -------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m coproduction`` with these arguments."""
    result = subprocess.run(
        [sys.executable, "-m", "coproduction", *args], capture_output=True, check=False
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def test_score_csv_stays_plain_with_its_provenance_beside_it(tmp_path: Path) -> None:
    """By default the CSV is plain; ``-o FILE`` writes FILE.provenance.json too."""
    out = tmp_path / "scores.csv"
    result = run(
        "score",
        str(COHORT),
        "--group",
        "ward",
        "--format",
        "csv",
        "-o",
        str(out),
        "--rules",
        str(RULES),
    )
    assert 0 == result.returncode, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("respondent,")
    assert 60 == len(list(csv.DictReader(io.StringIO(text))))
    sidecar = json.loads((tmp_path / "scores.csv.provenance.json").read_text(encoding="utf-8"))
    assert "coproduction/provenance" == sidecar["schema"]
    conventions = assert_provenance(
        {k: v for k, v in sidecar.items() if k not in {"schema", "version"}},
        cp.COPRODUCTION_EVALUATION,
    )
    assert "decisions_without_voice" in conventions["warning_rules"]
    assert conventions["evaluation_scoring"].startswith("the library's conventions")
    assert isinstance(cjson.from_dict(sidecar), Provenance)


def test_provenance_header_puts_comment_lines_before_the_csv() -> None:
    """``--provenance-header``: '# ' lines, then the same CSV (read with a comment character)."""
    plain = run("score", str(COHORT), "--group", "ward", "--format", "csv")
    headed = run("score", str(COHORT), "--group", "ward", "--format", "csv", "--provenance-header")
    assert 0 == headed.returncode, headed.stderr
    lines = headed.stdout.splitlines(keepends=True)
    comments = [line for line in lines if line.startswith("#")]
    assert comments == lines[: len(comments)]
    assert f"# library_version: {LIBRARY_VERSION}\n" in comments
    assert f"# citation: {_booklet.CITATION}\n" in comments
    assert plain.stdout == "".join(lines[len(comments) :])


def test_summary_csv_and_json_carry_their_provenance(tmp_path: Path) -> None:
    """The JSON summary inside; the CSV summary beside (and in its header on request)."""
    result = run("summary", str(COHORT), "--group", "ward", "--format", "json", "--resamples", "0")
    assert 0 == result.returncode, result.stderr
    conventions = assert_provenance(
        json.loads(result.stdout)["provenance"], cp.COPRODUCTION_EVALUATION
    )
    assert "counts from 1 to 7 suppressed" in conventions["disclosure_control"]
    out = tmp_path / "summary.csv"
    result = run(
        "summary", str(COHORT), "--group", "ward", "--format", "csv", "--resamples", "0",
        "--no-suppression", "--provenance-header", "-o", str(out),
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# provenance of this file")
    sidecar = json.loads(Path(f"{out}.provenance.json").read_text(encoding="utf-8"))
    assert sidecar["conventions"]["disclosure_control"].startswith("none")


def test_score_json_documents_each_carry_their_provenance() -> None:
    """Each score and each warning, with the rules of ``--rules`` named in the warnings'."""
    result = run("score", str(COHORT), "--group", "ward", "--format", "json", "--rules", str(RULES))
    assert 0 == result.returncode, result.stderr
    documents = json.loads(result.stdout)
    assert_provenance(documents[0]["score"]["provenance"], cp.COPRODUCTION_EVALUATION)
    warnings = [w for d in documents for w in d["warnings"]]
    assert warnings
    for warning in warnings:
        assert "decisions_without_voice" in warning["provenance"]["conventions"]["warning_rules"]


def test_standard_output_and_json_get_no_side_car(tmp_path: Path) -> None:
    """JSON carries its provenance inside: no FILE.provenance.json beside it."""
    out = tmp_path / "scores.json"
    assert (
        0
        == run(
            "score", str(COHORT), "--group", "ward", "--format", "json", "-o", str(out)
        ).returncode
    )
    assert [out] == list(tmp_path.iterdir())


def test_rules_records_are_compared_not_guessed() -> None:
    """Rules equal to the defaults, built anew, are named as the library's."""
    assert (
        "the library's rules (docs/warnings.md)"
        == (
            provenance(cp.COPRODUCTION_EVALUATION, rules=WarningRules()).conventions[
                "warning_rules"
            ]
        )
    )


def test_a_json_output_removes_the_side_car_of_an_earlier_csv_run(tmp_path: Path) -> None:
    """A side-car never describes another computation than the file beside it."""
    out = tmp_path / "scores.out"
    side = tmp_path / "scores.out.provenance.json"
    common = ("score", str(COHORT), "--group", "ward", "-o", str(out))
    assert 0 == run(*common, "--format", "csv").returncode
    assert side.is_file()
    result = run(*common, "--format", "json", "--rules", str(RULES))
    assert 0 == result.returncode, result.stderr
    assert not side.exists()  # the JSON carries its own provenance, under the new rules
    assert "changed from the library" in out.read_text(encoding="utf-8")


def test_a_side_car_that_cannot_be_written_stops_the_run_before_the_output(
    tmp_path: Path,
) -> None:
    """A directory where the side-car goes: exit 3 naming it, and no output written."""
    out = tmp_path / "scores.csv"
    (tmp_path / "scores.csv.provenance.json").mkdir()
    result = run("score", str(COHORT), "--group", "ward", "--format", "csv", "-o", str(out))
    assert 3 == result.returncode
    assert "scores.csv.provenance.json" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_provenance_header_is_refused_where_it_has_no_place(fmt: str) -> None:
    """Asked for with a table or JSON, the header option is a usage error, not ignored."""
    for command in ("score", "summary"):
        result = run(
            command, str(COHORT), "--group", "ward", "--format", fmt, "--provenance-header"
        )
        assert 2 == result.returncode
        assert "--provenance-header applies to --format csv only" in result.stderr


def test_a_provenance_that_contradicts_its_result_is_refused() -> None:
    """Another instrument, or other scoring than the score carries: refused, located.

    Another library version is accepted: a document read back was computed by some
    version of the library, and says which.
    """
    score = cp.score_evaluation(cp.EvaluationResponse.from_labels({"support_1": 2}))
    document = cjson.to_dict(score)
    older = json.loads(json.dumps(document))
    older["provenance"]["library_version"] = "0.0.1"
    assert cjson.from_dict(older) == score
    for field, value, location in (
        ("instrument", "RRN Readiness Checker", "$.provenance.instrument"),
        ("instrument_version", "9.Z", "$.provenance.instrument_version"),
    ):
        changed = json.loads(json.dumps(document))
        changed["provenance"][field] = value
        with pytest.raises(cp.ValidationError) as info:
            cjson.from_dict(changed)
        assert [location] == [p.location for p in info.value.problems]
    changed = json.loads(json.dumps(document))
    changed["provenance"]["conventions"]["evaluation_scoring"] = "points all 2"
    with pytest.raises(cp.ValidationError) as info:
        cjson.from_dict(changed)
    assert ["$.provenance.conventions.evaluation_scoring"] == [
        p.location for p in info.value.problems
    ]
