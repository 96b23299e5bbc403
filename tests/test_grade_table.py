"""The judgments table read from its grade column: rows, grades, years and questions.

Both fixtures print the 2017 effectiveness judgments ("Overall effectiveness 2017 |
Requires improvement" above a table of five questions, each with a grade and "2017" last
inspected), one with a header row and one without, both with white grades on filled cells
in a narrow column where "Requires improvement" wraps after "Requires".
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from page_fixtures import document_with_page, load_document, page_without_lines

from extractors.grade_table import structure_to_grade_rows
from schemas.layouts import layout_by_id

TABLE_HEADER_WORDS = layout_by_id("peel-2017").table_header_words
OVERALL_STATEMENT = layout_by_id("peel-2017").overall_statement
from extractors.structure import document_to_structure
from extractors.text import vocabulary_of

WITH_HEADER = "grade-table-header-filled-narrow-seed7-p6"
NO_HEADER = "grade-table-no-header-seed3-p5"

# As printed on both pages (read from the page images).
PRINTED = [
    ("Overall effectiveness", "Requires improvement", "2017", True),
    ("Preventing crime and tackling anti-social behaviour", "Good", "2017", False),
    ("Investigating crime and reducing re-offending", "Requires improvement", "2017", False),
    ("Protecting vulnerable people", "Requires improvement", "2017", False),
    ("Tackling serious and organised crime", "Good", "2017", False),
    ("Specialist capabilities", "Ungraded", "2017", False),
]


def grade_rows(name: str):
    structure = document_to_structure(load_document(name))
    # The document's own words decide "anti-" + "social" at a line end, as in the pipeline.
    vocabulary = vocabulary_of(t.text for t in structure.lines if t.role in ("body", "footnote"))
    return structure_to_grade_rows(structure, TABLE_HEADER_WORDS, OVERALL_STATEMENT, vocabulary)


@pytest.mark.parametrize("name", [WITH_HEADER, NO_HEADER], ids=["header-row", "no-header-row"])
def test_every_row_is_read_with_its_question_grade_and_year(name):
    rows = grade_rows(name)
    assert [(r.text, r.grade, r.year, r.overall) for r in rows] == PRINTED


def test_grades_printed_white_on_filled_cells_anchor_their_rows():
    doc = load_document(WITH_HEADER)
    page = doc.pages[5]
    white = {line.text for line in page.lines if line.words[0].color == (255, 255, 255)}
    assert {"Good", "Requires", "improvement"} <= white  # the grade labels are the white text
    structure = document_to_structure(doc)
    assert not any(t.role == "heading" and t.text in white for t in structure.lines)
    assert [r.grade for r in grade_rows(WITH_HEADER)].count("Good") == 2


def test_requires_improvement_wrapped_in_its_cell_is_one_grade():
    page = load_document(WITH_HEADER).pages[5]
    assert [line.text for line in page.lines].count("improvement") == 3  # printed on its own line three times
    rows = grade_rows(WITH_HEADER)
    assert sum(r.grade == "Requires improvement" for r in rows) == 3
    overall = rows[0]
    requires = next(line for line in page.lines if line.text == "Requires")
    improvement = min((line for line in page.lines if line.text == "improvement"), key=lambda line: line.top)
    # The row's box reaches over both lines of its grade.
    assert overall.bbox[1] <= requires.top and overall.bbox[3] >= improvement.bottom


@pytest.mark.parametrize("rules", [True, False], ids=["ruled", "rules-removed"])
def test_the_header_row_is_neither_a_row_nor_part_of_a_question(rules):
    doc = load_document(WITH_HEADER)
    if not rules:
        # With no rule under the header row, only its words tell it from the first question.
        doc = document_with_page(doc, replace(doc.pages[5], graphics=()))
    structure = document_to_structure(doc)
    vocabulary = vocabulary_of(t.text for t in structure.lines if t.role in ("body", "footnote"))
    rows = structure_to_grade_rows(structure, TABLE_HEADER_WORDS, OVERALL_STATEMENT, vocabulary)
    assert not any(w in r.text for r in rows for w in ("Question", "Grade", "Last inspected"))
    assert rows[1].text == "Preventing crime and tackling anti-social behaviour"


def test_a_question_wrapped_over_two_lines_of_its_cell_is_one_question():
    page = load_document(WITH_HEADER).pages[5]
    assert any(line.text == "Preventing crime and tackling" for line in page.lines)
    assert any(line.text == "anti-social behaviour" for line in page.lines)
    assert grade_rows(WITH_HEADER)[1].text == "Preventing crime and tackling anti-social behaviour"


def test_the_year_column_gives_last_inspected_and_the_overall_row_its_pillar():
    rows = grade_rows(NO_HEADER)
    assert all(r.year == "2017" for r in rows)
    assert (rows[0].overall, rows[0].pillar) == (True, "effectiveness")
    assert all(r.pillar is None for r in rows[1:])
    assert {r.page for r in rows} == {5}


def test_without_its_year_column_the_rows_have_no_year():
    doc = load_document(NO_HEADER)
    page = page_without_lines(doc.pages[4], lambda line: line.text == "2017" and line.x0 > 300)
    structure = document_to_structure(document_with_page(doc, page))
    rows = structure_to_grade_rows(structure, TABLE_HEADER_WORDS, OVERALL_STATEMENT)
    # "Overall effectiveness 2017" carries its own year; the questions' years are gone.
    assert [r.year for r in rows] == ["2017", None, None, None, None, None]


# ------------------------------------------------- hand-set tables (2018/19 wording)


def _words(text: str, x: float, top: float, size: float = 10.0):
    from extractors.model import Word

    out = []
    for token in text.split():
        out.append(Word(token, x, top, x + 0.5 * size * len(token), top + size, size))
        x += 0.5 * size * len(token) + 0.25 * size
    return out


def _table_document(pages: list[list[tuple[str, float, float]]], pitch: float = 12.0):
    """A document whose pages 2.. hold the given (text, x, top) cells, set in 10 pt, each page
    ending with a paragraph whose lines follow `pitch` points apart (12: single spacing)."""
    from extractors.lines import words_to_lines
    from extractors.model import Document, Page

    paragraph = ["The force was inspected in 2018 and its grades are set out in the table",
                 "above, with the year each question was last inspected and graded, as the",
                 "report says of each question in its own part, page by page, below."]
    body = [w for k, text in enumerate(paragraph) for w in _words(text, 72, 660 + k * pitch)]
    made = [Page(1, 595, 842, tuple(words_to_lines(body)))]
    for n, cells in enumerate(pages, start=2):
        words = [w for text, x, top in cells for w in _words(text, x, top)] + body
        made.append(Page(n, 595, 842, tuple(words_to_lines(words))))
    return Document("0" * 64, "hand-set.pdf", tuple(made))


def _rows_2018(doc):
    layout = layout_by_id("peel-2018-19")
    structure = document_to_structure(doc)
    return [(r.text, r.grade, r.year, r.overall)
            for r in structure_to_grade_rows(structure, layout.table_header_words, layout.overall_statement)]


def test_a_grade_and_its_year_printed_as_one_line_are_two_cells():
    # Seed 385: an unruled table whose rows follow at the text's leading, and where
    # "Requires improvement 2018/19" sets the year a space after the grade.
    doc = _table_document([[
        ("Overall effectiveness 2018/19", 80, 100), ("Inadequate", 346, 100),
        ("Preventing crime and tackling anti-social behaviour", 80, 125), ("Inadequate", 346, 125),
        ("2018/19", 465, 125),
        ("Investigating crime", 80, 138), ("Requires improvement 2018/19", 346, 138),
        ("Planning for the future", 80, 151), ("Requires improvement 2017", 346, 151),
    ]])
    assert _rows_2018(doc) == [
        ("Overall effectiveness", "Inadequate", "2018/19", True),
        ("Preventing crime and tackling anti-social behaviour", "Inadequate", "2018/19", False),
        ("Investigating crime", "Requires improvement", "2018/19", False),
        ("Planning for the future", "Requires improvement", "2017", False),
    ]


def test_rows_run_into_their_grades_are_cut_at_the_column_the_next_page_shows():
    # Seed 384: a narrow table split a row a page; on its first page each row's text runs
    # into its grade ("Preventing crime and tackling Inadequate"), on the next the grades
    # stand in their own column.
    # The grade column starts at 217, a few points after the longest question line ends.
    doc = _table_document([
        [("Overall effectiveness 2018/19", 74, 115), ("Inadequate", 217, 115),
         ("Preventing crime and tackling", 74, 170), ("Inadequate", 217, 170), ("2018/19", 341, 170),
         ("anti-social behaviour", 74, 182)],
        [("Investigating crime", 74, 90), ("Requires", 217, 90), ("2018/19", 341, 90), ("improvement", 217, 102),
         ("Meeting current demands", 74, 144), ("Good", 217, 144), ("2018/19", 341, 144)],
    ])
    first_page = [line.raw_text for line in doc.pages[1].lines]
    assert "Preventing crime and tackling Inadequate" in first_page  # as the printing sets it
    assert _rows_2018(doc)[:2] == [
        ("Overall effectiveness", "Inadequate", "2018/19", True),
        ("Preventing crime and tackling anti-social behaviour", "Inadequate", "2018/19", False),
    ]


def test_at_one_and_a_half_spacing_a_wrapped_question_stays_one_cell():
    # Lines 15 pt apart (1.5 spacing of 10 pt type), rows further apart still.
    doc = _table_document([[
        ("Overall efficiency 2018/19", 80, 100), ("Requires improvement", 346, 100),
        ("Meeting current demands", 80, 130), ("Good", 346, 130), ("2018/19", 465, 130),
        ("and using resources of", 80, 145), ("every kind", 80, 160),
        # The question's last line is nearer the next row's grade than its own.
        ("Planning for the future", 80, 183), ("Requires improvement", 346, 183), ("2017", 465, 183),
    ]], pitch=15.0)
    assert _rows_2018(doc) == [
        ("Overall efficiency", "Requires improvement", "2018/19", True),
        ("Meeting current demands and using resources of every kind", "Good", "2018/19", False),
        ("Planning for the future", "Requires improvement", "2017", False),
    ]


def test_a_grade_wrapped_in_its_cell_at_wide_spacing_is_one_grade():
    # Seed 223 (1.5 lines of Carlito): "Requires" / "improvement" 0.85 em apart in a narrow cell.
    doc = _table_document([[
        ("Overall efficiency 2018/19", 80, 100), ("Requires", 346, 100), ("improvement", 346, 118.5),
        ("Meeting current demands", 80, 150), ("Good", 346, 150), ("2018/19", 465, 150),
        ("Planning for the future", 80, 190), ("Requires", 346, 190), ("2017", 465, 190),
        ("improvement", 346, 208.5),
    ]], pitch=18.5)
    assert _rows_2018(doc) == [
        ("Overall efficiency", "Requires improvement", "2018/19", True),
        ("Meeting current demands", "Good", "2018/19", False),
        ("Planning for the future", "Requires improvement", "2017", False),
    ]


# The 2023-25 sample's grades as its printings' pages show them.
CLEVELAND_2023 = [
    ("Police powers and public treatment", "Good"),
    ("Preventing crime", "Adequate"),
    ("Responding to the public", "Requires improvement"),
    ("Investigating crime", "Adequate"),
    ("Protecting vulnerable people", "Adequate"),
    ("Managing offenders and suspects", "Requires improvement"),
    ("Building, supporting and protecting the workforce", "Good"),
    ("Leadership and force management", "Adequate"),
]


def rows_2023(structure, vocabulary=frozenset()):
    """The grade rows as a 2023-25 report's layout reads them."""
    layout = layout_by_id("peel-2023-25")
    return structure_to_grade_rows(structure, layout.table_header_words, layout.overall_statement, vocabulary)


