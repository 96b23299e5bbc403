"""Glyphs a PDF gives no text for (U+FFFD) are read from the page's picture, or the report is
refused as read in part: never loaded with a word missing letters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from page_fixtures import load_document

from extractors.errors import ExtractionError
from extractors.unmapped_glyphs import (
    UNMAPPED,
    GlyphReading,
    Sample,
    chars_to_samples,
    chars_with_glyph_texts,
    samples_to_glyph_texts,
)

TI = ("IPMMIQ+Carlito", 0.557)  # a "ti" ligature: one glyph of one embedded font, 0.557 em wide
TT = ("IPMMIQ+Carlito", 0.855)


def test_the_letters_ocr_reads_where_the_text_layer_has_none_are_the_glyphs_text():
    samples = [Sample(TI, f"effec{UNMAPPED}veness", (0, 0, 1, 1)), Sample(TI, f"inspec{UNMAPPED}on", (0, 0, 1, 1))]
    assert samples_to_glyph_texts(samples, ["effectiveness", "inspection"]) == {TI: "ti"}


def test_noise_ocr_reads_beside_the_word_says_nothing_of_the_glyph():
    # A rule or a cell's border beside the word is read as "[" or "|".
    samples = [Sample(TI, f"An{UNMAPPED}-social", (0, 0, 1, 1)), Sample(TI, f"popula{UNMAPPED}on", (0, 0, 1, 1))]
    assert samples_to_glyph_texts(samples, ["[Anti-social", "|population"]) == {TI: "ti"}


def test_a_misreading_far_from_the_glyph_does_not_hide_it():
    # OCR misreads a long web address somewhere: the glyph's neighbours are what count.
    address = f"www.gov.uk/government/uploads/system/uploads/a{UNMAPPED}achment_data/file/417116/The_Strategic.pdf"
    read = "www.gov.uk/govemment/uploads/system/up1oads/attachment_data/fiIe/417116/The_Strategic.pdf"
    assert samples_to_glyph_texts([Sample(TT, address, (0, 0, 1, 1))], [read]) == {TT: "tt"}


def test_a_glyph_read_two_ways_is_left_unread():
    samples = [Sample(TI, f"effec{UNMAPPED}veness", (0, 0, 1, 1)), Sample(TI, f"inspec{UNMAPPED}on", (0, 0, 1, 1))]
    assert samples_to_glyph_texts(samples, ["effectiveness", "inspecfion"]) == {}


def test_a_word_ocr_misreads_beside_the_glyph_teaches_nothing():
    samples = [Sample(TI, f"effec{UNMAPPED}veness", (0, 0, 1, 1))]
    assert samples_to_glyph_texts(samples, ["effecliveuess"]) == {}
    assert samples_to_glyph_texts(samples, [""]) == {}


def test_a_glyph_opening_a_word_takes_no_letter_read_before_it():
    # "time" set with a "ti" ligature; OCR reads a stray "l" off a rule before the word.
    samples = [Sample(TI, f"{UNMAPPED}me", (0, 0, 1, 1))]
    assert samples_to_glyph_texts(samples, ["l time"]) == {TI: "ti"}
    # Glued to the word, the stray letter cannot be told from the glyph's own: another word
    # read with the glyph says otherwise, and the glyph is left unread.
    samples.append(Sample(TI, f"inspec{UNMAPPED}on", (0, 0, 1, 1)))
    assert samples_to_glyph_texts(samples, ["ltime", "inspection"]) == {}


def _chars(text: str, x: float, glyphs: dict[int, tuple[str, float]] | None = None) -> list[list]:
    """A line of characters at size 10, one em apart per 0.5 em of width (the unmapped ones
    of the fonts and widths given)."""
    out = []
    for k, ch in enumerate(text):
        font, width = (glyphs or {}).get(k, ("Carlito", 0.5))
        out.append([ch, x, x + width * 10, 100.0, 110.0, (10.0, font, False, False, (0, 0, 0), True)])
        x += width * 10
    return out


def test_the_words_holding_a_glyph_are_cut_out_whole_up_to_the_spaces():
    chars = _chars(f"the effec{UNMAPPED}veness of", 50.0, {9: TI})
    (sample,) = chars_to_samples(chars, set())
    assert sample.key == TI and sample.text == f"effec{UNMAPPED}veness"
    assert sample.box == (70.0, 100.0, 70.0 + 5 * 5 + 5.57 + 6 * 5, 110.0)
    assert chars_to_samples(chars, {TI}) == []


def test_a_glyph_whose_text_is_learnt_is_given_it_everywhere():
    chars = _chars(f"effec{UNMAPPED}veness", 0.0, {5: TI})
    reading = GlyphReading()
    samples = chars_to_samples(chars, reading.settled())
    reading.learn(samples, samples_to_glyph_texts(samples, ["effectiveness"]))
    assert "".join(c[0] for c in chars_with_glyph_texts(chars, reading.known)) == "effectiveness"


def test_a_glyph_read_in_vain_on_three_pages_is_tried_no_more():
    reading = GlyphReading()
    samples = [Sample(TI, f"effec{UNMAPPED}veness", (0, 0, 1, 1))]
    for _ in range(3):
        assert TI not in reading.settled()
        reading.learn(samples, {})
    assert TI in reading.settled() and reading.known == {}


def test_a_cover_title_with_characters_left_unread_is_refused_as_read_in_part():
    # The 2015 sample's cover with "effectiveness" printed as "effec" + a glyph OCR could not read.
    from extractors.report import document_to_extraction

    doc = load_document("running-header-on-both-pages-abiword-seed6-p1-2")
    cover = doc.pages[0]

    def unread(line):
        return replace(line, words=tuple(replace(w, text=w.text.replace("effectiveness", f"effec{UNMAPPED}veness"))
                                         for w in line.words))

    doc = replace(doc, pages=(replace(cover, lines=tuple(map(unread, cover.lines))), *doc.pages[1:]))
    with pytest.raises(ExtractionError) as caught:
        document_to_extraction(doc)
    assert caught.value.code == "incomplete_extraction"
    assert str(caught.value).endswith(
        f"the cover's title reads 'PEEL: Police effec{UNMAPPED}veness 2015 (vulnerability)': the PDF gives no text "
        "for some of its characters and OCR could not read them from the page; supply a copy whose fonts map "
        "every character to text")


def test_without_tesseract_a_page_of_glyphs_with_no_text_fails_saying_so(monkeypatch, tmp_path):
    # Only OCR can read such glyphs: with no tesseract the message says that, not that OCR
    # tried and failed (nor, later, that the report was read in part).
    import extractors.ocr
    from extractors.pages import objects_to_page

    monkeypatch.setattr(extractors.ocr, "tesseract_path", lambda: None)
    chars = _chars(f"the effec{UNMAPPED}veness of", 50.0, {9: TI})
    with pytest.raises(ExtractionError) as caught:
        objects_to_page(tmp_path / "report.pdf", 4, 595.0, 842.0, chars, [], [], GlyphReading())
    assert caught.value.code == "ocr_unavailable"
    assert str(caught.value).endswith(
        "report.pdf, page 4 prints characters its PDF gives no text for, which only OCR can read, but tesseract "
        "is not installed; install the Debian package tesseract-ocr (`make setup` does)")


def test_ocr_may_take_one_stop_for_another_beside_the_glyph():
    # "shortfall;" set with a "tf" ligature, read "shortfall:".
    tf = ("IPMMIQ+Carlito", 0.592)
    assert samples_to_glyph_texts([Sample(tf, f"shor{UNMAPPED}all;", (0, 0, 1, 1))], ["shortfall:"]) == {tf: "tf"}


def test_a_page_left_with_a_glyph_unread_is_built_again_with_what_a_later_page_teaches(monkeypatch, tmp_path):
    # The cover's words read two ways ("proporttons" beside "effectiveness"), so its "ti" is not
    # settled there; page 2 reads it alike in every word, and the cover is built again with it.
    from PIL import Image

    import extractors.ocr
    import extractors.pages
    from extractors.pages import _objects_to_pages

    readings = iter([["effectiveness", "proporttons"], ["inspection"]])
    monkeypatch.setattr(extractors.ocr, "tesseract_path", lambda: "tesseract")
    monkeypatch.setattr(extractors.ocr, "pictures_to_texts", lambda pictures, dpi, where: next(readings))
    monkeypatch.setattr(extractors.pages, "_render_region", lambda *args: Image.new("L", (2480, 3508), 255))
    cover = _chars(f"effec{UNMAPPED}veness propor{UNMAPPED}ons", 50.0, {5: TI, 19: TI})
    second = _chars(f"the inspec{UNMAPPED}on", 50.0, {10: TI})
    pages = _objects_to_pages(tmp_path / "report.pdf", [(1, 595.0, 842.0, cover, [], []), (2, 595.0, 842.0, second, [], [])])
    assert [[line.text for line in page.lines] for page in pages] == [["effectiveness proportions"], ["the inspection"]]


LIGATURE_IN_A_CELL = Path(__file__).parent / "fixtures" / "pdfs" / "question-ligature-abiword-seed1501-p1.pdf"


def test_a_glyph_closing_a_word_on_its_cells_border_is_read_with_the_whole_word():
    # AbiWord draws the bold "ti" of "Question" (each table header) from a font of its own
    # with no text for it. PDFium puts the space after the word 0.05 em into its "n": taken
    # as where the "n" ends, the picture OCR read lost the "n" ("[Questior"), and the glyph
    # stayed unread. No glyph is that narrow; the "n" keeps its own box.
    from extractors.pages import pdf_to_document

    page = pdf_to_document(LIGATURE_IN_A_CELL).pages[0]
    assert [line.text for line in page.lines].count("Question") == 3
    word = next(w for line in page.lines for w in line.words if w.text.endswith("on") and line.text == "Question")
    assert word.x1 - word.x0 > 0.9 * word.size  # "o" and "n", not "o" and a sliver
