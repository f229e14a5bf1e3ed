"""The ``coproduction`` command: score, validate, print forms and export, from a shell.

Exit statuses (the same for every command):

* 0: done.
* 1: the input has problems; every one is listed on standard error.
* 2: the command line is wrong (unknown command or option); usage on standard error.
* 3: a file could not be read or written (missing, not permitted).

Input ``-`` is standard input; output goes to standard output unless ``--output``
names a file, which is written to a temporary file first and renamed into place,
so a failed run never leaves a partial file behind. Answers are never logged.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Final, Literal

import numpy as np
from numpy.typing import NDArray

from coproduction import _csv, _fhir, _json, _redcap
from coproduction._atomic import atomic_output
from coproduction._cohort_scoring import score_cohort
from coproduction._cohorts import EvaluationCohort, ReadinessCohort
from coproduction._forms import render_form
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    READINESS_CHECKER,
    Frequency,
    ReadinessAnswer,
)
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import (
    EvaluationConventions,
    score_evaluation,
    score_readiness,
)
from coproduction._summaries import CohortSummary, ReadinessSummary, summarize, summarize_readiness
from coproduction._suppression import DISCLOSURE_SOURCE, DisclosureControl, Suppressed
from coproduction._table_out import (
    Column,
    Lookup,
    format_numbers,
    format_warnings,
    safe_cells,
    safe_texts,
    unique,
    write_csv_columns,
    write_table,
)
from coproduction._warnings import (
    DEFAULT_RULES,
    REFLECTION_NOTE,
    Flag,
    ItemRule,
    power_over_warnings,
)
from coproduction.exceptions import CoproductionError, Problem, ValidationError

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2
EXIT_IO: Final = 3

_ITEM_IDS: Final = COPRODUCTION_EVALUATION.item_ids
_QUESTION_IDS: Final = frozenset(q.id for q in READINESS_CHECKER.questions)
_DOMAINS: Final = COPRODUCTION_EVALUATION.domains
_FREQUENCIES: Final = tuple(Frequency)

InputFormat = Literal["auto", "csv", "csv-long", "json", "redcap"]


class _UsageError(CoproductionError):
    """A command line that argparse accepted but that cannot be carried out."""


# --- reading input ------------------------------------------------------------------


def _read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).read_bytes()


def _first_line(data: bytes) -> bytes:
    """The header line, without a byte-order mark (no copy of the rest of the file)."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    end = data.find(b"\n", start)
    return data[start : len(data) if end < 0 else end]


def _detect(name: str, data: bytes, given: InputFormat) -> InputFormat:
    if given != "auto":
        return given
    if name.lower().endswith(".json") or data.lstrip()[:1] in {b"{", b"["}:
        return "json"
    header = _first_line(data).decode("utf-8", "replace")
    columns = {c.strip().strip('"') for c in header.split(",")}
    if "answer" in columns and ({"item", "question"} & columns):
        return "csv-long"
    return "csv"


def _is_readiness_csv(data: bytes) -> bool:
    header = _first_line(data).decode("utf-8", "replace")
    columns = {c.strip().strip('"') for c in header.split(",")}
    return bool(columns & _QUESTION_IDS) or "question" in columns


