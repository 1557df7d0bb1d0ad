"""The reading text: printed lines joined the way a reader reads them.

A word hyphenated at a line end is rejoined (``savaş-`` / ``mışlardır`` → ``savaşmışlardır``)
while real hyphens stay: a hyphen inside a line (``Avusturya-Macaristan``, ``Brest- Litovsk``)
is never touched, and one at a line end is kept when the next line starts with a capital or
a digit (``Türk-`` / ``Sovyet``) or with an Ottoman izafet vowel (``Umur-`` / ``u Hariciye``).
Runs of spaces (justified print) become one space. Markdown markup is not part of the words:
a heading's ``#`` marks and paired emphasis on a line (``**kalın**``, ``_eğik_``, ``__x__``)
are dropped, while a lone ``*`` or ``**`` (a footnote star) stays.

Every character of the result remembers the source offset it came from, so a word found
in the reading text can always be shown in the printed original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from archive_api.parsing.layout import Line

# "u Hariciye" after "Umur-": a one-letter izafet suffix, not the rest of a word.
_IZAFET = re.compile(r"[^\W\d_](?:\s|$)")
_WORD = re.compile(r"\S+")
_HEADING_MARKS = re.compile(r"^#{1,6}\s+|\s+#+\s*$")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|_)(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")


_EDITORIAL = re.compile(r"\[[^\[\]\n]{1,80}\]")


def editorial_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the editor's insertions in square brackets (``[Mehmed]``, ``[13]35``,
    ``[imza]``, ``[1b-2a]``): editions print their own additions that way."""
    return [m.span() for m in _EDITORIAL.finditer(text)]


def markup_spans(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` that are Markdown markup: heading marks and emphasis delimiters."""
    spans: list[tuple[int, int]] = []
    if "*" not in line and "_" not in line and not line.startswith("#"):
        return spans
    if line.startswith("#"):
        spans += [m.span() for m in _HEADING_MARKS.finditer(line)]
    for m in _EMPHASIS.finditer(line):
        width = len(m.group(1))
        spans += [(m.start(), m.start() + width), (m.end() - width, m.end())]
    return sorted(spans)


def _without_markup(text: str, start: int) -> tuple[str, Sequence[int]]:
    """``text`` without its markup, and the source offset of each character kept."""
    spans = markup_spans(text)
    if not spans:
        return text, range(start, start + len(text))
    kept: list[str] = []
    origin: list[int] = []
    position = 0
    for left, right in [*spans, (len(text), len(text))]:
        kept.append(text[position:left])
        origin.extend(range(start + position, start + left))
        position = max(position, right)
    return "".join(kept), origin


@dataclass(frozen=True)
class Reading:
    """Text with, for each character, the offset in the source it was read from."""

    text: str
    origin: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets covering ``text[start:end]`` (``end`` exclusive, non-empty span)."""
        return self.origin[start], self.origin[end - 1] + 1

    def without(self, spans: Iterable[tuple[int, int]]) -> Reading:
        """The reading with the characters of ``spans`` removed (spans must not overlap)."""
        keep: list[str] = []
        origin: list[int] = []
        position = 0
        for start, end in sorted(spans):
            keep.append(self.text[position:start])
            origin.extend(self.origin[position:start])
            position = end
        keep.append(self.text[position:])
        origin.extend(self.origin[position:])
        return Reading("".join(keep), tuple(origin))


def shift_after_removal(offset: int, spans: Iterable[tuple[int, int]]) -> int:
    """Where ``offset`` lands once ``spans`` (all before or after it) are removed."""
    return offset - sum(end - start for start, end in spans if end <= offset)


def joins_hyphenated(before: str, after: str) -> bool | None:
    """How a line ending ``before`` meets the next line ``after``.

    ``True``: a word broken at a syllable, drop the hyphen; ``False``: a real hyphen,
    keep it and add no space; ``None``: not a hyphenated break at all.
    """
    if len(before) < 2 or not before.endswith("-") or before[-2].isspace() or not after:
        return None
    return before[-2].isalpha() and after[0].islower() and not _IZAFET.match(after)


def join_lines(lines: Sequence[Line], skip: int = 0) -> Reading:
    """Join the non-blank ``lines`` into one reading; ``skip`` drops the first characters."""
    parts: list[str] = []
    origin: list[int] = []
    for index, line in enumerate(line for line in lines if line.text):
        text, start = line.text, line.start
        if index == 0 and skip:
            text, start = text[skip:], start + skip
        text, offsets = _without_markup(text, start)
        if not text.strip():
            continue
        if parts:
            join = joins_hyphenated(parts[-1][-2:], text.lstrip())
            if join is True:
                parts[-1] = parts[-1][:-1]
                origin.pop()
            elif join is None:
                parts.append(" ")
                origin.append(origin[-1] + 1)
        if "  " not in text and "\t" not in text and text == text.strip():
            parts.append(text)  # single-spaced already: the words and spaces as printed
            origin.extend(offsets)
            continue
        for word in _WORD.finditer(text):
            if word.start() and parts and not parts[-1].endswith(" "):
                parts.append(" ")
                origin.append(offsets[word.start() - 1])
            parts.append(word.group())
            origin.extend(offsets[word.start() : word.end()])
    return Reading("".join(parts), tuple(origin))
