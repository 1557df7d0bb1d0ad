"""Exports over HTTP: the same resources in other formats, and the archive as one download.

A resource that offers other formats than JSON is decorated with ``negotiate``: the format
is chosen by the ``format`` query parameter or else by the ``Accept`` header (JSON when
neither asks for anything else). A ``format`` not offered is a 400 naming ``format``; an
``Accept`` header none of whose types is offered is a 406 naming ``Accept``. Collections
exported as CSV or JSON Lines hold every item the filters select, not one page (up to
``EXPORT_LIMIT``, with the size of the whole collection in ``X-Total-Count``).

The formats themselves are made by ``archive_api.export``, from models; this module finds
the models behind what a view returned and streams the result. ``GET /api/v1/dump`` is the
whole archive as a zip of JSON Lines with a checksum manifest, streamed as it is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from flask import Response, current_app, request, stream_with_context, url_for
from marshmallow import Schema, fields, validate

from archive_api.api.common import ApiBlueprint, Record, View, string
from archive_api.api.errors import PROBLEMS, problem_response
from archive_api.api.reader import archive
from archive_api.errors import NotFound
from archive_api.export import bibtex, csl, ris, tabular, tei
from archive_api.export.cite import CiteThis, cite_document, cite_footnote, cite_letter, cite_work
from archive_api.export.cmif import CmifHeader, cmif
from archive_api.export.dump import MEDIA_TYPE as ZIP
from archive_api.export.dump import dump_zip, zip_time
from archive_api.export.formats import FORMATS, JSONL_ALIASES, Format
from archive_api.export.works import bib_item
from archive_api.models import Document, Footnote, Letter, Work

EXPORT_LIMIT = 10_000


def site_name() -> str:
    return str(current_app.config.get("API_TITLE") or "Archive API")


# --- links and citations --------------------------------------------------------------------

_RECORD_ENDPOINTS: dict[str, tuple[str, str, Callable[[str], Any]]] = {
    "page": ("pages.get_page", "number", int),
    "section": ("sections.get_section", "section_id", str),
    "paragraph": ("paragraphs.get_paragraph", "paragraph_id", str),
    "footnote": ("footnotes.get_footnote", "label", str),
    "work": ("works.get_work", "work_id", str),
    "letter": ("letters.get_letter", "letter_id", str),
    "annex": ("annexes.get_annex", "number", int),
}


class FlaskLinks:
    """The URLs this app's routes really have (``archive_api.export.links.Links``)."""

    def document(self, doc_id: str) -> str:
        return url_for("documents.get_document", doc_id=doc_id, _external=True)

    def record(self, doc_id: str, record_type: str, key: str) -> str:
        endpoint, name, convert = _RECORD_ENDPOINTS[record_type]
        return url_for(endpoint, doc_id=doc_id, _external=True, **{name: convert(key)})


class CiteThisSchema(Schema):
    chicago = string("Chicago (17th ed.) footnote citation, first reference.")
    isnad = string("İSNAD (2nd ed.) dipnot citation, first reference.")


def citation_field() -> fields.Nested:
    return fields.Nested(
        CiteThisSchema,
        required=True,
        metadata={"description": "Ready citations to paste: Chicago and İSNAD."},
    )


def _as_dict(cite: CiteThis) -> dict[str, str]:
    return {"chicago": cite.chicago, "isnad": cite.isnad}


def document_citation(doc: Document, url: str) -> dict[str, str]:
    return _as_dict(cite_document(doc, url, site_name()))


def letter_citation(doc: Document, letter: Letter, url: str) -> dict[str, str]:
    return _as_dict(cite_letter(doc, letter, url, site_name()))


def footnote_citation(doc: Document, note: Footnote, url: str) -> dict[str, str]:
    return _as_dict(cite_footnote(doc, note, url, site_name()))


def work_citation(work: Work) -> dict[str, str]:
    return _as_dict(cite_work(bib_item(work)))


# --- rendering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """What a view returned, with what the renderers need to go back to the models."""

    records: list[Record]
    view_args: Mapping[str, Any]
    item_schema: Schema | None
    total: int | None


Renderer = Callable[[Call, Format], Response]


def _filename(extension: str) -> str:
    path = request.path.removeprefix("/api/v1/").strip("/") or "export"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", path.replace("/", "-")) + f".{extension}"


def _download(
    body: str | Iterable[str] | Iterable[bytes], fmt: Format, total: int | None
) -> Response:
    mimetype = fmt.media_type
    response = current_app.response_class(body, mimetype=mimetype)
    if fmt.name == "csv":
        response.headers["Content-Type"] = "text/csv; charset=utf-8; header=present"
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(fmt.extension)}"'
    if total is not None:
        response.headers["X-Total-Count"] = str(total)
    return response


def schema_columns(schema: Schema, prefix: str = "") -> list[str]:
    """CSV columns of a record schema: nested objects opened into dotted names."""
    columns: list[str] = []
    for name, field in schema.fields.items():
        key = f"{prefix}{field.data_key or name}"
        if isinstance(field, fields.Nested) and not field.many and isinstance(field.schema, Schema):
            columns += schema_columns(field.schema, f"{key}.")
        else:
            columns.append(key)
    return columns


