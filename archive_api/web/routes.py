"""The pages: ``/`` and ``/search`` to search, ``/read/<doc_id>`` to read a document.

They are HTML for people, not part of the JSON contract, and they read the archive the
same way the API does. Links carry ``?lang=`` only when the visitor chose a language in the
URL; otherwise every page follows the browser's ``Accept-Language``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, make_response, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from archive_api.api.common import document_url, letter_url
from archive_api.api.exports import document_citation, letter_citation
from archive_api.api.reader import archive
from archive_api.api.search import MAX_QUERY_LENGTH
from archive_api.errors import IndexUnavailable, NotFound
from archive_api.search.schema import RECORD_TYPES
from archive_api.web.highlights import find_in_document, located
from archive_api.web.i18n import LANGUAGES, Labels, choose_language
from archive_api.web.reading import build_reading
from archive_api.web.searching import SearchForm, build_results


class _Page:
    """Language and link-making for one request."""

    def __init__(self) -> None:
        accepted = {tag: float(quality) for tag, quality in request.accept_languages}
        self.lang, self.explicit = choose_language(request.args.get("lang"), accepted)
        self.labels = Labels(self.lang)

    def url(self, endpoint: str, **params: Any) -> str:
        if self.explicit:
            params["lang"] = self.lang
        return url_for(endpoint, **{k: v for k, v in params.items() if v not in (None, "", [])})

    def search_url(self, **params: Any) -> str:
        return self.url("web.search", **params)

    def read_url(self, doc_id: str, q: str | None = None) -> str:
        return self.url("web.read", doc_id=doc_id, q=q)

    def language_urls(self) -> dict[str, str]:
        """This page in each language (the current arguments kept)."""
        args: dict[str, Any] = request.args.to_dict(flat=False)
        endpoint = request.endpoint or "web.search"
        view_args = request.view_args or {}
        return {
            lang: url_for(endpoint, **view_args, **{**args, "lang": lang}) for lang in LANGUAGES
        }

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        html = render_template(
            template,
            t=self.labels,
            lang=self.lang,
            page=self,
            language_urls=self.language_urls(),
            **context,
        )
        response = make_response(html, status)
        response.headers["Content-Language"] = self.lang
        if not self.explicit:
            response.vary.add("Accept-Language")
        return response


def _styles(citation: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """The ready citations, the style of the page's language first: İSNAD is what Turkish
    historians use, Chicago what English-language journals ask for."""
    styles = [("İSNAD", citation["isnad"]), ("Chicago", citation["chicago"])]
    return styles if lang == "tr" else styles[::-1]


def make_blueprint() -> Blueprint:
    blp = Blueprint("web", __name__)

    @blp.get("/")
    @blp.get("/search")
    def search() -> Response:
        page = _Page()
        form = SearchForm.read(request.args)
        documents = archive().summaries()
        titles = {doc.id: doc.title for doc in documents}
        result = form.run(archive())
        results = None
        if result is not None:
            results = build_results(
                form, result, page.labels, titles, page.search_url, page.read_url
            )
        return page.render(
            "web_search.html",
            status=400 if form.errors else 200,
            form=form,
            results=results,
            documents=documents,
            record_types=RECORD_TYPES,
        )

    @blp.get("/read/<doc_id>")
    def read(doc_id: str) -> Response:
        page = _Page()
        doc = archive().document(doc_id)
        q = (request.args.get("q") or "").strip()
        if len(q) > MAX_QUERY_LENGTH:
            message = (
                f"{page.labels('query')}: {page.labels('err_too_long', limit=MAX_QUERY_LENGTH)}"
            )
            return page.render("web_error.html", status=400, message=message)
        found = find_in_document(archive(), doc.id, q)
        view = build_reading(doc, page.labels, found.spans)
        letters = {
            letter.id: _styles(
                letter_citation(doc, letter, letter_url(doc.id, letter.id) or ""), page.lang
            )
            for letter in doc.letters
        }
        return page.render(
            "web_read.html",
            doc=doc,
            view=view,
            q=q,
            found=located(doc, found.locations, page.labels),
            citation=_styles(document_citation(doc, document_url(doc.id)), page.lang),
            letter_citations=letters,
        )

    @blp.errorhandler(NotFound)
    def not_found(error: NotFound) -> Response:
        page = _Page()
        return page.render("web_error.html", status=404, message=page.labels("not_found"))

    @blp.errorhandler(IndexUnavailable)
    def unavailable(error: IndexUnavailable) -> Response:
        page = _Page()
        response = page.render("web_error.html", status=503, message=page.labels("unavailable"))
        response.headers["Retry-After"] = "5"
        return response

    @blp.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        page = _Page()
        return page.render(
            "web_error.html", status=error.code or 500, message=error.description or ""
        )

    return blp
