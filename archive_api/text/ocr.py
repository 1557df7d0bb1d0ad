"""Keys that survive the OCR confusions of the dotless ``ı``.

OCR of Turkish print loses the dot-less ``ı`` into its neighbours: ``rı`` is read as ``n``
(``barış`` → ``banş``, ``ayrıntıları`` → ``aynntılan``) and ``nı`` as ``m`` (``Başkanı`` →
``Başkam``, ``yanında`` → ``yamnda``). Counted in vertical strokes, the damage changes
nothing: ``i``, ``ı``, ``l``, ``r`` have one, ``n`` two, ``m`` three. Replacing every run
of those letters by its stroke count gives one key to the word and its misreadings
(``barış`` and ``banş`` → ``ba2s``; ``yanında`` and ``yamnda`` → ``ya5da``; ``kilidi``
and ``kiIidi``). Letters that damaged print turns into each other count as one: ``h`` and
``b``, ``e`` and ``c`` (``bahsedenler`` and ``babsedenler``). An ``ii`` is read as the
``ü`` whose worn dots it is (``münasip`` and ``miinasip``), in the surface key only; counted
as four strokes instead it would meet every ``n`` (``günün`` and ``gümrü``).

A word gets two keys, kept apart by a prefix so that one never matches the other:

* the *surface* key of the whole folded word (catches ``yamnda``, ``Başkam``);
* the *stem* key of its stem, because a suffix hides behind a damaged stem: the stemmer
  strips the ``ı`` of ``barışı`` but not of ``Banşı``. When the stemmer finds no suffix in
  a word ending in ``ı``/``i``, that vowel is dropped before stemming.

Words (and stem keys) shorter than four letters, and those the key leaves as they are,
get no key: the first would collide with countless others, the second gain nothing over
ASCII folding.
"""

from __future__ import annotations

import re

from archive_api.text.stemming import stem_folded
from archive_api.text.turkish import fold_ascii

STROKES = {"i": 1, "l": 1, "r": 1, "n": 2, "m": 3}
_RUN = re.compile("[ilrnm]+")
# Letters print damage turns into one another, read as one: ``h``/``b`` and ``e``/``c``
# (a broken bowl or ascender).
_LOOKALIKES = str.maketrans({"h": "b", "c": "e"})
MIN_LETTERS = 4
STEM_PREFIX = "~"

_cache: dict[str, tuple[str, ...]] = {}
_CACHE_LIMIT = 500_000


def _count(match: re.Match[str]) -> str:
    return str(sum(STROKES[c] for c in match.group(0)))


def stroke_key(folded: str) -> str:
    """Replace each run of i/l/r/n/m in an ASCII-folded lower-case word by its stroke count,
    after joining the look-alike letters."""
    return _RUN.sub(_count, folded.translate(_LOOKALIKES))


def _compute(word: str) -> tuple[str, ...]:
    if len(word) < MIN_LETTERS or not word.isalpha():
        return ()
    keys: list[str] = []
    folded = fold_ascii(word)
    # ``ü`` printed worn reads as ``ii``: read back before folding (a true ``ii``, as in
    # ``tabii``, is rare).
    surface = stroke_key(fold_ascii(word.replace("ii", "ü")))
    if surface != folded:
        keys.append(surface)
    stem = stem_folded(word)
    if stem == folded and word[-1] in "ıi" and len(word) > MIN_LETTERS:
        # The stemmer found no suffix: a misread stem hides it (banşı), so drop the vowel.
        stem = stem_folded(word[:-1])
    stem_key = stroke_key(stem)
    if len(stem) >= MIN_LETTERS and stem_key != stem:
        keys.append(STEM_PREFIX + stem_key)
    return tuple(keys)


def ocr_keys(word: str) -> tuple[str, ...]:
    """The OCR keys of a lower-case word (none, one or two; see the module notes)."""
    found = _cache.get(word)
    if found is None:
        found = _compute(word)
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[word] = found
    return found
