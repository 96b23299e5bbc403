"""A contents page: its dot-leader lines are contents entries (never headings), and each
entry promises a heading on the page it names.

The fixture is the contents page of a printing cut to its first three entries ("Force in
numbers ..... 3", "Risk-based inspection ..... 5", "Effectiveness overview ..... 6") with
the three pages they name.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from page_fixtures import document_with_page, load_document, page_without_lines

from extractors.completeness import contents_promises
from extractors.structure import document_to_structure, heading_blocks

CONTENTS = "contents-trimmed-to-3-entries-seed7-p2-3-5-6"


def test_dot_leader_lines_are_contents_with_their_entries():
    structure = document_to_structure(load_document(CONTENTS))
    assert [(e.title, e.printed_page, e.page) for e in structure.contents] == [
        ("Force in numbers", 3, 2), ("Risk-based inspection", 5, 2), ("Effectiveness overview", 6, 2),
    ]
    page2 = structure.page_lines(2)
    assert [t.role for t in page2 if "....." in t.text] == ["contents"] * 3


def test_a_contents_line_is_never_a_heading():
    structure = document_to_structure(load_document(CONTENTS))
    # Its title is the only heading of the contents page.
    assert [t.text for t in structure.page_lines(2, "heading")] == ["Contents"]


def test_a_short_bold_contents_line_is_still_no_heading():
    """Entries set in bold with short leaders look like minor headings, and are not."""
    doc = load_document(CONTENTS)
    page2 = doc.pages[1]
    bold = replace(page2, lines=tuple(
        replace(line, bold=True, words=tuple(replace(w, bold=True, text=_short_leaders(w.text)) for w in line.words))
        for line in page2.lines))
    structure = document_to_structure(document_with_page(doc, bold))
    assert [t.text for t in structure.page_lines(2, "heading")] == ["Contents"]
    assert len(structure.contents) == 3


def _short_leaders(text: str) -> str:
    """'Force in numbers.......3' with ten dots, so the line is as short as a heading."""
    head = text.rstrip(".0123456789")
    return head + "." * 10 + text[len(text.rstrip("0123456789")):] if text != head else text


def test_each_entry_is_kept_by_the_heading_on_its_page():
    structure = document_to_structure(load_document(CONTENTS))
    promises = contents_promises(structure, heading_blocks(structure))
    assert [(p.item, p.kept, p.page) for p in promises] == [
        ("heading 'Force in numbers' (contents: page 3)", True, 2),
        ("heading 'Risk-based inspection' (contents: page 5)", True, 2),
        ("heading 'Effectiveness overview' (contents: page 6)", True, 2),
    ]


def test_an_entry_whose_heading_is_missing_is_a_broken_promise():
    doc = load_document(CONTENTS)
    page5 = page_without_lines(doc.pages[4], lambda line: line.text == "Risk-based inspection")
    assert len(page5.lines) == len(doc.pages[4].lines) - 1  # the heading printed once, at the top of page 5
    structure = document_to_structure(document_with_page(doc, page5))
    broken = [p for p in contents_promises(structure, heading_blocks(structure)) if not p.kept]
    assert [(p.check, p.item, p.page) for p in broken] == [
        ("contents_match_headings", "heading 'Risk-based inspection' (contents: page 5)", 2),
    ]
    entry = structure.contents[1]
    assert broken[0].bbox == entry.bbox  # points at the contents line to look at


def test_a_heading_on_another_page_does_not_keep_the_promise():
    doc = load_document(CONTENTS)
    # "Effectiveness overview" moved from page 6 to page 5: the contents says 6.
    heading = next(line for line in doc.pages[5].lines if line.text == "Effectiveness overview")
    page6 = page_without_lines(doc.pages[5], lambda line: line is heading)
    page5 = replace(doc.pages[4], lines=doc.pages[4].lines + (heading,))
    structure = document_to_structure(document_with_page(document_with_page(doc, page6), page5))
    kept = {p.item: p.kept for p in contents_promises(structure, heading_blocks(structure))}
    assert kept["heading 'Effectiveness overview' (contents: page 6)"] is False
    assert kept["heading 'Risk-based inspection' (contents: page 5)"] is True


def test_a_caption_beside_a_large_figure_is_no_contents_entry():
    # Seed 13 page 3, "Force in numbers" in three columns: "England and" with "89" in large
    # type at its right looks like a title and its page number, but the number is a figure.
    structure = document_to_structure(load_document("force-in-numbers-beside-three-columns-seed13-p3"))
    assert [t.text for t in structure.lines if t.role == "contents"] == []
    assert structure.contents == ()


# ------------------------------------------------ contents pages set by hand (10 pt type)


def title_words(text: str, top: float, x0: float = 72.0) -> list:
    """A title's words as printed: 5 pt a letter, a quarter em between words."""
    from extractors.model import Word

    words, x = [], x0
    for token in text.split():
        words.append(Word(token, x, top, x + 5 * len(token), top + 10, 10))
        x += 5 * len(token) + 2.5
    return words


