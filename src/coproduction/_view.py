"""The notebook view shared by every public value object."""

from __future__ import annotations

__all__ = ["HtmlView"]


class HtmlView:
    """Give a class a ``_repr_html_`` that Jupyter shows, rendered by the display package.

    The renderer is imported on first display, so importing the library does not
    build any HTML machinery. ``__slots__`` is empty so that slotted attrs classes
    stay slotted.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        from coproduction._display.html import render_html

        return render_html(self)
