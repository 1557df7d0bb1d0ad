"""Query plans as SQL on PostgreSQL: the records matched are the embedded engine's, for
every benchmark and judged query and filter, on the same documents."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from whoosh import query as wq
from whoosh.index import open_dir

from archive_api.pg.tsquery import NOTHING, Condition, Unsupported, condition
from archive_api.pg.writer import connect, load_store, prepare
from archive_api.search.engine import records
from archive_api.search.filters import SearchFilters
from archive_api.search.generations import current_generation
from archive_api.search.indexer import build_index
from archive_api.search.postings import PostingsReader
from archive_api.search.query import plan_query, weighting
from archive_api.store import DocumentStore
from tests.support.filters import judged_filters, search_filters

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from relevance_judged import load_judgments
from speed_queries import QUERIES, search_kwargs

ROOT = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"
ATATURK = sorted((ROOT / "corpora" / "ataturk").glob("*.txt"))[::6]


def _filters() -> list[tuple[str, SearchFilters]]:
    found = [(query.q, search_filters(search_kwargs(query))) for query in QUERIES]
    found += [(judged.q, judged_filters(judged.filters)) for judged in load_judgments()]
    return found


@pytest.fixture(scope="module")
def archive(
    tmp_path_factory: pytest.TempPathFactory, cluster: Any
) -> Iterator[tuple[Any, PostingsReader, psycopg.Connection[Any]]]:
    folder = tmp_path_factory.mktemp("pg-match")
    documents = folder / "documents"
    documents.mkdir()
    for source in [ROOT / "documents" / f"{SEED}.txt", ROOT / "documents" / f"{SEED}.json"]:
        shutil.copy(source, documents / source.name)
    for source in ATATURK:
        shutil.copy(source, documents / source.name)
    store = DocumentStore(documents)
    build_index(store, folder / "index")
    generation = current_generation(folder / "index")
    assert generation is not None
    name = "archive_match"
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    index = open_dir(str(generation), readonly=True)
    with connect(cluster.url(name)) as connection, index.searcher(weighting=weighting()) as s:
        prepare(connection)
        load_store(connection, store)
        connection.commit()
        yield s, PostingsReader(s, generation), connection
    index.close()


def _pg(connection: psycopg.Connection[Any], found: Condition) -> set[str]:
    rows = connection.execute(f"SELECT id FROM records WHERE {found.sql}", found.params)
    return {str(row[0]) for row in rows.fetchall()}


def _engine(searcher: Any, reader: PostingsReader, query: wq.Query) -> set[str]:
    return {searcher.stored_fields(int(n))["id"] for n in records(query, reader)}


def test_every_plan_and_filter_matches_what_the_engine_matches(
    archive: tuple[Any, PostingsReader, psycopg.Connection[Any]],
) -> None:
    searcher, reader, connection = archive
    compared = nonempty = 0
    for text, filters in _filters():
        plan = plan_query(text, searcher.schema) if text else None
        queries = [] if plan is None else [plan.strict(), plan.loose(), *plan.clauses]
        if plan is not None and plan.excluded is not None:
            queries.append(plan.excluded)
        for extra in (filters.query(), filters.without_types()):
            if extra is not None:
                queries.append(extra)
        for query in queries:
            expected = _engine(searcher, reader, query)
            assert _pg(connection, condition(query)) == expected, (text, query)
            compared += 1
            nonempty += bool(expected)
    assert compared > 300
    assert nonempty > compared * 0.7


def test_words_are_lexemes_and_filters_are_columns() -> None:
    phrase = condition(wq.Phrase("fold", ["buyuk", "millet"]))
    assert phrase == Condition("lexemes @@ %s::tsquery", ("('f:buyuk' <-> 'f:millet')",))
    mixed = condition(wq.And([wq.Prefix("fold", "mill"), wq.Term("type", "letter")]))
    assert mixed.sql == "(lexemes @@ %s::tsquery) AND (type = %s)"
    assert mixed.params == ("'f:mill':*", "letter")
    dated = condition(wq.NumericRange("date_end", 19200101, None))
    assert dated.params == (19200101,) and "date_end >= %s" in dated.sql
    quote = condition(wq.Term("exact", "o'neil"))
    assert quote.params == ("'e:o''neil'",)
    assert condition(wq.NullQuery) == NOTHING


def test_what_it_cannot_express_is_refused() -> None:
    with pytest.raises(Unsupported, match="edit-distance"):
        condition(wq.FuzzyTerm("fold", "ankra"))
    with pytest.raises(Unsupported, match="slop 2"):
        condition(wq.Phrase("fold", ["a", "b"], slop=2))
