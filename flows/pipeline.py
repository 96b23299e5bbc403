"""A run: discover PDFs, extract, validate, load, and say what happened to each file.

Every input ends as loaded, skipped (already loaded by this extractor
version, a duplicate, a link out of the source folder) or quarantined with a
reason code from `schemas/reasons.py`; one bad file never stops the batch.
Whatever goes wrong inside one file's read, check, load or record is that file's
quarantine; only a fault of the run itself (the warehouse cannot be written)
ends the run.  Writes to DuckDB are one report per transaction, so re-running
the run changes nothing.

This module is plain Python and never imports Prefect (seconds of CPU at start-up):
a run without a Prefect server (`run_locally`) needs none of it.  With a server
or a Dask cluster, `run_flow` hands over to `flows.orchestration`, whose
`peel-run` flow and tasks wrap the same functions.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from extractors import EXTRACTOR_VERSION
from extractors.errors import ExtractionError
from flows import progress
from flows.reader import Bounds
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
    # The offline validation report written after the run (None: nothing loaded or quarantined, or not written).
    validation_report: str | None = None

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


def discover_reports(source: str) -> list[str]:
    return [str(p) for p in pdfs_in(Path(source))]


def extract_report(path: str) -> Extraction | ExtractionError:
    """The report's facts, or the reason it cannot be read (returned, not raised: bad input is data)."""
    # Parsing is deterministic: retrying a parse error would only hide it.
    from flows.reader import extract_file

    return extract_file(path)


def validate_report(extraction: Extraction):
    from flows.validate import within_report_results

    return within_report_results(extraction)


# The per-file steps below are tasks too under Prefect (`flows.orchestration`: a deployment
# may run them alone), but a run calls them as they are, inside one task per batch: a task
# run per file and step cost the API server more than the write itself.  Only a busy
# warehouse is worth retrying (`writer`).
def write_report(warehouse: str, extraction: Extraction, results) -> None:
    from warehouse.load import load_report

    with writer(warehouse) as con:
        load_report(con, extraction, results)


def write_quarantine(warehouse: str, file_name: str, sha256: str | None, reason_code: str, message: str, stage: str, results=()) -> None:
    from warehouse.load import quarantine_report

    with writer(warehouse) as con:
        quarantine_report(
            con, file_name=file_name, sha256=sha256, reason_code=reason_code, message=message,
            stage=stage, extractor_version=EXTRACTOR_VERSION, results=results,
        )


def record_file(warehouse: str, outcome: FileOutcome) -> None:
    record_outcomes(warehouse, [outcome])


# The write connection a run holds while it settles a batch, by warehouse path: opening one
# creates the schema and rebuilds the marts, far too dear to do per file and step.
_held: dict[str, object] = {}

LOCK_RETRY_DELAYS = (1, 2, 4)  # seconds between tries to open a warehouse another process holds


def connect_for_writing(warehouse: str):
    """A write connection; a warehouse held by another process (transient) is tried again, anything else is not."""
    import time

    from warehouse.load import connect

    for delay in (*LOCK_RETRY_DELAYS, None):
        try:
            return connect(warehouse)
        except Exception as exc:  # noqa: BLE001 - only the message tells a lock from a fault
            if delay is None or "lock" not in str(exc).lower():
                raise
            time.sleep(delay)


@contextmanager
def writer(warehouse: str):
    """The held write connection for `warehouse`, or a new one closed after use."""
    held = _held.get(str(warehouse))
    if held is not None:
        yield held
        return
    con = connect_for_writing(warehouse)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def reader(warehouse: str):
    """A connection to read `warehouse`: the held one (DuckDB refuses a second, read-only one in this
    process), else a read-only one; None when there is no warehouse yet."""
    held = _held.get(str(warehouse))
    if held is not None:
        yield held
        return
    if not Path(warehouse).exists():
        yield None
        return
    from warehouse.load import connect

    con = connect(warehouse, read_only=True)
    try:
        yield con
    finally:
        con.close()


def open_for_triage(warehouse: str):
    """A read-only connection to `warehouse` (None when there is none yet), after bringing a warehouse
    built by other code up to this code's layout: that takes one writable open, and only then."""
    from warehouse.load import connect
    from warehouse.upgrade import OutdatedWarehouse, is_current

    if not Path(warehouse).exists():
        return None
    try:
        con = connect(warehouse, read_only=True)
    except OutdatedWarehouse:
        pass
    else:
        if is_current(con):
            return con
        con.close()
    connect_for_writing(warehouse).close()
    return connect(warehouse, read_only=True)


