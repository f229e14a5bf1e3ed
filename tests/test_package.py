"""The package as a user meets it: its public names, version, README and examples."""

from __future__ import annotations

import contextlib
import importlib.metadata
import inspect
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import coproduction

ROOT = Path(__file__).parent.parent


def test_version_comes_from_the_installed_metadata() -> None:
    """__version__ is the installed distribution's version, a SemVer string."""
    assert importlib.metadata.version("coproduction") == coproduction.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([-+.].*)?", coproduction.__version__)


def test_unknown_attributes_still_raise() -> None:
    """The module-level __getattr__ answers only for __version__ and the public modules."""
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = coproduction.nope  # type: ignore[attr-defined]  # the point: type checkers see it too
    with pytest.raises(AttributeError, match="no attribute 'xml'"):
        _ = coproduction.io.xml  # type: ignore[attr-defined]


def test_dir_lists_the_lazily_loaded_modules_for_completion() -> None:
    """Tab completion shows where the moved names live, before they are loaded."""
    assert {"io", "plot", "report", "rules", "__version__"} <= set(dir(coproduction))
    assert {"csv", "json", "fhir", "redcap", "frames"} <= set(dir(coproduction.io))
    assert set(coproduction.__all__) <= set(dir(coproduction))


#: The public modules, each with its own reference page.
PUBLIC_MODULES: dict[str, str] = {
    "coproduction": "coproduction",
    "coproduction.io.csv": "io-csv",
    "coproduction.io.json": "io-json",
    "coproduction.io.fhir": "io-fhir",
    "coproduction.io.redcap": "io-redcap",
    "coproduction.io.frames": "io-frames",
    "coproduction.plot": "plot",
    "coproduction.report": "report",
    "coproduction.rules": "rules",
}


def _kind(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_all_is_sorted_and_every_name_is_importable_and_documented(module_name: str) -> None:
    """Each public module's __all__ is sorted (constants, classes, functions) and documented."""
    module = importlib.import_module(module_name)
    names = module.__all__
    assert sorted(names, key=_kind) == list(names)
    assert inspect.getdoc(module), module_name
    for name in names:
        obj = getattr(module, name)
        if name.isupper():  # constants are documented on the reference page
            continue
        assert inspect.getdoc(obj), name
        assert "versionadded" in (obj.__doc__ or ""), name


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_name_is_on_its_modules_reference_page(module_name: str) -> None:
    """docs/reference/<module>.md documents every name of the module's __all__."""
    page = (ROOT / "docs" / "reference" / f"{PUBLIC_MODULES[module_name]}.md").read_text(
        encoding="utf-8"
    )
    for name in importlib.import_module(module_name).__all__:
        assert re.search(rf"({re.escape(module_name)}\.|py:data:: ){name}\b", page), name


def test_the_top_level_keeps_the_core_small_and_loads_no_edge() -> None:
    """At most 85 names; a fresh ``import coproduction`` loads no format, picture or report."""
    assert len(coproduction.__all__) <= 85
    code = (
        "import sys, coproduction\n"
        "edges = ('coproduction.io', 'coproduction.plot', 'coproduction.report', "
        "'coproduction._display', 'cattrs', 'matplotlib', 'pandas')\n"
        "print(sorted(m for m in sys.modules if m.startswith(edges)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
    assert coproduction.io.csv.__name__ == "coproduction.io.csv"  # loaded when named


def test_no_private_module_leaks_into_all() -> None:
    """Every public name is defined in the package, not borrowed from a dependency."""
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            defined = getattr(getattr(module, name), "__module__", "coproduction")
            assert defined.startswith("coproduction"), name


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- start-example -->", 1)[1].split("<!-- end-example -->", 1)[0]
    return block.split("```python", 1)[1].split("```", 1)[0]


def test_readme_example_runs_and_prints_what_its_comments_say() -> None:
    """The README's example runs as written and prints the values its comments promise."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_readme_example(), "README.md", "exec"), {})  # noqa: S102
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("1.666")
    assert " 83.33" in lines[0]
    assert "1 of 5 items answered; at least 3 needed" == lines[1]
    assert len(_readme_example().strip().splitlines()) <= 20


def test_quickstart_example_runs_as_a_script() -> None:
    """examples/quickstart.py runs in a fresh interpreter and prints both scores."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "RRN Coproduction Evaluation scores for SYNTHETIC-001:" in result.stdout
    assert "RRN Readiness Checker scores for synthetic-ward:" in result.stdout
    assert "CC BY-NC-ND 4.0" in result.stdout


def _quickstart_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- start-quickstart -->", 1)[1].split("<!-- end-quickstart -->", 1)[0]
    return [part.split("```", 1)[0].strip() for part in block.split("```console")[1:]]


def test_readme_quickstart_scores_the_synthetic_cohort_with_the_command() -> None:
    """The README's first command, after its install step, runs and scores 60 respondents."""
    install, command = _quickstart_commands()[0].split(" && ")
    assert "python -m pip install ." == install
    assert command.startswith("coproduction score examples/synthetic-evaluation-cohort.csv")
    script = Path(sys.executable).parent / "coproduction"
    result = subprocess.run(
        [str(script), *command.split()[1:], "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("respondent,ward,support,respect,risk_action,trust,power_with")
    assert 61 == len(lines)
    assert all(line.startswith("SYNTHETIC-") for line in lines[1:])


def test_readme_keeps_the_test_command() -> None:
    """The README's second command is still the one that runs every check."""
    assert "python -m pip install nox && nox" == _quickstart_commands()[1]


def test_instrument_docs_show_every_item_and_question_verbatim() -> None:
    """docs/instruments.md lists every id with its verbatim text, so the docs cannot drift."""
    page = (ROOT / "docs" / "instruments.md").read_text(encoding="utf-8")
    for item in coproduction.COPRODUCTION_EVALUATION.items:
        assert f"| `{item.id}` | {item.domain.label} | {item.text} |" in page
    for q in coproduction.READINESS_CHECKER.questions:
        assert f"| `{q.id}` | {q.activity.label} | {q.dimension.value} | {q.text} |" in page
