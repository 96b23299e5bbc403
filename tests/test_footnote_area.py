"""The footnote area of a page, and the footnotes read from it.

Three printings of the same page (page 4 or 5 of the effectiveness report: "Risk-based
inspection", citing footnotes 1 and 2), each setting its footnotes apart another way.
The footnote texts are as printed at the foot of those pages.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from page_fixtures import document_with_page, load_document, page_without_lines

from extractors.footnotes import structure_to_footnotes
from extractors.model import Line
from extractors.structure import (
    _footnote_zone,
    _furniture,
    _notes_still_to_print,
    _numbered_zone,
    _separator_rule_top,
    _small_type_zone,
    document_to_structure,
)
from extractors.text import vocabulary_of

RULE = "footnotes-rule-plain-stop-seed7-p5"
SMALL = "footnotes-small-superscript-seed3-p4"
BODY_SIZE = "footnotes-bodysize-tab-seed4-p4"

FOOTNOTE_1 = ("Full details of the interim risk-based approach are available from the HMICFRS website: "
              "www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/how-we-inspect/2017-peel-assessment/#risk-based")
FOOTNOTE_2 = ("The 2016 effectiveness report for the Metropolitan Police Service can be found on the HMICFRS website: "
              "www.justiceinspectorates.gov.uk/hmicfrs/publications/peel-police-effectiveness-2016-metropolitan")


def page_of(doc, number):
    return doc.pages[number - 1]


def footnote_lines(structure) -> list[str]:
    return [t.text for t in structure.lines if t.role == "footnote"]


def kept_lines(doc, page) -> list[int]:
    furniture = _furniture(doc)
    return [i for i in range(len(page.lines)) if (page.number, i) not in furniture]


def structure_to_notes(structure):
    vocabulary = vocabulary_of(t.text for t in structure.lines if t.role in ("body", "footnote"))
    return structure_to_footnotes(structure, vocabulary)


# ------------------------------------------------------------------ the area


@pytest.mark.parametrize("name", [RULE, SMALL, BODY_SIZE])
def test_the_four_printed_footnote_lines_and_nothing_else_are_the_area(name):
    structure = document_to_structure(load_document(name))
    lines = footnote_lines(structure)
    # Two footnotes, each wrapped once: the number's line and the rest of its web address.
    assert len(lines) == 4
    assert lines[0].lstrip("1. ").startswith("Full details of the interim")
    assert lines[2].lstrip("2. ").startswith("The 2016 effectiveness report")
    assert not any("HMICFRS adopted" in t for t in lines)  # the body's opening sentence
    assert not any(t.strip().endswith(("5", "Page 4", "of 23")) and len(t) < 15 for t in lines)  # the page number


def test_the_separator_rule_sets_the_area_apart():
    doc = load_document(RULE)
    page = page_of(doc, 5)
    top = _separator_rule_top(page, kept_lines(doc, page))
    assert top is not None
    body = [line for line in page.lines if line.bottom <= top]
    notes = [line for line in page.lines if line.top >= top and line.raw_text.strip() != "5"]
    # The rule is drawn between the last line of the body ("how well each force has
    # responded in future reports.") and "1. Full details ...".
    assert max(body, key=lambda line: line.bottom).text == "how well each force has responded in future reports."
    assert max(line.bottom for line in body) < top < min(line.top for line in notes)
    assert notes[0].raw_text.startswith("1.")


def test_under_the_rule_a_line_at_body_size_is_still_a_footnote():
    """The rule is trusted over type size: a footnote set at body size under it stays one."""
    doc = load_document(RULE)
    page = page_of(doc, 5)
    structure = document_to_structure(doc)
    body = structure.body_size
    first = next(i for i, line in enumerate(page.lines) if line.raw_text.startswith("1."))
    grown = replace(page.lines[first], size=body, words=tuple(replace(w, size=body) for w in page.lines[first].words))
    page = replace(page, lines=page.lines[:first] + (grown,) + page.lines[first + 1:])
    lines = footnote_lines(document_to_structure(document_with_page(doc, page)))
    assert len(lines) == 4 and lines[0].startswith("1. Full details")


def test_smaller_type_at_the_foot_is_the_area_when_there_is_no_rule():
    doc = load_document(SMALL)
    page = page_of(doc, 4)
    kept = kept_lines(doc, page)
    assert _separator_rule_top(page, kept) is None
    structure = document_to_structure(doc)
    zone = _small_type_zone(page, structure.body_size, kept)
    assert sorted(page.lines[i].text[:20] for i in zone) == sorted(t[:20] for t in footnote_lines(structure))
    assert len(zone) == 4


def test_number_led_lines_at_body_size_are_the_area_when_nothing_else_marks_it():
    doc = load_document(BODY_SIZE)
    page = page_of(doc, 4)
    kept = kept_lines(doc, page)
    structure = document_to_structure(doc)
    assert _separator_rule_top(page, kept) is None
    assert _small_type_zone(page, structure.body_size, kept) == set()  # set at body size
    zone = _numbered_zone(page, kept)
    assert len(zone) == 4
    assert min(page.lines[i].top for i in zone) == min(
        line.top for line in page.lines if line.raw_text.startswith("1 Full details"))


def test_a_number_led_line_not_cited_on_the_page_opens_no_area():
    doc = load_document(BODY_SIZE)
    page = page_of(doc, 4)
    # Without the markers that cite footnotes 1 and 2 in the text, nothing says the lines
    # opening "1" and "2" at the foot are footnotes rather than a numbered list.
    unmarked = replace(page, lines=tuple(
        replace(line, words=tuple(w for w in line.words if not (w.is_marker and w is not line.words[0])))
        for line in page.lines))
    assert _numbered_zone(unmarked, kept_lines(doc, unmarked)) == set()


# ------------------------------------------------------------ the footnotes


@pytest.mark.parametrize("name, page", [(RULE, 5), (SMALL, 4), (BODY_SIZE, 4)],
                         ids=["plain-number-and-stop", "superscript-number", "superscript-number-and-tab"])
def test_footnotes_are_read_with_their_numbers_text_and_citing_page(name, page):
    notes, findings = structure_to_notes(document_to_structure(load_document(name)))
    assert [(n.number, n.text, n.page, n.referenced_on) for n in notes] == [
        (1, FOOTNOTE_1, page, (page,)),
        (2, FOOTNOTE_2, page, (page,)),
    ]
    assert findings == []


ROUND_BRACKETS = "notes-numbered-in-brackets-plain-stop-grey-seed39-p5"
SQUARE_BRACKETS = "notes-numbered-in-square-brackets-raised-seed127-p3"


@pytest.mark.parametrize("name, page, first", [(ROUND_BRACKETS, 5, "(1)."), (SQUARE_BRACKETS, 3, "[1]")],
                         ids=["round-brackets-and-stop-on-the-baseline", "square-brackets-raised"])
def test_a_note_number_between_brackets_opens_its_note(name, page, first):
    """A house style may set a note's number between brackets: the brackets, like a stop or a
    raised number, are how the number is printed, not the note's text."""
    doc = load_document(name)
    opening = next(line for line in page_of(doc, page).lines if "Full" in line.raw_text and "details" in line.raw_text)
    assert opening.words[0].text == first  # as printed: the number is not a bare one
    notes, findings = structure_to_notes(document_to_structure(doc))
    assert [(n.number, n.text, n.page, n.referenced_on) for n in notes] == [
        (1, FOOTNOTE_1, page, (page,)),
        (2, FOOTNOTE_2, page, (page,)),
    ]
    assert findings == []


def test_a_note_number_between_brackets_run_into_a_figure_ends_at_its_bracket():
    # "(26)60 case files ...": a bare "2660" may be a figure, but the bracket ends the number.
    notes, findings = structure_to_notes(document_to_structure(
        load_document("note-number-in-brackets-against-a-figure-chromium-seed18-p40-48")))
    assert [(n.number, n.page, n.referenced_on, n.text) for n in notes] == [
        (26, 48, (40,), "60 case files were reviewed in each force, with the exception of the Metropolitan Police "
                        "Service, West Midlands Police and West Yorkshire Police where 90 case files were reviewed.")]
    assert "footnote_number_glued" in {f.code for f in findings}


def test_a_closing_bracket_left_after_a_notes_number_is_no_part_of_its_text():
    # A producer that loses the opening bracket prints "1]." (LibreOffice with brackets typed
    # about a Word note's number): the number opens the note, the "]." is not its first word.
    doc = load_document(ROUND_BRACKETS)
    page = page_of(doc, 5)
    lines = tuple(replace(line, words=(replace(line.words[0], text=line.words[0].text.replace("(", "").replace(")", "]")),
                                       *line.words[1:]))
                  if line.words[0].text in ("(1).", "(2).") else line for line in page.lines)
    notes, _ = structure_to_notes(document_to_structure(document_with_page(doc, replace(page, lines=lines))))
    assert [(n.number, n.text) for n in notes] == [(1, FOOTNOTE_1), (2, FOOTNOTE_2)]


