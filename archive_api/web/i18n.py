"""Turkish and English labels of the pages, and the choice between them.

``?lang=tr|en`` wins; otherwise the best ``Accept-Language`` match, Turkish when nothing
matches (the archive's texts are Turkish). Record types and letter fields have names in
both languages because the pages show them as filters and badges.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("tr", "en")
DEFAULT_LANGUAGE = "tr"

STRINGS: dict[str, dict[str, str]] = {
    "site": {"tr": "Arşiv", "en": "Archive"},
    "skip": {"tr": "İçeriğe geç", "en": "Skip to content"},
    "search": {"tr": "Ara", "en": "Search"},
    "search_title": {"tr": "Arşivde ara", "en": "Search the archive"},
    "query": {"tr": "Aranacak sözcükler", "en": "Words to find"},
    "query_hint": {
        "tr": "Büyük/küçük harf, ı/i, şapka ve sık OCR hataları fark etmez (Cicerin → Çiçerin).",
        "en": "Case, ı/i, circumflexes and common OCR damage are forgiven (Cicerin → Çiçerin).",
    },
    "filters": {"tr": "Süzgeçler", "en": "Filters"},
    "type": {"tr": "Kayıt türü", "en": "Record type"},
    "any_type": {"tr": "Tüm türler", "en": "All types"},
    "document": {"tr": "Belge", "en": "Document"},
    "any_document": {"tr": "Tüm belgeler", "en": "All documents"},
    "date_from": {"tr": "Tarihten", "en": "Dated from"},
    "date_to": {"tr": "Tarihe", "en": "Dated to"},
    "date_hint": {"tr": "YYYY, YYYY-AA veya YYYY-AA-GG", "en": "YYYY, YYYY-MM or YYYY-MM-DD"},
    "kind": {"tr": "Tür", "en": "Kind"},
    "kind_hint": {"tr": "Şifre, Tahrirat, speech…", "en": "Şifre, Tahrirat, speech…"},
    "active_filters": {"tr": "{n} etkin", "en": "{n} active"},
    "sender": {"tr": "Gönderen", "en": "Sender"},
    "recipient": {"tr": "Alıcı", "en": "Recipient"},
    "place": {"tr": "Yer", "en": "Place"},
    "sort": {"tr": "Sıralama", "en": "Order"},
    "apply": {"tr": "Uygula", "en": "Apply"},
    "clear": {"tr": "Süzgeçleri temizle", "en": "Clear filters"},
    "facets": {"tr": "Sonuçları daralt", "en": "Narrow the results"},
    "facet_type": {"tr": "Kayıt türü", "en": "Record type"},
    "facet_year": {"tr": "Yıl", "en": "Year"},
    "facet_document": {"tr": "Belge", "en": "Document"},
    "facet_kind": {"tr": "Tür", "en": "Kind"},
    "relaxed": {
        "tr": "Sözcüklerin hepsi bir arada bulunamadı; en çoğunu içeren kayıtlar gösteriliyor.",
        "en": "Not every word was found together; records holding most of them are shown.",
    },
    "err_sort": {"tr": "Bilinmeyen sıralama.", "en": "Unknown order."},
    "results": {"tr": "Sonuçlar", "en": "Results"},
    "hits_count": {"tr": "{total} sonuç", "en": "{total} hits"},
    "hits_range": {"tr": "{first}–{last} / {total} sonuç", "en": "{first}–{last} of {total} hits"},
    "no_hits": {"tr": "Sonuç bulunamadı.", "en": "Nothing found."},
    "suggestion": {"tr": "Bunu mu demek istediniz:", "en": "Did you mean:"},
    "page_label": {"tr": "s. {page}", "en": "p. {page}"},
    "paging": {"tr": "Sonuç sayfaları", "en": "Result pages"},
    "previous": {"tr": "Önceki", "en": "Previous"},
    "next": {"tr": "Sonraki", "en": "Next"},
    "page_n": {"tr": "Sayfa {page}", "en": "Page {page}"},
    "documents": {"tr": "Arşivdeki belgeler", "en": "Documents in the archive"},
    "read": {"tr": "Oku", "en": "Read"},
    "count_page": {"tr": "{n} sayfa", "en": "{n} page"},
    "count_pages": {"tr": "{n} sayfa", "en": "{n} pages"},
    "count_letter": {"tr": "{n} mektup", "en": "{n} letter"},
    "count_letters": {"tr": "{n} mektup", "en": "{n} letters"},
    "count_footnote": {"tr": "{n} dipnot", "en": "{n} footnote"},
    "count_footnotes": {"tr": "{n} dipnot", "en": "{n} footnotes"},
    "count_annex": {"tr": "{n} ek", "en": "{n} annex"},
    "count_annexes": {"tr": "{n} ek", "en": "{n} annexes"},
    "contents": {"tr": "İçindekiler", "en": "Contents"},
    "pages": {"tr": "Sayfalar", "en": "Pages"},
    "notes": {"tr": "Dipnotlar", "en": "Notes"},
    "note_n": {"tr": "Dipnot {label}", "en": "Note {label}"},
    "back_to_text": {"tr": "Metne dön", "en": "Back to the text"},
    "go_to_note": {"tr": "Dipnota git", "en": "Go to the note"},
    "close": {"tr": "Kapat", "en": "Close"},
    "paragraph_link": {"tr": "Paragraf {n} bağlantısı", "en": "Link to paragraph {n}"},
    "letter": {"tr": "Mektup", "en": "Letter"},
    "letters": {"tr": "Mektuplar", "en": "Letters"},
    "annex": {"tr": "Ek", "en": "Annex"},
    "annexes": {"tr": "Ekler", "en": "Annexes"},
    "works": {"tr": "Kaynakça", "en": "Works cited"},
    "cited_in": {"tr": "Geçtiği dipnotlar", "en": "Cited in notes"},
    "date": {"tr": "Tarih", "en": "Date"},
    "letter_kind": {"tr": "Türü", "en": "Kind"},
    "cal_rumi": {"tr": "Rumi", "en": "Rumi"},
    "cal_hijri": {"tr": "Hicri", "en": "Hijri"},
    "reference": {"tr": "Sayı", "en": "Reference"},
    "inferred": {"tr": "metinden çıkarıldı", "en": "inferred from the text"},
    "cite": {"tr": "Kaynak gösterimi", "en": "Cite this"},
    "matches_in_doc": {
        "tr": "“{q}” bu belgede {n} yerde geçiyor:",
        "en": "“{q}” is found in {n} places in this document:",
    },
    "no_matches_in_doc": {"tr": "“{q}” bu belgede bulunamadı.", "en": "“{q}” is not found here."},
    "clear_highlight": {"tr": "İşaretleri kaldır", "en": "Remove highlights"},
    "back_to_search": {"tr": "Aramaya dön", "en": "Back to the search"},
    "language": {"tr": "Dil", "en": "Language"},
    "api_docs": {"tr": "API belgeleri", "en": "API reference"},
    "error": {"tr": "Hata", "en": "Error"},
    "bad_input": {"tr": "Bu arama yapılamadı:", "en": "This search cannot be run:"},
    "err_too_long": {
        "tr": "En çok {limit} karakter olabilir.",
        "en": "It can be at most {limit} characters long.",
    },
    "err_type": {"tr": "Bilinmeyen kayıt türü.", "en": "Unknown record type."},
    "err_page": {
        "tr": "1 ile {limit} arasında bir tam sayı olmalı.",
        "en": "It must be a whole number from 1 to {limit}.",
    },
    "err_date": {
        "tr": "Tarih YYYY, YYYY-AA veya YYYY-AA-GG biçiminde olmalı.",
        "en": "A date is written YYYY, YYYY-MM or YYYY-MM-DD.",
    },
    "err_date_order": {
        "tr": "Başlangıç tarihi bitiş tarihinden sonra.",
        "en": "The first date is after the last one.",
    },
    "err_no_letters": {
        "tr": "Harf ya da rakam içermiyor.",
        "en": "It has no letters or digits.",
    },
    "page_field": {"tr": "Sayfa", "en": "Page"},
    "not_found": {"tr": "Böyle bir belge yok.", "en": "There is no such document."},
    "unavailable": {
        "tr": "Arama dizini henüz hazır değil; biraz sonra yeniden deneyin.",
        "en": "The search index is not available yet; try again shortly.",
    },
    "to_search": {"tr": "Arama sayfasına git", "en": "Go to the search page"},
    "source": {"tr": "Kaynak", "en": "Source"},
    "sort_relevance": {"tr": "İlgi", "en": "Relevance"},
    "sort_date": {"tr": "Tarih", "en": "Date"},
}

TYPE_NAMES: dict[str, dict[str, str]] = {
    "document": {"tr": "Belge", "en": "Document"},
    "section": {"tr": "Bölüm", "en": "Section"},
    "paragraph": {"tr": "Paragraf", "en": "Paragraph"},
    "letter": {"tr": "Mektup", "en": "Letter"},
    "footnote": {"tr": "Dipnot", "en": "Footnote"},
    "work": {"tr": "Eser", "en": "Work"},
    "annex": {"tr": "Ek", "en": "Annex"},
}


KIND_NAMES: dict[str, dict[str, str]] = {
    "prose": {"tr": "düz metin", "en": "prose"},
    "quote": {"tr": "alıntı", "en": "quotation"},
    "list_item": {"tr": "madde", "en": "list item"},
    "letter": {"tr": "mektup", "en": "letter"},
    "mektup": {"tr": "mektup", "en": "mektup (letter)"},
    "sifre": {"tr": "Şifre", "en": "Şifre (cipher)"},
    "tahrirat": {"tr": "Tahrirat", "en": "Tahrirat (official letter)"},
    "article": {"tr": "makale", "en": "article"},
    "speech": {"tr": "konuşma", "en": "speech"},
    "statement": {"tr": "demeç", "en": "statement"},
    "telegram": {"tr": "telgraf", "en": "telegram"},
    "interview": {"tr": "mülakat", "en": "interview"},
    "report": {"tr": "rapor", "en": "report"},
    "message": {"tr": "mesaj", "en": "message"},
    "order": {"tr": "emir", "en": "order"},
    "declaration": {"tr": "beyanname", "en": "declaration"},
    "original": {"tr": "asıl metin", "en": "original"},
    "draft": {"tr": "müsvedde", "en": "draft"},
    "copy": {"tr": "suret", "en": "copy"},
    "document": {"tr": "belge", "en": "document"},
}


class Labels:
    """The labels of one language; ``labels("hits_count", total=3)`` fills the blanks."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: object) -> str:
        text = STRINGS[key][self.language]
        return text.format(**values) if values else text

    def type_name(self, record_type: str) -> str:
        names = TYPE_NAMES.get(record_type)
        return names[self.language] if names else record_type

    def counts(self, **numbers: int) -> str:
        """``counts(pages=17, letters=4, annexes=0)`` → "17 pages, 4 letters"; zeros left out.

        Keys are the plural nouns; the labels are ``count_<plural>`` and ``count_<singular>``.
        """
        singular = {"pages": "page", "letters": "letter", "footnotes": "footnote"}
        singular["annexes"] = "annex"
        parts = [
            self(f"count_{noun if n != 1 else singular[noun]}", n=n)
            for noun, n in numbers.items()
            if n
        ]
        return ", ".join(parts)

    def kind_name(self, kind: str) -> str:
        """A kind as the filters hold it (folded: ``sifre``) in words."""
        names = KIND_NAMES.get(kind)
        return names[self.language] if names else kind


def choose_language(asked: str | None, accepted: Mapping[str, float]) -> tuple[str, bool]:
    """The page language and whether it was asked for in the URL.

    ``accepted`` maps language tags of ``Accept-Language`` to their quality. An unknown
    ``?lang`` is not an error: the page falls back to the header, as if it was not given.
    """
    if asked in LANGUAGES:
        return asked, True
    best, best_quality = DEFAULT_LANGUAGE, 0.0
    for tag, quality in accepted.items():
        primary = tag.split("-", 1)[0].lower()
        if primary in LANGUAGES and quality > best_quality:
            best, best_quality = primary, quality
    return best, False
