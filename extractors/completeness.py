"""What the document promises, and whether the extraction kept each promise.

A report says a great deal about its own contents: a footnote marker promises a
footnote; a part that prints a grade under its heading promises a row of the
judgments table; an "Areas for improvement" heading promises items under it; a
contents entry promises a heading on the page it names.  None of this depends on
the generation or the printer, so these promises are the surest sign that a
printing was read in part.  Each becomes a row of the `completeness` checks;
a promise not kept quarantines the report as `incomplete_extraction`.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.structure import HeadingBlock, Structure, heading_blocks
from extractors.text import ends_mid_phrase, is_bullet_glyph
from extractors.unmapped_glyphs import UNMAPPED
from schemas.records import AreaForImprovement, Footnote, Grade, Promise

_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[ivx]+\.)\s+", re.IGNORECASE)


def heading_key(text: str) -> str:
    """A heading's words, as a contents entry and the heading itself both print them."""
    text = _NUMBERING.sub("", text.strip()).rstrip("*").strip()
    text = re.sub(r"[–—-]", "-", text)
    return re.sub(r"\s+", " ", text).lower()


def _entry_names_heading(entry: str, heading: str) -> bool:
    """The contents entry names the heading: the same words, or the first words of a long one.

    Never the other way round: a heading that is only the start of its entry lost its end
    ("How well does the force understand its" for "… its current and likely future demand?").
    """
    ke, kh = heading_key(entry), heading_key(heading)
    return ke == kh or (len(ke) >= 20 and kh.startswith(ke))


def contents_promises(structure: Structure, blocks: list[HeadingBlock]) -> list[Promise]:
    """Every contents entry matches a body heading on the page it names.

    Printed page numbers and PDF pages differ by a constant (an unnumbered cover):
    the offset is the one most entries agree on.
    """
    if not structure.contents:
        return []
    offsets: Counter[int] = Counter()
    for entry in structure.contents:
        for b in blocks:
            if _entry_names_heading(entry.title, b.text):
                offsets[b.page - entry.printed_page] += 1
    offset = offsets.most_common(1)[0][0] if offsets else None
    out = []
    for entry in structure.contents:
        kept = offset is not None and any(
            b.page == entry.printed_page + offset and _entry_names_heading(entry.title, b.text) for b in blocks
        )
        out.append(Promise("contents_match_headings", f"heading '{entry.title}' (contents: page {entry.printed_page})",
                           kept, entry.page, entry.bbox))
    return out


def footnote_promises(structure: Structure, footnotes: list[Footnote]) -> list[Promise]:
    """Every footnote marker in the text has its footnote."""
    have = {f.number for f in footnotes}
    first_cited: dict[int, tuple[int, tuple]] = {}
    for t in structure.lines:
        if t.role not in ("body", "heading"):
            continue
        for w in t.line.words:
            if w.is_marker:
                for n in w.text.split(","):
                    first_cited.setdefault(int(n), (t.page, w.bbox))
    out = [
        Promise("footnote_markers_have_footnotes", f"footnote {n}", n in have, page, bbox)
        for n, (page, bbox) in sorted(first_cited.items())
    ]
    # A footnote that ends on a broken word, or mid-phrase ("... 45 of the"), ran on to a
    # page where its end was not found.
    out += [Promise("footnote_markers_have_footnotes", f"the end of footnote {f.number}", False, f.page, f.bbox)
            for f in footnotes if f.text.rstrip().endswith(("-", "\u00ad")) or ends_mid_phrase(f.text)]
    return out


def graded_row_name_promises(grades: list[Grade]) -> list[Promise]:
    """A graded row's name that stops mid-phrase ("Building, supporting and protecting the")
    lost the rest of its cell: it is no whole name."""
    return [Promise("table_rows_have_grades", f"the whole name of the graded row '{g.question}'", False, g.page, g.bbox)
            for g in grades if ends_mid_phrase(g.question)]


def _names_question(heading: str, question: str) -> bool:
    """The heading is the row's words, or goes on past them ("Protecting vulnerable people
    and supporting victims"); a row that goes on past its heading holds text from elsewhere."""
    h, q = heading.lower(), question.lower()
    return h.startswith(q)


def is_row_itself(block: HeadingBlock, grade: Grade) -> bool:
    """The heading block is the graded row's own text (a bold table row reads as a heading),
    not a heading of the body."""
    return block.page == grade.page and block.bbox[1] < grade.bbox[3] and grade.bbox[1] < block.bbox[3]


def grade_promises(section_grades: dict[str, str], grades: list[Grade], blocks: list[HeadingBlock],
                   judgments_table: bool) -> list[Promise]:
    """A part that prints its grade under its heading has its row in the judgments table."""
    if not judgments_table:
        return []
    where = {b.text: (b.page, b.bbox) for b in blocks}
    out = []
    questions = [g for g in grades if g.level != "pillar"]
    if any(g.last_inspected is not None for g in questions):
        # A table with a "Last inspected" column gives every row its year.
        out += [Promise("table_rows_have_grades", f"the year last inspected of '{g.question}'", g.last_inspected is not None,
                        g.page, g.bbox) for g in questions]
    for g in questions:
        # A row names a part of the report: its heading stands in the body (not the table
        # row itself, which may be bold). A row read with text from elsewhere names none.
        named = any(_names_question(b.text, g.question) for b in blocks if not is_row_itself(b, g))
        out.append(Promise("table_rows_have_grades", f"a heading in the body naming the graded row '{g.question}'",
                           named, g.page, g.bbox))
    for heading in section_grades:
        kept = any(_names_question(heading, g.question) for g in grades if g.level != "pillar")
        page, bbox = where.get(heading, (None, None))
        out.append(Promise("table_rows_have_grades", f"judgments-table row for '{heading}'", kept, page, bbox))
    return out


