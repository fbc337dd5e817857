"""Builds split into shards (`build --shard I/N`) and merged again (`briefgen merge`).

A work belongs to shard I of N by a hash of its id alone, so adding, removing or reordering
other works never moves it. A shard build renders its works' outputs only and records in its
manifest what the merge needs to check it: the shard, every work of the sources, the formats,
kinds and options, and what every output's bytes depend on (briefgen's code, the fonts, the
templates). `merge` checks the shards against each other and against the sources and this
machine, then copies their outputs through the one writer and writes the manifest one build on
this machine would write, so that a later plain `build` finds everything unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BuildError, Problem, UsageError
from ..model.declaration import Declaration
from ..outputs import Output
from ..paths import check_out_dir, check_output
from ..render.context import Context
from .inputs import digest, options
from .writer import holding, write_files

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Shard:
    """Shard `index` (from 1) of `count`."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, work_id: str) -> bool:
        """Whether a work belongs to this shard."""
        return shard_of(work_id, self.count) == self.index


def shard_of(work_id: str, count: int) -> int:
    """Return the shard (from 1) of a work: a hash of its id, whatever the other works."""
    number = int.from_bytes(hashlib.sha256(work_id.encode("utf-8")).digest()[:8], "big")
    return number % count + 1


def parse_shard(value: str) -> Shard:
    """Read --shard I/N (1 ≤ I ≤ N); anything else is a one-line UsageError."""
    found = re.fullmatch(r"\s*([0-9]+)\s*/\s*([0-9]+)\s*", value)
    if found is None or not 1 <= int(found[1]) <= int(found[2]):
        raise UsageError(f"--shard '{value}': shard I of N as I/N, 1 ≤ I ≤ N (e.g. 2/4)")
    return Shard(int(found[1]), int(found[2]))


def record(
    shard: Shard,
    works: list[Declaration],
    formats: list[str],
    kinds: set[str] | None,
    pair: tuple[str, ...] | None,
    ctx: Context,
) -> dict[str, Any]:
    """Return what a shard's manifest records besides its outputs (works: every work)."""
    from .cluster import fingerprint

    return {
        "index": shard.index,
        "count": shard.count,
        "works": sorted(w.id for w in works),
        "formats": list(formats),
        "kinds": sorted(kinds) if kinds is not None else None,
        "pair": list(pair) if pair is not None else None,
        "options": options(ctx),
        **fingerprint(ctx.templates_dir),
    }


#: What each fingerprint field of a shard record is, for messages.
_MADE_WITH = {
    "briefgen": "briefgen version",
    "code": "briefgen code",
    "fonts": "installed fonts",
    "templates": "templates",
}
#: What every shard of one build must record the same.
_SAME = ("count", "works", "formats", "kinds", "pair", "options", *_MADE_WITH)


@dataclass(frozen=True)
class Merged:
    """What a merge wrote."""

    copied: int
    manifest: Path


