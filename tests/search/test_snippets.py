from __future__ import annotations

from typing import Any

from archive_api.search.snippets import ELLIPSIS, make_snippet, match_spans, weighted_spans
from archive_api.text.analysis import (
    exact_analyzer,
    fold_analyzer,
    ocr_analyzer,
    stem_analyzer,
)

ANALYZERS = {"exact": exact_analyzer(), "fold": fold_analyzer(), "ocr": ocr_analyzer()}

BODY = (
    "Sovyetler Birliği Dışişleri Komiseri Çiçerin tarafından verilen yanıta karşı "
    "özellikle Kazım Karabekir çok kızıyor."
)


def test_spans_come_from_the_field_that_matched() -> None:
    spans = match_spans(BODY, {"fold": {"cicerin"}}, ANALYZERS)
    assert [BODY[s:e] for s, e in spans] == ["Çiçerin"]


def test_ocr_key_marks_the_damaged_word() -> None:
    body = '"Kesin banş antlaşması imzalanıncaya kadar'
    keys = {t.text for t in ocr_analyzer()("barış")}
    spans = match_spans(body, {"ocr": keys}, ANALYZERS)
    assert [body[s:e] for s, e in spans] == ["banş"]


def test_fields_without_an_analyzer_or_terms_are_ignored() -> None:
    assert match_spans(BODY, {"title": {"kazım"}, "exact": set()}, ANALYZERS) == []


def test_overlapping_spans_from_two_fields_are_merged() -> None:
    spans = match_spans(BODY, {"exact": {"kazım"}, "fold": {"kazim"}}, ANALYZERS)
    assert [BODY[s:e] for s, e in spans] == ["Kazım"]


def test_snippet_marks_the_match_and_escapes_the_rest() -> None:
    body = "Sevr <Andlaşması> & Gümrü Barışı"
    start = body.index("Gümrü")
    snippet = make_snippet(body, [(start, start + len("Gümrü"))])
    assert snippet == "Sevr &lt;Andlaşması&gt; &amp; <mark>Gümrü</mark> Barışı"


def test_marked_text_is_escaped_too() -> None:
    body = "a <b> c"
    assert make_snippet(body, [(2, 5)]) == "a <mark>&lt;b&gt;</mark> c"


def test_long_body_is_cut_around_the_match_on_word_edges() -> None:
    body = " ".join(["Moskova"] * 60 + ["Tchitcherine"] + ["Ankara"] * 60)
    start = body.index("Tchitcherine")
    snippet = make_snippet(body, [(start, start + 12)], width=80)
    assert "<mark>Tchitcherine</mark>" in snippet
    assert snippet.startswith(ELLIPSIS) and snippet.endswith(ELLIPSIS)
    inner = snippet.strip(ELLIPSIS).replace("<mark>", "").replace("</mark>", "")
    assert set(inner.split()) <= {"Moskova", "Tchitcherine", "Ankara"}
    assert len(inner) < 120


def test_window_prefers_the_densest_run_of_matches() -> None:
    words = ["Bolşevik"] + ["ve"] * 80 + ["Bolşevik", "Çiçerin", "Bolşevik"]
    body = " ".join(words)
    spans = [(i, i + len("Bolşevik")) for i in _find_all(body, "Bolşevik")]
    snippet = make_snippet(body, spans, width=60)
    assert snippet.count("<mark>Bolşevik</mark>") == 2


def test_no_match_gives_the_opening_words() -> None:
    body = "Ankara, 9.5.1336 (1920)\n\nTahrirat\n\nUmuru Maliye"
    assert make_snippet(body, []) == "Ankara, 9.5.1336 (1920) Tahrirat Umuru Maliye"


def test_whitespace_runs_become_single_spaces() -> None:
    body = "Büyük Millet Meclisi Reisi\nMustafa  Kemal"
    start = body.index("Mustafa")
    assert make_snippet(body, [(start, start + 7)]) == (
        "Büyük Millet Meclisi Reisi <mark>Mustafa</mark> Kemal"
    )


def _find_all(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start != -1:
        found.append(start)
        start = text.find(word, start + 1)
    return found


def test_weighted_spans_keep_the_best_field_of_a_word() -> None:
    weights = {"exact": 4.0, "fold": 2.0, "ocr": 0.5}
    spans = weighted_spans(BODY, {"exact": {"kazım"}, "fold": {"kazim"}}, ANALYZERS, weights)
    assert [(BODY[s:e], w) for s, e, w in spans] == [("Kazım", 4.0)]
    folded = weighted_spans(BODY, {"fold": {"cicerin"}}, ANALYZERS, weights)
    assert [w for _, _, w in folded] == [2.0]


def test_window_prefers_the_strongest_match_over_a_crowd_of_weak_ones() -> None:
    # Two stemmed relatives at the start, the exact word far later: the snippet shows it.
    words = ["Savaşı", "savaşa"] + ["ve"] * 80 + ["savaşmışlardır"]
    body = " ".join(words)
    weak = [(i, i + len(w)) for i, w in ((body.index(w), w) for w in words[:2])]
    start = body.index("savaşmışlardır")
    spans = [*weak, (start, start + len("savaşmışlardır"))]
    snippet = make_snippet(body, spans, width=80, weights=[1.5, 1.5, 4.0])
    assert "<mark>savaşmışlardır</mark>" in snippet
    unweighted = make_snippet(body, spans, width=80)
    assert "<mark>savaşmışlardır</mark>" not in unweighted


class _OwnPass:
    """An analyzer the snippet code does not know: it runs on its own over the body."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, value: str, **kwargs: Any) -> Any:
        return self.inner(value, **kwargs)


def test_one_pass_over_the_body_marks_what_each_analyzer_would(seed_text: str) -> None:
    body = seed_text[20_000:32_000]
    analyzers = {**ANALYZERS, "stem": stem_analyzer()}
    words = [
        "Sovyet",
        "Türkiye",
        "Ankara",
        "Çiçerin",
        "hükümet",
        "antlaşması",
        "barış",
        "banş",
        "Başkanı",
        "Rusya",
    ]
    terms = {  # overlapping word lists: many tokens match in two or three forms
        "exact": set(exact_analyzer().words(" ".join(words[:4]))),
        "fold": set(fold_analyzer().words(" ".join(words[2:7]))),
        "stem": set(stem_analyzer().words(" ".join(words[1:]))),
        "ocr": set(ocr_analyzer().words(" ".join(words))),
    }
    weights = {"exact": 4.0, "fold": 2.0, "stem": 1.5, "ocr": 0.5}
    separate = {name: _OwnPass(analyzer) for name, analyzer in analyzers.items()}
    shared = weighted_spans(body, terms, analyzers, weights)
    assert len(shared) > 20
    assert shared == weighted_spans(body, terms, separate, weights)
    assert {weight for _, _, weight in shared} >= {4.0, 2.0, 1.5}