def afi_promises(structure: Structure, blocks: list[HeadingBlock], heading: re.Pattern,
                 items: list[AreaForImprovement]) -> list[Promise]:
    """Every areas-for-improvement heading has items under it, and every item sits under a body heading."""
    out = []
    afi_blocks = [b for b in blocks if heading.match(b.text)]
    for k, block in enumerate(afi_blocks):
        start = (block.page, block.bbox[3])
        nxt = afi_blocks[k + 1] if k + 1 < len(afi_blocks) else None
        end = (nxt.page, nxt.bbox[1]) if nxt else (10**9, 0.0)
        kept = any(start <= (a.page, a.bbox[1]) < end for a in items)
        out.append(Promise("items_under_body_heading", f"areas for improvement under the heading on page {block.page}",
                           kept, block.page, block.bbox))
    headings = {b.text for b in blocks}
    for a in items:
        # A list mark standing inside an item's text is where another item began: a mark the
        # splitter did not know ran the items together.
        marks = _list_marks_inside(a.text)
        if marks:
            out.append(Promise("items_under_body_heading", f"area for improvement in part '{a.section}' runs on "
                               f"over a list mark ({marks[0]!r}) into the next", False, a.page, a.bbox))
        if a.section not in headings:
            out.append(Promise("items_under_body_heading", f"area for improvement in part '{a.section}'", False,
                               a.page, a.bbox))
    return out


def _list_marks_inside(text: str) -> list[str]:
    """The list marks standing inside a text: where another item began, if the text is an item."""
    return [w for w in text.split() if len(w) == 1 and is_bullet_glyph(w)]


def recommendation_promises(causes) -> list[Promise]:
    """Every recommendation is one item: one holding a list mark ran on into the next."""
    return [Promise("items_under_body_heading", f"a recommendation under the cause of concern in part "
                    f"'{c.section}' runs on over a list mark ({marks[0]!r}) into the next", False, c.page, c.bbox)
            for c in causes for r in c.recommendations if (marks := _list_marks_inside(r))]


def findings_to_promises(findings) -> list[Promise]:
    """Rows the table reader saw but could not read, a "Cause of concern" heading with
    nothing read under it, and lines of a page's notes read into no footnote are promises broken."""
    return ([Promise("table_rows_have_grades", f.message, False, f.page) for f in findings if f.code == "unreadable_grade"]
            + [Promise("items_under_body_heading", f.message, False, f.page)
               for f in findings if f.code == "empty_cause_of_concern"]
            + [Promise("footnote_markers_have_footnotes", f.message, False, f.page)
               for f in findings if f.code == "footnote_line_unread"])


def character_promises(structure: Structure) -> list[Promise]:
    """Every character printed has its text: a glyph the PDF maps to no character (U+FFFD),
    which OCR could not read from the page either, leaves a word read in part — and with
    it any grade, heading or figure it stands in."""
    pages: dict[int, list[str]] = {}
    for t in structure.lines:
        if t.role != "furniture" and UNMAPPED in t.text:
            pages.setdefault(t.page, []).extend(w for w in t.text.split() if UNMAPPED in w)
    return [Promise("characters_have_text", f"{len(words)} word(s) whose characters the PDF gives no text for "
                    f"({words[0][:40]!r})", False, page)
            for page, words in sorted(pages.items())]


def structure_to_promises(structure: Structure, *, footnotes, section_grades, grades, judgments_table: bool,
                          afi_heading: re.Pattern, afis, figure_promises, findings=()) -> list[Promise]:
    blocks = heading_blocks(structure)
    return (
        findings_to_promises(findings)
        + character_promises(structure)
        + contents_promises(structure, blocks)
        + footnote_promises(structure, footnotes)
        + grade_promises(section_grades, grades, blocks, judgments_table)
        + afi_promises(structure, blocks, afi_heading, afis)
        + list(figure_promises)
    )


def grade_line_promises(structure: Structure, blocks: list[HeadingBlock]) -> list[Promise]:
    """Every grade printed on a line of its own grades the heading just above it.

    Where questions are graded under their headings (2015, 2016), a grade line that no
    heading takes — read into its heading, or under a heading read in part — is a
    question read in part.
    """
    from schemas.vocab import canonical_grade

    ends = {b.end for b in blocks if not canonical_grade(b.text)}
    out = []
    for i, t in enumerate(structure.lines):
        if t.role not in ("heading", "body") or not canonical_grade(t.text):
            continue
        # The heading ends on the line above (running headers and footers aside).
        k = i
        while k > 0 and structure.lines[k - 1].role == "furniture":
            k -= 1
        out.append(Promise("table_rows_have_grades", f"the question graded '{canonical_grade(t.text)}' on its own line",
                           k in ends, t.page, t.line.bbox))
    return out