def test_a_tab_after_the_number_keeps_number_and_text_on_one_line():
    page = page_of(load_document(BODY_SIZE), 4)
    first = next(line for line in page.lines if "Full" in line.raw_text and "details" in line.raw_text)
    # The number is superscript, set a tab's width before "Full": one line, the number its marker.
    assert first.words[0].text == "1" and first.words[0].superscript
    assert first.words[1].x0 - first.words[0].x1 > 1.2 * first.size  # a tab's width, not a space's
    assert first.text.startswith("Full details")


def test_the_footnote_box_covers_both_of_its_lines():
    notes, _ = structure_to_notes(document_to_structure(load_document(RULE)))
    page = page_of(load_document(RULE), 5)
    address = next(line for line in page.lines if line.raw_text.startswith("www.") and "risk-based" in line.raw_text)
    assert notes[0].bbox[3] >= address.bottom and notes[0].bbox[1] < address.top


# ------------------------------------------------------------------ notes run on over a page
RUN_ON = "footnote-run-on-capital-bodysize-seed160-p12-13"
RAISED_MARKERS = "caption-wrap-raised-markers-seed198-p11"


def test_a_note_run_on_that_opens_with_a_capital_is_found_by_its_place():
    # Seed 160, notes at body size with no rule: note 8 breaks off at the foot of page 12
    # ("… published by the Home") and finishes atop page 13's notes ("Office. For further …").
    structure = document_to_structure(load_document(RUN_ON))
    page_13 = [t.text for t in structure.lines if t.page == 13 and t.role == "footnote"]
    assert page_13[0] == "Office. For further information about this data, please see annex A."
    assert page_13[1].startswith("9. Part of the Home Office")
    body_13 = [t.text for t in structure.lines if t.page == 13 and t.role == "body"]
    assert body_13[-1] == "can be managed by dedicated officers."


def test_without_notes_on_the_page_before_nothing_runs_on():
    doc = load_document(RUN_ON)
    page_12 = doc.pages[11]
    first_note = next(line for line in page_12.lines if line.raw_text.startswith("7"))
    bare = replace(page_12, lines=tuple(line for line in page_12.lines if line.top < first_note.top))
    structure = document_to_structure(document_with_page(doc, bare))
    run_on = next(t for t in structure.lines if t.page == 13 and t.text.startswith("Office. For further"))
    assert run_on.role == "body"


def test_a_caption_line_of_a_year_and_raised_markers_is_set_at_the_year_size_and_is_no_footnote():
    # Seed 198 page 11: "Figure 2: … in the 12 months to 30 June" / "2017¹²,¹³", over smaller notes 10-13.
    structure = document_to_structure(load_document(RAISED_MARKERS))
    line = next(t for t in structure.lines if t.text.startswith("2017"))
    assert line.role != "footnote" and list(line.line.markers) == [12, 13]
    notes = [t.text for t in structure.lines if t.role == "footnote"]
    assert notes[0].startswith("10 The College of Policing") or notes[0].startswith("The College of Policing")


CARRIED = "footnotes-carried-to-next-page-bodysize-seed4-p10-11"


def test_notes_cited_at_a_page_foot_and_printed_on_the_next_page_are_its_footnote_area():
    # Seed 4, notes at body size with no rule: the caption "… 2017¹²,¹³" ends page 10's
    # body; notes 12 and 13 did not fit there and open page 11's notes, above note 14.
    structure = document_to_structure(load_document(CARRIED))
    page_11 = [t.text for t in structure.lines if t.page == 11 and t.role == "footnote"]
    assert page_11[0].startswith("Durham, Lancashire, Warwickshire and West Mercia forces")
    assert any(text.startswith("North Yorkshire Police was unable") for text in page_11)
    assert page_11[-1].startswith("30 June 2017. These data are more recent")


def test_a_number_cited_on_no_page_so_far_opens_no_area_on_the_next():
    doc = load_document(CARRIED)
    page_10 = doc.pages[9]
    uncited = replace(page_10, lines=tuple(line for line in page_10.lines if not line.markers))
    structure = document_to_structure(document_with_page(doc, uncited))
    durham = next(t for t in structure.lines if t.page == 11 and t.text.startswith("Durham, Lancashire"))
    assert durham.role == "body"


def hand_words(text, top, marker_after=None, marker="21", raised_first=False):
    """Words of one printed line at 9.5 pt from x = 65, as a word processor sets them;
    a raised marker after word `marker_after`, or the first word raised and small."""
    from extractors.model import Word

    out, x = [], 65.0
    for k, token in enumerate(text.split()):
        if k == 0 and raised_first:
            out.append(Word(token, x, top - 1, x + 6, top + 5, 5.5))
            x += 9
            continue
        out.append(Word(token, x, top, x + 5 * len(token), top + 9.5, 9.5))
        x += 5 * len(token) + 2.5
        if marker_after == k:
            out.append(Word(marker, x - 2, top - 1, x + 6, top + 5, 5.5))
            x += 9
    return out


def hand_page(rows):
    from extractors.lines import words_to_lines
    from extractors.model import Page

    return Page(15, 595, 842, tuple(words_to_lines([w for row in rows for w in row])))


def test_a_body_line_opening_with_a_cited_number_before_that_note_is_not_the_area():
    # Seed 57 page 15: "21 percent from 83 OCGs …" is body text low on the page that opens
    # with 21, a number cited on the page; note 21 itself is printed further down.
    from extractors.structure import _numbered_zone

    rows = [hand_words(f"body text line {k} with a run of ordinary words", 300 + 11 * k) for k in range(10)]
    rows[2] = hand_words("organised crime is rising fast in the city", 322, marker_after=3)
    rows += [hand_words("21 percent from 83 groups per 1 million population", 440),
             hand_words("and indicates the force is taking more action", 451),
             hand_words("21 Serious and organised crime is when crime is planned", 700),
             hand_words("together on a continuing basis for gain", 711)]
    page = hand_page(rows)
    zone = _numbered_zone(page, list(range(len(page.lines))))
    assert sorted(page.lines[i].text for i in zone) == [
        "21 Serious and organised crime is when crime is planned", "together on a continuing basis for gain"]


def test_a_note_whose_text_runs_on_with_its_own_number_keeps_its_raised_start():
    # Seed 137 page 13: note ¹⁴ "The Home Office has provided … recorded in the" runs on
    # with "12 months to 30 June 2017": a plain 12, cited on the page, is the note's text.
    from extractors.structure import _numbered_zone

    rows = [hand_words(f"body text line {k} with a run of ordinary words", 300 + 11 * k) for k in range(10)]
    rows[2] = hand_words("the arrest rate by force in the last year", 322, marker_after=3, marker="12")
    rows += [hand_words("12 Durham and Lancashire were unable to provide data", 683, raised_first=True),
             hand_words("12 months to 30 June 2017 are the data used here", 696)]
    page = hand_page(rows)
    zone = _numbered_zone(page, list(range(len(page.lines))))
    assert len(zone) == 2


SPACED = "note-run-on-or-body-at-one-and-a-half-spacing-seed9-p18-19"


def test_at_one_and_a_half_spacing_a_body_line_above_smaller_notes_is_no_run_on():
    # Seed 9 printed at 1.5 lines: note 16 ends page 18 without a full stop, and page 19's
    # body ends "... is 35 cases per 10,000" / "adult females. However, ..." just above the
    # notes.  That line is in body type, the notes smaller: it is the body's.
    structure = document_to_structure(load_document(SPACED))
    line = next(t for t in structure.lines if t.page == 19 and t.text.startswith("adult females."))
    assert line.role == "body"
    notes_19 = [t.text for t in structure.lines if t.page == 19 and t.role == "footnote"]
    assert notes_19[0].startswith("17. A multi-agency safeguarding hub")


def test_the_line_gap_of_a_paragraph_is_measured_from_the_document():
    from extractors.structure import document_body_size, document_line_gap

    spaced = load_document(SPACED)
    single = load_document(RUN_ON)
    spaced_gap = document_line_gap(spaced, document_body_size(spaced))
    single_gap = document_line_gap(single, document_body_size(single))
    # 1.5 lines leave about three quarters of an em between a paragraph's lines; single
    # spacing a fifth or less.
    assert 0.6 < spaced_gap < 0.9 and 0.0 <= single_gap < 0.3


