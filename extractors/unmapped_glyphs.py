"""Characters a PDF draws but gives no text for, read from their picture.

A producer that sets ligatures ("ti", "ft", "tt" in Carlito or Calibri) may write no
Unicode for them in the font's ToUnicode map, or map them to U+FFFD: the text layer then
reads "effec\ufffdveness", and the cover's title names no PEEL generation.  Each such
glyph is one shape of one embedded font, drawn the same wherever it stands; a few words
that hold it are read by OCR, and what OCR reads where the text layer has nothing is the
glyph's text, everywhere in the document, when every word read agrees on it.  Nothing is
guessed: a glyph whose words OCR cannot read, or reads two ways, keeps its U+FFFD.

Pure: the words to read come out of `chars_to_samples`, their pictures are read by the
caller (`extractors.pages`), and `samples_to_glyph_texts` judges what was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

UNMAPPED = "\ufffd"
SAMPLES_PER_GLYPH = 4  # words read for each glyph on a page, spread over the page
CONTEXT = 4  # known letters each side of a glyph that OCR must read as the text layer has them
PAGES_TRIED = 3  # pages on which a glyph's words are read before it is left unread
# The text of one glyph: a ligature of two or three letters, or a single letter.
_GLYPH_TEXT = r"([A-Za-z]{1,3})"

# What identifies a glyph: its font (an embedded subset) and its advance width in ems.
GlyphKey = tuple[str, float]


@dataclass(frozen=True)
class Sample:
    """A word holding an unmapped glyph: its text with U+FFFD where the glyph stands, and its box."""

    key: GlyphKey
    text: str
    box: tuple[float, float, float, float]


def char_to_key(char) -> GlyphKey:
    text, x0, x1, top, bottom, style = char
    return style[1], round((x1 - x0) / style[0], 3)


@dataclass
class GlyphReading:
    """What a document's pages have taught of its unmapped glyphs so far."""

    known: dict[GlyphKey, str] = field(default_factory=dict)
    tries: dict[GlyphKey, int] = field(default_factory=dict)  # pages whose words were read in vain

    def settled(self) -> set[GlyphKey]:
        """Glyphs known, or read on enough pages in vain to stop trying."""
        return set(self.known) | {k for k, n in self.tries.items() if n >= PAGES_TRIED}

    def learn(self, samples: list[Sample], found: dict[GlyphKey, str]) -> None:
        self.known.update(found)
        for key in {s.key for s in samples} - set(found):
            self.tries[key] = self.tries.get(key, 0) + 1

    def may_yet_learn(self, chars: list) -> bool:
        """A glyph of these characters has no text yet and is still being tried: a later page
        may teach it."""
        settled = self.settled()
        return any(c[0] == UNMAPPED and char_to_key(c) not in settled for c in chars)

    def knows_any(self, chars: list) -> bool:
        return any(c[0] == UNMAPPED and char_to_key(c) in self.known for c in chars)


def chars_to_samples(chars: list, settled: set[GlyphKey]) -> list[Sample]:
    """Words to read for each glyph of the page with no text and not yet settled."""
    by_key: dict[GlyphKey, list[int]] = {}
    for i, char in enumerate(chars):
        if char[0] == UNMAPPED:
            key = char_to_key(char)
            if key not in settled:
                by_key.setdefault(key, []).append(i)
    samples: list[Sample] = []
    for key, indexes in by_key.items():
        seen: set[tuple[int, int]] = set()
        # First, last and between: a glyph that two shapes share shows both the more likely.
        step = max(1, len(indexes) // SAMPLES_PER_GLYPH)
        for i in indexes[::step][:SAMPLES_PER_GLYPH]:
            span = _word_span(chars, i)
            if span in seen:
                continue
            seen.add(span)
            members = chars[span[0] : span[1] + 1]
            box = (min(c[1] for c in members), min(c[3] for c in members),
                   max(c[2] for c in members), max(c[4] for c in members))
            samples.append(Sample(key, "".join(c[0] for c in members), box))
    return samples


def _word_span(chars: list, i: int) -> tuple[int, int]:
    """The first and last index of the word character `i` stands in: its neighbours in the
    content stream that touch it along its baseline, up to a space."""
    size = chars[i][5][0]

    def joined(a, b) -> bool:
        return (not a[0].isspace() and not b[0].isspace() and abs(a[4] - b[4]) < 0.3 * size
                and -0.05 * size <= b[1] - a[2] < 0.15 * size)

    lo = hi = i
    while lo > 0 and joined(chars[lo - 1], chars[lo]):
        lo -= 1
    while hi + 1 < len(chars) and joined(chars[hi], chars[hi + 1]):
        hi += 1
    return lo, hi


def samples_to_glyph_texts(samples: list[Sample], read: list[str]) -> dict[GlyphKey, str]:
    """Each glyph's text, from what OCR read of its words (`read[k]` of `samples[k]`): the
    letters OCR sees between the known letters either side of the glyph, when every reading
    agrees and one at least was made.

    Only the glyph's neighbours (up to `CONTEXT` letters each side) must read as the text
    layer has them: OCR often misreads a long web address somewhere, which says nothing
    of the glyph.
    """
    found: dict[GlyphKey, set[str]] = {}
    for sample, text in zip(samples, read):
        for at, ch in enumerate(sample.text):
            if ch != UNMAPPED:
                continue
            before = sample.text[:at].rsplit(UNMAPPED, 1)[-1][-CONTEXT:]
            after = sample.text[at + 1 :].split(UNMAPPED, 1)[0][:CONTEXT]
            first, last = at == 0, at == len(sample.text) - 1
            if (not before and not first) or (not after and not last) or (first and last):
                continue  # beside another glyph, or alone: nothing known fixes where it stands
            # At the word's start or end the glyph's letters stand against no other letter.
            pattern = ((r"(?<![A-Za-z])" if first else _spaced(before) + r"\s*") + _GLYPH_TEXT
                       + (r"(?![A-Za-z])" if last else r"\s*" + _spaced(after)))
            m = re.search(pattern, text)
            if m is not None:
                found.setdefault(sample.key, set()).add(m.group(1))
    return {key: texts.pop() for key, texts in found.items() if len(texts) == 1}


def _spaced(known: str) -> str:
    """The known letters as a pattern that lets OCR part them with spaces ("www. justice")
    and take one stop for another (";" for ":")."""
    return r"\s*".join(re.escape(ch) if ch.isalnum() else r"[^\sA-Za-z0-9]?" for ch in known)


def chars_with_glyph_texts(chars: list, known: dict[GlyphKey, str]) -> list:
    """The characters, each unmapped glyph whose text is known given it."""
    if not known:
        return chars
    out = []
    for char in chars:
        if char[0] == UNMAPPED and (text := known.get(char_to_key(char))):
            char = [text, *char[1:]]
        out.append(char)
    return out
