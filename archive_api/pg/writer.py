"""Writing documents into PostgreSQL, each write one transaction.

A write is acknowledged once it has committed, and a reader sees a document whole, before
the write or after it: a replace deletes the document (its letters and records go with it)
and inserts the new one in the same transaction. Records go in with ``COPY``. Every write
first advances the archive's ``generation`` (a row of ``archive_facts``): the row's lock
puts writers from every node in one line, so ids are settled and the vocabulary counted
without races, and the number names the archive a write produced. Creating the tables takes
an advisory lock, so that two nodes starting together do it once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from archive_api.errors import ArchiveError
from archive_api.models import Document
from archive_api.pg.lexemes import analysed
from archive_api.pg.schema import RECORD_COLUMNS, SCHEMA_VERSION, TABLES
from archive_api.search.matches import reading_of
from archive_api.search.record_store import listing_values, pack
from archive_api.search.records import checked_rows
from archive_api.store import DocumentStore

_SETUP_LOCK = 0x61726368  # advisory lock key taken while the tables are made


class DatabaseMismatch(ArchiveError):
    """The database holds an archive of another schema version."""


def connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    """A connection to the archive's database (``postgresql://…``)."""
    return psycopg.connect(url, **kwargs)


def prepare(connection: psycopg.Connection[Any]) -> None:
    """Make the tables if they are missing; refuse a database of another schema version.
    A database already prepared is only read (the set-up would lock the tables)."""
    if _held_version(connection) == SCHEMA_VERSION:
        return
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SETUP_LOCK,))
        connection.execute(TABLES)
        connection.execute(
            "INSERT INTO archive_facts (key, value) VALUES ('generation', '0'),"
            " ('changed_at', %s) ON CONFLICT (key) DO NOTHING",
            (_now(),),
        )
        found = connection.execute(
            "SELECT value FROM archive_facts WHERE key = 'schema_version'"
        ).fetchone()
        if found is None:
            connection.execute(
                "INSERT INTO archive_facts (key, value) VALUES ('schema_version', %s)",
                (SCHEMA_VERSION,),
            )
        elif found[0] != SCHEMA_VERSION:
            raise DatabaseMismatch(
                f"the database holds schema {found[0]}, this code writes {SCHEMA_VERSION}"
            )


def record_values(row: Mapping[str, Any], seq: int) -> tuple[Any, ...]:
    """One index row, the ``seq``-th of its document, as the values of ``records``
    (``RECORD_COLUMNS``), its text analysed."""
    return _record(row, seq)[0]


def _record(row: Mapping[str, Any], seq: int) -> tuple[tuple[Any, ...], set[str]]:
    values = dict(row)
    values["ord"] = row["order"]
    values["seq"] = seq
    for name in ("sender", "recipient", "place"):
        values[name] = str(row.get(name) or "").split()
    values["lexemes"], words = analysed(str(row["body"]))
    return tuple(values.get(column) for column in RECORD_COLUMNS), words


@dataclass(frozen=True)
class Stored:
    """A document to store: its parse, the digest of its files and, when known, the files."""

    document: Document
    source: str
    text: bytes | None = None
    metadata: bytes | None = None


@dataclass(frozen=True)
class Written:
    """What a write did: documents stored and records they hold, documents removed, and
    the generation the archive is at once it committed."""

    documents: int
    records: int
    removed: int = 0
    generation: int = 0


def save_documents(
    connection: psycopg.Connection[Any], documents: Iterable[Stored | tuple[Document, str]]
) -> Written:
    """Store each document, replacing one of the same id; one transaction for all (within
    the caller's transaction, when it has one)."""
    with connection.transaction():
        generation = advance(connection)
        stored = [given if isinstance(given, Stored) else Stored(*given) for given in documents]
        written = write(connection, stored, ())
    return Written(written.documents, written.records, 0, generation)


def delete_documents(connection: psycopg.Connection[Any], doc_ids: Sequence[str]) -> Written:
    """Remove the documents ``doc_ids`` (those held) in one transaction."""
    with connection.transaction():
        generation = advance(connection)
        written = write(connection, (), doc_ids)
    return Written(0, 0, written.removed, generation)


def write(
    connection: psycopg.Connection[Any], stored: Iterable[Stored], removed: Sequence[str]
) -> Written:
    """Within the caller's transaction, once it has ``advance``d: store documents (each
    replacing one of the same id), remove others, and count the vocabulary's change."""
    count = records = 0
    words: Counter[str] = Counter()
    for one in stored:
        _delete(connection, [one.document.id], words)
        records += _insert(connection, one, words)
        count += 1
    gone = _delete(connection, removed, words)
    _count_words(connection, words)
    return Written(count, records, gone)


