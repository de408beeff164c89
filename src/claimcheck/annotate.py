"""Give the findings back to the author: a copy of a Word draft with one comment per finding.

Each comment is anchored on the claim's exact run of text. Word anchors comments on whole runs, so a
run is split where a claim begins or ends inside it; the new run carries a copy of the old run's
formatting (`w:rPr`), so the text looks as before. Article-level findings without a place of their
own are anchored on the title. Comments are authored "claimcheck" and say, in the article's
language, the verdict, the reason with its source and locator, and what to write instead.

The runs are found with the same walk that reads the draft (`claimcheck.ingest.docx.paragraphs`),
so every offset of a claim is an offset into the text the walk yields; the comment markers add no
text, and the annotated copy reads back as the same text.
"""

from __future__ import annotations

import copy
import io
import os
import tempfile
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

from claimcheck.errors import ClaimcheckError
from claimcheck.ingest.docx import PARAGRAPH_BREAK, Paragraph, Piece, body_paragraphs, open_docx
from claimcheck.model import Claim, DocumentResult, Finding, Issue

AUTHOR = "claimcheck"
INITIALS = "cc"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_RPR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr"


class AnnotateError(ClaimcheckError):
    """The draft cannot be annotated (it changed since it was checked, or the output is not writable)."""


@lru_cache(maxsize=1)
def _labels() -> dict[str, Any]:
    return tomllib.loads(files("claimcheck").joinpath("annotate.toml").read_text("utf-8"))


def comment_paragraphs(claim: Claim | None, issue: Issue | Finding, lang: str) -> list[str]:
    """The lines of the comment for one finding, in the article's language (English when unknown)."""
    labels = _labels().get(lang) or _labels()["en"]
    severity = labels["severities"].get(issue.severity, issue.severity)
    if claim is not None:
        verdict = labels["verdicts"].get(claim.verdict or "unverified", claim.verdict or "")
        lines = [labels["heading"].format(verdict=verdict, rule=issue.rule, severity=severity)]
    else:
        lines = [labels["article_heading"].format(rule=issue.rule, severity=severity)]
    lines.append(issue.message)
    locator = getattr(issue, "locator", None)
    where = [p for p in (issue.source, locator if locator and locator not in issue.message else None) if p]
    if where:
        lines.append(labels["source"].format(source=", ".join(where)))
    if issue.fix:
        lines.append(labels["fix"].format(fix=issue.fix))
    return lines


@dataclass(slots=True)
class _Located:
    """The accepted paragraphs of a draft, with the offset where each starts in the document text."""

    paragraphs: list[Paragraph]
    starts: list[int]

    @classmethod
    def of(cls, paragraphs: list[Paragraph]) -> _Located:
        starts, pos = [], 0
        for para in paragraphs:
            starts.append(pos)
            pos += len(para.text) + len(PARAGRAPH_BREAK)
        return cls(paragraphs, starts)

    def text(self) -> str:
        return PARAGRAPH_BREAK.join(p.text for p in self.paragraphs)

    def at(self, offset: int) -> tuple[int, int]:
        """(paragraph index, offset within it) of a document offset."""
        index = max(bisect_right(self.starts, offset) - 1, 0)
        return index, offset - self.starts[index]


def _new_text(text: str) -> Any:
    from docx.oxml import OxmlElement

    node = OxmlElement("w:t")
    node.text = text
    node.set(_XML_SPACE, "preserve")
    return node


def _split_run(para: Paragraph, index: int, cut: int) -> None:
    """Split the run of piece `index` so that a new run starts `cut` characters into that piece.

    The new run gets a copy of the run's properties and every child from the cut on; pieces that
    moved with it are pointed at it.
    """
    piece = para.pieces[index]
    run, node = piece.run, piece.node
    twin = copy.deepcopy(run)
    for child in list(twin):
        if child.tag != _RPR:
            twin.remove(child)
    following = []
    sibling = node.getnext()
    while sibling is not None:
        following.append(sibling)
        sibling = sibling.getnext()
    moved: Any = None
    if cut == 0:
        twin.append(node)
        moved = node
    elif cut < len(piece.text):
        moved = _new_text(piece.text[cut:])
        node.text = piece.text[:cut]
        node.set(_XML_SPACE, "preserve")
        twin.append(moved)
    for child in following:
        twin.append(child)
    run.addnext(twin)
    for later in para.pieces[index + 1:]:
        if later.run is run:
            later.run = twin
    if cut == 0:
        piece.run = twin
    elif moved is not None:
        para.pieces[index] = Piece(piece.text[:cut], run, node)
        para.pieces.insert(index + 1, Piece(piece.text[cut:], twin, moved))


