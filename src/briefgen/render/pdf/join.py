"""Join tagged PDFs that WeasyPrint wrote piece by piece into the PDF it would write whole.

A long document laid out in pieces (each its own layout and write, so that memory stays
bounded) is joined here, with pikepdf, into one document with WeasyPrint's structures:

- the first piece's catalog and document info (XMP, /Lang, PDF/A identity, output intent,
  attachments) are the joined document's; later pieces give pages, structure and names;
- one /Document structure element holds every piece's elements in page order; the parent tree
  is numbered as WeasyPrint numbers a whole document (page i is key i, then each annotation
  in page order from the page count upward);
- named destinations are merged into one sorted flat /Names array, and every internal link
  must resolve in it;
- the outline is built from the caller's marks, shaped as WeasyPrint's add_outlines shapes it;
- optional page furniture (an untagged PDF, one page per joined page, e.g. "Page N of M")
  is drawn over each page as a pagination artifact.

Pages are copied before the structure that refers to them: qpdf keeps one map of copied
objects per source PDF, so a structure element's /Pg becomes the copied page (the tests
check every /Pg). Same input bytes, same output bytes; time linear in pages and elements.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, String

from .finish import saved


@dataclass(frozen=True)
class Piece:
    """A tagged PDF written by weasy.write_pdf; skip_first drops its (blank) first page."""

    data: bytes
    skip_first: bool = False


@dataclass(frozen=True)
class OutlineEntry:
    """One outline entry: level 1 is the top; page is 0-based in the joined document."""

    level: int
    label: str
    page: int
    x: float
    y: float


@dataclass
class _Taken:
    """What one piece gives the joined document, as objects of the joined PDF."""

    kids: list[Object] = field(default_factory=list)  # the Document's top-level elements
    marks: list[Object] = field(default_factory=list)  # per kept page, its MCID array
    annots: list[tuple[Object, Object]] = field(default_factory=list)  # (annotation, owner)
    names: list[tuple[str, Object]] = field(default_factory=list)  # named destinations


def join(
    pieces: list[Piece],
    outline: list[OutlineEntry],
    furniture: bytes | None = None,
    then: Callable[[pikepdf.Pdf], None] | None = None,
) -> bytes:
    """Return one PDF of the pieces' pages, structure, names, the outline and furniture.

    then, if given, finishes the joined PDF before it is written (render/pdf/finish.py), in
    the same session: the PDF is parsed once.
    """
    if not pieces:
        raise ValueError("no PDF to join")
    opened: list[pikepdf.Pdf] = []  # the first piece and the furniture, until saved
    try:
        base = pikepdf.open(io.BytesIO(pieces[0].data))
        opened.append(base)
        document, root = _structure(base)
        taken = [_take(base, base, pieces[0].skip_first, document)]
        for piece in pieces[1:]:
            # closed once copied: qpdf copies dictionaries at once and keeps what it needs
            # of the piece's file for the streams it copies, so only one piece is parsed
            # in memory at a time
            with pikepdf.open(io.BytesIO(piece.data)) as source:
                taken.append(_take(base, source, piece.skip_first, document))
                _merge_maps(base, root, source)
        _restructure(base, root, document, taken)
        names = _names(base, taken)
        _check_links(base, names)
        _outline(base, outline)
        if furniture is not None:
            source = pikepdf.open(io.BytesIO(furniture))
            opened.append(source)
            _furnish(base, source)
        if then is not None:
            then(base)
        # as WeasyPrint writes: the copied objects, many small dictionaries, compressed
        return saved(base, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    finally:
        for pdf in reversed(opened):
            pdf.close()


def _structure(pdf: pikepdf.Pdf) -> tuple[Object, Object]:
    """Return a piece's /Document structure element and its structure tree root."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        raise ValueError("a piece is not a tagged PDF: no /StructTreeRoot")
    kids = root.get("/K")
    document = kids[0] if isinstance(kids, Array) and len(kids) == 1 else kids
    if not isinstance(document, Dictionary) or document.get("/S") != Name.Document:
        raise ValueError("a piece's structure tree has no single /Document element")
    return document, root


