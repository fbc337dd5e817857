"""The briefing pack as one archival PDF: parts laid out apart, then joined with bookmarks,
contents, continuous page numbers and the sources attached (PDF/A-3u and PDF/UA-1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time
from io import BytesIO
from typing import Any

from ... import __version__
from ...documents.blocks import Contents, Document, Entry, plain, walk
from ...documents.edition import running_heads
from ...documents.links import describer
from ...documents.pack import Part, page_number, part_place, parts, subject
from ...documents.pack_parts import annex, front
from ...documents.provenance import provenance
from ...errors import BuildError, Problem
from ...model.declaration import Declaration
from ..context import Context, stamp, text_words, texts_in, words
from ..html.jinja import css_content, css_string
from ..html.renderer import Links, brief_html, comparison_html, edition_html, page
from . import pieces
from .join import Job, OutlineEntry, Piece, join_and_finish
from .layout import EditionLayout, brief_overflow_error, layout
from .weasy import links_elsewhere, load, release, write_pdf


def part_css(title: str, first_page: int, running: str, page: str) -> str:
    """Running head naming the part, continuous page numbers, and the part's bookmark."""
    font = 'font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: 8pt; color: #666;'
    return f"""
      @page {{
        @top-left {{ content: {css_string(title)} !important; {font} }}
        @bottom-left {{ content: {css_string(running)} !important; {font} }}
        @bottom-right {{ content: {page} !important; {font} }}
      }}
      @page :first {{ counter-reset: page {first_page}; @top-left {{ content: none !important; }} }}
      h1 {{ bookmark-level: 1 !important; bookmark-label: {css_string(title)} !important; }}
      .aligned tr.section td:nth-child(2) {{ bookmark-level: 2; bookmark-label: content(); }}
    """


def _part_html(decl: Declaration, part: Part, ctx: Context) -> str:
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
        doc = annex(decl, words(ctx))
    else:
        when = stamp(decl, ctx, with_brief=True)
        doc = provenance(decl, when, __version__, attached_here=True, m=words(ctx))
    return part_page(ctx, doc, part.prefix)


def part_page(ctx: Context, doc: Document, prefix: str) -> str:
    """Return the HTML of a pack part laid out from its document (provenance, annex): its ids
    and links prefixed, as every part of one PDF needs."""
    return page(
        ctx, words(ctx), "pack-part.html.j2", "pack.css", doc=doc, links=Links(prefix, paper=True)
    )


def page_css(ctx: Context) -> str:
    """Return the page number of a pack's page as CSS content, in the pack's language."""
    return css_content(page_number(words(ctx)), page="counter(page)")


def _blank(ctx: Context) -> Any:
    return layout(
        "<!DOCTYPE html><html><body></body></html>",
        ctx,
        "@page { size: A4; @bottom-right { content: none } @top-left { content: none } }",
    )


def _with_blank(pages: int, two_sided: bool) -> int:
    """Return the pages the front takes, with the blank a two-sided pack adds after it."""
    return pages + (1 if two_sided and pages % 2 else 0)


def entry_pages(entry: Entry, number: int, marks: list[OutlineEntry]) -> dict[str, int]:
    """Return the page of a part's contents entry and of the entries below it, from the
    part's outline: each is the next level-2 bookmark that bears its words."""
    found = {f"{entry.prefix}{entry.anchor}": number}
    level2 = [m for m in marks if m.level == 2]
    at = 0
    for child in entry.children:
        words = " ".join(plain(child.content).split())
        for i in range(at, len(level2)):
            if " ".join(level2[i].label.split()) == words:
                found[f"{child.prefix}{child.anchor}"] = number + level2[i].page
                at = i + 1
                break
    return found


def front_layout(ctx: Context, view: Document, pages: dict[str, int]) -> Any:
    """Lay out the cover and the contents, with the page of each entry."""
    return layout(
        page(ctx, words(ctx), "pack-part.html.j2", "pack.css", doc=view, links=Links(pages=pages)),
        ctx,
        "@page { @bottom-left { content: none !important; }"
        f" @bottom-right {{ content: {page_css(ctx)} !important; }} }}"
        "@page :first { @bottom-right { content: none !important; } }",
    )


