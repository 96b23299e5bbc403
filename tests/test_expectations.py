"""Every check passes on the real report and fails, for its stated reason, on a seeded bad value."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from conftest import SAMPLE_PDF, extract
from flows.validate import extraction_to_check_results
from schemas.expectations import checks
from schemas.records import CauseOfConcern, Promise

pytestmark = pytest.mark.slow


GOOD: list = []


@pytest.fixture(scope="module")
def good():
    ex = extract(SAMPLE_PDF)
    GOOD[:] = [ex]
    return ex


# Two other forces' reports printing the same England and Wales figures as the sample.
def _peers(g) -> dict:
    from schemas.expectations import england_wales_consensus

    return england_wales_consensus(
        [(name, m.block, m.metric, m.england_wales_value) for name in ("kent.pdf", "essex.pdf") for m in g.headline_metrics]
    )


# Every force's report printing, as its own rate, the sample's England and Wales rate:
# their population-weighted mean is then the England and Wales rate itself.
def _means(g) -> dict:
    from schemas.expectations import weighted_means_of
    from schemas.forces import forces

    return weighted_means_of(
        [(f.force_id, m.block, m.metric, m.unit, m.england_wales_value) for f in forces() for m in g.headline_metrics],
        2017,
    )


def failures(extraction, consensus=None) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in extraction_to_check_results(extraction, consensus if consensus is not None else _peers(GOOD[0]),
                                         weighted_means=_means(GOOD[0])):
        if r.failed:
            out.setdefault(r.check, []).append(r)
    return out


def test_real_report_passes_every_check(good):
    results = extraction_to_check_results(good, _peers(good), weighted_means=_means(good))
    assert {r.check for r in results} == {c.name for c in checks()}
    assert [r for r in results if r.failed] == []
    assert [r.check for r in results if r.success is None] == []  # none skipped


def _metric(ex, metric):
    return next(k for k, m in enumerate(ex.headline_metrics) if m.metric == metric)


def seeded(good, **changes):
    ex = copy.deepcopy(good)
    for name, value in changes.items():
        setattr(ex, name, value)
    return ex


def with_promise_broken(good, check):
    """The report as read with one thing it promises missing (a footnote, a table row, a figure ...)."""
    ex = copy.deepcopy(good)
    k = next(k for k, p in enumerate(ex.promises) if p.check == check)
    ex.promises[k] = replace(ex.promises[k], kept=False)
    return ex


def with_metric(good, metric, **fields):
    ex = copy.deepcopy(good)
    k = _metric(ex, metric)
    ex.headline_metrics[k] = replace(ex.headline_metrics[k], **fields)
    return ex


DA_SHARE = "Domestic abuse as a percentage of all recorded crime (excluding fraud)"

def _regrade_section(g, heading, grade):
    ex = copy.deepcopy(g)
    ex.section_grades = dict(ex.section_grades, **{heading: grade})
    return ex


def with_statistic(good, printed, unit, **fields):
    """The sample with one prose figure (the first of that value and unit) read differently."""
    ex = copy.deepcopy(good)
    k = next(k for k, n in enumerate(ex.narrative_statistics) if n.value == printed and n.unit == unit)
    ex.narrative_statistics[k] = replace(ex.narrative_statistics[k], **fields)
    return ex


def _drop_afis(g, section):
    ex = copy.deepcopy(g)
    ex.areas_for_improvement = [a for a in ex.areas_for_improvement if a.section != section]
    return ex


CASES = {
    **{check: (lambda g, check=check: with_promise_broken(g, check))
       for check in ("footnote_markers_have_footnotes", "table_rows_have_grades", "headline_figures_complete",
                     "items_under_body_heading", "contents_match_headings")},
    # A 2021/22 report whose "We make graded judgments in five of these six" went unread.
    "graded_area_count_read": lambda g: seeded(g, promises=g.promises + [Promise(
        "graded_area_count_read", "the sentence stating how many areas are graded", False, 3, None)]),
    # A ligature the PDF maps to no character, which OCR could not read either.
    "characters_have_text": lambda g: seeded(g, promises=g.promises + [Promise(
        "characters_have_text", "1 word(s) whose characters the PDF gives no text for ('effec\ufffdveness')", False, 1,
        None)]),
    "force_is_known": lambda g: seeded(g, report=replace(g.report, force="Metropolitan Polce Service", force_id=None)),
    # The summary says "requires improvement"; a misread overall grade disagrees with it.
    "overall_grade_matches_summary": lambda g: seeded(g, overall_grade="Good"),
    "grade_matches_section": lambda g: _regrade_section(g, "Tackling serious and organised crime", "Outstanding"),
    "weak_question_has_afi": lambda g: _drop_afis(g, "Investigating crime and reducing re-offending"),
    "grade_in_vocabulary": lambda g: seeded(g, grades=[replace(g.grades[0], grade="Satisfactory")] + g.grades[1:]),
    "question_not_empty": lambda g: seeded(g, grades=[replace(g.grades[0], question="")] + g.grades[1:]),
    # A question's heading read from its second line on: "How effective is the force" lost.
    "question_read_whole": lambda g: seeded(g, grades=[replace(
        g.grades[0], question="At protecting from harm those who are vulnerable, and supporting victims?")] + g.grades[1:]),
    "overall_grade_in_vocabulary": lambda g: seeded(g, overall_grade="Ungraded"),
    "overall_grades_as_declared": lambda g: seeded(g, overall_grades_found=2),
    # "We make graded judgments in nine of these ten", but eight area grades were read.
    "graded_area_count_as_stated": lambda g: seeded(
        g, grades=[replace(x, level="area") for x in g.grades[:4]], stated_graded_areas=5),
    # A four-tier report cannot grade "Adequate": a misread grade.
    "grade_on_generation_scale": lambda g: seeded(g, grades=[replace(g.grades[0], grade="Adequate")] + g.grades[1:]),
    "cause_has_recommendation": lambda g: seeded(g, causes_of_concern=[CauseOfConcern(
        "Protecting vulnerable people", "The force is not protecting vulnerable people well enough.", (), False, 18,
        (72.0, 100.0, 500.0, 130.0))]),
    "report_has_title": lambda g: seeded(g, report=replace(g.report, title=None)),
    "footnotes_numbered_in_order": lambda g: seeded(g, footnotes=g.footnotes[:5] + g.footnotes[6:]),
    "footnote_text_not_empty": lambda g: seeded(g, footnotes=[replace(g.footnotes[0], text="")] + g.footnotes[1:]),
    "footnote_referenced": lambda g: seeded(g, footnotes=[replace(g.footnotes[0], referenced_on=())] + g.footnotes[1:]),
    "afi_text_not_empty": lambda g: seeded(
        g, areas_for_improvement=[replace(g.areas_for_improvement[0], text="")] + g.areas_for_improvement[1:]),
    "afi_has_section": lambda g: seeded(
        g, areas_for_improvement=[replace(g.areas_for_improvement[0], section="")] + g.areas_for_improvement[1:]),
    "metric_unit_known": lambda g: with_metric(g, "Incidents per 1,000 population", unit="per household"),
    "metric_force_value_present": lambda g: with_metric(g, "Incidents per 1,000 population", force_value=None),
    "metric_ew_value_present": lambda g: with_metric(g, "Incidents per 1,000 population", england_wales_value=None),
    "force_value_in_unit_range": lambda g: with_metric(g, DA_SHARE, force_value=110),
    "england_wales_value_in_unit_range": lambda g: with_metric(g, "Incidents per 1,000 population", england_wales_value=2820),
    "ocr_figure_confident": lambda g: with_metric(g, "Incidents per 1,000 population", method="ocr", confidence=0.62),
    # One England and Wales figure misread: the other forces' reports print 282.
    "england_wales_figure_agrees_across_reports": lambda g: with_metric(
        g, "Incidents per 1,000 population", england_wales_value=292),
    # 53 read as 83: the three outcome shares then add up to 104 percent.
    "outcome_shares_at_most_100": lambda g: with_metric(
        g, "Investigation completed but no suspect identified", force_value=83),
    # "This has increased 21 percent from 83 OCGs ..." with 21 misread as 12: 83 to 100 is a rise of 19 to 22 percent.
    "stated_change_matches_values": lambda g: with_statistic(g, 21, "percent", value=12),
    # "44 percent ... This is higher than the England and Wales rate of 37 percent" with 44 misread as 34.
    "stated_comparison_holds": lambda g: with_statistic(g, 44, "percent", value=34),
    # The prose says 100 OCGs per 1 million population; the infographic figure misread as 160.
    "prose_figure_matches_infographic": lambda g: with_metric(
        g, "Organised crime groups per 1 million population", force_value=160),
    # 89 crimes per 1,000 misread as 600: over London's 8.8 million people that is more crime than all of England and Wales.
    "rate_count_within_england_wales": lambda g: with_metric(g, "Crimes recorded per 1,000 population", force_value=600),
    # 416 incidents per 1,000 misread as 25: under a tenth of England and Wales' 282.
    "rate_near_england_wales": lambda g: with_metric(g, "Incidents per 1,000 population", force_value=25),
    # 77 crimes per 1,000 misread as 87: every force's own rate averages 77 over the population.
    "england_wales_rate_is_weighted_mean": lambda g: with_metric(
        g, "Crimes recorded per 1,000 population", england_wales_value=87),
    # HMICFRS published "Requires improvement" for the Met's 2017 effectiveness.
    "overall_grade_matches_published": lambda g: seeded(g, overall_grade="Good"),
}


def test_every_check_has_a_failing_case():
    assert set(CASES) == {c.name for c in checks()}


@pytest.mark.parametrize("check", sorted(CASES))
def test_check_fails_for_its_reason(check, good):
    failed = failures(CASES[check](good))
    assert check in failed, f"{check} did not fail; failed instead: {sorted(failed)}"
    # Only the seeded problem fails (a missing footnote also breaks the numbering, so allow that pair).
    allowed = {check, "footnote_referenced"} if check == "footnotes_numbered_in_order" else {check}
    # A misread grade also disagrees with the grade printed elsewhere in the report.
    allowed |= {"overall_grade_in_vocabulary": {"overall_grade_matches_summary", "overall_grade_matches_published"},
                "grade_on_generation_scale": {"grade_matches_section"},
                "grade_in_vocabulary": {"grade_matches_section", "grade_on_generation_scale"},
                }.get(check, set())
    if check.startswith("england_wales_value_in_unit_range"):
        # The misread figure also disagrees with the other reports and with the forces' weighted mean.
        allowed |= {"england_wales_figure_agrees_across_reports", "england_wales_rate_is_weighted_mean"}
    if check == "england_wales_value_in_unit_range":
        allowed |= {"rate_near_england_wales"}  # far out of range is far from the force's rate too
    if check == "overall_grade_matches_published":
        allowed.add("overall_grade_matches_summary")  # a misread grade also disagrees with the summary
    if check in ("england_wales_rate_is_weighted_mean", "england_wales_figure_agrees_across_reports"):
        # A misread England and Wales rate disagrees both with the other reports and with the forces' mean.
        allowed |= {"england_wales_figure_agrees_across_reports", "england_wales_rate_is_weighted_mean"}
    if check == "overall_grade_matches_summary":
        allowed.add("overall_grade_matches_published")
    assert set(failed) <= allowed, sorted(failed)


def test_failure_points_at_the_page(good):
    bad = with_metric(good, DA_SHARE, force_value=110)
    (row,) = failures(bad)["force_value_in_unit_range"]
    page = good.headline_metrics[_metric(good, DA_SHARE)].page
    assert row.page == page and row.bbox is not None and "110" in row.unexpected_value


def test_disagreement_names_both_values_and_the_other_report(good):
    bad = with_metric(good, "Incidents per 1,000 population", england_wales_value=292)
    (row,) = failures(bad)["england_wales_figure_agrees_across_reports"]
    assert '"england_wales_value": 292' in row.unexpected_value
    assert '"consensus_value": 282' in row.unexpected_value and "kent.pdf" in row.unexpected_value
    assert row.page == good.headline_metrics[0].page


def test_too_few_peers_means_no_cross_report_verdict(good):
    from schemas.expectations import england_wales_consensus

    alone = england_wales_consensus([("kent.pdf", m.block, m.metric, m.england_wales_value) for m in good.headline_metrics])
    assert alone == {}
    bad = with_metric(good, "Incidents per 1,000 population", england_wales_value=292)
    assert "england_wales_figure_agrees_across_reports" not in failures(bad, consensus=alone)


def test_a_change_failure_names_the_stated_and_the_computed_change(good):
    (row,) = failures(with_statistic(good, 21, "percent", value=12))["stated_change_matches_values"]
    assert '"stated": 12' in row.unexpected_value and '"change_from": 83' in row.unexpected_value
    assert '"change_to": 100' in row.unexpected_value and "This has increased 21 percent from 83" in row.unexpected_value
    assert row.page == next(n.page for n in good.narrative_statistics if n.value == 21)


def test_rounding_is_allowed_for_in_a_stated_change():
    """83 to 100 is 20.5 percent, yet "21 percent" is right: 83 and 100 are themselves rounded."""
    from schemas.expectations import change_interval

    low, high = change_interval("percent", 83, 100)
    assert low < 20.5 < 21.5 < high
    assert change_interval("percentage points", 9, 11) == (1.0, 3.0)


def test_a_claim_the_rounding_could_make_true_is_not_failed():
    from schemas.expectations import comparison_holds

    assert comparison_holds("more_than_double", 22, 10)
    assert comparison_holds("more_than_double", 20, 10)  # 20.4 > 2 x 9.6: the print cannot rule it out
    assert not comparison_holds("more_than_double", 18, 10)
    assert comparison_holds("higher_than", 37, 37) and not comparison_holds("higher_than", 36, 37)
    assert not comparison_holds("lower_than", 14, 13)


def test_a_welsh_force_has_no_population_so_the_rate_checks_are_skipped_with_a_note(good):
    welsh = seeded(good, report=replace(good.report, force="Gwent Police", force_id="gwent"))
    rows = [r for r in extraction_to_check_results(welsh, _peers(good)) if r.table_name == "population_rates"]
    assert {r.check for r in rows} == {"rate_count_within_england_wales", "rate_near_england_wales"}
    assert all(r.success is None for r in rows)
    assert rows[0].note == "skipped: no population for Gwent Police in schemas/reference/force_population_mid2016.csv"


def test_a_year_without_population_reference_is_skipped_with_a_note(good):
    earlier = seeded(good, report=replace(good.report, year=2016))
    rows = [r for r in extraction_to_check_results(earlier, _peers(good)) if r.table_name == "population_rates"]
    assert rows and all(r.success is None and "reports of 2016" in r.note for r in rows)


def test_a_synthetic_document_is_not_compared_with_published_grades(good):
    synthetic = seeded(good, report=replace(good.report, synthetic=True), overall_grade="Good", summary_grade="Good")
    (row,) = [r for r in extraction_to_check_results(synthetic, _peers(good)) if r.check == "overall_grade_matches_published"]
    assert row.success is None and "synthetic" in row.note


def test_published_grade_failure_names_both_grades(good):
    (row,) = failures(seeded(good, overall_grade="Good"))["overall_grade_matches_published"]
    assert '"overall_grade": "Good"' in row.unexpected_value
    assert '"published_grade": "Requires improvement"' in row.unexpected_value


def test_weighted_mean_needs_every_force_and_says_so(good):
    from schemas.expectations import weighted_means_of

    assert weighted_means_of([("metropolitan", "b", "m", "per 1,000 population", 89)], 2017) == {}
    (row,) = [r for r in extraction_to_check_results(good, _peers(good)) if r.check == "england_wales_rate_is_weighted_mean"]
    assert row.success is None and "every force's 2017 effectiveness report" in row.note


def test_weighted_mean_leaves_the_welsh_split_open():
    """The four Welsh forces have no population: the mean's range spans any split of Wales between them."""
    from schemas.expectations import weighted_mean_interval
    from schemas.forces import forces

    rates = {f.force_id: 80 for f in forces()}
    narrow = weighted_mean_interval(rates, 2017)
    rates.update({"gwent": 60, "south-wales": 100})
    wide = weighted_mean_interval(rates, 2017)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]
    assert weighted_mean_interval({f.force_id: 80 for f in forces()}, 2016) is None  # no population for 2016
