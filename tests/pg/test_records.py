"""Documents read back from PostgreSQL: the answers of the embedded record store, and a
replace made through another connection seen at the next read."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from archive_api.pg.records import PgRecordStore
from archive_api.pg.writer import load_store, save_documents
from archive_api.search.generations import current_generation
from archive_api.search.indexer import build_index
from archive_api.search.record_store import open_records
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture
def stores(connection: psycopg.Connection[Any], database_url: str, tmp_path: Path) -> Any:
    documents = tmp_path / "documents"
    shutil.copytree(REPO / "documents", documents)
    for path in sorted((REPO / "corpora" / "ataturk").glob("*.txt"))[:4]:
        shutil.copy(path, documents / path.name)
    store = DocumentStore(documents)
    build_index(store, tmp_path / "index")
    load_store(connection, store)
    connection.commit()
    generation = current_generation(tmp_path / "index")
    assert generation is not None
    embedded = open_records(generation)
    held = PgRecordStore(database_url)
    yield embedded, held
    held.close()
    embedded.close()


def test_every_answer_is_the_embedded_stores(stores: Any) -> None:
    embedded, held = stores
    assert len(held) == len(embedded) == 5
    assert held.ids() == embedded.ids() == list(held)
    assert held.summaries() == embedded.summaries()
    assert held.page(1, 2) == embedded.page(1, 2)
    assert list(held.walk()) == list(embedded.walk())
    assert held.letter_count == embedded.letter_count == 4
    assert held.letter_page(1, 2) == embedded.letter_page(1, 2)
    assert list(held.walk_letters()) == list(embedded.walk_letters())
    for doc_id in embedded.ids():
        assert held[doc_id] == embedded[doc_id]
        assert held.reading(doc_id) == embedded.reading(doc_id)
    assert SEED in held and "yok" not in held
    assert held.reading("yok") is None
    with pytest.raises(KeyError):
        held["yok"]


def test_a_replace_by_another_writer_is_seen_at_the_next_read(
    stores: Any, database_url: str
) -> None:
    _, held = stores
    before = held[SEED]
    assert held[SEED] is before  # kept while its source is the same
    shorter = replace(before, footnotes=before.footnotes[:3])
    with psycopg.connect(database_url) as writer:
        save_documents(writer, [(shorter, "another source")])
    assert held[SEED] == shorter
    assert len(held[SEED].footnotes) == 3
