"""A small tree of parsed HTML for tests, built with the standard library's html.parser."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import attrs as _attrs

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@_attrs.define
class Node:
    """One element: its tag, attributes, and children (nodes or text)."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = _attrs.Factory(list)

    @property
    def text(self) -> str:
        """All the text inside the element, as a reader would see it (tags dropped)."""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        """Every element below this one (depth first, in document order), of ``tag`` if given."""
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def find(self, tag: str) -> Node:
        """The first element of ``tag`` below this one."""
        return next(self.iter(tag))


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.stack[-1].tag != tag:
            msg = f"unbalanced HTML: </{tag}> closes <{self.stack[-1].tag}>"
            raise AssertionError(msg)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """Parse HTML into a tree; raise AssertionError if a tag is closed out of order."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert [builder.root] == builder.stack, "unclosed tags"
    return builder.root


def row_cells(table: Node) -> list[list[Node]]:
    """The body rows of a table, each as its th and td cells in order."""
    body = table.find("tbody")
    return [[c for c in row.children if isinstance(c, Node)] for row in body.iter("tr")]


def column_headers(table: Node) -> list[str]:
    """The texts of the header row's th cells."""
    return [th.text for th in table.find("thead").iter("th")]
