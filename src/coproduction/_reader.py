r"""The one CSV reader: strict, streaming, in blocks of bounded size.

Every CSV the library reads (wide and long evaluation and readiness files, and
REDCap records exports) is tokenised here, and nowhere else:

* **Bytes, in pieces.** The source (a path, the file's bytes, an open binary file,
  or an open text file, whose text is encoded back to UTF-8 so that there is one
  code path) is read :data:`_CHUNK_BYTES` (4 MiB) at a time, never whole, and cut
  after the last line end of each piece.
* **Strict text.** A UTF-8 byte-order mark is skipped; any other byte sequence
  that is not UTF-8 is a problem located by its row and column (``row 7, column
  'ward': not UTF-8 text``), never replaced or guessed.
* **The csv module's grammar.** Records end at CR, LF or CRLF; quoted fields may
  hold commas, quotes (doubled) and line ends, and a quoted field may run past the
  end of a piece: the reader then reads on. Records are read exactly as
  ``csv.reader(..., strict=True)`` reads the whole file. Row numbers are record
  numbers (the header is row 1), as a spreadsheet numbers rows; blank records
  (every cell empty under the cell rule) are skipped but counted.
* **A fast path.** A piece of the wide evaluation layout that is UTF-8, holds no
  quote character, NUL byte or lone carriage return and has the header's number of
  cells on every line is parsed with numpy over its bytes: answer codes without a
  Python object per cell. Any other piece goes through :mod:`csv`. Both give the
  same rows (a property test pins them together).
* **One cell rule** (:func:`coproduction._responses.parse_word`): ASCII spaces
  and tabs around a value are ignored; a cell that is empty after that is
  unanswered; any other control character (``\x0b``, ``\x00``) is refused.
* **Limits, the library's convention** (each a parameter; the defaults are set
  so that a well-formed file is never near them while a malformed or hostile
  file is refused in seconds and a few hundred MB at most): a field over
  :data:`MAX_FIELD` bytes (64 KiB) and a header over :data:`MAX_HEADER` bytes
  (64 KiB) are refused with their row, before any array is built for them; a line
  longer than the largest fields of a row could make stops the reading there;
  :data:`MAX_PROBLEMS` (1,000) problems are listed, then one entry counts the rest.
  A ``max_field`` above the :mod:`csv` module's own field limit (128 Ki
  characters unless changed) raises that process-wide limit to ``max_field``.
* **Refusal.** Once a problem is found no more blocks are yielded, so a consumer
  never receives a row after the first bad one, but the file is still read to the
  end to list every problem (up to the cap) in one
  :class:`~coproduction.ValidationError`.

**Repeated ids in bounded memory.** Ids must be unique, which needs state per
row. For a source that can be read again (a path, bytes, a seekable file) the
first pass keeps a fixed-size filter of id hashes (a 64 MiB blocked Bloom filter
of Python's hash of each id) and notes each id that the filter says may have been
seen before; only if there is such an id is the file read a second time, keeping
just the rows whose ids hash like a noted one, to confirm each repeat exactly and
name both rows. Memory is therefore the same for 1,000 rows as for 10 million.
For a source that cannot be read again (a pipe), every id is kept with its row
in a dictionary (about 100 bytes plus the id's length per row). Because the
check completes only at the end of the file, blocks are yielded before it: its
error is raised before the iterator finishes, so a consumer that commits its
output only when the iterator is exhausted (as the command line's atomic writes
do) never commits a file with repeated ids.

**The long layout** holds one record per respondent until the end of the file
(a respondent's rows may be anywhere), so its memory grows with the number of
respondents (roughly 2 KB each); its blocks are yielded at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Final, Literal, TypeAlias, TypedDict, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from coproduction._checks import (
    LARGEST,
    NOT_TEXT,
    expect,
    names,
    option,
    refuse,
    repeated_id,
    whole,
)
from coproduction._cohorts import (
    EvaluationCohort,
    activity_entry,
    check_context_column,
    date_entry,
    level_entry,
)
from coproduction._frozen import FrozenDict
from coproduction._instruments import ITEM_IDS, Frequency
from coproduction._missing import LOWEST_CODE, Missing
from coproduction._power import Activity, Level
from coproduction._responses import FREQUENCY_WORDS, blank, parse_word
from coproduction.exceptions import Problem, ValidationError

__all__ = ["read_chunks"]

#: The largest field, in bytes, a reader accepts by default (the library's convention:
#: far above any id, label or group name, far below what would strain memory).
MAX_FIELD: Final = 64 * 1024
#: The largest header row, in bytes, a reader accepts by default (the library's convention).
MAX_HEADER: Final = 64 * 1024
#: Listing stops after this many problems; one more entry counts the rest.
MAX_PROBLEMS: Final = 1000
#: Rows per block of :func:`read_chunks` by default.
CHUNK_ROWS: Final = 65_536
#: Bytes read at a time (tests make it small, to put piece ends everywhere).
_CHUNK_BYTES = 1 << 22

#: What a reader takes: a path, the file's bytes, or an open binary or text file.
Source: TypeAlias = "str | os.PathLike[str] | IO[bytes] | IO[str] | bytes"
#: One row per response (wide) or one per answer (long).
Layout: TypeAlias = Literal["wide", "long"]

UNANSWERED: Final = -1
_BAD: Final = -128  # below every kind of missing (-1 to -5)
_FREQUENCIES: Final = tuple(Frequency)
_CODE_OF: Final = {f: i for i, f in enumerate(_FREQUENCIES)}
CONTEXT: Final = ("date", "level", "activities", "preferred_activities")
_BOM: Final = b"\xef\xbb\xbf"
_NOT_UTF8: Final = "not UTF-8 text; save the file as CSV UTF-8"
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, after surrogateescape
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHORT: Final = 32  # answer cells up to this many bytes are matched as a fixed-width array
#: The id filter: 64-bit words, each id setting 8 bits of one word (a blocked Bloom
#: filter), 64 MiB: a file of 1 million distinct ids raises a false alarm (and so a
#: second pass) about once in 16 files; 10 million ids almost always do (about 1 id in 50,000).
_FILTER_WORDS: Final = 1 << 23
_FILTER_BITS: Final = np.arange(16, 64, 6, dtype=np.uint64)  # 8 bits, from the mixed hash
#: An odd 64-bit constant (2**64 / golden ratio), to draw more bits from an id's hash.
_MIX: Final = np.uint64(0x9E3779B97F4A7C15)


def where(row: int, column: str) -> str:
    """The location of a cell: ``row 7, column 'ward'``."""
    return f"row {row}, column {column!r}"


def _column_name(names: Sequence[str] | None, k: int) -> str:
    if names is None or k >= len(names):
        return f"column {k + 1}"
    return f"column {names[k]!r}"


class Problems:
    """Problems found so far: the first ``cap`` by row are listed, the rest counted."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.listed: list[tuple[int, int, Problem]] = []
        self.unlisted = 0

    def add(self, row: int, problem: Problem) -> None:
        """Note one problem at ``row``."""
        self.listed.append((row, len(self.listed), problem))
        if len(self.listed) > 2 * self.cap:
            self._trim()

    def count(self, more: int) -> None:
        """Count problems that are not listed."""
        self.unlisted += more

    @property
    def room(self) -> int:
        """How many more problems could still be listed."""
        return max(0, self.cap - len(self.listed))

    def _trim(self) -> None:
        self.listed.sort(key=lambda p: (p[0], p[1]))
        self.unlisted += max(0, len(self.listed) - self.cap)
        del self.listed[self.cap :]

    def __bool__(self) -> bool:
        return bool(self.listed) or self.unlisted > 0

    def result(self) -> list[Problem]:
        """The listed problems in row order, then one counting the rest."""
        self._trim()
        found = [p for _, _, p in self.listed]
        if self.unlisted:
            found.append(Problem("file", f"and {self.unlisted} more problems not listed"))
        return found

    def raise_if_any(self, what: str) -> None:
        """Raise one :class:`ValidationError` if any problem was found."""
        if self:
            raise ValidationError(what, self.result())


