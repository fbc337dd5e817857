"""The briefgen command line: parse options, call the pipeline, print errors without tracebacks."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__
from .completion import collection_ids, template_names, work_ids
from .console import console
from .errors import BriefgenError, UsageError
from .helptext import DOCS, App, HelpGroup
from .model.declaration import Declaration
from .outputs import ALL_FORMATS, FORMAT_NAMES, KIND_NAMES
from .project import FORMAT_CHOICES, Project

if TYPE_CHECKING:
    from .build.executors import Executor, WarmPool
    from .build.pipeline import Summary
    from .build.shards import Shard
    from .outputs import Output


class Group(HelpGroup):
    """The command group, and the one place where briefgen's errors become messages.

    A BriefgenError from any command prints its problems, one a line, without a traceback,
    and exits 1 (with --json, stdout also gets them as the command's JSON document); with
    --debug it is raised as it is. (Click exits 2 for a malformed command line, before any
    command runs.)
    """

    def invoke(self, ctx: Any) -> Any:
        from . import console as console_

        debug = "--debug" in [*ctx._protected_args, *ctx.args]
        console_.reset()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted()
        except BrokenPipeError:  # `briefgen … | head` closed the pipe: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(141) from None
        except (BriefgenError, OSError) as err:
            if debug:
                raise
            problems = err.problems if isinstance(err, BriefgenError) else _os_error(err).problems
            console.failed(problems)
            typer.echo("\n".join(_problem_lines(problems)), err=True)
            raise typer.Exit(1) from None


app = App(
    cls=Group,
    help="Turn declarations into citable editions, comparisons and briefs.",
    epilog=(
        "Each command's options and an example: briefgen COMMAND --help.\n"
        f"Every command with examples, and the --json shapes: {DOCS}\n"
        "(in briefgen's source; `mkdocs serve` there shows the docs as a site)."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags without <bool>, no colour to turn off
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", is_eager=True, callback=_print_version, help="Print the version."
        ),
    ] = False,
) -> None:
    """Turn declarations into citable editions, comparisons and briefs."""


# The choices of --format and --kind are the outputs table's (typer takes choices as an enum;
# mypy cannot see the members of one made from a table, and needs none: only values are read).
Format = StrEnum("Format", {name: name for name in FORMAT_CHOICES})  # type: ignore[misc]
Kind = StrEnum("Kind", {name: name for name in KIND_NAMES})  # type: ignore[misc]

SourcesOpt = Annotated[
    Path | None,
    typer.Option(
        "--sources", metavar="FOLDER", help="Folder of canonical YAML sources. Default: sources."
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Print more: the time taken, and (build, watch) each output left unchanged.",
    ),
]
JsonOpt = Annotated[
    bool,
    typer.Option(
        "--json",
        help=f"Print the result as one JSON document, errors included (shapes: {DOCS}#scripting).",
    ),
]
WorkArg = Annotated[
    str,
    typer.Argument(
        metavar="WORK", help="Work id, e.g. shanghai-declaration-2024.", autocompletion=work_ids
    ),
]


def _project(sources: Path | None = None) -> Project:
    """Return the project around the current folder, with --sources (if given) applied."""
    from dataclasses import replace

    from .project import load

    project = load(Path.cwd())
    return replace(project, sources=sources) if sources else project


#: The most problems printed; a file with thousands says how many more there are.
SHOWN_PROBLEMS = 50


def _problem_lines(problems: list[Any]) -> list[str]:
    """Return the error lines for problems: the first SHOWN_PROBLEMS, then how many more."""
    shown = problems[:SHOWN_PROBLEMS]
    lines = [f"error: {problem}" for problem in shown]
    if len(problems) > len(shown):
        files = sorted({p.file for p in problems[len(shown) :]})
        lines.append(
            f"error: and {len(problems) - len(shown):,} more problem(s) in {', '.join(files)}"
        )
    return lines


def build_date() -> date | None:
    """Return the date of SOURCE_DATE_EPOCH, if set: outputs then carry it as their date.

    Without it each output carries its edition's date, so the same sources always give the
    same files, whatever the day of the build.
    """
    from .clock import source_date

    return source_date()


FormatOpt = Annotated[
    list[Format] | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {', '.join(FORMAT_CHOICES)}; repeat for several. Default: pdf.",
    ),
]
WorkOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--work",
        "-w",
        metavar="ID",
        help="Build only this work; repeat for several.",
        autocompletion=work_ids,
    ),
]
KindOpt = Annotated[
    list[Kind] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help=(
            f"Build only this kind of output: {', '.join(KIND_NAMES)}; repeat for several. Each"
            " kind is made in the chosen formats it exists in (pack: PDF, DOCX; notice: PDF,"
            " HTML); a kind named here that exists in none of them is made in PDF."
        ),
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", metavar="FOLDER", help="Output folder. Default: build."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Render in this many processes (1 or more). Default: one per core.",
    ),
]


class ExecutorChoice(StrEnum):
    local = "local"
    dask = "dask"


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


PaperOpt = Annotated[
    Paper | None,
    typer.Option(
        "--paper",
        case_sensitive=False,
        metavar="SIZE",
        help="Page size of PDF and DOCX: a4 or letter. Default: a4.",
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="CODE",
        help=(
            "Language of the words around the texts of comparisons, briefs, notices and packs"
            ' (e.g. "fr"); an edition speaks its text\'s language. Default: English.'
        ),
    ),
]
ReferenceOpt = Annotated[
    Path | None,
    typer.Option(
        "--reference-docx",
        metavar="FILE",
        help="A DOCX whose styles, page size and margins every DOCX output uses.",
    ),
]


PairOpt = Annotated[
    str | None,
    typer.Option(
        "--pair",
        metavar="IDS",
        help="Compare only these expressions, e.g. fr,en (the first is the base). Default: all.",
    ),
]


def _formats(format: list[Format] | None, project: Project) -> list[str]:
    chosen = {f.value for f in format} if format else set(project.formats)
    if "all" in chosen:
        chosen |= set(ALL_FORMATS)
    return [f for f in FORMAT_NAMES if f in chosen]


def _jobs(project: Project) -> int:
    """Return how many processes render: --jobs, briefgen.toml's jobs, or one per core."""
    return project.jobs or os.cpu_count() or 1


def _with_options(
    project: Project,
    out: Path | None = None,
    jobs: int | None = None,
    paper: Paper | None = None,
    reference_docx: Path | None = None,
    lang: str | None = None,
) -> Project:
    """Return the project with the command line's options, which override briefgen.toml."""
    from dataclasses import replace

    from .project import LANGUAGE

    changes: dict[str, Any] = {}
    if out is not None:
        changes["out"] = out
    if jobs is not None:
        changes["jobs"] = jobs
    if paper is not None:
        changes["paper"] = paper.value
    if reference_docx is not None:
        changes["reference_docx"] = reference_docx
        changes["reference_docx_at"] = ("--reference-docx", None)
    if lang is not None:
        if not LANGUAGE.fullmatch(lang):
            raise UsageError(f"--lang: '{lang}' is not a language code (e.g. fr, zh, pt-BR)")
        changes["lang"] = lang
    return replace(project, **changes)


def _default_reference(project: Project) -> Path | None:
    """Return the project's templates/reference.docx, if it has one."""
    from .scaffold import REFERENCE

    path = project.templates / REFERENCE
    return path if path.is_file() else None


def context(project: Project) -> Any:
    """Return the renderers' context for a project: its templates, paper and Word styles."""
    from .render.context import Context

    reference = check_reference(project)
    return Context(project.templates, build_date(), project.paper, reference, project.lang)


def check_reference(project: Project) -> Path | None:
    """Return the project's reference DOCX, if any, once it is known to be a Word document."""
    from .project import check_reference as check

    if project.reference_docx is not None:
        check(project.reference_docx, project.reference_docx_at)
        return project.reference_docx
    reference = _default_reference(project)
    if reference is not None:
        check(reference, None)
    return reference


def run_build(
    format: list[Format] | None,
    work: list[str] | None,
    kind: list[Kind] | None,
    project: Project,
    executor: Executor,
    force: bool = False,
    shard: Shard | None = None,
) -> Summary:
    """Run one build, reporting progress (and each stage a staged build writes) at the
    console's level; return what it did.

    Raise BriefgenError on any problem.
    """
    import time

    from .build import pipeline
    from .progress import reporter, silent
    from .sources.load import display

    root, out = project.root, project.out
    started = time.perf_counter()

    def written(stage: pipeline.Written) -> None:
        console.say(
            f"wrote {len(stage.paths)} file(s) ({stage.stage}) and {display(stage.manifest, root)}"
        )

    def waiting() -> None:
        console.say(f"another build is writing {display(out, root)}; waiting for it to finish")

    with reporter() if console.level and not console.json else silent() as progress:
        summary = pipeline.build(
            project.sources,
            out,
            root,
            _formats(format, project),
            work,
            {k.value for k in kind} if kind else None,
            force,
            executor,
            context(project),
            lambda total, o: progress(total, None if o is None else display(out / o.path, root)),
            written,
            project.pair,
            shard,
            waiting,
        )
    for o in summary.fresh:
        console.detail(f"unchanged {display(out / o.path, root)}")
    for note in summary.notes:
        console.say(note)
    console.say(
        f"wrote {len(summary.rendered)} file(s), {summary.unchanged} unchanged, and "
        f"{display(summary.manifest, root)}"
    )
    console.detail(f"took {time.perf_counter() - started:.1f} s")
    return summary


def output_json(o: Output, project: Project) -> dict[str, Any]:
    """Return one output as `build --json` lists it."""
    from .sources.load import display

    return {
        "path": display(project.out / o.path, project.root),
        "work": o.work.id,
        "kind": o.kind,
        "format": o.format,
        "expressions": list(o.expressions),
    }


def build_json(summary: Summary, project: Project) -> dict[str, Any]:
    """Return the shape of `build --json` (docs/commands.md#scripting describes it)."""
    from .sources.load import display

    def entry(o: Output) -> dict[str, Any]:
        return output_json(o, project)

    return {
        "ok": True,
        "written": [entry(o) for o in summary.written],
        "unchanged": [entry(o) for o in summary.fresh],
        "failed": [],
        "manifest": display(summary.manifest, project.root),
        "notes": list(summary.notes),
        "errors": [],
    }


@app.command(example="briefgen build --format pdf --work shanghai-declaration-2024")
def build(
    format: FormatOpt = None,
    work: WorkOpt = None,
    kind: KindOpt = None,
    out: OutOpt = None,
    sources: SourcesOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild everything.")] = False,
    jobs: JobsOpt = None,
    paper: PaperOpt = None,
    reference_docx: ReferenceOpt = None,
    lang: LangOpt = None,
    pair: PairOpt = None,
    executor: Annotated[
        ExecutorChoice | None,
        typer.Option(
            "--executor",
            metavar="NAME",
            help="Render in this machine's processes (local) or on a Dask cluster (dask)."
            " Default: local.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="The Dask scheduler's address, e.g. tcp://10.0.0.5:8786 (with --executor dask).",
        ),
    ] = None,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="I/N",
            help="Build only shard I of N (e.g. 2/4), a stable share of the works; combine the"
            " shards with `briefgen merge`.",
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Build editions, comparisons, briefs, packs and citations.

    Only what changed since the last build is redone; a build that fails writes nothing.
    """
    from dataclasses import replace

    from .build.executors import OneShot
    from .build.shards import parse_shard
    from .console import set_up
    from .project import parse_pair

    set_up(quiet, verbose, json, written=[], unchanged=[], failed=[], manifest=None, notes=[])
    project = _with_options(_project(sources), out, jobs, paper, reference_docx, lang)
    if pair is not None:
        ids = parse_pair(pair)
        if ids is None:
            raise UsageError(f"--pair '{pair}': two or more expression ids, e.g. fr,en")
        project = replace(project, pair=ids)
    chosen = parse_shard(shard) if shard is not None else None
    if chosen is not None and work:
        raise UsageError("--shard splits every work of the sources: it takes no --work")
    which = executor.value if executor is not None else project.executor
    try:
        if which == "local":
            if scheduler is not None:
                raise UsageError("--scheduler: only with --executor dask (the executor is local)")
            jobs_ = OneShot(_jobs(project))
            summary = run_build(format, work, kind, project, jobs_, force, chosen)
        else:
            summary = _on_cluster(format, work, kind, project, force, chosen, scheduler)
    except BriefgenError as err:  # --json names the outputs whose rendering failed
        console.failure["failed"] = [output_json(o, project) for o in err.outputs]
        raise
    if json:
        console.document(build_json(summary, project))


def _on_cluster(
    format: list[Format] | None,
    work: list[str] | None,
    kind: list[Kind] | None,
    project: Project,
    force: bool,
    chosen: Shard | None,
    scheduler: str | None,
) -> Summary:
    """Run the build on the Dask cluster at --scheduler (or briefgen.toml's `scheduler`)."""
    address = scheduler or project.scheduler
    if address is None:
        raise UsageError(
            "--executor dask: give the scheduler's address with --scheduler "
            "(e.g. tcp://10.0.0.5:8786) or `scheduler` in briefgen.toml"
        )
    from .build.cluster import connect

    context(project)  # a missing reference DOCX is reported before the cluster is reached
    with connect(address) as cluster:
        return run_build(format, work, kind, project, cluster, force, chosen)


@app.command(example="briefgen merge shard-1 shard-2 shard-3 shard-4 --into build")
def merge(
    shards: Annotated[
        list[Path],
        typer.Argument(
            metavar="SHARD",
            help="The output folder of each shard (`build --shard I/N --out FOLDER`).",
        ),
    ],
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            metavar="FOLDER",
            help="The output folder to merge them into. Default: build.",
        ),
    ] = None,
    sources: SourcesOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Combine shard builds into one build, after checking each.

    The result is the build one machine would have made of every work.
    """
    import time

    from .build.shards import merge as merge_shards
    from .console import set_up
    from .sources.load import display, load_all

    set_up(quiet, verbose)
    started = time.perf_counter()
    project = _with_options(_project(sources), into)
    works = load_all(project.sources, project.root)
    root = project.root
    merged = merge_shards(
        list(shards),
        project.out,
        works,
        context(project),
        root,
        project.sources,
        lambda p: display(p, root) if p.is_absolute() else p.as_posix(),
    )
    console.say(
        f"merged {len(shards)} shard(s): wrote {merged.copied} file(s) and "
        f"{display(merged.manifest, root)}"
    )
    console.detail(f"took {time.perf_counter() - started:.1f} s")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _os_error(err: OSError) -> BriefgenError:
    from .errors import BuildError, Problem

    where = _shown(Path(err.filename)) if err.filename else "briefgen"
    return BuildError(Problem(where, f"{err.strerror or err}"))


def _interrupted() -> None:
    typer.echo("interrupted: nothing was written, earlier outputs are as they were", err=True)
    raise typer.Exit(130)


@app.command(example="briefgen watch --format html --work shanghai-declaration-2024")
def watch(
    format: FormatOpt = None,
    work: WorkOpt = None,
    kind: KindOpt = None,
    out: OutOpt = None,
    sources: SourcesOpt = None,
    jobs: JobsOpt = None,
    paper: PaperOpt = None,
    reference_docx: ReferenceOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Rebuild on every save of a source or template.

    Errors are reported and the watch goes on. Workers stay warm between saves; the edited
    text's edition is written before the rest.
    """
    from .console import set_up

    set_up(quiet, verbose)
    project = _with_options(_project(sources), out, jobs, paper, reference_docx, lang)
    _watching(project, lambda pool: _rebuild(format, work, kind, project, pool))


def _rebuild(
    format: list[Format] | None,
    work: list[str] | None,
    kind: list[Kind] | None,
    project: Project,
    pool: WarmPool,
) -> list[str] | None:
    """Run one build of a watch; print its errors and return them (None if it went well).

    A Ctrl-C during the build stops it (each stage written whole or not at all), exit 130.
    """
    problems: list[Any] = []
    try:
        run_build(format, work, kind, project, pool)
    except BriefgenError as err:
        problems = err.problems
    except OSError as err:
        problems = _os_error(err).problems
    except KeyboardInterrupt:  # during a build: stop it, each stage whole or not written
        pool.stop()
        typer.echo(
            "interrupted: each stage was written whole or not at all; "
            "the manifest matches the files",
            err=True,
        )
        raise typer.Exit(130) from None
    lines = [f"error: {problem}" for problem in problems]
    for line in lines:
        typer.echo(line, err=True)
    return lines or None


def _watching(project: Project, once: Callable[[WarmPool], object]) -> None:
    """Build once, then again on every save of a source, template or reference DOCX, in warm
    workers, until Ctrl-C (which, between builds, ends the watch quietly)."""
    from watchfiles import watch as changes_of

    from .build.executors import WarmPool
    from .scaffold import EXAMPLE

    # the templates folder and a reference DOCX may appear later: watch the folder above them
    inputs = [project.sources, project.templates, project.reference_docx or project.templates]
    watched = [p.absolute() for p in inputs]
    folders = {p if p.is_dir() else p.parent for p in watched}
    paths = sorted(p for p in folders if p.exists())

    def relevant(_: object, changed: str) -> bool:
        path = Path(changed)
        return any(path == p or path.is_relative_to(p) for p in watched)

    # each worker renders `briefgen new`'s example once, so the first save is as quick as the next
    pool = WarmPool(_jobs(project), context(project), EXAMPLE)
    try:
        once(pool)
        shown = ", ".join(str(p) for p in (project.sources, project.templates))
        console.say(f"watching {shown} (Ctrl-C to stop)")
        try:
            for _ in changes_of(*paths, watch_filter=relevant, debounce=300, raise_interrupt=True):
                once(pool)
        except KeyboardInterrupt:  # while waiting for a change: the usual way to stop
            pass
    finally:
        pool.stop()


@app.command(example=("briefgen serve", "briefgen serve --port 8080 --format pdf"))
def serve(
    format: Annotated[
        list[Format] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(FORMAT_CHOICES)}; repeat for several. HTML is "
            "always made. Default: html.",
        ),
    ] = None,
    work: WorkOpt = None,
    kind: KindOpt = None,
    out: OutOpt = None,
    sources: SourcesOpt = None,
    jobs: JobsOpt = None,
    paper: PaperOpt = None,
    reference_docx: ReferenceOpt = None,
    lang: LangOpt = None,
    port: Annotated[
        int,
        typer.Option(
            "--port", "-p", min=0, max=65535, help="Port on 127.0.0.1; 0 picks a free one."
        ),
    ] = 8000,
) -> None:
    """Serve the build folder locally; rebuild and reload pages on save.

    It builds first, serves on 127.0.0.1 only the files under the build folder, and reloads an
    open page when its output changes; a PDF opens in a page that reloads too.
    """
    from .serve import start

    project = _with_options(_project(sources), out, jobs, paper, reference_docx, lang)
    chosen = [*(format or []), Format("html")]
    serving = start(project.out, port)
    typer.echo(f"serving {project.out} at {serving.url} (Ctrl-C to stop)")

    def once(pool: WarmPool) -> None:
        failed = _rebuild(chosen, work, kind, project, pool)
        if failed is None:
            serving.hub.succeeded()
        else:
            serving.hub.failed(failed)

    try:
        _watching(project, once)
    finally:
        serving.stop()


