"""The one rule for the paths briefgen reads and writes: resolved, then confined.

A source is a document people exchange. A file it names (a capture's `file:`) is read only if
its real path, symlinks resolved, lies inside the sources folder; an absolute path, a `..` or a
symlink leading out is refused before the file is opened, hashed or attached. A build writes
only outside sources/, never into `/` or the project folder itself. `import`, the one command
that adds files to sources/, writes only where the real path lies inside it (`writable`), and
reads a capture only from a regular file whose bytes are what its size says (`read_regular`).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import BuildError, Problem
from .limits import too_large


class OutsideSources(ValueError):
    """A path a source names is not a readable file inside its sources folder."""


def confined(base: Path, name: str) -> Path:
    """Return the real path of a file a source names, relative to its folder `base`.

    Raise OutsideSources (saying why) for an absolute path, a path whose real location,
    symlinks resolved, is outside `base`, a symlink loop, or anything but a regular file;
    OSError if it cannot be looked at (FileNotFoundError if it is missing).
    """
    if Path(name).is_absolute() or name.startswith("~"):
        raise OutsideSources(
            f"'{name}' is an absolute path; name a file inside the sources folder, "
            "relative to the YAML file"
        )
    try:
        root = base.resolve()
        real = (root / name).resolve()
    except (RuntimeError, OSError) as err:  # Python 3.11 raises RuntimeError for a loop
        if isinstance(err, OSError) and err.errno != errno.ELOOP:
            raise
        raise OutsideSources(
            f"'{name}' is a symlink loop (its links lead back to themselves); name the file itself"
        ) from None
    if not real.is_relative_to(root):
        how = "a symlink" if ".." not in Path(name).parts else "'..'"
        raise OutsideSources(
            f"'{name}' leads outside the sources folder (through {how}); "
            "a source may name only files inside it"
        )
    mode = real.stat().st_mode  # FileNotFoundError for a missing file
    if not stat.S_ISREG(mode):
        raise OutsideSources(f"'{name}' is not a regular file")
    return real


def writable(base: Path, name: str) -> Path:
    """Return the real path where a file `name` of the sources folder `base` is to be written.

    Symlinks are resolved, so that a source symlinked to another file of the folder is written
    through its link. Raise OutsideSources (saying why; the caller names the file) when the
    real path, or a folder on the way to it (`captures/`), leads outside `base`, or when
    something other than a regular file stands there.
    """
    root = base.resolve()
    try:
        real = (root / name).resolve()
    except (RuntimeError, OSError) as err:  # a symlink loop (RuntimeError before Python 3.13)
        raise OutsideSources(f"cannot be resolved ({err})") from err
    if not real.is_relative_to(root):
        raise OutsideSources(
            f"leads outside the sources folder through a symlink (to {real}); import writes "
            "only inside it: replace the symlink with the file or folder itself"
        )
    if real.exists() and not real.is_file():
        raise OutsideSources("is not a regular file (a folder or a device is in the way)")
    return real


#: Folders of the system whose files are views of the running machine, never documents.
#: (/dev holds devices, refused as not regular files, and /dev/shm ordinary files.)
_SYSTEM = (Path("/proc"), Path("/sys"))


def read_regular(path: Path, most: int) -> bytes:
    """Return the bytes of a file named on the command line, if it is an ordinary document.

    Raise OutsideSources for a file over `most` bytes (before it is read).

    Raise OutsideSources for a folder, a FIFO, a device or a socket (refused before it is
    opened, so nothing waits on a pipe), for a file of /proc or /sys, and for a file whose size
    says otherwise than the bytes read (a pseudo-file such as /proc/self/environ reports 0
    bytes; a file still being written changes while it is read). OSError if it cannot be read.
    """
    try:
        real = path.resolve()
    except RuntimeError as err:  # a symlink loop (an OSError from Python 3.13)
        raise OutsideSources(f"cannot be resolved ({err})") from err
    if any(real == top or real.is_relative_to(top) for top in _SYSTEM):
        raise OutsideSources(f"is a file of the running system ({real}), not a document")
    _regular(os.stat(path).st_mode)  # FileNotFoundError for a missing file
    # looked at again once open (O_NONBLOCK: if it became a FIFO, nothing waits for a writer)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        _regular(st.st_mode)
        if st.st_size > most:
            raise OutsideSources(too_large(st.st_size, most))
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as f:
        data = f.read()
    if len(data) != st.st_size:
        raise OutsideSources(
            f"read {len(data):,} bytes where its size says {st.st_size:,} (a system file, or "
            "one still being written); copy it to an ordinary file first"
        )
    return data


def _regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise OutsideSources(f"is {kind}; name a saved text, Markdown or HTML file")


def inside(path: Path, folder: Path) -> bool:
    """Return whether a path, symlinks resolved, is a folder or lies inside it."""
    real, root = path.resolve(), folder.resolve()
    return real == root or real.is_relative_to(root)


def check_out_dir(out_dir: Path, sources_dir: Path, root: Path) -> None:
    """Refuse an output folder that is a file, `/`, the project folder, or inside sources/."""
    shown = str(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(Problem(shown, "--out names a file, not a folder; choose a folder"))
    real = out_dir.resolve()
    if real == Path(real.anchor):
        raise BuildError(Problem(shown, "--out is the root folder '/'; choose a folder of its own"))
    if real == root.resolve():
        raise BuildError(
            Problem(
                shown,
                "--out is the project folder itself; choose a folder of its own (default: build/)",
            )
        )
    if inside(out_dir, sources_dir):
        raise BuildError(
            Problem(
                shown,
                "output folder is inside sources/; choose another --out (default: build/)",
            )
        )


def check_output(path: Path, sources_dir: Path, shown: str) -> None:
    """Refuse an output file whose folder, symlinks resolved, lies inside sources/."""
    if inside(path.parent, sources_dir):
        raise BuildError(
            Problem(
                shown,
                f"resolves inside sources/ ({path.parent.resolve()}); a build never writes "
                "there: remove the symlink or choose another --out",
            )
        )
