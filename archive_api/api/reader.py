"""The read side as the HTTP layer sees it, created on a process's first request.

Whoosh files must be opened after gunicorn forks its workers, so nothing here runs at import
time or in ``create_app``; the archive itself reopens its files in a forked child and picks
up new index generations, so one instance per app is enough.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Flask, Response, current_app

if TYPE_CHECKING:
    from archive_api.backend import ArchiveReader as Archive

EXTENSION_KEY = "archive_api.archive"

log = logging.getLogger(__name__)


class ArchiveHolder:
    """Creates the archive on first use, once, whatever the threads do."""

    def __init__(self, factory: Callable[[], Archive]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._archive: Archive | None = None

    def get(self) -> Archive:
        archive = self._archive
        if archive is not None:
            return archive
        with self._lock:
            if self._archive is None:
                self._archive = self._factory()
            return self._archive

    def settle(self) -> None:
        """Bring the worker's memory back under its limit, if an archive was opened."""
        archive = self._archive
        if archive is None:
            return
        try:
            archive.settle_memory()
        except Exception:  # a response already sent must not fail for this
            log.exception("settling the worker's memory failed")


def archive() -> Archive:
    """This app's archive (created on first use)."""
    holder: ArchiveHolder = current_app.extensions[EXTENSION_KEY]
    return holder.get()


def install_settling(app: Flask) -> None:
    """Settle the worker's memory once each response has been sent (its body closed), so
    that the time it takes is no request's."""
    holder: ArchiveHolder = app.extensions[EXTENSION_KEY]

    @app.after_request
    def _settle_when_sent(response: Response) -> Response:
        response.call_on_close(holder.settle)
        return response
