"""Dublin Core for DTS: a document's metadata file, and the units of its trees.

DTS ``MetadataObject`` values are kept to the forms the specification allows: plain literals
(dates), lists of URIs or codes (language, type), and lists of ``{"lang", "value"}`` for text.
Text whose language is not known is tagged ``und`` (BCP 47 "undetermined") rather than
guessed; names of people are plain strings as in the specification's examples.
"""

from __future__ import annotations

from typing import Any

from archive_api.dts.trees import Unit
from archive_api.models import Document, Letter

DCMI_TEXT = "http://purl.org/dc/dcmitype/Text"
UNDETERMINED = "und"


def text(value: str, lang: str | None) -> list[dict[str, str]]:
    """A language-tagged literal, the form DTS uses for titles and descriptions."""
    return [{"lang": lang or UNDETERMINED, "value": value}]


def document_dublin_core(doc: Document) -> dict[str, Any]:
    """Title, creators, date, language, subjects, source and identifier of a document.

    Creators are the authors; a letter or telegram without authors is its sender's.
    """
    meta = doc.metadata
    lang = meta.language
    dc: dict[str, Any] = {
        "title": text(doc.title, lang),
        "identifier": [doc.id],
        "type": [DCMI_TEXT],
    }
    creators = list(meta.authors) or ([meta.sender] if meta.sender else [])
    if creators:
        dc["creator"] = creators
    if meta.recipient:
        dc["audience"] = [meta.recipient]
    if meta.date:
        dc["date"] = meta.date
    if lang:
        dc["language"] = [lang]
    if meta.tags:
        dc["subject"] = [tag for t in meta.tags for tag in text(t, lang)]
    if meta.source:
        dc["source"] = text(meta.source, None)
    return dc


def document_description(doc: Document) -> str:
    """One line on what the document is and what it holds, for ``description``."""
    meta = doc.metadata
    facts = [x for x in (meta.kind, meta.place, meta.date_original or meta.date) if x]
    counts = [
        (len(doc.pages), "page"),
        (len(doc.sections), "section"),
        (len(doc.paragraphs), "paragraph"),
        (len(doc.footnotes), "footnote"),
        (len(doc.letters), "letter"),
    ]
    held = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n)
    joined = ", ".join(facts)
    head = joined[:1].upper() + joined[1:] if facts else "Document"
    return f"{head}: {held}." if held else f"{head}."


def unit_dublin_core(doc: Document, unit: Unit) -> dict[str, Any] | None:
    """A section's or letter's title (and a letter's writer and date); nothing for others."""
    lang = doc.metadata.language
    if unit.kind == "section" and unit.title:
        return {"title": text(unit.title, lang)}
    if unit.kind == "letter":
        letter = next((x for x in doc.letters if x.id == unit.record_id), None)
        if letter is not None:
            return _letter(letter, unit.title or letter.id, lang)
    return None


def _letter(letter: Letter, title: str, lang: str | None) -> dict[str, Any]:
    dc: dict[str, Any] = {"title": text(title, lang)}
    sender = letter.sender.name or letter.sender.role
    recipient = letter.recipient.name or letter.recipient.role
    if sender:
        dc["creator"] = [sender]
    if recipient:
        dc["audience"] = [recipient]
    if letter.date:
        dc["date"] = letter.date.iso
    return dc
