"""Index generations on disk: ``gen-<timestamp>-<rand>/`` folders and the ``CURRENT`` pointer.

A build writes a whole generation aside and then replaces ``CURRENT`` atomically, so a
reader sees either the old generation or the new one, never a half-built index. Older
generations stay a while because readers that have not yet looked at ``CURRENT`` still
read them.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archive_api.errors import IndexUnavailable

CURRENT = "CURRENT"
LOCK = ".lock"
MANIFEST = "manifest.json"
RECORDS = "records.sqlite"  # the parsed documents: see ``record_store``
RECORDS_DELTA = "records-delta.sqlite"  # what updates changed since that file was written
SOURCES = "sources.json"  # digest of each indexed document's files, by id
KEEP_PREVIOUS = 2

_GENERATION = re.compile(r"gen-\d{8}T\d{12}-[0-9a-f]{6}")
_TEMP_PREFIX = f".{CURRENT}.tmp-"


@dataclass(frozen=True)
class Manifest:
    """What a generation holds and what it was built from."""

    generation: str
    fingerprint: str  # DocumentStore.fingerprint() of the documents indexed
    code_fingerprint: str  # hash of the code that shaped the records and the schema
    schema_version: int
    created_at: str  # ISO 8601, UTC
    documents: int
    records: int
    build_seconds: float
    counts: dict[str, int] = field(default_factory=dict)  # records per type

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw: Any = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("manifest is not a JSON object")
        counts = raw.get("counts", {})
        return cls(
            generation=str(raw["generation"]),
            fingerprint=str(raw["fingerprint"]),
            code_fingerprint=str(raw["code_fingerprint"]),
            schema_version=int(raw["schema_version"]),
            created_at=str(raw["created_at"]),
            documents=int(raw["documents"]),
            records=int(raw["records"]),
            build_seconds=float(raw["build_seconds"]),
            counts={str(k): int(v) for k, v in counts.items()},
        )


def is_generation_name(name: str) -> bool:
    return _GENERATION.fullmatch(name) is not None


def new_generation_name() -> str:
    """A name that sorts by creation time: ``gen-20250101T120000123456-3fa2c1``."""
    now_ns = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now_ns // 1_000_000_000))
    micros = (now_ns // 1000) % 1_000_000
    return f"gen-{stamp}{micros:06d}-{secrets.token_hex(3)}"


def current_name(index_root: Path) -> str | None:
    """The generation ``CURRENT`` names, or None when there is none (or it is garbage)."""
    try:
        name = (index_root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexUnavailable(f"cannot read {index_root / CURRENT}: {exc}") from exc
    return name if is_generation_name(name) else None


def current_generation(index_root: Path) -> Path | None:
    """The folder of the current generation, if ``CURRENT`` names one that exists."""
    name = current_name(index_root)
    if name is None:
        return None
    path = index_root / name
    return path if path.is_dir() else None


def read_manifest(generation: Path) -> Manifest:
    try:
        return Manifest.from_json((generation / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise IndexUnavailable(f"unreadable manifest in {generation.name}: {exc}") from exc


def write_manifest(generation: Path, manifest: Manifest) -> None:
    _write_durably(generation / MANIFEST, manifest.to_json().encode("utf-8"))


def read_sources(generation: Path) -> dict[str, str] | None:
    """The source digests a generation was built from; None when it has none (or bad ones)."""
    try:
        raw: Any = json.loads((generation / SOURCES).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        return None
    return {str(key): value for key, value in raw.items()}


def write_sources(generation: Path, sources: dict[str, str]) -> None:
    """Record what each document's files were, so a later check can tell which changed."""
    data = json.dumps(dict(sorted(sources.items())), ensure_ascii=False, indent=0)
    _write_durably(generation / SOURCES, data.encode("utf-8"))


def switch_to(index_root: Path, name: str) -> None:
    """Point ``CURRENT`` at generation ``name``: temp file, fsync, rename, fsync the folder."""
    if not is_generation_name(name) or not (index_root / name).is_dir():
        raise ValueError(f"not a generation in {index_root}: {name!r}")
    temp = index_root / f"{_TEMP_PREFIX}{secrets.token_hex(4)}"
    try:
        _write_durably(temp, f"{name}\n".encode("ascii"))
        os.replace(temp, index_root / CURRENT)
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(index_root)


def prune(index_root: Path, keep: int = KEEP_PREVIOUS) -> list[str]:
    """Delete generations older than the current one and the ``keep`` before it.

    Folders without a manifest are leftovers of builds that died; they go too. Call this
    only while holding the build lock, so no build is in progress. Returns the names removed.
    """
    current = current_name(index_root)
    complete: list[str] = []
    removed: list[str] = []
    for path in sorted(index_root.iterdir(), key=lambda p: p.name, reverse=True):
        if path.name.startswith(_TEMP_PREFIX):
            path.unlink(missing_ok=True)
            continue
        if not is_generation_name(path.name) or path.name == current or not path.is_dir():
            continue
        if (path / MANIFEST).is_file() and len(complete) < keep:
            complete.append(path.name)
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def generation_names(index_root: Path) -> list[str]:
    """Every generation folder present, oldest first."""
    if not index_root.is_dir():
        return []
    return sorted(p.name for p in index_root.iterdir() if is_generation_name(p.name))


@contextmanager
def build_lock(index_root: Path) -> Iterator[None]:
    """Hold the build lock: a second build waits here until the first one is done."""
    index_root.mkdir(parents=True, exist_ok=True)
    with open(index_root / LOCK, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def share_file(source: Path, target: Path) -> None:
    """Give a new generation a file of the current one that it does not change: a hard
    link, or a copy on a file system without them (as good, slower)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def fsync_tree(folder: Path) -> None:
    """Flush every file of ``folder`` and the folder itself to disk."""
    for path in folder.iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def staged_generation(index_root: Path) -> Iterator[Path]:
    """A new, empty generation folder to build into.

    If the build fails before the folder became current it is removed; after a build that
    switched to it, generations beyond ``KEEP_PREVIOUS`` are pruned.
    """
    folder = index_root / new_generation_name()
    folder.mkdir()
    try:
        yield folder
    except BaseException:
        if current_name(index_root) != folder.name:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    prune(index_root)


def publish(index_root: Path, folder: Path, manifest: Manifest) -> None:
    """Make a fully written generation durable and current, manifest last."""
    write_manifest(folder, manifest)
    fsync_tree(folder)
    switch_to(index_root, folder.name)
