"""The real server under load: gunicorn with ``gunicorn.conf.py``, and a light client.

The server binds 127.0.0.1 on a free port and is stopped by its PID. The client is threads
over ``http.client`` (a new connection per request: sync workers close it after each
answer), bounded in time and in requests. On a two-core machine the client and the two
workers share the cores, so the client's own CPU time and the workers' CPU time are
measured too: when the client burns a large share of a core, the figure is partly the
client's limit, not the server's.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
API = "/api/v1"
MAX_REQUESTS = 200_000  # per load phase, whatever the duration
START_TIMEOUT = 300.0  # seconds for both workers to open a large index
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Load:
    """What one load phase measured."""

    connections: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    client_cpu: float = 0.0  # CPU seconds of this process during the phase
    server_cpu: float = 0.0  # CPU seconds of the gunicorn workers during the phase

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + len(self.errors)

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        """PIDs of the gunicorn workers (children of the arbiter)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def workers_rss_mb(self, field: str = "VmRSS") -> list[float]:
        """Resident memory of each worker (MB), from ``/proc/<pid>/status``: ``VmRSS`` now,
        ``VmHWM`` the most it has held (during a request, before it settled)."""
        sizes = []
        for pid in self.workers():
            try:
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            sizes += [int(line.split()[1]) / 1024 for line in lines if line.startswith(field)]
        return sizes

    def workers_cpu(self) -> float:
        total = 0.0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime + stime
        return total


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def path_of(params: dict[str, str], endpoint: str = "/search") -> str:
    return f"{API}{endpoint}?{urlencode(params)}" if params else f"{API}{endpoint}"


def get(port: int, path: str, timeout: float = 60.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextmanager
def gunicorn(
    documents: Path,
    index: Path,
    log: Path,
    workers: int = 2,
    settings: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Run gunicorn on a free port until the block ends; both workers answer /health.
    ``settings`` adds to the environment (``ARCHIVE_BACKEND``, …)."""
    port = free_port()
    env = {
        **os.environ,
        **(settings or {}),
        "ARCHIVE_DOCUMENTS_DIR": str(documents),
        "ARCHIVE_INDEX_DIR": str(index),
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "ARCHIVE_SEARCH_RATE_LIMIT": "0",  # one client address sends everything here
        "LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "archive_api:create_app()"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, process, log)
    try:
        _wait_ready(server, workers)
        yield server
    finally:
        _stop(process)


def _wait_ready(server: Server, workers: int) -> None:
    """Every worker opens its index on its first request: ask until each has answered."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.log.read_text(errors='replace')}")
        try:
            status, _ = get(server.port, f"{API}/health", timeout=START_TIMEOUT)
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200 and len(server.workers()) >= workers and _all_open(server, workers):
            return
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn not ready: {server.log.read_text(errors='replace')}")


def _all_open(server: Server, workers: int) -> bool:
    """True once ``workers`` requests in parallel all answer 200 (each worker took one)."""
    results: list[int] = []

    def ask() -> None:
        try:
            results.append(get(server.port, f"{API}/health", timeout=START_TIMEOUT)[0])
        except OSError:
            results.append(0)

    threads = [threading.Thread(target=ask) for _ in range(workers * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return all(status == 200 for status in results)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def timed_get(server: Server, path: str) -> float:
    """Milliseconds one request takes; an answer other than 200 is an error."""
    started = time.perf_counter()
    status, body = get(server.port, path)
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}: {body[:200]!r}")
    return (time.perf_counter() - started) * 1000


def last_page(server: Server, endpoint: str, per_page: int) -> str:
    """The path of the last page of a collection, ``per_page`` items a page."""
    status, body = get(server.port, f"{API}{endpoint}?per_page=1")
    if status != 200:
        raise RuntimeError(f"{endpoint}: HTTP {status}")
    total = int(json.loads(body)["total"])
    return f"{API}{endpoint}?page={max(1, -(-total // per_page))}&per_page={per_page}"


def warm(server: Server, paths: Sequence[str], workers: int = 2, rounds: int = 2) -> int:
    """Send every path ``workers`` times at once, ``rounds`` times over: a sync worker takes
    one request at a time, so each worker answers each path (a time-bounded warm-up would
    leave a large archive's slow first searches to the timed load). Returns the errors."""
    statuses: list[int] = []  # appended from several threads: list.append is atomic

    def one(path: str) -> None:
        try:
            statuses.append(get(server.port, path)[0])
        except OSError:
            statuses.append(0)

    for _ in range(rounds):
        for path in paths:
            threads = [threading.Thread(target=one, args=(path,)) for _ in range(workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    return sum(status != 200 for status in statuses)


def run_load(
    server: Server | Sequence[Server], paths: Sequence[str], connections: int, seconds: float
) -> Load:
    """``connections`` clients, each sending the next path as soon as the last one answered.

    Client ``i`` starts at path ``i`` of the list, so the mix is the same at any moment.
    Given several servers (API nodes), client ``i`` talks to server ``i`` modulo their
    number, as a load balancer would spread connections.
    """
    servers = [server] if isinstance(server, Server) else list(server)
    load = Load(connections=connections, seconds=seconds)
    lock = threading.Lock()
    counter = [0]
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        times: list[float] = []
        errors: list[str] = []
        step = offset
        while time.monotonic() < deadline:
            with lock:
                if counter[0] >= MAX_REQUESTS:
                    break
                counter[0] += 1
            path = paths[step % len(paths)]
            step += 1
            started = time.perf_counter()
            try:
                status, _ = get(servers[offset % len(servers)].port, path)
            except OSError as exc:
                errors.append(f"{path}: {exc}")
                continue
            if status != 200:
                errors.append(f"{path}: HTTP {status}")
                continue
            times.append((time.perf_counter() - started) * 1000)
        with lock:
            load.latencies_ms.extend(times)
            load.errors.extend(errors)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    cpu, started = time.process_time(), time.perf_counter()
    server_cpu = sum(one.workers_cpu() for one in servers)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - started
    load.client_cpu = time.process_time() - cpu
    load.server_cpu = sum(one.workers_cpu() for one in servers) - server_cpu
    return load
