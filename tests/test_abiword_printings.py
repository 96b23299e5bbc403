"""Printings by a word processor the rules were not written against: the Word documents of
renderers/word_document.py printed by AbiWord (renderers/abiword.py).

AbiWord's .docx import prints footnote marks on the baseline and drops list bullets, so not
every printing can be read: each must be read right or quarantined, never loaded wrong
(judged as `python -m renderers.fuzz --producer abiword` judges it). The seeds here are all
read right.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from printing_checks import pdf_to_metadata_and_pages, print_seeds
from renderers.fuzz import pdf_to_problems, reproduce_command, seed_to_style

# Read right: seed 2 and 6, the two-page 2015 sample (recommendations without bullets, one over a
# page break; a running header on both pages), seed 5 the 2023-25 sample (areas for improvement
# without bullets), seed 10 the 2018/19 sample; seed 7 and 9, the real report, its footnote marks
# printed on the baseline after words and figures ("from 20162 remain"), each note's number in
# body type on a baseline of its own beside the note's first line; seed 16, the real report in
# Carlito, whose "ti", "tt" and "ft" ligatures the PDF maps to no character (read by OCR);
# seed 36, the real report, its overall grade cell broken over a page ("Requires" | "improvement");
# seed 198, the real report single spaced, the judgments table broken over a page, a grade cell's
# lines set so tight that their boxes overlap and a question wrapped at its hyphen ("re-" /
# "offending"); seed 1238, on Letter paper, its footer a little above the page's margin band;
# seed 1011, every page's footer "1" (a page-number field never updated) and a figure in page 1's
# bottom band; seed 1055, its Force in numbers in three columns of panels, a caption beside its
# figure broken over the page ("Metropolitan" / "Police" | "Service"); seed 1460, the real report
# in Carlito, whose bold "ti" prints only in the table header "Question", beside the cell's border
# (PDFium places the space after the word inside its "n").
READ_RIGHT = (2, 5, 6, 7, 9, 10, 16, 36, 198, 1011, 1055, 1238, 1460)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[int, tuple[Path, int]]:
    return print_seeds(tmp_path_factory.mktemp("abiword"), READ_RIGHT, "abiword")


def _judged(seed: int, printed) -> tuple[list[str], str, str]:
    style = seed_to_style(seed, "abiword")
    problems, verdict = pdf_to_problems(printed[seed][0], style)
    return problems, verdict, "\n".join(
        [f"seed {seed} ({verdict}): {style.line()}", *problems, f"reproduce: {reproduce_command(seed, 'abiword')}"])


@pytest.mark.slow
@pytest.mark.parametrize("seed", READ_RIGHT)
def test_abiword_prints_the_word_document(seed, printed):
    meta, count = pdf_to_metadata_and_pages(printed[seed][0])
    assert meta["Producer"].startswith("cairo"), meta
    assert printed[seed][1] == count >= 2


@pytest.mark.slow
@pytest.mark.parametrize("seed", READ_RIGHT)
def test_abiword_printing_gives_the_expected_facts(seed, printed):
    problems, _, report = _judged(seed, printed)
    assert not problems, report
