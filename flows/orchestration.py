"""The run as a Prefect flow, `peel-run`: for a Prefect server, a Dask cluster and the deployments.

Importing Prefect costs a process seconds of CPU, so only this module imports it:
`flows.pipeline.run_flow` loads it when a server answers or a Dask cluster is given,
and `flows.deployments` serves its flow.  A run without a server never does.

Every task wraps the plain function of `flows.pipeline` that a run without Prefect calls,
so the two runs share one implementation.  The flow calls the per-file tasks as plain
functions too (a task run per file and step cost the API server more than the write
itself); only reading is a task run, one per chunk of files, on the flow's task runner.
"""

from __future__ import annotations

import os

from prefect import flow, get_run_logger, task

from flows import pipeline
from flows.pipeline import (
    QUARANTINE_STATE,
    Candidate,
    RunFailed,
    RunSummary,
    Steps,
    candidates_to_chunks,
    candidates_to_items,
    futures_to_reads,
    run_batches,
    summary_to_message,
    validation_markdown,
    warehouse_to_counts,
)
from flows.reader import Bounds
from schemas.reasons import first_line

# Tasks a deployment may run alone: `.fn` of each is the function of `flows.pipeline` a run calls.
discover_reports = task(name="discover-reports")(pipeline.discover_reports)
extract_report = task(name="extract-report")(pipeline.extract_report)
validate_report = task(name="validate-report")(pipeline.validate_report)
load_report_task = task(name="load-report")(pipeline.write_report)
quarantine_task = task(name="quarantine-report")(pipeline.write_quarantine)
record_file_task = task(name="record-source-file")(pipeline.record_file)
compare_across_reports = task(name="compare-across-reports")(pipeline.compare_across_reports)


@task(name="read-reports")
def read_reports(items: list[tuple[str, str, str]], max_seconds: float | None = None, max_mb: int | None = None,
                 refresh: bool = False) -> list[tuple]:
    """Read and check a batch of files (path, sha256, name) in a worker: see `flows.reader.read_files`.

    One task run per batch, not per file: each file's fate is in the run's logs and the
    `peel-files` artifact.  Returns (extraction or the reason it cannot be read, check results) per file.
    """
    from flows.reader import env_to_bounds, read_files

    # The functions of `flows.pipeline`, looked up there when called: the ones the tasks wrap.
    return read_files(items, env_to_bounds(max_seconds, max_mb), refresh,
                      extract=pipeline.extract_report, validate=pipeline.validate_report)


@flow(name="peel-run", log_prints=True)
def peel_run(
    source: str = "raw_reports",
    warehouse: str = "warehouse/peel.duckdb",
    years: list[int] | None = None,
    forces: list[str] | None = None,
    pillars: list[str] | None = None,
    replay: bool = False,
    batch_size: int = 0,
    max_seconds_per_file: float | None = None,
    max_mb_per_file: int | None = None,
    fail_on_quarantine: bool = False,
) -> RunSummary:
    """Load every PEEL report PDF under `source` into the DuckDB warehouse at `warehouse`.

    `years`, `forces` and `pillars` restrict a backfill to the reports asked for
    (read from each report's cover); the others are skipped as `not_selected`.
    `replay` reads quarantined files again, recomputing rather than reusing cached results,
    and moves those that now pass out of quarantine.

    Reading runs on the flow's task runner (worker processes or a Dask cluster:
    see `run_with_prefect`), one task per chunk of files; writing stays in this process,
    one report per transaction.  `batch_size` files are read before they are
    written (0: all at once).  Each file's read is bounded by `max_seconds_per_file`
    and `max_mb_per_file` (default: PEEL_MAX_SECONDS_PER_FILE and PEEL_MAX_MB_PER_FILE,
    else 600 s and 2048 MB); a file over either is quarantined `too_large`.

    A run that quarantined files ends in a Completed state named "Completed with
    quarantines" (Failed with `fail_on_quarantine`), the counts in its message.
    """
    from flows.reader import env_to_bounds

    summary = run_batches(
        source, warehouse, Steps(get_run_logger(), read_with_tasks, publish_artifacts), years=years, forces=forces,
        pillars=pillars, replay=replay, batch_size=batch_size, bounds=env_to_bounds(max_seconds_per_file, max_mb_per_file),
    )
    return summary_to_state(summary, fail_on_quarantine)


