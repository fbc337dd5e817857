"""Find, read and check source files, turning every failure into a located Problem."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import collation, yamlfile
from .brief import brief_problems, reference_problems
from .capture_text import text_of
from .clock import today
from .collation_walk import CaptureText
from .collation_walk import words as collation_words
from .declaration import Declaration, editor_supplied
from .errors import Problem, SourceError
from .model import Brief, Source, consistency_problems, dated_problems
from .paths import OutsideSources, confined, inside

_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]*$": "must be lowercase letters, digits and hyphens",
    r"^[1-9][0-9]*[A-Z]?$": "must be a paragraph number such as 13 or 12A",
    r"^[0-9a-f]{64}$": "must be 64 lowercase hex digits (a SHA-256)",
    r"\S": "must not be empty",
}


BRIEF_SUFFIX = ".brief.yaml"
_NOT_WORKS = (BRIEF_SUFFIX, ".numbers.yaml")


def source_files(sources_dir: Path) -> list[Path]:
    """Return the canonical source files of a sources/ folder, sorted (briefs excluded)."""
    return sorted(
        p for p in sources_dir.glob("*.yaml") if p.is_file() and not p.name.endswith(_NOT_WORKS)
    )


def brief_files(sources_dir: Path) -> list[Path]:
    """Return the brief files of a sources/ folder, sorted."""
    return sorted(p for p in sources_dir.glob(f"*{BRIEF_SUFFIX}") if p.is_file())


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


def _line_of(text: str, path: tuple[Any, ...]) -> int | None:
    """Return the 1-based line of a field path in a YAML text, or of its nearest parent."""
    return yamlfile.lines_of(text).line_of(path)


def field_path(loc: tuple[Any, ...]) -> str:
    """Render a location tuple as paragraphs[3].text.en-xinhua."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _parse_loc(path: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return tuple(parts)


def _pydantic_message(err: Any) -> str:
    kind = err["type"]
    if kind == "invalid_key":
        return "a key must be a name, not a number, date or null"
    if kind == "missing":
        return "missing (a required field)"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling; the README lists the source format)"
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
    try:
        src = model.model_validate(data)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            loc = tuple(e["loc"])
            problems.append(
                Problem(shown, _pydantic_message(e), field_path(loc), line=_line_of(text, loc))
            )
        raise SourceError(*problems) from err
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
    lines: collation.Lines = {}
    problems = todos + list(capture_problems(src, path.parent, shown, text, lines))
    if problems:
        raise SourceError(*problems)
    return Declaration(src, shown, source_file=path.resolve(), capture_lines=lines)


def _refuse_outside(path: Path, shown: str) -> None:
    """Refuse a YAML file of sources/ that is a symlink to a file outside the folder."""
    if not inside(path, path.parent):
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
    briefs_read = not problems  # while a brief fails to load, a work is not "without brief"
    for w in works:
        problems += register_problems(w, root) + _pack_problems(w, briefs_read)
    if only:
        works = [w for w in works if w.id in only]
    if problems:
        raise SourceError(*problems)
    return works


def _pack_problems(decl: Declaration, briefs_read: bool) -> list[Problem]:
    from .pack import config_problems

    located = config_problems(decl, briefs_read)
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
        located = brief_problems(brief, decl) + _quote_problems(brief, decl, sources_dir)
        for field, message in located:
            problems.append(Problem(shown, message, field, _line_of(text, _parse_loc(field))))
        by_id[brief.work] = replace(decl, brief=brief, brief_path=shown, brief_file=f.resolve())
    return [by_id[w.id] for w in works]


def _quote_problems(brief: Brief, decl: Declaration, sources_dir: Path) -> list[tuple[str, str]]:
    """Check that quotations and attributions stand word for word in their captures."""
    captures = {c.id: c for c in decl.source.captures}

    def body(capture_id: str | None) -> str | None:
        c = captures.get(capture_id or "")
        if c is None:
            return None
        try:  # a capture refused or missing is reported on the work's source
            raw = confined(sources_dir, c.file).read_bytes()
        except (OutsideSources, OSError):
            return None
        return normalise(text_of(raw, c.file))

    out: list[tuple[str, str]] = []
    for i, q in enumerate(brief.context):
        text = body(q.source)
        if text is not None and normalise(q.quote) not in text:
            out.append(
                (
                    f"context[{i}].quote",
                    f"not word for word in capture '{q.source}'; "
                    f"first differing words: '{_divergence(normalise(q.quote), text)}'",
                )
            )
    return out


