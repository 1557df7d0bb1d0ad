"""Paragraphs: blank lines, sentences running over gaps and pages, lists and quotations."""

from __future__ import annotations

from archive_api.parsing.layout import Line
from archive_api.parsing.paragraphs import continues, group_paragraphs, split_blocks

WIDTH = 70.0


def _body(text: str, page: int = 1) -> list[Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        lines.append(Line(raw.strip(), offset, page))
        offset += len(raw) + 1
    return lines


def _texts(text: str) -> list[tuple[str, str]]:
    drafts = group_paragraphs(_body(text), {})
    return [(d.kind, " ".join(line.text for line in d.lines)) for d in drafts]


def test_continues_over_a_gap() -> None:
    full = Line("4. Büyük Millet Meclisi tarafından  muta' karar veçhile Türkiye'nin", 0, 1)
    short = Line("Umuru Maliye", 0, 1)
    upper = Line("Ermenistan'da, Kürdistan'da, Lazistan'da, Batum arazisinde", 0, 1)
    lower = Line("bu arada, Kafkasya'daki  cephelerde", 0, 2)
    assert continues(full, upper, WIDTH)  # a full line with no full stop goes on
    assert not continues(short, upper, WIDTH)  # a short one is a heading line of a letter
    assert continues(Line("gönderildi7. Yine", 0, 1), lower, WIDTH)  # lower case goes on
    assert continues(Line("yardımlardan gerçekte yarar-", 0, 1), Line("lanmamız", 0, 1), WIDTH)
    assert not continues(Line("tarafından öldürülmesidir1.", 0, 1), lower, WIDTH)
    assert continues(Line("Hükümet teşkili zaruridir19", 0, 1), lower, WIDTH)


def test_blocks_are_cut_at_blank_lines_and_pages() -> None:
    body = _body("Bu durumda\nAlmanya\n\nBöylece") + _body("Yine", page=2)
    assert [[line.text for line in block] for block in split_blocks(body)] == [
        ["Bu durumda", "Almanya"],
        ["Böylece"],
        ["Yine"],
    ]


def test_numbered_items_printed_without_blank_lines_are_split() -> None:
    text = (
        "Bu prensipler berveçhi âtidir:\n\n"
        "1. Türkiye istiklâlinin ilâm;\n"
        "2. Gayri kabili inkâr ve itiraz Türk arazisinin Türk Devletine ilhakı;\n"
        "3. Arabistan ve Suriye'nin müstakil devlet olarak ilam;"
    )
    assert _texts(text) == [
        ("prose", "Bu prensipler berveçhi âtidir:"),
        ("list_item", "1. Türkiye istiklâlinin ilâm;"),
        ("list_item", "2. Gayri kabili inkâr ve itiraz Türk arazisinin Türk Devletine ilhakı;"),
        ("list_item", "3. Arabistan ve Suriye'nin müstakil devlet olarak ilam;"),
    ]


def test_a_lone_number_is_not_a_list() -> None:
    assert _texts("1. Dünya Savaşı'na girişinin görünürdeki nedeni budur.") == [
        ("prose", "1. Dünya Savaşı'na girişinin görünürdeki nedeni budur.")
    ]


def test_quotation_over_several_paragraphs() -> None:
    text = (
        "\"Türkiye'nin bağımsızlığını bir defa doğal buluyorlar.\n\n"
        "Yalnız Misak-ı Milli'de ufak bir fark var.\n\n"
        'Kürt, Türk, Laz, Çerkez bütün unsurların menfaatleri ortaktır." der.\n\n'
        "Sovyetler Birliği Dışişleri Komiseri Çiçerin tarafından verilen yanıt."
    )
    assert [kind for kind, _ in _texts(text)] == ["quote", "quote", "quote", "prose"]