def title_width(text: str) -> float:
    return sum(5 * len(t) + 2.5 for t in text.split()) - 2.5


def contents_of(rows: list[list]) -> list[tuple[str, int]]:
    """(title, printed page) of each entry of a page 2 made of these rows of words."""
    from extractors.lines import words_to_lines
    from extractors.model import Document, Page

    contents_page = Page(2, 595, 842, tuple(words_to_lines([w for r in rows for w in r])))
    structure = document_to_structure(Document("0" * 64, "hand-made.pdf", (Page(1, 595, 842, ()), contents_page)))
    return [(e.title, e.printed_page) for e in structure.contents]


def test_titles_that_fill_their_line_keep_their_entries_with_two_dots_or_one():
    # Seeds 214 and 209: "Overview – … reducing crime?. .5" and "… and supporting victims?.4".
    rows = [title_words("Contents", 60), title_words("Introduction" + "." * 40 + "3", 90),
            title_words("Overview – How efficient is the force at keeping people safe and reducing crime?. .5", 108),
            title_words("How well does the force understand demand?" + "." * 30 + "6", 126),
            title_words("How effective is the force at protecting vulnerable people and supporting victims?.7", 144),
            title_words("Annex A – About the data" + "." * 40 + "9", 162)]
    assert contents_of(rows) == [
        ("Introduction", 3),
        ("Overview – How efficient is the force at keeping people safe and reducing crime?", 5),
        ("How well does the force understand demand?", 6),
        ("How effective is the force at protecting vulnerable people and supporting victims?", 7),
        ("Annex A – About the data", 9),
    ]


def dotted_row(text: str, top: float, number: str, leaders_end: float = 505.0) -> list:
    """A title, dots a space apart up to `leaders_end`, and its number ending at 520."""
    from extractors.model import Word

    words = title_words(text, top)
    x = words[-1].x1 + 2.5
    while x < leaders_end:
        words.append(Word(".", x, top, x + 2.5, top + 10, 10))
        x += 5.0
    return words + [Word(number, 520 - 5 * len(number), top, 520, top + 10, 10)]


def test_a_title_that_leaves_no_room_for_leaders_keeps_its_entry_by_its_tab_stop():
    # Seed 270: "… reducing crime? 5", the number a space after the title, no dot between,
    # but ending where every other entry's number ends (a right tab stop).
    from extractors.model import Word

    full = "Overview – How efficient is the force at keeping people safe and reducing crime?"
    rows = [title_words("Contents", 60), dotted_row("Introduction", 90, "3"),
            # Indented so that it ends an em before its number.
            title_words(full, 108, x0=505.0 - title_width(full)) + [Word("5", 515, 108, 520, 118, 10)],
            dotted_row("How well does the force understand demand?", 126, "6"),
            dotted_row("Annex A – About the data", 162, "9")]
    assert contents_of(rows) == [
        ("Introduction", 3), (full, 5), ("How well does the force understand demand?", 6), ("Annex A – About the data", 9),
    ]


