"""A normalisation may name a span inside a paragraph: its words, and where they stand."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import docx
import yaml

from briefgen import __version__
from briefgen.documents.provenance import provenance
from briefgen.errors import SourceError
from briefgen.i18n import messages
from briefgen.model.declaration import Declaration
from briefgen.render.context import Context
from briefgen.render.docx import renderer as docx_renderer
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import Links, edition_html, page
from briefgen.sources.collation import collate, table
from briefgen.sources.load import load, load_all
from tests.support.projects import line_of, make_work

#: Our own words, as a web page's Markdown gives them: an ordinal with its markup.
CAPTURED = [
    "Au 9<sup>e</sup> sommet, les ports de la côte conviennent d'agir ensemble.",
    "Ils se reverront au 10e sommet, au printemps.",
]
PRINTED = ["Au 9e sommet, les ports de la côte conviennent d'agir ensemble.", CAPTURED[1]]
SPAN: dict[str, Any] = {
    "id": "ordinal-markup",
    "capture": "c-fr",
    "action": "normalise",
    "at": {"paragraph": "p1"},
    "before": "9<sup>e</sup>",
    "after": "9e",
    "reason": "The ordinal's superscript is markup of the page.",
}


def work(root: Path, captured: list[str], printed: list[str], *records: dict[str, Any]) -> Path:
    path = make_work(root, {"fr": captured}, languages={"fr": "fr"})
    data = yaml.safe_load(path.read_text("utf-8"))
    for p, text in zip(data["paragraphs"], printed, strict=True):
        p["text"]["fr"] = text
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


def test_a_span_normalisation_checks_and_collates_clean(tmp_path: Path) -> None:
    path = work(tmp_path, CAPTURED, PRINTED, SPAN)
    assert problems(path) == []
    decl = declaration(tmp_path)
    captured = (tmp_path / "sources" / "captures" / "fr.txt").read_text("utf-8")
    col = collate(decl.source, "fr", captured)
    assert col.problems == []
    assert table(col) == [
        "  line 1         para 1 (normalised: ordinal-markup)",
        "  line 3         para 2",
    ]


def test_without_it_the_difference_is_blamed(tmp_path: Path) -> None:
    path = work(tmp_path, CAPTURED, PRINTED)
    (found,) = problems(path)
    assert "paragraphs[0].text.fr: para 1 (fr) differs from capture 'c-fr'" in found


def test_whole_paragraph_records_stay_valid(tmp_path: Path) -> None:
    whole = {**SPAN, "before": CAPTURED[0], "after": PRINTED[0]}
    assert problems(work(tmp_path, CAPTURED, PRINTED, whole)) == []


TWICE_CAPTURED = ["Le 9<sup>e</sup> jour du 9e mois, les ports conviennent d'agir.", CAPTURED[1]]
TWICE_PRINTED = ["Le 9e jour du 9e mois, les ports conviennent d'agir.", CAPTURED[1]]


def test_an_ambiguous_span_needs_its_occurrence(tmp_path: Path) -> None:
    path = work(tmp_path, TWICE_CAPTURED, TWICE_PRINTED, SPAN)
    line = line_of(path, "id: ordinal-markup")  # the record, which lacks the field
    assert problems(path) == [
        f"sources/test-declaration.yaml:{line}: interventions[0].occurrence: missing: '9e' "
        "stands 2 times in para 1 (fr) — 1: 'Le 9e jour', 2: 'du 9e mois,' — add "
        "'occurrence: N' to say which one this normalisation made"
    ]
    assert (
        problems(work(tmp_path / "one", TWICE_CAPTURED, TWICE_PRINTED, {**SPAN, "occurrence": 1}))
        == []
    )
    wrong = problems(
        work(tmp_path / "two", TWICE_CAPTURED, TWICE_PRINTED, {**SPAN, "occurrence": 2})
    )
    assert len(wrong) == 1 and "para 1 (fr) differs from capture 'c-fr'" in wrong[0]


def test_a_span_not_in_the_text_is_blamed_on_the_record(tmp_path: Path) -> None:
    path = work(tmp_path, CAPTURED, PRINTED, {**SPAN, "after": "9ème"})
    line = line_of(path, "after: 9ème")
    assert problems(path)[0] == (
        f"sources/test-declaration.yaml:{line}: interventions[0].after: not found in para 1 "
        "(fr); the record must match the text as printed"
    )


def test_the_provenance_and_the_note_show_the_span_only(tmp_path: Path) -> None:
    work(tmp_path, CAPTURED, PRINTED, SPAN)
    decl, ctx = declaration(tmp_path), Context(BUNDLED)
    doc = provenance(decl, date(2026, 1, 3), __version__, attached_here=True)
    html = page(ctx, messages("en"), "pack-part.html.j2", "pack.css", doc=doc, links=Links(""))
    word = "\n".join(
        p.text for p in docx.Document(io.BytesIO(docx_renderer.pack(decl, ("fr",), ctx))).paragraphs
    )
    note = edition_html(decl, ("fr",), ctx)
    for out in (html.replace("&lt;", "<").replace("&gt;", ">"), word):
        assert "As captured:" in out
        assert "9<sup>e</sup> · " in out and "As printed:" in out
        assert "Au 9<sup>e</sup> sommet" not in out  # never the paragraph
    # the edition of the French text says it in French
    assert "Tel que saisi\u00a0: 9&lt;sup&gt;e&lt;/sup&gt;" in note.replace("</span>", "")
    assert "Au 9&lt;sup&gt;e&lt;/sup&gt; sommet" not in note
