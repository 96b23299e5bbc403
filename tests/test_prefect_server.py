"""A real Prefect server: deployments registered, the nightly schedule set, a triggered run lands in the warehouse."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_PDF

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, seconds: int) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process ended early with code {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_API_URL=f"http://127.0.0.1:{port}/api", GX_ANALYTICS_ENABLED="False")
    log = open(home / "server.log", "w")
    proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/health", proc, 180)
        yield env
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _prefect(env, *args, timeout=120) -> str:
    done = subprocess.run([str(BIN / "prefect"), *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout[-1500:] + done.stderr[-1500:]
    return done.stdout


def test_nightly_deployment_scheduled_and_triggered(server, tmp_path):
    source = tmp_path / "reports"
    source.mkdir()
    shutil.copy(SAMPLE_PDF, source / "met-2017.pdf")
    warehouse = tmp_path / "peel.duckdb"
    serving = subprocess.Popen(
        [sys.executable, "-m", "flows.deployments", "--source", str(source), "--warehouse", str(warehouse),
         "--workers", "1"],
        env=server, cwd=ROOT, stdout=open(tmp_path / "serve.log", "w"), stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 120
        listing = ""
        while time.time() < deadline and "backfill" not in listing:
            time.sleep(2)
            listing = subprocess.run([str(BIN / "prefect"), "deployment", "ls"], env=dict(server, COLUMNS="300"),
                                     capture_output=True, text=True).stdout
        assert "nightly" in listing and "backfill" in listing, listing
        detail = _prefect(server, "deployment", "inspect", "peel-run/nightly")
        assert "0 2 * * *" in detail and "Europe/London" in detail
        _prefect(server, "deployment", "run", "peel-run/nightly", "--watch", timeout=600)
    finally:
        serving.terminate()
        serving.wait(timeout=60)

    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM raw.grades").fetchone()[0] == 5
    assert con.execute("SELECT file_name FROM raw.reports").fetchone()[0] == "met-2017.pdf"
    artifacts = _prefect(dict(server, COLUMNS="300"), "artifact", "ls")
    assert "peel-files" in artifacts and "peel-validation" in artifacts and "peel-table-counts" in artifacts
