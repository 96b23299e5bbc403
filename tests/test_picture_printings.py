"""Printings whose "Force in numbers" is pasted in as a picture, as the published reports have it.

`python -m renderers.fuzz --producer writer-picture` prints a seed's drawn style with
LibreOffice Writer, the infographic's panels printed alone in that style, photographed
at 300 dpi and pasted in with no text layer; the extractor reads them with Tesseract.
"""

from __future__ import annotations

import pypdfium2
import pytest

from renderers.facts import document_text
from renderers.fuzz import pdf_to_problems, reproduce_command, seed_to_style
from renderers.printings import render_printings, style_from_seed

pytestmark = pytest.mark.slow

# Seed 13: the real 2017 Metropolitan report in DejaVu Sans at 12 pt, bordered panels three
# a row with captions beside the figures. Tesseract runs the titles of neighbouring panels
# into one line ("Crime outcomes* Domestic abuse") unless the borders drawn in the picture
# part them, as vector borders do.
SEED = 13


def test_the_picture_style_is_the_drawn_one_printed_by_writer_with_a_picture():
    for seed in range(40):
        drawn, style = style_from_seed(seed), seed_to_style(seed, "writer-picture")
        assert style.producer == "writer" and style.fin_picture
        assert {k: v for k, v in vars(style).items() if k not in ("producer", "font", "fin_picture")} == {
            k: v for k, v in vars(drawn).items() if k not in ("producer", "font", "fin_picture")}
    assert reproduce_command(4, "writer-picture").endswith("--seed 4 --producer writer-picture --keep seed-4.pdf")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    style = seed_to_style(SEED, "writer-picture")
    pdf = tmp_path_factory.mktemp("picture") / f"seed-{SEED}.pdf"
    render_printings([(document_text(style.document), pdf, style)])
    return pdf


def test_the_infographic_is_a_picture_with_no_text(printed):
    doc = pypdfium2.PdfDocument(str(printed))
    try:
        text = "\n".join(page.get_textpage().get_text_bounded() for page in doc)
        pictures = sum(1 for page in doc for obj in page.get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE)
    finally:
        doc.close()
    assert pictures >= 1
    assert "Change in ASB incidents" not in text and "Organised crime groups per 1 million" not in text
    assert "Force in numbers" in text  # the heading stays text, as in the published reports


def test_the_picture_printing_gives_the_expected_facts(printed):
    style = seed_to_style(SEED, "writer-picture")
    problems, verdict = pdf_to_problems(printed, style)
    assert not problems, "\n".join(
        [f"seed {SEED} ({verdict}): {style.line()}", *problems, f"reproduce: {reproduce_command(SEED, 'writer-picture')}"]
    )
