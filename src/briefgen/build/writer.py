"""The one writer of files: all of a build's files go into place together, or none does.

Every new file is first written to a temporary name (`.briefgen-tmp-…`) in its own folder,
with the mode a plain open() gives under the user's umask. Only when all are written are they
renamed into place, in order (the manifest last). A folder that a build makes whole (the
catalogue's search index) is filled in a temporary folder beside it and swapped in with the
files: the folder it replaces is moved aside and removed only once everything is in place.
On any failure the temporaries are removed and the files already renamed are put back, so
earlier outputs stay exactly as they were; the error names the file and the operating
system's reason. A write killed between two renames is rolled back by the next write into the
same folder, from the journal it kept of what it was putting in place (build/journal.py);
temporaries a killed write left behind (files and folders) are removed then too. One build at
a time writes into a folder: it is held locked (`holding`, `locked`) for the whole build, and
write_files takes the same lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from ..errors import BuildError, Problem

#: Every temporary a build writes starts with this, and a build removes no other file.
PREFIX = ".briefgen-tmp-"


@dataclass
class _Staged:
    target: Path
    temporary: Path
    existed: bool = False  # a file of that name was there before
    backup: Path | None = None  # a hard link to the file it replaces, to put it back
    sha256: str = ""  # of the new content: what the journal checks before undoing


@dataclass
class _Tree:
    target: Path
    temporary: Path
    aside: Path  # where the folder it replaces goes until the write is done
    backup: Path | None = None  # `aside`, once the folder it replaces is there
    sha256: str = ""  # of the new folder's names and contents (journal.tree_sha)


#: A folder a write makes whole: where it goes, and what fills its temporary copy.
Tree = tuple[Path, Callable[[Path], None]]


def _temporary(folder: Path, tag: str) -> Path:
    return folder / f"{PREFIX}{secrets.token_hex(6)}-{tag}"


#: The longest file name, in bytes, that file systems take (NAME_MAX on Linux and macOS).
NAME_MAX = 255
#: The longest name, in bytes, of a file this writer can write: its temporary must fit too.
LONGEST_NAME = NAME_MAX - len(_temporary(Path(), "").name.encode())


def _create(path: Path, data: bytes) -> None:
    # 0o666 and O_CREAT: the kernel applies the umask, exactly as for a plain open()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def clean(folder: Path, tree: bool = True) -> None:
    """Remove the temporaries that a killed write left in a folder (and its sub-folders).

    Only names starting with PREFIX are briefgen's: any other file, whatever its name, is the
    user's and stays.
    """
    if not folder.is_dir():
        return
    for here, dirs, files in os.walk(folder):
        for name in [d for d in dirs if d.startswith(PREFIX)]:  # a folder being made whole
            if not Path(here, name).is_symlink():
                shutil.rmtree(Path(here, name), ignore_errors=True)
        dirs[:] = [
            d for d in dirs if tree and not d.startswith(PREFIX) and not Path(here, d).is_symlink()
        ]
        for name in files:
            if name.startswith(PREFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(here, name))


#: The folders this process holds locked: (device, inode) -> the thread lock and how deep.
_held: dict[tuple[int, int], tuple[threading.RLock, list[int]]] = {}
_held_guard = threading.Lock()


@contextlib.contextmanager
def locked(
    folder: Path,
    waiting: Callable[[], None] | None = None,
    shown: Callable[[Path], str] = str,
) -> Iterator[None]:
    """Hold an exclusive lock on an existing folder, so that one build at a time writes into it.

    Another process holding it (a second build of the same project): wait for it, calling
    waiting() first so the person knows why nothing happens. Re-entrant within a thread (a
    build holds its output folder from planning to the manifest, and write_files locks it
    again); other threads of this process wait as other processes do. The lock goes with the
    folder itself: if the folder was replaced meanwhile, the new one is locked instead.

    Once locked, a write into the folder that was killed midway is rolled back (journal.py)
    before anything reads the folder: a build plans, an import merges, from what was there
    before it.
    """
    while True:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            key = (info.st_dev, info.st_ino)
            with _held_guard:
                mine, depth = _held.setdefault(key, (threading.RLock(), [0]))
            with mine:
                if depth[0]:  # this thread holds it already
                    depth[0] += 1
                    try:
                        yield
                    finally:
                        depth[0] -= 1
                    return
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if waiting is not None:
                        waiting()
                    fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    now = os.stat(folder)
                except OSError:
                    now = None
                if now is None or (now.st_dev, now.st_ino) != key:
                    continue  # removed or replaced while we waited: lock what is there now
                depth[0] = 1
                try:
                    from . import journal

                    journal.recover(folder, shown)
                    yield
                finally:
                    depth[0] = 0
                return
        finally:
            os.close(fd)  # releases the flock


@contextlib.contextmanager
def holding(
    folder: Path, shown: Callable[[Path], str], waiting: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold a build's output folder locked for the whole build, from reading its manifest to
    writing the new one, making the folder first if need be (see locked).

    A second build of the same folder waits, then plans from what the first one wrote. A folder
    made here is removed again if the build fails (when nothing else was written into it).
    """
    created: list[Path] = []
    try:
        for missing in reversed([folder, *folder.parents]):
            if not missing.exists():
                _mkdir(missing, shown, created)
        with locked(folder, waiting, shown):
            yield
    except BaseException:
        for folder_made in reversed(created):
            with contextlib.suppress(OSError):
                folder_made.rmdir()
        raise


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM) back while files are renamed, then deliver it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous = {s: signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])


