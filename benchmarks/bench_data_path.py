"""Benchmark: the command line's data path (issue #10): time, peak memory, big fields.

Every figure is measured in the same run as its baseline, on SYNTHETIC files written
to a temporary directory (seeded random codes ``0``, ``1``, ``2``, 5% of cells empty,
a respondent id and one of 20 wards per row; about 65 bytes a row) and deleted after.
Each command runs in a fresh interpreter started by a small wrapper process, which
times it and reads its peak resident memory (``getrusage(RUSAGE_CHILDREN)``); one
fresh wrapper per measurement, so that maxima never carry over.

Parts (``--parts``, default all):

``time``
    On ``--rows`` rows (1,000,000): a bare ``csv.reader`` pass in this interpreter
    (the floor for anything that reads CSV in Python); the start-up of the command
    (``coproduction --help``) and of the library (``python -c "import
    coproduction"``); ``coproduction score FILE --group ward --format csv --output
    OUT``; and a Python process running duckdb (``read_csv`` with explicit types
    and one SQL query computing the same domain means and overall under the
    library's conventions, ``COPY`` to CSV) with 1 thread and with its default
    threads. Before timing, duckdb's numbers are checked equal to ``coproduction
    score``'s on a small file with many unanswered items, so that the comparison is
    fair. duckdb is a benchmark-only dependency (the ``bench`` dependency group);
    without it that baseline is skipped.
``memory``
    On each of ``--memory-rows`` (1,000,000 and 10,000,000): the peak RSS of
    ``score``, ``validate`` and ``summary --by ward``, and the ratio of the largest
    file's peak to the smallest's.
``big``
    A 1 MB id in a 20,000-row file, a 50 MB id and a 50 MB answer cell: time, peak
    RSS and exit status of ``validate`` and ``score`` on each (a command still
    running after ``--timeout`` seconds is stopped and reported as such). These
    commands run with their address space limited (``--big-limit-mb``, 4 GiB), so
    that a runaway allocation fails in the command instead of exhausting a shared
    machine (without it, today's code took 19 GiB for the 1 MB id and over 21 GiB
    for the 50 MB id before it was stopped).

``--profile`` runs ``coproduction._cli.main(["score", ...])`` on the ``--rows`` file
under cProfile in this interpreter and prints where the time goes.

Run from the repository root::

    python benchmarks/bench_data_path.py                      # everything (a few minutes)
    python benchmarks/bench_data_path.py --parts time --profile
    python benchmarks/bench_data_path.py --rows 100000 --memory-rows 100000,1000000
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import math
import os
import platform
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import coproduction as cp

ITEMS = cp.COPRODUCTION_EVALUATION.item_ids
DOMAINS = cp.COPRODUCTION_EVALUATION.domains
HEADER = ("respondent,ward," + ",".join(ITEMS) + "\n").encode()
ANSWER_SHARES = (0.2, 0.45, 0.35)  # codes 0, 1, 2
CHUNK = 1_000_000  # rows generated at a time: about 65 MB of text
ID_DIGITS = 8
PARTS = ("time", "memory", "big")
MB = 1_000_000
DECIMALS = 4  # the command writes scores with at most 4 decimals; so does the query

# Runs argv[1]'s command in a child process (under an address-space limit, if given),
# then prints one line of JSON: wall time,
# exit status (None when stopped after the timeout), peak RSS of the child, and the
# last line the child wrote on standard error. A fresh wrapper per measurement, so
# RUSAGE_CHILDREN holds that one child only.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])
limit = spec["limit"]
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.perf_counter()
try:
    done = subprocess.run(spec["argv"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=spec["timeout"], check=False, preexec_fn=cap if limit else None)
    status, err = done.returncode, done.stderr
except subprocess.TimeoutExpired as stopped:
    status, err = None, stopped.stderr or b""
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
peak = peak if sys.platform == "darwin" else peak * 1024
lines = err.decode("utf-8", "replace").strip().splitlines()
print(json.dumps({"seconds": seconds, "status": status, "peak": peak,
                  "stderr": lines[-1].strip()[:120] if lines else ""}))
"""

