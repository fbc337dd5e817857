"""The path rule for what `import` writes into sources/ and the capture file it reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen import paths
from briefgen.paths import OutsideSources, read_regular, writable


def test_writable_resolves_links_inside_and_refuses_links_out(tmp_path: Path) -> None:
    sources, outside = tmp_path / "sources", tmp_path / "outside"
    (sources / "drafts").mkdir(parents=True)
    outside.mkdir()
    (sources / "drafts" / "a.yaml").write_text("a", "utf-8")
    (sources / "a.yaml").symlink_to("drafts/a.yaml")
    (sources / "b.yaml").symlink_to(outside / "b.yaml")  # dangling, and outside
    (sources / "captures").symlink_to(outside)
    (sources / "folder.yaml").mkdir()
    assert writable(sources, "a.yaml") == (sources / "drafts" / "a.yaml").resolve()
    assert writable(sources, "new.yaml") == (sources / "new.yaml").resolve()
    for name in ("b.yaml", "captures/c.txt"):
        with pytest.raises(OutsideSources, match="leads outside the sources folder"):
            writable(sources, name)
    with pytest.raises(OutsideSources, match="is not a regular file"):
        writable(sources, "folder.yaml")


def test_read_regular_refuses_what_is_not_a_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OutsideSources, match="is not a regular file"):
        read_regular(tmp_path / "pipe", 100)  # at once: nothing waits for a writer
    with pytest.raises(OutsideSources, match="is a folder"):
        read_regular(tmp_path, 100)
    with pytest.raises(OutsideSources, match="is a file of the running system"):
        read_regular(Path("/proc/self/environ"), 100)
    # without the rule for /proc, the size rule still catches a pseudo-file
    monkeypatch.setattr(paths, "_SYSTEM", ())
    with pytest.raises(OutsideSources, match="where its size says 0"):
        read_regular(Path("/proc/self/environ"), 100)
    (tmp_path / "a.txt").write_bytes(b"words")
    assert read_regular(tmp_path / "a.txt", 100) == b"words"
    with open(tmp_path / "big.txt", "wb") as f:  # refused by its size, before it is read
        f.truncate(101)
    with pytest.raises(OutsideSources, match="is too large"):
        read_regular(tmp_path / "big.txt", 100)
