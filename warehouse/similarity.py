"""How alike two areas for improvement are in what they ask of the force.

Nearly every area for improvement opens the same way ("The force should ensure
that ...", "The force needs to ...", "It should ..."), so comparing whole texts
by characters (Jaro-Winkler) finds two items alike because they share an
opener, and misses the same request reworded.  Here the opener and the
register's stock verbs are dropped, the rest is reduced to content words with
a light stemmer, and two items are compared as sets of those words (a Dice
coefficient in which stock words of the register count for a quarter).  Pure
functions: no database, no model downloads.

The threshold was chosen on tests/golden/afi_pairs.csv (hand-labelled pairs);
tests/test_carry_over.py prints its precision and recall.
"""

from __future__ import annotations

import re

# Two items at or above this score ask for the same thing.
THRESHOLD = 0.55

# Who is addressed and the modal verb: "The force should", "Cleveland Police needs to",
# "It should", "The constabulary must".  Only a subject of this shape is dropped, so
# "Supervision of investigations needs to improve" keeps its subject.
_OPENER = re.compile(
    r"^\s*(?:the\s+force|the\s+constabulary|this\s+force|it|we|"
    r"(?:[A-Z][\w'&-]*\s+){1,4}(?:police(?:\s+service)?|constabulary))"
    r"\s+(?:should|needs?\s+to|must|has\s+to|is\s+to|ought\s+to|would\s+benefit\s+from)\s+",
    re.IGNORECASE,
)

# Function words, and the register's stock words that every item uses whatever it asks
# ("ensure that", "make sure", "improve the way it", "effectively").
STOP_WORDS = frozenset("""
a about above after against all also an and any are as at be been before being both but by can could do does
doing for from further had has have having he her here him his how i if in into is it its itself just may me
more most much my no nor not now of off on once only or other our out over own same she so some such than that
the their them then there these they this those through to too under until up upon us very was we were what
when where whether which while who whom why will with within without would you your
should must need needs needed ought able make makes making sure ensure ensures ensuring improve improves
improving improvement better way ways continue continues effective effectively appropriate appropriately
consider considers take takes taking steps step enough every each including include includes work works
use uses used using posed based given carried go goes show shows
""".split())

# Words of the inspection register that many different requests share ("record",
# "manage", "understand", "officers", "crime"): they count for a quarter of a topic word,
# so two items about stop and search and about use of force are not alike for both
# asking officers to "record" something "fairly".
REGISTER_WORDS = frozenset("""
use used uses using record records recording recorded manage managing management understand understanding
understands develop developing development plan plans planning meet meets national standard standards support
supports supporting identify identifies identification review reviews reviewing deal deals dealing response respond
service services people public officer officers staff workforce time times future complete completes completion
delay information system systems share shares sharing set sets data quality crime crimes force forces police
policing capability capabilities capacity process processes approach practice practices level levels provide
provides range number numbers area areas partner partners partnership organisation organisations help act action
actions keep kept report reports reported reporting investigation investigations investigate investigating
victim victims protect protects protected protecting risk risks
""".split())

# Longest first: the first suffix that leaves a stem of at least four letters is removed.
_SUFFIXES = (
    "isations", "izations", "ification", "isation", "ization", "abilities", "ibilities", "ability", "ibility",
    "ations", "ation", "ities", "ifies", "ified", "ments", "ment", "ating", "ated", "ates", "ate", "ings", "ing",
    "ions", "ion", "ers", "ors", "ity", "ify", "able", "ible", "ied", "er", "or", "ed", "ly", "y",
)


def afi_to_ask(text: str) -> str:
    """The request without its opener: 'The force should ensure that X' -> 'ensure that X'."""
    return _OPENER.sub("", text, count=1)


def word_to_stem(word: str) -> str:
    """A light stem, enough to make 'supervises', 'supervision' and 'supervisors' one word."""
    word = word.lower()
    if word.endswith("'s") or word.endswith("\u2019s"):
        word = word[:-2]
    word = word.rstrip("'\u2019")
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 4:
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    # A final e comes and goes with the suffix ('complete', 'completion'): drop it.
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def text_to_terms(text: str) -> frozenset[str]:
    """The stems of the content words of what an item asks."""
    words = re.findall(r"[a-z0-9]+(?:['\u2019][a-z]+)?", afi_to_ask(text).lower().replace("-", " "))
    stems = (word_to_stem(w) for w in words if w not in STOP_WORDS)
    return frozenset(s for s in stems if s not in STOP_WORDS)


REGISTER_WEIGHT = 0.25


def term_to_weight(term: str) -> float:
    return REGISTER_WEIGHT if term in _REGISTER_STEMS else 1.0


def terms_to_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Weighted Dice coefficient of two term sets: 1 for the same words, 0 for none shared."""
    if not a or not b:
        return 0.0
    weight = lambda terms: sum(term_to_weight(t) for t in terms)  # noqa: E731
    return 2 * weight(a & b) / (weight(a) + weight(b))


def afi_similarity(earlier: str, later: str) -> float:
    """How alike two areas for improvement are in what they ask (0 to 1), openers ignored."""
    return terms_to_similarity(text_to_terms(earlier), text_to_terms(later))


_REGISTER_STEMS = frozenset(word_to_stem(w) for w in REGISTER_WORDS)
