"""Citations in the seed's 41 notes, resolved to the works they cite; and other shapes."""

from __future__ import annotations

import re

import pytest

from archive_api.models import Citation, Work
from archive_api.parsing.citations import parse_citations, resolve_works

# The seed's notes as a reader has them: wrapped lines and line-end hyphens joined, OCR
# errors kept ("Kuı at", "Arraaoğlu", "Yayınlan", "s.l.", the unnumbered note 31).
SEED_NOTES: list[tuple[str, str]] = [
    ("1", "Lord Kinross, Atatürk, Bir Milletin Yeniden Doğuşu, 11. Baskı, İstanbul 1990, s. 89."),
    (
        "2",
        "Suat Bilge, Türkiye-Sovyetler Birliği İlişkileri 1920-1964, Güç Komşuluk, Ankara "
        "Iş Bankası Yayınlan, s.l.",
    ),
    ("3", "Bilge, a.g.e., s.6."),
    (
        "4",
        "Ernest Jaeckh, The Rising Crescent (Yükselen Hilâl), nakleden Lord Kinross, a.g.e., s.91.",
    ),
    ("5", "Akdes Nimet Kurat, Türkiye ve Rusya (1789-1919), Ankara 1970, s.249."),
    ("6", "Bilge, a.g.e., s.6."),
    ("7", "Kuı at, a.g.e., s.328."),
    ("8", "Bilge, a.g.e., s. 17."),
    (
        "*",
        "Brest-Litovsk Antlaşmasıyla ilgili olarak bakınız. Jane Degras, Soviet Document on "
        "Foreign Policy, London 1951, C.I, s.51-53.",
    ),
    ("9", "Bilge, a.g.e., s.18."),
    ("10", "Alptekin Müdervisoğlu, Kurtuluş Savaşı'nın Mali Kaynakları, İstanbul 1974, s.521."),
    ("11", "Fahir Arraaoğlu, Siyasi Tarih. Ankara 1988, s.309."),
    ("12", "Mustafa  Kemal Atatürk, Nutuk, C.1,1961, s.46."),
    ("13", "Atatürk, s.46."),
    ("14", "Şevket Süreyya Aydemir, Tek Adam, 6. Baskı, C.II, İstanbul 1977, s.390."),
    ("15", "Atatürk, a.g.e., C.I, s.421."),
    (
        "16",
        "Gotthard Jaeschke, Türk Kurtuluş Savaşı Kronolojisi (Mondros'tan Mudanya'ya Kadar), "
        "Ankara 1973, s.72.",
    ),
    ("17", "Ahmet Mumcu, Atatürk İlkeleri ve İnkılâp Tarihi I,Ankara 1986, s.36."),
    ("18", "Türkiye Büyük Millet Meclisi Zabıt Cerideleri,Devre: I, C.I, s.8-30."),
    ("19", "Aynı eser, s.30-32."),
    (
        "20",
        'Salâhi R.Sonyel, "Kurtuluş Savaşı Günlerinde Doğu Siyasamız" Belleten, No: 164, '
        "C.XLI, Ekim 1977, s.658.",
    ),
    ("21", "Sonyel, a.g.e., s.662."),
    ("22", "Yusuf  Kemal Tengirşek. Vatan Hizmetinde, İstanbul 1967, s. 146."),
    ("23", "Kâzım Karabekir, istiklâl Harbimiz, İstanbul 1960, s.755-756."),
    ("24", "Tengirşek, a.g.e., s. 146."),
    (
        "25",
        "Atatürk'ün Milli Dış Politikası (Milli Mücadele Dönemine Ait 100 Belge) 1919-1923, "
        "C.I, T.C. Kültür Bakanlığı, Atatürk Dizisi, Ankara 1994, s. 155-156.",
    ),
    ("26", "Bilge, a.g.e., s.43."),
    ("27", "Aynı s."),
    ("28", "Atatürk'ün Milli Dış..., s.157-161."),
    ("29", "Karabekir, a.g.e., s.784-785."),
    ("30", "Bilge, a.g.e., s.30."),
    ("31", ". Atatürk'ün Milli Dış..., s . 1 - 1 6 ."),
    ("32", "Bilge a.g.e., s.42; T.B.M.M. Gizli Celse Zabıtları, Ankara 1980, C.I, s.73."),
    ("33", "Atatürk'ün Milli Dış..., s. 165."),
    ("34", "Mehmet Gönlübol, Olaylarla Türk Dış Politikası,Ankara 1982, s.21."),
    (
        "35",
        "Salâhi R. Sonyel, Türk Kurtuluş Savaşı ve Dış Politika, 2. Baskı, Türk Tarih Kurumu "
        "Basımevi, Ankara 1991, s.25.",
    ),
    ("36", "Söylev II, s.338; Sonyel, a.g.e., s.25."),
    (
        "37",
        "İsmail Soysal, Türkiye'nin Dış Münasebetleriyle İlgili Başlıca Siyasi Andlaşmalar, "
        "Ankara 1965, s.5-17.",
    ),
    ("38", "Atatürk'ün Milli Dış..., s.20."),
    ("39", "Oral Sander, Siyasi Tarih (İlkçağlardan-1918'e), 2. Basım, Ankara 1992, s.292."),
    ("40", "Gönlübol, s.24."),
]

