"""Footnote definitions, and the markers in the body that point to them.

Definitions come from the footnote blocks the layout found; their labels were read, or
recovered from the 1..N sequence when the OCR dropped the number (``recovered=True``).

Markers are found afterwards, in the reading text of the paragraphs: walking the notes in
order, the marker of a note is the first candidate with its label that comes after the
previous marker, before the next one and no later than the page of the definition, trying
bracketed and superscript labels first, then glued ones, then weak ones (see
:mod:`archive_api.parsing.labels`). Candidates that fit no note (``C.1,1961`` is not even
one; a stray ``madde4`` or a siglum ``N2`` would be) are left alone. An anchor's offset is
just after the word the marker belongs to (``girdiler`` in ``girdiler2.``, ``toplanacaktır``
in ``toplanacaktır"15.``, ``Cüce`` when a marker opens the paragraph: ``220Cüce``).
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from archive_api.models import Footnote, Page
from archive_api.parsing.labels import glued_markers, is_explicit, weak_markers
from archive_api.parsing.layout import NoteDraft
from archive_api.parsing.reading import Reading, join_lines

# The word a marker is glued to, possibly behind a closing quote or bracket and a comma or
# full stop ("Kolleg,1", "yoktur.[1]"), or one space before a bracketed label ("beyaz [25]").
_WORD_BEFORE = re.compile(r"([^\W_](?:[\w'’-]*[^\W_])?)[\"”’'»)\]]*[.,;:]?[\"”’'»)\]]*\s?$")
_WORD_AFTER = re.compile(r"[^\W\d_][\w'’-]*[^\W_]")
_WINDOW = 80  # characters looked at before a marker to find its word


@dataclass(frozen=True)
class Marker:
    """A footnote marker in the reading text of one paragraph (before its removal)."""

    label: str
    note: str  # id of the note it points to
    paragraph: int  # index of the paragraph
    start: int  # span of the marker in that paragraph's reading
    end: int
    word: str
    word_end: int  # offset just after ``word`` in that paragraph's reading


def build_footnotes(source: str, drafts: Sequence[NoteDraft]) -> list[Footnote]:
    """One :class:`Footnote` per definition; ``text`` is the note without its label.

    A label printed more than once (numbering restarting on each page, a ``*`` on several
    pages) is scoped by its page, so every note keeps an id of its own.
    """
    notes: list[Footnote] = []
    repeated = {label for label, n in Counter(d.label for d in drafts).items() if n > 1}
    for draft in drafts:
        printed = source[draft.lines[0].start : draft.lines[-1].end]
        text = join_lines(draft.lines, skip=draft.prefix).text
        scope = draft.page if draft.label in repeated else None
        notes.append(Footnote(draft.label, text, printed, draft.page, draft.recovered, scope=scope))
    return notes


class PageIndex:
    """Which page a source offset falls on."""

    def __init__(self, pages: Sequence[Page]) -> None:
        self._starts = [page.start for page in pages]
        self._numbers = [page.number for page in pages]

    def page_of(self, offset: int) -> int:
        return self._numbers[max(bisect.bisect_right(self._starts, offset) - 1, 0)]


Candidate = tuple[int, int, int, str]  # paragraph index, start, end, label


def _tiers(readings: Sequence[Reading]) -> list[list[Candidate]]:
    """Marker candidates in the order they are tried: bracketed and superscript labels,
    digits glued to a word, then weak ones."""
    glued = [
        (index, start, end, label)
        for index, reading in enumerate(readings)
        for start, end, label in glued_markers(reading.text)
    ]
    explicit = [c for c in glued if is_explicit(readings[c[0]].text, c[1])]
    weak = [
        (index, start, end, label)
        for index, reading in enumerate(readings)
        for start, end, label in weak_markers(reading.text)
    ]
    return [explicit, glued, weak]


def _limits(notes: Sequence[Footnote], found: dict[str, Marker]) -> list[tuple[int, int]]:
    """For each note, the position of the next note's marker already found (or the end)."""
    limit = (sys.maxsize, 0)
    limits: list[tuple[int, int]] = []
    for note in reversed(notes):
        limits.append(limit)
        if note.id in found:
            limit = (found[note.id].paragraph, found[note.id].start)
    return limits[::-1]


def _anchor(reading: Reading, start: int, end: int) -> tuple[str, int] | None:
    """The word a marker belongs to and the offset just after it."""
    window = max(start - _WINDOW, 0)
    word = _WORD_BEFORE.search(reading.text[window:start])
    if word is not None:
        return word.group(1), window + word.end(1)
    if after := _WORD_AFTER.match(reading.text, end):
        return after.group(), after.end()  # "220Cüce" opening a paragraph
    return None


def find_markers(
    readings: Sequence[Reading], notes: Sequence[Footnote], pages: PageIndex
) -> dict[str, Marker]:
    """The marker of each note that has one, keyed by note id.

    Walking the notes in order, the marker of a note is the first candidate with its label
    after the previous note's marker, before the next one's and no later than the note's
    page. Candidates come in tiers: bracketed and superscript labels first, then digits glued
    to a word, then weak ones (``Kolleg,1``) for notes still without a marker. A note whose
    label repeats in the document (numbering restarted on each page) has its marker on its
    own page.
    """
    found: dict[str, Marker] = {}
    for candidates in _tiers(readings):
        limits = _limits(notes, found)
        position = 0
        for note, limit in zip(notes, limits, strict=True):
            if note.id in found:
                mark = found[note.id]
                position = bisect.bisect_right(
                    candidates, (mark.paragraph, mark.start, mark.end, "\uffff")
                )
                continue
            for k in range(position, len(candidates)):
                index, start, end, label = candidates[k]
                reading = readings[index]
                page = pages.page_of(reading.origin[start])
                if page > note.page or (index, start) >= limit:
                    break
                if label != note.label or (note.scope is not None and page != note.page):
                    continue
                anchor = _anchor(reading, start, end)
                if anchor is None:
                    continue
                found[note.id] = Marker(label, note.id, index, start, end, *anchor)
                position = k + 1
                break
    return found
