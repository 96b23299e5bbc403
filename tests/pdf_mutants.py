"""Damaged copies of the sample report, made deterministically from a seed, and a run over them.

    python -m tests.pdf_mutants --n 1000 [--seed 7] [--workers 2] [--keep DIR]

writes N mutants beside the good sample, runs one `peel run` over them and fails
unless the run finishes, every file is loaded or quarantined with a registered
reason code, and the good report loads.  `make fuzz-pdf N=1000` runs it;
tests/test_pdf_mutants.py runs it small in CI.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "raw_reports" / "peel-effectiveness-2017-metropolitan.pdf"
GOOD_NAME = "0-good.pdf"  # sorts first: read before any mutant of the same report


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(16, len(data) - 1)]


def break_xref(data: bytes, rng: random.Random) -> bytes:
    """Point the cross-reference table, or the pointer to it, somewhere wrong."""
    choice = rng.randrange(3)
    if choice == 0:
        return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % rng.randrange(len(data)), data)
    if choice == 1:
        return data.replace(b"xref\n", b"xrfe\n", 1)
    entries = list(re.finditer(rb"\d{10} \d{5} n", data))
    out = bytearray(data)
    for m in rng.sample(entries, k=min(len(entries), rng.randint(1, 10))):
        out[m.start(): m.start() + 10] = b"%010d" % rng.randrange(len(data) * 2)
    return bytes(out)


def garble_stream(data: bytes, rng: random.Random) -> bytes:
    """Flip bytes inside one compressed (FlateDecode) content stream."""
    streams = [m.span(1) for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S)]
    start, end = rng.choice(streams)
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(start, max(start + 1, end - 1))
        out[at] = rng.randrange(256)
    return bytes(out)


def bad_mediabox(data: bytes, rng: random.Random) -> bytes:
    boxes = list(re.finditer(rb"/MediaBox \[[^\]]*\]", data))
    box = rng.choice(boxes)
    broken = rng.choice([b"/MediaBox [0 0 foo]", b"/MediaBox [0 0 0 0]", b"/MediaBox [ 0 0 -595 1e400 ]",
                         b"/MediaBox 7 0 R", b"/MediaBox [0 0 595.28"])
    return data[: box.start()] + broken + data[box.end():]


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    """Replace a page's MediaBox with arrays (or dictionaries) nested thousands deep."""
    depth = rng.choice([500, 5_000, 50_000])
    nested = b"[" * depth + b"0" + b"]" * depth if rng.randrange(2) else b"<</A " * depth + b"0" + b">>" * depth
    box = rng.choice(list(re.finditer(rb"/MediaBox \[[^\]]*\]", data)))
    return data[: box.start()] + b"/MediaBox " + nested + data[box.end():]


MUTATIONS = (flip_bytes, truncate, break_xref, garble_stream, bad_mediabox, deep_nesting)


def mutants(data: bytes, n: int, seed: int) -> list[tuple[str, bytes]]:
    """`n` distinct damaged copies of `data`, each mutation kind in turn, the same for the same seed."""
    rng = random.Random(seed)
    seen = {hashlib.sha256(data).digest()}
    out: list[tuple[str, bytes]] = []
    while len(out) < n:
        kind = MUTATIONS[len(out) % len(MUTATIONS)]
        mutant = kind(data, rng)
        digest = hashlib.sha256(mutant).digest()
        if digest in seen:
            continue
        seen.add(digest)
        out.append((f"mutant-{len(out):04d}-{kind.__name__.replace('_', '-')}.pdf", mutant))
    return out


def write_corpus(folder: Path, n: int, seed: int) -> list[str]:
    data = SAMPLE_PDF.read_bytes()
    (folder / GOOD_NAME).write_bytes(data)
    names = [GOOD_NAME]
    for name, mutant in mutants(data, n, seed):
        (folder / name).write_bytes(mutant)
        names.append(name)
    return names


def run_to_problems(folder: Path, warehouse: Path, names: list[str], workers: int) -> tuple[list[str], object]:
    """One `peel run` over the folder; what is wrong with its outcome (empty: nothing)."""
    from flows.pipeline import run_flow
    from schemas.reasons import QUARANTINE

    summary = run_flow(str(folder), str(warehouse), workers=workers)
    fate = {o.file_name: o for o in summary.outcomes}
    problems = []
    if sorted(fate) != sorted(names):
        problems.append(f"files without an outcome: {sorted(set(names) - set(fate))}")
    for o in summary.outcomes:
        if o.status == "quarantined" and o.reason_code not in QUARANTINE:
            problems.append(f"{o.file_name}: unregistered reason {o.reason_code!r}")
        elif o.status not in ("loaded", "quarantined"):
            problems.append(f"{o.file_name}: {o.status} ({o.reason_code})")
        if o.message and "\n" in o.message:
            problems.append(f"{o.file_name}: a message of several lines")
    good = fate.get(GOOD_NAME)
    if good is None or good.status != "loaded":
        problems.append(f"the good report did not load: {good}")
    return problems, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the mutants and the warehouse here (default: a temporary folder)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from flows.cli import _prefect_env

    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        folder = base / "mutants"
        folder.mkdir(parents=True, exist_ok=True)
        names = write_corpus(folder, args.n, args.seed)
        _prefect_env()
        started = time.monotonic()
        problems, summary = run_to_problems(folder, base / "fuzz.duckdb", names, args.workers or None)
        took = time.monotonic() - started
    reasons = Counter(o.reason_code or o.status for o in summary.outcomes)
    print(f"{len(names)} files in {took:.0f} s: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    for line in problems:
        print("PROBLEM", line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
