"""`claimcheck serve` without a browser: Starlette's test client against the application.

Every bad upload - a type that is not read, a binary file, a broken Word file, over 10 MB, nothing
at all, a date that is no date - gets the page back with a one-line message and a 4xx status, never
a traceback. A pasted draft gets the annotated report and a Word copy to download.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("multipart")

from starlette.testclient import TestClient

from claimcheck.serve.app import MAX_UPLOAD_BYTES, create_app
from test_annotate import ENGLISH, write_draft

PASTED = (
    "Pain reprocessing therapy: a cure for back pain?\n"
    "In a trial published in JAMA Psychiatry, researchers followed 151 adults with chronic back pain.\n"
    "The therapy cures back pain for good, the researchers say.\n"
)
_MESSAGE = re.compile(r'<p id="message"[^>]*>(.*?)</p>', re.DOTALL)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def _message(response) -> str:  # type: ignore[no-untyped-def]
    found = _MESSAGE.search(response.text)
    assert found, response.text[:500]
    assert "Traceback" not in response.text
    return found.group(1)


def test_the_page_has_a_text_box_and_a_file_drop(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'name="text"' in page.text and 'type="file"' in page.text and 'id="drop"' in page.text
    assert 'enctype="multipart/form-data"' in page.text


def test_pasted_draft_gets_the_report_and_a_word_copy(client: TestClient) -> None:
    import docx

    response = client.post("/check", data={"text": PASTED, "lang": "en", "date": "2021-10-12"})
    assert response.status_code == 200
    assert response.text.count("<mark") >= 2
    token = re.search(r'href="/download/([\w-]+)"', response.text)
    assert token
    copy = client.get(f"/download/{token.group(1)}")
    assert copy.status_code == 200
    assert "attachment" in copy.headers["content-disposition"]
    comments = list(docx.Document(io.BytesIO(copy.content)).comments)
    assert comments and all(c.author == "claimcheck" for c in comments)


def test_uploaded_docx_gets_its_annotated_copy(client: TestClient, tmp_path: Path) -> None:
    draft = write_draft(tmp_path / "walk.docx", ENGLISH)
    response = client.post("/check", files={"file": ("walk.docx", draft.read_bytes(), "application/octet-stream")})
    assert response.status_code == 200
    assert 'download="walk.claimcheck.docx"' in response.text


def test_tracked_changes_are_noted_on_the_page(client: TestClient, tmp_path: Path) -> None:
    from test_docx import build_draft

    draft = tmp_path / "rugpijn.docx"
    build_draft(draft)
    response = client.post("/check", files={"file": ("rugpijn.docx", draft.read_bytes(), "application/octet-stream")})
    assert response.status_code == 200
    assert "tracked changes" in response.text and "language nl" in response.text


def test_markdown_upload_gets_the_report(client: TestClient) -> None:
    text = "---\ntitle: Walk\ndate: 2024-01-02\n---\n\n# Walk\n\n" + PASTED
    response = client.post("/check", files={"file": ("walk.md", text.encode(), "text/markdown")})
    assert response.status_code == 200 and "<mark" in response.text
    assert "/download/" not in response.text  # a Word copy is made of Word drafts and pasted text only


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(32), 415, "not this type"),
        ("notes.txt", b"\x00\x01\x02\x03 binary", 422, "binary file"),
        ("draft.docx", b"PK\x03\x04" + bytes(64), 422, "not a valid DOCX"),
        ("draft.docx", b"just text, not Word", 422, "not a valid DOCX"),
        ("big.md", b"a" * (MAX_UPLOAD_BYTES + 1), 413, "over 10 MB"),
    ],
)
def test_bad_uploads_get_a_message(client: TestClient, name: str, data: bytes, status: int, words: str) -> None:
    response = client.post("/check", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == status
    assert words in _message(response)


def test_nothing_sent_and_a_bad_date_get_a_message(client: TestClient) -> None:
    assert "paste a draft" in _message(client.post("/check", data={"text": "  "}))
    response = client.post("/check", data={"text": PASTED, "date": "12-10-2021"})
    assert response.status_code == 400 and "YYYY-MM-DD" in _message(response)
    assert client.get("/download/unknown").status_code == 404


def test_serve_listens_on_loopback_only() -> None:
    from claimcheck.serve.command import HOST, serve

    assert HOST == "127.0.0.1"
    assert not any(p.name == "host" for p in serve.params)
