"""The filters of the benchmark and judged queries, as the engine and backend tests take them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archive_api.search.filters import SearchFilters


def search_filters(kwargs: Mapping[str, Any]) -> SearchFilters:
    """The filters among ``Archive.search`` keyword arguments (a benchmark query's)."""
    rest = {key: value for key, value in kwargs.items() if key != "per_page"}
    types = rest.pop("types", None)
    documents = rest.pop("document_ids", None)
    return SearchFilters.build(types=types, document_ids=documents, **rest)


def judged_filters(where: Any) -> SearchFilters:
    """The filters of a judged query (``relevance_judged``'s ``filters``)."""
    return SearchFilters.build(
        types=list(where.types) or None,
        document_ids=[where.document] if where.document else None,
        date_from=where.date_from,
        date_to=where.date_to,
        kind=where.kind,
    )
