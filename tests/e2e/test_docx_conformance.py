"""The DOCX outputs as Word's own files: every part valid against the OOXML schemas,
bookmarks, links, restarting lists, a filled-in contents, character styles and clean
properties. All on the bundled work's outputs, built once for the session (`built`)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from briefgen import __version__
from briefgen.render.docx.xml import bookmark_name
from tests.support.ooxml import problems
from tests.support.projects import WORK

DOCX = ["brief", "edition-en-xinhua", "edition-en-1ai", "comparison-en-xinhua-en-1ai", "pack"]
ISSUER = "World AI Conference 2024 and High-Level Meeting on Global AI Governance"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _open(built: Path, name: str) -> Any:
    return docx.Document(str(built / WORK / f"{name}.docx"))


def _bookmarks(document: Any) -> dict[str, Any]:
    """Return the bookmark names of a document, each with the paragraph it starts in."""
    return {
        b.get(qn("w:name")): b.getparent()
        for b in document.element.body.iter(qn("w:bookmarkStart"))
    }


def _text(p: Any) -> str:
    """Return the text of an element, tabs included (fields' instructions are not text)."""
    return "".join(
        "\t" if t.tag == qn("w:tab") else t.text or "" for t in p.iter(qn("w:t"), qn("w:tab"))
    )


@pytest.mark.parametrize("name", DOCX)
def test_every_part_validates_against_the_ooxml_schemas(built: Path, name: str) -> None:
    found = problems(built / WORK / f"{name}.docx")
    assert {part: errors for part, errors in found.items() if errors} == {}
    # only the parts a document uses: no thumbnail, bibliography custom XML or Word 2010 copy
    assert sorted(found) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "word/styles.xml",
        "word/theme/theme1.xml",
        "word/webSettings.xml",
    ]


def test_the_schema_check_finds_what_the_audit_found(tmp_path: Path) -> None:
    """python-docx's own template with the old contents' `updateFields` appended: the schemas
    reject both the zoom without a percentage and the element out of its order."""
    from docx.oxml import OxmlElement

    document = docx.Document()
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    document.save(str(tmp_path / "plain.docx"))
    errors = problems(tmp_path / "plain.docx")["word/settings.xml"]
    assert any("percent" in e for e in errors)
    assert any("updateFields" in e for e in errors)


@pytest.mark.parametrize("name", DOCX)
def test_properties_name_the_issuer_and_briefgen(built: Path, name: str) -> None:
    document = _open(built, name)
    props = document.core_properties
    assert props.author == ISSUER
    assert props.title and props.subject
    assert props.comments == "" and props.last_modified_by == ""
    assert props.created == props.modified
    assert props.created.date().isoformat() == "2026-11-21"  # the edition's date
    with zipfile.ZipFile(built / WORK / f"{name}.docx") as z:
        app = z.read("docProps/app.xml").decode()
        everything = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    assert f"<Application>briefgen {__version__}</Application>" in app
    for leftover in ("python-docx", "Macintosh", "Normal.dotm", "updateFields"):
        assert leftover not in everything


@pytest.mark.parametrize("name", DOCX)
def test_styled_fonts_are_noto_in_word_too(built: Path, name: str) -> None:
    """Word prefers a theme font attribute to the named font beside it: none is left on the
    styles briefgen sets fonts on, the defaults name their fonts and the theme's are Noto."""
    document = _open(built, name)
    styled = ["Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Footer"]
    for style in [*styled, "Edition Note"]:
        fonts = document.styles[style].element.rPr.rFonts
        theme = [a for a in fonts.attrib if "heme" in a]
        assert theme == [], style
        assert fonts.get(qn("w:ascii")).startswith("Noto"), style
    headings = {document.styles[s].font.name for s in ("Title", "Heading 1", "Heading 2")}
    assert headings == {"Noto Serif", "Noto Sans"}
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    xml = etree.tostring(defaults).decode()
    assert 'w:ascii="Noto Serif"' in xml and "Theme" not in xml
    with zipfile.ZipFile(built / WORK / f"{name}.docx") as z:
        theme_xml = z.read("word/theme/theme1.xml").decode()
    assert re.search(r'<a:majorFont>\s*<a:latin typeface="Noto Sans"', theme_xml)
    assert re.search(r'<a:minorFont>\s*<a:latin typeface="Noto Serif"', theme_xml)


def test_each_numbered_paragraph_has_a_bookmark_named_like_the_html_anchor(
    built: Path,
) -> None:
    for expression in ("en-xinhua", "en-1ai"):
        marks = _bookmarks(_open(built, f"edition-{expression}"))
        paras = {n: p for n, p in marks.items() if n.startswith("para-")}
        assert sorted(paras) == sorted(f"para-{n}" for n in range(1, 23))
        for name, p in paras.items():  # the bookmark holds the numbered paragraph itself
            assert _text(p).split("\t")[0] == name.removeprefix("para-")
    pack = _bookmarks(_open(built, "pack"))
    for expression in ("en-xinhua", "en-1ai"):
        assert {f"{expression}-para-{n}" for n in range(1, 23)} <= set(pack)
    assert {f"cmp-row-{n}" for n in range(1, 23)} <= set(pack)
    for name in pack:
        assert len(name) <= 40 and name[0].isalpha() and " " not in name


