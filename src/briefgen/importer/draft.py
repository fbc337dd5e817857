"""`briefgen import`: a raw capture in, a draft source out (or a second text added to one).

The capture is copied byte for byte to sources/captures/, cut into headings, paragraphs and
flagged passages (segment.py), and written as a source whose unknown facts are `TODO` and
whose flagged passages are `remove` interventions with a `TODO:` reason, so `check` fails
until an editor has read each one. A removal's `at:` says where its text stands in the
capture, as the collation reads it: `after: P` directly after paragraph P; `heading: S` just
before or just after the heading of section S; `before: P` directly before paragraph P (only
written for the first paragraph of a text that has no heading before it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..sources.capture import kind_of, structure_of, text_of
from . import markdown, webpage
from .records import (
    adoption,
    capture_record,
    drafted_items,
    dump,
    expression_record,
    heading_title,
    normalisations,
    numbering,
    read_source,
    removal_places,
    removals,
    repeated_numbers,
    section_ids_of,
    write_file,
)
from .report import TODO, Options, Report
from .second import add_expression

#: What the command line uses: the options it gives, the run, and the report it prints.
__all__ = ["Options", "Report", "run"]
from .segment import (
    Ids,
    Segmented,
    ends_mid_sentence,
    paragraph_id,
    segment,
    slug,
    unique,
)


def run(opts: Options, sources_dir: Path) -> Report:
    """Import a capture as a new work, or as a new expression of an existing one."""
    if not opts.capture.is_file():
        raise UsageError(f"{opts.capture}: capture file not found")
    raw = opts.capture.read_bytes()
    name = opts.capture.name
    captured = text_of(raw, name)
    kind = kind_of(name, captured)
    is_md = kind == "markdown"
    source = sources_dir / f"{opts.work}.yaml"
    data = read_source(source) if source.exists() else None
    titles = _titles(opts, data)
    if kind == "html":
        segmented = webpage.read(captured, structure_of(raw), titles[0] if titles else None)
    elif is_md:
        segmented = markdown.read(captured, titles)
    else:
        segmented = _known_title(segment(captured), titles)
    if not segmented.paragraphs:
        raise UsageError(f"{opts.capture}: no paragraph of text found in the capture")
    for b in segmented.paragraphs:
        if re.search(r"\?{3,}|\ufffd", b.text):
            segmented_warning = f"line {b.first}: characters lost in the capture ('????')"
            break
    else:
        segmented_warning = ""
    if ends_mid_sentence(segmented):
        last = segmented.blocks[-1]
        segmented_warning = (segmented_warning + "; " if segmented_warning else "") + (
            f"the capture may end mid-sentence (line {last.last}): if it stops inside a "
            "paragraph, put that text into a paragraph and record the cut"
        )
    digest = hashlib.sha256(raw).hexdigest()
    capture_file = f"captures/{name}"
    target = sources_dir / "captures" / name
    if target.exists() and target.read_bytes() != raw:
        raise UsageError(
            f"{target}: a different file of that name is already a capture; captures are "
            "evidence and are never overwritten (rename the new capture)"
        )
    report = Report(source, capture_file, digest, source.exists(), segmented)
    report.markdown = is_md
    report.captured = captured
    report.warnings += segmented.warnings
    if segmented_warning:
        report.warnings.append(segmented_warning)
    if data is not None:
        old = source.read_text("utf-8")
        header = "".join(re.findall(r"\A(?:#[^\n]*\n)*", old))
        text = header + add_expression(data, opts, capture_file, digest, report)
        if "\n#" in old[len(header) :] or re.search(r"\s#\s", old[len(header) :]):
            report.warnings.append(
                f"{source.as_posix()}: comments inside the source were not kept "
                "(the file was rewritten; its header comment was)"
            )
    else:
        text = _new_source(opts, capture_file, digest, report)
    if not target.exists():
        write_file(target, raw)
    write_file(source, text.encode("utf-8"))
    return report


def _known_title(seg: Segmented, titles: tuple[str, ...]) -> Segmented:
    """Mark the plain text's line above its first paragraph that says a known title (`--title`,
    the work's) as the page's title: recorded as removed with its reason, no TODO."""
    known = {markdown.title_words(t) for t in titles}
    for k, block in enumerate(seg.blocks):
        if block.kind == "paragraph":
            break
        if block.kind == "flag" and markdown.title_words(block.text) in known:
            seg.blocks[k] = replace(block, why=markdown.TITLE, title=True, candidate=False)
            break
    return seg


def _titles(opts: Options, data: dict[str, Any] | None) -> tuple[str, ...]:
    """The declaration's titles known before reading the capture: `--title`, the work's."""
    work = data.get("work") if data else None
    known = (opts.title, work.get("title") if isinstance(work, dict) else None)
    return tuple(t for t in known if isinstance(t, str) and t and t != TODO)


def _new_source(opts: Options, capture_file: str, digest: str, report: Report) -> str:
    page = report.segmented.metadata
    capture = capture_record(opts, capture_file, digest, set(), page)
    expr = opts.expression
    sections: list[dict[str, Any]] = []
    paragraphs: list[dict[str, Any]] = []
    ids: set[str] = Ids()
    section_ids: set[str] = Ids()
    para_ids: list[str] = []
    current: str | None = None
    numbers = numbering(report)
    for block in report.segmented.blocks:
        if block.kind == "heading":
            current = unique(slug(heading_title(block.text)) or "section", section_ids)
            sections.append({"id": current, "number": block.number, "heading": {expr: block.text}})
        elif block.kind == "paragraph":
            if current is None:
                current = unique("preamble", section_ids)
                sections.append({"id": current, "number": None, "heading": None})
            pid = paragraph_id(block.text, ids, f"p{len(paragraphs) + 1}")
            para_ids.append(pid)
            numbered = numbers[len(paragraphs)]
            paragraph: dict[str, Any] = {"id": pid, "number": numbered.number}
            if numbered.printed:
                paragraph["printed"] = True
            paragraph |= {"section": current, "text": {expr: block.text}}
            if numbered.note:
                paragraph["note"] = numbered.note
            if block.items:
                paragraph["items"] = drafted_items(block, expr, [])
            paragraphs.append(paragraph)
    heading_ids = section_ids_of(report.segmented, sections)
    places = removal_places(report.segmented, para_ids, heading_ids)
    interventions = removals(report, capture["id"], expr, places)
    interventions += normalisations(report, capture["id"], expr, para_ids, heading_ids, paragraphs)
    interventions += repeated_numbers(numbers, capture["id"], expr, para_ids)
    data: dict[str, Any] = {
        "format": "briefgen/1",
        "work": {
            "id": opts.work,
            "title": opts.title or TODO,
            "adopted": opts.adopted or TODO,
            "place": opts.place or TODO,
            "issuer": opts.issuer or TODO,
            **adoption(opts.issuer, report),
            "original_language": TODO,
        },
        "edition": {"date": TODO, "editors": TODO},
        "captures": [capture],
        "expressions": [expression_record(opts, capture["id"], page)],
        "sections": sections,
        "interventions": interventions,
        "paragraphs": paragraphs,
    }
    header = (
        f"# Draft source made by `briefgen import` from {capture_file}.\n"
        "# Fill in every TODO and confirm every flagged passage (interventions), then run\n"
        "# `briefgen check`. The wording of headings and paragraphs is the capture's.\n"
    )
    return header + dump(data)
