"""The pipeline as a library: inputs -> Documents -> claims -> graded findings -> Report.

    from claimcheck.checker import CheckOptions, check_paths
    report = check_paths(["articles/"], CheckOptions())

The CLI is a thin layer over these functions.

Parallel runs (`CheckOptions.jobs` > 1) check documents in worker processes. The register is loaded
once, in the parent, before the workers start; on Linux the parent checks the first document itself
and then forks the workers, so they inherit the loaded register, the imported modules and every cache
the first document warmed (compiled patterns, lexicons, register indexes) instead of rebuilding them.
Only input names (going out) and results (coming back) cross process boundaries, in chunks. Results
come back in input order and are the same as with one job.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck.errors import InputError
from claimcheck.ingest import ARTICLE_SUFFIXES, IngestOptions, discover_inputs, is_url, load_document
from claimcheck.model import Document, DocumentResult, Report

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from claimcheck.register import Register

#: Fewer documents than this are checked in this process: starting workers would cost more than it saves.
MIN_PARALLEL_DOCUMENTS = 4
#: Each worker gets about this many chunks of names, so a slow chunk at the end costs little.
CHUNKS_PER_WORKER = 8
#: No chunk holds more names than this (a chunk's results travel back as one pickle).
MAX_CHUNK = 16


@dataclass(slots=True)
class CheckOptions:
    """What a run does: how inputs are read, which register, whether to grade, how many workers."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    register_root: Path | None = None
    grade: bool = True
    jobs: int = 1
    #: Sources to check against (`--against`): claimcheck.against.AgainstSource, read once per run.
    against: list[Any] = field(default_factory=list)


def load_register_for(options: CheckOptions) -> Register:
    """The register the options name (or the default one), loaded once per process; with `--against`
    sources, the register with their draft entries laid over it."""
    from claimcheck.register import default_register_root, load_register

    register = load_register(options.register_root or default_register_root())
    if options.against:
        from claimcheck.against import overlay

        return overlay(register, options.against)
    return register


def extract_document(document: Document) -> DocumentResult:
    """Claims and citations of one document, ungraded."""
    from claimcheck.extract import extract

    extraction = extract(document)
    return DocumentResult(document=document, claims=extraction.claims, citations=extraction.citations)


def check_document(document: Document, register: Register | None = None, grade: bool = True,
                   against: list[Any] | None = None) -> DocumentResult:
    """Claims of one document, graded against `register` when `grade` is true (and against the
    `--against` sources, whose drafts `register` must hold: see `load_register_for`)."""
    result = extract_document(document)
    if grade:
        from claimcheck.criteria import tag
        from claimcheck.grade import grade_result

        if against and register is not None:
            from claimcheck.against import grade_against

            grade_against(result, register, against)
        else:
            grade_result(result, register)
        tag(result)
    return result


def _failed(name: str, exc: InputError) -> DocumentResult:
    return DocumentResult(document=Document(input=name, text="", language="", error=exc.problem))


def _check_one(name: str, options: CheckOptions, register: Register | None) -> DocumentResult:
    """Check one input; an unreadable input becomes a result carrying `error`."""
    try:
        document = load_document(name, options.ingest)
    except InputError as exc:
        return _failed(name, exc)
    try:
        return check_document(document, register, grade=options.grade, against=options.against)
    except Exception as exc:
        exc.add_note(f"claimcheck: while checking {name}")
        raise


# What a worker process checks with: set by `_init_worker` (with fork, the objects are inherited, not
# pickled). A module global because pool tasks carry only input names.
_WORKER: dict[str, Any] = {}


def _init_worker(options: CheckOptions, register: Register | None) -> None:
    import signal

    # Ctrl-C is the parent's to handle (it stops the workers); a worker interrupted between tasks would
    # only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["options"] = options
    if register is None and options.grade:  # spawn/forkserver: the register did not come along
        register = load_register_for(options)
    _WORKER["register"] = register


def _worker(name: str) -> DocumentResult:
    return _check_one(name, _WORKER["options"], _WORKER["register"])


