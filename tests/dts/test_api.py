"""/api/dts over HTTP: entry point, collection, navigation, document, errors, contract."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from lxml import etree

from archive_api import create_app
from archive_api.api.spec import spec_dict
from archive_api.dts import CONTEXT, DTS_NS

from .conftest import DOCUMENTS, SEED_ID

HOST = "http://localhost"
TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI_NS, "dts": DTS_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NAV = f"/api/dts/navigation?resource={SEED_ID}"
DOC = f"/api/dts/document?resource={SEED_ID}"
ROOT = "urn:archive-api:archive"


def ld(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(True))
    assert response.mimetype == "application/ld+json"
    body = response.get_json()
    assert body["@context"] == CONTEXT and body["dtsVersion"] == "1.0"
    return body


def problem(client: FlaskClient, url: str, status: int) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(True))
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["detail"]
    return body


def expand(template: str, **values: str) -> str:
    """The few RFC 6570 forms the service uses: ``{?a,b}`` and ``{&a,b}``."""
    head, _, names = template.partition("{")
    operator, names = names[0], names[1:].rstrip("}")
    query = "&".join(f"{n}={quote(values[n], safe='')}" for n in names.split(",") if n in values)
    if not query:
        return head
    return f"{head}{'?' if operator == '?' else '&'}{query}"


def local(url: str) -> str:
    assert url.startswith(HOST), url
    return url.removeprefix(HOST)


# --- entry point and collections ---------------------------------------------------------


def test_entry_point_leads_to_the_seed(client: FlaskClient) -> None:
    entry = ld(client, "/api/dts")
    assert entry["@type"] == "EntryPoint" and entry["@id"] == f"{HOST}/api/dts"
    assert entry["collection"] == f"{HOST}/api/dts/collection{{?id,page,nav}}"
    assert entry["navigation"].endswith(
        "/api/dts/navigation{?resource,ref,start,end,down,tree,page}"
    )
    assert entry["document"].endswith("/api/dts/document{?resource,ref,start,end,tree,mediaType}")
    root = ld(client, local(expand(entry["collection"])))
    assert root["@id"] == ROOT
    [member] = root["member"]
    nav = ld(client, local(expand(member["navigation"], down="1")))
    assert [m["identifier"] for m in nav["member"]] == ["giris", "I", "II", "sonuc"]


def test_root_collection_holds_the_seed(client: FlaskClient) -> None:
    root = ld(client, "/api/dts/collection")
    assert root["@type"] == "Collection" and root["title"] == "Archive"
    assert (root["totalParents"], root["totalChildren"]) == (0, 1)
    assert "view" not in root
    [seed] = root["member"]
    assert seed["@id"] == SEED_ID and seed["@type"] == "Resource"
    assert seed["title"] == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert seed["dublinCore"]["language"] == ["tr"]
    assert [t.get("identifier") for t in seed["citationTrees"]] == [None, "footnotes", "letters"]
    assert ld(client, f"/api/dts/collection?id={quote(ROOT)}") == root


def test_resource_and_its_parent(client: FlaskClient) -> None:
    resource = ld(client, f"/api/dts/collection?id={SEED_ID}")
    assert resource["@type"] == "Resource" and "member" not in resource
    assert resource["description"].startswith("Article: 17 pages, 11 sections")
    parents = ld(client, local(expand(resource["collection"], nav="parents")))
    [root] = parents["member"]
    assert root["@id"] == ROOT and root["totalChildren"] == 1
    assert ld(client, local(expand(root["collection"], nav="parents")))["member"] == []


# --- navigation ----------------------------------------------------------------------------


def test_navigation_down_1_and_2(client: FlaskClient) -> None:
    one = ld(client, f"{NAV}&down=1")
    assert one["@type"] == "Navigation" and one["@id"] == f"{HOST}{NAV}&down=1"
    assert one["resource"]["@id"] == SEED_ID
    assert [m["identifier"] for m in one["member"]] == ["giris", "I", "II", "sonuc"]
    assert all(m["citeType"] == "section" and m["parent"] is None for m in one["member"])
    two = ld(client, f"{NAV}&down=2")["member"]
    sections = [m["identifier"] for m in two if m["citeType"] == "section"]
    assert sections == ["giris", "I", "I.A", "I.B", "II", "II.A", "II.B", "sonuc"]
    giris = [m for m in two if m["parent"] == "giris"]
    assert [m["identifier"] for m in giris] == [f"giris.p{n}" for n in range(2, 29)]


def test_navigation_whole_tree_has_the_11_sections_and_their_paragraphs(
    client: FlaskClient,
) -> None:
    members = ld(client, f"{NAV}&down=-1")["member"]
    assert len(members) == 133
    sections = [m for m in members if m["citeType"] == "section"]
    assert [s["identifier"] for s in sections] == [
        "giris", "I", "I.A", "I.B", "I.B.a", "I.B.b", "II", "II.A", "II.A.a", "II.B", "sonuc",
    ]  # fmt: skip
    by_id = {m["identifier"]: m for m in members}
    assert by_id["I.B.a"]["level"] == 3 and by_id["I.B.a"]["parent"] == "I.B"
    assert by_id["I.B.a"]["dublinCore"]["title"][0]["value"].startswith("I.B.a. T.B.M.M.")
    p57 = by_id["I.B.a.p57"]
    assert (p57["level"], p57["parent"]) == (4, "I.B.a")
    paragraph = ld_json(client, local(p57["@id"]))
    assert paragraph["id"] == "p57" and paragraph["section"] == "I.B.a"


def ld_json(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_json()


def test_navigation_of_one_section(client: FlaskClient) -> None:
    body = ld(client, f"{NAV}&ref=I.B.a&down=1")
    assert body["ref"]["identifier"] == "I.B.a" and body["ref"]["level"] == 3
    assert [m["identifier"] for m in body["member"]] == ["I.B.a"] + [
        f"I.B.a.p{n}" for n in range(56, 63)
    ]
    only = ld(client, f"{NAV}&ref=I.B.a")
    assert only["ref"] == body["ref"] and "member" not in only
    siblings = ld(client, f"{NAV}&ref=I.B.a&down=0")["member"]
    assert [m["identifier"] for m in siblings][-2:] == ["I.B.a", "I.B.b"]


def test_navigation_range(client: FlaskClient) -> None:
    body = ld(client, f"{NAV}&start=I.p31&end=I.A.p35&down=1")
    assert body["start"]["identifier"] == "I.p31" and body["end"]["identifier"] == "I.A.p35"
    assert [m["identifier"] for m in body["member"]] == [
        "I.p31", "I.p32", "I.A", "I.A.p34", "I.A.p35",
    ]  # fmt: skip


def test_footnotes_tree(client: FlaskClient) -> None:
    body = ld(client, f"{NAV}&tree=footnotes&down=1")
    labels = [m["identifier"] for m in body["member"]]
    assert len(labels) == 41 and labels[8] == "*"
    assert labels == [*(str(n) for n in range(1, 9)), "*", *(str(n) for n in range(9, 41))]
    star = body["member"][8]
    assert star["citeType"] == "note"
    assert star["@id"] == f"{HOST}/api/v1/documents/{SEED_ID}/footnotes/*"
    note = ld(client, f"{NAV}&tree=footnotes&ref=31")["ref"]
    assert note == {
        "identifier": "31",
        "@type": "CitableUnit",
        "level": 1,
        "parent": None,
        "citeType": "note",
        "@id": f"{HOST}/api/v1/documents/{SEED_ID}/footnotes/31",
    }


def test_letters_tree(client: FlaskClient) -> None:
    body = ld(client, f"{NAV}&tree=letters&ref=letter-2")
    assert body["ref"]["dublinCore"]["creator"] == ["Tchitcherine"]
    assert body["ref"]["dublinCore"]["date"] == "1920-06-03"


# --- document ------------------------------------------------------------------------------


def tei(client: FlaskClient, url: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(True))
    assert response.mimetype == "application/tei+xml"
    link = response.headers["Link"]
    assert link == f'<{HOST}/api/dts/collection?id={SEED_ID}>; rel="collection"'
    root = etree.fromstring(response.get_data())
    assert root.tag == f"{{{TEI_NS}}}TEI"
    return root


def test_whole_document(client: FlaskClient) -> None:
    root = tei(client, DOC)
    assert root.find(".//dts:wrapper", NS) is None
    text = "".join(root.find("tei:text", NS).itertext())
    assert "Tchitcherine" in text and "SONUÇ" in text
    notes = root.findall(".//tei:body//tei:note", NS)
    assert len(notes) == 41


def test_passage_of_a_paragraph(client: FlaskClient) -> None:
    root = tei(client, f"{DOC}&ref=I.B.a.p57")
    assert root.find("tei:teiHeader", NS) is not None
    wrapper = root.find("tei:text/tei:body/dts:wrapper", NS)
    assert wrapper is not None
    # The first line of the first letter, inside the frames of its section and letter.
    [p] = wrapper.findall(".//tei:p", NS)
    assert p.get(XML_ID) == "p57" and "".join(p.itertext()) == "Ankara, 9.5.1336 (1920)"
    assert [d.get("n") for d in wrapper.iter(f"{{{TEI_NS}}}div")] == ["I", "I.B", "I.B.a"]
    assert wrapper.find(".//tei:floatingText", NS).get(XML_ID) == "letter-1"
    # Only the paragraph: no heading of the section it sits in.
    assert wrapper.find(".//tei:head", NS) is None


def test_passage_of_a_section_range(client: FlaskClient) -> None:
    wrapper = tei(client, f"{DOC}&start=I.B.a&end=I.B.b").find(".//dts:wrapper", NS)
    heads = ["".join(h.itertext()) for h in wrapper.iter(f"{{{TEI_NS}}}head")]
    assert len(heads) == 2
    assert "Maliye" in heads[0] and "Moskova Yolunda" in heads[1]


def test_passage_of_footnotes(client: FlaskClient) -> None:
    wrapper = tei(client, f"{DOC}&tree=footnotes&start=8&end=9").find(".//dts:wrapper", NS)
    notes = list(wrapper)
    assert [n.tag for n in notes] == [f"{{{TEI_NS}}}note"] * 3
    assert "Brest-Litovsk" in "".join(notes[1].itertext())


def test_answers_carry_an_etag_and_304_when_unchanged(client: FlaskClient) -> None:
    for url in ("/api/dts/collection", f"{NAV}&down=1", f"{DOC}&ref=I.B.a.p57"):
        first = client.get(url)
        tag = first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.get_data() == b""
    other = client.get(f"{NAV}&down=2").headers["ETag"]
    assert other != client.get(f"{NAV}&down=1").headers["ETag"]


# --- blanks, as RFC 6570 expands empty variables ---------------------------------------------


def test_empty_identifiers_count_as_absent(client: FlaskClient) -> None:
    assert ld(client, "/api/dts/collection?id=")["@id"] == ROOT
    body = ld(client, f"{NAV}&ref=&start=&end=&tree=&down=1")
    assert [m["identifier"] for m in body["member"]] == ["giris", "I", "II", "sonuc"]
    whole = tei(client, f"{DOC}&ref=&start=&end=&tree=&mediaType=")
    assert whole.find(".//dts:wrapper", NS) is None
    problem(client, "/api/dts/navigation?resource=&down=1", 400)
    problem(client, "/api/dts/collection?nav=", 400)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/dts/navigation?down=1", "resource"),
        (NAV, "down"),
        (f"{NAV}&down=0", "down"),
        (f"{NAV}&down=-2", "down"),
        (f"{NAV}&down=x", "down"),
        (f"{NAV}&ref=I&start=I", "start"),
        (f"{NAV}&start=I&down=1", "end"),
        (f"{NAV}&start=II&end=I&down=1", "start"),
        (f"{NAV}&down=1&page=0", "page"),
        ("/api/dts/collection?nav=siblings", "nav"),
        ("/api/dts/document", "resource"),
        (f"{DOC}&ref=I&end=II", "end"),
        (f"{DOC}&start=I", "end"),
    ],
)
def test_bad_parameters_are_400(client: FlaskClient, url: str, parameter: str) -> None:
    body = problem(client, url, 400)
    assert parameter in [e["name"] for e in body.get("errors", [])], body


@pytest.mark.parametrize(
    "url",
    [
        "/api/dts/collection?id=nope",
        "/api/dts/navigation?resource=nope&down=1",
        f"{NAV}&ref=I.C",
        f"{NAV}&ref=p57",
        f"{NAV}&start=I&end=III&down=1",
        f"{NAV}&tree=pages&down=1",
        f"{NAV}&tree=footnotes&ref=41",
        f"{NAV}&down=1&page=2",
        "/api/dts/document?resource=nope",
        f"{DOC}&ref=I.Z",
        f"{DOC}&tree=footnotes&ref=0",
        f"{DOC}&mediaType=text/html",
    ],
)
def test_unknown_things_are_404(client: FlaskClient, url: str) -> None:
    problem(client, url, 404)


# --- contract ------------------------------------------------------------------------------

CONTRACT = [
    "/api/dts",
    "/api/dts/collection",
    f"/api/dts/collection?id={SEED_ID}&nav=parents",
    f"{NAV}&down=-1",
    f"{NAV}&ref=I.B&down=0",
    f"{NAV}&start=I&end=II&down=2",
    f"{NAV}&tree=letters&down=2",
]


@pytest.mark.parametrize("url", CONTRACT)
def test_answers_match_the_documented_schema(dts_app: Flask, client: FlaskClient, url: str) -> None:
    spec = spec_dict(dts_app)
    path = url.split("?", 1)[0]
    content = spec["paths"][path]["get"]["responses"]["200"]["content"]
    schema = content["application/ld+json"]["schema"]
    validator = Draft202012Validator({**schema, "components": spec["components"]})
    errors = list(validator.iter_errors(ld(client, url)))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_document_endpoint_is_documented_as_tei(dts_app: Flask) -> None:
    operation = spec_dict(dts_app)["paths"]["/api/dts/document"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/tei+xml"}
    assert {"400", "404"} <= set(operation["responses"])


# --- a second document, without headings or notes -------------------------------------------

SPEECH = "atam-c1-1906-001"


@pytest.fixture(scope="module")
def two_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    from archive_api.search.indexer import build_index
    from archive_api.store import DocumentStore

    root = tmp_path_factory.mktemp("dts-two")
    shutil.copytree(DOCUMENTS, root / "documents")
    corpus = Path(DOCUMENTS).parent / "corpora" / "ataturk"
    for suffix in (".txt", ".json"):
        shutil.copy(corpus / f"{SPEECH}{suffix}", root / "documents")
    build_index(DocumentStore(root / "documents"), root / "index")
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(root / "documents"),
            "ARCHIVE_INDEX_DIR": str(root / "index"),
        }
    )
    with app.test_client() as client:
        yield client


def test_added_document_is_a_member_with_a_flat_tree(two_client: FlaskClient) -> None:
    root = ld(two_client, "/api/dts/collection")
    assert root["totalChildren"] == 2
    speech = next(m for m in root["member"] if m["@id"] == SPEECH)
    assert speech["dublinCore"]["creator"] == ["Mustafa Kemal Atatürk"]
    assert speech["dublinCore"]["date"] == "1906"
    assert speech["description"] == "Speech, Selanik, 1906: 1 page, 3 paragraphs."
    [tree] = speech["citationTrees"]
    assert tree["citeStructure"] == [{"@type": "CiteStructure", "citeType": "paragraph"}]
    nav = ld(two_client, f"/api/dts/navigation?resource={SPEECH}&down=1")
    assert [(m["identifier"], m["level"], m["parent"]) for m in nav["member"]] == [
        ("p1", 1, None), ("p2", 1, None), ("p3", 1, None),
    ]  # fmt: skip
    problem(two_client, f"/api/dts/navigation?resource={SPEECH}&tree=footnotes&down=1", 404)


def test_added_document_passage(two_client: FlaskClient) -> None:
    response = two_client.get(f"/api/dts/document?resource={SPEECH}&ref=p2")
    assert response.status_code == 200 and response.mimetype == "application/tei+xml"
    wrapper = etree.fromstring(response.get_data()).find(".//dts:wrapper", NS)
    [p] = wrapper
    assert p.get(XML_ID) == "p2"
    assert "".join(p.itertext()).startswith("Şimdilik gizli çalışmak")
