"""Debian's chromium, driven by Playwright: pages read as a person reads them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def chromium() -> str:
    """Return Debian's chromium, which scripts/setup.sh installs."""
    found = os.environ.get("BRIEFGEN_CHROMIUM") or shutil.which("chromium")
    assert found, "chromium missing: run scripts/setup.sh (it installs Debian's chromium)"
    return found


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
