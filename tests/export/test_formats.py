"""The table of export formats the HTTP layer offers."""

from __future__ import annotations

import jsonschema

from archive_api.export.formats import CSL_SCHEMA, FORMATS


def test_names_media_types_and_extensions() -> None:
    assert list(FORMATS) == ["json", "csv", "jsonl", "tei", "cmif", "csl", "bibtex", "ris"]
    assert all(name == fmt.name for name, fmt in FORMATS.items())
    assert FORMATS["tei"].media_type == FORMATS["cmif"].media_type == "application/tei+xml"
    assert {f.extension for f in FORMATS.values()} == {"json", "csv", "jsonl", "xml", "bib", "ris"}


def test_csl_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(CSL_SCHEMA)
    jsonschema.validate([{"id": "a", "type": "book", "title": "T"}], CSL_SCHEMA)
