from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from archive_api.errors import NotFound, ParseError
from archive_api.store import DocumentStore, is_valid_id, read_text_file

SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture
def store(documents_dir: Path) -> DocumentStore:
    return DocumentStore(documents_dir)


def test_ids_are_the_text_files_with_valid_names(store: DocumentStore) -> None:
    (store.root / "Bad Name.txt").write_text("Ankara", encoding="utf-8")
    (store.root / "notes.md").write_text("Ankara", encoding="utf-8")
    (store.root / "orphan.json").write_text("{}", encoding="utf-8")
    assert store.ids() == [SEED]
    assert store.skipped() == ["Bad Name.txt"]


def test_read_gives_the_text_and_its_metadata(store: DocumentStore, seed_text: str) -> None:
    text, metadata = store.read(SEED)
    assert text == seed_text
    assert text.startswith(" GİRİŞ")
    assert metadata is not None
    assert metadata.title == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert metadata.kind == "article"
    assert "Çiçerin" in metadata.tags


def test_metadata_is_optional(store: DocumentStore) -> None:
    store.metadata_path(SEED).unlink()
    text, metadata = store.read(SEED)
    assert metadata is None
    assert "Tchitcherine" in text


def test_a_byte_order_mark_is_dropped(store: DocumentStore) -> None:
    (store.root / "ek-1.txt").write_bytes("\ufeffAnkara, 9.5.1336 (1920)".encode())
    assert store.read("ek-1")[0] == "Ankara, 9.5.1336 (1920)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Kâzım Karabekir".encode("cp1254"), "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"", "empty"),
        (b" \n\n \t\n", "empty"),
    ],
)
def test_unreadable_text_is_a_parse_error_naming_the_file(
    store: DocumentStore, content: bytes, message: str
) -> None:
    (store.root / "bozuk.txt").write_bytes(content)
    with pytest.raises(ParseError, match=message) as caught:
        store.read("bozuk")
    assert caught.value.source is not None
    assert caught.value.source.endswith("bozuk.txt")
    assert "bozuk.txt" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"title": "Gümrü Andlaşması",', "invalid JSON"),
        ('["Gümrü"]', "JSON object"),
        ("", "empty"),
        ('{"title": 1920}', None),
        ('{"tags": "Çiçerin"}', None),
    ],
)
def test_bad_metadata_is_a_parse_error_naming_the_json_file(
    store: DocumentStore, content: str, message: str | None
) -> None:
    store.metadata_path(SEED).write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=message) as caught:
        store.read(SEED)
    assert f"{SEED}.json" in str(caught.value)


@pytest.mark.parametrize(
    "doc_id",
    ["nope", "../documents/" + SEED, "..", "a..b", "/etc/passwd", "Turk", ".hidden", "x" * 129, ""],
)
def test_unknown_or_invalid_ids_are_not_found(store: DocumentStore, doc_id: str) -> None:
    with pytest.raises(NotFound):
        store.read(doc_id)
    with pytest.raises(NotFound):
        store.load(doc_id)


def test_no_id_reaches_outside_the_root(store: DocumentStore) -> None:
    (store.root.parent / "secret.txt").write_text("gizli", encoding="utf-8")
    with pytest.raises(NotFound):
        store.read("../secret")


@pytest.mark.parametrize(
    ("doc_id", "valid"),
    [
        (SEED, True),
        ("ek-1", True),
        ("1920.05.09_tahrirat", True),
        ("a" * 128, True),
        ("a" * 129, False),
        ("-leading-dash", False),
        ("Büyük", False),
        ("a/b", False),
        ("a..b", False),
    ],
)
def test_id_pattern(doc_id: str, valid: bool) -> None:
    assert is_valid_id(doc_id) is valid


def test_read_text_file_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_text_file(tmp_path / "yok.txt")


def test_fingerprint_follows_content_not_timestamps(store: DocumentStore, tmp_path: Path) -> None:
    before = store.fingerprint()
    copy = tmp_path / "copy"
    shutil.copytree(store.root, copy)
    assert DocumentStore(copy).fingerprint() == before
    os.utime(store.text_path(SEED), (0, 0))
    assert store.fingerprint() == before


def test_fingerprint_changes_with_any_source_file(store: DocumentStore) -> None:
    seen = {store.fingerprint()}
    with store.text_path(SEED).open("a", encoding="utf-8") as handle:
        handle.write("\nGümrü Barışı.\n")
    seen.add(store.fingerprint())
    store.metadata_path(SEED).write_text('{"kind": "article"}', encoding="utf-8")
    seen.add(store.fingerprint())
    (store.root / "ek-1.txt").write_text("Ankara, 9.5.1336 (1920)", encoding="utf-8")
    seen.add(store.fingerprint())
    store.metadata_path(SEED).unlink()
    seen.add(store.fingerprint())
    assert len(seen) == 5


def test_a_missing_root_is_reported(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        DocumentStore(tmp_path / "yok").ids()


def test_load_parses_the_seed(store: DocumentStore) -> None:
    document = store.load(SEED)
    assert document.id == SEED
    assert document.title == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert len(document.letters) == 4
    assert [a.number for a in document.annexes] == [1, 2, 3, 4]
    assert [d.id for d in store.load_all()] == [SEED]