def test_at_double_spacing_a_body_line_at_the_notes_pitch_is_no_run_on():
    # Seed 9 printed double-spaced: page 15's body ends "... to Immigration Enforcement" /
    # "than any other force in England and Wales. ..." a note's pitch above note 7.  It is
    # in body type, the notes smaller: the body's, and note 6 (page 14) ends where it ends.
    structure = document_to_structure(load_document("note-or-body-at-double-spacing-seed9-p14-15"))
    line = next(t for t in structure.lines if t.page == 15 and t.text.startswith("than any other force"))
    assert line.role == "body"
    notes_15 = [t.text for t in structure.lines if t.page == 15 and t.role == "footnote"]
    assert notes_15[0].startswith("7. Investigations where action was taken")


PAGE_FOOT_RUN_ON = "footnote-run-on-capital-at-page-foot-bodysize-seed621-p30-31"


def test_a_note_broken_off_mid_phrase_runs_on_at_the_next_page_foot_whatever_its_first_letter():
    # Seed 621 (1.15 spacing), notes at body size with no rule: note 27 stops at the foot of
    # page 30 on "… sections 44 and 45 of the", and finishes at the foot of page 31, far
    # below the body, with "Police Act 1996 – must be collected. …".
    structure = document_to_structure(load_document(PAGE_FOOT_RUN_ON))
    notes_31 = [t.text for t in structure.lines if t.page == 31 and t.role == "footnote"]
    assert notes_31[0].startswith("Police Act 1996 – must be collected.")
    assert notes_31[-1] == "crimes."
    body_31 = [t.text for t in structure.lines if t.page == 31 and t.role == "body"]
    assert body_31[-1] == "peel-assessment/#risk-based"


def test_a_capital_led_run_after_a_note_that_could_have_ended_stays_body():
    # The same pages with note 27 cut short after "... in accordance with which crime", a
    # word a sentence may end on: nothing says the note runs on, so the lines at page 31's
    # foot, which open with a capital, stay the body's.
    doc = load_document(PAGE_FOOT_RUN_ON)
    page_30 = doc.pages[29]
    second = next(line for line in page_30.lines if line.raw_text.startswith("required to be submitted"))
    first = next(line for line in page_30.lines if line.raw_text.startswith("27"))
    cut_at = next(k for k, w in enumerate(first.words) if w.text == "data")
    shortened = replace(first, words=first.words[:cut_at])
    page_30 = replace(page_30, lines=tuple(shortened if line is first else line
                                           for line in page_30.lines if line is not second))
    structure = document_to_structure(document_with_page(doc, page_30))
    assert [t.text for t in structure.lines if t.page == 30 and t.role == "footnote"][-1].endswith("which crime")
    run_on = next(t for t in structure.lines if t.page == 31 and t.text.startswith("Police Act 1996"))
    assert run_on.role == "body"


def test_a_note_broken_off_after_a_closing_quote_runs_on_with_its_dash():
    # Seed 744 (1.15 spacing), notes at body size with no rule: note 16 stops at the foot of
    # page 18 on "... and the 'right to know'" (no full stop: the sentence goes on), and
    # finishes atop page 19's notes with "– police can proactively disclose ...", a line
    # that no paragraph of the body opens with.
    structure = document_to_structure(load_document("footnote-run-on-after-closing-quote-bodysize-seed744-p18-19"))
    notes_19 = [t.text for t in structure.lines if t.page == 19 and t.role == "footnote"]
    assert notes_19[0] == "– police can proactively disclose information in prescribed circumstances"
    assert notes_19[1].startswith("17 A multi-agency safeguarding hub")
    body_19 = [t.text for t in structure.lines if t.page == 19 and t.role == "body"]
    assert body_19[-1].endswith("there has been an increase in the domestic abuse cases being")


UNDER_HEADING = "body-under-heading-above-notes-bodysize-seed845-p14-15"


def _page_15_roles(doc) -> dict[str, str]:
    structure = document_to_structure(doc)
    return {t.text: t.role for t in structure.lines if t.page == 15}


def test_a_paragraph_under_a_heading_just_above_the_notes_is_the_bodys():
    # Seed 845 (1.5 spacing, notes at body size under a rule): note 11 ends page 14 with a
    # full stop; page 15 ends with the heading "Mental health" and four lines of its
    # paragraph, set just above notes 12-14 at the notes' pitch and an em and a half under
    # the heading. A note never runs on under a heading.
    roles = _page_15_roles(load_document(UNDER_HEADING))
    paragraph = [text for text in roles if text.startswith(("The force understands its role", "the public across the 32"))]
    assert len(paragraph) == 2 and {roles[text] for text in paragraph} == {"body"}


def test_lines_that_go_on_over_the_page_mid_phrase_are_no_notes_end():
    # The same page without its heading: the four lines end "... To ensure a", mid-phrase,
    # where the end of a note cannot stop; they go on over the page as the body does.
    doc = load_document(UNDER_HEADING)
    page = doc.pages[14]
    bare = replace(page, lines=tuple(line for line in page.lines if line.raw_text != "Mental health"))
    roles = _page_15_roles(document_with_page(doc, bare))
    last = next(text for text in roles if text.endswith("To ensure a"))
    assert roles[last] == "body"


def test_a_body_line_opening_with_a_cited_number_that_goes_on_with_the_sentence_above_is_no_note():
    # Chromium seed 9, page 16: "... The number of OCGs ... was 100. This has increased" /
    # "21 percent from 83 OCGs ...", low on the page, and note 21 is cited higher up. The
    # line follows the one above at the paragraph's leading and finishes its sentence.
    structure = document_to_structure(load_document("body-line-opening-with-a-cited-number-chromium-seed9-p16"))
    line = next(t for t in structure.lines if t.text.startswith("21 percent from 83 OCGs"))
    assert line.role == "body"
    assert not any(t.role == "footnote" for t in structure.lines)


def test_a_note_whose_number_is_followed_by_a_capital_opens_the_notes_under_an_unfinished_line():
    # Seed 486 (1.5 spacing, notes at body size, no rule, "10 The College ..."): the body's last
    # line stops mid-sentence (it goes on over the page) and note 10 follows at the body's own
    # leading. A capital after the number says it is a note, not the sentence going on.
    structure = document_to_structure(load_document("note-under-unfinished-body-line-bodysize-seed486-p16"))
    note = next(t for t in structure.lines if t.text.startswith("10 The College of Policing"))
    assert note.role == "footnote"


def test_a_note_carried_over_runs_on_under_the_rule_not_above_it():
    # Seed 1434, notes at body size under a separator rule: note 26 stops at the foot of
    # page 38 ("... West Yorkshire Police where") and finishes under page 39's rule. Above
    # the rule, a body paragraph ends with a web address on a line of its own, which opens
    # in lower case like a sentence running on.
    structure = document_to_structure(load_document("footnote-carried-under-rule-below-web-address-seed1434-p38-39"))
    foot = [(t.role, t.text) for t in structure.lines if t.page == 39 and t.role != "furniture"][-2:]
    assert foot == [("body", "www.gov.uk/government/statistics/police-recorded-crime-open-data-tables"),
                    ("footnote", "90 case files were reviewed.")]


def test_a_note_run_on_at_the_notes_own_pitch_is_found_below_a_list_item():
    # Word seed 707: notes at body size, no rule, single-spaced under a body at 1.5 spacing.
    # Note 27 stops at the foot of page 29 ("... how crimes must be") and finishes in two
    # lines at the foot of page 30, under a list item ending "criminal behaviour orders;".
    structure = document_to_structure(load_document("note-run-on-at-notes-pitch-word-seed707-p29-30"))
    foot = [(t.role, t.text) for t in structure.lines if t.page == 30 and t.role != "furniture"][-3:]
    assert [role for role, _ in foot] == ["body", "footnote", "footnote"]
    assert foot[0][1].endswith("criminal behaviour orders;")
    assert [text for _, text in foot[1:]] == [
"classified according to crime type and categories, whether and when to record crime, how many crimes to",
        "record in respect of a single incident and the regime for the re-classification of crimes as no-crimes."]


def test_a_lower_case_body_line_at_the_bodys_leading_does_not_finish_the_note_before():
    # Word seed 707: note 2 ends page 4 with a web address broken over lines, so it looks
    # open; page 5's body ends "However, the" / "force must improve ...", the last line in
    # lower case one body line below: the sentence going on, not the note.
    structure = document_to_structure(load_document("body-line-under-open-note-word-seed707-p4-6"))
    last = [t for t in structure.lines if t.page == 5 and t.role != "furniture"][-1]
    assert last.text.startswith("force must improve how it works") and last.role == "body"


def test_a_table_rows_cells_side_by_side_at_a_page_end_do_not_finish_the_note_before():
    # Chromium seed 8: note 2 ends page 5 with a web address broken over lines, so it looks
    # open; page 6 holds the judgments table's last rows, whose wrapped cells "offending" and
    # "improvement" stand side by side at the foot of the text, in lower case.
    structure = document_to_structure(load_document("table-row-ends-page-under-open-note-chromium-seed8-p5-7"))
    page_6 = [t for t in structure.lines if t.page == 6 and t.role != "furniture"]
    cells = page_6[-2:]
    assert sorted(t.text for t in cells) == ["improvement", "offending"]
    assert all(t.role == "body" for t in cells), [(t.text, t.role) for t in cells]


