"""A pack's table of contents written out in full: a TOC field whose result is already there.

Each entry links to its part's heading bookmark and carries a PAGEREF field whose result is
the part's page. python-docx does no layout, so the page is estimated: every part starts a
new section on a new page, and the text before it is measured with average character widths
and line heights of its styles (see `_Pages`). Word and LibreOffice replace the estimate with
the exact page when the fields are updated (F9; Tools > Update); the file never asks for it.
"""

from __future__ import annotations

import math
from typing import Any

from .xml import element, field, field_start, link

TOC_STYLE = "TOC 1"
#: Average advance of a character, in em, of Noto Serif and Noto Sans running text (with
#: LINE_EM, this puts every part of the bundled pack on the page LibreOffice 7.4 lays it out on).
CHAR_EM = 0.55
#: Single line spacing, in em: Noto's ascent plus descent.
LINE_EM = 1.36
#: Cell margins (left plus right) and borders of a Word table cell, in points.
CELL_PAD = 12.0


def contents(doc: Any, paragraph: Any, entries: list[tuple[str, str, Any]]) -> None:
    """Fill `paragraph` and the ones after it with the contents: one entry a part.

    `entries` are (title, bookmark, heading paragraph) of each part in order.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Emu, Pt
    from docx.text.paragraph import Paragraph

    styles = doc.styles
    if TOC_STYLE not in {s.name for s in styles}:
        style = styles.add_style(TOC_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        section = doc.sections[0]
        width = Emu(section.page_width - section.left_margin - section.right_margin)
        style.paragraph_format.tab_stops.add_tab_stop(
            width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        style.paragraph_format.space_after = Pt(2)
    style_id = styles[TOC_STYLE].style_id

    rows = [paragraph]
    for _ in entries[1:]:
        new = element("w:p")
        rows[-1]._p.addnext(new)
        rows.append(Paragraph(new, paragraph._parent))
    for row in rows:
        row._p.get_or_add_pPr().style = style_id
    pages = _Pages(doc).of([heading for _, _, heading in entries])

    field_start(rows[0]._p, 'TOC \\o "1-1" \\h \\z \\u')
    for row, (title, name, _), page in zip(rows, entries, pages, strict=True):
        run = link(row, title, anchor=name, style="")
        hyperlink = run.getparent()
        tab = element("w:r")
        tab.append(element("w:tab"))
        hyperlink.append(tab)
        field(row, f"PAGEREF {name} \\h", str(page), parent=hyperlink)
    end = element("w:r")
    end.append(element("w:fldChar", fldCharType="end"))
    rows[-1]._p.append(end)


class _Pages:
    """Estimates on which page each paragraph of a document falls."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.styles: dict[str, Any] = {}
        self.default: Any = None
        self.metrics: dict[str, tuple[float, Any, float, float]] = {}

    def of(self, targets: list[Any]) -> list[int]:
        """Return the estimated page of each paragraph in `targets`."""
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        wanted = {p._p: i for i, p in enumerate(targets)}
        found = [1] * len(targets)
        sections = list(self.doc.sections)
        index, page, used = 0, 1, 0.0
        height, width = self._area(sections[0])
        body = self.doc.element.body
        for child in body.iterchildren(qn("w:p"), qn("w:tbl")):
            if child in wanted:
                found[wanted[child]] = page
            if child.tag == qn("w:p"):
                h = self._paragraph(Paragraph(child, self.doc._body), width)
            else:
                h = self._table(Table(child, self.doc._body))
            used += h
            while used > height:
                page, used = page + 1, used - height
            ppr = child.find(qn("w:pPr")) if child.tag == qn("w:p") else None
            if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
                index = min(index + 1, len(sections) - 1)  # the next section: a new page
                height, width = self._area(sections[index])
                page, used = page + 1, 0.0
        return found

    @staticmethod
    def _area(section: Any) -> tuple[float, float]:
        from docx.shared import Emu

        height = Emu(section.page_height - section.top_margin - section.bottom_margin)
        width = Emu(section.page_width - section.left_margin - section.right_margin)
        return height.pt, width.pt

    def _style(self, ident: str | None) -> tuple[float, Any, float, float]:
        """Return a paragraph style's font size, line spacing, space before and after,
        inherited through its base styles; read once per style."""
        from docx.enum.style import WD_STYLE_TYPE

        if not self.styles:
            self.styles = {s.style_id: s for s in self.doc.styles}
            self.default = self.doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        key = ident or ""
        if key not in self.metrics:
            style = self.styles.get(key, self.default)

            def inherited(get: Any) -> Any:
                current = style
                while current is not None:
                    value = get(current)
                    if value is not None:
                        return value
                    current = current.base_style
                return None

            size = inherited(lambda s: s.font.size)
            before = inherited(lambda s: s.paragraph_format.space_before)
            after = inherited(lambda s: s.paragraph_format.space_after)
            self.metrics[key] = (
                size.pt if size is not None else 11.0,
                inherited(lambda s: s.paragraph_format.line_spacing),
                before.pt if before is not None else 0.0,
                after.pt if after is not None else 0.0,
            )
        return self.metrics[key]

    def _paragraph(self, paragraph: Any, width: float) -> float:
        from docx.oxml.ns import qn

        p = paragraph._p
        size, spacing, before, after = self._style(p.style)
        sizes = [int(sz.get(qn("w:val"))) / 2 for sz in p.iter(qn("w:sz"))]
        pt = max(sizes) if sizes else size
        ppr = p.pPr
        if ppr is not None and ppr.spacing is not None:  # the paragraph's own spacing
            pf = paragraph.paragraph_format
            spacing = pf.line_spacing or spacing
            before = pf.space_before.pt if pf.space_before is not None else before
            after = pf.space_after.pt if pf.space_after is not None else after
        line = spacing.pt if hasattr(spacing, "pt") else pt * LINE_EM * float(spacing or 1)
        per_line = max(1, int(width / (pt * CHAR_EM)))
        text = "".join(
            "\n" if el.tag in (qn("w:br"), qn("w:cr")) else el.text or ""
            for el in p.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab"))
        )
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        return lines * line + before + after

    def _table(self, table: Any) -> float:
        total = 0.0
        for row in table.rows:
            tallest = 0.0
            for cell in row.cells:
                width = (cell.width.pt if cell.width else 100.0) - CELL_PAD
                tallest = max(tallest, sum(self._paragraph(p, width) for p in cell.paragraphs))
            total += tallest + 1
        return total
