"""Spelling suggestions from the index's own vocabulary.

A word is misspelt for this purpose when none of its exact, folded or stemmed forms, nor
those of its listed variants, occurs in the index: the search then found it, if at all,
only through the OCR-tolerant keys (``Karabekri`` meets ``Karabekir`` there) or not at
all. Each such word is replaced by the closest word of the folded vocabulary: fewest edits
(a swap of two neighbouring letters is one edit), then the word most records hold. The
suggestion is the query as typed with those words replaced (``Karabekri`` → ``karabekir``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

from archive_api.search.query import typed_words
from archive_api.text.analysis import TurkishAnalyzer
from archive_api.text.variants import variants_of

MIN_LENGTH = 3  # shorter words have too many neighbours to guess from
SHORT_WORD = 4  # up to this length one edit is allowed, two beyond
CANDIDATES = 200  # words within reach looked at, at most
KNOWN_FIELDS = ("exact", "fold", "stem")
MEMO_LIMIT = 10_000  # corrections remembered per generation


def suggest(
    text: str,
    reader: Any,
    analyzers: Mapping[str, TurkishAnalyzer],
    memo: MutableMapping[str, str | None] | None = None,
) -> str | None:
    """The query with its unknown words corrected, or None when no word needs it.

    ``memo`` keeps the corrections found for one reader: looking for the nearest words
    walks the vocabulary, and a misspelling tends to be typed again.
    """
    corrections: dict[str, str] = {}
    for word in typed_words(text):
        if is_known(word, reader, analyzers):
            continue
        if memo is not None and word in memo:
            fix = memo[word]
        else:
            fix = closest_word(word, reader, analyzers["fold"])
            if memo is not None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[word] = fix
        if fix is not None:
            corrections[word] = fix
    if not corrections:
        return None
    suggestion = " ".join(text.split())
    for word, fix in corrections.items():
        pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
        suggestion = re.sub(pattern, fix, suggestion, count=1)
    return suggestion


def is_known(word: str, reader: Any, analyzers: Mapping[str, TurkishAnalyzer]) -> bool:
    """True when the index holds the word in some form other than its OCR keys."""
    for spelling in (word, *sorted(variants_of(word))):
        for field in KNOWN_FIELDS:
            forms = analyzers[field].words(spelling)
            if forms and all((field, form) in reader for form in forms):
                return True
    return False


def closest_word(word: str, reader: Any, fold: TurkishAnalyzer) -> str | None:
    """The folded index word nearest to ``word``, or None when nothing is near enough."""
    forms = fold.words(word)
    if len(forms) != 1 or len(forms[0]) < MIN_LENGTH:
        return None
    folded = forms[0]
    limit = 1 if len(folded) <= SHORT_WORD else 2
    best: tuple[int, int, str] | None = None
    for count, candidate in enumerate(reader.terms_within("fold", folded, limit, prefix=1)):
        if count >= CANDIDATES:
            break
        if candidate == folded:
            continue
        distance = edit_distance(folded, candidate)
        if distance > limit:
            continue
        key = (distance, -reader.doc_frequency("fold", candidate), candidate)
        if best is None or key < best:
            best = key
    return best[2] if best is not None else None


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap of neighbours) that turn ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
