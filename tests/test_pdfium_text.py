"""What PDFium says of a text's style and spaces, taken as the document means it.

Skia (Chromium's PDF writer) writes font weights of its own guessing and places some of
PDFium's inferred spaces past the start of the next glyph: neither may change the words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.pdfium import _FILL_STROKE, _weight_and_slant

CHROMIUM = Path("/usr/bin/chromium")


def test_a_font_name_that_states_its_style_is_believed_over_its_weight():
    # Skia wrote weight 610 for DejaVu Sans Oblique and 455 for DejaVu Sans Bold.
    assert _weight_and_slant("CAAAAA+DejaVuSans-Oblique", 610, -11, 0) == (False, True)
    assert _weight_and_slant("AAAAAA+DejaVuSans-Bold", 455, 0, 0) == (True, False)
    assert _weight_and_slant("Arial,BoldItalic", 400, 0, 0) == (True, True)
    assert _weight_and_slant("LiberationSerif-Regular", 650, 0, 0) == (False, False)


def test_a_font_name_that_states_no_style_leaves_the_weight_to_decide():
    assert _weight_and_slant("ABCDEF+TimesNewRomanPSMT", 700, 0, 0) == (True, False)
    assert _weight_and_slant("F1", 400, 0, 0) == (False, False)
    assert _weight_and_slant("F2", 700, 0, 0) == (True, False)


def test_text_filled_and_stroked_is_bold_whatever_its_name():
    assert _weight_and_slant("LiberationSans-Regular", 400, 0, _FILL_STROKE) == (True, False)


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: make test installs it")
def test_kerned_small_type_printed_by_chromium_keeps_its_words(tmp_path):
    from extractors.pages import pdf_to_document
    from renderers.chromium import html_to_pdf

    text = "Metropolitan Police Service England and Wales"
    html = (f'<html><body style="font-family:\'DejaVu Sans\'">'
            f'<p style="font-size:8.5pt">{text}</p><p style="font-size:8.5pt;font-style:italic">{text}</p>'
            f'</body></html>')
    pdf = tmp_path / "kerned.pdf"
    html_to_pdf(html, pdf, tmp_path / "chromium")
    lines = pdf_to_document(pdf).pages[0].lines
    assert [line.text for line in lines] == [text, text]
    assert not any(w.bold for line in lines for w in line.words)
    assert [all(w.italic for w in line.words) for line in lines] == [False, True]
