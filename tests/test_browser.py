"""The HTML report in a real headless Chromium: it renders, shows the highlights, logs no errors.

Marked `browser`; skipped when no Chromium binary is installed (`.ci/install-browser` installs one).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from claimcheck.formats import RenderOptions, render
from claimcheck.model import Claim, DocumentResult, Issue, Report
from test_formats_fixtures import build_english, build_result

pytestmark = pytest.mark.browser

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("no chromium binary found in CI (run .ci/install-browser)")
    pytest.skip("no chromium binary found (run .ci/install-browser)")


def _run(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    args = [_browser(), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, color_type, _, _, interlace = header
    assert depth == 8 and color_type in (2, 6) and interlace == 0, header
    bpp = 3 if color_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - bpp] if x >= bpp else 0
            up = prev[x]
            up_left = prev[x - bpp] if x >= bpp else 0
            if filt == 1:
                line[x] = (line[x] + left) & 0xFF
            elif filt == 2:
                line[x] = (line[x] + up) & 0xFF
            elif filt == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif filt == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[x] = (line[x] + pred) & 0xFF
        rows.append(bytes(line) if bpp == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
        prev = line
    return width, height, rows


def _report_page(tmp_path: Path) -> Path:
    hostile = build_english("articles/hostile.md")
    hostile.document.text += "\n\n<script>document.title='pwned'</script><img src=x onerror=\"document.title='x'\">\n"
    start = hostile.document.text.index("<script>")
    hostile.claims.append(Claim(id="c9", kind="count", text="<script>", start=start, end=start + 8,
                                verdict="overstated",
                                issues=[Issue("hype-language", "warning", "<b onmouseover=alert(1)>x</b>")]))
    report = Report(results=[build_result(), hostile], register_version="browser-test-1")
    page = tmp_path / "report.html"
    page.write_text(render("html", report, RenderOptions(tool_version="0.0.1")), encoding="utf-8")
    return page


def test_screenshot_is_not_blank(tmp_path: Path) -> None:
    page = _report_page(tmp_path)
    shot = tmp_path / "shot.png"
    result = _run(tmp_path, page, f"--screenshot={shot}", "--window-size=1200,1600")
    assert shot.is_file(), result.stderr[-2000:]
    width, height, rows = decode_png(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    pixels = {row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12)}
    assert len(pixels) > 200, f"only {len(pixels)} distinct colours: blank page?"
    # the highlight colours are on screen (overstated, inaccurate, accurate backgrounds)
    for colour in ((0xFF, 0xDC, 0xC2), (0xFF, 0xD4, 0xD1), (0xD7, 0xF5, 0xDD)):
        assert bytes(colour) in pixels or any(
            all(abs(a - b) <= 3 for a, b in zip(p, colour, strict=True)) for p in pixels
        ), colour


def test_dom_has_highlights_and_no_injected_elements(tmp_path: Path) -> None:
    page = _report_page(tmp_path)
    result = _run(tmp_path, page, "--dump-dom")
    dom = result.stdout
    assert "<mark" in dom, result.stderr[-2000:]
    marks = re.findall(r'<mark class="claim (v-[a-z]+)', dom)
    assert {"v-accurate", "v-imprecise", "v-overstated", "v-inaccurate", "v-outdated", "v-unverified"} <= set(marks)
    assert "<title>Nieuwe" not in dom or "pwned" not in dom
    assert "pwned" not in re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    assert "<script" not in dom.lower()
    assert "<img" not in dom.lower()
    assert "&lt;script&gt;" in dom


def test_no_console_errors(tmp_path: Path) -> None:
    page = _report_page(tmp_path)
    result = _run(tmp_path, page, "--enable-logging=stderr", "--v=0", "--dump-dom")
    log = result.stderr
    console = [line for line in log.splitlines() if "CONSOLE" in line.upper() or "Uncaught" in line]
    assert console == [], console
    assert "Refused to" not in log  # nothing tried to run or load against the CSP


def test_decode_png_roundtrip() -> None:
    """The tiny decoder reads a PNG written by hand (filter 0, RGB)."""
    width, height = 2, 2
    raw = b"".join(b"\x00" + bytes([x * 100, y * 100, 50] * 1) + bytes([x * 100 + 1, 0, 0]) for x, y in
                   ((0, 0), (1, 1)))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    w, h, rows = decode_png(png)
    assert (w, h) == (2, 2)
    assert rows[1][:3] == bytes([100, 100, 50])


def test_english_only_report_renders(tmp_path: Path) -> None:
    page = tmp_path / "walk.html"
    page.write_text(render("html", Report(results=[build_english()]), RenderOptions()), encoding="utf-8")
    dom = _run(tmp_path, page, "--dump-dom").stdout
    assert 'data-claims="c1"' in dom and "A walk a day" in dom


def test_document_result_without_claims(tmp_path: Path) -> None:
    result = build_english()
    empty = DocumentResult(document=result.document)
    page = tmp_path / "empty.html"
    page.write_text(render("html", Report(results=[empty]), RenderOptions()), encoding="utf-8")
    dom = _run(tmp_path, page, "--dump-dom").stdout
    assert "No checkable claims found." in dom
