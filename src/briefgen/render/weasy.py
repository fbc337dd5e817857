"""Import WeasyPrint without the half second its library search costs on Linux.

WeasyPrint finds Pango, HarfBuzz and Fontconfig by trying up to six names for each library
through cffi, and every name without a dot goes to `ctypes.util.find_library`, which runs
`ldconfig -p`, then `gcc`, then `ld` in subprocesses: about 80 processes before the first page,
in every build and every worker (0.3 to 0.6 s here). While WeasyPrint is imported, the same
question is answered from one `ldconfig -p` listing and the directories of LD_LIBRARY_PATH.
If WeasyPrint cannot start that way, it is imported again the ordinary way, so the answer can
only be faster, never different in what loads.
"""

from __future__ import annotations

import ctypes.util
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from types import ModuleType

#: ldconfig's name for this machine's ABI, as ctypes.util uses it.
_ABI = {"x86_64": "libc6,x86-64", "aarch64": "libc6,AArch64", "ppc64le": "libc6,64bit"}


def _ldconfig_listing() -> str | None:
    try:
        return subprocess.run(
            ["/sbin/ldconfig", "-p"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def quick_finder(listing: str, library_path: str = "") -> Callable[[str], str | None]:
    """Return a find_library that answers from an `ldconfig -p` listing and library_path."""
    abi = _ABI.get(os.uname().machine, "libc6")
    dirs = [Path(d) for d in library_path.split(os.pathsep) if d]

    def find(name: str) -> str | None:
        # the pattern ctypes.util applies to the same listing
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(abi)}", listing)
        if found:
            return found.group(1)
        for d in dirs:
            for candidate in sorted(d.glob(f"lib{name}.so*")):
                return candidate.name
        return None

    return find


@contextmanager
def _libraries_from_ldconfig() -> Iterator[None]:
    listing = _ldconfig_listing()
    if listing is None:  # not glibc's ldconfig: leave the search as it is
        yield
        return
    original = ctypes.util.find_library
    finder = quick_finder(listing, os.environ.get("LD_LIBRARY_PATH", ""))
    ctypes.util.find_library = finder  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original


def load() -> ModuleType:
    """Return the weasyprint module, importing it quickly the first time."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    try:
        # quiet: on failure WeasyPrint prints advice that the ordinary import below repeats
        with _libraries_from_ldconfig(), redirect_stdout(io.StringIO()):
            import weasyprint
    except Exception:  # e.g. a library only gcc or ld can find: import the ordinary way
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint  # noqa: F401
    return sys.modules["weasyprint"]
