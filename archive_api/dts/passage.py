"""A passage of a TEI document, wrapped in ``<dts:wrapper>`` as the Document endpoint says.

The passage is cut from the whole document's TEI, so it is encoded exactly as the full
export is (notes at their anchors, page breaks, letters). A passage of the text is a span
in document order, from the beginning of the first element to the end of the last: the
elements wholly inside it are copied, the elements it only partly covers (the ``<div>`` of
the section a paragraph sits in) are kept as empty frames with their attributes, so a
client still sees where the passage belongs ("empty": their own text and headings are left
out). Notes and letters are not contiguous text, so a passage of the footnotes or letters
tree is the ``<note>`` / ``<floatingText>`` / ``<p>`` elements themselves, one after another.
Built with the standard library's ElementTree, like the export (lxml is not a dependency).

The answer keeps the document's ``<teiHeader>``: ``<TEI><teiHeader/><text><body>
<dts:wrapper>…</dts:wrapper></body></text></TEI>``.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from archive_api.dts import DTS_NS
from archive_api.dts.errors import UnknownIdentifier
from archive_api.dts.trees import CitationTree, Unit
from archive_api.export.tei_text import section_xml_id
from archive_api.export.teixml import xml_id
from archive_api.models import Document

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
WRAPPER = f"{{{DTS_NS}}}wrapper"

# Serialised as ``dts:wrapper`` (the only element of that namespace the service writes).
ET.register_namespace("dts", DTS_NS)


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def by_id(root: ET.Element) -> dict[str, ET.Element]:
    """Every element with an ``xml:id``, by that id."""
    found: dict[str, ET.Element] = {}
    for el in root.iter():
        identifier = el.get(XML_ID)
        if identifier is not None:
            found[identifier] = el
    return found


def body_of(root: ET.Element) -> ET.Element:
    body = root.find(f"{tei('text')}/{tei('body')}")
    if body is None:
        raise ValueError("the TEI document has no text/body")
    return body


class _Order:
    """Pre-order positions of the elements under ``body`` and of their last descendants."""

    def __init__(self, body: ET.Element) -> None:
        self.start: dict[ET.Element, int] = {}
        self.end: dict[ET.Element, int] = {}
        self._number(body)

    def _number(self, el: ET.Element) -> int:
        self.start[el] = last = len(self.start)
        for child in el:
            last = self._number(child)
        self.end[el] = last
        return last


def span(root: ET.Element, first: ET.Element, last: ET.Element) -> list[ET.Element]:
    """Copies of what lies between the start of ``first`` and the end of ``last`` in body.

    Both must be inside ``<body>`` and ``first`` must not begin after ``last``.
    """
    order = _Order(body_of(root))
    if first not in order.start or last not in order.start:
        raise ValueError("passage bounds must be inside the TEI body")
    lo, hi = order.start[first], order.end[last]
    if lo > order.start[last]:
        raise ValueError("passage start comes after its end")

    def cut(el: ET.Element) -> ET.Element | None:
        begin, end = order.start[el], order.end[el]
        if begin >= lo and end <= hi:
            whole = copy.deepcopy(el)
            whole.tail = None
            return whole
        if begin > hi or end < lo:
            return None
        frame = ET.Element(el.tag, dict(el.attrib))
        if begin >= lo:
            frame.text = el.text
        for child in el:
            piece = cut(child)
            if piece is None:
                continue
            if lo <= order.end[child] < hi:
                piece.tail = child.tail
            frame.append(piece)
        return frame

    top = cut(body_of(root))
    return list(top) if top is not None else []


def elements(found: Sequence[ET.Element]) -> list[ET.Element]:
    """Copies of separate elements (notes), without the text that follows each."""
    copies = []
    for el in found:
        piece = copy.deepcopy(el)
        piece.tail = None
        copies.append(piece)
    return copies


def wrapped(root: ET.Element, content: Sequence[ET.Element]) -> ET.Element:
    """A ``<TEI>`` with the document's header and ``content`` in ``text/body/dts:wrapper``."""
    out = ET.Element(tei("TEI"))
    header = root.find(tei("teiHeader"))
    if header is not None:
        out.append(copy.deepcopy(header))
    body = ET.SubElement(ET.SubElement(out, tei("text")), tei("body"))
    wrapper = ET.SubElement(body, WRAPPER)
    wrapper.extend(content)
    return out


def element_id(doc: Document, unit: Unit) -> str:
    """The ``xml:id`` the TEI export gives the record a unit stands for."""
    if unit.kind == "section":
        return section_xml_id(unit.record_id)
    if unit.kind == "note":
        note = next(n for n in doc.footnotes if n.label == unit.record_id)
        return xml_id("", note.id)
    return xml_id("", unit.record_id)  # paragraphs ("p12") and letters ("letter-1")


def passage(
    doc: Document, root: ET.Element, tree: CitationTree, first: Unit, last: Unit
) -> ET.Element:
    """The ``<TEI>`` answer for the units ``first`` to ``last`` of ``tree``.

    The default tree follows the text, so its passages are spans; the footnotes and the
    letters are not contiguous, so theirs are the elements of the units they cover.
    """
    ids = by_id(root)

    def find(unit: Unit) -> ET.Element:
        found = ids.get(element_id(doc, unit))
        if found is None:  # the export left the record out: there is no passage to give
            raise UnknownIdentifier(f"no TEI passage for the citable unit {unit.identifier!r}")
        return found

    if tree.identifier is None:
        content = span(root, find(first), find(last))
    else:
        content = elements([find(unit) for unit in tree.cover(first, last)])
    return wrapped(root, content)
