"""Editorial acts inside a list item: `at: {paragraph: P, item: I}` for normalise, remove and
restore, checked, collated and named "para 2(a)" in the notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from briefgen.documents.edition import edition as edition_view
from briefgen.errors import SourceError
from briefgen.model.declaration import Declaration
from briefgen.render.akn import renderer as akn_renderer
from briefgen.render.context import Context
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import edition_html
from briefgen.sources.collation import collate, table
from briefgen.sources.load import load, load_all
from tests.support.projects import line_of, make_work

#: Our own words; item (a) holds an ordinal's markup, (b) bold, (c) the ordinal twice.
CAPTURED = {
    "a": "keep the 9<sup>e</sup> promise on the shore;",
    "b": "open the **harbours** to all;",
    "c": "share the 9<sup>e</sup> catch and the 9e net.",
}
PRINTED = {
    "a": "keep the 9e promise on the shore;",
    "b": "open the harbours to all;",
    "c": "share the 9e catch and the 9e net.",
}
ORDINAL: dict[str, Any] = {
    "id": "ordinal-in-a",
    "capture": "c-en",
    "action": "normalise",
    "at": {"paragraph": "p2", "item": "p2-a"},
    "before": "9<sup>e</sup>",
    "after": "9e",
    "reason": "The ordinal's superscript is markup of the page.",
}
BOLD: dict[str, Any] = {
    **ORDINAL,
    "id": "bold-in-b",
    "at": {"paragraph": "p2", "item": "p2-b"},
    "before": "**harbours**",
    "after": "harbours",
    "reason": "Bold markers of the page.",
}


def work(
    root: Path,
    *records: dict[str, Any],
    captured: dict[str, str] | None = None,
    printed: dict[str, str] | None = None,
) -> Path:
    """A work of two paragraphs, the second a lead-in to items (a)–(c), captured in Markdown."""
    captured, printed = captured or CAPTURED, printed or PRINTED
    path = make_work(
        root,
        {"en": ["The first paragraph says one thing.", "We intend to work together to:"]},
        items={2: [(x, {"en": captured[x]}) for x in captured]},
    )
    data = yaml.safe_load(path.read_text("utf-8"))
    for item in data["paragraphs"][1]["items"]:
        item["text"]["en"] = printed[item["label"]]
    data["interventions"] = list(records)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def problems(path: Path) -> list[str]:
    try:
        load(path, path.parents[1])
    except SourceError as err:
        return [str(p) for p in err.problems]
    return []


def declaration(root: Path) -> Declaration:
    return load_all(root / "sources", root)[0]


def twice(root: Path, *records: dict[str, Any]) -> Path:
    return work(
        root,
        *records,
        {**ORDINAL, "id": "ordinal-in-c", "at": {**ORDINAL["at"], "item": "p2-c"}, "occurrence": 1},
    )


def test_span_normalisations_in_items_check_and_collate_clean(tmp_path: Path) -> None:
    path = twice(tmp_path, ORDINAL, BOLD)
    assert problems(path) == []
    decl = declaration(tmp_path)
    col = collate(decl.source, "en", (tmp_path / "sources/captures/en.txt").read_text("utf-8"))
    assert col.problems == []
    assert table(col, width=100) == [
        "  line 1         para 1",
        "  lines 3–6      para 2 (normalised: ordinal-in-a, bold-in-b, ordinal-in-c)",
    ]


def test_without_them_the_item_is_blamed(tmp_path: Path) -> None:
    (found,) = problems(twice(tmp_path, BOLD))
    assert "paragraphs[1].items[0].text.en: para 2(a) (en) differs from capture 'c-en'" in found


def test_a_whole_item_normalisation_checks_clean(tmp_path: Path) -> None:
    whole = {**BOLD, "before": CAPTURED["b"], "after": PRINTED["b"]}
    assert problems(twice(tmp_path, ORDINAL, whole)) == []


def test_an_ambiguous_span_in_an_item_needs_its_occurrence(tmp_path: Path) -> None:
    vague = {**ORDINAL, "id": "ordinal-in-c", "at": {**ORDINAL["at"], "item": "p2-c"}}
    path = work(tmp_path, ORDINAL, BOLD, vague)
    line = line_of(path, "id: ordinal-in-c")
    assert problems(path) == [
        f"sources/test-declaration.yaml:{line}: interventions[2].occurrence: missing: '9e' "
        "stands 2 times in para 2(c) (en) — 1: 'the 9e catch', 2: 'the 9e net.' — add "
        "'occurrence: N' to say which one this normalisation made"
    ]
    wrong = problems(work(tmp_path / "two", ORDINAL, BOLD, {**vague, "occurrence": 2}))
    assert len(wrong) == 1 and "para 2(c) (en) differs from capture 'c-en'" in wrong[0]


def test_an_item_that_does_not_exist_is_one_located_line(tmp_path: Path) -> None:
    bad = {**ORDINAL, "at": {"paragraph": "p2", "item": "p2-z"}}
    path = work(tmp_path, bad)
    line = line_of(path, "item: p2-z")
    assert problems(path) == [
        f"sources/test-declaration.yaml:{line}: interventions[0].at.item: unknown item 'p2-z' "
        "of paragraph 'p2' (its items: p2-a, p2-b, p2-c)"
    ]


def test_an_item_needs_its_paragraph(tmp_path: Path) -> None:
    (found,) = problems(work(tmp_path, {**ORDINAL, "at": {"item": "p2-a"}}))
    assert "interventions[0].at.item: an item is named with its paragraph, and nothing else" in (
        found
    )


def test_a_removal_and_a_restoration_in_an_item(tmp_path: Path) -> None:
    captured = {**PRINTED, "b": "open the harbours to all; (see note 3)"}
    printed = {**PRINTED, "a": "keep the [first] 9e promise on the shore;"}
    removal = {
        "id": "note-call-in-b",
        "capture": "c-en",
        "action": "remove",
        "at": {"paragraph": "p2", "item": "p2-b"},
        "text": "(see note 3)",
        "reason": "A call to a footnote the capture leaves out.",
    }
    restore = {
        "id": "first-in-a",
        "capture": "c-en",
        "action": "restore",
        "at": {"paragraph": "p2", "item": "p2-a"},
        "text": "first",
        "reason": "A word the page dropped.",
    }
    path = work(
        tmp_path, removal, restore, captured={**captured, "a": PRINTED["a"]}, printed=printed
    )
    assert problems(path) == []
    decl, ctx = declaration(tmp_path), Context(BUNDLED)
    html = edition_html(decl, ("en",), ctx)
    assert "keep the [first] 9e promise" in html
    assert "Removed 3 words in para 2(b)." in html
    assert "Supplied in para 2(a)." in html
    akn = akn_renderer.edition(decl, ("en",), ctx).decode()
    assert 'class="item"' in akn  # the notes are referenced from the items' points


def test_the_notes_name_the_item_and_the_span(tmp_path: Path) -> None:
    twice(tmp_path, ORDINAL, BOLD)
    decl = declaration(tmp_path)
    html = edition_html(decl, ("en",), Context(BUNDLED)).replace("</span>", "")
    assert "Normalised in para 2(a)." in html
    assert "As captured: 9&lt;sup&gt;e&lt;/sup&gt;" in html
    assert "Normalised in para 2(c)." in html
    meta = dict((v, k) for k, v in edition_view(decl, "en").meta if k == "intervention")
    assert "item para-2-a" in meta and "item para-2-b" in meta
