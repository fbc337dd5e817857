"""The collection's pack: its parts in order, and its own cover and contents.

The pack holds the theme matrix, the theme pages, then for each work its brief (where it has
one) and the edition of its default text, then each work's provenance; every capture is
attached once. The matrix and the theme pages link to the pack's own copies of the editions
(documents/collection.py, ext None); each work's parts carry its prefix ("w2-").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..i18n import Messages, messages
from ..model.corpus import Corpus
from ..model.declaration import Declaration
from .blocks import (
    Contents,
    Document,
    Entry,
    Fact,
    Facts,
    Heading,
    Item,
    List,
    Para,
    Section,
    Text,
    runs,
)
from .citation import default_expression
from .collection import theme_anchor, work_prefix


@dataclass(frozen=True)
class Part:
    """One part of a collection's pack: its kind, the work it is of, its title and its ids'
    prefix; `top` is the anchor of its first heading (with the prefix)."""

    kind: str  # matrix | themes | brief | edition | provenance
    work: Declaration | None
    title: str
    prefix: str
    top: str = "top"

    @property
    def expression(self) -> str | None:
        return default_expression(self.work) if self.work and self.kind == "edition" else None


def parts(corpus: Corpus, m: Messages | None = None) -> list[Part]:
    """Return the pack's parts in order, titled in `m`'s language."""
    m = m or messages("en")
    out = [
        Part("matrix", None, m._("Theme matrix"), "", "matrix"),
        Part("themes", None, m._("Themes"), "", "themes"),
    ]
    for w in corpus.works:
        name = w.source.work.short_title or w.source.work.title
        if w.brief is not None:
            out.append(
                Part(
                    "brief",
                    w,
                    m._("Policy brief: {title}", title=name),
                    f"{work_prefix(corpus, w)}brief-",
                )
            )
        e = default_expression(w)
        out.append(
            Part(
                "edition",
                w,
                m._("Edition: {title} ({text})", title=name, text=w.expression(e).name),
                f"{work_prefix(corpus, w)}{e}-",
            )
        )
    for w in corpus.works:
        name = w.source.work.short_title or w.source.work.title
        out.append(
            Part(
                "provenance",
                w,
                m._("Provenance: {title}", title=name),
                f"{work_prefix(corpus, w)}prov-",
            )
        )
    return out


def front(corpus: Corpus, built: date, attached_here: bool, m: Messages | None = None) -> Document:
    """Return the pack's cover and contents, in `m`'s language. attached_here: this format
    carries the captures as attachments (the PDF), else the cover says the PDF does."""
    m = m or messages("en")
    col = corpus.collection
    plan = parts(corpus, m)
    first = min(w.source.work.adopted for w in corpus.works)
    last = max(w.source.work.adopted for w in corpus.works)
    listed = tuple(
        Item(
            runs(
                Text(w.source.work.title, ("strong",)),
                " — ",
                m._(
                    "{issuer}, {date}",
                    issuer=w.source.work.issuer,
                    date=m.date(w.source.work.adopted),
                ),
            )
        )
        for w in corpus.by_date()
    )
    carrier = m._("This PDF") if attached_here else m._("The PDF of this pack (pack.pdf)")
    cover = Section(
        (
            Para(runs(m._("briefgen · collection pack")), role="series"),
            Heading(1, runs(col.title), role="title cover-title"),
            Para(
                runs(
                    m.n_(
                        "{count} instrument, {first} to {last}",
                        "{count} instruments, {first} to {last}",
                        len(corpus.works),
                        count=len(corpus.works),
                        first=first.year,
                        last=last.year,
                    )
                ),
                role="cover-sub",
            ),
            *((Para(runs(col.description), role="lede"),) if col.description else ()),
            Facts(
                (
                    Fact(m._("Pack built"), runs(m.date(built))),
                    Fact(m._("Themes"), runs(m.join([t.label for t in col.themes]))),
                ),
                role="cover-facts",
            ),
            Heading(2, runs(m._("Instruments, by date")), role="inside-head"),
            List(listed, ordered=False, role="inside"),
            Para(
                runs(
                    m._(
                        "{carrier} carries, as attachments, the canonical source of every "
                        "instrument's edition and each raw web capture they were made from, each "
                        "file once, so it can be checked without anything else.",
                        carrier=carrier,
                    )
                ),
                role="cover-note",
            ),
        ),
        role="cover",
    )
    entries = []
    for part in plan:
        children: tuple[Entry, ...] = ()
        if part.kind == "themes":
            children = tuple(Entry(runs(t.label), theme_anchor(t)) for t in col.themes)
        entries.append(Entry(runs(part.title), part.top, part.prefix, children))
    toc = Section(
        (
            Heading(2, runs(m._("Contents")), role="doc-h2 contents-title"),
            Contents(tuple(entries), "toc"),
        ),
        role="contents",
    )
    title = m._("Collection pack: {title}", title=col.title)
    issuers = list(dict.fromkeys(w.source.work.issuer for w in corpus.works))
    return Document(
        kind="collection-pack-front",
        lang=m.lang,
        title=title,
        description=subject(corpus, m),
        running=m._("Collection pack · {title}", title=col.title),
        pages=m._("Page {page} of {pages}"),
        created=max(w.edition().date for w in corpus.works),
        author=m.join(issuers),
        subject=subject(corpus, m),
        keywords="; ".join((col.id, *(t.label for t in col.themes), m._("pack"))),
        body=(cover, toc),
    )


def subject(corpus: Corpus, m: Messages) -> str:
    """Return what the pack holds, in words, for its metadata."""
    return m._(
        "Theme matrix, theme pages, editions and provenance of {count} instruments: {title}",
        count=len(corpus.works),
        title=corpus.collection.title,
    )