# --- the source, as bytes ------------------------------------------------------------


class _Stream:
    """A source's bytes, read piece by piece; a re-readable source can start again."""

    def __init__(self, source: Source) -> None:
        self._owned: IO[bytes] | None = None
        self._file: IO[bytes] | IO[str]
        untrusted: object = source  # checked at run time, whatever the annotations say
        if not isinstance(untrusted, bytes | bytearray | memoryview | str | os.PathLike) and (
            not callable(getattr(untrusted, "read", None))
        ):
            msg = f"expected a path, bytes or an open file, got {type(untrusted).__name__}"
            raise ValidationError("CSV source", [Problem("source", msg)])
        if isinstance(source, bytes | bytearray | memoryview):
            self._file = io.BytesIO(source)
        elif isinstance(source, str | os.PathLike):
            self._owned = self._file = Path(source).open("rb")  # noqa: SIM115 - closed by close()
        else:
            self._file = source
        self._start: int | None = None
        try:
            if self._file.seekable():
                self._start = self._file.tell()
        except (OSError, ValueError):
            self._start = None

    @property
    def restartable(self) -> bool:
        """Whether the source can be read again from where reading began."""
        return self._start is not None

    def restart(self) -> None:
        """Go back to where reading began (only a :attr:`restartable` source can)."""
        if self._start is None:
            msg = "the source cannot be read again"
            raise ValidationError("CSV source", [Problem("source", msg)])
        self._file.seek(self._start)

    def read(self, size: int) -> bytes:
        """Up to ``size`` more bytes (text is encoded back to UTF-8); ``b""`` at the end."""
        data = self._file.read(size)
        if isinstance(data, str):
            # A lone surrogate cannot be UTF-8: encoded as such, it is reported as not UTF-8.
            return data.encode("utf-8", "surrogatepass")
        return bytes(data)

    def close(self) -> None:
        """Close the file if this stream opened it."""
        if self._owned is not None:
            self._owned.close()


class _Stop(Exception):  # noqa: N818 - control flow, never seen by users
    """Reading cannot go on (a line too long, CSV that cannot be tokenised)."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


def _cut(data: bytes, eof: bool) -> int:
    """Where the last whole line of ``data`` ends (0: no line end yet)."""
    if eof:
        return len(data)
    end = max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1))
    return end + 1


def decode(piece: bytes) -> tuple[str, bool]:
    """Text of a piece, and whether it held bytes that are not UTF-8 (escaped)."""
    try:
        return piece.decode("utf-8"), False
    except UnicodeDecodeError:
        return piece.decode("utf-8", "surrogateescape"), True


class _Feed:
    """Lines for :mod:`csv`: a piece's, then (inside a quoted field) the next pieces'."""

    def __init__(self, scanner: _Scanner, piece: bytes, cap: int) -> None:
        self._scanner = scanner
        self._cap = cap
        self.lines: list[str] = []
        self.given = 0
        self.escaped = False
        self.size = 0  # bytes of every piece added
        self._add(piece)

    def _add(self, piece: bytes) -> None:
        self.size += len(piece)
        text, escaped = decode(piece)
        self.escaped = self.escaped or escaped
        self.lines = io.StringIO(text, newline="").readlines()
        self.given = 0

    @property
    def done(self) -> bool:
        """Whether every line read so far was given to the csv reader."""
        return self.given == len(self.lines)

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self.given == len(self.lines):
            piece = self._scanner.piece(self._cap)
            if not piece:
                raise StopIteration
            self._add(piece)
        self.given += 1
        return self.lines[self.given - 1]

    def rest(self) -> bytes:
        """The lines not given, as bytes again."""
        return "".join(self.lines[self.given :]).encode("utf-8", "surrogateescape")


class _Scanner:
    """Records of a source: the header, then pieces of whole lines (fast or csv)."""

    def __init__(
        self, stream: _Stream, *, max_field: int, max_header: int, chunk_bytes: int
    ) -> None:
        self.stream = stream
        self.max_field = max_field
        self.max_header = max_header
        self.chunk = max(1, chunk_bytes)
        self.pending = b""
        self.eof = False
        self.row = 0  # records read so far; the header is record 1
        self._fill(len(_BOM))
        self.pending = self.pending.removeprefix(_BOM)
        if csv.field_size_limit() <= max_field:  # the csv module counts characters
            csv.field_size_limit(max_field + 1)

    def _fill(self, size: int) -> None:
        parts = [self.pending]
        have = len(self.pending)
        while have < size and not self.eof:
            data = self.stream.read(max(self.chunk, size - have))
            if not data:
                self.eof = True
                break
            parts.append(data)
            have += len(data)
        self.pending = b"".join(parts)

    def piece(self, cap: int) -> bytes:
        """The next whole lines, about a chunk's worth; ``b""`` at the end of the file."""
        self._fill(self.chunk)
        if not self.pending:
            return b""
        cut = _cut(self.pending, self.eof)
        while not cut:
            if len(self.pending) > cap:
                raise _Stop(
                    self.row + 1,
                    f"a line longer than {cap} bytes, more than a row of fields of at most "
                    f"{self.max_field} bytes can hold (max_field); reading stopped here",
                )
            self._fill(max(2 * len(self.pending), self.chunk))
            cut = _cut(self.pending, self.eof)
        piece, self.pending = self.pending[:cut], self.pending[cut:]
        return piece

    def header(self) -> list[str]:
        """The header's cells, stripped; a header that cannot be read is refused whole."""
        try:
            piece = self.piece(self.max_header)
        except _Stop:
            raise ValidationError(
                "CSV header",
                [
                    Problem(
                        "row 1", f"the header is longer than {self.max_header} bytes (max_header)"
                    )
                ],
            ) from None
        feed = _Feed(self, piece, self.max_header)
        problems = Problems(MAX_PROBLEMS)
        try:
            records = self.records(feed, None, problems, limit=1)
            first = next(records, None)
        except _Stop as stop:
            raise ValidationError("CSV header", [Problem("row 1", stop.message)]) from None
        self.pending = feed.rest() + self.pending
        if first is None or not any(c.strip() for c in first[1]):
            raise ValidationError("CSV file", [Problem("row 1", "the file has no header row")])
        size = feed.size - len(feed.rest())
        if size > self.max_header:
            problems.add(
                1,
                Problem("row 1", f"the header is longer than {self.max_header} bytes (max_header)"),
            )
        problems.raise_if_any("CSV header")
        return [strip(name) for name in first[1]]

    def records(  # noqa: C901 - one loop: tokenise, locate bad text and long fields
        self,
        feed: _Feed,
        names: Sequence[str] | None,
        problems: Problems,
        *,
        limit: int = 0,
    ) -> Iterator[tuple[int, list[str]]]:
        """Records through :mod:`csv`, until the feed ends at a record's end.

        Cells that are not UTF-8 or over the field limit are reported to
        ``problems``; the records are yielded all the same, with their row numbers.
        """
        reader = csv.reader(feed, strict=True)
        quarter = self.max_field // 4
        count = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                message = str(error)
                if "field limit" in message:
                    message = f"a field longer than {self.max_field} bytes (max_field)"
                else:
                    message = f"not readable as CSV: {message}"
                raise _Stop(self.row + 1, f"{message}; reading stopped here") from None
            self.row += 1
            if feed.escaped:
                for k, cell in enumerate(record):
                    if _ESCAPED.search(cell):
                        problems.add(
                            self.row,
                            Problem(f"row {self.row}, {_column_name(names, k)}", _NOT_UTF8),
                        )
            if record and max(map(len, record)) > quarter:
                for k, cell in enumerate(record):
                    size = len(cell.encode("utf-8", "surrogateescape"))
                    if size > self.max_field:
                        problems.add(self.row, _too_long(self.row, names, k, size, self.max_field))
            yield self.row, record
            count += 1
            if feed.done or count == limit:
                return

    def pieces(self, width: int) -> Iterator[bytes]:
        """The pieces after the header."""
        cap = width * (2 * self.max_field + 3) + 2
        while piece := self.piece(cap):
            if not piece.endswith((b"\n", b"\r")):  # the last line, without a line end
                piece += b"\n"
            yield piece

    def data_cap(self, width: int) -> int:
        """The longest line a row of ``width`` fields within the field limit can have."""
        return width * (2 * self.max_field + 3) + 2


