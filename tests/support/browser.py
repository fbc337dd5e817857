"""Debian's chromium, driven by Playwright: pages read as a person reads them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.support.projects import ROOT


def chromium() -> str:
    """Return Debian's chromium, which scripts/setup.sh installs."""
    found = os.environ.get("BRIEFGEN_CHROMIUM") or shutil.which("chromium")
    assert found, "chromium missing: run scripts/setup.sh (it installs Debian's chromium)"
    return found


def axe_script() -> str:
    """Return axe-core, which scripts/setup.sh installs from npm into .venv/axe."""
    path = ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"
    assert path.is_file(), f"{path} missing: run scripts/setup.sh (it installs axe-core)"
    return path.read_text("utf-8")


@contextmanager
def launched() -> Iterator[Any]:
    """A headless chromium for the length of the block (Playwright's Browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        try:
            yield browser
        finally:
            browser.close()
