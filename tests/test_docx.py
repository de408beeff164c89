"""Word drafts are read as the author sees the final text: every tracked change accepted.

The drafts are built here with python-docx and raw WordprocessingML: tracked insertions, deletions
and moves, a comment, footnotes citing the study, a table, hyperlinks (a relationship and a
HYPERLINK field), hidden text and bold runs. Each is checked against the text it should read as,
written out independently of the reader, and the check of the draft must be the check of that text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import pytest

from claimcheck.ingest import load_document

docx = pytest.importorskip("docx")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
HYPERLINK_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
CHANGE = 'w:author="Redactie" w:date="2025-03-02T10:00:00Z"'

#: A segment of a paragraph: (kind, text) or (kind, text, url). Kinds: text, bold, ins, del, movefrom,
#: moveto, link (a hyperlink relationship), field (a HYPERLINK field), hidden, footnote (text = note id).
Segment = tuple[str, ...]
#: What each kind contributes to the accepted text.
SHOWN = {"text", "bold", "ins", "moveto", "link", "field"}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, props: str = "", tag: str = "w:t") -> str:
    return f'<w:r>{props}<{tag} xml:space="preserve">{_escape(text)}</{tag}></w:r>'


def _segment_xml(document: object, segment: Segment, change_id: list[int]) -> str:
    kind, text = segment[0], segment[1]
    change_id[0] += 1
    cid = change_id[0]
    if kind == "text":
        return _run(text)
    if kind == "bold":
        return _run(text, "<w:rPr><w:b/></w:rPr>")
    if kind == "hidden":
        return _run(text, "<w:rPr><w:vanish/></w:rPr>")
    if kind == "ins":
        return f'<w:ins w:id="{cid}" {CHANGE}>{_run(text)}</w:ins>'
    if kind == "del":
        return f'<w:del w:id="{cid}" {CHANGE}>{_run(text, tag="w:delText")}</w:del>'
    if kind == "movefrom":
        return f'<w:moveFrom w:id="{cid}" {CHANGE}>{_run(text)}</w:moveFrom>'
    if kind == "moveto":
        return f'<w:moveTo w:id="{cid}" {CHANGE}>{_run(text)}</w:moveTo>'
    if kind == "link":
        rid = document.part.relate_to(segment[2], HYPERLINK_RT, is_external=True)  # type: ignore[attr-defined]
        underlined = _run(text, '<w:rPr><w:u w:val="single"/></w:rPr>')
        return f'<w:hyperlink r:id="{rid}">{underlined}</w:hyperlink>'
    if kind == "field":
        return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{segment[2]}" </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_run(text)}'
                f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    if kind == "footnote":
        return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{text}"/></w:r>'
    raise ValueError(kind)


def add_paragraph(document: object, segments: Sequence[Segment], style: str | None = None,
                  change_id: list[int] | None = None) -> object:
    """Append a paragraph built from `segments` to the document's body (or the last table cell)."""
    from docx.oxml import parse_xml

    change_id = change_id if change_id is not None else [100]
    paragraph = document.add_paragraph(style=style)  # type: ignore[attr-defined]
    for segment in segments:
        xml = _segment_xml(document, segment, change_id)
        for element in parse_xml(f"<w:wrap {NS}>{xml}</w:wrap>"):
            paragraph._p.append(element)
    return paragraph


