"""Hostile arguments to public functions: a CoproductionError naming the argument, never another.

Each case comes from a hostile review of the layout (issue #11: "one error hierarchy
everywhere"); before, each raised AttributeError or TypeError from deep inside.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import inspect
import io
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

import coproduction as cp

COHORT = cp.EvaluationCohort.from_array([[2] * 23] * 3)


def _frame_with_two_levels_of_columns() -> object:
    pd = pytest.importorskip("pandas")
    frame = cp.io.frames.responses_to_frame([cp.EvaluationResponse.from_labels({"trust_1": 2})])
    frame.columns = pd.MultiIndex.from_tuples([(c, "x") for c in frame.columns])
    return frame


CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    "report date as text": (
        lambda _: cp.report.render(cohort=COHORT, date="2024-01-01"),  # type: ignore[arg-type]
        "date",
    ),
    "report date and time": (
        lambda _: cp.report.render(cohort=COHORT, date=dt.datetime(2024, 1, 1)),  # noqa: DTZ001
        "date",
    ),
    "FHIR export of a number": (lambda _: cp.io.fhir.to_resource(5), "value"),  # type: ignore[arg-type]
    "JSON of a number": (lambda _: cp.io.json.to_dict(5), "value"),
    "JSON text that is a number": (lambda _: cp.io.json.from_json(5), "text"),  # type: ignore[call-overload]
    "neutralise a number": (lambda _: cp.io.csv.neutralise(5), "cell"),  # type: ignore[arg-type]
    "CSV export of numbers": (
        lambda p: cp.io.csv.write_evaluations([1], p / "x.csv"),  # type: ignore[list-item]
        "responses[0]",
    ),
    "CSV export of None": (
        lambda p: cp.io.csv.write_evaluations(None, p / "x.csv"),  # type: ignore[arg-type]
        "responses",
    ),
    "CSV read of a list": (lambda _: cp.io.csv.read_evaluations([1]), "source"),  # type: ignore[arg-type]
    "cohort read of None": (lambda _: cp.io.csv.read_cohort(None), "source"),  # type: ignore[arg-type]
    "REDCap read of a number": (lambda _: cp.io.redcap.read_records(5), "source"),  # type: ignore[call-overload]
    "frame with two levels of columns": (
        lambda _: cp.io.frames.responses_from_frame(_frame_with_two_levels_of_columns()),  # type: ignore[arg-type]
        "columns",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_argument_is_refused_by_name(case: str, tmp_path: Path) -> None:
    """The error is a ValidationError (a CoproductionError) locating the argument."""
    call, location = CASES[case]
    with pytest.raises(cp.ValidationError) as info:
        call(tmp_path)
    assert location in [p.location for p in info.value.problems]
    assert not list(tmp_path.iterdir())  # nothing written


# ---------------------------------------------------------------------------
# Every public callable, every argument, a fixed list of wrong values.
# ---------------------------------------------------------------------------

#: The public modules whose ``__all__`` the sweep walks.
MODULES = (
    "coproduction",
    "coproduction.io.csv",
    "coproduction.io.json",
    "coproduction.io.fhir",
    "coproduction.io.redcap",
    "coproduction.io.frames",
    "coproduction.plot",
    "coproduction.report",
    "coproduction.rules",
)

#: Wrong values of the commonest wrong kinds: a number, nothing, short text,
#: bytes that look like JSON, an object of no known kind; numbers that are not
#: whole numbers of an option's range (too large for any C integer, negative, a
#: bool); and numpy's arrays and scalars, whose ``==`` is not a yes or no.
JUNK: tuple[object, ...] = (
    5,
    None,
    "x",
    "",
    b"{}",
    object(),
    10**30,
    -3,
    True,
    np.array(["trust_1", "trust_2"]),
    np.int64(3),
)


def _junk() -> tuple[object, ...]:
    """:data:`JUNK`, and a pandas data frame when pandas is installed."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional
        return JUNK
    return (*JUNK, pd.DataFrame({"a": [1, 2]}))


_ITEMS = cp.COPRODUCTION_EVALUATION.item_ids
_CSV = (
    "respondent," + ",".join(_ITEMS) + "\r\nR1," + ",".join("1" * len(_ITEMS)) + "\r\n"
).encode()