# A Python process running duckdb: argv[1] is the SQL, argv[2] the threads ("default").
_DUCKDB = r"""
import sys
import duckdb
con = duckdb.connect()
if sys.argv[2] != "default":
    con.execute(f"SET threads = {int(sys.argv[2])}")
con.execute(sys.argv[1])
"""


@dataclass(frozen=True)
class Measured:
    """One command's run: wall seconds, exit status (None: stopped), peak RSS in bytes."""

    seconds: float
    status: int | None
    peak: int
    stderr: str

    @property
    def peak_mb(self) -> float:
        """Peak resident memory in MiB."""
        return self.peak / 2**20


def measure(argv: Sequence[str], timeout: float, limit: int = 0) -> Measured:
    """Run ``argv`` through a fresh wrapper; its time and peak RSS, as the wrapper saw them.

    ``limit``: an address-space limit in bytes for the command (0: none), so that a
    runaway allocation fails in the command rather than exhausting a shared machine.
    """
    import subprocess

    spec = json.dumps({"argv": list(argv), "timeout": timeout, "limit": limit})
    done = subprocess.run(  # noqa: S603 - runs this interpreter on our own wrapper
        [sys.executable, "-c", _WRAPPER, spec],
        capture_output=True,
        text=True,
        check=True,
        env=_environment(),
    )
    result = json.loads(done.stdout)
    return Measured(result["seconds"], result["status"], result["peak"], result["stderr"])


def _environment() -> dict[str, str]:
    """This environment, with the library this script imported first on the path.

    So that a run from a work tree (``PYTHONPATH=src``) measures that tree's code.
    """
    env = dict(os.environ)
    source = str(Path(cp.__file__).parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
    return env


def command(*args: str) -> list[str]:
    """``coproduction ARGS`` as a user runs it, in a fresh interpreter."""
    return [sys.executable, "-m", "coproduction", *args]


# -- synthetic files ----------------------------------------------------------------


def rows_text(start: int, n: int, rng: np.random.Generator, missing: float, groups: int) -> bytes:
    """Rows ``start`` to ``start + n`` of the synthetic file, laid out in numpy.

    Each row is ``SYN-00000000,ward-00,`` then 23 cells of one digit or empty. Every
    row is built at a fixed width with NUL bytes for the empty cells, which are then
    squeezed out of the whole block at once.
    """
    codes = rng.choice(3, size=(n, len(ITEMS)), p=ANSWER_SHARES)
    empty = rng.random((n, len(ITEMS))) < missing
    wards = rng.integers(0, groups, size=n)
    lead = 4 + ID_DIGITS + 6 + 2 + 1  # "SYN-" id ",ward-" ward ","
    block = np.zeros((n, lead + 2 * len(ITEMS)), dtype=np.uint8)
    block[:, 0:4] = np.frombuffer(b"SYN-", dtype=np.uint8)
    ids = np.arange(start, start + n, dtype=np.int64)
    for digit in range(ID_DIGITS):
        block[:, 4 + ID_DIGITS - 1 - digit] = ord("0") + ids // 10**digit % 10
    block[:, 4 + ID_DIGITS : lead - 3] = np.frombuffer(b",ward-", dtype=np.uint8)
    block[:, lead - 3] = ord("0") + wards // 10
    block[:, lead - 2] = ord("0") + wards % 10
    block[:, lead - 1] = ord(",")
    block[:, lead::2] = np.where(empty, 0, ord("0") + codes)
    block[:, lead + 1 :: 2] = ord(",")
    block[:, -1] = ord("\n")
    flat = block.ravel()
    text: bytes = flat[flat != 0].tobytes()
    return text


def make_file(
    path: Path, rows: int, *, seed: int = 1, missing: float = 0.05, groups: int = 20
) -> None:
    """Write the synthetic wide CSV, a million rows at a time (10,000,000 rows: 650 MB)."""
    if groups > 100:
        raise ValueError("at most 100 wards (two digits)")
    rng = np.random.default_rng(seed)
    with path.open("wb") as out:
        out.write(HEADER)
        for start in range(0, rows, CHUNK):
            out.write(rows_text(start, min(CHUNK, rows - start), rng, missing, groups))


def make_big_field_file(path: Path, *, rows: int, size: int, column: str) -> None:
    """A synthetic file of ``rows`` rows whose middle row has a ``size``-byte field.

    ``column`` is ``"id"`` (a respondent id of ``size`` letters) or ``"answer"`` (the
    first answer cell, ``size`` digits: no valid code).
    """
    rng = np.random.default_rng(2)
    before = rows // 2
    with path.open("wb") as out:
        out.write(HEADER)
        out.write(rows_text(0, before, rng, 0.05, 20))
        if column == "id":
            out.write(b"B" * size + b",ward-01," + b",".join([b"1"] * len(ITEMS)) + b"\n")
        else:
            out.write(b"SYN-BIG,ward-01," + b"1" * size + b"," * (len(ITEMS) - 1) + b"\n")
        out.write(rows_text(before + 1, rows - before - 1, rng, 0.05, 20))


# -- baselines ----------------------------------------------------------------------


def bare_csv_reader(path: Path) -> int:
    """Read every row with csv.reader and do nothing else."""
    with path.open(newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f))


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _mean_when(columns: Sequence[str], required: int) -> str:
    """SQL: the mean of the non-NULL ``columns`` when at least ``required`` are, else NULL."""
    answered = " + ".join(f"({c} IS NOT NULL)::INTEGER" for c in columns)
    total = " + ".join(f"COALESCE({c}, 0)" for c in columns)
    return f"CASE WHEN {answered} >= {required} THEN ({total}) / ({answered}) END"


