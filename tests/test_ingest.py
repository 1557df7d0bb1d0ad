"""Adding and removing documents: validation before any write, then files, then the index;
and a process killed at any step of a write loses nothing that was acknowledged."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from archive_api import ingest
from archive_api.check import check_and_repair
from archive_api.errors import NotFound
from archive_api.ingest import (
    DocumentExists,
    DocumentTooLarge,
    InvalidDocument,
    derive_id,
    prepare,
    remove,
    save,
)
from archive_api.search import incremental
from archive_api.search.generations import current_name, read_manifest
from archive_api.search.indexer import build_index
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[1]
ATATURK = REPO / "corpora" / "ataturk"
SEED = "turk-sovyet-iliskileri-1920"
LETTER = "atam-c1-1918-002"
SPEECH = "atam-c1-1906-001"


def _ataturk(doc_id: str) -> tuple[str, dict[str, Any]]:
    text = (ATATURK / f"{doc_id}.txt").read_text(encoding="utf-8")
    return text, json.loads((ATATURK / f"{doc_id}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ingest")
    documents = root / "documents"
    shutil.copytree(REPO / "documents", documents)
    for suffix in (".txt", ".json"):
        shutil.copy(ATATURK / f"{SPEECH}{suffix}", documents)
    build_index(DocumentStore(documents), root / "index")
    return root


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "archive")
    return tmp_path / "archive"


def _store(root: Path) -> DocumentStore:
    return DocumentStore(root / "documents")


def _archive(root: Path) -> Archive:
    return Archive(root / "index", reload_interval=0)


# --- prepare: everything is checked before anything is written ---------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"Ankara\xff\xfe", "not valid UTF-8: byte 0xff at offset 6"),
        ("Kâzım".encode("cp1254"), "not valid UTF-8"),
        (b"Ankara\x00Moskova", "NUL"),
        (b"", "the text is empty"),
        (b" \n\t\n", "the text is empty"),
        ("\ufeff\n".encode(), "the text is empty"),
        ("Ankara \ud800", "lone surrogate U+D800 at character 7"),
        ("\x01\x02", "the text is empty"),  # the parser finds nothing visible
    ],
)
def test_bad_text_is_refused(text: bytes | str, message: str) -> None:
    with pytest.raises(InvalidDocument, match=re.escape(message)) as caught:
        prepare(text)
    assert caught.value.field == "text"


def test_size_is_checked_on_the_utf8_bytes() -> None:
    text = "ş" * 600  # 1200 bytes of UTF-8
    with pytest.raises(DocumentTooLarge, match="1200 bytes"):
        prepare(text, max_bytes=1000)
    assert prepare(text, max_bytes=1200).text == text


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (["title"], "must be a JSON object, not list"),
        ({"title": 5}, "field 'title' must be a string or null, not a int"),
        ({"authors": "Atatürk"}, "field 'authors' must be a list of strings"),
        ({"author": ["Atatürk"]}, "unknown metadata field"),
        ({"date": "1920-13-01"}, "field 'date' must be an ISO date"),
        ({"title": "\ud800"}, "not valid Unicode"),
    ],
)
def test_bad_metadata_is_refused(metadata: object, message: str) -> None:
    with pytest.raises(InvalidDocument, match=message) as caught:
        prepare("Ankara, 9 Mayıs 1920", metadata)
    assert caught.value.field == "metadata"


@pytest.mark.parametrize(
    "doc_id", ["../documents", "a/b", "Büyük", "ABC", "-x", "a..b", "x" * 129, "", ".gizli"]
)
def test_ids_outside_the_rule_are_refused(doc_id: str) -> None:
    with pytest.raises(InvalidDocument, match="not a valid id") as caught:
        prepare("Ankara", None, doc_id)
    assert caught.value.field == "id"


def test_prepare_parses_and_drops_the_byte_order_mark() -> None:
    text, metadata = _ataturk(LETTER)
    submission = prepare(("\ufeff" + text).encode(), metadata, "telgraf")
    assert submission.text_bytes == text.encode()
    assert submission.document.id == "telgraf"
    assert len(submission.document.letters) == 1  # a telegram is a letter record itself
    assert json.loads(submission.metadata_bytes or b"") == metadata


def test_ids_come_from_the_title_or_the_first_line() -> None:
    text, _ = _ataturk(LETTER)
    assert prepare(text, {"title": "İlk Türk–Sovyet Temasları"}).document.id == (
        "ilk-turk-sovyet-temaslari"
    )
    assert prepare("\n  Çiçerin'e Mektup\nMetin").document.id == "cicerin-e-mektup"
    assert derive_id(None, "— … —") == "document"
    assert len(prepare(text, {"title": "uzun " * 80}).document.id) <= 96


# --- save and remove ------------------------------------------------------------------------


def test_save_writes_indexes_and_numbers_derived_ids(root: Path) -> None:
    text, metadata = _ataturk(LETTER)
    first, second = save(_store(root), root / "index", [prepare(text, metadata)] * 2)
    assert metadata["title"] == "Başkumandanlık Erkân-ı Harbiye Riyaseti’ne Çektiği Telgraf"
    base = "baskumandanlik-erkan-i-harbiye-riyaseti-ne-cektigi-telgraf"
    assert (first.doc_id, second.doc_id) == (base, f"{base}-2")
    assert first.created and second.created
    assert first.generation == second.generation == current_name(root / "index")
    assert (root / "documents" / f"{base}-2.txt").read_text(encoding="utf-8") == text
    archive = _archive(root)
    assert archive.document(f"{base}-2").metadata.date == "1918-11-10"
    hits = archive.search("Başkumandanlık", types=["letter"]).hits
    assert {hit.document_id for hit in hits} >= {base, f"{base}-2"}
    archive.close()


def test_replacing_and_refusing_to_replace(root: Path) -> None:
    store = _store(root)
    text, metadata = _ataturk(SPEECH)
    before = current_name(root / "index")
    with pytest.raises(DocumentExists, match=SPEECH):
        save(store, root / "index", [prepare(text, metadata, SPEECH)], replace=False)
    assert current_name(root / "index") == before
    metadata["title"] = "Yeni başlık"
    [saved] = save(store, root / "index", [prepare(text, metadata, SPEECH)])
    assert not saved.created
    archive = _archive(root)
    assert archive.document(SPEECH).title == "Yeni başlık"
    assert read_manifest(root / "index" / saved.generation).documents == 2
    archive.close()


def test_one_id_twice_in_a_batch_writes_nothing(root: Path) -> None:
    text, _ = _ataturk(LETTER)
    before = sorted(p.name for p in (root / "documents").iterdir())
    with pytest.raises(InvalidDocument, match="given twice"):
        save(_store(root), root / "index", [prepare(text, None, "x"), prepare(text, None, "x")])
    assert sorted(p.name for p in (root / "documents").iterdir()) == before


def test_remove_all_or_nothing(root: Path) -> None:
    store = _store(root)
    with pytest.raises(NotFound, match="yok"):
        remove(store, root / "index", [SPEECH, "yok"])
    assert store.exists(SPEECH)
    manifest = remove(store, root / "index", [SPEECH])
    assert manifest.documents == 1 and not store.exists(SPEECH)
    assert not (root / "documents" / f"{SPEECH}.json").exists()
    archive = _archive(root)
    with pytest.raises(NotFound):
        archive.document(SPEECH)
    archive.close()


def test_without_an_index_the_first_write_builds_one(root: Path) -> None:
    shutil.rmtree(root / "index")
    text, metadata = _ataturk(LETTER)
    [saved] = save(_store(root), root / "index", [prepare(text, metadata, "telgraf")])
    assert read_manifest(root / "index" / saved.generation).documents == 3


def test_an_index_from_other_code_is_rebuilt(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: "other")
    text, metadata = _ataturk(LETTER)
    [saved] = save(_store(root), root / "index", [prepare(text, metadata, "telgraf")])
    manifest = read_manifest(root / "index" / saved.generation)
    assert manifest.documents == 3 and manifest.code_fingerprint != "other"


def test_a_missing_documents_directory_is_unavailable(root: Path) -> None:
    text, _ = _ataturk(LETTER)
    with pytest.raises(Exception, match="documents directory not found"):
        save(DocumentStore(root / "yok"), root / "index", [prepare(text)])


# --- killed at every step -----------------------------------------------------------------

# The calls that make a write durable or visible; a kill lands just before one of them.
STEPS = ("fsync", "replace", "rename", "link", "unlink", "remove")
KILLED = 86
NEVER = 1_000_000


def _in_child(work: Callable[[], None], kill_at: int | None, counter: Path) -> int:
    """Run ``work`` in a forked child that dies (``os._exit``) at step ``kill_at``."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns into pytest
        code = 1
        try:
            calls = 0

            def wrap(real: Callable[..., Any]) -> Callable[..., Any]:
                def step(*args: Any, **kwargs: Any) -> Any:
                    nonlocal calls
                    calls += 1
                    if calls == kill_at:
                        os._exit(KILLED)
                    return real(*args, **kwargs)

                return step

            for name in STEPS:
                setattr(os, name, wrap(getattr(os, name)))
            work()
            counter.write_text(str(calls))
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _moments(steps: int) -> list[int]:
    """Every step of the file writes (the first dozen), then a sample of the index's steps
    (all of them would take a minute), the last one, and none (``NEVER``: the number of
    steps varies a little, with the merges and the pruning a write happens to do)."""
    return sorted({*range(1, min(steps, 12) + 1), *range(13, steps + 1, 5), steps, NEVER})


