"""Turkish stems that agree across the inflected forms of one word.

Snowball Turkish (PyStemmer) splits many word families: it takes a final ``a``/``e`` of a
bare noun for a dative suffix (``Ankara`` → ``ankar`` but ``Ankara'ya`` → ``ankara``;
``Türkiye`` → ``türki`` but ``Türkiyenin`` → ``türkiye``), leaves the buffer ``s`` of a
possessive (``antlaşması`` → ``antlaşmas``, ``antlaşma`` → ``antlaşma``), and does not take
``â î û`` for vowels (``Kâzım`` stays, ``Kazım`` → ``kaz``). So:

1. drop circumflexes before stemming (modern spelling drops them anyway);
2. stem until the stem no longer changes (``türkiye`` → ``türki`` → ``türki``), but never
   below three letters (Snowball turns ``ortaya`` into ``or`` and ``konuda`` into ``ko``);
3. a stem of six letters or more ending in vowel + ``s`` loses the ``s`` and is stemmed
   again (``antlaşmas`` → ``antlaşma``); shorter ones keep it (``mayıs``).

ASCII folding comes after stemming: the stemmer relies on vowel harmony, which ``ı``→``i``
would break.
"""

from __future__ import annotations

import threading
from typing import Any

from archive_api.text.turkish import fold_ascii, strip_circumflex

VOWELS = frozenset("aeıioöuü")
_MIN_S_RULE = 6  # "mayıs" must not become "ma"; "meclis" → "mecli" in every form alike
_MIN_STEM = 3  # Snowball cuts "ortaya" to "or", "konuda" to "ko": stop before that
_MAX_ROUNDS = 4

_local = threading.local()
_stem_cache: dict[str, str] = {}
_fold_cache: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def _stemmer() -> Any:
    """One Snowball stemmer per thread: a PyStemmer instance must not be shared."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = Stemmer.Stemmer("turkish")
        _local.stemmer = stemmer
    return stemmer


def _fixpoint(word: str, stem_word: Any) -> str:
    for _ in range(_MAX_ROUNDS):
        stem: str = stem_word(word)
        if stem == word or len(stem) < _MIN_STEM:
            break
        word = stem
    return word


def _compute_stem(word: str) -> str:
    stem_word = _stemmer().stemWord
    stem = _fixpoint(strip_circumflex(word), stem_word)
    if len(stem) >= _MIN_S_RULE and stem[-1] == "s" and stem[-2] in VOWELS:
        stem = _fixpoint(stem[:-1], stem_word)
    return stem


def stem(word: str) -> str:
    """The stem of a lower-case Turkish word (see the module notes); numbers pass through."""
    found = _stem_cache.get(word)
    if found is None:
        found = word if not word.isalpha() else _compute_stem(word)
        if len(_stem_cache) >= _CACHE_LIMIT:
            _stem_cache.clear()
        _stem_cache[word] = found
    return found


def stem_folded(word: str) -> str:
    """The stem, ASCII-folded, so ``kadin`` and ``kadın`` meet."""
    found = _fold_cache.get(word)
    if found is None:
        found = fold_ascii(stem(word))
        if len(_fold_cache) >= _CACHE_LIMIT:
            _fold_cache.clear()
        _fold_cache[word] = found
    return found
