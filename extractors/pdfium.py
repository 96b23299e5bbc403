"""Read a page's characters, shapes and pictures with PDFium (pypdfium2).

PDFium builds the objects of a page about ten times faster than pdfminer and
half the memory, so it is the first parser; `extractors.plumber` keeps pdfminer
as the second.  Both give the same plain records: characters (`extractors.plumber.Char`),
`Graphic` and `Picture`.

What needs care with PDFium, and why the code below does what it does:
- a character's box is asked for once; its font, size, colour and render mode
  belong to its text object and are asked for once per text object;
- `FPDFTextObj_GetFontSize` is the nominal size: the printed size is that times
  the vertical scale of the character's matrix;
- the "loose" box is as wide as the glyph's advance (as pdfminer's) but taller;
  its bottom is put `DESCENT_EM` below the baseline and its top one size above
  that, so every glyph of a line, regular or italic, shares one exact baseline
  (fonts' own descents differ, and PDFium and pdfminer read them differently);
- colours come as RGBA, already converted from CMYK or spot inks;
- shapes inside form XObjects have their coordinates in the form's space: the
  form's matrix is applied on the way down.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re

from extractors.model import DESCENT_EM, RGB, Graphic, Picture
from extractors.thresholds import NARROWEST_GLYPH_EM

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique", re.IGNORECASE)
# The style part of a font name after "-" or ",": "Bold", "Oblique", "Regular", "BoldItalicMT".
_STYLE_PART = re.compile(r"[-,](bold|black|heavy|semibold|demi|italic|oblique|regular|book|roman|medium|light)",
                         re.IGNORECASE)

_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
# Codes of characters that may be PDFium's own (spaces and line breaks it infers) or have no text.
_UNPRINTED = frozenset((0, 0xFFFE, 0xFFFF, 0x20, 0x0D, 0x0A))
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
# Text render modes: 3 is invisible (the text layer over a scan), 2 fills and strokes
# (how some printers make a font look bold).
_INVISIBLE, _FILL_STROKE = 3, 2

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _raw():
    import pypdfium2.raw as raw

    return raw


def open_pdf(path):
    """The PDFium document; raises pypdfium2's PdfiumError when PDFium cannot open it."""
    import pypdfium2

    return pypdfium2.PdfDocument(str(path))


def document_info(pdf) -> dict[str, str]:
    try:
        return {k: str(v) for k, v in (pdf.get_metadata_dict(skip_empty=True) or {}).items()}
    except Exception:  # damaged Info dictionaries are common and never matter to the facts
        return {}


def page_objects(page) -> tuple[float, float, list[list], list[Graphic], list[Picture]]:
    """(width, height, characters, shapes, pictures) of one pypdfium2 page."""
    raw = _raw()
    # The page box as PDFium uses it (inherited from the page tree when the page has none of
    # its own: `get_mediabox` would answer US Letter then).
    left, bottom, right, top = page.get_bbox()
    width, height = right - left, top - bottom
    chars = _chars(raw, page, left, top)
    graphics: list[Graphic] = []
    pictures: list[Picture] = []
    call = _bound_calls(raw)
    handle = ctypes.c_void_p(ctypes.cast(page.raw, ctypes.c_void_p).value)
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        # Most of a page's objects are text, read from the text page above: skip those by address.
        obj = call.page_object(handle, i)
        if obj and call.object_type(obj) != _TEXT:
            _walk(raw, ctypes.cast(obj, raw.FPDF_PAGEOBJECT), _IDENTITY, left, top, graphics, pictures, depth=0)
    return width, height, chars, graphics, pictures


