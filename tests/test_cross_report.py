"""Several forces' 2017 reports, one carrying a single inconsistent England and Wales figure."""

from __future__ import annotations

import pytest

from synthetic import force_text

pytestmark = pytest.mark.slow

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

    from flows.orchestration import peel_run
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
        "SELECT q.file_name, v.check_name, v.unexpected_value FROM raw.validation_results v "
        "JOIN raw.quarantine q ON q.sha256 = v.report_sha256 WHERE NOT v.success"
    ).fetchall()
    assert len(failing) == 1
    name, check, value = failing[0]
    assert (name, check) == ("synthetic-sussex-2017.pdf", "england_wales_figure_agrees_across_reports")
    assert '"england_wales_value": 71' in value and '"consensus_value": 77' in value
    assert "Crimes recorded per 1,000 population" in value
    # The three others load clean: no failing check at all.
    assert con.execute("SELECT count(*) FROM raw.validation_results v JOIN raw.reports r USING (report_sha256) "
                       "WHERE NOT v.success").fetchone()[0] == 0
    assert sorted(r[0] for r in con.execute("SELECT force_id FROM raw.reports").fetchall()) == ["essex", "kent", "surrey"]


@pytest.fixture(scope="module")
def kent_with_misprinted_change(tmp_path_factory):
    """Kent's report with one figure of the prose's own arithmetic wrong: 21 percent printed as 12."""
    from renderers.themes import render

    folder = tmp_path_factory.mktemp("kent-2017")
    text = force_text("Kent Police", "Kent", seed=1, prose_overrides={
        "This has increased 21 percent": "This has increased 12 percent"})
    render(text, folder / "synthetic-kent-2017.pdf", "fpdf2-vera")
    return folder / "synthetic-kent-2017.pdf"


def test_a_misprinted_figure_in_the_prose_is_flagged_with_its_sentence(corpus, kent_with_misprinted_change):
    from conftest import extract
    from flows.validate import extraction_to_check_results

    consistent = extract(corpus / "synthetic-kent-2017.pdf")
    assert consistent.report.synthetic
    assert [r.check for r in extraction_to_check_results(consistent) if r.failed] == []
    # The prose restates two infographic figures, both re-written for Kent.
    restated = {n.infographic_metric for n in consistent.narrative_statistics if n.infographic_metric}
    assert restated == {"Evidential difficulties: suspect identified but victim does not support action",
                        "Organised crime groups per 1 million population"}

    failing = [r for r in extraction_to_check_results(extract(kent_with_misprinted_change)) if r.failed]
    assert [r.check for r in failing] == ["stated_change_matches_values"]
    assert '"stated": 12' in failing[0].unexpected_value
    assert "This has increased 12 percent from" in failing[0].unexpected_value
    assert failing[0].severity == "error" and failing[0].page is not None
