"""`claimcheck serve` in a real headless Chromium: Playwright driving Debian's chromium (no browser download).

The server is started as a user starts it (`claimcheck serve --port N`, a child process); the
browser pastes a draft, submits it and sees the highlights; then drops a Word draft on the page
and downloads the annotated copy, which python-docx must read back with its comments; a picture
dropped instead gets a message on the page.

Marked `browser`. Skipped when Chromium, Playwright or the serve extra is missing, except in CI
(`CI=true`), where that is a failure: `.ci/install-browser` installs Chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_annotate import DUTCH, write_draft

pytestmark = pytest.mark.browser

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
PASTED = (
    "Pijnvrij door anders te denken\n"
    "Amerikaanse onderzoekers volgden voor het tijdschrift JAMA Psychiatry 151 volwassenen met chronische rugpijn.\n"
    "Van alle 151 deelnemers was 66 procent na vier weken bijna of helemaal pijnvrij.\n"
    "De behandeling geneest rugpijn voorgoed, zeggen de onderzoekers.\n"
)


def _missing(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing in CI (run .ci/install-browser; pip install '.[test]')")
    pytest.skip(f"{what} is not installed")


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    _missing("chromium")
    raise AssertionError  # unreachable


def _serve_extra() -> None:
    try:
        import multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        _missing("the serve extra (starlette, uvicorn, python-multipart)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _serve_extra()
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "claimcheck", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"claimcheck serve exited: {output}")
                time.sleep(0.2)
        else:
            pytest.fail("claimcheck serve did not start listening within 30 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    """A fresh browser profile and page; console errors collected in `page.errors`."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright")
    executable = _chromium()
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, args=FLAGS, headless=True,
            accept_downloads=True,
        )
        tab = context.new_page()
        tab.errors = []
        tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: tab.errors.append(str(e)))
        try:
            yield tab
        finally:
            context.close()


def test_paste_submit_and_see_the_highlights(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.fill("#text", PASTED)
    page.click("#check")
    page.wait_for_selector("mark.claim", timeout=60_000)
    texts = page.locator("mark.claim").all_inner_texts()
    assert "geneest" in texts and "voorgoed" in texts, texts
    assert page.locator("mark.claim:not(.v-accurate)").count() > 0
    assert page.locator("#download").is_visible()
    assert not page.errors, page.errors


def test_drop_a_docx_and_download_the_annotated_copy(server: str, page: Any, tmp_path: Path) -> None:
    import docx

    draft = write_draft(tmp_path / "pijn.docx", DUTCH)
    page.goto(server + "/")
    page.set_input_files("#file", str(draft))
    # drop the chosen file on the drop zone, as a drag from the desktop would: the page submits itself
    with page.expect_navigation():
        page.evaluate(
            "() => { const input = document.getElementById('file'); const data = new DataTransfer();"
            " data.items.add(input.files[0]); input.value = '';"
            " document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: data,"
            " bubbles: true, cancelable: true})); }"
        )
    page.wait_for_selector("mark.claim", timeout=60_000)
    assert "66 procent" in page.locator("mark.claim").all_inner_texts()
    assert "comment" in page.inner_text("#download")
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    assert download.suggested_filename == "pijn.claimcheck.docx"
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    comments = list(docx.Document(str(target)).comments)
    assert comments and {c.author for c in comments} == {"claimcheck"}
    assert not page.errors, page.errors


def test_a_bad_upload_gets_a_message_not_a_traceback(server: str, page: Any, tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    page.goto(server + "/")
    page.set_input_files("#file", str(picture))
    page.click("#check")
    message = page.wait_for_selector("#message", timeout=60_000).inner_text()
    assert "photo.png" in message and "not this type" in message
    assert "Traceback" not in page.content()