# ------------------------------------------------------------------ notes printed after a part, high on a page

def test_notes_that_open_a_page_after_their_part_are_read_as_notes():
    # Chromium seed 12: no footnote area, so a part's notes follow its last paragraph, here
    # over the page. Page 18 cites 23, 24 and 25 and prints note 23 at its foot; notes 24
    # and 25 open page 19, numbered plain at body size, a sixth of the way down.
    structure = document_to_structure(load_document("notes-after-part-atop-page-plain-chromium-seed12-p18-19"))
    page_19 = [(t.role, t.text) for t in structure.lines if t.page == 19 and t.role != "furniture"]
    assert page_19 == [
        ("footnote", "24 Code of Practice on Police use of Firearms and Less Lethal Weapons, Home Office, 2003."),
        ("footnote", "25 College of Policing Authorised Professional Practice on armed policing, available at: www.app.college.police.uk/app-"),
        ("footnote", "content/armed-policing/?s"),
    ]


def test_a_lone_note_atop_a_page_counts_when_its_number_is_raised():
    # Chromium seed 32, raised numbers followed by a tab: note 25 alone opens page 19.
    structure = document_to_structure(load_document("note-after-part-atop-page-raised-chromium-seed32-p18-19"))
    page_19 = [t for t in structure.lines if t.page == 19 and t.role != "furniture"]
    assert [t.role for t in page_19] == ["footnote", "footnote"]
    assert page_19[0].line.words[0].text == "25" and page_19[0].line.words[0].superscript
    assert page_19[0].text.startswith("College of Policing Authorised Professional Practice")


def test_a_paragraph_atop_a_page_opening_with_a_cited_number_is_body():
    # The same pages with note 25's number set plain, no other note after it, and no notes
    # at the foot of page 18 for it to number on from: one line opening with a cited number,
    # high on the page, is a paragraph of the body as far as anything on the page shows.
    doc = load_document("note-after-part-atop-page-raised-chromium-seed32-p18-19")
    notes_18 = {t.line for t in document_to_structure(doc).lines if t.page == 18 and t.role == "footnote"}
    assert notes_18
    doc = document_with_page(doc, page_without_lines(page_of(doc, 18), lambda line: line in notes_18))
    page = page_of(doc, 19)
    first = min(page.lines, key=lambda line: line.top)
    plain = replace(first, words=(replace(first.words[0], superscript=False),
                                  replace(first.words[1], x0=first.words[0].x1 + 0.25 * first.size), *first.words[2:]))
    page = replace(page, lines=tuple(plain if line is first else line for line in page.lines))
    structure = document_to_structure(document_with_page(doc, page))
    assert all(t.role != "footnote" for t in structure.lines if t.page == 19)


def test_the_top_of_a_panel_broken_by_the_page_is_no_separator_rule():
    # Chromium seed 4: two bordered panels are broken by the page just under their titles.
    # The top of each border is a short rule at the left margin low on page 3, with text
    # under it, as a footnote separator is; but sides go down from both its ends.
    structure = document_to_structure(load_document("panel-titles-under-broken-panel-tops-chromium-seed4-p3-4"))
    titles = [t for t in structure.lines if t.text in ("Domestic abuse", "Organised crime groups")]
    assert [(t.page, t.role) for t in titles] == [(3, "heading"), (3, "heading")]
    lowest = max(t.line.top for t in structure.lines if t.page == 3 and t.role != "furniture")
    assert titles[0].line.top == lowest  # the page's last lines
    assert not any(t.role == "footnote" for t in structure.lines)


def test_the_bottom_of_a_panel_broken_by_the_page_is_no_separator_rule():
    # Chromium seed 82: panels broken from page 3 end at mid-page 4, each bottom side a short
    # rule at the left margin with text under it; sides go up from both its ends. The panels
    # under it ("Domestic abuse", "Organised crime groups") are the infographic's, not notes.
    structure = document_to_structure(load_document("panel-titles-under-broken-panel-bottoms-chromium-seed82-p4"))
    titles = [t for t in structure.lines if t.text in ("Domestic abuse", "Organised crime groups")]
    assert [(t.page, t.role) for t in titles] == [(4, "heading"), (4, "heading")]
    assert not any(t.role == "footnote" for t in structure.lines)


def test_a_note_broken_off_on_a_preposition_runs_on_atop_the_next_page():
    # Chromium seed 51: the last note stops at the foot of page 26 on "in" ("... how the
    # police service in"), where no sentence stops, and finishes atop the last page on a
    # line that opens with a capital.
    structure = document_to_structure(load_document("last-note-runs-on-atop-last-page-chromium-seed51-p24-26-27"))
    page_27 = [(t.role, t.text[:30]) for t in structure.lines if t.page == 27 and t.role != "furniture"]
    assert page_27 == [("footnote", "England and Wales must record "), ("footnote", "when to record crime, how many"),
                       ("footnote", "crimes as no-crimes.")]


def test_a_page_with_no_text_while_notes_are_still_to_print_has_no_notes():
    # Page 10 cites notes 12 and 13 that it has no room for; page 11 here holds no text at
    # all (a full-page picture, or a blank page): it has no footnote area, and no fault.
    doc = load_document(CARRIED)
    blank = page_without_lines(page_of(doc, 11), lambda line: True)
    structure = document_to_structure(document_with_page(doc, blank))
    assert not any(t.page == 11 for t in structure.lines)
    assert any(t.page == 10 and t.role == "body" for t in structure.lines)


def test_a_note_line_opening_with_a_figure_opens_no_note():
    # Chromium seed 57, page 13: notes 10-14, the last line of note 14 opening "30 June
    # 2017. These data ...". Notes 15 and 16 (cited on page 12) and 17 (cited here) are still
    # to print: "30" is no note's number, so it says nothing of them.
    doc = load_document("note-line-opening-with-figure-chromium-seed57-p13")
    page = page_of(doc, 13)
    first = next(line for line in page.lines if line.text.startswith("10 The College of Policing"))
    zone = {i for i in kept_lines(doc, page) if page.lines[i].top >= first.top}
    assert any(page.lines[i].text.startswith("30 June 2017. These data") for i in zone)
    assert _notes_still_to_print(page, zone, frozenset({10, 11, 12, 13, 14, 15, 16})) == {15, 16, 17}


def test_a_lone_plain_note_opening_a_page_numbers_on_from_the_notes_before():
    # Chromium seed 57, page 17: note 22 alone, "22 City of London Police has been removed
    # ...", numbered plain; page 16 ended with notes 18-21.
    doc = load_document("lone-plain-note-atop-page-chromium-seed57-p17")
    page = page_of(doc, 17)
    kept = kept_lines(doc, page)
    assert page.lines[min(kept, key=lambda i: page.lines[i].top)].text.startswith("22 City of London Police")
    assert _numbered_zone(page, kept, frozenset({22}), last_note=21) == set(kept)
    # Without the notes before it, a plain number opening a page opens a paragraph like any other.
    assert _numbered_zone(page, kept, frozenset({22})) == set()
    assert _numbered_zone(page, kept, frozenset({22}), last_note=19) == set()


def test_a_note_whose_number_is_whole_is_not_cut_into_a_glued_number_when_no_mark_calls_for_it():
    # AbiWord prints the marks on the baseline, so the body calls for no note; the first note read
    # opens "15": note 15, after notes left unread (a gap), not note 1 glued to "5". Each number
    # stands in body type on a baseline of its own, level with its note's first line.
    structure = document_to_structure(load_document("unmarked-notes-first-read-15-abiword-seed85-p10"))
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert [n.number for n in notes] == [15, 16, 17]
    assert notes[0].text == ("DVPNs may be issued by an authorised police officer to prevent a suspected perpetrator "
                             "from returning to a victim's home and/or contacting the victim. Following the issue of "
                             "the DVPN the police must apply to magistrates for a DVPO. The DVPO will be granted for "
                             "a period of up to 28 days.")
    assert notes[2].text.startswith("A multi-agency safeguarding hub (MASH) is a location")
    assert notes[2].text.endswith("for children and vulnerable adults who require protection.")
    assert [(f.code, f.message) for f in findings if f.code == "footnote_gap"] == [
        ("footnote_gap", "footnote 1 is missing before 15")]


