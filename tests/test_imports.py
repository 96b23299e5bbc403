"""What a run without a Prefect server imports: never Prefect (seconds of CPU), never pdfplumber.

Prefect is imported only when a server answers or a Dask cluster is given (`flows.orchestration`);
pdfplumber only in the child that reads a file, when PDFium cannot read it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

# Run the `peel` command in this process and, at its exit, write which of these it had imported.
_RUN_AND_LIST_IMPORTS = """
import atexit, json, os, sys
main_pid, out = os.getpid(), sys.argv.pop(1)

@atexit.register
def _list_imports():
    if os.getpid() == main_pid:  # not in a child that reads a file
        with open(out, "w") as f:
            json.dump(sorted(m for m in sys.modules if m.split(".")[0] in ("prefect", "pdfplumber")), f)

from flows.cli import main
main()
"""


def _not_a_report(path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), invariant=1)
    c.drawString(72, 800, "Minutes of the parish council meeting held on 4 March.")
    c.save()


def _env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH")}
    home = tmp_path / "prefect-home"  # no profiles.toml: no server configured
    home.mkdir()
    env.update(PREFECT_HOME=str(home), PEEL_READ_CACHE=str(tmp_path / "cache"), GX_ANALYTICS_ENABLED="False")
    return env


def test_a_run_without_a_server_imports_neither_prefect_nor_pdfplumber(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    _not_a_report(source / "minutes.pdf")
    listed = tmp_path / "imported.json"
    done = subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST_IMPORTS, str(listed), "run", "--source", str(source),
         "--warehouse", str(tmp_path / "w.duckdb"), "--workers", "1"],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 3, done.stdout[-2000:] + done.stderr[-2000:]  # read, and quarantined
    assert "quarantined  minutes.pdf" in done.stdout
    assert json.loads(listed.read_text()) == []


PROFILES = """
active = "nightly"

[profiles.ephemeral]
PREFECT_SERVER_EPHEMERAL_ENABLED = "true"

[profiles.nightly]
PREFECT_API_URL = "http://prefect.example:4200/api"
PREFECT_LOGGING_LEVEL = "INFO"

[profiles.laptop]
PREFECT_API_URL = "http://127.0.0.1:4200/api"
"""


def test_the_server_is_read_from_the_active_profile_without_prefect(tmp_path):
    from flows.pipeline import profile_api_url

    home = tmp_path / "home"
    home.mkdir()
    (home / "profiles.toml").write_text(PROFILES)
    assert profile_api_url({"PREFECT_HOME": str(home)}) == "http://prefect.example:4200/api"
    assert profile_api_url({"PREFECT_HOME": str(home), "PREFECT_PROFILE": "laptop"}) == "http://127.0.0.1:4200/api"
    assert profile_api_url({"PREFECT_HOME": str(home), "PREFECT_PROFILE": "ephemeral"}) is None
    assert profile_api_url({"PREFECT_HOME": str(home), "PREFECT_PROFILE": "no-such-profile"}) is None
    moved = tmp_path / "elsewhere.toml"
    moved.write_text(PROFILES.replace('active = "nightly"', 'active = "laptop"'))
    assert profile_api_url({"PREFECT_HOME": str(home), "PREFECT_PROFILES_PATH": str(moved)}) == "http://127.0.0.1:4200/api"
    assert profile_api_url({"PREFECT_HOME": str(tmp_path / "no-such-home")}) is None
    (home / "profiles.toml").write_text("active = [not toml")
    assert profile_api_url({"PREFECT_HOME": str(home)}) is None


@pytest.mark.slow
def test_prefect_reads_the_same_server_from_the_profile(tmp_path):
    """The file as Prefect itself reads it: the same URL for each way of choosing the profile."""
    from flows.pipeline import profile_api_url

    home = tmp_path / "home"
    home.mkdir()
    (home / "profiles.toml").write_text(PROFILES)
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    for chosen in ({}, {"PREFECT_PROFILE": "laptop"}, {"PREFECT_PROFILE": "ephemeral"}):
        env = {**base, "PREFECT_HOME": str(home), **chosen}
        done = subprocess.run(
            [sys.executable, "-c", "from prefect.settings import PREFECT_API_URL; print(PREFECT_API_URL.value())"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip() == str(profile_api_url(env)), chosen
