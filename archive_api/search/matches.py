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

What this needs of a document is its ``Reading``: the title, the reading text and the span
of each record in it, worked out once when the document is indexed and kept in the record
store beside the document, so dressing a hit never reads the whole parsed model.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from archive_api.models import Document

Span = tuple[int, int]

_NON_SPACE = re.compile(r"\S+")

# An annex label is searched for this far past the offset the parser recorded.
_ANNEX_SLACK = 40


@dataclass(frozen=True)
class Reading:
    """A document's title, reading text, and the span of that text each record holds
    (by ``"<type>/<record id>"``; records outside the reading text have none)."""

    title: str
    text: str
    regions: dict[str, Span] = field(default_factory=dict)


def reading_of(doc: Document) -> Reading:
    """The ``Reading`` of ``doc``: where its paragraphs, sections (their numbered heading),
    letters and annexes (their label, a little past the offset recorded) stand."""
    regions: dict[str, Span] = {}
    starts = {p.id: (p.start, p.end) for p in doc.paragraphs}
    for paragraph_id, span in starts.items():
        regions[f"paragraph/{paragraph_id}"] = span
    for section in doc.sections:
        heading = starts.get(section.paragraph_ids[0]) if section.paragraph_ids else None
        if heading is not None:
            regions[f"section/{section.id}"] = heading
    for letter in doc.letters:
        if letter.end > letter.start:
            regions[f"letter/{letter.id}"] = (letter.start, letter.end)
    for annex in doc.annexes:
        end = min(len(doc.text), annex.offset + len(annex.label) + _ANNEX_SLACK)
        regions[f"annex/{annex.number}"] = (annex.offset, end)
    return Reading(doc.title, doc.text, regions)


def reading_offsets(
    reading: Reading, record_type: str, record_id: str, body: str, spans: list[Span]
) -> list[Span]:
    """``spans`` of ``body`` (the record's indexed text) as offsets in the reading text.

    Spans that cannot be located (a record outside the reading text, text that differs) are
    left out rather than guessed.
    """
    if not spans:
        return []
    region = reading.regions.get(f"{record_type}/{record_id}")
    if region is None:
        return []
    start, end = region
    if reading.text[start:end] == body:
        return [(start + s, start + e) for s, e in spans]
    place = _align(body, reading.text, start, end)
    found: list[Span] = []
    for s, e in spans:
        first, last = place(s), place(e - 1)
        if first is not None and last is not None and first <= last:
            found.append((first, last + 1))
    return found


class _Squeezed:
    """A text with its whitespace taken out, and where each kept character came from.

    Kept a word at a time (a letter runs to pages; one entry per character would cost a
    Python step per character on every search that finds it).
    """

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        words = list(_NON_SPACE.finditer(text, start, len(text) if end is None else end))
        self.text = "".join(word.group() for word in words)
        self.origins = [word.start() for word in words]  # where each word starts in text
        self.firsts: list[int] = []  # where each word starts in self.text
        self.lengths = [word.end() - word.start() for word in words]
        at = 0
        for length in self.lengths:
            self.firsts.append(at)
            at += length

    def origin(self, index: int) -> int:
        """Offset in the original text of ``self.text[index]``."""
        word = bisect_right(self.firsts, index) - 1
        return self.origins[word] + index - self.firsts[word]

    def index(self, origin: int) -> int | None:
        """Index in ``self.text`` of the original character at ``origin`` (None: a space)."""
        word = bisect_right(self.origins, origin) - 1
        if word < 0 or origin >= self.origins[word] + self.lengths[word]:
            return None
        return self.firsts[word] + origin - self.origins[word]


def _align(body: str, text: str, start: int, end: int) -> Callable[[int], int | None]:
    """Where each non-space character of ``body`` is in ``text[start:end]``, line by line,
    in order: a function of the offset in ``body`` (None when it cannot be placed)."""
    region = _Squeezed(text, start, end)
    line_starts: list[int] = []
    lines: list[tuple[_Squeezed, int]] = []  # each line squeezed, and where it was found
    cursor = 0
    offset = 0
    for line in body.split("\n"):
        squeezed = _Squeezed(line)
        found = region.text.find(squeezed.text, cursor) if squeezed.text else -1
        if found >= 0:
            cursor = found + len(squeezed.text)
        line_starts.append(offset)
        lines.append((squeezed, found))
        offset += len(line) + 1

    def place(at: int) -> int | None:
        number = bisect_right(line_starts, at) - 1
        if number < 0:
            return None
        squeezed, found = lines[number]
        index = squeezed.index(at - line_starts[number]) if found >= 0 else None
        return None if index is None else region.origin(found + index)

    return place
