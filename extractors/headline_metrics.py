"""Headline figures from the "Force in numbers" infographic.

Read by geometry, so blocks may sit side by side or be stacked: every figure
is a number in large type; its label (the force's name or "England and
Wales", possibly wrapped) is the nearest label above it that overlaps it
horizontally; a force figure pairs with the nearest England and Wales figure
beside or below it; the metric's description is the nearest text above the
pair's labels, and the block title the nearest heading above that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import BBox, Word, union_bbox
from extractors.nlp import find_spans
from extractors.structure import Structure, TextLine, heading_blocks
from extractors.text import ends_mid_phrase, join_lines, normalise_ws, text_to_number
from extractors.thresholds import LINE_GAP_SLACK_EM, LINE_OVERLAP_EM, OCR_SIZE_PLAY, OPEN_LINE_GAP_EM, VALUE_SIZE_RATIO
from schemas.records import Finding, HeadlineMetric, Promise
from schemas.vocab import ENGLAND_AND_WALES

_VALUE = re.compile(r"^([+\-−–]?\d[\d,]*(\.\d+)?%?|[–—-])$")


@dataclass(frozen=True)
class _Label:
    kind: str  # "force" | "ew"
    words: tuple[Word, ...]
    page: int

    @property
    def bbox(self) -> BBox:
        return union_bbox(w.bbox for w in self.words)


@dataclass(frozen=True)
class _Value:
    word: Word
    page: int


def _overlaps_x(a: BBox, b: BBox, slack: float = 0.0) -> bool:
    return a[0] - slack < b[2] and b[0] - slack < a[2]


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _find_labels(words: list[Word], page: int, tokens: list[str], kind: str, line_gap: float = 0.15) -> list[_Label]:
    """Occurrences of a label's words, on one line or wrapped over several (set at the
    document's own line spacing, or closer).

    Matched letter by letter, so a caption too wide for its cell still counts when a word
    is broken across lines ("Metropolita" / "n Police"), with or without a hyphen.
    """
    widest = max(0.9, line_gap + LINE_GAP_SLACK_EM)
    target = _letters("".join(tokens))
    found = []
    used: set[int] = set()

    def continues(word: Word, rest: str) -> bool:
        letters = _letters(word.text)
        return bool(letters) and rest.startswith(letters)

    for start in words:
        if id(start) in used or not continues(start, target):
            continue
        if len(_letters(start.text)) < min(len(_letters(tokens[0])), 3):
            continue  # a fragment as short as "Me" opens too many words to be a caption's start
        seq = [start]
        rest = target[len(_letters(start.text)):]
        while rest:
            cur = seq[-1]
            span = (min(w.x0 for w in seq), max(w.x1 for w in seq))
            nxt = None
            for w in words:
                if id(w) in used or w in seq or not continues(w, rest):
                    continue
                same_row = abs(w.bottom - cur.bottom) < 0.3 * cur.size and 0 <= w.x0 - cur.x1 < 1.0 * cur.size
                next_row = (
                    -0.2 * cur.size <= w.top - cur.bottom < widest * cur.size
                    and w.x0 < span[1] + 0.5 * cur.size
                    and w.x1 > span[0] - 0.5 * cur.size
                )
                if same_row or (next_row and nxt is None):
                    nxt = w
                    if same_row:
                        break
            if nxt is None:
                break
            seq.append(nxt)
            rest = rest[len(_letters(nxt.text)):]
        if not rest:
            used.update(id(w) for w in seq)
            found.append(_Label(kind, tuple(seq), page))
    return found


def _has_figures(lines: list[TextLine], body: float) -> bool:
    """A figure stands alone on its line, in large type: "4.1" before a heading's words is
    the heading's number, not a figure."""
    return any(all(_VALUE.match(w.text) for w in t.line.words) and w.size >= VALUE_SIZE_RATIO * body
               for t in lines for w in t.line.words)


def _fin_lines(structure: Structure, heading: re.Pattern) -> list[TextLine]:
    """Lines of the infographic: from its heading to the last page of figures that follows,
    or to the first heading as prominent as its own after its last figure.

    The heading's level does not bound the figures: producers set it as a part, a section
    or anything else, and the infographic's own block titles may share its level.  The
    section is the run of pages with large-type figures; a printing that starts no new page
    after it goes on into the next part on the same page, which is not the infographic's.
    """
    body = structure.body_size
    for block in heading_blocks(structure):
        if not heading.search(block.text.rstrip("*").strip()):
            continue
        lines: list[TextLine] = []
        page = block.page
        first = [t for t in structure.lines[block.end :] if t.page == page and t.role != "furniture"]
        if _has_figures(first, body):
            lines += first
        elif lines == [] and not _has_figures(structure.page_lines(page + 1), body):
            continue  # a contents entry or the annex's note on the data: no figures follow
        page += 1
        while True:
            nxt = [t for t in structure.page_lines(page) if t.role != "furniture"]
            if not nxt or not _has_figures(nxt, body):
                break
            lines += nxt
            page += 1
        if lines:
            return _to_next_part(lines, block.level, body)
    return []


