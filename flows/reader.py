"""Read one file in a child process of its own, within a bound on wall time and memory.

A damaged PDF can make a parser recurse without end, loop, allocate without
limit or crash in C code.  Reading each file in a forked child keeps all of that
to the file: the child's address space is capped with RLIMIT_AS, the parent stops
waiting at the deadline and kills it, and whatever the child raised or died of
comes back as that file's `ExtractionError`.  The next file gets a fresh child,
so the worker that forks them never inherits a half-finished read.

Fork (not spawn) keeps this cheap: the child starts with the parser, spaCy and GX
already imported by its parent (see `warm_up`).
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
    import flows.validate  # noqa: F401
    from extractors.nlp import nlp

    nlp()
    try:
        import great_expectations  # noqa: F401
    except ImportError:
        pass
    _warm = True


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
        if os.getppid() != parent:  # the parent died before the death signal was armed
            os._exit(1)
        import logging

        # The parent's log handlers (Prefect's API log worker) have no thread here: stay quiet.
        logging.disable(logging.CRITICAL)
        _cap_memory(bounds.mb)
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