def add_footnotes(document: object, notes: dict[int, list[Segment]]) -> None:
    """Give the document a footnotes part holding `notes` (id -> segments)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            '</w:r></w:p></w:footnote>']
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, b"", document.part.package)  # type: ignore[attr-defined]
    document.part.relate_to(part, FOOTNOTES_RT)  # type: ignore[attr-defined]
    for note_id, segments in notes.items():
        runs = []
        for segment in segments:
            if segment[0] == "link":
                rid = part.relate_to(segment[2], HYPERLINK_RT, is_external=True)
                runs.append(f'<w:hyperlink r:id="{rid}">{_run(segment[1])}</w:hyperlink>')
            else:
                runs.append(_run(segment[1]))
        body.append(f'<w:footnote w:id="{note_id}"><w:p><w:r><w:footnoteRef/></w:r>{"".join(runs)}</w:p></w:footnote>')
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>{"".join(body)}</w:footnotes>'
    part._blob = xml.encode()


def accepted(segments: Sequence[Segment]) -> str:
    """The text a paragraph shows once every change is accepted, worked out from its segments."""
    return "".join(s[1] for s in segments if s[0] in SHOWN)


# A draft about the pain reprocessing trial, as an editor left it: changes tracked, a comment, notes.
TITLE = "Rugpijn verdwijnt niet vanzelf, wel met therapie"
PARAGRAPHS: list[list[Segment]] = [
    [("text", "Een nieuwe psychologische behandeling helpt mensen met chronische rugpijn, "),
     ("del", "zo blijkt uit een kleine studie"), ("ins", "zo meldden Amerikaanse onderzoekers in "),
     ("link", "JAMA Psychiatry", "https://jamanetwork.com/journals/jamapsychiatry"), ("text", ".")],
    [("text", "De onderzoekers volgden "), ("ins", "151 volwassenen"), ("del", "200 mensen"),
     ("text", " met rugklachten die al jaren aanhielden."), ("footnote", "1")],
    [("movefrom", "De resultaten waren opvallend. "), ("text", "Van de deelnemers was "), ("bold", "66 procent"),
     ("text", " na vier weken bijna of helemaal pijnvrij. "), ("moveto", "De resultaten waren opvallend. "),
     ("hidden", "NOG CHECKEN BIJ DE AUTEURS "), ("text", "Dat staat in het verslag "),
     ("field", "van de universiteit", "https://www.colorado.edu/today/2021/09/29/back-pain"), ("text", ".")],
    [("text", "Volgens de onderzoekers is de pijn daarmee voorgoed genezen."), ("footnote", "2")],
]
TABLE = [["Groep", "Pijnvrij na vier weken"], ["PRT", "66 procent"], ["Placebo", "20 procent"]]
FOOTNOTES: dict[int, list[Segment]] = {
    1: [("text", " Ashar YK et al. JAMA Psychiatry 2022. doi:10.1001/jamapsychiatry.2021.2669")],
    2: [("text", " Zie ook "), ("link", "het persbericht", "https://www.colorado.edu/today/prt")],
}


def build_draft(path: Path, created: dt.datetime | None = dt.datetime(2013, 12, 23)) -> str:
    """Write the draft to `path`; return the text it should be read as."""
    document = docx.Document()
    if created is not None:
        document.core_properties.created = created  # a template's date: never the article's
    document.add_paragraph(TITLE, style="Title")
    change_id = [100]
    lines = [TITLE]
    for segments in PARAGRAPHS:
        add_paragraph(document, segments, change_id=change_id)
        lines.append(accepted(segments))
    table = document.add_table(rows=len(TABLE), cols=2)
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).paragraphs[0].add_run(cell)
            lines.append(cell)
    closing = document.add_paragraph("Meer over rugpijn leest u in ons dossier.")
    lines.append(closing.text)
    document.add_comment(closing.runs, text="Klopt het percentage? Checken!", author="Eindredactie")
    add_footnotes(document, FOOTNOTES)
    document.save(str(path))
    return "\n\n".join(lines)


@pytest.fixture
def draft(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "rugpijn.docx"
    return path, build_draft(path)


def test_docx_is_read_as_its_accepted_text(draft: tuple[Path, str]) -> None:
    path, expected = draft
    doc = load_document(str(path))
    assert doc.text == expected
    for left_out in ("200 mensen", "kleine studie", "NOG CHECKEN", "HYPERLINK", "Checken!", "Ashar YK"):
        assert left_out not in doc.text
    assert doc.text.count("De resultaten waren opvallend.") == 1
    assert doc.language == "nl"
    assert doc.title == TITLE


def test_tracked_changes_are_noted(draft: tuple[Path, str]) -> None:
    doc = load_document(str(draft[0]))
    assert len(doc.notes) == 1
    assert "tracked changes" in doc.notes[0] and "accepted" in doc.notes[0]
    plain = build_plain(draft[0].parent / "plain.docx")
    assert load_document(str(plain)).notes == []


def build_plain(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Een gewone alinea zonder wijzigingen.")
    document.save(str(path))
    return path


def test_paragraph_numbers_are_positions(draft: tuple[Path, str]) -> None:
    doc = load_document(str(draft[0]))
    line, _ = doc.position(doc.text.index("66 procent"))
    assert line == 4  # title, then the three paragraphs before it
    assert doc.position(doc.text.index("Placebo"))[0] == 1 + len(PARAGRAPHS) + 5


def test_hyperlinks_and_footnote_citations_become_links(draft: tuple[Path, str]) -> None:
    doc = load_document(str(draft[0]))
    located = {link.url: (link.start, link.end) for link in doc.links if link.start is not None}
    start, end = located["https://jamanetwork.com/journals/jamapsychiatry"]
    assert doc.text[start:end] == "JAMA Psychiatry"
    start, end = located["https://www.colorado.edu/today/2021/09/29/back-pain"]
    assert doc.text[start:end] == "van de universiteit"
    urls = {link.url for link in doc.links}
    assert "https://doi.org/10.1001/jamapsychiatry.2021.2669" in urls  # from footnote 1
    assert "https://www.colorado.edu/today/prt" in urls  # a hyperlink in footnote 2


def test_date_never_comes_from_file_properties(draft: tuple[Path, str]) -> None:
    doc = load_document(str(draft[0]))
    assert doc.published is None
    assert doc.published_from == "none"


def _summary(path: Path) -> list[tuple[str, str | None, tuple[str, ...]]]:
    from claimcheck.checker import CheckOptions, check_paths

    report = check_paths([str(path)], CheckOptions())
    result = report.results[0]
    assert result.document.error is None
    claims = [(c.text, c.verdict, tuple(sorted(i.rule for i in c.issues))) for c in result.claims]
    findings = [(f.rule, f.source, (f.caveat or "",)) for f in result.findings]
    return claims + findings  # type: ignore[return-value]


def test_draft_is_checked_exactly_as_its_accepted_text(draft: tuple[Path, str], tmp_path: Path) -> None:
    """Same claims, verdicts and rules as the accepted text saved as a plain text file.

    The footnote's DOI, which a text file cannot carry, is added as a last line, where a
    reference list would stand.
    """
    path, expected = draft
    text = tmp_path / "rugpijn.txt"
    text.write_text(expected + "\n\nhttps://doi.org/10.1001/jamapsychiatry.2021.2669\n",
                    encoding="utf-8")
    from_docx = _summary(path)
    from_text = [row for row in _summary(text) if "doi.org" not in row[0]]
    assert from_docx == from_text
    assert any(row[0] == "151 volwassenen" for row in from_docx)  # the tracked insertion is checked


def test_docx_from_a_stream_and_bytes(draft: tuple[Path, str]) -> None:
    from claimcheck.ingest import document_from_bytes

    path, expected = draft
    doc = document_from_bytes(path.read_bytes(), "upload.docx")
    assert doc.text == expected
    renamed = document_from_bytes(path.read_bytes(), "draft.txt")  # the content says DOCX, not the name
    assert renamed.kind == "docx"
    with pytest.raises(Exception, match="not a valid DOCX"):
        document_from_bytes(b"PK\x03\x04" + b"\x00" * 40, "broken.docx")
    assert io  # keep the import for readers building streams


def test_deleted_paragraph_runs_on_into_the_next(tmp_path: Path) -> None:
    """A paragraph deleted whole with Track Changes (its mark too) is gone once accepted."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Eerste alinea.")
    gone = document.add_paragraph()
    gone._p.append(parse_xml(f'<w:del {NS} w:id="7" {CHANGE}>{_run("Deze alinea is geschrapt.", tag="w:delText")}'
                             '</w:del>'))
    gone._p.insert(0, parse_xml(f'<w:pPr {NS}><w:rPr><w:del w:id="8" {CHANGE}/></w:rPr></w:pPr>'))
    document.add_paragraph("Laatste alinea.")
    path = tmp_path / "geschrapt.docx"
    document.save(str(path))
    assert load_document(str(path)).text == "Eerste alinea.\n\nLaatste alinea."
