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
import itertools
import math
import os
import re
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..documents.wording import the
from ..errors import Problem, SourceError, UsageError
from ..model.compare import similarity
from ..model.source import names_a_meeting
from ..sources.capture import is_html, kind_of, structure_of, text_of
from . import markdown, webpage
from .segment import (
    Item,
    Passage,
    Segmented,
    bare_heading,
    ends_mid_sentence,
    heading_label,
    heading_match,
    label_value,
    paragraph_id,
    segment,
    short_line,
    slug,
)
from .short_lines import partnered, sentence_like, unpartnered

TODO = "TODO"


@dataclass(frozen=True)
class Options:
    """What the editor told `briefgen import` on the command line."""

    capture: Path
    work: str
    expression: str
    language: str
    title: str | None = None
    adopted: date | None = None
    place: str | None = None
    issuer: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: date | None = None


@dataclass
class Report:
    """What an import did, for the summary it prints."""

    source: Path
    capture_file: str
    sha256: str
    second: bool
    segmented: Segmented
    flags: list[tuple[Passage, str]] = field(default_factory=list)  # (block, intervention id)
    doubtful: list[str] = field(default_factory=list)
    absent_headings: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # existing texts' flags made headings
    warnings: list[str] = field(default_factory=list)
    aligned: int | None = None  # a second text: how many paragraphs found a partner
    markdown: bool = False  # read through the Markdown reader (importer/markdown.py)
    normalised: int = 0  # span normalisations recorded for markup inside texts
    #: the paragraphs numbered as the capture prints them, and where that numbering is odd
    printed_numbers: int = 0
    numbering: list[str] = field(default_factory=list)
    #: "PP1–PP3": the unnumbered paragraphs before the first printed number, so numbered
    preamble: str = ""

    def lines(self) -> list[str]:
        """The summary an editor reads after an import."""
        seg = self.segmented
        verb = "added to" if self.second else "wrote"
        out = [
            f"{verb} {self.source.as_posix()}: {_count(len(seg.paragraphs), 'paragraph')}, "
            f"{_count(len(seg.headings), 'heading')}, "
            f"{_count(len(self.flags), 'flagged passage')}",
            f"capture {self.capture_file} (SHA-256 {self.sha256})",
        ]
        if self.markdown:
            out.append(
                f"read as Markdown: {_count(self.normalised, 'span')} of markup left out of "
                "the texts and recorded (normalise)"
            )
        elif self.normalised:
            out.append(
                f"{_count(self.normalised, 'span')} of markup left out of the texts and "
                "recorded (normalise)"
            )
        markup = [(b, i) for b, i in self.flags if b.markup]
        page = is_html(self.capture_file)
        if markup:
            whose = "the page" if page else "the conversion"
            out.append(f"markup of {whose}, recorded as removed (check each):")
        out += [f"  {_lines(block)}: {block.why} [{iv_id}]" for block, iv_id in markup]
        if seg.metadata:
            out.append(
                f"{'the page' if page else 'the front matter'} says (its title and URL are "
                "written into the capture record and the text's title, to check; nothing into "
                "the work):"
            )
            out += markdown.metadata_lines(seg.metadata)
        out += [
            f"the page's title, recorded as removed: {_lines(b)} '{_flat_title(b.text)}' [{i}]"
            for b, i in self.flags
            if b.title
        ]
        flagged = [(b, i) for b, i in self.flags if not (b.markup or b.title)]
        if flagged:
            out.append("flagged, not put into paragraphs (confirm each removal, or move it back):")
        for block, iv_id in flagged:
            out.append(f"  {_lines(block)}: {block.why} [{iv_id}]")
        if self.printed_numbers:
            out.append(
                f"numbered as the capture prints them: {_count(self.printed_numbers, 'paragraph')}"
            )
        if self.preamble:
            out.append(
                f"numbered {self.preamble}: the unnumbered paragraphs before the first printed "
                "number (preambular paragraphs, cited as such)"
            )
        if self.numbering:
            out.append("gaps and repeats in the printed numbering (marked TODO; check each):")
        out += [f"  {n}" for n in self.numbering]
        unnumbered = [b for b in seg.headings if b.why]
        if unnumbered:
            out.append("unnumbered headings, taken on their evidence (check each):")
        out += [f"  {_lines(b)}: '{b.text}': {b.why}" for b in unnumbered]
        if self.aligned is not None:
            out.append(
                f"aligned {self.aligned} of {len(seg.paragraphs)} paragraphs with existing "
                f"paragraph ids; {len(self.doubtful)} doubtful (marked TODO)"
            )
        out += [f"  doubtful alignment: {d}" for d in self.doubtful]
        out += [f"  heading absent: {h}" for h in self.absent_headings]
        out += [f"  heading restored in {h}" for h in self.restored]
        out += [f"warning: {w}" for w in self.warnings]
        if is_html(self.capture_file):
            out.append("(line numbers are those of the text extracted from the web page)")
        out.append("fill in every TODO, then run `briefgen check`")
        return out


def _flat_title(text: str) -> str:
    return " ".join(text.replace("*", " ").lstrip("# ").split())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _lines(block: Passage) -> str:
    if block.first == block.last:
        return f"line {block.first}"
    return f"lines {block.first}–{block.last}"


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
    data = _read(source) if source.exists() else None
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
    report.warnings += segmented.warnings
    if segmented_warning:
        report.warnings.append(segmented_warning)
    if data is not None:
        old = source.read_text("utf-8")
        header = "".join(re.findall(r"\A(?:#[^\n]*\n)*", old))
        text = header + _add_expression(data, opts, capture_file, digest, report)
        if "\n#" in old[len(header) :] or re.search(r"\s#\s", old[len(header) :]):
            report.warnings.append(
                f"{source.as_posix()}: comments inside the source were not kept "
                "(the file was rewritten; its header comment was)"
            )
    else:
        text = _new_source(opts, capture_file, digest, report)
    if not target.exists():
        _write(target, raw)
    _write(source, text.encode("utf-8"))
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


