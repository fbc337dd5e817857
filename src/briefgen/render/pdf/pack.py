"""The briefing pack as one archival PDF: parts laid out apart, then joined with bookmarks,
contents, continuous page numbers and the sources attached (PDF/A-3u and PDF/UA-1)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ... import __version__
from ...documents.pack import Part, parts, subject, timeline, years
from ...errors import BuildError, Problem
from ...model.declaration import Declaration
from ...paths import OutsideSources, confined
from ..context import Context, stamp
from ..html.jinja import css_string
from ..html.renderer import brief_html, comparison_html, edition_html, page
from . import pieces
from .join import Job, Piece, join_and_finish
from .layout import brief_overflow_error, describer, layout, layout_edition
from .weasy import links_elsewhere, load, release, write_pdf

BLURBS = {
    "brief": "one page: what the declaration commits to, each point citing its paragraphs",
    "edition": "the full text with numbered paragraphs, ready to cite",
    "comparison": "the translations side by side, with the words that differ marked",
    "related": "earlier AI-governance instruments, {} to {}, with excerpts",
    "provenance": "where every text came from and every editorial intervention",
}


@dataclass(frozen=True)
class Attached:
    """A file the pack carries."""

    name: str
    path: Path
    description: str
    sha256: str


@dataclass
class Entry:
    """A part as the cover and contents list it."""

    title: str
    blurb: str
    anchor: str
    page: int
    sections: list[tuple[str, int]] = field(default_factory=list)


def attachments(decl: Declaration) -> list[Attached]:
    """Return the files a pack carries: the canonical source, the brief and every capture."""
    out = []
    if decl.source_file:
        out.append((decl.source_file, "canonical source of this edition (YAML)"))
    if decl.brief_file:
        out.append((decl.brief_file, "editorial source of the policy brief (YAML)"))
    if decl.source_file:
        for i, c in enumerate(decl.source.captures):
            try:  # the same rule as check: only files inside sources/ are ever attached
                path = confined(decl.source_file.parent, c.file)
            except (OutsideSources, OSError) as err:
                raise BuildError(Problem(decl.path, str(err), f"captures[{i}].file")) from err
            out.append((path, f"raw capture {c.id}: {c.publisher}, {c.title}"))
    return [Attached(p.name, p, d, hashlib.sha256(p.read_bytes()).hexdigest()) for p, d in out]


def _part_css(title: str, first_page: int, running: str) -> str:
    """Running head naming the part, continuous page numbers, and the part's bookmark."""
    font = 'font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: 7.5pt; color: #666;'
    return f"""
      @page {{
        @top-left {{ content: {css_string(title)} !important; {font} }}
        @bottom-left {{ content: {css_string(running)} !important; {font} }}
        @bottom-right {{ content: "Page " counter(page) !important; {font} }}
      }}
      @page :first {{ counter-reset: page {first_page}; @top-left {{ content: none !important; }} }}
      h1 {{ bookmark-level: 1 !important; bookmark-label: {css_string(title)} !important; }}
      .aligned tr.section td:nth-child(2) {{ bookmark-level: 2; bookmark-label: content(); }}
    """


def _part_html(decl: Declaration, part: Part, ctx: Context, files: list[Attached]) -> str:
    from ...documents.citation import default_expression

    expressions = tuple(e.id for e in decl.source.expressions)
    if part.kind == "edition" and part.expression:
        return edition_html(decl, (part.expression,), ctx, prefix=part.prefix, ext=None)
    if part.kind == "comparison":
        return comparison_html(decl, expressions, ctx, prefix=part.prefix, ext=None)
    if part.kind == "brief":
        target = default_expression(decl)
        link = f"#{target}-para-{{}}" if ("edition", target) in decl.pack_parts() else None
        return brief_html(decl, ctx, link_ext="pdf", para_link=link, prefix=part.prefix)
    if part.kind == "related":
        captures = sorted({decl.capture(r.capture).publisher for r in decl.source.related})
        w = decl.source.work
        return page(
            ctx,
            "annex.html.j2",
            "pack.css",
            prefix=part.prefix,
            related=sorted(decl.source.related, key=lambda r: r.date),
            captures=captures,
            tl=timeline(decl.source.related, (w.adopted, w.title), *years(decl)),
            years=years(decl),
        )
    return page(
        ctx,
        "provenance.html.j2",
        "pack.css",
        decl=decl,
        prefix=part.prefix,
        ed=decl.edition(),
        releases=decl.releases(),
        names={e.id: e.name for e in decl.source.expressions},
        source_name=decl.path,
        attachments=files,
        build_date=stamp(decl, ctx, with_brief=True),
        version=__version__,
    )


def _blank(ctx: Context) -> Any:
    return layout(
        "<!DOCTYPE html><html><body></body></html>",
        ctx,
        "@page { size: A4; @bottom-right { content: none } @top-left { content: none } }",
    )


def _with_blank(pages: int, two_sided: bool) -> int:
    """Return the pages the front takes, with the blank a two-sided pack adds after it."""
    return pages + (1 if two_sided and pages % 2 else 0)


def _entry(decl: Declaration, part: Part, number: int) -> Entry:
    blurb = BLURBS[part.kind].format(*years(decl))
    return Entry(part.title, blurb, f"{part.prefix}top", number)


