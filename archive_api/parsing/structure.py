"""The printed structure of a text: pages, reading text, sections, paragraphs, footnotes.

This is everything that follows from layout alone; dates, citations and letters are read
from it afterwards (see :mod:`archive_api.parsing.document`).

``Structure.text`` is the reading text: the paragraphs joined by a blank line, footnote
blocks and page debris left out, footnote markers removed. Headings are paragraphs too
(``kind="heading"``, the first paragraph of their section), so the reading text reads
like the page. A text without headings has no sections, not an implicit one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from archive_api.models import Anchor, Footnote, Page, Paragraph, Section
from archive_api.parsing.footnotes import Marker, PageIndex, build_footnotes, find_markers
from archive_api.parsing.layout import Line, parse_layout
from archive_api.parsing.normalize import normalize_text
from archive_api.parsing.paragraphs import group_paragraphs, split_blocks
from archive_api.parsing.reading import editorial_spans, join_lines, shift_after_removal
from archive_api.parsing.sections import Heading, build_sections, find_headings

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass
class Structure:
    source: str  # the printed text, normalised (NFC, LF)
    text: str  # the reading text
    pages: list[Page]
    sections: list[Section]
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]
    markers: list[tuple[str, int, int]]  # (label, start, end) of each marker in ``source``


def _printed(source: str, lines: Sequence[Line]) -> str:
    """The paragraph as printed: its lines on each page, pages joined by a line break."""
    parts: list[str] = []
    first = lines[0]
    for previous, line in pairwise(lines):
        if line.page != previous.page:
            parts.append(source[first.start : previous.end])
            first = line
    parts.append(source[first.start : lines[-1].end])
    return "\n".join(parts)


def parse_structure(text: str, source_name: str | None = None) -> Structure:
    """Parse the layout of ``text``; raises ParseError (naming ``source_name``) on bad input."""
    source = normalize_text(text, source_name)
    layout = parse_layout(source)
    drafts = group_paragraphs(layout.body, find_headings(split_blocks(layout.body)))
    for draft in drafts:
        draft.reading = join_lines(draft.lines)
    footnotes = build_footnotes(source, layout.notes)
    markers = find_markers([d.reading for d in drafts], footnotes, PageIndex(layout.pages))
    notes = {note.id: note for note in footnotes}
    by_paragraph: dict[int, list[Marker]] = {}
    for marker in markers.values():
        by_paragraph.setdefault(marker.paragraph, []).append(marker)

    paragraphs: list[Paragraph] = []
    headings: list[tuple[Heading, int]] = []
    offset = 0
    for index, draft in enumerate(drafts):
        spans = [(m.start, m.end) for m in by_paragraph.get(index, [])]
        reading = draft.reading.without(spans)
        paragraph = Paragraph(
            id=f"p{index + 1}",
            section_id=None,
            page=draft.lines[0].page,
            page_end=draft.lines[-1].page,
            text=reading.text,
            printed=_printed(source, draft.lines),
            start=offset,
            end=offset + len(reading.text),
            kind=draft.kind,
            editorial=editorial_spans(reading.text),
        )
        for marker in by_paragraph.get(index, []):
            word_end = offset + shift_after_removal(marker.word_end, spans)
            notes[marker.note].anchor = Anchor(paragraph.id, word_end, marker.word)
        if draft.heading is not None:
            headings.append((draft.heading, index))
        paragraphs.append(paragraph)
        offset = paragraph.end + len(PARAGRAPH_SEPARATOR)

    source_markers: list[tuple[str, int, int]] = []
    for marker in markers.values():
        start, end = drafts[marker.paragraph].reading.source_span(marker.start, marker.end)
        source_markers.append((marker.label, start, end))
    source_markers.sort(key=lambda item: item[1])
    return Structure(
        source=source,
        text=PARAGRAPH_SEPARATOR.join(p.text for p in paragraphs),
        pages=layout.pages,
        sections=build_sections(headings, paragraphs),
        paragraphs=paragraphs,
        footnotes=footnotes,
        markers=source_markers,
    )
