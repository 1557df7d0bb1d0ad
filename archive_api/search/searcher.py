"""The read side of the archive for one process: parsed documents and search.

Documents are read from the generation's record store when asked for (``record_store``),
so what a worker holds does not grow with the archive beyond bounded caches.

Nothing is opened until first use, so a server that forks workers opens the index in each
worker, never in the parent. At most every ``reload_interval`` seconds a request looks at
``CURRENT``; when it names a new generation, that generation is opened completely before it
replaces the old one, and the old one is closed once no request uses it. A searcher is a
snapshot and is never refreshed in place. Nothing here writes to disk.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from archive_api.config import Settings
from archive_api.errors import IndexUnavailable, NotFound
from archive_api.models import Document, Letter
from archive_api.search.allocator import keep_search_memory
from archive_api.search.facets import Columns
from archive_api.search.filters import SearchArgumentError, SearchFilters
from archive_api.search.generations import Manifest, current_name, read_manifest
from archive_api.search.mapped import open_mapped
from archive_api.search.postings import PostingsReader
from archive_api.search.query import plan_query, weighting
from archive_api.search.record_store import DocumentList, DocumentSummary, open_records
from archive_api.search.resident import MB, ResidentLimit
from archive_api.search.results import (
    SORTS,
    Generation,
    Hit,
    Match,
    SearchPage,
    empty_page,
    run_search,
)
from archive_api.search.schema import SCHEMA_VERSION, TEXT_FIELDS
from archive_api.search.suggest import suggest

__all__ = [
    "SORTS",
    "Archive",
    "Hit",
    "Match",
    "SearchArgumentError",
    "SearchFilters",
    "SearchPage",
]

log = logging.getLogger(__name__)


def search_arguments(
    q: str | None,
    *,
    types: list[str] | None,
    document_ids: list[str] | None,
    date_from: str | dt.date | None,
    date_to: str | dt.date | None,
    kind: str | None,
    sender: str | None,
    recipient: str | None,
    place: str | None,
    page: int,
    per_page: int,
    sort: str,
    facet_size: int | None,
) -> tuple[str, SearchFilters]:
    """The search text and the filters of a search, its arguments checked the same way
    whatever the backend (``SearchArgumentError`` names the bad one)."""
    if page < 1:
        raise SearchArgumentError("page", "must be 1 or more")
    if per_page < 1:
        raise SearchArgumentError("per_page", "must be 1 or more")
    if facet_size is not None and facet_size < 1:
        raise SearchArgumentError("facet_size", "must be 1 or more")
    if sort not in SORTS:
        raise SearchArgumentError("sort", f"unknown order {sort!r}; one of {', '.join(SORTS)}")
    filters = SearchFilters.build(
        types=types,
        document_ids=document_ids,
        date_from=date_from,
        date_to=date_to,
        kind=kind,
        sender=sender,
        recipient=recipient,
        place=place,
    )
    return (q or "").strip(), filters


class _Generation:
    """One opened generation: the Whoosh searcher, the record store and the manifest."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.manifest: Manifest = read_manifest(path)
        if self.manifest.schema_version != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"generation {self.name} has schema {self.manifest.schema_version}, "
                f"this code reads {SCHEMA_VERSION}: rebuild the index"
            )
        try:
            self.documents = open_records(path, documents=self.manifest.documents)
        except Exception as exc:
            raise IndexUnavailable(f"cannot open generation {self.name}: {exc}") from exc
        try:
            self.index = open_mapped(path)
        except Exception as exc:
            self.documents.close()
            raise IndexUnavailable(f"cannot open generation {self.name}: {exc}") from exc
        try:
            self.searcher = self.index.searcher(weighting=weighting())
            columns = Columns.load(self.searcher.reader())
            self.postings = PostingsReader(self.searcher, path)
        except Exception as exc:
            self.index.close()
            self.documents.close()
            raise IndexUnavailable(f"cannot open generation {self.name}: {exc}") from exc
        # Index.schema re-reads the table of contents from disk on every access; the
        # searcher's copy is in memory and stays valid after the folder is pruned.
        self.schema = self.searcher.schema
        self.analyzers = {name: self.schema[name].analyzer for name in TEXT_FIELDS}
        self.view = Generation(
            self.searcher, columns, self.documents.reading, self.analyzers, self.postings
        )
        self.lock = threading.Lock()  # one search at a time on a shared searcher
        self.users = 0
        self.retired = False

    def close(self) -> None:
        self.postings.close()
        self.searcher.close()
        self.index.close()
        self.documents.close()


