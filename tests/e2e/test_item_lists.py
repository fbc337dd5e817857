"""From the command line: a comparison that sets paragraph 12's items a row each (PDF and
DOCX), and editions whose lists are real Word lists, each restarting at "(a)", valid against
the OOXML schemas."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from tests.support.ooxml import problems
from tests.support.projects import make_work, run_cli
from tests.unit.test_item_lists import EN, ITEMS

WORK = "test-declaration"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("item-lists")
    second = [(x, {"en": f"sow row {x};", "en2": f"sow row {x};"}) for x in "abc"]
    make_work(root, {"en": EN, "en2": list(EN)}, items={3: second, 12: ITEMS})
    result = run_cli("build", "-f", "pdf", "-f", "docx", "-j", "1", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "build" / WORK


def test_the_comparison_pdf_sets_each_item_in_a_row_of_its_own(built: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built / "comparison-en-en2.pdf")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "12(c) 73% (c) tend garden c in spring; (c) water garden c in late spring;" in text
    assert "12(d) (d) tend garden d in spring; [Item 12(d) is not present in this text.]" in text
    assert "Of 7 list items present in both, 6 identical, 1 close" in text
    assert {f"row-12-{x}" for x in "abcde"} <= set(reader.named_destinations)


def test_the_comparison_docx_has_a_row_per_item(built: Path) -> None:
    table = docx.Document(str(built / "comparison-en-en2.docx")).tables[-1]
    rows = {r.cells[0].text.split("\n")[0]: r for r in table.rows}
    c = rows["12(c)"]
    assert [cell.text for cell in c.cells[1:]] == [
        "tend garden c in spring;",
        "water garden c in late spring;",
    ]
    assert all(p._p.pPr.numPr is not None for cell in c.cells[1:] for p in cell.paragraphs)


def test_each_list_of_the_edition_is_a_word_list_of_its_own(built: Path) -> None:
    path = built / "edition-en.docx"
    assert {part: e for part, e in problems(path).items() if e} == {}
    doc = docx.Document(str(path))
    lists: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        numpr = p._p.pPr.numPr if p._p.pPr is not None else None
        if numpr is not None:
            lists.setdefault(str(numpr.numId.val), []).append(p.text)
    assert list(lists.values()) == [
        [f"sow row {x};" for x in "abc"],
        [f"tend garden {x} in spring;" for x in "abcde"],
    ]
    with zipfile.ZipFile(path) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    for num_id in lists:
        num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id)
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start.get(qn("w:val")) == "1"
    formats = [
        (lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
        for lvl in numbering.iter(qn("w:lvl"))
        if lvl.get(qn("w:ilvl")) == "0" and lvl.getparent().find(qn("w:name")) is not None
    ]
    assert ("lowerLetter", "(%1)") in formats
