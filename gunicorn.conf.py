"""gunicorn settings: ``gunicorn -c gunicorn.conf.py 'archive_api:create_app()'``.

Sync workers: searches are CPU-bound Python, so threads add no throughput, and each worker
holds one searcher. The app is not preloaded: every worker opens the index itself after the
fork. ``PORT``, ``WEB_CONCURRENCY`` and ``GUNICORN_TIMEOUT`` override the defaults.

Before the workers start, the master finishes document writes a crash interrupted and
repairs the index where it differs from ``documents/`` (``archive-api index --check``
without a rebuild). With ``ARCHIVE_BACKEND=postgres`` there is nothing of the node's own to
repair: the database is the archive, and every write is a transaction. Responses name the server ``SERVER_HEADER``, not gunicorn's version.
"""

from __future__ import annotations

import os
from typing import Any

SERVER_HEADER = "archive-api"


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise SystemExit(f"{name} must be 1 or more, not {value!r}")
    return number


bind = f"127.0.0.1:{_int_env('PORT', 8000)}"
workers = _int_env("WEB_CONCURRENCY", 2)
worker_class = "sync"
preload_app = False

timeout = _int_env("GUNICORN_TIMEOUT", 30)  # a worker silent this long is restarted
graceful_timeout = 20
keepalive = 2

# Refuse oversized request lines and headers before they reach the app.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def on_starting(server: Any) -> None:
    """Runs once in the master, before any worker is forked."""
    _neutral_server_header()
    _repair_index(server.log)


def _neutral_server_header() -> None:
    # gunicorn writes its ``Server`` header from this module-level name and offers no
    # setting for it; workers forked from here inherit the value.
    import gunicorn.http.wsgi

    gunicorn.http.wsgi.SERVER = SERVER_HEADER


def _repair_index(log: Any) -> None:
    from archive_api.check import check_and_repair
    from archive_api.config import Settings
    from archive_api.store import DocumentStore

    try:
        settings = Settings.from_env()
        if settings.backend != "whoosh":
            log.info("archive held by %s: no index of this node to check", settings.backend)
            return
        store = DocumentStore(settings.documents_dir)
        report = check_and_repair(store, settings.index_dir, rebuild=False)
    except Exception as exc:  # serve what there is; the error is in the log
        log.error("index check at start failed: %s", exc)
        return
    for line in report.lines():
        log.warning("index check at start: %s", line)
    if report.repaired is not None:
        log.warning("index check at start: repaired as %s", report.repaired.generation)
