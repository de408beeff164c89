"""Word drafts: paragraphs in document order (tables included), the paragraph number as the line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.model import Document, Link, OffsetMap

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_texts(document: object) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document.element.body  # type: ignore[attr-defined]
    texts: list[str] = []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            texts.append(Paragraph(child, document).text)
        elif child.tag == f"{_W}tbl":
            for row in Table(child, document).rows:
                for cell in row.cells:
                    texts.extend(p.text for p in cell.paragraphs)
    return texts


def _hyperlinks(document: object) -> list[Link]:
    links: list[Link] = []
    part = document.part  # type: ignore[attr-defined]
    for rel in part.rels.values():
        if "hyperlink" in rel.reltype and rel.is_external:
            links.append(Link(url=rel.target_ref))
    return links


def read_docx(path: Path, input_name: str) -> Document:
    """A Document for a .docx file; raise InputError when it is not a valid DOCX."""
    try:
        import docx

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile, KeyError or its own errors
        raise InputError(input_name, f"not a valid DOCX file ({type(exc).__name__})") from None
    lines = [t.replace("\n", " ").replace("\r", " ") for t in _paragraph_texts(document)]
    props = document.core_properties
    created = props.created
    published = created.date().isoformat() if isinstance(created, dt.datetime) else None
    from claimcheck.ingest.lang import normalize_language

    return Document(
        input=input_name,
        text="\n".join(lines),
        language=normalize_language(props.language) or "",
        kind="docx",
        title=props.title or None,
        author=props.author or None,
        published=published,
        links=_hyperlinks(document),
        offsets=OffsetMap.from_lines(lines),
    )
