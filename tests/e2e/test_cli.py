"""The command line as a user drives it, in real subprocesses."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.build.pipeline import plan
from briefgen.sources.load import load_all
from tests.support.projects import ROOT, WORK, Project, make_work, run_cli


def test_help_lists_the_commands() -> None:
    result = run_cli("--help", cwd=ROOT)
    assert result.returncode == 0
    for command in ("build", "check"):
        assert command in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "briefgen"
    exe = str(script) if script.exists() else shutil.which("briefgen")
    assert exe, "the briefgen console script is not installed"
    result = subprocess.run([exe, "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert any(
        line.startswith("ok sources/shanghai-declaration-2024.yaml")
        for line in result.stdout.splitlines()
    )


def test_default_build_is_pdf_into_build(project: Project) -> None:
    result = project.cli("build")
    assert result.returncode == 0, result.stderr
    out = project.root / "build"
    made = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert made == {
        f"{WORK}/edition-en-1ai.pdf",
        f"{WORK}/edition-en-xinhua.pdf",
        f"{WORK}/comparison-en-xinhua-en-1ai.pdf",
        f"{WORK}/brief.pdf",
        f"{WORK}/pack.pdf",
        f"{WORK}/citations.json",
        f"{WORK}/citations.bib",
        f"{WORK}/citations.ris",
        "manifest.json",
    }
    assert result.stdout.splitlines()[-1] == "wrote 8 file(s), 0 unchanged, and build/manifest.json"
    assert not list(out.rglob("*.tmp"))


def test_builds_merge_into_one_manifest(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert project.cli("build", "-f", "html", "--out", str(out)).returncode == 0
    assert project.cli("build", "-f", "docx", "--work", WORK, "--out", str(out)).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    formats = sorted({e["format"] for e in manifest["outputs"]})
    assert formats == ["bibtex", "csl-json", "docx", "html", "ris"]
    assert all(not Path(e["path"]).is_absolute() for e in manifest["outputs"])


def test_damaged_manifest_is_replaced(project: Project) -> None:
    out = project.root / "build"
    out.mkdir()
    (out / "manifest.json").write_text("{not json", "utf-8")
    assert project.cli("build", "-f", "html").returncode == 0
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert len(manifest["outputs"]) == 7


def test_bad_format_is_a_usage_error(project: Project) -> None:
    result = project.cli("build", "--format", "epub")
    assert result.returncode == 2
    assert "epub" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project of one work in one text, no brief, no corrections."""
    root = tmp_path_factory.mktemp("small")
    make_work(root, {"en": ["We agree on one thing.", "We note another."]}, work_id="small")
    return root


@pytest.mark.parametrize(
    ("formats", "kinds", "packs"),
    [
        (["html"], None, []),  # every kind, in HTML: there is no pack in HTML
        (["html"], {"pack"}, ["pdf"]),
        (["html"], {"pack", "edition"}, ["pdf"]),  # the same with another kind named
        (["html"], {"pack", "brief"}, ["pdf"]),
        (["docx"], {"pack"}, ["docx"]),  # a format the pack has: that one only
        (["docx"], None, ["docx"]),
        (["pdf", "html"], {"pack", "edition"}, ["pdf"]),
        (["pdf", "docx", "html"], None, ["pdf", "docx"]),
    ],
)
def test_the_pack_is_planned_by_one_rule(
    small: Path, formats: list[str], kinds: set[str] | None, packs: list[str]
) -> None:
    works = load_all(small / "sources", small)
    assert [o.format for o in plan(works, formats, kinds) if o.kind == "pack"] == packs


def test_kind_pack_with_another_kind_in_html_makes_the_pack_in_pdf(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "build", "-f", "html", "-k", "pack", "-k", "edition", "-o", str(out), cwd=small
    )
    assert result.returncode == 0, result.stderr
    made = {p.name for p in (out / "small").iterdir()}
    assert made == {"edition-en.html", "pack.pdf"}
    assert "note: pack made in PDF: there is no pack in HTML (only in PDF and DOCX)" in (
        result.stdout.splitlines()
    )


def test_render_workers_are_fresh_interpreters(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A forked worker would run this process's patched code (and inherit its threads' locks);
    # a spawned one imports briefgen anew.
    from briefgen.build.executors import OneShot
    from briefgen.render import records
    from briefgen.render.context import Context

    for name in ("csl_json", "bibtex", "ris"):
        monkeypatch.setattr(records, name, lambda *args: b"forked\n")
    works = load_all(small / "sources", small)
    outputs = plan(works, ["html"], {"citation"})
    rendering = OneShot(jobs=2).start([outputs], Context(small / "templates"), None)
    try:
        rendered = rendering.wait_for(outputs)
    finally:
        rendering.finish()
    assert len(rendered) == 3
    assert b"forked\n" not in rendered.values()


def test_a_parallel_build_on_a_terminal_completes(small: Path, tmp_path: Path) -> None:
    # On a terminal the progress bar's thread runs while the workers start.
    out = tmp_path / "out"
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "build", "-f", "all", "-j", "2", "-o", str(out)],
            cwd=small,
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
        )
        os.close(follower)
        shown = b""
        with contextlib.suppress(OSError):  # EIO once the terminal's other end is closed
            while chunk := os.read(leader, 4096):
                shown += chunk
        _, err = proc.communicate(timeout=120)
    finally:
        os.close(leader)
    assert proc.returncode == 0, err
    assert b"rendering" in shown and b"wrote 8 file(s)" in shown  # the bar, the summary
    assert len(list((out / "small").iterdir())) == 8
