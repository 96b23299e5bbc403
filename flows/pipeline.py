"""The Prefect flow: discover PDFs, extract, validate, load, and say what happened to each file.

Every input ends as loaded, skipped (already loaded by this extractor
version) or quarantined with a reason; one bad file never stops the batch.
Only the load and quarantine tasks write to DuckDB, one report per
transaction, so re-running the flow changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task

from extractors import EXTRACTOR_VERSION
from extractors.errors import ExtractionError
from flows import progress
from schemas.records import Extraction


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    sha256: str | None
    status: str  # "loaded" | "skipped" | "quarantined"
    reason_code: str | None = None
    message: str | None = None
    warnings: int = 0
    generation: str | None = None  # from the cover, when it could be read
    year: int | None = None
    pillar: str | None = None


@dataclass
class RunSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def loaded(self) -> int:
        return self.count("loaded")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def quarantined(self) -> int:
        return self.count("quarantined")


def pdfs_in(source: Path) -> list[Path]:
    """PDF files under `source`, in a stable order."""
    return sorted(p for p in Path(source).rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


@task(name="discover-reports")
def discover_reports(source: str) -> list[str]:
    return [str(p) for p in pdfs_in(Path(source))]


@task(name="extract-report")
def extract_report(path: str) -> Extraction | ExtractionError:
    """The report's facts, or the reason it cannot be read (returned, not raised: bad input is data)."""
    # Parsing is deterministic: retrying a parse error would only hide it.
    from extractors.pages import pdf_to_document
    from extractors.report import document_to_extraction

    try:
        return document_to_extraction(pdf_to_document(Path(path)))
    except ExtractionError as exc:
        return exc


@task(name="validate-report")
def validate_report(extraction: Extraction):
    from flows.validate import within_report_results

    return within_report_results(extraction)


# A busy database file (another writer) is transient; anything else is not.
def _is_lock_error(task, task_run, state) -> bool:
    try:
        state.result()
    except Exception as exc:  # noqa: BLE001 - we inspect the message only
        return "lock" in str(exc).lower()
    return False


@task(name="load-report", retries=3, retry_delay_seconds=[1, 2, 4], retry_condition_fn=_is_lock_error)
def load_report_task(warehouse: str, extraction: Extraction, results) -> None:
    from warehouse.load import connect, load_report

    con = connect(warehouse)
    try:
        load_report(con, extraction, results)
    finally:
        con.close()


@task(name="quarantine-report", retries=3, retry_delay_seconds=[1, 2, 4], retry_condition_fn=_is_lock_error)
def quarantine_task(warehouse: str, file_name: str, sha256: str | None, reason_code: str, message: str, stage: str, results=()) -> None:
    from warehouse.load import connect, quarantine_report

    con = connect(warehouse)
    try:
        quarantine_report(
            con, file_name=file_name, sha256=sha256, reason_code=reason_code, message=message,
            stage=stage, extractor_version=EXTRACTOR_VERSION, results=results,
        )
    finally:
        con.close()


@task(name="record-source-file", retries=3, retry_delay_seconds=[1, 2, 4], retry_condition_fn=_is_lock_error)
def record_file_task(warehouse: str, outcome: "FileOutcome", duplicate_of: str | None = None) -> None:
    from warehouse.load import connect, record_source_file

    status = {"loaded": "loaded", "quarantined": "quarantined"}.get(outcome.status)
    if outcome.reason_code == "duplicate":
        status = "duplicate"
    if status is None or outcome.sha256 is None:
        return  # skipped: already recorded by the run that loaded or quarantined it
    con = connect(warehouse)
    try:
        record_source_file(
            con, file_name=outcome.file_name, sha256=outcome.sha256, status=status,
            reason_code=outcome.reason_code, duplicate_of=duplicate_of, extractor_version=EXTRACTOR_VERSION,
            generation=outcome.generation, year=outcome.year, pillar=outcome.pillar,
        )
    finally:
        con.close()


