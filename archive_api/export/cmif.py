"""Letters as CMIF (Correspondence Metadata Interchange Format), version 2, for correspSearch.

A CMIF file is a TEI document whose header lists letters, one ``correspDesc`` each, and
says where the list comes from: ``publicationStmt`` (publisher, the file's own URL, date and
an open licence, without which correspSearch does not harvest) and ``sourceDesc`` with one
``bibl`` per document the letters are edited in. Each ``correspDesc`` names its ``bibl`` in
``@source`` and the letter's own URL in ``@ref``. The ``<text>`` stays empty, as the format
asks: CMIF carries metadata only.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from archive_api.export.correspondence import cmif_corresp_desc, from_letter
from archive_api.export.links import Links
from archive_api.export.teixml import XML_ID, element, serialize, sub, xml_id
from archive_api.models import Document, Letter

MEDIA_TYPE = "application/tei+xml"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class CmifHeader:
    """What the file says about itself."""

    title: str
    publisher: str
    publisher_url: str
    file_url: str  # where this very list can be fetched again
    date: str  # ISO day the data were last changed (not the day of the request)
    licence_url: str = CC_BY
    licence_text: str = (
        "This file is licensed under the terms of the Creative Commons licence CC BY 4.0."
    )


def source_id(doc_id: str) -> str:
    return xml_id("source", doc_id)


def _source_bibl(doc: Document, links: Links) -> ET.Element:
    bibl = element("bibl", {"type": "online", XML_ID: source_id(doc.id)})
    authors = ", ".join(doc.metadata.authors)
    bibl.text = f"{authors}, {doc.title}. " if authors else f"{doc.title}. "
    url = links.document(doc.id)
    sub(bibl, "ref", {"target": url}, url)
    return bibl


def cmif(letters: Sequence[tuple[Document, Letter]], links: Links, header: CmifHeader) -> str:
    """The CMIF file listing ``letters`` (document and letter pairs), in the order given."""
    root = element("TEI")
    tei_header = sub(root, "teiHeader")
    file_desc = sub(tei_header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", text=header.title)
    sub(title_stmt, "editor", text=header.publisher)
    publication = sub(file_desc, "publicationStmt")
    publisher = sub(publication, "publisher")
    sub(publisher, "ref", {"target": header.publisher_url}, header.publisher)
    sub(publication, "idno", {"type": "url"}, header.file_url)
    sub(publication, "date", {"when": header.date})
    availability = sub(publication, "availability")
    sub(availability, "licence", {"target": header.licence_url}, header.licence_text)
    source_desc = sub(file_desc, "sourceDesc")
    seen: set[str] = set()
    for doc, _ in letters:
        if doc.id not in seen:
            seen.add(doc.id)
            source_desc.append(_source_bibl(doc, links))
    if not seen:
        sub(source_desc, "p", text="No letters match.")
    profile = sub(tei_header, "profileDesc")
    for doc, letter in letters:
        url = links.record(doc.id, "letter", letter.id)
        profile.append(cmif_corresp_desc(from_letter(letter, url), source_id(doc.id)))
    sub(sub(sub(root, "text"), "body"), "p")
    return serialize(root)
