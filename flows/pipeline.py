"""The Prefect flow: discover PDFs, extract, validate, load, and say what happened to each file.

Every input ends as loaded, skipped (already loaded by this extractor
version, a duplicate, a link out of the source folder) or quarantined with a
reason code from `schemas/reasons.py`; one bad file never stops the batch.
Whatever goes wrong inside one file's read, check, load or record is that file's
quarantine; only a fault of the run itself (the warehouse cannot be written)
ends the run.  Writes to DuckDB are one report per transaction, so re-running
the flow changes nothing.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task

from extractors import EXTRACTOR_VERSION
from extractors.errors import ExtractionError
from flows import progress
from schemas.reasons import exception_to_reason, first_line, has_unreadable_name, printable
from schemas.records import Extraction

# The name of a finished run's state when files were quarantined (a Completed state, or Failed on request).
QUARANTINE_STATE = "Completed with quarantines"


class RunFailed(Exception):
    """A fault of the run itself, not of one file: one line for a person."""


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
    duplicate_of: str | None = None  # for a duplicate: the name its bytes were loaded under
    recorded: bool = False  # its source_files row is already written (at triage)


@dataclass
class RunSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    # The flow run's final state (type name, state name, message), set by `run_flow`.
    state: tuple[str, str, str | None] | None = None

    def reasons(self) -> Counter:
        return Counter(o.reason_code for o in self.outcomes if o.status == "quarantined")

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
    """Paths under `source` a run accounts for, in a stable order: files named *.pdf (links to
    them too, dangling or not) and links to folders, which are recorded but never followed."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(source, followlinks=False):
        found += [Path(folder, d) for d in dirs if os.path.islink(os.path.join(folder, d))]
        found += [Path(folder, f) for f in files if f.lower().endswith(".pdf")]
    return sorted(found)


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
def record_file_task(warehouse: str, outcome: "FileOutcome") -> None:
    record_outcomes(warehouse, [outcome])


@dataclass(frozen=True)
class Candidate:
    """A file the run must read: not a duplicate, not already loaded or quarantined."""

    path: str
    name: str
    sha256: str


def _name(path: str, source: str) -> str:
    """The file's path relative to `source`, escaped: the one name it has in the warehouse, logs and summaries."""
    p = Path(path)
    return printable(str(p.relative_to(source)) if p.is_relative_to(source) else p.name)


def link_to_outcome(path: str, name: str, source: str) -> FileOutcome | None:
    """What a symbolic link under `source` comes to; None when it is not a link, or links to a file inside `source`
    (read like any file: its bytes are usually a duplicate of its target)."""
    if not os.path.islink(path):
        return None
    try:
        target = Path(path).resolve(strict=True)
    except FileNotFoundError:
        return FileOutcome(name, None, "quarantined", "vanished",
                           f"{name}: a link to {printable(os.readlink(path))}, which does not exist")
    except RuntimeError:  # pathlib's "Symlink loop"
        return FileOutcome(name, None, "quarantined", "symlink_loop", f"{name}: a symbolic link that leads back to itself")
    except OSError as exc:
        return FileOutcome(name, None, "quarantined", "unreadable_file", f"{name}: cannot follow the link ({exc.strerror})")
    root = Path(source).resolve()
    if not target.is_relative_to(root):
        return FileOutcome(name, None, "skipped", "outside_source",
                           f"{name}: a link to {printable(str(target))}, outside the source folder; not followed")
    if target.is_dir():
        return FileOutcome(name, None, "skipped", "linked_folder",
                           f"{name}: a link to the folder {printable(str(target.relative_to(root)))}; read where it is")
    return None


