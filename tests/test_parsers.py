"""PDFium and pdfminer build the same page model: the same text, boxes, colours and shapes.

pdfminer takes a glyph's descent from the font descriptor, which some producers
leave at 0, so its boxes can sit up to a fifth of an em lower than PDFium's: boxes
are compared within a quarter of the line's size (2 pt at body size 8 and under).
"""

from __future__ import annotations

import pytest

from conftest import SAMPLE_PDF

pytestmark = pytest.mark.slow


def _lines(page):
    return sorted((_bullets_alike(line.raw_text), line.x0, line.top, line.size, line.bold) for line in page.lines)


def _bullets_alike(text: str) -> str:
    # pdfminer cannot map a symbol font's bullet to Unicode and prints "(cid:127)"; PDFium gives "•".
    # PDFium reports every hyphen that ends a line alike, soft (U+00AD) or not: the text joiner
    # decides from the document's own words whether the hyphen stays.
    return text.replace("(cid:127)", "•").replace("\xad", "-")


def _assert_same_model(path):
    from extractors.pages import pdf_to_document

    a, b = pdf_to_document(path, "pdfium"), pdf_to_document(path, "pdfplumber")
    assert (a.parser, b.parser) == ("pdfium", "pdfminer")
    assert len(a.pages) == len(b.pages)
    for pa, pb in zip(a.pages, b.pages):
        la, lb = _lines(pa), _lines(pb)
        assert [t for t, *_ in la] == [t for t, *_ in lb], f"page {pa.number}: text differs"
        for (text, x0, top, size, bold), (_, x0b, topb, sizeb, boldb) in zip(la, lb):
            assert abs(x0 - x0b) <= 2 and abs(top - topb) <= max(2, 0.25 * size), (pa.number, text)
            assert abs(size - sizeb) < 0.1 and bold == boldb, (pa.number, text)
        colours = lambda p: sorted((_bullets_alike(w.text), w.color) for line in p.lines for w in line.words)  # noqa: E731
        assert colours(pa) == colours(pb), pa.number
        shapes = lambda p: sorted((g.kind, g.stroke, g.fill, round(g.x0), round(g.x1)) for g in p.graphics)  # noqa: E731
        assert shapes(pa) == shapes(pb), f"page {pa.number}: shapes differ"
        assert len(pa.pictures) == len(pb.pictures), pa.number


def test_parsers_agree_on_the_sample():
    _assert_same_model(SAMPLE_PDF)


@pytest.mark.parametrize("theme", ["fpdf2-stress", "libreoffice", "fpdf2-infographic-image"])
def test_parsers_agree_on_other_producers(theme, rendered):
    _assert_same_model(rendered[theme])


def _unspaced(words):
    """The words without what pdfplumber's words do not say: whether a space stands before each."""
    from dataclasses import replace

    return [replace(w, spaced=False) for w in words]


@pytest.mark.parametrize("theme", [None, "fpdf2-stress", "libreoffice", "fpdf2-vera", "reportlab-times"])
def test_words_are_pdfplumbers_words_on_every_page(theme, rendered):
    """The word grouping gives pdfplumber's `extract_words` words from either parser's characters."""
    from extractors import pdfium, plumber

    path = SAMPLE_PDF if theme is None else rendered[theme]
    pdf = pdfium.open_pdf(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            chars = pdfium.page_objects(page)[2]
            page.close()
            assert _unspaced(plumber.chars_to_words(chars)) == plumber.chars_to_words_by_pdfplumber(chars), index + 1
    finally:
        pdf.close()
    with plumber.open_pdf(path) as doc:
        for page in doc.pages[:6]:
            chars = plumber.page_objects(page)[2]
            assert _unspaced(plumber.chars_to_words(chars)) == plumber.chars_to_words_by_pdfplumber(chars), page.page_number


def test_pdfium_keeps_the_fake_bold_copies_that_the_word_step_drops(rendered):
    """PDFium drops a glyph's second copy only when it is drawn within a few glyphs of the
    first: the stress printing's headings, drawn twice and shuffled, come through, so the
    word step must drop them whichever parser read the page."""
    from extractors import pdfium, plumber

    pdf = pdfium.open_pdf(rendered["fpdf2-stress"])
    doubled = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            chars = pdfium.page_objects(page)[2]
            page.close()
            doubled += len(chars) - len(plumber._without_fake_bold(chars))
    finally:
        pdf.close()
    assert doubled > 50


def test_peel_extract_reads_the_same_facts_with_either_parser():
    """`peel extract --parser pdfplumber` is the second producer, for files or pages PDFium reads badly."""
    from flows.cli import pdf_to_extraction
    from renderers.facts import facts

    assert facts(pdf_to_extraction(SAMPLE_PDF, "pdfplumber")) == facts(pdf_to_extraction(SAMPLE_PDF, "pdfium"))
