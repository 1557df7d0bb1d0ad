"""Matched words carried from a record's indexed text to the document's reading text."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_api.models import Document
from archive_api.search.matches import reading_of, reading_offsets
from archive_api.search.records import Row, document_rows
from archive_api.store import DocumentStore

SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="module")
def seed() -> Document:
    return DocumentStore(Path(__file__).resolve().parents[2] / "documents").load(SEED)


@pytest.fixture(scope="module")
def rows(seed: Document) -> dict[str, Row]:
    return {row["id"]: row for row in document_rows(seed)}


def _carry(seed: Document, rows: dict[str, Row], path: str, word: str) -> list[str]:
    """Mark every occurrence of ``word`` in the record's body; the words found there."""
    row = rows[f"{SEED}/{path}"]
    body = str(row["body"])
    spans, start = [], body.find(word)
    while start != -1:
        spans.append((start, start + len(word)))
        start = body.find(word, start + 1)
    assert spans, (path, word)
    offsets = reading_offsets(
        reading_of(seed), str(row["type"]), str(row["record_id"]), body, spans
    )
    return [seed.text[s:e] for s, e in offsets]


def test_paragraph_offsets_are_shifted_by_its_start(seed: Document, rows: dict[str, Row]) -> None:
    assert _carry(seed, rows, "paragraphs/p2", "savaşmışlardır") == ["savaşmışlardır"]
    paragraph = next(p for p in seed.paragraphs if p.id == "p2")
    row = rows[f"{SEED}/paragraphs/p2"]
    at = str(row["body"]).index("savaşmışlardır")
    [(start, _)] = reading_offsets(
        reading_of(seed), "paragraph", "p2", str(row["body"]), [(at, at + 3)]
    )
    assert start == paragraph.start + at


def test_letter_parts_are_found_across_blank_lines(seed: Document, rows: dict[str, Row]) -> None:
    # heading, body and closing: joined by line breaks when indexed, by blank lines in the text
    assert _carry(seed, rows, "letters/letter-2", "Tchitcherine") == ["Tchitcherine"]
    assert _carry(seed, rows, "letters/letter-2", "Sovyet") == ["Sovyet"] * 7
    assert _carry(seed, rows, "letters/letter-4", "Karabekir") == ["Karabekir"]


def test_section_titles_are_found_in_their_numbered_heading(
    seed: Document, rows: dict[str, Row]
) -> None:
    section = next(s for s in seed.sections if s.id == "II.A")
    heading = next(p for p in seed.paragraphs if p.id == section.paragraph_ids[0])
    assert heading.text.startswith("II.A. ") and not section.title.startswith("II.A.")
    assert _carry(seed, rows, "sections/II.A", "Çiçerin") == ["Çiçerin"]


def test_annex_labels_are_found_at_their_reference(seed: Document, rows: dict[str, Row]) -> None:
    assert _carry(seed, rows, "annexes/1", "Osmanlıca") == ["Osmanlıca"]


def test_records_outside_the_reading_text_have_no_offsets(
    seed: Document, rows: dict[str, Row]
) -> None:
    assert _carry(seed, rows, "footnotes/23", "Karabekir") == []
    assert _carry(seed, rows, "works/karabekir-istiklal-harbimiz", "Karabekir") == []
    row = rows[SEED]  # the document's own row: its title and metadata
    body = str(row["body"])
    at = body.index("Gümrü")
    assert reading_offsets(reading_of(seed), "document", SEED, body, [(at, at + 5)]) == []


def test_nothing_to_carry(seed: Document) -> None:
    assert reading_offsets(reading_of(seed), "paragraph", "p2", "x", []) == []
    assert reading_offsets(reading_of(seed), "paragraph", "p999", "abc", [(0, 3)]) == []