def test_a_narrow_tables_row_rules_are_no_footnote_separator():
    # Seed 688 (2023-25, narrow table ruled between rows, 1.5 spacing): page 2 ends with the
    # row "Investigating crime | Adequate" under a rule as short as a footnote separator, low
    # on the page. The rules stacked above it at the same length make it a table's.
    structure = document_to_structure(load_document("grade-table-narrow-rows-at-page-foot-seed688-p2-3"))
    last_row = [t for t in structure.lines if t.page == 2 and t.line.top > 300 and t.text in ("Investigating crime", "Adequate")]
    assert len(last_row) == 2 and {t.role for t in last_row} == {"body"}
    rows = rows_2023(structure)
    assert [(r.text, r.grade) for r in rows] == CLEVELAND_2023


BOLD_WRAPPED = "grade-table-bold-questions-wrapped-chromium-seed33-p2-3"


def test_a_bold_question_wrapped_in_its_cell_keeps_its_last_line():
    # Seed 33 printed by Chromium: the questions are bold, so their lines read as headings,
    # and "Building, supporting and protecting the" wraps "workforce" onto a line of its own
    # that meets no grade.
    structure = document_to_structure(load_document(BOLD_WRAPPED))
    rows = rows_2023(structure)
    assert ("Building, supporting and protecting the workforce", "Good") in [(r.text, r.grade) for r in rows]
    assert len(rows) == 8


