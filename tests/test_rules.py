"""Rules as data: custom flags, rules files and ``--rules`` on the command line."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import coproduction as cp
from booklet import booklet_text
from coproduction import rules
from coproduction.io import json as cjson
from coproduction.rules import DEFAULT_RULES, PASSAGES, CustomFlag, ItemRule, WarningRules

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "warning-rules.json"
DOCS = ROOT / "docs" / "warnings.md"
ITEMS = cp.COPRODUCTION_EVALUATION.item_ids
BOOKLET_WORDS = " ".join(booklet_text().replace("**", "").split())


def flag(**changes: object) -> CustomFlag:
    """A valid custom flag, with some fields changed."""
    fields: dict[str, object] = {
        "code": "decisions_without_voice",
        "title": "Decisions made together, without an equal voice",
        "explanation": "The answers suggest decisions are made together, voices not yet equal.",
        "passage_id": "reason_professional_knowledge",
        "reasons": (cp.Reason.PROFESSIONAL_KNOWLEDGE_FIRST,),
        "rule": ItemRule(
            high_items=("risk_action_3",),
            at_least=cp.Frequency.ALL_THE_TIME,
            low_items=("power_with_1", "power_with_3", "respect_4"),
            min_low=2,
            severity=cp.Severity.HIGH,
        ),
    }
    return CustomFlag(**{**fields, **changes})  # type: ignore[arg-type]


def problems(error: pytest.ExceptionInfo[cp.ValidationError]) -> dict[str, str]:
    """The problems of a refusal, location to message."""
    return {p.location: p.message for p in error.value.problems}


# --- the passages -------------------------------------------------------------------


def test_every_passage_is_the_booklet_s_words_verbatim() -> None:
    """A custom flag can only rest on the booklet's own words, found in the booklet."""
    for passage_id, text in PASSAGES.items():
        assert " ".join(text.split()) in BOOKLET_WORDS, passage_id


def test_every_built_in_flag_rests_on_a_passage_a_custom_flag_can_name() -> None:
    """The ids cover the passages the library's own flags rest on."""
    assert {f.passage for f in cp.Flag} <= set(PASSAGES.values())


# --- custom flags ---------------------------------------------------------------------


def test_a_custom_flag_reads_like_a_built_in_one() -> None:
    """Code, title, passage (verbatim, by id), reasons and prompts, as a Flag has them."""
    custom = flag()
    assert "decisions_without_voice" == custom.value == custom.code
    assert "DECISIONS_WITHOUT_VOICE" == custom.name
    assert PASSAGES["reason_professional_knowledge"] == custom.passage
    assert custom.passage.startswith("If professionals value the knowledge")
    assert (cp.Reason.PROFESSIONAL_KNOWLEDGE_FIRST,) == custom.reasons
    assert custom.prompts
    assert custom.prompts[0].text.startswith("Instead, staff need")


def test_a_custom_flag_lists_every_problem_by_field() -> None:
    """A built-in code, empty text, an unknown passage, reasons out of order or twice."""
    with pytest.raises(cp.ValidationError) as caught:
        flag(
            code="needs_not_met",
            title=" ",
            passage_id="luca_said",
            reasons=(cp.Reason.DIFFERENCES_AND_NEEDS, cp.Reason.KNOWS_BEST),
            rule="any",
        )
    found = problems(caught)
    assert "built-in flag's code" in found["code"]
    assert "non-empty text" in found["title"]
    assert "no booklet passage has the id 'luca_said'" in found["passage_id"]
    assert "booklet's order" in found["reasons"]
    assert "expected an ItemRule" in found["rule"]
    with pytest.raises(cp.ValidationError) as caught:
        flag(code="Not A Code", reasons=())
    assert {"code", "reasons"} == set(problems(caught))


def test_rules_refuse_two_custom_flags_with_one_code() -> None:
    """The second is located; codes are how outputs name flags."""
    with pytest.raises(cp.ValidationError) as caught:
        WarningRules(custom=(flag(), flag(title="Another"), "not a flag"))  # type: ignore[arg-type]
    found = problems(caught)
    assert "is also the code of custom[0]" in found["custom[1].code"]
    assert "expected a CustomFlag" in found["custom[2]"]


