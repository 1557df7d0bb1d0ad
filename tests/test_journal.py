"""Crash-safe writes to the documents directory, and recovery from each state a crash leaves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_api import journal
from archive_api.store import DocumentStore

OLD = (b"eski metin\n", b'{"title": "Eski"}')
NEW = (b"yeni metin\n", b'{"title": "Yeni"}')


def _files(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir())


def _pair(root: Path, doc_id: str = "belge") -> tuple[bytes, bytes | None]:
    meta = root / f"{doc_id}.json"
    return (root / f"{doc_id}.txt").read_bytes(), meta.read_bytes() if meta.exists() else None


def test_write_creates_both_files_and_leaves_nothing_else(tmp_path: Path) -> None:
    journal.write_document(tmp_path, "belge", *NEW)
    assert _files(tmp_path) == ["belge.json", "belge.txt"]
    assert _pair(tmp_path) == NEW


def test_write_replaces_both_and_without_metadata_drops_the_json(tmp_path: Path) -> None:
    journal.write_document(tmp_path, "belge", *OLD)
    journal.write_document(tmp_path, "belge", *NEW)
    assert _pair(tmp_path) == NEW
    journal.write_document(tmp_path, "belge", b"salt metin\n", None)
    assert _files(tmp_path) == ["belge.txt"]


def test_delete_removes_both(tmp_path: Path) -> None:
    journal.write_document(tmp_path, "belge", *OLD)
    journal.delete_document(tmp_path, "belge")
    assert _files(tmp_path) == []


@pytest.mark.parametrize("doc_id", ["../disari", "Belge", "", ".gizli", "a/b"])
def test_ids_that_could_escape_are_refused(tmp_path: Path, doc_id: str) -> None:
    with pytest.raises(ValueError):
        journal.write_document(tmp_path, doc_id, *NEW)
    with pytest.raises(ValueError):
        journal.delete_document(tmp_path, doc_id)
    assert _files(tmp_path) == []


def _crashed_before_intent(root: Path) -> None:
    """The temporary files of NEW are on disk; the intent was never written."""
    journal._write_temp(root, "belge.txt", NEW[0])
    journal._write_temp(root, "belge.json", NEW[1])


def _crashed_after_intent(root: Path, applied: int) -> None:
    """The intent of NEW is on disk and ``applied`` of its two renames were done."""
    text = journal._write_temp(root, "belge.txt", NEW[0])
    meta = journal._write_temp(root, "belge.json", NEW[1])
    intent = {"id": "belge", "text": text.name, "metadata": meta.name}
    (root / ".belge.intent").write_text(json.dumps(intent), encoding="utf-8")
    if applied >= 1:
        meta.replace(root / "belge.json")
    if applied >= 2:
        text.replace(root / "belge.txt")


def test_recovery_drops_an_undecided_write(tmp_path: Path) -> None:
    journal.write_document(tmp_path, "belge", *OLD)
    _crashed_before_intent(tmp_path)
    assert DocumentStore(tmp_path).ids() == ["belge"]  # the store never lists temp files
    recovery = journal.recover(tmp_path)
    assert recovery.completed == [] and len(recovery.removed) == 2
    assert _files(tmp_path) == ["belge.json", "belge.txt"]
    assert _pair(tmp_path) == OLD


@pytest.mark.parametrize("applied", [0, 1, 2])
def test_recovery_finishes_a_decided_write(tmp_path: Path, applied: int) -> None:
    journal.write_document(tmp_path, "belge", *OLD)
    _crashed_after_intent(tmp_path, applied)
    if applied == 1:
        assert _pair(tmp_path) == (OLD[0], NEW[1])  # the mix a crash can leave...
    recovery = journal.recover(tmp_path)
    assert recovery.completed == ["belge"]
    assert _pair(tmp_path) == NEW  # ...never survives recovery
    assert _files(tmp_path) == ["belge.json", "belge.txt"]
    assert not journal.recover(tmp_path)  # nothing left to do


def test_recovery_finishes_a_decided_delete(tmp_path: Path) -> None:
    journal.write_document(tmp_path, "belge", *OLD)
    (tmp_path / ".belge.intent").write_text('{"id": "belge", "delete": true}', encoding="utf-8")
    (tmp_path / "belge.txt").unlink()  # killed between the two deletions
    assert journal.recover(tmp_path).completed == ["belge"]
    assert _files(tmp_path) == []


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"id": "baska", "delete": true}',
        '{"id": "belge", "text": "../../etc/passwd"}',
        '{"id": "belge", "text": ".baska.txt.tmp-0123abcd"}',
    ],
)
def test_a_foreign_or_broken_intent_changes_nothing(tmp_path: Path, content: str) -> None:
    journal.write_document(tmp_path, "belge", *OLD)
    (tmp_path / ".belge.intent").write_text(content, encoding="utf-8")
    recovery = journal.recover(tmp_path)
    assert recovery.completed == [] and recovery.removed == [".belge.intent"]
    assert _pair(tmp_path) == OLD


def test_recovery_leaves_other_files_alone(tmp_path: Path) -> None:
    for name in ("notlar.md", ".gizli", "belge.txt.tmp-0123abcd", ".x.txt.tmp-zz"):
        (tmp_path / name).write_text("el yazısı", encoding="utf-8")
    assert not journal.recover(tmp_path)
    assert len(_files(tmp_path)) == 4


def test_recovery_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert not journal.recover(tmp_path / "yok")
