"""What the parser finds in every document it can reach, and how long parsing takes.

Usage: ``python benchmarks/parse_corpus.py [--dev DIR] [--verbose] [--json FILE]
[--scale-mb N]``. Rows: each document of ``documents/``, one summary row per corpus under
``corpora/`` (``--verbose`` lists every document), each text of the development folder
(``--dev``, by default ``../shared/corpus/dev`` beside the repository, skipped when absent;
its texts are read in place, never copied), and two scale rows of at least ``--scale-mb``
megabytes, each parsed once: the dense texts repeated (documents and development folder, a
note every few lines) and every text including the corpora repeated. Columns: characters,
pages (and how many carry a printed number), notes (and how many are anchored in the body),
letters (and how many are dated), dates, sections, parse time.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from archive_api.models import Document, Metadata
from archive_api.parsing import parse_document, parse_metadata

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "corpus" / "dev"
TEXT_SUFFIXES = (".txt", ".md")
NOT_TEXTS = frozenset({"README.md", "SOURCES.md"})  # a folder's own notes


@dataclass
class Row:
    name: str
    documents: int
    chars: int
    pages: int
    printed: int  # pages with a printed number
    notes: int
    anchored: int
    letters: int
    dated_letters: int
    dates: int
    sections: int
    ms: float  # parse time: the median of the runs, or the sum over a corpus
    p95_ms: float | None = None  # per document, for a corpus


def _metadata(text_path: Path) -> Metadata | None:
    meta = text_path.with_suffix(".json")
    if not meta.exists():
        return None
    return parse_metadata(json.loads(meta.read_text(encoding="utf-8")), str(meta.name))


def _timed(doc_id: str, text: str, metadata: Metadata | None, runs: int) -> tuple[Document, float]:
    timings: list[float] = []
    document: Document | None = None
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        document = parse_document(doc_id, text, metadata)
        timings.append((time.perf_counter() - started) * 1000)
    assert document is not None
    return document, statistics.median(timings)


def document_row(name: str, document: Document, ms: float, chars: int) -> Row:
    """The counts of one parsed document."""
    return Row(
        name=name,
        documents=1,
        chars=chars,
        pages=len(document.pages),
        printed=sum(1 for page in document.pages if page.printed),
        notes=len(document.footnotes),
        anchored=sum(1 for note in document.footnotes if note.anchor is not None),
        letters=len(document.letters),
        dated_letters=sum(1 for letter in document.letters if letter.date is not None),
        dates=len(document.dates),
        sections=len(document.sections),
        ms=ms,
    )


def parse_file(path: Path, runs: int) -> Row:
    text = path.read_text(encoding="utf-8")
    runs = runs if len(text) < 500_000 else 1
    document, ms = _timed(path.stem, text, _metadata(path), runs)
    return document_row(path.name, document, ms, len(text))


def corpus_row(name: str, rows: list[Row]) -> Row:
    """One row summing a corpus: totals, total time and the per-document p95."""
    times = sorted(row.ms for row in rows)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] if times else 0.0
    total = Row(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, p95)
    counted = ("documents", "chars", "pages", "printed", "notes", "anchored", "letters")
    for row in rows:
        for field in (*counted, "dated_letters", "dates", "sections", "ms"):
            setattr(total, field, getattr(total, field) + getattr(row, field))
    return total


def texts_in(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in TEXT_SUFFIXES and p.name not in NOT_TEXTS and p.is_file()
    )


def scale_row(sources: Iterable[Path], megabytes: float) -> Row | None:
    """A text of about ``megabytes`` MB made by repeating ``sources``, parsed once."""
    pieces = [path.read_text(encoding="utf-8") for path in sources]
    pieces = [piece for piece in pieces if piece.strip()]
    if not pieces:
        return None
    unit = "\n\n".join(pieces)
    text = "\n\n".join([unit] * max(1, math.ceil(megabytes * 1_000_000 / len(unit))))
    document, ms = _timed("scale", text, None, 1)
    name = (
        f"{len(text) / 1e6:.1f} MB of {len(pieces)} text{'s' if len(pieces) > 1 else ''} repeated"
    )
    return document_row(name, document, ms, len(text))


def format_table(sections: list[tuple[str, list[Row]]]) -> str:
    header = (
        f"{'document':<42} {'docs':>5} {'chars':>10} {'pages':>6} {'printed':>7} {'notes':>6} "
        f"{'anchored':>8} {'letters':>7} {'dated':>6} {'dates':>6} {'sections':>8} "
        f"{'ms':>9} {'p95 ms':>7}"
    )
    out = [header, "-" * len(header)]
    for title, rows in sections:
        out.append(f"[{title}]")
        for r in rows:
            p95 = f"{r.p95_ms:7.1f}" if r.p95_ms is not None else f"{'':>7}"
            out.append(
                f"{r.name[:42]:<42} {r.documents:>5} {r.chars:>10} {r.pages:>6} {r.printed:>7} "
                f"{r.notes:>6} {r.anchored:>8} {r.letters:>7} {r.dated_letters:>6} "
                f"{r.dates:>6} {r.sections:>8} {r.ms:>9.1f} {p95}"
            )
    return "\n".join(out)


def run(
    documents: Path, corpora: Path, dev: Path | None, runs: int, verbose: bool, scale_mb: float
) -> list[tuple[str, list[Row]]]:
    """Every row of the report, grouped by where the texts come from."""
    sections: list[tuple[str, list[Row]]] = []
    bundled = texts_in(documents) if documents.is_dir() else []
    sections.append(("documents/", [parse_file(path, runs) for path in bundled]))
    corpus_rows: list[Row] = []
    for folder in sorted(p for p in corpora.iterdir() if p.is_dir()) if corpora.is_dir() else []:
        rows = [parse_file(path, 1) for path in texts_in(folder)]
        if verbose:
            sections.append((f"corpora/{folder.name}/", rows))
        corpus_rows.append(corpus_row(f"corpora/{folder.name} (all)", rows))
    sections.append(("corpora/", corpus_rows))
    dev_texts = texts_in(dev) if dev is not None and dev.is_dir() else []
    if dev_texts:
        sections.append(("development folder", [parse_file(path, runs) for path in dev_texts]))
    if scale_mb > 0:
        corpus_texts = [p for f in sorted(corpora.glob("*/")) for p in texts_in(f)]
        scaled = [
            scale_row(sources, scale_mb)
            for sources in ([*bundled, *dev_texts], [*bundled, *dev_texts, *corpus_texts])
        ]
        sections.append(("scale", [row for row in scaled if row is not None]))
    return sections


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=Path, default=ROOT / "documents")
    parser.add_argument("--corpora", type=Path, default=ROOT / "corpora")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="extra texts, read in place")
    parser.add_argument("--runs", type=int, default=5, help="timed parses per small text")
    parser.add_argument("--scale-mb", type=float, default=5.0, help="size of the scale text")
    parser.add_argument("--verbose", action="store_true", help="one row per corpus document")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.dev.is_dir():
        print(f"(no development folder at {args.dev.name}/: skipped)")
    sections = run(args.documents, args.corpora, args.dev, args.runs, args.verbose, args.scale_mb)
    print(format_table(sections))
    for title, rows in sections:
        for row in rows:
            if title == "scale":
                verdict = "under" if row.ms < 10_000 else "OVER"
                print(
                    f"\n{row.name}: parsed in {row.ms / 1000:.1f} s ({verdict} 10 s), "
                    f"{row.chars / row.ms * 1000 / 1e6:.2f} MB/s"
                )
    if args.json:
        figures = {title: [asdict(row) for row in rows] for title, rows in sections}
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
