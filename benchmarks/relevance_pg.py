"""The PostgreSQL backend as an engine of the relevance evaluation.

The same documents are written into a throw-away PostgreSQL cluster (``archive_api.pg``:
our analysed forms as lexemes), and each judged query is planned as the embedded search
plans it and run there (``search_records``: the same records matched, ranked by
PostgreSQL's ``ts_rank``). Beside ``ours``, the table then shows what the ranking loses on
PostgreSQL, class by class.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from pg_cluster import available, throwaway_cluster
from relevance_judged import CUTOFF, Filters, Hit

from archive_api.pg.search import search_records
from archive_api.pg.writer import connect, load_store, prepare
from archive_api.search.filters import SearchFilters
from archive_api.search.query import plan_query
from archive_api.search.schema import build_schema
from archive_api.store import DocumentStore

__all__ = ["Postgres", "available"]


class Postgres:
    """The judged queries on PostgreSQL, over the documents of ``documents``."""

    name = "postgres"

    def __init__(self, documents: Path) -> None:
        self._stack = ExitStack()
        try:
            cluster = self._stack.enter_context(throwaway_cluster())
            self.connection = self._stack.enter_context(connect(cluster.url()))
            prepare(self.connection)
            load_store(self.connection, DocumentStore(documents))
            self.connection.commit()
        except BaseException:
            self._stack.close()
            raise
        self.schema = build_schema()

    def search(self, text: str, filters: Filters, limit: int = CUTOFF) -> list[Hit]:
        built = SearchFilters.build(
            types=list(filters.types) or None,
            document_ids=[filters.document] if filters.document else None,
            date_from=filters.date_from,
            date_to=filters.date_to,
            kind=filters.kind,
        )
        page = search_records(
            self.connection, plan_query(text, self.schema), built.query(), limit=limit
        )
        return [Hit(*found) for found in zip(page.ids, page.document_ids, strict=True)]

    def close(self) -> None:
        self._stack.close()
