"""Headings printed in capitals, or small capitals, are written as the document writes their words elsewhere."""

from __future__ import annotations

from page_fixtures import load_document

from extractors.areas_for_improvement import structure_to_areas_for_improvement
from extractors.causes_of_concern import structure_to_causes_of_concern
from extractors.heading_case import WordCases, capitals_to_case, is_in_capitals
from extractors.judgments import structure_to_section_grades
from extractors.structure import document_to_structure, heading_blocks
from schemas.layouts import layout_by_id

TEXT = [
    "The force should improve how it tackles anti-social behaviour (ASB) across the Metropolitan Police Service.",
    "We found that police officers in the Metropolitan Police Service understand what their communities need.",
    "Its figures are compared with England and Wales as a whole.",
]


def test_common_words_go_to_lower_case_names_and_initialisms_keep_theirs():
    cases = WordCases(TEXT)
    assert capitals_to_case("PREVENTING CRIME AND TACKLING ANTI-SOCIAL BEHAVIOUR", cases) == (
        "Preventing crime and tackling anti-social behaviour")
    # "police" is a common word in a sentence, a name's word after "Metropolitan".
    assert capitals_to_case("HOW WELL DOES THE METROPOLITAN POLICE SERVICE TACKLE ASB?", cases) == (
        "How well does the Metropolitan Police Service tackle ASB?")
    assert capitals_to_case("POLICE OFFICERS IN ENGLAND AND WALES", cases) == "Police officers in England and Wales"


def test_a_title_after_a_dash_opens_with_a_capital_and_a_section_number_stays():
    cases = WordCases(TEXT)
    assert capitals_to_case("OVERVIEW – HOW WELL DOES THE FORCE TACKLE ASB?", cases) == (
        "Overview – How well does the force tackle ASB?")
    assert capitals_to_case("6.1 IDENTIFYING VULNERABILITY", cases) == "6.1 Identifying vulnerability"


def test_a_contents_title_of_the_same_words_is_taken_whole():
    assert capitals_to_case("SURVEY OF POLICE STAFF", WordCases([]), ["Survey of Police Staff"]) == "Survey of Police Staff"


def test_only_a_heading_wholly_in_capitals_is_rewritten():
    assert is_in_capitals("RESPONDING TO THE PUBLIC") and is_in_capitals("6.2 INITIAL RESPONSE")
    assert not is_in_capitals("Responding to the public") and not is_in_capitals("ISBN") and not is_in_capitals("PEEL 2021/22")


def test_sections_under_headings_in_capitals_read_as_printed_elsewhere():
    # Writer seed 168: "RESPONDING TO THE PUBLIC" and "INVESTIGATING CRIME" head areas for
    # improvement and a cause of concern; the report has no contents page.
    structure = document_to_structure(load_document("headings-in-capitals-writer-seed168-p7-8"))
    texts = [b.text for b in heading_blocks(structure)]
    assert {"Responding to the public", "Investigating crime"} <= set(texts)
    assert not any(is_in_capitals(text) for text in texts)
    # The judgments table (not in these pages) names the questions the sections are under.
    questions = ["Responding to the public", "Investigating crime"]
    headings = layout_by_id("peel-2021-22").headings
    areas, _ = structure_to_areas_for_improvement(structure, structure.vocabulary, questions,
                                                  headings["areas_for_improvement"])
    assert [a.section for a in areas] == ["Responding to the public", "Investigating crime"]
    causes, _ = structure_to_causes_of_concern(structure, structure.vocabulary, questions, headings["causes_of_concern"],
                                               headings["recommendations"])
    assert [(c.section, len(c.recommendations)) for c in causes] == [("Investigating crime", 2)]


def test_a_graded_question_in_small_capitals_is_one_heading_over_its_grade():
    # Writer seed 15 (2015): the question's first line opens with full capitals ("OVERVIEW",
    # "HOW"); the three lines it wraps onto are small capitals alone, drawn at 0.8 of the size.
    structure = document_to_structure(load_document("heading-in-small-capitals-wrapped-seed15-p3"))
    question = "Overview – How effective is the force at protecting from harm those who are vulnerable, and supporting victims?"
    assert [b.text for b in heading_blocks(structure)] == [question, "Inadequate"]
    assert structure_to_section_grades(structure) == {question: "Inadequate"}


def test_a_question_in_small_capitals_mapped_back_to_its_letters_is_one_heading():
    # Chromium seed 15: the small capitals' text is the letters typed ("O" at 22 pt + "verview"
    # at 15.4 pt); the wrapped lines hold no full capital at all.
    structure = document_to_structure(load_document("heading-in-small-capitals-wrapped-chromium-seed15-p3-4"))
    question = "How effective is the force at protecting from harm those who are vulnerable, and supporting victims?"
    texts = [b.text for b in heading_blocks(structure)]
    assert texts[:3] == [f"Overview – {question}", "Inadequate", question]
    assert structure_to_section_grades(structure)[question] == "Inadequate"



def test_headings_in_small_capitals_of_either_case_are_read_as_the_capitals_drawn():
    # WeasyPrint seed 24 maps the small capitals it draws to either case at random ("I" +
    # "nvestIgatIng crIme"): read as the capitals they are, then written as the report writes them.
    structure = document_to_structure(load_document("headings-in-small-capitals-weasyprint-seed24-p5-7"))
    texts = [b.text for b in heading_blocks(structure)]
    assert texts[:4] == ["Preventing crime and anti-social behaviour", "Outstanding", "Innovative practice",
                         "Investigating crime"]
    headings = layout_by_id("peel-2021-22").headings
    causes, _ = structure_to_causes_of_concern(structure, structure.vocabulary, ["Investigating crime"],
                                               headings["causes_of_concern"], headings["recommendations"])
    assert [(c.section, len(c.recommendations)) for c in causes] == [("Investigating crime", 2)]
