"""The outputs table: every kind of output, the formats it is made in, and what each one takes.

KINDS says what each kind of output shows of a work (so which part of the source its digest
covers), which works have one, and its file name. FORMATS says, for each format, the function
that renders each kind it makes and its cost, its file extension, and which options change its
bytes. Their product, OUTPUTS, has one row (a Spec) per kind and format. The command line's
`--format` and `--kind` choices, briefgen.toml's `formats`, the plan, triage, the input digests
and `watch`'s staged build all read this table; none of them names a format.

Adding a format is one renderer module (a function per kind it makes, taking the declaration,
the expressions shown and the Context and returning bytes, never touching the file system)
and one entry in FORMATS naming those functions. Nothing here imports a renderer until it
renders: `briefgen --help` and `check` never load WeasyPrint or python-docx.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .model.corpus import Corpus
    from .model.declaration import Declaration
    from .render.context import Context

#: Renders one output of a declaration (the expressions it shows, the context) into bytes; an
#: output of a collection is rendered from the collection and its works (a Corpus) the same way.
RenderFn = Callable[["Declaration | Corpus", tuple[str, ...], "Context"], bytes]
#: An option of the Context that can change an output's bytes.
Option = Literal["build_date", "paper", "reference_docx", "lang", "formats", "kinds"]


class Covers(StrEnum):
    """The part of a work an output shows: the part of the source its digest covers."""

    TEXT = "text"  # one expression: its text, headings, capture, interventions, corrections
    RECORD = "record"  # the work, its expressions, its edition and corrections; no text
    SOURCE = "source"  # the whole source, and whether a brief is linked to
    BRIEF = "brief"  # the whole source and the brief
    FILES = "files"  # the whole source, the brief, and the bytes of the files it attaches
    COLLECTION = "collection"  # a collection: its file and every source and brief of its works
    COLLECTION_FILES = "collection-files"  # that, and the bytes of every file its works attach


def _every(decl: Declaration) -> str | None:
    return None


def _several_texts(decl: Declaration) -> str | None:
    if len(decl.source.expressions) < 2:
        return "it has one text, so there is nothing to compare"
    return None


def _with_brief(decl: Declaration) -> str | None:
    return "it has no brief (*.brief.yaml)" if decl.brief is None else None


def _corrected(decl: Declaration) -> str | None:
    return None if decl.releases() else "it has no corrections"


@dataclass(frozen=True)
class Kind:
    """A kind of output: what it shows of a work, which works have one, its file name."""

    name: str
    covers: Covers
    #: The file name without its extension; {expressions} is the ids shown, joined by "-".
    file: str
    #: Why a work has none of this kind ("it has no brief"), or None when it has one.
    missing: Callable[[Declaration], str | None] = _every
    #: One output for each expression (an edition); otherwise one showing them all.
    per_expression: bool = False
    #: Its words around the texts are in the language asked for (--lang; an edition speaks
    #: its text's language, a citation record English).
    worded: bool = False
    #: An output of a collection (sources/collections/<id>.yaml), not of one work: it is
    #: written under collections/<id>/ and rendered from a Corpus.
    collection: bool = False

    def filename(self, expressions: tuple[str, ...], extension: str) -> str:
        """Return the file name of this kind of output, e.g. edition-en-xinhua.pdf."""
        return f"{self.file.format(expressions='-'.join(expressions))}.{extension}"


#: Every kind of output, in the order a work's outputs are planned.
KINDS: tuple[Kind, ...] = (
    Kind("edition", Covers.TEXT, "edition-{expressions}", per_expression=True),
    Kind("comparison", Covers.SOURCE, "comparison-{expressions}", _several_texts, worded=True),
    Kind("brief", Covers.BRIEF, "brief", _with_brief, worded=True),
    Kind("citation", Covers.RECORD, "citations"),
    # what the latest correction changed
    Kind("notice", Covers.SOURCE, "notice", _corrected, worded=True),
    Kind("pack", Covers.FILES, "pack", worded=True),  # it attaches the source files
    # a collection's: works × themes; each theme's paragraphs quoted; all of it in one pack
    Kind("matrix", Covers.COLLECTION, "matrix", worded=True, collection=True),
    Kind("themes", Covers.COLLECTION, "themes", worded=True, collection=True),
    Kind("collection-pack", Covers.COLLECTION_FILES, "pack", worded=True, collection=True),
)


@dataclass(frozen=True)
class Lazy:
    """A render function named by its module, imported at its first call."""

    module: str
    function: str

    def __call__(
        self, decl: Declaration | Corpus, expressions: tuple[str, ...], ctx: Context
    ) -> bytes:
        render: RenderFn = getattr(import_module(self.module), self.function)
        return render(decl, expressions, ctx)


@dataclass(frozen=True)
class Makes:
    """How a format makes one kind of output: the function, and its rough relative cost
    (the costliest outputs are started first, so parallel workers finish together)."""

    render: RenderFn
    cost: int


@dataclass(frozen=True)
class Format:
    """An output format: the kinds it makes, its extension, what else changes its bytes."""

    name: str
    makes: Mapping[str, Makes]  # by kind name
    extension: str = ""  # the file extension; default: the name
    #: The options of the Context that change its bytes (the page size, the Word styles…).
    options: tuple[Option, ...] = ("build_date",)
    fonts: bool = False  # the fonts installed change its bytes
    templates: bool = True  # the templates and stylesheets do
    quick: bool = False  # rendered in milliseconds: `watch` writes its editions first
    record: bool = False  # a citation record: made with every build, not chosen by --format
    in_all: bool = True  # made by `--format all` (a format to read; an export is asked for)
    label: str = ""  # its name for a reader ("PDF", "BibTeX"); default: the name in capitals
    #: Its pages link to the build's other formats of the same document (see alternates), so
    #: which formats and kinds a build makes is part of their digest.
    links: bool = False

    @property
    def ext(self) -> str:
        """Return the file extension of this format."""
        return self.extension or self.name

    @property
    def shown(self) -> str:
        """Return the format's name for a reader, e.g. PDF."""
        return self.label or self.name.upper()


