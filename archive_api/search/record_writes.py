"""Writing the record store (``record_store`` holds its format and its reader).

A build fills a new store document by document (``StoreWriter``), or joins the part stores
of its processes (``merge_stores``). An update writes the next generation's delta beside
the shared base, or folds a delta grown past ``COMPACT_RATIO`` of its base into a new one
(``update_records``). Every file is written without a journal inside a generation nobody
reads yet; see ``record_store`` for why that is safe.
"""

from __future__ import annotations

import secrets
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from archive_api.models import Document
from archive_api.search.generations import RECORDS, RECORDS_DELTA, share_file
from archive_api.search.matches import reading_of
from archive_api.search.record_store import (
    COLUMNS,
    DELTA_SCHEMA,
    SCHEMA,
    STORE_VERSION,
    fact,
    listing_values,
    pack,
    sqlite_uri,
)

COMPACT_RATIO = 0.125  # a delta larger than this share of its base is folded into it


def _writable(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(sqlite_uri(path), uri=True, isolation_level=None)
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    return connection


def _insert(connection: sqlite3.Connection, doc: Document) -> None:
    connection.execute(
        f"INSERT INTO documents ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc.id, *listing_values(doc), pack(doc)),
    )
    connection.execute(
        "INSERT INTO readings (document_id, data) VALUES (?, ?)", (doc.id, pack(reading_of(doc)))
    )
    connection.executemany(
        "INSERT INTO letters (document_id, ordinal, data) VALUES (?, ?, ?)",
        [(doc.id, n, pack(letter)) for n, letter in enumerate(doc.letters)],
    )


def _delete(connection: sqlite3.Connection, doc_id: str) -> None:
    connection.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    connection.execute("DELETE FROM letters WHERE document_id = ?", (doc_id,))
    connection.execute("DELETE FROM readings WHERE document_id = ?", (doc_id,))


class StoreWriter:
    """A new store being filled, one document at a time, in one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._connection = _writable(path)
        try:
            self._connection.executescript(SCHEMA)
            self._connection.execute("BEGIN")
            self._connection.executemany(
                "INSERT INTO facts VALUES (?, ?)",
                [("version", str(STORE_VERSION)), ("store", secrets.token_hex(8))],
            )
        except BaseException:
            self._connection.close()
            raise

    def add(self, doc: Document) -> None:
        _insert(self._connection, doc)
        self.count += 1

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if kind is None:
                self._connection.execute("COMMIT")
        finally:
            self._connection.close()


def write_store(path: Path, documents: Iterable[Document]) -> int:
    """Write a new store at ``path`` holding ``documents``; returns how many it holds."""
    with StoreWriter(path) as writer:
        for doc in documents:
            writer.add(doc)
    return writer.count


def merge_stores(target: Path, parts: Sequence[Path]) -> int:
    """Join the stores ``parts`` (each a run of documents, in order) into a new store at
    ``target``, deleting each part once it is copied; returns how many documents it holds."""
    with StoreWriter(target) as writer:
        connection = writer._connection
        for part in parts:  # SQLite attaches outside a transaction only
            connection.execute("COMMIT")
            connection.execute("ATTACH DATABASE ? AS part", (sqlite_uri(part, "?mode=ro"),))
            connection.execute("BEGIN")
            connection.execute(
                f"INSERT INTO documents ({COLUMNS}) SELECT {COLUMNS} FROM part.documents"
                " ORDER BY rowid"
            )
            connection.execute("INSERT INTO letters SELECT * FROM part.letters")
            connection.execute("INSERT INTO readings SELECT * FROM part.readings")
            writer.count += connection.execute("SELECT count(*) FROM part.documents").fetchone()[0]
            connection.execute("COMMIT")
            connection.execute("DETACH DATABASE part")
            connection.execute("BEGIN")
            part.unlink()
    return writer.count


def update_records(
    source: Path, target: Path, removed: Iterable[str], added: Iterable[Document]
) -> None:
    """Give the generation folder ``target`` the records of ``source`` without the
    documents ``removed`` and with ``added`` (a replaced document is in both).

    The base is shared with ``source`` and only the delta is written, unless the delta
    has grown past ``COMPACT_RATIO`` of the base: then both are folded into a new base.
    """
    base, delta = source / RECORDS, source / RECORDS_DELTA
    has_delta = delta.is_file()
    if has_delta and delta.stat().st_size > base.stat().st_size * COMPACT_RATIO:
        _fold(base, delta, target / RECORDS, removed, added)
        return
    share_file(base, target / RECORDS)
    if has_delta:
        shutil.copyfile(delta, target / RECORDS_DELTA)
    connection = _writable(target / RECORDS_DELTA)
    try:
        connection.execute("ATTACH DATABASE ? AS base", (sqlite_uri(base, "?mode=ro"),))
        if not has_delta:
            connection.executescript(DELTA_SCHEMA)
            connection.executemany(
                "INSERT INTO facts VALUES (?, ?)",
                [("version", str(STORE_VERSION)), ("base", fact(connection, "base", "store"))],
            )
        connection.execute("BEGIN")
        for doc_id in removed:
            _delete(connection, doc_id)
            connection.execute(
                "INSERT OR IGNORE INTO removed SELECT id FROM base.documents WHERE id = ?",
                (doc_id,),
            )
        for doc in added:
            _insert(connection, doc)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _fold(
    base: Path, delta: Path, target: Path, removed: Iterable[str], added: Iterable[Document]
) -> None:
    """Write at ``target`` one store holding ``base`` as ``delta`` changes it, then the
    changes asked for: a new base, with an identity of its own."""
    shutil.copyfile(base, target)
    connection = _writable(target)
    try:
        connection.execute("ATTACH DATABASE ? AS delta", (sqlite_uri(delta, "?mode=ro"),))
        connection.execute("BEGIN")
        hidden = "(SELECT id FROM delta.removed)"
        connection.execute(f"DELETE FROM documents WHERE id IN {hidden}")
        connection.execute(f"DELETE FROM letters WHERE document_id IN {hidden}")
        connection.execute(f"DELETE FROM readings WHERE document_id IN {hidden}")
        connection.execute(
            f"INSERT INTO documents ({COLUMNS}) SELECT {COLUMNS} FROM delta.documents"
        )
        connection.execute("INSERT INTO letters SELECT * FROM delta.letters")
        connection.execute("INSERT INTO readings SELECT * FROM delta.readings")
        connection.execute(
            "UPDATE facts SET value = ? WHERE key = 'store'", (secrets.token_hex(8),)
        )
        for doc_id in removed:
            _delete(connection, doc_id)
        for doc in added:
            _insert(connection, doc)
        connection.execute("COMMIT")
    finally:
        connection.close()