def _parent_tree(root: Object) -> dict[int, Object]:
    return {int(k): v for k, v in pikepdf.NumberTree(root.ParentTree).items()}


def _take(joined: pikepdf.Pdf, source: pikepdf.Pdf, skip_first: bool, document: Object) -> _Taken:
    """Append a piece's pages to joined; return its structure as objects of joined."""
    own, root = _structure(source)
    entries = _parent_tree(root)
    pages = list(source.pages)
    skipped = pages[0].obj.objgen if skip_first and pages else None
    kept = pages[1:] if skip_first else pages
    kids = [k for k in own.K if not _on(k, skipped)]
    marks = [entries.get(int(p.obj.get("/StructParents", -1)), Array()) for p in kept]
    annots = sorted(
        (
            (int(a.StructParent), a)
            for p in kept
            for a in p.obj.get("/Annots", Array())
            if "/StructParent" in a
        ),
        key=lambda pair: pair[0],  # WeasyPrint's order: each page's, in tag-tree order
    )
    owners = [entries.get(key) for key, _ in annots]
    names = [(n, d) for n, d in _dests(source) if not _on_page(d, skipped)]
    # elements that name the piece's Document as parent will name the joined one: their /P
    # is dropped before the copy, so that the piece's tree root does not come along
    parented = _parented(own, kids, marks, owners)
    for element in parented:
        del element.P
    holder: Object = Array([*kids, *marks, *owners, *parented, *(d for _, d in names)])
    if source is joined:
        if skip_first:
            del joined.pages[0]
    else:  # pages first: the structure's /Pg and /Obj then name the pages' copies
        for page in kept:
            joined.pages.append(page)
        holder = joined.copy_foreign(source.make_indirect(holder))
    objects = list(holder)
    n_kids, n_marks, n_owners, n_parented = len(kids), len(marks), len(owners), len(parented)
    at = n_kids + n_marks + n_owners
    for element in objects[at : at + n_parented]:
        element.P = document
    start = len(joined.pages) - len(kept)
    copied = [p.obj.get("/Annots", Array()) for p in joined.pages[start:]]
    by_key = {int(a.StructParent): a for annots_ in copied for a in annots_ if "/StructParent" in a}
    return _Taken(
        kids=objects[:n_kids],
        marks=objects[n_kids : n_kids + n_marks],
        annots=[
            (by_key[key], owner)
            for (key, _), owner in zip(annots, objects[n_kids + n_marks : at], strict=True)
        ],
        names=list(zip((n for n, _ in names), objects[at + n_parented :], strict=True)),
    )


def _on(element: Object, page: tuple[int, int] | None) -> bool:
    """Whether a structure element lies on the given page."""
    if page is None or not isinstance(element, Dictionary):
        return False
    on = element.get("/Pg")
    return on is not None and on.objgen == page


def _on_page(dest: Object, page: tuple[int, int] | None) -> bool:
    """Whether a destination (an array, or a dictionary with /D) is on the given page."""
    target = dest.get("/D") if isinstance(dest, Dictionary) else dest
    return page is not None and isinstance(target, Array) and target[0].objgen == page


def _parented(
    own: Object, kids: list[Object], marks: list[Object], owners: list[Object | None]
) -> list[Object]:
    """Return the elements whose parent is own: up from every element that marks content.

    Running heads' elements are only in the parent tree, under an element not in the tree
    whose parent is own: all of them are found by climbing, each element visited once.
    """
    found: dict[tuple[int, int], Object] = {}
    visited: set[tuple[int, int]] = {own.objgen}
    candidates: list[Object | None] = [*kids, *owners]
    for array in marks:
        candidates.extend(array)
    for element in candidates:
        while isinstance(element, Dictionary) and element.objgen not in visited:
            visited.add(element.objgen)
            parent = element.get("/P")
            if parent is None:
                break
            if parent.objgen == own.objgen:
                found[element.objgen] = element
                break
            element = parent
    return list(found.values())


