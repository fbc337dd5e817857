"""Two builds of one project at once: the second waits for the first, and the manifest left
matches the files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from tests.support.files import consistent
from tests.support.projects import make_work, run_cli

EDITIONS = ("build", "--kind", "edition")
LANGUAGES = {"fr-a": "fr"}
COUNT = 10


def _texts(en_edited: bool, fr_edited: bool) -> dict[str, list[str | None]]:
    en = [f"We agree on point {n}{', again' if en_edited else ''}." for n in range(COUNT)]
    fr = [f"Nous convenons du point {n}{', encore' if fr_edited else ''}." for n in range(COUNT)]
    return {"en-a": list(en), "fr-a": list(fr)}


def test_two_builds_at_once_leave_a_manifest_that_matches_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit's case: a slow build (PDF and HTML) of one edit, and a quick one (HTML) of a
    later edit started while the first renders. Before, the quick one wrote first, and the
    slow one's manifest, made from what it had read before either wrote, then listed the
    earlier hashes of files the quick one had rewritten. Now the quick one waits, says so,
    and builds on what the slow one wrote."""
    root = tmp_path / "project"
    make_work(root, _texts(False, False), languages=LANGUAGES)
    monkeypatch.chdir(root)
    first = CliRunner().invoke(app, [*EDITIONS, "-f", "html", "-f", "pdf"])
    assert first.exit_code == 0, first.output

    make_work(root, _texts(True, False), languages=LANGUAGES)  # the first edit: English
    slow = subprocess.Popen(
        [sys.executable, "-m", "briefgen", *EDITIONS, "-f", "html", "-f", "pdf", "--jobs", "2"],
        cwd=root,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert slow.stdout is not None
    slow.stdout.readline()  # it has rendered its first output (HTML), its PDF is on the way
    make_work(root, _texts(True, True), languages=LANGUAGES)  # the second edit: French
    quick = run_cli(*EDITIONS, "-f", "html", cwd=root)
    _, err = slow.communicate(timeout=300)

    assert slow.returncode == 0, err
    assert quick.returncode == 0, quick.stderr
    consistent(root / "build")
    # the later build's text is the one in its outputs
    page = (root / "build" / "test-declaration" / "edition-fr-a.html").read_text("utf-8")
    assert "Nous convenons du point 7, encore." in page
    manifest = json.loads((root / "build" / "manifest.json").read_text("utf-8"))
    assert {e["format"] for e in manifest["outputs"]} == {"html", "pdf"}
    assert "another build is writing build; waiting for it to finish" in quick.stdout
