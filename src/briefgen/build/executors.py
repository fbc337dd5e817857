"""Where a build's outputs are rendered: in this process, in a one-shot pool, or in a warm pool.

A build (pipeline.build) hands its stale outputs, in stages, to an executor and waits for each
stage in turn. Two executors:

- OneShot, `briefgen build`'s: with one job (or one output) it renders in this process;
  otherwise in a pool of worker processes that ends with the build.
- WarmPool, `briefgen watch`'s: one pool of workers kept for as long as the watch runs. Each
  worker has imported WeasyPrint and loaded the fonts once, so a save costs only the rendering
  it needs. The pool is started again when briefgen's code or the installed fonts change (the
  workers are fresh interpreters, so they load the code and fonts on disk), or when a worker
  died. Its builds are staged (see pipeline.build): the edited text's edition is written first.

Either way, outputs are rendered in memory; nothing here writes a file.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

import jinja2

from ..errors import BriefgenError, BuildError, Problem
from ..outputs import OUTPUTS, Output
from ..render.context import Context
from .inputs import code_digest, fonts_digest

#: Called with each output as soon as it is rendered (a progress bar).
Done = Callable[[Output], None] | None


def render_one(out: Output, ctx: Context) -> bytes:
    """Render one output in memory, with the function the outputs table names for it."""
    try:
        return out.spec.render(out.work, out.expressions, ctx)
    except BriefgenError as err:
        err.outputs = err.outputs or [out]
        raise
    except jinja2.TemplateError as err:  # the template's fault, not the source's
        raise BuildError(template_problem(err, out.path), outputs=[out]) from err
    except Exception as err:  # a renderer failing must not leave half a build behind
        problem = Problem(out.work.path, f"rendering {out.path} failed: {err}")
        raise BuildError(problem, outputs=[out]) from err


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


#: The build a worker last rendered for (see _render_in_worker).
_last_build: str | None = None


def _render_in_worker(
    out: Output, ctx: Context, build: str
) -> tuple[str, bytes | None, tuple[Problem, ...] | None]:
    # Errors cross the process boundary as their problems (plain data), not as the exception.
    global _last_build
    if build != _last_build:  # a warm worker's next build: read the message catalogues anew,
        from .. import i18n  # as the building process does (a project's may have changed)

        i18n.forget()
        _last_build = build
    try:
        return out.path, render_one(out, ctx), None
    except BriefgenError as err:
        return out.path, None, tuple(err.problems)
    finally:
        settle()


class Renderings(Protocol):
    """A build's outputs being rendered, handed over stage by stage as they are done."""

    def wait_for(self, outs: list[Output]) -> dict[str, bytes]:
        """Return these outputs rendered, by path; raise BuildError if any failed."""
        ...

    def close(self) -> None:
        """Drop what is still queued (a stage failed); what runs may finish."""
        ...

    def stop(self) -> None:
        """End the rendering now (Ctrl-C); nothing rendered is written."""
        ...

    def finish(self) -> None:
        """The build is over: release what it used."""
        ...


class Executor(Protocol):
    """Renders a build's stale outputs."""

    #: Whether its builds write stage by stage (see pipeline.build) or all at once.
    staged: bool

    def start(self, stages: list[list[Output]], ctx: Context, done: Done) -> Renderings:
        """Start rendering every output, the earlier stages first."""
        ...