def _merge_maps(joined: pikepdf.Pdf, root: Object, source: pikepdf.Pdf) -> None:
    """Merge a later piece's /RoleMap and /ClassMap into the joined structure root."""
    _, other = _structure(source)
    for key in ("/RoleMap", "/ClassMap"):
        theirs = other.get(key)
        if not isinstance(theirs, Dictionary):
            continue
        if key not in root:
            root[key] = Dictionary()
        mine = root[key]
        for name, value in theirs.items():
            if name in mine:  # the first piece's meaning of a name wins
                continue
            if isinstance(value, (Dictionary, Array)):  # may refer to the piece's objects
                held = joined.copy_foreign(source.make_indirect(Array([value])))
                value = held[0]
            mine[name] = value


def _restructure(pdf: pikepdf.Pdf, root: Object, document: Object, taken: list[_Taken]) -> None:
    """Give the joined Document every piece's elements and number the parent tree anew."""
    pages = {p.obj.objgen for p in pdf.pages}
    kids = [k for t in taken for k in t.kids]
    document.K = Array(kids)
    _tidy(taken, pages)
    nums = Array()
    marks = [m for t in taken for m in t.marks]
    for index, (page, array) in enumerate(zip(pdf.pages, marks, strict=True)):
        page.obj.StructParents = index
        nums.append(index)
        nums.append(array)
    for key, (annot, owner) in enumerate((a for t in taken for a in t.annots), len(marks)):
        annot.StructParent = key
        nums.append(key)
        nums.append(owner)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    if "/ParentTreeNextKey" in root:  # WeasyPrint does not write it; a piece that did is stale
        del root.ParentTreeNextKey


def _tidy(taken: list[_Taken], pages: set[tuple[int, int]]) -> None:
    """Drop elements not on a joined page; make table header IDs unique across pieces.

    WeasyPrint names a header cell `<table's object number>-<row>-<column>`: unique in one
    write, but two pieces can reuse a number. A repeated ID is renamed `<ID>~<piece>`, in the
    header cell and in the /Headers of the piece's data cells.
    """
    seen: set[bytes] = set()
    for piece, t in enumerate(taken):
        renamed: dict[bytes, String] = {}
        cells: list[Object] = []
        for element in (e for top in t.kids for e in _walk(top, pages)):
            role = element.get("/S")
            if role == Name.TH and "/ID" in element:
                ident = bytes(element.ID)
                if ident in seen:
                    renamed[ident] = String(ident + f"~{piece}".encode())
                    element.ID = renamed[ident]
                seen.add(bytes(element.ID))
            elif role == Name.TD:
                cells.append(element)
        for cell in cells if renamed else []:
            headers = cell.get("/A", Dictionary()).get("/Headers")
            if isinstance(headers, Array):
                cell.A.Headers = Array([renamed.get(bytes(h), h) for h in headers])


def _walk(top: Object, pages: set[tuple[int, int]]) -> Iterator[Object]:
    """Yield top and the elements under it in reading order, dropping any not on a page."""
    stack = [top]
    while stack:
        element = stack.pop()
        yield element
        kids = element.get("/K")
        if not isinstance(kids, Array):
            continue
        keep, below = [], []
        for kid in kids:
            if isinstance(kid, Dictionary) and "/S" in kid:
                on = kid.get("/Pg")
                if on is not None and on.objgen not in pages:
                    continue
                below.append(kid)
            keep.append(kid)
        if len(keep) < len(kids):
            element.K = Array(keep)
        stack.extend(reversed(below))


