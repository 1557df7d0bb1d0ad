"""The parsed documents of one index generation, in SQLite, read a few at a time.

A worker must not hold the whole archive: its memory would grow with every document and
with every worker. Each generation therefore keeps its documents in ``records.sqlite``, one
row per document (the parsed model, pickled and compressed, and the few columns the search
page lists), the document's ``Reading`` (what dressing a hit needs of it) and a row per
letter for the listing across the archive. Readers open the
file read-only and immutable (a generation is never written once it is current), keep a
small cache of recently read documents, and page listings in SQL.

The file is written once by the indexer, inside the generation it belongs to; an
incremental update copies it into the new generation and rewrites only the documents that
changed. Neither needs a journal: a generation nobody has switched to is thrown away whole
when a write dies, and ``publish`` flushes the file before ``CURRENT`` names it.
"""

from __future__ import annotations

import pickle
import shutil
import sqlite3
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from archive_api.models import Document, Letter
from archive_api.search.matches import Reading, reading_of

STORE_VERSION = 1
CACHE_DOCUMENTS = 64  # parsed documents a reader keeps (the most recently read)
CACHE_READINGS = 1024  # readings (what hit dressing needs of a document) a reader keeps
_STREAM_BATCH = 64

_SCHEMA = """
CREATE TABLE facts (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    date TEXT,
    date_original TEXT,
    kind TEXT,
    pages INTEGER NOT NULL,
    letters INTEGER NOT NULL,
    footnotes INTEGER NOT NULL,
    annexes INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE readings (document_id TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE letters (
    document_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (document_id, ordinal)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class DocumentSummary:
    """What a list of documents shows without reading the documents themselves."""

    id: str
    title: str
    date: str | None
    date_original: str | None
    kind: str | None
    pages: int
    letters: int
    footnotes: int
    annexes: int


def _pack(value: Any) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


def _document(data: bytes) -> Document:
    doc = _unpack(data)
    if not isinstance(doc, Document):
        raise TypeError(f"the record store holds a {type(doc).__name__}, not a document")
    return doc


def _writable(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    return connection


def _insert(connection: sqlite3.Connection, doc: Document) -> None:
    meta = doc.metadata
    connection.execute(
        "INSERT INTO documents (id, title, date, date_original, kind, pages, letters,"
        " footnotes, annexes, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc.id,
            doc.title,
            meta.date,
            meta.date_original,
            meta.kind,
            len(doc.pages),
            len(doc.letters),
            len(doc.footnotes),
            len(doc.annexes),
            _pack(doc),
        ),
    )
    connection.execute(
        "INSERT INTO readings (document_id, data) VALUES (?, ?)", (doc.id, _pack(reading_of(doc)))
    )
    connection.executemany(
        "INSERT INTO letters (document_id, ordinal, data) VALUES (?, ?, ?)",
        [(doc.id, n, _pack(letter)) for n, letter in enumerate(doc.letters)],
    )


class StoreWriter:
    """A new store being filled, one document at a time, in one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._connection = _writable(path)
        try:
            self._connection.executescript(_SCHEMA)
            self._connection.execute("BEGIN")
            self._connection.execute(
                "INSERT INTO facts VALUES ('version', ?)", (str(STORE_VERSION),)
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
    columns = "id, title, date, date_original, kind, pages, letters, footnotes, annexes, data"
    with StoreWriter(target) as writer:
        connection = writer._connection
        for part in parts:  # SQLite attaches outside a transaction only
            connection.execute("COMMIT")
            connection.execute("ATTACH DATABASE ? AS part", (str(part),))
            connection.execute("BEGIN")
            connection.execute(
                f"INSERT INTO documents ({columns}) SELECT {columns} FROM part.documents"
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


def update_store(
    source: Path, target: Path, removed: Iterable[str], added: Iterable[Document]
) -> None:
    """Copy the store at ``source`` to ``target``, then drop the documents ``removed`` and
    add ``added`` there (a replaced document is in both), in one transaction."""
    shutil.copyfile(source, target)
    connection = _writable(target)
    try:
        connection.execute("BEGIN")
        for doc_id in removed:
            connection.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            connection.execute("DELETE FROM letters WHERE document_id = ?", (doc_id,))
            connection.execute("DELETE FROM readings WHERE document_id = ?", (doc_id,))
        for doc in added:
            _insert(connection, doc)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _readonly(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise FileNotFoundError(f"no record store: {path.name}")
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


class RecordStore(Mapping[str, Document]):
    """Documents by id from one generation's store, read on demand.

    One connection is shared under a lock; long walks over every document (a dump, the
    letters of the whole archive) open a connection of their own, so a walk that outlives
    the request, or the generation being retired, is not cut off.
    """

    def __init__(self, path: Path, cache_size: int = CACHE_DOCUMENTS) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = _readonly(path)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Document] = OrderedDict()
        self._cache_size = cache_size
        self._readings: OrderedDict[str, Reading | None] = OrderedDict()
        try:
            version = self._one("SELECT value FROM facts WHERE key = 'version'")
            if version is None or version[0] != str(STORE_VERSION):
                raise ValueError(f"record store version {version}, this code reads {STORE_VERSION}")
            self._count = int(self._one("SELECT count(*) FROM documents")[0])
            self._letters = int(self._one("SELECT count(*) FROM letters")[0])
        except BaseException:
            self.close()
            raise

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            return self._execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._execute(sql, params).fetchall()

    def _execute(self, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
        """Run ``sql`` (the lock is held). A store closed while a request still pages in
        it (its generation was replaced meanwhile) is opened again for that request."""
        if self._connection is None:
            self._connection = _readonly(self.path)
        return self._connection.execute(sql, params)

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        connection = _readonly(self.path)
        try:
            cursor = connection.execute(sql, params)
            while batch := cursor.fetchmany(_STREAM_BATCH):
                yield from batch
        finally:
            connection.close()

    def __getitem__(self, doc_id: str) -> Document:
        with self._lock:
            doc = self._cache.get(doc_id)
            if doc is not None:
                self._cache.move_to_end(doc_id)
                return doc
            row = self._execute("SELECT data FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KeyError(doc_id)
            doc = _document(row[0])
            self._cache[doc_id] = doc
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return doc

    def reading(self, doc_id: str) -> Reading | None:
        """What dressing a hit needs of a document (None: no such document); a small
        object, read and kept much more cheaply than the document."""
        with self._lock:
            if doc_id in self._readings:
                self._readings.move_to_end(doc_id)
                return self._readings[doc_id]
            row = self._execute(
                "SELECT data FROM readings WHERE document_id = ?", (doc_id,)
            ).fetchone()
            reading = _unpack(row[0]) if row is not None else None
            if reading is not None and not isinstance(reading, Reading):
                raise TypeError(f"the record store holds a {type(reading).__name__}, not a reading")
            self._readings[doc_id] = reading
            if len(self._readings) > CACHE_READINGS:
                self._readings.popitem(last=False)
            return reading

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str):
            return False
        return self._one("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._stream("SELECT id FROM documents ORDER BY id"))

    def ids(self) -> list[str]:
        return [row[0] for row in self._all("SELECT id FROM documents ORDER BY id")]

    def page(self, offset: int, limit: int) -> list[Document]:
        """Documents in id order from ``offset`` on, at most ``limit`` of them."""
        rows = self._all(
            "SELECT id FROM documents ORDER BY id LIMIT ? OFFSET ?", (max(limit, 0), offset)
        )
        return [self[row[0]] for row in rows]

    def walk(self) -> Iterator[Document]:
        """Every document in id order, read in batches and not kept."""
        return (_document(row[0]) for row in self._stream("SELECT data FROM documents ORDER BY id"))

    def summaries(self) -> list[DocumentSummary]:
        """Every document's title, date, kind and counts, in id order."""
        rows = self._all(
            "SELECT id, title, date, date_original, kind, pages, letters, footnotes, annexes"
            " FROM documents ORDER BY id"
        )
        return [DocumentSummary(*row) for row in rows]

    @property
    def letter_count(self) -> int:
        return self._letters

    def letter_page(self, offset: int, limit: int) -> list[tuple[str, int]]:
        """(document id, letter number) of letters in archive order, from ``offset`` on."""
        rows = self._all(
            "SELECT document_id, ordinal FROM letters ORDER BY document_id, ordinal"
            " LIMIT ? OFFSET ?",
            (max(limit, 0), offset),
        )
        return [(str(doc_id), int(ordinal)) for doc_id, ordinal in rows]

    def walk_letters(self) -> Iterator[tuple[str, int, Letter]]:
        """Every letter in archive order with its document id and number, not kept."""
        rows = self._stream(
            "SELECT document_id, ordinal, data FROM letters ORDER BY document_id, ordinal"
        )
        return ((str(doc_id), int(n), _unpack(data)) for doc_id, n, data in rows)

    def close(self) -> None:
        with self._lock:
            self._cache.clear()
            self._readings.clear()
            if self._connection is not None:
                self._connection.close()
                self._connection = None


class DocumentList(Sequence[Document]):
    """All documents of a store as a sequence: its length is a count, a slice is a page
    read from the store, iteration walks the store without keeping what it read."""

    def __init__(self, store: RecordStore) -> None:
        self._store = store

    def __len__(self) -> int:
        return len(self._store)

    @overload
    def __getitem__(self, index: int) -> Document: ...

    @overload
    def __getitem__(self, index: slice) -> list[Document]: ...

    def __getitem__(self, index: int | slice) -> Document | list[Document]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self._store.page(start, stop - start)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._store.page(index, 1)[0]

    def __iter__(self) -> Iterator[Document]:
        return self._store.walk()
