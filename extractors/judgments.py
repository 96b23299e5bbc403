"""Grades: the overall grade, the judgments table, and the grade under each part heading.

The judgments table is read by geometry, not by reading order: every row
has a "Last inspected" year (or, in tables without one, a grade) that anchors
it, and the text of the other columns is assigned to the nearest anchor.
This holds whether cells wrap, rows are padded or the table runs onto the
next page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from dataclasses import replace

from extractors.model import Line, union_bbox
from extractors.structure import Structure, TextLine, heading_blocks
from extractors.text import clean, join_lines, normalise_ws
from schemas.records import Finding, Grade
from schemas.vocab import GRADE_VOCABULARY, PILLARS, canonical_grade

_GRADE_WORDS = {w.lower() for g in GRADE_VOCABULARY for w in g.split()}
_YEAR = re.compile(r"^(?:19|20)\d\d(?:/\d\d)?$")  # "2017", or "2018/19": an inspection year
_YEAR_AT_END = re.compile(r"\b(?:19|20)\d\d(?:/\d\d)?$")


@lru_cache(maxsize=8)
def _overall(statement: str) -> re.Pattern:
    """A layout's overall-grade statement, with the grade that may follow it on its row."""
    return re.compile(statement + r"\s*(?P<grade>" + "|".join(GRADE_VOCABULARY) + r")?$", re.IGNORECASE)


def _row_text(lines: list[Line]) -> str:
    return normalise_ws(" ".join(l.text for l in sorted(lines, key=lambda l: l.x0)))


