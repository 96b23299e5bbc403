"""Words grouped into lines: cell borders split a row, a footnote's number stays with its
text across a tab, two large figures on one baseline stay apart."""

from __future__ import annotations

from dataclasses import replace

from page_fixtures import load_document

from extractors.lines import graphics_to_dividers, words_to_lines
from extractors.model import Graphic, Word


def word(text, x0, x1, *, size=10.0, baseline=100.0, **kw) -> Word:
    # Glyph boxes reach a fifth of the size below the baseline, as the parsers set them.
    return Word(text, x0, baseline - 0.8 * size, x1, baseline + 0.2 * size, size, **kw)


def texts(lines) -> list[str]:
    return [line.raw_text for line in lines]


def page_words(page) -> list[Word]:
    """The page's words as the parser gave them, before lines marked any superscript."""
    return [replace(w, superscript=False) for line in page.lines for w in line.words]


# ------------------------------------------------------------ cell borders


def test_a_vertical_rule_between_two_words_splits_the_row():
    # "Protecting vulnerable people" in the question cell, "Good" in the grade cell: a
    # narrow table puts them a space apart, with the cell's rule between them.
    words = [word("Protecting", 72, 118), word("people", 121, 150), word("Good", 156, 178)]
    rule = Graphic("line", 153.0, 90.0, 153.5, 115.0, stroke=(0, 0, 0), width=0.5)
    assert texts(words_to_lines(words)) == ["Protecting people Good"]
    assert texts(words_to_lines(words, graphics_to_dividers([rule]))) == ["Protecting people", "Good"]


def test_the_side_of_a_filled_cell_splits_the_row():
    words = [word("crime", 72, 98), word("Good", 104, 126, color=(255, 255, 255), bold=True)]
    fill = Graphic("rect", 101.0, 88.0, 200.0, 112.0, fill=(79, 143, 47))
    assert texts(words_to_lines(words, graphics_to_dividers([fill]))) == ["crime", "Good"]


def test_a_rule_above_or_below_the_row_or_an_invisible_box_splits_nothing():
    words = [word("Protecting", 72, 118), word("people", 121, 150)]
    elsewhere = Graphic("line", 119.5, 200.0, 120.0, 230.0, stroke=(0, 0, 0))  # a rule lower on the page
    clip = Graphic("rect", 119.0, 80.0, 400.0, 120.0)  # neither stroked nor filled: a clipping path
    white = Graphic("rect", 119.0, 80.0, 400.0, 120.0, fill=(255, 255, 255))
    assert graphics_to_dividers([clip, white]) == []
    assert texts(words_to_lines(words, graphics_to_dividers([elsewhere, clip, white]))) == ["Protecting people"]


def test_the_grid_of_a_printed_table_splits_question_grade_and_year():
    page = load_document("grade-table-header-filled-narrow-seed7-p6").pages[5]
    lines = words_to_lines(page_words(page), graphics_to_dividers(page.graphics))
    # The row printed "Protecting vulnerable people | Requires | 2017" (the grade wraps).
    row = [line.raw_text for line in lines if abs(line.top - _top_of(lines, "Protecting vulnerable people")) < 2]
    assert sorted(row) == ["2017", "Protecting vulnerable people", "Requires"]


def test_a_printed_question_that_runs_up_to_its_grade_cell_is_split_by_the_cell_border():
    # "Tackling serious and organised crime" fills its cell; "Good" (white on green) starts
    # a few points after it, closer than a column gap: only the cell's border parts them.
    page = load_document("grade-table-no-header-seed3-p5").pages[4]
    split = texts(words_to_lines(page_words(page), graphics_to_dividers(page.graphics)))
    assert "Tackling serious and organised crime" in split
    assert "Tackling serious and organised crime Good" in texts(words_to_lines(page_words(page)))


def _top_of(lines, text) -> float:
    return next(line.top for line in lines if line.raw_text.startswith(text))


# ------------------------------------------------------- a footnote's number


def test_a_footnote_number_joins_its_text_across_a_tab():
    # "1<tab>Full details ...": a smaller raised number, a tab (14 pt here) before its text.
    words = [Word("1", 62.5, 680.1, 65.25, 685.6, 5.5), word("Full", 79.5, 94.8, size=9.5, baseline=688.2),
             word("details", 97.2, 124.0, size=9.5, baseline=688.2)]
    (line,) = words_to_lines(words)
    assert line.words[0].superscript and line.markers == [1]
    assert line.text == "Full details"


