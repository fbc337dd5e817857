"""Finish a tagged PDF from WeasyPrint where its tagging stops short of PDF/UA, with pikepdf.

WeasyPrint 70 writes the structure tree, the catalog's /Lang, DisplayDocTitle and the PDF/A
identification. What it leaves undone is done here, narrowly and deterministically (same
input bytes, same output bytes; no date, no random id):

- running heads and footers (page-margin boxes) are marked content whose structure elements
  hang outside the tree; they become /Artifact (pagination) and leave the parent tree;
- every link annotation gets /Contents saying where it goes, the print flag and a Link
  structure parent (copies repeating a link inside its own area are dropped), and each page
  with annotations the tab order of its structure (/Tabs /S);
- table header cells get /Scope: Column in a row of headers, Row beside data cells;
- the catalog's /AF lists each attachment once (WeasyPrint lists each twice);
- a document that meets PDF/UA-1 says so: pdfuaid:part in its XMP, with the extension schema
  PDF/A requires for a namespace it does not predefine.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, String

#: Says where a link goes, given its target: a URI, or #name for a named destination.
Describe = Callable[[str], str]

PDFUA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" \
pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def finish(data: bytes, describe: Describe, ua: bool) -> bytes:
    """Return a WeasyPrint tagged PDF finished for PDF/UA (and saying so if ua)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        finish_open(pdf, describe, ua)
        return saved(pdf)


def saved(pdf: pikepdf.Pdf, **options: Any) -> bytes:
    """Return a PDF's bytes as briefgen writes every PDF: the same input, the same bytes."""
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=True,
        fix_metadata_version=False,  # else pikepdf rewrites the XMP in its own form
        **options,
    )
    return out.getvalue()


def finish_open(pdf: pikepdf.Pdf, describe: Describe, ua: bool) -> None:
    """Finish an open tagged PDF from WeasyPrint in place (see finish)."""
    _artifacts(pdf)
    _links(pdf, describe)
    _header_scopes(pdf)
    _attachments_once(pdf)
    if ua:
        _claim_ua(pdf)


def _elements(node: Object) -> Iterator[Dictionary]:
    """Yield every structure element under a node, in reading order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _artifacts(pdf: pikepdf.Pdf) -> None:
    """OutlineEntry content whose structure element is outside the tree as pagination artifacts."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    reachable = {e.objgen for e in _elements(tree)}
    slots = _number_tree(tree.get("/ParentTree"))
    for index, page in enumerate(pdf.pages):
        slot = slots.get(index)
        owners = slot[0][slot[1]] if slot else None
        if not isinstance(owners, Array):
            continue
        orphans = {
            mcid
            for mcid, owner in enumerate(owners)
            if isinstance(owner, Dictionary) and owner.objgen not in reachable
        }
        if not orphans:
            continue
        # compressed here, not at the save: an 850-page pack's content is 50 MB uncompressed
        contents = pdf.make_stream(zlib.compress(_as_artifacts(page, orphans)))
        contents.Filter = Name.FlateDecode
        page.obj.Contents = contents
        for mcid in orphans:
            owners[mcid] = None


#: A marked-content sequence as WeasyPrint (pydyf) begins it: "/P\n<</MCID 3>>\nBDC".
_MARKED = re.compile(rb"/[A-Za-z0-9]+\s*<</MCID (\d+)>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _as_artifacts(page: pikepdf.Page, orphans: set[int]) -> bytes:
    """Return a page's content with the marked-content sequences `orphans` made artifacts.

    The operators are rewritten where WeasyPrint wrote them, the rest of the content kept
    byte for byte: parsing every page's content into objects took 5.6 s and 60 MB for an
    850-page pack. Should the content not read as WeasyPrint writes it, it is parsed.
    """
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, Array) else [contents] if contents else []
    data = b"\n".join(stream.read_bytes() for stream in streams)  # one content, as read
    found: set[int] = set()

    def swap(match: re.Match[bytes]) -> bytes:
        mcid = int(match[1])
        if mcid not in orphans:
            return match[0]
        found.add(mcid)
        return _ARTIFACT

    rewritten = _MARKED.sub(swap, data)
    if found == orphans:
        return rewritten
    ops: list[Any] = []
    for op in pikepdf.parse_content_stream(page):
        props = op.operands[1] if str(op.operator) == "BDC" else None
        if isinstance(props, Dictionary) and int(props.get("/MCID", -1)) in orphans:
            op = pikepdf.ContentStreamInstruction(
                [Name.Artifact, Dictionary(Type=Name.Pagination)], op.operator
            )
        ops.append(op)
    return bytes(pikepdf.unparse_content_stream(ops))


def _target(annot: Object) -> str | None:
    dest = annot.get("/Dest")
    if isinstance(dest, (String, Name)):
        return "#" + str(dest).lstrip("/")
    action = annot.get("/A")
    if isinstance(action, Dictionary) and "/URI" in action:
        return str(action.URI)
    return None


