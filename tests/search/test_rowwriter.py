"""The fast row writer writes the index Whoosh's own ``add_document`` path writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.index import create_in
from whoosh.writing import SegmentWriter

from archive_api.search.records import Row, document_rows
from archive_api.search.rowwriter import RowWriter, add_rows, fast_forms
from archive_api.search.schema import TEXT_FIELDS, build_schema
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
ATATURK = ("atam-c1-1911-001", "atam-c1-1920-002", "atam-c1-1919-004")


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[Row]:
    """The seed's rows and those of three Atatürk texts."""
    folder = tmp_path_factory.mktemp("docs")
    for source in [REPO / "documents", REPO / "corpora" / "ataturk"]:
        for path in source.iterdir():
            if path.stem in ATATURK or source.name == "documents":
                (folder / path.name).write_bytes(path.read_bytes())
    documents = DocumentStore(folder).load_all()
    return [row for doc in documents for row in document_rows(doc)]


def _whoosh_index(folder: Path, rows: list[Row]) -> Any:
    index = create_in(str(folder), build_schema())
    writer = index.writer()
    for row in rows:
        writer.add_document(**{key: value for key, value in row.items() if value is not None})
    writer.commit()
    return index


def _fast_index(folder: Path, rows: list[Row]) -> Any:
    index = create_in(str(folder), build_schema())
    writer = RowWriter(index)
    assert add_rows(writer, rows) == len(rows)
    writer.commit()
    return index


def _postings(reader: Any, field: str, term: bytes) -> list[tuple[int, float, bytes]]:
    matcher = reader.postings(field, term)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def _term_stats(reader: Any, field: str, term: bytes) -> tuple[Any, ...]:
    info = reader.term_info(field, term)
    return (
        info.doc_frequency(),
        info.weight(),
        info.max_weight(),
        info.min_length(),
        info.max_length(),
        info.min_id(),
        info.max_id(),
    )


def test_same_terms_postings_lengths_and_stored_fields(rows: list[Row], tmp_path: Path) -> None:
    assert len(rows) > 250
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ours = _fast_index(tmp_path / "a", rows).reader()
    theirs = _whoosh_index(tmp_path / "b", rows).reader()
    terms = list(theirs.all_terms())
    assert list(ours.all_terms()) == terms
    assert {field for field, _ in terms} >= set(TEXT_FIELDS) | {"type", "page", "sender"}
    for field, term in terms:
        assert _postings(ours, field, term) == _postings(theirs, field, term), (field, term)
        assert _term_stats(ours, field, term) == _term_stats(theirs, field, term), (field, term)
    assert list(ours.all_stored_fields()) == list(theirs.all_stored_fields())
    for field in TEXT_FIELDS:
        assert ours.field_length(field) == theirs.field_length(field)
        lengths = [ours.doc_field_length(n, field) for n in range(ours.doc_count_all())]
        assert lengths == [theirs.doc_field_length(n, field) for n in range(len(lengths))]
    for column in ("type", "document_id", "sort_date", "order", "year", "kind"):
        assert list(ours.column_reader(column)) == list(theirs.column_reader(column))


def test_positions_survive_for_phrases(rows: list[Row], tmp_path: Path) -> None:
    reader = _fast_index(tmp_path, rows).reader()
    first = next(n for n, row in enumerate(rows) if "Tchitcherine" in str(row["body"]))
    matcher = reader.postings("exact", "tchitcherine")
    matcher.skip_to(first)
    assert matcher.id() == first
    words = build_schema()["exact"].analyzer.words(str(rows[first]["body"]))
    expected = [pos for pos, word in enumerate(words) if word == "tchitcherine"]
    assert matcher.value_as("positions") == expected


def test_the_four_text_fields_take_the_fast_path() -> None:
    assert fast_forms(build_schema()) == {name: name for name in TEXT_FIELDS}


def test_rows_with_whoosh_keywords_go_through_add_document(tmp_path: Path) -> None:
    index = create_in(str(tmp_path), build_schema())
    writer = RowWriter(index)
    row = {"id": "x/paragraphs/p1", "type": "paragraph", "body": "Banşı", "_boost": 2.0}
    for field in TEXT_FIELDS:
        row[field] = "Banşı"
    add_rows(writer, [row])
    writer.commit()
    reader = index.reader()
    assert _postings(reader, "exact", "banşı".encode())[0][1] == 2.0  # the boost applied


def test_a_plain_whoosh_writer_is_served_by_add_document(tmp_path: Path) -> None:
    index = create_in(str(tmp_path), build_schema())
    writer = index.writer()
    assert isinstance(writer, SegmentWriter) and not isinstance(writer, RowWriter)
    assert add_rows(writer, [{"id": "x", "type": "document", "exact": "Kâzım", "page": None}])
    writer.commit()
    assert list(index.reader().lexicon("exact")) == ["kâzım".encode()]
