"""The structured model of an archival document.

These dataclasses are the contract between the layers: parsing produces them, the search
layer indexes them, the HTTP layer serialises them. They hold plain data only (no Flask,
no Whoosh) so every layer can be tested on its own.

Offsets are character offsets into ``Document.text`` (the reading text) unless a field
says otherwise; pages are the printed page numbers, counted from 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Calendar = Literal["gregorian", "rumi", "hijri"]
Precision = Literal["day", "month", "year"]
CitationKind = Literal[
    "full",  # a complete reference: author, title, place, year...
    "op_cit",  # "a.g.e." / "a.g.m.": the work last cited by that author
    "ibid",  # "Aynı eser": the work of the previous note
    "ibid_page",  # "Aynı s.": the work and page of the previous note
    "author_short",  # "Atatürk, s.46.": author only, the one work cited by that author
    "title_short",  # "Atatürk'ün Milli Dış..., s.20.": an abbreviated title
]


@dataclass(frozen=True)
class DateValue:
    """A date as written in the text and its normalised Gregorian form."""

    original: str  # exactly as written, e.g. "9.5.1336 (1920)" or "20 Haziran 336"
    iso: str  # Gregorian, ISO 8601 to the precision known: "1920-05-09", "1920-06", "1920"
    calendar: Calendar  # the calendar the date was written in
    precision: Precision = "day"


@dataclass(frozen=True)
class DateMention:
    """A date found anywhere in the reading text."""

    value: DateValue
    start: int  # offset in Document.text
    end: int
    paragraph_id: str | None


@dataclass
class Metadata:
    """What ``documents/<id>.json`` says about a document (all optional)."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # ISO 8601 (Gregorian)
    date_original: str | None = None  # the date as written on the document
    place: str | None = None
    kind: str | None = None  # article, letter, telegram, speech, statement, report...
    language: str | None = None  # BCP 47, e.g. "tr"
    source: str | None = None  # where the text comes from, as a citation
    tags: list[str] = field(default_factory=list)
    # for a letter or telegram document: who wrote it and to whom
    sender: str | None = None
    sender_role: str | None = None
    recipient: str | None = None
    recipient_role: str | None = None
    inferred: list[str] = field(default_factory=list)  # fields not given by the source
    notes: str | None = None  # free remarks on the metadata


@dataclass
class Page:
    number: int
    text: str  # the page exactly as printed (body, footnotes and debris)
    debris: list[str] = field(default_factory=list)  # lines recognised as OCR page debris
    start: int = 0  # offset in Document.source where the page begins
    end: int = 0
    printed: str | None = None  # the number printed on the page ("12", "xiv", "3b"), if any


@dataclass
class Paragraph:
    id: str  # stable: "p1", "p2"... in document order
    section_id: str | None
    page: int  # page on which the paragraph begins
    page_end: int
    text: str  # reading text: hyphenation joined, markers and debris removed
    printed: str  # the lines as printed
    start: int  # offset of ``text`` in Document.text
    end: int
    kind: Literal["prose", "quote", "list_item", "letter", "heading"] = "prose"
    letter_id: str | None = None
    # the editor's insertions in square brackets, as (start, end) offsets in ``text``
    editorial: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Section:
    id: str  # stable: the number with dots ("I.B.a") or a slug of the title ("giris")
    number: str | None  # "I.B.a"; None for unnumbered headings (GİRİŞ, SONUÇ)
    title: str  # wrapped lines joined, as printed otherwise
    level: int  # 1 for GİRİŞ / I. / SONUÇ, 2 for I.A., 3 for I.B.a.
    parent: str | None  # id of the enclosing section
    page_start: int
    page_end: int
    paragraph_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Anchor:
    """Where a footnote marker sits in the body."""

    paragraph_id: str
    offset: int  # offset in Document.text just after the word the marker is glued to
    word: str  # that word, e.g. "girdiler" for the marker in "girdiler2."


@dataclass
class Citation:
    text: str  # the citation as printed in the note
    kind: CitationKind
    author: str | None = None
    title: str | None = None
    place: str | None = None
    year: str | None = None
    volume: str | None = None  # "C.I"
    pages: str | None = None  # "46", "155-156"
    work_id: str | None = None  # the Work it resolves to
    edition: str | None = None  # "11. Baskı"
    publisher: str | None = None  # "Türk Tarih Kurumu Basımevi"
    journal: str | None = None  # for an article: the journal it appeared in ("Belleten")
    issue: str | None = None  # the journal issue ("164" for "No: 164")


@dataclass
class Footnote:
    label: str  # "1".."40", "*"
    text: str  # reading text of the note
    printed: str  # as printed
    page: int
    recovered: bool = False  # True when the label was inferred, not read
    anchor: Anchor | None = None
    citations: list[Citation] = field(default_factory=list)
    # the page a label is counted on when labels repeat (numbering restarts on each page)
    scope: int | None = None

    @property
    def id(self) -> str:
        name = "star" if self.label == "*" else self.label
        return f"note-{name}" if self.scope is None else f"note-{self.scope}-{name}"

    @property
    def key(self) -> str:
        """What names the note in URLs and search records: the label, unless it repeats."""
        return self.label if self.scope is None else self.id.removeprefix("note-")


@dataclass
class Work:
    id: str  # stable slug of author and title
    author: str | None
    title: str
    place: str | None = None
    year: str | None = None
    publisher: str | None = None
    volume: str | None = None
    edition: str | None = None
    text: str = ""  # the fullest citation of it, as printed
    cited_in: list[str] = field(default_factory=list)  # footnote labels, in order
    journal: str | None = None  # for an article: the journal it appeared in
    issue: str | None = None


@dataclass
class Person:
    name: str | None = None
    role: str | None = None
    addressed: str | None = None  # the address lines as written ("...Efendiye")


@dataclass
class Letter:
    id: str  # "letter-1"...
    date: DateValue | None
    place: str | None
    kind: str | None  # "Tahrirat", "Şifre", "mektup", "telegram"...
    reference: str | None  # "U/851"
    sender: Person
    recipient: Person
    text: str  # the body
    closing: str | None  # closing lines: role and signature
    heading: str  # the heading block as printed (place, date, kind, address)
    page_start: int
    page_end: int
    section_id: str | None
    footnote: str | None  # label of the note giving the letter's source
    annex: int | None  # number of its annex
    paragraph_ids: list[str] = field(default_factory=list)
    start: int = 0  # span in Document.text
    end: int = 0
    # fields taken from around the letter, not from the letter itself ("date" when only
    # the announcing prose or the annex label dates it)
    inferred: list[str] = field(default_factory=list)


@dataclass
class Annex:
    id: str  # "ek-1"
    number: int
    label: str  # as printed: "(Ek: 1 Osmanlıca Belge)"
    description: str  # "Osmanlıca Belge"
    language: str | None  # BCP 47: "ota" (Ottoman Turkish), "fr"
    form: str | None  # "original", "draft", "copy"...
    letter_id: str | None
    paragraph_id: str | None  # where it is cited
    page: int
    offset: int  # offset in Document.text of the reference


@dataclass
class Document:
    id: str
    metadata: Metadata
    source: str  # the text as printed (NFC, LF line ends)
    text: str  # the reading text
    pages: list[Page]
    sections: list[Section]
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]
    works: list[Work]
    letters: list[Letter]
    annexes: list[Annex]
    dates: list[DateMention]

    @property
    def title(self) -> str:
        return self.metadata.title or self.id
