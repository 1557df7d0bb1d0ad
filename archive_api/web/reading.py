"""The reading view of a document, built from the parsed ``Document`` for the template.

Sections follow each other in document order, each with its paragraphs and then the notes
anchored in them (a reader finds a note close to where it is cited, as on the printed
page). Paragraphs of a letter are grouped into one block that carries the letter's date,
place, people and annex. A paragraph that starts a printed page, or runs onto the next
one, carries the page numbers the margin shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from archive_api.models import Document, Footnote, Letter, Paragraph, Section, Work
from archive_api.web.i18n import Labels
from archive_api.web.inline import Insert, Span, Wrap, render

# Highlights by record: ("paragraph", "p12"), ("footnote", "12"), ("section", "I.B").
Highlights = Mapping[tuple[str, str], list[Span]]


@dataclass
class ParagraphView:
    id: str
    kind: str
    html: Markup
    pages_before: list[int] = field(default_factory=list)  # pages that begin here
    pages_after: list[int] = field(default_factory=list)  # pages that begin inside it
    marked: bool = False


@dataclass
class LetterView:
    id: str
    title: str
    date_original: str | None
    date_iso: str | None
    calendar: str | None
    date_inferred: bool
    place: str | None
    kind: str | None
    reference: str | None
    sender: str | None
    recipient: str | None
    annex: int | None
    footnote: str | None
    paragraphs: list[ParagraphView] = field(default_factory=list)


@dataclass
class Block:
    """One item of a section's flow: a paragraph, or a letter with its paragraphs."""

    paragraph: ParagraphView | None = None
    letter: LetterView | None = None


@dataclass
class WorkLink:
    id: str
    label: str


@dataclass
class NoteView:
    label: str
    id: str
    ref_id: str
    html: Markup
    page: int
    anchored: bool
    recovered: bool
    works: list[WorkLink] = field(default_factory=list)


@dataclass
class SectionView:
    id: str
    anchor: str
    number: str | None
    title: Markup
    level: int
    extra_ids: list[str] = field(default_factory=list)  # heading paragraphs' ids
    pages_before: list[int] = field(default_factory=list)  # pages that begin at the heading
    blocks: list[Block] = field(default_factory=list)
    notes: list[NoteView] = field(default_factory=list)


@dataclass
class TocEntry:
    anchor: str
    label: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class AnnexView:
    number: int
    id: str
    label: str
    description: str
    language: str | None
    form: str | None
    letter_id: str | None
    letter_title: str | None


@dataclass
class WorkView:
    id: str
    anchor: str
    html: Markup
    cited_in: list[str]


@dataclass
class ReadingView:
    id: str
    title: str
    lead: list[Block]  # paragraphs before the first heading
    lead_notes: list[NoteView]
    sections: list[SectionView]
    loose_notes: list[NoteView]  # notes without an anchor in the text
    toc: list[TocEntry]
    pages: list[int]
    annexes: list[AnnexView]
    works: list[WorkView]


_END_A = Markup("</a>")


def section_anchor(section_id: str) -> str:
    return f"sec-{section_id}"


def work_anchor(work_id: str) -> str:
    return f"work-{work_id}"


def note_ref_id(note: Footnote) -> str:
    return "ref-star" if note.label == "*" else f"ref-{note.label}"


def record_label(record_type: str, record_id: str, labels: Labels) -> str:
    """A short name of a record within its document, as the reading view numbers it."""
    if record_type == "paragraph":
        return f"¶{record_id.removeprefix('p')}"
    if record_type == "footnote":
        return labels("note_n", label=record_id)
    if record_type == "annex":
        return f"{labels('annex')} {record_id}"
    if record_type == "section":
        return f"§ {record_id}"
    return ""


def letter_title(letter: Letter) -> str:
    sender = letter.sender.name or letter.sender.role
    recipient = letter.recipient.name or letter.recipient.role or letter.recipient.addressed
    return " → ".join(p for p in (sender, recipient) if p) or letter.id


