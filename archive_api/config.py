"""Settings read from the environment, so one build serves any deployment without edits.

Relative paths are resolved against the working directory when the settings are read:
a worker that later changes directory still finds the same documents and index.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DOCUMENTS_DIR_VAR = "ARCHIVE_DOCUMENTS_DIR"
INDEX_DIR_VAR = "ARCHIVE_INDEX_DIR"
RELOAD_INTERVAL_VAR = "ARCHIVE_RELOAD_INTERVAL"


@dataclass(frozen=True)
class Settings:
    documents_dir: Path
    index_dir: Path
    reload_interval: float = 1.0  # seconds between two looks at index/CURRENT

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings; a malformed value raises ``ValueError`` naming the variable."""
        env = os.environ if environ is None else environ
        return cls(
            documents_dir=_path(env.get(DOCUMENTS_DIR_VAR) or "documents"),
            index_dir=_path(env.get(INDEX_DIR_VAR) or "index"),
            reload_interval=_seconds(RELOAD_INTERVAL_VAR, env.get(RELOAD_INTERVAL_VAR), 1.0),
        )


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
