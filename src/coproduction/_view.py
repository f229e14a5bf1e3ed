"""The notebook view shared by every public value object, and the registry behind it."""

from __future__ import annotations

import importlib
from collections.abc import Callable

__all__ = ["HtmlView", "register_html"]

#: The HTML renderer, once the display package has registered it.
_renderer: list[Callable[[object], str]] = []

#: The package that registers the renderer when it is loaded. Named, not imported:
#: the domain depends on no view; the views depend on the domain.
_DISPLAY = "coproduction._display"


def register_html(render: Callable[[object], str]) -> None:
    """Make ``render`` the HTML renderer of every :class:`HtmlView` (the display package does)."""
    _renderer[:] = [render]


class HtmlView:
    """Give a class a ``_repr_html_`` that Jupyter shows, rendered by the display package.

    The renderer is looked up in a registry that :mod:`coproduction._display` fills
    when it is loaded, which the first display does, so importing the library does
    not build any HTML machinery and no domain module imports the views.
    ``__slots__`` is empty so that slotted attrs classes stay slotted.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        if not _renderer:
            importlib.import_module(_DISPLAY)
        return _renderer[0](self)
