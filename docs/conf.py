"""Sphinx configuration for the coproduction documentation."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "coproduction"
author = "The coproduction developers"
copyright = "2026, The coproduction developers; booklet text Quinn (2022), CC BY-NC-ND 4.0"
release = _version("coproduction")
version = ".".join(release.split(".")[:2])

extensions = [
    # myst-nb includes the MyST parser and executes the tutorials at build time.
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "jupyter_execute"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Tutorials (Jupyter notebooks stored without outputs, docs/tutorials/*.ipynb) run on
# every build, on synthetic data, without network access; an error in a cell fails
# the build.
nb_execution_mode = "force"
nb_execution_timeout = 180
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

html_theme = "furo"
html_title = f"coproduction {release}"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# Names Sphinx cannot resolve without network access to other projects' inventories
# (intersphinx would need it); they are standard-library, dependency or optional
# extra (matplotlib, pandas) types.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|enum|collections\.abc|typing|types|numpy|attrs|cattrs)\..*"),
    (r"py:.*", r"(os|pathlib|matplotlib|pandas|pd)\..*"),
    (r"py:class", r"Axes"),
    (r"py:class", r"(dt\.date|_E|K|V|Self)"),
    (r"py:obj", r"coproduction\._frozen\.[KV]"),
    # interchange formats: type variables and path/stream aliases of the file readers
    (r"py:class", r"(os\.PathLike|Source|Target|coproduction\.io\.(json|csv)\._T)"),
    # the provenance record of results: private, its fields documented in formats.md
    (r"py:class", r"coproduction\._provenance\.Provenance"),
]

doctest_global_setup = "import coproduction as cp\nfrom coproduction import *"
# The docstrings' examples run under pytest --doctest-modules, each in its own
# module's namespace (the formats' short names only make sense there); this builder
# runs the pages' own {doctest} blocks.
doctest_test_doctest_blocks = ""
