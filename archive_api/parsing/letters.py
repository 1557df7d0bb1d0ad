"""Letters transcribed in an article, or a whole document that is a letter.

An article of this genre announces a transcription in its prose (``Yazı aynen şöyledir:``,
``gönderilen yazı şudur:``), usually cites the annexed original (``(Ek: 1 …)``) and a
footnote giving the source, then copies the letter: heading block, body, signature. The
letter ends at its signature, and never runs past a section heading or the next
announcement. An announcement followed by neither a heading block nor a signature is a
quotation, not a letter, and is left alone.

When the letter gives no date or place of its own, the date is taken from the annex label
or the announcing prose and recorded in ``Letter.inferred``; the place is left empty rather
than guessed from where the sender usually sat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive_api.models import (
    Annex,
    DateValue,
    Footnote,
    Letter,
    Metadata,
    Paragraph,
    Person,
    Precision,
    Section,
)
from archive_api.parsing.annexes import ANNEX_REF, find_annexes
from archive_api.parsing.dates import find_dates, parse_date
from archive_api.parsing.letter_collection import collection_letters
from archive_api.parsing.letter_parts import (
    Heading,
    PlaceDate,
    folded,
    is_heading_paragraph,
    is_signature,
    paragraph_lines,
    place_date_of,
    read_heading_paragraph,
    recipient_of,
    sender_of,
)
from archive_api.text.turkish import turkish_lower

# The phrase that hands over to a transcription, at the very end of its paragraph.
_ANNOUNCE = re.compile(
    r"(?:\baynen\s+)?\b(?:şöyledir|şudur|şunlardır|şöyle\s+idi|aşağıdadır|(?<=aynen\s)şöyle)"
    r"\d{0,3}[\s.:;,]*$",
    re.IGNORECASE,
)
_TRAILING_REF = re.compile(r"(?:\(\s*(?:Ek|EK|ek)\b[^()]*\)\d{0,3})[\s.:;,]*$")
# Nouns in the announcing sentence that name the kind of what follows.
# Kinds named in the announcing sentence or the annex label ("telgrafın sureti"), by the
# ASCII-folded opening of the word, with the kind recorded for them.
_NAMED_KINDS = (("telgraf", "telgraf"), ("sifre", "şifre"), ("tezkere", "tezkere"))
# metadata kinds that make the whole document a letter, and the kind the letter gets
_LETTER_KINDS = {
    "letter": "mektup",
    "mektup": "mektup",
    "telegram": "telegram",
    "telgraf": "telegram",
}
_DEFAULT_KIND = "mektup"


def _announcement_offset(paragraph: Paragraph) -> int | None:
    """Offset in the reading text of the announcing phrase closing ``paragraph``, if any."""
    text = paragraph.text.rstrip()
    while True:
        ref = _TRAILING_REF.search(text)
        if ref is None:
            break
        text = text[: ref.start()].rstrip()
    match = _ANNOUNCE.search(text)
    return paragraph.start + match.start() if match else None


def _only_annex_ref(paragraph: Paragraph) -> bool:
    return not ANNEX_REF.sub("", paragraph.text).strip(" \n.,;:0123456789")


@dataclass
class _Parts:
    """Which paragraphs of a letter are heading, body and signature."""

    heading: Heading = field(default_factory=Heading)
    heading_ids: list[int] = field(default_factory=list)
    body_ids: list[int] = field(default_factory=list)
    closing_ids: list[int] = field(default_factory=list)
    # a place and date written under the signature, as many Ottoman letters are dated
    trailer_ids: list[int] = field(default_factory=list)
    trailer: PlaceDate | None = None

    def indices(self) -> list[int]:
        return [*self.heading_ids, *self.body_ids, *self.closing_ids, *self.trailer_ids]

    def closing_lines(self, paragraphs: Sequence[Paragraph]) -> list[str]:
        return [line for i in self.closing_ids for line in paragraph_lines(paragraphs[i])]


def _read_heading(paragraphs: Sequence[Paragraph], start: int, stop: int, parts: _Parts) -> int:
    """Read heading paragraphs from ``start``; return the index of the first body paragraph."""
    index = start
    while index < stop and not parts.heading.complete:
        lines = paragraph_lines(paragraphs[index])
        if lines and not _only_annex_ref(paragraphs[index]):
            if not is_heading_paragraph(lines):
                break
            read_heading_paragraph(parts.heading, lines)
            parts.heading_ids.append(index)
        index += 1
    return index


def _read_trailer(paragraph: Paragraph, index: int, parts: _Parts) -> None:
    """Take a paragraph of one place-and-date line after the signature as the letter's."""
    lines = paragraph_lines(paragraph)
    dated = place_date_of(lines[0]) if len(lines) == 1 else None
    if dated is not None:
        parts.trailer_ids.append(index)
        parts.trailer = dated