def _good() -> dict[str, Callable[[], object]]:
    """A valid value for each required argument, by name (fresh on each use)."""
    r = cp.EvaluationResponse.from_labels(dict.fromkeys(_ITEMS, "sometimes"), respondent="R1")
    a = cp.ReadinessAssessment.from_labels({"listened_to_readiness": "yes"}, setting="S1")
    cohort = cp.EvaluationCohort.from_array([[1] * len(_ITEMS)] * 3)
    rcohort = cp.ReadinessCohort.from_assessments([a, a])
    summary = cp.summarize(cohort, resamples=10)
    return {
        "response": lambda: r,
        "staff_view": lambda: r,
        "lived_experience": lambda: r,
        "earlier": lambda: r,
        "responses": lambda: [r],
        "values": lambda: [r],
        "assessment": lambda: a,
        "assessments": lambda: [a],
        "cohort": lambda: cohort,
        "ReadinessCohort cohort": lambda: rcohort,
        "summary": lambda: summary,
        "ReadinessSummary summary": lambda: cp.summarize_readiness(rcohort),
        "summaries": lambda: [summary],
        "disclosure": cp.DisclosureControl,
        "value": lambda: r,
        "document": lambda: cp.io.json.to_dict(r),
        "text": lambda: cp.io.json.to_json(r),
        "kind": lambda: cp.EvaluationResponse,
        "resource": lambda: cp.io.fhir.to_resource(r),
        "instrument": lambda: "evaluation",
        "form": lambda: "markdown",
        "frame": lambda: cp.io.frames.responses_to_frame([r]),
        "source": lambda: _CSV,
        "target": io.StringIO,
        "path": lambda: "out.html",
        "cell": lambda: "x",
        "before": lambda: r,
        "after": lambda: r,
        "rounds": lambda: "round",
        "answers": dict,
        "item_id": lambda: "trust_1",
        "domain": lambda: cp.Domain.TRUST,
        "activity": lambda: cp.Activity.LISTENED_TO,
        "dimension": lambda: cp.Dimension.READINESS,
        "other": cp.SummaryAccumulator,
        "name": lambda: "tick_box_involvement",
        "key": lambda: "x",
    }


def _rules_file() -> str:
    """A valid rules file (every rule the default), in the current directory."""
    Path("rules.json").write_text("{}", encoding="utf-8")
    return "rules.json"


#: Arguments whose valid value depends on the function, by qualified name.
_OVERRIDES: dict[str, dict[str, Callable[[], object]]] = {
    "coproduction.change_between_rounds": {"before": lambda: "1", "after": lambda: "2"},
    "coproduction.EvaluationCohort": {"answers": lambda: [[1] * len(_ITEMS)]},
    "coproduction.EvaluationCohort.from_array": {"answers": lambda: [[1] * len(_ITEMS)]},
    "coproduction.ReadinessCohort": {"answers": lambda: [[[0] * 3] * 7]},
    "coproduction.ReadinessCohort.from_array": {"answers": lambda: [[[0] * 3] * 7]},
    "coproduction.WarningTally.merge": {
        "other": lambda: cp.WarningTally(rows=0, raised={}, not_assessed={})
    },
    "coproduction.rules.read": {"path": _rules_file},
    "coproduction.io.csv.neutralise": {"cell": lambda: "x"},
}


def _samples() -> dict[type, object]:
    """An instance of each public class with public methods, whose methods the sweep calls."""
    good = _good()
    cohort = good["cohort"]()
    assert isinstance(cohort, cp.EvaluationCohort)
    warnings = cp.cohort_warnings(cohort)
    return {
        cp.CohortSummary: good["summary"](),
        cp.CohortWarnings: warnings,
        cp.CoproductionEvaluation: cp.COPRODUCTION_EVALUATION,
        cp.DisclosureControl: cp.DisclosureControl(),
        cp.EvaluationCohort: cohort,
        cp.EvaluationConventions: cp.EvaluationConventions(),
        cp.EvaluationResponse: good["response"](),
        cp.FrozenDict: cp.FrozenDict({"a": 1}),
        cp.ReadinessAssessment: good["assessment"](),
        cp.ReadinessChecker: cp.READINESS_CHECKER,
        cp.ReadinessCohort: good["ReadinessCohort cohort"](),
        cp.ReadinessSummary: good["ReadinessSummary summary"](),
        cp.SummaryAccumulator: cp.SummaryAccumulator(),
        cp.WarningReport: cp.power_over_report(good["response"]()),  # type: ignore[arg-type]
        cp.WarningTally: warnings.tally(),
        cp.rules.WarningRules: cp.rules.DEFAULT_RULES,
    }


