"""Lay a parsed report out on A4 pages as a list of drawing operations.

The layout is deliberately close to the published PEEL reports: a cover, a
contents page with dot leaders, the "Force in numbers" infographic, the
judgments table, one new page per part, superscript footnote markers with the
footnote text at the foot of the page that cites it, page numbers in the
footer.  A `Theme` varies fonts, sizes, margins and the infographic's
arrangement so the same report can be printed several different ways; the
backends in `renderers.backends` turn the operations into PDF files.

Coordinates here are points from the top-left corner of the page; `y` of a
text operation is its baseline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from renderers.source_text import (
    Contents,
    ForceInNumbers,
    GradeLine,
    Heading,
    Judgments,
    Paragraph,
    ReportSource,
    Run,
)

A4 = (595.28, 841.89)
Measure = Callable[[str, str, float], float]  # (text, font key, size) -> width


@dataclass(frozen=True)
class Theme:
    name: str
    family: str  # "sans" or "serif"; the backend maps it to real fonts
    body_size: float = 11.0
    leading: float = 1.3
    margins: tuple[float, float, float, float] = (72.0, 72.0, 72.0, 72.0)  # left, top, right, bottom
    h1_size: float = 20.0
    h2_size: float = 14.0
    h3_size: float = 12.5
    footnote_size: float = 8.5
    value_size: float = 22.0
    sup_mode: str = "both"  # "both" (smaller and raised), "smaller", "raised"
    fin_columns: int = 2  # infographic blocks per row; 1 stacks them
    running_header: bool = False
    paragraph_gap: float = 0.6  # in lines
    # Things real PDFs do, switched on to test the extractors against them:
    split_footnotes: bool = False  # a footnote that does not fit runs on at the foot of the next page
    table_split_after: int | None = None  # break the judgments table after this many rows, repeating its header
    soft_hyphens: bool = False  # hyphenate long words at line ends with a soft hyphen (U+00AD)
    ligatures: bool = False  # draw "fi" and "fl" as ligature characters
    fake_bold: bool = False  # draw bold text twice, slightly offset, in the regular font
    shuffle: bool = False  # write each page's text in a scrambled order
    fin_as_image: bool = False  # the infographic is a picture with no text layer, as in the published reports
    judgments_header: bool = True  # print the judgments table's "Question / Grade / Last inspected" header
    upper_labels: bool = False  # infographic labels in capitals ("ENGLAND AND WALES")
    scanned: bool = False  # every page is a picture: a scan with no text layer at all

    def __post_init__(self) -> None:
        if self.sup_mode not in ("both", "smaller", "raised"):
            raise ValueError(f"unknown sup_mode {self.sup_mode!r}")
        if self.fin_columns < 1:
            raise ValueError("fin_columns must be at least 1")


@dataclass
class TextOp:
    x: float
    y: float
    text: str
    font: str  # "regular" | "bold" | "italic" | "bolditalic"
    size: float


@dataclass
class RuleOp:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    fill: float | None = None  # grey level for a filled rectangle; None draws a line


@dataclass
class PageOps:
    ops: list[object] = field(default_factory=list)


def _font_key(run: Run, bold: bool = False) -> str:
    b = run.bold or bold
    if b and run.italic:
        return "bolditalic"
    if b:
        return "bold"
    if run.italic:
        return "italic"
    return "regular"


@dataclass
class _Frag:
    text: str
    font: str
    sup: bool


@dataclass
class _Word:
    frags: list[_Frag]
    space_before: bool


def runs_to_words(runs: list[Run], bold: bool = False) -> list[_Word]:
    words: list[_Word] = []
    pending_space = False
    for run in runs:
        font = _font_key(run, bold)
        if run.sup:
            if words:
                words[-1].frags.append(_Frag(run.text, font, True))
            else:
                words.append(_Word([_Frag(run.text, font, True)], False))
            continue
        parts = re.split(r"(\s+)", run.text)
        for part in parts:
            if not part:
                continue
            if part.isspace():
                pending_space = True
                continue
            if words and not pending_space:
                words[-1].frags.append(_Frag(part, font, False))
            else:
                words.append(_Word([_Frag(part, font, False)], bool(words)))
            pending_space = False
    return words


class Layout:
    def __init__(self, theme: Theme, measure: Measure, page_size: tuple[float, float] = A4) -> None:
        self.t = theme
        self.measure = measure
        self.w, self.h = page_size
        left, top, right, bottom = theme.margins
        self.left, self.top = left, top
        self.right = self.w - right
        self.bottom = self.h - bottom
        self.pages: list[PageOps] = []
        self.footnotes: dict[int, list[Run]] = {}
        self.heading_pages: dict[str, int] = {}
        self.report_title = ""
        self.carry: tuple[int, list[list[_Word]]] | None = None
        self.split_count = 0
        self.fin_start: tuple[int, float] | None = None  # (page number, y)
        self.fin_end: tuple[int, float] | None = None

    # ----------------------------------------------------------------- pages
    def new_page(self) -> None:
        if self.pages:
            self._finish_page()
        self.pages.append(PageOps())
        self.y = self.top
        self.page_footnotes: list[int] = []
        self.fn_parts: list[tuple[int, list[list[_Word]]]] = []  # footnote, its lines on this page
        self.fn_height = 0.0
        carry, self.carry = getattr(self, "carry", None), None
        if carry:
            # The rest of a footnote that did not fit on the page before.
            self.fn_parts.append(carry)
            self.fn_height += self._lines_height(carry[1])
            self.split_count += 1

    @property
    def page(self) -> PageOps:
        return self.pages[-1]

    def _finish_page(self) -> None:
        page_no = len(self.pages)
        ops = self.page.ops
        if page_no > 1:
            label = str(page_no)
            size = self.t.footnote_size
            x = (self.w - self.measure(label, "regular", size)) / 2
            ops.append(TextOp(x, self.h - self.t.margins[3] / 2, label, "regular", size))
            if self.t.running_header:
                size = self.t.footnote_size
                ops.append(TextOp(self.left, self.t.margins[1] / 2, self.report_title, "italic", size))
        if self.fn_parts:
            y = self.bottom - self.fn_height
            ops.append(RuleOp(self.left, y - 2, self.left + 140, y - 2, 0.5))
            y += self.t.footnote_size * 0.4
            for _, lines in self.fn_parts:
                for line in lines:
                    y += self.t.footnote_size * 1.25
                    self._draw_line(line, self.left, y, self.t.footnote_size)

    def _footnote_lines(self, n: int) -> list[list[_Word]]:
        words = runs_to_words([Run(str(n), sup=True)] + [Run(" ")] + self.footnotes[n])
        return self._wrap(words, self.right - self.left, self.t.footnote_size)

    def _lines_height(self, lines: list) -> float:
        return len(lines) * self.t.footnote_size * 1.25 + self.t.footnote_size * 0.6

    def _footnote_height(self, n: int) -> float:
        return self._lines_height(self._footnote_lines(n))

    # ------------------------------------------------------------- measuring
    def _frag_size(self, frag: _Frag, size: float) -> float:
        if frag.sup and self.t.sup_mode in ("both", "smaller"):
            return size * 0.62
        return size

    def _word_width(self, word: _Word, size: float) -> float:
        return sum(self.measure(f.text, f.font, self._frag_size(f, size)) for f in word.frags)

    def _wrap(self, words: list[_Word], width: float, size: float) -> list[list[_Word]]:
        space = self.measure(" ", "regular", size)
        lines: list[list[_Word]] = []
        line: list[_Word] = []
        used = 0.0
        for word in words:
            for piece in self._split_long(word, width, size):
                w = self._word_width(piece, size)
                extra = (space if piece.space_before else 0.0) if line else 0.0
                if line and used + extra + w > width and self.t.soft_hyphens:
                    head = self._hyphenate(piece, width - used - extra, size)
                    if head is not None:
                        line.append(head[0])
                        piece, w, extra = head[1], self._word_width(head[1], size), 0.0
                        lines.append(line)
                        line, used = [], 0.0
                if line and used + extra + w > width:
                    lines.append(line)
                    line, used, extra = [], 0.0, 0.0
                line.append(piece)
                used += extra + w
        if line:
            lines.append(line)
        return lines

    def _hyphenate(self, word: _Word, room: float, size: float) -> tuple[_Word, _Word] | None:
        """Split a long plain word so its head (with a soft hyphen) fills the line's `room`."""
        if len(word.frags) != 1 or word.frags[0].sup:
            return None
        frag = word.frags[0]
        text = frag.text
        if len(text) < 8 or not text.isalpha():
            return None
        for cut in range(len(text) - 3, 2, -1):
            head = text[:cut] + "\u00ad"
            if self.measure(head, frag.font, size) <= room:
                return (
                    _Word([_Frag(head, frag.font, False)], word.space_before),
                    _Word([_Frag(text[cut:], frag.font, False)], False),
                )
        return None

    def _split_long(self, word: _Word, width: float, size: float) -> list[_Word]:
        """Break a word wider than the line (a long web address) after / - _ or ."""
        if self._word_width(word, size) <= width or len(word.frags) != 1:
            return [word]
        frag = word.frags[0]
        pieces: list[_Word] = []
        rest = frag.text
        first = True
        while rest:
            cut = len(rest)
            while cut > 1 and self.measure(rest[:cut], frag.font, size) > width:
                soft = max(rest.rfind(c, 0, cut - 1) for c in "/-_.")
                cut = soft + 1 if soft > 0 else cut - 1
            pieces.append(_Word([_Frag(rest[:cut], frag.font, False)], word.space_before if first else False))
            rest = rest[cut:]
            first = False
        # A piece after the first continues the same word: keep it glued.
        for p in pieces[1:]:
            p.space_before = True  # wrapped onto its own line by the width check
        return pieces

    # ---------------------------------------------------------------- drawing
    def _draw_line(self, words: list[_Word], x: float, y: float, size: float, into: list | None = None) -> None:
        ops = self.page.ops if into is None else into
        space = self.measure(" ", "regular", size)
        first = True
        for word in words:
            if not first and word.space_before:
                x += space
            first = False
            for frag in word.frags:
                fsize = self._frag_size(frag, size)
                rise = size * 0.33 if frag.sup and self.t.sup_mode in ("both", "raised") else 0.0
                ops.append(TextOp(x, y - rise, frag.text, frag.font, fsize))
                x += self.measure(frag.text, frag.font, fsize)

    def _line_height(self, size: float) -> float:
        return size * self.t.leading

    def _space_left(self) -> float:
        return self.bottom - self.fn_height - self.y

    def _markers(self, words: list[_Word]) -> list[int]:
        out = []
        for word in words:
            for f in word.frags:
                if f.sup:
                    out += [int(n) for n in f.text.split(",") if n.strip().isdigit()]
        return out

    def flow_lines(self, lines: list[list[_Word]], size: float, x: float, keep_with_next: int = 0,
                   keep_together: bool = False) -> None:
        """Place wrapped lines, moving to a new page when the next would not fit.

        A line that cites footnotes only goes on a page that also has room
        for those footnotes, so every footnote sits on the page of its marker.
        Lines kept together (a heading's, as word processors keep them) all move
        to the next page when the last would not fit.
        """
        lh = self._line_height(size)
        whole = lh * (len(lines) + keep_with_next)
        if keep_together and self.y + whole > self.bottom - self.fn_height and self.y > self.top:
            self.new_page()
        for i, line in enumerate(lines):
            new = [n for n in self._markers(line) if n in self.footnotes and n not in self.page_footnotes]
            need = sum(self._footnote_height(n) for n in new)
            reserve = lh * keep_with_next if i == len(lines) - 1 else 0.0
            room = self.bottom - self.fn_height - (self.y + lh + reserve)
            split = None
            if need > room and self.t.split_footnotes and len(new) == 1 and self.carry is None:
                # Put what fits of the footnote here and run the rest on to the next page.
                fn_lines = self._footnote_lines(new[0])
                fits = int((room - self.t.footnote_size * 0.6) / (self.t.footnote_size * 1.25))
                if 2 <= fits < len(fn_lines):
                    split = (new[0], fn_lines[:fits], fn_lines[fits:])
                    need = self._lines_height(split[1])
            if self.y + lh + reserve > self.bottom - self.fn_height - need and self.y > self.top:
                self.new_page()
                split = None
                need = sum(self._footnote_height(n) for n in new)
            self.y += lh
            self._draw_line(line, x, self.y - size * 0.22, size)
            for n in new:
                self.page_footnotes.append(n)
                if split and split[0] == n:
                    self.fn_parts.append((n, split[1]))
                    self.carry = (n, split[2])
                else:
                    self.fn_parts.append((n, self._footnote_lines(n)))
                self.fn_height += self._lines_height(self.fn_parts[-1][1])

    def gap(self, lines: float) -> None:
        if self.y > self.top:
            self.y += self._line_height(self.t.body_size) * lines

    # ---------------------------------------------------------------- blocks
    def paragraph(self, p: Paragraph) -> None:
        size = self.t.body_size
        if p.bullet:
            indent = size * 1.5
            lines = self._wrap(runs_to_words(p.runs), self.right - self.left - indent, size)
            self.flow_lines(lines[:1], size, self.left + indent)
            # The bullet goes beside the first line, wherever that landed.
            self.page.ops.append(TextOp(self.left + size * 0.3, self.y - size * 0.22, "\u2022", "regular", size))
            self.flow_lines(lines[1:], size, self.left + indent)
            self.y += self._line_height(size) * 0.3
        else:
            lines = self._wrap(runs_to_words(p.runs), self.right - self.left, size)
            self.flow_lines(lines, size, self.left)
            self.gap(self.t.paragraph_gap)

    def heading(self, h: Heading) -> None:
        size = {1: self.t.h1_size, 2: self.t.h2_size}.get(h.level, self.t.h3_size)
        text = "".join(r.text for r in h.runs)
        if h.level == 1 and (self.y > self.top or len(self.pages) == 0):
            self.new_page()
        else:
            self.gap(0.6)
        lines = self._wrap(runs_to_words(h.runs, bold=True), self.right - self.left, size)
        self.flow_lines(lines, size, self.left, keep_with_next=3, keep_together=True)
        self.heading_pages.setdefault(text, len(self.pages))
        self.gap(0.4)

    def grade_line(self, g: GradeLine) -> None:
        size = self.t.h2_size
        lines = self._wrap(runs_to_words([Run(g.grade, bold=True)]), self.right - self.left, size)
        self.flow_lines(lines, size, self.left, keep_with_next=2)
        self.gap(0.6)

    def cover(self, src: ReportSource) -> None:
        c = src.cover
        self.new_page()
        self.y = self.h * 0.3
        for text, size, font, gap in (
            (c.title, self.t.h1_size * 1.4, "bold", 1.6),
            (c.subtitle, self.t.h2_size * 1.2, "regular", 3.0),
            (c.month_year, self.t.h2_size, "regular", 3.0 if c.notice else 6.0),
            *([(c.notice, self.t.body_size, "bold", 3.0)] if c.notice else []),
            (c.copyright, self.t.body_size, "regular", 1.2),
            (c.isbn, self.t.body_size, "regular", 1.2),
            (c.url, self.t.body_size, "regular", 1.2),
        ):
            for line in self._wrap(runs_to_words([Run(text, bold=font == "bold")]), self.right - self.left, size):
                self.y += size * 1.25
                self._draw_line(line, self.left, self.y, size)
            self.y += size * (gap - 1)

    def contents(self, contents: Contents, page_numbers: dict[str, int]) -> None:
        self.heading(Heading(1, [Run("Contents")]))
        size = self.t.body_size
        dot = self.measure(".", "regular", size)
        for e in contents.entries:
            font = "bold" if e.level == 1 else "regular"
            x = self.left + (0 if e.level == 1 else size * 1.5)
            num = str(page_numbers.get(e.text, 0))
            num_w = self.measure(num, font, size)
            # As a word processor does: a title too long to leave room for its number before
            # the tab stop wraps, and the leaders and number follow its last line.
            lines, line = [], []
            for word in e.text.split():
                if line and self.measure(" ".join(line + [word]), font, size) > self.right - num_w - 3 * dot - x:
                    lines.append(" ".join(line))
                    line = []
                line.append(word)
            lines.append(" ".join(line))
            step = self._line_height(size) * (1.25 if e.level == 1 else 1.0)
            if self._space_left() < step + self._line_height(size) * (len(lines) - 1):
                self.new_page()  # a long contents (large type, wide line spacing) runs on to a second page
            self.y += step
            for k, text in enumerate(lines):
                if k:
                    self.y += self._line_height(size)
                self.page.ops.append(TextOp(x, self.y - size * 0.22, text, font, size))
            base = self.y - size * 0.22
            label_w = self.measure(lines[-1], font, size)
            lead_x0 = x + label_w + dot
            n_dots = int((self.right - num_w - dot * 2 - lead_x0) / self.measure(". ", "regular", size))
            if n_dots > 0:  # as a word processor's tab leader: only the dots that fit before the number
                self.page.ops.append(TextOp(lead_x0, base, " .".join([""] * (n_dots + 1)).strip(), "regular", size))
            self.page.ops.append(TextOp(self.right - num_w, base, num, font, size))

    def judgments(self, j: Judgments) -> None:
        size = self.t.body_size
        lh = self._line_height(size)
        width = self.right - self.left
        # Each overall grade in a shaded band.
        self.gap(0.5)
        if self._space_left() < lh * (6 + 2 * len(j.overall)):
            self.new_page()
        for label, grade in j.overall:
            self.page.ops.append(RuleOp(self.left, self.y, self.right, self.y + lh * 1.8, 0, fill=0.9))
            base = self.y + lh * 1.2
            self.page.ops.append(TextOp(self.left + 6, base, label, "bold", size))
            grade_w = self.measure(grade, "bold", size)
            self.page.ops.append(TextOp(self.right - 6 - grade_w, base, grade, "bold", size))
            self.y += lh * 2.2
        self.y += lh * 0.4
        if len(j.header) == 2:
            cols = [self.left + 4, self.left + width * 0.7]
            col_w = [width * 0.7 - 12, width * 0.3 - 4]
        else:
            cols = [self.left + 4, self.left + width * 0.6, self.left + width * 0.84]
            col_w = [width * 0.6 - 12, width * 0.24 - 8, width * 0.16 - 4]
        if self.t.judgments_header:
            self._table_row(j.header, cols, col_w, "bold", size)
        for k, row in enumerate(j.rows):
            if self.t.table_split_after is not None and k == self.t.table_split_after:
                self.new_page()  # the table runs on to the next page, header repeated
                if self.t.judgments_header:
                    self._table_row(j.header, cols, col_w, "bold", size)
            self._table_row(row, cols, col_w, "regular", size)
        self.gap(0.6)

    def _table_row(self, cells: list[str], cols: list[float], col_w: list[float], font: str, size: float) -> None:
        lh = self._line_height(size)
        wrapped = [self._wrap(runs_to_words([Run(c, bold=font == "bold")]), w, size) for c, w in zip(cells, col_w)]
        rows = max(len(w) for w in wrapped)
        if self.y + rows * lh + lh * 0.5 > self.bottom - self.fn_height:
            self.new_page()
        top = self.y
        for lines, x in zip(wrapped, cols):
            y = top
            for line in lines:
                y += lh
                self._draw_line(line, x, y - size * 0.22, size)
        self.y = top + rows * lh + lh * 0.4
        self.page.ops.append(RuleOp(self.left, self.y, self.right, self.y, 0.4))

    # ------------------------------------------------------- force in numbers
    def force_in_numbers(self, fin: ForceInNumbers) -> None:
        # Where the infographic starts and ends, for printing it as a picture.
        self.fin_start = (len(self.pages), self.y)
        self._force_in_numbers(fin)
        self.fin_end = (len(self.pages), self.y)

    def _force_in_numbers(self, fin: ForceInNumbers) -> None:
        cols = self.t.fin_columns
        gutter = 18.0
        width = (self.right - self.left - gutter * (cols - 1)) / cols
        blocks = [self._fin_block(b, fin.force_label, width) for b in fin.blocks]
        for start in range(0, len(blocks), cols):
            row = blocks[start : start + cols]
            height = max(h for h, _ in row)
            if self.y + height > self.bottom - self.fn_height and self.y > self.top + 60:
                self.new_page()
            for k, (h, ops) in enumerate(row):
                x0 = self.left + k * (width + gutter)
                self.page.ops.append(RuleOp(x0, self.y, x0 + width, self.y + h, 0, fill=0.94))
                for op in ops:
                    if isinstance(op, TextOp):
                        self.page.ops.append(replace(op, x=op.x + x0, y=op.y + self.y))
            self.y += height + gutter
        if fin.note:
            size = self.t.footnote_size
            lines = self._wrap(runs_to_words(fin.note), self.right - self.left, size)
            self.flow_lines(lines, size, self.left)

    def _fin_block(self, block, force_label: str, width: float) -> tuple[float, list[TextOp]]:
        """Lay one infographic block out in its own coordinates."""
        pad = 8.0
        inner = width - 2 * pad
        ops: list[TextOp] = []
        y = pad
        size = self.t.h3_size
        for line in self._wrap(runs_to_words([Run(block.title, bold=True)]), inner, size):
            y += size * 1.25
            ops += self._line_ops(line, pad, y, size)
        body = self.t.body_size * 0.92
        half = (inner - 10) / 2
        vsize = self.t.value_size
        # A designer never lets one figure run into the next: the figures are set smaller to
        # fit side by side, or, where that would shrink them towards body size, one under the other.
        widest = max(self.measure(v, "bold", vsize) for m in block.metrics for v in (m.force_value, m.england_wales_value))
        fitted = min(vsize, vsize * half / max(1.0, widest))
        stacked = fitted < 1.5 * self.t.body_size
        vsize = vsize if stacked else fitted
        for m in block.metrics:
            y += body * 0.6
            for line in self._wrap(runs_to_words([Run(m.description)]), inner, body):
                y += body * 1.25
                ops += self._line_ops(line, pad, y, body)
            y += body * 0.5
            labels = (force_label, "England and Wales")
            if self.t.upper_labels:
                labels = tuple(t.upper() for t in labels)
            values = (m.force_value, m.england_wales_value)
            if stacked:
                # Each caption over its own figure, the England and Wales pair under the force's.
                for label, value in zip(labels, values):
                    for line in self._wrap(runs_to_words([Run(label)]), inner, body):
                        y += body * 1.25
                        ops += self._line_ops(line, pad, y, body)
                    y += vsize * 1.1
                    ops.append(TextOp(pad, y, value, "bold", vsize))
                    y += vsize * 0.3
                continue
            label_lines = [self._wrap(runs_to_words([Run(t)]), half, body) for t in labels]
            label_top = y
            for k, lines in enumerate(label_lines):
                yy = label_top
                for line in lines:
                    yy += body * 1.25
                    ops += self._line_ops(line, pad + k * (half + 10), yy, body)
            y = label_top + max(len(l) for l in label_lines) * body * 1.25 + vsize * 1.1
            for k, value in enumerate(values):
                ops.append(TextOp(pad + k * (half + 10), y, value, "bold", vsize))
            y += vsize * 0.3
        return y + pad, ops

    def _line_ops(self, words: list[_Word], x: float, y: float, size: float) -> list[TextOp]:
        ops: list[TextOp] = []
        self._draw_line(words, x, y, size, into=ops)
        return ops

    # --------------------------------------------------------------- driving
    def report(self, src: ReportSource, page_numbers: dict[str, int]) -> list[PageOps]:
        self.footnotes = src.footnotes
        self.report_title = f"{src.cover.title} – {src.cover.subtitle.replace('An inspection of ', '')}"
        self.cover(src)
        self.new_page()
        self.contents(src.contents, page_numbers)
        for item in src.body:
            if isinstance(item, Heading):
                self.heading(item)
            elif isinstance(item, GradeLine):
                self.grade_line(item)
            elif isinstance(item, Paragraph):
                self.paragraph(item)
            elif isinstance(item, Judgments):
                self.judgments(item)
            elif isinstance(item, ForceInNumbers):
                self.force_in_numbers(item)
        self._finish_page()
        return self.pages


def report_to_layout(src: ReportSource, theme: Theme, measure: Measure) -> Layout:
    """Lay the report out twice: the second pass fills in the contents page numbers."""
    first = Layout(theme, measure)
    first.report(src, {})
    second = Layout(theme, measure)
    second.report(src, first.heading_pages)
    return second


def report_to_pages(src: ReportSource, theme: Theme, measure: Measure) -> list[PageOps]:
    return report_to_layout(src, theme, measure).pages