@app.command(example=("briefgen check", "briefgen check --json"))
def check(
    sources: SourcesOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Validate every source against the format and its captures.

    Every problem is printed, one a line, and the exit code is 1 if there is any.
    """
    import time

    from .build import journal
    from .console import set_up
    from .sources.collections import load_collections
    from .sources.load import display, load_all

    set_up(quiet, verbose, json, works=[], collections=[])
    started = time.perf_counter()
    project = _project(sources)
    if journal.pending(project.sources):  # said first: the half-written files may not check
        console.say(f"note: {display(project.sources, project.root)}: {journal.PENDING}")
    works = load_all(project.sources, project.root)
    collections = load_collections(project.sources, project.root, works)
    check_reference(project)  # build would fail on it
    for w in works:
        counts = ", ".join(f"{e}: {n}" for e, n in sorted(w.paragraph_counts().items()))
        console.say(f"ok {w.path}: {w.id}, edition {w.version}, paragraphs ({counts})")
        if w.brief is not None:
            console.say(
                f"ok {w.brief_path}: brief of {w.id}, {len(w.brief.key_points)} key commitments"
            )
    for col, shown in collections:
        console.say(
            f"ok {shown}: collection {col.id}, {_count(len(col.works), 'work')}, "
            f"{_count(len(col.themes), 'theme')}"
        )
    console.detail(f"checked {_count(len(works), 'work')} in {time.perf_counter() - started:.1f} s")
    if json:
        console.document(
            {
                "ok": True,
                "works": [
                    {
                        "id": w.id,
                        "file": w.path,
                        "edition": w.version,
                        "paragraphs": dict(sorted(w.paragraph_counts().items())),
                        "brief": None
                        if w.brief is None
                        else {"file": w.brief_path, "key_points": len(w.brief.key_points)},
                    }
                    for w in works
                ],
                "collections": [
                    {
                        "id": col.id,
                        "file": shown,
                        "works": list(col.works),
                        "themes": [t.id for t in col.themes],
                    }
                    for col, shown in collections
                ],
                "errors": [],
            }
        )


themes_app = App(
    cls=Group,
    help="Suggest which paragraphs belong to a collection's themes.",
    epilog="Example:\n  briefgen themes suggest ai-governance --write",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(themes_app, name="themes")


@themes_app.command("suggest", example="briefgen themes suggest ai-governance --write")
def themes_suggest(
    collection: Annotated[
        str,
        typer.Argument(
            metavar="COLLECTION",
            help="Collection id, e.g. ai-governance.",
            autocompletion=collection_ids,
        ),
    ],
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Add the suggestions to the sources as TODO entries that check refuses until "
            "an editor confirms or deletes each.",
        ),
    ] = False,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Propose theme assignments from the themes' search terms.

    Suggestions, never facts: each is for an editor to confirm or reject.
    """
    from .build.writer import write_files
    from .model.collection import suggest
    from .sources.collections import load_collections
    from .sources.load import load_all
    from .sources.themes import written

    project = _project(sources)
    works = load_all(project.sources, project.root)
    found = {c.id: c for c, _ in load_collections(project.sources, project.root, works)}
    if collection not in found:
        known = ", ".join(sorted(found)) or "none"
        raise UsageError(f"unknown collection '{collection}' (collections: {known})")
    col = found[collection]
    by_id = {w.id: w for w in works}
    per_work = [(by_id[w], suggest(col, by_id[w])) for w in col.works]
    total = sum(len(s) for _, s in per_work)
    typer.echo(
        f"{col.id}: {total} suggestion(s) from the themes' search terms, for an editor to "
        "confirm or reject (none is an assignment)"
    )
    for decl, suggestions in per_work:
        for s in suggestions:
            words = ", ".join(f"'{w}'" for w in s.words)
            typer.echo(f"{decl.id} para {s.pin}: {s.theme} (matched {words})")
    if not write or not total:
        return
    files: list[tuple[Path, bytes]] = []
    for decl, suggestions in per_work:
        if suggestions and decl.source_file is not None:
            text = decl.source_file.read_text("utf-8")
            files.append((decl.source_file, written(text, decl.path, suggestions).encode("utf-8")))
    write_files(files, _shown)
    for decl, suggestions in per_work:
        if suggestions:
            typer.echo(f"wrote {len(suggestions)} TODO(s) in {decl.path}")
    typer.echo("each TODO is a suggestion: write the theme's id in its place, or delete it")


class CiteFormat(StrEnum):
    text = "text"
    csl_json = "csl-json"
    bibtex = "bibtex"
    ris = "ris"


@app.command(example="briefgen cite shanghai-declaration-2024 13 --format bibtex")
def cite(
    work: WorkArg,
    para: Annotated[
        str,
        typer.Argument(
            metavar="PARA",
            help="Paragraph number as printed, e.g. 13 or 12A; an item: 12c or 12(c).",
        ),
    ],
    expression: Annotated[
        str | None,
        typer.Option(
            "--expression",
            "-e",
            metavar="ID",
            help="Expression id. Default: the authoritative or first one.",
        ),
    ] = None,
    format: Annotated[
        CiteFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="STYLE",
            show_default=False,
            help="Output style: text, csl-json, bibtex or ris. Default: text.",
        ),
    ] = CiteFormat.text,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print a pinpoint citation of one paragraph, ready to paste."""
    from .documents import citation
    from .model.source import walk_items

    decl = _one_work(work, sources)
    try:
        para = decl.pinpoint(para)
    except KeyError:
        numbers = [p.number for p in decl.source.paragraphs]
        head = re.match(r"[1-9][0-9]*[A-Z]?", para.strip())
        listing = next(
            (p for p in decl.source.paragraphs if head and p.number == head.group() and p.items),
            None,
        )
        if listing is not None:
            labels = ", ".join(
                at.labels()[0] + "".join(f"({k})" for k in at.labels()[1:])
                for at in walk_items(listing.items)
            )
            raise UsageError(
                f"{decl.id} para {listing.number} has no item '{para}' (its items: {labels})"
            ) from None
        raise UsageError(
            f"{decl.id} has no paragraph '{para}' (paragraphs {numbers[0]}–{numbers[-1]})"
        ) from None
    ids = [e.id for e in decl.source.expressions]
    if expression is not None and expression not in ids:
        raise UsageError(
            f"{decl.id} has no expression '{expression}' (expressions: {', '.join(ids)})"
        )
    chosen = expression or citation.default_expression(decl)
    templates = _project(sources).templates
    typer.echo(citation.records(decl, format.value, [chosen], para, templates), nl=False)


def chosen_pair(decl: Declaration, pair: str | None, project: Project) -> list[str]:
    """Return the expressions to compare: --pair, else the project's `pair`, else every one."""
    from .project import parse_pair

    ids = [e.id for e in decl.source.expressions]
    if pair is None and project.pair is None:
        return ids
    chosen = parse_pair(pair) if pair is not None else project.pair
    if chosen is None:
        raise UsageError(f"--pair '{pair}': two or more expression ids, e.g. fr,en")
    for e in chosen:
        if e not in ids:
            raise UsageError(f"{decl.id} has no expression '{e}' (expressions: {', '.join(ids)})")
    return list(chosen)


@app.command(example="briefgen compare shanghai-declaration-2024 --pair en-xinhua,en-1ai")
def compare(
    work: WorkArg,
    pair: PairOpt = None,
    json: Annotated[
        bool, typer.Option("--json", help=f"Print the differences as JSON ({DOCS}#scripting).")
    ] = False,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print the numbers, dates and names that differ between texts.

    What must survive translation, paragraph by paragraph: numbers, years and dates,
    percentages, country and territory names, the glossary's terms, and the number of list
    items and sentences; exit 0 whether or not any differ.
    """
    import json as json_

    from .console import set_up
    from .documents import differences as wording
    from .model.crosslang import differences

    set_up(json=json)
    project = _project(sources)
    decl = load_one(work, project)
    ids = chosen_pair(decl, pair, project)
    found = differences(decl, ids)
    if json:
        shape = wording.as_json(decl, ids, found)
        typer.echo(json_.dumps(shape, ensure_ascii=False, indent=2))
        return
    typer.echo(wording.heading(decl, ids, found))
    for d in found:
        typer.echo(wording.line(decl, d, {e: e for e in ids}))


def load_one(work: str, project: Project) -> Declaration:
    """Load one work by id; an unknown id is a one-line error naming the known ones."""
    from .sources.load import load_all

    return load_all(project.sources, project.root, [work])[0]


def _one_work(work: str, sources: Path | None) -> Declaration:
    from .sources.load import load_all

    project = _project(sources)
    return load_all(project.sources, project.root, [work])[0]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version.split("."))


@app.command(example="briefgen changes shanghai-declaration-2024 --since 1.0.0")
def changes(
    work: WorkArg,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="VERSION", help="Only corrections after this edition, e.g. 1.0.1."
        ),
    ] = None,
    json: JsonOpt = False,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print the corrections of a work, with the edition each made.

    Oldest first; --since leaves out those of that edition and before.
    """
    from .console import set_up

    set_up(json=json, work=work, edition=None, since=since, corrections=[])
    if since is not None and not re.fullmatch(r"\d+\.\d+\.\d+", since):
        raise UsageError(f"--since takes an edition version such as 1.0.0, not '{since}'")
    decl = _one_work(work, sources)
    names = {e.id: e.name for e in decl.source.expressions}
    shown: list[dict[str, Any]] = []
    for edition, corrections in decl.releases():
        if since is not None and _version_key(edition.version) <= _version_key(since):
            continue
        for c in corrections:
            numbers = [decl.number_of(pid) for pid in c.paragraphs]
            paras = ", ".join(numbers)
            where = " · ".join(
                x
                for x in (names.get(c.expression or "", "all texts"), paras and f"para {paras}")
                if x
            )
            change = f" “{c.before}” → “{c.after}”." if c.before is not None else ""
            line = (
                f"{edition.version}  {edition.date.isoformat()}  {where}  {c.type}:"
                f"{change} {c.reason}"
            )
            console.say(line)
            shown.append(
                {
                    "edition": edition.version,
                    "date": edition.date.isoformat(),
                    "expression": c.expression,
                    "paragraphs": numbers,
                    "type": c.type,
                    "before": c.before,
                    "after": c.after,
                    "reason": c.reason,
                    "text": line,
                }
            )
    if not shown:
        after = f"edition {since}" if since else "edition 1.0.0"
        console.say(f"{decl.id}: no corrections since {after}; current edition {decl.version}")
    if json:
        console.document(
            {
                "ok": True,
                "work": decl.id,
                "edition": decl.version,
                "since": since,
                "corrections": shown,
                "errors": [],
            }
        )


@app.command(example="briefgen publish shanghai-declaration-2024")
def publish(
    work: WorkArg,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Record the work's paragraph numbers as published.

    From then on they cannot change: `renumber` refuses, and `check` reports a change.
    """
    from .build.writer import write_files
    from .sources import register

    decl = _one_work(work, sources)
    path = register.register_file(decl)
    assert path is not None
    shown = _shown(path)
    text, added = register.updated(decl, register.read(path, shown))
    write_files([(path, text)], _shown)
    typer.echo(
        f"{decl.id}: {added} paragraph number(s) newly recorded as published in "
        f"{_shown(path)} (edition {decl.version})"
    )


@app.command(example="briefgen new demo")
def new(
    folder: Annotated[
        Path,
        typer.Argument(metavar="FOLDER", help="New or empty folder to make the project in."),
    ],
    debug: DebugOpt = False,
) -> None:
    """Start a project around a small example work.

    It writes the example's sources, a briefgen.toml, a .gitignore and a README of next steps.
    """
    from .scaffold import new_project

    written = new_project(folder)
    typer.echo(f"wrote {len(written)} files into {folder}; next: cd {folder} && briefgen build")


@app.command(example=("briefgen templates --list", "briefgen templates --copy common.css"))
def templates(
    list_: Annotated[
        bool, typer.Option("--list", "-l", help="Show each template file and where it is from.")
    ] = False,
    copy: Annotated[
        str | None,
        typer.Option(
            "--copy",
            metavar="NAME",
            help="Copy a bundled file (or reference.docx) into the project's templates folder.",
            autocompletion=template_names,
        ),
    ] = None,
    json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """List the templates in use, or copy one to edit.

    The project's templates folder comes first, then the bundled files.
    """
    from . import scaffold
    from .console import set_up

    set_up(json=json, templates=[])
    if json and copy is not None:
        raise UsageError("--json: with --list, not with --copy")
    project = _project()
    if copy is not None:
        target = scaffold.copy(copy, project.templates)
        typer.echo(f"wrote {target}; edit it: it now overrides the bundled {copy}")
        return
    reference = project.reference_docx or _default_reference(project)
    rows = scaffold.listing(project.templates, reference)
    for name, origin, path in rows:
        where = str(path) if path is not None else "built in (python-docx's default + briefgen)"
        console.say(f"{name:<22} {origin:<8} {where}")
    if json:
        shown = [
            {"name": name, "origin": origin, "path": None if path is None else str(path)}
            for name, origin, path in rows
        ]
        console.document({"ok": True, "templates": shown, "errors": []})


@app.command(example="briefgen collate shanghai-declaration-2024 --expression en-1ai")
def collate(
    work: WorkArg,
    expression: Annotated[
        str | None,
        typer.Option(
            "--expression", "-e", metavar="ID", help="Only this expression. Default: every one."
        ),
    ] = None,
    json: JsonOpt = False,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Print what each line of a capture became.

    A paragraph, a section's heading, a recorded removal or a normalisation; capture words the
    edition does not account for, and any other problem, make the exit code 1.
    """
    from .console import set_up
    from .errors import Problem, SourceError
    from .paths import OutsideSources
    from .sources import collation
    from .sources.capture import NotText, read_capture, text_of
    from .sources.load import display, parse

    collated: list[dict[str, Any]] = []
    set_up(json=json, work=work, expressions=collated)
    project = _project(sources)
    root = project.root
    problems: list[Problem] = []
    path, data, text = _source_of(project, work)
    src = parse(data, text, display(path, root))
    ids = [e.id for e in src.expressions if e.capture is not None]
    if expression is not None and expression not in ids:
        raise UsageError(
            f"{work} has no expression '{expression}' with a capture "
            f"(expressions: {', '.join(ids)})"
        )
    for e_id in [expression] if expression else ids:
        e = next(x for x in src.expressions if x.id == e_id)
        c = next(x for x in src.captures if x.id == e.capture)
        try:  # the one path rule: a capture is read only from inside sources/
            capture = text_of(read_capture(path.parent, c.file), c.file)
        except (OutsideSources, OSError, NotText) as err:
            reason = f"{c.file} {err}" if isinstance(err, NotText) else str(err)
            if isinstance(err, OSError):
                reason = f"cannot read {c.file}"
            raise SourceError(Problem(display(path, root), reason)) from err
        col = collation.collate(src, e_id, capture)
        console.say(f"{e.name} ({e_id}) · capture {c.id}: {c.file}")
        for row in collation.table(col):
            console.say(row)
        runs = [{"first": a, "last": b, "became": label} for a, b, label in col.rows()]
        collated.append(
            {"id": e_id, "name": e.name, "capture": c.id, "file": c.file, "lines": runs}
        )
        problems += [Problem(display(path, root), m, f) for f, m in col.problems]
    if problems:
        raise SourceError(*problems)
    if json:
        console.document({"ok": True, "work": work, "expressions": collated, "errors": []})


def _source_of(project: Project, work: str) -> tuple[Path, Any, str]:
    """Return the file, data and text of a work's source, read but not checked."""
    from .sources.load import display, read_yaml, source_files

    for f in source_files(project.sources):
        data, text = read_yaml(f, display(f, project.root))
        if isinstance(data, dict) and (data.get("work") or {}).get("id") == work:
            return f, data, text
    raise UsageError(f"{display(project.sources, project.root)}: unknown work '{work}'")


@app.command(example="briefgen renumber harbour-accord")
def renumber(
    work: Annotated[
        str,
        typer.Argument(
            metavar="WORK", help="Work id, e.g. harbour-accord.", autocompletion=work_ids
        ),
    ],
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Number a draft's paragraphs 1 to N again, in source order.

    Refused once the numbers are published (`briefgen publish`).
    """
    from .build.writer import write_files
    from .sources import register
    from .sources.load import display
    from .sources.renumber import renumber as renumbered

    project = _project(sources)
    path, data, text = _source_of(project, work)
    shown = display(path, project.root)
    numbers = register.file_for(path, work)
    published = register.read(numbers, display(numbers, project.root))
    done = renumbered(data, text, shown, published, display(numbers, project.root))
    if not done.changes:
        typer.echo(
            f"{work}: paragraphs already numbered 1–{done.count} in {shown}; nothing changed"
        )
        return
    write_files([(path, done.text.encode("utf-8"))], _shown)
    typer.echo(
        f"{work}: renumbered {len(done.changes)} of {done.count} paragraphs 1–{done.count} in "
        f"{shown} (only the numbers changed; comments and layout are kept):"
    )
    typer.echo(", ".join(f"para {old} → {new}" for _, old, new in done.changes))
    for mention in done.mentions:
        typer.echo(f"note: {mention}")


def _date_option(value: str | None, option: str) -> date | None:
    from .errors import UsageError

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date such as 2024-07-04, not '{value}'") from None


@app.command(
    "import",
    example="briefgen import accord.txt --work harbour-accord --expression en --language en",
)
def import_(
    capture: Annotated[
        Path,
        typer.Argument(
            metavar="CAPTURE",
            help="The raw capture: plain text (.txt), Markdown (.md, or a .txt that is "
            "Markdown) or a saved web page (.html).",
        ),
    ],
    work: Annotated[
        str,
        typer.Option(
            "--work",
            metavar="ID",
            help="Work id; an existing work gets a text.",
            autocompletion=work_ids,
        ),
    ],
    expression: Annotated[str, typer.Option("--expression", metavar="ID", help="Id of this text.")],
    language: Annotated[
        str, typer.Option("--language", metavar="CODE", help="Language of this text, e.g. en.")
    ],
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The declaration's title.")
    ] = None,
    adopted: Annotated[
        str | None,
        typer.Option("--adopted", metavar="DATE", help="Date of adoption, e.g. 2024-07-04."),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", metavar="TEXT", help="Place of adoption.")
    ] = None,
    issuer: Annotated[
        str | None, typer.Option("--issuer", metavar="TEXT", help="Who adopted it.")
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option("--publisher", metavar="TEXT", help="Who published the capture."),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="Where the capture was taken.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="DATE", help="Date the capture's page was published."),
    ] = None,
    sources: SourcesOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Draft a source from a raw capture, or add a text to one.

    The report lists each passage it flagged, for an editor to confirm or move back.
    """
    import time

    from .console import set_up
    from .errors import UsageError
    from .importer import draft as importer

    started = time.perf_counter()
    try:
        set_up(quiet, verbose)
        for name, value in (("--work", work), ("--expression", expression)):
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
                raise UsageError(f"{name} must be lowercase letters, digits and hyphens: '{value}'")
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
            raise UsageError(f"--language takes a language code such as en or zh: '{language}'")
        opts = importer.Options(
            capture,
            work,
            expression,
            language,
            title,
            _date_option(adopted, "--adopted"),
            place,
            issuer,
            publisher,
            url,
            _date_option(published, "--published"),
        )
        folder = _project(sources).sources

        def waiting() -> None:
            console.say(f"another briefgen is writing {folder}; waiting for it to finish")

        report = importer.run(opts, folder, waiting)
    except UsageError as err:
        for problem in err.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2) from None
    for line in report.lines():
        console.say(line)
    console.detail(f"took {time.perf_counter() - started:.1f} s")


def _shown(path: Path) -> str:
    from .sources.load import display

    return display(path, Path.cwd())


def main() -> None:
    """Run the command line."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
