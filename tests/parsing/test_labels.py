"""Footnote labels at the start of a definition, and markers glued in the body."""

from __future__ import annotations

import pytest

from archive_api.parsing.labels import glued_markers, note_start


@pytest.mark.parametrize(
    ("line", "kind", "label", "period", "rest"),
    [
        ("12. Mustafa  Kemal Atatürk, Nutuk, C.1,1961, s.46.", "number", "12", True, "Mustafa"),
        ("8 Bilge, a.g.e., s. 17.", "number", "8", False, "Bilge"),
        ("1.Lord Kinross, Atatürk", "number", "1", True, "Lord"),
        ("* Brest-Litovsk Antlaşmasıyla ilgili", "star", "*", False, "Brest-Litovsk"),
        (". Atatürk'ün Milli Dış..., s . 1 - 1 6 .", "lost", None, True, "Atatürk'ün"),
    ],
)
def test_note_starts(line: str, kind: str, label: str | None, period: bool, rest: str) -> None:
    start = note_start(line)
    assert start is not None
    assert (start.kind, start.label, start.has_period) == (kind, label, period)
    assert line[start.width :].startswith(rest)


@pytest.mark.parametrize(
    "line",
    [
        "9.5.1336 (1920)",
        "1917 yılında Çarlık Rusyası",  # four digits: a year
        "164, C.XLI, Ekim 1977, s.658.",
        "a.g.e., s.91.",
        "23",
        "",
    ],
)
def test_not_note_starts(line: str) -> None:
    assert note_start(line) is None


def test_a_date_line_looks_like_a_label() -> None:
    """Only the note sequence tells this one apart (see the layout tests)."""
    start = note_start("23 Nisan 1920'de Türkiye Büyük Millet Meclisi")
    assert start is not None and start.label == "23"


def test_glued_markers() -> None:
    text = (
        'savaşa girdiler2. toplanacaktır"15. saptamıştır17: zaruridir19 demiştir '
        "(Ek: 1 Osmanlıca Belge)25 Brest- Litovsk'ta* ateşkes"
    )
    assert [label for _, _, label in glued_markers(text)] == ["2", "15", "17", "19", "25", "*"]
    start, end, _ = next(glued_markers(text))
    assert text[start:end] == "2"


def test_numbers_that_are_not_glued() -> None:
    text = (
        "saat l'den başlamak üzere; 1883'te; Nutuk, C.1,1961, s.46; Ankara, 9.5.1336 (1920); "
        'No: U/851; "200 sene süren; 24-25 Nisan; (1893-1907); II.Nikola'
    )
    assert list(glued_markers(text)) == []
