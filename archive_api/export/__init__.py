"""Exports of the archive's records to the formats research tools read.

Every module here is a pure function of the models (and of the URLs it is given): no Flask,
no index, no files. The HTTP layer (``archive_api.api.exports``) chooses a format, gathers
the models and streams what these functions return.

- ``tei``: a document as TEI P5 (``tei_text`` builds its body);
- ``cmif``: letters as the Correspondence Metadata Interchange Format;
- ``csl``, ``bibtex``, ``ris``: cited works for reference managers (``works`` normalises them);
- ``tabular``: any collection of records as CSV or JSON Lines;
- ``dump``: every record of the archive as a zip of JSON Lines with a checksum manifest;
- ``cite``: ready "cite this" strings in Chicago and İSNAD style.
"""