def _read_parts(paragraphs: Sequence[Paragraph], start: int, stop: int) -> _Parts:
    """Heading, body and signature of a letter running from ``start`` to at most ``stop``."""
    parts = _Parts()
    index = _read_heading(paragraphs, start, stop, parts)
    while index < stop:
        lines = paragraph_lines(paragraphs[index])
        if not lines:
            index += 1
            continue
        if parts.body_ids and is_signature(lines):
            parts.closing_ids.append(index)
            following = index + 1
            # a role alone, then the name in a paragraph of its own
            if (
                following < stop
                and sender_of(lines).name is None
                and is_signature(paragraph_lines(paragraphs[following]))
            ):
                parts.closing_ids.append(following)
                following += 1
            if following < stop:
                _read_trailer(paragraphs[following], following, parts)
            break
        parts.body_ids.append(index)
        index += 1
    return parts


def _section_end(
    paragraphs: Sequence[Paragraph], section_ids: Sequence[str | None], start: int, stops: set[int]
) -> int:
    """First index after ``start`` that leaves the section or starts another announcement."""
    index = start + 1
    while index < len(paragraphs):
        if (
            section_ids[index] != section_ids[start]
            or paragraphs[index].kind == "heading"
            or index in stops
        ):
            break
        index += 1
    return index


def _source_note(footnotes: Sequence[Footnote], paragraph: Paragraph, offset: int) -> str | None:
    """The footnote whose marker sits on the announcing phrase or the annex reference."""
    marked = [
        note
        for note in footnotes
        if note.anchor is not None
        and note.anchor.paragraph_id == paragraph.id
        and note.anchor.offset >= offset
    ]
    if not marked:
        return None
    return min(marked, key=lambda note: note.anchor.offset if note.anchor else 0).label


def _day_dates(text: str) -> list[DateValue]:
    return [value for _, _, value in find_dates(text) if value.precision == "day"]


def _named_kind(*texts: str) -> str | None:
    """The kind of document the announcing sentence or the annex label names, if any."""
    for text in texts:
        for word in re.findall(r"\w+", text):
            for stem, kind in _NAMED_KINDS:
                if folded(word).startswith(stem):
                    return kind
    return None


def _letter(
    number: int, paragraphs: Sequence[Paragraph], parts: _Parts, inferred: list[str]
) -> Letter:
    chosen = [paragraphs[i] for i in parts.indices()]
    closing = parts.closing_lines(paragraphs)
    heading = parts.heading
    trailer = parts.trailer
    return Letter(
        id=f"letter-{number}",
        date=heading.date or (trailer.date if trailer else None),
        place=heading.place or (trailer.place if trailer else None),
        kind=heading.kind,
        reference=heading.reference,
        sender=sender_of(closing) if closing else Person(),
        recipient=recipient_of(heading.address) if heading.address else Person(),
        text="\n\n".join(paragraphs[i].text for i in parts.body_ids),
        closing="\n".join(closing) or None,
        heading="\n".join(heading.lines),
        page_start=chosen[0].page,
        page_end=max(paragraph.page_end for paragraph in chosen),
        section_id=chosen[0].section_id,
        footnote=None,
        annex=None,
        paragraph_ids=[paragraph.id for paragraph in chosen],
        start=chosen[0].start,
        end=chosen[-1].end,
        inferred=inferred,
    )


def _embedded_letters(
    paragraphs: Sequence[Paragraph],
    section_ids: Sequence[str | None],
    footnotes: Sequence[Footnote],
    annexes: list[Annex],
) -> list[Letter]:
    offsets = {i: _announcement_offset(p) for i, p in enumerate(paragraphs)}
    announced = {i: offset for i, offset in offsets.items() if offset is not None}
    letters: list[Letter] = []
    for index, offset in sorted(announced.items()):
        stop = _section_end(paragraphs, section_ids, index, set(announced))
        parts = _read_parts(paragraphs, index + 1, stop)
        if not parts.body_ids or not (parts.heading.found() or parts.closing_ids):
            continue
        letter = _letter(len(letters) + 1, paragraphs, parts, [])
        letter.section_id = section_ids[parts.indices()[0]]
        announcing = paragraphs[index]
        cited = range(index, min(parts.indices()))
        own = [a for a in annexes if a.paragraph_id in {paragraphs[i].id for i in cited}]
        if own:
            letter.annex = own[0].number
            own[0].letter_id = letter.id
        letter.footnote = _source_note(footnotes, announcing, offset)
        sentence = re.split(r"[.!?]\s", announcing.text[: offset - announcing.start])[-1]
        label = own[0].description if own else ""
        letter.kind = letter.kind or _named_kind(sentence, label) or _DEFAULT_KIND
        if letter.date is None:
            # the annex label ("20 Haziran 1920 tarihli ...") or else the last full date of
            # the announcing prose ("... 20 Haziran 1920'de gönderdiği cevap ...")
            labelled = _day_dates(own[0].description) if own else []
            prose = _day_dates(announcing.text[: offset - announcing.start])
            found = labelled[:1] or prose[-1:]
            if found:
                letter.date = found[0]
                letter.inferred.append("date")
        letters.append(letter)
    return letters


