"""Plan the outputs, render what is stale in memory, then write atomically with a manifest.

A build reads and checks every source first, renders every stale output (through an executor:
in this process, in parallel processes, or in `watch`'s warm workers), and only then writes,
each file through a temporary file renamed into place. The manifest records each output's
input digest, so the next build skips what has not changed; a missing or damaged manifest
means a full rebuild. The output folder is held locked from reading the manifest to writing the
new one, so a second build of the same folder waits and then plans from what the first wrote.

A staged build (`watch`'s) writes in stages instead of all at once. The input digests already
say which outputs a save affects; of those, what shows one text only (the editions) is written
first, in the quick formats (HTML) as soon as it is rendered, then in the others (PDF, DOCX);
the rest (comparison, brief, notice, citations, pack) follow. Every stage is its own
all-or-nothing write with the manifest updated, so the manifest always matches the files; a
stage that fails (or a Ctrl-C) leaves the earlier stages' files and everything else as they
were, and no later stage is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model.corpus import Corpus
from ..model.declaration import Declaration
from ..outputs import FORMATS, KINDS, Output, formats_of
from ..paths import check_out_dir, check_output
from ..render.context import Context
from . import journal, shards
from .executors import Executor, OneShot
from .inputs import digest, forget, options
from .shards import Shard
from .writer import holding, write_files

MANIFEST = "manifest.json"


def plan(
    works: Iterable[Declaration],
    formats: Iterable[str],
    kinds: set[str] | None = None,
    pair: tuple[str, ...] | None = None,
    corpora: Iterable[Corpus] = (),
) -> list[Output]:
    """Return every output to build (of the kinds named, if any), in a stable order: each
    work's, then each collection's.

    pair: the expressions the comparison compares, in order (default: every one); a work
    without one of them is an error.
    """
    chosen = set(formats)
    outputs = []
    for w in works:
        ids = tuple(e.id for e in w.source.expressions)
        compared = ids if pair is None else _pair_of(w, ids, pair)
        for kind in KINDS:
            if kind.collection or (kinds is not None and kind.name not in kinds):
                continue
            if kind.missing(w):
                continue
            many = compared if kind.name == "comparison" else ids
            shown = [(e,) for e in ids] if kind.per_expression else [many]
            rows = formats_of(kind, chosen, kinds)
            outputs += [Output(w, kind.name, e, s.format.name) for e in shown for s in rows]
    for c in corpora:
        for kind in KINDS:
            if kind.collection and (kinds is None or kind.name in kinds):
                outputs += [
                    Output(c, kind.name, (), s.format.name) for s in formats_of(kind, chosen, kinds)
                ]
    return outputs


def _pair_of(w: Declaration, ids: tuple[str, ...], pair: tuple[str, ...]) -> tuple[str, ...]:
    for e in pair:
        if e not in ids:
            raise UsageError(
                f"--pair {','.join(pair)}: {w.id} has no expression '{e}' "
                f"(expressions: {', '.join(ids)})"
            )
    return pair


def not_made(
    works: Iterable[Declaration],
    kinds: set[str] | None,
    formats: Iterable[str] = (),
    corpora: Iterable[Corpus] | None = (),
) -> list[str]:
    """Return why a kind asked for by name makes no file for a work, one note per work and kind,
    a note for each kind named that is made in a format not chosen (see formats_of), and one
    for a collection's kind named when there is no collection to make it of (corpora None:
    the build named its works, so it makes no collection's outputs)."""
    works = list(works)
    held = list(corpora) if corpora is not None else None
    chosen = set(formats)
    notes = []
    for kind in sorted(KINDS, key=lambda k: k.name):
        if kinds is None or kind.name not in kinds:
            continue
        has = [f.name for f in FORMATS if kind.name in f.makes and not f.record]
        if kind.collection:
            if held is None:
                notes.append(
                    f"note: no {kind.name}: a build of named works (--work) makes no "
                    "collection's outputs"
                )
            elif not held:
                notes.append(f"note: no {kind.name}: the project has no collection")
            elif has and not chosen & set(has):
                asked = " or ".join(f.name.upper() for f in FORMATS if f.name in chosen)
                notes.append(
                    f"note: {kind.name} made in {has[0].upper()}: there is no {kind.name} in "
                    f"{asked} (only in {' and '.join(f.upper() for f in has)})"
                )
            continue
        if has and not chosen & set(has) and any(kind.missing(w) is None for w in works):
            asked = " or ".join(f.name.upper() for f in FORMATS if f.name in chosen)
            notes.append(
                f"note: {kind.name} made in {has[0].upper()}: there is no {kind.name} in {asked}"
                f" (only in {' and '.join(f.upper() for f in has)})"
            )
    return notes + [
        f"note: no {kind.name} of {w.id}: {reason}"
        for w in works
        for kind in sorted(KINDS, key=lambda k: k.name)
        if not kind.collection
        and kinds is not None
        and kind.name in kinds
        and (reason := kind.missing(w))
    ]


