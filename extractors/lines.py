"""Group a page's words into lines and mark superscripts.

Only relative measures are used: vertical overlap between words, gaps in
multiples of the font size, sizes relative to the line's own text.  That is
what lets the same rules read reports printed by different producers.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace

from extractors.model import DESCENT_EM, Line, Word
from extractors.text import FIGURE
from extractors.thresholds import (
    BULLET_GAP_EM,
    BULLET_MAX_EM,
    COLUMN_GAP_EM,
    FIGURE_GAP_EM,
    FIGURE_SIZE_RATIO,
    NUMBER_TAB_EM,
    SAME_BASELINE_EM,
    SMALL_CAPITALS_MAX_RATIO,
    SMALL_CAPITALS_MIN_RATIO,
    SMALL_CAPITALS_PITCH_EM,
    SUPERSCRIPT_RISE_EM,
    SUPERSCRIPT_SIZE_RATIO,
)


def word_baseline(w: Word) -> float:
    return w.bottom - DESCENT_EM * w.size


def _number_part(text: str) -> str:
    """A raised number's digits without the marks a house style may set about them: a stop
    or bracket after ("7.", "7)"), brackets about ("(7)", "[7]")."""
    return text.lstrip("([").rstrip(".)]")


def _is_satellite(row: list[Word]) -> bool:
    """A row made only of digits: maybe superscripts cut off from their line ("7", "7,8", or a
    footnote's own raised number printed with a stop or between brackets, "7.", "[7]")."""
    return all(ch.isdigit() or ch == "," for w in row for ch in _number_part(w.text) if _number_part(w.text))


def words_to_rows(words: list[Word]) -> list[list[Word]]:
    """Cluster words on a common baseline into rows, then re-attach superscripts.

    Rows are made by baseline, not by vertical overlap, so a large figure in a
    neighbouring column cannot pull two lines of small text together.  A
    superscript that only rises (same size) has its own baseline; it is put
    back into the line it touches horizontally.
    """
    rows: list[list[Word]] = []
    bases: list[float] = []
    for word in sorted(words, key=word_baseline):
        b = word_baseline(word)
        if rows and b - bases[-1] <= SAME_BASELINE_EM * word.size:
            rows[-1].append(word)
        else:
            rows.append([word])
            bases.append(b)
    for k, row in enumerate(rows):
        if not _is_satellite(row):
            continue
        for w in list(row):
            target = _touching_row(w, rows, k)
            if target is not None:
                row.remove(w)
                rows[target].append(w)
    return [sorted(r, key=lambda w: w.x0) for r in rows if r]


def _touching_row(w: Word, rows: list[list[Word]], own: int) -> int | None:
    """The row whose text `w` is glued to and raised above, if any."""
    best, best_rise = None, float("inf")
    for k in range(max(0, own - 3), min(len(rows), own + 4)):
        if k == own:
            continue
        for u in rows[k]:
            overlaps = min(u.bottom, w.bottom) > max(u.top, w.top)
            gap = w.x0 - u.x1 if w.x0 >= u.x0 else u.x0 - w.x1
            rise = u.bottom - w.bottom  # a superscript sits higher than its line
            # A smaller number ahead of a row's first word, across a tab, numbers it
            # (a footnote's own superscript number, "1<tab>Full details ...").
            leads = (w.x1 <= u.x0 and u is min(rows[k], key=lambda x: x.x0) and w.size < SUPERSCRIPT_SIZE_RATIO * u.size
                     and gap <= NUMBER_TAB_EM * u.size)
            if overlaps and (-1.0 <= gap <= 0.6 * u.size or leads) and 0 <= rise < best_rise:
                best, best_rise = k, rise
    return best


def _dominant_size(words: list[Word]) -> float:
    """The size most of the line's text is set in. Raised small numbers (footnote markers)
    are not counted: a short line such as "2017¹²,¹³" is set at the size of "2017"."""
    counts: Counter[float] = Counter()
    for w in words:
        if not _raised_number(w, words):
            counts[round(w.size, 1)] += len(w.text)
    if not counts:
        return _dominant_size_of_all(words)
    return counts.most_common(1)[0][0]


def _dominant_size_of_all(words: list[Word]) -> float:
    counts: Counter[float] = Counter()
    for w in words:
        counts[round(w.size, 1)] += len(w.text)
    return counts.most_common(1)[0][0]


def _raised_number(w: Word, words: list[Word]) -> bool:
    return bool(_MARKER_TEXT.fullmatch(w.text)) and any(
        o.size >= w.size / SUPERSCRIPT_SIZE_RATIO and w.bottom < o.bottom - SUPERSCRIPT_RISE_EM * o.size for o in words
    )


_MARKER_TEXT = re.compile(r"\d{1,3}(?:[,\u2013-]\d{1,3})*")


_LEADING_NUMBER = re.compile(r"^[(\[]?\d{1,3}(?:\.\d{1,3})*[.)\]]?\.?$")


Divider = tuple[float, float, float]  # x, top, bottom of a vertical rule or a filled box's side


def row_to_lines(row: list[Word], dividers: list[Divider] = ()) -> list[Line]:
    """Split a row at column-sized gaps and at cell borders, and mark its superscripts."""
    segments: list[list[Word]] = [[row[0]]]
    for prev, word in zip(row, row[1:]):
        gap = word.x0 - prev.x1
        wide = gap > COLUMN_GAP_EM * max(prev.size, word.size) and not _number_before_its_text(segments, word, gap)
        if wide or _divided(prev, word, dividers) or _apart_in_size(prev, word, gap):
            segments.append([word])
        else:
            segments[-1].append(word)
    return [_segment_to_line(seg) for seg in segments]






def _apart_in_size(prev: Word, word: Word, gap: float) -> bool:
    """A large figure beside its small caption is a line of its own.

    A figure after its caption stands apart however close it is set (nothing small is
    glued before a figure); a small word after a figure must stand off from it, since a
    note marker or unit may be glued to the figure's end.
    """
    small, large = sorted((prev, word), key=lambda w: w.size)
    return (
        large.size >= FIGURE_SIZE_RATIO * small.size
        and (large is word or gap > FIGURE_GAP_EM * large.size)
        and bool(FIGURE.match(large.text))
        and not _number_part(small.text).replace(",", "").isdigit()
    )


def _divided(prev: Word, word: Word, dividers: list[Divider]) -> bool:
    """A cell border (a vertical rule, or the side of a filled cell) runs between the two
    words, across the middle half of their height: the border of a cell above that ends
    just inside the line's box (its letters clear of it) parts nothing."""
    top, bottom = max(prev.top, word.top), min(prev.bottom, word.bottom)
    quarter = (bottom - top) / 4
    return any(prev.x1 - 0.5 <= x <= word.x0 + 0.5 and d_top <= top + quarter and bottom - quarter <= d_bottom
               for x, d_top, d_bottom in dividers)


def graphics_to_dividers(graphics) -> list[Divider]:
    """The vertical borders that separate table cells and panels: rules, and the sides of fills."""
    out: list[Divider] = []
    for g in graphics:
        if not g.visible:
            continue
        if g.x1 - g.x0 <= 2.0 and g.bottom - g.top > 4.0:
            out.append(((g.x0 + g.x1) / 2, g.top, g.bottom))
        elif g.kind == "rect" and g.fill is not None and g.fill != (255, 255, 255) and g.bottom - g.top > 4.0:
            out += [(g.x0, g.top, g.bottom), (g.x1, g.top, g.bottom)]
        elif g.kind == "rect" and g.stroke is not None and g.bottom - g.top > 4.0:
            out += [(g.x0, g.top, g.bottom), (g.x1, g.top, g.bottom)]
    return out


def graphics_to_bullets(graphics, words: list[Word]) -> list[Word]:
    """List bullets drawn as shapes, each as a "•" word before the text it heads.

    Some producers draw a bullet as a small filled dot or square rather than print a
    bullet character: the text alone would then run the items of a list together. A
    shape counts when it is small beside the text, about as wide as high, level with the
    middle of the first word after it, and no word stands just before it on that line.
    """
    out: list[Word] = []
    if not words:
        return out
    # Words by top, so each shape looks only at the words that can be level with it (a
    # page of vector art may hold thousands of small shapes).
    by_top = sorted(words, key=lambda w: w.top)
    tops = [w.top for w in by_top]
    tallest = max(w.bottom - w.top for w in words)
    for g in graphics:
        width, height = g.x1 - g.x0, g.bottom - g.top
        if not g.visible or width <= 0 or height <= 0 or not 0.6 <= width / height <= 1.6:
            continue
        middle = (g.top + g.bottom) / 2
        near = by_top[bisect_left(tops, middle - tallest):bisect_right(tops, middle)]
        level = [w for w in near if w.top <= middle <= w.bottom]
        after = [w for w in level if 0 <= w.x0 - g.x1 <= BULLET_GAP_EM * w.size]
        if not after:
            continue
        first = min(after, key=lambda w: w.x0)
        if not (0.1 * first.size <= width <= BULLET_MAX_EM * first.size):
            continue
        if any(w.x1 <= g.x0 + 0.1 and g.x0 - w.x1 < COLUMN_GAP_EM * w.size for w in level):
            continue  # inside a line of text: no bullet
        out.append(Word("•", round(g.x0, 2), first.top, round(g.x1, 2), first.bottom, first.size,
                        color=g.fill or g.stroke or first.color))
    return out


def _number_before_its_text(segments: list[list[Word]], word: Word, gap: float) -> bool:
    if len(segments) != 1 or len(segments[0]) != 1:
        return False
    number = segments[0][0]
    # Two plain numbers a tab apart are two cells; a superscript number before a figure
    # is still a note's number ("26<tab>60 case files were reviewed").
    superscript = number.size < SUPERSCRIPT_SIZE_RATIO * word.size
    return (
        bool(_LEADING_NUMBER.match(number.text))
        and number.size <= 1.05 * word.size
        and (superscript or not word.text[:1].isdigit())
        and gap <= NUMBER_TAB_EM * word.size
    )


def _small_capitals_size(words: list[Word], size: float) -> float | None:
    """The size of a line set in small capitals the font lacks, drawn as smaller capitals:
    each word's capital at the full size, its other letters at `size` ("P" + "REVENTING
    CRIME"). None for any other line: one where no letter at the full size is glued to the
    smaller letters after it, or whose larger words are of more than one size.

    The case of the text is no guide: Writer gives capitals, Chromium the letters typed
    ("E" + "ffectiveness"), WeasyPrint either case at random ("p" + "reventIng crIme")."""
    full = max(w.size for w in words)
    if not SMALL_CAPITALS_MIN_RATIO * full <= size <= SMALL_CAPITALS_MAX_RATIO * full:
        return None
    larger = [w for w in words if w.size > 1.05 * size]
    if any(w.size < 0.95 * full for w in larger):
        return None  # a word of another size than the capitals' (a figure, a heading run in)
    # A full capital glued to the smaller letters after it: a word's first letter.
    opens = any(len(w.text) == 1 and w.text.isalpha()
                and any(-0.1 * full < u.x0 - w.x1 < 0.1 * full and u.size <= 1.05 * size and u.text[:1].isalpha()
                        for u in words)
                for w in larger)
    return full if opens else None


def _in_capitals(words) -> tuple[Word, ...]:
    """Words in small capitals as the capitals they are drawn as (see `_small_capitals_size`)."""
    return tuple(replace(w, text=w.text.upper()) if w.text != w.text.upper() else w for w in words)


def _segment_to_line(words: list[Word]) -> Line:
    size = _dominant_size(words)
    capitals = _small_capitals_size(words, size)
    if capitals is not None:
        size, words = capitals, list(_in_capitals(words))
    body = [w for w in words if abs(w.size - size) < 0.05 * size] or words
    baseline = sorted(w.bottom for w in body)[len(body) // 2]
    marked = []
    for i, w in enumerate(words):
        smaller = w.size < SUPERSCRIPT_SIZE_RATIO * size
        raised = w.bottom < baseline - SUPERSCRIPT_RISE_EM * size
        # A superscript is glued to the text before it (or starts a footnote).
        glued = i == 0 or w.x0 - words[i - 1].x1 < 0.25 * size
        superscript = (smaller or raised) and glued and _number_part(w.text)[:1].isdigit()
        # A new word only where the mark changes: most words are neither, and a report has 70,000.
        marked.append(w if w.superscript == superscript else replace(w, superscript=superscript))
    ordinary = [w for w in marked if not w.superscript] or marked
    return Line(
        words=tuple(marked),
        size=size,
        bold=all(w.bold for w in ordinary),
    )


def words_to_lines(words: list[Word], dividers: list[Divider] = ()) -> list[Line]:
    lines: list[Line] = []
    for row in words_to_rows(words):
        lines.extend(row_to_lines(row, dividers))
    return _small_capitals_run_on(lines)


def _wraps_under(heading: Line, line: Line) -> bool:
    """The line starts where a heading's wrapped line does: at its left edge, or under its
    text after a number that opens it ("4.", "2.3": a hanging indent)."""
    starts = [heading.x0]
    if len(heading.words) > 1 and _LEADING_NUMBER.match(heading.words[0].text):
        starts.append(heading.words[1].x0)
    return any(abs(line.x0 - x) <= 0.3 * heading.size for x in starts)


def _small_capitals_run_on(lines: list[Line]) -> list[Line]:
    """Lines in small capitals under a line in small capitals, set at its size.

    A heading in small capitals wraps onto lines whose words may all open lower-case
    ("How effective is the force" / "at protecting from harm ..."): all of their letters
    drawn smaller, nothing on the line shows its size. Under a line of the same small
    capitals, starting where it starts, no further below it than a double-spaced heading's
    next line, in its weight and colour, they are its lines.
    """
    out = list(lines)
    above: list[tuple[Line, float]] = []  # lines in small capitals so far, with their letters' drawn size
    for k, line in enumerate(lines):
        if not above and all(w.size == line.words[0].size for w in line.words):
            continue  # most lines: of one size, with no small capitals above
        drawn = _dominant_size(list(line.words))
        if line.size > 1.05 * drawn:
            above.append((line, drawn))
            continue
        # Small capitals are drawn at one share of the size: the same size to a hundredth (a
        # panel's bold title under "FORCE IN NUMBERS" may differ from them by a twentieth).
        heading = next((h for h, small in reversed(above)
                        if abs(drawn - small) < 0.01 * small and h.bold == line.bold
                        and 0 < line.bottom - h.bottom <= SMALL_CAPITALS_PITCH_EM * h.size
                        and _wraps_under(h, line) and line.words[0].color == h.words[0].color), None)
        # Its larger words are capitals as the heading's are (an initialism kept in capitals).
        if heading is not None and any(ch.isalpha() for ch in line.raw_text) and all(
                w.size <= 1.05 * drawn or (w.size <= 1.05 * heading.size and not any(ch.islower() for ch in w.text))
                for w in line.words):
            out[k] = replace(line, size=heading.size, words=_in_capitals(line.words))
            above.append((out[k], drawn))
    return out
