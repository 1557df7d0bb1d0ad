from __future__ import annotations

from pathlib import Path

import pytest

from archive_api.models import Document
from archive_api.search.records import Row, count_types, document_rows, record_id_path
from archive_api.search.schema import TEXT_FIELDS, UNDATED
from archive_api.store import DocumentStore

SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="module")
def seed() -> Document:
    return DocumentStore(Path(__file__).resolve().parents[2] / "documents").load(SEED)


@pytest.fixture(scope="module")
def rows(seed: Document) -> dict[str, Row]:
    return {row["id"]: row for row in document_rows(seed)}


def test_one_row_per_record_and_one_document_row(seed: Document, rows: dict[str, Row]) -> None:
    counts = count_types(rows.values())
    assert counts["document"] == 1
    assert counts["letter"] == len(seed.letters) == 4
    assert counts["annex"] == len(seed.annexes) == 4
    assert counts["footnote"] == len(seed.footnotes) == 41
    assert counts["section"] == len(seed.sections) == 11
    assert counts["work"] == len(seed.works)
    headings = sum(1 for p in seed.paragraphs if p.kind == "heading")
    assert counts["paragraph"] == len(seed.paragraphs) - headings
    assert sum(counts.values()) == len(rows)  # ids are unique


def test_ids_are_url_paths_below_the_document(rows: dict[str, Row]) -> None:
    assert rows[SEED]["type"] == "document"
    note = rows[f"{SEED}/footnotes/31"]
    assert (note["type"], note["record_id"], note["document_id"]) == ("footnote", "31", SEED)
    assert rows[f"{SEED}/annexes/2"]["record_id"] == "2"
    assert rows[f"{SEED}/letters/letter-1"]["type"] == "letter"
    assert f"{SEED}/footnotes/*" in rows
    assert record_id_path(SEED, "paragraph", "p3") == f"{SEED}/paragraphs/p3"


def test_every_analysed_field_is_made_from_the_body(rows: dict[str, Row]) -> None:
    for row in rows.values():
        assert row["body"].strip(), row["id"]
        assert all(row[field] == row["body"] for field in TEXT_FIELDS)


def test_the_document_row_carries_title_and_metadata(rows: dict[str, Row]) -> None:
    row = rows[SEED]
    assert row["title"] == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert "Gümrü Andlaşması" in row["body"]
    assert row["kind"] == "article"
    assert row["sort_date"] == UNDATED and "date_start" not in row  # the seed has no date


def test_letter_rows_hold_text_people_place_and_date(seed: Document, rows: dict[str, Row]) -> None:
    first = rows[f"{SEED}/letters/letter-1"]
    assert "onbin liranın" in first["body"]
    assert "Ankara, 9.5.1336 (1920)" in first["body"]
    assert (first["date_start"], first["date_end"], first["year"]) == (19200509, 19200509, 1920)
    assert first["kind"] == "tahrirat"
    assert "mustafa kemal" in first["sender"]
    assert first["place"] == "ankara"
    assert "9.5.1336 (1920)" in first["title"]
    second = rows[f"{SEED}/letters/letter-2"]
    assert "tchitcherine" in second["sender"].split()
    assert second["date_start"] == 19200603
    fourth = rows[f"{SEED}/letters/letter-4"]
    assert fourth["kind"] == "sifre"
    assert "karabekir" in fourth["recipient"].split()


def test_annex_rows_take_the_date_of_their_letter(seed: Document, rows: dict[str, Row]) -> None:
    for annex in seed.annexes:
        row = rows[f"{SEED}/annexes/{annex.number}"]
        assert row["body"] == annex.label
        assert row["page"] == annex.page
        letter = next(x for x in seed.letters if x.id == annex.letter_id)
        assert letter.date is not None
        assert row["date_start"] == int(letter.date.iso.replace("-", ""))
    assert "Fransızca" in rows[f"{SEED}/annexes/2"]["title"]


def test_footnote_rows_hold_the_note_text_and_page(seed: Document, rows: dict[str, Row]) -> None:
    for note in seed.footnotes:
        row = rows[f"{SEED}/footnotes/{note.label}"]
        assert (row["body"], row["page"]) == (note.text, note.page)
    assert "Atatürk'ün Milli Dış" in rows[f"{SEED}/footnotes/31"]["body"]


def test_work_rows_name_author_and_title(seed: Document, rows: dict[str, Row]) -> None:
    for work in seed.works:
        row = rows[f"{SEED}/works/{work.id}"]
        assert work.title in row["body"]
        if work.author:
            assert work.author in row["body"]
    kurat = [r for r in rows.values() if r["type"] == "work" and "Türkiye ve Rusya" in r["body"]]
    assert len(kurat) == 1
    assert kurat[0]["year"] == 1970


def test_paragraph_rows_keep_their_section_and_page(seed: Document, rows: dict[str, Row]) -> None:
    for paragraph in seed.paragraphs:
        row = rows.get(f"{SEED}/paragraphs/{paragraph.id}")
        if paragraph.kind == "heading":
            assert row is None
            continue
        assert row is not None
        assert (row["body"], row["page"]) == (paragraph.text, paragraph.page)
        assert row["section_id"] == paragraph.section_id