class _Calls:
    """The PDFium calls made per character and per object, bound to plain pointer arguments.

    pypdfium2's bindings type every pointer (a text object comes back as a ctypes
    pointer object that must be cast to be used as a key), and each call converts its
    arguments: over 70,000 characters a report that was most of the page model's cost.
    These are the same C functions, called with addresses.

    Those called once a character (and `page_object`) declare no argument types at all,
    which halves what ctypes spends on a call: the caller passes the page or text page
    as a `c_void_p`, the index as an int and each out-parameter through `byref` (a bare
    int would go as a C int, not a pointer).
    """

    def __init__(self, raw) -> None:
        v, i = ctypes.c_void_p, ctypes.c_int

        def bind(fn, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)

        self.text_object = bind(raw.FPDFText_GetTextObject, v)
        self.loose_box = bind(raw.FPDFText_GetLooseCharBox, i)
        self.origin = bind(raw.FPDFText_GetCharOrigin, i)
        self.generated = bind(raw.FPDFText_IsGenerated, i)
        self.page_object = bind(raw.FPDFPage_GetObject, v)
        self.object_type = bind(raw.FPDFPageObj_GetType, i, v)
        self.font_size = bind(raw.FPDFTextObj_GetFontSize, i, v, v)
        self.char_font_size = bind(raw.FPDFText_GetFontSize, ctypes.c_double, v, i)
        self.matrix = bind(raw.FPDFText_GetMatrix, i, v, i, v)
        self.font = bind(raw.FPDFTextObj_GetFont, v, v)
        self.render_mode = bind(raw.FPDFTextObj_GetTextRenderMode, i, v)
        self.fill = bind(raw.FPDFPageObj_GetFillColor, i, v, v, v, v, v)
        self.font_name = bind(raw.FPDFFont_GetBaseFontName, ctypes.c_size_t, v, v, ctypes.c_size_t)
        self.font_weight = bind(raw.FPDFFont_GetWeight, i, v)
        self.italic_angle = bind(raw.FPDFFont_GetItalicAngle, i, v, v)
        self.FS_MATRIX, self.FS_RECTF = raw.FS_MATRIX, raw.FS_RECTF


class _StyleBuffers:
    """What the calls per text object write into, made once per page (never shared between
    threads: the calls release the GIL)."""

    def __init__(self, call: _Calls) -> None:
        self.nominal = ctypes.c_float()
        self.nominal_ref = ctypes.byref(self.nominal)
        self.matrix = call.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.rgba_refs = tuple(ctypes.byref(c) for c in self.rgba)


_calls: _Calls | None = None


def _bound_calls(raw) -> _Calls:
    global _calls
    if _calls is None:
        _calls = _Calls(raw)
    return _calls


def _chars(raw, page, left: float, top: float) -> list[list]:
    textpage = page.get_textpage()
    try:
        call = _bound_calls(raw)
        tp = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        count = raw.FPDFText_CountChars(textpage.raw)
        codes = _page_codes(raw, textpage.raw, count)  # every character's code in one call, not one call each
        return _read_chars(call, tp, codes, left, top)
    finally:
        textpage.close()


def _read_chars(call: _Calls, tp, codes: list[int], left: float, top: float) -> list[list]:
    """The character records (`extractors.plumber.Char`) of a text page, in PDFium's order.

    One loop over 70,000 characters a report, so it is written for speed: records are
    lists (a glyph's right edge is trimmed when the next one is read), what depends on a
    text object's style alone is worked out once per text object, and a ligature's state
    is a few variables, not a record per character.
    """
    box = call.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pbox, pox, poy = ctypes.byref(box), ctypes.byref(ox), ctypes.byref(oy)
    text_object, loose_box, origin, is_generated = call.text_object, call.loose_box, call.origin, call.generated
    buffers = _StyleBuffers(call)
    styles: dict[int, tuple] = {}  # text object -> (style, size, descent, a tenth of the size)
    fonts: dict[int, tuple] = {}
    unprinted = _UNPRINTED
    out: list[list] = []
    last: list | None = None  # the previous character drawn, whose right edge the next one may trim
    last_y = 0.0
    # A ligature ("fi", "ffi") comes out as its letters sharing one origin and box: the
    # characters read so far at the origin of the last one not sharing it, where their
    # shared box ends, and how many shares it is cut into (a hyphen mark skipped takes one).
    lig_chars: list[list] = []
    lig_start = lig_end = 0.0
    lig_shares = 0
    lig_waiting = False  # a share was counted for a character not yet recorded
    space: list | None = None  # PDFium's inferred space just recorded, before the next glyph is read
    for i, code in enumerate(codes):
        # Only spaces and line breaks can be PDFium's own: ask about those alone.
        if code in unprinted and (code in (0, 0xFFFE, 0xFFFF) or is_generated(tp, i)):
            # Spaces and line breaks PDFium inferred are not in the file, but where it puts
            # a space is where the glyph before it ends (its advance).
            if last is not None and code == 0x20:
                loose_box(tp, i, pbox)
                at = box.left - left
                if at < last[1] + NARROWEST_GLYPH_EM * last[5][0]:
                    # No glyph is this narrow: PDFium misplaced the space (AbiWord's "Question",
                    # its "ti" drawn from another font, got a space 0.05 em into its "n"), and
                    # the glyph's own box says where it ends.
                    at = last[2]
                if at > last[1]:
                    last[2] = min(last[2], at)
                    # It still parts two words, however narrow the gap: a producer may set
                    # small type with its spaces only 0.2 em wide ("of Practice" at 7.6 pt).
                    space = [" ", at, at, last[3], last[4], last[5]]
                    out.append(space)
            continue
        obj = text_object(tp, i) or 0
        known = styles.get(obj)
        if known is None:
            style = _text_style(call, buffers, tp, i, obj, fonts)
            known = styles[obj] = (style, style[0], DESCENT_EM * style[0], 0.1 * style[0])
        style, size, descent, near = known
        loose_box(tp, i, pbox)
        origin(tp, i, pox, poy)
        x0 = ox.value - left
        y = oy.value
        if space is not None:
            # PDFium may put its space past the start of the glyph after it (Skia's kerned
            # "Metropolitan Police" read "P olice"): it goes no further right than that glyph.
            if x0 < space[1] and -near < y - last_y < near:
                space[1] = space[2] = max(x0, last[1])
            space = None
        # The loose box of a slanted glyph overhangs its advance: the next glyph's origin
        # on the same baseline is where this one ends.
        if last is not None and -near < y - last_y < near and last[1] < x0 < last[2]:
            last[2] = x0
        x1 = box.right - left
        if x0 > x1:
            x1 = x0
        if lig_chars and -0.01 < x0 - lig_start < 0.01 and -0.01 < y - last_y < 0.01:
            # Share the ligature's box out among its letters, in order.
            lig_shares += 1
            lig_waiting = True
            lig_end = end = max(lig_end, x1)
            step = (end - lig_start) / lig_shares
            for k, ch in enumerate(lig_chars):
                ch[1], ch[2] = lig_start + k * step, lig_start + (k + 1) * step
            x0, x1 = lig_start + (lig_shares - 1) * step, end
        char_bottom = top - y + descent
        if code == 0x02 or code == 0xAD:
            # PDFium marks a hyphen at a line end as 0x02, whether it was printed soft (U+00AD)
            # or hard, and passes some soft hyphens through as they are: all read as "-", and
            # the text joiner decides from the document's own words whether the hyphen stays.
            if code == 0x02 and last is not None and last[0] in ("-", "\xad") and abs(x0 - last[1]) < 0.5 * size:
                continue  # the mark of a hyphen already read
            text = "-"
        else:
            text = chr(code)
        last = [text, x0, x1, char_bottom - size, char_bottom, style]
        if lig_waiting:
            lig_chars.append(last)
            lig_waiting = False
        else:
            lig_chars, lig_start, lig_end, lig_shares = [last], x0, x1, 1
        last_y = y
        out.append(last)
    return out


