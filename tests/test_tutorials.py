"""The tutorial notebooks: stored clean, and runnable top to bottom in a fresh kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

TUTORIALS = Path(__file__).resolve().parent.parent / "docs" / "tutorials"
NOTEBOOKS = sorted(TUTORIALS.glob("*.ipynb"))
NAMES = [path.name for path in NOTEBOOKS]


def test_the_four_tutorials_are_notebooks_with_no_other_copy() -> None:
    """The tutorials are the four .ipynb files, the one source; no MyST or script twin."""
    assert [
        "audit-a-ward.ipynb",
        "from-redcap-to-a-report.ipynb",
        "researching-a-cohort.ipynb",
        "score-one-response.ipynb",
    ] == NAMES
    assert [] == sorted(p.name for p in TUTORIALS.iterdir() if p.suffix != ".ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_a_tutorial_is_stored_valid_and_without_outputs(path: Path) -> None:
    """A valid nbformat 4 notebook for a Python 3 kernel, with no outputs or counts saved."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert "python3" == notebook.metadata.kernelspec.name
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert [([], None)] * len(code) == [(c.outputs, c.execution_count) for c in code]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_a_tutorial_runs_top_to_bottom_in_a_fresh_kernel(path: Path, tmp_path: Path) -> None:
    """Every cell runs, in order, without an error, as a researcher's Run All would."""
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert list(range(1, len(code) + 1)) == [cell.execution_count for cell in code]
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert [] == errors
