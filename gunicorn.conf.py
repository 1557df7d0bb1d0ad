"""gunicorn settings: ``gunicorn -c gunicorn.conf.py 'archive_api:create_app()'``.

Sync workers: searches are CPU-bound Python, so threads add no throughput, and each worker
holds one searcher. The app is not preloaded: every worker opens the index itself after the
fork. ``PORT``, ``WEB_CONCURRENCY`` and ``GUNICORN_TIMEOUT`` override the defaults.
"""

from __future__ import annotations

import os


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
