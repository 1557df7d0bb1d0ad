"""Spelling suggestions from the vocabulary of the seed's index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from whoosh.index import open_dir

from archive_api.search.generations import current_name
from archive_api.search.schema import TEXT_FIELDS
from archive_api.search.suggest import closest_word, edit_distance, is_known, suggest

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex


@pytest.fixture(scope="module")
def opened(built_index: BuiltIndex) -> Iterator[tuple[Any, dict[str, Any]]]:
    root = built_index.index_dir
    index = open_dir(str(root / str(current_name(root))), readonly=True)
    with index.searcher() as searcher:
        analyzers = {name: searcher.schema[name].analyzer for name in TEXT_FIELDS}
        yield searcher.reader(), analyzers
    index.close()


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("karabekir", "karabekir", 0),
        ("karabekri", "karabekir", 1),  # two neighbours swapped: one edit
        ("karabekr", "karabekir", 1),
        ("erzrum", "erzurum", 1),
        ("sovyet", "sovyetler", 3),
        ("", "abc", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_known_words_in_any_form(opened: tuple[Any, dict[str, Any]]) -> None:
    reader, analyzers = opened
    for word in ("Karabekir", "KAZIM", "kazim", "antlaşma", "savaşmışlardır", "banş", "barış"):
        assert is_known(word, reader, analyzers), word
    assert is_known("Chicherine", reader, analyzers)  # absent, but a listed spelling is there
    for word in ("Karabekri", "Erzrum", "zümrütanka"):
        assert not is_known(word, reader, analyzers), word


def test_closest_word_of_the_folded_vocabulary(opened: tuple[Any, dict[str, Any]]) -> None:
    reader, analyzers = opened
    fold = analyzers["fold"]
    assert closest_word("Karabekri", reader, fold) == "karabekir"
    assert closest_word("KARABEKR", reader, fold) == "karabekir"
    assert closest_word("Erzrum'a", reader, fold) == "erzurum"
    assert closest_word("Sovyetlr", reader, fold) == "sovyetler"
    assert closest_word("zümrütanka", reader, fold) is None  # nothing within two edits
    assert closest_word("xq", reader, fold) is None  # too short to guess


def test_suggestion_replaces_only_unknown_words(opened: tuple[Any, dict[str, Any]]) -> None:
    reader, analyzers = opened
    assert suggest("Karabekri", reader, analyzers) == "karabekir"
    assert suggest("Kâzım  Karabekri", reader, analyzers) == "Kâzım karabekir"
    assert suggest('"Erzrum" -Ankara', reader, analyzers) == '"erzurum" -Ankara'
    assert suggest("Kâzım Karabekir", reader, analyzers) is None
    assert suggest("Ali Fuad", reader, analyzers) is None  # a listed spelling
    assert suggest("zümrütanka", reader, analyzers) is None
    assert suggest("* - OR", reader, analyzers) is None