def _rounded(expression: str) -> str:
    """SQL: rounded to 4 decimals, as the command writes its numbers."""
    return f"round({expression}, {DECIMALS})"


def duckdb_sql(path: Path, out: Path, conventions: cp.EvaluationConventions | None = None) -> str:
    """The query a data engineer would write: the library's domain means and overall.

    Mirrors :class:`coproduction.EvaluationConventions`: each code's points, a domain
    scored when at least ``required(items)`` of its items are answered (the share
    rounded up, at least 1), the overall the mean of the domain means when at least
    ``overall_min_domains`` are scored; each written rounded to 4 decimals, as the
    command writes it.
    """
    conventions = conventions or cp.EvaluationConventions()
    frequencies = list(cp.Frequency)  # code k is the k-th answer on the scale
    types = ", ".join(
        [f"{_sql_text(c)}: 'VARCHAR'" for c in ("respondent", "ward")]
        + [f"{_sql_text(item)}: 'TINYINT'" for item in ITEMS]
    )
    points = {
        item: "CASE "
        + item
        + " "
        + " ".join(
            f"WHEN {code} THEN {float(conventions.points[f])!r}::DOUBLE"
            for code, f in enumerate(frequencies)
        )
        + " END"
        for item in ITEMS
    }
    domains = []
    for domain in DOMAINS:
        items = [item.id for item in cp.COPRODUCTION_EVALUATION.items_in(domain)]
        required = conventions.required(len(items))
        mean = _mean_when([points[i] for i in items], required)
        domains.append(f"{mean} AS {domain.value}")
    overall = _mean_when([d.value for d in DOMAINS], conventions.overall_min_domains)
    rounded = ", ".join(_rounded(d.value) + f" AS {d.value}" for d in DOMAINS)
    # The instrument's own ids and quoted paths only: no outside text reaches the query.
    return (
        f"COPY (SELECT respondent, ward, {rounded}, {_rounded(overall)} AS overall FROM ("  # noqa: S608
        f"SELECT respondent, ward, {', '.join(domains)} "
        f"FROM read_csv({_sql_text(str(path))}, header = true, delim = ',', quote = '\"', "
        f"auto_detect = false, columns = {{{types}}}))) "
        f"TO {_sql_text(str(out))} (HEADER, DELIMITER ',')"
    )


def have_duckdb() -> bool:
    """Whether duckdb can be imported (the ``bench`` dependency group)."""
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


