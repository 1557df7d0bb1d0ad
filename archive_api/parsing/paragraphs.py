"""Body lines grouped into paragraphs.

Blank lines separate paragraphs, but print and OCR blur that: a sentence may run on after a
blank line (``…veçhile Türkiye'nin`` / blank / ``Ermenistan'da…``), a word may be split across
one (``yarar-`` / blank / ``lanmamız``) and a paragraph may go on over a page break
(``…gönderildi7. Yine`` / next page / ``bu arada…``). A paragraph goes on when its last line
breaks a word, or does not end a sentence and either fills the measure or is followed by a
lower-case word. Items of a numbered list printed without blank lines (``1.`` … ``2.`` …)
are split apart. Headings always stand alone.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from archive_api.parsing.labels import glued_markers
from archive_api.parsing.layout import Line
from archive_api.parsing.reading import Reading, joins_hyphenated
from archive_api.parsing.sections import Heading

_TERMINAL = frozenset('.!?:;"”»)…’')
_LIST_ITEM = re.compile(r"(\d{1,2})\.\s+\S")
_FULL_LINE = 0.85  # a line this close to the usual width was cut by the margin
_OPENING_QUOTES = ('"', "“", "«")

Kind = Literal["prose", "quote", "list_item", "letter", "heading"]


@dataclass
class Draft:
    """A paragraph before ids and offsets are known."""

    lines: list[Line]
    heading: Heading | None = None
    kind: Kind = "prose"
    reading: Reading = field(default_factory=lambda: Reading("", ()))


def split_blocks(body: Sequence[Line]) -> list[list[Line]]:
    """Runs of non-blank lines, cut at blank lines and page breaks."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in body:
        if not line.text or (current and line.page != current[-1].page):
            if current:
                blocks.append(current)
            current = []
        if line.text:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _list_number(text: str) -> int | None:
    match = _LIST_ITEM.match(text)
    return int(match.group(1)) if match else None


def _split_list_items(block: list[Line]) -> list[list[Line]]:
    """Cut a block before ``n.`` when the current piece began with ``n-1.``."""
    pieces = [[block[0]]]
    for line in block[1:]:
        previous = _list_number(pieces[-1][0].text)
        number = _list_number(line.text)
        if previous is not None and number == previous + 1:
            pieces.append([line])
        else:
            pieces[-1].append(line)
    return pieces


def _without_end_marker(text: str) -> str:
    for start, end, _ in glued_markers(text):
        if end == len(text):
            return text[:start]
    return text


def continues(before: Line, after: Line, width: float) -> bool:
    """Whether the paragraph ending with ``before`` goes on with ``after`` over a gap."""
    last = _without_end_marker(before.text)
    if joins_hyphenated(last[-2:], after.text) is not None:
        return after.text[0].isalpha()
    if not last or last[-1] in _TERMINAL:
        return False
    return after.text[0].islower() or len(before.text) >= _FULL_LINE * width


def typical_width(body: Sequence[Line]) -> float:
    """The measure of the print: the 90th percentile of line lengths (full lines reach it)."""
    lengths = [len(line.text) for line in body if line.text]
    if len(lengths) < 2:
        return float(max(lengths, default=0))
    return statistics.quantiles(lengths, n=10)[-1]


def group_paragraphs(body: Sequence[Line], headings: dict[int, Heading]) -> list[Draft]:
    """Paragraph drafts in reading order; ``headings`` is keyed by :func:`split_blocks` index."""
    width = typical_width(body)
    drafts: list[Draft] = []
    open_draft: Draft | None = None  # the paragraph a following block may continue
    for index, block in enumerate(split_blocks(body)):
        if index in headings:
            drafts.append(Draft(list(block), headings[index], "heading"))
            open_draft = None
            continue
        for number, piece in enumerate(_split_list_items(block)):
            if number == 0 and open_draft and continues(open_draft.lines[-1], piece[0], width):
                open_draft.lines.extend(piece)
                continue
            open_draft = Draft(list(piece))
            drafts.append(open_draft)
    _mark_kinds(drafts)
    return drafts


def _mark_kinds(drafts: list[Draft]) -> None:
    """List items (a run of ``1.``, ``2.``…) and quotations (also those over several paragraphs)."""
    numbers = [None if d.heading else _list_number(d.lines[0].text) for d in drafts]
    inside_quote = False
    for i, draft in enumerate(drafts):
        if draft.heading:
            inside_quote = False
            continue
        number = numbers[i]
        text = " ".join(line.text for line in draft.lines)
        if number is not None and (
            (i > 0 and numbers[i - 1] == number - 1)
            or (i + 1 < len(numbers) and numbers[i + 1] == number + 1)
        ):
            draft.kind = "list_item"
        elif inside_quote or text.startswith(_OPENING_QUOTES):
            draft.kind = "quote"
        if inside_quote or text.startswith(_OPENING_QUOTES):
            inside_quote = _quote_open(text, inside_quote)


def _quote_open(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after ``text``."""
    straight = text.count('"')
    curly = text.count("“") - text.count("”") + text.count("«") - text.count("»")
    is_open = was_open
    if straight % 2:
        is_open = not is_open
    if curly:
        is_open = curly > 0
    return is_open