@dataclass(frozen=True)
class Candidate:
    """A file the run must read: not a duplicate, not already loaded or quarantined."""

    path: str
    name: str
    sha256: str


def _name(path: str, source: str) -> str:
    p = Path(path)
    return str(p.relative_to(source)) if p.is_relative_to(source) else p.name


def triage(
    paths: list[str], source: str, warehouse: str, replay: bool = False
) -> tuple[list[Candidate], list[FileOutcome], dict[str, str]]:
    """Split the files into those to read and those already accounted for (cheap: hashing only).

    With `replay`, quarantined files are read again (after a fix to the code or the reference data).
    """
    from extractors.pages import file_sha256
    from warehouse.load import connect, loaded_state

    todo: list[Candidate] = []
    done: list[FileOutcome] = []
    first_name: dict[str, str] = {}  # sha256 -> the first file name with those bytes
    con = connect(warehouse, read_only=True) if Path(warehouse).exists() else None
    try:
        for path in paths:
            name = _name(path, source)
            try:
                sha = file_sha256(Path(path))
            except OSError as exc:
                done.append(FileOutcome(name, None, "quarantined", "unreadable_file", f"{name}: cannot be read ({exc.strerror})"))
                continue
            if sha in first_name:
                done.append(FileOutcome(name, sha, "skipped", "duplicate", f"{name}: same file as {first_name[sha]}; loaded once"))
                continue
            first_name[sha] = name
            state = loaded_state(con, sha, EXTRACTOR_VERSION) if con is not None else None
            if state and (state.loaded or (state.quarantined and not replay)):
                why = "already loaded" if state.loaded else "already quarantined"
                done.append(FileOutcome(name, sha, "skipped", why.replace(" ", "_"), f"{name}: {why} by extractor {EXTRACTOR_VERSION}"))
                continue
            todo.append(Candidate(path, name, sha))
    finally:
        if con is not None:
            con.close()
    return todo, done, first_name


def _read_cache_key(context, parameters) -> str:
    # The same bytes read by the same extractor and checked by the same checks give the
    # same result: a retried or repeated run reuses it instead of parsing the PDF again.
    from schemas.expectations import checks_fingerprint

    return f"read-report-{parameters['sha256']}-{EXTRACTOR_VERSION}-{checks_fingerprint()}"


@task(name="read-report", cache_key_fn=_read_cache_key, persist_result=True)
def read_report(path: str, sha256: str = ""):
    """Extract and validate one report (the CPU-bound part, run in a worker process).

    Returns (extraction or the reason it cannot be read, check results).
    """
    extraction = extract_report.fn(path)
    if isinstance(extraction, ExtractionError):
        return extraction, []
    return extraction, validate_report.fn(extraction)


def settle(candidate: Candidate, extraction, results, warehouse: str) -> FileOutcome:
    """Write one report's outcome: its facts, or its quarantine record (in the flow's process: one writer)."""
    name, sha = candidate.name, candidate.sha256
    if isinstance(extraction, ExtractionError):
        quarantine_task(warehouse, name, sha, extraction.code, extraction.message, "extract")
        return FileOutcome(name, sha, "quarantined", extraction.code, extraction.message)
    r = extraction.report
    where = {"generation": r.generation, "year": r.year, "pillar": r.pillar}
    from schemas.outcomes import results_to_quarantine

    verdict = results_to_quarantine(name, results)
    if verdict is not None:
        code, message = verdict
        quarantine_task(warehouse, name, sha, code, message, "validate", results)
        return FileOutcome(name, sha, "quarantined", code, message, **where)
    load_report_task(warehouse, extraction, results)
    flagged = sum(1 for r in results if r.failed) + len(extraction.warnings)
    return FileOutcome(name, sha, "loaded", None, None, warnings=flagged, **where)