class _Headings(HTMLParser):
    """The text of each h2 of an HTML page: the level-2 bookmarks WeasyPrint will make."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._open is not None:
            self.found.append(" ".join("".join(self._open).split()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def _announced(decl: Declaration, plan: list[Part], htmls: list[str]) -> list[Entry]:
    """Return the contents' entries as the parts' HTML announces them, pages not yet known.

    Only their number and wording matter (they decide how long the contents is); every page
    number is given three digits, the width of a long pack's.
    """
    entries = []
    for part, html in zip(plan, htmls, strict=True):
        entry = _entry(decl, part, 100)
        if part.kind == "edition":
            headings = _Headings()
            headings.feed(html)
            entry.sections = [(label, 100) for label in headings.found]
        entries.append(entry)
    return entries


def _front(decl: Declaration, ctx: Context, entries: list[Entry]) -> Any:
    """Lay out the cover and the contents."""
    return layout(
        page(
            ctx,
            "pack-front.html.j2",
            "pack.css",
            decl=decl,
            ed=decl.edition(),
            entries=entries,
            build_date=stamp(decl, ctx, with_brief=True),
        ),
        ctx,
        "@page { @bottom-left { content: none !important; }"
        ' @bottom-right { content: "Page " counter(page) !important; } }'
        "@page :first { @bottom-right { content: none !important; } }",
    )


def pack_pdf(decl: Declaration, ctx: Context) -> bytes:
    """Render a work's briefing pack as one PDF/A-3u (and PDF/UA-1) with its sources attached.

    Each part is laid out and written on its own, a long one in pieces (render/pieces.py),
    and its layout released before the next: the pack never holds more than a piece's pages.
    The parts are then joined behind the cover and contents (render/pdf_join.py).
    """
    weasyprint = load()
    plan = parts(decl)
    files = attachments(decl)
    w = decl.source.work
    running = f"Briefing pack · {w.short_title or w.title} · briefgen edition {decl.version}"
    two_sided = decl.source.pack.two_sided
    htmls = [_part_html(decl, part, ctx, files) for part in plan]
    names = set().union(*(pieces.ids(html) for html in htmls))

    def writer(laid: Any) -> bytes:
        _metadata(laid, decl, ctx)
        return write_pdf(laid, pdf_variant="pdf/a-3u", pdf_tags=True)

    def blank() -> pieces.Written:
        laid = _blank(ctx)
        return pieces.Written([writer(laid)], len(laid.pages))

    # The parts' page numbers follow the cover and contents, whose length depends on how many
    # entries the contents lists: lay the front out first with the entries the parts' HTML
    # announces (their headings), so that each part is laid out once. Should the real contents
    # come out longer or shorter, the parts are laid out again with the right first page.
    guess = _front(decl, ctx, _announced(decl, plan, htmls))
    front_pages = _with_blank(len(guess.pages), two_sided)
    del guess
    for _ in range(3):
        written: list[pieces.Written] = []
        entries: list[Entry] = []
        number = front_pages + 1
        for part, html in zip(plan, htmls, strict=True):
            if two_sided and number % 2 == 0:
                written.append(blank())
                number += 1
            lay = layout_edition if part.kind == "edition" else layout
            css = _part_css(part.title, number, running)
            done = pieces.write(html, ctx, lay, css, writer, first_number=number, names=names)
            if done.blanked:  # only a long part's pieces leave out margins
                raise BuildError(
                    Problem(
                        decl.path,
                        f"the pack's {part.title} is long and its page margins show the total "
                        "page count (counter(pages)), which a pack part cannot show; "
                        "take it out of the pack's style",
                    )
                )
            if part.kind == "brief" and done.pages > 1:
                # report it as the standalone brief does, so one cause gives one message
                raise brief_overflow_error(decl, brief_html(decl, ctx, link_ext="pdf"), ctx)
            entry = _entry(decl, part, number)
            if part.kind == "edition":
                entry.sections = [(m.label, number + m.page) for m in done.marks if m.level == 2]
            entries.append(entry)
            written.append(done)
            number += done.pages
        front = _front(decl, ctx, entries)
        wanted = _with_blank(len(front.pages), two_sided)
        if wanted == front_pages:
            break
        front_pages = wanted
    else:
        raise BuildError(
            Problem(
                decl.path,
                "the pack's contents would not settle on a page count; report this as a bug",
            )
        )
    _metadata(front, decl, ctx)
    # the attachments carry the pack's own date, as its metadata does (SOURCE_DATE_EPOCH)
    created = datetime.combine(stamp(decl, ctx, with_brief=True), time(0), tzinfo=UTC)
    attached = [
        weasyprint.Attachment(
            filename=str(a.path),
            name=a.name,
            description=a.description,
            created=created,
            modified=created,
            relationship="Source",
        )
        for a in files
    ]
    with links_elsewhere(names):  # the contents links to every part
        head = pieces.Written(
            [write_pdf(front, pdf_variant="pdf/a-3u", pdf_tags=True, attachments=attached)],
            len(front.pages),
            pieces.marks(front),
        )
    del front
    release()
    if two_sided and head.pages % 2:
        written.insert(0, blank())
    written.insert(0, head)
    whole = pieces.Written([], 0)
    for done in written:
        whole.pieces += done.pieces
        whole.marks += [replace(m, page=m.page + whole.pages) for m in done.marks]
        whole.pages += done.pages
    places = {e.anchor: f"{e.title}, page {e.page}" for e in entries}
    return join_and_finish(
        Job([Piece(p) for p in whole.pieces], whole.marks, None, describer(decl, places), True)
    )


def _metadata(pack: Any, decl: Declaration, ctx: Context) -> None:
    w = decl.source.work
    m = pack.metadata
    m.title = f"Briefing pack: {w.title}"
    m.authors = [w.issuer]
    m.description = subject(decl)
    m.keywords = ["AI governance", w.short_title or w.title, "briefgen", f"edition {decl.version}"]
    m.lang = "en"
    m.generator = f"briefgen {__version__}"
    built = stamp(decl, ctx, with_brief=True).isoformat()  # SOURCE_DATE_EPOCH, if set
    m.created = m.modified = f"{built}T00:00:00Z"
