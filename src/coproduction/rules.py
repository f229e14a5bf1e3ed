"""The rules that raise the "power over" warnings, as values a user can change.

:data:`DEFAULT_RULES` are the library's reading of the booklet: which answers raise
each flag and how many of them it takes are **the library's conventions**, named
and documented in ``docs/warnings.md``. Copy them with changes
(:func:`attrs.evolve`), or switch flags off, and pass them as ``rules=`` to
:func:`~coproduction.power_over_warnings`, :func:`~coproduction.cohort_warnings`
and the reports.

>>> import attrs
>>> from coproduction.rules import DEFAULT_RULES, ItemRule
>>> isinstance(DEFAULT_RULES.voice_not_equal, ItemRule)
True
>>> attrs.evolve(DEFAULT_RULES) == DEFAULT_RULES
True

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from coproduction._warnings import DEFAULT_RULES, ContextRule, ItemRule, WarningRules

__all__ = ["DEFAULT_RULES", "ContextRule", "ItemRule", "WarningRules"]
