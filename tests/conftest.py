"""Shared fixtures: the sample report printed by each PDF producer, and its extraction."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TEXT = ROOT / "samples" / "peel-effectiveness-2017-metropolitan.txt"
SAMPLE_PDF = ROOT / "raw_reports" / "peel-effectiveness-2017-metropolitan.pdf"
GOLDEN = ROOT / "tests" / "golden" / "peel-effectiveness-2017-metropolitan.json"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@pytest.fixture(scope="session")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """The real report's text printed by every renderer theme (different producers, fonts, layouts)."""
    from renderers.themes import available_themes, render

    out = tmp_path_factory.mktemp("rendered")
    paths = {}
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    for name in available_themes():
        path = out / f"{name}.pdf"
        render(text, path, name)
        paths[name] = path
    return paths


_extractions: dict[Path, object] = {}


def extract(path: Path):
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction

    if path not in _extractions:
        _extractions[path] = document_to_extraction(pdf_to_document(path))
    return _extractions[path]


# The `peel` command as a whole process, with Prefect state kept apart from the user's.
PEEL = [sys.executable, "-m", "flows.cli"]


def peel_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING")
    return env


@pytest.fixture(scope="module")
def prefect_harness(tmp_path_factory):
    """A throwaway Prefect API for the tests that run the flow under Prefect."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """A warehouse holding the sample report, loaded once per test module."""
    from warehouse.load import connect, load_report

    path = tmp_path_factory.mktemp("wh") / "w.duckdb"
    con = connect(path)
    load_report(con, extract(SAMPLE_PDF), [])
    con.close()
    return path
