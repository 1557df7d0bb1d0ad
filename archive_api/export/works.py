"""A cited work read the way reference managers want it: names split, numbers as numbers.

The parser keeps a work's fields as printed (``C.XLI``, ``11. Baskı``, ``Salâhi R.Sonyel``);
every bibliographic export needs the same normalised reading of them, so it is made once
here: volume and edition as Arabic numbers, authors as given name + family name, the
first letter of a title restored to a capital (OCR often loses it: ``istiklâl Harbimiz``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from archive_api.models import Work
from archive_api.text.turkish import turkish_upper

ItemKind = Literal["book", "article"]

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_VOLUME = re.compile(r"(?:C|Cilt|Vol|vol|Bd)\.?\s*([IVXLCDM]+|\d+)\.?", re.IGNORECASE)
_EDITION = re.compile(r"(\d+)\s*\.?\s*(?:Baskı|Basım|Bası|bs\.?|ed\.?|edition)", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")
_INITIAL_GLUED = re.compile(r"(?<=\b\w)\.(?=\w)")


@dataclass(frozen=True)
class Name:
    """A person's name: ``given`` may be empty (one-word names such as ``Atatürk``)."""

    family: str
    given: str = ""

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        """``Family, Given`` as bibliographies sort names."""
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True)
class BibItem:
    id: str
    kind: ItemKind
    title: str
    authors: list[Name] = field(default_factory=list)
    place: str | None = None
    publisher: str | None = None
    year: str | None = None  # four digits when known
    volume: str | None = None  # Arabic number when it could be read, else as printed
    edition: str | None = None  # Arabic number when it could be read, else as printed
    journal: str | None = None
    issue: str | None = None
    printed: str = ""  # the fullest citation of it, as printed in the notes
    url: str | None = None


def roman_to_int(text: str) -> int | None:
    """``XLI`` → 41; None for anything that is not a well-formed Roman numeral."""
    total = 0
    values = [_ROMAN.get(ch) for ch in text.upper()]
    if not values or None in values:
        return None
    numbers = [v for v in values if v is not None]
    for i, value in enumerate(numbers):
        total += -value if i + 1 < len(numbers) and value < numbers[i + 1] else value
    return total if _int_to_roman(total) == text.upper() else None


def _int_to_roman(number: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def volume_number(raw: str | None) -> str | None:
    """``C.XLI`` / ``C.1`` / ``Cilt 2`` → ``41`` / ``1`` / ``2``; other text is kept."""
    if not raw or not raw.strip():
        return None
    match = _VOLUME.fullmatch(raw.strip())
    if match is None:
        return raw.strip()
    number = match.group(1)
    if number.isdigit():
        return str(int(number))
    value = roman_to_int(number)
    return str(value) if value is not None else raw.strip()


def edition_number(raw: str | None) -> str | None:
    """``11. Baskı`` / ``2. Basım`` → ``11`` / ``2``; other text is kept."""
    if not raw or not raw.strip():
        return None
    match = _EDITION.fullmatch(raw.strip())
    return str(int(match.group(1))) if match else raw.strip()


def year_of(raw: str | None) -> str | None:
    match = _YEAR.search(raw or "")
    return match.group(0) if match else None


def split_name(raw: str) -> Name:
    """``Şevket Süreyya Aydemir`` → given ``Şevket Süreyya``, family ``Aydemir``.

    Turkish and most Western names put the family name last; an initial glued to the
    next word by OCR (``Salâhi R.Sonyel``) is separated first.
    """
    words = _INITIAL_GLUED.sub(". ", " ".join(raw.split())).split()
    if not words:
        return Name("")
    return Name(family=words[-1], given=" ".join(words[:-1]))


def capitalised(title: str) -> str:
    """The title with its first letter upper-cased, Turkish-aware (``istiklâl`` → ``İstiklâl``)."""
    title = " ".join(title.split())
    if title and title[0].islower():
        return turkish_upper(title[0]) + title[1:]
    return title


def bib_item(work: Work, url: str | None = None) -> BibItem:
    """The normalised reading of ``work``; ``url`` is where the archive describes it."""
    return BibItem(
        id=work.id,
        kind="article" if work.journal else "book",
        title=capitalised(work.title),
        authors=[split_name(work.author)] if work.author and work.author.strip() else [],
        place=_clean(work.place),
        publisher=_clean(work.publisher),
        year=year_of(work.year),
        volume=volume_number(work.volume),
        edition=edition_number(work.edition),
        journal=_clean(work.journal),
        issue=_clean(work.issue),
        printed=" ".join(work.text.split()),
        url=url,
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
