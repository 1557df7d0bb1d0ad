"""A build in parts and processes: the same documents, the same records in the same order."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from whoosh.index import open_dir
from whoosh.query import Term

from archive_api.errors import ParseError
from archive_api.models import Document
from archive_api.search import parallel
from archive_api.search.parallel import Built, parse_all, processes, split_parts, write_generation
from archive_api.search.record_store import RecordStore
from archive_api.search.records import document_rows
from archive_api.search.schema import build_schema
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> DocumentStore:
    """The seed and the first 20 Atatürk texts."""
    folder = tmp_path_factory.mktemp("docs")
    for path in (REPO / "documents").iterdir():
        shutil.copy(path, folder)
    for text in sorted((REPO / "corpora" / "ataturk").glob("*.txt"))[:20]:
        shutil.copy(text, folder)
        shutil.copy(text.with_suffix(".json"), folder)
    return DocumentStore(folder)


def _build(store: DocumentStore, folder: Path, **options: Any) -> Built:
    folder.mkdir()
    ids = store.ids()
    return write_generation(
        folder, build_schema(), store, ids, folder / "records.sqlite", 64, **options
    )


def _stored(folder: Path) -> tuple[int, list[dict[str, Any]]]:
    index = open_dir(str(folder))
    try:
        with index.searcher() as searcher:
            return len(index._segments()), list(searcher.reader().all_stored_fields())
    finally:
        index.close()


def _held(folder: Path) -> list[Document]:
    records = RecordStore(folder / "records.sqlite")
    try:
        return [records[doc_id] for doc_id in records.ids()]
    finally:
        records.close()


def test_two_processes_parse_what_one_parses(store: DocumentStore) -> None:
    assert parse_all(store, workers=2) == store.load_all()


def test_a_parse_error_in_a_worker_reaches_the_caller(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Bir paragraf.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("Bir paragraf.\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad\.json"):
        parse_all(DocumentStore(tmp_path), workers=2)
    with pytest.raises(ParseError, match=r"bad\.json"):
        _build(DocumentStore(tmp_path), tmp_path / "index", workers=2)
    assert not list((tmp_path / "index").glob(".part-*"))


def test_parts_are_runs_of_about_equal_size() -> None:
    ids = [f"d{n}" for n in range(7)]
    assert split_parts(ids, [1] * 7, 3) == [["d0", "d1", "d2"], ["d3", "d4"], ["d5", "d6"]]
    assert split_parts(ids, [10, 1, 1, 1, 1, 1, 1], 2) == [["d0"], ids[1:]]
    assert split_parts(ids, [1] * 7, 1) == [ids]
    assert split_parts(ids[:1], [1], 4) == [ids[:1]]
    assert split_parts([], [], 2) == []
    assert split_parts(ids, [1] * 7, 1, most=3) == [ids[0:3], ids[3:6], ids[6:]]


def test_parts_hold_the_records_in_build_order(store: DocumentStore, tmp_path: Path) -> None:
    one = _build(store, tmp_path / "one", workers=1)
    two = _build(store, tmp_path / "two", workers=2)
    three = _build(store, tmp_path / "three", workers=2, part_bytes=20_000)
    assert (one.segments, two.segments) == (1, 2) and three.segments > 2
    assert one.documents == two.documents == three.documents == 21
    assert one.counts == two.counts == three.counts
    rows = [row for doc in store.load_all() for row in document_rows(doc)]
    assert one.records == len(rows)
    stored = _stored(tmp_path / "one")[1]
    assert [entry["id"] for entry in stored] == [row["id"] for row in rows]
    for name in ("two", "three"):
        assert _stored(tmp_path / name)[1] == stored
        assert _held(tmp_path / name) == _held(tmp_path / "one")
        assert not list((tmp_path / name).glob(".part-*"))
    assert _held(tmp_path / "one") == sorted(store.load_all(), key=lambda doc: doc.id)


def test_every_segment_answers_a_search(store: DocumentStore, tmp_path: Path) -> None:
    _build(store, tmp_path / "index", workers=2, part_bytes=20_000)
    index = open_dir(str(tmp_path / "index"))
    with index.searcher() as searcher:
        found = searcher.search(Term("fold", "tchitcherine"), limit=None)
        ids = sorted(hit["id"] for hit in found)
        everything = searcher.search(Term("type", "document"), limit=None)
        documents = sorted(hit["id"] for hit in everything)
    index.close()
    assert f"{SEED}/letters/letter-2" in ids
    assert documents == store.ids()


def test_a_failing_worker_fails_the_build(
    store: DocumentStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parallel.checked_rows

    def broken(doc: Document) -> Any:
        if doc.id == store.ids()[-1]:
            raise RuntimeError("the disk went away")
        return real(doc)

    monkeypatch.setattr(parallel, "checked_rows", broken)
    with pytest.raises(RuntimeError, match="indexing process failed"):
        _build(store, tmp_path / "index", workers=2)
    with pytest.raises(RuntimeError, match="the disk went away"):
        _build(store, tmp_path / "alone", workers=1)


def test_no_documents_make_an_empty_index(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    built = _build(DocumentStore(tmp_path / "docs"), tmp_path / "index")
    assert (built.documents, built.records, built.segments) == (0, 0, 0)
    assert _stored(tmp_path / "index") == (0, [])
    assert _held(tmp_path / "index") == []


def test_small_jobs_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert processes(10, threshold=200) == 1
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    assert processes(50_000, threshold=200) == parallel.MAX_PROCESSES
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 1)
    assert processes(50_000, threshold=200) == 1
