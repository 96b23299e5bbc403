"""Each completeness check quarantines a report read in part, naming the item and its page."""

from __future__ import annotations

import pytest

from schemas.outcomes import results_to_quarantine
from schemas.records import Extraction, Promise, ReportMeta

FILE = "peel-effectiveness-2017-metropolitan.pdf"

# One item each check weighs, in the words the extractor gives it, and the page it is on.
BROKEN = {
    "footnote_markers_have_footnotes": ("footnote 7", 9),
    "table_rows_have_grades": ("judgments-table row for 'Protecting vulnerable people'", 6),
    "headline_figures_complete": ("figure '282' of 'Force in numbers'", 3),
    "items_under_body_heading": ("areas for improvement under the heading on page 13", 13),
    "contents_match_headings": ("heading 'Risk-based inspection' (contents: page 5)", 2),
    "graded_area_count_read": ("the sentence stating how many areas are graded ('graded judgments in N of these M')", 4),
    "characters_have_text": ("3 word(s) whose characters the PDF gives no text for ('effec\ufffdveness')", 11),
}


def extraction_with(promises: list[Promise]) -> Extraction:
    meta = ReportMeta("PEEL: Police effectiveness 2017", "Metropolitan Police Service", "effectiveness", 2017,
                      "2018-03", None, "0" * 64, 23, FILE, generation="peel-2017")
    return Extraction(report=meta, overall_grade="Requires improvement", promises=promises)


def kept_promises() -> list[Promise]:
    return [Promise(check, f"another {check} item", True, 4, (1.0, 2.0, 3.0, 4.0)) for check in BROKEN]


def completeness_results(extraction: Extraction):
    from flows.validate import extraction_to_check_results

    return extraction_to_check_results(extraction, only={"completeness"})


# GX builds its suites on the first call (about 2 s on this machine), then each run is quick.
@pytest.mark.parametrize("check", sorted(BROKEN))
def test_a_broken_promise_quarantines_the_report_naming_item_and_page(check):
    item, page = BROKEN[check]
    extraction = extraction_with(kept_promises() + [Promise(check, item, False, page, (10.0, 20.0, 30.0, 40.0))])
    results = completeness_results(extraction)
    assert [(r.check, r.page) for r in results if r.failed] == [(check, page)]
    reason, message = results_to_quarantine(FILE, results)
    assert reason == "incomplete_extraction"
    assert message == f"{FILE}: read in part, {check}: {item} not read on page {page}; see validation_results"


def test_every_promise_kept_quarantines_nothing():
    results = completeness_results(extraction_with(kept_promises()))
    assert not any(r.failed for r in results)
    assert results_to_quarantine(FILE, results) is None


def test_the_earliest_page_is_named_and_the_others_counted():
    promises = [Promise(check, item, False, page) for check, (item, page) in BROKEN.items()]
    reason, message = results_to_quarantine(FILE, completeness_results(extraction_with(promises)))
    assert reason == "incomplete_extraction"
    assert message == (f"{FILE}: read in part, contents_match_headings: heading 'Risk-based inspection' "
                       "(contents: page 5) not read on page 2 (and 6 more; see validation_results)")


def test_a_count_the_document_promises_names_the_check_and_what_it_asserts():
    from flows.validate import CheckResult

    failed = CheckResult("overall_grades_as_declared", "reports", "error", False,
                         "the report states as many overall grades as its generation's layout declares", "0", None, None)
    assert results_to_quarantine("long.pdf", [failed]) == (
        "incomplete_extraction",
        "long.pdf: read in part, overall_grades_as_declared failed (the report states as many overall grades as "
        "its generation's layout declares); see validation_results",
    )


def test_a_graded_row_that_names_no_heading_in_the_body_is_a_broken_promise():
    # A row read with text from elsewhere ("Overall efficiency 2018/19" run into the question
    # under it) names no part of the report; a row whose question heads a section does.
    from extractors.completeness import grade_promises
    from extractors.structure import HeadingBlock
    from schemas.records import Grade

    blocks = [HeadingBlock(7, 2, "Meeting current demands and using resources", (50, 100, 300, 112), 0, 1),
              HeadingBlock(4, 1, "Summary of judgments", (50, 60, 300, 72), 0, 1)]
    right = Grade("Meeting current demands and using resources", "Good", None, 4, (50, 200, 250, 210))
    wrong = Grade("Overall efficiency 2018/19 Meeting current demands and using resources", "Good", None, 4,
                  (50, 220, 250, 240))
    promises = grade_promises({}, [right, wrong], blocks, judgments_table=True)
    assert [(p.item, p.kept) for p in promises] == [
        ("a heading in the body naming the graded row 'Meeting current demands and using resources'", True),
        ("a heading in the body naming the graded row 'Overall efficiency 2018/19 Meeting current demands and "
         "using resources'", False),
    ]
    # A row read with text from after it (the paragraph under the table, seed 129 of the Word
    # producer) names no heading either, though it starts with one; a heading that goes on
    # past the row's words ("... and supporting victims") is the row's part.
    longer = Grade("Meeting current demands and using resources We also inspected how", "Good", None, 4,
                   (50, 250, 250, 270))
    short = Grade("Meeting current demands", "Good", None, 4, (50, 280, 250, 290))
    promises = grade_promises({}, [longer, short], blocks, judgments_table=True)
    assert [p.kept for p in promises] == [False, True]
    # The table row itself, bold and so a heading block of its own, names nothing.
    row_itself = HeadingBlock(4, 2, "Meeting current demands and using resources", (50, 200, 250, 210), 0, 1)
    promises = grade_promises({}, [right], [row_itself], judgments_table=True)
    assert [p.kept for p in promises] == [False]


