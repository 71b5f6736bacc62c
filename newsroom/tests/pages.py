"""
Reading a rendered page as a reader's tools do: its elements, their text and
attributes, its meta tags and its JSON-LD. Built on the standard library's
HTML parser, for the page tests of both apps.
"""

import json
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def text(self):
        """The text inside, as a reader sees it: white space folded."""
        return " ".join(self._text().split())

    def _text(self):
        return "".join(
            child if isinstance(child, str) else child._text() for child in self.children
        )

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, *, within=None, **attrs):
        """
        Elements with this tag (any tag if None) and these attribute values
        (``class_`` for class, matching one of the element's classes).
        """
        found = []
        for element in self.iter():
            if tag and element.tag != tag:
                continue
            if all(element._has(name, value) for name, value in attrs.items()):
                found.append(element)
        return found

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs}"
        return found[0]

    def _has(self, name, value):
        if name == "class_":
            return value in self.attrs.get("class", "").split()
        name = name.rstrip("_").replace("_", "-")
        return self.attrs.get(name) == value if value is not True else name in self.attrs

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.node = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.node)
        self.node.children.append(element)
        if tag not in VOID:
            self.node = element

    def handle_startendtag(self, tag, attrs):
        self.node.children.append(Element(tag, attrs, self.node))

    def handle_endtag(self, tag):
        node = self.node
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


class Page(Element):
    """A rendered page (a response or its HTML)."""

    def __init__(self, response_or_html):
        html = getattr(response_or_html, "content", response_or_html)
        if isinstance(html, bytes):
            html = html.decode()
        self.html = html
        builder = _Builder()
        builder.feed(html)
        builder.close()
        super().__init__("#document", {})
        self.children = builder.root.children

    def meta(self, key):
        """The content of ``<meta property=key>`` or ``<meta name=key>``."""
        for element in self.find_all("meta"):
            if key in (element.attrs.get("property"), element.attrs.get("name")):
                return element.attrs.get("content")
        return None

    def canonical(self):
        return self.find("link", rel="canonical").attrs["href"]

    def json_ld(self):
        """Every JSON-LD block on the page, parsed."""
        return [
            json.loads(script._text())
            for script in self.find_all("script", type="application/ld+json")
        ]

    def hrefs(self):
        return [a.attrs.get("href") for a in self.find_all("a")]
