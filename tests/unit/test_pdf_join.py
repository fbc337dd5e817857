"""Joining PDFs that WeasyPrint wrote piece by piece: the joined file reads as the whole would.

Three real pieces (headings, paragraphs, a table, a list, running heads, links within a piece
and across pieces) are written by WeasyPrint, joined, finished, and read back as a reader,
a screen reader and an auditor would: text per page, structure tree and parent tree, links,
named destinations, outline, page furniture, qpdf --check and the pdfua checker. The same
HTML written as one document is the reference for the structure.

A link to an anchor in another piece: WeasyPrint drops a link whose target is not in the
document it writes, so while writing the pieces the test lets resolve_links keep links to the
names the other pieces define (what the coordinator's piecewise layout does).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfua
import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from briefgen.render.pdf import join as pdf_join
from briefgen.render.pdf import weasy
from briefgen.render.pdf.finish import finish
from briefgen.render.pdf.join import OutlineEntry, Piece, join
from tests.support.pdf import PDFUA_BROKEN, elements, parent_tree, pdf_text

CSS = """
@page { size: A5; margin: 2cm; @bottom-center { content: "running " counter(page) } }
section { break-before: page }
th, td { border: 1px solid black }
"""

#: The pieces' bodies: piece 1 starts with a lead page the join drops.
BODIES = [
    """<section><h1 id="one">Part one</h1>
    <p>Alpha paragraph. See <a href="#three">part three</a> and <a href="#one-b">below</a>.</p>
    <h2 id="one-b">Alpha figures</h2>
    <table><tr><th>Year</th><th>Count</th></tr><tr><td>2020</td><td>4</td></tr></table>
    </section>""",
    """<section><h1 id="two">Part two</h1><p>Bravo paragraph, back to
    <a href="#one">part one</a>.</p>
    <table><tr><th>Name</th><th>Size</th></tr><tr><td>Bravo</td><td>7</td></tr></table>
    </section><section><h2 id="two-b">Bravo more</h2><ul><li>first item</li>
    <li>second item</li></ul></section>""",
    """<section><h1 id="three">Part three</h1><p>Charlie paragraph.</p>
    <table><tr><th>Key</th><th>Value</th></tr><tr><td>c</td><td>3</td></tr></table>
    </section>""",
]
LEAD = '<p style="break-after: page">LEADPAGE</p>'
PAGES = [
    ["Part one", "Alpha paragraph", "Alpha figures"],
    ["Part two", "Bravo paragraph"],
    ["Bravo more", "second item"],
    ["Part three", "Charlie paragraph"],
]
OUTLINE = [
    OutlineEntry(1, "Part one", 0, 56.7, 538.6),
    OutlineEntry(2, "Alpha figures", 0, 56.7, 400.0),
    OutlineEntry(1, "Part two", 1, 56.7, 538.6),
    OutlineEntry(3, "Bravo more", 2, 56.7, 538.6),
    OutlineEntry(1, "Part three", 3, 56.7, 538.6),
]


def html(body: str) -> str:
    head = f"<head><title>Joined</title><style>{CSS}</style></head>"
    return f'<html lang="en">{head}<body>{body}</body></html>'


@contextmanager
def links_kept(elsewhere: set[str]) -> Iterator[None]:
    """While writing a piece, keep internal links to names other pieces define."""
    import weasyprint.pdf

    original = weasyprint.pdf.resolve_links

    def resolve(pages: Any) -> Iterator[Any]:
        for page, (links, anchors) in zip(pages, original(pages), strict=True):
            kept = {id(link) for link in links}
            yield (
                [
                    link
                    for link in page.links
                    if id(link) in kept or (link[0] == "internal" and link[1] in elsewhere)
                ],
                anchors,
            )

    weasyprint.pdf.resolve_links = resolve
    try:
        yield
    finally:
        weasyprint.pdf.resolve_links = original


def write(source: str) -> bytes:
    wp = weasy.load()
    document = wp.HTML(string=source).render()
    document.metadata.title = "Joined"
    return weasy.write_pdf(document, pdf_variant="pdf/a-3u", pdf_tags=True)


def describe(target: str) -> str:
    return f"go to {target.lstrip('#')}"


@pytest.fixture(scope="module")
def pieces() -> list[Piece]:
    with links_kept({"one", "two", "three", "one-b", "two-b"}):
        return [
            Piece(write(html(BODIES[0]))),
            Piece(write(html(LEAD + BODIES[1])), skip_first=True),
            Piece(write(html(BODIES[2]))),
        ]


@pytest.fixture(scope="module")
def furniture() -> bytes:
    sheets = "".join(
        f'<div style="break-after: page; padding-top: 17cm">Sheet {i} of 4</div>'
        for i in range(1, 5)
    )
    wp = weasy.load()
    return bytes(wp.HTML(string=html(sheets).replace(CSS, "@page { size: A5 }")).write_pdf())


@pytest.fixture(scope="module")
def files(
    pieces: list[Piece], furniture: bytes, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("join")
    made = {
        "joined": join(pieces, OUTLINE, furniture),
        "whole": write(html("".join(BODIES))),
    }
    made["finished"] = finish(made["joined"], describe, ua=True)
    for name, data in made.items():
        (out / f"{name}.pdf").write_bytes(data)
    return {name: out / f"{name}.pdf" for name in made}


@pytest.fixture(scope="module")
def pdfs(files: dict[str, Path]) -> Iterator[dict[str, pikepdf.Pdf]]:
    opened = {name: pikepdf.open(path) for name, path in files.items()}
    yield opened
    for pdf in opened.values():
        pdf.close()


def page_texts(path: Path) -> list[str]:
    text = pdf_text(path, layout=True)
    return text.split("\f")[:-1]


def index(pdf: pikepdf.Pdf, page: Any) -> int:
    return int(pdf.pages.index(pikepdf.Page(page)))


def test_pages_read_in_order_without_the_lead_page(files: dict[str, Path]) -> None:
    texts = page_texts(files["finished"])
    assert len(texts) == len(PAGES)
    for text, expected in zip(texts, PAGES, strict=True):
        at = [text.index(phrase) for phrase in expected]
        assert at == sorted(at), text
    assert "LEADPAGE" not in "".join(texts)


def test_furniture_on_every_page_as_an_artifact(
    files: dict[str, Path], pdfs: dict[str, pikepdf.Pdf]
) -> None:
    texts = page_texts(files["finished"])
    for i, text in enumerate(texts, 1):
        assert f"Sheet {i} of 4" in text
    for page in pdfs["finished"].pages:
        stack: list[str] = []
        drawn = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                kind = str(props.get("/Type", "")) if isinstance(props, Dictionary) else ""
                stack.append(str(operands[0]) + kind)
            elif op == "EMC":
                stack.pop()
            elif op == "Do" and "Furniture" in str(operands[0]):
                drawn.append(list(stack))
        assert drawn == [["/Artifact/Pagination"]]


def test_structure_is_the_whole_documents(pdfs: dict[str, pikepdf.Pdf]) -> None:
    joined, whole = pdfs["joined"], pdfs["whole"]
    roles = [str(e.S) for e in elements(joined.Root.StructTreeRoot)]
    assert roles == [str(e.S) for e in elements(whole.Root.StructTreeRoot)]
    assert "/L" in roles and "/Table" in roles
    kinds = {key: str(v.get("/S")) for key, v in parent_tree(joined).items() if key >= 4}
    assert kinds == {k: str(v.get("/S")) for k, v in parent_tree(whole).items() if k >= 4}
    assert len(kinds) == 3  # the three links
    # each page's marks belong to elements of the same roles, in the same order
    for key in range(len(whole.pages)):
        assert [str(e.S) for e in parent_tree(joined)[key]] == [
            str(e.S) for e in parent_tree(whole)[key]
        ], key
    root = joined.Root.StructTreeRoot
    # every element marking content, running heads' too, has the joined tree as ancestor
    for key, owners in parent_tree(joined).items():
        for owner in owners if isinstance(owners, Array) else [owners]:
            while owner.get("/Type") != Name.StructTreeRoot:
                owner = owner.P
            assert owner.objgen == root.objgen, key
    structure = [o for o in joined.objects if isinstance(o, Dictionary) and "/S" in o]
    assert [o.S for o in structure].count(Name.Document) == 1
    assert set(root.keys()) == set(whole.Root.StructTreeRoot.keys())
    assert len(root.K) == 1 and Name.Document == root.K[0].S


def test_every_mark_maps_to_an_element_of_its_page(pdfs: dict[str, pikepdf.Pdf]) -> None:
    pdf = pdfs["finished"]
    root = pdf.Root.StructTreeRoot
    reachable = {e.objgen: e for e in elements(root)}
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    for element in reachable.values():
        assert Name.Document == element.S or element.Pg.objgen in pages
        parent = element.P
        while parent.get("/Type") != Name.StructTreeRoot:
            assert parent.objgen in reachable
            parent = parent.P
        assert parent.objgen == root.objgen
    tree = parent_tree(pdf)
    for i, page in enumerate(pdf.pages):
        assert int(page.obj.StructParents) == i
        owners = tree[i]
        mcids = [
            int(operands[1].MCID)
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC"
            and isinstance(operands[1], Dictionary)
            and "/MCID" in operands[1]
        ]
        assert mcids
        for mcid in mcids:
            owner = owners[mcid]
            assert owner.objgen in reachable, (i, mcid)
            assert pages[owner.Pg.objgen] == i


def test_links_resolve_and_are_tagged(pdfs: dict[str, pikepdf.Pdf]) -> None:
    pdf = pdfs["finished"]
    names = pdf.Root.Names.Dests.Names
    dests = {str(names[i]): index(pdf, names[i + 1][0]) for i in range(0, len(names), 2)}
    assert dests == {"one": 0, "one-b": 0, "two": 1, "two-b": 2, "three": 3}
    assert list(dests) == sorted(dests)
    tree = parent_tree(pdf)
    seen = []
    for i, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", Array()):
            owner = tree[int(annot.StructParent)]
            assert Name.Link == owner.S
            objrs = [k for k in owner.K if isinstance(k, Dictionary) and k.get("/Obj") == annot]
            assert len(objrs) == 1 and index(pdf, objrs[0].Pg) == i
            seen.append((i, str(annot.Dest), dests[str(annot.Dest)], str(annot.Contents)))
    assert seen == [
        (0, "three", 3, "go to three"),
        (0, "one-b", 0, "go to one-b"),
        (1, "one", 0, "go to one"),
    ]


def test_table_headers_stay_unique(pdfs: dict[str, pikepdf.Pdf]) -> None:
    ids = [bytes(e.ID) for e in elements(pdfs["joined"].Root.StructTreeRoot) if e.S == Name.TH]
    assert len(ids) == len(set(ids)) == 6
    for element in elements(pdfs["joined"].Root.StructTreeRoot):
        if element.S == Name.TD:
            assert {bytes(h) for h in element.A.Headers} <= set(ids)


def test_outline(pdfs: dict[str, pikepdf.Pdf]) -> None:
    pdf = pdfs["joined"]

    def entries(node: Any, level: int) -> Iterator[tuple[int, str, int, int]]:
        entry = node.get("/First")
        while entry is not None:
            assert entry.Parent == node
            yield level, str(entry.Title), index(pdf, entry.Dest[0]), int(entry.Count)
            yield from entries(entry, level + 1)
            entry = entry.get("/Next")

    # Bravo more (level 3 after a level 1) nests under Part two, as in WeasyPrint
    assert list(entries(pdf.Root.Outlines, 1)) == [
        (1, "Part one", 0, 1),
        (2, "Alpha figures", 0, 0),
        (1, "Part two", 1, 1),
        (2, "Bravo more", 2, 0),
        (1, "Part three", 3, 0),
    ]
    assert int(pdf.Root.Outlines.Count) == 5
    assert list(pdf.Root.Outlines.Dest if False else pdf.Root.Outlines.First.Dest)[1] == Name.XYZ


def test_first_piece_gives_the_catalog(pdfs: dict[str, pikepdf.Pdf], pieces: list[Piece]) -> None:
    with pikepdf.open(io.BytesIO(pieces[0].data)) as first:
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/OutputIntents"):
            assert repr(pdfs["joined"].Root[key]) == repr(first.Root[key]), key
        assert pdfs["joined"].Root.Metadata.read_bytes() == first.Root.Metadata.read_bytes()
        assert str(pdfs["joined"].docinfo.Title) == "Joined"


def test_qpdf_and_pdfua_find_nothing(files: dict[str, Path]) -> None:
    for name in ("joined", "finished"):
        subprocess.run(["qpdf", "--check", str(files[name])], check=True, capture_output=True)
    report = pdfua.validate(str(files["finished"]))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    for outcome in report.skipped:
        assert PDFUA_BROKEN.get(outcome.rule_id, "?") in str(outcome.skipped_reason), outcome


def test_same_input_same_bytes(
    pieces: list[Piece], files: dict[str, Path], furniture: bytes
) -> None:
    assert join(pieces, OUTLINE, furniture) == files["joined"].read_bytes()


def test_without_outline_or_furniture(pieces: list[Piece]) -> None:
    with pikepdf.open(io.BytesIO(join(pieces, []))) as pdf:
        assert "/Outlines" not in pdf.Root
        assert len(pdf.pages) == 4


def test_what_cannot_be_joined_says_why(pieces: list[Piece], furniture: bytes) -> None:
    with pytest.raises(ValueError, match=r"page 1: a link goes to #three, defined in no piece"):
        join(pieces[:1], [])
    twice = join([pieces[2], pieces[2]], [])  # an anchor in two pieces: the first is used
    with pikepdf.open(io.BytesIO(twice)) as pdf:
        names = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
        assert names["three"][0].objgen == pdf.pages[0].obj.objgen
    with pytest.raises(ValueError, match=r"furniture has 4 pages for 1 joined pages"):
        join(pieces[2:], [], furniture)


def test_role_and_class_maps_are_merged(pieces: list[Piece]) -> None:
    """WeasyPrint writes neither map; a piece that has one keeps its meaning in the join."""

    def with_maps(data: bytes, role: str, name: str) -> bytes:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            root = pdf.Root.StructTreeRoot
            root.RoleMap = Dictionary({role: Name.P})
            root.ClassMap = Dictionary({name: pdf.make_indirect(Dictionary(O=Name.Layout))})
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()

    joined = join(
        [
            Piece(with_maps(pieces[0].data, "/Note", "/wide")),
            pieces[1],
            Piece(with_maps(pieces[2].data, "/Aside", "/narrow")),
        ],
        [],
    )
    with pikepdf.open(io.BytesIO(joined)) as pdf:
        root = pdf.Root.StructTreeRoot
        assert dict(root.RoleMap.items()) == {"/Note": Name.P, "/Aside": Name.P}
        assert {k: v.O for k, v in root.ClassMap.items()} == {
            "/wide": Name.Layout,
            "/narrow": Name.Layout,
        }


def test_repeated_table_header_ids_are_renamed() -> None:
    """Two pieces alike give their tables' headers the same IDs; the join keeps them apart."""
    joined = join(
        [Piece(write(html(BODIES[2]))), Piece(write(html(BODIES[2].replace("three", "four"))))],
        [],
    )
    with pikepdf.open(io.BytesIO(joined)) as pdf:
        tables = [e for e in elements(pdf.Root.StructTreeRoot) if Name.Table == e.S]
        ids = []
        for table in tables:
            headers = [bytes(e.ID) for e in elements(table) if Name.TH == e.S]
            cells = [e for e in elements(table) if Name.TD == e.S]
            assert [[bytes(h) for h in c.A.Headers] for c in cells] == [headers[:1], headers[1:]]
            ids.append(headers)
        assert ids[1] == [i + b"~1" for i in ids[0]]


