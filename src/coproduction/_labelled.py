"""The base of the library's vocabularies: enums whose members carry the booklet's words."""

from __future__ import annotations

import enum
from typing import Self

__all__ = ["LabelledEnum"]


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
