"""The validation rules, declared once and built into Great Expectations suites in code.

Each `Check` names a stable id, the table it applies to, its severity
(`error` quarantines the report, `warning` loads it with a flag) and a
builder that returns the GX 1.x expectation.  GX is imported only inside the
builders, so importing this module costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from schemas.records import Extraction
from schemas.vocab import GRADE_VOCABULARY, GRADES, UNIT_RANGES, UNITS

OUTCOMES_BLOCK = "Crime outcomes"


@dataclass(frozen=True)
class Check:
    name: str
    table: str
    severity: str  # "error" | "warning"
    description: str
    build: Callable[[], object]

    def __post_init__(self) -> None:
        if self.severity not in ("error", "warning"):
            raise ValueError(f"{self.name}: severity must be error or warning")


def _gx():
    import great_expectations as gx

    return gx.expectations


def _unit_is(unit: str):
    from great_expectations.expectations.row_conditions import Column

    return Column("unit") == unit


def checks() -> list[Check]:
    out = [
        Check("report_has_title", "reports", "error", "the cover gives a PEEL title",
              lambda: _gx().ExpectColumnValuesToNotBeNull(column="title")),
        Check("one_overall_grade", "reports", "error", "exactly one overall grade is stated",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="overall_grades_found", min_value=1, max_value=1)),
        Check("overall_grade_in_vocabulary", "reports", "error", "the overall grade is a PEEL grade",
              lambda: _gx().ExpectColumnValuesToBeInSet(column="overall_grade", value_set=list(GRADES))),
        Check("grade_in_vocabulary", "grades", "error", "every question grade is a PEEL grade or Ungraded",
              lambda: _gx().ExpectColumnValuesToBeInSet(column="grade", value_set=list(GRADE_VOCABULARY))),
        Check("question_not_empty", "grades", "error", "every graded question has a name",
              lambda: _gx().ExpectColumnValueLengthsToBeBetween(column="question", min_value=3)),
        Check("footnotes_numbered_in_order", "footnotes", "error", "footnotes run 1..N without gaps",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(column_A="number", column_B="position")),
        Check("footnote_text_not_empty", "footnotes", "error", "every footnote has text",
              lambda: _gx().ExpectColumnValueLengthsToBeBetween(column="text", min_value=1)),
        Check("footnote_referenced", "footnotes", "warning", "every footnote is cited in the body",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="reference_count", min_value=1)),
        Check("afi_text_not_empty", "areas_for_improvement", "error", "every area for improvement has text",
              lambda: _gx().ExpectColumnValueLengthsToBeBetween(column="text", min_value=10)),
        Check("afi_has_section", "areas_for_improvement", "error", "every area for improvement belongs to a part",
              lambda: _gx().ExpectColumnValueLengthsToBeBetween(column="section", min_value=3)),
        Check("metric_unit_known", "headline_metrics", "error", "every headline figure has a known unit",
              lambda: _gx().ExpectColumnValuesToBeInSet(column="unit", value_set=list(UNITS))),
        Check("metric_force_value_present", "headline_metrics", "warning", "the force's figure was read",
              lambda: _gx().ExpectColumnValuesToNotBeNull(column="force_value")),
        Check("metric_ew_value_present", "headline_metrics", "warning", "the England and Wales figure was read",
              lambda: _gx().ExpectColumnValuesToNotBeNull(column="england_wales_value")),
        Check("ocr_figure_confident", "headline_metrics", "warning",
              "a figure read by OCR was recognised with at least 90 percent confidence",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="confidence", min_value=0.9, max_value=1.0)),
        Check("outcome_shares_at_most_100", "outcome_totals", "error",
              "the crime outcome shares of one area add up to at most 100 percent",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="share_total", max_value=100)),
    ]
    for unit, (low, high) in UNIT_RANGES.items():
        slug = unit.replace(",", "").replace(" ", "_")
        for column in ("force_value", "england_wales_value"):
            out.append(
                Check(
                    f"{column}_in_range_{slug}", "headline_metrics", "error",
                    f"a {unit} figure lies between {low:g} and {high:g}",
                    (lambda column=column, unit=unit, low=low, high=high: _gx().ExpectColumnValuesToBeBetween(
                        column=column, min_value=low, max_value=high, row_condition=_unit_is(unit),
                    )),
                )
            )
    return out


def extraction_to_frames(extraction: Extraction) -> dict:
    """One pandas frame per table the checks read; the index columns locate each row in the PDF."""
    import pandas as pd

    r = extraction.report
    reports = pd.DataFrame([{
        "title": r.title, "force": r.force, "overall_grade": extraction.overall_grade,
        "overall_grades_found": extraction.overall_grades_found, "page": None, "bbox": None,
    }])
    grades = pd.DataFrame(
        [{"question": g.question, "grade": g.grade, "page": g.page, "bbox": list(g.bbox)} for g in extraction.grades],
        columns=["question", "grade", "page", "bbox"],
    )
    footnotes = pd.DataFrame(
        [
            {"number": f.number, "position": k + 1, "text": f.text, "reference_count": len(f.referenced_on),
             "page": f.page, "bbox": list(f.bbox)}
            for k, f in enumerate(extraction.footnotes)
        ],
        columns=["number", "position", "text", "reference_count", "page", "bbox"],
    )
    afis = pd.DataFrame(
        [{"section": a.section, "text": a.text, "page": a.page, "bbox": list(a.bbox)} for a in extraction.areas_for_improvement],
        columns=["section", "text", "page", "bbox"],
    )
    metrics = pd.DataFrame(
        [
            {"block": m.block, "metric": m.metric, "unit": m.unit, "force_value": m.force_value,
             "england_wales_value": m.england_wales_value, "method": m.method, "confidence": m.confidence,
             "page": m.page, "bbox": list(m.bbox)}
            for m in extraction.headline_metrics
        ],
        columns=["block", "metric", "unit", "force_value", "england_wales_value", "method", "confidence", "page", "bbox"],
    )
    outcome_rows = []
    for side in ("force_value", "england_wales_value"):
        shares = [getattr(m, side) for m in extraction.headline_metrics if m.block == OUTCOMES_BLOCK and m.unit == "percent"]
        pages = [m.page for m in extraction.headline_metrics if m.block == OUTCOMES_BLOCK]
        if shares and all(s is not None for s in shares):
            outcome_rows.append({"side": side, "share_total": float(sum(shares)), "page": min(pages), "bbox": None})
    outcomes = pd.DataFrame(outcome_rows, columns=["side", "share_total", "page", "bbox"])
    for frame in (metrics,):
        for column in ("force_value", "england_wales_value", "confidence"):
            frame[column] = frame[column].astype("float64")
    return {
        "reports": reports,
        "grades": grades,
        "footnotes": footnotes,
        "areas_for_improvement": afis,
        "headline_metrics": metrics,
        "outcome_totals": outcomes,
    }