def _functions(module: str, costs: Mapping[str, int]) -> dict[str, Makes]:
    """Return what a renderer module makes: its function named after each kind ("-" as "_"),
    at a cost."""
    return {kind: Makes(Lazy(module, kind.replace("-", "_")), cost) for kind, cost in costs.items()}


def _record(name: str, function: str, extension: str, label: str) -> Format:
    makes = {"citation": Makes(Lazy("briefgen.render.records", function), 0)}
    return Format(name, makes, extension, options=(), templates=False, record=True, label=label)


#: Every format, in the order its outputs are planned. A document format first, then the
#: citation records every build writes.
FORMATS: tuple[Format, ...] = (
    Format(
        "pdf",
        _functions(
            "briefgen.render.pdf.renderer",
            {
                "edition": 16,
                "comparison": 24,
                "brief": 12,
                "notice": 4,
                "pack": 100,
                "matrix": 8,
                "themes": 16,
                "collection-pack": 200,
            },
        ),
        options=("build_date", "paper"),
        fonts=True,
    ),
    Format(
        "docx",
        _functions(
            "briefgen.render.docx.renderer",
            {
                "edition": 8,
                "comparison": 12,
                "brief": 6,
                "notice": 2,
                "pack": 50,
                "matrix": 4,
                "themes": 8,
                "collection-pack": 100,
            },
        ),
        options=("build_date", "paper", "reference_docx"),
        fonts=True,
        label="Word (DOCX)",
        # Word styles are briefgen's code or the reference document (an option): no template
        # or stylesheet changes a DOCX, so editing one re-renders no DOCX. The project's
        # message catalogues (templates/locale) still do, as for every format without templates.
        templates=False,
    ),
    Format(
        "html",
        _functions(
            "briefgen.render.html.renderer",
            {"edition": 8, "comparison": 12, "brief": 6, "notice": 2, "matrix": 2, "themes": 4},
        ),
        quick=True,  # the screen has no page: the paper does not change it
        links=True,
    ),
    Format(
        "akn",
        _functions("briefgen.render.akn.renderer", {"edition": 2}),
        extension="akn.xml",
        templates=False,
        quick=True,
        in_all=False,  # an export for legal-XML tools, made when asked for by name
        label="Akoma Ntoso",
    ),
    _record("csl-json", "csl_json", "json", "CSL-JSON"),
    _record("bibtex", "bibtex", "bib", "BibTeX"),
    _record("ris", "ris", "ris", "RIS"),
)


@dataclass(frozen=True)
class Spec:
    """One row of the table: a kind of output in one format."""

    kind: Kind
    format: Format
    render: RenderFn
    cost: int

    def filename(self, expressions: tuple[str, ...]) -> str:
        """Return the output's file name inside its work's folder."""
        return self.kind.filename(expressions, self.format.ext)

    @property
    def stage(self) -> int:
        """Return the stage `watch` writes it in: what shows one text only goes first.

        0: such outputs in a quick format (an HTML edition); 1: in the other formats;
        2: every output showing more of the work.
        """
        if not self.kind.per_expression:
            return 2
        return 0 if self.format.quick else 1


#: The table: one row for each kind and each format that makes it, in planning order.
OUTPUTS: dict[tuple[str, str], Spec] = {
    (kind.name, fmt.name): Spec(kind, fmt, fmt.makes[kind.name].render, fmt.makes[kind.name].cost)
    for kind in KINDS
    for fmt in FORMATS
    if kind.name in fmt.makes
}

#: The kinds by name, and the document formats a person chooses with --format, in order.
KIND_NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in FORMATS if not f.record)
#: What `--format all` means: the formats a person reads.
ALL_FORMATS: tuple[str, ...] = tuple(f.name for f in FORMATS if not f.record and f.in_all)


def spec(kind: str, fmt: str) -> Spec:
    """Return the row of one kind of output in one format."""
    return OUTPUTS[(kind, fmt)]


