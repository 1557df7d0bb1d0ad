"""Footnote definitions, labels (read and recovered), markers and anchors."""

from __future__ import annotations

from archive_api.parsing.structure import Structure, parse_structure

SEED_NOTES = [
    # label, page of the definition, the word its marker is glued to
    ("1", 1, "öldürülmesidir"),
    ("2", 2, "girdiler"),
    ("3", 2, "istemiyorlardı"),
    ("4", 2, "başlamasıdır"),
    ("5", 2, "açtı"),
    ("6", 2, "nedenlerdi"),
    ("7", 2, "gönderildi"),
    ("8", 3, "yazıyorlardı"),
    ("*", 3, "Litovsk'ta"),
    ("9", 3, "başlıyordu"),
    ("10", 3, "ediyorlardı"),
    ("11", 4, "olacaktı"),
    ("12", 4, "belirtmişlerdi"),
    ("13", 4, "vermiştir"),
    ("14", 5, "diyebiliriz"),
    ("15", 5, "toplanacaktır"),
    ("16", 5, "sayılmıştır"),
    ("17", 6, "saptamıştır"),
    ("18", 6, "ezcümle"),
    ("19", 6, "zaruridir"),
    ("20", 6, "istemiştir"),
    ("21", 6, "bildirdi"),
    ("22", 7, "oluyor"),
    ("23", 7, "bağlıdır"),
    ("24", 7, "getiriyor"),
    ("25", 8, "Belge"),
    ("26", 8, "desteklerler"),
    ("27", 8, "edilir"),
    ("28", 9, "şöyledir"),
    ("29", 10, "diyordu"),
    ("30", 10, "belirtiyordu"),
    ("31", 11, "şöyledir"),
    ("32", 12, "der"),
    ("33", 13, "şudur"),
    ("34", 14, "ayarlamaktaydı"),
    ("35", 14, "etmişlerdi"),
    ("36", 14, "durdurulamamıştı"),
    ("37", 14, "andlaşmaydı"),
    ("38", 15, "olunmuştur"),
    ("39", 15, "alındı"),
    ("40", 15, "olacaktır"),
]


def test_all_notes_with_labels_pages_and_anchor_words(seed_structure: Structure) -> None:
    got = [
        (note.label, note.page, note.anchor.word if note.anchor else None)
        for note in seed_structure.footnotes
    ]
    assert got == SEED_NOTES


def test_note_31_is_recovered(seed_structure: Structure) -> None:
    recovered = [note for note in seed_structure.footnotes if note.recovered]
    assert [note.label for note in recovered] == ["31"]
    (note,) = recovered
    assert note.printed == ". Atatürk'ün Milli Dış..., s . 1 - 1 6 ."
    assert note.text == "Atatürk'ün Milli Dış..., s . 1 - 1 6 ."
    assert note.id == "note-31"


def test_anchor_offsets_point_just_after_the_word(seed_structure: Structure) -> None:
    paragraphs = {p.id: p for p in seed_structure.paragraphs}
    text = seed_structure.text
    for note in seed_structure.footnotes:
        assert note.anchor is not None
        anchor = note.anchor
        paragraph = paragraphs[anchor.paragraph_id]
        assert paragraph.start < anchor.offset <= paragraph.end
        assert text[anchor.offset - len(anchor.word) : anchor.offset] == anchor.word
        assert paragraph.page <= note.page


def test_anchor_across_a_quote_and_a_bracket(seed_structure: Structure) -> None:
    text = seed_structure.text
    notes = {note.label: note for note in seed_structure.footnotes}
    quote, bracket = notes["15"].anchor, notes["25"].anchor
    assert quote is not None and bracket is not None
    assert text[quote.offset - 13 : quote.offset + 2] == 'toplanacaktır".'
    assert text[bracket.offset - 15 : bracket.offset + 1] == "Osmanlıca Belge)"


def test_markers_leave_the_reading_text_but_stay_in_print(seed_structure: Structure) -> None:
    text = seed_structure.text
    for read in ("savaşa girdiler.", 'toplanacaktır".', "saptamıştır:", "zaruridir demiştir"):
        assert read in text, read
    assert "Brest- Litovsk'ta ateşkes" in text
    for marked in ("girdiler2", 'toplanacaktır"15', "saptamıştır17", "zaruridir19", "Belge)25"):
        assert marked not in text
    printed = "\n".join(p.printed for p in seed_structure.paragraphs)
    for marked in ("girdiler2.", 'toplanacaktır"15.', "saptamıştır17:", "zaruridir19", "tovsk'ta*"):
        assert marked in printed, marked


def test_glued_numbers_that_are_not_markers_stay(seed_structure: Structure) -> None:
    text = seed_structure.text
    assert "saat l'den başlamak" in text
    assert "1883'te Avusturya-Macaristan" in text
    assert '"200 sene süren' in text


def test_marker_spans_in_the_source(seed_structure: Structure) -> None:
    markers = seed_structure.markers
    assert len(markers) == 41
    assert [label for label, _, _ in markers] == [note[0] for note in SEED_NOTES]
    for label, start, end in markers:
        assert seed_structure.source[start:end] == label


def test_note_texts(seed_structure: Structure) -> None:
    notes = {note.label: note for note in seed_structure.footnotes}
    assert notes["2"].text == (
        "Suat Bilge, Türkiye-Sovyetler Birliği İlişkileri 1920-1964, Güç Komşuluk, "
        "Ankara Iş Bankası Yayınlan, s.l."
    )
    assert notes["4"].text.endswith("nakleden Lord Kinross, a.g.e., s.91.")
    assert notes["4"].printed.count("\n") == 2  # the continuation sits after a blank line
    assert notes["8"].text == "Bilge, a.g.e., s. 17."
    assert notes["10"].text.endswith("İstanbul 1974, s.521.")
    assert notes["16"].text.startswith("Gotthard Jaeschke, Türk Kurtuluş Savaşı Kronolojisi")
    assert "(Mondros'tan Mudanya'ya Kadar)" in notes["16"].text
    assert notes["*"].text == (
        "Brest-Litovsk Antlaşmasıyla ilgili olarak bakınız. Jane Degras, Soviet Document "
        "on Foreign Policy, London 1951, C.I, s.51-53."
    )
    assert notes["*"].id == "note-star"
    assert notes["27"].text == "Aynı s."


def test_text_without_notes() -> None:
    structure = parse_structure(
        "Gümrü Barışı, T.B.M.M.'nin ilk askeri ve siyasal barışıdır.\n\n"
        "1917 yılında Çarlık Rusyası yıkılmıştı.\n"
    )
    assert structure.footnotes == [] and structure.markers == []
    assert structure.text.endswith("1917 yılında Çarlık Rusyası yıkılmıştı.")


def test_marker_beyond_its_note_page_is_not_taken() -> None:
    """Note 2 lost its marker; a glued 2 on a later page is not it."""
    text = (
        " Bu durumda Rusya savaşa girdi. Fransa da girdi1. İngiltere de girdi.\n\n"
        "1. Bilge, a.g.e., s.6.\n"
        "2. Bilge, a.g.e., s.18.\n"
        " Sonra İtalya da girdi2.\n"
    )
    structure = parse_structure(text)
    anchors = [(n.label, n.page, n.anchor) for n in structure.footnotes]
    assert [(label, page) for label, page, _ in anchors] == [("1", 1), ("2", 1)]
    assert anchors[0][2] is not None and anchors[0][2].word == "girdi"
    assert anchors[1][2] is None
    assert structure.text.endswith("Sonra İtalya da girdi2.")
