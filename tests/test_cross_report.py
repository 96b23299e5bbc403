"""Several forces' 2017 reports, one carrying a single inconsistent England and Wales figure."""

from __future__ import annotations

import pytest

from synthetic import force_text

FORCES = [("Kent Police", "Kent"), ("Essex Police", "Essex"), ("Surrey Police", "Surrey"), ("Sussex Police", "Sussex")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from renderers.themes import render

    folder = tmp_path_factory.mktemp("forces-2017")
    for k, (force, key) in enumerate(FORCES):
        # Sussex's report misprints one England and Wales figure: 77 crimes per 1,000 printed as 71.
        overrides = {"Crimes recorded per 1,000 population 12 months to 30 June 2017": "71"} if key == "Sussex" else None
        text = force_text(force, key, seed=k + 1, ew_overrides=overrides)
        render(text, folder / f"synthetic-{key.lower()}-2017.pdf", "published")
    return folder


def test_only_the_inconsistent_report_and_figure_are_flagged(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    from flows.pipeline import peel_run
    from warehouse.load import connect

    warehouse = tmp_path / "w.duckdb"
    with prefect_test_harness(server_startup_timeout=180):
        summary = peel_run(source=str(corpus), warehouse=str(warehouse))
    status = {o.file_name: (o.status, o.reason_code) for o in summary.outcomes}
    assert status == {
        "synthetic-kent-2017.pdf": ("loaded", None),
        "synthetic-essex-2017.pdf": ("loaded", None),
        "synthetic-surrey-2017.pdf": ("loaded", None),
        "synthetic-sussex-2017.pdf": ("quarantined", "validation_failed"),
    }
    con = connect(warehouse)
    failing = con.execute(
        "SELECT q.file_name, v.check_name, v.unexpected_value FROM validation_results v "
        "JOIN quarantine q ON q.sha256 = v.report_sha256 WHERE NOT v.success"
    ).fetchall()
    assert len(failing) == 1
    name, check, value = failing[0]
    assert (name, check) == ("synthetic-sussex-2017.pdf", "england_wales_figure_agrees_across_reports")
    assert '"england_wales_value": 71' in value and '"consensus_value": 77' in value
    assert "Crimes recorded per 1,000 population" in value
    # The three others load clean: no failing check at all.
    assert con.execute("SELECT count(*) FROM validation_results v JOIN reports r USING (report_sha256) "
                       "WHERE NOT v.success").fetchone()[0] == 0
    assert sorted(r[0] for r in con.execute("SELECT force_id FROM reports").fetchall()) == ["essex", "kent", "surrey"]