def test_a_graded_row_whose_name_stops_mid_phrase_is_read_in_part():
    # The same table without the line "workforce": the row "Building, supporting and
    # protecting the" cannot be a whole name, and the report is not loaded with it.
    from extractors.completeness import graded_row_name_promises
    from extractors.grade_table import grade_rows_to_grades

    doc = load_document(BOLD_WRAPPED)
    cut = document_with_page(doc, page_without_lines(doc.pages[2], lambda line: line.raw_text == "workforce"))
    rows = rows_2023(document_to_structure(cut))
    grades, _ = grade_rows_to_grades(rows, "area")
    assert [(p.item, p.page, p.kept) for p in graded_row_name_promises(grades)] == [
        ("the whole name of the graded row 'Building, supporting and protecting the'", 3, False)]


def test_of_two_readings_as_long_the_one_whose_rows_name_parts_of_the_body_is_kept():
    # Chromium seed 34: the row reading takes "Preventing crime and anti-social" (its last
    # line "behaviour" wraps under the grade); the column reading has the whole name, which
    # heads the part on page 7. Both read five rows; the one named as the body names its
    # parts is the one loaded.
    from extractors.report import document_to_extraction

    extraction = document_to_extraction(load_document("grade-table-bold-rows-wrapped-chromium-seed34-p1-3-4-7"))
    assert ("Preventing crime and anti-social behaviour", "Outstanding") in [(g.question, g.grade) for g in extraction.grades]
    assert len(extraction.grades) == 5


