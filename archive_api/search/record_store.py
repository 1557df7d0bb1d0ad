"""The parsed documents of one index generation, in SQLite, read a few at a time.

A worker must not hold the whole archive: its memory would grow with every document and
with every worker. Each generation therefore keeps its documents in ``records.sqlite``, one
row per document (the parsed model, pickled and compressed, and the few columns the search
page lists), the document's ``Reading`` (what dressing a hit needs of it) and a row per
letter for the listing across the archive. Readers open the
file read-only and immutable (a generation is never written once it is current), keep a
small cache of recently read documents, and page listings in SQL; ``record_writes``
writes the files.

The build writes that file once, inside the generation it belongs to. An incremental
update must cost what the changed documents cost, not a copy of the archive, so it shares
the file with the generation before (a hard link) and writes only a small
``records-delta.sqlite`` beside it: the documents added or replaced since that base, and
the ids of the base's documents that are hidden. Readers see the union through views. A
delta that outgrows an eighth of its base is folded into a new base (one copy, now and
then). Neither file needs a journal: a generation nobody has switched to is thrown away
whole when a write dies, and ``publish`` flushes the files before ``CURRENT`` names it.
"""

from __future__ import annotations

import pickle
import sqlite3
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from archive_api.models import Document, Letter
from archive_api.search.generations import RECORDS, RECORDS_DELTA
from archive_api.search.matches import Reading

STORE_VERSION = 2
CACHE_DOCUMENTS = 64  # parsed documents a reader keeps (the most recently read)
CACHE_READINGS = 1024  # readings (what hit dressing needs of a document) a reader keeps
_STREAM_BATCH = 64