def test_a_page_number_field_never_updated_is_furniture_on_every_page():
    # AbiWord prints "Page 1" at the foot of each of the four pages; on page 2 it stands under the
    # last recommendation, which it would otherwise end (or be read as a recommendation of its own).
    doc = load_document("page-number-never-updated-abiword-seed46-p1-4")
    roles = [(t.page, t.role) for t in document_to_structure(doc).lines if t.text == "Page 1"]
    assert roles == [(1, "furniture"), (2, "furniture"), (3, "furniture"), (4, "furniture")]
    from extractors.report import document_to_extraction

    (cause,) = document_to_extraction(doc).causes_of_concern
    assert cause.recommendations == ("The force should immediately make crime prevention a priority and give "
                                     "neighbourhood officers the time to work with their communities.",)


def test_a_notes_number_on_a_baseline_of_its_own_opens_the_note_it_stands_beside():
    # AbiWord seed 488: each note's number is printed in body type, larger than the note's
    # text and so on a baseline of its own, beside the note's first line across its indent.
    structure = document_to_structure(load_document("note-numbers-on-their-own-lines-abiword-seed488-p2"))
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert [(n.number, n.text) for n in notes] == [
        (1, "Full details of the interim risk-based approach are available from the HMICFRS website: "
            "www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/how-we-inspect/2017-peel-assessment/#risk-based"),
        (2, "The 2016 effectiveness report for the Metropolitan Police Service can be found on the HMICFRS website: "
            "www.justiceinspectorates.gov.uk/hmicfrs/publications/peel-police-effectiveness-2016-metropolitan"),
    ]
    assert not [f for f in findings if f.code == "footnote_line_unread"]


def test_lines_of_the_notes_read_into_no_note_break_the_promise_of_the_notes():
    # The same notes with their numbers lost: no line of the notes opens with one and no note
    # is read; the notes' four lines must not be dropped without a word.
    from extractors.completeness import findings_to_promises

    doc = load_document("note-numbers-on-their-own-lines-abiword-seed488-p2")
    page = page_without_lines(doc.pages[1], lambda line: line.text in ("1", "2"))
    structure = document_to_structure(document_with_page(doc, page))
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert notes == []
    broken = [(p.check, p.item, p.page) for p in findings_to_promises(findings) if not p.kept]
    assert broken == [("footnote_markers_have_footnotes", "4 line(s) of the notes on page 2 are in no footnote "
                       "('Full details of the interim risk-based approach are availabl')", 2)]


@pytest.mark.parametrize("name", ["force-in-numbers-captions-above-seed7-p3-4", "symbol-note-over-the-page-seed83-p3-4"])
def test_a_note_marked_with_a_symbol_is_no_note_left_unread(name):
    # The infographic's note "*Figures are shown as ..." opens with an asterisk, not a number;
    # in seed 83 it ends page 3 and finishes atop page 4's notes.
    structure = document_to_structure(load_document(name))
    _, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert not [f for f in findings if f.code == "footnote_line_unread"]


def test_type_of_two_sizes_side_by_side_in_a_note_is_read_as_one_row_left_to_right():
    # AbiWord sets note 23's number, and "The" that opens the italic title ending the note's
    # second row, in body type among the note's small type, their tops level with the row's:
    # read by their tops alone, "The" opened the row ("... required to The counter them").
    structure = document_to_structure(load_document("note-title-in-body-type-abiword-seed713-p16"))
    notes, _ = structure_to_footnotes(structure, structure.vocabulary)
    assert [n.number for n in notes] == [23, 24, 25]
    assert notes[0].text == (
        "The SPR is issued annually by the Home Secretary. It sets out the latest national threats and appropriate "
        "national policing capabilities required to counter them. National threats require a co-ordinated or "
        "aggregated response from police forces, national agencies or other partners. The Strategic Policing "
        "Requirement, Home Office, March 2015. Available from: "
        "www.gov.uk/government/uploads/system/uploads/attachment_data/file/417116/The_Strategic_Policing_Requirement.pdf")
    assert notes[1].text == "Code of Practice on Police use of Firearms and Less Lethal Weapons, Home Office, 2003."


def test_a_full_stop_close_after_body_type_in_a_note_row_is_no_word_of_its_own():
    # Note 4's last row ends "It is called" in small type, then "Policing Vision 2025." in body
    # type, the stop 0.6 pt after "2025": a tenth of the small type's em, not of the body's.
    structure = document_to_structure(load_document("note-title-ending-a-row-abiword-seed735-p3"))
    notes, _ = structure_to_footnotes(structure, structure.vocabulary)
    assert [n.number for n in notes] == [3, 4, 5]
    assert notes[1].text.endswith("how the police service needs to transform. It is called Policing Vision 2025.")


def test_a_notes_number_in_body_type_beside_its_note_is_part_of_the_notes_area():
    # No separator rule: the notes area is the small type at the page foot, read upwards. Each
    # note's number is in body type, its top a little below its note's first line; taken for
    # body text, it ended the area there and notes 1 and 2 were lost but for their last lines.
    structure = document_to_structure(load_document("note-numbers-in-body-type-no-rule-abiword-seed725-p2"))
    zone = [t.text for t in structure.page_lines(2, "footnote")]
    assert zone[0].startswith("Full details of the interim") and "2" in zone and "1" in zone
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert [n.number for n in notes] == [1, 2]
    assert notes[1].text == ("The 2016 effectiveness report for the Metropolitan Police Service can be found on the "
                             "HMICFRS website: www.justiceinspectorates.gov.uk/hmicfrs/publications/"
                             "peel-police-effectiveness-2016-metropolitan")
    assert findings == []


def test_a_notes_number_lower_than_its_line_does_not_leave_the_note_open_over_the_page():
    # Page 15 ends with note 25, one line ending in a web address, its number in body type set
    # lower than the line. Read as the page's last line of notes, "25" stopped mid-sentence, so
    # the web address ending page 16's body was taken for the rest of note 25.
    # Page 16 without its page number, which the whole report shows to be furniture.
    doc = load_document("note-number-lowest-on-the-page-abiword-seed88-p15-16")
    page = page_without_lines(doc.pages[15], lambda line: line.text == "1")
    structure = document_to_structure(document_with_page(doc, page))
    last = structure.page_lines(16)[-1]
    assert (last.text, last.role) == ("www.justiceinspectorates.gov.uk/hmicfrs/data/peel-assessments", "body")
    notes, _ = structure_to_footnotes(structure, structure.vocabulary)
    assert notes[-1].number == 25
    assert notes[-1].text == ("College of Policing Authorised Professional Practice on armed policing, available at: "
                              "www.app.college.police.uk/app-content/armed-policing/?s")


def test_a_mark_printed_on_the_baseline_against_its_word_cites_the_note_at_the_page_foot():
    # Notes in body type, no rule, no raised mark: "acute.1 Under this approach" cites note 1,
    # and "1. Full details ..." at the page foot is that note, not a numbered paragraph.
    structure = document_to_structure(load_document("note-mark-on-the-baseline-abiword-seed746-p2"))
    zone = [t.text for t in structure.page_lines(2, "footnote")]
    assert zone[0].startswith("1. Full details of the interim risk-based approach") and len(zone) == 3
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert [(n.number, n.text) for n in notes] == [
        (1, "Full details of the interim risk-based approach are available from the HMICFRS website: "
            "www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/how-we-inspect/2017-peel-assessment/#risk-based")]


def test_a_note_whose_line_box_the_separator_rule_crosses_is_under_the_rule():
    # AbiWord draws the rule 0.1 pt under the top of note 7's first line box, above its letters:
    # read by its top, the line stood above the rule, in the body, and note 7 lost its first line.
    structure = document_to_structure(load_document("rule-across-the-first-notes-box-abiword-seed41-p7"))
    first = next(t for t in structure.page_lines(7) if t.text.startswith("Investigations where action was taken"))
    assert first.role == "footnote"
    assert [t.role for t in structure.page_lines(7) if t.text.startswith("reviewed five files")] == ["body"]


def test_a_footer_under_a_large_figure_whose_box_reaches_it_is_still_furniture():
    # The infographic's last figures (22 pt bold) end page 1 just above "Page 1": their boxes
    # reach past the footer's top, but they are not level with it, as content beside a
    # footer on its line would be. Taken for content, "Page 1" was a word the infographic
    # left unread.
    structure = document_to_structure(load_document("footer-under-a-large-figure-abiword-seed28-p1"))
    assert [(t.text, t.role) for t in structure.page_lines(1)[-3:]] == [
        ("53%", "body"), ("48%", "body"), ("Page 1", "furniture")]


def test_the_last_word_of_a_caption_wrapped_under_small_type_is_no_note():
    # The page's last caption wraps "England and" / "Wales" beside the figure "48%": "Wales"
    # is the lowest line of small type, and the figure beside "England and" ended the block
    # of small type there. "Wales" runs on from the caption at its leading: it is no note.
    structure = document_to_structure(load_document("caption-wrapped-under-a-figure-at-the-foot-abiword-seed132-p1"))
    assert structure.page_lines(1, "footnote") == []
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert notes == [] and findings == []


