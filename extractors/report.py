"""Run every extractor over one parsed document."""

from __future__ import annotations

from extractors import EXTRACTOR_VERSION
from extractors.areas_for_improvement import structure_to_areas_for_improvement
from extractors.causes_of_concern import structure_to_causes_of_concern
from extractors.errors import ExtractionError
from extractors.footnotes import structure_to_footnotes
from extractors.completeness import (
    grade_line_promises,
    graded_row_name_promises,
    is_row_itself,
    recommendation_promises,
    structure_to_promises,
)
from extractors.grade_table import grade_rows_to_grades, grades_under_pillars, structure_to_grade_rows, unread_rows
from extractors.headline_metrics import structure_to_headline_metrics_and_promises
from extractors.judgments import (
    grades_with_carried_over,
    structure_to_grades,
    structure_to_pillar_grades,
    structure_to_section_grades,
    structure_to_section_question_grades,
    structure_to_stated_graded_areas,
    structure_to_summary_grade,
)
from extractors.metadata import structure_to_report_meta
from extractors.model import Document
from extractors.narrative_statistics import structure_to_narrative_statistics
from extractors.practice_examples import structure_to_practice_examples
from extractors.structure import document_to_structure, heading_blocks
from extractors.text import vocabulary_of
from extractors.unmapped_glyphs import UNMAPPED
from schemas.layouts import layout_by_id
from schemas.records import Extraction, Finding, Promise

