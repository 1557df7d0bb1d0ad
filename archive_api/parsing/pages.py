"""Where printed pages begin, and the furniture printed on every page.

Texts reach the service in three page conventions, tried in this order:

* form feeds (``pdftotext`` and most PDF extractors): a page ends at each ``\\f``;
* page rules (Markdown made from a PDF): a line of five or more dashes, ``-----``, ends a page;
* the OCR layout of the bundled article: a page begins at a line starting with exactly one
  space. A text with none of these is one page.

Page furniture is what the printer repeats on every page and a reader skips: the printed
page number alone on the first or last line (``12``, ``- 12 -``, ``xiv``, a folio ``3b``), and
a running head (the journal's or the article's title, often with the page number beside it).
A number is taken as the printed page number only when the pages agree on it (their numbers
run with the sequence), so a stray ``I`` of OCR debris is never page "I". A running head is a
first or last line repeated, numbers aside, on several pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from archive_api.parsing.numerals import roman_value
from archive_api.text.turkish import turkish_lower

_ONE_SPACE_START = re.compile(r"^ (?=\S)", re.MULTILINE)
_RULE = re.compile(r"^[ \t]*-{5,}[ \t]*$", re.MULTILINE)
PAGE_RULE = re.compile(r"-{5,}")

# "12", "- 12 -", "— 12 —", "[12]", "(12)", "xiv", "3b"
_LONE_NUMBER = re.compile(r"[-–—(\[]?\s*(?P<n>\d{1,4}[ab]?|[ivxlc]{1,7}|[IVXLC]{1,7})\s*[-–—)\]]?")
# a running head with the page number at either end: "12 BELLETEN", "Türk-Sovyet İlişkileri 13"
_HEAD_NUMBER = re.compile(r"(?:(?P<a>\d{1,4})\s+(?P<t1>\D.*)|(?P<t2>.*\D)\s+(?P<b>\d{1,4}))")
_LISTED = re.compile(r"[\[(]?\d{1,3}[.)\]]")  # "27. Aynı s.": a note or list item, never a head
_MIN_REPEATS = 3  # pages a running head must appear on
_TOLERANCE = 2  # unnumbered plates a numbering may skip without losing the sequence


def page_spans(source: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of each page of ``source``, by the first convention it uses."""
    if "\x0c" in source:
        starts = [0, *(m.end() for m in re.finditer("\x0c", source))]
        if len(starts) > 1 and not source[starts[-1] :].strip():
            starts.pop()  # a form feed closing the last page opens no new one
    elif rules := [m.end() for m in _RULE.finditer(source)]:
        starts = [0, *rules]
        while len(starts) > 1 and not source[starts[-1] :].strip():
            starts.pop()  # rules closing the text open no page
    else:
        starts = [m.start() for m in _ONE_SPACE_START.finditer(source)]
        if not starts or source[: starts[0]].strip():
            starts.insert(0, 0)
        else:
            starts[0] = 0  # blank lines before the first page belong to it
    ends = [*starts[1:], len(source)]
    return list(zip(starts, ends, strict=True))


@dataclass(frozen=True)
class _Candidate:
    """A line at a page edge that may carry the printed page number."""

    page: int  # index of the page in the sequence
    line: int  # index of the line on the page
    label: str  # the number as printed: "12", "xiv", "3b"
    head: str | None  # the running-head text beside the number, folded


@dataclass
class Furniture:
    """What :func:`find_furniture` found: per page, the printed number and lines to skip."""

    printed: list[str | None]
    skip: list[set[int]]  # line indices, per page, that are furniture


def _head_key(text: str) -> str:
    """A running head compared across pages: folded, numbers and spaces squeezed out."""
    return re.sub(r"[\W\d_]+", " ", turkish_lower(text)).strip()


def _edge_lines(lines: Sequence[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line]
    if not filled:
        return []
    return sorted({filled[0], filled[-1]})


def _candidates(pages: Sequence[Sequence[str]]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for p, lines in enumerate(pages):
        for i in _edge_lines(lines):
            text = lines[i]
            if PAGE_RULE.fullmatch(text):
                continue
            if m := _LONE_NUMBER.fullmatch(text):
                found.append(_Candidate(p, i, m.group("n"), None))
            elif (m := _HEAD_NUMBER.fullmatch(text)) and len(text) <= 90:
                label = m.group("a") or m.group("b")
                found.append(_Candidate(p, i, label, _head_key(m.group("t1") or m.group("t2"))))
    return found


def _arabic(label: str) -> int | None:
    return int(label) if label.isdigit() else None


def _numbering(candidates: Sequence[_Candidate], heads: set[str]) -> list[_Candidate]:
    """The candidates whose numbers run with the page sequence (the printed numbering)."""
    usable = [c for c in candidates if c.head is None or c.head in heads]
    arabic = [c for c in usable if _arabic(c.label) is not None]
    offsets = Counter((_arabic(c.label) or 0) - c.page for c in arabic)
    chosen: list[_Candidate] = []
    if offsets:
        best, support = offsets.most_common(1)[0]
        if support >= 2:
            chosen += [
                c for c in arabic if abs((_arabic(c.label) or 0) - c.page - best) <= _TOLERANCE
            ]
    # roman front matter and folios: at least two pages of a consecutive run
    roman = [(c, v) for c in usable if c.label.isalpha() and (v := roman_value(c.label.upper()))]
    for (a, a_value), (b, b_value) in pairwise(roman):
        if b_value - a_value == b.page - a.page:
            chosen += [c for c in (a, b) if c not in chosen]
    folios = [c for c in usable if c.label[-1:] in ("a", "b") and c.label[:-1].isdigit()]
    if len(folios) >= 2:
        chosen += folios
    return chosen


def find_furniture(pages: Sequence[Sequence[str]]) -> Furniture:
    """Printed page numbers and running heads of ``pages`` (each a list of stripped lines)."""
    printed: list[str | None] = [None] * len(pages)
    skip: list[set[int]] = [set() for _ in pages]
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if PAGE_RULE.fullmatch(line):
                skip[p].add(i)
    # running heads: an edge line repeated, numbers aside, on several pages
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = {_head_key(lines[i]) for i in _edge_lines(lines) if not _LISTED.match(lines[i])}
        counts.update(edges - {""})
    repeats = max(_MIN_REPEATS, len(pages) // 5)
    heads = {key for key, n in counts.items() if n >= repeats and len(key) >= 3}
    for p, lines in enumerate(pages):
        for i in _edge_lines(lines):
            if _head_key(lines[i]) in heads:
                skip[p].add(i)
    for candidate in _numbering(_candidates(pages), heads):
        if printed[candidate.page] is None:
            printed[candidate.page] = candidate.label
            skip[candidate.page].add(candidate.line)
    return Furniture(printed, skip)
