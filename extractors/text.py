"""Small pure helpers for turning printed lines back into clean text and numbers."""

from __future__ import annotations

import re
import unicodedata

from extractors.thresholds import CLOSED_PHRASAL_ZIPF
from extractors.word_frequency import is_common_word

_URL_TOKEN = re.compile(r"(www\.|https?://|\w\.\w+/)")
_URL_BREAK_CHARS = "/-._#?=&"
_URL_PART = re.compile(r"[/._#?=&:]")  # what parts an address's words (a hyphen joins words within one)
_URL_WORD = re.compile(r"[/._#?=&:-]")  # what parts an address's single words
# A figure as printed: "416", "-0.05%", "+13%", "1,000".
FIGURE = re.compile(r"^[+\-−–]?\d[\d,.]*%?$")
_HYPHENS = "-\u2010\u2011"
_SOFT_HYPHEN = "\u00ad"

# Glyphs producers use to draw list bullets, including Symbol/Wingdings
# characters that come out in the Private Use Area.
BULLETS = "\u2022\u25cf\u25e6\u25aa\u25a0\u2023\u2043\u2219\u00b7\uf0b7\uf0a7\uf076\uf0d8\uf0fc"


def normalise_ws(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def clean(text: str) -> str:
    """Final form of a fact's text: whitespace normalised, leftover soft hyphens dropped."""
    return normalise_ws(text.replace(_SOFT_HYPHEN, ""))


_UNMAPPED_GLYPH = re.compile(r"^\(cid:\d+\)\s*")


def strip_bullet(text: str) -> tuple[bool, str]:
    """(True, rest) when the text opens with a list bullet.

    A glyph the PDF gives no Unicode for comes out as "(cid:N)"; at the start
    of a list line it is the bullet.
    """
    stripped = text.lstrip()
    if _UNMAPPED_GLYPH.match(stripped):
        return True, _UNMAPPED_GLYPH.sub("", stripped)
    if stripped[:1] and is_bullet_glyph(stripped[0]):
        return True, stripped[1:].lstrip()
    return False, text


def is_bullet_glyph(ch: str) -> bool:
    """A glyph that marks list items and nothing else: a known bullet, a Symbol or Wingdings
    character (private use), or any other symbol ("➢", "✓", "○", "◆", "►") but those of
    running text ("©", "®", "°", "™")."""
    return ch in BULLETS or (unicodedata.category(ch) in ("Co", "So") and ch not in "©®°™℗")


# What opens a list's line without marking an item: a quotation or a parenthesis.
_NOT_A_MARK = "\"'\u2018\u2019\u201c\u201d([{\u00ab"
_ORDINAL = re.compile(r"^(\()?(\d{1,2}|[a-z]|[ivx]{1,4})([.)])$")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def list_marks(texts: list[str]) -> list[bool] | None:
    """Where a list's items start, from the mark its first line opens with, whatever mark the
    house style prints: a glyph standing alone ("–", "*", "➢"), each item opening with the same
    glyph, or a number or letter ("1.", "a)", "(ii)"), each item opening with the next in turn
    or with the first again.
    None when the first line opens with no such mark.
    """
    first = texts[0].split()[:1] if texts else []
    if not first:
        return None
    mark = first[0]
    m = _ORDINAL.match(mark)
    if m is not None:
        # A list broken by a paragraph between its items starts again from its first label
        # unless the writer chose to go on counting: either opens the next item.
        expected = _next_ordinals(m) | {mark}
        starts = [True]
        for text in texts[1:]:
            word = text.split()[:1]
            start = bool(word) and word[0] in expected
            if start:
                expected = _next_ordinals(_ORDINAL.match(word[0])) | {mark}
            starts.append(start)
        return starts
    if len(mark) == 1 and not mark.isalnum() and mark not in _NOT_A_MARK:
        return [text.split()[:1] == [mark] for text in texts]
    return None


def _next_ordinals(m: re.Match) -> set[str]:
    """The labels that may follow "2." ("3."), "b)" ("c)") or "(iv)" ("(v)"), in the same form
    ("i)" may be a letter after "h)" or the first Roman numeral: either next one may follow)."""
    opening, label, closing = m.group(1) or "", m.group(2), m.group(3)
    if label.isdigit():
        labels = {str(int(label) + 1)}
    else:
        labels = set()
        if len(label) == 1 and label != "z":
            labels.add(chr(ord(label) + 1))
        if label in _ROMAN[:-1]:
            labels.add(_ROMAN[_ROMAN.index(label) + 1])
    return {f"{opening}{nxt}{closing}" for nxt in labels}


def without_list_mark(text: str) -> str:
    """A list line's text without the mark that opens its item."""
    parts = text.split(None, 1)
    return parts[1] if len(parts) == 2 else ""


def join_lines(lines: list[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """Join printed lines into one string.

    * A web address broken over two lines is put back together with no space, and so is
      a word broken after a slash in it ("Charged/" "summonsed"): a printer breaks a line
      there as at a hyphen, and a slash set between words has spaces round it.
    * A word hyphenated at a line end is rejoined: the hyphen is kept when the
      hyphenated form is used elsewhere in the document ("anti-social") and
      dropped when only the closed form is ("investi-gation").
    """
    out = ""
    for line in lines:
        line = normalise_ws(line)
        if not line:
            continue
        if not out:
            out = line
            continue
        last = out.rsplit(" ", 1)[-1]
        first = line.split(" ", 1)[0]
        if last == "-" and _URL_TOKEN.search(out[:-1].rstrip().rsplit(" ", 1)[-1]):
            # A justified line sets an address's line-end hyphen apart too ("justiceinspect -"
            # / "orates.gov.uk"): an address holds no spaces, so it is the address's hyphen.
            out = out[:-1].rstrip() + "-"
            last = out.rsplit(" ", 1)[-1]
        if last.endswith(_SOFT_HYPHEN):
            out = out[:-1] + line  # a soft hyphen only shows where a word was broken
        elif _URL_TOKEN.search(last) and (last[-1] in _URL_BREAK_CHARS or _continues_url(first)):
            if last[-1] in _HYPHENS and len(last) > 1 and (last[-2] in _URL_BREAK_CHARS or first[:1] in _URL_BREAK_CHARS):
                # A hyphen against an address's dot or slash ("gov-" ".uk", "app.-" "college")
                # is hyphenation's: an address's own hyphens join words.
                out = out[:-1] + line
            elif last[-1] in _HYPHENS and len(last) > 1 and last[-2].isalnum() and first[:1].isalnum():
                # A hyphen ending a line of an address is the address's own ("peel-" "assessments"),
                # unless the document's words know only the part closed up: then hyphenation put
                # it in ("justicein-" "spectorates", "po-" "lice").
                head, tail = _word(_URL_WORD.split(last[:-1])[-1]), _word(_URL_WORD.split(first)[0])
                # An address joins whole words with its hyphens ("anti-social-behaviour"): a
                # common word closed up whose second piece is no word ("at-" "tachment") was
                # broken by hyphenation too.
                put_in = f"{head}-{tail}" not in vocabulary and (
                    f"{head}{tail}" in vocabulary or (is_common_word(f"{head}{tail}") and not is_common_word(tail)))
                out = out[:-1] + ("" if put_in else "-") + line
            else:
                out += line
        elif len(last) > 1 and last[-1] == "/" and last[-2].isalnum() and first[:1].isalnum():
            out += line  # a word broken after its slash ("Charged/" "summonsed", "2016/" "17")
        elif last[-1] in _HYPHENS and len(last) > 1 and last[-2].isalpha() and first[:1].isalpha():
            out = out[:-1] + _rejoin(last[:-1], first, vocabulary) + line[len(first) :]
        elif last == "-" and first[:1].islower() and closes_up(out[:-1].rstrip(), first, vocabulary):
            # A justified line's hyphen set off from its word ("and in -" / "form joint
            # activity"): closed up only when the document writes the word whole elsewhere,
            # as a spaced hyphen may stand for a dash.
            out = out[:-1].rstrip() + line
        else:
            out += " " + line
    return clean(out)


def _continues_url(token: str) -> bool:
    return bool(token) and any(c in token for c in "/_#=") and not token[0].isupper()


_NOT_WORD = re.compile(r"[^\w\-]")


def _word(token: str) -> str:
    return _NOT_WORD.sub("", token).lower()


def closes_up(before: str, first: str, vocabulary: frozenset[str]) -> bool:
    """The last word of `before` and `first` make a word the document writes whole, one
    common in English, or one whose family the document writes closed ("oc -" / "casions")."""
    head = _word(before.rsplit(" ", 1)[-1])
    tail = _word(first)
    if not (head and head.isalpha() and tail.isalpha()):
        return False
    closed = f"{head}{tail}"
    return closed in vocabulary or is_common_word(closed) or _family_written_closed(head, closed, vocabulary)


def hyphen_stays(head: str, tail: str, vocabulary: frozenset[str]) -> bool:
    """Whether `head-` at a line end and `tail` opening the next line are joined with their
    hyphen ("anti-" "social") or closed up ("investi-" "gation"), as `join_lines` joins them."""
    return _rejoin(head, tail, vocabulary).startswith("-")


def _rejoin(head: str, tail: str, vocabulary: frozenset[str]) -> str:
    """Join `head-` and `tail` that a line break split; returns the text to append after `head`."""
    head_word = _word(head.split()[-1] if head else head)
    tail_word = _word(tail)
    hyphenated = f"{head_word}-{tail_word}"
    closed = f"{head_word}{tail_word}"
    if hyphenated in vocabulary:
        return "-" + tail
    if closed in vocabulary:
        return tail
    head_last = head_word.rsplit("-", 1)[-1]
    # A prefix that British usage hyphenates ("anti-social", "multi-agency") keeps its
    # hyphen; word processors do not break words straight after these few letters.
    if head_last in _HYPHENATED_PREFIXES and tail_word.isalpha():
        return "-" + tail
    # A particle after the hyphen ends a phrasal compound ("joined-up", "follow-up",
    # "set-up"), whose closed form may be a word too; only a word far more common closed
    # was broken before its last syllable ("with-" "out", "through-" "out").
    if tail_word in _PARTICLES and len(head_last) >= 3:
        return tail if is_common_word(head_last + tail_word, CLOSED_PHRASAL_ZIPF) else "-" + tail
    # Neither form is printed elsewhere. A closed form common in English is the word that
    # hyphenation broke ("under-" "stood", "de-" "cided", "de-" "cision-making"), however
    # word-like its pieces; so is one whose family the document writes closed ("pro-"
    # "actively" where it prints "proactive").
    # (Not in an address, whose pieces are no English: `join_lines` joins those.)
    closed_word = head_last + tail_word.split("-", 1)[0]
    in_address = bool(_URL_TOKEN.search(head)) or any(c in tail for c in "/#")
    if not in_address and (is_common_word(closed_word) or _family_written_closed(head_last, closed_word, vocabulary)):
        return tail
    # Two real words ("problem-solving") keep their hyphen; fragments ("vul-nerable")
    # were split by hyphenation.
    if head_last in vocabulary and tail_word in vocabulary:
        return "-" + tail
    # An adverb in -ly before a hyphen heads a compound ("financially-motivated"):
    # hyphenation would break such a word before its "ly", not after it.
    if head_last.endswith("ly") and len(head_last) >= 5 and tail_word.isalpha():
        return "-" + tail
    return tail


def _family_written_closed(head: str, closed: str, vocabulary: frozenset[str]) -> bool:
    """The document prints a word closed that shares `closed`'s first letters, three past
    where it was broken after `head` and seven at least ("proactive" for "pro-" "actively"
    and "proact -" "ively"; "reinstate" is no kin of "re-" "inspected")."""
    stem = closed[: max(len(head) + 3, 7)]
    return len(stem) == max(len(head) + 3, 7) and stem.isalpha() and any(w.startswith(stem) for w in vocabulary)


_PARTICLES = frozenset({"up", "in", "on", "out", "off", "down", "by"})


def ends_mid_phrase(text: str) -> bool:
    """The text stops where no sentence can: on an article, a preposition or a
    conjunction, or on a comma or dash ("... sections 44 and 45 of the")."""
    words = text.split()
    if not words:
        return False
    last = words[-1]
    return last[-1:] in ",;–—" or last.lower() in _PHRASE_OPENERS


_PHRASE_OPENERS = frozenset({
    "a", "an", "the", "of", "to", "and", "or", "nor", "but", "for", "with", "from", "at", "as", "into", "onto",
    "upon", "under", "between", "against", "than", "that", "which", "whose", "whether", "its", "their", "this",
    "these", "those", "is", "are", "was", "were", "be", "been", "not", "such",
    # Words a sentence may end on only with its stop after them ("... logged in."): with none,
    # the phrase goes on ("... how the police service in").
    "in", "on", "by", "within", "through", "during", "per", "via", "across", "towards", "among",
    "if", "when", "where", "while", "because", "who", "our", "his", "her",
    "has", "have", "had", "will", "would", "can", "could", "should", "must", "may",
})


_HYPHENATED_PREFIXES = frozenset({"anti", "non", "self", "cross", "multi", "cyber", "semi"})


_NUMBER = re.compile(r"^(?P<sign>[+\-−–])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?P<pct>%)?$")


def text_to_number(text: str) -> float | None:
    """'416' -> 416, '+13%' -> 13, '-0.05%' -> -0.05, '1,900' -> 1900; None when not a clean number."""
    m = _NUMBER.match(text.strip())
    if not m:
        return None
    value = float(m.group("num").replace(",", "") + (m.group("dec") or ""))
    if m.group("sign") in ("-", "−", "–"):
        value = -value
    return int(value) if value.is_integer() and not m.group("dec") else value


def vocabulary_of(texts) -> frozenset[str]:
    """Lower-case words (with inner hyphens) seen inside lines, for hyphenation decisions."""
    words: set[str] = set()
    # A report says most of its words many times: each is read once in each place it can
    # stand (inside a line, after a line-end hyphen, going on with an address).
    seen: set[tuple[str, bool, bool]] = set()
    broken = False  # the line before ended in a hyphen: this line opens with the rest of a word
    in_address = False  # the line before ended inside an address, which this line goes on with
    for text in texts:
        tokens = text.split()
        for k, token in enumerate(tokens):
            opens_line = k == 0 and (broken or in_address)
            address = bool(_URL_TOKEN.search(token)) or (opens_line and in_address and _continues_url(token))
            key = (token, k == 0 and broken, k == 0 and in_address)
            if key in seen:
                continue
            seen.add(key)
            if token[-1] in _HYPHENS and not address:
                continue  # hyphenated at the line break: not evidence of either form
            # An address's words are its parts between dots and slashes ("justiceinspectorates");
            # an address opening the line after a hyphen opens with the rest of a word, and one
            # hyphenated at the line's end ends with the start of one. The rest of a word in
            # prose counts as a word ("of-court" after "Out-": the evidence that two words
            # were joined).
            pieces = _URL_PART.split(token) if address else [token]
            if address and token[-1] in _HYPHENS:
                # Its last part's words but the one broken ("crime-" of "crime-outcomes-").
                head, _, _ = pieces[-1].rstrip(_HYPHENS).rpartition("-")
                pieces = pieces[:-1] + ([head] if head else [])
            for piece in pieces[1:] if address and broken and k == 0 else pieces:
                w = _word(piece)
                if w and opens_line and broken and not address and "-" not in w and not is_common_word(w):
                    # The rest of a broken word is a word of its own only if English writes it
                    # ("problem-" "solving"), or the document does elsewhere: "local-" "ised"
                    # must not vouch for its own "ised".
                    continue
                if w:
                    words.add(w)
                    words.update(part for part in w.split("-") if part)
        last = tokens[-1] if tokens else ""
        broken = bool(last) and last[-1] in _HYPHENS
        in_address = bool(last) and (bool(_URL_TOKEN.search(last)) or (in_address and len(tokens) == 1))
    return frozenset(words)
