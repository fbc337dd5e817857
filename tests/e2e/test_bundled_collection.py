"""`make build`'s command on the bundled sources, with the five works edited from the excerpts
of capture 003 beside the Shanghai Declaration."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support.pdf import pdf_text
from tests.support.projects import ROOT, run_cli

EXCERPTED = (
    "china-france-joint-statement",
    "global-ai-governance-initiative",
    "house-of-lords-ai-code",
    "icdppc-declaration",
    "shanghai-initiative",
)


def test_make_builds_command_builds_every_work_and_says_each_excerpt_is_one(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    done = run_cli("build", "--format", "pdf", "--out", str(tmp_path), cwd=ROOT)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert took < 240, f"the bundled build took {took:.0f} s"  # it takes well under a minute
    for work in EXCERPTED:
        made = sorted(p.name for p in (tmp_path / work).iterdir())
        assert made == [
            "citations.bib",
            "citations.json",
            "citations.ris",
            "edition-en.pdf",
            "pack.pdf",
        ]
        edition = " ".join(pdf_text(tmp_path / work / "edition-en.pdf").split())
        assert "Partial capture: The capture gives" in edition
        assert "The original language is not stated in the captures." in edition
        pack = " ".join(pdf_text(tmp_path / work / "pack.pdf").split())
        assert "the text as far as its capture gives it" in pack and "full text" not in pack
    assert (tmp_path / "shanghai-declaration-2024" / "pack.pdf").exists()
