"""The TEI text: page beginnings, sections, paragraphs, notes at their anchors, letters."""

from __future__ import annotations

from typing import Any

import pytest

from archive_api.export.links import TemplateLinks
from archive_api.export.tei import tei_xml
from archive_api.export.tei_text import break_offset
from archive_api.models import Document, Paragraph

from .helpers import XML_ID, parse_xml, xpath

LABELS = [str(n) for n in range(1, 9)] + ["*"] + [str(n) for n in range(9, 41)]


@pytest.fixture(scope="module")
def tree(seed: Document, links: TemplateLinks) -> Any:
    return parse_xml(tei_xml(seed, links, "Archive API"))


def _text_without_notes(node: Any) -> str:
    """The reading text of an element: its text and tails, notes left out."""
    parts = [node.text or ""]
    for child in node:
        if child.tag.endswith("}note"):
            parts.append(child.tail or "")
        else:
            parts.append(_text_without_notes(child) + (child.tail or ""))
    return "".join(parts)


def test_seventeen_page_beginnings_in_order(tree: Any) -> None:
    breaks = xpath(tree, "//t:body//t:pb")
    assert [pb.get("n") for pb in breaks] == [str(n) for n in range(1, 18)]


def test_page_break_inside_a_paragraph_sits_at_the_new_page(tree: Any) -> None:
    [pb] = xpath(tree, "//t:p[@xml:id='p14']/t:pb")
    assert pb.get("n") == "3"
    assert pb.tail.startswith("bu arada, Kafkasya'daki")
    [split] = xpath(tree, "//t:p[@xml:id='p67']/t:pb")  # "ta-" / "rihlidir": inside a word
    assert (split.get("n"), split.get("break")) == ("9", "no")
    assert split.tail.startswith("rihlidir.")


def test_forty_one_notes_with_their_labels_at_their_anchors(tree: Any, seed: Document) -> None:
    notes = xpath(tree, "//t:text//t:note[@place='foot']")
    assert [n.get("n") for n in notes] == LABELS
    [first] = xpath(tree, "//t:note[@xml:id='note-1']")
    assert first.getparent().get(XML_ID) == "p5"
    assert (first.getprevious() is None) and first.getparent().text.endswith("öldürülmesidir")
    [star] = xpath(tree, "//t:note[@xml:id='note-star']")
    assert star.getparent().text.endswith("Brest- Litovsk'ta")
    assert xpath(tree, "//t:note[@xml:id='note-31']/@cert") == ["medium"]  # label recovered
    assert len(notes) == len(seed.footnotes) == 41


def test_citations_in_notes_point_at_the_bibliography(tree: Any) -> None:
    bibls = xpath(tree, "//t:back//t:listBibl/t:bibl")
    assert len(bibls) == 21
    ids = {b.get(XML_ID) for b in bibls}
    pointers = xpath(tree, "//t:note[@place='foot']/t:bibl/@corresp")
    assert len(pointers) == 43  # 44 citations, one of which (note 36) resolves to no work
    assert {p[1:] for p in pointers} <= ids
    assert xpath(tree, "//t:note[@xml:id='note-12']/t:bibl/@corresp") == ["#work-ataturk-nutuk"]
    [nutuk] = xpath(tree, "//t:bibl[@xml:id='work-ataturk-nutuk']")
    assert xpath(nutuk, "t:title/text()") == ["Nutuk"]
    assert xpath(nutuk, "t:biblScope[@unit='volume']/@n") == ["1"]
    [article] = xpath(tree, "//t:bibl[@xml:id='work-sonyel-kurtulus-savasi-gunlerinde']")
    assert xpath(article, "t:title[@level='j']/text()") == ["Belleten"]


def test_paragraphs_and_heads_keep_their_ids_and_text(tree: Any, seed: Document) -> None:
    headings = [p for p in seed.paragraphs if p.kind == "heading"]
    assert len(xpath(tree, "//t:body//t:p[@xml:id]")) == len(seed.paragraphs) - len(headings)
    assert [h.get(XML_ID) for h in xpath(tree, "//t:head[@xml:id]")] == [p.id for p in headings]
    for paragraph in seed.paragraphs:
        [node] = xpath(tree, f"//*[@xml:id='{paragraph.id}']")
        assert _text_without_notes(node) == paragraph.text, paragraph.id


def test_sections_nest_as_divs(tree: Any) -> None:
    divs = xpath(tree, "//t:div[@type='section']")
    assert [d.get("n") for d in divs] == [
        None, "I", "I.A", "I.B", "I.B.a", "I.B.b", "II", "II.A", "II.A.a", "II.B", None
    ]  # fmt: skip
    [sub] = xpath(tree, "//t:div[@xml:id='sec-I.B.a']")
    assert [a.get(XML_ID) for a in sub.iterancestors() if a.tag.endswith("}div")] == [
        "sec-I.B",
        "sec-I",
    ]
    assert xpath(sub, "t:head/text()")[0].startswith("I.B.a. T.B.M.M.")


def test_letters_are_floating_texts_in_the_flow(tree: Any) -> None:
    letters = xpath(tree, "//t:floatingText[@type='letter']")
    assert [x.get(XML_ID) for x in letters] == [f"letter-{n}" for n in range(1, 5)]
    assert xpath(letters[0], "t:body/t:p/@xml:id") == [f"p{n}" for n in range(57, 63)]
    assert letters[3].getparent().get(XML_ID) == "sec-II.A.a"


def test_annex_references_wrap_the_label_and_point_at_the_list(tree: Any) -> None:
    refs = xpath(tree, "//t:ref[@type='annex']")
    assert [r.get("target") for r in refs] == ["#ek-1", "#ek-2", "#ek-3", "#ek-4"]
    assert _text_without_notes(refs[0]) == "(Ek: 1 Osmanlıca Belge)"
    assert xpath(refs[0], "t:note/@n") == ["25"]  # the note marker printed inside the label
    items = xpath(tree, "//t:back/t:div[@type='annexes']//t:item")
    assert [(i.get(XML_ID), i.get("corresp")) for i in items] == [
        (f"ek-{n}", f"#letter-{n}") for n in range(1, 5)
    ]


def test_break_offset_finds_the_line_or_estimates() -> None:
    paragraph = Paragraph(
        id="p1",
        section_id=None,
        page=1,
        page_end=2,
        text="Birinci sayfanın sonu ve ikinci sayfanın başı burada.",
        printed="Birinci sayfanın sonu ve\nikinci sayfanın başı burada.",
        start=0,
        end=53,
    )
    assert break_offset(paragraph, "ikinci sayfanın başı burada.", 0) == 25
    # A line the OCR damaged beyond recognition: placed at a word start near its share.
    guess = break_offset(paragraph, "xqzv", 0)
    assert 0 < guess < len(paragraph.text) and paragraph.text[guess - 1] == " "
