"""Find, read and check source files, turning every failure into a located Problem."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..clock import today
from ..errors import Problem, SourceError
from ..limits import text_problem
from ..model.brief import brief_problems, reference_problems
from ..model.declaration import Attachment, Declaration, pack_problems
from ..model.source import Brief, Source, consistency_problems, dated_problems
from ..outputs import reserved_id
from ..paths import OutsideSources, confined, inside
from . import collation, yamlfile
from .evidence import capture_problems, quote_problems

_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]*$": "must be lowercase letters, digits and hyphens",
    r"^(?:PP)?[1-9][0-9]*[A-Z]?$": "must be a paragraph number such as 13, 12A or PP2 (a "
    "preambular paragraph)",
    r"^[0-9a-f]{64}$": "must be 64 lowercase hex digits (a SHA-256)",
    r"\S": "must not be empty",
    r"^\S+$": "must be an address without spaces or line breaks",
}


BRIEF_SUFFIX = ".brief.yaml"
_NOT_WORKS = (BRIEF_SUFFIX, ".numbers.yaml")


def yaml_files(folder: Path, suffix: str = ".yaml") -> list[Path]:
    """Return a folder's YAML files, sorted; hidden ones (a name starting '.') are not sources:
    they are editors' files and the temporaries of a write (`.briefgen-tmp-…`) a kill left.

    A name that is not a readable file (a folder, a FIFO, a dangling symlink or a symlink loop)
    is returned too, so that reading it says what is wrong instead of a work missing unsaid.
    """
    return sorted(p for p in folder.glob(f"*{suffix}") if not p.name.startswith("."))


def source_files(sources_dir: Path) -> list[Path]:
    """Return the canonical source files of a sources/ folder, sorted (briefs excluded)."""
    return [p for p in yaml_files(sources_dir) if not p.name.endswith(_NOT_WORKS)]


def brief_files(sources_dir: Path) -> list[Path]:
    """Return the brief files of a sources/ folder, sorted."""
    return yaml_files(sources_dir, BRIEF_SUFFIX)


def display(path: Path, root: Path) -> str:
    """Return a path as a person should see it in a message: relative to the project.

    The file's own name is kept as written, so a symlink is named, not its target.
    """
    try:
        real = path.parent.resolve() / path.name if path.name else path.resolve()
        return real.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_yaml(path: Path, shown: str) -> tuple[Any, str]:
    """Read a YAML file as plain data; return (data, text) or raise SourceError."""
    return yamlfile.read(path, shown)


_line_of = yamlfile.line_of


def field_path(loc: tuple[Any, ...]) -> str:
    """Render a location tuple as paragraphs[3].text.en-xinhua."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_parse_loc = yamlfile.parse_loc


def _pydantic_message(err: Any) -> str:
    kind = err["type"]
    if kind == "invalid_key":
        return "a key must be a name, not a number, date or null"
    if kind == "missing":
        return "missing (a required field)"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling; docs/source-format.md lists the source format)"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        return _PATTERN_HINTS.get(pattern, str(err["msg"]))
    if kind.startswith("date"):
        return "expected a date such as 2024-07-04"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        return "expected " + str(err["ctx"]["expected"])
    return str(err["msg"])


def parse(data: Any, text: str, shown: str, model: type[Any] = Source) -> Any:
    """Validate plain data as a model (a Source by default), or raise listing every problem."""
    if not isinstance(data, dict):
        raise SourceError(Problem(shown, "expected a mapping of fields at the top level", line=1))
    oversized = [
        Problem(shown, message, field_path(loc), line=_line_of(text, loc))
        for loc, message in _oversized(data, ())
    ]
    try:
        src = model.model_validate(data)
    except ValidationError as err:
        problems = list(oversized)
        for e in err.errors():
            loc = tuple(e["loc"])
            if field_path(loc) not in {p.path for p in oversized}:
                problems.append(
                    Problem(shown, _pydantic_message(e), field_path(loc), line=_line_of(text, loc))
                )
        raise SourceError(*problems) from err
    if oversized:
        raise SourceError(*oversized)
    if model is not Source:
        return src
    located = consistency_problems(src) + dated_problems(src, *today())
    if located:
        raise SourceError(
            *(
                Problem(shown, msg, path, line=_line_of(text, _parse_loc(path)))
                for path, msg in located
            )
        )
    return src