@contextmanager
def holding_writer(warehouse: str):
    """Hold one write connection to `warehouse` for the block (a failure to open it is the run's)."""
    con = connect_for_writing(warehouse)
    _held[str(warehouse)] = con
    try:
        yield con
    finally:
        _held.pop(str(warehouse), None)
        con.close()


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
    from warehouse.load import loaded_name, loaded_state, quarantined_as, source_file_row

    todo: list[Candidate] = []
    done: list[FileOutcome] = []
    first_name: dict[str, str] = {}  # sha256 -> the name its bytes are loaded (or first read) under
    unrecorded: list[FileOutcome] = []
    con = open_for_triage(warehouse)

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
    from warehouse.load import record_source_file

    with writer(warehouse) as con:
        for o in outcomes:
            record_source_file(
                con, file_name=o.file_name, sha256=o.sha256 or "", status=_row_status(o), reason_code=o.reason_code,
                duplicate_of=o.duplicate_of, extractor_version=EXTRACTOR_VERSION,
                generation=o.generation, year=o.year, pillar=o.pillar,
            )


def settle(candidate: Candidate, extraction, results, warehouse: str) -> FileOutcome:
    """Write one report's outcome: its facts, or its quarantine record (in the flow's process: one writer)."""
    name, sha = candidate.name, candidate.sha256
    if isinstance(extraction, ExtractionError):
        message = printable(extraction.message)
        write_quarantine(warehouse, name, sha, extraction.code, message, "extract")
        return FileOutcome(name, sha, "quarantined", extraction.code, message)
    from dataclasses import replace

    extraction.report = replace(extraction.report, file_name=printable(extraction.report.file_name))
    r = extraction.report
    where = {"generation": r.generation, "year": r.year, "pillar": r.pillar}
    from schemas.outcomes import results_to_quarantine

    verdict = results_to_quarantine(name, results)
    if verdict is not None:
        code, message = verdict
        write_quarantine(warehouse, name, sha, code, message, "validate", results)
        return FileOutcome(name, sha, "quarantined", code, message, **where)
    worse = inferior_to_loaded(warehouse, name, extraction)
    if worse is not None:
        write_quarantine(warehouse, name, sha, "inferior_copy", worse, "load", results)
        return FileOutcome(name, sha, "quarantined", "inferior_copy", worse, **where)
    write_report(warehouse, extraction, results)
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
    from warehouse.load import extraction_to_fact_counts, other_versions

    with reader(warehouse) as con:
        if con is None:
            return None
        versions = other_versions(con, extraction)
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
    write_quarantine(warehouse, name, sha, code, message, stage)
    return FileOutcome(name, sha, "quarantined", code, message)


def compare_across_reports(read: list, warehouse: str) -> list:
    """Check each report's England and Wales figures against the other reports of its year and pillar.

    The others are this batch's reports and those already in the warehouse (earlier
    batches' among them), so every two reports of a run are compared once; a figure
    that disagrees with the majority is an error naming both values and a report
    that holds the other one.
    """
    from flows.validate import cross_reports_results

    loaded: list[tuple] = []
    with reader(warehouse) as con:
        if con is not None:
            loaded = con.execute(
                """SELECT r.report_sha256, r.year, r.pillar, r.file_name, r.force_id, m.block, m.metric, m.unit,
                          m.force_value, m.england_wales_value
                   FROM raw.headline_metrics m JOIN raw.reports r USING (report_sha256)
                   ORDER BY r.published NULLS FIRST, r.loaded_at"""
            ).fetchall()
    figures = list(loaded)
    for candidate, extraction, _ in read:
        if isinstance(extraction, ExtractionError):
            continue
        r = extraction.report
        figures += [(r.sha256, r.year, r.pillar, candidate.name, r.force_id, m.block, m.metric, m.unit,
                     m.force_value, m.england_wales_value) for m in extraction.headline_metrics]
    from schemas.expectations import england_wales_consensus, weighted_means_of

    comparable = [k for k, (_, extraction, _) in enumerate(read) if not isinstance(extraction, ExtractionError)]
    consensuses, means = [], []
    for k in comparable:
        r = read[k][1].report
        same = [f for f in figures if f[1] == r.year and f[2] == r.pillar]
        peers = [(name, block, metric, ew) for sha, _, _, name, _, block, metric, _, _, ew in same if sha != r.sha256]
        consensuses.append(england_wales_consensus(peers))
        means.append(weighted_means_of(
            [(force_id, block, metric, unit, value) for _, _, _, _, force_id, block, metric, unit, value, _ in same],
            r.year,
        ))
    # The batch's reports checked together: one GX run per table, not one per report.
    crossed = dict(zip(comparable, zip(consensuses, cross_reports_results([read[k][1] for k in comparable],
                                                                          consensuses, means))))
    out = []
    for k, (candidate, extraction, results) in enumerate(read):
        if k in crossed:
            consensus, cross = crossed[k]
            out.append((candidate, extraction, list(results) + cross, consensus))
        else:
            out.append((candidate, extraction, results, None))
    return out


