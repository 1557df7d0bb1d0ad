"""Pages, page debris, and the split of each page into body lines and a footnote block.

Where pages begin and what furniture (printed numbers, running heads) they carry is decided
in :mod:`archive_api.parsing.pages`. A page's footnote definitions sit at the bottom, after
the body; OCR leaves debris (``I``, ``/``, ``t``, ``. /``, a trailing `` -``) at page ends
and sometimes in the middle of a page.

The footnote block is found by the sequence of note numbers, the strongest clue there is:
a block begins at a line labelled with the next expected number (or, when definitions
were lost, the nearest later one) whose marker appears in the body before it, and every
line after it must either open the following note or continue the current one. Numbered
lists and lines such as ``23 Nisan 1920'de`` in the body fail that test. When the numbering
does not continue, a block numbered from 1 with its markers on the same page is tried:
editions that restart the numbering on each page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from archive_api.models import Page
from archive_api.parsing.labels import NoteStart, glued_markers, note_start, weak_markers
from archive_api.parsing.pages import find_furniture, page_spans

_TRAILING_DASH = re.compile(r"\s+-$")
_MAX_SKIP = 2  # definitions that may be missing (unreadable) inside one block

Marked = Callable[[str], bool]  # whether a label's marker was seen in the body


@dataclass(frozen=True)
class Line:
    """A printed line, stripped; ``start`` is the offset of ``text`` in the source."""

    text: str
    start: int
    page: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class NoteDraft:
    """A footnote definition as laid out: its label and printed lines."""

    label: str
    recovered: bool
    page: int
    prefix: int  # characters of ``lines[0].text`` taken by the label
    lines: list[Line] = field(default_factory=list)


@dataclass
class Layout:
    source: str
    pages: list[Page]
    body: list[Line]  # body lines of every page in order; blank lines have empty text
    notes: list[NoteDraft]


def is_debris(text: str) -> bool:
    """A stripped line that is OCR noise: one stray letter, or 1–3 marks with no letter."""
    if len(text) == 1 and text.isalpha():
        return True
    return 0 < len(text) <= 3 and not any(c.isalnum() for c in text)


def _page_lines(source: str, start: int, end: int, number: int) -> list[Line]:
    lines: list[Line] = []
    offset = start
    for raw in source[start:end].split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        lines.append(Line(stripped, offset + (lead if stripped else 0), number))
        offset += len(raw) + 1
    return lines


def _nonblank(lines: list[Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.text]


def _remove_debris(lines: list[Line], debris: list[str]) -> list[Line]:
    """Blank out debris lines (kept as blank lines so paragraph breaks stay where they were)."""
    filled = _nonblank(lines)
    edges = {filled[0], filled[-1]} if filled else set()
    out: list[Line] = []
    for i, line in enumerate(lines):
        page_number = i in edges and line.text.isdigit() and len(line.text) <= 4
        if line.text and (is_debris(line.text) or page_number):
            debris.append(line.text)
            out.append(Line("", line.start, line.page))
        else:
            out.append(line)
    return out


class _NoteSequence:
    """The state carried from page to page: the next note number and unmatched markers."""

    def __init__(self) -> None:
        self.next: int | None = None
        self.pending: set[str] = set()  # glued labels in body text since the last block


def _labels(text: str) -> set[str]:
    """Labels of every marker candidate of a body line, strong or weak."""
    return {label for _, _, label in (*glued_markers(text), *weak_markers(text))}


def _marker_index(lines: list[Line]) -> dict[str, int]:
    """Each marker label of the page and the index of the first line it is seen on."""
    first: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line.text:
            for label in _labels(line.text):
                first.setdefault(label, index)
    return first


def _start_label(start: NoteStart, expected: int | None) -> tuple[str, bool] | None:
    """The label a note start stands for, and whether it was recovered rather than read."""
    if start.kind == "lost":
        return (str(expected), True) if expected is not None else None
    assert start.label is not None
    return start.label, False


def _line_role(start: NoteStart | None, expected: int | None, has_marker: Marked) -> str:
    """Whether a line inside a block ``"open"``s a note, ``"continue"``s one or ``"reject"``s
    the block (a numbered line out of sequence: a list, not footnotes)."""
    if start is None:
        return "continue"
    if start.kind == "star" or (start.kind == "lost" and expected is not None):
        return "open"
    if start.number is None or expected is None:
        return "continue"
    skip = start.number - expected
    if start.has_period:
        return "open" if 0 <= skip <= _MAX_SKIP else "reject"
    # "16 Gotthard…" lost its period; "164, C.XLI" or "23 Nisan…" may continue a note
    return "open" if skip == 0 and has_marker(str(start.number)) else "continue"


def _parse_block(
    lines: list[Line], first: int, expected: int | None, has_marker: Marked
) -> list[NoteDraft] | None:
    """Read ``lines[first:]`` as consecutive definitions; ``None`` if they do not fit."""
    notes: list[NoteDraft] = []
    for line in lines[first:]:
        if not line.text:
            continue
        start = note_start(line.text)
        role = _line_role(start, expected, has_marker) if notes else "open"
        if role == "reject":
            return None
        if role == "continue":
            notes[-1].lines.append(line)
            continue
        label = _start_label(start, expected) if start is not None else None
        if start is None or label is None:
            return None
        notes.append(NoteDraft(label[0], label[1], line.page, start.width, [line]))
        if label[0].isdigit():
            expected = int(label[0]) + 1
    return notes


def _candidate_key(
    start: NoteStart, expected: int | None, index: int
) -> tuple[int, int, int] | None:
    """Rank of a line as the first of the block (lower is better).

    Numbered lines come before a starred one, then the fewest skipped numbers (a later
    number is allowed so the sequence resumes after unreadable definitions), then the
    line lowest on the page.
    """
    if start.kind == "star":
        return (1, 0, -index)
    if start.kind == "lost":
        return (0, 0, -index) if expected is not None else None
    assert start.number is not None
    skip = start.number - (expected if expected is not None else 0)
    return (0, skip, -index) if skip >= 0 else None


def _split_block(lines: list[Line], seq: _NoteSequence) -> tuple[int, list[NoteDraft], set[str]]:
    """Index where the page's footnote block begins (``len(lines)`` if none), its notes, and
    the marker labels of the body above it.

    The block continues the document's numbering; failing that, numbering restarts at 1 on
    this page (editions that number notes page by page), with markers on this page only.
    """
    seen = _marker_index(lines)
    end = len(lines)

    def on_page(i: int, label: str) -> bool:
        return seen.get(label, end) < i

    found = _find_block(lines, seq.next, lambda i, label: label in seq.pending or on_page(i, label))
    if found is None and seq.next not in (None, 1):
        found = _find_block(lines, 1, on_page)
    first, notes = found if found is not None else (end, [])
    return first, notes, {label for label, i in seen.items() if i < first}


def _find_block(
    lines: list[Line], expected: int | None, seen: Callable[[int, str], bool]
) -> tuple[int, list[NoteDraft]] | None:
    def marker_before(index: int) -> Marked:
        return lambda label: seen(index, label)

    best: tuple[tuple[int, int, int], int, list[NoteDraft]] | None = None
    for i, line in enumerate(lines):
        start = note_start(line.text) if line.text else None
        if start is None:
            continue
        key = _candidate_key(start, expected, i)
        label = _start_label(start, expected)
        if key is None or label is None or not marker_before(i)(label[0]):
            continue
        notes = _parse_block(lines, i, expected, marker_before(i))
        if notes and (best is None or key < best[0]):
            best = (key, i, notes)
    if best is None:
        return None
    _, first, notes = best
    # A starred note may stand just above the numbered one the ranking preferred.
    for k in reversed(_nonblank(lines[:first])):
        start = note_start(lines[k].text)
        if start is None or start.kind != "star" or not marker_before(k)(start.label or ""):
            break
        extended = _parse_block(lines, k, expected, marker_before(k))
        if not extended:
            break
        first, notes = k, extended
    return first, notes


def _advance(seq: _NoteSequence, body_labels: set[str], notes: list[NoteDraft]) -> None:
    numbers = [int(n.label) for n in notes if n.label.isdigit()]
    if numbers:
        seq.next = numbers[-1] + 1
    if notes:
        seq.pending = set()
    seq.pending |= body_labels


def _strip_trailing_dash(body: list[Line], debris: list[str]) -> None:
    """A `` -`` ending the page's last body line is a rule or smudge, not a hyphen."""
    filled = _nonblank(body)
    if not filled:
        return
    last = body[filled[-1]]
    match = _TRAILING_DASH.search(last.text)
    if match:
        debris.append(last.text[match.start() :].strip())
        body[filled[-1]] = Line(last.text[: match.start()], last.start, last.page)


