"""HTML pages link to their build's other formats, like Quarto's "Other formats": the same
document in PDF and Word, the work's citation records, and a corrected edition's notice; every
link lands on a file the build wrote, the pages stay valid HTML, and a page is remade exactly
when what it links to changes."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from tests.e2e.test_records_html import vnu_jar
from tests.support.browser import axe_script, launched
from tests.support.projects import correct_word, make_work, run_cli

WORK = "test-declaration"


def links(page: Path, css_class: str) -> list[tuple[str, str]]:
    """Return (href, label) of each link in the page's nav or paragraph of that class."""
    found = re.search(rf'<(nav|p) class="{css_class}"[^>]*>(.*?)</\1>', page.read_text("utf-8"))
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', found.group(2)) if found else []


def work(root: Path) -> Path:
    return make_work(
        root,
        {
            "en": ["The parties meet.", "By night the harbour lights stay lit for every boat."],
            "fr": ["Les parties se réunissent.", "La nuit, les feux du port restent allumés."],
        },
        languages={"fr": "fr"},
    )


def test_every_html_page_links_to_its_other_formats_and_a_corrected_edition_to_its_notice(
    tmp_path: Path,
) -> None:
    correct_word(work(tmp_path), "p2", "en", "lights", "lamps")  # a notice
    result = run_cli("build", "-f", "html", "-f", "pdf", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "build" / WORK
    records = [
        ("citations.json", "CSL-JSON"),
        ("citations.bib", "BibTeX"),
        ("citations.ris", "RIS"),
    ]
    for stem in ("edition-en", "edition-fr", "comparison-en-fr", "notice"):
        page = folder / f"{stem}.html"
        assert links(page, "formats") == [
            (f"{stem}.pdf", "PDF"),
            (f"{stem}.docx", "Word (DOCX)"),
            *records,
        ], stem
        for href, _ in links(page, "formats"):
            assert (folder / href).is_file(), (stem, href)
    assert links(folder / "edition-en.html", "notices") == [("notice.html", "Correction notice")]
    assert links(folder / "edition-fr.html", "notices") == []  # its text was not corrected
    pages = [folder / f"{s}.html" for s in ("edition-en", "edition-fr", "notice")]
    out = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(out.stderr)["messages"] == []
    with launched() as browser:  # axe-core finds nothing wrong with the links either
        page = browser.new_page()
        page.goto((folder / "edition-en.html").as_uri())
        page.add_script_tag(content=axe_script())
        found = page.evaluate("async () => (await axe.run(document)).violations")
        assert found == [], json.dumps(found, indent=1)[:3000]
    # the PDF is the HTML laid out for paper: it carries no links to other formats
    assert (
        "Other formats"
        not in subprocess.run(
            ["pdftotext", str(folder / "edition-en.pdf"), "-"], capture_output=True, text=True
        ).stdout
    )


def test_a_page_is_remade_when_the_formats_it_links_to_change_and_only_then(
    tmp_path: Path,
) -> None:
    work(tmp_path)
    page = tmp_path / "build" / WORK / "edition-en.html"
    assert run_cli("build", "-f", "html", cwd=tmp_path).returncode == 0
    html_only = page.read_bytes()
    assert [h for h, _ in links(page, "formats")] == [
        "citations.json",
        "citations.bib",
        "citations.ris",
    ]
    result = run_cli("build", "-f", "html", "-f", "docx", cwd=tmp_path)
    assert f"rendered build/{WORK}/edition-en.html" in result.stdout
    assert ("edition-en.docx", "Word (DOCX)") in links(page, "formats")
    again = run_cli("build", "-f", "html", "-f", "docx", cwd=tmp_path)
    assert "wrote 0 file(s)" in again.stdout, again.stdout
    # --kind edition makes no citation records: its pages do not link to them
    run_cli("build", "-f", "html", "--kind", "edition", cwd=tmp_path)
    assert links(page, "formats") == []
    assert run_cli("build", "-f", "html", cwd=tmp_path).returncode == 0
    assert page.read_bytes() == html_only  # the same build, the same bytes
