"""The ``coproduction`` command: score, validate, print forms and export, from a shell.

Exit statuses (the same for every command):

* 0: done.
* 1: the input has problems; every one is listed on standard error.
* 2: the command line is wrong (unknown command or option); usage on standard error.
* 3: a file could not be read or written (missing, not permitted).

Input ``-`` is standard input; output goes to standard output unless ``--output``
names a file, which is written to a temporary file first and renamed into place,
so a failed run never leaves a partial file behind. Answers are never logged.

This module is argument parsing, files and exit statuses only: every rule it
applies is the library's. A CSV file is read block by block by
:func:`coproduction.io.csv.read_chunks` (so memory does not grow with the
file), each block is scored by :func:`coproduction.score_cohort`, checked by
:func:`coproduction.cohort_warnings` and written by the library's CSV writer;
summaries and reports reduce the blocks into a
:class:`coproduction.SummaryAccumulator`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Final, Literal

import attrs
import numpy as np

from coproduction._atomic import atomic_output
from coproduction._cohort_scoring import score_cohort
from coproduction._cohort_warnings import WarningTally, cohort_warnings
from coproduction._cohorts import LEVEL_GROUPING, EvaluationCohort, ReadinessCohort
from coproduction._display.forms import render_form
from coproduction._instruments import (
    COPRODUCTION_EVALUATION,
    ITEM_ID_SET,
    QUESTION_CELLS,
    READINESS_CHECKER,
    Frequency,
    ReadinessAnswer,
)
from coproduction._missing import Missing
from coproduction._provenance import Provenance, provenance, provenance_of
from coproduction._reader import MAX_HEADER, read_chunks, read_header
from coproduction._responses import EvaluationResponse, ReadinessAssessment
from coproduction._scoring import (
    EvaluationConventions,
    ReadinessConventions,
    score_evaluation,
    score_readiness,
)
from coproduction._summaries import SummaryAccumulator, summarize_readiness
from coproduction._summary_values import CohortSummary, ReadinessSummary
from coproduction._suppression import DISCLOSURE_SOURCE, DisclosureControl, Suppressed
from coproduction._table_out import (
    Column,
    ScoreCsvWriter,
    format_numbers,
    safe_cells,
    safe_texts,
    write_csv_columns,
    write_table,
)
from coproduction._warnings import (
    DEFAULT_RULES,
    REFLECTION_NOTE,
    WarningRules,
    power_over_warnings,
)
from coproduction.exceptions import CoproductionError, Problem, ValidationError
from coproduction.io import fhir as _fhir
from coproduction.io import json as _json
from coproduction.io import redcap as _redcap
from coproduction.io._documents import read_documents, schema_text
from coproduction.io.csv import read_readiness
from coproduction.rules import read as read_rules

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2
EXIT_IO: Final = 3

_FREQUENCIES: Final = tuple(Frequency)

InputFormat = Literal["auto", "csv", "csv-long", "json", "redcap"]


class _UsageError(CoproductionError):
    """A command line that argparse accepted but that cannot be carried out."""


# --- reading input ------------------------------------------------------------------


class _Replay(io.RawIOBase):
    """A stream read once: the bytes already read to tell its format, then the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: typing.Any) -> int:  # noqa: ANN401 - io's own signature
        target = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(target), len(self._head))
            target[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(target))
        target[: len(data)] = data
        return len(data)