def test_a_notes_number_alone_on_its_line_opens_the_note_under_it():
    # WeasyPrint, a tab after each plain note number: note 12's first word did not fit after
    # the tab, so "12" stands alone and the text starts on the next line at the margin. Note
    # 11 ended its sentence and the line under "12" opens with a capital: "12" is note 12.
    # Without the running header and footer, which the whole report shows to be furniture.
    doc = load_document("note-number-alone-on-its-line-weasyprint-seed60-p15-16")
    for number in (15, 16):
        doc = document_with_page(doc, page_without_lines(doc.pages[number - 1], lambda line: line.text in (
            f"Page {number} of 28", "PEEL: Police effectiveness 2017 – Metropolitan Police Service")))
    structure = document_to_structure(doc)
    notes, _ = structure_to_footnotes(structure, structure.vocabulary)
    assert [n.number for n in notes] == list(range(10, 18))
    assert [n.text for n in notes if n.number in (11, 12)] == [
        "The threat, harm, risk, investigation, vulnerability and engagement (THRIVE) model is used to assess the "
        "appropriate initial police response to a call for service. It allows a judgment to be made of the relative "
        "risk posed by the call and places the individual needs of the victim at the centre of that decision.",
        "Durham, Lancashire, Warwickshire and West Mercia forces were unable to provide 2017 domestic abuse arrest "
        "data. Cambridgeshire, Derbyshire, Durham and Gloucestershire forces were unable to provide 2016 domestic "
        "abuse arrest data.",
    ]


def test_a_notes_number_set_against_a_figure_opens_the_note_under_an_unfinished_sentence():
    # Writer, notes in body type with no rule, a tab after each plain number: note 26's text
    # opens with a figure and the tab stop sets "26" against it ("2660 case files ..."). The
    # body line above stops mid-sentence ("... between 1 January 2017 and 31 March"), so the
    # line set apart under it is no paragraph of the body: it is the note the body marks.
    doc = load_document("note-number-against-a-figure-body-type-no-rule-seed3068-p32")
    doc = document_with_page(doc, page_without_lines(doc.pages[31], lambda line: line.text == "Page 32 of 39"))
    structure = document_to_structure(doc)
    assert [t.text for t in structure.page_lines(32, "footnote")] == [
        "2660 case files were reviewed in each force, with the exception of the",
        "Metropolitan Police Service, West Midlands Police and West Yorkshire Police",
        "where 90 case files were reviewed."]
    notes, _ = structure_to_footnotes(structure, structure.vocabulary)
    assert [(n.number, n.text) for n in notes] == [
        (26, "60 case files were reviewed in each force, with the exception of the Metropolitan Police Service, "
             "West Midlands Police and West Yorkshire Police where 90 case files were reviewed.")]


def test_a_mark_carried_to_the_head_of_a_line_is_still_a_mark():
    # WeasyPrint, justified, notes in body type after the part's last paragraph: the mark
    # after "most acute." went to the head of the next line ("¹ Under this approach …"), so it
    # opens its line as a note's number does. Note 1's own number opens a line lower down: the
    # first is the mark calling for it, and the notes start at the second, not at note 2.
    doc = load_document("mark-carried-to-a-lines-head-weasyprint-seed164-p5")
    doc = document_with_page(doc, page_without_lines(doc.pages[4], lambda line: line.text == "Page 5 of 34"))
    structure = document_to_structure(doc)
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert [n.number for n in notes] == [1, 2] and findings == []
    assert notes[0].text == (
        "Full details of the interim risk-based approach are available from the HMICFRS website: "
        "www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/how-we-inspect/2017-peel-assessment/#risk-based")
    assert [t.role for t in structure.page_lines(5) if t.text.startswith("Under this approach")] == ["body"]


def test_notes_set_tighter_than_their_type_run_on_as_one_area():
    # WeasyPrint, 9.5 pt Carlito: the part's notes follow its last paragraph, high on the page,
    # their lines so tight that a line's box ends a hundredth of a point below the next one's
    # top. Notes 10 and 11 were marked two pages before (still to print); 12 to 17 here. The
    # run from note 10 to the page's end is the notes, not the run from note 12.
    from extractors.structure import document_body_size, document_line_gap

    doc = load_document("notes-set-tighter-than-their-type-weasyprint-seed251-p11")
    page = doc.pages[10]
    furniture = {(11, i) for i, line in enumerate(page.lines) if line.text == "Page 11"}
    body = document_body_size(doc)
    zone, ruled = _footnote_zone(page, body, furniture, frozenset(range(10, 18)), document_line_gap(doc, body))
    first = min(zone, key=lambda i: page.lines[i].top)
    assert not ruled and page.lines[first].words[0].text == "10"
    assert page.lines[first].text.startswith("The College of Policing defines vulnerability")
    # Notes 10 to 17 in 2, 3, 2, 2, 2, 3, 3 and 3 lines.
    assert len(zone) == 20


def test_a_notes_number_in_body_type_under_a_table_row_opens_its_note():
    # Note 1's "1", in body type at the margin, stands under the table's last row
    # ("anti-social behaviour") at the body's leading, as a line running on would; beside its
    # note's first line in small type, it is that note's number, not the row's last word.
    # The page without its footer, which the whole report shows to be furniture.
    doc = load_document("note-number-in-body-type-under-a-table-abiword-seed1491-p2")
    page = page_without_lines(doc.pages[1], lambda line: line.text == "Page 1 of 1")
    structure = document_to_structure(document_with_page(doc, page))
    assert "anti-social behaviour" in [t.text for t in structure.page_lines(2, "body")]
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert [n.number for n in notes] == [1, 2]
    assert notes[0].text.startswith("Full details of the interim risk-based approach")
    assert findings == []


def test_a_note_alone_under_the_rest_of_the_last_opens_on_from_it():
    # Chromium seed 888 (notes at body size, no rule, plain numbers): note 4 breaks off at the
    # foot of page 8 and its last two lines open page 9; note 5 (cited on page 7), the last of
    # its part's notes, follows them alone, high on the page. It numbers on from the note it
    # stands under, as a note opening the page would.
    structure = document_to_structure(load_document("note-after-the-rest-of-the-last-chromium-seed888-p7-9"))
    page_9 = [t for t in structure.lines if t.page == 9 and t.role != "furniture"]
    assert {t.role for t in page_9} == {"footnote"}
    notes, findings = structure_to_footnotes(structure, structure.vocabulary)
    assert [n.number for n in notes] == [3, 4, 5]
    assert notes[1].text.endswith("police service needs to transform. It is called Policing Vision 2025.")
    assert notes[2].text.startswith("A problem profile is intended to provide the force with greater understanding")
    assert [f.message for f in findings] == ["footnote 1 is missing before 3"]  # notes 1 and 2 are on pages left out


def test_a_dash_before_a_capital_opens_a_list_item_not_a_notes_run_on():
    # The same pages with the run-on's "– police can proactively ..." made "– The force
    # proactively ...": a dash before a capital is how a house style marks list items, not a
    # sentence going on.
    doc = load_document("footnote-run-on-after-closing-quote-bodysize-seed744-p18-19")
    page = page_of(doc, 19)
    dash = next(line for line in page.lines if line.text.startswith("– police can"))
    words = (dash.words[0], replace(dash.words[1], text="The"), replace(dash.words[2], text="force"), *dash.words[3:])
    page = replace(page, lines=tuple(replace(line, words=words) if line is dash else line for line in page.lines))
    structure = document_to_structure(document_with_page(doc, page))
    item = next(t for t in structure.lines if t.page == 19 and t.text.startswith("– The force proactively"))
    assert item.role == "body"


def test_a_body_paragraph_stopping_mid_sentence_above_the_notes_is_no_notes_run_on():
    # Double spaced, notes at body size with no rule: the body's last paragraph on page 34
    # stands above note 22 at the notes' own pitch, and note 21 ended page 33 with a full
    # stop. Read as note 21's run-on, it loaded into that note; the end of a note finishes
    # it, and this paragraph stops mid-sentence ("... feed into the overarching").
    structure = document_to_structure(load_document("body-paragraph-over-notes-double-spaced-seed51-p33-34"))
    paragraph = [t for t in structure.page_lines(34) if t.line.top > 620 and t.role != "furniture"][:3]
    assert paragraph[0].text.startswith("The force also has plans to improve further its efforts")
    assert {t.role for t in paragraph} == {"body"}
    notes_34 = [t.text for t in structure.page_lines(34, "footnote")]
    assert len(notes_34) == 3 and notes_34[0].startswith("22. City of London Police has been removed")


RUN_INTO_TEXT = "notes-run-into-their-text-chromium-seed1011-p26-44"


