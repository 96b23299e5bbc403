"""Printings of Word documents (renderers/word_document.py): a .docx in Word's default look,
printed to PDF by LibreOffice's Word filter.

Fixed seeds are printed in their drawn styles as Word documents, as
`python -m renderers.fuzz --producer word` prints them: the PDF must be LibreOffice's
and of a plausible length, and the extractor must read every expected fact from it
(renderers/facts.py), judged exactly as the fuzzer judges it.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from renderers.facts import document_text
from renderers.fuzz import pdf_to_problems, reproduce_command, seed_to_style
from renderers.printings import WRITER_FONTS, render_printings, style_from_seed
from renderers.source_text import Heading, text_to_report_source

# Seed 3: the real 2017 Metropolitan report with a contents field, notes in smaller type with no
# rule, a grid judgments table with filled grade cells and narrow columns, three panels a row.
# Seed 80: the same report, plain note numbers before a tab, a wide unruled table, numbered parts.
# Seed 129: the 2021/22 Lancashire sample, its areas table unruled, unpadded and split over a
# page, with prose two lines under its last row that crosses the grade column.
# Seed 146: the real report at 1.5 lines, an unruled, unpadded narrow table whose wrapped
# "crime" stands as near the next row as its own.
SEEDS = (3, 80, 129, 146)


def test_the_word_override_changes_only_the_producer_and_a_missing_font():
    for seed in range(60):
        drawn = style_from_seed(seed)
        style = seed_to_style(seed, "word")
        assert style.producer == "word" and style.font in WRITER_FONTS
        assert {k: v for k, v in vars(style).items() if k not in ("producer", "font")} == {
            k: v for k, v in vars(drawn).items() if k not in ("producer", "font")}
        if drawn.font in WRITER_FONTS:
            assert style.font == drawn.font
    assert reproduce_command(3, "word").endswith("--seed 3 --producer word --keep seed-3.pdf")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[int, tuple[Path, int]]:
    folder = tmp_path_factory.mktemp("word")
    styles = [seed_to_style(s, "word") for s in SEEDS]
    pdfs = [folder / f"seed-{s.seed}.pdf" for s in styles]
    pages = render_printings([(document_text(s.document), pdf, s) for s, pdf in zip(styles, pdfs)])
    return {s.seed: (pdf, n) for s, pdf, n in zip(styles, pdfs, pages)}


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_libreoffice_prints_the_word_document(seed, printed):
    pdf, pages = printed[seed]
    style = seed_to_style(seed, "word")
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        meta, count = doc.get_metadata_dict(), len(doc)
    finally:
        doc.close()
    assert meta["Producer"].startswith("LibreOffice"), meta
    assert pages == count
    # Plausible: the cover, the contents page and a page at least for each part (every
    # Heading 1 opens a page); a page holds well over 250 words at any size a style draws.
    src = text_to_report_source(document_text(style.document))
    parts = sum(isinstance(item, Heading) and item.level == 1 for item in src.body)
    fewest = 1 + style.contents + parts
    words = len(document_text(style.document).split())
    assert fewest <= count <= fewest + words // 250, (count, fewest, words)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_word_printing_gives_the_expected_facts(seed, printed):
    style = seed_to_style(seed, "word")
    problems, verdict = pdf_to_problems(printed[seed][0], style)
    assert not problems, "\n".join(
        [f"seed {seed} ({verdict}): {style.line()}", *problems, f"reproduce: {reproduce_command(seed, 'word')}"]
    )
