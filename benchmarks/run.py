"""Speed and memory of briefgen, measured side by side in one run. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/run.py [--quick] [--repeat N]

Each figure is the fastest of N runs (default 3; 2 for the 40-work corpus), printed beside the
slowest, because a shared or virtual machine adds pauses that have nothing to do with briefgen;
runs that are compared take turns; the peak memory is the largest of all runs. Measures, each
in a fresh copy of the project in a temporary folder:
  1. a full build of the bundled sources (all formats, default --jobs);
  2. a no-op rebuild;
  3. a rebuild after a one-word correction to the 1AI text;
  4. the same edition rendered by pandoc --pdf-engine=weasyprint from equivalent Markdown,
     once per PDF of the full build (when pandoc is installed);
  5. a synthetic corpus of 1, 10 and 40 works (generated here) built to PDF with --jobs 1 and
     --jobs 2: speed-up, and cost per work;
  6. the peak memory (largest resident set of any process) of every run;
  7. the collation alone (in this process) of synthetic captures of 2,000 and 20,000
     paragraphs, to show it is linear (`--collation` runs only this section);
  8. the edit loop: with a warm `briefgen watch -f all` running on a built copy, the time
     from a one-word save of the 1AI text to its edition HTML and PDF being rewritten, and
     the CPU per work of `build --jobs 1` at 1, 10 and 40 works (`--watch` runs only this);
  9. `briefgen import` (in this process) of a synthetic 130 KB Markdown communiqué of 63
     numbered paragraphs (`12\\.`) under 21 bold headings, and of plain texts of 10,000,
     20,000 and 50,000 paragraphs that open alike (`--import` runs only this);
 10. the catalogue's search index (build/pagefind, Pagefind's): its size for the bundled
     work and for the largest synthetic corpus built to HTML (`--search` runs only this);
 11. the comparison PDF's layout of generated three-language works of 20, 60 and 200
     paragraphs (tests/support/long_works.py): pages, how full each page is, pages without
     the column header, section rows stranded at a page's foot, rows that start in some
     columns only (`--layout` runs only this). Figures, not tests.
 11. a corpus of 1,000 synthetic works built with --jobs 2, through the Dask executor with
     two local workers, and in 4 shards merged (benchmarks/scale.py; `--corpus N` runs only
     this, with N works);
 12. the PDF build of the bundled work with an intervention's reason of the longest words
     check lets through, as long as check lets a text be, beside the same build without it
     (`--long-runs` runs only this).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import scale
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORK = "shanghai-declaration-2024"
BIN = Path(sys.executable).parent

# Runs a command and reports its wall time and the peak RSS of it and its descendants.
_MEASURE = """
import resource, subprocess, sys, time, json
start = time.perf_counter()
run = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
rendered = sum(line.startswith("rendered ") for line in run.stdout.splitlines())
print(json.dumps({"code": run.returncode, "seconds": wall, "peak_mb": peak, "rendered": rendered}))
"""
REPEAT = 3
#: The works of `make bench`'s corpus section.
CORPUS = 1000
#: Outputs the last measured build rendered (from its "rendered <path>" lines).
last_rendered = 0
#: The slowest of the runs behind the last figure.
last_slowest = 0.0


def measure_once(cwd: Path, *cmd: str) -> tuple[float, float]:
    """Return (seconds, peak MB) of one run of a command; fail loudly if it fails."""
    global last_rendered
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(cwd), *cmd], capture_output=True, text=True, check=True
    ).stdout
    result = json.loads(out)
    if result["code"] != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)} (in {cwd})")
    last_rendered = result["rendered"]
    return result["seconds"], result["peak_mb"]


def fastest(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the fastest time and the largest peak memory of several runs.

    The slowest time is kept in `last_slowest`, for the table.
    """
    global last_slowest
    last_slowest = max(s for s, _ in runs)
    return min(s for s, _ in runs), max(m for _, m in runs)


def measure(cwd: Path, *cmd: str, repeat: int | None = None) -> tuple[float, float]:
    """Return the fastest time and the largest peak memory of `repeat` runs of a command."""
    return fastest([measure_once(cwd, *cmd) for _ in range(repeat or REPEAT)])


def briefgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


def fresh_project(parent: Path, name: str, source: Path = ROOT) -> Path:
    """Copy a project's sources (and its build/, if any) into a new folder."""
    root = parent / name
    shutil.copytree(source / "sources", root / "sources")
    if (source / "build").is_dir():
        shutil.copytree(source / "build", root / "build")
    return root


def measure_correction(base: Path, built: Path) -> tuple[float, float]:
    """Time the rebuild after a one-word correction, each run in a copy of a built project."""
    runs = []
    for n in range(REPEAT):
        copy = fresh_project(base, f"corrected-{n}", built)
        correct_one_word(copy)
        runs.append(measure_once(copy, *briefgen("build", "-f", "all")))
    return fastest(runs)