def _without_running_header(doc, page) -> list[int]:
    """The page's lines but its running header, which the whole report shows to be furniture."""
    return [i for i in kept_lines(doc, page) if not page.lines[i].text.startswith("PEEL: Police effectiveness")]


def _line_gap(doc) -> float:
    from extractors.structure import document_body_size, document_line_gap

    return document_line_gap(doc, document_body_size(doc))


def test_notes_whose_numbers_run_into_their_text_open_a_page_of_notes():
    # Page 26 opens with the part's notes 10 to 17, each number run into its text for want
    # of room after the tab: "10The College ...", "11The threat, harm, ..." (a lower-case
    # word after it). The text's capital is inside the number's word.
    doc = load_document(RUN_INTO_TEXT)
    page = page_of(doc, 26)
    kept = _without_running_header(doc, page)
    zone = _numbered_zone(page, kept, frozenset(range(10, 18)), _line_gap(doc))
    assert page.lines[min(zone, key=lambda i: page.lines[i].top)].text.startswith("10The College of Policing")
    assert zone == set(kept)


def test_a_note_number_run_into_a_figure_opens_a_page_of_notes_when_the_next_note_follows():
    # Page 44 opens with "2660 case files were reviewed ..." (note 26, its text "60 case files")
    # and then "27Home Office Counting Rules ...": note 27 under it shows the 26 is a note's.
    doc = load_document(RUN_INTO_TEXT)
    page = page_of(doc, 44)
    kept = _without_running_header(doc, page)
    assert _numbered_zone(page, kept, frozenset({26, 27}), _line_gap(doc)) == set(kept)
    # With no note 27 to follow it, "2660 case files" is a figure opening a paragraph.
    assert _numbered_zone(page, kept, frozenset({26}), _line_gap(doc)) == set()


def test_a_notes_run_on_ending_in_a_file_name_finishes_the_note():
    # Note 23 ends page 18 with a full stop, and its web address opens page 19 above notes 24
    # and 25, ending "The_Strategic_Policing_Requirement.pdf": no stop, but an address ends it.
    structure = document_to_structure(load_document("note-run-on-ending-in-a-file-name-chromium-seed57-p18-19"))
    notes_19 = [t.text for t in structure.lines if t.page == 19 and t.role == "footnote"]
    assert notes_19[0].startswith("Available from: www.gov.uk/government/uploads/")
    assert notes_19[1] == "The_Strategic_Policing_Requirement.pdf"


def test_a_notes_end_set_off_the_bodys_grid_finishes_the_note_though_the_body_above_stops_open():
    # Writer seed 18 double spaced, notes at body size after a tab, no rule: note 11 stops
    # mid-sentence at page 18's foot ("... at the centre of that") and its last word stands
    # alone at page 19's foot, nearer the body's last line than the body's lines stand apart.
    # That line ("... to support prosecutions in") stops mid-sentence too: it goes on atop page 20.
    structure = document_to_structure(load_document("note-end-off-the-body-grid-double-spaced-seed18-p18-19"))
    roles = {t.text: t.role for t in structure.lines if t.page == 19}
    assert roles["decision."] == "footnote"
    body_end = [text for text in roles if text.startswith(("The force has provided body-worn", "received by frontline"))]
    assert len(body_end) == 2 and {roles[text] for text in body_end} == {"body"}
    note = next(n for n in structure_to_notes(structure)[0] if n.number == 11)
    assert note.text.endswith("places the individual needs of the victim at the centre of that decision.")


def test_a_note_run_on_opening_with_a_quote_goes_on_with_the_sentence():
    # Word seed 1023: note 16 stops at page 16's foot ("... violent acts; and the") and its last
    # line, "'right to know' – police can ...", stands above page 17's notes, a little over a
    # line under the last area for improvement. The quote opens no sentence: "right" goes on.
    structure = document_to_structure(load_document("note-run-on-opening-with-a-quote-word-seed1023-p16-17"))
    line = next(t for t in structure.lines if t.text.startswith("'right to know'"))
    assert line.role == "footnote"
    note = next(n for n in structure_to_notes(structure)[0] if n.number == 16)
    assert note.text.endswith("and the 'right to know' – police can proactively disclose information in "
                              "prescribed circumstances")


def roles_and_notes(name: str, page: int) -> tuple[dict[str, str], list[str]]:
    """The role of each line of the fixture's page, by its text, and its footnote lines in order."""
    structure = document_to_structure(load_document(name))
    lines = [t for t in structure.lines if t.page == page]
    return {t.text: t.role for t in lines}, [t.text for t in lines if t.role == "footnote"]


def test_a_note_ended_on_a_short_line_does_not_take_the_body_paragraph_above_the_next_notes():
    # Writer seed 4039 double spaced, notes at body size, no rule: note 8 ends page 15 with room
    # to spare ("... please see annex A." stops 4 em short of the right edge), and page 16's
    # body ends in a paragraph set at the notes' leading just above note 9. Its first word,
    # "However,", would have fitted after "annex A.": the note did not break there.
    roles, notes_16 = roles_and_notes("note-ended-above-the-body-s-last-paragraph-seed4039-p15-16", 16)
    paragraph = [text for text in roles if text.startswith(("However, the force's performance", "percent in the number"))]
    assert len(paragraph) == 2 and {roles[text] for text in paragraph} == {"body"}
    assert len(notes_16) == 4 and notes_16[0].startswith("[9] Part of the Home Office")


def test_a_note_finished_under_the_bodys_broken_paragraph_starts_where_the_footnote_area_does():
    # The same printing: note 11 breaks mid-phrase at page 18's foot ("... a judgment to be made
    # of"), and its end stands at page 19's foot under the body's last paragraph, which breaks
    # mid-sentence too ("... to support prosecutions in"). All four lines step 26.5 pt apart
    # but one: Writer starts the footnote area 1.4 pt lower, above "the relative risk ...".
    roles, notes_19 = roles_and_notes("note-run-on-under-the-body-s-broken-paragraph-seed4039-p18-19", 19)
    body_end = [text for text in roles if text.startswith(("The force has provided body-worn", "received by frontline"))]
    assert len(body_end) == 2 and {roles[text] for text in body_end} == {"body"}
    assert notes_19 == ["the relative risk posed by the call and places the individual needs of the victim at the "
                        "centre of that", "decision."]


def test_a_note_finished_off_both_the_bodys_and_the_notes_leading_is_a_note():
    # The Word document double spaced (26.5 pt), its notes single spaced (13.2 pt) at body size
    # with no rule: note 22 breaks at page 28's foot ("... For further information,") and ends
    # on page 29 ("please see annex A.") 20.3 pt under the body's last line, which stops
    # mid-sentence itself ("... remain briefed"). A step neither flow takes sets it apart.
    roles, notes_29 = roles_and_notes("note-run-on-off-both-grids-word-seed18-p28-29", 29)
    assert notes_29 == ["please see annex A."]
    assert roles["some progress has been made. However, the force has to ensure that its local officers remain briefed"] \
        == "body"


def test_a_note_finished_above_the_next_notes_stops_at_a_line_off_its_pitch():
    # Writer seed 4503 one and a half spaced, notes at body size with no rule: note 20 breaks at
    # page 25's foot ("... surveillance and cyber-crime") and finishes on page 26 in three lines
    # above note 21, stepping 21.9 pt as the notes do. The figure's source line above them steps
    # 25.1 pt: another flow's, though within a sixth of the notes' pitch.
    roles, notes_26 = roles_and_notes("note-end-under-a-figure-source-seed4503-p25-26", 26)
    assert notes_26[0].startswith("investigation. The regional provision of these capabilities")
    assert notes_26[2] == "maintain and only required on relatively rare occasions."
    assert roles["Source: 2016 and 2017 HMICFRS data return"] != "footnote"


def test_a_notes_last_word_alone_under_a_body_line_broken_mid_sentence_is_the_notes():
    # Writer seed 4610 single spaced, notes at body size with no rule: note 14 breaks at page 16's
    # foot ("... the Office for National"), and "Statistics." stands alone at page 17's foot,
    # 23.4 pt under the body's last line, whose sentence stops mid-way ("... which model is most")
    # and goes on at page 18's top. A sentence broken at a line's end goes on one body step
    # (14 pt) under it, not further.
    roles, notes_17 = roles_and_notes("note-end-under-a-broken-body-line-seed4610-p16-17", 17)
    assert notes_17 == ["Statistics."]
    body_end = [text for text in roles if text.endswith("to evaluate which model is most")]
    assert len(body_end) == 1 and roles[body_end[0]] == "body"


