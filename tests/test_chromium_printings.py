"""Printings by headless Chromium (renderers/chromium.py): HTML and CSS written to PDF by Skia.

Two fixed seeds are printed in their drawn styles with Chromium as the producer,
as `python -m renderers.fuzz --producer chromium` prints them: the PDF must be
Chromium's and of a plausible length, and the extractor must read every expected
fact from it (renderers/facts.py), judged exactly as the fuzzer judges it.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from renderers.chromium import style_to_chromium_style
from renderers.facts import document_text
from renderers.fuzz import pdf_to_problems, reproduce_command, seed_to_style
from renderers.printings import WRITER_FONTS, render_printings, style_from_seed
from renderers.source_text import Heading, text_to_report_source

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: install the Debian package chromium (make test does)")

# Seed 0: a generation sample (2018/19 Cleveland), parts and sections numbered, running
# header, tables ruled between rows with narrow columns, one panel a row, 1.15 lines.
# Seed 3: the real 2017 Metropolitan report with a contents page and footnotes, grid
# tables with filled grade cells, three panels a row with captions beside the figures.
# Seed 8: the same report in DejaVu Sans (Skia writes its weights wrongly and kerns its
# small captions), filled panels two a row, each grade set close above the next heading.
SEEDS = (0, 3, 8)


def test_the_chromium_override_changes_only_the_producer_and_a_missing_font():
    for seed in range(60):
        drawn = style_from_seed(seed)
        style = seed_to_style(seed, "chromium")
        assert style.producer == "chromium" and style.font in WRITER_FONTS
        assert style == style_to_chromium_style(drawn)
        assert {k: v for k, v in vars(style).items() if k not in ("producer", "font")} == {
            k: v for k, v in vars(drawn).items() if k not in ("producer", "font")}
        if drawn.font in WRITER_FONTS:
            assert style.font == drawn.font
    assert reproduce_command(3, "chromium").endswith("--seed 3 --producer chromium --keep seed-3.pdf")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[int, tuple[Path, int]]:
    folder = tmp_path_factory.mktemp("chromium")
    styles = [seed_to_style(s, "chromium") for s in SEEDS]
    pdfs = [folder / f"seed-{s.seed}.pdf" for s in styles]
    pages = render_printings([(document_text(s.document), pdf, s) for s, pdf in zip(styles, pdfs)])
    return {s.seed: (pdf, n) for s, pdf, n in zip(styles, pdfs, pages)}


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("seed", SEEDS)
def test_chromium_prints_the_seed(seed, printed):
    pdf, pages = printed[seed]
    style = seed_to_style(seed, "chromium")
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        meta, count = doc.get_metadata_dict(), len(doc)
    finally:
        doc.close()
    assert meta["Producer"].startswith("Skia/PDF") and "Chrome" in meta["Creator"], meta
    assert pages == count
    # Plausible: the cover, the contents page and a page at least for each part (every part
    # opens a page); a page holds well over 250 words at any size a style draws.
    src = text_to_report_source(document_text(style.document))
    parts = sum(isinstance(item, Heading) and item.level == 1 for item in src.body)
    fewest = 1 + style.contents + parts
    words = len(document_text(style.document).split())
    assert fewest <= count <= fewest + words // 250, (count, fewest, words)


# Chromium printings the extractor does not yet read in full: what differs, as
# `python -m renderers.fuzz --producer chromium` reports it.  A seed that starts to pass
# fails its strict xfail, and is taken off this list.
NOT_YET_READ: dict[int, str] = {}


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize(
    "seed",
    [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=NOT_YET_READ[s])) if s in NOT_YET_READ else s
     for s in SEEDS],
)
def test_chromium_printing_gives_the_expected_facts(seed, printed):
    style = seed_to_style(seed, "chromium")
    problems, verdict = pdf_to_problems(printed[seed][0], style)
    assert not problems, "\n".join(
        [f"seed {seed} ({verdict}): {style.line()}", *problems, f"reproduce: {reproduce_command(seed, 'chromium')}"]
    )
