"""Texts in every script, right to left where the language is: the six UN languages built,
every output read back. Arabic reads right to left in HTML (`dir`), PDF (the layout, the text
extracted in logical order, /Lang) and DOCX (bidi paragraphs, right-to-left runs); no output
shows a character its font lacks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from tests.support.coverage import docx_uncovered, html_uncovered
from tests.support.ooxml import problems
from tests.support.pdf import (
    elements,
    font_names,
    logical_lines,
    missing_glyphs,
    without_marks,
    words,
)
from tests.support.projects import make_work, run_cli
from tests.support.six import LANGUAGES, TEXTS, TITLES, six_language_work

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("six")
    six_language_work(root)
    result = run_cli("build", "--format", "all", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "build" / "port-lumen"


@pytest.fixture(scope="module")
def en_ar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """English and Arabic only, para 2 with a list of two items."""
    root = tmp_path_factory.mktemp("en-ar")
    items: dict[int, list[tuple[str | None, dict[str, str | None]]]] = {
        2: [
            ("a", {"en": "buoys in open water;", "ar": "عوامات في المياه المفتوحة؛"}),
            ("b", {"en": "buoys near the coast.", "ar": "عوامات قرب الساحل."}),
        ]
    }
    make_work(
        root,
        {"en": TEXTS["en"], "ar": TEXTS["ar"]},
        work_id="port-lumen",
        languages={"en": "en", "ar": "ar"},
        titles={k: TITLES[k] for k in ("en", "ar")},
        items=items,
    )
    result = run_cli("build", "--format", "all", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "build" / "port-lumen"


def body_paragraphs(docx: Path) -> list[Any]:
    """Every w:p of a DOCX's body."""
    from lxml import etree

    with zipfile.ZipFile(docx) as z:
        return list(etree.fromstring(z.read("word/document.xml")).iter(f"{W}p"))


