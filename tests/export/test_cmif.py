"""CMIF: the letters as correspSearch harvests them, parsed back with lxml."""

from __future__ import annotations

from typing import Any

import pytest

from archive_api.export.cmif import CC_BY, CmifHeader, cmif
from archive_api.export.links import TemplateLinks
from archive_api.models import Document

from .helpers import BASE, SEED_ID, XML_ID, parse_xml, xpath

HEADER = CmifHeader(
    title="Letters in the archive",
    publisher="Archive API",
    publisher_url=f"{BASE}/",
    file_url=f"{BASE}/api/v1/letters?format=cmif",
    date="2025-01-31",
)


@pytest.fixture(scope="module")
def tree(seed: Document, telegram: Document, links: TemplateLinks) -> Any:
    pairs = [(seed, letter) for letter in seed.letters]
    pairs += [(telegram, letter) for letter in telegram.letters]
    return parse_xml(cmif(pairs, links, HEADER))


def test_publication_statement_as_correspsearch_requires(tree: Any) -> None:
    statement = xpath(tree, "//t:publicationStmt")[0]
    assert xpath(statement, "t:publisher/t:ref/@target") == [f"{BASE}/"]
    assert xpath(statement, "t:idno[@type='url']/text()") == [HEADER.file_url]
    assert xpath(statement, "t:date/@when") == ["2025-01-31"]
    assert xpath(statement, "t:availability/t:licence/@target") == [CC_BY]
    assert xpath(tree, "//t:titleStmt/t:title/text()") == ["Letters in the archive"]


def test_one_source_bibl_per_document(tree: Any) -> None:
    bibls = xpath(tree, "//t:sourceDesc/t:bibl")
    assert [b.get(XML_ID) for b in bibls] == [f"source-{SEED_ID}", "source-atam-c1-1918-002"]
    assert xpath(bibls[0], "t:ref/@target") == [f"{BASE}/api/v1/documents/{SEED_ID}"]


def test_correspdesc_per_letter_with_source_ref_persons_places_dates(tree: Any) -> None:
    descs = xpath(tree, "//t:profileDesc/t:correspDesc")
    assert len(descs) == 5
    seed_descs = descs[:4]
    assert {d.get("source") for d in seed_descs} == {f"#source-{SEED_ID}"}
    assert [d.get("ref") for d in seed_descs] == [
        f"{BASE}/api/v1/documents/{SEED_ID}/letters/letter-{n}" for n in range(1, 5)
    ]
    sent = [xpath(d, "t:correspAction[@type='sent']")[0] for d in descs]
    assert [xpath(s, "t:persName/text()")[0] for s in sent] == [
        "Mustafa Kemal",
        "Tchitcherine",
        "Mustafa Kemal",
        "Mustafa Kemal",
        "Mustafa Kemal",
    ]
    assert [xpath(s, "t:date/@when") for s in sent] == [
        ["1920-05-09"], ["1920-06-03"], ["1920-06-20"], ["1920-06-20"], ["1918-11-10"]
    ]  # fmt: skip
    assert [xpath(s, "t:placeName/text()") for s in sent[:4]] == [
        ["Ankara"], ["Moskova"], [], ["Ankara"]
    ]  # fmt: skip
    received = [xpath(d, "t:correspAction[@type='received']/t:persName/text()")[0] for d in descs]
    assert received[3] == "Kâzım Karabekir"
    assert received[0] == "Umuru Maliye Vekâleti"  # a role when no name is known
    assert received[4] == "Başkumandanlık Erkân-ı Harbiye Riyaseti"
    # CMIF dates are attributes only; the one taken from the prose is less certain.
    assert all(not (xpath(s, "t:date")[0].text or "").strip() for s in sent)
    assert xpath(sent[2], "t:date/@cert") == ["medium"]


def test_empty_list_is_still_a_valid_file(links: TemplateLinks) -> None:
    tree = parse_xml(cmif([], links, HEADER))
    assert xpath(tree, "//t:correspDesc") == []
    assert xpath(tree, "//t:sourceDesc/t:p/text()") == ["No letters match."]
