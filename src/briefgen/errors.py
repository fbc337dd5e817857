"""Errors a person can act on: each names the file, the place in it and what is wrong."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Characters that would break a message's one line or print as nothing: shown escaped.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    file: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = ": ".join(part for part in (where, self.path, self.message) if part)
        return _UNPRINTABLE.sub(lambda found: ascii(found.group())[1:-1], text)


class BriefgenError(Exception):
    """Base of every error the CLI reports in a line or two, without a traceback."""

    def __init__(self, *problems: Problem | str, outputs: Sequence[Any] = ()) -> None:
        self.problems = [p if isinstance(p, Problem) else Problem("", p) for p in problems]
        #: the outputs whose rendering failed, if a renderer failed (`build --json` lists them)
        self.outputs = list(outputs)
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceError(BriefgenError):
    """A source file is unreadable, malformed or inconsistent."""


class BuildError(BriefgenError):
    """Rendering or writing outputs failed."""


class UsageError(BriefgenError):
    """The command line names something that does not exist."""
