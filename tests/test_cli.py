"""The command line, run through its real entry points in a subprocess."""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction as cp
from coproduction import _cli
from strategies import evaluation_responses

ROOT = Path(__file__).parent.parent
COHORT = ROOT / "examples" / "synthetic-evaluation-cohort.csv"
ITEMS = cp.COPRODUCTION_EVALUATION.item_ids


def run(
    *args: str, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m coproduction`` with these arguments."""
    result = subprocess.run(
        [sys.executable, "-m", "coproduction", *args],
        input=stdin,
        capture_output=True,
        check=False,
        cwd=cwd,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def _one_response_csv(first: str = "2") -> bytes:
    return (
        "respondent," + ",".join(ITEMS) + "\nR-1," + ",".join([first, *"1" * 22]) + "\n"
    ).encode()


def test_the_console_script_is_installed_and_runs() -> None:
    """The ``coproduction`` console script exists and shows its commands."""
    script = shutil.which("coproduction", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=True)
    for command in ("score", "summary", "validate", "form", "export"):
        assert command in result.stdout


def test_score_gives_the_same_means_as_score_evaluation() -> None:
    """Each CSV row of ``score`` holds what score_evaluation gives for that respondent."""
    result = run("score", str(COHORT), "--group", "ward", "--format", "csv")
    assert 0 == result.returncode, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    table = cp.io.csv.read_evaluations(COHORT, group_columns=["ward"])
    assert len(table.rows) == len(rows) == 60
    for row, response, ward in zip(rows, table.rows, table.groups["ward"], strict=True):
        score = cp.score_evaluation(response)
        assert response.respondent == row["respondent"]
        assert ward == row["ward"]
        for domain, domain_score in score.domains.items():
            expected = "" if domain_score.mean is None else f"{domain_score.mean:.4f}"
            assert expected.rstrip("0").rstrip(".") == row[domain.value]
        assert str(response.answered) == row["answered"]


def test_score_reads_standard_input_and_writes_json_scores() -> None:
    """``-`` reads standard input; ``--format json`` writes loadable score documents."""
    result = run("score", "-", "--format", "json", stdin=_one_response_csv())
    assert 0 == result.returncode, result.stderr
    documents = json.loads(result.stdout)
    scores = [cp.io.json.from_dict(d["score"], cp.EvaluationScore) for d in documents]
    assert [[]] == [d["warnings"] for d in documents]
    assert ["R-1"] == [s.respondent for s in scores]
    assert 1.25 == scores[0].domains[cp.Domain.SUPPORT].mean  # (2 + 1 + 1 + 1) / 4


def test_score_reads_json_documents_and_readiness_files() -> None:
    """JSON response documents and a readiness CSV are scored too."""
    response = cp.EvaluationResponse.from_labels({"trust_1": 2}, respondent="R-9")
    result = run("score", "-", "--format", "csv", stdin=cp.io.json.to_json(response).encode())
    assert 0 == result.returncode, result.stderr
    assert result.stdout.splitlines()[1].startswith("R-9,")
    out = io.StringIO()
    cp.io.csv.write_readiness(
        [cp.ReadinessAssessment.from_labels({"informed_obligation": "yes"}, setting="w")], out
    )
    result = run("score", "-", "--format", "csv", stdin=out.getvalue().encode())
    assert 0 == result.returncode, result.stderr
    assert "setting,informed," in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[1].startswith("w,1,")


def test_score_conventions_are_options() -> None:
    """--min-answered changes which domains are scored, as EvaluationConventions does."""
    text = "respondent,support_1," + ",".join(ITEMS[1:]) + "\nR-1,2" + "," * 22 + "\n"
    default = run("score", "-", "--format", "csv", stdin=text.encode())
    lenient = run("score", "-", "--format", "csv", "--min-answered", "0.25", stdin=text.encode())
    assert "R-1,,,,,,,1," == default.stdout.splitlines()[1]
    assert "R-1,2,,,,,,1," == lenient.stdout.splitlines()[1]


def test_score_neutralises_ids_a_spreadsheet_would_run() -> None:
    """CSV output puts a quote before an id starting with '=' (OWASP)."""
    result = run(
        "score", "-", "--format", "csv", stdin=_one_response_csv().replace(b"R-1", b"=1+1")
    )
    assert result.stdout.splitlines()[1].startswith("'=1+1,")


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        (_one_response_csv("7"), "row 2, column 'support_1'"),
        (b"respondent,colour\nR-1,red\n", "unknown column 'colour'"),
        (b'{"schema": "coproduction/nope", "version": 1}', "$.schema"),
        (b"{not json", "not JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
@pytest.mark.parametrize("command", ["score", "validate"])
def test_bad_input_exits_1_listing_the_problem_without_a_traceback(
    command: str, stdin: bytes, expected: str
) -> None:
    """Bad input gives status 1, the problem on stderr, no traceback and no stdout."""
    result = run(command, "-", stdin=stdin)
    assert 1 == result.returncode
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert "" == result.stdout


def test_validate_exits_0_for_a_valid_file() -> None:
    """A valid file gives status 0 and says how many responses it holds."""
    result = run("validate", str(COHORT), "--group", "ward")
    assert 0 == result.returncode
    assert "valid, 60 evaluation responses" in result.stdout


def test_a_missing_file_exits_3_and_a_bad_option_exits_2() -> None:
    """A file that cannot be read gives 3; a wrong command line gives argparse's 2."""
    missing = run("score", "no-such-file.csv")
    assert 3 == missing.returncode
    assert "no-such-file.csv" in missing.stderr
    assert 2 == run("score", str(COHORT), "--format", "xml").returncode
    assert 2 == run("frobnicate").returncode
    assert 2 == run("score", str(COHORT), "--min-answered", "0").returncode


def test_output_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """--output writes the file on success; on bad input no file, not even a partial one."""
    target = tmp_path / "scores.csv"
    assert 0 == run("score", str(COHORT), "--group", "ward", "--output", str(target)).returncode
    assert target.read_text(encoding="utf-8").startswith("respondent,ward,support,")
    failed = tmp_path / "failed.csv"
    assert 1 == run("score", "-", "--output", str(failed), stdin=_one_response_csv("7")).returncode
    # The CSV's provenance goes beside it (docs/formats.md); a failed run writes neither.
    sidecar = tmp_path / "scores.csv.provenance.json"
    assert sorted([target, sidecar]) == sorted(tmp_path.iterdir())


def test_an_output_that_cannot_be_written_exits_3(tmp_path: Path) -> None:
    """Writing into a directory that does not exist gives status 3 and a message."""
    result = run("form", "evaluation", "--output", str(tmp_path / "no" / "form.md"))
    assert 3 == result.returncode
    assert "cannot use" in result.stderr


@pytest.mark.parametrize("form", ["markdown", "html"])
def test_forms_hold_every_item_verbatim_with_the_citation(form: str) -> None:
    """Both printed forms hold every statement and question verbatim, and the citation."""
    evaluation = run("form", "evaluation", "--format", form).stdout
    readiness = run("form", "readiness", "--format", form).stdout

    def escape(text: str) -> str:
        return html.escape(text) if form == "html" else text

    for item in cp.COPRODUCTION_EVALUATION.items:
        assert escape(item.text) in evaluation
    for question in cp.READINESS_CHECKER.questions:
        assert escape(question.text) in readiness
    for text in (evaluation, readiness):
        assert "CC BY-NC-ND 4.0" in text
        assert "Quinn, A. (2022)" in text


@pytest.mark.parametrize("instrument", ["evaluation", "readiness"])
def test_export_schema_writes_the_shipped_schema(instrument: str) -> None:
    """``export schema`` writes exactly the JSON Schema shipped in the package."""
    kind = cp.EvaluationResponse if instrument == "evaluation" else cp.ReadinessAssessment
    result = run("export", "schema", "--instrument", instrument)
    assert json.loads(result.stdout) == cp.io.json.schema(kind)


def test_export_fhir_and_redcap_write_what_the_library_makes() -> None:
    """``export fhir`` writes the Questionnaire; ``export redcap`` the data dictionary."""
    fhir = run("export", "fhir", "--instrument", "readiness", "--fhir-version", "R5")
    assert cp.io.fhir.questionnaire("readiness", fhir_version="R5") == json.loads(fhir.stdout)
    redcap = run("export", "redcap")
    expected = io.StringIO()
    cp.io.redcap.write_data_dictionary("evaluation", expected)
    assert expected.getvalue() == redcap.stdout


def test_score_reads_a_fhir_questionnaire_response() -> None:
    """A FHIR QuestionnaireResponse on standard input is scored like any response."""
    response = cp.EvaluationResponse.from_labels(
        {"trust_1": 2, "trust_2": 2, "trust_3": 1}, respondent="F-1"
    )
    result = run(
        "score", "-", "--format", "csv", stdin=json.dumps(cp.io.fhir.to_resource(response)).encode()
    )
    assert 0 == result.returncode, result.stderr
    assert "F-1,,,,1.6667,,,3," == result.stdout.splitlines()[1]


_ID_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('\n\r\t,"'),
    min_size=1,
    max_size=8,
).filter(lambda t: t.strip(" \t") == t and t.strip())


