"""The PostgreSQL backend beside the embedded one: load, search in process, and the API
over HTTP with one node and with two.

Usage: ``python benchmarks/speed_pg.py [--scale 12.3] [--seconds 10] [--rounds 3]
[--workdir DIR] [--no-whoosh]``.

The same scaled corpus as ``speed.py`` (``--scale`` copies of the sources; 12.3 is about
40,000 paragraphs, 92 about 300,000). It is written into a throw-away PostgreSQL cluster
(``archive-api database``'s path: parse, analyse, ``COPY``, one transaction), with a
streaming replica beside it; and, unless ``--no-whoosh``, into the embedded index.

- In process: the query mix of ``speed_queries`` through each backend's
  ``search`` (whole pages: top 10 dressed with snippets, facets), warm after one pass.
- Over HTTP: gunicorn nodes of two sync workers each with ``ARCHIVE_BACKEND=postgres``;
  one node on the primary, then two nodes (the second reading from the replica) with the
  16 connections spread over them, as a load balancer would; and the embedded backend on
  one node. One client, then 16 connections, ``--seconds`` each.

All of it runs on this machine: the nodes, the database, its replica and the client share
its cores, so two nodes show what a second node costs here, not what a second machine adds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import speed_http
from pg_cluster import Cluster, throwaway_cluster, throwaway_replica
from speed import in_process, say, summary, time_queries
from speed_corpus import build_corpus
from speed_queries import QUERIES

from archive_api.pg.archive import PgArchive
from archive_api.pg.writer import connect, load_store, prepare
from archive_api.search.indexer import build_index
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

DATABASE = "archive_speed"


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    documents, index = work / "documents", work / "index"
    figures: dict[str, Any] = {"scale": args.scale}
    if not documents.is_dir():
        stats = build_corpus(documents, args.scale)
        say(f"corpus: {stats.documents:,} documents, {stats.characters:,} characters")
    store = DocumentStore(documents)
    with throwaway_cluster() as cluster:
        url = _load(cluster, store, figures)
        say("in process: the PostgreSQL backend")
        pg = PgArchive(url)
        figures["pg_in_process"] = _in_process(pg, args.rounds)
        pg.close()
        if not args.no_whoosh:
            if not (index / "CURRENT").exists():
                say("building the embedded index")
                started = time.perf_counter()
                build_index(store, index)
                figures["whoosh_build_s"] = time.perf_counter() - started
            say("in process: the embedded backend")
            embedded = Archive(index)
            figures["whoosh_in_process"] = _in_process(embedded, args.rounds)
            embedded.close()
        with throwaway_replica(cluster) as replica:
            primary_settings = {"ARCHIVE_BACKEND": "postgres", "ARCHIVE_DATABASE_URL": url}
            replica_settings = {
                **primary_settings,
                "ARCHIVE_DATABASE_READ_URL": replica.url(DATABASE),
            }
            say("HTTP: one node on PostgreSQL")
            with _nodes(work, [primary_settings]) as servers:
                figures["pg_1_node"] = _http(servers, args.seconds)
            say("HTTP: two nodes on PostgreSQL (the second reads from the replica)")
            with _nodes(work, [primary_settings, replica_settings]) as servers:
                figures["pg_2_nodes"] = _http(servers, args.seconds)
        if not args.no_whoosh:
            say("HTTP: one node on the embedded index")
            with _nodes(work, [{}], index) as servers:
                figures["whoosh_1_node"] = _http(servers, args.seconds)
    return figures


def _load(cluster: Cluster, store: DocumentStore, figures: dict[str, Any]) -> str:
    with connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = cluster.url(DATABASE)
    say("loading PostgreSQL (parse, analyse, COPY, one transaction)")
    with connect(url) as connection:
        prepare(connection)
        started = time.perf_counter()
        written = load_store(connection, store)
        connection.commit()
        figures["pg_load_s"] = time.perf_counter() - started
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")
        size = connection.execute("SELECT pg_database_size(current_database())").fetchone()
    figures["documents"], figures["records"] = written.documents, written.records
    figures["pg_size_mb"] = (size[0] if size else 0) / 2**20
    return url


def _in_process(archive: Any, rounds: int) -> dict[str, Any]:
    samples, totals, first = time_queries(in_process(archive), QUERIES, rounds)
    warm = [ms for values in samples for ms in values]
    medians = {q.label(): statistics.median(v) for q, v in zip(QUERIES, samples, strict=True)}
    slowest = sorted(medians.items(), key=lambda item: -item[1])[:5]
    return {
        **summary(warm),
        "first": summary(first),
        "zero_hits": totals.count(0),
        "slowest": slowest,
    }


@contextmanager
def _nodes(
    work: Path, settings: Sequence[dict[str, str]], index: Path | None = None
) -> Iterator[list[speed_http.Server]]:
    """One gunicorn node per entry of ``settings``, each with folders of its own."""
    with ExitStack() as stack:
        servers = []
        for number, extra in enumerate(settings):
            folder = work / f"node-{number}"
            folder.mkdir(exist_ok=True)
            documents = work / "documents" if index is not None else folder / "documents"
            servers.append(
                stack.enter_context(
                    speed_http.gunicorn(
                        documents,
                        index if index is not None else folder / "index",
                        folder / "gunicorn.log",
                        settings=extra,
                    )
                )
            )
        yield servers


def _http(servers: list[speed_http.Server], seconds: float) -> dict[str, Any]:
    paths = [speed_http.path_of(query.params()) for query in QUERIES]
    errors = sum(speed_http.warm(server, paths) for server in servers)
    one = speed_http.run_load(servers[0], paths, 1, seconds)
    many = speed_http.run_load(servers, paths, 16, seconds)
    rss = [mb for server in servers for mb in server.workers_rss_mb()]
    return {
        "warm_errors": errors,
        "one": {**summary(one.latencies_ms), "rps": one.rate, "errors": len(one.errors)},
        "sixteen": {
            **summary(many.latencies_ms),
            "rps": many.rate,
            "errors": len(many.errors),
            "client_cpu_share": many.client_cpu / many.seconds,
        },
        "rss_mb": max(rss) if rss else 0.0,
    }


def render(figures: dict[str, Any]) -> str:
    lines = [
        f"PostgreSQL backend at scale {figures['scale']}: {figures['documents']:,} documents,"
        f" {figures['records']:,} records",
        f"load into PostgreSQL (one transaction)   {figures['pg_load_s']:8.1f} s,"
        f" {figures['pg_size_mb']:,.0f} MB",
    ]
    if "whoosh_build_s" in figures:
        lines.append(f"embedded index build                     {figures['whoosh_build_s']:8.1f} s")
    lines += ["", "in process, whole pages (ms)        p50      p95      max   first p95"]
    for name, key in (("PostgreSQL", "pg_in_process"), ("embedded", "whoosh_in_process")):
        if key in figures:
            got = figures[key]
            lines.append(
                f"  {name:<28} {got['p50']:8.1f} {got['p95']:8.1f} {got['max']:8.1f}"
                f" {got['first']['p95']:10.1f}"
            )
    lines += [
        "",
        "HTTP                          1 client p50/p95 (ms)   16 conn. req/s  p50/p95 (ms)"
        "  errors  worker RSS",
    ]
    rows = (
        ("PostgreSQL, 1 node", "pg_1_node"),
        ("PostgreSQL, 2 nodes", "pg_2_nodes"),
        ("embedded, 1 node", "whoosh_1_node"),
    )
    for name, key in rows:
        if key not in figures:
            continue
        got = figures[key]
        one, many = got["one"], got["sixteen"]
        errors = one["errors"] + many["errors"] + got["warm_errors"]
        lines.append(
            f"  {name:<26} {one['p50']:8.1f} / {one['p95']:7.1f}     {many['rps']:10.0f}"
            f" {many['p50']:7.1f} / {many['p95']:6.1f} {errors:7d} {got['rss_mb']:8.0f} MB"
        )
    lines += ["", "slowest on PostgreSQL (median ms):"]
    lines += [f"  {ms:9.1f}  {label}" for label, ms in figures["pg_in_process"]["slowest"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=12.3, help="copies of the sources (12.3)")
    parser.add_argument("--seconds", type=float, default=10.0, help="each HTTP phase (10)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes in process (3)")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and index here")
    parser.add_argument("--no-whoosh", action="store_true", help="PostgreSQL only")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        figures = measure(args, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="speed-pg-") as folder:
            figures = measure(args, Path(folder))
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(render(figures))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("LOG_LEVEL", "warning")
    sys.exit(main())
