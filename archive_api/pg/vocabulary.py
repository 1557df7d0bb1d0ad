"""The archive's words as the database keeps them (``words``): what spelling suggestions
and the tolerant retry look up.

:class:`Vocabulary` answers the three questions ``search.suggest`` asks of an index reader
(is this form held, which words are within so many edits, how many records hold a word), so
suggestions are made by the same code on both backends. Words within reach are found as
Whoosh finds them: Levenshtein distance (``fuzzystrmatch``), the first letters kept, in word
order. :func:`expand_near` turns the tolerant plan's edit-distance terms into the words they
stand for, which ``tsquery`` can then express.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import psycopg
from whoosh import query as wq

from archive_api.pg.lexemes import lexeme
from archive_api.search.query import typed_words
from archive_api.search.suggest import KNOWN_FIELDS
from archive_api.text.analysis import TurkishAnalyzer
from archive_api.text.variants import variants_of

_LARGEST = "\U0010ffff"  # sorts after every word in byte order (the words are COLLATE "C")


class Vocabulary:
    """The ``words`` of the database behind ``connection``, read as an index reader is."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection
        self._held: dict[str, bool] = {}  # lexemes looked up so far

    def prefetch(self, text: str, analyzers: Mapping[str, TurkishAnalyzer]) -> None:
        """Look up at once every form a spelling check of ``text`` asks about (each word
        and its listed variants, in the forms of ``KNOWN_FIELDS``): one round trip, not one
        per form."""
        wanted: set[str] = set()
        for word in typed_words(text):
            for spelling in (word, *variants_of(word)):
                for fieldname in KNOWN_FIELDS:
                    wanted.update(
                        lexeme(fieldname, form) for form in analyzers[fieldname].words(spelling)
                    )
        wanted -= set(self._held)
        if not wanted:
            return
        rows = self._connection.execute(
            "SELECT word FROM words WHERE word = ANY(%s)", (sorted(wanted),)
        ).fetchall()
        found = {str(row[0]) for row in rows}
        self._held.update((word, word in found) for word in wanted)

    def __contains__(self, key: object) -> bool:
        if not (isinstance(key, tuple) and len(key) == 2):
            return False
        fieldname, text = key
        word = lexeme(str(fieldname), str(text))
        if word not in self._held:
            row = self._connection.execute(
                "SELECT 1 FROM words WHERE word = %s", (word,)
            ).fetchone()
            self._held[word] = row is not None
        return self._held[word]

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """How many records hold ``text`` in the form ``fieldname``."""
        row = self._connection.execute(
            "SELECT records FROM words WHERE word = %s", (lexeme(fieldname, text),)
        ).fetchone()
        return int(row[0]) if row is not None else 0

    def terms_within(
        self, fieldname: str, text: str, maxdist: int, prefix: int = 0
    ) -> Iterator[str]:
        """The words of the form ``fieldname`` at most ``maxdist`` edits from ``text``
        that begin with its first ``prefix`` letters, in word order."""
        start = lexeme(fieldname, text[:prefix])
        width = len(text) + 2  # the form's two-letter prefix
        rows = self._connection.execute(
            "SELECT substr(word, 3) FROM words WHERE word >= %s AND word < %s"
            " AND length(word) BETWEEN %s AND %s"
            " AND levenshtein_less_equal(substr(word, 3), %s, %s) <= %s ORDER BY word",
            (start, start + _LARGEST, width - maxdist, width + maxdist, text, maxdist, maxdist),
        )
        for (word,) in rows:
            yield str(word)


def expand_near(query: wq.Query, vocabulary: Vocabulary) -> wq.Query:
    """``query`` with each edit-distance term replaced by the words it reaches (the word
    itself when it reaches none, so that the query still names a word)."""

    def expand(node: wq.Query) -> wq.Query:
        if not isinstance(node, wq.FuzzyTerm):
            return node
        text = str(node.text)
        near = list(vocabulary.terms_within(node.fieldname, text, node.maxdist, node.prefixlength))
        if not near:
            return wq.Term(node.fieldname, text, boost=node.boost)
        terms = [wq.Term(node.fieldname, word, boost=node.boost) for word in near]
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    return query.accept(expand)


__all__ = ["Vocabulary", "expand_near"]
