"""pdfplumber, used for what it does best: the one module that imports it.

- the second parser (pdfminer, through pdfplumber), for files PDFium cannot open
  and for `peel extract --parser pdfplumber`;
- grouping characters into words (`pdfplumber.utils.extract_words`), whichever
  parser read them.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from extractors.model import RGB, Graphic, Picture, Word
from extractors.pdfium import points_to_graphic
from extractors.thresholds import WORD_GAP_EM

# A character as both parsers give it: the list [text, x0, x1, top, bottom, style] (a list:
# the PDFium reader trims a glyph's right edge once it has read the next glyph), where
# style is one tuple shared by the characters of a text object.  Not a dict: a report
# holds 70,000 characters, and building a dict of each cost more than reading it.
Style = tuple[float, str, bool, bool, RGB, bool]  # size, font name, bold, italic, colour, upright
Char = list  # [text, x0, x1, top, bottom, Style]
_style, _x0 = itemgetter(5), itemgetter(1)

# What must agree for characters to form one word (the style): a change of font, size,
# weight, slant or colour inside a word does not happen in running text.
_WORD_ATTRS = ["fontname", "size", "bold", "italic", "color"]
# pdfplumber's word settings: tight across lines, so a raised superscript becomes its own word;
# along a line, a gap of `WORD_GAP_EM` of the type's size parts two words.
# (`x_tolerance` then only clusters the lines of rotated text.)
_WORD_SETTINGS = dict(x_tolerance_ratio=WORD_GAP_EM, x_tolerance=1.5, y_tolerance=1.0, keep_blank_chars=False,
                      use_text_flow=False, extra_attrs=_WORD_ATTRS, expand_ligatures=True)
_Y_TOLERANCE = _WORD_SETTINGS["y_tolerance"]
_LIGATURES = {"\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb01": "fi", "\ufb02": "fl",
              "\ufb06": "st", "\ufb05": "st"}
# Characters read as the text they stand for: ligatures as their letters, and the hyphen and
# non-breaking hyphen (U+2010, U+2011; WeasyPrint's hyphenation prints U+2010) as "-".
_CHARACTER_TEXT = {**_LIGATURES, "\u2010": "-", "\u2011": "-"}


def chars_to_words(chars: list[Char]) -> list[Word]:
    """Characters grouped into words as pdfplumber's `extract_words` groups them with `_WORD_SETTINGS`.

    Upright text (all of it, from PDFium) is grouped here by the same steps — runs of
    one style, lines clustered by top within the y tolerance, characters sorted by x0,
    a word broken at a space or a gap over the x tolerance — in a fraction of the time,
    which counts at 70,000 characters a report; rotated text goes to pdfplumber itself.
    `tests/test_parsers.py` holds the two to the same words.
    """
    words = []
    # One object per colour, and per value of a line's top, bottom and size, shared by the words
    # that have it: a 1,000-page report holds 400,000 words.
    colours: dict[tuple, tuple] = {}
    shared: dict[float, float] = {}
    same = shared.setdefault
    # The shared rounded value of each top and bottom read: the words of a line have the same
    # ones, and rounding to two places costs ten times a look-up.
    rounded: dict[float, float] = {}
    after_space = False  # the run before ended with a space: the next run's first word follows one
    for style, run in groupby(_without_fake_bold(chars), _style):
        size, _, bold, italic, colour, upright = style
        size = round(size, 2)
        colour = tuple(colour)
        colour = colours.setdefault(colour, colour)
        run = list(run)
        boxes = _upright_words(run, after_space) if upright else _pdfplumber_words(run)
        after_space = run[-1][0].isspace()
        for text, x0, top, x1, bottom, spaced in boxes:
            if not text:
                continue
            for edge in (top, bottom):
                if edge not in rounded:
                    value = round(edge, 2)
                    rounded[edge] = same(value, value)
            words.append(Word(text=text, x0=round(x0, 2), top=rounded[top], x1=round(x1, 2),
                              bottom=rounded[bottom], size=same(size, size), bold=bold, italic=italic, color=colour,
                              spaced=spaced))
    return words


def chars_to_words_by_pdfplumber(chars: list[Char]) -> list[Word]:
    """The same words from pdfplumber's own `extract_words`: what `chars_to_words` must equal."""
    from pdfplumber.utils import extract_words

    return [Word(text=w["text"], x0=round(w["x0"], 2), top=round(w["top"], 2), x1=round(w["x1"], 2),
                 bottom=round(w["bottom"], 2), size=round(w["size"], 2), bold=w["bold"], italic=w["italic"],
                 color=tuple(w["color"]))
            for w in extract_words(chars_as_dicts(_without_fake_bold(chars)), **_WORD_SETTINGS) if w["text"]]


