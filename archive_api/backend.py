"""The one place that knows which backend holds the archive (``ARCHIVE_BACKEND``).

Everything above it (the API, the reading pages, the exports) sees an :class:`ArchiveReader`
and calls :func:`save` and :func:`remove`; the embedded backend (``search.searcher`` over
an index folder, ``ingest`` over ``documents/``) and the PostgreSQL backend (``pg``) each
answer the same calls with the same results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from archive_api.config import Settings

if TYPE_CHECKING:
    from archive_api.ingest import Saved, Submission
    from archive_api.models import Document, Letter
    from archive_api.search.record_store import DocumentList, DocumentSummary
    from archive_api.search.results import SearchPage


class ArchiveReader(Protocol):
    """The read side of an archive, for one process."""

    def documents(self) -> DocumentList: ...

    def summaries(self) -> list[DocumentSummary]: ...

    def letter_count(self) -> int: ...

    def letter_refs(self, offset: int, limit: int) -> list[tuple[str, int]]: ...

    def walk_letters(self) -> Iterator[tuple[str, int, Letter]]: ...

    def document(self, doc_id: str) -> Document: ...

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
    ) -> SearchPage: ...

    def health(self) -> dict[str, Any]: ...

    def settle_memory(self) -> bool: ...

    def close(self) -> None: ...


def open_archive(settings: Settings) -> ArchiveReader:
    """The read side of the configured backend (opens nothing until first use)."""
    if settings.backend == "postgres":
        from archive_api.pg.archive import PgArchive

        return PgArchive.from_settings(settings)
    from archive_api.search.searcher import Archive

    return Archive.from_settings(settings)


def save(settings: Settings, submissions: Sequence[Submission], *, replace: bool) -> list[Saved]:
    """Store checked submissions; answers once every reader can find them (the embedded
    backend: in the generation named by ``index/CURRENT``; PostgreSQL: committed, and
    replayed by the read replica)."""
    if settings.backend == "postgres":
        from archive_api.pg import ingest as pg_ingest

        return pg_ingest.save(
            _database(settings), submissions, replace=replace, read_url=settings.database_read_url
        )
    from archive_api import ingest
    from archive_api.store import DocumentStore

    return ingest.save(
        DocumentStore(settings.documents_dir), settings.index_dir, submissions, replace=replace
    )


def remove(settings: Settings, doc_ids: Sequence[str]) -> str:
    """Remove documents (``NotFound`` when one is not held); the generation written."""
    if settings.backend == "postgres":
        from archive_api.pg import ingest as pg_ingest

        return pg_ingest.remove(_database(settings), doc_ids, read_url=settings.database_read_url)
    from archive_api import ingest
    from archive_api.store import DocumentStore

    manifest = ingest.remove(DocumentStore(settings.documents_dir), settings.index_dir, doc_ids)
    return manifest.generation


def readers_follow_by_themselves(settings: Settings) -> bool:
    """False when readers look for a new state on their own schedule (the embedded
    backend's workers look at ``index/CURRENT`` every ``reload_interval``), so a write
    must wait that long before it answers."""
    return settings.backend == "postgres"


def _database(settings: Settings) -> str:
    from archive_api.errors import IndexUnavailable

    if not settings.database_url:
        raise IndexUnavailable("ARCHIVE_BACKEND is postgres but ARCHIVE_DATABASE_URL is unset")
    return settings.database_url


__all__ = [
    "ArchiveReader",
    "open_archive",
    "readers_follow_by_themselves",
    "remove",
    "save",
]
