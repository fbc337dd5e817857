"""Every PDF is tagged PDF/A; the brief and the pack are PDF/UA-1 too. Read back with pikepdf.

What a PDF/UA checker and an archive's PDF/A validator look at, checked on the real files:
structure tree and reading order, languages, XMP identification, output intent, fonts, links,
attachments, artifacts. (veraPDF itself cannot be installed here: see docs/conformance.md.)
"""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pdfua
import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from tests.support.pdf import PDFUA_BROKEN, elements, parent_tree
from tests.support.projects import ROOT, WORK, Project, correct_typo

KINDS = {
    "brief": "brief.pdf",
    "edition-xinhua": "edition-en-xinhua.pdf",
    "edition-1ai": "edition-en-1ai.pdf",
    "comparison": "comparison-en-xinhua-en-1ai.pdf",
    "notice": "notice.pdf",
    "pack": "pack.pdf",
}
#: The PDF/A part and level of each kind, and whether it claims PDF/UA-1.
CLAIMS = {
    "brief": ("2", "U", True),
    "edition-xinhua": ("2", "U", False),
    "edition-1ai": ("2", "U", False),
    "comparison": ("2", "U", False),
    "notice": ("2", "U", False),
    "pack": ("3", "U", True),
}
#: Internal ids a link description must never show.
INTERNAL_ID = re.compile(r"\b(?:[a-z0-9]+-)*(?:para|row)-\d+\b|\b[a-z0-9-]+-top\b|#")


