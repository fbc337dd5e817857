"""The briefgen command line: parse options, call the pipeline, print errors without tracebacks."""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .declaration import Declaration
from .errors import BriefgenError

app = typer.Typer(
    help="Turn declarations into citable editions, comparisons and briefs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Kind(StrEnum):
    edition = "edition"
    comparison = "comparison"
    brief = "brief"
    citation = "citation"
    pack = "pack"
    notice = "notice"


class Format(StrEnum):
    pdf = "pdf"
    docx = "docx"
    html = "html"
    all = "all"


SourcesOpt = Annotated[Path, typer.Option("--sources", help="Folder of canonical YAML sources.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")]


#: The most problems printed; a file with thousands says how many more there are.
SHOWN_PROBLEMS = 50


def _fail(err: BriefgenError, debug: bool) -> None:
    if debug:
        raise err
    shown = err.problems[:SHOWN_PROBLEMS]
    lines = [f"error: {problem}" for problem in shown]
    if len(err.problems) > len(shown):
        files = sorted({p.file for p in err.problems[len(shown) :]})
        lines.append(
            f"error: and {len(err.problems) - len(shown):,} more problem(s) in {', '.join(files)}"
        )
    typer.echo("\n".join(lines), err=True)
    raise typer.Exit(1)


def build_date() -> date | None:
    """Return the date of SOURCE_DATE_EPOCH, if set: outputs then carry it as their date.

    Without it each output carries its edition's date, so the same sources always give the
    same files, whatever the day of the build.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return None


def _templates(root: Path) -> Path:
    from .templates import BUNDLED

    local = root / "templates"
    return local if (local / "edition.html.j2").is_file() else BUNDLED


FormatOpt = Annotated[
    list[Format] | None,
    typer.Option("--format", "-f", help="Output format; repeat for several. Default: pdf."),
]
WorkOpt = Annotated[
    list[str] | None,
    typer.Option("--work", "-w", help="Build only this work id; repeat for several."),
]
KindOpt = Annotated[
    list[Kind] | None,
    typer.Option("--kind", "-k", help="Build only this kind of output; repeat for several."),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Render in this many processes. Default: cores."),
]


def _formats(format: list[Format] | None) -> list[str]:
    from .render import FORMATS

    chosen = {f.value for f in (format or [Format.pdf])}
    return list(FORMATS) if "all" in chosen else [f for f in FORMATS if f in chosen]


def run_build(
    format: list[Format] | None,
    work: list[str] | None,
    kind: list[Kind] | None,
    out: Path,
    sources: Path,
    force: bool,
    jobs: int | None,
) -> None:
    """Run one build, reporting progress; raise BriefgenError on any problem."""
    from . import build as pipeline
    from .progress import reporter
    from .render import Context
    from .sources import display

    root = Path.cwd()
    with reporter() as progress:
        summary = pipeline.build(
            sources,
            out,
            root,
            _formats(format),
            work,
            {k.value for k in kind} if kind else None,
            force,
            jobs or os.cpu_count() or 1,
            Context(_templates(root), build_date()),
            lambda total, o: progress(total, None if o is None else display(out / o.path, root)),
        )
    typer.echo(
        f"wrote {len(summary.rendered)} file(s), {summary.unchanged} unchanged, and "
        f"{display(summary.manifest, root)}"
    )


@app.command()
def build(
    format: FormatOpt = None,
    work: WorkOpt = None,
    kind: KindOpt = None,
    out: OutOpt = Path("build"),
    sources: SourcesOpt = Path("sources"),
    force: Annotated[bool, typer.Option("--force", help="Rebuild everything.")] = False,
    jobs: JobsOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Build editions, comparisons, briefs, packs and citations; redo only what changed."""
    try:
        run_build(format, work, kind, out, sources, force, jobs)
    except BriefgenError as err:
        _fail(err, debug)


@app.command()
def watch(
    format: FormatOpt = None,
    work: WorkOpt = None,
    kind: KindOpt = None,
    out: OutOpt = Path("build"),
    sources: SourcesOpt = Path("sources"),
    jobs: JobsOpt = None,
) -> None:
    """Rebuild on every save of a source or template; report errors and keep watching."""
    from watchfiles import watch as changes_of

    root = Path.cwd()
    paths = [p for p in (sources, _templates(root)) if p.exists()]

    def once() -> None:
        try:
            run_build(format, work, kind, out, sources, False, jobs)
        except BriefgenError as err:
            for problem in err.problems:
                typer.echo(f"error: {problem}", err=True)

    once()
    typer.echo(f"watching {', '.join(str(p) for p in paths)} (Ctrl-C to stop)")
    try:
        for _ in changes_of(*paths, debounce=300, raise_interrupt=False):
            once()
    except KeyboardInterrupt:
        pass


@app.command()
def check(sources: SourcesOpt = Path("sources"), debug: DebugOpt = False) -> None:
    """Validate every source against the format and its captures; exit 1 on any problem."""
    from .sources import load_all

    try:
        works = load_all(sources, Path.cwd())
    except BriefgenError as err:
        _fail(err, debug)
        return
    for w in works:
        counts = ", ".join(f"{e}: {n}" for e, n in sorted(w.paragraph_counts().items()))
        typer.echo(f"ok {w.path}: {w.id}, edition {w.version}, paragraphs ({counts})")
        if w.brief is not None:
            typer.echo(
                f"ok {w.brief_path}: brief of {w.id}, {len(w.brief.key_points)} key commitments"
            )


class CiteFormat(StrEnum):
    text = "text"
    csl_json = "csl-json"
    bibtex = "bibtex"
    ris = "ris"


@app.command()
def cite(
    work: Annotated[str, typer.Argument(help="Work id, e.g. shanghai-declaration-2024.")],
    para: Annotated[str, typer.Argument(help="Paragraph number as printed, e.g. 13 or 12A.")],
    expression: Annotated[
        str | None,
        typer.Option(
            "--expression", "-e", help="Expression id; default: the authoritative or first one."
        ),
    ] = None,
    format: Annotated[
        CiteFormat, typer.Option("--format", "-f", help="Output style.")
    ] = CiteFormat.text,
    sources: SourcesOpt = Path("sources"),
    debug: DebugOpt = False,
) -> None:
    """Print a pinpoint citation of one paragraph, ready to paste."""
    from . import citation
    from .errors import UsageError
    from .sources import load_all

    try:
        works = load_all(sources, Path.cwd(), [work])
        decl = works[0]
        try:
            citation.paragraph(decl, para)
        except KeyError:
            numbers = [p.number for p in decl.source.paragraphs]
            raise UsageError(
                f"{decl.id} has no paragraph '{para}' (paragraphs {numbers[0]}–{numbers[-1]})"
            ) from None
        ids = [e.id for e in decl.source.expressions]
        if expression is not None and expression not in ids:
            raise UsageError(
                f"{decl.id} has no expression '{expression}' (expressions: {', '.join(ids)})"
            )
        chosen = expression or citation.default_expression(decl)
    except BriefgenError as err:
        _fail(err, debug)
        return
    typer.echo(citation.render(decl, format.value, [chosen], para), nl=False)


def _one_work(work: str, sources: Path) -> Declaration:
    from .sources import load_all

    return load_all(sources, Path.cwd(), [work])[0]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version.split("."))


