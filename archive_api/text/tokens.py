"""Split Turkish text into normalised words, with their character offsets.

One pass does what a Lucene-style chain does in four filters (tokenise, cut the apostrophe
suffix, Turkish lower-case, join line-end hyphenation), because analysis runs on every
paragraph at build time and each extra Python generator costs time per token.

Rules, all driven by the OCR'd scholarly texts we index:

* A word is a run of letters (``â î û`` included); digits form their own tokens, so a
  footnote marker glued to a word (``girdiler2``, ``zaruridir19``) does not change the word.
* ``Türkiye'nin`` and ``Moskova’ya`` become ``türkiye`` and ``moskova``: everything after the
  apostrophe is a case suffix. A suffix the OCR detached (``Muş 'un``, ``Rusya' daki``) is
  dropped rather than indexed as a word.
* An apostrophe inside an Arabic loanword of the transcription is no suffix boundary:
  ``i’tibâr`` and ``ma’lûm`` are ``itibâr`` and ``malûm``. It is one when the part before it is
  a single letter or the part after it holds a long vowel (``â î û``), which no Turkish suffix
  has; ``Paşa’nın`` still cuts. A letter elided before a capital (``l’État``, ``d’Annunzio``)
  is dropped and the name kept.
* Dotted abbreviations of single letters are one token without dots: ``a.g.e.`` → ``age``,
  ``T.B.M.M.`` → ``tbmm``, so they are searchable and ``TBMM`` finds them. ``M.Kemal`` stays
  two words (``m``, ``kemal``), like ``M. Kemal``.
* A word hyphenated at a line end (``savaş-`` / ``mışlardır``) is joined when the next line
  goes on in lower case; ``Avusturya-Macaristan`` and ``Türk-`` / ``Sovyet`` stay two words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from archive_api.text.turkish import turkish_lower

_L = r"[^\W\d_]"
_APOSTROPHES = "'’‘`´ʼ"
_APOS = "[" + re.escape(_APOSTROPHES) + "]"
# A line-end hyphen (also the soft hyphen and U+2010) and the line break after it.
_HYPHEN_BREAK = r"[-\u00ad\u2010][ \t]*\r?\n[ \t]*"
_LOWER_NEXT = r"(?=[a-zçğıöşüâîûéèêëàáäôœ])"

TOKEN_RE = re.compile(
    rf"(?:(?P<abbr>(?<!\w){_L}(?:\.{_L})+(?!\w)\.?)"
    rf"|(?P<word>{_L}+(?:{_HYPHEN_BREAK}{_LOWER_NEXT}{_L}+)*)"
    rf"|(?P<num>\d+))"
    rf"(?:{_APOS}{_L}*)?"
)
_BREAK_RE = re.compile(_HYPHEN_BREAK)
_LONG_VOWEL = re.compile(r"[âîûÂÎÛāīūĀĪŪ]")

# Case and possessive suffixes that OCR or typesetting detached from their word.
_SUFFIXES = """
    a e ı i u ü ya ye yı yi yu yü na ne nı ni nu nü
    da de ta te dan den tan ten daki deki taki teki ki
    ın in un ün nın nin nun nün yın yin yun yün
    la le yla yle ca ce ça çe
"""
DETACHED_SUFFIXES = frozenset(_SUFFIXES.split())

_cache: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def _normalise(raw: str, kind: str | None) -> str:
    """Lower-case by Turkish rules; drop abbreviation dots and line-end hyphenation."""
    key = raw if kind != "abbr" else "." + raw
    found = _cache.get(key)
    if found is not None:
        return found
    if kind == "abbr":
        text = turkish_lower(raw.replace(".", ""))
    elif kind == "word" and "\n" in raw:
        text = turkish_lower(_BREAK_RE.sub("", raw))
    else:
        text = turkish_lower(raw)
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[key] = text
    return text


def _is_detached_suffix(value: str, start: int, word: str) -> bool:
    """``Muş 'un`` (apostrophe, then the suffix) or ``Rusya' daki`` (apostrophe, space)."""
    if word not in DETACHED_SUFFIXES or start == 0:
        return False
    before = value[start - 1]
    if before in _APOSTROPHES:
        return start < 2 or value[start - 2].isspace()
    if before == " " and start >= 3:
        return value[start - 2] in _APOSTROPHES and value[start - 3].isalpha()
    return False


def iter_tokens(value: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(word, start, end)`` for each token; offsets cover the suffix too.

    The text must be NFC (as every text in the archive is); the word is lower-cased
    by Turkish rules and carries no apostrophe suffix.
    """
    for match in TOKEN_RE.finditer(value):
        kind = match.lastgroup
        raw = match.group(kind) if kind else match.group(0)
        start = match.start()
        if kind == "word" and match.end() > match.end(kind) + 1:
            rest = value[match.end(kind) + 1 : match.end()]
            if len(raw) == 1 and rest[0].isupper():
                raw, start = rest, match.end(kind) + 1  # "l’État", "d’Annunzio": elision
            elif len(raw) == 1 or _LONG_VOWEL.search(rest):
                raw += rest  # "i’tibâr": the apostrophe is inside the word
        word = _normalise(raw, kind)
        if kind == "word" and _is_detached_suffix(value, start, word):
            continue
        yield word, start, match.end()


def words(value: str) -> list[str]:
    """The normalised words of a text, in order."""
    return [word for word, _, _ in iter_tokens(value)]
