"""Errors raised by :mod:`coproduction`.

Every error the library raises on purpose is a :class:`CoproductionError`. Errors
about a value the caller passed are also :class:`ValueError` (or
:class:`LookupError` for an unknown name), so code that already catches the
built-in kinds keeps working.

When a whole form is checked, :class:`ValidationError` reports **every** problem
at once, each with its location, so that a person correcting a file sees all of
it in one go.

What the operating system refuses is not the library's to rename: a file that
does not exist, a directory (an empty path names the current one) or a file
without permission raises Python's own :class:`OSError` subclass
(:class:`FileNotFoundError`, :class:`IsADirectoryError`,
:class:`PermissionError`), as ``open()`` raises it, naming the caller's path.
Everything about the arguments themselves and about the content of a file is a
:class:`CoproductionError`.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["CoproductionError", "Problem", "UnknownItemError", "ValidationError"]


class CoproductionError(Exception):
    """Base class of every error raised by :mod:`coproduction`.

    .. versionadded:: 0.1.0
    """


@attrs.frozen
class Problem:
    """One thing wrong with an input, and where it is.

    Args:
        location: Where the problem is, for example ``"answers['trust_9']"`` or
            ``"setting"``. For files, later formats use row and column here.
        message: What is wrong and what is accepted instead.

    >>> print(Problem("answers['trust_9']", "unknown item id"))
    answers['trust_9']: unknown item id

    .. versionadded:: 0.1.0
    """

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ValidationError(CoproductionError, ValueError):
    """An input was refused; :attr:`problems` lists every reason.

    Nothing is coerced or dropped: when this is raised, no object was made.

    Attributes:
        problems: Every problem found, each with its location.
        what: What was being checked.

    Args:
        what: A short name of what was being checked, for the message.
        problems: Every problem found, in the order they were found. At least one.

    >>> err = ValidationError("evaluation response", [Problem("answers['x']", "unknown")])
    >>> print(err)
    evaluation response: 1 problem
      - answers['x']: unknown
    >>> err.problems
    (Problem(location="answers['x']", message='unknown'),)

    .. versionadded:: 0.1.0
    """

    problems: tuple[Problem, ...]
    what: str

    def __init__(self, what: str, problems: Iterable[Problem]) -> None:
        self.what = what
        self.problems = tuple(problems)
        if not self.problems:
            msg = "ValidationError needs at least one problem"
            raise ValueError(msg)
        count = len(self.problems)
        lines = [f"{what}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        super().__init__("\n".join(lines))


class UnknownItemError(CoproductionError, LookupError):
    """A name (item id, activity, dimension) is not part of the instrument.

    The message lists what is accepted instead.

    .. versionadded:: 0.1.0
    """

    def __str__(self) -> str:
        # LookupError would otherwise show the message with quotes around it.
        return str(self.args[0]) if self.args else ""
