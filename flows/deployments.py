"""Serve peel-etl's deployments to a Prefect server: `nightly` on a schedule and `backfill` on demand.

    PREFECT_API_URL=http://127.0.0.1:4200/api python -m flows.deployments [--cron "0 2 * * *"]

`make serve` starts the server and this together.  Settings come from the
command line or the environment: PEEL_SOURCE (default raw_reports),
PEEL_WAREHOUSE (default warehouse/peel.duckdb), PEEL_NIGHTLY_CRON (default
"0 2 * * *") and PEEL_TIMEZONE (default Europe/London).  Each file's read is
bounded by PEEL_MAX_SECONDS_PER_FILE and PEEL_MAX_MB_PER_FILE (or the runs'
`max_seconds_per_file` / `max_mb_per_file` parameters); a run that quarantined
files ends "Completed with quarantines", or Failed with `fail_on_quarantine`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def deployments(source: str, warehouse: str, cron: str, timezone: str, workers: int):
    from prefect.schedules import Cron
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    from flows.lifetime import pool_worker_initializer
    from flows.orchestration import peel_run
    from flows.pipeline import workers_to_batch_size

    runner = (ProcessPoolTaskRunner(max_workers=workers, initializer=pool_worker_initializer) if workers > 1
              else ThreadPoolTaskRunner(max_workers=1))
    flow = peel_run.with_options(task_runner=runner)
    nightly = flow.to_deployment(
        name="nightly",
        schedule=Cron(cron, timezone=timezone),
        parameters={"source": source, "warehouse": warehouse, "fail_on_quarantine": False},
        description="Load the reports newly published into the source folder.",
        tags=["peel", "nightly"],
    )
    backfill = flow.to_deployment(
        name="backfill",
        parameters={"source": source, "warehouse": warehouse, "years": None, "forces": None, "pillars": None,
                    "batch_size": workers_to_batch_size(workers)},
        description="Load a folder of past reports, a batch at a time (resumable); restrict with years, forces and pillars.",
        tags=["peel", "backfill"],
    )
    return [nightly, backfill]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=os.environ.get("PEEL_SOURCE", "raw_reports"))
    parser.add_argument("--warehouse", default=os.environ.get("PEEL_WAREHOUSE", "warehouse/peel.duckdb"))
    parser.add_argument("--cron", default=os.environ.get("PEEL_NIGHTLY_CRON", "0 2 * * *"))
    parser.add_argument("--timezone", default=os.environ.get("PEEL_TIMEZONE", "Europe/London"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("PEEL_WORKERS", "0")) or (os.cpu_count() or 1))
    args = parser.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    from prefect import serve

    source = str(Path(args.source).resolve())
    warehouse = str(Path(args.warehouse).resolve())
    serve(*deployments(source, warehouse, args.cron, args.timezone, args.workers), pause_on_shutdown=False)


if __name__ == "__main__":
    main()