class _InProcess:
    """Outputs rendered in this process, in order, as each stage is waited for."""

    def __init__(self, ctx: Context, done: Done) -> None:
        self.ctx = ctx
        self.done = done

    def wait_for(self, outs: list[Output]) -> dict[str, bytes]:
        rendered = {}
        for out in outs:
            rendered[out.path] = render_one(out, self.ctx)
            settle()
            if self.done:
                self.done(out)
        return rendered

    def close(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def finish(self) -> None:
        pass


class _Pooled:
    """Outputs submitted to a pool of workers, collected as they finish."""

    def __init__(
        self,
        pool: ProcessPoolExecutor,
        stages: list[list[Output]],
        ctx: Context,
        done: Done,
        stop: Callable[[], None],
        finish: Callable[[], None],
    ) -> None:
        build = secrets.token_hex(8)  # tells a warm worker that a new build began
        # the earlier stages first, and within a stage the costliest first
        self.pending: dict[Future[tuple[str, bytes | None, tuple[Problem, ...] | None]], Output] = {
            pool.submit(_render_in_worker, out, ctx, build): out
            for outs in stages
            for out in sorted(outs, key=lambda o: -o.cost)
        }
        self.done = done
        self._stop = stop
        self._finish = finish
        self.rendered: dict[str, bytes] = {}
        self.errors: dict[str, tuple[Problem, ...]] = {}
        self.stopped = False

    def wait_for(self, outs: list[Output]) -> dict[str, bytes]:
        wanted = {o.path for o in outs}
        try:
            while wanted - self.rendered.keys() - self.errors.keys():
                finished, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
                for future in finished:
                    out = self.pending.pop(future)
                    path, data, error = future.result()
                    if error is not None:
                        self.errors[path] = error
                    else:
                        assert data is not None
                        self.rendered[path] = data
                        if self.done:
                            self.done(out)
        except BrokenProcessPool as err:  # a worker died (killed, out of memory)
            self.stop()
            raise BuildError(
                Problem("briefgen", f"a worker process ended unexpectedly ({err}); try again")
            ) from err
        except BaseException:  # Ctrl-C: stop the renderers now rather than let them finish
            self.stop()
            raise
        raise_failed(outs, self.errors)
        return {o.path: self.rendered[o.path] for o in outs}

    def close(self) -> None:
        if self.stopped:  # the workers are gone: the pool fails what was queued by itself
            return
        for future in self.pending:
            future.cancel()

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self._stop()

    def finish(self) -> None:
        self._finish()


def stop_pool(pool: ProcessPoolExecutor) -> None:
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


class OneShot:
    """`briefgen build`'s executor: this process, or a pool of `jobs` workers for one build."""

    staged = False  # one write, all or nothing

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def start(self, stages: list[list[Output]], ctx: Context, done: Done) -> Renderings:
        """Start rendering: in this process with one job or one output, else in a new pool."""
        count = sum(len(outs) for outs in stages)
        if count:  # a long-lived process (a test, a library user) must see fonts installed since
            from ..render.pdf.layout import forget_fonts

            forget_fonts()
        if self.jobs <= 1 or count <= 1:
            return _InProcess(ctx, done)
        spawn = multiprocessing.get_context("spawn")  # no fork while a progress thread runs
        pool = ProcessPoolExecutor(
            max_workers=min(self.jobs, count),
            mp_context=spawn,
            initializer=bind_to_parent,
            initargs=_parent(),
        )
        return _Pooled(pool, stages, ctx, done, lambda: stop_pool(pool), pool.shutdown)


#: How often a worker looks whether the process that started it is still there, in seconds.
POLL = 0.2

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _parent() -> tuple[int, bool]:
    """Return what a new pool's workers are bound to: this process, and whether the kernel may
    end them with it (see bind_to_parent)."""
    return os.getpid(), threading.current_thread() is threading.main_thread()


def bind_to_parent(parent: int, with_thread: bool) -> None:
    """End this worker as soon as the process that started it is gone (even killed with -9).

    A worker left behind holds its memory (~140 MB) and the build's half-done work for nothing.
    On Linux the kernel kills the worker the moment its parent ends (PR_SET_PDEATHSIG). The
    kernel means the parent's *thread* that started the worker, so this is asked only when that
    thread is the main one (with_thread: the pool's workers are started by the thread that
    submits to it, which for a build and a watch is the main thread). Everywhere, a thread also
    looks every POLL seconds whether the parent changed (this process was handed to another),
    and ends the worker then.
    """
    if with_thread and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the kernel was asked
        os._exit(0)
    threading.Thread(target=_end_with, args=(parent,), name="briefgen-parent", daemon=True).start()


def _end_with(parent: int) -> None:
    """End this worker when the process that started it is gone."""
    while os.getppid() == parent:
        time.sleep(POLL)
    os._exit(0)


def _warm(ctx: Context, example: Path | None, parent: tuple[int, bool]) -> None:
    """Ready a worker: end with the watch, ignore Ctrl-C (the watcher stops its workers), and
    render an example once.

    Rendering the example project's first edition in every format imports WeasyPrint and what
    the PDF finishing needs, and loads the fonts, so the first save is as quick as the next.
    """
    bind_to_parent(*parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if example is not None:
        from ..sources.load import load_all

        try:
            work = load_all(example / "sources", example)[0]
            first = (work.source.expressions[0].id,)
            for spec in OUTPUTS.values():
                if spec.kind.per_expression and not spec.format.record:
                    render_one(Output(work, spec.kind.name, first, spec.format.name), ctx)
        except Exception:  # only a warm-up: a real build reports what is wrong
            pass
    settle()


def _pid() -> int:
    return os.getpid()


class WarmPool:
    """`briefgen watch`'s executor: workers kept across builds, restarted when code or fonts change.

    example: a project whose first edition each new worker renders once, to warm up.
    """

    staged = True  # the edited text's edition is on disk in milliseconds, the rest after

    def __init__(self, jobs: int, ctx: Context, example: Path | None = None) -> None:
        self.jobs = max(1, jobs)
        self.ctx = ctx  # the context the workers warm up with
        self.example = example
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
                initargs=(self.ctx, self.example, _parent()),
            )
            self._key = key
            for _ in range(self.jobs):  # start every worker now, not at the first save
                self._pool.submit(_pid)
        return self._pool

    def start(self, stages: list[list[Output]], ctx: Context, done: Done) -> Renderings:
        """Start rendering every output in the warm workers."""
        return _Pooled(self.get(), stages, ctx, done, self.stop, lambda: None)

    def close(self) -> None:
        """Let the workers finish and end."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None

    def stop(self) -> None:
        """End the workers at once (Ctrl-C, a dead worker); the next build starts new ones."""
        if self._pool is not None:
            stop_pool(self._pool)
        self._pool = None


def raise_failed(outs: list[Output], errors: Mapping[str, tuple[Problem, ...]]) -> None:
    """Raise BuildError with the problems of the outputs that failed, if any did."""
    failed = [o for o in outs if o.path in errors]
    problems = {str(p): p for o in failed for p in errors[o.path]}
    if problems:
        raise BuildError(*[problems[k] for k in sorted(problems)], outputs=failed)
