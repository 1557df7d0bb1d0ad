"""``index --check``: what differs between ``documents/`` and the index, and its repair."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from archive_api import journal
from archive_api.check import check_and_repair
from archive_api.search import incremental
from archive_api.search.generations import RECORDS, SOURCES, current_generation, current_name
from archive_api.search.indexer import build_index
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[1]
ATATURK = REPO / "corpora" / "ataturk"
SEED = "turk-sovyet-iliskileri-1920"
SPEECH = "atam-c1-1906-001"
LETTER = "atam-c1-1918-002"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("check")
    shutil.copytree(REPO / "documents", root / "documents")
    _copy(SPEECH, root / "documents")
    build_index(DocumentStore(root / "documents"), root / "index")
    return root


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "archive")
    return tmp_path / "archive"


def _copy(doc_id: str, documents: Path) -> None:
    for suffix in (".txt", ".json"):
        shutil.copy(ATATURK / f"{doc_id}{suffix}", documents)


def test_a_matching_index_is_left_alone(root: Path) -> None:
    before = current_name(root / "index")
    report = check_and_repair(DocumentStore(root / "documents"), root / "index")
    assert not report.found_anything and report.lines() == []
    assert report.repaired is None and report.generation == before == current_name(root / "index")


def test_missing_stale_and_extra_are_found_and_repaired(root: Path) -> None:
    documents = root / "documents"
    _copy(LETTER, documents)  # added by hand
    (documents / f"{SEED}.json").write_text(json.dumps({"title": "Elle düzeltildi"}), "utf-8")
    (documents / f"{SPEECH}.txt").unlink()  # removed by hand
    store = DocumentStore(documents)
    report = check_and_repair(store, root / "index")
    assert (report.missing, report.stale, report.extra) == ([LETTER], [SEED], [SPEECH])
    assert report.lines() == [f"missing: {LETTER}", f"stale: {SEED}", f"extra: {SPEECH}"]
    assert report.repaired is not None and report.repaired.documents == 2
    assert not check_and_repair(store, root / "index").found_anything
    archive = Archive(root / "index", reload_interval=0)
    assert archive.document(SEED).title == "Elle düzeltildi"
    assert archive.document(LETTER).metadata.date == "1918-11-10"
    assert archive.search("Selanik", document_ids=[SPEECH]).total == 0
    archive.close()


def test_a_document_that_does_not_parse_is_reported_and_left_out(root: Path) -> None:
    documents = root / "documents"
    (documents / "bozuk.txt").write_bytes(b"Ankara\xff")
    _copy(LETTER, documents)
    report = check_and_repair(DocumentStore(documents), root / "index")
    assert report.missing == [LETTER, "bozuk"]
    assert list(report.invalid) == ["bozuk"] and "not valid UTF-8" in report.invalid["bozuk"]
    assert "invalid: bozuk: " in "\n".join(report.lines())
    assert report.repaired is not None and report.repaired.documents == 3  # the letter is in


def test_interrupted_writes_are_finished_first(root: Path) -> None:
    documents = root / "documents"
    text = (ATATURK / f"{LETTER}.txt").read_bytes()
    temp = journal._write_temp(documents, f"{LETTER}.txt", text)
    intent = {"id": LETTER, "text": temp.name, "metadata": None}
    (documents / f".{LETTER}.intent").write_text(json.dumps(intent), encoding="utf-8")
    leftover = journal._write_temp(documents, "yarim.txt", b"yar")
    report = check_and_repair(DocumentStore(documents), root / "index")
    assert report.recovered == [LETTER] and report.removed_files == [leftover.name]
    assert report.missing == [LETTER]
    assert report.lines()[0] == f"recovered: {LETTER} (an interrupted write was finished)"
    assert sorted(p.name for p in documents.iterdir() if p.name.startswith(".")) == []


def test_a_generation_that_lost_its_record_of_a_document(root: Path) -> None:
    generation = current_generation(root / "index")
    assert generation is not None
    sources = json.loads((generation / SOURCES).read_text(encoding="utf-8"))
    del sources[SPEECH]
    (generation / SOURCES).write_text(json.dumps(sources), encoding="utf-8")
    report = check_and_repair(DocumentStore(root / "documents"), root / "index")
    assert report.missing == [SPEECH] and report.repaired is not None


def test_a_store_that_lost_a_document_is_repaired(root: Path) -> None:
    generation = current_generation(root / "index")
    assert generation is not None
    with sqlite3.connect(generation / RECORDS) as connection:
        connection.execute("DELETE FROM documents WHERE id = ?", (SPEECH,))
    connection.close()
    report = check_and_repair(DocumentStore(root / "documents"), root / "index")
    assert report.rebuild_reason and "damaged" in report.rebuild_reason
    assert report.repaired is not None and report.repaired.documents == 2
    archive = Archive(root / "index")
    assert archive.document(SPEECH).id == SPEECH
    archive.close()


def test_an_unreadable_store_is_rebuilt(root: Path) -> None:
    generation = current_generation(root / "index")
    assert generation is not None
    (generation / RECORDS).write_bytes(b"not a database, a half-written file")
    report = check_and_repair(DocumentStore(root / "documents"), root / "index")
    assert report.lines() == [
        "rebuild: the index was built by other code or is damaged; it is rebuilt whole"
    ]
    assert report.repaired is not None and report.repaired.generation != generation.name


def test_no_index_is_built_unless_told_not_to(root: Path) -> None:
    shutil.rmtree(root / "index")
    store = DocumentStore(root / "documents")
    quick = check_and_repair(store, root / "index", rebuild=False)
    assert quick.rebuild_reason == "no index has been built" and quick.repaired is None
    assert current_name(root / "index") is None
    report = check_and_repair(store, root / "index")
    assert report.repaired is not None and report.repaired.documents == 2
    assert report.lines() == ["rebuild: no index has been built"]


def test_an_index_of_other_code_is_rebuilt(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = current_name(root / "index")
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: "other")
    report = check_and_repair(DocumentStore(root / "documents"), root / "index")
    assert report.rebuild_reason and "other code" in report.rebuild_reason
    assert report.repaired is not None and report.repaired.generation != before


def test_a_missing_documents_directory_changes_nothing(root: Path) -> None:
    with pytest.raises(Exception, match="documents directory not found"):
        check_and_repair(DocumentStore(root / "yok"), root / "index")
