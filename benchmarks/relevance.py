"""Relevance evaluation: the judged queries run on our search and on two generic baselines.

Usage: ``python benchmarks/relevance.py [--misses] [--keep DIR]`` (or ``make eval``).

The seed article and the Atatürk corpus are copied into a fresh documents folder and
indexed by the real indexer; ``Archive.search`` answers for us. The same records (the
rows that indexer writes) go into a plain Whoosh index with ``StandardAnalyzer`` and into
SQLite FTS5 ``unicode61 remove_diacritics 2`` (see ``relevance_baselines``). Every judged
query (``judgments/*.yaml``, scoring rules in ``relevance_judged``) runs on all three with
the same filters, and the first 10 hits are scored: success@10 and MRR@10 per class and
overall, side by side. Where PostgreSQL's server programs are installed, a fourth column is
our search on the PostgreSQL backend (``relevance_pg``), in a throw-away cluster.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import relevance_pg
from relevance_baselines import Fts5Unicode61, Row, WhooshStandard, passes
from relevance_judged import (
    CLASSES,
    CUTOFF,
    JUDGMENTS,
    ClassScore,
    Filters,
    Hit,
    JudgedQuery,
    check_ids,
    load_judgments,
    unreachable,
)
from relevance_known import (
    DOCUMENTS,
    KNOWN_CLASSES,
    PER_CLASS,
    Corpus,
    KnownScore,
    apply_damage,
    copy_corpus,
    holds_form,
    known_items,
    precision_words,
    rank_of,
    read_corpus,
)

from archive_api.search.indexer import build_index
from archive_api.search.records import document_rows
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[1]
SOURCES = (REPO / "documents", REPO / "corpora" / "ataturk")
# A second, Ottoman-vocabulary corpus for the known-item set: the development edition beside
# the repository, read in place and cut at its page rules (one document per printed page).
EDITION = REPO.parent / "shared" / "corpus" / "dev" / "netayicul-ezhar-2017.txt"
_PAGE_RULE = re.compile(r"^-{5,}[ \t]*$", re.MULTILINE)
MIN_PAGE_CHARS = 400
OURS = "ours"


class Engine(Protocol):
    name: str

    def search(self, text: str, filters: Filters, limit: int = CUTOFF) -> list[Hit]: ...

    def close(self) -> None: ...


class Ours:
    """``Archive.search`` on the index the real indexer built; the top ``limit`` hits."""

    name = OURS

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def search(self, text: str, filters: Filters, limit: int = CUTOFF) -> list[Hit]:
        page = self.archive.search(
            text,
            types=list(filters.types) or None,
            document_ids=[filters.document] if filters.document else None,
            date_from=filters.date_from,
            date_to=filters.date_to,
            kind=filters.kind,
            per_page=limit,
        )
        return [Hit(hit.id, hit.document_id) for hit in page.hits]

    def close(self) -> None:
        self.archive.close()


@dataclass
class Outcome:
    """One query on one engine: the rank of its first relevant hit and the hits."""

    query: JudgedQuery
    rank: int | None
    hits: list[Hit]


@dataclass
class Report:
    engines: list[str]
    queries: list[JudgedQuery]
    documents: int
    records: int
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # what took how long
    # Judged ids that no record passing the query's filters can stand for: a judgment
    # made stale by a change of the record model. Should stay empty.
    unreachable: list[str] = field(default_factory=list)

    def score(self, engine: str, cls: str | None = None) -> ClassScore:
        """Scores of one engine on one class, or on every query (``cls=None``)."""
        total = ClassScore()
        for outcome in self.outcomes[engine]:
            if cls is None or outcome.query.cls == cls:
                total.add(outcome.query, outcome.rank)
        return total

    def classes(self) -> list[str]:
        present = {query.cls for query in self.queries}
        return [cls for cls in CLASSES if cls in present]


@contextmanager
def _timed(seconds: dict[str, float], what: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[what] = seconds.get(what, 0.0) + time.perf_counter() - started


def collect_documents(target: Path, sources: Sequence[Path] = SOURCES) -> int:
    """Copy every ``<id>.txt`` and its ``<id>.json`` of ``sources`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for source in sources:
        for text in sorted(source.glob("*.txt")):
            shutil.copyfile(text, target / text.name)
            metadata = text.with_suffix(".json")
            if metadata.is_file():
                shutil.copyfile(metadata, target / metadata.name)
            count += 1
    return count


def evaluate(
    work_dir: Path,
    *,
    judgments: Path = JUDGMENTS,
    only: Sequence[str] = (),
) -> Report:
    """Build everything in ``work_dir``, run the judged queries (or those of the classes
    in ``only``) on the three engines and return the outcomes."""
    seconds: dict[str, float] = {}
    with _timed(seconds, "total"):
        queries = [q for q in load_judgments(judgments) if not only or q.cls in only]
        documents_dir = work_dir / "documents"
        collect_documents(documents_dir)
        with _timed(seconds, f"build {OURS}"):
            build_index(DocumentStore(documents_dir), work_dir / "index")
        archive = Archive(work_dir / "index", reload_interval=3600.0)
        documents = archive.documents()
        rows = [row for doc in documents for row in document_rows(doc)]
        check_ids(queries, {str(row["id"]) for row in rows}, {doc.id for doc in documents})
        lost = unreachable(queries, lambda filters: _passing(rows, filters))
        engines: list[Engine] = [Ours(archive)]
        try:
            with _timed(seconds, f"build {WhooshStandard.name}"):
                engines.append(WhooshStandard(rows))
            with _timed(seconds, f"build {Fts5Unicode61.name}"):
                engines.append(Fts5Unicode61(rows))
            if relevance_pg.available():  # PostgreSQL's server programs are installed
                with _timed(seconds, f"build {relevance_pg.Postgres.name}"):
                    engines.append(relevance_pg.Postgres(documents_dir))
            report = Report([e.name for e in engines], queries, len(documents), len(rows))
            report.unreachable = lost
            for engine in engines:
                outcomes = report.outcomes[engine.name] = []
                with _timed(seconds, f"queries {engine.name}"):
                    for query in queries:
                        hits = engine.search(query.q, query.filters, CUTOFF)
                        outcomes.append(Outcome(query, query.first_relevant_rank(hits), hits))
        finally:
            for engine in engines:
                engine.close()
    report.seconds = seconds
    return report


def _passing(rows: list[Row], filters: Filters) -> tuple[set[str], set[str]]:
    records = [row for row in rows if passes(row, filters)]
    return {str(row["id"]) for row in records}, {str(row["document_id"]) for row in records}


def format_table(report: Report) -> str:
    """Success@10 and MRR@10 per class and overall, one column pair per engine."""
    width = max(len(name) for name in report.engines) + 1
    cell = max(width, 13)
    head = f"{'class':<9}{'n':>5}  " + "".join(f"{name:^{cell}}" for name in report.engines)
    sub = f"{'':<9}{'':>5}  " + "".join(
        f"{'S@10':>6} {'MRR':>5} ".center(cell) for _ in report.engines
    )
    lines = [head.rstrip(), sub.rstrip()]
    for cls in [*report.classes(), None]:
        label = cls or "overall"
        count = report.score(report.engines[0], cls).queries
        cells = []
        for name in report.engines:
            score = report.score(name, cls)
            cells.append(f"{score.success:>6.2f} {score.mrr:>5.2f} ".center(cell))
        if cls is None:
            lines.append("-" * len(head))
        lines.append(f"{label:<9}{count:>5}  " + "".join(cells).rstrip())
    return "\n".join(lines)


def format_misses(report: Report, engine: str, *, show: int = 3) -> str:
    """Each query ``engine`` found nothing relevant for, with its first hits."""
    lines = []
    for outcome in report.outcomes[engine]:
        if outcome.rank is not None:
            continue
        query = outcome.query
        filters = {k: v for k, v in vars(query.filters).items() if v}
        where = f" {filters}" if filters else ""
        lines.append(f"  {query.id}: {query.q!r}{where}")
        for hit in outcome.hits[:show]:
            lines.append(f"      got {hit.id}")
        if not outcome.hits:
            lines.append("      got nothing")
    return "\n".join(lines) if lines else "  none"


def format_times(report: Report) -> str:
    seconds = report.seconds
    count = max(1, len(report.queries))
    builds = ", ".join(f"{n} {seconds['build ' + n]:.1f} s" for n in report.engines)
    queries = ", ".join(
        f"{n} {1000 * seconds['queries ' + n] / count:.1f} ms" for n in report.engines
    )
    return f"Index build: {builds}. Per query: {queries}. Total {seconds['total']:.1f} s."


@dataclass
class KnownReport:
    """Known-item outcomes on one corpus: scores per engine and class, and precision."""

    corpus: str
    documents: int
    engines: list[str]
    scores: dict[str, dict[str, KnownScore]] = field(default_factory=dict)
    precision: dict[str, float] = field(default_factory=dict)
    precision_queries: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0


def edition_pages(edition: Path, target: Path) -> None:
    """One ``.txt`` per page of the edition (pages shorter than ``MIN_PAGE_CHARS`` left out)."""
    target.mkdir(parents=True, exist_ok=True)
    pages = _PAGE_RULE.split(edition.read_text(encoding="utf-8"))
    for number, page in enumerate(pages, start=1):
        if len(page.strip()) >= MIN_PAGE_CHARS:
            (target / f"{edition.stem}-page-{number:03d}.txt").write_text(page, encoding="utf-8")


def evaluate_known(
    name: str, sources: Sequence[Path], work_dir: Path, *, per_class: int = PER_CLASS
) -> KnownReport:
    """The known-item set of one corpus on the three engines, documents as the unit."""
    started = time.perf_counter()
    corpus = read_corpus_of(sources)
    items, damage = known_items(corpus, per_class=per_class)
    documents_dir = work_dir / "documents"
    copy_corpus(sources, documents_dir)
    apply_damage(documents_dir, damage)
    build_index(DocumentStore(documents_dir), work_dir / "index")
    archive = Archive(work_dir / "index", reload_interval=3600.0)
    damaged = read_corpus(documents_dir)
    # What precision is judged on: each document as it was read (line-end hyphens joined,
    # notes included), the text every engine's hit stands for.
    read = {
        doc.id: "\n\n".join([doc.title, doc.text, *(note.text for note in doc.footnotes)])
        for doc in archive.documents()
    }
    rows: list[Row] = [
        {
            "id": doc_id,
            "document_id": doc_id,
            "type": "document",
            "body": f"{damaged.titles.get(doc_id, '')}\n\n{text}",
        }
        for doc_id, text in damaged.texts.items()
    ]
    engines: list[Engine] = [Ours(archive)]
    report = KnownReport(name, len(corpus.texts), [])
    words = precision_words(corpus, damage)
    report.precision_queries = len(words)
    try:
        engines.append(WhooshStandard(rows))
        engines.append(Fts5Unicode61(rows))
        report.engines = [engine.name for engine in engines]
        for engine in engines:
            scores = report.scores[engine.name] = {cls: KnownScore() for cls in KNOWN_CLASSES}
            missed = report.misses[engine.name] = []
            for item in items:
                rank = rank_of(engine.search(item.q, DOCUMENTS, CUTOFF), item.target)
                scores[item.cls].add(rank)
                if rank is None:
                    missed.append(f"{item.cls}: {item.q!r} -> {item.target}")
            shares = []
            for word in words:
                hits = engine.search(word, DOCUMENTS, CUTOFF)
                if hits:
                    held = sum(holds_form(read[hit.document_id], word) for hit in hits)
                    shares.append(held / len(hits))
            report.precision[engine.name] = sum(shares) / len(shares) if shares else 0.0
    finally:
        for engine in engines:
            engine.close()
    report.seconds = time.perf_counter() - started
    return report


def read_corpus_of(sources: Sequence[Path]) -> Corpus:
    texts: dict[str, str] = {}
    titles: dict[str, str] = {}
    for source in sources:
        part = read_corpus(source)
        texts.update(part.texts)
        titles.update(part.titles)
    return Corpus(texts, titles)


def format_known(report: KnownReport) -> str:
    """Success@10 and MRR per class, one column pair per engine, then the precision row."""
    cell = max(13, *(len(name) + 1 for name in report.engines))
    head = f"{'class':<9}{'n':>5}  " + "".join(f"{name:^{cell}}" for name in report.engines)
    lines = [head.rstrip()]
    for cls in KNOWN_CLASSES:
        count = report.scores[report.engines[0]][cls].queries
        cells = []
        for name in report.engines:
            score = report.scores[name][cls]
            cells.append(f"{score.success:>6.2f} {score.mrr:>5.2f} ".center(cell))
        lines.append(f"{cls:<9}{count:>5}  " + "".join(cells).rstrip())
    lines.append("-" * len(head))
    cells = [f"{report.precision[name]:>6.2f}".center(cell) for name in report.engines]
    lines.append(f"{'P@10':<9}{report.precision_queries:>5}  " + "".join(cells).rstrip())
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--misses", action="store_true", help="list the misses of every engine")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep it")
    parser.add_argument(
        "--class",
        dest="classes",
        action="append",
        choices=CLASSES,
        help="only the queries of this class (repeatable)",
    )
    parser.add_argument("--known-only", action="store_true", help="only the known-item sets")
    parser.add_argument("--judged-only", action="store_true", help="only the judged queries")
    parser.add_argument("--per-class", type=int, default=PER_CLASS, metavar="N")
    parser.add_argument("--edition", type=Path, default=EDITION, help="second corpus, in place")
    args = parser.parse_args(argv)
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"{args.keep} is not empty")
    with tempfile.TemporaryDirectory(prefix="relevance-") as scratch:
        work = args.keep or Path(scratch)
        if not args.known_only:
            _print_judged(evaluate(work / "judged", only=args.classes or ()), args.misses)
        if not args.judged_only:
            corpora: list[tuple[str, Sequence[Path]]] = [("Atatürk corpus and seed", SOURCES)]
            if args.edition.is_file():
                pages = work / "edition-pages"
                edition_pages(args.edition, pages)
                corpora.append((f"{args.edition.stem}, one document per page", (pages,)))
            else:
                print(f"\nNo edition at {args.edition.name}: its known-item set is skipped.")
            for number, (name, sources) in enumerate(corpora):
                known = evaluate_known(
                    name, sources, work / f"known-{number}", per_class=args.per_class
                )
                _print_known(known, args.misses)
    return 0


def _print_judged(report: Report, misses: bool) -> None:
    print(
        f"Relevance: {len(report.queries)} judged queries; {report.documents} documents,"
        f" {report.records} records; the first {CUTOFF} hits are scored."
    )
    print("S@10: share of queries with a relevant hit in the first 10; MRR: mean 1/rank of it.")
    print()
    print(format_table(report))
    print()
    for engine in report.engines if misses else [OURS]:
        print(f"Misses of {engine}:")
        print(format_misses(report, engine))
    if report.unreachable:
        print()
        print("Judged ids that no record passing the filters stands for (stale judgments):")
        print("\n".join(f"  {line}" for line in report.unreachable))
    print()
    print(format_times(report))


def _print_known(report: KnownReport, misses: bool) -> None:
    print()
    print(
        f"Known items, {report.corpus}: {report.documents} documents; each query names one "
        f"document by two rare words; S@10 and MRR of that document (type=document)."
    )
    print(
        "P@10: single rare words as printed; share of the first 10 documents that hold "
        "the word or an inflected form."
    )
    print()
    print(format_known(report))
    for engine in report.engines if misses else [OURS]:
        print(f"Misses of {engine}:")
        print("\n".join(f"  {line}" for line in report.misses[engine]) or "  none")
    print(f"({report.seconds:.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
