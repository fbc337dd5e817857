"""The one DOCX writer: a format-free Document (documents/blocks.py) into Word paragraphs,
tables and runs, through the WordprocessingML helpers of xml.py and briefgen's styles.

A block's role picks its Word style (ROLE_STYLES); a role not listed takes the style of the
section it stands in. Every document kind goes through here, so a word of a view is the same
word in DOCX as in HTML and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ...documents.blocks import (
    Block,
    Contents,
    Facts,
    Figure,
    Heading,
    List,
    Note,
    Numbered,
    Para,
    Runs,
    Section,
    Table,
    Text,
    plain,
)
from ...i18n import is_rtl
from .document import NOTE_STYLE, PARA_STYLE, add, restyle, set_widths
from .numbering import indent, numbered, scheme
from .numbering import new_list as new_numbering
from .xml import (
    CHANGED_STYLE,
    CITATION_STYLE,
    DELETED_STYLE,
    HAN,
    INSERTED_STYLE,
    bookmark,
    bookmark_name,
    element,
    insert_before,
    link,
    new_list,
    number,
    styled_run,
)

#: The Word paragraph style of a block's role. A role not here takes its section's style.
ROLE_STYLES = {
    "series": NOTE_STYLE,
    "adoption": "Subtitle",
    "box cite-as": NOTE_STYLE,
    "small": NOTE_STYLE,
    "legend": NOTE_STYLE,
    "reason": NOTE_STYLE,
    "quote": "Quote",
    "issuer": NOTE_STYLE,
    "attribution": NOTE_STYLE,
    "removed": NOTE_STYLE,
    "lines-head": NOTE_STYLE,
    "cover-sub": "Subtitle",
    "cover-note": NOTE_STYLE,
}
#: The style of every paragraph inside a section of these roles.
SECTION_STYLES = {"front": NOTE_STYLE, "editorial": NOTE_STYLE}
#: Sections whose headings stand one level below the text's (an edition's editorial note).
NOTES = {"editorial"}
#: Character styles of marks; the other marks are bold, italic or a fixed-width font.
MARK_STYLES = {"deleted": DELETED_STYLE, "inserted": INSERTED_STYLE, "changed": CHANGED_STYLE}
#: Runs of these roles are bold (a label, a comparison's paragraph number or warning, a date
#: on a timeline), of these italic (words the editors supply).
BOLD_ROLES = {"label", "n", "num", "flag", "when"}
ITALIC_ROLES = {"incomplete", "absent", "differs"}
#: Tables whose body cells are text to read (a comparison's aligned texts), set in the body's
#: style; every other table's cells are set as notes.
TEXT_TABLES = {"aligned"}
#: Rows of these roles head what follows (a comparison's sections): bold, shaded, kept with
#: the next row.
HEADING_ROWS = {"section": "EEF2F7"}
#: Rows of these roles are kept on the page of the row after them (a comparison's lead-in
#: with the first item of its list, the last item but one with the last).
KEPT_ROWS = {"kept"}
#: Runs of these roles are for the screen alone (a brief's hash digits past the first twelve,
#: whole in its HTML): a printed document leaves them out, as the PDF does.
SCREEN_ONLY = {"screen-only"}
#: Notes of these roles set their children side by side: a borderless table of one row.
COLUMNS = {"cols"}
#: Paragraphs of these roles stay on the page of the paragraph after them (an annex
#: instrument's issuer, between its heading and its first excerpt).
KEPT_PARAS = {"issuer"}
#: Sections of these roles set their tables in fine print, 8 pt (the smallest size briefgen
#: prints) on 9.5 pt lines (a brief's provenance, as in its PDF).
FINE_PRINT = {"provenance"}


@dataclass(frozen=True)
class Target:
    """Where the writer puts blocks, and how their links resolve.

    prefix: the anchors' prefix (a pack part). shift: added to every heading level (a part
    of a pack sits one level below the pack). para_url: the file a paragraph citation leads
    to (its bookmark `para-N`), or None for a bookmark of this document, named with
    `para_prefix` (the prefix of the edition's part in a pack) or else this target's prefix.
    width: the text's width, which tables share by their columns' widths. title: the style of
    the view's own title (its level-1 heading) where it stands under a heading of the
    container's, as an edition under its part's heading in a pack; that heading holds the
    title's anchor. contents: the tables of contents written, to fill in with `finish`.
    lang: the language of the view's own words (a block or run may say another); a paragraph
    in a language written right to left is a bidi paragraph, its runs right-to-left runs.
    """

    doc: Any
    prefix: str = ""
    shift: int = 0
    para_url: str | None = None
    width: Any = None
    below: int = 0
    para_prefix: str | None = None
    title: str | None = None
    contents: list[tuple[Any, Contents]] = field(default_factory=list)
    lang: str | None = None


def write(blocks: tuple[Block, ...], target: Target, container: Any = None) -> None:
    """Append blocks to a document (or a table cell)."""
    _blocks(blocks, target, container if container is not None else target.doc, None)


def _blocks(blocks: tuple[Block, ...], t: Target, where: Any, style: str | None) -> None:
    for block in blocks:
        _block(block, t, where, style)


def _block(b: Block, t: Target, where: Any, style: str | None) -> None:
    if isinstance(b, Section):
        kind = (b.role or "").split(" ")[0]  # "editorial provenance": an editorial note
        inner = SECTION_STYLES.get(kind, style)
        if kind in NOTES:
            t = replace(t, below=1)
        first, tables = len(where.paragraphs), len(where.tables)
        _blocks(b.children, t, where, inner)
        if b.page_break and where is t.doc and first > 0 and len(where.paragraphs) > first:
            # on its first paragraph: a break after the last paragraph before it would fall
            # before a table that follows that paragraph
            where.paragraphs[first].paragraph_format.page_break_before = True
        if b.anchor and len(where.paragraphs) > first:
            bookmark(where.paragraphs[first], bookmark_name(t.prefix, b.anchor))
        if FINE_PRINT & set((b.role or "").split()):
            for table in where.tables[tables:]:
                _fine_print(table)
    elif isinstance(b, Heading) and b.level == 1 and t.title:
        inline(add(where, style=t.title), b.content, t, lang=b.lang)
    elif isinstance(b, Heading):
        # a note's headings stand one level below the text's (Word's outline, the PDF's too)
        level = b.level + t.shift + t.below
        name = "Title" if level == 1 else f"Heading {min(level - 1, 9)}"
        p = add(where, style=name)
        p.paragraph_format.keep_with_next = True  # never last on a page (a reference's too)
        inline(p, b.content, t, lang=b.lang)
        if b.anchor:
            bookmark(p, bookmark_name(t.prefix, b.anchor))
    elif isinstance(b, Para):
        p = add(where, style=_role_style(b.role, style))
        if KEPT_PARAS & set((b.role or "").split()):
            p.paragraph_format.keep_with_next = True
        inline(p, b.content, t, lang=b.lang)
        if b.anchor:
            bookmark(p, bookmark_name(t.prefix, b.anchor))
    elif isinstance(b, Numbered):
        p = add(where, style=PARA_STYLE)
        p.add_run(b.number).bold = True
        p.add_run("\t")
        inline(p, b.content, t, lang=b.lang)
        bookmark(p, bookmark_name(t.prefix, b.anchor))
    elif isinstance(b, Facts):
        for fact in b.items:
            p = add(where, style=style or NOTE_STYLE)
            p.add_run(f"{fact.label}: ").bold = True
            inline(p, fact.content, t)
    elif isinstance(b, List) and b.role == "items":
        _items(b, t, where)
    elif isinstance(b, List):
        num_id = new_list(t.doc) if b.ordered else None
        for item in b.items:
            list_style = "List Number" if b.ordered else "List Bullet"
            p = add(where, style=list_style)
            number(p, num_id)
            inline(p, item.content, t, lang=item.lang)
            if style == NOTE_STYLE:
                _small(p)
            _blocks(item.children, t, where, style)
    elif isinstance(b, Note) and b.role in COLUMNS and b.children:
        _columns(b, t, where, style)
    elif isinstance(b, Note):
        first = len(where.paragraphs)
        _blocks(b.children, t, where, style or NOTE_STYLE)
        if b.anchor and len(where.paragraphs) > first:
            bookmark(where.paragraphs[first], bookmark_name(t.prefix, b.anchor))
    elif isinstance(b, Table):
        _table(b, t, where)
    elif isinstance(b, Figure) and b.fallback:  # the words say what the drawing and caption do
        _blocks(b.fallback, t, where, style)
    elif isinstance(b, Figure):
        p = add(where, style=NOTE_STYLE)
        inline(p, b.caption, t)
    elif isinstance(b, Contents):
        t.contents.append((add(where), b))


def _items(b: List, t: Target, where: Any, level: int = 0) -> None:
    """Write a paragraph's list under it, each item indented and bookmarked by its anchor.

    Where Word's numbering prints the labels exactly ("(a)", "(b)", … or bullets), the list
    is a real Word list restarting at its first label; otherwise each label is typed as the
    source prints it ("(5A)", "[(c)]") before a tab. A list in an item is the next level.
    """
    from docx.shared import Twips

    fit = scheme([item.label for item in b.items])
    num_id = new_numbering(t.doc, *fit, level) if fit else None
    left, hanging = indent(level)
    for item in b.items:
        p = add(where, style=PARA_STYLE)
        p.paragraph_format.left_indent = Twips(left)
        p.paragraph_format.first_line_indent = Twips(-hanging)
        first = len(p.runs)
        if num_id is not None:
            numbered(p, num_id, level)
        else:
            p.add_run(item.label or "•")
            p.add_run("\t")
            first = len(p.runs)
        inline(p, item.content, t, lang=item.lang)
        if "absent" in (item.role or "").split():
            for r in p.runs[first:]:
                r.italic = True
        if item.anchor:
            bookmark(p, bookmark_name(t.prefix, item.anchor))
        for child in item.children:
            if isinstance(child, List) and child.role == "items":
                _items(child, t, where, level + 1)
            else:
                _block(child, t, where, None)


def finish(t: Target) -> None:
    """Fill in the tables of contents written, now that every heading they list is there: a
    TOC field whose entries link to the headings' bookmarks, with their pages estimated."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    from .toc import contents

    if not t.contents:
        return
    marks = {
        b.get(qn("w:name")): b.getparent() for b in t.doc.element.body.iter(qn("w:bookmarkStart"))
    }
    for paragraph, block in t.contents:
        entries = []
        for e in block.entries:
            name = bookmark_name(e.prefix, e.anchor)
            if name in marks:
                entries.append((plain(e.content), name, Paragraph(marks[name], t.doc._body)))
        contents(t.doc, paragraph, entries)


def _role_style(role: str | None, fallback: str | None) -> str | None:
    """Return the style of a paragraph's role, or of the first of its words that has one."""
    words = (role or "").split()
    for key in (role, *words):
        if key in ROLE_STYLES:
            return ROLE_STYLES[key]
    return fallback


def _fine_print(table: Any) -> None:
    """Set a table's text in 8 pt on 9.5 pt lines, its links' too."""
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.text.run import Run

    for cell in table._cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = Pt(9.5)
            for r in paragraph._p.iter(qn("w:r")):
                Run(r, paragraph).font.size = Pt(8)


def _small(paragraph: Any) -> None:
    """Set a list paragraph in the size of the notes it stands among."""
    from docx.shared import Pt

    paragraph.paragraph_format.space_after = Pt(4)
    for run in paragraph.runs:
        run.font.size = Pt(8.5)


def _columns(b: Note, t: Target, where: Any, style: str | None) -> None:
    """Set a note's children side by side, each in a cell of a borderless one-row table."""
    table = where.add_table(rows=1, cols=len(b.children))
    for cell, child in zip(table.rows[0].cells, b.children, strict=True):
        cell._tc.remove(cell.paragraphs[0]._p)
        _block(child, t, cell, style)
        if not cell.paragraphs:
            add(cell, style=style)
    if t.width is not None:
        set_widths(table, [int(t.width / len(b.children))] * len(b.children))


def _table(b: Table, t: Target, where: Any) -> None:
    """Write a table: header rows repeat on every page, and no row breaks across pages."""
    rows = (*b.head, *b.body)
    table = where.add_table(rows=len(rows), cols=len(b.columns))
    table.style = "Table Grid"
    body_style = None if b.role in TEXT_TABLES else NOTE_STYLE
    for i, row in enumerate(rows):
        head, shade = i < len(b.head), HEADING_ROWS.get(row.role or "")
        trpr = table.rows[i]._tr.get_or_add_trPr()
        trpr.append(element("w:cantSplit"))
        if head:
            trpr.append(element("w:tblHeader"))
        for j, cell in enumerate(row.cells):
            target = table.cell(i, j)
            target.paragraphs[0]._p.getparent().remove(target.paragraphs[0]._p)
            cell_style = NOTE_STYLE if head or shade else body_style
            if cell.content and isinstance(cell.content[0], Text):
                p = add(target, style=cell_style)
                bold = head or bool(shade) or cell.header
                inline(p, cell.content, t, bold=bold, lang=cell.lang)
            elif cell.content:
                inner = replace(t, lang=cell.lang or t.lang)
                _blocks(cell.content, inner, target, cell_style)  # type: ignore[arg-type]
            else:
                add(target, style=cell_style)
            if shade:
                target._tc.get_or_add_tcPr().append(
                    element("w:shd", val="clear", color="auto", fill=shade)
                )
                target.paragraphs[0].paragraph_format.keep_with_next = True
        if KEPT_ROWS & set((row.role or "").split()):
            for target in table.rows[i].cells:
                for paragraph in target.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        if row.anchor:
            bookmark(table.cell(i, 0).paragraphs[0], bookmark_name(t.prefix, row.anchor))
    if t.width is not None:
        fixed = sum(c.width or 0 for c in b.columns)
        free = [c for c in b.columns if c.width is None]
        rest = (1 - fixed) / len(free) if free else 0
        set_widths(
            table, [int(t.width * (c.width if c.width is not None else rest)) for c in b.columns]
        )


def inline(
    paragraph: Any, content: Runs, t: Target, bold: bool = False, lang: str | None = None
) -> None:
    """Append runs to a paragraph: marks as character styles or bold and italic, links as
    hyperlinks (a paragraph citation to its bookmark, or to the edition file beside this), a
    line break as one; a run's language (its own, or `lang`) is tagged for Word's fonts.

    The paragraph takes the direction of `lang` (else the view's language): right to left,
    it is a bidi paragraph (`w:bidi`), so its numbers, indents and alignment mirror, and the
    runs in a right-to-left language are right-to-left runs (`w:rtl`)."""
    base = lang or t.lang
    if base and is_rtl(base):
        _bidi(paragraph)
        for earlier in paragraph.runs:  # the number and tab a numbered paragraph starts with
            _language(earlier._r, base, tag=False)
    for run in content:
        if SCREEN_ONLY & set((run.role or "").split()):
            continue
        if run.text == "\n":
            paragraph.add_run().add_break()
            continue
        style = next((MARK_STYLES[m] for m in run.marks if m in MARK_STYLES), None)
        if run.link is not None and run.link.kind == "url":
            file, _, fragment = run.link.target.partition("#")
            if file and fragment and "://" not in file:  # a bookmark of a file beside this
                r = link(paragraph, run.text, anchor=fragment, url=file)
            else:
                r = link(paragraph, run.text, url=run.link.target)
        elif run.link is not None and run.link.kind == "paragraph":
            prefix = t.prefix if t.para_prefix is None else t.para_prefix
            anchor = bookmark_name(prefix, f"para-{run.link.target}")
            if t.para_url is None:
                r = link(paragraph, run.text, anchor=anchor, style=CITATION_STYLE)
            else:
                r = link(
                    paragraph,
                    run.text,
                    anchor=f"para-{run.link.target}",
                    url=t.para_url,
                    style=CITATION_STYLE,
                )
        elif run.link is not None:
            r = link(paragraph, run.text, anchor=bookmark_name(t.prefix, run.link.target))
        else:
            r = styled_run(paragraph, run.text, style)._r
        from docx.text.run import Run

        look = Run(r, paragraph)
        roles = set((run.role or "").split())
        if bold or "strong" in run.marks or roles & BOLD_ROLES:
            look.bold = True
        if "em" in run.marks or roles & ITALIC_ROLES:
            look.italic = True
        if "code" in run.marks:
            look.font.name = "DejaVu Sans Mono"  # the face the stylesheets name for code
        if run.lang or base or HAN.search(run.text):
            _language(r, run.lang or base or "", chinese=bool(HAN.search(run.text)))


def _bidi(paragraph: Any) -> None:
    """Make a paragraph right to left (`w:bidi`, at its place in the schema's order)."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        insert_before(ppr, element("w:bidi"), _AFTER_BIDI)


def _language(r: Any, language: str, tag: bool = True, chinese: bool = False) -> None:
    """Tag a run's language: Chinese as East Asian (Word and LibreOffice then pick its
    East Asian font), a right-to-left language as complex script in a right-to-left run
    (`w:rtl`; Word picks its complex-script font, `w:rFonts w:cs`). tag False marks the
    direction only (a paragraph's number and tab)."""
    from docx.oxml.ns import qn

    base = language.split("-")[0]
    rpr = r.get_or_add_rPr()
    if is_rtl(language):
        if rpr.find(qn("w:rtl")) is None:
            insert_before(rpr, element("w:rtl"), _AFTER_RTL)
        attrs = {"bidi": language}
    elif base in ("zh", "ja", "ko"):
        attrs = {"eastAsia": "zh-CN" if base == "zh" else language}
    else:
        attrs = {"val": language} if language else {}
    if chinese and "eastAsia" not in attrs:
        # Chinese words in a run of another language (a name, an attribution): Word sets a
        # run's Han characters in the East Asian language, so the run says it is Chinese
        attrs["eastAsia"] = "zh-CN"
    if tag and rpr.find(qn("w:lang")) is None:
        insert_before(rpr, element("w:lang", **attrs), _AFTER_LANG)


#: Children of w:pPr after w:bidi in the schema's sequence (CT_PPrBase).
_AFTER_BIDI = (
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
#: Children of w:rPr after w:rtl, and after w:lang, in the schema's sequence (EG_RPrBase).
_AFTER_RTL = ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
_AFTER_LANG = ("eastAsianLayout", "specVanish", "oMath")


__all__ = ["Target", "finish", "inline", "restyle", "write"]
