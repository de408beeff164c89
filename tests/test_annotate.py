"""`claimcheck annotate`: one Word comment per finding, on the claim's own words, in a file that opens.

The drafts are written here in the style of health news (a trial of pain reprocessing therapy,
reported with the usual slips: the wrong denominator, a cure "for good"). The annotated copy is read
back with python-docx (the comments, their author and the words each is anchored on), read again by
claimcheck (the same text), and converted to PDF by LibreOffice headless (it opens without repair).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from test_docx import add_paragraph, build_draft

docx = pytest.importorskip("docx")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"

ENGLISH = [
    "Pain reprocessing therapy: a cure for back pain?",
    "Published 12 October 2021",
    [("text", "In a trial published in JAMA Psychiatry, researchers at the University of Colorado Boulder "
              "followed 151 adults with chronic back pain for a year.")],
    [("text", "Of all 151 participants, "), ("bold", "66%"),
     ("text", " were pain-free or nearly pain-free after four weeks of treatment.")],
    [("text", "The therapy cures back pain for good, the researchers say.")],
]
DUTCH = [
    "Pijn verdwijnt door anders te denken",
    "Gepubliceerd op 3 november 2021",
    [("text", "Amerikaanse onderzoekers volgden voor het tijdschrift JAMA Psychiatry "),
     ("ins", "151 volwassenen"), ("text", " met chronische rugpijn.")],
    [("text", "Van alle 151 deelnemers was "), ("bold", "66 procent"),
     ("text", " na vier weken bijna of helemaal pijnvrij.")],
    [("text", "De behandeling geneest rugpijn voorgoed, zeggen de onderzoekers.")],
]


def write_draft(path: Path, parts: list) -> Path:
    document = docx.Document()
    document.add_paragraph(parts[0], style="Title")
    for part in parts[1:]:
        if isinstance(part, str):
            document.add_paragraph(part)
        else:
            add_paragraph(document, part)
    document.save(str(path))
    return path


def anchored(path: Path) -> dict[int, str]:
    """Comment id -> the text its range covers, in the accepted view (deleted text left out)."""
    from lxml import etree

    document = docx.Document(str(path))
    body = document.element.body
    open_ids: list[int] = []
    texts: dict[int, list[str]] = {}
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag
        if event == "start" and tag == f"{_W}commentRangeStart":
            cid = int(element.get(f"{_W}id"))
            open_ids.append(cid)
            texts[cid] = []
        elif event == "start" and tag == f"{_W}commentRangeEnd":
            open_ids.remove(int(element.get(f"{_W}id")))
        elif event == "end" and tag == f"{_W}t":
            for cid in open_ids:
                texts[cid].append(element.text or "")
        elif event == "end" and tag == f"{_W}p":
            for cid in open_ids:
                texts[cid].append("\n")
    return {cid: "".join(parts).strip() for cid, parts in texts.items()}


def expected_anchors(result, title: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The words each finding's comment should stand on: the claim, the finding's span, or the title."""
    expected = []
    for found, issue in result.issues():
        if found is not None:
            expected.append(found.text)
        elif getattr(issue, "start", None) is not None:
            expected.append(result.document.text[issue.start:issue.end].strip())
        else:
            expected.append(title)  # article-level: on the title
    return expected


def _check(path: Path):  # type: ignore[no-untyped-def]
    from claimcheck.checker import CheckOptions, check_paths

    return check_paths([str(path)], CheckOptions()).results[0]


@pytest.mark.parametrize(("name", "parts"), [("walk.docx", ENGLISH), ("pijn.docx", DUTCH)])
def test_one_comment_per_finding_on_its_words(tmp_path: Path, name: str, parts: list) -> None:
    draft = write_draft(tmp_path / name, parts)
    result = _check(draft)
    expected = expected_anchors(result, parts[0])
    flagged = [c for c, _ in result.issues() if c is not None]
    assert flagged, "the draft's slips (a cure for good) must be found for this test to mean anything"
    claim = flagged[0].text

    run = CliRunner().invoke(cli, ["annotate", str(draft)])
    assert run.exit_code == 0, run.output
    out = tmp_path / name.replace(".docx", ".claimcheck.docx")
    assert out.is_file()

    document = docx.Document(str(out))
    comments = list(document.comments)
    assert len(comments) == len(expected)
    assert {c.author for c in comments} == {"claimcheck"}
    ranges = anchored(out)
    got = [ranges[c.comment_id] for c in sorted(comments, key=lambda c: c.comment_id)]
    assert sorted(got) == sorted(expected)
    on_claim = [c for c in comments if ranges[c.comment_id] == claim]
    body = "\n".join(p.text for p in on_claim[0].paragraphs)
    issue = next(i for c, i in result.issues() if c is not None and c.text == claim)
    assert issue.message in body
    if issue.fix:
        assert issue.fix in body
        assert ("Schrijf liever" if parts is DUTCH else "Write instead") in body


def test_formatting_and_text_survive_the_split(tmp_path: Path) -> None:
    from claimcheck.ingest import load_document

    draft = write_draft(tmp_path / "walk.docx", ENGLISH)
    out = tmp_path / "walk.claimcheck.docx"
    assert CliRunner().invoke(cli, ["annotate", str(draft)]).exit_code == 0
    assert load_document(str(out)).text == load_document(str(draft)).text
    bold = [r.text for p in docx.Document(str(out)).paragraphs for r in p.runs if r.bold]
    assert bold == ["66%"]
    after = [r for p in docx.Document(str(out)).paragraphs for r in p.runs if r.text.startswith(" were")]
    assert after and not any(r.bold for r in after)


