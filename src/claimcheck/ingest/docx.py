"""Word drafts, read as the author sees the final text (every tracked change accepted).

The body is walked in document order, tables (and nested tables) included, one line of the
document's text per paragraph with a blank line between paragraphs (so every stage sees Word's
paragraphs as paragraphs); the paragraph number is the "line" of a position. Within a paragraph:

- tracked insertions (`w:ins`) and moved-to text are read; tracked deletions (`w:del`) and
  moved-from text are not; a row deleted with Track Changes is left out, and a paragraph whose mark
  was deleted runs on into the next, as Word shows it once the changes are accepted;
- fields show their result, not their code (`HYPERLINK "…"`, `PAGE`); simple fields likewise;
- hyperlinks are read as text and kept as `Link`s with their offsets;
- hidden text (`w:vanish`), comments, text boxes and drawings are not article text;
- footnotes and endnotes are not article text either, but their links, DOIs and PMIDs are kept as
  document-level `Link`s: that is where a draft cites its sources.

`paragraphs()` is also what `claimcheck annotate` uses to find the runs of text behind a claim, so
reading and annotating agree on every offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from claimcheck.errors import InputError
from claimcheck.model import Document, Link, OffsetMap

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f"{{{W}}}"

#: Containers whose content is read as it stands.
_TRANSPARENT = frozenset({"ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir", "bdo", "sdtContent"})
#: Containers whose content is not the accepted text (or not article text at all).
_SKIPPED = frozenset({"del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "AlternateContent", "oMath",
                      "oMathPara", "customXmlPr", "smartTagPr"})
#: Tracked-change elements counted for the note in the output.
_CHANGES = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": None}
#: Between paragraphs in the document's text: a blank line, as every stage reads a paragraph break.
PARAGRAPH_BREAK = "\n\n"
_HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+"([^"]+)"', re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s<>\"]+")
_PMID = re.compile(r"\bPMID:?\s*(\d{5,9})\b", re.IGNORECASE)


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass(slots=True)
class Piece:
    """A stretch of a paragraph's text, the `w:r` run it stands in and the run's child that holds it."""

    text: str
    run: Any = None
    node: Any = None


@dataclass(slots=True)
class Paragraph:
    """One paragraph of the accepted text: its pieces (in order) and the `w:p` elements behind it."""

    elements: list[Any] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    #: (start, end, url) of hyperlinks, as offsets into the paragraph's text.
    links: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass(slots=True)
class _Fields:
    """Complex fields open at this point (`w:fldChar` begin … separate … end), innermost last."""

    stack: list[dict[str, Any]] = field(default_factory=list)

    def showing(self) -> bool:
        """True when text here is a field's result (or outside every field), not its code."""
        return all(f["result"] for f in self.stack)


def _run_hidden(run: Any) -> bool:
    props = run.find(f"{_W}rPr")
    if props is None:
        return False
    vanish = props.find(f"{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")


def _run_pieces(run: Any, para: Paragraph, fields: _Fields, start: int) -> int:
    """Add a run's visible text to `para`; return the paragraph's length after it."""
    pos = start
    hidden = _run_hidden(run)
    for child in run:
        tag = _local(child)
        if tag == "fldChar":
            kind = child.get(f"{_W}fldCharType")
            if kind == "begin":
                fields.stack.append({"instr": "", "result": False, "start": pos})
            elif kind == "separate" and fields.stack:
                fields.stack[-1]["result"] = True
                fields.stack[-1]["start"] = pos
            elif kind == "end" and fields.stack:
                done = fields.stack.pop()
                found = _HYPERLINK_FIELD.search(done["instr"])
                if found and pos > done["start"]:
                    para.links.append((done["start"], pos, found.group(1)))
            continue
        if tag == "instrText":
            if fields.stack:
                fields.stack[-1]["instr"] += child.text or ""
            continue
        if hidden or not fields.showing():
            continue
        text = ""
        if tag == "t":
            text = child.text or ""
        elif tag == "tab" or tag in ("br", "cr"):
            text = " " if tag != "tab" else "\t"
        elif tag == "noBreakHyphen":
            text = "-"
        elif tag == "sym":
            code = child.get(f"{_W}char") or ""
            try:
                text = chr(int(code, 16))
            except ValueError:
                text = ""
        if text:
            para.pieces.append(Piece(text, run, child))
            pos += len(text)
    return pos


