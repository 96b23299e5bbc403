"""Processes a run starts end with it, even when it is killed with SIGKILL.

Three kinds of process outlive a killed parent unless told otherwise: the worker
processes that read reports, the child each of them forks per file, and Prefect's
temporary API server.  Linux can send a process a signal when its parent dies
(prctl PR_SET_PDEATHSIG), but "parent" means the *thread* that forked it: that is
safe for a process forked by a thread that then waits for it (a reader child, the
server started from the main thread), not for pool workers, which the executor may
start from a short-lived thread.  Those watch their parent's pid instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import types

PR_SET_PDEATHSIG = 1


def signal_on_parent_death(sig: int = signal.SIGKILL) -> bool:
    """Ask Linux to send `sig` to this process when the thread that forked it ends."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux: the watchdog alone must do
        return False


def watch_parent(interval: float = 0.5) -> None:
    """End this process (and so, through their own death signal, its children) once its parent is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(interval)

    threading.Thread(target=watch, name="peel-parent-watchdog", daemon=True).start()


def pool_worker_initializer() -> None:
    """Runs first in every worker process of the flow's process pool."""
    # Ctrl-C in a terminal reaches the whole process group: the run's own process handles it
    # (and ends its workers), so a worker has nothing to print but a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent()


def reader_worker_initializer() -> None:
    """Runs first in every worker of a run without Prefect: as above, then everything a read needs
    loaded once (the parser and spaCy), before the first file is forked off.  The checks' GX context
    is built where the checks run, on first use: a worker that only reads never imports GX (4 s of
    CPU and 200 MB per process)."""
    pool_worker_initializer()
    from flows.reader import warm_up

    warm_up()


def _die_with_parent_preexec() -> None:
    # Runs in the child between fork and exec: async-signal-safe calls only, no threads.
    # SIGKILL, not SIGTERM: the server's graceful shutdown waits on its background services
    # for longer than anyone waits for a killed run's leftovers; its SQLite file is crash-safe.
    signal_on_parent_death(signal.SIGKILL)


class _SubprocessDyingWithUs(types.ModuleType):
    """`subprocess` as Prefect's server module sees it, with every Popen bound to our life."""

    def __getattr__(self, name: str):
        return getattr(subprocess, name)

    @staticmethod
    def Popen(*args, **kwargs):  # noqa: N802 - the name Prefect calls
        kwargs.setdefault("preexec_fn", _die_with_parent_preexec)
        return subprocess.Popen(*args, **kwargs)


def start_temporary_server() -> None:
    """Start Prefect's temporary API server now, from this (main) thread, so it dies with us.

    Prefect would start the same server lazily on its first API call, from whichever
    thread makes it and without a death signal: a `kill -9` of `peel run` left it
    running.  Started here, later calls find it running and reuse it; `stop()` at exit
    is still Prefect's.  Does nothing when PREFECT_API_URL names a server.
    """
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return
    from prefect.server.api import server as api_server

    server = api_server.SubprocessASGIServer()
    if server.running:
        return
    real = api_server.subprocess
    api_server.subprocess = _SubprocessDyingWithUs("subprocess")
    try:
        server.start()
    finally:
        api_server.subprocess = real
    # Worker processes inherit the environment: pointed at this server, they do not each
    # start one of their own (which nothing would stop when they are killed).
    os.environ["PREFECT_API_URL"] = server.api_url