def test_a_plain_number_joins_its_text_across_a_tab():
    words = [word("12", 62, 72, size=9.5), word("Full", 90, 105, size=9.5), word("details", 107.5, 134, size=9.5)]
    assert texts(words_to_lines(words)) == ["12 Full details"]


def test_the_printed_tab_footnotes_regroup_into_one_line_each():
    page = load_document("footnotes-bodysize-tab-seed4-p4").pages[3]
    lines = words_to_lines(page_words(page), graphics_to_dividers(page.graphics))
    openers = [line for line in lines if line.words[0].text in ("1", "2") and line.words[0].superscript]
    assert [line.text.split()[:2] for line in openers] == [["Full", "details"], ["The", "2016"]]


# ----------------------------------------------------------- large figures


def test_two_large_figures_on_one_baseline_stay_apart():
    # "416" and "282" side by side in a panel, captions above: each a figure of its own.
    words = [word("416", 72, 110, size=24.0, baseline=200), word("282", 345, 383, size=24.0, baseline=200)]
    assert texts(words_to_lines(words)) == ["416", "282"]


def test_a_large_figure_is_no_superscript_of_the_small_text_beside_it():
    words = [word("England", 300, 331, size=8.6, baseline=180), word("and", 333, 347, size=8.6, baseline=180),
             word("31", 360, 383, size=20.8, baseline=183)]
    lines = words_to_lines(words)
    assert not any(w.superscript for line in lines for w in line.words)


def test_the_printed_figures_of_a_panel_row_stay_apart():
    page = load_document("force-in-numbers-captions-above-seed7-p3-4").pages[2]
    lines = words_to_lines(page_words(page), graphics_to_dividers(page.graphics))
    # Printed on one baseline, left and right of the "Calls for assistance" panel.
    assert "416" in texts(lines) and "282" in texts(lines)
    assert "+13%" in texts(lines) and "-0.05%" in texts(lines)


def test_a_figure_set_close_after_its_caption_is_a_line_of_its_own():
    # "Police Service 416", the caption's last line sharing the figure's baseline and
    # set a quarter em of the figure from it: the figure is not part of the caption.
    words = [word("Police", 71, 99, size=9.9, baseline=150), word("Service", 101, 136, size=9.9, baseline=150),
             word("416", 138, 175, size=22.2, baseline=150.5)]
    assert texts(words_to_lines(words)) == ["Police Service", "416"]


def test_a_small_word_glued_after_a_figure_stays_with_it():
    # A unit glued to the end of a large figure is read with it, not split off as a caption.
    words = [word("416", 72, 110, size=22.2, baseline=150), word("k", 111, 116, size=9.9, baseline=150)]
    assert len(words_to_lines(words)) == 1


def test_a_footnote_number_joins_text_that_opens_with_a_figure():
    # "26<tab>60 case files were reviewed ...": the note's own text starts with a number.
    words = [Word("26", 79.5, 785.9, 84.8, 790.1, 4.2), word("60", 96.5, 105.6, size=7.2, baseline=792.1),
             word("case", 107.9, 124.5, size=7.2, baseline=792.1)]
    (line,) = words_to_lines(words)
    assert line.markers == [26] and line.text == "60 case"


def test_two_plain_numbers_a_tab_apart_stay_two_cells():
    words = [word("12", 62, 72, size=9.5), word("60", 90, 100, size=9.5)]
    assert texts(words_to_lines(words)) == ["12", "60"]


def test_a_cell_border_ending_just_inside_a_lines_box_does_not_split_it():
    # The border between the "53%" and "48%" cells of a nested table runs down 0.8 pt into the
    # box of the panel title under them, between "crime" and "groups", clear of their letters.
    page = load_document("panel-title-under-a-cell-border-abiword-seed957-p1").pages[0]
    lines = texts(words_to_lines(page_words(page), graphics_to_dividers(page.graphics)))
    assert "Organised crime groups" in lines and "groups" not in lines
    # A border across the whole line still parts it.
    border = Graphic("line", 399.0, 600.0, 399.0, 625.0, stroke=(0, 0, 0), width=0.5)
    lines = texts(words_to_lines(page_words(page), graphics_to_dividers(page.graphics + (border,))))
    assert "Organised crime" in lines and "groups" in lines
