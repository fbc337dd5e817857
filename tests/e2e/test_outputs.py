"""The outputs table: each row renders and names its files; a format is a module and an entry."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path

from briefgen.build import pipeline
from briefgen.outputs import (
    ALL_FORMATS,
    FORMAT_NAMES,
    FORMATS,
    KINDS,
    OUTPUTS,
    Lazy,
    filename,
)
from briefgen.project import FORMAT_CHOICES
from briefgen.sources.load import load_all
from tests.support.projects import ROOT, make_work


def test_every_row_names_a_function_of_its_renderer() -> None:
    for (kind, fmt), spec in OUTPUTS.items():
        assert isinstance(spec.render, Lazy), (kind, fmt)
        assert callable(getattr(import_module(spec.render.module), spec.render.function))


def test_the_table_says_which_formats_each_kind_is_made_in() -> None:
    made = {k.name: [f for (kind, f) in OUTPUTS if kind == k.name] for k in KINDS}
    assert made == {
        "edition": ["pdf", "docx", "html", "akn"],
        "comparison": ["pdf", "docx", "html"],
        "brief": ["pdf", "docx", "html"],
        "citation": ["csl-json", "bibtex", "ris"],
        "notice": ["pdf", "docx", "html"],
        "pack": ["pdf", "docx"],
        "matrix": ["pdf", "docx", "html"],
        "themes": ["pdf", "docx", "html"],
        "collection-pack": ["pdf", "docx"],
    }
    assert FORMAT_NAMES == ("pdf", "docx", "html", "akn")
    assert ALL_FORMATS == ("pdf", "docx", "html")  # an export is asked for by name
    assert FORMAT_CHOICES == ("pdf", "docx", "html", "akn", "all")
    assert {f.name for f in FORMATS if f.fonts} == {"pdf", "docx"}


def test_file_names() -> None:
    two = ("en-xinhua", "en-1ai")
    assert filename("edition", two[:1], "pdf") == "edition-en-xinhua.pdf"
    assert filename("comparison", two, "html") == "comparison-en-xinhua-en-1ai.html"
    assert filename("brief", two, "docx") == "brief.docx"
    assert filename("notice", two, "html") == "notice.html"
    assert filename("pack", two, "pdf") == "pack.pdf"
    assert [filename("citation", two, f) for f in ("csl-json", "bibtex", "ris")] == [
        "citations.json",
        "citations.bib",
        "citations.ris",
    ]


def test_the_plan_follows_the_rules_of_the_table(tmp_path: Path) -> None:
    make_work(tmp_path, {"en": ["One.", "Two."]}, work_id="one-text")
    work = load_all(tmp_path / "sources", tmp_path)[0]
    paths = [o.path for o in pipeline.plan([work], ["pdf", "html"])]
    # one text: no comparison; no brief; no corrections: no notice; the pack in PDF only
    assert paths == [
        "one-text/edition-en.pdf",
        "one-text/edition-en.html",
        "one-text/citations.json",
        "one-text/citations.bib",
        "one-text/citations.ris",
        "one-text/pack.pdf",
    ]
    assert pipeline.not_made([work], {"comparison", "notice"}) == [
        "note: no comparison of one-text: it has one text, so there is nothing to compare",
        "note: no notice of one-text: it has no corrections",
    ]


PLAIN = '''"""Plain text editions: a format added for a test."""

from __future__ import annotations

from briefgen.model.declaration import Declaration
from briefgen.render.context import Context


def edition(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render one expression's paragraphs as plain text."""
    texts = [p.text.get(expressions[0]) for p in decl.source.paragraphs]
    return "".join(f"{t}\\n" for t in texts if isinstance(t, str)).encode("utf-8")
'''

ENTRY = """    Format(
        "plain",
        {"edition": Makes(Lazy("briefgen.render.plain", "edition"), 1)},
        extension="txt",
        quick=True,
    ),
"""


def test_a_new_format_is_one_renderer_module_and_one_entry(tmp_path: Path) -> None:
    package = tmp_path / "lib" / "briefgen"
    shutil.copytree(
        ROOT / "src" / "briefgen", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    (package / "render" / "plain.py").write_text(PLAIN, "utf-8")
    table = package / "outputs.py"
    text = table.read_text("utf-8")
    anchor = '    _record("csl-json"'
    assert text.count(anchor) == 1
    table.write_text(text.replace(anchor, ENTRY + anchor), "utf-8")

    project = tmp_path / "project"
    make_work(project, {"en": ["First paragraph.", "Second paragraph."]}, work_id="w")
    (project / "briefgen.toml").write_text('formats = ["plain"]\n', "utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "lib"), "PYTHONWARNINGS": "ignore"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "briefgen", *args]
        return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)

    assert "plain" in cli("build", "--help").stdout  # a choice of --format
    first = cli("build", "--kind", "edition")  # briefgen.toml chose it
    assert first.returncode == 0, first.stderr
    out = project / "build" / "w"
    assert (out / "edition-en.txt").read_text("utf-8") == "First paragraph.\nSecond paragraph.\n"
    entries = json.loads((project / "build" / "manifest.json").read_text("utf-8"))["outputs"]
    assert [(e["path"], e["format"]) for e in entries] == [("w/edition-en.txt", "plain")]
    again = cli("build", "-f", "plain", "--kind", "edition")  # its digest: nothing changed
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1].startswith("wrote 0 file(s), 1 unchanged")
