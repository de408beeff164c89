"""Annotated HTML reports: the article's text with every claim highlighted in its verdict's colour.

One self-contained page (inline CSS, no scripts, no external assets; a Content-Security-Policy that
forbids scripts as a second line of defence). Every piece of article text goes through Jinja's
autoescaping, so an article containing `<script>` or `onerror=` renders as inert text.

This module also builds the *view* of a document - paragraphs cut into highlighted segments, one
note per claim, findings, source grades - which the Markdown report shares. It only arranges what
the grader decided; it never decides anything.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from claimcheck.formats import RenderOptions
from claimcheck.model import VERDICTS, Claim, DocumentResult, Finding, Issue, Report

if TYPE_CHECKING:
    import jinja2

#: Which verdict colours a stretch of text that several claims overlap: the most serious first.
DISPLAY_PRIORITY = ("inaccurate", "overstated", "outdated", "imprecise", "accurate", "unverified")
VERDICT_LABELS = {
    "accurate": "agrees with the source",
    "imprecise": "right direction and size, loosely stated",
    "overstated": "stronger than the evidence",
    "inaccurate": "contradicts the source",
    "outdated": "true of a source since superseded",
    "unverified": "no register entry matches; nothing can be said",
}
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n")
_LINE_BREAK = re.compile(r"\r?\n")
#: Document kinds whose text wraps lines inside paragraphs (a blank line ends a paragraph); in the
#: others (HTML, DOCX, fetched pages) every line is a paragraph.
SOFT_WRAPPED = frozenset({"markdown", "text"})
_SPACE = re.compile(r"\s+")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(slots=True)
class IssueView:
    """One issue or finding as shown: severity, rule, message, evidence."""

    rule: str
    severity: str
    message: str
    source: str | None = None
    source_title: str | None = None
    link: str | None = None
    locator: str | None = None
    caveat: str | None = None
    line: int | None = None
    fix: str | None = None
    criteria: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ClaimView:
    """One claim as shown: a numbered note next to its paragraph."""

    number: int
    id: str
    anchor: str
    verdict: str
    graded: bool
    kind: str
    text: str
    sentence: str
    line: int | None
    column: int | None
    value: str | None
    issues: list[IssueView]
    source: str | None = None
    source_title: str | None = None
    link: str | None = None
    finding: str | None = None
    score: float | None = None

    @property
    def worst(self) -> str | None:
        """The most serious severity among the claim's issues."""
        for severity in ("error", "warning", "info"):
            if any(i.severity == severity for i in self.issues):
                return severity
        return None


@dataclass(slots=True)
class Piece:
    """A stretch of a paragraph: plain text, highlighted text, or a claim's reference mark."""

    kind: str  # "text", "mark" or "ref"
    text: str = ""
    verdict: str = ""
    claims: list[ClaimView] = field(default_factory=list)

    @property
    def overlap(self) -> bool:
        """True when several claims cover this stretch."""
        return len(self.claims) > 1

    @property
    def title(self) -> str:
        """Tooltip text: each covering claim's number, verdict and first message."""
        parts = []
        for claim in self.claims:
            first = claim.issues[0].message if claim.issues else VERDICT_LABELS.get(claim.verdict, "")
            label = f"{claim.verdict}: {first}" if claim.graded else claim.kind
            parts.append(f"[{claim.number}] {label}")
        return "\n".join(parts)

    @property
    def data_claims(self) -> str:
        """The covering claims' ids, for the `data-claims` attribute."""
        return " ".join(c.id for c in self.claims)


@dataclass(slots=True)
class ParagraphView:
    """One paragraph of the article and the notes of the claims that start in it."""

    pieces: list[Piece]
    notes: list[ClaimView]


@dataclass(slots=True)
class DocumentView:
    """Everything a report shows about one document."""

    index: int
    prefix: str
    input: str
    path: str
    title: str
    url: str | None
    link: str | None
    language: str
    published: str | None
    author: str | None
    error: str | None
    graded: bool
    paragraphs: list[ParagraphView]
    claims: list[ClaimView]
    findings: list[IssueView]
    sources: list[dict[str, Any]]
    verdicts: list[tuple[str, int]]
    severities: dict[str, int]
    suppressed: int
    #: The report's furniture in the document's language (report_i18n.toml).
    t: dict[str, Any] = field(default_factory=dict)
    #: (criterion id, number, name, question, findings) per HealthNewsReview criterion.
    criteria: list[dict[str, Any]] = field(default_factory=list)
    #: The register studies linked, with their evidence.
    studies: list[dict[str, Any]] = field(default_factory=list)
    published_from: str | None = None
    #: criterion id -> its name in the document's language
    criteria_names: dict[str, str] = field(default_factory=dict)