def render_tabular(call: Call, fmt: Format) -> Response:
    schema = call.item_schema
    records = [schema.dump(r) for r in call.records] if schema is not None else call.records
    if fmt.name == "jsonl":
        return _download(tabular.jsonl_lines(records), fmt, call.total)
    columns = schema_columns(schema) if schema is not None else None
    return _download(tabular.csv_rows(records, columns), fmt, call.total)


def _works(call: Call) -> list[tuple[Work, str]]:
    found = []
    for record in call.records:
        doc = archive().document(record["document_id"])
        work = next((w for w in doc.works if w.id == record["id"]), None)
        if work is None:
            raise NotFound(f"document {doc.id!r} has no work {record['id']!r}")
        found.append((work, str(record["url"])))
    return found


def render_works(call: Call, fmt: Format) -> Response:
    items = [bib_item(work, url) for work, url in _works(call)]
    writers = {"csl": csl.csl_json, "bibtex": bibtex.bibtex, "ris": ris.ris}
    return _download(writers[fmt.name](items), fmt, call.total)


def _letters(call: Call) -> list[tuple[Document, Letter]]:
    pairs = []
    for record in call.records:
        doc = archive().document(record["document_id"])
        letter = next((x for x in doc.letters if x.id == record["id"]), None)
        if letter is None:
            raise NotFound(f"document {doc.id!r} has no letter {record['id']!r}")
        pairs.append((doc, letter))
    return pairs