def _inline(element: Any, para: Paragraph, fields: _Fields, rels: dict[str, str], pos: int) -> int:
    """Walk a paragraph's (or container's) children, adding visible text; return the new length."""
    for child in element:
        tag = _local(child)
        if tag in _SKIPPED:
            continue
        if tag == "r":
            pos = _run_pieces(child, para, fields, pos)
        elif tag == "hyperlink":
            start = pos
            pos = _inline(child, para, fields, rels, pos)
            target = rels.get(child.get(f"{{{R}}}id") or "")
            if target and pos > start:
                para.links.append((start, pos, target))
        elif tag in _TRANSPARENT or tag == "sdt":
            pos = _inline(child, para, fields, rels, pos)
    return pos


def _mark_deleted(p: Any) -> bool:
    """True when the paragraph mark itself was deleted with Track Changes (it runs on into the next)."""
    props = p.find(f"{_W}pPr")
    marks = props.find(f"{_W}rPr") if props is not None else None
    return marks is not None and (marks.find(f"{_W}del") is not None or marks.find(f"{_W}moveFrom") is not None)


def _blocks(container: Any) -> list[Any]:
    """The `w:p` elements below a body, cell or content control, in order, tables walked row by row."""
    out: list[Any] = []
    for child in container:
        tag = _local(child)
        if tag == "p":
            out.append(child)
        elif tag == "tr":
            props = child.find(f"{_W}trPr")
            if props is not None and props.find(f"{_W}del") is not None:
                continue
            out.extend(_blocks(child))
        elif tag in ("tbl", "tc", "sdt", "sdtContent", "customXml", "ins", "moveTo"):
            out.extend(_blocks(child))
    return out


def paragraphs(body: Any, rels: dict[str, str] | None = None) -> list[Paragraph]:
    """The accepted text of a body (or a footnote), one Paragraph per paragraph as Word shows it."""
    rels = rels or {}
    fields = _Fields()
    out: list[Paragraph] = []
    current: Paragraph | None = None
    for p in _blocks(body):
        if current is None:
            current = Paragraph()
        current.elements.append(p)
        _inline(p, current, fields, rels, len(current.text))
        if not _mark_deleted(p):
            out.append(current)
            current = None
    if current is not None:
        out.append(current)
    return out


def tracked_changes(body: Any) -> dict[str, int]:
    """How many tracked insertions, deletions and moves a body holds (run content only)."""
    counts: dict[str, int] = {}
    for element in body.iter(*(f"{_W}{tag}" for tag in _CHANGES)):
        label = _CHANGES[_local(element)]
        parent = element.getparent()
        if label is None or (parent is not None and _local(parent) == "rPr"):
            continue
        counts[label] = counts.get(label, 0) + 1
    return counts


def change_note(counts: dict[str, int]) -> str | None:
    """A line for the output saying the draft holds tracked changes, or None."""
    if not counts:
        return None
    parts = [f"{n} {label}{'' if n == 1 else 's'}" for label, n in sorted(counts.items())]
    return f"the draft holds tracked changes ({', '.join(parts)}): checked as if all were accepted"


def _relationships(part: Any) -> dict[str, str]:
    return {rid: rel.target_ref for rid, rel in part.rels.items() if rel.is_external}


