"""The judged query set of the relevance evaluation, and how a ranked list is scored.

Each file ``judgments/<class>.yaml`` holds the queries of one class. A query names the
records a reader would want for it (``relevant``: record ids as the API writes them) and,
for the Atatürk corpus, whole documents (``documents``): a hit counts when its record is
in ``relevant`` or its document is in ``documents``. The same rule scores every engine.
Scores look at the first ``CUTOFF`` hits only: success is 1 when any of them is relevant,
the reciprocal rank is 1/rank of the first relevant one (0 without one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CUTOFF = 10
JUDGMENTS = Path(__file__).resolve().parent / "judgments"
# The order classes are reported in.
CLASSES = ("exact", "ascii", "upper", "bare", "case", "ocr", "variant", "phrase", "filter")
FILTER_KEYS = frozenset({"type", "document", "date_from", "date_to", "kind"})


class JudgmentError(ValueError):
    """A judgment file that cannot be used: the message names the file and the query."""


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    document: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Hit:
    """What scoring needs of a hit: its record id and its document id."""

    id: str
    document_id: str


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    cls: str
    q: str
    filters: Filters
    relevant: frozenset[str]
    documents: frozenset[str]
    note: str = ""

    def is_relevant(self, hit: Hit) -> bool:
        return hit.id in self.relevant or hit.document_id in self.documents

    def first_relevant_rank(self, hits: Sequence[Hit]) -> int | None:
        """1-based rank of the first relevant hit among the first ``CUTOFF``, or None."""
        for rank, hit in enumerate(hits[:CUTOFF], start=1):
            if self.is_relevant(hit):
                return rank
        return None


@dataclass
class ClassScore:
    """Success@10 and MRR@10 of one engine over some queries."""

    queries: int = 0
    successes: int = 0
    reciprocal_ranks: float = 0.0
    misses: list[str] = field(default_factory=list)  # ids of queries without a relevant hit

    def add(self, query: JudgedQuery, rank: int | None) -> None:
        self.queries += 1
        if rank is None:
            self.misses.append(query.id)
        else:
            self.successes += 1
            self.reciprocal_ranks += 1.0 / rank

    @property
    def success(self) -> float:
        return self.successes / self.queries if self.queries else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.queries if self.queries else 0.0


def load_judgments(folder: Path = JUDGMENTS) -> list[JudgedQuery]:
    """Every judged query, classes in ``CLASSES`` order; raises JudgmentError on bad files."""
    queries: list[JudgedQuery] = []
    for cls in CLASSES:
        path = folder / f"{cls}.yaml"
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise JudgmentError(f"{path.name}: {exc}") from exc
        if not isinstance(raw, dict) or raw.get("class") != cls:
            raise JudgmentError(f"{path.name}: expected a mapping with 'class: {cls}'")
        entries = raw.get("queries")
        if not isinstance(entries, list) or not entries:
            raise JudgmentError(f"{path.name}: no queries")
        queries.extend(_query(path.name, cls, entry) for entry in entries)
    ids = [query.id for query in queries]
    duplicates = sorted({qid for qid in ids if ids.count(qid) > 1})
    if duplicates:
        raise JudgmentError(f"query ids used twice: {', '.join(duplicates)}")
    return queries


def _query(source: str, cls: str, entry: Any) -> JudgedQuery:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise JudgmentError(f"{source}: every query needs an 'id'")
    where = f"{source}, {entry['id']}"
    text = entry.get("q")
    if not isinstance(text, str) or not text.strip():
        raise JudgmentError(f"{where}: 'q' must be a non-empty string")
    relevant = _strings(where, "relevant", entry.get("relevant", []))
    documents = _strings(where, "documents", entry.get("documents", []))
    if not relevant and not documents:
        raise JudgmentError(f"{where}: names no relevant record or document")
    return JudgedQuery(
        id=entry["id"],
        cls=cls,
        q=text,
        filters=_filters(where, entry.get("filters") or {}),
        relevant=frozenset(relevant),
        documents=frozenset(documents),
        note=str(entry.get("note") or ""),
    )


def _strings(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise JudgmentError(f"{where}: '{key}' must be a list of ids")
    return list(value)


def _filters(where: str, raw: Any) -> Filters:
    if not isinstance(raw, dict) or not set(raw) <= FILTER_KEYS:
        raise JudgmentError(f"{where}: filters may only use {', '.join(sorted(FILTER_KEYS))}")
    types = raw.get("type", [])
    types = [types] if isinstance(types, str) else types
    values = {key: raw.get(key) for key in ("document", "date_from", "date_to", "kind")}
    if not all(isinstance(t, str) for t in types) or not all(
        value is None or isinstance(value, str) for value in values.values()
    ):
        raise JudgmentError(f"{where}: filter values must be strings")
    return Filters(types=tuple(types), **values)


def check_ids(queries: Iterable[JudgedQuery], record_ids: set[str], document_ids: set[str]) -> None:
    """Fail on a judged id that names no record or document of the evaluated collection."""
    problems = []
    for query in queries:
        unknown = sorted(query.relevant - record_ids) + sorted(query.documents - document_ids)
        if query.filters.document and query.filters.document not in document_ids:
            unknown.append(query.filters.document)
        if unknown:
            problems.append(f"{query.id}: {', '.join(unknown)}")
    if problems:
        raise JudgmentError("unknown ids in judgments:\n  " + "\n  ".join(problems))


def unreachable(
    queries: Iterable[JudgedQuery],
    passing: Callable[[Filters], tuple[set[str], set[str]]],
) -> list[str]:
    """Judged ids no engine can return, because none of their records passes the query's
    filters; ``passing(filters)`` gives the ids of the records and of the documents
    that have a record passing them."""
    problems = []
    for query in queries:
        records, documents = passing(query.filters)
        lost = sorted(query.relevant - records) + sorted(query.documents - documents)
        if lost:
            problems.append(f"{query.id}: {', '.join(lost)}")
    return problems
