"""Ingest: every input kind becomes a Document with the right text, language and line map."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from claimcheck.errors import InputError
from claimcheck.ingest import IngestOptions, discover_inputs, load_document
from claimcheck.ingest.lang import detect_language

DUTCH = (
    "Onderzoekers van de universiteit volgden 120 patiënten met lage rugpijn.\n"
    "Na drie maanden was ongeveer de helft van de deelnemers hersteld, zo meldt het tijdschrift.\n"
)
ENGLISH = (
    "Researchers followed 120 patients with low back pain for a year.\n"
    "After three months about half of the participants had recovered, the journal reports.\n"
)


def test_plain_text_is_the_file_exactly(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DUTCH, encoding="utf-8")
    doc = load_document(str(path))
    assert doc.text == DUTCH
    assert doc.kind == "text"
    assert doc.language == "nl"
    offset = DUTCH.index("ongeveer")
    assert doc.position(offset) == (2, offset - DUTCH.index("Na drie") + 1)


def test_language_detection_and_override(tmp_path: Path) -> None:
    assert detect_language(DUTCH) == "nl"
    assert detect_language(ENGLISH) == "en"
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    assert load_document(str(path), IngestOptions(language="nl")).language == "nl"


def test_dutch_article_quoting_english_stays_dutch() -> None:
    text = (
        "Het tijdschrift schreef het volgende over de behandeling van de rug:\n"
        "The authors suggest a course of treatments for patients with chronic low back pain.\n"
        "Dat is een mooi resultaat voor de patiënten, zeggen de artsen.\n"
        "Ook de richtlijn is er positief over, volgens de vereniging.\n"
    )
    assert detect_language(text) == "nl"


MARKDOWN = """---
title: Rugpijn en bewegen
date: 2024-03-05
lang: nl
---

# Een kop die niet de titel is

