"""The golden file agrees with the report text it was written from.

The source text is parsed here by the renderer's own reader, which shares
no code with the extractors, so the golden file is checked independently.
"""

from __future__ import annotations

from conftest import SAMPLE_TEXT
from renderers.source_text import Heading, Judgments, Paragraph, ForceInNumbers, text_to_report_source


def _plain(runs) -> str:
    return " ".join("".join(r.text for r in runs if not r.sup).split())


def test_golden_footnotes_are_the_report_footnotes(golden):
    src = text_to_report_source(SAMPLE_TEXT.read_text(encoding="utf-8"))
    assert {f["number"]: f["text"] for f in golden["footnotes"]} == {n: _plain(r) for n, r in src.footnotes.items()}


def test_golden_afis_are_the_bullets_under_areas_for_improvement(golden):
    src = text_to_report_source(SAMPLE_TEXT.read_text(encoding="utf-8"))
    items, part, inside = [], None, False
    for item in src.body:
        if isinstance(item, Heading):
            title = _plain(item.runs)
            part = title if item.level == 1 else part
            inside = title == "Areas for improvement"
        elif inside and isinstance(item, Paragraph) and item.bullet:
            items.append({"section": part, "text": _plain(item.runs)})
    assert golden["areas_for_improvement"] == items


def test_golden_grades_are_the_judgments_table(golden):
    src = text_to_report_source(SAMPLE_TEXT.read_text(encoding="utf-8"))
    table = next(b for b in src.body if isinstance(b, Judgments))
    assert golden["overall_grade"] == table.overall_grade
    assert [(g["question"], g["grade"], str(g["last_inspected"])) for g in golden["grades"]] == [tuple(r) for r in table.rows]


def test_golden_figures_are_the_infographic(golden):
    src = text_to_report_source(SAMPLE_TEXT.read_text(encoding="utf-8"))
    fin = next(b for b in src.body if isinstance(b, ForceInNumbers))
    printed = [(b.title.rstrip("*"), m.force_value, m.england_wales_value) for b in fin.blocks for m in b.metrics]
    def show(v):
        sign = "+" if v > 0 and "change" in unit else ""
        return f"{sign}{v:g}"
    got = []
    for m in golden["headline_metrics"]:
        unit = m["unit"]
        pct = "%" if unit.startswith("percent") else ""
        got.append((m["block"], show(m["force_value"]) + pct, show(m["england_wales_value"]) + pct))
    assert got == printed


def test_golden_prose_statistics_are_stated_in_the_body_paragraphs(golden):
    """Every prose figure is printed, with its unit, in a body paragraph; figures in order of the text."""
    import re

    src = text_to_report_source(SAMPLE_TEXT.read_text(encoding="utf-8"))
    paragraphs = [_plain(p.runs) for p in src.body if isinstance(p, Paragraph) and not p.bullet]
    text = " ".join(paragraphs)
    at = 0
    for stat in golden["narrative_statistics"]:
        number = f"{stat['value']:g}"
        first_unit_word = {"percent": "percent", "percentage points": "percentage"}.get(stat["unit"], "per")
        # The number, up to four words, then the unit ("33 high-risk cases per 10,000 adult females").
        pattern = re.compile(rf"\b{number}\b(?:\s+\S+){{0,4}}?\s+{first_unit_word}\b|\bwas {number}\b")
        found = pattern.search(text, at) or pattern.search(text)
        assert found, stat
        if stat["unit"].startswith("per") and stat["unit"] not in text:
            raise AssertionError(f"unit {stat['unit']!r} is not in the text")
    # The comparisons the golden file records are the ones the sentences make.
    for phrase in ("below the England and Wales rate of 13 percent", "more than double the England and Wales rate",
                   "higher than the England and Wales rate of 37 percent", "increased 21 percent from 83"):
        assert phrase in text