def read_with_tasks(batch: list[Candidate], bounds: Bounds, refresh: bool):
    """Start reading a batch on the flow's task runner, one `read-reports` task run per chunk;
    what it returns waits for the reads."""
    from prefect.context import FlowRunContext

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    workers = getattr(runner, "_max_workers", None) or os.cpu_count() or 1
    chunks = candidates_to_chunks(batch, workers)
    futures = [read_reports.submit(candidates_to_items(chunk), bounds.seconds, bounds.mb, refresh) for chunk in chunks]
    return lambda: futures_to_reads(chunks, futures)


def publish_artifacts(summary: RunSummary, warehouse: str) -> None:
    """What the run did, for the Prefect UI: files and their fate, check results, rows per table."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    create_table_artifact(
        key="peel-files",
        table=[{"file": o.file_name, "status": o.status, "reason": o.reason_code or "", "message": o.message or ""}
               for o in summary.outcomes],
        description=summary_to_message(summary),
    )
    counts, failing = warehouse_to_counts(warehouse)
    create_table_artifact(key="peel-table-counts", table=[{"table": t, "rows": n} for t, n in counts.items()],
                          description="rows per warehouse table after the run")
    create_markdown_artifact(key="peel-validation", markdown=validation_markdown(summary, failing, warehouse),
                             description="validation summary")


class QuarantinedRun(Exception):
    """The Failed state's data when `fail_on_quarantine` is set: the message, and the run's summary."""

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message, summary)
        self.summary = summary

    def __str__(self) -> str:
        return self.args[0]


def summary_to_state(summary: RunSummary, fail_on_quarantine: bool):
    """The flow run's final state: plain Completed, or named "Completed with quarantines" (Failed on request)."""
    from prefect.states import Completed, Failed

    if not summary.quarantined:
        return summary
    message = summary_to_message(summary)
    if fail_on_quarantine:
        return Failed(message=message, data=QuarantinedRun(message, summary))
    return Completed(name=QUARANTINE_STATE, message=message, data=summary)


def run_with_prefect(source: str, warehouse: str, workers: int, bounds: Bounds, fail_on_quarantine: bool,
                     dask_address: str | None = None, **options) -> RunSummary:
    """`flows.pipeline.run_flow` as a `peel-run` flow run: reading over `workers` processes
    (a thread for one), or over the Dask cluster at `dask_address`."""
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    from flows.lifetime import pool_worker_initializer, start_temporary_server

    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(address=dask_address)
    elif workers > 1:
        # Workers end when this process ends, however it ends (see flows/lifetime.py).
        runner = ProcessPoolTaskRunner(max_workers=workers, initializer=pool_worker_initializer)
    else:
        runner = ThreadPoolTaskRunner(max_workers=1)
    start_temporary_server()
    state = peel_run.with_options(task_runner=runner)(
        source=source, warehouse=warehouse, max_seconds_per_file=bounds.seconds, max_mb_per_file=bounds.mb,
        fail_on_quarantine=fail_on_quarantine, return_state=True, **options,
    )
    return state_to_summary(state)


def state_to_summary(state) -> RunSummary:
    """The summary a finished flow run carries, with its state attached; a run that failed raises RunFailed."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, QuarantinedRun):
        result = result.summary
    if isinstance(result, RunSummary):
        result.state = (state.type.value, state.name, state.message)
        return result
    if isinstance(result, BaseException):
        raise RunFailed(f"{type(result).__name__}: {first_line(str(result))}") from result
    raise RunFailed(first_line(state.message or f"the flow run ended {state.name}"))
