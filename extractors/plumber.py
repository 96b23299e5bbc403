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

# Attributes that must agree for characters to form one word: a change of font,
# size, weight, slant or colour inside a word does not happen in running text.
_WORD_ATTRS = ["fontname", "size", "bold", "italic", "color"]
# pdfplumber's word settings: tight across lines, so a raised superscript becomes its own word.
_WORD_SETTINGS = dict(x_tolerance=1.5, y_tolerance=1.0, keep_blank_chars=False, use_text_flow=False,
                      extra_attrs=_WORD_ATTRS, expand_ligatures=True)
_X_TOLERANCE, _Y_TOLERANCE = _WORD_SETTINGS["x_tolerance"], _WORD_SETTINGS["y_tolerance"]
_LIGATURES = {"\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb01": "fi", "\ufb02": "fl",
              "\ufb06": "st", "\ufb05": "st"}


def chars_to_words(chars: list[dict]) -> list[Word]:
    """Characters grouped into words as pdfplumber's `extract_words` groups them with `_WORD_SETTINGS`.

    Upright text (all of it, from PDFium) is grouped here by the same steps — runs of
    one style, lines clustered by top within the y tolerance, characters sorted by x0,
    a word broken at a space or a gap over the x tolerance — in a third of the time,
    which counts at 70,000 characters a report; rotated text goes to pdfplumber itself.
    `tests/test_parsers.py` holds the two to the same words.
    """
    chars = _without_fake_bold(chars)
    words = []
    # One object per colour, and per value of a line's top, bottom and size, shared by the words
    # that have it: a 1,000-page report holds 400,000 words.
    colours: dict[tuple, tuple] = {}
    shared: dict[float, float] = {}
    same = shared.setdefault
    style = itemgetter("upright", *_WORD_ATTRS)
    for key, run in groupby(chars, style):
        raw = _upright_words(list(run)) if key[0] else _pdfplumber_words(list(run))
        colour = tuple(key[-1])
        colour = colours.setdefault(colour, colour)
        for w in raw:
            if not w["text"]:
                continue
            top, bottom, size = round(w["top"], 2), round(w["bottom"], 2), round(w["size"], 2)
            words.append(Word(
                text=w["text"], x0=round(w["x0"], 2), top=same(top, top), x1=round(w["x1"], 2),
                bottom=same(bottom, bottom), size=same(size, size), bold=w["bold"], italic=w["italic"],
                color=colour,
            ))
    return words


def chars_to_words_by_pdfplumber(chars: list[dict]) -> list[Word]:
    """The same words from pdfplumber's own `extract_words`: what `chars_to_words` must equal."""
    from pdfplumber.utils import extract_words

    return [Word(text=w["text"], x0=round(w["x0"], 2), top=round(w["top"], 2), x1=round(w["x1"], 2),
                 bottom=round(w["bottom"], 2), size=round(w["size"], 2), bold=w["bold"], italic=w["italic"],
                 color=tuple(w["color"]))
            for w in extract_words(_without_fake_bold(chars), **_WORD_SETTINGS) if w["text"]]


def _pdfplumber_words(run: list[dict]) -> list[dict]:
    from pdfplumber.utils import extract_words

    return extract_words(run, **_WORD_SETTINGS)


def _upright_words(run: list[dict]) -> list[dict]:
    """Words of a run of upright characters of one style (pdfplumber's line and word steps, left to right)."""
    # Lines: tops sorted and chained while each is within the tolerance of the one before.
    line_of: dict[float, int] = {}
    line, last = -1, None
    for top in sorted({c["top"] for c in run}):
        if last is None or top > last + _Y_TOLERANCE:
            line += 1
        line_of[top] = line
        last = top
    lines: list[list[dict]] = [[] for _ in range(line + 1)]
    for c in run:
        lines[line_of[c["top"]]].append(c)
    out = []
    for members in lines:
        members.sort(key=_x0)
        current: list[dict] = []
        for c in members:
            text = c["text"]
            if text.isspace():
                if current:
                    out.append(_merge(current))
                current = []
            elif text == "":  # pdfplumber splits at "" as at punctuation: a word of its own
                if current:
                    out.append(_merge(current))
                out.append(_merge([c]))
                current = []
            elif current and _begins_word(current[-1], c):
                out.append(_merge(current))
                current = [c]
            else:
                current.append(c)
        if current:
            out.append(_merge(current))
    return out


def _x0(c: dict) -> float:
    return c["x0"]


def _begins_word(prev: dict, c: dict) -> bool:
    x0 = c["x0"]
    return x0 < prev["x0"] or x0 > prev["x1"] + _X_TOLERANCE or abs(c["top"] - prev["top"]) > _Y_TOLERANCE


def _merge(chars: list[dict]) -> dict:
    first = chars[0]
    if len(chars) == 1:
        return {"text": _LIGATURES.get(first["text"], first["text"] or ""), "x0": first["x0"], "top": first["top"],
                "x1": first["x1"], "bottom": first["bottom"], "size": first["size"], "bold": first["bold"],
                "italic": first["italic"], "color": first["color"]}
    return {
        "text": "".join(_LIGATURES.get(c["text"], c["text"] or "") for c in chars),
        "x0": min(c["x0"] for c in chars), "top": min(c["top"] for c in chars),
        "x1": max(c["x1"] for c in chars), "bottom": max(c["bottom"] for c in chars),
        "size": first["size"], "bold": first["bold"], "italic": first["italic"], "color": first["color"],
    }


def _without_fake_bold(chars: list[dict]) -> list[dict]:
    """Drop the second copy of glyphs drawn twice a fraction of a width apart ("fake bold").

    A real double letter ("ll") is a whole glyph width apart.  (pdfplumber's
    dedupe_chars does this with a fixed tolerance and costs ~0.5 s a page.)
    """
    groups: dict[tuple, list[dict]] = {}
    for ch in chars:
        if not ch["text"].isspace():
            groups.setdefault((ch["text"], round(ch["top"])), []).append(ch)
    doubles: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        xs: list[float] = []
        for ch in sorted(group, key=lambda c: c["x0"]):
            if xs and abs(ch["x0"] - xs[-1]) < max(1.0, 0.5 * (ch["x1"] - ch["x0"])):
                doubles.add(id(ch))
            else:
                xs.append(ch["x0"])
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


def page_objects(page) -> tuple[float, float, list[dict], list[Graphic], list[Picture]]:
    """(width, height, characters, shapes, pictures) of one pdfplumber page, read from its layout.

    pdfplumber's `page.chars` turns every object on the page into a dict with every
    attribute; the words need a few keys of the characters only.
    """
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    chars: list[dict] = []
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
                chars.append({
                    "text": obj.get_text(), "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": obj.upright,
                    "size": obj.size, "fontname": fontname,
                    "bold": any(k in short for k in ("bold", "black", "heavy", "semibold", "demi")),
                    "italic": "italic" in short or "oblique" in short,
                    "color": colour_to_rgb(obj.graphicstate.ncolor) or (0, 0, 0),
                })
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

