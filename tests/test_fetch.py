"""Fetching URLs: claimcheck.ingest.fetch and `claimcheck fetch`, against a local server only."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from claimcheck.errors import FetchError
from claimcheck.ingest.fetch import FetchOptions, decode_body, fetch_url, load_url
from claimcheck.model import Document

ARTICLE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Walking after lunch lowers blood sugar, small trial finds</title>
  <meta name="author" content="Jane Reporter">
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/health">Health</a></nav>
  <article>
    <h1>Walking after lunch lowers blood sugar, small trial finds</h1>
    <p>A ten-minute walk after lunch lowered blood sugar peaks by 17 percent in a trial of
    48 adults with prediabetes, researchers report in a new study.</p>
    <p>The participants who walked had lower glucose two hours after the meal than those who sat
    still, according to the <a href="https://doi.org/10.1000/example.123">paper</a>. The effect was
    small and the trial lasted only four weeks, the authors caution.</p>
    <p>Experts not involved in the study said the findings fit earlier work on movement after meals,
    but that larger and longer trials are needed before firm advice can be given.</p>
  </article>
  <footer>Copyright The Example Times</footer>
</body>
</html>
"""


@pytest.fixture()
def options(tmp_path: Path) -> FetchOptions:
    """Fast, isolated options: a private cache folder, tiny backoff, robots ignored by default."""
    return FetchOptions(cache_dir=tmp_path / "cache", respect_robots=False, backoff_base=0.01)


