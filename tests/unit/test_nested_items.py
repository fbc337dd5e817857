"""An item's own list ("(b) to report on: (i) …; (ii) …"): checked against the capture in
reading order, printed as a list within the list in every format, and cited as
"para 5(b)(ii)"."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from lxml import etree

from briefgen.documents import citation
from briefgen.documents.blocks import List, walk
from briefgen.documents.edition import edition as edition_view
from briefgen.errors import BriefgenError
from briefgen.i18n import messages
from briefgen.model.declaration import Declaration
from briefgen.model.source import walk_items
from briefgen.render.akn import renderer as akn_renderer
from briefgen.render.context import Context
from briefgen.render.docx import renderer as docx_renderer
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import edition_html
from briefgen.sources.load import load_all
from tests.support.projects import ROOT, make_work

EN = [f"Clause {n} stands on its own." for n in range(1, 5)] + [
    "Asks the keepers of the lighthouse:",
    "Closes the evening.",
]
FR = [f"La clause {n} se suffit à elle-même." for n in range(1, 5)] + [
    "Demande aux gardiens du phare :",
    "Clôt la soirée.",
]
ITEMS: list[tuple[str | None, dict[str, str | None]]] = [
    ("a", {"en": "to light the lamp at dusk;", "fr": "d'allumer la lampe au crépuscule ;"}),
    ("b", {"en": "to write down each night:", "fr": "de noter chaque nuit :"}),
    ("c", {"en": "to rest by day.", "fr": "de se reposer le jour."}),
]
SUBS: dict[tuple[int, str], list[tuple[str | None, dict[str, str | None]]]] = {
    (5, "b"): [
        ("i", {"en": "the ships that passed;", "fr": "les navires passés ;"}),
        ("ii", {"en": "the height of the waves;", "fr": "la hauteur des vagues ;"}),
        ("iii", {"en": "the colour of the sky;", "fr": "la couleur du ciel ;"}),
    ]
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def write(root: Path) -> Path:
    return make_work(
        root,
        {"en": EN, "fr": FR},
        languages={"fr": "fr"},
        headings={"en": "1. Keeping the light", "fr": "1. Garder la lumière"},
        items={5: ITEMS},
        sub_items=SUBS,
    )


@pytest.fixture
def decl(tmp_path: Path) -> Declaration:
    write(tmp_path)
    return load_all(tmp_path / "sources", tmp_path)[0]


def problems(root: Path) -> str:
    with pytest.raises(BriefgenError) as err:
        load_all(root / "sources", root)
    return str(err.value)


def edit(source: Path, change: object) -> None:
    data = yaml.safe_load(source.read_text())
    change(data)  # type: ignore[operator]
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_sub_items_are_data_walked_in_reading_order(decl: Declaration) -> None:
    para = decl.source.paragraphs[4]
    assert [it.label for it in para.items[1].items] == ["i", "ii", "iii"]
    walked = [(at.labels(), at.field(), at.ref()) for at in walk_items(para.items)]
    assert walked[:4] == [
        (("a",), ".items[0]", "p5-a"),
        (("b",), ".items[1]", "p5-b"),
        (("b", "i"), ".items[1].items[0]", "p5-b/p5-b-i"),
        (("b", "ii"), ".items[1].items[1]", "p5-b/p5-b-ii"),
    ]
    assert walked[-1][0] == ("c",)


def test_a_changed_sub_item_is_blamed_on_the_sub_item(tmp_path: Path) -> None:
    source = write(tmp_path)
    source.write_text(source.read_text().replace("height of the waves", "height of waves"))
    message = problems(tmp_path)
    assert "paragraphs[4].items[1].items[1].text.en" in message
    assert "para 5(b)(ii) (en) differs from capture 'c-en'" in message


def test_a_sub_item_out_of_its_place_does_not_collate(tmp_path: Path) -> None:
    source = write(tmp_path)

    def move(data: dict[str, object]) -> None:
        items = data["paragraphs"][4]["items"]  # type: ignore[index]
        items[2]["items"] = items[1].pop("items")

    edit(source, move)
    assert "para 5" in problems(tmp_path)


def test_a_duplicate_sub_label_and_a_missing_text_are_located(tmp_path: Path) -> None:
    source = write(tmp_path)

    def spoil(data: dict[str, object]) -> None:
        subs = data["paragraphs"][4]["items"][1]["items"]  # type: ignore[index]
        subs[2]["label"] = "ii"
        del subs[0]["text"]["fr"]

    edit(source, spoil)
    message = problems(tmp_path)
    assert (
        "paragraphs[4].items[1].items[2].label: duplicate label 'ii' "
        "(also paragraphs[4].items[1].items[1]); para 5(b)(ii) must name one item"
    ) in message
    assert "paragraphs[4].items[1].items[0].text.fr: missing (every item needs a text" in message


def test_a_sub_item_under_an_absent_item_must_be_absent(tmp_path: Path) -> None:
    source = write(tmp_path)
    edit(source, lambda d: d["paragraphs"][4]["items"][1]["text"].update(fr={"absent": True}))
    message = problems(tmp_path)
    assert (
        "paragraphs[4].items[1].items[0].text.fr: para 5(b) is absent in fr, so its items are "
        "too (write 'absent: true')"
    ) in message


def test_the_edition_view_nests_the_list_in_its_item(decl: Declaration) -> None:
    lists = [b for b in walk(edition_view(decl, "fr").body) if isinstance(b, List)]
    outer, inner = (b for b in lists if b.role == "items")
    assert outer.items[1].children == (inner,)
    assert [(i.label, i.anchor) for i in inner.items] == [
        (f"({x})", f"para-5-b-{x}") for x in ("i", "ii", "iii")
    ]


def test_html_nests_an_ol_in_the_item(decl: Declaration) -> None:
    html = edition_html(decl, ("en",), Context(BUNDLED))
    tree = etree.fromstring(html.encode(), etree.HTMLParser())
    inner = tree.xpath("//ol[@class='items']/li[@id='para-5-b']/ol[@class='items']/li/@id")
    assert inner == ["para-5-b-i", "para-5-b-ii", "para-5-b-iii"]
    assert tree.xpath("//li[@id='para-5-b']/following-sibling::li/@id") == ["para-5-c"]
    assert (
        '<li class="item" id="para-5-b-ii" lang="en" dir="ltr"><span class="label">(ii)</span> '
        "the height of the waves;</li>"
    ) in html


def test_docx_numbers_sub_items_a_level_deeper_and_bookmarks_each(decl: Declaration) -> None:
    doc = docx.Document(io.BytesIO(docx_renderer.edition(decl, ("fr",), Context(BUNDLED))))
    paras = {p.text: p for p in doc.paragraphs}
    item, sub = paras["de noter chaque nuit :"], paras["la hauteur des vagues ;"]

    def level(p: Any) -> str:
        return p._p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val")

    assert (level(item), level(sub)) == ("0", "1")  # Word's list levels: (b), then (ii)
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("de noter chaque nuit :") < texts.index("les navires passés ;")
    assert texts.index("la couleur du ciel ;") < texts.index("de se reposer le jour.")
    marks = {b.get(f"{W}name") for b in doc.element.body.iter(f"{W}bookmarkStart")}
    assert {"para-5-b", "para-5-b-i", "para-5-b-ii", "para-5-b-iii"} <= marks


def test_akn_nests_points_and_validates(decl: Declaration) -> None:
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests/schemas/akn/akomantoso30.xsd")))
    tree = etree.fromstring(akn_renderer.edition(decl, ("en",), Context(BUNDLED)))
    assert schema.validate(tree), schema.error_log
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    b = tree.xpath("//a:paragraph[@eId='para_5']/a:point[@eId='para_5__point_b']", namespaces=ns)
    intro = "".join(b[0].xpath("a:intro//text()", namespaces=ns))
    assert intro.strip() == "to write down each night:"
    ii = b[0].xpath("a:point[@eId='para_5__point_b__point_ii']", namespaces=ns)
    assert ii and ii[0].findtext("a:num", namespaces=ns) == "(ii)"


def test_akn_recitals_with_sub_items_validate(tmp_path: Path) -> None:
    def en(
        listed: list[tuple[str | None, dict[str, str | None]]],
    ) -> list[tuple[str | None, dict[str, str | None]]]:
        return [(label, {"en": texts["en"]}) for label, texts in listed]

    subs = {at: en(listed) for at, listed in SUBS.items()}
    make_work(tmp_path, {"en": EN}, items={5: en(ITEMS)}, sub_items=subs)  # a preamble
    decl = load_all(tmp_path / "sources", tmp_path)[0]
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests/schemas/akn/akomantoso30.xsd")))
    tree = etree.fromstring(akn_renderer.edition(decl, ("en",), Context(BUNDLED)))
    assert schema.validate(tree), schema.error_log


@pytest.mark.parametrize("cited", ["5b(ii)", "5(b)(ii)", "5-b-ii"])
def test_a_sub_item_is_cited_as_para_5_b_ii(decl: Declaration, cited: str) -> None:
    pin = decl.pinpoint(cited)
    assert pin == "5(b)(ii)"
    assert "para 5(b)(ii) (Text en;" in citation.records(decl, "text", ["en"], pin)
    assert citation.key(decl, "en", pin) == "test-declaration-en-para-5-b-ii"
    assert '"section": "para 5(b)(ii)"' in citation.records(decl, "csl-json", ["en"], pin)
    assert "SE  - para 5(b)(ii)" in citation.records(decl, "ris", ["en"], pin)
    assert "para 5(b)(ii)" in citation.records(decl, "bibtex", ["en"], pin)


def test_a_pinpoint_to_no_sub_item_is_refused(decl: Declaration) -> None:
    for cited in ("5b(iv)", "5a(i)", "5(ii)", "5b(ii)(x)", "5bii"):
        with pytest.raises(KeyError):
            decl.pinpoint(cited)
    assert decl.pinpoint("5b") == "5(b)"
    assert decl.reference("p5/p5-b/p5-b-iii") == "5(b)(iii)"


def test_a_brief_cites_a_sub_item_by_its_ids(decl: Declaration) -> None:
    from briefgen.documents.blocks import Link, Text
    from briefgen.documents.brief import cited
    from briefgen.model.brief import reference_problems

    data = {
        "summary": "Waves [[p5/p5-b/p5-b-ii]] and [[p5/p5-b-ii]].",
        "key_points": [{"text": "Ships.", "cites": ["p5/p5-b/p5-b-i"]}],
        "translation_note": "Alike.",
    }
    assert reference_problems(data, decl) == [
        (
            "summary",
            "unknown paragraph id 'p5/p5-b-ii' in [[p5/p5-b-ii]] (see paragraphs[].id and their "
            "items[].id in sources/test-declaration.yaml)",
        )
    ]
    runs = cited(messages("en"), "Waves [[p5/p5-b/p5-b-ii]] rise.", decl)
    assert Text("para 5(b)(ii)", link=Link("paragraph", "5-b-ii")) in runs
