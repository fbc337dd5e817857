"""The writer's commit journal: a write killed between two renames is undone by the next one.

Before its first rename, a write (build/writer.py) records in its top folder, as one file
renamed into place whole, each file and folder it is about to put in place: the temporary it
comes from, the backup of what it replaces (relative to the top folder) and the SHA-256 of
what it puts there. Once everything is in place the journal is removed, then the backups.

A journal still there when the next write takes the folder's lock means that write was killed
after its journal and before its end: the next one rolls it back, so a killed command leaves
"neither" (roll forward cannot work: a temporary not yet renamed may be all there is of it,
and the person saw the command fail). A write is undone only while every file it put in place
still holds exactly what it put there: one a person edited since keeps that write as it was
left, with a warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import BuildError, Problem
from .writer import PREFIX

#: A journal's name: the writer's PREFIX, so nothing else ever takes it for a file of its own.
JOURNAL = f"{PREFIX}journal-"

#: What check and build say while sources/ holds an interrupted write (neither writes there).
PENDING = "an import or publish was interrupted there; the next import or publish undoes it"


def name() -> str:
    """Return a new journal's file name."""
    return f"{JOURNAL}{secrets.token_hex(6)}.json"


def journals(folder: Path) -> list[Path]:
    """Return the journals of interrupted writes in a folder."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / n for n in sorted(names) if n.startswith(JOURNAL) and n.endswith(".json")]


def pending(folder: Path) -> bool:
    """Whether a write into this folder was interrupted and waits to be undone."""
    return bool(journals(folder))


def entry(
    top: Path, target: Path, temporary: Path, backup: Path | None, **more: Any
) -> dict[str, Any]:
    """Return one journal entry, its paths relative to the top folder."""
    return {
        "target": os.path.relpath(target, top),
        "temporary": os.path.relpath(temporary, top),
        "backup": None if backup is None else os.path.relpath(backup, top),
        **more,
    }


def file_sha(path: Path) -> str | None:
    """Return a regular file's SHA-256 (None for a link, a folder, or nothing there)."""
    try:
        if not path.is_file() or path.is_symlink():
            return None
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def tree_sha(folder: Path) -> str | None:
    """Return one SHA-256 of a folder's names and contents (None if it is not a folder)."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        for n in sorted(dirs + files):
            path = Path(here, n)
            rel = os.path.relpath(path, folder).encode("utf-8", "surrogateescape")
            if path.is_symlink():
                shown = b"-> " + os.readlink(path).encode("utf-8", "surrogateescape")
            elif path.is_file():
                shown = (file_sha(path) or "").encode()
            else:
                shown = b"/"
            digest.update(rel + b"\0" + shown + b"\n")
    return digest.hexdigest()


def recover(top: Path, shown: Callable[[Path], str] = str) -> None:
    """Roll back every interrupted write recorded in a folder, then remove its journal.

    Called by the next write with the folder locked, before the leftovers are removed (the
    backups the roll-back puts back are among them). A write one of whose files (or folders)
    was changed since is kept whole as it was left, with a warning: a person who edited what it
    wrote has taken it up, and undoing the rest would break what they edited (a source whose
    capture is gone). Raise BuildError if a file cannot be put back: nothing is written then,
    and the journal stays for the next try.
    """
    for path in journals(top):
        try:
            record = json.loads(path.read_bytes())
            files = [_File(top, item) for item in record["files"]]
            trees = [_Tree(top, item) for item in record["trees"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            files, trees = [], []  # not a journal of ours (one is renamed into place whole)
        changed = [e.target for e in [*files, *trees] if e.changed()]
        if changed:
            print(
                f"warning: {shown(changed[0])}: changed since an interrupted write put it "
                "there, so that write was left as it is",
                file=sys.stderr,
            )
        else:
            for f in reversed(files):
                f.undo(shown)
            for t in reversed(trees):
                t.undo(shown)
        with contextlib.suppress(OSError):
            path.unlink()


def _put_back(what: Callable[[], None], target: Path, shown: Callable[[Path], str]) -> None:
    try:
        what()
    except OSError as err:
        raise BuildError(
            Problem(
                shown(target),
                f"cannot undo an interrupted write ({err.strerror or err}); nothing was written",
            )
        ) from err


class _File:
    """A file the interrupted write was putting in place."""

    def __init__(self, top: Path, item: dict[str, Any]) -> None:
        self.target = top / str(item["target"])
        self.temporary = top / str(item["temporary"])
        self.backup = None if item["backup"] is None else top / str(item["backup"])
        self.existed = bool(item["existed"])
        self.sha256 = str(item["sha256"])

    def placed(self) -> bool:
        """Whether it was renamed into place (its temporary is gone)."""
        return not os.path.lexists(self.temporary)

    def ours(self) -> bool:
        """Whether it holds exactly what the write put there."""
        return self.placed() and file_sha(self.target) == self.sha256

    def changed(self) -> bool:
        """Whether something else was put there since (not undone by an earlier roll-back,
        which leaves the old file and no backup, or no file)."""
        if not self.placed() or self.ours():
            return False
        if self.backup is not None and os.path.lexists(self.backup):
            return True
        return not self.existed and os.path.lexists(self.target)

    def undo(self, shown: Callable[[Path], str]) -> None:
        """Put back the file it replaced, or remove the new one."""
        if not self.ours():
            return
        if self.backup is not None and self.backup.is_file():
            old = self.backup
            _put_back(lambda: os.replace(old, self.target), self.target, shown)
        elif not self.existed:
            _put_back(self.target.unlink, self.target, shown)


class _Tree(_File):
    """A folder the interrupted write was swapping in whole."""

    def ours(self) -> bool:
        return self.placed() and tree_sha(self.target) == self.sha256

    def changed(self) -> bool:
        # none there: an earlier roll-back moved it aside and was killed before putting back
        return os.path.lexists(self.target) and super().changed()

    def undo(self, shown: Callable[[Path], str]) -> None:
        """Put back the folder it replaced (moved aside), or remove the new one."""
        old = self.backup if self.backup is not None and os.path.lexists(self.backup) else None
        if self.ours():  # moved aside first, so that no kill leaves half a folder in place
            aside = self.target.parent / f"{PREFIX}{secrets.token_hex(6)}-old"
            _put_back(lambda: os.replace(self.target, aside), self.target, shown)
            shutil.rmtree(aside, ignore_errors=True)
        if old is not None and not os.path.lexists(self.target):
            _put_back(lambda: os.replace(old, self.target), self.target, shown)