@st.composite
def _evaluation_files(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A wide CSV as a spreadsheet or export might write it, and its options."""
    responses = draw(st.lists(evaluation_responses(), max_size=12))
    ids = draw(st.lists(_ID_TEXT, min_size=len(responses), max_size=len(responses), unique=True))
    wards = draw(st.lists(_ID_TEXT, min_size=len(responses), max_size=len(responses)))
    ending = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    labels = draw(st.booleans())
    out = io.StringIO()
    writer = (  # a lone CR or LF ending needs every cell quoted to read back
        csv.writer(out, lineterminator=ending)
        if ending == "\r\n"
        else csv.writer(out, lineterminator=ending, quoting=csv.QUOTE_ALL)
    )
    writer.writerow(["respondent", "ward", *ITEMS])
    for response, respondent, ward in zip(responses, ids, wards, strict=True):
        cells = [
            "" if a is None else a.label if labels else str(list(cp.Frequency).index(a))
            for a in response.answers.values()
        ]
        writer.writerow([respondent, ward, *cells])
    options = draw(st.sampled_from([[], ["--min-answered", "1"], ["--overall-min-domains", "3"]]))
    return out.getvalue().encode(), options


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


@settings(max_examples=40)
@given(_evaluation_files())
def test_the_command_scores_a_file_exactly_as_the_library_reads_and_scores_it(
    case: tuple[bytes, list[str]],
) -> None:
    """On random files, ``score`` gives each respondent the library's scores and warnings.

    The library's side is the slow, one-object-per-response path: read_evaluation_csv,
    score_evaluation and power_over_warnings; the command reads in blocks.
    """
    data, options = case
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        source.write_bytes(data)
        argv = ["score", str(source), "--group", "ward", "--format", "csv", "-o", str(target)]
        assert 0 == _cli.main([*argv, *options])
        rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode(), newline="")))
    table = cp.io.csv.read_evaluations(io.BytesIO(data), group_columns=["ward"])
    conventions = cp.EvaluationConventions(
        min_answered=float(options[1]) if "--min-answered" in options else 0.5,
        overall_min_domains=int(options[1]) if "--overall-min-domains" in options else 5,
    )
    assert len(table.rows) == len(rows)
    for row, response, ward in zip(rows, table.rows, table.groups["ward"], strict=True):
        score = cp.score_evaluation(response, conventions=conventions)
        assert cp.io.csv.neutralise(str(response.respondent)) == row["respondent"]
        assert cp.io.csv.neutralise(ward) == row["ward"]
        assert [_number(s.mean) for s in score.domains.values()] == [
            row[d.value] for d in score.domains
        ]
        assert _number(score.overall) == row["overall"]
        assert str(sum(a is not None for a in response.answers.values())) == row["answered"]
        flags = {w.flag for w in cp.power_over_warnings(response)}
        assert ";".join(f.value for f in cp.Flag if f in flags) == row["warnings"]


def test_score_lists_warnings_including_the_choice_warning_from_activities() -> None:
    """A file with activity columns is read as objects, so the choice warning is checked."""
    response = cp.EvaluationResponse.from_labels(
        {"support_2": 0},
        respondent="R-1",
        activities=[cp.Activity.SHARED],
        preferred_activities=[cp.Activity.INFORMED],
    )
    out = io.StringIO()
    cp.io.csv.write_evaluations([response], out)
    result = run("score", "-", "--format", "csv", stdin=out.getvalue().encode())
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert "needs_not_met;choice_not_honoured" == row["warnings"]


def _small_cohort_csv() -> bytes:
    # Oak 9, Elm 3 and Ash 8: Ash (the next smallest) protects Elm against the total.
    wards = ["Oak"] * 9 + ["Elm"] * 3 + ["Ash"] * 8
    rows = [f"R-{k},{ward}," + ",".join(["2"] * 23) for k, ward in enumerate(wards)]
    return ("respondent,ward," + ",".join(ITEMS) + "\n" + "\n".join(rows) + "\n").encode()


def test_summary_suppresses_small_numbers_by_default() -> None:
    """A group of 3 is shown as '*' by default, and counts above 7 are rounded to 5."""
    result = run(
        "summary",
        "-",
        "--by",
        "ward",
        "--format",
        "csv",
        "--resamples",
        "0",
        stdin=_small_cohort_csv(),
    )
    assert 0 == result.returncode, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    elm = next(r for r in rows if r["ward"] == "Elm" and r["measure"] == "overall")
    oak = next(r for r in rows if r["ward"] == "Oak" and r["measure"] == "overall")
    assert ("*", "*") == (elm["n"], elm["mean"])
    assert ("10", "2") == (oak["n"], oak["mean"])


def test_summary_without_suppression_and_as_json_matches_summarize() -> None:
    """--no-suppression gives summarize's figures; --format json loads as a CohortSummary."""
    result = run(
        "summary",
        "-",
        "--by",
        "ward",
        "--format",
        "json",
        "--no-suppression",
        "--resamples",
        "50",
        stdin=_small_cohort_csv(),
    )
    assert 0 == result.returncode, result.stderr
    summary = cp.io.json.from_json(result.stdout, cp.CohortSummary)
    table = cp.io.csv.read_evaluations(
        io.StringIO(_small_cohort_csv().decode()), group_columns=["ward"]
    )
    cohort = cp.EvaluationCohort.from_responses(table.rows, groups=table.groups)
    # The command publishes the whole with the wards, with or without suppression.
    accumulator = cp.SummaryAccumulator(by="ward").add(cohort)
    assert accumulator.summary(resamples=50, levels=True) == summary
    assert () in summary.groups
    assert 3 == summary.measure(None, ("Elm",)).n


def test_summary_of_an_unknown_column_exits_1() -> None:
    """--by a column the file does not have is reported as a missing column."""
    result = run("summary", "-", "--by", "site", stdin=_small_cohort_csv())
    assert 1 == result.returncode
    assert "missing columns: site" in result.stderr


def test_summary_of_readiness_assessments_counts_each_cell() -> None:
    """A readiness file is summarised cell by cell, suppressed by default."""
    out = io.StringIO()
    assessments = [
        cp.ReadinessAssessment.from_labels({"informed_obligation": "yes"}, setting=f"w{k}")
        for k in range(9)
    ]
    cp.io.csv.write_readiness(assessments, out)
    result = run("summary", "-", "--format", "csv", stdin=out.getvalue().encode())
    assert 0 == result.returncode, result.stderr
    first = next(csv.DictReader(io.StringIO(result.stdout)))
    assert ("informed", "obligation", "10", "10") == (
        first["activity"],
        first["dimension"],
        first["total"],
        first["yes"],
    )


def test_the_command_line_benchmark_runs_on_a_small_file() -> None:
    """benchmarks/bench_cli.py runs end to end on 5,000 rows and reports both ratios."""
    pytest.importorskip("pandas")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_cli.py"),
            "--rows",
            "5000",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "coproduction score / csv.reader:" in result.stdout
    assert "coproduction score / pandas:" in result.stdout


@pytest.mark.parametrize("respondent", ["respondent", '"respondent"'])
def test_a_file_with_a_header_and_no_rows_gives_a_header_and_no_rows(respondent: str) -> None:
    """No respondents is not an error: the output has the header only, ids column included.

    A quoted header goes through the csv module rather than numpy; the columns agree.
    """
    header = respondent + "," + ",".join(ITEMS) + "\n"
    result = run("score", "-", "--format", "csv", stdin=header.encode())
    assert 0 == result.returncode, result.stderr
    assert [
        "respondent,support,respect,risk_action,trust,power_with,overall,answered,warnings"
    ] == (result.stdout.splitlines())


def _redcap_export() -> bytes:
    head = "record_id,redcap_event_name,ward,rc_listened_obl," + ",".join(ITEMS)
    rows = [
        "1,baseline_arm_1,Oak,yes," + ",".join(["2"] * 23),
        "1,followup_arm_1,Oak,," + ",".join(["0"] * 23),
        "2,baseline_arm_1,Elm,no," + ",".join(["1"] * 23),
    ]
    return "\r\n".join([head, *rows, ""]).encode()


def test_score_reads_a_redcap_export_with_record_and_event_as_the_id() -> None:
    """--input-format redcap: one row per evaluation row, its id record/event."""
    result = run(
        "score", "-", "--input-format", "redcap", "--format", "csv", stdin=_redcap_export()
    )
    assert 0 == result.returncode, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [("1/baseline_arm_1", "2"), ("1/followup_arm_1", "0"), ("2/baseline_arm_1", "1")] == [
        (r["respondent"], r["overall"]) for r in rows
    ]


def test_summary_groups_a_redcap_export_by_event() -> None:
    """The event is a grouping column of a REDCap export, for summary --by."""
    result = run(
        "summary", "-", "--input-format", "redcap", "--by", "redcap_event_name",
        "--format", "csv", "--no-suppression", "--resamples", "0",
        stdin=_redcap_export(),
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    events = {r["redcap_event_name"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert {"", "baseline_arm_1", "followup_arm_1"} == events  # "": the whole export


def test_validate_reports_a_bad_redcap_cell_at_the_exports_row_and_field() -> None:
    """A bad cell in a REDCap export: exit 1, located at the export's row and field."""
    data = _redcap_export().replace(b"Elm,no,1,", b"Elm,no,7,")
    result = run("validate", "-", "--input-format", "redcap", stdin=data)
    assert 1 == result.returncode
    assert "row 4, column 'support_1'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_redcap_export_refuses_an_id_column() -> None:
    """Ids of a REDCap export come from record_id: --id-column is a usage error."""
    result = run(
        "score", "-", "--input-format", "redcap", "--id-column", "ward", stdin=_redcap_export()
    )
    assert 2 == result.returncode
    assert "record_id" in result.stderr


def test_score_keeps_each_score_with_its_id_when_an_id_holds_a_newline() -> None:
    """A quoted id with a newline does not shift later ids onto other rows' scores."""
    head = "respondent," + ",".join(ITEMS)
    rows = ['"P-1\nP-9",' + ",".join("0" * 23), "P-2," + ",".join("1" * 23)]
    rows.append("P-3," + ",".join("2" * 23))
    result = run("score", "-", "--format", "json", stdin="\n".join([head, *rows, ""]).encode())
    assert 0 == result.returncode, result.stderr
    scores = [
        cp.io.json.from_dict(d["score"], cp.EvaluationScore) for d in json.loads(result.stdout)
    ]
    assert [("P-1\nP-9", 0.0), ("P-2", 1.0), ("P-3", 2.0)] == [
        (s.respondent, s.domains[cp.Domain.SUPPORT].mean) for s in scores
    ]


@pytest.mark.parametrize("command", ["score", "validate"])
def test_the_command_refuses_latin1_bytes_and_reads_cr_line_ends(command: str) -> None:
    """Bytes that are not UTF-8 are refused with their row; CR-only line ends are read."""
    latin = ("respondent," + ",".join(ITEMS) + "\nR-\xe9," + ",".join("1" * 23) + "\n").encode(
        "latin-1"
    )
    refused = run(command, "-", stdin=latin)
    assert 0 != refused.returncode
    assert "row 2, column 'respondent'" in refused.stderr
    mac = _one_response_csv().replace(b"\n", b"\r")
    assert 0 == run(command, "-", stdin=mac).returncode


def test_json_input_is_read_as_strictly_as_the_library_reads_it() -> None:
    """A key or a respondent given twice is refused by the command, at its JSON path."""
    document = cp.io.json.to_dict(
        cp.EvaluationResponse.from_labels({"trust_1": 2}, respondent="R-1")
    )
    text = json.dumps(document)
    twice = text.replace('"respondent": "R-1"', '"respondent": "R-1", "respondent": "R-9"')
    result = run("score", "-", "--format", "csv", stdin=twice.encode())
    assert 1 == result.returncode
    assert "respondent" in result.stderr
    assert "R-9" not in result.stdout
    result = run("validate", "-", stdin=f"[{text}, {text}]".encode())
    assert 1 == result.returncode
    assert "$[1].respondent" in result.stderr


def test_summary_by_level_groups_by_the_responses_levels() -> None:
    """``--by level`` groups by each response's level, as ``summarize(by="level")`` does."""
    levels = [cp.Level.INDIVIDUAL] * 9 + [cp.Level.GROUP] * 9 + [None] * 8
    responses = [
        cp.EvaluationResponse.from_labels({"trust_1": k % 3}, respondent=f"R-{k}", level=level)
        for k, level in enumerate(levels)
    ]
    out = io.StringIO()
    cp.io.csv.write_evaluations(responses, out)
    result = run("summary", "-", "--by", "level", "--format", "json", stdin=out.getvalue().encode())
    assert 0 == result.returncode, result.stderr
    expected = cp.summarize(
        cp.EvaluationCohort.from_responses(responses), by="level", disclosure=cp.DisclosureControl()
    )
    # Every suppressed figure gives the rule's one reason, in the library as published.
    assert cp.io.json.to_dict(expected) == json.loads(result.stdout)


def test_the_terminal_table_shows_control_characters_and_each_group_once() -> None:
    """Line ends and escapes in ids are shown, not run; a group asked twice is kept once."""
    text = "respondent,ward," + ",".join(ITEMS) + '\n"R\n1",Oak,' + ",".join("1" * 23) + "\n"
    result = run(
        "score", "-", "--group", "ward", "--group", "ward", "--format", "table", stdin=text.encode()
    )
    assert 0 == result.returncode, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["respondent", "ward", "support"]
    assert "\\x0a" in lines[1]
    escape = cp.io.json.to_json(cp.EvaluationResponse({}, respondent="R\x1b[2J"))
    result = run("score", "-", "--format", "table", stdin=escape.encode())
    assert "\x1b" not in result.stdout
    assert "R\\x1b[2J" in result.stdout
    result = run("score", "-", "--group", "respondent", stdin=text.encode())
    assert 2 == result.returncode


def test_a_header_that_arrives_in_pieces_or_through_a_pipe_path_is_read_whole() -> None:
    """Ids are kept whatever the source: a slow pipe, a long header, a pipe given as a path."""
    group = "g" * 9_000  # a header over 8 KiB, longer than one pipe read
    header = f"{group}," + ",".join(ITEMS) + ",respondent\n"
    row = "W1," + ",".join("1" * 23) + ",P1\n"
    script = (
        "import sys, time\n"
        f"sys.stdout.write({header[:100]!r}); sys.stdout.flush(); time.sleep(0.5)\n"
        f"sys.stdout.write({header[100:] + row!r})\n"
    )
    for source in ("-", "/dev/stdin"):
        with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE) as writer:
            result = subprocess.run(
                [sys.executable, "-m", "coproduction", "score", source, "--group", group],
                stdin=writer.stdout,
                capture_output=True,
                text=True,
                check=False,
            )
        assert 0 == result.returncode, result.stderr
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [("P1", "W1")] == [(r["respondent"], r[group]) for r in rows]


def test_a_score_document_fed_back_to_score_is_named_for_what_it_is(tmp_path: Path) -> None:
    """The score command's JSON output given as input is refused in one line saying what it is."""
    source = tmp_path / "answers.json"
    source.write_text(
        cp.io.json.to_json(cp.EvaluationResponse.from_labels({"support_1": 2}, respondent="R-1")),
        encoding="utf-8",
    )
    scores = tmp_path / "scores.json"
    assert run("score", str(source), "--format", "json", "-o", str(scores)).returncode == 0
    result = run("score", str(scores))
    assert result.returncode == 1
    assert "is what 'coproduction score --format json' writes" in result.stderr
    assert result.stderr.count("\n  - ") == 1
    # Its CSV output, and one score document on its own (not in an array), likewise.
    table = tmp_path / "scores.csv"
    assert run("score", str(source), "--format", "csv", "-o", str(table)).returncode == 0
    result = run("score", str(table))
    assert result.returncode == 1
    assert "row 1: this is what 'coproduction score' writes" in result.stderr
    assert result.stderr.count("\n  - ") == 1
    one = tmp_path / "score.json"
    response = cp.EvaluationResponse.from_labels({"support_1": 2})
    one.write_text(cp.io.json.to_json(cp.score_evaluation(response)), encoding="utf-8")
    result = run("score", str(one))
    assert "  - $: an EvaluationScore document; the commands read" in result.stderr


def test_a_published_json_summary_gives_every_suppressed_figure_one_reason(tmp_path: Path) -> None:
    """Primary and complementary suppression are not told apart in what is published.

    Wards of 20, 5 and 30: telling "count of 1 to 7" from "secondary suppression"
    would point at the small ward (a hostile review); the CSV and the report mark
    both ``*``, and the JSON gives both the same reason.
    """
    rows = [",".join([ward, *["2"] * 23]) for ward, n in (("A", 20), ("B", 5), ("C", 30))
            for _ in range(n)]  # fmt: skip
    source = tmp_path / "wards.csv"
    source.write_text("ward," + ",".join(ITEMS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run("summary", str(source), "--by", "ward", "--format", "json")
    assert result.returncode == 0, result.stderr
    reasons = set(re.findall(r'"reason": "([^"]*)"', result.stdout))
    assert len(reasons) == 1
    assert "1 to 7 people" in reasons.pop()


def test_a_summary_has_the_same_rows_with_and_without_suppression(tmp_path: Path) -> None:
    """The whole, each site, each ward in its site: with --no-suppression too (same shape)."""
    rows = [
        ",".join([site, ward, *[str(k % 3)] * 23])
        for site, ward, n in (("N", "A", 12), ("N", "B", 9), ("S", "C", 10))
        for k in range(n)
    ]
    source = tmp_path / "wards.csv"
    source.write_text(
        "site,ward," + ",".join(ITEMS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    common = ("summary", str(source), "--by", "site", "--by", "ward", "--format", "csv")
    shown = run(*common)
    plain = run(*common, "--no-suppression")
    assert shown.returncode == plain.returncode == 0, shown.stderr + plain.stderr

    def keys(text: str) -> list[tuple[str, ...]]:
        return [tuple(r[:3]) for r in csv.reader(io.StringIO(text))]

    assert keys(shown.stdout) == keys(plain.stdout)
    assert ("N", "", "support") in keys(plain.stdout)  # the site, published with its wards
    assert ("", "", "support") in keys(plain.stdout)  # and the whole


def test_every_option_with_a_default_says_it_in_help() -> None:
    """``--help`` shows each option's default, so nobody has to read the source."""
    parser = _cli._parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    silent = [
        f"{name} {'/'.join(action.option_strings)}"
        for name, command in commands.items()
        for action in command._actions
        if action.option_strings
        and action.help != argparse.SUPPRESS
        and action.default not in (None, False, [], argparse.SUPPRESS)
        and "default" not in (action.help or "")
    ]
    assert silent == []
