"""The stress printing really contains what real PDFs do, so passing the golden test on it means something."""

from __future__ import annotations

from collections import Counter

import pdfplumber

from conftest import SAMPLE_TEXT, extract


def test_stress_printing_has_the_awkward_features(rendered):
    path = rendered["fpdf2-stress"]
    with pdfplumber.open(path) as pdf:
        text = "".join(c["text"] for p in pdf.pages for c in p.chars)
        first_chars = [c["text"] for c in pdf.pages[0].chars]
        doubled = sum(
            1 for p in pdf.pages for k, n in Counter((c["text"], round(c["top"])) for c in p.chars).items() if n > 1
        )
    assert "\u00ad" in text  # soft hyphens at line ends
    assert "\ufb01" in text and "\ufb02" in text  # fi and fl ligatures
    assert doubled > 50  # headings drawn twice ("fake bold")
    assert first_chars[:4] != list("PEEL")  # text not written in reading order


def test_stress_printing_splits_a_footnote_and_the_judgments_table():
    from renderers.backends import vera_measure
    from renderers.layout import Layout
    from renderers.source_text import text_to_report_source
    from renderers.themes import THEMES

    theme = THEMES["fpdf2-stress"].keywords["theme"]
    layout = Layout(theme, vera_measure())
    layout.report(text_to_report_source(SAMPLE_TEXT.read_text(encoding="utf-8")), {})
    assert layout.split_count >= 1


def test_a_footnote_running_on_to_the_next_page_is_read_whole(rendered, golden):
    ex = extract(rendered["fpdf2-stress"])
    want = {f["number"]: f["text"] for f in golden["footnotes"]}
    assert {f.number: f.text for f in ex.footnotes} == want
    grades_pages = {g.page for g in ex.grades}
    assert len(grades_pages) == 2  # the table ran over two pages and every row was read
