"""Printings by WeasyPrint (renderers/weasyprint_printer.py): Chromium's HTML and CSS laid out
by another engine (Pango and HarfBuzz) and written to PDF by pydyf.

Fixed seeds are printed in their drawn styles as `python -m renderers.fuzz --producer
weasyprint` prints them: the PDF must be WeasyPrint's and of a plausible length, and the
extractor must read every expected fact from it, judged exactly as the fuzzer judges it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from printing_checks import (
    assert_expected_facts,
    assert_only_producer_and_missing_font_change,
    assert_printed_by,
    print_seeds,
)
from renderers.fuzz import seed_to_style
from renderers.printings import style_from_seed
from renderers.weasyprint_printer import style_to_weasyprint_style

# Seed 0: the 2018/19 Cleveland sample, parts and sections numbered, a running header, tables
# ruled between rows. Seed 1: the real 2017 Metropolitan report with a contents page (its page
# numbers settled from the PDF's outline), superscript note numbers under a short rule, three
# filled panels a row. Seed 3: the same report on Letter paper, justified, grid tables with
# filled grade cells, captions beside the figures.
SEEDS = (0, 1, 3)


def test_the_weasyprint_override_changes_only_the_producer_and_a_missing_font():
    assert_only_producer_and_missing_font_change("weasyprint", marks=("•", "▪", "1."))
    assert all(seed_to_style(s, "weasyprint") == style_to_weasyprint_style(style_from_seed(s)) for s in range(60))


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[int, tuple[Path, int]]:
    return print_seeds(tmp_path_factory.mktemp("weasyprint"), SEEDS, "weasyprint")


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_weasyprint_prints_the_seed(seed, printed):
    assert_printed_by(printed, seed, "weasyprint", "WeasyPrint")


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_weasyprint_printing_gives_the_expected_facts(seed, printed):
    assert_expected_facts(printed, seed, "weasyprint")