def test_a_join_in_its_own_process_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_join, "APART_BYTES", 0)
    monkeypatch.setattr(pdf_join, "JOIN_SECONDS", 0.01)  # less than Python takes to start
    with pytest.raises(ValueError) as caught:
        pdf_join.join_and_finish(pdf_join.Job([Piece(b"%PDF-")], [], None, str, False))
    assert str(caught.value) == "joining a PDF's pieces took more than 0.01 s and was stopped"


def _ended(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return status.rsplit(")", 1)[1].split()[0] in ("Z", "X")  # a zombie no one reaps yet


def test_a_join_process_ends_with_its_parent(tmp_path: Path) -> None:
    # The renderer starts the join and is killed; the join (here waiting for its job on a
    # pipe this test keeps open) must not outlive it.
    job_r, job_w = os.pipe()
    renderer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            "from briefgen.render.pdf import join as pdf_join\n"
            "child = subprocess.Popen(pdf_join._command(), stdin=int(sys.argv[1]))\n"
            "print(child.pid, flush=True)\n"
            "time.sleep(120)\n",
            str(job_r),
        ],
        pass_fds=[job_r],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        os.close(job_r)
        assert renderer.stdout is not None
        join_pid = int(renderer.stdout.readline())
        time.sleep(0.5)
        assert not _ended(join_pid)
        renderer.kill()
        renderer.wait()
        deadline = time.monotonic() + 10
        while not _ended(join_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _ended(join_pid), "the join outlived its parent"
    finally:
        os.close(job_w)
        renderer.kill()
        renderer.wait()
