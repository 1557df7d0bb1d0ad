"""A throw-away PostgreSQL cluster for tests and benchmarks: ``initdb`` into a temporary
folder, a Unix socket in that folder (no TCP port), stopped and removed at the end; and a
streaming replica of it (``throwaway_replica``: ``pg_basebackup``, hot standby), to read
from as a deployment's read replicas are.

The server binaries come from Debian's ``postgresql`` package (``.ci/run`` installs it).
PostgreSQL refuses to run as root, so as root the cluster belongs to the package's
``postgres`` user, and the tests connect over the socket as that role.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SEARCH = ("/usr/lib/postgresql/*/bin",)


def server_bin(name: str) -> Path | None:
    """A PostgreSQL server program (``initdb``, ``pg_ctl``), newest version first."""
    found = shutil.which(name)
    if found:
        return Path(found)
    for pattern in _SEARCH:
        for folder in sorted(Path("/").glob(pattern.lstrip("/")), reverse=True):
            if (folder / name).is_file():
                return folder / name
    return None


def available() -> bool:
    return server_bin("initdb") is not None and server_bin("pg_ctl") is not None


@dataclass(frozen=True)
class Cluster:
    folder: Path  # data in folder/data, the socket in folder
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql:///{database}?host={self.folder}&user={self.user}"


def _run(*command: str | Path, check: bool = True) -> None:
    """Run a server program, as the ``postgres`` user when this process is root."""
    words = [str(part) for part in command]
    if os.geteuid() == 0:
        words = ["runuser", "-u", "postgres", "--", *words]
    subprocess.run(words, check=check, capture_output=True, timeout=120)


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """A running cluster for the length of the block; removed afterwards."""
    initdb, pg_ctl = server_bin("initdb"), server_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL's server programs are not installed")
    folder = _own_folder("archive-pg-")
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    data = folder / "data"
    try:
        _run(
            initdb,
            "-D",
            data,
            "-U",
            user,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        with _running(pg_ctl, data, folder):
            yield Cluster(folder, user)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def throwaway_replica(primary: Cluster) -> Iterator[Cluster]:
    """A hot standby streaming from ``primary`` for the length of the block: it answers
    reads and replays the primary's writes a moment after they commit."""
    basebackup, pg_ctl = server_bin("pg_basebackup"), server_bin("pg_ctl")
    if basebackup is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL's server programs are not installed")
    folder = _own_folder("archive-pg-replica-")
    data = folder / "data"
    try:
        _run(
            basebackup,
            "-D",
            data,
            "-h",
            primary.folder,
            "-U",
            primary.user,
            "-X",
            "stream",
            "-R",  # standby.signal and the connection to the primary
            "--checkpoint=fast",  # not a spread checkpoint: minutes otherwise
            "--no-sync",
        )
        with _running(pg_ctl, data, folder):
            yield Cluster(folder, primary.user)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _own_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    return folder


@contextmanager
def _running(pg_ctl: Path, data: Path, folder: Path) -> Iterator[None]:
    """The server of ``data`` listening on a socket in ``folder`` only, for the block."""
    options = f"-k {folder} -c listen_addresses='' -c fsync=off -c max_connections=200"
    _run(pg_ctl, "-D", data, "-l", folder / "server.log", "-w", "-o", options, "start")
    try:
        yield
    finally:
        _run(pg_ctl, "-D", data, "-m", "fast", "-w", "stop", check=False)