def test_output_rules(tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "walk.docx", ENGLISH)
    runner = CliRunner()
    assert runner.invoke(cli, ["annotate", str(draft)]).exit_code == 0
    again = runner.invoke(cli, ["annotate", str(draft)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert runner.invoke(cli, ["annotate", str(draft), "--force"]).exit_code == 0
    chosen = tmp_path / "out" / "review.docx"
    assert runner.invoke(cli, ["annotate", str(draft), "-o", str(chosen)]).exit_code == 0
    assert chosen.is_file()
    before = draft.read_bytes()
    itself = runner.invoke(cli, ["annotate", str(draft), "-o", str(draft), "--force"])
    assert itself.exit_code == 2 and "draft itself" in itself.output
    assert draft.read_bytes() == before
    text = tmp_path / "walk.md"
    text.write_text("# Walk\n\nWalking helps.\n", encoding="utf-8")
    assert runner.invoke(cli, ["annotate", str(text)]).exit_code == 2


def test_annotating_the_tracked_draft_keeps_its_changes(tmp_path: Path) -> None:
    """Comments land on inserted text; deleted text stays deleted and unannotated."""
    from claimcheck.ingest import load_document

    draft = tmp_path / "rugpijn.docx"
    expected = build_draft(draft)
    assert CliRunner().invoke(cli, ["annotate", str(draft)]).exit_code == 0
    out = tmp_path / "rugpijn.claimcheck.docx"
    assert load_document(str(out)).text == expected
    xml = docx.Document(str(out)).element.body.xml
    assert "200 mensen" in xml  # the tracked deletion is still there, still a deletion
    assert all("200 mensen" not in text for text in anchored(out).values())
    # the comments stand on their claims, also inside a hyperlink, a field's result and an insertion
    result = _check(draft)
    ours = [text for cid, text in anchored(out).items() if cid != _first_comment_id(draft)]
    assert sorted(ours) == sorted(expected_anchors(result, "Rugpijn verdwijnt niet vanzelf, wel met therapie"))
    assert any(text == "151 volwassenen" for text in ours) or not any(
        c is not None and c.text == "151 volwassenen" for c, _ in result.issues())


def _first_comment_id(path: Path) -> int:
    """The id of the comment the editor left in the draft before claimcheck saw it."""
    return next(iter(docx.Document(str(path)).comments)).comment_id


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("LibreOffice is not installed (.ci/install-browser installs libreoffice-writer-nogui)")
    pytest.skip("LibreOffice is not installed")


def test_libreoffice_opens_the_annotated_copy(tmp_path: Path) -> None:
    """Both drafts: the plain one, and the one with tracked changes, a hyperlink, a field and footnotes."""
    soffice = _soffice()
    draft = write_draft(tmp_path / "pijn.docx", DUTCH)
    build_draft(tmp_path / "rugpijn.docx")
    outs = []
    for name in ("pijn", "rugpijn"):
        assert CliRunner().invoke(cli, ["annotate", str(tmp_path / f"{name}.docx")]).exit_code == 0
        outs.append(str(tmp_path / f"{name}.claimcheck.docx"))
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *outs],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    for name in ("pijn", "rugpijn"):
        pdf = tmp_path / "pdf" / f"{name}.claimcheck.pdf"
        assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", done.stdout + done.stderr
        text = "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
        assert "66 procent" in text
    assert draft.is_file()


@pytest.mark.parametrize("words", [
    "JAMA Psychiatry",            # inside a hyperlink
    "van de universiteit",        # a HYPERLINK field's result
    "151 volwassenen",            # a tracked insertion
    "procent",                    # the end of a bold run: the run is split
    "was 66 procent na vier",     # across three runs
    "Placebo",                    # a table cell
    "Een nieuwe psychologische",  # the start of a paragraph
])
def test_comments_stand_on_exactly_the_words(tmp_path: Path, words: str) -> None:
    """Whatever the runs look like, a comment covers the claim's words and nothing else."""
    import io as _io

    from claimcheck.annotate import annotate_docx
    from claimcheck.ingest import load_document
    from claimcheck.model import Claim, DocumentResult, Issue

    draft = tmp_path / "rugpijn.docx"
    build_draft(draft)
    doc = load_document(str(draft))
    start = doc.text.index(words)
    claim = Claim(id="c1", kind="strength", text=words, start=start, end=start + len(words), verdict="overstated",
                  issues=[Issue(rule="hype-language", severity="warning", message="te sterk", fix="zwakker")])
    out = _io.BytesIO()
    assert annotate_docx(DocumentResult(document=doc, claims=[claim]), draft, out) == 1
    target = tmp_path / "out.docx"
    target.write_bytes(out.getvalue())
    ours = [text for cid, text in anchored(target).items() if cid != _first_comment_id(draft)]
    assert ours == [words]
    assert load_document(str(target)).text == doc.text
    bold = [r.text for p in docx.Document(str(target)).paragraphs for r in p.runs if r.bold]
    assert "".join(bold) == "66 procent"
