"""Which lines are running prose for the statistics read from sentences.

Hand-built pages at 10 pt body text: the infographic's large figures, even when a
printer sets captions and figures of panels side by side as one line, are never prose.
"""

from __future__ import annotations

from extractors.lines import words_to_lines
from extractors.model import Document, Page, Word
from extractors.narrative_statistics import structure_to_narrative_statistics
from extractors.structure import document_to_structure


def row(text: str, top: float, size: float = 10.0, x0: float = 72.0) -> list[Word]:
    words, x = [], x0
    for token in text.split():
        words.append(Word(token, x, top, x + 0.5 * size * len(token), top + size, size))
        x += 0.5 * size * len(token) + 0.25 * size
    return words


PROSE = [row(f"The force has done well in line {k} of its work with partners across London.", 400 + 12 * k)
         for k in range(8)]


def statistics_of(rows):
    page = Page(1, 595, 842, tuple(words_to_lines([w for r in rows for w in r])))
    structure = document_to_structure(Document("0" * 64, "hand-made.pdf", (page,)))
    return structure_to_narrative_statistics(structure, "Metropolitan Police Service")


def test_a_figure_in_prose_is_read():
    stats = statistics_of(PROSE + [row("In the year to June, 11 percent of investigations ended in a charge.", 520)])
    assert [(s.value, s.unit) for s in stats] == [(11, "percent")]


def test_a_line_holding_a_large_figure_is_no_prose_even_inside_a_paragraph():
    # Seed 262: "Charged/summonsed … Organised crime 10% Police Service", one printed line
    # across three panels, the 10% in figure-sized type, ran into a "sentence" with text below.
    infographic = row("Charged/summonsed Domestic abuse Organised crime", 100) + row("10%", 98, size=24, x0=400)
    stats = statistics_of(PROSE + [infographic, row("of all recorded crime in the 12 months to 30 June 2017.", 112)])
    assert stats == []


def test_a_word_hyphenated_at_a_line_end_is_read_closed_up_where_the_document_closes_it():
    # Automatic hyphenation broke "percentage" after "percent" at a line end: read as
    # "percent-age", the rate's unit and the comparison were lost. The document writes the
    # word whole elsewhere, so the hyphen was hyphenation's.
    stats = statistics_of(PROSE + [
        row("The force's charge rate was 11 percent, lower than the England and Wales rate of 13 per-", 520),
        row("cent. It is a percentage that matters to victims of crime in London.", 532),
    ])
    assert [(s.value, s.unit, s.comparison, s.compared_with) for s in stats] == [
        (11, "percent", "lower_than", 13), (13, "percent", None, None)]


def test_a_hyphen_set_off_from_its_word_at_a_justified_lines_end_is_closed_up():
    # Writer justified and hyphenated (seed 4): "a slight in -" / "crease (1 percent)", the
    # hyphen a word of its own. Read "in crease", the stated change was lost; the document
    # writes "increase" whole elsewhere.
    stats = statistics_of(PROSE + [
        row("The number of offenders managed rose. There has been a slight in -", 520),
        row("crease (1 percent) in the numbers being managed in this way. An increase is welcome.", 532),
    ])
    assert [(s.value, s.unit, s.comparison) for s in stats] == [(1, "percent", "increase")]
