"""Snippets that show the words a query actually matched.

The body of a hit is run through the same analyzers that indexed it; a token whose
analysed form is one of the query's terms for that field is a match, and its character
span in the body is what gets marked. Marking spans of the original text (rather than
searching for the query words) is what makes ``banş`` light up for ``barış`` and
``Kâzım`` for ``kazim``. Everything outside the marks is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from whoosh.analysis import Analyzer

Span = tuple[int, int]

_SPACE = re.compile(r"\s+")
ELLIPSIS = "…"


def match_spans(
    body: str, terms: Mapping[str, set[str]], analyzers: Mapping[str, Analyzer]
) -> list[Span]:
    """Character spans of ``body`` whose analysed form is in ``terms[field]``, merged."""
    spans: list[Span] = []
    for field, wanted in terms.items():
        analyzer = analyzers.get(field)
        if not wanted or analyzer is None:
            continue
        for token in analyzer(body, chars=True, mode="index"):
            if token.text in wanted and token.endchar > token.startchar:
                spans.append((token.startchar, token.endchar))
    return _merge(spans)


def make_snippet(body: str, spans: Iterable[Span], width: int = 220) -> str:
    """An HTML fragment of about ``width`` characters around the densest run of matches."""
    marks = [s for s in spans if 0 <= s[0] < s[1] <= len(body)]
    if not marks:
        start, end = 0, min(len(body), width)
    else:
        start, end = _window(body, marks, width)
    start, end = _widen_to_words(body, start, end)
    parts: list[str] = []
    position = start
    for mark_start, mark_end in marks:
        if mark_end <= start or mark_start >= end:
            continue
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        parts.append(_escape(body[position:mark_start]))
        parts.append(f"<mark>{_escape(body[mark_start:mark_end])}</mark>")
        position = mark_end
    parts.append(_escape(body[position:end]))
    text = "".join(parts).strip()
    prefix = ELLIPSIS if body[:start].strip() else ""
    suffix = ELLIPSIS if body[end:].strip() else ""
    return f"{prefix}{text}{suffix}"


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _window(body: str, marks: list[Span], width: int) -> Span:
    """The window of ``width`` characters that holds the most marks, with some lead-in."""
    best_index, best_count = 0, 0
    for index, (first, _) in enumerate(marks):
        count = sum(1 for s, e in marks[index:] if e <= first + width)
        if count > best_count:
            best_index, best_count = index, count
    lead = min(width // 4, marks[best_index][0])
    start = marks[best_index][0] - lead
    end = min(len(body), start + width)
    start = max(0, min(start, end - width))
    return start, end


def _widen_to_words(body: str, start: int, end: int) -> Span:
    """Move the edges out to whitespace (at most a word) so no word is cut in half."""
    limit = 30
    while start > 0 and limit and not body[start - 1].isspace():
        start, limit = start - 1, limit - 1
    limit = 30
    while end < len(body) and limit and not body[end].isspace():
        end, limit = end + 1, limit - 1
    return start, end


def _escape(text: str) -> str:
    return html.escape(_SPACE.sub(" ", text), quote=False)
