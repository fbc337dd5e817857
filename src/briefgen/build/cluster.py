"""The Dask executor: a build's outputs rendered on a Dask distributed cluster.

The same tasks as the local pool (executors.render_one over one Output), submitted to a
`distributed.Client`. A worker gets the checked model of the work (its captures' bytes
included) and the renderers' context with absolute paths: it reads the project's templates
folder and reference DOCX by the same path as this machine, so a worker needs the project
folder there (a shared or synced file system) and briefgen installed. Only bytes come back:
the writer, the manifest and every check stay on the machine that writes the output folder.

A worker whose briefgen code, fonts or templates differ from this machine's would make other
bytes than its digests say, so every worker compares its own with this machine's once per
build (before its first output), and a difference fails the build naming the worker and what
differs.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import BriefgenError, BuildError, Problem, UsageError
from ..outputs import Output
from ..render.context import Context
from . import inputs
from .executors import Done, Renderings, raise_failed, render_one, settle

#: How long to wait for the scheduler to answer, and for a first worker to join it.
CONNECT_SECONDS = 10.0

_render_lock = threading.Lock()  # WeasyPrint renders one document at a time per process
_fingerprints: dict[str, dict[str, str]] = {}  # build token -> this worker's fingerprint


def fingerprint(templates_dir: Path) -> dict[str, str]:
    """Return what every output's bytes depend on besides its work: code, fonts, templates."""
    return {
        "briefgen": __version__,
        "code": inputs.code_digest(),
        "fonts": inputs.fonts_digest(),
        "templates": inputs.templates_digest(templates_dir),
    }


_NAMES = {"briefgen": "briefgen version", "code": "briefgen code", "fonts": "installed fonts"}


def _worker_fingerprint(token: str, ctx: Context) -> dict[str, str]:
    """This worker's fingerprint for a build, taken afresh at the build's first task."""
    if token not in _fingerprints:
        inputs.forget()  # templates, fonts, catalogues may have changed since the last build
        from ..render.pdf.layout import forget_fonts

        forget_fonts()
        _fingerprints.clear()
        _fingerprints[token] = fingerprint(ctx.templates_dir)
    return _fingerprints[token]


def render_task(
    token: str, expected: dict[str, str], out: Output, ctx: Context
) -> tuple[str, bytes | None, tuple[Problem, ...] | None]:
    """Render one output on a worker: (path, bytes, None), or (path, None, the error)."""
    with _render_lock:
        try:
            mine = _worker_fingerprint(token, ctx)
            differs = [k for k in expected if mine.get(k) != expected[k]]
            if differs:
                what = ", ".join(_NAMES.get(k, f"{k} ({ctx.templates_dir})") for k in differs)
                problem = Problem(_here(), f"{what} differ from the building machine's")
                return out.path, None, (problem,)
            return out.path, render_one(out, ctx), None
        except BriefgenError as err:
            return out.path, None, tuple(err.problems)
        finally:
            settle()


def _here() -> str:
    try:
        from distributed import get_worker

        return f"dask worker {get_worker().address}"
    except ValueError:
        return "dask worker"


def absolute(ctx: Context) -> Context:
    """Return the context with absolute paths, as a worker started elsewhere must read them."""
    reference = ctx.reference_docx.absolute() if ctx.reference_docx else None
    return replace(ctx, templates_dir=ctx.templates_dir.absolute(), reference_docx=reference)


