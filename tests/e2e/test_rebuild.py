"""Rebuilds redo only what changed, the same inputs give the same bytes, watch keeps going."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from briefgen.cli import app
from tests.support.projects import WORK, Project, correct_typo, edit, make_work, run_cli


def rendered(result: subprocess.CompletedProcess[str]) -> set[str]:
    assert result.returncode == 0, result.stderr
    return {
        line.removeprefix("rendered build/")
        for line in result.stdout.splitlines()
        if line.startswith("rendered ")
    }


def test_no_change_rebuilds_nothing_and_skips_weasyprint(project: Project) -> None:
    assert project.cli("build", "-f", "html", "-f", "docx").returncode == 0
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom briefgen.cli import app\n"
        "r = CliRunner().invoke(app, ['build', '-f', 'html', '-f', 'docx'])\n"
        "print(r.stdout)\nprint('weasyprint' in sys.modules, 'docx' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=project.root, capture_output=True, text=True, check=True
    ).stdout
    assert "wrote 0 file(s), " in out and "rendered" not in out
    assert out.strip().endswith("False False")


def test_a_correction_to_one_text_rebuilds_only_what_shows_it(project: Project) -> None:
    first = rendered(project.cli("build", "-f", "html", "-f", "docx"))
    assert f"{WORK}/edition-en-xinhua.html" in first
    edit(project, correct_typo)
    second = rendered(project.cli("build", "-f", "html", "-f", "docx"))
    assert second == {
        f"{WORK}/edition-en-1ai.html",
        f"{WORK}/edition-en-1ai.docx",
        f"{WORK}/comparison-en-xinhua-en-1ai.html",
        f"{WORK}/comparison-en-xinhua-en-1ai.docx",
        f"{WORK}/brief.html",
        f"{WORK}/brief.docx",
        f"{WORK}/notice.html",
        f"{WORK}/notice.docx",
        f"{WORK}/citations.json",
        f"{WORK}/citations.bib",
        f"{WORK}/citations.ris",
        f"{WORK}/pack.docx",
    }


def test_damaged_manifest_or_force_means_a_full_rebuild(project: Project) -> None:
    everything = rendered(project.cli("build", "-f", "html"))
    assert rendered(project.cli("build", "-f", "html", "--force")) == everything
    (project.root / "build" / "manifest.json").write_text('{"outputs": [{"path": 3', "utf-8")
    assert rendered(project.cli("build", "-f", "html")) == everything
    manifest = json.loads((project.root / "build" / "manifest.json").read_text("utf-8"))
    assert len(manifest["outputs"]) == len(everything)


def test_a_changed_output_file_is_rebuilt(project: Project) -> None:
    project.cli("build", "-f", "html")
    target = project.root / "build" / WORK / "brief.html"
    target.write_text("edited by hand", "utf-8")
    assert rendered(project.cli("build", "-f", "html")) == {f"{WORK}/brief.html"}


def test_same_inputs_give_identical_pdf_and_docx(project: Project, tmp_path: Path) -> None:
    kinds = ["--kind", "edition", "--kind", "brief"]
    a = project.cli(
        "build", "-f", "pdf", "-f", "docx", *kinds, "--out", str(tmp_path / "a"), "--jobs", "1"
    )
    b = project.cli(
        "build", "-f", "pdf", "-f", "docx", *kinds, "--out", str(tmp_path / "b"), "--jobs", "2"
    )
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(files) == 7  # 2 editions and a brief in PDF and DOCX, and the manifest
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_source_date_epoch_dates_the_outputs(project: Project) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}  # 1 January 2026
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "-f", "html", "--kind", "brief"],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    html = (project.root / "build" / WORK / "brief.html").read_text("utf-8")
    assert "built 1 January 2026 with briefgen" in html


def test_plain_progress_lines_when_not_on_a_terminal(project: Project) -> None:
    result = project.cli("build", "-f", "html", "--jobs", "2")
    lines = result.stdout.splitlines()
    assert all(line.startswith("rendered build/") for line in lines[:-1])
    assert lines[-1].startswith("wrote ")


def test_watch_rebuilds_on_save_and_survives_errors(project: Project) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "watch", "-f", "html"],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[str] = []

    def wait_for(text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            seen.append(line)
            if text in line:
                return
        raise AssertionError(f"{text!r} not seen in: {''.join(seen)}")

    try:
        wait_for("watching")
        data = yaml.safe_load(project.source.read_text("utf-8"))
        original = project.source.read_text("utf-8")
        data["work"]["venue"] = "Expo Centre"  # an unknown field: an error, not an exit
        project.source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        wait_for("work.venue: unknown field")
        assert proc.poll() is None
        project.source.write_text(original, "utf-8")
        wait_for("wrote ")
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_jobs_must_be_positive(project: Project) -> None:
    result = run_cli("build", "--jobs", "0", cwd=project.root)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_stylesheet_edit_rebuilds_the_html_and_no_docx(tmp_path: Path) -> None:
    """A DOCX reads no template or stylesheet (its styles are briefgen's or the reference
    document's): a project's common.css re-renders the pages, and every DOCX is unchanged."""
    project = Project(tmp_path)
    first = rendered(project.cli("build", "-f", "html", "-f", "docx"))
    assert f"{WORK}/pack.docx" in first and f"{WORK}/brief.docx" in first
    templates = project.root / "templates"
    templates.mkdir()
    bundled = Path(__file__).parents[2] / "src/briefgen/render/html/templates/common.css"
    (templates / "common.css").write_text(
        bundled.read_text("utf-8") + "\nh1.title { color: #ff0000; }\n", "utf-8"
    )
    second = rendered(project.cli("build", "-f", "html", "-f", "docx"))
    assert f"{WORK}/edition-en-xinhua.html" in second and f"{WORK}/brief.html" in second
    assert not {f for f in second if f.endswith(".docx")}, second


def test_an_override_added_between_two_builds_of_one_process_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that keeps its templates compiled (a watch's workers, a library user): a
    bundled template it has used is dropped once the project overrides it, and an override
    that is a plain copy of the bundled file still rebuilds what uses it."""
    make_work(tmp_path, {"en-a": ["We agree on one thing.", "We note another."]})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    in_process = ("build", "-f", "html", "--jobs", "1")
    assert runner.invoke(app, in_process).exit_code == 0
    copied = runner.invoke(app, ["templates", "--copy", "edition.html.j2"])
    assert copied.exit_code == 0, copied.output
    again = runner.invoke(app, [*in_process, "-v"])
    assert again.exit_code == 0, again.output
    assert "rendered build/test-declaration/edition-en-a.html" in again.output, again.output

    (tmp_path / "templates" / "edition.html.j2").write_text("{{ work.title \n", "utf-8")
    broken = runner.invoke(app, in_process)
    assert broken.exit_code == 1
    assert "error: templates/edition.html.j2:1: template error:" in broken.output, broken.output