def _too_long(row: int, names: Sequence[str] | None, k: int, size: int, limit: int) -> Problem:
    return Problem(
        f"row {row}, {_column_name(names, k)}",
        f"a field of {size} bytes, over the limit of {limit} bytes (max_field)",
    )


def strip(cell: str) -> str:
    """A cell without the ASCII spaces and tabs around it (the cell rule)."""
    return cell.strip(" \t")


def is_blank(record: Sequence[str]) -> bool:
    """Whether every cell of a record is empty under the cell rule."""
    return all(blank(cell) for cell in record)


def read_header(source: Source) -> list[str]:
    """The header row's cells (stripped) of a CSV source."""
    stream = _Stream(source)
    try:
        return _Scanner(
            stream, max_field=MAX_FIELD, max_header=MAX_HEADER, chunk_bytes=_CHUNK_BYTES
        ).header()
    finally:
        stream.close()


# --- rows of cells, for the readers that build objects -----------------------------


def table(
    source: Source,
    *,
    max_field: int = MAX_FIELD,
    max_header: int = MAX_HEADER,
    max_problems: int = MAX_PROBLEMS,
) -> tuple[list[str], list[tuple[int, list[str], list[Problem]]], Problems]:
    """The header, the non-blank rows (each with its row number and its problems).

    For the readers that build one object per row and so hold the file anyway.
    Problems that end the reading are in the returned :class:`Problems`.
    """
    stream = _Stream(source)
    scanner = _Scanner(stream, max_field=max_field, max_header=max_header, chunk_bytes=_CHUNK_BYTES)
    try:
        header = scanner.header()
        rows: list[tuple[int, list[str], list[Problem]]] = []
        ending = Problems(max_problems)
        try:
            for piece in scanner.pieces(len(header)):
                feed = _Feed(scanner, piece, scanner.data_cap(len(header)))
                found = Problems(1 << 62)
                for row, record in scanner.records(feed, header, found):
                    if is_blank(record) and not found.listed:
                        continue
                    mine = [p for r, _, p in found.listed if r == row]
                    rows.append((row, record, mine))
                found.listed.clear()
        except _Stop as stop:
            ending.add(stop.row, Problem(f"row {stop.row}", stop.message))
    finally:
        stream.close()
    return header, rows, ending


# --- the header ---------------------------------------------------------------------


def check_header(
    header: Sequence[str],
    *,
    required: Sequence[str],
    optional: Sequence[str],
) -> tuple[dict[str, int], list[Problem]]:
    """Index the columns; report unknown, duplicate and missing ones."""
    problems: list[Problem] = []
    index: dict[str, int] = {}
    known = set(required) | set(optional)
    for i, name in enumerate(header):
        if name in index:
            problems.append(Problem(f"row 1, column {i + 1}", f"duplicate column {name!r}"))
        elif name not in known:
            problems.append(
                Problem(
                    f"row 1, column {i + 1}",
                    f"unknown column {name!r}; expected the instrument's ids, "
                    f"{', '.join(repr(o) for o in optional)}; declare grouping columns "
                    "(group_columns=, or --group on the command line)",
                )
            )
        index.setdefault(name, i)
    missing = [name for name in required if name not in index]
    if missing:
        problems.append(Problem("row 1", f"missing columns: {', '.join(missing)}"))
    return index, problems


# --- cells --------------------------------------------------------------------------


def parse_context(  # noqa: PLR0911 - one return per kind of context cell
    name: str, cell: str, row: int, problems: list[Problem]
) -> object:
    """Read one context cell (date, level, activities); empty means none."""
    text = strip(cell)
    if name == "date":
        if not text:
            return None
        try:
            if _DATE.fullmatch(text):  # not an ISO week or ordinal date, which fromisoformat takes
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        problems.append(Problem(where(row, name), f"expected a date YYYY-MM-DD, got {cell!r}"))
        return None
    if name == "level":
        if not text:
            return None
        levels = {level.value: level for level in Level}
        if text in levels:
            return levels[text]
        problems.append(
            Problem(where(row, name), f"expected one of {', '.join(levels)}, got {cell!r}")
        )
        return None
    codes = {a.value: a for a in Activity}
    chosen: list[Activity] = []
    for part in (strip(p) for p in text.split(";")) if text else ():
        if part in codes and codes[part] not in chosen:
            chosen.append(codes[part])
        else:
            problems.append(
                Problem(
                    where(row, name),
                    f"expected activity codes separated by ';' ({', '.join(codes)}), "
                    f"each once; got {part!r}",
                )
            )
    return frozenset(chosen)


