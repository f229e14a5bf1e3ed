"""The one writer of tabular output: CSV (and the terminal's table) from numpy columns.

Every CSV the command line writes, and :class:`ScoreCsvWriter` for the library's
block-by-block scoring, goes through :func:`write_csv_columns`: a header, then
rows laid out in numpy, one block of at most :data:`BLOCK_ROWS` rows at a time,
so that nothing proportional to the whole file is held while writing.

Every **text** cell, header cells included, is neutralised by one rule,
:func:`coproduction.io.csv.neutralise` (OWASP: a leading ``= + - @``, tab, CR or LF
gets a leading ``'``), whose prefix set :data:`coproduction.io.csv.FORMULA_PREFIXES`
exists once; :func:`safe_cells` is its vectorised twin on UTF-8 byte columns,
pinned to ``neutralise`` followed by the ``csv`` module's minimal quoting by a
property test (tests/test_table_out.py). Numbers are written as plain numbers.

Text cells holding a NUL character cannot be laid out by the numpy path (it pads
with NUL): a block that has one is written by :mod:`csv` instead, with the same
rule and the same bytes for every other cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import IO, Any, Final

import numpy as np
from numpy.typing import NDArray

from coproduction._cohort_scoring import EvaluationCohortScores
from coproduction._cohorts import EvaluationCohort, group_codes
from coproduction._instruments import COPRODUCTION_EVALUATION
from coproduction._warnings import AnyFlag
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "BLOCK_ROWS",
    "FORMULA_PREFIXES",
    "Lookup",
    "RawTexts",
    "ScoreCsvWriter",
    "format_numbers",
    "format_warnings",
    "header_line",
    "neutralise",
    "safe_cells",
    "safe_texts",
    "unique",
    "write_csv_columns",
    "write_table",
]

#: The first characters that make a spreadsheet run a cell as a formula (OWASP): the
#: one set behind :func:`neutralise` and its vectorised twin below.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(cell: str) -> str:
    """Make a text cell safe to open in a spreadsheet (OWASP CSV injection guidance).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a
    line feed would be run as a formula by some spreadsheets; it gets a leading
    ``'``. Other text is unchanged. Readers do not remove the ``'``: nothing is
    guessed.

    >>> neutralise("=HYPERLINK(1)"), neutralise("R-0001")
    ("'=HYPERLINK(1)", 'R-0001')

    .. versionadded:: 0.1.0
    """
    untrusted: object = cell  # checked at run time, whatever the annotations say
    if not isinstance(untrusted, str):
        msg = f"expected text, got {type(untrusted).__name__}"
        raise ValidationError("CSV cell", [Problem("cell", msg)])
    return f"'{cell}" if cell.startswith(FORMULA_PREFIXES) else cell


#: The prefixes of :func:`~coproduction.io.csv.neutralise`, as bytes (all ASCII, so a
#: UTF-8 cell starts with one exactly when its first byte is one).
_DANGEROUS: Final = np.frombuffer("".join(FORMULA_PREFIXES).encode("ascii"), dtype=np.uint8)
#: The characters that make the csv module quote a cell (QUOTE_MINIMAL, "\r\n" ends).
_SPECIAL: Final = np.frombuffer(b',"\r\n', dtype=np.uint8)
#: Rows laid out at once: bounds the writer's working memory (about 30 MB for scores).
BLOCK_ROWS: Final = 200_000
_DOMAINS: Final = COPRODUCTION_EVALUATION.domains


class Lookup:
    """A column of few distinct texts: the texts once, and each row's index into them."""

    def __init__(
        self, texts: Sequence[bytes] | NDArray[np.bytes_], index: NDArray[np.int64]
    ) -> None:
        table = np.array(texts, dtype="S").reshape(-1)
        self.table = table if table.size else np.array([b""], dtype="S1")
        self.index = index

    def __getitem__(self, rows: slice) -> Lookup:
        return Lookup(self.table, self.index[rows])

    @property
    def size(self) -> int:
        """The number of rows."""
        return int(self.index.size)

    def cells(self) -> NDArray[np.bytes_]:
        """Every row's text."""
        return self.table[self.index]


def unique(values: NDArray[np.integer]) -> tuple[NDArray[np.integer], NDArray[np.int64]]:
    """np.unique(values, return_inverse=True), by counting when the values are small."""
    if values.size and 0 <= values.min() and values.max() < 1 << 20:
        distinct = np.flatnonzero(np.bincount(values))
        lookup = np.zeros(int(distinct[-1]) + 1, dtype=np.int64)
        lookup[distinct] = np.arange(distinct.size)
        return distinct, lookup[values]
    distinct, inverse = np.unique(values, return_inverse=True)
    return distinct, inverse.reshape(-1)


