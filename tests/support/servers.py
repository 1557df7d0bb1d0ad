"""A real gunicorn for the tests: a free 127.0.0.1 port, a wait for health, a stop by PID.

Only the process started here is ever signalled, and every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[2]
CLI = "import sys; from archive_api.cli import main; sys.exit(main(sys.argv[1:]))"
HEALTH_TIMEOUT = 60.0
POLL_INTERVAL = 0.2
_COMMAND = ("-m", "gunicorn", "-c", "gunicorn.conf.py", "archive_api:create_app()")


@dataclass(frozen=True)
class GunicornServer:
    """A gunicorn that answered its health check; ``log`` holds its stdout and stderr."""

    base: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return _read(self.log)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def index_with_cli(env: Mapping[str, str]) -> None:
    """``archive-api index`` in a fresh interpreter; raises if it fails."""
    subprocess.run(
        [sys.executable, "-c", CLI, "index"],
        env=dict(env),
        cwd=REPO,
        check=True,
        capture_output=True,
    )


def start(
    env: Mapping[str, str], log: Path, *, new_session: bool = False
) -> subprocess.Popen[bytes]:
    """gunicorn with the repository's config, its output in ``log``.

    ``new_session`` puts it in a process group of its own, so that a test may kill it
    together with the workers it forked (``os.killpg``).
    """
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, *_COMMAND],
            cwd=REPO,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=new_session,
        )


def wait_healthy(
    base: str,
    process: subprocess.Popen[bytes],
    log: Path,
    *,
    timeout: float = HEALTH_TIMEOUT,
    interval: float = POLL_INTERVAL,
) -> None:
    """Return once ``/api/v1/health`` answers 200; fail if gunicorn exits or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{_read(log)}")
        try:
            if requests.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(interval)
    raise AssertionError(f"gunicorn never became healthy:\n{_read(log)}")


def stop(process: subprocess.Popen[Any]) -> None:
    """TERM, then KILL after a grace period: only the process we started, by its PID."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def serve(
    env: Mapping[str, str],
    log: Path,
    *,
    port: int | None = None,
    workers: int = 2,
    new_session: bool = False,
    interval: float = POLL_INTERVAL,
) -> Iterator[GunicornServer]:
    """gunicorn on ``port`` (a free one if None) with ``env``, healthy, stopped on exit.

    ``PORT`` and ``WEB_CONCURRENCY`` of ``env`` are set from ``port`` and ``workers``.
    """
    port = free_port() if port is None else port
    process = start(
        {**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)}, log, new_session=new_session
    )
    server = GunicornServer(f"http://127.0.0.1:{port}", port, process, log)
    try:
        wait_healthy(server.base, process, log, interval=interval)
        yield server
    finally:
        stop(process)


def _read(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")
