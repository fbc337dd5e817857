"""The briefing pack: one archival PDF, read back page by page, bookmark by bookmark."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from tests.support.projects import ROOT, WORK, Project

PARTS = [
    "Contents",
    "Policy brief",
    "Clean edition: Xinhua English text",
    "Clean edition: 1AI English translation",
    "Comparison of the translations",
    "Annex: related instruments",
    "Appendix: provenance",
]


@pytest.fixture(scope="module")
def pack(built: Path) -> PdfReader:
    return PdfReader(built / WORK / "pack.pdf")


def top_level(reader: PdfReader) -> list[tuple[str, int]]:
    """Return (title, 0-based page index) of each top-level bookmark."""
    return [
        (o.title, reader.get_destination_page_number(o))
        for o in reader.outline
        if not isinstance(o, list)
    ]


def page_text(reader: PdfReader, index: int) -> str:
    return " ".join(reader.pages[index].extract_text().split())


def test_bookmarks_for_every_part_and_section(pack: PdfReader) -> None:
    assert [title for title, _ in top_level(pack)] == PARTS
    children = {}
    for i, item in enumerate(pack.outline):
        if isinstance(item, list):
            children[pack.outline[i - 1].title] = [o.title for o in item]
    assert children["Clean edition: Xinhua English text"][:5] == [
        "[1. Promoting the development of artificial intelligence]",
        "[2. Maintaining AI Security]",
        "[3. Building an AI governance system]",
        "4. Strengthening Public Participation and Improving Literacy",
        "5. Improving Quality of Life and Increasing Social Well-Being",
    ]
    # the comparison's sections are bookmarked by the first column's headings
    assert "[2. Maintaining AI Security]" in children["Comparison of the translations"]


def test_page_count_is_the_sum_of_its_parts(pack: PdfReader, built: Path) -> None:
    starts = dict(top_level(pack))
    standalone = {
        "Policy brief": "brief.pdf",
        "Clean edition: Xinhua English text": "edition-en-xinhua.pdf",
        "Clean edition: 1AI English translation": "edition-en-1ai.pdf",
        "Comparison of the translations": "comparison-en-xinhua-en-1ai.pdf",
    }
    order = [title for title, _ in top_level(pack)] + ["end"]
    starts["end"] = len(pack.pages)
    length = {t: starts[order[i + 1]] - starts[t] for i, t in enumerate(order[:-1])}
    for title, name in standalone.items():
        assert length[title] == len(PdfReader(built / WORK / name).pages), title
    assert starts["Contents"] == 1  # the cover is page 1
    assert length["Policy brief"] == 1
    assert len(pack.pages) == 1 + sum(length.values())


def test_contents_lists_the_right_pages(pack: PdfReader) -> None:
    contents = page_text(pack, 1)
    for title, index in top_level(pack)[1:]:
        assert f"{title} {index + 1}" in contents


def test_pages_are_numbered_continuously(pack: PdfReader) -> None:
    for index in range(1, len(pack.pages)):
        assert f"Page {index + 1}" in page_text(pack, index), index


def test_running_heads_name_part_and_paragraphs(pack: PdfReader) -> None:
    starts = dict(top_level(pack))
    second = starts["Clean edition: Xinhua English text"] + 1
    text = page_text(pack, second)
    assert "Clean edition: Xinhua English text" in text
    heads = re.findall(r"paras (\d+)–(\d+)", text)
    assert heads and int(heads[0][0]) <= int(heads[0][1])
    first, last = map(int, heads[0])
    assert f"{last} " in text and str(first) in text


def test_brief_citations_land_on_the_cited_paragraph(pack: PdfReader) -> None:
    brief = dict(top_level(pack))["Policy brief"]
    names = [a.get_object().get("/Dest") for a in pack.pages[brief]["/Annots"]]
    assert "en-xinhua-para-13" in names
    destinations = pack.named_destinations
    for name in ("en-xinhua-para-13", "en-xinhua-para-3", "en-xinhua-para-22"):
        number = name.rsplit("-", 1)[1]
        index = pack.get_destination_page_number(destinations[name])
        assert re.search(rf"(^| ){number} \S", page_text(pack, index)), name


def test_sources_are_attached_byte_for_byte(pack: PdfReader) -> None:
    attached = pack.attachments
    expected = [
        ROOT / "sources" / "shanghai-declaration-2024.yaml",
        ROOT / "sources" / "shanghai-declaration-2024.brief.yaml",
        *sorted((ROOT / "sources" / "captures").glob("*.txt")),
    ]
    assert sorted(attached) == sorted(p.name for p in expected)
    for path in expected:
        assert attached[path.name] == [path.read_bytes()], path.name


def structure(node: Any) -> list[tuple[str, Any]]:
    """Return (role, element) of every element under a node of a tagged PDF's structure tree."""
    node = node.get_object()
    found = []
    if isinstance(node, dict) and "/S" in node:
        found.append((str(node["/S"]), node))
    kids = node.get("/K") if isinstance(node, dict) else node
    if isinstance(kids, list):
        for kid in kids:
            found += structure(kid)
    elif kids is not None and hasattr(kids, "get_object") and isinstance(kids.get_object(), dict):
        found += structure(kids)
    return found


