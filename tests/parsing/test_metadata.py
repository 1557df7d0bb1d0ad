"""Metadata files: the seed's, and every kind of mistake a hand-written one can hold."""

from __future__ import annotations

import unicodedata

import pytest

from archive_api.errors import ParseError
from archive_api.models import Metadata
from archive_api.parsing import parse_metadata

SOURCE = "documents/turk-sovyet-iliskileri-1920.json"


def test_seed_metadata(seed_metadata: Metadata) -> None:
    assert seed_metadata.title == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert seed_metadata.kind == "article" and seed_metadata.language == "tr"
    assert seed_metadata.authors == [] and seed_metadata.date is None
    assert "Çiçerin" in seed_metadata.tags
    assert seed_metadata.inferred == ["title", "kind", "language", "tags"]


def test_empty_object_gives_defaults() -> None:
    assert parse_metadata({}, SOURCE) == Metadata()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ([], ("must be a JSON object", "a list")),
        ("Türk-Sovyet", ("must be a JSON object", "a string")),
        ({"title": 1920}, ("'title'", "a string or null", "int")),
        ({"kind": ["letter"]}, ("'kind'", "a list")),
        ({"authors": "Suat Bilge"}, ("'authors'", "a list of strings", "a string")),
        ({"tags": ["TBMM", 1920]}, ("'tags'", "non-string item")),
        ({"authors": None}, ("'authors'", "null")),
        ({"date": "9.5.1336"}, ("'date'", "ISO date", "'9.5.1336'")),
        ({"date": "1920-13-01"}, ("'date'", "ISO date")),
        ({"inferred": ["yazar"]}, ("'inferred'", "yazar")),
    ],
)
def test_wrong_types_name_the_file_and_field(raw: object, words: tuple[str, ...]) -> None:
    with pytest.raises(ParseError) as caught:
        parse_metadata(raw, SOURCE)
    assert caught.value.source == SOURCE
    assert str(caught.value).startswith(SOURCE + ": ")
    for word in words:
        assert word in caught.value.message, word


def test_unknown_keys_are_rejected_with_the_allowed_ones() -> None:
    with pytest.raises(ParseError) as caught:
        parse_metadata({"author": "Suat Bilge", "yer": "Ankara"}, SOURCE)
    message = caught.value.message
    assert "author, yer" in message
    for allowed in ("title", "authors", "date_original", "place", "sender_role", "inferred"):
        assert allowed in message


@pytest.mark.parametrize("value", ["1920", "1920-06", "1920-06-20"])
def test_iso_dates_at_any_precision(value: str) -> None:
    assert parse_metadata({"date": value}, SOURCE).date == value


def test_strings_are_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Kâzım Karabekir")
    parsed = parse_metadata({"sender": decomposed, "tags": [decomposed]}, SOURCE)
    assert parsed.sender == "Kâzım Karabekir" and parsed.tags == ["Kâzım Karabekir"]


def test_letter_fields() -> None:
    parsed = parse_metadata(
        {
            "kind": "telegram",
            "date": "1920-10-03",
            "date_original": "3 Teşrinievvel 1336",
            "sender": "Kâzım Karabekir",
            "sender_role": "Şark Cephesi Kumandanı",
        },
        None,
    )
    assert (parsed.kind, parsed.sender_role) == ("telegram", "Şark Cephesi Kumandanı")
