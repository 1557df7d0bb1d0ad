"""The whole archive for bulk download: a zip of JSON Lines files with a checksum manifest.

The zip is written to a sink that is emptied after every record, so the archive streams out
as it is produced and is never held in memory whole (the zip format allows this: each
entry's sizes and CRC follow its data). One JSON Lines file per record type, then
``manifest.json`` (per file: records, bytes, SHA-256 of the uncompressed file; records per
type) and ``SHA256SUMS`` in the format ``sha256sum -c`` checks. Entry timestamps are fixed
so the same archive always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

MEDIA_TYPE = "application/zip"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
DUMP_FORMAT_VERSION = 1
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


@dataclass(frozen=True)
class DumpFile:
    name: str
    records: int
    bytes: int
    sha256: str


class _Sink(io.RawIOBase):
    """A write-only, unseekable stream whose contents are taken away as they arrive."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        return len(chunk)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def zip_time(iso: str) -> tuple[int, int, int, int, int, int]:
    """The zip timestamp of an ISO 8601 moment (the epoch of zip files if unreadable)."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return _EPOCH
    if moment.year < _EPOCH[0]:
        return _EPOCH
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _drain(sink: _Sink) -> Iterator[bytes]:
    chunk = sink.take()
    if chunk:
        yield chunk


def _entry(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def dump_zip(
    files: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
    info: Mapping[str, Any] | None = None,
    date_time: tuple[int, int, int, int, int, int] = _EPOCH,
) -> Iterator[bytes]:
    """The zip, in chunks: one ``name`` entry of JSON Lines per (name, records) pair.

    ``info`` goes into the manifest as is (where the records come from, when they were
    indexed); each record should carry its ``type``, counted per type in the manifest.
    """
    sink = _Sink()
    written: list[DumpFile] = []
    counts: dict[str, int] = {}
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, records in files:
            digest = hashlib.sha256()
            size = number = 0
            with archive.open(_entry(name, date_time), mode="w") as entry:
                for record in records:
                    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
                    entry.write(line)
                    digest.update(line)
                    size += len(line)
                    number += 1
                    kind = str(record.get("type", ""))
                    counts[kind] = counts.get(kind, 0) + 1
                    yield from _drain(sink)
            written.append(DumpFile(name, number, size, digest.hexdigest()))
            yield from _drain(sink)
        manifest = {
            "format": "archive-api-dump",
            "format_version": DUMP_FORMAT_VERSION,
            **(info or {}),
            "total_records": sum(f.records for f in written),
            "counts": dict(sorted(counts.items())),
            "files": [asdict(f) for f in written],
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        archive.writestr(_entry(MANIFEST, date_time), text.encode("utf-8"))
        sums = "".join(f"{f.sha256}  {f.name}\n" for f in written)
        archive.writestr(_entry(CHECKSUMS, date_time), sums.encode("utf-8"))
    yield from _drain(sink)
