"""Headings, the outline, and the paragraphs and pages of each section."""

from __future__ import annotations

import pytest

from archive_api.parsing.layout import Line
from archive_api.parsing.sections import find_headings, roman_value
from archive_api.parsing.structure import Structure, parse_structure

SEED_SECTIONS = [
    # id, number, level, parent, first page, last page (subsections included)
    ("giris", None, 1, None, 1, 4),
    ("I", "I", 1, None, 5, 8),
    ("I.A", "I.A", 2, "I", 5, 6),
    ("I.B", "I.B", 2, "I", 7, 8),
    ("I.B.a", "I.B.a", 3, "I.B", 7, 8),
    ("I.B.b", "I.B.b", 3, "I.B", 8, 8),
    ("II", "II", 1, None, 8, 15),
    ("II.A", "II.A", 2, "II", 11, 13),
    ("II.A.a", "II.A.a", 3, "II.A", 13, 13),
    ("II.B", "II.B", 2, "II", 13, 15),
    ("sonuc", None, 1, None, 15, 17),
]

SEED_TITLES = [
    "GİRİŞ",
    "Türk-Sovyet İlişkilerinin Başlaması ve Gelişimi",
    "Türkiye Büyük Millet Meclisi'nin Açılışı ve Sovyet Rusya'ya Yaklaşması",
    "T.B.M.M. Tarafından Bir Türk Heyeti'nin Moskova'ya Gönderilmesine Karar Verilmesi",
    "T.B.M.M. Başkam M.Kemal Atatürk'ün Müzakere İçin Moskova'ya Gönderilecek Heyetle İlgili "
    "Maliye Vekâletinden Talebi",
    "Türk Heyeti Moskova Yolunda",
    "T.B.M.M.'nin 26 Nisan 1920 Tarihli Talebine Karşılık, Rusya Hariciye Komiseri Çiçerin'in "
    "Cevabi Yazısı",
    "T.B.M.M. Başkanlığı Tarafından Sovyet Rusya Hariciye Komiseri Çiçerin 'e gönderilen "
    "20 Haziran 1920 Tarihli Yanıt.",
    "Sovyet Rusya'ya Gönderilen Yanıtla İlgili Olarak Kazım Karabekir Paşa'ya Bilgi Verilmesi",
    "Ankara'da Kafkasya Sorunuyla İlgili Tereddütlerin Ortaya Çıkışı",
    "SONUÇ",
]


def test_seed_outline(seed_structure: Structure) -> None:
    got = [
        (s.id, s.number, s.level, s.parent, s.page_start, s.page_end)
        for s in seed_structure.sections
    ]
    assert got == SEED_SECTIONS


def test_seed_titles_joined_and_as_printed(seed_structure: Structure) -> None:
    assert [s.title for s in seed_structure.sections] == SEED_TITLES


def test_each_section_starts_with_its_heading(seed_structure: Structure) -> None:
    paragraphs = {p.id: p for p in seed_structure.paragraphs}
    for section in seed_structure.sections:
        first = paragraphs[section.paragraph_ids[0]]
        assert first.kind == "heading"
        assert first.text.endswith(section.title)
        assert all(paragraphs[pid].section_id == section.id for pid in section.paragraph_ids)
        assert all(paragraphs[pid].kind != "heading" for pid in section.paragraph_ids[1:])


def test_every_paragraph_in_one_section(seed_structure: Structure) -> None:
    owned = [pid for section in seed_structure.sections for pid in section.paragraph_ids]
    assert owned == [p.id for p in seed_structure.paragraphs]


def test_world_war_in_body_is_not_a_heading(seed_structure: Structure) -> None:
    opening = seed_structure.paragraphs[1]
    assert opening.text.startswith("Rusya, I. Dünya Savaşı'nda")
    assert opening.kind == "prose" and opening.section_id == "giris"


def _blocks(*blocks: str) -> list[list[Line]]:
    return [[Line(text, 0, 1) for text in block.split("\n")] for block in blocks]


def test_numbers_must_follow_the_outline() -> None:
    blocks = _blocks(
        "I. Türk-Sovyet İlişkilerinin Başlaması",
        "I.B. Türk Heyeti Moskova Yolunda",  # I.A. is missing: not a heading
        "I.A. Türkiye Büyük Millet Meclisi'nin Açılışı",
        "I.A.a. Sovyet Rusya'ya Gönderilen Yanıt",
        "III. Ankara'da Kafkasya Sorunu",  # II. is missing
        "II. Rusya Hariciye Komiseri Çiçerin'in Cevabi Yazısı",
    )
    assert {i: h.number for i, h in find_headings(blocks).items()} == {
        0: "I",
        2: "I.A",
        3: "I.A.a",
        5: "II",
    }


def test_sentence_starting_with_a_numeral_is_not_a_heading() -> None:
    blocks = _blocks("I. Dünya Savaşı sırasında Rusya, İngiltere'nin yanında yer almıştır.")
    assert find_headings(blocks) == {}


def test_long_blocks_are_not_headings() -> None:
    blocks = _blocks("SONUÇ\nBüyük Millet Meclisi Reisi\nMustafa Kemal\nAnkara")
    assert find_headings(blocks) == {}


def test_wrapped_heading_is_joined() -> None:
    blocks = _blocks("I.  T.B.M.M.  Tarafından  Bir Türk  Heyeti'nin  Moskova'ya  Gön-\nderilmesi")
    (heading,) = find_headings(blocks).values()
    assert heading.title == "T.B.M.M. Tarafından Bir Türk Heyeti'nin Moskova'ya Gönderilmesi"


@pytest.mark.parametrize(
    ("text", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40), ("IIII", None)]
)
def test_roman_value(text: str, value: int | None) -> None:
    assert roman_value(text) == value


def test_text_without_headings_has_no_sections() -> None:
    text = (
        "Efendiler, Türkiye Büyük Millet Meclisi açıldığı zaman, dış âlemde büyük\n"
        "bir yalnızlık içindeydi.\n\n"
        "Bu nedenle, T.B.M.M. Hükümeti bu yolda çok yoğun çalışmalar yapmak zorunda kaldı.\n"
    )
    structure = parse_structure(text)
    assert structure.sections == []
    assert [p.section_id for p in structure.paragraphs] == [None, None]
