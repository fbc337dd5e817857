"""The project file, briefgen.toml: a project's defaults, found from the current folder up.

Every key is optional; a key briefgen does not know is an error naming the file and line.
Paths in the file are relative to the folder that holds it, so `briefgen build` works the same
in any subfolder of a project. Options given on the command line override the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BriefgenError, Problem
from .outputs import FORMAT_NAMES

FILENAME = "briefgen.toml"
#: The formats a project (and --format) may choose: each of the outputs table's, or all.
FORMAT_CHOICES = (*FORMAT_NAMES, "all")
PAPERS = ("a4", "letter")
#: Where a build renders: this machine's processes, or a Dask cluster's workers.
EXECUTORS = ("local", "dask")
#: A language code as --lang and the project's lang take it: "fr", "zh-Hans", "pt-BR".
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


class ProjectError(BriefgenError):
    """briefgen.toml is malformed or sets something briefgen does not know."""


@dataclass(frozen=True)
class Project:
    """Where a project's parts are, and its defaults, with every path made absolute."""

    root: Path
    file: Path | None = None
    formats: tuple[str, ...] = ("pdf",)
    out: Path = Path("build")
    sources: Path = Path("sources")
    jobs: int | None = None
    templates: Path = Path("templates")
    reference_docx: Path | None = None
    paper: str = "a4"
    #: The language of the words around the texts of comparisons, briefs, notices and packs.
    lang: str = "en"
    #: the expressions a comparison compares ("fr,en" in the file); None: all texts
    pair: tuple[str, ...] | None = None
    #: "local" (this machine's processes) or "dask" (the workers of `scheduler`)
    executor: str = "local"
    #: the address of a Dask scheduler, e.g. "tcp://10.0.0.5:8786"
    scheduler: str | None = None


def find(start: Path) -> Path | None:
    """Return the nearest briefgen.toml in `start` or a folder above it, if any."""
    for folder in (start, *start.parents):
        if (folder / FILENAME).is_file():
            return folder / FILENAME
    return None


def _line(text: str, key: str) -> int | None:
    """Return the line on which a top-level key is set (tomllib does not say)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=.]")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


def load(start: Path) -> Project:
    """Read the project file nearest `start`; without one, `start` is the project's folder."""
    start = start.resolve()
    path = find(start)
    if path is None:
        return _absolute(Project(start))
    shown = str(path.relative_to(start) if path.is_relative_to(start) else path)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ProjectError(Problem(shown, f"not valid TOML: {err}")) from None
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(shown, message, key, _line(text, key)))

    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "formats":
            if isinstance(value, str):
                value = [value]
            if (
                not isinstance(value, list)
                or not value
                or any(v not in FORMAT_CHOICES for v in value)
            ):
                bad(key, f"a list of formats out of {', '.join(FORMAT_CHOICES)}")
            else:
                values["formats"] = tuple(value)
        elif key in ("out", "sources", "templates", "reference-docx"):
            if not isinstance(value, str) or not value:
                bad(key, "a path (relative to the folder of briefgen.toml)")
            else:
                values[key.replace("-", "_")] = Path(value)
        elif key == "jobs":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                bad(key, "a whole number of processes, 1 or more")
            else:
                values["jobs"] = value
        elif key == "lang":
            if not isinstance(value, str) or not LANGUAGE.fullmatch(value):
                bad(key, 'a language code, e.g. "fr" (the language of comparisons and briefs)')
            else:
                values["lang"] = value
        elif key == "paper":
            if not isinstance(value, str) or value.lower() not in PAPERS:
                bad(key, "A4 or Letter")
            else:
                values["paper"] = value.lower()
        elif key == "pair":
            ids = parse_pair(value)
            if ids is None:
                bad(key, 'two or more expression ids, e.g. "fr,en" or ["fr", "en"]')
            else:
                values["pair"] = ids
        elif key == "executor":
            if value not in EXECUTORS:
                bad(key, '"local" (this machine) or "dask" (the workers of `scheduler`)')
            else:
                values["executor"] = value
        elif key == "scheduler":
            if not isinstance(value, str) or not value.strip():
                bad(key, 'the address of a Dask scheduler, e.g. "tcp://10.0.0.5:8786"')
            else:
                values["scheduler"] = value.strip()
        else:
            known = (
                "formats, out, sources, jobs, templates, reference-docx, paper, lang, pair, "
                "executor, scheduler"
            )
            bad(key, f"unknown key (briefgen.toml knows {known})")
    if problems:
        raise ProjectError(*problems)
    return _absolute(Project(path.parent, path, **values))


def parse_pair(value: object) -> tuple[str, ...] | None:
    """Return the expression ids of "fr,en" or ["fr", "en"]; None unless two or more, distinct."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    ids = tuple(v.strip() for v in value)
    if len(ids) < 2 or len(set(ids)) != len(ids) or not all(ids):
        return None
    return ids


def _absolute(project: Project) -> Project:
    """Resolve the paths against the project's folder; show them from the current folder."""
    here = Path.cwd().resolve()

    def under(p: Path) -> Path:
        p = p if p.is_absolute() else project.root / p
        return p.relative_to(here) if p.is_relative_to(here) else p

    return Project(
        project.root,
        project.file,
        project.formats,
        under(project.out),
        under(project.sources),
        project.jobs,
        under(project.templates),
        under(project.reference_docx) if project.reference_docx else None,
        project.paper,
        project.lang,
        project.pair,
        project.executor,
        project.scheduler,
    )
