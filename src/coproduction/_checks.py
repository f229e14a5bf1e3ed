"""Small helpers every checker shares: how a refused value is named, and counts in words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from coproduction._power import Activity
from coproduction.exceptions import Problem

__all__ = ["NOT_TEXT", "activity_set", "describe", "expect", "plain_text", "plural"]

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


def describe(value: object) -> str:
    """Name a refused value and its type, without echoing long text back.

    >>> describe("x" * 50)
    "str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    """
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def expect(value: object, kind: type, location: str, problems: list[Problem]) -> None:
    """Add a problem at ``location`` unless ``value`` is a ``kind``."""
    if not isinstance(value, kind):
        problems.append(Problem(location, f"expected a {kind.__name__}, got {describe(value)}"))


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
