"""The rules that raise the "power over" warnings, as values a user can change or add to.

:data:`DEFAULT_RULES` are the library's reading of the booklet: which answers raise
each flag and how many of them it takes are **the library's conventions**, named
and documented in ``docs/warnings.md``. Copy them with changes
(:func:`attrs.evolve`), or switch flags off, and pass them as ``rules=`` to
:func:`~coproduction.power_over_warnings`, :func:`~coproduction.cohort_warnings`
and the reports. The rules are held as data in :class:`WarningRules`:

* :class:`ItemRule`: a flag read from evaluation answers ("at least ``min_low`` of
  these items at or below ``at_most``, while at least ``min_high`` of those at or
  above ``at_least``");
* :class:`ContextRule`: a flag read from the readiness assessment or the activities;
* :class:`CustomFlag`: a new flag on evaluation answers, defined as data, which rests
  on a booklet passage named by its id in :data:`PASSAGES`.

A rules file is a JSON document (schema ``coproduction/warning-rules``) read by
:func:`read`, strictly; the command line reads one with ``--rules FILE``.

>>> import attrs
>>> from coproduction.rules import DEFAULT_RULES, ItemRule
>>> isinstance(DEFAULT_RULES.voice_not_equal, ItemRule)
True
>>> attrs.evolve(DEFAULT_RULES) == DEFAULT_RULES
True

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from coproduction._checks import kinds
from coproduction._readings import PASSAGES
from coproduction._warnings import DEFAULT_RULES, ContextRule, CustomFlag, ItemRule, WarningRules
from coproduction.exceptions import Problem, ValidationError

__all__ = [
    "DEFAULT_RULES",
    "MAX_RULES_BYTES",
    "PASSAGES",
    "ContextRule",
    "CustomFlag",
    "ItemRule",
    "WarningRules",
    "read",
]

#: The largest rules file read, in bytes: a rules file is a few kilobytes, and a
#: larger one is refused before it is read (a convention, for bounded memory).
MAX_RULES_BYTES: Final = 1 << 20


def read(path: str | os.PathLike[str]) -> WarningRules:
    """Read a rules file: a ``coproduction/warning-rules`` JSON document, strictly.

    Every field may be left out, and then keeps the library's rule
    (:data:`DEFAULT_RULES`); ``custom`` lists new flags (:class:`CustomFlag`). The
    document is read as every JSON document of the library is
    (:func:`coproduction.io.json.from_json`): unknown keys, wrong types, unknown
    item ids, thresholds out of range, duplicate codes and passage ids that name no
    passage are all refused, each located by its JSON path. The format, with an
    example, is in ``docs/warnings.md``.

    Args:
        path: The file.

    Raises:
        ValidationError: Listing every problem of the file, as ``$.custom[0].rule...``.
        OSError: The file cannot be read.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     file = pathlib.Path(folder, "rules.json")
    ...     _ = file.write_text('{"schema": "coproduction/warning-rules", "version": 1,'
    ...                         ' "needs_not_met": {"low_items": ["support_2"],'
    ...                         ' "at_most": "sometimes"}}')
    ...     read(file).needs_not_met.at_most.label
    'Sometimes'

    .. versionadded:: 0.2.0
    """
    from coproduction.io.json import from_json

    kinds("warning rules", (path, (str, os.PathLike), "path"))
    name = os.fsdecode(path)
    with Path(path).open("rb") as file:
        data = file.read(MAX_RULES_BYTES + 1)
    if len(data) > MAX_RULES_BYTES:
        raise ValidationError(
            f"rules file {name}",
            [Problem("$", f"larger than {MAX_RULES_BYTES} bytes; a rules file is a few kilobytes")],
        )
    try:
        return from_json(data, WarningRules)
    except ValidationError as error:
        raise ValidationError(f"rules file {name}", error.problems) from None