def _read_up_to(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes, reading on until there are that many or the stream ends."""
    parts: list[bytes] = []
    got = 0
    while got < size:
        part = stream.read(size - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


#: A JSON input starts with an object, or an array of objects (or an empty array):
#: a CSV header such as ``[ward],respondent,...`` is not taken for JSON.
_JSON_START: Final = re.compile(rb"\s*(\{|\[\s*(\{|\]|\Z))")


class _Input:
    """An input: what the readers read, and its first bytes, to tell its format.

    A regular file is handed to the reader by its path (it reads it in pieces, and
    may read it twice to confirm a repeated id). Standard input, and any path that
    is not a regular file (a pipe, ``/dev/stdin``, a process substitution), is
    opened once and read once, in pieces: the bytes read to tell its format (up
    to the largest header and one byte more, so the header is read whole) are
    replayed to the reader. Nothing is read whole except JSON, which is a document.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.source: str | IO[bytes]
        if name == "-":
            if sys.stdin is None:
                raise OSError(errno.EBADF, "standard input is closed", "-")
            self._stream(sys.stdin.buffer)
        elif stat.S_ISREG(Path(name).stat().st_mode):
            with Path(name).open("rb") as file:
                self.head = file.read(MAX_HEADER + 1)
            self.source = name
        else:
            self._stream(Path(name).open("rb"))  # noqa: SIM115 - read to its end by the command

    def _stream(self, stream: IO[bytes]) -> None:
        self.head = _read_up_to(stream, MAX_HEADER + 1)
        self.source = io.BufferedReader(_Replay(self.head, stream), buffer_size=1 << 20)

    def read(self) -> bytes:
        """The whole input (for JSON documents only)."""
        if isinstance(self.source, str):
            return Path(self.source).read_bytes()
        return self.source.read()

    def format(self, given: InputFormat) -> InputFormat:
        """The input's format: the one given, or told from its name and first bytes."""
        if given != "auto":
            return given
        if self.name.lower().endswith(".json") or _JSON_START.match(self.head):
            return "json"
        columns = set(self.header())
        if "answer" in columns and ({"item", "question"} & columns):
            return "csv-long"
        return "csv"

    def header(self) -> list[str]:
        """The CSV header's cells, read by the library's reader (none if it cannot be read).

        A header the reader refuses (too long, not UTF-8, not CSV) gives no columns
        here: the reader then refuses the file with its own message.
        """
        try:
            return read_header(self.head[:MAX_HEADER])
        except ValidationError:
            return []

    def is_readiness(self) -> bool:
        """Whether a CSV file holds Readiness Checker answers (by its header)."""
        columns = set(self.header())
        return bool(columns & QUESTION_CELLS.keys()) or "question" in columns


@attrs.frozen
class _Evaluations:
    """Evaluation responses as cohort blocks (read once), and the columns they carry."""

    blocks: Iterable[EvaluationCohort]
    with_ids: bool
    group_columns: tuple[str, ...]


def _kind(value: object) -> str:
    name = type(value).__name__
    return {
        EvaluationResponse: "an evaluation response",
        ReadinessAssessment: "a readiness assessment",
    }.get(type(value), f"{'an' if name[0] in 'AEIOU' else 'a'} {name} document")


def _is_score_output(data: bytes) -> bool:
    """Whether refused JSON is the score command's own output (said as such, not as 23 problems)."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return False
    documents = value if isinstance(value, list) else [value]
    return bool(documents) and all(
        isinstance(d, dict) and set(d) == {"score", "warnings"} for d in documents
    )


def _load_json(data: bytes) -> tuple[list[EvaluationResponse], list[ReadinessAssessment]]:
    """Responses or assessments (one kind) from a JSON document, an array of them, or FHIR.

    Read by the library's one strict JSON reader (``read_documents``: strict UTF-8,
    no key given twice, no id given twice); this only says what the commands take.
    """
    try:
        values = read_documents(data)
    except ValidationError:
        if _is_score_output(data):
            raise ValidationError(
                "JSON input",
                [
                    Problem(
                        "$",
                        "this is what 'coproduction score --format json' writes (scores and "
                        "warnings), not answers: give the responses or assessments themselves",
                    )
                ],
            ) from None
        raise
    responses = [v for v in values if isinstance(v, EvaluationResponse)]
    assessments = [v for v in values if isinstance(v, ReadinessAssessment)]
    array = data.lstrip()[:1] == b"["
    others = [
        Problem(
            f"$[{i}]" if array else "$", f"{_kind(v)}; the commands read responses or assessments"
        )
        for i, v in enumerate(values)
        if not isinstance(v, EvaluationResponse | ReadinessAssessment)
    ]
    if others:
        raise ValidationError("JSON input", others)
    if responses and assessments:
        raise ValidationError(
            "JSON input",
            [Problem("$", "holds evaluation responses and readiness assessments: give one kind")],
        )
    return responses, assessments


def _load(args: argparse.Namespace, given: _Input) -> _Evaluations | list[ReadinessAssessment]:
    """Any supported input: evaluation blocks, or readiness assessments."""
    fmt = given.format(args.input_format)
    groups: list[str] = list(dict.fromkeys(args.group or []))  # each column once
    if args.id_column in groups and fmt != "redcap":
        raise _UsageError(f"--group {args.id_column} is the id column (--id-column)")
    if fmt == "redcap":
        if args.id_column != "respondent":
            raise _UsageError(
                "--id-column does not apply to a REDCap export: ids come from record_id"
            )
        cohort = _redcap.read_cohort(given.source, group_columns=groups)
        return _Evaluations([cohort], with_ids=True, group_columns=tuple(cohort.groups))
    if fmt == "json":
        if groups:
            raise _UsageError("--group applies to CSV input only")
        responses, assessments = _load_json(given.read())
        if assessments:
            return assessments
        return _Evaluations(
            [EvaluationCohort.from_responses(responses)], with_ids=True, group_columns=()
        )
    layout: Literal["wide", "long"] = "long" if fmt == "csv-long" else "wide"
    columns = set(given.header())
    if {"overall", "answered", "warnings"} <= columns and not columns & ITEM_ID_SET:
        raise ValidationError(
            "CSV input",
            [
                Problem(
                    "row 1",
                    "this is what 'coproduction score' writes (scores and warnings), not "
                    "answers: give the responses or assessments themselves",
                )
            ],
        )
    if given.is_readiness():
        return list(read_readiness(given.source, layout=layout).rows)
    blocks = read_chunks(
        given.source, layout=layout, id_column=args.id_column, group_columns=groups
    )
    with_ids = layout == "long" or args.id_column in given.header()
    return _Evaluations(blocks, with_ids, tuple(groups))


def _evaluations(loaded: _Evaluations | list[ReadinessAssessment], what: str) -> _Evaluations:
    if isinstance(loaded, list):
        raise _UsageError(f"{what} reads Coproduction Evaluation responses, not assessments")
    return loaded


# --- output ---------------------------------------------------------------------------


#: Output to standard output is held in memory up to this size, then in a temporary file.
_SPOOL_BYTES: Final = 8 << 20


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[bytes]]:
    """Where a command writes: ``path`` or standard output, whole or not at all.

    A file is written by :func:`~coproduction._atomic.atomic_output` (a temporary
    file beside it, renamed on success). Standard output is spooled (in memory,
    then in a private temporary file that is deleted on close) and copied out only
    when the command succeeded, so a problem found in the last block of a large
    file leaves nothing half-written in a pipeline either.
    """
    if path is not None and path != "-":
        with atomic_output(path) as out:
            yield out
        return
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        yield typing.cast("IO[bytes]", spool)
        spool.seek(0)
        shutil.copyfileobj(spool, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def _sidecar_path(output: str) -> str:
    """Where the provenance of a CSV or table written to ``output`` goes."""
    return f"{output}.provenance.json"


def _check_provenance_options(args: argparse.Namespace, fmt: str) -> None:
    """Refuse what would leave a file without its provenance, before anything is written.

    ``--provenance-header`` applies to CSV only (a table or JSON has no place for
    it), and the side-car of ``-o FILE`` must be a file that can be replaced: a
    directory in its place would otherwise be found only after ``FILE`` was written.
    """
    if getattr(args, "provenance_header", False) and fmt != "csv":
        raise _UsageError("--provenance-header applies to --format csv only")
    if args.output is None or args.output == "-":
        return
    side = Path(_sidecar_path(args.output))
    if side.exists() and not side.is_file():
        raise IsADirectoryError(errno.EISDIR, "the provenance side-car is not a file", str(side))


def _write_sidecar(args: argparse.Namespace, fmt: str, record: Provenance | None) -> None:
    """Write the side-car ``FILE.provenance.json`` of a CSV or table output to ``-o FILE``.

    JSON outputs carry their provenance inside; standard output has no place beside
    it (ask for ``--provenance-header`` instead). Written (atomically) once the
    output itself is in place, so that a command that fails writes neither. A JSON
    output to ``-o FILE`` removes the side-car an earlier run left beside ``FILE``:
    it would describe another computation.
    """
    if args.output is None or args.output == "-":
        return
    side = Path(_sidecar_path(args.output))
    if fmt == "json" or record is None:
        if side.is_file():
            side.unlink()
        return
    with atomic_output(side) as out:
        out.write(_json.to_json(record).encode() + b"\n")


def _rules(args: argparse.Namespace) -> WarningRules:
    """The warning rules: the library's, or those of the ``--rules`` file (read once)."""
    if args.rules is None:
        return DEFAULT_RULES
    cached: WarningRules | None = getattr(args, "_rules", None)
    if cached is None:
        cached = read_rules(args.rules)
        args._rules = cached  # noqa: SLF001 - the namespace is this module's own
    return cached


