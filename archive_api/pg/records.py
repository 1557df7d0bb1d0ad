"""The parsed documents held in PostgreSQL, read a few at a time: what ``RecordStore`` is
for one index generation, for a database that other nodes write to.

The answers are the embedded store's (a test compares them): documents in id order (the
ids are ``COLLATE "C"``, byte order, as SQLite orders them), summaries, pages of letters,
readings. What differs is that the database changes under a reader: counts are asked for,
not kept, and a document or reading kept from an earlier read is used only while the
document's source digest is still the one it was read with, so a replace acknowledged by
another node is seen at the next read.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg

from archive_api.errors import IndexUnavailable
from archive_api.models import Document, Letter
from archive_api.search.matches import Reading
from archive_api.search.record_store import CACHE_DOCUMENTS, CACHE_READINGS, DocumentSummary

_BATCH = 64


@contextmanager
def _unavailable() -> Iterator[None]:
    """A database that cannot be read is an unavailable archive (503), not a bug."""
    try:
        yield
    except psycopg.Error as exc:
        raise IndexUnavailable(f"the database cannot be read: {type(exc).__name__}") from exc


def _unpack(data: bytes, kind: type) -> Any:
    value = pickle.loads(zlib.decompress(data))
    if not isinstance(value, kind):
        raise TypeError(f"the database holds a {type(value).__name__}, not a {kind.__name__}")
    return value


class PgRecordStore(Mapping[str, Document]):
    """Documents, readings and letters of the database at ``url``; safe to share between
    threads (one connection, used under a lock)."""

    def __init__(self, url: str, cache_size: int = CACHE_DOCUMENTS) -> None:
        self.url = url
        self._connection: psycopg.Connection[Any] = psycopg.connect(url, autocommit=True)
        self._lock = threading.Lock()
        self._cache_size = cache_size
        self._documents: OrderedDict[str, tuple[bytes, Document]] = OrderedDict()
        self._readings: OrderedDict[str, tuple[bytes, Reading]] = OrderedDict()

    @property
    def usable(self) -> bool:
        """False once the connection is closed or broke (the caller opens a new store)."""
        return not (self._connection.closed or self._connection.broken)

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock, _unavailable():
            return self._connection.execute(sql, params).fetchall()

    def _kept(
        self,
        table: OrderedDict[str, tuple[bytes, Any]],
        doc_id: str,
        column: str,
        kind: type,
        size: int,
    ) -> Any:
        """``column`` of the document ``doc_id``, unpacked; from ``table`` while its
        source is unchanged. None when the database does not hold the document."""
        if "\x00" in doc_id:
            return None  # no id holds it, and PostgreSQL's text cannot
        with self._lock, _unavailable():
            found = table.get(doc_id)
            # One round trip: the data only when the source differs from the one kept.
            row = self._connection.execute(
                f"SELECT source, CASE WHEN source = %s THEN NULL ELSE {column} END"
                " FROM documents WHERE id = %s",
                (found[0] if found is not None else b"", doc_id),
            ).fetchone()
            if row is None:
                table.pop(doc_id, None)
                return None
            if row[1] is None and found is not None:
                table.move_to_end(doc_id)
                return found[1]
            value = _unpack(bytes(row[1]), kind)
            table[doc_id] = (bytes(row[0]), value)
            if len(table) > size:
                table.popitem(last=False)
            return value

    def __getitem__(self, doc_id: str) -> Document:
        doc = self._kept(self._documents, doc_id, "data", Document, self._cache_size)
        if doc is None:
            raise KeyError(doc_id)
        return doc  # type: ignore[no-any-return]

    def reading(self, doc_id: str) -> Reading | None:
        """What dressing a hit needs of a document (None: no such document)."""
        found = self._kept(self._readings, doc_id, "reading", Reading, CACHE_READINGS)
        return found  # type: ignore[no-any-return]

    def readings(self, doc_ids: Iterable[str]) -> dict[str, Reading]:
        """The readings of several documents in one round trip (those held), each from
        the kept ones while its source is unchanged."""
        wanted = sorted({doc_id for doc_id in doc_ids if "\x00" not in doc_id})
        if not wanted:
            return {}
        with self._lock, _unavailable():
            known = [self._readings.get(doc_id, (b"", None))[0] for doc_id in wanted]
            rows = self._connection.execute(
                "SELECT d.id, d.source, CASE WHEN d.source = k.known THEN NULL ELSE d.reading END"
                " FROM documents d JOIN unnest(%s::text[], %s::bytea[]) AS k(id, known)"
                " ON d.id = k.id",
                (wanted, known),
            ).fetchall()
            found: dict[str, Reading] = {}
            for doc_id, source, data in rows:
                kept = self._readings.get(str(doc_id))
                if data is None and kept is not None:
                    self._readings.move_to_end(str(doc_id))
                    found[str(doc_id)] = kept[1]
                    continue
                value = _unpack(bytes(data), Reading)
                self._readings[str(doc_id)] = (bytes(source), value)
                found[str(doc_id)] = value
            while len(self._readings) > CACHE_READINGS:
                self._readings.popitem(last=False)
            for doc_id in set(wanted) - set(found):
                self._readings.pop(doc_id, None)
            return found

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str) or "\x00" in doc_id:
            return False
        return bool(self._all("SELECT 1 FROM documents WHERE id = %s", (doc_id,)))

    def __len__(self) -> int:
        return int(self._all("SELECT count(*) FROM documents")[0][0])

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids())

    def ids(self) -> list[str]:
        return [str(row[0]) for row in self._all("SELECT id FROM documents ORDER BY id")]

    def page(self, offset: int, limit: int) -> list[Document]:
        """Documents in id order from ``offset`` on, at most ``limit`` of them."""
        rows = self._all(
            "SELECT id FROM documents ORDER BY id LIMIT %s OFFSET %s", (max(limit, 0), offset)
        )
        return [self[str(row[0])] for row in rows]

    def walk(self) -> Iterator[Document]:
        """Every document in id order, read in batches on a connection of its own (one
        snapshot) and not kept."""
        for (data,) in self._stream("SELECT data FROM documents ORDER BY id"):
            yield _unpack(bytes(data), Document)

    def summaries(self) -> list[DocumentSummary]:
        """Every document's title, date, kind and counts, in id order."""
        rows = self._all(
            "SELECT id, title, date, date_original, kind, pages, letters, footnotes, annexes"
            " FROM documents ORDER BY id"
        )
        return [DocumentSummary(*row) for row in rows]

    @property
    def letter_count(self) -> int:
        return int(self._all("SELECT count(*) FROM letters")[0][0])

    def letter_page(self, offset: int, limit: int) -> list[tuple[str, int]]:
        """(document id, letter number) of letters in archive order, from ``offset`` on."""
        rows = self._all(
            "SELECT document_id, ordinal FROM letters ORDER BY document_id, ordinal"
            " LIMIT %s OFFSET %s",
            (max(limit, 0), offset),
        )
        return [(str(doc_id), int(ordinal)) for doc_id, ordinal in rows]

    def walk_letters(self) -> Iterator[tuple[str, int, Letter]]:
        """Every letter in archive order with its document id and number, not kept."""
        rows = self._stream(
            "SELECT document_id, ordinal, data FROM letters ORDER BY document_id, ordinal"
        )
        for doc_id, ordinal, data in rows:
            yield str(doc_id), int(ordinal), _unpack(bytes(data), Letter)

    def _stream(self, sql: str) -> Iterator[Any]:
        with (
            _unavailable(),
            psycopg.connect(self.url) as connection,
            connection.transaction(),
            connection.cursor(name="walk") as cursor,
        ):
            cursor.itersize = _BATCH
            cursor.execute(sql)
            yield from cursor

    def close(self) -> None:
        with self._lock:
            self._documents.clear()
            self._readings.clear()
            self._connection.close()


__all__ = ["PgRecordStore"]
