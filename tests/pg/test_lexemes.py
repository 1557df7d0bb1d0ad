"""Our analysed forms as PostgreSQL lexemes: the same terms the embedded index holds."""

from __future__ import annotations

import re

from archive_api.pg.lexemes import MAX_POSITION, MAX_POSITIONS, lexeme, quoted, tsvector_literal
from archive_api.text.analysis import positions_by_form

_ENTRY = re.compile(r"'((?:[^']|'')*)':([0-9A-D,]+)")


def _entries(literal: str) -> dict[str, list[str]]:
    return {word.replace("''", "'"): places.split(",") for word, places in _ENTRY.findall(literal)}


def test_every_form_of_every_word_is_a_lexeme_with_its_weight() -> None:
    text = "Türkiye Büyük Millet Meclisi Işık İstanbul banş"
    entries = _entries(tsvector_literal(text))
    for form, table in positions_by_form(text).items():
        for term, places in table.items():
            kept = entries[lexeme(form, term)]
            weight = {"exact": "A", "fold": "B", "stem": "C", "ocr": "D"}[form]
            assert kept == [f"{place + 1}{weight}" for place in places]
    # Turkish casing is ours: İ/i and I/ı stay apart in the exact form, folded alike.
    assert "e:ışık" in entries and "e:istanbul" in entries and "f:isik" in entries
    assert "f:bans" in entries  # the OCR's banş, folded as the index folds it


def test_quotes_and_backslashes_are_escaped() -> None:
    assert quoted("o'neil") == "'o''neil'"
    assert quoted("a\\b") == "'a\\\\b'"


def test_postgresqls_limits_are_applied_not_left_to_it() -> None:
    text = " ".join(["millet"] * 300 + ["söz"] * 17_000 + ["son"])
    entries = _entries(tsvector_literal(text))
    assert len(entries["f:millet"]) == MAX_POSITIONS
    assert entries["f:son"] == [f"{MAX_POSITION}B"]  # beyond the last position: clamped
    assert tsvector_literal("") == ""