def test_rules_give_a_custom_flag_its_rule_and_only_their_own() -> None:
    """``rule`` finds a held custom flag; one the rules do not hold is refused."""
    custom = flag()
    held = WarningRules(custom=(custom,))
    assert custom.rule == held.rule(custom)
    assert (*cp.Flag, custom) == held.flags
    with pytest.raises(cp.ValidationError, match="not among these rules"):
        DEFAULT_RULES.rule(custom)


def test_a_custom_flag_is_raised_quiet_or_not_assessed_on_both_paths() -> None:
    """Decisions made with someone, voice and suggestions low: raised, on both paths."""
    custom = flag()
    used = WarningRules(custom=(custom,))
    answers = [
        {"risk_action_3": "All the time", "power_with_1": "Not at all", "respect_4": "Not at all"},
        {
            "risk_action_3": "All the time",
            "power_with_1": "Not at all",
            "power_with_3": "Sometimes",
            "respect_4": "Sometimes",
        },
        {"risk_action_3": "All the time", "power_with_1": "Not at all"},
        {"risk_action_3": "Sometimes", "power_with_1": "Not at all", "respect_4": "Not at all"},
    ]
    responses = [cp.EvaluationResponse.from_labels(a) for a in answers]
    outcomes = []
    for response in responses:
        report = cp.power_over_report(response, rules=used)
        raised = [w for w in report.warnings if w.flag == custom]
        open_ = [n for n in report.not_assessed if n.flag == custom]
        outcomes.append("raised" if raised else "not assessed" if open_ else "quiet")
    assert ["raised", "quiet", "not assessed", "quiet"] == outcomes
    warning = next(w for w in cp.power_over_warnings(responses[0], rules=used) if w.flag == custom)
    assert cp.Severity.HIGH == warning.severity
    assert ("risk_action_3", "power_with_1", "respect_4") == tuple(warning.items)
    assert [custom] == [w.flag for w in cp.power_over_report(responses[0], rules=used).warnings][
        -1:
    ]
    by_reason = cp.power_over_report(responses[0], rules=used).by_reason()
    assert warning in by_reason[cp.Reason.PROFESSIONAL_KNOWLEDGE_FIRST]
    found = cp.cohort_warnings(cp.EvaluationCohort.from_responses(responses), rules=used)
    j = found.flags.index(custom)
    assert [True, False, False, False] == found.raised[:, j].tolist()
    assert [True, True, False, True] == found.assessed[:, j].tolist()
    tally = found.tally()
    assert (1, 1) == (tally.raised[custom], tally.not_assessed[custom])
    switched_off = WarningRules(
        custom=(attrs.evolve(custom, rule=attrs.evolve(custom.rule, enabled=False)),)
    )
    assert (
        switched_off.custom[0]
        in cp.cohort_warnings(found_cohort(responses), rules=switched_off).disabled
    )


def found_cohort(responses: list[cp.EvaluationResponse]) -> cp.EvaluationCohort:
    """The responses as a cohort."""
    return cp.EvaluationCohort.from_responses(responses)


# --- JSON ---------------------------------------------------------------------------


def test_reports_with_custom_flags_are_written_whole_and_read_back() -> None:
    """A custom flag is written as an object wherever it appears, and read back equal."""
    used = WarningRules(custom=(flag(),))
    response = cp.EvaluationResponse.from_labels(
        {
            "risk_action_3": "All the time",
            "power_with_1": "Not at all",
            "power_with_3": "Not at all",
        }
    )
    report = cp.power_over_report(response, rules=used)
    document = cjson.to_dict(report)
    assert "decisions_without_voice" == document["warnings"][-1]["flag"]["code"]
    assert "voice_not_equal" == document["warnings"][0]["flag"]
    assert report == cjson.from_json(json.dumps(document), cp.WarningReport)
    assert used == cjson.from_dict(cjson.to_dict(used))


# --- rules files --------------------------------------------------------------------


def test_the_example_rules_file_is_read_and_shown_in_the_docs() -> None:
    """The example file of docs/warnings.md is the one in examples/, and it is valid."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert f"```json\n{text}```" in DOCS.read_text(encoding="utf-8")
    read = rules.read(EXAMPLE)
    assert cp.Frequency.SOMETIMES == read.voice_not_equal.at_most
    assert not read.commitment_on_paper.enabled
    assert DEFAULT_RULES.tick_box_involvement == read.tick_box_involvement  # left out: the default
    assert ("decisions_without_voice",) == tuple(f.code for f in read.custom)


def test_an_empty_rules_document_is_the_library_s_rules() -> None:
    """Every field left out keeps the library's rule."""
    assert DEFAULT_RULES == cjson.from_dict({"schema": "coproduction/warning-rules", "version": 1})


