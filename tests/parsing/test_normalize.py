"""Normalisation: one form of the text whatever the file's encoding habits."""

from __future__ import annotations

import unicodedata

import pytest

from archive_api.errors import ParseError
from archive_api.parsing.normalize import normalize_text


def test_line_ends_bom_and_composition() -> None:
    nfd = unicodedata.normalize("NFD", "Kâzım Karabekir Paşa")
    assert len(nfd) > len("Kâzım Karabekir Paşa")
    text = "\ufeff GİRİŞ\r\n\r\n" + nfd + "\rHazrelerine,\x0c Birliği'ni\u2028son"
    assert normalize_text(text) == (
        " GİRİŞ\n\nKâzım Karabekir Paşa\nHazrelerine,\x0c Birliği'ni\nson"
    )


def test_form_feed_is_kept_as_the_page_end() -> None:
    assert normalize_text("bir\r\n\x0c iki\x0b") == "bir\n\x0c iki\n"


def test_controls_dropped_tabs_kept() -> None:
    assert normalize_text("Tahrirat\x07\t\x1b\x7fŞifre\x9b") == "Tahrirat\tŞifre"


def test_nul_is_binary() -> None:
    with pytest.raises(ParseError) as caught:
        normalize_text("Rusya\x00", "rusya.txt")
    assert caught.value.source == "rusya.txt" and "NUL" in caught.value.message


@pytest.mark.parametrize("text", ["", "\n\n", " \t \r\n", "\ufeff", "\x07\x08"])
def test_empty(text: str) -> None:
    with pytest.raises(ParseError, match="empty"):
        normalize_text(text, "bos.txt")
