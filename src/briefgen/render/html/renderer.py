"""Standalone HTML pages, CSS inlined; also the input WeasyPrint lays out as PDF."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...documents.blocks import PAGES, Document
from ...documents.brief import brief as brief_view
from ...documents.catalogue import Shelf
from ...documents.catalogue import catalogue as catalogue_view
from ...documents.citation import edition_url
from ...documents.comparison import comparison as comparison_view
from ...documents.edition import edition as edition_view
from ...documents.edition import running_heads
from ...documents.notice import notice as notice_view
from ...documents.wording import other_formats, output_name
from ...i18n import Messages
from ...model.corpus import Corpus
from ...model.declaration import Declaration
from ...outputs import alternates, filename
from ..context import Context, stamp, text_words, words
from .jinja import css, css_content, environment, find


def siblings(
    m: Messages, decl: Declaration, kind: str, expressions: tuple[str, ...], ext: str | None
) -> list[tuple[str, str, bool]]:
    """Return (label, relative link, is this page) for each output of a work in one format.

    With ext None (a part of a pack) there is nothing to link to.
    """
    if ext is None:
        return []
    here = filename(kind, expressions, ext)
    ids = tuple(e.id for e in decl.source.expressions)
    links = [(e.name, filename("edition", (e.id,), ext)) for e in decl.source.expressions]
    if len(ids) > 1:
        links.append((output_name(m, "comparison"), filename("comparison", ids, ext)))
    if decl.brief is not None:
        links.append((output_name(m, "brief"), filename("brief", ids, ext)))
    return [(label, href, href == here) for label, href in links]


def elsewhere(
    m: Messages,
    work: Declaration | Corpus,
    kind: str,
    expressions: tuple[str, ...],
    ctx: Context,
    screen: bool,
) -> dict[str, list[tuple[str, str]]]:
    """Return what a page in HTML links to among its build's other outputs: `formats` (the
    same document in other formats, the citation records) and `notices` (a corrected
    edition's). A page laid out as PDF, or rendered outside a build, links to none."""
    if not screen:
        return {"formats": [], "notices": []}
    found = alternates(work, kind, expressions, "html", ctx.formats, ctx.kinds)
    formats, notices = other_formats(m, found, "html")
    return {"formats": formats, "notices": notices}


_STRING_SET = re.compile(r"\s*string-set\s*:[^;}]*;?")


def screen_css(text: str) -> str:
    """Drop what only paged media understand from a stylesheet: @page rules and string-set.

    WeasyPrint reads them for running heads and page numbers; a browser ignores them and an
    HTML validator rejects them, so a page made for the screen carries none.
    """
    out, i = [], 0
    while (start := text.find("@page", i)) != -1:
        out.append(text[i:start])
        i = _block_end(text, text.index("{", start))
    out.append(text[i:])
    return _STRING_SET.sub("", "".join(out))


def _block_end(text: str, opening: int) -> int:
    """Return the index just past the brace that closes the block opened at `opening`."""
    depth = 0
    for j in range(opening, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return j + 1
    return len(text)


def page(
    ctx: Context,
    m: Messages,
    template: str,
    stylesheet: str,
    screen: bool = False,
    **values: Any,
) -> str:
    """Render a template as a standalone page with its stylesheet inlined, its messages in the
    document's language (m): `{{ _("Source") }}`, `{{ _("para {number}", number=n) }}` (named
    placeholders, as in the code's messages), `{% trans %}` blocks (Jinja's `%(name)s`).

    screen: the page is an HTML output read in a browser, not the input of a PDF.
    """
    env = environment(ctx.templates_dir)
    styles = css(ctx.templates_dir, stylesheet, ctx.paper)
    doc = values.get("doc")
    if isinstance(doc, Document) and doc.pages != PAGES:  # the footer's words, translated
        numbers = css_content(doc.pages, page="counter(page)", pages="counter(pages)")
        styles += f"\n@page {{ @bottom-right {{ content: {numbers}; }} }}\n"
    many = running_heads(m)[1]
    if isinstance(doc, Document) and doc.kind == "edition" and many != "paras {numbers}":
        numbers = css_content(many, numbers='string(para, start) "–" string(para, last)')
        styles += f"\n@page {{ @top-right {{ content: {numbers}; }} }}\n"
        styles += "@page :first { @top-right { content: none; } }\n"
    return env.get_template(template).render(
        stylesheet=screen_css(styles) if screen else styles,
        _=lambda message, **v: m._(message, **v),
        gettext=lambda message, **v: m._(message, **v),
        ngettext=lambda s, p, n, **v: m.n_(s, p, n, **v),
        **values,
    )


@dataclass(frozen=True)
class Links:
    """What the block macros need beyond a block: the anchor prefix of a pack part, where a
    paragraph citation leads ({} for the paragraph number), and the page of each contents
    entry (its prefix and anchor), where the format has pages."""

    prefix: str = ""
    para_link: str = "#para-{}"
    pages: Mapping[str, int] = field(default_factory=dict)  # a contents' page numbers
    #: The page's text is marked for the catalogue's search (`data-pagefind-body`): an HTML
    #: edition's, whose numbered paragraphs build/catalogue.py indexes.
    search: bool = False
    #: The page is laid out for print (PDF): a paragraph's last two words are tied (`tied`).
    paper: bool = False


def edition_html(
    decl: Declaration,
    expressions: tuple[str, ...],
    ctx: Context,
    prefix: str = "",
    ext: str | None = "html",
) -> str:
    """Return the clean edition of one expression; prefix makes its ids unique in a pack.

    ext names the format of the sibling outputs it links to; None links to none (in a pack).
    """
    m = text_words(decl, ctx, expressions[0])
    doc = edition_view(decl, expressions[0], m)
    return page(
        ctx,
        m,
        "edition.html.j2",
        "edition.css",
        screen=ext == "html",
        url=edition_url(decl, expressions[0]) if ext == "html" else None,
        doc=doc,
        links=Links(prefix, f"#{prefix}para-{{}}", search=ext == "html", paper=ext != "html"),
        siblings=siblings(m, decl, "edition", expressions, ext),
        **elsewhere(m, decl, "edition", expressions, ctx, ext == "html"),
    )


def comparison_html(
    decl: Declaration,
    expressions: tuple[str, ...],
    ctx: Context,
    prefix: str = "",
    ext: str | None = "html",
) -> str:
    """Return the side-by-side comparison of expressions as a standalone page."""
    m = words(ctx)
    return page(
        ctx,
        m,
        "comparison.html.j2",
        "comparison.css",
        screen=ext == "html",
        doc=comparison_view(decl, expressions, m),
        links=Links(prefix, f"#{prefix}para-{{}}", paper=ext != "html"),
        siblings=siblings(m, decl, "comparison", expressions, ext),
        **elsewhere(m, decl, "comparison", expressions, ctx, ext == "html"),
    )


def brief_html(
    decl: Declaration,
    ctx: Context,
    link_ext: str = "html",
    para_link: str | None = None,
    prefix: str = "",
) -> str:
    """Return the policy brief as a standalone page; citations link to the edition.

    para_link is the target of a citation, with {} for the paragraph number; by default the
    paragraph in the edition file beside the brief. prefix makes its ids unique in a pack.
    """
    from ...documents.citation import default_expression

    edition = filename("edition", (default_expression(decl),), link_ext)
    m = words(ctx)
    return page(
        ctx,
        m,
        "brief.html.j2",
        "brief.css",
        screen=para_link is None and link_ext == "html",
        doc=brief_view(decl, stamp(decl, ctx, with_brief=True), m),
        links=Links(prefix, para_link or f"{edition}#para-{{}}"),
        siblings=siblings(m, decl, "brief", (), None if para_link else link_ext),
        **elsewhere(m, decl, "brief", (), ctx, para_link is None and link_ext == "html"),
    )


def notice_html(decl: Declaration, ctx: Context, screen: bool = False) -> str:
    """Return the correction notice of a work's latest edition as a standalone page."""
    m = words(ctx)
    return page(
        ctx,
        m,
        "notice.html.j2",
        "notice.css",
        screen=screen,
        doc=notice_view(decl, m),
        links=Links(paper=not screen),
        **elsewhere(m, decl, "notice", (), ctx, screen),
    )


def edition(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the clean edition of one expression; each numbered paragraph has the id para-N."""
    return edition_html(decl, expressions, ctx).encode("utf-8")


def comparison(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the side-by-side comparison of several expressions."""
    return comparison_html(decl, expressions, ctx).encode("utf-8")


def brief(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the one-page policy brief."""
    return brief_html(decl, ctx).encode("utf-8")


def notice(decl: Declaration, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render the correction notice of the latest edition."""
    return notice_html(decl, ctx, screen=True).encode("utf-8")


def collection_html(
    corpus: Corpus, kind: str, ctx: Context, ext: str | None = "html", top: str = "top"
) -> str:
    """Return a collection's theme matrix or theme pages as a standalone page; its pinpoints
    link to the works' editions in `ext`'s format, or (ext None, in the collection's pack) to
    the pack's own copies (see documents/collection.py). top: the anchor of its title."""
    from ...documents.collection import matrix as matrix_view
    from ...documents.collection import themes as themes_view

    m = words(ctx)
    doc = (matrix_view if kind == "matrix" else themes_view)(corpus, m, ext, top)
    return page(
        ctx,
        m,
        "collection.html.j2",
        "collection.css",
        screen=ext == "html",
        doc=doc,
        links=Links(paper=ext != "html"),
        **elsewhere(m, corpus, kind, (), ctx, ext == "html"),
        paper=ctx.paper,
        wide=doc.landscape and ext != "html",  # printed landscape; a screen has no page
    )


def matrix(corpus: Corpus, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render a collection's theme matrix: works × themes, each cell its pinpoints."""
    return collection_html(corpus, "matrix", ctx).encode("utf-8")


def themes(corpus: Corpus, expressions: tuple[str, ...], ctx: Context) -> bytes:
    """Render a collection's theme pages: each theme's paragraphs quoted across the works."""
    return collection_html(corpus, "themes", ctx).encode("utf-8")


def catalogue(shelf: Shelf, ctx: Context) -> bytes:
    """Render the catalogue of a build folder (index.html) with its paragraph search."""
    m = words(ctx)
    made = ctx.build_date or shelf.latest or date(1970, 1, 1)
    doc = catalogue_view(shelf, m, made)
    return page(
        ctx,
        m,
        "catalogue.html.j2",
        "catalogue.css",
        screen=True,
        doc=doc,
        links=Links(),
        search=dict(doc.meta),
        script=find(ctx.templates_dir, "catalogue.js").read_text(encoding="utf-8"),
    ).encode("utf-8")