def format_numbers(values: NDArray[np.float64]) -> Lookup:
    """Numbers as text, 4 decimal places without trailing zeros; NaN as empty."""
    missing = np.isnan(values)
    scaled = np.where(missing, 0, np.rint(values * 10_000))
    if np.abs(scaled).max(initial=0) >= 1 << 62:  # too large to count: format each value
        keys, inverse = np.unique(values, return_inverse=True)
        texts = [
            b"" if np.isnan(v) else f"{v:.4f}".rstrip("0").rstrip(".").encode()
            for v in keys.tolist()
        ]
        return Lookup(texts, inverse.reshape(-1))
    shifted = scaled.astype(np.int64)
    low = shifted.min(initial=0)
    codes = np.where(missing, 0, shifted - low + 1)
    distinct, inverse = unique(codes)
    texts = [
        b"" if key == 0 else f"{(key - 1 + low) / 10_000:.4f}".rstrip("0").rstrip(".").encode()
        for key in distinct.tolist()
    ]
    return Lookup(texts, inverse)


def format_warnings(raised: NDArray[np.bool_], flags: Sequence[AnyFlag]) -> Lookup:
    """Each row's raised flags' codes, separated by ``;``, in ``flags`` order (not ranked).

    Args:
        raised: ``(rows, len(flags))`` booleans: row ``i`` raises ``flags[j]``.
        flags: The flags of ``raised``'s columns.
    """
    if raised.ndim != 2 or raised.shape[1] != len(flags):
        msg = f"expected raised flags of shape (rows, {len(flags)}), got {raised.shape}"
        raise ValueError(msg)
    if len(flags) > 62:
        msg = "too many flags to pack"
        raise ValueError(msg)
    # Each row's flags as the bits of one number; 16 bits suffice for today's flags
    # and are faster to build than 64.
    kind: type[np.integer[Any]] = np.uint16 if len(flags) <= 16 else np.int64
    bits: NDArray[Any] = np.zeros(len(raised), dtype=kind)
    for k in range(len(flags)):
        bits |= raised[:, k].astype(kind) << kind(k)
    distinct, inverse = unique(bits)
    texts = [
        ";".join(f.value for k, f in enumerate(flags) if int(v) >> k & 1).encode()
        for v in distinct.tolist()
    ]
    return Lookup(safe_cells(np.array(texts or [b""], dtype="S")), inverse)


def _bytes_matrix(cells: NDArray[np.bytes_]) -> NDArray[np.uint8]:
    return np.ascontiguousarray(cells).view(np.uint8).reshape(cells.size, cells.dtype.itemsize)


def safe_cells(cells: NDArray[np.bytes_], *, neutralise: bool = True) -> NDArray[np.bytes_]:
    """UTF-8 text cells ready for CSV, on whole columns: neutralised, then quoted if needed.

    For every cell ``c`` without NUL, the result is the UTF-8 encoding of what
    ``csv.writer`` writes for ``neutralise(c)`` (``c`` itself with
    ``neutralise=False``, for cells that are numbers): quoted, inner quotes
    doubled, when it holds a comma, a quote, a CR or an LF.
    """
    if cells.size == 0:
        return cells
    out = cells
    if neutralise:
        danger = np.isin(_bytes_matrix(cells)[:, 0], _DANGEROUS)
        if danger.any():
            out = cells.astype(f"S{cells.dtype.itemsize + 1}")
            out[danger] = np.char.add(b"'", cells[danger])
    special = np.flatnonzero(np.isin(_bytes_matrix(out), _SPECIAL).any(axis=1))
    if special.size:
        quoted = [b'"' + v.replace(b'"', b'""') + b'"' for v in out[special].tolist()]
        width = max(out.dtype.itemsize, *(len(q) for q in quoted))
        out = out.astype(f"S{width}")
        out[special] = quoted
    return out


class RawTexts:
    """Text cells holding NUL, ready for CSV as Python bytes (numpy would lose the NULs)."""

    def __init__(self, cells: Sequence[bytes]) -> None:
        self.cells = list(cells)

    def __getitem__(self, rows: slice) -> RawTexts:
        return RawTexts(self.cells[rows])

    @property
    def size(self) -> int:
        """The number of rows."""
        return len(self.cells)


Column = NDArray[np.bytes_] | Lookup | RawTexts


def _quote(cell: bytes) -> bytes:
    """The csv module's minimal quoting, on one UTF-8 cell (the reference for numpy's)."""
    if any(c in cell for c in (b",", b'"', b"\r", b"\n")):
        return b'"' + cell.replace(b'"', b'""') + b'"'
    return cell


