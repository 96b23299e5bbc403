"""spaCy is imported without its command line, and works as it does when imported whole."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

SENTENCE = "The force's 999 calls rose 12.5% (from 1,024) in 2016/17 – see p. 7."


def _run(script: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_spacy_reads_without_its_command_line_and_tokenizes_as_when_whole():
    light = _run(f"""
import json, sys
from extractors.nlp import nlp, text_to_doc
doc = text_to_doc({SENTENCE!r})
loaded = [m for m in ("spacy.cli", "weasel", "requests", "httpx", "jinja2") if m in sys.modules]
print(json.dumps({{"tokens": [t.text for t in doc], "sentences": len(list(doc.sents)), "loaded": loaded}}))
""")
    whole = _run(f"""
import json, spacy
from spacy.pipeline import Sentencizer
doc = Sentencizer()(spacy.blank("en").make_doc({SENTENCE!r}))
print(json.dumps({{"tokens": [t.text for t in doc], "sentences": len(list(doc.sents)), "loaded": []}}))
""")
    assert light == whole
    assert len(light["tokens"]) > 10


def test_spacys_command_line_still_imports_after_the_light_import():
    out = _run("""
import json
from extractors.nlp import nlp
nlp()
import spacy, spacy.cli
from spacy.cli.info import info
print(json.dumps({"cli": callable(spacy.cli.download), "info": info.__module__, "proxy": spacy.info.__name__}))
""")
    assert out == {"cli": True, "info": "spacy.cli.info", "proxy": "info"}