@task(name="compare-across-reports")
def compare_across_reports(read: list, warehouse: str) -> list:
    """Check each report's England and Wales figures against the other reports of its year and pillar.

    The others are this run's reports and those already in the warehouse; a figure
    that disagrees with the majority is an error naming both values and a report
    that holds the other one.
    """
    from flows.validate import cross_report_results
    from warehouse.load import connect

    loaded: list[tuple] = []
    if Path(warehouse).exists():
        con = connect(warehouse, read_only=True)
        try:
            loaded = con.execute(
                """SELECT r.report_sha256, r.year, r.pillar, r.file_name, r.force_id, m.block, m.metric, m.unit,
                          m.force_value, m.england_wales_value
                   FROM headline_metrics m JOIN reports r USING (report_sha256)
                   ORDER BY r.published NULLS FIRST, r.loaded_at"""
            ).fetchall()
        finally:
            con.close()
    figures = list(loaded)
    for candidate, extraction, _ in read:
        if isinstance(extraction, ExtractionError):
            continue
        r = extraction.report
        figures += [(r.sha256, r.year, r.pillar, candidate.name, r.force_id, m.block, m.metric, m.unit,
                     m.force_value, m.england_wales_value) for m in extraction.headline_metrics]
    from flows.validate import build_data_docs
    from schemas.expectations import england_wales_consensus, weighted_means_of

    out = []
    documented = []
    for candidate, extraction, results in read:
        if not isinstance(extraction, ExtractionError):
            r = extraction.report
            same = [f for f in figures if f[1] == r.year and f[2] == r.pillar]
            peers = [(name, block, metric, ew) for sha, _, _, name, _, block, metric, _, _, ew in same if sha != r.sha256]
            consensus = england_wales_consensus(peers)
            means = weighted_means_of(
                [(force_id, block, metric, unit, value) for _, _, _, _, force_id, block, metric, unit, value, _ in same],
                r.year,
            )
            results = list(results) + cross_report_results(extraction, consensus, means)
            documented.append((candidate.name, extraction, consensus))
        out.append((candidate, extraction, results))
    if documented:
        build_data_docs(documented, data_docs_dir(warehouse))
    return out


def data_docs_dir(warehouse: str) -> Path:
    """GX Data Docs live beside the warehouse: warehouse/data_docs/index.html by default."""
    return Path(warehouse).resolve().parent / "data_docs"


def _wanted(extraction: Extraction, years: list[int] | None, forces: list[str] | None, pillars: list[str] | None) -> bool:
    r = extraction.report
    if years and r.year not in years:
        return False
    if forces and (r.force or "").lower() not in {f.lower() for f in forces}:
        return False
    if pillars and (r.pillar or "").lower() not in {p.lower() for p in pillars}:
        return False
    return True


@flow(name="peel-run", log_prints=True)
def peel_run(
    source: str = "raw_reports",
    warehouse: str = "warehouse/peel.duckdb",
    years: list[int] | None = None,
    forces: list[str] | None = None,
    pillars: list[str] | None = None,
    replay: bool = False,
    batch_size: int = 0,
) -> RunSummary:
    """Load every PEEL report PDF under `source` into the DuckDB warehouse at `warehouse`.

    `years`, `forces` and `pillars` restrict a backfill to the reports asked for
    (read from each report's cover); the others are skipped as `not_selected`.
    `replay` reads quarantined files again, recomputing rather than reusing cached results,
    and moves those that now pass out of quarantine.

    Reading runs on the flow's task runner (worker processes or a Dask cluster:
    see `run_flow`); writing stays in this process, one report per transaction.
    `batch_size` files are read before they are written (0: all at once).
    """
    logger = get_run_logger()
    paths = discover_reports(source)
    logger.info("found %d PDF file(s) under %s", len(paths), source)
    todo, done, first_name = triage(paths, source, warehouse, replay)
    for outcome in done:
        if outcome.status == "quarantined":
            quarantine_task(warehouse, outcome.file_name, None, outcome.reason_code, outcome.message, "extract")
    reader = read_report.with_options(refresh_cache=True) if replay else read_report
    summary = RunSummary()
    progress.total_known(len(paths))

    def record(outcome: FileOutcome) -> None:
        if outcome.status != "skipped" or outcome.reason_code == "duplicate":
            record_file_task(warehouse, outcome, first_name.get(outcome.sha256) if outcome.reason_code == "duplicate" else None)
        summary.outcomes.append(outcome)
        progress.file_settled(outcome)
        logger.info("%s: %s%s", outcome.file_name, outcome.status, f" ({outcome.reason_code})" if outcome.reason_code else "")

    for outcome in sorted(done, key=lambda o: o.file_name):
        record(outcome)
    # Batches: every report of a batch is written (one transaction each) before the next
    # batch is read, so a killed run loses at most one batch and a re-run skips the rest.
    size = batch_size or max(len(todo), 1)
    for at in range(0, len(todo), size):
        batch = todo[at : at + size]
        futures = [(c, reader.submit(c.path, c.sha256)) for c in batch]
        read = [(candidate, *future.result()) for candidate, future in futures]
        read = compare_across_reports(read, warehouse)
        for candidate, extraction, results in read:
            if not isinstance(extraction, ExtractionError) and not _wanted(extraction, years, forces, pillars):
                record(FileOutcome(candidate.name, candidate.sha256, "skipped", "not_selected",
                                   f"{candidate.name}: outside the years, forces or pillars asked for"))
                continue
            record(settle(candidate, extraction, results, warehouse))
    summary.outcomes.sort(key=lambda o: o.file_name)
    publish_artifacts(summary, warehouse)
    return summary


