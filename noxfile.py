"""Every check CI runs: ``nox`` with no arguments runs them all.

Sessions install from ``[dependency-groups]`` in ``pyproject.toml``, so there is
one list of what each check needs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.error_on_external_run = True
# A supported Python that cannot be found is an error, not a silent skip: the
# README promises tests on every supported Python, so a missing one must be seen.
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.11", "3.12", "3.13"]
# The oldest supported Python checks types and builds docs; tests run on every one.
MAIN_PYTHON = PYTHONS[0]


def _make_pyenv_versions_visible() -> None:
    """Let nox find every supported Python that pyenv holds, not only the active one.

    pyenv's shims run ``python3.12`` only when 3.12 is among the selected versions;
    otherwise nox would see no interpreter. Selecting all installed supported
    versions (newest patch of each) makes them visible, as ``.ci/run`` does. A
    supported Python that is not installed at all still fails the run, with
    nox's message naming it: install it (``pyenv install 3.12``) or run one
    session, e.g. ``nox -s tests-3.11``.
    """
    pyenv = shutil.which("pyenv")
    if pyenv is None or os.environ.get("PYENV_VERSION"):
        return
    found = subprocess.run(  # noqa: S603 - a fixed command, no user input
        [pyenv, "versions", "--bare"], capture_output=True, text=True, check=False
    ).stdout.split()
    newest = []
    for wanted in PYTHONS:
        # Final releases only (3.12.7, not 3.13.1t or 3.14.0rc1), as .ci/run selects them.
        release = re.compile(rf"{re.escape(wanted)}\.(\d+)")
        patches = [m for v in found if (m := release.fullmatch(v))]
        if patches:
            newest.append(max(patches, key=lambda m: int(m[1]))[0])
    if newest:
        os.environ["PYENV_VERSION"] = ":".join(newest)


_make_pyenv_versions_visible()


def _install(session: nox.Session, *groups: str, package: bool = True) -> None:
    requirements = [r for g in groups for r in nox.project.dependency_groups(PYPROJECT, g)]
    session.install(*(["."] if package else []), *requirements)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite with hypothesis and the doctests in the package."""
    _install(session, "tests")
    env = {"HYPOTHESIS_PROFILE": "ci"} if os.environ.get("CI") else {}
    session.run("pytest", *session.posargs, env=env)


#: The files checked by the second checker: the package and the ``assert_type`` tests.
PYRIGHT_FILES = ["src/coproduction", "tests/test_typing.py", "tests/test_formats_typing.py"]


@nox.session(python=MAIN_PYTHON)
def typecheck(session: nox.Session) -> None:
    """Check types with mypy --strict, then basedpyright, then type completeness.

    The package is installed normally (not editable), as an importer gets it:
    ``--verifytypes`` reads the installed copy and must report 100%.
    """
    _install(session, "typecheck")
    # Rebuild the package: an installer's cache may keep a copy of older sources.
    session.install("--force-reinstall", "--no-deps", ".")
    session.run("mypy", *session.posargs)
    session.run("basedpyright", *PYRIGHT_FILES)
    # Run from outside the checkout, so that only the installed copy can be found.
    with session.chdir(session.create_tmp()):
        session.run("basedpyright", "--verifytypes", "coproduction", "--ignoreexternal")


@nox.session(python=MAIN_PYTHON)
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    _install(session, "lint", package=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=MAIN_PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors, and run its doctests."""
    _install(session, "docs")
    common = ["-W", "-n", "--keep-going", "-E", "docs"]
    session.run("sphinx-build", "-b", "html", *common, "docs/_build/html")
    session.run("sphinx-build", "-b", "doctest", *common, "docs/_build/doctest")


@nox.session(python=MAIN_PYTHON)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel, check them, and run the quick start from the wheel.

    The wheel is installed into a new, clean virtual environment (not the session's),
    and the README's quick start runs there from outside the checkout, so it can
    only import what the wheel holds. CITATION.cff is checked against CFF 1.2.0.
    """
    _install(session, "build", package=False)
    tmp = Path(session.create_tmp()).resolve()
    dist = tmp / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("cffconvert", "--validate", "-i", "CITATION.cff")
    session.run("python", "-m", "build", "--outdir", str(dist), ".")
    sdists, wheels = sorted(dist.glob("*.tar.gz")), sorted(dist.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        session.error(f"expected one sdist and one wheel in {dist}, found {sdists + wheels}")
    session.run("twine", "check", "--strict", *map(str, sdists + wheels))
    session.run("check-wheel-contents", str(wheels[0]))

    clean = tmp / "clean-venv"
    shutil.rmtree(clean, ignore_errors=True)
    session.run("python", "-m", "venv", str(clean))
    python = str(clean / "bin" / "python")
    session.run(python, "-m", "pip", "install", "--quiet", str(wheels[0]), external=True)
    root = Path.cwd()
    with session.chdir(tmp):
        session.run(
            python,
            "-c",
            "import coproduction, sys; "
            "assert coproduction.__file__.startswith(sys.prefix), coproduction.__file__",
            external=True,
        )
        session.run(python, str(root / "examples" / "quickstart.py"), external=True)
        csv = root / "examples" / "synthetic-evaluation-cohort.csv"
        coproduction = str(clean / "bin" / "coproduction")
        session.run(coproduction, "score", str(csv), "--group", "ward", external=True)


#: Examples per structure-aware fuzzer under ``nox -s fuzz``. The eleven fuzzers in
#: tests/fuzz/ then try 1,100,000 inputs across the readers (the normal test run
#: tries 20 each). ``COPRODUCTION_FUZZ_EXAMPLES`` overrides it.
FUZZ_EXAMPLES = 100_000
#: Runs per atheris harness (JSON text, FHIR JSON text, CSV bytes); overridden by
#: ``COPRODUCTION_ATHERIS_RUNS``.
ATHERIS_RUNS = 200_000


@nox.session(python=MAIN_PYTHON, default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzz every reader with a large budget: hypothesis, then atheris where it installs.

    Not part of the default ``nox`` run: it takes hours at the default budget. For a
    quick look: ``COPRODUCTION_FUZZ_EXAMPLES=2000 COPRODUCTION_ATHERIS_RUNS=10000
    nox -s fuzz``.
    """
    _install(session, "tests")
    examples = os.environ.get("COPRODUCTION_FUZZ_EXAMPLES", str(FUZZ_EXAMPLES))
    session.run(
        "pytest", "tests/fuzz", "-q", *session.posargs, env={"COPRODUCTION_FUZZ_EXAMPLES": examples}
    )
    try:
        session.install("atheris")
    except nox.command.CommandFailed:
        session.warn(
            "atheris does not install here (no wheel for this platform and Python, and no "
            "clang with libFuzzer to build one): the byte-level harnesses are skipped"
        )
        return
    runs = os.environ.get("COPRODUCTION_ATHERIS_RUNS", str(ATHERIS_RUNS))
    for harness in ("json", "fhir", "csv"):
        # libFuzzer adds what it finds to its corpus: start from a copy of the seeds.
        corpus = Path(session.create_tmp()) / f"corpus-{harness}"
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.copytree(Path("tests/fuzz/seeds") / harness, corpus)
        session.run(
            "python", "tests/fuzz/atheris_harness.py", harness, f"-runs={runs}", str(corpus)
        )
