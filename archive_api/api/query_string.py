"""Refuse query strings whose values are not text before any view sees them.

Werkzeug decodes the query string leniently, so ``q=%FF`` would reach the search as
replacement characters and ``q=Ankara%00`` as a NUL: neither is anything a person typed.
Checking the raw bytes once here gives every API route the same clear 400 naming the
parameter, instead of each view guessing.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, Response, request

from archive_api.api.errors import PROBLEMS, problem_response


def bad_query_values(raw: bytes) -> list[tuple[str, str]]:
    """``(name, reason)`` for each value that is not valid UTF-8 or holds a NUL."""
    bad: list[tuple[str, str]] = []
    for pair in raw.split(b"&"):
        if not pair:
            continue
        name_raw, _, value_raw = pair.partition(b"=")
        name = unquote_to_bytes(name_raw.replace(b"+", b" ")).decode("utf-8", "replace")
        value = unquote_to_bytes(value_raw.replace(b"+", b" "))
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            bad.append((name, "is not valid UTF-8 text"))
            continue
        if "\x00" in text:
            bad.append((name, "must not contain a NUL character"))
    return bad


def _check_query_string() -> Response | None:
    if not request.path.startswith("/api/") or not request.query_string:
        return None
    bad = bad_query_values(request.query_string)
    if not bad:
        return None
    errors = [{"name": name, "in": "query", "detail": reason} for name, reason in bad]
    detail = "; ".join(f"{name}: {reason}" for name, reason in bad)
    return problem_response(PROBLEMS[400], f"Invalid parameter: {detail}", errors=errors)


def install_query_string_check(app: Flask) -> None:
    app.before_request(_check_query_string)
