"""PDFs: the text layer, read with pypdf, one line of the document's text per paragraph.

A PDF's text layer holds lines as they were laid out. Lines are joined into paragraphs where the
layout broke a sentence (a line that does not end a sentence followed by one that does not start
with a capital), and words hyphenated at a line's end are joined again. A PDF without a text layer (a scan)
is refused: there is nothing to check without recognising the characters first.
"""

from __future__ import annotations

import io
import re

from claimcheck.errors import InputError
from claimcheck.model import Document, OffsetMap

_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)]\s*$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")


def _paragraphs(lines: list[str]) -> list[str]:
    """Layout lines joined into paragraphs."""
    out: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if out and out[-1] and not _ENDS_SENTENCE.search(out[-1]) and not line[:1].isupper():
            if _HYPHENATED.search(out[-1]):
                out[-1] = out[-1][:-1] + line
            else:
                out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return [p for p in out if p] if any(out) else []


def read_pdf(data: bytes, input_name: str) -> Document:
    """A Document for a PDF's text layer; InputError when it cannot be read or has no text."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(input_name, "the PDF is encrypted (save an unprotected copy to check it)")
        lines: list[str] = []
        for page in reader.pages:
            lines.extend((page.extract_text() or "").splitlines())
            lines.append("")
        meta = reader.metadata
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(input_name, f"not a readable PDF file ({type(exc).__name__})") from None
    paragraphs = _paragraphs(lines)
    if not paragraphs:
        raise InputError(input_name, "the PDF has no text layer (a scan?); export the text or a .docx to check it")
    title = paragraphs[0]  # the metadata's title is often the file name of what was exported
    return Document(
        input=input_name,
        text="\n".join(paragraphs),
        language="",
        kind="pdf",
        title=title if title and len(title) <= 200 else None,
        author=(meta.author if meta is not None else None) or None,
        offsets=OffsetMap.from_lines(paragraphs),
    )
