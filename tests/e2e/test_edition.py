"""The clean editions, read back from the real PDF, DOCX and HTML files a build wrote."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from tests.support.pdf import text_of as pdf_text
from tests.support.projects import EXPRESSIONS, WORK

# Words of the material the captures spliced into the declaration: none may reach an edition.
# (The editorial note may name what was removed, e.g. "@ShanghaiEye", but never repeats it.)
SPLICED = [
    "Kazakhstan",
    "Li said nations",
    "Cybertruck",
    "????",
    "reproduced below",
    "Top experts issued",
    "The content is collected",
    "VOICE ISOLATOR",
    "fourth generation",
    "2024-7-5",
    "ConferenceThe",
    "The full text is as follows",
    "hereinafter",
]
HEADINGS = {
    "en-xinhua": [
        "[1. Promoting the development of artificial intelligence]",
        "[2. Maintaining AI Security]",
        "[3. Building an AI governance system]",
        "4. Strengthening Public Participation and Improving Literacy",
        "5. Improving Quality of Life and Increasing Social Well-Being",
    ],
    "en-1ai": [
        "1. Promoting the development of artificial intelligence",
        "2. Maintaining AI Security",
        "3. Building an AI governance system",
        "4. Strengthening social participation and improving public literacy",
        "5. Improving the quality of life and social welfare",
    ],
}


def flat(text: str) -> str:
    return " ".join(text.split())


def paragraphs(canonical: dict[str, Any], expression: str) -> list[tuple[str, str]]:
    return [(p["number"], p["text"][expression]) for p in canonical["paragraphs"]]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_pdf_edition(built: Path, canonical: dict[str, Any], expression: str) -> None:
    path = built / WORK / f"edition-{expression}.pdf"
    reader = PdfReader(path)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    # A4, several pages, each numbered "Page n of N"
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]
    assert len(reader.pages) >= 3
    for n in range(1, len(reader.pages) + 1):
        assert f"Page {n} of {len(reader.pages)}" in text
    # 22 paragraphs, each number set right before its own words
    paras = paragraphs(canonical, expression)
    assert len(paras) == 22
    for number, body in paras:
        assert f"{number} {flat(body)[:60]}" in text, number
    numbers = [int(m) for m in re.findall(r"(?:^| )(\d{1,2}) We ", text)]
    assert numbers == sorted(numbers)
    poppler = pdf_text(path)
    for heading in HEADINGS[expression]:
        assert heading in poppler
    for spliced in SPLICED:
        assert spliced not in text, spliced
    assert "Not an authoritative text." in text
    assert "briefgen edition 1.0.0" in text
    name = {"en-xinhua": "Xinhua English text", "en-1ai": "1AI English translation"}[expression]
    assert (
        f"Cite as Shanghai Declaration on Global AI Governance (Shanghai, 4 July 2024) para N "
        f"({name}; briefgen edition 1.0.0)"
    ) in text
    assert reader.metadata is not None and reader.metadata.title is not None
    assert name in reader.metadata.title


def test_pdf_paragraph_13_is_the_same_paragraph_in_both(built: Path) -> None:
    xinhua = pdf_text(built / WORK / "edition-en-xinhua.pdf")
    one_ai = pdf_text(built / WORK / "edition-en-1ai.pdf")
    assert "13 We will work together to prevent terrorists, extremist forces" in xinhua
    assert "13 Cooperate to prevent terrorists, extremist forces" in one_ai


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_pdf_lists_every_intervention(
    built: Path, canonical: dict[str, Any], expression: str
) -> None:
    capture = {"en-xinhua": "c000", "en-1ai": "c001"}[expression]
    ivs = [iv for iv in canonical["interventions"] if iv["capture"] == capture]
    text = pdf_text(built / WORK / f"edition-{expression}.pdf")
    assert f"The editors made the following {len(ivs)} interventions" in text
    for iv in ivs:
        assert flat(iv["reason"])[:70] in text, iv["id"]


def test_pdf_embeds_its_fonts(built: Path) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(built / WORK / "edition-en-xinhua.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert fonts
    assert all(" yes " in line for line in fonts)
    assert any("Noto-Serif" in line for line in fonts)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_docx_edition(built: Path, canonical: dict[str, Any], expression: str) -> None:
    document = docx.Document(str(built / WORK / f"edition-{expression}.docx"))
    by_style: dict[str, list[str]] = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == [canonical["expressions"][EXPRESSIONS.index(expression)]["title"]]
    assert by_style["Heading 1"] == HEADINGS[expression]
    numbered = by_style["Numbered Paragraph"]
    assert [t.split("\t")[0] for t in numbered] == [str(n) for n in range(1, 23)]
    for (number, body), got in zip(paragraphs(canonical, expression), numbered, strict=True):
        assert got == f"{number}\t{body}"
    everything = "\n".join(p.text for p in document.paragraphs)
    for spliced in SPLICED:
        assert spliced not in everything, spliced
    props = document.core_properties
    assert props.language == "en"
    assert props.created is not None and props.created.date().isoformat() == "2026-11-21"
    assert "Shanghai Declaration" in props.title
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_every_docx_style_reference_is_a_defined_style(built: Path) -> None:
    # Word shows a paragraph whose style id is unknown as Normal, silently: every paragraph,
    # run and table of every DOCX must name a style the document defines.
    files = sorted((built / WORK).glob("*.docx"))
    assert len(files) == 5
    for path in files:
        document = docx.Document(str(path))
        defined = {s.style_id for s in document.styles}
        used = set(document.element.body.xpath(".//w:pStyle/@w:val | .//w:rStyle/@w:val"))
        used |= set(document.element.body.xpath(".//w:tblStyle/@w:val"))
        assert used, path.name
        assert used <= defined, (path.name, sorted(used - defined))


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_html_edition(built: Path, canonical: dict[str, Any], expression: str) -> None:
    html = (built / WORK / f"edition-{expression}.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<link" not in html  # standalone: CSS inlined
    ids = re.findall(r'<p class="para" id="(para-[0-9A-Z]+)"', html)
    assert ids == [f"para-{n}" for n in range(1, 23)]
    body = re.search(
        r'id="para-13"[^>]*><span class="num">13</span><span class="body">'
        r"([^<]*)</span>",
        html,
    )
    assert body is not None
    expected = next(p["text"][expression] for p in canonical["paragraphs"] if p["number"] == "13")
    assert body.group(1) == expected.replace("'", "&#39;")
    for spliced in SPLICED:
        assert spliced not in html, spliced


def test_manifest_lists_every_edition(built: Path, manifest: dict[str, Any]) -> None:
    # the Shanghai Declaration's (the bundled collection's other works have theirs)
    outputs = [e for e in manifest["outputs"] if e["kind"] == "edition" and e["work"] == WORK]
    assert len(outputs) == 6
    seen = set()
    for entry in outputs:
        assert set(entry) == {
            "path",
            "work",
            "kind",
            "expressions",
            "format",
            "sha256",
            "edition",
            "inputs",
            "bytes",
        }
        assert entry["kind"] == "edition" and entry["work"] == WORK
        assert entry["edition"] == "1.0.0"
        assert hashlib.sha256((built / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
        seen.add((entry["expressions"][0], entry["format"]))
    assert seen == {(e, f) for e in EXPRESSIONS for f in ("pdf", "docx", "html")}
