"""Text from a source cannot break a page: long words wrap, CSS strings are escaped."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import bibtexparser
import docx
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.documents import citation
from briefgen.limits import WORD_CHARS
from briefgen.render.html.jinja import css_string
from briefgen.sources.load import load
from tests.support import zotero
from tests.support.projects import ROOT, WORK, make_work, run_cli


def _boxes(pdf: Path) -> list[tuple[float, float, str]]:
    """Return (right edge of the word, width of its page, word) for every word of a PDF."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = []
    width = 0.0
    for line in out.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page[1])
        word = re.search(r'xMax="([\d.]+)"[^>]*>(.*)</word>', line)
        if word:
            boxes.append((float(word[1]), width, word[2]))
    return boxes


def test_the_longest_word_stays_on_the_page(tmp_path: Path) -> None:
    """A word of the most characters check lets through wraps inside the page's width, in a
    heading line and in a reason of several such words (laid out in pieces,
    render/pdf/runs.py), and copies out whole."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    source = tmp_path / "sources" / f"{WORK}.yaml"
    word = "Governance" * ((WORD_CHARS - len("Shanghai")) // len("Governance"))
    words = [f"{i}" + "Governance" * (WORD_CHARS // 10 - 1) + "Gov"[:i] for i in range(1, 4)]
    reason = "    reason: The republishing site's own headline and introduction, not part of the"
    text = source.read_text("utf-8")
    assert reason in text
    text = text.replace(reason, f"    reason: Pasted {' '.join(words)} and", 1)
    source.write_text(text.replace("  place: Shanghai", f"  place: Shanghai{word}", 1), "utf-8")
    result = run_cli("build", "-f", "pdf", "-k", "edition", "-k", "comparison", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdfs = sorted((tmp_path / "build" / WORK).glob("*.pdf"))
    assert [p.name.split("-")[0] for p in pdfs] == ["comparison", "edition", "edition"]
    for pdf in pdfs:
        boxes = _boxes(pdf)
        # the word's pieces, line after line (a page's footer may come between two of them)
        pieces = "".join(
            w.rstrip(",") for _, _, w in boxes if re.fullmatch("(Shanghai)?[Governac]+,?", w)
        )
        assert f"Shanghai{word}" in pieces, f"{pdf.name}: the long word is not all there"
        outside = [(x, w[:30]) for x, width, w in boxes if x > width - 20]
        assert not outside, f"{pdf.name}: words run off the page: {outside[:3]}"
    boxes = _boxes(tmp_path / "build" / WORK / "edition-en-xinhua.pdf")
    pieces = "".join(w for _, _, w in boxes if re.fullmatch(r"\d?[Governac]+", w))
    assert "".join(words) in pieces, "a reason's long word is not all there, or not in order"


def test_css_strings_keep_quotes_backslashes_and_newlines(tmp_path: Path) -> None:
    """A running head made from any text prints that text (a raw newline dropped it)."""
    from weasyprint import HTML

    title = 'Shanghai "AI"\nDeclaration \\ 2024\u2028end'
    assert css_string(title) == '"Shanghai \\"AI\\"\\a Declaration \\\\ 2024\\2028 end"'
    page = f"<style>@page {{ @top-left {{ content: {css_string(title)}; }} }}</style><p>Body</p>"
    pdf = tmp_path / "head.pdf"
    HTML(string=page).write_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert 'Shanghai "AI"' in text
    assert "Declaration \\ 2024" in text


# ---- records: a source's text is a value, never a tag, a record or a command

#: A first publication's address, which the records' note prints. The source format refuses it
#: (an address is one run; a work's issuer and place are one line), so the test hands the
#: records' writers a declaration changed after it was checked: what they write must still be
#: one value, whatever text reaches them.
ADDRESS = "https://example.org/first\nER  - \n\nTY  - JOUR\nTI  - INJECTED"
COMMAND = r"The \input{/etc/passwd} Group & 100% of $x_1 #2 ~ ^"


def _records(tmp_path: Path, issuer: str, address: str) -> dict[str, str]:
    """A work's records (RIS, BibTeX, CSL-JSON), its first publication's address `address`."""
    source = make_work(tmp_path, {"en-a": ["We agree on one thing."]})
    data = yaml.safe_load(source.read_text("utf-8"))
    data["work"]["issuer"] = issuer
    data["expressions"][0]["origin"] = {
        "publisher": "First Publisher",
        "title": "First publication",
        "url": "https://example.org/first",
    }
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    decl = load(source, tmp_path)
    first = decl.source.expressions[0]
    assert first.origin is not None
    changed = first.model_copy(update={"origin": first.origin.model_copy(update={"url": address})})
    decl = dataclasses.replace(
        decl, source=decl.source.model_copy(update={"expressions": [changed]})
    )
    return {
        "ris": citation.ris(decl, ["en-a"]),
        "bib": citation.bibtex(decl, ["en-a"]),
        "json": citation.csl_json(decl, ["en-a"]),
    }


def test_a_line_break_in_a_source_stays_in_its_ris_value(tmp_path: Path) -> None:
    """The audit's case: a newline written raw into RIS opened new tags and records
    (`TY  - JOUR`, `TI  - INJECTED`; it was a work's issuer or place, which the source format
    now refuses over two lines). Every value is one line, its breaks folded to spaces."""
    text = _records(tmp_path, "A Test Conference", ADDRESS)["ris"]
    records = rispy.loads(text)
    assert len(records) == 1, text
    assert records[0]["type_of_reference"] == "RPRT"
    assert records[0]["authors"] == ["A Test Conference"]
    assert records[0]["notes"][-1] == (
        "Text as published by First Publisher: "
        "https://example.org/first ER  -  TY  - JOUR TI  - INJECTED"
    )
    assert "INJECTED" not in records[0]["title"]
    # Zotero reads it the same way: one report, its note one paragraph
    (item,) = zotero.ris(text)
    assert (
        item["notes"][-1].startswith("<p>Text as published by") and "<br/>" not in item["notes"][-1]
    )
    assert [line[:6] for line in text.splitlines()].count("TY  - ") == 1


def test_latex_in_a_source_is_printed_never_run_in_bibtex(tmp_path: Path) -> None:
    """A backslash was written raw (only `{}%` and a few were escaped): `\\input{/etc/passwd}`
    in an issuer ran as a command in LaTeX. Every special character is escaped now, on one
    line, and the value reads back as the text itself."""
    records = _records(tmp_path, COMMAND, "https://example.org/first\nTY")
    bib = records["bib"]
    escaped = (
        r"The \textbackslash{}input\{/etc/passwd\} Group \& 100\% of \$x\_1 \#2 "
        r"\textasciitilde{} \textasciicircum{}"
    )
    assert "  author = {{" + escaped + "}},\n" in bib, bib
    assert "First Publisher: https://example.org/first TY}\n" in bib, bib
    library = bibtexparser.parse_string(bib, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    (entry,) = library.entries
    # the text itself, nothing run (pylatexenc reads \textasciicircum as U+02C6, LaTeX's glyph)
    assert entry["author"] == COMMAND.replace("^", "\u02c6")
    # CSL-JSON carries it as JSON: the same text
    item = json.loads(records["json"])[0]
    assert item["author"] == [{"literal": COMMAND}]


def _external_targets(docx_file: Path) -> list[str]:
    """The addresses a DOCX's hyperlinks go to (its external relationships)."""
    with zipfile.ZipFile(docx_file) as z:
        names = [n for n in z.namelist() if n.startswith("word/_rels/") and n.endswith(".rels")]
        rels = "".join(z.read(n).decode("utf-8") for n in names)
    return re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)