def _public_callables() -> Iterator[tuple[str, Callable[..., object]]]:
    """Every public function and class of the public modules, and every public method."""
    samples = _samples()
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute in module.__all__:
            value = getattr(module, attribute)
            qualified = f"{name}.{attribute}"
            if isinstance(value, type) and issubclass(value, BaseException | enum.Enum):
                continue  # errors and enumerations: made by the library, not from input
            if isinstance(value, type):
                yield qualified, value
                methods = [m for m in dir(value) if not m.startswith("_")]
                methods = [m for m in methods if callable(getattr(value, m))]
                if methods:
                    assert value in samples, f"add a sample {attribute} to _samples()"
                for method in methods:
                    yield f"{qualified}.{method}", getattr(samples[value], method)
            elif callable(value):
                yield qualified, value


_CALLABLES = dict(_public_callables())


def _good_for(qualified: str, parameter: inspect.Parameter) -> Callable[[], object] | None:
    """A valid value for a required ``parameter`` of ``qualified``, or None if unknown."""
    good = _good()
    if parameter.name in _OVERRIDES.get(qualified, {}):
        return _OVERRIDES[qualified][parameter.name]
    annotation = str(parameter.annotation)
    for kind in ("ReadinessCohort", "ReadinessSummary"):
        if kind in annotation and f"{kind} {parameter.name}" in good:
            return good[f"{kind} {parameter.name}"]
    return good.get(parameter.name)


def _calls(
    qualified: str, function: Callable[..., object]
) -> Iterator[tuple[str, object, Callable[[], object]]]:
    """Calls of ``function`` with wrong values: one argument at a time, and all at once."""
    try:
        parameters = [
            p
            for p in inspect.signature(function).parameters.values()
            if p.kind not in {p.VAR_POSITIONAL, p.VAR_KEYWORD}
        ]
    except ValueError:  # pragma: no cover - a builtin without a signature
        return
    required = {p.name: _good_for(qualified, p) for p in parameters if p.default is p.empty}
    known = all(v is not None for v in required.values())

    def call(values: dict[str, object]) -> Callable[[], object]:
        positional = [
            values.pop(p.name)
            for p in parameters
            if p.kind is p.POSITIONAL_ONLY and p.name in values
        ]
        return lambda: function(*positional, **values)

    for junk in _junk():
        yield f"every argument {junk!r:.20}", junk, call({p.name: junk for p in parameters})
        if not known:
            continue
        for p in parameters:
            values = {n: make() for n, make in required.items() if make is not None}
            values[p.name] = junk
            yield f"{p.name}={junk!r:.20}", junk, call(values)


#: Methods of the ``Mapping`` protocol, which raise ``TypeError`` for an unhashable
#: key exactly as ``dict`` does (see the sweep's docstring).
_MAPPING_PROTOCOL = frozenset({"coproduction.FrozenDict.get"})


