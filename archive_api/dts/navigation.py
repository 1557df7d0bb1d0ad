"""What a Navigation request selects: the table of ``down`` × ``ref`` × ``start``/``end``.

The specification fixes the answer for every combination of the three parameters; this
module is that table, over a ``CitationTree``. Parameter combinations it calls bad requests
raise ``InvalidParameter`` (400), unknown identifiers ``UnknownIdentifier`` (404).
"""

from __future__ import annotations

from dataclasses import dataclass

from archive_api.dts.errors import InvalidParameter
from archive_api.dts.trees import CitationTree, Unit

BOTTOM = -1  # ``down=-1``: to the deepest level of the tree


@dataclass(frozen=True)
class RangeQuery:
    """The citable units a Navigation or Document request names (none: the whole tree)."""

    ref: str | None = None
    start: str | None = None
    end: str | None = None

    @property
    def empty(self) -> bool:
        return self.ref is None and self.start is None and self.end is None


def check_range(query: RangeQuery) -> None:
    """``ref`` excludes ``start``/``end``, and those two go together (both endpoints)."""
    if query.ref is not None and (query.start is not None or query.end is not None):
        name = "start" if query.start is not None else "end"
        raise InvalidParameter(name, "cannot be combined with ref")
    if (query.start is None) != (query.end is None):
        given, missing = ("start", "end") if query.start is not None else ("end", "start")
        raise InvalidParameter(missing, f"is required with {given}")


def check_navigation(query: RangeQuery, down: int | None) -> None:
    """The combinations the Navigation table answers with 400."""
    check_range(query)
    if down is not None and down < BOTTOM:
        raise InvalidParameter("down", "must be -1 (the whole depth), 0 or a positive depth")
    if down is None and query.empty:
        raise InvalidParameter("down", "is required when neither ref nor start and end are given")
    if down == 0 and query.ref is None:
        raise InvalidParameter("down", "0 (the siblings of ref) needs ref")


@dataclass(frozen=True)
class Selection:
    """The units a request names and, when ``down`` is given, the members it lists."""

    ref: Unit | None
    start: Unit | None
    end: Unit | None
    members: list[Unit] | None  # None: no ``member`` property in the answer


def resolve_range(tree: CitationTree, query: RangeQuery) -> tuple[Unit, Unit] | None:
    """The first and last unit a query names (the same one for ``ref``), or None for none.

    ``start`` must not come after ``end`` in document order.
    """
    if query.ref is not None:
        unit = tree.unit(query.ref, "ref")
        return unit, unit
    if query.start is not None and query.end is not None:
        first, last = tree.unit(query.start, "start"), tree.unit(query.end, "end")
        if first.position > last.position:
            raise InvalidParameter(
                "start", f"{query.start!r} comes after end {query.end!r} in the document"
            )
        return first, last
    return None


def select(tree: CitationTree, query: RangeQuery, down: int | None) -> Selection:
    """Apply the specification's table to ``tree`` (parameters already checked)."""
    bounds = resolve_range(tree, query)
    ref = bounds[0] if query.ref is not None and bounds else None
    start, end = bounds if bounds and query.ref is None else (None, None)
    if down is None:
        return Selection(ref, start, end, None)
    if ref is not None and down == 0:
        siblings = [unit for unit in tree.units if unit.parent == ref.parent]
        return Selection(ref, None, None, siblings)
    if bounds is None:
        candidates, base = tree.units, 0
    else:
        first, last = bounds
        candidates = tree.units[first.position : last.last + 1]
        base = max(first.level, last.level)
    members = [u for u in candidates if down == BOTTOM or u.level <= base + down]
    return Selection(ref, start, end, members)