def _conventions(args: argparse.Namespace) -> EvaluationConventions:
    return EvaluationConventions(
        min_answered=args.min_answered, overall_min_domains=args.overall_min_domains
    )


def _format(args: argparse.Namespace) -> str:
    fmt: str = args.format
    if fmt == "auto":
        return "table" if args.output is None and sys.stdout.isatty() else "csv"
    return fmt


def _json_bytes(document: object, location: str) -> bytes:
    """A JSON document as UTF-8; text that UTF-8 cannot hold is the input's problem."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    try:
        return text.encode()
    except UnicodeEncodeError:
        raise ValidationError(
            "output",
            [Problem(location, "holds text that cannot be written as UTF-8 (a lone surrogate)")],
        ) from None


def _score_json(
    out: IO[bytes],
    evaluations: _Evaluations,
    conventions: EvaluationConventions,
    rules: WarningRules,
) -> None:
    """A JSON array, one ``{"score", "warnings"}`` document per respondent, block by block."""
    out.write(b"[")
    row = 0
    record = provenance(COPRODUCTION_EVALUATION, rules=rules)
    for block in evaluations.blocks:
        for response in block.to_responses():
            document = {
                "score": _json.to_dict(score_evaluation(response, conventions=conventions)),
                "warnings": [
                    _json.to_dict(w, provenance=record)
                    for w in power_over_warnings(response, rules=rules)
                ],
            }
            text = _json_bytes(document, f"$[{row}]").replace(b"\n", b"\n  ")
            out.write((b",\n  " if row else b"\n  ") + text)
            row += 1
    out.write(b"\n]\n" if row else b"]\n")


def _readiness_json(assessments: Sequence[ReadinessAssessment]) -> bytes:
    documents = [_json.to_dict(score_readiness(a)) for a in assessments]
    return _json_bytes(documents, "$") + b"\n"


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
    columns: list[Column] = [safe_texts([a.setting or "" for a in assessments], "setting")]
    columns += [format_numbers(values[:, j]) for j in range(values.shape[1])]
    return header, columns


def _command_score(args: argparse.Namespace) -> int:
    rules = _rules(args)
    fmt = _format(args)
    _check_provenance_options(args, fmt)
    loaded = _load(args, _Input(args.file))
    conventions = _conventions(args)
    record = (
        provenance(READINESS_CHECKER, scoring=ReadinessConventions())
        if isinstance(loaded, list)
        else provenance(COPRODUCTION_EVALUATION, scoring=conventions, rules=rules)
    )
    with _output(args.output) as out:
        _write_scores(out, args, loaded, record)
    _write_sidecar(args, fmt, record)  # after the output, which is written whole or not at all
    return EXIT_OK


def _write_scores(
    out: IO[bytes],
    args: argparse.Namespace,
    loaded: _Evaluations | list[ReadinessAssessment],
    record: Provenance,
) -> None:
    """The scores (and warnings) of every response or assessment, in the format asked for."""
    fmt = _format(args)
    rules = _rules(args)
    conventions = _conventions(args)
    if fmt == "csv" and args.provenance_header:
        out.write("".join(record.header_lines()).encode())
    if isinstance(loaded, list):
        if fmt == "json":
            out.write(_readiness_json(loaded))
            return
        header, columns = _readiness_table(loaded)
        if fmt == "csv":
            write_csv_columns(out, header, columns)
        else:
            write_table(out, header, columns)
            out.write(b"Readiness scores on the library's 0-1 convention; empty = not scored.\n")
        return
    if fmt == "json":
        _score_json(out, loaded, conventions, rules)
        return
    writer = ScoreCsvWriter(
        out,
        with_ids=loaded.with_ids,
        group_columns=loaded.group_columns,
        table=fmt == "table",
    )
    for block in loaded.blocks:
        warnings = cohort_warnings(block, rules=rules)
        writer.write(
            block, score_cohort(block, conventions=conventions), warnings.raised, warnings.flags
        )
    writer.close()
    if fmt == "table":
        out.write(b"Means on the library's 0-2 convention; empty = not scored.\n")
        source = "the library's rules" if args.rules is None else "the rules of --rules"
        out.write(f"Warnings use {source}. {REFLECTION_NOTE}\n".encode())


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

    def where(group: tuple[str, ...]) -> list[str]:
        """The grouping cells: empty for the whole cohort, published with the groups."""
        return [*group, *[""] * (len(summary.by) - len(group))]

    rows = [
        [
            *where(m.group),
            "overall" if m.domain is None else m.domain.value,
            *(_cell(v) for v in (m.n, m.mean, m.median, m.sd, m.low, m.high)),
        ]
        for m in summary.measures
    ]
    if items:
        # The counts by kind of missing, unless protected (then only the total is published).
        kinds = [] if summary.disclosure is not None else list(Missing)
        header += [f.value for f in _FREQUENCIES] + ["unanswered"] + [k.value for k in kinds]
        width = len(header)
        rows = [[*r, *[""] * (width - len(r))] for r in rows]
        rows += [
            [
                *where(i.group),
                i.item_id,
                *[""] * 6,
                *(_cell(i.counts[f]) for f in _FREQUENCIES),
                _cell(i.unanswered),
                *(_cell(i.missing[k]) for k in kinds),
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


def _disclosure(args: argparse.Namespace) -> DisclosureControl | None:
    if args.no_suppression:
        return None
    return DisclosureControl(threshold=args.threshold, base=args.base)


def _accumulate(
    evaluations: _Evaluations,
    args: argparse.Namespace,
    by: Sequence[str] = (),
    assessment: ReadinessAssessment | None = None,
) -> tuple[SummaryAccumulator, WarningTally]:
    """Reduce every block into a summary accumulator and a tally of warnings."""
    accumulator = SummaryAccumulator(by=list(by), conventions=_conventions(args))
    rules = _rules(args)
    tallies = []
    for block in evaluations.blocks:
        accumulator.add(block)
        tallies.append(cohort_warnings(block, rules=rules, assessment=assessment).tally())
    if not tallies:
        empty = EvaluationCohort.from_array(
            np.zeros((0, len(COPRODUCTION_EVALUATION.item_ids)), dtype=np.int8)
        )
        tallies.append(cohort_warnings(empty, rules=rules, assessment=assessment).tally())
    return accumulator, tallies[0].merge(*tallies[1:])


def _write_summary(
    out: IO[bytes],
    fmt: str,
    summary: CohortSummary | ReadinessSummary,
    header: list[str],
    rows: list[list[str]],
    record: Provenance | None = None,
) -> None:
    if fmt == "json":
        # Every suppressed figure gives the rule's one reason (the library's own).
        document = _json.to_dict(summary, provenance=record)
        out.write(_json_bytes(document, "$") + b"\n")
        return
    columns_of_rows = zip(*rows, strict=True) if rows else [()] * len(header)
    if fmt == "csv":
        texts = len(summary.by) + (2 if isinstance(summary, ReadinessSummary) else 1)
        write_csv_columns(
            out,
            header,
            [
                safe_texts(column, name)
                if k < texts
                else safe_cells(np.array([c.encode() for c in column], dtype="S"), neutralise=False)
                for k, (name, column) in enumerate(zip(header, columns_of_rows, strict=True))
            ],
        )
        return
    write_table(
        out,
        header,
        [safe_texts(column, name) for name, column in zip(header, columns_of_rows, strict=True)],
    )
    disclosure = summary.disclosure
    if isinstance(summary, CohortSummary) and summary.resamples:
        out.write(
            f"low, high: a {summary.confidence:.0%} percentile bootstrap interval of the mean "
            f"({summary.resamples} resamples, seed {summary.seed}).\n".encode()
        )
    if disclosure is None:
        out.write(b"No small-number suppression (--no-suppression).\n")
    else:
        out.write(
            f"* suppressed: {disclosure.count_reason}, or a statistic "
            f"{disclosure.statistic_reason}, or secondary suppression (so that no "
            "suppressed figure follows from the others, the whole cohort's row included); "
            f"other counts rounded to the nearest {disclosure.base}. "
            f"Source: {DISCLOSURE_SOURCE}\n".encode()
        )


def _command_summary(args: argparse.Namespace) -> int:
    by: list[str] = args.by or []
    # "level" groups by the responses' levels (the context column), not a column copy.
    kept = [b for b in by if b != LEVEL_GROUPING]
    _rules(args)  # a rules file is checked before any data is read
    _check_provenance_options(args, _format(args))
    args.group = list(dict.fromkeys([*(args.group or []), *kept]))
    loaded = _load(args, _Input(args.file))
    disclosure = _disclosure(args)
    summary: CohortSummary | ReadinessSummary
    if isinstance(loaded, list):
        if by:
            raise _UsageError("--by needs grouping columns, which readiness input does not have")
        summary = summarize_readiness(
            ReadinessCohort.from_assessments(loaded), disclosure=disclosure
        )
        header, rows = _readiness_summary_rows(summary)
    else:
        accumulator, _ = _accumulate(loaded, args, by)
        # Every level, with or without suppression: the same rows either way.
        summary = accumulator.summary(
            resamples=args.resamples, seed=args.seed, disclosure=disclosure, levels=True
        )
        header, rows = _summary_rows(summary, items=args.items)
    fmt = _format(args)
    # The rules of --rules are the run's, named in the provenance (docs/cli.md).
    record = provenance_of(summary, rules=None if args.rules is None else _rules(args))
    with _output(args.output) as out:
        if fmt == "csv" and args.provenance_header and record is not None:
            out.write("".join(record.header_lines()).encode())
        _write_summary(out, fmt, summary, header, rows, record)
    _write_sidecar(args, fmt, record)  # after the output, which is written whole or not at all
    return EXIT_OK


def _assessments(path: str, args: argparse.Namespace) -> list[ReadinessAssessment]:
    """The Readiness Checker assessments of an ``--assessment`` file."""
    other = argparse.Namespace(**{**vars(args), "input_format": "auto", "group": []})
    loaded = _load(other, _Input(path))
    if not isinstance(loaded, list):
        raise _UsageError(f"--assessment {path} is not a Readiness Checker file")
    if not loaded:
        raise _UsageError(f"{path} holds no Readiness Checker assessments")
    return loaded


def _command_report(args: argparse.Namespace) -> int:
    from coproduction.report import render as render_report

    _rules(args)  # a rules file is checked before any data is read
    readiness = [a for path in args.assessment or () for a in _assessments(path, args)]
    by: list[str] = args.by or []
    # As in summary: "level" groups by the responses' levels, other names are columns.
    kept = [b for b in by if b != LEVEL_GROUPING]
    args.group = list(dict.fromkeys([*(args.group or []), *kept]))
    loaded = _load(args, _Input(args.file))
    if isinstance(loaded, list):
        if not loaded:
            raise _UsageError(f"{args.file} holds no Readiness Checker assessments")
        if by:
            raise _UsageError("--by needs evaluation responses, which a readiness file is not")
        readiness = loaded + readiness
    # One assessment is the setting's own (grid, scores, and the claims the warnings
    # compare with); several are shown as shares across settings.
    assessment = readiness[0] if len(readiness) == 1 else None
    accumulator = tally = None
    if not isinstance(loaded, list):
        accumulator, tally = _accumulate(loaded, args, by, assessment=assessment)
    page = render_report(
        accumulator=accumulator,
        warnings=tally,
        rules=_rules(args),
        assessment=assessment,
        assessments=readiness if len(readiness) > 1 else [],
        title=args.title,
        date=args.date,
        disclosure=_disclosure(args),
        evaluation_conventions=_conventions(args),
        resamples=args.resamples,
        seed=args.seed,
        by=by,
    )
    with _output(args.output) as out:
        out.write(page.encode("utf-8"))
    return EXIT_OK


def _command_validate(args: argparse.Namespace) -> int:
    loaded = _load(args, _Input(args.file))
    if isinstance(loaded, list):
        count, what = len(loaded), "readiness assessments"
    else:
        count, what = sum(len(block) for block in loaded.blocks), "evaluation responses"
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
        text = schema_text(kind)
    elif args.what == "fhir":
        resource = _fhir.questionnaire(args.instrument, fhir_version=args.fhir_version)
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


def _add_provenance_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--provenance-header",
        action="store_true",
        help=(
            "start CSV output with '# ' lines of provenance (instrument, library version, "
            "conventions, citation); not plain CSV any more: read it with a comment "
            "character. With -o FILE the provenance is also in FILE.provenance.json"
        ),
    )


def _add_rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        metavar="FILE",
        help=(
            "warning rules from this JSON file (schema coproduction/warning-rules; "
            "see docs/warnings.md), instead of the library's"
        ),
    )


def _add_aggregate_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that publish aggregates: disclosure control, intervals, scoring."""
    parser.add_argument(
        "--no-suppression",
        action="store_true",
        help="publish small numbers as they are (for researchers' own use only)",
    )
    parser.add_argument(
        "--threshold",
        type=_positive,
        default=7,
        help="counts from 1 to this are suppressed (default 7)",
    )
    parser.add_argument(
        "--base",
        type=_positive,
        default=5,
        help="other counts are rounded to this base (default 5)",
    )
    parser.add_argument(
        "--resamples", type=_non_negative, default=1000, help="bootstrap resamples (default 1000)"
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
    report.add_argument(
        "--by",
        action="append",
        metavar="COLUMN",
        help=(
            "add a section comparing the groups of this column (repeatable: each splits "
            "the previous one's groups); 'level' groups by the responses' levels"
        ),
    )
    report.add_argument(
        "--title",
        default="Coproduction audit report",
        help="the page's title (default: Coproduction audit report)",
    )
    report.add_argument(
        "--date", type=dt.date.fromisoformat, help="the report's date, YYYY-MM-DD (default none)"
    )
    _add_aggregate_options(report)
    _add_rules_option(report)
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
    _add_rules_option(score)
    _add_provenance_option(score)
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
        "--format",
        choices=["auto", "table", "csv", "json"],
        default="auto",
        help="output format (default: table on a terminal, csv otherwise)",
    )
    summary.add_argument("--output", "-o", metavar="PATH", help="write here instead of stdout")
    summary.add_argument("--items", action="store_true", help="also list each item's answer counts")
    _add_provenance_option(summary)
    _add_aggregate_options(summary)
    _add_rules_option(summary)
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
    form.add_argument(
        "--format", choices=["markdown", "html"], default="markdown", help="(default markdown)"
    )
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
    export.add_argument(
        "--instrument",
        choices=["evaluation", "readiness"],
        default="evaluation",
        help="(default evaluation)",
    )
    export.add_argument("--output", "-o", metavar="PATH", help="write here instead of stdout")
    export.set_defaults(run=_command_export)
    return parser


def _check_text_options(args: argparse.Namespace) -> None:
    """Refuse options that are not text (bytes that were not UTF-8 reach Python as surrogates).

    File names are exempt: they are the operating system's, used as given.
    """
    names = {"file", "output", "assessment", "rules"}
    for name, value in vars(args).items():
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if name in names or not isinstance(text, str):
                continue
            try:
                text.encode()
            except UnicodeEncodeError:
                option = "--" + name.replace("_", "-")
                raise _UsageError(f"{option} is not UTF-8 text") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coproduction`` command line; return its exit status.

    See ``docs/cli.md`` for every command. Bad input never gives a traceback: it
    gives the list of problems on standard error and status 1.

    .. versionadded:: 0.1.0
    """
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        _check_text_options(args)
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