def _dests(pdf: pikepdf.Pdf) -> list[tuple[str, Object]]:
    """Return a PDF's named destinations from its catalog's /Names /Dests."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if isinstance(names, Dictionary) else None
    if not isinstance(dests, Dictionary):
        return []
    return [(str(k), v) for k, v in pikepdf.NameTree(dests).items()]


def _names(pdf: pikepdf.Pdf, taken: list[_Taken]) -> set[str]:
    """Write every piece's named destinations as one sorted flat array; return the names.

    A name defined by several pieces goes to the first, as WeasyPrint resolves an anchor
    defined twice in one document.
    """
    merged: dict[str, Object] = {}
    for t in taken:
        for name, dest in t.names:
            merged.setdefault(name, dest)
    catalog = pdf.Root
    if "/Names" in catalog and "/Dests" in catalog.Names:
        del catalog.Names.Dests
    if merged:
        flat = Array()
        for name in sorted(merged):
            flat.append(String(name))
            flat.append(merged[name])
        if "/Names" not in catalog:
            catalog.Names = Dictionary()
        catalog.Names.Dests = Dictionary(Names=flat)
    elif "/Names" in catalog and not catalog.Names.keys():
        del catalog.Names
    return set(merged)


def _check_links(pdf: pikepdf.Pdf, names: set[str]) -> None:
    """Every link to a named destination must find it in the joined document."""
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", Array()):
            dest = annot.get("/Dest")
            if isinstance(dest, Name):
                dest = String(str(dest)[1:])
            if isinstance(dest, String) and str(dest) not in names:
                raise ValueError(f"page {number}: a link goes to #{dest}, defined in no piece")


def _outline(pdf: pikepdf.Pdf, marks: list[OutlineEntry]) -> None:
    """Replace the pieces' outline by one of marks, shaped as WeasyPrint's add_outlines."""
    if "/Outlines" in pdf.Root:
        del pdf.Root.Outlines
    if not marks:
        return
    pages = [p.obj for p in pdf.pages]
    top: list[Object] = []
    children: dict[tuple[int, int], list[Object]] = {}
    chain: list[tuple[int, Object]] = []  # (level, entry) of the open ancestors
    for mark in marks:
        if not 0 <= mark.page < len(pages):
            raise ValueError(f"outline entry {mark.label!r}: no page {mark.page + 1}")
        entry = pdf.make_indirect(
            Dictionary(
                Title=String(mark.label),
                Dest=Array([pages[mark.page], Name.XYZ, mark.x, mark.y, 0]),
            )
        )
        while chain and chain[-1][0] >= mark.level:
            chain.pop()
        siblings = children.setdefault(chain[-1][1].objgen, []) if chain else top
        siblings.append(entry)
        chain.append((mark.level, entry))
    outlines = pdf.make_indirect(Dictionary())
    count = _link(outlines, top, children)
    outlines.Count = count
    outlines.First, outlines.Last = top[0], top[-1]
    pdf.Root.Outlines = outlines


def _link(
    parent: Object, entries: list[Object], children: dict[tuple[int, int], list[Object]]
) -> int:
    """Link entries as siblings under parent; return the count WeasyPrint gives them (open)."""
    count = len(entries)
    for i, entry in enumerate(entries):
        below = children.get(entry.objgen, [])
        entry.Count = _link(entry, below, children)
        count += int(entry.Count)
        if i:
            entry.Prev = entries[i - 1]
            entries[i - 1].Next = entry
        if below:
            entry.First, entry.Last = below[0], below[-1]
        entry.Parent = parent
    return count


def _furnish(pdf: pikepdf.Pdf, furniture: pikepdf.Pdf) -> None:
    """Draw each furniture page over the joined page of its index, as a pagination artifact."""
    if len(furniture.pages) != len(pdf.pages):
        raise ValueError(
            f"furniture has {len(furniture.pages)} pages for {len(pdf.pages)} joined pages"
        )
    save = pdf.make_stream(b"q\n")
    shared: dict[tuple[int, int], Dictionary] = {}
    for page, extra in zip(pdf.pages, furniture.pages, strict=True):
        form = pdf.copy_foreign(extra.as_form_xobject())
        own = _own_resources(pdf, page.obj.get("/Resources", Dictionary()), shared)
        name = Name.Furniture
        while name in own.XObject:
            name = Name(str(name) + "x")
        own.XObject[name] = form
        page.obj.Resources = own
        rect = pikepdf.Rectangle(*(float(v) for v in page.mediabox))
        placed = page.calc_form_xobject_placement(
            form, name, rect, invert_transformations=True, allow_shrink=True, allow_expand=False
        )
        page.contents_add(save, prepend=True)
        tail = b"Q\n/Artifact <</Type /Pagination>> BDC\n" + placed + b"\nEMC\n"
        page.contents_add(pdf.make_stream(tail), prepend=False)


def _own_resources(
    pdf: pikepdf.Pdf, resources: Object, shared: dict[tuple[int, int], Dictionary]
) -> Dictionary:
    """Return a page's own resources, with their own /XObject, to add a form to one page.

    WeasyPrint's pages share one resource dictionary; each page gets a shallow copy whose
    direct sub-dictionaries are made indirect once, so that the copies stay small.
    """
    key = resources.objgen
    if key == (0, 0) or key not in shared:
        items = {}
        for k, v in resources.items():
            if isinstance(v, Dictionary) and not v.is_indirect and k != "/XObject":
                v = pdf.make_indirect(v)
            items[k] = v
        template = Dictionary(items)
        if key != (0, 0):
            shared[key] = template
    else:
        template = shared[key]
    own = Dictionary({k: v for k, v in template.items()})
    xobjects = resources.get("/XObject", Dictionary())
    own.XObject = Dictionary({k: v for k, v in xobjects.items()})
    return own


#: Pieces of more bytes than this in all (a PDF of some 150 pages) are joined and finished in
#: a process of their own: qpdf holds every object of the joined PDF in memory (about 1.5 KB
#: each, 145,000 objects and 230 MB for an 850-page pack), which is given back to the system
#: as soon as that process ends, instead of adding to a renderer's memory and staying there.
APART_BYTES = 2_000_000


@dataclass(frozen=True)
class Job:
    """Pieces to join into one finished PDF (render/pdf/finish.py); pickles whole, so that a
    large one can run in a process of its own (describe must pickle: pdf.Describer does)."""

    pieces: list[Piece]
    outline: list[OutlineEntry]
    furniture: bytes | None
    describe: Callable[[str], str]
    ua: bool

    def run(self) -> bytes:
        """Join and finish here, the PDF parsed once."""
        from .finish import finish_open

        return join(
            self.pieces,
            self.outline,
            self.furniture,
            lambda pdf: finish_open(pdf, self.describe, self.ua),
        )


#: Seconds a join in its own process may take before it is stopped: far more than any join
#: needs (an 850-page pack joins in seconds), so that a hung one ends a build, not a watch.
JOIN_SECONDS = 600


def join_and_finish(job: Job) -> bytes:
    """Join and finish a job's pieces; a large one (APART_BYTES) in a process of its own."""
    if sum(len(p.data) for p in job.pieces) + len(job.furniture or b"") <= APART_BYTES:
        return job.run()
    try:
        done = subprocess.run(
            _command(), input=pickle.dumps(job), capture_output=True, timeout=JOIN_SECONDS
        )
    except subprocess.TimeoutExpired as err:  # run() has killed it
        raise ValueError(
            f"joining a PDF's pieces took more than {JOIN_SECONDS:g} s and was stopped"
        ) from err
    if done.returncode:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        raise ValueError(
            f"joining a PDF's pieces failed (exit {done.returncode}): "
            + (why[-1] if why else "no message")
        )
    return done.stdout


def _command() -> list[str]:
    """The command of a join's own process, given this process's id to end with it."""
    return [sys.executable, "-m", __name__, str(os.getpid())]


def _end_with(parent: int) -> None:
    """End this process once its parent is gone (a renderer killed, or its watch)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


if __name__ == "__main__":  # the process of a large join (join_and_finish)
    threading.Thread(target=_end_with, args=(int(sys.argv[1]),), daemon=True).start()
    sys.stdout.buffer.write(pickle.loads(sys.stdin.buffer.read()).run())
