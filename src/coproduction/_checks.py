"""Small helpers every checker shares: how a refused value is named, and counts in words."""

from __future__ import annotations

from coproduction.exceptions import Problem

__all__ = ["describe", "expect", "plural"]


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