@dataclass
class DaskExecutor:
    """Renders on the workers of a Dask scheduler (see `connect`)."""

    client: Any  # a distributed.Client (distributed is not typed)
    address: str
    staged = False  # one write, all or nothing, as a local build

    def start(self, stages: list[list[Output]], ctx: Context, done: Done) -> Renderings:
        """Submit every output to the cluster, the costliest first."""
        ctx = absolute(ctx)
        token = secrets.token_hex(8)
        expected = fingerprint(ctx.templates_dir)
        pending: dict[Any, Output] = {}
        try:
            return self._submit(stages, ctx, token, expected, pending, done)
        except BriefgenError:
            raise
        except Exception as err:  # the scheduler went away since we connected
            with contextlib.suppress(Exception):
                self.client.cancel(list(pending))
            raise BuildError(
                Problem(f"--scheduler {self.address}", f"cannot submit ({_reason(err)})")
            ) from err

    def _submit(
        self,
        stages: list[list[Output]],
        ctx: Context,
        token: str,
        expected: dict[str, str],
        pending: dict[Any, Output],
        done: Done,
    ) -> Renderings:
        for n, outs in enumerate(stages):
            for out in outs:
                future = self.client.submit(
                    render_task,
                    token,
                    expected,
                    out,
                    ctx,
                    key=f"briefgen-{token}-{out.path}",
                    pure=False,
                    priority=(len(stages) - n) * 1000 + out.cost,
                )
                pending[future] = out
        return _Remote(self, pending, done)


class _Remote:
    """Outputs rendered on the cluster, collected as they finish."""

    def __init__(self, executor: DaskExecutor, pending: dict[Any, Output], done: Done) -> None:
        import distributed

        as_completed: Any = distributed.as_completed
        self.executor = executor
        self.pending = pending
        self.done = done
        self.finished: Iterator[Any] = iter(as_completed(list(pending), loop=executor.client.loop))
        self.rendered: dict[str, bytes] = {}
        self.errors: dict[str, tuple[Problem, ...]] = {}

    def wait_for(self, outs: list[Output]) -> dict[str, bytes]:
        wanted = {o.path for o in outs}
        try:
            while wanted - self.rendered.keys() - self.errors.keys():
                future = next(self.finished)
                out = self.pending.pop(future)
                path, data, error = future.result()
                del future  # the bytes are here now: the cluster may drop them
                if error is not None:
                    self.errors[path] = error
                else:
                    assert data is not None
                    self.rendered[path] = data
                    if self.done:
                        self.done(out)
        except BriefgenError:
            raise
        except Exception as err:  # a worker lost too often, the scheduler gone
            self.close()
            where = f"--scheduler {self.executor.address}"
            raise BuildError(
                Problem(where, f"the Dask cluster failed to render ({_reason(err)}); try again")
            ) from err
        except BaseException:
            self.close()
            raise
        raise_failed(outs, self.errors)
        return {o.path: self.rendered[o.path] for o in outs}

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.executor.client.cancel(list(self.pending))
        self.pending.clear()

    def stop(self) -> None:
        self.close()

    def finish(self) -> None:
        self.close()


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0]}" if text else type(err).__name__


def _knock(address: str, timeout: float) -> None:
    """Fail at once where a TCP scheduler refuses the connection (the client would retry)."""
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port

    scheme, location = parse_address(address)
    if scheme == "tcp":
        host, port = parse_host_port(location, 8786)
        with socket.create_connection((host, port), timeout=timeout):
            pass


@contextlib.contextmanager
def connect(address: str, timeout: float = CONNECT_SECONDS) -> Iterator[DaskExecutor]:
    """Connect to a Dask scheduler with at least one worker; close the client afterwards.

    An unreachable scheduler, or one without workers, is a one-line UsageError.
    """
    where = f"--scheduler {address}"
    try:
        import distributed
    except ImportError:
        raise UsageError(
            Problem(where, "the Dask executor needs dask.distributed: pip install 'briefgen[dask]'")
        ) from None
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its retries are noise; the one line below says it all
    client: Any = None
    try:
        try:
            _knock(address, timeout)
            make: Any = distributed.Client
            client = make(address, timeout=timeout, set_as_default=False)
        except (OSError, ValueError, TypeError) as err:
            raise UsageError(
                Problem(where, f"cannot reach the Dask scheduler ({_reason(err)})")
            ) from err
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as err:
            raise UsageError(
                Problem(where, f"no Dask worker joined the scheduler within {timeout:g} s")
            ) from err
        yield DaskExecutor(client, address)
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        quiet.setLevel(level)
