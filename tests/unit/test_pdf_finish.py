"""Finishing a WeasyPrint PDF (render/pdf/finish.py) whose parent tree is a tree of /Kids.

WeasyPrint writes the structure's parent tree as one flat /Nums array, but a number tree may
be split into /Kids, as other writers and PDF tools make it. The finishing reads and writes
the parent tree as a number tree: a real WeasyPrint PDF with its parent tree split into kids
is finished exactly as the flat original is.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary

from briefgen.render.pdf import weasy
from briefgen.render.pdf.finish import finish

#: Two pages with a running head (its marks become artifacts) and a link made of several
#: inline boxes (their repeated annotations are moved under the Link or dropped).
HTML = """<html lang="en"><head><title>Kids</title><style>
@page { size: A6; margin: 2cm; @top-center { content: "Running head" } }
h1 { break-before: page }
</style></head><body>
<h1 id="a">First</h1><p>See <a href="#b">the <em>second</em> part</a> and
<a href="https://example.org/">a site</a>.</p>
<h1 id="b">Second</h1><p>Back to <a href="#a">the first</a>.</p>
</body></html>"""


def _split(data: bytes) -> bytes:
    """Return the PDF with its flat parent tree split into two leaves under /Kids."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        nums = list(root.ParentTree.Nums)
        half = len(nums) // 4 * 2  # a whole number of (key, value) pairs
        leaves = [nums[:half], nums[half:]]
        assert all(leaves), "the fixture needs at least two parent-tree entries"
        kids = [
            pdf.make_indirect(
                Dictionary(Nums=Array(leaf), Limits=Array([int(leaf[0]), int(leaf[-2])]))
            )
            for leaf in leaves
        ]
        root.ParentTree = pdf.make_indirect(Dictionary(Kids=Array(kids)))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _shape(value: Any) -> Any:
    if isinstance(value, Array):
        return [_shape(v) for v in value]
    if isinstance(value, Dictionary):
        return str(value.get("/S"))
    return value


def _read(data: bytes) -> dict[str, Any]:
    """What the finishing decides: page content, annotations, the parent tree by key."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        return {
            "content": [page.obj.Contents.read_bytes() for page in pdf.pages],
            "annots": [
                [(str(a.get("/Contents")), int(a.get("/StructParent", -1))) for a in annots]
                for page in pdf.pages
                if (annots := page.obj.get("/Annots")) is not None
            ],
            "parents": {int(k): _shape(v) for k, v in tree.items()},
        }


def test_a_parent_tree_of_kids_is_finished_as_a_flat_one() -> None:
    wp = weasy.load()
    flat = weasy.write_pdf(wp.HTML(string=HTML).render(), pdf_tags=True)
    kids = _split(flat)
    expected = _read(finish(flat, lambda t: f"go to {t}", ua=False))
    got = _read(finish(kids, lambda t: f"go to {t}", ua=False))
    assert got == expected
    # the fixture exercises both: running heads made artifacts, link marks moved or dropped
    assert all(b"/Artifact" in content for content in expected["content"])
    assert None in expected["parents"].values()  # a link's repeated annotation, in the 2nd leaf
    with pikepdf.open(io.BytesIO(finish(kids, str, ua=False))) as pdf:
        assert "/Kids" in pdf.Root.StructTreeRoot.ParentTree  # written where it was read
