"""claimcheck: check health articles against the evidence.

The library API, importable without the CLI::

    from claimcheck import check_paths, load_document
    report = check_paths(["draft.md"])

Heavy modules are imported lazily so that ``claimcheck --version`` starts fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "check_documents", "check_paths", "extract_document", "load_document"]


def __getattr__(name: str) -> Any:
    if name in {"check_documents", "check_paths", "extract_document"}:
        from claimcheck import checker

        return getattr(checker, name)
    if name == "load_document":
        from claimcheck.ingest import load_document

        return load_document
    raise AttributeError(name)