def test_timeline_figure_has_alternative_text(pack: PdfReader) -> None:
    # A screen reader reads the figure as words: every instrument, with its date, in order.
    elements = structure(pack.trailer["/Root"]["/StructTreeRoot"])
    figures = [e for role, e in elements if role == "/Figure"]
    assert len(figures) == 1
    alt = str(figures[0]["/Alt"])
    assert alt.startswith("Timeline, 2018 to 2024: ")
    assert alt.endswith(
        "Jul 2024, Shanghai Declaration on Global AI Governance (this declaration)."
    )
    assert alt.count("; ") == 5  # five related instruments and the declaration


def test_pdfa_identification_and_metadata(pack: PdfReader, built: Path) -> None:
    xmp = pack.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")3", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")U", xmp)
    info = subprocess.run(
        ["pdfinfo", str(built / WORK / "pack.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Title:           Briefing pack: Shanghai Declaration on Global AI Governance" in info
    assert "Author:          World AI Conference 2024 and High-Level Meeting" in info
    assert re.search(r"Subject: +Policy brief, clean editions", info)
    assert re.search(r"Keywords: +AI governance", info)
    assert "Tagged:          yes" in info
    check = subprocess.run(
        ["qpdf", "--check", str(built / WORK / "pack.pdf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    fonts = subprocess.run(
        ["pdffonts", str(built / WORK / "pack.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)


def test_annex_lists_instruments_in_date_order(pack: PdfReader, canonical: dict[str, Any]) -> None:
    starts = dict(top_level(pack))
    annex, after = starts["Annex: related instruments"], starts["Appendix: provenance"]
    text = " ".join(page_text(pack, i) for i in range(annex, after))
    dates = re.findall(r"(\d{1,2} \w+ 20\d\d) — ", text)
    assert dates == [
        "16 April 2018",
        "23 October 2018",
        "30 August 2019",
        "18 October 2023",
        "7 May 2024",
    ]
    assert len(canonical["related"]) == 5


def test_kind_pack_builds_only_the_pack(project: Project) -> None:
    result = project.cli("build", "--kind", "pack")
    assert result.returncode == 0, result.stderr
    made = {p.name for p in (project.root / "build" / WORK).iterdir()}
    assert made == {"pack.pdf"}


def test_parts_and_two_sided_printing_are_configurable(project: Project) -> None:
    data = yaml.safe_load(project.source.read_text("utf-8"))
    data["pack"] = {"parts": ["edition:en-1ai", "brief", "provenance"], "two_sided": True}
    project.source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = project.cli("build", "--kind", "pack")
    assert result.returncode == 0, result.stderr
    reader = PdfReader(project.root / "build" / WORK / "pack.pdf")
    parts = top_level(reader)
    assert [t for t, _ in parts] == [
        "Contents",
        "Clean edition: 1AI English translation",
        "Policy brief",
        "Appendix: provenance",
    ]
    for title, index in parts[1:]:
        assert index % 2 == 0, f"{title} starts on page {index + 1}, a left-hand page"


def test_unknown_pack_part_is_an_error(project: Project) -> None:
    data = yaml.safe_load(project.source.read_text("utf-8"))
    data["pack"] = {"parts": ["brief", "glossary"]}
    project.source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = project.cli("check")
    assert result.returncode == 1
    assert result.stderr.endswith(
        ": pack.parts[1]: unknown part 'glossary' (parts: brief, editions, comparison, related, "
        "provenance, or edition:<expression id>)\n"
    )


def test_docx_pack_holds_every_part(built: Path, canonical: dict[str, Any]) -> None:
    import docx

    document = docx.Document(str(built / WORK / "pack.docx"))
    parts = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert parts == PARTS[1:]
    orientations = [s.page_width > s.page_height for s in document.sections]
    assert orientations == [False, False, False, False, True, False, False]
    numbered = [
        p.text.split("\t")[0] for p in document.paragraphs if p.style.name == "Numbered Paragraph"
    ]
    assert numbered == [str(n) for n in range(1, 23)] * 2
    body = document.element.body.xml
    assert 'w:instr="TOC \\o &quot;1-2&quot; \\h \\z \\u"' in body or "TOC \\o" in body
    assert document.core_properties.title == (
        "Briefing pack: Shanghai Declaration on Global AI Governance"
    )


def _words(text: str) -> str:
    return " ".join(text.split())


def pdf_words(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return _words(out.stdout)


def docx_words(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return _words("\n".join([p.text for p in document.paragraphs] + cells))


def test_pack_parts_say_the_same_in_pdf_and_docx(built: Path) -> None:
    """The cover, annex and provenance are one view each (documents/pack_parts.py): what the
    DOCX lacked (the provenance's Texts and Attachments, the build line, the timeline) is
    there, in the PDF's words."""
    pdf, word = pdf_words(built / WORK / "pack.pdf"), docx_words(built / WORK / "pack.docx")
    for said in (
        "Where every text in this pack came from, and everything the editors did to it.",
        "Annex: related instruments — earlier instruments on AI governance, 2018 to 2024, "
        "with excerpts",
        "Xinhua English text (English, not authoritative), from capture c000.",
        "This is edition 1.0.0 of 21 November 2026.",
        "shanghai-declaration-2024.yaml — canonical source of this edition (YAML) SHA-256",
        "Built 21 November 2026 with briefgen",
        "Earlier instruments on AI governance, 2018 to 2024, in date order",
    ):
        assert said in pdf and said in word, said
    # the timeline: drawn in the PDF, said in words in the DOCX
    assert "Jul 2024 Shanghai Declaration on Global AI Governance (this declaration)" in word
    assert "carries, as attachments" in pdf and "carries, as attachments" in word
    assert "This PDF carries" in pdf and "The PDF of this pack (pack.pdf) carries" in word


def test_a_pack_says_nothing_of_another_work(tmp_path: Path) -> None:
    """A work that is not the Shanghai Declaration, whose related instruments are attributed
    in French: its pack names neither Shanghai nor AI governance, and marks nothing Chinese."""
    import hashlib

    import pikepdf

    from tests.support.projects import make_work, run_cli

    path = make_work(tmp_path, {"en": ["The parties agree to share tide data.", "They meet."]})
    data = yaml.safe_load(path.read_text("utf-8"))
    excerpt = "Every coastal state shall publish its tide tables."
    attribution = "Publié par la Conférence des marées, 3 mars 2023"
    body = f"{excerpt}\n\n{attribution}\n"
    (tmp_path / "sources" / "captures" / "related.txt").write_text(body, "utf-8")
    data["captures"].append(
        {
            "id": "c-related",
            "file": "captures/related.txt",
            "sha256": hashlib.sha256(body.encode()).hexdigest(),
            "publisher": "Tide Archive",
            "title": "Earlier tide instruments",
            "url": "https://example.org/tides",
            "published": None,
            "content": "Excerpts of earlier instruments.",
        }
    )
    data["related"] = [
        {
            "id": "tide-charter",
            "label": "Tide Charter",
            "date": "2023-03-03",
            "title": "Charter on Tide Tables",
            "issuer": "Tide Conference",
            "capture": "c-related",
            "attribution": [attribution],
            "excerpts": [excerpt],
        }
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_cli("build", "--kind", "pack", "-f", "pdf", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "build" / "test-declaration"
    pdf, word = pdf_words(out / "pack.pdf"), docx_words(out / "pack.docx")
    for text in (pdf, word):
        assert "Related instruments by date" in text or "Tide Charter" in text
        assert "Earlier instruments related to the Test Declaration, 2023 to 2024" in text
        for foreign in ("Shanghai", "AI governance", "AI-governance"):
            assert foreign not in text, foreign
    assert "Related instruments by date; the Test Declaration in red." in pdf
    assert "Mar 2023 Tide Charter" in word
    assert "Jul 2024 Test Declaration (this declaration)" in word
    with pikepdf.open(out / "pack.pdf") as opened:
        keywords = str(opened.docinfo.get("/Keywords", ""))
        assert "AI governance" not in keywords
        languages = {
            str(o.get("/Lang"))
            for o in opened.objects
            if isinstance(o, pikepdf.Dictionary) and "/Lang" in o
        }
    assert languages == {"en"}, languages