def test_a_heading_that_lost_its_end_does_not_keep_its_entry():
    # Seeds 158 and 193 at 1.5 spacing: "How well does the force understand its current and
    # likely future demand?" read as two headings; the first half no longer keeps the entry.
    from extractors.completeness import _entry_names_heading

    entry = "How well does the force understand its current and likely future demand?"
    assert _entry_names_heading(entry, entry)
    assert not _entry_names_heading(entry, "How well does the force understand its")
    # A long heading whose contents entry was cut short still answers to it.
    assert _entry_names_heading("How well does the force understand its current", entry)


def leader_word_row(text: str, top: float, number: str) -> list:
    """As Writer sets an entry: the title, then the leaders and the number as one word ("......3")."""
    from extractors.model import Word

    words = title_words(text, top)
    x = words[-1].x1 + 2.5 if words else 72.0
    return words + [Word("." * int((505 - x) / 2.5) + number, x, top, 520, top + 10, 10)]


LONG_TITLE = "How well does the force understand its current and likely future demand?"


def test_a_title_wrapped_before_its_leaders_is_the_whole_title():
    # Seed 48 (1.5 spacing): the title fills its line, and the leaders and page number make the next.
    rows = [title_words("Contents", 60), leader_word_row("Introduction", 90, "3"),
            leader_word_row("Force in numbers", 108, "4"), title_words(LONG_TITLE, 126), leader_word_row("", 144, "6"),
            leader_word_row("Annex A – About the data", 162, "9")]
    assert contents_of(rows) == [
        ("Introduction", 3), ("Force in numbers", 4), (LONG_TITLE, 6), ("Annex A – About the data", 9),
    ]


@pytest.mark.parametrize("apart", [0.0, 12.0], ids=["number-against-title", "number-an-em-apart"])
def test_a_number_at_the_tab_stop_after_a_full_title_keeps_its_entry(apart):
    # Seeds 217 and 158: "… future demand?6" (no room for a leader or a space), and "… for its
    # services? . . 6" with the number split off by a gap too narrow for a column.
    from extractors.model import Word

    tight = title_words(LONG_TITLE, 126, x0=515 - apart - title_width(LONG_TITLE)) + [Word("6", 515, 126, 520, 136, 10)]
    rows = [title_words("Contents", 60), leader_word_row("Introduction", 90, "3"),
            leader_word_row("Force in numbers", 108, "4"), tight, leader_word_row("Annex A – About the data", 162, "9")]
    assert contents_of(rows) == [
        ("Introduction", 3), ("Force in numbers", 4), (LONG_TITLE, 6), ("Annex A – About the data", 9),
    ]


def test_a_titles_last_line_under_the_line_that_holds_its_number_ends_that_entry():
    # WeasyPrint sets "...5" on the first line of "Overview – How efficient is the force at
    # keeping people safe and" / "reducing crime?": the short line under it, with no number,
    # ends that title; it does not open the next entry.
    structure = document_to_structure(load_document("contents-number-on-a-wrapped-titles-first-line-weasyprint-seed17-p2"))
    assert [(e.title, e.printed_page) for e in structure.contents] == [
        ("Introduction", 3),
        ("Force in numbers", 4),
        ("Overview – How efficient is the force at keeping people safe and reducing crime?", 5),
        ("How well does the force understand demand?", 7),
        ("How well does the force understand current demand?", 7),
        ("How well does the force use its resources?", 8),
        ("How well is the force planning for the future?", 9),
    ]


def test_once_a_page_shows_numbers_on_first_lines_a_long_last_line_ends_its_title_too():
    # The first title's last line reaches three quarters of the column, as the first line of a
    # wrapped title might; the second's is short, which only a title's end can be. The page sets
    # its numbers on its titles' first lines, so both end their titles. The line under the first
    # title's end holds a number on its row ("...5"): it opens the next entry.
    structure = document_to_structure(load_document("contents-numbers-on-first-lines-a-long-tail-weasyprint-seed42-p2"))
    question = "How effective is the force at protecting from harm those who are vulnerable, and supporting victims?"
    assert [(e.title, e.printed_page) for e in structure.contents] == [
        ("Introduction", 3), (f"Overview – {question}", 4), (question, 5),
        ("Identifying those who are vulnerable", 5), ("Initial contact", 5), ("Summary of findings", 5),
    ]