Resolved = tuple[dict[str, list[Citation]], list[Work]]


def _resolve(notes: list[tuple[str, str]]) -> Resolved:
    parsed = [(label, parse_citations(text)) for label, text in notes]
    works = resolve_works(parsed)
    return dict(parsed), works


@pytest.fixture(scope="module")
def seed() -> Resolved:
    return _resolve(SEED_NOTES)


def test_every_seed_note_has_citations(seed: Resolved) -> None:
    notes, _ = seed
    assert len(notes) == 41
    assert all(notes[label] for label in notes)
    counts = {label: len(citations) for label, citations in notes.items() if len(citations) > 1}
    assert counts == {"4": 2, "32": 2, "36": 2}


def test_seed_kinds(seed: Resolved) -> None:
    notes, _ = seed
    kinds = {label: [c.kind for c in citations] for label, citations in notes.items()}
    for label in ("3", "6", "7", "8", "9", "15", "21", "24", "26", "29", "30"):
        assert kinds[label] == ["op_cit"], label
    for label in ("1", "2", "5", "*", "10", "11", "12", "14", "16", "17", "18", "20"):
        assert kinds[label] == ["full"], label
    for label in ("22", "23", "25", "34", "35", "37", "39"):
        assert kinds[label] == ["full"], label
    assert kinds["19"] == ["ibid"]
    assert kinds["27"] == ["ibid_page"]
    assert kinds["13"] == kinds["40"] == ["author_short"]
    for label in ("28", "31", "33", "38"):
        assert kinds[label] == ["title_short"], label
    assert kinds["4"] == ["full", "op_cit"]
    assert kinds["32"] == ["op_cit", "full"]
    assert kinds["36"] == ["title_short", "op_cit"]


def _work(notes: dict[str, list[Citation]], label: str, index: int = 0) -> str | None:
    return notes[label][index].work_id


@pytest.mark.parametrize(
    ("label", "target"),
    [
        ("3", "2"),
        ("6", "2"),
        ("8", "2"),
        ("9", "2"),
        ("26", "2"),
        ("30", "2"),
        ("7", "5"),  # "Kuı at" is Kurat
        ("13", "12"),  # "Atatürk" is Mustafa Kemal Atatürk
        ("15", "12"),
        ("19", "18"),
        ("21", "20"),
        ("24", "22"),
        ("29", "23"),
        ("28", "25"),
        ("31", "25"),
        ("33", "25"),
        ("38", "25"),
        ("40", "34"),
    ],
)
def test_seed_references_resolve(seed: Resolved, label: str, target: str) -> None:
    notes, _ = seed
    assert _work(notes, label) is not None
    assert _work(notes, label) == _work(notes, target)


