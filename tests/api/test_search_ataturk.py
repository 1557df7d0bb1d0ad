"""GET /search over a handful of the Atatürk texts: several documents, dated speeches and
letters, curly apostrophes, and what a historian types without a Turkish keyboard; on the
embedded index and on PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from archive_api import create_app
from archive_api.search.indexer import build_index
from archive_api.store import DocumentStore
from tests.support.apps import BACKENDS

from .helpers import bad_parameters, get_json, problem


def _loaded_database(request: pytest.FixtureRequest, store: DocumentStore) -> str:
    """A database of the session's cluster holding ``store``'s documents."""
    import psycopg

    from archive_api.pg.writer import connect, load_store, prepare

    cluster = request.getfixturevalue("cluster")
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute('CREATE DATABASE "archive_ataturk_api"')
    url = str(cluster.url("archive_ataturk_api"))
    with connect(url) as connection:
        prepare(connection)
        load_store(connection, store)
        connection.commit()
    return url


ATATURK = Path(__file__).resolve().parents[2] / "corpora" / "ataturk"
TEXTS = (
    "atam-c1-1911-001",  # letter, İstanbul 1911
    "atam-c1-1914-001",  # letter to Kâzım Karabekir, Sofya 1914
    "atam-c1-1919-003",  # letter to his mother, Erzurum 1919
    "atam-c1-1920-029",  # letter to Lenin, Ankara 1920
    "atam-c1-1920-021",  # speech, Ankara 1920 (Çiçerin's letter)
    "atam-c2-1923-017",  # speech, İzmir 1923
    "atam-c2-1923-035",  # speech to the women of Konya, 1923
)


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FlaskClient]:
    root = tmp_path_factory.mktemp("ataturk-api")
    documents = root / "documents"
    documents.mkdir()
    for name in TEXTS:
        for suffix in (".txt", ".json"):
            shutil.copy(ATATURK / f"{name}{suffix}", documents)
    build_index(DocumentStore(documents), root / "index")
    config = {
        "TESTING": True,
        "ARCHIVE_DOCUMENTS_DIR": str(documents),
        "ARCHIVE_INDEX_DIR": str(root / "index"),
    }
    if request.param == "postgres":
        config.update(
            ARCHIVE_BACKEND="postgres",
            ARCHIVE_DATABASE_URL=_loaded_database(request, DocumentStore(documents)),
        )
    app = create_app(config)
    with app.test_client() as test_client:
        yield test_client


def test_kadin_typed_in_ascii(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=kadin&type=document")
    assert [h["id"] for h in body["items"]] == ["atam-c2-1923-035", "atam-c2-1923-017"]
    assert all(h["url"] == h["document_url"] for h in body["items"])
    assert "<mark>" in body["items"][0]["snippet"]


def test_istanbul_in_capitals_across_documents(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=ISTANBUL&type=document&sort=date")
    ids = [h["id"] for h in body["items"]]
    assert ids[:2] == ["atam-c1-1911-001", "atam-c1-1919-003"]
    assert len(ids) == len(set(ids)) == body["total"] == body["facets"]["type"]["document"]


def test_year_facets_of_the_letters(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?type=letter&sort=date")
    assert body["facets"]["year"] == {"1911": 1, "1914": 1, "1919": 1, "1920": 1}
    assert [h["document_id"] for h in body["items"]] == list(TEXTS[:4])


def test_speeches_of_a_year_by_place(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=kadın&date_from=Mart 1923&date_to=1923&place=konya")
    assert body["total"] >= 10
    assert body["facets"]["document"] == {"atam-c2-1923-035": body["total"]}
    assert get_json(client, "/api/v1/search?q=kadın&date_to=1922")["total"] == 0


def test_variants_in_text_and_in_filters(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=Chicherin")
    [hit] = body["items"]
    assert (hit["document_id"], hit["id"]) == ("atam-c1-1920-021", "p4")
    assert "<mark>Çiçerin’in</mark>" in hit["snippet"]
    lenin = get_json(client, "/api/v1/search?q=Ali Fuad&type=letter&sender=M. Kemal")
    assert [h["document_id"] for h in lenin["items"]] == ["atam-c1-1920-029"]
    assert lenin["suggestion"] is None


def test_facets_keep_their_most_frequent_values(client: FlaskClient) -> None:
    full = get_json(client, "/api/v1/search?q=millet&facet_size=10000")
    assert full["facet_values"] == {name: len(full["facets"][name]) for name in full["facets"]}
    assert full["facet_values"]["document"] >= 4
    cut = get_json(client, "/api/v1/search?q=millet&facet_size=2")
    assert cut["items"] == full["items"] and cut["total"] == full["total"]
    assert cut["facet_values"] == full["facet_values"]
    for name, counts in full["facets"].items():
        kept = cut["facets"][name]
        most = sorted(counts, key=lambda key: (-counts[key], key))[:2]
        assert list(kept) == sorted(most), name  # the most frequent, in key order
        assert all(kept[key] == counts[key] for key in kept)
    assert "facet_size=2" in cut["links"]["self"]
    default = get_json(client, "/api/v1/search?q=millet")
    assert default["facets"] == full["facets"]  # fewer values than the default size


def test_facet_size_outside_its_range_is_refused(client: FlaskClient) -> None:
    for value in ("0", "10001", "iki"):
        body = problem(client, f"/api/v1/search?q=millet&facet_size={value}", 400)
        assert bad_parameters(body) == ["facet_size"]
