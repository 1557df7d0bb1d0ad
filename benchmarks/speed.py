"""How fast the archive builds and answers at 40,000+ paragraphs, beside SQLite FTS5.

Usage: ``python benchmarks/speed.py [--scale N] [--seconds S] [--rounds R] [--quick]``.

One run: writes the scaled corpus (see ``speed_corpus``) into a temporary folder; parses
it once to time parsing alone; times ``build_index`` (parsing included); times the fixed
query mix of ``speed_queries`` in process with ``Archive.search`` (warm: every query once
first, then ``rounds`` passes, top 10 with snippets; the first pass, before any cache
holds the query's words, is reported too); then over HTTP under gunicorn (two
sync workers) with one client and with 16 connections for ``seconds`` each, with the
workers' resident memory after start and after the mix, the first search after start and
the last page of two listings; then one document is ingested (a new generation); SQLite FTS5
is built over the same records and times the same queries. It prints our figures beside
FTS5's, with the ratio, and the targets the project set itself.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import speed_fts5
import speed_http
from speed_corpus import build_corpus
from speed_queries import QUERIES, Query, classes, search_kwargs

from archive_api.ingest import prepare, save
from archive_api.models import Document
from archive_api.search.generations import current_generation
from archive_api.search.indexer import build_index
from archive_api.search.parallel import PARALLEL_DOCUMENTS, processes
from archive_api.search.record_store import open_records
from archive_api.search.records import Row, document_rows
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[1]
SEED = "turk-sovyet-iliskileri-1920"
FULL_SCALE = 12.3  # copies of the sources: 40,100 paragraphs
QUICK_SCALE = 0.04
TARGETS = {
    "build_s": 60.0,
    "http1_p50": 15.0,
    "http1_p95": 60.0,
    "http16_rps": 300.0,
    "rss_mb": 300.0,
    "first_search_ms": 1000.0,
    "ingest_s": 5.0,
}
DEEP_ROUNDS = 5  # requests for the last page of a listing; the median is reported
INGEST_ID = "bench-ingest"


@dataclass
class Report:
    """Every figure of one run, also written as JSON with ``--json``."""

    corpus: dict[str, Any] = field(default_factory=dict)
    ours: dict[str, Any] = field(default_factory=dict)
    fts5: dict[str, Any] = field(default_factory=dict)
    http: dict[str, Any] = field(default_factory=dict)
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)
    slowest: list[tuple[str, float]] = field(default_factory=list)


def parse_stream(store: DocumentStore) -> Iterator[Document]:
    """Every document parsed, in order, on every core; none is kept."""
    ids = store.ids()
    workers = processes(len(ids), PARALLEL_DOCUMENTS)
    if workers <= 1:
        yield from map(store.load, ids)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(store.load, ids, chunksize=16)


def _stored_rows(generation: Path) -> Iterator[Row]:
    records = open_records(generation, cache_size=0)
    try:
        for doc in records.walk():
            yield from document_rows(doc)
    finally:
        records.close()


class _Timed:
    """An iterator that counts the seconds spent producing its items (``spent``), so a
    consumer's own time can be told apart."""

    def __init__(self, items: Iterator[Row]) -> None:
        self._items = items
        self.spent = 0.0

    def __iter__(self) -> Iterator[Row]:
        return self

    def __next__(self) -> Row:
        started = time.perf_counter()
        try:
            return next(self._items)
        finally:
            self.spent += time.perf_counter() - started