def test_rows_set_with_no_padding_and_no_rules_start_where_their_grades_do():
    # Word's default table (seed 146, printed by LibreOffice): no rules, no cell padding, so
    # "crime", the wrapped end of "Tackling serious and organised", stands as far from the next
    # row's "Specialist capabilities" as from its own first line. Each grade stands on its row's
    # first line, and so does each question: the row runs from there to the next grade's line.
    assert [(r.text, r.grade, r.year, r.overall) for r in grade_rows("grade-table-unpadded-unruled-word-seed146-p6")] == PRINTED


def test_prose_crossing_the_grade_column_under_a_table_is_no_row():
    # Seed 129 (2021/22, Word's unruled table run on to page 3): two lines under the last row
    # "Protecting vulnerable people | Adequate", the paragraph "We also inspected how effective a
    # service Lancashire Constabulary gives ..." crosses the grade column. Cut there, its left
    # part was read as the row's wrapped question.
    layout = layout_by_id("peel-2021-22")
    structure = document_to_structure(load_document("grade-table-split-then-prose-word-seed129-p2-3"))
    rows = structure_to_grade_rows(structure, layout.table_header_words, layout.overall_statement)
    assert [(r.text, r.grade) for r in rows] == [
        ("Treatment of the public", "Good"),
        ("Preventing crime and anti-social behaviour", "Outstanding"),
        ("Responding to the public", "Adequate"),
        ("Investigating crime", "Requires improvement"),
        ("Protecting vulnerable people", "Adequate"),
    ]


def test_rows_run_into_their_grades_beside_rows_that_wrap():
    # Chromium seed 98: unruled, two rows printed as one line each with their grade and year, and
    # a cell of lines beside no grade at all once those lines are cut (it raised IndexError).
    assert [(r.text, r.grade, r.year, r.overall) for r in grade_rows("grade-table-rows-run-into-grades-chromium-seed98-p6")] == PRINTED


