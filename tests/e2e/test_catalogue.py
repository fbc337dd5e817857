"""The catalogue (build/index.html) of a two-work build, read as a person does: in Debian's
chromium, driven by Playwright, over HTTP. It lists both works and every output with its
size; typing a phrase from one paragraph lists that paragraph, and its link lands on it; axe-core
finds no accessibility violation; the Nu checker finds the page valid."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.test_records_html import vnu_jar
from tests.support.browser import axe_script, launched
from tests.support.corpus import make_corpus
from tests.support.files import snapshot
from tests.support.projects import make_work, run_cli

PHRASE = "lighthouse keepers measure the tides"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two works built to HTML: the second's paragraph 2 holds a phrase nothing else does."""
    root = tmp_path_factory.mktemp("catalogue")
    make_work(  # its own expression ids: its captures are named after them
        root,
        {"en-alpha": ["The first work opens.", "It goes on about rivers."]},
        work_id="alpha",
        languages={"en-alpha": "en"},
    )
    source = make_work(
        root,
        {
            "en": ["The second work opens.", f"Here {PHRASE} at dawn.", "It ends."],
            "fr": ["Le second texte s’ouvre.", "Ici les gardiens de phare mesurent.", "Fin."],
        },
        work_id="beta",
        languages={"fr": "fr"},
    )
    data = yaml.safe_load(source.read_text("utf-8"))
    data["work"]["title"] = "Beta Declaration on Tides"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_cli("build", "--format", "html", "--out", "build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "build"


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """Serve the build folder over HTTP (Pagefind fetches its index), on a free port."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[assignment,method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as chromium:
        yield chromium


def test_index_lists_both_works_and_every_output_with_its_size(site: Path) -> None:
    page = (site / "index.html").read_text("utf-8")
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    assert "Test Declaration" in page and "Beta Declaration on Tides" in page
    assert set(manifest["works"]) == {"alpha", "beta"}
    for entry in manifest["outputs"]:
        size = (site / entry["path"]).stat().st_size
        assert entry["bytes"] == size
        row = re.search(rf'<a href="{re.escape(entry["path"])}">[^<]+</a></td>(.*?)</tr>', page)
        assert row, f"{entry['path']} not listed"
        shown = size if size < 1000 else round(size / 1000, 1)
        assert f"{shown:,}" in row.group(1), (entry["path"], row.group(1))
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_search_finds_the_paragraph_and_its_link_lands_on_it(served: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(served + "index.html")
    page.fill("#search-input", PHRASE)
    page.wait_for_selector("#search-results li a")
    links = page.eval_on_selector_all("#search-results li a", "as => as.map(a => a.href)")
    assert links == [served + "beta/edition-en.html#para-2"]
    assert "1" in page.inner_text("#search-status")
    page.click("#search-results li a")
    page.wait_for_url("**/beta/edition-en.html#para-2")
    landed = page.evaluate("document.querySelector(location.hash).textContent")
    assert PHRASE in landed
    page.close()


def test_the_catalogue_has_no_axe_violations(served: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(served + "index.html")
    page.fill("#search-input", "opens")  # with results shown, too
    page.wait_for_selector("#search-results li a")
    page.add_script_tag(content=axe_script())
    found = page.evaluate("async () => (await axe.run(document)).violations")
    assert found == [], json.dumps(found, indent=1)[:3000]
    page.close()


def test_the_catalogue_is_valid_html(site: Path) -> None:
    run = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", str(site / "index.html")],
        capture_output=True,
        text=True,
    )
    messages = json.loads(run.stderr or "{}").get("messages", [])
    assert [m for m in messages if m.get("type") == "error"] == []


def test_a_pdf_build_keeps_the_catalogue_true_to_the_folder(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(site.parent / "sources", copy / "sources")
    shutil.copytree(site, copy / "build")
    index_before = (copy / "build" / "index.html").read_bytes()
    result = run_cli("build", "--format", "pdf", "--work", "alpha", "--out", "build", cwd=copy)
    assert result.returncode == 0, result.stderr
    page = (copy / "build" / "index.html").read_text("utf-8")
    assert page.encode() != index_before
    assert 'href="alpha/edition-en-alpha.pdf"' in page  # the new PDF
    assert 'href="beta/edition-en.html"' in page  # the work not built this time


def test_a_collection_is_listed_with_its_outputs_and_their_sizes(tmp_path: Path) -> None:
    root = make_corpus(tmp_path)
    result = run_cli("build", "--format", "html", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "build"
    page = (site / "index.html").read_text("utf-8")
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    assert manifest["collections"]["rivers"]["title"] in page
    held = [e for e in manifest["outputs"] if e.get("collection") == "rivers"]
    assert held
    for entry in held:
        size = (site / entry["path"]).stat().st_size
        assert entry["bytes"] == size > 0
        row = re.search(rf'<a href="{re.escape(entry["path"])}">[^<]+</a></td>(.*?)</tr>', page)
        assert row and f"{round(size / 1000, 1):,}" in row.group(1), entry["path"]


def test_a_pagefind_that_stops_fails_the_build_and_keeps_the_folder(
    site: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "project"
    shutil.copytree(site.parent / "sources", copy / "sources")
    shutil.copytree(site, copy / "build")
    before = snapshot(copy / "build")
    env = {"PAGEFIND_BINARY_PATH": "/bin/false"}  # Pagefind's own variable
    result = run_cli("build", "--format", "html", "--force", cwd=copy, env=env)
    assert result.returncode == 1
    assert result.stderr == (
        "error: pagefind: cannot build the search index (Pagefind: its process stopped, exit 1); "
        "earlier files are unchanged\n"
    )
    assert snapshot(copy / "build") == before


def test_a_damaged_search_index_is_made_again_by_the_next_build(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(site.parent / "sources", copy / "sources")
    shutil.copytree(site, copy / "build")
    before = snapshot(copy / "build" / "pagefind")
    (copy / "build" / "pagefind" / "pagefind-entry.json").write_text("{}", "utf-8")
    result = run_cli("build", "--format", "html", cwd=copy)
    assert result.returncode == 0, result.stderr
    assert snapshot(copy / "build" / "pagefind") == before
