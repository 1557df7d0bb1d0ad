"""Updating the index by document: a new generation sharing the current one's files."""

from __future__ import annotations

import hashlib
import random
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import open_dir

from archive_api.errors import IndexUnavailable, NotFound
from archive_api.search import generations, incremental
from archive_api.search.generations import (
    RECORDS,
    RECORDS_DELTA,
    SOURCES,
    build_lock,
    current_generation,
    current_name,
    generation_names,
    read_manifest,
)
from archive_api.search.incremental import Change, updatable_base, update_index
from archive_api.search.indexer import build_index, index_status
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"
LETTER = "atam-c1-1918-002"  # a telegram of 10 November 1918
SPEECH = "atam-c1-1906-001"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and one Atatürk text, indexed once; each test works on a copy."""
    root = tmp_path_factory.mktemp("incremental")
    documents = root / "documents"
    shutil.copytree(REPO / "documents", documents)
    _copy_ataturk(SPEECH, documents)
    build_index(DocumentStore(documents), root / "index")
    return root


@pytest.fixture
def archive_root(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "a")
    return tmp_path / "a"


def _copy_ataturk(doc_id: str, documents: Path) -> None:
    for suffix in (".txt", ".json"):
        shutil.copy(REPO / "corpora" / "ataturk" / f"{doc_id}{suffix}", documents)


def _apply(root: Path, changes: dict[str, Change]) -> None:
    with build_lock(root / "index"):
        manifest = update_index(root / "index", changes)
    assert manifest is not None


def _added(root: Path, doc_id: str) -> dict[str, Change]:
    store = DocumentStore(root / "documents")
    return {doc_id: Change(store.load(doc_id), store.source(doc_id))}


def _stored_ids(index_dir: Path) -> set[str]:
    generation = current_generation(index_dir)
    assert generation is not None
    index = open_dir(str(generation), readonly=True)
    try:
        with index.searcher() as searcher:
            return {str(fields["id"]) for fields in searcher.all_stored_fields()}
    finally:
        index.close()


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_adding_shares_files_and_leaves_the_current_generation_alone(archive_root: Path) -> None:
    index = archive_root / "index"
    before = current_generation(index)
    assert before is not None
    hashes = _hashes(before)
    _copy_ataturk(LETTER, archive_root / "documents")
    _apply(archive_root, _added(archive_root, LETTER))

    after = current_generation(index)
    assert after is not None and after != before
    assert _hashes(before) == hashes  # not one byte of the old generation changed
    [postings] = [p for p in before.iterdir() if p.suffix == ".pst"]  # one segment
    assert (after / postings.name).stat().st_ino == postings.stat().st_ino  # shared, not copied
    # the record store too: the new generation writes only the document it adds
    assert (after / RECORDS).stat().st_ino == (before / RECORDS).stat().st_ino
    assert (after / RECORDS_DELTA).is_file() and not (before / RECORDS_DELTA).exists()
    manifest = read_manifest(after)
    assert manifest.documents == 3
    assert manifest.counts["letter"] == read_manifest(before).counts["letter"] + 1
    assert manifest.records == sum(manifest.counts.values())
    assert index_status(DocumentStore(archive_root / "documents"), index) == "fresh"

    archive = Archive(index, reload_interval=0)
    assert archive.document(LETTER).metadata.date == "1918-11-10"
    hits = archive.search("Başkumandanlık", types=["letter"]).hits
    assert LETTER in {hit.document_id for hit in hits}
    archive.close()

    (after / RECORDS_DELTA).unlink()  # without its delta the generation is refused, not shrunk
    with pytest.raises(IndexUnavailable, match="records hold 2 documents, its manifest 3"):
        Archive(index, reload_interval=0).document(LETTER)


def test_replacing_and_removing_match_a_full_rebuild(archive_root: Path, tmp_path: Path) -> None:
    documents = archive_root / "documents"
    seed = (documents / f"{SEED}.txt").read_text(encoding="utf-8")
    # The first third of the article: fewer pages, footnotes, letters.
    (documents / f"{SEED}.txt").write_text(seed[: len(seed) // 3], encoding="utf-8")
    _copy_ataturk(LETTER, documents)
    changes = _added(archive_root, SEED) | _added(archive_root, LETTER)
    _apply(archive_root, changes)
    (documents / f"{SPEECH}.txt").unlink()
    (documents / f"{SPEECH}.json").unlink()
    _apply(archive_root, {SPEECH: Change(None)})

    rebuilt = build_index(DocumentStore(documents), tmp_path / "rebuilt")
    updated = read_manifest(current_generation(archive_root / "index") or Path())
    assert updated.counts == rebuilt.counts
    assert updated.records == rebuilt.records and updated.documents == rebuilt.documents == 2
    assert updated.fingerprint == rebuilt.fingerprint
    assert _stored_ids(archive_root / "index") == _stored_ids(tmp_path / "rebuilt")
    assert updated.counts["letter"] < 5  # the seed lost letters, the telegram is one

    archive = Archive(archive_root / "index", reload_interval=0)
    with pytest.raises(NotFound):
        archive.document(SPEECH)
    assert archive.search("Selanik", document_ids=[SPEECH]).total == 0
    archive.close()


def test_no_changes_keep_the_current_generation(archive_root: Path) -> None:
    index = archive_root / "index"
    before = current_name(index)
    with build_lock(index):
        manifest = update_index(index, {})
    assert manifest is not None and manifest.generation == before == current_name(index)


def test_a_generation_from_other_code_is_not_updated(
    archive_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = archive_root / "index"
    before = current_name(index)
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: "other code")
    with build_lock(index):
        assert update_index(index, {SPEECH: Change(None)}) is None
    assert current_name(index) == before


def test_a_generation_without_sources_is_not_updated(archive_root: Path) -> None:
    index = archive_root / "index"
    generation = current_generation(index)
    assert generation is not None and updatable_base(index) is not None
    (generation / SOURCES).unlink()
    assert updatable_base(index) is None


def test_a_failure_keeps_current_and_removes_the_new_folder(
    archive_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = archive_root / "index"
    before, folders = current_name(index), generation_names(index)

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(generations, "write_manifest", disk_full)
    with build_lock(index), pytest.raises(OSError, match="No space"):
        update_index(index, {SPEECH: Change(None)})
    assert current_name(index) == before
    assert generation_names(index) == folders


def test_a_document_without_a_digest_is_refused(archive_root: Path) -> None:
    store = DocumentStore(archive_root / "documents")
    with build_lock(archive_root / "index"), pytest.raises(ValueError, match="digest"):
        update_index(archive_root / "index", {SEED: Change(store.load(SEED))})


def test_many_updates_merge_segments_and_prune_generations(archive_root: Path) -> None:
    index = archive_root / "index"
    _copy_ataturk(LETTER, archive_root / "documents")
    segments = []
    for round_number in range(10):
        if round_number % 2 == 0:
            _apply(archive_root, _added(archive_root, LETTER))
        else:
            _apply(archive_root, {LETTER: Change(None)})
        generation = current_generation(index)
        assert generation is not None
        names = {p.stem for p in generation.iterdir() if p.suffix == ".pst"}
        # every segment has its arrays, and none is left of a segment merged away
        assert {p.stem for p in generation.iterdir() if p.suffix == ".arrays"} == names
        segments.append(len(names))
    # Each commit adds a segment; Whoosh merges small ones now and then.
    assert max(segments) <= 10
    assert any(later < earlier for earlier, later in pairwise(segments))
    assert len(generation_names(index)) == 3  # the current one and two before it
    assert LETTER not in {i.split("/")[0] for i in _stored_ids(index)}


def test_a_repeated_random_state_never_reuses_a_segment_name(archive_root: Path) -> None:
    """Whoosh names segments with the global ``random``; a seeded test repeats its state."""
    index = archive_root / "index"
    _copy_ataturk(LETTER, archive_root / "documents")
    first = current_generation(index)
    assert first is not None
    hashes = _hashes(first)
    for _ in range(2):  # two: the first generation is still kept after them
        random.seed(0)
        _apply(archive_root, _added(archive_root, LETTER))
    assert _hashes(first) == hashes
    generation = current_generation(index)
    assert generation is not None
    reader = open_dir(str(generation), readonly=True)
    try:
        # The segments on disk name Whoosh's own codec: readers need nothing of this package.
        assert {type(segment.codec()) for segment in reader._segments()} == {W3Codec}
    finally:
        reader.close()
    assert LETTER in {i.split("/")[0] for i in _stored_ids(index)}
