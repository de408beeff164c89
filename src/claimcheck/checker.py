"""The pipeline as a library: inputs -> Documents -> claims -> graded findings -> Report.

    from claimcheck.checker import CheckOptions, check_paths
    report = check_paths(["articles/"], CheckOptions())

The CLI is a thin layer over these functions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.errors import InputError
from claimcheck.ingest import IngestOptions, discover_inputs, load_document
from claimcheck.model import Document, DocumentResult, Report

if TYPE_CHECKING:
    from claimcheck.register import Register


@dataclass(slots=True)
class CheckOptions:
    """What a run does: how inputs are read, which register, whether to grade, how many workers."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    register_root: Path | None = None
    grade: bool = True
    jobs: int = 1


def load_register_for(options: CheckOptions) -> Register:
    """The register the options name (or the default one), loaded once per process."""
    from claimcheck.register import default_register_root, load_register

    return load_register(options.register_root or default_register_root())


def extract_document(document: Document) -> DocumentResult:
    """Claims and citations of one document, ungraded."""
    from claimcheck.extract import extract

    extraction = extract(document)
    return DocumentResult(document=document, claims=extraction.claims, citations=extraction.citations)


def check_document(document: Document, register: Register | None = None, grade: bool = True) -> DocumentResult:
    """Claims of one document, graded against `register` when `grade` is true."""
    result = extract_document(document)
    if grade:
        from claimcheck.grade import grade_result

        grade_result(result, register)
    return result


def _failed(name: str, exc: InputError) -> DocumentResult:
    return DocumentResult(document=Document(input=name, text="", language="", error=exc.problem))


def _check_one(name: str, options: CheckOptions) -> DocumentResult:
    try:
        document = load_document(name, options.ingest)
    except InputError as exc:
        return _failed(name, exc)
    register = load_register_for(options) if options.grade else None
    return check_document(document, register, grade=options.grade)


def _worker(args: tuple[str, CheckOptions]) -> DocumentResult:
    return _check_one(*args)


def check_documents(documents: Iterable[Document], options: CheckOptions | None = None) -> Report:
    """Check Documents already in memory (e.g. built by another program)."""
    options = options or CheckOptions()
    register = load_register_for(options) if options.grade else None
    results = [check_document(doc, register, grade=options.grade) for doc in documents]
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
        results = [check_document(document, register, grade=options.grade)]
    else:
        results = list(map_inputs(names, options))
    version = load_register_for(options).version if options.grade else None
    return Report(results=results, register_version=version, graded=options.grade)


def map_inputs(names: list[str], options: CheckOptions) -> Iterable[DocumentResult]:
    """Check `names` one by one or in worker processes, yielding results in input order."""
    jobs = max(1, options.jobs or 1)
    local = [n for n in names if n == "-"]
    if jobs == 1 or len(names) < 4 or local:
        for name in names:
            yield _check_one(name, options)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(names) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_worker, [(n, options) for n in names], chunksize=chunk)


def default_jobs() -> int:
    """The default number of workers: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
