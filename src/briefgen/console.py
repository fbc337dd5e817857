"""What a command prints, at the level asked for: -q only errors, -v more, --json one document.

Results and progress go to stdout, errors to stderr. With --json, stdout holds one JSON
document and nothing else: the command's result, or on failure `{"ok": false, "errors": …}`
with what the command knows so far (the errors are still printed on stderr as usual).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import typer

from .errors import Problem

#: The version of every --json shape: it changes only when a field changes meaning or goes.
JSON_VERSION = 1


class Level(IntEnum):
    """How much a command prints besides its errors."""

    quiet = 0
    normal = 1
    verbose = 2


@dataclass
class Console:
    """The output settings of the command running now."""

    level: Level = Level.normal
    json: bool = False
    #: The --json document printed on failure, before its "errors" are added.
    failure: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str) -> None:
        """Print a line of the command's usual output (not with -q or --json)."""
        if self.level >= Level.normal and not self.json:
            typer.echo(text)

    def detail(self, text: str) -> None:
        """Print a line only -v asks for."""
        if self.level >= Level.verbose and not self.json:
            typer.echo(text)

    def document(self, shape: dict[str, Any]) -> None:
        """Print the --json document: the version first, then the shape."""
        typer.echo(json.dumps({"version": JSON_VERSION, **shape}, ensure_ascii=False, indent=2))

    def failed(self, problems: list[Problem]) -> None:
        """Print the --json document of a failure, if --json was asked for."""
        if self.json:
            self.document({"ok": False, **self.failure, "errors": [as_json(p) for p in problems]})


#: The one console of this process; each command sets it from its options.
console = Console()


def set_up(quiet: bool = False, verbose: bool = False, json: bool = False, **failure: Any) -> None:
    """Set the console for a command: -q, -v, --json and its failure document's fields."""
    console.json = json
    console.failure = failure
    console.level = Level.quiet if quiet else Level.verbose if verbose else Level.normal
    if quiet and verbose:
        from .errors import UsageError

        raise UsageError("--quiet and --verbose: choose one")


def reset() -> None:
    """Return the console to its defaults (before each command of a process)."""
    set_up()


def as_json(problem: Problem) -> dict[str, Any]:
    """Return a problem as --json prints it: file, line, column, field and message."""
    return {
        "file": problem.file or None,
        "line": problem.line,
        "column": problem.column,
        "field": problem.path or None,
        "message": problem.message,
    }
