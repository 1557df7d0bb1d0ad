"""Adding, replacing and removing documents when PostgreSQL holds the archive.

The checks are ``ingest``'s (``prepare`` has parsed the submission before this is called),
and so is the choice of ids (``plan_ids``); what differs is where the change goes. Each
write is one transaction on the primary: it first advances the archive's generation, whose
row lock puts the writers of every node in one line (so a derived id is unique and a
``POST`` of an existing id is a conflict, whichever node it reaches), then deletes and
inserts. A write is acknowledged once it has committed, and it commits with
``synchronous_commit = remote_apply``: where the primary lists its replicas in
``synchronous_standby_names``, the commit returns only once they have replayed it, so a
search sent after the answer finds it through any node, whichever replica that node reads.
A node with a read replica of its own (``ARCHIVE_DATABASE_READ_URL``) also waits until that
replica has replayed the write (at most ``REPLICA_WAIT``, which is logged), which covers
replicas that stream asynchronously.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import psycopg

from archive_api.errors import IndexUnavailable, NotFound
from archive_api.ingest import Saved, Submission, plan_ids, with_id
from archive_api.pg.archive import generation_name
from archive_api.pg.writer import Stored, advance, connect, prepare, write

log = logging.getLogger(__name__)

REPLICA_WAIT = 10.0  # seconds a write waits at most for the read replica to replay it
_POLL = 0.01


class _Held:
    """The documents of the database, as ``plan_ids`` asks about them, in the write's
    transaction."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def exists(self, doc_id: str) -> bool:
        row = self._connection.execute(
            "SELECT 1 FROM documents WHERE id = %s", (doc_id,)
        ).fetchone()
        return row is not None


def save(
    url: str,
    submissions: Sequence[Submission],
    *,
    replace: bool = True,
    read_url: str | None = None,
) -> list[Saved]:
    """Write ``submissions`` in one transaction; ``replace=False`` refuses an id that
    exists (``DocumentExists``)."""
    with _writing(url) as connection:
        with connection.transaction():
            _acknowledged_when_applied(connection)
            generation = advance(connection)
            plan = plan_ids(_Held(connection), submissions, replace)
            stored = [
                Stored(
                    with_id(sub.document, doc_id),
                    sub.source(doc_id),
                    sub.text_bytes,
                    sub.metadata_bytes,
                )
                for doc_id, _, sub in plan
            ]
            write(connection, stored, ())
        _wait_for_replica(connection, read_url, url)
    name = generation_name(generation)
    return [
        Saved(doc_id, created, with_id(sub.document, doc_id), name) for doc_id, created, sub in plan
    ]


def remove(url: str, doc_ids: Sequence[str], *, read_url: str | None = None) -> str:
    """Delete documents in one transaction; ``NotFound`` (and no change) when any of them
    is not held. Returns the generation the archive is at."""
    with _writing(url) as connection:
        with connection.transaction():
            _acknowledged_when_applied(connection)
            generation = advance(connection)
            held = _Held(connection)
            for doc_id in doc_ids:
                if not held.exists(doc_id):
                    raise NotFound(f"no document {doc_id!r}")
            write(connection, (), list(dict.fromkeys(doc_ids)))
        _wait_for_replica(connection, read_url, url)
    return generation_name(generation)


class _writing:
    """A connection to the primary for one write; a database that cannot be reached is an
    unavailable archive (503), and nothing was written."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._connection: psycopg.Connection[Any] | None = None

    def __enter__(self) -> psycopg.Connection[Any]:
        try:
            self._connection = connect(self._url)
            prepare(self._connection)
        except psycopg.Error as exc:
            raise IndexUnavailable(f"the database cannot be written: {_first_line(exc)}") from exc
        return self._connection

    def __exit__(self, kind: Any, exc: Any, trace: Any) -> None:
        if self._connection is not None:
            self._connection.close()
        if isinstance(exc, psycopg.Error):
            raise IndexUnavailable(f"the database cannot be written: {_first_line(exc)}") from exc


def _acknowledged_when_applied(connection: psycopg.Connection[Any]) -> None:
    """This transaction's commit waits for the synchronous standbys to replay it (none
    listed: as an ordinary commit)."""
    connection.execute("SET LOCAL synchronous_commit = 'remote_apply'")


def _wait_for_replica(primary: psycopg.Connection[Any], read_url: str | None, url: str) -> None:
    """Wait until the read replica has replayed what the primary has written so far."""
    if not read_url or read_url == url:
        return
    row = primary.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    primary.commit()
    if row is None:
        return
    deadline = time.monotonic() + REPLICA_WAIT
    try:
        with psycopg.connect(read_url, autocommit=True) as replica:
            while True:
                caught = replica.execute(
                    "SELECT pg_last_wal_replay_lsn() IS NULL"
                    " OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                    (row[0],),
                ).fetchone()
                if caught is not None and caught[0]:
                    return
                if time.monotonic() > deadline:
                    log.warning(
                        "the read replica has not replayed the write after %ss", REPLICA_WAIT
                    )
                    return
                time.sleep(_POLL)
    except psycopg.Error as exc:
        log.warning("the read replica cannot be asked whether it has the write: %s", exc)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


__all__ = ["REPLICA_WAIT", "remove", "save"]
