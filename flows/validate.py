"""Run the declared checks over one extraction with Great Expectations.

GX is imported here, lazily, and nowhere on the import path of the CLI.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache

from schemas.expectations import (
    CONTEXT_COLUMNS,
    CROSS_REPORT_TABLES,
    checks,
    extraction_to_frames,
    skipped_tables,
)
from schemas.records import Extraction


@dataclass(frozen=True)
class CheckResult:
    """One row of validation_results: a report × check × failing value (or one passing row)."""

    check: str
    table_name: str
    severity: str
    success: bool | None  # None: skipped, and `note` says why
    description: str
    unexpected_value: str | None
    page: int | None
    bbox: str | None
    note: str | None = None

    @property
    def failed(self) -> bool:
        return self.success is False


def _quiet_gx() -> None:
    import logging

    # GX logs every temporary docs folder it makes at INFO; runs only need its warnings.
    # The module that does so sets its own logger to INFO, so it is quietened by name.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations.data_context.types.base  # noqa: F401 - so its logger exists before we set it

    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)


_context_lock = threading.Lock()


def _context():
    """The GX context and a validation definition per table, built once per process by
    whichever thread asks first (see `start_building_context`)."""
    with _context_lock:
        return _new_context()


def start_building_context() -> None:
    """Build the context (importing GX, about 4 s of CPU) in a thread, now.

    A run calls this before it waits for its first batch of reads: the wait is then
    spent importing GX, not added to it.  A failure here is left for the first check to
    meet and report (the cache keeps no exception), so the thread is quiet.
    """

    def build() -> None:
        try:
            _context()
        except BaseException:  # noqa: BLE001 - raised again, where it is reported, by the first check
            pass

    threading.Thread(target=build, name="peel-gx-context", daemon=True).start()


@lru_cache(maxsize=1)
def _new_context():
    ctx = _ephemeral_context()
    return ctx, _add_definitions(ctx)


def _ephemeral_context():
    """A GX context in memory, quiet: no analytics, no progress bars, warnings only."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    _quiet_gx()
    import great_expectations as gx

    ctx = gx.get_context(mode="ephemeral")
    try:
        ctx.variables.progress_bars = {"globally": False}
    except Exception:  # older or newer config shapes: bars are cosmetic
        pass
    return ctx


def _add_definitions(ctx) -> dict:
    """A suite of the declared checks per table, over a dataframe asset: its validation definition, by table."""
    import great_expectations as gx

    source = ctx.data_sources.add_pandas("peel")
    suites = {}
    for check in checks():
        if check.table not in suites:
            batch = source.add_dataframe_asset(check.table).add_batch_definition_whole_dataframe("whole")
            suites[check.table] = (batch, ctx.suites.add(gx.ExpectationSuite(name=check.table)))
        expectation = check.build()
        expectation.meta = {"check": check.name, "severity": check.severity}
        suites[check.table][1].add_expectation(expectation)
    return {table: ctx.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch, suite=suite))
            for table, (batch, suite) in suites.items()}


def extraction_to_check_results(
    extraction: Extraction, consensus: dict | None = None, only: set[str] | None = None, weighted_means: dict | None = None,
) -> list[CheckResult]:
    """Run the checks over one report.

    `consensus` holds the other reports' England and Wales figures;
    `weighted_means` the population-weighted means of every force's rates
    ((block, metric) -> (low, high, forces)), known only once all forces are loaded.
    """
    return extractions_to_check_results([extraction], [consensus], only, weighted_means)[0]


