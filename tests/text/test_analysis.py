"""The four Whoosh analyzers on words of the seed document."""

from __future__ import annotations

import pickle

import pytest
from whoosh.fields import TEXT, Schema

from archive_api.text.analysis import (
    TurkishAnalyzer,
    analyzer_for,
    exact_analyzer,
    fold_analyzer,
    ocr_analyzer,
    positions_by_form,
    stem_analyzer,
)

EXACT = exact_analyzer()
FOLD = fold_analyzer()
STEM = stem_analyzer()
OCR = ocr_analyzer()


def same(analyzer: TurkishAnalyzer, a: str, b: str) -> bool:
    return bool(analyzer.words(a)) and analyzer.words(a) == analyzer.words(b)


def test_exact_lowers_cuts_apostrophes_and_keeps_circumflex() -> None:
    assert EXACT.words("İstanbul") == EXACT.words("istanbul") == ["istanbul"]
    assert EXACT.words("ISTANBUL") == ["ıstanbul"]  # Turkish rules: I is the capital of ı
    assert EXACT.words("Türkiye'nin") == ["türkiye"]
    assert EXACT.words("Moskova’ya") == ["moskova"]
    assert EXACT.words("Kâzım") == ["kâzım"]
    assert not same(EXACT, "Kâzım", "Kazım")
    assert not same(EXACT, "Türkiyenin", "Türkiye")  # no stemming here


def test_fold_meets_ascii_typing() -> None:
    assert same(FOLD, "ISTANBUL", "İstanbul")
    assert same(FOLD, "istanbul", "İstanbul")
    assert same(FOLD, "Cicerin", "Çiçerin")
    assert same(FOLD, "kadin", "kadın")
    assert same(FOLD, "Kazım", "Kâzım")
    assert FOLD.words("İstanbul'daki") == ["istanbul"]  # unstemmed: prefixes stay prefixes
    assert not same(FOLD, "Türkiyenin", "Türkiye")


def test_stem_meets_other_grammatical_cases() -> None:
    assert same(STEM, "Andlaşması", "andlaşma")
    assert same(STEM, "antlaşması", "antlaşma")
    assert same(STEM, "Ankara", "Ankara'ya")
    assert same(STEM, "Ankara", "Ankaraya")
    assert same(STEM, "Türkiye", "Türkiyenin")
    assert same(STEM, "Kâzım", "Kazım")
    assert same(STEM, "kadin", "kadın")
    assert same(STEM, "Başkam", "Başkanı")  # Snowball happens to meet this misreading


def test_ocr_meets_misread_dotless_i() -> None:
    def meet(a: str, b: str) -> bool:
        return bool(set(OCR.words(a)) & set(OCR.words(b)))

    assert meet("barış", "banş")
    assert meet("barış", "Banşı")
    assert meet("yanında", "yamnda")
    assert meet("Başkanı", "Başkam")
    assert not meet("barış", "Moskova")


def test_ocr_alternatives_share_the_word_position() -> None:
    tokens = [(t.text, t.pos) for t in OCR("Gümrü Banşı", positions=True)]
    assert [pos for _, pos in tokens] == [0, 0, 1, 1]
    assert ("ba2s1", 1) in tokens


def test_positions_and_offsets_follow_the_text() -> None:
    text = "Gümrü Andlaşması'mn önemi"
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar) for t in STEM(text, positions=True, chars=True)
    ]
    assert [pos for _, pos, _, _ in tokens] == [0, 1, 2]
    assert text[tokens[1][2] : tokens[1][3]] == "Andlaşması'mn"
    shifted = next(iter(EXACT("Andlaşması", chars=True, start_char=10)))
    assert (shifted.startchar, shifted.endchar) == (10, 20)


def test_abbreviation_and_hyphenation() -> None:
    assert EXACT.words("a.g.e.") == ["age"]
    assert EXACT.words("Bilge, a.g.e., s.6.") == ["bilge", "age", "s", "6"]
    assert EXACT.words("savaş-\nmışlardır") == ["savaşmışlardır"]


def test_untokenised_value_is_one_normalised_term() -> None:
    assert [t.text for t in FOLD("İSTANBUL", tokenize=False)] == ["istanbul"]


def test_analyzers_pickle_and_compare() -> None:
    for form in ("exact", "fold", "stem", "ocr"):
        analyzer = analyzer_for(form)
        restored = pickle.loads(pickle.dumps(analyzer))
        assert restored == analyzer
        assert restored.words("Kâzım Karabekir") == analyzer.words("Kâzım Karabekir")
    assert EXACT != FOLD
    assert STEM.is_morph and not FOLD.is_morph


def test_schema_with_the_analyzers_pickles() -> None:
    schema = Schema(
        exact=TEXT(analyzer=exact_analyzer(), phrase=True),
        fold=TEXT(analyzer=fold_analyzer(), phrase=True),
        stem=TEXT(analyzer=stem_analyzer(), phrase=True),
        ocr=TEXT(analyzer=ocr_analyzer(), phrase=False),
    )
    restored = pickle.loads(pickle.dumps(schema))
    assert restored["stem"].analyzer == stem_analyzer()


def test_unknown_form_is_refused() -> None:
    with pytest.raises(ValueError, match="snowball"):
        TurkishAnalyzer("snowball")


def test_whole_seed_analyses(seed_text: str) -> None:
    exact = EXACT.words(seed_text)
    assert len(FOLD.words(seed_text)) == len(STEM.words(seed_text)) == len(exact)
    assert "tchitcherine" in exact and "çiçerin" in exact
    assert "cicerin" in FOLD.words(seed_text)
    assert "ba2s1" in OCR.words(seed_text)  # Gümrü Banşı


def test_one_pass_gives_each_analyzers_terms_and_positions(seed_text: str) -> None:
    together = positions_by_form(seed_text)
    for form in ("exact", "fold", "stem", "ocr"):
        alone: dict[str, list[int]] = {}
        for token in analyzer_for(form)(seed_text, positions=True):
            alone.setdefault(token.text, []).append(token.pos)
        assert together[form] == alone, form
    assert together["exact"]["tchitcherine"] == _positions_of(seed_text, "tchitcherine")
    assert together["ocr"]["ba2s1"]  # Gümrü Banşı


def _positions_of(text: str, word: str) -> list[int]:
    return [pos for pos, found in enumerate(EXACT.words(text)) if found == word]
