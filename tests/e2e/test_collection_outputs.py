"""A collection's outputs, built through the CLI from a two-work collection in our own words:
the theme matrix and theme pages in HTML, PDF and DOCX, and the collection pack in PDF/A-3 and
DOCX. Every link is followed to its anchor."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn
from pikepdf import Name

from tests.support.corpus import make_corpus
from tests.support.links import parsed, pdf_dests, pdf_links
from tests.support.ooxml import problems
from tests.support.projects import run_cli

OUT = Path("build/collections/rivers")
KINDS = ("--kind", "edition", "--kind", "matrix", "--kind", "themes", "--kind", "collection-pack")
FORMATS = ("-f", "html", "-f", "pdf", "-f", "docx")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_corpus(tmp_path_factory.mktemp("corpus"))
    result = run_cli("build", *FORMATS, *KINDS, cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_matrix_cites_pinpoints_that_link_to_the_editions(root: Path) -> None:
    page = (root / OUT / "matrix.html").read_text("utf-8")
    cells = re.findall(r'<td class="pins">(.*?)</td>', page)
    plain = [re.sub(r"<[^>]+>", "", c) for c in cells]
    # upstream-accord: water quality, sharing data; then delta-charter
    assert plain == ["para 1", "paras 1, 2(b)", "para 2", "para 2"]
    assert '<a href="../../upstream-accord/edition-upstream-accord.html#para-2-b">2(b)</a>' in page


@pytest.mark.parametrize("name", ["matrix.html", "themes.html"])
def test_every_link_of_the_matrix_and_theme_pages_resolves(root: Path, name: str) -> None:
    here = root / OUT / name
    links = [h for h in parsed(here).hrefs if not h.startswith(("http://", "https://"))]
    assert len(links) >= 4
    for href in links:
        file, _, fragment = href.partition("#")
        target = (here.parent / file).resolve() if file else here
        assert target.is_file(), href
        if target.suffix == ".html":  # a pinpoint; the other formats' files are whole files
            assert fragment in parsed(target).ids, href
        else:
            assert not fragment, href


def test_theme_pages_quote_in_date_order_with_citation_and_provenance(root: Path) -> None:
    page = (root / OUT / "themes.html").read_text("utf-8")
    water = page[page.index('id="theme-water-quality"') : page.index('id="theme-data-sharing"')]
    # the Delta Charter (2019) before the Upstream Accord (2024)
    assert water.index("The council shares its water") < water.index("The towns keep the river")
    assert "Cite as: Upstream Accord (Geneva, 4 July 2024) para 1" in water
    assert "from Test Publisher" in water and "https://example.org/upstream-accord" in water
    data = page[page.index('id="theme-data-sharing"') :]
    assert "publish the gauge readings of every weir." in data and "para 2(b)" in data


def test_the_pdf_matrix_links_to_the_pdf_editions(root: Path) -> None:
    with pikepdf.open(root / OUT / "matrix.pdf") as pdf:
        box = pdf.pages[0].mediabox
        assert float(box[2]) < float(box[3])  # two themes: portrait
        uris = [str(a.A.URI) for a in pdf_links(pdf) if "/A" in a and "/URI" in a.A]
        described = [str(a.Contents) for a in pdf_links(pdf)]
    assert "../../upstream-accord/edition-upstream-accord.pdf#para-2-b" in uris
    for uri in uris:
        file, _, fragment = uri.partition("#")
        if file.startswith("../"):
            with pikepdf.open((root / OUT / file).resolve()) as target:
                assert fragment in pdf_dests(target), uri
    assert any("Upstream Accord" in d for d in described), described


def test_a_matrix_with_many_themes_is_printed_landscape(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, themes=6)
    result = run_cli("build", "-f", "pdf", "-f", "docx", "--kind", "matrix", cwd=root)
    assert result.returncode == 0, result.stderr
    with pikepdf.open(root / OUT / "matrix.pdf") as pdf:
        box = pdf.pages[0].mediabox
        assert float(box[2]) > float(box[3])
    section = docx.Document(str(root / OUT / "matrix.docx")).sections[0]
    assert section.page_width > section.page_height


def test_the_collection_pack_is_pdfa3_with_bookmarks_and_each_file_once(root: Path) -> None:
    path = root / OUT / "pack.pdf"
    with pikepdf.open(path) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
        assert 'pdfuaid:part="1"' in xmp
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == Name.GTS_PDFA1
        with pdf.open_outline() as outline:
            top = [item.title for item in outline.root]
            themes = next(i for i in outline.root if i.title == "Themes")
            assert [c.title for c in themes.children] == ["Water quality", "Sharing data"]
        assert top == [
            "Contents",
            "Theme matrix",
            "Themes",
            "Edition: Upstream Accord (Text upstream-accord)",
            "Edition: Delta Charter (Text delta-charter)",
            "Provenance: Upstream Accord",
            "Provenance: Delta Charter",
        ]
        attached = {n: a.get_file().read_bytes() for n, a in pdf.attachments.items()}
        dests = pdf_dests(pdf)
        for annot in pdf_links(pdf):
            assert str(annot.Contents) and "#" not in str(annot.Contents)
            if "/Dest" in annot:
                assert str(annot.Dest) in dests, annot.Dest
        internal = {str(a.Dest) for a in pdf_links(pdf) if "/Dest" in a}
    assert "w1-upstream-accord-para-2-b" in internal  # the matrix cites the pack's own copy
    digests = [hashlib.sha256(b).hexdigest() for b in attached.values()]
    assert len(digests) == len(set(digests))  # each file once
    sources = root / "sources"
    for work in ("upstream-accord", "delta-charter"):
        assert attached[f"{work}.yaml"] == (sources / f"{work}.yaml").read_bytes()
        assert attached[f"{work}.txt"] == (sources / "captures" / f"{work}.txt").read_bytes()
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr


@pytest.mark.parametrize("name", ["matrix", "themes", "pack"])
def test_the_docx_outputs_validate_and_their_links_land(root: Path, name: str) -> None:
    path = root / OUT / f"{name}.docx"
    found = problems(path)
    assert {part: errors for part, errors in found.items() if errors} == {}
    document = docx.Document(str(path))
    body = document.element.body
    marks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    rels = document.part.rels
    for link in body.iter(qn("w:hyperlink")):
        anchor, rid = link.get(qn("w:anchor")), link.get(qn("r:id"))
        if rid is None:
            assert anchor in marks, anchor
        elif anchor is not None:  # a bookmark of an edition beside the collection's folder
            other = docx.Document(str((path.parent / rels[rid].target_ref).resolve()))
            names = {b.get(qn("w:name")) for b in other.element.body.iter(qn("w:bookmarkStart"))}
            assert anchor in names, (rels[rid].target_ref, anchor)


def test_the_manifest_names_the_collection_and_work_builds_leave_it_out(root: Path) -> None:
    entries = json.loads((root / "build" / "manifest.json").read_text("utf-8"))["outputs"]
    mine = sorted(e["path"] for e in entries if e.get("collection") == "rivers")
    assert mine == [
        f"collections/rivers/{n}"
        for n in (
            "matrix.docx", "matrix.html", "matrix.pdf", "pack.docx", "pack.pdf",
            "themes.docx", "themes.html", "themes.pdf",
        )
    ]  # fmt: skip
    result = run_cli("build", "-f", "html", "--work", "delta-charter", "--kind", "matrix", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "note: no matrix: a build of named works (--work) makes no collection's outputs" in (
        result.stdout + result.stderr
    )
    again = run_cli("build", *FORMATS, *KINDS, cwd=root)
    assert again.returncode == 0 and "0 file(s)" in again.stdout, again.stdout


def test_a_broken_collection_fails_the_build_with_its_file_and_line(tmp_path: Path) -> None:
    root = make_corpus(tmp_path)
    path = root / "sources" / "collections" / "rivers.yaml"
    path.write_text(path.read_text("utf-8").replace("delta-charter]", "delta-chart]"), "utf-8")
    result = run_cli("build", "-f", "html", "--kind", "matrix", cwd=root)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: sources/collections/rivers.yaml:5: works[1]: unknown work 'delta-chart' "
        "(works: delta-charter, upstream-accord)"
    ]
    assert not (root / "build").exists()