def test_an_overall_grade_cell_broken_over_the_page_is_read_whole():
    # AbiWord breaks the table's first row over the page: "Overall effectiveness 2017 |
    # Requires" ends page 2 and "improvement" opens page 3, under the running header.
    from extractors.judgments import structure_to_pillar_grades

    # Without the running header and page numbers, which the whole report shows to be furniture.
    doc = load_document("overall-grade-broken-over-the-page-abiword-seed36-p2-3")
    for number in (2, 3):
        doc = document_with_page(doc, page_without_lines(doc.pages[number - 1], lambda line: line.text in (
            "PEEL: Police effectiveness 2017 – Metropolitan Police Service", "1")))
    structure = document_to_structure(doc)
    (overall,) = structure_to_pillar_grades(structure, OVERALL_STATEMENT)
    assert (overall.question, overall.grade, overall.page, overall.pillar) == (
        "Overall effectiveness", "Requires improvement", 2, "effectiveness")


def test_a_grade_cell_broken_by_a_page_break_is_read_whole_with_its_row():
    # The table's last row breaks over the page: "Ethical and lawful workforce | Requires |
    # 2017" ends page 3, "behaviour | improvement" opens page 4 under the repeated header.
    # The two pieces are one grade cell, and the two pieces of question one row.
    from extractors.grade_table import unread_rows

    layout = layout_by_id("peel-2018-19")
    structure = document_to_structure(load_document("grade-row-broken-over-the-page-seed2925-p3-4"))
    rows = structure_to_grade_rows(structure, layout.table_header_words, layout.overall_statement)
    assert unread_rows(rows) == []
    assert [(r.text, r.grade, r.year, r.page, r.overall) for r in rows] == [
        ("Overall effectiveness", "Inadequate", "2018/19", 3, True),
        ("Preventing crime and tackling anti-social behaviour", "Inadequate", "2018/19", 3, False),
        ("Investigating crime", "Requires improvement", "2018/19", 3, False),
        ("Overall efficiency", "Requires improvement", "2018/19", 3, True),
        ("Meeting current demands and using resources", "Requires improvement", "2018/19", 3, False),
        ("Planning for the future", "Requires improvement", "2017", 3, False),
        ("Overall legitimacy", "Requires improvement", "2018/19", 3, True),
        ("Treating the public fairly", "Good", "2018/19", 3, False),
        ("Ethical and lawful workforce behaviour", "Requires improvement", "2017", 3, False),
    ]


def test_a_grade_cell_whose_lines_overlap_is_one_cell():
    # AbiWord, single spaced: "Requires" / "improvement" atop page 3 (the table continued under
    # its repeated header) are set 9 pt apart in 9.5 pt type, so their line boxes overlap.
    # Page 2's "Investigating crime and reducing re-" / "offending" keeps its hyphen: the
    # summary on page 3 prints "re-offending".
    rows = grade_rows("grade-cell-lines-overlapping-abiword-seed198-p2-3")
    assert [(r.text, r.grade, r.year, r.overall) for r in rows] == PRINTED
    assert [r.page for r in rows] == [2, 2, 2, 3, 3, 3]


def test_the_text_reader_keeps_a_hyphen_the_document_prints():
    from extractors.judgments import structure_to_grades

    layout = layout_by_id("peel-2017")
    structure = document_to_structure(load_document("grade-cell-lines-overlapping-abiword-seed198-p2-3"))
    grades, findings = structure_to_grades(structure, layout.overall_statement, layout.table_header_words,
                                           layout.table_first_column_word)
    assert [(g.question, g.grade) for g in grades] == [(q, g) for q, g, _, overall in PRINTED if not overall]
    assert findings == []


def test_rows_come_in_the_order_printed_when_the_overall_grade_stands_apart():
    # The overall grade stands well above the questions on page 6, so its cell and theirs are
    # found as two runs of the column; page 7's rows go on from the questions, not the overall.
    rows = grade_rows("grade-table-over-a-page-overall-set-apart-seed3081-p6-7")
    assert [(r.text, r.grade, r.year, r.overall) for r in rows] == PRINTED
    assert [r.page for r in rows] == [6, 6, 6, 7, 7, 7]


BROKEN_QUESTION = "question-broken-over-the-page-abiword-seed1506-p2-3"


def test_a_question_broken_over_the_page_ends_its_own_row_not_the_next():
    # "Preventing crime and tackling anti-" and its grade end page 2; "social behaviour" opens
    # page 3 above the next row, a rule between rows under it.
    rows = grade_rows(BROKEN_QUESTION)
    # The pages hold the table's first three rows.
    assert [(r.text, r.grade, r.year, r.overall) for r in rows] == PRINTED[:3]
    assert [r.page for r in rows] == [2, 2, 3]