def test_a_footnote_that_stops_mid_phrase_is_a_broken_promise():
    # "... under sections 44 and 45 of the": no sentence ends there, so the note's end is on a
    # page where it was not found; one that ends on a full stop, or on a web address, is whole.
    from extractors.completeness import footnote_promises
    from extractors.model import Document
    from extractors.structure import Structure
    from schemas.records import Footnote

    structure = Structure(Document("x.pdf", "0" * 64, ()), 10.0, ())
    notes = [Footnote(1, "Home Office Counting Rules are rules under sections 44 and 45 of the", 30, (0, 0, 1, 1), ()),
             Footnote(2, "Crime data, for the year to 30 June 2017 –", 31, (0, 0, 1, 1), ()),
             Footnote(3, "Available from: www.gov.uk/police-data", 31, (0, 0, 1, 1), ()),
             Footnote(4, "Figures are rounded to the nearest whole number.", 31, (0, 0, 1, 1), ()),
             # Chromium seed 51: the last note of the report, its run-on at the top of the last page lost.
             Footnote(5, "They set down how the police service in", 31, (0, 0, 1, 1), ()),
             Footnote(6, "Data for forces that have not logged in.", 31, (0, 0, 1, 1), ())]
    broken = [p.item for p in footnote_promises(structure, notes) if not p.kept]
    assert broken == ["the end of footnote 1", "the end of footnote 2", "the end of footnote 5"]


def test_a_cause_of_concern_heading_with_nothing_read_under_it_is_a_broken_promise():
    from extractors.completeness import findings_to_promises
    from schemas.records import Finding

    empty = Finding("empty_cause_of_concern", "'Cause of concern' under 'Investigating crime' states nothing", 7)
    other = Finding("cause_without_recommendation", "the cause of concern under 'x' lists no recommendation", 7)
    assert [(p.check, p.item, p.kept, p.page) for p in findings_to_promises([empty, other])] == [
        ("items_under_body_heading", "'Cause of concern' under 'Investigating crime' states nothing", False, 7)]


def test_an_area_for_improvement_running_on_over_a_list_mark_breaks_the_promise():
    # Items marked with a glyph the splitter did not take for a bullet run together into one
    # "area for improvement" holding the next item's mark: read in part, never loaded.
    import re

    from extractors.completeness import afi_promises
    from extractors.structure import HeadingBlock
    from schemas.records import AreaForImprovement

    part = HeadingBlock(8, 1, "Preventing crime", (72, 100, 300, 112), 0, 1)
    afi = HeadingBlock(8, 3, "Areas for improvement", (72, 400, 300, 412), 5, 6)
    run_together = AreaForImprovement("Preventing crime", "➢ The force should ensure X. ➢ The force should review Y.",
                                      8, (72, 420, 500, 470))
    alone = AreaForImprovement("Preventing crime", "The force should ensure X.", 8, (72, 420, 500, 440))
    heading = re.compile(r"^areas? for improvement$", re.IGNORECASE)
    broken = [p for p in afi_promises(None, [part, afi], heading, [run_together]) if not p.kept]
    assert [p.check for p in broken] == ["items_under_body_heading"]
    assert "runs on over a list mark ('➢')" in broken[0].item
    assert [p for p in afi_promises(None, [part, afi], heading, [alone]) if not p.kept] == []


def test_a_recommendation_running_on_over_a_list_mark_breaks_the_promise():
    from extractors.completeness import recommendation_promises
    from schemas.records import CauseOfConcern

    cause = CauseOfConcern("Protecting vulnerable people", "The force does not ...",
                           ("The force should, within three months, review X. ✓ It should also train Y.",
                            "It should report on Z."), False, 6, (72, 300, 500, 400))
    broken = recommendation_promises([cause])
    assert [(p.check, p.kept, p.page) for p in broken] == [("items_under_body_heading", False, 6)]
    assert "runs on over a list mark ('✓')" in broken[0].item
    whole = CauseOfConcern("Protecting vulnerable people", "The force does not ...", ("Review X.", "Train Y."),
                           False, 6, (72, 300, 500, 400))
    assert recommendation_promises([whole]) == []
