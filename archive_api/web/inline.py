"""Reading text with its inline marks: matched words, footnote markers, annex references.

The text is plain and every character of it is escaped; the only HTML that comes out is
made here. Marks may overlap an annex reference or be cut by a footnote marker, so the
text is walked once, opening and closing elements where the state changes, which keeps
the output well nested whatever the spans are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

Span = tuple[int, int]


@dataclass(frozen=True)
class Insert:
    """HTML placed at ``offset`` (a footnote marker after the word it is glued to)."""

    offset: int
    html: Markup


@dataclass(frozen=True)
class Wrap:
    """A span of the text wrapped in an element, e.g. an annex reference."""

    start: int
    end: int
    open: Markup
    close: Markup


def render(
    text: str,
    marks: Iterable[Span] = (),
    inserts: Sequence[Insert] = (),
    wraps: Sequence[Wrap] = (),
) -> Markup:
    """``text`` escaped, ``marks`` in ``<mark>``, ``wraps`` around their spans, ``inserts``
    at their offsets (or just after the wrap they would cut). Spans are clipped to the
    text; of overlapping wraps the first is kept."""
    size = len(text)
    marked = _merge((max(0, s), min(size, e)) for s, e in marks if min(size, e) > max(0, s))
    kept = _disjoint(w for w in wraps if 0 <= w.start < w.end <= size)
    points = sorted(
        {0, size}
        | {p for s, e in marked for p in (s, e)}
        | {p for w in kept for p in (w.start, w.end)}
    )
    at: dict[int, list[Markup]] = {}
    for item in inserts:
        at.setdefault(_outside(min(max(0, item.offset), size), kept), []).append(item.html)
    points = sorted(set(points) | set(at))
    in_mark = _membership(marked)
    out: list[str] = []
    wrap: Wrap | None = None
    mark = False
    for index, point in enumerate(points):
        # State at ``point``: which wrap and whether a mark covers text[point:next].
        want_wrap = next((w for w in kept if w.start <= point < w.end), None)
        want_mark = in_mark(point)
        if point in at or want_wrap is not wrap:
            if mark:
                out.append("</mark>")
                mark = False
            if want_wrap is not wrap and wrap is not None:
                out.append(wrap.close)
                wrap = None
            out.extend(at.get(point, []))
        if want_wrap is not wrap and want_wrap is not None:
            out.append(want_wrap.open)
            wrap = want_wrap
        if want_mark != mark:
            out.append("<mark>" if want_mark else "</mark>")
            mark = want_mark
        if index + 1 < len(points):
            out.append(str(escape(text[point : points[index + 1]])))
    if mark:
        out.append("</mark>")
    if wrap is not None:
        out.append(wrap.close)
    return Markup("".join(out))


def _outside(offset: int, wraps: list[Wrap]) -> int:
    """An insert that falls inside a wrap goes after it: a link cannot hold a link."""
    return next((w.end for w in wraps if w.start < offset < w.end), offset)


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _disjoint(wraps: Iterable[Wrap]) -> list[Wrap]:
    kept: list[Wrap] = []
    for wrap in sorted(wraps, key=lambda w: (w.start, w.end)):
        if not kept or wrap.start >= kept[-1].end:
            kept.append(wrap)
    return kept


def _membership(spans: list[Span]) -> Callable[[int], bool]:
    def inside(point: int) -> bool:
        return any(start <= point < end for start, end in spans)

    return inside


_MARK_TAG = re.compile(r"(</?mark>)")


def mark_snippet(snippet: str) -> Markup:
    """A search snippet (escaped text with ``<mark>`` elements) made safe to embed.

    The snippet is split at its mark tags, each piece unescaped and escaped again, so only
    the marks survive as HTML even if the text around them were not escaped.
    """
    out: list[str] = []
    depth = 0
    for piece in _MARK_TAG.split(snippet):
        if piece == "<mark>":
            if depth == 0:
                out.append(piece)
            depth += 1
        elif piece == "</mark>":
            if depth == 1:
                out.append(piece)
            depth = max(0, depth - 1)
        else:
            out.append(str(escape(html.unescape(piece))))
    if depth:
        out.append("</mark>")
    return Markup("".join(out))
