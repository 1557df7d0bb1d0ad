"""The streamed zip: entries, line counts, and the checksums of the manifest."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from archive_api.export.dump import CHECKSUMS, MANIFEST, dump_zip, zip_time


def _records(kind: str, count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield {"type": kind, "id": f"{kind}-{n}", "document_id": "d", "text": "ğüşıöç " * n}


def _dump() -> tuple[list[bytes], zipfile.ZipFile]:
    chunks = list(
        dump_zip(
            [("pages.jsonl", _records("page", 300)), ("notes.jsonl", _records("footnote", 0))],
            {"generation": "gen-1"},
        )
    )
    return chunks, zipfile.ZipFile(io.BytesIO(b"".join(chunks)))


def test_streams_before_the_records_run_out() -> None:
    """Bytes come out while records are still being read: nothing is built whole."""
    consumed = 0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal consumed
        for n in range(5000):
            consumed += 1
            # hex digests barely compress, so the deflater must hand bytes on as it goes
            yield {"type": "page", "id": hashlib.sha256(str(n).encode()).hexdigest() * 4}

    stream = dump_zip([("pages.jsonl", records())])
    first = next(stream)
    assert first.startswith(b"PK") and consumed < 5000
    rest = list(stream)
    assert consumed == 5000 and len(rest) > 10 and all(rest)


def test_entries_and_lines() -> None:
    _, archive = _dump()
    assert archive.namelist() == ["pages.jsonl", "notes.jsonl", MANIFEST, CHECKSUMS]
    assert archive.testzip() is None
    lines = archive.read("pages.jsonl").decode("utf-8").splitlines()
    assert len(lines) == 300
    assert json.loads(lines[2]) == {
        "type": "page",
        "id": "page-2",
        "document_id": "d",
        "text": "ğüşıöç ğüşıöç ",
    }
    assert archive.read("notes.jsonl") == b""


def test_manifest_checksums_match_the_files() -> None:
    _, archive = _dump()
    manifest = json.loads(archive.read(MANIFEST))
    assert manifest["generation"] == "gen-1"
    assert manifest["total_records"] == 300
    assert manifest["counts"] == {"page": 300}
    for entry in manifest["files"]:
        data = archive.read(entry["name"])
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    sums = archive.read(CHECKSUMS).decode().splitlines()
    assert sums == [f"{f['sha256']}  {f['name']}" for f in manifest["files"]]


def test_same_records_same_bytes() -> None:
    first, _ = _dump()
    second, _ = _dump()
    assert b"".join(first) == b"".join(second)


def test_zip_time_of_an_index_generation() -> None:
    assert zip_time("2025-03-01T12:30:05+00:00") == (2025, 3, 1, 12, 30, 5)
    assert zip_time("2025-03-01T12:30:05Z") == (2025, 3, 1, 12, 30, 5)
    assert zip_time("yesterday") == (1980, 1, 1, 0, 0, 0)
    assert zip_time("1970-01-01T00:00:00") == (1980, 1, 1, 0, 0, 0)  # before zip's epoch
