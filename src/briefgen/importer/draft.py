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
import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..build.writer import LONGEST_NAME, NAME_MAX, PREFIX, holding, write_files
from ..errors import Problem, SourceError, UsageError
from ..limits import CAPTURE_BYTES, SOURCE_BYTES
from ..outputs import reserved_id
from ..paths import OutsideSources, read_regular, writable
from ..sources.capture import NotText, kind_of, structure_of, text_of
from ..sources.load import BRIEF_SUFFIX, display
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


def run(opts: Options, sources_dir: Path, waiting: Callable[[], None] | None = None) -> Report:
    """Import a capture as a new work, or as a new expression of an existing one.

    Everything is read and checked first; then the capture (if new) and the source are written
    together through the one writer (build/writer.py), both or neither. waiting: called if
    another briefgen holds sources/ (this import waits for it).
    """
    _check_work_id(opts.work)
    raw, name = _read_capture(opts.capture)
    # sources/ locked from reading the source to writing it: two imports into one work at once
    # run one after the other, the second merging into what the first wrote
    with holding(sources_dir, _shown, waiting):
        return _import(opts, sources_dir, raw, name)


def _import(opts: Options, sources_dir: Path, raw: bytes, name: str) -> Report:
    source = sources_dir / f"{opts.work}.yaml"
    capture_file = f"captures/{name}"
    source_real = _writable(sources_dir, source.name)
    target = _writable(sources_dir, capture_file)
    try:
        captured = text_of(raw, name)
    except NotText as err:
        raise SourceError(Problem(_shown(opts.capture), str(err))) from err
    kind = kind_of(name, captured)
    is_md = kind == "markdown"
    data = read_source(source) if source_real.exists() else None
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
    if target.exists() and target.read_bytes() != raw:
        raise UsageError(
            f"{sources_dir / capture_file}: a different file of that name is already a capture; "
            "captures are evidence and are never overwritten (rename the new capture)"
        )
    report = Report(source, capture_file, digest, data is not None, segmented)
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
    written = text.encode("utf-8")
    if len(written) > SOURCE_BYTES:  # check would refuse the draft: write nothing
        raise SourceError(
            Problem(
                _shown(source),
                f"the draft would be {len(written):,} bytes, over the {SOURCE_BYTES:,} a source "
                "may hold: import only the declaration's own text (or its parts as works)",
            )
        )
    files = [] if target.exists() else [(target, raw)]
    files.append((source_real, written))
    # one write: the capture and the source both, or neither; sources/ locked, and cleaned of
    # what a killed import left (only `.briefgen-tmp-` names: never a file of the user's)
    write_files(files, _shown, folder=sources_dir, keep_modes=True)
    return report


#: Characters a capture's file name may not hold: it becomes the `file:` a source cites and the
#: draft's header comment names it (control characters, line and paragraph separators, bidi
#: controls; a lone surrogate is a byte of a name that is not UTF-8).
_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The longest of the file names a work has in sources/ (ID.yaml, ID.brief.yaml, ID.numbers.yaml).
_LONGEST_SUFFIX = max((".yaml", BRIEF_SUFFIX, ".numbers.yaml"), key=len)
#: How long a work id may be, so that every file of the work fits the file system's names.
LONGEST_WORK_ID = LONGEST_NAME - len(_LONGEST_SUFFIX)


def _shown(path: Path) -> str:
    return display(path, Path.cwd())


def _check_work_id(work: str) -> None:
    """Refuse a work id too long to name its files, or one the build keeps for itself (the
    form is checked by the command line)."""
    why = reserved_id(work)
    if why:
        raise UsageError(f"--work {why}")
    if len(work.encode()) > LONGEST_WORK_ID:
        raise UsageError(
            f"--work is {len(work):,} characters long; a work id can be at most "
            f"{LONGEST_WORK_ID}, so that its files (ID.yaml, ID{_LONGEST_SUFFIX}) fit the "
            f"file system's {NAME_MAX}-byte names"
        )


def _read_capture(path: Path) -> tuple[bytes, str]:
    """Return a capture's bytes and name, refusing what cannot be a capture before copying."""
    # a name that is not UTF-8 is shown with its bytes escaped, as it cannot be printed
    shown = os.fsencode(_shown(path)).decode("utf-8", "backslashreplace")
    name = path.name
    found = _BAD_NAME.search(name)
    if found:
        char = found.group()
        what = (
            "a byte that is not UTF-8"
            if "\ud800" <= char <= "\udfff"
            else f"a control character (U+{ord(char):04X})"
        )
        raise SourceError(
            Problem(
                shown,
                f"the file name holds {what}; rename the capture (its name becomes the "
                "`file:` that the source cites)",
            )
        )
    if name.startswith(PREFIX):
        raise SourceError(
            Problem(shown, f"names starting '{PREFIX}' are briefgen's temporaries; rename it")
        )
    if len(name.encode()) > LONGEST_NAME:
        raise SourceError(
            Problem(
                shown,
                f"the file name is {len(name.encode())} bytes long; a capture's can be at most "
                f"{LONGEST_NAME} (rename the capture)",
            )
        )
    try:
        return read_regular(path, CAPTURE_BYTES), name
    except FileNotFoundError:
        raise UsageError(f"{path}: capture file not found") from None
    except OutsideSources as err:
        raise SourceError(Problem(shown, str(err))) from err
    except OSError as err:
        raise SourceError(Problem(shown, f"cannot read ({err.strerror or err})")) from err


def _writable(sources_dir: Path, name: str) -> Path:
    """The real path import writes `name` of sources/ to; refuse one leading outside it."""
    try:
        return writable(sources_dir, name)
    except OutsideSources as err:  # named as it stands in sources/, not where its link leads
        raise SourceError(Problem(f"{_shown(sources_dir)}/{name}", str(err))) from err


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