def triage(
    paths: list[str], source: str, warehouse: str, replay: bool = False
) -> tuple[list[Candidate], list[FileOutcome], dict[str, str]]:
    """Split the files into those to read and those already accounted for (cheap: hashing only).

    With `replay`, quarantined files are read again (after a fix to the code or the reference data).
    A file skipped here gets its `source_files` row here too (when it lacks one), so even a run
    that reads nothing leaves a record of every path.
    """
    from extractors.pages import file_sha256
    from warehouse.load import connect, loaded_name, loaded_state, quarantined_as, source_file_row

    todo: list[Candidate] = []
    done: list[FileOutcome] = []
    first_name: dict[str, str] = {}  # sha256 -> the name its bytes are loaded (or first read) under
    unrecorded: list[FileOutcome] = []
    con = connect(warehouse, read_only=True) if Path(warehouse).exists() else None

    def settled(outcome: FileOutcome) -> None:
        if outcome.status == "quarantined" and not replay and con is not None and quarantined_as(
                con, outcome.file_name, outcome.sha256, outcome.reason_code, EXTRACTOR_VERSION):
            outcome = FileOutcome(outcome.file_name, outcome.sha256, "skipped", "already_quarantined",
                                  f"{outcome.file_name}: already quarantined ({outcome.reason_code})")
        elif outcome.status == "skipped" and outcome.reason_code not in ("already_loaded", "already_quarantined"):
            row = (_row_status(outcome), outcome.reason_code, outcome.duplicate_of)
            if con is None or source_file_row(con, outcome.file_name, outcome.sha256 or "") != row:
                unrecorded.append(outcome)
        done.append(outcome)

    try:
        # Real files before links, so a link is the duplicate of the file it names, not the other way round.
        for path in sorted(paths, key=os.path.islink):
            name = _name(path, source)
            linked = link_to_outcome(path, name, source)
            if linked is not None:
                settled(linked)
                continue
            try:
                sha = file_sha256(Path(path))
            except FileNotFoundError:
                settled(FileOutcome(name, None, "quarantined", "vanished", f"{name}: the file disappeared before it was read"))
                continue
            except OSError as exc:
                settled(FileOutcome(name, None, "quarantined", "unreadable_file", f"{name}: cannot be read ({exc.strerror})"))
                continue
            owner = first_name.get(sha) or (loaded_name(con, sha) if con is not None else None)
            if owner is not None and owner != name:
                settled(FileOutcome(name, sha, "skipped", "duplicate", f"{name}: same file as {owner}; loaded once",
                                    duplicate_of=owner))
                continue
            first_name[sha] = name
            if has_unreadable_name(path):
                settled(FileOutcome(name, sha, "quarantined", "unreadable_name",
                                    f"{name}: the file name is not valid UTF-8; rename it (shown escaped)"))
                continue
            state = loaded_state(con, sha, EXTRACTOR_VERSION) if con is not None else None
            if state and (state.loaded or (state.quarantined and not replay)):
                why = "already loaded" if state.loaded else "already quarantined"
                done.append(FileOutcome(name, sha, "skipped", why.replace(" ", "_"), f"{name}: {why} by extractor {EXTRACTOR_VERSION}"))
                continue
            todo.append(Candidate(path, name, sha))
    finally:
        if con is not None:
            con.close()
    if unrecorded:
        record_outcomes(warehouse, unrecorded)
    return todo, done, first_name


def _row_status(outcome: FileOutcome) -> str:
    """The `source_files.status` of an outcome: loaded, quarantined, duplicate or skipped."""
    return "duplicate" if outcome.reason_code == "duplicate" else outcome.status


def record_outcomes(warehouse: str, outcomes: list[FileOutcome]) -> None:
    from warehouse.load import connect, record_source_file

    con = connect(warehouse)
    try:
        for o in outcomes:
            record_source_file(
                con, file_name=o.file_name, sha256=o.sha256 or "", status=_row_status(o), reason_code=o.reason_code,
                duplicate_of=o.duplicate_of, extractor_version=EXTRACTOR_VERSION,
                generation=o.generation, year=o.year, pillar=o.pillar,
            )
    finally:
        con.close()


def _read_cache_key(context, parameters) -> str:
    # The same bytes read by the same extractor and checked by the same checks, within the
    # same bounds, give the same result: a retried or repeated run reuses it instead of
    # parsing the PDF again.
    from schemas.expectations import checks_fingerprint

    bounds = f"{parameters.get('max_seconds')}s-{parameters.get('max_mb')}mb"
    return f"read-report-{parameters['sha256']}-{EXTRACTOR_VERSION}-{checks_fingerprint()}-{bounds}"


def read_and_validate(path: str):
    """(extraction or the reason it cannot be read, check results): what one file's read produces."""
    extraction = extract_report.fn(path)
    if isinstance(extraction, ExtractionError):
        return extraction, []
    return extraction, validate_report.fn(extraction)


