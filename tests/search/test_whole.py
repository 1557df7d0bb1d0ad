"""Documents matched as a whole (``whole.py``): every word somewhere in the document, on
arrays first, then on the seed article through ``Archive.search``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest

from archive_api.search.engine import Matches, all_of
from archive_api.search.searcher import Archive
from archive_api.search.whole import match_documents, standing_records

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex

SEED = "turk-sovyet-iliskileri-1920"
# Records 0-3 belong to document code 1, records 4-6 to code 2, record 7 to none.
CODES = np.array([1, 1, 1, 1, 2, 2, 2, 0], dtype=np.int32)


def _found(pairs: dict[int, float]) -> Matches:
    docs = np.array(sorted(pairs), dtype=np.int32)
    return Matches(docs, np.array([pairs[int(n)] for n in docs]))


def test_words_in_different_records_match_the_document() -> None:
    first, second = _found({1: 2.0, 5: 1.0}), _found({3: 4.0, 7: 9.0})
    whole = match_documents([first, second], all_of([first, second]), np.zeros(0, np.int32), CODES)
    assert whole.codes.tolist() == [1]  # document 2 lacks the second word; 7 has no document
    assert whole.scores.tolist() == [6.0]  # each word's best record, added
    assert whole.passages(0) == (3, 1)  # the stronger word's record first
    assert whole.standing.tolist() == [3]
    assert whole.records().tolist() == [1, 3]


def test_one_record_holding_every_word_is_the_passage() -> None:
    first, second = _found({0: 1.0, 2: 5.0}), _found({0: 1.0, 3: 4.0})
    whole = match_documents([first, second], all_of([first, second]), np.zeros(0, np.int32), CODES)
    assert whole.passages(0) == (0,)
    assert whole.standing.tolist() == [0]
    assert whole.scores.tolist() == [9.0]  # scored by the best evidence for each word


def test_an_excluded_word_anywhere_drops_the_document() -> None:
    first, second = _found({1: 1.0, 4: 1.0}), _found({2: 1.0, 6: 1.0})
    excluded = np.array([0], dtype=np.int32)
    whole = match_documents([first, second], all_of([first, second]), excluded, CODES)
    assert whole.codes.tolist() == [2]
    listed = standing_records(_found({1: 1.0, 5: 3.0, 6: 2.0}), CODES, excluded)
    assert listed.codes.tolist() == [2] and listed.passages(0) == (5,)


def test_a_word_missing_everywhere_matches_nothing() -> None:
    first = _found({1: 1.0})
    empty = Matches(np.zeros(0, np.int32), np.zeros(0))
    assert len(match_documents([first, empty], empty, np.zeros(0, np.int32), CODES)) == 0


@pytest.fixture(scope="module")
def archive(built_index: BuiltIndex) -> Archive:
    return Archive(built_index.index_dir, reload_interval=3600)


def test_two_words_of_different_paragraphs_find_the_article(archive: Archive) -> None:
    # Çiçerin's talk with Bekir Sami (p64) and the delegation's stop at Erzurum (p129):
    # no record names both.
    records = archive.search("Çiçerin Erzurum")
    assert records.relaxed
    page = archive.search("Çiçerin Erzurum", types=["document"])
    assert not page.relaxed and page.total == 1 == page.facets_by_type["document"]
    [hit] = page.hits
    assert hit.type == "document" and hit.id == SEED
    shown = [passage.record_id for passage in hit.passages]
    assert sorted(shown) == ["p129", "p64"]
    assert "<mark>Çiçerin</mark>" in hit.snippet and "<mark>Erzurum'a</mark>" in hit.snippet
    text = archive.document(SEED).text
    words = {text[match.start : match.end] for match in hit.matches}
    assert {"Çiçerin", "Erzurum'a"} <= words
    assert page.facets["document"][SEED] >= 2  # the records behind the document


def test_document_level_keeps_phrases_and_exclusions(archive: Archive) -> None:
    assert archive.search('"Çiçerin Erzurum"', types=["document"]).total == 0
    excluded = archive.search("Çiçerin Erzurum -Karabekir", types=["document"])
    assert excluded.total == 0 and not excluded.relaxed  # Karabekir is named elsewhere
    mixed = archive.search("Çiçerin Erzurum", types=["document", "paragraph"])
    assert [hit.type for hit in mixed.hits] == ["document"]  # no paragraph holds both


def test_a_word_one_letter_away_is_found_only_when_nothing_else_is(archive: Archive) -> None:
    typed = archive.search("Karabekjr Erzurum", types=["document"])
    assert typed.tolerant and typed.total == 1 and not typed.relaxed
    assert "<mark>Karabekir</mark>" in typed.hits[0].snippet
    assert typed.suggestion == "karabekir Erzurum"
    exact = archive.search("Karabekir")
    assert not exact.tolerant  # found as typed: no neighbours one letter away join in
    # An l read for an i is the OCR key's business, not a tolerant search.
    assert not archive.search("Tchitcherlne").tolerant