def test_an_address_in_free_text_is_a_link_in_no_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DOCX links where the document has a link (a capture's address), as HTML and PDF do,
    and nowhere else: an address written in a paragraph or a note stays words."""
    source = make_work(
        tmp_path,
        {
            "en-a": ["We agree, see https://free.example/para for more.", "We note another."],
            "fr-a": ["Nous convenons, voir https://free.example/fr ici.", "Nous notons."],
        },
        languages={"fr-a": "fr"},
    )
    data = yaml.safe_load(source.read_text("utf-8"))
    data["work"]["original_note"] = "As https://free.example/original-note says."
    data["captures"][0].update(
        content="Fixture, also at https://free.example/content.",
        partial="The rest is at https://free.example/partial.",
    )
    data["expressions"][0]["origin"] = {
        "publisher": "Test Publisher",
        "title": "First publication",
        "url": "https://example.org/first",
        "note": "Mirrored at https://free.example/origin-note.",
    }
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "-f", "docx", "-f", "html", "--jobs", "1"])
    assert result.exit_code == 0, result.output

    built = tmp_path / "build" / "test-declaration"
    documents = sorted(built.glob("*.docx"))
    assert {d.stem for d in documents} >= {"edition-en-a", "edition-fr-a", "pack"}
    for document in documents:
        targets = _external_targets(document)
        assert not [t for t in targets if "free.example" in t], document.name
        assert set(targets) <= {"https://example.org/en-a", "https://example.org/fr-a",
                                "https://example.org/first"}, document.name  # fmt: skip
    page = (built / "edition-en-a.html").read_text("utf-8")
    assert "https://free.example/para" in page and 'href="https://free.example' not in page
    # the words are in the DOCX, as words
    words = docx.Document(str(built / "edition-en-a.docx"))
    assert any("https://free.example/para" in p.text for p in words.paragraphs)
    # and the capture's address, a link in the document, is one in DOCX too
    assert "https://example.org/en-a" in _external_targets(built / "edition-en-a.docx")
