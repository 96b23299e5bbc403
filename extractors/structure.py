"""Give every line of a document a role: heading (with level), body, footnote or furniture.

All tests are relative to the document's body text size, found as the most
common size by character count, so they hold whatever fonts, margins or
page size a producer used.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from extractors.model import Document, Line, Page
from extractors.text import FIGURE, ends_mid_phrase
from extractors.thresholds import (
    BAND_HEIGHT_EM,
    BAND_WIDTH_RATIO,
    CONTENTS_MIN_ENTRIES,
    CONTINUATION_GAP_EM,
    FIRST_LINE_INDENT_EM,
    FLOW_STEP_EM,
    FOOTNOTE_SIZE_RATIO,
    FRAME_REACH_EM,
    FULL_LINE_RATIO,
    FURNITURE_BAND,
    HEADING_SIZE_RATIO,
    LINE_GAP_SLACK_EM,
    LINE_OVERLAP_EM,
    NOTE_PITCH_RATIO,
    NOTE_WORD_ROOM_EM,
    NUMBER_TAB_EM,
    OCR_HEADING_SIZE_RATIO,
    OFF_LEADING_EM,
    PARAGRAPH_GAP,
    ROOM_TO_SPARE_EM,
    SET_APART_EM,
    WIDE_SPACE_EM,
    WORD_GAP_EM,
)
from extractors.word_frequency import is_common_word
from schemas.vocab import canonical_grade

# The number that opens a footnote: "7", "7.", "7)", or glued to its text ("7.Full", "7Full");
# "4.2" opens a numbered heading instead.
_NOTE_NUMBER = re.compile(r"^(\d{1,3})(?:[.),]?$|[.)]?(?=[A-Za-z]))")
# The same number between brackets, as a house style may set it: "(7)", "[7]", "(7).".
_BRACKETED_NOTE_NUMBER = re.compile(r"^[(\[](\d{1,3})[)\]]\.?")
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=\D)")


def unbracketed_note_number(text: str) -> str:
    """A word that opens with a note's number between brackets, with the number as one
    followed by a stop ("(7)" and "[7]." as "7.", "(7)Full" as "7.Full"): the brackets
    are how the house style sets the number, as a stop or a raised number is."""
    return _BRACKETED_NOTE_NUMBER.sub(r"\1.", text, count=1)


def _note_number(text: str) -> re.Match | None:
    """The match of the note's number that opens a word, if one does (its group 1 the
    number). Between brackets the number may run into any text, a figure too ("(26)60
    case files"): the closing bracket ends it, where a bare "2660" may be a figure."""
    return _BRACKETED_NOTE_NUMBER.match(text) or _NOTE_NUMBER.match(text)


@dataclass(frozen=True)
class TextLine:
    page: int
    line: Line
    role: str  # "heading" | "body" | "footnote" | "furniture" | "contents"
    level: int = 0  # for headings: 1 is a part of the report, larger numbers are sub-headings

    @property
    def text(self) -> str:
        return self.line.text


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents page: a title and the page number printed against it."""

    title: str
    printed_page: int
    page: int  # the page of the contents itself
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True)
class Structure:
    document: Document
    body_size: float
    lines: tuple[TextLine, ...]  # in reading order, page by page
    contents: tuple[ContentsEntry, ...] = ()
    # How far apart (in ems) the lines of one paragraph are set: single spacing, 1.15, 1.5 ...
    line_gap: float = 0.15

    def follows_on(self, gap: float, size: float) -> bool:
        """Two lines `gap` apart are lines of one paragraph (or cell), at the document's own spacing."""
        return gap <= continuation_gap(self.line_gap) * size

    def parts_paragraphs(self, gap: float, size: float) -> bool:
        """Two lines `gap` apart belong to two paragraphs: the gap is wider than a paragraph's
        own line gap, however widely the document spaces its lines."""
        return gap > max(PARAGRAPH_GAP, self.line_gap + LINE_GAP_SLACK_EM) * size

    def page_lines(self, page: int, role: str | None = None) -> list[TextLine]:
        return [t for t in self.lines if t.page == page and (role is None or t.role == role)]

    def headings(self, level: int | None = None) -> list[TextLine]:
        return [t for t in self.lines if t.role == "heading" and (level is None or t.level == level)]

    @cached_property
    def word_cases(self):
        """How the document writes each word inside its sentences (extractors/heading_case.py)."""
        from extractors.heading_case import WordCases

        return WordCases(t.text for t in self.lines if t.role in ("body", "heading", "footnote"))

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The words the document prints inside its lines: how it spells a word it hyphenates."""
        from extractors.text import vocabulary_of

        return vocabulary_of(t.text for t in self.lines if t.role in ("body", "heading", "footnote"))


def document_body_size(doc: Document) -> float:
    counts: Counter[float] = Counter()
    for page in doc.pages:
        for line in page.lines:
            counts[round(line.size * 2) / 2] += len(line.text)
    if not counts:
        return 0.0
    return counts.most_common(1)[0][0]


def document_line_gap(doc: Document, body_size: float) -> float:
    """The gap between the lines of a paragraph, in ems of the body text.

    Of the gaps between two body lines set one under the other at one left edge (or the
    first under a paragraph's indented first line), the narrowest fifth are a paragraph's
    own (a word processor's line spacing: single, 1.15, 1.5 ...); the wider ones are
    paragraph spacing, headings and tables, and a short document may have more of those
    than of lines within a paragraph.
    """
    gaps: list[float] = []
    wrapped: list[float] = []  # the gaps under lines that run (nearly) the width of the text
    for page in doc.pages if body_size else ():
        body = sorted((line for line in page.lines if abs(line.size - body_size) < 0.05 * body_size),
                      key=lambda line: line.top)
        if not body:
            continue
        left, right = min(line.x0 for line in body), max(line.x1 for line in body)
        for above, below in zip(body, body[1:]):
            gap = (below.top - above.bottom) / body_size
            # At one left edge, or under a paragraph's indented first line.
            if -FIRST_LINE_INDENT_EM * body_size < below.x0 - above.x0 < 0.5 * body_size and -0.2 <= gap < 2.0:
                gaps.append(gap)
                if above.x1 - left >= FULL_LINE_RATIO * (right - left):
                    wrapped.append(gap)
    # A line that runs the width of the text wrapped, so the line under it is mostly its
    # paragraph's next: where paragraphs are mostly of one line (a short report, a judgments
    # table), these gaps are the line spacing, while the narrowest fifth of all gaps is not.
    gaps = wrapped or gaps
    if not gaps:
        return 0.15  # single spacing, as most fonts set it
    return max(0.0, sorted(gaps)[len(gaps) // 5])


def continuation_gap(line_gap: float) -> float:
    """The widest gap (in ems) between two lines of one paragraph, given the document's own."""
    return max(CONTINUATION_GAP_EM, line_gap + LINE_GAP_SLACK_EM)


def _furniture(doc: Document) -> set[tuple[int, int]]:
    """Running headers, footers and page numbers: (page number, line index)."""
    keyed: dict[str, set[int]] = defaultdict(set)
    found: set[tuple[int, int]] = set()
    candidates: list[tuple[int, int, str]] = []
    numbers: list[tuple[int, int, int]] = []  # (page, line, the number printed in the margin)
    for page in doc.pages:
        for i, line in enumerate(page.lines):
            # By the line's middle: a footer set a little higher than the band (AbiWord's "Page 1"
            # whose top is a tenth of a point above it) still stands mostly in it.
            middle = (line.top + line.bottom) / 2
            in_band = middle < page.height * FURNITURE_BAND or middle > page.height * (1 - FURNITURE_BAND)
            if not in_band:
                continue
            text = line.raw_text.strip()
            m = re.fullmatch(r"(page\s+)?(\d{1,4})(\s+of\s+\d{1,4})?", text, re.IGNORECASE)
            if m:
                numbers.append((page.number, i, int(m.group(2))))
                # The same "Page 1" on every page is a page-number field never updated: furniture too.
                keyed[f"page number {text.lower()}"].add(page.number)
                candidates.append((page.number, i, f"page number {text.lower()}"))
                continue
            key = re.sub(r"\d+", "#", text.lower())
            keyed[key].add(page.number)
            candidates.append((page.number, i, key))
    # Page numbers run with the pages: a number in the margin is one when it stands at the
    # offset from the page's place that most such numbers share. "2017" or a figure of 17
    # at the head of a page is content that happens to fall in the margin band.
    # An offset that ties with another is no usual one: where every page prints "1" (a field
    # never updated), each offset is one page's, and a figure of 89 in page 1's band would
    # otherwise set it.
    offsets = Counter(n - number for number, _, n in numbers).most_common(2)
    if offsets and (len(offsets) == 1 or offsets[0][1] > offsets[1][1]):
        found.update((number, i) for number, i, n in numbers if n - number == offsets[0][0])
    # On three pages at least (a line that recurs on two may be content), or on every page of a
    # document of two (a printing that sets its running header on the cover page too).
    repeat = max(3, int(0.4 * len(doc.pages))) if len(doc.pages) > 2 else 2
    for number, i, key in candidates:
        if len(keyed[key]) >= repeat:
            found.add((number, i))
    return {(number, i) for number, i in found if _at_page_edge(doc.pages[number - 1], i, found)}


def _at_page_edge(page: Page, index: int, found: set[tuple[int, int]]) -> bool:
    """Headers and footers frame the page: only furniture lies between one and the page's edge.

    A grade printed under a heading at the top of each page repeats like a running
    header, but the heading above it is content: it is no furniture.
    """
    line = page.lines[index]
    above = [j for j, o in enumerate(page.lines) if j != index and o.bottom <= line.top + 0.1 * line.size]
    below = [j for j, o in enumerate(page.lines) if j != index and o.top >= line.bottom - 0.1 * line.size]
    top_edge = all((page.number, j) in found for j in above)
    bottom_edge = all((page.number, j) in found for j in below)
    # Nor does a header share its line with content: a grade cell beside its question at
    # the head of a page is the table's. Beside is level with it: a large figure's box
    # above a footer may reach down past the footer's top.
    beside = [j for j, o in enumerate(page.lines) if j != index and level_with(o, line)]
    alone = all((page.number, j) in found for j in beside)
    return alone and (top_edge if line.bottom < page.height / 2 else bottom_edge)


def _separator_rule_top(page: Page, kept: list[int]) -> float | None:
    """The top of the short rule that sets a page's footnotes apart from its body, if any.

    Word processors draw it as a line (or a hairline rectangle) at the left margin, a
    third of the column wide or so, in the lower part of the page, with text under it.
    Table rules are as wide as the text, or come stacked one above another at the same
    length (a narrow table's rows), and are not mistaken for it.
    """
    if not kept:
        return None
    left = min(page.lines[i].x0 for i in kept)
    right = max(page.lines[i].x1 for i in kept)
    width = max(1.0, right - left)
    best = None
    for g in page.graphics:
        flat = g.bottom - g.top <= 1.5
        long_enough = 0.08 * width <= g.x1 - g.x0 <= 0.6 * width
        if not (flat and long_enough and g.visible and abs(g.x0 - left) <= 0.05 * width):
            continue
        if g.top < 0.4 * page.height or _stacked_rule(page, g) or _box_edge(page, g):
            continue
        under = [i for i in kept if page.lines[i].top >= g.bottom]
        over = [i for i in kept if page.lines[i].bottom <= g.top]
        if under and over and (best is None or g.top > best):
            best = g.top
    return best


def _box_edge(page: Page, rule) -> bool:
    """Sides go down (or up) from both ends of the rule: it is the top (or bottom) of a box,
    a bordered panel broken by the page, where a footnote separator stands free."""
    def side_at(x: float) -> bool:
        return any(o is not rule and o.visible and o.x1 - o.x0 <= 2 and o.bottom - o.top > 1.5
                   and (abs(o.top - rule.top) <= 1.5 or abs(o.bottom - rule.bottom) <= 1.5)
                   and min(abs(o.x0 - x), abs(o.x1 - x)) <= 1.5
                   for o in page.graphics)
    return side_at(rule.x0) and side_at(rule.x1)


def _stacked_rule(page: Page, rule) -> bool:
    """Another rule of the same span lies above this one: rows of a table, not a separator."""
    return any(o is not rule and o.visible and o.bottom - o.top <= 1.5 and o.bottom <= rule.top
               and abs(o.x0 - rule.x0) <= 1.0 and abs(o.x1 - rule.x1) <= 1.0 for o in page.graphics)


def _cited_in_text(page: Page) -> set[int]:
    """Footnote numbers cited by markers inside lines (not the numbers that open footnotes),
    and numbers printed on the baseline against the word they follow ("most acute.1 Under"),
    as a producer that drops the marker's superscript prints them."""
    raised = {int(n) for line in page.lines for w in line.words[1:] if w.is_marker for n in w.text.split(",")}
    glued = {int(m.group(1)) for line in page.lines for w in line.words
             if not w.is_marker and (m := _GLUED_MARK.search(w.text))}
    # A mark the line break carried to the head of the next line ("… most acute." / "¹ Under
    # this …") opens its line as a note's number does; it is a mark where a line lower on the
    # page opens with the same number: the note it calls for.
    opening = [(line.top, int(w.text)) for line in page.lines if line.words
               for w in line.words[:1] if w.is_marker and w.text.isdigit()]
    carried = {n for top, n in opening if any(m == n and lower > top for lower, m in opening)}
    return raised | glued | carried


# A word that ends, after a letter and perhaps a stop or a closing quote, with a number of at
# most three digits: a note's mark that lost its superscript ("acute.1", "services’12").
_GLUED_MARK = re.compile(r"[A-Za-z][.,;:)’”]?(\d{1,3})$")


def _footnote_zone(page: Page, body_size: float, furniture: set[tuple[int, int]],
                   pending: frozenset[int], line_gap: float, last_note: int = 0,
                   note_open: bool = False) -> tuple[set[int], bool]:
    """Indexes of the lines of the footnote area at the foot of the page, and whether a
    separator rule sets it apart (then no line above the rule is a note's).

    Found, in order of trust, by the separator rule above it; by the block of smaller
    type at the foot; or, where footnotes are set at body size without a rule, by the
    lines at the foot that open with the number of a footnote cited on this page.
    `last_note` is the number of the last note the page before printed (0 for none), and
    `note_open` whether that note stopped mid-sentence at the page's end.
    """
    kept = [i for i in range(len(page.lines)) if (page.number, i) not in furniture]
    rule_top = _separator_rule_top(page, kept)
    if rule_top is not None:
        # Under the rule by the line's middle: a producer may draw the rule across the top
        # of the first note's line box, above its letters but under the box's top.
        return {i for i in kept if (page.lines[i].top + page.lines[i].bottom) / 2 >= rule_top}, True
    zone = _without_text_run_on(page, kept, _small_type_zone(page, body_size, kept), line_gap)
    if zone:
        return zone, False
    return _numbered_zone(page, kept, pending, line_gap, last_note, note_open), False


def _numbered_zone(page: Page, kept: list[int], pending: frozenset[int] = frozenset(),
                   line_gap: float = 0.15, last_note: int = 0, note_open: bool = False) -> set[int]:
    """From the first line at the left margin, low on the page, that opens with the number
    of a footnote cited on this page — or cited on the page before, whose note the word
    processor carried over to this page for want of room. Higher on the page only a run of
    notes to the page's end counts (`_notes_to_page_end`)."""
    cited = _cited_in_text(page) | pending
    if not cited or not kept:  # a page with no text (a picture, a blank page) has no notes
        return set()
    left = min(page.lines[i].x0 for i in kept)
    order = sorted(kept, key=lambda i: page.lines[i].top)
    start: tuple[int, int, int] | None = None  # (position in order, number, how note-like)
    for k, i in enumerate(order):
        line = page.lines[i]
        if line.x0 > left + line.size:
            continue
        # The notes the page before ended with number on here from the page's first line, or
        # from under the rest of its last note, run on at the top of this page.
        carried = k == 0 or (note_open and all(_at_leading(page.lines[a], page.lines[b], line_gap)
                                               for a, b in zip(order[:k], order[1:k])))
        if line.top < 0.5 * page.height and not _notes_to_page_end(page, order[k:], cited, left, line_gap,
                                                                     last_note if carried else 0):
            continue
        m = _note_number(line.words[0].text)
        above = page.lines[order[k - 1]] if k else None
        number = int(m.group(1)) if m and int(m.group(1)) in cited else _glued_note_number(line, cited, above, line_gap)
        if number is None and line.top < 0.5 * page.height:
            number = _cited_prefix(line.words[0].text, cited)  # a run of notes from here was found above
        if number is not None:
            looks = _looks_like_note_number(line)
            if (looks == 0 and above is not None and _runs_on_into(above, line, line_gap)
                    and not _rule_between(page, above, line)):
                continue  # a figure that goes on with the sentence above ("… has increased" / "21 percent …"),
                # not set like a note's number (raised, punctuated, tabbed) nor followed by a capital;
                # a rule drawn between the two parts them (a separator as wide as the text)
            # Notes run in order: a line lower down that opens with the same number (or a
            # smaller one), set as much like a note's number, is the note; the first was
            # body text opening with a figure ("21 percent from 83 OCGs …"). A plain "12
            # months …" running on a note under a raised ¹² is the note's text, not a note.
            if start is None or (number <= start[1] and looks >= start[2]):
                start = (k, number, looks)
    return set(order[start[0]:]) if start is not None else set()


def _rule_between(page: Page, above: Line, line: Line) -> bool:
    """A rule is drawn between the two lines, across where the lower one starts (drawn
    across the top of its line box, above its letters, it still parts them)."""
    middle = (line.top + line.bottom) / 2
    return any(g.visible and g.bottom - g.top <= 1.5 and above.bottom - 0.5 <= g.top < middle
               and g.x0 <= line.x0 + line.size and g.x1 >= line.x0 + line.size for g in page.graphics)


def _glued_note_number(line: Line, cited: set[int] | frozenset[int], above: Line | None, line_gap: float) -> int | None:
    """The cited note whose number a tab stop printed against a figure opening its text ("2660
    case files": note 26, "60 case files"), on a line set apart from a line of the body that
    stops mid-sentence: no paragraph of the body comes between a sentence and its end, a note
    at the page foot does. None when the line opens no such way (a paragraph after a finished
    one may open with a year: "2017 saw …")."""
    if (above is None or _at_leading(above, line, line_gap)
            or above.text.rstrip().endswith((".", "!", "?", ":"))):
        return None
    return _cited_prefix(line.words[0].text, cited)


def _cited_prefix(first: str, cited: set[int] | frozenset[int]) -> int | None:
    """The cited note whose number opens a word of digits run into a figure ("2660": 26)."""
    if not first.isdigit():
        return None
    return next((n for n in sorted(cited, reverse=True) if first.startswith(str(n)) and len(first) > len(str(n))), None)


def _notes_to_page_end(page: Page, block: list[int], cited: set[int] | frozenset[int], left: float,
                       line_gap: float, follows: int = 0) -> bool:
    """Whether the lines from the first of `block` to the page's end are notes: the first
    opens with the number of a note cited and not yet printed, each later note with the
    next number, and every other line runs on from the one above at a paragraph's leading,
    in the same type. Two notes or more; one alone only when its number is set like a
    note's (raised, punctuated or tabbed), as a paragraph of the body never opens, or when
    it opens the page and numbers on from the notes that ended the page before (`follows`).

    A note area high on the page is what a producer without footnotes prints: each part's
    notes after its last paragraph (a web page printed), or a page that is mostly notes.
    Low on the page a cited number opening a line is enough; higher up only this run is.
    """
    expected = 0
    notes = 0
    first_set_off = False
    above: Line | None = None
    for i in block:
        line = page.lines[i]
        if line.x0 > left + line.size:
            return False
        m = _note_number(line.words[0].text) if line.words else None
        number = int(m.group(1)) if m else None
        if above is None:
            glued = number not in cited and _cited_prefix(line.words[0].text, cited)
            if glued:
                # The number run into a figure opening its text ("2660 case files": note 26):
                # only the next note under it shows it is one.
                number = glued
            if number not in cited or all(w.bold for w in line.words):
                return False
            first_set_off = not glued and (_looks_like_note_number(line) >= 2 or (follows > 0 and number == follows + 1))
            notes, expected = 1, number + 1
        elif number == expected and number in cited and _looks_like_note_number(line):
            notes, expected = notes + 1, expected + 1
        elif not _at_leading(above, line, line_gap):
            return False
        above = line
    return notes >= 2 or first_set_off


def _runs_on_into(above: Line, line: Line, line_gap: float) -> bool:
    """The line follows the one above at the paragraph's leading, in the same type, and the
    one above stops mid-sentence: they are one paragraph's lines."""
    return (starts_under(above, line) and _at_leading(above, line, line_gap)
            and not above.text.rstrip().endswith((".", "!", "?", ":")))


def starts_under(above: Line, line: Line) -> bool:
    """The line starts where its paragraph's next line under `above` would: at the same left
    edge, or left of it by up to a first-line indent (`above` opening an indented paragraph).
    A line indented further opens a paragraph of its own."""
    return -FIRST_LINE_INDENT_EM * line.size < line.x0 - above.x0 < line.size


def _at_leading(above: Line, line: Line, line_gap: float) -> bool:
    """The line follows the one above in the same type, as a paragraph's lines follow each other."""
    return (abs(above.size - line.size) < 0.05 * line.size
            and -LINE_OVERLAP_EM * line.size <= line.top - above.bottom <= continuation_gap(line_gap) * line.size)


def _looks_like_note_number(line: Line) -> int:
    """How much a line's opening number is set like a footnote's: raised or punctuated
    ("¹²", "12.", "12)") or set off by a tab, and followed by a capital."""
    first = line.words[0]
    glued = _note_number(first.text)
    bracketed = glued is not None and first.text[:1] in "(["
    set_off = first.superscript or bracketed or first.text[-1:] in ".)" or (
        len(line.words) > 1 and line.words[1].x0 - first.x1 > 1.2 * line.size)
    if glued is not None and glued.end() < len(first.text):
        # The number run into its text ("11The threat", a tab too narrow for "11"): the
        # text's first letter is in the same word.
        capital = first.text[glued.end()].isupper()
    else:
        capital = len(line.words) > 1 and line.words[1].text[:1].isupper()
    return 2 * set_off + capital


def _notes_still_to_print(page: Page, zone: set[int], pending: frozenset[int]) -> frozenset[int]:
    """Footnotes cited so far whose notes have not yet opened a line of a footnote area."""
    cited = _cited_in_text(page) | pending
    opened = _notes_opened(page, zone, cited)
    waiting = cited - opened
    # Notes print in order: one numbered below a note printed here will not come later.
    return frozenset(n for n in waiting if not opened or n > max(opened))


def _notes_opened(page: Page, zone: set[int], cited: set[int] | frozenset[int]) -> set[int]:
    """The numbers of the notes that open a line of the zone: only cited numbers, as a
    note's own line may open with a figure ("30 June 2017. These data ...")."""
    opened = set()
    for i in zone:
        m = _note_number(page.lines[i].words[0].text) if page.lines[i].words else None
        if m and int(m.group(1)) in cited:
            opened.add(int(m.group(1)))
    return opened


def _ends_open(page: Page, zone: set[int]) -> bool:
    """The page's last footnote line stops mid-sentence: its note may run on to the next page."""
    return _stops_open(_last_line_text(page, zone))


# What only a web address or a file name holds: a slash, an underscore, a dot between letters.
_ADDRESS_PART = re.compile(r"[/_]|\w\.\w")


def _stops_open(text: str) -> bool:
    """The line stops mid-sentence: no stop, bracket or web address ends it."""
    text = text.rstrip()
    # A closing quote ends a sentence only after its full stop (".'"): "the 'right to know'"
    # stops mid-sentence, as British usage puts the stop outside the quote.
    unquoted = text.rstrip("”'\"’")
    return bool(text) and not unquoted.endswith((".", "!", "?", ")")) and "/" not in text.split()[-1]


def _last_line_text(page: Page, zone: set[int]) -> str:
    """The text of the zone's lowest line ("" for no zone), not counting a note's number
    printed on a baseline of its own beside its note's first line (lower than the line)."""
    lines = [i for i in zone if not any(number_beside_its_text(page.lines[i], page.lines[j]) for j in zone)]
    return page.lines[max(lines, key=lambda i: page.lines[i].top)].text if lines else ""


def _room_after_last_note(page: Page, zone: set[int], furniture: set[tuple[int, int]]) -> float:
    """How far the page's last footnote line stops short of the text's right edge (the
    furthest any line starting where the notes start reaches), in points; 0 for no notes."""
    lines = [i for i in zone if not any(number_beside_its_text(page.lines[i], page.lines[j]) for j in zone)]
    if not lines:
        return 0.0
    last = page.lines[max(lines, key=lambda i: page.lines[i].top)]
    left = min(page.lines[i].x0 for i in zone)
    right = max(line.x1 for k, line in enumerate(page.lines)
                if (page.number, k) not in furniture and abs(line.x0 - left) < line.size)
    return max(0.0, right - last.x1)


def _notes_pitch(page: Page, zone: set[int]) -> float | None:
    """How far apart (top to top) one footnote's lines follow each other on the page: the
    smallest step between the zone's lines (between two notes it is wider)."""
    notes = sorted(zone, key=lambda i: page.lines[i].top)
    pitches = [page.lines[b].top - page.lines[a].top for a, b in zip(notes, notes[1:])
               if page.lines[b].top > page.lines[a].bottom - 0.1 * page.lines[a].size]
    return min(pitches, default=None)


def _continued_note(page: Page, zone: set[int], furniture: set[tuple[int, int]], line_gap: float,
                    unfinished: bool, pitch: float | None = None) -> set[int]:
    """The lines at the foot of a page that finish the page before's last footnote.

    Where footnotes are set like the body, with no rule, nothing marks them but their
    place: the run of lines just above this page's own footnotes (or at its foot), set at
    the text's leading, from the line that opens in lower case after a finished sentence.
    A note that stopped mid-phrase ("... 45 of the") runs on whatever its next word, so
    there the whole run counts, when the body above stops well short of it. So does a run
    that finishes a sentence under a body line broken mid-sentence, at a step the body's
    lines never take (that sentence goes on one body step under it, or on the next page).
    `pitch`: how far apart the notes' lines followed each other on the page before; where
    the notes are set tighter than the body (Word's footnote style is single-spaced under
    a 1.08-spaced body), the run goes up no further than lines at that pitch.
    """
    kept = sorted((i for i in range(len(page.lines)) if (page.number, i) not in furniture and i not in zone),
                  key=lambda i: page.lines[i].top)
    start = min((page.lines[i].top for i in zone), default=page.height)
    above = [i for i in kept if page.lines[i].bottom <= start + 0.1 * page.lines[i].size]
    if not above or above[-1] != kept[-1] and zone == set():
        return set()
    if zone and not _heads_notes_area(page, zone, above[-1], line_gap):
        return set()
    # A note runs on in the notes' own type: where this page's notes are smaller than the
    # body, a line in body type above them is the body's.
    note_size = min((page.lines[i].size for i in zone), default=None)
    if note_size is not None and page.lines[above[-1]].size > note_size / FOOTNOTE_SIZE_RATIO:
        return set()
    run = [above[-1]]
    # The line just above the run, when only the notes' pitch parted it from the run: a body
    # line as near as the body's own leading.
    parted: int | None = None
    off_grid = False  # the run stands nearer that line than both the body's and the notes' lines stand apart
    for i in reversed(above[:-1]):
        gap = page.lines[run[0]].top - page.lines[i].bottom
        if gap > continuation_gap(line_gap) * page.lines[i].size:
            break
        # Nearer than the body's lines stand apart, and not at the notes' own pitch: set in
        # neither flow's leading, the run stands at the foot of the page, off the body's grid
        # (the notes' pitch may be tighter than that step, or wider: single-spaced notes
        # under a double-spaced body).
        size = page.lines[i].size
        step = page.lines[run[0]].top - page.lines[i].top
        nearer_than_body = gap < (line_gap - OFF_LEADING_EM) * size
        # One note's lines follow at its pitch: a line further above is another flow's (a
        # figure's source line 3 pt further up than a 22 pt pitch, under 1.5 spacing).
        if pitch is not None and step > min(NOTE_PITCH_RATIO * pitch, pitch + OFF_LEADING_EM * size):
            parted, off_grid = i, nearer_than_body
            break
        if nearer_than_body and (pitch is None or step < pitch - OFF_LEADING_EM * size):
            parted, off_grid = i, True
            break
        run.insert(0, i)
    # Lines one under another at one left edge are known by their pitch; one line alone (or
    # lines side by side: the cells of a table's last row) under a body line that stops
    # mid-sentence may as well finish that sentence ("However, the" / "force must ...").
    stacked = len(run) >= 2 and all(
        abs(page.lines[a].x0 - page.lines[b].x0) < page.lines[b].size
        and page.lines[b].top - page.lines[a].top > 0.5 * page.lines[b].size for a, b in zip(run, run[1:]))
    opening = page.lines[parted].text.rstrip() if parted is not None and not stacked else ""
    for k, i in enumerate(run):
        text = page.lines[i].text
        before = page.lines[run[k - 1]].text.rstrip() if k else opening
        # Lower case, or a dash before lower case ("– police can …"), goes on with a sentence
        # begun elsewhere; a dash before a capital is a list's mark ("– The force should …").
        # An opening quote or bracket says nothing of it ("'right to know' – police can …").
        text = text.lstrip("'‘’\"“”([")
        goes_on = text[:1].islower() or (text[:1] in "–—" and text[1:].lstrip()[:1].islower())
        if goes_on and ((k == 0 and not before) or before.endswith((".", "!", "?"))):
            return set(run[k:])
    rest = [i for i in above if i not in run]
    if unfinished and (not rest or page.lines[run[0]].top - page.lines[rest[-1]].bottom
                       >= SET_APART_EM * page.lines[run[0]].size):
        return set(run[_body_paragraph_above(page, run):])
    # Set off the body's grid, nearer its last line than the body's lines stand apart, a run
    # that finishes a sentence finishes the note left open, though the body line above it
    # stops mid-sentence too (it goes on at the next page's top: "... prosecutions in" |
    # "cases where ..."; the note's "... at the centre of that" | "decision.").
    if unfinished and off_grid and not _stops_open(page.lines[run[-1]].text):
        return set(run[_body_paragraph_above(page, run):])
    # A body line that stops mid-sentence goes on one body step under it, or on the next
    # page: a run under it at another step, that finishes a sentence, is the note's end
    # ("... which model is most" | "Statistics.", 1.7 body steps under it at the page's
    # foot). Not under a colon, which may open a list or a table set at steps of its own.
    first = page.lines[run[0]]
    over = [i for i in rest if page.lines[i].bottom <= first.top + 0.1 * first.size]
    beside = len(over) < len(rest)  # a list's mark, or a cell, level with the run: not the lone end of a note
    if over and not beside and (stacked or len(run) == 1) and not _stops_open(page.lines[run[-1]].text):
        line = page.lines[over[-1]]
        off_body_step = abs(first.top - line.top - (1 + line_gap) * line.size) > OFF_LEADING_EM * line.size
        # Broken at its end for want of room, as a sentence is (a heading stops short of it).
        left, right = min(page.lines[i].x0 for i in kept), max(page.lines[i].x1 for i in kept)
        wrapped = line.x1 - left >= FULL_LINE_RATIO * (right - left)
        if off_body_step and wrapped and _stops_open(line.text) and not line.text.rstrip().endswith(":"):
            return set(run)
    return set()


def _heads_notes_area(page: Page, zone: set[int], line: int, line_gap: float) -> bool:
    """The line stands where the first paragraph of the page's footnote area would: as near
    the page's first note as the notes stand to each other, or a paragraph's gap. The rest of
    a note carried over opens the area; a line a page's body away from it (the body at the
    page's top, going on with a sentence of its own) is not that rest."""
    notes = sorted(zone, key=lambda i: page.lines[i].top)
    first = page.lines[notes[0]]
    size = first.size
    gaps = [page.lines[b].top - page.lines[a].bottom for a, b in zip(notes, notes[1:])
            if page.lines[b].top > page.lines[a].bottom - 0.1 * size]
    widest = max(gaps + [max(PARAGRAPH_GAP, line_gap + LINE_GAP_SLACK_EM) * size])
    return first.top - page.lines[line].bottom <= widest + OFF_LEADING_EM * size


def _body_paragraph_above(page: Page, run: list[int]) -> int:
    """How many of the run's first lines are the body's last paragraph, not the note carried
    over: those before the footnote area's own flow begins, when the first opens a sentence
    (a note's run-on mid-phrase goes on in lower case, or with a name)."""
    k = _flow_break(page, run)
    return k if k and page.lines[run[0]].text[:1].isupper() else 0


def _line_baseline(line: Line) -> float:
    """Where the line's text of its own size stands (a raised note number left out)."""
    from extractors.lines import word_baseline

    return max((word_baseline(w) for w in line.words if abs(w.size - line.size) < 0.01 * line.size),
               default=line.bottom)


def _flow_break(page: Page, run: list[int]) -> int:
    """Where in a run of lines one under another a second flow begins: the line after the
    one step between baselines unlike the run's others (a word processor starts its
    footnote area a point or two off the body's grid: the body's last paragraph, stepping
    26.5 pt, then the note carried over, 27.9 pt under it). 0 where the steps are alike, or
    too few to tell a step unlike the others."""
    baselines = [_line_baseline(page.lines[i]) for i in run]
    steps = [b - a for a, b in zip(baselines, baselines[1:])]
    if len(steps) < 2:
        return 0
    usual = Counter(round(step, 1) for step in steps).most_common(1)[0][0]
    size = page.lines[run[0]].size
    unlike = [k for k, step in enumerate(steps) if abs(step - usual) > FLOW_STEP_EM * size]
    return unlike[-1] + 1 if len(unlike) == 1 else 0




def _note_run_on_above_notes(page: Page, zone: set[int], furniture: set[tuple[int, int]],
                             is_heading: Callable[[Line], bool], room_before: float = 0.0,
                             note_end: str = "") -> set[int]:
    """Lines that finish the page before's last footnote, set above this page's own notes.

    Where notes are set like the body with no rule, the run-on is known by its place: it
    leads into this page's first note at the notes' own line spacing, as one note's lines
    follow each other, while the body above it stops well short. The text alone cannot
    tell it (it may open with a capital, after a note that ended a sentence).
    `room_before`: how far the page before's last note line stops short of the text's
    right edge. A note is broken over a page where its line is full: a run whose first
    word would have fitted in that room did not wrap from there, so the note ended there
    and the run is the body's last paragraph.
    `note_end`: the text of that note's last line. Where it ends on a word broken by a hyphen
    and the run opens with a line of another kind (a figure's caption left above the notes
    when its figure went over the page), the note goes on from the line that finishes the
    word ("These capabilit-" | "ies encompass ..."), however near the lines above it stand.
    """
    if not zone:
        return set()
    pitch = _notes_pitch(page, zone)
    if pitch is None:
        return set()
    first = page.lines[min(zone, key=lambda i: page.lines[i].top)]
    kept = sorted((i for i in range(len(page.lines)) if (page.number, i) not in furniture and i not in zone),
                  key=lambda i: page.lines[i].top)
    above = [i for i in kept if page.lines[i].bottom <= first.top + 0.1 * first.size]
    run: list[int] = []
    below = first
    for i in reversed(above):
        line = page.lines[i]
        # A note runs on in the notes' own type: a line in the body's larger type is the body's.
        larger = line.size > first.size / FOOTNOTE_SIZE_RATIO
        if below.top - line.top > NOTE_PITCH_RATIO * pitch or abs(line.x0 - first.x0) > first.size or larger:
            break
        run.insert(0, i)
        below = line
    if not run:
        return set()
    broken = _rest_of_broken_word(page, run, note_end)
    if broken:
        return set(run[broken:]) if not _stops_open(page.lines[run[-1]].text) else set()
    # The body's last paragraph may stand within the notes' pitch of the rest: where one step
    # alone is unlike the run's others, the footnote area begins there (`_flow_break`).
    parted = _body_paragraph_above(page, run)
    run = run[parted:]
    if _first_word_fits(page.lines[run[0]], room_before):
        return set()
    rest = [i for i in above if i not in run]
    if not parted and rest and page.lines[run[0]].top - page.lines[rest[-1]].bottom < SET_APART_EM * first.size:
        return set()  # the body runs straight into it: it is the body's own last paragraph
    if rest and is_heading(page.lines[rest[-1]]):
        return set()  # a paragraph under a heading is the body's: a note never runs on there
    last = page.lines[run[-1]].text
    if _stops_open(last) and not _ADDRESS_PART.search(last.split()[-1]):
        # The end of a note finishes it, with a stop or an address ("…/The_Strategic_Policing_
        # Requirement.pdf"); a run that stops mid-sentence goes on over the page, as the body
        # does ("... feed into the overarching" | "process. The overarching ...").
        return set()
    return set(run)


def _note_rest_at_foot(page: Page, furniture: set[tuple[int, int]], line_gap: float,
                       is_heading: Callable[[Line], bool], room_before: float, note_bottom: float,
                       text_foot: float, notes_size: float) -> set[int]:
    """The lines at the foot of a page with no notes of its own that finish the page before's
    last footnote, though it ended a sentence there.

    A word processor breaks a note over a page at any line, a sentence's end too; where the
    notes are set like the body with no rule, only the place tells the rest of it: the run of
    lines at the page's foot, set apart from the body above by a step (top to top) the body
    takes nowhere else on the page (neither a paragraph's lines nor two paragraphs stand so
    far apart), under no heading and no graphic, with nothing beside it, ending a sentence.
    `room_before` is as for `_note_run_on_above_notes`: a note broken at a full line only;
    `notes_size` the type of the page before's notes, which the rest is set in.
    A note goes over a page only from a full one, and its rest stands at the foot too: the
    page before's last note line (`note_bottom`) and the run's last line each stand within a
    line of the lowest any text of the document stands (`text_foot`). Notes printed after a
    part's text, which end where the part does, go on nowhere.
    """
    kept = sorted((i for i in range(len(page.lines)) if (page.number, i) not in furniture),
                  key=lambda i: page.lines[i].top)
    if len(kept) < 2:
        return set()
    last = page.lines[kept[-1]]
    line_step = (1 + line_gap) * last.size
    if text_foot - note_bottom > line_step or text_foot - last.bottom > line_step:
        return set()
    run = [kept[-1]]
    for i in reversed(kept[:-1]):
        if not _at_leading(page.lines[i], page.lines[run[0]], line_gap):
            break
        run.insert(0, i)
    rest = [i for i in kept if i not in run]
    if not rest:
        return set()
    lines = [page.lines[i] for i in run]
    if any(abs(line.size - notes_size) >= 0.05 * notes_size for line in lines):
        return set()  # a note goes on in its own type
    left = lines[0].x0
    if any(abs(line.x0 - left) > line.size for line in lines) or _stops_open(lines[-1].text):
        return set()
    if any(side_by_side(page.lines[i], line) for i in kept for line in lines if page.lines[i] is not line):
        return set()
    above = page.lines[rest[-1]]
    first = lines[0]
    size = first.size
    if is_heading(above) or first.top - above.bottom < SET_APART_EM * size:
        return set()
    step = first.top - above.top
    steps = [page.lines[b].top - page.lines[a].top for a, b in zip(rest, rest[1:])]
    if any(abs(step - other) <= OFF_LEADING_EM * size for other in steps):
        return set()  # the body steps so far elsewhere on the page: a paragraph of its own
    if any(g.visible and g.bottom > above.bottom and g.top < first.top for g in page.graphics) or any(
            p.bottom > above.bottom and p.top < first.top for p in page.pictures):
        return set()  # under a figure, a table's rules or a panel, a paragraph may start at any step
    if _first_word_fits(first, room_before):
        return set()
    return set(run)


def _first_word_fits(line: Line, room_before: float) -> bool:
    """The line's first word would have fitted in `room_before`, the room the page before's
    last note line left: that note did not wrap there, so the line does not go on with it.

    The word and the space before it, as this line sets its spaces (a monospaced font's
    are over twice a proportional one's); a line of one word is given a wide space. (As
    `room_after_next_word` asks of a paragraph's lines, with a tighter slack: the edge is
    the furthest a line of the page before reached, short of the margin if anything.)"""
    words = line.words
    space = words[1].x0 - words[0].x1 if len(words) > 1 else WIDE_SPACE_EM * words[0].size
    return room_before > words[0].x1 - words[0].x0 + space + NOTE_WORD_ROOM_EM * words[0].size


_BROKEN_WORD_END = re.compile(r"([A-Za-z]+)[-\u00ad]$")
_WORD_START = re.compile(r"[a-z]+")


def _rest_of_broken_word(page: Page, run: list[int], note_end: str) -> int:
    """Where in the run the rest of the word that `note_end` broke opens a line: the first
    line after the run's first that opens in lower case with letters that make a common word
    of the broken one. 0 where the note ended whole, the run's first line opens in lower
    case (it may go on with the note as it stands), or no line finishes the word."""
    broken = _BROKEN_WORD_END.search(note_end.rstrip())
    if not broken or page.lines[run[0]].text[:1].islower():
        return 0
    for k in range(1, len(run)):
        tail = _WORD_START.match(page.lines[run[k]].text)
        if tail and is_common_word((broken.group(1) + tail.group()).lower()):
            return k
    return 0


def _framed_with_more(page: Page, line) -> bool:
    """The line sits in a box (a bordered or filled panel, a ruled cell) that reaches well
    above it: it is part of that box's content, as a caption at the foot of a panel is,
    never a footnote — word processors set footnotes free of any frame."""
    x0, top, x1, bottom = line.bbox
    reach = top - FRAME_REACH_EM * line.size
    for g in page.graphics:
        if g.kind == "rect" and g.visible and g.x0 <= x0 + 1 and g.x1 >= x1 - 1 and g.top < reach and g.bottom >= bottom - 1:
            return True
    sides = [g for g in page.graphics
             if g.kind in ("line", "rect") and g.visible and g.x1 - g.x0 <= 2 and g.top < reach and g.bottom >= bottom - 1]
    return any(g.x1 <= x0 + 1 for g in sides) and any(g.x0 >= x1 - 1 for g in sides)




def _without_text_run_on(page: Page, kept: list[int], zone: set[int], line_gap: float) -> set[int]:
    """The zone without its top lines that run on from small type above it: the last word
    of a caption wrapped under a large figure ("England and" / "Wales") ends the caption,
    which the figure beside it kept out of the zone."""
    zone = set(zone)
    while zone:
        first = min(zone, key=lambda i: page.lines[i].top)
        line = page.lines[first]
        above = [i for i in kept if i not in zone and page.lines[i].bottom <= line.top + 0.1 * line.size
                 and abs(page.lines[i].x0 - line.x0) < line.size]
        if not above or not _runs_on_into(page.lines[max(above, key=lambda i: page.lines[i].top)], line, line_gap):
            return zone
        if any(number_beside_its_text(line, page.lines[i]) for i in zone):
            return zone  # a note's number in body type beside its note: a plain "1" would run on any line
        zone.discard(first)
    return zone


def _small_type_zone(page: Page, body_size: float, kept: list[int]) -> set[int]:
    """The block of small type at the foot of the page."""
    zone: set[int] = set()
    left = min((page.lines[i].x0 for i in kept), default=0.0)
    order = sorted(kept, key=lambda i: page.lines[i].top, reverse=True)
    for i in order:
        line = page.lines[i]
        if all(w.is_marker for w in line.words):
            continue  # a footnote marker wrapped onto a line of its own belongs to the text above
        if _framed_with_more(page, line):
            break
        if line.size <= FOOTNOTE_SIZE_RATIO * body_size:
            zone.add(i)
        elif (line.size <= body_size / FOOTNOTE_SIZE_RATIO and line.x0 <= left + line.size
              and any(number_beside_its_text(line, other) and other.size <= FOOTNOTE_SIZE_RATIO * body_size
                      for other in page.lines)):
            zone.add(i)  # a note's number printed in body type at the margin, level with its note's first line
        else:
            break
    # Whether the zone's lines really are footnotes (a number opens each, or one runs on
    # from the page before) is for the footnote extractor to decide.
    return zone


def is_bare_number(line: Line) -> bool:
    """The line is a note's number alone ("1", "1.", "1)", "(1)")."""
    text = unbracketed_note_number(line.words[0].text) if len(line.words) == 1 else ""
    m = _NOTE_NUMBER.match(text)
    return m is not None and m.end() == len(text)


def number_beside_its_text(number: Line, line: Line) -> bool:
    """`number` is a bare number on a baseline of its own that opens `line`: beside it, to
    its left across a gap no wider than a tab, level with it or a little below.

    A producer that drops the footnote style's superscript prints a note's number in body
    type, larger than the note's text and so on a baseline of its own.
    """
    return is_bare_number(number) and not is_bare_number(line) and number.x0 < line.x0 and side_by_side(number, line)


def side_by_side(a: Line, b: Line) -> bool:
    """One of the two stands beside the other on one row, across no more than a tab."""
    left, right = (a, b) if a.x0 <= b.x0 else (b, a)
    return left.x1 - WORD_GAP_EM * left.size <= right.x0 <= left.x1 + NUMBER_TAB_EM * left.size and level_with(a, b)


def level_with(a: Line, b: Line) -> bool:
    """The two stand level, middle to middle within half the shorter's height: type of two
    sizes on one row may stand on two baselines, and a large figure's box may reach past
    the top of a line under it that is not level with it."""
    return abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) < 0.5 * min(a.bottom - a.top, b.bottom - b.top)


# Dot leaders run a title to its page number; a title that nearly fills the line leaves
# room for two dots only ("… reducing crime?. .5").
_LEADERS = re.compile(r"^(?P<title>.*?\S)\s*(?:[.·…_]\s?){2,}\s*(?P<page>\d{1,3})$")
_ONE_DOT_LEADER = re.compile(r"^(?P<title>.*?\S)\s*[.·…_]\s?(?P<page>\d{1,3})$")
_LEADERS_ONLY = re.compile(r"^.*?\S\s*(?:[.·…_]\s?){3,}$")


def _contents_entry(page: Page, i: int) -> tuple[str, int, tuple] | None:
    """(title, printed page, box) when line `i` is a contents entry.

    Either the title runs into dot leaders and the number on one line, or the number
    stands apart at the right of the same row (leaders drawn as a tab with no dots).
    """
    line = page.lines[i]
    m = _LEADERS.match(line.raw_text.strip())
    if m:
        return m.group("title").strip(), int(m.group("page")), line.bbox
    if len(line.words) == 1 or not line.text:
        return None
    for j, other in enumerate(page.lines):
        if j == i or not other.raw_text.strip().isdigit() or len(other.raw_text.strip()) > 3:
            continue
        same_row = abs(other.bottom - line.bottom) < 0.3 * line.size and other.x0 > line.x1
        # A page number is set like its title; a figure beside its caption is set far larger.
        alike = abs(other.size - line.size) < 0.2 * line.size
        if same_row and alike and other.x0 - line.x1 > 2 * line.size:
            return line.text.strip(), int(other.raw_text.strip()), line.bbox
    return None


def _at_tab_stop(word, numbers_end: list[float], size: float) -> bool:
    """A page number (three digits at most) ending where the contents page's numbers end."""
    return (word.text.isdigit() and len(word.text) <= 3 and not word.superscript
            and _ends_at_tab_stop(word.x1, numbers_end, size))


def _ends_at_tab_stop(x1: float, numbers_end: list[float], size: float) -> bool:
    return any(abs(x1 - end) < 0.3 * size for end in numbers_end)


# A title's last word with its page number against it: "demand?6" (never "2018/19").
_GLUED_PAGE_NUMBER = re.compile(r"^(.*[A-Za-z?)])(\d{1,3})$")


def _number_at_tab_stop(page: Page, i: int, numbers_end: list[float], furniture) -> int | None:
    """The page number printed apart on line i's row, at the contents page's tab stop."""
    line = page.lines[i]
    for j, other in enumerate(page.lines):
        text = other.raw_text.strip()
        if (j != i and (page.number, j) not in furniture and text.isdigit() and len(text) <= 3
                and other.x0 > line.x1 and abs(other.bottom - line.bottom) < 0.3 * line.size
                and abs(other.size - line.size) < 0.2 * line.size and _ends_at_tab_stop(other.x1, numbers_end, line.size)):
            return int(text)
    return None


def _ends_wrapped_entry(line: Line, last: Line, left: float, right: float, line_gap: float, any_length: bool) -> bool:
    """`line`, with no page number, is the end of the title of the entry `last` above it, whose
    number a printer set on the title's first line (WeasyPrint): it stands under that line at
    the title's own leading and indent, the line above filled the column, and it stops well
    short of the column's end, as no first line of a wrapped title can (`any_length`: the page
    has shown it sets its numbers so, and the line may be of any length)."""
    width = right - left
    # Where the line above's title words end: its leaders and number run on to the column's end.
    title_end = max((w.x1 for w in last.words if not re.fullmatch(r"[.·…_\s]*\d*", w.text)), default=last.x0)
    return (_at_leading(last, line, line_gap)
            and abs(line.x0 - last.x0) < 0.5 * line.size
            and title_end - left >= FULL_LINE_RATIO * width
            and (any_length or line.x1 - left < FULL_LINE_RATIO * width))


def _contents(doc: Document, furniture: set[tuple[int, int]],
              line_gap: float = 0.15) -> tuple[set[tuple[int, int]], list[ContentsEntry]]:
    """The contents pages' lines ((page, index)) and their entries, wrapped titles joined."""
    from extractors.text import join_lines

    lines: set[tuple[int, int]] = set()
    entries: list[ContentsEntry] = []
    for page in doc.pages[:6]:  # a contents page comes near the front
        found = {i: e for i in range(len(page.lines)) if (page.number, i) not in furniture
                 for e in [_contents_entry(page, i)] if e is not None}
        if len(found) < CONTENTS_MIN_ENTRIES:
            continue
        # On a contents page, a title that fills its line may leave room for one dot only
        # ("… and supporting victims?.4"): an entry there, though too weak a sign elsewhere.
        # A title that fills its line up to the tab stop leaves no room for leaders at all:
        # its number still ends where the other entries' numbers end (a right tab).
        # (A number may be one word with the leaders before it: "......3".)
        numbers_end = [page.lines[i].words[-1].x1 for i in found if page.lines[i].words[-1].text[-1:].isdigit()]
        numbers_end += [line.x1 for line in page.lines if line.raw_text.strip().isdigit()]
        for i in range(len(page.lines)):
            if i in found or (page.number, i) in furniture:
                continue
            line = page.lines[i]
            m = _ONE_DOT_LEADER.match(line.raw_text.strip())
            if m:
                found[i] = (m.group("title").strip(), int(m.group("page")), line.bbox)
            elif len(line.words) > 1 and _at_tab_stop(line.words[-1], numbers_end, line.size):
                found[i] = (" ".join(w.text for w in line.words[:-1] if not w.superscript), int(line.words[-1].text),
                            line.bbox)
            elif (glued := _GLUED_PAGE_NUMBER.match(line.words[-1].text)) and _ends_at_tab_stop(line.words[-1].x1,
                                                                                             numbers_end, line.size):
                # "… future demand?6": the title runs up to the tab stop, the number against it.
                title = " ".join([w.text for w in line.words[:-1] if not w.superscript] + [glued.group(1)])
                found[i] = (title, int(glued.group(2)), line.bbox)
            elif (number := _number_at_tab_stop(page, i, numbers_end, furniture)) is not None:
                # The number stands apart on the row, where the other entries' numbers end.
                found[i] = (line.text.rstrip(" .·…_"), number, line.bbox)
        top = min(page.lines[i].top for i in found)
        bottom = max(page.lines[i].bottom for i in found)
        span = sorted((i for i in range(len(page.lines)) if (page.number, i) not in furniture
                       and top - 3 * page.lines[i].size <= page.lines[i].top and page.lines[i].bottom <= bottom + 0.5),
                      key=lambda i: (page.lines[i].top, page.lines[i].x0))
        left, right = min(page.lines[i].x0 for i in found), max(numbers_end, default=max(page.lines[i].x1 for i in found))

        def read(any_tail: bool) -> tuple[set[tuple[int, int]], list[ContentsEntry], int]:
            """The page's contents lines and entries, and how many titles' last lines stood under
            the line with their number; with `any_tail`, of any length (else only short ones)."""
            page_lines: set[tuple[int, int]] = set()
            page_entries: list[ContentsEntry] = []
            tails = 0
            pending: list[int] = []  # lines of a title wrapped before its page number
            last = None  # the last line of title words of the entry read last
            for i in span:
                line = page.lines[i]
                if line.raw_text.strip().isdigit() and any(abs(line.bottom - page.lines[j].bottom) < 0.3 * line.size for j in found):
                    page_lines.add((page.number, i))
                    continue
                if _LEADERS_ONLY.match(line.raw_text.strip()):
                    # Leaders with no page number after them (a title too long for the line, its
                    # number printed over it): a contents line, but no entry to check.
                    page_lines.update((page.number, k) for k in pending + [i])
                    pending = []
                    continue
                if i in found:
                    title, printed, box = found[i]
                    # A title wrapped before its leaders leaves a line of leaders alone (". . . 6").
                    title = title.rstrip(" .·…_")
                    parts = [page.lines[k].text for k in pending] + ([title] if title else [])
                    page_entries.append(ContentsEntry(join_lines(parts), printed, page.number, box))
                    page_lines.update((page.number, k) for k in pending + [i])
                    # A number set apart on the row ("...5") holds no title words.
                    last = line if title or not pending else page.lines[pending[-1]]
                    pending = []
                elif (last is not None and not pending
                      and _ends_wrapped_entry(line, last, left, right, line_gap, any_tail)
                      # A line whose row holds a number ("...5" set apart) opens an entry of its own.
                      and not any(level_with(page.lines[j], line) for j in found)):
                    page_entries[-1] = replace(page_entries[-1], title=join_lines([page_entries[-1].title, line.text]))
                    page_lines.add((page.number, i))
                    last, tails = line, tails + 1
                elif line.top >= top:
                    pending.append(i)
            return page_lines, page_entries, tails

        page_lines, page_entries, tails = read(any_tail=False)
        if tails:
            # A short last line under its title's number shows the page sets each number on its
            # title's first line: every wrapped title on it ends under its number.
            page_lines, page_entries, _ = read(any_tail=True)
        lines |= page_lines
        entries += page_entries
    return lines, entries


def document_to_structure(doc: Document) -> Structure:
    body = document_body_size(doc)
    line_gap = document_line_gap(doc, body)
    text_colour = document_text_colour(doc)
    furniture = _furniture(doc)
    contents_lines, contents = _contents(doc, furniture, line_gap)
    heading_sizes: Counter[float] = Counter()
    roles: list[tuple[Page, int, str]] = []
    open_note = False  # the last footnote of the page before stops mid-sentence
    unfinished_note = False  # ... and mid-phrase, where no sentence can stop
    had_notes = False  # the page before has footnotes, the last of which may run on
    room_after_note = 0.0  # how far the page before's last footnote line stops short of the right edge
    note_end = ""  # the text of the page before's last footnote line
    note_bottom = 0.0  # where the page before's lowest footnote line stands
    notes_ruled = False  # the page before's notes stand under a separator rule
    notes_size = 0.0  # the type size of the page before's notes
    # The lowest any text stands on a page: where the text of a full page ends.
    text_foot = max((line.bottom for page in doc.pages for i, line in enumerate(page.lines)
                     if (page.number, i) not in furniture), default=0.0)
    notes_pitch: float | None = None  # how far apart one note's lines follow on the page before
    pending: frozenset[int] = frozenset()  # cited on the page before, their notes not printed there
    last_note = 0  # the number of the last note the page before printed
    for page in doc.pages:
        zone, ruled = _footnote_zone(page, body, furniture, pending, line_gap, last_note, open_note)
        # A note carried over runs on under the page's separator rule, where there is one: a
        # line above the rule opening in lower case (a web address) is the body's.
        if open_note and not ruled:
            zone |= _continued_note(page, zone, furniture, line_gap, unfinished_note, notes_pitch)
        if had_notes and not ruled:
            zone |= _note_run_on_above_notes(page, zone, furniture, lambda line: _is_heading(line, body, text_colour),
                                             room_after_note, note_end)
        # Notes under a rule go on under one: the rule is drawn on every page with notes.
        if had_notes and not ruled and not zone and not open_note and not notes_ruled:
            zone |= _note_rest_at_foot(page, furniture, line_gap, lambda line: _is_heading(line, body, text_colour),
                                       room_after_note, note_bottom, text_foot, notes_size)
        open_note = _ends_open(page, zone)
        unfinished_note = open_note and ends_mid_phrase(_last_line_text(page, zone))
        had_notes = bool(zone)
        room_after_note = _room_after_last_note(page, zone, furniture)
        note_end = _last_line_text(page, zone)
        note_bottom = max((page.lines[i].bottom for i in zone), default=0.0)
        notes_ruled = ruled
        notes_size = min((page.lines[i].size for i in zone), default=0.0)
        notes_pitch = _notes_pitch(page, zone)
        last_note = max(_notes_opened(page, zone, _cited_in_text(page) | pending), default=0)
        pending = _notes_still_to_print(page, zone, pending)
        banded = _banded_headings(page)
        for i, line in enumerate(page.lines):
            if (page.number, i) in furniture:
                role = "furniture"
            elif (page.number, i) in contents_lines:
                role = "contents"
            elif i in zone:
                role = "footnote"
            elif i in banded or _is_heading(line, body, text_colour):
                role = "heading"
                if page.number > 1 and line.size >= HEADING_SIZE_RATIO * body:
                    heading_sizes[round(line.size * 2) / 2] += 1
            else:
                role = "body"
            roles.append((page, i, role))
    roles = _bold_paragraph_starts(_wrapped_heading_starts(roles, line_gap, text_colour), body, line_gap)
    ranked = sorted(heading_sizes, reverse=True)
    lines: list[TextLine] = []
    for page, i, role in roles:
        line = page.lines[i]
        level = 0
        if role == "heading":
            size = round(line.size * 2) / 2
            level = ranked.index(size) + 1 if size in ranked else len(ranked) + 1
        lines.append(TextLine(page.number, line, role, level))
    return Structure(doc, body, tuple(lines), tuple(contents), line_gap)


def _wrapped_heading_starts(roles: list[tuple[Page, int, str]], line_gap: float,
                            text_colour=None) -> list[tuple[Page, int, str]]:
    """A heading wrapped after a comma ("… those who are vulnerable," / "and supporting
    victims?") is one heading: its first line, set like the heading line straight under
    it (bold, or in the headings' own colour), is no sentence of the body."""

    def marked(line) -> bool:
        colour = line.words[0].color if line.words else None
        return line.bold or (colour is not None and text_colour is not None and colour != text_colour)

    def alike(line, below) -> bool:
        return (line.bold == below.bold and (line.words[0].color == below.words[0].color)
                and abs(below.size - line.size) < 0.05 * line.size)

    out = list(roles)
    headings: dict[int, list[int]] = defaultdict(list)  # page number -> its heading lines
    for page, i, role in out:
        if role == "heading":
            headings[page.number].append(i)
    for k in range(len(out) - 1, -1, -1):
        page, i, role = out[k]
        line = page.lines[i]
        if role != "body" or not marked(line) or not line.text.endswith((",", ";", "–", "-")):
            continue
        for j in headings[page.number]:
            below = page.lines[j]
            if (0 <= below.top - line.bottom < continuation_gap(line_gap) * line.size and starts_under(line, below)
                    and alike(line, below)):
                out[k] = (page, i, "heading")
                headings[page.number].append(i)  # a heading wrapped over three lines
                break
    return out


_SENTENCE_BREAK = re.compile(r"[a-z][.!?]\s+[A-Z]")


def _bold_paragraph_starts(roles: list[tuple[Page, int, str]], body: float, line_gap: float) -> list[tuple[Page, int, str]]:
    """A bold line at body size that runs on into a bold line of prose under it is the first
    line of a bold paragraph, not a heading ("The force does not supervise its investigations
    well enough, and victims are not always kept" / "informed. This means that ...")."""
    out = list(roles)
    for k in range(len(out) - 1):
        page, i, role = out[k]
        line = page.lines[i]
        if role != "heading" or not line.bold or line.size >= HEADING_SIZE_RATIO * body:
            continue
        below_page, j, below_role = out[k + 1]
        below = below_page.lines[j]
        if below_page is not page or below_role != "body" or not below.bold:
            continue
        text = below.text.rstrip()
        # A sentence ends inside either line, or the line below ends one: headings hold none.
        prose = (_SENTENCE_BREAK.search(line.text) or _SENTENCE_BREAK.search(text)
                 or (text.endswith((".", "!", "?", ":")) and len(text.split()) > 3))
        if (prose and abs(below.size - line.size) < 0.05 * line.size and starts_under(line, below)
                and 0 <= below.top - line.bottom < continuation_gap(line_gap) * line.size):
            out[k] = (page, i, "body")
    return out


def document_text_colour(doc: Document):
    """The colour most of the document's text is printed in."""
    counts: Counter = Counter()
    for page in doc.pages:
        for line in page.lines:
            for w in line.words:
                counts[w.color] += len(w.text)
    return counts.most_common(1)[0][0] if counts else (0, 0, 0)


def _line_colour(line: Line):
    counts: Counter = Counter()
    for w in line.words:
        if not w.superscript:
            counts[w.color] += len(w.text)
    return counts.most_common(1)[0][0] if counts else None


def _banded_headings(page: Page) -> set[int]:
    """The lines set light on a dark band across the text: a heading in a band, as report
    templates set parts' headings. The band holds that heading alone (its lines one under
    another at one left edge); light text on a narrower fill, or beside other light text on
    one band (a table's header row), labels a box or a cell and heads nothing."""
    width = page.width
    found: set[int] = set()
    for g in page.graphics:
        if g.kind != "rect" or g.fill is None or not _is_ink(g.fill) or g.x1 - g.x0 < BAND_WIDTH_RATIO * width:
            continue
        inside = [i for i, line in enumerate(page.lines)
                  if g.x0 - 1 <= line.x0 and line.x1 <= g.x1 + 1
                  and g.top - 1 <= (line.top + line.bottom) / 2 <= g.bottom + 1]
        if not inside or any(g.bottom - g.top > BAND_HEIGHT_EM * page.lines[i].size for i in inside):
            continue
        colours = [_line_colour(page.lines[i]) for i in inside]
        if all(_is_light(c) for c in colours) and \
                all(abs(page.lines[i].x0 - page.lines[inside[0]].x0) < page.lines[i].size for i in inside):
            found.update(inside)
    return found


def _is_heading(line: Line, body: float, text_colour=(0, 0, 0)) -> bool:
    text = line.text
    if not text or all(FIGURE.match(w.text) for w in line.words):
        return False  # infographic figures are large but are not headings
    # A line read from a picture is sized by estimate: a little larger than the body, it heads
    # only if bold too (an italic description read a tenth large is still a description).
    if line.size >= HEADING_SIZE_RATIO * body and (
            line.bold or line.size >= OCR_HEADING_SIZE_RATIO * body or not line.read_by_ocr):
        return True
    short = line.size >= 0.95 * body and len(text) <= 120 and not text.endswith((".", ",", ";", ":"))
    # A short, wholly bold line at body size is a minor heading; so is a short line set in
    # a colour of its own (house styles that mark headings by colour alone).  White text is
    # a label on a filled box, not a heading.
    colour = _line_colour(line)
    if _is_light(colour):
        return False  # white text labels a filled box (a grade cell, a panel); it heads nothing
    # OCR reads no colour (its words are given black): a line read from a picture is never
    # set apart by colour, as a document whose text is grey would make every such line.
    coloured = (colour is not None and colour != text_colour and colour != (255, 255, 255) and not line.bold
                and not line.read_by_ocr)
    return short and (line.bold or (coloured and _is_ink(colour)))


def _same_type(above: Line, line: Line) -> bool:
    """Whether two heading lines are set alike, as a heading wrapped onto a second line is.

    A bold caption line ("For further information ... see annex A") close above a heading
    set in colour is not that heading's first line.  A line read from a picture has its
    weight seen in strokes: it is not held to its neighbour's.
    """
    if above.read_by_ocr or line.read_by_ocr:
        return True
    return above.bold == line.bold and _line_colour(above) == _line_colour(line)


def _is_light(colour) -> bool:
    """White or near it: text in it labels a filled box (or heads a band), it is not ink on paper."""
    return colour is not None and min(colour) >= 230


def _is_ink(colour) -> bool:
    """A colour dark or saturated enough to print a heading in (not a pale tint)."""
    r, g, b = colour
    return min(r, g, b) < 200


@dataclass(frozen=True)
class HeadingBlock:
    """A heading with its wrapped lines joined."""

    page: int
    level: int
    text: str
    bbox: tuple[float, float, float, float]
    start: int  # index of its first line in Structure.lines
    end: int  # index after its last line


def body_right_edges(structure: Structure) -> dict[int, float]:
    """Where each page's body lines end at their longest: the text column's right edge."""
    edges: dict[int, float] = {}
    for t in structure.lines:
        if t.role == "body":
            edges[t.page] = max(edges.get(t.page, 0.0), t.line.x1)
    return edges


def ended_paragraph(above: TextLine, below: TextLine, right_edges: dict[int, float]) -> bool:
    """The line above ends a sentence short of the text's edge, with room for the line below's first word.

    Word processors wrap a line only where the next word does not fit, so such a line ended
    its paragraph, though nothing else may show it: no gap, no indent, no bullet (a printing
    that drops a list's bullets and the space between its paragraphs), or a page break
    between the two.  The edge is the longest body line of the page above, never further
    right than the true margin, so a line it says had room did have room.
    """
    if not above.text.rstrip().endswith((".", "?", "!", ":", ";")):
        return False
    return room_after_next_word(above, below, right_edges.get(above.page, 0.0)) > ROOM_TO_SPARE_EM * below.line.size


def room_after_next_word(above: TextLine, below: TextLine, right_edge: float) -> float:
    """How much room (points) the line above leaves before `right_edge` once a word space and
    the line below's first word are set after it: below nothing, the word could not fit there."""
    first = below.line.words[0]
    return right_edge - above.line.x1 - 0.25 * below.line.size - (first.x1 - first.x0)


def heading_blocks(structure: Structure) -> list[HeadingBlock]:
    from extractors.heading_case import capitals_to_case, is_in_capitals
    from extractors.model import union_bbox
    from extractors.text import join_lines

    blocks: list[HeadingBlock] = []
    raw: list[list[str]] = []  # each block's printed lines, joined afresh as lines are added
    # The text column's right edge: where the body's longest lines end.
    right_edge = max((t.line.x1 for t in structure.lines if t.role == "body"), default=0.0)

    def wrapped(above: TextLine, t: TextLine) -> bool:
        """The line's first word would not have fit after the line above, which stops mid-sentence:
        a heading wrapped there (a heading ending "?" and its grade under it are two)."""
        return (not above.text.rstrip().endswith((".", "?", "!", ":"))
                and room_after_next_word(above, t, right_edge) < 0)

    def evenly_spaced(block: HeadingBlock, t: TextLine) -> bool:
        """A heading's wrapped lines follow at one leading: a line set further below a block of
        two or more lines than they are apart starts another block (a figure's bold title and
        source lines, then the section heading under them, in a house style setting all three alike)."""
        if block.end - block.start < 2:
            return True
        above, last = structure.lines[block.end - 2].line, structure.lines[block.end - 1].line
        return t.line.top - last.bottom <= last.top - above.bottom + LINE_GAP_SLACK_EM * t.line.size

    titles = [_SECTION_NUMBER.sub("", e.title, count=1) for e in structure.contents]

    def joined(parts: list[str]) -> str:
        # A heading's section number ("2.", "3.1") is the house style's, not the heading's words.
        text = _SECTION_NUMBER.sub("", join_lines(parts, structure.vocabulary), count=1)
        # A heading set in capitals is written as the document writes its words elsewhere.
        return capitals_to_case(text, structure.word_cases, titles) if is_in_capitals(text) else text

    for i, t in enumerate(structure.lines):
        if t.role != "heading":
            continue
        prev = blocks[-1] if blocks else None
        if (
            prev is not None
            and prev.end == i
            # A grade ("Good") is a whole line, set close above the next heading by some house
            # styles; the heading under it starts afresh unless its first word could not fit beside it.
            and not (canonical_grade(prev.text) and not wrapped(structure.lines[i - 1], t))
            # Nor is a grade set under a heading long enough that the grade could not fit beside
            # it the heading's last line: no heading's words end on a grade alone.
            and not canonical_grade(t.text)
            and _same_type(structure.lines[i - 1].line, t.line)
            and prev.page == t.page
            and prev.level == t.level
            and 0 <= t.line.top - prev.bbox[3]
            and evenly_spaced(prev, t)
            and (t.line.top - prev.bbox[3] < 0.8 * t.line.size or structure.follows_on(t.line.top - prev.bbox[3], t.line.size)
                 or (t.line.top - prev.bbox[3] < 1.5 * t.line.size and wrapped(structure.lines[i - 1], t)
                     # A heading wraps closer than the document sets its paragraphs apart.
                     and not structure.parts_paragraphs(t.line.top - prev.bbox[3], t.line.size)))
            and t.line.x0 < prev.bbox[2]
            and t.line.x1 > prev.bbox[0]
        ):
            raw[-1].append(t.text)
            blocks[-1] = HeadingBlock(
                prev.page, prev.level, joined(raw[-1]), union_bbox([prev.bbox, t.line.bbox]), prev.start, i + 1
            )
        else:
            raw.append([t.text])
            blocks.append(HeadingBlock(t.page, t.level, joined([t.text]), t.line.bbox, i, i + 1))
    return blocks
