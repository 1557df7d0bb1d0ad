"""Tokenisation of the seed's OCR'd text."""

from __future__ import annotations

from archive_api.text.tokens import iter_tokens, words


def test_apostrophe_suffixes_are_cut_with_either_apostrophe() -> None:
    assert words("Türkiye'nin Moskova’ya İngiltere'nin") == ["türkiye", "moskova", "ingiltere"]
    assert words("1883'te Avsturya'nın") == ["1883", "avsturya"]


def test_offsets_cover_the_word_and_its_suffix() -> None:
    text = "bir heyet göndermek Moskova’ya gitmeyi"
    spans = {word: text[start:end] for word, start, end in iter_tokens(text)}
    assert spans["moskova"] == "Moskova’ya"
    assert spans["heyet"] == "heyet"


def test_detached_suffixes_are_not_words() -> None:
    assert words("Bitlis ve Muş 'un Ermenistan'a") == ["bitlis", "ve", "muş", "ermenistan"]
    assert words("gerek Rusya' daki Türk-Müslüman") == ["gerek", "rusya", "türk", "müslüman"]
    assert words("Çiçerin  'e gönderilen") == ["çiçerin", "gönderilen"]
    # a real word after a detached apostrophe is kept
    assert words("muta' karar veçhile") == ["muta", "karar", "veçhile"]


def test_turkish_lower_case() -> None:
    assert words("KÜRDİSTAN, LAZİSTAN vesaire") == ["kürdistan", "lazistan", "vesaire"]
    assert words("ISTANBUL İstanbul") == ["ıstanbul", "istanbul"]


def test_circumflex_is_kept() -> None:
    assert words("Kâzım Karabekir istiklâl") == ["kâzım", "karabekir", "istiklâl"]


def test_footnote_markers_do_not_change_words() -> None:
    assert words('girdiler2. zaruridir19 toplanacaktır"15.') == [
        "girdiler",
        "2",
        "zaruridir",
        "19",
        "toplanacaktır",
        "15",
    ]


def test_dotted_abbreviations_are_one_token() -> None:
    assert words("Bilge, a.g.e., s.6.") == ["bilge", "age", "s", "6"]
    assert words("T.B.M.M.'nin açılışından") == ["tbmm", "açılışından"]
    assert words("Türkiye Büyük Millet Meclisi (T.B.M.M) açılmış") == [
        "türkiye",
        "büyük",
        "millet",
        "meclisi",
        "tbmm",
        "açılmış",
    ]


def test_initial_and_name_are_two_words_with_or_without_space() -> None:
    assert words("M.Kemal") == words("M. Kemal") == ["m", "kemal"]
    assert words("l.Dünya Savaşı'nın") == ["l", "dünya", "savaşı"]


def test_line_end_hyphenation_is_joined() -> None:
    text = "Almanya ve yandaşlanyla savaş-\nmışlardır. Yani"
    assert "savaşmışlardır" in words(text)
    spans = {word: (start, end) for word, start, end in iter_tokens(text)}
    start, end = spans["savaşmışlardır"]
    assert text[start:end] == "savaş-\nmışlardır"
    assert "yunanistan" in words("bağlı bir Yunanis-\ntan'ın varlığı")


def test_real_hyphens_stay() -> None:
    assert words("Avusturya-Macaristan İmparatorluğu") == [
        "avusturya",
        "macaristan",
        "imparatorluğu",
    ]
    assert words("Türk-\nSovyet dostluğu") == ["türk", "sovyet", "dostluğu"]


def test_noise_forms_no_word() -> None:
    assert words('( ) : " * \x00 😀 . / -') == []


def test_whole_seed_tokenises(seed_text: str) -> None:
    tokens = words(seed_text)
    assert 4500 < len(tokens) < 5500  # about one token per whitespace-separated word
    assert "savaşmışlardır" in tokens
    assert "tchitcherine" in tokens
    assert all(token == token.strip() and token for token in tokens)
    assert not any("'" in token or "’" in token or "-" in token for token in tokens)


def test_apostrophe_inside_a_loanword_is_no_suffix_boundary() -> None:
    # words of the development edition's transcription
    assert words("i’tibâr ma’lûm Netâyicü’l-ezhâr") == ["itibâr", "malûm", "netâyicü", "ezhâr"]
    assert words("Paşa’nın Türkiye'nin") == ["paşa", "türkiye"]  # a Turkish suffix still cuts


def test_elided_letter_before_a_name_is_dropped() -> None:
    assert list(iter_tokens("l’État")) == [("état", 2, 6)]
    assert words("d’Annunzio") == ["annunzio"]
