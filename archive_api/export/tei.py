"""A document as TEI P5 XML: a header from its metadata, then its text (``tei_text``).

The header says what the metadata file says: title, authors, source, date and place of
writing, language, subject tags and kind. Fields the archive supplied rather than the
source (``Metadata.inferred``) carry ``resp="#archive"`` and are listed in ``notesStmt``.
The transcribed letters are described by one ``correspDesc`` each (a document that is
itself a letter and has no letter record gets one from its metadata), dates written in
the Rumi or Hijri calendar point at a ``calendarDesc`` entry, and ``@when`` always holds
the Gregorian date.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from archive_api.export import tei_text
from archive_api.export.correspondence import from_document, from_letter, full_corresp_desc
from archive_api.export.links import Links
from archive_api.export.teixml import XML_ID, XML_LANG, element, serialize, sub
from archive_api.models import Document

ARCHIVE_RESP = "archive"

CALENDARS = {
    "rumi": "Rumi takvim: Osmanlı mali yılı, 1 Mart'ta başlar; 1917'den sonra gün ve ay "
    "Gregoryen takvimle aynıdır, yıl Gregoryen yıldan 584 (Mart-Aralık) ya da 585 "
    "(Ocak-Şubat) eksiktir.",
    "hijri": "Hicri takvim: ay yılı, Hicret'ten (622) başlar.",
}


def _resp(field: str, inferred: set[str]) -> str | None:
    return f"#{ARCHIVE_RESP}" if field in inferred else None


def _file_desc(doc: Document, links: Links, archive: str) -> ET.Element:
    meta = doc.metadata
    inferred = set(meta.inferred)
    file_desc = element("fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", {"resp": _resp("title", inferred)}, doc.title)
    for author in meta.authors:
        sub(title_stmt, "author", text=author)
    resp_stmt = sub(title_stmt, "respStmt", {XML_ID: ARCHIVE_RESP})
    sub(resp_stmt, "resp", text="Structured and encoded from the OCR text by")
    sub(resp_stmt, "name", text=archive)
    extent = sub(file_desc, "extent")
    sub(extent, "measure", {"unit": "pages", "quantity": str(len(doc.pages))})
    publication = sub(file_desc, "publicationStmt")
    sub(publication, "publisher", text=archive)
    sub(publication, "idno", {"type": "URL"}, links.document(doc.id))
    if inferred or meta.notes:
        notes = sub(file_desc, "notesStmt")
        if inferred:
            sub(
                notes,
                "note",
                {"type": "inferred"},
                "Supplied by the archive, not given by the source: "
                + ", ".join(sorted(inferred))
                + ".",
            )
        if meta.notes:
            sub(notes, "note", {"type": "metadata"}, meta.notes)
    source = sub(sub(file_desc, "sourceDesc"), "bibl")
    for author in meta.authors:
        sub(source, "author", text=author)
    sub(source, "title", {"resp": _resp("title", inferred)}, doc.title)
    if meta.place:
        sub(source, "placeName", {"resp": _resp("place", inferred)}, meta.place)
    if meta.date:
        attrs = {"when": meta.date, "resp": _resp("date", inferred)}
        sub(source, "date", attrs, meta.date_original or meta.date)
    if meta.source:
        sub(source, "note", {"type": "source"}, meta.source)
    return file_desc


def _calendars_used(doc: Document) -> list[str]:
    used = {letter.date.calendar for letter in doc.letters if letter.date is not None}
    return [name for name in CALENDARS if name in used]


def _profile_desc(doc: Document, links: Links) -> ET.Element:
    meta = doc.metadata
    inferred = set(meta.inferred)
    profile = element("profileDesc")
    if meta.date or meta.place:
        creation = sub(profile, "creation")
        if meta.date:
            attrs = {"when": meta.date, "resp": _resp("date", inferred)}
            sub(creation, "date", attrs, meta.date_original or meta.date)
        if meta.place:
            sub(creation, "placeName", {"resp": _resp("place", inferred)}, meta.place)
    if meta.language:
        usage = sub(profile, "langUsage", {"resp": _resp("language", inferred)})
        sub(usage, "language", {"ident": meta.language}, meta.language)
    if meta.tags or meta.kind:
        keywords = sub(sub(profile, "textClass"), "keywords")
        if meta.kind:
            sub(keywords, "term", {"type": "genre", "resp": _resp("kind", inferred)}, meta.kind)
        for tag in meta.tags:
            sub(keywords, "term", {"resp": _resp("tags", inferred)}, tag)
    calendars = _calendars_used(doc)
    if calendars:
        calendar_desc = sub(profile, "calendarDesc")
        for name in calendars:
            calendar = sub(calendar_desc, "calendar", {XML_ID: name})
            sub(calendar, "p", text=CALENDARS[name])
    # A letter document usually has its letter record already (the parser makes one from
    # the metadata); the metadata speaks for it only when it has none.
    as_letter = None if doc.letters else from_document(doc, links.document(doc.id))
    if as_letter is not None:
        profile.append(full_corresp_desc(as_letter, resp=f"#{ARCHIVE_RESP}"))
    for letter in doc.letters:
        url = links.record(doc.id, "letter", letter.id)
        profile.append(full_corresp_desc(from_letter(letter, url), resp=f"#{ARCHIVE_RESP}"))
    return profile


def tei_document(doc: Document, links: Links, archive: str) -> ET.Element:
    """The ``<TEI>`` element of ``doc``; ``archive`` names the service in the header."""
    attrs = {XML_LANG: doc.metadata.language} if doc.metadata.language else {}
    root = element("TEI", attrs)
    header = sub(root, "teiHeader")
    header.append(_file_desc(doc, links, archive))
    profile = _profile_desc(doc, links)
    if len(profile):
        header.append(profile)
    text = sub(root, "text")
    text.append(tei_text.body(doc))
    back = tei_text.back(doc, lambda work_id: links.record(doc.id, "work", work_id))
    if back is not None:
        text.append(back)
    return root


def tei_xml(doc: Document, links: Links, archive: str) -> str:
    """The document as a TEI P5 XML string, UTF-8, with an XML declaration."""
    return serialize(tei_document(doc, links, archive))
