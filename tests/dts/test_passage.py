"""Cutting a passage out of a TEI document and wrapping it in <dts:wrapper>."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from archive_api.dts import DTS_NS
from archive_api.dts.passage import (
    TEI_NS,
    by_id,
    element_id,
    elements,
    passage,
    span,
    wrapped,
)
from archive_api.dts.trees import citation_trees, default_tree, footnotes_tree, letters_tree
from archive_api.export.links import TemplateLinks
from archive_api.export.tei import tei_document
from archive_api.export.teixml import serialize
from archive_api.models import Document

NS = {"tei": TEI_NS, "dts": DTS_NS}

# A small document shaped like the archive's export: nested divs, inline notes, page breaks.
SAMPLE = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}">
  <teiHeader><fileDesc><titleStmt><title>Örnek</title></titleStmt></fileDesc></teiHeader>
  <text>
    <body>
      <div xml:id="s1" n="I"><head>I. Başlık</head>
        <p xml:id="p1">Bir<note xml:id="n1" n="1">Not bir.</note> iki.</p>
        <pb n="2"/>
        <div xml:id="s2" n="I.A"><head>I.A. Alt</head>
          <p xml:id="p2">Üç<note xml:id="n2" n="2">Not iki.</note> dört.</p>
          <p xml:id="p3">Beş.</p>
        </div>
      </div>
      <div xml:id="s3" n="II"><head>II. Son</head>
        <p xml:id="p4">Altı.</p>
      </div>
    </body>
  </text>
</TEI>
"""


@pytest.fixture
def root() -> ET.Element:
    return ET.fromstring(SAMPLE.encode("utf-8"))


def _wrapper(answer: ET.Element) -> etree._Element:
    out = etree.fromstring(serialize(answer).encode("utf-8"))
    assert out.tag == f"{{{TEI_NS}}}TEI"
    [wrapper] = out.findall("tei:text/tei:body/dts:wrapper", NS)
    assert out.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS) is not None
    return wrapper


def test_one_paragraph_keeps_its_section_frames(root: ET.Element) -> None:
    ids = by_id(root)
    wrapper = _wrapper(wrapped(root, span(root, ids["p2"], ids["p2"])))
    [outer] = wrapper
    assert outer.get("n") == "I" and outer.find("tei:head", NS) is None
    [inner] = outer
    assert inner.get("n") == "I.A" and inner.find("tei:head", NS) is None
    [p] = inner
    assert "".join(p.itertext()) == "ÜçNot iki. dört."
    assert (p.tail or "").strip() == ""  # not the text after the paragraph


def test_a_section_is_copied_whole(root: ET.Element) -> None:
    ids = by_id(root)
    [frame] = _wrapper(wrapped(root, span(root, ids["s2"], ids["s2"])))
    assert frame.get("n") == "I" and len(frame) == 1
    [div] = frame
    assert div.get("n") == "I.A" and div.find("tei:head", NS).text == "I.A. Alt"
    assert [
        p.get("{http://www.w3.org/XML/1998/namespace}id") for p in div.findall("tei:p", NS)
    ] == [
        "p2",
        "p3",
    ]


def test_a_range_across_sections(root: ET.Element) -> None:
    ids = by_id(root)
    wrapper = _wrapper(wrapped(root, span(root, ids["p3"], ids["p4"])))
    first, second = wrapper
    assert first.get("n") == "I" and [c.get("n") for c in first] == ["I.A"]
    assert [c.tag for c in first[0]] == [f"{{{TEI_NS}}}p"]
    assert second.get("n") == "II" and second.find("tei:head", NS).text == "II. Son"
    assert "".join(second.itertext()).split() == ["II.", "Son", "Altı."]


def test_a_section_to_its_own_paragraph_keeps_the_heading(root: ET.Element) -> None:
    ids = by_id(root)
    [div] = _wrapper(wrapped(root, span(root, ids["s1"], ids["p1"])))
    assert div.find("tei:head", NS).text == "I. Başlık"
    assert [el.tag.split("}")[1] for el in div] == ["head", "p"]