class Archive:
    """Parsed documents and search over the current index generation, read-only."""

    _gen: _Generation | None

    def __init__(
        self, index_root: Path | str, reload_interval: float = 1.0, memory_mb: int = 0
    ) -> None:
        keep_search_memory()
        self.index_root = Path(index_root)
        self.reload_interval = reload_interval
        self.memory_mb = memory_mb  # 0: settle_memory does nothing
        self._reset()

    @classmethod
    def from_settings(cls, settings: Settings) -> Archive:
        return cls(settings.index_dir, settings.reload_interval, settings.worker_memory_mb)

    def settle_memory(self) -> bool:
        """Between requests: bring the resident set back under ``memory_mb`` by unmapping
        the index pages read so far and trimming the heap (``resident``); True if it did."""
        if self._resident is None:
            return False
        return self._resident.settle()

    @property
    def settles(self) -> int:
        """How many times this process has settled its memory."""
        return self._resident.settled if self._resident is not None else 0

    def _release_pages(self) -> None:
        gen = self._gen
        if gen is not None:
            gen.index.storage.release_pages()

    def documents(self) -> DocumentList:
        """Every document in id order; a slice reads one page of them from the store."""
        with self._use() as gen:
            return DocumentList(gen.documents)

    def summaries(self) -> list[DocumentSummary]:
        """Title, date, kind and counts of every document, without reading the documents."""
        with self._use() as gen:
            return gen.documents.summaries()

    def letter_count(self) -> int:
        with self._use() as gen:
            return gen.documents.letter_count

    def letter_refs(self, offset: int, limit: int) -> list[tuple[str, int]]:
        """(document id, letter number) of the letters of the archive in order, one page."""
        with self._use() as gen:
            return gen.documents.letter_page(offset, limit)

    def walk_letters(self) -> Iterator[tuple[str, int, Letter]]:
        """Every letter of the archive in order, with its document id and number."""
        with self._use() as gen:
            return gen.documents.walk_letters()

    def document(self, doc_id: str) -> Document:
        with self._use() as gen:
            try:
                return gen.documents[doc_id]
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
        """One page of hits, best first (``sort="date"``: by date, then document order);
        without ``q``, every record the filters let through, by date and document order.

        Dates may be ISO of any precision or written as the documents write them
        (``3 Haziran 1920``, ``9.5.1336``). Each facet keeps its ``facet_size`` most
        frequent values (None: all). Bad arguments raise ``SearchArgumentError``.
        """
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
        with self._use() as gen:
            try:
                with gen.lock:
                    plan = plan_query(text, gen.schema) if text else None
                    if text and plan is None:
                        reader = gen.searcher.reader()
                        return empty_page(suggest(text, reader, gen.analyzers, gen.view.spelling))
                    return run_search(
                        gen.view,
                        text,
                        plan,
                        filters,
                        sort=sort,
                        page=page,
                        per_page=per_page,
                        facet_size=facet_size,
                    )
            except Exception as exc:
                # A generation removed or damaged under a reader: report it, do not crash.
                log.exception("search failed on index generation %s", gen.name)
                raise IndexUnavailable(f"index unreadable: {exc}") from exc

    def health(self) -> dict[str, Any]:
        """Facts about the open generation; raises IndexUnavailable if it cannot be read."""
        with self._use() as gen:
            try:
                with gen.lock:
                    records = gen.searcher.doc_count()
                    if records:
                        gen.searcher.stored_fields(0)
            except Exception as exc:
                raise IndexUnavailable(f"index unreadable: {exc}") from exc
            return {
                "status": "ok",
                "generation": gen.name,
                "created_at": gen.manifest.created_at,
                "schema_version": gen.manifest.schema_version,
                "documents": len(gen.documents),
                "records": records,
                "counts": dict(gen.manifest.counts),
            }

    def close(self) -> None:
        with self._lock:
            if self._gen is not None:
                self._gen.retired = True
                if self._gen.users == 0:
                    self._gen.close()
                self._gen = None

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._gen = None
        self._checked_at = 0.0
        self._resident = (
            ResidentLimit(self.memory_mb * MB, self._release_pages) if self.memory_mb else None
        )

    @contextmanager
    def _use(self) -> Iterator[_Generation]:
        if os.getpid() != self._pid:
            self._reset()  # a forked child: open its own files, leave the parent's alone
        with self._lock:
            self._reload_if_due()
            gen = self._gen
            if gen is None:
                raise IndexUnavailable("no index has been built")
            gen.users += 1
        try:
            yield gen
        finally:
            with self._lock:
                gen.users -= 1
                if gen.retired and gen.users == 0:
                    gen.close()

    def _reload_if_due(self) -> None:
        now = time.monotonic()
        if self._gen is not None and now - self._checked_at < self.reload_interval:
            return
        self._checked_at = now
        try:
            name = current_name(self.index_root)
            if name is None:
                raise IndexUnavailable("no index has been built")
            if self._gen is not None and self._gen.name == name:
                return
            fresh = _Generation(self.index_root / name)
        except IndexUnavailable:
            if self._gen is None:
                raise
            log.warning("keeping index generation %s", self._gen.name, exc_info=True)
            return
        old, self._gen = self._gen, fresh
        if old is not None:
            log.info("switched index generation %s -> %s", old.name, fresh.name)
            old.retired = True
            if old.users == 0:
                old.close()