def check_duckdb_agrees(tmp: Path, *, rows: int = 3000, tolerance: float = 1e-9) -> None:
    """Assert that the duckdb query gives ``coproduction score``'s numbers on a small file.

    The file has 40% of answers missing, so that many domains and overall scores are
    unscored (NULL in duckdb, an empty cell from the command).
    """
    import duckdb

    from coproduction._cli import main as cli_main

    path, ours, theirs = tmp / "check.csv", tmp / "check-ours.csv", tmp / "check-duckdb.csv"
    make_file(path, rows, seed=3, missing=0.4)
    status = cli_main(["score", str(path), "--group", "ward", "--format", "csv", "-o", str(ours)])
    if status != 0:
        raise AssertionError(f"coproduction score exited {status} on the check file")
    duckdb.connect().execute(duckdb_sql(path, theirs))
    with ours.open(newline="") as a, theirs.open(newline="") as b:
        left, right = list(csv.DictReader(a)), list(csv.DictReader(b))
    if len(left) != rows or len(right) != rows:
        raise AssertionError(f"expected {rows} rows, got {len(left)} and {len(right)}")
    columns = [d.value for d in DOMAINS] + ["overall"]
    unscored = 0
    for k, (x, y) in enumerate(zip(left, right, strict=True)):
        if (x["respondent"], x["ward"]) != (y["respondent"], y["ward"]):
            raise AssertionError(f"row {k}: ids differ: {x['respondent']} != {y['respondent']}")
        for column in columns:
            if (x[column] == "") != (y[column] == ""):
                raise AssertionError(f"row {k}, {column}: {x[column]!r} != {y[column]!r}")
            if x[column] == "":
                unscored += 1
            elif not math.isclose(float(x[column]), float(y[column]), abs_tol=tolerance):
                raise AssertionError(f"row {k}, {column}: {x[column]} != {y[column]}")
    if unscored == 0:
        raise AssertionError("the check file should leave some scores unscored")
    print(f"duckdb's query agrees with coproduction score on {rows:,} rows ({unscored} unscored)")


# -- parts --------------------------------------------------------------------------


def best(argv: Sequence[str], repeat: int, timeout: float) -> tuple[Measured, list[float]]:
    """Best time of ``repeat`` runs (the least disturbed), with the largest peak RSS."""
    runs = [measure(argv, timeout) for _ in range(repeat)]
    for run in runs:
        if run.status != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {run.status}: {run.stderr}")
    fastest = min(runs, key=lambda r: r.seconds)
    peak = max(r.peak for r in runs)
    return Measured(fastest.seconds, 0, peak, ""), [r.seconds for r in runs]


def part_time(tmp: Path, rows: int, repeat: int, timeout: float) -> None:
    """Time ``score`` against csv.reader and duckdb on ``rows`` rows."""
    path = tmp / "time.csv"
    make_file(path, rows)
    print(f"\n## time: {rows:,} rows, {path.stat().st_size / MB:.0f} MB, best of {repeat}\n")
    floor_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        bare_csv_reader(path)
        floor_times.append(time.perf_counter() - start)
    floor = min(floor_times)
    table: list[tuple[str, Measured | None, list[float]]] = [
        ("bare `csv.reader` pass (in this process)", Measured(floor, 0, 0, ""), floor_times)
    ]
    for label, argv in (
        ("start-up: `coproduction --help`", command("--help")),
        (
            "start-up: `python -c 'import coproduction'`",
            [sys.executable, "-c", "import coproduction"],
        ),
    ):
        table.append((label, *best(argv, repeat, timeout)))
    score = command("score", str(path), "--group", "ward", "--format", "csv")
    ours, times = best([*score, "-o", str(tmp / "ours.csv")], repeat, timeout)
    table.append(("`coproduction score --group ward --format csv`", ours, times))
    theirs: list[Measured] = []
    if have_duckdb():
        import duckdb

        check_duckdb_agrees(tmp)
        sql = duckdb_sql(path, tmp / "duckdb.csv")
        for threads in ("1", "default"):
            label = f"duckdb `read_csv` + query + `COPY`, {threads} thread{'s' * (threads != '1')}"
            run, times = best([sys.executable, "-c", _DUCKDB, sql, threads], repeat, timeout)
            table.append((label, run, times))
            theirs.append(run)
        duckdb_version = duckdb.__version__
    else:
        duckdb_version = "not installed"
        table.append(("duckdb is not installed; skipped (install the `bench` group)", None, []))
    print(f"duckdb {duckdb_version}\n")
    print("| What | Time (s) | Runs (s) | Peak RSS (MiB) |")
    print("|---|---:|---|---:|")
    for label, row, times in table:
        if row is None:
            print(f"| {label} | | | |")
            continue
        peak = f"{row.peak_mb:.0f}" if row.peak else ""
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"| {label} | {row.seconds:.2f} | {runs} | {peak} |")
    print()
    print(f"coproduction score / csv.reader: {ours.seconds / floor:.2f}x (target: at most 2x)")
    if theirs:
        fastest = min(theirs, key=lambda m: m.seconds)
        print(
            f"coproduction score / duckdb (faster of 1 and default threads): "
            f"{ours.seconds / fastest.seconds:.2f}x (target: at most 1x)"
        )
        print(
            f"coproduction score / duckdb, peak RSS: {ours.peak / fastest.peak:.2f}x "
            "(against the faster duckdb run)"
        )
    path.unlink()