def _note_links(document: Any) -> list[Link]:
    """Links, DOIs and PMIDs in the footnotes and endnotes, as document-level links."""
    from lxml import etree

    links: list[Link] = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        part = rel.target_part
        try:
            root = etree.fromstring(part.blob)
        except etree.XMLSyntaxError:
            continue
        rels = _relationships(part)
        for note in root:
            if _local(note) not in ("footnote", "endnote") or note.get(f"{_W}type") in ("separator",
                                                                                        "continuationSeparator",
                                                                                        "continuationNotice"):
                continue
            for para in paragraphs(note, rels):
                text = para.text
                seen = {url for _, _, url in para.links}
                links.extend(Link(url=url, text=text[s:e]) for s, e, url in para.links)
                for found in _URL.finditer(text):
                    url = found.group().rstrip(".,;:")
                    if url not in seen:
                        seen.add(url)
                        links.append(Link(url=url, text=text.strip()))
                for found in _DOI.finditer(text):
                    url = "https://doi.org/" + found.group().rstrip(".,;:")
                    if not any(found.group().rstrip(".,;:") in u for u in seen):
                        seen.add(url)
                        links.append(Link(url=url, text=text.strip()))
                for found in _PMID.finditer(text):
                    links.append(Link(url=f"https://pubmed.ncbi.nlm.nih.gov/{found.group(1)}/", text=text.strip()))
    return links


def open_docx(source: Path | IO[bytes], input_name: str) -> Any:
    """The python-docx Document for `source`; InputError when it is not a valid DOCX."""
    try:
        import docx

        return docx.Document(source if not isinstance(source, Path) else str(source))
    except Exception as exc:  # python-docx raises zipfile, KeyError or its own errors
        raise InputError(input_name, f"not a valid DOCX file ({type(exc).__name__})") from None


_HEADING_STYLE = re.compile(r"^(?:title|titel|subtitle|heading\s*1|kop\s*1)$", re.IGNORECASE)


def _is_heading(para: Paragraph) -> bool:
    """Whether a paragraph is styled as the document's title or a first-level heading."""
    for element in para.elements[:1]:
        style = element.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and _HEADING_STYLE.match(style.get(f"{_W}val", "")):
            return True
        level = element.find(f"{_W}pPr/{_W}outlineLvl")
        if level is not None and level.get(f"{_W}val") == "0":
            return True
    return False


def body_paragraphs(document: Any) -> list[Paragraph]:
    """The accepted paragraphs of a python-docx Document's body."""
    return paragraphs(document.element.body, _relationships(document.part))


def read_docx(source: Path | IO[bytes], input_name: str) -> Document:
    """A Document for a .docx file (a path or an open binary file); InputError when it is not valid.

    No date is taken from the file's properties: a template's "created" date says nothing about the
    article. The dateline (or `--date`) gives it.
    """
    document = open_docx(source, input_name)
    paras = body_paragraphs(document)
    lines = [p.text.replace("\n", " ").replace("\r", " ") for p in paras]
    links: list[Link] = []
    pos = 0
    for para, line in zip(paras, lines, strict=True):
        links.extend(Link(url=url, text=line[s:e], start=pos + s, end=pos + e) for s, e, url in para.links)
        pos += len(line) + len(PARAGRAPH_BREAK)
    links.extend(_note_links(document))
    props = document.core_properties
    from claimcheck.ingest.lang import normalize_language
    from claimcheck.ingest.title import text_title

    # The title is what the author sees: the first Title or Heading paragraph, else the first line that
    # reads like a headline; the file's title property (often a template's) only when the text has none.
    heading = next((line.strip() for para, line in zip(paras, lines, strict=True)
                    if line.strip() and _is_heading(para)), "")
    title = heading or text_title("\n".join(lines)) or (props.title or None)

    doc = Document(
        input=input_name,
        text=PARAGRAPH_BREAK.join(lines),
        language=normalize_language(props.language) or "",
        kind="docx",
        title=title,
        author=props.author or None,
        links=links,
        offsets=OffsetMap.from_lines(lines, separator=len(PARAGRAPH_BREAK)),
    )
    note = change_note(tracked_changes(document.element.body))
    if note:
        doc.notes.append(note)
    return doc
