"""A build in two processes: the same documents, the same records in the same order."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from whoosh.index import open_dir
from whoosh.query import Term

from archive_api.errors import ParseError
from archive_api.search import parallel
from archive_api.search.parallel import parse_all, processes, write_index
from archive_api.search.records import Row, document_rows
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


@pytest.fixture(scope="module")
def rows(store: DocumentStore) -> list[Row]:
    return [row for doc in store.load_all() for row in document_rows(doc)]


def _stored(folder: Path) -> tuple[int, list[dict[str, Any]]]:
    index = open_dir(str(folder))
    try:
        with index.searcher() as searcher:
            return len(index._segments()), list(searcher.reader().all_stored_fields())
    finally:
        index.close()


def test_two_processes_parse_what_one_parses(store: DocumentStore) -> None:
    assert parse_all(store, workers=2) == store.load_all()


def test_a_parse_error_in_a_worker_reaches_the_caller(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Bir paragraf.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("Bir paragraf.\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad\.json"):
        parse_all(DocumentStore(tmp_path), workers=2)


def test_two_segments_hold_the_records_in_build_order(rows: list[Row], tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    assert write_index(one, build_schema(), rows, 64, workers=1) == 1
    assert write_index(two, build_schema(), rows, 64, workers=2) == 2
    segments, stored = _stored(two)
    assert segments == 2
    assert stored == _stored(one)[1]
    assert [entry["id"] for entry in stored] == [row["id"] for row in rows]
    leftovers = {p.name for p in two.iterdir() if p.suffix not in (".toc", ".seg")}
    assert leftovers == {p.name for p in one.iterdir() if p.suffix not in (".toc", ".seg")}
    assert len(list(two.glob("*.seg"))) == 2


def test_both_segments_answer_a_search(rows: list[Row], tmp_path: Path) -> None:
    write_index(tmp_path, build_schema(), rows, 64, workers=2)
    index = open_dir(str(tmp_path))
    with index.searcher() as searcher:
        found = searcher.search(Term("fold", "tchitcherine"), limit=None)
        ids = sorted(hit["id"] for hit in found)
        everything = searcher.search(Term("type", "document"), limit=None)
        documents = sorted(hit["id"] for hit in everything)
    index.close()
    assert f"{SEED}/letters/letter-2" in ids
    assert documents == sorted(str(row["id"]) for row in rows if row["type"] == "document")
    assert len(documents) == 21


def test_a_failing_worker_fails_the_build(rows: list[Row], tmp_path: Path) -> None:
    broken = [*rows[:50], {**rows[50], "no_such_field": "x"}, *rows[51:]]
    with pytest.raises(RuntimeError, match="indexing process failed"):
        write_index(tmp_path, build_schema(), broken, 64, workers=2)


def test_small_jobs_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert processes(10, threshold=200) == 1
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    assert processes(50_000, threshold=200) == parallel.MAX_PROCESSES
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 1)
    assert processes(50_000, threshold=200) == 1
