"""Reading text: line-end hyphenation rejoined, real hyphens kept, offsets into the print."""

from __future__ import annotations

import pytest

from archive_api.parsing.layout import Line, parse_layout
from archive_api.parsing.normalize import normalize_text
from archive_api.parsing.paragraphs import split_blocks
from archive_api.parsing.reading import Reading, join_lines, shift_after_removal
from archive_api.parsing.structure import Structure


def _lines(*texts: str) -> list[Line]:
    lines, offset = [], 0
    for text in texts:
        lines.append(Line(text, offset, 1))
        offset += len(text) + 1
    return lines


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        (
            ("Almanya ve yandaşlanyla savaş-", "mışlardır. Yani,"),
            "Almanya ve yandaşlanyla savaşmışlardır. Yani,",
        ),
        (("arasındaki Mosko-", "va'nın prestijini"), "arasındaki Moskova'nın prestijini"),
        (("Brest- Li-", "tovsk'ta* ateşkes"), "Brest- Litovsk'ta* ateşkes"),
        (("Avusturya-Macaristan İmparatorluğu",), "Avusturya-Macaristan İmparatorluğu"),
        (("Türk-", "Sovyet İlişkilerinin"), "Türk-Sovyet İlişkilerinin"),
        (("Umur-", "u Hariciye Vekili"), "Umur-u Hariciye Vekili"),
        (("İlişkileri 1920-", "1964, Güç Komşuluk"), "İlişkileri 1920-1964, Güç Komşuluk"),
        (("manıydı. -", "Yine, Batı"), "manıydı. - Yine, Batı"),
        (
            ("İtilâf  Devletleri arasındaydı.", "", "İtilâf  Dev-", "letleri"),
            "İtilâf Devletleri arasındaydı. İtilâf Devletleri",
        ),
    ],
)
def test_join_lines(printed: tuple[str, ...], read: str) -> None:
    assert join_lines(_lines(*printed)).text == read


def test_every_character_comes_from_the_print() -> None:
    lines = _lines("Moskova'ya  Gön-", "derilmesine  Karar", "Verilmesi")
    source = "\n".join(line.text for line in lines)
    reading = join_lines(lines)
    assert reading.text == "Moskova'ya Gönderilmesine Karar Verilmesi"
    assert len(reading.origin) == len(reading.text)
    for char, origin in zip(reading.text, reading.origin, strict=True):
        assert source[origin] == char or (char == " " and source[origin].isspace())
    start = reading.text.index("Gönderilmesine")
    assert reading.source_span(start, start + len("Gönderilmesine")) == (
        source.index("Gön-"),
        source.index("  Karar"),
    )


def test_skip_drops_a_label() -> None:
    reading = join_lines(_lines("12. Mustafa  Kemal Atatürk, Nutuk,", "C.1,1961, s.46."), skip=4)
    assert reading.text == "Mustafa Kemal Atatürk, Nutuk, C.1,1961, s.46."
    assert reading.origin[0] == 4


def test_without_and_shift() -> None:
    reading = Reading("girdiler2. Böylece zaruridir19 demiştir", tuple(range(40)))
    spans = [(8, 9), (28, 30)]
    cut = reading.without(spans)
    assert cut.text == "girdiler. Böylece zaruridir demiştir"
    assert cut.origin[8] == 9 and cut.origin[27] == 30
    assert shift_after_removal(28, spans) == 27
    assert shift_after_removal(8, spans) == 8


def test_seed_reading_text(seed_structure: Structure) -> None:
    text = seed_structure.text
    for word in (
        "savaşmışlardır",
        "Moskova'nın",
        "İmparatorluğu'nun",
        "Saraybosna'yı",
        "yararlanmamız",
        "rihlidir",
        "natsız",
        "Avusturya-Macaristan",
        "Brest- Litovsk'ta",
        "Türk-Sovyet",
        "Umur-u Hariciye",
    ):
        assert word in text, word
    for broken in ("savaş-", "Mosko-", "yarar-", "  "):
        assert broken not in text, broken


def test_paragraph_texts_map_back_to_the_print(seed_raw: str) -> None:
    source = normalize_text(seed_raw)
    for block in split_blocks(parse_layout(source).body):
        reading = join_lines(block)
        for char, origin in zip(reading.text, reading.origin, strict=True):
            assert source[origin] == char or (char == " " and source[origin].isspace())
