"""Run the declared checks over one extraction with Great Expectations.

GX is imported here, lazily, and nowhere on the import path of the CLI.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache

from schemas.expectations import checks, extraction_to_frames
from schemas.records import Extraction


@dataclass(frozen=True)
class CheckResult:
    """One row of validation_results: a report × check × failing value (or one passing row)."""

    check: str
    table_name: str
    severity: str
    success: bool
    description: str
    unexpected_value: str | None
    page: int | None
    bbox: str | None


@lru_cache(maxsize=1)
def _context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx

    ctx = gx.get_context(mode="ephemeral")
    try:
        ctx.variables.progress_bars = {"globally": False}
    except Exception:  # older or newer config shapes: bars are cosmetic
        pass
    source = ctx.data_sources.add_pandas("peel")
    suites = {}
    for check in checks():
        if check.table not in suites:
            asset = source.add_dataframe_asset(check.table)
            batch = asset.add_batch_definition_whole_dataframe("whole")
            suite = ctx.suites.add(gx.ExpectationSuite(name=check.table))
            suites[check.table] = (batch, suite)
        expectation = check.build()
        expectation.meta = {"check": check.name, "severity": check.severity}
        suites[check.table][1].add_expectation(expectation)
    definitions = {
        table: ctx.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch, suite=suite))
        for table, (batch, suite) in suites.items()
    }
    return ctx, definitions


def extraction_to_check_results(extraction: Extraction, consensus: dict | None = None, only: set[str] | None = None) -> list[CheckResult]:
    """Run the checks over one report; `consensus` holds the other reports' England and Wales figures."""
    by_name = {c.name: c for c in checks()}
    frames = extraction_to_frames(extraction, consensus)
    _, definitions = _context()
    results: list[CheckResult] = []
    for table, definition in definitions.items():
        if only is not None and table not in only:
            continue
        frame = frames[table].reset_index(drop=True)
        run = definition.run(
            batch_parameters={"dataframe": frame},
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["page", "bbox"]},
        )
        for r in run.results:
            name = r.expectation_config.meta["check"]
            check = by_name[name]
            if r.success:
                results.append(CheckResult(name, table, check.severity, True, check.description, None, None, None))
                continue
            unexpected = r.result.get("unexpected_index_list") or []
            if not unexpected:
                observed = r.result.get("observed_value")
                results.append(CheckResult(name, table, check.severity, False, check.description,
                                           None if observed is None else str(observed), None, None))
            for row in unexpected:
                value = {k: v for k, v in row.items() if k not in ("page", "bbox")}
                if table == "england_wales_consensus":
                    # Name both values and the report that holds the other one.
                    match = frames[table][frames[table]["england_wales_value"] == row.get("england_wales_value")]
                    if len(match):
                        first = match.iloc[0]
                        value.update(metric=first["metric"], consensus_value=first["consensus_value"],
                                     reports_agreeing=int(first["reports_agreeing"]), example_report=first["example_report"])
                page = row.get("page")
                bbox = row.get("bbox")
                results.append(CheckResult(
                    name, table, check.severity, False, check.description,
                    json.dumps(value, default=str),
                    None if page is None or page != page else int(page),
                    None if bbox is None else json.dumps([float(x) for x in bbox]),
                ))
    return results


CROSS_REPORT_TABLES = {"england_wales_consensus"}


def cross_report_results(extraction: Extraction, peers: list[tuple[str, str, str, float]]) -> list[CheckResult]:
    """The checks that compare a report with the others of its year and pillar."""
    from schemas.expectations import england_wales_consensus

    return extraction_to_check_results(extraction, england_wales_consensus(peers), only=CROSS_REPORT_TABLES)