def text_cell(cell: str, row: int, column: str, problems: list[Problem], what: str) -> str:
    """An id or grouping cell under the cell rule: spaces and tabs around it ignored.

    As for answers, ASCII spaces and tabs around the value are not part of it (so
    ``"Oak "`` and ``"Oak"`` are one ward, and ``" R-1"`` repeats ``"R-1"``); an
    empty value, or one holding a character of :data:`~coproduction._checks.NOT_TEXT`, is a problem.
    """
    value = cell.strip(" \t")
    if not value:
        problems.append(Problem(where(row, column), f"empty {what}; every row needs one"))
    elif (found := NOT_TEXT.search(value)) is not None:
        problems.append(
            Problem(
                where(row, column),
                f"the {what} holds U+{ord(found[0]):04X}, a control or invisible formatting "
                "character; ids and grouping values must be plain text",
            )
        )
    return value


def parse_id(cell: str, row: int, column: str, problems: list[Problem]) -> str:
    """An id cell under the cell rule (:func:`text_cell`)."""
    return text_cell(cell, row, column, problems, "id")


def parse_group(cell: str, row: int, column: str, problems: list[Problem]) -> str:
    """A grouping cell under the cell rule (:func:`text_cell`)."""
    return text_cell(cell, row, column, problems, "group value")


def missing_codes_hint() -> str:
    """The kinds of missing a cell may name, for the message refusing a cell."""
    codes = ", ".join(repr(kind.cell) for kind in Missing if kind.cell)
    return f"; or a kind of missing: {codes}"


def evaluation_code(cell: str, row: int, column: str, problems: list[Problem]) -> int:
    """An evaluation answer cell as its code (-1 to -5: a kind of missing); bad is a problem."""
    code = _word_code(cell)
    if code == _BAD:
        result = parse_word(cell, FREQUENCY_WORDS, Frequency)
        problems.append(Problem(where(row, column), f"{result}{missing_codes_hint()}"))
    return code


def _word_code(cell: str) -> int:
    """A cell's code by the cell rule: an answer's, a kind of missing's, or ``_BAD``."""
    if (kind := Missing.from_cell(cell)) is not None:
        return kind.cohort_code
    result = parse_word(cell, FREQUENCY_WORDS, Frequency)
    if isinstance(result, str):
        return _BAD
    return UNANSWERED if result is None else _CODE_OF[result]


#: The code of every one-byte cell, by the cell rule (ASCII only: other bytes are not text).
_BYTE_CODE: Final = np.array(
    [_word_code(chr(b)) if b < 0x80 else _BAD for b in range(256)], dtype=np.int8
)
#: Bytes that may begin a cell Python's str.strip() would empty (ASCII space or not ASCII).
_MAYBE_SPACE: Final = np.zeros(256, dtype=bool)
_MAYBE_SPACE[[ord(c) for c in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"]] = True
_MAYBE_SPACE[0x80:] = True
#: Bytes that may start a character an id or grouping value may not hold, or be
#: part of one (every non-ASCII lead byte is checked in Python; ASCII ones here).
_MAYBE_NOT_TEXT: Final = np.zeros(256, dtype=bool)
_MAYBE_NOT_TEXT[[*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2, 0xE2, 0xEF]] = True
#: Bytes of a blank line (separators, spaces, tabs).
_BLANK_BYTES: Final = frozenset(b" \t,\r\n")
_SEPARATORS: Final = bytes.maketrans(b",\r", b"\n\n")


# --- the fast path: numpy over the bytes of a piece -----------------------------------


def _fields(body: bytes, width: int) -> tuple[NDArray[np.uint8], NDArray[np.int64]] | None:
    """Each row's separator positions, as a ``(width, rows)`` array; None if irregular.

    ``body`` holds whole lines, each ending with a line feed.

    Row ``r``'s cell ``c`` ends at ``seps[c, r]`` (a comma, or the line feed for the
    last cell) and starts after ``seps[c - 1, r]`` (or the previous row's end).
    """
    buf = np.frombuffer(body, dtype=np.uint8)
    newline = buf == ord("\n")
    flat = np.flatnonzero(newline | (buf == ord(",")))
    if flat.size % width:
        return None
    seps = flat.reshape(-1, width)
    # n line feeds, each the last separator of a row: every other separator is a comma.
    if np.count_nonzero(newline) != seps.shape[0] or not newline[seps[:, -1]].all():
        return None
    return buf, np.ascontiguousarray(seps.T)


def _column(
    buf: NDArray[np.uint8], starts: NDArray[np.int64], ends: NDArray[np.int64]
) -> NDArray[np.bytes_]:
    """Short cells as a fixed-width bytes array (callers keep cells at most _SHORT bytes)."""
    lengths = ends - starts
    width = int(lengths.max()) if lengths.size else 0
    if width == 0:
        return np.zeros(lengths.shape, dtype="S1")
    offsets = np.arange(width)
    inside = offsets < lengths[:, None]
    chars = buf[np.where(inside, starts[:, None] + offsets, 0)]
    chars[~inside] = 0
    return np.ascontiguousarray(chars).view(f"S{width}").ravel()


def _texts(buf: NDArray[np.uint8], starts: NDArray[np.int64], ends: NDArray[np.int64]) -> list[str]:
    """One column's cells as text, in one decode (no fixed-width array: any lengths)."""
    if not starts.size:
        return []
    lengths = ends - starts + 1  # each cell with the separator after it
    offsets = np.cumsum(lengths) - lengths
    positions = np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)
    # On this path no cell holds a comma, a line feed or a carriage return.
    data: bytes = buf[positions].tobytes().translate(_SEPARATORS)
    return data.decode("utf-8").split("\n")[:-1]


def _cell_text(buf: NDArray[np.uint8], start: int, end: int) -> str:
    return bytes(buf[start:end]).decode("utf-8")


def _codes(
    buf: NDArray[np.uint8], starts: NDArray[np.int64], ends: NDArray[np.int64]
) -> NDArray[np.int8]:
    """Codes of one item column: one-byte cells by table, longer ones by their distinct values."""
    lengths = ends - starts
    out = np.where(lengths == 0, np.int8(UNANSWERED), _BYTE_CODE[buf[starts]]).astype(np.int8)
    short = np.flatnonzero((lengths > 1) & (lengths <= _SHORT))
    if short.size:
        values, inverse = np.unique(_column(buf, starts[short], ends[short]), return_inverse=True)
        mapped = np.array([_word_code(v.decode("utf-8")) for v in values.tolist()], dtype=np.int8)
        out[short] = mapped[inverse.ravel()]
    for k in np.flatnonzero(lengths > _SHORT).tolist():  # long: padding, or not an answer
        out[k] = _word_code(_cell_text(buf, int(starts[k]), int(ends[k])))
    return out


# --- blocks of the wide evaluation layout --------------------------------------------


@attrs.define
class _Part:
    """Rows read from one piece: codes, row numbers, ids, groups and context."""

    rows: NDArray[np.int64]
    codes: NDArray[np.int8]
    ids: list[str] | None
    groups: dict[str, list[str]]
    context: dict[str, list[object]]

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, stop: int) -> tuple[_Part, _Part]:
        """The first ``stop`` rows, and the rest."""

        def cut(values: list[object] | list[str]) -> tuple[list[object], list[object]]:
            return list(values[:stop]), list(values[stop:])

        ids = None if self.ids is None else (self.ids[:stop], self.ids[stop:])
        groups = {g: (v[:stop], v[stop:]) for g, v in self.groups.items()}
        context = {c: cut(v) for c, v in self.context.items()}
        head = _Part(
            self.rows[:stop],
            self.codes[:stop],
            None if ids is None else ids[0],
            {g: v[0] for g, v in groups.items()},
            {c: v[0] for c, v in context.items()},
        )
        tail = _Part(
            self.rows[stop:],
            self.codes[stop:],
            None if ids is None else ids[1],
            {g: v[1] for g, v in groups.items()},
            {c: v[1] for c, v in context.items()},
        )
        return head, tail