def publish_artifacts(summary: RunSummary, warehouse: str) -> None:
    """What the run did, for the Prefect UI: files and their fate, check results, rows per table."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    from warehouse.load import connect

    create_table_artifact(
        key="peel-files",
        table=[{"file": o.file_name, "status": o.status, "reason": o.reason_code or "", "message": o.message or ""}
               for o in summary.outcomes],
        description=f"loaded {summary.loaded}, skipped {summary.skipped}, quarantined {summary.quarantined}",
    )
    con = connect(warehouse)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("reports", "grades", "areas_for_improvement", "footnotes", "headline_metrics",
                            "validation_results", "quarantine", "source_files")}
        failing = con.execute(
            "SELECT check_name, severity, count(*) FROM validation_results WHERE NOT success GROUP BY ALL ORDER BY 2, 1"
        ).fetchall()
    finally:
        con.close()
    create_table_artifact(key="peel-table-counts", table=[{"table": t, "rows": n} for t, n in counts.items()],
                          description="rows per warehouse table after the run")
    docs = data_docs_dir(warehouse) / "index.html"
    lines = ["# Validation after this run\n", f"Warehouse: `{Path(warehouse).resolve()}`\n",
             f"Data Docs: `{docs}`" + ("" if docs.exists() else " (not built: nothing was read this run)") + "\n"]
    if failing:
        lines += ["| check | severity | failing values |", "|---|---|---|"]
        lines += [f"| {c} | {sev} | {n} |" for c, sev, n in failing]
    else:
        lines.append("Every check passed for every loaded report.")
    lines.append("\nDetails: `SELECT * FROM validation_results WHERE NOT success` (page and box of each value).")
    create_markdown_artifact(key="peel-validation", markdown="\n".join(lines), description="validation summary")


def run_flow(
    source: str, warehouse: str, workers: int | None = None, replay: bool = False, *,
    years: list[int] | None = None, forces: list[str] | None = None, pillars: list[str] | None = None,
    batch_size: int = 0, dask_address: str | None = None,
) -> RunSummary:
    """Run `peel_run` with reading spread over `workers` processes (default: every core),
    or over the workers of the Dask cluster at `dask_address`."""
    import os

    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    workers = workers or os.cpu_count() or 1
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(address=dask_address)
    elif workers > 1:
        runner = ProcessPoolTaskRunner(max_workers=workers)
    else:
        runner = ThreadPoolTaskRunner(max_workers=1)
    return peel_run.with_options(task_runner=runner)(
        source=source, warehouse=warehouse, replay=replay, years=years, forces=forces, pillars=pillars,
        batch_size=batch_size,
    )