def test_without_rules_a_top_aligned_table_still_ends_the_broken_question_on_its_row():
    # The same pages with every graphic taken away: the rows read on page 2 start level with
    # their grades, so "social behaviour" over the grade of page 3's first row is not its text.
    doc = load_document(BROKEN_QUESTION)
    doc = replace(doc, pages=tuple(replace(p, graphics=()) for p in doc.pages))
    structure = document_to_structure(doc)
    rows = structure_to_grade_rows(structure, TABLE_HEADER_WORDS, OVERALL_STATEMENT, vocabulary_of(
        t.text for t in structure.lines if t.role in ("body", "footnote")))
    assert [(r.text, r.grade, r.year, r.overall) for r in rows] == PRINTED[:3]


def test_a_table_set_at_its_paragraphs_leading_takes_no_line_of_the_paragraph():
    """Paragraphs parted by indents alone: the sentence introducing the table ends one line
    above the first row at the leading of its own lines, nearer than any rule or space."""
    structure = document_to_structure(load_document("grade-table-under-its-paragraph-word-seed1094-p2"))
    rows = rows_2023(structure, vocabulary_of(t.text for t in structure.lines if t.role in ("body", "footnote")))
    # As printed on the page (read from its image).
    assert [(r.text, r.grade) for r in rows] == CLEVELAND_2023


def test_grade_cells_broken_by_automatic_hyphenation_are_read_whole():
    # Writer with automatic hyphenation: "Requires improve-" / "ment", and on page 6 the row
    # "Investigating crime and reducing re-" run into "Requires improve- 2017" as one line, far
    # from the two rows either side of it that the grade column is first found from.
    rows = grade_rows("grade-cells-hyphenated-question-run-into-its-grade-seed28-p6")
    assert [(r.text, r.grade, r.year, r.overall) for r in rows] == PRINTED


def test_a_grade_word_broken_two_letters_in_is_a_piece_of_its_grade():
    # 12 pt type in a wide column still breaks "Requires im-" / "provement": automatic
    # hyphenation leaves as little as two letters before its hyphen. "re-of-" / "fending" is
    # closed as the document spells it ("re-offending" in the summary's prose).
    rows = grade_rows("grade-cells-hyphenated-after-two-letters-seed13-p5-6")
    assert [(r.text, r.grade, r.year, r.overall) for r in rows] == PRINTED


def test_overall_statements_wrapped_in_narrow_cells_grade_their_pillars_and_tables():
    # Writer seed 5655, a 2018/19 sample double spaced: each pillar's statement wraps in its
    # narrow cells ("Overall effectiveness" over "2018/19" beside "Inadequate"; "Overall
    # efficiency 2018/19" beside "Requires" over "improvement"). Each cell is read with its
    # rest, and the table under each statement takes that statement's pillar.
    from extractors.judgments import structure_to_grades, structure_to_pillar_grades

    layout = layout_by_id("peel-2018-19")
    structure = document_to_structure(load_document("overall-statements-wrapped-in-narrow-cells-seed5655-p4-7"))
    pillars = structure_to_pillar_grades(structure, layout.overall_statement)
    assert [(g.question, g.grade, g.page, g.pillar) for g in pillars] == [
        ("Overall effectiveness", "Inadequate", 4, "effectiveness"),
        ("Overall efficiency", "Requires improvement", 5, "efficiency"),
        ("Overall legitimacy", "Requires improvement", 6, "legitimacy")]
    grades, findings = structure_to_grades(structure, layout.overall_statement, layout.table_header_words,
                                           layout.table_first_column_word)
    assert findings == []
    assert [(g.question, g.grade, g.last_inspected, g.pillar) for g in grades] == [
        ("Preventing crime and tackling anti-social behaviour", "Inadequate", 2018, "effectiveness"),
        ("Investigating crime", "Requires improvement", 2018, "effectiveness"),
        ("Meeting current demands and using resources", "Requires improvement", 2018, "efficiency"),
        ("Planning for the future", "Requires improvement", 2017, "efficiency"),
        ("Treating the public fairly", "Good", 2018, "legitimacy"),
        ("Ethical and lawful workforce behaviour", "Requires improvement", 2017, "legitimacy")]
