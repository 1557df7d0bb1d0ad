"""Exports over HTTP: content negotiation, whole collections, citations, the archive dump."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from typing import Any

import bibtexparser
import jsonschema
import pytest
from flask.testing import FlaskClient

from archive_api.api.spec import spec_dict
from archive_api.export.tabular import BOM

from .helpers import SEED_ID, parse_xml, xpath

DOC = f"/api/v1/documents/{SEED_ID}"
HOST = "http://localhost"
PROBLEM = "application/problem+json"
RIS = "application/x-research-info-systems"
CSL = "application/vnd.citationstyles.csl+json"


def _get(client: FlaskClient, url: str, accept: str | None = None, status: int = 200) -> Any:
    headers = {"Accept": accept} if accept else {}
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.get_data(True)[:300])
    return response


def _csv(response: Any) -> list[dict[str, str]]:
    text = response.get_data(True)
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))


# --- choosing the format -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "accept", "mimetype"),
    [
        (DOC, None, "application/json"),
        (DOC, "*/*", "application/json"),
        (DOC, "text/html,application/xhtml+xml,*/*;q=0.8", "application/json"),
        (DOC, "application/tei+xml", "application/tei+xml"),
        (f"{DOC}?format=tei", None, "application/tei+xml"),
        (f"{DOC}?format=json", "application/tei+xml", "application/json"),  # format wins
        (f"{DOC}/footnotes", "text/csv", "text/csv"),
        (f"{DOC}/footnotes", "application/jsonl", "application/jsonl"),
        (f"{DOC}/footnotes", "application/x-ndjson", "application/jsonl"),
        (f"{DOC}/works", "application/x-bibtex", "application/x-bibtex"),
        (f"{DOC}/works", RIS, RIS),
        (f"{DOC}/works", CSL, CSL),
        (f"{DOC}/letters", "application/tei+xml", "application/tei+xml"),
        ("/api/v1/letters?format=cmif", None, "application/tei+xml"),
        ("/api/v1/search?q=Karabekir&format=csv", None, "text/csv"),
        ("/api/v1/documents?format=jsonl", None, "application/jsonl"),
    ],
)  # fmt: skip
def test_accept_header_or_format_parameter(
    client: FlaskClient, url: str, accept: str | None, mimetype: str
) -> None:
    response = _get(client, url, accept)
    assert response.mimetype == mimetype
    assert response.headers["Vary"] == "Accept"
    if mimetype != "application/json":
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")


def test_unknown_format_is_400_naming_format(client: FlaskClient) -> None:
    response = _get(client, f"{DOC}?format=pdf", status=400)
    body = response.get_json()
    assert response.mimetype == PROBLEM
    assert body["errors"][0]["name"] == "format"
    assert "json, tei" in body["detail"]
    # A format another resource offers is not offered here.
    assert (
        _get(client, f"{DOC}/pages?format=bibtex", status=400).get_json()["errors"][0]["name"]
        == "format"
    )


def test_unacceptable_accept_is_406_naming_accept(client: FlaskClient) -> None:
    response = _get(client, f"{DOC}/works", "image/png", status=406)
    body = response.get_json()
    assert response.mimetype == PROBLEM
    assert body["status"] == 406 and body["type"] == "/docs#problem-not-acceptable"
    assert body["errors"][0]["name"] == "Accept"
    assert "application/x-bibtex" in body["detail"]


def test_missing_document_stays_404_in_any_format(client: FlaskClient) -> None:
    response = _get(client, "/api/v1/documents/none?format=tei", status=404)
    assert response.mimetype == PROBLEM


def test_formats_are_in_the_contract(client: FlaskClient) -> None:
    spec = spec_dict(client.application)
    works = spec["paths"]["/api/v1/documents/{doc_id}/works"]["get"]
    formats = next(p for p in works["parameters"] if p["name"] == "format")
    assert formats["schema"]["enum"] == ["json", "csv", "jsonl", "csl", "bibtex", "ris"]
    assert list(works["responses"]["200"]["content"]) == [
        "application/json",
        "text/csv",
        "application/jsonl",
        "application/vnd.citationstyles.csl+json",
        "application/x-bibtex",
        "application/x-research-info-systems",
    ]
    assert "406" in works["responses"]
    dump = spec["paths"]["/api/v1/dump"]["get"]
    assert list(dump["responses"]["200"]["content"]) == ["application/zip"]


# --- the exports ------------------------------------------------------------------------------


def test_csv_holds_the_whole_collection_with_schema_columns(client: FlaskClient) -> None:
    response = _get(client, f"{DOC}/footnotes?format=csv&per_page=5&page=2")
    rows = _csv(response)
    assert len(rows) == 41 and response.headers["X-Total-Count"] == "41"
    assert rows[8]["label"] == "*" and rows[0]["anchor.word"] == "öldürülmesidir"
    assert list(rows[0])[:4] == ["id", "url", "document_id", "document_url"]
    assert {"citation.chicago", "citation.isnad", "citations"} <= set(rows[0])
    assert json.loads(rows[0]["citations"])[0]["work_id"] == "kinross-ataturk-bir-milletin"


def test_jsonl_lines_are_the_api_records(client: FlaskClient) -> None:
    lines = _get(client, f"{DOC}/letters?format=jsonl").get_data(True).splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [f"letter-{n}" for n in range(1, 5)]
    assert records[3] == _get(client, f"{DOC}/letters/letter-4").get_json()


def test_search_hits_export_follows_the_query(client: FlaskClient) -> None:
    found = _get(client, "/api/v1/search?q=Karabekir&per_page=1").get_json()
    rows = _csv(_get(client, "/api/v1/search?q=Karabekir&format=csv"))
    assert len(rows) == found["total"] > 1
    assert rows[0]["url"] == found["items"][0]["url"]
    assert list(rows[0])[:3] == ["id", "type", "url"]


def test_tei_of_a_document_over_http(client: FlaskClient) -> None:
    tree = parse_xml(_get(client, f"{DOC}?format=tei").get_data())
    assert len(xpath(tree, "//t:body//t:pb")) == 17
    assert len(xpath(tree, "//t:note[@place='foot']")) == 41
    assert xpath(tree, "//t:publicationStmt/t:idno/text()") == [f"{HOST}{DOC}"]


def test_cmif_of_document_archive_and_filtered_letters(client: FlaskClient) -> None:
    archive = parse_xml(_get(client, "/api/v1/letters", "application/tei+xml").get_data())
    assert len(xpath(archive, "//t:correspDesc")) == 4
    assert xpath(archive, "//t:idno[@type='url']/text()") == [f"{HOST}/api/v1/letters"]
    filtered = parse_xml(_get(client, f"{DOC}/letters?format=cmif&sender=tchitcherine").data)
    [desc] = xpath(filtered, "//t:correspDesc")
    assert desc.get("ref") == f"{HOST}{DOC}/letters/letter-2"
    assert xpath(desc, ".//t:date/@when") == ["1920-06-03"]


def test_works_for_reference_managers(client: FlaskClient) -> None:
    library = bibtexparser.parse_string(_get(client, f"{DOC}/works?format=bibtex").get_data(True))
    assert len(library.entries) == 21
    one = bibtexparser.parse_string(
        _get(client, f"{DOC}/works/ataturk-nutuk", "application/x-bibtex").get_data(True)
    )
    [entry] = one.entries
    assert entry.fields_dict["author"].value == "Atatürk, Mustafa Kemal"
    items = json.loads(_get(client, f"{DOC}/works?format=csl").get_data())
    assert items[0]["URL"] == f"{HOST}{DOC}/works/kinross-ataturk-bir-milletin"
    ris = _get(client, f"{DOC}/works/aydemir-tek-adam?format=ris").get_data(True)
    assert ris.startswith("TY  - BOOK\r\nAU  - Aydemir, Şevket Süreyya\r\n")


# --- cite this ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [DOC, f"{DOC}/letters/letter-1", f"{DOC}/footnotes/12", f"{DOC}/works/ataturk-nutuk"],
)
def test_records_carry_a_citation_and_their_url(client: FlaskClient, path: str) -> None:
    record = _get(client, path).get_json()
    assert record["url"] == f"{HOST}{path}"
    assert set(record["citation"]) == {"chicago", "isnad"}
    if not path.endswith("ataturk-nutuk"):  # a book is cited for itself, not by our URL
        assert record["citation"]["chicago"].endswith(f"Archive API, {HOST}{path}.")
        assert record["citation"]["isnad"].endswith(f"Archive API, {HOST}{path}.")


def test_footnote_citation_text(client: FlaskClient) -> None:
    record = _get(client, f"{DOC}/footnotes/12").get_json()
    assert record["citation"]["isnad"].startswith(
        "[İlk Türk–Sovyet Temasları ve Yazışmaları (1920)], 4, dn. 12, Archive API, "
    )


# --- the dump ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dump(app: Any) -> zipfile.ZipFile:
    with app.test_client() as client:
        response = client.get("/api/v1/dump")
        assert response.status_code == 200 and response.mimetype == "application/zip"
        assert not response.is_sequence  # streamed, not a body built beforehand
        return zipfile.ZipFile(io.BytesIO(response.get_data()))


def test_dump_counts_every_record(dump: zipfile.ZipFile) -> None:
    manifest = json.loads(dump.read("manifest.json"))
    assert manifest["counts"] == {
        "annex": 4,
        "document": 1,
        "footnote": 41,
        "letter": 4,
        "page": 17,
        "paragraph": 133,
        "section": 11,
        "work": 21,
    }
    assert manifest["documents"] == 1 and manifest["generation"].startswith(("gen-", "db-"))
    names = [f["name"] for f in manifest["files"]]
    assert names[:3] == ["documents.jsonl", "pages.jsonl", "sections.jsonl"]
    assert "annexes.jsonl" in names


def test_dump_checksums_and_lines(dump: zipfile.ZipFile, client: FlaskClient) -> None:
    manifest = json.loads(dump.read("manifest.json"))
    for entry in manifest["files"]:
        data = dump.read(entry["name"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data.splitlines()) == entry["records"]
    lines = [json.loads(x) for x in dump.read("footnotes.jsonl").splitlines()]
    assert all(list(line)[:3] == ["type", "id", "document_id"] for line in lines)
    note = next(line for line in lines if line["id"] == "note-25")
    api = _get(client, f"{DOC}/footnotes/25").get_json()
    assert note == api
    [document] = [json.loads(x) for x in dump.read("documents.jsonl").splitlines()]
    assert document["document_id"] == SEED_ID == document["id"]


def test_csl_answer_matches_its_declared_schema(client: FlaskClient) -> None:
    spec = spec_dict(client.application)
    path = spec["paths"]["/api/v1/documents/{doc_id}/works"]["get"]
    declared = path["responses"]["200"]["content"][CSL]["schema"]
    items = json.loads(_get(client, f"{DOC}/works?format=csl").get_data())
    jsonschema.validate(items, declared)