def test_same_page_repeats_work_and_page(seed: Resolved) -> None:
    notes, _ = seed
    same = notes["27"][0]
    assert same.work_id == _work(notes, "26") == _work(notes, "2")
    assert same.pages == "43"


def test_later_work_by_the_same_author(seed: Resolved) -> None:
    notes, _ = seed
    # two works by Sonyel: the article (20) and the book (35); 36 follows the book
    assert _work(notes, "35") != _work(notes, "20")
    assert _work(notes, "36", 1) == _work(notes, "35")
    # "Söylev II" matches no title cited before: left unresolved, not guessed
    assert notes["36"][0].title == "Söylev II" and notes["36"][0].work_id is None


def test_two_citations_in_one_note(seed: Resolved) -> None:
    notes, _ = seed
    earlier = {c.work_id for label, _ in SEED_NOTES[:32] for c in notes[label]}
    assert _work(notes, "32", 0) == _work(notes, "2")
    assert _work(notes, "32", 1) not in earlier
    jaeckh, kinross = notes["4"]
    assert (jaeckh.author, jaeckh.title) == (
        "Ernest Jaeckh",
        "The Rising Crescent (Yükselen Hilâl)",
    )
    assert jaeckh.work_id not in {_work(notes, "1"), None}
    assert (kinross.author, kinross.pages, kinross.work_id) == (
        "Lord Kinross",
        "91",
        _work(notes, "1"),
    )


def test_seed_full_citation_fields(seed: Resolved) -> None:
    notes, _ = seed
    n1 = notes["1"][0]
    assert (n1.author, n1.title, n1.edition, n1.place, n1.year, n1.pages) == (
        "Lord Kinross",
        "Atatürk, Bir Milletin Yeniden Doğuşu",
        "11. Baskı",
        "İstanbul",
        "1990",
        "89",
    )
    n2 = notes["2"][0]
    assert n2.title == "Türkiye-Sovyetler Birliği İlişkileri 1920-1964, Güç Komşuluk"
    assert n2.year is None  # "1920-1964" belongs to the title
    assert (n2.publisher, n2.pages) == ("Ankara Iş Bankası Yayınlan", "1")  # s.l. read as s.1
    n11 = notes["11"][0]  # a period instead of a comma
    assert (n11.author, n11.title, n11.place, n11.year) == (
        "Fahir Arraaoğlu",
        "Siyasi Tarih",
        "Ankara",
        "1988",
    )
    n12 = notes["12"][0]
    assert (n12.author, n12.title, n12.volume, n12.year, n12.pages) == (
        "Mustafa Kemal Atatürk",
        "Nutuk",
        "C.1",
        "1961",
        "46",
    )
    n18 = notes["18"][0]  # no author
    assert n18.author is None
    assert n18.title == "Türkiye Büyük Millet Meclisi Zabıt Cerideleri, Devre: I"
    assert (n18.volume, n18.pages) == ("C.I", "8-30")
    n20 = notes["20"][0]  # a journal article
    assert (n20.author, n20.title, n20.journal, n20.issue, n20.volume, n20.year) == (
        "Salâhi R.Sonyel",
        "Kurtuluş Savaşı Günlerinde Doğu Siyasamız",
        "Belleten",
        "164",
        "C.XLI",
        "1977",
    )
    assert n20.place is None  # "Ekim 1977" is a month, not a place
    n22 = notes["22"][0]  # author and title glued by a period
    assert (n22.author, n22.title) == ("Yusuf Kemal Tengirşek", "Vatan Hizmetinde")
    n25 = notes["25"][0]
    assert n25.author is None
    assert n25.title == (
        "Atatürk'ün Milli Dış Politikası (Milli Mücadele Dönemine Ait 100 Belge) 1919-1923"
    )
    assert (n25.publisher, n25.place, n25.year, n25.volume, n25.pages) == (
        "T.C. Kültür Bakanlığı, Atatürk Dizisi",
        "Ankara",
        "1994",
        "C.I",
        "155-156",
    )
    n35 = notes["35"][0]
    assert (n35.author, n35.edition, n35.publisher) == (
        "Salâhi R. Sonyel",
        "2. Baskı",
        "Türk Tarih Kurumu Basımevi",
    )
    assert notes["31"][0].pages == "1-16"  # OCR-spaced "s . 1 - 1 6"
    assert notes["*"][0].text.startswith("Jane Degras")  # the prose before it is left out
    assert notes["36"][0].pages == "338"