def extractions_to_check_results(
    extractions: list[Extraction], consensuses: list[dict | None] | None = None, only: set[str] | None = None,
    weighted_means: dict | list[dict | None] | None = None,
) -> list[list[CheckResult]]:
    """Run the checks over several reports, each table's checks in one GX run for all of them.

    GX's cost is per expectation and per run, hardly per row: stacking the reports'
    rows (tagged with their report) into one frame per table checks N reports for
    about the price of one.  Every check is row by row (a column's or a column pair's
    values), so a stacked row fails exactly when it fails alone; only frames of the
    same columns and dtypes are stacked, so no value changes type on the way.
    The results are the same, in the same order, as checking each report alone.
    """
    consensuses = consensuses or [None] * len(extractions)
    # One dict for every report, or one per report (reports of several years).
    means = weighted_means if isinstance(weighted_means, list) else [weighted_means] * len(extractions)
    frames = [extraction_to_frames(e, c, m, only) for e, c, m in zip(extractions, consensuses, means, strict=True)]
    skipped = [skipped_tables(e, m) for e, m in zip(extractions, means)]
    _, definitions = _context()
    out: list[list[CheckResult]] = [[] for _ in extractions]
    for table, definition in definitions.items():
        if only is not None and table not in only:
            continue
        table_checks = [c for c in checks() if c.table == table]
        per: dict[int, list[CheckResult]] = {}
        live: dict[tuple, list[int]] = {}
        for k, frame_set in enumerate(frames):
            if table in skipped[k]:
                per[k] = [CheckResult(c.name, table, c.severity, None, c.description, None, None, None, skipped[k][table])
                          for c in table_checks]
            elif frame_set[table].empty:
                # No rows: every check of the table holds (GX would say so too, at a cost per check).
                per[k] = [CheckResult(c.name, table, c.severity, True, c.description, None, None, None)
                          for c in table_checks]
            else:
                live.setdefault(tuple(frame_set[table].dtypes.astype(str).items()), []).append(k)
        for group in live.values():
            per.update(_group_results(definition, table, [(k, frames[k][table]) for k in group]))
        for k in range(len(extractions)):
            out[k] += per[k]
    return out


class _NotRowByRow(Exception):
    """A check failed without naming its rows: its result cannot be shared out between stacked reports."""


def _group_results(definition, table: str, parts: list[tuple[int, object]]) -> dict[int, list[CheckResult]]:
    """Each report's results for one table, from one GX run over their stacked rows (one run each if that fails)."""
    if len(parts) > 1:
        try:
            return _stacked_results(definition, table, parts)
        except _NotRowByRow:
            pass
    return {k: _single_results(definition, table, frame) for k, frame in parts}


def _run(definition, table: str, frame, extra_index: list[str]):
    return definition.run(
        batch_parameters={"dataframe": frame},
        result_format={"result_format": "COMPLETE",
                       "unexpected_index_column_names": [*extra_index, "page", "bbox", *CONTEXT_COLUMNS.get(table, [])]},
    )


def _single_results(definition, table: str, frame) -> list[CheckResult]:
    frame = frame.reset_index(drop=True)
    by_name = {c.name: c for c in checks()}
    results: list[CheckResult] = []
    for r in _run(definition, table, frame, []).results:
        unexpected = r.result.get("unexpected_index_list") or []
        if not r.success and not unexpected:
            check = by_name[r.expectation_config.meta["check"]]
            observed = r.result.get("observed_value")
            results.append(CheckResult(check.name, table, check.severity, False, check.description,
                                       None if observed is None else str(observed), None, None))
            continue
        results += _expectation_results(r, table, frame, unexpected, by_name)
    return results


def _stacked_results(definition, table: str, parts: list[tuple[int, object]]) -> dict[int, list[CheckResult]]:
    import pandas as pd

    own = {k: frame.reset_index(drop=True) for k, frame in parts}
    stacked = pd.concat([frame.assign(_report=k) for k, frame in own.items()], ignore_index=True)
    by_name = {c.name: c for c in checks()}
    per: dict[int, list[CheckResult]] = {k: [] for k in own}
    for r in _run(definition, table, stacked, ["_report"]).results:
        unexpected = r.result.get("unexpected_index_list") or []
        if not r.success and not unexpected:
            raise _NotRowByRow(r.expectation_config.meta["check"])
        rows: dict[int, list[dict]] = {k: [] for k in own}
        for row in unexpected:
            rows[int(row["_report"])].append({c: v for c, v in row.items() if c != "_report"})
        for k in own:
            per[k] += _expectation_results(r, table, own[k], rows[k], by_name)
    return per


def _expectation_results(r, table: str, frame, unexpected: list[dict], by_name: dict) -> list[CheckResult]:
    """One expectation's result for one report: a passing row, or a row per failing value."""
    name = r.expectation_config.meta["check"]
    check = by_name[name]
    if not unexpected:
        return [CheckResult(name, table, check.severity, True, check.description, None, None, None)]
    results = []
    for row in unexpected:
        value = {k: _typed(frame, k, v) for k, v in row.items() if k not in ("page", "bbox")}
        if table == "england_wales_consensus":
            # Name both values and the report that holds the other one.
            match = frame[frame["england_wales_value"] == row.get("england_wales_value")]
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