def peak_mb() -> float:
    """The largest resident memory of this process or of any child it waited for (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of a non-empty sample."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def summary(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    return {
        "p50": statistics.median(values),
        "p95": percentile(values, 0.95),
        "max": max(values),
    }


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (a build forks workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def time_queries(
    run: Callable[[Query], int], queries: Sequence[Query], rounds: int
) -> tuple[list[list[float]], list[int], list[float]]:
    """Each query once to warm up (its hit count and time kept), then ``rounds`` timed passes.

    Returns the milliseconds of the timed passes and the hit count of each query, in the
    order given, and the milliseconds of the first pass: what a query costs before any
    cache holds its words.
    """
    totals: list[int] = []
    first: list[float] = []
    for query in queries:
        started = time.perf_counter()
        totals.append(run(query))
        first.append((time.perf_counter() - started) * 1000)
    samples: list[list[float]] = [[] for _ in queries]
    for _ in range(rounds):
        for number, query in enumerate(queries):
            started = time.perf_counter()
            run(query)
            samples[number].append((time.perf_counter() - started) * 1000)
    return samples, totals, first


def in_process(archive: Archive) -> Callable[[Query], int]:
    def run(query: Query) -> int:
        page = archive.search(query.q or None, **search_kwargs(query))
        return page.total

    return run


def with_fts5(db: sqlite3.Connection) -> Callable[[Query], int]:
    def run(query: Query) -> int:
        return speed_fts5.search(db, query)[0]

    return run


BUILD_FIGURES = "build.json"  # in a kept work folder: what its corpus and build measured


def measure(args: argparse.Namespace, work: Path, report: Report) -> None:
    documents, index = work / "documents", work / "index"
    if args.reuse:
        say(f"reusing the corpus and index of {work.name}/ and their build figures")
        built = json.loads((work / BUILD_FIGURES).read_text(encoding="utf-8"))
        report.corpus |= built["corpus"]
        report.ours.update(built["ours"])
        measure_built(args, work, report)
        return
    say(f"corpus: {args.scale} copies of the sources into {documents.name}/")
    stats = build_corpus(documents, args.scale)
    store = DocumentStore(documents)

    say("parsing alone (every document, none kept)")
    started = time.perf_counter()
    paragraphs = records = 0
    for doc in parse_stream(store):  # in parallel, as the build parses
        paragraphs += len(doc.paragraphs)
        records += len(document_rows(doc))
    parse_s = time.perf_counter() - started
    report.corpus |= {
        "documents": stats.documents,
        "paragraphs": paragraphs,
        "characters": stats.characters,
        "copies": stats.copies,
        "moved_words": stats.moved_words,
        "records": records,
    }

    say("building our index (parsing included)")
    cpu = cpu_seconds()
    started = time.perf_counter()
    manifest = build_index(store, index)
    build_s = time.perf_counter() - started
    report.ours.update(
        build_s=build_s,
        build_cpu_s=cpu_seconds() - cpu,
        build_peak_mb=peak_mb(),
        parse_s=parse_s,
        records=manifest.records,
        size_mb=folder_mb(index / manifest.generation),
    )
    figures = {"corpus": report.corpus, "ours": dict(report.ours)}
    (work / BUILD_FIGURES).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    measure_built(args, work, report)


def measure_built(args: argparse.Namespace, work: Path, report: Report) -> None:
    """Everything after the build: queries in process, FTS5, HTTP, one ingest."""
    documents, index, database = work / "documents", work / "index", work / "fts5.sqlite"
    store = DocumentStore(documents)
    generation = current_generation(index)
    assert generation is not None
    say(f"our queries in process: {len(QUERIES)} queries x {args.rounds} rounds")
    archive = Archive(index)
    ours, our_totals, our_first = time_queries(in_process(archive), QUERIES, args.rounds)
    archive.close()

    say("building SQLite FTS5 over the same records (read back from our record store)")
    rows = _Timed(_stored_rows(generation))
    started = time.perf_counter()
    db = speed_fts5.create(database)
    speed_fts5.load(db, rows)
    report.fts5["build_s"] = time.perf_counter() - started - rows.spent
    report.fts5["size_mb"] = database.stat().st_size / 1e6
    fts, fts_totals, fts_first = time_queries(with_fts5(db), QUERIES, args.rounds)
    db.close()

    our_all = [ms for values in ours for ms in values]
    fts_all = [ms for values in fts for ms in values]
    report.ours.update(summary(our_all), zero_hits=our_totals.count(0))
    report.fts5.update(summary(fts_all), zero_hits=fts_totals.count(0))
    report.ours["first"] = summary(our_first)
    report.fts5["first"] = summary(fts_first)
    for kind in classes():
        mine = [
            ms for q, values in zip(QUERIES, ours, strict=True) if q.kind == kind for ms in values
        ]
        theirs = [
            ms for q, values in zip(QUERIES, fts, strict=True) if q.kind == kind for ms in values
        ]
        report.per_class[kind] = {
            "ours_p50": statistics.median(mine),
            "ours_max": max(mine),
            "fts5_p50": statistics.median(theirs),
            "fts5_max": max(theirs),
        }
    medians = {
        q.label(): statistics.median(values) for q, values in zip(QUERIES, ours, strict=True)
    }
    report.slowest = sorted(medians.items(), key=lambda item: -item[1])[:8]

    if not args.no_http:
        measure_http(args, documents, index, work, report)

    say("one document ingested into the index (a new generation)")
    source = DocumentStore(REPO / "documents")
    text, _ = source.read(SEED)
    started = time.perf_counter()
    save(store, index, [prepare(text, {"title": "Bench ingest"}, INGEST_ID)])
    report.ours["ingest_s"] = time.perf_counter() - started


def measure_http(
    args: argparse.Namespace, documents: Path, index: Path, work: Path, report: Report
) -> None:
    paths = [speed_http.path_of(query.params()) for query in QUERIES]
    say("gunicorn: 2 sync workers; first search, then warming both with the whole mix")
    spawned = time.perf_counter()
    with speed_http.gunicorn(documents, index, work / "gunicorn.log") as server:
        report.http["ready_s"] = time.perf_counter() - spawned
        report.http["rss_start_mb"] = max(server.workers_rss_mb())
        report.http["first_search_ms"] = speed_http.timed_get(server, paths[0])
        report.http["warm_errors"] = speed_http.warm(server, paths)
        say(f"HTTP, one client, {args.seconds:.0f} s")
        one = speed_http.run_load(server, paths, 1, args.seconds)
        say(f"HTTP, 16 connections, {args.seconds:.0f} s")
        many = speed_http.run_load(server, paths, 16, args.seconds)
        ceiling_s = max(2.0, args.seconds / 4)
        say(f"HTTP, 16 connections on /health, {ceiling_s:.0f} s (what the client can send)")
        health = speed_http.run_load(server, [f"{speed_http.API}/health"], 16, ceiling_s)
        report.http["rss_after_mb"] = max(server.workers_rss_mb())
        report.http["rss_peak_mb"] = max(server.workers_rss_mb("VmHWM"))
        for name, endpoint in (("documents", "/documents"), ("letters", "/letters")):
            deep = speed_http.last_page(server, endpoint, 100)
            times = [speed_http.timed_get(server, deep) for _ in range(DEEP_ROUNDS)]
            report.http[f"deep_{name}_ms"] = statistics.median(times)
    for name, load in (("one", one), ("sixteen", many), ("health16", health)):
        report.http[name] = {
            **summary(load.latencies_ms),
            "requests": load.requests,
            "rps": load.rate,
            "errors": len(load.errors),
            "first_errors": load.errors[:3],
            "client_cpu_share": load.client_cpu / load.seconds,
            "server_cpu_ms": 1000 * load.server_cpu / max(1, len(load.latencies_ms)),
        }


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:8.1f}x" if theirs > 0 else "       -"


def _num(value: float) -> str:
    return f"{value:10d}" if isinstance(value, int) else f"{value:10.2f}"


def _line(label: str, ours: float, theirs: float | None, target: str = "") -> str:
    fts = _num(theirs) if theirs is not None else "         -"
    ratio = _ratio(ours, theirs) if theirs is not None else "        "
    return f"{label:<34}{_num(ours)}{fts}{ratio}  {target}"


def _target(value: float, limit: float, *, at_least: bool = False) -> str:
    met = value >= limit if at_least else value <= limit
    return f"{'ok  ' if met else 'MISS'} ({'>=' if at_least else '<='} {limit:g})"


def render(report: Report) -> str:
    corpus, ours, fts = report.corpus, report.ours, report.fts5
    out = [
        f"corpus: {corpus['documents']:,} documents, {corpus['paragraphs']:,} paragraphs, "
        f"{corpus['characters'] / 1e6:.1f} M characters, {corpus['records']:,} records "
        f"({corpus['copies']} copies, {corpus['moved_words']:,} words moved)",
        "",
        f"{'':<34}{'ours':>10}{'FTS5':>10}{'ratio':>9}  target",
        _line("build, parsing included (s)", ours["build_s"], None)
        + _target(ours["build_s"], TARGETS["build_s"]),
        _line("  CPU of all build processes (s)", ours["build_cpu_s"], None),
        _line("  parsing alone (s)", ours["parse_s"], None),
        _line("  peak memory, one process (MB)", ours["build_peak_mb"], None),
        _line("  indexing only (s)", ours["build_s"] - ours["parse_s"], fts["build_s"]),
        _line("index size (MB)", ours["size_mb"], fts["size_mb"]),
        _line("in process p50 (ms)", ours["p50"], fts["p50"]),
        _line("in process p95 (ms)", ours["p95"], fts["p95"]),
        _line("in process max (ms)", ours["max"], fts["max"]),
        _line("  first pass, p50 (ms)", ours["first"]["p50"], fts["first"]["p50"]),
        _line("  first pass, p95 (ms)", ours["first"]["p95"], fts["first"]["p95"]),
        _line("queries with no hit", ours["zero_hits"], fts["zero_hits"]),
        _line("ingest one document (s)", ours["ingest_s"], None)
        + _target(ours["ingest_s"], TARGETS["ingest_s"]),
    ]
    http = report.http
    if http:
        one, many, health = http["one"], http["sixteen"], http["health16"]
        out += [
            _line("HTTP 1 client p50 (ms)", one["p50"], None)
            + _target(one["p50"], TARGETS["http1_p50"]),
            _line("HTTP 1 client p95 (ms)", one["p95"], None)
            + _target(one["p95"], TARGETS["http1_p95"]),
            _line("HTTP 16 connections req/s", many["rps"], None)
            + _target(many["rps"], TARGETS["http16_rps"], at_least=True),
            _line("HTTP 16 connections p50 (ms)", many["p50"], None),
            _line("HTTP 16 connections p95 (ms)", many["p95"], None),
            _line(
                "HTTP errors (warm-up, 1, 16)",
                one["errors"] + many["errors"] + http["warm_errors"],
                None,
            ),
            _line("worker CPU per search (ms)", many["server_cpu_ms"], None),
            _line("client CPU, cores used at 16", many["client_cpu_share"], None),
            _line("client ceiling: /health req/s", health["rps"], None),
            _line("gunicorn start to ready (s)", http["ready_s"], None),
            _line("first search after start (ms)", http["first_search_ms"], None)
            + _target(http["first_search_ms"], TARGETS["first_search_ms"]),
            _line("worker RSS after start (MB)", http["rss_start_mb"], None)
            + _target(http["rss_start_mb"], TARGETS["rss_mb"]),
            _line("worker RSS after the mix (MB)", http["rss_after_mb"], None)
            + _target(http["rss_after_mb"], TARGETS["rss_mb"]),
            _line("worker RSS at its highest (MB)", http["rss_peak_mb"], None),
            _line("last page of /documents (ms)", http["deep_documents_ms"], None),
            _line("last page of /letters (ms)", http["deep_letters_ms"], None),
        ]
    out += ["", f"{'class':<12}{'ours p50':>10}{'max':>9}{'FTS5 p50':>10}{'max':>9}{'ratio':>9}"]
    for kind, row in report.per_class.items():
        ratio = _ratio(row["ours_p50"], row["fts5_p50"])
        out.append(
            f"{kind:<12}{row['ours_p50']:10.2f}{row['ours_max']:9.2f}"
            f"{row['fts5_p50']:10.2f}{row['fts5_max']:9.2f}{ratio}"
        )
    out += ["", f"machine: {os.cpu_count()} cores, load average {report.corpus['load']}"]
    out += ["", "slowest queries (ours, median ms):"]
    out += [f"  {ms:8.2f}  {label}" for label, ms in report.slowest]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, help=f"copies of the sources ({FULL_SCALE})")
    parser.add_argument("--seconds", type=float, help="duration of each HTTP load (20)")
    parser.add_argument("--rounds", type=int, help="timed passes over the query mix (5)")
    parser.add_argument("--quick", action="store_true", help="a small run, for a smoke test")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn part")
    parser.add_argument("--workdir", type=Path, help="work here and keep the files")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --workdir: measure the corpus and index built there before (no rebuild)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    quick = args.quick
    args.scale = args.scale or (QUICK_SCALE if quick else FULL_SCALE)
    args.seconds = args.seconds or (2.0 if quick else 20.0)
    args.rounds = args.rounds or (1 if quick else 5)
    if args.scale <= 0 or args.seconds <= 0 or args.rounds < 1:
        parser.error("--scale and --seconds must be above 0, --rounds at least 1")

    report = Report()
    report.corpus["load"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
    work = args.workdir or Path(tempfile.mkdtemp(prefix="archive-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        measure(args, work.resolve(), report)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    report.corpus["load"] += (
        " at the start, " + " ".join(f"{value:.1f}" for value in os.getloadavg()) + " at the end"
    )
    print(render(report))
    if args.json:
        args.json.write_text(json.dumps(report.__dict__, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
