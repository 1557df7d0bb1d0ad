"""The specification's table of down × ref × start/end, over the seed's trees."""

from __future__ import annotations

import pytest

from archive_api.dts.errors import InvalidParameter, UnknownIdentifier
from archive_api.dts.navigation import RangeQuery, check_navigation, check_range, select
from archive_api.dts.trees import CitationTree, default_tree, footnotes_tree
from archive_api.models import Document


@pytest.fixture(scope="module")
def tree(seed: Document) -> CitationTree:
    return default_tree(seed)


def ids(units: list[object] | None) -> list[str]:
    assert units is not None
    return [u.identifier for u in units]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("query", "down", "parameter"),
    [
        (RangeQuery(), None, "down"),
        (RangeQuery(), 0, "down"),
        (RangeQuery(start="I", end="II"), 0, "down"),
        (RangeQuery(ref="I", start="I"), 1, "start"),
        (RangeQuery(ref="I", end="II"), None, "end"),
        (RangeQuery(start="I"), 1, "end"),
        (RangeQuery(end="II"), 1, "start"),
        (RangeQuery(ref="I"), -2, "down"),
    ],
)
def test_bad_combinations_are_400(query: RangeQuery, down: int | None, parameter: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        check_navigation(query, down)
    assert caught.value.parameter == parameter


def test_good_combinations_pass() -> None:
    check_navigation(RangeQuery(ref="I"), None)
    check_navigation(RangeQuery(ref="I"), 0)
    check_navigation(RangeQuery(start="I", end="II"), None)
    check_navigation(RangeQuery(), -1)
    check_range(RangeQuery())


def test_down_1_lists_the_top_level_sections(tree: CitationTree) -> None:
    selection = select(tree, RangeQuery(), 1)
    assert ids(selection.members) == ["giris", "I", "II", "sonuc"]
    assert selection.ref is None and selection.start is None


def test_down_2_adds_subsections_and_top_level_paragraphs(tree: CitationTree) -> None:
    members = select(tree, RangeQuery(), 2).members
    assert members is not None
    sections = [u.identifier for u in members if u.cite_type == "section"]
    assert sections == ["giris", "I", "I.A", "I.B", "II", "II.A", "II.B", "sonuc"]
    paragraphs = [u.identifier for u in members if u.cite_type == "paragraph"]
    assert paragraphs[0] == "giris.p2" and paragraphs[-1] == "sonuc.p133"
    assert "I.p30" in paragraphs and "I.A.p34" not in paragraphs
    assert {u.level for u in members} == {1, 2}


def test_down_minus_1_is_the_whole_tree(tree: CitationTree) -> None:
    members = select(tree, RangeQuery(), -1).members
    assert members is not None and len(members) == 133
    assert sum(u.cite_type == "section" for u in members) == 11


def test_ref_without_down_has_no_members(tree: CitationTree) -> None:
    selection = select(tree, RangeQuery(ref="I.B.a"), None)
    assert selection.ref is not None and selection.ref.identifier == "I.B.a"
    assert selection.members is None


def test_ref_with_down_1_lists_it_and_its_children(tree: CitationTree) -> None:
    members = select(tree, RangeQuery(ref="I.B"), 1).members
    assert ids(members) == ["I.B", *(f"I.B.p{n}" for n in range(45, 55)), "I.B.a", "I.B.b"]


def test_ref_with_down_0_lists_its_siblings(tree: CitationTree) -> None:
    assert ids(select(tree, RangeQuery(ref="I.A"), 0).members) == [
        "I.p30",
        "I.p31",
        "I.p32",
        "I.A",
        "I.B",
    ]
    assert ids(select(tree, RangeQuery(ref="II"), 0).members) == ["giris", "I", "II", "sonuc"]


def test_leaf_ref_with_down_lists_only_itself(tree: CitationTree) -> None:
    assert ids(select(tree, RangeQuery(ref="I.B.a.p57"), 3).members) == ["I.B.a.p57"]


def test_range_without_down_names_both_ends(tree: CitationTree) -> None:
    selection = select(tree, RangeQuery(start="I.p31", end="I.A.p35"), None)
    assert selection.start is not None and selection.start.identifier == "I.p31"
    assert selection.end is not None and selection.end.identifier == "I.A.p35"
    assert selection.ref is None and selection.members is None


def test_range_with_down_is_relative_to_the_deeper_end(tree: CitationTree) -> None:
    members = select(tree, RangeQuery(start="I.p31", end="I.A.p35"), 1).members
    assert ids(members) == ["I.p31", "I.p32", "I.A", "I.A.p34", "I.A.p35"]
    sections = select(tree, RangeQuery(start="I", end="II"), 1).members
    assert ids(sections) == ["I", "I.p30", "I.p31", "I.p32", "I.A", "I.B", "II"] + [
        f"II.p{n}" for n in range(67, 89)
    ] + ["II.A", "II.B"]


def test_reversed_range_is_400(tree: CitationTree) -> None:
    with pytest.raises(InvalidParameter, match="comes after end"):
        select(tree, RangeQuery(start="II", end="I"), 1)


def test_unknown_units_are_404(tree: CitationTree) -> None:
    with pytest.raises(UnknownIdentifier, match=r"ref: no citable unit 'I\.C'"):
        select(tree, RangeQuery(ref="I.C"), None)
    with pytest.raises(UnknownIdentifier, match="end: no citable unit"):
        select(tree, RangeQuery(start="I", end="III"), 1)


def test_footnote_range(seed: Document) -> None:
    notes = footnotes_tree(seed)
    assert ids(select(notes, RangeQuery(start="8", end="10"), 1).members) == ["8", "*", "9", "10"]
    assert ids(select(notes, RangeQuery(ref="*"), 0).members)[8] == "*"