def _load_json(data: bytes) -> list[object]:
    try:
        document = json.loads(data, parse_constant=_json.refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ValidationError("JSON document", [Problem("$", f"not JSON: {error}")]) from None
    if isinstance(document, dict) and "resourceType" in document:
        return list(_fhir.from_fhir(document))
    documents = document if isinstance(document, list) else [document]
    values: list[object] = []
    problems: list[Problem] = []
    for i, doc in enumerate(documents):
        try:
            values.append(_json.from_dict(doc))
        except ValidationError as error:
            prefix = f"$[{i}]" if isinstance(document, list) else "$"
            problems.extend(
                Problem(prefix + p.location.removeprefix("$"), p.message) for p in error.problems
            )
    if problems:
        raise ValidationError("JSON input", problems)
    return values


def _text_column(values: Sequence[str]) -> NDArray[np.bytes_]:
    """Text cells as a UTF-8 bytes array; NUL characters are refused (numpy pads with NUL)."""
    problems = [
        Problem(f"row {k + 2}", "a text cell holds a NUL character")
        for k, v in enumerate(values)
        if "\0" in v
    ]
    if problems:
        raise ValidationError("input", problems)
    return np.array([v.encode() for v in values], dtype="S").reshape(len(values))


class _Evaluations:
    """Evaluation answers as codes: an ``(n, 23)`` int8 array; ids and groups as UTF-8 bytes."""

    def __init__(
        self,
        codes: NDArray[np.int8],
        ids: NDArray[np.bytes_] | None,
        groups: dict[str, NDArray[np.bytes_]],
        responses: Sequence[EvaluationResponse] | None = None,
    ) -> None:
        self.codes = codes
        self.ids = ids
        self.groups = groups
        #: The responses, when read as objects (they may carry activity context).
        self.responses = responses

    @classmethod
    def from_responses(
        cls, responses: Sequence[EvaluationResponse], groups: Mapping[str, Sequence[str]]
    ) -> _Evaluations:
        order = {f: i for i, f in enumerate(_FREQUENCIES)}
        codes = np.array(
            [
                [-1 if (a := r.answers[i]) is None else order[a] for i in _ITEM_IDS]
                for r in responses
            ],
            dtype=np.int8,
        ).reshape(-1, len(_ITEM_IDS))
        ids = [r.respondent or "" for r in responses]
        return cls(
            codes,
            _text_column(ids) if any(ids) else None,
            {g: _text_column(v) for g, v in groups.items()},
            responses,
        )


def _load_redcap(args: argparse.Namespace, data: bytes, groups: list[str]) -> _Evaluations:
    """A REDCap records export's evaluation rows, events and instances as groups."""
    if args.id_column != "respondent":
        raise _UsageError("--id-column does not apply to a REDCap export: ids come from record_id")
    table = _redcap.read_redcap_records(
        io.StringIO(_csv.decode_utf8(data), newline=""), group_columns=groups
    )
    return _Evaluations.from_responses(table.rows, dict(table.groups))


def _load(  # noqa: PLR0911 - one return per input format
    args: argparse.Namespace, data: bytes
) -> _Evaluations | list[ReadinessAssessment]:
    """Read any supported input into evaluation codes or readiness assessments."""
    fmt = _detect(args.file, data, args.input_format)
    groups: list[str] = args.group or []
    if fmt == "redcap":
        return _load_redcap(args, data, groups)
    if fmt == "json":
        if groups:
            raise _UsageError("--group applies to CSV input only")
        values = _load_json(data)
        if values and all(isinstance(v, ReadinessAssessment) for v in values):
            return [v for v in values if isinstance(v, ReadinessAssessment)]
        responses = [v for v in values if isinstance(v, EvaluationResponse)]
        if len(responses) != len(values):
            raise ValidationError(
                "JSON input",
                [Problem("$", "expected evaluation responses or readiness assessments, not both")],
            )
        return _Evaluations.from_responses(responses, {})
    if _is_readiness_csv(data):
        layout: Literal["wide", "long"] = "long" if fmt == "csv-long" else "wide"
        text = _csv.decode_utf8(data)
        return list(_csv.read_readiness_csv(io.StringIO(text, newline=""), layout=layout).rows)
    if fmt == "csv-long":
        table = _csv.read_evaluation_csv(
            io.StringIO(_csv.decode_utf8(data), newline=""),
            layout="long",
            id_column=args.id_column,
            group_columns=groups,
        )
        return _Evaluations.from_responses(table.rows, dict(table.groups))
    header = _first_line(data)
    if b"activities" in header:  # activity context: read as objects, for the choice warning
        table = _csv.read_evaluation_csv(
            io.StringIO(_csv.decode_utf8(data), newline=""),
            id_column=args.id_column,
            group_columns=groups,
        )
        return _Evaluations.from_responses(table.rows, dict(table.groups))
    raw = _csv.read_wide_raw(data, id_column=args.id_column, group_columns=groups)
    if isinstance(raw, _csv.RawWide):
        return _Evaluations(raw.codes, raw.ids, raw.groups)
    codes, ids, group_values = raw
    return _Evaluations(
        codes,
        None if ids is None else _text_column(ids),
        {g: _text_column(v) for g, v in group_values.items()},
    )


# --- scoring, vectorised --------------------------------------------------------------


def _score_codes(
    codes: NDArray[np.int8], conventions: EvaluationConventions
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Domain means ``(n, 5)`` and overall ``(n,)`` (NaN when not scored), answered counts.

    :func:`coproduction.score_cohort`: the same rules as
    :func:`coproduction.score_evaluation`, on whole columns.
    """
    scores = score_cohort(EvaluationCohort.from_array(codes), conventions=conventions)
    return scores.mean, scores.overall, scores.answered.sum(axis=1, dtype=np.int64)


def _item_warnings(codes: NDArray[np.int8]) -> NDArray[np.int64]:
    """Which item-rule flags each row raises, as bits in :class:`Flag` order.

    The same rules as :func:`coproduction.power_over_warnings` with
    :data:`coproduction.DEFAULT_RULES`, on whole columns; unanswered items never count.
    """
    order = {f: i for i, f in enumerate(_FREQUENCIES)}
    raised = np.zeros(codes.shape[0], dtype=np.int64)
    for bit, flag in enumerate(Flag):
        rule = DEFAULT_RULES.rule(flag)
        if not isinstance(rule, ItemRule) or not rule.enabled:
            continue
        low = codes[:, [_ITEM_IDS.index(i) for i in rule.low_items]]
        high = codes[:, [_ITEM_IDS.index(i) for i in rule.high_items]]
        low_count = ((low >= 0) & (low <= order[rule.at_most])).sum(axis=1)
        high_count = (high >= order[rule.at_least]).sum(axis=1)
        hit = (low_count >= rule.min_low) & (high_count >= rule.min_high)
        raised |= hit.astype(np.int64) << bit
    return raised


def _warning_bits(evaluations: _Evaluations) -> NDArray[np.int64]:
    if evaluations.responses is None:
        return _item_warnings(evaluations.codes)
    flags = list(Flag)
    return np.array(
        [
            sum(1 << flags.index(w.flag) for w in power_over_warnings(r))
            for r in evaluations.responses
        ],
        dtype=np.int64,
    ).reshape(-1)


def _evaluation_rows(
    evaluations: _Evaluations, conventions: EvaluationConventions, *, safe: bool
) -> tuple[list[str], list[Column]]:
    means, overall, answered = _score_codes(evaluations.codes, conventions)
    header: list[str] = []
    columns: list[Column] = []
    if evaluations.ids is not None:
        header.append("respondent")
        columns.append(safe_cells(evaluations.ids, neutralise=safe))
    for name, values in evaluations.groups.items():
        header.append(name)
        columns.append(safe_cells(values, neutralise=safe))
    for d, domain in enumerate(_DOMAINS):
        header.append(domain.value)
        columns.append(format_numbers(means[:, d]))
    header += ["overall", "answered", "warnings"]
    columns.append(format_numbers(overall))
    counts, inverse = unique(answered)
    columns.append(Lookup([str(c).encode() for c in counts.tolist()], inverse))
    flags = tuple(Flag)
    bits = _warning_bits(evaluations)
    as_bytes = bits.astype("<u8").view(np.uint8).reshape(-1, 8)
    raised = np.unpackbits(as_bytes, axis=1, count=len(flags), bitorder="little").view(np.bool_)
    columns.append(format_warnings(raised, flags))
    return header, columns


def _readiness_table(
    assessments: Sequence[ReadinessAssessment],
) -> tuple[list[str], list[Column]]:
    scores = [score_readiness(a) for a in assessments]
    header = ["setting"]
    rows = [[*s.by_activity.values(), *s.by_dimension.values(), s.overall] for s in scores]
    header += [a.value for a in READINESS_CHECKER.activities]
    header += [d.value for d in READINESS_CHECKER.dimensions] + ["overall"]
    values = np.array([[np.nan if v is None else v for v in r] for r in rows], dtype=np.float64)
    values = values.reshape(len(scores), len(header) - 1)
    settings = _text_column([a.setting or "" for a in assessments])
    columns: list[Column] = [safe_cells(settings, neutralise=True)]
    columns += [format_numbers(values[:, j]) for j in range(values.shape[1])]
    return header, columns


# --- output ---------------------------------------------------------------------------


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[bytes]]:
    """Standard output, or a temporary file renamed to ``path`` only when all went well."""
    if path is None or path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with atomic_output(path) as out:
        yield out


def _conventions(args: argparse.Namespace) -> EvaluationConventions:
    return EvaluationConventions(
        min_answered=args.min_answered, overall_min_domains=args.overall_min_domains
    )


def _command_score(args: argparse.Namespace) -> int:
    data = _read_input(args.file)
    loaded = _load(args, data)
    fmt = args.format
    if fmt == "auto":
        fmt = "table" if args.output is None and sys.stdout.isatty() else "csv"
    conventions = _conventions(args)
    if fmt == "json":
        if isinstance(loaded, list):
            documents = [_json.to_dict(score_readiness(a)) for a in loaded]
        else:
            documents = [
                {
                    "score": _json.to_dict(score_evaluation(r, conventions=conventions)),
                    "warnings": [_json.to_dict(w) for w in power_over_warnings(r)],
                }
                for r in (loaded.responses or _responses(loaded))
            ]
        body = json.dumps(documents, indent=2, ensure_ascii=False).encode() + b"\n"
        with _output(args.output) as out:
            out.write(body)
        return EXIT_OK
    if isinstance(loaded, list):
        header, columns = _readiness_table(loaded)
    else:
        header, columns = _evaluation_rows(loaded, conventions, safe=fmt == "csv")
    with _output(args.output) as out:
        if fmt == "csv":
            write_csv_columns(out, header, columns)
        else:
            write_table(out, header, columns)
            out.write(
                b"Means on the library's 0-2 convention (readiness: 0-1); empty = not scored.\n"
            )
            if isinstance(loaded, _Evaluations):
                out.write(f"Warnings use the library's rules. {REFLECTION_NOTE}\n".encode())
    return EXIT_OK


def _responses(evaluations: _Evaluations) -> list[EvaluationResponse]:
    ids = None if evaluations.ids is None else _csv.decode_column(evaluations.ids, "respondent")
    return [
        EvaluationResponse(
            {
                item: None if code < 0 else _FREQUENCIES[code]
                for item, code in zip(_ITEM_IDS, row, strict=True)
            },
            respondent=None if ids is None else ids[k],
        )
        for k, row in enumerate(evaluations.codes.tolist())
    ]


def _cell(value: object) -> str:
    """A published value as text: numbers to 4 decimals, ``*`` when suppressed."""
    if value is None:
        return ""
    if isinstance(value, Suppressed):
        return "*"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _summary_rows(summary: CohortSummary, *, items: bool) -> tuple[list[str], list[list[str]]]:
    header = [*summary.by, "measure", "n", "mean", "median", "sd", "low", "high"]
    rows = [
        [
            *m.group,
            "overall" if m.domain is None else m.domain.value,
            *(_cell(v) for v in (m.n, m.mean, m.median, m.sd, m.low, m.high)),
        ]
        for m in summary.measures
    ]
    if items:
        header += [f.value for f in _FREQUENCIES] + ["unanswered"]
        width = len(header)
        rows = [[*r, *[""] * (width - len(r))] for r in rows]
        rows += [
            [
                *i.group,
                i.item_id,
                *[""] * 6,
                *(_cell(i.counts[f]) for f in _FREQUENCIES),
                _cell(i.unanswered),
            ]
            for i in summary.items
        ]
    return header, rows


def _readiness_summary_rows(summary: ReadinessSummary) -> tuple[list[str], list[list[str]]]:
    answers = [a.value for a in ReadinessAnswer]
    header = [*summary.by, "activity", "dimension", "total", *answers, "unanswered"]
    rows: list[list[str]] = []
    for part in (summary.cells, summary.activities, summary.dimensions):
        rows.extend(
            [
                *c.group,
                "" if c.activity is None else c.activity.value,
                "" if c.dimension is None else c.dimension.value,
                _cell(c.total),
                *(_cell(v) for v in c.counts.values()),
                _cell(c.unanswered),
            ]
            for c in part
        )
    return header, rows


def _command_summary(args: argparse.Namespace) -> int:
    by: list[str] = args.by or []
    args.group = list(dict.fromkeys([*(args.group or []), *by]))
    loaded = _load(args, _read_input(args.file))
    disclosure = (
        None if args.no_suppression else DisclosureControl(threshold=args.threshold, base=args.base)
    )
    summary: CohortSummary | ReadinessSummary
    if isinstance(loaded, list):
        if by:
            raise _UsageError("--by needs grouping columns, which readiness input does not have")
        summary = summarize_readiness(
            ReadinessCohort.from_assessments(loaded), disclosure=disclosure
        )
        header, rows = _readiness_summary_rows(summary)
    else:
        groups = {g: _csv.decode_column(v, g) for g, v in loaded.groups.items()}
        cohort = EvaluationCohort.from_array(loaded.codes, groups=groups)
        summary = summarize(
            cohort,
            by=by or None,
            conventions=_conventions(args),
            resamples=args.resamples,
            seed=args.seed,
            disclosure=disclosure,
        )
        header, rows = _summary_rows(summary, items=args.items)
    fmt = args.format
    if fmt == "auto":
        fmt = "table" if args.output is None and sys.stdout.isatty() else "csv"
    with _output(args.output) as out:
        if fmt == "json":
            out.write(json.dumps(_json.to_dict(summary), indent=2).encode() + b"\n")
        elif fmt == "csv":
            texts = len(summary.by) + 1  # the groups and the measure (activity, dimension)
            if isinstance(summary, ReadinessSummary):
                texts += 1
            write_csv_columns(
                out,
                header,
                [
                    safe_texts(column, name)
                    if k < texts
                    else safe_cells(
                        np.array([c.encode() for c in column], dtype="S"), neutralise=False
                    )
                    for k, (name, column) in enumerate(
                        zip(
                            header,
                            zip(*rows, strict=True) if rows else [()] * len(header),
                            strict=True,
                        )
                    )
                ],
            )
        else:
            columns = (
                [np.array([c.encode() for c in col], dtype="S") for col in zip(*rows, strict=True)]
                if rows
                else [np.array([], "S1")] * len(header)
            )
            write_table(out, header, columns)
            if disclosure is None:
                out.write(b"No small-number suppression (--no-suppression).\n")
            else:
                out.write(
                    f"* suppressed: {disclosure.count_reason}, or a statistic "
                    f"{disclosure.statistic_reason}; other counts rounded to the nearest "
                    f"{disclosure.base}. Source: {DISCLOSURE_SOURCE}\n".encode()
                )
    return EXIT_OK


def _some_assessments(loaded: list[ReadinessAssessment], name: str) -> list[ReadinessAssessment]:
    if not loaded:
        raise _UsageError(f"{name} holds no Readiness Checker assessments")
    return loaded


def _command_report(args: argparse.Namespace) -> int:
    from coproduction._report import render_report

    loaded = _load(args, _read_input(args.file))
    cohort: EvaluationCohort | None = None
    readiness: list[ReadinessAssessment] = []
    if isinstance(loaded, list):
        readiness.extend(_some_assessments(loaded, args.file))
    else:
        groups = {g: _csv.decode_column(v, g) for g, v in loaded.groups.items()}
        cohort = EvaluationCohort.from_array(loaded.codes, groups=groups)
    for path in args.assessment or ():
        other = argparse.Namespace(
            **{**vars(args), "file": path, "input_format": "auto", "group": []}
        )
        extra = _load(other, _read_input(path))
        if not isinstance(extra, list):
            raise _UsageError(f"--assessment {path} is not a Readiness Checker file")
        readiness.extend(_some_assessments(extra, path))
    # One assessment is the setting's own (grid, scores, and the claims the warnings
    # compare with); several are shown as shares across settings.
    assessment = readiness[0] if len(readiness) == 1 else None
    several = readiness if len(readiness) > 1 else []
    disclosure = (
        None if args.no_suppression else DisclosureControl(threshold=args.threshold, base=args.base)
    )
    page = render_report(
        cohort=cohort,
        assessment=assessment,
        assessments=several,
        title=args.title,
        date=args.date,
        disclosure=disclosure,
        evaluation_conventions=_conventions(args),
        resamples=args.resamples,
        seed=args.seed,
    )
    with _output(args.output) as out:
        out.write(page.encode("utf-8"))
    return EXIT_OK


def _command_validate(args: argparse.Namespace) -> int:
    loaded = _load(args, _read_input(args.file))
    count = len(loaded) if isinstance(loaded, list) else loaded.codes.shape[0]
    what = "readiness assessments" if isinstance(loaded, list) else "evaluation responses"
    sys.stdout.write(f"{args.file}: valid, {count} {what}\n")
    return EXIT_OK


def _command_form(args: argparse.Namespace) -> int:
    text = render_form(args.instrument, args.format)
    with _output(args.output) as out:
        out.write(text.encode())
    return EXIT_OK


def _command_export(args: argparse.Namespace) -> int:
    kind = {"evaluation": EvaluationResponse, "readiness": ReadinessAssessment}[args.instrument]
    if args.what == "schema":
        text = _json.schema_text(kind)
    elif args.what == "fhir":
        resource = _fhir.fhir_questionnaire(args.instrument, fhir_version=args.fhir_version)
        text = json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
    else:
        buffer = io.StringIO()
        _redcap.write_data_dictionary(args.instrument, buffer)
        text = buffer.getvalue()
    with _output(args.output) as out:
        out.write(text.encode())
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------


def _share(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number <= 1:
        msg = f"expected a share in (0, 1], got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        msg = f"expected a whole number of at least 1, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(value)


def _non_negative(value: str) -> int:
    if not value.isdigit():
        msg = f"expected a whole number of at least 0, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(value)


def _add_aggregate_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that publish aggregates: disclosure control, intervals, scoring."""
    parser.add_argument(
        "--no-suppression",
        action="store_true",
        help="publish small numbers as they are (for researchers' own use only)",
    )
    parser.add_argument(
        "--threshold", type=_positive, default=7, help="counts from 1 to this are suppressed (7)"
    )
    parser.add_argument(
        "--base", type=_positive, default=5, help="other counts are rounded to this base (5)"
    )
    parser.add_argument(
        "--resamples", type=_non_negative, default=1000, help="bootstrap resamples (1000)"
    )
    parser.add_argument("--seed", type=_non_negative, default=0, help="random seed (0)")
    parser.add_argument("--min-answered", type=_share, default=0.5, help=argparse.SUPPRESS)
    parser.add_argument(
        "--overall-min-domains", type=int, choices=range(1, 6), default=5, help=argparse.SUPPRESS
    )


def _add_report(
    add_parser: Callable[..., argparse.ArgumentParser],
    input_options: Callable[[argparse.ArgumentParser], None],
) -> None:
    """The ``report`` command's options."""
    report = add_parser(
        "report",
        help="write a self-contained HTML audit report for a service board",
        description=(
            "One HTML file, no external requests: the evaluation summary (small numbers "
            "suppressed by default), warnings, the readiness grid (or the shares across "
            "settings, given several assessments), conventions, citation."
        ),
    )
    input_options(report)
    report.add_argument("--output", "-o", metavar="PATH", help="write here instead of stdout")
    report.add_argument(
        "--assessment",
        metavar="FILE",
        action="append",
        help=(
            "a Readiness Checker file; repeat it for more. One assessment in all is the "
            "setting's own (grid and scores); several are shown as shares across settings"
        ),
    )
    report.add_argument("--title", default="Coproduction audit report", help="the page's title")
    report.add_argument(
        "--date", type=dt.date.fromisoformat, help="the report's date, YYYY-MM-DD (default none)"
    )
    _add_aggregate_options(report)
    report.set_defaults(run=_command_report)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coproduction",
        description=(
            "Score, check and export the RRN Relational Model of Coproduction's instruments "
            "(Quinn, 2022; CC BY-NC-ND 4.0). Scoring rules are this library's conventions, "
            "not the booklet's."
        ),
        epilog="Exit status: 0 done, 1 invalid input, 2 usage error, 3 file not readable/writable.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def input_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("file", metavar="FILE", help="CSV or JSON file, or - for standard input")
        sub.add_argument(
            "--input-format",
            choices=["auto", "csv", "csv-long", "json", "redcap"],
            default="auto",
            help="how FILE is written (default: detected from its name and first line; "
            "a REDCap records export is never guessed: give redcap)",
        )
        sub.add_argument(
            "--id-column", default="respondent", help="respondent id column (default: respondent)"
        )
        sub.add_argument(
            "--group",
            action="append",
            metavar="COLUMN",
            help="a grouping column to keep (repeatable)",
        )

    score = commands.add_parser(
        "score",
        help="score every response in a file",
        description="Per-respondent domain means and overall, on the library's conventions.",
    )
    input_options(score)
    score.add_argument(
        "--format",
        choices=["auto", "table", "csv", "json"],
        default="auto",
        help="output format (default: table on a terminal, csv otherwise)",
    )
    score.add_argument("--output", "-o", metavar="PATH", help="write here instead of stdout")
    score.add_argument(
        "--min-answered",
        type=_share,
        default=0.5,
        help="share of a domain's items needed for a domain score (default 0.5)",
    )
    score.add_argument(
        "--overall-min-domains",
        type=int,
        choices=range(1, 6),
        default=5,
        metavar="{1..5}",
        help="domains needed for an overall score (default 5)",
    )
    score.set_defaults(run=_command_score)

    summary = commands.add_parser(
        "summary",
        help="summarise a cohort, with small-number suppression",
        description=(
            "Per group: how many have each domain score, mean, median, SD and a bootstrap "
            "interval; suppression of small numbers is on by default (NHS Digital's rule)."
        ),
    )
    input_options(summary)
    summary.add_argument(
        "--by", action="append", metavar="COLUMN", help="group by this column (repeatable)"
    )
    summary.add_argument(
        "--format", choices=["auto", "table", "csv", "json"], default="auto", help="output format"
    )
    summary.add_argument("--output", "-o", metavar="PATH", help="write here instead of stdout")
    summary.add_argument("--items", action="store_true", help="also list each item's answer counts")
    _add_aggregate_options(summary)
    summary.set_defaults(run=_command_summary)

    _add_report(commands.add_parser, input_options)

    validate = commands.add_parser(
        "validate",
        help="check a file; list every problem",
        description="Exit 0 when the file is valid, 1 with every problem listed when not.",
    )
    input_options(validate)
    validate.set_defaults(run=_command_validate)

    form = commands.add_parser(
        "form", help="print an instrument, verbatim, as a form", description="Print a form."
    )
    form.add_argument("instrument", choices=["evaluation", "readiness"])
    form.add_argument("--format", choices=["markdown", "html"], default="markdown")
    form.add_argument("--output", "-o", metavar="PATH", help="write here instead of stdout")
    form.set_defaults(run=_command_form)

    export = commands.add_parser(
        "export",
        help="export an instrument as FHIR, a REDCap data dictionary or a JSON Schema",
        description="Export an instrument for other software.",
    )
    export.add_argument("what", choices=["fhir", "redcap", "schema"])
    export.add_argument(
        "--fhir-version", choices=["R4", "R5"], default="R4", help="for fhir (default R4)"
    )
    export.add_argument("--instrument", choices=["evaluation", "readiness"], default="evaluation")
    export.add_argument("--output", "-o", metavar="PATH", help="write here instead of stdout")
    export.set_defaults(run=_command_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coproduction`` command line; return its exit status.

    See ``docs/cli.md`` for every command. Bad input never gives a traceback: it
    gives the list of problems on standard error and status 1.

    .. versionadded:: 0.1.0
    """
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except ValidationError as error:
        sys.stderr.write(f"coproduction {args.command}: {error}\n")
        return EXIT_INVALID
    except _UsageError as error:
        sys.stderr.write(f"coproduction {args.command}: {error}\n")
        return EXIT_USAGE
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        where = f" {error.filename}" if error.filename else ""
        sys.stderr.write(f"coproduction {args.command}: cannot use{where}: {error.strerror}\n")
        return EXIT_IO
