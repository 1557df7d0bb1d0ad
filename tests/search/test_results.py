"""What a search answers, through ``Archive.search``: the seed's hard cases, type=document,
date order, facets, the relaxed fallback, suggestions, and match offsets; then a handful of
the Atatürk texts, for what one document cannot show."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from archive_api.models import Document
from archive_api.search.indexer import build_index
from archive_api.search.results import _leading
from archive_api.search.searcher import Archive, Hit, SearchArgumentError, SearchPage
from archive_api.store import DocumentStore

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex

SEED = "turk-sovyet-iliskileri-1920"
ATATURK = Path(__file__).resolve().parents[2] / "corpora" / "ataturk"
# Four letters of different years, two speeches of 1923 on women and one of 1920.
ATATURK_TEXTS = (
    "atam-c1-1911-001",  # letter, İstanbul 1911-09-24
    "atam-c1-1914-001",  # letter to Kâzım Karabekir, Sofya 1914-01
    "atam-c1-1919-003",  # letter to his mother, Erzurum 1919-08
    "atam-c1-1920-029",  # letter to Lenin, Ankara 1920-11-22
    "atam-c1-1920-021",  # speech, Ankara 1920-08-14 (Çiçerin's letter)
    "atam-c2-1923-017",  # speech, İzmir 1923-01-31
    "atam-c2-1923-035",  # speech to the women of Konya, 1923-03-21
)


@pytest.fixture(scope="module")
def archive(built_index: BuiltIndex) -> Archive:
    return Archive(built_index.index_dir, reload_interval=3600)


@pytest.fixture(scope="module")
def seed(archive: Archive) -> Document:
    return archive.document(SEED)


@pytest.fixture(scope="module")
def ataturk(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("ataturk")
    documents = root / "documents"
    documents.mkdir()
    for name in ATATURK_TEXTS:
        for suffix in (".txt", ".json"):
            shutil.copy(ATATURK / f"{name}{suffix}", documents)
    build_index(DocumentStore(documents), root / "index")
    return Archive(root / "index", reload_interval=3600)


def _ids(page: SearchPage) -> list[str]:
    return [hit.id for hit in page.hits]


def _marked(hit: Hit, doc: Document) -> list[str]:
    return [doc.text[m.start : m.end] for m in hit.matches]


# --- the seed's hard cases ---------------------------------------------------------------


def test_baris_finds_the_ocr_damaged_banisi(archive: Archive, seed: Document) -> None:
    page = archive.search("barış", per_page=50)
    damaged = next(h for h in page.hits if h.id == f"{SEED}/paragraphs/p121")
    assert "<mark>Banşı</mark>" in damaged.snippet
    assert "Banşı" in _marked(damaged, seed)
    # the undamaged word ranks above the damaged one
    assert page.hits[0].id in {f"{SEED}/paragraphs/p118", f"{SEED}/paragraphs/p130"}
    assert page.hits[0].score > damaged.score


@pytest.mark.parametrize("query", ["Cicerin", "Chicherin", "Çiçerin", "Tchitcherine"])
def test_every_spelling_finds_the_letter_signed_tchitcherine(archive: Archive, query: str) -> None:
    page = archive.search(query, per_page=50)
    assert f"{SEED}/letters/letter-2" in _ids(page)
    letters = archive.search(query, types=["letter"])
    assert _ids(letters) == [f"{SEED}/letters/letter-2"]
    assert "<mark>Tchitcherine</mark>" in letters.hits[0].snippet


def test_a_long_letter_does_not_sink_below_short_paragraphs(archive: Archive) -> None:
    top = _ids(archive.search("Tchitcherine", per_page=3))
    assert f"{SEED}/letters/letter-2" in top


def test_upper_case_ascii_finds_istanbul(archive: Archive) -> None:
    page = archive.search("ISTANBUL", per_page=50)
    assert page.total >= 10
    assert all(re.search(r"<mark>[İi]stanbul", hit.snippet) for hit in page.hits)
    assert sum("<mark>İstanbul</mark>" in hit.snippet for hit in page.hits) >= 10


def test_kazim_finds_kazim_with_circumflex_below_the_exact_spelling(
    archive: Archive, seed: Document
) -> None:
    page = archive.search("Kazım Karabekir", per_page=50)
    ids = _ids(page)
    assert f"{SEED}/paragraphs/p109" in ids  # "Kâzım Karabekir Paşa Hazrelerine"
    assert f"{SEED}/letters/letter-4" in ids
    circumflex = page.hits[ids.index(f"{SEED}/paragraphs/p109")]
    assert _marked(circumflex, seed) == ["Kâzım", "Karabekir"]
    assert "Kazım" in _marked(page.hits[0], seed)  # the spelling typed comes first


def test_antlasma_finds_andlasmasi(archive: Archive, seed: Document) -> None:
    page = archive.search("antlaşma", per_page=50)
    ids = _ids(page)
    for paragraph in ("p118", "p120", "p130"):
        hit = page.hits[ids.index(f"{SEED}/paragraphs/{paragraph}")]
        assert "Andlaşması" in _marked(hit, seed)
        assert "<mark>Andlaşması</mark>" in hit.snippet


def test_a_word_split_over_two_lines_is_found(archive: Archive, seed: Document) -> None:
    page = archive.search("savaşmışlardır")
    first = page.hits[0]
    assert first.id == f"{SEED}/paragraphs/p2"
    assert "<mark>savaşmışlardır</mark>" in first.snippet
    exact = [m for m in first.matches if seed.text[m.start : m.end] == "savaşmışlardır"]
    assert len(exact) == 1
    assert "savaş-\nmışlardır" in seed.source  # printed over two lines


def test_june_letters_by_date_range(archive: Archive) -> None:
    june = archive.search(types=["letter"], date_from="1920-06-01", date_to="1920-06-30")
    assert _ids(june) == [f"{SEED}/letters/letter-{n}" for n in (2, 3, 4)]
    assert june.total == 3


def test_dates_as_written_in_the_documents(archive: Archive) -> None:
    rumi = archive.search(types=["letter"], date_from="9.5.1336", date_to="20 Haziran 336")
    assert rumi.total == 4
    june = archive.search(types=["letter"], date_from="3 Haziran 1920", date_to="Haziran 1920")
    assert _ids(june) == [f"{SEED}/letters/letter-{n}" for n in (2, 3, 4)]
    with pytest.raises(SearchArgumentError) as caught:
        archive.search("Ankara", date_to="yarın")
    assert caught.value.parameter == "date_to"


@pytest.mark.parametrize("query", ["a.g.e.", '"Büyük Millet', "*", "-", "OR", "AND OR", '"', "-*"])
def test_syntax_is_searched_as_text(archive: Archive, query: str) -> None:
    page = archive.search(query)
    assert page.total == len(page.hits) or page.total > 10


def test_abbreviations_and_unclosed_phrases_find_their_text(archive: Archive) -> None:
    notes = archive.search("a.g.e.", per_page=50)
    assert notes.total >= 10 and {h.type for h in notes.hits} == {"footnote"}
    phrase = archive.search('"Büyük Millet', per_page=50)
    assert all("<mark>Büyük</mark> <mark>Millet</mark>" in h.snippet for h in phrase.hits[:5])


def test_type_document_gives_one_hit_per_document(archive: Archive) -> None:
    page = archive.search("Karabekir", types=["document"])
    assert page.total == 1 == page.facets["type"]["document"]
    [hit] = page.hits
    assert (hit.id, hit.type, hit.record_id) == (SEED, "document", SEED)
    assert hit.title == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert "<mark>Karabekir</mark>" in hit.snippet  # from the best record
    mixed = archive.search("Karabekir", types=["document", "letter"], per_page=50)
    assert sorted(h.type for h in mixed.hits) == ["document", "letter"]


def test_sort_by_date(archive: Archive) -> None:
    page = archive.search("Ankara", types=["letter"], sort="date")
    assert _ids(page) == [f"{SEED}/letters/letter-{n}" for n in (1, 2, 4)]
    assert all(hit.score > 0 for hit in page.hits)
    best = archive.search("Ankara", types=["letter"])
    assert _ids(best) != _ids(page)  # by relevance the order differs
    with pytest.raises(SearchArgumentError) as caught:
        archive.search("Ankara", sort="oldest")
    assert caught.value.parameter == "sort"


def test_facets_by_year_for_the_letters(archive: Archive) -> None:
    letters = archive.search("Meclis", types=["letter"])
    assert letters.facets["year"] == {"1920": letters.total}
    assert letters.facets["document"] == {SEED: letters.total}
    everything = archive.search(types=["letter"])
    assert everything.facets["year"] == {"1920": 4}
    assert everything.facets["kind"] == {"mektup": 2, "sifre": 1, "tahrirat": 1}
    assert everything.facets["type"]["letter"] == 4


def test_relaxed_when_no_record_holds_every_word(archive: Archive) -> None:
    strict = archive.search("Karabekir Erzurum")
    assert strict.total > 0 and not strict.relaxed
    relaxed = archive.search("Karabekir Erzurum zümrütanka", per_page=50)
    assert relaxed.relaxed
    assert _ids(relaxed) == _ids(archive.search("Karabekir Erzurum", per_page=50))
    assert not archive.search("zümrütanka").relaxed
    assert archive.search("zümrütanka yeşilanka").total == 0
    two = archive.search("Karabekir zümrütanka", types=["letter"])
    assert two.relaxed and _ids(two) == [f"{SEED}/letters/letter-4"]
    one_of_three = archive.search("Karabekir zümrütanka yeşilanka")  # less than half found
    assert (one_of_three.total, one_of_three.relaxed) == (0, False)


def test_a_misspelling_gets_a_suggestion(archive: Archive) -> None:
    typo = archive.search("Erzrum")  # unknown to the archive, one letter from Erzurum
    assert (typo.tolerant, typo.suggestion) == (True, "erzurum") and typo.total >= 1
    nothing = archive.search("Erzrumqq")
    assert (nothing.total, nothing.tolerant) == (0, False)
    assert archive.search("Karabekri").suggestion == "karabekir"
    assert archive.search("Karabekir").suggestion is None


def test_matches_point_into_the_reading_text(archive: Archive, seed: Document) -> None:
    page = archive.search("Gümrü", per_page=50)
    located = [hit for hit in page.hits if hit.matches]
    assert located and all(h.type in {"paragraph", "letter", "section", "annex"} for h in located)
    for hit in located:
        assert {w.casefold()[:5] for w in _marked(hit, seed)} == {"gümrü"}
        assert [(m.start, m.end) for m in hit.matches] == sorted(
            (m.start, m.end) for m in hit.matches
        )
    notes = archive.search("Karabekir", types=["footnote"]).hits
    assert notes and all(hit.matches == [] and hit.record_matches for hit in notes)


# --- a handful of Atatürk texts -----------------------------------------------------------


def test_ascii_typed_kadin_finds_the_speech_to_women(ataturk: Archive) -> None:
    page = ataturk.search("kadin")
    assert page.hits[0].document_id == "atam-c2-1923-035"
    assert page.facets["year"] == {"1923": page.total}
    assert set(page.facets["document"]) == {"atam-c2-1923-017", "atam-c2-1923-035"}


def test_one_hit_per_document_best_first(ataturk: Archive) -> None:
    page = ataturk.search("İstanbul", types=["document"])
    ids = _ids(page)
    assert len(ids) == len(set(ids)) == page.total == page.facets["type"]["document"] >= 3
    assert all(hit.type == "document" and hit.id == hit.document_id for hit in page.hits)
    assert [h.score for h in page.hits] == sorted((h.score for h in page.hits), reverse=True)


def test_letters_by_date_with_year_facets(ataturk: Archive) -> None:
    page = ataturk.search(types=["letter"])
    assert [hit.document_id for hit in page.hits] == [
        "atam-c1-1911-001",
        "atam-c1-1914-001",
        "atam-c1-1919-003",
        "atam-c1-1920-029",
    ]
    assert page.facets["year"] == {"1911": 1, "1914": 1, "1919": 1, "1920": 1}


def test_documents_by_date(ataturk: Archive) -> None:
    page = ataturk.search("Türkiye", types=["document"], sort="date", per_page=20)
    years = [hit.document_id.split("-")[2] for hit in page.hits]
    assert years == sorted(years) and len(years) >= 4


def test_paragraphs_take_their_documents_date_place_and_sender(ataturk: Archive) -> None:
    page = ataturk.search("kadın", types=["paragraph"], date_from="Mart 1923", date_to="1923")
    assert page.total >= 10
    assert {hit.document_id for hit in page.hits} == {"atam-c2-1923-035"}
    assert ataturk.search("kadın", date_to="1922").total == 0
    konya = ataturk.search("kadın", types=["paragraph"], place="KONYA")
    assert konya.total == page.total
    lenin = ataturk.search("Ali Fuad", types=["paragraph"], sender="M. Kemal")  # variants
    assert [hit.document_id for hit in lenin.hits] == ["atam-c1-1920-029"]


def test_curly_apostrophes_and_name_variants(ataturk: Archive) -> None:
    doc = ataturk.document("atam-c1-1920-021")
    for query in ("Cicerin", "Chicherin"):
        page = ataturk.search(query)
        assert _ids(page) == ["atam-c1-1920-021/paragraphs/p4"]
        assert _marked(page.hits[0], doc) == ["Çiçerin’in"]


@pytest.mark.parametrize("count", [0, 1, 10, 37, 250, 1_000, 5_000])
def test_the_leading_hits_are_those_a_full_sort_puts_first(count: int) -> None:
    rng = np.random.default_rng(count)
    size = 3_000
    scores = -np.round(rng.random(size) * 20) / 4  # many ties on the first key
    numbers = rng.permutation(size).astype(np.int64)
    whole = rng.random(size) < 0.1
    keys = (whole, numbers, scores)
    assert _leading(keys, count).tolist() == np.lexsort(keys)[:count].tolist()
