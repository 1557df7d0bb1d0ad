"""Whoosh analyzers for Turkish text: one tokenisation, four forms of each word.

The index pickles its schema, analyzers included, by import path: this module path and the
class below must stay where they are (rebuild the index when their behaviour changes).

Every analyzer shares the tokenisation of :mod:`archive_api.text.tokens` (Turkish
lower-case, apostrophe suffix cut, ``a.g.e.`` as one token, line-end hyphenation joined)
and then emits one form of each word:

* ``exact`` — the word itself, circumflex kept (``kâzım``): ranks highest;
* ``fold``  — ASCII-folded, unstemmed (``kazim``, ``istanbul``): for users without a
  Turkish keyboard, and for prefix queries, which must not be stemmed;
* ``stem``  — stemmed, then folded (``antlaşması`` → ``antlasma``), see
  :mod:`archive_api.text.stemming`;
* ``ocr``   — stroke keys that a misread ``rı``/``nı`` does not change, see
  :mod:`archive_api.text.ocr`; zero, one or two tokens at the word's position.

The four forms are produced by one class with a ``form`` switch instead of a tokenizer
followed by filters: analysis runs over every paragraph at build time, and each extra
Whoosh filter adds a generator step per token. The per-word work is cached in the modules
that do it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from archive_api.text.ocr import ocr_keys
from archive_api.text.stemming import stem_folded
from archive_api.text.tokens import iter_tokens
from archive_api.text.turkish import fold_ascii, nfc, turkish_lower

FORMS = ("exact", "fold", "stem", "ocr")

_fold_cache: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def fold_word(word: str) -> str:
    """ASCII fold of a lower-case word, cached (the same words recur in every paragraph)."""
    found = _fold_cache.get(word)
    if found is None:
        found = fold_ascii(word)
        if len(_fold_cache) >= _CACHE_LIMIT:
            _fold_cache.clear()
        _fold_cache[word] = found
    return found


def _identity(word: str) -> str:
    return word


_SINGLE: dict[str, Callable[[str], str]] = {
    "exact": _identity,
    "fold": fold_word,
    "stem": stem_folded,
}


class TurkishAnalyzer(Tokenizer):  # type: ignore[misc]
    """A Whoosh tokenizer that emits one of the four forms (see the module notes)."""

    def __init__(self, form: str = "exact") -> None:
        if form not in FORMS:
            raise ValueError(f"unknown form {form!r}; expected one of {FORMS}")
        self.form = form
        self.is_morph = form in ("stem", "ocr")

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and getattr(other, "form", None) == self.form

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.form))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(form={self.form!r})"

    def words(self, value: str) -> list[str]:
        """The forms of a text's words in order, alternatives at one position included."""
        return [token.text for token in self(value)]

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        value = nfc(value)
        if not tokenize:
            # Whoosh asks for the value as one term (e.g. for a wildcard): normalise it only.
            spans: Iterator[tuple[str, int, int]] = iter([(turkish_lower(value), 0, len(value))])
        else:
            spans = iter_tokens(value)
        single = _SINGLE.get(self.form)
        pos = start_pos
        for word, start, end in spans:
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            token.boost = 1.0
            token.stopped = False
            pos += 1
            if single is not None:
                token.text = single(word)
                yield token
            else:
                for key in ocr_keys(word):
                    token.text = key
                    yield token


_forms_cache: dict[str, tuple[str, str, tuple[str, ...]]] = {}


def word_forms(word: str) -> tuple[str, str, tuple[str, ...]]:
    """The ``fold`` and ``stem`` forms and the ``ocr`` keys of a normalised word, cached."""
    found = _forms_cache.get(word)
    if found is None:
        found = (fold_word(word), stem_folded(word), ocr_keys(word))
        if len(_forms_cache) >= _CACHE_LIMIT:
            _forms_cache.clear()
        _forms_cache[word] = found
    return found


Positions = dict[str, list[int]]


def positions_by_form(value: str) -> dict[str, Positions]:
    """Each form's terms with their word positions, from one tokenisation of ``value``.

    The same terms and positions the four analyzers give with ``positions=True``, for an
    indexer that fills the four fields of a record at once instead of tokenising its text
    four times.
    """
    exact: Positions = {}
    fold: Positions = {}
    stem: Positions = {}
    ocr: Positions = {}
    forms = _forms_cache
    for pos, (word, _, _) in enumerate(iter_tokens(nfc(value))):
        found = forms.get(word)
        if found is None:
            found = word_forms(word)
        folded, stemmed, keys = found
        for table, term in ((exact, word), (fold, folded), (stem, stemmed)):
            places = table.get(term)
            if places is None:
                table[term] = [pos]
            else:
                places.append(pos)
        for key in keys:
            places = ocr.get(key)
            if places is None:
                ocr[key] = [pos]
            else:
                places.append(pos)
    return {"exact": exact, "fold": fold, "stem": stem, "ocr": ocr}


def exact_analyzer() -> TurkishAnalyzer:
    """Words as written, Turkish lower-case, circumflex kept, no stemming."""
    return TurkishAnalyzer("exact")


def fold_analyzer() -> TurkishAnalyzer:
    """Words ASCII-folded (``ISTANBUL`` = ``İstanbul``, ``Cicerin`` = ``Çiçerin``), unstemmed."""
    return TurkishAnalyzer("fold")


def stem_analyzer() -> TurkishAnalyzer:
    """Words stemmed (PyStemmer Turkish, with its splits mended), then ASCII-folded."""
    return TurkishAnalyzer("stem")


def ocr_analyzer() -> TurkishAnalyzer:
    """OCR stroke keys of each word (``barış``, ``banş`` and ``Banşı`` meet)."""
    return TurkishAnalyzer("ocr")


def analyzer_for(form: str) -> TurkishAnalyzer:
    """The analyzer of one form, by name (``exact``, ``fold``, ``stem``, ``ocr``)."""
    return TurkishAnalyzer(form)


def tokens_with_forms(
    value: str,
) -> Iterator[tuple[str, int, int, tuple[str, str, tuple[str, ...]]]]:
    """Each token (its exact form and character span) with its ``fold`` and ``stem`` forms
    and ``ocr`` keys, from one tokenisation.

    What the four analyzers give with ``chars=True``, for code that looks for a query's
    terms in a text (snippets) and would otherwise tokenise it once per form.
    """
    forms = _forms_cache
    for word, start, end in iter_tokens(nfc(value)):
        found = forms.get(word)
        yield word, start, end, found if found is not None else word_forms(word)