@dataclass
class Plan:
    """What a build will do: outputs to render, and those unchanged since the last build."""

    stale: list[Output]
    fresh: list[Output]
    digests: dict[str, str]
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)  # manifest entries kept


def triage(outputs: list[Output], out_dir: Path, ctx: Context, force: bool = False) -> Plan:
    """Split outputs into stale (to render) and fresh (their file and inputs are unchanged)."""
    values = options(ctx)
    digests = {
        o.path: digest(o.work, o.spec, o.expressions, ctx.templates_dir, values) for o in outputs
    }
    previous = {e["path"]: e for e in read_manifest(out_dir)}
    result = Plan([], [], digests)
    for o in outputs:
        entry = previous.get(o.path)
        if (
            not force
            and entry is not None
            and entry.get("inputs") == digests[o.path]
            and _file_sha(out_dir / o.path) == entry.get("sha256")
        ):
            result.fresh.append(o)
            result.kept[o.path] = entry
        else:
            result.stale.append(o)
    return result


def _file_sha(path: Path) -> str | None:
    if not path.is_file():  # a folder or a pipe in the way is never read, only reported
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_manifest(out_dir: Path) -> list[dict[str, Any]]:
    """Return the entries of an existing manifest, or none if it is missing or damaged."""
    entries = _manifest(out_dir).get("outputs")
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)]


