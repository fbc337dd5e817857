"""The catalogue of a build folder: every work and collection in it, every output file with its
format and size, and the words of the search over all editions' paragraphs.

The catalogue describes what a build wrote, not the sources: its input is a `Shelf` that the
build reads from the manifest (build/catalogue.py), so a build of some works lists the others
as the folder holds them. Like every view it returns a `Document`; the HTML renderer adds the
search form, whose words are this view's too (`search_words`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..i18n import Messages
from .blocks import (
    Block,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
    Heading,
    Item,
    Link,
    List,
    Para,
    Row,
    Section,
    Table,
    Text,
    runs,
)

#: What each format is called in the catalogue: names, the same in every language.
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "html": "HTML",
    "akn": "Akoma Ntoso XML",
    "csl-json": "CSL JSON",
    "bibtex": "BibTeX",
    "ris": "RIS",
}


@dataclass(frozen=True)
class Listed:
    """One output file in the build folder, as the manifest records it."""

    path: str  # relative to the build folder: "<work>/edition-en.pdf"
    kind: str
    expressions: tuple[str, ...]
    format: str
    size: int  # bytes


@dataclass(frozen=True)
class Shelved:
    """One work in the build folder: what the catalogue says of it, and its outputs."""

    id: str
    title: str
    issuer: str | None  # None (and adopted None): a manifest that does not say
    adopted: date | None
    languages: tuple[str, ...]  # of its texts, in their order
    texts: dict[str, str]  # expression id -> its name ("Xinhua English text")
    edition: str  # the current edition's version
    outputs: tuple[Listed, ...]


@dataclass(frozen=True)
class Collected:
    """One collection: its id, title, the works it holds (in order) and its outputs."""

    id: str
    title: str
    works: tuple[str, ...]
    outputs: tuple[Listed, ...] = ()


@dataclass(frozen=True)
class Shelf:
    """Everything a build folder holds, for its catalogue."""

    works: tuple[Shelved, ...]
    collections: tuple[Collected, ...] = field(default=())
    #: The latest date of the editions it holds: the catalogue's date (without a build date).
    latest: date | None = None


def size(m: Messages, n: int) -> str:
    """Return a file size as the language writes it: "812 B", "14.2 kB", "3.1 MB"."""
    if n < 1000:
        return m._("{size} B", size=m.number(n))
    if n < 1_000_000:
        return m._("{size} kB", size=m.number(round(n / 1000, 1)))
    return m._("{size} MB", size=m.number(round(n / 1_000_000, 1)))


def output_label(m: Messages, texts: dict[str, str], out: Listed) -> str:
    """Return what the catalogue calls one output: "Edition: Xinhua English text", "Pack";
    texts names each expression of its work."""
    if out.kind == "edition":
        name = texts.get(out.expressions[0], out.expressions[0]) if out.expressions else ""
        return m._("Edition: {text}", text=name)
    labels = {
        "comparison": m._("Comparison"),
        "brief": m._("Policy brief"),
        "citation": m._("Citation record"),
        "notice": m._("Correction notice"),
        "pack": m._("Pack"),
        "matrix": m._("Theme matrix"),
        "themes": m._("Theme pages"),
        "collection-pack": m._("Collection pack"),
    }
    return labels.get(out.kind, out.kind)


def format_name(fmt: str) -> str:
    """Return a format's name as the catalogue prints it ("PDF", "Word (DOCX)")."""
    return FORMAT_NAMES.get(fmt, fmt.upper())


def search_words(m: Messages) -> dict[str, str]:
    """Return the words of the search form and its results, by the role each plays.

    "result" is each result's link ({title} the edition's title, {number} the paragraph's);
    "count" the line above the results ({n} their number).
    """
    return {
        "heading": m._("Search the editions"),
        "label": m._("Words or a phrase from any paragraph"),
        "button": m._("Search"),
        "none": m._("No paragraph matches."),
        # a count in a form every language reads alike, whatever n (no plural to agree)
        "count": m._("Paragraphs found: {n}"),
        "result": m._("{title}, para {number}"),
        "unavailable": m._("Search needs the catalogue to be served over HTTP."),
    }


def result_title(m: Messages, title: str, number: str) -> str:
    """Return how a search result names a paragraph: "<edition title>, para 13"."""
    return search_words(m)["result"].format(title=title, number=number)


def _work(m: Messages, w: Shelved) -> Section:
    said = [
        (m._("Issued by"), w.issuer),
        (m._("Adopted"), m.date(w.adopted) if w.adopted else None),
        (m._("Languages"), m.join([m.language(lang) for lang in w.languages])),
        (m._("Edition"), m._("briefgen edition {version}", version=w.edition)),
    ]
    facts = Facts(tuple(Fact(label, runs(value)) for label, value in said if value))
    return Section(
        (Heading(3, runs(w.title), anchor=f"work-{w.id}"), facts, _table(m, w.outputs, w.texts)),
        role="work",
    )


def _table(m: Messages, outputs: tuple[Listed, ...], texts: dict[str, str]) -> Table:
    """Return the table of outputs: each a link named by what it is, its format, its size."""
    head = Row(
        (
            Cell(runs(m._("Output")), header=True),
            Cell(runs(m._("Format")), header=True),
            Cell(runs(m._("Size")), header=True),
        )
    )
    rows = tuple(
        Row(
            (
                Cell((Text(output_label(m, texts, o), link=Link("url", o.path)),)),
                Cell(runs(format_name(o.format)), role="format"),
                Cell(runs(size(m, o.size)), role="size"),
            ),
            role="output",
        )
        for o in outputs
    )
    return Table(
        (Column("output"), Column("format", 0.25), Column("size", 0.15)),
        (head,),
        rows,
        role="outputs",
    )


def _collections(m: Messages, shelf: Shelf) -> tuple[Block, ...]:
    if not shelf.collections:
        return ()
    titles = {w.id: w.title for w in shelf.works}
    parts: list[Block] = [Heading(2, runs(m._("Collections")))]
    for c in shelf.collections:
        held = List(
            tuple(
                Item(
                    (Text(titles[w], link=Link("anchor", f"work-{w}")),) if w in titles else runs(w)
                )
                for w in c.works
            )
        )
        table = (_table(m, c.outputs, {}),) if c.outputs else ()
        parts.append(
            Section(
                (Heading(3, runs(c.title), anchor=f"collection-{c.id}"), held, *table),
                role="collection",
            )
        )
    return (Section(tuple(parts), role="collections"),)


def catalogue(shelf: Shelf, m: Messages, created: date) -> Document:
    """Return the catalogue of a build folder, its words in `m`'s language."""
    title = m._("Catalogue")
    count = m.n_("{n} work", "{n} works", len(shelf.works))
    body: list[Block] = [
        Heading(1, runs(title), role="title"),
        Para(runs(count), role="summary"),
        *_collections(m, shelf),
    ]
    if shelf.works:
        body.append(
            Section(
                (Heading(2, runs(m._("Works"))), *(_work(m, w) for w in shelf.works)),
                role="works",
            )
        )
    return Document(
        kind="catalogue",
        lang=m.lang,
        title=title,
        description=count,
        running=title,
        created=created,
        author="briefgen",
        body=tuple(body),
        meta=tuple(search_words(m).items()),
    )