def _join(parts: list[_Part]) -> _Part:
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return _Part(
        np.concatenate([p.rows for p in parts]),
        np.concatenate([p.codes for p in parts]),
        None if first.ids is None else [i for p in parts for i in p.ids or ()],
        {g: [v for p in parts for v in p.groups[g]] for g in first.groups},
        {c: [v for p in parts for v in p.context[c]] for c in first.context},
    )


def _cohort(part: _Part) -> EvaluationCohort:
    """A cohort of rows this reader has checked, without checking them again row by row.

    Every id and group value was checked as :class:`EvaluationCohort` checks them
    (non-empty text) and every code was read by the cell rule; only the array's
    range is checked again, and the group columns are factorised without a
    Python dictionary per row.
    """
    codes = part.codes
    if codes.size and (int(codes.min()) < LOWEST_CODE or int(codes.max()) > 2):
        raise AssertionError("the reader built a code off the scale")  # pragma: no cover
    codes.flags.writeable = False
    n = len(codes)
    groups = {g: tuple(v) for g, v in part.groups.items()}
    values: dict[str, object] = {
        "answers": codes,
        "respondents": (None,) * n if part.ids is None else tuple(part.ids),
        "groups": FrozenDict(groups),
        "_group_codes": FrozenDict((g, _factorise(v)) for g, v in groups.items()),
    }
    problems: list[Problem] = []
    for column, field, entry in _CONTEXT_FIELDS:  # stored as the cohort stores them
        values[field] = check_context_column(
            part.context.get(column), n, field, entry, problems, sized=True
        )
    if problems:  # pragma: no cover - the reader parsed every context cell
        raise ValidationError("evaluation cohort", problems)
    cohort = object.__new__(EvaluationCohort)
    # pyright does not model attrs' generated __attrs_init__ (mypy's plugin does).
    init: Callable[..., None] = cohort.__attrs_init__  # pyright: ignore[reportAttributeAccessIssue]
    init(**{str(f.alias): values[f.name] for f in attrs.fields(EvaluationCohort)})
    return cohort


def _factorise(values: tuple[str, ...]) -> tuple[tuple[str, ...], NDArray[np.int64]]:
    """Distinct values, sorted, and each row's number among them (as the cohort's own)."""
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=len(values))
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    distinct = [values[i] for i in first.tolist()]
    inverse = inverse.ravel()
    if any(map(operator.ne, values, map(distinct.__getitem__, inverse.tolist()))):
        seen: dict[str, int] = {}  # two values with one hash: the slow, sure way
        codes = np.fromiter(
            (seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values)
        )
        distinct, inverse = list(seen), codes
    order = sorted(range(len(distinct)), key=distinct.__getitem__)
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[order] = np.arange(len(distinct))
    coded = rank[inverse]
    coded.flags.writeable = False
    return tuple(distinct[i] for i in order), coded


_CONTEXT_FIELDS: Final[
    tuple[tuple[str, str, Callable[[object], tuple[object, str | None]]], ...]
] = (
    ("date", "dates", date_entry),
    ("level", "levels", level_entry),
    ("activities", "activities", activity_entry),
    ("preferred_activities", "preferred_activities", activity_entry),
)


class _Unique:
    """Repeated ids, found in bounded memory (see the module docstring)."""

    def __init__(self, *, exact: bool) -> None:
        self.words = np.zeros(_FILTER_WORDS, dtype=np.uint64)
        self.suspects: list[NDArray[np.uint64]] = []
        self.first: dict[object, str] | None = {} if exact else None

    def add(self, ids: list[str], rows: NDArray[np.int64], column: str, found: Problems) -> None:
        """Note a block's ids (empty ones are not ids, and are reported elsewhere)."""
        if self.first is not None:
            for key, row in zip(ids, rows.tolist(), strict=True):
                _repeat(self.first, key, row, column, found)
            return
        hashes = np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids)).view(np.uint64)
        ordered = np.sort(hashes)
        self.suspects.append(ordered[1:][ordered[1:] == ordered[:-1]])  # repeats in the block
        word = (hashes & np.uint64(_FILTER_WORDS - 1)).astype(np.intp)
        bits = np.uint64(1) << (((hashes * _MIX)[:, None] >> _FILTER_BITS) & np.uint64(63))
        mask = np.bitwise_or.reduce(bits, axis=1)
        old = self.words[word]
        seen = (old & mask) == mask
        self.words[word] = old | mask
        missed = np.flatnonzero((self.words[word] & mask) != mask)  # two ids, one word
        if missed.size:
            np.bitwise_or.at(self.words, word[missed], mask[missed])
        self.suspects.append(hashes[seen])  # may have been seen before

    def suspected(self) -> NDArray[np.uint64] | None:
        """The hashes of ids that may repeat, or None when no id can."""
        if self.first is not None:
            return None
        found = np.unique(np.concatenate(self.suspects)) if self.suspects else None
        return found if found is not None and found.size else None


def _repeat(first: dict[object, str], key: str, row: int, column: str, found: Problems) -> None:
    if (problem := repeated_id(first, key, f"row {row}", where(row, column))) is not None:
        found.add(row, problem)


