"""Roman numerals, as headings (``II.B.``) and front-matter page numbers (``xiv``) print them."""

from __future__ import annotations

import re

_ROMAN = re.compile(r"C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int | None:
    """The value of a well-formed Roman numeral (``IV`` → 4), else ``None``."""
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total
