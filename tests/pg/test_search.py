"""Ranked search on PostgreSQL: totals, the relaxed retry, filters and pages, on the seed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import psycopg
import pytest

from archive_api.pg.search import search_records
from archive_api.pg.writer import load_store
from archive_api.search.filters import SearchFilters
from archive_api.search.query import plan_query
from archive_api.search.schema import build_schema
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex

SCHEMA = build_schema()


@pytest.fixture
def loaded(connection: psycopg.Connection[Any], built_index: BuiltIndex) -> psycopg.Connection[Any]:
    load_store(connection, DocumentStore(built_index.documents_dir))
    return connection


@pytest.fixture(scope="module")
def archive(built_index: BuiltIndex) -> Archive:
    return Archive(built_index.index_dir, reload_interval=3600)


def test_totals_and_hits_are_the_embedded_searchs(
    loaded: psycopg.Connection[Any], archive: Archive
) -> None:
    for text in (
        "Moskova",
        "Çiçerin",
        '"Sovyet Hükümeti"',
        "banş",
        "Moskova Lozan",
        "Bekir Sami Lenin",
    ):
        ours = archive.search(text, per_page=100)
        page = search_records(loaded, plan_query(text, SCHEMA), None, limit=100)
        assert page.total == ours.total, text
        assert set(page.ids) == {hit.id for hit in ours.hits}, text  # ranked otherwise
        assert page.relaxed == ours.relaxed, text


def test_words_no_record_holds_together_are_relaxed(loaded: psycopg.Connection[Any]) -> None:
    plan = plan_query("Moskova Lozan", SCHEMA)  # no record of the seed names both
    assert plan is not None
    page = search_records(loaded, plan, None, limit=50)
    assert page.relaxed and page.total == len(page.ids) > 0


def test_filters_and_pages(loaded: psycopg.Connection[Any]) -> None:
    letters = SearchFilters.build(types=["letter"]).query()
    plan = plan_query("Moskova", SCHEMA)
    page = search_records(loaded, plan, letters, limit=10)
    assert page.total > 0 and all("/letters/" in found for found in page.ids)
    beyond = search_records(loaded, plan, letters, limit=10, offset=1_000)
    assert beyond.ids == [] and beyond.total == page.total
    listed = search_records(loaded, None, letters, limit=10)
    assert listed.total == 4 and len(listed.ids) == 4  # the four letters, in date order
