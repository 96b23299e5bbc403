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
    return _import_spacy().blank("en")


def _import_spacy():
    """spaCy, imported without its command line.

    `spacy/__init__.py` imports `spacy.cli` (weasel, requests, httpx, jinja2: about a
    third of spaCy's import time, 0.4 s of CPU in every process that reads a report)
    only to offer `spacy.info`.  While spaCy imports, `spacy.cli.info` is a module
    whose `info` imports the real one when called; once spaCy is in, the stand-ins
    leave `sys.modules`, so `import spacy.cli` anywhere later loads the real package.
    """
    import sys

    if "spacy" in sys.modules:
        import spacy

        return spacy
    import types

    def info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli, cli_info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli_info.info = info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": cli_info}
    for name, module in stand_ins.items():
        sys.modules.setdefault(name, module)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return spacy


@lru_cache(maxsize=None)
def matcher(name: str):
    """A Matcher holding the patterns of `patterns/<name>.jsonl`, keyed by each pattern's id."""
    _import_spacy()
    from spacy.matcher import Matcher

    m = Matcher(nlp().vocab, validate=True)
    for p in load_patterns(name):
        m.add(p["id"], [p["pattern"]])
    return m


def find_spans(name: str, text: str) -> list[tuple[str, int, int]]:
    """(pattern id, start char, end char) for the longest non-overlapping matches."""
    _import_spacy()
    from spacy.util import filter_spans

    doc = nlp().make_doc(text)
    spans = []
    for match_id, start, end in matcher(name)(doc):
        span = doc[start:end]
        span.label_ = nlp().vocab.strings[match_id]
        spans.append(span)
    return [(s.label_, s.start_char, s.end_char) for s in sorted(filter_spans(spans), key=lambda s: s.start)]


@lru_cache(maxsize=None)
def _labels(name: str) -> dict[str, str]:
    return {p["id"]: p["label"] for p in load_patterns(name)}


def match_spans(name: str, doc) -> list[tuple[str, str, int, int]]:
    """(label, pattern id, start token, end token) of `doc`: the longest non-overlapping match per label."""
    _import_spacy()
    from spacy.util import filter_spans

    labels = _labels(name)
    by_label: dict[str, list] = {}
    for match_id, start, end in matcher(name)(doc):
        pattern_id = nlp().vocab.strings[match_id]
        span = doc[start:end]
        span.label_ = pattern_id
        by_label.setdefault(labels[pattern_id], []).append(span)
    out = []
    for label, spans in by_label.items():
        out += [(label, s.label_, s.start, s.end) for s in filter_spans(spans)]
    return sorted(out, key=lambda m: (m[2], m[3]))


@lru_cache(maxsize=1)
def sentencizer():
    _import_spacy()
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def text_to_doc(text: str):
    """Tokens and rule-based sentence boundaries (punctuation only: no model is involved)."""
    return sentencizer()(nlp().make_doc(text))
