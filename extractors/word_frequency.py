"""How common a word is in written English, to tell a word that hyphenation broke from a
compound that its writer hyphenated.

A word processor that hyphenates automatically breaks "decided" as "de-" / "cided", and a
writer's "problem-solving" may fall at a line end just the same. The document's own words
decide first (`extractors.text._rejoin`); where they cannot, because the closed form is
never printed whole and both pieces look like words ("under-" / "stood"), a closed form that
English uses commonly is the word that was broken: "understood", not "under-stood".

The frequencies are wordfreq's (British and American English from many sources), loaded on
the first question, so that a document whose hyphens its own words settle never pays for
them; a process that forks readers loads them once beforehand (`warm`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.thresholds import COMMON_WORD_ZIPF

# wordfreq's list of the words written at least once a million words (Zipf 3), which is what
# common means here: it loads in a tenth of the time of the "large" list, which goes on down
# to once in a hundred million words, rarer than any threshold asks about.
WORDLIST = "small"


@lru_cache(maxsize=4096)
def word_to_zipf(word: str) -> float:
    """How often English writes `word` (lower case, letters only), on the Zipf scale: 3 is
    once a million words, 6 once a thousand; 0 for a word rarer than once a million words."""
    if not word.isalpha():
        return 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en", wordlist=WORDLIST)


def warm() -> None:
    """Load the frequencies now (about 0.15 s of CPU), in a process whose forked children ask."""
    word_to_zipf("police")


# British -ise and -yse spellings ("localised", "analyse"), which reports use and which
# wordfreq counts apart from the -ize and -yze ones that most of its sources write: the
# word is as common as either spelling.
_BRITISH_SPELLING = re.compile(r"(?<=[a-z]{3})([iy])s(e|ed|es|ing|ation|ations|er|ers)$")


def is_common_word(word: str, at_least: float = COMMON_WORD_ZIPF) -> bool:
    """`word` is written closed in English at least `at_least` on the Zipf scale (in either
    its British or its American spelling)."""
    if word_to_zipf(word) >= at_least:
        return True
    american = _BRITISH_SPELLING.sub(r"\1z\2", word)
    return american != word and word_to_zipf(american) >= at_least
