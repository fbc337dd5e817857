"""A collection's own documents: the theme matrix (works × themes, each cell the pinpoints that
link to the paragraphs) and the theme pages (each theme's paragraphs quoted across the works, in
date order, each with its citation and provenance).

Every paragraph quoted or cited is in its work's default text (citation.default_expression).
Where a link leads depends on where the document stands: a standalone output links to the
edition file of the work in the same format (`../../<work>/edition-<text>.<ext>#para-3`, the
collection's outputs being in `collections/<id>/`); in the collection's pack (ext None) to the
pack's own copy of the edition (the anchor `<work>-<text>-para-3`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..i18n import Messages, messages
from ..model.collection import Assigned, Theme
from ..model.corpus import Corpus
from ..model.declaration import Declaration, pin_anchor
from ..outputs import filename
from .blocks import (
    Block,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
    Heading,
    Link,
    Para,
    Row,
    Runs,
    Section,
    Table,
    Text,
    fill,
    runs,
)
from .citation import citation, default_expression
from .edition import item_label
from .links import Describer
from .links import describer as work_describer
from .wording import marked, named

#: Themes a portrait page holds beside the column of works; more need a landscape page.
PORTRAIT_THEMES = 4


def work_prefix(corpus: Corpus, decl: Declaration) -> str:
    """Return the prefix of a work's parts in the collection's pack: "w2-" for the second
    (short, so that a Word bookmark "w2-en-para-13" stays within Word's 40 characters)."""
    return f"w{[w.id for w in corpus.works].index(decl.id) + 1}-"


def paragraph_link(corpus: Corpus, decl: Declaration, pin: str, ext: str | None) -> Link:
    """Return where a pinpoint of a work leads: its paragraph in the work's default text."""
    expression = default_expression(decl)
    anchor = pin_anchor(pin)
    if ext is None:  # in the collection's pack: its own copy of the edition
        return Link("anchor", f"{work_prefix(corpus, decl)}{expression}-{anchor}")
    return Link("url", f"../../{decl.id}/{filename('edition', (expression,), ext)}#{anchor}")


def theme_anchor(theme: Theme) -> str:
    """Return the anchor of a theme's page: "theme-capacity-building"."""
    return f"theme-{theme.id}"


def theme_link(theme: Theme, ext: str | None) -> Link:
    """Return where a theme's name in the matrix leads: its page among the theme pages."""
    if ext is None:
        return Link("anchor", theme_anchor(theme))
    return Link("url", f"{filename('themes', (), ext)}#{theme_anchor(theme)}")


def pinpoints(
    m: Messages, corpus: Corpus, decl: Declaration, found: Sequence[Assigned], ext: str | None
) -> Runs:
    """Return a matrix cell: "paras 3, 7(b)", each pinpoint a link; "—" where there is none."""
    if not found:
        return runs(Text("—", role="none"))
    linked: list[Text] = []
    for i, a in enumerate(found):
        if i:
            linked.append(Text(", "))
        linked.append(Text(a.pin(), link=paragraph_link(corpus, decl, a.pin(), ext)))
    if len(found) == 1:
        return fill(m._("para {number}"), number=linked)
    return fill(m._("paras {numbers}"), numbers=linked)


def _work_cell(m: Messages, decl: Declaration) -> Cell:
    w = decl.source.work
    return Cell(
        runs(Text(w.short_title or w.title, ("strong",)), "\n", m.date(w.adopted)), role="work"
    )


def matrix(
    corpus: Corpus, m: Messages | None = None, ext: str | None = "html", top: str = "top"
) -> Document:
    """Return the theme matrix of a collection, in `m`'s language: a row per work, a column
    per theme; landscape when it has more themes than a portrait page holds. top: the anchor
    of its title (in the collection's pack, "matrix")."""
    m = m or messages("en")
    col = corpus.collection
    themes = col.themes
    share = (0.2 if len(themes) > PORTRAIT_THEMES else 0.28) if themes else 1.0
    columns = (
        Column("work", share),
        *(Column("theme", (1 - share) / len(themes)) for _ in themes),
    )
    head = Row(
        (
            Cell(runs(m._("Instrument")), header=True),
            *(
                Cell(runs(Text(t.label, link=theme_link(t, ext))), header=True, role="theme")
                for t in themes
            ),
        )
    )
    rows = tuple(
        Row(
            (
                _work_cell(m, w),
                *(
                    Cell(pinpoints(m, corpus, w, corpus.assigned(w, t.id), ext), role="pins")
                    for t in themes
                ),
            ),
            anchor=f"matrix-{w.id}",
        )
        for w in corpus.works
    )
    body: list[Block] = [
        Heading(1, runs(m._("Theme matrix: {title}", title=col.title)), anchor=top, role="title"),
        Para(
            runs(
                m._(
                    "Each cell cites the paragraphs of an instrument that its editors assigned to "
                    "a theme; each pinpoint links to the paragraph in the instrument's edition "
                    "({count} instruments, {themes} themes).",
                    count=len(corpus.works),
                    themes=len(themes),
                )
            ),
            role="lede",
        ),
        Table(columns, (head,), rows, role="matrix"),
        Heading(2, runs(m._("What each theme covers")), role="doc-h2"),
        Facts(tuple(Fact(t.label, runs(t.definition)) for t in themes), role="definitions"),
    ]
    if col.description:
        body.insert(1, Para(runs(col.description), role="description"))
    title = m._("Theme matrix: {title}", title=col.title)
    view = _document(corpus, "matrix", title, tuple(body), m)
    return replace(view, landscape=len(themes) > PORTRAIT_THEMES)


def provenance_line(m: Messages, decl: Declaration, expression: str) -> Runs:
    """Return where a quoted text comes from: its name, its capture's publisher and address."""
    e = decl.expression(expression)
    if e.capture is None:
        return runs(m._("Text: {text}.", text=e.name))
    c = decl.capture(e.capture)
    return fill(
        m._("Text: {text}, from {publisher}, {url} (capture {capture}, SHA-256 {hash})."),
        text=e.name,
        publisher=c.publisher,
        url=Text(c.url, link=Link("url", c.url), role="url"),
        capture=c.id,
        hash=Text(c.sha256[:16] + "…", role="hash"),
    )


def _quoted(decl: Declaration, a: Assigned, expression: str) -> Runs | None:
    """Return the words of an assigned paragraph or item in a text, None where it has none."""
    value = (a.item.item if a.item is not None else a.paragraph).text.get(expression)
    if not isinstance(value, str):
        return None
    label = item_label(a.item.item) if a.item is not None else None
    return runs(Text(f"{label} ", role="label") if label else None, marked(value))


def _quote(m: Messages, corpus: Corpus, decl: Declaration, a: Assigned, ext: str | None) -> Row:
    """Return one quoted paragraph: the instrument and pinpoint, then its words, citation and
    provenance."""
    expression = default_expression(decl)
    e = decl.expression(expression)
    words = _quoted(decl, a, expression)
    pin = Text(a.pin(), link=paragraph_link(corpus, decl, a.pin(), ext))
    quoted: list[Block] = [
        Para(
            words
            if words is not None
            else runs(m._("[This paragraph is not present in this text.]")),
            role="quote",
            lang=e.language if words is not None else None,
        ),
        Para(
            fill(m._("Cite as: {citation}"), citation=citation(m, decl, a.pin(), expression)),
            role="cite-as",
        ),
        Para(provenance_line(m, decl, expression), role="provenance-line"),
    ]
    return Row(
        (
            Cell(
                runs(
                    Text(decl.source.work.short_title or decl.source.work.title, ("strong",)),
                    "\n",
                    m.date(decl.source.work.adopted),
                    "\n",
                    fill(m._("para {number}"), number=pin),
                ),
                role="work",
            ),
            Cell(tuple(quoted), role="quoted"),
        ),
        role="quote-row",
    )


def theme_section(
    m: Messages, corpus: Corpus, theme: Theme, ext: str | None, first: bool = False
) -> Section:
    """Return one theme's page: its definition, then every paragraph assigned to it across the
    works, the works in date order; each but the first starts a new page."""
    rows = tuple(
        _quote(m, corpus, w, a, ext) for w in corpus.by_date() for a in corpus.assigned(w, theme.id)
    )
    body: list[Block] = [
        Heading(2, runs(theme.label), anchor=theme_anchor(theme), role="theme-title"),
        Para(runs(theme.definition), role="definition"),
    ]
    if rows:
        body.append(
            Table(
                (Column("work", 0.22), Column("quoted")),
                (
                    Row(
                        (
                            Cell(runs(m._("Instrument")), header=True),
                            Cell(runs(m._("Paragraph")), header=True),
                        )
                    ),
                ),
                rows,
                role="quotes",
            )
        )
    else:
        body.append(Para(runs(m._("No paragraph is assigned to this theme yet.")), role="none"))
    return Section(tuple(body), role="theme", page_break=not first)


def themes(
    corpus: Corpus, m: Messages | None = None, ext: str | None = "html", top: str = "top"
) -> Document:
    """Return the theme pages of a collection, in `m`'s language: one section per theme.
    top: the anchor of its title (in the collection's pack, "themes")."""
    m = m or messages("en")
    col = corpus.collection
    title = m._("Themes: {title}", title=col.title)
    body: list[Block] = [
        Heading(1, runs(title), anchor=top, role="title"),
        Para(
            runs(
                m._(
                    "For each theme, the paragraphs the editors assigned to it, quoted from each "
                    "instrument's edition in the order the instruments were adopted, each with "
                    "its citation and where its text comes from."
                )
            ),
            role="lede",
        ),
        *(theme_section(m, corpus, t, ext, i == 0) for i, t in enumerate(col.themes)),
    ]
    return _document(corpus, "themes", title, tuple(body), m)


def _document(
    corpus: Corpus, kind: str, title: str, body: tuple[Block, ...], m: Messages
) -> Document:
    """Return a document of a collection, with the collection's running head."""
    col = corpus.collection
    created = max(w.edition().date for w in corpus.works)
    issuers = list(dict.fromkeys(w.source.work.issuer for w in corpus.works))
    return Document(
        kind=f"collection-{kind}",
        lang=m.lang,
        title=title,
        description=m._(
            "{title}: a collection of {count} instruments", title=title, count=len(corpus.works)
        ),
        running=m._("Collection · {title}", title=col.title),
        pages=m._("Page {page} of {pages}"),
        created=created,
        author=m.join(issuers),
        subject=col.title,
        keywords="; ".join((col.id, *(t.label for t in col.themes))),
        body=body,
    )


def describer(corpus: Corpus, m: Messages | None = None, ext: str = "pdf") -> Describer:
    """Return what says where a link of a collection's PDF goes: a paragraph of a work's
    edition ("Paragraph 3 of the English text (…/edition-en.pdf)"), a theme, the web."""
    m = m or messages("en")
    base = work_describer(corpus.works[0], m)
    files: dict[str, str] = {filename("themes", (), ext): m._("the theme pages")}
    for w in corpus.works:
        e = default_expression(w)
        name = m._(
            "{text} of {title}",
            text=named(m, w.expression(e).name),
            title=named(m, w.source.work.short_title or w.source.work.title),
        )
        files[f"../../{w.id}/{filename('edition', (e,), ext)}"] = name
    anchors = {theme_anchor(t): m._("The theme {label}", label=t.label) for t in corpus.themes}
    return Describer({}, files, anchors, base.said)
