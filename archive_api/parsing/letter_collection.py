"""Letters of a collection: documents printed one after another, with no announcing prose.

An edition of telegrams and letters prints each document the same way: a dateline
(``Erzurum, 8 Temmuz 1335 [8 Temmuz 1919]``, ``Ankara, 9.5.1336``), often a number or kind
line (``No: 12``, ``Şifre``), an address in the dative (``Harbiye Nezaretine,``, or recipients
and kind on one line: ``… Vilayetleriyle Kolordulara şifre telgrafname,``), the body, and a
signature (``[imza] Dahiliye Nazırı [Mehmed] Adil``, a role line over a name line, or a name).

A dateline naming a place opens a document, which runs to the next such dateline or the end
of the section. It is a letter when it also has an address or a signature; what follows its
signature (an editor's remark) stays outside it. Square brackets are the editor's: they stay
in the text, and names and roles are read through them (``[Mehmed] Adil`` → ``Mehmed Adil``);
``[imza]`` (signature) only marks where the signature stands. Each paragraph is looked at a
bounded number of times, so a collection of thousands of documents is read in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from archive_api.models import Letter, Paragraph, Person
from archive_api.parsing.letter_parts import (
    Heading,
    folded,
    is_address_line,
    is_heading_paragraph,
    is_signature,
    paragraph_lines,
    place_date_of,
    read_heading_paragraph,
    recipient_of,
    sender_of,
    split_role_name,
    squash,
)

_SIGNATURE_MARK = re.compile(r"\[\s*(?:imza|mühür|imza ve mühür)\s*\]\s*", re.IGNORECASE)
_EDITORIAL = re.compile(r"[\[\]]")
# kinds named in an address line ("… Kolordulara şifre telgrafname"), by folded word start
_KIND_STEMS = (
    ("sifre", "şifre"),
    ("telgraf", "telgraf"),
    ("tezkire", "tezkire"),
    ("tezkere", "tezkire"),
    ("arz", "arz"),
    ("mektup", "mektup"),
    ("tahrirat", "tahrirat"),
    ("tamim", "tamim"),
)
_MAX_HEADING_PARAGRAPHS = 4
_ON_BEHALF = frozenset({"namina", "adina", "vekaleten", "vekili"})
# a capitalised word in the dative, singular or plural: "Kolordulara", "Vilayetlere"
_DATIVE = re.compile(r"(?:lar|ler)?(?:ya|ye|na|ne|a|e)$")


def read_through(line: str) -> str:
    """A line with the editor's brackets and signature marks read through."""
    return squash(_EDITORIAL.sub("", _SIGNATURE_MARK.sub("", line)))


def _kind_word(word: str) -> str | None:
    base = folded(word).strip(",.;:")
    return next((kind for stem, kind in _KIND_STEMS if base.startswith(stem)), None)


def addressed_kind(line: str) -> tuple[list[str], str] | None:
    """Recipients and kind of an address line that names both (``… Kolordulara şifre
    telgrafname,``): the words before the first kind word, and that kind."""
    words = line.split()
    for index, word in enumerate(words):
        kind = _kind_word(word)
        if kind is not None:
            before = words[index - 1].strip(",") if index else ""
            if before[:1].isupper() and (is_address_line(before) or _DATIVE.search(folded(before))):
                return words[:index], kind
            return None
    return None


def _opens(paragraph: Paragraph) -> bool:
    """Whether a paragraph's first lines are a dateline that names a place."""
    head = paragraph.text[:120]
    if not any(char.isdigit() for char in head):
        return False  # no date in reach: the cheap test that keeps prose fast
    lines = paragraph_lines(paragraph)
    if not lines or not is_heading_paragraph([read_through(line) for line in lines[:5]]):
        return False
    for line in lines[:2]:
        dated = place_date_of(line)
        if dated is not None and dated.place is not None:
            return True
    return False


def _signature(paragraph: Paragraph) -> list[str] | None:
    """Signature lines, or None. One line may hold a long role and the name
    (``[imza] On Beşinci Kolordu Kumandanı Kâzım Karabekir``)."""
    lines = [read_through(line) for line in paragraph_lines(paragraph)]
    lines = [line for line in lines if line]
    if lines and is_signature(lines):
        return lines
    if len(lines) != 1 or lines[0][-1] in ".:;!?" or len(lines[0].split()) > 9:
        return None
    words = lines[0].split()
    role, name = split_role_name(words)
    capitalised = all(word[:1].isupper() or word[:1].isdigit() for word in words)
    return lines if capitalised and role and name and len(name.split()) <= 4 else None