def _boundary(para: Paragraph, offset: int) -> None:
    """Make a run start at character `offset` of the paragraph (splitting the run it falls in)."""
    pos = 0
    for index, piece in enumerate(para.pieces):
        end = pos + len(piece.text)
        if pos == offset:
            before = para.pieces[index - 1] if index else None
            if before is not None and before.run is piece.run:
                _split_run(para, index, 0)
            return
        if pos < offset < end:
            _split_run(para, index, offset - pos)
            return
        pos = end


def _piece_at(para: Paragraph, offset: int) -> Piece:
    """The piece holding character `offset` of the paragraph."""
    pos = 0
    for piece in para.pieces:
        pos += len(piece.text)
        if offset < pos:
            return piece
    return para.pieces[-1]


def _runs_for(located: _Located, start: int, end: int) -> tuple[Any, Any] | None:
    """The first and last `w:r` of the text from `start` to `end`, split out of their runs where needed."""
    text = located.text()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    first_para, first_offset = located.at(start)
    last_para, last_offset = located.at(end - 1)
    _boundary(located.paragraphs[first_para], first_offset)
    _boundary(located.paragraphs[last_para], last_offset + 1)
    first = _piece_at(located.paragraphs[first_para], first_offset).run
    last = _piece_at(located.paragraphs[last_para], last_offset).run
    return first, last


def _title_span(located: _Located, title: str | None) -> tuple[int, int] | None:
    """The span of the title paragraph (or the first paragraph with text)."""
    wanted = (title or "").strip()
    fallback = None
    for para, start in zip(located.paragraphs, located.starts, strict=True):
        text = para.text
        if not text.strip():
            continue
        if fallback is None:
            fallback = (start, start + len(text))
        if wanted and text.strip() == wanted:
            return start, start + len(text)
    return fallback


def annotate_docx(result: DocumentResult, source: Path | IO[bytes], target: IO[bytes]) -> int:
    """Write to `target` a copy of the draft `source` with one comment per finding of `result`.

    `result` must be the check of that same draft. Returns the number of comments written.
    """
    from docx.text.run import Run

    doc = result.document
    document = open_docx(source, doc.input)
    located = _Located.of(body_paragraphs(document))
    if located.text() != doc.text:
        raise AnnotateError(f"{doc.input}: the draft's text is not the text that was checked (did it change?)")
    title = _title_span(located, doc.title)
    parent = document.paragraphs[0] if document.paragraphs else None
    count = 0
    for claim, issue in result.issues():
        if claim is not None:
            span: tuple[int, int] | None = (claim.start, claim.end)
        elif isinstance(issue, Finding) and issue.start is not None and issue.end is not None:
            span = (issue.start, issue.end)
        else:
            span = title
        runs = _runs_for(located, *span) if span else None
        if runs is None and title is not None and span != title:
            runs = _runs_for(located, *title)
        if runs is None:
            continue
        first, last = (Run(r, parent) for r in runs)  # type: ignore[arg-type]
        lines = comment_paragraphs(claim, issue, doc.language)
        comment = document.add_comment([first, last], text=lines[0], author=AUTHOR, initials=INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(line)
        count += 1
    document.save(target)
    return count


def default_output(path: Path) -> Path:
    """`draft.docx` -> `draft.claimcheck.docx`, beside it."""
    return path.with_name(f"{path.stem}.claimcheck.docx")


def write_annotated(result: DocumentResult, source: Path, output: Path, force: bool = False) -> int:
    """Annotate the draft at `source` into `output` (never the input; an existing file only with force)."""
    if output.resolve() == source.resolve():
        raise AnnotateError(f"{output}: will not overwrite the draft itself (choose another -o)")
    if output.exists() and not force:
        raise AnnotateError(f"{output}: already exists (use --force to replace it)")
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".claimcheck-", suffix=".docx", dir=output.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            count = annotate_docx(result, source, stream)
        os.replace(temp, output)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return count


def annotated_bytes(result: DocumentResult, source: bytes) -> tuple[bytes, int]:
    """The annotated copy of a draft held in memory (for `claimcheck serve`), and its comment count."""
    out = io.BytesIO()
    count = annotate_docx(result, io.BytesIO(source), out)
    return out.getvalue(), count


def text_to_docx(text: str, title: str | None = None) -> bytes:
    """A plain Word document with one paragraph per non-blank line of `text` (for a pasted draft)."""
    import docx

    document = docx.Document()
    document.core_properties.author = ""  # python-docx's template names itself; a pasted draft has no author
    if title:
        document.core_properties.title = title
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
