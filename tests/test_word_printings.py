"""Printings of Word documents (renderers/word_document.py): a .docx in Word's default look,
printed to PDF by LibreOffice's Word filter.

Fixed seeds are printed in their drawn styles as Word documents, as
`python -m renderers.fuzz --producer word` prints them: the PDF must be LibreOffice's
and of a plausible length, and the extractor must read every expected fact from it
(renderers/facts.py), judged exactly as the fuzzer judges it.
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

# Seed 3: the real 2017 Metropolitan report with a contents field, notes in smaller type with no
# rule, a grid judgments table with filled grade cells and narrow columns, three panels a row.
# Seed 80: the same report, plain note numbers before a tab, a wide unruled table, numbered parts.
# Seed 129: the 2021/22 Lancashire sample, its areas table unruled, unpadded and split over a
# page, with prose two lines under its last row that crosses the grade column.
# Seed 146: the real report at 1.5 lines, an unruled, unpadded narrow table whose wrapped
# "crime" stands as near the next row as its own.
SEEDS = (3, 80, 129, 146)


def test_the_word_override_changes_only_the_producer_and_a_missing_font():
    assert_only_producer_and_missing_font_change("word", marks=("•",))


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[int, tuple[Path, int]]:
    return print_seeds(tmp_path_factory.mktemp("word"), SEEDS, "word")


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_libreoffice_prints_the_word_document(seed, printed):
    assert_printed_by(printed, seed, "word", "LibreOffice")


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_word_printing_gives_the_expected_facts(seed, printed):
    assert_expected_facts(printed, seed, "word")
