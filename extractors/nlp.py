"""The rule-based spaCy pipeline: a blank English tokenizer plus Matcher patterns kept as data.

No statistical model is loaded (none is available offline), so patterns use
only token text and shape attributes (LOWER, ORTH, SHAPE, LIKE_NUM), never
lemmas or part-of-speech tags.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PATTERNS_DIR = Path(__file__).parent / "patterns"


def load_patterns(name: str) -> list[dict]:
    with open(PATTERNS_DIR / f"{name}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@lru_cache(maxsize=1)
def nlp():
    import spacy

    return spacy.blank("en")


@lru_cache(maxsize=None)
def matcher(name: str):
    """A Matcher holding the patterns of `patterns/<name>.jsonl`, keyed by each pattern's id."""
    from spacy.matcher import Matcher

    m = Matcher(nlp().vocab, validate=True)
    for p in load_patterns(name):
        m.add(p["id"], [p["pattern"]])
    return m


def find_spans(name: str, text: str) -> list[tuple[str, int, int]]:
    """(pattern id, start char, end char) for the longest non-overlapping matches."""
    from spacy.util import filter_spans

    doc = nlp().make_doc(text)
    spans = []
    for match_id, start, end in matcher(name)(doc):
        span = doc[start:end]
        span.label_ = nlp().vocab.strings[match_id]
        spans.append(span)
    return [(s.label_, s.start_char, s.end_char) for s in sorted(filter_spans(spans), key=lambda s: s.start)]
