"""A house style that indents each body paragraph's first line and sets no space between them.

The pages are printings of the samples with that style drawn (`paragraphs="indented"`,
tests/fixtures/pages/README.md): a paragraph's second line starts left of its first, at the
margin, so "one under the other at one left edge" no longer finds a paragraph's lines.
"""

from __future__ import annotations

from page_fixtures import load_document

from extractors.metadata import structure_to_report_meta
from extractors.structure import document_body_size, document_line_gap, document_to_structure


def test_the_line_gap_is_a_paragraphs_own_where_most_paragraphs_hold_two_lines():
    # Writer seed 5 at 1.5 lines: measured only at one left edge, the gaps left were the
    # table's and the cover's (1.3 em), and the cover's lines "An inspection of Cleveland
    # Police" / "April 2025", 1.2 em apart, were read as one wrapped line: no force was known.
    doc = load_document("indented-paragraphs-writer-seed5-p1-6")
    page = doc.pages[2]
    first = next(line for line in page.lines if line.text.startswith("Our inspection assessed how good"))
    second = next(line for line in page.lines if line.text.startswith("judgments in eight of these nine"))
    assert second.x0 < first.x0 - 2 * first.size  # the first line indented, the second at the margin
    own = (second.top - first.bottom) / first.size
    assert abs(document_line_gap(doc, document_body_size(doc)) - own) < 0.05
    meta = structure_to_report_meta(document_to_structure(doc))
    assert (meta.force, meta.published) == ("Cleveland Police", "2025-04")


def test_a_captions_wrapped_line_under_its_indented_first_line_is_no_note():
    # Chromium seed 47, page 12: Figure 2's bold caption, indented as a paragraph is, wraps to
    # "12 months to 30 June 2017" at the margin, at the page's foot, while note 12 is cited on
    # the page. The line runs on from the caption at its leading, as a paragraph's second line does.
    structure = document_to_structure(load_document("caption-wrapped-under-its-indented-first-line-chromium-seed47-p12"))
    roles = {t.text: t.role for t in structure.lines}
    caption = next(text for text in roles if text.startswith("Figure 2: Domestic abuse arrest rate"))
    assert (roles[caption], roles["12 months to 30 June 2017"]) == ("heading", "heading")
    assert not any(t.role == "footnote" for t in structure.lines)
