"""Check the decoded ``<id>.json`` of a document and turn it into :class:`Metadata`.

A metadata file is written by hand, so every mistake must come back as an error that
names the file and the field: a misspelt key (``author`` for ``authors``) is rejected
rather than silently dropped, a wrong type is reported with what was expected.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from datetime import date

from archive_api.errors import ParseError
from archive_api.models import Metadata
from archive_api.text.turkish import nfc

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_TYPES = typing.get_type_hints(Metadata)
_FIELDS = tuple(f.name for f in dataclasses.fields(Metadata))
_LIST_FIELDS = frozenset(name for name in _FIELDS if typing.get_origin(_TYPES[name]) is list)


def _valid_iso(value: str) -> bool:
    match = _ISO_DATE.fullmatch(value)
    if not match:
        return False
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _string(name: str, value: object, source: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ParseError(f"field {name!r} must be a string or null, not {_kind(value)}", source)
    return nfc(value)


def _strings(name: str, value: object, source: str | None) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ParseError(f"field {name!r} must be a list of strings, not {_kind(value)}", source)
    return [nfc(item) for item in value]


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", str: "a string"}
    if value is None:
        return "null"
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        return "a list with a non-string item"
    return names.get(type(value), f"a {type(value).__name__}")


def parse_metadata(raw: object, source: str | None) -> Metadata:
    """Validate a decoded JSON value; ``source`` (the file name) goes into every error."""
    if not isinstance(raw, dict):
        raise ParseError(f"metadata must be a JSON object, not {_kind(raw)}", source)
    unknown = sorted(str(key) for key in raw if key not in _FIELDS)
    if unknown:
        allowed = ", ".join(_FIELDS)
        raise ParseError(
            f"unknown metadata field(s) {', '.join(unknown)}; allowed: {allowed}", source
        )
    values: dict[str, typing.Any] = {}
    for name, value in raw.items():
        if name in _LIST_FIELDS:
            values[name] = _strings(name, value, source)
        else:
            values[name] = _string(name, value, source)
    if values.get("date") and not _valid_iso(values["date"]):
        wanted = "an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
        raise ParseError(f"field 'date' must be {wanted}, not {values['date']!r}", source)
    wrong = [name for name in values.get("inferred", []) if name not in _FIELDS]
    if wrong:
        raise ParseError(f"field 'inferred' names unknown field(s): {', '.join(wrong)}", source)
    return Metadata(**values)
