"""Checking reports in one GX run per table gives each report exactly what checking it alone gives."""

from __future__ import annotations

from dataclasses import replace

from conftest import SAMPLE_PDF, extract


def _variants():
    """The sample, a copy with a figure misread, and a copy with a unit misread and footnotes lost."""
    import copy

    good = extract(SAMPLE_PDF)
    misread = copy.deepcopy(good)
    k = next(i for i, m in enumerate(misread.headline_metrics) if m.metric == "Charged/summonsed")
    misread.headline_metrics[k] = replace(misread.headline_metrics[k], force_value=170)
    unit = copy.deepcopy(good)
    unit.headline_metrics[0] = replace(unit.headline_metrics[0], unit="per household")
    unit.footnotes = unit.footnotes[:-2]
    return [good, misread, unit]


def test_stacked_reports_get_the_results_each_gets_alone():
    from flows.validate import extraction_to_check_results, extractions_to_check_results, within_report_tables

    reports = _variants()
    alone = [extraction_to_check_results(e, only=within_report_tables()) for e in reports]
    together = extractions_to_check_results(reports, only=within_report_tables())
    assert together == alone
    assert any(r.failed for r in alone[1]) and any(r.failed for r in alone[2])


def test_a_primed_batch_is_picked_up_once_per_report():
    import flows.validate as validate

    reports = _variants()
    validate.prime_within_report(reports)
    assert len(validate._primed) == 3
    first = validate.within_report_results(reports[1])
    assert len(validate._primed) == 2
    assert first == validate.extraction_to_check_results(reports[1], only=validate.within_report_tables())


def test_reports_compared_together_get_what_each_gets_alone():
    """The checks across reports, run for a batch at once, each report with its own consensus and means."""
    from flows.validate import cross_report_results, cross_reports_results

    reports = _variants()
    m = next(m for m in reports[0].headline_metrics if m.england_wales_value is not None)
    key = (m.block, m.metric)
    agreeing = {key: (m.england_wales_value, 3, "peer.pdf")}
    disagreeing = {key: (m.england_wales_value + 7, 3, "peer.pdf")}
    means_outside = {key: (m.england_wales_value + 20, m.england_wales_value + 30, 43)}
    consensuses, means = [agreeing, disagreeing, {}], [None, None, means_outside]
    alone = [cross_report_results(e, c, w) for e, c, w in zip(reports, consensuses, means)]
    together = cross_reports_results(reports, consensuses, means)
    assert together == alone
    failed = [{r.check for r in results if r.failed} for results in alone]
    assert not failed[0] and failed[1] and failed[2] and failed[1] != failed[2]


def test_the_context_started_in_the_background_is_the_one_the_checks_use():
    import flows.validate as validate

    validate._new_context.cache_clear()
    validate.start_building_context()
    # Asked for at once, while the thread is (most likely) still building it: one build, one context.
    first = validate._context()
    assert validate._context() is first
    assert validate._new_context.cache_info().misses == 1
