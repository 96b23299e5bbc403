"""A short document is judged by its cover, not called empty; only a PDF with no character is without text."""

from __future__ import annotations

import pytest

from extractors.errors import ExtractionError
from extractors.model import Document, Line, Page, Word
from extractors.report import document_to_extraction


def _document(*texts: str) -> Document:
    lines = tuple(Line((Word(t, 72, 100 + 20 * k, 72 + 6 * len(t), 112 + 20 * k, 12.0),), 12.0, False)
                  for k, t in enumerate(texts))
    page = Page(1, 595, 842, lines, char_count=sum(len(t) for t in texts))
    return Document("0" * 64, "hello.pdf", (page,))


def test_a_short_document_is_judged_by_its_cover():
    with pytest.raises(ExtractionError) as caught:
        document_to_extraction(_document("Hello World"))
    assert caught.value.code == "not_a_peel_report"
    assert caught.value.message == (
        "hello.pdf: no PEEL report title on the cover (it reads 'Hello World'); is this a PEEL report?"
    )


def test_no_character_on_any_page_is_no_text():
    empty = Document("0" * 64, "blank.pdf", (Page(1, 595, 842, ()),))
    with pytest.raises(ExtractionError) as caught:
        document_to_extraction(empty)
    assert caught.value.code == "no_text"
    assert caught.value.message == "blank.pdf: no page has any text or picture; is it the report?"