def _typed(frame, column: str, value):
    """A failing row's value as a plain JSON value: numpy scalars and numbers-as-text become numbers."""
    import pandas as pd

    if hasattr(value, "item") and not isinstance(value, (list, dict)):
        value = value.item()  # numpy scalar

    if isinstance(value, str) and column in frame and pd.api.types.is_numeric_dtype(frame[column]):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def within_report_results(extraction: Extraction) -> list[CheckResult]:
    """The checks that read this report (and the reference data) alone (computed already if it was primed)."""
    primed = _primed.pop(id(extraction), None)
    if primed is not None and primed[0] is extraction:
        return primed[1]
    return extraction_to_check_results(extraction, only=within_report_tables())


def within_report_tables() -> set[str]:
    return {c.table for c in checks()} - CROSS_REPORT_TABLES


# Results computed for a batch ahead of the per-report calls: id(extraction) -> (extraction, results).
_primed: dict[int, tuple[Extraction, list[CheckResult]]] = {}


def prime_within_report(extractions: list[Extraction]) -> None:
    """Check a batch of reports in one GX run per table, so that each report's own call
    to `within_report_results` just picks up its results.

    The per-report call stays the unit of failure: if the batch run fails, nothing is
    primed and each report is checked alone, so a fault is the fault of one report.
    """
    _primed.clear()
    if len(extractions) < 2:
        return
    try:
        batch = extractions_to_check_results(extractions, only=within_report_tables())
    except Exception:  # noqa: BLE001 - checked one by one instead, where a fault names its report
        return
    _primed.update({id(e): (e, results) for e, results in zip(extractions, batch)})


def cross_report_results(extraction: Extraction, consensus: dict, weighted_means: dict | None = None) -> list[CheckResult]:
    """The checks that compare a report with the others of its year and pillar."""
    return extraction_to_check_results(extraction, consensus, only=CROSS_REPORT_TABLES, weighted_means=weighted_means)


def cross_reports_results(extractions: list[Extraction], consensuses: list[dict],
                          weighted_means: list[dict | None]) -> list[list[CheckResult]]:
    """`cross_report_results` of several reports, each table's checks in one GX run for all of them;
    if that run fails, each report is checked alone, so a fault is the fault of one report."""
    if len(extractions) > 1:
        try:
            return extractions_to_check_results(extractions, consensuses, only=CROSS_REPORT_TABLES,
                                                weighted_means=weighted_means)
        except Exception:  # noqa: BLE001 - checked one by one instead, where a fault names its report
            pass
    return [cross_report_results(e, c, m) for e, c, m in zip(extractions, consensuses, weighted_means, strict=True)]


def build_data_docs(reports: list[tuple[str, Extraction, dict]], out_dir) -> str:
    """Render the checks of this run's reports as GX Data Docs in `out_dir`; returns index.html's path.

    `reports` are (file name, extraction, England and Wales consensus).  Each
    table is one validation run over the batch's rows, named after its files, and
    each row carries its file, so a failing value in the docs says whose it is.
    """
    from pathlib import Path

    import great_expectations as gx
    import pandas as pd
    from great_expectations.core.run_identifier import RunIdentifier

    out = Path(out_dir).resolve()
    ctx = _ephemeral_context()
    ctx.add_data_docs_site(site_name="peel", site_config={
        "class_name": "SiteBuilder",
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(out)},
    })
    runners = {table: ctx.checkpoints.add(gx.Checkpoint(name=table, validation_definitions=[definition], actions=[]))
               for table, definition in _add_definitions(ctx).items()}
    # One checkpoint run per table for the whole batch (its reports' rows stacked, each row
    # naming its file), not one per report and table: the docs cost seconds, not minutes.
    frames = [(name, extraction_to_frames(extraction, consensus)) for name, extraction, consensus in reports]
    for table, checkpoint in runners.items():
        groups: dict[tuple, list] = {}
        for name, frame_set in frames:
            frame = frame_set[table].reset_index(drop=True)
            groups.setdefault(tuple(frame.dtypes.astype(str).items()), []).append((name, frame))
        for group in groups.values():
            stacked = pd.concat([frame.assign(file=name) for name, frame in group], ignore_index=True)
            checkpoint.run(batch_parameters={"dataframe": stacked},
                           run_id=RunIdentifier(run_name=names_to_run_name([name for name, _ in group])))
    ctx.build_data_docs(site_names=["peel"])
    return str(out / "index.html")


def names_to_run_name(names: list[str]) -> str:
    """A docs run named after its files: the file itself, or the first and last of several."""
    if len(names) == 1:
        return names[0]
    return f"{names[0][:80]} … {names[-1][:80]} ({len(names)} reports)"
