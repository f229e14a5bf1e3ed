"""Byte-level fuzzing with atheris (coverage-guided): one harness per byte-level entry point.

Run by ``nox -s fuzz`` where atheris installs, or by hand::

    python tests/fuzz/atheris_harness.py json -runs=1000000
    python tests/fuzz/atheris_harness.py fhir -atheris_runs=1000000
    python tests/fuzz/atheris_harness.py csv -max_len=4096

The first argument names the entry point; the rest go to libFuzzer. Each harness
asserts the readers' contract (see ``tests/fuzz/contract.py``): the bytes are read
into values that round-trip, or refused with a located
:class:`~coproduction.ValidationError`; any other exception is a crash, which
libFuzzer reports with the input that caused it.

This module imports atheris only when run, so that the test session (which
imports every module for its doctests) does not need it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import coproduction as cp
from coproduction.io import _documents, _text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fuzz.contract

from fuzz.contract import read_or_refuse


def json_text(data: bytes) -> None:
    """JSON documents as bytes: ``from_json``, and arrays of documents."""
    value = read_or_refuse(lambda: cp.io.json.from_json(data))
    if value is not None:
        assert cp.io.json.from_json(cp.io.json.to_json(value)) == value
    for element in read_or_refuse(lambda: _documents.read_documents(data)) or ():
        assert cp.io.json.from_json(cp.io.json.to_json(element)) == element


def fhir_text(data: bytes) -> None:
    """FHIR JSON as bytes: the strict parser, then ``from_fhir``."""
    document = read_or_refuse(lambda: _text.parse(data))
    if not isinstance(document, dict):
        return
    values = read_or_refuse(lambda: cp.io.fhir.from_resource(document))
    for value in values or ():
        assert cp.io.fhir.from_resource(cp.io.fhir.to_resource(value)) == (value,)


def csv_bytes(data: bytes) -> None:
    """CSV as bytes: the evaluation reader (wide, long, cohort), readiness, REDCap."""
    for table in (
        read_or_refuse(lambda: cp.io.csv.read_evaluations(data)),
        read_or_refuse(lambda: cp.io.csv.read_evaluations(data, layout="long")),
    ):
        for response in table.rows if table is not None else ():
            assert cp.io.json.from_json(cp.io.json.to_json(response)) == response
    read_or_refuse(lambda: cp.io.csv.read_cohort(data))
    read_or_refuse(lambda: cp.io.csv.read_readiness(data))
    read_or_refuse(lambda: cp.io.redcap.read_records(data))


HARNESSES: dict[str, Callable[[bytes], None]] = {
    "json": json_text,
    "fhir": fhir_text,
    "csv": csv_bytes,
}


def main(argv: list[str]) -> None:
    """Fuzz the harness named by ``argv[1]``; the other arguments go to libFuzzer."""
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

    if len(argv) < 2 or argv[1] not in HARNESSES:
        sys.exit(f"usage: {argv[0]} {{{','.join(HARNESSES)}}} [libFuzzer options]")
    harness = HARNESSES[argv[1]]
    atheris.instrument_all()
    atheris.Setup([argv[0], *argv[2:]], harness)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
