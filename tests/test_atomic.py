"""Atomic output: every writer that takes a path replaces the file whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import coproduction as cp
from coproduction._atomic import atomic_output
from coproduction._cli import main

ITEMS = cp.COPRODUCTION_EVALUATION.item_ids
OLD = b"the old file\r\nkept byte for byte\n"


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    """Run the block under this umask."""
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _response(k: int, respondent: str | None = None) -> cp.EvaluationResponse:
    return cp.EvaluationResponse(
        dict.fromkeys(ITEMS, cp.Frequency.SOMETIMES), respondent=respondent or f"R-{k}"
    )


def _old_file(tmp_path: Path, name: str, mode: int = 0o664) -> Path:
    target = tmp_path / name
    target.write_bytes(OLD)
    target.chmod(mode)
    return target


def test_write_report_with_a_title_that_cannot_be_encoded_keeps_the_old_report(
    tmp_path: Path,
) -> None:
    """A lone surrogate in the title: the existing report stays byte for byte, no temp file.

    Before the atomic helper, ``write_text`` truncated the report to 0 bytes.
    """
    target = _old_file(tmp_path, "report.html")
    with pytest.raises(UnicodeEncodeError):
        cp.report.write(target, responses=[_response(0)], title="audit \udc80", resamples=0)
    assert OLD == target.read_bytes()
    assert [target] == list(tmp_path.iterdir())


def test_write_evaluation_csv_failing_at_row_4001_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while writing row 4,001: the old file stays, no partial file, no temp.

    Before, the old file was replaced by the first 4,000 rows. Text no file can hold
    (a lone surrogate) is now refused before anything is written, so the failure is
    made in the writer itself: a full disk, say, at the last row.
    """
    target = _old_file(tmp_path, "answers.csv")
    responses = [_response(k) for k in range(4_001)]
    wards = ["Oak"] * 4_000 + ["Elm"]
    neutralise = cp.io.csv.neutralise

    def disk_full_at_elm(cell: str) -> str:
        if cell == "Elm":
            raise OSError(28, "No space left on device")
        return neutralise(cell)

    monkeypatch.setattr(cp.io.csv, "neutralise", disk_full_at_elm)
    with pytest.raises(OSError, match="No space left"):
        cp.io.csv.write_evaluations(responses, target, groups={"ward": wards})
    assert OLD == target.read_bytes()
    assert [target] == list(tmp_path.iterdir())


def test_a_group_value_no_file_can_hold_is_refused_before_writing(tmp_path: Path) -> None:
    """A lone surrogate in a grouping value: a located ValidationError, the old file kept.

    Before, the writer failed with UnicodeEncodeError at that row.
    """
    target = _old_file(tmp_path, "answers.csv")
    responses = [_response(k) for k in range(3)]
    with pytest.raises(cp.ValidationError) as info:
        cp.io.csv.write_evaluations(
            responses, target, groups={"ward": ["Oak", "Oak", "bad \udc80 ward"]}
        )
    assert ["groups['ward'][2]"] == [p.location for p in info.value.problems]
    assert OLD == target.read_bytes()
    assert [target] == list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "write",
    [
        lambda p: cp.io.csv.write_evaluations([_response(0)], p),
        lambda p: cp.io.csv.write_readiness([], p),
        lambda p: cp.io.redcap.write_data_dictionary("both", p),
        lambda p: cp.report.write(p, responses=[_response(0)], resamples=0),
        lambda p: main(["form", "evaluation", "--output", str(p)]),
        lambda p: main(["export", "redcap", "--output", str(p)]),
    ],
    ids=["evaluation-csv", "readiness-csv", "data-dictionary", "report", "cli-form", "cli-export"],
)
@pytest.mark.parametrize("mode", [0o664, 0o600, 0o640])
def test_every_writer_keeps_an_existing_files_mode(
    tmp_path: Path, mode: int, write: object
) -> None:
    """The file is replaced with new content and its permission bits are kept.

    Before, the command line replaced a 0664 file with a 0600 one (``mkstemp``).
    """
    target = _old_file(tmp_path, "out", mode)
    with umask(0o077):
        write(target)  # type: ignore[operator]
    assert OLD != target.read_bytes()
    assert mode == stat.S_IMODE(target.stat().st_mode)
    assert [target] == list(tmp_path.iterdir())


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o027, 0o077])
@pytest.mark.parametrize(
    "write",
    [
        lambda p: cp.io.csv.write_evaluations([_response(0)], p),
        lambda p: cp.report.write(p, responses=[_response(0)], resamples=0),
        lambda p: main(["form", "evaluation", "--output", str(p)]),
    ],
    ids=["evaluation-csv", "report", "cli-form"],
)
def test_a_new_file_honours_the_umask(tmp_path: Path, mask: int, write: object) -> None:
    """A new file gets 0o666 & ~umask, as open() would give it (before: 0600 from the CLI)."""
    target = tmp_path / "new"
    with umask(mask):
        write(target)  # type: ignore[operator]
    assert 0o666 & ~mask == stat.S_IMODE(target.stat().st_mode)
    assert [target] == list(tmp_path.iterdir())