# ----------------------------------------------------------------------------- a new work


def _capture_record(
    opts: Options, capture_file: str, digest: str, taken: set[str], page: dict[str, str]
) -> dict[str, Any]:
    """The capture's record; `page` is what its front matter says of the page (title, url)."""
    base = slug(Path(capture_file).stem, 8)[:24].strip("-") or "capture"
    cid, k = base, 2
    while cid in taken:
        cid, k = f"{base}-{k}", k + 1
    return {
        "id": cid,
        "file": capture_file,
        "sha256": digest,
        "publisher": opts.publisher or TODO,
        "title": page.get("title") or TODO,
        "url": opts.url or page.get("url") or TODO,
        "published": opts.published or TODO,
        "content": TODO,
    }


def _expression_record(opts: Options, capture_id: str, page: dict[str, str]) -> dict[str, Any]:
    return {
        "id": opts.expression,
        "language": opts.language,
        "name": TODO,
        "title": opts.title or page.get("title") or TODO,
        "authoritative": TODO,
        "capture": capture_id,
    }


def _new_source(opts: Options, capture_file: str, digest: str, report: Report) -> str:
    page = report.segmented.metadata
    capture = _capture_record(opts, capture_file, digest, set(), page)
    expr = opts.expression
    sections: list[dict[str, Any]] = []
    paragraphs: list[dict[str, Any]] = []
    ids: set[str] = set()
    section_ids: set[str] = set()
    para_ids: list[str] = []
    current: str | None = None
    numbers = _numbering(report)
    for block in report.segmented.blocks:
        if block.kind == "heading":
            current = _unique(slug(_heading_title(block.text)) or "section", section_ids)
            sections.append({"id": current, "number": block.number, "heading": {expr: block.text}})
        elif block.kind == "paragraph":
            if current is None:
                current = _unique("preamble", section_ids)
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
                paragraph["items"] = _items(block, expr, [])
            paragraphs.append(paragraph)
    heading_ids = _section_ids_of(report.segmented, sections)
    places = _places(report.segmented, para_ids, heading_ids)
    interventions = _removals(report, capture["id"], expr, places)
    interventions += _normalisations(report, capture["id"], expr, para_ids, heading_ids, paragraphs)
    interventions += _repeated_numbers(numbers, capture["id"], expr, para_ids)
    data: dict[str, Any] = {
        "format": "briefgen/1",
        "work": {
            "id": opts.work,
            "title": opts.title or TODO,
            "adopted": opts.adopted or TODO,
            "place": opts.place or TODO,
            "issuer": opts.issuer or TODO,
            **_adoption(opts.issuer, report),
            "original_language": TODO,
        },
        "edition": {"date": TODO, "editors": TODO},
        "captures": [capture],
        "expressions": [_expression_record(opts, capture["id"], page)],
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


@dataclass
class _Numbered:
    """A new paragraph's number: as printed, or given by the import where none can be."""

    number: str
    printed: bool = False
    note: str = ""  # a TODO note where the printed numbering has a gap, a repeat, a jump back
    repeated: str = ""  # the printed number's word, where it repeats an earlier paragraph's


def _numbering(report: Report) -> list[_Numbered]:
    """Each new paragraph's number: the one the capture prints, if it prints numbers.

    A capture that prints none gives 1…N. One that does gives each paragraph its printed
    number, never renumbered: a gap (3 then 5) or a jump back is a TODO note on the paragraph
    after it; a number printed twice cannot be two paragraphs' (numbers are unique), so the
    second is numbered with a letter (3A) and its printed word recorded as left out, with a
    TODO reason; a paragraph printing no number among numbered ones gets a letter too. The
    unnumbered paragraphs before the first printed number (a resolution's preambular
    paragraphs, a communiqué's opening) are PP1, PP2, … as they are cited, with no TODO.
    """
    paras = report.segmented.paragraphs
    if not any(b.number for b in paras):
        return [_Numbered(str(n)) for n in range(1, len(paras) + 1)]
    lead = next(k for k, b in enumerate(paras) if b.number)
    out: list[_Numbered] = [_Numbered(f"PP{k}") for k in range(1, lead + 1)]
    if lead:
        span = "PP1" if lead == 1 else f"PP1–PP{lead}"
        report.preamble = span
    taken = {b.number for b in paras if b.number}
    last: int | None = None  # the last printed number
    seen: set[str] = set()
    for b in paras[lead:]:
        where = f"line {b.first}"
        if b.number is not None and b.number not in seen:
            seen.add(b.number)
            value, note = int(b.number), ""
            if last is not None and value > last + 1:
                missing = str(last + 1) if value == last + 2 else f"{last + 1}–{value - 1}"
                note = f"the capture's numbering goes from {last} to {value} (no {missing})"
            elif last is not None and value <= last:
                note = f"the capture's numbering goes back from {last} to {value}"
            if note:
                report.numbering.append(f"{where}: {note}; numbered as printed")
                note = (
                    f"TODO: {note}; the paragraph is numbered {value} as printed: check the "
                    "capture, then replace this note with what you found"
                )
            out.append(_Numbered(b.number, True, note))
            report.printed_numbers += 1
            last = value
            continue
        base = str(last) if last is not None else "1"
        free = (f"{base}{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if f"{base}{c}" not in taken)
        # past Z, a number above every printed one (still unique; the note says why)
        number = next(free, None) or str(1 + max(int(re.sub("[A-Z]", "", t)) for t in taken))
        taken.add(number)
        if b.number is not None:
            what = f"prints the number {b.number} again"
            note = f"TODO: the capture {what} (para {b.number} has it); numbered {number} here"
        else:
            what = "prints no number before this paragraph, among numbered ones"
            note = f"TODO: the capture {what}; numbered {number} here"
        report.numbering.append(f"{where}: the capture {what}; numbered {number}")
        out.append(
            _Numbered(
                number,
                False,
                note + ": check the capture and the number, then "
                "replace this note with what you found",
                b.marker if b.number else "",
            )
        )
    return out


def _repeated_numbers(
    numbers: list[_Numbered], capture_id: str, expr: str, para_ids: list[str]
) -> list[dict[str, Any]]:
    """A repeated printed number, left out of the paragraph numbered with a letter: a removal."""
    return [
        {
            "id": f"{expr}-number-{n.number.lower()}",
            "capture": capture_id,
            "action": "remove",
            "at": _Flow({"paragraph": pid}),
            "text": n.repeated,
            "reason": f"TODO: the capture prints '{n.repeated}' before this paragraph, a number "
            f"an earlier paragraph has; it is para {n.number} here and the printed number is "
            "left out: confirm by writing the reason",
        }
        for n, pid in zip(numbers, para_ids, strict=True)
        if n.repeated
    ]


def _items(
    block: Passage | Item, expr: str, old: list[str], taken: set[str] | None = None
) -> list[dict[str, Any]]:
    """A paragraph's list (or an item's own list) as its `items`: ids from their words, unique
    in the paragraph, labels as data, and each item's own list below it."""
    taken = set() if taken is None else taken
    out: list[dict[str, Any]] = []
    for n, item in enumerate(block.items, 1):
        record: dict[str, Any] = {"id": paragraph_id(item.text, taken, f"item-{n}")}
        if item.label is not None:
            record["label"] = item.label
        record["text"] = {
            **{e: {"absent": True, "note": f"only in {expr}"} for e in old},
            expr: item.text,
        }
        if item.items:
            record["items"] = _items(item, expr, old, taken)
        out.append(record)
    return out


def _length(block: Passage | Item) -> int:
    """A passage's length as captured: its text's, and its list's (each item's label as
    printed, "(a) ", its text, and its own list)."""
    return len(block.text) + sum(_label_length(i.label) + _length(i) for i in block.items)


def _label_length(label: str | None) -> int:
    return len(label) + 3 if label else 2  # "(a) ", "- "


def _listed_length(items: list[dict[str, Any]], expr: str) -> int:
    """The length of a drafted list in one expression as captured, as _length counts it."""
    total = 0
    for item in items:
        value = item["text"].get(expr)
        if isinstance(value, str):
            total += _label_length(item.get("label")) + len(value)
            total += _listed_length(item.get("items") or [], expr)
    return total


def _absent_items(items: list[dict[str, Any]], expr: str) -> None:
    """Mark a list's items, and their own lists', absent in an expression."""
    for item in items:
        item["text"][expr] = {"absent": True}
        _absent_items(item.get("items") or [], expr)


def _refs(items: list[dict[str, Any]], above: str = "") -> list[str]:
    """A drafted list's item refs in reading order: "b", then "b/ii" for b's own items."""
    out: list[str] = []
    for it in items:
        ref = f"{above}/{it['id']}" if above else str(it["id"])
        out += [ref, *_refs(it.get("items") or [], ref)]
    return out


def _walk(items: tuple[Item, ...]) -> list[Item]:
    """A capture's list items in reading order, each before the items of its own list."""
    return [x for it in items for x in (it, *_walk(it.items))]


def _normalisations(
    report: Report,
    capture_id: str,
    expr: str,
    para_ids: list[str],
    heading_ids: list[str | None],
    paragraphs: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The markup left out of each heading's, paragraph's and item's text, as `normalise`
    records; `paragraphs` (the source's) give each paragraph's item ids, by the items' order."""
    out: list[dict[str, Any]] = []
    taken: set[str] = set()
    items_of = {p["id"]: _refs(p.get("items") or []) for p in paragraphs}
    n_para = n_head = 0
    for block in report.segmented.blocks:
        if block.kind == "paragraph":
            pid = para_ids[n_para]
            at: dict[str, str] | None = {"paragraph": pid}
            n_para += 1
            places = [(at, block.first, span) for span in block.spans]
            for k, item in enumerate(_walk(block.items)):
                ids = items_of.get(pid, [])
                if k < len(ids):
                    places += [
                        ({"paragraph": pid, "item": ids[k]}, item.first, span)
                        for span in item.spans
                    ]
        elif block.kind == "heading":
            sid = heading_ids[n_head] if n_head < len(heading_ids) else None
            at = {"heading": sid} if sid is not None else None
            n_head += 1
            places = [(at, block.first, span) for span in block.spans]
        else:
            continue
        for at, first, span in places:
            if at is None:
                report.warnings.append(
                    f"line {block.first}: the heading '{block.text}' found no section; record "
                    f"its markup '{span.before}' by hand"
                )
                continue
            record: dict[str, Any] = {
                "id": _unique(f"{expr}-markup-line-{first}", taken),
                "capture": capture_id,
                "action": "normalise",
                "at": _Flow(at),
                "before": span.before,
                "after": span.after,
            }
            if span.occurrence is not None:
                record["occurrence"] = span.occurrence
            where = (
                "the page's extracted text"
                if is_html(report.capture_file)
                else "the capture (a conversion to Markdown)"
            )
            record["reason"] = (
                f"Markup, not the text: {span.why} in {where}, left out of the printed text."
            )
            out.append(record)
            report.normalised += 1
    return out


def _adoption(issuer: str | None, report: Report) -> dict[str, str]:
    """`work.adoption` as a TODO where the issuer given is not a meeting, else nothing.

    The outputs print "Adopted at the <issuer>, <place>, <date>" without it for a meeting
    (model.source.names_a_meeting), "Adopted by the <issuer>" for any other issuer, which may
    not be how the declaration was made ("Agreed by …", "Issued by …"): the editor says. An
    issuer not given is a TODO already, and its message says when to write work.adoption.
    """
    if issuer is None or names_a_meeting(issuer):
        return {}
    report.warnings.append(
        f"work.adoption: the issuer '{issuer}' does not name a meeting; write how the work was "
        "adopted (marked TODO)"
    )
    return {
        "adoption": f"TODO: write how the work was adopted, as the outputs print it before the "
        f"place and date (e.g. 'Agreed by …', 'Issued by …'): the issuer '{issuer}' does not "
        f"name a meeting, so the outputs would otherwise print 'Adopted by {the(issuer)}'"
    }


def _heading_title(text: str) -> str:
    """The words a section's id is made from: the title, or "Article 1", "section 4"."""
    if heading_match(text) is None:
        return text  # an unnumbered heading: all its words
    if bare_heading(text):
        found = heading_match(text)
        label = heading_label(found) if found else ""
        return text if found and found.group("word") else f"section {label_value(label)}"
    return re.sub(r"^\S+\s+", "", text, count=1) if len(text.split()) > 1 else text


def _unique(base: str, taken: set[str]) -> str:
    chosen, k = base, 2
    while chosen in taken:
        chosen, k = f"{base}-{k}", k + 1
    taken.add(chosen)
    return chosen


def _section_ids_of(seg: Segmented, sections: list[dict[str, Any]]) -> list[str | None]:
    """The section id of each heading block of a freshly made source, in order."""
    return [s["id"] for s in sections if s["heading"] is not None][: len(seg.headings)]


def _places(
    seg: Segmented, para_ids: list[str], heading_ids: list[str | None]
) -> list[dict[str, str]]:
    """Where each flagged passage stands, as an intervention's `at:`, in the capture's order.

    After a paragraph: `after: P`. After a heading, or before the first heading: `heading: S`
    (a removal at a heading stands just before or just after it). Before the first paragraph
    of a text without a heading there: `before: P`.
    """
    out: list[dict[str, str]] = []
    previous: dict[str, str] | None = None  # where a flag standing here would be recorded
    pending: list[int] = []
    n_para = n_head = 0
    for block in seg.blocks:
        if block.kind == "paragraph":
            pid = para_ids[n_para]
            n_para += 1
            for k in pending:
                out[k] = {"before": pid}
            pending = []
            previous = {"after": pid}
        elif block.kind == "heading":
            sid = heading_ids[n_head] if n_head < len(heading_ids) else None
            n_head += 1
            if sid is not None:
                for k in pending:
                    out[k] = {"heading": sid}
                pending = []
                previous = {"heading": sid}
        elif previous is not None and block.inside and "after" in previous:
            out.append({"paragraph": previous["after"]})
        elif previous is not None:
            out.append(dict(previous))
        else:
            out.append({})
            pending.append(len(out) - 1)
    for k in pending:  # a capture with no paragraph after its flags cannot happen; be safe
        out[k] = {"after": para_ids[-1]}
    return out


def _removals(
    report: Report, capture_id: str, expr: str, places: list[dict[str, str]]
) -> list[dict[str, Any]]:
    out = []
    for block, at in zip(report.segmented.flags, places, strict=True):
        iv_id = f"{expr}-lines-{block.first}-{block.last}"
        report.flags.append((block, iv_id))
        reason = (
            f"Markup, not the text: {block.why}."
            if block.markup
            else f"{block.why[0].upper()}{block.why[1:]}; the edition prints the work's title."
            if block.title
            else f"TODO: flagged by briefgen import as {block.why} (capture "
            f"{_lines(block)}); confirm the removal by writing its reason, or move the "
            "text back into a paragraph"
        )
        out.append(
            {
                "id": iv_id,
                "capture": capture_id,
                "action": "remove",
                "at": _Flow(at),
                "text": block.text,
                "reason": reason,
            }
        )
    return out


# ----------------------------------------------------------------------------- a second text


def _add_expression(
    data: dict[str, Any], opts: Options, capture_file: str, digest: str, report: Report
) -> str:
    shown = report.source.as_posix()
    expressions = data.get("expressions") or []
    if any(e.get("id") == opts.expression for e in expressions):
        raise UsageError(f"{shown}: already has an expression '{opts.expression}'")
    old_ids = [e["id"] for e in expressions]
    same_language = [e["id"] for e in expressions if e.get("language") == opts.language]
    captures = data.setdefault("captures", [])
    page = report.segmented.metadata
    capture = _capture_record(opts, capture_file, digest, {c["id"] for c in captures}, page)
    captures.append(capture)
    expressions.append(_expression_record(opts, capture["id"], page))
    merged = _Merge(data, opts.expression, old_ids, same_language, report)
    para_ids, heading_ids = merged.run()
    places = _places(report.segmented, para_ids, heading_ids)
    data.setdefault("interventions", [])
    data["interventions"] = [
        *(_flowed(iv) for iv in data["interventions"] or []),
        *_removals(report, capture["id"], opts.expression, places),
        *_normalisations(
            report, capture["id"], opts.expression, para_ids, heading_ids, data["paragraphs"]
        ),
        *_second_numbers(report, data["paragraphs"], para_ids, capture["id"], opts.expression),
    ]
    return dump(data)


def _second_numbers(
    report: Report, paras: list[dict[str, Any]], para_ids: list[str], capture_id: str, expr: str
) -> list[dict[str, Any]]:
    """A new text's printed numbers: the paragraph's own number printed, or a TODO removal.

    Where the new capture prints the number its paragraph has, the paragraph is `printed`
    (the collation then takes the number in each capture that prints it). A different number
    is never written over the existing one: its word is recorded as left out, with a TODO.
    """
    by_id = {p["id"]: k for k, p in enumerate(paras)}
    out: list[dict[str, Any]] = []
    for block, pid in zip(report.segmented.paragraphs, para_ids, strict=True):
        if block.number is None:
            continue
        k = by_id[pid]
        p = paras[k]
        if str(p["number"]) == block.number:
            report.printed_numbers += 1
            if not p.get("printed"):
                rest = {key: v for key, v in p.items() if key not in ("id", "number", "printed")}
                paras[k] = {"id": p["id"], "number": p["number"], "printed": True, **rest}
            continue
        what = f"prints '{block.marker}' before para {p['number']}"
        report.numbering.append(f"line {block.first}: the {expr} capture {what}")
        out.append(
            {
                "id": f"{expr}-number-line-{block.first}",
                "capture": capture_id,
                "action": "remove",
                "at": _Flow({"paragraph": pid}),
                "text": block.marker,
                "reason": f"TODO: the {expr} capture {what}, whose number is {p['number']}; "
                "check the alignment and the numbering, then write why the printed number is "
                "left out",
            }
        )
    return out


def _flowed(iv: dict[str, Any]) -> dict[str, Any]:
    return {**iv, "at": _Flow(iv["at"])} if isinstance(iv.get("at"), dict) else iv


class _Merge:
    """Aligns a new text's sections and paragraphs with those of an existing source."""

    def __init__(
        self,
        data: dict[str, Any],
        expr: str,
        old: list[str],
        same_language: list[str],
        report: Report,
    ) -> None:
        self.data, self.expr, self.old, self.report = data, expr, old, report
        self.same = same_language
        self.sections: list[dict[str, Any]] = data["sections"]
        self.paras: list[dict[str, Any]] = data["paragraphs"]
        self.section_of = [p["section"] for p in self.paras]
        self.new_sections: dict[str, dict[str, Any]] = {}
        self.heading_of: dict[int, str] = {}  # a new heading's first line -> its section

    def _absent(self, expr: str) -> dict[str, Any]:
        return {"absent": True, "note": f"the {expr} capture has no heading here"}

    def run(self) -> tuple[list[str], list[str | None]]:
        """Pair paragraphs, settle the new text's short lines, then write sections and texts.

        Unnumbered headings never anchor a part, so the pairs do not depend on them: they are
        found first, and then tell where the other texts have a heading.
        """
        pairs: dict[int, int] = {}  # new paragraph index -> existing paragraph index
        parts, anchors = self._parts()
        for (pa, ea), (pb, eb) in itertools.pairwise(anchors):
            new = [i for _, idx in parts[pa:pb] for i in idx]
            pairs.update(self._align(new, list(range(ea, eb))))
        seg = self.report.segmented = self._short_lines(pairs)
        parts, anchors = self._parts()
        for (pa, ea), (pb, eb) in itertools.pairwise(anchors):
            self._region(parts[pa:pb], ea, eb, pairs)
        self._weak(pairs)
        para_ids = self._finish(pairs, len(seg.paragraphs))
        self.report.aligned = len(pairs)
        return para_ids, [self.heading_of.get(b.first) for b in seg.headings]

    def _parts(self) -> tuple[list[tuple[Passage | None, list[int]]], list[tuple[int, int]]]:
        """The new text as parts (a heading or None, its paragraphs), and the anchors.

        An anchor is a pair (part index, existing paragraph index) where both texts have a
        heading of the same number; parts between two anchors are aligned together.
        """
        parts: list[tuple[Passage | None, list[int]]] = []
        n = 0
        for block in self.report.segmented.blocks:
            if block.kind == "heading":
                parts.append((block, []))
            elif block.kind == "paragraph":
                if not parts:
                    parts.append((None, []))
                parts[-1][1].append(n)
                n += 1
        starts: dict[str, int] = {}
        for j, p in enumerate(self.paras):
            starts.setdefault(p["section"], j)
        keyed = [
            (label_value(str(s["number"])), s["id"])
            for s in self.sections
            if s.get("number") is not None and s["id"] in starts
        ]
        anchors: list[tuple[int, int]] = [(0, 0)]
        k = 0
        for pi, (head, _) in enumerate(parts):
            if head is None or head.number is None:
                continue
            value = label_value(head.number)
            for kk in range(k, len(keyed)):
                if keyed[kk][0] == value:
                    anchors.append((pi, starts[keyed[kk][1]]))
                    k = kk + 1
                    break
        if anchors[1:2] and anchors[1][0] == 0:
            anchors = anchors[1:]
        anchors.append((len(parts), len(self.paras)))
        return parts, anchors

    def _short_lines(self, pairs: dict[int, int]) -> Segmented:
        """Settle each unnumbered heading and flagged short line of the new text.

        Where the existing texts have a heading at the same place (the paragraph after the line
        pairs with the first paragraph of a headed section), a short line flagged on the new
        text's shape alone is a heading; an unnumbered heading with no heading beside it in
        the existing texts is flagged as a headline spliced in.
        """
        seg = self.report.segmented
        beside = self._headings_at()
        blocks: list[Passage] = []
        n = 0  # paragraphs of the new text seen so far: the next one is paragraph n
        for block in seg.blocks:
            if block.kind == "paragraph":
                n += 1
            unnumbered = block.kind == "heading" and block.number is None and not block.marked
            if not unnumbered and not block.candidate:
                blocks.append(block)
                continue
            partner = beside.get(pairs[n]) if n in pairs else None
            if partner and "short line" in partner:
                self._restore(pairs[n], block.text.strip())
            if partner and block.kind == "flag":
                text = " ".join(line.strip() for line in block.text.splitlines())
                why = partnered(partner)
                blocks.append(replace(block, kind="heading", text=text, why=why, candidate=False))
            elif partner:
                blocks.append(replace(block, why=f"{block.why}, and {partner}"))
            elif unnumbered:
                why = unpartnered(", ".join(self.old))
                blocks.append(replace(block, kind="flag", why=why))
            else:
                why = block.why.removesuffix(")") + (
                    f"; the {', '.join(self.old)} text has no heading at this place)"
                )
                blocks.append(replace(block, why=why, candidate=False))
        return Segmented(blocks, seg.metadata, seg.warnings)

    def _headings_at(self) -> dict[int, str]:
        """Existing paragraph index -> the short line the existing texts have just before it.

        A heading of the section that paragraph opens, or a line flagged in an existing text as
        a headline spliced in, recorded as a removal just after the paragraph before it.
        """
        out: dict[int, str] = {}
        for j, p in enumerate(self.paras):
            if j and self.section_of[j - 1] == p["section"]:
                flagged = self._flagged_line(j)
                if flagged is not None:
                    e, iv = flagged
                    out[j] = f"the {e} text has the short line '{iv['text'].strip()}' at this place"
                continue
            section = next(s for s in self.sections if s["id"] == p["section"])
            for e in self.old:
                text = (section.get("heading") or {}).get(e)
                if isinstance(text, str):
                    out[j] = f"the {e} text has the heading '{text}' at this place"
                    break
        return out

    def _flagged_line(self, j: int) -> tuple[str, dict[str, Any]] | None:
        """An existing text's short line flagged between paragraphs j-1 and j, with its text."""
        expr_of = {e["capture"]: e["id"] for e in self.data["expressions"] if e["id"] in self.old}
        for iv in self.data.get("interventions") or []:
            text = iv.get("text")
            if (
                iv.get("action") == "remove"
                and iv.get("at") == {"after": self.paras[j - 1]["id"]}
                and iv.get("capture") in expr_of
                and isinstance(text, str)
                and short_line(text)
                and not sentence_like(text)
                and "mid-paragraph" not in str(iv.get("reason"))
            ):
                return expr_of[iv["capture"]], iv
        return None

    def _restore(self, j: int, text: str) -> None:
        """Make an existing text's flagged short line before paragraph j a section heading."""
        found = self._flagged_line(j)
        if found is None:
            return
        e, iv = found
        self.data["interventions"].remove(iv)
        heading = " ".join(line.strip() for line in iv["text"].splitlines())
        before = self.section_of[j - 1]
        taken = {s["id"] for s in self.sections}
        sid = _unique(slug(heading) or "section", taken)
        section = {
            "id": sid,
            "number": None,
            "heading": {x: heading if x == e else self._absent(x) for x in self.old},
        }
        at = next(i for i, s in enumerate(self.sections) if s["id"] == before)
        self.sections.insert(at + 1, section)
        for k in range(j, len(self.paras)):
            if self.section_of[k] != before:
                break
            self.paras[k]["section"] = sid
            self.section_of[k] = sid
        self.report.restored.append(
            f"{e}: '{heading}' (flagged as a headline, removal '{iv['id']}' withdrawn): "
            f"{self.expr} has the short line '{text}' at the same place"
        )

    def _region(
        self,
        parts: list[tuple[Passage | None, list[int]]],
        ea: int,
        eb: int,
        pairs: dict[int, int],
    ) -> None:
        """Give the sections of existing paragraphs ea…eb-1 the new text's headings."""
        matched = {i: pairs[i] for _, idx in parts for i in idx if i in pairs}
        old = list(range(ea, eb))
        boundaries: dict[int, list[Any]] = {}
        for j in old:
            if j == ea or self.section_of[j] != self.section_of[j - 1]:
                boundaries.setdefault(j, [None, None])[0] = self.section_of[j]
        for block, idx in parts:
            if block is None:
                continue
            first = next((matched[i] for i in idx if i in matched), ea if not idx else None)
            if first is None:
                continue
            boundaries.setdefault(first, [None, None])[1] = block
        current = self.section_of[ea] if ea < len(self.paras) else self.sections[-1]["id"]
        assigned: dict[int, str] = {}
        for j in sorted(boundaries):
            section_id, block = boundaries[j]
            if section_id is not None:
                current = section_id
                section = next(s for s in self.sections if s["id"] == section_id)
                if block is not None:
                    self._give_heading(section, block)
                elif section.get("heading"):
                    self._heading_absent(section)
            elif block is not None:
                current = self._new_section(block, current)
            if block is not None:
                self.heading_of[block.first] = current
            for jj in range(j, eb):
                assigned[jj] = current
        for jj, sid in assigned.items():
            self.paras[jj]["section"] = sid

    def _heading_absent(self, section: dict[str, Any]) -> None:
        """Mark a section's heading absent in the new text; doubt an unnumbered one."""
        absent = self._absent(self.expr)
        name = _section_name(section)
        if section.get("number") is None:
            absent["note"] = (
                f"TODO: the {self.expr} capture has no heading here; check that {name} is a "
                "heading and not a headline spliced in"
            )
        section["heading"][self.expr] = absent
        self.report.absent_headings.append(f"{self.expr}: {name}")

    def _align(self, new: list[int], old: list[int]) -> dict[int, int]:
        """Pair new paragraphs with existing ones: in order, or by their words.

        For a text in the language of an existing one the words decide, even when the counts
        agree: a part with one extra paragraph at its start and two paragraphs run together
        at its end has the same count, and pairing it in order would shift every pair.
        """
        in_order = dict(zip(new, old, strict=False))
        if not new or not old or len(new) * len(old) > 20_000:
            return in_order  # nothing to weigh, or too many pairs to weigh: pair in order
        texts = self.report.segmented.paragraphs
        if not self.same:
            if len(new) == len(old):
                return in_order
            # another language: weigh each pair by its share of the whole text's length (one
            # paragraph missing in a part does not skew it), its last punctuation, and the
            # numbers and names both hold
            theirs = {j: self._any_text(j) for j in old}
            new_total = sum(_length(t) for t in texts) or 1
            old_total = sum(self._any_length(j) for j in range(len(self.paras))) or 1

            def likeness(i: int, j: int) -> float:
                return cross_likeness(
                    texts[i].text, theirs[j], _length(texts[i]) / new_total,
                    self._any_length(j) / old_total,
                )  # fmt: skip

            return self._best_matching(new, old, likeness)
        base = self.same[0]
        cache: dict[tuple[int, int], float] = {}

        def sim(i: int, j: int) -> float:
            if (i, j) not in cache:
                other = self.paras[j]["text"].get(base)
                ok = isinstance(other, str)
                cache[i, j] = similarity(texts[i].text, other) if ok else 0.0
            return cache[i, j]

        best = self._best_matching(new, old, sim)
        if len(new) != len(old):
            return best
        gain = sum(sim(i, j) for i, j in best.items()) - sum(sim(i, j) for i, j in in_order.items())
        return best if gain > 0.5 else in_order  # by order unless the words clearly disagree

    def _any_length(self, j: int) -> int:
        """The length of existing paragraph j with its items', in the first expression that
        has a text for it (its share of the whole text is weighed with its list's)."""
        for e in self.old:
            value = self.paras[j]["text"].get(e)
            if isinstance(value, str):
                return len(value) + _listed_length(self.paras[j].get("items") or [], e)
        return 0

    def _any_text(self, j: int) -> str:
        """The text of existing paragraph j in the first expression that has one, or ""."""
        for e in self.old:
            value = self.paras[j]["text"].get(e)
            if isinstance(value, str):
                return value
        return ""

    @staticmethod
    def _best_matching(
        new: list[int], old: list[int], sim: Callable[[int, int], float]
    ) -> dict[int, int]:
        """The monotone pairing with the most shared words (Needleman-Wunsch, free gaps)."""

        # best monotone matching (a small Needleman-Wunsch, gaps cost nothing)
        rows, cols = len(new), len(old)
        score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
        for a in range(rows - 1, -1, -1):
            for b in range(cols - 1, -1, -1):
                score[a][b] = max(
                    score[a + 1][b], score[a][b + 1], score[a + 1][b + 1] + sim(new[a], old[b])
                )
        out: dict[int, int] = {}
        a = b = 0
        while a < rows and b < cols:
            if score[a][b] == score[a + 1][b + 1] + sim(new[a], old[b]):
                out[new[a]] = old[b]
                a, b = a + 1, b + 1
            elif score[a][b] == score[a + 1][b]:
                a += 1
            else:
                b += 1
        return out

    def _weak(self, pairs: dict[int, int]) -> None:
        """Note each pair whose own likeness score is low, alone or beside its neighbours'.

        The note names the pair (the new text's line and the existing paragraph); a part whose
        paragraph counts differ gets no note of its own: its unpaired paragraphs have theirs.
        """
        texts = self.report.segmented.paragraphs
        order = sorted(pairs)
        if self.same:
            base = self.same[0]
            floor = 0.0  # two translations in one language may share few words throughout

            def score(i: int, j: int) -> float:
                other = self.paras[j]["text"].get(base)
                return similarity(texts[i].text, other) if isinstance(other, str) else 0.0
        else:
            floor = WEAK
            new_total = sum(_length(t) for t in texts) or 1
            old_total = sum(self._any_length(j) for j in range(len(self.paras))) or 1

            def score(i: int, j: int) -> float:
                return cross_likeness(
                    texts[i].text, self._any_text(j), _length(texts[i]) / new_total,
                    self._any_length(j) / old_total,
                )  # fmt: skip

        scores = [score(i, pairs[i]) for i in order]
        for k, i in enumerate(order):
            around = [s for kk, s in enumerate(scores) if kk != k and abs(kk - k) <= 2]
            usual = statistics.median(around) if around else None
            conflict = not self.same and numbers_differ(texts[i].text, self._any_text(pairs[i]))
            low = scores[k] < floor or (usual is not None and scores[k] < 0.5 * usual)
            if not low and not conflict:
                continue
            p = self.paras[pairs[i]]
            if self.same:
                p["note"] = (
                    f"TODO: {self.expr} line {texts[i].first} shares only "
                    f"{round(scores[k] * 100)}% of its words with the {base} text of para "
                    f"{p['number']} (its neighbours far more); check the alignment"
                )
            else:
                beside = f", its neighbours' {round(usual * 100)}%" if usual is not None else ""
                lacking = cross_evidence(texts[i].text, self._any_text(pairs[i]))
                p["note"] = (
                    f"TODO: {self.expr} line {texts[i].first} is paired with para {p['number']} "
                    f"on weak evidence: {', '.join(lacking) or 'they are little alike'} "
                    f"(likeness {round(scores[k] * 100)}%{beside}); check the alignment"
                )
            self.report.doubtful.append(p["note"].removeprefix("TODO: "))

    def _items(self, p: dict[str, Any], block: Passage | Item, where: str = "") -> None:
        """Give an aligned paragraph's items (or an item's own list) this text's items, in
        order, and each item's own list the same way."""
        where = where or f"para {p['number']}"
        old: list[dict[str, Any]] = p.get("items") or []
        if not old and block.items:
            p["items"] = _items(block, self.expr, self.old)
            return
        for k, item in enumerate(old):
            if k < len(block.items):
                item["text"][self.expr] = block.items[k].text
                label = f"({item['label']})" if item.get("label") else f", item {k + 1}"
                self._items(item, block.items[k], where + label)
            else:
                item["text"][self.expr] = {
                    "absent": True,
                    "note": f"TODO: the {self.expr} list has no item here; check the alignment",
                }
                _absent_items(item.get("items") or [], self.expr)
        for extra in block.items[len(old) :]:
            self.report.warnings.append(
                f"line {extra.first}: an item of the {self.expr} list has no counterpart in "
                f"{where}; add it to the items by hand"
            )

    def _give_heading(self, section: dict[str, Any], block: Passage) -> None:
        if section.get("heading") is None:
            section["heading"] = {e: self._absent(e) for e in self.old}
            for e in self.old:
                self.report.absent_headings.append(
                    f"{e}: {_block_name(block)} (its heading is only in {self.expr})"
                )
            if section.get("number") is None:
                section["number"] = block.number
        section["heading"][self.expr] = block.text

    def _new_section(self, block: Passage, after: str) -> str:
        taken = {s["id"] for s in self.sections}
        sid = _unique(slug(_heading_title(block.text)) or "section", taken)
        section = {
            "id": sid,
            "number": block.number,
            "heading": {
                **{e: self._absent(e) for e in self.old},
                self.expr: block.text,
            },
        }
        for e in self.old:
            self.report.absent_headings.append(f"{e}: {_block_name(block)}")
        at = next(i for i, s in enumerate(self.sections) if s["id"] == after)
        self.sections.insert(at + 1, section)
        return sid

    def _finish(self, pairs: dict[int, int], count: int) -> list[str]:
        """Write the new texts (aligned, absent, or new paragraphs); return their ids."""
        texts = self.report.segmented.paragraphs
        by_old = {j: i for i, j in pairs.items()}
        for j, p in enumerate(self.paras):
            if j in by_old:
                p["text"][self.expr] = texts[by_old[j]].text
                self._items(p, texts[by_old[j]])
            else:
                p["text"][self.expr] = {
                    "absent": True,
                    "note": f"TODO: no paragraph of {self.expr} was aligned with this one; "
                    "check the alignment",
                }
                self.report.doubtful.append(
                    f"para {p['number']} has no counterpart in {self.expr} (marked absent)"
                )
                _absent_items(p.get("items") or [], self.expr)
        taken = {p["id"] for p in self.paras}
        ids: list[str] = []
        inserted: list[tuple[int, dict[str, Any]]] = []
        last = -1
        for i in range(count):
            if i in pairs:
                last = pairs[i]
                ids.append(str(self.paras[last]["id"]))
                continue
            anchor = self.paras[max(last, 0)]
            letter = chr(ord("A") + sum(1 for x, _ in inserted if x == last))
            number = f"{anchor['number']}{letter}"
            para = {
                "id": paragraph_id(texts[i].text, taken, f"p{number.lower()}"),
                "number": number,
                "section": anchor["section"],
                "note": f"TODO: {self.expr} line {texts[i].first} has no counterpart in "
                f"{', '.join(self.old)}; check the alignment",
                "text": {
                    **{e: {"absent": True, "note": f"only in {self.expr}"} for e in self.old},
                    self.expr: texts[i].text,
                },
            }
            if texts[i].items:
                para["items"] = _items(texts[i], self.expr, self.old)
            ids.append(para["id"])
            inserted.append((last, para))
            self.report.doubtful.append(f"{self.expr} line {texts[i].first} has no counterpart")
        for after, para in reversed(inserted):
            self.paras.insert(after + 1, para)
        return ids


def _section_name(section: dict[str, Any]) -> str:
    """A section as the editor knows it: "section 4", or "the heading 'Clean Energy'"."""
    if section.get("number") is not None:
        return f"section {section['number']}"
    texts = [t for t in (section.get("heading") or {}).values() if isinstance(t, str)]
    return f"the heading '{texts[0]}'" if texts else f"section {section['id']}"


def _block_name(block: Passage) -> str:
    return f"section {block.number}" if block.number is not None else f"the heading '{block.text}'"


_END = str.maketrans({"：": ":", "。": ".", "，": ",", "；": ";", "！": "!", "？": "?"})
#: Numbers and capitalised words after a text's first word: what a translation keeps.
_ANCHOR = re.compile(r"\d+|(?<=\s)[A-Z][\w-]+")


#: A pair of paragraphs in two languages liked less than this is doubtful whatever its
#: neighbours: their last punctuation differs, and so do their shares of the text by more
#: than half, with no number or name in common.
WEAK = 0.2


def cross_evidence(a: str, b: str) -> list[str]:
    """What two paragraphs in different languages lack of a translation pair's evidence."""
    out = []
    ratio = max(len(a), 1) / max(len(b), 1)
    if not 0.6 <= ratio <= 1.7:
        out.append("their lengths differ")
    if a.strip()[-1:].translate(_END) != b.strip()[-1:].translate(_END):
        out.append("their last punctuation differs")
    if numbers_differ(a, b):
        out.append("their numbers differ")
    else:
        anchors_a, anchors_b = set(_ANCHOR.findall(a)), set(_ANCHOR.findall(b))
        if (anchors_a or anchors_b) and not anchors_a & anchors_b:
            out.append("no number or name in common")
    return out


def numbers_differ(a: str, b: str) -> bool:
    """Both paragraphs hold numbers and share none: a translation keeps its numbers."""
    numbers_a, numbers_b = set(re.findall(r"\d+", a)), set(re.findall(r"\d+", b))
    return bool(numbers_a and numbers_b and not numbers_a & numbers_b)


def cross_likeness(a: str, b: str, share_a: float, share_b: float) -> float:
    """How likely two paragraphs in different languages are translations of each other, 0–1.

    Their shares of their whole text's length (translations keep proportions even where
    scripts differ), their last punctuation (a preamble's "…as follows:" and "…ce qui
    suit :"), and the numbers and capitalised names both hold.
    """
    ratio = math.exp(-2 * abs(math.log(max(share_a, 1e-6) / max(share_b, 1e-6))))
    end_a, end_b = (t.strip()[-1:].translate(_END) for t in (a, b))
    anchors_a, anchors_b = set(_ANCHOR.findall(a)), set(_ANCHOR.findall(b))
    union = anchors_a | anchors_b
    shared = len(anchors_a & anchors_b) / len(union) if union else 0.0
    return 0.5 * ratio + 0.2 * (end_a == end_b) + 0.3 * shared


# ----------------------------------------------------------------------------- YAML


class _Flow(dict[str, Any]):
    """A mapping written on one line, as `at: {after: some-paragraph}`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else (">" if len(value) > 80 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, _flow)


def dump(data: dict[str, Any]) -> str:
    """Write a source as readable YAML: long texts folded, passages literal, one key a line."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=92)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if yaml.load(text, Loader=loader) != _plain(data):  # never write what reads back otherwise
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=92)
    return re.sub(r"\n(?=[a-z_]+:)", "\n\n", text)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _read(path: Path) -> dict[str, Any]:
    from ..sources.load import read_yaml

    data, _ = read_yaml(path, path.as_posix())
    if not isinstance(data, dict) or not isinstance(data.get("paragraphs"), list):
        raise SourceError(Problem(path.as_posix(), "not a briefgen source (no paragraphs)"))
    return data


def _write(path: Path, content: bytes) -> None:
    """Write a file through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, (path.stat().st_mode & 0o777) if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
