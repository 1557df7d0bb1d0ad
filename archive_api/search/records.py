"""What each record of a Document contributes to the index: one row per record.

A row's ``body`` is the reading text the record is found by, and the four analysed fields
are made from exactly that text, so a snippet cut from the body always holds the match.
Record ids are the path of the record's URL below the API root (``<doc>/footnotes/31``).

Dates, places and people are each record's own where it has them: a letter's, which its
paragraphs and its annex share; a work's year and place of publication. Other records take
their document's (a speech's paragraphs were spoken on the speech's day, at its place, by
its speaker), so ``date_from=1923&q=kadın`` finds the passages. A document without a date
(the seed article) leaves its sections and footnotes undated: a date filter then leaves
them out rather than guessing from the dates they mention.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from archive_api.errors import ParseError
from archive_api.models import Annex, Document, Footnote, Letter, Paragraph, Person, Section, Work
from archive_api.search.schema import (
    TEXT_FIELDS,
    UNDATED,
    filter_key,
    filter_words,
    iso_bounds,
)

Row = dict[str, Any]

COLLECTIONS = {
    "section": "sections",
    "paragraph": "paragraphs",
    "letter": "letters",
    "footnote": "footnotes",
    "work": "works",
    "annex": "annexes",
}


def record_id_path(document_id: str, record_type: str, record_id: str) -> str:
    """The unique index id of a record; a document is its own id."""
    if record_type == "document":
        return document_id
    return f"{document_id}/{COLLECTIONS[record_type]}/{record_id}"


def document_rows(doc: Document) -> list[Row]:
    """Every index row of ``doc``: the document itself first, then its records."""
    ctx = _Context(doc)
    rows = [_document_row(doc)]
    rows += [_section_row(ctx, s) for s in doc.sections]
    rows += [_paragraph_row(ctx, p) for p in doc.paragraphs if p.kind != "heading"]
    rows += [_letter_row(doc, letter) for letter in doc.letters]
    rows += [_footnote_row(ctx, note) for note in doc.footnotes]
    rows += [_work_row(ctx, work) for work in doc.works]
    rows += [_annex_row(ctx, annex) for annex in doc.annexes]
    return rows


class _Context:
    """Lookups by id, built once per document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.paragraphs = {p.id: p for p in doc.paragraphs}
        self.sections = {s.id: s for s in doc.sections}
        self.letters = {x.id: x for x in doc.letters}
        self.footnotes = {n.key: n for n in doc.footnotes}

    def section_of(self, paragraph_id: str | None) -> str | None:
        paragraph = self.paragraphs.get(paragraph_id) if paragraph_id else None
        return paragraph.section_id if paragraph else None

    def page_start(self, page: int) -> int:
        return next((p.start for p in self.doc.paragraphs if p.page == page), 0)

    def circumstances(self, letter: Letter | None = None) -> dict[str, str | None]:
        """Date, place and people of a record: its letter's, else its document's."""
        meta = self.doc.metadata
        if letter is not None:
            return {
                "date": letter.date.iso if letter.date else meta.date,
                "place": letter.place or meta.place,
                "sender": _person(letter.sender) or _lines(meta.sender, meta.sender_role),
                "recipient": _person(letter.recipient)
                or _lines(meta.recipient, meta.recipient_role),
            }
        return {
            "date": meta.date,
            "place": meta.place,
            "sender": _lines(meta.sender, meta.sender_role),
            "recipient": _lines(meta.recipient, meta.recipient_role),
        }


def checked_rows(doc: Document) -> list[Row]:
    """The index rows of one document; two records with one id are a ParseError."""
    rows = document_rows(doc)
    seen: set[str] = set()
    for row in rows:
        record_id = str(row["id"])
        if record_id in seen:
            raise ParseError(f"two records have the id {record_id!r}", doc.id)
        seen.add(record_id)
    return rows


def count_types(rows: Iterable[Row]) -> dict[str, int]:
    return dict(sorted(Counter(str(row["type"]) for row in rows).items()))


def section_title(section: Section) -> str:
    return f"{section.number}. {section.title}" if section.number else section.title


def _row(
    doc: Document,
    record_type: str,
    record_id: str,
    *,
    title: str,
    body: str,
    page: int | None,
    order: int,
    section_id: str | None = None,
    date: str | None = None,
    kind: str | None = None,
    sender: str | None = None,
    recipient: str | None = None,
    place: str | None = None,
) -> Row:
    row: Row = {
        "id": record_id_path(doc.id, record_type, record_id),
        "type": record_type,
        "document_id": doc.id,
        "record_id": record_id,
        "section_id": section_id,
        "title": title,
        "body": body,
        "order": order,
        "sort_date": UNDATED,
    }
    for field in TEXT_FIELDS:
        row[field] = body
    if page is not None:
        row["page"] = page
    bounds = iso_bounds(date) if date else None
    if bounds is not None:
        row["date_start"], row["date_end"] = bounds
        row["sort_date"] = bounds[0]
        row["year"] = bounds[0] // 10000
    if kind:
        row["kind"] = filter_key(kind)
    for name, value in (("sender", sender), ("recipient", recipient), ("place", place)):
        words = filter_words(value) if value else []
        if words:
            row[name] = " ".join(words)
    return row


