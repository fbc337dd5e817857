"""Direction follows language: `dir` beside every `lang` in HTML, bidi paragraphs and
right-to-left runs in DOCX, with no field of its own in the documents."""

from __future__ import annotations

from datetime import UTC, datetime

from briefgen.documents.blocks import Cell, Column, Numbered, Para, Row, Table, Text
from briefgen.render.docx.document import new_document
from briefgen.render.docx.writer import Target, write
from briefgen.render.html.jinja import direction, environment
from briefgen.render.html.renderer import Links

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AR = "نعتمد هذا الإعلان."


def html(*blocks: object) -> str:
    template = environment().from_string(
        '{% from "blocks.html.j2" import blocks %}{{ blocks(items, ctx) }}'
    )
    return template.render(items=blocks, ctx=Links())


def test_direction_is_the_languages() -> None:
    assert [direction(x) for x in ("ar", "ar-EG", "fa", "en", "zh-Hans", "ru")] == [
        "rtl",
        "rtl",
        "rtl",
        "ltr",
        "ltr",
        "ltr",
    ]


def test_every_lang_in_html_has_its_dir() -> None:
    page = html(
        Numbered("1", (Text(AR),), "para-1", lang="ar"),
        Para((Text("Cite as "), Text(AR, lang="ar")), lang="en"),
        Table(
            (Column(), Column()),
            (),
            (Row((Cell((Text("We adopt it."),), lang="en"), Cell((Text(AR),), lang="ar"))),),
        ),
    )
    assert '<p class="para" id="para-1" lang="ar" dir="rtl"' in page
    assert '<p lang="en" dir="ltr">Cite as <span lang="ar" dir="rtl">' in page
    assert '<td lang="en" dir="ltr">We adopt it.</td><td lang="ar" dir="rtl">' in page


def test_docx_paragraph_in_arabic_is_bidi_and_its_runs_rtl() -> None:
    doc = new_document("Test", "en", datetime(2026, 1, 2, tzinfo=UTC), "Us")
    write(
        (
            Numbered(
                "1", (Text(AR), Text(" https://example.org/ar", lang="en")), "para-1", lang="ar"
            ),
            Para((Text("We adopt it."),)),
        ),
        Target(doc, lang="en"),
    )
    arabic, english = doc.paragraphs[-2]._p, doc.paragraphs[-1]._p
    assert arabic.find(f"{W}pPr/{W}bidi") is not None
    assert english.find(f"{W}pPr/{W}bidi") is None
    number, tab, words, address = arabic.findall(f"{W}r")
    assert all(r.find(f"{W}rPr/{W}rtl") is not None for r in (number, tab, words))
    assert words.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "ar"
    assert address.find(f"{W}rPr/{W}rtl") is None  # a left-to-right run in an Arabic paragraph
    assert address.find(f"{W}rPr/{W}lang").get(f"{W}val") == "en"
    assert english.find(f"{W}r/{W}rPr/{W}rtl") is None


def test_docx_styles_name_the_arabic_faces() -> None:
    doc = new_document("Test", "ar", datetime(2026, 1, 2, tzinfo=UTC), "Us")
    fonts = doc.styles["Normal"].element.rPr.find(f"{W}rFonts")
    assert fonts.get(f"{W}cs") == "Noto Naskh Arabic"
    assert doc.styles["Normal"].element.rPr.find(f"{W}szCs").get(f"{W}val") == "22"
    heading = doc.styles["Heading 1"].element.rPr.find(f"{W}rFonts")
    assert heading.get(f"{W}cs") == "Noto Kufi Arabic"
