"""Robustness, by property: no input, however odd, makes claimcheck crash or point at the wrong text.

- extraction never raises; every claim's span lies inside the text and `text[start:end] == claim.text`;
  a plain-text claim's line/column is where its offset is in the file;
- ingesting arbitrary bytes as .txt/.md/.html raises nothing but InputError;
- Markdown ingestion keeps offsets as file offsets (same length, same line breaks);
- arbitrary HTML strings through `document_from_html` never raise;
- the full check (extract + grade) of arbitrary text never raises and gives strict JSON.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimcheck.errors import InputError
from claimcheck.ingest import IngestOptions, load_document, text_document
from claimcheck.model import Document

FIXTURE_REGISTER = Path(__file__).parent / "register_fixtures" / "valid"

# Lazy imports run on the first example; later ones are fast. No example may take long, but the
# first must be allowed to.
#: Multiplies every property's number of examples: CLAIMCHECK_PROPERTY_SCALE=20 for a long hunt.
SCALE = float(os.environ.get("CLAIMCHECK_PROPERTY_SCALE", "1"))


def common(examples: int = 200) -> settings:
    """Settings for these properties: no deadline, `examples` examples (times SCALE), slow-data checks off."""
    return settings(deadline=None, max_examples=max(1, int(examples * SCALE)),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def _extract() -> Callable[[Document], Any] | None:
    try:
        module = importlib.import_module("claimcheck.extract")
    except ImportError:
        return None
    return getattr(module, "extract", None)


needs_extract = pytest.mark.skipif(_extract() is None, reason="claimcheck.extract is not written yet")

# --- strategies -----------------------------------------------------------------------------------

# Pieces that look like what the extractors look for, in both languages, with the typography and
# noise of real articles; glued to arbitrary text so that every boundary case is met.
FRAGMENTS = [
    "66 procent", "66%", "66 %", "66,5%", "0,35", "1.234.567", "1,234,567", "12.5 percent", "nearly 70%",
    "bijna 70 procent", "more than half", "meer dan de helft", "one in three", "een op de drie", "één op de vier",
    "33 of 50", "33 van de 50", "3 out of 4", "between 10 and 20", "tussen 10 en 20", "10-20", "10–20 %",
    "10 tot 20 procent", "2 million", "1,5 miljoen", "twenty-five", "vijfentwintig", "honderdvijftig",
    "a dozen", "anderhalf jaar", "12 weeks", "twaalf weken", "six months", "5 jaar", "g = -1.14", "SMD -0.5",
    "OR 1.8 (95% CI 1.2 to 2.7)", "RR 0,8 (95%-BI 0,6-1,1)", "p < .001", "p=0.03", "n = 151", "n=151",
    "151 participants", "151 deelnemers", "according to researchers", "volgens onderzoekers",
    "JAMA Psychiatry", "doi:10.1001/jamapsychiatry.2021.2669", "https://doi.org/10.5555/x.1",
    "PMID: 34586357", "cures", "geneest", "proves", "bewijst", "may help", "kan helpen", "breakthrough",
    "doorbraak", "in mice", "bij muizen", "twice as many", "half", "de helft", "driekwart", "1e999",
    "9" * 40, "0.000000001", "-5%", "+12%", "½", "¾", "٣", "１２", "12\u00a0%", "12\u202fprocent",
    "\u201c", "\u201d", "\u2019", "\u2013", "\u2014", "…", "\u00ad", "\u200b", "\ufeff", "\r\n", "\n\n", "\t",
    ".", ". ", "!", "?", ";", ":", "(", ")", "[", "]", "*", "_", "#", "<", ">", "&amp;", "&", "\\",
]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(max_size=30),
        st.text(alphabet="0123456789.,%- ", max_size=12),
        st.integers(min_value=-10**12, max_value=10**12).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from([" ", " ", "\n", ". "]),
    ),
    max_size=60,
).map("".join)
LANGUAGES = st.sampled_from(["en", "nl"])

TAGS = ["p", "div", "span", "a", "h1", "h2", "article", "main", "table", "tr", "td", "ul", "li", "br", "img",
        "script", "style", "head", "body", "html", "title", "meta", "nav", "footer", "iframe", "svg", "template",
        "noscript", "form", "pre", "code", "blockquote"]
ATTRS = st.sampled_from(['', ' href="x"', ' href="https://doi.org/10.1/x"', ' href', ' lang="nl"',
                         ' class="comments"', ' charset="utf-8"', ' content="2021-01-01"', " style='x'",
                         ' href="javascript:void(0)"', ' href="#top"', ' src="data:,"', " a=b c='d' e"])
HTML_PIECE = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), ATTRS),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(["<!doctype html>", "<!--", "-->", "<!-- c -->", "<![CDATA[x]]>", "<?xml version='1.0'?>",
                     "&nbsp;", "&#0;", "&#x110000;", "&#99999999;", "&unknown;", "<", ">", "</", "<a", "\x00",
                     "<meta http-equiv='refresh'>", "<base href='::'>", "<a href='http://[::1'>x</a>"]),
    TEXT,
)
HTML = st.lists(HTML_PIECE, max_size=40).map("".join)


# --- helpers --------------------------------------------------------------------------------------

@cache
def _registers() -> tuple[Any, ...]:
    """The fixture register, and the project's own register when it loads (it may be mid-edit)."""
    from claimcheck.errors import RegisterError
    from claimcheck.register import load_register

    found = [load_register(FIXTURE_REGISTER)]
    with contextlib.suppress(RegisterError):
        found.append(load_register())
    return tuple(found)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A folder for the files the ingest properties write (hypothesis reuses it across examples)."""
    with tempfile.TemporaryDirectory(prefix="claimcheck-properties-") as tmp:
        yield Path(tmp)


def _check_claims(text: str, claims: list[Any]) -> None:
    ids = [claim.id for claim in claims]
    assert len(ids) == len(set(ids)), f"duplicate claim ids: {ids}"
    for claim in claims:
        assert 0 <= claim.start <= claim.end <= len(text), (claim.start, claim.end, len(text))
        assert text[claim.start:claim.end] == claim.text, (claim.text, text[claim.start:claim.end])


# --- extraction -----------------------------------------------------------------------------------

@needs_extract
@common()
@given(text=TEXT, lang=LANGUAGES)
def test_extraction_spans_are_the_claims_text(text: str, lang: str) -> None:
    extract = _extract()
    assert extract is not None
    document = text_document(text, "prop.txt")
    document.language = lang
    extraction = extract(document)
    assert not getattr(extraction, "errors", None), extraction.errors  # a stage that raised, survived
    _check_claims(text, extraction.claims)
    for claim in extraction.claims:
        if claim.line is not None:  # plain text: the text is the file, so lines are countable
            assert claim.line == text.count("\n", 0, claim.start) + 1
            assert claim.column == claim.start - (text.rfind("\n", 0, claim.start) + 1) + 1
    for citation in extraction.citations:
        if citation.start is not None and citation.end is not None:
            assert 0 <= citation.start <= citation.end <= len(text)


@needs_extract
@common()
@given(text=TEXT, lang=LANGUAGES)
def test_extraction_of_markdown_keeps_file_offsets(text: str, lang: str) -> None:
    from claimcheck.ingest.markdown import parse_markdown

    extract = _extract()
    assert extract is not None
    document = parse_markdown(text, "prop.md")
    document.language = lang
    extraction = extract(document)
    assert not getattr(extraction, "errors", None), extraction.errors
    _check_claims(document.text, extraction.claims)


# --- ingest ---------------------------------------------------------------------------------------

@common(300)
@given(data=st.one_of(st.binary(max_size=2000), TEXT.map(lambda s: s.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".md", ".markdown", ".text"]))
def test_ingest_of_any_bytes_raises_only_input_error(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    try:
        document = load_document(str(path), IngestOptions())
    except InputError:
        return
    assert document.language in ("nl", "en")
    assert document.text.strip()


@common(200)
@given(data=st.one_of(st.binary(max_size=1500), HTML.map(lambda s: s.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from([".html", ".htm"]))
def test_ingest_of_any_bytes_as_html_raises_only_input_error(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"page{suffix}"
    path.write_bytes(data)
    try:
        load_document(str(path), IngestOptions())
    except InputError:
        return


@common(200)
@given(text=TEXT)
def test_markdown_text_offsets_are_file_offsets(text: str) -> None:
    from claimcheck.ingest.markdown import parse_markdown

    document = parse_markdown(text, "prop.md")
    assert len(document.text) == len(text)
    assert [i for i, ch in enumerate(document.text) if ch == "\n"] == [i for i, ch in enumerate(text) if ch == "\n"]


@common(150)
@given(raw=HTML)
@example(raw="<svg><p><p>")  # trafilatura's metadata pass (htmldate) raised AssertionError on this
@example(raw="")
def test_any_html_string_is_read_without_raising(raw: str) -> None:
    from claimcheck.ingest.html import document_from_html

    document = document_from_html(raw, "prop.html")
    for link in document.links:
        if link.start is not None:
            assert document.text[link.start:link.end] == link.text


# --- the whole check ------------------------------------------------------------------------------

@needs_extract
@common(200)
@given(text=TEXT, lang=LANGUAGES, published=st.one_of(st.none(), st.sampled_from(["2021-11-03", "1990", "x"])))
def test_full_check_of_any_text_never_raises(text: str, lang: str, published: str | None) -> None:
    from claimcheck.checker import check_document

    for register in _registers():
        document = text_document(text, "prop.txt")
        document.language = lang
        document.published = published
        result = check_document(document, register, grade=True)
        _check_claims(text, result.claims)
        for claim in result.claims:
            assert claim.verdict is not None
        json.dumps(result.to_dict(), allow_nan=False)  # strict JSON: no NaN or Infinity


@needs_extract
@common(60)
@given(raw=HTML, lang=st.one_of(st.none(), LANGUAGES))
def test_full_check_of_any_html_never_raises(raw: str, lang: str | None) -> None:
    from claimcheck.checker import check_document
    from claimcheck.ingest.html import document_from_html

    document = document_from_html(raw, "prop.html", language=lang)
    document.language = document.language or "en"
    result = check_document(document, _registers()[0], grade=True)
    _check_claims(document.text, result.claims)
    json.dumps(result.to_dict(), allow_nan=False)
