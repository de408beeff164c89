"""Titles of plain-text articles: the examples of ingest/data/title.toml, and a few more cases."""

from __future__ import annotations

import pytest

from claimcheck.ingest import text_document
from claimcheck.ingest.title import _data, text_title


@pytest.mark.parametrize("example", _data()["examples"], ids=lambda e: e["title"][:30])
def test_data_examples(example: dict[str, str]) -> None:
    assert text_title(example["text"]) == example["title"]


def test_long_first_sentence_is_cut_at_a_phrase_boundary() -> None:
    text = ("Researchers at a Dutch hospital followed four hundred people with lower back pain for two years, "
            "and found that most of them improved without any treatment at all.\n")
    title = text_title(text)
    assert title == "Researchers at a Dutch hospital followed four hundred people with lower back pain for two years"
    assert len(title) <= 120


def test_bylines_and_furniture_are_skipped() -> None:
    assert text_title("Cookies\nBy Jane Doe\nMassage helps, a little\n\nBody text.") == "Massage helps, a little"


def test_no_headline_gives_none() -> None:
    assert text_title("\n\n   \n") is None
    assert text_document("• • •\n", "x.txt").title is None


def test_docx_title_is_the_title_paragraph_not_the_template_property(tmp_path) -> None:
    import docx

    from claimcheck.ingest import load_document

    draft = docx.Document()
    draft.core_properties.title = "Sjabloon nieuwsbrief 2013"
    draft.add_paragraph("Acupunctuur werkt niet beter dan nepnaalden", style="Title")
    draft.add_paragraph("In een studie onder 1162 mensen met rugpijn hielp echte acupunctuur niet beter.")
    path = tmp_path / "draft.docx"
    draft.save(str(path))
    assert load_document(str(path)).title == "Acupunctuur werkt niet beter dan nepnaalden"
    plain = docx.Document()
    plain.core_properties.title = "Template"
    plain.add_paragraph("Massage helps a little")
    plain.add_paragraph("Body text follows here.")
    plain.save(str(path))
    assert load_document(str(path)).title == "Massage helps a little"
