"""Progress of a build: a bar on a terminal, plain lines anywhere else (CI, pipes, logs)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Report = Callable[[int, "str | None"], None]


@contextmanager
def reporter() -> Iterator[Report]:
    """Yield report(total, path): called with path None to start, then once per output."""
    if not sys.stdout.isatty():

        def plain(total: int, path: str | None) -> None:
            if path is not None:
                print(f"rendered {path}", flush=True)

        yield plain
        return

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=False
    ) as bar:
        task = bar.add_task("rendering", total=None)

        def fancy(total: int, path: str | None) -> None:
            if path is None:
                bar.update(task, total=total)
            else:
                bar.update(task, advance=1, description=f"rendered {path}")

        yield fancy


@contextmanager
def silent() -> Iterator[Report]:
    """Yield a report that prints nothing (-q, --json)."""
    yield lambda total, path: None