def safe_texts(values: Sequence[str | None], what: str = "text") -> NDArray[np.bytes_] | RawTexts:
    """Text values (``None`` as empty) as a neutralised, quoted CSV column of UTF-8 bytes.

    Raises:
        ValidationError: A value cannot be written as UTF-8 (a lone surrogate),
            located by its row (counted from 0) and ``what``.
    """
    try:
        encoded = [b"" if v is None else v.encode() for v in values]
    except UnicodeEncodeError:
        raise ValidationError(
            "CSV writing",
            [
                Problem(f"row {k}, {what}", "cannot be written as UTF-8 (a lone surrogate)")
                for k, v in enumerate(values)
                if v is not None and not _encodes(v)
            ],
        ) from None
    if b"\0" in b"".join(encoded):
        return RawTexts([_quote(neutralise(c.decode()).encode()) for c in encoded])
    return safe_cells(np.array(encoded, dtype="S").reshape(len(encoded)))


def _encodes(value: str) -> bool:
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def _join_rows(columns: Sequence[Column]) -> bytes | memoryview:
    """CSV lines (comma-separated, CRLF) of equal-length bytes columns, built in numpy.

    Each row is laid out at fixed width, cells padded with NUL bytes, and the
    padding is then squeezed out in one pass. Cells holding NUL (a
    :class:`RawTexts` column) are joined in Python instead. The result is written
    as it is (a view of the squeezed array: no copy into a ``bytes``).
    """
    if any(isinstance(c, RawTexts) for c in columns):
        lists = [_cell_list(c) for c in columns]
        return b"".join(b",".join(row) + b"\r\n" for row in zip(*lists, strict=True))
    fixed = [c for c in columns if not isinstance(c, RawTexts)]
    n = fixed[0].size
    tables = [c.table if isinstance(c, Lookup) else c for c in fixed]
    width = sum(t.dtype.itemsize for t in tables) + len(columns) + 1
    rows = np.empty((n, width), dtype=np.uint8)  # every byte is written below
    at = 0
    for k, (column, table) in enumerate(zip(fixed, tables, strict=True)):
        size = table.dtype.itemsize
        if isinstance(column, Lookup):  # gathered straight into place
            rows[:, at : at + size] = _bytes_matrix(table)[column.index]
        else:
            rows[:, at : at + size] = _bytes_matrix(column)
        at += size
        rows[:, at] = ord(",") if k < len(fixed) - 1 else ord("\r")
        at += 1
    rows[:, at] = ord("\n")
    flat = rows.reshape(-1)
    squeezed: NDArray[np.uint8] = flat[flat != 0]
    return squeezed.data


def _cell_list(column: Column) -> list[bytes]:
    if isinstance(column, RawTexts):
        return column.cells
    cells: list[bytes] = (column.cells() if isinstance(column, Lookup) else column).tolist()
    return cells


def header_line(header: Sequence[str]) -> bytes:
    """The CSV header line: every name neutralised and quoted like a text cell."""
    cells = _cell_list(safe_texts(list(header), "header"))
    return b",".join(cells) + b"\r\n"


def write_csv_columns(
    out: IO[bytes],
    header: Sequence[str] | None,
    columns: Sequence[Column],
) -> None:
    """Write a CSV header (neutralised, quoted) then rows, one block at a time.

    Args:
        out: A binary file.
        header: The column names, neutralised like every text cell; ``None`` to
            write rows only (a later block of the same file).
        columns: Equal-length columns ready for CSV (:func:`safe_cells`,
            :func:`safe_texts`, :func:`format_numbers`, :func:`format_warnings`).
    """
    if header is not None:
        out.write(header_line(header))
    n = columns[0].size if columns else 0
    for start in range(0, n, BLOCK_ROWS):
        out.write(_join_rows([c[start : start + BLOCK_ROWS] for c in columns]))


_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    """Terminal text with control characters (escape sequences, bidi controls) shown, not run."""
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 256 else f"[U+{ord(m[0]):04X}]", text
    )


def write_table(
    out: IO[bytes],
    header: Sequence[str] | None,
    columns: Sequence[Column],
    widths: Sequence[int] = (),
) -> list[int]:
    r"""Write columns as an aligned plain-text table (for a terminal); return the widths used.

    Nothing is neutralised (a terminal runs no formulas), but control characters,
    which a terminal would run as escape sequences, are shown as ``\xNN``.

    Args:
        out: A binary file.
        header: The column names, or ``None`` for a later block of the same table.
        columns: Equal-length columns.
        widths: The least width of each column (a later block keeps the earlier
            blocks' widths at least, so a table written in blocks stays aligned
            unless a later block holds a wider cell).
    """
    cells = [
        [
            *([] if header is None else [_visible(header[k])]),
            *(_visible(c.decode("utf-8", "replace")) for c in _cell_list(col)),
        ]
        for k, col in enumerate(columns)
    ]
    used = [
        max([len(c) for c in column] + [widths[k] if k < len(widths) else 0])
        for k, column in enumerate(cells)
    ]
    for row in zip(*cells, strict=True):
        out.write("  ".join(c.ljust(w) for c, w in zip(row, used, strict=True)).rstrip().encode())
        out.write(b"\n")
    return used


