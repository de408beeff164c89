"""The register: `sources/` and `claims/`, validated, indexed and loaded once per run.

    from claimcheck.register import load_register, normalize
    register = load_register()            # or load_register(Path("my-register"))
    source = register.by_doi("10.1001/jamapsychiatry.2021.2669")
    register.status(source.id).state       # "current" | "superseded" | "retracted" | "withdrawn"

`normalize` (and the identifier helpers) import nothing heavy; the rest loads pydantic on first use.
"""

from __future__ import annotations

from typing import Any

from claimcheck.register.text import normalize, normalize_doi, normalize_pmid, normalize_url

__all__ = [
    "Alias",
    "ClaimEntry",
    "Finding",
    "Register",
    "Source",
    "SourceStatus",
    "Validation",
    "default_register_root",
    "load_register",
    "normalize",
    "normalize_doi",
    "normalize_pmid",
    "normalize_url",
    "source_types",
    "validate_register",
]

_LAZY = {
    "Alias": "claimcheck.register.index",
    "Register": "claimcheck.register.index",
    "SourceStatus": "claimcheck.register.index",
    "ClaimEntry": "claimcheck.register.schema",
    "Finding": "claimcheck.register.schema",
    "Source": "claimcheck.register.schema",
    "source_types": "claimcheck.register.schema",
    "Validation": "claimcheck.register.load",
    "default_register_root": "claimcheck.register.load",
    "load_register": "claimcheck.register.load",
    "validate_register": "claimcheck.register.load",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimcheck.register' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
