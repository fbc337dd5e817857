"""The edit loop's build: warm workers, and the edited text's edition written first.

`briefgen watch` keeps one pool of worker processes for as long as it runs. Each worker has
imported WeasyPrint and loaded the fonts once, so a save costs only the rendering it needs.
The pool is started again when briefgen's code or the installed fonts change (the workers are
fresh interpreters, so they load the code and fonts on disk), or when a worker died.

A save's build is staged. The input digests already say which outputs a save affects; of those,
the editions (each shows one text only) are written first, the HTML as soon as it is rendered
(milliseconds), then the PDF and DOCX; the rest (comparison, brief, notice, citations, pack)
follow. Every stage is its own all-or-nothing write with the manifest updated, so the manifest
always matches the files; a stage that fails (or a Ctrl-C) leaves the earlier stages' files
and everything else as they were, and no later stage is written.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import BuildError, Problem
from ..paths import check_out_dir
from ..render.context import Context
from .inputs import code_digest, fonts_digest, forget
from .pipeline import (
    Output,
    Summary,
    _as_given,
    _render_in_worker,
    _stop,
    not_made,
    plan,
    settle,
    triage,
    write,
)

_FAST = ("html", "akn")  # formats rendered in milliseconds: their stage is not held up by PDF


def stage_of(out: Output) -> int:
    """Return the stage an output is written in: an edition shows one text only, so it is first.

    0: editions in HTML (and AKN); 1: editions in PDF and DOCX; 2: every other output.
    """
    if out.kind != "edition":
        return 2
    return 0 if out.format in _FAST else 1


def stage_name(outs: list[Output]) -> str:
    """Name a stage for a person: "editions in PDF and DOCX", "the other outputs"."""
    if any(o.kind != "edition" for o in outs):
        return "the other outputs"
    formats = [f for f in ("html", "akn", "pdf", "docx") if any(o.format == f for o in outs)]
    return "editions in " + " and ".join(f.upper() for f in formats)


def _warm(ctx: Context) -> None:
    """Ready a worker: ignore Ctrl-C (the watcher stops its workers), render the example once.

    Rendering `briefgen new`'s example edition in every format imports WeasyPrint and what
    the PDF finishing needs, and loads the fonts, so the first save is as quick as the next.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    from ..scaffold import EXAMPLE
    from ..sources.load import load_all
    from .pipeline import render_one

    try:
        work = load_all(EXAMPLE / "sources", EXAMPLE)[0]
        first = (work.source.expressions[0].id,)
        for fmt in ("pdf", "docx", "html"):
            render_one(Output(work, "edition", first, fmt), ctx)
    except Exception:  # only a warm-up: a real build reports what is wrong
        pass
    settle()


def _end_with(watcher: int) -> None:
    """End this worker when the watch that started it is gone (killed without its workers)."""
    while os.getppid() == watcher:
        time.sleep(1)
    os._exit(0)


def _pid() -> int:
    return os.getpid()