def _read(folder: Path, shown: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except OSError as err:
        raise UsageError(
            Problem(shown, f"no {MANIFEST} here ({err.strerror}): not a shard build")
        ) from None
    except ValueError:
        raise UsageError(Problem(f"{shown}/{MANIFEST}", "not valid JSON")) from None
    shard = data.get("shard") if isinstance(data, dict) else None
    entries = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(shard, dict) or not isinstance(entries, list):
        raise UsageError(
            Problem(
                f"{shown}/{MANIFEST}",
                "no shard record: not made by `build --shard I/N`",
                "shard",
            )
        )
    return shard, [e for e in entries if isinstance(e, dict)]


def merge(
    folders: list[Path],
    into: Path,
    works: list[Declaration],
    ctx: Context,
    root: Path,
    sources_dir: Path,
    shown: Any = str,
) -> Merged:
    """Check shard builds and write their outputs and one manifest into `into`, all or nothing."""
    from .cluster import fingerprint
    from .pipeline import plan, read_manifest

    check_out_dir(into, sources_dir, root)
    shards = [(folder, *_read(folder, shown(folder))) for folder in folders]
    first_folder, first, _ = shards[0]
    count = first.get("count")
    if not isinstance(count, int) or count < 1:
        raise BuildError(Problem(shown(first_folder), "a damaged shard record", "shard.count"))
    problems: list[Problem] = []
    for folder, rec, _ in shards[1:]:
        for key in _SAME:
            if rec.get(key) != first.get(key):
                problems.append(
                    Problem(
                        shown(folder),
                        f"shard {rec.get('index')}/{rec.get('count')} was built with other "
                        f"{_MADE_WITH.get(key, key)} than shard {first.get('index')}/{count} "
                        f"({shown(first_folder)})",
                        f"shard.{key}",
                    )
                )
    if problems:
        raise BuildError(*problems)
    here = fingerprint(ctx.templates_dir)
    for key, what in _MADE_WITH.items():
        if first.get(key) != here[key]:
            raise BuildError(
                Problem(
                    shown(first_folder),
                    f"the shards were built with other {what} than this machine has; "
                    "merge where they were built alike",
                    f"shard.{key}",
                )
            )
    ids = sorted(w.id for w in works)
    if first.get("works") != ids:
        raise BuildError(
            Problem(
                shown(first_folder),
                "the shards were built from other sources (their works are not these)",
                "shard.works",
            )
        )
    seen: dict[int, Path] = {}
    for folder, rec, _ in shards:
        index = rec.get("index")
        if not isinstance(index, int) or not 1 <= index <= count:
            raise BuildError(Problem(shown(folder), "a damaged shard record", "shard.index"))
        if index in seen:
            raise BuildError(
                Problem(
                    shown(folder),
                    f"shard {index}/{count} given twice (also {shown(seen[index])})",
                )
            )
        seen[index] = folder
    missing = [str(i) for i in range(1, count + 1) if i not in seen]
    if missing:
        raise BuildError(
            Problem(
                "briefgen merge",
                f"shard(s) {', '.join(missing)} of {count} missing: give every shard's folder",
            )
        )
    kinds = set(first["kinds"]) if first.get("kinds") is not None else None
    pair = tuple(first["pair"]) if first.get("pair") is not None else None
    values = first["options"]
    outputs = plan(works, first["formats"], kinds, pair)
    files: list[tuple[Path, bytes]] = []
    entries: list[dict[str, Any]] = []
    by_shard = {
        rec["index"]: (folder, {e.get("path"): e for e in listed}) for folder, rec, listed in shards
    }
    for out in outputs:
        index = shard_of(out.work.id, count)
        folder, listed = by_shard[index]
        entry = listed.pop(out.path, None)
        data = _checked(out, entry, folder, index, count, ctx, values, shown)
        assert entry is not None  # _checked refuses an output its shard lacks
        files.append((into / out.path, data))
        entries.append(entry)
    for index, (folder, listed) in sorted(by_shard.items()):
        for path in listed:
            raise BuildError(
                Problem(
                    shown(folder),
                    f"shard {index}/{count} holds {path}, which is not one of its outputs",
                )
            )
    from .pipeline import build

    # like a build, the folder is held from reading its manifest to writing the new one
    with holding(into, shown):
        planned = {o.path for o in outputs}
        entries += [  # what `into` held besides, as a build keeps it
            e
            for e in read_manifest(into)
            if e["path"] not in planned and (into / e["path"]).is_file()
        ]
        entries.sort(key=lambda e: str(e["path"]))
        text = json.dumps({"outputs": entries}, indent=2, ensure_ascii=False) + "\n"
        manifest = into / MANIFEST
        files.append((manifest, text.encode("utf-8")))
        for path, _ in files:
            check_output(path, sources_dir, shown(path))
        write_files(files, shown, folder=into)
        # What spans the works (the collections' outputs, the catalogue and its index, the works'
        # facts in the manifest) is made here, as the last stage of one build makes it: every
        # work's output is fresh now, so only those are rendered.
        build(sources_dir, into, root, first["formats"], kinds=kinds, ctx=ctx, pair=pair)
    return Merged(len(files) - 1, manifest)


def _checked(
    out: Output,
    entry: dict[str, Any] | None,
    folder: Path,
    index: int,
    count: int,
    ctx: Context,
    values: Any,
    shown: Any,
) -> bytes:
    """Return an output's bytes from its shard, once its entry, digest and file are checked."""
    where = shown(folder)
    if entry is None:
        raise BuildError(
            Problem(where, f"shard {index}/{count} lacks {out.path} (build that shard again)")
        )
    expected = digest(out.work, out.spec, out.expressions, ctx.templates_dir, values)
    if entry.get("inputs") != expected:
        raise BuildError(
            Problem(
                where,
                f"{out.path} was built from other inputs than these sources "
                f"(build shard {index}/{count} again)",
            )
        )
    try:
        data = (folder / out.path).read_bytes()
    except OSError as err:
        raise BuildError(
            Problem(shown(folder / out.path), f"cannot read ({err.strerror})")
        ) from None
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise BuildError(
            Problem(shown(folder / out.path), "changed since its shard was built (its sha256)")
        )
    return data
