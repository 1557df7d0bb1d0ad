"""The catalogue of hostile requests: each with the answer the service owes it.

Every entry is one named request and the statuses it may get. A 4xx must be a problem
document; a 2xx is allowed only where the input is text a historian may legitimately search
for (quotes, ``*``, ``a.g.e.``, query-language words), and then it must be ordinary JSON.
``blames`` names the parameter a 400 must point at. ``bug`` marks a case the service still
answers wrongly: the case stays in the table, expected to fail until the bug is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .harness import SEED, TOKEN

DOC = f"/api/v1/documents/{SEED}"
SEARCH = "/api/v1/search"


@dataclass(frozen=True)
class Bad:
    name: str
    url: str
    expect: tuple[int, ...]
    method: str = "GET"
    body: bytes | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    blames: str | None = None
    check: Callable[[Any], None] | None = None  # more to assert on a 2xx body
    bug: str | None = None


def _finds(record_type: str, minimum: int = 1) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        assert body["total"] >= minimum, body["total"]
        assert record_type in {hit["type"] for hit in body["items"]}, body["items"]

    return check


def _empty(body: Any) -> None:
    assert body["total"] == 0 and body["items"] == [], body["total"]


def _page_one(body: Any) -> None:
    assert body["page"] == 1, body["page"]


def _quoted(q: str) -> str:
    from urllib.parse import quote

    return quote(q, safe="")


TEXT_QUERIES: list[Bad] = [
    Bad("unbalanced-open-quote", f"{SEARCH}?q=%22Mustafa%20Kemal", (200,), check=_finds("letter")),
    Bad("unbalanced-close-quote", f"{SEARCH}?q=Mustafa%22", (200,), check=_finds("paragraph")),
    Bad("lone-star", f"{SEARCH}?q=*", (200,)),
    Bad("lone-question-mark", f"{SEARCH}?q=%3F", (200,)),
    Bad("op-cit-abbreviation", f"{SEARCH}?q=a.g.e.", (200,), check=_finds("footnote")),
    Bad("open-parenthesis", f"{SEARCH}?q=(", (200,)),
    Bad("close-bracket", f"{SEARCH}?q=%5D", (200,)),
    Bad("range-syntax", f"{SEARCH}?q={_quoted('[a TO z]')}", (200,)),
    Bad("boolean-words-only", f"{SEARCH}?q=NOT%20OR%20AND", (200,)),
    Bad("field-syntax", f"{SEARCH}?q=title:Ankara", (200,)),
    Bad("fuzzy-and-boost", f"{SEARCH}?q=Ankara~2%5E3", (200,)),
    Bad("backslash", f"{SEARCH}?q=%5C", (200,)),
    Bad("wildcards-around", f"{SEARCH}?q=*istan*", (200,)),
    Bad("crlf-in-query", f"{SEARCH}?q=%0D%0ASet-Cookie:%20x=1", (200,), check=_empty),
    Bad("escape-character", f"{SEARCH}?q=%1B%5B31m", (200,)),
    Bad("dotted-capital-i", f"{SEARCH}?q=%C4%B0STANBUL", (200,), check=_finds("paragraph")),
    Bad("ascii-folded-turkish", f"{SEARCH}?q=Cicerin", (200,), check=_finds("letter")),
    Bad("query-of-500-chars", f"{SEARCH}?q={'a' * 500}", (200,)),
    Bad("traversal-as-filter", f"{SEARCH}?document=..%2F..%2Fetc%2Fpasswd", (200,), check=_empty),
]

ENCODING: list[Bad] = [
    Bad("broken-utf8-query", f"{SEARCH}?q=%FF%FE", (400,), blames="q"),
    Bad("overlong-utf8-query", f"{SEARCH}?q=%C0%AF", (400,), blames="q"),
    Bad("surrogate-utf8-query", f"{SEARCH}?q=%ED%A0%80", (400,), blames="q"),
    Bad(
        "broken-utf8-filter",
        "/api/v1/letters?sender=%FF",
        (400,),
        blames="sender",
    ),
    Bad("broken-utf8-integer", "/api/v1/documents?page=%FF", (400,), blames="page"),
    Bad("broken-utf8-doc-id", "/api/v1/documents/%FF%FE", (404,)),
    Bad("broken-utf8-footnote", f"{DOC}/footnotes/%C3%28", (404,)),
    Bad("nul-in-query", f"{SEARCH}?q=Ankara%00", (400,), blames="q"),
    Bad("nul-in-filter", "/api/v1/letters?sender=Kemal%00", (400,), blames="sender"),
    Bad("nul-in-doc-id", "/api/v1/documents/turk%00sovyet", (404,)),
    Bad("nul-in-work-id", f"{DOC}/works/%00", (404,)),
    Bad("nul-parameter-name", "/api/v1/documents?%00=1", (200,), check=_page_one),
]

LENGTHS: list[Bad] = [
    Bad("query-of-501-chars", f"{SEARCH}?q={'a' * 501}", (400,), blames="q"),
    Bad("query-of-100-kb", f"{SEARCH}?q={'a' * 100_000}", (400,), blames="q"),
    Bad("query-of-100-kb-words", f"{SEARCH}?q={'Ankara%20' * 12_000}", (400,), blames="q"),
    Bad("doc-id-of-10-kb", f"/api/v1/documents/{'a' * 10_000}", (404,)),
    Bad("sender-of-100-kb", f"/api/v1/letters?sender={'k' * 100_000}", (200, 400)),
]

TRAVERSAL: list[Bad] = [
    Bad("dotdot-slash", "/api/v1/documents/../../etc/passwd", (404,)),
    Bad("encoded-dotdot-slash", "/api/v1/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd", (404,)),
    Bad("half-encoded-dotdot", "/api/v1/documents/..%2f..%2fetc%2fpasswd", (404,)),
    Bad("upper-encoded-dotdot", "/api/v1/documents/%2E%2E%2F", (404,)),
    Bad("encoded-dotdot-alone", "/api/v1/documents/%2e%2e", (404,)),
    Bad("encoded-backslashes", "/api/v1/documents/..%5c..%5cwindows%5cwin.ini", (404,)),
    Bad("encoded-dotdot-backslash", "/api/v1/documents/%2e%2e%5c", (404,)),
    Bad("double-encoded-dotdot", "/api/v1/documents/%252e%252e%252f", (404,)),
    Bad("dotdot-semicolon", "/api/v1/documents/..;/", (404,)),
    Bad("dotdot-in-page", f"{DOC}/pages/..%2f..%2f..", (404,)),
    Bad("dotdot-in-footnote", f"{DOC}/footnotes/..%2f..%2fmanifest.json", (404,)),
    Bad("dotdot-in-section", f"{DOC}/sections/..", (404,)),
    Bad("backslash-in-letter", f"{DOC}/letters/..%5C..%5C", (404,)),
    Bad("absolute-path-id", "/api/v1/documents/%2Fetc%2Fpasswd", (404,)),
    Bad("id-with-extension", f"/api/v1/documents/{SEED}.txt", (404,)),
    Bad("id-of-metadata-file", f"/api/v1/documents/{SEED}.json", (404,)),
    Bad("index-pointer-as-id", "/api/v1/documents/CURRENT", (404,)),
]

NUMBERS: list[Bad] = [
    Bad("page-zero", "/api/v1/documents?page=0", (400,), blames="page"),
    Bad("page-negative", "/api/v1/documents?page=-1", (400,), blames="page"),
    Bad("page-huge", "/api/v1/documents?page=99999999999999999999999", (400,), blames="page"),
    Bad("page-over-limit", f"{SEARCH}?q=Ankara&page=10001", (400,), blames="page"),
    Bad("page-at-limit", f"{SEARCH}?q=Ankara&page=10000", (200,), check=lambda b: None),
    Bad("page-float", "/api/v1/documents?page=1.5", (400,), blames="page"),
    Bad("page-exponent", "/api/v1/documents?page=1e3", (400,), blames="page"),
    Bad("page-hex", "/api/v1/documents?page=0x10", (400,), blames="page"),
    Bad("page-nan", "/api/v1/documents?page=NaN", (400,), blames="page"),
    Bad("page-empty", "/api/v1/documents?page=", (400,), blames="page"),
    Bad("per-page-zero", "/api/v1/documents?per_page=0", (400,), blames="per_page"),
    Bad("per-page-negative", "/api/v1/documents?per_page=-5", (400,), blames="per_page"),
    Bad("per-page-over-limit", "/api/v1/documents?per_page=101", (400,), blames="per_page"),
    Bad("per-page-huge", "/api/v1/letters?per_page=1" + "0" * 40, (400,), blames="per_page"),
    Bad("path-page-zero", f"{DOC}/pages/0", (404,)),
    Bad("path-page-negative", f"{DOC}/pages/-1", (404,)),
    Bad("path-page-huge", f"{DOC}/pages/99999999999999999999999999", (404,)),
    Bad("path-annex-exponent", f"{DOC}/annexes/1e9", (404,)),
    Bad("path-annex-huge", f"{DOC}/annexes/{'9' * 400}", (404,)),
    Bad("impossible-date", "/api/v1/letters?date_from=2020-13-45", (400,), blames="date_from"),
    Bad("february-30", f"{SEARCH}?date_to=1920-02-30", (400,), blames="date_to"),
    Bad("date-words", "/api/v1/letters?date_from=yesterday", (400,), blames="date_from"),
    Bad("dates-reversed", "/api/v1/letters?date_from=1920&date_to=1919", (400,), blames="date_to"),
    Bad("unknown-record-type", f"{SEARCH}?q=Ankara&type=bogus", (400,), blames="type"),
    Bad("empty-query-no-filter", f"{SEARCH}?q=", (400,), blames="q"),
    Bad("blank-query-no-filter", f"{SEARCH}?q=%20%20%09", (400,), blames="q"),
]

DUPLICATES: list[Bad] = [
    Bad("duplicate-page", "/api/v1/documents?page=1&page=2", (200,), check=_page_one),
    Bad("duplicate-query", f"{SEARCH}?q=Karabekir&q=zzzz", (200,), check=_finds("letter")),
    Bad("duplicate-type-is-a-list", f"{SEARCH}?q=Ankara&type=letter&type=footnote", (200,)),
    Bad("duplicate-with-bad-one", f"{SEARCH}?q=Ankara&type=letter&type=bogus", (400,)),
    Bad("many-parameters", "/api/v1/documents?" + "&".join(f"x{i}=1" for i in range(2000)), (200,)),
]

METHODS: list[Bad] = [
    Bad(
        "post-to-search", SEARCH, (405,), method="POST", body=b"{}", content_type="application/json"
    ),
    Bad("put-on-collection", "/api/v1/documents", (405,), method="PUT"),
    Bad("patch-a-document", f"/api/v1/documents/{SEED}", (405,), method="PATCH"),
    Bad("delete-a-letter", f"{DOC}/letters/letter-1", (405,), method="DELETE"),
    Bad("trace", "/api/v1/documents", (405,), method="TRACE"),
    Bad("connect", "/api/v1/health", (405,), method="CONNECT"),
    Bad("propfind", "/api/v1/documents", (405,), method="PROPFIND"),
    Bad("invented-method", "/api/v1/documents", (405,), method="BREW"),
    Bad("unknown-path", "/api/v1/nothing-here", (404,)),
    Bad("api-root", "/api/v1/", (404,)),
    Bad("trailing-slash", "/api/v1/documents/", (404,)),
]

# Bodies and headers on read endpoints: ignored, never a crash.
ODD_REQUESTS: list[Bad] = [
    Bad(
        "json-bomb-body-on-get",
        f"{SEARCH}?q=Ankara",
        (200, 400, 413),
        body=b"[" * 50_000,
        content_type="application/json",
    ),
    Bad(
        "xml-body-on-get",
        "/api/v1/documents",
        (200, 400, 415),
        body=b"<!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>",
        content_type="application/xml",
    ),
    Bad("accept-xml", "/api/v1/documents", (200, 406), headers={"Accept": "application/xml"}),
    Bad("accept-garbage", "/api/v1/documents", (200, 406), headers={"Accept": "\x01/\x02"}),
    Bad(
        "if-none-match-garbage", f"/api/v1/documents/{SEED}", (200,), headers={"If-None-Match": "x"}
    ),
    Bad(
        "range-header", f"/api/v1/documents/{SEED}", (200, 206, 416), headers={"Range": "bytes=-1"}
    ),
]

DOCS = "/api/v1/documents"
JSON = "application/json"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _json(value: Any) -> bytes:
    import json

    return json.dumps(value).encode()


def _post(name: str, body: bytes, expect: tuple[int, ...], **kwargs: Any) -> Bad:
    """A POST of a new document with the valid token, unless ``headers`` says otherwise."""
    kwargs.setdefault("headers", AUTH)
    kwargs.setdefault("content_type", JSON)
    return Bad(name, DOCS, expect, method="POST", body=body, **kwargs)


def _multipart(*parts: tuple[str, str | None, bytes]) -> tuple[bytes, str]:
    """A multipart body of (field name, file name or None, content) parts."""
    boundary = "robustness-boundary-7c1f"
    chunks = []
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
        chunks.append(head + content + b"\r\n")
    body = b"".join(chunks) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _upload(name: str, expect: tuple[int, ...], *parts: tuple[str, str | None, bytes]) -> Bad:
    body, content_type = _multipart(*parts)
    return _post(name, body, expect, content_type=content_type)


TEXT = _json({"text": "Ankara, 9.5.1336"})
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
DEEP = b"[" * 100_000 + b"]" * 100_000

AUTHORIZATION: list[Bad] = [
    _post("write-without-token", TEXT, (401,), headers={}),
    _post("write-with-wrong-token", TEXT, (401,), headers={"Authorization": "Bearer nope"}),
    _post("write-with-basic-auth", TEXT, (401,), headers={"Authorization": "Basic YTpi"}),
    _post("write-with-empty-bearer", TEXT, (401,), headers={"Authorization": "Bearer "}),
    Bad("write-token-in-query", f"{DOCS}?access_token={TOKEN}", (401,), "POST", TEXT, JSON),
    Bad("delete-without-token", f"{DOCS}/{SEED}", (401,), method="DELETE"),
    Bad("put-without-token", f"{DOCS}/{SEED}", (401,), method="PUT", body=TEXT, content_type=JSON),
]

WRITE_BODIES: list[Bad] = [
    _post("body-as-plain-text", b"Ankara", (415,), content_type="text/plain"),
    _post("body-as-xml", b"<doc><text>x</text></doc>", (415,), content_type="application/xml"),
    _post("body-as-form", b"text=Ankara", (415,), content_type="application/x-www-form-urlencoded"),
    _post("body-without-content-type", TEXT, (415,), content_type=None),
    _post("body-in-latin-1", '{"text": "çay"}'.encode("latin-1"), (400,)),
    _post("body-broken-utf8", b'{"text": "\xff\xfe"}', (400,)),
    _post("body-empty", b"", (400,)),
    _post("body-truncated-json", b'{"text": "Ank', (400,)),
    _post("body-json-array", b"[1, 2]", (422,), blames="body"),
    _post("body-json-null", b"null", (422,), blames="body"),
    _post("body-unknown-field", _json({"text": "x", "path": "/etc/passwd"}), (422,), blames="body"),
    _post("text-missing", _json({"metadata": {}}), (422,), blames="text"),
    _post("text-a-number", _json({"text": 5}), (422,), blames="text"),
    _post("text-empty", _json({"text": ""}), (422,), blames="text"),
    _post("text-blank", _json({"text": " \n\t "}), (422,), blames="text"),
    _post("text-with-nul", b'{"text": "Ankara\\u0000"}', (422,), blames="text"),
    _post("text-lone-surrogate", b'{"text": "\\ud800 Ankara"}', (422,), blames="text"),
    _post("metadata-a-list", _json({"text": "x", "metadata": [1]}), (422,), blames="metadata"),
    _post("metadata-title-number", _json({"text": "x", "metadata": {"title": 5}}), (422,)),
    _post("metadata-authors-string", _json({"text": "x", "metadata": {"authors": "a"}}), (422,)),
    _post(
        "metadata-impossible-date", _json({"text": "x", "metadata": {"date": "2020-13-01"}}), (422,)
    ),
    _post("metadata-unknown-field", _json({"text": "x", "metadata": {"evil": "x"}}), (422,)),
    _post("duplicate-json-keys", b'{"text": "bir", "text": "iki"}', (201, 400, 422)),
    _post("id-taken", _json({"id": SEED, "text": "x"}), (409,)),
    _post("id-a-number", _json({"id": 5, "text": "x"}), (422,), blames="id"),
]

WRITE_IDS: list[Bad] = [
    _post(f"id-{name}", _json({"id": doc_id, "text": "Ankara"}), (422,), blames="id")
    for name, doc_id in [
        ("dotdot-slash", "../../etc/passwd"),
        ("encoded-dotdot", "..%2f..%2fx"),
        ("backslashes", "..\\..\\x"),
        ("with-slash", "a/b"),
        ("upper-case", "ABC"),
        ("of-200-chars", "a" * 200),
        ("empty", ""),
        ("hidden-file", ".hidden"),
        ("index-pointer", "CURRENT"),
        ("with-nul", "a\x00b"),
        ("turkish-letters", "çay"),
    ]
] + [
    Bad("put-encoded-dotdot", f"{DOCS}/%2e%2e", (422,), "PUT", TEXT, JSON, AUTH, "id"),
    Bad("put-slash-traversal", f"{DOCS}/..%2f..%2fx", (404,), "PUT", TEXT, JSON, AUTH),
    Bad("put-backslash-traversal", f"{DOCS}/..%5cx", (422,), "PUT", TEXT, JSON, AUTH, "id"),
    Bad(
        "put-id-mismatch", f"{DOCS}/abc", (422,), "PUT", _json({"id": "x", "text": "y"}), JSON, AUTH
    ),
    Bad("delete-encoded-dotdot", f"{DOCS}/%2e%2e", (404,), "DELETE", headers=AUTH),
    Bad("delete-slash-traversal", f"{DOCS}/..%2f..%2fetc", (404,), "DELETE", headers=AUTH),
    Bad("delete-index-pointer", f"{DOCS}/CURRENT", (404,), "DELETE", headers=AUTH),
    Bad("delete-absent", f"{DOCS}/no-such-document", (404,), "DELETE", headers=AUTH),
    Bad("post-to-a-document", f"{DOCS}/{SEED}", (405,), "POST", TEXT, JSON, AUTH),
]

BOMBS: list[Bad] = [
    _post("json-nested-100k-deep", DEEP, (400, 413)),
    _post(
        "json-nested-in-metadata", b'{"text": "x", "metadata": {"a": ' + DEEP + b"}}", (400, 413)
    ),
    _post("text-of-6-mb", _json({"text": "a " * 3_000_000}), (413,)),
    _post("body-of-12-mb", b'{"text": "' + b"a" * 12_000_000 + b'"}', (413,)),
    _post(
        "metadata-100k-keys",
        _json({"text": "x", "metadata": {f"k{i}": i for i in range(100_000)}}),
        (413, 422),
    ),
    _post("body-100k-keys", _json({f"k{i}": i for i in range(100_000)}), (413, 422)),
    _post(
        "metadata-string-of-1-mb",
        _json({"text": "x", "metadata": {"notes": "n" * 1_000_000}}),
        (201, 413, 422),
    ),
]

UPLOADS: list[Bad] = [
    _upload("upload-without-file", (422,), ("id", None, b"abc")),
    _upload("upload-two-files", (422,), ("file", "a.txt", b"Ankara"), ("file", "b.txt", b"Bursa")),
    _upload("upload-executable", (422,), ("file", "run.exe", b"MZ\x90\x00")),
    _upload("upload-png-named-txt", (422,), ("file", "scan.txt", PNG)),
    _upload(
        "upload-bad-metadata", (422,), ("file", "a.txt", b"Ankara"), ("metadata", None, b"{no")
    ),
    _upload(
        "upload-metadata-array", (422,), ("file", "a.txt", b"Ankara"), ("metadata", None, b"[]")
    ),
    _upload("upload-traversal-id", (422,), ("file", "a.txt", b"Ankara"), ("id", None, b"../x")),
    _upload(
        "upload-traversal-filename", (201, 422), ("file", "../../../etc/passwd.txt", b"Ankara")
    ),
    _upload("upload-empty-file", (422,), ("file", "a.txt", b"")),
]

CATALOGUE: list[Bad] = [
    *TEXT_QUERIES,
    *ENCODING,
    *LENGTHS,
    *TRAVERSAL,
    *NUMBERS,
    *DUPLICATES,
    *METHODS,
    *ODD_REQUESTS,
    *AUTHORIZATION,
    *WRITE_BODIES,
    *WRITE_IDS,
    *BOMBS,
    *UPLOADS,
]