def formats_of(kind: Kind, chosen: set[str], kinds: set[str] | None = None) -> list[Spec]:
    """Return the rows a kind is made in: the chosen formats that make it, and the records.

    A kind named in `kinds` (--kind) is never left out for want of a format: if no chosen
    format makes it, it is made in the first format that does (the pack and the notice in PDF).
    """
    rows = [s for (k, _), s in OUTPUTS.items() if k == kind.name]
    made = [s for s in rows if s.format.record or s.format.name in chosen]
    if not made and kinds is not None and kind.name in kinds:
        return rows[:1]
    return made


def made_in(
    work: Declaration | Corpus, kind: Kind, chosen: set[str], kinds: set[str] | None
) -> list[Spec]:
    """Return the rows a build makes of one kind of a work (none if the work has none of it,
    or --kind leaves it out): the plan's rule, for one work and kind."""
    from .model.corpus import Corpus

    if kinds is not None and kind.name not in kinds:
        return []
    if kind.collection != isinstance(work, Corpus):
        return []
    if not kind.collection and kind.missing(work):  # type: ignore[arg-type]
        return []
    return formats_of(kind, chosen, kinds)


@dataclass(frozen=True)
class Alternate:
    """Another output a page links to: the same document in another format (role "format"),
    the work's citation records ("record"), or a corrected edition's notice ("notice")."""

    role: Literal["format", "record", "notice"]
    format: Format
    file: str  # its file name, beside the page


def alternates(
    work: Declaration | Corpus,
    kind: str,
    expressions: tuple[str, ...],
    fmt: str,
    formats: tuple[str, ...],
    kinds: tuple[str, ...] | None,
) -> list[Alternate]:
    """Return what an output in format `fmt` links to among the outputs of the same build
    (which makes `formats`, and the `kinds` named by --kind, if any): the same document in
    each other format, the work's citation records, and, from an edition whose text was
    corrected, the notice (in fmt if the build makes it so, else its first format)."""
    from .model.corpus import Corpus

    chosen, named = set(formats), set(kinds) if kinds is not None else None
    by_name = {k.name: k for k in KINDS}
    found = [
        Alternate("format", s.format, s.filename(expressions))
        for s in made_in(work, by_name[kind], chosen, named)
        if s.format.name != fmt and not s.format.record
    ]
    if isinstance(work, Corpus):
        return found
    found += [
        Alternate("record", s.format, s.filename(()))
        for s in made_in(work, by_name["citation"], chosen, named)
        if s.format.record
    ]
    if by_name[kind].per_expression and work.releases(expressions[0]):
        notices = made_in(work, by_name["notice"], chosen, named)
        ours = [s for s in notices if s.format.name == fmt] or notices[:1]
        found += [Alternate("notice", s.format, s.filename(())) for s in ours]
    return found


def filename(kind: str, expressions: tuple[str, ...], fmt: str) -> str:
    """Return an output's file name, e.g. edition-en-xinhua.pdf or brief.html."""
    return spec(kind, fmt).filename(expressions)


@dataclass(frozen=True)
class Output:
    """One file a build makes: a kind of output of a work, showing some texts, in a format;
    or of a collection (its work is then the Corpus, its expressions none)."""

    work: Declaration | Corpus
    kind: str
    expressions: tuple[str, ...]
    format: str

    @property
    def spec(self) -> Spec:
        """Return its row of the outputs table."""
        return spec(self.kind, self.format)

    @property
    def path(self) -> str:
        """Return the path relative to the output folder: <work>/<file>, or a collection's
        collections/<collection>/<file>."""
        folder = f"collections/{self.work.id}" if self.spec.kind.collection else self.work.id
        return f"{folder}/{self.spec.filename(self.expressions)}"

    @property
    def cost(self) -> int:
        """Return its rough relative cost of rendering."""
        return self.spec.cost


@dataclass(frozen=True)
class SiteKind:
    """A kind of output of the whole build folder rather than of one work (the catalogue).

    It is made from the manifest after every work's outputs, in the same all-or-nothing write:
    by every build that writes one of `formats`, and by any build into a folder that already
    holds it (so it always lists what the folder holds).
    """

    name: str
    file: str  # its path in the build folder
    formats: tuple[str, ...]  # a build writing one of these makes it
    render: str  # "module:function", called with the Shelf and the Context, returning bytes
    #: A folder made with it and replaced whole with it (the search index).
    folder: str | None = None

    def renderer(self) -> Callable[..., bytes]:
        """Return its render function (imported now, not when the table is read)."""
        module, function = self.render.split(":")
        render: Callable[..., bytes] = getattr(import_module(module), function)
        return render


#: The outputs of the whole build folder, made after every work's.
SITE_KINDS: tuple[SiteKind, ...] = (
    SiteKind(
        "catalogue",
        "index.html",
        ("html",),
        "briefgen.render.html.renderer:catalogue",
        folder="pagefind",
    ),
)

#: Names a work id may not take: the build folder's own folders (build/<id>/ is a work's).
RESERVED_IDS = frozenset(k.folder for k in SITE_KINDS if k.folder)


def reserved_id(work_id: str) -> str | None:
    """Return why a work id cannot be used, or None."""
    if work_id in RESERVED_IDS:
        return (
            f"'{work_id}' is a folder of the build itself (the catalogue's search index); "
            "choose another work id"
        )
    return None