@attrs.define
class _Wide:
    """Reads the wide evaluation layout, piece by piece, into parts."""

    scanner: _Scanner
    header: list[str]
    index: dict[str, int]
    id_column: str
    group_columns: Sequence[str]
    found: Problems

    @property
    def width(self) -> int:
        return len(self.header)

    def parts(self) -> Iterator[_Part]:
        """Parts of every piece; problems go to ``found`` (rows with problems are kept)."""
        try:
            for piece in self.scanner.pieces(self.width):
                fields = _fields(piece, self.width) if _plain(piece) else None
                if fields is None:
                    feed = _Feed(self.scanner, piece, self.scanner.data_cap(self.width))
                    yield self._slow(self.scanner.records(feed, self.header, self.found))
                else:
                    part = self._fast(*fields, self.scanner.row + 1)
                    self.scanner.row += fields[1].shape[1]
                    yield part
        except _Stop as stop:
            self.found.add(stop.row, Problem(f"row {stop.row}", stop.message))

    def _fast(  # noqa: C901 - one pass over a piece's columns
        self, buf: NDArray[np.uint8], seps: NDArray[np.int64], first: int
    ) -> _Part:
        n = seps.shape[1]
        rows = first + np.arange(n, dtype=np.int64)
        found = self.found
        line_starts = np.empty(n, dtype=np.int64)
        line_starts[:1] = 0
        line_starts[1:] = seps[-1, :-1] + 1
        last = self.width - 1

        def bounds(col: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
            starts = line_starts if col == 0 else seps[col - 1] + 1
            ends = seps[col]
            if col == last:  # a carriage return before the line feed is not content
                ends = ends - ((ends > starts) & (buf[ends - 1] == ord("\r")))
            return starts, ends

        if (seps[-1] - line_starts > self.scanner.max_field).any():
            for c in range(self.width):
                starts, ends = bounds(c)
                for r in np.flatnonzero(ends - starts > self.scanner.max_field).tolist():
                    size = int(ends[r] - starts[r])
                    problem = _too_long(first + r, self.header, c, size, self.scanner.max_field)
                    found.add(first + r, problem)
        codes = np.empty((n, len(ITEM_IDS)), dtype=np.int8)
        for j, item_id in enumerate(ITEM_IDS):
            codes[:, j] = _codes(buf, *bounds(self.index[item_id]))
        keep: NDArray[np.bool_] | None = None
        empty = np.flatnonzero((codes == UNANSWERED).all(axis=1))
        if empty.size:  # rows without answers: skip the blank ones, as csv rows are skipped
            blank_rows = [
                r
                for r in empty.tolist()
                if _BLANK_BYTES.issuperset(bytes(buf[line_starts[r] : seps[-1, r]]))
            ]
            if blank_rows:
                mask = np.ones(n, dtype=np.bool_)
                mask[blank_rows] = False
                keep = mask
                rows, codes = rows[keep], codes[keep]

        def kept(col: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
            starts, ends = bounds(col)
            return (starts, ends) if keep is None else (starts[keep], ends[keep])

        bad_rows, bad_cols = np.nonzero(codes == _BAD)
        room = found.room
        for r, j in zip(bad_rows[:room].tolist(), bad_cols[:room].tolist(), strict=True):
            starts, ends = kept(self.index[ITEM_IDS[j]])
            cell = _cell_text(buf, int(starts[r]), int(ends[r]))
            messages: list[Problem] = []
            evaluation_code(cell, int(rows[r]), ITEM_IDS[j], messages)
            found.add(int(rows[r]), messages[0])
        found.count(max(0, bad_rows.size - room))
        ids = None
        # Bytes that may begin a character no id or group may hold: found once a piece.
        suspect = np.flatnonzero(_MAYBE_NOT_TEXT[buf])
        if self.id_column in self.index:
            cells = kept(self.index[self.id_column])
            ids = self._text(buf, suspect, cells, rows, self.id_column, parse_id)
        groups = {
            g: self._text(buf, suspect, kept(self.index[g]), rows, g, parse_group)
            for g in self.group_columns
        }
        context: dict[str, list[object]] = {}
        for name in CONTEXT:
            if name in self.index:
                context[name] = _context(name, _texts(buf, *kept(self.index[name])), rows, found)
        return _Part(rows, codes, ids, groups, context)

    def _text(
        self,
        buf: NDArray[np.uint8],
        suspect: NDArray[np.intp],
        cells: tuple[NDArray[np.int64], NDArray[np.int64]],
        rows: NDArray[np.int64],
        name: str,
        check: Callable[[str, int, str, list[Problem]], str],
    ) -> list[str]:
        starts, ends = cells
        values = _texts(buf, starts, ends)
        empty = ends == starts
        last = np.maximum(ends - 1, starts)
        flagged = empty | _MAYBE_SPACE[buf[starts]] | _MAYBE_SPACE[buf[last]]
        if suspect.size:  # usually none
            cell = np.searchsorted(starts, suspect, side="right") - 1
            inside = (cell >= 0) & (suspect < ends[np.maximum(cell, 0)])
            flagged[cell[inside]] = True
        maybe = np.flatnonzero(flagged)
        for r in maybe.tolist():
            messages: list[Problem] = []
            values[r] = check(values[r], int(rows[r]), name, messages)
            for problem in messages:
                self.found.add(int(rows[r]), problem)
        return values

    def _slow(self, records: Iterator[tuple[int, list[str]]]) -> _Part:
        rows: list[int] = []
        codes: list[list[int]] = []
        ids: list[str] | None = [] if self.id_column in self.index else None
        groups: dict[str, list[str]] = {g: [] for g in self.group_columns}
        context: dict[str, list[object]] = {c: [] for c in CONTEXT if c in self.index}
        index = self.index
        for row, record in records:
            if is_blank(record):
                continue
            messages: list[Problem] = []
            if len(record) != self.width:
                messages.append(
                    Problem(
                        f"row {row}",
                        f"expected {self.width} cells, like the header; got {len(record)}",
                    )
                )
                for problem in messages:
                    self.found.add(row, problem)
                continue
            rows.append(row)
            codes.append([evaluation_code(record[index[i]], row, i, messages) for i in ITEM_IDS])
            if ids is not None:
                ids.append(parse_id(record[index[self.id_column]], row, self.id_column, messages))
            for g in self.group_columns:
                groups[g].append(parse_group(record[index[g]], row, g, messages))
            for c, values in context.items():
                values.append(parse_context(c, record[index[c]], row, messages))
            for problem in messages:
                self.found.add(row, problem)
        array = np.array(codes, dtype=np.int8).reshape(len(rows), len(ITEM_IDS))
        return _Part(np.array(rows, dtype=np.int64), array, ids, groups, context)


def _plain(piece: bytes) -> bool:
    """Whether a piece can take the numpy path: UTF-8, no quotes, NULs or lone CRs."""
    if b'"' in piece or b"\0" in piece or not piece.endswith(b"\n"):
        return False
    carriage_returns = piece.count(b"\r")
    if carriage_returns and carriage_returns != piece.count(b"\r\n"):
        return False
    if not piece.isascii():
        try:
            piece.decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def _context(
    name: str, values: list[str], rows: NDArray[np.int64], found: Problems
) -> list[object]:
    """Parse a context column, each distinct value once."""
    seen: dict[str, tuple[object, list[Problem]]] = {}
    parsed: list[object] = []
    for value, row in zip(values, rows.tolist(), strict=True):
        known = seen.get(value)
        if known is None:
            messages: list[Problem] = []
            known = seen[value] = (parse_context(name, value, row, messages), messages)
        if known[1]:
            for problem in known[1]:
                found.add(row, Problem(where(row, name), problem.message))
        parsed.append(known[0])
    return parsed


def check_options(
    *,
    layout: object = "wide",
    id_column: object = "respondent",
    group_columns: object = (),
    keep_good_rows: object = False,
    **limits: object,
) -> tuple[str, ...]:
    """Refuse a reader's options that are not what their types say; the grouping columns.

    Every CSV and REDCap reader checks its options here, before opening the source.
    """
    problems: list[Problem] = []
    option(layout, Layout, "layout", problems)
    expect(id_column, str, "id_column", problems)
    groups = names(group_columns, "group_columns", problems, one=False)
    expect(keep_good_rows, bool, "keep_good_rows", problems)
    for name, value in limits.items():
        # max_field + 1 is handed to csv: one under LARGEST; the rows of a block are
        # bounded by the file (read_cohort asks for one block of any size).
        whole(value, name, problems, least=1, most=None if name == "chunk_rows" else LARGEST - 1)
    refuse("reader options", problems)
    return groups


def read_chunks(
    source: Source,
    *,
    layout: Layout = "wide",
    id_column: str = "respondent",
    group_columns: Sequence[str] = (),
    chunk_rows: int = CHUNK_ROWS,
    max_field: int = MAX_FIELD,
    max_header: int = MAX_HEADER,
    max_problems: int = MAX_PROBLEMS,
) -> Iterator[EvaluationCohort]:
    r"""Read an evaluation CSV block by block, strictly, in bounded memory.

    The file is read as :func:`~coproduction.io.csv.read_evaluations` reads it (the same
    columns, cells and messages), without a response object per row, and handed
    over as :class:`~coproduction.EvaluationCohort` blocks of at most
    ``chunk_rows`` rows, in file order. Only a few MB of the file are held at a
    time (the wide layout; the long layout holds one record per respondent).

    Reading is strict: UTF-8 only (a byte-order mark is skipped), CR, LF and CRLF
    line ends and quoted fields exactly as Python's ``csv`` reads them; every
    problem is located by row (the header is row 1) and column. Answer cells
    follow one rule everywhere: spaces and tabs around a value are ignored, empty
    is unanswered, any other control character is refused. Ids and grouping
    values must be non-empty, ids unique.

    Once a problem is found, no further block is yielded, but the rest of the
    file is read to list every problem (up to ``max_problems``); the iterator
    then raises one :class:`~coproduction.ValidationError` instead of finishing.
    Repeated ids are only known at the end of the file (see ``docs/formats.md``):
    blocks before a repeat may have been yielded, and the error is raised before
    the iterator finishes.

    The limits are the library's conventions, with safe defaults: a field over
    ``max_field`` bytes (``MAX_FIELD``, 64 KiB) or a header over
    ``max_header`` bytes (64 KiB) is refused with its row before anything is
    built from it, and a line longer than a row of such fields could be stops the
    reading; after ``max_problems`` (1,000) problems one more entry counts the rest.

    Args:
        source: A path, the file's bytes, or an open binary or text file.
        layout: ``"wide"`` (one row per respondent) or ``"long"`` (one per answer).
        id_column: The respondent id column (optional in a wide file).
        group_columns: Grouping columns to keep (required in the file).
        chunk_rows: The most rows in one block.
        max_field: The largest field, in bytes.
        max_header: The largest header row, in bytes.
        max_problems: The most problems listed.

    Yields:
        Cohorts of at most ``chunk_rows`` rows, with ids and grouping columns.

    Raises:
        ValidationError: Every problem, by row and column, after the last good
            block; or at once, for a header that cannot be read.

    >>> data = b"respondent,ward," + ",".join(ITEM_IDS).encode()
    >>> data += b"\nR-1,Oak," + b",".join([b"2"] * 23) + b"\r\n\"R\n2\",Elm,1" + b"," * 22
    >>> [(c.respondents, c.groups["ward"]) for c in read_chunks(
    ...     data, group_columns=["ward"], chunk_rows=1)]
    [(('R-1',), ('Oak',)), (('R\n2',), ('Elm',))]

    .. versionadded:: 0.2.0
    """
    group_columns = check_options(
        layout=layout,
        id_column=id_column,
        group_columns=group_columns,
        chunk_rows=chunk_rows,
        max_field=max_field,
        max_header=max_header,
        max_problems=max_problems,
    )
    stream = _Stream(source)
    try:
        scanner = _Scanner(
            stream, max_field=max_field, max_header=max_header, chunk_bytes=_CHUNK_BYTES
        )
        header = scanner.header()
    except BaseException:
        stream.close()
        raise
    return _blocks(
        stream, scanner, header, layout, id_column, group_columns, chunk_rows, max_problems
    )


def _blocks(
    stream: _Stream,
    scanner: _Scanner,
    header: list[str],
    layout: Layout,
    id_column: str,
    group_columns: Sequence[str],
    chunk_rows: int,
    max_problems: int,
) -> Iterator[EvaluationCohort]:
    try:
        if layout == "long":
            yield from _long_blocks(
                scanner, header, id_column, group_columns, chunk_rows, max_problems
            )
        else:
            yield from _wide_blocks(
                stream, scanner, header, id_column, group_columns, chunk_rows, max_problems
            )
    finally:
        stream.close()


def _wide_blocks(
    stream: _Stream,
    scanner: _Scanner,
    header: list[str],
    id_column: str,
    group_columns: Sequence[str],
    chunk_rows: int,
    max_problems: int,
) -> Iterator[EvaluationCohort]:
    index, header_problems = check_header(
        header,
        required=[*ITEM_IDS, *group_columns],
        optional=[id_column, *CONTEXT, *group_columns],
    )
    if header_problems:
        raise ValidationError("CSV header", header_problems)
    found = Problems(max_problems)
    wide = _Wide(scanner, header, index, id_column, group_columns, found)
    with_ids = id_column in index
    unique = _Unique(exact=not stream.restartable)
    pending: list[_Part] = []
    held = 0
    for part in wide.parts():
        if with_ids and part.ids is not None:
            unique.add(part.ids, part.rows, id_column, found)
        if found:
            pending.clear()
            continue
        pending.append(part)
        held += len(part)
        while held >= chunk_rows:
            block, rest = _join(pending).take(chunk_rows)
            pending = [rest] if len(rest) else []
            held = len(rest)
            yield _cohort(block)
    if with_ids:
        suspects = unique.suspected()
        if suspects is not None:
            _confirm_repeats(stream, scanner, header, index, id_column, suspects, found)
    found.raise_if_any("evaluation responses (CSV)")
    if held:
        yield _cohort(_join(pending))


def _confirm_repeats(
    stream: _Stream,
    scanner: _Scanner,
    header: list[str],
    index: dict[str, int],
    id_column: str,
    suspects: NDArray[np.uint64],
    found: Problems,
) -> None:
    """Read the file again, keeping only ids that hash like a suspect, to name each repeat."""
    stream.restart()
    again = _Scanner(
        stream,
        max_field=scanner.max_field,
        max_header=scanner.max_header,
        chunk_bytes=scanner.chunk,
    )
    again.header()
    wide = _Wide(again, header, index, id_column, (), Problems(1))
    first: dict[object, str] = {}
    for part in wide.parts():
        ids = part.ids or []
        hashes = np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids)).view(np.uint64)
        for k in np.flatnonzero(np.isin(hashes, suspects)).tolist():
            _repeat(first, ids[k], int(part.rows[k]), id_column, found)


