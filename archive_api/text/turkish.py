"""Turkish letter handling that Python's str methods get wrong.

``str.lower()`` maps ``I`` to ``i`` and ``İ`` to ``i̇`` (i + combining dot); in Turkish
``I`` is the capital of ``ı`` and ``İ`` the capital of ``i``. Everything here works on
NFC text and keeps the two i's apart unless a function says it folds them.
"""

from __future__ import annotations

import re
import unicodedata

_LOWER_SPECIAL = str.maketrans({"I": "ı", "İ": "i"})
_UPPER_SPECIAL = str.maketrans({"i": "İ", "ı": "I"})
# Letters a user without a Turkish keyboard types instead (and circumflexed vowels,
# which modern spelling drops: Kâzım = Kazım).
_ASCII_FOLD = str.maketrans(
    {
        "ç": "c",
        "ğ": "g",
        "ı": "i",
        "ö": "o",
        "ş": "s",
        "ü": "u",
        "â": "a",
        "î": "i",
        "û": "u",
        "Ç": "C",
        "Ğ": "G",
        "İ": "I",
        "Ö": "O",
        "Ş": "S",
        "Ü": "U",
        "Â": "A",
        "Î": "I",
        "Û": "U",
        # the ayn and hamza of scholarly transcription (``saʿy``, ``ʾilm``) are not typed
        "ʿ": "",
        "ʾ": "",
        "ʻ": "",
        "ʼ": "",
    }
)
_CIRCUMFLEX = str.maketrans({"â": "a", "î": "i", "û": "u", "Â": "A", "Î": "I", "Û": "U"})


def nfc(text: str) -> str:
    """Compose combining marks so ``ş`` is one code point whatever the source did."""
    return unicodedata.normalize("NFC", text)


def turkish_lower(text: str) -> str:
    """Lower-case by Turkish rules: ``I`` → ``ı``, ``İ`` → ``i``."""
    return nfc(text).translate(_LOWER_SPECIAL).lower()


def turkish_upper(text: str) -> str:
    """Upper-case by Turkish rules: ``i`` → ``İ``, ``ı`` → ``I``."""
    return nfc(text).translate(_UPPER_SPECIAL).upper()


def strip_circumflex(text: str) -> str:
    """Drop the circumflex of â, î, û (old spelling), keeping every other letter."""
    return text.translate(_CIRCUMFLEX)


def fold_ascii(text: str) -> str:
    """Map Turkish letters to the ASCII ones typed on a foreign keyboard (ş → s, ı → i).

    Other accented Latin letters lose their marks too, so ``Müdervisoğlu`` and
    ``Mudervisoglu`` meet. Case is kept; combine with :func:`turkish_lower` first.
    """
    folded = nfc(text).translate(_ASCII_FOLD)
    if folded.isascii():
        return folded
    return folded.translate(_WITHOUT_MARKS)


class _MarkTable(dict[int, str]):
    """Each character without its combining marks, computed once per character.

    Stripping the marks of each character's decomposition equals stripping them from the
    decomposed text, and ``str.translate`` over a filled table runs at C speed.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        value = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = value
        return value


_WITHOUT_MARKS = _MarkTable()


_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_words: int = 8) -> str:
    """An ASCII id of the first words: ``"Türkiye ve Rusya"`` → ``turkiye-ve-rusya``."""
    words = _SLUG_JUNK.sub(" ", fold_ascii(turkish_lower(text)).lower()).split()
    return "-".join(words[:max_words])
