"""The base of the library's vocabularies: enums whose members carry the booklet's words."""

from __future__ import annotations

import enum
from typing import Self

__all__ = ["LabelledEnum", "OrdinalEnum"]


class LabelledEnum(enum.Enum):
    """An enum whose members are ``(code, label, ...)``: a stable text code and a label.

    The :attr:`~enum.Enum.value` is the code, used as a key in files; :attr:`label`
    is the wording shown to people. Further items of a member's tuple are handed to
    ``__init__`` of the subclass.
    """

    _value_: str
    label: str

    def __new__(cls, code: str, label: str, *_more: str) -> Self:
        member = object.__new__(cls)
        member._value_ = code
        member.label = label
        return member


class OrdinalEnum(LabelledEnum):
    """A :class:`LabelledEnum` whose members are ordered as they are defined: an ordinal scale.

    Members compare only with members of the same enum (anything else is a
    :class:`TypeError`, and a type checker rejects it); they are never numbers.
    """

    def _position(self) -> int:
        return type(self)._member_names_.index(self.name)

    def _comparable(self, other: object) -> bool:
        return type(other) is type(self)

    def __lt__(self, other: Self) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._position() < other._position()

    def __le__(self, other: Self) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._position() <= other._position()

    def __gt__(self, other: Self) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._position() > other._position()

    def __ge__(self, other: Self) -> bool:
        if not self._comparable(other):
            return NotImplemented
        return self._position() >= other._position()