def _rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group lines of one page into rows sharing a baseline."""
    rows: list[list[TextLine]] = []
    for t in sorted(lines, key=lambda t: (t.page, t.line.bottom)):
        if rows and rows[-1][0].page == t.page and abs(rows[-1][0].line.bottom - t.line.bottom) < 0.3 * t.line.size:
            rows[-1].append(t)
        else:
            rows.append([t])
    return rows


def structure_to_pillar_grades(structure: Structure, statement: str) -> list[Grade]:
    """Each overall statement as a pillar-level grade ("Overall legitimacy 2018/19  Good")."""
    out: list[Grade] = []
    rows = _rows([t for t in structure.lines if t.role in ("body", "heading")])
    for k, row in enumerate(rows):
        text = _row_text([t.line for t in row])
        m = _overall(statement).match(text)
        broken = None
        if not m:
            m, broken = _grade_broken_off(row, rows[k + 1] if k + 1 < len(rows) else None, statement)
        if not m:
            m, wrapped = _statement_wrapped(row, rows[k + 1] if k + 1 < len(rows) else None, statement,
                                            structure.follows_on)
            if not m:
                continue
            text = wrapped
        grade = broken or m.group("grade") or (_row_text([t.line for t in rows[k + 1]]) if k + 1 < len(rows) else None)
        grade = canonical_grade(grade) if grade else None
        if grade:
            label = m.group("label").lower()
            pillar = next((p for p in PILLARS if p in label), None)
            out.append(Grade(text[:m.start("year")].strip(), grade, None, row[0].page,
                             union_bbox(t.line.bbox for t in row), level="pillar", pillar=pillar))
    return out


def _statement_wrapped(row: list[TextLine], below: list[TextLine] | None, statement: str,
                       follows_on: Callable[[float, float], bool]):
    """(the statement's match, the row's text read with it) for a statement row whose cells
    wrap in narrow columns ("Overall effectiveness" over "2018/19", "Requires" over
    "improvement"): every line of the row below stands under one of the row's cells, at its
    left edge, as near as the document's lines of one paragraph (`follows_on`), and each
    cell is read with its rest. (None, "") where the row does not wrap so."""
    cells = sorted(row, key=lambda t: t.line.x0)
    if len(cells) < 2 or below is None or below[0].page != cells[0].page:
        return None, ""
    rests: dict[int, list[str]] = {k: [] for k in range(len(cells))}
    for t in sorted(below, key=lambda t: t.line.x0):
        over = [k for k, c in enumerate(cells) if abs(t.line.x0 - c.line.x0) < c.line.size
                and follows_on(t.line.top - c.line.bottom, c.line.size)]
        if not over:
            return None, ""
        rests[over[0]].append(t.text)
    wrapped = normalise_ws(" ".join(" ".join([c.text, *rests[k]]) for k, c in enumerate(cells)))
    m = _overall(statement).match(wrapped)
    return (m, wrapped) if m else (None, "")


def _grade_broken_off(row: list[TextLine], below: list[TextLine] | None, statement: str):
    """(the statement's match, the whole grade) for a statement row whose grade cell the page
    breaks off ("Requires" ending one page, "improvement" opening the next): a word
    processor breaks a table row across pages by default, the cell's lines with it. The
    rest is the line atop the next page that stands at the cell's left edge. (A cell that
    wraps on its page is the table reader's.)"""
    cells = sorted(row, key=lambda t: t.line.x0)
    if len(cells) < 2 or below is None or below[0].page == row[0].page or not _is_grade_part(cells[-1].text):
        return None, None
    m = _overall(statement).match(_row_text([t.line for t in cells[:-1]]))
    rest = [t for t in below if abs(t.line.x0 - cells[-1].line.x0) < cells[-1].line.size]
    if m is None or m.group("grade") or len(rest) != 1:
        return None, None
    grade = canonical_grade(f"{cells[-1].text} {rest[0].text}")
    return (m, grade) if grade else (None, None)


def grades_with_carried_over(grades: list[Grade], structure: Structure, report_year: int | None, sentence) -> list[Grade]:
    """Mark judgments that still stand from an earlier inspection.

    A "Last inspected" year before the report's year says so (2017); so does a
    sentence under the question's heading such as "our judgment from the 2017
    legitimacy inspection has been carried over" (2018/19, `sentence` from the layout).
    """
    out = []
    stated: dict[str, int] = {}
    if sentence is not None:
        blocks = heading_blocks(structure)
        for k, b in enumerate(blocks):
            end = blocks[k + 1].start if k + 1 < len(blocks) else len(structure.lines)
            text = join_lines([t.text for t in structure.lines[b.end:end] if t.role == "body"])
            m = sentence.search(text)
            if m:
                stated[b.text.lower()] = int(m.group("year"))
    for g in grades:
        year = next((y for h, y in stated.items() if h.startswith(g.question.lower()) or g.question.lower().startswith(h)), None)
        if year is not None:
            g = replace(g, last_inspected=g.last_inspected or year, carried_over_from=year)
        elif g.last_inspected is not None and report_year is not None and g.last_inspected < report_year:
            g = replace(g, carried_over_from=g.last_inspected)
        out.append(g)
    return out


def _is_grade_part(text: str) -> bool:
    words = clean(text).lower().split()
    return bool(words) and all(w in _GRADE_WORDS or _grade_piece(w) for w in words)


def _split_grade_suffix(text: str) -> tuple[str, str]:
    """'Protecting vulnerable people Requires' -> ('Protecting vulnerable people', 'Requires').

    A grade broken at a soft hyphen ("improve-" / "ment") counts as part of the grade.
    """
    words = text.split()
    k = len(words)
    while k > 0 and (clean(words[k - 1]).lower() in _GRADE_WORDS or _grade_piece(words[k - 1])):
        k -= 1
    return " ".join(words[:k]), " ".join(words[k:])


def _grade_piece(word: str) -> bool:
    w = clean(word).lower().rstrip("-")
    return len(w) >= 3 and any(g != w and (g.startswith(w) or g.endswith(w)) for g in _GRADE_WORDS) and (
        word.endswith(("\u00ad", "-")) or any(g.endswith(w) and g != w for g in _GRADE_WORDS)
    )


def _is_header(t: TextLine, header_words: frozenset[str], first_column: str) -> bool:
    """A judgments table's header: only header words ("Question", "Area of policing", "Grade"), naming the first column."""
    words = {w.lower() for w in t.text.split()}
    return t.role in ("body", "heading") and first_column in words and _header_only(t.text, set(), header_words)


def structure_to_grades(structure: Structure, statement: str, header_words: frozenset[str],
                        first_column: str) -> tuple[list[Grade], list[Finding]]:
    """Every judgments table's rows.

    A report may print several tables (one per pillar, 2018/19): each row takes
    the pillar named by the nearest overall statement above its table.  A table
    whose first column is headed "Area" grades areas of policing (2021 on).
    """
    lines = list(structure.lines)
    overall = _overall(statement)
    # Statements whose cells wrap are read by the pillar grades' reading; their rows end a table too.
    stated = structure_to_pillar_grades(structure, statement)
    overall_rows = _overall_rows(lines, overall) | {(g.page, round(g.bbox[3])) for g in stated}
    starts = [i for i, t in enumerate(lines) if _is_header(t, header_words, first_column)]
    if not starts:
        # A table printed without a header row: its rows follow the overall grade.
        statements = [i for i, t in enumerate(lines) if t.role in ("body", "heading")
                      and overall.match(_row_text([o.line for o in _row_of(t, lines)]))]
        if not statements:
            return [], [Finding("no_judgments_table", "no judgments table (Question / Grade header) was found")]
        starts = [statements[-1]]
    grades: list[Grade] = []
    findings: list[Finding] = []
    stop = 0
    for start in starts:
        if start < stop:
            continue  # a header repeated where a table runs on to the next page
        level = "area" if first_column == "area" else "question"
        pillar = _pillar_above(lines, start, overall, stated)
        rows, found, stop = _read_table(lines, start, overall_rows, header_words, structure.vocabulary)
        grades += [replace(g, level=level, pillar=pillar) for g in rows]
        findings += found
    return grades, findings


def _pillar_above(lines: list[TextLine], start: int, overall: re.Pattern, stated: list[Grade]) -> str | None:
    """The pillar the nearest overall statement above a table names ("Overall legitimacy 2018/19 Good"):
    a statement on one row of its own, or one of the pillar grades `stated` (whose cells may wrap)."""
    header = (lines[start].page, lines[start].line.top)
    found: tuple[tuple[int, float], str | None] | None = None
    for t in reversed(lines[:start]):
        m = overall.match(_row_text([o.line for o in _row_of(t, lines)])) if t.role in ("body", "heading") else None
        if m:
            label = m.group("label").lower()
            found = ((t.page, t.line.top), next((p for p in PILLARS if p in label), None))
            break
    for g in stated:
        at = (g.page, g.bbox[1])
        if at < header and (found is None or at > found[0]):
            found = (at, g.pillar)
    return found[1] if found else None


def _overall_rows(lines: list[TextLine], overall: re.Pattern) -> set[tuple[int, int]]:
    return {
        (row[0].page, round(row[0].line.bottom))
        for row in _rows([t for t in lines if t.role in ("body", "heading")])
        if overall.match(_row_text([t.line for t in row]))
    }


def _read_table(lines: list[TextLine], start: int, overall_rows, header_words: frozenset[str],
                vocabulary: frozenset[str] = frozenset()) -> tuple[list[Grade], list[Finding], int]:
    """The rows of the table whose header is lines[start], and the index where the table ended.

    `vocabulary`: the document's words, which say whether a question hyphenated at a cell's
    line end keeps its hyphen ("re-" / "offending" is "re-offending" where the body prints it so).
    """
    findings: list[Finding] = []
    header_row_bottom = lines[start].line.bottom
    header_page = lines[start].page
    table: list[TextLine] = []
    heads: set[str] = set()
    _header_only(lines[start].text, heads, header_words)
    stop = len(lines)
    grade_x0: float | None = None  # where the grade column starts, once a grade cell is seen
    for i in range(start + 1, len(lines)):
        t = lines[i]
        if t.role in ("furniture", "footnote"):
            continue
        if t.page == header_page and t.line.bottom <= header_row_bottom + 0.3 * t.line.size:
            _header_only(t.text, heads, header_words)
            continue  # the rest of the header row
        if _header_only(t.text, heads, header_words):
            continue  # a header repeated on the next page, or its wrapped second line
        if any(p == t.page and abs(b - t.line.bottom) < 0.3 * t.line.size for p, b in overall_rows):
            stop = i
            break  # the next pillar's overall grade: this table has ended
        if t.role == "heading" and not _is_grade_part(t.text) and not _shares_row(t, lines):
            stop = i
            break  # the next heading ends the table
        if table and t.page == table[-1].page and t.line.top - table[-1].line.bottom > 4 * t.line.size:
            stop = i
            break  # a wide gap: the table has ended
        if (
            table and t.page == table[-1].page
            and t.line.top - table[-1].line.bottom > 1.8 * t.line.size
            and not any(_is_row_anchor(o) for o in _row_of(t, lines))
        ):
            stop = i
            break  # a line well below the table, on no row with a grade or year: the table has ended
        if (grade_x0 is not None and t.line.x0 < grade_x0 < t.line.x1 - t.line.size and not _is_row_anchor(t)
                and not _split_grade_suffix(t.text)[1]):  # OCR may join a question and its grade on one line
            stop = i
            break  # running text across the grade column: the table has ended
        table.append(t)
        if _is_grade_part(t.text):
            grade_x0 = t.line.x0 if grade_x0 is None else min(grade_x0, t.line.x0)
    # Anchors: the year column when there is one, else the first line of each grade.
    segments = []
    for t in table:
        rest, grade_part = t.text, ""
        year = None
        words = rest.split()
        if words and _YEAR.match(words[-1]):
            year, rest = int(words[-1][:4]), " ".join(words[:-1])
        rest, grade_part = _split_grade_suffix(rest)
        segments.append((t, rest, grade_part, year))
    has_years = any(s[3] is not None for s in segments)

    def is_anchor(s) -> bool:
        if has_years:
            return s[3] is not None
        # Without a year column, a row starts where a grade starts.
        return bool(s[2]) and (canonical_grade(s[2]) is not None or s[2].split()[0].lower() == "requires")

    anchors = [k for k, s in enumerate(segments) if is_anchor(s)]
    if not anchors:
        return [], [Finding("empty_judgments_table", "the judgments table has no rows with a grade", lines[start].page)], stop
    members: dict[int, list[int]] = {a: [] for a in anchors}
    for k, (t, _, _, _) in enumerate(segments):
        members[_nearest_anchor(k, segments, anchors)].append(k)
    grades = []
    for a in anchors:
        ks = sorted(members[a], key=lambda k: (segments[k][0].page, segments[k][0].line.top))
        question = join_lines([segments[k][1] for k in ks if segments[k][1]], vocabulary)
        grade_text = join_lines([segments[k][2] for k in ks if segments[k][2]])
        grade = canonical_grade(grade_text)
        anchor = segments[a][0]
        if grade is None:
            findings.append(Finding("unreadable_grade", f"judgments row {question!r} has no readable grade ({grade_text!r})", anchor.page))
            continue
        boxes = [segments[k][0].line.bbox for k in ks if segments[k][0].page == anchor.page]
        grades.append(Grade(question, grade, segments[a][3], anchor.page, union_bbox(boxes)))
    return grades, findings, stop




def _row_of(t: TextLine, lines: list[TextLine]) -> list[TextLine]:
    return [
        o for o in lines
        if o.page == t.page and o.role in ("body", "heading") and abs(o.line.bottom - t.line.bottom) < 0.3 * t.line.size
    ]


def _is_row_anchor(t: TextLine) -> bool:
    """A cell that can only be in a table row: a year, or a grade."""
    return bool(_YEAR_AT_END.search(t.text)) or _is_grade_part(t.text)


def _shares_row(t: TextLine, lines: list[TextLine]) -> bool:
    """Another line on the same baseline: a table row's cell, not a heading on its own."""
    return any(
        o is not t and o.page == t.page and o.role in ("body", "heading")
        and abs(o.line.bottom - t.line.bottom) < 0.3 * t.line.size
        for o in lines
    )


def _header_only(text: str, heads: set[str], header_words: frozenset[str]) -> bool:
    """A line of the table's header, including a header word hyphenated over two lines.

    `heads` collects the broken-off starts ("inspe-") seen so far, so that
    only the rest of that very word ("cted") counts as header too.
    """
    words = text.split()
    if not words:
        return False
    for raw in words:
        w = clean(raw).lower()
        broken = raw.endswith(("\u00ad", "-"))
        if w.rstrip("-") in header_words:
            continue
        if broken and any(h.startswith(w.rstrip("-")) for h in header_words):
            heads.add(w.rstrip("-"))
            continue
        if any(head + w in header_words for head in heads):
            continue
        return False
    return True


def _nearest_anchor(k: int, segments, anchors: list[int]) -> int:
    """The row a table line belongs to: the anchor on its baseline, else the nearest (earlier on a tie)."""
    t = segments[k][0]
    same_page = [a for a in anchors if segments[a][0].page == t.page]
    if not same_page:
        earlier = [a for a in anchors if segments[a][0].page < t.page]
        return earlier[-1] if earlier else anchors[0]
    size = t.line.size
    centre = (t.line.top + t.line.bottom) / 2
    best, best_d = None, None
    for a in same_page:
        line = segments[a][0].line
        if abs(line.bottom - t.line.bottom) < 0.3 * size:
            return a
        d = abs((line.top + line.bottom) / 2 - centre)
        if best_d is None or d < best_d - 0.1 * size:
            best, best_d = a, d
    return best  # type: ignore[return-value]


def structure_to_section_grades(structure: Structure) -> dict[str, str]:
    """The grade printed under each part heading, e.g. 'Good' under a question's title."""
    out: dict[str, str] = {}
    blocks = heading_blocks(structure)
    for b in blocks:
        # Any heading level: house styles that set every heading alike leave no "part" level.
        # A grade is a grade line, not a heading that a grade follows.
        if canonical_grade(b.text) or re.match(r"^overall\b", b.text.lower()):
            continue  # an overall statement grades the pillar, not a part
        for t in structure.lines[b.end : b.end + 3]:
            if t.role == "furniture":
                continue
            grade = canonical_grade(t.text)
            if grade:
                out[b.text] = grade
            break
    return out


_SUMMARY_GRADE = re.compile(
    r"\b(?:is\s+|was\s+)?(?:judged\s+to\s+be\s+|assessed\s+as\s+)?"
    r"(outstanding|good|adequate|requires\s+improvement|inadequate)\b(?:\s+(?:in|at)\b)",
    re.IGNORECASE,
)


def structure_to_summary_grade(structure: Structure, summary_headings: tuple[re.Pattern, ...]) -> str | None:
    """The grade stated by the summary's first sentence, e.g. '... requires improvement in keeping people safe'.

    The summary is the first heading matching the layout's summary headings, tried in
    order; a contents entry can look like a minor heading, so the part's own heading is
    the higher-level one.
    """
    blocks = heading_blocks(structure)
    summary = None
    for pattern in summary_headings:
        found = sorted((b for b in blocks if pattern.search(b.text.strip())), key=lambda b: b.level)
        if found:
            summary = found[0]
            break
    if summary is None:
        return None
    lines = []
    for t in structure.lines[summary.end :]:
        if t.role == "heading" and not lines:
            continue  # the heading's wrapped lines, and the grade printed under it
        if t.role == "heading":
            break
        if t.role == "body":
            lines.append(t.text)
            if t.text.rstrip().endswith("."):
                break  # the first sentence is enough
    m = _SUMMARY_GRADE.search(join_lines(lines))
    return canonical_grade(m.group(1)) if m else None


def structure_to_section_question_grades(structure: Structure, year: int | None,
                                         summary_headings: tuple[re.Pattern, ...]) -> list[Grade]:
    """Grades printed under each question's heading, for reports without a judgments table (2015, 2016).
    The summary's grade is the overall grade, not a question's."""
    out = []
    blocks = heading_blocks(structure)
    section = structure_to_section_grades(structure)
    for b in blocks:
        if b.text in section and not any(p.search(b.text.strip()) for p in summary_headings):
            out.append(Grade(b.text, section[b.text], year, b.page, b.bbox))
    return out


_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split())}


def structure_to_stated_graded_areas(structure: Structure, sentence: re.Pattern | None) -> int | None:
    """'We make graded judgments in nine of these ten' -> 9 (the report's own count of its graded
    areas), where the layout declares such a sentence."""
    if sentence is None:
        return None
    text = join_lines([t.text for t in structure.lines if t.role == "body"])
    m = sentence.search(text)
    if not m:
        return None
    word = m.group("graded").lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
