"""The stress printing really contains what real PDFs do, so passing the golden test on it means something."""

from __future__ import annotations

from collections import Counter

import pytest

import pdfplumber

from conftest import SAMPLE_TEXT, extract

pytestmark = pytest.mark.slow


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


@pytest.fixture(scope="module")
def scanned_excerpt(tmp_path_factory):
    """The first seven pages of the report as a greyscale scan: no text layer at all."""
    import pypdfium2

    from renderers.themes import render

    out = tmp_path_factory.mktemp("scan")
    full = out / "scan.pdf"
    render(SAMPLE_TEXT.read_text(encoding="utf-8"), full, "fpdf2-scanned")
    src = pypdfium2.PdfDocument(str(full))
    excerpt = pypdfium2.PdfDocument.new()
    excerpt.import_pages(src, list(range(7)))
    path = out / "scan-excerpt.pdf"
    excerpt.save(str(path))
    return path


def test_a_scan_is_read_by_ocr(scanned_excerpt, golden):
    with pdfplumber.open(scanned_excerpt) as pdf:
        assert sum(len(p.chars) for p in pdf.pages) == 0
    ex = extract(scanned_excerpt)
    report = {k: getattr(ex.report, k) for k in ("title", "force", "pillar", "year", "published", "isbn")}
    assert report == golden["report"]
    assert ex.overall_grade == golden["overall_grade"]
    assert [{"question": g.question, "grade": g.grade, "last_inspected": g.last_inspected} for g in ex.grades] == golden["grades"]
    metrics = [{k: getattr(m, k) for k in ("block", "metric", "period", "unit", "force_value", "england_wales_value")}
               for m in ex.headline_metrics]
    assert metrics == golden["headline_metrics"]
    assert {m.method for m in ex.headline_metrics} == {"ocr"}


def test_without_tesseract_a_picture_page_fails_with_a_clear_message(rendered, monkeypatch):
    import extractors.ocr
    from extractors.errors import ExtractionError
    from extractors.pages import pdf_to_document

    monkeypatch.setattr(extractors.ocr, "tesseract_path", lambda: None)
    with pytest.raises(ExtractionError) as err:
        pdf_to_document(rendered["fpdf2-infographic-image"])
    assert err.value.code == "ocr_unavailable"
    assert "page 3 holds text only as a picture and needs OCR, but tesseract is not installed; " \
           "install the Debian package tesseract-ocr" in err.value.message


def test_a_blank_scan_is_unreadable(tmp_path):
    from PIL import Image
    from reportlab.pdfgen.canvas import Canvas

    from extractors.errors import ExtractionError
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction

    blank = tmp_path / "blank.png"
    Image.new("L", (1240, 1754), 255).save(blank)
    path = tmp_path / "blank-scan.pdf"
    c = Canvas(str(path), invariant=1)
    c.drawImage(str(blank), 0, 0, 595, 842)
    c.save()
    with pytest.raises(ExtractionError) as err:
        document_to_extraction(pdf_to_document(path))
    assert err.value.code == "unreadable_scan"
    assert "OCR found no readable text" in err.value.message


def test_other_printings_really_differ(rendered):
    """The Times printing has no judgments header; the Vera one prints infographic labels in capitals."""
    with pdfplumber.open(rendered["reportlab-times"]) as pdf:
        times = "\n".join(p.extract_text() or "" for p in pdf.pages[:8])
    with pdfplumber.open(rendered["fpdf2-vera"]) as pdf:
        vera = "\n".join(p.extract_text() or "" for p in pdf.pages[:5])
    assert "Last inspected" not in times and "Question" not in times.split("Judgments")[1][:200]
    assert "ENGLAND" in vera and "WALES" in vera  # capitals; wrapped, so not one string