def test_long_bookmark_names_are_shortened_and_stay_unique() -> None:
    assert bookmark_name("en-xinhua-", "para-13") == "en-xinhua-para-13"
    long_a = bookmark_name("en-a-very-long-expression-identifier-one-", "para-13")
    long_b = bookmark_name("en-a-very-long-expression-identifier-two-", "para-13")
    assert long_a != long_b
    for name in (long_a, long_b, bookmark_name("1ai-", "para-2")):
        assert len(name) <= 40 and name[0].isalpha() and re.fullmatch(r"[\w-]+", name)
        assert name.endswith("para-13") or name.endswith("para-2")


def test_pack_citations_link_to_paragraph_bookmarks_in_the_pack(built: Path) -> None:
    document = _open(built, "pack")
    marks = _bookmarks(document)
    links = list(document.element.body.iter(qn("w:hyperlink")))
    anchors = [h.get(qn("w:anchor")) for h in links if h.get(qn("w:anchor"))]
    assert anchors and set(anchors) <= set(marks)  # every internal link has its target
    cites = {
        _text(h): h.get(qn("w:anchor"))
        for h in links
        if h.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:rStyle')}") is not None
        and h.find(f".//{qn('w:rStyle')}").get(qn("w:val")) == "ParagraphCitation"
    }
    assert cites["para 3"] == "en-xinhua-para-3"  # in the brief's summary
    assert cites["13"] == "en-xinhua-para-13"  # "paras 12, 13" after a key commitment
    assert _text(marks["en-xinhua-para-13"]).startswith("13\t")


def test_brief_citations_open_the_edition_at_the_paragraph(built: Path) -> None:
    document = _open(built, "brief")
    rels = document.part.rels
    targets = {
        _text(h): (rels[h.get(R_ID)], h.get(qn("w:anchor")))
        for h in document.element.body.iter(qn("w:hyperlink"))
        if h.get(R_ID)
    }
    for text, number in (("para 3", "3"), ("13", "13")):
        rel, anchor = targets[text]
        assert (rel.target_ref, anchor) == ("edition-en-xinhua.docx", f"para-{number}")
        assert rel.is_external
    assert "para-13" in _bookmarks(_open(built, "edition-en-xinhua"))
    # URLs are clickable: external relationships
    rel, anchor = targets["https://1ai.net/en/14896.html"]
    assert (rel.target_ref, anchor) == ("https://1ai.net/en/14896.html", None)


def test_urls_are_clickable_and_internal_links_have_targets(built: Path) -> None:
    for name in DOCX:
        document = _open(built, name)
        links = list(document.element.body.iter(qn("w:hyperlink")))
        urls = {document.part.rels[h.get(R_ID)].target_ref for h in links if h.get(R_ID)}
        assert any(u.startswith("https://") for u in urls), name
        internal = {h.get(qn("w:anchor")) for h in links if not h.get(R_ID)}
        assert internal <= set(_bookmarks(document)), name
    comparison = _open(built, "comparison-en-xinhua-en-1ai")
    summary = [h for h in comparison.element.body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    assert [_text(h) for h in summary][:1] == ["para 17"]  # the most divergent, to its row
    assert summary[0].get(qn("w:anchor")) == "row-17"


def test_every_list_counts_from_one(built: Path) -> None:
    """pack.docx numbered the brief's key commitments 7-13: they shared the "What is inside"
    list's w:num. Each list now has its own, restarting at 1: in the pack, what is inside, the
    key commitments, each edition's interventions and the provenance's."""
    for name, sizes in (("pack", [6, 7, 7, 4, 11]), ("brief", [7])):
        document = _open(built, name)
        lists: dict[str, int] = {}
        for p in document.paragraphs:
            if p.style.name == "List Number":
                num = p._p.pPr.numPr.numId.val
                lists[str(num)] = lists.get(str(num), 0) + 1
        assert list(lists.values()) == sizes, name
        numbering = document.part.numbering_part.element
        for num_id in lists:
            num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
            start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
            assert start is not None and start.get(qn("w:val")) == "1"


def test_pack_contents_are_written_out_with_page_numbers(built: Path) -> None:
    document = _open(built, "pack")
    entries = [p for p in document.paragraphs if p.style.name == "TOC 1"]
    body = document.element.body.xml
    assert 'TOC \\o "1-1" \\h \\z \\u' in body
    assert "Update this field" not in body
    marks = _bookmarks(document)
    pages = []
    for entry in entries:
        link = entry._p.find(qn("w:hyperlink"))
        anchor = link.get(qn("w:anchor"))
        assert _text(marks[anchor]) == _text(link).split("\t")[0]  # the part's heading
        instr = "".join(i.text for i in link.iter(qn("w:instrText")))
        assert instr.strip() == f"PAGEREF {anchor} \\h"
        pages.append(int(_text(link).split("\t")[1]))
    titles = [_text(e._p.find(qn("w:hyperlink"))).split("\t")[0] for e in entries]
    assert titles == [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # as LibreOffice 7.4 lays the bundled pack out (an estimate: no layout in python-docx)
    assert pages == [2, 4, 8, 12, 19, 22]


def test_marks_and_citations_are_character_styles(built: Path) -> None:
    comparison = _open(built, "comparison-en-xinhua-en-1ai")
    used = {r.style.name for t in comparison.tables for c in t._cells for r in c.paragraphs[0].runs}
    assert {"Deleted Text", "Inserted Text", "Changed Text"} <= used
    from docx.enum.style import WD_STYLE_TYPE

    brief = _open(built, "brief")
    for document in (comparison, brief):
        for style in ("Deleted Text", "Inserted Text", "Changed Text", "Paragraph Citation"):
            assert document.styles[style].type == WD_STYLE_TYPE.CHARACTER
    styled = brief.element.body.xpath('.//w:rStyle[@w:val="ParagraphCitation"]')
    assert len(styled) >= 20
