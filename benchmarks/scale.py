"""How the archive grows: the speed benchmark at about 40,000, 300,000 and 1,000,000 paragraphs.

Usage: ``python benchmarks/scale.py [--scales 12.3,92,306] [--seconds S] [--rounds R]``.

Each size is one run of ``speed.measure`` (its own corpus, build, queries in process and
over HTTP, SQLite FTS5 on the same records, one ingest) in a folder removed afterwards.
The table shows, per size, what a person deciding on a machine needs, and the growth from
the smallest size to the largest. The largest size takes most of an hour on two cores.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import speed

SCALES = (12.3, 92.0, 306.0)  # copies of the sources: 40,000, 300,000 and 1,000,000 paragraphs

Row = tuple[str, Callable[[speed.Report], float], str]

ROWS: list[Row] = [
    ("records", lambda r: r.corpus["records"], "{:,.0f}"),
    ("build, parsing included (s)", lambda r: r.ours["build_s"], "{:.0f}"),
    ("  peak memory, one process (MB)", lambda r: r.ours["build_peak_mb"], "{:,.0f}"),
    ("index size (MB)", lambda r: r.ours["size_mb"], "{:,.0f}"),
    ("  FTS5 size (MB)", lambda r: r.fts5["size_mb"], "{:,.0f}"),
    ("worker RSS after start (MB)", lambda r: r.http["rss_start_mb"], "{:.0f}"),
    ("worker RSS after the mix (MB)", lambda r: r.http["rss_after_mb"], "{:.0f}"),
    ("worker RSS at its highest (MB)", lambda r: r.http["rss_peak_mb"], "{:.0f}"),
    ("first search after start (ms)", lambda r: r.http["first_search_ms"], "{:.0f}"),
    ("in process p50 (ms)", lambda r: r.ours["p50"], "{:.1f}"),
    ("  FTS5 p50 (ms)", lambda r: r.fts5["p50"], "{:.1f}"),
    ("in process p95 (ms)", lambda r: r.ours["p95"], "{:.1f}"),
    ("  FTS5 p95 (ms)", lambda r: r.fts5["p95"], "{:.1f}"),
    ("HTTP 1 client p50 (ms)", lambda r: r.http["one"]["p50"], "{:.1f}"),
    ("HTTP 1 client p95 (ms)", lambda r: r.http["one"]["p95"], "{:.1f}"),
    ("HTTP 16 connections (req/s)", lambda r: r.http["sixteen"]["rps"], "{:.0f}"),
    (
        "HTTP errors",
        lambda r: r.http["one"]["errors"] + r.http["sixteen"]["errors"] + r.http["warm_errors"],
        "{:.0f}",
    ),
    ("last page of /documents (ms)", lambda r: r.http["deep_documents_ms"], "{:.1f}"),
    ("last page of /letters (ms)", lambda r: r.http["deep_letters_ms"], "{:.1f}"),
    ("ingest one document (s)", lambda r: r.ours["ingest_s"], "{:.1f}"),
]


def run(scale: float, seconds: float, rounds: int) -> speed.Report:
    args = argparse.Namespace(
        scale=scale, seconds=seconds, rounds=rounds, no_http=False, reuse=False
    )
    report = speed.Report()
    report.corpus["load"] = ""
    work = Path(tempfile.mkdtemp(prefix="archive-scale-"))
    try:
        speed.measure(args, work.resolve(), report)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report


def render(reports: Sequence[speed.Report]) -> str:
    head = f"{'paragraphs':<34}" + "".join(f"{r.corpus['paragraphs']:>14,}" for r in reports)
    out = [head + f"{'growth':>10}"]
    for label, value, style in ROWS:
        values = [value(report) for report in reports]
        cells = "".join(f"{style.format(v):>14}" for v in values)
        growth = f"{values[-1] / values[0]:9.1f}x" if values[0] else "         -"
        out.append(f"{label:<34}{cells}{growth}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", default=",".join(map(str, SCALES)), help="copies, comma-separated"
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="each HTTP load (10)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes in process (3)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    scales = [float(part) for part in args.scales.split(",") if part.strip()]
    reports = []
    for scale in scales:
        speed.say(f"size: {scale} copies")
        reports.append(run(scale, args.seconds, args.rounds))
        print(render(reports), flush=True)  # what is known so far, should a later size fail
        print(flush=True)
    if args.json:
        figures: list[dict[str, Any]] = [report.__dict__ for report in reports]
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
