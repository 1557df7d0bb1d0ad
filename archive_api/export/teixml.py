"""Small helpers for building TEI with the standard library's ElementTree.

lxml is only a test dependency, so the service builds XML with ``xml.etree``. Elements are
made in the TEI namespace (Clark notation), identifiers are made valid ``xml:id`` values, and
indentation is added only between structural elements: whitespace inside a paragraph or a
note is text, and pretty-printing must not change it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
MEDIA_TYPE = "application/tei+xml"

# Elements holding text (mixed content): never indented inside.
MIXED = frozenset(
    [
        "p",
        "head",
        "note",
        "bibl",
        "title",
        "author",
        "date",
        "persName",
        "placeName",
        "roleName",
        "addrLine",
        "ref",
        "item",
        "publisher",
        "idno",
        "resp",
        "name",
        "term",
        "language",
        "edition",
        "pubPlace",
        "biblScope",
        "quote",
        "licence",
        "editor",
    ]
)

_NOT_NAME = re.compile(r"[^\w.\-]", re.UNICODE)


def tei(tag: str) -> str:
    """The Clark name of a TEI element: ``{http://www.tei-c.org/ns/1.0}p``."""
    return f"{{{TEI_NS}}}{tag}"


def element(
    tag: str, attrs: Mapping[str, str | None] | None = None, text: str | None = None
) -> ET.Element:
    """A TEI element; attributes whose value is None are left out."""
    node = ET.Element(tei(tag), {k: v for k, v in (attrs or {}).items() if v is not None})
    if text:
        node.text = text
    return node


def sub(
    parent: ET.Element,
    tag: str,
    attrs: Mapping[str, str | None] | None = None,
    text: str | None = None,
) -> ET.Element:
    child = element(tag, attrs, text)
    parent.append(child)
    return child


def append_text(parent: ET.Element, text: str) -> None:
    """Add text after the last child of ``parent`` (or as its text when it has none)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def xml_id(prefix: str, value: str) -> str:
    """A valid, readable ``xml:id`` (an NCName): ``work-kinross-ataturk``, ``sec-I.B.a``."""
    cleaned = _NOT_NAME.sub("-", value).strip("-") or "x"
    return f"{prefix}-{cleaned}" if prefix else cleaned


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def indent(node: ET.Element, level: int = 0) -> None:
    """Indent structural elements by one space per level, leaving mixed content alone."""
    if local(node.tag) in MIXED or not len(node):
        return
    pad = "\n" + " " * (level + 1)
    node.text = pad
    for child in node:
        indent(child, level + 1)
        child.tail = pad
    node[-1].tail = "\n" + " " * level


def serialize(root: ET.Element) -> str:
    """The document with an XML declaration, TEI as the default namespace."""
    indent(root)
    # ``tostring(default_namespace=...)`` refuses unqualified attributes (``type``, ``n``);
    # registering TEI as the default prefix gives the same output without that limit.
    ET.register_namespace("", TEI_NS)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