def page_requests(server: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in server.log if request.path == path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_line(exc: pytest.ExceptionInfo[FetchError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


# ------------------------------------------------------------------------------------------ plain pages


def test_plain_page(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/article")
    page = fetch_url(url, options)
    assert page.status == 200
    assert page.url == url and page.final_url == url
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert page.body == ARTICLE.encode()
    assert "17 percent" in page.text
    assert page.from_cache is False
    assert page.fetched_at.endswith("Z")
    user_agent = httpserver.log[0][0].headers["User-Agent"]
    assert user_agent.startswith("claimcheck/") and "+http" in user_agent


def test_declared_charset_wins(httpserver: HTTPServer, options: FetchOptions) -> None:
    body = "<html><body><p>Één op de drie deelnemers</p></body></html>".encode("latin-1")
    httpserver.expect_request("/latin").respond_with_data(body, content_type="text/html; charset=iso-8859-1")
    page = fetch_url(httpserver.url_for("/latin"), options)
    assert "Één op de drie" in page.text
    assert page.encoding == "iso8859-1"


def test_undeclared_charset_detected() -> None:
    article = (
        "Dit is een artikel over gezondheid, één dat vaak wordt gedeeld. Volgens de onderzoekers "
        "verbeterde de conditie van de deelnemers na drie maanden; zij noemden het resultaat "
        "veelbelovend, maar waarschuwden dat de studie klein was. Coördinator: ‘Het effect is reëel.’\n"
    ) * 3
    text, encoding = decode_body(article.encode("cp1252"), "text/plain")
    assert "één dat vaak" in text and "‘Het effect is reëel.’" in text
    assert encoding
    meta = b'<html><head><meta charset="windows-1252"></head><body>caf\xe9</body></html>'
    assert "café" in decode_body(meta, "text/html")[0]


def test_plain_text_is_accepted(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/note.txt").respond_with_data(
        "Half of the 200 participants improved.\n", content_type="text/plain"
    )
    doc = load_url(httpserver.url_for("/note.txt"), options)
    assert doc.kind == "url"
    assert doc.url == httpserver.url_for("/note.txt")
    assert doc.text == "Half of the 200 participants improved.\n"
    assert doc.language == "en"


def test_load_url_html(httpserver: HTTPServer, options: FetchOptions) -> None:
    pytest.importorskip("claimcheck.ingest.html")
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/article"})
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    doc = load_url(httpserver.url_for("/old"), options)
    assert isinstance(doc, Document)
    assert doc.kind == "url"
    assert doc.url == httpserver.url_for("/article")
    assert doc.input == httpserver.url_for("/old")
    assert "17 percent" in doc.text
    assert "Copyright" not in doc.text
    assert any(link.url == "https://doi.org/10.1000/example.123" for link in doc.links)


# ------------------------------------------------------------------------------------------- redirects


def test_redirect_is_followed(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/mid"})
    httpserver.expect_request("/mid").respond_with_data("", status=302, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data(ARTICLE, content_type="text/html")
    page = fetch_url(httpserver.url_for("/old"), options)
    assert page.url == httpserver.url_for("/old")
    assert page.final_url == httpserver.url_for("/new")
    assert page.status == 200


def test_too_many_redirects(httpserver: HTTPServer, options: FetchOptions) -> None:
    for n in range(8):
        httpserver.expect_request(f"/r{n}").respond_with_data("", status=302, headers={"Location": f"/r{n + 1}"})
    httpserver.expect_request("/r8").respond_with_data(ARTICLE, content_type="text/html")
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/r0"), options)
    assert "too many redirects" in one_line(exc)
    assert page_requests(httpserver, "/r8") == 0
    assert len(httpserver.log) == 6  # the first request and 5 redirects


# --------------------------------------------------------------------------------------- HTTP errors


def test_404(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    url = httpserver.url_for("/gone")
    with pytest.raises(FetchError) as exc:
        fetch_url(url, options)
    assert one_line(exc) == f"{url}: HTTP 404 Not Found"
    assert len(httpserver.log) == 1  # 4xx is not retried


def test_429_then_success(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_data("slow down", status=429, headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/busy").respond_with_data(ARTICLE, content_type="text/html")
    page = fetch_url(httpserver.url_for("/busy"), options)
    assert page.status == 200
    assert page_requests(httpserver, "/busy") == 2


def test_503_until_retries_run_out(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/down").respond_with_data("down", status=503)
    started = time.monotonic()
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/down"), options)
    assert "HTTP 503 Service Unavailable (after 4 attempts)" in one_line(exc)
    assert page_requests(httpserver, "/down") == 4  # the first attempt and 3 retries
    assert time.monotonic() - started < 5


def test_503_three_times_with_two_retries(httpserver: HTTPServer, options: FetchOptions) -> None:
    for _ in range(3):
        httpserver.expect_ordered_request("/flaky").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_data(ARTICLE, content_type="text/html")
    options.retries = 2
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch_url(httpserver.url_for("/flaky"), options)
    assert page_requests(httpserver, "/flaky") == 3


def test_long_retry_after_gives_up(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/later").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/later"), options)
    assert "HTTP 429 Too Many Requests" in one_line(exc)
    assert "3600" in str(exc.value)
    assert page_requests(httpserver, "/later") == 1


# ------------------------------------------------------------------------------------------- size cap


def test_size_cap_by_content_length(httpserver: HTTPServer, options: FetchOptions) -> None:
    options.max_bytes = 1000
    httpserver.expect_request("/big").respond_with_data(b"<p>" + b"x" * 5000 + b"</p>", content_type="text/html")
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/big"), options)
    assert "too large (Content-Length 5007 bytes" in one_line(exc)


def test_size_cap_while_streaming(httpserver: HTTPServer, options: FetchOptions) -> None:
    options.max_bytes = 1000

    def chunked(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(50):
                yield b"<p>" + b"y" * 100 + b"</p>\n"

        return Response(body(), content_type="text/html")  # no Content-Length: chunked

    httpserver.expect_request("/stream").respond_with_handler(chunked)
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/stream"), options)
    assert "too large (more than 1000 bytes)" in one_line(exc)


# -------------------------------------------------------------------------------------- content type


def test_non_html_content_type(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/paper.pdf").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/paper.pdf"), options)
    assert "not an HTML page (content type application/pdf)" in one_line(exc)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.org/article", "unsupported scheme 'ftp'"),
        ("file:///etc/passwd", "unsupported scheme 'file'"),
        ("example.org/article", "not a URL"),
    ],
)
def test_unsupported_scheme(url: str, problem: str, options: FetchOptions) -> None:
    with pytest.raises(FetchError) as exc:
        fetch_url(url, options)
    assert one_line(exc).startswith(f"{url}: {problem}")
    assert not (options.cache_dir and options.cache_dir.exists())  # nothing was done


# ------------------------------------------------------------------------------------ network errors


def test_redirect_to_another_scheme(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/sneaky").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/sneaky"), options)
    assert "unsupported" in one_line(exc)


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        ("ConnectError", "cannot resolve host name 'news.example' (DNS lookup failed)"),
        ("ConnectTimeout", "timed out connecting to news.example"),
        ("ReadTimeout", "timed out (no complete answer within 30 s)"),
    ],
)
def test_transport_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch, options: FetchOptions, error: str, problem: str
) -> None:
    import httpx

    def fail(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        raise getattr(httpx, error)("[Errno -2] Name or service not known", request=request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", fail)
    with pytest.raises(FetchError) as exc:
        fetch_url("http://news.example/article", options)
    assert one_line(exc) == f"http://news.example/article: {problem}"


def test_unreachable_port(options: FetchOptions) -> None:
    url = f"http://127.0.0.1:{free_port()}/article"
    with pytest.raises(FetchError) as exc:
        fetch_url(url, options)
    message = one_line(exc)
    assert message.startswith(f"{url}: ")
    assert "refused" in message or "cannot connect" in message


def test_unreachable_port_with_robots(options: FetchOptions) -> None:
    options.respect_robots = True
    url = f"http://127.0.0.1:{free_port()}/article"
    with pytest.raises(FetchError, match=r"refused|cannot connect"):
        fetch_url(url, options)


def test_overall_deadline(httpserver: HTTPServer, options: FetchOptions) -> None:
    options.total_timeout = 0.5

    def trickle(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(20):
                yield b"<p>still loading</p>\n"
                time.sleep(0.1)

        return Response(body(), content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(trickle)
    started = time.monotonic()
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/slow"), options)
    assert "timed out" in one_line(exc)
    assert time.monotonic() - started < 1.5


# -------------------------------------------------------------------------------------------- robots


def test_robots_disallow_and_override(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    httpserver.expect_request("/private/article").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/public").respond_with_data(ARTICLE, content_type="text/html")
    options.respect_robots = True
    with pytest.raises(FetchError) as exc:
        fetch_url(httpserver.url_for("/private/article"), options)
    assert "disallowed by the site's robots.txt" in one_line(exc)
    assert "--ignore-robots" in str(exc.value)
    assert page_requests(httpserver, "/private/article") == 0

    assert fetch_url(httpserver.url_for("/public"), options).status == 200
    assert page_requests(httpserver, "/robots.txt") == 1  # robots.txt is cached per host

    options.respect_robots = False
    assert fetch_url(httpserver.url_for("/private/article"), options).status == 200


def test_robots_naming_claimcheck(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: claimcheck\nDisallow: /\n\nUser-agent: *\nAllow: /\n", content_type="text/plain"
    )
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    options.respect_robots = True
    with pytest.raises(FetchError, match=r"robots\.txt"):
        fetch_url(httpserver.url_for("/article"), options)


@pytest.mark.parametrize("status", [404, 500])
def test_missing_or_broken_robots_allows(httpserver: HTTPServer, options: FetchOptions, status: int) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=status)
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    options.respect_robots = True
    assert fetch_url(httpserver.url_for("/article"), options).status == 200


def test_redirect_into_disallowed_path(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /members/\n")
    httpserver.expect_request("/teaser").respond_with_data("", status=302, headers={"Location": "/members/x"})
    httpserver.expect_request("/members/x").respond_with_data(ARTICLE, content_type="text/html")
    options.respect_robots = True
    with pytest.raises(FetchError, match=r"robots\.txt"):
        fetch_url(httpserver.url_for("/teaser"), options)


# --------------------------------------------------------------------------------------------- cache


def test_cache_hit_makes_no_request(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/article"})
    httpserver.expect_request("/article").respond_with_data(
        ARTICLE, content_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store, no-cache"}
    )
    options.respect_robots = True
    first = fetch_url(httpserver.url_for("/old"), options)
    count = len(httpserver.log)
    assert count == 3  # robots.txt, the redirect, the page
    second = fetch_url(httpserver.url_for("/old"), options)
    assert len(httpserver.log) == count  # no network I/O at all
    assert second.from_cache is True
    assert second.body == first.body and second.text == first.text
    assert second.final_url == first.final_url == httpserver.url_for("/article")
    assert second.fetched_at == first.fetched_at
    assert second.url.endswith("/old")


def test_cache_survives_the_server(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    url = httpserver.url_for("/article")
    fetch_url(url, options)
    httpserver.clear()  # every request would now fail
    assert fetch_url(url, options).from_cache is True
    assert fetch_url(url + "#section", options).from_cache is True  # fragments are never sent


def test_no_cache_requests_again(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    url = httpserver.url_for("/article")
    fetch_url(url, options)
    options.use_cache = False
    page = fetch_url(url, options)
    assert page.from_cache is False
    assert page_requests(httpserver, "/article") == 2


def test_errors_are_not_cached(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    url = httpserver.url_for("/gone")
    for _ in range(2):
        with pytest.raises(FetchError):
            fetch_url(url, options)
    assert page_requests(httpserver, "/gone") == 2


def test_corrupt_cache_entry_is_a_miss(httpserver: HTTPServer, options: FetchOptions) -> None:
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    url = httpserver.url_for("/article")
    fetch_url(url, options)
    assert options.cache_dir is not None
    for body in options.cache_dir.rglob("*.body"):
        body.write_bytes(b"truncated")
    page = fetch_url(url, options)
    assert page.from_cache is False and page.body == ARTICLE.encode()


# ------------------------------------------------------------------------------------------- command


def _cli_args(out: Path, cache: Path, *urls: str) -> list[str]:
    return ["fetch", *urls, "-o", str(out), "--cache-dir", str(cache)]


def test_fetch_command_writes_three_files(httpserver: HTTPServer, tmp_path: Path) -> None:
    pytest.importorskip("claimcheck.ingest.html")
    from claimcheck.cli import cli

    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/health/walking-after-lunch.html").respond_with_data(
        ARTICLE, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/health/walking-after-lunch.html")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, _cli_args(out, tmp_path / "cache", url))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress when stderr is not a terminal
    slug = f"localhost-{httpserver.port}-health-walking-after-lunch"
    assert sorted(p.name for p in out.iterdir()) == [f"{slug}.html", f"{slug}.json", f"{slug}.txt"]
    assert (out / f"{slug}.html").read_bytes() == ARTICLE.encode()
    text = (out / f"{slug}.txt").read_text("utf-8")
    assert "17 percent" in text and "Copyright" not in text
    meta = json.loads((out / f"{slug}.json").read_text("utf-8"))
    assert meta["url"] == url and meta["final_url"] == url
    assert meta["status"] == 200
    assert meta["content_type"] == "text/html"
    assert meta["title"] == "Walking after lunch lowers blood sugar, small trial finds"
    assert meta["language"] == "en"
    assert meta["fetched_at"]
    assert {"author", "published", "links"} <= meta.keys()
    assert any(link["url"] == "https://doi.org/10.1000/example.123" for link in meta["links"])

    # Again: from the cache, overwriting its own earlier output.
    count = len(httpserver.log)
    result = CliRunner().invoke(cli, _cli_args(out, tmp_path / "cache", url))
    assert result.exit_code == 0
    assert len(httpserver.log) == count
    assert len(list(out.iterdir())) == 3


def test_fetch_command_reports_failures_and_goes_on(httpserver: HTTPServer, tmp_path: Path) -> None:
    pytest.importorskip("claimcheck.ingest.html")
    from claimcheck.cli import cli

    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    gone, good = httpserver.url_for("/gone"), httpserver.url_for("/article")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [*_cli_args(out, tmp_path / "cache", gone, "ftp://example.org/x", good)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"claimcheck: {gone}: HTTP 404 Not Found" in lines
    assert any(line.startswith("claimcheck: ftp://example.org/x: unsupported scheme") for line in lines)
    assert len(lines) == 2
    assert len(list(out.glob("*.json"))) == 1


def test_fetch_command_keeps_other_files(httpserver: HTTPServer, tmp_path: Path) -> None:
    pytest.importorskip("claimcheck.ingest.html")
    from claimcheck.cli import cli

    httpserver.expect_request("/article").respond_with_data(ARTICLE, content_type="text/html")
    url = httpserver.url_for("/article")
    out = tmp_path / "out"
    out.mkdir()
    slug = f"localhost-{httpserver.port}-article"
    (out / f"{slug}.txt").write_text("someone else's notes\n")
    result = CliRunner().invoke(cli, [*_cli_args(out, tmp_path / "cache", url), "--ignore-robots"])
    assert result.exit_code == 0, result.output
    assert (out / f"{slug}.txt").read_text() == "someone else's notes\n"
    assert (out / f"{slug}-2.json").exists()


def test_url_slugs_are_safe_and_distinct() -> None:
    from claimcheck.commands.fetch import url_slug

    assert url_slug("https://www.Example.org/health/Walking%20After-Lunch.html") == (
        "www.example.org-health-walking-after-lunch"
    )
    assert url_slug("https://example.org/") == "example.org"
    a, b = url_slug("https://example.org/a?id=1"), url_slug("https://example.org/a?id=2")
    assert a != b and a.startswith("example.org-a-")
    long = url_slug("https://example.org/" + "x" * 300)
    assert len(long) <= 90
    for slug in (a, b, long, url_slug("https://example.org/../../etc/passwd")):
        assert "/" not in slug and ".." not in slug.replace("example.org", "")