def _to_next_part(lines: list[TextLine], level: int, body: float) -> list[TextLine]:
    """The lines up to the first heading, after the last figure, at the infographic
    heading's level or above (a lower level may be a note's title inside the graphic)."""
    if level <= 0:
        return lines
    last_figure = max(k for k, t in enumerate(lines) if _has_figures([t], body))
    for k in range(last_figure + 1, len(lines)):
        if lines[k].role == "heading" and 0 < lines[k].level <= level:
            return lines[:k]
    return lines


def structure_to_headline_metrics_and_promises(
    structure: Structure, force: str | None, heading: re.Pattern
) -> tuple[list[HeadlineMetric], list[Finding], list[Promise]]:
    """The figures, what was flagged, and one promise per figure printed in the section.

    Every figure printed in large type in "Force in numbers" must end as one side of a
    measure: a figure left over means a measure was not read.
    """
    findings: list[Finding] = []
    lines = _fin_lines(structure, heading)
    if not lines:
        # A heading that names the section promises its figures (where the generation is
        # known to print them: the caller keeps this promise only there).
        named = [b for b in heading_blocks(structure) if heading.search(b.text.rstrip("*").strip())]
        promises = [Promise("headline_figures_complete", f"the figures under the heading '{b.text}' on page {b.page}",
                            False, b.page, b.bbox) for b in named[:1]]
        return [], [Finding("no_force_in_numbers", "no 'Force in numbers' section was found")], promises
    if not force:
        return [], [Finding("no_force_label", "the force is not known from the cover, so its figures cannot be told apart")], []
    promises: list[Promise] = []
    body = structure.body_size
    pages = sorted({t.page for t in lines})
    metrics: list[tuple[tuple, HeadlineMetric]] = []
    read_ids: set[int] = set()
    used_ids: set[int] = set()  # every word a measure was read from

    def measure(v: _Value, lab: _Label, ev: _Value, elab: _Label, page_lines: list[TextLine], taken: set[int],
                carried_titles: list[tuple[str, BBox, list[Word]]]) -> None:
        """Read one measure whose two figures are paired: its description, panel, period and unit."""
        page = v.page
        # Provenance is one page: a measure broken by the page is boxed where its force figure is.
        same_page = [ev.word.bbox] if ev.page == page else []
        same_page += [label.bbox for label in (lab, elab) if label.page == page]
        group_box = union_bbox([v.word.bbox, *same_page])
        desc_lines = _description(page_lines, group_box, taken, body, structure.line_gap)
        title_lines = page_lines
        if not desc_lines and page - 1 in seen and not any(
            t.line.bottom <= group_box[1] and _overlaps_x(t.line.bbox, group_box)
            and not all(id(w) in taken for w in t.line.words) for t in page_lines
        ):
            # The figures open the page and their description ended the page before.
            prev_lines, prev_taken = seen[page - 1]
            height = structure.document.pages[page - 2].height
            desc_lines = _description(prev_lines, (group_box[0], height, group_box[2], height), prev_taken, body,
                                      structure.line_gap)
            title_lines = prev_lines
            if desc_lines:
                # Its last words may have gone over with the figures, set beside their captions.
                desc_lines += _description_beside_figures(page_lines, group_box, v, taken, desc_lines[-1])
        if not desc_lines:
            findings.append(Finding("no_metric_description", f"figure {v.word.text!r} has no description above it", page))
            return
        if page - 1 in seen and not any(
            t.line.bottom <= desc_lines[0].line.top and _overlaps_x(t.line.bbox, desc_lines[0].line.bbox)
            for t in page_lines
        ):
            # A description broken by the page: it opens at the foot of the page before, in its column.
            prev_lines, prev_taken = seen[page - 1]
            head = _column_tail(prev_lines, prev_taken, desc_lines[0].line.bbox, body, structure.line_gap)
            if head:
                desc_lines = head + desc_lines
                title_lines = prev_lines
        description = join_lines([t.line.text for t in desc_lines])
        if description[:1].islower() or not re.search(r"[A-Za-z]{3}", description):
            # A description that opens in the middle of a sentence lost its first line
            # (to the page before, or to the panel title), and one with no word ("2017")
            # lost all but its last: a measure read in part.
            promises.append(Promise("headline_figures_complete", f"the start of the description '{description[:40]}'",
                                    False, page, desc_lines[0].line.bbox))
        title, title_box, title_words = _title(title_lines, desc_lines[0], structure.line_gap,
                                               taken if title_lines is page_lines else seen[page - 1][1])
        used_ids.update(id(w) for w in title_words)
        carried = next((c for c in carried_titles if _overlaps_x(c[1], desc_lines[0].line.bbox)), None)
        # Where the measure's panel starts, for document order: its title, else its description.
        order_page, order_box = page - 1 if title_lines is not page_lines else page, desc_lines[0].line.bbox
        if title is None and carried is not None and not any(
            t.role == "heading" and t.line.bottom <= desc_lines[0].line.top for t in title_lines
        ):
            # A panel broken over a page break: its measures at the top of the next page,
            # under no title of their own, keep the panel title printed last on the page before
            # (and its place there: panels side by side break at different heights).
            title, title_box = carried[0], None
            order_page, order_box = page - 1, carried[1]
            used_ids.update(id(w) for w in carried[2])
        metric, period, unit = _describe(description, v.word.text, ev.word.text)
        if find_spans("dates", metric):
            # A date left in the measure's name is its period, misprinted or misread ("30. June
            # 2017" from OCR, or "... to 30 June" with its year lost): the measure would load
            # under a name no other report gives it.
            promises.append(Promise("headline_figures_complete", f"the period of figure '{v.word.text}' "
                                    f"(its description reads '{description[:120]}')", False, page, v.word.bbox))
        block = title.rstrip("*").strip() if title else None
        if period is None and title and title.endswith("*"):
            # The note may run on to the page after the last one with figures.
            after = [t for t in structure.page_lines(pages[-1] + 1) if t.role != "furniture"]
            period = _period_from_note(lines + after)
            if period is None:
                promises.append(Promise("headline_figures_complete", f"the note giving the period of panel '{block}'",
                                        False, page, v.word.bbox))
        if block and block[0].islower():
            # A panel title opens with a capital: one that does not ("action", "assistance") is
            # the end of a description or of a wrapped title, taken for the title under it.
            promises.append(Promise("headline_figures_complete", f"the title of the panel holding figure "
                                    f"'{v.word.text}' (read as '{block[:40]}')", False, page, title_box or v.word.bbox))
        if block is None:
            findings.append(Finding("no_block_title", f"figure {v.word.text!r} has no block title", page))
            promises.append(Promise("headline_figures_complete", f"the title of the panel holding figure '{v.word.text}'",
                                    False, page, v.word.bbox))
            block = ""
        fv, ev_num = text_to_number(v.word.text), text_to_number(ev.word.text)
        for raw, num in ((v.word.text, fv), (ev.word.text, ev_num)):
            if num is None:
                findings.append(Finding("unreadable_figure", f"{block} / {metric}: figure {raw!r} is not a number; stored as missing", page))
        read_ids.update((id(v.word), id(ev.word)))
        if title_box is not None:
            order_box = title_box
        order = (order_page, order_box[1], order_box[0], page, v.word.top)
        read = [v.word, ev.word] + list(lab.words) + list(elab.words) + [w for t in desc_lines for w in t.line.words]
        used_ids.update(id(w) for w in read)
        ocr = [w.ocr_confidence for w in read if w.ocr_confidence is not None]
        metrics.append(
            (order, HeadlineMetric(
                block=block,
                metric=metric,
                period=period,
                unit=unit,
                force_value=fv,
                england_wales_value=ev_num,
                page=page,
                bbox=union_bbox([group_box] + [t.line.bbox for t in desc_lines if t.page == page]),
                method="ocr" if ocr else "text",
                confidence=min(ocr) if ocr else None,
            ))
        )

    carried_titles: list[tuple[str, BBox, list[Word]]] = []  # the last panel title in each column of the page before
    orphan_labels: list[_Label] = []  # captions of the page before with no figure under them
    loose_words: list[Word] = []  # words below the page before's last figure that made no caption
    unpaired: list[tuple] = []  # force figures at a page's foot whose partner may open the next page
    large: list[tuple[int, Word]] = []  # every figure-sized word, each promising to be read
    seen: dict[int, tuple[list[TextLine], set[int]]] = {}  # each page's lines and its captions' and figures' words
    carried_ids: set[int] = set()  # words of captions begun on the page before that end on this one
    for page in pages:
        page_lines = [t for t in lines if t.page == page]
        words = [w for t in page_lines for w in t.line.words]
        # A figure stands alone on its line: a dash inside a heading ("Overview – How ...") is no figure.
        values = [_Value(w, page) for t in page_lines if all(_VALUE.match(x.text) for x in t.line.words)
                  for w in t.line.words if w.size >= VALUE_SIZE_RATIO * body]
        labels = (_find_labels(words, page, force.split(), "force", structure.line_gap)
                  + _find_labels(words, page, ENGLAND_AND_WALES.split(), "ew", structure.line_gap))
        label_word_ids = {id(w) for lab in labels for w in lab.words}
        value_word_ids = {id(v.word) for v in values}
        labelled = []
        for v in values:
            # A caption directly above its figure is the usual layout; beside it, the other.
            above = _label_above(v, labels)
            close_above = above if above is not None and v.word.top - above.bbox[3] < 2 * v.word.size else None
            lab = close_above or _label_beside(v, labels, values) or above
            if lab is None:
                lab = _caption_over_page(v, page_lines, orphan_labels) or _caption_split_over_page(
                    v, values, page_lines, loose_words, force)
            if lab is None:
                next_words = [w for t in lines if t.page == page + 1 for w in t.line.words]
                lab, tail = _caption_beside_split_over_page(v, values, words, label_word_ids | value_word_ids,
                                                            next_words, force)
                # The label keeps its words on the figure's page; those on the next page are
                # the caption's there, and no description's.
                carried_ids.update(id(w) for w in tail)
                used_ids.update(id(w) for w in tail)
            if lab is None:
                findings.append(Finding("unlabelled_figure", f"figure {v.word.text!r} has no label above or beside it", page))
                continue
            labelled.append((v, lab))
        force_values = [(v, lab) for v, lab in labelled if lab.kind == "force"]
        ew_values = [(v, lab) for v, lab in labelled if lab.kind == "ew"]
        used: set[int] = set()
        # A caption carried over the page is taken on this page too (its words may open it).
        taken = label_word_ids | value_word_ids | {id(w) for _, lab in labelled for w in lab.words} | carried_ids
        seen[page] = (page_lines, taken)
        for _, lab in labelled:
            # A caption that began on the page before is taken there too: its first words
            # are no part of the description that ends that page.
            if lab.page != page and lab.page in seen:
                seen[lab.page][1].update(id(w) for w in lab.words)
        # A measure broken by the page: its force figure ended the page before, its England
        # and Wales figure opens this one, in the same column.
        for v, lab, prev_lines, prev_taken, prev_titles in unpaired:
            partner = _partner_over_page(v, ew_values, force_values, used, structure.document.pages[page - 1].height)
            if partner is None:
                findings.append(Finding("unpaired_figure", f"force figure {v.word.text!r} has no England and Wales figure beside it", v.page))
                continue
            used.add(id(partner[0]))
            measure(v, lab, *partner, prev_lines, prev_taken, prev_titles)
        unpaired = []
        for v, lab in sorted(force_values, key=lambda p: (p[0].word.top, p[0].word.x0)):
            partner = _partner(v, ew_values, used)
            if partner is None:
                if v.word.top > 0.5 * structure.document.pages[page - 1].height and page != pages[-1]:
                    unpaired.append((v, lab, page_lines, taken, carried_titles))  # its partner may open the next page
                else:
                    findings.append(Finding("unpaired_figure", f"force figure {v.word.text!r} has no England and Wales figure beside it", page))
                continue
            used.add(id(partner[0]))
            measure(v, lab, *partner, page_lines, taken, carried_titles)
        carried_titles = _last_titles(page_lines, structure.line_gap) or carried_titles
        captioned = {id(lab) for _, lab in labelled}
        orphan_labels = [lab for lab in labels if id(lab) not in captioned]
        # Below the last figure of their own column: a column of panels may end lower or
        # higher on the page than the one beside it.
        loose_words = [w for w in words if id(w) not in label_word_ids and id(w) not in value_word_ids
                       and w.top > max((v.word.bottom for v in values if _overlaps_x(v.word.bbox, w.bbox, slack=w.size)),
                                       default=0.0)]
        # Every word printed in figure-sized type is part of a figure: one left unread (a
        # figure, or the "%" of one wrapped apart from it) means a measure was misread.
        # A panel title may be set as large as a figure; a large word with a digit in it is a
        # figure whatever line it was grouped into (two figures run together read as one word).
        # A line set that large straight under a caption that labels no figure stands where
        # the figure does, and is one, however it was read ("89 Cl" for a bold "89" and "77"
        # run together). (Under a caption that has its figure beside it, it is the next panel's title.)
        large += [(page, w) for t in page_lines for k, w in enumerate(t.line.words)
                  if w.size >= VALUE_SIZE_RATIO * body
                  and (t.role != "heading" or (any(c.isdigit() for c in w.text) and not _section_number(t, k))
                       or all(_VALUE.match(x.text) or x.text in "%+-−–" for x in t.line.words)
                       or _under_a_caption(t, orphan_labels))]
    # Every word of the section is part of a measure, a panel title or an asterisked note:
    # a word left over (a description's last word carried beside the next figures, a panel
    # title that titles nothing) means a measure was read in part.
    # Read from a picture, a word is held to it when Tesseract is sure of it and it has two
    # letters or figures: specks and panel edges read as words are neither.
    accounted = used_ids | _note_word_ids(lines, structure.line_gap) | {id(w) for _, w in large}
    for t in lines:
        # (A figure left unread has its own promise, below; a panel title may be set as large.)
        left = [w for w in t.line.words if id(w) not in accounted
                and (t.role == "heading" or w.size < VALUE_SIZE_RATIO * body)
                and (w.ocr_confidence is None or _surely_a_word(w))]
        if t.role in ("body", "heading") and left:
            promises.append(Promise("headline_figures_complete",
                                    f"the words '{' '.join(w.text for w in left)[:60]}' of 'Force in numbers'",
                                    False, t.page, union_bbox(w.bbox for w in left)))
    promises += [
        Promise("headline_figures_complete", f"figure '{w.text}' of 'Force in numbers'",
                id(w) in read_ids and _as_wide_as_its_text(w), page, w.bbox)
        for page, w in large
    ]
    # Document order: blocks row by row, figures top to bottom within a block; the measures
    # of a panel broken over a page stay with their panel.
    # Panels side by side start within an em of each other (their titles' boxes differ by
    # a little, more when read from a picture): a row of panels is the panels starting within
    # an em of the row's highest, never a band of the page an em deep that one may straddle.
    row_of: dict[tuple[int, float], int] = {}
    row, row_page, row_top = -1, None, 0.0
    for order_page, top in sorted({(o[0], o[1]) for o, _ in metrics}):
        if order_page != row_page or top - row_top > body:
            row, row_page, row_top = row + 1, order_page, top
        row_of[(order_page, top)] = row
    ordered = [m for _, m in sorted(metrics, key=lambda om: (row_of[(om[0][0], om[0][1])], *om[0][2:]))]
    first = {}
    for k, m in enumerate(ordered):
        first.setdefault(m.block, k)
    ordered.sort(key=lambda m: first[m.block])
    return ordered, findings, promises + repeated_description_promises(ordered)