def _versions() -> Iterator[tuple[str, dict[str, Any]]]:
    text, metadata = _ataturk(LETTER)
    for name in ("Birinci", "İkinci"):
        yield f"{text}\n{name} nüsha.\n", {**metadata, "title": f"{name} nüsha"}


def _version_on_disk(root: Path) -> str | None:
    """The version the files hold, checking that text and metadata agree."""
    text_path = root / "documents" / "telgraf.txt"
    if not text_path.exists():
        return None
    text = text_path.read_text(encoding="utf-8")
    title = json.loads((root / "documents" / "telgraf.json").read_text(encoding="utf-8"))["title"]
    assert text.endswith(f"\n{title}.\n"), (title, text[-40:])  # never half old, half new
    return str(title)


def test_a_kill_at_any_step_of_a_write_loses_nothing(root: Path, tmp_path: Path) -> None:
    store = _store(root)
    versions = {
        meta["title"]: prepare(text, meta, "telgraf") for text, meta in _versions()
    }  # "Birinci nüsha" and "İkinci nüsha"
    counter = tmp_path / "calls"
    save(store, root / "index", [versions["Birinci nüsha"]])
    assert (
        _in_child(lambda: save(store, root / "index", [versions["İkinci nüsha"]]), None, counter)
        == 0
    )
    steps = int(counter.read_text())
    assert steps > 20

    outcomes = set()
    for kill_at in _moments(steps):
        before = _version_on_disk(root)
        [target] = set(versions) - {before}
        code = _in_child(partial(save, store, root / "index", [versions[target]]), kill_at, counter)
        assert code in (0, KILLED), code
        # Text and metadata may disagree only while the decided change is still pending.
        if not (root / "documents" / ".telgraf.intent").exists():
            assert _version_on_disk(root) in versions
        archive = _archive(root)
        served = archive.document("telgraf").title
        archive.close()
        if code == 0:  # acknowledged: on disk and in the index without any repair
            assert _version_on_disk(root) == served == target
        check_and_repair(store, root / "index")
        on_disk = _version_on_disk(root)
        assert not check_and_repair(store, root / "index").found_anything
        assert not [p.name for p in (root / "documents").iterdir() if p.name.startswith(".")]
        archive = _archive(root)
        assert archive.document("telgraf").title == on_disk  # the index holds what the files do
        archive.close()
        outcomes.add((code, on_disk == target))
    # Early kills leave the old version, late ones the new one: both moments were hit.
    assert {(KILLED, False), (KILLED, True), (0, True)} <= outcomes