def check_documents(documents: Iterable[Document], options: CheckOptions | None = None) -> Report:
    """Check Documents already in memory (e.g. built by another program)."""
    options = options or CheckOptions()
    register = load_register_for(options) if options.grade else None
    results = [check_document(doc, register, grade=options.grade, against=options.against) for doc in documents]
    return Report(results=results, register_version=register.version if register else None, graded=options.grade)


def check_paths(inputs: list[str], options: CheckOptions | None = None, names: list[str] | None = None) -> Report:
    """Check files, folders (recursively), '-' (stdin) and URLs.

    A single input that cannot be read raises InputError. With several inputs, a bad one gets a
    DocumentResult whose document carries `error`, and the rest are still checked. Results come in
    input order whatever `options.jobs` is.
    """
    options = options or CheckOptions()
    if names is None:
        names = discover_inputs(inputs, options.ingest)
    if len(names) == 1:
        document = load_document(names[0], options.ingest)
        register = load_register_for(options) if options.grade else None
        results = [check_document(document, register, grade=options.grade, against=options.against)]
    else:
        register = load_register_for(options) if options.grade else None
        results = list(map_inputs(names, options, register=register))
    return Report(results=results, register_version=register.version if register else None, graded=options.grade)


_LOAD = object()


def map_inputs(names: list[str], options: CheckOptions, register: Any = _LOAD) -> Iterator[DocumentResult]:
    """Check `names` one by one or in worker processes, yielding results in input order.

    `register` is the Register to grade against (loaded from `options` when not given; ignored when
    `options.grade` is false).
    """
    if not options.grade:
        register = None
    elif register is _LOAD:
        register = load_register_for(options)
    jobs = min(max(1, options.jobs or 1), len(names))
    if jobs == 1 or len(names) < MIN_PARALLEL_DOCUMENTS or "-" in names:
        for name in names:
            yield _check_one(name, options, register)
        return
    yield from _map_parallel(names, options, register, jobs)


def _map_parallel(names: list[str], options: CheckOptions, register: Register | None,
                  jobs: int) -> Iterator[DocumentResult]:
    from concurrent.futures import ProcessPoolExecutor

    context = _fork_context()
    rest = names
    if context is not None:
        # Check the first input here, before forking: it imports the stages and fills every lazy cache
        # (compiled patterns, lexicons, the register's indexes) once, and the workers inherit them
        # instead of each building its own copy - which would cost wall time whenever the workers
        # outnumber the idle cores, and memory always.
        yield _check_one(names[0], options, register)
        rest = names[1:]
        _preload(rest, options)
    chunk = max(1, min(MAX_CHUNK, -(-len(rest) // (jobs * CHUNKS_PER_WORKER))))
    # No gc.freeze()/unfreeze() here: the register loader freezes large registers itself, and an
    # unfreeze would undo that (measured: +1.1 s of collector work in this process and +1.3 s at exit
    # with 10,000 entries).
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(options, register if context is not None else None))
    try:
        yield from pool.map(_worker, rest, chunksize=chunk)
    except BaseException:  # Ctrl-C, a failing document, or the caller stopped iterating
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: Any) -> None:
    """Stop a pool now: drop the chunks not started and end the workers busy with the others.

    Without this an interrupted or failed run would wait until every submitted chunk was checked.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way to reach them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def _fork_context() -> BaseContext | None:
    """The fork start method where it is safe and available (Linux, no other threads), else None."""
    import threading

    if sys.platform != "linux" or threading.active_count() > 1:
        return None
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - fork is always available on Linux
        return None


def _preload(names: list[str], options: CheckOptions) -> None:
    """Import, before forking, the stages the inputs will need, so workers do not each import them."""
    import importlib

    modules = ["claimcheck.extract"]
    if options.grade:
        modules.append("claimcheck.grade")
    kinds = {"text" if n == "-" or is_url(n) else ARTICLE_SUFFIXES.get(Path(n).suffix.lower(), "text")
             for n in names}
    if "markdown" in kinds:
        modules.append("claimcheck.ingest.markdown")
    if "html" in kinds or any(is_url(n) for n in names):
        modules.append("claimcheck.ingest.html")
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:  # the worker will raise it, attached to the input that needed it
            continue


def default_jobs() -> int:
    """The default number of workers: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