def _long_blocks(
    scanner: _Scanner,
    header: list[str],
    id_column: str,
    group_columns: Sequence[str],
    chunk_rows: int,
    max_problems: int,
) -> Iterator[EvaluationCohort]:
    index, header_problems = check_header(
        header,
        required=[id_column, "item", "answer", *group_columns],
        optional=[*CONTEXT, *group_columns],
    )
    if header_problems:
        raise ValidationError("CSV header", header_problems)
    found = Problems(max_problems)
    records = LongRecords(
        ids=ITEM_IDS,
        index=index,
        width=len(header),
        id_column=id_column,
        id_name="item",
        group_columns=group_columns,
        context=CONTEXT,
        cell=evaluation_code,
    )
    try:
        for piece in scanner.pieces(len(header)):
            feed = _Feed(scanner, piece, scanner.data_cap(len(header)))
            for row, record in scanner.records(feed, header, found):
                if not is_blank(record):
                    records.add(row, record, [])
    except _Stop as stop:
        found.add(stop.row, Problem(f"row {stop.row}", stop.message))
    for respondent in records.records():
        for problem in respondent.problems:
            found.add(respondent.rows[0], problem)
    found.raise_if_any("evaluation responses (CSV)")
    kept = records.records()
    for start in range(0, len(kept), chunk_rows):
        chunk = kept[start : start + chunk_rows]
        codes = np.array(
            [[record.answers.get(i, UNANSWERED) for i in ITEM_IDS] for record in chunk],
            dtype=np.int8,
        ).reshape(len(chunk), len(ITEM_IDS))
        yield _cohort(
            _Part(
                np.array([r.rows[0] for r in chunk], dtype=np.int64),
                codes,
                [str(r.key) for r in chunk],
                {g: [r.groups[g] for r in chunk] for g in group_columns},
                {c: [r.context.get(c) for r in chunk] for c in CONTEXT if c in index},
            )
        )