@task(name="read-report", cache_key_fn=_read_cache_key, persist_result=True)
def read_report(path: str, sha256: str = "", name: str = "", max_seconds: float | None = None, max_mb: int | None = None):
    """Extract and validate one report (the CPU-bound part, run in a worker process), in a child
    process bounded to `max_seconds` and `max_mb`: whatever that child raises or dies of is
    this file's reason, never the worker's.

    Returns (extraction or the reason it cannot be read, check results).
    """
    from flows.reader import env_to_bounds, read_within_bounds, warm_up

    warm_up()
    name = name or printable(Path(path).name)
    outcome = read_within_bounds(read_and_validate, path, name, env_to_bounds(max_seconds, max_mb))
    return outcome if isinstance(outcome, tuple) else (outcome, [])


def settle(candidate: Candidate, extraction, results, warehouse: str) -> FileOutcome:
    """Write one report's outcome: its facts, or its quarantine record (in the flow's process: one writer)."""
    name, sha = candidate.name, candidate.sha256
    if isinstance(extraction, ExtractionError):
        message = printable(extraction.message)
        quarantine_task(warehouse, name, sha, extraction.code, message, "extract")
        return FileOutcome(name, sha, "quarantined", extraction.code, message)
    from dataclasses import replace

    extraction.report = replace(extraction.report, file_name=printable(extraction.report.file_name))
    r = extraction.report
    where = {"generation": r.generation, "year": r.year, "pillar": r.pillar}
    from schemas.outcomes import results_to_quarantine

    verdict = results_to_quarantine(name, results)
    if verdict is not None:
        code, message = verdict
        quarantine_task(warehouse, name, sha, code, message, "validate", results)
        return FileOutcome(name, sha, "quarantined", code, message, **where)
    worse = inferior_to_loaded(warehouse, name, extraction)
    if worse is not None:
        quarantine_task(warehouse, name, sha, "inferior_copy", worse, "load", results)
        return FileOutcome(name, sha, "quarantined", "inferior_copy", worse, **where)
    load_report_task(warehouse, extraction, results)
    flagged = sum(1 for r in results if r.failed) + len(extraction.warnings)
    return FileOutcome(name, sha, "loaded", None, None, warnings=flagged, **where)


def fewer_facts(new: dict[str, int], loaded: dict[str, int]) -> list[str]:
    """Each kind of fact the new copy has fewer of, as "footnotes 25 < 27"."""
    from warehouse.load import FACT_KINDS

    return [f"{label} {new[kind]} < {loaded[kind]}" for kind, label in FACT_KINDS.items() if new[kind] < loaded[kind]]


def inferior_to_loaded(warehouse: str, name: str, extraction: Extraction) -> str | None:
    """Why this copy must not replace the loaded version of the same report, or None.

    A new version (same force, pillar, year and month published, other bytes) takes the
    old one's place only with no fewer facts of any kind: a damaged or partly read copy
    must never push a good report out of the marts.
    """
    from warehouse.load import connect, extraction_to_fact_counts, other_versions

    if not Path(warehouse).exists():
        return None
    con = connect(warehouse, read_only=True)
    try:
        versions = other_versions(con, extraction)
    finally:
        con.close()
    counts = extraction_to_fact_counts(extraction)
    for loaded_name, loaded_counts in versions:
        fewer = fewer_facts(counts, loaded_counts)
        if fewer:
            return f"{name}: {', '.join(fewer)} in {loaded_name}; the loaded version is kept"
    return None


def settle_or_quarantine(candidate: Candidate, extraction, results, warehouse: str) -> FileOutcome:
    """`settle`, with any failure in checking or writing this one report made its quarantine.

    If even the quarantine record cannot be written, the warehouse itself is at fault and
    that failure ends the run.
    """
    try:
        return settle(candidate, extraction, results, warehouse)
    except Exception as exc:  # noqa: BLE001 - one file's fault is that file's reason
        return fault_to_quarantine(candidate.name, candidate.sha256, candidate.path, exc, "load", warehouse)


def fault_to_quarantine(name: str, sha: str | None, path: str | None, exc: BaseException, stage: str, warehouse: str) -> FileOutcome:
    code, detail = exception_to_reason(exc, path)
    message = f"{name}: {detail}"
    quarantine_task(warehouse, name, sha, code, message, stage)
    return FileOutcome(name, sha, "quarantined", code, message)


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
    from schemas.expectations import england_wales_consensus, weighted_means_of

    out = []
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
            out.append((candidate, extraction, results, consensus))
        else:
            out.append((candidate, extraction, results, None))
    return out


