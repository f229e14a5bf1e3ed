"""A small immutable, hashable mapping for value objects.

:class:`types.MappingProxyType` is read-only but not hashable, so a frozen attrs
class holding one could not be hashed. :class:`FrozenDict` keeps insertion order
(the instrument's order, wherever the library builds one) and compares equal to
any mapping with the same items, as :class:`dict` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Generic, TypeVar

__all__ = ["FrozenDict"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V], Generic[K, V]):
    """An immutable mapping that keeps its order and can be hashed.

    >>> d = FrozenDict({"a": 1})
    >>> d["a"], len(d), d == {"a": 1}, hash(d) == hash(FrozenDict({"a": 1}))
    (1, 1, True, True)

    .. versionadded:: 0.1.0
    """

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        try:
            data = dict(items)
        except (TypeError, ValueError):  # not a mapping, nor pairs of hashable keys and values
            from coproduction.exceptions import Problem, ValidationError

            got = type(items).__name__
            message = f"expected a mapping or (key, value) pairs, got {got} {items!r:.40}"
            raise ValidationError("FrozenDict", [Problem("items", message)]) from None
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_hash", None)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        cached = self._hash
        if cached is None:
            cached = hash(frozenset(self._data.items()))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __setattr__(self, name: str, value: object) -> None:
        msg = "FrozenDict is immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        # copy.copy and copy.deepcopy rebuild through __init__, not attribute setting.
        return (type(self), (self._data,))

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"