def _page_codes(raw, tp, count: int) -> list[int]:
    """The code of each character of the text page, by index.

    `FPDFText_GetText` gives UTF-16 with one unit per character index (PDFium keeps
    the two in step), so one call replaces a call per character.
    """
    buf = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(tp, 0, count, buf)
    codes = list(buf[: max(0, written - 1)])
    if len(codes) != count:  # not in step: ask character by character
        return [raw.FPDFText_GetUnicode(tp, i) for i in range(count)]
    # The text call writes 0xFFFE where a character has no text of its own, such as the
    # mark of a hyphen that ends a line: ask about those one by one.
    return [raw.FPDFText_GetUnicode(tp, i) if c == 0xFFFE else c for i, c in enumerate(codes)]


def _font_facts(call: _Calls, font: int, fonts: dict[int, tuple]) -> tuple[str, int, int]:
    """(base name, weight, italic angle) of a font, asked once per font of the page."""
    facts = fonts.get(font)
    if facts is None:
        buf = ctypes.create_string_buffer(256)
        length = call.font_name(font, buf, 256)
        name = buf.raw[: max(0, length - 1)].decode("latin-1", "replace")
        angle = ctypes.c_int()
        italic_angle = angle.value if call.italic_angle(font, ctypes.byref(angle)) else 0
        facts = fonts[font] = (name, call.font_weight(font), italic_angle)
    return facts


def _text_style(call: _Calls, out: _StyleBuffers, tp, index: int, obj: int, fonts: dict[int, tuple]) -> tuple:
    """The style (`extractors.plumber.Style`) of the text object character `index` belongs to."""
    nominal, matrix, rgba = out.nominal, out.matrix, out.rgba
    if not obj or not call.font_size(obj, out.nominal_ref):
        nominal.value = call.char_font_size(tp, index) or 0.0
    scale = 1.0
    if call.matrix(tp, index, out.matrix_ref):
        scale = math.hypot(matrix.b, matrix.d) or 1.0
    size = round(nominal.value * scale, 2)
    font = call.font(obj) if obj else None
    name, weight, italic_angle = "", 400, 0
    if font:
        name, weight, italic_angle = _font_facts(call, font, fonts)
    mode = call.render_mode(obj) if obj else 0
    color: RGB = (0, 0, 0)
    if obj and call.fill(obj, *out.rgba_refs):
        color = (rgba[0].value, rgba[1].value, rgba[2].value)
    bold, italic = _weight_and_slant(name, weight, italic_angle, mode)
    return size, name, bold, italic, color if mode != _INVISIBLE else (0, 0, 0), True