def _heading(
    paragraphs: Sequence[Paragraph], start: int, stop: int
) -> tuple[Heading, int, str | None]:
    """Heading of the document at ``start``: what it says, where the body begins, the kind an
    address line named."""
    heading = Heading()
    kind: str | None = None
    index = start
    while index < min(stop, start + _MAX_HEADING_PARAGRAPHS) and not heading.complete:
        lines = paragraph_lines(paragraphs[index])
        if index > start and not is_heading_paragraph(lines):
            named = addressed_kind(lines[0]) if len(lines) == 1 else None
            if named is None:
                break
        for line in lines:
            named = addressed_kind(line)
            if named is not None and not heading.complete:
                heading.address = [*heading.address, " ".join(named[0])]
                heading.lines.append(line)
                heading.complete = True
                kind = named[1]
            else:
                read_heading_paragraph(heading, [line])
        index += 1
    return heading, index, kind


def _role_lines(paragraph: Paragraph) -> list[str] | None:
    """A role standing over the name in a paragraph of its own (``Heyet-i Temsiliye namına``,
    ``Kolordu Kumandanı``)."""
    lines = [read_through(line) for line in paragraph_lines(paragraph)]
    if len(lines) != 1 or len(lines[0].split()) > 6 or lines[0][-1] in ".:;!?":
        return None
    words = lines[0].split()
    on_behalf = folded(words[-1]) in _ON_BEHALF
    role, name = split_role_name(words)
    return lines if words[0][:1].isupper() and (on_behalf or (role and not name)) else None


def _closing(
    paragraphs: Sequence[Paragraph], body_start: int, stop: int
) -> tuple[int, int, list[str]] | None:
    """The signature: its first and past-last paragraph and its lines. It is the last
    signature-shaped paragraph after at least one body paragraph, with the role paragraph
    just above it when the role and the name stand apart."""
    for index in range(stop - 1, body_start, -1):
        lines = _signature(paragraphs[index])
        if lines is None:
            continue
        above = _role_lines(paragraphs[index - 1]) if index - 1 > body_start else None
        if above is not None and len(lines) == 1:
            return index - 1, index + 1, [*above, *lines]
        return index, index + 1, lines
    return None


def collection_letters(
    paragraphs: Sequence[Paragraph],
    section_ids: Sequence[str | None],
    claimed: set[int],
    first_number: int,
) -> list[Letter]:
    """The letters of a collection among the paragraphs not ``claimed`` by another letter."""
    starts = [
        i
        for i, p in enumerate(paragraphs)
        if i not in claimed and p.kind != "heading" and _opens(p)
    ]
    letters: list[Letter] = []
    for position, start in enumerate(starts):
        stop = starts[position + 1] if position + 1 < len(starts) else len(paragraphs)
        for index in range(start + 1, stop):
            if (
                index in claimed
                or paragraphs[index].kind == "heading"
                or section_ids[index] != section_ids[start]
            ):
                stop = index
                break
        heading, body_start, kind = _heading(paragraphs, start, stop)
        closing = _closing(paragraphs, body_start, stop)
        if body_start >= stop or not (heading.address or closing):
            continue
        body_end, end = (closing[0], closing[1]) if closing else (stop, stop)
        chosen = paragraphs[start:end]
        body = paragraphs[body_start:body_end]
        if not body:
            continue
        letters.append(
            Letter(
                id=f"letter-{first_number + len(letters)}",
                date=heading.date,
                place=heading.place,
                kind=heading.kind or kind,
                reference=heading.reference,
                sender=sender_of(closing[2]) if closing else Person(),
                recipient=recipient_of(heading.address) if heading.address else Person(),
                text="\n\n".join(p.text for p in body),
                closing="\n".join(closing[2]) if closing else None,
                heading="\n".join(heading.lines),
                page_start=chosen[0].page,
                page_end=max(p.page_end for p in chosen),
                section_id=section_ids[start],
                footnote=None,
                annex=None,
                paragraph_ids=[p.id for p in chosen],
                start=chosen[0].start,
                end=chosen[-1].end,
            )
        )
    return letters
