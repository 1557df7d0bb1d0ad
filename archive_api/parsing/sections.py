"""Section headings and the outline they form.

A heading is a short block of its own (one to three lines between blank lines or page
breaks). Numbered headings (``I.``, ``I.A.``, ``I.B.a.``) must be well formed, follow the
outline in order (``I.B.a.`` only after ``I.B.``, ``II.`` after ``I.``) and read like a
title (mostly capitalised words); that is what tells the heading ``I. Türk-Sovyet
İlişkilerinin…`` from a paragraph opening with ``I. Dünya Savaşı…``. Unnumbered headings
(``GİRİŞ``, ``SONUÇ``) are single lines in capitals and sit at the first level.

Markdown headings (``#`` … ``######``, from a PDF converter or typed by an editor) are
headings whatever their case; their levels are the ranks of the ``#`` counts the document
uses (``###`` and ``######`` alone become levels 1 and 2), and a deeper one nests under the
last shallower one. Emphasis marks (``**GİRİŞ**``) are read through, so a bold capitalised
line is a heading like a plain one.

A document without headings has no sections: its paragraphs carry ``section_id=None``,
and so do paragraphs before the first heading. Titles keep the printed words (OCR errors
included); only wrapped lines are joined and runs of spaces made single.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive_api.models import Paragraph, Section
from archive_api.parsing.layout import Line
from archive_api.parsing.numerals import roman_value
from archive_api.parsing.reading import join_lines
from archive_api.text.turkish import slugify, turkish_upper

_NUMBER = re.compile(r"([IVXLC]+)\.(?:([A-Z])\.(?:([a-z])\.)?)?(?=\s|$)")
_MARKDOWN = re.compile(r"(#{1,6})\s+\S")
_MAX_LINES = 3
_MAX_CHARS = 250
_TITLE_CASE = 0.6  # share of capitalised words a numbered heading's title must reach


@dataclass(frozen=True)
class Heading:
    number: str | None  # "I.B.a"
    title: str
    level: int
    path: tuple[int, ...]  # outline position: (roman, letter, letter) as ordinals


def _title_like(title: str) -> bool:
    words = [w.lstrip("\"“(«'") for w in title.split()]
    words = [w for w in words if w and w[0].isalpha()]
    if not words or not words[0][0].isupper():
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= _TITLE_CASE


def _next_allowed(path: tuple[int, ...], candidate: tuple[int, ...]) -> bool:
    """Whether ``candidate`` may follow ``path`` in the outline."""
    depth = len(candidate)
    if depth == 1:
        return candidate[0] == (path[0] + 1 if path else 1)
    parent, last = candidate[:-1], candidate[-1]
    if path[: depth - 1] != parent:
        return False
    return last == (path[depth - 1] + 1 if len(path) >= depth else 1)


def _numbered(text: str, path: tuple[int, ...]) -> Heading | None:
    match = _NUMBER.match(text)
    if not match:
        return None
    roman = roman_value(match.group(1))
    if roman is None:
        return None
    letters = [g for g in match.groups()[1:] if g]
    candidate = (roman, *(ord(c.lower()) - ord("a") + 1 for c in letters))
    title = text[match.end() :].strip()
    if not _next_allowed(path, candidate) or not _title_like(title):
        return None
    number = ".".join([match.group(1), *letters])
    return Heading(number, title, len(candidate), candidate)


def _unnumbered(block: Sequence[Line], text: str) -> Heading | None:
    letters = [c for c in text if c.isalpha()]
    if len(block) != 1 or len(letters) < 3 or len(text.split()) > 8:
        return None
    if turkish_upper(text) != text or text.endswith((",", ";")) or roman_value(text):
        return None
    if ":" in text or len(letters) < len(text.replace(" ", "")) / 2:
        return None  # "ISBN: 978-975-…", a colophon line, not a title
    return Heading(None, text, 1, ())


def find_headings(blocks: Sequence[Sequence[Line]]) -> dict[int, Heading]:
    """Headings among ``blocks`` (stand-alone runs of lines), keyed by block index."""
    headings: dict[int, Heading] = {}
    path: tuple[int, ...] = ()
    for index, block in enumerate(blocks):
        lines = [line for line in block if line.text]
        if not lines or len(lines) > _MAX_LINES:
            continue
        if len(lines) > 1 and not _NUMBER.match(lines[0].text):
            continue  # only a numbered heading wraps
        text = join_lines(lines).text
        if len(text) > _MAX_CHARS:
            continue
        marked = _MARKDOWN.match(lines[0].text) if len(lines) == 1 else None
        if marked and text:
            headings[index] = Heading(None, text, len(marked.group(1)), ())
            continue
        heading = _numbered(text, path) or _unnumbered(lines, text)
        if heading is not None:
            headings[index] = heading
            path = heading.path or path
    return _rank_markdown(headings, blocks)


def _rank_markdown(
    headings: dict[int, Heading], blocks: Sequence[Sequence[Line]]
) -> dict[int, Heading]:
    """Markdown levels as ranks of the ``#`` counts used."""
    counts = sorted({h.level for i, h in headings.items() if _is_markdown(blocks[i])})
    rank = {count: position + 1 for position, count in enumerate(counts)}
    return {
        i: Heading(h.number, h.title, rank[h.level], h.path) if _is_markdown(blocks[i]) else h
        for i, h in headings.items()
    }


def _is_markdown(block: Sequence[Line]) -> bool:
    lines = [line for line in block if line.text]
    return len(lines) == 1 and _MARKDOWN.match(lines[0].text) is not None


def build_sections(
    headings: Sequence[tuple[Heading, int]], paragraphs: Sequence[Paragraph]
) -> list[Section]:
    """Sections from ``(heading, index of its paragraph)``; sets ``Paragraph.section_id``.

    A section owns the paragraphs from its heading to the next heading; its page range
    also covers its subsections, so ``I.`` ends where ``I.B.b.`` ends.
    """
    sections: list[Section] = []
    used: set[str] = set()
    open_levels: dict[int, str] = {}  # level -> id of the last unnumbered section at it
    for position, (heading, first) in enumerate(headings):
        last = headings[position + 1][1] if position + 1 < len(headings) else len(paragraphs)
        owned = paragraphs[first:last]
        section_id = heading.number or slugify(heading.title) or "section"
        base, suffix = section_id, 2
        while section_id in used:
            section_id, suffix = f"{base}-{suffix}", suffix + 1
        used.add(section_id)
        parent = heading.number.rsplit(".", 1)[0] if heading.number and heading.level > 1 else None
        if heading.number is None:
            shallower = [level for level in open_levels if level < heading.level]
            parent = open_levels[max(shallower)] if shallower else None
            open_levels = {k: v for k, v in open_levels.items() if k < heading.level}
            open_levels[heading.level] = section_id
        for paragraph in owned:
            paragraph.section_id = section_id
        sections.append(
            Section(
                id=section_id,
                number=heading.number,
                title=heading.title,
                level=heading.level,
                parent=parent,
                page_start=owned[0].page,
                page_end=max(p.page_end for p in owned),
                paragraph_ids=[p.id for p in owned],
            )
        )
    by_id = {section.id: section for section in sections}
    for section in reversed(sections):
        if section.parent in by_id:
            ancestor = by_id[section.parent]
            ancestor.page_end = max(ancestor.page_end, section.page_end)
    return sections