def write_data_docs(documented: list, warehouse: str) -> None:
    """GX Data Docs of this batch's reports, written after they are loaded.

    They are a view for people: failing to write them (disk full, no permission) is a
    warning, never a reason to hold back a load.
    """
    from flows.validate import build_data_docs

    if not documented:
        return
    # GX store keys may hold neither '/' nor '\\': a report in a subfolder keeps its path, drawn with look-alikes.
    named = [(name.replace("/", "\u2215").replace("\\", "\u29f5"), extraction, consensus)
             for name, extraction, consensus in documented]
    try:
        build_data_docs(named, data_docs_dir(warehouse))
    except Exception as exc:  # noqa: BLE001 - the load is done; the docs are not worth failing it
        get_run_logger().warning("validation report (GX Data Docs) not written: %s: %s", type(exc).__name__,
                                 first_line(str(exc)))


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


class QuarantinedRun(Exception):
    """The Failed state's data when `fail_on_quarantine` is set: the message, and the run's summary."""

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message, summary)
        self.summary = summary

    def __str__(self) -> str:
        return self.args[0]


def summary_to_message(summary: RunSummary) -> str:
    """'loaded 2, skipped 1, quarantined 3 (corrupt_pdf 2, too_large 1)': the final state's message."""
    reasons = ", ".join(f"{code} {n}" for code, n in sorted(summary.reasons().items()))
    return (f"loaded {summary.loaded}, skipped {summary.skipped}, quarantined {summary.quarantined}"
            + (f" ({reasons})" if reasons else ""))


