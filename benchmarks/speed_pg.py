"""How fast the PostgreSQL backend loads and answers the speed benchmark's query mix.

Usage: ``python benchmarks/speed_pg.py [--scale 12.3] [--rounds 5] [--workdir DIR]``.

The same scaled corpus as ``speed.py`` (``--scale`` copies of the sources; 12.3 is about
40,000 paragraphs) is written into a throw-away PostgreSQL cluster (``archive-api
database``'s path: parse, analyse, ``COPY``), and each query of the mix is planned as the
embedded search plans it and run with ``search_records`` (matching, ``ts_rank``, the total;
no snippets or facets yet). Figures are in process, one connection, warm after one pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pg_cluster import throwaway_cluster
from speed import percentile, time_queries
from speed_corpus import build_corpus
from speed_queries import QUERIES, Query, search_kwargs

from archive_api.pg.search import search_records
from archive_api.pg.writer import connect, load_store, prepare
from archive_api.search.filters import SearchFilters
from archive_api.search.query import plan_query
from archive_api.search.schema import build_schema
from archive_api.store import DocumentStore


def _runner(connection: Any) -> Any:
    schema = build_schema()

    def run(query: Query) -> int:
        kwargs = search_kwargs(query)
        per_page = kwargs.pop("per_page")
        types = kwargs.pop("types", None)
        documents = kwargs.pop("document_ids", None)
        filters = SearchFilters.build(types=types, document_ids=documents, **kwargs)
        plan = plan_query(query.q, schema) if query.q else None
        return search_records(connection, plan, filters.query(), limit=per_page).total

    return run


def measure(work: Path, scale: float, rounds: int) -> list[str]:
    documents = work / "documents"
    if not documents.is_dir():
        stats = build_corpus(documents, scale)
        print(f"corpus: {stats.documents:,} documents, {stats.characters:,} characters")
    store = DocumentStore(documents)
    with throwaway_cluster() as cluster, connect(cluster.url()) as connection:
        prepare(connection)
        started = time.perf_counter()
        written = load_store(connection, store)
        connection.commit()
        load_s = time.perf_counter() - started
        connection.autocommit = True
        connection.execute("ANALYZE")
        size = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        samples, totals, first = time_queries(_runner(connection), QUERIES, rounds)
    warm = [statistics.median(times) for times in samples]
    lines = [
        f"documents {written.documents:,}, records {written.records:,}",
        f"load (parse, analyse, COPY, one transaction)  {load_s:8.1f} s",
        f"database size                                 {(size or [0])[0] / 2**20:8.0f} MB",
        f"search p50 / p95 / max, warm (ms)             {percentile(warm, 0.5):8.1f}"
        f" {percentile(warm, 0.95):8.1f} {max(warm):8.1f}",
        f"first pass p50 / p95 (ms)                     {percentile(first, 0.5):8.1f}"
        f" {percentile(first, 0.95):8.1f}",
        f"queries with no hit                           {sum(1 for t in totals if not t):8d}",
        "",
        "slowest queries (median ms):",
    ]
    ranked = sorted(zip(warm, QUERIES, strict=True), key=lambda pair: -pair[0])
    lines += [f"  {ms:9.2f}  {query.label()}" for ms, query in ranked[:8]]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=12.3, help="copies of the sources (12.3)")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes (5)")
    parser.add_argument("--workdir", type=Path, help="keep the corpus here (reused if present)")
    args = parser.parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        lines = measure(args.workdir, args.scale, args.rounds)
    else:
        with tempfile.TemporaryDirectory(prefix="speed-pg-") as folder:
            lines = measure(Path(folder), args.scale, args.rounds)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
