"""Footnote definitions, and the markers in the body that point to them.

Definitions come from the footnote blocks the layout found; their labels were read, or
recovered from the 1..N sequence when the OCR dropped the number (``recovered=True``).

Markers are found afterwards, in the reading text of the paragraphs: walking the notes in
order, the marker of a note is the first glued number (or star) with its label that comes
after the previous marker and no later than the page of the definition. Glued digits that
fit no note (``C.1,1961`` is not even glued; a stray ``madde4`` would be) are left alone.
An anchor's offset is just after the word the marker is glued to (``girdiler`` in
``girdiler2.``, ``toplanacaktır`` in ``toplanacaktır"15.``), so the word always ends there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive_api.models import Footnote, Page
from archive_api.parsing.labels import glued_markers
from archive_api.parsing.layout import NoteDraft
from archive_api.parsing.reading import Reading, join_lines

# The word a marker is glued to, possibly behind a closing quote or bracket.
_WORD_BEFORE = re.compile(r"([^\W_](?:[\w'’-]*[^\W_])?)[\"”’'»)\]]*$")
_WINDOW = 80  # characters looked at before a marker to find its word


@dataclass(frozen=True)
class Marker:
    """A footnote marker in the reading text of one paragraph (before its removal)."""

    label: str
    paragraph: int  # index of the paragraph
    start: int  # span of the marker in that paragraph's reading
    end: int
    word: str
    word_end: int  # offset just after ``word`` in that paragraph's reading


def build_footnotes(source: str, drafts: Sequence[NoteDraft]) -> list[Footnote]:
    """One :class:`Footnote` per definition; ``text`` is the note without its label."""
    notes: list[Footnote] = []
    for draft in drafts:
        printed = source[draft.lines[0].start : draft.lines[-1].end]
        text = join_lines(draft.lines, skip=draft.prefix).text
        notes.append(Footnote(draft.label, text, printed, draft.page, draft.recovered))
    return notes


class PageIndex:
    """Which page a source offset falls on."""

    def __init__(self, pages: Sequence[Page]) -> None:
        self._starts = [page.start for page in pages]
        self._numbers = [page.number for page in pages]

    def page_of(self, offset: int) -> int:
        return self._numbers[max(bisect.bisect_right(self._starts, offset) - 1, 0)]


def find_markers(
    readings: Sequence[Reading], notes: Sequence[Footnote], pages: PageIndex
) -> dict[str, Marker]:
    """The marker of each note that has one, keyed by label."""
    candidates: list[tuple[int, int, int, str]] = [
        (index, start, end, label)
        for index, reading in enumerate(readings)
        for start, end, label in glued_markers(reading.text)
    ]
    found: dict[str, Marker] = {}
    position = 0
    for note in notes:
        for k in range(position, len(candidates)):
            index, start, end, label = candidates[k]
            reading = readings[index]
            if pages.page_of(reading.origin[start]) > note.page:
                break
            window = max(start - _WINDOW, 0)
            word = _WORD_BEFORE.search(reading.text[window:start])
            if label != note.label or word is None or note.label in found:
                continue
            found[note.label] = Marker(
                label, index, start, end, word.group(1), window + word.end(1)
            )
            position = k + 1
            break
    return found