_UNCHANGED = "earlier files are unchanged"


def _remove(*paths: Path | None) -> None:
    for path in paths:
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink()


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def write_files(
    files: list[tuple[Path, bytes]],
    shown: Callable[[Path], str],
    folder: Path | None = None,
    trees: list[Tree] | None = None,
    keep_modes: bool = False,
) -> None:
    """Write files all together: to temporaries first, then renamed into place in order.

    trees: folders made whole, each filled in a temporary folder beside its place by its
    function and swapped in before the files are renamed (so the manifest still goes last).

    keep_modes: a file replaced keeps its permissions (a source a user made private stays so).

    `folder` (a build's output folder) is locked and cleaned of leftover temporaries, its
    sub-folders too; without it, the first file's folder is, but not its sub-folders. Raise
    BuildError naming the file and the OS reason; nothing is changed then.
    """
    if not files:
        return
    top = folder or files[0][0].parent
    created: list[Path] = []  # folders this write made, removed again on failure
    staged: list[_Staged] = []
    made: list[_Tree] = []
    try:
        for missing in reversed([top, *top.parents]):
            if not missing.exists():
                _mkdir(missing, shown, created)
        with locked(top, shown=shown):
            clean(top, tree=folder is not None)
            journal: Path | None = None

            def abandon() -> None:
                _remove(journal)  # what was renamed is put back: nothing left to undo
                for s in staged:
                    _remove(s.temporary, s.backup)
                for t in made:
                    shutil.rmtree(t.temporary, ignore_errors=True)

            try:
                # a Ctrl-C while staging is delivered once every temporary is listed, so that
                # the handler below removes them all
                with _interrupts_deferred():
                    for target, data in files:
                        staged.append(_stage(target, data, shown, created, keep_modes))
                    for target, fill in trees or []:
                        made.append(_stage_tree(target, fill, shown))
                    journal = _journal(top, staged, made, shown)
            except BaseException:
                abandon()
                raise
            # a Ctrl-C from the first rename on is delivered once the write is whole: the
            # folders swapped in, every file renamed, the journal and the backups removed
            with _interrupts_deferred():
                try:
                    _swap(made, shown)
                    try:
                        _commit(staged, shown)
                    except BaseException:
                        _unswap(made)
                        raise
                except BaseException:
                    abandon()
                    raise
                # the journal goes first: once it is gone the write is done, and the backups
                # are mere leftovers (removed the other way round, a kill between the two would
                # leave a journal that can remove the new files but not put the replaced ones
                # back)
                _remove(journal)
                for s in staged:
                    _remove(s.backup)
                for t in made:
                    if t.backup is not None:
                        shutil.rmtree(t.backup, ignore_errors=True)
    except BaseException:
        for folder_made in reversed(created):
            with contextlib.suppress(OSError):
                folder_made.rmdir()
        raise


def _mkdir(path: Path, shown: Callable[[Path], str], created: list[Path]) -> None:
    try:
        path.mkdir()
    except FileExistsError:
        if not path.is_dir():
            raise BuildError(
                Problem(shown(path), "cannot make this folder: a file of that name is in the way")
            ) from None
        return
    except OSError as err:
        raise BuildError(
            Problem(shown(path), f"cannot make this folder ({_reason(err)}); {_UNCHANGED}")
        ) from err
    created.append(path)


