"""The file formats: each a public module of its own, loaded only when imported.

- :mod:`coproduction.io.csv`: wide and long CSV tables, read in blocks.
- :mod:`coproduction.io.json`: JSON documents and their JSON Schemas.
- :mod:`coproduction.io.fhir`: FHIR R4 ``Questionnaire`` and ``QuestionnaireResponse``.
- :mod:`coproduction.io.redcap`: REDCap data dictionaries and records exports.
- :mod:`coproduction.io.frames`: pandas DataFrames (the ``pandas`` extra).

>>> import coproduction as cp
>>> response = cp.EvaluationResponse.from_labels({"trust_1": "Sometimes"})
>>> cp.io.json.from_json(cp.io.json.to_json(response)) == response
True

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from coproduction.io import csv as csv
    from coproduction.io import fhir as fhir
    from coproduction.io import frames as frames
    from coproduction.io import json as json
    from coproduction.io import redcap as redcap

#: The format modules, each loaded on first attribute access.
_MODULES: Final = frozenset({"csv", "fhir", "frames", "json", "redcap"})

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """Load a format module the first time it is named (``coproduction.io.csv``).

        Hidden from type checkers, so that a misspelt module is an error for them.
        """
        if name in _MODULES:
            import importlib

            return importlib.import_module(f"{__name__}.{name}")
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)


def __dir__() -> list[str]:
    """The format modules, for completion, with what is already here."""
    return sorted({*globals(), *_MODULES})
