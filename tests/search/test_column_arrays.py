"""Columns read whole with numpy equal Whoosh's own reading, value by value."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from archive_api.ingest import prepare, save
from archive_api.search.column_arrays import (
    LENGTH_OF_CODE,
    field_length_codes,
    numbers,
    references,
)
from archive_api.search.facets import Columns
from archive_api.search.generations import current_generation
from archive_api.search.indexer import build_index
from archive_api.search.mapped import open_mapped
from archive_api.search.schema import TEXT_FIELDS
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
SPEECH = "atam-c1-1906-001"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two segments (a build, then an ingest) and a replaced document's deleted records."""
    root = tmp_path_factory.mktemp("columns")
    shutil.copytree(REPO / "documents", root / "documents")
    store = DocumentStore(root / "documents")
    build_index(store, root / "index")
    text = (REPO / "corpora" / "ataturk" / f"{SPEECH}.txt").read_text(encoding="utf-8")
    save(store, root / "index", [prepare(text, {"title": "Nutuk", "date": "1906"}, SPEECH)])
    save(store, root / "index", [prepare(text, {"title": "Nutuk", "kind": "speech"}, SPEECH)])
    generation = current_generation(root / "index")
    assert generation is not None
    return generation


def _whoosh_column(reader: Any, name: str) -> list[Any]:
    """Segment by segment: Whoosh's reader over several segments skips a segment that has
    no file for the column (none of its records has a value), so it is asked per segment."""
    field = reader.schema[name]
    default = field.from_column_value(field.column_type.default_value())
    values: list[Any] = []
    for leaf, _ in reader.leaf_readers():
        count = leaf.doc_count_all()
        values += list(leaf.column_reader(name)) if leaf.has_column(name) else [default] * count
    return values


def test_every_column_reads_as_whoosh_reads_it(index: Path) -> None:
    whoosh = open_mapped(index)
    with whoosh.searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) >= 2
        for name in ("order", "sort_date", "year"):
            assert numbers(reader, name).tolist() == _whoosh_column(reader, name), name
        for name in ("type", "document_id", "kind"):
            indexes, values = references(reader, name, str)
            read = [values[part][i] for part, found in enumerate(indexes) for i in found]
            assert read == [str(v) for v in _whoosh_column(reader, name)], name
        for field in TEXT_FIELDS:
            expected_lengths = [
                leaf.doc_field_length(n, field, 1) or 1
                for leaf, _ in reader.leaf_readers()
                for n in range(leaf.doc_count_all())
            ]
            codes = field_length_codes(reader, field)
            assert codes.dtype == np.uint8, field
            assert LENGTH_OF_CODE[codes].tolist() == expected_lengths, field
        columns = Columns.load(reader)
        stored = [fields for fields in reader.all_stored_fields()]  # live records only
        live = [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
        assert [columns.documents[n] for n in live] == [f["document_id"] for f in stored]
        assert [columns.types[n] for n in live] == [f["type"] for f in stored]
        assert [columns.years[n] for n in live] == [f.get("year") for f in stored]
    whoosh.close()


def test_codes_follow_the_order_of_values(index: Path) -> None:
    whoosh = open_mapped(index)
    with whoosh.searcher() as searcher:
        columns = Columns.load(searcher.reader())
    whoosh.close()
    documents = columns.coded["document"]
    assert documents.values[1:] == sorted(documents.values[1:])
    assert SPEECH in documents.values
    assert np.all(np.diff(columns.date_order[np.argsort(columns.date_order)]) == 1)
