"""Where a hit's matched words sit in its document's reading text (``Document.text``).

A client shows a document in its reading view and highlights the words a search found
there, so a hit carries the offsets of its matches in ``Document.text``, not in the text
the record was indexed from. The two differ: a letter's indexed text is its heading, body
and closing joined by line breaks while the reading text separates them by blank lines; a
section's indexed text is its title, the reading text also prints its number. Both hold
the same characters apart from whitespace, so the record's lines are located in its span
of the reading text with whitespace ignored, and each match is carried across.

Footnotes, works and a document's metadata are not part of the reading text: their hits
have no offsets there (their snippets still mark the matches).
"""

from __future__ import annotations

from archive_api.models import Document

Span = tuple[int, int]

# An annex label is searched for this far past the offset the parser recorded.
_ANNEX_SLACK = 40


def reading_offsets(
    doc: Document, record_type: str, record_id: str, body: str, spans: list[Span]
) -> list[Span]:
    """``spans`` of ``body`` (the record's indexed text) as offsets in ``doc.text``.

    Spans that cannot be located (a record outside the reading text, text that differs) are
    left out rather than guessed.
    """
    if not spans:
        return []
    region = _region(doc, record_type, record_id, body)
    if region is None:
        return []
    start, end = region
    if doc.text[start:end] == body:
        return [(start + s, start + e) for s, e in spans]
    places = _align(body, doc.text, start, end)
    found: list[Span] = []
    for s, e in spans:
        first, last = places.get(s), places.get(e - 1)
        if first is not None and last is not None and first <= last:
            found.append((first, last + 1))
    return found


def _region(doc: Document, record_type: str, record_id: str, body: str) -> Span | None:
    """The span of ``doc.text`` that holds the record, or None when it holds none of it."""
    if record_type == "paragraph":
        paragraph = next((p for p in doc.paragraphs if p.id == record_id), None)
        return (paragraph.start, paragraph.end) if paragraph else None
    if record_type == "section":
        section = next((s for s in doc.sections if s.id == record_id), None)
        first = section.paragraph_ids[0] if section and section.paragraph_ids else None
        heading = next((p for p in doc.paragraphs if p.id == first), None)
        return (heading.start, heading.end) if heading else None
    if record_type == "letter":
        letter = next((x for x in doc.letters if x.id == record_id), None)
        return (letter.start, letter.end) if letter and letter.end > letter.start else None
    if record_type == "annex":
        annex = next((a for a in doc.annexes if str(a.number) == record_id), None)
        if annex is None:
            return None
        return annex.offset, min(len(doc.text), annex.offset + len(body) + _ANNEX_SLACK)
    return None


def _squeeze(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The characters of ``text[start:end]`` that are not whitespace, and their offsets."""
    positions = [i for i in range(start, end) if not text[i].isspace()]
    return "".join(text[i] for i in positions), positions


def _align(body: str, text: str, start: int, end: int) -> dict[int, int]:
    """Offset in ``text`` of each non-space character of ``body``, line by line, in order."""
    region, region_places = _squeeze(text, start, end)
    places: dict[int, int] = {}
    cursor = 0
    offset = 0
    for line in body.split("\n"):
        chars, line_places = _squeeze(line, 0, len(line))
        found = region.find(chars, cursor) if chars else -1
        if found >= 0:
            for index, place in enumerate(line_places):
                places[offset + place] = region_places[found + index]
            cursor = found + len(chars)
        offset += len(line) + 1
    return places