def safe_link(url: str | None) -> str | None:
    """`url` when it is an http(s) link; None otherwise (no javascript:, data: or file: links)."""
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def _source_links(result: DocumentResult) -> dict[str, str]:
    links: dict[str, str] = {}
    for citation in result.citations:
        if not citation.source or citation.source in links:
            continue
        link = None
        if citation.doi:
            link = "https://doi.org/" + quote(citation.doi, safe="/:;()._-")
        elif citation.url:
            link = safe_link(citation.url)
        elif citation.pmid:
            link = f"https://pubmed.ncbi.nlm.nih.gov/{quote(citation.pmid)}/"
        if link:
            links[citation.source] = link
    return links


def _locator_once(message: str, locator: str | None) -> str | None:
    """The locator, unless the message already quotes it (each locator is shown once)."""
    if not locator:
        return None
    return None if locator.strip() in message else locator


def _issue_view(issue: Issue | Finding, titles: dict[str, str], links: dict[str, str]) -> IssueView:
    return IssueView(
        rule=issue.rule,
        severity=issue.severity,
        message=issue.message,
        source=issue.source,
        source_title=titles.get(issue.source or ""),
        link=links.get(issue.source or ""),
        locator=_locator_once(issue.message, getattr(issue, "locator", None)),
        caveat=getattr(issue, "caveat", None),
        line=getattr(issue, "line", None),
        fix=getattr(issue, "fix", None),
        criteria=list(getattr(issue, "criteria", []) or []),
    )


@cache
def _i18n() -> dict[str, Any]:
    import tomllib
    from importlib import resources

    text = resources.files("claimcheck.formats").joinpath("templates", "report_i18n.toml").read_text("utf-8")
    return tomllib.loads(text)


def furniture(lang: str | None) -> dict[str, Any]:
    """The report's headings, labels and verdict names in `lang` (English for what it lacks)."""
    data = _i18n()
    base: dict[str, Any] = dict(data["en"])
    chosen = data.get(lang or "en", {})
    for key, value in chosen.items():
        if isinstance(value, dict):
            base[key] = {**base.get(key, {}), **value}
        else:
            base[key] = value
    base["glyphs"] = dict(data.get("glyphs", {}))
    base["lang"] = lang if lang in data else "en"
    return base


def _criteria_table(claims: list[ClaimView], findings: list[IssueView], lang: str) -> list[dict[str, Any]]:
    from claimcheck.criteria import criteria

    rows = []
    for cid, crit in criteria().items():
        under: list[dict[str, Any]] = []
        for c in claims:
            for i in c.issues:
                if cid in i.criteria:
                    under.append({"issue": i, "claim": c})
        for f in findings:
            if cid in f.criteria:
                under.append({"issue": f, "claim": None})
        rows.append({"id": cid, "number": crit.number, "name": crit.name(lang), "question": crit.question(lang),
                     "findings": under})
    return rows


def _criteria_names(lang: str) -> dict[str, str]:
    from claimcheck.criteria import criteria

    return {cid: c.name(lang) for cid, c in criteria().items()}