# The reports the GX Data Docs show: a run's last ones.  Each build of the docs site keeps
# only the pages of that build's results (GX cleans out the rest), so they are built once,
# at the run's end; the extractions held for them stay a few megabytes.  The validation
# report (`write_validation_report`) shows every report in the warehouse.
DOCS_REPORTS = 64


def write_data_docs(documented: list, warehouse: str, log) -> None:
    """GX Data Docs of a run's last reports (`DOCS_REPORTS`), written after they are loaded.

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
        log.warning("validation report (GX Data Docs) not written: %s: %s", type(exc).__name__, first_line(str(exc)))


def data_docs_dir(warehouse: str) -> Path:
    """GX Data Docs live beside the warehouse: warehouse/data_docs/index.html by default."""
    return Path(warehouse).resolve().parent / "data_docs"


def validation_report_path(warehouse: str) -> Path:
    """The offline validation report lives beside the warehouse: warehouse/validation_report.html by default."""
    return Path(warehouse).resolve().parent / "validation_report.html"


def write_validation_report(warehouse: str, log) -> str | None:
    """The offline validation report of the whole warehouse, from a write connection opened after
    the loads (so it shows them); its path, or None with a warning when it cannot be written."""
    from warehouse.validation_report import warehouse_to_validation_report

    try:
        with writer(warehouse) as con:
            return str(warehouse_to_validation_report(con, validation_report_path(warehouse)))
    except Exception as exc:  # noqa: BLE001 - a view for people: never worth failing the run
        log.warning("validation report not written: %s: %s", type(exc).__name__, first_line(str(exc)))
        return None


def _wanted(extraction: Extraction, years: list[int] | None, forces: list[str] | None, pillars: list[str] | None) -> bool:
    r = extraction.report
    if years and r.year not in years:
        return False
    if forces and (r.force or "").lower() not in {f.lower() for f in forces}:
        return False
    if pillars and (r.pillar or "").lower() not in {p.lower() for p in pillars}:
        return False
    return True


def summary_to_message(summary: RunSummary) -> str:
    """'loaded 2, skipped 1, quarantined 3 (corrupt_pdf 2, too_large 1)': the final state's message."""
    reasons = ", ".join(f"{code} {n}" for code, n in sorted(summary.reasons().items()))
    return (f"loaded {summary.loaded}, skipped {summary.skipped}, quarantined {summary.quarantined}"
            + (f" ({reasons})" if reasons else ""))


@dataclass
class Steps:
    """How a run reaches the world: Prefect's flow (tasks, run logger, artifacts) or plain Python."""

    log: object  # a logging.Logger, or Prefect's run logger
    # Starts reading a batch and returns at once; calling what it returns waits for the
    # batch's (extraction or reason, check results), one per file, in order.
    read: Callable[[list[Candidate], Bounds, bool], Callable[[], list[tuple]]]
    publish: Callable[[RunSummary, str], None] | None = None


# Reports read per worker before a batch is checked and written.  GX's cost is mostly per run
# (one per table), hardly per row: checking took 0.146 s of CPU a report in batches of 8 and
# 0.054 s in batches of 32.  A killed run loses at most the batch being written and the one
# being read (about a minute of reading on two cores).
REPORTS_PER_WORKER = 16