def test_a_list_item_beside_its_mark_does_not_finish_a_note_left_without_a_stop():
    # Writer seed 4647 double spaced, notes at body size with no rule: note 16 ends page 18 as
    # the report prints it, with no full stop ("... in prescribed circumstances"), and page 19's
    # last list item stands just above its notes, beside its bullet. Level with the item, the
    # bullet is no body line broken mid-sentence above it: the item stays the body's.
    roles, notes_19 = roles_and_notes("list-item-under-a-note-without-a-stop-seed4647-p18-19", 19)
    item = [text for text in roles if text.startswith("The force should ensure that response officers are aware")]
    assert len(item) == 1 and roles[item[0]] == "body"
    assert notes_19[0].startswith("A multi-agency safeguarding hub (MASH)")


def test_a_note_opening_with_a_figure_is_parted_from_the_body_by_a_full_width_rule():
    # Writer seed 4671 one and a half spaced, notes at body size under a rule as wide as the
    # text: note 26 opens "26 60 case files were reviewed ...", a figure after its number, at the
    # body's leading under a web address that ends the body with no stop. Read alone the two
    # lines go on as one sentence; the rule drawn between them says they do not.
    roles, notes_26 = roles_and_notes("note-opening-with-a-figure-under-a-full-rule-seed4671-p26", 26)
    assert notes_26[0].startswith("26 60 case files were reviewed in each force")
    assert roles["www.gov.uk/government/statistics/police-recorded-crime-open-data-tables"] == "body"


def test_a_paragraph_under_a_heading_does_not_finish_a_note_left_without_a_stop():
    # Writer seed 4815 double spaced: note 16 ends page 22 as the report prints it, with no full
    # stop ("... in prescribed circumstances"), and page 23, which has no notes of its own, ends
    # in a paragraph under a heading, further under it than the body's lines step. A heading
    # stops short of the text's right edge: it is no sentence broken for want of room.
    roles, notes_23 = roles_and_notes("paragraph-under-a-heading-after-a-note-without-a-stop-seed4815-p22-23", 23)
    assert notes_23 == []
    paragraph = [text for text, role in roles.items() if text.startswith("The force has a clear understanding of who")]
    assert len(paragraph) == 1 and roles[paragraph[0]] == "body"


def test_a_caption_left_above_the_notes_is_not_the_rest_of_the_note_it_stands_over():
    # Writer seed 5060 double spaced and hyphenated: note 20 ends page 27 on a broken word
    # ("... These capabilit-"). On page 28 the caption of figure 3, whose figure went over the
    # page, stands over the note's rest at the notes' own pitch, set apart from the body above
    # as a note's rest is. The rest opens with the word's end ("ies encompass ..."): the note
    # goes on from there, and the caption (bold, read as a heading) stays out of the notes.
    roles, notes_28 = roles_and_notes("caption-above-a-note-carried-over-seed5060-p27-28", 28)
    assert notes_28[0].startswith("ies encompass specialist areas")
    caption = [text for text in roles if text.startswith(("Figure 3: Rate of organised crime", "as at 1 July 2017"))]
    assert len(caption) == 2 and {roles[text] for text in caption} == {"heading"}


def test_the_body_going_on_at_a_pages_top_is_not_the_rest_of_a_note_left_open():
    # Writer seed 5065 hyphenated, notes at body size with no rule: page 25 ends the body
    # mid-sentence ("... The Code of Practice") and note 23 on an address broken at a hyphen
    # (".../The_Strategic_Poli-" / "cing_Requirement.pdf"), which reads as left open. Page 26
    # opens in lower case ("on Police use of Firearms ..."), the body's sentence going on, and
    # its own notes stand at its foot 150 pt under the body: a note's rest opens the footnote
    # area, as near its first note as the notes stand to each other.
    roles, notes_26 = roles_and_notes("body-sentence-at-the-top-after-a-note-broken-in-an-address-seed5065-p25-26", 26)
    assert roles["on Police use of Firearms and Less Lethal Weapons makes forces responsible"] == "body"
    assert len(notes_26) == 4 and notes_26[0].startswith("24 Code of Practice on Police use of Firearms")


def test_the_rest_of_a_note_that_ended_a_sentence_is_found_at_the_foot_of_a_page_without_notes():
    # Writer seed 4841 at 1.15 lines: note 27 ends page 30 on a full line that finishes a
    # sentence ("... must be collected."), and its rest ("They set down how ...") stands at
    # page 31's foot. Page 31 cites no notes; nothing in the words says the note goes on. The
    # rest stands 37.2 pt (top to top) under the body's last line, a step the body takes
    # nowhere on the page (its lines step 16.8 pt, its paragraphs 22.4 pt).
    roles, notes_31 = roles_and_notes("note-rest-after-a-full-stop-at-the-foot-seed4841-p30-31", 31)
    assert len(notes_31) == 3 and notes_31[0].startswith("They set down how the police service")
    assert roles["collected data on anti-social behaviour powers, including:"] == "body"




def _with_lines_raised(doc, page_number: int, raised, by: float):
    """The document with the page's lines for which `raised(line)` holds moved up `by` points."""
    page = doc.pages[page_number - 1]
    lines = tuple(Line(tuple(replace(w, top=w.top - by, bottom=w.bottom - by) for w in line.words), line.size, line.bold)
                  if raised(line) else line for line in page.lines)
    return document_with_page(doc, replace(page, lines=lines))


def test_a_run_at_the_foot_under_a_step_the_body_takes_elsewhere_stays_the_bodys():
    # The broken cases of the rule above, from the same page. The run moved up to stand where
    # the body's next paragraph would (22.4 pt under its last line) runs on from the body.
    # Left where it is, with the body's paragraphs higher up set as far apart as the run
    # stands under the body (the lines above "As at 1 July 2017" raised 14.8 pt, so that
    # paragraph stands 37.2 pt under the one before), it is a paragraph like the others.
    name = "note-rest-after-a-full-stop-at-the-foot-seed4841-p30-31"
    for doc in (_with_lines_raised(load_document(name), 31, lambda line: line.top >= 680.0, 37.2 - 22.4),
                _with_lines_raised(load_document(name), 31, lambda line: line.top < 380.0, 37.2 - 22.4)):
        lines = [t for t in document_to_structure(doc).lines if t.page == 31]
        assert [t.text for t in lines if t.role == "footnote"] == []
        assert {t.role for t in lines if t.text.startswith("They set down how")} == {"body"}
    # With page 30 cut short (the lines between 570 and 660 pt dropped, and the body's last line
    # and the notes under it raised 90 pt, as notes printed after a part's text stand), page 30
    # had room: its note went over no page, and page 31's foot is the body's.
    doc = load_document(name)
    page_30 = page_without_lines(doc.pages[29], lambda line: 570.0 < line.top < 660.0)
    doc = _with_lines_raised(document_with_page(doc, page_30), 30, lambda line: 660.0 < line.top < 730.0, 90.0)
    lines = [t for t in document_to_structure(doc).lines if t.page in (30, 31)]
    assert [t.text[:20] for t in lines if t.role == "footnote"] == ["Home Office Counting", "submitted to the Hom"]
    assert {t.role for t in lines if t.text.startswith("They set down how")} == {"body"}



def test_a_paragraph_at_the_foot_is_no_rest_of_notes_set_smaller_under_a_rule():
    # Writer seed 5900 double spaced, notes smaller than the body under a short rule: note 9
    # ends page 17 at its foot with a full stop, and page 18, which has no notes, ends in a
    # paragraph set apart by a step its body takes nowhere else. Notes go on in their own type
    # and under their rule: a paragraph in body type with no rule over it is the body's.
    roles, notes_18 = roles_and_notes("paragraph-at-the-foot-after-smaller-notes-under-a-rule-seed5900-p17-18", 18)
    assert notes_18 == []
    paragraph = [text for text in roles if text.startswith(("The force is good at reducing re-offending",
                                                            "they can be managed by dedicated officers."))]
    assert len(paragraph) == 2 and {roles[text] for text in paragraph} == {"body"}


def test_the_bodys_last_paragraph_within_the_notes_pitch_of_a_note_rest_stays_the_bodys():
    # Writer seed 5919 double spaced, notes at body size with no rule: note 8 ends page 19 with
    # a full stop, and on page 20 its rest ("Therefore figures ...") stands above note 9. Right
    # over it, the body's last paragraph breaks mid-sentence ("... circulated as 'wanted'"),
    # 30.5 pt above the rest where both flows step 28 pt: within the notes' pitch, but the one
    # step unlike the others, where Writer starts the footnote area.
    roles, notes_20 = roles_and_notes("body-paragraph-over-a-note-rest-at-the-notes-pitch-seed5919-p19-20", 20)
    assert notes_20[0].startswith("Therefore figures for England and Wales will differ")
    paragraph = [text for text in roles if text.startswith(("However, the force's performance in promptly",
                                                            "reviewed five files where the suspect"))]
    assert len(paragraph) == 2 and {roles[text] for text in paragraph} == {"body"}
