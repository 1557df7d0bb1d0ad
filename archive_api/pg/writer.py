"""Writing documents into PostgreSQL, each write one transaction.

A write is acknowledged once it has committed, and a reader sees a document whole, before
the write or after it: a replace deletes the document (its letters and records go with it)
and inserts the new one in the same transaction. Records go in with ``COPY``. Concurrent
writers of the same documents are ordered by the rows' locks; creating the tables takes an
advisory lock, so that two nodes starting together do it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from archive_api.errors import ArchiveError
from archive_api.models import Document
from archive_api.pg.lexemes import tsvector_literal
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
    """Make the tables if they are missing; refuse a database of another schema version."""
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SETUP_LOCK,))
        connection.execute(TABLES)
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
    values = dict(row)
    values["ord"] = row["order"]
    values["seq"] = seq
    for name in ("sender", "recipient", "place"):
        values[name] = str(row.get(name) or "").split()
    values["lexemes"] = tsvector_literal(str(row["body"]))
    return tuple(values.get(column) for column in RECORD_COLUMNS)


@dataclass(frozen=True)
class Written:
    """What a write did: documents stored and records they hold, documents removed."""

    documents: int
    records: int
    removed: int = 0


def save_documents(
    connection: psycopg.Connection[Any], documents: Iterable[tuple[Document, str]]
) -> Written:
    """Store each ``(document, source digest)``, replacing one of the same id; one
    transaction for all."""
    count = records = 0
    with connection.transaction():
        for doc, source in documents:
            _delete(connection, [doc.id])
            records += _insert(connection, doc, source)
            count += 1
    return Written(count, records)


def delete_documents(connection: psycopg.Connection[Any], doc_ids: Sequence[str]) -> Written:
    """Remove the documents ``doc_ids`` (those held) in one transaction."""
    with connection.transaction():
        removed = _delete(connection, doc_ids)
    return Written(0, 0, removed)


def load_store(connection: psycopg.Connection[Any], store: DocumentStore) -> Written:
    """Make the database hold exactly the documents of ``store``, in one transaction:
    readers see the archive before or after, never between."""
    with connection.transaction():
        connection.execute("TRUNCATE documents, letters, records")
        return save_documents(connection, _parsed(store))


def held_sources(connection: psycopg.Connection[Any]) -> dict[str, str]:
    """The source digest of every document the database holds, by id."""
    rows = connection.execute("SELECT id, source FROM documents").fetchall()
    return {str(doc_id): bytes(source).decode("utf-8") for doc_id, source in rows}


def _parsed(store: DocumentStore) -> Iterator[tuple[Document, str]]:
    for doc_id in store.ids():
        source = store.source(doc_id)
        if source is not None:
            yield store.load(doc_id), source


def _delete(connection: psycopg.Connection[Any], doc_ids: Sequence[str]) -> int:
    if not doc_ids:
        return 0
    cursor = connection.execute("DELETE FROM documents WHERE id = ANY(%s)", (list(doc_ids),))
    return cursor.rowcount


def _insert(connection: psycopg.Connection[Any], doc: Document, source: str) -> int:
    connection.execute(
        "INSERT INTO documents (id, source, title, date, date_original, kind, pages, letters,"
        " footnotes, annexes, data, reading) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
        " %s, %s)",
        (doc.id, source.encode("utf-8"), *listing_values(doc), pack(doc), pack(reading_of(doc))),
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO letters (document_id, ordinal, data) VALUES (%s, %s, %s)",
            [(doc.id, n, pack(letter)) for n, letter in enumerate(doc.letters)],
        )
        rows = checked_rows(doc)
        columns = ", ".join(RECORD_COLUMNS)
        with cursor.copy(f"COPY records ({columns}) FROM STDIN") as copy:
            for seq, row in enumerate(rows):
                copy.write_row(record_values(row, seq))
    return len(rows)


__all__ = [
    "DatabaseMismatch",
    "Written",
    "connect",
    "delete_documents",
    "held_sources",
    "load_store",
    "prepare",
    "record_values",
    "save_documents",
]
