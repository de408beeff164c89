"""The Starlette application behind `claimcheck serve`.

    GET  /                 the page: a text box for a pasted draft, a file drop, language and date
    POST /check            multipart form (text or file) -> the annotated HTML report
    GET  /download/{token} the annotated Word copy of a checked draft

Uploads are parsed by Starlette (python-multipart) and read in memory; the register is loaded
once, on the first check. A bad upload (binary, over 10 MB, a type that is not read) is answered
with the page and a one-line message, never a traceback.
"""

from __future__ import annotations

import html
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from claimcheck.errors import ClaimcheckError, InputError

#: Largest upload or pasted draft read (the same limit as for files on the command line).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: File types the page reads, by suffix.
UPLOAD_SUFFIXES = (".docx", ".md", ".markdown", ".html", ".htm", ".txt")
#: Annotated copies kept in memory for download (the oldest goes first).
KEPT_DOWNLOADS = 32
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class UploadProblem(Exception):
    """A problem with what was sent, told to the user on the page (with an HTTP status)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(slots=True)
class Checked:
    """What one check gives the page: the report as HTML and, when there is one, the annotated copy."""

    report_html: str
    download: tuple[str, bytes] | None
    comments: int
    #: How the draft was read ("the draft holds tracked changes ..."), and the date and language used.
    notes: list[str]


@lru_cache(maxsize=1)
def _page_template() -> Any:
    import jinja2

    source = files("claimcheck.serve").joinpath("page.html.j2").read_text("utf-8")
    return jinja2.Environment(autoescape=True).from_string(source)


def page(message: str | None = None, text: str = "") -> str:
    """The form page, with a message about the last attempt when there is one."""
    return _page_template().render(message=message, text=text, max_mb=MAX_UPLOAD_BYTES // 1024 // 1024,
                                   accept=",".join(UPLOAD_SUFFIXES))


class Checker:
    """Checks drafts with one register, loaded on first use, and keeps annotated copies in memory."""

    def __init__(self, register_root: Path | None = None) -> None:
        self.register_root = register_root
        self._register: Any = None
        self.downloads: OrderedDict[str, tuple[str, bytes]] = OrderedDict()

    def register(self) -> Any:
        if self._register is None:
            from claimcheck.checker import CheckOptions, load_register_for

            self._register = load_register_for(CheckOptions(register_root=self.register_root))
        return self._register

    def keep(self, name: str, data: bytes) -> str:
        """Hold an annotated copy for download; the token to fetch it by."""
        token = secrets.token_urlsafe(16)
        self.downloads[token] = (name, data)
        while len(self.downloads) > KEPT_DOWNLOADS:
            self.downloads.popitem(last=False)
        return token

    def check(self, data: bytes, name: str, lang: str | None, date: str | None) -> Checked:
        """Check one draft (bytes as uploaded, with its file name)."""
        from claimcheck.checker import check_document
        from claimcheck.formats import RenderOptions, render
        from claimcheck.ingest import IngestOptions, document_from_bytes
        from claimcheck.model import Report
        from claimcheck.suppress import apply_suppressions

        options = IngestOptions(language=lang, date=date)
        document = document_from_bytes(data, name, options)
        register = self.register()
        result = check_document(document, register)
        report = Report(results=[result], register_version=register.version)
        apply_suppressions(report)
        download = None
        comments = 0
        if document.kind == "docx":
            from claimcheck.annotate import annotated_bytes, default_output

            annotated, comments = annotated_bytes(result, data)
            download = (default_output(Path(name)).name, annotated)
        from claimcheck import __version__

        date = f"dated {document.published} ({document.published_from})" if document.published else "undated"
        notes = [f"{date} · language {document.language}", *document.notes]
        return Checked(render("html", report, RenderOptions(tool_version=__version__)), download, comments, notes)


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


async def _read_upload(upload: UploadFile) -> bytes:
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadProblem(f"{upload.filename} is over {MAX_UPLOAD_BYTES // 1024 // 1024} MB; "
                            "claimcheck reads drafts up to that size", 413)
    return data


async def _draft_from(form: Any, text: str) -> tuple[bytes, str, str | None, str | None]:
    """(bytes, file name, language, date) of the draft a form sends; UploadProblem when it is unusable."""
    lang = str(form.get("lang") or "") or None
    if lang not in (None, "nl", "en"):
        raise UploadProblem("language must be nl or en (or left to detect)")
    date = str(form.get("date") or "").strip() or None
    if date:
        from claimcheck.ingest import parse_date

        try:
            date = parse_date(date)
        except ValueError as exc:
            raise UploadProblem(str(exc)) from None
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        name = Path(upload.filename).name
        if _suffix(name) not in UPLOAD_SUFFIXES:
            raise UploadProblem(f"{name}: claimcheck reads {', '.join(UPLOAD_SUFFIXES)} files, not this type", 415)
        return await _read_upload(upload), name, lang, date
    if text.strip():
        if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
            raise UploadProblem(f"the pasted text is over {MAX_UPLOAD_BYTES // 1024 // 1024} MB", 413)
        from claimcheck.annotate import text_to_docx

        return text_to_docx(text.replace("\r\n", "\n")), "pasted-draft.docx", lang, date
    raise UploadProblem("paste a draft in the box or choose a file first")


def _banner(checked: Checked, token: str | None, name: str) -> str:
    """The bar put above the report: what was checked, the download, and a way back."""
    parts = [f'<strong>claimcheck</strong> · {html.escape(name)}']
    if token is not None and checked.download is not None:
        label = f"Download the annotated Word copy ({checked.comments} comment{'' if checked.comments == 1 else 's'})"
        parts.append(f'<a id="download" href="/download/{token}" download="{html.escape(checked.download[0])}">'
                     f"{label}</a>")
    parts.extend(f'<span class="note">{html.escape(note)}</span>' for note in checked.notes)
    parts.append('<a id="again" href="/">Check another draft</a>')
    style = ("font:15px system-ui,sans-serif;padding:.6em 1em;background:#1f2937;color:#fff;display:flex;"
             "gap:1.5em;flex-wrap:wrap;align-items:center")
    links = "<style>#claimcheck-serve a{color:#93c5fd}</style>"
    return f'{links}<nav id="claimcheck-serve" style="{style}">{" ".join(parts)}</nav>'


def _with_banner(report_html: str, banner: str) -> str:
    """`report_html` with `banner` at the top of its body."""
    at = report_html.find("<body")
    if at < 0:
        return banner + report_html
    close = report_html.find(">", at) + 1
    return report_html[:close] + banner + report_html[close:]


def create_app(register_root: Path | None = None) -> Starlette:
    """The web application (a fresh one per call, holding its own downloads)."""
    checker = Checker(register_root)

    async def index(request: Request) -> Response:
        return HTMLResponse(page())

    async def check(request: Request) -> Response:
        text = ""
        try:
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > MAX_UPLOAD_BYTES + 64 * 1024:
                raise UploadProblem(f"the upload is over {MAX_UPLOAD_BYTES // 1024 // 1024} MB; "
                                    "claimcheck reads drafts up to that size", 413)
            try:
                form = await request.form(max_files=1, max_fields=8, max_part_size=MAX_UPLOAD_BYTES)
            except Exception as exc:  # python-multipart's parse errors, or a body that is not a form
                raise UploadProblem(f"the upload could not be read ({type(exc).__name__})") from None
            try:
                text = str(form.get("text") or "")
                data, name, lang, date = await _draft_from(form, text)
            finally:
                await form.close()  # an upload spooled to a temporary file is gone with it
            checked = await run_in_threadpool(checker.check, data, name, lang, date)
        except UploadProblem as problem:
            return HTMLResponse(page(problem.message, text), status_code=problem.status)
        except InputError as exc:
            return HTMLResponse(page(str(exc), text), status_code=422)
        except ClaimcheckError as exc:
            return HTMLResponse(page(str(exc), text), status_code=422)
        except Exception as exc:  # a bug must not show a traceback to the user
            return HTMLResponse(page(f"claimcheck could not check this draft ({type(exc).__name__})", text),
                                status_code=500)
        token = checker.keep(*checked.download) if checked.download else None
        return HTMLResponse(_with_banner(checked.report_html, _banner(checked, token, name)))

    async def download(request: Request) -> Response:
        kept = checker.downloads.get(request.path_params["token"])
        if kept is None:
            return HTMLResponse(page("that annotated copy is no longer here: check the draft again"), 404)
        name, data = kept
        plain = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
        disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
        return Response(data, media_type=DOCX_TYPE, headers={"Content-Disposition": disposition})

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    return Starlette(routes=[
        Route("/", index, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
        Route("/check", check, methods=["POST"]),
        Route("/download/{token}", download, methods=["GET"]),
    ])