def _lines(*parts: str | None) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _document_row(doc: Document) -> Row:
    meta = doc.metadata
    body = _lines(
        doc.title,
        ", ".join(meta.authors),
        meta.date_original or meta.date,
        meta.place,
        _lines(meta.sender, meta.sender_role),
        _lines(meta.recipient, meta.recipient_role),
        meta.source,
        ", ".join(meta.tags),
    )
    return _row(
        doc,
        "document",
        doc.id,
        title=doc.title,
        body=body,
        page=doc.pages[0].number if doc.pages else None,
        order=0,
        date=meta.date,
        kind=meta.kind,
        sender=_lines(meta.sender, meta.sender_role),
        recipient=_lines(meta.recipient, meta.recipient_role),
        place=meta.place,
    )


def _section_row(ctx: _Context, section: Section) -> Row:
    first = ctx.paragraphs.get(section.paragraph_ids[0]) if section.paragraph_ids else None
    return _row(
        ctx.doc,
        "section",
        section.id,
        title=section_title(section),
        body=section.title,
        page=section.page_start,
        order=first.start if first else 0,
        section_id=section.id,
        **ctx.circumstances(),
    )


def _paragraph_row(ctx: _Context, paragraph: Paragraph) -> Row:
    section = ctx.sections.get(paragraph.section_id) if paragraph.section_id else None
    letter = ctx.letters.get(paragraph.letter_id) if paragraph.letter_id else None
    return _row(
        ctx.doc,
        "paragraph",
        paragraph.id,
        title=section_title(section) if section else ctx.doc.title,
        body=paragraph.text,
        page=paragraph.page,
        order=paragraph.start,
        section_id=paragraph.section_id,
        kind=paragraph.kind,
        **ctx.circumstances(letter),
    )


def _person(person: Person) -> str:
    return _lines(person.name, person.role, person.addressed)


def letter_title(letter: Letter) -> str:
    """A one-line label: who wrote to whom, where and when, as written."""
    sender = letter.sender.name or letter.sender.role
    recipient = letter.recipient.name or letter.recipient.role or letter.recipient.addressed
    who = " → ".join(part for part in (sender, recipient) if part)
    when = ", ".join(
        part for part in (letter.place, letter.date.original if letter.date else None) if part
    )
    label = " — ".join(part for part in (letter.kind, who, when) if part)
    return label or letter.id


def _letter_row(doc: Document, letter: Letter) -> Row:
    return _row(
        doc,
        "letter",
        letter.id,
        title=letter_title(letter),
        body=_lines(letter.heading, letter.text, letter.closing),
        page=letter.page_start,
        order=letter.start,
        section_id=letter.section_id,
        date=letter.date.iso if letter.date else None,
        kind=letter.kind,
        sender=_person(letter.sender),
        recipient=_person(letter.recipient),
        place=letter.place,
    )


def _footnote_row(ctx: _Context, note: Footnote) -> Row:
    return _row(
        ctx.doc,
        "footnote",
        note.key,
        title=f"Footnote {note.label}",
        body=note.text,
        page=note.page,
        order=note.anchor.offset if note.anchor else ctx.page_start(note.page),
        section_id=ctx.section_of(note.anchor.paragraph_id) if note.anchor else None,
        **ctx.circumstances(),
    )


def _work_row(ctx: _Context, work: Work) -> Row:
    first_note = ctx.footnotes.get(work.cited_in[0]) if work.cited_in else None
    name = ", ".join(part for part in (work.author, work.title) if part)
    return _row(
        ctx.doc,
        "work",
        work.id,
        title=name,
        body=work.text if name and name in work.text else _lines(name, work.text),
        page=first_note.page if first_note else None,
        order=first_note.anchor.offset if first_note and first_note.anchor else 0,
        date=work.year if work.year and work.year.isdigit() else None,
        place=work.place,
    )


def _annex_row(ctx: _Context, annex: Annex) -> Row:
    letter = ctx.letters.get(annex.letter_id) if annex.letter_id else None
    return _row(
        ctx.doc,
        "annex",
        str(annex.number),
        title=f"Ek {annex.number}: {annex.description}" if annex.description else annex.label,
        body=annex.label,
        page=annex.page,
        order=annex.offset,
        section_id=ctx.section_of(annex.paragraph_id),
        kind=annex.form,
        **ctx.circumstances(letter),
    )
