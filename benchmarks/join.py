"""Time of joining tagged PDF pieces (render/pdf/join.py) at the size of the briefing pack.

    .venv/bin/python benchmarks/join.py [--pieces 20] [--pages 40]

Writes the pieces with WeasyPrint first (not timed: each piece's layout and write is what
the piecewise build does anyway), each with headings, paragraphs with links to the next
piece, a table and running heads; then prints the join's time (fastest of three), the
pages, structure elements and named destinations joined, and the output's size.
"""

from __future__ import annotations

import argparse
import os
import threading
import time

from briefgen.render.pdf import weasy
from briefgen.render.pdf.join import OutlineEntry, Piece, join

CSS = """@page { size: A4; margin: 2cm; @bottom-center { content: "p. " counter(page) } }
section { break-before: page } p { margin: 0 0 4pt }"""


def body(piece: int, pages: int, pieces: int) -> str:
    """Return the HTML of a piece of about the given number of pages."""
    target = f"s{(piece + 1) % pieces}-0"
    sections = []
    for s in range(pages):
        paragraphs = "".join(
            f"<p>Paragraph {k} of section {s} in piece {piece}: words enough to run over two "
            f"lines of the page, to make the lines, spans and links of a real edition, "
            f'with a <a href="#{target}">reference</a> to the next piece.</p>'
            for k in range(9)
        )
        table = "<table><tr><th>Key</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>"
        sections.append(
            f'<section><h2 id="s{piece}-{s}">Section {s}</h2>{paragraphs}{table}</section>'
        )
    return (
        f'<html lang="en"><head><title>Bench</title><style>{CSS}</style></head>'
        f"<body>{''.join(sections)}</body></html>"
    )


def resident() -> int:
    """This process's resident set, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pieces", type=int, default=20)
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    wp = weasy.load()
    import weasyprint.pdf

    resolve = weasyprint.pdf.resolve_links

    def keep_all(pages):  # type: ignore[no-untyped-def]
        for page, (_, anchors) in zip(pages, resolve(pages), strict=True):
            yield page.links, anchors  # links to the next piece are resolved by the join

    weasyprint.pdf.resolve_links = keep_all
    pieces, start = [], time.perf_counter()
    for i in range(args.pieces):
        document = wp.HTML(string=body(i, args.pages, args.pieces)).render()
        pieces.append(Piece(weasy.write_pdf(document, pdf_variant="pdf/a-3u", pdf_tags=True)))
        del document
        weasy.release()
    weasyprint.pdf.resolve_links = resolve
    print(f"pieces written in {time.perf_counter() - start:.1f} s")
    times, peak = [], [0]
    for _ in range(3):
        base, done = resident(), threading.Event()

        def sample(base: int = base, done: threading.Event = done) -> None:
            while not done.wait(0.005):
                peak[0] = max(peak[0], resident() - base)

        sampler = threading.Thread(target=sample)
        sampler.start()
        start = time.perf_counter()
        out = join(pieces, [OutlineEntry(1, "Start", 0, 56.0, 780.0)])
        times.append(time.perf_counter() - start)
        done.set()
        sampler.join()
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(out)) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        elements = sum(
            1
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
        )
        names = len(pdf.Root.Names.Dests.Names) // 2
        print(
            f"join: {min(times):.2f} s (slowest {max(times):.2f} s) for {len(pdf.pages)} pages, "
            f"{elements} structure elements, {len(nums) // 2} parent-tree keys, {names} names; "
            f"{len(out) / 1e6:.1f} MB; memory +{peak[0] / 1e6:.0f} MB at most"
        )


if __name__ == "__main__":
    main()
