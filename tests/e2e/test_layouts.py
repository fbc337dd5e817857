"""Work done once: the pack lays out each part once, and the cached page references of a
tagged write leave its bytes as they were."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pydyf  # type: ignore[import-untyped]
import pytest
import yaml
from pypdf import PdfReader

from briefgen.documents.pack import parts
from briefgen.model.declaration import Declaration
from briefgen.render.context import Context
from briefgen.render.pdf import renderer
from briefgen.render.pdf.layout import layout
from briefgen.render.pdf.pack import pack_pdf
from briefgen.render.pdf.weasy import TALLY, page_references_cached
from briefgen.sources.load import load_all
from tests.support.projects import ROOT, make_work


def many_sections(root: Path, sections: int) -> Declaration:
    """A work of two texts, one short paragraph in each of many headed sections."""
    texts = {
        e: [f"Clause {i} of text {e}: the parties agree on item {i}." for i in range(sections)]
        for e in ("en-a", "en-b")
    }
    path = make_work(root, texts)
    data = yaml.safe_load(path.read_text("utf-8"))
    data["sections"] = [
        {"id": f"s{i}", "number": str(i), "heading": {e: f"Part {i}" for e in texts}}
        for i in range(1, sections + 1)
    ]
    for i, para in enumerate(data["paragraphs"], start=1):
        para["section"] = f"s{i}"
    for capture in data["captures"]:  # each heading stands in the capture before its clause
        expr = capture["id"].removeprefix("c-")
        body = "\n\n".join(f"Part {i}\n\n{t}" for i, t in enumerate(texts[expr], start=1)) + "\n"
        (root / "sources" / capture["file"]).write_text(body, "utf-8")
        capture["sha256"] = hashlib.sha256(body.encode()).hexdigest()
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return load_all(root / "sources", root, None)[0]


def test_pack_lays_out_each_part_once(tmp_path: Path) -> None:
    decl = many_sections(tmp_path, 90)
    before = (TALLY.layouts, TALLY.pages)
    pdf = pack_pdf(decl, Context(ROOT / "templates"))
    layouts, pages = TALLY.layouts - before[0], TALLY.pages - before[1]
    out = tmp_path / "pack.pdf"
    out.write_bytes(pdf)
    reader = PdfReader(out)
    first_part = next(
        b for b in reader.outline if not isinstance(b, list) and b.title != "Contents"
    )
    front = reader.get_destination_page_number(first_part)
    # The contents lists 180 sections: longer than the two front pages once guessed.
    assert front > 3
    # Each part once, and the front twice (first to count its pages, then with the numbers).
    assert layouts == len(parts(decl)) + 2
    assert pages == len(reader.pages) + front


def test_cached_page_references_leave_the_bytes_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = Context(ROOT / "templates")
    body = "".join(
        f'<h2 id="s{i}">Section {i}</h2><p>Text of section {i}, <a href="#s{(i * 7) % 60}">'
        f"see section {(i * 7) % 60}</a>.</p><div style='break-after: page'></div>"
        for i in range(60)
    )
    document = layout(f'<!DOCTYPE html><html lang="en"><body>{body}</body></html>', ctx)
    assert len(document.pages) >= 60
    options = {"pdf_variant": "pdf/a-2u", "pdf_tags": True}
    built: list[int] = []  # the tuples pydyf builds, by the number of pages then
    pydyf_property = pydyf.PDF.__dict__["page_references"]

    def counted(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        built.append(len(pdf.pages["Kids"]) // 3)
        return pydyf_property.fget(pdf)

    counting = property(counted)
    monkeypatch.setattr(pydyf.PDF, "page_references", counting)
    plain = document.write_pdf(**options)
    uncached, built[:] = len(built), []
    with page_references_cached():
        cached = document.write_pdf(**options)
    assert pydyf.PDF.__dict__["page_references"] is counting  # put back as it was
    assert uncached > len(document.pages)  # what the cache is for: read once per link or tag
    assert len(built) == len(set(built))  # cached: built once per page count
    assert cached == plain


def test_cached_page_references_follow_the_pages_added() -> None:
    """WeasyPrint reads the references once every page is added, so the bytes above cannot show
    a tuple kept from fewer pages: here pages are added between reads."""
    pdf = pydyf.PDF()
    original = pydyf.PDF.__dict__["page_references"]
    with page_references_cached():
        for _ in range(3):
            pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
            refs = pdf.page_references
            assert refs == original.fget(pdf)  # the tuple pydyf returns, the new page in it
            assert pdf.page_references is refs  # built once while no page is added
    assert pydyf.PDF.__dict__["page_references"] is original  # put back as it was


def test_an_edition_is_laid_out_once_even_with_one_paragraph_pages(tmp_path: Path) -> None:
    words = " ".join(f"clause{i % 17} agreed" for i in range(420))
    make_work(tmp_path, {"en-a": [f"Long text {n}: {words}." for n in range(1, 4)]})
    decl = load_all(tmp_path / "sources", tmp_path, None)[0]
    before = TALLY.layouts
    pdf = renderer.edition(decl, ("en-a",), Context(ROOT / "templates"))
    assert TALLY.layouts - before == 1
    (tmp_path / "edition.pdf").write_bytes(pdf)
    text = [p.extract_text() for p in PdfReader(tmp_path / "edition.pdf").pages]
    assert any(re.search(r"(?<!s)\bpara [23]\b", t) for t in text[1:])
    assert not any(re.search(r"paras (\d+)–\1\b", t) for t in text)
