"""The report's metadata read from its cover: a title wrapped over lines at any line spacing."""

from __future__ import annotations

import pytest

from extractors.lines import words_to_lines
from extractors.metadata import structure_to_report_meta
from extractors.model import Document, Page, Word
from extractors.structure import document_to_structure


def _line(text: str, top: float, size: float) -> list[Word]:
    words, x = [], 65.0
    for token in text.split():
        words.append(Word(token, x, top, x + 0.5 * size * len(token), top + size, size))
        x += 0.5 * size * (len(token) + 0.5)
    return words


@pytest.mark.parametrize("spacing", [1.0, 1.15, 1.5])
def test_a_title_wrapped_before_its_year_is_read_whole(spacing):
    # The cover title in 29 pt wraps before "2017"; the cover and body are set at `spacing`
    # lines (a line of type is about 1.15 of its size at single spacing).
    pitch = lambda size: size * 1.15 * spacing  # noqa: E731
    cover = _line("PEEL: Police effectiveness", 205, 29) + _line("2017", 205 + pitch(29), 29)
    # A paragraph of its own: 0.4 cm (11 pt) of space after the line above.
    cover += _line("An inspection of the Metropolitan Police Service", 322, 16.8)
    cover += _line("March 2018", 322 + pitch(16.8) + 11, 16.8)
    body = [w for k in range(12) for w in _line("The force is good at keeping people safe and reducing crime in the city.",
                                                 100 + k * pitch(11), 11)]
    doc = Document("0" * 64, "cover.pdf", (Page(1, 595, 842, tuple(words_to_lines(cover))),
                                           Page(2, 595, 842, tuple(words_to_lines(body)))))
    meta = structure_to_report_meta(document_to_structure(doc))
    assert meta.title == "PEEL: Police effectiveness 2017"
    assert meta.force == "Metropolitan Police Service" and meta.year == 2017


def test_a_short_report_of_one_line_paragraphs_keeps_its_cover_lines_apart():
    # Chromium seed 677, the ten-page 2023-25 sample single-spaced: most paragraphs are one
    # line and the judgments table's rows stand a line apart, so the narrowest fifth of all
    # gaps between body lines is 0.64 em, not the 0.21 em between a paragraph's lines. At
    # that spacing "An inspection of Cleveland Police" (14.7 pt) ran on into "April 2025".
    from page_fixtures import load_document

    from extractors.structure import document_body_size, document_line_gap

    doc = load_document("cover-over-short-paragraphs-chromium-seed677-p1-10")
    assert document_line_gap(doc, document_body_size(doc)) < 0.3
    meta = structure_to_report_meta(document_to_structure(doc))
    assert (meta.force, meta.published) == ("Cleveland Police", "2025-04")


def test_the_title_is_the_largest_cover_text_a_layout_recognises():
    # Writer seed 3 under a banner picture: OCR reads its device as "(e)" at 60 pt and its
    # wordmark "HMICFRS" at 45 pt, both larger than "PEEL: Police effectiveness 2017" (23 pt).
    from page_fixtures import load_document

    doc = load_document("cover-opening-with-a-banner-picture-seed3-p1")
    sizes = {line.text: line.size for line in doc.pages[0].lines}
    assert max(sizes.values()) > sizes["PEEL: Police effectiveness 2017"]
    meta = structure_to_report_meta(document_to_structure(doc))
    assert (meta.title, meta.pillar, meta.year, meta.generation) == (
        "PEEL: Police effectiveness 2017", "effectiveness", 2017, "peel-2017")
    assert (meta.force, meta.published) == ("Metropolitan Police Service", "2018-03")


def test_a_cover_with_no_title_a_layout_recognises_offers_its_largest_text():
    # What the not-a-PEEL-report message quotes: the largest text, as before.
    cover = _line("Annual report", 205, 29) + _line("Some other inspectorate", 322, 16.8)
    doc = Document("0" * 64, "cover.pdf", (Page(1, 595, 842, tuple(words_to_lines(cover))),))
    meta = structure_to_report_meta(document_to_structure(doc))
    assert (meta.title, meta.generation) == ("Annual report", None)