def part_memory(tmp: Path, sizes: Sequence[int], groups: int, timeout: float) -> None:
    """Peak RSS of score, validate and summary --by ward on each size."""
    print(f"\n## memory: peak RSS, {groups} wards\n")
    commands: dict[str, Callable[[str], list[str]]] = {
        "score": lambda p: command(
            "score", p, "--group", "ward", "--format", "csv", "-o", str(tmp / "s.csv")
        ),
        "validate": lambda p: command("validate", p, "--group", "ward"),
        "summary --by ward": lambda p: command(
            "summary", p, "--by", "ward", "--format", "csv", "-o", str(tmp / "m.csv")
        ),
    }
    peaks: dict[str, dict[int, Measured]] = {name: {} for name in commands}
    for rows in sizes:
        path = tmp / f"memory-{rows}.csv"
        start = time.perf_counter()
        make_file(path, rows, groups=groups)
        megabytes = path.stat().st_size / MB
        print(f"{rows:,} rows: {megabytes:.0f} MB written in {time.perf_counter() - start:.1f} s")
        for name, argv in commands.items():
            peaks[name][rows] = measure(argv(str(path)), timeout)
            for output in (tmp / "s.csv", tmp / "m.csv"):
                output.unlink(missing_ok=True)
        path.unlink()
    print()
    heads = " | ".join(f"{rows:,} rows: time (s), peak (MiB)" for rows in sizes)
    print(f"| Command | {heads} | peak ratio, largest / smallest |")
    print("|---|" + "---:|" * len(sizes) + "---:|")
    for name, by_size in peaks.items():
        cells = " | ".join(_cell(by_size[rows]) for rows in sizes)
        ratio = by_size[max(sizes)].peak / by_size[min(sizes)].peak
        print(f"| `{name}` | {cells} | {ratio:.2f}x |")
    print("\n(target: under 300 MiB on 10,000,000 rows, and at most 1.3x the 1,000,000-row peak)")


def _cell(measured: Measured) -> str:
    if measured.status is None:
        return f"stopped after {measured.seconds:.0f}, {measured.peak_mb:.0f}"
    failed = "" if measured.status == 0 else f" (exit {measured.status})"
    return f"{measured.seconds:.2f}, {measured.peak_mb:.0f}{failed}"


def big_cases(id_mb: float, id_rows: int, field_mb: float) -> Iterator[tuple[str, int, int, str]]:
    """(label, rows, field size in bytes, column) of each big-field file."""
    yield f"{id_mb:g} MB id, {id_rows:,} rows", id_rows, int(id_mb * MB), "id"
    yield f"{field_mb:g} MB id, 1,000 rows", 1000, int(field_mb * MB), "id"
    yield f"{field_mb:g} MB answer cell, 1,000 rows", 1000, int(field_mb * MB), "answer"