def _is_lookup(qualified: str) -> bool:
    """A method that finds one thing by name or key (an item, a summary's row, a rule)."""
    return qualified.rsplit(".", 1)[-1] in {"item", "measure", "cell", "question", "rule"}


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("qualified", sorted(_CALLABLES))
def test_wrong_values_raise_only_coproduction_errors(
    qualified: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every public callable, given wrong values, succeeds or raises a CoproductionError.

    A lookup of an unknown key (``CohortSummary.item``, ``ReadinessSummary.cell``,
    ``WarningRules.rule``) raises ``UnknownItemError`` or ``ValidationError``.
    Before, 55 of these callables raised ``KeyError``, ``AttributeError`` or
    ``TypeError`` from deep inside.

    Skipped arguments: none; file sources and targets get the junk values too.
    Two exceptions are allowed, both the documented policy of
    :mod:`coproduction.exceptions`:

    * What the operating system refuses is Python's own ``OSError`` (as ``open()``
      raises it, naming the path): a text given where a path is accepted names a
      file, and ``"x"`` does not exist (``FileNotFoundError``; writing to it
      succeeds, in a temporary directory) while ``""`` names the current directory
      (``IsADirectoryError``). Only a text may raise it: any other junk value is a
      wrong kind of argument, a ``CoproductionError``.
    * ``FrozenDict.get`` of an unhashable key (a list, an array, a data frame)
      raises ``TypeError``: that is the ``Mapping`` protocol, as ``dict.get``
      raises it, and a ``FrozenDict`` is a mapping first.
    """
    monkeypatch.chdir(tmp_path)
    pytest.importorskip("pandas")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    failures = []
    for label, junk, call in _calls(qualified, _CALLABLES[qualified]):
        try:
            call()
        except (cp.UnknownItemError, cp.ValidationError):
            pass
        except cp.CoproductionError as error:
            if _is_lookup(qualified):  # an unknown key: UnknownItemError or ValidationError
                failures.append(f"{label}: {type(error).__name__} from a lookup")
        except OSError as error:  # the system's refusal of a path, as open() raises it
            if not isinstance(junk, str) or error.filename is None:
                failures.append(f"{label}: {type(error).__name__}: {error!s:.120}")
        except TypeError as error:
            if qualified not in _MAPPING_PROTOCOL or "unhashable" not in str(error):
                failures.append(f"{label}: TypeError: {error!s:.120}")
        except Exception as error:  # noqa: BLE001 - the point: name every other kind
            failures.append(f"{label}: {type(error).__name__}: {error!s:.120}")
        finally:
            plt.close("all")
    assert not failures, "\n".join(failures)


def _first(result: object) -> None:
    """Ask a generator (``read_chunks``) for its first block: it checks when first asked."""
    if isinstance(result, Iterator):
        next(result)


def _literal_options() -> Iterator[tuple[str, str]]:
    """Every parameter of a public callable whose type is a ``Literal`` of texts."""
    for qualified, function in _CALLABLES.items():
        try:
            parameters = inspect.signature(function).parameters.values()
        except ValueError:  # pragma: no cover - a builtin without a signature
            continue
        module = importlib.import_module(getattr(function, "__module__", "coproduction"))
        for p in parameters:
            if not isinstance(p.annotation, str):
                continue
            try:
                annotation = eval(p.annotation, vars(typing), vars(module))  # noqa: S307
            except NameError:  # a name imported for type checking only: not a Literal
                continue
            if typing.get_origin(annotation) is typing.Literal:
                yield qualified, p.name


_OPTIONS = sorted(_literal_options())


def test_the_options_are_found() -> None:
    """The sweep below sees the options the review named (it cannot pass by finding none)."""
    assert {
        ("coproduction.io.csv.read_evaluations", "layout"),
        ("coproduction.io.csv.read_chunks", "layout"),
        ("coproduction.io.csv.write_evaluations", "answers"),
        ("coproduction.io.fhir.to_resource", "fhir_version"),
        ("coproduction.io.fhir.questionnaire", "instrument"),
        ("coproduction.io.redcap.write_data_dictionary", "instrument"),
        ("coproduction.report.render_form", "form"),
        ("coproduction.plot.item_answers", "by"),
    } <= set(_OPTIONS)


@pytest.mark.parametrize(("qualified", "name"), _OPTIONS)
@pytest.mark.parametrize("wrong", ["x", 5, None])
def test_every_literal_option_is_checked(
    qualified: str, name: str, wrong: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An option typed ``Literal[...]`` refuses any other value by name, writing nothing.

    Before, the CSV readers read an unknown layout as long (``read_evaluations``)
    or wide (``read_chunks``), the writers wrote long and labels, and FHIR made
    resources for any version.
    """
    monkeypatch.chdir(tmp_path)
    pytest.importorskip("pandas")
    function = _CALLABLES[qualified]
    parameters = inspect.signature(function).parameters.values()
    values = {
        p.name: make()
        for p in parameters
        if p.default is p.empty and (make := _good_for(qualified, p)) is not None
    }
    values[name] = wrong
    with pytest.raises(cp.ValidationError) as info:
        _first(function(**values))
    assert name in [p.location for p in info.value.problems]
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------------------
# The second hostile review: each case raised another exception, or was accepted.
# ---------------------------------------------------------------------------