class ScoreCsvWriter:
    """Write per-respondent scores as CSV, block by block, to a binary file.

    The header is written when the writer is made; each :meth:`write` appends one
    block's rows. Columns: ``respondent`` (with ``with_ids``), the grouping
    columns, the five domain means, ``overall``, ``answered`` and ``warnings``
    (the raised flags' codes, separated by ``;``). Text cells, header included,
    are neutralised by :func:`~coproduction.io.csv.neutralise`; numbers are plain
    numbers, 4 decimal places without trailing zeros, empty when not scored.

    Args:
        out: A binary file (for example from :func:`coproduction._atomic.atomic_output`).
        with_ids: Write the ``respondent`` column (a row without an id: empty).
        group_columns: The grouping columns to write, each in every block's cohort.
        table: Write an aligned plain-text table for a terminal instead of CSV
            (:func:`write_table`; each block keeps the widths of those before it).
            Call :meth:`close` at the end, so that a table without rows has its header.
    """

    def __init__(
        self,
        out: IO[bytes],
        *,
        with_ids: bool,
        group_columns: Sequence[str],
        table: bool = False,
    ) -> None:
        self._out = out
        self._table = table
        self._widths: list[int] | None = None
        self._with_ids = with_ids
        self._groups = tuple(group_columns)
        self.header: tuple[str, ...] = (
            *(["respondent"] if with_ids else []),
            *self._groups,
            *(d.value for d in _DOMAINS),
            "overall",
            "answered",
            "warnings",
        )
        if not table:
            out.write(header_line(self.header))

    def write(
        self,
        cohort: EvaluationCohort,
        scores: EvaluationCohortScores,
        raised: NDArray[np.bool_],
        flags: Sequence[AnyFlag],
    ) -> None:
        """Append one block's rows.

        Args:
            cohort: The block's cohort (ids and grouping columns).
            scores: ``score_cohort(cohort)``.
            raised: ``(rows, len(flags))`` booleans: row ``i`` raises ``flags[j]``.
            flags: The flags of ``raised``'s columns, in the order to list them.

        Raises:
            ValidationError: The arrays do not have one row per respondent, a
                grouping column is missing, or an id or group value cannot be
                written as UTF-8.
        """
        n = len(cohort)
        raised = np.asarray(raised, dtype=np.bool_)
        problems = [
            Problem(name, f"expected {n} rows, one per respondent, got {rows}")
            for name, rows in (
                ("scores", len(scores.mean)),
                ("raised", raised.shape[0] if raised.ndim else 0),
            )
            if rows != n
        ]
        if raised.ndim != 2 or raised.shape[1] != len(flags):
            problems.append(
                Problem(
                    "raised", f"expected one column per flag ({len(flags)}), got {raised.shape}"
                )
            )
        problems += [
            Problem(f"groups[{g!r}]", "not a grouping column of this block")
            for g in self._groups
            if g not in cohort.groups
        ]
        if problems:
            raise ValidationError("score CSV writing", problems)
        columns: list[Column] = []
        if self._with_ids:
            columns.append(safe_texts(cohort.respondents, "respondent"))
        for name in self._groups:
            values, index = group_codes(cohort, name)
            table = safe_texts(values, name)
            if isinstance(table, RawTexts):  # a value holds NUL: row by row
                columns.append(RawTexts([table.cells[i] for i in index.tolist()]))
            else:
                columns.append(Lookup(table, index))
        columns += [format_numbers(scores.mean[:, d]) for d in range(len(_DOMAINS))]
        columns.append(format_numbers(scores.overall))
        counts, inverse = unique(scores.answered.sum(axis=1, dtype=np.int64))
        columns.append(Lookup([str(c).encode() for c in counts.tolist()], inverse))
        columns.append(format_warnings(raised, flags))
        if not self._table:
            write_csv_columns(self._out, None, columns)
        elif n or self._widths is None:
            first = self._widths is None
            self._widths = write_table(
                self._out, self.header if first else None, columns, self._widths or ()
            )

    def close(self) -> None:
        """Finish the output: a table with no rows still gets its header line."""
        if self._table and self._widths is None:
            self._widths = write_table(self._out, self.header, [RawTexts([]) for _ in self.header])
