"""Read one file in a child process of its own, within a bound on wall time and memory.

A damaged PDF can make a parser recurse without end, loop, allocate without
limit or crash in C code.  Reading each file in a forked child keeps all of that
to the file: the child's address space is capped with RLIMIT_AS, the parent stops
waiting at the deadline and kills it, and whatever the child raised or died of
comes back as that file's `ExtractionError`.  The next file gets a fresh child,
so the worker that forks them never inherits a half-finished read.

Fork (not spawn) keeps this cheap: the child starts with the parser and spaCy
already loaded by its parent (see `warm_up`).  The child only reads; the checks
run afterwards, a batch at a time (`check_reads`): in the worker (`read_files`),
or, with `read_files(..., check=False)`, in the process that collects the reads,
which checks every report of a batch in one GX run per table.  GX and pandas are
imported only where the checks run, and Prefect only where the caller did.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from dataclasses import dataclass
from typing import Callable

from extractors.errors import ExtractionError
from schemas.reasons import exception_to_reason

DEFAULT_MAX_SECONDS = 600.0
DEFAULT_MAX_MB = 2048


@dataclass(frozen=True)
class Bounds:
    """How long one file's read may take (seconds of wall time) and how much memory it may add (MB)."""

    seconds: float = DEFAULT_MAX_SECONDS
    mb: int = DEFAULT_MAX_MB


def env_to_bounds(seconds: float | None = None, mb: int | None = None) -> Bounds:
    """The bounds for a run: the flow's parameters, else PEEL_MAX_SECONDS_PER_FILE / PEEL_MAX_MB_PER_FILE, else defaults."""
    if seconds is None:
        seconds = float(os.environ.get("PEEL_MAX_SECONDS_PER_FILE") or DEFAULT_MAX_SECONDS)
    if mb is None:
        mb = int(os.environ.get("PEEL_MAX_MB_PER_FILE") or DEFAULT_MAX_MB)
    if seconds <= 0 or mb <= 0:
        raise ValueError(f"per-file bounds must be positive (got {seconds} s, {mb} MB)")
    return Bounds(float(seconds), int(mb))


_warm = False


def warm_up() -> None:
    """Import what every read needs once, in the process that forks the readers."""
    global _warm
    if _warm:
        return
    import extractors.pages  # noqa: F401
    import extractors.report  # noqa: F401
    from extractors.nlp import nlp
    from extractors.word_frequency import warm

    nlp()
    warm()  # asked only about hyphenated line ends, but then in every child that reads one
    _warm = True


def extract_file(path: str):
    """The report's facts, or the reason it cannot be read (returned, not raised: bad input is data)."""
    from pathlib import Path

    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction

    try:
        return document_to_extraction(pdf_to_document(Path(path)))
    except ExtractionError as exc:
        return exc


def read_files(items: list[tuple[str, str, str]], bounds: Bounds, refresh: bool = False,
               extract: Callable | None = None, validate: Callable | None = None, check: bool = True) -> list:
    """(extraction or the reason it cannot be read, check results) for each (path, sha256, name).

    Each file is read in a bounded child of its own; then the batch is checked (`check_reads`).
    A file read before by the same extractor, checks and bounds is not read again
    (`refresh` reads it anyway): the cache is on its sha256.

    With `check=False` the batch is only read: each item is its extraction or reason, or the
    (extraction, results) pair a cache held, for `check_reads` to finish in the process that
    checks.  A process that reads this way never imports GX or pandas.
    """
    extract = extract or extract_file
    warm_up()
    reads: list = []
    for path, sha256, name in items:
        cached = None if refresh else cache_get(sha256, bounds)
        reads.append(cached if cached is not None else read_within_bounds(extract, path, name, bounds))
    return check_reads(items, reads, bounds, validate) if check else reads


def check_reads(items: list[tuple[str, str, str]], reads: list, bounds: Bounds,
                validate: Callable | None = None) -> list[tuple]:
    """Each read of `read_files(..., check=False)` as (extraction or reason, check results), cached.

    The batch is checked with one GX run per table (`flows.validate.prime_within_report`),
    the more reports at once the cheaper each; each report then takes its results through
    `validate`, so a fault in checking one report is that report's reason.  Pairs (from the
    cache, or a chunk that failed as a whole) pass through as they are.
    """
    fresh = [r for r in reads if not isinstance(r, (tuple, ExtractionError))]
    if fresh:
        from flows.validate import prime_within_report

        prime_within_report(fresh)
    return [read if isinstance(read, tuple) else _checked(read, item, bounds, validate)
            for read, item in zip(reads, items, strict=True)]


def _checked(extraction, item: tuple[str, str, str], bounds: Bounds, validate: Callable | None) -> tuple:
    path, sha256, name = item
    if isinstance(extraction, ExtractionError):
        out = (extraction, [])
    else:
        from flows.validate import within_report_results

        try:
            out = (extraction, (validate or within_report_results)(extraction))
        except Exception as exc:  # noqa: BLE001 - a fault in checking one report is that report's reason
            code, detail = exception_to_reason(exc, path)
            out = (ExtractionError(code, f"{name}: {detail}"), [])
    cache_put(sha256, bounds, out)
    return out


