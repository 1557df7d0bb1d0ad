from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from whoosh.index import open_dir

from archive_api.errors import NotFound, ParseError
from archive_api.search import indexer
from archive_api.search.generations import (
    CURRENT,
    MANIFEST,
    RECORDS,
    current_generation,
    current_name,
    generation_names,
)
from archive_api.search.indexer import build_if_stale, build_index, index_status
from archive_api.search.record_store import RecordStore
from archive_api.search.schema import SCHEMA_VERSION
from archive_api.store import DocumentStore

SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture
def store(documents_dir: Path) -> DocumentStore:
    return DocumentStore(documents_dir)


def test_build_writes_a_generation_and_switches_to_it(store: DocumentStore, tmp_path: Path) -> None:
    root = tmp_path / "index"
    manifest = build_index(store, root)
    generation = root / manifest.generation
    assert current_generation(root) == generation
    assert {p.name for p in root.iterdir()} == {CURRENT, ".lock", manifest.generation}
    assert json.loads((generation / MANIFEST).read_text())["fingerprint"] == store.fingerprint()
    assert manifest.schema_version == SCHEMA_VERSION
    assert manifest.documents == 1
    assert manifest.counts["letter"] == 4
    assert manifest.counts["annex"] == 4
    assert manifest.counts["footnote"] == 41
    assert manifest.counts["document"] == 1
    assert manifest.records == sum(manifest.counts.values())
    assert manifest.build_seconds > 0
    records = RecordStore(generation / RECORDS)
    assert records.ids() == [SEED] and records[SEED].title
    records.close()
    ix = open_dir(str(generation), readonly=True)
    with ix.searcher() as searcher:
        assert searcher.doc_count() == manifest.records
        assert searcher.document(id=f"{SEED}/footnotes/31")["type"] == "footnote"
    ix.close()


def test_status_missing_fresh_stale(store: DocumentStore, tmp_path: Path) -> None:
    root = tmp_path / "index"
    assert index_status(store, root) == "missing"
    build_index(store, root)
    assert index_status(store, root) == "fresh"
    with store.text_path(SEED).open("a", encoding="utf-8") as handle:
        handle.write("\nGümrü Barışı, T.B.M.M.'nin ilk askeri ve siyasal barışıdır.\n")
    assert index_status(store, root) == "stale"
    build_index(store, root)
    assert index_status(store, root) == "fresh"


def test_a_schema_change_makes_the_index_stale(store: DocumentStore, tmp_path: Path) -> None:
    root = tmp_path / "index"
    manifest = build_index(store, root)
    path = root / manifest.generation / MANIFEST
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "schema_version": SCHEMA_VERSION - 1}))
    assert index_status(store, root) == "stale"


def test_a_code_change_makes_the_index_stale(
    store: DocumentStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "index"
    build_index(store, root)
    monkeypatch.setattr(indexer, "code_fingerprint", lambda: "0" * 64)
    assert index_status(store, root) == "stale"


def test_an_unreadable_manifest_counts_as_missing(store: DocumentStore, tmp_path: Path) -> None:
    root = tmp_path / "index"
    manifest = build_index(store, root)
    (root / manifest.generation / MANIFEST).write_text("{")
    assert index_status(store, root) == "missing"


def test_build_if_stale_builds_only_when_needed(store: DocumentStore, tmp_path: Path) -> None:
    root = tmp_path / "index"
    first, built = build_if_stale(store, root)
    assert built
    again, built = build_if_stale(store, root)
    assert not built
    assert again == first
    store.metadata_path(SEED).write_text('{"kind": "article", "place": "Ankara"}')
    third, built = build_if_stale(store, root)
    assert built and third.generation != first.generation


def test_old_generations_are_kept_two_deep(store: DocumentStore, tmp_path: Path) -> None:
    root = tmp_path / "index"
    names = [build_index(store, root).generation for _ in range(5)]
    assert generation_names(root) == names[2:]
    assert current_name(root) == names[-1]


def test_a_failed_parse_leaves_current_untouched(store: DocumentStore, tmp_path: Path) -> None:
    root = tmp_path / "index"
    good = build_index(store, root)
    (store.root / "bozuk.txt").write_bytes("Kâzım".encode("cp1254"))
    with pytest.raises(ParseError, match=r"bozuk\.txt"):
        build_index(store, root)
    assert current_name(root) == good.generation
    assert generation_names(root) == [good.generation]
    assert index_status(store, root) == "stale"


def test_a_failure_while_writing_removes_the_half_built_generation(
    store: DocumentStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "index"
    good = build_index(store, root)

    def disk_full(folder: Path, store: object, ids: object) -> None:
        (folder / RECORDS).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(indexer, "_write", disk_full)
    with pytest.raises(OSError, match="No space left"):
        build_index(store, root)
    assert current_name(root) == good.generation
    assert generation_names(root) == [good.generation]


def test_concurrent_builds_queue_and_both_succeed(store: DocumentStore, tmp_path: Path) -> None:
    root = tmp_path / "index"
    results: list[str] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            results.append(build_index(store, root).generation)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(set(results)) == 3
    assert current_name(root) == max(results)
    assert generation_names(root) == sorted(results)


def test_an_empty_documents_directory_builds_an_empty_index(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    manifest = build_index(DocumentStore(tmp_path / "documents"), tmp_path / "index")
    assert (manifest.documents, manifest.records, manifest.counts) == (0, 0, {})
    assert current_name(tmp_path / "index") == manifest.generation


def test_a_missing_documents_directory_creates_no_index(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        build_index(DocumentStore(tmp_path / "yok"), tmp_path / "index")
    assert not (tmp_path / "index").exists()