@app.command()
def changes(
    work: Annotated[str, typer.Argument(help="Work id, e.g. shanghai-declaration-2024.")],
    since: Annotated[
        str | None, typer.Option("--since", help="Only corrections after this edition, e.g. 1.0.1.")
    ] = None,
    sources: SourcesOpt = Path("sources"),
    debug: DebugOpt = False,
) -> None:
    """Print the corrections of a work, oldest first, with the edition each one made."""
    from .errors import UsageError

    try:
        if since is not None and not re.fullmatch(r"\d+\.\d+\.\d+", since):
            raise UsageError(f"--since takes an edition version such as 1.0.0, not '{since}'")
        decl = _one_work(work, sources)
    except BriefgenError as err:
        _fail(err, debug)
        return
    names = {e.id: e.name for e in decl.source.expressions}
    shown = 0
    for edition, corrections in decl.releases():
        if since is not None and _version_key(edition.version) <= _version_key(since):
            continue
        for c in corrections:
            shown += 1
            paras = ", ".join(decl.number_of(pid) for pid in c.paragraphs)
            where = " · ".join(
                x
                for x in (names.get(c.expression or "", "all texts"), paras and f"para {paras}")
                if x
            )
            change = f" “{c.before}” → “{c.after}”." if c.before is not None else ""
            typer.echo(
                f"{edition.version}  {edition.date.isoformat()}  {where}  {c.type}:"
                f"{change} {c.reason}"
            )
    if not shown:
        after = f"edition {since}" if since else "edition 1.0.0"
        typer.echo(f"{decl.id}: no corrections since {after}; current edition {decl.version}")


@app.command()
def publish(
    work: Annotated[str, typer.Argument(help="Work id, e.g. shanghai-declaration-2024.")],
    sources: SourcesOpt = Path("sources"),
    debug: DebugOpt = False,
) -> None:
    """Record the work's paragraph numbers as published: from now on they cannot change."""
    from . import register

    try:
        decl = _one_work(work, sources)
        path = register.register_file(decl)
        assert path is not None
        added = register.write(decl, path, register.read(path, str(path)))
    except BriefgenError as err:
        _fail(err, debug)
        return
    typer.echo(
        f"{decl.id}: {added} paragraph number(s) newly recorded as published in "
        f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path} "
        f"(edition {decl.version})"
    )


def main() -> None:
    """Run the command line."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
