"""Headings printed in capitals, written back as the document writes the same words elsewhere.

A house style may set headings in capitals ("PREVENTING CRIME AND TACKLING ANTI-SOCIAL
BEHAVIOUR"); the sections, questions and causes of concern they name must read as every
other report prints them. The document itself says how each word is written: its contents
page prints whole headings in their own case, and its running text writes common words in
lower case, names capitalised ("Metropolitan Police Service") and initialisms in capitals
("ASB"). A word's neighbour decides where the word alone cannot ("police" in a sentence,
"Police" after "Metropolitan").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

# A heading in capitals has at least this many letters and no lower-case one ("ISBN" is no heading).
CAPITALS_MIN_LETTERS = 5
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
_SENTENCE_END = (".", "!", "?", ":")
_DASHES = ("–", "—", "-")  # set apart by spaces: "Overview – How effective is the force …"


def is_in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= CAPITALS_MIN_LETTERS and not any(c.islower() for c in letters)


class WordCases:
    """How a document writes each word past a sentence's start, alone and after the word before it."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.alone: dict[str, Counter[str]] = defaultdict(Counter)
        self.after: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for text in texts:
            if is_in_capitals(text):
                continue  # a line in capitals says nothing of case
            words = text.split()
            for k in range(1, len(words)):
                before, word = _core(words[k - 1]), _core(words[k])
                if not word or not any(c.isalpha() for c in word) or words[k - 1].endswith(_SENTENCE_END):
                    continue  # a sentence's first word is capitalised whatever it is
                self.alone[word.casefold()][word] += 1
                if before:
                    self.after[(before.casefold(), word.casefold())][word] += 1

    def form(self, word: str, before: str | None) -> str | None:
        """The word as the document writes it after `before` (None: at a heading's start)."""
        key = word.casefold()
        if before is not None and (seen := self.after.get((before.casefold(), key))):
            return seen.most_common(1)[0][0]
        seen = self.alone.get(key)
        if not seen:
            return None
        lower = [f for f in seen if f.islower()]
        # A word ever written in lower case inside a sentence is a common word; one only ever
        # capitalised is a name, one only in capitals an initialism.
        return lower[0] if lower else seen.most_common(1)[0][0]


def capitals_to_case(text: str, cases: WordCases, titles: Iterable[str] = ()) -> str:
    """A heading printed in capitals, written as the document writes it: as a title printed
    in its own case (the contents page) when one is the same words, else word by word."""
    key = " ".join(text.casefold().split())
    for title in titles:
        if " ".join(title.casefold().split()) == key and not is_in_capitals(title):
            return title
    words = text.split()
    out: list[str] = []
    before: str | None = None
    for token in words:
        word = _core(token)
        if not word or not any(c.isalpha() for c in word):
            out.append(token)
            continue
        form = cases.form(word, before)
        if form is None:
            form = word.lower()  # a word the document writes nowhere else: most words are common
        if not out or all(not any(c.isalpha() for c in w) for w in out) or out[-1].endswith(_SENTENCE_END) \
                or out[-1] in _DASHES:
            form = form[:1].upper() + form[1:]  # the heading's first word, or a sentence's or a title's within it
        out.append(token.replace(word, form, 1))
        before = word
    return " ".join(out)


def _core(token: str) -> str:
    """The word inside its punctuation: '(ASB)' -> 'ASB', 'anti-social,' -> 'anti-social'."""
    return _EDGE.sub("", token)