# ----------------------------------------------------------------------------- captures

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """Fold whitespace and typographic quotes, for comparing texts with their captures."""
    return " ".join(text.translate(_QUOTES).split())


def capture_problems(
    src: Source, base: Path, shown: str, text: str, lines: collation.Lines | None = None
) -> list[Problem]:
    """Check captures exist and are unchanged, and every text comes from its capture.

    Fills `lines`, when given, with the capture lines each paragraph comes from.
    """
    problems: list[Problem] = []
    contents: dict[str, str] = {}
    raw_texts: dict[str, str] = {}
    for i, c in enumerate(src.captures):
        where = f"captures[{i}].file"
        try:
            raw = confined(base, c.file).read_bytes()
        except (OutsideSources, OSError) as err:
            if isinstance(err, FileNotFoundError):
                reason = f"capture file not found: {c.file}"
            elif isinstance(err, OSError):
                reason = f"cannot read {c.file} ({err.strerror})"
            else:
                reason = str(err)
            problems.append(Problem(shown, reason, where, _line_of(text, ("captures", i, "file"))))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != c.sha256:
            problems.append(
                Problem(
                    shown,
                    _hash_mismatch(c.file, c.sha256, digest),  # confined: inside sources/
                    f"captures[{i}].sha256",
                    _line_of(text, ("captures", i, "sha256")),
                )
            )
            continue
        contents[c.id] = normalise(text_of(raw, c.file))
        raw_texts[c.id] = collation.capture_text(c.file, raw)
    located = _verbatim_problems(src, contents, raw_texts)
    # Collate only the texts that passed the word-for-word checks, so one slip is one error.
    failed = {f.split(".")[-1] for f, _ in located if f.startswith(("paragraphs", "sections"))}
    if any(f.startswith("interventions") for f, _ in located):
        failed |= {e.id for e in src.expressions}
    ready = [e.id for e in src.expressions if e.id not in failed]
    located += collation.incomplete_problems(src)
    located += collation.collation_problems(src, raw_texts, ready, lines)
    for field, message in located:
        problems.append(Problem(shown, message, field, _line_of(text, _parse_loc(field))))
    return problems


def _hash_mismatch(file: str, recorded: str, actual: str | None) -> str:
    """Say that a capture and its recorded SHA-256 disagree, and the two ways that happens.

    The file's own digest is shown only for a file inside sources/ (never for one elsewhere).
    """
    slips = sum(a != b for a, b in zip(recorded, actual, strict=True)) if actual else 64
    own = f"; the file's own is {actual}" if actual else ""
    hint = ""
    if slips <= 4:
        hint = f" (the two differ in {slips} of 64 digits: most likely a typing slip)"
    return (
        f"{file} does not match its recorded SHA-256 {recorded}{own}. Either sha256 was "
        f"mistyped{hint}: correct it, if the file is the original capture; or the file's bytes "
        "changed since it was recorded: put the original file back (captures are evidence, "
        "never edited)"
    )