def test_a_kill_during_a_removal_never_half_removes(root: Path, tmp_path: Path) -> None:
    store = _store(root)
    [old, _new] = [prepare(text, meta, "telgraf") for text, meta in _versions()]
    counter = tmp_path / "calls"
    save(store, root / "index", [old])
    assert _in_child(lambda: remove(store, root / "index", ["telgraf"]), None, counter) == 0
    steps = int(counter.read_text())
    for kill_at in _moments(steps):
        save(store, root / "index", [old])
        code = _in_child(lambda: remove(store, root / "index", ["telgraf"]), kill_at, counter)
        assert _version_on_disk(root) in (None, "Birinci nüsha")
        check_and_repair(store, root / "index")
        on_disk = _version_on_disk(root)
        if code == 0:
            assert on_disk is None
        archive = _archive(root)
        if on_disk is None:
            with pytest.raises(NotFound):
                archive.document("telgraf")
        else:
            assert archive.document("telgraf").title == on_disk
        archive.close()


def test_save_refuses_before_writing_when_an_id_exists(root: Path) -> None:
    text, _ = _ataturk(LETTER)
    files = sorted(p.name for p in (root / "documents").iterdir())
    with pytest.raises(DocumentExists):
        ingest.save(_store(root), root / "index", [prepare(text, None, SEED)], replace=False)
    assert sorted(p.name for p in (root / "documents").iterdir()) == files