def _study_views(result: DocumentResult, register_titles: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for link in getattr(result, "studies", []) or []:
        seen: set[str] = set()
        evidence = []
        for e in link.evidence:
            key = f"{e.signal}:{e.text}"
            if key in seen:
                continue
            seen.add(key)
            evidence.append({"signal": e.signal, "text": e.text})
        out.append({"source": link.source, "title": register_titles.get(link.source) or link.source,
                    "score": round(link.score, 2), "cited": link.cited, "evidence": evidence})
    return out


def _value(claim: Claim) -> str | None:
    if claim.value is None:
        return None
    qualifier = f"{claim.qualifier.replace('_', ' ')} " if claim.qualifier else ""
    return f"{qualifier}{claim.value:g}{(' ' if claim.unit and claim.unit != '%' else '') + (claim.unit or '')}"


def _claim_views(result: DocumentResult, prefix: str, graded: bool) -> list[ClaimView]:
    titles = {s.id: s.title for s in result.sources if s.title}
    links = _source_links(result)
    views = []
    for number, claim in enumerate(sorted(result.claims, key=lambda c: (c.start, c.end)), start=1):
        source = claim.match.source if claim.match else None
        views.append(
            ClaimView(
                number=number,
                id=claim.id,
                anchor=f"{prefix}-{_SAFE_ID.sub('-', claim.id)}",
                verdict=claim.verdict or "unverified",
                graded=graded,
                kind=claim.kind,
                text=claim.text,
                sentence=claim.sentence,
                line=claim.line,
                column=claim.column,
                value=_value(claim),
                issues=[_issue_view(i, titles, links) for i in claim.issues],
                source=source,
                source_title=titles.get(source or ""),
                link=links.get(source or ""),
                finding=claim.match.finding if claim.match else None,
                score=claim.match.score if claim.match else None,
            )
        )
    return views


def _priority(claims: list[ClaimView]) -> str:
    order = {v: i for i, v in enumerate(DISPLAY_PRIORITY)}
    return min((c.verdict for c in claims), key=lambda v: order.get(v, len(order)))


def _tidy(pieces: list[Piece]) -> list[Piece]:
    """Collapse whitespace across pieces so the paragraph reads as one line of prose."""
    out: list[Piece] = []
    trailing_space = True  # at the paragraph's start, leading space is dropped
    for piece in pieces:
        if piece.kind == "ref":
            out.append(piece)
            continue
        text = _SPACE.sub(" ", piece.text)
        if trailing_space:
            text = text.lstrip(" ")
        if not text:
            continue
        trailing_space = text.endswith(" ")
        out.append(Piece(kind=piece.kind, text=text, verdict=piece.verdict, claims=piece.claims))
    while out and out[-1].kind != "ref" and not out[-1].text.strip():
        out.pop()
    if out and out[-1].kind != "ref":
        last = out[-1]
        out[-1] = Piece(kind=last.kind, text=last.text.rstrip(), verdict=last.verdict, claims=last.claims)
    return out


def _paragraph(text: str, start: int, end: int, claims: list[tuple[int, int, ClaimView]]) -> ParagraphView:
    bounds = {start, end}
    for a, b, _ in claims:
        bounds.update((a, b))
    cuts = sorted(bounds)
    ends: dict[int, list[ClaimView]] = {}
    for _, b, view in claims:
        ends.setdefault(b, []).append(view)
    pieces: list[Piece] = []
    for a, b in pairwise(cuts):
        covering = [view for ca, cb, view in claims if ca < b and cb > a]
        chunk = text[a:b]
        if covering:
            pieces.append(Piece(kind="mark", text=chunk, verdict=_priority(covering), claims=covering))
        else:
            pieces.append(Piece(kind="text", text=chunk))
        for view in ends.get(b, []):
            pieces.append(Piece(kind="ref", verdict=view.verdict, claims=[view]))
    notes = sorted({id(v): v for _, _, v in claims}.values(), key=lambda v: v.number)
    return ParagraphView(pieces=_tidy(pieces), notes=notes)


def paragraphs(text: str, claims: list[ClaimView], spans: dict[str, tuple[int, int]],
               soft_wrapped: bool = True) -> list[ParagraphView]:
    """Cut `text` into paragraphs and each into plain and highlighted pieces.

    Paragraphs end at blank lines when `soft_wrapped`, else at every line break. A claim belongs to
    the paragraph it starts in and is clipped to it; overlapping claims cut the text at every
    boundary, each piece naming all the claims that cover it.
    """
    pattern = _PARAGRAPH_BREAK if soft_wrapped else _LINE_BREAK
    breaks = [(m.start(), m.end()) for m in pattern.finditer(text)]
    blocks: list[tuple[int, int]] = []
    pos = 0
    for a, b in breaks:
        blocks.append((pos, a))
        pos = b
    blocks.append((pos, len(text)))
    placed: set[str] = set()
    out: list[ParagraphView] = []
    for start, end in blocks:
        inside = []
        for view in claims:
            s, e = spans[view.anchor]
            if view.anchor in placed or not start <= s < end:
                continue
            placed.add(view.anchor)
            inside.append((max(s, start), min(max(e, s + 1), end), view))
        if not text[start:end].strip():
            continue
        paragraph = _paragraph(text, start, end, inside)
        if paragraph.pieces:
            out.append(paragraph)
    return out


def document_view(result: DocumentResult, index: int = 1, graded: bool = True, cwd: Any = None) -> DocumentView:
    """The view of one document for the HTML and Markdown reports."""
    from claimcheck.formats.sarif import display_path

    doc = result.document
    prefix = f"d{index}"
    claims = _claim_views(result, prefix, graded)
    ordered = sorted(result.claims, key=lambda c: (c.start, c.end))
    text = doc.text or ""
    spans = {}
    for view, claim in zip(claims, ordered, strict=True):
        start = max(0, min(claim.start, len(text)))
        spans[view.anchor] = (start, max(start, min(claim.end, len(text))))
    titles = {s.id: s.title for s in result.sources if s.title}
    links = _source_links(result)
    counts = Counter(c.verdict for c in claims)
    severities = Counter(i.severity for _, i in result.issues())
    findings = [_issue_view(f, titles, links) for f in result.findings]
    t = furniture(doc.language)
    if doc.kind == "docx":  # a Word draft's positions are paragraphs, not lines
        t = {**t, "line": t["paragraph"], "th_line": t["paragraph"]}
    return DocumentView(
        index=index,
        prefix=prefix,
        input=doc.input,
        path=display_path(doc.input, cwd),
        title=doc.title or doc.input,
        url=doc.url,
        link=safe_link(doc.url) or safe_link(doc.input),
        language=doc.language or "",
        published=doc.published,
        author=doc.author,
        error=doc.error,
        graded=graded,
        paragraphs=[] if doc.error else paragraphs(text, claims, spans, soft_wrapped=doc.kind in SOFT_WRAPPED),
        claims=claims,
        findings=findings,
        sources=[s.to_dict() | {"link": links.get(s.id)} for s in result.sources],
        verdicts=[(v, counts[v]) for v in VERDICTS if counts[v]],
        severities={s: severities[s] for s in ("error", "warning", "info")},
        suppressed=result.suppressed,
        t=t,
        criteria=_criteria_table(claims, findings, t["lang"]) if graded else [],
        studies=_study_views(result, titles),
        published_from=getattr(doc, "published_from", None),
        criteria_names=_criteria_names(t["lang"]),
    )


def _cwd(options: RenderOptions) -> Any:
    return options.extra.get("cwd")


@cache
def environment(kind: str) -> jinja2.Environment:
    """The Jinja environment for `html` (autoescaped) or `markdown` (escaped by filters) templates."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("claimcheck.formats", "templates"),
        autoescape=kind == "html",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    from claimcheck.formats.markdown import md_cell, md_code, md_text

    env.filters["md"] = md_text
    env.filters["cell"] = md_cell
    env.filters["code"] = md_code
    return env


def _css() -> str:
    from importlib import resources

    return resources.files("claimcheck.formats").joinpath("templates", "report.css").read_text(encoding="utf-8")


def template_context(report: Report, options: RenderOptions) -> dict[str, Any]:
    """What the report templates see."""
    from claimcheck.formats.sarif import rule_info

    graded = options.graded and report.graded
    views = [document_view(r, i, graded, _cwd(options)) for i, r in enumerate(report.results, start=1)]
    rules = sorted(
        {i.rule for v in views for c in v.claims for i in c.issues} | {f.rule for v in views for f in v.findings}
    )
    langs = {v.t["lang"] for v in views}
    t = furniture(langs.pop() if len(langs) == 1 else "en")
    return {
        "documents": views,
        "register_version": report.register_version,
        "tool_version": options.tool_version,
        "graded": graded,
        "t": t,
        "legend": [(v, t["verdict"][v], t["verdict_meaning"][v], t["glyphs"][v]) for v in VERDICTS],
        "rules": [rule_info(r) for r in rules],
        "title": views[0].title if len(views) == 1 else f"claimcheck report: {len(views)} articles",
    }


def render(report: Report, options: RenderOptions) -> str:
    """`report` as one self-contained HTML page (all its documents, one after the other)."""
    context = template_context(report, options)
    context["css"] = _css()
    return environment("html").get_template("report.html.j2").render(context)


def render_index(report: Report, hrefs: list[str], options: RenderOptions, lang: str | None = None) -> str:
    """An index page for a folder report: one row per document (title, language, counts, link).

    `hrefs` are the report file names of the readable documents, in order.
    """
    readable = [r for r in report.results if not r.document.error]
    langs = {r.document.language for r in readable}
    t = furniture(lang or (langs.pop() if len(langs) == 1 else "en"))
    rows = []
    for i, (result, href) in enumerate(zip(readable, hrefs, strict=True), start=1):
        view = document_view(result, i, options.graded and report.graded, _cwd(options))
        rows.append({"title": view.title, "href": href, "path": view.path, "lang": view.language or "",
                     "claims": len(view.claims), "verdicts": view.verdicts, "severities": view.severities})
    context = {
        "t": t, "rows": rows, "glyphs": t["glyphs"], "css": _css(), "tool_version": options.tool_version,
        "register_version": report.register_version,
        "legend": [(v, t["verdict"][v], t["verdict_meaning"][v], t["glyphs"][v]) for v in VERDICTS],
    }
    return environment("html").get_template("report_index.html.j2").render(context)