@functools.lru_cache(maxsize=1024)
def _weight_and_slant(name: str, weight: int, italic_angle: int, mode: int) -> tuple[bool, bool]:
    short = name.split("+")[-1]
    # A name that states its style ("DejaVuSans-Oblique", "Arial,Bold") is believed over the
    # weight, which some producers write wrongly (Skia: 610 for an oblique, 455 for a bold);
    # a name that states none ("TimesNewRomanPSMT", "F1") leaves the weight to decide.
    styled = _STYLE_PART.search(short)
    heavy = bool(_BOLD_NAME.search(short)) or (weight >= 600 and not styled)
    return heavy or mode == _FILL_STROKE, bool(_ITALIC_NAME.search(short)) or italic_angle != 0


def _rgba(raw, getter, obj) -> tuple[int, int, int, int] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return r.value, g.value, b.value, a.value


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _object_matrix(raw, obj) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(raw, obj, outer: Matrix, left: float, top: float, graphics: list, pictures: list, depth: int) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == _PATH:
        graphics.extend(_path_graphics(raw, obj, outer, left, top))
    elif kind == _IMAGE:
        x0, y0, x1, y1 = _bounds(raw, obj, outer)
        w, h = ctypes.c_uint(), ctypes.c_uint()
        raw.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(w), ctypes.byref(h))
        pictures.append(Picture(round(x0 - left, 2), round(top - y1, 2), round(x1 - left, 2), round(top - y0, 2),
                                int(w.value), int(h.value)))
    elif kind == _FORM and depth < 12:  # forms nest; a cycle or absurd depth is not followed
        inner = _multiply(_object_matrix(raw, obj), outer)
        for i in range(raw.FPDFFormObj_CountObjects(obj)):
            _walk(raw, raw.FPDFFormObj_GetObject(obj, i), inner, left, top, graphics, pictures, depth + 1)


def _bounds(raw, obj, outer: Matrix) -> tuple[float, float, float, float]:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
    corners = [_apply(outer, x, y) for x in (l.value, r.value) for y in (b.value, t.value)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _path_graphics(raw, obj, outer: Matrix, left: float, top: float) -> list[Graphic]:
    fillmode, stroked = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fillmode), ctypes.byref(stroked))
    fill = _rgba(raw, raw.FPDFPageObj_GetFillColor, obj) if fillmode.value else None
    stroke = _rgba(raw, raw.FPDFPageObj_GetStrokeColor, obj) if stroked.value else None
    fill_rgb = fill[:3] if fill and fill[3] > 0 else None
    stroke_rgb = stroke[:3] if stroke and stroke[3] > 0 else None
    if fill_rgb is None and stroke_rgb is None:
        return []  # a clipping path draws nothing
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width))
    matrix = _multiply(_object_matrix(raw, obj), outer)
    scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])) or 1.0
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    curved: list[bool] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        px, py = _apply(matrix, x.value, y.value)
        point = (px - left, top - py)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == _MOVETO or not subpaths:
            subpaths.append([point])
            curved.append(False)
        else:
            subpaths[-1].append(point)
            curved[-1] = curved[-1] or kind == _BEZIERTO
        if raw.FPDFPathSegment_GetClose(seg) and subpaths[-1][0] != point:
            subpaths[-1].append(subpaths[-1][0])
    out = []
    for points, is_curve in zip(subpaths, curved):
        if len(points) < 2:
            continue
        out.append(points_to_graphic(points, is_curve, stroke_rgb, fill_rgb, round(width.value * scale, 2)))
    return out


def points_to_graphic(points, is_curve: bool, stroke: RGB | None, fill: RGB | None, width: float) -> Graphic:
    """One subpath as a line, an axis-aligned rectangle, or a curve (anything else)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    bbox = (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))
    distinct = list(dict.fromkeys((round(px, 1), round(py, 1)) for px, py in points))
    if not is_curve and len(distinct) == 2:
        kind = "line"
        fill = None  # a two-point path encloses nothing
    elif not is_curve and _is_axis_rectangle(distinct):
        kind = "rect"
    else:
        kind = "curve"
    return Graphic(kind, *bbox, stroke=stroke, fill=fill, width=width)


def _is_axis_rectangle(points) -> bool:
    if len(points) != 4:
        return False
    xs, ys = {p[0] for p in points}, {p[1] for p in points}
    return len(xs) <= 2 and len(ys) <= 2
