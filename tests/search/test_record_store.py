"""The record store: documents and letters of a generation read from SQLite, a page at a time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive_api.models import Document
from archive_api.search.record_store import (
    DocumentList,
    RecordStore,
    update_store,
    write_store,
)
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"
SPEECHES = ("atam-c1-1906-001", "atam-c1-1918-002", "atam-c2-1923-019")


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    corpus = DocumentStore(REPO / "corpora" / "ataturk")
    return [DocumentStore(REPO / "documents").load(SEED), *map(corpus.load, SPEECHES)]


@pytest.fixture
def store(documents: list[Document], tmp_path: Path) -> RecordStore:
    path = tmp_path / "records.sqlite"
    assert write_store(path, sorted(documents, key=lambda d: d.id)) == len(documents)
    return RecordStore(path, cache_size=2)


def test_a_document_comes_back_whole(store: RecordStore, documents: list[Document]) -> None:
    seed = store[SEED]
    assert seed == next(doc for doc in documents if doc.id == SEED)
    assert len(seed.letters) == 4 and len(seed.footnotes) == 41
    assert store.get("no-such-document") is None
    assert SEED in store and "no-such-document" not in store and 3 not in store
    with pytest.raises(KeyError):
        store["no-such-document"]


def test_ids_count_and_pages_follow_id_order(store: RecordStore) -> None:
    ordered = sorted([SEED, *SPEECHES])
    assert store.ids() == ordered == list(store)
    assert len(store) == 4
    assert [doc.id for doc in store.page(1, 2)] == ordered[1:3]
    assert store.page(10, 5) == []


def test_the_document_list_is_a_sequence_read_in_pages(store: RecordStore) -> None:
    listed = DocumentList(store)
    ordered = store.ids()
    assert len(listed) == 4
    assert [doc.id for doc in listed[1:3]] == ordered[1:3]
    assert [doc.id for doc in listed[::2]] == ordered[::2]
    assert listed[-1].id == ordered[-1] and listed[0].id == ordered[0]
    assert [doc.id for doc in listed] == ordered
    with pytest.raises(IndexError):
        listed[4]


def test_summaries_list_what_the_search_page_shows(store: RecordStore) -> None:
    seed = next(item for item in store.summaries() if item.id == SEED)
    assert (seed.pages, seed.letters, seed.footnotes, seed.annexes) == (17, 4, 41, 4)
    assert seed.title == store[SEED].title


def test_letters_page_in_archive_order(store: RecordStore, documents: list[Document]) -> None:
    expected = [
        (doc.id, n)
        for doc in sorted(documents, key=lambda d: d.id)
        for n in range(len(doc.letters))
    ]
    assert store.letter_count == len(expected) >= 4
    assert store.letter_page(0, 100) == expected
    assert store.letter_page(1, 2) == expected[1:3]
    walked = list(store.walk_letters())
    assert [(doc_id, n) for doc_id, n, _ in walked] == expected
    assert all(store[doc_id].letters[n] == letter for doc_id, n, letter in walked)


def test_the_cache_holds_only_the_latest_documents(store: RecordStore) -> None:
    first = store[SEED]
    for doc_id in SPEECHES:
        store[doc_id]
    assert store[SEED] is not first  # read again: it had left the cache
    assert store[SEED] is store[SEED]


def test_a_closed_store_still_answers_a_request_paging_in_it(store: RecordStore) -> None:
    listed = DocumentList(store)
    store.close()
    assert [doc.id for doc in listed[0:2]] == store.ids()[:2]
    store.close()


def test_an_update_rewrites_only_what_changed(
    store: RecordStore, documents: list[Document], tmp_path: Path
) -> None:
    target = tmp_path / "next.sqlite"
    seed = next(doc for doc in documents if doc.id == SEED)
    update_store(store.path, target, [SPEECHES[0], SEED], [seed])
    updated = RecordStore(target)
    assert updated.ids() == sorted([SEED, *SPEECHES[1:]])
    assert updated[SEED] == seed and updated.letter_count == store.letter_count - len(
        store[SPEECHES[0]].letters
    )
    assert len(store) == 4  # the source is untouched


def test_a_store_of_another_version_or_no_store_is_refused(
    store: RecordStore, tmp_path: Path
) -> None:
    with sqlite3.connect(store.path) as connection:
        connection.execute("UPDATE facts SET value = '0' WHERE key = 'version'")
    connection.close()
    with pytest.raises(ValueError, match="version"):
        RecordStore(store.path)
    with pytest.raises(FileNotFoundError):
        RecordStore(tmp_path / "absent.sqlite")
    (tmp_path / "half.sqlite").write_bytes(b"half")
    with pytest.raises(sqlite3.DatabaseError):
        RecordStore(tmp_path / "half.sqlite")