class WarmPool:
    """A pool of worker processes kept across builds, started again when code or fonts change."""

    def __init__(self, jobs: int, ctx: Context) -> None:
        self.jobs = max(1, jobs)
        self.ctx = ctx  # the context the workers warm up with
        self._pool: ProcessPoolExecutor | None = None
        self._key: tuple[str, str] | None = None

    def get(self) -> ProcessPoolExecutor:
        """Return the pool, starting it (again) if briefgen's code or the fonts changed."""
        key = (code_digest(), fonts_digest())
        if self._pool is None or key != self._key:
            self.close()
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                # fresh interpreters: a restarted pool runs the code and sees the fonts on disk
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm,
                initargs=(self.ctx,),
            )
            self._key = key
            for _ in range(self.jobs):  # start every worker now, not at the first save
                self._pool.submit(_pid)
        return self._pool

    def pids(self) -> list[int]:
        """Return the process ids of the workers (for tests and reports)."""
        return sorted(getattr(self._pool, "_processes", None) or {})

    def close(self) -> None:
        """Let the workers finish and end."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None

    def stop(self) -> None:
        """End the workers at once (Ctrl-C, a dead worker); the next build starts new ones."""
        if self._pool is not None:
            _stop(self._pool)
        self._pool = None


@dataclass(frozen=True)
class Written:
    """One stage written: its outputs, and the manifest updated with them."""

    stage: str
    paths: list[str]
    manifest: Path


def staged_build(
    sources_dir: Path,
    out_dir: Path,
    root: Path,
    formats: list[str],
    pool: WarmPool,
    works: list[str] | None = None,
    kinds: set[str] | None = None,
    ctx: Context | None = None,
    progress: Callable[[int, Output | None], None] | None = None,
    written: Callable[[Written], None] | None = None,
) -> Summary:
    """Build what is stale in the warm pool, writing each stage as soon as it is rendered.

    Like build.build, but the edited texts' editions reach the disk before the rest.
    written(stage) is called after each stage's write.
    """
    from ..sources.load import load_all

    check_out_dir(out_dir, sources_dir, root)
    forget()
    code_digest.cache_clear()  # the workers run the code on disk: digest that code
    declarations = load_all(sources_dir, root, works)
    outputs = plan(declarations, formats, kinds)
    ctx = ctx or Context(root / "templates")
    todo = triage(outputs, out_dir, ctx)
    if progress:
        progress(len(todo.stale), None)
    stages = [[o for o in todo.stale if stage_of(o) == n] for n in range(3)]
    stages = [outs for outs in stages if outs]
    manifest = out_dir / "manifest.json"
    shown: Callable[[Path], str] = lambda p: _as_given(p, root)  # noqa: E731
    if not todo.stale:  # nothing to render: the manifest is still written, as a build does
        manifest = write(todo, {}, out_dir, sources_dir, shown)
    rendered = _render_staged(stages, ctx, pool, progress)
    try:
        for outs in stages:
            data = rendered.wait_for(outs)
            manifest = write(replace(todo, stale=outs), data, out_dir, sources_dir, shown)
            if written:
                written(Written(stage_name(outs), [o.path for o in outs], manifest))
    except Exception:  # a failed stage: drop what is queued, keep the workers
        rendered.close()
        raise
    except BaseException:  # Ctrl-C between two stages too: end the workers now
        rendered.stopped = True
        pool.stop()
        raise
    return Summary(
        [o.path for o in todo.stale],
        len(todo.fresh),
        manifest,
        not_made(declarations, kinds, formats),
    )


class _Renderings:
    """Outputs submitted to the pool in stage order, collected as they finish."""

    def __init__(
        self,
        futures: dict[Future[tuple[str, bytes | None, str | None]], Output],
        pool: WarmPool,
        progress: Callable[[int, Output | None], None] | None,
        total: int,
    ) -> None:
        self.pending = futures
        self.pool = pool
        self.progress = progress
        self.total = total
        self.done: dict[str, bytes] = {}
        self.errors: dict[str, str] = {}
        self.stopped = False

    def wait_for(self, outs: list[Output]) -> dict[str, bytes]:
        """Wait for these outputs to be rendered; raise BuildError if any failed."""
        wanted = {o.path for o in outs}
        try:
            while wanted - self.done.keys() - self.errors.keys():
                finished, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
                for future in finished:
                    out = self.pending.pop(future)
                    path, data, error = future.result()
                    if error is not None:
                        self.errors[path] = error
                    else:
                        assert data is not None
                        self.done[path] = data
                        if self.progress:
                            self.progress(self.total, out)
        except BrokenProcessPool as err:  # a worker died (killed, out of memory)
            self.stopped = True
            self.pool.stop()
            raise BuildError(
                Problem("briefgen", f"a worker process ended unexpectedly ({err}); try again")
            ) from err
        except BaseException:  # Ctrl-C: stop the renderers now rather than let them finish
            self.stopped = True
            self.pool.stop()
            raise
        failed = sorted({self.errors[p] for p in wanted if p in self.errors})
        if failed:
            raise BuildError(*failed)
        return {o.path: self.done[o.path] for o in outs}

    def close(self) -> None:
        """Drop what is still queued (after a failed stage); what runs finishes in the pool."""
        if self.stopped:  # the workers are gone: the pool fails what was queued by itself
            return
        for future in self.pending:
            future.cancel()


def _render_staged(
    stages: list[list[Output]],
    ctx: Context,
    pool: WarmPool,
    progress: Callable[[int, Output | None], None] | None,
) -> _Renderings:
    """Submit every stale output to the pool: earlier stages first, the costliest first within."""
    executor = pool.get()
    futures = {}
    total = sum(len(outs) for outs in stages)
    for outs in stages:
        for out in sorted(outs, key=lambda o: -o.cost):
            futures[executor.submit(_render_in_worker, out, ctx)] = out
    return _Renderings(futures, pool, progress, total)
