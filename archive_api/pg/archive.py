"""The read side of the archive over PostgreSQL: what ``search.searcher.Archive`` is over
an index folder, with the same methods, so the HTTP layer does not know which it talks to.

Reads go to ``read_url`` (a streaming replica, say) or else to the primary. Nothing is
opened until first use and a forked child opens its own connections. Each search runs in
one repeatable-read transaction, so its counts, facets and hits come from one snapshot
while other nodes write. A connection that broke (a restarted server, a failover) is
reopened at the next request; while the database cannot be reached, requests get
``IndexUnavailable`` (503), never a half answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import psycopg

from archive_api.config import Settings
from archive_api.errors import IndexUnavailable, NotFound
from archive_api.models import Document, Letter
from archive_api.pg.pages import search_page
from archive_api.pg.records import PgRecordStore
from archive_api.pg.schema import SCHEMA_VERSION
from archive_api.search.query import plan_query
from archive_api.search.record_store import DocumentList, DocumentSummary, RecordStore
from archive_api.search.results import SearchPage, empty_page
from archive_api.search.schema import TEXT_FIELDS, build_schema
from archive_api.search.searcher import search_arguments
from archive_api.search.suggest import MEMO_LIMIT, suggest

log = logging.getLogger(__name__)

GENERATION_PREFIX = "db-"  # generations of the database: db-<number of writes>


def generation_name(number: int) -> str:
    return f"{GENERATION_PREFIX}{number:08d}"


class PgArchive:
    """Parsed documents and search over the archive a PostgreSQL database holds."""

    def __init__(self, url: str, read_url: str | None = None, memory_mb: int = 0) -> None:
        self.url = url
        self.read_url = read_url or url
        self.memory_mb = memory_mb  # the embedded archive's setting: nothing to settle here
        self._schema = build_schema()
        self._analyzers = {name: self._schema[name].analyzer for name in TEXT_FIELDS}
        self._reset()

    @classmethod
    def from_settings(cls, settings: Settings) -> PgArchive:
        if not settings.database_url:
            raise IndexUnavailable("ARCHIVE_BACKEND is postgres but ARCHIVE_DATABASE_URL is unset")
        return cls(settings.database_url, settings.database_read_url, settings.worker_memory_mb)

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._connection: psycopg.Connection[Any] | None = None
        self._store: PgRecordStore | None = None
        self._spelling: dict[str, str | None] = {}
        self._searching = threading.Lock()

    # -- what the HTTP layer reads ------------------------------------------------------

    def settle_memory(self) -> bool:
        """Nothing is mapped or cached beyond bounded caches: never needed."""
        return False

    @property
    def settles(self) -> int:
        return 0

    def documents(self) -> DocumentList:
        """Every document in id order; a slice reads one page of them."""
        return DocumentList(cast(RecordStore, self._records()))

    def summaries(self) -> list[DocumentSummary]:
        with self._reading():
            return self._records().summaries()

    def letter_count(self) -> int:
        with self._reading():
            return self._records().letter_count

    def letter_refs(self, offset: int, limit: int) -> list[tuple[str, int]]:
        with self._reading():
            return self._records().letter_page(offset, limit)

    def walk_letters(self) -> Iterator[tuple[str, int, Letter]]:
        return self._records().walk_letters()

    def document(self, doc_id: str) -> Document:
        with self._reading():
            try:
                return self._records()[doc_id]
            except KeyError:
                raise NotFound(f"no document {doc_id!r}") from None

    def search(
        self,
        q: str | None = None,
        *,
        types: list[str] | None = None,
        document_ids: list[str] | None = None,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        kind: str | None = None,
        sender: str | None = None,
        recipient: str | None = None,
        place: str | None = None,
        page: int = 1,
        per_page: int = 10,
        sort: str = "relevance",
        facet_size: int | None = None,
    ) -> SearchPage:
        """As ``Archive.search``: the same arguments, checks and page."""
        text, filters = search_arguments(
            q,
            types=types,
            document_ids=document_ids,
            date_from=date_from,
            date_to=date_to,
            kind=kind,
            sender=sender,
            recipient=recipient,
            place=place,
            page=page,
            per_page=per_page,
            sort=sort,
            facet_size=facet_size,
        )
        plan = plan_query(text, self._schema) if text else None
        if len(self._spelling) >= MEMO_LIMIT:
            self._spelling.clear()  # the vocabulary changes with every write
        with self._snapshot() as connection:
            if text and plan is None:
                from archive_api.pg.vocabulary import Vocabulary

                words = Vocabulary(connection)
                return empty_page(suggest(text, words, self._analyzers, self._spelling))
            return search_page(
                connection,
                self._records(),
                self._analyzers,
                plan,
                filters,
                text=text,
                sort=sort,
                page=page,
                per_page=per_page,
                facet_size=facet_size,
                spelling=self._spelling,
            )

    def health(self) -> dict[str, Any]:
        """Facts about the archive the database holds now; IndexUnavailable if it cannot
        be read."""
        with self._snapshot() as connection:
            facts = dict(connection.execute("SELECT key, value FROM archive_facts").fetchall())
            counts = {
                str(kind): int(count)
                for kind, count in connection.execute(
                    'SELECT type COLLATE "C", count(*) FROM records GROUP BY 1 ORDER BY 1'
                ).fetchall()
            }
            row = connection.execute("SELECT count(*) FROM documents").fetchone()
        return {
            "status": "ok",
            "generation": generation_name(int(facts.get("generation", 0))),
            "created_at": facts.get("changed_at", ""),
            "schema_version": int(SCHEMA_VERSION),
            "documents": int(row[0]) if row is not None else 0,
            "records": sum(counts.values()),
            "counts": counts,
        }

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
            if self._connection is not None:
                self._connection.close()
            self._connection = self._store = None

    # -- connections --------------------------------------------------------------------

    def _records(self) -> PgRecordStore:
        self._open()
        assert self._store is not None
        return self._store

    def _open(self) -> psycopg.Connection[Any]:
        if os.getpid() != self._pid:
            self._reset()  # a forked child: its own connections, the parent's left alone
        connection = self._connection
        if connection is not None and _usable(connection) and self._store_usable():
            return connection
        with self._lock:
            if (
                self._connection is None
                or not _usable(self._connection)
                or not self._store_usable()
            ):
                if self._connection is not None:
                    self._connection.close()
                self._connection, self._store = self._connect()
            return self._connection

    def _store_usable(self) -> bool:
        return self._store is not None and self._store.usable

    def _connect(self) -> tuple[psycopg.Connection[Any], PgRecordStore]:
        try:
            connection = psycopg.connect(self.read_url, autocommit=True)
            found = connection.execute(
                "SELECT value FROM archive_facts WHERE key = 'schema_version'"
            ).fetchone()
        except psycopg.Error as exc:
            raise IndexUnavailable(f"the database cannot be read: {_reason(exc)}") from exc
        if found is None or found[0] != SCHEMA_VERSION:
            connection.close()
            held = found[0] if found is not None else "no archive"
            raise IndexUnavailable(
                f"the database holds {held!r}, this code reads schema {SCHEMA_VERSION}:"
                " run archive-api database"
            )
        if self._store is not None:
            self._store.close()
        connection.autocommit = False
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        return connection, PgRecordStore(self.read_url)

    @contextmanager
    def _snapshot(self) -> Iterator[psycopg.Connection[Any]]:
        """This worker's read connection in one read-only snapshot, one request at a time."""
        connection = self._open()
        with self._searching, self._database_errors(), connection.transaction():
            # The planner counts neither the reading of every record's lexemes out of line
            # nor how selective our prefixed lexemes are: a frequent word made it scan the
            # table (200 ms at 45,000 records) where the GIN index answers in a few. Scans
            # go through the indexes where one serves.
            connection.execute("SET LOCAL enable_seqscan = off")
            yield connection

    @contextmanager
    def _reading(self) -> Iterator[None]:
        self._open()
        with self._database_errors():
            yield

    @contextmanager
    def _database_errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            log.exception("reading the database failed")
            raise IndexUnavailable(f"the database cannot be read: {_reason(exc)}") from exc


def _usable(connection: psycopg.Connection[Any]) -> bool:
    return not (connection.closed or connection.broken)


def _reason(exc: psycopg.Error) -> str:
    """The server's message without the connection details a URL would give away."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


__all__ = ["GENERATION_PREFIX", "PgArchive", "generation_name"]