def _oversized(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yield (location, why) for each text too long to print (limits.py), in file order."""
    if isinstance(data, str):
        why = text_problem(data)
        if why is not None:
            yield loc, why
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _oversized(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _oversized(value, (*loc, i))


def load(path: Path, root: Path) -> Declaration:
    """Load and fully check one source file, captures included."""
    shown = display(path, root)
    _refuse_outside(path, shown)
    data, text = read_yaml(path, shown)
    todos = todo_problems(data, text, shown)
    try:
        src = parse(data, text, shown)
    except SourceError as err:
        left = {p.path for p in todos}  # a TODO is reported as such, not as a wrong type
        raise SourceError(*todos, *(p for p in err.problems if p.path not in left)) from err
    lines: collation.CaptureLines = {}
    problems = todos + list(capture_problems(src, path.parent, shown, text, lines))
    if problems:
        raise SourceError(*problems)
    return Declaration(src, shown, source_file=path.resolve(), capture_lines=lines)


def _refuse_outside(path: Path, shown: str) -> None:
    """Refuse a YAML file of sources/ that is a symlink to a file outside the folder."""
    try:
        within = inside(path, path.parent)
    except (RuntimeError, OSError) as err:  # Python 3.11 raises RuntimeError for a loop
        raise SourceError(
            Problem(shown, "is a symlink loop (its links lead back to themselves)")
        ) from err
    if not within:
        raise SourceError(
            Problem(
                shown,
                "is a symlink leading outside the sources folder; briefgen reads (and packs "
                "attach) only files inside it",
            )
        )


def load_all(sources_dir: Path, root: Path, only: list[str] | None = None) -> list[Declaration]:
    """Load every source (or the works named), collecting all problems before failing."""
    files = source_files(sources_dir)
    if not files:
        raise SourceError(Problem(display(sources_dir, root), "no *.yaml sources found"))
    works: list[Declaration] = []
    problems: list[Problem] = []
    for f in files:
        try:
            works.append(load(f, root))
        except SourceError as err:
            problems += err.problems
    if problems:
        raise SourceError(*problems)
    seen: dict[str, str] = {}
    for w in works:
        if w.id in seen:
            problems.append(
                Problem(w.path, f"duplicate work id '{w.id}' (also {seen[w.id]})", "work.id")
            )
        seen[w.id] = w.path
        why = reserved_id(w.id)
        if why:
            text = w.source_file.read_text("utf-8") if w.source_file else ""
            problems.append(Problem(w.path, why, "work.id", _line_of(text, ("work", "id"))))
    if only:
        unknown = [o for o in only if o not in seen]
        if unknown:
            problems.append(
                Problem(
                    display(sources_dir, root),
                    f"unknown work '{unknown[0]}' (works: {', '.join(sorted(seen))})",
                )
            )
    works = attach_briefs(works, sources_dir, root, problems)
    works = [replace(w, attachments=_attachments(w, problems)) for w in works]
    briefs_read = not problems  # while a brief fails to load, a work is not "without brief"
    for w in works:
        problems += register_problems(w, root) + _pack_problems(w, briefs_read)
    if only:
        works = [w for w in works if w.id in only]
    if problems:
        raise SourceError(*problems)
    return works


def _attachments(decl: Declaration, problems: list[Problem]) -> tuple[Attachment, ...]:
    """Read the files a pack carries: the canonical source, the brief's and every capture."""
    found: list[tuple[Path, str]] = []
    if decl.source_file:
        found.append((decl.source_file, "canonical source of this edition (YAML)"))
    if decl.brief_file:
        found.append((decl.brief_file, "editorial source of the policy brief (YAML)"))
    if decl.source_file:
        for i, c in enumerate(decl.source.captures):
            try:  # the same rule as check: only files inside sources/ are ever attached
                path = confined(decl.source_file.parent, c.file)
            except (OutsideSources, OSError) as err:
                problems.append(Problem(decl.path, str(err), f"captures[{i}].file"))
                continue
            found.append((path, f"raw capture {c.id}: {c.publisher}, {c.title}"))
    return tuple(Attachment(p.name, what, p.read_bytes()) for p, what in found)


def _pack_problems(decl: Declaration, briefs_read: bool) -> list[Problem]:
    located = pack_problems(decl, briefs_read)
    text = decl.source_file.read_text("utf-8") if located and decl.source_file else ""
    return [
        Problem(decl.path, message, field, _line_of(text, _parse_loc(field)))
        for field, message in located
    ]


def todo_problems(data: Any, text: str, shown: str) -> list[Problem]:
    """Name every TODO an editor has left in a source (see todo.py)."""
    from .todo import todo_fields

    return [
        Problem(shown, message, field, _line_of(text, _parse_loc(field)))
        for field, message in todo_fields(data)
    ]


def register_problems(decl: Declaration, root: Path) -> list[Problem]:
    """Check a work against its register of published paragraph numbers."""
    from . import register

    path = register.register_file(decl)
    if path is None:
        return []
    try:
        published = register.read(path, display(path, root))
    except SourceError as err:
        return err.problems
    text = decl.source_file.read_text("utf-8") if decl.source_file else ""
    return [
        Problem(decl.path, message, field, _line_of(text, _parse_loc(field)))
        for field, message in register.problems(decl, published)
    ]


def attach_briefs(
    works: list[Declaration], sources_dir: Path, root: Path, problems: list[Problem]
) -> list[Declaration]:
    """Load every brief, check it against its work and captures, and attach it to the work."""
    by_id = {w.id: w for w in works}
    for f in brief_files(sources_dir):
        shown = display(f, root)
        try:
            _refuse_outside(f, shown)
            data, text = read_yaml(f, shown)
        except SourceError as err:
            problems += err.problems
            continue
        try:
            brief: Brief = parse(data, text, shown, Brief)
        except SourceError as err:
            # report the brief's wrong citations too, not only its malformed fields
            problems += err.problems
            work = data.get("work") if isinstance(data, dict) else None
            decl = by_id.get(work) if isinstance(work, str) else None
            if decl is not None:
                for field, message in reference_problems(data, decl):
                    problems.append(
                        Problem(shown, message, field, _line_of(text, _parse_loc(field)))
                    )
            continue
        decl = by_id.get(brief.work)
        if decl is None:
            problems.append(
                Problem(
                    shown,
                    f"unknown work '{brief.work}' (works: {', '.join(sorted(by_id))})",
                    "work",
                    _line_of(text, ("work",)),
                )
            )
            continue
        if decl.brief is not None:
            problems.append(
                Problem(
                    shown,
                    f"'{brief.work}' already has a brief: {decl.brief_path}",
                    "work",
                    _line_of(text, ("work",)),
                )
            )
            continue
        located = brief_problems(brief, decl) + quote_problems(brief, decl, sources_dir)
        for field, message in located:
            problems.append(Problem(shown, message, field, _line_of(text, _parse_loc(field))))
        by_id[brief.work] = replace(decl, brief=brief, brief_path=shown, brief_file=f.resolve())
    return [by_id[w.id] for w in works]
