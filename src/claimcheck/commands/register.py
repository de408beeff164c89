"""`claimcheck sources …` and `claimcheck claims …`: validate, list, show and add register entries.

A thin layer over `claimcheck.register`; the library is imported inside each command so that
`claimcheck --help` does not load pydantic.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from claimcheck.register.index import Register
    from claimcheck.register.schema import ClaimEntry, LangList, LangText, Source

FORMATS = click.Choice(["text", "json"])


def _register_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--register",
        "register_root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder holding sources/ and claims/ (default: $CLAIMCHECK_REGISTER, the checkout, "
        "or the installed register).",
    )(func)


def _format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
                        help="Output format.")(func)


def _fail(message: str) -> NoReturn:
    """One line on stderr and exit code 2 (usage or input error)."""
    click.echo(f"claimcheck: {message}", err=True)
    raise click.exceptions.Exit(2)


def _root(register_root: Path | None) -> Path:
    from claimcheck.errors import RegisterError
    from claimcheck.register.load import default_register_root

    if register_root is not None:
        return register_root
    try:
        return default_register_root()
    except RegisterError as exc:
        _fail(str(exc))


def _load(register_root: Path | None) -> Register:
    from claimcheck.errors import RegisterError
    from claimcheck.register.load import load_register

    root = _root(register_root)
    try:
        return load_register(root)
    except RegisterError as exc:
        click.echo(f"claimcheck: the register in {root} has {len(exc.problems)} problem(s) "
                   "(see `claimcheck sources validate`):", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise click.exceptions.Exit(2) from None


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _table(rows: list[list[str]]) -> None:
    """Rows as aligned columns (the last column is not padded)."""
    if not rows:
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)] + [row[-1]]
        click.echo("  ".join(cells).rstrip())


def _unknown(kind: str, wanted: str, known: list[str]) -> NoReturn:
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.5)
    _fail(f"unknown {kind} '{wanted}'" + (f" (did you mean '{close[0]}'?)" if close else ""))


# ------------------------------------------------------------------------------------- sources


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def sources() -> None:
    """Validate, list, show and add the studies, reviews and guidelines of the register."""


def _add_draft() -> None:
    from claimcheck.commands.against import draft

    sources.add_command(draft)


@sources.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Count draft entries (draft = true) as problems.")
def validate_command(path: Path | None, strict: bool) -> None:
    """Validate the register: every problem as `file: field: problem`.

    PATH is a register folder (holding sources/ and claims/), one of those folders, or a single
    entry file (checked against the register it belongs to). Default: the project's register.
    Exit 0 when valid, 1 when there are problems. List indexes in field paths count from 0.
    """
    from claimcheck.register.load import FOLDERS, validate_register

    only: str | None = None
    if path is None:
        root = _root(None)
    elif path.is_file():
        if path.resolve().parent.name not in FOLDERS or path.suffix != ".toml":
            _fail(f"{path}: not an entry file (a .toml file in a sources/ or claims/ folder)")
        root, only = path.resolve().parent.parent, f"{path.resolve().parent.name}/{path.name}"
    elif path.name in FOLDERS and not any((path / name).is_dir() for name in FOLDERS):
        root = path.resolve().parent
    else:
        root = path
    result = validate_register(root)
    problems = result.messages()
    if strict:
        problems += [f"{draft}: draft: still a draft (fill in its findings, then remove draft = true)"
                     for draft in result.drafts]
    if only is not None:
        problems = [p for p in problems if p.startswith(f"{only}: ")]
    if problems:
        for problem in problems:
            click.echo(problem)
        files = len({p.split(": ", 1)[0] for p in problems})
        click.echo(f"{len(problems)} problem(s) in {files} file(s)", err=True)
        raise click.exceptions.Exit(1)
    if only is not None:
        click.echo(f"{only}: valid")
        return
    version = f", version {result.register.version}" if result.register else ""
    click.echo(f"register valid: {result.sources} sources, {result.claims} claims ({root}{version})")
    if result.drafts:
        click.echo(f"{len(result.drafts)} draft(s), findings still to be filled in: {', '.join(result.drafts)}")


def _status_text(register: Register, source_id: str) -> str:
    status = register.status(source_id)
    if status.state == "superseded":
        text = f"superseded by {status.successor}"
        return text + (f" (latest {status.latest})" if status.latest != status.successor else "")
    if status.state == "withdrawn":
        return f"withdrawn ({status.note})"
    if status.state == "retracted" and status.successor:
        return f"retracted; superseded by {status.successor}"
    return status.state


def _status_json(register: Register, source_id: str) -> dict[str, Any]:
    status = register.status(source_id)
    return {"state": status.state, "successor": status.successor, "latest": status.latest,
            "note": status.note}


@sources.command("list")
@_register_option
@_format_option
def list_sources(register_root: Path | None, fmt: str) -> None:
    """List the sources: id, type, year and status."""
    register = _load(register_root)
    items = sorted(register.sources.values(), key=lambda s: s.id)
    if fmt == "json":
        _echo_json([
            {"id": s.id, "type": s.type, "year": s.year, "title": s.title, "draft": s.draft,
             "evidence_level": s.evidence_level, "status": _status_json(register, s.id)}
            for s in items
        ])
        return
    rows = [["ID", "TYPE", "YEAR", "STATUS"]]
    rows += [[s.id, s.type, str(s.year), _status_text(register, s.id) + (" (draft)" if s.draft else "")]
             for s in items]
    _table(rows)


@sources.command("show")
@click.argument("source_id", metavar="ID")
@_register_option
@_format_option
def show_source(source_id: str, register_root: Path | None, fmt: str) -> None:
    """Show one source entry."""
    register = _load(register_root)
    source = register.sources.get(source_id)
    if source is None:
        _unknown("source", source_id, list(register.sources))
    if fmt == "json":
        data = source.model_dump(mode="json")
        data["status"] = _status_json(register, source.id)
        data["file"] = str(register.source_path(source.id))
        data["claims"] = [c.id for c in register.claims_citing(source.id)]
        _echo_json(data)
        return
    for line in _source_lines(register, source):
        click.echo(line)


def _lang(text: LangText | None) -> str:
    if text is None:
        return ""
    return " / ".join(f"{lang}: {value}" for lang, value in (("en", text.en), ("nl", text.nl)) if value)


def _words(words: LangList) -> str:
    return "; ".join(f"{lang}: {', '.join(values)}" for lang, values in (("en", words.en), ("nl", words.nl))
                     if values)


def _sourced(item: Any) -> str:
    parts = [item.locator, item.confidence or ""]
    if item.secondary_source:
        parts.append(f"via {item.secondary_source}")
    return "[" + "; ".join(p for p in parts if p) + "]" if any(parts) else ""


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _source_lines(register: Register, s: Source) -> list[str]:
    out = [f"{s.id}  ({register.source_path(s.id)})" + ("  DRAFT" if s.draft else ""), f"  {s.title}",
           f"  {s.citation}"]
    field_rows = [
        ("type", f"{s.type} ({s.type_label}; evidence level {s.evidence_level}, max strength {s.max_strength})"),
        ("status", _status_text(register, s.id)),
        ("published", ", ".join(f"{k} {v.isoformat()}" for k, v in
                                (("online", s.published_online), ("print", s.published_print)) if v)),
        ("supersedes", ", ".join(s.supersedes)),
        ("doi", s.identifiers.doi), ("pmid", s.identifiers.pmid), ("pmcid", s.identifiers.pmcid),
        ("urls", " ".join(s.identifiers.urls)),
        ("aliases", "; ".join(f"{k}: {', '.join(v)}" for k, v in s.aliases.model_dump().items() if v)),
        ("institutions", ", ".join(s.institutions)),
        ("provenance", s.provenance),
    ]
    out += [f"  {name:<13}{value}" for name, value in field_rows if value]
    if s.population is not None:
        p = s.population
        n = f"n={p.n} " if p.n else ""
        out.append(f"  {'population':<13}{n}{_lang(p.text)} {_sourced(p)}".rstrip())
    if s.arms:
        out.append("  arms")
        out += [f"    {a.id}: {a.label}" + (f", n={a.n}" if a.n else "") + f" {_sourced(a)}".rstrip()
                for a in s.arms]
    if s.findings:
        out.append("  findings")
        for f in s.findings:
            value = f"{_number(f.value)}{f.unit if f.unit == '%' else ' ' + f.unit if f.unit else ''}"
            if f.numerator is not None and f.denominator:
                value += f" ({f.numerator}/{f.denominator})"
            if f.effect is not None:
                e = f.effect
                ci = f", 95% CI {_number(e.ci_low)} to {_number(e.ci_high)}" if e.ci_low is not None else ""
                value += f" {e.measure} {_number(e.value)}{ci}".rstrip()
            where = ", ".join(x for x in (f"arm {f.arm}" if f.arm else "", f.timepoint) if x)
            out.append(f"    {f.id}: {value.strip()} - {f.measure}" + (f" ({where})" if where else "")
                       + f" {_sourced(f)}")
    if s.caveats:
        out.append("  caveats")
        for c in s.caveats:
            scope = c.applies + (f": {', '.join(c.findings)}" if c.findings else "")
            out.append(f"    {c.id} ({scope}, {c.severity}): {_lang(c.text)}")
            out.append(f"      phrases {_words(c.phrases)}")
    if s.conflicts_of_interest:
        out.append("  conflicts of interest")
        out += [f"    {_lang(c.text)} {_sourced(c)}".rstrip() for c in s.conflicts_of_interest]
    if s.recommendations:
        out.append("  recommendations")
        for r in s.recommendations:
            strength = f" ({r.strength})" if r.strength else ""
            out.append(f"    {r.id}: {r.verb}{strength} {r.intervention} {_sourced(r)}".rstrip())
            if r.text:
                out.append(f"      {_lang(r.text)}")
    claims = register.claims_citing(s.id)
    if claims:
        out.append(f"  {'claims':<13}{', '.join(c.id for c in claims)}")
    return out


@sources.command("add")
@click.option("--doi", default=None, help="The DOI of the work to add.")
@click.option("--pmid", default=None, help="The PubMed id of the work to add.")
@_register_option
@click.option("--id", "entry_id", default=None,
              help="The entry's id (default: firstauthor-year-keyword from the metadata).")
@click.option("--crossref-url", envvar="CLAIMCHECK_CROSSREF_URL", default=None, show_envvar=True,
              help="Base URL of the Crossref REST API (default https://api.crossref.org).")
@click.option("--eutils-url", envvar="CLAIMCHECK_EUTILS_URL", default=None, show_envvar=True,
              help="Base URL of PubMed E-utilities (default https://eutils.ncbi.nlm.nih.gov/entrez/eutils).")
def add_source_command(doi: str | None, pmid: str | None, register_root: Path | None, entry_id: str | None,
                       crossref_url: str | None, eutils_url: str | None) -> None:
    """Write a draft entry sources/<id>.toml from Crossref and PubMed metadata.

    The draft has the citation, title, journal, dates, identifiers, a guessed type and the journal's
    names as aliases; it carries `draft = true` and no findings, which must be added by hand from the
    paper. An existing file is never overwritten. This command reads the network.
    """
    from claimcheck.register.importer import ImportLookupError, add_source
    from claimcheck.register.schema import ID_PATTERN

    if bool(doi) == bool(pmid):
        _fail("give exactly one of --doi and --pmid")
    if entry_id is not None and not ID_PATTERN.match(entry_id):
        _fail(f"--id '{entry_id}' is not a valid id: use lowercase letters, digits and single hyphens")
    root = _root(register_root)
    try:
        path, draft = add_source(root, doi=doi, pmid=pmid, entry_id=entry_id,
                                 crossref_url=crossref_url, eutils_url=eutils_url)
    except ImportLookupError as exc:
        _fail(str(exc))
    for warning in draft.record.warnings:
        click.echo(f"claimcheck: warning: {warning}", err=True)
    click.echo(f"wrote {path} (type {draft.type}, guessed from {draft.type_reason})")
    click.echo("draft: fill in aliases, population, arms and findings by hand, then remove draft = true")


# -------------------------------------------------------------------------------------- claims


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def claims() -> None:
    """List and show the recurring claims of the register."""


@claims.command("list")
@_register_option
@_format_option
def list_claims(register_root: Path | None, fmt: str) -> None:
    """List the claims: id, verdict and topic."""
    register = _load(register_root)
    items = sorted(register.claims.values(), key=lambda c: c.id)
    if fmt == "json":
        _echo_json([{"id": c.id, "verdict": c.verdict, "topic": c.topic, "sources": c.sources} for c in items])
        return
    _table([["ID", "VERDICT", "TOPIC"], *([c.id, c.verdict, c.topic] for c in items)])


@claims.command("show")
@click.argument("claim_id", metavar="ID")
@_register_option
@_format_option
def show_claim(claim_id: str, register_root: Path | None, fmt: str) -> None:
    """Show one claim entry."""
    register = _load(register_root)
    claim = register.claims.get(claim_id)
    if claim is None:
        _unknown("claim", claim_id, list(register.claims))
    if fmt == "json":
        data = claim.model_dump(mode="json")
        data["file"] = str(register.claim_path(claim.id))
        _echo_json(data)
        return
    for line in _claim_lines(register, claim):
        click.echo(line)


def _claim_lines(register: Register, c: ClaimEntry) -> list[str]:
    rows = [
        ("topic", c.topic),
        ("verdict", c.verdict + (f" ({c.rule})" if c.rule else "") + (", sources conflict" if c.conflicting else "")),
        ("value", f"{_number(c.value)} {c.unit}".strip()),
        ("wordings", _words(c.wordings)),
        ("keywords", _words(c.keywords)),
        ("explanation", _lang(c.explanation)),
        ("sources", ", ".join(f"{sid} ({_status_text(register, sid)})" for sid in c.sources)),
    ]
    out = [f"{c.id}  ({register.claim_path(c.id)})"]
    out += [f"  {name:<12}{value}" for name, value in rows if value]
    if c.findings:
        out.append("  findings")
        for ref in c.findings:
            found = register.finding(ref)
            if found:
                f = found[1]
                out.append(f"    {ref}: {_number(f.value)}{f.unit if f.unit == '%' else ' ' + f.unit} - {f.measure}")
    return out


_add_draft()