Een gewone alinea over **rugpijn** met een [link naar de studie](https://doi.org/10.1000/xyz123).

```python
print("66 procent in een codeblok")
```

<!-- 99 procent in een commentaar -->

- Een lijst met 12 weken oefentherapie.

Volgens de onderzoekers was 40 procent na twaalf weken hersteld.
"""


def test_markdown_front_matter_code_comments_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "art.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = load_document(str(path))
    assert doc.kind == "markdown"
    assert doc.title == "Rugpijn en bewegen"
    assert doc.published == "2024-03-05"
    assert doc.language == "nl"
    assert len(doc.text) == len(MARKDOWN)
    assert "title:" not in doc.text
    assert "codeblok" not in doc.text
    assert "commentaar" not in doc.text
    assert "**" not in doc.text
    assert "https://doi.org" not in doc.text
    assert "link naar de studie" in doc.text
    assert [link.url for link in doc.links] == ["https://doi.org/10.1000/xyz123"]
    link = doc.links[0]
    assert doc.text[link.start : link.end] == "link naar de studie"
    offset = doc.text.index("40 procent")
    line = MARKDOWN[:offset].count("\n") + 1
    assert line == 19
    assert doc.position(offset) == (19, len("Volgens de onderzoekers was ") + 1)


def test_markdown_list_numbers_are_blanked(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text("Stappen:\n\n1. Pijneducatie helpt.\n2. Bewegen helpt ook.\n", encoding="utf-8")
    doc = load_document(str(path))
    assert "1." not in doc.text and "2." not in doc.text
    assert "Pijneducatie" in doc.text


HTML = """<!doctype html>
<html lang="nl"><head><title>Nieuw onderzoek naar rugpijn</title>
<meta name="author" content="Anna de Vries"></head>
<body>
<nav><a href="/">Home</a> | <a href="/contact">Contact</a></nav>
<article>
<h1>Nieuw onderzoek naar rugpijn</h1>
<p>Onderzoekers van de Universiteit Utrecht volgden 300 patiënten met chronische rugpijn gedurende een jaar.
Ongeveer een derde van de deelnemers was na drie maanden hersteld.</p>
<p>Het onderzoek verscheen in het tijdschrift <a href="https://doi.org/10.1002/ejp.1234">European Journal of Pain</a>
en werd betaald door de overheid. De onderzoekers willen nu een grotere studie opzetten met meer patiënten.</p>
</article>
<footer>Copyright 2024 Gezondheidsnieuws. Alle rechten voorbehouden.</footer>
</body></html>
"""


def test_html_main_text_metadata_and_links(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load_document(str(path))
    assert doc.kind == "html"
    assert doc.language == "nl"
    assert doc.title == "Nieuw onderzoek naar rugpijn"
    assert "300 patiënten" in doc.text
    assert "Alle rechten voorbehouden" not in doc.text
    urls = [link.url for link in doc.links]
    assert "https://doi.org/10.1002/ejp.1234" in urls
    offset = doc.text.index("Ongeveer een derde")
    line, _ = doc.position(offset)
    assert line is not None and HTML.split("\n")[line - 1].startswith("Ongeveer een derde")


def test_docx_paragraph_number_is_the_line(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "Concept"
    document.add_paragraph("Eerste alinea over rugpijn en de behandeling ervan.")
    document.add_paragraph("")
    document.add_paragraph("Bij de patiënten was 45 procent na acht weken pijnvrij.")
    path = tmp_path / "draft.docx"
    document.save(str(path))
    doc = load_document(str(path))
    assert doc.kind == "docx"
    # the title is the text's first headline-like line, not the file's (often a template's) property
    assert doc.title != "Concept" and doc.title
    offset = doc.text.index("45 procent")
    assert doc.position(offset) == (3, len("Bij de patiënten was ") + 1)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ENGLISH.encode("utf-8"))))
    doc = load_document("-")
    assert doc.input == "<stdin>"
    assert doc.text == ENGLISH


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "oud.txt"
    path.write_bytes("De patiënten waren tevreden over de behandeling, zeggen de artsen.".encode("latin-1"))
    assert "patiënten" in load_document(str(path)).text


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.txt", None, "no such file"),
        ("binary.txt", b"\x00\x01\x02\x03binary", "binary file"),
        ("empty.md", b"---\ntitle: x\n---\n\n", "empty article"),
        ("blank.txt", b"   \n\n", "empty article"),
        ("fake.docx", b"not a zip at all", "not a valid DOCX"),
    ],
)
def test_bad_inputs_name_the_file_and_problem(tmp_path: Path, name: str, content: bytes | None, problem: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_document(str(path))
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_folder_discovery(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("x", encoding="utf-8")
    (tmp_path / "sub" / "c.png").write_bytes(b"\x89PNG")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.md").write_text("x", encoding="utf-8")
    found = discover_inputs([str(tmp_path)])
    assert found == [str(tmp_path / "a.md"), str(tmp_path / "sub" / "b.html")]
    assert discover_inputs([str(tmp_path)], IngestOptions(exclude=["sub/*"])) == [str(tmp_path / "a.md")]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="holds no articles"):
        discover_inputs([str(empty)])


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("Rugpijn en bewegen\n\nGeplaatst door de redactie op 3 nov 2021\n\nTekst.", "2021-11-03"),
        ("Effect van oefentherapie\n01 Sep, 2025\nDoor een auteur\n", "2025-09-01"),
        ("Back pain news\nMarch 4, 2019 by a reporter\n", "2019-03-04"),
        ("Title\n2023-06-30\n", "2023-06-30"),
        ("Title\nNo date here at all, only 12 weeks of exercise.\n", None),
    ],
)
def test_dateline_of_text_articles(tmp_path: Path, head: str, date: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_text(head + "Onderzoekers volgden patiënten met rugpijn gedurende een jaar.\n", encoding="utf-8")
    assert load_document(str(path)).published == date
