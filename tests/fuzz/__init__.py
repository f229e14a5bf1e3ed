"""Fuzzing kept in the repository: every reader either reads or refuses, never crashes.

The contract, for every reader: the input is read into a valid object that
round-trips, or refused with a :class:`~coproduction.ValidationError` naming at
least one located problem. Any other exception is a defect.

* ``test_fuzz_*.py``: structure-aware fuzzers (hypothesis) that mutate valid
  documents, resources, frames and arrays. They run in the normal test session
  with a small budget; ``COPRODUCTION_FUZZ_EXAMPLES`` sets the examples per
  fuzzer (``nox -s fuzz`` sets it to 100,000: 1,100,000 inputs in all).
* ``atheris_harness.py``: byte-level harnesses (atheris, coverage-guided) for
  JSON text, FHIR JSON text and CSV bytes, run by ``nox -s fuzz`` where atheris
  installs.
"""
