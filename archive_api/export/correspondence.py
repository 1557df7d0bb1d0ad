"""``<correspDesc>`` for a letter: who sent it, from where and when, and to whom.

Two forms: the full one of a document's TEI header (names with their roles, the address as
written, the date as written with its calendar, links to the letter's annex and source
note) and the reduced one of CMIF, which correspSearch harvests: plain names, place, and a
date given only by its ``@when`` attribute. In both, ``@when`` holds the Gregorian date to
the precision known; a date taken from around the letter rather than from the letter is
marked ``cert="medium"``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from archive_api.export.teixml import element, sub, xml_id
from archive_api.models import DateValue, Document, Letter, Person

UNKNOWN = "Unknown"  # the name CMIF asks for when a correspondent is not known


@dataclass(frozen=True)
class Correspondence:
    """One letter, wherever it comes from: a transcription inside a document, or a
    document that is itself a letter (its metadata names sender and recipient)."""

    key: str  # unique within the export: "letter-1", or the document id
    sender: Person
    recipient: Person
    place: str | None
    date: DateValue | None
    date_inferred: bool
    url: str | None
    target: str | None  # xml:id of the letter's text in the same TEI file
    annex_id: str | None = None
    annex_label: str | None = None
    note_id: str | None = None
    note_label: str | None = None


def from_letter(letter: Letter, url: str | None) -> Correspondence:
    return Correspondence(
        key=letter.id,
        sender=letter.sender,
        recipient=letter.recipient,
        place=letter.place,
        date=letter.date,
        date_inferred="date" in letter.inferred,
        url=url,
        target=letter.id,
        annex_id=f"ek-{letter.annex}" if letter.annex is not None else None,
        annex_label=f"Ek {letter.annex}" if letter.annex is not None else None,
        note_id=("note-star" if letter.footnote == "*" else f"note-{letter.footnote}")
        if letter.footnote
        else None,
        note_label=letter.footnote,
    )


def from_document(doc: Document, url: str | None) -> Correspondence | None:
    """The document as one letter, when its metadata says it is a letter or telegram."""
    meta = doc.metadata
    if not (meta.sender or meta.recipient):
        return None
    date = (
        DateValue(original=meta.date_original or meta.date, iso=meta.date, calendar="gregorian")
        if meta.date
        else None
    )
    return Correspondence(
        key=doc.id,
        sender=Person(name=meta.sender, role=meta.sender_role),
        recipient=Person(name=meta.recipient, role=meta.recipient_role),
        place=meta.place,
        date=date,
        date_inferred="date" in meta.inferred,
        url=url,
        target=None,
    )


def display_name(person: Person) -> str:
    """The name CMIF shows: the name, else the role, else the address, else ``Unknown``."""
    return person.name or person.role or person.addressed or UNKNOWN


def _date_attrs(value: DateValue, inferred: bool, *, with_calendar: bool) -> dict[str, str | None]:
    attrs: dict[str, str | None] = {"when": value.iso, "cert": "medium" if inferred else None}
    if with_calendar and value.calendar != "gregorian":
        attrs["calendar"] = f"#{value.calendar}"
    return attrs


def _full_person(action: ET.Element, person: Person) -> None:
    name = sub(action, "persName")
    if person.name:
        name.text = person.name + (", " if person.role else "")
    elif not person.role:
        name.text = UNKNOWN
    if person.role:
        sub(name, "roleName", text=person.role)
    if person.addressed:
        address = sub(action, "address")
        sub(address, "addrLine", text=person.addressed)


def full_corresp_desc(item: Correspondence, *, resp: str | None = None) -> ET.Element:
    """The TEI header's form; ``resp`` points at who supplied inferred values."""
    desc = element(
        "correspDesc",
        {
            "{http://www.w3.org/XML/1998/namespace}id": xml_id("corresp", item.key),
            "ref": item.url,
            "corresp": f"#{item.target}" if item.target else None,
        },
    )
    sent = sub(desc, "correspAction", {"type": "sent"})
    _full_person(sent, item.sender)
    if item.place:
        sub(sent, "placeName", text=item.place)
    if item.date is not None:
        attrs = _date_attrs(item.date, item.date_inferred, with_calendar=True)
        if item.date_inferred:
            attrs["resp"] = resp
        sub(sent, "date", attrs, item.date.original)
    received = sub(desc, "correspAction", {"type": "received"})
    _full_person(received, item.recipient)
    if item.annex_id:
        note = sub(desc, "note", {"type": "annex"})
        sub(note, "ref", {"target": f"#{item.annex_id}"}, item.annex_label)
    if item.note_id:
        note = sub(desc, "note", {"type": "source"})
        sub(note, "ref", {"target": f"#{item.note_id}"}, item.note_label)
    return desc


def cmif_corresp_desc(item: Correspondence, source_id: str) -> ET.Element:
    """The CMIF form: ``@ref`` the letter's URL, ``@source`` the bibl it is edited in."""
    desc = element("correspDesc", {"ref": item.url, "source": f"#{source_id}"})
    sent = sub(desc, "correspAction", {"type": "sent"})
    sub(sent, "persName", text=display_name(item.sender))
    if item.place:
        sub(sent, "placeName", text=item.place)
    if item.date is not None:
        sub(sent, "date", _date_attrs(item.date, item.date_inferred, with_calendar=False))
    received = sub(desc, "correspAction", {"type": "received"})
    sub(received, "persName", text=display_name(item.recipient))
    return desc
