"""A paragraph's list of lettered items: checked against the capture, printed as a list with
the source's labels and anchors in every format, and cited as "para 12(c)"."""

from __future__ import annotations

import io
import re
from pathlib import Path

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
from briefgen.render.akn import renderer as akn_renderer
from briefgen.render.context import Context
from briefgen.render.docx import renderer as docx_renderer
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import edition_html
from briefgen.sources.load import load_all
from tests.support.projects import ROOT, make_work

LETTERS = "abcde"
#: Twelve paragraphs in two languages, in our own words; the twelfth leads in to a list.
EN = [f"Paragraph {n} says its own thing." for n in range(1, 12)] + [
    "We intend to work together to:"
]
FR = [f"Le paragraphe {n} dit sa propre chose." for n in range(1, 12)] + [
    "Nous entendons travailler ensemble pour :"
]
ITEMS: list[tuple[str | None, dict[str, str | None]]] = [
    (x, {"en": f"keep promise {x} on the shore;", "fr": f"tenir la promesse {x} sur la rive ;"})
    for x in LETTERS
]


def write(root: Path, **kwargs: object) -> Path:
    return make_work(
        root,
        {"en": EN, "fr": FR},
        languages={"fr": "fr"},
        headings={"en": "1. Working together", "fr": "1. Travailler ensemble"},
        items={12: ITEMS},
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def decl(tmp_path: Path) -> Declaration:
    write(tmp_path)
    return load_all(tmp_path / "sources", tmp_path)[0]


def problems(root: Path) -> str:
    with pytest.raises(BriefgenError) as err:
        load_all(root / "sources", root)
    return str(err.value)


def test_items_are_data_in_the_model(decl: Declaration) -> None:
    para = decl.source.paragraphs[11]
    assert para.text["en"] == "We intend to work together to:"
    assert [(i.id, i.label, i.printed) for i in para.items] == [
        (f"p12-{x}", x, True) for x in LETTERS
    ]


@pytest.mark.parametrize("form", ["({})", "{})", "{}."])
def test_check_takes_each_printed_label_before_its_words(tmp_path: Path, form: str) -> None:
    write(tmp_path, marker=form)
    load_all(tmp_path / "sources", tmp_path)  # collated: no error


def test_an_item_text_changed_is_blamed_on_the_item(tmp_path: Path) -> None:
    source = write(tmp_path)
    source.write_text(source.read_text().replace("keep promise c", "keep promises c"))
    message = problems(tmp_path)
    assert "paragraphs[11].items[2].text.en" in message
    assert "para 12(c) (en) differs from capture 'c-en'" in message


def test_a_label_the_capture_does_not_print_is_left_out(tmp_path: Path) -> None:
    source = write(tmp_path)
    data = yaml.safe_load(source.read_text())
    data["paragraphs"][11]["items"][1]["printed"] = False
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert "'(b)'" in problems(tmp_path)


def test_a_missing_item_text_is_one_located_line(tmp_path: Path) -> None:
    source = write(tmp_path)
    data = yaml.safe_load(source.read_text())
    del data["paragraphs"][11]["items"][2]["text"]["fr"]
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    message = problems(tmp_path)
    assert len(message.splitlines()) == 1, message
    assert re.search(
        r"sources/test-declaration\.yaml:\d+: paragraphs\[11\]\.items\[2\]\.text\.fr: missing "
        r"\(every item needs a text in each expression, or 'absent: true'\)",
        message,
    ), message


def test_a_duplicate_label_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path)
    data = yaml.safe_load(source.read_text())
    data["paragraphs"][11]["items"][3]["label"] = "c"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    message = problems(tmp_path)
    assert "paragraphs[11].items[3].label: duplicate label 'c'" in message


def test_the_edition_view_holds_a_list_under_the_paragraph(decl: Declaration) -> None:
    lists = [b for b in walk(edition_view(decl, "fr").body) if isinstance(b, List)]
    items = next(b for b in lists if b.role == "items")
    assert [(i.label, i.anchor, i.lang) for i in items.items] == [
        (f"({x})", f"para-12-{x}", "fr") for x in LETTERS
    ]


def test_html_lists_the_items_with_labels_and_anchors(decl: Declaration) -> None:
    html = edition_html(decl, ("en",), Context(BUNDLED))
    assert '<ol class="items">' in html
    assert (
        '<li class="item" id="para-12-c" lang="en" dir="ltr"><span class="label">(c)</span> '
        "keep promise c on the shore;</li>"
    ) in html
    assert html.index('id="para-12"') < html.index('id="para-12-a"') < html.index('id="para-12-e"')


def test_docx_numbers_each_item_and_bookmarks_each_item(decl: Declaration) -> None:
    data = docx_renderer.edition(decl, ("fr",), Context(BUNDLED))
    doc = docx.Document(io.BytesIO(data))
    item = next(p for p in doc.paragraphs if p.text == "tenir la promesse c sur la rive ;")
    assert item._p.pPr.numPr is not None  # "(c)" is Word's numbering: see test_item_lists.py
    marks = {
        b.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name")
        for b in doc.element.body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkStart"
        )
    }
    assert {f"para-12-{x}" for x in LETTERS} <= marks


