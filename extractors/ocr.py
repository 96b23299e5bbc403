"""Read text that a PDF holds only as a picture, with Tesseract.

Tesseract (Debian package `tesseract-ocr`) is called as a program and its
TSV output turned into the same `Word`s the text layer gives, positioned in
PDF points and carrying their recognition confidence.  Font sizes are
estimated from each recognised line's height, so the size-relative rules
downstream (headings, large figures) work on pictures too.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from extractors.errors import ExtractionError
from extractors.model import DESCENT_EM, Graphic, Word
from extractors.text import FIGURE
from extractors.thresholds import BOLD_STEM_RATIO, LOOSE_BOX_RATIO, MIXED_LINE_RATIO

OCR_DPI = 300
# How tall a word's glyphs are, as a share of the font size, in common text
# fonts: lower-case letters reach the x-height (about 0.53 em); capitals,
# digits and ascenders add about 0.2 em; descenders add about 0.22 em.
_X_HEIGHT = 0.53
_ASCENT = 0.2
_DESCENT = 0.22
_ASCENDERS = set("bdfhikl'\"!?/%#&()[]{}|")  # the dot of "i" stands as high as an ascender
# "t" rises above the x-height, but less than "l" or a capital, by how much depends on the
# face (less in serif faces than in sans): measured on each picture
# (`short_ascent_of`), this when it cannot be.
_SHORT_ASCENDERS = set("t")
_SHORT_ASCENT = 0.17
_DESCENDERS = set("gjpqy,;()[]{}")


# Letters that fall below the line in some faces and not in others: "f" in italic faces
# (serif and sans alike), "J" and "Q" in some. Whether they do is seen on the picture
# (`rows_to_descents`).
_MAYBE_DESCENDERS = set("fJQ")


def _height_share(text: str, short_ascent: float = _SHORT_ASCENT, descends: bool | None = None) -> float:
    """A word's glyph height in ems; `descends`, where the picture showed it, overrules the letters."""
    up = any(c.isupper() or c.isdigit() or c in _ASCENDERS for c in text)
    short = not up and any(c in _SHORT_ASCENDERS for c in text)
    down = any(c in _DESCENDERS for c in text) if descends is None else descends
    return _X_HEIGHT + (_ASCENT if up else short_ascent if short else 0.0) + (_DESCENT if down else 0.0)


