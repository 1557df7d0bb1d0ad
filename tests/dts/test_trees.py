"""Citation trees of the seed: nested sections with paragraphs, footnotes, letters."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archive_api.dts.errors import UnknownIdentifier
from archive_api.dts.trees import (
    CitationTree,
    citation_trees,
    default_tree,
    find_tree,
    footnotes_tree,
    letters_tree,
)
from archive_api.models import Document, Metadata

SECTIONS = ["giris", "I", "I.A", "I.B", "I.B.a", "I.B.b", "II", "II.A", "II.A.a", "II.B", "sonuc"]


@pytest.fixture(scope="module")
def tree(seed: Document) -> CitationTree:
    return default_tree(seed)


def test_sections_nest_by_number_in_document_order(tree: CitationTree) -> None:
    sections = [u for u in tree.units if u.cite_type == "section"]
    assert [u.identifier for u in sections] == SECTIONS
    levels = {u.identifier: (u.level, u.parent) for u in sections}
    assert levels["giris"] == (1, None)
    assert levels["I.B"] == (2, "I")
    assert levels["I.B.a"] == (3, "I.B")
    assert levels["II.A.a"] == (3, "II.A")
    assert levels["sonuc"] == (1, None)


def test_paragraphs_sit_under_their_section_headings_excluded(
    tree: CitationTree, seed: Document
) -> None:
    paragraphs = [u for u in tree.units if u.cite_type == "paragraph"]
    headings = [p.id for p in seed.paragraphs if p.kind == "heading"]
    assert len(headings) == 11
    assert len(paragraphs) == len(seed.paragraphs) - 11 == 122
    assert not {u.record_id for u in paragraphs} & set(headings)
    p57 = tree.unit("I.B.a.p57")
    assert (p57.level, p57.parent, p57.record_id) == (4, "I.B.a", "p57")
    p2 = tree.unit("giris.p2")
    assert (p2.level, p2.parent) == (2, "giris")
    assert tree.unit("I.B.a").title is not None and "Maliye" in (tree.unit("I.B.a").title or "")


def test_document_order_is_preorder_with_extents(tree: CitationTree) -> None:
    ids = [u.identifier for u in tree.units]
    # The paragraphs of I come before its first subsection.
    assert ids[ids.index("I") : ids.index("I") + 5] == ["I", "I.p30", "I.p31", "I.p32", "I.A"]
    assert [u.position for u in tree.units] == list(range(len(ids)))
    section_i = tree.unit("I")
    subtree = tree.subtree(section_i)
    assert subtree[0] is section_i and subtree[-1].identifier == "I.B.b.p65"
    assert all(u.identifier.startswith("I.") for u in subtree[1:])
    assert tree.unit("giris.p2").last == tree.unit("giris.p2").position


def test_cite_structure_merges_the_paths(tree: CitationTree) -> None:
    [section] = tree.cite_structure()
    assert section["citeType"] == "section"
    level2 = [s["citeType"] for s in section["citeStructure"]]
    assert level2 == ["paragraph", "section"]
    sub = section["citeStructure"][1]["citeStructure"]
    assert [s["citeType"] for s in sub] == ["paragraph", "section"]
    deepest = sub[1]["citeStructure"]
    assert deepest == [{"@type": "CiteStructure", "citeType": "paragraph"}]


def test_footnotes_tree_has_41_notes_in_print_order(seed: Document) -> None:
    notes = footnotes_tree(seed)
    labels = [u.identifier for u in notes.units]
    assert len(labels) == 41
    assert labels[:10] == ["1", "2", "3", "4", "5", "6", "7", "8", "*", "9"]
    assert labels[-1] == "40"
    assert {(u.level, u.parent, u.cite_type) for u in notes.units} == {(1, None, "note")}
    assert notes.cite_structure() == [{"@type": "CiteStructure", "citeType": "note"}]


def test_letters_tree_has_letters_and_their_paragraphs(seed: Document) -> None:
    letters = letters_tree(seed)
    tops = [u for u in letters.units if u.level == 1]
    assert [u.identifier for u in tops] == ["letter-1", "letter-2", "letter-3", "letter-4"]
    assert (
        tops[1].title
        == "Tchitcherine → Türkiye Büyük Millet Meclisi Reisi, Moskova, 3 Haziran 1920"
    )
    first = letters.subtree(tops[0])
    assert [u.identifier for u in first[1:]] == [f"letter-1.p{n}" for n in range(57, 63)]


def test_trees_of_a_document_default_first(seed: Document) -> None:
    trees = citation_trees(seed)
    assert [t.identifier for t in trees] == [None, "footnotes", "letters"]
    assert find_tree(trees, None) is trees[0]
    assert find_tree(trees, "footnotes") is trees[1]
    with pytest.raises(UnknownIdentifier, match="'pages'"):
        find_tree(trees, "pages")


def test_unknown_unit_names_the_parameter(tree: CitationTree) -> None:
    with pytest.raises(UnknownIdentifier, match=r"start: no citable unit 'p57'"):
        tree.unit("p57", "start")


def test_document_without_headings_has_paragraphs_at_the_top(seed: Document) -> None:
    flat = replace(
        seed,
        sections=[],
        paragraphs=[replace(p, section_id=None, kind="prose") for p in seed.paragraphs[:3]],
        footnotes=[],
        letters=[],
    )
    trees = citation_trees(flat)
    assert len(trees) == 1
    assert [(u.identifier, u.level, u.parent) for u in trees[0].units] == [
        ("p1", 1, None),
        ("p2", 1, None),
        ("p3", 1, None),
    ]
    assert trees[0].cite_structure() == [{"@type": "CiteStructure", "citeType": "paragraph"}]
    assert trees[0].description == "Paragraphs in reading order."


def test_document_without_paragraphs_has_no_tree(seed: Document) -> None:
    empty = replace(seed, metadata=Metadata(), sections=[], paragraphs=[], letters=[])
    assert citation_trees(empty) == []
    assert find_tree([], None) is None
