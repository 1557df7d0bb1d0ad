"""Whole search pages from PostgreSQL beside the embedded search's, on the same documents:
totals, hits, facets, documents matched as a whole, the relaxed and tolerant retries and
spelling suggestions."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from archive_api.pg.pages import search_page
from archive_api.pg.records import PgRecordStore
from archive_api.pg.writer import connect, load_store, prepare
from archive_api.search.filters import SearchFilters
from archive_api.search.indexer import build_index
from archive_api.search.query import plan_query
from archive_api.search.schema import TEXT_FIELDS, build_schema
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
SCHEMA = build_schema()
ANALYZERS = {name: SCHEMA[name].analyzer for name in TEXT_FIELDS}
CASES: list[tuple[str | None, dict[str, Any]]] = [
    ("Moskova", {}),
    ("Çiçerin", {"types": ["letter"]}),
    ('"Sovyet Hükümeti"', {}),
    ("milli*", {}),
    ("Moskova Lozan", {}),
    ("millet", {"date_from": "1920-01", "date_to": "1920-12"}),
    ("millet", {"kind": "prose"}),
    ("ordu -Yunan", {"types": ["paragraph"]}),
    (None, {"types": ["letter"]}),
    ("Ankara", {"sort": "date"}),
    ("Moskova Lozan", {"types": ["document"]}),
    ("Enver Batum", {"types": ["document", "paragraph"]}),
    ("Ankara", {"types": ["document"], "sort": "date"}),
    ("Ankara -Çiçerin", {"types": ["document"]}),
    (None, {"types": ["document"]}),
    ("Karabekr", {}),
    ("Karabekri paşa", {}),
    ("Ankara Karabekr", {"types": ["document", "letter"]}),
]


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory, cluster: Any
) -> Iterator[tuple[Archive, psycopg.Connection[Any], PgRecordStore]]:
    folder = tmp_path_factory.mktemp("pg-pages")
    documents = folder / "documents"
    shutil.copytree(REPO / "documents", documents)
    for path in sorted((REPO / "corpora" / "ataturk").glob("*.txt"))[::9]:
        shutil.copy(path, documents / path.name)
    store = DocumentStore(documents)
    build_index(store, folder / "index")
    name = "archive_pages"
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    archive = Archive(folder / "index", reload_interval=3600)
    with connect(cluster.url(name)) as connection:
        prepare(connection)
        load_store(connection, store)
        connection.commit()
        held = PgRecordStore(cluster.url(name))
        yield archive, connection, held
        held.close()
    archive.close()


@pytest.mark.parametrize(("text", "options"), CASES)
def test_a_page_is_the_embedded_searchs(
    both: tuple[Archive, psycopg.Connection[Any], PgRecordStore],
    text: str | None,
    options: dict[str, Any],
) -> None:
    archive, connection, held = both
    sort = options.get("sort", "relevance")
    filters = {key: value for key, value in options.items() if key != "sort"}
    ours = archive.search(text, sort=sort, per_page=500, facet_size=100, **filters)
    built = SearchFilters.build(
        types=filters.get("types"),
        kind=filters.get("kind"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    plan = plan_query(text, SCHEMA) if text else None
    page = search_page(
        connection,
        held,
        ANALYZERS,
        plan,
        built,
        text=text or "",
        sort=sort,
        per_page=500,
        facet_size=100,
    )
    assert ours.total > 0
    assert page.total == ours.total
    assert {hit.id for hit in page.hits} == {hit.id for hit in ours.hits}
    assert page.relaxed == ours.relaxed
    assert page.tolerant == ours.tolerant
    assert page.suggestion == ours.suggestion
    assert page.facets_by_type == ours.facets_by_type
    assert page.facets["year"] == ours.facets["year"]
    assert page.facets["document"] == ours.facets["document"]
    assert page.facets["kind"] == ours.facets["kind"]
    for name in ("year", "document", "kind"):
        assert page.facet_values[name] == ours.facet_values[name], name
    if sort == "date" or text is None:
        assert [hit.id for hit in page.hits] == [hit.id for hit in ours.hits]
    by_id = {hit.id: hit for hit in ours.hits}
    for hit in page.hits[:20]:  # dressed by the same code from the same rows
        theirs = by_id[hit.id]
        if hit.type == "document":
            # Which records show a document follows the ranking, which differs: one record
            # when a record holds every word, else each word's best one, on both.
            assert hit.title == theirs.title
            assert len(hit.passages) == len(theirs.passages), hit.id
            assert hit.passages and hit.snippet
            continue
        assert (hit.title, hit.page, hit.section_id) == (
            theirs.title,
            theirs.page,
            theirs.section_id,
        )
        if text and "*" not in text:
            assert hit.record_matches == theirs.record_matches, hit.id
            assert hit.matches == theirs.matches, hit.id