def summary_to_state(summary: RunSummary, fail_on_quarantine: bool):
    """The flow run's final state: plain Completed, or named "Completed with quarantines" (Failed on request)."""
    from prefect.states import Completed, Failed

    if not summary.quarantined:
        return summary
    message = summary_to_message(summary)
    if fail_on_quarantine:
        return Failed(message=message, data=QuarantinedRun(message, summary))
    return Completed(name=QUARANTINE_STATE, message=message, data=summary)


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
    see `run_flow`); writing stays in this process, one report per transaction.
    `batch_size` files are read before they are written (0: all at once).
    Each file's read is bounded by `max_seconds_per_file` and `max_mb_per_file`
    (default: PEEL_MAX_SECONDS_PER_FILE and PEEL_MAX_MB_PER_FILE, else 600 s and 2048 MB);
    a file over either is quarantined `too_large`.

    A run that quarantined files ends in a Completed state named "Completed with
    quarantines" (Failed with `fail_on_quarantine`), the counts in its message.
    """
    from flows.reader import env_to_bounds

    logger = get_run_logger()
    bounds = env_to_bounds(max_seconds_per_file, max_mb_per_file)
    paths = discover_reports(source)
    logger.info("found %d PDF file(s) under %s", len(paths), printable(source))
    todo, done, _ = triage(paths, source, warehouse, replay)
    reader = read_report.with_options(refresh_cache=True) if replay else read_report
    summary = RunSummary()
    progress.total_known(len(paths))

    def record(outcome: FileOutcome) -> None:
        if outcome.status != "skipped" or outcome.reason_code == "not_selected":
            try:
                record_file_task(warehouse, outcome)
            except Exception as exc:  # noqa: BLE001 - a file whose record fails is quarantined, not half-recorded
                outcome = fault_to_quarantine(outcome.file_name, outcome.sha256, None, exc, "record", warehouse)
                try:
                    record_file_task(warehouse, outcome)
                except Exception as again:  # noqa: BLE001 - its quarantine row is written; say so and go on
                    logger.warning("%s: not recorded in source_files (%s)", outcome.file_name, type(again).__name__)
        summary.outcomes.append(outcome)
        progress.file_settled(outcome)
        logger.info("%s: %s%s", outcome.file_name, outcome.status, f" ({outcome.reason_code})" if outcome.reason_code else "")

    for outcome in sorted(done, key=lambda o: o.file_name):
        if outcome.status == "quarantined":
            quarantine_task(warehouse, outcome.file_name, outcome.sha256, outcome.reason_code, outcome.message, "discover")
        record(outcome)
    # Batches: every report of a batch is written (one transaction each) before the next
    # batch is read, so a killed run loses at most one batch and a re-run skips the rest.
    size = batch_size or max(len(todo), 1)
    for at in range(0, len(todo), size):
        batch = todo[at : at + size]
        futures = [(c, reader.submit(c.path, c.sha256, c.name, bounds.seconds, bounds.mb)) for c in batch]
        read = [(candidate, *future_to_read(candidate, future)) for candidate, future in futures]
        documented = []
        for candidate, extraction, results, consensus in compare_across_reports(read, warehouse):
            if not isinstance(extraction, ExtractionError) and not _wanted(extraction, years, forces, pillars):
                record(FileOutcome(candidate.name, candidate.sha256, "skipped", "not_selected",
                                   f"{candidate.name}: outside the years, forces or pillars asked for"))
                continue
            record(settle_or_quarantine(candidate, extraction, results, warehouse))
            if consensus is not None:
                documented.append((candidate.name, extraction, consensus))
        write_data_docs(documented, warehouse)
    summary.outcomes.sort(key=lambda o: o.file_name)
    publish_artifacts(summary, warehouse)
    return summary_to_state(summary, fail_on_quarantine)


def future_to_read(candidate: Candidate, future) -> tuple:
    """(extraction or reason, results) of one submitted read; a failure around the read is the file's reason.

    A broken worker pool is not one file's fault: it ends the run.
    """
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # noqa: BLE001
        code, detail = exception_to_reason(exc, candidate.path)
        return ExtractionError(code, f"{candidate.name}: {detail}"), []


def publish_artifacts(summary: RunSummary, warehouse: str) -> None:
    """What the run did, for the Prefect UI: files and their fate, check results, rows per table."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    from warehouse.load import connect

    create_table_artifact(
        key="peel-files",
        table=[{"file": o.file_name, "status": o.status, "reason": o.reason_code or "", "message": o.message or ""}
               for o in summary.outcomes],
        description=summary_to_message(summary),
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
    create_markdown_artifact(key="peel-validation", markdown=validation_markdown(summary, failing, warehouse),
                             description="validation summary")


def validation_markdown(summary: RunSummary, failing: list[tuple], warehouse: str) -> str:
    """The `peel-validation` artifact: quarantined files by reason, then failing checks."""
    docs = data_docs_dir(warehouse) / "index.html"
    lines = ["# Validation after this run\n", f"Warehouse: `{Path(warehouse).resolve()}`\n",
             f"Data Docs: `{docs}`" + ("" if docs.exists() else " (not built: nothing was read this run)") + "\n"]
    quarantined = [o for o in summary.outcomes if o.status == "quarantined"]
    if quarantined:
        lines += [f"**{len(quarantined)} file(s) quarantined this run**: "
                  + ", ".join(f"{code} {n}" for code, n in sorted(summary.reasons().items())) + "\n",
                  "| file | reason | message |", "|---|---|---|"]
        lines += [f"| {_cell(o.file_name)} | {o.reason_code} | {_cell(o.message or '')} |" for o in quarantined]
        lines.append("")
    if failing:
        lines += ["| check | severity | failing values |", "|---|---|---|"]
        lines += [f"| {c} | {sev} | {n} |" for c, sev, n in failing]
    elif not quarantined:
        lines.append("Every check passed for every loaded report.")
    lines.append("\nDetails: `SELECT * FROM validation_results WHERE NOT success` (page and box of each value).")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def run_flow(
    source: str, warehouse: str, workers: int | None = None, replay: bool = False, *,
    years: list[int] | None = None, forces: list[str] | None = None, pillars: list[str] | None = None,
    batch_size: int = 0, dask_address: str | None = None,
    max_seconds_per_file: float | None = None, max_mb_per_file: int | None = None, fail_on_quarantine: bool = False,
) -> RunSummary:
    """Run `peel_run` with reading spread over `workers` processes (default: every core),
    or over the workers of the Dask cluster at `dask_address`.

    Returns the run's summary with its final state in `summary.state` ((type, name, message));
    a fault of the run itself raises `RunFailed` with a one-line message.
    """
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    from flows.lifetime import pool_worker_initializer, start_temporary_server

    workers = workers or os.cpu_count() or 1
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
        source=source, warehouse=warehouse, replay=replay, years=years, forces=forces, pillars=pillars,
        batch_size=batch_size, max_seconds_per_file=max_seconds_per_file, max_mb_per_file=max_mb_per_file,
        fail_on_quarantine=fail_on_quarantine, return_state=True,
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