def cache_dir():
    """Where reads are kept: PEEL_READ_CACHE, else the Prefect home's storage (as Prefect's own cache was)."""
    from pathlib import Path

    if os.environ.get("PEEL_READ_CACHE"):
        return Path(os.environ["PEEL_READ_CACHE"])
    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    return home / "storage" / "peel-reads"


def _cache_path(sha256: str, bounds: Bounds):
    # The same bytes read by the same extractor and checked by the same checks, within the
    # same bounds, give the same result: a retried or repeated run reuses it.
    from extractors import EXTRACTOR_VERSION
    from schemas.expectations import checks_fingerprint

    key = f"{sha256}-{EXTRACTOR_VERSION}-{checks_fingerprint()}-{bounds.seconds:g}s-{bounds.mb}mb"
    return cache_dir() / f"{key}.pickle"


def cache_get(sha256: str, bounds: Bounds):
    if not sha256:
        return None
    try:
        with open(_cache_path(sha256, bounds), "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - no entry, or one from other code: read the file
        return None


# Reasons that may not recur (a busy machine, a crash): never cached.
_UNCACHED = {"too_large", "internal_error"}


def cache_put(sha256: str, bounds: Bounds, outcome: tuple) -> None:
    if not sha256 or (isinstance(outcome[0], ExtractionError) and outcome[0].code in _UNCACHED):
        return
    path = _cache_path(sha256, bounds)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(outcome, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs a re-read
        pass


def read_within_bounds(read: Callable[[str], object], path: str, name: str, bounds: Bounds):
    """`read(path)` run in a forked child: its result, or an `ExtractionError` saying why there is none."""
    if not hasattr(os, "fork"):  # no fork (Windows): read here, exceptions still become the file's reason
        return _outcome_of(read, path, name, bounds)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(r)
        _child(read, path, name, bounds, w)
    os.close(w)
    try:
        payload, timed_out = _collect(r, pid, bounds.seconds)
    finally:
        os.close(r)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return ExtractionError(
            "too_large", f"{name}: reading took longer than {bounds.seconds:g} s (PEEL_MAX_SECONDS_PER_FILE); stopped")
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - nothing (or half a result) came back: the child died
        return ExtractionError("internal_error", f"{name}: ReaderCrashed: {_death_of(status)}")


def _collect(fd: int, pid: int, seconds: float) -> tuple[bytes, bool]:
    """Everything the child writes, until it closes the pipe or the deadline passes (then it is killed)."""
    chunks = []
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            os.kill(pid, signal.SIGKILL)
            return b"", True
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)


def _death_of(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            return f"the reading process died of {signal.Signals(sig).name}"
        except ValueError:
            return f"the reading process died of signal {sig}"
    return f"the reading process exited with status {os.waitstatus_to_exitcode(status)} without a result"


def _child(read, path: str, name: str, bounds: Bounds, fd: int) -> None:
    code = 0
    try:
        parent = os.getppid()
        from flows.lifetime import signal_on_parent_death

        signal_on_parent_death()
        # Ctrl-C reaches the whole process group: the run's process handles it and ends this child.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if os.getppid() != parent:  # the parent died before the death signal was armed
            os._exit(1)
        import logging

        # The parent's log handlers (Prefect's API log worker) have no thread here: stay quiet.
        logging.disable(logging.CRITICAL)
        _cap_memory(bounds.mb)
        _collect_garbage_for_one_read()
        outcome = _outcome_of(read, path, name, bounds)
        _uncap_memory()  # the bound is on reading, not on sending the result back
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:  # noqa: BLE001 - the parent reports a child that ends without a result
        code = 70
    finally:
        os._exit(code)


# Collections while one file is read: the first generation is collected every this many new
# objects (Python's default is 700), the older ones every 20 collections of the one before.
READ_GC_THRESHOLD = (20_000, 20, 20)


def _collect_garbage_for_one_read() -> None:
    """Set the cycle collector for a child that reads one file and ends.

    Everything the child inherited (the parser, spaCy) lives as long as it does:
    frozen, the collector never walks it again, nor writes to its pages (which
    fork shares with the parent until written).  The read makes hundreds of
    thousands of small objects that form few cycles; collecting every 700 of them
    cost a tenth of a report's CPU, and on a long report, with full collections
    over all it had built, more.
    """
    import gc

    gc.freeze()
    gc.set_threshold(*READ_GC_THRESHOLD)


def _outcome_of(read, path: str, name: str, bounds: Bounds):
    try:
        return read(path)
    except ExtractionError as exc:
        return exc
    except BaseException as exc:  # noqa: BLE001 - any failure inside one file is that file's reason
        _uncap_memory()  # room to build the message and send it back
        code, detail = exception_to_reason(exc, path)
        if code == "too_large":
            detail = f"reading needed more than {bounds.mb} MB (PEEL_MAX_MB_PER_FILE)"
        return ExtractionError(code, f"{name}: {detail}")


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cap_memory(mb: int) -> None:
    """Let this process grow by `mb` megabytes of address space, no more (MemoryError past it).

    The cap is on top of what the child already maps as a copy of its parent (the
    parser, spaCy and GX, typically 1-2 GB of mostly shared address space), so the
    bound is what the read itself may take.
    """
    try:
        import resource
    except ImportError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _vm_size_bytes() + mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _uncap_memory() -> None:
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
