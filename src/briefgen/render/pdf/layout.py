"""Laying out HTML as PDF with WeasyPrint (imported lazily): fonts, fetcher, links, checks."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from ...documents.links import plain_describe
from ...errors import BuildError, Problem
from ...model.declaration import Declaration
from ..context import PAPERS, Context
from ..html.jinja import with_paper
from .runs import set_apart
from .weasy import (
    content_bottom,
    element_top,
    from_tree,
    lay_out,
    load,
    margin_text,
    parse,
    release,
    write_pdf,
)

if TYPE_CHECKING:
    from .finish import Describe

#: The archival variant of a standalone PDF: PDF/A-2 (it carries no attachments, which is
#: all PDF/A-3 adds), level U (every glyph maps to Unicode, so text can be searched and
#: copied; the tests check each font's ToUnicode). The pack, which carries its sources, is
#: PDF/A-3u. The brief and the pack also claim PDF/UA-1.
STANDALONE_VARIANT = "pdf/a-2u"

PX_PER_MM = 96 / 25.4
#: Height of one line of the brief's body text (9.5pt at line-height 1.38), in mm.
BRIEF_LINE_MM = 9.5 * 1.38 * 25.4 / 72


def overflow_mm(html: str, ctx: Context) -> float:
    """Return by how much a page's content overruns one page, in mm (negative: room left)."""
    width, height = PAPERS[ctx.paper]
    tall = layout(html, ctx, f"@page {{ size: {width}mm 5000mm !important }}")
    page = tall.pages[0]
    usable_bottom = content_bottom(page) - (5000 - height) * PX_PER_MM
    return (element_top(page, "brief-end") - usable_bottom) / PX_PER_MM


def _fetcher(templates_dir: Path) -> Any:
    """Return a URL fetcher that serves files under templates/ and refuses everything else."""
    load()
    from weasyprint.urls import URLFetcher

    from ..html.jinja import search_path

    allowed = [folder.resolve() for folder in search_path(templates_dir)]

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(folder) for folder in allowed):
                    return super().fetch(url, headers)
            raise ValueError(f"briefgen fetches no resource outside templates/: {url}")

    return LocalOnly()


@cache
def _fonts() -> Any:
    """Return the process's one font configuration, shared by every document it lays out.

    WeasyPrint otherwise builds a fresh one (and reloads every font) per document; sharing it
    makes each layout after the first about 15% faster and leaves the PDF bytes unchanged.
    """
    load()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def forget_fonts() -> None:
    """Drop the shared font configuration, so the next build sees fonts installed since."""
    _fonts.cache_clear()


def layout(html: Any, ctx: Context, extra_css: str | None = None) -> Any:
    """Lay out an HTML page with WeasyPrint; return the rendered document."""
    weasyprint = load()

    # Refused fetches are expected (sources may name outside resources); keep them quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    stylesheets = (
        [weasyprint.CSS(string=with_paper(extra_css, ctx.paper), font_config=_fonts())]
        if extra_css
        else None
    )
    root = parse(html) if isinstance(html, str) else html  # or parsed (render/pdf/pieces.py)
    set_apart(root)
    document = from_tree(root, _fetcher(ctx.templates_dir))
    return lay_out(document, stylesheets=stylesheets, font_config=_fonts())


@dataclass(frozen=True)
class EditionLayout:
    """Lays out an edition; a page whose running head names one paragraph says "para 3".

    CSS can only print the range "paras start–last"; where start and last are the same
    paragraph, the head is spelled out as the margin box is made (weasy.margin_text), in the
    same layout. one and many are the running head's words in the edition's language
    (documents.edition.running_heads). Plain data, so it can go to another process.
    """

    one: str = "para {number}"
    many: str = "paras {numbers}"

    def __call__(self, html: Any, ctx: Context, extra_css: str | None = None) -> Any:
        with margin_text(self._one_paragraph):
            return layout(html, ctx, extra_css)

    def _one_paragraph(self, at_keyword: str, text: str) -> str:
        head, _, tail = self.many.partition("{numbers}")
        pattern = re.escape(head) + r"(\S+)–(\S+)" + re.escape(tail)
        found = re.fullmatch(pattern, text.strip()) if at_keyword == "@top-right" else None
        return self.one.format(number=found[1]) if found and found[1] == found[2] else text


def html_to_pdf(
    html: str,
    ctx: Context,
    title: str,
    language: str,
    document: Any = None,
    when: date | None = None,
    *,
    lay: Callable[[Any, Context, str | None], Any] = layout,
    describe: Describe = plain_describe,
    ua: bool = False,
) -> bytes:
    """Lay out an HTML page (unless already laid out) and write it as a tagged PDF/A.

    document: the laid-out page; if None, `lay` lays it out, a long page in pieces
    (render/pdf/pieces.py), each released once written.

    `when` (the output's build date: SOURCE_DATE_EPOCH's, else its edition's) becomes the
    PDF's CreationDate and ModDate; describe says where each link goes (see describer); ua:
    the document meets PDF/UA-1 and says so in its metadata.
    """
    from . import pieces
    from .finish import finish  # imports pikepdf: only when a PDF is written

    def writer(laid: Any) -> bytes:
        laid.metadata.title = title
        laid.metadata.lang = language
        if when is not None:
            laid.metadata.created = laid.metadata.modified = f"{when.isoformat()}T00:00:00Z"
        return write_pdf(laid, pdf_variant=STANDALONE_VARIANT, pdf_tags=True)

    if document is not None:
        pdf = writer(document)
        del document
        release()
        return finish(pdf, describe, ua)
    written = pieces.write(html, ctx, lay, None, writer)
    return written.finished(
        describe,
        ua,
        lambda pages: pieces.furniture(html, ctx, layout, None, written.blanked, pages),
    )


def brief_overflow_error(decl: Declaration, html: str, ctx: Context) -> BuildError:
    """Return the error for a brief that does not fit one page, saying by how much."""
    over = overflow_mm(html, ctx)
    lines = max(1, round(over / BRIEF_LINE_MM + 0.5))
    return BuildError(
        Problem(
            decl.brief_path or decl.path,
            f"the brief does not fit its one {ctx.paper.capitalize()} page: "
            f"it overflows by {over:.0f} mm "
            f"(about {lines} line{'s' if lines != 1 else ''} of body text); shorten it"
            + _long_title(decl),
        )
    )


def _long_title(decl: Declaration) -> str:
    """Say so when a long title without a short one takes the brief's room."""
    work = decl.source.work
    if work.short_title or len(work.title) <= LONG_TITLE:
        return ""
    return (
        f", or give the work a short_title in {decl.path} (its title, {len(work.title):,} "
        "characters, is printed in the brief where a short title would be)"
    )


#: A title longer than this reads as long in a brief's one-line places.
LONG_TITLE = 100
