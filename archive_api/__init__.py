"""archive_api: an archival document service for OCR'd Turkish scholarly texts.

``create_app`` is the application factory (``gunicorn 'archive_api:create_app()'``). It reads
the settings and wires the blueprints but opens no index: each worker opens its own on its
first request, after gunicorn has forked it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app; ``test_config`` overrides settings read from the environment.

    The web stack is imported here, not at module level, so the parser, the indexer and the
    command line can import ``archive_api`` without loading Flask.
    """
    from archive_api.api.app import build_app

    return build_app(test_config)
