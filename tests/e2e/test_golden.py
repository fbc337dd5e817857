"""Golden HTML: the edition page, byte for byte. Refresh with `make golden` and read the diff."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.projects import EXPRESSIONS, ROOT, WORK

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_edition_html_matches_golden(built: Path, expression: str) -> None:
    name = f"edition-{expression}.html"
    got = (built / WORK / name).read_text("utf-8")
    golden = GOLDEN / name
    if os.environ.get("BRIEFGEN_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(got, "utf-8")
    assert golden.exists(), "no golden file: run `make golden`"
    assert got == golden.read_text("utf-8"), f"{name} changed: run `make golden`, read the diff"
