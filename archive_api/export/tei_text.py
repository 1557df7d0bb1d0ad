"""The ``<text>`` of a document's TEI: pages, sections, paragraphs, notes, letters, annexes.

- Every printed page begins with ``<pb n="…"/>``. Where a paragraph runs over a page break,
  the break is found by looking for the first words of the new page's first line in the
  paragraph's reading text (``break="no"`` when it falls inside a hyphenated word).
- Sections are nested ``<div type="section">`` with their heading paragraph as ``<head>``.
- Paragraphs are ``<p xml:id="p12">``; a block quotation is wrapped in ``<quote>``; the
  paragraphs of a transcribed letter are a ``<floatingText type="letter">`` in the flow.
- A footnote is a ``<note place="foot" n="12">`` at its anchor; each citation in it is a
  ``<bibl>`` pointing at the cited work in the bibliography of ``<back>``.
- An annex reference is ``<ref type="annex">`` pointing at the list of annexes in ``<back>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archive_api.export.teixml import XML_ID, append_text, element, sub, xml_id
from archive_api.export.works import bib_item
from archive_api.models import Annex, Document, Footnote, Paragraph, Section, Work

_GLUED_MARKER = re.compile(r"(?<=[^\W\d_])(?:\d{1,2}|\*)(?=[.,;:!?\"”’)]|$)")


def work_xml_id(work_id: str) -> str:
    return xml_id("work", work_id)


def section_xml_id(section_id: str) -> str:
    return xml_id("sec", section_id)


# --- page breaks inside paragraphs --------------------------------------------------------


def _first_line(page_text: str) -> str:
    return next((line.strip() for line in page_text.splitlines() if line.strip()), "")


def _words(line: str) -> list[str]:
    words = [_GLUED_MARKER.sub("", word) for word in line.split()]
    if words and words[-1].endswith("-"):
        words = words[:-1]  # hyphenated at the line end: joined differently in the reading
    return [w for w in words if w]


def break_offset(paragraph: Paragraph, first_line: str, after: int) -> int:
    """Where (in ``paragraph.text``) the line ``first_line`` of a new page begins."""
    words = _words(first_line)
    text = paragraph.text
    for count in range(min(6, len(words)), 0, -1):
        found = text.find(" ".join(words[:count]), after)
        if found >= 0 and (count > 1 or len(words[0]) > 3):
            return found
    # Not found (OCR noise): estimate from where the line sits in the printed lines.
    printed = paragraph.printed
    position = printed.find(first_line)
    share = position / len(printed) if position > 0 and printed else 0.5
    estimate = max(after, min(len(text), round(share * len(text))))
    space = text.find(" ", estimate)
    return space + 1 if 0 <= space < len(text) - 1 else estimate


# --- inline content ---------------------------------------------------------------------------


@dataclass
class _Point:
    offset: int
    order: int  # page breaks before notes at the same offset
    node: ET.Element


@dataclass
class _Span:
    start: int
    end: int
    node: ET.Element


def _fill(
    parent: ET.Element, text: str, lo: int, hi: int, points: list[_Point], spans: list[_Span]
) -> None:
    """Write ``text[lo:hi]`` into ``parent`` with points inserted and spans wrapped."""
    items: list[tuple[int, int, _Point | _Span]] = []
    for span in spans:
        items.append((span.start, 1, span))
    for point in points:
        if not any(s.start < point.offset < s.end for s in spans):
            items.append((point.offset, 0 if point.order == 0 else 2, point))
    position = lo
    for _, _, item in sorted(items, key=lambda entry: (entry[0], entry[1])):
        if isinstance(item, _Span):
            append_text(parent, text[position : item.start])
            parent.append(item.node)
            inner = [p for p in points if item.start < p.offset < item.end]
            _fill(item.node, text, item.start, item.end, inner, [])
            position = item.end
        else:
            append_text(parent, text[position : item.offset])
            parent.append(item.node)
            position = item.offset
    append_text(parent, text[position:hi])


def note_element(note: Footnote, work_ids: set[str]) -> ET.Element:
    """``<note place="foot">`` with each citation as a ``<bibl>`` pointing at its work."""
    node = element("note", {XML_ID: xml_id("", note.id), "place": "foot", "n": note.label})
    if note.recovered:
        node.set("cert", "medium")
    text = note.text
    position = 0
    for citation in note.citations:
        start = text.find(citation.text, position) if citation.text else -1
        if start < 0:
            continue
        append_text(node, text[position:start])
        target = f"#{work_xml_id(citation.work_id)}" if citation.work_id in work_ids else None
        sub(node, "bibl", {"corresp": target}, citation.text)
        position = start + len(citation.text)
    append_text(node, text[position:])
    return node


# --- the body ---------------------------------------------------------------------------------


class _BodyWriter:
    """Walks the paragraphs in order, opening and closing section divs and letters."""

    def __init__(self, doc: Document, body: ET.Element) -> None:
        self.doc = doc
        self.body = body
        self.sections = {s.id: s for s in doc.sections}
        self.stack: list[tuple[str, ET.Element]] = []  # open section divs
        self.letter: tuple[str, ET.Element] | None = None  # open floatingText body
        self.page = 0  # last page begun
        self.work_ids = {w.id for w in doc.works}
        self.notes_by_paragraph: dict[str, list[Footnote]] = {}
        for note in doc.footnotes:
            if note.anchor is not None:
                self.notes_by_paragraph.setdefault(note.anchor.paragraph_id, []).append(note)
        self.annexes: dict[str | None, list[Annex]] = {}
        for annex in doc.annexes:
            self.annexes.setdefault(annex.paragraph_id, []).append(annex)
        self.first_lines = {p.number: _first_line(p.text) for p in doc.pages}

    def container(self) -> ET.Element:
        if self.letter is not None:
            return self.letter[1]
        return self.stack[-1][1] if self.stack else self.body

    def _ancestry(self, section_id: str | None) -> list[Section]:
        chain: list[Section] = []
        seen: set[str] = set()
        while section_id is not None and section_id in self.sections and section_id not in seen:
            seen.add(section_id)
            section = self.sections[section_id]
            chain.append(section)
            section_id = section.parent
        return list(reversed(chain))

    def page_breaks_until(self, page: int) -> None:
        while self.page < page:
            self.page += 1
            sub(self.container(), "pb", {"n": str(self.page)})

    def write(self, paragraph: Paragraph) -> None:
        if paragraph.letter_id != (self.letter[0] if self.letter else None):
            self.letter = None
        chain = self._ancestry(paragraph.section_id)
        wanted = [s.id for s in chain]
        while self.stack and (
            len(self.stack) > len(wanted) or self.stack[-1][0] != wanted[len(self.stack) - 1]
        ):
            self.stack.pop()
            self.letter = None
        self.page_breaks_until(paragraph.page)
        for section in chain[len(self.stack) :]:
            div = sub(
                self.container(),
                "div",
                {XML_ID: section_xml_id(section.id), "type": "section", "n": section.number},
            )
            self.stack.append((section.id, div))
        if paragraph.kind == "heading":
            self._inline(sub(self.container(), "head", {XML_ID: paragraph.id}), paragraph)
            return
        if paragraph.letter_id and self.letter is None:
            floating = sub(
                self.container(),
                "floatingText",
                {XML_ID: xml_id("", paragraph.letter_id), "type": "letter"},
            )
            self.letter = (paragraph.letter_id, sub(floating, "body"))
        parent = self.container()
        if paragraph.kind == "quote":
            parent = sub(parent, "quote")
        self._inline(sub(parent, "p", {XML_ID: paragraph.id}), paragraph)

    def _inline(self, node: ET.Element, paragraph: Paragraph) -> None:
        points: list[_Point] = []
        after = 0
        for page in range(paragraph.page + 1, paragraph.page_end + 1):
            offset = break_offset(paragraph, self.first_lines.get(page, ""), after)
            mid_word = 0 < offset < len(paragraph.text) and paragraph.text[offset - 1].isalnum()
            attrs = {"n": str(page), "break": "no" if mid_word else None}
            points.append(_Point(offset, 0, element("pb", attrs)))
            after = offset
        self.page = max(self.page, paragraph.page_end)
        for note in self.notes_by_paragraph.get(paragraph.id, []):
            assert note.anchor is not None
            offset = min(max(note.anchor.offset - paragraph.start, 0), len(paragraph.text))
            points.append(_Point(offset, 1, note_element(note, self.work_ids)))
        spans: list[_Span] = []
        for annex in self.annexes.get(paragraph.id, []):
            start = annex.offset - paragraph.start
            end = start + len(annex.label)
            ref = element("ref", {"type": "annex", "target": f"#{annex.id}"})
            if paragraph.text[start:end] == annex.label:
                spans.append(_Span(start, end, ref))
            else:
                points.append(_Point(max(0, min(start, len(paragraph.text))), 1, ref))
        _fill(node, paragraph.text, 0, len(paragraph.text), points, spans)


def body(doc: Document) -> ET.Element:
    node = element("body")
    writer = _BodyWriter(doc, node)
    for paragraph in doc.paragraphs:
        writer.write(paragraph)
    writer.letter = None
    writer.stack.clear()
    writer.page_breaks_until(max((p.number for p in doc.pages), default=0))
    if not len(node):
        sub(node, "p")  # TEI wants a body with content, even for an empty text
    return node


# --- back matter ------------------------------------------------------------------------------


def bibl_element(work: Work, url: str | None) -> ET.Element:
    """A cited work, field by field, with the fullest form printed in the notes."""
    item = bib_item(work, url)
    node = element("bibl", {XML_ID: work_xml_id(work.id), "type": item.kind})
    parts: list[tuple[str, dict[str, str | None], str | None]] = [
        ("author", {}, name.full) for name in item.authors
    ]
    level = "a" if item.kind == "article" else "m"
    parts += [
        ("title", {"level": level}, item.title),
        ("title", {"level": "j"}, item.journal),
        ("edition", {"n": item.edition}, work.edition),
        ("biblScope", {"unit": "volume", "n": item.volume}, work.volume),
        ("biblScope", {"unit": "issue"}, item.issue),
        ("pubPlace", {}, item.place),
        ("publisher", {}, item.publisher),
        ("date", {"when": item.year}, work.year),
    ]
    first = True
    for tag, attrs, value in parts:
        if not value:
            continue
        if not first:
            append_text(node, ", ")
        sub(node, tag, attrs, value)
        first = False
    if item.printed:
        sub(node, "note", {"type": "printed"}, item.printed)
    if url:
        sub(node, "idno", {"type": "URL"}, url)
    return node


def back(doc: Document, work_url: Callable[[str], str | None]) -> ET.Element | None:
    """Annexes, the cited works and any note that could not be placed at an anchor."""
    node = element("back")
    if doc.annexes:
        div = sub(node, "div", {"type": "annexes"})
        sub(div, "head", text="Ekler")
        listing = sub(div, "list")
        for annex in doc.annexes:
            sub(
                listing,
                "item",
                {
                    XML_ID: xml_id("", annex.id),
                    "n": str(annex.number),
                    "corresp": f"#{annex.letter_id}" if annex.letter_id else None,
                },
                annex.label,
            )
    if doc.works:
        div = sub(node, "div", {"type": "bibliography"})
        listing = sub(div, "listBibl")
        sub(listing, "head", text="Kaynaklar")
        for work in doc.works:
            listing.append(bibl_element(work, work_url(work.id)))
    unplaced: Sequence[Footnote] = [n for n in doc.footnotes if n.anchor is None]
    if unplaced:
        work_ids = {w.id for w in doc.works}
        # Notes whose marker was not found in the text: kept, in printed order.
        holder = sub(sub(node, "div", {"type": "notes"}), "p")
        for note in unplaced:
            holder.append(note_element(note, work_ids))
    return node if len(node) else None