SCHEMA = """
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
# A delta holds the same tables for what it adds, and the base's documents it hides.
DELTA_SCHEMA = SCHEMA + "CREATE TABLE removed (id TEXT PRIMARY KEY) WITHOUT ROWID;\n"
COLUMNS = "id, title, date, date_original, kind, pages, letters, footnotes, annexes, data"


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


def listing_values(doc: Document) -> tuple[Any, ...]:
    """What a list of documents shows of ``doc``, in ``DocumentSummary``'s order after the
    id: title, date, original date, kind and the counts."""
    meta = doc.metadata
    return (
        doc.title,
        meta.date,
        meta.date_original,
        meta.kind,
        len(doc.pages),
        len(doc.letters),
        len(doc.footnotes),
        len(doc.annexes),
    )


def pack(value: Any) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


def _document(data: bytes) -> Document:
    doc = _unpack(data)
    if not isinstance(doc, Document):
        raise TypeError(f"the record store holds a {type(doc).__name__}, not a document")
    return doc


def sqlite_uri(path: Path, query: str = "") -> str:
    return path.resolve().as_uri() + query


def fact(connection: sqlite3.Connection, schema: str, key: str) -> str | None:
    row = connection.execute(f"SELECT value FROM {schema}.facts WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _count(connection: sqlite3.Connection, table: str) -> int:
    return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _readonly(path: Path, delta: Path | None) -> sqlite3.Connection:
    """A read-only connection whose views ``all_documents``, ``all_readings`` and
    ``all_letters`` show the base with its delta applied."""
    for part in (path, delta):
        if part is not None and not part.is_file():
            raise FileNotFoundError(f"no record store: {part.name}")
    connection = sqlite3.connect(
        sqlite_uri(path, "?mode=ro&immutable=1"), uri=True, check_same_thread=False
    )
    try:
        documents = f"SELECT {COLUMNS} FROM main.documents"
        readings = "SELECT document_id, data FROM main.readings"
        letters = "SELECT document_id, ordinal, data FROM main.letters"
        if delta is not None:
            connection.execute(
                "ATTACH DATABASE ? AS delta", (sqlite_uri(delta, "?mode=ro&immutable=1"),)
            )
            shown = "NOT IN (SELECT id FROM delta.removed)"
            documents += f" WHERE id {shown} UNION ALL SELECT {COLUMNS} FROM delta.documents"
            readings += f" WHERE document_id {shown} UNION ALL SELECT * FROM delta.readings"
            letters += f" WHERE document_id {shown} UNION ALL SELECT * FROM delta.letters"
        connection.execute(f"CREATE TEMP VIEW all_documents AS {documents}")
        connection.execute(f"CREATE TEMP VIEW all_readings AS {readings}")
        connection.execute(f"CREATE TEMP VIEW all_letters AS {letters}")
    except BaseException:
        connection.close()
        raise
    return connection


def open_records(
    generation: Path, cache_size: int = CACHE_DOCUMENTS, documents: int | None = None
) -> RecordStore:
    """The record store of the generation folder ``generation`` (its base and delta).

    ``documents`` is the count its manifest names: a store holding another (a delta gone
    missing, a torn write) is refused rather than served short.
    """
    delta = generation / RECORDS_DELTA
    store = RecordStore(generation / RECORDS, cache_size, delta if delta.exists() else None)
    if documents is not None and len(store) != documents:
        store.close()
        raise ValueError(f"its records hold {len(store)} documents, its manifest {documents}")
    return store


class RecordStore(Mapping[str, Document]):
    """Documents by id from one generation's store, read on demand.

    One connection is shared under a lock; long walks over every document (a dump, the
    letters of the whole archive) open a connection of their own, so a walk that outlives
    the request, or the generation being retired, is not cut off.
    """

    def __init__(
        self, path: Path, cache_size: int = CACHE_DOCUMENTS, delta: Path | None = None
    ) -> None:
        self.path = path
        self.delta = delta
        self._connection: sqlite3.Connection | None = _readonly(path, delta)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Document] = OrderedDict()
        self._cache_size = cache_size
        self._readings: OrderedDict[str, Reading | None] = OrderedDict()
        try:
            self._count, self._letters = self._check()
        except BaseException:
            self.close()
            raise

    def _check(self) -> tuple[int, int]:
        """Refuse a store of another version, or a delta written on another base; return
        the counts of documents and letters.

        The counts come from the parts without a scan of the union: an update hides only
        documents of the base, and hides every base document that its delta replaces.
        """
        connection = self._connection
        assert connection is not None
        with self._lock:
            version = fact(connection, "main", "version")
            if version != str(STORE_VERSION):
                raise ValueError(f"record store version {version}, this code reads {STORE_VERSION}")
            documents = _count(connection, "main.documents")
            letters = _count(connection, "main.letters")
            if self.delta is None:
                return documents, letters
            version = fact(connection, "delta", "version")
            if version != str(STORE_VERSION):
                raise ValueError(f"record delta version {version}, this code reads {STORE_VERSION}")
            if fact(connection, "delta", "base") != fact(connection, "main", "store"):
                raise ValueError("the record delta was written on another base")
            documents += _count(connection, "delta.documents") - _count(connection, "delta.removed")
            letters += _count(connection, "delta.letters") - _count(
                connection, "main.letters WHERE document_id IN delta.removed"
            )
            return documents, letters

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
            self._connection = _readonly(self.path, self.delta)
        return self._connection.execute(sql, params)

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        connection = _readonly(self.path, self.delta)
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
            row = self._execute("SELECT data FROM all_documents WHERE id = ?", (doc_id,)).fetchone()
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
                "SELECT data FROM all_readings WHERE document_id = ?", (doc_id,)
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
        return self._one("SELECT 1 FROM all_documents WHERE id = ?", (doc_id,)) is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._stream("SELECT id FROM all_documents ORDER BY id"))

    def ids(self) -> list[str]:
        return [row[0] for row in self._all("SELECT id FROM all_documents ORDER BY id")]

    def page(self, offset: int, limit: int) -> list[Document]:
        """Documents in id order from ``offset`` on, at most ``limit`` of them."""
        rows = self._all(
            "SELECT id FROM all_documents ORDER BY id LIMIT ? OFFSET ?", (max(limit, 0), offset)
        )
        return [self[row[0]] for row in rows]

    def walk(self) -> Iterator[Document]:
        """Every document in id order, read in batches and not kept."""
        rows = self._stream("SELECT data FROM all_documents ORDER BY id")
        return (_document(row[0]) for row in rows)

    def summaries(self) -> list[DocumentSummary]:
        """Every document's title, date, kind and counts, in id order."""
        rows = self._all(
            "SELECT id, title, date, date_original, kind, pages, letters, footnotes, annexes"
            " FROM all_documents ORDER BY id"
        )
        return [DocumentSummary(*row) for row in rows]

    @property
    def letter_count(self) -> int:
        return self._letters

    def letter_page(self, offset: int, limit: int) -> list[tuple[str, int]]:
        """(document id, letter number) of letters in archive order, from ``offset`` on."""
        rows = self._all(
            "SELECT document_id, ordinal FROM all_letters ORDER BY document_id, ordinal"
            " LIMIT ? OFFSET ?",
            (max(limit, 0), offset),
        )
        return [(str(doc_id), int(ordinal)) for doc_id, ordinal in rows]

    def walk_letters(self) -> Iterator[tuple[str, int, Letter]]:
        """Every letter in archive order with its document id and number, not kept."""
        rows = self._stream(
            "SELECT document_id, ordinal, data FROM all_letters ORDER BY document_id, ordinal"
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
