"""The facts of the real report must come out exactly, whichever producer printed it."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_PDF, extract
from renderers.facts import expected, facts
from renderers.themes import EXACT_THEMES

pytestmark = pytest.mark.slow

PRODUCERS = sorted(EXACT_THEMES)


def test_committed_sample_matches_golden(golden):
    assert facts(extract(SAMPLE_PDF)) == expected(golden)


@pytest.mark.parametrize("theme", PRODUCERS)
def test_every_producer_gives_the_golden_facts(theme, rendered, golden):
    if theme not in rendered:
        pytest.fail(f"{theme}: its producer is not installed; run `make test`, which installs it")
    got = facts(extract(rendered[theme]))
    want = expected(golden)
    for key in want:  # one assertion per kind, so a failure names what differs
        assert got[key] == want[key], key


@pytest.mark.parametrize("theme", PRODUCERS)
def test_no_warnings_on_the_real_report(theme, rendered):
    if theme not in rendered:
        pytest.fail(f"{theme}: its producer is not installed")
    assert extract(rendered[theme]).warnings == []


def test_golden_counts(golden):
    """The report itself says what there is: 5 questions, 12 AFIs, 27 footnotes, 11 figures."""
    assert len(golden["grades"]) == 5
    assert len(golden["areas_for_improvement"]) == 12
    assert [f["number"] for f in golden["footnotes"]] == list(range(1, 28))
    assert len(golden["headline_metrics"]) == 11
    # Figures with a unit (percent, percentage points, per N population) in the prose's sentences.
    assert len(golden["narrative_statistics"]) == 18


@pytest.mark.parametrize("theme", PRODUCERS)
def test_provenance_points_inside_the_page(theme, rendered):
    if theme not in rendered:
        pytest.fail(f"{theme}: its producer is not installed")
    from extractors.pages import pdf_to_document

    doc = pdf_to_document(rendered[theme])
    ex = extract(rendered[theme])
    sizes = {p.number: (p.width, p.height) for p in doc.pages}
    records = ex.grades + ex.areas_for_improvement + ex.footnotes + ex.headline_metrics + ex.narrative_statistics
    for rec in records:
        width, height = sizes[rec.page]
        x0, top, x1, bottom = rec.bbox
        assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height, rec
    for note in ex.footnotes:
        # A footnote is printed on the page that cites it.
        assert note.referenced_on == (note.page,), note.number


def test_sample_pdf_is_reproducible(tmp_path):
    """`make sample` re-creates the committed PDF byte for byte."""
    from conftest import SAMPLE_TEXT
    from renderers.themes import render

    out = tmp_path / "sample.pdf"
    render(SAMPLE_TEXT.read_text(encoding="utf-8"), out, "published")
    assert out.read_bytes() == SAMPLE_PDF.read_bytes()


def test_infographic_read_by_ocr_is_marked(rendered):
    from flows.validate import extraction_to_check_results

    ex = extract(rendered["fpdf2-infographic-image"])
    assert {m.method for m in ex.headline_metrics} == {"ocr"}
    assert all(0 < m.confidence <= 1.0 for m in ex.headline_metrics)
    # A figure Tesseract was unsure of is flagged (a warning on the loaded row), never silently trusted.
    unsure = sorted(m.page for m in ex.headline_metrics if m.confidence < 0.9)
    flagged = sorted(
        r.page for r in extraction_to_check_results(ex) if r.check == "ocr_figure_confident" and r.failed
    )
    assert flagged == unsure
    assert {g.page for g in ex.grades}  # the rest of the report is still read from its text
    text_sample = extract(rendered["published"])
    assert {m.method for m in text_sample.headline_metrics} == {"text"}


@pytest.mark.parametrize("theme", PRODUCERS)
def test_every_promise_kept_on_the_real_report(theme, rendered):
    """A right reading keeps every promise the document makes, so it is never refused as read in part."""
    if theme not in rendered:
        pytest.fail(f"{theme}: its producer is not installed")
    ex = extract(rendered[theme])
    assert ex.promises, "the report makes promises: footnote markers, contents entries, figures"
    assert [p for p in ex.promises if not p.kept] == []