def build_reading(doc: Document, labels: Labels, highlights: Highlights) -> ReadingView:
    builder = _Builder(doc, labels, highlights)
    return builder.view()


class _Builder:
    def __init__(self, doc: Document, labels: Labels, highlights: Highlights) -> None:
        self.doc = doc
        self.labels = labels
        self.highlights = highlights
        self.letters = {letter.id: letter for letter in doc.letters}
        self.works = {work.id: work for work in doc.works}
        self.notes_by_paragraph: dict[str, list[Footnote]] = {}
        for note in doc.footnotes:
            if note.anchor is not None:
                self.notes_by_paragraph.setdefault(note.anchor.paragraph_id, []).append(note)
        self.page = 0  # the page the text has reached
        self.pages_marked: list[int] = []

    def view(self) -> ReadingView:
        doc = self.doc
        in_sections = {pid for s in doc.sections for pid in s.paragraph_ids}
        lead_paragraphs = [p for p in doc.paragraphs if p.id not in in_sections]
        by_id = {p.id: p for p in doc.paragraphs}
        lead = self._blocks(lead_paragraphs)
        sections = [
            self._section(s, [by_id[pid] for pid in s.paragraph_ids if pid in by_id])
            for s in doc.sections
        ]
        placed = {n.label for s in sections for n in s.notes}
        placed |= {n.label for p in lead_paragraphs for n in self.notes_by_paragraph.get(p.id, [])}
        loose = [self._note(n) for n in doc.footnotes if n.label not in placed]
        lead_notes = [
            self._note(n) for p in lead_paragraphs for n in self.notes_by_paragraph.get(p.id, [])
        ]
        return ReadingView(
            id=doc.id,
            title=doc.title,
            lead=lead,
            lead_notes=lead_notes,
            sections=sections,
            loose_notes=loose,
            toc=self._toc(),
            pages=self.pages_marked,
            annexes=[
                AnnexView(
                    number=a.number,
                    id=a.id,
                    label=a.label,
                    description=a.description,
                    language=a.language,
                    form=a.form,
                    letter_id=a.letter_id,
                    letter_title=(
                        letter_title(self.letters[a.letter_id])
                        if a.letter_id in self.letters
                        else None
                    ),
                )
                for a in doc.annexes
            ],
            works=[self._work(w) for w in doc.works],
        )

    def _section(self, section: Section, paragraphs: list[Paragraph]) -> SectionView:
        headings = [p for p in paragraphs if p.kind == "heading"]
        body = [p for p in paragraphs if p.kind != "heading"]
        pages = [n for heading in headings for n in self._advance(heading.page)]
        title = render(section.title, self.highlights.get(("section", section.id), []))
        return SectionView(
            id=section.id,
            anchor=section_anchor(section.id),
            number=section.number,
            title=title,
            level=min(max(section.level, 1), 4),
            extra_ids=[p.id for p in headings],
            pages_before=pages,
            blocks=self._blocks(body),
            notes=[self._note(n) for p in body for n in self.notes_by_paragraph.get(p.id, [])],
        )

    def _blocks(self, paragraphs: list[Paragraph]) -> list[Block]:
        blocks: list[Block] = []
        for paragraph in paragraphs:
            view = self._paragraph(paragraph)
            letter = self.letters.get(paragraph.letter_id) if paragraph.letter_id else None
            if letter is None:
                blocks.append(Block(paragraph=view))
                continue
            last = blocks[-1].letter if blocks else None
            if last is None or last.id != letter.id:
                last = self._letter(letter)
                blocks.append(Block(letter=last))
            last.paragraphs.append(view)
        return blocks

    def _advance(self, page: int) -> list[int]:
        """Pages from the current one up to ``page`` that have not been marked yet."""
        new = list(range(self.page + 1, page + 1)) if page > self.page else []
        if self.page == 0 and new:
            new = [page]  # the first page need not be 1
        self.page = max(self.page, page)
        self.pages_marked += new
        return new

    def _paragraph(self, paragraph: Paragraph) -> ParagraphView:
        before = self._advance(paragraph.page)
        inserts = [
            Insert(note.anchor.offset - paragraph.start, self._marker(note))
            for note in self.notes_by_paragraph.get(paragraph.id, [])
            if note.anchor is not None
        ]
        wraps = []
        for annex in self.doc.annexes:
            if annex.paragraph_id != paragraph.id:
                continue
            at = annex.offset - paragraph.start
            if paragraph.text[at:].startswith(annex.label):
                link = Markup('<a class="annex-ref" id="{}" href="#annex-{}">')
                wraps.append(
                    Wrap(at, at + len(annex.label), link.format(annex.id, annex.number), _END_A)
                )
            else:  # the reference is not where the parser said: keep its anchor anyway
                inserts.append(Insert(at, Markup('<span id="{}"></span>').format(annex.id)))
        marks = self.highlights.get(("paragraph", paragraph.id), [])
        html = render(paragraph.text, marks, inserts, wraps)
        after = self._advance(paragraph.page_end)
        return ParagraphView(
            id=paragraph.id,
            kind=paragraph.kind,
            html=html,
            pages_before=before,
            pages_after=after,
            marked=bool(marks),
        )

    def _marker(self, note: Footnote) -> Markup:
        return Markup(
            '<a class="noteref" id="{ref}" href="#{target}" aria-label="{name}">'
            "<sup>{label}</sup></a>"
        ).format(
            ref=note_ref_id(note),
            target=note.id,
            name=self.labels("note_n", label=note.label),
            label=note.label,
        )

    def _note(self, note: Footnote) -> NoteView:
        works: list[WorkLink] = []
        for citation in note.citations:
            work = self.works.get(citation.work_id) if citation.work_id else None
            if work is not None and all(w.id != work.id for w in works):
                works.append(WorkLink(work_anchor(work.id), _work_label(work)))
        return NoteView(
            label=note.label,
            id=note.id,
            ref_id=note_ref_id(note),
            html=render(note.text, self.highlights.get(("footnote", note.label), [])),
            page=note.page,
            anchored=note.anchor is not None,
            recovered=note.recovered,
            works=works,
        )

    def _letter(self, letter: Letter) -> LetterView:
        date = letter.date
        return LetterView(
            id=letter.id,
            title=letter_title(letter),
            date_original=date.original if date else None,
            date_iso=date.iso if date else None,
            calendar=date.calendar if date else None,
            date_inferred="date" in letter.inferred,
            place=letter.place,
            kind=letter.kind,
            reference=letter.reference,
            sender=_person(letter.sender.name, letter.sender.role),
            recipient=_person(
                letter.recipient.name, letter.recipient.role or letter.recipient.addressed
            ),
            annex=letter.annex,
            footnote=letter.footnote,
        )

    def _work(self, work: Work) -> WorkView:
        return WorkView(
            id=work.id,
            anchor=work_anchor(work.id),
            html=render(work.text or work.title, self.highlights.get(("work", work.id), [])),
            cited_in=list(work.cited_in),
        )

    def _toc(self) -> list[TocEntry]:
        entries: dict[str, TocEntry] = {}
        roots: list[TocEntry] = []
        for section in self.doc.sections:
            label = f"{section.number}. {section.title}" if section.number else section.title
            entry = TocEntry(section_anchor(section.id), label)
            entries[section.id] = entry
            parent = entries.get(section.parent) if section.parent else None
            (parent.children if parent else roots).append(entry)
        return roots


def _person(name: str | None, role: str | None) -> str | None:
    if name and role:
        return f"{name} ({role})"
    return name or role


def _work_label(work: Work) -> str:
    parts = [work.author, work.title, work.year]
    return ", ".join(p for p in parts if p)