def part_big(
    tmp: Path, id_mb: float, id_rows: int, field_mb: float, timeout: float, limit_mb: int
) -> None:
    """Time, peak RSS and exit status of validate and score on files with one big field."""
    limit = f", address space limited to {limit_mb:,} MiB" if limit_mb else ""
    print(f"\n## big fields (commands stopped after {timeout:g} s{limit})\n")
    print("| File | Command | Time (s) | Peak RSS (MiB) | Exit status | Last line of stderr |")
    print("|---|---|---:|---:|---|---|")
    for label, rows, size, column in big_cases(id_mb, id_rows, field_mb):
        path = tmp / "big.csv"
        make_big_field_file(path, rows=rows, size=size, column=column)
        for name, argv in (
            ("validate", command("validate", str(path), "--group", "ward")),
            (
                "score",
                command(
                    "score",
                    str(path),
                    "--group",
                    "ward",
                    "--format",
                    "csv",
                    "-o",
                    str(tmp / "b.csv"),
                ),
            ),
        ):
            run = measure(argv, timeout, limit_mb * 2**20)
            status = "stopped" if run.status is None else str(run.status)
            message = run.stderr.replace("|", "\\|")
            print(
                f"| {label} | `{name}` | {run.seconds:.2f} | {run.peak_mb:.0f} "
                f"| {status} | {message} |"
            )
            (tmp / "b.csv").unlink(missing_ok=True)
        path.unlink()
    print("\n(target: refused or read in under 5 s, peak RSS under 500 MiB)")


def profile(tmp: Path, rows: int, top: int) -> None:
    """Run ``score`` under cProfile in this interpreter; print where the time goes."""
    from coproduction._cli import main as cli_main

    path = tmp / "profile.csv"
    make_file(path, rows)
    argv = ["score", str(path), "--group", "ward", "--format", "csv", "-o", str(tmp / "p.csv")]
    profiler = cProfile.Profile()
    start = time.perf_counter()
    status = profiler.runcall(cli_main, argv)
    elapsed = time.perf_counter() - start
    print(f"\n## profile: coproduction._cli.main({argv!r})")
    print(f"exit {status}, {elapsed:.2f} s under cProfile (import time not included)\n")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    path.unlink()


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("expected positive row counts separated by commas")
    return sizes


def _parts(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown parts {unknown}; choose from {PARTS}")
    return parts


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options, run the chosen parts, print their tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--parts", type=_parts, default=list(PARTS), help="comma-separated: time,memory,big"
    )
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="rows for the time part and --profile"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each; the best counts")
    parser.add_argument(
        "--memory-rows",
        type=_sizes,
        default=[1_000_000, 10_000_000],
        help="comma-separated row counts",
    )
    parser.add_argument("--groups", type=int, default=20, help="wards in the memory part's files")
    parser.add_argument("--big-id-mb", type=float, default=1.0, help="the long id, in MB")
    parser.add_argument(
        "--big-id-rows", type=int, default=20_000, help="rows of the long id's file"
    )
    parser.add_argument(
        "--big-field-mb", type=float, default=50.0, help="the single big field, in MB"
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds before a command is stopped"
    )
    parser.add_argument(
        "--big-limit-mb",
        type=int,
        default=4096,
        help="address-space limit of each big-field command, in MiB; 0 for none",
    )
    parser.add_argument("--profile", action="store_true", help="also profile score on --rows rows")
    parser.add_argument("--profile-top", type=int, default=25, help="functions listed by --profile")
    parser.add_argument(
        "--tmp", type=Path, default=None, help="where the files go (default: system temp)"
    )
    args = parser.parse_args(argv)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"load average at start {load}; coproduction from {Path(cp.__file__).parent}"
    )
    with tempfile.TemporaryDirectory(dir=args.tmp) as name:
        tmp = Path(name)
        if "time" in args.parts:
            part_time(tmp, args.rows, args.repeat, args.timeout)
        if "memory" in args.parts:
            part_memory(tmp, args.memory_rows, args.groups, args.timeout)
        if "big" in args.parts:
            part_big(
                tmp,
                args.big_id_mb,
                args.big_id_rows,
                args.big_field_mb,
                args.timeout,
                args.big_limit_mb,
            )
        if args.profile:
            profile(tmp, args.rows, args.profile_top)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average at the end {load}")


if __name__ == "__main__":
    main()
