"""The one-page brief and the citations people paste, read back from real outputs."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from pypdf import PdfReader

from tests.support.projects import ROOT, WORK, Project, line_of, run_cli

BRIEF = "sources/shanghai-declaration-2024.brief.yaml"


@pytest.fixture(scope="module")
def brief_source() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / BRIEF).read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def numbers(canonical: dict[str, Any]) -> dict[str, str]:
    return {p["id"]: p["number"] for p in canonical["paragraphs"]}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_brief_pdf_is_one_page_with_every_commitment(
    built: Path, brief_source: dict[str, Any], numbers: dict[str, str]
) -> None:
    reader = PdfReader(built / WORK / "brief.pdf")
    assert len(reader.pages) == 1
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]
    text = flat(
        subprocess.run(
            ["pdftotext", str(built / WORK / "brief.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert len(brief_source["key_points"]) == 7
    for point in brief_source["key_points"]:
        cited = [numbers[i] for i in point["cites"]]
        label = ("para " if len(cited) == 1 else "paras ") + ", ".join(cited)
        assert f"{flat(point['text'])} {label}" in text


def test_brief_pdf_links_citations_to_the_edition(built: Path) -> None:
    reader = PdfReader(built / WORK / "brief.pdf")
    uris = [
        a.get_object()["/A"].get("/URI")
        for a in reader.pages[0].get("/Annots", [])
        if a.get_object().get("/A")
    ]
    assert "edition-en-xinhua.pdf#para-13" in uris
    assert "edition-en-xinhua.pdf#para-3" in uris


def test_brief_carries_provenance_notes(built: Path, canonical: dict[str, Any]) -> None:
    text = flat(
        subprocess.run(
            ["pdftotext", str(built / WORK / "brief.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    html = re.sub(r"<[^>]+>", "", (built / WORK / "brief.html").read_text("utf-8"))
    assert "SHA-256 (first 12 digits)" in text
    assert "Each SHA-256 is given in full in the HTML brief and the source file." in text
    for capture in canonical["captures"]:  # on paper its first 12 digits, whole in the HTML
        assert capture["sha256"][:12] + "…" in text
        assert capture["sha256"][:13] not in text
        assert capture["sha256"] in html
        assert capture["publisher"] in text
    assert "https://1ai.net/en/14896.html" in text.replace(" ", "")  # URLs may wrap
    assert "7 interventions" in text and "4 interventions" in text
    assert (
        "Rests on briefgen edition 1.0.0 of 21 November 2026 (Xinhua English text 1.0.0, "
        "1AI English translation 1.0.0)"
    ) in text
    assert "built 21 November 2026 with briefgen" in text  # the edition date: reproducible


def test_brief_html_links_and_quotes(built: Path) -> None:
    html = (built / WORK / "brief.html").read_text("utf-8")
    # a key commitment's citation: a citation in the small type of the citations after it
    assert '<a class="cite cites" href="edition-en-xinhua.html#para-13">13</a>' in html
    assert '<a class="cite" href="edition-en-xinhua.html#para-3">para 3</a>' in html
    assert "a five-point pledge to foster open AI development and international cooperation" in html
    assert "AI Business (Ben Wodecki), 8 July 2024" in html


def test_brief_docx_has_the_same_content(built: Path, brief_source: dict[str, Any]) -> None:
    document = docx.Document(str(built / WORK / "brief.docx"))
    points = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert len(points) == 7
    for got, point in zip(points, brief_source["key_points"], strict=True):
        assert got.startswith(flat(point["text"]))
    assert document.paragraphs[1].style.name == "Title"
    assert document.core_properties.title.startswith("Policy brief")


def test_too_long_a_brief_fails_saying_by_how_much(project: Project) -> None:
    path = project.root / BRIEF
    data = yaml.safe_load(path.read_text("utf-8"))
    data["translation_note"] += " " + " ".join(["The two texts differ here too."] * 40)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = project.cli("build", "--format", "pdf")
    assert result.returncode == 1
    assert re.fullmatch(
        r"error: sources/shanghai-declaration-2024\.brief\.yaml: the brief does not fit its one "
        r"A4 page: it overflows by \d+ mm \(about \d+ lines? of body text\); shorten it\n",
        result.stderr,
    )
    assert not (project.root / "build").exists()


def test_a_long_title_in_a_brief_takes_the_short_one_or_says_so(project: Project) -> None:
    # Check said ok, then the brief overflowed, blaming the brief: a 300-character title was
    # printed in the brief's series line and timeline. They print the short title; without
    # one, the error says to give one.
    source = project.root / f"sources/{WORK}.yaml"
    text = source.read_text("utf-8")
    long = " ".join(["Longtitle"] * 30)
    text = text.replace(
        "  title: Shanghai Declaration on Global AI Governance\n", f"  title: {long}\n", 1
    )
    source.write_text(text, "utf-8")
    built = project.cli("build", "-f", "pdf", "-k", "brief", "-j", "1")
    assert built.returncode == 0, built.stderr
    source.write_text(text.replace("  short_title: Shanghai Declaration\n", "", 1), "utf-8")
    assert project.cli("check").returncode == 0
    failed = project.cli("build", "-f", "pdf", "-k", "brief", "-j", "1")
    assert failed.returncode == 1
    assert failed.stderr.endswith(
        f"shorten it, or give the work a short_title in sources/{WORK}.yaml (its title, 299 "
        "characters, is printed in the brief where a short title would be)\n"
    )


def test_brief_citing_an_unknown_id_fails(project: Project) -> None:
    project_brief = project.root / BRIEF
    text = project_brief.read_text("utf-8")
    project_brief.write_text(
        text.replace(
            "cites: [openness-and-shared-benefit]", "cites: [openness-and-shared-benefits]"
        ),
        "utf-8",
    )
    result = project.cli("check")
    assert result.returncode == 1
    line = line_of(project_brief, "cites: [openness-and-shared-benefits]")
    assert result.stderr == (
        f"error: {BRIEF}:{line}: key_points[1].cites[0]: unknown paragraph id "
        "'openness-and-shared-benefits' (see paragraphs[].id in "
        "sources/shanghai-declaration-2024.yaml)\n"
    )


def test_brief_misquoting_a_capture_fails(project: Project) -> None:
    project_brief = project.root / BRIEF
    text = project_brief.read_text("utf-8")
    project_brief.write_text(text.replace("a five-point pledge", "a five-point promise"), "utf-8")
    result = project.cli("check")
    assert result.returncode == 1
    line = line_of(project_brief, "quote: a five-point promise")
    assert result.stderr == (
        f"error: {BRIEF}:{line}: context[0].quote: not word for word in capture 'c002'; first "
        "differing words: 'promise to foster open AI development and international …'\n"
    )


def test_cite_text(project: Project) -> None:
    result = project.cli("cite", WORK, "13")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Shanghai Declaration on Global AI Governance (Shanghai, 4 July "
        "2024) para 13 (Xinhua English text; briefgen edition 1.0.0)\n"
    )
    other = project.cli("cite", WORK, "13", "--expression", "en-1ai")
    assert other.stdout.endswith("para 13 (1AI English translation; briefgen edition 1.0.0)\n")


def test_cite_records(project: Project) -> None:
    csl = json.loads(project.cli("cite", WORK, "13", "-f", "csl-json").stdout)
    assert csl[0]["id"] == "shanghai-declaration-2024-en-xinhua-para-13"
    assert csl[0]["section"] == "para 13"
    bib = project.cli("cite", WORK, "13", "-f", "bibtex").stdout
    assert bib.startswith("@report{shanghai-declaration-2024-en-xinhua-para-13,\n")
    ris = project.cli("cite", WORK, "13", "-f", "ris").stdout
    assert ris.startswith("TY  - RPRT\n") and "SE  - para 13\n" in ris
    assert ris.endswith("ER  - \n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["cite", WORK, "99"],
            "error: shanghai-declaration-2024 has no paragraph '99' (paragraphs 1–22)\n",
        ),
        (
            ["cite", "geneva-1864", "1"],
            "error: sources: unknown work 'geneva-1864' (works: shanghai-declaration-2024)\n",
        ),
        (
            ["cite", WORK, "1", "-e", "fr"],
            "error: shanghai-declaration-2024 has no expression 'fr' (expressions: en-xinhua, "
            "en-1ai)\n",
        ),
    ],
)
def test_cite_errors(project: Project, args: list[str], message: str) -> None:
    result = project.cli(*args)
    assert result.returncode == 1
    assert result.stderr == message


def test_citation_records_round_trip_through_pandoc(built: Path, tmp_path: Path) -> None:
    doc = tmp_path / "cite.md"
    doc.write_text("As agreed [@shanghai-declaration-2024-en-1ai, para 13].\n", "utf-8")
    out = subprocess.run(
        [
            "pandoc",
            "--citeproc",
            "--bibliography",
            str(built / WORK / "citations.json"),
            "-t",
            "plain",
            str(doc),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    text = flat(out.stdout)
    assert (
        "(World AI Conference 2024 and High-Level Meeting on Global AI Governance 2024, "
        "para 13)" in text
    )
    assert "“Shanghai Declaration on Global AI Governance.” 1AI English translation." in text
    assert out.stderr == ""
    bib = subprocess.run(
        [
            "pandoc",
            "--citeproc",
            "--bibliography",
            str(built / WORK / "citations.bib"),
            "-t",
            "plain",
            str(doc),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Shanghai Declaration on Global AI Governance" in bib.stdout


def test_manifest_lists_brief_and_citations(manifest: dict[str, Any]) -> None:
    kinds = {(e["kind"], e["format"]) for e in manifest["outputs"]}
    assert {("brief", "pdf"), ("brief", "docx"), ("brief", "html")} <= kinds
    assert {("citation", "csl-json"), ("citation", "bibtex"), ("citation", "ris")} <= kinds


def test_check_reports_the_brief() -> None:
    result = run_cli("check", cwd=ROOT)
    assert f"ok {BRIEF}: brief of shanghai-declaration-2024, 7 key commitments" in (
        result.stdout.splitlines()
    )
