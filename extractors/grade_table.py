"""A table of grades, read from its grade column outwards.

Whatever a printer does to a judgments table — a header row or none, rules or none,
grades in white on filled cells, questions and grades wrapped inside narrow cells,
the table run on to the next page — one thing stays: a column of cells each holding
one grade.  Each grade cell anchors a row.  The text to its left belongs to the row
whose grade is nearest (never across a rule between rows); a year to its right is
the "Last inspected" year.  A row whose text opens "Overall" states a pillar's
overall grade.

Lines that are all header words ("Question", "Grade", "Last inspected") are left out,
so the header row may be present, absent or repeated after a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import union_bbox
from extractors.structure import Structure, TextLine
from extractors.text import clean, join_lines
from extractors.thresholds import (
    CELL_LINE_GAP_EM,
    COLUMN_SLACK_EM,
    LINE_GAP_SLACK_EM,
    LINE_OVERLAP_EM,
    ROW_REACH_EM,
    SAME_BASELINE_EM,
    TABLE_GAP_EM,
)
from schemas.records import Grade
from schemas.vocab import GRADE_VOCABULARY, PILLARS, canonical_grade

_GRADE_WORDS = {w.lower() for g in GRADE_VOCABULARY for w in g.split()}
_YEAR = re.compile(r"^(?:19|20)\d\d(?:/\d\d)?$")



@dataclass(frozen=True)
class GradeRow:
    text: str  # the question, area or overall statement in the row's first cells
    grade: str
    year: str | None
    page: int
    bbox: tuple[float, float, float, float]
    overall: bool  # "Overall effectiveness 2017": a pillar's overall grade
    pillar: str | None  # for an overall row, the pillar it names


@dataclass
class _Anchor:
    lines: list[TextLine]
    grade: str

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def _on_page(self) -> list[TextLine]:
        """The cell's lines on its first page: its place there (a cell broken over a page
        goes on atop the next, `on_page` says where)."""
        return [t for t in self.lines if t.page == self.page]

    def on_page(self, page: int) -> _Anchor:
        return _Anchor([t for t in self.lines if t.page == page], self.grade)

    @property
    def top(self) -> float:
        return min(t.line.top for t in self._on_page)

    @property
    def bottom(self) -> float:
        return max(t.line.bottom for t in self._on_page)

    @property
    def x0(self) -> float:
        return min(t.line.x0 for t in self._on_page)

    @property
    def size(self) -> float:
        return self.lines[0].line.size


def _is_grade_piece(text: str) -> bool:
    words = clean(text).replace("\u00ad", "-").lower().split()
    return bool(words) and all(w.rstrip("-") in _GRADE_WORDS or _is_word_piece(w) for w in words)


def _is_word_piece(word: str) -> bool:
    """'improve-' / 'ment', 'im-' / 'provement': a grade word broken inside a narrow cell
    (by hand, or by automatic hyphenation, which leaves as little as two letters before the
    hyphen)."""
    w = word.rstrip("-")
    if len(w) < (2 if word.endswith("-") else 3):
        return False
    return any(g != w and (g.startswith(w) or g.endswith(w)) for g in _GRADE_WORDS)


def _joined_grade(parts: list[str]) -> str | None:
    text = " ".join(parts)
    text = re.sub(r"[-\u00ad]\s+", "", text)  # "improve- ment" -> "improvement"
    return canonical_grade(text)


def _grade_anchors(lines: list[TextLine], line_gap: float) -> list[_Anchor]:
    """Grade cells: a grade on a line of its own, or its pieces on lines stacked in one column
    (at the document's own line spacing)."""
    stacked_gap = max(0.8, line_gap + LINE_GAP_SLACK_EM)
    anchors: list[_Anchor] = []
    pieces = [t for t in lines if _is_grade_piece(t.text)]
    used: set[int] = set()
    for k, t in enumerate(pieces):
        if id(t) in used:
            continue
        group = [t]
        for u in pieces[k + 1:]:
            last = group[-1]
            if id(u) in used or _joined_grade([x.text for x in group]) is not None:
                continue
            if u.page == last.page:
                stacked = (-LINE_OVERLAP_EM * last.line.size <= u.line.top - last.line.bottom < stacked_gap * last.line.size
                           and _same_column(u, last))
            else:
                stacked = _broken_at_page_end(last, u, pieces)
            if stacked:
                group.append(u)
        grade = _joined_grade([x.text for x in group])
        if grade is not None:
            used.update(id(x) for x in group)
            anchors.append(_Anchor(group, grade))
    return anchors


def _same_column(t: TextLine, u: TextLine) -> bool:
    return abs(t.line.x0 - u.line.x0) < COLUMN_SLACK_EM * u.line.size


def _broken_at_page_end(last: TextLine, u: TextLine, pieces: list[TextLine]) -> bool:
    """`u` goes on the grade cell that `last` leaves unfinished at the foot of its page
    ("Requires" | next page "improvement"): a word processor breaks a table row over a page
    by default, its cells' lines with it. `last` is the lowest grade piece in its column on
    its page, and `u` the highest in that column on the next."""
    if u.page != last.page + 1 or not _same_column(u, last):
        return False
    column = [p for p in pieces if _same_column(p, last)]
    return (all(p.line.top <= last.line.top for p in column if p.page == last.page)
            and all(p.line.top >= u.line.top for p in column if p.page == u.page))


def _opens_page(pages, a: _Anchor) -> bool:
    return a.top < 0.4 * pages[a.page - 1].height


def _tables(anchors: list[_Anchor], structure_pages) -> list[list[_Anchor]]:
    """Grade cells in one column, close one under the other (or run on to the head of the
    next page: a table broken there, by the page's end or by the writer)."""
    tables: list[list[_Anchor]] = []
    for a in sorted(anchors, key=lambda a: (a.page, a.top)):
        for table in tables:
            last = table[-1]
            same_column = abs(a.x0 - last.x0) < COLUMN_SLACK_EM * 3 * a.size
            close = (a.page == last.page and 0 <= a.top - last.bottom < TABLE_GAP_EM * a.size) or (
                a.page == last.page + 1 and _opens_page(structure_pages, a)
            )
            if same_column and close:
                table.append(a)
                break
        else:
            tables.append([a])
    return [t for t in tables if len(t) >= 2]


def _row_rules(structure: Structure, page: int) -> list[float]:
    """The heights of horizontal rules on a page: a row's text never crosses one."""
    p = structure.document.pages[page - 1]
    return [g.top for g in p.graphics if g.visible and g.bottom - g.top <= 2.0 and g.x1 - g.x0 > 20]


def _header_only(text: str, header_words: frozenset[str]) -> bool:
    words = [w.strip(":").lower() for w in text.split()]
    return bool(words) and all(w in header_words for w in words)


def _split_at(t: TextLine, x: float) -> list[TextLine]:
    """A line cut where a word starts at `x`: a cell's text run into the next cell's."""
    from extractors.model import Line

    words = t.line.words
    k = next((k for k, w in enumerate(words) if k > 0 and abs(w.x0 - x) < COLUMN_SLACK_EM * w.size), None)
    if k is None:
        return [t]
    parts = []
    for chunk in (words[:k], words[k:]):
        ordinary = [w for w in chunk if not w.superscript] or list(chunk)
        size = max(set(w.size for w in ordinary), key=[w.size for w in ordinary].count)
        parts.append(TextLine(t.page, Line(tuple(chunk), size, all(w.bold for w in ordinary)), t.role, t.level))
    return parts


def _grade_then_year(t: TextLine) -> list[TextLine]:
    """'Requires improvement 2018/19': a grade cell and its year cell printed as one line,
    no wider gap between them than between words; cut before the year."""
    words = t.line.words
    if len(words) >= 2 and _YEAR.match(words[-1].text) and _is_grade_piece(" ".join(w.text for w in words[:-1])):
        return _split_at(t, words[-1].x0)
    return [t]


def _without_year(text: str) -> str:
    """A grade cell's text without the year cell printed on its line ("Requires improve- 2017")."""
    words = text.split()
    return " ".join(words[:-1]) if len(words) >= 2 and _YEAR.match(words[-1]) else text


def _lines_split_at_columns(lines: list[TextLine], anchors: list[_Anchor], pages) -> list[TextLine]:
    """Where no rule parts a narrow table's cells, a question's last line and its grade can
    print as one line: cut such lines where a grade column found from the other rows starts."""
    columns = []
    for table in _tables(anchors, pages):
        # The height the table's grades span on each of its pages.
        spans: dict[int, tuple[float, float]] = {}
        for a in table:
            top, bottom = spans.get(a.page, (a.top, a.bottom))
            spans[a.page] = (min(top, a.top), max(bottom, a.bottom))
        columns.append((min(a.x0 for a in table), spans))
    out = []
    for t in lines:
        pieces = [t]
        for x, spans in columns:
            if t.line.x0 < x - 0.5 * t.line.size < t.line.x1:
                cut = [q for p in pieces for q in _split_at(p, x)]
                # Among the table's rows any line crossing the column is cut there (a line
                # further than a line's height above or below them is the prose round the
                # table); elsewhere (a table whose rows there all ran into their grades) only
                # where what starts at the column is a grade.
                span = spans.get(t.page)
                among_rows = span is not None and span[0] - t.line.size <= t.line.top <= span[1] + t.line.size
                if among_rows or any(_is_grade_piece(_without_year(q.text)) for q in cut[1:]):
                    pieces = cut
        out += pieces
    return out


def structure_to_grade_rows(structure: Structure, header_words: frozenset[str], overall_statement: str,
                            vocabulary: frozenset[str] = frozenset()) -> list[GradeRow]:
    """Every row of every grade table; a grade cell whose row has no text gives a row with text ''."""
    overall = re.compile(overall_statement + "$", re.IGNORECASE)  # the statement alone, its grade in a cell
    lines = [q for t in structure.lines if t.role in ("body", "heading") for q in _grade_then_year(t)]
    pages = structure.document.pages
    lines = _lines_split_at_columns(lines, _grade_anchors(lines, structure.line_gap), pages)
    # A question run into its grade and year is cut at the grade column into the question and
    # "Requires improvement 2017": that is cut again before the year.
    lines = [q for t in lines for q in _grade_then_year(t)]
    anchors = _grade_anchors(lines, structure.line_gap)
    anchored = {id(t) for a in anchors for t in a.lines}
    rows: list[GradeRow] = []
    for table in _tables(anchors, pages):
        column_x0 = min(a.x0 for a in table)
        owned: dict[int, list[TextLine]] = {id(a): [] for a in table}
        years: dict[int, str] = {}
        read_pages: set[int] = set()
        for page in sorted({t.page for a in table for t in a.lines}):
            # The grade cells on this page, each with the cell it is of: one broken over the
            # page break is on both pages in part.
            parts = sorted(((a.on_page(page), a) for a in table if any(t.page == page for t in a.lines)),
                           key=lambda pair: pair[0].top)
            here = [part for part, _ in parts]
            whole = {id(part): a for part, a in parts}
            rules = _row_rules(structure, page)
            size = here[0].size
            top = here[0].top - ROW_REACH_EM * size
            bottom = here[-1].bottom + ROW_REACH_EM * size
            page_lines = [t for t in lines if t.page == page]
            cells = [t for t in page_lines if id(t) not in anchored and top <= t.line.top <= bottom
                     and not _header_only(t.text, header_words)]
            # A heading is row text only on a grade's own line (a bold question); above the
            # table it is the table's title ("Judgments").
            # An overall statement whose grade stands in a column of its own ("Overall
            # efficiency 2018/19 … Requires improvement" set across the page) is no question's text.
            left = [t for t in cells if t.line.x1 <= column_x0 + 0.5 * size
                    and (t.role != "heading" or any(_meets([t], a) for a in here))
                    and not (overall.match(t.text.strip()) and not any(_meets([t], a) for a in here))
                    and not _graded_nearer(t, anchors, table, column_x0)
                    and not (_ends_paragraph_across(t, page_lines, column_x0, structure.line_gap, header_words)
                             and not any(_meets([t], a) for a in here))]
            left += _bold_cells_wrapped(cells, left, structure.line_gap)
            right = [t for t in cells if t.line.x0 >= column_x0 and _YEAR.match(t.text.strip())]
            page_owned: dict[int, list[TextLine]] = {id(a): [] for a in here}
            left_open = _row_left_open(table, page, owned)
            for block in _cell_blocks(left, here, structure.line_gap):
                if left_open is not None:
                    # Only the page's first block can hold the end of a question the last page broke.
                    k = _lines_run_on(block, here[0], rules, _top_aligned(table, page, owned))
                    owned[id(left_open)] += block[:k]
                    block, left_open = block[k:], None
                    if not block:
                        continue
                # A cell's wrapped lines go to one row together: the grade the block meets, or
                # else the nearest (never across a rule between rows). Text above the first
                # grade that meets none is the paragraph that introduces the table.
                met = [a for a in here if _meets(block, a)]
                if len(met) == 1:
                    page_owned[id(met[0])] += block
                    continue
                if not met and block[-1].line.bottom <= here[0].top:
                    continue
                rows_of_block = _top_aligned_rows(block, met)
                if rows_of_block is not None:
                    for a, row_lines in rows_of_block:
                        page_owned[id(a)] += row_lines
                    continue
                for t in block:
                    a = _nearest(t, here, rules)
                    if a is not None:
                        page_owned[id(a)].append(t)
            if not any(page_owned.values()):
                continue  # grades with no text beside them: grades under headings, not a table
            read_pages.add(page)
            for part in here:
                owned[id(whole[id(part)])] += page_owned[id(part)]
            for t in right:
                part = _nearest(t, here, rules)
                if part is not None:
                    years.setdefault(id(whole[id(part)]), t.text.strip())
            # A piece of a grade in the grade column that no grade cell took ("Requires" ending
            # the page, its "improvement" carried to the next with the rest of the row) is a
            # row that was not read.
            rows += [GradeRow("", t.text, None, page, t.line.bbox, False, None) for t in lines
                     if t.page == page and id(t) not in anchored and top <= t.line.top and _is_grade_piece(t.text)
                     and abs(t.line.x0 - column_x0) < COLUMN_SLACK_EM * size]
        for a in table:
            if a.page not in read_pages:
                continue
            text_lines = sorted(owned[id(a)], key=lambda t: (t.page, t.line.top, t.line.x0))
            text = join_lines([t.text for t in text_lines], vocabulary)
            boxes = [t.line.bbox for t in text_lines + a.lines if t.page == a.page]
            m = overall.match(text)
            if m:
                pillar = next((p for p in PILLARS if p in m.group("label").lower()), None)
                text = text[:m.start("year")].strip()  # the statement without its year
            else:
                pillar = None
            rows.append(GradeRow(text, a.grade, years.get(id(a)) or (m.group("year") if m else None), a.page,
                                 union_bbox(boxes), m is not None, pillar))
    # In the order printed: a table's cells may be found as two (an overall grade set apart
    # above the questions, whose continuation on the next page joins it), and each row takes
    # the pillar of the overall row above it.
    return sorted(rows, key=lambda r: (r.page, r.bbox[1]))




def _ends_paragraph_across(t: TextLine, page_lines: list[TextLine], column_x0: float, line_gap: float,
                           header_words: frozenset[str]) -> bool:
    """The line ends a paragraph whose line above runs across the grade column ("eight of
    these nine as follows:" under "Our inspection assessed ... We make graded judgments
    for"): no cell of the question column reaches past the grades' left edge, so the line
    is the end of the text that introduces the table, however close the table follows it
    (paragraphs set apart by indents alone, with no space between them)."""
    widest = max(CELL_LINE_GAP_EM, line_gap + LINE_GAP_SLACK_EM) * t.line.size
    return any(u is not t and 0 <= t.line.top - u.line.bottom <= widest
               and u.role == "body" and u.line.x0 < column_x0 < u.line.x1 and u.line.x0 < t.line.x1
               and not _header_only(u.text, header_words) for u in page_lines)


def _row_left_open(table: list[_Anchor], page: int, owned: dict[int, list[TextLine]]) -> _Anchor | None:
    """The row the previous page ends the table with, when the table goes on here with
    another row: its question may run on over the page break above that row."""
    before = [a for a in table if a.page == page - 1]
    if not before:
        return None
    last = max(before, key=lambda a: a.top)
    return None if any(t.page == page for t in last.lines) or not owned[id(last)] else last


def _top_aligned(table: list[_Anchor], page: int, owned: dict[int, list[TextLine]]) -> bool:
    """The table's rows read so far each start their text level with their grade (a word
    processor's default: cells aligned to the top)."""
    starts = [(a, min((t.line.top for t in owned[id(a)] if t.page == a.page), default=None))
              for a in table if a.page < page]
    starts = [(a, top) for a, top in starts if top is not None]
    return bool(starts) and all(abs(top - a.top) < SAME_BASELINE_EM * a.size for a, top in starts)


def _lines_run_on(block: list[TextLine], first: _Anchor, rules: list[float], top_aligned: bool) -> int:
    """How many of the block's first lines end the question the previous page broke ("Preventing
    crime and tackling anti-" | "social behaviour" over the next row's "Investigating crime"):
    the lines above the page's first grade, parted from its row by a rule between rows or, in
    a table whose rows start level with their grades, standing wholly above the grade's row
    (whose first line, if the block holds it, is level with the grade). None otherwise: a
    row's text set however it is stays that row's."""
    k = 0
    while k < len(block) and block[k].line.bottom <= first.top + LINE_OVERLAP_EM * first.size:
        k += 1
    if k == 0:
        return 0
    low = block[k - 1]
    below = (block[k].line.top + block[k].line.bottom) / 2 if k < len(block) else (first.top + first.bottom) / 2
    if any((low.line.top + low.line.bottom) / 2 < r < below for r in rules):
        return k
    starts_row = k == len(block) or abs(block[k].line.top - first.top) < SAME_BASELINE_EM * first.size
    return k if top_aligned and starts_row else 0


def _bold_cells_wrapped(cells: list[TextLine], left: list[TextLine], line_gap: float) -> list[TextLine]:
    """The wrapped lines of a question set bold (so read as headings): each under a line of
    the question's cell, at the cell's leading, where it starts ("workforce" under
    "Building, supporting and protecting the")."""
    widest = max(CELL_LINE_GAP_EM, line_gap + LINE_GAP_SLACK_EM)
    taken = list(left)
    added: list[TextLine] = []
    for t in sorted((c for c in cells if c.role == "heading" and c not in left), key=lambda c: c.line.top):
        if any(p.role == "heading" and abs(t.line.x0 - p.line.x0) < 0.5 * t.line.size
               and 0 <= t.line.top - p.line.bottom <= widest * t.line.size for p in taken):
            taken.append(t)
            added.append(t)
    return added


def _cell_blocks(lines: list[TextLine], anchors: list[_Anchor], line_gap: float) -> list[list[TextLine]]:
    """The lines left of the grade column, in runs set at the text's own leading: one cell each."""
    blocks: list[list[TextLine]] = []
    widest = max(CELL_LINE_GAP_EM, line_gap + LINE_GAP_SLACK_EM)
    for t in sorted(lines, key=lambda t: (t.line.top, t.line.x0)):
        prev = blocks[-1][-1] if blocks else None
        if prev is not None and -LINE_OVERLAP_EM * t.line.size <= t.line.top - prev.line.bottom <= widest * t.line.size \
                and abs(t.line.x0 - prev.line.x0) < 2 * t.line.size:
            blocks[-1].append(t)
        else:
            blocks.append([t])
    return blocks


def _top_aligned_rows(block: list[TextLine], met: list[_Anchor]) -> list[tuple[_Anchor, list[TextLine]]] | None:
    """A run of lines beside several grades, cut into rows where each grade's first line stands.

    Set with no padding and no rules (as Word sets a table by default), a wrapped
    question's last line ("crime") is as far from the next row as from its own first
    line, so the nearest grade cannot place it.  But each cell's text starts at its
    row's top, the grade's too: where every grade has a line of the run on its own
    first line, a row runs from that line to the next such line.  None when the cells
    are not so aligned (text centred in its row), or lines stand above the first row.
    """
    if len(met) < 2:
        return None  # lines beside one grade or none: nothing to cut
    starts: list[tuple[int, _Anchor]] = []
    for a in sorted(met, key=lambda a: a.top):
        k = next((k for k, t in enumerate(block) if abs(t.line.top - a.top) < SAME_BASELINE_EM * a.size), None)
        if k is None:
            return None
        starts.append((k, a))
    if starts[0][0] != 0 or len({k for k, _ in starts}) != len(starts):
        return None
    ends = [k for k, _ in starts[1:]] + [len(block)]
    return [(a, block[k:end]) for (k, a), end in zip(starts, ends)]


def _meets(block: list[TextLine], a: _Anchor) -> bool:
    """The block's lines and the grade cell share some height."""
    return any(t.line.top < a.bottom and a.top < t.line.bottom for t in block)


def _nearest(t: TextLine, anchors: list[_Anchor], rules: list[float]) -> _Anchor | None:
    """The grade whose row the line is in: vertically nearest, with no rule between them."""
    best, best_d = None, None
    mid = (t.line.top + t.line.bottom) / 2
    for a in anchors:
        if a.top - 0.3 * a.size <= mid <= a.bottom + 0.3 * a.size:
            d = 0.0
        else:
            d = min(abs(mid - a.top), abs(mid - a.bottom))
        if d > ROW_REACH_EM * a.size:
            continue
        low, high = sorted((mid, (a.top + a.bottom) / 2))
        if d > 0 and any(low < r < high for r in rules):
            continue
        if best_d is None or d < best_d:
            best, best_d = a, d
    return best



def grade_rows_to_grades(rows: list[GradeRow], level: str) -> tuple[list[Grade], list[Grade]]:
    """(question or area grades, overall pillar grades); each row takes the pillar of the overall row above it.

    A grade cell with no text beside it is left out here: `unread_rows` reports it.
    """
    grades: list[Grade] = []
    pillars: list[Grade] = []
    pillar = None
    for r in rows:
        if not r.text:
            continue
        year = int(r.year[:4]) if r.year else None
        if r.overall:
            pillar = r.pillar
            pillars.append(Grade(r.text, r.grade, None, r.page, r.bbox, level="pillar", pillar=r.pillar))
        else:
            grades.append(Grade(r.text, r.grade, year, r.page, r.bbox, level=level, pillar=pillar))
    return grades, pillars


def _graded_nearer(t: TextLine, anchors: list[_Anchor], table: list[_Anchor], column_x0: float) -> bool:
    """The line's row has a grade of another table between it and this table's column: the
    row is that table's (questions graded at the middle of the page, overall grades at its edge)."""
    return any(a.page == t.page and a not in table and _meets([t], a) and t.line.x1 <= a.x0 < column_x0
               for a in anchors)


def grades_under_pillars(grades: list[Grade], pillars: list[Grade]) -> list[Grade]:
    """Each grade with the pillar of the overall grade printed last above it."""
    from dataclasses import replace

    def place(g: Grade) -> tuple[int, float]:
        return g.page, g.bbox[1]

    out = []
    for g in grades:
        above = [p for p in pillars if place(p) < place(g)]
        out.append(replace(g, pillar=max(above, key=place).pillar if above else g.pillar))
    return out


def unread_rows(rows: list[GradeRow]) -> list[GradeRow]:
    """Grade cells of a table whose row's question or area could not be read."""
    return [r for r in rows if not r.text]
