"""The quick WeasyPrint import finds the same libraries as the slow one, and falls back to it."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from briefgen.render.pdf.weasy import _ldconfig_listing, quick_finder

# The names under which WeasyPrint's search succeeds on Debian, and one it tries and lacks.
LIBRARIES = ["gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig"]
LIBRARIES += ["pangoft2-1.0", "libgobject-2.0-0", "no-such-library-briefgen"]


@pytest.mark.parametrize("name", LIBRARIES)
def test_quick_finder_agrees_with_ctypes(name: str) -> None:
    listing = _ldconfig_listing()
    assert listing is not None
    assert quick_finder(listing)(name) == ctypes.util.find_library(name)


def test_import_falls_back_when_the_quick_search_fails() -> None:
    # A search that breaks halfway through WeasyPrint's import leaves it half imported: the
    # ordinary import must take over, silently, and render a page.
    code = (
        "import briefgen.render.pdf.weasy as w\n"
        "def broken(listing):\n"
        "    def find(name):\n"
        "        raise RuntimeError('broken search')\n"
        "    return find\n"
        "w.quick_finder = broken\n"
        "weasyprint = w.load()\n"
        "pdf = weasyprint.HTML(string='<p>ok</p>').write_pdf()\n"
        "print(pdf[:5].decode())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "%PDF-\n"
