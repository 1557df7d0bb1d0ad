"""The search page and the reading view, through the Flask test client, read as HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api import create_app
from archive_api.api.spec import spec_dict

from .helpers import SEED, SEED_TITLE

READ = f"/read/{SEED}"
CICERIN = "Çiçerin"


def html(
    client: FlaskClient, url: str, status: int = 200, headers: dict[str, str] | None = None
) -> Any:
    response = client.get(url, headers=headers or {})
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == "text/html", (url, response.mimetype)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    return lxml.html.fromstring(text)


def text_of(node: Any) -> str:
    return " ".join(node.text_content().split())


def only(tree: Any, xpath: str) -> Any:
    found = tree.xpath(xpath)
    assert len(found) == 1, (xpath, len(found))
    return found[0]


def ids(tree: Any) -> set[str]:
    return set(tree.xpath("//@id"))


# --- language -----------------------------------------------------------------------------


def test_turkish_by_default_with_the_archive_listed(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.headers["Content-Language"] == "tr"
    assert "Accept-Language" in response.headers["Vary"]
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    assert tree.get("lang") == "tr"
    assert text_of(only(tree, "//h1")) == "Arşivde ara"
    link = only(tree, "//ul[@class='doc-list']//a")
    assert text_of(link) == SEED_TITLE
    assert link.get("href") == READ
    meta = only(tree, "//ul[@class='doc-list']//p[@class='meta']")
    assert [text_of(part) for part in meta.xpath("span")] == [
        "makale",
        "17 sayfa, 4 mektup, 41 dipnot, 4 ek",
    ]


def test_english_from_the_browser_and_from_the_url(client: FlaskClient) -> None:
    tree = html(client, "/", headers={"Accept-Language": "en-GB,en;q=0.8,tr;q=0.5"})
    assert tree.get("lang") == "en"
    assert text_of(only(tree, "//h1")) == "Search the archive"
    # The URL wins over the header, and links keep the choice.
    tree = html(client, "/search?lang=en", headers={"Accept-Language": "tr"})
    assert tree.get("lang") == "en"
    assert only(tree, "//ul[@class='doc-list']//a").get("href") == f"{READ}?lang=en"
    assert tree.xpath("//form[@role='search']//input[@name='lang']/@value") == ["en"]
    # An unknown language is no error: the header decides.
    tree = html(client, "/?lang=de", headers={"Accept-Language": "en"})
    assert tree.get("lang") == "en"


def test_language_links_keep_the_page(client: FlaskClient) -> None:
    tree = html(client, f"{READ}?q=Karabekir")
    links = {a.get("hreflang"): a.get("href") for a in tree.xpath("//nav[@class='languages']//a")}
    assert set(links) == {"tr", "en"}
    english = urlsplit(links["en"])
    assert english.path == READ
    assert parse_qs(english.query) == {"q": ["Karabekir"], "lang": ["en"]}
    assert text_of(only(html(client, links["en"]), "//nav[@class='toc']//h2")) == "Contents"


# --- search -------------------------------------------------------------------------------


def test_search_with_turkish_letters_marks_the_words(client: FlaskClient, app: Flask) -> None:
    tree = html(client, f"/search?q={CICERIN}")
    hits = tree.xpath("//ol[@class='hits']/li")
    assert len(hits) == 10
    with app.app_context():
        from archive_api.api.reader import archive

        expected = archive().search(CICERIN, per_page=10)
    assert text_of(only(tree, "//p[@class='summary']")) == f"1–10 / {expected.total} sonuç"
    titles = [text_of(h.xpath(".//h3")[0]) for h in hits]
    assert titles == [h.title for h in expected.hits]
    marks = [text_of(m) for m in tree.xpath("//p[@class='snippet']/mark")]
    assert marks and all(m.startswith(("Çiçerin", "Tchitcherine")) for m in marks), marks
    # The query comes back in the box as typed.
    assert only(tree, "//input[@id='f-q']").get("value") == CICERIN


def test_facets_count_and_narrow_the_hits(client: FlaskClient) -> None:
    tree = html(client, f"/search?q={CICERIN}")
    facets = {
        text_of(a.xpath(".//span[@class='facet-label']")[0]): int(
            text_of(a.xpath(".//span[@class='count']")[0])
        )
        for a in tree.xpath("//ul[@class='facet-type']//a")
    }
    assert facets["Mektup"] == 1
    assert facets["Paragraf"] == 11
    assert facets["Bölüm"] == 2
    letter = only(tree, "//ul[@class='facet-type']//a[contains(@href, 'type=letter')]")
    narrowed = html(client, letter.get("href"))
    hits = narrowed.xpath("//ol[@class='hits']/li")
    assert len(hits) == 1
    assert hits[0].get("class") == "hit type-letter"
    link = hits[0].xpath(".//h3/a")[0].get("href")
    assert link.startswith(f"{READ}?q=") and link.endswith("#letter-2")
    # The selected facet is marked and leads back to every type.
    selected = only(narrowed, "//ul[@class='facet-type']//a[@aria-current='true']")
    assert "type=" not in selected.get("href")
    assert only(narrowed, "//input[@name='type'][@value='letter']").get("checked") is not None


def test_year_document_and_kind_facets(client: FlaskClient) -> None:
    tree = html(client, "/search?q=Karabekir")
    years = tree.xpath("//ul[@class='facet-year']//a")
    # The letters of 1920, and Karabekir's memoirs, published in 1960.
    assert [text_of(a.xpath(".//span[@class='facet-label']")[0]) for a in years] == [
        "1920",
        "1960",
    ]
    narrowed = html(client, years[0].get("href"))
    assert only(narrowed, "//input[@id='f-date_from']").get("value") == "1920"
    assert only(narrowed, "//input[@id='f-date_to']").get("value") == "1920"
    documents = tree.xpath("//ul[@class='facet-document']//span[@class='facet-label']")
    assert [text_of(d) for d in documents] == [SEED_TITLE]
    kinds = {
        text_of(k) for k in tree.xpath("//ul[@class='facet-kind']//span[@class='facet-label']")
    }
    assert "Şifre" in kinds  # the cipher telegram to Kâzım Karabekir
    # Letter paragraphs ("letter") and the letter the text calls "mektup" stay apart.
    tree = html(client, f"/search?q={CICERIN}")
    kinds = {
        text_of(k) for k in tree.xpath("//ul[@class='facet-kind']//span[@class='facet-label']")
    }
    assert {"mektup (letter)", "mektup (mektup)"} <= kinds


def test_filters_from_the_form(client: FlaskClient) -> None:
    tree = html(client, "/search?type=letter&sender=Mustafa+Kemal&date_from=1920-06")
    hits = tree.xpath("//ol[@class='hits']/li")
    # Letters by Mustafa Kemal dated June 1920 or later: to Çiçerin and to Karabekir.
    assert [h.xpath(".//h3/a")[0].get("href").rsplit("#", 1)[1] for h in hits] == [
        "letter-3",
        "letter-4",
    ]
    assert text_of(only(tree, "//details[@class='filters']/summary")) == "Süzgeçler (3 etkin)"
    assert only(tree, "//input[@id='f-sender']").get("value") == "Mustafa Kemal"


def test_paging(client: FlaskClient) -> None:
    first = html(client, f"/search?q={CICERIN}")
    nxt = only(first, "//nav[@class='paging']//a[@rel='next']").get("href")
    assert parse_qs(urlsplit(nxt).query) == {"q": [CICERIN], "page": ["2"]}
    second = html(client, nxt)
    assert only(second, "//ol[@class='hits']").get("start") == "11"
    assert len(second.xpath("//ol[@class='hits']/li")) == 5
    assert only(second, "//a[@aria-current='page']").text_content().strip() == "2"
    assert not second.xpath("//a[@rel='next']")
    assert "page=" not in only(second, "//a[@rel='prev']").get("href")


def test_suggestion_and_order(client: FlaskClient) -> None:
    tree = html(client, "/search?q=Karabekri")
    suggestion = only(tree, "//p[@class='suggestion']/a")
    assert text_of(suggestion) == "karabekir"
    assert parse_qs(urlsplit(suggestion.get("href")).query)["q"] == ["karabekir"]
    by_date = only(tree, "//p[@class='sorting']/a")
    assert "sort=date" in by_date.get("href")
    dated = html(client, by_date.get("href"))
    assert text_of(only(dated, "//p[@class='sorting']/strong")) == "Tarih"


def test_every_hit_leads_to_its_place_in_the_reading_view(client: FlaskClient) -> None:
    for query in (CICERIN, "Karabekir", "Kinross", "Osmanlıca", "Brest"):
        tree = html(client, f"/search?q={query}&lang=en")
        for link in tree.xpath("//ol[@class='hits']/li//h3/a/@href"):
            path, _, anchor = link.partition("#")
            assert path.startswith(f"{READ}?"), link
            assert parse_qs(urlsplit(path).query) == {"q": [query], "lang": ["en"]}
            if anchor:
                assert anchor in ids(html(client, path)), (query, link)


def test_a_snippet_keeps_only_its_marks(client: FlaskClient) -> None:
    tree = html(client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E+Karabekir")
    assert tree.xpath("//script/@src") == ["/static/web.js"]  # no other script got in
    assert only(tree, "//input[@id='f-q']").get("value") == "<script>alert(1)</script> Karabekir"
    assert not tree.xpath("//p[@class='snippet']//*[not(self::mark)]")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=" + "a" * 501, "f-q"),
        ("q=x&date_from=1920-13", "f-date_from"),
        ("q=x&date_from=1921&date_to=1920", "f-date_from"),
        ("q=x&sender=...", "f-sender"),
        ("q=x&type=letters", "f-type"),
        ("q=x&page=zero", "f-q"),
        ("q=x&sort=alphabet", "f-sort"),
    ],
)
def test_bad_input_is_named_next_to_the_form(client: FlaskClient, query: str, field: str) -> None:
    tree = html(client, f"/search?{query}", status=400)
    alert = only(tree, "//div[@class='errors'][@role='alert']")
    assert alert.xpath(".//a/@href") == [f"#{field}"]
    assert not tree.xpath("//ol[@class='hits']")
    if "page=" not in query and tree.xpath(f"//input[@id='{field}']"):
        assert only(tree, f"//input[@id='{field}']").get("aria-invalid") == "true"


# --- reading view -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reading(app: Flask) -> Any:
    with app.test_client() as client:
        return html(client, READ)


def test_reading_view_has_contents_and_sections(reading: Any) -> None:
    assert text_of(only(reading, "//h1")) == SEED_TITLE
    toc = reading.xpath("//nav[@class='toc']/details/ol//a/@href")
    assert len(toc) == 11
    assert toc[0] == "#sec-giris" and toc[-1] == "#sec-sonuc"
    for href in toc:
        assert href[1:] in ids(reading)
    heading = only(reading, "//*[@id='sec-I.B.a']")
    assert heading.tag == "h4"  # level 3 under the page's h1
    assert text_of(heading).startswith("I.B.a. T.B.M.M. Başkam M.Kemal")
    # Page 7 begins with section I.B: its number stands in the margin beside the heading.
    heading = only(reading, "//*[@id='sec-I.B']")
    assert text_of(heading).startswith("I.B. T.B.M.M.")
    assert heading.getprevious().get("id") == "page-7"


def test_ids_are_unique(client: FlaskClient, reading: Any) -> None:
    for tree in (
        reading,
        html(client, f"{READ}?q={CICERIN}"),
        html(client, f"/search?q={CICERIN}"),
    ):
        every = tree.xpath("//@id")
        assert len(every) == len(set(every))
        for href in tree.xpath("//a[starts-with(@href, '#')]/@href"):
            assert href[1:] in every, href


def test_every_paragraph_has_its_anchor_and_link(reading: Any) -> None:
    paragraphs = reading.xpath("//div[contains(@class, 'para')]/p[@id]")
    assert len(paragraphs) == 122  # 133 paragraphs, 11 of them headings
    for p in paragraphs:
        link = p.getparent().xpath("a[@class='plink']")[0]
        assert link.get("href") == f"#{p.get('id')}"
    # Headings keep their paragraph ids as anchors.
    assert "p1" in ids(reading) and "p55" in ids(reading)
    assert text_of(only(reading, "//p[@id='p2']")).startswith("Rusya, I. Dünya Savaşı'nda")


def test_footnote_markers_lead_to_notes_and_back(reading: Any) -> None:
    markers = reading.xpath("//a[@class='noteref']")
    assert len(markers) == 41
    all_ids = ids(reading)
    for marker in markers:
        note_id = marker.get("href")[1:]
        assert note_id in all_ids
        note = only(reading, f"//li[@id='{note_id}']")
        assert note.xpath("a[@class='backref']/@href") == [f"#{marker.get('id')}"]
    one = only(reading, "//a[@id='ref-1']")
    assert one.getparent().get("id") == "p5"
    assert text_of(one) == "1"
    note = text_of(only(reading, "//li[@id='note-1']/span[@class='note-text']"))
    assert note.startswith("Lord Kinross, Atatürk, Bir Milletin Yeniden Doğuşu")
    assert only(reading, "//li[@id='note-1']/a[@class='work-link']").get("href") == (
        "#work-kinross-ataturk-bir-milletin"
    )
    star = only(reading, "//a[@id='ref-star']")
    assert star.get("href") == "#note-star"
    assert star.xpath("ancestor::p/@id") == ["p16"]


def test_letters_are_framed_with_their_facts(reading: Any) -> None:
    letters = reading.xpath("//article[@class='letter']")
    assert [a.get("id") for a in letters] == ["letter-1", "letter-2", "letter-3", "letter-4"]
    first = letters[0]
    assert "Mustafa Kemal" in text_of(first.xpath(".//*[@class='letter-title']")[0])
    meta = text_of(first.xpath(".//dl")[0])
    assert "9.5.1336 (1920) [Rumi] · 1920-05-09" in meta
    assert "Ankara" in meta and "Tahrirat" in meta
    assert first.xpath(".//time/@datetime") == ["1920-05-09"]
    assert first.xpath(".//a[contains(@class, 'annex')]/@href") == ["#annex-1"]
    assert first.xpath(".//div[@class='letter-body']//p/@id") == [f"p{n}" for n in range(57, 63)]
    # The third letter is dated from the prose around it, and says so.
    assert "metinden çıkarıldı" in text_of(letters[2].xpath(".//dl")[0])
    assert "U/851" in text_of(letters[1].xpath(".//dl")[0])


def test_annex_references_are_marked_in_the_text(reading: Any) -> None:
    for number in range(1, 5):
        ref = only(reading, f"//a[@id='ek-{number}']")
        assert ref.get("class") == "annex-ref"
        assert text_of(ref).startswith("(Ek")
        assert ref.get("href") == f"#annex-{number}"
        entry = only(reading, f"//li[@id='annex-{number}']")
        assert entry.xpath("a/@href")[0] == f"#ek-{number}"
        assert entry.xpath("a/@href")[1] == f"#letter-{number}"
    # Note 25 is glued inside the first reference: it follows it, not nested in a link.
    assert text_of(only(reading, "//a[@id='ek-1']")) == "(Ek: 1 Osmanlıca Belge)"
    marker = only(reading, "//a[@id='ref-25']")
    assert marker.xpath("ancestor::a") == []
    assert marker.getprevious().get("id") == "ek-1"


def test_page_numbers_in_the_margin(reading: Any) -> None:
    pages = reading.xpath("//span[contains(@class, 'pageno')]")
    assert [p.get("id") for p in pages] == [f"page-{n}" for n in range(1, 18)]
    assert text_of(pages[0]) == "s. 1"
    # Page 8 begins inside paragraph 56, which runs on from page 7.
    eight = only(reading, "//span[@id='page-8']")
    assert "within" in eight.get("class")
    assert eight.getprevious().xpath("p/@id") == ["p56"]
    assert reading.xpath("//ul[@class='page-list']//a/@href") == [
        f"#page-{n}" for n in range(1, 18)
    ]


def test_works_cited(reading: Any) -> None:
    works = reading.xpath("//ul[@class='work-list']/li")
    assert len(works) == 21
    kinross = only(reading, "//li[@id='work-kinross-ataturk-bir-milletin']")
    assert kinross.xpath(".//span[@class='cited-in']/a/@href") == ["#note-1", "#note-4"]


def test_reading_view_highlights_what_the_search_found(client: FlaskClient) -> None:
    tree = html(client, f"{READ}?q={CICERIN}")
    found = tree.xpath("//div[@class='found']//li/a/@href")
    assert len(found) == 13  # 11 paragraphs and 2 section headings
    all_ids = ids(tree)
    assert all(href[1:] in all_ids for href in found)
    assert "#p26" in found and "#sec-II" in found
    marks = [text_of(m) for m in tree.xpath("//div[@class='text']//mark")]
    assert len(marks) >= 13
    # The name as the article writes it, and as the letters spell it.
    assert {m.split("'")[0] for m in marks} == {"Çiçerin", "Tchitcherine", "Chicherin"}
    heading = only(tree, "//*[@id='sec-II']")
    assert [text_of(m) for m in heading.xpath(".//mark")] == ["Çiçerin'in"]
    # The marks in a footnote come from the same search.
    notes = html(client, f"{READ}?q=Kazım+Karabekir")
    note = only(notes, "//li[@id='note-23']")
    assert [text_of(m) for m in note.xpath(".//mark")] == ["Kâzım", "Karabekir"]
    # A query found nowhere says so.
    none = html(client, f"{READ}?q=zzzyx")
    assert "bulunamadı" in text_of(only(none, "//div[@class='found']"))
    assert not none.xpath("//mark")


def test_reading_view_refuses_a_query_too_long_to_search(client: FlaskClient) -> None:
    tree = html(client, f"{READ}?q={'a' * 501}&lang=en", status=400)
    assert text_of(only(tree, "//p[@role='alert']")) == (
        "Words to find: It can be at most 500 characters long."
    )


def test_unknown_document_is_a_page_too(client: FlaskClient) -> None:
    tree = html(client, "/read/no-such-document", status=404)
    assert text_of(only(tree, "//p[@role='alert']")) == "Böyle bir belge yok."
    english = html(client, "/read/no-such-document?lang=en", status=404)
    assert text_of(only(english, "//p[@role='alert']")) == "There is no such document."


def test_no_index_yet_is_a_503_page(tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(tmp_path / "documents"),
            "ARCHIVE_INDEX_DIR": str(tmp_path / "index"),
        }
    )
    response = app.test_client().get("/search?q=Karabekir")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert response.headers["Retry-After"] == "5"
    assert "hazır değil" in response.get_data(as_text=True)


def test_pages_load_nothing_from_elsewhere(client: FlaskClient) -> None:
    for url in ("/", f"/search?q={CICERIN}", READ):
        response = client.get(url)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        tree = lxml.html.fromstring(response.get_data(as_text=True))
        for ref in tree.xpath("//link/@href | //script/@src | //img/@src"):
            assert ref.startswith("/static/"), ref
            assert client.get(ref).status_code == 200


def test_pages_are_keyboard_usable(client: FlaskClient) -> None:
    for url in ("/", f"/search?q={CICERIN}", READ):
        tree = html(client, url)
        skip = tree.xpath("//body/a[1]")[0]
        assert skip.get("class") == "skip" and skip.get("href") == "#main"
        assert only(tree, "//main").get("id") == "main"
        assert len(tree.xpath("//h1")) == 1
        for field in tree.xpath("//input[not(@type='hidden')] | //select"):
            labelled = tree.xpath(f"//label[@for='{field.get('id')}']") or field.xpath(
                "ancestor::label"
            )
            assert labelled, lxml.html.tostring(field)


def test_pages_stay_out_of_the_contract(app: Flask) -> None:
    paths = spec_dict(app)["paths"]
    assert paths and not {"/", "/search"} & set(paths)
    assert not [path for path in paths if path.startswith("/read")]


def test_cite_this_matches_the_api(client: FlaskClient) -> None:
    tree = html(client, READ)
    api = client.get(f"/api/v1/documents/{SEED}").get_json()["citation"]
    styles = [text_of(dt) for dt in tree.xpath("//div[@class='cite']//dt")]
    texts = [text_of(dd) for dd in tree.xpath("//div[@class='cite']//dd")]
    assert styles == ["İSNAD", "Chicago"]  # the style Turkish historians use comes first
    assert texts == [api["isnad"], api["chicago"]]
    assert texts[0].endswith(f"http://localhost/api/v1/documents/{SEED}.")
    letter = client.get(f"/api/v1/documents/{SEED}/letters/letter-1").get_json()["citation"]
    cite = only(tree, "//article[@id='letter-1']//details[@class='cite']")
    assert [text_of(dd) for dd in cite.xpath(".//dd")] == [letter["isnad"], letter["chicago"]]
    assert "Rumi 9.5.1336/9 Mayıs 1920" in letter["isnad"]
    english = html(client, f"{READ}?lang=en")
    assert [text_of(dt) for dt in english.xpath("//div[@class='cite']//dt")] == [
        "Chicago",
        "İSNAD",
    ]
