"""Lists printed without their bullets, and running headers on a two-page report.

The pages are AbiWord printings of Word documents (tests/fixtures/pages/README.md): its .docx
import drops list bullets and the space after each paragraph, so a list of recommendations
or areas for improvement prints as plain lines, one item a paragraph. The expected texts are
copied from the samples the printings were made from (samples/generations/).
"""

from __future__ import annotations

from page_fixtures import document_with_page, load_document, page_without_lines

from extractors.report import document_to_extraction
from extractors.structure import document_to_structure


def test_recommendations_without_bullets_are_one_a_paragraph_across_a_page_break():
    # Page 1 ends "... using a structured model." short of the margin; page 2 opens "Within six months".
    extraction = document_to_extraction(load_document("recommendations-without-bullets-abiword-seed2-p1-2"))
    (cause,) = extraction.causes_of_concern
    assert cause.recommendations == (
        "Within three months, the force should ensure that call handlers identify vulnerable victims at first "
        "contact and assess the risk to them using a structured model.",
        "Within six months, the force should ensure that supervisors review every domestic abuse risk assessment "
        "made by attending officers.",
    )


def test_areas_for_improvement_without_bullets_open_where_a_named_force_should():
    extraction = document_to_extraction(load_document("named-force-openers-without-bullets-abiword-seed5-p1-2"))
    assert [(a.section, a.headline) for a in extraction.areas_for_improvement] == [
        ("Responding to the public",
         "Cleveland Police should improve the way it flags vulnerable people on its incident logs."),
        ("Responding to the public",
         "Cleveland Police should make sure that it attends emergency incidents within its target times."),
        ("Managing offenders and suspects",
         "Cleveland Police should make sure it manages the risk posed by registered sex offenders."),
    ]
    assert extraction.areas_for_improvement[1].explanation == (
        "In the year ending 3 November 2024, it attended 80.3 percent of emergency incidents within that target time.")


def test_a_running_header_on_both_pages_of_a_two_page_report_is_furniture():
    doc = load_document("running-header-on-both-pages-abiword-seed6-p1-2")
    header = "PEEL: Police effectiveness 2015 (vulnerability) – Staffordshire Police"
    roles = [(t.page, t.role) for t in document_to_structure(doc).lines if t.text == header]
    assert roles == [(1, "furniture"), (2, "furniture")]
    (cause,) = document_to_extraction(doc).causes_of_concern
    assert len(cause.recommendations) == 2
    assert not any(header in r for r in cause.recommendations)


def test_a_recommendation_set_wider_than_the_document_is_one_item_not_two():
    # AbiWord printed the report single-spaced but for the recommendation list, at 1.5 lines: the
    # one recommendation's two lines stand 0.74 em apart, under the gap that parts paragraphs.
    extraction = document_to_extraction(load_document("recommendation-lines-set-apart-abiword-seed145-p1-5"))
    (cause,) = extraction.causes_of_concern
    assert cause.recommendations == ("The force should immediately make crime prevention a priority and give "
                                     "neighbourhood officers the time to work with their communities.",)


def test_recommendations_part_at_a_gap_wider_than_their_own_lines_stand_apart():
    # Seed 327: the first fills its line to the margin, so only the gap (an em, four times the
    # second's own line gap) parts them; seed 390: the first's last line leaves too little room
    # for "Within", and the gap (0.9 em against 0.3) parts them.
    for name, texts in (
        ("recommendations-a-paragraph-gap-apart-abiword-seed327-p1-2", (
            "Within six months, the force should make sure that investigations are effectively supervised.",
            "Within six months, the force should make sure that victims are kept informed throughout investigations.")),
        ("recommendations-over-a-short-gap-abiword-seed390-p1-2", (
            "Within three months, the force should ensure that call handlers identify vulnerable victims at first "
            "contact and assess the risk to them using a structured model.",
            "Within six months, the force should ensure that supervisors review every domestic abuse risk assessment "
            "made by attending officers.")),
    ):
        (cause,) = document_to_extraction(load_document(name)).causes_of_concern
        assert cause.recommendations == texts, name


def test_recommendations_that_open_alike_are_two_over_a_page_break_whatever_the_first_lines_width():
    # Justified: the first recommendation's one line ends page 2 nearly as wide as the text, so
    # its width does not show that it ended; the second opens page 3 with the same words.
    from extractors.causes_of_concern import structure_to_causes_of_concern

    from schemas.layouts import layout_by_id

    layout = layout_by_id("peel-2021-22")
    # Without the footer "Page 1 of 1" (AbiWord's page field, never updated), which the whole
    # report, printing it on every page, shows to be furniture; two pages do not.
    doc = load_document("recommendations-over-a-page-break-justified-abiword-seed1086-p2-3")
    for number in (2, 3):
        doc = document_with_page(doc, page_without_lines(doc.pages[number - 1], lambda line: line.text == "Page 1 of 1"))
    structure = document_to_structure(doc)
    causes, _ = structure_to_causes_of_concern(structure, structure.vocabulary, ["Investigating crime"],
                                               layout.headings["causes_of_concern"], layout.headings["recommendations"])
    assert [c.recommendations for c in causes] == [(
        "Within six months, the force should make sure that investigations are effectively supervised.",
        "Within six months, the force should make sure that victims are kept informed throughout investigations.",
    )]


def test_a_recommendations_heading_with_nothing_under_it_gives_a_cause_without_recommendations():
    # The list's lines cut away: the heading "Recommendations" runs straight into the next heading.
    doc = load_document("recommendations-without-bullets-abiword-seed2-p1-2")
    for page in doc.pages:
        doc = document_with_page(doc, page_without_lines(page, lambda line: line.text.startswith(
            ("Within three months", "victims at first contact", "Within six months", "abuse risk assessment made"))))
    extraction = document_to_extraction(doc)
    (cause,) = extraction.causes_of_concern
    assert cause.recommendations == ()
    assert [f.code for f in extraction.warnings if f.code == "cause_without_recommendation"] == [
        "cause_without_recommendation"]
