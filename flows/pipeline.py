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
from schemas.records import Extraction


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    sha256: str | None
    status: str  # "loaded" | "skipped" | "quarantined"
    reason_code: str | None = None
    message: str | None = None
    warnings: int = 0


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
    from flows.validate import extraction_to_check_results

    return extraction_to_check_results(extraction)


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
        )
    finally:
        con.close()


def _already(warehouse: str, sha256: str) -> str | None:
    from warehouse.load import connect, loaded_state

    if not Path(warehouse).exists():
        return None
    con = connect(warehouse)
    try:
        state = loaded_state(con, sha256, EXTRACTOR_VERSION)
    finally:
        con.close()
    if state.loaded:
        return "already loaded"
    if state.quarantined:
        return "already quarantined"
    return None


def process_file(path: str, warehouse: str, seen: dict[str, str], source: str = ".") -> FileOutcome:
    from extractors.pages import file_sha256

    name = str(Path(path).relative_to(source)) if Path(path).is_relative_to(source) else Path(path).name
    try:
        sha = file_sha256(Path(path))
    except OSError as exc:
        quarantine_task(warehouse, name, None, "unreadable_file", f"{name}: cannot be read ({exc.strerror})", "extract")
        return FileOutcome(name, None, "quarantined", "unreadable_file", str(exc))
    if sha and sha in seen:
        return FileOutcome(name, sha, "skipped", "duplicate", f"{name}: same file as {seen[sha]}; loaded once")
    if sha:
        seen[sha] = name
        why = _already(warehouse, sha)
        if why:
            return FileOutcome(name, sha, "skipped", why.replace(" ", "_"), f"{name}: {why} by extractor {EXTRACTOR_VERSION}")
    extraction = extract_report(path)
    if isinstance(extraction, ExtractionError):
        exc = extraction
        quarantine_task(warehouse, name, sha, exc.code, exc.message, "extract")
        return FileOutcome(name, sha, "quarantined", exc.code, exc.message)
    results = validate_report(extraction)
    errors = [r for r in results if not r.success and r.severity == "error"]
    if errors:
        checks = sorted({r.check for r in errors})
        message = f"{name}: failed {len(checks)} error check(s): {', '.join(checks)}; see validation_results"
        quarantine_task(warehouse, name, sha, "validation_failed", message, "validate", results)
        return FileOutcome(name, sha, "quarantined", "validation_failed", message)
    load_report_task(warehouse, extraction, results)
    flagged = sum(1 for r in results if not r.success) + len(extraction.warnings)
    return FileOutcome(name, sha, "loaded", None, None, warnings=flagged)


@flow(name="peel-run", log_prints=True)
def peel_run(source: str = "raw_reports", warehouse: str = "warehouse/peel.duckdb") -> RunSummary:
    """Load every PEEL report PDF under `source` into the DuckDB warehouse at `warehouse`."""
    logger = get_run_logger()
    paths = discover_reports(source)
    logger.info("found %d PDF file(s) under %s", len(paths), source)
    summary = RunSummary()
    seen: dict[str, str] = {}
    for path in paths:
        outcome = process_file(path, warehouse, seen, source)
        record_file_task(warehouse, outcome, seen.get(outcome.sha256) if outcome.reason_code == "duplicate" else None)
        summary.outcomes.append(outcome)
        logger.info("%s: %s%s", outcome.file_name, outcome.status, f" ({outcome.reason_code})" if outcome.reason_code else "")
    return summary