def _index_day() -> str:
    created = str(archive().health().get("created_at") or "")
    return created[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", created) else "1970-01-01"


def render_cmif(call: Call, fmt: Format) -> Response:
    doc_id = call.view_args.get("doc_id")
    title = f"Letters in {site_name()}"
    if doc_id:
        title = f"Letters in “{archive().document(doc_id).title}”"
    header = CmifHeader(
        title=title,
        publisher=site_name(),
        publisher_url=request.url_root,
        file_url=request.url,
        date=_index_day(),
    )
    return _download(cmif(_letters(call), FlaskLinks(), header), fmt, call.total)


def render_tei(call: Call, fmt: Format) -> Response:
    doc = archive().document(call.records[0]["id"])
    return _download(tei.tei_xml(doc, FlaskLinks(), site_name()), fmt, None)


RENDERERS: dict[str, Renderer] = {
    "csv": render_tabular,
    "jsonl": render_tabular,
    "csl": render_works,
    "bibtex": render_works,
    "ris": render_works,
    "cmif": render_cmif,
    "tei": render_tei,
}


# --- negotiation ----------------------------------------------------------------------------


def _format_args(names: list[str]) -> type[Schema]:
    listed = "; ".join(
        f"`{n}`: {FORMATS[n].description} (`{FORMATS[n].media_type}`)" for n in names
    )
    field = fields.String(
        validate=validate.OneOf(names),
        metadata={
            "description": "Format of the answer; overrides the `Accept` header, which may "
            f"ask for the same media types. {listed}. An export of a collection holds every "
            f"item the filters select, not one page (at most {EXPORT_LIMIT}; the "
            "`X-Total-Count` header gives the size of the whole collection)."
        },
    )
    return type(f"FormatArgs{'_'.join(names)}", (Schema,), {"format": field})


def _accepted(offered: list[Format]) -> Format | None:
    """The offered format the ``Accept`` header prefers; JSON when it names none."""
    accept = request.accept_mimetypes
    if not accept:
        return offered[0]
    types = [f.media_type for f in offered]
    best = accept.best_match(types)
    offers_jsonl = any(f.name == "jsonl" for f in offered)
    if best is None and offers_jsonl and accept.best_match(list(JSONL_ALIASES)) is not None:
        best = tabular.JSONL_MEDIA_TYPE
    return next((f for f in offered if f.media_type == best), None)


def _not_acceptable(offered: list[Format]) -> Response:
    names = ", ".join(f.media_type for f in offered)
    detail = (
        f"None of the media types in the Accept header is offered here; offered: {names}. "
        "The `format` query parameter chooses one too."
    )
    return problem_response(
        PROBLEMS[406], detail, errors=[{"name": "Accept", "in": "header", "detail": detail}]
    )


def _doc_responses(offered: list[Format]) -> dict[Any, Any]:
    content = {}
    for fmt in offered[1:]:
        schema: Mapping[str, Any] = {"type": "string"}
        if fmt.schema is not None:
            schema = fmt.schema
        elif fmt.binary:
            schema = {"type": "string", "format": "binary"}
        content[fmt.media_type] = {"schema": dict(schema)}
    return {200: {"content": content}, 406: "NOT_ACCEPTABLE"}


def _documented(**doc: Any) -> Callable[[View], View]:
    """flask-smorest's ``doc`` decorator (OpenAPI text merged into the operation), typed."""
    decorator: Callable[[View], View] = ApiBlueprint.doc(**doc)
    return decorator


def negotiate(
    blp: ApiBlueprint,
    *names: str,
    item_schema: type[Schema] | None = None,
    collection: bool = False,
) -> Callable[[View], View]:
    """Offer ``names`` besides JSON; put it right above the view function.

    ``collection`` views get every item (``page`` 1, ``per_page`` ``EXPORT_LIMIT``) when a
    format other than JSON is chosen; ``item_schema`` dumps their items for CSV and JSONL.
    """
    offered = [FORMATS["json"], *(FORMATS[n] for n in names)]
    schema = item_schema() if item_schema is not None else None

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            *rest, format_args = args
            requested = format_args.get("format")
            fmt = FORMATS[requested] if requested else _accepted(offered)
            if fmt is None:
                return _not_acceptable(offered)
            if fmt.name == "json":
                return view(*rest, **kwargs), {"Vary": "Accept"}
            if collection and rest and isinstance(rest[0], dict):
                rest[0] = {**rest[0], "page": 1, "per_page": EXPORT_LIMIT}
            result = view(*rest, **kwargs)
            records = result["items"] if collection else [result]
            total = int(result["total"]) if collection else None
            call = Call(list(records), kwargs, schema, total)
            response = RENDERERS[fmt.name](call, fmt)
            response.headers["Vary"] = "Accept"
            return response

        parsed = blp.arguments(_format_args([f.name for f in offered]), location="query")(wrapper)
        return cast(View, _documented(responses=_doc_responses(offered))(parsed))

    return decorator


# --- the whole archive ----------------------------------------------------------------------

blp = ApiBlueprint(
    "exports", __name__, description="The whole archive as one download, for bulk use."
)

DUMP_TYPES = ("document", "page", "section", "paragraph", "footnote", "work", "letter", "annex")
PLURALS = {"annex": "annexes"}


def _record_makers() -> dict[str, tuple[Callable[[Document], Iterable[Record]], Schema]]:
    """Per record type: the records of a document, built by the resources themselves."""
    from archive_api.api import (
        annexes,
        documents,
        footnotes,
        letters,
        pages,
        paragraphs,
        sections,
        works,
    )

    return {
        "document": (lambda d: [documents.document_record(d)], documents.DocumentSchema()),
        "page": (lambda d: (pages.page_record(d, p) for p in d.pages), pages.PageSchema()),
        "section": (
            lambda d: (sections.section_record(d, s) for s in d.sections),
            sections.SectionSchema(),
        ),
        "paragraph": (
            lambda d: (paragraphs.paragraph_record(d, p) for p in d.paragraphs),
            paragraphs.ParagraphSchema(),
        ),
        "footnote": (
            lambda d: (footnotes.footnote_record(d, n) for n in d.footnotes),
            footnotes.FootnoteSchema(),
        ),
        "work": (lambda d: (works.work_record(d, w) for w in d.works), works.WorkSchema()),
        "letter": (
            lambda d: (letters.letter_record(d, x) for x in d.letters),
            letters.LetterSchema(),
        ),
        "annex": (
            lambda d: (annexes.annex_record(d, a) for a in d.annexes),
            annexes.AnnexSchema(),
        ),
    }


def dump_lines(docs: Iterable[Document], record_type: str) -> Iterator[Record]:
    """Every record of one type, each led by ``type``, ``id`` and ``document_id``."""
    make, schema = _record_makers()[record_type]
    for doc in docs:
        for record in make(doc):
            dumped: Record = schema.dump(record)
            line: Record = {"type": record_type, "id": dumped["id"], "document_id": doc.id}
            line.update((k, v) for k, v in dumped.items() if k not in line)
            yield line


@blp.route("/dump")
@blp.alt_response(503, response="SERVICE_UNAVAILABLE")
@_documented(
    responses={
        200: {
            "description": "The archive as a zip.",
            "content": {ZIP: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
)
def dump() -> Response:
    """Download the whole archive

    A zip, streamed as it is written: one JSON Lines file per record type (`documents.jsonl`,
    `pages.jsonl`, `sections.jsonl`, `paragraphs.jsonl`, `footnotes.jsonl`, `works.jsonl`,
    `letters.jsonl`, `annexes.jsonl`), each line a record as its own resource returns it,
    led by `type`, `id` and `document_id`; then `manifest.json` (records, bytes and SHA-256
    of each file, records per type, the index generation) and `SHA256SUMS` for
    `sha256sum -c`.
    """
    health = archive().health()
    docs = archive().documents()
    info = {
        "source": site_name(),
        "base_url": request.url_root,
        "generation": health.get("generation"),
        "indexed_at": health.get("created_at"),
        "documents": len(docs),
    }
    files = [(f"{PLURALS.get(t, t + 's')}.jsonl", dump_lines(docs, t)) for t in DUMP_TYPES]
    chunks = dump_zip(files, info, zip_time(str(health.get("created_at") or "")))
    response = current_app.response_class(stream_with_context(chunks), mimetype=ZIP)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"archive-{health.get('generation') or 'dump'}")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response
