"""The quick WeasyPrint import finds the same libraries as the slow one, and falls back to it."""

from __future__ import annotations

import ctypes.util
import importlib
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from briefgen.errors import BuildError
from briefgen.render.pdf import weasy
from briefgen.render.pdf.weasy import _ldconfig_listing, quick_finder
from tests.support.projects import make_work

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


def _mismatch(hook: str) -> str:
    return (
        "briefgen's PDF output needs WeasyPrint 70.x and pydyf 0.13.x"
        f" (installed: {version('weasyprint')} and {version('pydyf')}): {hook} is not what it"
        " expects; install the versions in constraints.txt (pip install -c constraints.txt -e .)"
    )


def _no_page_box(page: Any, page_box: Any) -> None:
    page.box = page_box


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    return ()


def _content_to_boxes(style: Any, parent_box: Any, counter_values: Any, depth: Any) -> Any:
    return []


#: A hook's target, as a changed upstream could leave it: (module, attribute, new value;
#: None: the attribute is gone).
BREAKS: dict[str, tuple[str, str, Any]] = {
    "weasyprint.pdf.resolve_links": ("weasyprint.pdf", "resolve_links", None),
    "weasyprint.pdf.tags._build_box_tree": ("weasyprint.pdf.tags", "_build_box_tree", None),
    "weasyprint.formatting_structure.build.content_to_boxes": (
        "weasyprint.formatting_structure.build",
        "content_to_boxes",
        _content_to_boxes,
    ),
    "weasyprint.Page._page_box": ("weasyprint", "Page.__init__", _no_page_box),
    "pydyf.PDF.page_references": ("pydyf", "PDF.page_references", _page_references),
}


@pytest.mark.parametrize("hook", BREAKS)
def test_a_hook_whose_target_changed_is_a_clear_error(
    hook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    weasy.load()
    monkeypatch.setattr(weasy, "_checked", False)  # as in a process that has not checked yet
    module, attribute, value = BREAKS[hook]
    owner: Any = importlib.import_module(module)
    *path, name = attribute.split(".")
    for step in path:
        owner = getattr(owner, step)
    if value is None:
        monkeypatch.delattr(owner, name)
    else:
        monkeypatch.setattr(owner, name, value)
    with pytest.raises(BuildError) as caught:
        weasy.load()
    assert str(caught.value) == _mismatch(hook)


def test_a_build_with_a_changed_hook_target_writes_nothing(tmp_path: Path) -> None:
    make_work(tmp_path, {"en": ["We agree on one thing.", "We note another."]})
    code = "import weasyprint.pdf\ndel weasyprint.pdf.resolve_links\nimport briefgen.cli\n"
    code += "briefgen.cli.main()\n"
    result = subprocess.run(
        [sys.executable, "-c", code, "build", "-f", "pdf", "--jobs", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == f"error: {_mismatch('weasyprint.pdf.resolve_links')}\n"
    assert not (tmp_path / "build").exists()
