"""Our analysed forms of a record's text as PostgreSQL lexemes.

Analysis stays ours: PostgreSQL is given the exact, folded, stemmed and OCR-key terms that
the embedded index holds (``positions_by_form``, one tokenisation for all four), each
prefixed by its form (``f:millet``) so that a query names the form it matches, and
labelled with the weight class of its form (exact A, fold B, stem C, OCR key D) so that
``ts_rank`` can weigh forms as the embedded ranking does. Nothing here talks to a database:
it writes the ``tsvector`` literal, with PostgreSQL's limits applied where it would apply
them silently (positions 1–16,383, 256 positions a lexeme, 2,046 bytes a lexeme).
"""

from __future__ import annotations

from archive_api.text.analysis import positions_by_form

FORM_PREFIX = {"exact": "e", "fold": "f", "stem": "s", "ocr": "o"}
FORM_WEIGHT = {"exact": "A", "fold": "B", "stem": "C", "ocr": "D"}
MAX_POSITION = 16_383
MAX_POSITIONS = 256
MAX_LEXEME_BYTES = 2_046
# The forms whose words the vocabulary keeps: those spelling suggestions check a word in.
VOCABULARY_FORMS = ("exact", "fold", "stem")


def lexeme(form: str, term: str) -> str:
    """The lexeme of ``term`` in ``form`` (``fold``, ``millet`` → ``f:millet``)."""
    return f"{FORM_PREFIX[form]}:{term}"


def quoted(value: str) -> str:
    """``value`` as a quoted lexeme of a ``tsvector`` or ``tsquery`` literal (a NUL, which
    PostgreSQL's text cannot hold, as U+FFFD: no lexeme holds either)."""
    value = value.replace("\x00", "\ufffd")
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(text: str) -> str:
    """The ``tsvector`` literal of ``text``: every form's terms with positions (one-based,
    as PostgreSQL counts) and the form's weight class."""
    return analysed(text)[0]


def analysed(text: str) -> tuple[str, set[str]]:
    """``text``'s ``tsvector`` literal and its words: the lexemes of the forms a spelling
    check looks up (``VOCABULARY_FORMS``), one analysis for both."""
    parts: list[str] = []
    words: set[str] = set()
    for form, table in positions_by_form(text).items():
        weight = FORM_WEIGHT[form]
        for term, places in table.items():
            word = lexeme(form, term)
            if len(word.encode("utf-8")) > MAX_LEXEME_BYTES:
                continue  # PostgreSQL refuses it; no query could name it either
            kept = sorted({min(place + 1, MAX_POSITION) for place in places})[:MAX_POSITIONS]
            parts.append(quoted(word) + ":" + ",".join(f"{place}{weight}" for place in kept))
            if form in VOCABULARY_FORMS:
                words.add(word)
    return " ".join(parts), words


__all__ = [
    "FORM_PREFIX",
    "FORM_WEIGHT",
    "VOCABULARY_FORMS",
    "analysed",
    "lexeme",
    "quoted",
    "tsvector_literal",
]
