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
from schemas.vocab import GRADE_SCALES, GRADE_VOCABULARY, GRADES, UNIT_RANGES, UNITS

OUTCOMES_BLOCK = "Crime outcomes"
# A graded question's name that ends with a question mark opens as a question does, after
# at most a title and a dash ("Overview – How effective is ..."). One that does not ("At
# protecting from harm ...?", "Keeping people safe and reducing crime?") is the end of a
# heading whose first line was not read with it.
WHOLE_QUESTION = (r"^(?:[^?]*|(?:.*\s[–-]\s)?(?:How|What|Which|Who|Whom|Whose|Why|When|Where|Whether|To what extent"
                  r"|Do|Does|Did|Is|Are|Was|Were|Has|Have|Had|Can|Could|Will|Would|Should|Must)\b.*)$")


def checks_fingerprint() -> str:
    """A hash of the checks and the reference data they use: a cached result is stale when it changes."""
    import hashlib
    from pathlib import Path

    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in [here / "expectations.py", here / "vocab.py", here / "reference_data.py",
                 *sorted((here / "reference").glob("*.csv"))]:
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
        Check("overall_grades_as_declared", "reports", "error",
              "the report states as many overall grades as its generation's layout declares (one per graded pillar)",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(column_A="overall_grades_found", column_B="expected_overall_grades")),
        Check("graded_area_count_as_stated", "reports", "error",
              "as many areas of policing are graded as the report says ('graded judgments in nine of these ten')",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(
                  column_A="area_grades", column_B="stated_graded_areas", ignore_row_if="either_value_is_missing")),
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
        Check("grade_on_generation_scale", "grades", "error",
              "every grade is on its generation's scale ('Adequate' exists only from 2021/22)",
              lambda: _gx().ExpectColumnValuesToBeInSet(column="on_scale", value_set=[True])),
        Check("cause_has_recommendation", "causes_of_concern", "warning",
              "every cause of concern comes with at least one recommendation",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="recommendations", min_value=1)),
        Check("question_not_empty", "grades", "error", "every graded question has a name",
              lambda: _gx().ExpectColumnValueLengthsToBeBetween(column="question", min_value=3)),
        Check("question_read_whole", "grades", "error",
              "a graded question ending with a question mark opens as a question ('How ...'), not mid-sentence",
              lambda: _gx().ExpectColumnValuesToMatchRegex(column="question", regex=WHOLE_QUESTION)),
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
    out += [
        Check("stated_change_matches_values", "narrative_changes", "error",
              "a change the prose states ('increased 21 percent from 83 ... to 100') agrees with its two values, within rounding",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="gap", min_value=0, max_value=0)),
        Check("stated_comparison_holds", "narrative_comparisons", "error",
              "a comparison the prose makes with England and Wales ('higher than', 'more than double') holds for the figures it states",
              lambda: _gx().ExpectColumnValuesToBeInSet(column="holds", value_set=[True])),
        Check("prose_figure_matches_infographic", "prose_vs_infographic", "warning",
              "a figure the prose states for the same measure and period as 'Force in numbers' is the same figure",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(column_A="prose_value", column_B="infographic_value")),
        Check("rate_count_within_england_wales", "population_rates", "error",
              "a rate times the force's population gives a count no larger than the England and Wales count",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="least_share_of_england_wales", min_value=0, max_value=1)),
        Check("rate_near_england_wales", "population_rates", "warning",
              "a force's rate lies within a tenth and ten times the England and Wales rate",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="ratio_to_england_wales", min_value=0.1, max_value=10)),
        Check("england_wales_rate_is_weighted_mean", "england_wales_weighted_mean", "warning",
              "with every force's report of the year loaded, the England and Wales rate is the population-weighted "
              "mean of the forces' rates, within rounding",
              lambda: _gx().ExpectColumnValuesToBeBetween(column="gap", min_value=0, max_value=0)),
        Check("overall_grade_matches_published", "published_grades", "warning",
              "the overall pillar grade is the grade HMICFRS published for the force, year and pillar",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(column_A="overall_grade", column_B="published_grade")),
    ]
    out += [
        Check(name, "completeness", "error", description,
              (lambda name=name: _gx().ExpectColumnValuesToBeInSet(
                  column="kept", value_set=[True], row_condition=_promise_of(name))))
        for name, description in COMPLETENESS.items()
    ]
    out.append(
        Check("england_wales_figure_agrees_across_reports", "england_wales_consensus", "error",
              "an England and Wales figure is the same as in the other forces' reports of the same year and pillar",
              lambda: _gx().ExpectColumnPairValuesToBeEqual(
                  column_A="england_wales_value", column_B="consensus_value", ignore_row_if="either_value_is_missing"))
    )
    # One check per side over every unit (each row carries its unit's range): a misread
    # 4160 incidents per 1,000 or 110 percent fails, whatever the unit.
    ranges = "; ".join(f"{unit} {low:g} to {high:g}" for unit, (low, high) in UNIT_RANGES.items())
    for column in ("force_value", "england_wales_value"):
        out.append(
            Check(
                f"{column}_in_unit_range", "headline_metrics", "error",
                f"a figure lies within its unit's range ({ranges})",
                (lambda column=column: _gx().ExpectColumnValuesToBeInSet(column=f"{column}_in_range", value_set=[True])),
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


def weighted_means_of(figures: list[tuple], year: int | None) -> dict:
    """(block, metric) -> (low, high, forces) for each rate every force's report prints.

    `figures` are (force_id, block, metric, unit, force value) of the reports of
    one year and pillar, oldest first: a later report of a force replaces an earlier one.
    """
    by_metric: dict[tuple[str, str], dict[str, float]] = {}
    for force_id, block, metric, unit, value in figures:
        if unit in RATE_DENOMINATORS and force_id and value is not None:
            by_metric.setdefault((block, metric), {})[force_id] = value
    out = {}
    for key, rates in by_metric.items():
        interval = weighted_mean_interval(rates, year)
        if interval is not None:
            out[key] = (*interval, len(rates))
    return out


CROSS_REPORT_TABLES = frozenset({"england_wales_consensus", "england_wales_weighted_mean"})


def extraction_to_frames(extraction: Extraction, consensus: dict | None = None, weighted_means: dict | None = None,
                         only: set[str] | None = None) -> dict:
    """One pandas frame per table the checks read (those in `only`, if given); the index
    columns locate each row in the PDF.  The report's own tables are built only when asked
    for: the checks across reports, run apart, need two small frames, not all of them."""
    frames = {}
    if only is None or only & CROSS_REPORT_TABLES:
        frames.update(cross_report_frames(extraction, consensus, weighted_means))
    if only is None or only - CROSS_REPORT_TABLES:
        frames.update(own_frames(extraction))
    return frames


def own_frames(extraction: Extraction) -> dict:
    """The frames of the checks that read this report (and the reference data) alone."""
    import pandas as pd

    r = extraction.report
    reports = pd.DataFrame([{
        "title": r.title, "force": r.force, "force_id": r.force_id, "overall_grade": extraction.overall_grade,
        "summary_grade": extraction.summary_grade,
        "overall_grades_found": extraction.overall_grades_found,
        "expected_overall_grades": extraction.expected_overall_grades,
        "area_grades": sum(1 for g in extraction.grades if g.level == "area" and g.grade != "Ungraded") or None,
        "stated_graded_areas": extraction.stated_graded_areas,
        "page": None, "bbox": None,
    }])
    reports["area_grades"] = reports["area_grades"].astype("Int64")
    reports["stated_graded_areas"] = reports["stated_graded_areas"].astype("Int64")
    scale = set(GRADE_SCALES.get(extraction.grade_scale or "five-tier", GRADES)) | {"Ungraded"}
    grade_rows = []
    for g in extraction.grades:
        heading = _section_of(g.question, extraction.section_grades)
        afis = sum(1 for a in extraction.areas_for_improvement if heading and a.section == heading)
        weak = g.grade in ("Requires improvement", "Inadequate")
        grade_rows.append({
            "question": g.question, "grade": g.grade, "on_scale": g.grade in scale,
            "section_grade": extraction.section_grades.get(heading) if heading else None,
            "afi_count": afis,
            # Only a question inspected this time has a section that could list its AFIs.
            "needs_afi": bool(weak and heading and g.carried_over_from is None and g.level != "pillar"),
            "page": g.page, "bbox": list(g.bbox),
        })
    grades = pd.DataFrame(
        grade_rows, columns=["question", "grade", "on_scale", "section_grade", "afi_count", "needs_afi", "page", "bbox"]
    )
    grades["on_scale"] = grades["on_scale"].astype("bool")
    causes = pd.DataFrame(
        [{"section": c.section, "text": c.text, "recommendations": len(c.recommendations), "page": c.page,
          "bbox": list(c.bbox)} for c in extraction.causes_of_concern],
        columns=["section", "text", "recommendations", "page", "bbox"],
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
    for column in ("force_value", "england_wales_value"):
        # A missing figure is no range failure (metric_*_present flags it).
        metrics[f"{column}_in_range"] = [
            bool(v != v or unit not in UNIT_RANGES or UNIT_RANGES[unit][0] <= v <= UNIT_RANGES[unit][1])
            for v, unit in zip(metrics[column], metrics["unit"])
        ]
    return {
        **narrative_frames(extraction),
        **reference_frames(extraction),
        "reports": reports,
        "grades": grades,
        "causes_of_concern": causes,
        "footnotes": footnotes,
        "areas_for_improvement": afis,
        "headline_metrics": metrics,
        "outcome_totals": outcomes,
        "completeness": completeness_frame(extraction),
    }


def cross_report_frames(extraction: Extraction, consensus: dict | None, weighted_means: dict | None) -> dict:
    """The frames of the checks that compare this report's England and Wales figures with the other reports'."""
    import pandas as pd

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
    mean_rows = []
    for m in extraction.headline_metrics:
        if (m.block, m.metric) in (weighted_means or {}) and m.england_wales_value is not None:
            low, high, forces = weighted_means[(m.block, m.metric)]
            e_lo, e_hi = _interval(m.england_wales_value)
            mean_rows.append({"metric": m.metric, "england_wales_value": m.england_wales_value,
                              "weighted_low": round(low, 3), "weighted_high": round(high, 3), "forces": forces,
                              "gap": round(max(0.0, e_lo - high, low - e_hi), 4), "page": m.page, "bbox": list(m.bbox)})
    means = pd.DataFrame(mean_rows, columns=[*CONTEXT_COLUMNS["england_wales_weighted_mean"], "gap", "page", "bbox"])
    means["gap"] = means["gap"].astype("float64")
    return {"england_wales_weighted_mean": means, "england_wales_consensus": agreement}


def completeness_frame(extraction: Extraction):
    """One row per promise the document makes (schemas.records.Promise) and whether it was kept."""
    import pandas as pd

    frame = pd.DataFrame(
        [{"check": p.check, "item": p.item, "kept": bool(p.kept), "page": p.page,
          "bbox": list(p.bbox) if p.bbox else None} for p in extraction.promises],
        columns=["check", "item", "kept", "page", "bbox"],
    )
    frame["kept"] = frame["kept"].astype("bool")
    return frame


def _promise_of(check: str):
    from great_expectations.expectations.row_conditions import Column

    return Column("check") == check


# Completeness: what the document itself promises (extractors/completeness.py).
COMPLETENESS = {
    "footnote_markers_have_footnotes": "every footnote marker in the text has its footnote",
    "table_rows_have_grades": "every part that prints a grade under its heading has its row in the judgments table",
    "headline_figures_complete": "every figure printed in 'Force in numbers' is read as one side of a measure",
    "items_under_body_heading": "every areas-for-improvement heading has its items, each under a body heading",
    "contents_match_headings": "every contents entry names a body heading on the page it gives",
    "graded_area_count_read": "where the generation states how many areas it grades, that statement is read",
    "characters_have_text": "every character printed has its text (from the PDF, or read by OCR from the page)",
}


# Columns shown beside a failing value, so a failure says what was compared with what.
CONTEXT_COLUMNS = {
    "completeness": ["check", "item"],
    # A failing grade or AFI row names its question or part, even in a report never loaded.
    "grades": ["question"],
    "areas_for_improvement": ["section"],
    "narrative_changes": ["stated", "unit", "change_from", "change_to", "computed_low", "computed_high", "sentence"],
    "narrative_comparisons": ["claim", "force_value", "england_wales_value", "unit", "sentence"],
    "prose_vs_infographic": ["metric", "side", "prose_value", "infographic_value", "sentence"],
    "population_rates": ["metric", "force_value", "england_wales_value", "population", "england_wales_population",
                         "least_share_of_england_wales", "ratio_to_england_wales"],
    "published_grades": ["overall_grade", "published_grade", "source"],
    "headline_metrics": ["block", "metric", "unit", "force_value", "england_wales_value"],
    "england_wales_weighted_mean": ["metric", "england_wales_value", "weighted_low", "weighted_high", "forces"],
}

# The reference populations are sums of local estimates, good to about 1 percent.
POPULATION_TOLERANCE = 0.01


def weighted_mean_interval(rates: dict[str, float], year: int | None) -> tuple[float, float] | None:
    """The range of the population-weighted mean of every force's printed rate.

    `rates` maps force_id to the rate its report prints and must hold all 43
    forces.  Forces the reference has no population for (the four Welsh
    forces) share the rest of the England and Wales population, each at a rate
    between the lowest and highest of theirs, so their unknown split widens
    the range instead of being guessed.
    """
    from schemas.forces import forces
    from schemas.reference_data import england_wales_population, population_of

    total = england_wales_population(year)
    if total is None or {f.force_id for f in forces()} - set(rates):
        return None
    low = high = 0.0
    known = 0
    unknown: list[float] = []
    for force_id, rate in rates.items():
        population, _ = population_of(force_id, year)
        r_lo, r_hi = _interval(rate)
        if population is None:
            unknown.append(rate)
            continue
        known += population
        low += r_lo * population
        high += r_hi * population
    rest = max(total - known, 0)
    if unknown:
        low += _interval(min(unknown))[0] * rest
        high += _interval(max(unknown))[1] * rest
    return low / total * (1 - POPULATION_TOLERANCE), high / total * (1 + POPULATION_TOLERANCE)


def half_step(value: float) -> float:
    """Half the last printed digit: a figure printed as 83 is anything from 82.5 to 83.5."""
    text = repr(float(value))
    if float(value).is_integer():
        return 0.5
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 2
    return 0.5 * 10 ** -decimals


def _interval(value: float) -> tuple[float, float]:
    h = half_step(value)
    return value - h, value + h


def change_interval(unit: str, start: float, end: float) -> tuple[float, float] | None:
    """The range of changes from `start` to `end`, each as printed (rounded): percent or percentage points."""
    (s_lo, s_hi), (e_lo, e_hi) = _interval(start), _interval(end)
    if unit == "percentage points":
        return e_lo - s_hi, e_hi - s_lo
    if s_lo <= 0:
        return None  # a change from (nearly) zero has no percentage
    corners = [(e - st) / st * 100 for st in (s_lo, s_hi) for e in (e_lo, e_hi)]
    return min(corners), max(corners)


def comparison_holds(claim: str, force_value: float, ew_value: float) -> bool:
    """False only when the printed figures rule the claim out, whatever their rounding."""
    (f_lo, f_hi), (e_lo, e_hi) = _interval(force_value), _interval(ew_value)
    if claim == "higher_than":
        return f_hi > e_lo
    if claim == "lower_than":
        return f_lo < e_hi
    if claim == "more_than_double":
        return f_hi > 2 * e_lo
    if claim == "less_than_half":
        return f_lo < 0.5 * e_hi
    raise ValueError(claim)


def narrative_frames(extraction: Extraction) -> dict:
    """The prose's own arithmetic: stated changes, comparisons, and figures the infographic also prints."""
    import pandas as pd

    change_rows, comparison_rows, restated_rows = [], [], []
    for s in extraction.narrative_statistics:
        where = {"sentence": s.sentence, "page": s.page, "bbox": list(s.bbox)}
        if s.comparison in ("increase", "decrease") and s.change_from is not None and s.change_to is not None:
            unit = "percentage points" if s.unit == "percentage points" else "percent"
            computed = change_interval(unit, s.change_from, s.change_to)
            if computed is None:
                continue
            stated = s.value if s.comparison == "increase" else -s.value
            lo, hi = sorted(_interval(stated))
            gap = max(0.0, lo - computed[1], computed[0] - hi)
            change_rows.append({"stated": stated, "unit": unit, "change_from": s.change_from, "change_to": s.change_to,
                                "computed_low": round(computed[0], 2), "computed_high": round(computed[1], 2),
                                "gap": round(gap, 4), **where})
        elif s.comparison in ("higher_than", "lower_than", "more_than_double", "less_than_half") and s.compared_with is not None:
            comparison_rows.append({"claim": s.comparison, "force_value": s.value, "england_wales_value": s.compared_with,
                                    "unit": s.unit, "holds": comparison_holds(s.comparison, s.value, s.compared_with),
                                    **where})
        if s.infographic_metric is not None:
            metric = next((m for m in extraction.headline_metrics if m.metric == s.infographic_metric), None)
            side = "force_value" if s.subject == "force" else "england_wales_value"
            printed = getattr(metric, side) if metric else None
            if printed is None:
                continue
            if s.comparison == "decrease":
                printed = -printed
            # Compare at the precision the prose uses: "11 percent" restates 11.4.
            decimals = 0 if float(s.value).is_integer() else len(repr(float(s.value)).split(".")[1])
            restated_rows.append({"metric": s.infographic_metric, "side": side, "prose_value": float(s.value),
                                  "infographic_value": float(round(printed, decimals)), **where})
    columns = {
        "narrative_changes": ["stated", "unit", "change_from", "change_to", "computed_low", "computed_high", "gap",
                              "sentence", "page", "bbox"],
        "narrative_comparisons": ["claim", "force_value", "england_wales_value", "unit", "holds", "sentence", "page", "bbox"],
        "prose_vs_infographic": ["metric", "side", "prose_value", "infographic_value", "sentence", "page", "bbox"],
    }
    frames = {}
    for name, rows in (("narrative_changes", change_rows), ("narrative_comparisons", comparison_rows),
                       ("prose_vs_infographic", restated_rows)):
        frames[name] = pd.DataFrame(rows, columns=columns[name])
    frames["narrative_changes"]["gap"] = frames["narrative_changes"]["gap"].astype("float64")
    frames["narrative_comparisons"]["holds"] = frames["narrative_comparisons"]["holds"].astype("bool")
    return frames


# Units whose figures are counts per head of the population, and that head count.
RATE_DENOMINATORS = {"per 1,000 population": 1_000, "per 1 million population": 1_000_000}


def reference_frames(extraction: Extraction) -> dict:
    """The report's figures beside the reference data: populations and published grades."""
    import pandas as pd

    from schemas.reference_data import england_wales_population, population_of, published_grade

    r = extraction.report
    population, _ = population_of(r.force_id, r.year)
    ew_population = england_wales_population(r.year)
    rate_rows = []
    if population and ew_population:
        for m in extraction.headline_metrics:
            per = RATE_DENOMINATORS.get(m.unit)
            if per is None or m.force_value is None or not m.england_wales_value:
                continue
            force_lo, _ = _interval(m.force_value)
            _, ew_hi = _interval(m.england_wales_value)
            rate_rows.append({
                "metric": m.metric, "force_value": m.force_value, "england_wales_value": m.england_wales_value,
                "population": population, "england_wales_population": ew_population,
                # The smallest share the printed figures allow: above 1 is impossible.
                "least_share_of_england_wales": round(max(force_lo, 0) * population / (ew_hi * ew_population), 4),
                "ratio_to_england_wales": round(m.force_value / m.england_wales_value, 3),
                "page": m.page, "bbox": list(m.bbox),
            })
    rates = pd.DataFrame(rate_rows, columns=[*CONTEXT_COLUMNS["population_rates"], "page", "bbox"])
    for column in ("least_share_of_england_wales", "ratio_to_england_wales"):
        rates[column] = rates[column].astype("float64")
    grade, _ = published_grade(r.force_id, r.year, r.pillar)
    grade_rows = []
    if grade and not r.synthetic and extraction.overall_grade:
        grade_rows.append({"overall_grade": extraction.overall_grade, "published_grade": grade,
                           "source": "schemas/reference/peel_grades.csv", "page": None, "bbox": None})
    grades = pd.DataFrame(grade_rows, columns=[*CONTEXT_COLUMNS["published_grades"], "page", "bbox"])
    return {"population_rates": rates, "published_grades": grades}


def skipped_tables(extraction: Extraction, weighted_means: dict | None = None) -> dict[str, str]:
    """Tables whose checks cannot run on this report, with the reason: the check is skipped, not guessed."""
    from schemas.reference_data import england_wales_population, population_of, published_grade

    r = extraction.report
    out = {}
    if not weighted_means:
        out["england_wales_weighted_mean"] = (
            f"skipped: needs every force's {r.year} {r.pillar} report loaded, and a population for that year")
    if any(m.unit in RATE_DENOMINATORS for m in extraction.headline_metrics):
        population, why = population_of(r.force_id, r.year)
        if population is None:
            out["population_rates"] = f"skipped: {why}"
        elif england_wales_population(r.year) is None:
            out["population_rates"] = f"skipped: no England and Wales population for reports of {r.year}"
    if r.synthetic:
        out["published_grades"] = "skipped: the document says it is synthetic, so it has no published grade"
    elif extraction.overall_grade is None:
        out["published_grades"] = "skipped: no overall grade was read"
    else:
        grade, why = published_grade(r.force_id, r.year, r.pillar)
        if grade is None:
            out["published_grades"] = f"skipped: {why}"
    return out
