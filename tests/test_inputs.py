"""The other inputs a journalist has: Windows "Unicode" text, PDF, RTF, ODT, .doc, piped drafts.

Also where the publication date comes from (front matter, dateline, page metadata, --date, never a
file's properties) and that a sentence of pasted Dutch is read as Dutch.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.errors import InputError
from claimcheck.ingest import IngestOptions, load_document

DUTCH = (
    "Rugpijn en bewegen\r\n"
    "Van de 151 deelnemers was ongeveer de helft na drie maanden hersteld, zo meldt het tijdschrift.\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_unicode_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "artikel.txt"
    data = DUTCH.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    doc = load_document(str(path))
    assert doc.text == DUTCH
    assert doc.language == "nl"


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Helvetica, one line each)."""
    text = "".join(f"({line}) Tj 0 -16 Td " for line in lines)
    stream = f"BT /F1 11 Tf 72 720 Td {text}ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    path = tmp_path / "artikel.pdf"
    path.write_bytes(_pdf([
        "Therapy for back pain",
        "In a trial published in JAMA Psychiatry, researchers followed",
        "151 adults with chronic back pain for a year.",
        "Two thirds of those given the therapy were nearly pain-free.",
    ]))
    doc = load_document(str(path))
    assert doc.kind == "pdf"
    assert doc.title == "Therapy for back pain"
    # the sentence the layout broke over two lines is one paragraph again
    assert "researchers followed 151 adults with chronic back pain" in doc.text
    assert doc.language == "en"


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf([]))
    with pytest.raises(InputError, match="no text layer"):
        load_document(str(path))


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("artikel.rtf", rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} Rugpijn \par }", "Rich Text file (.rtf)"),
        ("artikel.txt", rb"{\rtf1\ansi Rugpijn \par }", "Rich Text file (.rtf)"),
        ("artikel.odt", _odt(), "OpenDocument text (.odt)"),
        ("artikel.bin", _odt(), "OpenDocument text (.odt)"),
        ("artikel.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "Word 97-2003 document (.doc)"),
    ],
)
def test_formats_not_read_are_refused_by_name(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_document(str(path))
    message = str(info.value)
    assert words in message and "\n" not in message
    assert "\\rtf" not in message


def _json(args: list[str], stdin: str | None = None) -> dict:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"], input=stdin)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["documents"][0]


def test_a_sentence_of_pasted_dutch_is_dutch() -> None:
    assert _json(["-"], "Acupunctuur geneest rugpijn.\n")["language"] == "nl"
    assert _json(["-"], "Acupuncture cures back pain.\n")["language"] == "en"


def test_stdin_name_tells_the_format() -> None:
    draft = "---\ntitle: Bewegen bij rugpijn\ndate: 2024-03-05\n---\n\nBewegen helpt bij rugpijn, zeggen de artsen.\n"
    doc = _json(["-", "--stdin-name", "draft.md"], draft)
    assert doc["title"] == "Bewegen bij rugpijn"
    assert doc["published"] == "2024-03-05" and doc["published_source"] == "front-matter"
    assert doc["input"] == "draft.md"


def test_terminal_stdin_gets_a_prompt(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal(io.BytesIO(b"Bewegen helpt bij rugpijn.\n")))
    load_document("-")
    assert "paste the article, then Ctrl-D" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Bewegen helpt bij rugpijn.\n")))
    load_document("-")
    assert capsys.readouterr().err == ""


def test_where_the_date_comes_from(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Rugpijn\nGeplaatst op 3 nov 2021\n\nBewegen helpt bij rugpijn.\n", encoding="utf-8")
    doc = load_document(str(text))
    assert (doc.published, doc.published_from) == ("2021-11-03", "dateline")
    forced = load_document(str(text), IngestOptions(date="2025-01-31"))
    assert (forced.published, forced.published_from) == ("2025-01-31", "option")
    undated = tmp_path / "b.txt"
    undated.write_text("Rugpijn\n\nBewegen helpt bij rugpijn.\n", encoding="utf-8")
    assert (load_document(str(undated)).published, load_document(str(undated)).published_from) == (None, "none")
    page = tmp_path / "c.html"
    page.write_text('<html lang="en"><head><title>Walk</title><meta property="article:published_time" '
                    'content="2022-02-03"></head><body><article><p>Walking helps people with back pain, '
                    'say the doctors who studied it.</p></article></body></html>', encoding="utf-8")
    html = load_document(str(page))
    assert (html.published, html.published_from) == ("2022-02-03", "html-meta")


def test_date_option_and_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Rugpijn\n\nBewegen helpt bij rugpijn.\n", encoding="utf-8")
    doc = _json([str(path), "--date", "2021-09-14"])
    assert (doc["published"], doc["published_source"]) == ("2021-09-14", "option")
    bad = CliRunner().invoke(cli, ["check", str(path), "--date", "14-09-2021"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    (tmp_path / "claimcheck.toml").write_text("date = 2020-05-06\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _json([str(path)])["published"] == "2020-05-06"
    (tmp_path / "claimcheck.toml").write_text('date = "next week"\n', encoding="utf-8")
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 2


def test_text_output_shows_date_language_and_paragraphs(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.created = dt.datetime(2013, 12, 23)
    document.add_paragraph("Een nieuwe behandeling tegen rugpijn")
    document.add_paragraph("Gepubliceerd op 29 september 2021")
    document.add_paragraph("De therapie geneest rugpijn voorgoed, zeggen de onderzoekers.")
    path = tmp_path / "concept.docx"
    document.save(str(path))
    result = CliRunner().invoke(cli, ["check", str(path), "--no-progress"])
    assert "dated 2021-09-29 (dateline) · language nl" in result.output
    assert "¶3" in result.output and "3:" not in result.output.split("geneest")[0].splitlines()[-1]
    undated = CliRunner().invoke(cli, ["check", "-"], input="Acupunctuur geneest rugpijn.\n")
    assert "undated (taken as current) · language nl" in undated.output


def test_a_template_date_does_not_date_the_article(tmp_path: Path) -> None:
    """The issue's case: a 2013 template must not turn a correct 2021 attribution into an error."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.created = dt.datetime(2013, 12, 23)
    document.add_paragraph("Pain reprocessing therapy")
    document.add_paragraph("The trial of pain reprocessing therapy was published in JAMA Psychiatry in September "
                           "2021 and followed 151 adults with chronic back pain.")
    path = tmp_path / "draft.docx"
    document.save(str(path))
    doc = _json([str(path)])
    assert doc["published"] is None and doc["published_source"] == "none"
    published_in = [c for c in doc["claims"] if c["text"].startswith("published in")]
    assert published_in and all(not c["issues"] for c in published_in)


def test_pdf_positions_are_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "artikel.pdf"
    path.write_bytes(_pdf(["Therapy for back pain", "The therapy cures back pain for good, the researchers say."]))
    text = CliRunner().invoke(cli, ["check", str(path), "--no-progress"]).output
    assert "¶2" in text
    github = CliRunner().invoke(cli, ["check", str(path), "--format", "github"]).output
    assert "paragraph 2: " in github and ",line=" not in github
