"""CSV and JSON Lines: headers, flattening, row counts, read back by the csv and json modules."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from archive_api.export.tabular import BOM, cell, columns_of, csv_rows, jsonl_lines

RECORDS: list[dict[str, Any]] = [
    {
        "id": "letter-4",
        "sender": {"name": "Mustafa Kemal", "role": "Reis"},
        "pages": [13],
        "annex": 4,
        "certain": True,
        "place": "Ankara",
    },
    {
        "id": "letter-3",
        "sender": {"name": None, "role": "Komiser"},
        "pages": [11, 12],
        "annex": None,
        "certain": False,
        "place": 'virgül, "tırnak"\nve satır',
    },
]


def _read(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))


def test_columns_open_nested_objects_and_keep_lists() -> None:
    assert columns_of(RECORDS[0]) == [
        "id", "sender.name", "sender.role", "pages", "annex", "certain", "place"
    ]  # fmt: skip


def test_cells() -> None:
    assert [cell(None), cell(True), cell(3), cell(["a", "ğ"])] == ["", "true", "3", '["a", "ğ"]']


def test_csv_round_trip_with_header_and_rows() -> None:
    text = "".join(csv_rows(RECORDS))
    assert "\r\n" in text
    rows = _read(text)
    assert len(rows) == 2
    assert rows[0]["sender.name"] == "Mustafa Kemal"
    assert rows[1]["sender.name"] == ""
    assert json.loads(rows[1]["pages"]) == [11, 12]
    assert rows[1]["place"] == 'virgül, "tırnak"\nve satır'
    assert (rows[0]["certain"], rows[1]["annex"]) == ("true", "")


def test_csv_with_fixed_columns_and_empty_collection() -> None:
    assert "".join(csv_rows([], ["id", "sender.name"])) == BOM + "id,sender.name\r\n"
    rows = _read("".join(csv_rows(RECORDS, ["place", "sender.role", "missing"])))
    assert list(rows[0]) == ["place", "sender.role", "missing"]
    assert (rows[0]["sender.role"], rows[0]["missing"]) == ("Reis", "")


def test_jsonl_one_record_per_line() -> None:
    lines = list(jsonl_lines(RECORDS))
    assert len(lines) == 2 and all(line.endswith("\n") for line in lines)
    assert [json.loads(line) for line in lines] == RECORDS
    assert "tırnak" in lines[1]  # Turkish letters kept, not \\u-escaped
