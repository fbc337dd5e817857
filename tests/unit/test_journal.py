"""The writer's journal rolls back a write killed at any rename, folders swapped in included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.build.writer import PREFIX, write_files
from tests.support.files import snapshot

#: A write of a folder made whole (like the search index) and a file replaced, killed right
#: after its Nth os.replace (the journal's own, the old folder moved aside, the new one swapped
#: in, the file renamed into place).
_KILLED = """
import os, signal, sys
from pathlib import Path
from briefgen.build.writer import write_files
after, real, count = int(sys.argv[1]), os.replace, [0]
def replace(src, dst, *args, **kwargs):
    real(src, dst, *args, **kwargs)
    count[0] += 1
    if count[0] == after:
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
top = Path(sys.argv[2])
def fill(folder):
    (folder / "new.txt").write_text("the new index")
write_files([(top / "page.html", b"new page")], str, folder=top, trees=[(top / "index", fill)])
"""


def _old(top: Path) -> dict[str, object]:
    (top / "index").mkdir(parents=True)
    (top / "index" / "old.txt").write_text("the old index")
    (top / "page.html").write_bytes(b"old page")
    return snapshot(top)


@pytest.mark.parametrize("after", [1, 2, 3, 4])
def test_a_write_killed_at_any_rename_is_rolled_back(tmp_path: Path, after: int) -> None:
    top = tmp_path / "out"
    before = _old(top)
    killed = subprocess.run([sys.executable, "-c", _KILLED, str(after), str(top)], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert any(n.startswith(f"{PREFIX}journal-") for n in os.listdir(top))

    write_files([(top / "other.html", b"another write")], str, folder=top)
    assert snapshot(top) == {**before, "other.html": b"another write"}


def test_a_folder_changed_after_the_kill_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "out"
    _old(top)
    subprocess.run([sys.executable, "-c", _KILLED, "3", str(top)], check=False)
    (top / "index" / "mine.txt").write_text("added by hand")

    write_files([(top / "other.html", b"another write")], str, folder=top)
    assert sorted(p.name for p in (top / "index").iterdir()) == ["mine.txt", "new.txt"]
    assert (top / "page.html").read_bytes() == b"old page"  # never renamed: nothing to undo
    assert capsys.readouterr().err == (
        f"warning: {top / 'index'}: changed since an interrupted write put it there, "
        "so that write was left as it is\n"
    )
    assert not [n for n in os.listdir(top) if n.startswith(PREFIX)]


@pytest.mark.parametrize("at", [2, 3, 4])
def test_a_ctrl_c_during_the_renames_waits_until_the_write_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    # A Ctrl-C held back while the files were renamed was delivered before the folder swapped in
    # was kept: the old search index came back beside the new files (and the manifest that
    # names the new one). Now it is delivered once everything is in place.
    top = tmp_path / "out"
    _old(top)
    real, count = os.replace, [0]

    def replace(src: str | Path, dst: str | Path) -> None:
        real(src, dst)
        count[0] += 1
        if count[0] == at:  # the old folder moved aside, the new one in, the file renamed
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace)

    def fill(folder: Path) -> None:
        (folder / "new.txt").write_text("the new index")

    with pytest.raises(KeyboardInterrupt):
        write_files(
            [(top / "page.html", b"new page")], str, folder=top, trees=[(top / "index", fill)]
        )
    assert snapshot(top) == {
        "index": "folder",
        "index/new.txt": b"the new index",
        "page.html": b"new page",
    }
