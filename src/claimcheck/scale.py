"""Archives beyond one machine: the per-document check mapped over a Dask bag, written as JSONL.

    from claimcheck.scale import check_files, check_records
    check_files(["archive/2024/*.txt"], "out/")                 # files (globs allowed)
    check_records([{"id": "a1", "text": "..."}, ...], "out/")    # records (e.g. from a JSONL archive)

Each partition is checked by a worker that loads the register once (it is cached per process) and
writes `out/part-<n>.jsonl`: one document of the JSON contract per line, the same objects as
`claimcheck check --format jsonl`. The check of one document is pure (input in, result out), so Dask
can run it on any scheduler: the local threads or processes of one machine, or a `dask.distributed`
cluster (docs/scale.md). Install with the optional extra: `pip install 'claimcheck[scale]'`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["check_files", "check_record", "check_records", "document_line"]


def _dumps(data: dict[str, Any]) -> str:
    try:
        import orjson

        return orjson.dumps(data).decode("utf-8")
    except ImportError:  # orjson is optional here
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_line(result: Any) -> str:
    """One document of the JSON contract as one line (no newline)."""
    return _dumps(result.to_dict(graded=True))


def _register(register_root: str | None) -> Any:
    from claimcheck.checker import CheckOptions, load_register_for

    return load_register_for(CheckOptions(register_root=Path(register_root) if register_root else None))


def check_path(path: str, register_root: str | None = None, language: str | None = None) -> str:
    """Check one file; its JSON line (an unreadable file gives a line carrying `error`)."""
    from claimcheck.checker import check_document
    from claimcheck.errors import InputError
    from claimcheck.ingest import IngestOptions, load_document
    from claimcheck.model import Document, DocumentResult

    try:
        document = load_document(path, IngestOptions(language=language))
    except InputError as exc:
        return document_line(DocumentResult(document=Document(input=path, text="", language="", error=exc.problem)))
    return document_line(check_document(document, _register(register_root)))


def check_record(record: dict[str, Any], register_root: str | None = None, language: str | None = None) -> str:
    """Check one record (`id` and `text`, optionally `url`, `title`, `published`); its JSON line."""
    from claimcheck.checker import check_document
    from claimcheck.ingest import IngestOptions, _finish, text_document

    name = str(record.get("id") or record.get("url") or "record")
    document = text_document(str(record.get("text") or ""), name)
    document.url = record.get("url") or None
    if record.get("title"):
        document.title = str(record["title"])
    document = _finish(document, IngestOptions(language=language))
    return document_line(check_document(document, _register(register_root)))


def _write(bag: Any, out_dir: str | Path, scheduler: str | None) -> list[str]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = str(out / "part-*.jsonl")
    kwargs = {"compute": True}
    if scheduler:
        import dask

        with dask.config.set(scheduler=scheduler):
            return list(bag.to_textfiles(target, last_endline=True, **kwargs))
    return list(bag.to_textfiles(target, last_endline=True, **kwargs))


def check_files(paths: Iterable[str], out_dir: str | Path, npartitions: int | None = None,
                register_root: str | None = None, language: str | None = None,
                scheduler: str | None = None) -> list[str]:
    """Check files (globs expanded) on a Dask bag; write JSONL partitions; return their paths."""
    import glob

    import dask.bag as db

    names: list[str] = []
    for pattern in paths:
        matched = sorted(glob.glob(pattern, recursive=True))
        names.extend(matched or [pattern])
    bag = db.from_sequence(names, npartitions=npartitions or max(1, min(len(names), 64)))
    return _write(bag.map(check_path, register_root=register_root, language=language), out_dir, scheduler)


def check_records(records: Iterable[dict[str, Any]] | Any, out_dir: str | Path, npartitions: int | None = None,
                  register_root: str | None = None, language: str | None = None,
                  scheduler: str | None = None) -> list[str]:
    """Check records (a sequence of dicts, or a Dask bag of them, e.g. `db.read_text(...).map(json.loads)`)."""
    import dask.bag as db

    bag = records if isinstance(records, db.Bag) else db.from_sequence(list(records), npartitions=npartitions or 8)
    return _write(bag.map(check_record, register_root=register_root, language=language), out_dir, scheduler)
