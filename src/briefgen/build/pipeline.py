"""Plan the outputs, render what is stale in memory, then write atomically with a manifest.

A build reads and checks every source first, renders every stale output (in parallel
processes when asked), and only then writes, each file through a temporary file renamed into
place. The manifest records each output's input digest, so the next build skips what has not
changed; a missing or damaged manifest means a full rebuild.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..documents import citation
from ..errors import BriefgenError, BuildError, Problem
from ..model.declaration import Declaration
from ..paths import check_out_dir, check_output
from ..render import FORMATS, Context, renderers
from .inputs import digest, forget
from .outputs import RECORD_EXTENSIONS, filename
from .writer import write_files

MANIFEST = "manifest.json"
#: Rough relative cost of rendering each kind of output, to start the longest first.
_COST = {"pack": 50, "comparison": 12, "edition": 8, "brief": 6, "notice": 2, "citation": 0}


@dataclass(frozen=True)
class Output:
    """One file a build makes."""

    work: Declaration
    kind: str
    expressions: tuple[str, ...]
    format: str

    @property
    def path(self) -> str:
        """Return the path relative to the output folder."""
        return f"{self.work.id}/{filename(self.kind, self.expressions, self.format)}"

    @property
    def cost(self) -> int:
        return _COST.get(self.kind, 5) * (2 if self.format == "pdf" else 1)


def plan(
    works: Iterable[Declaration], formats: Iterable[str], kinds: set[str] | None = None
) -> list[Output]:
    """Return every output to build (of the kinds named, if any), in a stable order."""
    chosen = [f for f in FORMATS if f in set(formats)]
    outputs = []
    for w in works:
        ids = tuple(e.id for e in w.source.expressions)
        outputs += [Output(w, "edition", (e,), f) for e in ids for f in chosen]
        if len(ids) > 1:
            outputs += [Output(w, "comparison", ids, f) for f in chosen]
        if w.brief is not None:
            outputs += [Output(w, "brief", ids, f) for f in chosen]
        outputs += [Output(w, "citation", ids, f) for f in RECORD_EXTENSIONS]
        if w.releases():  # a corrected work: say what changed
            outputs += [Output(w, "notice", ids, f) for f in chosen]
        if "pdf" in chosen or kinds == {"pack"}:
            outputs.append(Output(w, "pack", ids, "pdf"))
        if "docx" in chosen:
            outputs.append(Output(w, "pack", ids, "docx"))
    return [o for o in outputs if kinds is None or o.kind in kinds]


def not_made(works: Iterable[Declaration], kinds: set[str] | None) -> list[str]:
    """Return why a kind asked for by name makes no file for a work, one note per work and kind."""

    def why(kind: str, w: Declaration) -> str | None:
        if kind == "comparison" and len(w.source.expressions) < 2:
            return "it has one text, so there is nothing to compare"
        if kind == "brief" and w.brief is None:
            return "it has no brief (*.brief.yaml)"
        if kind == "notice" and not w.releases():
            return "it has no corrections"
        return None

    return [
        f"note: no {kind} of {w.id}: {reason}"
        for w in works
        for kind in sorted(kinds or ())
        if (reason := why(kind, w))
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
    options = {"build_date": ctx.build_date.isoformat() if ctx.build_date else None}
    paged = {**options, "paper": ctx.paper}  # the page size: PDF and DOCX (screen HTML has none)
    reference = ctx.reference_docx
    word = {**paged, "reference_docx": _file_sha(reference) if reference else None}
    by_format = {"docx": word, "pdf": paged}
    digests = {
        o.path: digest(
            o.work,
            o.kind,
            o.expressions,
            o.format,
            ctx.templates_dir,
            by_format.get(o.format, options),
        )
        for o in outputs
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


def render_one(out: Output, ctx: Context) -> bytes:
    """Render one output in memory."""
    try:
        if out.kind == "citation":
            return citation.render(out.work, out.format, list(out.expressions)).encode("utf-8")
        draw = getattr(renderers()[out.format], out.kind)
        data: bytes = draw(out.work, out.expressions, ctx)
        return data
    except BriefgenError:
        raise
    except jinja2.TemplateError as err:  # the template's fault, not the source's
        raise BuildError(template_problem(err, out.path)) from err
    except Exception as err:  # a renderer failing must not leave half a build behind
        raise BuildError(Problem(out.work.path, f"rendering {out.path} failed: {err}")) from err


def template_problem(err: jinja2.TemplateError, output: str) -> Problem:
    """Locate a template error in its template file (and line), for a person to fix it."""
    from ..sources.load import display

    name, line = getattr(err, "filename", None), getattr(err, "lineno", None)
    if name is None:  # an error while rendering: the innermost template frame says where
        tb = err.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".j2"):
                name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    if isinstance(err, jinja2.TemplateNotFound):
        return Problem("templates", f"template not found: {err.name} (needed for {output})")
    where = display(Path(name), Path.cwd()) if name else "templates"
    message = err.message or type(err).__name__
    return Problem(where, f"template error: {message} (while rendering {output})", line=line)


_settled = False


def settle() -> None:
    """Once a process has rendered its first output, take what it keeps out of the collector's way.

    WeasyPrint's first output leaves ~100,000 objects that live as long as the process (its
    modules, stylesheets, font and text caches). Every full collection of the cyclic garbage
    collector walks them again, about twice per work: 7% of the CPU of a `--jobs 1` build of
    40 works. `gc.freeze()` after the first output moves them out of its reach (half the time
    spent collecting, measured on 10 works); later outputs' garbage is collected as before.
    Only once: objects frozen are never collected, so a cycle that became garbage would leak.
    """
    global _settled
    if not _settled:
        gc.collect()
        gc.freeze()
        _settled = True


def _render_in_worker(out: Output, ctx: Context) -> tuple[str, bytes | None, str | None]:
    # Errors cross the process boundary as text: BriefgenError keeps its one-line message.
    try:
        return out.path, render_one(out, ctx), None
    except BriefgenError as err:
        return out.path, None, str(err)
    finally:
        settle()


def render(
    outputs: list[Output],
    ctx: Context,
    jobs: int = 1,
    progress: Callable[[Output], None] | None = None,
) -> dict[str, bytes]:
    """Render outputs in memory, in up to `jobs` processes; nothing is written here."""
    rendered: dict[str, bytes] = {}
    if outputs:  # a long-lived process (briefgen watch) must see fonts installed meanwhile
        from ..render.pdf.renderer import forget_fonts

        forget_fonts()
    if jobs <= 1 or len(outputs) <= 1:
        for out in outputs:
            rendered[out.path] = render_one(out, ctx)
            settle()
            if progress:
                progress(out)
        return rendered
    by_path = {o.path: o for o in outputs}
    errors: list[str] = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(outputs))) as pool:
        futures = [
            pool.submit(_render_in_worker, o, ctx) for o in sorted(outputs, key=lambda o: -o.cost)
        ]
        try:
            for future in as_completed(futures):
                path, data, error = future.result()
                if error is not None:
                    errors.append(error)
                    continue
                assert data is not None
                rendered[path] = data
                if progress:
                    progress(by_path[path])
        except BaseException:  # Ctrl-C: stop the renderers now rather than let them finish
            _stop(pool)
            raise
    if errors:
        raise BuildError(*sorted(set(errors)))
    return {o.path: rendered[o.path] for o in outputs}


def read_manifest(out_dir: Path) -> list[dict[str, Any]]:
    """Return the entries of an existing manifest, or none if it is missing or damaged."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        entries = data["outputs"]
        return [e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def manifest_entry(out: Output, data: bytes, inputs: str) -> dict[str, Any]:
    """Return the manifest record of one output."""
    edition = out.work.edition(out.expressions[0] if out.kind == "edition" else None)
    return {
        "path": out.path,
        "work": out.work.id,
        "kind": out.kind,
        "expressions": list(out.expressions),
        "format": out.format,
        "sha256": hashlib.sha256(data).hexdigest(),
        "edition": edition.version,
        "inputs": inputs,
    }


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers at once; nothing they rendered has been written."""
    workers = list(getattr(pool, "_processes", None) or {})  # no public way to reach them
    # A task being fed to a worker that is killed would block its feeder thread on a full
    # pipe, and the pool's shutdown (and so the exit) would wait for that thread forever.
    calls = getattr(pool, "_call_queue", None)
    if calls is not None:
        calls.cancel_join_thread()
    # Not cancel_futures: Python 3.11's pool, finding its workers gone, sets an error on every
    # waiting task and fails with a traceback on one that was cancelled. Failed, they are moot.
    pool.shutdown(wait=False)
    for pid in workers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


def write(
    plan_: Plan,
    rendered: dict[str, bytes],
    out_dir: Path,
    sources_dir: Path,
    shown: Callable[[Path], str] = str,
) -> Path:
    """Write rendered outputs and the manifest, all or nothing; return the manifest path."""
    fresh = {
        o.path: manifest_entry(o, rendered[o.path], plan_.digests[o.path]) for o in plan_.stale
    }
    fresh.update(plan_.kept)
    kept = [
        e
        for e in read_manifest(out_dir)
        if e["path"] not in fresh and (out_dir / e["path"]).is_file()
    ]
    entries = sorted(kept + list(fresh.values()), key=lambda e: str(e["path"]))
    manifest = out_dir / MANIFEST
    text = json.dumps({"outputs": entries}, indent=2, ensure_ascii=False) + "\n"
    files = [(out_dir / o.path, rendered[o.path]) for o in plan_.stale]
    files.append((manifest, text.encode("utf-8")))  # renamed into place last
    for path, _ in files:
        check_output(path, sources_dir, shown(path))
    write_files(files, shown, folder=out_dir)
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


def build(
    sources_dir: Path,
    out_dir: Path,
    root: Path,
    formats: list[str],
    works: list[str] | None = None,
    kinds: set[str] | None = None,
    force: bool = False,
    jobs: int = 1,
    ctx: Context | None = None,
    progress: Callable[[int, Output | None], None] | None = None,
) -> Summary:
    """Check the sources, render what is stale, write it; raise BriefgenError on any problem.

    progress(total, None) is called once with the number of outputs to render, then
    progress(total, output) as each is rendered.
    """
    from ..sources.load import load_all

    check_out_dir(out_dir, sources_dir, root)
    forget()  # templates and fonts may have changed since the last build of this process
    declarations = load_all(sources_dir, root, works)
    outputs = plan(declarations, formats, kinds)
    if ctx is None:
        ctx = Context(root / "templates")
    todo = triage(outputs, out_dir, ctx, force)
    total = len(todo.stale)
    if progress:
        progress(total, None)
    rendered = render(todo.stale, ctx, jobs, (lambda o: progress(total, o)) if progress else None)
    manifest = write(todo, rendered, out_dir, sources_dir, lambda p: _as_given(p, root))
    notes = not_made(declarations, kinds)
    return Summary([o.path for o in todo.stale], len(todo.fresh), manifest, notes)
