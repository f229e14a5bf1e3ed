"""The notebook and report views: HTML that depends on the domain, never the reverse.

Loading this package registers :func:`~coproduction._display.html.render_html` as
the renderer that :class:`coproduction._view.HtmlView` looks up; the domain modules
import nothing from here (``tests/test_layout.py`` walks every import statement to
keep it so).
"""

from __future__ import annotations

from coproduction._display.html import render_html
from coproduction._view import register_html

register_html(render_html)
