"""Inline marks: escaped text, well-nested elements whatever the spans, safe snippets."""

from __future__ import annotations

import lxml.html
from markupsafe import Markup

from archive_api.web.inline import Insert, Wrap, mark_snippet, render

SUP = Markup("<sup>2</sup>")
LINK = (Markup('<a href="#x">'), Markup("</a>"))


def test_plain_text_is_escaped() -> None:
    assert render('a < b & "c"') == "a &lt; b &amp; &#34;c&#34;"


def test_marks_are_merged_and_clipped() -> None:
    text = "Çiçerin'in cevabi"
    assert render(text, [(0, 7), (5, 10), (15, 99)]) == (
        "<mark>Çiçerin&#39;in</mark> ceva<mark>bi</mark>"
    )
    assert render(text, [(-5, 0), (30, 40), (4, 4)]) == "Çiçerin&#39;in cevabi"


def test_an_insert_cuts_a_mark_and_sits_after_its_word() -> None:
    # "girdiler2." : the marker follows the word, and a mark around it is split.
    text = "savaşa girdiler."
    out = render(text, [(7, 15)], [Insert(15, SUP)])
    assert out == "savaşa <mark>girdiler</mark><sup>2</sup>."
    inside = render(text, [(0, 16)], [Insert(7, SUP)])
    assert inside == "<mark>savaşa </mark><sup>2</sup><mark>girdiler.</mark>"


def test_an_insert_inside_a_wrap_moves_after_it() -> None:
    text = "(Ek: 1 Belge) devam"
    out = render(text, [(7, 12)], [Insert(12, SUP)], [Wrap(0, 13, *LINK)])
    assert out == '<a href="#x">(Ek: 1 <mark>Belge</mark>)</a><sup>2</sup> devam'
    tree = lxml.html.fragment_fromstring(f"<p>{out}</p>")
    assert tree.xpath("//a//sup") == []


def test_a_mark_across_a_wrap_edge_stays_nested() -> None:
    out = render("ab(Ek 1)cd", [(1, 5)], wraps=[Wrap(2, 8, *LINK)])
    assert out == 'a<mark>b</mark><a href="#x"><mark>(Ek</mark> 1)</a>cd'


def test_overlapping_wraps_keep_the_first() -> None:
    out = render("abcdef", wraps=[Wrap(1, 4, *LINK), Wrap(2, 6, Markup("<b>"), Markup("</b>"))])
    assert out == 'a<a href="#x">bcd</a>ef'


def test_inserts_at_the_edges() -> None:
    assert render("ab", inserts=[Insert(0, SUP), Insert(99, SUP)]) == "<sup>2</sup>ab<sup>2</sup>"
    assert render("", inserts=[Insert(0, SUP)]) == "<sup>2</sup>"


def test_a_snippet_keeps_only_its_marks() -> None:
    snippet = "…a &amp; b <mark>Kâzım</mark> <script>x()</script> <mark>Kara"
    assert mark_snippet(snippet) == (
        "…a &amp; b <mark>Kâzım</mark> &lt;script&gt;x()&lt;/script&gt; <mark>Kara</mark>"
    )
    assert mark_snippet("<mark><mark>x</mark></mark>") == "<mark>x</mark>"
    assert mark_snippet("x</mark>y") == "xy"