def test_a_failure_mid_write_leaves_no_file_and_no_temporary(tmp_path: Path) -> None:
    """An exception inside the block: no target is created and the temporary file is gone."""
    target = tmp_path / "new.csv"

    class StopError(Exception):
        pass

    def write() -> None:
        with atomic_output(target) as out:
            out.write(b"x" * 100_000)
            raise StopError

    with pytest.raises(StopError):
        write()
    assert [] == list(tmp_path.iterdir())


def test_errors_name_the_users_path_never_the_temporary_file(tmp_path: Path) -> None:
    """A missing directory, and a write error with no file name, both name the target."""
    missing = tmp_path / "no" / "such" / "out.csv"
    with pytest.raises(FileNotFoundError) as created:
        cp.io.csv.write_evaluations([_response(0)], missing)
    assert str(missing) == created.value.filename
    assert created.value.filename2 is None

    target = _old_file(tmp_path, "out.csv")
    with pytest.raises(OSError, match="No space left") as full, atomic_output(target):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert str(target) == full.value.filename
    assert errno.ENOSPC == full.value.errno
    assert OLD == target.read_bytes()
    assert [target] == list(tmp_path.iterdir())


def test_the_command_line_names_the_output_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Status 3 and the user's path on standard error, no temporary name (before: .form.md.xyz)."""
    target = tmp_path / "no" / "form.md"
    assert 3 == main(["form", "evaluation", "--output", str(target)])
    error = capsys.readouterr().err
    assert f"cannot use {target}:" in error
    assert ".form.md." not in error


def test_a_directory_is_refused_by_name(tmp_path: Path) -> None:
    """Writing over a directory is an error naming it; the directory is untouched."""
    with pytest.raises(IsADirectoryError) as error, atomic_output(tmp_path):
        pass
    assert str(tmp_path) == error.value.filename
    assert [] == list(tmp_path.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_a_read_only_file_is_refused_not_replaced(tmp_path: Path) -> None:
    """As open() would: a file the user may not write is not silently replaced."""
    target = _old_file(tmp_path, "locked.csv", 0o444)
    with pytest.raises(PermissionError) as error:
        cp.io.csv.write_evaluations([_response(0)], target)
    assert str(target) == error.value.filename
    assert OLD == target.read_bytes()


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    """The file the link points to is replaced; the link stays a link."""
    real = _old_file(tmp_path, "real.csv")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    cp.io.csv.write_evaluations([_response(0)], link)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("respondent,")
    assert {real, link} == set(tmp_path.iterdir())


def test_a_device_is_written_directly() -> None:
    """/dev/null cannot be renamed over: it is written as open() would write it."""
    with atomic_output(os.devnull) as out:
        out.write(b"nothing")
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_text_mode_is_strict_utf8_without_newline_translation(tmp_path: Path) -> None:
    """text=True: UTF-8, newline="" (CRLF written as given), strict encoding."""
    target = tmp_path / "t.csv"
    with atomic_output(target, text=True) as out:
        out.write("é\r\n\n")
    assert "é\r\n\n".encode() == target.read_bytes()


def test_an_open_text_target_is_the_callers() -> None:
    """An open file is written in place and left open: atomicity is the caller's business."""
    buffer = io.StringIO()
    cp.io.csv.write_evaluations([_response(0)], buffer)
    assert not buffer.closed
    assert buffer.getvalue().startswith("respondent,")
