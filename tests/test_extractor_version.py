"""The extractor version changes with the extraction rules, so reports read by other rules are read again."""

from __future__ import annotations

import shutil
from pathlib import Path

from extractors import EXTRACTOR_VERSION, RULES_RELEASE, rules_fingerprint

ROOT = Path(__file__).resolve().parent.parent


def _copy_of_rules(to: Path) -> Path:
    for folder in ("extractors", "schemas"):
        shutil.copytree(ROOT / folder, to / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return to


def test_the_version_is_the_release_and_the_rules_fingerprint():
    assert EXTRACTOR_VERSION == f"{RULES_RELEASE}+{rules_fingerprint(ROOT)}"


def test_a_changed_pattern_or_layout_changes_the_fingerprint_and_nothing_else_does(tmp_path):
    root = _copy_of_rules(tmp_path)
    before = rules_fingerprint(root)
    assert rules_fingerprint(root) == before == rules_fingerprint(ROOT)
    (root / "schemas" / "expectations.py").write_text("# the checks have a fingerprint of their own\n")
    assert rules_fingerprint(root) == before
    pattern = next((root / "extractors" / "patterns").glob("*.jsonl"))
    pattern.write_bytes(pattern.read_bytes() + b"\n")
    after_pattern = rules_fingerprint(root)
    layout = next((root / "schemas" / "layouts").glob("*.json"))
    layout.write_bytes(layout.read_bytes().replace(b"{", b"{ ", 1))
    assert len({before, after_pattern, rules_fingerprint(root)}) == 3