def workers_to_batch_size(workers: int) -> int:
    """How many reports a run reads before it checks and writes them."""
    return REPORTS_PER_WORKER * max(workers, 1)


def candidates_to_chunks(batch: list[Candidate], workers: int) -> list[list[Candidate]]:
    """The batch cut into about two chunks per worker: few enough that the orchestrator's cost
    per chunk stays small and each chunk is checked in one GX run per table, enough that a
    worker with a slow file does not leave the others idle at the end."""
    if not batch:
        return []
    size = max(1, -(-len(batch) // max(2 * workers, 1)))
    return [batch[at : at + size] for at in range(0, len(batch), size)]


def candidates_to_items(chunk: list[Candidate]) -> list[tuple[str, str, str]]:
    return [(c.path, c.sha256, c.name) for c in chunk]


def chunk_fault_to_reads(chunk: list[Candidate], exc: BaseException) -> list[tuple]:
    """A chunk whose read failed around the files (its worker, its task): each file's reason.

    A broken worker pool is not the files' fault: it ends the run.
    """
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        raise exc
    out = []
    for c in chunk:
        code, detail = exception_to_reason(exc, c.path)
        out.append((ExtractionError(code, f"{c.name}: {detail}"), []))
    return out


def run_batches(
    source: str, warehouse: str, steps: Steps, *, years=None, forces=None, pillars=None, replay: bool = False,
    batch_size: int = 0, bounds: Bounds | None = None,
) -> RunSummary:
    """The run itself, the same under Prefect or without it: triage, then per batch read, compare,
    settle (one transaction per report, on one held connection), then the reports and artifacts."""
    from flows.reader import env_to_bounds

    log = steps.log
    bounds = bounds or env_to_bounds()
    paths = discover_reports(source)
    log.info("found %d PDF file(s) under %s", len(paths), printable(source))
    todo, done, _ = triage(paths, source, warehouse, replay)
    summary = RunSummary()
    progress.total_known(len(paths))

    def record(outcome: FileOutcome) -> None:
        if outcome.status != "skipped" or outcome.reason_code == "not_selected":
            try:
                record_file(warehouse, outcome)
            except Exception as exc:  # noqa: BLE001 - a file whose record fails is quarantined, not half-recorded
                outcome = fault_to_quarantine(outcome.file_name, outcome.sha256, None, exc, "record", warehouse)
                try:
                    record_file(warehouse, outcome)
                except Exception as again:  # noqa: BLE001 - its quarantine row is written; say so and go on
                    log.warning("%s: not recorded in source_files (%s)", outcome.file_name, type(again).__name__)
        summary.outcomes.append(outcome)
        progress.file_settled(outcome)
        log.info("%s: %s%s", outcome.file_name, outcome.status, f" ({outcome.reason_code})" if outcome.reason_code else "")

    with holding_writer(warehouse):
        for outcome in sorted(done, key=lambda o: o.file_name):
            if outcome.status == "quarantined":
                write_quarantine(warehouse, outcome.file_name, outcome.sha256, outcome.reason_code, outcome.message,
                                 "discover")
            record(outcome)
    # Batches: while one batch is checked and written (one transaction per report) the workers
    # read the next, so checking, writing and the docs cost no reading time.  A killed run
    # loses at most the batch being written and the one being read; a re-run skips the rest.
    size = batch_size or max(len(todo), 1)
    batches = [todo[at : at + size] for at in range(0, len(todo), size)]
    pending = steps.read(batches[0], bounds, replay) if batches else None
    if batches:
        from flows.validate import start_building_context

        # GX is imported while the first batch is read, not after: with no batch read yet there is nothing else to do here.
        start_building_context()
    documented: deque = deque(maxlen=DOCS_REPORTS)
    for number, batch in enumerate(batches):
        # The next batch is queued before this one's reads are collected (and checked, here):
        # the workers never wait for the checks.
        collect = pending
        if number + 1 < len(batches):
            pending = steps.read(batches[number + 1], bounds, replay)
        reads = collect()
        read = [(candidate, *outcome) for candidate, outcome in zip(batch, reads, strict=True)]
        with holding_writer(warehouse):
            for candidate, extraction, results, consensus in compare_across_reports(read, warehouse):
                if not isinstance(extraction, ExtractionError) and not _wanted(extraction, years, forces, pillars):
                    record(FileOutcome(candidate.name, candidate.sha256, "skipped", "not_selected",
                                       f"{candidate.name}: outside the years, forces or pillars asked for"))
                    continue
                record(settle_or_quarantine(candidate, extraction, results, warehouse))
                if consensus is not None:
                    documented.append((candidate.name, extraction, consensus))
    write_data_docs(list(documented), warehouse, log)
    summary.outcomes.sort(key=lambda o: o.file_name)
    if summary.loaded or summary.quarantined:
        summary.validation_report = write_validation_report(warehouse, log)
    if steps.publish is not None:
        steps.publish(summary, warehouse)
    return summary


def futures_to_reads(chunks: list[list[Candidate]], futures) -> list[tuple]:
    """Each chunk's reads, in order; what failed around a chunk's read is its files' reason."""
    out: list[tuple] = []
    for chunk, future in zip(chunks, futures):
        try:
            out += future.result()
        except Exception as exc:  # noqa: BLE001 - what failed around a chunk's read is its files' reason
            out += chunk_fault_to_reads(chunk, exc)
    return out


ARTIFACT_TABLES = ("reports", "grades", "areas_for_improvement", "footnotes", "headline_metrics",
                   "validation_results", "quarantine", "source_files")


def warehouse_to_counts(warehouse: str) -> tuple[dict[str, int], list[tuple]]:
    """Rows per raw table, and failing checks (name, severity, count): what a flow run's artifacts show."""
    with writer(warehouse) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM raw.{t}").fetchone()[0] for t in ARTIFACT_TABLES}
        failing = con.execute(
            "SELECT check_name, severity, count(*) FROM raw.validation_results WHERE NOT success GROUP BY ALL ORDER BY 2, 1"
        ).fetchall()
    return counts, failing


def validation_markdown(summary: RunSummary, failing: list[tuple], warehouse: str) -> str:
    """The `peel-validation` artifact: quarantined files by reason, then failing checks."""
    docs = data_docs_dir(warehouse) / "index.html"
    lines = ["# Validation after this run\n", f"Warehouse: `{Path(warehouse).resolve()}`\n",
             f"Data Docs: `{docs}`" + ("" if docs.exists() else " (not built: nothing was read this run)") + "\n"]
    if summary.validation_report:
        # A file link: the page is self-contained, so it opens from the UI's machine if it shares the disk.
        report = Path(summary.validation_report)
        lines.append(f"Validation report (offline, every report in the warehouse): [{report}]({report.as_uri()})\n")
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
    lines.append("\nDetails: `SELECT * FROM raw.validation_results WHERE NOT success` (page and box of each value).")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def run_flow(
    source: str, warehouse: str, workers: int | None = None, replay: bool = False, *,
    years: list[int] | None = None, forces: list[str] | None = None, pillars: list[str] | None = None,
    batch_size: int = 0, dask_address: str | None = None,
    max_seconds_per_file: float | None = None, max_mb_per_file: int | None = None, fail_on_quarantine: bool = False,
) -> RunSummary:
    """Load the reports under `source`, reading over `workers` processes (default: every core),
    or over the workers of the Dask cluster at `dask_address`.

    With a Prefect server configured (PREFECT_API_URL) and answering, or a Dask cluster,
    this is a run of the `peel-run` flow (`flows.orchestration`) that reports to it.
    Otherwise the same run happens without Prefect, which is then never imported
    (`run_locally`): Prefect cannot run a flow without an API, and starting its temporary
    server would cost a run seconds of CPU for a UI nobody looks at.

    Returns the run's summary with its final state in `summary.state` ((type, name, message));
    a fault of the run itself raises `RunFailed` with a one-line message.
    """
    from flows.reader import env_to_bounds

    workers = workers or os.cpu_count() or 1
    bounds = env_to_bounds(max_seconds_per_file, max_mb_per_file)
    options = dict(years=years, forces=forces, pillars=pillars, replay=replay, batch_size=batch_size)
    if not dask_address and not configured_server_answers():
        return run_locally(source, warehouse, workers, bounds, fail_on_quarantine, **options)
    from flows.orchestration import run_with_prefect

    return run_with_prefect(source, warehouse, workers, bounds, fail_on_quarantine, dask_address, **options)


def configured_server_answers(timeout: float = 3.0) -> bool:
    """Whether PREFECT_API_URL (environment or Prefect profile) names a server that answers its health check."""
    import urllib.request

    url = configured_api_url()
    if not url:
        return False
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except Exception:  # noqa: BLE001 - any failure to answer: run without it, and say so
        logging.getLogger("peel.run").warning("peel: the Prefect server at %s does not answer; running without it", url)
        return False


def configured_api_url() -> str | None:
    """PREFECT_API_URL as Prefect would see it, without importing Prefect when it is not loaded yet.

    The environment first; then, in a process that has Prefect loaded already, its settings
    (which may hold a temporary value, as in a test harness); else the active profile.
    """
    url = os.environ.get("PREFECT_API_URL")
    if url is not None:
        return url
    if "prefect.settings" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value()
    return profile_api_url()


def profile_api_url(environ: Mapping[str, str] = os.environ) -> str | None:
    """PREFECT_API_URL in the active profile of Prefect's profiles file, read as Prefect 3 reads it.

    The file is PREFECT_PROFILES_PATH, else PREFECT_HOME/profiles.toml (PREFECT_HOME defaults to
    ~/.prefect); the profile is PREFECT_PROFILE, else the file's `active` key.  No file, no such
    profile or a file that is not TOML: none (Prefect's default profile names no server).
    Prefect's project files (`.env`, `prefect.toml`, `pyproject.toml`) are not read.
    """
    import tomllib

    home = Path(environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    path = Path(environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    active = environ.get("PREFECT_PROFILE") or profiles.get("active")
    profile = profiles.get("profiles", {}).get(active) if isinstance(active, str) else None
    url = profile.get("PREFECT_API_URL") if isinstance(profile, dict) else None
    return url if isinstance(url, str) else None


def run_locally(source: str, warehouse: str, workers: int, bounds: Bounds, fail_on_quarantine: bool, **options) -> RunSummary:
    """The run without Prefect: reading in `workers` spawned processes (in this one for a single
    worker), writing here; the summary carries the state a flow run would have ended in."""
    log = logging.getLogger("peel.run")
    try:
        with local_reader(workers) as read:
            summary = run_batches(source, warehouse, Steps(log, read), bounds=bounds, **options)
    except Exception as exc:  # a fault of the run itself; files' own problems never get here
        raise RunFailed(f"{type(exc).__name__}: {first_line(str(exc))}") from exc
    message = summary_to_message(summary)
    if not summary.quarantined:
        summary.state = ("COMPLETED", "Completed", None)
    elif fail_on_quarantine:
        summary.state = ("FAILED", "Failed", message)
    else:
        summary.state = ("COMPLETED", QUARANTINE_STATE, message)
    return summary


@contextmanager
def local_reader(workers: int):
    """A `Steps.read` over a pool of `workers` spawned processes, or over this process for one."""
    from flows.reader import check_reads, read_files

    if workers <= 1:
        def read_here(batch: list[Candidate], bounds: Bounds, refresh: bool) -> Callable[[], list[tuple]]:
            # One process: the batch is read when its reads are asked for, not before.
            def reads() -> list[tuple]:
                try:
                    return read_files(candidates_to_items(batch), bounds, refresh)
                except Exception as exc:  # noqa: BLE001
                    return chunk_fault_to_reads(batch, exc)

            return reads

        yield read_here
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from flows.lifetime import reader_worker_initializer

    # Spawned, not forked: this process may hold threads (DuckDB's, a logger's) that a fork would copy mid-step.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=reader_worker_initializer)

    def read_in_pool(batch: list[Candidate], bounds: Bounds, refresh: bool) -> Callable[[], list[tuple]]:
        # The workers only read (no GX or pandas import in them); the whole batch is checked
        # here, in one GX run per table, the more reports at once the cheaper each.
        chunks = candidates_to_chunks(batch, workers)
        futures = [pool.submit(read_files, candidates_to_items(chunk), bounds, refresh, check=False)
                   for chunk in chunks]
        items = [item for chunk in chunks for item in candidates_to_items(chunk)]  # in the reads' order
        return lambda: check_reads(items, futures_to_reads(chunks, futures), bounds)

    try:
        yield read_in_pool
    finally:
        pool.shutdown(wait=False, cancel_futures=True)

