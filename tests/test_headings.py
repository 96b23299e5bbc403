"""Headings made of more than one printed line: joined as the document spells its words,
and a heading broken after a comma kept whole.

The pages are built by hand from words as a word processor prints them: body text at
10 pt, headings larger or bold.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.lines import words_to_lines
from extractors.model import Document, Page, Word
from extractors.structure import _NOTE_NUMBER, document_to_structure, heading_blocks
from page_fixtures import load_document


def line_words(text: str, top: float, size: float, bold: bool = False, x0: float = 72.0) -> list[Word]:
    words, x = [], x0
    for token in text.split():
        width = 0.5 * size * len(token)
        words.append(Word(token, x, top, x + width, top + size, size, bold=bold))
        x += width + 0.25 * size
    return words


def document_of(rows: list[tuple[str, float, float, bool]]) -> Document:
    words = [w for text, top, size, bold in rows for w in line_words(text, top, size, bold)]
    page = Page(1, 595, 842, tuple(words_to_lines(words)))
    return Document("0" * 64, "hand-made.pdf", (page,))


BODY = [(f"Body text line {k} of the page, reducing re-offending as the plan says.", 200 + 12 * k, 10, False)
        for k in range(12)]


def test_a_heading_hyphenated_at_its_line_end_is_joined_as_the_document_spells_the_word():
    doc = document_of([("5. Investigating crime and reducing re-", 100, 16, True), ("offending", 118, 16, True)] + BODY)
    blocks = heading_blocks(document_to_structure(doc))
    assert [b.text for b in blocks] == ["Investigating crime and reducing re-offending"]


def test_without_the_hyphenated_spelling_in_the_text_the_broken_word_is_closed_up():
    body = [(text.replace("re-offending", "reoffending"), top, size, bold) for text, top, size, bold in BODY]
    doc = document_of([("5. Investigating crime and reducing re-", 100, 16, True), ("offending", 118, 16, True)] + body)
    assert [b.text for b in heading_blocks(document_to_structure(doc))] == ["Investigating crime and reducing reoffending"]


def test_a_bold_heading_at_body_size_broken_after_a_comma_is_one_heading():
    doc = document_of([("How effective is the force at protecting those who are vulnerable,", 100, 10, True),
                       ("and supporting victims?", 112, 10, True)] + BODY)
    structure = document_to_structure(doc)
    assert [t.role for t in structure.lines[:2]] == ["heading", "heading"]
    assert [b.text for b in heading_blocks(structure)] == [
        "How effective is the force at protecting those who are vulnerable, and supporting victims?"]


def test_a_bold_sentence_ending_in_a_comma_over_body_text_stays_body():
    doc = document_of([("This bold sentence of the body runs on,", 100, 10, True),
                       ("and this line is not bold at all.", 112, 10, False)] + BODY)
    structure = document_to_structure(doc)
    assert structure.lines[0].role == "body"


def test_a_footnote_number_is_a_whole_word_and_a_section_number_is_not_one():
    assert [bool(_NOTE_NUMBER.match(t)) for t in ("7", "7.", "7)", "7Full", "7.Full")] == [True] * 5
    assert [bool(_NOTE_NUMBER.match(t)) for t in ("4.2", "2017", "4.2.1")] == [False] * 3


def _right_edge() -> float:
    return max(w.x1 for text, top, size, bold in BODY for w in line_words(text, top, size, bold))


def test_a_heading_whose_next_word_would_not_fit_its_line_is_joined_across_a_wider_gap():
    # Seed 300: a heading set with looser spacing than the body; its first line ends so near
    # the text's right edge that the second line's first word could not have followed it.
    first = "Overview – How efficient is the force"
    width = sum(8 * len(t) + 4 for t in first.split()) - 4
    words = line_words(first, 100, 16, True, x0=_right_edge() - width - 2) + line_words("at keeping people safe?", 130, 16, True)
    words += [w for text, top, size, bold in BODY for w in line_words(text, top, size, bold)]
    doc = Document("0" * 64, "hand-made.pdf", (Page(1, 595, 842, tuple(words_to_lines(words))),))
    assert [b.text for b in heading_blocks(document_to_structure(doc))] == [
        "Overview – How efficient is the force at keeping people safe?"]


def test_two_headings_as_far_apart_stay_two_when_the_first_is_short():
    doc = document_of([("Judgments", 100, 16, True), ("Overall summary of the force", 130, 16, True)] + BODY)
    assert [b.text for b in heading_blocks(document_to_structure(doc))] == ["Judgments", "Overall summary of the force"]


def _question_and_grade(question_ends_at: float):
    """A bold question heading at body size filling its line, its grade under it (0.9 em apart)."""
    question = "How well does the force understand its current and likely future demand?"
    width = sum(5 * len(t) + 2.5 for t in question.split()) - 2.5
    words = line_words(question, 100, 10, True, x0=question_ends_at - width) + line_words("Good", 119, 10, True)
    words += [w for text, top, size, bold in BODY for w in line_words(text, top, size, bold)]
    return Document("0" * 64, "hand-made.pdf", (Page(1, 595, 842, tuple(words_to_lines(words))),))


def test_a_question_ending_in_a_question_mark_does_not_run_on_into_its_grade():
    # Seed 217 (1.15 lines, headings bold at body size): the question fills its line and its
    # grade "Good" could not have followed it there, yet a question mark ends the heading.
    doc = _question_and_grade(_right_edge() - 1)
    assert [b.text for b in heading_blocks(document_to_structure(doc))] == [
        "How well does the force understand its current and likely future demand?", "Good"]


def test_a_grade_under_a_heading_that_fills_its_line_is_no_line_of_the_heading():
    # Writer seed 2045 (headings bold at body size): the part heading "Preventing crime and
    # tackling anti-social behaviour" nearly fills its line, so its grade "Inadequate", an em
    # under it, could not have followed it there; it was read as the heading's last words,
    # and the cause of concern under it filed under "... behaviour Inadequate".
    heading = "Preventing crime and tackling anti-social behaviour"
    width = sum(5 * len(t) + 2.5 for t in heading.split()) - 2.5
    x0 = _right_edge() - 1 - width
    words = line_words(heading, 100, 10, True, x0=x0) + line_words("Inadequate", 120, 10, True, x0=x0)
    words += [w for text, top, size, bold in BODY for w in line_words(text, top, size, bold)]
    doc = Document("0" * 64, "hand-made.pdf", (Page(1, 595, 842, tuple(words_to_lines(words))),))
    assert [b.text for b in heading_blocks(document_to_structure(doc))] == [heading, "Inadequate"]


def test_a_grade_line_read_into_its_heading_is_a_question_read_in_part():
    from extractors.completeness import grade_line_promises

    structure = document_to_structure(_question_and_grade(_right_edge() - 1))
    blocks = heading_blocks(structure)
    assert [p.kept for p in grade_line_promises(structure, blocks)] == [True]
    # The same page with the grade taken into the heading above it: its promise is broken.
    merged = [replace(blocks[0], end=blocks[1].end)]
    assert [p.kept for p in grade_line_promises(structure, merged)] == [False]


def test_a_heading_set_in_colour_at_body_size_broken_after_a_comma_is_one_heading():
    # Seed 560: headings marked by colour alone (not bold, body size); the long first line
    # is no short coloured line, and is the heading's first line all the same.
    blue = (31, 78, 121)
    words = [replace(w, color=blue) for w in line_words(
        "How effective is the force at protecting from harm those who are vulnerable,", 100, 10)]
    words += [replace(w, color=blue) for w in line_words("and supporting victims?", 112, 10)]
    words += [w for text, top, size, bold in BODY for w in line_words(text, top, size, bold)]
    structure = document_to_structure(Document("0" * 64, "hand-made.pdf", (Page(1, 595, 842, tuple(words_to_lines(words))),)))
    assert [b.text for b in heading_blocks(structure)] == [
        "How effective is the force at protecting from harm those who are vulnerable, and supporting victims?"]


def test_a_bold_paragraph_at_body_size_is_no_heading():
    # Chromium seed 24: the cause of concern is set bold at body size; its first line ends
    # "... and victims are not always kept" and the next goes on "informed. This means ...".
    from extractors.causes_of_concern import structure_to_causes_of_concern
    from schemas.layouts import layout_by_id

    structure = document_to_structure(load_document("bold-cause-of-concern-chromium-seed24-p7"))
    first = next(t for t in structure.lines if t.text.startswith("The force does not supervise"))
    assert first.role == "body"
    headings = layout_by_id("peel-2021-22").headings
    causes, findings = structure_to_causes_of_concern(
        structure, frozenset(), ["Investigating crime"], headings["causes_of_concern"],
        headings["recommendations"])
    assert findings == [] and len(causes) == 1 and len(causes[0].recommendations) == 2
    assert causes[0].text.startswith("The force does not supervise its investigations well enough")


def test_a_bold_line_that_holds_the_end_of_a_sentence_is_no_heading():
    # Chromium seed 34, page 3: "Our inspection assessed how good Lancashire Constabulary is
    # in six areas of policing. We make graded" / "judgments in five of these six as follows:".
    structure = document_to_structure(load_document("grade-table-bold-rows-wrapped-chromium-seed34-p1-3-4-7"))
    line = next(t for t in structure.lines if t.text.startswith("Our inspection assessed"))
    assert line.role == "body"


def test_a_grade_line_close_above_a_heading_is_a_heading_of_its_own():
    # Chromium seed 8, page 7: the part's grade "Good" (bold, at the section headings' size)
    # sits as close above "Prioritising prevention" as a wrapped heading line would.
    structure = document_to_structure(load_document("grade-line-close-above-heading-chromium-seed8-p7"))
    texts = [b.text for b in heading_blocks(structure) if b.page == 7]
    assert "Good" in texts and "Prioritising prevention" in texts, texts


def test_a_heading_wrapped_after_a_grade_word_stays_whole():
    # A heading whose first word is a grade word, wrapped because its next word could not
    # fit beside it in the narrow text column, is one heading.
    narrow_body = [("Narrow body.", 200 + 12 * k, 10, False) for k in range(12)]
    doc = document_of([("Good", 100, 12, True), ("practice", 116, 12, True)] + narrow_body)
    blocks = heading_blocks(document_to_structure(doc))
    assert [b.text for b in blocks] == ["Good practice"]


def test_a_bold_caption_line_close_above_a_coloured_heading_is_not_its_first_line():
    # Chromium seed 552, page 31 (headings in colour alone, 1.5 spacing): the bold caption
    # lines under Figure 3 end "please see annex A", and the heading "Disrupting and
    # investigating serious and organised crime" stands as close under them as paragraphs do.
    structure = document_to_structure(load_document("caption-above-coloured-heading-chromium-seed552-p31"))
    texts = [b.text for b in heading_blocks(structure) if b.page == 31]
    assert "Disrupting and investigating serious and organised crime" in texts, texts
    assert "For further information about this data, please see annex A" in texts, texts


def test_a_line_further_below_a_heading_than_its_lines_are_apart_starts_another():
    # Writer seed 3244, page 22 (headings bold at body size): Figure 3's title, its source and
    # "For further information" lines are set in the heading's type a paragraph apart, and the
    # section heading follows as far below; the caption's lines are no part of the heading.
    structure = document_to_structure(load_document("figure-title-in-heading-type-writer-seed3244-p22"))
    texts = [b.text for b in heading_blocks(structure) if b.page == 22]
    assert "Disrupting and investigating serious and organised crime" in texts, texts


def test_a_line_a_paragraphs_gap_above_a_heading_is_not_its_first_line_however_long():
    # Chromium seed 1093, page 29 (headings bold at body size, 1.5 spacing): "For further
    # information about this data, please see annex A" is so long that "Disrupting" could not
    # have followed it, but it stands a paragraph's gap above the heading: no wrap.
    structure = document_to_structure(load_document("caption-in-heading-type-over-heading-chromium-seed1093-p29"))
    texts = [b.text for b in heading_blocks(structure) if b.page == 29]
    assert "Disrupting and investigating serious and organised crime" in texts, texts


def test_a_heading_in_white_on_a_band_is_a_heading_and_white_grades_in_cells_are_not():
    # Writer seed 3, headings set in colour at body size, parts' headings in white on a dark
    # band across the text; the grades below are white on filled cells of a narrow column.
    structure = document_to_structure(load_document("heading-in-a-band-seed3-p5"))
    roles = {t.text: t.role for t in structure.lines if t.page == 5}
    assert roles["Effectiveness overview"] == "heading"
    assert [b.text for b in heading_blocks(structure) if b.page == 5][0] == "Effectiveness overview"
    assert roles["Good"] == "body" and roles["Requires"] == "body"


def test_a_heading_wrapped_in_a_band_is_one_heading():
    # WeasyPrint seed 704 at 1.5 lines: the band holding a two-line heading is 4.3 ems high.
    structure = document_to_structure(load_document("heading-in-a-band-wrapped-weasyprint-seed704-p5"))
    assert [b.text for b in heading_blocks(structure) if b.page == 5][0] == (
        "Overview – How efficient is the force at keeping people safe and reducing crime?")


def test_a_line_read_from_a_picture_is_never_a_heading_by_its_colour():
    from extractors.structure import _is_heading

    # A document printed in grey (89, 89, 89); OCR gives its words black, as it reads no colour.
    # "March 2016" ends a description in the infographic picture (writer-picture seed 22).
    grey = (89, 89, 89)
    read = [replace(w, color=(0, 0, 0), ocr_confidence=0.96) for w in line_words("March 2016", 100, 11.6)]
    typed = [replace(w, color=(0, 0, 0)) for w in line_words("March 2016", 100, 11.6)]
    assert not _is_heading(words_to_lines(read)[0], 12.0, grey)
    # In the text layer the same black line in a grey document is a heading set in a colour.
    assert _is_heading(words_to_lines(typed)[0], 12.0, grey)
