"""How long ``parse_document`` takes on the seed article: min, median and p95 per parse.

Usage: ``python benchmarks/parse_bench.py [--runs N] [--id DOCUMENT_ID]``. The first parse
(imports, regex compilation) is reported apart and left out of the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from archive_api.parsing import parse_document, parse_metadata

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed parses (default 200)")
    parser.add_argument("--id", default="turk-sovyet-iliskileri-1920", help="document id")
    args = parser.parse_args()

    text = (DOCUMENTS / f"{args.id}.txt").read_text(encoding="utf-8")
    meta_path = DOCUMENTS / f"{args.id}.json"
    metadata = (
        parse_metadata(json.loads(meta_path.read_text(encoding="utf-8")), str(meta_path))
        if meta_path.exists()
        else None
    )

    started = time.perf_counter()
    document = parse_document(args.id, text, metadata)
    first = (time.perf_counter() - started) * 1000

    timings: list[float] = []
    for _ in range(args.runs):
        started = time.perf_counter()
        parse_document(args.id, text, metadata)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]

    print(
        f"{args.id}: {len(text)} chars, {len(document.pages)} pages, "
        f"{len(document.paragraphs)} paragraphs, {len(document.footnotes)} notes, "
        f"{len(document.letters)} letters"
    )
    print(f"first parse {first:.1f} ms; {args.runs} runs:")
    print(f"min {timings[0]:.2f} ms  median {statistics.median(timings):.2f} ms  p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
