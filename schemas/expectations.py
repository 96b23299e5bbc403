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


def checks_fingerprint() -> str:
    """A hash of the checks and the reference data they use: a cached result is stale when it changes."""
    import hashlib
    from pathlib import Path

    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in [here / "expectations.py", here / "vocab.py", *sorted((here / "reference").glob("*.csv"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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


def _flag(column: str):
    from great_expectations.expectations.row_conditions import Column

    return Column(column) == True  # noqa: E712 - builds a GX condition, not a comparison


def _section_of(question: str, headings) -> str | None:
    """The part heading that a judgments-table question names (the table may shorten it)."""
    q = question.lower()
    for heading in headings:
        h = heading.lower()
        if h.startswith(q) or q.startswith(h):
            return heading
    return None


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
        Check("force_is_known", "reports", "error", "the force on the cover is one of the 43 forces of England and Wales",
              lambda: _gx().ExpectColumnValuesToNotBeNull(column="force_id")),
        Check("overall_grade_matches_summary", "reports", "error",
              "the overall grade agrees with the grade the summary states",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(
                  column_A="overall_grade", column_B="summary_grade", ignore_row_if="either_value_is_missing")),
        Check("grade_matches_section", "grades", "error",
              "a question's grade in the judgments table agrees with the grade shown under its section",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(
                  column_A="grade", column_B="section_grade", ignore_row_if="either_value_is_missing")),
        Check("weak_question_has_afi", "grades", "warning",
              "a question graded requires improvement or inadequate lists at least one area for improvement",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="afi_count", min_value=1, row_condition=_flag("needs_afi"))),
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
    out.append(
        Check("england_wales_figure_agrees_across_reports", "england_wales_consensus", "error",
              "an England and Wales figure is the same as in the other forces' reports of the same year and pillar",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(
                  column_A="england_wales_value", column_B="consensus_value", ignore_row_if="either_value_is_missing"))
    )
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


# An England and Wales figure is checked against other reports only when at least this
# many other reports of the same year and pillar print it and a majority of them agree.
MIN_PEERS = 2


def england_wales_consensus(peers: list[tuple[str, str, str, float]]) -> dict[tuple[str, str], tuple[float, int, str]]:
    """(block, metric) -> (value most reports print, how many print it, one of those reports).

    `peers` are (report name, block, metric, England and Wales value) of the *other* reports.
    A figure with fewer than MIN_PEERS peers, or without a strict majority, has no consensus.
    """
    from collections import Counter, defaultdict

    by_metric: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for report, block, metric, value in peers:
        if value is not None:
            by_metric[(block, metric)].append((value, report))
    out = {}
    for key, values in by_metric.items():
        if len(values) < MIN_PEERS:
            continue
        (value, count), = Counter(v for v, _ in values).most_common(1)
        if count * 2 > len(values):
            out[key] = (value, count, next(r for v, r in values if v == value))
    return out


def extraction_to_frames(extraction: Extraction, consensus: dict | None = None) -> dict:
    """One pandas frame per table the checks read; the index columns locate each row in the PDF."""
    import pandas as pd

    r = extraction.report
    reports = pd.DataFrame([{
        "title": r.title, "force": r.force, "force_id": r.force_id, "overall_grade": extraction.overall_grade,
        "summary_grade": extraction.summary_grade,
        "overall_grades_found": extraction.overall_grades_found, "page": None, "bbox": None,
    }])
    grade_rows = []
    for g in extraction.grades:
        heading = _section_of(g.question, extraction.section_grades)
        afis = sum(1 for a in extraction.areas_for_improvement if heading and a.section == heading)
        weak = g.grade in ("Requires improvement", "Inadequate")
        grade_rows.append({
            "question": g.question, "grade": g.grade,
            "section_grade": extraction.section_grades.get(heading) if heading else None,
            "afi_count": afis,
            # Only a question inspected this time has a section that could list its AFIs.
            "needs_afi": bool(weak and heading),
            "page": g.page, "bbox": list(g.bbox),
        })
    grades = pd.DataFrame(
        grade_rows, columns=["question", "grade", "section_grade", "afi_count", "needs_afi", "page", "bbox"]
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
    consensus = consensus or {}
    agree_rows = []
    for m in extraction.headline_metrics:
        value, count, example = consensus.get((m.block, m.metric), (None, 0, None))
        agree_rows.append({
            "block": m.block, "metric": m.metric, "england_wales_value": m.england_wales_value,
            "consensus_value": value, "reports_agreeing": count, "example_report": example,
            "page": m.page, "bbox": list(m.bbox),
        })
    agreement = pd.DataFrame(agree_rows, columns=["block", "metric", "england_wales_value", "consensus_value",
                                                  "reports_agreeing", "example_report", "page", "bbox"])
    for column in ("england_wales_value", "consensus_value"):
        agreement[column] = agreement[column].astype("float64")
    return {
        "england_wales_consensus": agreement,
        "reports": reports,
        "grades": grades,
        "footnotes": footnotes,
        "areas_for_improvement": afis,
        "headline_metrics": metrics,
        "outcome_totals": outcomes,
    }