def _stage(
    target: Path,
    data: bytes,
    shown: Callable[[Path], str],
    created: list[Path],
    keep_mode: bool = False,
) -> _Staged:
    """Write one file's bytes to a temporary beside it, and link the file it will replace."""
    if not target.parent.is_dir():  # a collection's outputs are two folders down
        for missing in reversed([target.parent, *target.parent.parents]):
            if not missing.is_dir():
                _mkdir(missing, shown, created)
    if target.is_dir() and not target.is_symlink():
        raise BuildError(
            Problem(
                shown(target),
                f"cannot write: a folder of that name is in the way (remove it); {_UNCHANGED}",
            )
        )
    tmp = _temporary(target.parent, target.name)
    backup: Path | None = None
    sha256 = hashlib.sha256(data).hexdigest()
    try:  # a Ctrl-C at any point here leaves neither the temporary nor the link behind
        try:
            _create(tmp, data)
        except OSError as err:
            raise BuildError(
                Problem(shown(target), f"cannot write ({_reason(err)}); {_UNCHANGED}")
            ) from err
        item = _Staged(target, tmp, target.is_symlink() or target.exists(), sha256=sha256)
        if keep_mode and target.is_file():
            try:
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            except OSError as err:
                raise BuildError(
                    Problem(shown(target), f"cannot write ({_reason(err)}); {_UNCHANGED}")
                ) from err
        if target.is_file() and not target.is_symlink():
            backup = _temporary(target.parent, "old")
            try:
                os.link(target, backup)
                item.backup = backup
            except OSError:  # no hard links here: a failed rename cannot be undone, only reported
                backup = None
        return item
    except BaseException:
        _remove(tmp, backup)
        raise


def _commit(staged: list[_Staged], shown: Callable[[Path], str]) -> None:
    """Rename every temporary into place; on a failure put back what was replaced."""
    done: list[_Staged] = []
    with _interrupts_deferred():
        try:
            for s in staged:
                os.replace(s.temporary, s.target)
                done.append(s)
        except OSError as err:
            failed = staged[len(done)].target
            for s in reversed(done):
                with contextlib.suppress(OSError):
                    if s.backup is not None:
                        os.replace(s.backup, s.target)
                        s.backup = None
                    elif not s.existed:
                        s.target.unlink()
            raise BuildError(
                Problem(shown(failed), f"cannot write ({_reason(err)}); {_UNCHANGED}")
            ) from err


def _stage_tree(target: Path, fill: Callable[[Path], None], shown: Callable[[Path], str]) -> _Tree:
    """Make a temporary folder beside a folder to be replaced whole, and fill it."""
    if target.exists() and (target.is_symlink() or not target.is_dir()):
        raise BuildError(
            Problem(
                shown(target),
                f"cannot write: a file of that name is in the way (remove it); {_UNCHANGED}",
            )
        )
    tmp = _temporary(target.parent, target.name)
    try:
        tmp.mkdir()
    except OSError as err:
        raise BuildError(
            Problem(shown(target), f"cannot write ({_reason(err)}); {_UNCHANGED}")
        ) from err
    item = _Tree(target, tmp, _temporary(target.parent, "old"))
    try:
        fill(tmp)
        from .journal import tree_sha

        item.sha256 = tree_sha(tmp) or ""
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return item


def _journal(
    top: Path, staged: list[_Staged], made: list[_Tree], shown: Callable[[Path], str]
) -> Path:
    """Record what the write is about to put in place, so that the next write can undo it if
    this one is killed midway (journal.py); the journal is renamed into place whole."""
    from . import journal

    record = {
        "files": [
            journal.entry(top, s.target, s.temporary, s.backup, existed=s.existed, sha256=s.sha256)
            for s in staged
        ],
        "trees": [
            journal.entry(
                top, t.target, t.temporary, t.aside, existed=t.target.exists(), sha256=t.sha256
            )
            for t in made
        ],
    }
    path = top / journal.name()
    tmp = _temporary(top, "journal.json")
    try:
        _create(tmp, json.dumps(record, indent=1).encode("ascii"))
        os.replace(tmp, path)
    except OSError as err:
        _remove(tmp)
        raise BuildError(
            Problem(shown(path), f"cannot write ({_reason(err)}); {_UNCHANGED}")
        ) from err
    return path


def _swap(made: list[_Tree], shown: Callable[[Path], str]) -> None:
    """Put each new folder in place, the folder it replaces moved aside; undo all on failure."""
    done: list[_Tree] = []
    with _interrupts_deferred():
        try:
            for t in made:
                if t.target.exists():
                    t.backup = t.aside
                    os.replace(t.target, t.backup)
                os.replace(t.temporary, t.target)
                done.append(t)
        except OSError as err:
            failed = made[len(done)]
            if failed.backup is not None and not failed.target.exists():
                with contextlib.suppress(OSError):
                    os.replace(failed.backup, failed.target)
                failed.backup = None
            _unswap(done)
            raise BuildError(
                Problem(shown(failed.target), f"cannot write ({_reason(err)}); {_UNCHANGED}")
            ) from err


def _unswap(done: list[_Tree]) -> None:
    """Put back the folders that new ones replaced."""
    for t in reversed(done):
        with contextlib.suppress(OSError):
            shutil.rmtree(t.target)
            if t.backup is not None:
                os.replace(t.backup, t.target)
                t.backup = None
