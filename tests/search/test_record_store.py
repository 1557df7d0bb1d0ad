"""The record store: documents and letters of a generation read from SQLite, a page at a time."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from archive_api.models import Document
from archive_api.search import record_writes
from archive_api.search.generations import RECORDS, RECORDS_DELTA
from archive_api.search.matches import reading_of
from archive_api.search.record_store import (
    DocumentList,
    RecordStore,
    open_records,
)
from archive_api.search.record_writes import update_records, write_store
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


def _retitled(doc: Document, title: str) -> Document:
    return replace(doc, metadata=replace(doc.metadata, title=title))


def _next(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def test_an_update_shares_the_base_and_writes_only_what_changed(
    store: RecordStore, documents: list[Document], tmp_path: Path
) -> None:
    seed = _retitled(next(doc for doc in documents if doc.id == SEED), "Yeni başlık")
    target = _next(tmp_path, "next")
    update_records(tmp_path, target, [SPEECHES[0], SEED], [seed])
    assert (target / RECORDS).stat().st_ino == store.path.stat().st_ino
    with sqlite3.connect(target / RECORDS_DELTA) as connection:
        held = connection.execute("SELECT id FROM documents").fetchall()
        hidden = connection.execute("SELECT id FROM removed ORDER BY id").fetchall()
    connection.close()
    assert held == [(SEED,)] and hidden == sorted([(SEED,), (SPEECHES[0],)])
    updated = open_records(target)
    remaining = sorted([SEED, *SPEECHES[1:]])
    assert updated.ids() == remaining == list(updated) and len(updated) == 3
    assert updated[SEED].title == "Yeni başlık" and SPEECHES[0] not in updated
    assert [item.id for item in updated.summaries()] == remaining
    assert next(i for i in updated.summaries() if i.id == SEED).title == "Yeni başlık"
    assert [doc.id for doc in updated.page(1, 5)] == remaining[1:]
    assert updated.reading(SEED) == reading_of(seed) and updated.reading(SPEECHES[0]) is None
    letters = [(doc_id, n) for doc_id in remaining for n in range(len(updated[doc_id].letters))]
    assert updated.letter_count == len(letters) and updated.letter_page(0, 100) == letters
    assert [(doc_id, n) for doc_id, n, _ in updated.walk_letters()] == letters
    source = open_records(tmp_path)  # the generation before is untouched
    assert len(source) == 4 and source[SEED].title != "Yeni başlık"


def test_updates_stack_on_one_delta(
    store: RecordStore, documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_writes, "COMPACT_RATIO", 100.0)  # a delta of a few pages shares
    by_id = {doc.id: doc for doc in documents}
    first, second = _next(tmp_path, "first"), _next(tmp_path, "second")
    update_records(tmp_path, first, [SPEECHES[0], SEED], [_retitled(by_id[SEED], "İkinci")])
    update_records(first, second, [SEED, SPEECHES[0], SPEECHES[1]], [by_id[SPEECHES[0]]])
    assert (second / RECORDS).stat().st_ino == store.path.stat().st_ino
    updated = open_records(second)
    assert updated.ids() == sorted([SPEECHES[0], SPEECHES[2]]) and len(updated) == 2
    assert updated[SPEECHES[0]] == by_id[SPEECHES[0]] and SEED not in updated
    assert updated.letter_count == sum(len(by_id[i].letters) for i in updated.ids())
    assert open_records(first).ids() == sorted([SEED, *SPEECHES[1:]])


def test_a_grown_delta_is_folded_into_a_new_base(
    store: RecordStore, documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_id = {doc.id: doc for doc in documents}
    first, folded = _next(tmp_path, "first"), _next(tmp_path, "folded")
    update_records(tmp_path, first, [SEED, SPEECHES[0]], [_retitled(by_id[SEED], "Üçüncü")])
    monkeypatch.setattr(record_writes, "COMPACT_RATIO", 0.0)
    update_records(first, folded, [SPEECHES[1]], [by_id[SPEECHES[0]]])
    assert not (folded / RECORDS_DELTA).exists()
    assert (folded / RECORDS).stat().st_ino != store.path.stat().st_ino
    updated = open_records(folded)
    assert updated.delta is None and updated.ids() == sorted([SEED, SPEECHES[0], SPEECHES[2]])
    assert updated[SEED].title == "Üçüncü" and updated[SPEECHES[0]] == by_id[SPEECHES[0]]
    assert updated.letter_count == sum(len(updated[i].letters) for i in updated.ids())
    identity = "SELECT value FROM facts WHERE key = 'store'"
    with sqlite3.connect(folded / RECORDS) as new, sqlite3.connect(store.path) as old:
        assert new.execute(identity).fetchone() != old.execute(identity).fetchone()
    new.close()
    old.close()
    assert len(open_records(first)) == 3  # the generation before still reads its own


def test_a_delta_written_on_another_base_is_refused(
    store: RecordStore, documents: list[Document], tmp_path: Path
) -> None:
    first, other = _next(tmp_path, "first"), _next(tmp_path, "other")
    update_records(tmp_path, first, [SEED], [])
    write_store(other / RECORDS, sorted(documents, key=lambda d: d.id))
    shutil.copyfile(first / RECORDS_DELTA, other / RECORDS_DELTA)
    with pytest.raises(ValueError, match="another base"):
        open_records(other)
    (first / RECORDS_DELTA).unlink()  # a delta that vanished shows the base alone
    assert len(open_records(first)) == 4


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