_R = cp.EvaluationResponse.from_labels({"trust_1": "sometimes"}, respondent="R1")
_A = cp.ReadinessAssessment.from_labels({"listened_to_readiness": "yes"}, setting="S1")
_SUMMARY = cp.summarize(COHORT, resamples=0)
_READINESS = cp.summarize_readiness(cp.ReadinessCohort.from_assessments([_A, _A]))
_CSV_SOURCE = (
    "respondent," + ",".join(cp.COPRODUCTION_EVALUATION.item_ids) + "\r\nR1" + ",1" * 23 + "\r\n"
).encode()

SECOND_REVIEW: dict[str, tuple[Callable[[], object], str]] = {
    # 1. provenance of a wrong kind: AttributeError (to_dict), dropped (to_json)
    "to_dict provenance=5": (
        lambda: cp.io.json.to_dict(cp.power_over_report(_R), provenance=5),  # type: ignore[arg-type]
        "provenance",
    ),
    "to_json provenance=5": (
        lambda: cp.io.json.to_json(_R, provenance=5),  # type: ignore[arg-type]
        "provenance",
    ),
    # 2. numpy values in summary lookups: "truth value ambiguous"
    "item of an array": (
        lambda: _SUMMARY.item(np.array(["trust_1", "trust_2"])),  # type: ignore[arg-type]
        "item_id",
    ),
    "measure of a numpy group": (
        lambda: _SUMMARY.measure(None, group=np.int64(3)),  # type: ignore[arg-type]
        "group",
    ),
    "cell of an array": (
        lambda: _READINESS.cell(
            np.array([1, 2]),  # type: ignore[arg-type]
            cp.Dimension.READINESS,
            group=np.int64(3),  # type: ignore[arg-type]
        ),
        "activity",
    ),
    "report with array conventions": (
        lambda: cp.report.render(assessment=_A, readiness_conventions=np.array([1, 2])),  # type: ignore[arg-type]
        "readiness_conventions",
    ),
    # 3. whole numbers out of range: OverflowError, or accepted
    "read_cohort max_field=10**30": (
        lambda: cp.io.csv.read_cohort(_CSV_SOURCE, max_field=10**30),
        "max_field",
    ),
    "to_json indent=10**30": (lambda: cp.io.json.to_json(_R, indent=10**30), "indent"),
    "to_json indent=-3": (lambda: cp.io.json.to_json(_R, indent=-3), "indent"),
    "to_json indent=True": (lambda: cp.io.json.to_json(_R, indent=True), "indent"),
    # 4. an unhashable kind: TypeError
    "schema of a list": (lambda: cp.io.json.schema([5]), "kind"),  # type: ignore[arg-type]
    # 5. value classes and options that took anything
    "question of junk": (
        lambda: cp.ReadinessQuestion(text=5, activity=[5], dimension=None),  # type: ignore[arg-type]
        "dimension",
    ),
    "item of junk": (
        lambda: cp.EvaluationItem(id=5, text=None, domain="x"),  # type: ignore[arg-type]
        "id",
    ),
    "items_in a text": (
        lambda: cp.COPRODUCTION_EVALUATION.items_in("x"),  # type: ignore[arg-type]
        "domain",
    ),
    "empty report, conventions=5": (
        lambda: cp.report.render(evaluation_conventions=5),  # type: ignore[arg-type]
        "evaluation_conventions",
    ),
    "empty report, rules=[5]": (lambda: cp.report.render(rules=[5]), "rules"),  # type: ignore[arg-type]
    "empty report, resamples='x'": (
        lambda: cp.report.render(resamples="x"),  # type: ignore[arg-type]
        "resamples",
    ),
    "empty report, seed=object()": (
        lambda: cp.report.render(seed=object()),  # type: ignore[arg-type]
        "seed",
    ),
    # 6. errors that named another argument
    "report conventions=5 with a cohort": (
        lambda: cp.report.render(cohort=COHORT, evaluation_conventions=5),  # type: ignore[arg-type]
        "evaluation_conventions",
    ),
    "change of a mapping": (
        lambda: cp.plot.change(earlier={"a": 5}),  # type: ignore[arg-type]
        "earlier",
    ),
}


