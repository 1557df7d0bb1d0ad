"""The query builder: any text is safe, and the seed's hard cases are found."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index
from whoosh.searching import Searcher

from archive_api.search.query import (
    FIELD_BOOSTS,
    LENGTH_NORMALISATION,
    build_query,
    plan_query,
    query_terms,
    typed_words,
    weighting,
)
from archive_api.text.analysis import (
    exact_analyzer,
    fold_analyzer,
    ocr_analyzer,
    stem_analyzer,
)

# Sentences of the seed document, as printed (OCR errors and line breaks included).
SEED = {
    "gumru-banis": "Gümrü Banşı, yeni kurulmuş Bolşevik rejiminden yardım alarak, Türk "
    "ulusuna baş kaldıran Ermenilere karşı kazanılmış bir savaş olmakla birlikte, Türkiye "
    "Büyük Millet Meclisi'nin ilk askeri ve siyasal banşıdır.",
    "baris-istemesi": "Ermenistan'ın barış istemesi üzerine 3 Aralık 1920 tarihinde Ankara "
    "Hükümeti ile Taşnak Ermeni Hükümeti arasında Gümrü Andlaşması imzalandı.",
    "letter-closing": "Umur-u Hariciye Komiseri\nTchitcherine",
    "bogazlar": "Rusya'nın Boğazlar ve İstanbul üzerindeki istekleri, Almanya'nın "
    "Ortadoğu'ya yayılma politikası",
    "sifre": "Şark Cephesi Kumandanı Kâzım Karabekir Paşa'ya gönderilen yazı şudur",
    "yanit": "Sovyetler Birliği Dışişleri Komiseri Çiçerin tarafından verilen yanıta karşı "
    "özellikle Kazım Karabekir çok kızıyor.",
    "chicherin": "Chicherin'in Anadolu' daki milliyetçi hareketin kırılacağını tahmin ediyordu.",
    "yamnda": "Sovyetler Birliği için bu gerçeklerin yamnda, Milli Mücadele'ye destek vermek "
    "ideolojik açıdan da önem taşıyordu.",
    "savas": "Osmanlı İmpa-\nratorluğu'nun da aralarında bulunduğu Almanya ve yandaşlanyla "
    "savaş-\nmışlardır.",
    "baskam": "T.B.M.M. Başkam M.Kemal Atatürk'ün Müzakere İçin Moskova'ya Gönderilecek "
    "Heyetle İlgili Maliye Vekâletinden Talebi",
    "note-3": "3. Bilge, a.g.e., s.6.",
    "reis": "Büyük Millet Meclisi Reisi\nMustafa  Kemal",
    "nezaret": "M. Kemal Paşa, 30 Nisan 1920'de Avrupa hariciye nezaretlerine birer yazı "
    "göndererek",
}


def make_schema(with_ocr: bool = True) -> Schema:
    fields = {
        "id": ID(stored=True, unique=True),
        "exact": TEXT(analyzer=exact_analyzer(), phrase=True),
        "fold": TEXT(analyzer=fold_analyzer(), phrase=True),
        "stem": TEXT(analyzer=stem_analyzer(), phrase=True),
    }
    if with_ocr:
        fields["ocr"] = TEXT(analyzer=ocr_analyzer(), phrase=False)
    return Schema(**fields)


@pytest.fixture(scope="module")
def index() -> Index:
    ix = RamStorage().create_index(make_schema())
    writer = ix.writer()
    for key, text in SEED.items():
        writer.add_document(id=key, exact=text, fold=text, stem=text, ocr=text)
    writer.commit()
    return ix


@pytest.fixture
def searcher(index: Index) -> Iterator[Searcher]:
    with index.searcher() as s:
        yield s


def ids(searcher: Searcher, text: str, **kwargs: bool) -> list[str]:
    built = build_query(text, searcher.schema, **kwargs)
    if built is None:
        return []
    return [hit["id"] for hit in searcher.search(built, limit=20)]


TRICKY = [
    "",
    "   ",
    '"',
    '""',
    '"Kâzım',
    'Karabekir"',
    '"a" "',
    "a.g.e.",
    "(",
    ")",
    "(Ek: 1 Osmanlıca Belge)",
    ":",
    "kind:letter",
    'sender:"Mustafa Kemal"',
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "Rusya AND",
    "OR Rusya",
    "Rusya OR OR Türkiye",
    "NOT Rusya",
    "-",
    "--",
    "-Rusya",
    "*",
    "**",
    "a*",
    "Ist*bul",
    "x" * 100_000,
    "Türkiye ve Rusya " * 6_000,
    "\x00",
    "Rus\x00ya",
    "😀",
    "😀 Çiçerin 😀",
    "\\ ^ ~ { } [ ] / | & ! ?",
    "\ud800",
    "a" * 5_000 + "*",
    "9.5.1336 (1920)",
]


@pytest.mark.parametrize("text", TRICKY)
def test_any_text_builds_a_query_or_none(text: str, searcher: Searcher) -> None:
    built = build_query(text, searcher.schema)
    assert built is None or isinstance(built, wq.Query)
    if built is not None:
        searcher.search(built, limit=5)  # and searching it does not raise either
    assert isinstance(query_terms(text), list)


@pytest.mark.parametrize("text", ["", "  ", "()", ":", "*", "-", "😀", "\x00", "-Rusya", '""'])
def test_nothing_searchable_gives_none(text: str) -> None:
    assert build_query(text, make_schema()) is None


def test_no_text_field_in_schema_gives_none() -> None:
    assert build_query("Çiçerin", Schema(id=ID(stored=True))) is None


def test_field_boosts_rank_exact_first() -> None:
    assert list(FIELD_BOOSTS) == ["exact", "fold", "stem", "ocr"]
    assert FIELD_BOOSTS["exact"] > FIELD_BOOSTS["fold"] > FIELD_BOOSTS["stem"]
    # A whole word misread (OCR key) is as good evidence as another form of it (stem).
    assert FIELD_BOOSTS["stem"] >= FIELD_BOOSTS["ocr"]


def test_baris_finds_the_misread_banisi(searcher: Searcher) -> None:
    found = ids(searcher, "barış")
    assert "gumru-banis" in found
    assert found[0] == "baris-istemesi"  # the exact spelling ranks first


def test_cicerin_and_chicherin_find_tchitcherine(searcher: Searcher) -> None:
    for text in ("Cicerin", "Chicherin", "Çiçerin", "CICERIN"):
        found = ids(searcher, text)
        assert {"letter-closing", "yanit", "chicherin"} <= set(found), text


def test_istanbul_in_capitals_finds_dotted_istanbul(searcher: Searcher) -> None:
    assert ids(searcher, "ISTANBUL") == ["bogazlar"]
    assert ids(searcher, "istanbul") == ["bogazlar"]


def test_kazim_karabekir_finds_kazim_with_circumflex(searcher: Searcher) -> None:
    found = ids(searcher, "Kazım Karabekir")
    assert set(found) == {"sifre", "yanit"}
    assert found[0] == "yanit"  # "Kazım" as typed outranks "Kâzım"
    assert ids(searcher, "Kâzım Karabekir")[0] == "sifre"
    assert set(ids(searcher, "kazim karabekir")) == {"sifre", "yanit"}


def test_antlasma_finds_andlasmasi(searcher: Searcher) -> None:
    assert ids(searcher, "antlaşma") == ["baris-istemesi"]
    assert ids(searcher, "antlaşması") == ["baris-istemesi"]


def test_word_split_over_two_lines_is_found(searcher: Searcher) -> None:
    assert ids(searcher, "savaşmışlardır")[0] == "savas"
    assert "savas" in ids(searcher, "İmparatorluğu")


def test_other_ocr_misreadings(searcher: Searcher) -> None:
    assert ids(searcher, "yanında") == ["yamnda"]
    assert ids(searcher, "Başkanı") == ["baskam"]


def test_exact_outranks_folded_stemmed_and_ocr(searcher: Searcher) -> None:
    built = build_query("barış", searcher.schema)
    assert built is not None
    hits = searcher.search(built, limit=10)
    scores = {hit["id"]: hit.score for hit in hits}
    assert scores["baris-istemesi"] > 2 * scores["gumru-banis"]


def test_abbreviation_is_searchable(searcher: Searcher) -> None:
    assert ids(searcher, "a.g.e.") == ["note-3"]
    assert ids(searcher, "Bilge a.g.e.") == ["note-3"]


def test_exclusion(searcher: Searcher) -> None:
    assert set(ids(searcher, "Karabekir")) == {"sifre", "yanit"}
    assert ids(searcher, "Karabekir -Çiçerin") == ["sifre"]
    assert ids(searcher, "Karabekir -cicerin") == ["sifre"]  # excluded in any spelling
    assert ids(searcher, "Karabekir NOT Çiçerin") == ["sifre"]
    assert ids(searcher, 'Komiseri -"Umur-u Hariciye"') == ["yanit"]


def test_phrases_respect_order(searcher: Searcher) -> None:
    assert ids(searcher, '"Taşnak Ermeni"') == ["baris-istemesi"]
    assert ids(searcher, '"Ermeni Taşnak"') == []
    assert set(ids(searcher, "Ermeni Taşnak")) == {"baris-istemesi"}
    assert ids(searcher, '"kemal kazım"') == []
    assert ids(searcher, '"tasnak ermeni"') == ["baris-istemesi"]  # folded phrase


def test_or_between_words(searcher: Searcher) -> None:
    either = set(ids(searcher, "Tchitcherine OR yamnda"))
    assert either == {"letter-closing", "yamnda", "yanit", "chicherin"}  # with the variants
    assert ids(searcher, "Tchitcherine yamnda") == []


def test_prefix_is_not_stemmed(searcher: Searcher) -> None:
    assert ids(searcher, "İstanb*") == ["bogazlar"]
    assert ids(searcher, "ISTANB*") == ["bogazlar"]
    assert set(ids(searcher, "Ermeni*")) == {"baris-istemesi", "gumru-banis"}
    assert ids(searcher, "Ist*bul") == []  # a star inside a word is no wildcard


def test_multi_word_variants(searcher: Searcher) -> None:
    assert set(ids(searcher, "Mustafa Kemal")) >= {"reis", "nezaret", "baskam"}
    assert set(ids(searcher, '"M. Kemal"')) >= {"reis", "nezaret", "baskam"}
    assert ids(searcher, "TBMM")[0] == "baskam"


def test_require_all_can_be_relaxed(searcher: Searcher) -> None:
    assert ids(searcher, "Tchitcherine yamnda") == []
    relaxed = ids(searcher, "Tchitcherine yamnda", require_all=False)
    assert set(relaxed) == {"letter-closing", "yamnda", "yanit", "chicherin"}


def test_stopwords_do_not_narrow_a_query(searcher: Searcher) -> None:
    assert ids(searcher, "Karabekir ve") == ids(searcher, "Karabekir")
    assert "savas" in ids(searcher, "ve")


def test_schema_without_ocr_field() -> None:
    ix = RamStorage().create_index(make_schema(with_ocr=False))
    writer = ix.writer()
    writer.add_document(
        id="a", exact=SEED["gumru-banis"], fold=SEED["gumru-banis"], stem=SEED["gumru-banis"]
    )
    writer.commit()
    with ix.searcher() as s:
        assert ids(s, "Gümrü") == ["a"]
        assert ids(s, "barış") == []  # the OCR tolerance lives in that field only


def test_query_terms_for_highlighting() -> None:
    # the words typed come first, then the spellings variants.txt lists for them
    assert query_terms("Türkiye'nin ISTANBUL")[:2] == ["türkiye", "ıstanbul"]
    assert query_terms("Türkiye'nin Karabekir") == ["türkiye", "karabekir"]
    assert query_terms("İstanb*") == ["istanb*"]
    assert query_terms("Karabekir -Çiçerin") == ["karabekir"]
    assert query_terms('"Taşnak Ermeni"') == ["taşnak", "ermeni"]
    terms = query_terms("Cicerin")
    assert terms[0] == "cicerin" and "tchitcherine" in terms
    assert query_terms("( : *") == []


def test_variants_rank_below_the_spelling_typed(searcher: Searcher) -> None:
    assert ids(searcher, "Chicherin")[0] == "chicherin"
    assert ids(searcher, "Tchitcherine")[0] == "letter-closing"
    assert ids(searcher, "Çiçerin")[0] == "yanit"


def test_normalised_query_finds_the_same(searcher: Searcher) -> None:
    for text in ("barış", "Kazım Karabekir", "Karabekir -Çiçerin", '"M. Kemal"', "İstanb*"):
        built = build_query(text, searcher.schema)
        assert built is not None
        plain = [hit["id"] for hit in searcher.search(built)]
        normalised = [hit["id"] for hit in searcher.search(built.normalize())]
        assert plain == normalised, text


def test_plan_keeps_clauses_and_exclusions_apart() -> None:
    plan = plan_query('Karabekir "Büyük Millet" -Ankara', make_schema())
    assert plan is not None
    assert len(plan.clauses) == 2
    assert plan.excluded is not None
    strict, loose = plan.strict(), plan.loose()
    assert isinstance(strict, wq.AndNot) and isinstance(strict.a, wq.And)
    assert isinstance(loose, wq.AndNot) and isinstance(loose.a, wq.Or)
    single = plan_query("Karabekir", make_schema())
    assert single is not None and single.strict() == single.loose()
    assert plan_query("* - ?", make_schema()) is None


def test_typed_words_are_what_a_speller_may_correct() -> None:
    words = typed_words('Kâzım Karabekri "Büyük Millet" -Ankara istanb* a.g.e. 1920 M. Kemal')
    assert words == ["Kâzım", "Karabekri", "Büyük", "Millet"]
    assert typed_words("Türkiye'nin OR Moskova’ya") == ["Türkiye'nin", "Moskova’ya"]


def test_length_counts_less_than_whooshs_default() -> None:
    model = weighting()
    assert model.B == LENGTH_NORMALISATION < 0.75
