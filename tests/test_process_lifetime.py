"""Killing `peel run` or `peel backfill`, by any signal, leaves no Prefect server, worker or reader behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SAMPLE_PDF

pytestmark = pytest.mark.slow


def _descendants(proc) -> list:
    import psutil

    try:
        return psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(processes) -> list:
    import psutil

    alive = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


def _cmdline(p) -> str:
    try:
        return " ".join(p.cmdline())
    except Exception:  # noqa: BLE001 - it may have ended meanwhile
        return ""


@pytest.mark.parametrize("command, sig", [("run", signal.SIGKILL), ("backfill", signal.SIGTERM)])
def test_a_killed_run_leaves_no_process_behind(tmp_path, command, sig):
    source = tmp_path / "in"
    source.mkdir()
    for k in range(8):  # enough reading to still be busy when it is killed
        (source / f"met-{k}.pdf").write_bytes(SAMPLE_PDF.read_bytes() + f"\n% copy {k}\n".encode())
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING")
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", command, "--source", str(source), "--warehouse", str(tmp_path / "w.duckdb"),
         "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    seen: dict[int, object] = {}
    try:
        deadline = time.monotonic() + 300
        # Wait until both workers run and a worker has forked a reader.  Without PREFECT_API_URL a run
        # starts no Prefect server; were one started (a Dask run), it would be among the descendants checked.
        while time.monotonic() < deadline and proc.poll() is None:
            for p in _descendants(proc):
                seen.setdefault(p.pid, p)
            lines = [_cmdline(p) for p in _alive(seen.values())]
            workers = sum("multiprocessing" in c and "spawn_main" in c for c in lines)
            readers = sum(len(_descendants(p)) for p in _alive(seen.values()) if "spawn_main" in _cmdline(p))
            if workers >= 2 and readers >= 1:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the run ended before it could be killed"
        assert workers >= 2 and readers >= 1, lines
        for p in _descendants(proc):
            seen.setdefault(p.pid, p)
        proc.send_signal(sig)
        proc.wait(timeout=30)
        survivors = _alive(seen.values())
        deadline = time.monotonic() + 20
        while survivors and time.monotonic() < deadline:
            time.sleep(0.25)
            survivors = _alive(survivors)
        assert survivors == [], [_cmdline(p) for p in survivors]
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in _alive(seen.values()):
            p.kill()