def _links(pdf: pikepdf.Pdf, describe: Describe) -> None:
    """Describe and print every link; pages with annotations follow the structure's order."""
    tree = pdf.Root.get("/StructTreeRoot")
    slots = _number_tree(tree.get("/ParentTree") if tree is not None else None)
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not annots:
            continue
        page.obj.Tabs = Name.S
        kept = []
        for annot in annots:
            annot.F = 4  # print
            if annot.get("/Subtype") == Name.Link:
                target = _target(annot)
                if target is not None:
                    annot.Contents = String(describe(target))
                slot = slots.get(int(annot.get("/StructParent", -1)))
                if slot is not None and not _under_link(annot, *slot):
                    continue  # a duplicate inside its link's own area: dropped
            kept.append(annot)
        page.obj.Annots = Array(kept)


def _number_tree(node: Object | None) -> dict[int, tuple[Object, int]]:
    """Return where each key's value lies in a number tree (the parent tree): the /Nums array
    that holds it and its index there, to read it and to write it in place.

    WeasyPrint writes one flat /Nums; a tree of /Kids (as other writers and tools make) is
    walked leaf by leaf. Where a key appears twice, the first in key order counts.
    """
    found: dict[int, tuple[Object, int]] = {}
    stack = [node] if isinstance(node, Dictionary) else []
    seen: set[tuple[int, int]] = set()
    while stack:
        current = stack.pop()
        if current.is_indirect:
            if current.objgen in seen:  # a damaged tree that loops
                continue
            seen.add(current.objgen)
        nums = current.get("/Nums")
        if isinstance(nums, Array):
            for i in range(0, len(nums) - 1, 2):
                found.setdefault(int(nums[i]), (nums, i + 1))
        kids = current.get("/Kids")
        if isinstance(kids, Array):
            stack.extend(k for k in reversed(list(kids)) if isinstance(k, Dictionary))
    return found


def _under_link(annot: Object, nums: Object, slot: int) -> bool:
    """Move a link annotation tagged under an element inside a Link up to that Link.

    WeasyPrint gives each inline box inside <a> its own annotation, tagged under the box's
    Span; PDF/UA wants every link annotation directly under a Link element. One that lies
    inside an annotation of its Link with the same target only repeats it for a screen
    reader: it is dropped (return False) and its parent-tree entry cleared.
    """
    owner = nums[slot]
    link = owner
    while link.get("/S") not in (Name.Link, None) and "/P" in link:
        link = link.P
    if link.objgen == owner.objgen or link.get("/S") != Name.Link:
        return True
    kids = owner.K
    for i, kid in enumerate(kids):
        obj = kid.get("/Obj") if isinstance(kid, Dictionary) else None
        if obj is not None and obj.objgen == annot.objgen:
            del kids[i]
            break
    else:
        return True
    outer = [k.Obj for k in link.K if isinstance(k, Dictionary) and "/Obj" in k]
    if any(_target(o) == _target(annot) and _inside(annot, o) for o in outer):
        nums[slot] = None
        return False
    link.K.append(kid)
    nums[slot] = link
    return True


def _inside(inner: Object, outer: Object) -> bool:
    """Whether an annotation's rectangle lies within another's."""
    a, b = ([float(v) for v in x.Rect] for x in (inner, outer))
    return (
        min(b[0], b[2]) <= min(a[0], a[2])
        and max(a[0], a[2]) <= max(b[0], b[2])
        and min(b[1], b[3]) <= min(a[1], a[3])
        and max(a[1], a[3]) <= max(b[1], b[3])
    )


def _header_scopes(pdf: pikepdf.Pdf) -> None:
    """Give each table header cell the /Scope its row implies."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    for row in _elements(tree):
        if row.S != Name.TR:
            continue
        cells = [c for c in row.K if isinstance(c, Dictionary) and "/S" in c]
        scope = Name.Column if all(c.S == Name.TH for c in cells) else Name.Row
        for cell in cells:
            if cell.S == Name.TH:
                if "/A" not in cell:
                    cell.A = Dictionary(O=Name.Table)
                cell.A.Scope = scope


def _attachments_once(pdf: pikepdf.Pdf) -> None:
    files = pdf.Root.get("/AF")
    if not isinstance(files, Array):
        return
    seen: dict[tuple[int, int], Object] = {}
    for spec in files:
        seen.setdefault(spec.objgen, spec)
    pdf.Root.AF = Array(list(seen.values()))


def _claim_ua(pdf: pikepdf.Pdf) -> None:
    """Add PDF/UA-1 identification to the XMP that WeasyPrint wrote."""
    stream = pdf.Root.Metadata
    xmp = stream.read_bytes()
    end = b"</rdf:RDF>"
    if xmp.count(end) != 1:
        raise ValueError("unexpected XMP metadata: no single rdf:RDF element")
    stream.write(xmp.replace(end, PDFUA_XMP + end))
