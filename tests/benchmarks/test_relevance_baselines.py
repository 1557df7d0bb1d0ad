"""The baselines read user text without syntax, filter like our search, and analyse
nothing Turkish: the measured behaviour of Whoosh's StandardAnalyzer and FTS5 unicode61."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from relevance_baselines import (
    Fts5Unicode61,
    UserText,
    WhooshStandard,
    passes,
)
from relevance_judged import Filters

from archive_api.search.records import document_rows
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return document_rows(DocumentStore(REPO / "documents").load(SEED))


@pytest.fixture(scope="module", params=[WhooshStandard, Fts5Unicode61])
def engine(request: pytest.FixtureRequest, rows: list[dict[str, Any]]) -> Any:
    built = request.param(rows)
    yield built
    built.close()


def test_user_text_is_terms_and_phrases_never_syntax() -> None:
    text = UserText.parse('"Büyük Millet Meclisi" a.g.e. -Sovyet -"Gümrü Andlaşması" ( : *')
    assert text.required == ["Büyük Millet Meclisi", "a.g.e."]
    assert text.excluded == ["Sovyet", "Gümrü Andlaşması"]
    assert UserText.parse('Türkiye"nin').required == ["Türkiye nin"]


def test_fts5_quotes_every_term() -> None:
    text = UserText.parse('kazım "büyük millet" -şifre')
    assert Fts5Unicode61.expression(text, require_all=True) == (
        '("kazım" AND "büyük millet") NOT ("şifre")'
    )
    assert Fts5Unicode61.expression(text, require_all=False) == (
        '("kazım" OR "büyük millet") NOT ("şifre")'
    )


def test_filters_follow_the_record_fields(rows: list[dict[str, Any]]) -> None:
    june = Filters(types=("letter",), date_from="1920-06-01", date_to="1920-06-30")
    assert sorted(row["id"] for row in rows if passes(row, june)) == [
        f"{SEED}/letters/letter-{n}" for n in (2, 3, 4)
    ]
    cipher = Filters(kind="Şifre")
    assert [row["id"] for row in rows if passes(row, cipher)] == [f"{SEED}/letters/letter-4"]


def test_the_june_letters_come_back_filtered(engine: Any) -> None:
    june = Filters(types=("letter",), date_from="1920-06-01", date_to="1920-06-30")
    hits = engine.search("Mustafa Kemal", june)
    assert {hit.id for hit in hits} == {f"{SEED}/letters/letter-3", f"{SEED}/letters/letter-4"}


def test_a_filter_nothing_passes_gives_nothing(engine: Any) -> None:
    assert engine.search("Tchitcherine", Filters(types=("letter",), kind="telegram")) == []


def test_all_words_first_then_any_word(engine: Any) -> None:
    hits = engine.search("Tchitcherine Zübeyde", Filters())  # no record has both
    assert f"{SEED}/letters/letter-2" in {hit.id for hit in hits}


def test_phrases_keep_their_order(engine: Any) -> None:
    assert engine.search('"Rusya ihtilâlci"', Filters()) == []
    hits = engine.search('"Şark Cephesi Kumandanı"', Filters(types=("letter",)))
    assert [hit.id for hit in hits] == [f"{SEED}/letters/letter-4"]


def test_no_turkish_analysis(engine: Any) -> None:
    assert engine.search("Sarikamis", Filters()) == []  # ı is no i with a diacritic
    assert engine.search("ayrıntıları", Filters()) == []  # the text has aynntılan
    assert engine.search("banş", Filters(types=("paragraph",)))  # damaged form as written
    # FTS5 strips the cedilla of ç (Cicerin finds Çiçerin); Whoosh only lower-cases.
    found = {hit.id for hit in engine.search("Cicerin", Filters())}
    assert (f"{SEED}/paragraphs/p129" in found) is isinstance(engine, Fts5Unicode61)