def pack_pdf(decl: Declaration, ctx: Context) -> bytes:
    """Render a work's briefing pack as one PDF/A-3u (and PDF/UA-1) with its sources attached.

    Each part is laid out and written on its own, a long one in pieces (render/pdf/pieces.py),
    and its layout released before the next: the pack never holds more than a piece's pages.
    The parts are then joined behind the cover and contents (render/pdf/join.py).
    """
    weasyprint = load()
    plan = parts(decl, words(ctx))
    two_sided = decl.source.pack.two_sided
    htmls = [_part_html(decl, part, ctx) for part in plan]
    names = set().union(*(pieces.ids(html) for html in htmls))
    view = front(decl, stamp(decl, ctx, with_brief=True), True, words(ctx), texts_in(decl, ctx))
    running = view.running
    toc = {e.prefix: e for b in walk(view.body) if isinstance(b, Contents) for e in b.entries}

    def writer(laid: Any) -> bytes:
        _metadata(laid, decl, ctx)
        return write_pdf(laid, pdf_variant="pdf/a-3u", pdf_tags=True)

    def blank() -> pieces.WrittenPieces:
        laid = _blank(ctx)
        return pieces.WrittenPieces([writer(laid)], len(laid.pages))

    # The parts' page numbers follow the cover and contents, whose length depends on how many
    # entries the contents lists: lay the front out first with every entry given a page of
    # three digits (the width of a long pack's), so that each part is laid out once. Should
    # the real contents come out longer or shorter, the parts are laid out again.
    guess = front_layout(
        ctx,
        view,
        {f"{e.prefix}{e.anchor}": 100 for t in toc.values() for e in (t, *t.children)},
    )
    front_pages = _with_blank(len(guess.pages), two_sided)
    del guess
    for _ in range(3):
        written: list[pieces.WrittenPieces] = []
        pages: dict[str, int] = {}
        number = front_pages + 1
        for part, html in zip(plan, htmls, strict=True):
            if two_sided and number % 2 == 0:
                written.append(blank())
                number += 1
            lay = (
                EditionLayout(*running_heads(text_words(decl, ctx, part.expression)))
                if part.kind == "edition" and part.expression
                else layout
            )
            css = part_css(part.title, number, running, page_css(ctx))
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
            pages |= entry_pages(toc[part.prefix], number, done.marks)
            written.append(done)
            number += done.pages
        front_laid = front_layout(ctx, view, pages)
        wanted = _with_blank(len(front_laid.pages), two_sided)
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
    _metadata(front_laid, decl, ctx)
    # the attachments carry the pack's own date, as its metadata does (SOURCE_DATE_EPOCH)
    created = datetime.combine(stamp(decl, ctx, with_brief=True), time(0), tzinfo=UTC)
    attached = [
        weasyprint.Attachment(
            file_obj=BytesIO(a.data),
            name=a.name,
            description=a.description,
            created=created,
            modified=created,
            relationship="Source",
        )
        for a in decl.attachments
    ]
    with links_elsewhere(names):  # the contents links to every part
        head = pieces.WrittenPieces(
            [write_pdf(front_laid, pdf_variant="pdf/a-3u", pdf_tags=True, attachments=attached)],
            len(front_laid.pages),
            pieces.marks(front_laid),
        )
    del front_laid
    release()
    if two_sided and head.pages % 2:
        written.insert(0, blank())
    written.insert(0, head)
    whole = pieces.WrittenPieces([], 0)
    for done in written:
        whole.pieces += done.pieces
        whole.marks += [replace(m, page=m.page + whole.pages) for m in done.marks]
        whole.pages += done.pages
    places = {
        f"{part.prefix}top": part_place(words(ctx), part, pages[f"{part.prefix}top"])
        for part in plan
    }
    return join_and_finish(
        Job(
            [Piece(p) for p in whole.pieces],
            whole.marks,
            None,
            describer(decl, words(ctx), places),
            True,
        )
    )


def _metadata(pack: Any, decl: Declaration, ctx: Context) -> None:
    w = decl.source.work
    m = pack.metadata
    m.title = front(decl, stamp(decl, ctx, with_brief=True), True, words(ctx)).properties_title
    m.authors = [w.issuer]
    m.description = subject(decl, words(ctx))
    m.keywords = [
        *([w.subject] if w.subject else []),
        w.short_title or w.title,
        "briefgen",
        f"edition {decl.version}",
    ]
    m.lang = ctx.lang
    m.generator = f"briefgen {__version__}"
    built = stamp(decl, ctx, with_brief=True).isoformat()  # SOURCE_DATE_EPOCH, if set
    m.created = m.modified = f"{built}T00:00:00Z"
