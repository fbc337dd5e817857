"""A paragraph's items in the comparison, a row each aligned across the texts and marked word
by word, and in Word as a real list whose numbering restarts at each list's first label."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from briefgen.documents.blocks import Item, List, Para, Table, Text, plain, runs, walk
from briefgen.documents.comparison import comparison as comparison_view
from briefgen.model.compare import compare
from briefgen.model.declaration import Declaration
from briefgen.render.context import Context
from briefgen.render.docx import renderer as docx_renderer
from briefgen.render.docx.document import new_document, save
from briefgen.render.docx.numbering import formatted, scheme
from briefgen.render.docx.writer import Target, write
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import comparison_html
from briefgen.sources.load import load_all
from tests.support.ooxml import problems
from tests.support.projects import make_work

EN = [f"Paragraph {n} keeps its own counsel." for n in range(1, 12)] + [
    "The members mean to work together to:"
]
#: The same English text from a second publisher ("en2"): item (c) worded otherwise, (d)
#: missing.
ITEMS: list[tuple[str | None, dict[str, str | None]]] = [
    (x, {"en": f"tend garden {x} in spring;", "en2": f"tend garden {x} in spring;"})
    for x in "abcde"
]
ITEMS[2] = ("c", {"en": "tend garden c in spring;", "en2": "water garden c in late spring;"})
ITEMS[3] = ("d", {"en": "tend garden d in spring;", "en2": None})


@pytest.fixture
def decl(tmp_path: Path) -> Declaration:
    make_work(tmp_path, {"en": EN, "en2": list(EN)}, items={12: ITEMS})
    return load_all(tmp_path / "sources", tmp_path)[0]


# ----------------------------------------------------------------------------- the model


def test_each_item_is_a_row_of_its_paragraph(decl: Declaration) -> None:
    cmp = compare(decl, ["en", "en2"])
    para = cmp.rows[11]
    assert para.number == "12"
    assert [(r.number, r.id) for r in para.items] == [(f"12({x})", f"p12-{x}") for x in "abcde"]
    c, d = para.items[2], para.items[3]
    assert [(s.text, s.mark) for s in c.cells[1].spans or [] if s.mark != "same"] == [
        ("water", "changed"),
        ("late", "inserted"),
    ]
    assert c.pct is not None and c.pct < 100
    assert d.cells[1].spans is None and d.score is None  # absent in en2: no figure
    assert para.items[0].pct == 100
    # the paragraph's figure covers its items: its lead-in is the same, its list is not
    assert [s.mark for s in para.cells[1].spans or []] == ["same"]
    assert para.pct is not None and para.pct < 100


def test_the_counts_say_paragraphs_and_items_apart(decl: Declaration) -> None:
    cmp = compare(decl, ["en", "en2"])
    pair = cmp.pairs[0]
    assert pair.total == 12
    assert pair.counts == {"identical": 11, "close": 1, "different": 0}
    assert pair.item_counts == {"identical": 3, "close": 1, "different": 0}
    assert cmp.absent_count == 0
    assert cmp.absent_item_count == 1
    assert [r.number for r in pair.divergent] == ["12"]


def test_the_view_gives_each_item_a_row_with_its_label_and_marks(decl: Declaration) -> None:
    view = comparison_view(decl, ("en", "en2"))
    table = next(b for b in walk(view.body) if isinstance(b, Table) and b.role == "aligned")
    rows = {r.anchor: r for r in table.body}
    assert rows["row-12"].role == "para-row lead-in kept"
    assert [rows[f"row-12-{x}"].role for x in "abcde"] == [
        *["item-row"] * 3,
        "item-row kept",
        "item-row",
    ]
    order = [r.anchor for r in table.body]
    assert order[-6:] == ["row-12", *(f"row-12-{x}" for x in "abcde")]
    c = rows["row-12-c"]
    assert c.role == "item-row"
    assert plain(c.cells[0].content).startswith("12(c)\n")  # type: ignore[arg-type]
    listed = c.cells[2].content[0]
    assert isinstance(listed, List) and listed.role == "items"
    item = listed.items[0]
    assert item.label == "(c)" and item.lang == "en"
    assert Text("water", ("changed",)) in item.content
    d = rows["row-12-d"]
    assert plain(d.cells[2].content) == "[Item 12(d) is not present in this text.]"  # type: ignore[arg-type]
    said = " ".join(plain(p.content) for p in walk(view.body) if isinstance(p, Para))
    assert (
        "Of 4 list items present in both, 3 identical, 1 close and 0 substantially different."
        in said
    )
    assert "1 list item is missing from a text that has its paragraph." in said
    assert "under an item's (12(a)), of that item" in said


def test_a_work_without_items_says_nothing_of_them(tmp_path: Path) -> None:
    make_work(tmp_path, {"en": EN[:3], "en2": EN[:3]})
    decl = load_all(tmp_path / "sources", tmp_path)[0]
    html = comparison_html(decl, ("en", "en2"), Context(BUNDLED))
    assert "item" not in html.split("</style>", 1)[1].split("<table", 1)[0].lower()
    assert "The figure under each paragraph number is the similarity of the pair." in html


def test_html_sets_each_item_in_its_row_under_its_paragraph(decl: Declaration) -> None:
    html = comparison_html(decl, ("en", "en2"), Context(BUNDLED))
    assert '<tr class="para-row lead-in kept" id="row-12" data-block="row">' in html
    row = html.split('id="row-12-c"', 1)[1].split("</tr>", 1)[0]
    assert '<span class="label">(c)</span>' in row
    assert '<span class="chg">water</span>' in row
    assert html.index('id="row-12"') < html.index('id="row-12-a"') < html.index('id="row-12-e"')


# ----------------------------------------------------------------------------- Word numbering


@pytest.mark.parametrize(
    ("labels", "fit"),
    [
        (["(a)", "(b)", "(c)"], ("lowerLetter", 1)),
        (["(c)", "(d)"], ("lowerLetter", 3)),
        (["(h)", "(i)", "(j)"], ("lowerLetter", 8)),
        (["(i)", "(ii)", "(iii)", "(iv)"], ("lowerRoman", 1)),
        (["(iv)", "(v)"], ("lowerRoman", 4)),
        (["(A)", "(B)"], ("upperLetter", 1)),
        (["(I)", "(II)"], ("upperRoman", 1)),
        (["(1)", "(2)", "(3)"], ("decimal", 1)),
        (["(7)", "(8)"], ("decimal", 7)),
        ([None, None], ("bullet", 1)),
        (["(a)", "(c)"], None),  # a gap
        (["(a)", "(a)"], None),
        (["(b)", "(a)"], None),
        (["[(a)]", "[(b)]"], None),  # supplied by the editors
        (["(a)", None], None),
        (["(aa)", "(bb)"], None),  # past z Word and LibreOffice differ
        (["(iiii)"], None),
        (["(a)", "(B)"], None),
        ([], None),
    ],
)
def test_numbering_fits_only_labels_it_prints_exactly(
    labels: list[str | None], fit: tuple[str, int] | None
) -> None:
    assert scheme(labels) == fit
    if fit and fit[0] != "bullet":
        kind, start = fit
        assert [f"({formatted(kind, start + k)})" for k in range(len(labels))] == labels


def _numbering(data: bytes) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/numbering.xml"))


def _lists(doc: Any) -> list[tuple[str, str, int]]:
    """Return (text, numId, ilvl) of each numbered paragraph."""
    out = []
    for p in doc.paragraphs:
        numpr = p._p.pPr.numPr if p._p.pPr is not None else None
        if numpr is not None:
            out.append((p.text, str(numpr.numId.val), numpr.ilvl.val))
    return out


def _start(numbering: Any, num_id: str) -> tuple[str, str, str]:
    """Return the kind, label text and start of a numbering instance's first level."""
    num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.iter(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    lvl = abstract.find(qn("w:lvl"))
    start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val"))
    return (
        lvl.find(qn("w:numFmt")).get(qn("w:val")),
        lvl.find(qn("w:lvlText")).get(qn("w:val")),
        start,
    )


def test_each_list_of_an_edition_is_a_word_list_restarting_at_a(tmp_path: Path) -> None:
    items = {
        3: [(x, {"en": f"plant seed {x};"}) for x in "abc"],
        12: [(x, {"en": f"tend garden {x} in spring;"}) for x in "abcde"],
    }
    make_work(tmp_path, {"en": EN}, items=items)
    decl = load_all(tmp_path / "sources", tmp_path)[0]
    data = docx_renderer.edition(decl, ("en",), Context(BUNDLED))
    doc = docx.Document(io.BytesIO(data))
    listed = _lists(doc)
    assert [t for t, _, _ in listed] == [
        *(f"plant seed {x};" for x in "abc"),
        *(f"tend garden {x} in spring;" for x in "abcde"),
    ]
    first, second = listed[0][1], listed[3][1]
    assert first != second
    assert {n for _, n, _ in listed[:3]} == {first} and {n for _, n, _ in listed[3:]} == {second}
    numbering = _numbering(data)
    assert _start(numbering, first) == ("lowerLetter", "(%1)", "1")
    assert _start(numbering, second) == ("lowerLetter", "(%1)", "1")
    marks = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    assert {f"para-12-{x}" for x in "abcde"} | {f"para-3-{x}" for x in "abc"} <= marks
    path = tmp_path / "edition.docx"
    path.write_bytes(data)
    assert {part: e for part, e in problems(path).items() if e} == {}


def _written(*lists: List) -> bytes:
    doc = new_document("Lists", "en", datetime(2026, 1, 1), "")
    write(lists, Target(doc))
    return save(doc, date(2026, 1, 1))


def _items(*labels: str | None) -> List:
    return List(
        tuple(Item(runs(f"point {i}"), label=label) for i, label in enumerate(labels)),
        role="items",
    )


def test_labels_numbering_cannot_print_stay_typed() -> None:
    data = _written(_items("(a)", "(c)"), _items("[(a)]", "[(b)]"), _items("(iv)", "(v)"))
    doc = docx.Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs if p.text.startswith(("(", "[", "point"))]
    assert texts == [
        "(a)\tpoint 0",
        "(c)\tpoint 1",
        "[(a)]\tpoint 0",
        "[(b)]\tpoint 1",
        "point 0",
        "point 1",
    ]
    ((_, num_id, _), _) = _lists(doc)
    assert _start(_numbering(data), num_id) == ("lowerRoman", "(%1)", "4")