def _manifest(out_dir: Path) -> dict[str, Any]:
    """Return an existing manifest, or an empty one if it is missing or damaged."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def manifest_entry(out: Output, data: bytes, inputs: str) -> dict[str, Any]:
    """Return the manifest record of one output (a collection's names its collection, not a
    work, and has no edition of its own)."""
    if isinstance(out.work, Corpus):
        return {
            "path": out.path,
            "collection": out.work.id,
            "kind": out.kind,
            "expressions": [],
            "format": out.format,
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "inputs": inputs,
        }
    one_text = out.spec.kind.per_expression  # the edition of the one text it shows
    edition = out.work.edition(out.expressions[0] if one_text else None)
    return {
        "path": out.path,
        "work": out.work.id,
        "kind": out.kind,
        "expressions": list(out.expressions),
        "format": out.format,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "edition": edition.version,
        "inputs": inputs,
    }


def write(
    plan_: Plan,
    rendered: dict[str, bytes],
    out_dir: Path,
    sources_dir: Path,
    shown: Callable[[Path], str] = str,
    works: Iterable[Declaration] = (),
    site: tuple[Context, set[str], bool] | None = None,
    corpora: Iterable[Corpus] = (),
    shard: dict[str, Any] | None = None,
) -> Path:
    """Write rendered outputs and the manifest, all or nothing; return the manifest path.

    works, corpora: the works and collections built, whose facts the manifest keeps for the
    catalogue (an earlier build's facts are kept for the others still in the folder).
    site: the context, the formats of the build and whether it is forced (--force: made even
    if unchanged), when it writes the outputs of the whole folder too (the catalogue and its
    search index, build/catalogue.py): in the same write.
    shard: a shard build's record (shards.record); its manifest then lists its outputs only.
    """
    from .catalogue import collection_facts, facts
    from .catalogue import site as site_outputs

    fresh = {
        o.path: manifest_entry(o, rendered[o.path], plan_.digests[o.path]) for o in plan_.stale
    }
    fresh.update(plan_.kept)
    kept = [
        e
        for e in read_manifest(out_dir)
        if e["path"] not in fresh and (out_dir / e["path"]).is_file() and shard is None
    ]
    entries = sorted(kept + list(fresh.values()), key=lambda e: str(e["path"]))
    previous = _manifest(out_dir)
    in_folder = {str(e.get("work")) for e in entries}
    held = {str(e.get("collection")) for e in entries}
    known = {**_section(previous, "works"), **{w.id: facts(w) for w in works}}
    known_c = {**_section(previous, "collections"), **{c.id: collection_facts(c) for c in corpora}}
    data: dict[str, Any] = {
        **({"shard": shard} if shard is not None else {}),
        "outputs": entries,
        "works": {k: v for k, v in sorted(known.items()) if k in in_folder},
        "collections": {k: v for k, v in sorted(known_c.items()) if k in held},
    }
    files = [(out_dir / o.path, rendered[o.path]) for o in plan_.stale]
    trees = []
    if site is not None:
        made = site_outputs(
            entries,
            data["works"],
            data["collections"],
            out_dir,
            rendered,
            *site,
            _section(previous, "site"),
        )
        files += made.files
        trees = made.trees
        if made.record:
            data["site"] = made.record
    elif "site" in previous:  # an earlier stage of a staged build: the last one makes it
        data["site"] = previous["site"]
    manifest = out_dir / MANIFEST
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    files.append((manifest, text.encode("utf-8")))  # renamed into place last
    for path, _ in files:
        check_output(path, sources_dir, shown(path))
    for path, _ in trees:
        check_output(path, sources_dir, shown(path))
    write_files(files, shown, folder=out_dir, trees=trees)
    return manifest


def _as_given(path: Path, root: Path) -> str:
    """Name an output as the command line gave it (symlinks not followed), for messages."""
    if path.is_absolute() and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return path.as_posix()


@dataclass(frozen=True)
class Summary:
    """What a build did."""

    rendered: list[str]
    unchanged: int
    manifest: Path
    notes: list[str] = field(default_factory=list)  # why a kind asked for made no file
    written: list[Output] = field(default_factory=list)  # the outputs rendered, as `rendered`
    fresh: list[Output] = field(default_factory=list)  # the outputs left unchanged


@dataclass(frozen=True)
class Written:
    """One stage of a staged build written: its outputs, and the manifest updated with them."""

    stage: str
    paths: list[str]
    manifest: Path


def stages(outputs: list[Output]) -> list[list[Output]]:
    """Split a staged build's outputs into its stages, in the order they are written."""
    split = [[o for o in outputs if o.spec.stage == n] for n in range(3)]
    return [outs for outs in split if outs]


def stage_name(outs: list[Output]) -> str:
    """Name a stage for a person: "editions in PDF and DOCX", "the other outputs"."""
    if any(not o.spec.kind.per_expression for o in outs):
        return "the other outputs"
    ordered = sorted(FORMATS, key=lambda f: not f.quick)  # in the order they are written
    formats = [f.name.upper() for f in ordered if any(o.format == f.name for o in outs)]
    return f"{outs[0].kind}s in " + " and ".join(formats)


def build(
    sources_dir: Path,
    out_dir: Path,
    root: Path,
    formats: list[str],
    works: list[str] | None = None,
    kinds: set[str] | None = None,
    force: bool = False,
    executor: Executor | None = None,
    ctx: Context | None = None,
    progress: Callable[[int, Output | None], None] | None = None,
    written: Callable[[Written], None] | None = None,
    pair: tuple[str, ...] | None = None,
    shard: Shard | None = None,
    waiting: Callable[[], None] | None = None,
) -> Summary:
    """Check the sources, render what is stale, write it; raise BriefgenError on any problem.

    The executor renders (default: in this process); if it is staged (`watch`'s warm pool),
    each stage is written as soon as it is rendered, and written(stage) is called after each.
    progress(total, None) is called once with the number of outputs to render, then
    progress(total, output) as each is rendered.
    shard: build only the works of this shard (every source is still read and checked), and
    record the shard in the manifest for `merge` (see shards.py).
    waiting: called if another build holds the output folder (this one waits for it).
    """
    from ..model.corpus import corpora as corpora_of
    from ..sources.collections import load_collections
    from ..sources.load import load_all

    check_out_dir(out_dir, sources_dir, root)
    forget()  # templates, fonts and code may have changed since the last build of this process
    declarations = load_all(sources_dir, root, works)
    # a collection needs all its works: a build of named works makes no collection's outputs,
    # and neither does a shard (a plain build after `merge` makes them, and the catalogue)
    collections = None if works is not None else load_collections(sources_dir, root, declarations)
    held = (
        None if collections is None or shard is not None else corpora_of(collections, declarations)
    )
    executor = executor or OneShot()
    ctx = ctx or Context(root / "templates")
    # what the build makes: its pages link to one another's formats (outputs.alternates)
    ctx = replace(
        ctx, formats=tuple(formats), kinds=tuple(sorted(kinds)) if kinds is not None else None
    )
    record = None
    if shard is not None:
        record = shards.record(shard, declarations, formats, kinds, pair, ctx)
        declarations = [w for w in declarations if shard.holds(w.id)]
    outputs = plan(declarations, formats, kinds, pair, held or ())
    shown: Callable[[Path], str] = lambda p: _as_given(p, root)  # noqa: E731
    # Planned from the manifest and written under one lock: a second build of this folder
    # waits, then plans from what this one wrote, so the manifest always matches the files.
    with holding(out_dir, shown, waiting):
        todo = triage(outputs, out_dir, ctx, force)
        total = len(todo.stale)
        if progress:
            progress(total, None)
        steps = stages(todo.stale) if executor.staged else [todo.stale] if todo.stale else []
        manifest = out_dir / MANIFEST
        chosen = set(formats)
        if not steps:  # nothing to render: the manifest is still written
            site = (ctx, chosen, force) if record is None else None
            manifest = write(
                todo, {}, out_dir, sources_dir, shown, declarations, site, held or (), record
            )
        done = (lambda o: progress(total, o)) if progress else None
        rendering = executor.start(steps, ctx, done)
        try:
            for n, outs in enumerate(steps):
                data = rendering.wait_for(outs)
                last = n == len(steps) - 1  # the catalogue lists the folder once all is in it
                site = (ctx, chosen, force) if last and record is None else None
                manifest = write(
                    replace(todo, stale=outs),
                    data,
                    out_dir,
                    sources_dir,
                    shown,
                    declarations,
                    site,
                    held or (),
                    record,
                )
                if written and executor.staged:
                    written(Written(stage_name(outs), [o.path for o in outs], manifest))
        except Exception:  # a failed stage: drop what is queued (a warm pool keeps its workers)
            rendering.close()
            raise
        except BaseException:  # Ctrl-C, between two stages too: end the workers now
            rendering.stop()
            raise
        finally:
            rendering.finish()
    notes = not_made(declarations, kinds, formats, held)
    if journal.pending(sources_dir):  # built from sources an import will undo: say so
        notes.insert(0, f"note: {shown(sources_dir)}: {journal.PENDING}")
    return Summary(
        [o.path for o in todo.stale], len(todo.fresh), manifest, notes, todo.stale, todo.fresh
    )
