"""A declaration whose paragraph 12 lists items (a)–(e), from the command line: checked,
built as HTML (valid, with the list and its anchors), PDF (a destination per item) and DOCX,
and cited as "para 12(c)"."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_records_html import vnu_jar
from tests.support.projects import make_work, run_cli
from tests.unit.test_items import EN, FR, ITEMS

WORK = "test-declaration"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("items")
    make_work(
        root,
        {"en": EN, "fr": FR},
        languages={"fr": "fr"},
        headings={"en": "1. Working together", "fr": "1. Travailler ensemble"},
        items={12: ITEMS},
    )
    result = run_cli("check", cwd=root)
    assert result.returncode == 0, result.stderr
    result = run_cli("build", "-f", "html", "-f", "pdf", "-f", "docx", "-j", "1", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_cite_prints_the_pinpoint_of_an_item(built: Path) -> None:
    for cited in ("12c", "12(c)"):
        result = run_cli("cite", WORK, cited, "-e", "fr", cwd=built)
        assert result.returncode == 0, result.stderr
        # the French text, cited in French under its own title
        assert (
            "Test Declaration (fr) (Geneva, 4 juillet 2024), par. 12(c) (Text fr" in result.stdout
        )
    missing = run_cli("cite", WORK, "12z", cwd=built)
    assert missing.returncode == 1
    assert "test-declaration para 12 has no item '12z' (its items: a, b, c, d, e)" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_the_html_pages_pass_the_nu_checker(built: Path) -> None:
    pages = sorted((built / "build" / WORK).glob("*.html"))
    edition = (built / "build" / WORK / "edition-en.html").read_text("utf-8")
    assert 'id="para-12-e"' in edition and '<span class="label">(e)</span>' in edition
    comparison = next(p for p in pages if p.name.startswith("comparison"))
    assert "tenir la promesse c sur la rive ;" in comparison.read_text("utf-8")
    out = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(out.stderr)["messages"]
    assert [f"{m['url'].rsplit('/', 1)[-1]}: {m['message']}" for m in messages] == []


def test_the_pdf_has_a_destination_for_each_item(built: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built / "build" / WORK / "edition-fr.pdf")
    assert {f"para-12-{x}" for x in "abcde"} <= set(reader.named_destinations)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "(c) tenir la promesse c sur la rive ;" in " ".join(text.split())
