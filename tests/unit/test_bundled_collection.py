"""The bundled collection: the Shanghai Declaration and the five earlier instruments that
capture 003 excerpts, each its own work made from that one capture, which says no more of
them than an excerpt, an issuer and a date."""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from datetime import date
from pathlib import Path

import pytest

from briefgen.documents.blocks import Text
from briefgen.documents.citation import bibtex, citation, csl_item, ris
from briefgen.documents.pack_parts import front
from briefgen.i18n import messages
from briefgen.model.collection import assigned
from briefgen.model.declaration import Declaration
from briefgen.render.context import Context
from briefgen.render.html.renderer import edition_html
from briefgen.sources.capture import read_text
from briefgen.sources.collation import collate
from briefgen.sources.collections import load_collections
from briefgen.sources.load import load_all

ROOT = Path(__file__).resolve().parents[2]
CAPTURE = "captures/003_cf5690c009775f5d.txt"
EXCERPTED = (
    "house-of-lords-ai-code",
    "icdppc-declaration",
    "shanghai-initiative",
    "global-ai-governance-initiative",
    "china-france-joint-statement",
)


@pytest.fixture(scope="module")
def works() -> dict[str, Declaration]:
    return {d.id: d for d in load_all(ROOT / "sources", ROOT)}


def test_the_collection_holds_the_six_works_in_date_order(works: dict[str, Declaration]) -> None:
    ((col, shown),) = load_collections(ROOT / "sources", ROOT, list(works.values()))
    assert shown == "sources/collections/ai-governance.yaml"
    assert col.works == [*EXCERPTED, "shanghai-declaration-2024"]
    dates = [works[w].source.work.adopted for w in col.works]
    assert dates == sorted(dates)
    assert 4 <= len(col.themes) <= 6
    for theme in col.themes:
        assert theme.definition.rstrip().endswith(".")
        assert set(theme.terms) == {"en", "zh"}
        assert any(assigned(works[w], theme.id) for w in col.works)  # every theme is used
    # the themes cut across the instruments: each excerpted work is assigned to one or more
    assert all(any(assigned(works[w], t.id) for t in col.themes) for w in EXCERPTED)


@pytest.mark.parametrize("work", EXCERPTED)
def test_each_excerpted_work_collates_clean_against_the_one_capture(
    works: dict[str, Declaration], work: str
) -> None:
    src = works[work].source
    ((capture,),) = [src.captures]
    assert capture.file == CAPTURE  # the one file, kept once
    assert capture.partial  # the capture gives excerpts, and the source says so
    assert src.work.place is None and src.work.original_language is None
    col = collate(src, "en", read_text(ROOT / "sources" / CAPTURE))
    assert col.problems == []
    assert -1 not in col.owner  # every word of 003 is in the edition or a recorded removal
    others = [s.label for s in col.spans if s.label.startswith("removed: other-")]
    # the other instruments' excerpts are removals with their reason
    assert len(others) == 5 - (work == "shanghai-initiative")
    for iv in src.interventions:
        if iv.id.startswith("other-"):
            assert iv.reason.startswith("Another instrument's excerpt on the collection page")


def test_an_excerpt_names_no_place_and_says_it_is_an_excerpt(
    works: dict[str, Declaration],
) -> None:
    decl = works["global-ai-governance-initiative"]
    m = messages("en")
    assert citation(m, decl, "1", "en") == (
        "Global AI Governance Initiative (18 October 2023) para 1 "
        "(English excerpt, Linking AI Principles; briefgen edition 1.0.0)"
    )
    page = html_lib.unescape(re.sub(r"<[^>]+>", " ", edition_html(decl, ("en",), Context(ROOT))))
    said = " ".join(page.split())
    assert "Published by the Cyberspace Administration of China, 18 October 2023" in said
    assert "The original language is not stated in the captures." in said
    assert "Partial capture: The capture gives one excerpt of the initiative" in said


def words_of(node: object) -> list[str]:
    """Every run of words in a document's blocks, in order, however deep."""
    if isinstance(node, Text):
        return [node.text]
    if isinstance(node, tuple | list):
        return [w for child in node for w in words_of(child)]
    if dataclasses.is_dataclass(node):
        return [w for f in dataclasses.fields(node) for w in words_of(getattr(node, f.name))]
    return []


def test_the_pack_of_an_excerpt_does_not_claim_the_full_text(
    works: dict[str, Declaration],
) -> None:
    doc = front(works["shanghai-initiative"], date(2026, 12, 7), True)
    said = " ".join("".join(words_of(doc.body)).split())
    assert "the text as far as its capture gives it, with numbered paragraphs" in said
    assert "full text" not in said
    assert "Original language: not stated in the captures." in said


def test_citation_records_of_an_excerpt_have_no_place(works: dict[str, Declaration]) -> None:
    decl = works["icdppc-declaration"]
    item = csl_item(decl, "en", "1")
    assert "publisher-place" not in item and "event-place" not in item
    assert item["issued"] == {"date-parts": [[2018, 10, 23]]}
    assert "location" not in bibtex(decl, ["en"])
    assert not [line for line in ris(decl, ["en"]).splitlines() if line.startswith("CY")]
