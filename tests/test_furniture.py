"""Running headers, footers and page numbers: what frames every page is no part of its content."""

from __future__ import annotations

from dataclasses import replace

from page_fixtures import load_document

from extractors.structure import _furniture
from extractors.thresholds import FURNITURE_BAND


def test_a_footer_reaching_a_little_above_the_margin_band_is_furniture():
    # AbiWord prints "Page 1" on every page (a page-number field it never updates), its top a
    # tenth of a point above the page's bottom tenth: it stands mostly in the band all the same.
    doc = load_document("page-number-above-the-margin-band-abiword-seed1238-p3")
    page = doc.pages[2]
    footer = next(line for line in page.lines if line.text == "Page 1")
    assert footer.top < page.height * (1 - FURNITURE_BAND) < footer.bottom
    three = replace(doc, pages=tuple(replace(page, number=n) for n in (1, 2, 3)))
    found = _furniture(three)
    assert {(n, page.lines[i].text) for n, i in found} == {
        (n, text) for n in (1, 2, 3)
        for text in ("PEEL: Police effectiveness 2017 – Metropolitan Police Service", "Page 1")}


def test_a_figure_in_the_margin_band_is_no_page_number_when_no_offset_is_shared():
    # Every page prints "1" (AbiWord's page-number field, never updated), so no printed number
    # runs with the pages; page 1's last Force in numbers figure, "89", stands in the bottom
    # band. It is content: only the "1" that recurs on every page is furniture.
    doc = load_document("figure-in-the-margin-band-every-page-numbered-1-abiword-seed1011-p1-3")
    text_page = doc.pages[2]
    three = replace(doc, pages=(doc.pages[0], replace(text_page, number=2), text_page))
    found = {(n, three.pages[n - 1].lines[i].text) for n, i in _furniture(three)}
    assert (1, "89") not in found
    assert {(1, "1"), (2, "1"), (3, "1")} <= found
