"""What a report's check results decide: loaded, or quarantined with which reason.

One place, so the flow, `peel replay` and the tests agree on the reason code
and on the one-line message a person reads.
"""

from __future__ import annotations

# Checks that ask whether the extractor read everything the document itself promises
# (every footnote marker has its footnote, every table row its grade, every figure both
# values, every contents entry its heading).  Failing one means the report was read in
# part: it is quarantined `incomplete_extraction`, never loaded half-read.
COMPLETENESS_CHECKS = frozenset({
    "footnote_markers_have_footnotes",
    "footnotes_numbered_in_order",
    "table_rows_have_grades",
    "overall_grades_as_declared",
    "graded_area_count_as_stated",
    "headline_figures_complete",
    "items_under_body_heading",
    "contents_match_headings",
    "graded_area_count_read",
    "characters_have_text",
})


def results_to_quarantine(file_name: str, results) -> tuple[str, str] | None:
    """(reason_code, one-line message) when an error-level check failed, else None.

    A completeness failure wins over other failures: the other checks ran on a partial
    reading, so what they found may only be a symptom of it.
    """
    errors = [r for r in results if r.failed and r.severity == "error"]
    if not errors:
        return None
    incomplete = [r for r in errors if r.check in COMPLETENESS_CHECKS]
    if incomplete:
        first = min(incomplete, key=lambda r: (r.page is None, r.page or 0))
        item = _item_of(first.unexpected_value) if first.table_name == "completeness" else None
        what = f": {item} not read" if item else f" failed ({first.description})"
        where = f" on page {first.page}" if first.page else ""
        more = len(incomplete) - 1
        tail = f" (and {more} more; see validation_results)" if more else "; see validation_results"
        return "incomplete_extraction", f"{file_name}: read in part, {first.check}{what}{where}{tail}"
    checks = sorted({r.check for r in errors})
    return "validation_failed", f"{file_name}: failed {len(checks)} error check(s): {', '.join(checks)}; see validation_results"


def _item_of(unexpected_value: str | None) -> str | None:
    """The promised item a failing completeness row names (its JSON `item`), if any."""
    import json

    if not unexpected_value:
        return None
    try:
        value = json.loads(unexpected_value)
    except ValueError:
        return unexpected_value
    return value.get("item") if isinstance(value, dict) else str(value)