def chars_as_dicts(chars: list[Char]) -> list[dict]:
    """The characters as pdfplumber's own character dicts (the keys its word grouping reads)."""
    return [{"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": upright,
             "size": size, "fontname": fontname, "bold": bold, "italic": italic, "color": colour}
            for text, x0, x1, top, bottom, (size, fontname, bold, italic, colour, upright) in chars]


# A word's text, x0, top, x1, bottom, and whether a space stands before it on its line.
Box = tuple[str, float, float, float, float, bool]


def _pdfplumber_words(run: list[Char]) -> list[Box]:
    from pdfplumber.utils import extract_words

    return [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], False)
            for w in extract_words(chars_as_dicts(run), **_WORD_SETTINGS)]


def _upright_words(run: list[Char], after_space: bool = False) -> list[Box]:
    """Words of a run of upright characters of one style (pdfplumber's line and word steps, left to right).

    `after_space`: the run follows a space, so its first word on the first line does too.
    """
    out: list[Box] = []
    gap = WORD_GAP_EM * run[0][5][0]  # the run's characters are of one size
    for number, members in enumerate(_lines(run)):
        members.sort(key=_x0)
        # The word being read: its letters, its box so far, and the last character's edges.
        texts: list[str] = []
        x0 = top = x1 = bottom = last_x0 = last_x1 = last_top = 0.0
        spaced = after_space and number == 0  # the word being read follows a space
        space_seen = False  # a space was read since the word before ended
        for text, cx0, cx1, ctop, cbottom, _ in members:
            if texts and (text.isspace() or text == "" or cx0 < last_x0 or cx0 > last_x1 + gap
                          or abs(ctop - last_top) > _Y_TOLERANCE):
                out.append(("".join(texts), x0, top, x1, bottom, spaced))
                texts = []
                spaced = False
            if text.isspace():
                space_seen = True
                continue  # a space ends a word
            if text == "":
                continue  # pdfplumber splits at "" too, as at punctuation
            if texts:
                # min and max, written out: once a character, 70,000 times a report.
                texts.append(_CHARACTER_TEXT.get(text, text))
                if cx0 < x0:
                    x0 = cx0
                if ctop < top:
                    top = ctop
                if cx1 > x1:
                    x1 = cx1
                if cbottom > bottom:
                    bottom = cbottom
            else:
                texts = [_CHARACTER_TEXT.get(text, text)]
                x0, top, x1, bottom = cx0, ctop, cx1, cbottom
                spaced = spaced or space_seen
                space_seen = False
            last_x0, last_x1, last_top = cx0, cx1, ctop
        if texts:
            out.append(("".join(texts), x0, top, x1, bottom, spaced))
    return out


def _lines(run: list[Char]) -> list[list[Char]]:
    """The run's characters by line: tops sorted and chained while each is within the tolerance of the one before."""
    line_of: dict[float, int] = {}
    line, last = -1, None
    for top in sorted({c[3] for c in run}):
        if last is None or top > last + _Y_TOLERANCE:
            line += 1
        line_of[top] = line
        last = top
    if line <= 0:
        return [run]
    lines: list[list[Char]] = [[] for _ in range(line + 1)]
    for c in run:
        lines[line_of[c[3]]].append(c)
    return lines