def repeated_description_promises(metrics: list[HeadlineMetric]) -> list[Promise]:
    """Each measure of a panel has a description of its own: one read twice was taken by a
    measure whose own was lost (to the title above it, or to the page before)."""
    out, described = [], set()
    for m in metrics:
        if (m.block, m.metric) in described:
            out.append(Promise("headline_figures_complete", f"a description of its own for figure "
                               f"'{_value_text(m.force_value)}' (read as '{m.metric[:40]}' again)", False, m.page, m.bbox))
        described.add((m.block, m.metric))
    return out


def _value_text(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _note_word_ids(lines: list[TextLine], line_gap: float) -> set[int]:
    """The words of the section's asterisked notes ("*Figures are shown as ..."), wrapped
    lines and all: they qualify the figures and are read for a panel's period only."""
    widest = max(0.9, line_gap + LINE_GAP_SLACK_EM)
    ids: set[int] = set()
    note: TextLine | None = None
    for t in lines:
        if t.role == "body" and t.text.startswith("*"):
            note = t
        elif not (note is not None and t.page == note.page and abs(t.line.size - note.line.size) < 0.05 * t.line.size
                  and -LINE_OVERLAP_EM * t.line.size <= t.line.top - note.line.bottom < widest * t.line.size
                  and _overlaps_x(t.line.bbox, note.line.bbox)):
            note = None
            continue
        else:
            note = t
        ids.update(id(w) for w in t.line.words)
    return ids


def _under_a_caption(t: TextLine, labels: list[_Label]) -> bool:
    """The line opens within two of its own heights below a caption, in the caption's column."""
    return any(0 <= t.line.top - lab.bbox[3] < 2 * t.line.size and _overlaps_x(lab.bbox, t.line.bbox)
               for lab in labels if lab.page == t.page)


def _section_number(t: TextLine, k: int) -> bool:
    """Word k of a heading is its section number ("4.1 Meeting current demand")."""
    return k == 0 and len(t.line.words) > 1 and bool(_SECTION_NUMBER.match(t.line.words[0].text))


_SECTION_NUMBER = re.compile(r"^\d{1,2}(\.\d{1,2})*\.?$")


def _caption_over_page(v: _Value, page_lines: list[TextLine], orphans: list[_Label]) -> _Label | None:
    """The caption of a figure that opens a page, left at the foot of the page before.

    A page break may fall between a caption and its figure: the figure then has nothing
    above it in its column on its own page, and the caption nothing under it on its page.
    """
    if any(t.line.bottom <= v.word.top and _overlaps_x(t.line.bbox, v.word.bbox) for t in page_lines):
        return None
    below = [lab for lab in orphans if _overlaps_x(lab.bbox, v.word.bbox)]
    return max(below, key=lambda lab: lab.bbox[3]) if below else None


def _caption_split_over_page(v: _Value, values: list[_Value], page_lines: list[TextLine], loose: list[Word],
                             force: str) -> _Label | None:
    """A caption broken by the page: its first words end the page before ("Metropolitan
    Police"), its last open this page above the figure ("Service")."""
    # The column ends where the next figure to the right begins, level with this one or not
    # (the panel beside may set its figures lower, under a longer description), less the
    # half em its text may stand left of its figures.
    right = min((o.word.x0 - 0.5 * o.word.size for o in values if o is not v and o.word.x0 > v.word.x1),
                default=float("inf"))

    def in_column(w: Word) -> bool:
        return v.word.x0 - 0.5 * w.size <= w.x0 < right

    tail = sorted((w for t in page_lines for w in t.line.words if w.bottom <= v.word.top and in_column(w)),
                  key=lambda w: (w.top, w.x0))
    head = sorted((w for w in loose if in_column(w)), key=lambda w: (w.top, w.x0))
    if not tail or not head:
        return None
    # The caption's first words are the last of the page before's loose words in the column
    # (above them may be the measure's description); its last words open this page, and
    # may be followed there by the words of a panel to the right that begin lower down.
    for k in range(len(head)):
        for j in range(len(tail), 0, -1):
            letters = _letters("".join(w.text for w in head[k:] + tail[:j]))
            for kind, tokens in (("force", force.split()), ("ew", ENGLAND_AND_WALES.split())):
                if letters == _letters("".join(tokens)):
                    return _Label(kind, tuple(head[k:] + tail[:j]), v.page - 1)
    return None


def _caption_beside_split_over_page(v: _Value, values: list[_Value], words: list[Word], taken: set[int],
                                    next_words: list[Word], force: str) -> tuple[_Label | None, list[Word]]:
    """A caption set beside its figure and broken by the page: its first words beside the
    figure at the foot of the page ("Metropolitan"), its last atop the next page in the
    same column ("Police" / "Service"), as a table row broken over a page sets them.
    The label holds the words on the figure's page; the rest are returned beside it."""
    w = v.word
    # The column starts right of any figure to the left (the column beside it).
    start = max((o.word.x1 for o in values if o.word.x1 <= w.x0), default=0.0)
    head = sorted((x for x in words if id(x) not in taken and start <= x.x0 and x.x1 <= w.x0
                   and x.bottom >= w.top - 0.2 * w.size),
                  key=lambda x: (x.top, x.x0))
    if not head:
        return None, []
    left = head[0].x0
    # In the caption's own column: the last line of the panel to the left may reach past its
    # figures ("Investigation completed but no" beside "Metropolitan" / "Police").
    head = [x for x in head if x.x0 >= left - 0.5 * x.size]
    tail = sorted((x for x in next_words if abs(x.x0 - left) < 0.5 * x.size or left < x.x0 < w.x0 - x.size),
                  key=lambda x: (x.top, x.x0))
    for kind, tokens in (("force", force.split()), ("ew", ENGLAND_AND_WALES.split())):
        target = _letters("".join(tokens))
        read = _letters("".join(x.text for x in head))
        if not read or not target.startswith(read):
            continue
        for k, x in enumerate(tail):
            read += _letters(x.text)
            if not target.startswith(read):
                break
            if read == target:
                return _Label(kind, tuple(head), v.page), tail[:k + 1]
    return None, []


def _partner_over_page(v: _Value, ew_values, force_values, used: set[int], height: float):
    """The England and Wales figure that opens the next page in the force figure's column,
    with no force figure of that page above it (which would be its own partner)."""
    def first_in_column(ev: _Value) -> bool:
        return not any(_overlaps_x(f.word.bbox, ev.word.bbox, slack=ev.word.size) and f.word.top < ev.word.top
                       for f, _ in force_values)

    below = [(ev, elab) for ev, elab in ew_values
             if id(ev) not in used and ev.word.top < 0.5 * height and first_in_column(ev)
             and _overlaps_x(v.word.bbox, ev.word.bbox, slack=v.word.size)]
    return min(below, key=lambda p: p[0].word.top) if below else None


def _label_above(v: _Value, labels: list[_Label]) -> _Label | None:
    above = [lab for lab in labels if lab.bbox[3] <= v.word.top + 0.2 * v.word.size and _overlaps_x(lab.bbox, v.word.bbox)]
    return max(above, key=lambda lab: lab.bbox[3]) if above else None


def _label_beside(v: _Value, labels: list[_Label], values: list[_Value]) -> _Label | None:
    """A caption set to the left of its figure, on the figure's own line, with no other figure between.

    Level with the figure is its middle, or its first line where the caption wraps to more
    lines than the figure's height holds and starts level with it (set to the row's top), or
    its last line where both are set to the row's top and the figure's wider leading (1.5 or
    double spacing) sets its glyphs lower than the caption's."""
    w = v.word
    beside, ending_level = [], []
    for lab in labels:
        x0, top, x1, bottom = lab.bbox
        middle = (top + bottom) / 2
        level = w.top - 0.2 * w.size <= middle <= w.bottom + 0.2 * w.size or w.top - 0.2 * w.size <= top <= w.bottom
        # Only its last line level: taken where no caption is level as above (figures stacked
        # close under each other have the caption of the figure above end level with them too).
        ends_level = w.top - 0.2 * w.size <= bottom <= w.bottom
        if not (x1 <= w.x0 and (level or ends_level)):
            continue
        # A figure between them, on this figure's row or level with the caption, is the caption's.
        if any(o is not v and x1 <= o.word.x0 and o.word.x1 <= w.x0
               and (abs(o.word.bottom - w.bottom) < 0.3 * w.size or (o.word.top < bottom and top < o.word.bottom))
               for o in values):
            continue
        if any(o is not v and _overlaps_x(lab.bbox, o.word.bbox) and 0 <= o.word.top - bottom < 2 * o.word.size
               for o in values):
            continue  # the caption set above a figure of the column to the left, level with this one
        (beside if level else ending_level).append(lab)
    beside = beside or ending_level
    return max(beside, key=lambda lab: lab.bbox[2]) if beside else None


def _partner(v: _Value, ew_values, used: set[int]):
    """The England and Wales figure beside (same row, to the right) or below the force figure."""
    best, best_d = None, None
    for ev, elab in ew_values:
        if id(ev) in used:
            continue
        w, e = v.word, ev.word
        same_row = abs(e.bottom - w.bottom) < 0.3 * w.size and e.x0 > w.x1
        below = e.top > w.bottom and _overlaps_x(w.bbox, e.bbox, slack=w.size) and e.top - w.bottom < 6 * w.size
        if not (same_row or below):
            continue
        d = (e.x0 - w.x1) if same_row else (e.top - w.bottom) * 2
        if best_d is None or d < best_d:
            best, best_d = (ev, elab), d
    return best


def _description(page_lines: list[TextLine], group: BBox, taken: set[int], body: float,
                 line_gap: float = 0.15) -> list[TextLine]:
    """The lines of text directly above a figure pair, nearest first found, returned top-down
    (set one under the other at the document's own line spacing, or closer; or, under a line
    that stops mid-phrase, as far as double spacing sets them)."""
    widest = max(0.9, line_gap + LINE_GAP_SLACK_EM)

    def within(t: TextLine, gap: float) -> bool:
        reach = max(widest, OPEN_LINE_GAP_EM) if ends_mid_phrase(t.text) else widest
        return -LINE_OVERLAP_EM * t.line.size <= gap < reach * t.line.size

    def eligible(t: TextLine) -> bool:
        return (
            t.role == "body"
            and not any(id(w) in taken for w in t.line.words)
            and not t.text.startswith("*")
        )

    above = [
        t for t in page_lines
        if eligible(t) and t.line.bottom <= group[1] + 0.2 * t.line.size and _overlaps_x(t.line.bbox, group)
    ]
    if not above:
        return []
    nearest = max(above, key=lambda t: t.line.bottom)
    chosen = [nearest]
    while True:
        top = chosen[0]
        # Sizes read from a picture are estimates: allow them more play (a share of the larger
        # size, so that two lines are alike or not whichever is read first).
        play = OCR_SIZE_PLAY if top.line.read_by_ocr else 0.05
        prev = [
            t for t in page_lines
            if eligible(t) and t not in chosen
            and within(t, top.line.top - t.line.bottom)
            and abs(t.line.size - top.line.size) < play * max(t.line.size, top.line.size)
            and _overlaps_x(t.line.bbox, top.line.bbox)
        ]
        if not prev:
            break
        chosen.insert(0, max(prev, key=lambda t: t.line.bottom))
    return chosen


def _description_beside_figures(page_lines: list[TextLine], group: BBox, v: _Value, taken: set[int],
                                last: TextLine) -> list[TextLine]:
    """Lines in a description's own type set beside the figures that open a page, above
    the force figure's foot: the end of a description broken by the page."""
    size = last.line.size
    return sorted((t for t in page_lines
                   if t.role == "body" and not any(id(w) in taken for w in t.line.words)
                   and abs(t.line.size - size) < 0.05 * size and t.line.top < v.word.bottom
                   and _overlaps_x(t.line.bbox, group)),
                  key=lambda t: t.line.top)


def _column_tail(page_lines: list[TextLine], taken: set[int], column: BBox, body: float,
                 line_gap: float = 0.15) -> list[TextLine]:
    """The description lines that end a page in a column, when the column ends with one.

    A column that ends with figures, captions or a panel title has no description left
    open; one that ends with plain text left its measure's description to run on.
    """
    in_column = [t for t in page_lines if _overlaps_x(t.line.bbox, column)]
    if not in_column:
        return []
    last = max(in_column, key=lambda t: t.line.bottom)
    if last.role != "body" or any(id(w) in taken for w in last.line.words):
        return []
    return _description(in_column, (column[0], last.line.bottom, column[2], last.line.bottom), taken, body, line_gap)


def _last_titles(page_lines: list[TextLine], line_gap: float = 0.15) -> list[tuple[str, BBox, list[Word]]]:
    """The panel title printed lowest in each column of the page (wrapped lines joined),
    with its box and words: the panel whose measures may open the same column of the next page."""
    heads = [t for t in page_lines if t.role == "heading" and not all(_VALUE.match(w.text) for w in t.line.words)]
    lowest: list[TextLine] = []
    for t in sorted(heads, key=lambda t: -t.line.bottom):
        if not any(_overlaps_x(t.line.bbox, o.line.bbox) for o in lowest):
            lowest.append(t)
    titles = [(t, _title_ending_with(heads, t, line_gap)) for t in lowest]
    return [(join_lines([x.text for x in parts]), t.line.bbox, [w for x in parts for w in x.line.words])
            for t, parts in titles]


def _title_ending_with(heads: list[TextLine], last: TextLine, line_gap: float = 0.15) -> list[TextLine]:
    widest = max(0.9, line_gap + LINE_GAP_SLACK_EM)  # a title's lines at the document's spacing
    parts = [last]
    while True:
        prev = [t for t in heads if t not in parts
                and -LINE_OVERLAP_EM * t.line.size <= parts[0].line.top - t.line.bottom < widest * t.line.size
                and abs(t.line.size - parts[0].line.size) < 0.05 * t.line.size and _overlaps_x(t.line.bbox, parts[0].line.bbox)]
        if not prev:
            break
        parts.insert(0, max(prev, key=lambda t: t.line.bottom))
    return parts


# Advance widths in ems of what figures are written with, as most text faces set them
# (figures are tabular, about half an em).
_FIGURE_EMS = {".": 0.28, ",": 0.28, "%": 0.89, "+": 0.58, "-": 0.33, "−": 0.58, "–": 0.5}
# A figure read from a picture whose box is this much wider than its characters lost some.
OCR_FIGURE_TOO_WIDE = 1.45


def _as_wide_as_its_text(w: Word) -> bool:
    """A figure read by OCR covers no more ink than its characters would print: Tesseract can
    read "77" in a bold face as one "7", boxed over both."""
    if w.ocr_confidence is None:
        return True
    printed = sum(_FIGURE_EMS.get(c, 0.556) for c in w.text) * w.size
    return (w.x1 - w.x0) <= OCR_FIGURE_TOO_WIDE * printed


# A word read from a picture with at least this confidence is surely a word, and must be read.
OCR_SURE_WORD = 0.9


def _surely_a_word(w: Word) -> bool:
    return w.ocr_confidence >= OCR_SURE_WORD and sum(c.isalnum() for c in w.text) >= 2


def _title(page_lines: list[TextLine], first_desc: TextLine, line_gap: float = 0.15,
           taken: set[int] = frozenset()) -> tuple[str | None, BBox | None, list[Word]]:
    """The block heading above a description (wrapped headings joined), its box and its words.

    A heading is a line set as one, or (for text read from a picture, which has
    no font names) a bold line clearly larger than the description under it: sizes read
    from a picture are estimates, and a description's first line may be read a tenth large.
    A line of figures, or of a caption's words (`taken`), is never a panel's title.
    """
    cands = [
        t for t in page_lines
        if (t.role == "heading" or (t.line.read_by_ocr and t.line.bold and t.line.size >= 1.1 * first_desc.line.size))
        and not all(_VALUE.match(w.text) or id(w) in taken for w in t.line.words)
        and t.line.bottom <= first_desc.line.top + 0.1 * t.line.size
        and _overlaps_x(t.line.bbox, first_desc.line.bbox)
    ]
    if not cands:
        return None, None, []
    nearest = max(cands, key=lambda t: t.line.bottom)
    parts = [nearest]
    while True:
        # Sizes read from a picture are estimates: allow them more play (as a description's lines).
        play = OCR_SIZE_PLAY if parts[0].line.read_by_ocr else 0.05
        prev = [
            t for t in cands
            if t not in parts
            and -LINE_OVERLAP_EM * t.line.size <= parts[0].line.top - t.line.bottom < max(0.9, line_gap + LINE_GAP_SLACK_EM) * t.line.size
            and abs(t.line.size - parts[0].line.size) < play * t.line.size
        ]
        if not prev:
            break
        parts.insert(0, max(prev, key=lambda t: t.line.bottom))
    return join_lines([t.text for t in parts]), union_bbox(t.line.bbox for t in parts), [w for t in parts for w in t.line.words]


def _describe(description: str, force_text: str, ew_text: str) -> tuple[str, str | None, str]:
    """Split a description into metric and period, and name the unit."""
    periods = find_spans("periods", description)
    period = None
    metric = description
    if periods:
        _, start, end = periods[-1]
        period = description[start:end]
        metric = normalise_ws(description[:start] + " " + description[end:])
    units = {label for label, _, _ in find_spans("units", metric)}
    if "%" in force_text or "%" in ew_text:
        signed = force_text[:1] in "+-−–" or ew_text[:1] in "+-−–"
        unit = "percent change" if "percent change" in units or signed else "percent"
    elif "per 1,000 population" in units:
        unit = "per 1,000 population"
    elif "per 1 million population" in units:
        unit = "per 1 million population"
    else:
        unit = "count"
    return metric, period, unit


def _period_from_note(lines: list[TextLine]) -> str | None:
    """The period an asterisked note gives ("*Figures are ... in the 12 months to 30 June 2017")."""
    notes = [t for t in lines if t.text.startswith("*")]
    for t in notes:
        idx = lines.index(t)
        text = join_lines([x.text for x in lines[idx : idx + 4] if x.role == t.role])
        spans = find_spans("periods", text)
        if spans:
            _, start, end = spans[0]
            return text[start:end]
    return None
