"""The one rule for the paths briefgen reads and writes: resolved, then confined.

A source is a document people exchange. A file it names (a capture's `file:`) is read only if
its real path, symlinks resolved, lies inside the sources folder; an absolute path, a `..` or a
symlink leading out is refused before the file is opened, hashed or attached. A build writes
only outside sources/, never into `/` or the project folder itself.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from .errors import BuildError, Problem


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
