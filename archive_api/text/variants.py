"""Spelling variants of names and words, read from ``variants.txt`` beside this module.

Variants are applied at *query* time (the query asks for every variant) rather than at
index time (one canonical token per group):

* a user who adds a line to the file sees the effect at once, without rebuilding the index;
* the index keeps what the text says, so a variant hit can rank below a hit on the very
  spelling typed, and a wrong line in the file never corrupts the index;
* multi-word variants (``Mustafa Kemal`` / ``M. Kemal``) become phrase alternatives, which a
  token filter could only fake with position tricks.

The cost is a few more terms in queries that name a listed word, which is cheap.

Lookup is on normalised forms: Turkish lower-case, apostrophe suffix cut, ASCII-folded, so
``CICERIN``, ``Çiçerin'in`` and ``çiçerin`` all find the ``Çiçerin`` group. A single word is
also looked up by its stem (``andlaşmasının`` finds ``antlaşma``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from archive_api.text.stemming import stem_folded
from archive_api.text.tokens import words
from archive_api.text.turkish import fold_ascii, nfc

_SEPARATOR = re.compile(r"\s*[|,]\s*")
_MIN_STEM_KEY = 4  # shorter stems collide with unrelated words


def normalise(text: str) -> str:
    """The lookup key of a word or phrase: its folded words joined by one space."""
    return " ".join(fold_ascii(word) for word in words(nfc(text)))


def _stem_key(text: str) -> str | None:
    tokens = words(nfc(text))
    if len(tokens) != 1 or not tokens[0].isalpha():
        return None
    key = stem_folded(tokens[0])
    return key if len(key) >= _MIN_STEM_KEY else None


@dataclass
class VariantTable:
    """Groups of interchangeable spellings, indexed by normalised form and by stem."""

    groups: list[tuple[str, ...]] = field(default_factory=list)
    by_key: dict[str, set[int]] = field(default_factory=dict)
    by_stem: dict[str, set[int]] = field(default_factory=dict)
    max_words: int = 1

    def add(self, variants: list[str]) -> None:
        group = tuple(dict.fromkeys(v for v in variants if normalise(v)))
        if len(group) < 2:
            return
        number = len(self.groups)
        self.groups.append(group)
        for variant in group:
            key = normalise(variant)
            self.by_key.setdefault(key, set()).add(number)
            self.max_words = max(self.max_words, key.count(" ") + 1)
            stem = _stem_key(variant)
            if stem is not None:
                self.by_stem.setdefault(stem, set()).add(number)

    def variants_of(self, text: str) -> set[str]:
        """The other spellings of a word or phrase, as written in the file.

        Spellings that normalise alike (``M.Kemal``, ``M. Kemal``) are returned once.
        """
        key = normalise(text)
        if not key:
            return set()
        numbers = self.by_key.get(key)
        if numbers is None:
            stem = _stem_key(text)
            numbers = self.by_stem.get(stem, set()) if stem is not None else set()
        found: dict[str, str] = {}
        for number in sorted(numbers):
            for variant in self.groups[number]:
                found.setdefault(normalise(variant), variant)
        found.pop(key, None)
        return set(found.values())


def parse_variants(text: str) -> VariantTable:
    """Read the file format: one group a line, `` | `` or ``,`` between variants, ``#`` notes."""
    table = VariantTable()
    for line in nfc(text).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            table.add([part for part in _SEPARATOR.split(line) if part])
    return table


@functools.cache
def default_table() -> VariantTable:
    """The packaged ``variants.txt``, read once per process."""
    source = resources.files("archive_api.text").joinpath("variants.txt")
    return parse_variants(source.read_text(encoding="utf-8"))


def variants_of(word: str) -> set[str]:
    """Other spellings of ``word`` (or of a phrase such as ``M. Kemal``) from ``variants.txt``."""
    return default_table().variants_of(word)