# --- records: what the object readers and the long layout build from -------------------


class Context(TypedDict, total=False):
    """A record's context columns, each as read (absent: the column is not in the file)."""

    date: dt.date | None
    level: Level | None
    activities: frozenset[Activity]
    preferred_activities: frozenset[Activity]


@attrs.define
class Record:
    """One respondent's (or setting's) parsed answers and context, before building."""

    rows: list[int]
    key: str | None
    answers: dict[str, object]
    context: Context
    groups: dict[str, str]
    problems: list[Problem]


def ragged(n: int, row: Sequence[str], width: int) -> Record | None:
    """A rejected record for row ``n`` when it has not as many cells as the header."""
    if len(row) == width:
        return None
    problem = Problem(f"row {n}", f"expected {width} cells, like the header; got {len(row)}")
    return Record([n], None, {}, {}, {}, [problem])


CellParser: TypeAlias = Callable[[str, int, str, list[Problem]], object]


def wide_record(  # noqa: PLR0913 - one row and how to read it
    n: int,
    row: Sequence[str],
    found: list[Problem],
    *,
    ids: Sequence[str],
    index: Mapping[str, int],
    id_column: str,
    group_columns: Sequence[str],
    context: Sequence[str],
    cell: CellParser,
) -> Record:
    """One wide row's record (``found``: problems the tokeniser saw in the row)."""
    key = parse_id(row[index[id_column]], n, id_column, found) if id_column in index else None
    answers = {i: cell(row[index[i]], n, i, found) for i in ids}
    # parse_context gives the value its column holds (see Context).
    ctx = cast(
        "Context", {c: parse_context(c, row[index[c]], n, found) for c in context if c in index}
    )
    groups = {g: parse_group(row[index[g]], n, g, found) for g in group_columns}
    return Record([n], key, answers, ctx, groups, found)


@attrs.define
class LongRecords:
    """The long layout: one record per respondent, from rows in any order."""

    ids: Sequence[str]
    index: Mapping[str, int]
    width: int
    id_column: str
    id_name: str
    group_columns: Sequence[str]
    context: Sequence[str]
    cell: CellParser
    by_key: dict[str, Record] = attrs.field(factory=dict)
    orphans: list[Record] = attrs.field(factory=list)

    def add(self, n: int, row: Sequence[str], found: list[Problem]) -> None:
        """Add one row (``found``: problems the tokeniser saw in it)."""
        if (bad := ragged(n, row, self.width)) is not None:
            bad.problems[:0] = found
            self.orphans.append(bad)  # a row that cannot be read belongs to no respondent
            return
        index = self.index
        key = parse_id(row[index[self.id_column]], n, self.id_column, found)
        record = self.by_key.setdefault(key, Record([], key, {}, {}, {}, []))
        record.rows.append(n)
        item = strip(row[index[self.id_name]])
        value = self.cell(row[index["answer"]], n, "answer", found)
        if item not in self.ids:
            found.append(Problem(where(n, self.id_name), f"unknown id {item!r}"))
        elif item in record.answers:
            found.append(Problem(where(n, self.id_name), f"{item!r} is answered twice for {key!r}"))
        else:
            record.answers[item] = value
        changed = [
            c
            for c in self.context
            if c in index
            # parse_context gives the value its column holds (see Context).
            and cast("dict[str, object]", record.context).setdefault(
                c, parsed := parse_context(c, row[index[c]], n, found)
            )
            != parsed
        ]
        for g in self.group_columns:
            value = row[index[g]]
            if g not in record.groups:
                record.groups[g] = parse_group(value, n, g, found)
            elif record.groups[g] != value:
                changed.append(g)
        found.extend(Problem(where(n, c), f"differs from {key!r}'s first row") for c in changed)
        record.problems.extend(found)

    def records(self) -> list[Record]:
        """One record per respondent in order of first appearance, then unreadable rows."""
        return [*self.by_key.values(), *self.orphans]


def collect_cohort(
    source: Source,
    *,
    id_column: str = "respondent",
    group_columns: Sequence[str] = (),
    max_field: int = MAX_FIELD,
    max_header: int = MAX_HEADER,
    max_problems: int = MAX_PROBLEMS,
) -> EvaluationCohort:
    """The concatenation of :func:`read_chunks`' blocks (wide layout)."""
    blocks = list(
        read_chunks(
            source,
            id_column=id_column,
            group_columns=group_columns,
            chunk_rows=1 << 62,
            max_field=max_field,
            max_header=max_header,
            max_problems=max_problems,
        )
    )
    if not blocks:
        return EvaluationCohort.from_array(
            np.zeros((0, len(ITEM_IDS)), dtype=np.int8),
            groups=dict.fromkeys(group_columns, ()),
        )
    return blocks[0]  # one block: chunk_rows is beyond any file
