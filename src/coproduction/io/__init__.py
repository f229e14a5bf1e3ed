"""The file formats: each a public module of its own, loaded only when imported.

- :mod:`coproduction.io.csv`: wide and long CSV tables, read in blocks.
- :mod:`coproduction.io.json`: JSON documents and their JSON Schemas.
- :mod:`coproduction.io.fhir`: FHIR R4 ``Questionnaire`` and ``QuestionnaireResponse``.
- :mod:`coproduction.io.redcap`: REDCap data dictionaries and records exports.
- :mod:`coproduction.io.frames`: pandas DataFrames (the ``pandas`` extra).

.. versionadded:: 0.2.0
"""
