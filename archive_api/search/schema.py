"""The one Whoosh schema shared by every record type.

Whoosh pickles the schema, analyzers included, into the index: this module path and the
analyzers' import paths must stay stable. Bump ``SCHEMA_VERSION`` whenever a field, an
analyzer or the files of a generation change; the manifest of each generation records it,
so the change forces a rebuild.
"""

from __future__ import annotations

import calendar
import re

from whoosh.columns import RefBytesColumn
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from archive_api.text.analysis import exact_analyzer, fold_analyzer, ocr_analyzer, stem_analyzer
from archive_api.text.turkish import fold_ascii, turkish_lower

SCHEMA_VERSION = 5

# Columns of ID fields hold each distinct value once and a fixed-width index per record,
# which a reader takes in whole with numpy (``column_arrays``). At most 65,535 values per
# segment: type and kind have a handful, documents are cut into parts below that.
_CODED = RefBytesColumn

RECORD_TYPES = ("document", "section", "paragraph", "letter", "footnote", "work", "annex")

# The analysed copies of a record's body; names match the query builder's FIELD_BOOSTS.
TEXT_FIELDS = ("exact", "fold", "stem", "ocr")

# Sort key for records without a date: after every real date.
UNDATED = 99991231


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),  # "<document>/<collection>/<record_id>"
        type=ID(stored=True, sortable=_CODED()),
        document_id=ID(stored=True, sortable=_CODED()),
        record_id=ID(stored=True),  # the key in the record's URL within its document
        section_id=STORED(),
        title=STORED(),
        body=STORED(),  # the reading text the analysed fields were made from
        exact=TEXT(analyzer=exact_analyzer()),
        fold=TEXT(analyzer=fold_analyzer()),
        stem=TEXT(analyzer=stem_analyzer()),
        ocr=TEXT(analyzer=ocr_analyzer()),
        page=NUMERIC(int, bits=32, stored=True),
        order=NUMERIC(int, bits=32, sortable=True),  # position within the document
        date_start=NUMERIC(int, bits=32),  # yyyymmdd, first day the record's date covers
        date_end=NUMERIC(int, bits=32),  # yyyymmdd, last day
        year=NUMERIC(int, bits=32, stored=True, sortable=True),  # a column, for facets
        sort_date=NUMERIC(int, bits=32, sortable=True),
        kind=ID(stored=True, sortable=_CODED()),  # folded: "sifre", "tahrirat", "article"
        sender=KEYWORD(scorable=False),  # folded words of name and role
        recipient=KEYWORD(scorable=False),
        place=KEYWORD(scorable=False),
    )


_WORD = re.compile(r"\w+")


def filter_key(value: str) -> str:
    """The form filter fields hold: Turkish lower case, ASCII-folded (``Şifre`` → ``sifre``)."""
    return fold_ascii(turkish_lower(value)).strip()


def filter_words(value: str) -> list[str]:
    """The folded words of a name, for filters that match on every word given."""
    return _WORD.findall(filter_key(value))


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def iso_bounds(value: str) -> tuple[int, int] | None:
    """First and last day (yyyymmdd) an ISO date of any precision covers: ``1920-06`` → June.

    ``None`` when ``value`` is not a real date, so callers decide how to report it.
    """
    match = _ISO.fullmatch(value.strip())
    if match is None:
        return None
    year = int(match[1])
    if year < 1:
        return None
    if match[2] is None:
        return year * 10000 + 101, year * 10000 + 1231
    month = int(match[2])
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if match[3] is None:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last
    day = int(match[3])
    if not 1 <= day <= last:
        return None
    key = year * 10000 + month * 100 + day
    return key, key
