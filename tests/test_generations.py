"""Every PEEL generation is recognised from its cover and read by its declared layout.

Only the 2017 effectiveness report exists in full; each other generation has
a synthetic sample (samples/generations/) written from the documented
structure and quoted wording.  The expected facts below are written by hand
from those texts, and each sample is printed by two producers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, extract

SAMPLES = ROOT / "samples" / "generations"
PRODUCERS = ("published", "fpdf2-vera")

EXPECTED = {
    "peel-2015-effectiveness-vulnerability-staffordshire": {
        "report": ("peel-2015", "staffordshire", "effectiveness", 2015),
        "overall_grade": "Inadequate",
        "grades": [("How effective is the force at protecting from harm those who are vulnerable, and supporting victims?",
                    "Inadequate", "question", None)],
        "areas_for_improvement": 1,
        "causes_of_concern": [("How effective is the force at protecting from harm those who are vulnerable, and supporting victims?", 2, False)],
        "practice": [],
    },
    "peel-2016-efficiency-lancashire": {
        "report": ("peel-2016", "lancashire", "efficiency", 2016),
        "overall_grade": "Good",
        "grades": [
            ("How well does the force understand its current and likely future demand?", "Good", "question", None),
            ("How well does the force use its resources to manage current demand?", "Good", "question", None),
            ("How well is the force planning for demand in the future?", "Good", "question", None),
        ],
        "areas_for_improvement": 3,
        "causes_of_concern": [],
        "practice": [],
    },
    "peel-2017-efficiency-cambridgeshire": {
        "report": ("peel-2017", "cambridgeshire", "efficiency", 2017),
        "overall_grade": "Good",
        "grades": [
            ("How well does the force understand demand?", "Outstanding", "question", "efficiency"),
            ("How well does the force use its resources?", "Good", "question", "efficiency"),
            ("How well is the force planning for the future?", "Good", "question", "efficiency"),
        ],
        "areas_for_improvement": 1,
        "causes_of_concern": [],
        "practice": [],
    },
    "peel-2018-19-cleveland": {
        "report": ("peel-2018-19", "cleveland", "integrated", 2018),
        "overall_grade": None,  # three pillars, three overall grades: no single one
        "grades": [
            ("Overall effectiveness", "Inadequate", "pillar", "effectiveness"),
            ("Overall efficiency", "Requires improvement", "pillar", "efficiency"),
            ("Overall legitimacy", "Requires improvement", "pillar", "legitimacy"),
            ("Preventing crime and tackling anti-social behaviour", "Inadequate", "question", "effectiveness"),
            ("Investigating crime", "Requires improvement", "question", "effectiveness"),
            ("Meeting current demands and using resources", "Requires improvement", "question", "efficiency"),
            ("Planning for the future", "Requires improvement", "question", "efficiency"),
            ("Treating the public fairly", "Good", "question", "legitimacy"),
            ("Ethical and lawful workforce behaviour", "Requires improvement", "question", "legitimacy"),
        ],
        "carried_over": {"Planning for the future": 2017, "Ethical and lawful workforce behaviour": 2017},
        "areas_for_improvement": 3,
        "causes_of_concern": [("Preventing crime and tackling anti-social behaviour", 1, False)],
        "practice": [],
    },
    "peel-2021-22-lancashire": {
        "report": ("peel-2021-22", "lancashire", "integrated", 2021),
        "overall_grade": None,
        "grades": [
            ("Treatment of the public", "Good", "area", None),
            ("Preventing crime and anti-social behaviour", "Outstanding", "area", None),
            ("Responding to the public", "Adequate", "area", None),
            ("Investigating crime", "Requires improvement", "area", None),
            ("Protecting vulnerable people", "Adequate", "area", None),
        ],
        "stated_graded_areas": 5,
        "areas_for_improvement": 2,
        "causes_of_concern": [("Investigating crime", 2, False)],
        "practice": [("Innovative practice", "Preventing crime and anti-social behaviour")],
    },
    "peel-2023-25-cleveland": {
        "report": ("peel-2023-25", "cleveland", "integrated", 2023),
        "overall_grade": None,
        "grades": [
            ("Police powers and public treatment", "Good", "area", None),
            ("Preventing crime", "Adequate", "area", None),
            ("Responding to the public", "Requires improvement", "area", None),
            ("Investigating crime", "Adequate", "area", None),
            ("Protecting vulnerable people", "Adequate", "area", None),
            ("Managing offenders and suspects", "Requires improvement", "area", None),
            ("Building, supporting and protecting the workforce", "Good", "area", None),
            ("Leadership and force management", "Adequate", "area", None),
        ],
        "stated_graded_areas": 8,
        "areas_for_improvement": 3,
        "headlines": {
            "Cleveland Police should improve the way it flags vulnerable people on its incident logs.":
                "In 83 of 92 relevant cases, call handlers checked the force's systems for previous incidents, "
                "but vulnerability was flagged on the system in just 29 of the 50 relevant cases.",
        },
        "causes_of_concern": [],
        "practice": [("Promising practice", "Preventing crime")],
    },
}


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
    ex = extract(printed[(name, theme)])
    r = ex.report
    assert (r.generation, r.force_id, r.pillar, r.year) == want["report"]
    assert r.synthetic
    assert ex.overall_grade == want["overall_grade"]
    assert [(g.question, g.grade, g.level, g.pillar) for g in ex.grades] == want["grades"]
    carried = {g.question: g.carried_over_from for g in ex.grades if g.carried_over_from}
    assert carried == want.get("carried_over", {})
    assert ex.stated_graded_areas == want.get("stated_graded_areas")
    assert len(ex.areas_for_improvement) == want["areas_for_improvement"]
    assert [(c.section, len(c.recommendations), c.accelerated) for c in ex.causes_of_concern] == want["causes_of_concern"]
    assert [(p.label, p.section) for p in ex.practice_examples] == want["practice"]
    for headline, explanation in want.get("headlines", {}).items():
        (afi,) = [a for a in ex.areas_for_improvement if a.headline == headline]
        assert afi.explanation == explanation
    assert ex.warnings == []


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
