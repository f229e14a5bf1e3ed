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
#: bytes that look like JSON, and an object of no known kind.
JUNK: tuple[object, ...] = (5, None, "x", b"{}", object())

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
) -> Iterator[tuple[str, Callable[[], object]]]:
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

    for junk in JUNK:
        yield f"every argument {junk!r:.20}", call({p.name: junk for p in parameters})
        if not known:
            continue
        for p in parameters:
            values = {n: make() for n, make in required.items() if make is not None}
            values[p.name] = junk
            yield f"{p.name}={junk!r:.20}", call(values)


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
    One exception is allowed: the text ``"x"`` given where a path is accepted names
    a file that does not exist, and reading it raises the system's
    ``FileNotFoundError`` (a fact about the machine, not a wrong kind of value;
    writing to it succeeds, in a temporary directory).
    """
    monkeypatch.chdir(tmp_path)
    pytest.importorskip("pandas")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    failures = []
    for label, call in _calls(qualified, _CALLABLES[qualified]):
        try:
            call()
        except (cp.UnknownItemError, cp.ValidationError):
            pass
        except cp.CoproductionError as error:
            if _is_lookup(qualified):  # an unknown key: UnknownItemError or ValidationError
                failures.append(f"{label}: {type(error).__name__} from a lookup")
        except FileNotFoundError:
            if "'x'" not in label:
                failures.append(f"{label}: FileNotFoundError")
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
