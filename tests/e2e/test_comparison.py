"""The side-by-side comparison, read back from the real PDF, DOCX and HTML files."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from tests.support.pdf import find, words
from tests.support.projects import WORK, make_work, run_cli

NAME = "comparison-en-xinhua-en-1ai"


def first_words(text: str, n: int = 8) -> str:
    return " ".join(text.split()[:n])


def row_html(html: str, number: str) -> str:
    m = re.search(rf'<tr class="para-row" id="row-{number}"[^>]*>(.*?)</tr>', html, re.S)
    assert m, f"no row for para {number}"
    return m.group(1)


def marked(cell_html: str, tag: str) -> list[str]:
    pattern = {
        "del": r"<del>(.*?)</del>",
        "ins": r"<ins>(.*?)</ins>",
        "chg": r'<span class="chg">(.*?)</span>',
    }[tag]
    return re.findall(pattern, cell_html)


def test_pdf_rows_align_paragraph_by_paragraph(built: Path, canonical: dict[str, Any]) -> None:
    pdf = built / WORK / f"{NAME}.pdf"
    ws = words(pdf)
    for p in canonical["paragraphs"]:
        left = find(ws, first_words(p["text"]["en-xinhua"]))
        right = find(ws, first_words(p["text"]["en-1ai"]), min_x=421)  # right half of the page
        assert left.page == right.page, p["number"]
        assert abs(left.y - right.y) < 2, p["number"]  # same row: same top line
        assert right.x > left.x + 200
        number = next(
            w
            for w in ws
            if w.page == left.page
            and w.text == p["number"]
            and abs(w.y - left.y) < 3
            and w.x < left.x
        )
        assert number


def test_pdf_is_landscape_with_repeated_headers(built: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built / WORK / f"{NAME}.pdf")
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [842, 595]
    pages_with_table = [p.extract_text() for p in reader.pages[1:]]
    assert len(pages_with_table) >= 3
    for text in pages_with_table:
        assert "Xinhua English text" in text and "1AI English translation" in text


def test_pdf_summary_names_the_most_divergent(built: Path) -> None:
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(built / WORK / f"{NAME}.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert (
        "of 22 paragraphs present in both, 0 identical, 15 close (similarity 60% or more) "
        "and 7 substantially different (below 60%)"
    ) in text
    assert (
        "Most divergent: para 17 (38%), para 6 (45%), para 19 (48%), para 11 (49%), para 16 (52%)."
    ) in text
    assert "struck through: words only in the Xinhua English text" in text


def test_html_marks_exactly_the_differing_words(built: Path) -> None:
    html = (built / WORK / f"{NAME}.html").read_text("utf-8")
    cells = re.findall(r'<td lang="en" dir="ltr">(.*?)</td>', row_html(html, "7"), re.S)
    assert len(cells) == 2
    xinhua, one_ai = cells
    assert marked(xinhua, "chg") == ["and personnel exchanges", "around the world."]
    assert marked(xinhua, "del") == [] and marked(xinhua, "ins") == []
    assert marked(one_ai, "chg") == ["talent exchange", "worldwide."]
    assert marked(one_ai, "ins") == ["and"]
    assert '<span class="sim close">79%</span>' in row_html(html, "7")
    # para 1: "(AI)" is only in the Xinhua text
    assert "(AI)" in marked(
        re.findall(r'<td lang="en" dir="ltr">(.*?)</td>', row_html(html, "1"), re.S)[0], "del"
    )


def test_html_rows_hold_the_same_paragraph(built: Path, canonical: dict[str, Any]) -> None:
    html = (built / WORK / f"{NAME}.html").read_text("utf-8")
    ids = re.findall(r'<tr class="para-row" id="row-(\w+)"', html)
    assert ids == [str(n) for n in range(1, 23)]
    for p in canonical["paragraphs"]:
        cells = re.findall(r'<td lang="en" dir="ltr">(.*?)</td>', row_html(html, p["number"]), re.S)
        plain = [re.sub(r"<[^>]+>", "", c).replace("&#39;", "'") for c in cells]
        assert plain == [p["text"]["en-xinhua"], p["text"]["en-1ai"]]
    sections = re.findall(r'<tr class="section"', html)
    assert len(sections) == 5


def test_key_terms_show_how_each_text_renders_anquan(built: Path) -> None:
    html = (built / WORK / f"{NAME}.html").read_text("utf-8")
    table = re.search(r'<table class="terms-table">(.*?)</table>', html, re.S)
    assert table
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)
    anquan = next(r for r in rows if "安全" in r)
    flat = " ".join(re.sub(r"<[^>]+>", " ", anquan).split())
    assert (
        "“safety” paras 1, 2, 10, 16, 19, 22 “security” paras 5, 10, 12 "
        "“security” paras 1, 5, 10, 12, 22 “safety” paras 2, 19"
    ) in flat
    assert "rendered differently" in flat
    governance = next(r for r in rows if "治理" in r)
    assert "consistent" in governance and "rendered differently" not in governance


def test_docx_comparison_is_a_real_word_table(built: Path, canonical: dict[str, Any]) -> None:
    document = docx.Document(str(built / WORK / f"{NAME}.docx"))
    section = document.sections[0]
    assert section.page_width > section.page_height
    table = document.tables[-1]
    header = table.rows[0]._tr
    assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    for row in table.rows:
        assert row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    by_number = {r.cells[0].text.split("\n")[0]: r for r in table.rows[1:]}
    for p in canonical["paragraphs"]:
        row = by_number[p["number"]]
        assert [row.cells[1].text, row.cells[2].text] == [
            p["text"]["en-xinhua"],
            p["text"]["en-1ai"],
        ]
    # marks are character styles a user can restyle in one place, not direct formatting
    runs = by_number["1"].cells[1].paragraphs[0].runs
    assert [r.text for r in runs if r.style.name == "Deleted Text"] == ["(AI)"]
    assert not any(r.font.strike or r.font.underline for r in runs)
    one_ai = by_number["7"].cells[2].paragraphs[0].runs
    assert [r.text for r in one_ai if r.style.name == "Inserted Text"] == ["and"]
    assert document.styles["Deleted Text"].font.strike
    assert document.styles["Inserted Text"].font.underline is True


def test_manifest_lists_the_comparison(manifest: dict[str, Any]) -> None:
    entries = [e for e in manifest["outputs"] if e["kind"] == "comparison"]
    assert sorted(e["format"] for e in entries) == ["docx", "html", "pdf"]
    assert all(e["expressions"] == ["en-xinhua", "en-1ai"] for e in entries)


# ----------------------------------------------------------------------------- fixture work

ZH = [
    "我们高度重视人工智能安全，特别是数据安全与隐私保护。",
    "我们愿加强国际合作，共同促进人工智能健康发展。",
    "我们呼吁各国坚持以人为本、智能向善的原则。",
]
EN_A = [
    "We attach great importance to AI safety, especially data security and privacy.",
    "We agree to strengthen international cooperation and promote healthy AI development.",
    "We call on all countries to uphold a people-centred approach and AI for good.",
]
EN_B = [
    "We attach great importance to AI security, especially data security and privacy.",
    "We are willing to strengthen cooperation and jointly promote healthy AI development.",
    "We call on all countries to uphold people-centeredness and intelligence for good.",
]


@pytest.fixture(scope="module")
def trilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("trilingual")
    en_b: list[str | None] = [EN_B[0], None, *EN_B[2:]]  # para 2 is missing from en-b
    source = make_work(root, {"en-a": EN_A, "en-b": en_b, "zh": ZH}, languages={"zh": "zh-Hans"})
    data = yaml.safe_load(source.read_text("utf-8"))
    data["glossary"] = [
        {
            "id": "anquan",
            "term": "安全",
            "sense": "safety and security",
            "renderings": {"en-a": ["safety", "security"], "en-b": ["security"], "zh": ["安全"]},
        }
    ]
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_cli("build", "--format", "all", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "build" / "test-declaration"


def test_chinese_column_embeds_a_cjk_font(trilingual: Path) -> None:
    pdf = trilingual / "comparison-en-a-en-b-zh.pdf"
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for zh in ZH:
        assert zh in "".join(text.split())


def test_chinese_column_has_no_word_marks(trilingual: Path) -> None:
    html = (trilingual / "comparison-en-a-en-b-zh.html").read_text("utf-8")
    zh_cells = re.findall(r'<td lang="zh-Hans" dir="ltr">(.*?)</td>', html, re.S)
    assert zh_cells[-3:] == ZH
    assert marked(row_html(html, "1"), "chg")  # the English pair is marked


def test_absent_paragraph_keeps_rows_aligned(trilingual: Path) -> None:
    html = (trilingual / "comparison-en-a-en-b-zh.html").read_text("utf-8")
    row = row_html(html, "2")
    assert "[Paragraph 2 is not present in this text.]" in row
    assert EN_A[1] in row and ZH[1] in row
    pdf = trilingual / "comparison-en-a-en-b-zh.pdf"
    ws = words(pdf)
    marker = find(ws, "[Paragraph 2 is not present")
    english = find(ws, first_words(EN_A[1]))
    assert marker.page == english.page and abs(marker.y - english.y) < 2
    # the first words only: a hyphenated word may break across lines
    third_a, third_b = (
        find(ws, first_words(EN_A[2], 6)),
        find(ws, first_words(EN_B[2], 6), min_x=300),
    )
    assert abs(third_a.y - third_b.y) < 2


def test_key_terms_show_the_chinese_term(trilingual: Path) -> None:
    html = (trilingual / "comparison-en-a-en-b-zh.html").read_text("utf-8")
    table = re.search(r'<table class="terms-table">(.*?)</table>', html, re.S)
    assert table
    flat = " ".join(re.sub(r"<[^>]+>", " ", table.group(1)).split())
    assert "“安全” para 1" in flat
    assert "“safety” para 1 “security” para 1" in flat


def test_docx_sets_east_asian_language(trilingual: Path) -> None:
    document = docx.Document(str(trilingual / "comparison-en-a-en-b-zh.docx"))
    xml = document.tables[-1]._tbl.xml
    assert 'w:eastAsia="zh-CN"' in xml
    normal = document.styles["Normal"].element.xml
    assert 'w:eastAsia="Noto Serif CJK SC"' in normal