def test_bullets_are_a_bullet_list() -> None:
    data = _written(_items(None, None))
    doc = docx.Document(io.BytesIO(data))
    ((_, num_id, _), _) = _lists(doc)
    assert _start(_numbering(data), num_id) == ("bullet", "•", "1")


def test_a_list_in_an_item_is_the_next_level() -> None:
    inner = _items("(i)", "(ii)")
    outer = List(
        (Item(runs("point a"), label="(a)", children=(inner,)), Item(runs("point b"), label="(b)")),
        role="items",
    )
    data = _written(outer)
    doc = docx.Document(io.BytesIO(data))
    listed = _lists(doc)
    assert [(t, lvl) for t, _, lvl in listed] == [
        ("point a", 0),
        ("point 0", 1),
        ("point 1", 1),
        ("point b", 0),
    ]
    num = next(
        n for n in _numbering(data).iter(qn("w:num")) if n.get(qn("w:numId")) == listed[1][1]
    )
    assert num.find(qn("w:lvlOverride")).get(qn("w:ilvl")) == "1"


def test_a_reference_document_without_numbering_gets_a_numbering_part(tmp_path: Path) -> None:
    from briefgen.render.docx.numbering import new_list

    doc = docx.Document()
    doc.part.drop_rel(next(k for k, r in doc.part.rels.items() if r.reltype.endswith("/numbering")))
    num_id = new_list(doc, "lowerLetter", 1)
    path = tmp_path / "bare.docx"
    doc.save(str(path))
    numbering = _numbering(path.read_bytes())
    assert _start(numbering, num_id) == ("lowerLetter", "(%1)", "1")


def test_row_roles_keep_a_lead_in_with_its_first_item(decl: Declaration) -> None:
    data = docx_renderer.comparison(decl, ("en", "en2"), Context(BUNDLED))
    doc = docx.Document(io.BytesIO(data))
    table = doc.tables[-1]
    numbers = [r.cells[0].text.split("\n")[0] for r in table.rows]
    assert numbers[-6:] == ["12", *(f"12({x})" for x in "abcde")]
    lead, first = table.rows[len(numbers) - 6], table.rows[len(numbers) - 5]
    assert all(p.paragraph_format.keep_with_next for c in lead.cells for p in c.paragraphs)
    assert not any(p.paragraph_format.keep_with_next for c in first.cells for p in c.paragraphs)
    last_but_one = table.rows[len(numbers) - 2]
    assert all(p.paragraph_format.keep_with_next for c in last_but_one.cells for p in c.paragraphs)