def test_seed_works(seed: Resolved) -> None:
    notes, works = seed
    assert len(works) == 21
    ids = [w.id for w in works]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)
    by_id = {w.id: w for w in works}
    bilge = by_id[_work(notes, "2") or ""]
    assert bilge.cited_in == ["2", "3", "6", "8", "9", "26", "27", "30", "32"]
    assert bilge.author == "Suat Bilge" and bilge.text == SEED_NOTES[1][1]
    assert bilge.id.startswith("bilge-")
    nutuk = by_id[_work(notes, "12") or ""]
    assert (nutuk.id, nutuk.cited_in, nutuk.volume) == ("ataturk-nutuk", ["12", "13", "15"], "C.1")
    belge = by_id[_work(notes, "25") or ""]
    assert belge.cited_in == ["25", "28", "31", "33", "38"]
    assert belge.publisher == "T.C. Kültür Bakanlığı, Atatürk Dizisi"
    article = by_id[_work(notes, "20") or ""]
    assert (article.journal, article.issue, article.year) == ("Belleten", "164", "1977")
    # two works called "Siyasi Tarih" by different authors stay apart
    assert _work(notes, "11") != _work(notes, "39")
    # every citation that is not the unresolvable "Söylev II" has a work
    unresolved = [(lb, c.text) for lb, cs in notes.items() for c in cs if c.work_id is None]
    assert unresolved == [("36", "Söylev II, s.338")]


def test_resolution_is_repeatable() -> None:
    first = _resolve(SEED_NOTES)[1]
    second = _resolve(SEED_NOTES)[1]
    assert [w.id for w in first] == [w.id for w in second]


# --- other shapes -------------------------------------------------------------------------


def test_publisher_after_place_and_ibid_in_english() -> None:
    notes, works = _resolve(
        [
            (
                "1",
                "Halil İnalcık, Osmanlı İmparatorluğu Klasik Çağ, İstanbul: YKY, 2003, s. 12-14.",
            ),
            ("2", "Ibid., p. 45."),
            ("3", "İnalcık, Osmanlı İmparatorluğu..., s.77."),
        ]
    )
    first = notes["1"][0]
    assert (first.place, first.publisher, first.year, first.pages) == (
        "İstanbul",
        "YKY",
        "2003",
        "12-14",
    )
    assert (notes["2"][0].kind, notes["2"][0].pages) == ("ibid", "45")
    assert notes["3"][0].kind == "title_short"  # an author and a cut title
    assert {c.work_id for cs in notes.values() for c in cs} == {works[0].id}
    assert works[0].cited_in == ["1", "2", "3"]


def test_see_also_and_ibid_with_volume() -> None:
    note = "Bkz. Enver Ziya Karal, Osmanlı Tarihi, C.VIII, Ankara 1962, s.5; Aynı eser, C.IX, s.7."
    notes, _ = _resolve([("1", note)])
    full, same = notes["1"]
    assert (full.author, full.title, full.volume, full.year) == (
        "Enver Ziya Karal",
        "Osmanlı Tarihi",
        "C.VIII",
        "1962",
    )
    assert (same.kind, same.volume, same.pages, same.work_id) == ("ibid", "C.IX", "7", full.work_id)


def test_semicolon_inside_a_quoted_title() -> None:
    notes, _ = _resolve(
        [
            ("1", 'Ali Kaya, "Savaş; Barış", Tarih Dergisi, No: 3, 1950, s.4.'),
            ("2", "Kaya, a.g.m., s.6."),
        ]
    )
    (article,) = notes["1"]
    assert (article.title, article.journal, article.issue, article.year) == (
        "Savaş; Barış",
        "Tarih Dergisi",
        "3",
        "1950",
    )
    assert notes["2"][0].work_id == article.work_id