def _without_fake_bold(chars: list[Char]) -> list[Char]:
    """Drop the second copy of glyphs drawn twice a fraction of a width apart ("fake bold").

    A real double letter ("ll") is a whole glyph width apart.  (pdfplumber's
    dedupe_chars does this with a fixed tolerance and costs ~0.5 s a page.)
    PDFium drops a copy only when it is drawn within a few glyphs of the first and
    very close to it: it keeps those of `tests/test_parsers.py`'s stress printing.
    """
    # The glyphs of each text on each row (their top rounded).  A row is found by the exact
    # top first: the glyphs of a line share one, so the rounding is done once a line.
    rows: dict[int, dict[str, list[Char]]] = {}
    row_of_top: dict[float, dict[str, list[Char]]] = {}
    for ch in chars:
        text = ch[0]
        if text.isspace():
            continue
        row = row_of_top.get(ch[3])
        if row is None:
            row = row_of_top[ch[3]] = rows.setdefault(round(ch[3]), {})
        group = row.get(text)
        if group is None:
            row[text] = [ch]
        else:
            group.append(ch)
    doubles: set[int] = set()
    for group in (group for row in rows.values() for group in row.values()):
        if len(group) < 2:
            continue
        group.sort(key=_x0)
        kept = group[0][1]  # where the last glyph kept starts
        for ch in group[1:]:
            x0 = ch[1]
            # |x0 - kept| < max(1.0, half the glyph's width), without calls: most groups are real repeats.
            if -1.0 < x0 - kept < 1.0 or -0.5 * (ch[2] - x0) < x0 - kept < 0.5 * (ch[2] - x0):
                doubles.add(id(ch))
            else:
                kept = x0
    return [c for c in chars if id(c) not in doubles] if doubles else chars


def open_pdf(path):
    import pdfplumber

    return pdfplumber.open(path)


def pdfminer_errors() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """(password errors, damaged-file errors) of pdfminer, for telling the reader which it was."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSEOF, PSException

    return (PDFPasswordIncorrect, PDFEncryptionError), (PDFSyntaxError, PSEOF, PSException)


def page_objects(page) -> tuple[float, float, list[Char], list[Graphic], list[Picture]]:
    """(width, height, characters, shapes, pictures) of one pdfplumber page, read from its layout.

    pdfplumber's `page.chars` turns every object on the page into a dict with every
    attribute; the words need a few of them only.
    """
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    chars: list[Char] = []
    graphics: list[Graphic] = []
    pictures: list[Picture] = []

    def box(obj) -> tuple[float, float, float, float]:
        return obj.x0 + mb_x0, height - obj.y1 + mb_top, obj.x1 + mb_x0, height - obj.y0 + mb_top

    def walk(container) -> None:
        for obj in container:
            if isinstance(obj, LTChar):
                x0, top, x1, bottom = box(obj)
                fontname = obj.fontname
                if isinstance(fontname, bytes):
                    fontname = fontname.decode("latin-1", "replace")
                short = fontname.split("+")[-1].lower()
                bold = any(k in short for k in ("bold", "black", "heavy", "semibold", "demi"))
                italic = "italic" in short or "oblique" in short
                colour = colour_to_rgb(obj.graphicstate.ncolor) or (0, 0, 0)
                style = (obj.size, fontname, bold, italic, colour, obj.upright)
                chars.append([obj.get_text(), x0, x1, top, bottom, style])
            elif isinstance(obj, LTImage):
                x0, top, x1, bottom = box(obj)
                pictures.append(Picture(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2),
                                        int(obj.srcsize[0] or 0), int(obj.srcsize[1] or 0)))
            elif isinstance(obj, (LTRect, LTLine, LTCurve)):
                points = [(x + mb_x0, height - y + mb_top) for x, y in obj.pts]
                stroke = colour_to_rgb(obj.stroking_color) if obj.stroke else None
                fill = colour_to_rgb(obj.non_stroking_color) if obj.fill else None
                if stroke is None and fill is None:
                    continue
                is_curve = isinstance(obj, LTCurve) and not isinstance(obj, (LTRect, LTLine)) and len(obj.pts) > 5
                graphics.append(points_to_graphic(points, is_curve, stroke, fill, float(obj.linewidth or 0)))
            if isinstance(obj, LTContainer):
                walk(obj)

    walk(page.layout)
    return float(page.width), height, chars, graphics, pictures


def colour_to_rgb(value) -> RGB | None:
    """pdfminer gives raw colour-space values: grey, RGB or CMYK, 0..1."""
    if value is None:
        return (0, 0, 0)
    if isinstance(value, (int, float)):
        value = (value,)
    try:
        v = [float(x) for x in value]
    except (TypeError, ValueError):
        return None  # a pattern or named colour: no flat colour to report
    if len(v) == 1:
        g = round(255 * v[0])
        return (g, g, g)
    if len(v) == 3:
        return tuple(round(255 * x) for x in v)  # type: ignore[return-value]
    if len(v) == 4:
        c, m, y, k = v
        return tuple(round(255 * (1 - min(1.0, x + k))) for x in (c, m, y))  # type: ignore[return-value]
    return None

