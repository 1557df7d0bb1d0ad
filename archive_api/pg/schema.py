"""The PostgreSQL tables of an archive.

One row per document (its parsed model and reading, pickled and compressed as in the
embedded record store, with the columns a listing shows and the digest of its source
files, which ``check`` compares with ``documents/``), one per letter, and one per record
with the columns filters and facets read and its analysed text as a ``tsvector``
(``lexemes``) under a GIN index. A document's records go with it (``ON DELETE CASCADE``), so
a replace is a delete and an insert in one transaction, and readers see the document whole
before or after it.

The vocabulary (``words``) is kept with the counts of records holding each word, updated by
every write from the document's own list of its words; ``archive_facts`` counts the writes
(``generation``), which also orders writers one at a time.

``SCHEMA_VERSION`` is recorded in ``archive_facts``; a database of another version is
refused rather than read.
"""

from __future__ import annotations

SCHEMA_VERSION = "2"

TABLES = """
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;  -- levenshtein: words within reach
CREATE TABLE IF NOT EXISTS archive_facts (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id text PRIMARY KEY COLLATE "C",
    source bytea NOT NULL,  -- DocumentStore.source: file names and hashes, NUL-separated
    title text NOT NULL,
    date text,
    date_original text,
    kind text,
    pages integer NOT NULL,
    letters integer NOT NULL,
    footnotes integer NOT NULL,
    annexes integer NOT NULL,
    data bytea NOT NULL,
    reading bytea NOT NULL,
    text bytea,  -- the files as written: <id>.txt (NULL when only the parse was given)
    metadata bytea,  -- <id>.json, NULL without one
    words text[] NOT NULL DEFAULT '{}',  -- the document's entries of ``words``...
    word_records integer[] NOT NULL DEFAULT '{}'  -- ...and how many of its records hold each
);
-- The archive's vocabulary (exact, folded and stemmed lexemes) with the number of records
-- holding each: what spelling suggestions and the tolerant retry look words up in.
CREATE TABLE IF NOT EXISTS words (
    word text PRIMARY KEY COLLATE "C",
    records integer NOT NULL
);
CREATE TABLE IF NOT EXISTS letters (
    document_id text NOT NULL COLLATE "C" REFERENCES documents (id) ON DELETE CASCADE,
    ordinal integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);
CREATE TABLE IF NOT EXISTS records (
    id text PRIMARY KEY COLLATE "C",
    document_id text NOT NULL COLLATE "C" REFERENCES documents (id) ON DELETE CASCADE,
    type text NOT NULL,
    record_id text NOT NULL,
    section_id text,
    title text NOT NULL,
    body text NOT NULL,
    page integer,
    ord integer NOT NULL,
    seq integer NOT NULL,  -- the record's place among its document's rows: the last tie-break
    date_start integer,
    date_end integer,
    year integer,
    sort_date integer NOT NULL,
    kind text,
    sender text[] NOT NULL DEFAULT '{}',
    recipient text[] NOT NULL DEFAULT '{}',
    place text[] NOT NULL DEFAULT '{}',
    lexemes tsvector NOT NULL
);
-- Ranking reads every matching record's lexemes: uncompressed they are read in about half
-- the time (measured on 19,000 records: ranking a word held by 40 % of them, 183 -> 105 ms).
ALTER TABLE records ALTER COLUMN lexemes SET STORAGE EXTERNAL;
CREATE INDEX IF NOT EXISTS records_lexemes ON records USING gin (lexemes);
CREATE INDEX IF NOT EXISTS records_document ON records (document_id, ord);
CREATE INDEX IF NOT EXISTS records_dates ON records (date_start, date_end);
CREATE INDEX IF NOT EXISTS records_sort ON records (sort_date, document_id, ord, seq);
"""

# The columns of ``records`` a writer fills, in COPY order.
RECORD_COLUMNS = (
    "id",
    "document_id",
    "type",
    "record_id",
    "section_id",
    "title",
    "body",
    "page",
    "ord",
    "seq",
    "date_start",
    "date_end",
    "year",
    "sort_date",
    "kind",
    "sender",
    "recipient",
    "place",
    "lexemes",
)

__all__ = ["RECORD_COLUMNS", "SCHEMA_VERSION", "TABLES"]
