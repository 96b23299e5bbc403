"""Fuzz: 60 damaged copies of the sample report in one `peel run` never stop it, and each gets a registered reason."""

from __future__ import annotations

import pytest

from pdf_mutants import GOOD_NAME, MUTATIONS, SAMPLE_PDF, mutants, run_to_problems, write_corpus

pytestmark = pytest.mark.slow


def test_mutants_are_deterministic_and_of_every_kind():
    data = SAMPLE_PDF.read_bytes()
    first, again = mutants(data, 12, seed=3), mutants(data, 12, seed=3)
    assert first == again
    assert mutants(data, 12, seed=4) != first
    assert {name.split("-", 2)[2].removesuffix(".pdf") for name, _ in first} == {
        m.__name__.replace("_", "-") for m in MUTATIONS}
    assert len({body for _, body in first}) == 12 and data not in {body for _, body in first}


def test_one_run_over_sixty_mutants_accounts_for_every_file(prefect_harness, tmp_path, monkeypatch):
    # A mutant that parses forever or balloons must cost its bound, not the CI job.
    monkeypatch.setenv("PEEL_MAX_SECONDS_PER_FILE", "120")
    monkeypatch.setenv("PEEL_MAX_MB_PER_FILE", "1024")
    folder = tmp_path / "mutants"
    folder.mkdir()
    names = write_corpus(folder, 60, seed=2024)
    problems, summary = run_to_problems(folder, tmp_path / "fuzz.duckdb", names, workers=2)
    assert problems == []
    assert len(summary.outcomes) == 61
    assert {o.file_name: o.status for o in summary.outcomes}[GOOD_NAME] == "loaded"
    assert summary.quarantined > 0  # the mutants are damaged enough to be refused
