"""A long document laid out and written in pieces is the document a single layout makes.

Each output is rendered twice through the real renderer: whole, and with the piece size cut
so that it is laid out in several pieces (render/pdf/pieces.py) and joined (render/pdf/join.py).
The two PDFs are compared as a reader sees them: the same pages, the same text on each page
(the "Page N of M" footers included), the same pixels, the same bookmarks; and the pieced one
is checked as an auditor would: PDF/UA checker, qpdf, links that land.
"""

from __future__ import annotations

import hashlib
import random
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfua  # type: ignore[import-untyped]
import pikepdf
import pytest
import yaml
from PIL import Image, ImageChops
from pypdf import PdfReader

from briefgen.model.declaration import Declaration
from briefgen.render.context import Context
from briefgen.render.pdf import join as pdf_join
from briefgen.render.pdf import pieces, renderer
from briefgen.render.pdf.pack import pack_pdf
from briefgen.render.pdf.weasy import TALLY
from briefgen.sources.load import load_all
from tests.support.pdf import pdf_text
from tests.support.projects import ROOT, make_work

SENTENCE = (
    "the parties agree to share findings on model testing and to publish the methods they use "
    "each member will name a contact point for incidents and report on progress every year"
)
WORDS = SENTENCE.split(" ")

#: Small enough that each output below is cut into several pieces.
SMALL_PIECES = 6_000


@pytest.fixture(scope="module")
def decl(tmp_path_factory: pytest.TempPathFactory) -> Declaration:
    """A work of two texts of 120 paragraphs, four to a headed section."""
    root = tmp_path_factory.mktemp("long")
    rng = random.Random(14)
    count = 80
    texts: dict[str, list[str | None]] = {
        e: [" ".join(rng.choice(WORDS) for _ in range(45)).capitalize() + "." for _ in range(count)]
        for e in ("en-a", "en-b")
    }
    path = make_work(root, texts)
    data = yaml.safe_load(path.read_text("utf-8"))
    # long enough that the running footer and "Page N of M" share the bottom edge tightly
    data["work"]["title"] = (
        "Test Declaration on the Shared Testing, Reporting and Publication of Findings about "
        "General-Purpose Models"
    )
    sections = count // 4
    data["sections"] = [
        {"id": f"s{k}", "number": str(k), "heading": {e: f"Part {k}" for e in texts}}
        for k in range(1, sections + 1)
    ]
    for i, para in enumerate(data["paragraphs"]):
        para["section"] = f"s{i // 4 + 1}"
    for capture in data["captures"]:  # each heading stands in the capture before its part
        expr = capture["id"].removeprefix("c-")
        lines = []
        for i, text in enumerate(texts[expr]):
            if i % 4 == 0:
                lines.append(f"Part {i // 4 + 1}")
            lines.append(str(text))
        body = "\n\n".join(lines) + "\n"
        (root / "sources" / capture["file"]).write_text(body, "utf-8")
        capture["sha256"] = hashlib.sha256(body.encode()).hexdigest()
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return load_all(root / "sources", root, None)[0]


def twice(
    render: Callable[[], bytes], out: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, int]:
    """Render whole, then in small pieces; return both files and the pieced layouts."""
    whole = out / "whole.pdf"
    whole.write_bytes(render())
    before = TALLY.layouts
    with monkeypatch.context() as patch:
        patch.setattr(pieces, "PIECE_CHARS", SMALL_PIECES)
        pieced = out / "pieced.pdf"
        pieced.write_bytes(render())
    return whole, pieced, TALLY.layouts - before


def page_texts(path: Path) -> list[list[str]]:
    text = pdf_text(path, layout=True)
    return [[" ".join(line.split()) for line in page.splitlines()] for page in text.split("\f")]


def differing_pages(a: Path, b: Path, out: Path) -> list[int]:
    """The pages whose pixels differ, at 40 dpi."""
    for path, stem in ((a, "a"), (b, "b")):
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(out / stem)], check=True)
    differ = []
    for image in sorted(out.glob("a-*.png")):
        other = out / image.name.replace("a-", "b-", 1)
        left, right = (Image.open(p).convert("RGB") for p in (image, other))
        if ImageChops.difference(left, right).getbbox() is not None:
            differ.append(int(re.findall(r"\d+", image.stem)[-1]))
    return differ


def outline(path: Path) -> list[tuple[int, str, int]]:
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))  # type: ignore[attr-defined]

    walk(reader.outline, 1)
    return found


def audit(path: Path) -> None:
    """What an auditor runs: qpdf's check, the PDF/UA checker's rules, every link landing."""
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    report = pdfua.validate(str(path))
    assert [f.rule_id for f in report.findings if f.rule_id != "UA-28-004"] == []
    with pikepdf.open(path) as pdf:
        names = pdf.Root.get("/Names")
        dests = dict(pikepdf.NameTree(names.Dests).items()) if names and "/Dests" in names else {}
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                dest = annot.get("/Dest")
                if isinstance(dest, pikepdf.String):
                    assert str(dest) in dests, f"a link to #{dest} lands nowhere"


@pytest.mark.parametrize("kind", ["edition", "comparison"])
def test_a_document_in_pieces_is_the_whole_document(
    decl: Declaration, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = Context(ROOT / "templates")
    ids = tuple(e.id for e in decl.source.expressions)

    def render() -> bytes:
        if kind == "edition":
            return renderer.edition(decl, ids[:1], ctx)
        return renderer.comparison(decl, ids, ctx)

    whole, pieced, layouts = twice(render, tmp_path, monkeypatch)
    assert layouts >= 3  # laid out in pieces indeed
    texts = page_texts(whole)
    assert len(texts) > 10
    assert page_texts(pieced) == texts  # the footers "Page N of M" included
    total = len(texts) - 1  # pdftotext ends with a form feed
    assert any(f"Page {total} of {total}" in line for line in texts[-2])
    assert differing_pages(whole, pieced, tmp_path) == []
    assert outline(pieced) == outline(whole)
    audit(pieced)


def test_a_pack_of_parts_in_pieces_is_the_whole_pack(
    decl: Declaration, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = Context(ROOT / "templates")
    whole, pieced, layouts = twice(lambda: pack_pdf(decl, ctx), tmp_path, monkeypatch)
    texts = page_texts(whole)
    assert page_texts(pieced) == texts
    assert layouts > 8  # its editions and comparison were cut
    assert outline(pieced) == outline(whole)
    assert len([entry for entry in outline(whole) if entry[0] == 2]) >= 2 * 20  # the sections
    audit(pieced)
    with pikepdf.open(pieced) as pdf:  # the contents' links reach the parts, now other pieces
        links = [
            str(a.Dest)
            for a in pdf.pages[1].obj.get("/Annots", [])
            if isinstance(a.get("/Dest"), pikepdf.String)
        ]
    assert {"en-a-top", "en-b-top"} <= set(links)


def test_a_large_join_in_its_own_process_writes_the_same_bytes(
    decl: Declaration, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A join too large for the renderer's memory runs in a process of its own, same bytes."""
    ctx = Context(ROOT / "templates")
    expression = (decl.source.expressions[0].id,)
    monkeypatch.setattr(pieces, "PIECE_CHARS", SMALL_PIECES)
    here = renderer.edition(decl, expression, ctx)
    monkeypatch.setattr(pdf_join, "APART_BYTES", 0)
    apart = renderer.edition(decl, expression, ctx)
    assert apart == here
    assert apart.startswith(b"%PDF-")