def short_ascent_of(lines: list[list[dict]]) -> float:
    """How far "t" rises above the x-height in this picture's face, in ems.

    On one line, a word whose tallest letter is "t" stands beside words that rise to a full
    ascender ("not" beside "does"): the ratio of their heights is the face's own, and
    the median over the picture's lines holds against a word misread. "f" is left out, as it
    falls below the line in italic serif faces.
    """
    ratios = []
    for members in lines:
        plain = [r for r in members if not set(r["text"]) & (_DESCENDERS | _MAYBE_DESCENDERS)]
        short = [int(r["height"]) for r in plain if _height_share(r["text"], 0.0) == _X_HEIGHT
                 and set(r["text"]) & _SHORT_ASCENDERS]
        full = [int(r["height"]) for r in plain if _height_share(r["text"], 0.0) == _X_HEIGHT + _ASCENT]
        if short and full:
            ratios.append(sorted(short)[(len(short) - 1) // 2] / sorted(full)[(len(full) - 1) // 2])
    if len(ratios) < 3:
        return _SHORT_ASCENT
    ratio = sorted(ratios)[(len(ratios) - 1) // 2]
    return min(_ASCENT, max(0.0, ratio * (_X_HEIGHT + _ASCENT) - _X_HEIGHT))


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def image_to_words(image, origin: tuple[float, float], dpi: int, where: str) -> list[Word]:
    """OCR a PIL image whose top-left corner sits at `origin` (PDF points) on the page."""
    exe = tesseract_path()
    if exe is None:
        raise ExtractionError(
            "ocr_unavailable",
            f"{where} holds text only as a picture and needs OCR, but tesseract is not installed; "
            "install the Debian package tesseract-ocr (`make setup` does)",
        )
    image = image.convert("L")
    rows = tsv_to_rows(_tesseract(exe, image, dpi, "11", where))
    rows = rows_to_parted_lines(rows_with_lines_read_apart(exe, image, dpi, rows, where))
    looks = 0
    for r, box in zip(rows, rows_to_ink_boxes(image, rows)):
        # A word with ink beside it that no word took lost a letter ("0%" read from "10%"): it
        # is read again with that ink; so is a word Tesseract was unsure of, and one it read
        # on a line of smaller words (in pieces, sure of each: "2" "3" "2" for "282").
        if looks < SECOND_LOOKS_MAX and (box is not None or float(r["conf"]) < SECOND_LOOK_BELOW
                                         or r.get("parted")):
            _second_look(exe, image, dpi, r, box, where)
            looks += 1
    _read_large_words_glyph_by_glyph(exe, image, dpi, rows, where)
    for r, descends in zip(rows, rows_to_descents(image, rows)):
        if descends is not None:
            r["descends"] = descends
    for r, stem in zip(rows, rows_to_stems(image, rows)):
        if stem is not None:
            r["stem"] = stem
    return rows_to_words(rows, origin, 72.0 / dpi)


GLYPH_LOOKS_MAX = 12  # a region's large words read again glyph by glyph, at most
_FIGURE_WHITELIST = "0123456789%+-.,"


def _glyph_columns(ink) -> list[tuple[int, int]]:
    """(first, last + 1) column of each run of inked columns of a box of ink: its glyphs, where
    they do not touch."""
    import numpy as np

    inked = ink.any(axis=0)
    edges = np.diff(np.concatenate(([0], inked.view(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def _read_large_words_glyph_by_glyph(exe: str, image, dpi: int, rows: list[dict], where: str) -> None:
    """Read again, one glyph at a time and as figures, each word set as large as the figures
    of an infographic that does not read as one, or reads fewer characters than it has glyphs.

    Tesseract reads some bold serif figures wrongly as a whole however it is shown them (a
    bold Caladea "77" read as "Cl", or as one "7"), while each glyph alone, at the height it
    reads best, reads right. The reading replaces the word's only when every glyph reads as
    one or more figure characters and together they make a figure; its confidence is the
    least sure glyph's, so a figure still unsure stays flagged.
    """
    import numpy as np

    ink = np.asarray(image) < _DARK
    ems = sorted(int(r["height"]) / _height_share(r["text"]) for r in rows)
    if not ems:
        return
    usual = ems[len(ems) // 2]
    looks = 0
    for r in rows:
        left, top, width, height = (int(r[k]) for k in ("left", "top", "width", "height"))
        if int(r["height"]) / _height_share(r["text"]) < MIXED_LINE_RATIO * usual or looks >= GLYPH_LOOKS_MAX:
            continue
        glyphs = _glyph_columns(ink[top:top + height, left:left + width])
        if FIGURE.match(r["text"]) and len(glyphs) <= len(r["text"]):
            continue
        if len(r["text"]) > 4 and not FIGURE.match(r["text"]):
            continue  # a large word of letters: a title's, not a figure misread
        looks += 1
        texts, confs = [], []
        for a, b in glyphs:
            reading = _glyph_reading(exe, image, ink, (left + a, top, left + b, top + height), where)
            if reading is None:
                break
            texts.append(reading[0])
            confs.append(reading[1])
        else:
            text = "".join(texts)
            # A figure read short of its glyphs keeps what it read: the glyphs may only add
            # figures to it ("7" to "77"), never turn its "%" into digits.
            if FIGURE.match(text) and text != r["text"] and (not FIGURE.match(r["text"])
                                                               or _only_adds_digits(r["text"], text)):
                r["text"], r["conf"] = text, str(min(confs))


def _only_adds_digits(before: str, after: str) -> bool:
    """`after` is `before` with digits put in: every character of `before` in order, the rest digits."""
    kept = 0
    for c in after:
        if kept < len(before) and c == before[kept]:
            kept += 1
        elif not c.isdigit():
            return False
    return kept == len(before)


GLYPH_HEIGHTS_PX = (20, 16)  # the heights a lone glyph is shown Tesseract at (it reads small glyphs best)


def _glyph_reading(exe: str, image, ink, box: tuple[int, int, int, int], where: str) -> tuple[str, float] | None:
    """(text, confidence) of one glyph as figure characters: cut to its ink, shown at each of
    `GLYPH_HEIGHTS_PX` on a white margin, the surest reading of one word; None if none."""
    from PIL import ImageOps

    x0, y0, x1, y1 = box
    rows = [int(i) for i in (ink[y0:y1, x0:x1].any(axis=1)).nonzero()[0]]
    if not rows:
        return None
    glyph = image.crop((x0, y0 + rows[0], x1, y0 + rows[-1] + 1))
    readings = []
    for px in GLYPH_HEIGHTS_PX:
        scale = px / glyph.height
        shown = ImageOps.expand(glyph.resize((max(1, round(glyph.width * scale)), px)), border=px // 2, fill=255)
        again = tsv_to_rows(_tesseract(exe, shown, 300, "10", where, whitelist=_FIGURE_WHITELIST))
        if len(again) == 1:
            readings.append((float(again[0]["conf"]), again[0]["text"].strip()))
    if not readings:
        return None
    conf, text = max(readings)
    return text, conf


# Rows of white this high (in the shorter band's heights) between two bands of ink part two lines.
LINE_GAP_BANDS = 0.3


def _ink_bands(ink) -> list[tuple[int, int]]:
    """(first, last) inked row of each run of inked rows of a box of ink."""
    import numpy as np

    inked = np.flatnonzero(ink.any(axis=1))
    if not inked.size:
        return []
    breaks = np.flatnonzero(np.diff(inked) > 1)
    starts = [int(inked[0])] + [int(inked[b + 1]) for b in breaks]
    ends = [int(inked[b]) for b in breaks] + [int(inked[-1])]
    return list(zip(starts, ends))


def rows_with_lines_read_apart(exe: str, image, dpi: int, rows: list[dict], where: str) -> list[dict]:
    """The word rows, with a word boxed over two lines of ink read again as the lines it covers.

    Tesseract may box one word over a caption's two lines beside a large figure, and read
    only one of them ("Constabulary" boxed 86 pixels high over "Lancashire" and itself, 38
    each): sized by that box, the word went with the figure and the other line was lost.
    Such a box, read again as a block of text, gives each line's words with boxes of their
    own; where that reading is not of several lines, the box is cut to its tallest band.
    """
    import numpy as np

    ink = np.asarray(image) < _DARK
    out = []
    for r in rows:
        left, top, width, height = (int(r[k]) for k in ("left", "top", "width", "height"))
        bands = _ink_bands(ink[top:top + height, left:left + width])
        tallest = max((b - a + 1 for a, b in bands), default=height)
        if len(bands) < 2 or height <= LOOSE_BOX_RATIO * tallest:
            out.append(r)
            continue
        gaps = [b[0] - a[1] - 1 for a, b in zip(bands, bands[1:])]
        shortest = min(b - a + 1 for a, b in bands)
        again = []
        if max(gaps) >= LINE_GAP_BANDS * shortest:
            pad = max(2, int(0.3 * tallest))
            box = (max(0, left - pad), max(0, top - pad), min(image.width, left + width + pad),
                   min(image.height, top + height + pad))
            read = tsv_to_rows(_tesseract(exe, image.crop(box), dpi, "6", where))
            if len({(a["block_num"], a["par_num"], a["line_num"]) for a in read}) >= 2:
                again = [dict(a, left=str(int(a["left"]) + box[0]), top=str(int(a["top"]) + box[1]),
                              block_num=r["block_num"], par_num=r["par_num"],
                              line_num=f'{r["line_num"]}.{a["block_num"]}.{a["par_num"]}.{a["line_num"]}')
                         for a in read]
        if again:
            out += again
        else:
            a, b = max(bands, key=lambda band: band[1] - band[0])
            out.append(dict(r, top=str(top + a), height=str(b - a + 1)))
    return out


def rows_to_stems(image, rows: list[dict]) -> list[float | None]:
    """For each word row, how thick its letters' strokes are drawn, in pixels: the typical
    width of the runs of ink across the middle third of its box, where the stems of
    lower-case letters stand. None where the word shows no ink there.

    A picture has no font names: a bold face is seen in its strokes, thicker for its size
    than the text around it (`rows_to_words` judges it per line).
    """
    import numpy as np

    ink = np.asarray(image) < _DARK
    out: list[float | None] = []
    for r in rows:
        left, top, width, height = (int(r[k]) for k in ("left", "top", "width", "height"))
        band = ink[top + height // 3: top + height - height // 3, left:left + width]
        if band.size == 0:
            out.append(None)
            continue
        edges = np.diff(np.pad(band.view(np.int8), ((0, 0), (1, 1))), axis=1)
        runs = np.flatnonzero(edges.ravel() == -1) - np.flatnonzero(edges.ravel() == 1)
        if runs.size == 0:
            out.append(None)
            continue
        # The mean of the middle half: strokes a few pixels wide are counted in whole pixels,
        # and a median of whole numbers cannot tell 3.4 from 3.6.
        low, high = np.percentile(runs, 25, method="lower"), np.percentile(runs, 75, method="higher")
        middle = runs[(runs >= low) & (runs <= high)]
        out.append(float(middle.mean()))
    return out


# Pieces of one large word that Tesseract parted ("3" "0" "1" for "301", "+" "1" "3%"), at
# most this far apart in their heights, are one word. Only figures' characters and short
# unsure pieces are joined: two figures never stand a word space apart.
FRAGMENT_GAP_HEIGHTS = 0.4
FRAGMENT_MAX_CHARS = 3  # a piece read as letters ("y)", "-O") is at most this long
_FIGURE_CHARS = set("0123456789.,%+-−–")


def rows_to_parted_lines(rows: list[dict]) -> list[dict]:
    """Word rows with a large word that Tesseract put on one line with small ones (a figure
    beside its caption) given a line of their own, and the pieces of such a word joined.

    Sized together, the figure took the caption's size (or the caption the figure's); read
    on the caption's line, it was often parted into its digits ("2" "3" "2" for "282"). A
    figure given a line of its own is marked `parted`, to be read again (`_second_look`).
    """
    out: list[dict] = []
    for members in rows_to_lines(rows).values():
        ems = [int(r["height"]) / _height_share(r["text"]) for r in members]
        # Sizes are measured on letters and figures: a piece of punctuation alone (the point
        # of "-0.05%" read as ";", 14 pixels high beside figures of 64) says nothing of its size.
        measured = [em for r, em in zip(members, ems) if any(c.isalnum() for c in r["text"])] or ems
        if max(measured) < MIXED_LINE_RATIO * min(measured):
            out += members
            continue
        cut = (max(measured) * min(measured)) ** 0.5
        span = (min(int(r["left"]) for r, em in zip(members, ems) if em >= cut),
                max(int(r["left"]) + int(r["width"]) for r, em in zip(members, ems) if em >= cut))
        # A small unsure piece between pieces of the large word is a piece of it too (the
        # point of "-0.05%" read as ";").
        large_ones = [em >= cut or (float(r["conf"]) < SECOND_LOOK_BELOW
                                    and span[0] < int(r["left"]) and int(r["left"]) + int(r["width"]) < span[1])
                      for r, em in zip(members, ems)]
        out += [r for r, large in zip(members, large_ones) if not large]
        large = sorted((dict(r, line_num=f"{r['line_num']}+") for r, large in zip(members, large_ones) if large),
                       key=lambda r: int(r["left"]))
        joined = [large[0]]
        for r in large[1:]:
            last = joined[-1]
            gap = int(r["left"]) - int(last["left"]) - int(last["width"])
            figures = set(last["text"] + r["text"]) <= _FIGURE_CHARS
            # (Pieces misread as letters are short: two words, one unsure, are not joined.)
            unsure = (min(float(last["conf"]), float(r["conf"])) < SECOND_LOOK_BELOW
                      and max(len(last["text"]), len(r["text"])) <= FRAGMENT_MAX_CHARS)
            if gap < FRAGMENT_GAP_HEIGHTS * max(int(r["height"]), int(last["height"])) and (figures or unsure):
                joined[-1] = _joined(last, r)
            else:
                joined.append(r)
        # A figure read on its caption's line was read out of its own context (in pieces,
        # each read surely, "2" "3" "2" for "282"): it is to be read again on its own.
        out += [dict(r, parted=True) if set(r["text"]) <= _FIGURE_CHARS else r for r in joined]
    return out


def _joined(a: dict, b: dict) -> dict:
    left, top = min(int(a["left"]), int(b["left"])), min(int(a["top"]), int(b["top"]))
    right = max(int(a["left"]) + int(a["width"]), int(b["left"]) + int(b["width"]))
    bottom = max(int(a["top"]) + int(a["height"]), int(b["top"]) + int(b["height"]))
    return dict(a, text=a["text"] + b["text"], left=str(left), top=str(top), width=str(right - left),
                height=str(bottom - top), conf=str(min(float(a["conf"]), float(b["conf"]))))


# Ink this far below a word's baseline, in its box's heights, is a letter falling below the line.
DESCENT_HEIGHTS = 0.1


def rows_to_descents(image, rows: list[dict]) -> list[bool | None]:
    """For each word row whose letters may or may not fall below the line (`_MAYBE_DESCENDERS`)
    and none of which surely does, whether its ink does; None for the other words.

    The baseline is where most of the word's columns of ink end; a letter that falls below
    it ends lower. Read off the picture, as the face is not known: an italic "f" descends,
    an upright one does not, and the word "identified" alone on its line is otherwise sized
    a third too large.
    """
    import numpy as np

    ink = np.asarray(image) < _DARK
    out: list[bool | None] = []
    for r in rows:
        text = r["text"]
        if not set(text) & _MAYBE_DESCENDERS or set(text) & _DESCENDERS:
            out.append(None)
            continue
        left, top, width, height = (int(r[k]) for k in ("left", "top", "width", "height"))
        box = ink[top:top + height, left:left + width]
        inked = box.any(axis=0)
        if height < 4 or inked.sum() < 3:
            out.append(None)
            continue
        # The last inked row of each inked column, counted from the box's top.
        bottoms = height - 1 - np.argmax(box[::-1, inked], axis=0)
        baseline = float(np.median(bottoms))
        out.append(bool(bottoms.max() - baseline > DESCENT_HEIGHTS * height))
    return out


# A word recognised with less confidence than this is read again on its own (the level
# below which a figure read by OCR is flagged: schemas/expectations.py, ocr_figure_confident).
SECOND_LOOK_BELOW = 90.0
SECOND_LOOKS_MAX = 60  # a region's unsure words read again, at most (each one or two Tesseract runs)
SECOND_LOOK_HEIGHT_PX = 30  # a word taller than this is read again at this height too


def _tesseract(exe: str, image, dpi: int, psm: str, where: str, whitelist: str | None = None) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "region.png"
        image.save(png)
        only = ["-c", f"tessedit_char_whitelist={whitelist}"] if whitelist else []
        done = subprocess.run(
            [exe, str(png), "stdout", "--dpi", str(dpi), "--psm", psm, *only, "tsv"],
            capture_output=True, text=True, timeout=300,
        )
    if done.returncode != 0:
        raise ExtractionError("ocr_failed", f"{where}: tesseract failed ({done.stderr.strip()[:200]})")
    return done.stdout


STACK_GAP_PX = 30  # white between the pictures stacked for one Tesseract run


def pictures_to_texts(pictures: list, dpi: int, where: str) -> list[str]:
    """What Tesseract reads in each of a few small pictures (words cut from a page), in one
    run: stacked one under another with white between, each read as the rows whose middle
    falls within it."""
    from PIL import Image

    exe = tesseract_path()
    if exe is None or not pictures:
        return ["" for _ in pictures]
    width = max(p.width for p in pictures) + 2 * STACK_GAP_PX
    sheet = Image.new("RGB", (width, sum(p.height + STACK_GAP_PX for p in pictures) + STACK_GAP_PX), "white")
    spans = []
    y = STACK_GAP_PX
    for p in pictures:
        sheet.paste(p, (STACK_GAP_PX, y))
        spans.append((y - STACK_GAP_PX / 2, y + p.height + STACK_GAP_PX / 2))
        y += p.height + STACK_GAP_PX
    rows = tsv_to_rows(_tesseract(exe, sheet, dpi, "6", where))
    return [" ".join(r["text"] for r in rows if top <= int(r["top"]) + int(r["height"]) / 2 < bottom)
            for top, bottom in spans]


# Ink no word took, this close beside a word (in its heights), is a letter the word lost.
INK_GAP_HEIGHTS = 0.5
_DARK = 128  # grey level below which a pixel is ink


def rows_to_ink_boxes(image, rows: list[dict]) -> list[tuple[int, int, int, int] | None]:
    """For each word row, its box widened over ink beside it that no recognised word covers,
    or None where there is none (pure over the picture's pixels).

    Only the middle of the word's height is looked at, so the lines above and below, and
    rules under a word, are not taken for letters; nor is a rule beside it (ink running
    from half a height above the word to half a height below).
    """
    import numpy as np

    ink = np.asarray(image) < _DARK
    free = ink.copy()
    boxes = [tuple(int(r[k]) for k in ("left", "top", "width", "height")) for r in rows]
    for left, top, width, height in boxes:
        free[top:top + height, left:left + width] = False
    out = []
    for left, top, width, height in boxes:
        band = free[top + height // 4: top + height - height // 4]
        if band.size == 0:
            out.append(None)
            continue
        rules = ink[max(0, top - height // 2): top + height + height // 2].all(axis=0)
        columns = band.any(axis=0) & ~rules
        gap = max(2, int(INK_GAP_HEIGHTS * height))
        x0, x1 = left, left + width
        while x0 > 0 and columns[max(0, x0 - gap):x0].any():
            x0 -= 1 + int(np.argmax(columns[max(0, x0 - gap):x0][::-1]))
        while x1 < len(columns) and columns[x1:x1 + gap].any():
            x1 += 1 + int(np.argmax(columns[x1:x1 + gap]))
        out.append((x0, top, x1 - x0, height) if (x0, x1) != (left, left + width) else None)
    return out


def _second_look(exe: str, image, dpi: int, row: dict, ink_box, where: str) -> None:
    """Read one word again, cut out of the picture alone, as a single line of text.

    Reading a page of sparse text (mode 11), Tesseract is least sure of large isolated
    figures, and sometimes wrong ("93%" for a bold "53%") or short of a letter ("0%" for
    "10%", the "1" left as loose ink); the same word read on its own (mode 7), over the ink
    beside it (`ink_box`) if any, is recognised again with a confidence of its own. The
    second reading replaces the first only when it is one word and surer than the first, or,
    over ink the first left out, longer and as sure as the level at which figures are trusted;
    either way the confidence kept is the reading's own, so a figure still unsure stays flagged.
    """
    left, top, width, height = ink_box or tuple(int(row[k]) for k in ("left", "top", "width", "height"))
    pad = max(2, int(0.3 * height))
    box = (max(0, left - pad), max(0, top - pad), min(image.width, left + width + pad),
           min(image.height, top + height + pad))
    crop = image.crop(box)
    readings = []
    # As printed, and scaled to the height Tesseract's recogniser reads best (large figures
    # are where it errs: a bold "77" read as "7" at 60 px reads right at 30).
    for scale in (1.0, SECOND_LOOK_HEIGHT_PX / height) if height > SECOND_LOOK_HEIGHT_PX else (1.0,):
        scaled = crop if scale == 1.0 else crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))))
        again = tsv_to_rows(_tesseract(exe, scaled, max(1, round(dpi * scale)), "7", where))
        if len(again) == 1:
            readings.append((float(again[0]["conf"]), again[0]["text"], again[0]["conf"]))
    if not readings:
        return
    conf, text, conf_text = max(readings)
    surer = conf > float(row["conf"])
    longer = ink_box is not None and len(text) > len(row["text"]) and conf >= SECOND_LOOK_BELOW
    if surer or longer:
        row["text"], row["conf"] = text, conf_text
        if longer:
            row["left"], row["width"] = str(left), str(width)


def tsv_to_rows(tsv: str) -> list[dict]:
    """The word rows of Tesseract's TSV output (level 5, with text and a confidence)."""
    rows = [r for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)]
    return [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip() and float(r["conf"]) >= 0]


def rows_to_lines(rows: list[dict]) -> dict[tuple[str, str, str], list[dict]]:
    """Word rows grouped by the line Tesseract read them on, in reading order."""
    lines: dict[tuple[str, str, str], list[dict]] = {}
    for r in rows:
        lines.setdefault((r["block_num"], r["par_num"], r["line_num"]), []).append(r)
    return lines


def tsv_to_words(tsv: str, origin: tuple[float, float], scale: float) -> list[Word]:
    """Tesseract TSV rows -> Words in PDF points (pure, so tests can feed it text)."""
    return rows_to_words(tsv_to_rows(tsv), origin, scale)


def rows_to_words(words: list[dict], origin: tuple[float, float], scale: float) -> list[Word]:
    """Word rows (`tsv_to_rows`) -> Words in PDF points, sized by their line's height, and bold
    where their line's strokes (`rows_to_stems`) are clearly thicker than the picture's."""
    lines = rows_to_lines(words)
    out: list[Word] = []
    ox, oy = origin
    short_ascent = short_ascent_of(list(lines.values()))
    sizes = {key: _size_from_heights(members, scale, short_ascent) for key, members in lines.items()}
    # Stroke width in ems: of each line (its words' median), and of most of the picture's words.
    weights = {key: _median([r["stem"] * scale / sizes[key] for r in members if "stem" in r])
               for key, members in lines.items()}
    usual = _median([weights[key] for key, members in lines.items() for _ in members if weights[key] is not None])
    for key, members in lines.items():
        size = sizes[key]
        # Boxed as the text layer boxes a word (`DESCENT_EM` below its baseline, one size tall),
        # not round its ink: so gaps between lines, and baselines, mean the same in a picture
        # as in text. The foot of a word with no letter below the line is the baseline.
        feet = [int(r["top"]) + int(r["height"]) - (_DESCENT * size / scale if _descends(r) else 0.0)
                for r in members]
        bottom = oy + _median(feet) * scale + DESCENT_EM * size
        bold = usual is not None and weights[key] is not None and weights[key] >= BOLD_STEM_RATIO * usual
        for r in members:
            left, width = int(r["left"]), int(r["width"])
            out.append(
                Word(
                    text=r["text"].strip(),
                    x0=round(ox + left * scale, 2),
                    top=round(bottom - size, 2),
                    x1=round(ox + (left + width) * scale, 2),
                    bottom=round(bottom, 2),
                    size=size,
                    bold=bold,
                    ocr_confidence=round(float(r["conf"]) / 100, 3),
                    # Tesseract parts words where it reads a space, however narrow the gap it
                    # leaves: an italic "percentage of all" is boxed nearly touching.
                    spaced=True,
                )
            )
    return out


def _descends(r: dict) -> bool:
    return r["descends"] if "descends" in r else any(c in _DESCENDERS for c in r["text"])


def _median(values: list[float]) -> float | None:
    import statistics

    return statistics.median(values) if values else None


def _size_from_heights(members: list[dict], scale: float, short_ascent: float = _SHORT_ASCENT) -> float:
    """A line's size from its words' heights, given which of their letters rise or fall.
    J and Q fall below the line in some fonts and not others: a word with one is used only
    where the picture showed whether it does (`rows_to_descents`), or if it is alone."""
    sure = [r for r in members if "descends" in r or not set(r["text"]) & set("JQ")] or members
    sizes = sorted(int(r["height"]) * scale / _height_share(r["text"], short_ascent, r.get("descends")) for r in sure)
    return round(sizes[(len(sizes) - 1) // 2], 2)


# Ink running straight this far (in inches) is a rule, not a letter: the tallest figures
# printed are about a quarter of an inch.
RULE_MIN_INCHES = 0.5
_PAPER = 246  # grey level from which a pixel is the paper's own (a scan's paper is rarely pure white)


def image_to_rules(image, origin: tuple[float, float], dpi: int) -> list[Graphic]:
    """The straight rules drawn in a picture (panel borders, table rules, separators) and the
    sides of its tinted panels, as `Graphic` lines in PDF points, so a picture's panels part
    its columns as vector ones do. Pure over the picture's pixels."""
    import numpy as np

    grey = np.asarray(image.convert("L"))
    ink = grey < _DARK
    # Where a tint (lighter than ink, darker than paper) starts or stops: a panel's side.
    tint = (grey >= _DARK) & (grey < _PAPER)
    sides, tops = np.zeros_like(tint), np.zeros_like(tint)
    sides[:, 1:] = tint[:, 1:] != tint[:, :-1]
    tops[1:, :] = tint[1:, :] != tint[:-1, :]
    least = int(RULE_MIN_INCHES * dpi)
    scale, (ox, oy) = 72.0 / dpi, origin
    out: list[Graphic] = []
    for vertical, grid in ((True, (ink | sides).T), (False, ink | tops)):
        runs: list[tuple[int, int, int]] = []  # (across, start, end) of each long run
        for across, strip in enumerate(grid):
            edges = np.flatnonzero(np.diff(np.concatenate(([0], strip.view(np.int8), [0]))))
            runs += [(across, a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a >= least]
        # Runs in neighbouring strips that overlap are one rule, a few pixels thick.
        merged: list[list[int]] = []  # [first strip, last strip, start, end]
        for across, a, b in runs:
            for m in merged:
                if m[1] == across - 1 and a < m[3] and m[2] < b:
                    m[1], m[2], m[3] = across, min(m[2], a), max(m[3], b)
                    break
            else:
                merged.append([across, across, a, b])
        for first, last, a, b in merged:
            # As a vector rule is given: the line through its middle, and how thick it is drawn.
            mid, thick = (first + last + 1) / 2 * scale, (last + 1 - first) * scale
            x0, top, x1, bottom = (mid, a * scale, mid, b * scale) if vertical else (a * scale, mid, b * scale, mid)
            out.append(Graphic("line", round(ox + x0, 2), round(oy + top, 2), round(ox + x1, 2), round(oy + bottom, 2),
                               stroke=(0, 0, 0), width=round(thick, 2)))
    return out
