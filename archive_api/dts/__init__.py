"""Distributed Text Services (DTS) 1.0 over the archive, without Flask.

The HTTP layer (``archive_api.api.dts``) parses a request, calls the functions here with
plain values and serialises what they return. Everything here takes a ``Document`` (and, for
links, the endpoint URLs) and can be tested without a server: citation trees
(``trees``), navigation queries (``navigation``), JSON-LD objects (``jsonld``, ``metadata``)
and TEI passages (``passage``).
"""

from __future__ import annotations

DTS_VERSION = "1.0"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
# The namespace of <dts:wrapper>, as the Document endpoint section of the specification names it.
DTS_NS = "https://w3id.org/api/dts#"
TEI_MEDIA_TYPE = "application/tei+xml"
JSON_LD = "application/ld+json"