def write(tmp_path: Path, document: object, name: str = "rules.json") -> Path:
    """A rules file."""
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_rules_file_s_problems_are_each_located(tmp_path: Path) -> None:
    """Unknown item ids, bad thresholds, a missing passage and unknown keys, by JSON path."""
    good = cjson.to_dict(WarningRules(custom=(flag(),)))["custom"][0]
    document = {
        "schema": "coproduction/warning-rules",
        "version": 1,
        "needs_not_met": {"low_items": ["support_2"], "at_most": "all_the_time"},
        "voice_not_equal": {"low_items": ["power_with_1"], "min_low": 2},
        "strengths_seen": {"low_items": ["respect_3"]},
        "custom": [
            {**good, "passage_id": "the_booklet"},
            {**good, "code": "other", "rule": {"low_items": ["support_9"]}},
            {**good, "code": "third", "severity": "high"},
        ],
    }
    with pytest.raises(cp.ValidationError) as caught:
        rules.read(write(tmp_path, document))
    assert str(tmp_path / "rules.json") in caught.value.what
    found = problems(caught)
    assert "must be below All the time" in found["$.needs_not_met.at_most"]
    assert "from 1 to 1, got int 2" in found["$.voice_not_equal.min_low"]
    assert "unknown keys: strengths_seen" in found["$"]
    assert "no booklet passage has the id 'the_booklet'" in found["$.custom[0].passage_id"]
    assert "unknown item id 'support_9'" in found["$.custom[1].rule.low_items[0]"]
    assert "unknown keys: severity" in found["$.custom[2]"]


def test_every_problem_of_a_custom_flag_is_listed_at_once(tmp_path: Path) -> None:
    """A refused rule does not hide the flag's passage, code or a code given twice."""
    good = cjson.to_dict(WarningRules(custom=(flag(),)))["custom"][0]
    document = {
        "schema": "coproduction/warning-rules",
        "version": 1,
        "custom": [
            {**good, "passage_id": "nowhere", "code": "Bad Code", "rule": {"low_items": []}},
            {**good, "rule": {"low_items": ["support_1"], "min_low": 0}},
            {**good, "passage_id": 7},
            good,
        ],
    }
    with pytest.raises(cp.ValidationError) as caught:
        rules.read(write(tmp_path, document))
    located = [(p.location, p.message) for p in caught.value.problems]
    assert len(located) == len(set(located))  # each problem once
    found = problems(caught)
    assert "expected at least one item id" in found["$.custom[0].rule.low_items"]
    assert "no booklet passage has the id 'nowhere'" in found["$.custom[0].passage_id"]
    assert "lower-case words" in found["$.custom[0].code"]
    assert "from 1 to 1, got int 0" in found["$.custom[1].rule.min_low"]
    assert "expected text" in found["$.custom[2].passage_id"]
    assert "also the code of custom[1]" in found["$.custom[2].code"]
    assert "also the code of custom[1]" in found["$.custom[3].code"]


def test_a_rules_file_with_two_flags_of_one_code_is_refused(tmp_path: Path) -> None:
    """The duplicate is located at its code."""
    good = cjson.to_dict(WarningRules(custom=(flag(),)))["custom"][0]
    document = {"schema": "coproduction/warning-rules", "version": 1, "custom": [good, good]}
    with pytest.raises(cp.ValidationError) as caught:
        rules.read(write(tmp_path, document))
    assert "also the code of custom[0]" in problems(caught)["$.custom[1].code"]


def test_a_rules_file_must_be_a_rules_document(tmp_path: Path) -> None:
    """Another document, text that is not JSON, or a file too large for rules: refused."""
    response = cjson.to_dict(cp.EvaluationResponse.from_labels({}))
    with pytest.raises(cp.ValidationError, match="coproduction/warning-rules"):
        rules.read(write(tmp_path, response))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(cp.ValidationError, match="not JSON"):
        rules.read(broken)
    large = tmp_path / "large.json"
    large.write_bytes(b" " * (rules.MAX_RULES_BYTES + 1))
    with pytest.raises(cp.ValidationError, match="larger than"):
        rules.read(large)


