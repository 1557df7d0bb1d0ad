"""Documents added beside the seed (two Atatürk texts) export validly in every format."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from archive_api import create_app
from archive_api.search.indexer import build_index
from archive_api.store import DocumentStore

from .helpers import ATATURK_ID, REPO, parse_xml, xpath

SPEECH_ID = "atam-c1-1906-001"  # a speech: no letter, date and place supplied by the archive


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    root = tmp_path_factory.mktemp("added")
    documents = root / "documents"
    shutil.copytree(REPO / "documents", documents)
    for doc_id in (ATATURK_ID, SPEECH_ID):
        for suffix in (".txt", ".json"):
            source = REPO / "corpora" / "ataturk" / f"{doc_id}{suffix}"
            shutil.copy(source, documents / Path(source.name))
    build_index(DocumentStore(documents), root / "index")
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(documents),
            "ARCHIVE_INDEX_DIR": str(root / "index"),
        }
    )
    with app.test_client() as client:
        yield client


def test_tei_of_the_telegram(client: FlaskClient) -> None:
    response = client.get(f"/api/v1/documents/{ATATURK_ID}?format=tei")
    assert response.status_code == 200
    tree = parse_xml(response.get_data())
    assert xpath(tree, "//t:titleStmt/t:author/text()") == ["Mustafa Kemal Atatürk"]
    [desc] = xpath(tree, "//t:correspDesc")
    assert xpath(desc, ".//t:date/@when") == ["1918-11-10"]
    assert xpath(desc, "t:correspAction[@type='received']/t:persName/text()") == [
        "Başkumandanlık Erkân-ı Harbiye Riyaseti"
    ]
    assert [pb.get("n") for pb in xpath(tree, "//t:body//t:pb")] == ["1"]
    assert len(xpath(tree, "//t:floatingText//t:p[@xml:id]")) == 7
    assert xpath(tree, "//t:note[@place='foot']") == []


def test_tei_of_the_speech_marks_what_the_archive_supplied(client: FlaskClient) -> None:
    tree = parse_xml(client.get(f"/api/v1/documents/{SPEECH_ID}?format=tei").get_data())
    assert xpath(tree, "//t:creation/t:date/@resp") == ["#archive"]
    assert xpath(tree, "//t:creation/t:placeName/text()") == ["Selanik"]
    assert xpath(tree, "//t:correspDesc") == []
    assert len(xpath(tree, "//t:body//t:p[@xml:id]")) == 3


def test_archive_cmif_lists_the_new_letter(client: FlaskClient) -> None:
    tree = parse_xml(client.get("/api/v1/letters?format=cmif").get_data())
    descs = xpath(tree, "//t:correspDesc")
    assert len(descs) == 5
    assert {d.get("source") for d in descs} == {
        "#source-atam-c1-1918-002",
        "#source-turk-sovyet-iliskileri-1920",
    }


def test_collections_citations_and_dump_include_it(client: FlaskClient) -> None:
    lines = client.get("/api/v1/documents?format=jsonl").get_data(True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [
        SPEECH_ID,
        ATATURK_ID,
        "turk-sovyet-iliskileri-1920",
    ]
    record = client.get(f"/api/v1/documents/{ATATURK_ID}").get_json()
    assert record["citation"]["chicago"].startswith("Mustafa Kemal Atatürk, “Başkumandanlık")
    letter = client.get(f"/api/v1/documents/{ATATURK_ID}/letters/letter-1").get_json()
    assert letter["citation"]["isnad"].startswith(
        "Mustafa Kemal, Başkumandanlık Erkân-ı Harbiye Riyaseti (Telgraf, 10 Kasım 1918), "
        "Mustafa Kemal Atatürk, “Başkumandanlık"
    )
    dump = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/dump").get_data()))
    manifest = json.loads(dump.read("manifest.json"))
    assert manifest["documents"] == 3
    assert manifest["counts"]["letter"] == 5 and manifest["counts"]["document"] == 3