def parse_layout(source: str) -> Layout:
    """Split a normalised text into pages, body lines and footnote definitions."""
    pages: list[Page] = []
    body: list[Line] = []
    notes: list[NoteDraft] = []
    seq = _NoteSequence()
    spans = page_spans(source)
    page_lines = [_page_lines(source, start, end, n) for n, (start, end) in enumerate(spans, 1)]
    furniture = find_furniture([[line.text for line in lines] for lines in page_lines])
    for index, ((start, end), raw) in enumerate(zip(spans, page_lines, strict=True)):
        number = index + 1
        debris: list[str] = []
        skip = furniture.skip[index]
        label = furniture.printed[index]
        lines = [Line("", line.start, number) if i in skip else line for i, line in enumerate(raw)]
        debris.extend(raw[i].text for i in sorted(skip) if raw[i].text != label)
        lines = _remove_debris(lines, debris)
        first, page_notes, body_labels = _split_block(lines, seq)
        page_body = lines[:first]
        _strip_trailing_dash(page_body, debris)
        _advance(seq, body_labels, page_notes)
        body.extend(page_body)
        notes.extend(page_notes)
        text = source[start:end].rstrip("\x0c")
        pages.append(Page(number, text, debris, start, start + len(text), printed=label))
    return Layout(source, pages, body, notes)