def text_of(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


# ----------------------------------------------------------------------------- the Arabic edition


def test_arabic_edition_html_is_right_to_left(six: Path) -> None:
    page = (six / "edition-ar.html").read_text("utf-8")
    assert re.search(r'<html lang="ar" dir="rtl">', page)
    paras = re.findall(r'<p class="para"[^>]*>', page)
    assert len(paras) == 6
    assert all('lang="ar" dir="rtl"' in p for p in paras)
    for text in TEXTS["ar"]:
        assert text in page
    assert html_uncovered(six / "edition-ar.html") == []


def test_arabic_edition_pdf_reads_in_logical_order(six: Path) -> None:
    pdf = six / "edition-ar.pdf"
    lines = logical_lines(pdf)
    joined = "".join(lines).replace(" ", "")
    # pdftotext sets apart a vowel mark that Pango raises, and with it, in para 4, the words
    # round it ("شابًا"): that paragraph is checked word by word below
    for number, text in enumerate(TEXTS["ar"], 1):
        if number != 4:
            assert f"{number}{without_marks(text)}".replace(" ", "") in joined, number
    assert lines.count(f"1 {without_marks(TEXTS['ar'][0])}") == 1  # one line, spaced as written
    tokens = " ".join(lines).split()
    for number in ("2019", "250", "2030", "٤٠", "٣٠"):
        assert number in tokens or f"{number}،" in tokens or f"،{number}" in tokens, number
    assert any(t.startswith("2026") for t in tokens)
    for word in ("سندرب", "بحلول", "تقريرا", "سنتين."):
        assert word in tokens, word


def test_arabic_edition_pdf_is_laid_out_right_to_left(six: Path) -> None:
    # pdftotext -bbox lists words as they stand, left to right, their letters too
    ws = words(six / "edition-ar.pdf")
    first = next(w for w in ws if w.text == "نحن")
    line = [w for w in ws if w.page == first.page and abs(w.y - first.y) < 3]
    number = next(w for w in line if w.text == "1")
    # the number stands right of the words, in the right-hand margin; the text starts right
    assert number.x > max(w.x for w in line if w is not number)
    second = next(w for w in ws if w.text == "نستذكر"[::-1])
    assert abs(second.right - first.right) < 1  # every paragraph starts at the same edge


def test_arabic_edition_pdf_says_arabic_and_has_its_glyphs(six: Path) -> None:
    pdf = six / "edition-ar.pdf"
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "ar"
        paras = [e for e in elements(doc.Root.StructTreeRoot) if e.S == "/P" and "/Lang" in e]
        assert len([p for p in paras if str(p.Lang) == "ar"]) >= 6
    assert "Noto-Naskh-Arabic" in font_names(pdf)
    assert missing_glyphs(pdf) == []


def test_arabic_edition_docx_is_right_to_left(six: Path) -> None:
    docx = six / "edition-ar.docx"
    arabic = [
        p for p in body_paragraphs(docx) if text_of(p).startswith("1") and "نحن" in text_of(p)
    ]
    assert len(arabic) == 1
    p = arabic[0]
    assert p.find(f"{W}pPr/{W}bidi") is not None
    runs = [r for r in p.iter(f"{W}r") if "نحن" in text_of(r)]
    assert runs and runs[0].find(f"{W}rPr/{W}rtl") is not None
    assert runs[0].find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "ar"
    with zipfile.ZipFile(docx) as z:
        styles = z.read("word/styles.xml").decode()
    assert 'w:cs="Noto Naskh Arabic"' in styles
    assert docx_uncovered(docx) == []


# ----------------------------------------------------------------------------- every output


def test_every_output_in_six_languages_has_its_glyphs(six: Path) -> None:
    outputs = sorted(six.glob("*.pdf")) + sorted(six.glob("*.docx")) + sorted(six.glob("*.html"))
    assert len(outputs) == 3 * 6 + 3 + 2  # six editions and a comparison, a pack in two
    for path in outputs:
        check = {".pdf": missing_glyphs, ".docx": docx_uncovered, ".html": html_uncovered}
        assert check[path.suffix](path) == [], path.name


def test_each_edition_pdf_says_its_language(six: Path) -> None:
    for lang in LANGUAGES:
        with pikepdf.open(six / f"edition-{lang}.pdf") as doc:
            assert str(doc.Root.Lang) == lang
    assert "Noto-Serif-CJK-SC" in font_names(six / "edition-zh.pdf")


def test_tofu_is_found() -> None:
    """The glyph check finds a character no font has (an unassigned code point)."""
    import weasyprint

    pdf = weasyprint.HTML(string="<p>ab\u0378c</p>").write_pdf()
    assert pdf is not None
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        assert len(missing_glyphs(Path(f.name))) == 1


# --------------------------------------------------------------------------- Arabic beside English


def test_comparison_html_sets_the_arabic_column_right_to_left(en_ar: Path) -> None:
    page = (en_ar / "comparison-en-ar.html").read_text("utf-8")
    assert '<html lang="en" dir="ltr">' in page
    row = re.search(r'<tr class="para-row" id="row-1".*?</tr>', page, re.S)
    assert row
    cells = re.findall(r"<td([^>]*)>", row.group(0))
    assert cells[1:] == [' lang="en" dir="ltr"', ' lang="ar" dir="rtl"']
    assert html_uncovered(en_ar / "comparison-en-ar.html") == []


def test_comparison_pdf_sets_the_arabic_column_right_to_left(en_ar: Path) -> None:
    pdf = en_ar / "comparison-en-ar.pdf"
    ws = words(pdf)
    arabic = next(w for w in ws if w.text == "نحن")
    english = next(w for w in ws if w.text == "We," and abs(w.y - arabic.y) < 3)  # one row
    assert arabic.x > english.x
    # the Arabic cell's first words stand at its right edge: right of its last line's
    line = [w for w in ws if w.page == arabic.page and abs(w.y - arabic.y) < 3]
    assert arabic.x == max(w.x for w in line)
    with pikepdf.open(pdf) as doc:
        cells = [e for e in elements(doc.Root.StructTreeRoot) if e.S == "/TD" and "/Lang" in e]
        assert {str(c.Lang) for c in cells} == {"en", "ar"}
    assert missing_glyphs(pdf) == []


def test_comparison_docx_sets_the_arabic_column_right_to_left(en_ar: Path) -> None:
    import docx

    document = docx.Document(str(en_ar / "comparison-en-ar.docx"))
    table = document.tables[-1]
    row = next(r for r in table.rows if "نحن" in r.cells[2].text)
    en, ar = row.cells[1].paragraphs[0]._p, row.cells[2].paragraphs[0]._p
    assert en.find(f"{W}pPr/{W}bidi") is None
    assert ar.find(f"{W}pPr/{W}bidi") is not None
    assert all(r.find(f"{W}rPr/{W}rtl") is not None for r in ar.iter(f"{W}r"))
    assert docx_uncovered(en_ar / "comparison-en-ar.docx") == []


def test_arabic_list_items_read_right_to_left(en_ar: Path) -> None:
    page = (en_ar / "edition-ar.html").read_text("utf-8")
    assert '<li class="item" id="para-2-a" lang="ar" dir="rtl">' in page
    ws = words(en_ar / "edition-ar.pdf")
    item = next(w for w in ws if w.text == "عوامات"[::-1])
    label = next(w for w in ws if w.text in ("(a)", ")a("))
    assert abs(label.y - item.y) < 3 and label.x > item.x  # the label right of its item


def test_right_to_left_docx_validates(six: Path, en_ar: Path) -> None:
    """w:bidi, w:rtl, w:lang and w:szCs stand where the OOXML schemas put them."""
    for path in (six / "edition-ar.docx", six / "pack.docx", en_ar / "comparison-en-ar.docx"):
        assert {part: found for part, found in problems(path).items() if found} == {}, path.name