def _verbatim_problems(
    src: Source, contents: dict[str, str], raw_texts: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    explained = {
        (iv.capture, iv.at.target()): iv
        for iv in src.interventions
        if iv.action in ("restore", "normalise")
    }
    for i, iv in enumerate(src.interventions):
        body = contents.get(iv.capture)
        quoted = iv.text if iv.action == "remove" else iv.before
        if body is not None and quoted and normalise(quoted) not in body:
            out.append(
                (
                    f"interventions[{i}].{'text' if iv.action == 'remove' else 'before'}",
                    f"not found in capture '{iv.capture}': '{_first_words(normalise(quoted))}'",
                )
            )
    for i, r in enumerate(src.related):
        body = contents.get(r.capture)
        texts = [("attribution", a) for a in r.attribution] + [("excerpts", x) for x in r.excerpts]
        counters = {"attribution": 0, "excerpts": 0}
        for field, text in texts:
            j = counters[field]
            counters[field] += 1
            if body is not None and normalise(text) not in body:
                out.append(
                    (
                        f"related[{i}].{field}[{j}]",
                        f"not word for word in capture "
                        f"'{r.capture}'; first differing words: "
                        f"'{_divergence(normalise(text), body)}'",
                    )
                )
    for e in src.expressions:
        body = contents.get(e.capture or "")
        if body is None:
            continue
        places: list[tuple[str, tuple[str, str], str, Any]] = []
        for i, s in enumerate(src.sections):
            heading = (s.heading or {}).get(e.id)
            where = f"the heading of section {s.number or s.id}"
            places.append((f"sections[{i}].heading.{e.id}", ("heading", s.id), where, heading))
        for i, p in enumerate(src.paragraphs):
            value = p.text.get(e.id)
            captured = (
                _before_corrections(value, e.id, p.id, src) if isinstance(value, str) else None
            )
            place = ("paragraph", p.id)
            places.append((f"paragraphs[{i}].text.{e.id}", place, f"para {p.number}", captured))
        for field, target, where, value in places:
            if not isinstance(value, str):
                continue
            found = explained.get((e.capture or "", target))
            if found is not None and found.action == "normalise":
                if found.after is not None and normalise(value) != normalise(found.after):
                    out.append(
                        (field, f"differs from the 'after' text of intervention '{found.id}'")
                    )
                continue
            if editor_supplied(value) and found is None:
                out.append((field, "has [bracketed] text but no 'restore' intervention records it"))
            for fragment in re.split(r"\[[^\]]*\]", value):
                frag = normalise(fragment)
                if frag and frag not in body:
                    raw = (raw_texts or {}).get(e.capture or "")
                    at = _where_it_differs(frag, raw) if raw is not None else ""
                    out.append(
                        (
                            field,
                            f"{where} ({e.id}) differs from capture '{e.capture}'{at} and no "
                            "intervention or correction explains it; first differing words: "
                            f"'{_divergence(frag, body)}'",
                        )
                    )
    return out


def _before_corrections(text: str, expression: str, paragraph: str, src: Source) -> str:
    """Undo the recorded corrections of a paragraph, newest first, to get the captured text."""
    for c in sorted(src.corrections, key=lambda c: c.date, reverse=True):
        if c.expression == expression and paragraph in c.paragraphs and c.after is not None:
            text = text.replace(c.after, c.before or "", 1) if c.after else text
    return text


def _divergence(text: str, body: str) -> str:
    """Return the words of a text from the first one that its capture does not continue."""
    words = text.split()
    lo, hi = 0, len(words)  # the first lo words occur in the body, the first hi do not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if " ".join(words[:mid]) in body:
            lo = mid
        else:
            hi = mid
    return _first_words(" ".join(words[lo:]))


def _where_it_differs(text: str, raw: str) -> str:
    """Say where a capture stops agreeing with a text: " at line N (the capture has: '…')".

    The longest opening of the text found in the capture is located (its first occurrence),
    and the capture's line and words just after it are named, so a dropped or changed word is
    reported with the capture line an editor opens. "" if not even the first word is there.
    """
    capture = CaptureText(raw)
    ws = collation_words(text)
    lo, hi = 0, len(ws)  # the first lo words stand in the capture, the first hi do not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if capture.find(ws[:mid]) >= 0:
            lo = mid
        else:
            hi = mid
    if lo == 0 or not len(capture):
        return ""
    nxt = min(capture.find(ws[:lo]) + lo, len(capture) - 1)
    has = " ".join(capture.words[nxt : nxt + 6]) + (" …" if nxt + 6 < len(capture) else "")
    return f" at line {capture.line[nxt]} (the capture has: '{has}')"


def _first_words(text: str, n: int = 8) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")
