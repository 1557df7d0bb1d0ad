"""``parse_document``: a text (and its metadata) in, a complete :class:`Document` out.

The layout comes first (pages, paragraphs, sections, footnotes); everything else is read
from it: citations from the footnote texts, the bibliography from the citations, letters
and annexes from the paragraphs, dates from the reading text. Pure: no file, no index.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from archive_api.models import DateMention, Document, Metadata, Paragraph
from archive_api.parsing.citations import parse_citations, resolve_works
from archive_api.parsing.dates import find_dates
from archive_api.parsing.letters import extract_letters
from archive_api.parsing.structure import parse_structure


def _paragraph_at(paragraphs: Sequence[Paragraph], starts: list[int], offset: int) -> str | None:
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and offset < paragraphs[index].end:
        return paragraphs[index].id
    return None


def parse_document(doc_id: str, text: str, metadata: Metadata | None = None) -> Document:
    """Parse ``text``; ParseError (naming ``doc_id``) when it is empty or binary."""
    metadata = metadata if metadata is not None else Metadata()
    structure = parse_structure(text, doc_id)
    for note in structure.footnotes:
        note.citations = parse_citations(note.text)
    works = resolve_works([(note.label, note.citations) for note in structure.footnotes])
    letters, annexes = extract_letters(
        structure.text, structure.paragraphs, structure.sections, structure.footnotes, metadata
    )
    starts = [paragraph.start for paragraph in structure.paragraphs]
    dates = [
        DateMention(value, start, end, _paragraph_at(structure.paragraphs, starts, start))
        for start, end, value in find_dates(structure.text)
    ]
    return Document(
        id=doc_id,
        metadata=metadata,
        source=structure.source,
        text=structure.text,
        pages=structure.pages,
        sections=structure.sections,
        paragraphs=structure.paragraphs,
        footnotes=structure.footnotes,
        works=works,
        letters=letters,
        annexes=annexes,
        dates=dates,
    )