def test_english_volume_and_pages() -> None:
    (c,) = parse_citations("E. H. Carr, The Bolshevik Revolution, London 1953, Vol. III, p. 245.")
    assert (c.kind, c.author, c.title, c.place, c.year, c.volume, c.pages) == (
        "full",
        "E. H. Carr",
        "The Bolshevik Revolution",
        "London",
        "1953",
        "Vol. III",
        "245",
    )


def test_prose_only_note_has_no_citation() -> None:
    assert parse_citations("Bu konuda farklı görüşler vardır.") == []
    assert parse_citations("Mektubun aslı Fransızcadır, bkz. Ek 2.") == []


def test_ocr_damaged_surname_resolves_but_a_different_name_does_not() -> None:
    notes, _ = _resolve(
        [
            ("1", "Fahir Arraaoğlu, Siyasi Tarih. Ankara 1988, s.309."),
            ("2", "Suat Bilge, Güç Komşuluk, Ankara 1992, s.5."),
            ("3", "Armaoğlu, a.g.e., s.12."),  # the damaged full citation, read the right way
            ("4", "Bilgin, a.g.e., s.3."),  # another author: too short a name to bend
            ("5", "Aynı eser, s.4."),  # the previous reference was not resolved: neither is this
        ]
    )
    assert notes["3"][0].work_id == notes["1"][0].work_id
    assert notes["4"][0].work_id is None
    assert notes["5"][0].work_id is None


def test_bare_op_cit_and_same_author() -> None:
    notes, works = _resolve(
        [
            ("1", "Mehmet Gönlübol, Olaylarla Türk Dış Politikası, Ankara 1982, s.21."),
            ("2", "a.g.e., s.9."),
            ("3", "Aynı yazar, Türk Dış Politikasında Yeni Yönler, Ankara 1970, s.3."),
            ("4", "Aynı yer."),
        ]
    )
    assert notes["2"][0].work_id == notes["1"][0].work_id
    second = notes["3"][0]
    assert second.work_id not in (None, notes["1"][0].work_id)
    assert works[1].author == "Mehmet Gönlübol"  # "Aynı yazar" takes the previous author
    assert (notes["4"][0].kind, notes["4"][0].work_id, notes["4"][0].pages) == (
        "ibid_page",
        second.work_id,
        "3",
    )


def test_short_title_that_looks_like_a_name_is_reclassified() -> None:
    notes, _ = _resolve(
        [
            ("1", "Mustafa Kemal Atatürk, Nutuk, C.1, 1961, s.46."),
            ("2", "Nutuk, C.II, s.5."),
        ]
    )
    short = notes["2"][0]
    assert (short.kind, short.title, short.author) == ("title_short", "Nutuk", None)
    assert short.work_id == notes["1"][0].work_id


def test_work_id_collisions_get_a_suffix() -> None:
    _, works = _resolve(
        [
            ("1", "Ali Kaya, Tarih, Ankara 1950, s.1."),
            ("2", "Veli Kaya, Tarih Yazımı, İzmir 1960, s.2."),
        ]
    )
    assert [w.id for w in works] == ["kaya-tarih", "kaya-tarih-yazimi"]
    _, works = _resolve(
        [
            ("1", "Ali Kaya, Tarih, Ankara 1950, s.1."),
            ("2", "Veli Kaya, Tarih, İzmir 1960, s.2."),
        ]
    )
    assert [w.id for w in works] == ["kaya-tarih", "kaya-tarih-2"]


def test_a_work_cited_in_full_twice_is_one_work() -> None:
    notes, works = _resolve(
        [
            ("1", "Ernest Jaeckh, The Rising Crescent, s.12."),
            ("2", "Ernest Jaeckh, The Rising Crescent (Yükselen Hilâl), New York 1944, s.91."),
        ]
    )
    assert len(works) == 1 and works[0].cited_in == ["1", "2"]
    assert (works[0].place, works[0].year) == ("New York", "1944")  # filled by the fuller one
    assert works[0].text == notes["2"][0].text
