"""Pure extractors: from the parsed page model to typed records."""

from __future__ import annotations

import hashlib
from pathlib import Path

# The release line of the extraction rules.
RULES_RELEASE = "0.3"

# What the rules read by, besides the extractors' own code: their spaCy patterns, the
# generations' layouts and the vocabularies and records they fill (paths from the project root).
_RULE_FILES = ("extractors/*.py", "extractors/patterns/*.jsonl", "schemas/layouts/*.json", "schemas/layouts.py",
               "schemas/vocab.py", "schemas/forces.py", "schemas/records.py")


def rules_fingerprint(root: Path) -> str:
    """A hash of the extraction rules under the project root `root`.

    A report is read again when the rules that read it change (`peel run` skips only
    reports loaded or quarantined by the same version, and reads are cached on it), so
    the version changes with them by itself rather than by a number someone must
    remember to raise.
    """
    digest = hashlib.sha256()
    for path in sorted({p for pattern in _RULE_FILES for p in root.glob(pattern)}):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"{RULES_RELEASE}+{rules_fingerprint(Path(__file__).resolve().parent.parent)}"
