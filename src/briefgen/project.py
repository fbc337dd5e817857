"""The project file, briefgen.toml: a project's defaults, found from the current folder up.

Every key is optional; a key briefgen does not know is an error naming the file and line.
Paths in the file are relative to the folder that holds it, so `briefgen build` works the same
in any subfolder of a project. Options given on the command line override the file.
"""

from __future__ import annotations

import os
import re
import tomllib
import zipfile
from dataclasses import dataclass, replace
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
    #: where reference_docx was set, for messages: (briefgen.toml as shown, its line), or
    #: ("--reference-docx", None) for the command line's option
    reference_docx_at: tuple[str, int | None] | None = None


def find(start: Path) -> Path | None:
    """Return the nearest briefgen.toml in `start` or a folder above it, if any.

    Anything of that name counts, a folder or a broken link too: `load` then says what is
    wrong with it, rather than reading a briefgen.toml further up.
    """
    for folder in (start, *start.parents):
        if os.path.lexists(folder / FILENAME):
            return folder / FILENAME
    return None


def _read(path: Path, shown: str) -> str:
    """Return the text of the project file, or raise ProjectError saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ProjectError(Problem(shown, "is a folder, not a file; remove it")) from None
    except OSError as err:
        raise ProjectError(Problem(shown, f"cannot be read ({err.strerror or err})")) from None
    try:
        text = raw.decode("utf-8")
        # a byte-order mark, as Windows editors save "UTF-8", is not part of the TOML
        return text.removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise ProjectError(
            Problem(
                shown,
                f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8",
                line=line,
                column=column,
            )
        ) from None


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _line(text: str, key: str) -> int | None:
    """Return the line on which a top-level key is set (tomllib does not say)."""
    pattern = re.compile(rf"^\s*(?:[\"']?{re.escape(key)}[\"']?\s*[=.]|\[\s*{re.escape(key)}\s*\])")
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
    text = _read(path, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        at = _TOML_AT.search(str(err))
        message = _TOML_AT.sub("", str(err))
        line, column = (int(at[1]), int(at[2])) if at else (None, None)
        raise ProjectError(
            Problem(shown, f"not valid TOML: {message}", line=line, column=column)
        ) from None
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
                if key == "reference-docx":
                    values["reference_docx_at"] = (shown, _line(text, key))
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

    return replace(
        project,
        out=under(project.out),
        sources=under(project.sources),
        templates=under(project.templates),
        reference_docx=under(project.reference_docx) if project.reference_docx else None,
    )


#: The parts a reference DOCX must have: briefgen takes its styles and its page from them.
REFERENCE_PARTS = ("[Content_Types].xml", "word/document.xml", "word/styles.xml")


def check_reference(path: Path, at: tuple[str, int | None] | None) -> None:
    """Refuse a reference DOCX that is not a Word document briefgen can take styles from.

    `at` says where it was named: briefgen.toml (blamed with its line and the key), the
    --reference-docx option, or None for the project's templates/reference.docx (the file is
    blamed).
    """
    why = _reference_fault(path)
    if why is None:
        return
    from .errors import UsageError

    if at is None:
        raise ProjectError(Problem(str(path), why))
    where, line = at
    if line is None and where.startswith("--"):
        raise UsageError(Problem(where, f"'{path}' {why}"))
    raise ProjectError(Problem(where, f"'{path}' {why}", "reference-docx", line))


def _reference_fault(path: Path) -> str | None:
    """Return what is wrong with a reference DOCX, or None if it is a Word document."""
    if not path.exists():
        return "not found"
    if not path.is_file():
        return "is not a file; name a .docx (briefgen templates --copy reference.docx writes one)"
    hint = "; save a Word document as .docx, or start from briefgen templates --copy reference.docx"
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return f"is not a DOCX (a Word document is a ZIP package){hint}"
    missing = [part for part in REFERENCE_PARTS if part not in names]
    if missing:
        return f"is not a Word document (it has no {missing[0]}){hint}"
    import docx

    try:
        docx.Document(str(path)).styles  # noqa: B018 - reading them is the check
    except Exception as err:  # python-docx and lxml raise many kinds for a bad package
        return f"cannot be read as a Word document ({str(err).splitlines()[0][:120]}){hint}"
    return None