def load_store(connection: psycopg.Connection[Any], store: DocumentStore) -> Written:
    """Make the database hold exactly the documents of ``store``, in one transaction:
    readers see the archive before or after, never between."""
    with connection.transaction():
        connection.execute("TRUNCATE documents, letters, records, words")
        return save_documents(connection, stored_documents(store, store.ids()))


def advance(connection: psycopg.Connection[Any]) -> int:
    """Take the writers' lock for this transaction and count one more write: the new
    generation."""
    row = connection.execute(
        "UPDATE archive_facts SET value = (value::bigint + 1)::text"
        " WHERE key = 'generation' RETURNING value"
    ).fetchone()
    connection.execute("UPDATE archive_facts SET value = %s WHERE key = 'changed_at'", (_now(),))
    return int(row[0]) if row is not None else 0


def stored_documents(store: DocumentStore, doc_ids: Iterable[str]) -> Iterator[Stored]:
    """The documents ``doc_ids`` of ``store`` with their files, parsed (one at a time)."""
    for doc_id in doc_ids:
        source = store.source(doc_id)
        if source is None:
            raise FileNotFoundError(f"{doc_id} disappeared from the documents folder")
        meta = store.metadata_path(doc_id)
        yield Stored(
            store.load(doc_id),
            source,
            store.text_path(doc_id).read_bytes(),
            meta.read_bytes() if meta.is_file() else None,
        )


def held_sources(connection: psycopg.Connection[Any]) -> dict[str, str]:
    """The source digest of every document the database holds, by id."""
    rows = connection.execute("SELECT id, source FROM documents").fetchall()
    return {str(doc_id): bytes(source).decode("utf-8") for doc_id, source in rows}


def _held_version(connection: psycopg.Connection[Any]) -> str | None:
    with connection.transaction():
        row = connection.execute("SELECT to_regclass('archive_facts') IS NOT NULL").fetchone()
        if not (row and row[0]):
            return None
        found = connection.execute(
            "SELECT value FROM archive_facts WHERE key = 'schema_version'"
        ).fetchone()
    return str(found[0]) if found is not None else None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _delete(
    connection: psycopg.Connection[Any], doc_ids: Sequence[str], words: Counter[str]
) -> int:
    """Delete the documents held among ``doc_ids``, taking their words off ``words``."""
    if not doc_ids:
        return 0
    rows = connection.execute(
        "DELETE FROM documents WHERE id = ANY(%s) RETURNING words, word_records",
        (list(doc_ids),),
    ).fetchall()
    for held, counts in rows:
        words.subtract(dict(zip(held, counts, strict=True)))
    return len(rows)


def _insert(connection: psycopg.Connection[Any], stored: Stored, words: Counter[str]) -> int:
    doc = stored.document
    rows = checked_rows(doc)
    values: list[tuple[Any, ...]] = []
    held: Counter[str] = Counter()
    for seq, row in enumerate(rows):
        record, record_words = _record(row, seq)
        values.append(record)
        held.update(record_words)
    own = sorted(held)
    connection.execute(
        "INSERT INTO documents (id, source, title, date, date_original, kind, pages, letters,"
        " footnotes, annexes, data, reading, text, metadata, words, word_records)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            doc.id,
            stored.source.encode("utf-8"),
            *listing_values(doc),
            pack(doc),
            pack(reading_of(doc)),
            stored.text,
            stored.metadata,
            own,
            [held[word] for word in own],
        ),
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO letters (document_id, ordinal, data) VALUES (%s, %s, %s)",
            [(doc.id, n, pack(letter)) for n, letter in enumerate(doc.letters)],
        )
        columns = ", ".join(RECORD_COLUMNS)
        with cursor.copy(f"COPY records ({columns}) FROM STDIN") as copy:
            for record in values:
                copy.write_row(record)
    words.update(held)
    return len(rows)


def _count_words(connection: psycopg.Connection[Any], words: Counter[str]) -> None:
    """Add the change ``words`` to the vocabulary's counts; a word no record holds any more
    leaves it."""
    changed = sorted(word for word, count in words.items() if count)
    if not changed:
        return
    connection.execute(
        "INSERT INTO words (word, records) SELECT * FROM unnest(%s::text[], %s::integer[])"
        " ON CONFLICT (word) DO UPDATE SET records = words.records + EXCLUDED.records",
        (changed, [words[word] for word in changed]),
    )
    gone = [word for word in changed if words[word] < 0]
    if gone:
        connection.execute("DELETE FROM words WHERE word = ANY(%s) AND records <= 0", (gone,))


__all__ = [
    "DatabaseMismatch",
    "Stored",
    "Written",
    "advance",
    "connect",
    "delete_documents",
    "held_sources",
    "load_store",
    "prepare",
    "record_values",
    "save_documents",
    "stored_documents",
    "write",
]