# --- the command line ---------------------------------------------------------------


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """Run ``python -m coproduction`` with these arguments."""
    result = subprocess.run(
        [sys.executable, "-m", "coproduction", *args], input=stdin, capture_output=True, check=False
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def _cohort_csv() -> bytes:
    """Two respondents: the first raises the example's custom flag, the second does not."""
    first = dict.fromkeys(ITEMS, "1") | {"risk_action_3": "2", "power_with_1": "0"}
    first |= {"power_with_3": "0"}
    second = dict.fromkeys(ITEMS, "2")
    lines = ["respondent," + ",".join(ITEMS)]
    lines += [f"R-{k}," + ",".join(row[i] for i in ITEMS) for k, row in enumerate((first, second))]
    return ("\n".join(lines) + "\n").encode()


def test_score_raises_the_custom_flags_of_a_rules_file() -> None:
    """CSV (the vectorised path) and JSON (one response at a time) raise the same flags."""
    result = run("score", "-", "--format", "csv", "--rules", str(EXAMPLE), stdin=_cohort_csv())
    assert 0 == result.returncode, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert "decisions_without_voice" in rows[0]["warnings"].split(";")
    assert "voice_not_equal" in rows[0]["warnings"].split(";")
    assert "decisions_without_voice" not in rows[1]["warnings"]
    result = run("score", "-", "--format", "json", "--rules", str(EXAMPLE), stdin=_cohort_csv())
    assert 0 == result.returncode, result.stderr
    documents = json.loads(result.stdout)
    codes = [
        w["flag"] if isinstance(w["flag"], str) else w["flag"]["code"]
        for w in documents[0]["warnings"]
    ]
    assert codes == rows[0]["warnings"].split(";")
    without = run("score", "-", "--format", "csv", stdin=_cohort_csv())
    assert "decisions_without_voice" not in without.stdout


def test_summary_and_report_refuse_a_bad_rules_file_before_reading_data(tmp_path: Path) -> None:
    """Exit status 1 and every located problem; a missing file is status 3."""
    bad = write(tmp_path, {"schema": "coproduction/warning-rules", "version": 1, "custom": [1]})
    for command in ("summary", "report", "score"):
        result = run(command, "-", "--rules", str(bad), stdin=_cohort_csv())
        assert 1 == result.returncode, command
        assert "$.custom[0]" in result.stderr
        assert "" == result.stdout
    missing = run("summary", "-", "--rules", str(tmp_path / "none.json"), stdin=_cohort_csv())
    assert 3 == missing.returncode


def test_the_report_shows_the_custom_flag_of_a_rules_file(tmp_path: Path) -> None:
    """Its title and the booklet passage it rests on are in the report's warnings."""
    page = tmp_path / "report.html"
    result = run(
        "report", "-", "--rules", str(EXAMPLE), "-o", str(page), "--no-suppression",
        stdin=_cohort_csv(),
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    text = page.read_text(encoding="utf-8")
    assert "Decisions made together, without an equal voice" in text
    assert re.search(r"switched off", text)  # commitment_on_paper, switched off in the file
    # The page says whose rules these are, not "the library's" when a file changed them.
    assert "The warning rules: changed from the library&#x27;s rules" in text
    assert "custom flags, their authors&#x27; reading" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "\u202eDecisions", "U+202E"),
        ("title", "x" * 201, "at most 200 characters"),
        ("explanation", "The answers\x00 suggest", "U+0000"),
        ("explanation", "x" * 2_001, "at most 2,000 characters"),
    ],
)
def test_a_custom_flag_s_text_is_plain_and_of_a_sensible_length(
    field: str, value: str, message: str
) -> None:
    """Titles and explanations reach reports, CSV and JSON: no control or bidi characters."""
    fields = {
        "code": "decisions_without_voice",
        "title": "Decisions without a voice",
        "explanation": "The answers suggest that decisions are made without an equal voice.",
        field: value,
    }
    with pytest.raises(cp.ValidationError) as info:
        CustomFlag(
            **fields,
            passage_id=next(iter(PASSAGES)),
            reasons=(next(iter(cp.Reason)),),
            rule=DEFAULT_RULES.voice_not_equal,
        )
    assert [field] == [p.location for p in info.value.problems]
    assert message in info.value.problems[0].message
