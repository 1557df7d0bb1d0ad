"""A document as TEI: parsed back with lxml, header and key elements checked on the seed."""

from __future__ import annotations

from typing import Any

import pytest

from archive_api.export.links import TemplateLinks
from archive_api.export.tei import tei_xml
from archive_api.models import Document, Metadata

from .helpers import BASE, SEED_ID, XML_ID, parse_xml, xpath

DOC_URL = f"{BASE}/api/v1/documents/{SEED_ID}"


@pytest.fixture(scope="module")
def tree(seed: Document, links: TemplateLinks) -> Any:
    return parse_xml(tei_xml(seed, links, "Archive API"))


def test_is_tei_with_header_and_text(tree: Any) -> None:
    assert tree.tag == "{http://www.tei-c.org/ns/1.0}TEI"
    assert tree.get("{http://www.w3.org/XML/1998/namespace}lang") == "tr"
    assert [child.tag.split("}")[1] for child in tree] == ["teiHeader", "text"]


def test_header_title_source_and_url(tree: Any) -> None:
    [title] = xpath(tree, "//t:titleStmt/t:title")
    assert title.text == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert xpath(tree, "//t:publicationStmt/t:idno[@type='URL']/text()") == [DOC_URL]
    [source] = xpath(tree, "//t:sourceDesc/t:bibl/t:note[@type='source']/text()")
    assert source.startswith("OCR'd text of a Turkish scholarly article")
    assert xpath(tree, "//t:extent/t:measure/@quantity") == ["17"]
    assert xpath(tree, "//t:titleStmt/t:author") == []  # the source names no author


def test_inferred_fields_are_marked_and_listed(tree: Any) -> None:
    [title] = xpath(tree, "//t:titleStmt/t:title")
    assert title.get("resp") == "#archive"
    assert xpath(tree, "//t:respStmt/@xml:id") == ["archive"]
    [note] = xpath(tree, "//t:notesStmt/t:note[@type='inferred']/text()")
    assert note.endswith("kind, language, tags, title.")
    assert xpath(tree, "//t:langUsage/t:language/@ident") == ["tr"]
    terms = xpath(tree, "//t:keywords/t:term")
    assert [t.text for t in terms][:3] == ["article", "Türk-Sovyet ilişkileri", "Milli Mücadele"]
    assert {t.get("resp") for t in terms} == {"#archive"}


def test_four_correspdesc_with_dates_and_persons(tree: Any) -> None:
    descs = xpath(tree, "//t:profileDesc/t:correspDesc")
    assert [d.get(XML_ID) for d in descs] == [f"corresp-letter-{n}" for n in range(1, 5)]
    dates = [xpath(d, "t:correspAction[@type='sent']/t:date")[0] for d in descs]
    assert [d.get("when") for d in dates] == [
        "1920-05-09",
        "1920-06-03",
        "1920-06-20",
        "1920-06-20",
    ]
    assert [d.text for d in dates] == [
        "9.5.1336 (1920)",
        "3 Haziran 1920",
        "20 Haziran 1920",
        "20 Haziran 336 (1920)",
    ]
    assert [d.get("calendar") for d in dates] == ["#rumi", None, None, "#rumi"]
    assert dates[2].get("cert") == "medium"  # letter 3 is dated by the prose announcing it
    senders = [xpath(d, "t:correspAction[@type='sent']/t:persName")[0] for d in descs]
    names = ["Mustafa Kemal, ", "Tchitcherine, ", "Mustafa Kemal, ", "Mustafa Kemal, "]
    assert [s.text for s in senders] == names
    assert xpath(descs[1], "t:correspAction[@type='sent']/t:persName/t:roleName/text()") == [
        "Umur-u Hariciye Komiseri"
    ]
    assert xpath(descs[1], "t:correspAction[@type='sent']/t:placeName/text()") == ["Moskova"]
    received = xpath(descs[3], "t:correspAction[@type='received']/t:persName")[0]
    assert received.text == "Kâzım Karabekir, "
    assert xpath(descs[3], ".//t:addrLine/text()") == [
        "Şark Cephesi Kumandanı Kâzım Karabekir Paşa Hazrelerine"
    ]
    assert descs[0].get("ref") == f"{DOC_URL}/letters/letter-1"
    assert xpath(descs[0], "t:note[@type='annex']/t:ref/@target") == ["#ek-1"]
    assert xpath(descs[0], "t:note[@type='source']/t:ref/@target") == ["#note-25"]


def test_rumi_calendar_is_declared(tree: Any) -> None:
    assert xpath(tree, "//t:calendarDesc/t:calendar/@xml:id") == ["rumi"]


def test_every_internal_pointer_resolves(tree: Any) -> None:
    ids = set(xpath(tree, "//@xml:id"))
    pointers = xpath(tree, "//@corresp | //@target | //@calendar | //@resp")
    local = [p for p in pointers if p.startswith("#")]
    assert local and {p[1:] for p in local} <= ids
    assert len(ids) == len(xpath(tree, "//@xml:id"))  # no id used twice


def test_document_that_is_a_letter_describes_itself() -> None:
    doc = Document(
        id="brief",
        metadata=Metadata(
            title="Mektup",
            authors=["Mustafa Kemal Atatürk"],
            date="1911-09-24",
            place="İstanbul",
            kind="letter",
            language="tr",
            sender="Mustafa Kemal",
            recipient="Salih Bey",
            inferred=["place"],
        ),
        source="x",
        text="",
        pages=[],
        sections=[],
        paragraphs=[],
        footnotes=[],
        works=[],
        letters=[],
        annexes=[],
        dates=[],
    )
    tree = parse_xml(tei_xml(doc, TemplateLinks(BASE), "Archive API"))
    [desc] = xpath(tree, "//t:correspDesc")
    assert xpath(desc, "t:correspAction[@type='sent']/t:persName/text()") == ["Mustafa Kemal"]
    assert xpath(desc, "t:correspAction[@type='received']/t:persName/text()") == ["Salih Bey"]
    assert xpath(desc, ".//t:date/@when") == ["1911-09-24"]
    assert xpath(tree, "//t:creation/t:placeName/@resp") == ["#archive"]
    assert xpath(tree, "//t:titleStmt/t:author/text()") == ["Mustafa Kemal Atatürk"]
    assert xpath(tree, "//t:body/t:p") != []  # an empty text still has a valid body
