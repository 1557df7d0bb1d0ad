"""Bring the database in line with ``documents/``: what ``index --check`` is to the
embedded index. Documents are compared by the digest of their source files; the missing
and changed ones are written and, when asked, the extra ones removed, all in one
transaction. Once the API writes into the database, the folder is an import, not the
archive: documents added through the API are "extra" and stay unless pruning is asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from archive_api.pg.writer import held_sources
from archive_api.store import DocumentStore


@dataclass
class SyncReport:
    missing: list[str] = field(default_factory=list)  # in documents/, not in the database
    stale: list[str] = field(default_factory=list)  # in both, with other sources
    extra: list[str] = field(default_factory=list)  # in the database only
    applied: bool = False

    @property
    def in_line(self) -> bool:
        return not (self.missing or self.stale or self.extra)

    def lines(self) -> list[str]:
        """One line per finding (``kind: id``), as ``index --check`` prints them."""
        out = [f"missing: {doc_id}" for doc_id in self.missing]
        out += [f"stale: {doc_id}" for doc_id in self.stale]
        out += [f"extra: {doc_id}" for doc_id in self.extra]
        return out


def compare(store: DocumentStore, connection: psycopg.Connection[Any]) -> SyncReport:
    """How the database differs from ``store``, changing nothing."""
    on_disk, held = store.sources(), held_sources(connection)
    return SyncReport(
        missing=sorted(set(on_disk) - set(held)),
        stale=sorted(
            doc_id for doc_id in set(on_disk) & set(held) if on_disk[doc_id] != held[doc_id]
        ),
        extra=sorted(set(held) - set(on_disk)),
    )


def sync(store: DocumentStore, connection: psycopg.Connection[Any], *, prune: bool) -> SyncReport:
    """Compare, then write the missing and stale documents and, with ``prune``, remove the
    extra ones, in one transaction (under a lock, so that two nodes syncing at once do it
    once). Without ``prune`` the documents added through the API stay."""
    from archive_api.pg.writer import delete_documents, save_documents, stored_documents

    with connection.transaction():
        connection.execute("LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE")
        report = compare(store, connection)
        if not report.in_line:
            changed = report.missing + report.stale
            save_documents(connection, stored_documents(store, changed))
            if prune:
                delete_documents(connection, report.extra)
            report.applied = bool(changed or (prune and report.extra))
    return report


__all__ = ["SyncReport", "compare", "sync"]
