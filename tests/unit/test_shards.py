"""Shards: a stable share of the works per shard, and a merge that checks before it writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefgen.build import pipeline
from briefgen.build.shards import Shard, merge, parse_shard, shard_of
from briefgen.errors import BriefgenError
from briefgen.render.context import Context
from briefgen.sources.load import load_all
from tests.support.files import snapshot
from tests.support.synthetic import make_corpus, work_id

FORMATS = ["html"]


def test_a_work_s_shard_depends_on_its_id_alone() -> None:
    ids = [work_id(n) for n in range(1000)]
    shards = {i: shard_of(i, 4) for i in ids}
    # the same in any order, with any other works: nothing but the id is hashed
    assert {i: shard_of(i, 4) for i in reversed(ids)} == shards
    assert shard_of("shanghai-declaration-2024", 4) == 3  # pinned: CI matrices rely on it
    assert shard_of("shanghai-declaration-2024", 1) == 1
    counts = [list(shards.values()).count(n) for n in (1, 2, 3, 4)]
    assert all(220 <= c <= 280 for c in counts), counts  # about a quarter each
    assert all(Shard(shards[i], 4).holds(i) for i in ids)


@pytest.mark.parametrize("value", ["0/4", "5/4", "2", "a/b", "2/0", "-1/4"])
def test_a_shard_outside_one_to_n_is_refused(value: str) -> None:
    with pytest.raises(BriefgenError) as err:
        parse_shard(value)
    assert str(err.value) == (f"--shard '{value}': shard I of N as I/N, 1 ≤ I ≤ N (e.g. 2/4)")


def _project(tmp_path: Path, works: int = 5) -> Path:
    root = tmp_path / "project"
    make_corpus(root, works, paragraphs=(2, 5), words=(6, 12))
    return root


def _build(root: Path, out: str, shard: Shard | None = None) -> Path:
    pipeline.build(
        root / "sources", root / out, root, FORMATS, ctx=Context(root / "templates"), shard=shard
    )
    return root / out


def _shards(root: Path, count: int = 3) -> list[Path]:
    return [_build(root, f"shard-{i}", Shard(i, count)) for i in range(1, count + 1)]


def _merge(root: Path, folders: list[Path], into: str = "merged") -> Path:
    works = load_all(root / "sources", root)
    merge(folders, root / into, works, Context(root / "templates"), root, root / "sources")
    return root / into


def test_shards_merged_equal_one_build(tmp_path: Path) -> None:
    root = _project(tmp_path)
    whole = snapshot(_build(root, "build"))
    folders = _shards(root)
    record = json.loads((folders[0] / "manifest.json").read_text("utf-8"))["shard"]
    assert (record["index"], record["count"]) == (1, 3)
    assert record["works"] == [work_id(n) for n in range(5)]
    held = {p.split("/")[0] for f in folders for p in snapshot(f) if "/" in p}
    assert held == set(record["works"])
    merged = _merge(root, folders)
    assert snapshot(merged) == whole  # every file and the manifest, byte for byte
    again = pipeline.build(root / "sources", merged, root, FORMATS, ctx=Context(root / "templates"))
    assert again.rendered == []


def _error(root: Path, folders: list[Path]) -> str:
    with pytest.raises(BriefgenError) as err:
        _merge(root, folders)
    assert not (root / "merged").exists()  # nothing written
    return str(err.value)


def test_a_missing_or_repeated_shard_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    one, two, three = _shards(root)
    assert _error(root, [one, three]) == (
        "briefgen merge: shard(s) 2 of 3 missing: give every shard's folder"
    )
    assert _error(root, [one, two, three, two]).endswith(
        "shard-2: shard 2/3 given twice (also " + str(two) + ")"
    )


def test_a_changed_output_or_other_sources_are_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    folders = _shards(root)
    page = next(p for p in sorted(folders[1].rglob("*.html")))
    page.write_bytes(page.read_bytes() + b" ")
    assert _error(root, folders) == (f"{page}: changed since its shard was built (its sha256)")
    shutil.rmtree(folders[1])
    folders = _shards(root)
    make_corpus(root, 6, paragraphs=(2, 5), words=(6, 12))  # a work added since
    assert _error(root, folders) == (
        f"{folders[0]}: shard.works: the shards were built from other sources "
        "(their works are not these)"
    )


def test_a_plain_build_is_not_a_shard(tmp_path: Path) -> None:
    root = _project(tmp_path, 2)
    plain = _build(root, "build")
    assert _error(root, [plain]) == (
        f"{plain}/manifest.json: shard: no shard record: not made by `build --shard I/N`"
    )


def test_shards_built_with_other_options_are_refused(tmp_path: Path) -> None:
    root = _project(tmp_path, 3)
    one = _build(root, "shard-1", Shard(1, 2))
    pipeline.build(
        root / "sources",
        root / "shard-2",
        root,
        FORMATS,
        ctx=Context(root / "templates", lang="fr"),
        shard=Shard(2, 2),
    )
    assert _error(root, [one, root / "shard-2"]) == (
        f"{root / 'shard-2'}: shard.options: shard 2/2 was built with other options than "
        f"shard 1/2 ({one})"
    )