def document_to_extraction(doc: Document) -> Extraction:
    if not doc.pages:
        raise ExtractionError("no_pages", f"{doc.file_name}: the PDF has no pages; download it again")
    # Only a document with no character at all is without text; a short one goes on to
    # the cover, which says what it is.
    if sum(p.char_count for p in doc.pages) == 0:
        if any(p.ocr_regions for p in doc.pages):
            raise ExtractionError(
                "unreadable_scan",
                f"{doc.file_name}: the pages are pictures and OCR found no readable text; check the scan's quality",
            )
        pictures = sum(len(p.pictures) for p in doc.pages)
        raise ExtractionError(
            "no_text",
            f"{doc.file_name}: no page has any text"
            + (f", and its {pictures} picture(s) are too small to hold a page of text" if pictures else " or picture")
            + "; is it the report?",
        )
    structure = document_to_structure(doc)
    meta = structure_to_report_meta(structure)
    if meta.title and UNMAPPED in meta.title:
        # What the title names cannot be known: the message says why, not that no layout fits.
        raise ExtractionError(
            "incomplete_extraction",
            f"{doc.file_name}: the cover's title reads {meta.title!r}: the PDF gives no text for some of its "
            "characters and OCR could not read them from the page; supply a copy whose fonts map every "
            "character to text",
        )
    if meta.generation is None and meta.title and "peel" in meta.title.lower():
        raise ExtractionError(
            "unknown_format",
            f"{doc.file_name}: '{meta.title}' names no PEEL generation peel-etl knows; "
            "declare its layout in schemas/layouts/ before loading it",
        )
    if meta.title is None or meta.pillar is None:
        cover = meta.title or next((t.text for t in structure.lines if t.page == 1 and t.text.strip()), "")
        raise ExtractionError(
            "not_a_peel_report",
            f"{doc.file_name}: no PEEL report title on the cover (it reads {cover[:80]!r}); is this a PEEL report?",
        )
    layout = layout_by_id(meta.generation)
    vocabulary = vocabulary_of(t.text for t in structure.lines if t.role in ("body", "footnote"))
    warnings: list[Finding] = []
    summary_grade = structure_to_summary_grade(structure, layout.summary_headings)
    expected_overall = layout.expected_overall_grades(meta.pillar)
    if layout.judgments_table:
        pillar_grades = structure_to_pillar_grades(structure, layout.overall_statement)
        grades, found = structure_to_grades(structure, layout.overall_statement, layout.table_header_words,
                                            layout.table_first_column_word)
        column_rows = structure_to_grade_rows(structure, layout.table_header_words, layout.overall_statement, vocabulary)
        from_column, pillars_from_column = grade_rows_to_grades(
            column_rows, "area" if layout.graded_unit == "area" else "question"
        )
        table_promises = [Promise("table_rows_have_grades", f"the row of the '{r.grade}' grade cell", False, r.page, r.bbox)
                          for r in unread_rows(column_rows)]
        # Two readings of the same table: by its rows' text, and from its grade column out.
        # The one that finds more rows read more of the table; between two that find as many,
        # the one that tells the overall grades apart as the layout says (each reading is
        # checked against the document's own promises either way).
        blocks = heading_blocks(structure)

        def named_in_body(g) -> bool:
            # A heading of the body, not the table row itself (which may be bold), says it all.
            return any(b.text.lower() == g.question.lower() and not is_row_itself(b, g) for b in blocks)

        def reading_score(questions, pillars) -> tuple[int, bool, int]:
            # More rows read, then as many overall grades as the layout declares, then more
            # rows named exactly as a heading of the body names its part (a name cut short
            # where its cell wrapped names none).
            return (len(questions) + len(pillars), len(pillars) == expected_overall,
                    sum(named_in_body(g) for g in questions))

        if len(pillar_grades) > len(pillars_from_column) and len(from_column) > len(grades):
            # The overall grades stand apart from the table's grade column (set across the
            # page): the rows read them, the column reads the questions under each.
            from_column, pillars_from_column = grades_under_pillars(from_column, pillar_grades), pillar_grades
        if reading_score(from_column, pillars_from_column) > reading_score(grades, pillar_grades):
            grades, pillar_grades = from_column, pillars_from_column
            # What the row reading could not read is no finding once the column reading is
            # kept: that reading answers for itself through the table's promises.
            found = []
        warnings += found
        overall_found = len(pillar_grades)
        overall = pillar_grades[0].grade if len(pillar_grades) == 1 else None
        if expected_overall > 1:
            grades = pillar_grades + grades  # 2018/19: each pillar's overall grade is a graded row of its own
    else:
        # 2015, 2016: each question's grade sits under its heading; the overview states the overall grade.
        grades = structure_to_section_question_grades(structure, meta.year, layout.summary_headings)
        # A graded report grades its questions: none read means the grades under the headings were missed.
        table_promises = [Promise("table_rows_have_grades", "the grade printed under each question's heading",
                                  bool(grades), None, None)] if expected_overall else []
        table_promises += grade_line_promises(structure, heading_blocks(structure))
        overall = summary_grade if expected_overall else None
        overall_found = 1 if overall else 0
    if expected_overall and overall_found == 0:
        warnings.append(Finding("no_overall_grade", "no overall grade was found"))
    grades = grades_with_carried_over(grades, structure, meta.year, layout.carried_over_sentence)
    table_promises += graded_row_name_promises(grades)
    questions = [g.question for g in grades if g.level != "pillar"]
    afis, found = structure_to_areas_for_improvement(
        structure, vocabulary, questions, layout.headings["areas_for_improvement"],
        headlines=layout.afi_form == "headline_and_explanation",
    )
    warnings += found
    causes, found = structure_to_causes_of_concern(
        structure, vocabulary, questions, layout.headings["causes_of_concern"], layout.headings["recommendations"]
    )
    warnings += found
    footnotes, found = structure_to_footnotes(structure, vocabulary)
    warnings += found
    metrics, found, figure_promises = structure_to_headline_metrics_and_promises(
        structure, meta.force, layout.headings["force_in_numbers"])
    if not layout.force_in_numbers and any(f.code == "no_force_in_numbers" for f in found):
        # Where the generation's infographic is not known, its absence is no finding, and a
        # heading naming it (an annex on the data) promises no figures.
        found = [f for f in found if f.code != "no_force_in_numbers"]
        figure_promises = []
    warnings += found
    section_grades = structure_to_section_grades(structure)
    stated_graded_areas = structure_to_stated_graded_areas(structure, layout.graded_count_sentence)
    if layout.graded_count_sentence is not None:
        # Every report of such a generation states how many areas it grades above its
        # judgments table: unread, the count of grades has nothing to answer to.
        table_promises.append(Promise(
            "graded_area_count_read", "the sentence stating how many areas are graded ('graded judgments in N of these M')",
            stated_graded_areas is not None, grades[0].page if grades else None, None))
    promises = structure_to_promises(
        structure, footnotes=footnotes, section_grades=section_grades, grades=grades,
        judgments_table=layout.judgments_table, afi_heading=layout.headings["areas_for_improvement"], afis=afis,
        figure_promises=figure_promises, findings=warnings,
    ) + table_promises + recommendation_promises(causes)
    return Extraction(
        report=meta,
        overall_grade=overall,
        overall_grades_found=overall_found,
        grades=grades,
        areas_for_improvement=afis,
        footnotes=footnotes,
        headline_metrics=metrics,
        narrative_statistics=structure_to_narrative_statistics(structure, meta.force, metrics),
        causes_of_concern=causes,
        practice_examples=structure_to_practice_examples(structure, vocabulary, questions, layout.headings["practice"]),
        section_grades=section_grades,
        summary_grade=summary_grade,
        grade_scale=layout.grade_scale,
        expected_overall_grades=expected_overall,
        stated_graded_areas=stated_graded_areas,
        warnings=warnings,
        extractor_version=EXTRACTOR_VERSION,
        promises=promises,
    )
