"""Settings read from the environment, so one build serves any deployment without edits.

Relative paths are resolved against the working directory when the settings are read:
a worker that later changes directory still finds the same documents and index.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DOCUMENTS_DIR_VAR = "ARCHIVE_DOCUMENTS_DIR"
INDEX_DIR_VAR = "ARCHIVE_INDEX_DIR"
RELOAD_INTERVAL_VAR = "ARCHIVE_RELOAD_INTERVAL"
API_TOKEN_VAR = "ARCHIVE_API_TOKEN"
MAX_DOCUMENT_BYTES_VAR = "ARCHIVE_MAX_DOCUMENT_BYTES"
MAX_REQUEST_BYTES_VAR = "ARCHIVE_MAX_REQUEST_BYTES"
SEARCH_RATE_LIMIT_VAR = "ARCHIVE_SEARCH_RATE_LIMIT"
CORS_ORIGINS_VAR = "ARCHIVE_CORS_ORIGINS"
WORKER_MEMORY_VAR = "ARCHIVE_WORKER_MEMORY_MB"
DATABASE_URL_VAR = "ARCHIVE_DATABASE_URL"
DATABASE_READ_URL_VAR = "ARCHIVE_DATABASE_READ_URL"
BACKEND_VAR = "ARCHIVE_BACKEND"
BACKENDS = ("whoosh", "postgres")  # the embedded index (default), or PostgreSQL

DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DEFAULT_SEARCH_RATE_LIMIT = 120  # searches per minute per client address, in each worker
DEFAULT_WORKER_MEMORY_MB = 280  # resident set a worker settles back under after a response
_ORIGIN = re.compile(r"https?://[^/\s,]+")


@dataclass(frozen=True)
class Settings:
    documents_dir: Path
    index_dir: Path
    reload_interval: float = 1.0  # seconds between two looks at index/CURRENT
    # Bearer token that allows writes; None: writing is off. Kept out of repr (and logs).
    api_token: str | None = field(default=None, repr=False)
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES  # UTF-8 bytes of one text
    max_request_bytes: int | None = None  # body of a write; None: see write_request_limit
    search_rate_limit: int = DEFAULT_SEARCH_RATE_LIMIT  # 0: no limit
    cors_origins: tuple[str, ...] = ("*",)  # origins that may read; empty: no CORS
    worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB  # 0: never settle
    # PostgreSQL holding the same records (``archive-api database``); may hold a password.
    database_url: str | None = field(default=None, repr=False)
    # Where searches and reads go instead (a streaming replica); None: the database above.
    database_read_url: str | None = field(default=None, repr=False)
    backend: str = "whoosh"  # what the service reads and writes: one of BACKENDS

    @property
    def write_request_limit(self) -> int:
        """Largest body of a write: by default room for the text escaped in JSON and metadata."""
        if self.max_request_bytes is not None:
            return self.max_request_bytes
        return 2 * self.max_document_bytes + 1024 * 1024

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings; a malformed value raises ``ValueError`` naming the variable."""
        env = os.environ if environ is None else environ
        return cls(
            documents_dir=_path(env.get(DOCUMENTS_DIR_VAR) or "documents"),
            index_dir=_path(env.get(INDEX_DIR_VAR) or "index"),
            reload_interval=_seconds(RELOAD_INTERVAL_VAR, env.get(RELOAD_INTERVAL_VAR), 1.0),
            api_token=(env.get(API_TOKEN_VAR) or "").strip() or None,
            max_document_bytes=_count(
                MAX_DOCUMENT_BYTES_VAR,
                env.get(MAX_DOCUMENT_BYTES_VAR),
                DEFAULT_MAX_DOCUMENT_BYTES,
                1,
            ),
            max_request_bytes=_optional_count(
                MAX_REQUEST_BYTES_VAR, env.get(MAX_REQUEST_BYTES_VAR)
            ),
            search_rate_limit=_count(
                SEARCH_RATE_LIMIT_VAR, env.get(SEARCH_RATE_LIMIT_VAR), DEFAULT_SEARCH_RATE_LIMIT, 0
            ),
            cors_origins=parse_origins(env.get(CORS_ORIGINS_VAR, "*")),
            worker_memory_mb=_count(
                WORKER_MEMORY_VAR, env.get(WORKER_MEMORY_VAR), DEFAULT_WORKER_MEMORY_MB, 0
            ),
            database_url=(env.get(DATABASE_URL_VAR) or "").strip() or None,
            database_read_url=(env.get(DATABASE_READ_URL_VAR) or "").strip() or None,
            backend=_backend(env.get(BACKEND_VAR)),
        )


def _backend(value: str | None) -> str:
    name = (value or "").strip().lower() or BACKENDS[0]
    if name not in BACKENDS:
        raise ValueError(f"{BACKEND_VAR} must be one of {', '.join(BACKENDS)}, not {value!r}")
    return name


def _path(value: str) -> Path:
    return Path(value).expanduser().resolve()


def _seconds(name: str, value: str | None, default: float) -> float:
    if value is None or not value.strip():
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {value!r}") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{name} must be a finite number of seconds >= 0, not {value!r}")
    return seconds


def _count(name: str, value: str | None, default: int, minimum: int) -> int:
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be {minimum} or more, not {value!r}")
    return number


def _optional_count(name: str, value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    return _count(name, value, 0, 1)


def parse_origins(value: str) -> tuple[str, ...]:
    """``*``, or comma-separated origins such as ``https://a.example, http://localhost:3000``;
    an empty value turns cross-origin reads off."""
    origins = tuple(part.strip().rstrip("/") for part in value.split(",") if part.strip())
    if origins == ("*",):
        return origins
    for origin in origins:
        if not _ORIGIN.fullmatch(origin):
            raise ValueError(
                f"{CORS_ORIGINS_VAR} must be * or origins like https://example.org, not {origin!r}"
            )
    return origins
