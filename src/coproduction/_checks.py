"""Small helpers every checker shares: how a refused value is named, and counts in words."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Sequence
from typing import Final, TypeVar

from coproduction._power import Activity
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "LARGEST",
    "NOT_TEXT",
    "activity_set",
    "describe",
    "elements",
    "expect",
    "kinds",
    "names",
    "option",
    "plain_text",
    "plural",
    "refuse",
    "repeated_id",
    "whole",
    "written_text",
]

_T = TypeVar("_T")

#: Characters a name or a title may not hold: control characters other than tab,
#: CR and LF, and the invisible formatting characters that can make a name display
#: as another (bidirectional controls, line and paragraph separators, a byte-order
#: mark).
NOT_TEXT: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def plain_text(field: str, value: object, problems: list[Problem], *, limit: int) -> None:
    """Add a problem unless ``value`` is non-empty plain text of at most ``limit`` characters.

    >>> found: list[Problem] = []
    >>> plain_text("title", "\u202eabc", found, limit=200)
    >>> print(found[0])
    title: holds U+202E, a control or invisible formatting character; expected plain text
    """
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(field, f"expected non-empty text, got {value!r:.40}"))
    elif len(value) > limit:
        problems.append(
            Problem(field, f"expected at most {limit:,} characters, got {len(value):,}")
        )
    elif (found := NOT_TEXT.search(value)) is not None:
        problems.append(
            Problem(
                field,
                f"holds U+{ord(found[0]):04X}, a control or invisible formatting character; "
                "expected plain text",
            )
        )


#: The largest whole-number option any function takes (a limit in bytes, rows,
#: problems, resamples, an indent): 2**31 - 1, the largest C ``long`` on every
#: platform, so that no option overflows what it is handed to (Python's ``csv``
#: field limit, ``json``'s indent). A library convention, far above any real use.
LARGEST: Final = 2**31 - 1


def whole(
    value: object,
    location: str,
    problems: list[Problem],
    *,
    least: int = 0,
    most: int | None = LARGEST,
) -> None:
    """Add a problem unless ``value`` is a whole number from ``least`` to ``most``.

    The one check of every bounded whole-number option. A ``bool`` is refused
    (``True`` is not a count), as are numbers of other kinds (a float, a numpy
    integer: nothing is coerced). ``most`` is :data:`LARGEST` unless given
    (``None``: no upper bound, for a seed).

    >>> found: list[Problem] = []
    >>> whole(-3, "max_field", found, least=1)
    >>> whole(True, "indent", found)
    >>> for problem in found:
    ...     print(problem)
    max_field: expected a whole number from 1 to 2,147,483,647, got int -3
    indent: expected a whole number from 0 to 2,147,483,647, got bool True
    """
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= least
        and (most is None or value <= most)
    ):
        return
    span = f"{least:,} or more" if most is None else f"from {least:,} to {most:,}"
    problems.append(Problem(location, f"expected a whole number {span}, got {describe(value)}"))


def written_text(value: str, noun: str = "id") -> str | None:
    """Why text ``value`` could not be an id (or a group's value) read back as written; or None.

    The one rule for every id and grouping value a constructor or writer takes:
    not empty, not blank, no space or tab at either end (the readers strip the
    spaces and tabs around a cell, so ``" R4"`` would be written and read back as
    ``"R4"``), and no lone surrogate (no file can hold one). Other characters at
    the ends (a no-break space, a line end inside quotes) are read back as written.

    >>> print(written_text(" R4").split(":")[0])
    ' R4' starts or ends with a space or tab
    >>> print(written_text("   "))
    expected a non-empty id, got a blank text (only whitespace)
    >>> written_text("R4") is None
    True
    """
    if not value:
        return f"expected a non-empty {noun}, got an empty text"
    if not value.strip():
        return f"expected a non-empty {noun}, got a blank text (only whitespace)"
    if value != value.strip(" \t"):
        return (
            f"{value!r:.40} starts or ends with a space or tab: readers strip the spaces "
            f"and tabs around a cell, so this {noun} could not be read back as written"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"the {noun} holds a lone surrogate (U+D800-U+DFFF), not text: no file can hold it"
    return None


def describe(value: object) -> str:
    """Name a refused value and its type, without echoing long text back.

    >>> describe("x" * 50)
    "str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    """
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def _kind_name(kind: type | tuple[type, ...]) -> str:
    """``an EvaluationResponse or None``: each kind with its article, None without."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(
        "None"
        if k is type(None)
        else f"{'an' if k.__name__[0].lower() in 'aeiou' else 'a'} {k.__name__}"
        for k in kinds
    )


def expect(
    value: object, kind: type | tuple[type, ...], location: str, problems: list[Problem]
) -> None:
    """Add a problem at ``location`` unless ``value`` is a ``kind`` (or one of several).

    >>> found: list[Problem] = []
    >>> expect(5, (str, type(None)), "by", found)
    >>> print(found[0])
    by: expected a str or None, got int 5
    """
    if not isinstance(value, kind):
        problems.append(Problem(location, f"expected {_kind_name(kind)}, got {describe(value)}"))


def option(value: object, choices: object, location: str, problems: list[Problem]) -> None:
    """Add a problem unless ``value`` is one of the texts of ``choices``, a ``Literal`` type.

    Every option typed with ``Literal`` is checked by this one function against the
    type itself, so the annotation and the check cannot drift apart.

    >>> found: list[Problem] = []
    >>> option("x", typing.Literal["wide", "long"], "layout", found)
    >>> print(found[0])
    layout: expected 'wide' or 'long', got str 'x'
    """
    allowed = typing.get_args(choices)
    if not isinstance(value, str) or value not in allowed:
        listed = ", ".join(map(repr, allowed[:-1])) + f" or {allowed[-1]!r}"
        problems.append(Problem(location, f"expected {listed}, got {describe(value)}"))


def elements(values: object, kind: type[_T], location: str, problems: list[Problem]) -> list[_T]:
    """The members of ``values``, an iterable of ``kind``; a problem for anything else.

    Text and bytes are refused as a whole (each is an iterable of characters, not
    of values); every member that is not a ``kind`` is located by its index.

    >>> found: list[Problem] = []
    >>> elements([1, "a"], int, "rows", found)
    [1]
    >>> print(found[0])
    rows[1]: expected an int, got str 'a'
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        problems.append(
            Problem(location, f"expected an iterable of {kind.__name__}, got {describe(values)}")
        )
        return []
    kept: list[_T] = []
    for i, value in enumerate(typing.cast("Iterable[object]", values)):
        if isinstance(value, kind):
            kept.append(value)
        else:
            expect(value, kind, f"{location}[{i}]", problems)
    return kept


def names(
    value: object, location: str, problems: list[Problem], *, one: bool = True
) -> tuple[str, ...]:
    """Column or group names: a sequence of texts (or one text, if ``one``); else a problem.

    >>> names("ward", "by", [])
    ('ward',)
    >>> found: list[Problem] = []
    >>> names("ward", "group_columns", found, one=False)
    ()
    >>> print(found[0])
    group_columns: expected a sequence of texts, got str 'ward'
    """
    if isinstance(value, str) and one:
        return (value,)
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        kinds = "a text or a sequence of texts" if one else "a sequence of texts"
        problems.append(Problem(location, f"expected {kinds}, got {describe(value)}"))
        return ()
    return tuple(elements(value, str, location, problems))


def repeated_id(
    first: dict[object, str], key: str | None, place: str, location: str, *, scope: object = None
) -> Problem | None:
    """The problem with id ``key`` seen again at ``place``, or None (and ``key`` remembered).

    The one rule and wording of "ids must be unique", for every reader (CSV,
    REDCap, data frames, JSON, FHIR): ``first`` maps each id (within ``scope``, for
    example the kind of record) to the place it was first seen (``"row 2"``,
    ``"$[0]"``); ``location`` is where the repeat is. A missing or blank id is no
    repeat (it is refused, or allowed, elsewhere).

    >>> seen: dict[object, str] = {}
    >>> repeated_id(seen, "R1", "row 2", "row 2, column 'respondent'") is None
    True
    >>> print(repeated_id(seen, "R1", "row 5", "row 5, column 'respondent'"))
    row 5, column 'respondent': id 'R1' is also on row 2; ids must be unique
    """
    if key is None or not key.strip():
        return None
    earlier = first.setdefault((scope, key), place)
    if earlier == place:
        return None
    return Problem(location, f"id {key!r} is also on {earlier}; ids must be unique")


def kinds(what: str, *checks: tuple[object, type | tuple[type, ...], str]) -> None:
    """Refuse every ``(value, kind, location)`` whose value is not a ``kind``, all at once.

    The entry check of a public function: each argument named by its parameter.

    >>> kinds("scoring", (5, str, "response"), (None, (int, type(None)), "seed"))
    Traceback (most recent call last):
    ...
    coproduction.exceptions.ValidationError: scoring: 1 problem
      - response: expected a str, got int 5
    """
    problems: list[Problem] = []
    for value, kind, location in checks:
        expect(value, kind, location, problems)
    refuse(what, problems)


def refuse(what: str, problems: list[Problem]) -> None:
    """Raise a :class:`~coproduction.ValidationError` about ``what`` if any problem was found."""
    if problems:
        raise ValidationError(what, problems)


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an ``s`` unless ``n`` is 1.

    >>> plural(1, "item"), plural(3, "item")
    ('1 item', '3 items')
    """
    return f"{n} {word}{'' if n == 1 else 's'}"


def activity_set(problems: list[Problem], field: str, value: object) -> frozenset[Activity]:
    """The members of ``value``, a collection of :class:`Activity`; a problem for anything else.

    >>> found: list[Problem] = []
    >>> activity_set(found, "activities", ["shared"])
    frozenset()
    >>> print(found[0])
    activities[0]: expected an Activity member, got str 'shared'
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        problems.append(
            Problem(field, f"expected a collection of Activity members, got {describe(value)}")
        )
        return frozenset()
    members: list[Activity] = []
    for i, element in enumerate(value):
        if isinstance(element, Activity):
            members.append(element)
        else:
            problems.append(
                Problem(f"{field}[{i}]", f"expected an Activity member, got {describe(element)}")
            )
    return frozenset(members)