def _precision(iso: str) -> Precision:
    return "year" if len(iso) == 4 else "month" if len(iso) == 7 else "day"


def _metadata_date(metadata: Metadata) -> DateValue | None:
    """The date the metadata gives, keeping the date as written when there is one."""
    written = parse_date(metadata.date_original) if metadata.date_original else None
    if metadata.date is None:
        return written
    if written is not None and written.iso == metadata.date:
        return written
    return DateValue(
        original=metadata.date_original or metadata.date,
        iso=metadata.date,
        calendar=written.calendar if written is not None else "gregorian",
        precision=_precision(metadata.date),
    )


def is_letter_document(metadata: Metadata) -> bool:
    """True when the metadata says the whole document is one letter or telegram."""
    return metadata.kind is not None and turkish_lower(metadata.kind.strip()) in _LETTER_KINDS


def _document_letter(paragraphs: Sequence[Paragraph], metadata: Metadata) -> Letter | None:
    """The letter a letter or telegram document is: metadata first, its own text second."""
    if not paragraphs:
        return None
    parts = _Parts()
    body_start = _read_heading(paragraphs, 0, len(paragraphs), parts)
    if not parts.heading.found():
        parts, body_start = _Parts(), 0
    last = len(paragraphs) - 1
    if last > body_start:
        _read_trailer(paragraphs[last], last, parts)
        last -= len(parts.trailer_ids)
    if last > body_start and is_signature(paragraph_lines(paragraphs[last])):
        parts.closing_ids = [last]
    ends = {*parts.closing_ids, *parts.trailer_ids}
    parts.body_ids = [i for i in range(body_start, len(paragraphs)) if i not in ends]
    if not parts.body_ids:
        parts = _Parts(body_ids=list(range(len(paragraphs))))
    letter = _letter(1, paragraphs, parts, [])
    kind = turkish_lower((metadata.kind or "").strip())
    letter.kind = letter.kind or _LETTER_KINDS.get(kind, _DEFAULT_KIND)
    letter.date = _metadata_date(metadata) or letter.date
    letter.place = metadata.place or letter.place
    letter.sender = Person(
        name=metadata.sender or letter.sender.name,
        role=metadata.sender_role or letter.sender.role,
    )
    letter.recipient = Person(
        name=metadata.recipient or letter.recipient.name,
        role=metadata.recipient_role or letter.recipient.role,
        addressed=letter.recipient.addressed,
    )
    letter.inferred = [
        name for name in ("date", "place", "sender", "recipient") if name in metadata.inferred
    ]
    return letter


def extract_letters(
    text: str,
    paragraphs: Sequence[Paragraph],
    sections: Sequence[Section],
    footnotes: Sequence[Footnote],
    metadata: Metadata,
) -> tuple[list[Letter], list[Annex]]:
    """Letters and annexes of a document; claims each letter's paragraphs for it.

    ``text`` is the reading text the paragraph offsets point into (each paragraph carries its
    own slice of it, which is what is read here); ``sections`` give a paragraph its section
    when the paragraph itself does not say.
    """
    by_paragraph = {pid: section.id for section in sections for pid in section.paragraph_ids}
    section_ids = [p.section_id or by_paragraph.get(p.id) for p in paragraphs]
    annexes = find_annexes(paragraphs, footnotes)
    if is_letter_document(metadata):
        single = _document_letter(paragraphs, metadata)
        letters = [single] if single is not None else []
    else:
        letters = _embedded_letters(paragraphs, section_ids, footnotes, annexes)
        ids = {pid for letter in letters for pid in letter.paragraph_ids}
        taken = {i for i, paragraph in enumerate(paragraphs) if paragraph.id in ids}
        letters += collection_letters(paragraphs, section_ids, taken, len(letters) + 1)
        letters.sort(key=lambda letter: letter.start)
    claimed = {pid: letter.id for letter in letters for pid in letter.paragraph_ids}
    for paragraph in paragraphs:
        if paragraph.id in claimed:
            paragraph.kind = "letter"
            paragraph.letter_id = claimed[paragraph.id]
    return letters, annexes