@pytest.mark.parametrize("case", SECOND_REVIEW)
def test_second_review_refuses_by_name(case: str) -> None:
    """Each is a ValidationError locating the argument at fault (no other exception).

    Before: AttributeError, ValueError ("truth value ... is ambiguous"),
    OverflowError or TypeError, or a silent success (an indent of -3 or True,
    ``items_in("x") == ()``, junk options in a report with no data, a dropped
    provenance), or the error located at another argument.
    """
    call, location = SECOND_REVIEW[case]
    with pytest.raises(cp.ValidationError) as info:
        call()
    assert location in [p.location for p in info.value.problems]


def test_a_whole_number_option_states_its_range() -> None:
    """The one check of whole-number options names the range and refuses a bool."""
    with pytest.raises(cp.ValidationError) as info:
        cp.io.json.to_json(_R, indent=True)
    assert info.value.problems[0].message == ("expected a whole number from 0 to 16, got bool True")
    assert cp.io.json.to_json(_R, indent=16).startswith("{\n" + " " * 16 + '"schema"')
    assert "\n" not in cp.io.json.to_json(_R, indent=None)


def test_a_blank_id_is_called_blank() -> None:
    """An id of spaces is blank, not empty; an id of nothing is empty."""
    with pytest.raises(cp.ValidationError) as blank:
        cp.EvaluationResponse({}, respondent="   ")
    assert "blank" in blank.value.problems[0].message
    with pytest.raises(cp.ValidationError) as empty:
        cp.EvaluationResponse({}, respondent="")
    assert "empty" in empty.value.problems[0].message


@pytest.mark.parametrize("padded", [" R4", "R4 ", "\tR4", "R4\t"])
def test_an_id_or_group_value_with_whitespace_around_it_is_refused(padded: str) -> None:
    """Readers strip a cell's spaces, so " R4" would be written and read back as "R4".

    Before, the constructors took it and the CSV and REDCap writers wrote it.
    """
    refusals: dict[str, Callable[[], object]] = {
        "respondent": lambda: cp.EvaluationResponse({}, respondent=padded),
        "setting": lambda: cp.ReadinessAssessment({}, setting=padded),
        "respondents[1]": lambda: cp.EvaluationCohort.from_array(
            [[1] * 23] * 2, respondents=["R1", padded]
        ),
        "settings[0]": lambda: cp.ReadinessCohort.from_array([[[0] * 3] * 7], settings=[padded]),
        "groups['ward'][1]": lambda: cp.EvaluationCohort.from_array(
            [[1] * 23] * 2, groups={"ward": ["Oak", padded]}
        ),
    }
    for location, call in refusals.items():
        with pytest.raises(cp.ValidationError) as info:
            call()
        (problem,) = info.value.problems
        assert problem.location == location
        assert "could not be read back as written" in problem.message
    # Inner spaces are part of the id, and other characters at the ends (a no-break
    # space, a line end in a quoted cell) are not stripped: both read back as written.
    for kept in ("R 4", "R4\xa0", "R4\n"):
        assert cp.EvaluationResponse({}, respondent=kept).respondent == kept


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda _: cp.io.csv.read_evaluations(""), IsADirectoryError),
        (lambda p: cp.io.csv.read_evaluations(p / "missing.csv"), FileNotFoundError),
        (lambda p: cp.io.redcap.write_records([_R], p), IsADirectoryError),
        (lambda _: cp.report.write("", cohort=COHORT), IsADirectoryError),
        (lambda _: cp.rules.read(""), IsADirectoryError),
        (lambda p: cp.rules.read(p / "missing.json"), FileNotFoundError),
    ],
)
def test_what_the_system_refuses_is_its_own_oserror(
    call: Callable[[Path], object], kind: type[OSError], tmp_path: Path
) -> None:
    """A missing file or a directory is Python's OSError subclass, as open() raises it.

    The documented policy (``coproduction.exceptions``): never a CoproductionError.
    """
    with pytest.raises(kind) as info:
        call(tmp_path)
    assert not isinstance(info.value, cp.CoproductionError)
    assert info.value.filename is not None
    assert "OSError" in (cp.exceptions.__doc__ or "")
