"""Snippets that show the words a query actually matched.

The body of a hit is run through the same analyzers that indexed it; a token whose
analysed form is one of the query's terms for that field is a match, and its character
span in the body is what gets marked. Marking spans of the original text (rather than
searching for the query words) is what makes ``banş`` light up for ``barış`` and
``Kâzım`` for ``kazim``. Everything outside the marks is HTML-escaped.

A mark weighs what its field weighs in the ranking (an exact match more than a stemmed
or OCR-tolerant one), so the snippet shows the best match of a long record, not merely the
first cluster of stemmed relatives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence

from whoosh.analysis import Analyzer

from archive_api.text.analysis import TurkishAnalyzer, tokens_with_forms

Span = tuple[int, int]
WeightedSpan = tuple[int, int, float]

_SPACE = re.compile(r"\s+")
ELLIPSIS = "…"


def match_spans(
    body: str, terms: Mapping[str, set[str]], analyzers: Mapping[str, Analyzer]
) -> list[Span]:
    """Character spans of ``body`` whose analysed form is in ``terms[field]``, merged."""
    return [(start, end) for start, end, _ in weighted_spans(body, terms, analyzers)]


def weighted_spans(
    body: str,
    terms: Mapping[str, set[str]],
    analyzers: Mapping[str, Analyzer],
    weights: Mapping[str, float] | None = None,
) -> list[WeightedSpan]:
    """Like :func:`match_spans`, each span with the weight of the best field that found it.

    The archive's own analyzers share one tokenisation, so their fields are looked up in
    one pass over the body (a hit's body can be a four-page letter); any other analyzer
    runs on its own.
    """
    spans: list[WeightedSpan] = []
    shared: dict[str, tuple[set[str], float]] = {}
    for field, wanted in terms.items():
        analyzer = analyzers.get(field)
        if not wanted or analyzer is None:
            continue
        weight = weights.get(field, 1.0) if weights else 1.0
        if isinstance(analyzer, TurkishAnalyzer):
            shared[analyzer.form] = (wanted, weight)
            continue
        for token in analyzer(body, chars=True, mode="index"):
            if token.text in wanted and token.endchar > token.startchar:
                spans.append((token.startchar, token.endchar, weight))
    if shared:
        spans.extend(_shared_spans(body, shared))
    return _merge(spans)


def _shared_spans(body: str, wanted: Mapping[str, tuple[set[str], float]]) -> list[WeightedSpan]:
    """Spans of ``body`` whose form in one of the ``wanted`` forms is asked for, each with
    the weight of the heaviest form that matched: one tokenisation for every form."""
    none: tuple[set[str], float] = (set(), 0.0)
    exact, exact_weight = wanted.get("exact", none)
    fold, fold_weight = wanted.get("fold", none)
    stem, stem_weight = wanted.get("stem", none)
    ocr, ocr_weight = wanted.get("ocr", none)
    spans: list[WeightedSpan] = []
    for word, start, end, (folded, stemmed, keys) in tokens_with_forms(body):
        best = exact_weight if word in exact else None
        if folded in fold and (best is None or fold_weight > best):
            best = fold_weight
        if stemmed in stem and (best is None or stem_weight > best):
            best = stem_weight
        if ocr and (best is None or ocr_weight > best) and not ocr.isdisjoint(keys):
            best = ocr_weight
        if best is not None and end > start:
            spans.append((start, end, best))
    return spans


def make_snippet(
    body: str,
    spans: Iterable[Span],
    width: int = 220,
    weights: Sequence[float] | None = None,
) -> str:
    """An HTML fragment of about ``width`` characters around the densest run of matches
    (``weights``, one per span, make some matches count more than others)."""
    given = list(spans)
    weighed = weights if weights is not None and len(weights) == len(given) else [1.0] * len(given)
    kept = [(s, w) for s, w in zip(given, weighed, strict=True) if 0 <= s[0] < s[1] <= len(body)]
    marks = [span for span, _ in kept]
    if not marks:
        start, end = 0, min(len(body), width)
    else:
        start, end = _window(body, marks, [w for _, w in kept], width)
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


def _merge(spans: list[WeightedSpan]) -> list[WeightedSpan]:
    merged: list[WeightedSpan] = []
    for start, end, weight in sorted(spans):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), max(last[2], weight))
        else:
            merged.append((start, end, weight))
    return merged


def _window(body: str, marks: list[Span], weights: list[float], width: int) -> Span:
    """The window of ``width`` characters whose marks weigh most, with some lead-in.

    Marks are sorted and do not overlap, so one pass with two pointers finds it.
    """
    best_index, best_weight = 0, 0.0
    total, end_index = 0.0, 0
    for index, (first, _) in enumerate(marks):
        while end_index < len(marks) and marks[end_index][1] <= first + width:
            total += weights[end_index]
            end_index += 1
        if total > best_weight:
            best_index, best_weight = index, total
        if end_index > index:
            total -= weights[index]
        else:
            end_index = index + 1
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
