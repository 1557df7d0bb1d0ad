"""Documents written into a real PostgreSQL: whole transactions, the same records and
the same analysed terms as the embedded index, found by the same words."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from whoosh import query as wq
from whoosh.index import open_dir

from archive_api.pg.lexemes import lexeme, quoted
from archive_api.pg.writer import (
    DatabaseMismatch,
    connect,
    delete_documents,
    held_sources,
    load_store,
    prepare,
    save_documents,
)
from archive_api.search.generations import current_generation
from archive_api.search.records import count_types, document_rows
from archive_api.store import DocumentStore

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex

SEED = "turk-sovyet-iliskileri-1920"


def _ids(connection: psycopg.Connection[Any], tsquery: str) -> set[str]:
    rows = connection.execute(
        "SELECT id FROM records WHERE lexemes @@ %s::tsquery", (tsquery,)
    ).fetchall()
    return {str(row[0]) for row in rows}


def _whoosh_ids(built_index: BuiltIndex, query: wq.Query) -> set[str]:
    folder = current_generation(built_index.index_dir)
    assert folder is not None
    with open_dir(str(folder), readonly=True).searcher() as searcher:
        return {hit["id"] for hit in searcher.search(query, limit=None)}


def test_a_loaded_store_holds_every_record_and_source(
    connection: psycopg.Connection[Any], built_index: BuiltIndex
) -> None:
    store = DocumentStore(built_index.documents_dir)
    written = load_store(connection, store)
    expected = count_types(
        row for doc_id in store.ids() for row in document_rows(store.load(doc_id))
    )
    assert written.documents == len(store.ids())
    assert written.records == sum(expected.values())
    counted = connection.execute("SELECT type, count(*) FROM records GROUP BY type").fetchall()
    assert dict(sorted((str(t), int(n)) for t, n in counted)) == expected
    assert held_sources(connection) == store.sources()
    letters = connection.execute("SELECT count(*) FROM letters").fetchone()
    assert letters is not None and letters[0] == 4


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ("fold", ["millet"]),
        ("exact", ["Moskova"]),
        ("fold", ["tchitcherine"]),
        ("stem", ["antlasma"]),
        ("fold", ["sovyet", "hukumeti"]),
        ("exact", ["Sovyet", "Rusya"]),
        ("fold", ["buyuk", "millet", "meclisi"]),
    ],
)
def test_a_word_or_phrase_finds_the_records_whoosh_finds(
    connection: psycopg.Connection[Any], built_index: BuiltIndex, form: str, words: list[str]
) -> None:
    load_store(connection, DocumentStore(built_index.documents_dir))
    schema_field = {"exact": "exact", "fold": "fold", "stem": "stem"}[form]
    terms = [next(iter(_analysed(built_index, schema_field, word))) for word in words]
    tsquery = " <-> ".join(quoted(lexeme(form, term)) for term in terms)
    query = wq.Term(schema_field, terms[0]) if len(terms) == 1 else wq.Phrase(schema_field, terms)
    expected = _whoosh_ids(built_index, query)
    assert expected, words
    assert _ids(connection, tsquery) == expected


def _analysed(built_index: BuiltIndex, field: str, word: str) -> list[str]:
    folder = current_generation(built_index.index_dir)
    assert folder is not None
    analyzer = open_dir(str(folder), readonly=True).schema[field].analyzer
    return [token.text for token in analyzer(word)]


def test_a_replace_is_seen_whole_by_a_reader(
    connection: psycopg.Connection[Any], database_url: str, built_index: BuiltIndex
) -> None:
    store = DocumentStore(built_index.documents_dir)
    load_store(connection, store)
    doc = store.load(SEED)
    before = len(document_rows(doc))
    shorter = replace(doc, footnotes=doc.footnotes[:5])
    after = len(document_rows(shorter))
    assert after < before
    with connect(database_url, autocommit=True) as reader:

        def held() -> int:
            row = reader.execute(
                "SELECT count(*) FROM records WHERE document_id = %s", (SEED,)
            ).fetchone()
            assert row is not None
            return int(row[0])

        with connection.transaction():  # the write, not yet committed
            save_documents(connection, [(shorter, "changed")])
            assert held() == before
        assert held() == after
    assert held_sources(connection)[SEED] == "changed"


def test_a_delete_takes_the_records_and_letters_with_it(
    connection: psycopg.Connection[Any], built_index: BuiltIndex
) -> None:
    load_store(connection, DocumentStore(built_index.documents_dir))
    assert delete_documents(connection, [SEED, "yok"]).removed == 1
    for table in ("documents", "letters", "records"):
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None and row[0] == 0, table


def test_a_database_of_another_schema_is_refused(database_url: str) -> None:
    with connect(database_url) as opened:
        prepare(opened)
        prepare(opened)  # twice is fine
        opened.execute("UPDATE archive_facts SET value = '0' WHERE key = 'schema_version'")
        opened.commit()
        with pytest.raises(DatabaseMismatch, match="schema 0"):
            prepare(opened)