def correct_one_word(root: Path) -> None:
    """Record and apply a one-word correction (a comma) to para 16 of the 1AI text."""
    path = root / "sources" / f"{WORK}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    para = next(p for p in data["paragraphs"] if p["id"] == "international-cooperation-on-testing")
    para["text"]["en-1ai"] = para["text"]["en-1ai"].replace("etc. to share", "etc., to share")
    data["corrections"] = [
        {
            "date": datetime.date.today().isoformat(),  # not after today
            "expression": "en-1ai",
            "paragraphs": [para["id"]],
            "type": "typo",
            "reason": "A comma is missing after etc.",
            "before": "etc. to",
            "after": "etc., to",
        }
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def edition_markdown(root: Path) -> Path:
    """Write the Xinhua edition as Markdown, for pandoc."""
    data = yaml.safe_load((root / "sources" / f"{WORK}.yaml").read_text("utf-8"))
    lines = [f"% {data['work']['title']}", ""]
    for s in data["sections"]:
        heading = (s["heading"] or {}).get("en-xinhua")
        if heading:
            lines += [f"## {heading}", ""]
        for p in data["paragraphs"]:
            if p["section"] == s["id"]:
                lines += [f"**{p['number']}** {p['text']['en-xinhua']}", ""]
    out = root / "edition.md"
    out.write_text("\n".join(lines), "utf-8")
    return out


WORDS = [
    "governance",
    "development",
    "cooperation",
    "safety",
    "security",
    "data",
    "countries",
    "shared",
    "international",
    "technology",
    "research",
    "public",
    "ethics",
    "capacity",
    "standards",
]


def synthetic_corpus(
    root: Path, works: int, seed: int = 7, paragraphs: int = 12, per_section: int | None = None
) -> None:
    """Generate works of two texts of `paragraphs` paragraphs each, with their captures.

    per_section: paragraphs per headed section (None: one section without a heading).
    """
    rng = random.Random(seed)
    sources = root / "sources"
    (sources / "captures").mkdir(parents=True)
    count = (paragraphs + per_section - 1) // per_section if per_section else 1
    section_of = [i // per_section + 1 if per_section else 1 for i in range(paragraphs)]
    for n in range(works):
        texts = {}
        for expr in ("en-a", "en-b"):
            paras = [
                " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "."
                for _ in range(paragraphs)
            ]
            texts[expr] = paras
        captures, expressions = [], []
        for expr, paras in texts.items():
            lines = []
            for i, para in enumerate(paras):
                if per_section and i % per_section == 0:
                    lines.append(f"{section_of[i]}. Part {section_of[i]}")
                lines.append(para)
            body = "\n\n".join(lines) + "\n"
            name = f"w{n:02d}-{expr}.txt"
            (sources / "captures" / name).write_text(body, "utf-8")
            captures.append(
                {
                    "id": f"c-{expr}",
                    "file": f"captures/{name}",
                    "sha256": hashlib.sha256(body.encode()).hexdigest(),
                    "publisher": "Synthetic",
                    "title": f"Work {n} {expr}",
                    "url": f"https://example.org/{n}/{expr}",
                    "published": None,
                    "content": "Generated for the benchmark.",
                }
            )
            expressions.append(
                {
                    "id": expr,
                    "language": "en",
                    "name": f"Text {expr}",
                    "title": f"Synthetic Declaration {n}",
                    "authoritative": False,
                    "capture": f"c-{expr}",
                }
            )
        if per_section:
            sections = [
                {
                    "id": f"s{k}",
                    "number": str(k),
                    "heading": {e: f"{k}. Part {k}" for e in texts},
                }
                for k in range(1, count + 1)
            ]
        else:
            sections = [{"id": "s1", "number": None, "heading": None}]
        data = {
            "format": "briefgen/1",
            "work": {
                "id": f"work-{n:02d}",
                "title": f"Synthetic Declaration {n}",
                "adopted": "2024-01-01",
                "place": "Nowhere",
                "issuer": "A Benchmark",
                "original_language": "en",
            },
            "edition": {"date": "2026-01-01", "editors": "benchmark"},
            "captures": captures,
            "expressions": expressions,
            "sections": sections,
            "paragraphs": [
                {
                    "id": f"p{i}",
                    "number": str(i),
                    "section": f"s{section_of[i - 1]}",
                    "text": {e: texts[e][i - 1] for e in texts},
                }
                for i in range(1, paragraphs + 1)
            ],
        }
        (sources / f"work-{n:02d}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")


def collation_source(paragraphs: int) -> tuple[Any, str]:
    """A source of many sections, paragraphs and removals, with a capture that collates exactly."""
    from briefgen.model.source import Source

    lines, sections, paras, removals = ["Site header line", ""], [], [], []
    for n in range(1, paragraphs + 1):
        if n % 40 == 1:
            number = str(n // 40 + 1)
            heading = f"{number}. Part {number} of the test text"
            sections.append({"id": f"s{number}", "number": number, "heading": {"en": heading}})
            lines += [heading, ""]
        text = f"Paragraph {n} says that item {n * 7} is agreed, and that row {n} holds " * 3
        paras.append(
            {"id": f"p{n}", "number": str(n), "section": f"s{number}", "text": {"en": text}}
        )
        lines += [text, ""]
        if n % 100 == 0:
            lines += [f"Related: story {n}", ""]
            removals.append(
                {
                    "id": f"r{n}",
                    "capture": "c",
                    "action": "remove",
                    "at": {"after": f"p{n}"},
                    "text": f"Related: story {n}",
                    "reason": "A link.",
                }
            )
    removals.append(
        {
            "id": "header",
            "capture": "c",
            "action": "remove",
            "at": {"before": "p1"},
            "text": "Site header line",
            "reason": "Site header.",
        }
    )
    capture = {
        "id": "c",
        "file": "c.txt",
        "sha256": "0" * 64,
        "publisher": "P",
        "title": "T",
        "url": "u",
        "published": None,
        "content": "x",
    }
    expression = {
        "id": "en",
        "language": "en",
        "name": "E",
        "title": "T",
        "authoritative": True,
        "capture": "c",
    }
    work = {
        "id": "big",
        "title": "T",
        "adopted": "2024-01-01",
        "place": "P",
        "issuer": "I",
        "original_language": "en",
    }
    data = {
        "format": "briefgen/1",
        "work": work,
        "edition": {"date": "2026-01-01", "editors": "e"},
        "captures": [capture],
        "expressions": [expression],
        "sections": sections,
        "interventions": removals,
        "paragraphs": paras,
    }
    return Source.model_validate(data), "\n".join(lines) + "\n"


def collation_figures() -> None:
    """Print the time to collate synthetic captures of 2,000 and 20,000 paragraphs."""
    import time

    from briefgen.sources.collation import collate

    print(f"{'collation (one expression against its capture)':<52}  {'fastest':>8}  {'slowest':>8}")
    per_word = []
    for size in (2000, 20000):
        src, capture = collation_source(size)
        runs = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            result = collate(src, "en", capture)
            runs.append(time.perf_counter() - start)
        assert not result.problems, result.problems[:1]
        words = len(capture.split())
        per_word.append(min(runs) / words * 1e6)
        label = f"{size:,} paragraphs ({words:,} words)"
        print(f"{label:<52}  {min(runs):8.3f}  {max(runs):8.3f}")
    print(
        f"per word: {per_word[0]:.2f} µs at 2,000 paragraphs, {per_word[1]:.2f} µs at 20,000 "
        "(linear if about equal); floor: 2,000 paragraphs < 1 s\n"
    )


def communique_markdown(headings: int = 21, per_heading: int = 3, size: int = 130_000) -> str:
    """A synthetic communiqué as a web-to-Markdown conversion writes it: front matter, bold
    headings, escaped paragraph numbers (`12\\.`), a few `**bold**` words; about `size` bytes."""
    rng = random.Random(19)
    vocabulary = [
        *("we", "the", "ports", "agree", "to", "keep", "berths", "open", "for", "every"),
        *("ship", "in", "need", "and", "share", "logs", "of", "arrivals", "with", "towns"),
        *("that", "ask", "help", "across", "coast", "while", "tides", "rise", "each", "spring"),
    ]
    paragraphs = headings * per_heading
    words_each = size // paragraphs * 10 // 53  # about 5.3 bytes a word
    out = ["---", "title: Synthetic communique", "---", ""]
    n = 0
    for h in range(1, headings + 1):
        out += [f"**Part {h} of the Communique**", ""]
        for _ in range(per_heading):
            n += 1
            ws = [rng.choice(vocabulary) for _ in range(words_each)]
            ws[rng.randrange(words_each)] = "**berths**"
            out += [f"{n}\\. We {' '.join(ws)}.", ""]
    return "\n".join(out)


def import_figures() -> None:
    """Print the time `briefgen import` takes on a long numbered communiqué (in this process)."""
    import time

    from briefgen.importer.draft import Options, run

    text = communique_markdown()
    print(
        f"{'import (a Markdown communique, in this process)':<52}  {'fastest':>8}  {'slowest':>8}"
    )
    runs = []
    for _ in range(REPEAT):
        with tempfile.TemporaryDirectory() as tmp:
            capture = Path(tmp) / "communique.md"
            capture.write_text(text, "utf-8")
            start = time.perf_counter()
            report = run(Options(capture, "communique", "en", "en"), Path(tmp) / "sources")
            runs.append(time.perf_counter() - start)
    seg = report.segmented
    assert report.printed_numbers == len(seg.paragraphs), report.numbering[:1]
    label = (
        f"{len(text.encode()) // 1000} KB, {len(seg.paragraphs)} numbered paragraphs, "
        f"{len(seg.headings)} headings"
    )
    print(f"{label:<52}  {min(runs):8.3f}  {max(runs):8.3f}")
    print("floor: a few seconds\n")
    alike_figures()


#: Paragraphs of the plain texts whose paragraphs open alike (one id base for them all).
ALIKE = (10_000, 20_000, 50_000)


def alike_figures() -> None:
    """Print the time `briefgen import` takes on plain texts of many paragraphs that open
    alike (each id made unique from one base: linear, or 20,000 take minutes), once each."""
    import time

    from briefgen.importer.draft import Options, run

    print(f"{'import (plain text, paragraphs opening alike)':<52}  {'seconds':>8}  {'ms/para':>8}")
    for n in ALIKE:
        with tempfile.TemporaryDirectory() as tmp:
            capture = Path(tmp) / "alike.txt"
            capture.write_text(
                "\n\n".join(f"We agree that the parties will act on matter {k}." for k in range(n)),
                "utf-8",
            )
            start = time.perf_counter()
            run(Options(capture, "alike", "en", "en"), Path(tmp) / "sources")
            seconds = time.perf_counter() - start
        print(f"{f'{n:,} paragraphs':<52}  {seconds:8.1f}  {seconds / n * 1000:8.2f}")
    print("floor: 50,000 paragraphs finish; ms/para about equal (linear)\n")


#: Paragraphs per text of the synthetic works of the length figures; 4 paragraphs a section.
LENGTHS = (22, 220, 1100)
PER_SECTION = 4


def render_each(root: Path, bare_too: bool) -> None:
    """Render every output of the work under root in this process, one by one; print JSON.

    For each output: seconds, WeasyPrint layouts and pages laid out, PDF write seconds and
    pages written; then the same edition and comparison HTML laid out and written by bare
    WeasyPrint (the engine floor), the write time of the pack's first 100 pages beside its
    whole write, and this process's peak resident set.
    """
    import gc
    import resource
    import time

    from briefgen.build.executors import render_one, settle
    from briefgen.build.pipeline import plan
    from briefgen.render.context import Context
    from briefgen.render.html.renderer import comparison_html, edition_html
    from briefgen.render.pdf import weasy
    from briefgen.render.pdf.layout import STANDALONE_VARIANT, layout, layout_edition
    from briefgen.sources.load import load_all

    ctx = Context(root / "templates")
    decl = load_all(root / "sources", root, None)[0]
    tally = weasy.TALLY
    layout("<p>Fonts loaded before the first output is timed.</p>", ctx)
    settle()  # as a build's process does after its first output
    outputs = []
    for out in plan([decl], ["pdf", "html", "docx"]):
        if out.kind == "citation":
            continue
        before = (tally.layouts, tally.pages, tally.write_seconds, tally.pages_written)
        start = time.perf_counter()
        render_one(out, ctx)
        seconds = time.perf_counter() - start
        gc.collect()
        counted = (tally.layouts, tally.pages, tally.write_seconds, tally.pages_written)
        if seconds < 2:  # a short one: the fastest of three, fixed costs and noise weigh most
            for _ in range(2):
                start = time.perf_counter()
                render_one(out, ctx)
                seconds = min(seconds, time.perf_counter() - start)
                gc.collect()
        tally.layouts, tally.pages, tally.write_seconds, tally.pages_written = counted
        outputs.append(
            {
                "kind": out.kind,
                "format": out.format,
                "path": out.path,
                "seconds": seconds,
                "layouts": tally.layouts - before[0],
                "pages": tally.pages - before[1],
                "write_seconds": tally.write_seconds - before[2],
                "pages_written": tally.pages_written - before[3],
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    weasyprint = weasy.load()
    ids = tuple(e.id for e in decl.source.expressions)
    bare = {}
    for kind, html in (
        ()
        if not bare_too
        else (
            ("edition", edition_html(decl, ids[:1], ctx, ext="pdf")),
            ("comparison", comparison_html(decl, ids, ctx, ext="pdf")),
        )
    ):
        start = time.perf_counter()
        document = weasyprint.HTML(string=html).render()
        document.write_pdf(pdf_variant=STANDALONE_VARIANT, pdf_tags=True)
        bare[kind] = {"seconds": time.perf_counter() - start, "pages": len(document.pages)}
        del document
        weasy.release()
    writes: list[tuple[int, float]] = []  # (pages, seconds): whole, then 100 at a time
    if bare_too:
        # A tagged write of ~600 pages: this edition's pages 13 times over in one document
        # (laid out once, whole), against the same pages written 100 at a time.
        document = layout_edition(edition_html(decl, ids[:1], ctx, ext="pdf"), ctx)
        many = document.copy(document.pages * max(1, 600 // len(document.pages)))
        options = {"pdf_variant": STANDALONE_VARIANT, "pdf_tags": True}
        start = time.perf_counter()
        weasy.write_pdf(many, **options)
        writes.append((len(many.pages), time.perf_counter() - start))
        start = time.perf_counter()
        for first in range(0, len(many.pages), 100):
            weasy.write_pdf(many.copy(many.pages[first : first + 100]), **options)
        writes.append((100, time.perf_counter() - start))
        del document, many
        weasy.release()
    result = {"outputs": outputs, "peak_mb": peak, "bare": bare, "writes": writes}
    print(json.dumps(result))


def typst_module() -> Any:
    """Return the typst module (the reference engine), installing it into this environment
    on demand; None if it cannot be installed. It is no dependency of briefgen."""
    try:
        import typst  # type: ignore[import-not-found]
    except ImportError:
        print("installing typst 0.15.0 into this environment, for the reference figure only")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "typst==0.15.0"],
            capture_output=True,
        )
        try:
            import typst
        except ImportError:
            return None
    return typst


def typst_edition(root: Path, out: Path) -> Path:
    """Write the first text of a synthetic work as Typst markup: title, headings, numbered
    paragraphs on A4, in the edition's serif and size; return the file."""
    data = yaml.safe_load(next((root / "sources").glob("*.yaml")).read_text("utf-8"))
    expr = data["expressions"][0]["id"]

    def esc(text: str) -> str:
        return "".join("\\" + c if c in "#*_`$@<>[]\\/" else c for c in text)

    lines = [
        '#set page(paper: "a4", margin: (x: 22mm, y: 24mm), numbering: "1")',
        '#set text(font: ("Noto Serif", "DejaVu Serif"), size: 10.5pt, lang: "en")',
        "#set par(justify: true)",
        f"= {esc(data['work']['title'])}",
    ]
    for section in data["sections"]:
        if section["heading"]:
            lines.append(f"== {esc(section['heading'][expr])}")
        for para in data["paragraphs"]:
            if para["section"] == section["id"]:
                lines.append(f"*{para['number']}* {esc(para['text'][expr])}\n")
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


def length_figures(base: Path, quick: bool) -> None:
    """Print the length scaling, layouts per build, peak memory, write time per page, the
    engine floor and the Typst reference (synthetic works of two texts, LENGTHS paragraphs)."""
    import time

    from pypdf import PdfReader

    runs: dict[int, dict[str, Any]] = {}
    works: dict[int, Path] = {}
    for size in LENGTHS:
        works[size] = base / f"length-{size}"
        synthetic_corpus(works[size], 1, paragraphs=size, per_section=PER_SECTION)
        out = subprocess.run(
            [sys.executable, __file__, "--render-each", str(works[size])]
            + (["--bare"] if size == LENGTHS[1] else []),
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        ).stdout
        runs[size] = json.loads(out.splitlines()[-1])
    small, mid, large = LENGTHS
    print(
        f"length scaling: one work of two texts, {small} / {mid} / {large} paragraphs "
        f"({PER_SECTION} a section), each output rendered alone in one process"
    )
    head = f"{'output':<24}" + "".join(f"{n:>9,}" for n in LENGTHS)
    print(f"{head}  {'ms/para':>8}  {large}/{mid}  floor 4.5-5.5; layouts (pages)")
    kinds: dict[tuple[str, str], dict[int, dict[str, Any]]] = {}
    for size, run in runs.items():
        for o in run["outputs"]:
            kinds.setdefault((o["kind"], o["format"]), {}).setdefault(size, o)
    for (kind, fmt), by_size in kinds.items():
        times = [by_size[n]["seconds"] for n in LENGTHS]
        ratio = times[2] / times[1]
        mark = "ok" if 4.5 <= ratio <= 5.5 else "MISSED"
        laid = by_size[large]
        layouts = f"{laid['layouts']} ({laid['pages']})" if laid["layouts"] else ""
        per = times[2] / large * 1000
        row = f"{kind + ' ' + fmt:<24}" + "".join(f"{t:9.2f}" for t in times)
        print(f"{row}  {per:8.2f}  {ratio:8.2f}  {mark}; {layouts}")
    print("\nlayouts per build (every output of the work, --format all):")
    for size, run in runs.items():
        outputs = [o for o in run["outputs"] if o["layouts"]]
        total = sum(o["layouts"] for o in outputs)
        pages = sum(o["pages"] for o in outputs)
        written = sum(o["pages_written"] for o in outputs)
        each = ", ".join(f"{o['kind']} {o['layouts']}" for o in outputs)
        print(
            f"  {size:>5,} paragraphs: {total} layouts, {pages} pages laid out for {written} "
            f"written, {pages / written:.3f} a page ({each}; a long output is laid out in "
            "pieces, one layout each)"
        )
    print(
        "  anchor (issue 14): the pack made 10 layouts, 1,194 pages for ~600, at 1,100 paragraphs"
    )
    (pages, whole), (_, hundreds) = runs[mid]["writes"]
    print(
        f"\ntagged write of {pages} pages (the {mid:,}-paragraph edition's pages over and over, "
        f"one layout; page references cached): whole {whole:.1f} s = "
        f"{whole / pages * 1000:.1f} ms/page; the same pages 100 at a time {hundreds:.1f} s = "
        f"{hundreds / pages * 1000:.1f} ms/page: {whole / hundreds:.2f}x (floor <= 1.2x; anchor: "
        "uncached, tags added 11% to the write at 120 pages and 108% at 592)"
    )
    peak_each = runs[large]["peak_mb"]
    rises = ", ".join(
        f"{o['kind']} {o['format']} {o['peak_mb']:.0f}" for o in runs[large]["outputs"]
    )
    print(f"\npeak memory so far after each output, MB: {rises}")
    print(
        f"\npeak memory, every output of the {large:,}-paragraph work in one process "
        f"(--jobs 1): {peak_each:.0f} MB (floor < 400 MB; anchor: pack 854 MB, comparison 545)"
    )
    if not quick:
        seconds, peak = measure_once(works[large], *briefgen("build", "-f", "all", "--force"))
        print(
            f"peak memory, `briefgen build -f all` of the {large:,}-paragraph work (default "
            f"--jobs): {peak:.0f} MB in {seconds:.0f} s (floor < 400 MB)"
        )
    print(f"\nengine floor: bare in-process WeasyPrint, same HTML, {mid} paragraphs:")
    own = {(o["kind"]): o for o in runs[mid]["outputs"] if o["format"] == "pdf"}
    for kind, bare in runs[mid]["bare"].items():
        ours = own[kind]["seconds"]
        print(
            f"  {kind:<11} briefgen {ours:6.2f} s, WeasyPrint {bare['seconds']:6.2f} s "
            f"({bare['pages']} pages): {ours / bare['seconds']:.2f}x (floor <= 1.10x)"
        )
    typst = typst_module()
    if typst is None:
        print("\nTypst reference: skipped (typst 0.15.0 could not be installed here)")
        return
    print("\nTypst reference (typst 0.15.0, Python binding; not a dependency), first text:")
    warm = base / "warm.typ"
    warm.write_text("Fonts loaded before the first figure.\n", "utf-8")
    typst.compile(str(warm))
    for size in (mid, large):
        source = typst_edition(works[size], base / f"edition-{size}.typ")
        start = time.perf_counter()
        pdf = typst.compile(str(source))
        seconds = time.perf_counter() - start
        (base / "typst.pdf").write_bytes(pdf)
        pages = len(PdfReader(base / "typst.pdf").pages)
        bare = runs[size]["bare"].get("edition")
        line = f"  {size:>5,} paragraphs: {seconds:.2f} s for {pages} pages"
        if bare:
            ratio = (seconds / pages) / (bare["seconds"] / bare["pages"])
            line += f"; per page {ratio:.2f}x bare WeasyPrint (anchor: 0.11x)"
        print(line)


LAYOUT_LENGTHS = (20, 60, 200)


def layout_figures(base: Path) -> None:
    """Print how the comparison PDF fills its pages: generated works of three languages,
    paragraphs of very different lengths, a headed section every four (LAYOUT_LENGTHS)."""
    sys.path.insert(0, str(ROOT))  # the generator and the page readers are the tests'
    from tests.support.comparison_pages import (
        fills,
        row_starts,
        stranded_sections,
        without_header,
    )
    from tests.support.long_works import long_work
    from tests.support.pdf import pages

    print(
        "comparison PDF layout: generated works of three texts (en, fr, es), rows of 2 lines "
        "to over a page, a section every 4 paragraphs; fill = lowest text line / text area"
    )
    print(
        f"{'paragraphs':>10}  {'pages':>5}  {'paras/page':>10}  {'min fill':>8}  "
        f"{'mean fill':>9}  {'last':>5}  {'no header':>9}  {'stranded':>8}  {'split start':>11}"
    )
    for size in LAYOUT_LENGTHS:
        root = base / f"layout-{size}"
        long_work(root, size)
        subprocess.run(
            briefgen("build", "--kind", "comparison", "--format", "pdf"),
            cwd=root,
            check=True,
            capture_output=True,
        )
        (pdf,) = (root / "build").glob("*/comparison-*.pdf")
        laid = pages(pdf)
        filled = fills(laid)
        body = filled[:-1] or filled
        split = sum(not all(s.columns) for s in row_starts(laid))
        print(
            f"{size:>10}  {len(laid):>5}  {size / len(laid):>10.2f}  {min(body):>8.2f}  "
            f"{sum(body) / len(body):>9.2f}  {filled[-1]:>5.2f}  {len(without_header(laid)):>9}  "
            f"{len(stranded_sections(laid)):>8}  {split:>11}"
        )
    print(
        "  (fill: every page but the last; done when no page but the last is under 0.33, and no "
        "page lacks the header, ends with a section row or starts a row in some columns only)"
    )


def _one_word_saves(root: Path) -> tuple[str, str]:
    """Return the source as YAML without and with the one-word correction (same layout)."""
    path = root / "sources" / f"{WORK}.yaml"
    plain = yaml.safe_dump(
        yaml.safe_load(path.read_text("utf-8")), allow_unicode=True, sort_keys=False
    )
    path.write_text(plain, "utf-8")
    correct_one_word(root)
    fixed = path.read_text("utf-8")
    path.write_text(plain, "utf-8")
    return plain, fixed


class _Watcher:
    """A `briefgen watch` in a subprocess, its output lines collected with their times."""

    def __init__(self, root: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            briefgen("watch", *args),
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    def wait_for(self, text: str, start: int = 0, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines[start:]):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit(f"watch did not say {text!r}: {''.join(self.lines[-20:])}")
            time.sleep(0.02)

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGINT)
        self.proc.wait(timeout=60)


def watch_latency(root: Path, saves: int) -> tuple[float, float, float]:
    """Time one-word saves under a warm watch: (edition HTML, edition PDF, all outputs), fastest."""
    plain, fixed = _one_word_saves(root)
    source = root / "sources" / f"{WORK}.yaml"
    html = root / "build" / WORK / "edition-en-1ai.html"
    pdf = root / "build" / WORK / "edition-en-1ai.pdf"
    watcher = _Watcher(root, "-f", "all")
    times: list[tuple[float, float, float]] = []
    try:
        watcher.wait_for("watching")
        time.sleep(2)  # let the workers finish warming up
        for n in range(saves):
            before = html.read_bytes(), pdf.read_bytes()
            start = len(watcher.lines)
            t0 = time.perf_counter()
            source.write_text(fixed if n % 2 == 0 else plain, "utf-8")
            seen: dict[str, float] = {}
            while len(seen) < 2 and time.perf_counter() - t0 < 60:
                for name, path, old in (("html", html, before[0]), ("pdf", pdf, before[1])):
                    if name not in seen and path.read_bytes() != old:
                        seen[name] = time.perf_counter() - t0
                time.sleep(0.002)
            watcher.wait_for(" unchanged, and ", start)
            everything = time.perf_counter() - t0
            if len(seen) < 2:
                raise SystemExit(f"watch did not rewrite the edition: {''.join(watcher.lines)}")
            times.append((seen["html"], seen["pdf"], everything))
            time.sleep(1)
    finally:
        watcher.stop()
    return min(t[0] for t in times), min(t[1] for t in times), min(t[2] for t in times)


def cpu_seconds(cwd: Path, *cmd: str) -> float:
    """Return the CPU time (user + system) of one run of a command and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def edit_loop_figures(quick: bool = False) -> None:
    """Print the watch latency and the CPU per work of --jobs 1, beside their floors."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        built = fresh_project(base, "built")
        subprocess.run(briefgen("build", "-f", "all"), cwd=built, check=True, capture_output=True)
        watched = fresh_project(base, "watched", built)
        html, pdf, everything = watch_latency(watched, 2 * REPEAT)
        # the same change by a fresh build: a copy of the built project, corrected, built
        fresh, _ = measure_correction(base, built)
        sizes = [1, 10] if quick else [1, 10, 40]
        cpu: dict[int, float] = {}
        for size in sizes:
            corpus = base / f"cpu-{size}"
            synthetic_corpus(corpus, size)
            runs = 1 if size >= 40 else min(REPEAT, 2)
            one_job = briefgen("build", "--force", "--jobs", "1")
            cpu[size] = min(cpu_seconds(corpus, *one_job) for _ in range(runs))
    further = {(a, b): (cpu[b] - cpu[a]) / (b - a) for a, b in itertools.pairwise(sizes)}
    spread = max(further.values()) / min(further.values()) - 1
    width = 58
    print("edit loop (briefgen watch -f all, warm workers; fastest of several saves)")
    rows = [
        ("save -> edition HTML rewritten, s", html, "<= 0.30"),
        ("save -> edition PDF rewritten, s", pdf, "<= 1.00"),
        ("save -> every output rewritten, s", everything, "none (for information)"),
        ("fresh build of the same change (build -f all), s", fresh, "none (for information)"),
        ("edition PDF under watch / fresh build of the change", pdf / fresh, "none (was 0.86)"),
        (
            f"--jobs 1 CPU of each further work, spread 1 to {sizes[-1]} works",
            spread,
            "<= 0.10",
        ),
    ]
    for name, value, floor in rows:
        print(f"{name:<{width}}  {value:8.2f}  floor {floor}")
    print(
        "--jobs 1 CPU (user+sys): "
        + ", ".join(f"{n} works {c:.1f} s ({c / n:.2f} s/work)" for n, c in cpu.items())
        + "; each further work: "
        + ", ".join(f"{a} to {b} {m:.2f} s" for (a, b), m in further.items())
        + " (CPU per work at 1 work includes the start-up: Python, imports, first page)"
    )


#: What Pagefind writes whatever the corpus: its scripts, styles and WebAssembly.
_PAGEFIND_BUNDLE = (".js", ".css", ".pagefind")


def search_index_size(build: Path) -> tuple[int, int, int, int]:
    """Return a built folder's search index (build/pagefind) as (all bytes, files, bytes of
    the index data proper, paragraphs indexed: one Pagefind fragment each)."""
    files = [p for p in (build / "pagefind").rglob("*") if p.is_file()]
    data = [p for p in files if p.suffix not in _PAGEFIND_BUNDLE]
    fragments = sum(1 for p in files if p.suffix == ".pf_fragment")
    total = sum(p.stat().st_size for p in files)
    return total, len(files), sum(p.stat().st_size for p in data), fragments


def print_search_index_size(label: str, build: Path) -> None:
    """Print the `search index size` figure of a built folder."""
    total, files, data, paragraphs = search_index_size(build)
    if not files:
        print(f"search index size, {label}: none (no HTML built)")
        return
    print(
        f"search index size, {label}: {total / 1000:.1f} kB in {files} files; its data "
        f"{data / 1000:.1f} kB for {paragraphs} paragraphs ({data / max(paragraphs, 1):.0f} B "
        f"each), the rest Pagefind's scripts"
    )


def search_figures(quick: bool) -> None:
    """Build the bundled work and a synthetic corpus to HTML; print their search index size."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        bundled = fresh_project(base, "bundled")
        subprocess.run(
            briefgen("build", "-f", "html"), cwd=bundled, check=True, capture_output=True
        )
        print_search_index_size("bundled work", bundled / "build")
        size = 10 if quick else 40
        corpus = base / f"corpus-{size}"
        synthetic_corpus(corpus, size)
        subprocess.run(briefgen("build", "-f", "html"), cwd=corpus, check=True, capture_output=True)
        print_search_index_size(f"synthetic corpus of {size} works", corpus / "build")


#: An intervention's reason in the bundled source: printed in an edition's note and in the
#: pack's provenance, the text the audit of issue 23 filled with long words.
LONG_RUN_REASON = (
    "    reason: The republishing site's own headline and introduction, not part of the "
    "declaration.\n"
)


def long_run_figures(base: Path) -> None:
    """Print the PDF build of the bundled work with an intervention's reason of the longest
    words check lets through, as long as check lets a text be, beside the same build without."""
    from briefgen.limits import TEXT_CHARS, WORD_CHARS

    words = (TEXT_CHARS + 1) // (WORD_CHARS + 1)
    text = " ".join(f"{i:03}" + "B" * (WORD_CHARS - 3) for i in range(words))
    build = briefgen("build", "-f", "pdf", "-j", "1", "-w", WORK, "--force", "-q")
    plain = fresh_project(base, "long-runs-none")
    root = fresh_project(base, "long-runs")
    source = root / "sources" / f"{WORK}.yaml"
    yaml_text = source.read_text("utf-8")
    assert LONG_RUN_REASON in yaml_text
    source.write_text(yaml_text.replace(LONG_RUN_REASON, f"    reason: {text}\n", 1), "utf-8")
    check = subprocess.run(briefgen("check", "-q"), cwd=root, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr[:300]
    without, _ = measure(plain, *build, repeat=1)
    seconds, _ = measure(root, *build, repeat=1)
    head = f"long runs inside check's limits ({words} words of {WORD_CHARS:,} characters)"
    print(f"{head:<72}  {'seconds':>8}")
    print(f"{'PDFs of the bundled work (-j 1)':<72}  {without:8.1f}")
    print(f"{'the same, with them in an intervention reason':<72}  {seconds:8.1f}")
    print(f"floor: well under 60 s more (here {seconds - without:.0f} s more)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="corpus of 1 and 10 works only")
    parser.add_argument("--collation", action="store_true", help="measure the collation only")
    parser.add_argument("--watch", action="store_true", help="measure the edit loop only")
    parser.add_argument("--import", dest="import_", action="store_true", help="measure import only")
    parser.add_argument("--search", action="store_true", help="the search index size only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (fastest kept)")
    parser.add_argument(
        "--length", action="store_true", help="measure the length scaling (and memory) only"
    )
    parser.add_argument(
        "--layout", action="store_true", help="measure the comparison PDF's page fill only"
    )
    parser.add_argument(
        "--corpus", type=int, metavar="N", help="the corpus section only, with N works"
    )
    parser.add_argument(
        "--long-runs", action="store_true", help="measure texts of long words inside the limits"
    )
    parser.add_argument("--render-each", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_each:
        render_each(args.render_each, args.bare)
        return
    global REPEAT
    REPEAT = max(1, args.repeat)
    if args.corpus:
        scale.main(args.corpus)
        return
    if args.length:
        with tempfile.TemporaryDirectory() as tmp:
            length_figures(Path(tmp), args.quick)
        return
    if args.watch:
        edit_loop_figures(args.quick)
        return
    if args.layout:
        with tempfile.TemporaryDirectory() as tmp:
            layout_figures(Path(tmp))
        return
    if args.import_:
        import_figures()
        return
    if args.search:
        search_figures(args.quick)
        return
    if args.long_runs:
        with tempfile.TemporaryDirectory() as tmp:
            long_run_figures(Path(tmp))
        return
    collation_figures()
    if args.collation:
        return
    import_figures()
    rows: list[tuple[str, float, float, float]] = []
    peak = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        bundled = fresh_project(base, "bundled")
        # The full build and pandoc take turns, so that both meet the same machine weather.
        pandoc = shutil.which("pandoc")
        full_runs, pandoc_runs = [], []
        for _ in range(REPEAT):
            full_runs.append(measure_once(bundled, *briefgen("build", "-f", "all", "--force")))
            outputs = last_rendered
            if pandoc:
                md = edition_markdown(bundled)
                # pandoc runs the weasyprint command of this environment
                os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
                out = str(bundled / "pandoc.pdf")
                cmd = [pandoc, str(md), "--pdf-engine=weasyprint", "-o", out]
                pandoc_runs.append(measure_once(bundled, *cmd))
        full, mem = fastest(full_runs)
        rows.append(
            (f"full build, bundled sources, all formats ({outputs} files)", full, last_slowest, mem)
        )
        pdfs = len(list((bundled / "build" / WORK).glob("*.pdf")))
        noop, mem2 = measure(bundled, *briefgen("build", "-f", "all"))
        rows.append((f"no-op rebuild ({last_rendered} files rendered)", noop, last_slowest, mem2))
        fix, mem3 = measure_correction(base, bundled)
        rows.append(
            (
                f"rebuild after a one-word correction ({last_rendered} files)",
                fix,
                last_slowest,
                mem3,
            )
        )
        peak = max(peak, mem, mem2, mem3)
        pandoc_each = None
        if pandoc_runs:
            pandoc_each, mem4 = fastest(pandoc_runs)
            pandoc_slowest = last_slowest
            label = f"pandoc + WeasyPrint, one edition PDF (x{pdfs} = {pandoc_each * pdfs:.1f} s)"
            rows.append((label, pandoc_each, pandoc_slowest, mem4))
            peak = max(peak, mem4)

        sizes = [1, 10] if args.quick else [1, 10, 40]
        corpora = {}
        for size in sizes:
            corpora[size] = base / f"corpus-{size}"
            synthetic_corpus(corpora[size], size)
        one_job = briefgen("build", "--force", "--jobs", "1")
        # The small corpora take turns, run by run, so both meet the same machine weather.
        small = sizes[:-1]
        turns: dict[int, list[tuple[float, float]]] = {n: [] for n in small}
        for _ in range(REPEAT):
            for size in small:
                turns[size].append(measure_once(corpora[size], *one_job))
        timings = {n: (*fastest(runs), last_slowest) for n, runs in turns.items()}
        # The largest corpus with --jobs 1 and --jobs 2, also in turns (twice: each run is long).
        largest = sizes[-1]
        two_jobs = briefgen("build", "--force", "--jobs", "2")
        big: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for _ in range(min(REPEAT, 2) if largest >= 40 else REPEAT):
            big[1].append(measure_once(corpora[largest], *one_job))
            big[2].append(measure_once(corpora[largest], *two_jobs))
        timings[largest] = (*fastest(big[1]), last_slowest)
        per_work: dict[int, float] = {}
        for size in sizes:
            seconds, mem, slowest = timings[size]
            rows.append((f"synthetic corpus, {size} works, --jobs 1", seconds, slowest, mem))
            per_work[size] = seconds / size
            peak = max(peak, mem)
        jobs_times = {1: timings[largest][0]}
        seconds2, mem = fastest(big[2])
        rows.append((f"synthetic corpus, {largest} works, --jobs 2", seconds2, last_slowest, mem))
        jobs_times[2] = seconds2
        peak = max(peak, mem)

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'fastest':>8}  {'slowest':>8}  {'peak MB':>8}")
    for name, seconds, slowest, mem in rows:
        print(f"{name:<{width}}  {seconds:8.2f}  {slowest:8.2f}  {mem:8.0f}")
    print()
    flat = max(per_work.values()) / min(per_work.values()) - 1
    # The cost of each further work: from 1 to 10 works, and from 10 to 40.
    steps = list(itertools.pairwise(sizes))
    marginal = {(a, b): (per_work[b] * b - per_work[a] * a) / (b - a) for a, b in steps}
    marginal_spread = max(marginal.values()) / min(marginal.values()) - 1
    checks = [
        ("no-op rebuild / full build", noop / full, "<= 0.10"),
        ("one-word correction / full build", fix / full, "<= 0.50"),
        (f"--jobs 2 speed-up on {largest} works", jobs_times[1] / jobs_times[2], ">= 1.60"),
        (f"cost per work (time / works), spread 1 to {largest} works", flat, "<= 0.25 (±25%)"),
        (
            f"cost of each further work, spread 1 to {largest} works",
            marginal_spread,
            "none (for information)",
        ),
        ("peak memory of any run, MB", peak, "< 300"),
    ]
    if pandoc_each is not None:
        checks.append(
            (
                f"full build / (pandoc+WeasyPrint x {pdfs} PDFs)",
                full / (pandoc_each * pdfs),
                "<= 1.00",
            )
        )
    for name, value, floor in checks:
        print(f"{name:<{width}}  {value:8.2f}  floor {floor}")
    print(
        "\nper work (--jobs 1): " + ", ".join(f"{n} works {s:.2f} s" for n, s in per_work.items())
    )
    print(
        "cost of each further work: "
        + ", ".join(f"{a} to {b} works {m:.2f} s" for (a, b), m in marginal.items())
        + " (the rest of a 1-work build is start-up: Python, imports, WeasyPrint's first page)"
    )
    print()
    search_figures(args.quick)
    print()
    edit_loop_figures(args.quick)
    print()
    with tempfile.TemporaryDirectory() as tmp:
        length_figures(Path(tmp), args.quick)
    print()
    with tempfile.TemporaryDirectory() as tmp:
        layout_figures(Path(tmp))
    print()
    with tempfile.TemporaryDirectory() as tmp:
        long_run_figures(Path(tmp))
    print()
    scale.main(CORPUS)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