@pytest.fixture(scope="module")
def paths(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled work's PDFs, and a correction notice from a copy with one correction."""
    project = Project(tmp_path_factory.mktemp("notice"))
    project.edit(correct_typo)
    result = project.cli("build", "--kind", "notice")
    assert result.returncode == 0, result.stderr
    out = {k: built / WORK / name for k, name in KINDS.items() if k != "notice"}
    out["notice"] = project.root / "build" / WORK / "notice.pdf"
    return out


@pytest.fixture(scope="module")
def pdfs(paths: dict[str, Path]) -> Iterator[dict[str, pikepdf.Pdf]]:
    opened = {k: pikepdf.open(p) for k, p in paths.items()}
    yield opened
    for pdf in opened.values():
        pdf.close()


def roles(pdf: pikepdf.Pdf) -> list[str]:
    return [str(e.S)[1:] for e in elements(pdf.Root.StructTreeRoot)]


def marked_content(page: pikepdf.Page) -> Iterator[tuple[str, int | None, set[str]]]:
    """Yield (tag, MCID, fonts used inside) of each outermost marked-content sequence."""
    fonts = page.obj.Resources.get("/Font", Dictionary())
    depth, tag, mcid, used = 0, "", None, set()
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            if depth == 0:
                tag, used = str(operands[0])[1:], set()
                props = operands[1] if op == "BDC" else None
                if tag == "Artifact" and isinstance(props, Dictionary) and "/Type" in props:
                    tag += str(props.Type)  # e.g. Artifact/Pagination
                mcid = (
                    int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
                )
            depth += 1
        elif op == "EMC":
            depth -= 1
            if depth == 0:
                yield tag, mcid, used
        elif op == "Tf" and depth:
            used.add(str(fonts[operands[0]].BaseFont))


#: Operators that put something on the page: text, paths, images, shadings.
PAINTING = {"Tj", "TJ", "'", '"', "f", "f*", "F", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI"}


def has_content(node: Any) -> bool:
    """True if a structure element marks some page content (an MCID), itself or below."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids] if kids is not None else []:
        if isinstance(kid, int) or (isinstance(kid, Dictionary) and "/MCID" in kid):
            return True
        if isinstance(kid, Dictionary) and "/S" in kid and has_content(kid):
            return True
    return False


def unmarked(page: pikepdf.Page) -> list[str]:
    """Return the painting operators outside any marked content (neither tagged nor artifact)."""
    depth, found = 0, []
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        depth += 1 if op in ("BDC", "BMC") else -1 if op == "EMC" else 0
        if depth == 0 and op in PAINTING:
            found.append(op)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_structure_tree_reads_in_order(pdfs: dict[str, pikepdf.Pdf], kind: str) -> None:
    pdf = pdfs[kind]
    assert pdf.Root.MarkInfo.Marked is True
    found = roles(pdf)
    assert found[0] == "Document"
    headings = [r for r in found if re.fullmatch(r"H\d", r)]
    assert headings[0] == "H1", headings[:3]
    # no heading skips a level going down (H1 then H3 would lose the reader)
    for before, after in itertools.pairwise(headings):
        assert int(after[1]) <= int(before[1]) + 1, (before, after)
    expected = {
        "brief": {"H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Link", "Table", "TH", "TD"},
        "edition-xinhua": {"H1", "H2", "P", "L", "LI", "Link"},
        "edition-1ai": {"H1", "H2", "P", "L", "LI", "Link"},
        "comparison": {"H1", "H2", "P", "Table", "TH", "TD", "Link"},
        "notice": {"H1", "H2", "P"},
        "pack": {"H1", "H2", "P", "L", "LI", "Link", "Table", "TH", "TD", "Figure"},
    }[kind]
    assert expected <= set(found), expected - set(found)


def test_brief_reads_headline_summary_points_then_sources(pdfs: dict[str, pikepdf.Pdf]) -> None:
    found = [r for r in roles(pdfs["brief"]) if r in ("H1", "H2", "L", "Table")]
    assert found[0] == "H1"
    assert found.index("L") < found.index("Table")  # key points before the sources table
    assert found.count("Table") == 1


@pytest.mark.parametrize("kind", KINDS)
def test_every_mark_belongs_to_the_tree_and_running_heads_are_artifacts(
    pdfs: dict[str, pikepdf.Pdf], kind: str
) -> None:
    pdf = pdfs[kind]
    in_tree = {e.objgen for e in elements(pdf.Root.StructTreeRoot)}
    owners = parent_tree(pdf)
    heads = set()  # pages with running heads or footers in words, marked as pagination
    for index, page in enumerate(pdf.pages):
        assert unmarked(page) == [], f"page {index + 1}: content neither tagged nor artifact"
        for tag, mcid, fonts in marked_content(page):
            if tag.startswith("Artifact"):
                if tag == "Artifact/Pagination" and fonts:
                    heads.add(index)
                continue
            assert mcid is not None, (index, tag)
            owner = owners[index][mcid]
            assert owner.objgen in in_tree, f"page {index + 1}: MCID {mcid} is not in the tree"
    # every page has its footer (the brief, one page, has none; the pack's cover neither)
    first = {"brief": 1, "pack": 1}.get(kind, 0)
    assert heads == set(range(first, len(pdf.pages)))


@pytest.mark.parametrize("kind", KINDS)
def test_languages(pdfs: dict[str, pikepdf.Pdf], kind: str) -> None:
    pdf = pdfs[kind]
    assert str(pdf.Root.Lang) == "en"
    chinese = {e.objgen for e in elements(pdf.Root.StructTreeRoot) if e.get("/Lang") == "zh"}
    marked = 0
    # every run of Chinese glyphs is inside an element whose language is zh
    for index, page in enumerate(pdf.pages):
        owners = parent_tree(pdf)[index]
        for _, mcid, fonts in marked_content(page):
            if mcid is None or not any("CJK" in f for f in fonts):
                continue
            element = owners[mcid]
            while element.get("/Lang") is None and "/P" in element:
                element = element.P
            assert element.get("/Lang") == "zh", f"page {index + 1}: MCID {mcid}"
            marked += 1
    least = {"brief": 3, "edition-xinhua": 1, "comparison": 6, "pack": 10}.get(kind, 0)
    assert marked >= least and (len(chinese) > 0) == (least > 0)


@pytest.mark.parametrize("kind", KINDS)
def test_pdfa_identification_title_and_output_intent(
    pdfs: dict[str, pikepdf.Pdf], paths: dict[str, Path], kind: str
) -> None:
    pdf = pdfs[kind]
    part, level, ua = CLAIMS[kind]
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    ElementTree.fromstring(xmp[xmp.index("<x:xmpmeta") : xmp.index("</x:xmpmeta>") + 12])
    assert f'pdfaid:part="{part}"' in xmp and f'pdfaid:conformance="{level}"' in xmp
    assert ('pdfuaid:part="1"' in xmp) is ua
    if ua:  # PDF/A requires a schema description for a namespace it does not predefine
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
    with pdf.open_metadata() as meta:
        assert meta["dc:title"] == str(pdf.docinfo.Title)
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == Name.GTS_PDFA1 and "/DestOutputProfile" in intent
    assert len(pdf.trailer.ID) == 2
    check = subprocess.run(["qpdf", "--check", str(paths[kind])], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_fonts_embedded_with_unicode_maps(pdfs: dict[str, pikepdf.Pdf], kind: str) -> None:
    seen = 0
    for page in pdfs[kind].pages:
        for font in page.obj.Resources.get("/Font", Dictionary()).values():
            seen += 1
            assert "/ToUnicode" in font, font.BaseFont
            for f in [font, *font.get("/DescendantFonts", [])]:
                if "/FontDescriptor" in f:
                    descriptor = f.FontDescriptor
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())
    assert seen


@pytest.mark.parametrize("kind", KINDS)
def test_links_are_described_printed_and_tagged(pdfs: dict[str, pikepdf.Pdf], kind: str) -> None:
    pdf = pdfs[kind]
    owners = parent_tree(pdf)
    in_tree = {e.objgen for e in elements(pdf.Root.StructTreeRoot)}
    for index, page in enumerate(pdf.pages):
        annots = page.obj.get("/Annots", [])
        if annots:
            assert page.obj.Tabs == Name.S, index
        for annot in annots:
            assert int(annot.F) & 4, "print flag"
            if annot.Subtype != Name.Link:
                continue
            text = str(annot.Contents)
            assert text and not INTERNAL_ID.search(text), text
            owner = owners[int(annot.StructParent)]
            assert str(owner.S) == "/Link" and owner.objgen in in_tree
            assert any(isinstance(k, Dictionary) and k.get("/Obj") == annot for k in owner.K)
    # and no Link element is left without the annotation a reader would follow
    for element in elements(pdf.Root.StructTreeRoot):
        if str(element.S) == "/Link":
            assert any(isinstance(k, Dictionary) and k.get("/Type") == "/OBJR" for k in element.K)


def link_texts(pdf: pikepdf.Pdf) -> set[tuple[str, str]]:
    out = set()
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            target = annot.get("/Dest") or annot.get("/A", Dictionary()).get("/URI")
            out.add((str(target), str(annot.Contents)))
    return out


def test_brief_citations_say_which_paragraph_of_which_text(pdfs: dict[str, pikepdf.Pdf]) -> None:
    links = link_texts(pdfs["brief"])
    assert (
        "edition-en-xinhua.pdf#para-13",
        "Paragraph 13 of the Xinhua English text (edition-en-xinhua.pdf)",
    ) in links
    assert len(links) >= 17


def test_pack_links_contents_citations_and_web_addresses(
    pdfs: dict[str, pikepdf.Pdf], canonical: dict[str, Any]
) -> None:
    links = link_texts(pdfs["pack"])
    assert ("en-xinhua-para-3", "Paragraph 3 of the Xinhua English text") in links
    contents = {t for d, t in links if d.endswith("-top")}
    assert len(contents) == 7 - 1  # every part but the contents page itself
    # one link per contents entry (not one per word box inside it) for a screen reader to list
    on_contents_page = [str(a.Dest) for a in pdfs["pack"].pages[1].obj.Annots]
    assert sorted(on_contents_page) == sorted(set(on_contents_page)) and len(on_contents_page) == 6
    assert any(t.startswith("Policy brief, page ") for t in contents)
    # every web address printed in the provenance appendix is a link to it
    uris = {d for d, _ in links}
    for capture in canonical["captures"]:
        assert capture["url"] in uris, capture["url"]
        assert (capture["url"], f"Web page {capture['url']}") in links


@pytest.mark.parametrize("kind", KINDS)
def test_table_headers_have_scope_and_figures_alt(pdfs: dict[str, pikepdf.Pdf], kind: str) -> None:
    for element in elements(pdfs[kind].Root.StructTreeRoot):
        if str(element.S) == "/TH":
            assert element.A.Scope in (Name.Column, Name.Row)
        if str(element.S) == "/Figure":
            assert str(element.get("/Alt", ""))


def test_pack_lists_each_attachment_once(pdfs: dict[str, pikepdf.Pdf]) -> None:
    pdf = pdfs["pack"]
    files = [spec.objgen for spec in pdf.Root.AF]
    assert len(files) == len(set(files)) == 2 + len(list((ROOT / "sources" / "captures").iterdir()))
    for spec in pdf.Root.AF:
        assert spec.AFRelationship == Name.Source


@pytest.mark.parametrize("kind", KINDS)
def test_pdfua_checker_finds_nothing(paths: dict[str, Path], kind: str) -> None:
    """The pdfua checker's PDF/UA-1 rules pass; only the PDF/UA claim is missing where not made."""
    report = pdfua.validate(str(paths[kind]))
    findings = [(f.rule_id, f.message) for f in report.findings]
    # UA-28-004 says the file does not claim PDF/UA: true of the editions, comparison, notice
    assert [rule for rule, _ in findings] == ([] if CLAIMS[kind][2] else ["UA-28-004"]), findings
    for outcome in report.skipped:
        assert PDFUA_BROKEN.get(outcome.rule_id, "?") in str(outcome.skipped_reason), outcome
    # what UA-14-001 would check: no heading is empty
    with pikepdf.open(paths[kind]) as pdf:
        for element in elements(pdf.Root.StructTreeRoot):
            if re.fullmatch(r"/H\d", str(element.S)):
                assert has_content(element), element
