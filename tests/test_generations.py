"""Every PEEL generation is recognised from its cover and read by its declared layout.

Only the 2017 effectiveness report exists in full; each other generation has
a synthetic sample (samples/generations/) written from the documented
structure and quoted wording.  The expected facts are written by hand from
those texts (tests/golden/generations.json), and each sample is printed by
two producers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, extract
from renderers.facts import generation_expected, generation_facts, generations_expected

pytestmark = pytest.mark.slow

SAMPLES = ROOT / "samples" / "generations"
PRODUCERS = ("published", "fpdf2-vera")

# Written by hand from each sample's text: tests/golden/generations.json.
EXPECTED = generations_expected()


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str], Path]:
    from renderers.themes import render

    out = {}
    folder = tmp_path_factory.mktemp("generations")
    for name in EXPECTED:
        text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
        for theme in PRODUCERS:
            out[(name, theme)] = folder / f"{name}-{theme}.pdf"
            render(text, out[(name, theme)], theme)
    return out


def test_every_declared_generation_with_pdfs_has_a_sample():
    from schemas.layouts import layouts

    with_pdfs = {layout.id for layout in layouts() if layout.per_force_pdf}
    assert with_pdfs == {want["report"][0] for want in EXPECTED.values()}


@pytest.mark.parametrize("theme", PRODUCERS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_generation_sample_gives_its_facts(name, theme, printed):
    want = EXPECTED[name]
    got = generation_facts(extract(printed[(name, theme)]), want)
    for key, value in generation_expected(want).items():  # one assertion per kind, so a failure names it
        assert got[key] == value, key


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_generation_sample_passes_every_check(name, printed):
    from flows.validate import extraction_to_check_results

    failed = [(r.check, r.unexpected_value) for r in extraction_to_check_results(extract(printed[(name, "published")]))
              if r.failed]
    assert failed == []


def test_adequate_is_an_ordinal_on_the_five_tier_scale_only():
    from schemas.layouts import layout_by_id

    assert layout_by_id("peel-2023-25").grade_ordinal("Adequate") == 3
    assert layout_by_id("peel-2023-25").grade_ordinal("Outstanding") == 5
    assert layout_by_id("peel-2017").grade_ordinal("Outstanding") == 4
    assert layout_by_id("peel-2017").grade_ordinal("Adequate") is None
    assert layout_by_id("peel-2017").grade_ordinal("Ungraded") is None


def test_a_peel_title_of_no_known_generation_is_unknown_format(tmp_path):
    from renderers.themes import render

    text = (SAMPLES / "peel-2023-25-cleveland.txt").read_text(encoding="utf-8").replace("# PEEL 2023–2025", "# PEEL 2025–2027")
    pdf = tmp_path / "peel-2025-27.pdf"
    render(text, pdf, "published")
    from extractors.errors import ExtractionError

    with pytest.raises(ExtractionError) as err:
        extract(pdf)
    assert err.value.code == "unknown_format"
    assert str(err.value.message) == (
        "peel-2025-27.pdf: 'PEEL 2025–2027' names no PEEL generation peel-etl knows; "
        "declare its layout in schemas/layouts/ before loading it"
    )


def test_a_malformed_layout_is_refused_with_its_file_named():
    from schemas.layouts import LayoutError, dict_to_layout

    data = json.loads((ROOT / "schemas" / "layouts" / "peel-2017.json").read_text(encoding="utf-8"))
    with pytest.raises(LayoutError, match=r"^broken.json: grade_scale must be one of \['five-tier', 'four-tier'\]$"):
        dict_to_layout({**data, "grade_scale": "three-tier"}, "broken.json")
    with pytest.raises(LayoutError, match=r"has no \(\?P<year>"):
        dict_to_layout({**data, "title_patterns": ["^PEEL"]}, "broken.json")
    with pytest.raises(LayoutError, match=r"^broken.json: graded_count_sentence 'graded judgments' has no \(\?P<graded>"):
        dict_to_layout({**data, "graded_count_sentence": "graded judgments"}, "broken.json")
    with pytest.raises(LayoutError, match=r"^broken.json: overall_statement '\^Overall' needs \(\?P<label>"):
        dict_to_layout({**data, "overall_statement": "^Overall"}, "broken.json")
    with pytest.raises(LayoutError, match=r"^broken.json: 'table_first_column_word' must be one of its table_header_words$"):
        dict_to_layout({**data, "table_first_column_word": "area"}, "broken.json")
    with pytest.raises(LayoutError, match=r"^broken.json: 'summary_headings' must be a list$"):
        dict_to_layout({k: v for k, v in data.items() if k != "summary_headings"}, "broken.json")


def test_a_report_whose_stated_count_of_graded_areas_is_not_read_is_incomplete(tmp_path):
    # 2021/22 on, every report says how many areas it grades above its judgments table. Worded
    # past the layout's sentence, the count goes unread: the grades then have nothing to answer
    # to, so the report is read in part, not loaded with no count.
    from flows.validate import extraction_to_check_results
    from renderers.themes import render
    from schemas.outcomes import results_to_quarantine

    text = (SAMPLES / "peel-2021-22-lancashire.txt").read_text(encoding="utf-8")
    stated = "We make graded judgments in five of these six as follows:"
    assert stated in text
    pdf = tmp_path / "peel-2021-22-lancashire-reworded.pdf"
    render(text.replace(stated, "Five of these six are graded as follows:"), pdf, "published")
    results = extraction_to_check_results(extract(pdf))
    assert [(r.check, r.page) for r in results if r.failed] == [("graded_area_count_read", 3)]
    reason, message = results_to_quarantine(pdf.name, results)
    assert (reason, message) == ("incomplete_extraction", (
        f"{pdf.name}: read in part, graded_area_count_read: the sentence stating how many areas are graded "
        "('graded judgments in N of these M') not read on page 3; see validation_results"))
