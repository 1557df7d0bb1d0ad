"""The export formats by name: what ``?format=`` accepts and the media type each one has.

``binary`` formats are documented as bytes; the others are text. A name and a media type
may be shared by two formats only on different resources (TEI of a document, CMIF of
letters).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from archive_api.export import bibtex, csl, ris, tabular
from archive_api.export.teixml import MEDIA_TYPE as TEI_XML

JSON = "application/json"
# Accepted as synonyms of the JSON Lines type in Accept headers.
JSONL_ALIASES = ("application/x-ndjson", "application/jsonlines")


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str  # of the file name a download is saved under
    description: str
    binary: bool = False
    schema: Mapping[str, Any] | None = None  # of a JSON body; text formats are strings


_NAME = {
    "type": "object",
    "properties": {"family": {"type": "string"}, "given": {"type": "string"}},
}
# The part of the CSL 1.0.2 data schema these exports fill.
CSL_SCHEMA = {
    "type": "array",
    "description": "CSL-JSON items.",
    "items": {
        "type": "object",
        "required": ["id", "type", "title"],
        "properties": {
            "id": {"type": "string"},
            "type": {"type": "string", "enum": ["book", "article-journal"]},
            "title": {"type": "string"},
            "author": {"type": "array", "items": _NAME},
            "issued": {
                "type": "object",
                "properties": {"date-parts": {"type": "array", "items": {"type": "array"}}},
            },
            "container-title": {"type": "string"},
            "publisher": {"type": "string"},
            "publisher-place": {"type": "string"},
            "volume": {"type": "string"},
            "issue": {"type": "string"},
            "edition": {"type": "string"},
            "URL": {"type": "string"},
            "note": {"type": "string"},
        },
    },
}


FORMATS = {
    f.name: f
    for f in (
        Format("json", JSON, "json", "the JSON of this resource (default)"),
        Format(
            "csv", tabular.CSV_MEDIA_TYPE, "csv", "CSV, every item, nested fields as dotted columns"
        ),
        Format("jsonl", tabular.JSONL_MEDIA_TYPE, "jsonl", "JSON Lines, every item, one per line"),
        Format("tei", TEI_XML, "xml", "TEI P5 XML of the whole document"),
        Format("cmif", TEI_XML, "xml", "CMIF (TEI correspDesc list) as correspSearch harvests"),
        Format(
            "csl",
            csl.MEDIA_TYPE,
            "json",
            "CSL-JSON, for Zotero, citeproc, pandoc",
            schema=CSL_SCHEMA,
        ),
        Format("bibtex", bibtex.MEDIA_TYPE, "bib", "BibTeX"),
        Format("ris", ris.MEDIA_TYPE, "ris", "RIS"),
    )
}
