"""The read side of the archive for one process: parsed documents and search.

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
import pickle
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import sorting
from whoosh.index import open_dir
from whoosh.query import AndNot, Every, Not, Query

from archive_api.config import Settings
from archive_api.errors import IndexUnavailable, NotFound
from archive_api.models import Document
from archive_api.search.filters import SearchArgumentError, SearchFilters
from archive_api.search.generations import RECORDS, Manifest, current_name, read_manifest
from archive_api.search.query import build_query
from archive_api.search.schema import SCHEMA_VERSION, TEXT_FIELDS
from archive_api.search.snippets import make_snippet, match_spans

__all__ = ["Archive", "Hit", "SearchArgumentError", "SearchFilters", "SearchPage"]

log = logging.getLogger(__name__)


@dataclass
class Hit:
    id: str  # "<document>/<collection>/<record_id>"; a document's id is its own
    type: str
    document_id: str
    record_id: str
    title: str
    snippet: str  # HTML: the matched words in <mark>…</mark>, the rest escaped
    score: float  # 0.0 when listing without a query
    page: int | None
    section_id: str | None = None


@dataclass
class SearchPage:
    total: int
    hits: list[Hit]
    facets_by_type: dict[str, int] = field(default_factory=dict)  # type filter not applied


class _Generation:
    """One opened generation: the Whoosh searcher, the parsed documents and the manifest."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.manifest: Manifest = read_manifest(path)
        if self.manifest.schema_version != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"generation {self.name} has schema {self.manifest.schema_version}, "
                f"this code reads {SCHEMA_VERSION}: rebuild the index"
            )
        try:
            with open(path / RECORDS, "rb") as handle:
                documents: list[Document] = pickle.load(handle)
            self.index = open_dir(str(path), readonly=True)
        except Exception as exc:
            raise IndexUnavailable(f"cannot open generation {self.name}: {exc}") from exc
        try:
            self.searcher = self.index.searcher()
        except Exception as exc:
            self.index.close()
            raise IndexUnavailable(f"cannot open generation {self.name}: {exc}") from exc
        self.documents = {doc.id: doc for doc in sorted(documents, key=lambda d: d.id)}
        # Index.schema re-reads the table of contents from disk on every access; the
        # searcher's copy is in memory and stays valid after the folder is pruned.
        self.schema = self.searcher.schema
        self.analyzers = {name: self.schema[name].analyzer for name in TEXT_FIELDS}
        self.lock = threading.Lock()  # one search at a time on a shared searcher
        self.users = 0
        self.retired = False

    def close(self) -> None:
        self.searcher.close()
        self.index.close()


class Archive:
    """Parsed documents and search over the current index generation, read-only."""

    _gen: _Generation | None

    def __init__(self, index_root: Path | str, reload_interval: float = 1.0) -> None:
        self.index_root = Path(index_root)
        self.reload_interval = reload_interval
        self._reset()

    @classmethod
    def from_settings(cls, settings: Settings) -> Archive:
        return cls(settings.index_dir, settings.reload_interval)

    def documents(self) -> list[Document]:
        with self._use() as gen:
            return list(gen.documents.values())

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
    ) -> SearchPage:
        """One page of hits, best first; without ``q``, every record the filters let through,
        by date and then document order. Bad arguments raise ``SearchArgumentError``."""
        if page < 1:
            raise SearchArgumentError("page", "must be 1 or more")
        if per_page < 1:
            raise SearchArgumentError("per_page", "must be 1 or more")
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
        text = (q or "").strip()
        with self._use() as gen:
            query = build_query(text, gen.schema) if text else None
            if text and query is None:
                return SearchPage(total=0, hits=[], facets_by_type={})
            try:
                with gen.lock:
                    return _run(gen, query, filters, page, per_page)
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


def _run(
    gen: _Generation, query: Any, filters: SearchFilters, page: int, per_page: int
) -> SearchPage:
    searcher = gen.searcher
    browse = query is None
    if browse:
        query = Every()
    sortedby = filters.browse_order() if browse else None
    if filters.types:
        # Facets ignore the type filter, so they need a search of their own.
        facets = _facets(searcher, query, filters.without_types())
        results = searcher.search(
            query, filter=filters.query(), limit=page * per_page, sortedby=sortedby
        )
    else:
        # One pass gives both: grouping needs every match, so no limit is lost here.
        results = searcher.search(
            query,
            filter=filters.query(),
            limit=None,
            sortedby=sortedby,
            groupedby=_TYPE_FACET,
            maptype=sorting.Count,
        )
        facets = _type_counts(results)
    # Whoosh miscounts len(results) when the filter matches no record at all (an empty
    # allow-set reads as "no filter"); the facet counts are exact, so the total comes from them.
    total = sum(facets.get(t, 0) for t in filters.types) if filters.types else sum(facets.values())
    start = (page - 1) * per_page
    terms = _terms_by_field(query, searcher.reader()) if not browse else {}
    hits = []
    for hit in results[start : start + per_page]:
        stored = hit.fields()
        body = str(stored.get("body", ""))
        spans = match_spans(body, terms, gen.analyzers) if terms else []
        hits.append(
            Hit(
                id=str(stored["id"]),
                type=str(stored["type"]),
                document_id=str(stored["document_id"]),
                record_id=str(stored["record_id"]),
                title=str(stored.get("title") or ""),
                snippet=make_snippet(body, spans),
                score=0.0 if browse else float(hit.score),
                page=stored.get("page"),
                section_id=stored.get("section_id"),
            )
        )
    return SearchPage(total=total, hits=hits, facets_by_type=facets)


_TYPE_FACET = sorting.FieldFacet("type")


def _facets(searcher: Any, query: Any, filter_query: Any) -> dict[str, int]:
    results = searcher.search(
        query,
        filter=filter_query,
        limit=None,
        scored=False,
        groupedby=_TYPE_FACET,
        maptype=sorting.Count,
    )
    return _type_counts(results)


def _type_counts(results: Any) -> dict[str, int]:
    counts = results.groups("type")
    return {
        (key.decode() if isinstance(key, bytes) else str(key)): int(value)
        for key, value in sorted(counts.items())
    }


def _terms_by_field(query: Query, reader: Any) -> dict[str, set[str]]:
    """The indexed terms a query can match, per analysed field, prefixes expanded.

    Excluded words (``-word``) are left out: they are not what was found. Whoosh's own
    ``Query.existing_terms`` is not used: it reuses its ``fieldname`` argument as a loop
    variable and so drops every field after the first one.
    """
    terms: dict[str, set[str]] = {}
    for leaf in _positive_leaves(query):
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname not in TEXT_FIELDS:
                continue
            word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
            if (fieldname, word) in reader:
                terms.setdefault(fieldname, set()).add(word)
    return terms


def _positive_leaves(query: Query) -> Iterator[Query]:
    if isinstance(query, Not):
        return
    if isinstance(query, AndNot):
        yield from _positive_leaves(query.a)
    elif query.is_leaf():
        yield query
    else:
        for child in query.children():
            yield from _positive_leaves(child)