def test_akn_holds_points_and_validates(decl: Declaration) -> None:
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests/schemas/akn/akomantoso30.xsd")))
    tree = etree.fromstring(akn_renderer.edition(decl, ("en",), Context(BUNDLED)))
    assert schema.validate(tree), schema.error_log
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    point = tree.xpath(
        "//a:paragraph[@eId='para_12']/a:point[@eId='para_12__point_c']", namespaces=ns
    )
    assert point and point[0].findtext("a:num", namespaces=ns) == "(c)"
    intro = tree.xpath("//a:paragraph[@eId='para_12']/a:intro//text()", namespaces=ns)
    assert "".join(intro).strip() == "We intend to work together to:"


def test_akn_recitals_with_items_validate(tmp_path: Path) -> None:
    make_work(tmp_path, {"en": EN}, items={12: [(x, {"en": f"do {x};"}) for x in "ab"]})
    decl = load_all(tmp_path / "sources", tmp_path)[0]
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests/schemas/akn/akomantoso30.xsd")))
    tree = etree.fromstring(akn_renderer.edition(decl, ("en",), Context(BUNDLED)))
    assert schema.validate(tree), schema.error_log


@pytest.mark.parametrize("cited", ["12c", "12(c)", "12-c"])
def test_an_item_is_cited_as_para_12_c(decl: Declaration, cited: str) -> None:
    pin = decl.pinpoint(cited)
    assert pin == "12(c)"
    text = citation.records(decl, "text", ["en"], pin)
    assert "Test Declaration (Geneva, 4 July 2024) para 12(c) (Text en;" in text
    assert citation.key(decl, "en", pin) == "test-declaration-en-para-12-c"
    assert '"section": "para 12(c)"' in citation.records(decl, "csl-json", ["en"], pin)
    assert "SE  - para 12(c)" in citation.records(decl, "ris", ["en"], pin)
    assert "para 12(c)" in citation.records(decl, "bibtex", ["en"], pin)


def test_a_pinpoint_to_no_item_is_refused(decl: Declaration) -> None:
    for cited in ("12z", "3c", "12(", "99"):
        with pytest.raises(KeyError):
            decl.pinpoint(cited)
    assert decl.pinpoint("12") == "12"
    assert decl.reference("p12/p12-d") == "12(d)"


def test_a_brief_cites_an_item_by_paragraph_and_item_id(decl: Declaration) -> None:
    from briefgen.documents.blocks import Link, Text
    from briefgen.documents.brief import cited
    from briefgen.model.brief import reference_problems

    data = {
        "summary": "Five promises [[p12/p12-c]] and [[p12/p12-z]].",
        "key_points": [{"text": "Shores.", "cites": ["p12/p12-a", "p3"]}],
        "translation_note": "Alike.",
    }
    assert reference_problems(data, decl) == [
        (
            "summary",
            "unknown paragraph id 'p12/p12-z' in [[p12/p12-z]] (see paragraphs[].id and their "
            "items[].id in sources/test-declaration.yaml)",
        )
    ]
    runs = cited(messages("en"), "Promise [[p12/p12-c]] holds.", decl)
    assert Text("para 12(c)", link=Link("paragraph", "12-c")) in runs


def _edit(source: Path, change: dict[str, object]) -> None:
    data = yaml.safe_load(source.read_text())
    data.update(change)
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _lead_in_with_markup(root: Path) -> Path:
    """A work whose paragraph 12 lead-in the capture gives with an ordinal's markup."""
    lead = "At the 9<sup>th</sup> meeting we intend to:"
    source = make_work(
        root, {"en": [*EN[:11], lead]}, items={12: [(x, {"en": f"do {x};"}) for x in "ab"]}
    )
    data = yaml.safe_load(source.read_text())
    data["paragraphs"][11]["text"]["en"] = "At the 9th meeting we intend to:"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return source


def _span(after: str) -> dict[str, object]:
    return {
        "id": "ordinal-markup",
        "capture": "c-en",
        "action": "normalise",
        "at": {"paragraph": "p12"},
        "before": "9<sup>th</sup>" if after == "9th" else "do",
        "after": after,
        "reason": "The ordinal's superscript is markup of the page.",
    }


def test_a_span_normalisation_of_the_lead_in_collates_with_the_items(tmp_path: Path) -> None:
    source = _lead_in_with_markup(tmp_path)
    assert "paragraphs[11].text.en: para 12 (en) differs" in problems(tmp_path)
    _edit(source, {"interventions": [_span("9th")]})
    decl = load_all(tmp_path / "sources", tmp_path)[0]  # checked and collated: no error
    assert [i.label for i in decl.source.paragraphs[11].items] == ["a", "b"]


def test_a_normalisation_at_a_paragraph_is_its_lead_ins_not_an_items(tmp_path: Path) -> None:
    source = _lead_in_with_markup(tmp_path)
    _edit(source, {"interventions": [_span("9th"), {**_span("do b;"), "id": "in-item"}]})
    message = problems(tmp_path)
    assert "interventions[1].after: not found in para 12 (en)" in message, message


def test_an_items_bracketed_words_are_restored_at_its_paragraph(tmp_path: Path) -> None:
    source = write(tmp_path)
    data = yaml.safe_load(source.read_text())
    data["paragraphs"][11]["items"][2]["text"]["en"] = "keep promise c on [all] the shore;"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    message = problems(tmp_path)
    assert "paragraphs[11].items[2].text.en: has [bracketed] text but no 'restore'" in message
    restore = {
        "id": "all-shores",
        "capture": "c-en",
        "action": "restore",
        "at": {"paragraph": "p12"},
        "text": "all",
        "reason": "The word the sense needs.",
    }
    _edit(source, {"interventions": [restore]})
    load_all(tmp_path / "sources", tmp_path)  # checked and collated: no error