def test_page_breaks_inside_the_span_come_along(root: ET.Element) -> None:
    ids = by_id(root)
    [div] = _wrapper(wrapped(root, span(root, ids["p1"], ids["p2"])))
    assert [el.tag.split("}")[1] for el in div] == ["p", "pb", "div"]


def test_notes_are_passed_one_after_another(root: ET.Element) -> None:
    ids = by_id(root)
    wrapper = _wrapper(wrapped(root, elements([ids["n1"], ids["n2"]])))
    # Without the text that follows each note in its paragraph.
    assert [(n.get("n"), n.text, (n.tail or "").strip()) for n in wrapper] == [
        ("1", "Not bir.", ""),
        ("2", "Not iki.", ""),
    ]


def test_bounds_must_be_in_order_and_in_the_body(root: ET.Element) -> None:
    ids = by_id(root)
    with pytest.raises(ValueError, match="after"):
        span(root, ids["p4"], ids["p1"])
    with pytest.raises(ValueError, match="inside"):
        span(root, root.find("tei:teiHeader", NS), ids["p1"])


@pytest.fixture(scope="module")
def seed_tei(seed: Document) -> ET.Element:
    return tei_document(seed, TemplateLinks("http://localhost"), "Archive API")


def test_seed_paragraph_passage_from_the_export(seed: Document, seed_tei: ET.Element) -> None:
    tree = default_tree(seed)
    unit = tree.unit("I.B.a.p57")
    wrapper = _wrapper(passage(seed, seed_tei, tree, unit, unit))
    frames = [el.get("n") for el in wrapper.iter(f"{{{TEI_NS}}}div")]
    assert frames == ["I", "I.B", "I.B.a"]
    [p] = wrapper.iter(f"{{{TEI_NS}}}p")
    assert p.get("{http://www.w3.org/XML/1998/namespace}id") == "p57"
    assert "".join(p.itertext()) == next(x.text for x in seed.paragraphs if x.id == "p57")


def test_seed_footnote_range_is_the_notes(seed: Document, seed_tei: ET.Element) -> None:
    notes = footnotes_tree(seed)
    wrapper = _wrapper(passage(seed, seed_tei, notes, notes.unit("8"), notes.unit("9")))
    assert [n.get("n") for n in wrapper] == ["8", "*", "9"]
    assert "Brest-Litovsk" in "".join(wrapper[1].itertext())


def test_seed_letter_range_leaves_out_the_prose_between(
    seed: Document, seed_tei: ET.Element
) -> None:
    letters = letters_tree(seed)
    first, last = letters.unit("letter-1.p61"), letters.unit("letter-2.p69")
    assert [u.identifier for u in letters.cover(first, last)] == [
        "letter-1.p61", "letter-1.p62", "letter-2.p68", "letter-2.p69",
    ]  # fmt: skip
    wrapper = _wrapper(passage(seed, seed_tei, letters, first, last))
    ids = [el.get("{http://www.w3.org/XML/1998/namespace}id") for el in wrapper]
    assert ids == ["p61", "p62", "p68", "p69"]
    whole = _wrapper(
        passage(seed, seed_tei, letters, letters.unit("letter-3"), letters.unit("letter-3"))
    )
    [floating] = whole
    assert (
        floating.get("type") == "letter"
        and floating.get("{http://www.w3.org/XML/1998/namespace}id") == "letter-3"
    )


def test_every_unit_of_every_seed_tree_has_a_passage(seed: Document, seed_tei: ET.Element) -> None:
    for tree in citation_trees(seed):
        for unit in tree.units:
            answer = passage(seed, seed_tei, tree, unit, unit)
            [wrapper] = answer.iter(f"{{{DTS_NS}}}wrapper")
            ids = {el.get("{http://www.w3.org/XML/1998/namespace}id") for el in wrapper.iter()}
            assert element_id(seed, unit) in ids, unit.identifier
