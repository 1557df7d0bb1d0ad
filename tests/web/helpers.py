"""Seed constants and what the web tests know of their real gunicorn."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"
SEED_TITLE = "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"


@dataclass(frozen=True)
class Server:
    base: str
    root: Path  # scratch space of the session (screenshots, generated code)
    log: Path
