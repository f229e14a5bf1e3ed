"""Atomic output: a file is replaced whole, or not at all.

Every writer that takes a path writes through :func:`atomic_output`: the bytes go
to a hidden temporary file beside the target (same directory, so the rename
cannot cross file systems) and the temporary file is renamed over the target
only when everything was written. On any failure (an exception raised while
writing, an encoding error, a full disk) the old target is untouched and the
temporary file is removed.

The new file keeps an existing target's permission bits (a ``0664`` file stays
``0664``); a new file gets ``0o666 & ~umask``, as ``open()`` would give it (the
kernel applies the umask when the temporary file is created). A target that
exists but cannot be written (no write permission) is refused as ``open()``
would refuse it, rather than silently replaced. A symbolic link is followed: the
file it points to is replaced, the link stays. A target that exists and is not a
regular file (``/dev/null``, a named pipe) cannot be replaced by a rename: it is
written directly.

Errors name the caller's path, never the temporary file's name. Not covered:
power loss (the data are not forced to disk with ``fsync`` before the rename).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias, overload

__all__ = ["Target", "atomic_output", "open_target"]

#: What a writer takes: a path (written atomically) or a text file open for writing.
Target: TypeAlias = "str | os.PathLike[str] | IO[str]"

_NEW_FILE_MODE = 0o666  # the kernel removes the umask's bits, as for open()
_MAX_PREFIX = 120  # bytes of the target's name kept in the temporary name (NAME_MAX is 255)


def _temporary_name(target: Path) -> str:
    name = target.name
    if len(os.fsencode(name)) > _MAX_PREFIX:
        name = "coproduction"
    # Imported here, not at the top: secrets loads hashlib and hmac, and import time counts.
    import secrets

    return f".{name}.{secrets.token_hex(6)}.tmp"


def _named(error: OSError, path: Path) -> OSError:
    """The same error, naming ``path`` (the caller's) in place of any other file name."""
    renamed = type(error)(error.errno, error.strerror or str(error), str(path))
    renamed.__traceback__ = error.__traceback__
    return renamed


def _create(target: Path) -> tuple[int, Path]:
    """Open a new hidden file beside ``target``: its descriptor and its path."""
    for _ in range(100):
        temporary = target.with_name(_temporary_name(target))
        try:
            return os.open(
                temporary,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                _NEW_FILE_MODE,
            ), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))  # pragma: no cover


@overload
def atomic_output(
    path: str | os.PathLike[str], *, text: Literal[False] = False
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
@overload
def atomic_output(
    path: str | os.PathLike[str], *, text: Literal[True]
) -> contextlib.AbstractContextManager[IO[str]]: ...
def atomic_output(
    path: str | os.PathLike[str], *, text: bool = False
) -> contextlib.AbstractContextManager[IO[Any]]:
    """Write ``path`` whole or not at all: a temporary file beside it, renamed on success.

    Args:
        path: The file to write (replaced when it exists).
        text: ``False`` for a binary file; ``True`` for a text file in strict
            UTF-8, opened with ``newline=""`` (what the ``csv`` module needs).

    Raises:
        OSError: The file cannot be written; the error names ``path``.
    """
    return _atomic(Path(path), text=text)


def _inspect(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file a write to ``path`` replaces (links followed), and its status if it exists."""
    target = Path(os.path.realpath(path))
    try:
        status = target.stat()
    except FileNotFoundError:
        return target, None
    except OSError as error:
        raise _named(error, path) from None
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if stat.S_ISREG(status.st_mode) and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    return target, status


def _direct(path: Path, target: Path, *, text: bool) -> Iterator[IO[Any]]:
    """A device or a pipe: nothing to rename over; write to it as ``open()`` would."""
    try:
        handle: IO[Any] = (
            target.open("w", encoding="utf-8", newline="") if text else target.open("wb")
        )
    except OSError as error:
        raise _named(error, path) from None
    with handle:
        yield handle


def _keep_mode(descriptor: int, temporary: Path, mode: int) -> None:
    """Give the temporary file the target's permission bits (no fchmod on Windows)."""
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, mode)
    else:  # pragma: no cover - Windows
        temporary.chmod(mode)


@contextlib.contextmanager
def _atomic(path: Path, *, text: bool) -> Iterator[IO[Any]]:
    target, status = _inspect(path)
    if status is not None and not stat.S_ISREG(status.st_mode):
        yield from _direct(path, target, text=text)
        return
    try:
        descriptor, temporary = _create(target)
    except OSError as error:
        raise _named(error, path) from None
    try:
        try:
            if status is not None:
                _keep_mode(descriptor, temporary, stat.S_IMODE(status.st_mode))
            out: IO[Any] = (
                os.fdopen(descriptor, "w", encoding="utf-8", newline="")
                if text
                else os.fdopen(descriptor, "wb")
            )
        except BaseException:
            os.close(descriptor)
            raise
        with out:
            yield out
        temporary.replace(target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        if isinstance(error, OSError) and error.filename in {None, str(temporary)}:
            raise _named(error, path) from None
        raise


def open_target(target: Target, what: str) -> contextlib.AbstractContextManager[IO[str]]:
    """A path: written atomically (:func:`atomic_output`); an open text file: the caller's.

    Anything else (a number, bytes, a file opened for reading only) is refused
    before a byte is written, as a ``ValidationError`` about ``what`` at ``target``.
    """
    if isinstance(target, str | os.PathLike):
        return atomic_output(target, text=True)
    writable = callable(getattr(target, "write", None)) and not isinstance(target, bytes)
    if not writable or getattr(target, "writable", lambda: True)() is not True:
        from coproduction._checks import describe
        from coproduction.exceptions import Problem, ValidationError

        message = f"expected a path or a text file open for writing, got {describe(target)}"
        raise ValidationError(what, [Problem("target", message)])
    return contextlib.nullcontext(target)
